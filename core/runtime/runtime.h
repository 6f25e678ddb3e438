// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "code/codeinfo.h"
#include "model/result.h"
#include "runtime/runtimetypes.h"
#include "runtime/steprecord.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace Gearscope {

/** The Gear actor runtime: programs and users, one global FIFO queue, blocks with a gas
 *  allowance, waitlist, task pool, mailboxes, balances (spec §1–§6), executing real Wasm with
 *  the wabt interpreter.
 *
 *  Plain C++, not thread-safe: create and use it on one thread (the engine thread in the GUI,
 *  the main thread in the CLI and tests). Deterministic: the same calls with the same
 *  RuntimeConfig::seed give the same steps, ids and memory bit for bit.
 *
 *  Processing model: blocks are numbered from 1. A block opens (height+1, timestamp+3000 ms),
 *  runs its due tasks, then dispatches from the queue until it is empty or the allowance is
 *  spent, then closes. `step()` advances by one task or dispatch, opening and closing blocks
 *  as needed, so a debugger can stop between any two. */
class Runtime
{
public:
    explicit Runtime(RuntimeConfig config = {});
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    const RuntimeConfig& config() const;

    // ---- set-up and user actions ----
    /// Validates and stores code; idempotent for identical bytes.
    Result<CodeId> submitCode(const Bytes& wasmOrWat, const std::string& sourceName = "<module>");
    /// Adds a funded user. Default users (alice, bob, charlie, eve) exist from the start with
    /// gtest's ids (u64::MAX-1 … -4). Fails beyond RuntimeConfig::maxActors.
    Result<ActorId> addUser(const std::string& name, std::optional<u128> balance = std::nullopt);
    std::optional<ActorId> userByName(const std::string& name) const;
    std::optional<ActorId> actorByName(const std::string& name) const;

    struct Upload
    {
        ActorId program;
        MessageId initMessage;
    };
    /// Creates the program (Uninitialized) and queues its Init message (spec §1.3 ids).
    /// Gas defaults to the max user gas limit.
    Result<Upload> uploadProgram(const ActorId& user, const CodeId& code, const Bytes& salt, const Bytes& initPayload,
        u128 value = 0, std::optional<Gas> gasLimit = std::nullopt, const std::string& name = {});
    /// Queues a Handle message from a user (spec §1.3 external id).
    Result<MessageId> sendMessage(const ActorId& user, const ActorId& destination, const Bytes& payload, u128 value = 0,
        std::optional<Gas> gasLimit = std::nullopt);
    /// Replies to a message in the user's mailbox (spec §2): removes it, transfers its value to
    /// the user, queues a Reply (Success::Manual) to the program.
    Result<MessageId> replyFromMailbox(const ActorId& user, const MessageId& mailboxMessage, const Bytes& payload,
        u128 value = 0, std::optional<Gas> gasLimit = std::nullopt);
    /// Claims the value of a mailbox message: removes it, value to the user, auto-reply to the program.
    Result<Ok> claimValue(const ActorId& user, const MessageId& mailboxMessage);
    void setActorName(const ActorId& id, const std::string& name);

    // ---- processing ----
    using Observer = std::function<void(const StepRecord&)>;
    /// Called once per step, synchronously, on the runtime's thread.
    void setObserver(Observer observer);
    using InputObserver = std::function<void(const InputRecord&)>;
    /// Called once per user action (submit, add user, upload, send, reply, claim, idle block),
    /// synchronously, after it took effect. World ops are filled when RuntimeConfig::recordWorld.
    void setInputObserver(InputObserver observer);
    /// Turns world-op and page recording on or off (for a recorder attached mid-run).
    void setRecordWorld(bool on);

    /// One task or dispatch. Returns nullopt when nothing at all is left to do (no queue,
    /// no pending tasks) — the runtime is idle. Opening an empty block to reach a scheduled
    /// task counts as progress, not as a step.
    std::optional<StepRecord> step();
    /// Steps until the next dispatch has executed (skipping over tasks); nullopt when idle.
    std::optional<StepRecord> stepDispatch();
    struct BlockSummary
    {
        BlockNumber block = 0;
        uint64_t steps = 0;
        uint64_t dispatches = 0;
        Gas allowanceSpent = 0;
        bool allowanceExhausted = false;
    };
    /// Finishes the open block, or runs one whole block (tasks, then the queue).
    BlockSummary runBlock();
    /// Closes the open block, if any, without running what is left in it (recorded as an input,
    /// so a replay knows the next message goes into a new block).
    void endBlock();
    /// Runs blocks until idle or `maxBlocks` blocks have run; returns the number of steps made.
    uint64_t runUntilIdle(uint32_t maxBlocks = 1000);
    /// True when there is nothing queued and no task is scheduled.
    bool idle() const;
    /// The block of the earliest scheduled task, if any.
    std::optional<BlockNumber> nextTaskBlock() const;
    /// Whether runBlock() would run a step now: the open block has a due task or queued
    /// dispatches and allowance left; with no block open, the next block would have a due task
    /// or queued dispatches. A driver that steps through a block (the scenario runner stopping
    /// inside one) asks this instead of step(), which would go on into the next block.
    bool blockHasWork() const;
    /// Lets up to `blocks` empty blocks pass in one go (recorded as one input), stopping before
    /// the block of the next task; does nothing while a block is open or messages are queued.
    /// Returns the number of blocks passed.
    BlockNumber passEmptyBlocks(BlockNumber blocks);

    /// Executes the program's read-only `state` export with `payload` and returns what it replied.
    /// Nothing persists (spec §7.1 "state").
    Result<Bytes> readState(const ActorId& program, const Bytes& payload);
    /// The same query on a program given by its code and committed memory image — a recorded
    /// program at some position of a trace, where no live instance exists. Builds a throwaway
    /// runtime with `config`, instantiates `code` as `program` (id, state, balance, allocations),
    /// loads `memory` (whole Wasm pages), sets the clock to `block` (height and its timestamp)
    /// and runs `state`.
    static Result<Bytes> readStateOfImage(const RuntimeConfig& config, const Bytes& code,
        const ProgramSnapshot& program, const Bytes& memory, BlockNumber block, const Bytes& payload);

    // ---- reading ----
    BlockNumber blockHeight() const;
    uint64_t blockTimestamp() const;
    bool blockOpen() const;
    uint64_t stepCount() const;
    Gas allowanceLeft() const; ///< of the open block (or the full allowance between blocks)
    std::vector<ProgramSnapshot> programs() const; ///< in creation order
    std::vector<UserSnapshot> users() const; ///< in creation order
    std::optional<ProgramSnapshot> program(const ActorId& id) const;
    bool isProgram(const ActorId& id) const;
    std::string actorName(const ActorId& id) const; ///< given name, or short hex
    u128 balanceOf(const ActorId& id) const;
    std::vector<QueuedDispatch> queue() const; ///< processing order
    std::vector<WaitlistEntry> waitlist() const;
    std::vector<TaskSnapshot> tasks() const; ///< by block, then scheduling order
    std::vector<MailboxEntry> mailbox(const ActorId& user) const;
    /// Messages to users that did not stay in a mailbox (replies, gasless sends), in order.
    std::vector<Message> userLog() const;
    std::shared_ptr<const CodeInfo> code(const CodeId& id) const;
    /// A copy of one 16 KiB gear page of the program's linear memory (empty if out of range).
    Bytes memoryPage(const ActorId& program, uint32_t gearPage) const;
    /// A copy of the program's whole linear memory.
    Bytes memory(const ActorId& program) const;
    /// BLAKE2b-256 of the program's memory, for determinism checks and trace verification.
    Hash memoryHash(const ActorId& program) const;

    class Impl; ///< opaque; public only so core's own .cpp files can name it

private:
    std::unique_ptr<Impl> d;
};

} // namespace Gearscope
