// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "breakpoint.h"

#include "report/jsonreport.h"

#include <algorithm>

namespace Gearscope {

namespace {
bool contains(const Bytes& haystack, const Bytes& needle)
{
    if (needle.empty())
        return true;
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}
} // namespace

Breakpoint Breakpoint::onActor(const ActorId& actor)
{
    Breakpoint b;
    b.kind = Kind::ActorDispatch;
    b.actor = actor;
    return b;
}

Breakpoint Breakpoint::onPayload(Bytes bytes)
{
    Breakpoint b;
    b.kind = Kind::PayloadContains;
    b.bytes = std::move(bytes);
    return b;
}

Breakpoint Breakpoint::onTrapOrErrorReply()
{
    Breakpoint b;
    b.kind = Kind::TrapOrErrorReply;
    return b;
}

Breakpoint Breakpoint::onProgramCreated()
{
    Breakpoint b;
    b.kind = Kind::ProgramCreated;
    return b;
}

Breakpoint Breakpoint::onProgramExited()
{
    Breakpoint b;
    b.kind = Kind::ProgramExited;
    return b;
}

bool Breakpoint::matchesBefore(const QueuedDispatch& next) const
{
    if (!enabled)
        return false;
    switch (kind) {
    case Kind::ActorDispatch:
        return next.message.destination == actor || next.message.source == actor;
    case Kind::PayloadContains:
        return contains(next.message.payload, bytes);
    default:
        return false;
    }
}

bool Breakpoint::matchesAfter(const StepRecord& r) const
{
    if (!enabled)
        return false;
    switch (kind) {
    case Kind::TrapOrErrorReply:
        if (r.kind == StepKind::Dispatch && (r.outcome == Outcome::Trap || r.outcome == Outcome::Unavailable))
            return true;
        // Error replies also come from tasks (removal from the waitlist) and from the runtime
        // answering for an exited program: look at what the step produced, not only its outcome.
        return std::any_of(r.generated.begin(), r.generated.end(),
            [](const Message& m) { return m.replyTo && m.replyCode.isError(); });
    case Kind::ProgramCreated:
        return !r.createdPrograms.empty();
    case Kind::ProgramExited:
        // An init that fails terminates the program (spec §6.3): for a debugger that is an exit too.
        return r.kind == StepKind::Dispatch
            && (r.outcome == Outcome::Exit || (r.dispatchKind == DispatchKind::Init && r.outcome == Outcome::Trap));
    default:
        return false;
    }
}

bool Breakpoint::sameCondition(const Breakpoint& o) const
{
    if (kind != o.kind)
        return false;
    // The fields a kind does not use may hold anything (a test or a scenario may fill both).
    switch (kind) {
    case Kind::ActorDispatch:
        return actor == o.actor;
    case Kind::PayloadContains:
        return bytes == o.bytes;
    default:
        return true;
    }
}

std::string Breakpoint::describe(const std::function<std::string(const ActorId&)>& nameOf) const
{
    switch (kind) {
    case Kind::ActorDispatch:
        return "dispatch to or from " + (nameOf ? nameOf(actor) : actor.shortHex());
    case Kind::PayloadContains:
        if (JsonReport::isPrintable(bytes))
            return "payload contains \"" + std::string(bytes.begin(), bytes.end()) + "\"";
        return "payload contains 0x" + toHex(bytes);
    case Kind::TrapOrErrorReply:
        return "trap or error reply";
    case Kind::ProgramCreated:
        return "program created";
    case Kind::ProgramExited:
        return "program exited";
    }
    return {};
}

} // namespace Gearscope
