// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Breakpoint: a disabled one never matches (the engine relies on that, so a disabled breakpoint
// never stops a run), and sameCondition (how edited lists keep hit counts) ignores `enabled`
// and the fields a kind does not use.
#include "fixtures.h"
#include "session/breakpoint.h"

#include <QTest>

Q_DECLARE_METATYPE(Gearscope::Breakpoint)

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

ActorId actor(uint64_t n) { return ActorId::fromU64(n); }

QueuedDispatch dispatch(uint64_t from, uint64_t to, const char* payload)
{
    QueuedDispatch d;
    d.kind = DispatchKind::Handle;
    d.message.source = actor(from);
    d.message.destination = actor(to);
    d.message.payload = bytesOf(payload);
    return d;
}

StepRecord step(Outcome outcome, DispatchKind kind = DispatchKind::Handle)
{
    StepRecord r;
    r.kind = StepKind::Dispatch;
    r.dispatchKind = kind;
    r.outcome = outcome;
    return r;
}

} // namespace

class tst_Breakpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void enabledDecidesBefore_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<bool>("matches");
        // The dispatch is actor 1 → actor 2 with payload "a PING b".
        QTest::addRow("actor, enabled") << int(Breakpoint::Kind::ActorDispatch) << true << true;
        QTest::addRow("actor, disabled") << int(Breakpoint::Kind::ActorDispatch) << false << false;
        QTest::addRow("payload, enabled") << int(Breakpoint::Kind::PayloadContains) << true << true;
        QTest::addRow("payload, disabled") << int(Breakpoint::Kind::PayloadContains) << false << false;
    }
    void enabledDecidesBefore()
    {
        QFETCH(int, kind);
        QFETCH(bool, enabled);
        QFETCH(bool, matches);
        Breakpoint bp = Breakpoint::Kind(kind) == Breakpoint::Kind::ActorDispatch
            ? Breakpoint::onActor(actor(2))
            : Breakpoint::onPayload(bytesOf("PING"));
        bp.enabled = enabled;
        QCOMPARE(bp.matchesBefore(dispatch(1, 2, "a PING b")), matches);
    }

    void enabledDecidesAfter_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<bool>("matches");
        QTest::addRow("trap, enabled") << int(Breakpoint::Kind::TrapOrErrorReply) << true << true;
        QTest::addRow("trap, disabled") << int(Breakpoint::Kind::TrapOrErrorReply) << false << false;
        QTest::addRow("created, enabled") << int(Breakpoint::Kind::ProgramCreated) << true << true;
        QTest::addRow("created, disabled") << int(Breakpoint::Kind::ProgramCreated) << false << false;
        QTest::addRow("exited, enabled") << int(Breakpoint::Kind::ProgramExited) << true << true;
        QTest::addRow("exited, disabled") << int(Breakpoint::Kind::ProgramExited) << false << false;
    }
    void enabledDecidesAfter()
    {
        QFETCH(int, kind);
        QFETCH(bool, enabled);
        QFETCH(bool, matches);
        Breakpoint bp;
        bp.kind = Breakpoint::Kind(kind);
        bp.enabled = enabled;
        // A step that does what each kind looks for: a trap, a created program, an exit.
        StepRecord r = step(bp.kind == Breakpoint::Kind::TrapOrErrorReply ? Outcome::Trap
                : bp.kind == Breakpoint::Kind::ProgramExited              ? Outcome::Exit
                                                                          : Outcome::Success);
        if (bp.kind == Breakpoint::Kind::ProgramCreated)
            r.createdPrograms.push_back(actor(9));
        QCOMPARE(bp.matchesAfter(r), matches);
    }

    void sameCondition_data()
    {
        QTest::addColumn<bool>("same");
        QTest::addColumn<Breakpoint>("a");
        QTest::addColumn<Breakpoint>("b");
        Breakpoint disabledActor = Breakpoint::onActor(actor(1));
        disabledActor.enabled = false;
        Breakpoint trapWithJunk = Breakpoint::onTrapOrErrorReply();
        trapWithJunk.actor = actor(5);
        trapWithJunk.bytes = bytesOf("x");
        Breakpoint actorWithBytes = Breakpoint::onActor(actor(1));
        actorWithBytes.bytes = bytesOf("ignored");
        QTest::addRow("same actor") << true << Breakpoint::onActor(actor(1)) << Breakpoint::onActor(actor(1));
        QTest::addRow("enabled does not matter") << true << Breakpoint::onActor(actor(1)) << disabledActor;
        QTest::addRow("other actor") << false << Breakpoint::onActor(actor(1)) << Breakpoint::onActor(actor(2));
        QTest::addRow("same payload") << true << Breakpoint::onPayload(bytesOf("P"))
                                      << Breakpoint::onPayload(bytesOf("P"));
        QTest::addRow("other payload") << false << Breakpoint::onPayload(bytesOf("P"))
                                       << Breakpoint::onPayload(bytesOf("Q"));
        QTest::addRow("unused fields ignored") << true << Breakpoint::onTrapOrErrorReply() << trapWithJunk;
        QTest::addRow("actor's unused bytes ignored") << true << Breakpoint::onActor(actor(1)) << actorWithBytes;
        QTest::addRow("other kind") << false << Breakpoint::onProgramCreated() << Breakpoint::onProgramExited();
    }
    void sameCondition()
    {
        QFETCH(bool, same);
        QFETCH(Breakpoint, a);
        QFETCH(Breakpoint, b);
        QCOMPARE(a.sameCondition(b), same);
        QCOMPARE(b.sameCondition(a), same);
    }
};

QTEST_GUILESS_MAIN(tst_Breakpoint)
#include "tst_breakpoint.moc"
