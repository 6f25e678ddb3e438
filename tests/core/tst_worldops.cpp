// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The world ops of every step and input, applied to a mirror, must give exactly the world the
// runtime shows: this is what makes replay without re-execution correct (issue 4).
#include "fixtures.h"
#include "scenario/scenario.h"
#include "scenariotraces.h"
#include "trace/worldstate.h"

#include <QDir>
#include <QDirIterator>
#include <QTest>

using namespace Gearscope;
using namespace Gearscope::Test;

class tst_WorldOps : public QObject
{
    Q_OBJECT
private slots:
    void mirrorMatchesRuntime_data()
    {
        QTest::addColumn<QString>("path");
        QVERIFY(addSampleScenarioRows() >= 1);
    }

    void mirrorMatchesRuntime()
    {
        QFETCH(QString, path);
        auto sc = Scenario::load(path.toStdString());
        QVERIFY2(sc.ok(), sc.error().c_str());
        RuntimeConfig cfg;
        cfg.recordWorld = true;
        ScenarioRunner runner(sc.value(), cfg);
        Runtime& rt = runner.runtime();
        WorldState mirror = WorldState::capture(rt);
        std::string failure;
        uint64_t checked = 0;
        auto check = [&](const WorldOps& ops, const std::string& what) {
            if (!failure.empty())
                return;
            auto a = mirror.apply(ops);
            if (!a) {
                failure = what + ": " + a.error();
                return;
            }
            std::string diff = mirror.difference(WorldState::capture(rt));
            if (!diff.empty())
                failure = what + ": " + diff;
            ++checked;
        };
        rt.setInputObserver(
            [&](const InputRecord& in) { check(in.worldOps, std::string("input ") + toString(in.kind)); });
        auto up = runner.setUp();
        QVERIFY2(up.ok(), up.error().c_str());
        auto ran = runner.run([&](const StepRecord& r) { check(r.worldOps, "step " + std::to_string(r.index)); });
        QVERIFY2(ran.ok(), ran.error().c_str());
        QVERIFY2(failure.empty(), failure.c_str());
        QVERIFY(checked > 0);
        // And the binary forms round-trip.
        auto back = WorldState::deserialize(mirror.serialize());
        QVERIFY2(back.ok(), back.error().c_str());
        QCOMPARE(QString::fromStdString(back->difference(mirror)), QString());
    }

    void corruptCheckpointIsAnError()
    {
        Runtime rt;
        Bytes b = WorldState::capture(rt).serialize();
        for (size_t cut : { size_t(0), size_t(3), b.size() / 2, b.size() - 1 }) {
            auto r = WorldState::deserialize(Bytes(b.begin(), b.begin() + long(cut)));
            QVERIFY(!r.ok());
        }
        Bytes garbage(b.size(), 0xff);
        QVERIFY(!WorldState::deserialize(garbage).ok());
        QVERIFY(!deserializeOps(Bytes { 1, 0, 0, 0, 99 }).ok());
    }
};

QTEST_GUILESS_MAIN(tst_WorldOps)
#include "tst_worldops.moc"
