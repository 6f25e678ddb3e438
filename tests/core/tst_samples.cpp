// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Runs every sample scenario (samples/<name>/*.json, as copied next to the built programs in
// the build tree) and requires all of its expectations to pass; then proves the check can fail
// by running each scenario again with one expectation mutated. Also covers the scenario-format
// additions the samples needed: "codes" with {"code": name} payloads, and "blockGasAllowance".
#include "code/codeloader.h"
#include "scenario/scenario.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Gearscope;

namespace {

const QString SourceSamples = QStringLiteral(GEARSCOPE_SAMPLES_SOURCE_DIR);
const QString BuildSamples = QStringLiteral(GEARSCOPE_SAMPLES_BUILD_DIR);

/// "sample/file.json" for every scenario of every sample folder under `root`.
QStringList scenariosUnder(const QString& root)
{
    QStringList out;
    QDir dir(root);
    for (const QString& sample : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QDir sd(dir.filePath(sample));
        for (const QString& json : sd.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
            out << sample + u'/' + json;
    }
    return out;
}

/// Where to run a scenario from: its build-tree copy (next to the built .wasm), else the source.
QString scenarioPath(const QString& rel)
{
    const QString built = BuildSamples + u'/' + rel;
    return QFileInfo::exists(built) ? built : SourceSamples + u'/' + rel;
}

/// All scenario rows: the union of the source and build trees.
QStringList allScenarios()
{
    QStringList rows = scenariosUnder(SourceSamples) + scenariosUnder(BuildSamples);
    rows.removeDuplicates();
    rows.sort();
    return rows;
}

std::string describe(const ScenarioRunner::Outcome& o)
{
    std::string s;
    for (const auto& f : o.failures)
        s += "\n  " + f.where + ": " + f.message;
    return s;
}

struct Ran
{
    std::string error; ///< set-up or run failure
    ScenarioRunner::Outcome outcome;
};

Ran runScenario(const Scenario& sc)
{
    Ran r;
    ScenarioRunner runner(sc);
    auto up = runner.setUp();
    if (!up) {
        r.error = up.error();
        return r;
    }
    auto run = runner.run();
    if (!run) {
        r.error = run.error();
        return r;
    }
    r.outcome = runner.check();
    return r;
}

/// Changes one expectation so that it can no longer hold; returns its `where`, or empty when
/// the scenario has nothing that can be mutated.
std::string mutateOne(Scenario* sc)
{
    using X = Scenario::Expectation;
    for (auto& x : sc->expectations) {
        // "count": 0 with a payload passes whatever the payload says; skip it.
        if (x.kind == X::Mailbox && x.count && *x.count == 0)
            continue;
        if (x.payload && (x.kind == X::Reply || x.kind == X::Log || x.kind == X::Mailbox || x.kind == X::State)) {
            x.payload->parts.push_back(ScenarioPayload::Part { ScenarioPayload::Part::Literal, Bytes { 0xEE }, {} });
            return x.where;
        }
        if (x.kind == X::Balance && x.value) {
            *x.value += 1;
            return x.where;
        }
        if (x.kind == X::Reply && x.code) {
            x.code = *x.code == "Error(RemovedFromWaitlist)" ? "Success(Manual)" : "Error(RemovedFromWaitlist)";
            return x.where;
        }
    }
    return {};
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// A program whose state answers the payload its init received: shows what {"code": ...} put there.
const char* EchoWat = R"((module
  (import "env" "memory" (memory 1))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (export "init" (func $init))
  (export "state" (func $state))
  (func $init
    (call $size (i32.const 0))
    (i32.store (i32.const 8) (i32.load (i32.const 0)))
    (call $read (i32.const 0) (i32.load (i32.const 8)) (i32.const 0x100) (i32.const 4)))
  (func $state
    (call $reply (i32.const 0x100) (i32.load (i32.const 8)) (i32.const -1) (i32.const 0x10)))))";

const char* ChildWat = R"((module
  (import "env" "memory" (memory 1))
  (export "handle" (func $handle))
  (func $handle)))";

} // namespace

class tst_Samples : public QObject
{
    Q_OBJECT
private slots:
    void catalogue()
    {
        // Issue 3: at least ten samples, each with a scenario; at least three in WAT only.
        const QStringList rows = scenariosUnder(SourceSamples);
        QStringList samples;
        for (const QString& r : rows)
            samples << r.section(u'/', 0, 0);
        samples.removeDuplicates();
        QVERIFY2(samples.size() >= 10, qPrintable(samples.join(u' ')));
        int watOnly = 0;
        for (const QString& s : samples) {
            QDir d(SourceSamples + u'/' + s);
            const bool hasWat = !d.entryList({ QStringLiteral("*.wat") }, QDir::Files).isEmpty();
            const bool hasC = !d.entryList({ QStringLiteral("*.c") }, QDir::Files).isEmpty();
            watOnly += hasWat && !hasC;
        }
        QVERIFY2(watOnly >= 3, qPrintable(QString::number(watOnly)));
        QVERIFY(QFileInfo::exists(SourceSamples + QStringLiteral("/README.md")));
        QVERIFY(QFileInfo::exists(SourceSamples + QStringLiteral("/include/gear.h")));
        // Every scenario of the source tree was copied next to the built programs.
        if (GEARSCOPE_C_SAMPLES_BUILT)
            for (const QString& r : rows)
                QVERIFY2(QFileInfo::exists(BuildSamples + u'/' + r), qPrintable(r + QStringLiteral(" not in the build tree")));
    }

    // gear.h declares every syscall of spec §7.3 with its exact signature: a program importing
    // all of them (samples/include/abicheck.c) passes the code loader, which rejects any mismatch.
    void abiHeader()
    {
        if (!GEARSCOPE_C_SAMPLES_BUILT)
            QSKIP("the C samples were not built (clang-14 missing)");
        QFile f(BuildSamples + QStringLiteral("/include/abicheck.wasm"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QByteArray wasm = f.readAll();
        auto info = CodeLoader::load(Bytes(wasm.begin(), wasm.end()), "abicheck.wasm");
        QVERIFY2(info, info.error().c_str());
        QCOMPARE(info->imports.size(), size_t(55)); // 52 gr_* + alloc, free, free_range
        int gr = 0;
        for (const auto& imp : info->imports) {
            QVERIFY2(!imp.legacy, imp.name.c_str());
            gr += imp.name.rfind("gr_", 0) == 0;
        }
        QCOMPARE(gr, 52);
    }

    void scenarios_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString& rel : allScenarios())
            QTest::newRow(qPrintable(rel)) << scenarioPath(rel);
    }
    void scenarios()
    {
        QFETCH(QString, path);
        auto sc = Scenario::load(path.toStdString());
        if (!sc && !path.startsWith(BuildSamples) && !GEARSCOPE_C_SAMPLES_BUILT)
            QSKIP("the C samples were not built (clang-14 missing)");
        QVERIFY2(sc, sc.error().c_str());
        QVERIFY2(!sc->expectations.empty(), "a sample scenario must check something");
        Ran r = runScenario(sc.value());
        QVERIFY2(r.error.empty(), r.error.c_str());
        QVERIFY2(r.outcome.ok(), describe(r.outcome).c_str());
    }

    // The same scenarios with one expectation made wrong must fail, naming that expectation.
    void mutated_data() { scenarios_data(); }
    void mutated()
    {
        QFETCH(QString, path);
        auto sc = Scenario::load(path.toStdString());
        if (!sc && !path.startsWith(BuildSamples) && !GEARSCOPE_C_SAMPLES_BUILT)
            QSKIP("the C samples were not built (clang-14 missing)");
        QVERIFY2(sc, sc.error().c_str());
        Scenario wrong = sc.value();
        const std::string where = mutateOne(&wrong);
        QVERIFY2(!where.empty(), "no expectation with a payload, value or code to mutate");
        Ran r = runScenario(wrong);
        QVERIFY2(r.error.empty(), r.error.c_str());
        QCOMPARE(r.outcome.failures.size(), size_t(1));
        QCOMPARE(r.outcome.failures[0].where, where);
    }

    // A mutation made in the JSON text, through the parser, like an edited file.
    void mutatedText()
    {
        const QString path = scenarioPath(QStringLiteral("pingpong/pingpong.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray json = f.readAll();
        // The first state expectation (pong's count) says 4 instead of 3; the message still says 3.
        const QByteArray want = "{ \"program\": \"pong\", \"payload\": { \"u32\": 3 } }";
        QVERIFY(json.contains(want));
        json.replace(want, "{ \"program\": \"pong\", \"payload\": { \"u32\": 4 } }");
        auto sc = Scenario::parse(json, path.toStdString());
        QVERIFY2(sc, sc.error().c_str());
        Ran r = runScenario(sc.value());
        QVERIFY2(r.error.empty(), r.error.c_str());
        QVERIFY(!r.outcome.ok());
        QCOMPARE(r.outcome.failures[0].where, std::string("expect.states[0]"));
        QVERIFY2(r.outcome.failures[0].message.find("expected 0x04000000") != std::string::npos,
            r.outcome.failures[0].message.c_str());
    }

    // ---- scenario format: "codes" and {"code": name}
    void codesAreSubmittedAndNamed()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("echo.wat")), EchoWat));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("child.wat")), ChildWat));
        auto childInfo = CodeLoader::load(Bytes(ChildWat, ChildWat + std::strlen(ChildWat)), "child.wat");
        QVERIFY2(childInfo, childInfo.error().c_str());
        const std::string childId = childInfo->id.hex();
        // (@ID@ rather than a raw string ending in a quote: moc's lexer trips over `")"`.)
        const QByteArray json = QByteArray(R"({
            "codes": [{ "name": "child", "file": "child.wat" }],
            "programs": [{ "name": "echo", "file": "echo.wat", "init": ["id:", { "code": "child" }] }],
            "expect": { "states": [
                { "program": "echo", "payload": ["id:", { "code": "child" }] },
                { "program": "echo", "payload": ["id:", { "hex": "@ID@" }] } ] }
        })").replace("@ID@", QByteArray::fromStdString(childId));
        auto sc = Scenario::parse(json, dir.filePath(QStringLiteral("s.json")).toStdString());
        QVERIFY2(sc, sc.error().c_str());
        QCOMPARE(sc->codes.size(), size_t(1));
        QCOMPARE(sc->codes[0].name, std::string("child"));
        ScenarioRunner runner(sc.value());
        auto up = runner.setUp();
        QVERIFY2(up, up.error().c_str());
        // Submitted, but no program runs it.
        QVERIFY(runner.runtime().code(childInfo->id) != nullptr);
        for (const auto& p : runner.runtime().programs())
            QVERIFY(p.codeId != childInfo->id);
        QVERIFY(runner.run());
        auto out = runner.check();
        QVERIFY2(out.ok(), describe(out).c_str());
    }

    void codeOfAProgram()
    {
        // {"code": name} also names a program's code (declared earlier).
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("echo.wat")), EchoWat));
        auto echoInfo = CodeLoader::load(Bytes(EchoWat, EchoWat + std::strlen(EchoWat)), "echo.wat");
        QVERIFY(echoInfo);
        const QByteArray json = QByteArray(R"({
            "programs": [{ "name": "a", "file": "echo.wat" },
                         { "name": "b", "file": "echo.wat", "init": { "code": "a" } }],
            "expect": { "states": [{ "program": "b", "payload": { "hex": "@ID@" } }] }
        })").replace("@ID@", QByteArray::fromStdString(echoInfo->id.hex()));
        auto sc = Scenario::parse(json, dir.filePath(QStringLiteral("s.json")).toStdString());
        QVERIFY2(sc, sc.error().c_str());
        Ran r = runScenario(sc.value());
        QVERIFY2(r.error.empty(), r.error.c_str());
        QVERIFY2(r.outcome.ok(), describe(r.outcome).c_str());
    }

    void formatErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("codes not an array") << QByteArray(R"({ "codes": {} })") << "codes: must be an array";
        QTest::newRow("code without name") << QByteArray(R"({ "codes": [{ "file": "child.wat" }] })")
                                           << "codes[0].name: missing";
        QTest::newRow("code unknown key") << QByteArray(R"({ "codes": [{ "name": "c", "file": "child.wat", "salt": "x" }] })")
                                          << "codes[0].salt: unknown field";
        QTest::newRow("code file missing") << QByteArray(R"({ "codes": [{ "name": "c", "file": "nope.wat" }] })")
                                           << "codes[0].file: cannot open \"nope.wat\"";
        QTest::newRow("code name twice")
            << QByteArray(R"({ "codes": [{ "name": "c", "file": "child.wat" }, { "name": "c", "file": "child.wat" }] })")
            << "codes[1].name: \"c\" is already used by another code";
        QTest::newRow("program named like a code")
            << QByteArray(R"({ "codes": [{ "name": "c", "file": "child.wat" }], "programs": [{ "name": "c", "file": "child.wat" }] })")
            << "programs[0].name: \"c\" is already the name of a code";
        QTest::newRow("unknown code in payload")
            << QByteArray(R"({ "programs": [{ "name": "p", "file": "child.wat" }], "messages": [{ "to": "p", "payload": { "code": "q" } }] })")
            << "messages[0].payload.code: unknown code \"q\"";
        QTest::newRow("code used before declared")
            << QByteArray(R"({ "programs": [{ "name": "p", "file": "child.wat", "init": { "code": "r" } }, { "name": "r", "file": "child.wat" }] })")
            << "programs[0].init.code: unknown code \"r\"";
        QTest::newRow("code name not a string")
            << QByteArray(R"({ "programs": [{ "name": "p", "file": "child.wat" }], "messages": [{ "to": "p", "payload": { "code": 1 } }] })")
            << "messages[0].payload.code: must be the name of a code or a program";
        QTest::newRow("allowance zero") << QByteArray(R"({ "blockGasAllowance": 0 })") << "blockGasAllowance: must be at least 1";
        QTest::newRow("allowance text") << QByteArray(R"({ "blockGasAllowance": "lots" })")
                                        << "blockGasAllowance: must be a non-negative integer";
        QTest::newRow("allowance above u64") << QByteArray(R"({ "blockGasAllowance": "18446744073709551616" })")
                                             << "blockGasAllowance: does not fit in 64 bits";
    }
    void formatErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("child.wat")), ChildWat));
        auto sc = Scenario::parse(json, dir.filePath(QStringLiteral("s.json")).toStdString());
        QVERIFY(!sc);
        QVERIFY2(QString::fromStdString(sc.error()).contains(error), sc.error().c_str());
    }

    // ---- scenario format: "blockGasAllowance"
    void blockGasAllowance_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<qulonglong>("allowance");
        QTest::newRow("default") << QByteArray("{}") << qulonglong(RuntimeConfig {}.blockGasAllowance);
        QTest::newRow("number") << QByteArray(R"({ "blockGasAllowance": 1600000000 })") << qulonglong(1600000000);
        QTest::newRow("string") << QByteArray(R"({ "blockGasAllowance": "5000000000000" })") << qulonglong(5000000000000ull);
    }
    void blockGasAllowance()
    {
        QFETCH(QByteArray, json);
        QFETCH(qulonglong, allowance);
        auto sc = Scenario::parse(json, "inline.json");
        QVERIFY2(sc, sc.error().c_str());
        RuntimeConfig cfg;
        cfg.seed = 7;
        ScenarioRunner runner(sc.value(), cfg);
        QCOMPARE(qulonglong(runner.runtime().config().blockGasAllowance), allowance);
        QCOMPARE(runner.runtime().allowanceLeft(), Gas(allowance));
        QCOMPARE(runner.runtime().config().seed, uint64_t(42)); // the scenario's seed still wins
    }
};

QTEST_GUILESS_MAIN(tst_Samples)
#include "tst_samples.moc"
