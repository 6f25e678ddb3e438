// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/timelinestep.h"

#include <algorithm>

namespace Gearscope {

const char* toString(TimelineKind k)
{
    switch (k) {
    case TimelineKind::Init:
        return "init";
    case TimelineKind::Handle:
        return "handle";
    case TimelineKind::Reply:
        return "reply";
    case TimelineKind::ErrorReply:
        return "error reply";
    case TimelineKind::Signal:
        return "signal";
    case TimelineKind::Task:
        return "task";
    }
    return "?";
}

TimelineKind timelineKindOf(const Message& message, bool isInit)
{
    if (message.replyTo)
        return message.replyCode.isError() ? TimelineKind::ErrorReply : TimelineKind::Reply;
    if (message.signalFrom)
        return TimelineKind::Signal;
    return isInit ? TimelineKind::Init : TimelineKind::Handle;
}

TimelineKind timelineKindOf(DispatchKind kind, const Message& message)
{
    switch (kind) {
    case DispatchKind::Init:
        return TimelineKind::Init;
    case DispatchKind::Handle:
        return TimelineKind::Handle;
    case DispatchKind::Reply:
        return message.replyCode.isError() ? TimelineKind::ErrorReply : TimelineKind::Reply;
    case DispatchKind::Signal:
        return TimelineKind::Signal;
    }
    return TimelineKind::Handle;
}

TimelineStep TimelineStep::from(const StepRecord& r, uint32_t queueLength)
{
    TimelineStep s;
    s.index = r.index;
    s.block = r.block;
    s.kind = r.kind == StepKind::Task ? TimelineKind::Task : timelineKindOf(r.dispatchKind, r.message);
    s.outcome = r.outcome;
    s.actor = r.actor;
    s.message = r.message.id;
    s.source = r.message.source;
    s.gasBurned = r.gasBurned;
    s.queueLength = queueLength;
    s.generated.reserve(r.generated.size());
    for (const auto& m : r.generated) {
        // An init message is the one addressed to a program this step created (spec §1.4 journal).
        const bool init
            = std::find(r.createdPrograms.begin(), r.createdPrograms.end(), m.destination) != r.createdPrograms.end();
        s.generated.push_back({ m.id, m.destination, timelineKindOf(m, init) });
    }
    return s;
}

int64_t queueDelta(const WorldOps& ops)
{
    int64_t d = 0;
    for (const auto& op : ops) {
        if (std::holds_alternative<WorldOp::QueuePushBack>(op) || std::holds_alternative<WorldOp::QueuePushFront>(op))
            ++d;
        else if (std::holds_alternative<WorldOp::QueuePopFront>(op))
            --d;
    }
    return d;
}

} // namespace Gearscope
