// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "runtime/runtimetypes.h"
#include "runtime/steprecord.h"

#include <functional>
#include <string>

namespace Gearscope {

/** A condition that stops a run. Two families: conditions on the next dispatch (to or from an
 *  actor, payload containing bytes) are checked *before* it executes, against the front of the
 *  queue; conditions on what a step did (a trap or an error reply, a program created or exited)
 *  are checked right *after* that step. Value type; the Session copies its list to the engine. */
struct Breakpoint
{
    enum class Kind : uint8_t
    {
        ActorDispatch, ///< before a dispatch to or from `actor`
        PayloadContains, ///< before a dispatch whose payload contains `bytes`
        TrapOrErrorReply, ///< after a step that trapped, was refused, or produced an error reply
        ProgramCreated, ///< after a step that created a program
        ProgramExited, ///< after a step in which a program exited (or its init failed)
    };
    Kind kind = Kind::TrapOrErrorReply;
    ActorId actor;
    Bytes bytes;
    bool enabled = true;

    static Breakpoint onActor(const ActorId& actor);
    static Breakpoint onPayload(Bytes bytes);
    static Breakpoint onTrapOrErrorReply();
    static Breakpoint onProgramCreated();
    static Breakpoint onProgramExited();

    /// True for the kinds checked before a dispatch.
    bool checkedBefore() const { return kind == Kind::ActorDispatch || kind == Kind::PayloadContains; }
    /// Whether the run must stop before `next` is dispatched.
    bool matchesBefore(const QueuedDispatch& next) const;
    /// Whether the run must stop after the step `r`.
    bool matchesAfter(const StepRecord& r) const;
    /// The same condition (kind and its actor or bytes), whether enabled or not: how a list that
    /// was edited (a breakpoint disabled, another added) keeps each one's hit count.
    bool sameCondition(const Breakpoint& o) const;
    /// In words, e.g. "dispatch to or from pong", "payload contains \"PING\"".
    std::string describe(const std::function<std::string(const ActorId&)>& nameOf = {}) const;

    bool operator==(const Breakpoint& o) const
    {
        return kind == o.kind && actor == o.actor && bytes == o.bytes && enabled == o.enabled;
    }
    bool operator!=(const Breakpoint& o) const { return !(*this == o); }
};

} // namespace Gearscope
