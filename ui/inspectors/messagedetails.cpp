// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "messagedetails.h"

#include "trace/tracereader.h"

#include <cctype>

namespace Gearscope {

namespace {
std::string blob(const MessageId& id) { return "X'" + id.hex() + "'"; }
std::string upperHex(const MessageId& id)
{
    std::string h = id.hex();
    for (auto& c : h)
        c = char(std::toupper(uchar(c)));
    return h;
}
std::string kindOf(const Message& m, DispatchKind k)
{
    if (m.replyTo)
        return "reply";
    if (m.signalFrom)
        return "signal";
    return toString(k);
}
} // namespace

MessageDetails MessageDetails::fromWorld(const SessionSnapshotPtr& snapshot, const MessageId& id)
{
    MessageDetails d;
    d.id = id;
    if (!snapshot)
        return d;
    auto take = [&](const Message& m, const std::string& where, const std::string& kind) {
        d.found = true;
        d.message = m;
        d.where = where;
        d.kind = kind;
    };
    const WorldState& w = snapshot->world;
    for (const auto& q : w.queue)
        if (q.message.id == id) {
            take(q.message, "queue", kindOf(q.message, q.kind));
            return d;
        }
    for (const auto& e : w.waitlist)
        if (e.message.id == id) {
            take(e.message, "waitlist of " + snapshot->actorName(e.program), kindOf(e.message, e.kind));
            return d;
        }
    for (const auto& [user, entries] : w.mailboxes)
        for (const auto& e : entries)
            if (e.message.id == id) {
                take(e.message, "mailbox of " + snapshot->actorName(user), e.message.replyTo ? "reply" : "handle");
                return d;
            }
    for (const auto& m : w.userLog)
        if (m.id == id) {
            take(m, "user log", m.replyTo ? "reply" : "handle");
            return d;
        }
    return d;
}

MessageDetails MessageDetails::load(
    const std::string& tracePath, const SessionSnapshotPtr& snapshot, const MessageId& id)
{
    MessageDetails d;
    d.id = id;
    if (tracePath.empty())
        return fromWorld(snapshot, id);
    auto opened = TraceReader::open(tracePath);
    if (!opened) {
        MessageDetails w = fromWorld(snapshot, id);
        if (!w.found)
            w.error = opened.error();
        return w;
    }
    const TraceReader& r = *opened.value();
    auto row = r.query(
        "SELECT kind, coalesce(created_step, ''), max(created_pos, 0) FROM messages WHERE id = " + blob(id), 1);
    if (!row || row->rows.empty()) {
        // Not committed yet (still queued in a live run), or not in this trace at all.
        MessageDetails w = fromWorld(snapshot, id);
        if (!w.found && !row)
            w.error = row.error();
        return w;
    }
    auto m = r.message(id);
    if (!m) {
        d.error = m.error();
        return d;
    }
    d.found = true;
    d.where = "trace";
    d.message = m.value();
    d.kind = row->rows[0][0];
    if (!row->rows[0][1].empty()) {
        d.createdStep = std::stoull(row->rows[0][1]);
        if (auto s = r.step(*d.createdStep))
            d.createdBy = s->message.id;
    }
    // As of the snapshot's position (docs/trace-format.md: pos k = after k steps): in replay the
    // inspector must not show what happens to the message later.
    const uint64_t position = snapshot ? snapshot->stepCount : ~uint64_t(0);
    if (snapshot)
        d.position = position;
    if (const uint64_t appears = std::stoull(row->rows[0][2]); appears > position) {
        d.appearsAt = appears;
        return d;
    }
    // Its dispatches. No index leads from a message to its steps, but a message is dispatched
    // at or after the position it was created at, and again only after it waited or the block
    // ran out of allowance: so each lookup is a rowid range that stops at the first match. A
    // message to a user is never dispatched (that would scan to the end for nothing).
    const bool toUser = snapshot && snapshot->world.user(d.message.destination);
    uint64_t from = std::stoull(row->rows[0][2]);
    for (int guard = 0; !toUser && guard < 100000; ++guard) {
        auto next = r.query("SELECT step FROM step_view WHERE step >= " + std::to_string(from)
                + " AND type = 'dispatch' AND message = '" + upperHex(id) + "' ORDER BY step LIMIT 1",
            1);
        if (!next || next->rows.empty())
            break;
        auto st = r.step(std::stoull(next->rows[0][0]));
        if (!st)
            break;
        if (st->index >= position) {
            d.laterLeftOut = true;
            break;
        }
        Dispatch x;
        x.step = st->index;
        x.outcome = toString(st->outcome);
        x.gasLimit = st->gasLimit;
        x.gasBurned = st->gasBurned;
        x.panic.assign(st->panicPayload.begin(), st->panicPayload.end());
        x.trap = st->trapMessage;
        for (const auto& g : st->generated)
            x.generated.push_back(g.id);
        d.dispatches.push_back(std::move(x));
        if (st->outcome != Outcome::Wait && st->outcome != Outcome::AllowanceExceeded)
            break;
        from = st->index + 1;
    }
    // Its reply (one at most; replies and signals get none): created after it, so a rowid range
    // that stops at the first match.
    if (!d.message.replyTo && !d.message.signalFrom) {
        auto replies = r.query("SELECT hex(id), max(created_pos, 0) FROM messages WHERE rowid > (SELECT rowid FROM "
                               "messages WHERE id = "
                + blob(id) + ") AND reply_to = " + blob(id) + " LIMIT 1",
            1);
        if (replies)
            for (const auto& row2 : replies->rows) {
                MessageId rid;
                if (std::stoull(row2[1]) > position)
                    d.laterLeftOut = true;
                else if (MessageId::fromHex(row2[0], &rid))
                    d.replies.push_back(rid);
            }
    }
    return d;
}

} // namespace Gearscope
