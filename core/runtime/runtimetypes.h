// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/replycode.h"
#include "model/types.h"

#include <optional>
#include <string>
#include <vector>

namespace Gearscope {

/// Which export a dispatch runs (spec §1.2).
enum class DispatchKind : uint8_t
{
    Init,
    Handle,
    Reply,
    Signal
};
const char* toString(DispatchKind k);

/** A message as the user sees it: ids, ends, payload, value, gas limit and reply/signal details.
 *  Value type; copied into snapshots and step records. */
struct Message
{
    MessageId id;
    ActorId source;
    ActorId destination;
    Bytes payload;
    Gas gasLimit = 0; ///< gas the message carried when it was created
    u128 value = 0;
    std::optional<MessageId> replyTo; ///< set for replies
    ReplyCode replyCode; ///< meaningful only when replyTo is set
    std::optional<MessageId> signalFrom; ///< set for signals
    uint32_t signalCode = 0;
};

/// Constants of the runtime (spec §1.6, §2, §5, gtest constants in §8). All can be changed per run.
struct RuntimeConfig
{
    uint64_t seed = 42; ///< drives gr_random
    Gas blockGasAllowance = 1'000'000'000'000ull; ///< per-block queue allowance (gtest GAS_ALLOWANCE)
    Gas maxUserGasLimit = 750'000'000'000ull; ///< MAX_USER_GAS_LIMIT
    Gas mailboxThreshold = 3000;
    u128 existentialDeposit = u128(1'000'000'000'000ull);
    u128 valuePerGas = 100;
    u128 defaultUserBalance = u128(100'000) * u128(1'000'000'000'000ull);
    uint64_t blockDurationMs = 3000;
    uint64_t genesisTimestampMs = 1'700'000'000'000ull; ///< fixed, not wall clock: runs must be reproducible
    uint32_t maxPayloadSize = 8 * 1024 * 1024;
    uint32_t maxOutgoingMessages = 1024;
    uint64_t maxOutgoingBytes = 64ull * 1024 * 1024;
    uint32_t maxProgramPages = 32768;
    uint32_t maxReservations = 256;
    uint32_t maxActors = 100000; ///< guards host memory (hardening issue)
    uint32_t maxQueueLength = 1'000'000;
    // Host memory guards for what users and programs can pile up (hardening issue, docs/robustness.md).
    uint32_t maxCodes = 4096; ///< distinct codes submitted
    uint64_t maxCodeBytes = 256ull * 1024 * 1024; ///< total size of the submitted codes, as uploaded
    uint32_t maxMailboxSize = 10000; ///< messages per user mailbox; more go to the user log
    uint32_t maxUserLogMessages = 100000; ///< kept in the user log; the oldest go first
    uint64_t maxUserLogBytes = 64ull * 1024 * 1024; ///< payload bytes kept in the user log
    uint32_t maxDebugBytesPerStep = 1024 * 1024; ///< gr_debug text kept per step; the rest is dropped
    uint32_t maxDebugLinesPerStep = 10000; ///< gr_debug lines kept per step (empty lines cost memory too)
    uint32_t maxSyscallEventsPerStep = 10000; ///< StepRecord::syscalls kept; syscallCount counts all
    bool recordSyscalls = true; ///< include per-syscall events in step records
    bool recordWorld = false; ///< include world ops and page bytes in records (trace recording)
};

/// Program lifecycle (spec §6.3).
enum class ProgramState : uint8_t
{
    Uninitialized,
    Active,
    Exited,
    Terminated
};
const char* toString(ProgramState s);

struct ProgramSnapshot
{
    ActorId id;
    std::string name;
    CodeId codeId;
    ProgramState state = ProgramState::Uninitialized;
    MessageId initMessage; ///< while Uninitialized
    ActorId inheritor; ///< when Exited
    u128 balance = 0;
    std::vector<uint32_t> allocations; ///< Wasm pages obtained through `alloc`
    uint32_t staticPages = 0;
    uint32_t memoryPages = 0; ///< current size of linear memory in Wasm pages
    uint64_t handled = 0; ///< executions that ran (any outcome)
    Gas gasBurned = 0;
    std::vector<std::string> exports;
};

struct UserSnapshot
{
    ActorId id;
    std::string name;
    u128 balance = 0;
};

struct QueuedDispatch
{
    DispatchKind kind;
    Message message;
    Gas gasAvailable = 0; ///< what the dispatch could spend if run now
    bool woken = false; ///< it ran before and waited (has a context)
};

struct WaitlistEntry
{
    ActorId program;
    DispatchKind kind;
    Message message;
    BlockNumber since = 0;
    std::optional<BlockNumber> wakeAt; ///< a WakeMessage task (gr_wait_for, full gr_wait_up_to, delayed gr_wake)
    BlockNumber expiresAt = 0; ///< RemoveFromWaitlist deadline
};

struct MailboxEntry
{
    Message message;
    BlockNumber since = 0;
    BlockNumber expiresAt = 0;
};

enum class TaskKind : uint8_t
{
    WakeMessage,
    RemoveFromWaitlist,
    SendDispatch,
    SendUserMessage,
    RemoveFromMailbox,
    RemoveGasReservation,
};
const char* toString(TaskKind k);

struct TaskSnapshot
{
    BlockNumber block = 0;
    TaskKind kind;
    ActorId actor; ///< program or user the task concerns
    MessageId message; ///< message id, or the reservation id's bytes for RemoveGasReservation
};

} // namespace Gearscope
