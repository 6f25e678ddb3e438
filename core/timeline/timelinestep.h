// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "runtime/steprecord.h"

#include <cstdint>
#include <vector>

namespace Gearscope {

/// The colour classes of the timeline (issue 6): what a dispatched or sent message is.
enum class TimelineKind : uint8_t
{
    Init,
    Handle,
    Reply,
    ErrorReply,
    Signal,
    Task, ///< a scheduled task ran (wake, expiry, delayed send): no message was dispatched
};
constexpr int TimelineKindCount = 6;
const char* toString(TimelineKind k);

/// The timeline kind of a message of dispatch kind `kind`.
TimelineKind timelineKindOf(DispatchKind kind, const Message& message);
/// The timeline kind of a message that is not (yet) dispatched: from its reply/signal fields.
TimelineKind timelineKindOf(const Message& message, bool isInit);

/** What the timeline needs of one step, without payloads, syscalls or world ops: the live feed
 *  of the timeline (SessionSnapshot::timeline, uncapped) and the unit TimelineIndex appends.
 *  Built from a StepRecord by from(), both live and from a trace, so both paths agree.
 *  Value type. */
struct TimelineStep
{
    struct Sent
    {
        MessageId id;
        ActorId destination;
        TimelineKind kind = TimelineKind::Handle;
    };

    uint64_t index = 0;
    BlockNumber block = 0;
    TimelineKind kind = TimelineKind::Handle;
    Outcome outcome = Outcome::Success;
    ActorId actor; ///< executing program (dispatch) or the actor a task concerns
    MessageId message; ///< the dispatched message (for tasks: the one the task concerns)
    ActorId source; ///< the dispatched message's source
    Gas gasBurned = 0;
    uint32_t queueLength = 0; ///< the global queue's length after this step
    std::vector<Sent> generated; ///< messages this step produced, in journal order

    /// `queueLength` is passed in: a StepRecord does not carry it (see TimelineIndex::QueueTracker).
    static TimelineStep from(const StepRecord& r, uint32_t queueLength);
};

/// Net change of the global queue's length made by a list of world ops (push front/back: +1, pop: -1).
int64_t queueDelta(const WorldOps& ops);

} // namespace Gearscope
