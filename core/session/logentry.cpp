// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "logentry.h"

namespace Gearscope {

const char* toString(LogEntry::Kind kind)
{
    switch (kind) {
    case LogEntry::Kind::Info:
        return "info";
    case LogEntry::Kind::Debug:
        return "debug";
    case LogEntry::Kind::Panic:
        return "panic";
    case LogEntry::Kind::Trap:
        return "trap";
    case LogEntry::Kind::ErrorReply:
        return "error reply";
    case LogEntry::Kind::Error:
        return "error";
    case LogEntry::Kind::Breakpoint:
        return "breakpoint";
    }
    return "?";
}

} // namespace Gearscope
