// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "runtime/runtimetypes.h"
#include "runtime/worldops.h"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace Gearscope {

/// What one step was.
enum class StepKind : uint8_t
{
    Dispatch,
    Task
};

/// How a dispatch ended (spec §1.5 step 7, §4.2).
enum class Outcome : uint8_t
{
    Success, ///< export returned or gr_leave
    NoExport, ///< the export for this kind is missing: successful no-op (§1.2)
    Exit, ///< gr_exit
    Wait, ///< gr_wait* — parked in the waitlist
    Trap, ///< execution error: rolled back, error reply (§4.3)
    Unavailable, ///< destination checks failed before execution (§1.5 step 4)
    AllowanceExceeded, ///< block allowance ran out: re-queued to the front, block ends (§1.6)
    TaskDone, ///< a scheduled task ran
};
const char* toString(Outcome o);

/** One syscall made during an execution, in call order. `args` are the raw Wasm arguments;
 *  `error` is the code written to the err field (0 for success or for infallible calls). */
struct SyscallEvent
{
    const char* name = ""; ///< static string from the syscall table
    std::vector<uint64_t> args;
    uint32_t error = 0;
};

/** Immutable bytes shared by every copy: a step record handed to the trace writer's thread
 *  (or kept by an observer) shares its 16 KiB pages instead of copying them. Reads as a
 *  `const Bytes&`. */
class SharedBytes
{
public:
    SharedBytes() = default;
    SharedBytes(Bytes bytes) // NOLINT: implicit on purpose, a page is made from its bytes
        : m_bytes(std::make_shared<const Bytes>(std::move(bytes)))
    {
    }
    const Bytes& get() const
    {
        static const Bytes none;
        return m_bytes ? *m_bytes : none;
    }
    operator const Bytes&() const { return get(); } // NOLINT: reads like the Bytes it holds
    size_t size() const { return get().size(); }
    const uint8_t* data() const { return get().data(); }
    friend bool operator==(const SharedBytes& a, const Bytes& b) { return a.get() == b; }
    friend bool operator!=(const SharedBytes& a, const Bytes& b) { return a.get() != b; }
    friend bool operator==(const Bytes& a, const SharedBytes& b) { return a == b.get(); }
    friend bool operator!=(const Bytes& a, const SharedBytes& b) { return a != b.get(); }

private:
    std::shared_ptr<const Bytes> m_bytes;
};

/** What a step or input wrote to one 16 KiB gear page (for the trace): the 1 KiB chunks that may
 *  have changed, not the whole page, so recording a one-word store copies 1 KiB, not 16. The
 *  chunks not named keep their previous content (the page's previous write, or zeros for a page
 *  never written: a recorder is attached before any program exists). */
struct PageWrite
{
    static constexpr size_t Chunk = 1024; ///< the bytes one bit of chunkMask stands for
    static constexpr size_t PageBytes = 16 * Chunk; ///< a gear page

    ActorId program;
    uint32_t page = 0;
    /// The chunks named by chunkMask, in ascending order (popcount(chunkMask) KiB; all sixteen =
    /// the whole page). Shared by copies of the record.
    SharedBytes data;
    /// Bit i: bytes [i*1024, (i+1)*1024) may differ from the page's previous write and are in
    /// `data`; a clear bit promises they do not (the trace writer trusts it).
    uint16_t chunkMask = 0xFFFF;

    /// The chunks of `page` (PageBytes long) named by `mask`, as `data` holds them.
    static Bytes chunksOf(const uint8_t* page, uint16_t mask)
    {
        Bytes out;
        out.reserve(size_t(__builtin_popcount(mask)) * Chunk);
        for (unsigned c = 0; c < 16; ++c)
            if ((mask >> c) & 1u)
                out.insert(out.end(), page + c * Chunk, page + (c + 1) * Chunk);
        return out;
    }
    /// Writes the named chunks over `page` (PageBytes long): the page after this write. False
    /// if `data` does not hold as many chunks as the mask names.
    bool applyTo(uint8_t* page) const
    {
        const Bytes& d = data.get();
        if (d.size() != size_t(__builtin_popcount(chunkMask)) * Chunk)
            return false;
        const uint8_t* from = d.data();
        for (unsigned c = 0; c < 16; ++c) {
            if ((chunkMask >> c) & 1u) {
                std::memcpy(page + c * Chunk, from, Chunk);
                from += Chunk;
            }
        }
        return true;
    }
};

/** Everything that happened in one step, delivered to the observer. Value type: the observer may
 *  keep it or move it to another thread. */
struct StepRecord
{
    uint64_t index = 0; ///< 0-based step number in this run
    BlockNumber block = 0;
    StepKind kind = StepKind::Dispatch;
    TaskKind taskKind = TaskKind::WakeMessage; ///< for kind == Task
    DispatchKind dispatchKind = DispatchKind::Handle;
    Message message; ///< the dispatched message (for tasks: the message the task concerns)
    ActorId actor; ///< executing program (dispatch) or the actor the task concerns
    Outcome outcome = Outcome::Success;
    std::optional<ReplyCode> errorCode; ///< for Trap/Unavailable: the code of the error reply / outcome
    std::string trapMessage; ///< interpreter's words for a Wasm trap, or our explanation
    Bytes panicPayload; ///< gr_panic bytes
    Gas gasLimit = 0; ///< gas available when the step started
    Gas gasBurned = 0;
    uint64_t syscallCount = 0;
    std::vector<SyscallEvent> syscalls; ///< empty unless RuntimeConfig::recordSyscalls
    std::vector<Message> generated; ///< messages produced by this step, in journal order
    std::vector<MessageId> woken; ///< wakes applied
    std::vector<ActorId> createdPrograms;
    std::vector<uint32_t> changedPages; ///< 16 KiB gear pages whose bytes this step committed
    std::vector<std::string> debug; ///< gr_debug lines
    WorldOps worldOps; ///< how the world changed (RuntimeConfig::recordWorld)
    std::vector<PageWrite> pageWrites; ///< bytes of changedPages and of created programs' pages (recordWorld)
};

/// What a user did between steps (upload, send, reply, claim, submit code, or letting an empty block pass).
enum class InputKind : uint8_t
{
    SubmitCode,
    AddUser,
    Upload,
    Send,
    Reply,
    Claim,
    IdleBlock,
    EndBlock
};
const char* toString(InputKind k);

/** One user action, in the order made, with everything needed to redo it (`gearscope verify`)
 *  and to replay its effect on the world (issue 4). Delivered to the input observer. */
struct InputRecord
{
    InputKind kind = InputKind::Send;
    uint64_t beforeStep = 0; ///< steps executed when the action was made
    ActorId user;
    ActorId target; ///< destination (send), the program (upload, reply/claim: the mailbox message's source)
    CodeId code; ///< submit/upload
    Bytes codeBytes; ///< submit: the uploaded bytes, so a trace is self-contained
    std::string name; ///< user name, program name, or code source name
    Bytes salt;
    Bytes payload;
    u128 value = 0;
    Gas gasLimit = 0;
    MessageId message; ///< the message created (send, upload init, reply), or the mailbox message (claim)
    MessageId repliedTo; ///< reply/claim: the mailbox message
    WorldOps worldOps;
    std::vector<PageWrite> pageWrites;
};

} // namespace Gearscope
