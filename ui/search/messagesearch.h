// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "model/types.h"

#include <optional>
#include <string>
#include <vector>

namespace Gearscope {

class TraceReader;

/** A message search over a trace's `messages` table (docs/trace-format.md): every criterion
 *  given must hold. Value type, captured on the GUI thread and run on a worker. */
struct MessageSearch
{
    std::optional<ActorId> actor; ///< source or destination
    std::string kind; ///< init, handle, reply, signal; empty = any
    std::string replyCode; ///< in words ("Error(Execution(UserspacePanic))") or 8 hex digits; empty = any
    Bytes payload; ///< bytes the payload must contain (from text or hex); empty = any
    size_t limit = 10000;

    struct Hit
    {
        MessageId id;
        std::string kind;
        ActorId source;
        ActorId destination;
        Bytes payloadPreview; ///< the first 64 bytes
        uint64_t payloadSize = 0;
        std::optional<uint64_t> step; ///< the step that sent it; none for a user's message
        std::string replyCode; ///< words, for replies
    };
    struct Results
    {
        std::vector<Hit> hits;
        bool truncated = false; ///< more than `limit` matched
    };

    bool isEmpty() const { return !actor && kind.empty() && replyCode.empty() && payload.empty(); }
    /// The SQL this search runs (read-only, on the messages table only).
    std::string sql() const;
    /// Runs on `trace` (the caller's thread; TraceReader is one per thread).
    Result<Results> run(const TraceReader& trace) const;
};

} // namespace Gearscope
