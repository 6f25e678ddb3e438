// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// runBlock/runUntilIdle fill one StepRecord per block, reset between steps so its buffers are
// reused (issue 2); Runtime::step() hands out a fresh record each time. The observer must see
// the same records either way: every field of every step, over traps, panics, replies, sends
// to users, program creation, exit and unavailable destinations.
#include "fixtures.h"
#include "ids/ids.h"
#include "msgactorscript.h"
#include "runtime/runtime.h"

#include <QTest>

#include <algorithm>
#include <sstream>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

void dumpMessage(std::ostream& o, const Message& m)
{
    o << " id=" << m.id.hex() << " src=" << m.source.hex() << " dst=" << m.destination.hex()
      << " payload=" << toHex(m.payload) << " gas=" << m.gasLimit << " value=" << u128ToString(m.value)
      << " replyTo=" << (m.replyTo ? m.replyTo->hex() : "-")
      << " code=" << toHex(m.replyCode.bytes.data(), m.replyCode.bytes.size())
      << " signalFrom=" << (m.signalFrom ? m.signalFrom->hex() : "-") << " signalCode=" << m.signalCode;
}

/// Every field of a step record as text, so two records compare field by field.
std::string dump(const StepRecord& r)
{
    std::ostringstream o;
    o << "index=" << r.index << " block=" << r.block << " kind=" << int(r.kind) << " task=" << int(r.taskKind)
      << " dispatch=" << int(r.dispatchKind) << "\n message:";
    dumpMessage(o, r.message);
    o << "\n actor=" << r.actor.hex() << " outcome=" << toString(r.outcome)
      << " error=" << (r.errorCode ? toHex(r.errorCode->bytes.data(), 4) : "-") << " trap='" << r.trapMessage
      << "' panic=" << toHex(r.panicPayload) << " gasLimit=" << r.gasLimit << " burned=" << r.gasBurned
      << " syscallCount=" << r.syscallCount << "\n syscalls:";
    for (const auto& s : r.syscalls) {
        o << " " << s.name << "(";
        for (auto a : s.args)
            o << a << ",";
        o << ")=" << s.error;
    }
    o << "\n generated:";
    for (const auto& g : r.generated) {
        dumpMessage(o, g);
        o << ";";
    }
    o << "\n woken:";
    for (const auto& w : r.woken)
        o << " " << w.hex();
    o << "\n created:";
    for (const auto& c : r.createdPrograms)
        o << " " << c.hex();
    o << "\n pages:";
    for (auto p : r.changedPages)
        o << " " << p;
    o << "\n debug:";
    for (const auto& d : r.debug)
        o << " '" << d << "'";
    o << "\n worldOps=" << r.worldOps.size() << " pageWrites:";
    for (const auto& w : r.pageWrites)
        o << " " << w.program.hex() << "/" << w.page << "/" << toHex(Ids::blake2b256(w.data.get()).data(), 32);
    return o.str();
}

} // namespace

class tst_StepRecordReuse : public QObject
{
    Q_OBJECT
private:
    /// The same world and inputs; `recordWorld` also fills world ops and page writes.
    static void setUp(Runtime& rt)
    {
        const ActorId alice = *rt.userByName("alice");
        const ActorId bob = *rt.userByName("bob");
        const CodeId code = rt.submitCode(fixture("msg_actor.wat"), "msg_actor.wat").value();
        const ActorId a = rt.uploadProgram(alice, code, bytesOf("a"), {}).value().program;
        const ActorId b = rt.uploadProgram(alice, code, bytesOf("b"), {}).value().program;
        auto send = [&](const Script& s, u128 value = 0) { (void)rt.sendMessage(alice, a, s.bytes(), value).value(); };
        send(Script().note("first note").send(bob, 'm', 5).reply('r'));
        send(Script().panic("boom"));
        send(Script().unreachable());
        send(Script().forward(b, Script().note("in b").reply('q')).reply('f'));
        // The creator pays the new program's existential deposit out of the value it got.
        send(Script().create(code, 7).send(alice, 'c'), rt.config().existentialDeposit * 3);
        send(Script().note("longer note that takes more bytes in memory").reply('n'));
        send(Script().exit(bob));
        send(Script().reply('x')); // meets an exited program: Unavailable
        // A gas reservation for 10 blocks: its removal is a task step whose record names only
        // the reservation, after dispatch steps that filled the reused record's message.
        const CodeId reserving = rt.submitCode(fixture("exe_reserve.wat"), "exe_reserve.wat").value();
        const ActorId r = rt.uploadProgram(alice, reserving, bytesOf("r"), {}).value().program;
        (void)rt.sendMessage(alice, r, bytesOf("G")).value();
    }

private slots:
    void reusedRecordsMatchFreshOnes_data()
    {
        QTest::addColumn<bool>("recordWorld");
        QTest::addColumn<bool>("recordSyscalls");
        QTest::newRow("plain") << false << false;
        QTest::newRow("syscall events") << false << true;
        QTest::newRow("world ops and pages") << true << true;
    }

    void reusedRecordsMatchFreshOnes()
    {
        QFETCH(bool, recordWorld);
        QFETCH(bool, recordSyscalls);
        RuntimeConfig cfg;
        cfg.recordWorld = recordWorld;
        cfg.recordSyscalls = recordSyscalls;

        // Reused: runUntilIdle → runBlock, one record per block.
        Runtime reused(cfg);
        std::vector<std::string> byBlock;
        reused.setObserver([&](const StepRecord& r) { byBlock.push_back(dump(r)); });
        setUp(reused);
        reused.runUntilIdle(1000);

        // Fresh: Runtime::step(), as many steps; the returned record is the one observed.
        Runtime fresh(cfg);
        std::vector<std::string> byStep;
        std::vector<std::string> returned;
        fresh.setObserver([&](const StepRecord& r) { byStep.push_back(dump(r)); });
        setUp(fresh);
        while (byStep.size() < byBlock.size()) {
            auto r = fresh.step();
            QVERIFY(r);
            returned.push_back(dump(*r));
        }

        QVERIFY(byBlock.size() >= 12);
        QCOMPARE(byStep.size(), byBlock.size());
        for (size_t i = 0; i < byBlock.size(); ++i) {
            QCOMPARE(QString::fromStdString(byBlock[i]), QString::fromStdString(byStep[i]));
            QCOMPARE(QString::fromStdString(returned[i]), QString::fromStdString(byStep[i]));
        }
        // The run covered what a reset must clear: traps with messages and panic payloads,
        // error codes, generated messages, created programs and changed pages.
        auto any = [&](const char* needle) {
            return std::any_of(byBlock.begin(), byBlock.end(),
                [&](const std::string& s) { return s.find(needle) != std::string::npos; });
        };
        QVERIFY(any("outcome=trap"));
        QVERIFY(any("outcome=unavailable"));
        QVERIFY(any("outcome=exit"));
        QVERIFY(any("panic=626f6f6d")); // "boom"
        QVERIFY(any("created: "));
        QVERIFY(any("pages: "));
        // Task steps after dispatch steps: runTask must not leave the previous step's message in
        // a reused record (resetRecord leaves `message` to the step kinds).
        const std::string reservationTask = "kind=1 task=" + std::to_string(int(TaskKind::RemoveGasReservation));
        QVERIFY(any(reservationTask.c_str()));
        const auto programs = fresh.programs();
        QCOMPARE(reused.programs().size(), programs.size());
        for (const auto& p : programs)
            QVERIFY(fresh.memoryHash(p.id) == reused.memoryHash(p.id));
    }
};

QTEST_GUILESS_MAIN(tst_StepRecordReuse)
#include "tst_steprecordreuse.moc"
