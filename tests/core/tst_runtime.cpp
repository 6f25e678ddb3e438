// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "fixtures.h"
#include "ids/ids.h"
#include "runtime/runtime.h"

#include <QTest>

using namespace Gearscope;
using namespace Gearscope::Test;

class tst_Runtime : public QObject
{
    Q_OBJECT
private slots:
    void pingPong()
    {
        Runtime rt;
        std::vector<StepRecord> steps;
        rt.setObserver([&](const StepRecord& r) { steps.push_back(r); });
        auto alice = *rt.userByName("alice");
        auto pongCode = rt.submitCode(fixture("pong.wat"), "pong.wat");
        QVERIFY2(pongCode.ok(), pongCode.error().c_str());
        auto pingCode = rt.submitCode(fixture("ping.wat"), "ping.wat");
        QVERIFY2(pingCode.ok(), pingCode.error().c_str());
        auto pong = rt.uploadProgram(alice, pongCode.value(), {}, {});
        QVERIFY2(pong.ok(), pong.error().c_str());
        auto ping = rt.uploadProgram(alice, pingCode.value(), {}, idBytes(pong->program));
        QVERIFY(ping.ok());
        QCOMPARE(rt.queue().size(), size_t(2));
        auto msg = rt.sendMessage(alice, ping->program, u32le(3));
        QVERIFY(msg.ok());
        rt.runUntilIdle(10);
        QVERIFY(rt.idle());
        // 2 inits + alice's handle + 3 × (ping→pong handle, pong→ping reply) = 9 dispatches.
        int dispatches = 0;
        for (const auto& s : steps)
            if (s.kind == StepKind::Dispatch) {
                ++dispatches;
                QVERIFY2(s.outcome == Outcome::Success || s.outcome == Outcome::NoExport,
                    (std::string(toString(s.outcome)) + " " + s.trapMessage).c_str());
            }
        QCOMPARE(dispatches, 9);
        // The pong's reply carries "ping" back.
        bool sawPongReply = false;
        for (const auto& s : steps)
            for (const auto& g : s.generated)
                if (g.source == pong->program && g.replyTo && text(g.payload) == "ping")
                    sawPongReply = true;
        QVERIFY(sawPongReply);
        // Auto-replies of inits and of alice's handle reach alice's log.
        QCOMPARE(rt.userLog().size(), size_t(3));
    }

    /** readStateOfImage (a recorded program's `state` on its memory image, for the replay view
     *  and saved scenarios) runs at the clock of the block it is given: height and timestamp as
     *  the live program sees them, after blocks run and empty blocks passed. state_block's
     *  `state` replies its height (u32) and timestamp (u64). */
    void stateOfImageSeesTheClockOfItsBlock_data()
    {
        QTest::addColumn<int>("blocksRun");
        QTest::addColumn<int>("emptyPassed");
        QTest::newRow("block 1") << 1 << 0;
        QTest::newRow("3 blocks run") << 3 << 0;
        QTest::newRow("1 block run, 4 passed empty") << 1 << 4;
    }
    void stateOfImageSeesTheClockOfItsBlock()
    {
        QFETCH(int, blocksRun);
        QFETCH(int, emptyPassed);
        Runtime rt;
        const Bytes code = fixture("state_block.wat");
        auto codeId = rt.submitCode(code, "state_block.wat");
        QVERIFY2(codeId.ok(), codeId.error().c_str());
        auto up = rt.uploadProgram(*rt.userByName("alice"), codeId.value(), {}, {});
        QVERIFY2(up.ok(), up.error().c_str());
        for (int i = 0; i < blocksRun; ++i)
            rt.runBlock();
        QCOMPARE(rt.passEmptyBlocks(BlockNumber(emptyPassed)), BlockNumber(emptyPassed));
        QCOMPARE(rt.blockHeight(), BlockNumber(blocksRun + emptyPassed));
        auto live = rt.readState(up->program, {});
        QVERIFY2(live.ok(), live.error().c_str());
        QCOMPARE(live.value(), cat({ u32le(uint32_t(rt.blockHeight())), u64le(rt.blockTimestamp()) }));
        auto image = Runtime::readStateOfImage(
            rt.config(), code, *rt.program(up->program), rt.memory(up->program), rt.blockHeight(), {});
        QVERIFY2(image.ok(), image.error().c_str());
        QCOMPARE(image.value(), live.value());
    }
};

QTEST_GUILESS_MAIN(tst_Runtime)
#include "tst_runtime.moc"
