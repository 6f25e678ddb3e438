// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "fixtures.h"
#include "runtime/runtime.h"

#include <QByteArray>
#include <QList>

#include <cstring>
#include <optional>
#include <vector>

namespace Gearscope::Test {

// Outcomes, codes and kinds are compared through their names, so a failure says "trap" vs
// "wait" instead of two integers.
inline QByteArray str(Outcome o) { return toString(o); }
inline QByteArray str(TaskKind k) { return toString(k); }
inline QByteArray str(DispatchKind k) { return toString(k); }
inline QByteArray str(ProgramState s) { return toString(s); }
inline QByteArray str(const ReplyCode& c) { return QByteArray::fromStdString(c.toString()); }
inline QByteArray str(const std::optional<ReplyCode>& c) { return c ? str(*c) : QByteArray("<none>"); }
inline QByteArray str(const Bytes& b)
{
    return QByteArray(reinterpret_cast<const char*>(b.data()), qsizetype(b.size()));
}
inline ReplyCode execError(ExecutionError e) { return ReplyCode::execution(e); }

/** One Runtime, the records its observer saw, and the helpers the runtime tests share (upload a
 *  fixture, send as alice and run until dispatched, read memory). Helpers return values (not
 *  QVERIFY) so the calling test decides how to fail. */
class RuntimeWorld
{
public:
    explicit RuntimeWorld(RuntimeConfig cfg = {})
        : rt(cfg)
    {
        alice = *rt.userByName("alice");
        rt.setObserver([this](const StepRecord& r) { steps.push_back(r); });
    }

    /// Submits and uploads a fixture, runs its init and closes that block, so the test starts
    /// between blocks.
    bool upload(const char* fixtureName, ActorId* out, const char* salt = "")
    {
        auto code = rt.submitCode(fixture(fixtureName), fixtureName);
        if (!code) {
            qWarning("%s", code.error().c_str());
            return false;
        }
        auto up = rt.uploadProgram(alice, code.value(), bytesOf(salt), {});
        if (!up) {
            qWarning("%s", up.error().c_str());
            return false;
        }
        *out = up->program;
        auto r = dispatchOf(up->initMessage);
        if (!r || (r->outcome != Outcome::Success && r->outcome != Outcome::NoExport)) {
            qWarning("init of %s did not succeed", fixtureName);
            return false;
        }
        if (rt.blockOpen())
            rt.runBlock();
        return true;
    }

    /// Steps until message `id` has been dispatched; its record, or nullopt.
    std::optional<StepRecord> dispatchOf(const MessageId& id)
    {
        for (int i = 0; i < 100000; ++i) {
            auto r = rt.stepDispatch();
            if (!r)
                return std::nullopt;
            if (r->message.id == id && r->outcome != Outcome::AllowanceExceeded)
                return r;
        }
        return std::nullopt;
    }

    /// Alice sends `payload` to `to`; runs until that message has been dispatched.
    std::optional<StepRecord> run(const ActorId& to, const Bytes& payload)
    {
        return send(to, payload, 0, std::nullopt);
    }
    /// The same with a value. Value and gas have names of their own, not default arguments: both
    /// are integers, and a gas limit passed where a value goes would compile silently.
    std::optional<StepRecord> runWithValue(const ActorId& to, const Bytes& payload, u128 value)
    {
        return send(to, payload, value, std::nullopt);
    }
    /// The same with a gas limit.
    std::optional<StepRecord> runWithGas(const ActorId& to, const Bytes& payload, std::optional<Gas> gas)
    {
        return send(to, payload, 0, gas);
    }

    /// Every dispatch record of message `id`, in order.
    std::vector<StepRecord> dispatchesOf(const MessageId& id) const
    {
        std::vector<StepRecord> out;
        for (const auto& s : steps)
            if (s.kind == StepKind::Dispatch && s.message.id == id)
                out.push_back(s);
        return out;
    }

    Bytes mem(const ActorId& p, uint32_t addr, uint32_t len) const
    {
        Bytes m = rt.memory(p);
        if (size_t(addr) + len > m.size())
            return {};
        return Bytes(m.begin() + addr, m.begin() + addr + len);
    }
    uint32_t u32(const ActorId& p, uint32_t addr) const
    {
        Bytes b = mem(p, addr, 4);
        uint32_t v = 0xBADBADu;
        if (b.size() == 4)
            std::memcpy(&v, b.data(), 4);
        return v;
    }
    uint64_t u64(const ActorId& p, uint32_t addr) const
    {
        Bytes b = mem(p, addr, 8);
        uint64_t v = 0xBADBADu;
        if (b.size() == 8)
            std::memcpy(&v, b.data(), 8);
        return v;
    }
    /// An ErrorWithHash as the program saw it: err, then the hash bytes.
    Bytes errorWithHash(const ActorId& p, uint32_t addr) const { return mem(p, addr, 36); }

    bool hasTask(TaskKind kind, BlockNumber block, const MessageId& mid) const
    {
        for (const auto& t : rt.tasks())
            if (t.kind == kind && t.block == block && t.message == mid)
                return true;
        return false;
    }
    size_t tasksOf(TaskKind kind, const MessageId& mid) const
    {
        size_t n = 0;
        for (const auto& t : rt.tasks())
            n += t.kind == kind && t.message == mid;
        return n;
    }
    bool inUserLog(const MessageId& id) const
    {
        for (const auto& m : rt.userLog())
            if (m.id == id)
                return true;
        return false;
    }

    Runtime rt;
    ActorId alice;
    std::vector<StepRecord> steps;

private:
    std::optional<StepRecord> send(const ActorId& to, const Bytes& payload, u128 value, std::optional<Gas> gas)
    {
        auto m = rt.sendMessage(alice, to, payload, value, gas);
        if (!m) {
            qWarning("%s", m.error().c_str());
            return std::nullopt;
        }
        return dispatchOf(m.value());
    }
};

/// Error codes of every call to `name` in a record's syscall trace, in call order.
inline QList<int> errorsOf(const StepRecord& r, const char* name)
{
    QList<int> out;
    for (const auto& e : r.syscalls)
        if (std::strcmp(e.name, name) == 0)
            out.push_back(int(e.error));
    return out;
}

/// The reply to message `id` among `msgs`, or null.
inline const Message* replyTo(const std::vector<Message>& msgs, const MessageId& id)
{
    for (const auto& m : msgs)
        if (m.replyTo && *m.replyTo == id)
            return &m;
    return nullptr;
}

} // namespace Gearscope::Test
