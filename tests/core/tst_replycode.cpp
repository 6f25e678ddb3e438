// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "model/replycode.h"

#include <QTest>

using namespace Gearscope;

class tst_ReplyCode : public QObject
{
    Q_OBJECT
private slots:
    void words_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("text");
        // Byte layouts from spec §4.1, written out by hand rather than through our constructors.
        QTest::newRow("auto") << QByteArray::fromHex("00000000") << "Success(Auto)";
        QTest::newRow("manual") << QByteArray::fromHex("00010000") << "Success(Manual)";
        QTest::newRow("oog") << QByteArray::fromHex("01000000") << "Error(Execution(RanOutOfGas))";
        QTest::newRow("panic") << QByteArray::fromHex("01000300") << "Error(Execution(UserspacePanic))";
        QTest::newRow("unreach") << QByteArray::fromHex("01000400") << "Error(Execution(UnreachableInstruction))";
        QTest::newRow("stack") << QByteArray::fromHex("01000500") << "Error(Execution(StackLimitExceeded))";
        QTest::newRow("exited") << QByteArray::fromHex("01020000") << "Error(UnavailableActor(ProgramExited))";
        QTest::newRow("notcreated") << QByteArray::fromHex("01020300") << "Error(UnavailableActor(ProgramNotCreated))";
        QTest::newRow("waitlist") << QByteArray::fromHex("01030000") << "Error(RemovedFromWaitlist)";
        QTest::newRow("retired01") << QByteArray::fromHex("01010000") << "Unsupported";
        QTest::newRow("ff") << QByteArray::fromHex("ff000000") << "Unsupported";
        QTest::newRow("badsub") << QByteArray::fromHex("01000900") << "Unsupported";
    }
    void words()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, text);
        ReplyCode c;
        for (int i = 0; i < 4; ++i)
            c.bytes[i] = uint8_t(bytes[i]);
        QCOMPARE(QString::fromStdString(c.toString()), text);
    }
    void constructorsMatchLayout()
    {
        QCOMPARE(ReplyCode::execution(ExecutionError::UserspacePanic).asU32(), 0x00030001u);
        QCOMPARE(ReplyCode::unavailable(UnavailableActor::Uninitialized).asU32(), 0x00020201u);
        QVERIFY(ReplyCode::removedFromWaitlist().isError());
        QVERIFY(ReplyCode::successManual().isSuccess());
    }
};

QTEST_GUILESS_MAIN(tst_ReplyCode)
#include "tst_replycode.moc"
