// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "runtime.h"

#include "code/codeloader.h"
#include "code/gasinstrumenter.h"
#include "ids/ids.h"
#include "runtime_p.h"
#include "wabt/binary-reader.h"
#include "wabt/interp/binary-reader-interp.h"

#include <algorithm>
#include <cstring>

namespace Gearscope {

const char* toString(DispatchKind k)
{
    switch (k) {
    case DispatchKind::Init:
        return "init";
    case DispatchKind::Handle:
        return "handle";
    case DispatchKind::Reply:
        return "reply";
    case DispatchKind::Signal:
        return "signal";
    }
    return "?";
}

const char* toString(ProgramState s)
{
    switch (s) {
    case ProgramState::Uninitialized:
        return "uninitialized";
    case ProgramState::Active:
        return "active";
    case ProgramState::Exited:
        return "exited";
    case ProgramState::Terminated:
        return "terminated";
    }
    return "?";
}

const char* toString(TaskKind k)
{
    switch (k) {
    case TaskKind::WakeMessage:
        return "WakeMessage";
    case TaskKind::RemoveFromWaitlist:
        return "RemoveFromWaitlist";
    case TaskKind::SendDispatch:
        return "SendDispatch";
    case TaskKind::SendUserMessage:
        return "SendUserMessage";
    case TaskKind::RemoveFromMailbox:
        return "RemoveFromMailbox";
    case TaskKind::RemoveGasReservation:
        return "RemoveGasReservation";
    }
    return "?";
}

const char* toString(Outcome o)
{
    switch (o) {
    case Outcome::Success:
        return "success";
    case Outcome::NoExport:
        return "no-export";
    case Outcome::Exit:
        return "exit";
    case Outcome::Wait:
        return "wait";
    case Outcome::Trap:
        return "trap";
    case Outcome::Unavailable:
        return "unavailable";
    case Outcome::AllowanceExceeded:
        return "allowance-exceeded";
    case Outcome::TaskDone:
        return "task";
    }
    return "?";
}

namespace {
const char* exportFor(DispatchKind k)
{
    switch (k) {
    case DispatchKind::Init:
        return "init";
    case DispatchKind::Handle:
        return "handle";
    case DispatchKind::Reply:
        return "handle_reply";
    case DispatchKind::Signal:
        return "handle_signal";
    }
    return "";
}

// Blocks are capped well below u32 overflow: a gasless wait can otherwise pay for ~10^10 blocks.
BlockNumber blockAfter(BlockNumber now, uint64_t delta)
{
    uint64_t b = uint64_t(now) + delta;
    return BlockNumber(std::min<uint64_t>(b, 0x7fffffffu));
}

Bytes toBytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

// A mailboxed message pays 100 gas per block held, up to its deadline (expiry + RESERVE_FOR),
// as gtest's charge_for_hold does, before the rest goes back to the buyer (spec §2).
void chargeMailboxHold(const GasRef& g, const MailboxEntry& e, BlockNumber now)
{
    if (!g)
        return;
    const BlockNumber paidUntil = std::min<BlockNumber>(now, e.expiresAt + 1);
    const Gas hold = Gas(paidUntil - std::min(paidUntil, e.since)) * Costs::RentPerBlock;
    g->value -= std::min(g->value, hold);
}
} // namespace

// ===================================================================== Impl: set-up

static ProgramSnapshot snapshotOf(const ProgramData& p);

Runtime::Impl::Impl(RuntimeConfig cfg)
    : config(cfg)
{
    thread = std::make_unique<wi::Thread>(store);
    timestamp = config.genesisTimestampMs;
    allowance = config.blockGasAllowance;
}

Result<wi::Module::Ptr> Runtime::Impl::moduleFor(const CodeId& id)
{
    auto m = modules.find(id);
    if (m != modules.end())
        return m->second;
    auto c = codes.find(id);
    if (c == codes.end())
        return Result<wi::Module::Ptr>::failure("unknown code id " + id.hex());
    wabt::Features features;
    features.disable_bulk_memory();
    features.disable_reference_types();
    features.disable_simd();
    features.disable_multi_value();
    const bool kReadDebugNames = false, kStopOnFirstError = true, kFailOnCustomSectionError = false;
    wabt::ReadBinaryOptions options(features, nullptr, kReadDebugNames, kStopOnFirstError, kFailOnCustomSectionError);
    wabt::Errors errors;
    wi::ModuleDesc desc;
    const Bytes& bin = c->second->executable.empty() ? c->second->instrumented : c->second->executable;
    if (wabt::Failed(wi::ReadBinaryInterp("program", bin.data(), bin.size(), options, &errors, &desc)))
        return Result<wi::Module::Ptr>::failure("cannot decode instrumented module");
    auto mod = wi::Module::New(store, std::move(desc));
    modules.emplace(id, mod);
    return mod;
}

bool Runtime::Impl::instantiate(ProgramData& p, std::string* error)
{
    const wi::ModuleDesc& desc = p.module->desc();
    wi::RefVec imports;
    for (const auto& imp : desc.imports) {
        const auto& t = imp.type;
        if (t.type->kind == wabt::ExternalKind::Memory) {
            auto* mt = wabt::cast<wi::MemoryType>(t.type.get());
            wabt::Limits limits = mt->limits;
            // Gear's ceiling is 32768 pages whatever the module declares (spec §7.1).
            if (!limits.has_max || limits.max > config.maxProgramPages) {
                limits.has_max = true;
                limits.max = config.maxProgramPages;
            }
            p.memory = wi::Memory::New(store, wi::MemoryType(limits));
            imports.push_back(p.memory.ref());
        } else if (t.type->kind == wabt::ExternalKind::Func) {
            auto* ft = wabt::cast<wi::FuncType>(t.type.get());
            auto f = makeHostFunc(t.name, *ft);
            imports.push_back(f.ref());
        } else {
            *error = "unsupported import " + t.module + "." + t.name;
            return false;
        }
    }
    wi::Trap::Ptr trap;
    p.instance = wi::Instance::Instantiate(store, p.module.ref(), imports, &trap);
    if (!p.instance) {
        *error = "instantiation failed: " + (trap ? trap->message() : std::string("unknown"));
        return false;
    }
    const auto& exportsRefs = p.instance->exports();
    for (size_t i = 0; i < desc.exports.size(); ++i) {
        const auto& e = desc.exports[i];
        if (e.type.type->kind == wabt::ExternalKind::Func) {
            p.exports.emplace(e.type.name, store.UnsafeGet<wi::Func>(exportsRefs[i]));
        } else if (e.type.type->kind == wabt::ExternalKind::Global && e.type.name == GasInstrumenter::GasGlobalName) {
            p.gasGlobal = store.UnsafeGet<wi::Global>(exportsRefs[i]);
        } else if (e.type.type->kind == wabt::ExternalKind::Global && e.type.name == GasInstrumenter::DirtyGlobalName) {
            p.dirtyGlobal = store.UnsafeGet<wi::Global>(exportsRefs[i]);
        } else if (e.type.type->kind == wabt::ExternalKind::Global
            && e.type.name == GasInstrumenter::StaticDirtyGlobalName) {
            p.staticDirty = store.UnsafeGet<wi::Global>(exportsRefs[i])->Get().Get<uint64_t>();
        }
    }
    for (DispatchKind k : { DispatchKind::Init, DispatchKind::Handle, DispatchKind::Reply, DispatchKind::Signal }) {
        auto it = p.exports.find(exportFor(k));
        p.kindExports[size_t(k)] = it == p.exports.end() ? nullptr : it->second.get();
    }
    // Globals are not persisted in Gear (fresh instance per execution, spec §7.1): remember
    // every mutable global's initial value and restore it before each execution.
    for (const auto& g : p.instance->globals()) {
        auto global = store.UnsafeGet<wi::Global>(g);
        if (global->type().mut == wi::Mutability::Var && global != p.gasGlobal && global != p.dirtyGlobal)
            p.mutableGlobals.emplace_back(global, global->Get());
    }
    if (!p.memory) {
        *error = "module has no memory import";
        return false;
    }
    if (!p.gasGlobal) {
        *error = "instrumented module lacks the gear_gas global";
        return false;
    }
    p.image.assign(p.memory->UnsafeData(), p.memory->UnsafeData() + p.memory->ByteSize());
    return true;
}

Result<ProgramData*> Runtime::Impl::createProgram(
    const ActorId& id, const CodeId& codeId, const MessageId& initMessage, u128 balance)
{
    if (programs.size() + users.size() >= config.maxActors)
        return Result<ProgramData*>::failure(
            "actor limit reached (" + std::to_string(config.maxActors) + " users and programs)");
    auto mod = moduleFor(codeId);
    if (!mod)
        return Result<ProgramData*>::failure(mod.error());
    auto p = std::make_unique<ProgramData>();
    p->id = id;
    p->code = codes[codeId];
    p->module = mod.value();
    p->initMessage = initMessage;
    p->balance = balance;
    p->creationOrder = creationCounter++;
    std::string error;
    if (!instantiate(*p, &error))
        return Result<ProgramData*>::failure(error);
    ProgramData* raw = p.get();
    programs.emplace(id, std::move(p));
    markDirty(id);
    recordInitialPages(*raw);
    return raw;
}

// ===================================================================== Impl: gas and value

void Runtime::Impl::releaseGas(GasRef& g)
{
    // The last holder of a node returns what is left to the user who bought it (spec §5.1).
    if (g && g.use_count() == 1 && g->refundTo && g->value > 0) {
        credit(*g->refundTo, u128(g->value) * config.valuePerGas);
        g->value = 0;
    }
    g.reset();
}

void Runtime::Impl::credit(const ActorId& id, u128 value)
{
    if (value == 0)
        return;
    markDirty(id);
    if (auto p = programs.find(id); p != programs.end()) {
        p->second->balance += value;
        return;
    }
    auto u = users.find(id);
    if (u == users.end()) {
        // Any id that is not a program is a user (spec §1.1): materialise it on first credit.
        auto nu = std::make_unique<UserData>();
        nu->id = id;
        nu->creationOrder = creationCounter++;
        u = users.emplace(id, std::move(nu)).first;
    }
    u->second->balance += value;
}

GasRef Runtime::Impl::replyGas(const MessageId& repliedTo, GasRef shared)
{
    // A reply deposit made for this message funds its reply (spec §5.3).
    auto dep = replyDeposits.find(repliedTo);
    if (dep != replyDeposits.end()) {
        auto g = std::make_shared<GasNode>();
        g->value = dep->second;
        replyDeposits.erase(dep);
        return g;
    }
    return shared;
}

// ===================================================================== Impl: routing

void Runtime::Impl::deliverToUser(Dispatch&& d, bool toMailbox, StepRecord* r)
{
    (void)r;
    auto uit = users.find(d.msg.destination);
    if (uit == users.end()) {
        credit(d.msg.destination, 0);
        auto nu = std::make_unique<UserData>();
        nu->id = d.msg.destination;
        nu->creationOrder = creationCounter++;
        uit = users.emplace(d.msg.destination, std::move(nu)).first;
        // Its row must reach the world ops even when no value moves (fuzz finding 5).
        markDirty(d.msg.destination);
    }
    UserData& u = *uit->second;
    if (toMailbox && d.kind == DispatchKind::Handle && u.mailbox.size() >= config.maxMailboxSize) {
        // A full mailbox would let one program grow host memory without bound: the message is
        // delivered as one below the mailbox threshold is (user log, value, auto-reply).
        toMailbox = false;
        if (r)
            r->debug.push_back("gearscope: the mailbox of " + (u.name.empty() ? u.id.hex() : u.name) + " is full ("
                + std::to_string(config.maxMailboxSize) + " messages, the mailbox limit): message " + d.msg.id.hex()
                + " went to the user log");
    }
    if (toMailbox && d.kind == DispatchKind::Handle) {
        MailboxEntry e;
        e.message = d.msg;
        e.since = height;
        Gas g = d.gas ? d.gas->value : 0;
        // Holding costs 100 gas per block; the message leaves when its gas is spent (spec §2).
        e.expiresAt = blockAfter(height, std::max<Gas>(g / Costs::RentPerBlock, 1) - 1);
        if (ops)
            op(WorldOp::MailboxAdd { u.id, e });
        u.mailbox.push_back(e);
        u.mailboxGas.push_back(d.gas);
        Task t { TaskKind::RemoveFromMailbox, u.id, d.msg.id, {}, false };
        schedule(std::max(e.expiresAt, BlockNumber(height + 1)), t);
        return;
    }
    // Replies and gasless sends never stay: value at once, an entry in the user log.
    credit(u.id, d.msg.value);
    appendUserLog(d.msg);
    if (d.kind == DispatchKind::Handle) {
        // The sender gets an auto-reply at once (spec §2).
        auto src = programs.find(d.msg.source);
        if (src != programs.end())
            sendAutoReply(d.msg, u.id, r);
    }
    releaseGas(d.gas);
}

void Runtime::Impl::appendUserLog(const Message& m)
{
    if (ops)
        op(WorldOp::UserLogAppend { m });
    userLog.push_back(m);
    userLogBytes += m.payload.size();
    if (userLog.size() <= config.maxUserLogMessages && userLogBytes <= config.maxUserLogBytes)
        return;
    // Drop the oldest down to 90% of both bounds, so trimming happens once in a while rather
    // than on every append (erasing from the front of a vector moves the rest).
    const uint64_t keepMessages = config.maxUserLogMessages - config.maxUserLogMessages / 10;
    const uint64_t keepBytes = config.maxUserLogBytes - config.maxUserLogBytes / 10;
    size_t drop = 0;
    uint64_t bytes = userLogBytes;
    while (drop < userLog.size() && (userLog.size() - drop > keepMessages || bytes > keepBytes))
        bytes -= userLog[drop++].payload.size();
    userLog.erase(userLog.begin(), userLog.begin() + long(drop));
    userLogBytes = bytes;
    if (ops)
        op(WorldOp::UserLogDropOldest { uint32_t(drop) });
}

void Runtime::Impl::route(Outgoing&& o, StepRecord* r)
{
    // The common case, a message to a program now, is built in its queue slot: a Dispatch is
    // ~300 bytes, and building it here and moving it in was one more copy per dispatch.
    // The step record keeps a copy of what was sent.
    auto keepCopy = [&](const Message& m) {
        if (!r)
            return;
        Message& copy = r->generated.emplace_back();
        copy.payload = takeBytes(); // a spare buffer: the assignment below then need not allocate
        copy = m;
    };
    if (o.delay == 0 && (o.kind == DispatchKind::Init || programs.count(o.msg.destination))) {
        Dispatch& d = queue.emplace_back();
        d.kind = o.kind;
        d.msg = std::move(o.msg);
        d.gas = std::move(o.gas);
        d.context.reset();
        if (!d.gas)
            d.gas = std::make_shared<GasNode>();
        d.msg.gasLimit = d.gas->value;
        keepCopy(d.msg);
        if (ops)
            op(WorldOp::QueuePushBack { queued(d) });
        return;
    }
    Dispatch d;
    d.kind = o.kind;
    d.msg = std::move(o.msg);
    d.gas = std::move(o.gas);
    if (!d.gas)
        d.gas = std::make_shared<GasNode>();
    d.msg.gasLimit = d.gas->value;
    const bool toProgram = d.kind == DispatchKind::Init || programs.count(d.msg.destination);
    bool toMailbox = false;
    if (!toProgram && d.kind == DispatchKind::Handle) {
        if (o.gasless) {
            // A gasless send to a user dedicates exactly the mailbox threshold (spec §2).
            if (d.gas->value >= config.mailboxThreshold) {
                d.gas->value -= config.mailboxThreshold;
                // Still part of the origin's gas tree: what the hold leaves goes back to its buyer (§5.1).
                const auto refundTo = d.gas->refundTo;
                d.gas = std::make_shared<GasNode>();
                d.gas->value = config.mailboxThreshold;
                d.gas->refundTo = refundTo;
                toMailbox = true;
            }
        } else {
            toMailbox = d.gas->value >= config.mailboxThreshold;
        }
        d.msg.gasLimit = d.gas->value;
    }
    keepCopy(d.msg);
    if (o.delay > 0) {
        Task t { toProgram ? TaskKind::SendDispatch : TaskKind::SendUserMessage, d.msg.destination, d.msg.id, {},
            toMailbox };
        schedule(blockAfter(height, o.delay), t);
        stash.emplace(d.msg.id, std::move(d));
        return;
    }
    if (toProgram)
        enqueue(std::move(d));
    else
        deliverToUser(std::move(d), toMailbox, r);
}

void Runtime::Impl::sendAutoReply(const Message& to, const ActorId& from, StepRecord* r)
{
    // Auto-replies carry no gas unless the sender made a reply deposit (spec §3.2 gotcha, §4.4).
    Outgoing o;
    o.kind = DispatchKind::Reply;
    o.msg.id = Ids::reply(to.id);
    o.msg.source = from;
    o.msg.destination = to.source;
    o.msg.replyTo = to.id;
    o.msg.replyCode = ReplyCode::successAuto();
    o.gas = replyGas(to.id, std::make_shared<GasNode>());
    route(std::move(o), r);
}

void Runtime::Impl::sendErrorReply(const Dispatch& d, ReplyCode code, Bytes payload, u128 value, StepRecord* r)
{
    Outgoing o;
    o.kind = DispatchKind::Reply;
    o.msg.id = Ids::reply(d.msg.id);
    o.msg.source = d.msg.destination;
    o.msg.destination = d.msg.source;
    o.msg.payload = std::move(payload);
    o.msg.value = value;
    o.msg.replyTo = d.msg.id;
    o.msg.replyCode = code;
    // Error replies are gasless: they share what is left of the failed message's gas (spec §5.1).
    o.gas = replyGas(d.msg.id, d.gas);
    route(std::move(o), r);
}

void Runtime::Impl::sendSignal(const Dispatch& d, const ActorId& program, Gas reservation, uint32_t code, StepRecord* r)
{
    Outgoing o;
    o.kind = DispatchKind::Signal;
    o.msg.id = Ids::signal(d.msg.id);
    o.msg.source = Ids::systemActor();
    o.msg.destination = program;
    o.msg.signalFrom = d.msg.id;
    o.msg.signalCode = code;
    o.gas = std::make_shared<GasNode>();
    o.gas->value = reservation;
    route(std::move(o), r);
}

// ===================================================================== Impl: waitlist and tasks

void Runtime::Impl::eraseTasks(TaskKind kind, const ActorId& actor, const MessageId& mid)
{
    for (auto it = tasks.begin(); it != tasks.end();) {
        if (it->second.kind == kind && it->second.actor == actor && it->second.message == mid) {
            if (ops)
                op(WorldOp::TaskRemove { taskSnapshot(it->first, it->second) });
            it = tasks.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = dueTasks.begin(); it != dueTasks.end();) {
        const Task& t = it->second;
        if (t.kind == kind && t.actor == actor && t.message == mid) {
            if (ops)
                op(WorldOp::TaskRemove { taskSnapshot(it->first, t) });
            it = dueTasks.erase(it);
        } else {
            ++it;
        }
    }
}

void Runtime::Impl::addToWaitlist(Dispatch&& d, WaitKind kind, uint32_t duration, StepRecord* r)
{
    (void)r;
    WaitingDispatch w;
    w.since = height;
    Gas gas = d.gas ? d.gas->value : 0;
    uint64_t affordable = gas / Costs::RentPerBlock; // blocks the remaining gas can hold
    const ActorId program = d.msg.destination;
    if (kind == WaitKind::WaitFor || (kind == WaitKind::WaitUpTo && affordable >= uint64_t(duration) + 1)) {
        // Gear schedules only the WakeMessage and keeps the entry until then (gtest
        // wait_dispatch_impl): the message leaves the waitlist woken, never removed.
        w.wakeAt = blockAfter(height, duration);
        w.expiresAt = *w.wakeAt;
    } else {
        // Gear's HoldBound::maximum_for: the deadline is what the gas pays for and the removal
        // runs one block earlier (RESERVE_FOR = 1), as for the mailbox (spec §2, §3.1).
        uint64_t payable = affordable > 1 ? affordable - 1 : 1;
        uint64_t blocks = kind == WaitKind::WaitUpTo ? std::min<uint64_t>(payable, duration) : payable;
        w.expiresAt = blockAfter(height, std::max<uint64_t>(blocks, 1));
    }
    const MessageId mid = d.msg.id;
    w.dispatch = std::move(d);
    if (w.wakeAt)
        schedule(*w.wakeAt, Task { TaskKind::WakeMessage, program, mid, {}, false });
    if (!w.wakeAt)
        schedule(w.expiresAt, Task { TaskKind::RemoveFromWaitlist, program, mid, {}, false });
    if (ops)
        op(WorldOp::WaitAdd {
            WaitlistEntry { program, w.dispatch.kind, w.dispatch.msg, w.since, w.wakeAt, w.expiresAt } });
    waitlist[program][mid] = std::move(w);
}

void Runtime::Impl::wakeMessage(const ActorId& program, const MessageId& mid, StepRecord* r)
{
    auto pw = waitlist.find(program);
    if (pw == waitlist.end())
        return;
    auto it = pw->second.find(mid);
    if (it == pw->second.end())
        return; // not waiting (already woken or never waited): silently ignored (spec §3.1)
    WaitingDispatch w = std::move(it->second);
    pw->second.erase(it);
    if (pw->second.empty())
        waitlist.erase(pw);
    if (ops)
        op(WorldOp::WaitRemove { program, mid });
    eraseTasks(TaskKind::WakeMessage, program, mid);
    eraseTasks(TaskKind::RemoveFromWaitlist, program, mid);
    // Waitlist rent for the blocks actually spent (spec §3.1).
    if (w.dispatch.gas) {
        Gas rent = Gas(height - w.since) * Costs::RentPerBlock;
        w.dispatch.gas->value -= std::min(rent, w.dispatch.gas->value);
    }
    if (r)
        r->woken.push_back(mid);
    enqueue(std::move(w.dispatch));
}

void Runtime::Impl::drainWaitlist(const ActorId& program)
{
    // Exit or init failure pushes every waiting message back to the queue; they then meet the
    // Exited/Terminated checks (spec §3.1 clean_waitlist).
    auto pw = waitlist.find(program);
    if (pw == waitlist.end())
        return;
    auto entries = std::move(pw->second);
    waitlist.erase(pw);
    for (auto& [mid, w] : entries) {
        if (ops)
            op(WorldOp::WaitRemove { program, mid });
        eraseTasks(TaskKind::WakeMessage, program, mid);
        eraseTasks(TaskKind::RemoveFromWaitlist, program, mid);
        enqueue(std::move(w.dispatch));
    }
}

void Runtime::Impl::exitProgram(ProgramData& p, const ActorId& inheritor)
{
    p.state = ProgramState::Exited;
    p.inheritor = inheritor;
    u128 b = p.balance;
    p.balance = 0;
    credit(inheritor, b);
    for (auto& [rid, res] : p.reservations)
        (void)res;
    p.reservations.clear();
    drainWaitlist(p.id);
}

void Runtime::Impl::terminateProgram(ProgramData& p, const ActorId& balanceTo)
{
    p.state = ProgramState::Terminated;
    u128 b = p.balance;
    p.balance = 0;
    credit(balanceTo, b);
    p.reservations.clear();
    drainWaitlist(p.id);
}

void Runtime::Impl::runTask(const Task& t, StepRecord& r)
{
    r.kind = StepKind::Task;
    r.taskKind = t.kind;
    r.actor = t.actor;
    r.outcome = Outcome::TaskDone;
    // A reused record still holds the previous step's message (resetRecord leaves it): a task
    // names only the message id. The payload buffer keeps its capacity.
    Bytes payload = std::move(r.message.payload);
    payload.clear();
    r.message = Message {};
    r.message.payload = std::move(payload);
    r.message.id = t.message;
    switch (t.kind) {
    case TaskKind::WakeMessage: {
        auto pw = waitlist.find(t.actor);
        if (pw != waitlist.end()) {
            auto it = pw->second.find(t.message);
            if (it != pw->second.end())
                r.message = it->second.dispatch.msg;
        }
        wakeMessage(t.actor, t.message, &r);
        break;
    }
    case TaskKind::RemoveFromWaitlist: {
        auto pw = waitlist.find(t.actor);
        if (pw == waitlist.end() || !pw->second.count(t.message))
            break;
        WaitingDispatch w = std::move(pw->second[t.message]);
        pw->second.erase(t.message);
        if (pw->second.empty())
            waitlist.erase(pw);
        if (ops)
            op(WorldOp::WaitRemove { t.actor, t.message });
        eraseTasks(TaskKind::WakeMessage, t.actor, t.message);
        r.message = w.dispatch.msg;
        r.dispatchKind = w.dispatch.kind;
        Dispatch& d = w.dispatch;
        if (d.gas) {
            Gas rent = Gas(height - w.since) * Costs::RentPerBlock;
            d.gas->value -= std::min(rent, d.gas->value);
        }
        if (d.kind == DispatchKind::Init || d.kind == DispatchKind::Handle) {
            const std::string text = "removal from waitlist";
            sendErrorReply(d, ReplyCode::removedFromWaitlist(), toBytes(text), 0, &r);
        }
        if (d.context && d.context->systemReservation && d.kind != DispatchKind::Init && d.kind != DispatchKind::Signal)
            sendSignal(d, t.actor, *d.context->systemReservation, uint32_t(SignalCode::RemovedFromWaitlist), &r);
        if (d.kind == DispatchKind::Init) {
            auto p = programs.find(t.actor);
            if (p != programs.end())
                terminateProgram(*p->second, d.msg.source);
        }
        releaseGas(d.gas);
        break;
    }
    case TaskKind::SendDispatch:
    case TaskKind::SendUserMessage: {
        auto it = stash.find(t.message);
        if (it == stash.end())
            break;
        Dispatch d = std::move(it->second);
        stash.erase(it);
        r.message = d.msg;
        r.dispatchKind = d.kind;
        if (t.kind == TaskKind::SendDispatch)
            enqueue(std::move(d));
        else
            deliverToUser(std::move(d), t.toMailbox, &r);
        break;
    }
    case TaskKind::RemoveFromMailbox: {
        auto u = users.find(t.actor);
        if (u == users.end())
            break;
        auto& mb = u->second->mailbox;
        for (size_t i = 0; i < mb.size(); ++i) {
            if (mb[i].message.id != t.message)
                continue;
            Message m = mb[i].message;
            GasRef g = u->second->mailboxGas[i];
            chargeMailboxHold(g, mb[i], height);
            if (ops)
                op(WorldOp::MailboxRemove { t.actor, m.id });
            mb.erase(mb.begin() + long(i));
            u->second->mailboxGas.erase(u->second->mailboxGas.begin() + long(i));
            r.message = m;
            // Expiry gives the value to the user (current code, spec §2) and auto-replies.
            credit(t.actor, m.value);
            auto p = programs.find(m.source);
            if (p != programs.end() && p->second->state == ProgramState::Active)
                sendAutoReply(m, t.actor, &r);
            releaseGas(g);
            break;
        }
        break;
    }
    case TaskKind::RemoveGasReservation: {
        auto p = programs.find(t.actor);
        if (p != programs.end())
            p->second->reservations.erase(t.reservation);
        r.message.id = MessageId::fromBytes(t.reservation.bytes.data());
        break;
    }
    }
}

// ===================================================================== Impl: blocks and steps

void Runtime::Impl::openBlock(bool skipEmpty)
{
    // Stepping skips empty blocks: with nothing queued, jump to the block of the next scheduled
    // task. Running blocks does not (runBlock is "one block", whatever it holds).
    if (skipEmpty && queue.empty() && !tasks.empty() && tasks.begin()->first > height + 1) {
        BlockNumber target = tasks.begin()->first;
        timestamp += uint64_t(target - 1 - height) * config.blockDurationMs;
        height = target - 1;
    }
    height += 1;
    timestamp += config.blockDurationMs;
    blockOpen = true;
    queueStopped = false;
    allowance = config.blockGasAllowance;
    // Tasks of this block and of blocks skipped earlier run first (spec §1.6). They keep their
    // block, so moving them is not a change of the world.
    while (!tasks.empty() && tasks.begin()->first <= height) {
        dueTasks.emplace_back(tasks.begin()->first, tasks.begin()->second);
        tasks.erase(tasks.begin());
    }
}

void Runtime::Impl::closeBlock()
{
    blockOpen = false;
    // Tasks not run in this block go back to the pool, ahead of later ones of the same block
    // (a multimap inserts equal keys at the end, so re-insert from the back with a hint).
    for (auto it = dueTasks.rbegin(); it != dueTasks.rend(); ++it)
        tasks.emplace_hint(tasks.lower_bound(it->first), it->first, it->second);
    dueTasks.clear();
}

bool Runtime::Impl::idle() const { return queue.empty() && tasks.empty() && dueTasks.empty(); }

void Runtime::Impl::emit(StepRecord& r)
{
    r.index = steps++;
    r.block = height;
    if (observer)
        observer(r);
}

std::optional<StepRecord> Runtime::Impl::step()
{
    std::optional<StepRecord> r(std::in_place);
    if (!step(*r))
        r.reset();
    return r;
}

void Runtime::Impl::resetRecord(StepRecord& r)
{
    // Field by field so the vectors and strings keep their capacity: filling a reused record
    // (message payload, generated messages, changed pages) then allocates nothing. Every field
    // of StepRecord must be reset here; tst_steprecordreuse compares the records of runs with
    // and without reuse.
    r.index = 0;
    r.block = 0;
    r.kind = StepKind::Dispatch;
    r.taskKind = TaskKind::WakeMessage;
    r.dispatchKind = DispatchKind::Handle;
    // `message` is not reset here: a dispatch step assigns the whole message first thing
    // (processDispatch), and a task step resets it (runTask). Resetting it here as well cost a
    // Message construction and move per dispatch.
    r.actor = ActorId {};
    r.outcome = Outcome::Success;
    r.errorCode.reset();
    r.trapMessage.clear();
    r.panicPayload.clear();
    r.gasLimit = 0;
    r.gasBurned = 0;
    r.syscallCount = 0;
    r.syscalls.clear();
    for (auto& g : r.generated)
        recycle(std::move(g.payload));
    r.generated.clear();
    r.woken.clear();
    r.createdPrograms.clear();
    r.changedPages.clear();
    r.debug.clear();
    r.worldOps.clear();
    r.pageWrites.clear();
}

bool Runtime::Impl::step(StepRecord& r)
{
    WorldOps stepOps;
    std::vector<PageWrite> stepPages;
    const bool recording = beginRecord(&stepOps, &stepPages);
    auto finish = [&]() {
        if (recording) {
            endRecord();
            r.worldOps = std::move(stepOps);
            r.pageWrites = std::move(stepPages);
        }
        emit(r);
    };
    for (int guard = 0; guard < 4; ++guard) {
        if (!blockOpen) {
            if (idle())
                break;
            openBlock(true);
        }
        if (!dueTasks.empty()) {
            auto [at, t] = dueTasks.front();
            dueTasks.pop_front();
            if (ops)
                op(WorldOp::TaskRemove { taskSnapshot(at, t) });
            runTask(t, r);
            finish();
            return true;
        }
        if (!queueStopped && !queue.empty()) {
            processDispatch(r);
            finish();
            if (++dispatchesSinceCollect >= 256) {
                // wabt's Store never collects by itself (stack-notes): keep memory flat.
                store.Collect();
                dispatchesSinceCollect = 0;
            }
            return true;
        }
        closeBlock();
    }
    if (recording)
        endRecord();
    return false;
}

bool Runtime::Impl::beginRecord(WorldOps* into, std::vector<PageWrite>* pages)
{
    if (!config.recordWorld)
        return false;
    ops = into;
    pageWrites = pages;
    dirty.clear();
    if (!recordedClock)
        recordedClock = { height, timestamp };
    return true;
}

void Runtime::Impl::endRecord()
{
    // The clock moves in several places (a block opened by runBlock before the step, skipped
    // empty blocks, an idle block): compare once at the end instead of tracking each.
    if (!recordedClock || recordedClock->first != height || recordedClock->second != timestamp) {
        op(WorldOp::SetClock { height, timestamp });
        recordedClock = { height, timestamp };
    }
    // One row per changed actor, after the fact: cheaper than an op per balance change. In
    // creation order, so new actors are appended where the runtime lists them.
    std::vector<std::pair<uint64_t, ActorId>> ordered;
    for (const auto& id : dirty) {
        if (auto p = programs.find(id); p != programs.end())
            ordered.emplace_back(p->second->creationOrder, id);
        else if (auto u = users.find(id); u != users.end())
            ordered.emplace_back(u->second->creationOrder, id);
    }
    std::sort(ordered.begin(), ordered.end());
    for (const auto& [order, id] : ordered) {
        if (auto p = programs.find(id); p != programs.end()) {
            ProgramSnapshot now = snapshotOf(*p->second);
            auto prev = recordedPrograms.find(id);
            const bool onlyCounters = prev != recordedPrograms.end() && prev->second.name == now.name
                && prev->second.allocations == now.allocations && prev->second.inheritor == now.inheritor
                && prev->second.initMessage == now.initMessage;
            if (onlyCounters)
                op(WorldOp::ProgramStats { id, now.state, now.balance, now.memoryPages, now.handled, now.gasBurned });
            else
                op(WorldOp::SetProgram { now });
            recordedPrograms[id] = std::move(now);
        } else if (auto u = users.find(id); u != users.end()) {
            op(WorldOp::SetUser { UserSnapshot { u->second->id, u->second->name, u->second->balance } });
        }
    }
    dirty.clear();
    ops = nullptr;
    pageWrites = nullptr;
}

void Runtime::Impl::recordInitialPages(const ProgramData& p)
{
    // A new program's memory starts from its data segments: the trace needs those bytes too.
    if (!pageWrites)
        return;
    const uint8_t* m = p.memory->UnsafeData();
    for (size_t off = 0; off < p.memory->ByteSize(); off += GearPage) {
        bool nonZero = false;
        for (size_t i = off; i < off + GearPage && !nonZero; ++i)
            nonZero = m[i] != 0;
        if (nonZero)
            pageWrites->push_back({ p.id, uint32_t(off / GearPage), Bytes(m + off, m + off + GearPage) });
    }
}

void Runtime::Impl::emitInput(InputRecord&& in, WorldOps& collected, std::vector<PageWrite>& pages)
{
    in.beforeStep = steps;
    if (ops) {
        endRecord();
        in.worldOps = std::move(collected);
        in.pageWrites = std::move(pages);
    }
    if (inputObserver)
        inputObserver(in);
}

// ===================================================================== Impl: dispatch

void Runtime::Impl::diffPages(ProgramData& p, uint64_t wasmDirty, ExecContext& ctx)
{
    // Compared and copied in 1 KiB chunks (reported as 16 KiB gear pages) so a one-word write
    // costs a 1 KiB copy, not a 16 KiB one. Only chunks of the classes written to are compared;
    // memory grown during the call is zero unless written, so the same filter holds there.
    static_assert(DiffChunk == 1u << GasInstrumenter::DirtyChunkShift && GasInstrumenter::DirtyClasses == 64);
    static_assert(DiffChunk <= 0xFFFF, "ranges are 16-bit offsets within a chunk");
    std::vector<uint32_t>& changed = ctx.changedPages;
    auto& ranges = ctx.changedRanges;
    changed.clear();
    ranges.clear();
    // Chunk c is compared whole when bit (c mod 64) is set (spills into the next chunk are
    // marked by the code itself).
    const uint64_t dirty = wasmDirty | ctx.hostDirty;
    const uint8_t* now = p.memory->UnsafeData();
    const size_t chunks = p.memory->ByteSize() / DiffChunk;
    const size_t oldChunks = p.image.size() / DiffChunk;
    // Bytes [lo, hi) of chunk c differ from the image (zero beyond it: grown memory)?
    auto differs = [&](size_t c, size_t lo, size_t hi) {
        const uint8_t* at = now + c * DiffChunk;
        if (c < oldChunks)
            return std::memcmp(at + lo, p.image.data() + c * DiffChunk + lo, hi - lo) != 0;
        for (size_t i = lo; i < hi; ++i) {
            if (at[i] != 0)
                return true;
        }
        return false;
    };
    // 64 chunks at a time, the set bits of each group in ascending order: the result stays
    // sorted and a large memory is not walked chunk by chunk.
    if (dirty) {
        for (size_t group = 0; group < chunks; group += 64) {
            for (uint64_t bits = dirty; bits; bits &= bits - 1) {
                const size_t c = group + size_t(__builtin_ctzll(bits));
                if (c >= chunks)
                    break;
                if (differs(c, 0, DiffChunk)) {
                    changed.push_back(uint32_t(c));
                    ranges.emplace_back(uint16_t(0), uint16_t(DiffChunk));
                }
            }
        }
    }
    // Short host writes in chunks not compared whole: only their bytes can differ there. Several
    // writes in one chunk merge into one range, compared once (the bytes between them are
    // unwritten, so equal to the image: comparing or committing them changes nothing).
    struct Partial
    {
        uint32_t chunk;
        uint16_t lo, hi;
    };
    std::array<Partial, 2 * ExecContext::MaxHostWrites> partial;
    size_t partials = 0;
    for (size_t i = 0; i < ctx.hostWriteCount; ++i) {
        const auto& w = ctx.hostWrites[i];
        for (uint32_t c = w.begin / DiffChunk; c <= (w.end - 1) / DiffChunk; ++c) {
            if ((dirty >> (c % 64)) & 1u)
                continue;
            const uint32_t base = c * DiffChunk;
            const uint16_t lo = uint16_t(std::max(w.begin, base) - base);
            const uint16_t hi = uint16_t(std::min(w.end, base + DiffChunk) - base);
            size_t k = 0;
            while (k < partials && partial[k].chunk != c)
                ++k;
            if (k == partials)
                partial[partials++] = { c, lo, hi };
            else
                partial[k] = { c, std::min(partial[k].lo, lo), std::max(partial[k].hi, hi) };
        }
    }
    // Merged into the ascending chunk list (the page list and the rollback rely on the order);
    // both lists are short, so an insertion is cheapest.
    for (size_t k = 0; k < partials; ++k) {
        if (!differs(partial[k].chunk, partial[k].lo, partial[k].hi))
            continue;
        const auto pos = std::lower_bound(changed.begin(), changed.end(), partial[k].chunk);
        const auto at = pos - changed.begin();
        changed.insert(pos, partial[k].chunk);
        ranges.insert(ranges.begin() + at, { partial[k].lo, partial[k].hi });
    }
}

void Runtime::Impl::commitPages(ProgramData& p, const ExecContext& ctx, uint32_t firstChunk)
{
    const size_t size = p.memory->ByteSize();
    if (p.image.size() < size)
        p.image.resize(size, 0);
    for (size_t i = 0; i < ctx.changedPages.size(); ++i) {
        const uint32_t c = ctx.changedPages[i];
        if (c < firstChunk)
            continue;
        const auto [lo, hi] = ctx.changedRanges[i];
        const size_t off = size_t(c) * DiffChunk + lo;
        std::memcpy(p.image.data() + off, p.memory->UnsafeData() + off, size_t(hi - lo));
    }
}

void Runtime::Impl::rollbackPages(ProgramData& p, const std::vector<uint32_t>& chunks)
{
    for (uint32_t c : chunks) {
        const size_t off = size_t(c) * DiffChunk;
        if (off + DiffChunk <= p.image.size())
            std::memcpy(p.memory->UnsafeData() + off, p.image.data() + off, DiffChunk);
        else
            std::memset(p.memory->UnsafeData() + off, 0, DiffChunk);
    }
}

Runtime::Impl::RunStatus Runtime::Impl::execute(
    ProgramData& p, Dispatch& d, wi::Func& fn, ExecContext& ctx, Gas gasAvailable, Gas allowanceAvailable)
{
    ctx.prog = &p;
    ctx.dispatch = &d;
    ctx.gasStart = gasAvailable;
    ctx.allowanceStart = allowanceAvailable;
    ctx.allocations = p.allocations;
    ctx.valueAvailable = p.balance + ((d.context || ctx.stateQuery) ? 0 : d.msg.value);
    if (d.context)
        ctx.store = *d.context;
    for (auto& [g, v] : p.mutableGlobals)
        g->UnsafeSet(v);
    // The classes of the constant-address stores, which carry no code (GasInstrumenter).
    if (p.dirtyGlobal)
        p.dirtyGlobal->UnsafeSet(wi::Value::Make(p.staticDirty));
    exec = &ctx;
    resetGasGlobal();

    wi::Values results;
    wi::Trap::Ptr trap;
    wabt::Result res = fn.Call(*thread, {}, results, &trap);
    ctx.burnedFinal = burnedSoFar();
    // Read while `exec` still points at this execution: gasGlobal() goes through it.
    const bool gasExhausted = gasGlobal() == GasInstrumenter::OutOfGasSentinel;
    exec = nullptr;
    // Without the instrumenter's tracking (no `gear_dirty`), every chunk is compared.
    const uint64_t wasmDirty = p.dirtyGlobal ? p.dirtyGlobal->Get().Get<uint64_t>() : ~uint64_t(0);
    diffPages(p, wasmDirty, ctx);
    if (wabt::Failed(res)) {
        // A trapped thread may hold frames; a fresh one is cheap compared with a trap.
        thread = std::make_unique<wi::Thread>(store);
        if (ctx.term == Termination::None || ctx.term == Termination::OutOfGas) {
            if (gasExhausted || ctx.term == Termination::OutOfGas) {
                if (!ctx.messageBoundIsMin)
                    return RunStatus::AllowanceExceeded;
                ctx.term = Termination::OutOfGas;
                ctx.trapError = ExecutionError::RanOutOfGas;
                ctx.trapMessage = "ran out of gas";
            } else {
                ctx.term = Termination::Trap;
                std::string msg = trap ? trap->message() : std::string("trap");
                ctx.trapMessage = msg;
                ctx.trapError = msg.find("call stack exhausted") != std::string::npos
                        || msg.find("value stack exhausted") != std::string::npos
                    ? ExecutionError::StackLimitExceeded
                    : ExecutionError::UnreachableInstruction;
            }
        }
    }
    return RunStatus::Finished;
}

void Runtime::Impl::processDispatch(StepRecord& r)
{
    Dispatch d = queue.take_front();
    // However the dispatch ends, a payload still here (not re-queued or parked) is spare.
    struct RecyclePayload
    {
        Impl& rt;
        Dispatch& d;
        ~RecyclePayload() { rt.recycle(std::move(d.msg.payload)); }
    } recyclePayload { *this, d };
    if (ops)
        op(WorldOp::QueuePopFront {});
    r.kind = StepKind::Dispatch;
    r.dispatchKind = d.kind;
    r.message = d.msg;
    r.actor = d.msg.destination;
    if (!d.gas)
        d.gas = std::make_shared<GasNode>();
    r.gasLimit = d.gas->value;
    const bool firstRun = !d.context;
    const bool isReplyOrSignal = d.kind == DispatchKind::Reply || d.kind == DispatchKind::Signal;

    auto requeueFront = [&]() {
        r.outcome = Outcome::AllowanceExceeded;
        queueStopped = true;
        // Precharges of the aborted attempt reduce the allowance only; the message keeps its gas (§1.6).
        d.gas->value += r.gasBurned;
        enqueueFront(std::move(d));
    };
    // Precharge: each step charges both the message gas and the block allowance (spec §1.5 step 3).
    auto precharge = [&](Gas amount) -> int {
        if (allowance < amount)
            return -1;
        if (d.gas->value < amount)
            return 0;
        d.gas->value -= amount;
        allowance -= amount;
        r.gasBurned += amount;
        return 1;
    };
    auto failOutOfGas = [&]() {
        // Precharge could not be paid: RanOutOfGas. Only the steps already charged are burned
        // (Gear's charge_if_enough leaves the counter as it was); the error reply shares the rest.
        r.outcome = Outcome::Trap;
        r.errorCode = ReplyCode::execution(ExecutionError::RanOutOfGas);
        r.trapMessage = "not enough gas for precharge";
        if (!isReplyOrSignal)
            sendErrorReply(d, *r.errorCode, {}, firstRun ? d.msg.value : 0, &r);
        else if (firstRun)
            credit(d.msg.source, d.msg.value);
        releaseGas(d.gas);
        // Like any execution error, an init that cannot pay its precharges fails the init (§4.3).
        if (d.kind == DispatchKind::Init) {
            auto it = programs.find(d.msg.destination);
            if (it != programs.end() && it->second->state == ProgramState::Uninitialized
                && it->second->initMessage == d.msg.id) {
                markDirty(it->first);
                terminateProgram(*it->second, d.msg.source);
            }
        }
    };
    auto unavailable = [&](UnavailableActor why, Bytes payload) {
        r.outcome = Outcome::Unavailable;
        r.errorCode = ReplyCode::unavailable(why);
        if (!isReplyOrSignal)
            sendErrorReply(d, *r.errorCode, std::move(payload), firstRun ? d.msg.value : 0, &r);
        else if (firstRun)
            credit(d.msg.source, d.msg.value); // nobody can take it: back to the sender
        releaseGas(d.gas);
    };

    int pc = precharge(Costs::ProgramDataRead);
    if (pc < 0) {
        requeueFront();
        return;
    }
    if (pc == 0) {
        failOutOfGas();
        return;
    }
    auto pit = programs.find(d.msg.destination);
    if (pit == programs.end()) {
        if (auto nc = notCreated.find(d.msg.destination); nc != notCreated.end()) {
            r.trapMessage = nc->second;
            if (d.kind == DispatchKind::Init)
                notCreated.erase(nc);
        }
        unavailable(UnavailableActor::ProgramNotCreated, {});
        return;
    }
    ProgramData& p = *pit->second;
    markDirty(p.id);
    if (p.state == ProgramState::Terminated) {
        unavailable(UnavailableActor::InitializationFailure, {});
        return;
    }
    if (p.state == ProgramState::Exited) {
        unavailable(UnavailableActor::ProgramExited, Bytes(p.inheritor.bytes.begin(), p.inheritor.bytes.end()));
        return;
    }
    if (p.state == ProgramState::Uninitialized) {
        const bool isItsInit = d.kind == DispatchKind::Init && d.msg.id == p.initMessage;
        if (!isItsInit && d.kind != DispatchKind::Reply) {
            unavailable(UnavailableActor::Uninitialized, {});
            return;
        }
    }
    pc = precharge(Costs::CodeMetadataRead);
    if (pc < 0) {
        requeueFront();
        return;
    }
    if (pc == 0) {
        failOutOfGas();
        return;
    }

    wi::Func* exportFn = p.kindExports[size_t(d.kind)];
    p.handled += 1;
    if (!exportFn) {
        // Missing export: a successful no-op (spec §1.2).
        r.outcome = Outcome::NoExport;
        if (firstRun)
            p.balance += d.msg.value;
        if (d.kind == DispatchKind::Init || d.kind == DispatchKind::Handle)
            sendAutoReply(d.msg, p.id, &r);
        if (d.kind == DispatchKind::Init)
            p.state = ProgramState::Active;
        p.gasBurned += r.gasBurned;
        releaseGas(d.gas);
        return;
    }
    const Gas codeCost = Costs::DbRead + Gas(p.code->instrumented.size()) * Costs::CodeReadPerByte
        + Gas(p.code->instrumented.size()) * Costs::InstantiationPerByte;
    pc = precharge(codeCost);
    if (pc < 0) {
        p.handled -= 1;
        requeueFront();
        return;
    }
    if (pc == 0) {
        failOutOfGas();
        p.gasBurned += r.gasBurned;
        return;
    }

    ExecContext ctx;
    // The chunk lists live on between dispatches so that filling them does not allocate.
    ctx.changedPages.swap(chunkScratch);
    ctx.changedRanges.swap(rangeScratch);
    ctx.sends.swap(sendScratch);
    struct GiveBack
    {
        Impl& rt;
        ExecContext& ctx;
        ~GiveBack()
        {
            rt.chunkScratch.swap(ctx.changedPages);
            rt.rangeScratch.swap(ctx.changedRanges);
            ctx.sends.clear(); // routed (moved from) or dropped with the execution
            rt.sendScratch.swap(ctx.sends);
        }
    } giveBack { *this, ctx };
    const Gas gasBefore = d.gas->value;
    RunStatus st = execute(p, d, *exportFn, ctx, d.gas->value, allowance);
    if (st == RunStatus::AllowanceExceeded) {
        // Everything the aborted run did is dropped; its burn reduces only the allowance (§1.6).
        rollbackPages(p, ctx.changedPages);
        allowance = 0;
        p.handled -= 1;
        requeueFront();
        return;
    }
    Gas burned = ctx.burnedFinal;
    const std::vector<uint32_t>& changed = ctx.changedPages;
    // Pages below __gear_stack_end are the shadow stack: never persisted (spec §7.1).
    const uint32_t stackChunks = p.code->stackEnd ? *p.code->stackEnd / DiffChunk : 0;
    // Gear pages, ascending, unique; a scratch list that keeps its capacity between dispatches.
    std::vector<uint32_t>& persistedPages = pageScratch;
    persistedPages.clear();
    for (uint32_t c : changed) {
        if (c < stackChunks)
            continue;
        const uint32_t page = c / (GearPage / DiffChunk);
        if (persistedPages.empty() || persistedPages.back() != page)
            persistedPages.push_back(page);
    }
    const bool success = ctx.term == Termination::None || ctx.term == Termination::Leave
        || ctx.term == Termination::Exit || ctx.term == Termination::Wait;
    if (success) {
        // Writing pages costs storage: charged after the fact, may still run the message out of gas.
        Gas pageCost = Gas(persistedPages.size()) * Costs::PageWrite;
        Gas msgLeft = gasBefore - std::min(gasBefore, burned + ctx.carved);
        if (pageCost > msgLeft || pageCost > allowance - std::min(allowance, burned)) {
            if (pageCost > allowance - std::min(allowance, burned) && pageCost <= msgLeft) {
                rollbackPages(p, changed);
                allowance = 0;
                p.handled -= 1;
                requeueFront();
                return;
            }
            ctx.term = Termination::OutOfGas;
            ctx.trapError = ExecutionError::RanOutOfGas;
            ctx.trapMessage = "ran out of gas writing memory pages";
            burned += msgLeft;
        } else {
            burned += pageCost;
        }
    }
    r.gasBurned += burned;
    r.syscalls = std::move(ctx.events);
    r.syscallCount = ctx.syscallCount;
    r.debug = std::move(ctx.debug);
    if (ctx.debugDroppedLines)
        r.debug.push_back("gearscope: " + std::to_string(ctx.debugDroppedLines) + " more gr_debug line(s) ("
            + std::to_string(ctx.debugDroppedBytes) + " bytes) dropped: the debug output limit is "
            + std::to_string(config.maxDebugBytesPerStep) + " bytes and " + std::to_string(config.maxDebugLinesPerStep)
            + " lines per step");
    allowance -= std::min(allowance, burned);
    p.gasBurned += r.gasBurned;

    const bool committed = ctx.term == Termination::None || ctx.term == Termination::Leave
        || ctx.term == Termination::Exit || ctx.term == Termination::Wait;
    if (!committed) {
        // ---- Trap: rollback (spec §4.3) ----
        rollbackPages(p, changed);
        d.gas->value -= std::min(d.gas->value, burned);
        r.outcome = Outcome::Trap;
        ExecutionError err = ctx.term == Termination::Panic ? ExecutionError::UserspacePanic
            : ctx.term == Termination::OomPanic             ? ExecutionError::MemoryOverflow
                                                            : ctx.trapError;
        r.errorCode = ReplyCode::execution(err);
        r.trapMessage = ctx.trapMessage;
        r.panicPayload = ctx.panicPayload;
        if (d.kind == DispatchKind::Init || d.kind == DispatchKind::Handle) {
            Bytes payload = err == ExecutionError::UserspacePanic ? ctx.panicPayload : Bytes {};
            sendErrorReply(d, *r.errorCode, std::move(payload), firstRun ? d.msg.value : 0, &r);
        } else if (firstRun && d.msg.value) {
            credit(d.msg.source, d.msg.value);
        }
        // A system reservation turns the trap into a signal (not for Init/Signal/error replies).
        const auto& sys = ctx.store.systemReservation ? ctx.store.systemReservation
                                                      : (d.context ? d.context->systemReservation : std::nullopt);
        const bool isErrorReply = d.kind == DispatchKind::Reply && d.msg.replyCode.isError();
        if (sys && d.kind != DispatchKind::Init && d.kind != DispatchKind::Signal && !isErrorReply) {
            static const uint32_t signalFor[] = { 101, 103, 102, 100, 104, 105 };
            sendSignal(d, p.id, *sys, signalFor[int(err)], &r);
        }
        if (d.kind == DispatchKind::Init)
            terminateProgram(p, d.msg.source);
        // The discarded gasless messages still share the node: drop them so the release refunds (§5.1).
        ctx.sends.clear();
        ctx.inits.clear();
        ctx.reply.reset();
        releaseGas(d.gas);
        return;
    }

    // ---- Success / Exit / Wait: apply the journal in Gear's order (spec §1.4) ----
    // 1. gas burned; carved gas already lives in the outgoing messages' nodes.
    d.gas->value -= std::min(d.gas->value, burned + ctx.carved);
    for (auto& [rid, res] : ctx.newReservations) {
        p.reservations[rid] = res;
        schedule(res.expiresAt, Task { TaskKind::RemoveGasReservation, p.id, {}, rid, false });
    }
    for (const auto& rid : ctx.usedReservations) {
        p.reservations.erase(rid);
        for (auto it = tasks.begin(); it != tasks.end();) {
            if (it->second.kind == TaskKind::RemoveGasReservation && it->second.reservation == rid) {
                if (ops)
                    op(WorldOp::TaskRemove { taskSnapshot(it->first, it->second) });
                it = tasks.erase(it);
            } else {
                ++it;
            }
        }
    }
    // 2. incoming value (first execution only), minus what the execution sent away.
    p.balance = ctx.valueAvailable;
    // 3. programs created with gr_create_program, before their init messages.
    for (const auto& c : ctx.created) {
        r.createdPrograms.push_back(c.id);
        if (programs.count(c.id) || !codes.count(c.code))
            continue; // exists already, or unknown code: the init will meet ProgramNotCreated (§6.2)
        auto np = createProgram(c.id, c.code, c.initMessage, config.existentialDeposit);
        if (!np) {
            // Gear's answer stays ProgramNotCreated (§6.2); the init's step and this one say why.
            const std::string why = "program " + c.id.hex() + " not created: " + np.error();
            r.debug.push_back("gearscope: " + why);
            notCreated[c.id] = why;
        }
    }
    // 4. auto-reply first when no manual reply was sent and the message is not waiting.
    const bool replied = ctx.reply.has_value() || (d.context && d.context->replySent);
    if (ctx.term != Termination::Wait && (d.kind == DispatchKind::Init || d.kind == DispatchKind::Handle) && !replied)
        sendAutoReply(d.msg, p.id, &r);
    // 5. reply deposits.
    for (const auto& [mid, gas] : ctx.replyDeposits)
        replyDeposits[mid] = gas;
    // 6. generated dispatches: inits, then handle messages in commit order, then the manual reply.
    for (auto& o : ctx.inits)
        route(std::move(o), &r);
    for (auto& o : ctx.sends)
        route(std::move(o), &r);
    if (ctx.reply) {
        ctx.store.replySent = true;
        route(std::move(*ctx.reply), &r);
    }
    // 7. wakes, in call order.
    for (const auto& [mid, delay] : ctx.wakes) {
        if (delay == 0) {
            wakeMessage(p.id, mid, &r);
        } else {
            auto pw = waitlist.find(p.id);
            if (pw != waitlist.end() && pw->second.count(mid)) {
                pw->second[mid].wakeAt = blockAfter(height, delay);
                schedule(blockAfter(height, delay), Task { TaskKind::WakeMessage, p.id, mid, {}, false });
            }
        }
    }
    // 8. memory pages (already in place) and allocations; the shadow stack is not kept.
    for (uint32_t c : changed) {
        if (c < stackChunks)
            std::memset(p.memory->UnsafeData() + size_t(c) * DiffChunk, 0, DiffChunk);
    }
    commitPages(p, ctx, stackChunks);
    if (pageWrites) {
        // Each page with the 1 KiB chunks that changed in it (both lists ascending), and only
        // those chunks' bytes: a whole-page copy per step was most of the recording's cost here.
        static_assert(GearPage / DiffChunk == 16 && PageWrite::Chunk == DiffChunk, "a chunkMask bit per chunk");
        size_t k = 0;
        for (uint32_t pg : persistedPages) {
            const uint8_t* m = p.memory->UnsafeData() + size_t(pg) * GearPage;
            uint16_t mask = 0;
            for (; k < changed.size() && changed[k] / (GearPage / DiffChunk) <= pg; ++k)
                if (changed[k] / (GearPage / DiffChunk) == pg)
                    mask |= uint16_t(1u << (changed[k] % (GearPage / DiffChunk)));
            pageWrites->push_back({ p.id, pg, PageWrite::chunksOf(m, mask), mask });
        }
    }
    r.changedPages.assign(persistedPages.begin(), persistedPages.end());
    p.allocations = ctx.allocations;
    // 9. wait / exit / init done.
    switch (ctx.term) {
    case Termination::Wait: {
        r.outcome = Outcome::Wait;
        auto cs = std::make_shared<ContextStore>(ctx.store);
        d.context = cs;
        addToWaitlist(std::move(d), ctx.waitKind, ctx.waitDuration, &r);
        return;
    }
    case Termination::Exit:
        r.outcome = Outcome::Exit;
        if (d.kind == DispatchKind::Init && p.state == ProgramState::Uninitialized)
            p.state = ProgramState::Active;
        exitProgram(p, ctx.exitInheritor);
        break;
    default:
        r.outcome = Outcome::Success;
        if (d.kind == DispatchKind::Init)
            p.state = ProgramState::Active;
        break;
    }
    releaseGas(d.gas);
}

// ===================================================================== Runtime: public API

namespace {
/// Collects the world ops of one user action (when recording) and reports the action.
class InputScope
{
public:
    explicit InputScope(Runtime::Impl& d)
        : m_d(d)
    {
        m_d.beginRecord(&m_ops, &m_pages);
    }
    ~InputScope()
    {
        if (m_d.ops == &m_ops)
            m_d.endRecord(); // failed action: nothing to report
    }
    void emit(InputRecord&& in) { m_d.emitInput(std::move(in), m_ops, m_pages); }

private:
    Runtime::Impl& m_d;
    WorldOps m_ops;
    std::vector<PageWrite> m_pages;
};
} // namespace

Runtime::Runtime(RuntimeConfig config)
    : d(std::make_unique<Impl>(config))
{
    // gtest's default users (spec §8): ALICE..EVE = u64::MAX-1..-4.
    const char* names[] = { "alice", "bob", "charlie", "eve" };
    for (int i = 0; i < 4; ++i) {
        auto u = std::make_unique<UserData>();
        u->id = ActorId::fromU64(~uint64_t(0) - 1 - uint64_t(i));
        u->name = names[i];
        u->balance = config.defaultUserBalance;
        u->creationOrder = d->creationCounter++;
        d->names[u->id] = names[i];
        d->users.emplace(u->id, std::move(u));
    }
}

Runtime::~Runtime() = default;

const RuntimeConfig& Runtime::config() const { return d->config; }

Result<CodeId> Runtime::submitCode(const Bytes& wasmOrWat, const std::string& sourceName)
{
    auto info = CodeLoader::load(wasmOrWat, sourceName);
    if (!info)
        return Result<CodeId>::failure(info.error());
    CodeId id = info->id;
    if (!d->codes.count(id)) {
        // Each code keeps its bytes, the instrumented module and wabt's decoded form for the run.
        if (d->codes.size() >= d->config.maxCodes)
            return Result<CodeId>::failure(
                sourceName + ": code limit reached (" + std::to_string(d->config.maxCodes) + " codes submitted)");
        if (d->codeBytes + info->original.size() > d->config.maxCodeBytes)
            return Result<CodeId>::failure(sourceName + ": code size limit reached (" + std::to_string(d->codeBytes)
                + " bytes submitted, " + std::to_string(info->original.size()) + " more would exceed "
                + std::to_string(d->config.maxCodeBytes) + ")");
        InputScope scope(*d);
        InputRecord in;
        in.kind = InputKind::SubmitCode;
        in.code = id;
        in.codeBytes = info->original;
        in.name = sourceName;
        d->codes.emplace(id, std::make_shared<const CodeInfo>(std::move(info).value()));
        auto mod = d->moduleFor(id);
        if (!mod) {
            d->codes.erase(id);
            return Result<CodeId>::failure(sourceName + ": " + mod.error());
        }
        d->codeBytes += in.codeBytes.size();
        scope.emit(std::move(in));
    }
    return id;
}

Result<ActorId> Runtime::addUser(const std::string& name, std::optional<u128> balance)
{
    // User ids are the hash of their name so scenarios give stable ids across runs.
    ActorId id;
    id.bytes = Ids::blake2b256(toBytes("gearscope-user:" + name));
    if (!d->users.count(id) && d->programs.size() + d->users.size() >= d->config.maxActors)
        return Result<ActorId>::failure("user \"" + name + "\" not added: actor limit reached ("
            + std::to_string(d->config.maxActors) + " users and programs)");
    auto u = std::make_unique<UserData>();
    u->id = id;
    u->name = name;
    u->balance = balance.value_or(d->config.defaultUserBalance);
    u->creationOrder = d->creationCounter++;
    InputScope scope(*d);
    InputRecord in;
    in.kind = InputKind::AddUser;
    in.user = id;
    in.name = name;
    in.value = u->balance;
    d->names[id] = name;
    d->users[id] = std::move(u);
    d->markDirty(id);
    scope.emit(std::move(in));
    return id;
}

std::optional<ActorId> Runtime::userByName(const std::string& name) const
{
    for (const auto& [id, u] : d->users)
        if (u->name == name)
            return id;
    return std::nullopt;
}

std::optional<ActorId> Runtime::actorByName(const std::string& name) const
{
    for (const auto& [id, n] : d->names)
        if (n == name)
            return id;
    ActorId id;
    if (ActorId::fromHex(name, &id))
        return id;
    return std::nullopt;
}

void Runtime::setActorName(const ActorId& id, const std::string& name)
{
    d->names[id] = name;
    if (auto p = d->programs.find(id); p != d->programs.end())
        p->second->name = name;
    if (auto u = d->users.find(id); u != d->users.end())
        u->second->name = name;
}

Result<Runtime::Upload> Runtime::uploadProgram(const ActorId& user, const CodeId& code, const Bytes& salt,
    const Bytes& initPayload, u128 value, std::optional<Gas> gasLimit, const std::string& name)
{
    using R = Result<Upload>;
    auto u = d->users.find(user);
    if (u == d->users.end())
        return R::failure("unknown user " + user.hex());
    if (!d->codes.count(code))
        return R::failure("unknown code id " + code.hex() + " (submit the code first)");
    if (initPayload.size() > d->config.maxPayloadSize)
        return R::failure("init payload of " + std::to_string(initPayload.size()) + " bytes exceeds the 8 MiB limit");
    Gas gas = gasLimit.value_or(d->config.maxUserGasLimit);
    if (gas > d->config.maxUserGasLimit)
        return R::failure("gas limit " + std::to_string(gas) + " exceeds the block gas limit "
            + std::to_string(d->config.maxUserGasLimit));
    ActorId pid = Ids::programFromUser(code, salt);
    if (d->programs.count(pid))
        return R::failure("program " + pid.hex() + " already exists (same code and salt)");
    u128 cost = value + u128(gas) * d->config.valuePerGas + d->config.existentialDeposit;
    if (u->second->balance < cost)
        return R::failure("user " + actorName(user) + " cannot pay value + gas + existential deposit ("
            + u128ToString(cost) + " > balance " + u128ToString(u->second->balance) + ")");
    // gtest ids: block height + 1 and a global nonce (spec §1.3).
    InputScope scope(*d);
    MessageId mid = Ids::external(d->height + 1, user, d->userNonce);
    auto p = d->createProgram(pid, code, mid, d->config.existentialDeposit);
    if (!p)
        return R::failure(p.error());
    d->userNonce++;
    u->second->balance -= cost;
    d->markDirty(user);
    if (!name.empty()) {
        p.value()->name = name;
        d->names[pid] = name;
    }
    Dispatch disp;
    disp.kind = DispatchKind::Init;
    disp.msg.id = mid;
    disp.msg.source = user;
    disp.msg.destination = pid;
    disp.msg.payload = initPayload;
    disp.msg.value = value;
    disp.msg.gasLimit = gas;
    disp.gas = std::make_shared<GasNode>();
    disp.gas->value = gas;
    disp.gas->refundTo = user;
    d->enqueue(std::move(disp));
    d->markDirty(pid); // after naming it
    InputRecord in;
    in.kind = InputKind::Upload;
    in.user = user;
    in.target = pid;
    in.code = code;
    in.name = name;
    in.salt = salt;
    in.payload = initPayload;
    in.value = value;
    in.gasLimit = gas;
    in.message = mid;
    scope.emit(std::move(in));
    return Upload { pid, mid };
}

Result<MessageId> Runtime::sendMessage(
    const ActorId& user, const ActorId& destination, const Bytes& payload, u128 value, std::optional<Gas> gasLimit)
{
    using R = Result<MessageId>;
    auto u = d->users.find(user);
    if (u == d->users.end())
        return R::failure("unknown user " + user.hex());
    if (payload.size() > d->config.maxPayloadSize)
        return R::failure("payload of " + std::to_string(payload.size()) + " bytes exceeds the 8 MiB limit");
    if (d->queue.size() >= d->config.maxQueueLength)
        return R::failure("queue limit reached (" + std::to_string(d->config.maxQueueLength) + " messages)");
    Gas gas = gasLimit.value_or(d->config.maxUserGasLimit);
    if (gas > d->config.maxUserGasLimit)
        return R::failure("gas limit " + std::to_string(gas) + " exceeds the block gas limit "
            + std::to_string(d->config.maxUserGasLimit));
    u128 cost = value + u128(gas) * d->config.valuePerGas;
    if (u->second->balance < cost)
        return R::failure("user " + actorName(user) + " cannot pay value + gas (" + u128ToString(cost) + " > balance "
            + u128ToString(u->second->balance) + ")");
    InputScope scope(*d);
    u->second->balance -= cost;
    d->markDirty(user);
    MessageId mid = Ids::external(d->height + 1, user, d->userNonce++);
    Dispatch disp;
    disp.kind = DispatchKind::Handle;
    disp.msg.id = mid;
    disp.msg.source = user;
    disp.msg.destination = destination;
    disp.msg.payload = payload;
    disp.msg.value = value;
    disp.msg.gasLimit = gas;
    disp.gas = std::make_shared<GasNode>();
    disp.gas->value = gas;
    disp.gas->refundTo = user;
    if (d->programs.count(destination)) {
        d->enqueue(std::move(disp));
    } else {
        // User to user: a plain transfer, recorded in the user log.
        d->credit(destination, value);
        d->appendUserLog(disp.msg);
        d->releaseGas(disp.gas);
    }
    InputRecord in;
    in.kind = InputKind::Send;
    in.user = user;
    in.target = destination;
    in.payload = payload;
    in.value = value;
    in.gasLimit = gas;
    in.message = mid;
    scope.emit(std::move(in));
    return mid;
}

Result<MessageId> Runtime::replyFromMailbox(
    const ActorId& user, const MessageId& mailboxMessage, const Bytes& payload, u128 value, std::optional<Gas> gasLimit)
{
    using R = Result<MessageId>;
    auto u = d->users.find(user);
    if (u == d->users.end())
        return R::failure("unknown user " + user.hex());
    auto& mb = u->second->mailbox;
    for (size_t i = 0; i < mb.size(); ++i) {
        if (mb[i].message.id != mailboxMessage)
            continue;
        Message m = mb[i].message;
        Gas gas = gasLimit.value_or(d->config.maxUserGasLimit);
        const bool deposit = d->replyDeposits.count(m.id) > 0;
        if (deposit)
            gas = 0; // the program's reply deposit pays (spec §2)
        u128 cost = value + u128(gas) * d->config.valuePerGas;
        if (u->second->balance + m.value < cost)
            return R::failure("user cannot pay value + gas for the reply");
        InputScope scope(*d);
        const Gas requestedGas = gasLimit.value_or(d->config.maxUserGasLimit);
        GasRef held = u->second->mailboxGas[i];
        chargeMailboxHold(held, mb[i], d->height);
        if (d->ops)
            d->op(WorldOp::MailboxRemove { user, m.id });
        mb.erase(mb.begin() + long(i));
        u->second->mailboxGas.erase(u->second->mailboxGas.begin() + long(i));
        d->eraseTasks(TaskKind::RemoveFromMailbox, user, m.id);
        d->releaseGas(held);
        u->second->balance += m.value;
        u->second->balance -= cost;
        d->markDirty(user);
        Outgoing o;
        o.kind = DispatchKind::Reply;
        o.msg.id = Ids::reply(m.id);
        o.msg.source = user;
        o.msg.destination = m.source;
        o.msg.payload = payload;
        o.msg.value = value;
        o.msg.replyTo = m.id;
        o.msg.replyCode = ReplyCode::successManual();
        auto g = std::make_shared<GasNode>();
        g->value = gas;
        g->refundTo = user;
        o.gas = d->replyGas(m.id, g);
        MessageId rid = o.msg.id;
        d->route(std::move(o), nullptr);
        InputRecord in;
        in.kind = InputKind::Reply;
        in.user = user;
        in.target = m.source;
        in.payload = payload;
        in.value = value;
        in.gasLimit = requestedGas;
        in.message = rid;
        in.repliedTo = m.id;
        scope.emit(std::move(in));
        return rid;
    }
    return R::failure("message " + mailboxMessage.hex() + " is not in " + actorName(user) + "'s mailbox");
}

Result<Ok> Runtime::claimValue(const ActorId& user, const MessageId& mailboxMessage)
{
    auto u = d->users.find(user);
    if (u == d->users.end())
        return Result<Ok>::failure("unknown user " + user.hex());
    auto& mb = u->second->mailbox;
    for (size_t i = 0; i < mb.size(); ++i) {
        if (mb[i].message.id != mailboxMessage)
            continue;
        Message m = mb[i].message;
        InputScope scope(*d);
        GasRef held = u->second->mailboxGas[i];
        chargeMailboxHold(held, mb[i], d->height);
        if (d->ops)
            d->op(WorldOp::MailboxRemove { user, m.id });
        mb.erase(mb.begin() + long(i));
        u->second->mailboxGas.erase(u->second->mailboxGas.begin() + long(i));
        d->eraseTasks(TaskKind::RemoveFromMailbox, user, m.id);
        d->releaseGas(held);
        u->second->balance += m.value;
        d->markDirty(user);
        auto p = d->programs.find(m.source);
        if (p != d->programs.end() && p->second->state == ProgramState::Active)
            d->sendAutoReply(m, user, nullptr);
        InputRecord in;
        in.kind = InputKind::Claim;
        in.user = user;
        in.target = m.source;
        in.repliedTo = m.id;
        scope.emit(std::move(in));
        return Ok {};
    }
    return Result<Ok>::failure("message " + mailboxMessage.hex() + " is not in " + actorName(user) + "'s mailbox");
}

void Runtime::setObserver(Observer observer) { d->observer = std::move(observer); }

void Runtime::setInputObserver(InputObserver observer) { d->inputObserver = std::move(observer); }

void Runtime::setRecordWorld(bool on) { d->config.recordWorld = on; }

std::optional<StepRecord> Runtime::step() { return d->step(); }

std::optional<StepRecord> Runtime::stepDispatch()
{
    while (auto r = d->step()) {
        if (r->kind == StepKind::Dispatch)
            return r;
    }
    return std::nullopt;
}

/// Lets `blocks` empty blocks pass (time moves on, nothing runs). Recorded as an input, since no
/// step shows it.
static void letEmptyBlocksPass(Runtime::Impl& d, BlockNumber blocks)
{
    InputScope scope(d);
    d.height += blocks;
    d.timestamp += uint64_t(blocks) * d.config.blockDurationMs;
    InputRecord in;
    in.kind = InputKind::IdleBlock;
    in.value = blocks;
    scope.emit(std::move(in));
}

Runtime::BlockSummary Runtime::runBlock()
{
    BlockSummary s;
    if (!d->blockOpen) {
        const bool tasksDue = !d->tasks.empty() && d->tasks.begin()->first <= d->height + 1;
        if (d->queue.empty() && !tasksDue) {
            letEmptyBlocksPass(*d, 1);
            s.block = d->height;
            return s;
        }
        d->openBlock(false);
    }
    s.block = d->height;
    const Gas start = d->config.blockGasAllowance;
    while (d->blockOpen) {
        if (d->dueTasks.empty() && (d->queueStopped || d->queue.empty())) {
            s.allowanceExhausted = d->queueStopped;
            endBlock();
            break;
        }
        // One record for the whole block, reset between steps: see resetRecord.
        d->resetRecord(d->blockRecord);
        if (!d->step(d->blockRecord))
            break;
        s.steps++;
        if (d->blockRecord.kind == StepKind::Dispatch && d->blockRecord.outcome != Outcome::AllowanceExceeded)
            s.dispatches++;
    }
    s.allowanceSpent = start - d->allowance;
    return s;
}

uint64_t Runtime::runUntilIdle(uint32_t maxBlocks)
{
    uint64_t steps = 0;
    const uint64_t limit = uint64_t(d->height) + maxBlocks;
    while (!d->idle() || d->blockOpen) {
        if (!d->blockOpen && d->queue.empty() && !d->tasks.empty()) {
            // Nothing to do until the next task: let the empty blocks pass in one go.
            const BlockNumber next = d->tasks.begin()->first;
            if (next > limit)
                break;
            if (next > d->height + 1)
                letEmptyBlocksPass(*d, next - 1 - d->height);
        } else if (!d->blockOpen && uint64_t(d->height) + 1 > limit) {
            break;
        }
        auto s = runBlock();
        steps += s.steps;
    }
    return steps;
}

void Runtime::endBlock()
{
    if (!d->blockOpen)
        return;
    InputScope scope(*d);
    d->closeBlock();
    InputRecord in;
    in.kind = InputKind::EndBlock;
    scope.emit(std::move(in));
}

std::optional<BlockNumber> Runtime::nextTaskBlock() const
{
    if (!d->dueTasks.empty())
        return d->dueTasks.front().first;
    if (d->tasks.empty())
        return std::nullopt;
    return d->tasks.begin()->first;
}

bool Runtime::blockHasWork() const
{
    // The same conditions as runBlock's: it opens a block only for queued work or a due task,
    // and ends the open one when neither is left.
    if (!d->blockOpen)
        return !d->queue.empty() || (!d->tasks.empty() && d->tasks.begin()->first <= d->height + 1);
    return !d->dueTasks.empty() || (!d->queueStopped && !d->queue.empty());
}

BlockNumber Runtime::passEmptyBlocks(BlockNumber blocks)
{
    if (d->blockOpen || !d->queue.empty() || blocks == 0)
        return 0;
    if (!d->tasks.empty()) {
        const BlockNumber next = d->tasks.begin()->first;
        if (next <= d->height + 1)
            return 0;
        blocks = std::min<BlockNumber>(blocks, next - 1 - d->height);
    }
    letEmptyBlocksPass(*d, blocks);
    return blocks;
}

bool Runtime::idle() const { return d->idle() && !d->blockOpen; }

BlockNumber Runtime::blockHeight() const { return d->height; }
uint64_t Runtime::blockTimestamp() const { return d->timestamp; }
bool Runtime::blockOpen() const { return d->blockOpen; }
uint64_t Runtime::stepCount() const { return d->steps; }
Gas Runtime::allowanceLeft() const { return d->blockOpen ? d->allowance : d->config.blockGasAllowance; }

static ProgramSnapshot snapshotOf(const ProgramData& p)
{
    ProgramSnapshot s;
    s.id = p.id;
    s.name = p.name;
    s.codeId = p.code->id;
    s.state = p.state;
    s.initMessage = p.initMessage;
    s.inheritor = p.inheritor;
    s.balance = p.balance;
    s.allocations.assign(p.allocations.begin(), p.allocations.end());
    s.staticPages = p.code->staticPages;
    s.memoryPages = uint32_t(p.memory->ByteSize() / WasmPage);
    s.handled = p.handled;
    s.gasBurned = p.gasBurned;
    s.exports = p.code->exports;
    return s;
}

std::vector<ProgramSnapshot> Runtime::programs() const
{
    std::vector<ProgramSnapshot> out;
    for (const auto& [id, p] : d->programs)
        out.push_back(snapshotOf(*p));
    std::sort(out.begin(), out.end(), [&](const ProgramSnapshot& a, const ProgramSnapshot& b) {
        return d->programs.at(a.id)->creationOrder < d->programs.at(b.id)->creationOrder;
    });
    return out;
}

std::vector<UserSnapshot> Runtime::users() const
{
    std::vector<std::pair<uint64_t, UserSnapshot>> tmp;
    for (const auto& [id, u] : d->users)
        tmp.push_back({ u->creationOrder, UserSnapshot { u->id, u->name, u->balance } });
    std::sort(tmp.begin(), tmp.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<UserSnapshot> out;
    for (auto& t : tmp)
        out.push_back(std::move(t.second));
    return out;
}

std::optional<ProgramSnapshot> Runtime::program(const ActorId& id) const
{
    auto p = d->programs.find(id);
    if (p == d->programs.end())
        return std::nullopt;
    return snapshotOf(*p->second);
}

bool Runtime::isProgram(const ActorId& id) const { return d->programs.count(id) > 0; }

std::string Runtime::actorName(const ActorId& id) const
{
    auto n = d->names.find(id);
    if (n != d->names.end() && !n->second.empty())
        return n->second;
    return id.shortHex();
}

u128 Runtime::balanceOf(const ActorId& id) const
{
    if (auto p = d->programs.find(id); p != d->programs.end())
        return p->second->balance;
    if (auto u = d->users.find(id); u != d->users.end())
        return u->second->balance;
    return 0;
}

std::vector<QueuedDispatch> Runtime::queue() const
{
    std::vector<QueuedDispatch> out;
    out.reserve(d->queue.size());
    for (const auto& q : d->queue)
        out.push_back({ q.kind, q.msg, q.gas ? q.gas->value : 0, bool(q.context) });
    return out;
}

std::vector<WaitlistEntry> Runtime::waitlist() const
{
    std::vector<WaitlistEntry> out;
    for (const auto& [pid, entries] : d->waitlist)
        for (const auto& [mid, w] : entries)
            out.push_back({ pid, w.dispatch.kind, w.dispatch.msg, w.since, w.wakeAt, w.expiresAt });
    return out;
}

std::vector<TaskSnapshot> Runtime::tasks() const
{
    // Due tasks (already taken out of the pool for the open block) come first: their blocks are
    // not after any pending task's.
    std::vector<TaskSnapshot> out;
    for (const auto& [b, t] : d->dueTasks)
        out.push_back(Impl::taskSnapshot(b, t));
    for (const auto& [b, t] : d->tasks)
        out.push_back(Impl::taskSnapshot(b, t));
    return out;
}

std::vector<MailboxEntry> Runtime::mailbox(const ActorId& user) const
{
    auto u = d->users.find(user);
    if (u == d->users.end())
        return {};
    return u->second->mailbox;
}

std::vector<Message> Runtime::userLog() const { return d->userLog; }

std::shared_ptr<const CodeInfo> Runtime::code(const CodeId& id) const
{
    auto c = d->codes.find(id);
    return c == d->codes.end() ? nullptr : c->second;
}

Bytes Runtime::memoryPage(const ActorId& program, uint32_t gearPage) const
{
    auto p = d->programs.find(program);
    if (p == d->programs.end())
        return {};
    size_t off = size_t(gearPage) * GearPage;
    if (off + GearPage > p->second->memory->ByteSize())
        return {};
    const uint8_t* m = p->second->memory->UnsafeData() + off;
    return Bytes(m, m + GearPage);
}

Bytes Runtime::memory(const ActorId& program) const
{
    auto p = d->programs.find(program);
    if (p == d->programs.end())
        return {};
    const uint8_t* m = p->second->memory->UnsafeData();
    return Bytes(m, m + p->second->memory->ByteSize());
}

Hash Runtime::memoryHash(const ActorId& program) const
{
    auto p = d->programs.find(program);
    if (p == d->programs.end())
        return {};
    return Ids::blake2b256(p->second->memory->UnsafeData(), p->second->memory->ByteSize());
}

Result<Bytes> Runtime::readState(const ActorId& program, const Bytes& payload)
{
    using R = Result<Bytes>;
    auto pit = d->programs.find(program);
    if (pit == d->programs.end())
        return R::failure("no program " + program.hex());
    ProgramData& p = *pit->second;
    auto stateFn = p.exports.find("state");
    if (stateFn == p.exports.end())
        return R::failure("program " + actorName(program) + " has no `state` export");
    if (p.state != ProgramState::Active)
        return R::failure(std::string("program is ") + toString(p.state));
    Dispatch disp;
    disp.kind = DispatchKind::Handle;
    disp.msg.id = Ids::external(d->height, ActorId {}, 0);
    disp.msg.destination = program;
    disp.msg.payload = payload;
    disp.gas = std::make_shared<GasNode>();
    disp.gas->value = d->config.maxUserGasLimit;
    ExecContext ctx;
    ctx.stateQuery = true;
    const auto allocations = p.allocations;
    const u128 balance = p.balance;
    auto st = d->execute(p, disp, *stateFn->second, ctx, disp.gas->value, d->config.blockGasAllowance);
    // Nothing persists: restore memory whatever happened.
    d->rollbackPages(p, ctx.changedPages);
    p.allocations = allocations;
    p.balance = balance;
    if (st != Impl::RunStatus::Finished)
        return R::failure("state query ran out of gas");
    if (ctx.term == Termination::Panic)
        return R::failure("state query panicked: " + std::string(ctx.panicPayload.begin(), ctx.panicPayload.end()));
    if (ctx.term != Termination::None && ctx.term != Termination::Leave && ctx.term != Termination::Exit)
        return R::failure("state query trapped: " + ctx.trapMessage);
    if (!ctx.reply)
        return R::failure("state query did not reply");
    return ctx.reply->msg.payload;
}

Result<Bytes> Runtime::readStateOfImage(const RuntimeConfig& config, const Bytes& code, const ProgramSnapshot& program,
    const Bytes& memory, BlockNumber block, const Bytes& payload)
{
    using R = Result<Bytes>;
    if (memory.size() % WasmPage != 0)
        return R::failure("memory image of " + program.id.shortHex() + " is not whole Wasm pages ("
            + std::to_string(memory.size()) + " bytes)");
    Runtime rt(config);
    auto codeId = rt.submitCode(code, program.name.empty() ? "<program code>" : program.name);
    if (!codeId)
        return R::failure(codeId.error());
    if (codeId.value() != program.codeId)
        return R::failure("the code given is not the program's code (" + codeId.value().shortHex() + " vs "
            + program.codeId.shortHex() + ")");
    auto created = rt.d->createProgram(program.id, codeId.value(), program.initMessage, program.balance);
    if (!created)
        return R::failure(created.error());
    ProgramData& p = *created.value();
    p.name = program.name;
    p.state = program.state;
    p.allocations = std::set<uint32_t>(program.allocations.begin(), program.allocations.end());
    // The instance starts with the module's initial memory (data segments applied); the image
    // replaces all of it, growing the memory first where the program had grown it.
    const uint64_t have = p.memory->ByteSize() / WasmPage;
    const uint64_t want = memory.size() / WasmPage;
    if (want < have)
        return R::failure("memory image of " + program.id.shortHex() + " has " + std::to_string(want)
            + " Wasm pages, fewer than the module's initial " + std::to_string(have));
    if (want > have && wabt::Failed(p.memory->Grow(want - have)))
        return R::failure("cannot grow memory to " + std::to_string(want) + " Wasm pages");
    std::memcpy(p.memory->UnsafeData(), memory.data(), memory.size());
    p.image = memory;
    // The clock as a run at `block` has it: every block, run or passed empty, adds one block's
    // duration to the genesis time (openBlock, letEmptyBlocksPass), so a `state` that reads the
    // timestamp answers as the live program would.
    rt.d->height = block;
    rt.d->timestamp = config.genesisTimestampMs + uint64_t(block) * config.blockDurationMs;
    return rt.readState(program.id, payload);
}

} // namespace Gearscope
