// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "worldstate.h"

#include "runtime/runtime.h"
#include "trace/binarycodec.h"

#include <algorithm>

namespace Gearscope {

namespace {

// ---------------------------------------------------------------- codec of the value types
void put(BinaryWriter& w, const Message& m)
{
    w.id(m.id);
    w.id(m.source);
    w.id(m.destination);
    w.blob(m.payload);
    w.u64(m.gasLimit);
    w.u128v(m.value);
    w.boolean(m.replyTo.has_value());
    if (m.replyTo) {
        w.id(*m.replyTo);
        for (auto b : m.replyCode.bytes)
            w.u8(b);
    }
    w.boolean(m.signalFrom.has_value());
    if (m.signalFrom) {
        w.id(*m.signalFrom);
        w.u32(m.signalCode);
    }
}
Message getMessage(BinaryReader& r)
{
    Message m;
    m.id = r.id<MessageId>();
    m.source = r.id<ActorId>();
    m.destination = r.id<ActorId>();
    m.payload = r.blob();
    m.gasLimit = r.u64();
    m.value = r.u128v();
    if (r.boolean()) {
        m.replyTo = r.id<MessageId>();
        for (auto& b : m.replyCode.bytes)
            b = r.u8();
    }
    if (r.boolean()) {
        m.signalFrom = r.id<MessageId>();
        m.signalCode = r.u32();
    }
    return m;
}
void put(BinaryWriter& w, const QueuedDispatch& q)
{
    w.u8(uint8_t(q.kind));
    put(w, q.message);
    w.u64(q.gasAvailable);
    w.boolean(q.woken);
}
QueuedDispatch getQueued(BinaryReader& r)
{
    QueuedDispatch q;
    q.kind = DispatchKind(r.u8() & 3);
    q.message = getMessage(r);
    q.gasAvailable = r.u64();
    q.woken = r.boolean();
    return q;
}
void put(BinaryWriter& w, const WaitlistEntry& e)
{
    w.id(e.program);
    w.u8(uint8_t(e.kind));
    put(w, e.message);
    w.u32(e.since);
    w.boolean(e.wakeAt.has_value());
    w.u32(e.wakeAt.value_or(0));
    w.u32(e.expiresAt);
}
WaitlistEntry getWait(BinaryReader& r)
{
    WaitlistEntry e;
    e.program = r.id<ActorId>();
    e.kind = DispatchKind(r.u8() & 3);
    e.message = getMessage(r);
    e.since = r.u32();
    bool has = r.boolean();
    uint32_t wake = r.u32();
    if (has)
        e.wakeAt = wake;
    e.expiresAt = r.u32();
    return e;
}
void put(BinaryWriter& w, const TaskSnapshot& t)
{
    w.u32(t.block);
    w.u8(uint8_t(t.kind));
    w.id(t.actor);
    w.id(t.message);
}
TaskSnapshot getTask(BinaryReader& r)
{
    TaskSnapshot t;
    t.block = r.u32();
    uint8_t k = r.u8();
    t.kind = TaskKind(k > uint8_t(TaskKind::RemoveGasReservation) ? 0 : k);
    t.actor = r.id<ActorId>();
    t.message = r.id<MessageId>();
    return t;
}
void put(BinaryWriter& w, const MailboxEntry& e)
{
    put(w, e.message);
    w.u32(e.since);
    w.u32(e.expiresAt);
}
MailboxEntry getMail(BinaryReader& r)
{
    MailboxEntry e;
    e.message = getMessage(r);
    e.since = r.u32();
    e.expiresAt = r.u32();
    return e;
}
void put(BinaryWriter& w, const ProgramSnapshot& p)
{
    w.id(p.id);
    w.str(p.name);
    w.id(p.codeId);
    w.u8(uint8_t(p.state));
    w.id(p.initMessage);
    w.id(p.inheritor);
    w.u128v(p.balance);
    w.u32(uint32_t(p.allocations.size()));
    for (auto a : p.allocations)
        w.u32(a);
    w.u32(p.staticPages);
    w.u32(p.memoryPages);
    w.u64(p.handled);
    w.u64(p.gasBurned);
    w.u32(uint32_t(p.exports.size()));
    for (const auto& e : p.exports)
        w.str(e);
}
ProgramSnapshot getProgram(BinaryReader& r)
{
    ProgramSnapshot p;
    p.id = r.id<ActorId>();
    p.name = r.str();
    p.codeId = r.id<CodeId>();
    uint8_t st = r.u8();
    p.state = ProgramState(st > 3 ? 0 : st);
    p.initMessage = r.id<MessageId>();
    p.inheritor = r.id<ActorId>();
    p.balance = r.u128v();
    uint32_t n = r.u32();
    for (uint32_t i = 0; i < n && r.ok(); ++i)
        p.allocations.push_back(r.u32());
    p.staticPages = r.u32();
    p.memoryPages = r.u32();
    p.handled = r.u64();
    p.gasBurned = r.u64();
    n = r.u32();
    for (uint32_t i = 0; i < n && r.ok(); ++i)
        p.exports.push_back(r.str());
    return p;
}
void put(BinaryWriter& w, const UserSnapshot& u)
{
    w.id(u.id);
    w.str(u.name);
    w.u128v(u.balance);
}
UserSnapshot getUser(BinaryReader& r)
{
    UserSnapshot u;
    u.id = r.id<ActorId>();
    u.name = r.str();
    u.balance = r.u128v();
    return u;
}

bool sameMessage(const Message& a, const Message& b)
{
    return a.id == b.id && a.source == b.source && a.destination == b.destination && a.payload == b.payload
        && a.gasLimit == b.gasLimit && a.value == b.value && a.replyTo == b.replyTo
        && (!a.replyTo || a.replyCode == b.replyCode) && a.signalFrom == b.signalFrom && a.signalCode == b.signalCode;
}
bool sameTask(const TaskSnapshot& a, const TaskSnapshot& b)
{
    return a.block == b.block && a.kind == b.kind && a.actor == b.actor && a.message == b.message;
}
bool waitLess(const WaitlistEntry& a, const WaitlistEntry& b)
{
    return a.program != b.program ? a.program < b.program : a.message.id < b.message.id;
}

enum OpTag : uint8_t
{
    TagClock,
    TagPushBack,
    TagPushFront,
    TagPopFront,
    TagWaitAdd,
    TagWaitRemove,
    TagTaskAdd,
    TagTaskRemove,
    TagMailAdd,
    TagMailRemove,
    TagLog,
    TagProgram,
    TagUser,
    TagProgramStats,
    TagLogDropOldest
};

} // namespace

// ===================================================================== capture / query

WorldState WorldState::capture(const Runtime& rt)
{
    WorldState w;
    w.block = rt.blockHeight();
    w.timestamp = rt.blockTimestamp();
    w.programs = rt.programs();
    w.users = rt.users();
    for (const auto& u : w.users) {
        auto mb = rt.mailbox(u.id);
        if (!mb.empty())
            w.mailboxes[u.id] = std::move(mb);
    }
    for (auto& q : rt.queue())
        w.queue.push_back(q);
    w.waitlist = rt.waitlist();
    std::sort(w.waitlist.begin(), w.waitlist.end(), waitLess);
    w.tasks = rt.tasks();
    w.userLog = rt.userLog();
    return w;
}

const ProgramSnapshot* WorldState::program(const ActorId& id) const
{
    for (const auto& p : programs)
        if (p.id == id)
            return &p;
    return nullptr;
}

const UserSnapshot* WorldState::user(const ActorId& id) const
{
    for (const auto& u : users)
        if (u.id == id)
            return &u;
    return nullptr;
}

// ===================================================================== apply

Result<Ok> WorldState::apply(const WorldOpVariant& op)
{
    using R = Result<Ok>;
    using namespace WorldOp;
    if (auto* o = std::get_if<SetClock>(&op)) {
        block = o->block;
        timestamp = o->timestamp;
    } else if (auto* o = std::get_if<QueuePushBack>(&op)) {
        queue.push_back(o->dispatch);
    } else if (auto* o = std::get_if<QueuePushFront>(&op)) {
        queue.push_front(o->dispatch);
    } else if (std::get_if<QueuePopFront>(&op)) {
        if (queue.empty())
            return R::failure("queue pop on an empty queue");
        queue.pop_front();
    } else if (auto* o = std::get_if<WaitAdd>(&op)) {
        auto it = std::lower_bound(waitlist.begin(), waitlist.end(), o->entry, waitLess);
        waitlist.insert(it, o->entry);
    } else if (auto* o = std::get_if<WaitRemove>(&op)) {
        auto it = std::find_if(waitlist.begin(), waitlist.end(),
            [&](const WaitlistEntry& e) { return e.program == o->program && e.message.id == o->message; });
        if (it == waitlist.end())
            return R::failure("waitlist removal of a message that is not waiting: " + o->message.hex());
        waitlist.erase(it);
    } else if (auto* o = std::get_if<TaskAdd>(&op)) {
        // Tasks are kept by block, then in scheduling order (a multimap's insertion order).
        auto it = std::upper_bound(tasks.begin(), tasks.end(), o->task,
            [](const TaskSnapshot& a, const TaskSnapshot& b) { return a.block < b.block; });
        tasks.insert(it, o->task);
    } else if (auto* o = std::get_if<TaskRemove>(&op)) {
        auto it = std::find_if(tasks.begin(), tasks.end(), [&](const TaskSnapshot& t) { return sameTask(t, o->task); });
        if (it == tasks.end())
            return R::failure(std::string("removal of an unknown task ") + toString(o->task.kind));
        tasks.erase(it);
    } else if (auto* o = std::get_if<MailboxAdd>(&op)) {
        mailboxes[o->user].push_back(o->entry);
    } else if (auto* o = std::get_if<MailboxRemove>(&op)) {
        auto mb = mailboxes.find(o->user);
        bool removed = false;
        if (mb != mailboxes.end()) {
            auto& v = mb->second;
            auto it
                = std::find_if(v.begin(), v.end(), [&](const MailboxEntry& e) { return e.message.id == o->message; });
            if (it != v.end()) {
                v.erase(it);
                removed = true;
                if (v.empty())
                    mailboxes.erase(mb);
            }
        }
        if (!removed)
            return R::failure("mailbox removal of a message that is not there: " + o->message.hex());
    } else if (auto* o = std::get_if<UserLogAppend>(&op)) {
        userLog.push_back(o->message);
    } else if (auto* o = std::get_if<UserLogDropOldest>(&op)) {
        if (o->count > userLog.size())
            return R::failure("user log: dropping " + std::to_string(o->count) + " of " + std::to_string(userLog.size())
                + " messages");
        userLog.erase(userLog.begin(), userLog.begin() + long(o->count));
    } else if (auto* o = std::get_if<SetProgram>(&op)) {
        auto it = std::find_if(
            programs.begin(), programs.end(), [&](const ProgramSnapshot& p) { return p.id == o->program.id; });
        if (it == programs.end())
            programs.push_back(o->program);
        else
            *it = o->program;
    } else if (auto* o = std::get_if<ProgramStats>(&op)) {
        auto it = std::find_if(
            programs.begin(), programs.end(), [&](const ProgramSnapshot& p) { return p.id == o->program; });
        if (it == programs.end())
            return R::failure("counters for an unknown program " + o->program.hex());
        it->state = o->state;
        it->balance = o->balance;
        it->memoryPages = o->memoryPages;
        it->handled = o->handled;
        it->gasBurned = o->gasBurned;
    } else if (auto* o = std::get_if<SetUser>(&op)) {
        auto it = std::find_if(users.begin(), users.end(), [&](const UserSnapshot& u) { return u.id == o->user.id; });
        if (it == users.end())
            users.push_back(o->user);
        else
            *it = o->user;
    }
    return Ok {};
}

Result<Ok> WorldState::apply(const WorldOps& ops)
{
    for (size_t i = 0; i < ops.size(); ++i) {
        auto r = apply(ops[i]);
        if (!r)
            return Result<Ok>::failure("op " + std::to_string(i) + ": " + r.error());
    }
    return Ok {};
}

// ===================================================================== comparison

std::string WorldState::difference(const WorldState& o) const
{
    if (block != o.block || timestamp != o.timestamp)
        return "clock: block " + std::to_string(block) + " at " + std::to_string(timestamp) + " ms vs block "
            + std::to_string(o.block) + " at " + std::to_string(o.timestamp) + " ms";
    if (programs.size() != o.programs.size())
        return "program count " + std::to_string(programs.size()) + " vs " + std::to_string(o.programs.size());
    for (size_t i = 0; i < programs.size(); ++i) {
        const auto &a = programs[i], &b = o.programs[i];
        if (a.id != b.id || a.name != b.name || a.codeId != b.codeId || a.state != b.state || a.inheritor != b.inheritor
            || a.balance != b.balance || a.allocations != b.allocations || a.memoryPages != b.memoryPages
            || a.handled != b.handled || a.gasBurned != b.gasBurned || a.initMessage != b.initMessage)
            return "program " + a.id.shortHex() + " (" + a.name + ") differs";
    }
    if (users.size() != o.users.size())
        return "user count " + std::to_string(users.size()) + " vs " + std::to_string(o.users.size());
    for (size_t i = 0; i < users.size(); ++i)
        if (users[i].id != o.users[i].id || users[i].balance != o.users[i].balance || users[i].name != o.users[i].name)
            return "user " + users[i].id.shortHex() + " (" + users[i].name + ") differs: balance "
                + u128ToString(users[i].balance) + " vs " + u128ToString(o.users[i].balance);
    if (mailboxes.size() != o.mailboxes.size())
        return "number of non-empty mailboxes differs";
    for (const auto& [u, mb] : mailboxes) {
        auto it = o.mailboxes.find(u);
        if (it == o.mailboxes.end() || it->second.size() != mb.size())
            return "mailbox of " + u.shortHex() + " differs in size";
        for (size_t i = 0; i < mb.size(); ++i)
            if (!sameMessage(mb[i].message, it->second[i].message) || mb[i].since != it->second[i].since
                || mb[i].expiresAt != it->second[i].expiresAt)
                return "mailbox of " + u.shortHex() + " entry " + std::to_string(i) + " differs";
    }
    if (queue.size() != o.queue.size())
        return "queue length " + std::to_string(queue.size()) + " vs " + std::to_string(o.queue.size());
    for (size_t i = 0; i < queue.size(); ++i)
        if (queue[i].kind != o.queue[i].kind || !sameMessage(queue[i].message, o.queue[i].message)
            || queue[i].woken != o.queue[i].woken)
            return "queue entry " + std::to_string(i) + " differs (" + queue[i].message.id.shortHex() + " vs "
                + o.queue[i].message.id.shortHex() + ")";
    if (waitlist.size() != o.waitlist.size())
        return "waitlist length " + std::to_string(waitlist.size()) + " vs " + std::to_string(o.waitlist.size());
    for (size_t i = 0; i < waitlist.size(); ++i) {
        const auto &a = waitlist[i], &b = o.waitlist[i];
        if (a.program != b.program || !sameMessage(a.message, b.message) || a.kind != b.kind || a.since != b.since
            || a.wakeAt != b.wakeAt || a.expiresAt != b.expiresAt)
            return "waitlist entry " + std::to_string(i) + " differs";
    }
    if (tasks.size() != o.tasks.size())
        return "task count " + std::to_string(tasks.size()) + " vs " + std::to_string(o.tasks.size());
    for (size_t i = 0; i < tasks.size(); ++i)
        if (!sameTask(tasks[i], o.tasks[i]))
            return "task " + std::to_string(i) + " differs";
    if (userLog.size() != o.userLog.size())
        return "user log length " + std::to_string(userLog.size()) + " vs " + std::to_string(o.userLog.size());
    for (size_t i = 0; i < userLog.size(); ++i)
        if (!sameMessage(userLog[i], o.userLog[i]))
            return "user log entry " + std::to_string(i) + " differs";
    return {};
}

// ===================================================================== serialization

Bytes WorldState::serialize() const
{
    BinaryWriter w;
    w.u32(block);
    w.u64(timestamp);
    w.u32(uint32_t(programs.size()));
    for (const auto& p : programs)
        put(w, p);
    w.u32(uint32_t(users.size()));
    for (const auto& u : users)
        put(w, u);
    w.u32(uint32_t(mailboxes.size()));
    for (const auto& [u, mb] : mailboxes) {
        w.id(u);
        w.u32(uint32_t(mb.size()));
        for (const auto& e : mb)
            put(w, e);
    }
    w.u32(uint32_t(queue.size()));
    for (const auto& q : queue)
        put(w, q);
    w.u32(uint32_t(waitlist.size()));
    for (const auto& e : waitlist)
        put(w, e);
    w.u32(uint32_t(tasks.size()));
    for (const auto& t : tasks)
        put(w, t);
    w.u32(uint32_t(userLog.size()));
    for (const auto& m : userLog)
        put(w, m);
    return std::move(w.bytes());
}

Result<WorldState> WorldState::deserialize(const Bytes& bytes)
{
    BinaryReader r(bytes);
    WorldState s;
    s.block = r.u32();
    s.timestamp = r.u64();
    // Counts are checked against what is left so a corrupt count cannot make us allocate wildly.
    auto count = [&](size_t minItemSize) -> uint32_t {
        uint32_t n = r.u32();
        if (!r.ok() || uint64_t(n) * minItemSize > bytes.size())
            return 0;
        return n;
    };
    for (uint32_t i = count(32), n = i; i > 0 && r.ok(); --i, (void)n)
        s.programs.push_back(getProgram(r));
    for (uint32_t i = count(32); i > 0 && r.ok(); --i)
        s.users.push_back(getUser(r));
    for (uint32_t i = count(36); i > 0 && r.ok(); --i) {
        ActorId u = r.id<ActorId>();
        auto& mb = s.mailboxes[u];
        for (uint32_t k = count(96); k > 0 && r.ok(); --k)
            mb.push_back(getMail(r));
    }
    for (uint32_t i = count(96); i > 0 && r.ok(); --i)
        s.queue.push_back(getQueued(r));
    for (uint32_t i = count(96); i > 0 && r.ok(); --i)
        s.waitlist.push_back(getWait(r));
    for (uint32_t i = count(69); i > 0 && r.ok(); --i)
        s.tasks.push_back(getTask(r));
    for (uint32_t i = count(96); i > 0 && r.ok(); --i)
        s.userLog.push_back(getMessage(r));
    if (!r.ok() || !r.atEnd())
        return Result<WorldState>::failure("corrupt world checkpoint (" + std::to_string(bytes.size()) + " bytes)");
    return s;
}

Bytes serializeOps(const WorldOps& ops)
{
    Bytes out;
    serializeOpsInto(ops, out);
    return out;
}

void serializeOpsInto(const WorldOps& ops, Bytes& out)
{
    using namespace WorldOp;
    BinaryWriter w(std::move(out));
    w.u32(uint32_t(ops.size()));
    for (const auto& op : ops) {
        if (auto* o = std::get_if<SetClock>(&op)) {
            w.u8(TagClock);
            w.u32(o->block);
            w.u64(o->timestamp);
        } else if (auto* o = std::get_if<QueuePushBack>(&op)) {
            w.u8(TagPushBack);
            put(w, o->dispatch);
        } else if (auto* o = std::get_if<QueuePushFront>(&op)) {
            w.u8(TagPushFront);
            put(w, o->dispatch);
        } else if (std::get_if<QueuePopFront>(&op)) {
            w.u8(TagPopFront);
        } else if (auto* o = std::get_if<WaitAdd>(&op)) {
            w.u8(TagWaitAdd);
            put(w, o->entry);
        } else if (auto* o = std::get_if<WaitRemove>(&op)) {
            w.u8(TagWaitRemove);
            w.id(o->program);
            w.id(o->message);
        } else if (auto* o = std::get_if<TaskAdd>(&op)) {
            w.u8(TagTaskAdd);
            put(w, o->task);
        } else if (auto* o = std::get_if<TaskRemove>(&op)) {
            w.u8(TagTaskRemove);
            put(w, o->task);
        } else if (auto* o = std::get_if<MailboxAdd>(&op)) {
            w.u8(TagMailAdd);
            w.id(o->user);
            put(w, o->entry);
        } else if (auto* o = std::get_if<MailboxRemove>(&op)) {
            w.u8(TagMailRemove);
            w.id(o->user);
            w.id(o->message);
        } else if (auto* o = std::get_if<UserLogAppend>(&op)) {
            w.u8(TagLog);
            put(w, o->message);
        } else if (auto* o = std::get_if<SetProgram>(&op)) {
            w.u8(TagProgram);
            put(w, o->program);
        } else if (auto* o = std::get_if<SetUser>(&op)) {
            w.u8(TagUser);
            put(w, o->user);
        } else if (auto* o = std::get_if<UserLogDropOldest>(&op)) {
            w.u8(TagLogDropOldest);
            w.u32(o->count);
        } else if (auto* o = std::get_if<ProgramStats>(&op)) {
            w.u8(TagProgramStats);
            w.id(o->program);
            w.u8(uint8_t(o->state));
            w.u128v(o->balance);
            w.u32(o->memoryPages);
            w.u64(o->handled);
            w.u64(o->gasBurned);
        }
    }
    out = std::move(w.bytes());
}

Result<WorldOps> deserializeOps(const Bytes& bytes)
{
    using namespace WorldOp;
    BinaryReader r(bytes);
    WorldOps ops;
    uint32_t n = r.u32();
    if (n > bytes.size())
        return Result<WorldOps>::failure("corrupt world ops: count " + std::to_string(n));
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
        switch (r.u8()) {
        case TagClock: {
            SetClock c;
            c.block = r.u32();
            c.timestamp = r.u64();
            ops.emplace_back(c);
            break;
        }
        case TagPushBack:
            ops.emplace_back(QueuePushBack { getQueued(r) });
            break;
        case TagPushFront:
            ops.emplace_back(QueuePushFront { getQueued(r) });
            break;
        case TagPopFront:
            ops.emplace_back(QueuePopFront {});
            break;
        case TagWaitAdd:
            ops.emplace_back(WaitAdd { getWait(r) });
            break;
        case TagWaitRemove: {
            WaitRemove x;
            x.program = r.id<ActorId>();
            x.message = r.id<MessageId>();
            ops.emplace_back(x);
            break;
        }
        case TagTaskAdd:
            ops.emplace_back(TaskAdd { getTask(r) });
            break;
        case TagTaskRemove:
            ops.emplace_back(TaskRemove { getTask(r) });
            break;
        case TagMailAdd: {
            MailboxAdd x;
            x.user = r.id<ActorId>();
            x.entry = getMail(r);
            ops.emplace_back(x);
            break;
        }
        case TagMailRemove: {
            MailboxRemove x;
            x.user = r.id<ActorId>();
            x.message = r.id<MessageId>();
            ops.emplace_back(x);
            break;
        }
        case TagLog:
            ops.emplace_back(UserLogAppend { getMessage(r) });
            break;
        case TagProgram:
            ops.emplace_back(SetProgram { getProgram(r) });
            break;
        case TagUser:
            ops.emplace_back(SetUser { getUser(r) });
            break;
        case TagProgramStats: {
            ProgramStats x;
            x.program = r.id<ActorId>();
            const uint8_t st = r.u8();
            x.state = ProgramState(st > 3 ? 0 : st);
            x.balance = r.u128v();
            x.memoryPages = r.u32();
            x.handled = r.u64();
            x.gasBurned = r.u64();
            ops.emplace_back(x);
            break;
        }
        case TagLogDropOldest:
            ops.emplace_back(UserLogDropOldest { r.u32() });
            break;
        default:
            return Result<WorldOps>::failure("corrupt world ops: unknown op tag at op " + std::to_string(i));
        }
    }
    if (!r.ok() || !r.atEnd())
        return Result<WorldOps>::failure("corrupt world ops (" + std::to_string(bytes.size()) + " bytes)");
    return ops;
}

} // namespace Gearscope
