// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Private to core/runtime: the Runtime's implementation types. Includes wabt, so it must never
// be included from a public header.
#pragma once

#include "runtime/ringdeque.h"
#include "runtime/runtime.h"
#include "wabt/interp/interp.h"

#include <array>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

namespace Gearscope {

namespace wi = wabt::interp;

/// Gas costs (spec §5.2). Numbers are Vara's ref-time weights where the spec gives them.
namespace Costs {
constexpr Gas DbRead = 25'000'000;
constexpr Gas DbWrite = 100'000'000;
constexpr Gas ProgramDataRead = DbRead; ///< precharge "program data"
constexpr Gas CodeMetadataRead = DbRead;
constexpr Gas CodeReadPerByte = 10; ///< instrumented code read, per byte
constexpr Gas InstantiationPerByte = 1000; ///< module instantiation, per byte of code
constexpr Gas PageLoad = 10'000'000; ///< per 16 KiB page of persisted data touched
constexpr Gas PageWrite = 34'000'000; ///< first write of a page in an execution
constexpr Gas SendingFee = 2 * DbWrite;
constexpr Gas DelayedSendingFee = 4 * DbWrite;
constexpr Gas WaitingFee = 3 * DbWrite;
constexpr Gas WakingFee = 2 * DbWrite;
constexpr Gas ReservationFee = 2 * DbWrite;
constexpr Gas RentPerBlock = 100; ///< waitlist, mailbox, reservation, dispatch stash
constexpr Gas DefaultSyscall = 1'000'000; ///< base weight for calls the spec gives no figure for
} // namespace Costs

constexpr uint32_t WasmPage = 65536;
constexpr uint32_t GearPage = 16384;
constexpr uint32_t DiffChunk = 1024; ///< granularity of the memory diff (a divisor of GearPage and of 64 KiB)

/// One node of the (simplified) gas tree: gasless messages share their parent's node (spec §5.1).
struct GasNode
{
    Gas value = 0;
    std::optional<ActorId> refundTo; ///< the user who bought this gas, refunded when the node is released
};
using GasRef = std::shared_ptr<GasNode>;

/// What a dispatch keeps across wait/wake re-executions (Gear's ContextStore).
struct ContextStore
{
    uint32_t localNonce = 0; ///< outgoing message counter, cumulative (spec §1.3)
    std::set<ActorId> createdPrograms;
    uint64_t reservationNonce = 0;
    std::optional<Gas> systemReservation;
    bool replySent = false;
};

struct Dispatch
{
    DispatchKind kind = DispatchKind::Handle;
    Message msg;
    GasRef gas;
    std::shared_ptr<ContextStore> context; ///< set once it has run and waited
};

struct Reservation
{
    Gas amount = 0;
    BlockNumber expiresAt = 0;
};

struct ProgramData
{
    ActorId id;
    std::string name;
    std::shared_ptr<const CodeInfo> code;
    wi::Module::Ptr module;
    ProgramState state = ProgramState::Uninitialized;
    MessageId initMessage;
    ActorId inheritor;
    u128 balance = 0;
    std::set<uint32_t> allocations;
    wi::Instance::Ptr instance;
    wi::Memory::Ptr memory;
    wi::Global::Ptr gasGlobal;
    /// The instrumenter's `gear_dirty` (GasInstrumenter::DirtyGlobalName): which 1 KiB chunk
    /// classes the Wasm code stored to; null for code instrumented without write tracking.
    wi::Global::Ptr dirtyGlobal;
    /// `gear_dirty_static`: what `dirtyGlobal` starts at, the classes of constant-address stores.
    uint64_t staticDirty = 0;
    std::vector<std::pair<wi::Global::Ptr, wi::Value>> mutableGlobals; ///< reset before each execution
    std::unordered_map<std::string, wi::Func::Ptr> exports;
    /// The export each DispatchKind runs (init, handle, handle_reply, handle_signal), or null:
    /// found once at instantiation instead of a string lookup per dispatch. Owned by `exports`.
    std::array<wi::Func*, 4> kindExports {};
    uint64_t handled = 0;
    Gas gasBurned = 0;
    std::map<ReservationId, Reservation> reservations;
    /// The committed image of linear memory: equal to `memory` whenever no execution runs.
    /// Diffing against it finds the pages an execution wrote; only those are copied back and
    /// forth, so a dispatch never copies the whole memory.
    Bytes image;
    uint64_t creationOrder = 0;
};

struct UserData
{
    ActorId id;
    std::string name;
    u128 balance = 0;
    std::vector<MailboxEntry> mailbox;
    std::vector<GasRef> mailboxGas; ///< parallel to mailbox: the gas each entry holds
    uint64_t creationOrder = 0;
};

struct WaitingDispatch
{
    Dispatch dispatch;
    BlockNumber since = 0;
    std::optional<BlockNumber> wakeAt;
    BlockNumber expiresAt = 0;
};

struct Task
{
    TaskKind kind;
    ActorId actor;
    MessageId message;
    ReservationId reservation;
    bool toMailbox = false;
};

/// A message built during an execution, applied to the world only if the execution commits.
struct Outgoing
{
    DispatchKind kind = DispatchKind::Handle;
    Message msg;
    GasRef gas;
    uint32_t delay = 0;
    bool gasless = false; ///< shares the sender's gas node (no explicit gas limit)
};

struct CreatedProgram
{
    ActorId id;
    CodeId code;
    MessageId initMessage;
    u128 value = 0;
};

/// Why an execution stopped, when it did not simply return.
enum class Termination : uint8_t
{
    None,
    Leave,
    Exit,
    Wait,
    Panic,
    OomPanic,
    Trap,
    OutOfGas
};
enum class WaitKind : uint8_t
{
    Wait,
    WaitFor,
    WaitUpTo
};

struct MessageBuilder
{
    Bytes payload;
    bool committed = false;
};

/** State of one running execution; host calls read and write it. Lives on the engine thread
 *  for the duration of one export call. */
struct ExecContext
{
    ProgramData* prog = nullptr;
    Dispatch* dispatch = nullptr;
    ContextStore store; ///< working copy; written back on Wait
    bool stateQuery = false;

    // Gas accounting: the Wasm global holds min(message gas left, allowance left) (spec §1.6).
    Gas gasStart = 0; ///< message gas at start (after precharge)
    Gas allowanceStart = 0;
    Gas carved = 0; ///< explicit gas given to outgoing messages/reservations
    Gas globalBase = 0; ///< value written to the global at the last (re)set
    Gas burnedBase = 0; ///< burned when the global was last set
    bool messageBoundIsMin = true; ///< which counter the global mirrors
    bool gasInitialized = false;
    Gas burnedFinal = 0; ///< burned by the Wasm call and its host calls
    std::vector<uint32_t> changedPages; ///< 1 KiB chunks (DiffChunk) that differ from the committed image
    /// Per changed chunk, the byte range [first, second) within it that can differ: the whole
    /// chunk unless only host writes touched it. Committing copies just that range.
    std::vector<std::pair<uint16_t, uint16_t>> changedRanges;
    /// Memory host calls handed out for writing: bit (chunk mod 64), as in `gear_dirty`.
    /// Used for long ranges and once `hostWrites` is full.
    uint64_t hostDirty = 0;
    /// Short host writes, exactly: [begin, end) byte addresses. Comparing and committing just
    /// these bytes beats a whole chunk when a host call only wrote a length or an id.
    struct HostWrite
    {
        uint32_t begin = 0;
        uint32_t end = 0;
    };
    static constexpr size_t MaxHostWrites = 8;
    std::array<HostWrite, MaxHostWrites> hostWrites;
    size_t hostWriteCount = 0;

    u128 valueAvailable = 0; ///< program balance (+ incoming value on first execution) minus value sent
    std::vector<Outgoing> sends; ///< handle messages in commit order
    std::map<uint32_t, MessageBuilder> builders; ///< gr_send_init handles
    std::optional<Outgoing> reply;
    std::optional<MessageBuilder> replyBuilder;
    std::vector<std::pair<MessageId, uint32_t>> wakes;
    std::vector<CreatedProgram> created;
    std::vector<Outgoing> inits; ///< init messages of created programs, in call order
    std::vector<std::pair<MessageId, Gas>> replyDeposits;
    std::map<ReservationId, Reservation> newReservations;
    std::set<ReservationId> usedReservations; ///< existing reservations consumed or unreserved
    std::set<uint32_t> allocations; ///< working copy
    uint64_t outgoingBytes = 0;

    Termination term = Termination::None;
    WaitKind waitKind = WaitKind::Wait;
    uint32_t waitDuration = 0;
    ActorId exitInheritor;
    Bytes panicPayload;
    ExecutionError trapError = ExecutionError::UnreachableInstruction;
    std::string trapMessage;

    std::vector<SyscallEvent> events;
    uint64_t syscallCount = 0;
    std::vector<std::string> debug;
    uint64_t debugBytes = 0; ///< kept in `debug`, bounded by RuntimeConfig::maxDebugBytesPerStep
    uint64_t debugDroppedLines = 0;
    uint64_t debugDroppedBytes = 0;
};

/** The runtime's state and logic. Host calls (hostcalls.cpp) and the world (runtime.cpp) share it. */
class Runtime::Impl
{
public:
    explicit Impl(RuntimeConfig cfg);

    RuntimeConfig config;
    wi::Store store;
    std::unique_ptr<wi::Thread> thread;
    Runtime::Observer observer;

    std::map<CodeId, std::shared_ptr<const CodeInfo>> codes;
    std::map<CodeId, wi::Module::Ptr> modules;
    std::map<ActorId, std::unique_ptr<ProgramData>> programs;
    std::map<ActorId, std::unique_ptr<UserData>> users;
    std::map<ActorId, std::string> names;
    uint64_t creationCounter = 0;

    RingDeque<Dispatch> queue; ///< no allocation per queued message once the ring has grown
    std::map<ActorId, std::map<MessageId, WaitingDispatch>> waitlist;
    std::multimap<BlockNumber, Task> tasks;
    std::map<MessageId, Dispatch> stash; ///< delayed dispatches (spec §6.1)
    std::map<MessageId, Gas> replyDeposits; ///< keyed by the id of the message whose reply they fund
    std::vector<Message> userLog;
    uint64_t userLogBytes = 0; ///< payload bytes in userLog (RuntimeConfig::maxUserLogBytes)
    uint64_t codeBytes = 0; ///< submitted code bytes (RuntimeConfig::maxCodeBytes)
    /// Programs gr_create_program asked for but a limit refused, with the reason, until their
    /// init message is dispatched and says so.
    std::map<ActorId, std::string> notCreated;

    BlockNumber height = 0;
    uint64_t timestamp = 0;
    bool blockOpen = false;
    bool queueStopped = false; ///< allowance exhausted in the open block
    Gas allowance = 0;
    std::deque<std::pair<BlockNumber, Task>> dueTasks; ///< tasks of the open block not yet run, with their block
    uint64_t steps = 0;
    u128 userNonce = 1; ///< gtest's global nonce for external message ids
    uint64_t dispatchesSinceCollect = 0;

    ExecContext* exec = nullptr; ///< the running execution, for host calls
    std::vector<uint32_t> chunkScratch; ///< ExecContext::changedPages between dispatches (keeps capacity)
    std::vector<std::pair<uint16_t, uint16_t>> rangeScratch; ///< ExecContext::changedRanges likewise
    std::vector<Outgoing> sendScratch; ///< ExecContext::sends likewise (empty between dispatches)
    /// Spare payload buffers: a dispatched message's payload, and those of a reused record's
    /// generated messages, are kept here for the payloads host calls read and the copies routed
    /// messages leave in the record, so a ping-pong round trip does not go through malloc.
    std::vector<Bytes> spareBytes;
    static constexpr size_t MaxSpareBytes = 64;
    static constexpr size_t MaxSpareCapacity = 64 * 1024;
    Bytes takeBytes()
    {
        if (spareBytes.empty())
            return {};
        Bytes b = std::move(spareBytes.back());
        spareBytes.pop_back();
        return b;
    }
    void recycle(Bytes&& b)
    {
        if (b.capacity() == 0 || b.capacity() > MaxSpareCapacity || spareBytes.size() >= MaxSpareBytes)
            return;
        b.clear();
        spareBytes.push_back(std::move(b));
    }
    std::vector<uint32_t> pageScratch; ///< the gear pages a dispatch persists, before they go into its record

    // world
    std::optional<StepRecord> step();
    /// One step into `r`, which must be fresh or reset (resetRecord); false when idle.
    bool step(StepRecord& r);
    /// Empties a record for reuse, keeping the capacity of its vectors and strings.
    void resetRecord(StepRecord& r);
    StepRecord blockRecord; ///< reused by runBlock for every step it makes
    void openBlock(bool skipEmpty);
    void closeBlock();
    bool idle() const;
    void runTask(const Task& t, StepRecord& r);
    void processDispatch(StepRecord& r);
    void emit(StepRecord& r);

    Result<wi::Module::Ptr> moduleFor(const CodeId& id);
    Result<ProgramData*> createProgram(
        const ActorId& id, const CodeId& code, const MessageId& initMessage, u128 balance);
    bool instantiate(ProgramData& p, std::string* error);

    // By rvalue reference: a Dispatch is ~300 bytes, and a by-value parameter moved it twice.
    void enqueue(Dispatch&& d)
    {
        if (ops)
            op(WorldOp::QueuePushBack { queued(d) });
        queue.push_back(std::move(d));
    }
    void enqueueFront(Dispatch&& d)
    {
        if (ops)
            op(WorldOp::QueuePushFront { queued(d) });
        queue.push_front(std::move(d));
    }
    void route(Outgoing&& o, StepRecord* r);
    void deliverToUser(Dispatch&& d, bool toMailbox, StepRecord* r);
    /// Appends to the user log, dropping the oldest entries beyond the configured bounds.
    void appendUserLog(const Message& m);
    void sendErrorReply(const Dispatch& d, ReplyCode code, Bytes payload, u128 value, StepRecord* r);
    void sendAutoReply(const Message& to, const ActorId& from, StepRecord* r);
    void sendSignal(const Dispatch& d, const ActorId& program, Gas reservation, uint32_t code, StepRecord* r);
    void releaseGas(GasRef& g);
    void credit(const ActorId& id, u128 value);
    void addToWaitlist(Dispatch&& d, WaitKind kind, uint32_t duration, StepRecord* r);
    void wakeMessage(const ActorId& program, const MessageId& mid, StepRecord* r);
    void drainWaitlist(const ActorId& program);
    void eraseTasks(TaskKind kind, const ActorId& actor, const MessageId& mid);
    void schedule(BlockNumber at, Task t)
    {
        if (ops)
            op(WorldOp::TaskAdd { taskSnapshot(at, t) });
        tasks.emplace(at, std::move(t));
    }

    // ---- world ops for the trace (RuntimeConfig::recordWorld) ----
    WorldOps* ops = nullptr; ///< collector of the step or input being made, or null
    std::vector<PageWrite>* pageWrites = nullptr;
    std::set<ActorId> dirty; ///< actors whose row changed in the current step or input
    std::optional<std::pair<BlockNumber, uint64_t>> recordedClock; ///< the clock as the last ops left it
    std::map<ActorId, ProgramSnapshot> recordedPrograms; ///< program rows as the last ops left them
    Runtime::InputObserver inputObserver;
    void op(WorldOpVariant&& o) { ops->push_back(std::move(o)); }
    void markDirty(const ActorId& id)
    {
        if (ops)
            dirty.insert(id);
    }
    static QueuedDispatch queued(const Dispatch& d)
    {
        return { d.kind, d.msg, d.gas ? d.gas->value : 0, bool(d.context) };
    }
    static TaskSnapshot taskSnapshot(BlockNumber at, const Task& t)
    {
        return { at, t.kind, t.actor,
            t.kind == TaskKind::RemoveGasReservation ? MessageId::fromBytes(t.reservation.bytes.data()) : t.message };
    }
    /// Starts collecting ops (when recording); returns false when not recording.
    bool beginRecord(WorldOps* into, std::vector<PageWrite>* pages);
    /// Emits rows of dirty actors and stops collecting.
    void endRecord();
    void recordInitialPages(const ProgramData& p);
    void emitInput(InputRecord&& in, WorldOps& collected, std::vector<PageWrite>& pages);
    void exitProgram(ProgramData& p, const ActorId& inheritor);
    void terminateProgram(ProgramData& p, const ActorId& balanceTo);
    GasRef replyGas(const MessageId& repliedTo, GasRef shared);

    // execution
    enum class RunStatus
    {
        Finished,
        AllowanceExceeded
    };
    RunStatus execute(
        ProgramData& p, Dispatch& d, wi::Func& fn, ExecContext& ctx, Gas gasAvailable, Gas allowanceAvailable);
    /// The DiffChunk chunks that differ from the image, looking only at the chunk classes stored to
    /// (`wasmDirty`, as `gear_dirty`) or written by host calls (ctx.hostDirty, ctx.hostWrites).
    /// Fills ctx.changedPages and ctx.changedRanges.
    void diffPages(ProgramData& p, uint64_t wasmDirty, ExecContext& ctx);
    /// Copies the changed ranges from `firstChunk` on (below it: the shadow stack) into the image.
    void commitPages(ProgramData& p, const ExecContext& ctx, uint32_t firstChunk);
    void rollbackPages(ProgramData& p, const std::vector<uint32_t>& changed);

    // host calls (hostcalls.cpp)
    wi::HostFunc::Ptr makeHostFunc(const std::string& name, const wi::FuncType& type);
    Gas gasGlobal() const;
    void setGasGlobal(Gas v);
    Gas burnedSoFar() const;
    Gas messageGasLeft() const;
    void resetGasGlobal();
    bool carveGas(Gas amount); ///< take explicit gas out of the message counter
};

} // namespace Gearscope
