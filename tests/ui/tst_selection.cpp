// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The shared selections every panel follows: one signal per change, none for a repeat.
#include "actorselection.h"
#include "messageselection.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Gearscope;

class TestSelection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void messageSelectionEmitsOncePerChange()
    {
        MessageSelection sel;
        QSignalSpy selected(&sel, &MessageSelection::messageSelected);
        QSignalSpy cleared(&sel, &MessageSelection::selectionCleared);
        MessageId a, b;
        a.bytes[0] = 1;
        b.bytes[0] = 2;
        QVERIFY(!sel.selectedMessage());
        sel.clear();
        QCOMPARE(cleared.count(), 0);
        sel.selectMessage(a);
        sel.selectMessage(a);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.at(0).at(0).value<MessageId>(), a);
        sel.selectMessage(b);
        QCOMPARE(selected.count(), 2);
        QCOMPARE(*sel.selectedMessage(), b);
        sel.clear();
        sel.clear();
        QCOMPARE(cleared.count(), 1);
        QVERIFY(!sel.selectedMessage());
        sel.selectMessage(b);
        QCOMPARE(selected.count(), 3);
    }

    void actorSelectionEmitsOncePerChange()
    {
        ActorSelection sel;
        QSignalSpy selected(&sel, &ActorSelection::actorSelected);
        ActorId a;
        a.bytes[5] = 7;
        sel.selectActor(a);
        sel.selectActor(a);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(*sel.selectedActor(), a);
    }
};

QTEST_GUILESS_MAIN(TestSelection)
#include "tst_selection.moc"
