// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "messagesearch.h"

#include "trace/tracereader.h"

namespace Gearscope {

namespace {
/// Criteria become literals, never text pasted into SQL: blobs as X'..', words quoted with
/// quotes doubled.
std::string quoted(const std::string& s)
{
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}
bool isHex8(const std::string& s)
{
    return s.size() == 8 && s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}
} // namespace

std::string MessageSearch::sql() const
{
    std::string where;
    auto add = [&](const std::string& c) { where += (where.empty() ? " WHERE " : " AND ") + c; };
    if (actor) {
        const std::string a = "X'" + actor->hex() + "'";
        add("(source = " + a + " OR destination = " + a + ")");
    }
    if (!kind.empty())
        add("kind = " + quoted(kind));
    if (!replyCode.empty())
        add(isHex8(replyCode) ? "lower(hex(reply_code)) = lower(" + quoted(replyCode) + ")"
                              : "reply_text = " + quoted(replyCode));
    if (!payload.empty())
        add("instr(payload, X'" + toHex(payload) + "') > 0");
    return "SELECT hex(id), kind, hex(source), hex(destination), hex(substr(payload, 1, 64)), length(payload), "
           "coalesce(created_step, ''), coalesce(reply_text, '') FROM messages"
        + where + " ORDER BY rowid LIMIT " + std::to_string(limit + 1);
}

Result<MessageSearch::Results> MessageSearch::run(const TraceReader& trace) const
{
    using R = Result<Results>;
    auto t = trace.query(sql(), limit + 1);
    if (!t)
        return R::failure(t.error());
    Results out;
    for (const auto& row : t->rows) {
        if (out.hits.size() == limit) {
            out.truncated = true;
            break;
        }
        Hit h;
        MessageId::fromHex(row[0], &h.id);
        h.kind = row[1];
        ActorId::fromHex(row[2], &h.source);
        ActorId::fromHex(row[3], &h.destination);
        fromHex(row[4], &h.payloadPreview);
        h.payloadSize = row[5].empty() ? 0 : std::stoull(row[5]);
        if (!row[6].empty())
            h.step = std::stoull(row[6]);
        h.replyCode = row[7];
        out.hits.push_back(std::move(h));
    }
    return out;
}

} // namespace Gearscope
