// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Programs built for older Gear runtimes import older syscall shapes (docs/abi-coverage.md).
#include "code/codeloader.h"
#include "code/syscalltable.h"
#include "fixtures.h"
#include "runtime/runtime.h"

#include <QTest>

#include <cstring>

using namespace Gearscope;
using namespace Gearscope::Test;

class tst_LegacyAbi : public QObject
{
    Q_OBJECT
private slots:
    void everyLegacyRowIsMarkedAndDocumented()
    {
        int legacy = 0;
        for (const auto& s : syscallTable()) {
            if (!s.legacy)
                continue;
            ++legacy;
            QVERIFY2(std::strlen(s.note) > 10, s.name);
        }
        QVERIFY(legacy >= 8);
    }

    void loaderMarksLegacyImports()
    {
        auto info = CodeLoader::load(fixture("legacy_getters.wat"), "legacy_getters.wat");
        QVERIFY2(info.ok(), info.error().c_str());
        int legacy = 0;
        for (const auto& i : info->imports)
            legacy += i.legacy ? 1 : 0;
        QCOMPARE(legacy, 6); // all but gr_reply
    }

    void legacyGettersAreServed()
    {
        Runtime rt;
        auto alice = *rt.userByName("alice");
        auto code = rt.submitCode(fixture("legacy_getters.wat"), "legacy_getters.wat");
        QVERIFY2(code.ok(), code.error().c_str());
        auto prog = rt.uploadProgram(alice, code.value(), {}, {});
        QVERIFY(prog.ok());
        rt.runUntilIdle(5);
        const Bytes payload = bytesOf("hello");
        auto mid = rt.sendMessage(alice, prog->program, payload);
        QVERIFY(mid.ok());
        rt.runUntilIdle(5);
        const Message* reply = nullptr;
        std::vector<Message> log = rt.userLog();
        for (const auto& m : log)
            if (m.replyTo && *m.replyTo == mid.value())
                reply = &m;
        QVERIFY(reply);
        QCOMPARE(reply->replyCode.toString(), std::string("Success(Manual)"));
        const Bytes& r = reply->payload;
        QCOMPARE(r.size(), size_t(56));
        uint32_t size, height, gasNonZero, rentErr;
        uint64_t ts;
        std::memcpy(&size, r.data(), 4);
        std::memcpy(&height, r.data() + 4, 4);
        std::memcpy(&ts, r.data() + 8, 8);
        std::memcpy(&gasNonZero, r.data() + 16, 4);
        std::memcpy(&rentErr, r.data() + 52, 4);
        QCOMPARE(size, uint32_t(payload.size()));
        QCOMPARE(height, rt.blockHeight());
        QCOMPARE(ts, rt.blockTimestamp());
        QCOMPARE(gasNonZero, 1u);
        QCOMPARE(MessageId::fromBytes(r.data() + 20), mid.value());
        QCOMPARE(rentErr, 0u); // overwritten from the 7 the program stored: the call reported success
    }
};

QTEST_GUILESS_MAIN(tst_LegacyAbi)
#include "tst_legacyabi.moc"
