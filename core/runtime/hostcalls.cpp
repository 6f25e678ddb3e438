// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The `env` syscalls a Gear program imports (spec §7.3), served against the running ExecContext.
#include "code/gasinstrumenter.h"
#include "ids/ids.h"
#include "runtime_p.h"

#include <cstring>
#include <unordered_map>

namespace Gearscope {

namespace {

enum class Sys : uint8_t
{
    Send,
    SendWgas,
    SendInput,
    SendInputWgas,
    SendInit,
    SendPush,
    SendPushInput,
    SendCommit,
    SendCommitWgas,
    ReservationSend,
    ReservationSendCommit,
    Reply,
    ReplyWgas,
    ReplyInput,
    ReplyInputWgas,
    ReplyPush,
    ReplyPushInput,
    ReplyCommit,
    ReplyCommitWgas,
    ReservationReply,
    ReservationReplyCommit,
    CreateProgram,
    CreateProgramWgas,
    Read,
    Size,
    ReplyTo,
    ReplyCodeSys,
    SignalFrom,
    SignalCodeSys,
    MessageIdSys,
    ProgramId,
    Source,
    Value,
    ValueAvailable,
    GasAvailable,
    BlockHeight,
    BlockTimestamp,
    EnvVars,
    Random,
    Debug,
    Panic,
    OomPanic,
    Exit,
    Leave,
    Wait,
    WaitFor,
    WaitUpTo,
    Wake,
    ReserveGas,
    UnreserveGas,
    SystemReserveGas,
    ReplyDeposit,
    Alloc,
    Free,
    FreeRange,
    PayProgramRent,
    OutOfGas,
    OutOfAllowance,
    SizeRet,
    BlockHeightRet,
    BlockTimestampRet,
    GasAvailableRet,
    WaitNoMore,
    Unknown
};

struct SysInfo
{
    Sys id;
    Gas base; ///< weight charged before anything else (spec §5.2)
    Gas perByte; ///< per payload/buffer byte
};

// Weights from spec §5.2 where it names them; the rest use Costs::DefaultSyscall.
const std::unordered_map<std::string, SysInfo>& sysTable()
{
    using C = Gas;
    constexpr C D = Costs::DefaultSyscall;
    static const std::unordered_map<std::string, SysInfo> t = {
        { "gr_send", { Sys::Send, 2'467'510, 302 } },
        { "gr_send_wgas", { Sys::SendWgas, 2'467'510, 302 } },
        { "gr_send_input", { Sys::SendInput, 2'467'510, 302 } },
        { "gr_send_input_wgas", { Sys::SendInputWgas, 2'467'510, 302 } },
        { "gr_send_init", { Sys::SendInit, D, 0 } },
        { "gr_send_push", { Sys::SendPush, D, 302 } },
        { "gr_send_push_input", { Sys::SendPushInput, D, 302 } },
        { "gr_send_commit", { Sys::SendCommit, 2'467'510, 0 } },
        { "gr_send_commit_wgas", { Sys::SendCommitWgas, 2'467'510, 0 } },
        { "gr_reservation_send", { Sys::ReservationSend, 2'467'510, 302 } },
        { "gr_reservation_send_commit", { Sys::ReservationSendCommit, 2'467'510, 0 } },
        { "gr_reply", { Sys::Reply, 26'327'624, 503 } },
        { "gr_reply_wgas", { Sys::ReplyWgas, 26'327'624, 503 } },
        { "gr_reply_input", { Sys::ReplyInput, 26'327'624, 503 } },
        { "gr_reply_input_wgas", { Sys::ReplyInputWgas, 26'327'624, 503 } },
        { "gr_reply_push", { Sys::ReplyPush, D, 503 } },
        { "gr_reply_push_input", { Sys::ReplyPushInput, D, 503 } },
        { "gr_reply_commit", { Sys::ReplyCommit, 26'327'624, 0 } },
        { "gr_reply_commit_wgas", { Sys::ReplyCommitWgas, 26'327'624, 0 } },
        { "gr_reservation_reply", { Sys::ReservationReply, 26'327'624, 503 } },
        { "gr_reservation_reply_commit", { Sys::ReservationReplyCommit, 26'327'624, 0 } },
        { "gr_create_program", { Sys::CreateProgram, 3'057'045, 226 } },
        { "gr_create_program_wgas", { Sys::CreateProgramWgas, 3'057'045, 226 } },
        { "gr_read", { Sys::Read, 1'406'423, 162 } },
        { "gr_size", { Sys::Size, D, 0 } },
        { "gr_reply_to", { Sys::ReplyTo, D, 0 } },
        { "gr_reply_code", { Sys::ReplyCodeSys, D, 0 } },
        { "gr_signal_from", { Sys::SignalFrom, D, 0 } },
        { "gr_signal_code", { Sys::SignalCodeSys, D, 0 } },
        { "gr_message_id", { Sys::MessageIdSys, D, 0 } },
        { "gr_program_id", { Sys::ProgramId, D, 0 } },
        { "gr_source", { Sys::Source, D, 0 } },
        { "gr_value", { Sys::Value, D, 0 } },
        { "gr_value_available", { Sys::ValueAvailable, D, 0 } },
        { "gr_gas_available", { Sys::GasAvailable, 959'492, 0 } },
        { "gr_block_height", { Sys::BlockHeight, D, 0 } },
        { "gr_block_timestamp", { Sys::BlockTimestamp, D, 0 } },
        { "gr_env_vars", { Sys::EnvVars, D, 0 } },
        { "gr_random", { Sys::Random, D, 0 } },
        { "gr_debug", { Sys::Debug, 1'056'804, 280 } },
        { "gr_panic", { Sys::Panic, D, 0 } },
        { "gr_oom_panic", { Sys::OomPanic, D, 0 } },
        { "gr_exit", { Sys::Exit, 17'513'156, 0 } },
        { "gr_leave", { Sys::Leave, D, 0 } },
        { "gr_wait", { Sys::Wait, 9'248'904, 0 } },
        { "gr_wait_for", { Sys::WaitFor, 9'248'904, 0 } },
        { "gr_wait_up_to", { Sys::WaitUpTo, 9'248'904, 0 } },
        { "gr_wake", { Sys::Wake, 2'359'007, 0 } },
        { "gr_reserve_gas", { Sys::ReserveGas, D, 0 } },
        { "gr_unreserve_gas", { Sys::UnreserveGas, D, 0 } },
        { "gr_system_reserve_gas", { Sys::SystemReserveGas, D, 0 } },
        { "gr_reply_deposit", { Sys::ReplyDeposit, D, 0 } },
        { "alloc", { Sys::Alloc, 1'368'698, 0 } },
        { "free", { Sys::Free, D, 0 } },
        { "free_range", { Sys::FreeRange, D, 0 } },
        { "gr_pay_program_rent", { Sys::PayProgramRent, D, 0 } },
        { "gr_out_of_gas", { Sys::OutOfGas, 0, 0 } },
        { "gr_out_of_allowance", { Sys::OutOfAllowance, 0, 0 } },
        { "gr_msg_id", { Sys::MessageIdSys, D, 0 } },
        { "gr_wait_no_more", { Sys::WaitNoMore, 9'248'904, 0 } },
    };
    return t;
}

/// Thrown inside a host call to end it with a trap; caught at the host-call boundary so it
/// never crosses into wabt (built without exceptions).
struct HostTrap
{
};

void putU32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }
void putU64(uint8_t* p, uint64_t v) { std::memcpy(p, &v, 8); }
void putU128(uint8_t* p, u128 v)
{
    for (int i = 0; i < 16; ++i)
        p[i] = uint8_t(v >> (8 * i));
}
u128 getU128(const uint8_t* p)
{
    u128 v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::memcpy(&v, p, 16); // GCC does not fold the byte loop below into loads (a value per send)
#else
    for (int i = 15; i >= 0; --i)
        v = (v << 8) | p[i];
#endif
    return v;
}

bool validUtf8(const uint8_t* s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!len || i + len > n)
            return false;
        for (size_t k = 1; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        if (len == 2 && c < 0xC2)
            return false;
        i += len;
    }
    return true;
}

/// One host call in progress: arguments, memory access with bounds checks, gas, results.
class Call
{
public:
    Call(Runtime::Impl& rt, ExecContext& ctx, const char* name, const wi::Values& params, const std::vector<bool>& wide)
        : rt(rt)
        , ctx(ctx)
        , name(name)
        , params(params)
        , wide(wide)
    {
        ctx.syscallCount++;
        // syscallCount counts every call; the events kept are bounded (780k cheap calls fit in
        // the max gas limit, tens of MB per step otherwise).
        if (rt.config.recordSyscalls && ctx.events.size() < rt.config.maxSyscallEventsPerStep) {
            SyscallEvent e;
            e.name = name;
            e.args.reserve(params.size());
            for (size_t i = 0; i < params.size(); ++i)
                e.args.push_back(argU64(i));
            ctx.events.push_back(std::move(e));
            recorded = true;
        }
    }

    uint64_t argU64(size_t i) const
    {
        // Value is a union; the param's declared type decides how to read it.
        return wide[i] ? params[i].Get<uint64_t>() : params[i].Get<uint32_t>();
    }
    uint32_t u32(size_t i) const { return params[i].Get<uint32_t>(); }
    uint64_t u64(size_t i) const { return params[i].Get<uint64_t>(); }

    /// Memory a host call may write: marked dirty so the diff after the call looks at it.
    uint8_t* mem(uint32_t ptr, uint64_t len)
    {
        checkRange(ptr, len);
        if (len > 0 && len <= DiffChunk && uint64_t(ptr) + len <= 0xFFFFFFFFu
            && ctx.hostWriteCount < ExecContext::MaxHostWrites) {
            // A fallible call validates its result pointer first and writes the result last:
            // the same range twice in a row, compared once.
            const ExecContext::HostWrite w { ptr, uint32_t(ptr + len) };
            const ExecContext::HostWrite* last = ctx.hostWriteCount ? &ctx.hostWrites[ctx.hostWriteCount - 1] : nullptr;
            if (!last || last->begin != w.begin || last->end != w.end)
                ctx.hostWrites[ctx.hostWriteCount++] = w;
        } else if (len > 0) {
            const uint64_t first = uint64_t(ptr) >> GasInstrumenter::DirtyChunkShift;
            const uint64_t last = (uint64_t(ptr) + len - 1) >> GasInstrumenter::DirtyChunkShift;
            if (last - first >= 63)
                ctx.hostDirty = ~uint64_t(0);
            else
                for (uint64_t c = first; c <= last; ++c)
                    ctx.hostDirty |= uint64_t(1) << (c % 64);
        }
        return ctx.prog->memory->UnsafeData() + ptr;
    }
    /// Memory a host call only reads.
    const uint8_t* memIn(uint32_t ptr, uint64_t len)
    {
        checkRange(ptr, len);
        return ctx.prog->memory->UnsafeData() + ptr;
    }
    void checkRange(uint32_t ptr, uint64_t len)
    {
        auto& m = *ctx.prog->memory;
        if (uint64_t(ptr) + len > m.ByteSize())
            trap(ExecutionError::BackendError,
                std::string(name) + ": pointer 0x" + hex32(ptr) + "+" + std::to_string(len)
                    + " is outside linear memory (" + std::to_string(m.ByteSize()) + " bytes)");
    }
    Bytes readBytes(uint32_t ptr, uint64_t len)
    {
        const uint8_t* p = memIn(ptr, len);
        Bytes b = rt.takeBytes();
        b.assign(p, p + len);
        return b;
    }
    Hash readHash(uint32_t ptr)
    {
        Hash h;
        std::memcpy(h.data(), memIn(ptr, 32), 32);
        return h;
    }
    u128 readValuePtr(uint32_t ptr)
    {
        // A value pointer of u32::MAX means "value 0" (spec §7.2).
        if (ptr == 0xFFFFFFFFu)
            return 0;
        return getU128(memIn(ptr, 16));
    }

    [[noreturn]] void trap(ExecutionError e, std::string why)
    {
        ctx.term = Termination::Trap;
        ctx.trapError = e;
        ctx.trapMessage = std::move(why);
        throw HostTrap {};
    }
    [[noreturn]] void end(Termination t)
    {
        ctx.term = t;
        throw HostTrap {};
    }

    void charge(Gas amount)
    {
        Gas g = rt.gasGlobal();
        if (g == GasInstrumenter::OutOfGasSentinel || g < amount) {
            rt.setGasGlobal(GasInstrumenter::OutOfGasSentinel);
            ctx.term = Termination::OutOfGas;
            ctx.trapError = ExecutionError::RanOutOfGas;
            ctx.trapMessage = std::string(name) + ": ran out of gas";
            throw HostTrap {};
        }
        rt.setGasGlobal(g - amount);
    }

    /// For fallible calls: write err + payload (or zeroes) to the result struct.
    void result(uint32_t outPtr, uint32_t err, const uint8_t* data = nullptr, size_t size = 0)
    {
        uint8_t* p = mem(outPtr, 4 + size);
        putU32(p, err);
        if (err == 0 && data)
            std::memcpy(p + 4, data, size);
        else
            std::memset(p + 4, 0, size);
        if (recorded)
            ctx.events.back().error = err;
    }
    void fail(uint32_t outPtr, uint32_t err, size_t size) { result(outPtr, err, nullptr, size); }
    void setError(uint32_t err)
    {
        if (recorded)
            ctx.events.back().error = err;
    }

    static std::string hex32(uint32_t v)
    {
        char b[16];
        std::snprintf(b, sizeof b, "%x", v);
        return b;
    }

    Runtime::Impl& rt;
    ExecContext& ctx;
    const char* name;
    const wi::Values& params;
    const std::vector<bool>& wide;
    bool recorded = false;
};

enum class GasMode
{
    Gasless,
    Explicit,
    Reservation
};

} // namespace

// ===================================================================== gas global

Gas Runtime::Impl::gasGlobal() const { return exec->prog->gasGlobal->UnsafeGet<uint64_t>(); }

void Runtime::Impl::setGasGlobal(Gas v) { exec->prog->gasGlobal->UnsafeSet(wi::Value::Make(uint64_t(v))); }

Gas Runtime::Impl::burnedSoFar() const
{
    Gas g = gasGlobal();
    if (g == GasInstrumenter::OutOfGasSentinel)
        g = 0;
    return exec->burnedBase + (exec->globalBase - std::min(g, exec->globalBase));
}

Gas Runtime::Impl::messageGasLeft() const
{
    Gas used = burnedSoFar() + exec->carved;
    return exec->gasStart - std::min(exec->gasStart, used);
}

void Runtime::Impl::resetGasGlobal()
{
    // The global mirrors whichever of {message gas, block allowance} is smaller (spec §1.6).
    ExecContext& c = *exec;
    Gas burned = c.gasInitialized ? burnedSoFar() : 0;
    Gas msgLeft = c.gasStart - std::min(c.gasStart, burned + c.carved);
    Gas allowLeft = c.allowanceStart - std::min(c.allowanceStart, burned);
    c.messageBoundIsMin = msgLeft <= allowLeft;
    c.globalBase = std::min(msgLeft, allowLeft);
    c.burnedBase = burned;
    c.gasInitialized = true;
    c.prog->gasGlobal->UnsafeSet(wi::Value::Make(uint64_t(c.globalBase)));
}

bool Runtime::Impl::carveGas(Gas amount)
{
    if (messageGasLeft() < amount)
        return false;
    Gas burned = burnedSoFar();
    exec->carved += amount;
    exec->burnedBase = burned;
    exec->globalBase = 0; // recomputed below
    Gas msgLeft = exec->gasStart - std::min(exec->gasStart, burned + exec->carved);
    Gas allowLeft = exec->allowanceStart - std::min(exec->allowanceStart, burned);
    exec->messageBoundIsMin = msgLeft <= allowLeft;
    exec->globalBase = std::min(msgLeft, allowLeft);
    setGasGlobal(exec->globalBase);
    return true;
}

// ===================================================================== host functions

namespace {

struct Handler
{
    Runtime::Impl& rt;
    RuntimeConfig& cfg;
    ExecContext& ctx;
    Call& c;
    Dispatch& d;

    // ---------------------------------------------------------------- helpers
    bool isSignal() const { return d.kind == DispatchKind::Signal; }

    uint32_t checkOutgoing(size_t payloadSize)
    {
        if (payloadSize > cfg.maxPayloadSize)
            return SyscallError::MaxMessageSizeExceed;
        if (ctx.store.localNonce >= cfg.maxOutgoingMessages)
            return SyscallError::OutgoingMessagesAmountLimitExceeded;
        if (ctx.outgoingBytes + payloadSize > cfg.maxOutgoingBytes)
            return SyscallError::OutgoingMessagesBytesLimitExceeded;
        return 0;
    }

    /// Takes gas and value for an outgoing message; returns an error code or 0.
    uint32_t fund(Outgoing& o, GasMode mode, Gas gas, uint32_t delay, const ReservationId* rid, bool isHandle)
    {
        if (o.msg.value > ctx.valueAvailable)
            return SyscallError::NotEnoughValue;
        if (delay > 0) {
            // Dispatch-stash rent is paid up front (spec §6.1).
            Gas rent = Costs::RentPerBlock * (Gas(delay) + 1);
            if (rt.messageGasLeft() < rent)
                return SyscallError::InsufficientGasForDelayedSending;
        }
        switch (mode) {
        case GasMode::Explicit:
            if (isHandle && gas > 0 && gas < cfg.mailboxThreshold)
                return SyscallError::InsufficientGasLimit;
            if (!rt.carveGas(gas))
                return SyscallError::NotEnoughGas;
            o.gas = std::make_shared<GasNode>();
            o.gas->value = gas;
            // Carved out of the sender's tree: unspent gas is refunded to its buyer (spec §5.1).
            o.gas->refundTo = d.gas ? d.gas->refundTo : std::nullopt;
            break;
        case GasMode::Gasless:
            if (isHandle && rt.messageGasLeft() < cfg.mailboxThreshold)
                return SyscallError::NotEnoughGas;
            o.gas = d.gas; // shares what the sender has left (spec §5.1)
            o.gasless = true;
            break;
        case GasMode::Reservation: {
            auto nr = ctx.newReservations.find(*rid);
            Gas amount = 0;
            if (nr != ctx.newReservations.end()) {
                amount = nr->second.amount;
                ctx.newReservations.erase(nr);
            } else {
                auto er = ctx.prog->reservations.find(*rid);
                if (er == ctx.prog->reservations.end() || ctx.usedReservations.count(*rid))
                    return SyscallError::InvalidReservationId;
                amount = er->second.amount;
                ctx.usedReservations.insert(*rid);
            }
            o.gas = std::make_shared<GasNode>();
            o.gas->value = amount;
            break;
        }
        }
        if (delay > 0)
            rt.carveGas(Costs::RentPerBlock * (Gas(delay) + 1));
        ctx.valueAvailable -= o.msg.value;
        o.delay = delay;
        return 0;
    }

    /// The common tail of every send: ids, limits, fees, and the result struct.
    void send(uint32_t destValuePtr, Bytes payload, GasMode mode, Gas gas, uint32_t delay, uint32_t outPtr,
        std::optional<uint32_t> handle, const ReservationId* rid, bool destAfterRid = false)
    {
        const uint8_t* dv = c.memIn(destValuePtr, destAfterRid ? 80 : 48);
        const uint8_t* destP = destAfterRid ? dv + 32 : dv;
        ActorId dest = ActorId::fromBytes(destP);
        u128 value = getU128(destP + 32);
        c.mem(outPtr, 36);
        if (dest == Ids::systemActor())
            c.trap(ExecutionError::BackendError, std::string(c.name) + ": sending to the system actor is forbidden");
        c.charge(delay ? Costs::DelayedSendingFee : Costs::SendingFee);
        if (!handle) {
            if (uint32_t e = checkOutgoing(payload.size()))
                return c.fail(outPtr, e, 32);
        } else if (payload.size() > cfg.maxPayloadSize) {
            return c.fail(outPtr, SyscallError::MaxMessageSizeExceed, 32);
        }
        Outgoing o;
        o.kind = DispatchKind::Handle;
        o.msg.source = ctx.prog->id;
        o.msg.destination = dest;
        o.msg.value = value;
        if (uint32_t e = fund(o, mode, gas, delay, rid, true))
            return c.fail(outPtr, e, 32);
        uint32_t nonce = handle ? *handle : ctx.store.localNonce++;
        o.msg.id = Ids::outgoing(d.msg.id, nonce);
        ctx.outgoingBytes += payload.size();
        o.msg.payload = std::move(payload);
        MessageId id = o.msg.id;
        ctx.sends.push_back(std::move(o));
        c.result(outPtr, 0, id.bytes.data(), 32);
    }

    Bytes inputSlice(uint32_t off, uint32_t len, uint32_t* err)
    {
        const Bytes& in = d.msg.payload;
        // Gear's check_input_range: the offset must point inside the payload (so an empty
        // payload has no valid offset), then the length must fit behind it.
        if (off >= in.size()) {
            *err = SyscallError::OutOfBoundsInputSliceOffset;
            return {};
        }
        if (uint64_t(off) + len > in.size()) {
            *err = SyscallError::OutOfBoundsInputSliceLength;
            return {};
        }
        *err = 0;
        return Bytes(in.begin() + off, in.begin() + off + len);
    }

    /// 0 if a reply may be sent now, else the error code; traps in handle_signal (spec §1.2).
    uint32_t replyAllowed()
    {
        if (isSignal())
            c.trap(ExecutionError::BackendError, std::string(c.name) + " is forbidden in handle_signal");
        if (d.kind == DispatchKind::Reply)
            return SyscallError::IncorrectEntryForReply;
        if (ctx.reply || ctx.store.replySent)
            return SyscallError::DuplicateReply;
        return 0;
    }

    /// `reservationValue`: the value of a reservation reply (its struct carries it, no value pointer).
    void reply(Bytes payload, GasMode mode, Gas gas, uint32_t valuePtr, uint32_t outPtr, const ReservationId* rid,
        u128 reservationValue = 0)
    {
        c.mem(outPtr, 36);
        u128 value = mode == GasMode::Reservation ? reservationValue : c.readValuePtr(valuePtr);
        if (uint32_t e = replyAllowed())
            return c.fail(outPtr, e, 32);
        if (payload.size() > cfg.maxPayloadSize)
            return c.fail(outPtr, SyscallError::MaxMessageSizeExceed, 32);
        c.charge(Costs::SendingFee);
        Outgoing o;
        o.kind = DispatchKind::Reply;
        o.msg.id = Ids::reply(d.msg.id);
        o.msg.source = ctx.prog->id;
        o.msg.destination = d.msg.source;
        o.msg.value = value;
        o.msg.replyTo = d.msg.id;
        o.msg.replyCode = ReplyCode::successManual();
        if (uint32_t e = fund(o, mode, gas, 0, rid, false))
            return c.fail(outPtr, e, 32);
        if (mode == GasMode::Gasless)
            o.gas = rt.replyGas(d.msg.id, d.gas);
        o.msg.payload = std::move(payload);
        MessageId id = o.msg.id;
        ctx.reply = std::move(o);
        ctx.replyBuilder.reset();
        c.result(outPtr, 0, id.bytes.data(), 32);
    }

    void createProgram(uint32_t cidValuePtr, uint32_t saltPtr, uint32_t saltLen, uint32_t payloadPtr,
        uint32_t payloadLen, GasMode mode, Gas gas, uint32_t delay, uint32_t outPtr)
    {
        const uint8_t* cv = c.memIn(cidValuePtr, 48);
        CodeId code = CodeId::fromBytes(cv);
        u128 value = getU128(cv + 32);
        Bytes salt = c.readBytes(saltPtr, saltLen);
        Bytes payload = c.readBytes(payloadPtr, payloadLen);
        c.mem(outPtr, 68);
        c.charge(Gas(saltLen) * 1227 + (delay ? Costs::DelayedSendingFee : Costs::SendingFee));
        if (uint32_t e = checkOutgoing(payload.size()))
            return c.fail(outPtr, e, 64);
        // The new program's account is funded with the existential deposit by its creator (§5.5).
        if (value + cfg.existentialDeposit > ctx.valueAvailable)
            return c.fail(outPtr, SyscallError::NotEnoughValue, 64);
        ActorId pid = Ids::programFromWasm(d.msg.id, code, salt);
        if (ctx.store.createdPrograms.count(pid))
            return c.fail(outPtr, SyscallError::DuplicateInit, 64);
        Outgoing o;
        o.kind = DispatchKind::Init;
        o.msg.source = ctx.prog->id;
        o.msg.destination = pid;
        o.msg.value = value;
        if (uint32_t e = fund(o, mode, gas, delay, nullptr, false))
            return c.fail(outPtr, e, 64);
        ctx.valueAvailable -= cfg.existentialDeposit;
        o.msg.id = Ids::outgoing(d.msg.id, ctx.store.localNonce++);
        ctx.outgoingBytes += payload.size();
        o.msg.payload = std::move(payload);
        ctx.store.createdPrograms.insert(pid);
        ctx.created.push_back({ pid, code, o.msg.id, value });
        uint8_t out[64];
        std::memcpy(out, o.msg.id.bytes.data(), 32);
        std::memcpy(out + 32, pid.bytes.data(), 32);
        ctx.inits.push_back(std::move(o));
        c.result(outPtr, 0, out, 64);
    }

    void wait(WaitKind kind, uint32_t duration)
    {
        if (ctx.stateQuery)
            c.trap(ExecutionError::BackendError, std::string(c.name) + ": a state query cannot wait");
        if (ctx.reply)
            c.trap(ExecutionError::BackendError, std::string(c.name) + ": wait after reply (WaitAfterReply)");
        if (kind != WaitKind::Wait && duration == 0)
            c.trap(ExecutionError::BackendError, std::string(c.name) + ": zero duration");
        c.charge(Costs::WaitingFee);
        Gas left = rt.messageGasLeft();
        uint64_t needBlocks = kind == WaitKind::WaitFor ? uint64_t(duration) + 1 : 2;
        if (left < needBlocks * Costs::RentPerBlock)
            c.trap(ExecutionError::BackendError, std::string(c.name) + ": not enough gas to pay the waitlist");
        ctx.waitKind = kind;
        ctx.waitDuration = duration;
        c.end(Termination::Wait);
    }

    uint32_t memoryLimitPages() const
    {
        uint32_t limit = cfg.maxProgramPages;
        if (ctx.prog->code->maxPages)
            limit = std::min(limit, *ctx.prog->code->maxPages);
        return limit;
    }

    // ---------------------------------------------------------------- the calls
    void run(Sys id, wi::Values& results)
    {
        switch (id) {
        case Sys::Send:
            return send(
                c.u32(0), c.readBytes(c.u32(1), c.u32(2)), GasMode::Gasless, 0, c.u32(3), c.u32(4), {}, nullptr);
        case Sys::SendWgas:
            return send(c.u32(0), c.readBytes(c.u32(1), c.u32(2)), GasMode::Explicit, c.u64(3), c.u32(4), c.u32(5), {},
                nullptr);
        case Sys::SendInput:
        case Sys::SendInputWgas: {
            const bool wgas = id == Sys::SendInputWgas;
            uint32_t out = c.u32(wgas ? 5 : 4);
            c.mem(out, 36);
            uint32_t err;
            Bytes p = inputSlice(c.u32(1), c.u32(2), &err);
            if (err)
                return c.fail(out, err, 32);
            return send(c.u32(0), std::move(p), wgas ? GasMode::Explicit : GasMode::Gasless, wgas ? c.u64(3) : 0,
                c.u32(wgas ? 4 : 3), out, {}, nullptr);
        }
        case Sys::SendInit: {
            uint32_t out = c.u32(0);
            c.mem(out, 8);
            if (ctx.store.localNonce >= cfg.maxOutgoingMessages)
                return c.fail(out, SyscallError::OutgoingMessagesAmountLimitExceeded, 4);
            uint32_t handle = ctx.store.localNonce++;
            ctx.builders[handle] = MessageBuilder {};
            uint8_t h[4];
            putU32(h, handle);
            return c.result(out, 0, h, 4);
        }
        case Sys::SendPush:
        case Sys::SendPushInput: {
            uint32_t handle = c.u32(0);
            uint32_t errPtr = c.u32(3);
            c.mem(errPtr, 4);
            Bytes chunk;
            if (id == Sys::SendPush) {
                chunk = c.readBytes(c.u32(1), c.u32(2));
            } else {
                uint32_t err;
                chunk = inputSlice(c.u32(1), c.u32(2), &err);
                if (err)
                    return c.result(errPtr, err);
            }
            c.charge(Gas(chunk.size()) * 302);
            auto b = ctx.builders.find(handle);
            if (b == ctx.builders.end())
                return c.result(errPtr, SyscallError::OutOfBounds);
            if (b->second.committed)
                return c.result(errPtr, SyscallError::LateAccess);
            if (b->second.payload.size() + chunk.size() > cfg.maxPayloadSize)
                return c.result(errPtr, SyscallError::MaxMessageSizeExceed);
            b->second.payload.insert(b->second.payload.end(), chunk.begin(), chunk.end());
            return c.result(errPtr, 0);
        }
        case Sys::SendCommit:
        case Sys::SendCommitWgas:
        case Sys::ReservationSendCommit: {
            const bool wgas = id == Sys::SendCommitWgas;
            uint32_t handle = c.u32(0);
            uint32_t out = c.u32(wgas ? 4 : 3);
            c.mem(out, 36);
            auto b = ctx.builders.find(handle);
            if (b == ctx.builders.end())
                return c.fail(out, SyscallError::OutOfBounds, 32);
            if (b->second.committed)
                return c.fail(out, SyscallError::LateAccess, 32);
            Bytes payload = b->second.payload;
            ReservationId rid;
            if (id == Sys::ReservationSendCommit)
                rid = ReservationId::fromBytes(c.memIn(c.u32(1), 80));
            size_t before = ctx.sends.size();
            send(c.u32(1), std::move(payload),
                id == Sys::ReservationSendCommit ? GasMode::Reservation
                    : wgas                       ? GasMode::Explicit
                                                 : GasMode::Gasless,
                wgas ? c.u64(2) : 0, c.u32(wgas ? 3 : 2), out, handle,
                id == Sys::ReservationSendCommit ? &rid : nullptr, id == Sys::ReservationSendCommit);
            if (ctx.sends.size() > before)
                b->second.committed = true;
            return;
        }
        case Sys::ReservationSend: {
            ReservationId rid = ReservationId::fromBytes(c.memIn(c.u32(0), 80));
            return send(
                c.u32(0), c.readBytes(c.u32(1), c.u32(2)), GasMode::Reservation, 0, c.u32(3), c.u32(4), {}, &rid, true);
        }
        case Sys::Reply:
            return reply(c.readBytes(c.u32(0), c.u32(1)), GasMode::Gasless, 0, c.u32(2), c.u32(3), nullptr);
        case Sys::ReplyWgas:
            return reply(c.readBytes(c.u32(0), c.u32(1)), GasMode::Explicit, c.u64(2), c.u32(3), c.u32(4), nullptr);
        case Sys::ReplyInput:
        case Sys::ReplyInputWgas: {
            const bool wgas = id == Sys::ReplyInputWgas;
            uint32_t out = c.u32(wgas ? 4 : 3);
            c.mem(out, 36);
            uint32_t err;
            Bytes p = inputSlice(c.u32(0), c.u32(1), &err);
            if (err)
                return c.fail(out, err, 32);
            return reply(std::move(p), wgas ? GasMode::Explicit : GasMode::Gasless, wgas ? c.u64(2) : 0,
                c.u32(wgas ? 3 : 2), out, nullptr);
        }
        case Sys::ReplyPush:
        case Sys::ReplyPushInput: {
            uint32_t errPtr = c.u32(2);
            c.mem(errPtr, 4);
            Bytes chunk;
            if (id == Sys::ReplyPush) {
                chunk = c.readBytes(c.u32(0), c.u32(1));
            } else {
                uint32_t err;
                chunk = inputSlice(c.u32(0), c.u32(1), &err);
                if (err)
                    return c.result(errPtr, err);
            }
            if (uint32_t e = replyAllowed())
                return c.result(errPtr, e == SyscallError::DuplicateReply ? SyscallError::LateAccess : e);
            c.charge(Gas(chunk.size()) * 503);
            if (!ctx.replyBuilder)
                ctx.replyBuilder = MessageBuilder {};
            if (ctx.replyBuilder->payload.size() + chunk.size() > cfg.maxPayloadSize)
                return c.result(errPtr, SyscallError::MaxMessageSizeExceed);
            ctx.replyBuilder->payload.insert(ctx.replyBuilder->payload.end(), chunk.begin(), chunk.end());
            return c.result(errPtr, 0);
        }
        case Sys::ReplyCommit:
            return reply(ctx.replyBuilder ? ctx.replyBuilder->payload : Bytes {}, GasMode::Gasless, 0, c.u32(0),
                c.u32(1), nullptr);
        case Sys::ReplyCommitWgas:
            return reply(ctx.replyBuilder ? ctx.replyBuilder->payload : Bytes {}, GasMode::Explicit, c.u64(0), c.u32(1),
                c.u32(2), nullptr);
        case Sys::ReservationReply:
        case Sys::ReservationReplyCommit: {
            const uint8_t* rv = c.memIn(c.u32(0), 48);
            ReservationId rid = ReservationId::fromBytes(rv);
            u128 value = getU128(rv + 32);
            Bytes payload = id == Sys::ReservationReply ? c.readBytes(c.u32(1), c.u32(2))
                                                        : (ctx.replyBuilder ? ctx.replyBuilder->payload : Bytes {});
            uint32_t out = c.u32(id == Sys::ReservationReply ? 3 : 1);
            if (isSignal())
                c.trap(ExecutionError::BackendError, std::string(c.name) + " is forbidden in handle_signal");
            // The value goes through fund() like any reply's: checked (101) and taken from the program.
            return reply(std::move(payload), GasMode::Reservation, 0, 0xFFFFFFFFu, out, &rid, value);
        }
        case Sys::CreateProgram:
            return createProgram(
                c.u32(0), c.u32(1), c.u32(2), c.u32(3), c.u32(4), GasMode::Gasless, 0, c.u32(5), c.u32(6));
        case Sys::CreateProgramWgas:
            return createProgram(
                c.u32(0), c.u32(1), c.u32(2), c.u32(3), c.u32(4), GasMode::Explicit, c.u64(5), c.u32(6), c.u32(7));
        case Sys::Read: {
            uint32_t at = c.u32(0), len = c.u32(1), buf = c.u32(2), errPtr = c.u32(3);
            c.mem(errPtr, 4);
            c.charge(Gas(len) * 162);
            if (uint64_t(at) + len > 0xFFFFFFFFull)
                return c.result(errPtr, SyscallError::TooBigReadLen);
            if (uint64_t(at) + len > d.msg.payload.size())
                return c.result(errPtr, SyscallError::ReadWrongRange);
            uint8_t* dst = c.mem(buf, len);
            if (len)
                std::memcpy(dst, d.msg.payload.data() + at, len);
            return c.result(errPtr, 0);
        }
        case Sys::Size:
            putU32(c.mem(c.u32(0), 4), uint32_t(d.msg.payload.size()));
            return;
        case Sys::ReplyTo: {
            uint32_t out = c.u32(0);
            if (d.kind != DispatchKind::Reply || !d.msg.replyTo)
                return c.fail(out, SyscallError::NoReplyContext, 32);
            return c.result(out, 0, d.msg.replyTo->bytes.data(), 32);
        }
        case Sys::ReplyCodeSys: {
            uint32_t out = c.u32(0);
            if (d.kind != DispatchKind::Reply)
                return c.fail(out, SyscallError::NoReplyContext, 4);
            return c.result(out, 0, d.msg.replyCode.bytes.data(), 4);
        }
        case Sys::SignalFrom: {
            uint32_t out = c.u32(0);
            if (!isSignal() || !d.msg.signalFrom)
                return c.fail(out, SyscallError::NoSignalContext, 32);
            return c.result(out, 0, d.msg.signalFrom->bytes.data(), 32);
        }
        case Sys::SignalCodeSys: {
            uint32_t out = c.u32(0);
            if (!isSignal())
                return c.fail(out, SyscallError::NoSignalContext, 4);
            uint8_t b[4];
            putU32(b, d.msg.signalCode);
            return c.result(out, 0, b, 4);
        }
        case Sys::MessageIdSys:
            std::memcpy(c.mem(c.u32(0), 32), d.msg.id.bytes.data(), 32);
            return;
        case Sys::ProgramId:
            std::memcpy(c.mem(c.u32(0), 32), ctx.prog->id.bytes.data(), 32);
            return;
        case Sys::Source:
            if (isSignal())
                c.trap(ExecutionError::BackendError, "gr_source is forbidden in handle_signal");
            std::memcpy(c.mem(c.u32(0), 32), d.msg.source.bytes.data(), 32);
            return;
        case Sys::Value:
            putU128(c.mem(c.u32(0), 16), d.msg.value);
            return;
        case Sys::ValueAvailable:
            putU128(c.mem(c.u32(0), 16), ctx.valueAvailable);
            return;
        case Sys::GasAvailable:
            putU64(c.mem(c.u32(0), 8), rt.messageGasLeft());
            return;
        case Sys::BlockHeight:
            putU32(c.mem(c.u32(0), 4), rt.height);
            return;
        case Sys::BlockTimestamp:
            putU64(c.mem(c.u32(0), 8), rt.timestamp);
            return;
        case Sys::EnvVars: {
            uint32_t version = c.u32(0);
            if (version != 1)
                c.trap(ExecutionError::BackendError, "gr_env_vars: unknown version " + std::to_string(version));
            uint8_t* p = c.mem(c.u32(1), 52);
            putU32(p, 100); // performance multiplier, percent
            putU128(p + 4, cfg.existentialDeposit);
            putU64(p + 20, cfg.mailboxThreshold);
            putU64(p + 28, 0); // gas per value (Vara: 0)
            putU128(p + 36, cfg.valuePerGas);
            return;
        }
        case Sys::Random: {
            Hash subject = c.readHash(c.u32(0));
            uint8_t* out = c.mem(c.u32(1), 36);
            // Epoch randomness is derived from the run seed so runs replay bit for bit.
            Bytes seedPre(16);
            for (int i = 0; i < 8; ++i)
                seedPre[i] = uint8_t(cfg.seed >> (8 * i));
            uint32_t epoch = rt.height / 600;
            for (int i = 0; i < 4; ++i)
                seedPre[8 + i] = uint8_t(epoch >> (8 * i));
            Hash epochRandomness = Ids::blake2b256(seedPre);
            Hash h = Ids::random(subject, epochRandomness);
            putU32(out, rt.height);
            std::memcpy(out + 4, h.data(), 32);
            return;
        }
        case Sys::Debug: {
            uint32_t len = c.u32(1);
            const uint8_t* p = c.memIn(c.u32(0), len);
            c.charge(Gas(len) * 280);
            if (!validUtf8(p, len))
                c.trap(ExecutionError::BackendError, "gr_debug: payload is not valid UTF-8");
            // Gas bounds the calls, not the text kept (2.7 GB fit in the max gas limit): beyond
            // the per-step budget lines are only counted, and the step says so (docs/robustness.md).
            if (ctx.debugBytes + len > rt.config.maxDebugBytesPerStep
                || ctx.debug.size() >= rt.config.maxDebugLinesPerStep) {
                ++ctx.debugDroppedLines;
                ctx.debugDroppedBytes += len;
                return;
            }
            ctx.debugBytes += len;
            ctx.debug.emplace_back(reinterpret_cast<const char*>(p), len);
            return;
        }
        case Sys::Panic:
            ctx.panicPayload = c.readBytes(c.u32(0), c.u32(1));
            ctx.trapMessage = "panicked: " + std::string(ctx.panicPayload.begin(), ctx.panicPayload.end());
            return c.end(Termination::Panic);
        case Sys::OomPanic:
            ctx.trapMessage = "out of memory (gr_oom_panic)";
            return c.end(Termination::OomPanic);
        case Sys::Exit:
            ctx.exitInheritor = ActorId::fromBytes(c.memIn(c.u32(0), 32));
            if (ctx.stateQuery)
                c.trap(ExecutionError::BackendError, "gr_exit: not allowed in a state query");
            return c.end(Termination::Exit);
        case Sys::Leave:
            return c.end(Termination::Leave);
        case Sys::Wait:
            return wait(WaitKind::Wait, 0);
        case Sys::WaitFor:
            return wait(WaitKind::WaitFor, c.u32(0));
        case Sys::WaitUpTo:
            return wait(WaitKind::WaitUpTo, c.u32(0));
        case Sys::Wake: {
            MessageId mid = MessageId::fromBytes(c.memIn(c.u32(0), 32));
            uint32_t delay = c.u32(1), errPtr = c.u32(2);
            c.mem(errPtr, 4);
            c.charge(Costs::WakingFee);
            for (const auto& w : ctx.wakes)
                if (w.first == mid)
                    return c.result(errPtr, SyscallError::DuplicateWaking);
            ctx.wakes.emplace_back(mid, delay);
            return c.result(errPtr, 0);
        }
        case Sys::ReserveGas: {
            Gas amount = c.u64(0);
            uint32_t duration = c.u32(1), out = c.u32(2);
            c.mem(out, 36);
            c.charge(Costs::ReservationFee);
            // Gear's order (ext.rs reserve_gas): duration first, then the threshold, which also
            // covers amount 0; ZeroReservationAmount (503) is gr_system_reserve_gas's only.
            if (duration == 0)
                return c.fail(out, SyscallError::ZeroReservationDuration, 32);
            if (amount < cfg.mailboxThreshold)
                return c.fail(out, SyscallError::ReservationBelowMailboxThreshold, 32);
            if (ctx.prog->reservations.size() + ctx.newReservations.size() >= cfg.maxReservations)
                return c.fail(out, SyscallError::ReservationsLimitReached, 32);
            Gas total = amount + Costs::RentPerBlock * (Gas(duration) + 1);
            if (!rt.carveGas(total))
                return c.fail(out, SyscallError::NotEnoughGas, 32);
            ReservationId rid = Ids::reservation(d.msg.id, ctx.store.reservationNonce++);
            ctx.newReservations[rid] = Reservation { amount, rt.height + duration };
            return c.result(out, 0, rid.bytes.data(), 32);
        }
        case Sys::UnreserveGas: {
            ReservationId rid = ReservationId::fromBytes(c.memIn(c.u32(0), 32));
            uint32_t out = c.u32(1);
            c.mem(out, 12);
            auto nr = ctx.newReservations.find(rid);
            Gas amount = 0;
            if (nr != ctx.newReservations.end()) {
                // Made in this execution: amount and its rent come back to the counter (spec §5.3).
                amount = nr->second.amount;
                Gas back = amount + Costs::RentPerBlock * (Gas(nr->second.expiresAt - rt.height) + 1);
                ctx.carved -= std::min(ctx.carved, back);
                ctx.newReservations.erase(nr);
                rt.resetGasGlobal();
            } else {
                auto er = ctx.prog->reservations.find(rid);
                if (er == ctx.prog->reservations.end() || ctx.usedReservations.count(rid))
                    return c.fail(out, SyscallError::InvalidReservationId, 8);
                amount = er->second.amount;
                ctx.usedReservations.insert(rid);
            }
            uint8_t g[8];
            putU64(g, amount);
            return c.result(out, 0, g, 8);
        }
        case Sys::SystemReserveGas: {
            Gas amount = c.u64(0);
            uint32_t errPtr = c.u32(1);
            if (isSignal())
                c.trap(ExecutionError::BackendError, "gr_system_reserve_gas is forbidden in handle_signal");
            c.mem(errPtr, 4);
            if (amount == 0)
                return c.result(errPtr, SyscallError::ZeroReservationAmount);
            if (!rt.carveGas(amount))
                return c.result(errPtr, SyscallError::NotEnoughGas);
            ctx.store.systemReservation = ctx.store.systemReservation.value_or(0) + amount;
            return c.result(errPtr, 0);
        }
        case Sys::ReplyDeposit: {
            MessageId mid = MessageId::fromBytes(c.memIn(c.u32(0), 32));
            Gas gas = c.u64(1);
            uint32_t errPtr = c.u32(2);
            c.mem(errPtr, 4);
            bool sentHere = false;
            for (const auto& o : ctx.sends)
                sentHere = sentHere || o.msg.id == mid;
            for (const auto& o : ctx.inits)
                sentHere = sentHere || o.msg.id == mid;
            if (!sentHere)
                return c.result(errPtr, SyscallError::IncorrectMessageForReplyDeposit);
            for (const auto& r : ctx.replyDeposits)
                if (r.first == mid)
                    return c.result(errPtr, SyscallError::DuplicateReplyDeposit);
            if (!rt.carveGas(gas))
                return c.result(errPtr, SyscallError::NotEnoughGas);
            ctx.replyDeposits.emplace_back(mid, gas);
            return c.result(errPtr, 0);
        }
        case Sys::Alloc: {
            uint32_t pages = c.u32(0);
            const uint32_t heapStart = ctx.prog->code->staticPages;
            uint32_t result = 0xFFFFFFFFu;
            if (pages == 0) {
                result = heapStart;
            } else {
                c.charge(Gas(pages) * 10'000);
                const uint32_t limit = memoryLimitPages();
                // First fit above static memory, like Gear's allocator. The walk goes over the
                // gaps between allocated pages, and a memory without enough free pages fails at
                // once: a program calling alloc in a loop once its memory is full must not cost
                // a scan of every page per call (that was minutes per message; robustness.md).
                uint32_t start = heapStart;
                const uint64_t room = limit > heapStart ? uint64_t(limit) - heapStart : 0;
                if (ctx.allocations.size() + uint64_t(pages) <= room) {
                    uint64_t candidate = heapStart;
                    for (auto it = ctx.allocations.lower_bound(heapStart);
                         it != ctx.allocations.end() && uint64_t(*it) < candidate + pages; ++it)
                        candidate = std::max<uint64_t>(candidate, uint64_t(*it) + 1);
                    if (candidate + pages <= limit) {
                        start = uint32_t(candidate);
                        result = start;
                    }
                }
                if (result != 0xFFFFFFFFu) {
                    auto& m = *ctx.prog->memory;
                    uint64_t needed = uint64_t(start) + pages;
                    uint64_t have = m.ByteSize() / WasmPage;
                    if (needed > have && wabt::Failed(m.Grow(needed - have)))
                        result = 0xFFFFFFFFu;
                    else
                        for (uint32_t k = 0; k < pages; ++k)
                            ctx.allocations.insert(start + k);
                }
            }
            results[0] = wi::Value::Make(result);
            c.setError(result == 0xFFFFFFFFu ? 1 : 0);
            return;
        }
        case Sys::Free: {
            uint32_t page = c.u32(0);
            uint32_t r = ctx.allocations.erase(page) ? 0 : 1;
            results[0] = wi::Value::Make(r);
            c.setError(r);
            return;
        }
        case Sys::FreeRange: {
            uint32_t start = c.u32(0), endIncl = c.u32(1);
            uint32_t r = 1;
            if (start <= endIncl) {
                r = 0;
                for (auto it = ctx.allocations.lower_bound(start); it != ctx.allocations.end() && *it <= endIncl;)
                    it = ctx.allocations.erase(it);
            }
            results[0] = wi::Value::Make(r);
            c.setError(r);
            return;
        }
        case Sys::PayProgramRent: {
            // v1.0 rent was abolished: report success, 0 blocks paid, 0 value spent.
            c.mem(c.u32(0), 48);
            return c.result(c.u32(1), 0, nullptr, 20);
        }
        case Sys::OutOfAllowance:
            ctx.messageBoundIsMin = false;
            rt.setGasGlobal(GasInstrumenter::OutOfGasSentinel);
            return c.end(Termination::OutOfGas);
        case Sys::SizeRet:
            results[0] = wi::Value::Make(uint32_t(d.msg.payload.size()));
            return;
        case Sys::BlockHeightRet:
            results[0] = wi::Value::Make(uint32_t(rt.height));
            return;
        case Sys::BlockTimestampRet:
            results[0] = wi::Value::Make(uint64_t(rt.timestamp));
            return;
        case Sys::GasAvailableRet:
            results[0] = wi::Value::Make(uint64_t(rt.messageGasLeft()));
            return;
        case Sys::WaitNoMore: {
            uint32_t duration = 0;
            std::memcpy(&duration, c.memIn(c.u32(0), 4), 4);
            return wait(WaitKind::WaitUpTo, duration);
        }
        case Sys::OutOfGas:
            // The message's gas ran out, even when the allowance is the smaller counter: no re-queue.
            ctx.messageBoundIsMin = true;
            rt.setGasGlobal(GasInstrumenter::OutOfGasSentinel);
            return c.end(Termination::OutOfGas);
        case Sys::Unknown:
            c.trap(ExecutionError::BackendError, std::string("unknown syscall ") + c.name);
        }
    }
};

} // namespace

wi::HostFunc::Ptr Runtime::Impl::makeHostFunc(const std::string& name, const wi::FuncType& type)
{
    const auto& t = sysTable();
    auto it = t.find(name);
    Sys id = it == t.end() ? Sys::Unknown : it->second.id;
    // Legacy getters share a name with a v2.0 call but return their value (see syscalltable.cpp).
    if (!type.results.empty()) {
        if (name == "gr_size")
            id = Sys::SizeRet;
        else if (name == "gr_block_height")
            id = Sys::BlockHeightRet;
        else if (name == "gr_block_timestamp")
            id = Sys::BlockTimestampRet;
        else if (name == "gr_gas_available")
            id = Sys::GasAvailableRet;
    }
    Gas base = it == t.end() ? 0 : it->second.base;
    Gas perByte = it == t.end() ? 0 : it->second.perByte;
    const char* stableName = it == t.end() ? "unknown" : it->first.c_str();
    std::vector<bool> wide;
    for (const auto& p : type.params)
        wide.push_back(p == wabt::Type::I64);
    return wi::HostFunc::New(store, type,
        [this, id, base, perByte, stableName, wide](
            wi::Thread&, const wi::Values& params, wi::Values& results, wi::Trap::Ptr* outTrap) -> wabt::Result {
            (void)perByte; // per-byte parts are charged where the length is known
            if (!exec) {
                *outTrap = wi::Trap::New(store, std::string(stableName) + " called outside an execution");
                return wabt::Result::Error;
            }
            ExecContext& ctx = *exec;
            // Nothing may escape into wabt, which is built without exceptions (stack-notes).
            try {
                Call call(*this, ctx, stableName, params, wide);
                call.charge(base);
                Handler h { *this, config, ctx, call, *ctx.dispatch };
                h.run(id, results);
                return wabt::Result::Ok;
            } catch (const HostTrap&) {
            } catch (const std::bad_alloc&) {
                ctx.term = Termination::Trap;
                ctx.trapError = ExecutionError::MemoryOverflow;
                ctx.trapMessage = std::string(stableName) + ": host out of memory";
            } catch (...) {
                ctx.term = Termination::Trap;
                ctx.trapError = ExecutionError::BackendError;
                ctx.trapMessage = std::string(stableName) + ": internal error";
            }
            *outTrap = wi::Trap::New(store, ctx.trapMessage.empty() ? std::string(stableName) : ctx.trapMessage);
            return wabt::Result::Error;
        });
}

} // namespace Gearscope
