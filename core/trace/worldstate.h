// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "runtime/worldops.h"

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace Gearscope {

class Runtime;

/** The runtime's world at one moment, minus linear memory: clock, programs, users with their
 *  mailboxes, the queue in order, the waitlist, the task pool and the user log. Value type,
 *  cheap enough to copy for a checkpoint; the replay engine keeps one and applies WorldOps.
 *
 *  Queue entries carry the gas their message was enqueued with: the live "gas available" of a
 *  gasless message changes whenever a sibling sharing its gas runs, which no op records. */
struct WorldState
{
    BlockNumber block = 0;
    uint64_t timestamp = 0;
    std::vector<ProgramSnapshot> programs; ///< creation order
    std::vector<UserSnapshot> users; ///< creation order
    std::map<ActorId, std::vector<MailboxEntry>> mailboxes;
    std::deque<QueuedDispatch> queue;
    std::vector<WaitlistEntry> waitlist; ///< sorted by (program, message id)
    std::vector<TaskSnapshot> tasks; ///< by block, then scheduling order
    std::vector<Message> userLog;

    /// Reads the live world from a runtime.
    static WorldState capture(const Runtime& rt);
    /// Applies one op; fails (without changing anything) if the op does not fit this world —
    /// the mark of a corrupt trace or a recorder bug.
    Result<Ok> apply(const WorldOpVariant& op);
    Result<Ok> apply(const WorldOps& ops);

    const ProgramSnapshot* program(const ActorId& id) const;
    const UserSnapshot* user(const ActorId& id) const;

    /// Equality of everything replay must reproduce. Returns "" or the first difference in words.
    std::string difference(const WorldState& other) const;

    Bytes serialize() const;
    static Result<WorldState> deserialize(const Bytes& bytes);
};

/// Binary form of a step's ops (trace `steps.world_ops`); compact and versioned by the trace.
Bytes serializeOps(const WorldOps& ops);
/// The same into `out` (replaced), reusing its capacity.
void serializeOpsInto(const WorldOps& ops, Bytes& out);
Result<WorldOps> deserializeOps(const Bytes& bytes);

} // namespace Gearscope
