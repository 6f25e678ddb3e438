// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "runtime/runtimetypes.h"

#include <variant>
#include <vector>

namespace Gearscope {

/** One change to the runtime's world (everything but linear memory, which travels as page
 *  writes). A step's ops, applied in order to the world before it, give the world after it: this
 *  is what lets a recorded trace be replayed without re-executing Wasm (issue 4). Value types. */
namespace WorldOp {
struct SetClock
{
    BlockNumber block;
    uint64_t timestamp;
};
struct QueuePushBack
{
    QueuedDispatch dispatch;
};
struct QueuePushFront
{
    QueuedDispatch dispatch;
};
struct QueuePopFront
{
};
struct WaitAdd
{
    WaitlistEntry entry;
};
struct WaitRemove
{
    ActorId program;
    MessageId message;
};
struct TaskAdd
{
    TaskSnapshot task;
};
struct TaskRemove
{
    TaskSnapshot task; ///< the first task equal in all fields is removed
};
struct MailboxAdd
{
    ActorId user;
    MailboxEntry entry;
};
struct MailboxRemove
{
    ActorId user;
    MessageId message;
};
struct UserLogAppend
{
    Message message;
};
/// The user log keeps a bounded tail (RuntimeConfig::maxUserLogMessages/Bytes): the oldest
/// `count` entries left it.
struct UserLogDropOldest
{
    uint32_t count = 0;
};
struct SetProgram
{
    ProgramSnapshot program; ///< upsert: whole row, so any field may have changed
};
/// The counters of an existing program row that change with almost every step; much smaller
/// than a whole SetProgram row.
struct ProgramStats
{
    ActorId program;
    ProgramState state = ProgramState::Active;
    u128 balance = 0;
    uint32_t memoryPages = 0;
    uint64_t handled = 0;
    Gas gasBurned = 0;
};
struct SetUser
{
    UserSnapshot user; ///< upsert
};
} // namespace WorldOp

using WorldOpVariant = std::variant<WorldOp::SetClock, WorldOp::QueuePushBack, WorldOp::QueuePushFront,
    WorldOp::QueuePopFront, WorldOp::WaitAdd, WorldOp::WaitRemove, WorldOp::TaskAdd, WorldOp::TaskRemove,
    WorldOp::MailboxAdd, WorldOp::MailboxRemove, WorldOp::UserLogAppend, WorldOp::SetProgram, WorldOp::ProgramStats,
    WorldOp::SetUser, WorldOp::UserLogDropOldest>;
using WorldOps = std::vector<WorldOpVariant>;

} // namespace Gearscope
