// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "steplog.h"

#include "report/jsonreport.h"
#include "session/sessionsnapshot.h"

#include <algorithm>

namespace Gearscope::StepLog {

std::string payloadText(const Bytes& b)
{
    constexpr size_t MaxShown = 120;
    if (b.empty())
        return "(empty)";
    if (JsonReport::isPrintable(b)) {
        std::string s(b.begin(), b.begin() + long(std::min(b.size(), MaxShown)));
        return "\"" + s + (b.size() > MaxShown ? "…\"" : "\"");
    }
    const Bytes head(b.begin(), b.begin() + long(std::min<size_t>(b.size(), 48)));
    return "0x" + toHex(head) + (b.size() > head.size() ? "…" : "");
}

std::string logLine(const std::string& line)
{
    constexpr size_t Max = SessionSnapshot::MaxLogLineBytes;
    if (line.size() <= Max)
        return line;
    size_t cut = Max;
    while (cut > 0 && (uint8_t(line[cut]) & 0xC0) == 0x80)
        --cut; // never inside a UTF-8 sequence
    return line.substr(0, cut) + "… (" + std::to_string(line.size() - cut)
        + " more bytes; the step keeps the whole line)";
}

std::vector<LogEntry> entries(const StepRecord& r, const NameOf& nameOf)
{
    std::vector<LogEntry> out;
    auto add = [&](LogEntry::Kind kind, std::string text, const ActorId& actor) {
        LogEntry e;
        e.kind = kind;
        e.fromStep = true;
        e.step = r.index;
        e.block = r.block;
        e.actor = actor;
        e.actorName = nameOf(actor);
        e.text = std::move(text);
        out.push_back(std::move(e));
    };
    for (const auto& line : r.debug)
        add(LogEntry::Kind::Debug, logLine(line), r.actor);
    if (r.kind == StepKind::Dispatch) {
        const std::string code = r.errorCode ? r.errorCode->toString() : std::string();
        if (r.outcome == Outcome::Trap) {
            if (!r.panicPayload.empty())
                add(LogEntry::Kind::Panic, "panicked with " + payloadText(r.panicPayload) + " → " + code, r.actor);
            else
                add(LogEntry::Kind::Trap,
                    "trapped in " + std::string(toString(r.dispatchKind)) + ": "
                        + (r.trapMessage.empty() ? std::string("execution error") : r.trapMessage) + " → " + code,
                    r.actor);
        } else if (r.outcome == Outcome::Unavailable) {
            add(LogEntry::Kind::Error,
                std::string(toString(r.dispatchKind)) + " from " + nameOf(r.message.source) + " not executed: " + code
                    + (r.trapMessage.empty() ? "" : " (" + r.trapMessage + ")"),
                r.actor);
        } else if (r.outcome == Outcome::Exit) {
            add(LogEntry::Kind::Info, "exited", r.actor);
        }
    }
    for (const auto& created : r.createdPrograms)
        add(LogEntry::Kind::Info, "created program " + nameOf(created), created);
    for (const auto& g : r.generated)
        if (g.replyTo && g.replyCode.isError())
            add(LogEntry::Kind::ErrorReply,
                "error reply to " + nameOf(g.destination) + ": " + g.replyCode.toString()
                    + (g.payload.empty() ? "" : " " + payloadText(g.payload)),
                g.source);
    return out;
}

} // namespace Gearscope::StepLog
