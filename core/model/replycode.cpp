// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "replycode.h"

namespace Gearscope {

std::string ReplyCode::toString() const
{
    static const char* exec[] = { "RanOutOfGas", "MemoryOverflow", "BackendError", "UserspacePanic",
        "UnreachableInstruction", "StackLimitExceeded" };
    static const char* unavail[] = { "ProgramExited", "InitializationFailure", "Uninitialized",
        "ProgramNotCreated", "ReinstrumentationFailure" };
    const auto& b = bytes;
    if (b[3] != 0)
        return "Unsupported";
    if (b[0] == 0 && b[2] == 0) {
        if (b[1] == 0)
            return "Success(Auto)";
        if (b[1] == 1)
            return "Success(Manual)";
    }
    if (b[0] == 1) {
        if (b[1] == 0 && b[2] < 6)
            return std::string("Error(Execution(") + exec[b[2]] + "))";
        if (b[1] == 2 && b[2] < 5)
            return std::string("Error(UnavailableActor(") + unavail[b[2]] + "))";
        if (b[1] == 3 && b[2] == 0)
            return "Error(RemovedFromWaitlist)";
    }
    return "Unsupported";
}

std::string signalCodeToString(uint32_t code)
{
    switch (code) {
    case 100: return "Execution(UserspacePanic)";
    case 101: return "Execution(RanOutOfGas)";
    case 102: return "Execution(BackendError)";
    case 103: return "Execution(MemoryOverflow)";
    case 104: return "Execution(UnreachableInstruction)";
    case 105: return "Execution(StackLimitExceeded)";
    case 200: return "RemovedFromWaitlist";
    default: return "Unsupported";
    }
}

const char* SyscallError::name(uint32_t code)
{
    switch (code) {
    case 0: return "Ok";
    case 100: return "NotEnoughGas";
    case 101: return "NotEnoughValue";
    case 103: return "TooBigReadLen";
    case 104: return "ReadWrongRange";
    case 105: return "NoReplyContext";
    case 106: return "NoSignalContext";
    case 107: return "NoStatusCodeContext";
    case 108: return "IncorrectEntryForReply";
    case 200: return "RuntimeAllocOutOfBounds";
    case 201: return "AccessOutOfBounds";
    case 300: return "MaxMessageSizeExceed";
    case 301: return "OutgoingMessagesAmountLimitExceeded";
    case 302: return "DuplicateReply";
    case 303: return "DuplicateWaking";
    case 304: return "LateAccess";
    case 305: return "OutOfBounds";
    case 306: return "DuplicateInit";
    case 307: return "InsufficientValue";
    case 308: return "InsufficientGasLimit";
    case 309: return "DuplicateReplyDeposit";
    case 310: return "IncorrectMessageForReplyDeposit";
    case 311: return "OutgoingMessagesBytesLimitExceeded";
    case 312: return "OutOfBoundsInputSliceOffset";
    case 313: return "OutOfBoundsInputSliceLength";
    case 399: return "InsufficientGasForDelayedSending";
    case 500: return "InvalidReservationId";
    case 501: return "ReservationsLimitReached";
    case 502: return "ZeroReservationDuration";
    case 503: return "ZeroReservationAmount";
    case 504: return "ReservationBelowMailboxThreshold";
    default: return "Unsupported";
    }
}

} // namespace Gearscope
