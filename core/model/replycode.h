// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace Gearscope {

/// Execution error sub-reasons (spec §4.1, byte 2 of an `01 00 xx 00` reply code).
enum class ExecutionError : uint8_t {
    RanOutOfGas = 0,
    MemoryOverflow = 1,
    BackendError = 2,
    UserspacePanic = 3,
    UnreachableInstruction = 4,
    StackLimitExceeded = 5,
};

/// UnavailableActor sub-reasons (spec §4.1, byte 2 of an `01 02 yy 00` reply code).
enum class UnavailableActor : uint8_t {
    ProgramExited = 0,
    InitializationFailure = 1,
    Uninitialized = 2,
    ProgramNotCreated = 3,
    ReinstrumentationFailure = 4,
};

/** Gear's 4-byte ReplyCode (spec §4.1): byte 0 class, byte 1 reason, byte 2 sub-reason. */
struct ReplyCode
{
    std::array<uint8_t, 4> bytes {};

    static ReplyCode successAuto() { return { { 0, 0, 0, 0 } }; }
    static ReplyCode successManual() { return { { 0, 1, 0, 0 } }; }
    static ReplyCode execution(ExecutionError e) { return { { 1, 0, uint8_t(e), 0 } }; }
    static ReplyCode unavailable(UnavailableActor u) { return { { 1, 2, uint8_t(u), 0 } }; }
    static ReplyCode removedFromWaitlist() { return { { 1, 3, 0, 0 } }; }

    bool isSuccess() const { return bytes[0] == 0; }
    bool isError() const { return bytes[0] == 1; }
    uint32_t asU32() const { return uint32_t(bytes[0]) | uint32_t(bytes[1]) << 8 | uint32_t(bytes[2]) << 16 | uint32_t(bytes[3]) << 24; }
    /// In words, e.g. "Error(Execution(UserspacePanic))"; unknown combinations decode as "Unsupported".
    std::string toString() const;
    bool operator==(const ReplyCode& o) const { return bytes == o.bytes; }
    bool operator!=(const ReplyCode& o) const { return bytes != o.bytes; }
};

/// SignalCode (spec §4.1): a u32 sent to handle_signal.
enum class SignalCode : uint32_t {
    UserspacePanic = 100,
    RanOutOfGas = 101,
    BackendError = 102,
    MemoryOverflow = 103,
    UnreachableInstruction = 104,
    StackLimitExceeded = 105,
    RemovedFromWaitlist = 200,
};
std::string signalCodeToString(uint32_t code);

/// Error codes written by fallible syscalls to their `err` field (spec §7.4).
namespace SyscallError {
enum : uint32_t {
    Ok = 0,
    NotEnoughGas = 100,
    NotEnoughValue = 101,
    TooBigReadLen = 103,
    ReadWrongRange = 104,
    NoReplyContext = 105,
    NoSignalContext = 106,
    NoStatusCodeContext = 107,
    IncorrectEntryForReply = 108,
    RuntimeAllocOutOfBounds = 200,
    AccessOutOfBounds = 201,
    MaxMessageSizeExceed = 300,
    OutgoingMessagesAmountLimitExceeded = 301,
    DuplicateReply = 302,
    DuplicateWaking = 303,
    LateAccess = 304,
    OutOfBounds = 305,
    DuplicateInit = 306,
    InsufficientValue = 307,
    InsufficientGasLimit = 308,
    DuplicateReplyDeposit = 309,
    IncorrectMessageForReplyDeposit = 310,
    OutgoingMessagesBytesLimitExceeded = 311,
    OutOfBoundsInputSliceOffset = 312,
    OutOfBoundsInputSliceLength = 313,
    InsufficientGasForDelayedSending = 399,
    InvalidReservationId = 500,
    ReservationsLimitReached = 501,
    ZeroReservationDuration = 502,
    ZeroReservationAmount = 503,
    ReservationBelowMailboxThreshold = 504,
};
const char* name(uint32_t code);
} // namespace SyscallError

} // namespace Gearscope
