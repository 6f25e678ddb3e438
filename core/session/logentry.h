// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <string>

namespace Gearscope {

/** One line of a session's log: a gr_debug line, a panic with its payload, an error reply with
 *  its reply code in words, a validation error, a breakpoint hit or a note from the session.
 *  Value type, produced on the engine thread and handed to the UI inside a SessionSnapshot. */
struct LogEntry
{
    enum class Kind : uint8_t
    {
        Info, ///< the session's own notes (file opened, message sent, run stopped)
        Debug, ///< a gr_debug line
        Panic, ///< gr_panic, with the payload as text when it is printable
        Trap, ///< any other execution error (out of gas, unreachable, …)
        ErrorReply, ///< an error reply, with the reply code in words
        Error, ///< validation errors and refused user actions
        Breakpoint, ///< a run stopped on a breakpoint
    };
    Kind kind = Kind::Info;
    bool fromStep = false; ///< true when `step` is the step that produced the line
    uint64_t step = 0; ///< the step index, or the number of steps done when the line was written
    BlockNumber block = 0;
    ActorId actor; ///< the actor the line concerns; zero when none
    std::string actorName;
    std::string text;
};

const char* toString(LogEntry::Kind kind);

} // namespace Gearscope
