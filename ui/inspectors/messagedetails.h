// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <optional>
#include <string>
#include <vector>

namespace Gearscope {

/** Everything the message inspector shows about one message, gathered from the trace (and, for
 *  a message the trace has not committed yet, from the snapshot's world). Value type: built on a
 *  worker thread, shown on the GUI thread. */
struct MessageDetails
{
    /// One dispatch of the message (a message that waited is dispatched again when woken).
    struct Dispatch
    {
        uint64_t step = 0;
        std::string outcome;
        Gas gasLimit = 0;
        Gas gasBurned = 0;
        std::string panic; ///< gr_panic text
        std::string trap; ///< the interpreter's words
        std::vector<MessageId> generated; ///< what this dispatch sent, in journal order
    };

    MessageId id;
    bool found = false;
    std::string error; ///< why nothing was found (unreadable trace), empty otherwise
    std::string where; ///< "trace", or where in the live world it was found ("queue", "mailbox of bob")
    Message message;
    std::string kind; ///< init, handle, reply, signal
    std::optional<uint64_t> createdStep; ///< the step that sent it; none for a user's message
    std::optional<MessageId> createdBy; ///< the message that step dispatched
    std::vector<Dispatch> dispatches; ///< steps that processed it, in order
    std::vector<MessageId> replies; ///< replies to it
    /// What the details are as of: the snapshot's step count, i.e. the replay position (in a live
    /// run, the steps so far). Dispatches at or after it and replies that appear after it are left
    /// out, so a replay never shows a message's future.
    std::optional<uint64_t> position;
    bool laterLeftOut = false; ///< something happened to it after `position` and is not shown
    std::optional<uint64_t> appearsAt; ///< set when it only appears after `position` (its created_pos)

    /// Reads the message from the trace at `tracePath` (its own read-only connection: call on any
    /// thread, one call per thread at a time), falling back to `snapshot`'s world.
    static MessageDetails load(const std::string& tracePath, const SessionSnapshotPtr& snapshot, const MessageId& id);
    /// The message as far as the snapshot's world knows it (queue, waitlist, mailboxes, user log).
    static MessageDetails fromWorld(const SessionSnapshotPtr& snapshot, const MessageId& id);
};

} // namespace Gearscope
