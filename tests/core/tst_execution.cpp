// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Execution semantics that need real Wasm: wait/wake, time, gas, block allowance, limits,
// syscall traces, memory, reservations and determinism (spec §1.4–§1.6, §3, §4, §5, §6.1, §7).
#include "fixtures.h"
#include "ids/ids.h"
#include "runtime/runtime.h"
#include "runtimeworld.h"

#include <QList>
#include <QTest>

#include <algorithm>
#include <cstring>

namespace Gearscope {
namespace {

using namespace Gearscope::Test;

/// "<c><parts...>": a command byte followed by its arguments.
Bytes cmd(char c, std::initializer_list<Bytes> parts = {})
{
    Bytes out { uint8_t(c) };
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

using World = RuntimeWorld;

} // namespace

/// Found by QTest through ADL, so failing id comparisons print hex.
template <typename Tag> char* toString(const Id<Tag>& id) { return qstrdup(id.hex().c_str()); }

} // namespace Gearscope

using namespace Gearscope;
using namespace Gearscope::Test;

class tst_Execution : public QObject
{
    Q_OBJECT
private slots:
    // ------------------------------------------------------------------ wait / wake (§3.1)

    void waitThenWakeRerunsFromStart()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_waiter.wat", &p));

        auto a = w.run(p, cmd('W'));
        QVERIFY(a);
        QCOMPARE(str(a->outcome), str(Outcome::Wait));
        const MessageId aid = a->message.id;
        // Auto-reply is suppressed on Wait: the only message out is the one sent before waiting.
        QCOMPARE(a->generated.size(), size_t(1));
        QCOMPARE(str(a->generated[0].payload), QByteArray("pre"));
        QVERIFY(!a->generated[0].replyTo);
        // Everything before the wait is committed: the flag, the counter, the message to alice.
        QCOMPARE(w.u32(p, 0x200), 1u);
        QCOMPARE(w.u32(p, 0x204), 1u);
        auto box = w.rt.mailbox(w.alice);
        QCOMPARE(box.size(), size_t(1));
        QCOMPARE(str(box[0].message.payload), QByteArray("pre"));
        QCOMPARE(box[0].message.source, p);
        auto wl = w.rt.waitlist();
        QCOMPARE(wl.size(), size_t(1));
        QCOMPARE(wl[0].message.id, aid);
        QCOMPARE(wl[0].program, p);
        QVERIFY(!wl[0].wakeAt);

        // B (to the same program) sends "N" to the program, "waker" to alice, then wakes A.
        auto b = w.run(p, cmd('K', { idBytes(aid) }));
        QVERIFY(b);
        QCOMPARE(str(b->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*b, "gr_wake"), QList<int>({ 0 }));
        QCOMPARE(b->woken, std::vector<MessageId>({ aid }));
        QVERIFY(w.rt.waitlist().empty());
        // Journal order: auto-reply, then B's sends, then the wake (§1.4).
        QCOMPARE(b->generated.size(), size_t(3));
        QCOMPARE(b->generated[0].replyTo, std::optional<MessageId>(b->message.id));
        QCOMPARE(str(b->generated[1].payload), QByteArray("N"));
        QCOMPARE(str(b->generated[2].payload), QByteArray("waker"));
        // The woken message is queued after B's own outgoing message to the program.
        auto q = w.rt.queue();
        QCOMPARE(q.size(), size_t(2));
        QCOMPARE(q[0].message.id, b->generated[1].id);
        QCOMPARE(q[1].message.id, aid);
        QVERIFY(q[1].woken);
        QVERIFY(!q[0].woken);

        auto n = w.rt.stepDispatch();
        QVERIFY(n);
        QCOMPARE(n->message.id, b->generated[1].id);
        auto rerun = w.rt.stepDispatch();
        QVERIFY(rerun);
        // Same message, same kind, source and payload; the entry point ran from the start
        // (counter bumped again) and saw the flag written before the wait.
        QCOMPARE(rerun->message.id, aid);
        QCOMPARE(str(rerun->dispatchKind), str(DispatchKind::Handle));
        QCOMPARE(rerun->message.source, w.alice);
        QCOMPARE(str(rerun->message.payload), QByteArray("W"));
        QCOMPARE(str(rerun->outcome), str(Outcome::Success));
        QCOMPARE(rerun->debug, std::vector<std::string>({ "woken" }));
        QCOMPARE(w.u32(p, 0x204), 2u);
        QCOMPARE(w.u32(p, 0x200), 0u);
        // No second "pre"; this time the auto-reply goes out.
        QCOMPARE(rerun->generated.size(), size_t(1));
        QVERIFY(replyTo(rerun->generated, aid));
        QCOMPARE(w.dispatchesOf(aid).size(), size_t(2));
    }

    void wakeErrors_data()
    {
        QTest::addColumn<char>("command");
        QTest::addColumn<bool>("targetWaits");
        QTest::addColumn<QList<int>>("wakeErrors");
        QTest::addColumn<int>("woken");
        QTest::newRow("unknown id is ignored") << 'K' << false << QList<int>({ 0 }) << 0;
        QTest::newRow("twice, unknown id") << 'D' << false << QList<int>({ 0, 303 }) << 0;
        QTest::newRow("twice, waiting id") << 'D' << true << QList<int>({ 0, 303 }) << 1;
        QTest::newRow("once, waiting id") << 'K' << true << QList<int>({ 0 }) << 1;
    }
    void wakeErrors()
    {
        QFETCH(char, command);
        QFETCH(bool, targetWaits);
        QFETCH(QList<int>, wakeErrors);
        QFETCH(int, woken);
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_waiter.wat", &p));
        MessageId target = Ids::outgoing(MessageId {}, 77); // never sent
        if (targetWaits) {
            auto a = w.run(p, cmd('W'));
            QVERIFY(a);
            QCOMPARE(str(a->outcome), str(Outcome::Wait));
            target = a->message.id;
        }
        auto b = w.run(p, cmd(command, { idBytes(target) }));
        QVERIFY(b);
        // 303 is an error code, not a trap; an unknown id is silently dropped.
        QCOMPARE(str(b->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*b, "gr_wake"), wakeErrors);
        QCOMPARE(int(b->woken.size()), woken);
        int queued = 0;
        for (const auto& q : w.rt.queue())
            queued += q.message.id == target;
        QCOMPARE(queued, woken);
        QCOMPARE(w.rt.waitlist().size(), size_t(targetWaits && !woken ? 1 : 0));
    }

    void wakeOfAnotherProgramsMessageIsIgnored()
    {
        World w;
        ActorId p, other;
        QVERIFY(w.upload("exe_waiter.wat", &p, "p"));
        QVERIFY(w.upload("exe_waiter.wat", &other, "other"));
        auto a = w.run(p, cmd('W'));
        QVERIFY(a);
        QCOMPARE(str(a->outcome), str(Outcome::Wait));
        // gr_wake only reaches the caller's own waitlist (§3.1): no error, nothing woken.
        auto b = w.run(other, cmd('K', { idBytes(a->message.id) }));
        QVERIFY(b);
        QCOMPARE(str(b->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*b, "gr_wake"), QList<int>({ 0 }));
        QVERIFY(b->woken.empty());
        auto wl = w.rt.waitlist();
        QCOMPARE(wl.size(), size_t(1));
        QCOMPARE(wl[0].message.id, a->message.id);
        QCOMPARE(wl[0].program, p);
    }

    void waitAfterReplyTraps()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_waiter.wat", &p));
        auto r = w.run(p, cmd('R'));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Trap));
        QCOMPARE(str(r->errorCode), str(execError(ExecutionError::BackendError)));
        QVERIFY(w.rt.waitlist().empty());
        // The manual reply is discarded with the rest; alice gets the error reply only.
        QCOMPARE(r->generated.size(), size_t(1));
        QCOMPARE(str(r->generated[0].replyCode), str(execError(ExecutionError::BackendError)));
        QVERIFY(w.rt.mailbox(w.alice).empty());
    }

    // ------------------------------------------------------------------ time (§3.1, §6.1)

    void waitWithDuration_data()
    {
        QTest::addColumn<char>("command");
        QTest::addColumn<uint>("duration");
        QTest::newRow("gr_wait_for(5)") << 'F' << 5u;
        QTest::newRow("gr_wait_for(1)") << 'F' << 1u;
        QTest::newRow("gr_wait_up_to(4), enough gas") << 'T' << 4u;
    }
    void waitWithDuration()
    {
        QFETCH(char, command);
        QFETCH(uint, duration);
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_waiter.wat", &p));
        auto a = w.run(p, cmd(command, { u32le(duration) }));
        QVERIFY(a);
        QCOMPARE(str(a->outcome), str(Outcome::Wait));
        const MessageId aid = a->message.id;
        const BlockNumber deadline = a->block + duration;
        QVERIFY(w.hasTask(TaskKind::WakeMessage, deadline, aid));
        auto wl = w.rt.waitlist();
        QCOMPARE(wl.size(), size_t(1));
        QCOMPARE(wl[0].wakeAt, std::optional<BlockNumber>(deadline));
        // Only the wake is scheduled: the message leaves the waitlist woken, never evicted.
        QCOMPARE(wl[0].expiresAt, deadline);
        QCOMPARE(w.tasksOf(TaskKind::RemoveFromWaitlist, aid), size_t(0));
        QCOMPARE(w.tasksOf(TaskKind::WakeMessage, aid), size_t(1));

        w.rt.runUntilIdle(duration + 3);
        auto runs = w.dispatchesOf(aid);
        QCOMPARE(runs.size(), size_t(2));
        QCOMPARE(runs[1].block, deadline);
        QCOMPARE(str(runs[1].outcome), str(Outcome::Success));
        QCOMPARE(w.u32(p, 0x208), deadline); // the re-run read gr_block_height
        // What the re-run may spend: what was left after the first run (minus the 3000 the
        // gasless "pre" took to alice's mailbox) minus the waitlist rent of the blocks spent.
        QCOMPARE(runs[1].gasLimit, runs[0].gasLimit - runs[0].gasBurned - 3000 - Gas(duration) * 100);
        // The WakeMessage task ran in that block, before the re-run.
        bool sawTask = false;
        for (const auto& s : w.steps) {
            if (s.kind == StepKind::Task && s.taskKind == TaskKind::WakeMessage && s.message.id == aid) {
                QCOMPARE(s.block, deadline);
                QVERIFY(s.index < runs[1].index);
                sawTask = true;
            }
        }
        QVERIFY(sawTask);
        QCOMPARE(w.tasksOf(TaskKind::RemoveFromWaitlist, aid), size_t(0));
    }

    void waitTraps_data()
    {
        QTest::addColumn<char>("command");
        QTest::addColumn<uint>("duration");
        QTest::addColumn<quint64>("gasLimit");
        QTest::newRow("gr_wait_for(0)") << 'F' << 0u << quint64(0);
        QTest::newRow("gr_wait_up_to(0)") << 'T' << 0u << quint64(0);
        // 10^9 + 1 blocks of rent (10^11 gas) cannot be paid from 5·10^9.
        QTest::newRow("gr_wait_for unaffordable") << 'F' << 1'000'000'000u << quint64(5'000'000'000ull);
    }
    void waitTraps()
    {
        QFETCH(char, command);
        QFETCH(uint, duration);
        QFETCH(quint64, gasLimit);
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_waiter.wat", &p));
        auto a = w.runWithGas(
            p, cmd(command, { u32le(duration) }), gasLimit ? std::optional<Gas>(gasLimit) : std::nullopt);
        QVERIFY(a);
        QCOMPARE(str(a->outcome), str(Outcome::Trap));
        QCOMPARE(str(a->errorCode), str(execError(ExecutionError::BackendError)));
        // Rolled back: no flag, no message to alice, nothing waiting.
        QCOMPARE(w.u32(p, 0x200), 0u);
        QVERIFY(w.rt.mailbox(w.alice).empty());
        QVERIFY(w.rt.waitlist().empty());
        QVERIFY(w.rt.tasks().empty());
    }

    void waitUpToWithoutFullGas()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_waiter.wat", &p));
        // 5·10^9 gas pays for ~4·10^7 blocks, far fewer than the 10^9 asked for: no wake at the
        // deadline, only removal once the affordable blocks are spent (§3.1).
        auto a = w.runWithGas(p, cmd('T', { u32le(1'000'000'000) }), Gas(5'000'000'000ull));
        QVERIFY(a);
        QCOMPARE(str(a->outcome), str(Outcome::Wait));
        auto wl = w.rt.waitlist();
        QCOMPARE(wl.size(), size_t(1));
        QVERIFY(!wl[0].wakeAt);
        QVERIFY(wl[0].expiresAt > a->block + 1'000'000);
        QVERIFY(wl[0].expiresAt < a->block + 1'000'000'000u);
        QCOMPARE(w.tasksOf(TaskKind::WakeMessage, a->message.id), size_t(0));
        QVERIFY(w.hasTask(TaskKind::RemoveFromWaitlist, wl[0].expiresAt, a->message.id));
    }

    void wakeWithDelay()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_waiter.wat", &p));
        auto a = w.run(p, cmd('W'));
        QVERIFY(a);
        const MessageId aid = a->message.id;
        auto b = w.run(p, cmd('L', { idBytes(aid), u32le(3) }));
        QVERIFY(b);
        QCOMPARE(str(b->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*b, "gr_wake"), QList<int>({ 0 }));
        // Not woken yet: a WakeMessage task at now+3, the message still waits.
        QVERIFY(b->woken.empty());
        QVERIFY(w.hasTask(TaskKind::WakeMessage, b->block + 3, aid));
        QCOMPARE(w.rt.waitlist().size(), size_t(1));
        w.rt.runUntilIdle(6);
        auto runs = w.dispatchesOf(aid);
        QCOMPARE(runs.size(), size_t(2));
        QCOMPARE(runs[1].block, b->block + 3);
        QCOMPARE(runs[1].debug, std::vector<std::string>({ "woken" }));
    }

    void waitlistExpiry_data()
    {
        QTest::addColumn<bool>("init");
        QTest::addColumn<uint>("payableBlocks");
        QTest::newRow("handle, 3 blocks") << false << 3u;
        QTest::newRow("handle, 6 blocks") << false << 6u;
        QTest::newRow("init, 3 blocks") << true << 3u;
    }
    void waitlistExpiry()
    {
        QFETCH(bool, init);
        QFETCH(uint, payableBlocks);
        // What the waiting execution burns, measured with plenty of gas; identical runs burn
        // identical gas, so limit = burned + n × 100 leaves exactly n blocks of waitlist rent.
        Gas burned = 0;
        {
            World cal;
            auto code = cal.rt.submitCode(fixture("exe_waiter.wat"), "exe_waiter.wat");
            QVERIFY(code);
            if (init) {
                auto up = cal.rt.uploadProgram(cal.alice, code.value(), {}, cmd('P'));
                QVERIFY(up);
                auto r = cal.dispatchOf(up->initMessage);
                QVERIFY(r);
                QCOMPARE(str(r->outcome), str(Outcome::Wait));
                burned = r->gasBurned;
            } else {
                ActorId p;
                QVERIFY(cal.upload("exe_waiter.wat", &p));
                auto r = cal.run(p, cmd('P'));
                QVERIFY(r);
                QCOMPARE(str(r->outcome), str(Outcome::Wait));
                burned = r->gasBurned;
            }
        }
        const Gas limit = burned + Gas(payableBlocks) * 100;

        World w;
        auto code = w.rt.submitCode(fixture("exe_waiter.wat"), "exe_waiter.wat");
        QVERIFY(code);
        ActorId p;
        std::optional<StepRecord> a;
        if (init) {
            auto up = w.rt.uploadProgram(w.alice, code.value(), {}, cmd('P'), 0, limit);
            QVERIFY(up);
            p = up->program;
            a = w.dispatchOf(up->initMessage);
        } else {
            auto up = w.rt.uploadProgram(w.alice, code.value(), {}, {});
            QVERIFY(up);
            p = up->program;
            QVERIFY(w.dispatchOf(up->initMessage));
            a = w.runWithGas(p, cmd('P'), limit);
        }
        QVERIFY(a);
        QCOMPARE(str(a->outcome), str(Outcome::Wait));
        QCOMPARE(a->gasBurned, burned);
        const MessageId aid = a->message.id;
        auto wl = w.rt.waitlist();
        QCOMPARE(wl.size(), size_t(1));
        QVERIFY(!wl[0].wakeAt);
        // Only the rent of a few blocks is left. Gear's hold bound: the deadline is the last
        // payable block and the removal is scheduled RESERVE_FOR = 1 block before it.
        QCOMPARE(wl[0].expiresAt, a->block + payableBlocks - 1);
        QVERIFY(w.hasTask(TaskKind::RemoveFromWaitlist, wl[0].expiresAt, aid));

        w.rt.runUntilIdle(payableBlocks + 5);
        const StepRecord* removal = nullptr;
        for (const auto& s : w.steps)
            if (s.kind == StepKind::Task && s.taskKind == TaskKind::RemoveFromWaitlist && s.message.id == aid)
                removal = &s;
        QVERIFY(removal);
        QCOMPARE(removal->block, wl[0].expiresAt);
        QVERIFY(w.rt.waitlist().empty());
        QCOMPARE(w.dispatchesOf(aid).size(), size_t(1)); // never executed again
        const Message* err = replyTo(removal->generated, aid);
        QVERIFY(err);
        QCOMPARE(err->destination, w.alice);
        QCOMPARE(str(err->replyCode), str(ReplyCode::removedFromWaitlist()));
        QCOMPARE(str(err->payload), QByteArray("removal from waitlist"));
        const auto log = w.rt.userLog();
        QVERIFY(replyTo(log, aid));
        if (init) {
            QCOMPARE(str(w.rt.program(p)->state), str(ProgramState::Terminated));
            auto after = w.run(p, cmd('N'));
            QVERIFY(after);
            QCOMPARE(str(after->outcome), str(Outcome::Unavailable));
            QCOMPARE(str(after->errorCode), str(ReplyCode::unavailable(UnavailableActor::InitializationFailure)));
        } else {
            QCOMPARE(str(w.rt.program(p)->state), str(ProgramState::Active));
        }
    }

    void delayedSend_data()
    {
        QTest::addColumn<uint>("delay");
        QTest::newRow("delay 1") << 1u;
        QTest::newRow("delay 3") << 3u;
    }
    void delayedSend()
    {
        QFETCH(uint, delay);
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_delay.wat", &p));
        auto r = w.run(p, cmd('D', { u32le(delay) }));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*r, "gr_send"), QList<int>({ 0 }));
        const Message* sent = nullptr;
        for (const auto& g : r->generated)
            if (!g.replyTo)
                sent = &g;
        QVERIFY(sent);
        const MessageId mid = sent->id;
        QVERIFY(w.hasTask(TaskKind::SendDispatch, r->block + delay, mid));
        // Stashed, not queued.
        for (const auto& q : w.rt.queue())
            QVERIFY(q.message.id != mid);
        w.rt.runUntilIdle(delay + 3);
        auto runs = w.dispatchesOf(mid);
        QCOMPARE(runs.size(), size_t(1));
        QCOMPARE(runs[0].block, r->block + delay);
        QCOMPARE(w.u32(p, 0x200), r->block + delay);
    }

    void delayedSendWithoutGasForDelay()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_delay.wat", &p));
        // 10^8 blocks of stash rent (100 gas each) is far more than the 5·10^9 the message has.
        auto r = w.runWithGas(p, cmd('D', { u32le(100'000'000) }), Gas(5'000'000'000ull));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*r, "gr_send"), QList<int>({ 399 }));
        QCOMPARE(r->generated.size(), size_t(1)); // the auto-reply only
        for (const auto& t : w.rt.tasks())
            QVERIFY(t.kind != TaskKind::SendDispatch);
    }

    // ------------------------------------------------------------------ gas (§5)

    void infiniteLoopRunsOutOfGas()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_gas.wat", &p));
        const Gas before = w.rt.program(p)->gasBurned;
        const Gas limit = 150'000'000;
        auto r = w.runWithGas(p, cmd('L'), limit);
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Trap));
        QCOMPARE(str(r->errorCode), str(execError(ExecutionError::RanOutOfGas)));
        QCOMPARE(r->gasLimit, limit);
        QCOMPARE(r->gasBurned, limit);
        QCOMPARE(w.rt.program(p)->gasBurned - before, limit);
        // The store before the loop is rolled back.
        QCOMPARE(w.u32(p, 0x1000), 0u);
        QVERIFY(r->changedPages.empty());
        const Message* err = replyTo(r->generated, r->message.id);
        QVERIFY(err);
        QCOMPARE(str(err->replyCode), str(execError(ExecutionError::RanOutOfGas)));
        QCOMPARE(err->destination, w.alice);
    }

    void gasAvailableDecreases()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_gas.wat", &p));
        const Gas limit = 1'000'000'000;
        auto r = w.runWithGas(p, cmd('G'), limit);
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        const uint64_t first = w.u64(p, 0x1000), second = w.u64(p, 0x1008);
        QVERIFY2(first < limit, qPrintable(QString::number(first)));
        QVERIFY2(second < first, qPrintable(QString("%1 then %2").arg(first).arg(second)));
        // At least the weight of the second gr_gas_available itself lies between the readings.
        QVERIFY(first - second >= 959'492);
        QVERIFY(r->gasBurned > limit - first);
    }

    void gasIsDeterministic()
    {
        auto burns = [](std::vector<Gas>* out) {
            World w;
            ActorId p;
            if (!w.upload("exe_gas.wat", &p))
                return;
            for (uint32_t n : { 1000u, 1000u, 1000u, 2000u }) {
                auto r = w.run(p, cmd('C', { u32le(n) }));
                out->push_back(r && r->outcome == Outcome::Success ? r->gasBurned : 0);
            }
        };
        std::vector<Gas> a, b;
        burns(&a);
        burns(&b);
        QCOMPARE(a.size(), size_t(4));
        QVERIFY(a[0] > 0);
        QCOMPARE(a, b);
        // The first run also writes its payload into memory (a page write); later identical runs
        // write nothing new and burn exactly the same.
        QVERIFY(a[0] > a[1]);
        QCOMPARE(a[1], a[2]);
        // 1000 more iterations cost more: the loop is metered.
        QVERIFY(a[3] > a[2]);
    }

    void prechargeFailure_data()
    {
        QTest::addColumn<quint64>("limit");
        QTest::addColumn<quint64>("burned");
        // Each precharge step is 25M (one DB read) plus, for the code, a per-byte part.
        QTest::newRow("1000 gas: program data") << quint64(1000) << quint64(0);
        QTest::newRow("30M: code metadata") << quint64(30'000'000) << quint64(25'000'000);
        QTest::newRow("60M: code") << quint64(60'000'000) << quint64(50'000'000);
    }
    void prechargeFailure()
    {
        QFETCH(quint64, limit);
        QFETCH(quint64, burned);
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_gas.wat", &p));
        const u128 balanceBefore = w.rt.balanceOf(w.alice);
        auto r = w.runWithGas(p, cmd('L'), limit);
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Trap));
        QCOMPARE(str(r->errorCode), str(execError(ExecutionError::RanOutOfGas)));
        // Only the steps that were paid are burned: a failed precharge charges nothing (Gear's
        // GasCounter::charge_if_enough); alice is refunded the rest.
        QCOMPARE(r->gasBurned, Gas(burned));
        // Nothing executed.
        QCOMPARE(r->syscallCount, uint64_t(0));
        QVERIFY(r->syscalls.empty());
        QVERIFY(r->changedPages.empty());
        QCOMPARE(w.u32(p, 0x0F0), 0u);
        const Message* err = replyTo(r->generated, r->message.id);
        QVERIFY(err);
        QCOMPARE(str(err->replyCode), str(execError(ExecutionError::RanOutOfGas)));
        QCOMPARE(w.rt.balanceOf(w.alice), balanceBefore - u128(burned) * w.rt.config().valuePerGas);
    }

    // ------------------------------------------------------------------ block allowance (§1.6)

    void allowanceExceededRequeuesToFront_data()
    {
        QTest::addColumn<int>("where");
        QTest::newRow("mid-execution") << 0;
        QTest::newRow("at the code-metadata precharge") << 1;
        QTest::newRow("at the program-data precharge") << 2;
    }
    void allowanceExceededRequeuesToFront()
    {
        QFETCH(int, where);
        const uint32_t n = 200'000;
        Gas b1 = 0;
        {
            World cal;
            ActorId p;
            QVERIFY(cal.upload("exe_gas.wat", &p));
            auto r = cal.run(p, cmd('S', { u32le(n) }));
            QVERIFY(r);
            QCOMPARE(str(r->outcome), str(Outcome::Success));
            b1 = r->gasBurned;
        }
        // Room for the first message and then: half of the second / one 25M precharge of it / none.
        const Gas extra[] = { b1 / 2, 30'000'000, 10'000'000 };
        RuntimeConfig cfg;
        cfg.blockGasAllowance = b1 + extra[where];
        World w(cfg);
        ActorId p;
        QVERIFY(w.upload("exe_gas.wat", &p));
        const Gas m2Gas = 700'000'000'000ull;
        auto m1 = w.rt.sendMessage(w.alice, p, cmd('S', { u32le(n) }));
        auto m2 = w.rt.sendMessage(w.alice, p, cmd('S', { u32le(n + 1) }), 0, m2Gas);
        auto m3 = w.rt.sendMessage(w.alice, p, cmd('C', { u32le(0) }));
        QVERIFY(m1 && m2 && m3);
        const size_t first = w.steps.size();
        auto s = w.rt.runBlock();
        const BlockNumber h = s.block;
        QVERIFY(s.allowanceExhausted);
        QCOMPARE(s.dispatches, uint64_t(1));
        QCOMPARE(s.steps, uint64_t(2));
        QVERIFY(!w.rt.blockOpen());
        QCOMPARE(w.steps.size(), first + 2);
        const StepRecord& ok = w.steps[first];
        const StepRecord& aborted = w.steps[first + 1];
        QCOMPARE(ok.message.id, m1.value());
        QCOMPARE(str(ok.outcome), str(Outcome::Success));
        QCOMPARE(ok.gasBurned, b1);
        QCOMPARE(aborted.message.id, m2.value());
        QCOMPARE(str(aborted.outcome), str(Outcome::AllowanceExceeded));
        QVERIFY(!aborted.errorCode);
        // Nothing the aborted run did is kept: no message, no memory write, no reply.
        QVERIFY(aborted.generated.empty());
        QVERIFY(aborted.changedPages.empty());
        QVERIFY(aborted.debug.empty());
        QCOMPARE(w.u32(p, 0x2000), n);
        QCOMPARE(w.rt.mailbox(w.alice).size(), size_t(1));
        QVERIFY(!replyTo(w.rt.userLog(), m2.value()));
        // Back at the front, ahead of m3, with the same context and all of its gas.
        auto q = w.rt.queue();
        QCOMPARE(q.size(), size_t(2));
        QCOMPARE(q[0].message.id, m2.value());
        QCOMPARE(q[1].message.id, m3.value());
        QVERIFY(!q[0].woken);
        QCOMPARE(q[0].gasAvailable, m2Gas);

        // Next block: m2 first, from scratch.
        const size_t second = w.steps.size();
        auto s2 = w.rt.runBlock();
        QCOMPARE(s2.block, h + 1);
        QVERIFY(w.steps.size() > second);
        QCOMPARE(w.steps[second].message.id, m2.value());
        QCOMPARE(str(w.steps[second].outcome), str(Outcome::Success));
        QCOMPARE(w.steps[second].gasLimit, m2Gas);
        QCOMPARE(w.steps[second].block, h + 1);
        QCOMPARE(w.dispatchesOf(m2.value()).size(), size_t(2));
        QCOMPARE(w.u32(p, 0x2000), n + 1);
        QCOMPARE(w.rt.mailbox(w.alice).size(), size_t(2));
        w.rt.runUntilIdle(3);
        QVERIFY(w.rt.queue().empty());
        auto m3Runs = w.dispatchesOf(m3.value());
        QVERIFY(!m3Runs.empty());
        QCOMPARE(str(m3Runs.back().outcome), str(Outcome::Success));
    }

    void tasksRunBeforeTheQueue()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_delay.wat", &p));
        auto d = w.run(p, cmd('D', { u32le(1) }));
        QVERIFY(d);
        w.rt.runBlock(); // finish the block of `d`
        auto q = w.rt.sendMessage(w.alice, p, cmd('N'));
        QVERIFY(q);
        const size_t first = w.steps.size();
        auto s = w.rt.runBlock();
        QCOMPARE(s.block, d->block + 1);
        // The due SendDispatch task first, then the queue: the message queued before the block,
        // then the delayed one (appended by the task), then its auto-reply to the program.
        QCOMPARE(s.steps, uint64_t(4));
        QCOMPARE(s.dispatches, uint64_t(3));
        QCOMPARE(w.steps.size(), first + 4);
        QCOMPARE(w.steps[first].kind, StepKind::Task);
        QCOMPARE(str(w.steps[first].taskKind), str(TaskKind::SendDispatch));
        QCOMPARE(w.steps[first + 1].message.id, q.value());
        QCOMPARE(w.steps[first + 2].message.id, w.steps[first].message.id);
        QCOMPARE(w.steps[first + 3].message.replyTo, std::optional<MessageId>(w.steps[first].message.id));
        for (size_t i = first; i < first + 4; ++i)
            QCOMPARE(w.steps[i].block, s.block);
    }

    void steppingApi()
    {
        World w;
        // Idle: nothing to step; an empty block still passes.
        QVERIFY(w.rt.idle());
        QVERIFY(!w.rt.step());
        QVERIFY(!w.rt.stepDispatch());
        QCOMPARE(w.rt.blockHeight(), BlockNumber(0));
        auto empty = w.rt.runBlock();
        QCOMPARE(empty.block, BlockNumber(1));
        QCOMPARE(empty.steps, uint64_t(0));
        QCOMPARE(w.rt.blockHeight(), BlockNumber(1));
        QCOMPARE(w.rt.blockTimestamp(), w.rt.config().genesisTimestampMs + w.rt.config().blockDurationMs);
        QCOMPARE(w.rt.runUntilIdle(5), uint64_t(0));

        // step() opens a block and stops between steps.
        auto code = w.rt.submitCode(fixture("exe_delay.wat"), "exe_delay.wat");
        QVERIFY(code);
        auto up = w.rt.uploadProgram(w.alice, code.value(), {}, {});
        QVERIFY(up);
        const ActorId p = up->program;
        auto m1 = w.rt.sendMessage(w.alice, p, cmd('N'));
        auto m2 = w.rt.sendMessage(w.alice, p, cmd('N'));
        QVERIFY(m1 && m2);
        QVERIFY(!w.rt.idle());
        auto s1 = w.rt.step();
        QVERIFY(s1);
        QVERIFY(w.rt.blockOpen());
        QCOMPARE(s1->block, BlockNumber(2));
        QCOMPARE(s1->index, uint64_t(0));
        QCOMPARE(s1->message.id, up->initMessage);
        QCOMPARE(w.rt.stepCount(), uint64_t(1));
        // runBlock() finishes the open block.
        auto rest = w.rt.runBlock();
        QCOMPARE(rest.block, BlockNumber(2));
        QCOMPARE(rest.steps, uint64_t(2));
        QCOMPARE(rest.dispatches, uint64_t(2));
        QVERIFY(!w.rt.blockOpen());
        QVERIFY(w.rt.idle());

        // stepDispatch() runs the due task on the way and returns the dispatch.
        auto d = w.rt.sendMessage(w.alice, p, cmd('D', { u32le(1) }));
        QVERIFY(d);
        QVERIFY(w.rt.stepDispatch());
        w.rt.runBlock();
        const size_t before = w.steps.size();
        auto delivered = w.rt.stepDispatch();
        QVERIFY(delivered);
        QCOMPARE(delivered->kind, StepKind::Dispatch);
        QCOMPARE(w.steps.size(), before + 2);
        QCOMPARE(w.steps[before].kind, StepKind::Task);
        QCOMPARE(delivered->message.id, w.steps[before].message.id);
        w.rt.runBlock();
        QVERIFY(w.rt.idle());

        // runUntilIdle(maxBlocks) stops before a task beyond its horizon.
        auto far = w.run(p, cmd('D', { u32le(50) }));
        QVERIFY(far);
        w.rt.runBlock();
        const BlockNumber h = w.rt.blockHeight();
        QCOMPARE(w.rt.runUntilIdle(10), uint64_t(0));
        QVERIFY(!w.rt.idle());
        QVERIFY(w.rt.blockHeight() <= h + 10);
        QVERIFY(w.rt.runUntilIdle(100) >= 2);
        QVERIFY(w.rt.idle());
        QCOMPARE(w.u32(p, 0x200), far->block + 50);
    }

    // ------------------------------------------------------------------ traps and limits (§4.2, §7.4)

    void trapsOnBadInput_data()
    {
        QTest::addColumn<QString>("fixtureName");
        QTest::addColumn<char>("command");
        QTest::addColumn<int>("error");
        QTest::newRow("deep recursion") << "exe_gas.wat" << 'R' << int(ExecutionError::StackLimitExceeded);
        QTest::newRow("gr_read into 0xFFFFFF00") << "exe_limits.wat" << 'B' << int(ExecutionError::BackendError);
        QTest::newRow("out-of-bounds load") << "exe_limits.wat" << 'O' << int(ExecutionError::UnreachableInstruction);
        QTest::newRow("gr_debug invalid UTF-8") << "exe_limits.wat" << 'U' << int(ExecutionError::BackendError);
        QTest::newRow("gr_env_vars(2)") << "exe_limits.wat" << 'E' << int(ExecutionError::BackendError);
    }
    void trapsOnBadInput()
    {
        QFETCH(QString, fixtureName);
        QFETCH(char, command);
        QFETCH(int, error);
        World w;
        ActorId p;
        const QByteArray name = fixtureName.toUtf8();
        QVERIFY(w.upload(name.constData(), &p));
        const Hash before = w.rt.memoryHash(p);
        auto r = w.run(p, cmd(command));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Trap));
        QCOMPARE(str(r->errorCode), str(execError(ExecutionError(error))));
        QVERIFY(!r->trapMessage.empty());
        // Rolled back (exe_limits writes the command to 0x1000 before misbehaving).
        QCOMPARE(w.rt.memoryHash(p), before);
        const Message* err = replyTo(r->generated, r->message.id);
        QVERIFY(err);
        QCOMPARE(str(err->replyCode), str(execError(ExecutionError(error))));
        // The runtime (and the program) carry on.
        auto next = w.run(p, cmd('N'));
        QVERIFY(next);
        QCOMPARE(str(next->outcome), str(Outcome::Success));
    }

    void readBeyondPayloadIs104()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_limits.wat", &p));
        auto r = w.run(p, cmd('X'));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*r, "gr_read"), QList<int>({ 0, 104 }));
        QCOMPARE(w.u32(p, 0x0F8), 104u);
    }

    void payloadLimit()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_limits.wat", &p));
        const size_t max = w.rt.config().maxPayloadSize;
        QCOMPARE(max, size_t(8 * 1024 * 1024));
        auto tooBig = w.rt.sendMessage(w.alice, p, Bytes(max + 1, 'N'));
        QVERIFY(!tooBig);
        QVERIFY2(tooBig.error().find("8 MiB") != std::string::npos, tooBig.error().c_str());
        QVERIFY(w.rt.queue().empty());
        auto code = w.rt.submitCode(fixture("exe_limits.wat"), "exe_limits.wat");
        QVERIFY(code);
        auto up = w.rt.uploadProgram(w.alice, code.value(), bytesOf("other"), Bytes(max + 1, 0));
        QVERIFY(!up);
        QVERIFY2(up.error().find("8 MiB") != std::string::npos, up.error().c_str());
        // Exactly 8 MiB is allowed.
        QVERIFY(w.rt.sendMessage(w.alice, p, Bytes(max, 'N')));
    }

    void outgoingMessageLimit()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_limits.wat", &p));
        auto r = w.run(p, cmd('M'));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        const QList<int> errors = errorsOf(*r, "gr_send");
        QCOMPARE(errors.size(), qsizetype(1025));
        QCOMPARE(errors.count(0), qsizetype(1024));
        QCOMPARE(errors.last(), 301);
        // 1024 sends plus the auto-reply.
        QCOMPARE(r->generated.size(), size_t(1025));
    }

    // ------------------------------------------------------------------ step records: debug, syscalls, pages

    void debugAndSyscallTrace()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_env.wat", &p));
        auto r = w.run(p, cmd('D'));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(r->debug, std::vector<std::string>({ "hello", "world" }));
        QStringList names;
        QList<int> errors;
        for (const auto& e : r->syscalls) {
            names << QString::fromUtf8(e.name);
            errors << int(e.error);
        }
        QCOMPARE(names, QStringList({ "gr_size", "gr_read", "gr_debug", "gr_read", "gr_debug" }));
        QCOMPARE(errors, QList<int>({ 0, 0, 0, 104, 0 }));
        QCOMPARE(r->syscallCount, uint64_t(5));
        QCOMPARE(r->syscalls[2].args, std::vector<uint64_t>({ 0x500, 5 }));
        QCOMPARE(r->syscalls[3].args, std::vector<uint64_t>({ 0, 100, 0x100, 0x0F8 }));
    }

    void changedPages()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_env.wat", &p));
        auto first = w.run(p, cmd('P'));
        QVERIFY(first);
        // Page 0 holds the payload buffer, new on the first run; pages 1 and 3 hold the counters.
        QCOMPARE(first->changedPages, std::vector<uint32_t>({ 0, 1, 3 }));
        auto second = w.run(p, cmd('P'));
        QVERIFY(second);
        QCOMPARE(second->changedPages, std::vector<uint32_t>({ 1, 3 }));
        QCOMPARE(w.u32(p, 0x4000), 2u);
        QCOMPARE(w.u32(p, 0xC010), 2u);
        Bytes page1 = w.rt.memoryPage(p, 1);
        QCOMPARE(page1.size(), size_t(16384));
        QCOMPARE(page1[0], uint8_t(2));
    }

    void allocAndFree()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_env.wat", &p));
        QCOMPARE(w.rt.program(p)->staticPages, 1u);
        auto a = w.run(p, cmd('A'));
        QVERIFY(a);
        QCOMPARE(str(a->outcome), str(Outcome::Success));
        QCOMPARE(w.u32(p, 0x200), 1u); // first free page above static memory
        QCOMPARE(w.u32(p, 0x204), 2u);
        QCOMPARE(w.u32(p, 0x208), 0xFFFFFFFFu); // beyond the 32768-page limit
        QCOMPARE(w.u32(p, 0x20C), 1u); // free of a page never allocated
        auto snap = w.rt.program(p);
        QCOMPARE(snap->allocations, std::vector<uint32_t>({ 1, 2, 3 }));
        QCOMPARE(snap->memoryPages, 4u); // grown to hold page 3
        QCOMPARE(w.mem(p, 65536, 1), Bytes({ 0x5A }));

        auto f = w.run(p, cmd('F'));
        QVERIFY(f);
        QCOMPARE(str(f->outcome), str(Outcome::Success));
        QCOMPARE(w.u32(p, 0x210), 0u);
        QCOMPARE(w.u32(p, 0x214), 0u);
        QCOMPARE(w.u32(p, 0x218), 1u); // inverted range
        QCOMPARE(w.u32(p, 0x21C), 2u); // first fit reuses the freed page
        QCOMPARE(w.rt.program(p)->allocations, std::vector<uint32_t>({ 1, 2 }));
        // What was written into an allocated page persists across executions.
        QCOMPARE(w.mem(p, 65536, 1), Bytes({ 0x5A }));
    }

    // ------------------------------------------------------------------ host memory (issue 7)
    // A program must not make the host keep more and more: each loop below runs until the gas
    // runs out (750 G gas pays for ~550k alloc calls or ~2.7 GB of gr_debug text).

    void allocInALoopStopsAtThePageLimit()
    {
        RuntimeConfig cfg;
        cfg.maxProgramPages = 64; // 4 MiB: the default 2 GiB would be a slow test, not a different path
        World w(cfg);
        ActorId p;
        QVERIFY(w.upload("exe_hostmem.wat", &p));
        auto r = w.run(p, cmd('a', { u32le(100) }));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(w.u32(p, 0x200), 62u); // 64 pages minus the 2 static ones
        QCOMPARE(w.rt.program(p)->allocations.size(), size_t(62));
        QCOMPARE(w.rt.program(p)->memoryPages, 64u);
        // Allocating on and on with the memory full ends when the gas does; the step's
        // allocations roll back and the program carries on.
        auto endless = w.run(p, cmd('A'));
        QVERIFY(endless);
        QCOMPARE(str(endless->outcome), str(Outcome::Trap));
        QCOMPARE(str(endless->errorCode), str(execError(ExecutionError::RanOutOfGas)));
        QVERIFY(endless->syscallCount > 100000);
        QCOMPARE(endless->syscalls.size(), size_t(cfg.maxSyscallEventsPerStep)); // kept events are bounded
        QCOMPARE(w.rt.program(p)->allocations.size(), size_t(62));
        QCOMPARE(w.rt.program(p)->memoryPages, 64u);
        auto next = w.run(p, cmd('a', { u32le(1) }));
        QVERIFY(next);
        QCOMPARE(str(next->outcome), str(Outcome::Success));
        QCOMPARE(w.u32(p, 0x200), 0u); // still full
    }

    void allocInALoopFromEmpty()
    {
        // The same loop on an empty heap: fills it to the limit first, then fails fast.
        RuntimeConfig cfg;
        cfg.maxProgramPages = 256;
        World w(cfg);
        ActorId p;
        QVERIFY(w.upload("exe_hostmem.wat", &p));
        auto r = w.run(p, cmd('A'));
        QVERIFY(r);
        QCOMPARE(str(r->errorCode), str(execError(ExecutionError::RanOutOfGas)));
        QVERIFY(w.rt.program(p)->allocations.empty()); // rolled back
        QVERIFY(w.rt.program(p)->memoryPages <= 256u);
        auto again = w.run(p, cmd('a', { u32le(1000) }));
        QVERIFY(again);
        QCOMPARE(w.u32(p, 0x200), 254u);
    }

    void debugOutputPerStepIsBounded_data()
    {
        QTest::addColumn<QByteArray>("command");
        QTest::addColumn<uint>("maxLines");
        QTest::addColumn<int>("keptLines");
        QTest::addColumn<int>("lineBytes");
        QTest::addColumn<int>("dropped"); // -1: until the gas runs out (count taken from the step)
        QTest::newRow("64 KiB lines until out of gas") << QByteArray("D") << 10000u << 16 << 65536 << -1;
        QTest::newRow("line limit") << QByteArray("d\x08\0\0\0", 5) << 5u << 5 << 100 << 3;
        QTest::newRow("under both limits") << QByteArray("d\x08\0\0\0", 5) << 10000u << 8 << 100 << 0;
    }
    void debugOutputPerStepIsBounded()
    {
        QFETCH(QByteArray, command);
        QFETCH(uint, maxLines);
        QFETCH(int, keptLines);
        QFETCH(int, lineBytes);
        QFETCH(int, dropped);
        RuntimeConfig cfg;
        cfg.maxDebugLinesPerStep = maxLines;
        World w(cfg);
        ActorId p;
        QVERIFY(w.upload("exe_hostmem.wat", &p));
        auto r = w.run(p, Bytes(command.begin(), command.end()));
        QVERIFY(r);
        if (dropped < 0) {
            QCOMPARE(str(r->errorCode), str(execError(ExecutionError::RanOutOfGas)));
            // gr_size and gr_read come first; the last gr_debug ran out of gas paying for its text.
            dropped = int(r->syscallCount) - 3 - keptLines;
            QVERIFY(dropped > 10000); // gigabytes of text without the limit
        } else {
            QCOMPARE(str(r->outcome), str(Outcome::Success));
        }
        QCOMPARE(r->debug.size(), size_t(keptLines + (dropped ? 1 : 0)));
        for (int i = 0; i < keptLines; ++i)
            QCOMPARE(r->debug[size_t(i)], std::string(size_t(lineBytes), '\0'));
        if (dropped) {
            const std::string note = "gearscope: " + std::to_string(dropped) + " more gr_debug line(s) ("
                + std::to_string(uint64_t(dropped) * uint64_t(lineBytes))
                + " bytes) dropped: the debug output limit is 1048576 bytes and " + std::to_string(maxLines)
                + " lines per step";
            QCOMPARE(QString::fromStdString(r->debug.back()), QString::fromStdString(note));
        }
    }

    // ------------------------------------------------------------------ environment (§7.3)

    void randomIsSeeded()
    {
        auto randomOf = [](uint64_t seed, Bytes* out) {
            RuntimeConfig cfg;
            cfg.seed = seed;
            World w(cfg);
            ActorId p;
            if (!w.upload("exe_env.wat", &p))
                return;
            auto r = w.run(p, cmd('Z', { Bytes(32, 0x11) }));
            if (r && r->outcome == Outcome::Success)
                *out = w.mem(p, 0x300, 36);
        };
        Bytes a, b, c;
        randomOf(42, &a);
        randomOf(42, &b);
        randomOf(43, &c);
        QCOMPARE(a.size(), size_t(36));
        QCOMPARE(a, b);
        QCOMPARE(c.size(), size_t(36));
        QVERIFY(Bytes(a.begin() + 4, a.end()) != Bytes(c.begin() + 4, c.end()));
        QVERIFY(Bytes(a.begin() + 4, a.end()) != Bytes(32, 0));
    }

    void blockInfoAndEnvVars()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_env.wat", &p));
        const auto& cfg = w.rt.config();
        for (int i = 0; i < 2; ++i) {
            auto r = w.run(p, cmd('Z', { Bytes(32, uint8_t(i)) }));
            QVERIFY(r);
            QCOMPARE(str(r->outcome), str(Outcome::Success));
            QCOMPARE(w.u32(p, 0x340), r->block);
            QCOMPARE(w.u64(p, 0x348), cfg.genesisTimestampMs + uint64_t(r->block) * cfg.blockDurationMs);
            QCOMPARE(w.rt.blockTimestamp(), w.u64(p, 0x348));
            w.rt.runBlock();
        }
        QCOMPARE(w.u32(p, 0x340), w.rt.blockHeight());
        // EnvVars v1, packed: multiplier u32, ED u128, threshold u64, gas-per-value u64, value-per-gas u128.
        Bytes expected = u32le(100);
        for (const Bytes& part : { u64le(1'000'000'000'000ull), u64le(0), u64le(3000), u64le(0), u64le(100), u64le(0) })
            expected.insert(expected.end(), part.begin(), part.end());
        QCOMPARE(expected.size(), size_t(52));
        QCOMPARE(w.mem(p, 0x380, 52), expected);
    }

    // ------------------------------------------------------------------ reservations (§5.3)

    void reserveAndUnreserve()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_reserve.wat", &p));
        auto g = w.run(p, cmd('G'));
        QVERIFY(g);
        QCOMPARE(str(g->outcome), str(Outcome::Success));
        // Gear checks the duration before the amount; a zero amount is just below the threshold.
        QCOMPARE(errorsOf(*g, "gr_reserve_gas"), QList<int>({ 0, 504, 504, 502, 502 }));
        QCOMPARE(errorsOf(*g, "gr_system_reserve_gas"), QList<int>({ 503 }));
        // A failed call still writes its whole result struct: the error, then zeroes.
        QCOMPARE(w.mem(p, 0x440, 4), u32le(504));
        const ReservationId rid = Ids::reservation(g->message.id, 0);
        QCOMPARE(w.u32(p, 0x400), 0u);
        QCOMPARE(w.mem(p, 0x404, 32), idBytes(rid));
        const MessageId ridAsMessage = MessageId::fromBytes(rid.bytes.data());
        QVERIFY(w.hasTask(TaskKind::RemoveGasReservation, g->block + 10, ridAsMessage));

        auto u = w.run(p, cmd('U'));
        QVERIFY(u);
        QCOMPARE(errorsOf(*u, "gr_unreserve_gas"), QList<int>({ 0 }));
        QCOMPARE(w.u64(p, 0x484), uint64_t(1'000'000));
        QCOMPARE(w.tasksOf(TaskKind::RemoveGasReservation, ridAsMessage), size_t(0));
        // Gone now: a second unreserve is 500.
        auto again = w.run(p, cmd('U'));
        QVERIFY(again);
        QCOMPARE(errorsOf(*again, "gr_unreserve_gas"), QList<int>({ 500 }));

        // Reserved and unreserved in one execution: the amount comes back.
        auto v = w.run(p, cmd('V'));
        QVERIFY(v);
        QCOMPARE(errorsOf(*v, "gr_reserve_gas"), QList<int>({ 0 }));
        QCOMPARE(errorsOf(*v, "gr_unreserve_gas"), QList<int>({ 0 }));
        QCOMPARE(w.u64(p, 0x4F4), uint64_t(2'000'000));
        QCOMPARE(w.tasksOf(TaskKind::RemoveGasReservation,
                     MessageId::fromBytes(Ids::reservation(v->message.id, 0).bytes.data())),
            size_t(0));
    }

    void reservationSend()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_reserve.wat", &p));
        auto g = w.run(p, cmd('G'));
        QVERIFY(g);
        const ReservationId rid = Ids::reservation(g->message.id, 0);
        const MessageId ridAsMessage = MessageId::fromBytes(rid.bytes.data());
        auto s = w.run(p, cmd('S', { idBytes(w.alice) }));
        QVERIFY(s);
        QCOMPARE(str(s->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*s, "gr_reservation_send"), QList<int>({ 0 }));
        // The message carries exactly the reserved gas, so it stays in alice's mailbox.
        auto box = w.rt.mailbox(w.alice);
        QCOMPARE(box.size(), size_t(1));
        QCOMPARE(box[0].message.source, p);
        QCOMPARE(box[0].message.gasLimit, Gas(1'000'000));
        QCOMPARE(str(box[0].message.payload), QByteArray("N"));
        // Consumed.
        QCOMPARE(w.tasksOf(TaskKind::RemoveGasReservation, ridAsMessage), size_t(0));
        auto twice = w.run(p, cmd('S', { idBytes(w.alice) }));
        QVERIFY(twice);
        QCOMPARE(errorsOf(*twice, "gr_reservation_send"), QList<int>({ 500 }));
    }

    void systemReservationSignal()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("exe_reserve.wat", &p));
        auto y = w.run(p, cmd('Y'));
        QVERIFY(y);
        QCOMPARE(str(y->outcome), str(Outcome::Trap));
        QCOMPARE(str(y->errorCode), str(execError(ExecutionError::UserspacePanic)));
        QCOMPARE(str(y->panicPayload), QByteArray("boom"));
        QCOMPARE(errorsOf(*y, "gr_system_reserve_gas"), QList<int>({ 0 }));
        const Message* err = replyTo(y->generated, y->message.id);
        QVERIFY(err);
        QCOMPARE(str(err->payload), QByteArray("boom"));
        const Message* signal = nullptr;
        for (const auto& g : y->generated)
            if (g.signalFrom)
                signal = &g;
        QVERIFY(signal);
        QCOMPARE(*signal->signalFrom, y->message.id);
        QCOMPARE(signal->signalCode, 100u);
        QCOMPARE(signal->destination, p);
        QCOMPARE(signal->id, Ids::signal(y->message.id));

        auto s = w.dispatchOf(signal->id);
        QVERIFY(s);
        QCOMPARE(str(s->dispatchKind), str(DispatchKind::Signal));
        QCOMPARE(str(s->outcome), str(Outcome::Success));
        QCOMPARE(s->gasLimit, Gas(1'000'000'000));
        QCOMPARE(w.u32(p, 0xA00), 0u); // err
        QCOMPARE(w.u32(p, 0xA04), 100u); // SignalCode::UserspacePanic
        QCOMPARE(w.mem(p, 0xA14, 32), idBytes(y->message.id));
        QCOMPARE(w.u32(p, 0xA40), 1u);
        QVERIFY(s->generated.empty()); // signals never reply
    }

    void replyDeposit_data()
    {
        QTest::addColumn<bool>("deposit");
        QTest::newRow("with deposit") << true;
        QTest::newRow("without deposit") << false;
    }
    void replyDeposit()
    {
        QFETCH(bool, deposit);
        World w;
        ActorId x, y;
        QVERIFY(w.upload("exe_reserve.wat", &x, "x"));
        QVERIFY(w.upload("exe_reserve.wat", &y, "y"));
        auto q = w.run(x, cmd(deposit ? 'Q' : 'q', { idBytes(y) }));
        QVERIFY(q);
        QCOMPARE(str(q->outcome), str(Outcome::Success));
        if (deposit)
            QCOMPARE(errorsOf(*q, "gr_reply_deposit"), QList<int>({ 0, 309, 310 }));
        const MessageId sent = MessageId::fromBytes(w.mem(x, 0x304, 32).data());
        // y answers "N" with an auto-reply, which carries no gas of its own.
        auto reply = w.dispatchOf(Ids::reply(sent));
        QVERIFY(reply);
        QCOMPARE(str(reply->dispatchKind), str(DispatchKind::Reply));
        QCOMPARE(reply->actor, x);
        QCOMPARE(str(reply->message.replyCode), str(ReplyCode::successAuto()));
        if (deposit) {
            QCOMPARE(reply->gasLimit, Gas(5'000'000'000ull));
            QCOMPARE(str(reply->outcome), str(Outcome::Success));
            QCOMPARE(w.u32(x, 0x920), 1u);
            QCOMPARE(w.mem(x, 0x900, 8), Bytes(8, 0)); // err 0, code Success(Auto)
            const uint64_t gasSeen = w.u64(x, 0x910);
            QVERIFY(gasSeen > 0 && gasSeen < 5'000'000'000ull);
        } else {
            QCOMPARE(reply->gasLimit, Gas(0));
            QCOMPARE(str(reply->outcome), str(Outcome::Trap));
            QCOMPARE(str(reply->errorCode), str(execError(ExecutionError::RanOutOfGas)));
            QCOMPARE(w.u32(x, 0x920), 0u);
            QVERIFY(reply->generated.empty()); // no error reply to a reply
        }
    }

    // ------------------------------------------------------------------ determinism

    void determinism()
    {
        struct Trace
        {
            std::vector<StepRecord> steps;
            std::vector<Hash> memory;
        };
        auto scenario = [](uint64_t seed, Trace* out) {
            RuntimeConfig cfg;
            cfg.seed = seed;
            World w(cfg);
            ActorId waiter, env, delay, gas;
            if (!w.upload("exe_waiter.wat", &waiter) || !w.upload("exe_env.wat", &env)
                || !w.upload("exe_delay.wat", &delay) || !w.upload("exe_gas.wat", &gas))
                return;
            auto a = w.rt.sendMessage(w.alice, waiter, cmd('W'));
            if (!a)
                return;
            (void)w.rt.sendMessage(w.alice, env, cmd('Z', { Bytes(32, 7) }));
            (void)w.rt.sendMessage(w.alice, delay, cmd('D', { u32le(2) }));
            (void)w.rt.sendMessage(w.alice, gas, cmd('C', { u32le(300) }));
            (void)w.rt.sendMessage(w.alice, env, cmd('A'));
            (void)w.rt.sendMessage(w.alice, gas, cmd('L'), 0, Gas(100'000'000));
            (void)w.rt.sendMessage(w.alice, waiter, cmd('K', { idBytes(a.value()) }));
            w.rt.runUntilIdle(60);
            out->steps = w.steps;
            for (const ActorId& p : { waiter, env, delay, gas })
                out->memory.push_back(w.rt.memoryHash(p));
        };
        Trace a, b, c;
        scenario(5, &a);
        scenario(5, &b);
        scenario(6, &c);
        QVERIFY(a.steps.size() > 12);
        QCOMPARE(a.steps.size(), b.steps.size());
        for (size_t i = 0; i < a.steps.size(); ++i) {
            const StepRecord& x = a.steps[i];
            const StepRecord& y = b.steps[i];
            QCOMPARE(x.index, y.index);
            QCOMPARE(x.block, y.block);
            QCOMPARE(x.kind, y.kind);
            QCOMPARE(str(x.outcome), str(y.outcome));
            QCOMPARE(x.message.id, y.message.id);
            QCOMPARE(x.actor, y.actor);
            QCOMPARE(x.gasBurned, y.gasBurned);
            QCOMPARE(x.changedPages, y.changedPages);
            QCOMPARE(x.generated.size(), y.generated.size());
            for (size_t k = 0; k < x.generated.size(); ++k)
                QCOMPARE(x.generated[k].id, y.generated[k].id);
        }
        QCOMPARE(a.memory, b.memory);
        // Another seed changes gr_random, hence the env program's memory, and nothing else.
        QCOMPARE(c.memory.size(), size_t(4));
        QCOMPARE(c.memory[0], a.memory[0]);
        QVERIFY(c.memory[1] != a.memory[1]);
        QCOMPARE(c.memory[2], a.memory[2]);
        QCOMPARE(c.memory[3], a.memory[3]);
    }
};

QTEST_GUILESS_MAIN(tst_Execution)
#include "tst_execution.moc"
