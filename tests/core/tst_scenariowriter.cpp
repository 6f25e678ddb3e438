// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Save a run as a test (issue 6): every sample scenario is run and recorded, the trace is saved
// as a scenario, and the saved scenario, run again by the ScenarioRunner, passes; with any one
// expectation changed it fails at that expectation.
#include "cliprocess.h"
#include "fixtures.h"
#include "scenario/scenario.h"
#include "scenario/scenariowriter.h"
#include "scenariotraces.h"
#include "trace/recorder.h"
#include "trace/tracereader.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

/// Runs a scenario file and returns its failures as "where: message" lines (or the error).
QStringList runScenario(const QString& path, QString* error)
{
    auto sc = Scenario::load(path.toStdString());
    if (!sc) {
        *error = QString::fromStdString(sc.error());
        return {};
    }
    ScenarioRunner runner(sc.value());
    auto up = runner.setUp();
    if (!up) {
        *error = QString::fromStdString(up.error());
        return {};
    }
    auto ran = runner.run();
    if (!ran) {
        *error = QString::fromStdString(ran.error());
        return {};
    }
    QStringList out;
    for (const auto& f : runner.check().failures)
        out << QString::fromStdString(f.where + ": " + f.message);
    return out;
}

/// Sets up and runs `runner`'s scenario recorded to `trace`; the recorder stays attached (the
/// caller may make more inputs) until the caller finishes it.
Result<std::unique_ptr<Recorder>> recordRun(ScenarioRunner& runner, const QString& trace)
{
    using R = Result<std::unique_ptr<Recorder>>;
    auto attached = Recorder::attach(runner.runtime(), trace.toStdString(), {});
    if (!attached)
        return R::failure(attached.error());
    auto recorder = std::move(attached).value();
    if (auto up = runner.setUp(); !up)
        return R::failure(up.error());
    Recorder* rec = recorder.get();
    if (auto ran = runner.run([rec](const StepRecord& r) { rec->step(r); }); !ran)
        return R::failure(ran.error());
    return recorder;
}

/// A scenario file's run: its failures, the ids of its dispatches in order, its step count.
struct SavedRun
{
    QString error; ///< load, set-up or run error
    QStringList failures;
    QStringList dispatches;
    uint64_t steps = 0;
};
SavedRun runSaved(const QString& path)
{
    SavedRun out;
    auto sc = Scenario::load(path.toStdString());
    if (!sc) {
        out.error = QString::fromStdString(sc.error());
        return out;
    }
    ScenarioRunner runner(sc.value());
    if (auto up = runner.setUp(); !up) {
        out.error = QString::fromStdString(up.error());
        return out;
    }
    auto ran = runner.run([&](const StepRecord& r) {
        if (r.kind == StepKind::Dispatch)
            out.dispatches << QString::fromStdString(r.message.id.hex());
    });
    if (!ran) {
        out.error = QString::fromStdString(ran.error());
        return out;
    }
    const auto outcome = runner.check();
    out.steps = outcome.steps;
    for (const auto& f : outcome.failures)
        out.failures << QString::fromStdString(f.where + ": " + f.message);
    return out;
}

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

bool writeJson(const QString& path, const QJsonObject& root)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(QJsonDocument(root).toJson()) > 0;
}

/// The bytes of a saved payload (the writer writes text, or {"hex": …}); empty for another form.
QByteArray payloadBytes(const QJsonValue& v)
{
    if (v.isString())
        return v.toString().toUtf8();
    return QByteArray::fromHex(v.toObject().value(u"hex").toString().toLatin1());
}

/// The saved `expect.states` as program → the payload's bytes.
QMap<QString, QByteArray> savedStates(const QJsonObject& root)
{
    QMap<QString, QByteArray> out;
    for (const auto& e : root.value(u"expect").toObject().value(u"states").toArray())
        out.insert(e.toObject().value(u"program").toString(), payloadBytes(e.toObject().value(u"payload")));
    return out;
}

} // namespace

class tst_ScenarioWriter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void savedRunPassesAndMutationFails_data()
    {
        QTest::addColumn<QString>("scenario");
        QVERIFY(addSampleScenarioRows() >= 5);
    }

    void savedRunPassesAndMutationFails()
    {
        QFETCH(QString, scenario);
        auto sc = Scenario::load(scenario.toStdString());
        QVERIFY2(sc.ok(), sc.error().c_str());
        // Unique per row: the source and build trees both hold some samples.
        const QString name = QFileInfo(scenario).completeBaseName() + QString::number(qHash(scenario));
        const QString trace = m_dir.filePath(name + QStringLiteral(".sqlite"));
        auto rec = recordScenario(sc.value(), trace, {}, "tst_scenariowriter");
        QVERIFY2(rec.ok(), rec.error().c_str());

        auto reader = TraceReader::open(trace.toStdString());
        QVERIFY2(reader.ok(), reader.error().c_str());
        const QString saved = m_dir.filePath(name + QStringLiteral("-saved.json"));
        auto written = ScenarioWriter::save(*reader.value(), saved.toStdString());
        QVERIFY2(written.ok(), written.error().c_str());
        QVERIFY(QFile::exists(saved));
        for (const auto& f : written.value())
            QVERIFY2(QFile::exists(QString::fromStdString(f)), f.c_str());

        // The saved scenario passes.
        QString error;
        const QStringList failures = runScenario(saved, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));

        // It says something: at least the balances of the default users and every program's state.
        QFile f(saved);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        QJsonObject expect = root.value(u"expect").toObject();
        QVERIFY(expect.value(u"balances").toArray().size() >= 4);
        QVERIFY(expect.value(u"programs").toArray().size() >= int(sc->programs.size()));
        // expect.states holds what each active program's `state` export answers to an empty
        // query at the end of the run, asked of the live runtime (not of the trace the writer
        // read): an entry for each that answers, none for the rest.
        {
            ScenarioRunner live(sc.value());
            QVERIFY(live.setUp().ok());
            QVERIFY(live.run().ok());
            QMap<QString, QByteArray> answers;
            for (const auto& p : live.runtime().programs()) {
                if (p.state != ProgramState::Active
                    || std::find(p.exports.begin(), p.exports.end(), "state") == p.exports.end())
                    continue;
                auto a = live.runtime().readState(p.id, {});
                if (a)
                    answers.insert(QString::fromStdString(p.name.empty() ? p.id.hex() : p.name),
                        QByteArray(reinterpret_cast<const char*>(a->data()), int(a->size())));
            }
            QCOMPARE(savedStates(root), answers);
        }
        QCOMPARE(root.value(u"messages").toArray().size(), int(sc->sends.size()));
        // An ordinary run (whole blocks) is saved as before: nothing made or stopped inside a block.
        QVERIFY(!root.contains(u"stopAfterStep"));
        for (const auto& m : root.value(u"messages").toArray())
            QVERIFY(!m.toObject().contains(u"afterStep"));

        // Each group, with its first expectation changed, fails exactly there; for states, each
        // one (one per program that answers: a wrong index or program would show here).
        struct Mutation
        {
            const char* group;
            const char* key;
            QJsonValue value;
            bool every = false; ///< change each expectation of the group in turn, not only the first
        };
        const Mutation mutations[] = {
            { "replies", "code", QStringLiteral("Error(Execution(RanOutOfGas))") },
            { "replies", "payload", QJsonObject { { QStringLiteral("hex"), QStringLiteral("deadbeef") } } },
            { "log", "value", QStringLiteral("123456789") },
            { "mailbox", "payload", QStringLiteral("not what was sent") },
            { "states", "payload", QJsonObject { { QStringLiteral("hex"), QStringLiteral("deadbeef") } }, true },
            { "programs", "state", QStringLiteral("terminated") },
            { "balances", "value", QStringLiteral("1") },
        };
        int mutated = 0;
        for (const auto& m : mutations) {
            const QJsonArray original = expect.value(QLatin1String(m.group)).toArray();
            for (int i = 0; i < (m.every ? original.size() : std::min<int>(1, original.size())); ++i) {
                QJsonArray group = original;
                QJsonObject changed = group[i].toObject();
                if (changed.value(QLatin1String(m.key)) == m.value)
                    continue;
                changed[QLatin1String(m.key)] = m.value;
                group[i] = changed;
                QJsonObject e2 = expect;
                e2[QLatin1String(m.group)] = group;
                QJsonObject r2 = root;
                r2[u"expect"] = e2;
                const QString path = m_dir.filePath(name + QStringLiteral("-mutated.json"));
                QVERIFY(writeJson(path, r2));
                QString err;
                const QStringList fails = runScenario(path, &err);
                QVERIFY2(err.isEmpty(), qPrintable(err));
                const QString where = QStringLiteral("expect.%1[%2]: ").arg(QLatin1String(m.group)).arg(i);
                QVERIFY2(fails.size() == 1 && fails.front().startsWith(where),
                    qPrintable(QStringLiteral("%1[%2].%3 changed: %4")
                                   .arg(QLatin1String(m.group))
                                   .arg(i)
                                   .arg(QLatin1String(m.key), fails.join(QLatin1Char('\n')))));
                ++mutated;
            }
        }
        QVERIFY(mutated >= 2);
    }

    /// The command line: record a run, save it, run the saved scenario.
    void commandLineRoundTrip()
    {
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("counter.sqlite"));
        const QString saved = dir.filePath(QStringLiteral("counter-test.json"));
        Run r = gearscope({ QStringLiteral("run"), QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/counter/counter.json"),
            QStringLiteral("--quiet"), QStringLiteral("--record"), trace });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        r = gearscope({ QStringLiteral("save-scenario"), trace, QStringLiteral("-o"), saved });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject line = r.last();
        QCOMPARE(line.value(u"scenario").toString(), saved);
        QCOMPARE(line.value(u"files").toArray().size(), 2); // the program's code and the scenario
        QVERIFY(line.value(u"steps").toDouble() > 0);
        // The counter's state as counter.json itself expects it (written by hand there): value
        // 20 (u64), 3 messages handled, 1 state query (u32 each; the query's count never persists).
        QCOMPARE(savedStates(readJson(saved)),
            (QMap<QString, QByteArray> {
                { QStringLiteral("counter"), QByteArray::fromHex("14000000000000000300000001000000") } }));
        r = gearscope({ QStringLiteral("run"), saved, QStringLiteral("--quiet") });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));

        // Errors: exit 2 and what is wrong.
        r = gearscope({ QStringLiteral("save-scenario"), trace });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("usage: gearscope save-scenario TRACE -o FILE.json"), r.err.constData());
        r = gearscope(
            { QStringLiteral("save-scenario"), saved, QStringLiteral("-o"), dir.filePath(QStringLiteral("x.json")) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("gearscope: ") && r.err.contains("counter-test.json"), r.err.constData());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.json"))));
        r = gearscope({ QStringLiteral("save-scenario"), trace, QStringLiteral("-o") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("-o needs a file name"), r.err.constData());
    }

    /** expect.states is written for each active program whose `state` export answers an empty
     *  query, with its answer on the final memory; not for one whose export traps or needs a
     *  query (the description names it and says why), nor for an exited program or one without
     *  the export. pong (no PINGs: its state is a zero u32) is saved beside each subject. */
    void statesSavedForProgramsThatAnswer_data()
    {
        QTest::addColumn<QString>("file"); // the subject's code
        QTest::addColumn<QJsonArray>("init"); // payload parts
        QTest::addColumn<QJsonArray>("handle"); // payload parts of one message to it; empty: none
        QTest::addColumn<QString>("answer"); // its expected state (text); null: no expectation
        QTest::addColumn<QString>("why"); // what the description says about it; empty: nothing
        const QString actor = QStringLiteral(GEARSCOPE_FIXTURES_DIR "/msg_actor.wat");
        const QJsonArray none;
        // msg_actor's `state` replies its note ('M' stores one), then the query (here empty).
        QTest::newRow("answers: the note of the last message")
            << actor << QJsonArray { QStringLiteral("M"), QJsonObject { { "u8", 5 } }, QStringLiteral("hello") }
            << QJsonArray { QStringLiteral("M"), QJsonObject { { "u8", 5 } }, QStringLiteral("world") }
            << QStringLiteral("world") << QString();
        QTest::newRow("traps") << QStringLiteral(GEARSCOPE_FIXTURES_DIR "/state_trap.wat") << none << none << QString()
                               << QStringLiteral("subject (state query trapped");
        QTest::newRow("needs a query") << QStringLiteral(GEARSCOPE_FIXTURES_DIR "/state_needs_query.wat") << none
                                       << none << QString()
                                       << QStringLiteral("subject (state query panicked: state: expected a query)");
        QTest::newRow("exited") << actor << QJsonArray { QStringLiteral("X"), QJsonObject { { "actor", "alice" } } }
                                << none << QString() << QString();
        QTest::newRow("no state export") << QStringLiteral(GEARSCOPE_FIXTURES_DIR "/msg_handle_only.wat") << none
                                         << none << QString() << QString();
    }
    void statesSavedForProgramsThatAnswer()
    {
        QFETCH(QString, file);
        QFETCH(QJsonArray, init);
        QFETCH(QJsonArray, handle);
        QFETCH(QString, answer);
        QFETCH(QString, why);
        QTemporaryDir dir;
        QJsonObject subject { { "name", "subject" }, { "file", file } };
        if (!init.isEmpty())
            subject[u"init"] = init;
        QJsonObject root { { "programs",
            QJsonArray { QJsonObject { { "name", "pong" },
                             { "file", QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong/pong.wat") } },
                subject } } };
        if (!handle.isEmpty())
            root[u"messages"] = QJsonArray { QJsonObject { { "to", "subject" }, { "payload", handle } } };
        auto sc = Scenario::parse(QJsonDocument(root).toJson(), dir.filePath(QStringLiteral("s.json")).toStdString());
        QVERIFY2(sc.ok(), sc.error().c_str());
        const QString trace = dir.filePath(QStringLiteral("s.sqlite"));
        auto rec = recordScenario(sc.value(), trace);
        QVERIFY2(rec.ok(), rec.error().c_str());
        auto reader = TraceReader::open(trace.toStdString());
        QVERIFY2(reader.ok(), reader.error().c_str());
        const QString saved = dir.filePath(QStringLiteral("s-test.json"));
        auto written = ScenarioWriter::save(*reader.value(), saved.toStdString());
        QVERIFY2(written.ok(), written.error().c_str());

        QJsonObject out = readJson(saved);
        QMap<QString, QByteArray> expected { { QStringLiteral("pong"), QByteArray(4, '\0') } };
        if (!answer.isNull())
            expected.insert(QStringLiteral("subject"), answer.toUtf8());
        QCOMPARE(savedStates(out), expected);
        const QString description = out.value(u"description").toString();
        if (why.isEmpty())
            QVERIFY2(!description.contains(QStringLiteral("subject")), qPrintable(description));
        else
            QVERIFY2(description.contains(why), qPrintable(description));

        // The saved scenario passes; with the subject's state changed it fails there.
        SavedRun again = runSaved(saved);
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
        QVERIFY2(again.failures.isEmpty(), qPrintable(again.failures.join(QLatin1Char('\n'))));
        if (answer.isNull())
            return;
        QJsonObject expect = out.value(u"expect").toObject();
        QJsonArray states = expect.value(u"states").toArray();
        for (int i = 0; i < states.size(); ++i) {
            QJsonObject e = states[i].toObject();
            if (e.value(u"program").toString() != QStringLiteral("subject"))
                continue;
            e[u"payload"] = QStringLiteral("hello"); // the note before the last message
            states[i] = e;
            expect[u"states"] = states;
            out[u"expect"] = expect;
            QVERIFY(writeJson(saved, out));
            again = runSaved(saved);
            QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
            QCOMPARE(again.failures,
                QStringList {
                    QStringLiteral("expect.states[%1]: state of subject: payload \"world\", expected \"hello\"")
                        .arg(i) });
        }
    }

    /** A saved state is computed at the height the re-run ends at (state_block's `state`
     *  replies the height, u32, and the timestamp), whether the run ends idle, after `blocks`
     *  blocks of which the last ones are empty, or paused inside a block; equal to what the live
     *  runtime answers at the end of the recorded run, and the saved scenario passes. */
    void stateIsSavedAtTheFinalHeight_data()
    {
        QTest::addColumn<QJsonObject>("extra"); // top-level keys added to the scenario
        QTest::addColumn<int>("sendBlock"); // the block of the one message to the program
        QTest::addColumn<int>("height");
        QTest::newRow("idle after block 2") << QJsonObject {} << 2 << 2;
        QTest::newRow("blocks 5, steps in block 1 only") << QJsonObject { { "blocks", 5 } } << 1 << 5;
        QTest::newRow("paused inside block 1") << QJsonObject { { "stopAfterStep", 1 } } << 1 << 1;
    }
    void stateIsSavedAtTheFinalHeight()
    {
        QFETCH(QJsonObject, extra);
        QFETCH(int, sendBlock);
        QFETCH(int, height);
        QTemporaryDir dir;
        QJsonObject root = extra;
        root[u"programs"] = QJsonArray { QJsonObject {
            { "name", "clock" }, { "file", QStringLiteral(GEARSCOPE_FIXTURES_DIR "/state_block.wat") } } };
        root[u"messages"] = QJsonArray { QJsonObject { { "to", "clock" }, { "block", sendBlock } } };
        auto sc = Scenario::parse(QJsonDocument(root).toJson(), dir.filePath(QStringLiteral("c.json")).toStdString());
        QVERIFY2(sc.ok(), sc.error().c_str());
        const QString trace = dir.filePath(QStringLiteral("c.sqlite"));
        QVERIFY(recordScenario(sc.value(), trace).ok());
        ScenarioRunner live(sc.value());
        QVERIFY(live.setUp().ok());
        QVERIFY(live.run().ok());
        QCOMPARE(live.runtime().blockHeight(), BlockNumber(height));
        auto answer = live.runtime().readState(*live.runtime().actorByName("clock"), {});
        QVERIFY2(answer.ok(), answer.error().c_str());
        QCOMPARE(Bytes(answer->begin(), answer->begin() + 4), u32le(uint32_t(height)));

        auto reader = TraceReader::open(trace.toStdString());
        QVERIFY2(reader.ok(), reader.error().c_str());
        const QString saved = dir.filePath(QStringLiteral("c-test.json"));
        QVERIFY(ScenarioWriter::save(*reader.value(), saved.toStdString()).ok());
        // The run ended idle; with empty blocks after its last step it is saved to run to the
        // same height (`blocks`), not until idle, which would stop at block 1.
        const QJsonObject out = readJson(saved);
        QCOMPARE(out.value(u"blocks").toInt(-1), extra.contains(u"blocks") ? height : -1);
        QCOMPARE(savedStates(out).value(QStringLiteral("clock")),
            QByteArray(reinterpret_cast<const char*>(answer->data()), int(answer->size())));
        const SavedRun again = runSaved(saved);
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
        QVERIFY2(again.failures.isEmpty(), qPrintable(again.failures.join(QLatin1Char('\n'))));
    }

    /** A reply to a mailbox message other than the oldest from its program is saved with the
     *  message's id, so the saved scenario answers the same one (it used to answer the oldest).
     *  msg_actor puts "a" then "b" in alice's mailbox; alice answers "b". */
    void replyToANewerMailboxMessageRoundTrips()
    {
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("mail.sqlite"));
        QJsonArray commands;
        for (int tag : { 'a', 'b' }) // 'G' dest value gas tag: gr_send_wgas, enough gas for a mailbox
            for (const QJsonValue& part :
                QJsonArray { QStringLiteral("G"), QJsonObject { { "actor", "alice" } }, QJsonObject { { "u128", 0 } },
                    QJsonObject { { "u64", 1000000000 } }, QJsonObject { { "u8", tag } } })
                commands.append(part);
        const QJsonObject root { { "programs",
                                     QJsonArray { QJsonObject { { "name", "actor" },
                                         { "file", QStringLiteral(GEARSCOPE_FIXTURES_DIR "/msg_actor.wat") } } } },
            { "messages", QJsonArray { QJsonObject { { "to", "actor" }, { "payload", commands } } } },
            { "blocks", 3 } }; // a few blocks: idle would also mean the mailbox holds had run out
        auto sc
            = Scenario::parse(QJsonDocument(root).toJson(), dir.filePath(QStringLiteral("mail.json")).toStdString());
        QVERIFY2(sc.ok(), sc.error().c_str());
        MessageId newer;
        {
            ScenarioRunner runner(sc.value());
            auto recorded = recordRun(runner, trace);
            QVERIFY2(recorded.ok(), recorded.error().c_str());
            auto recorder = std::move(recorded).value();
            Runtime& rt = runner.runtime();
            const ActorId alice = *rt.userByName("alice");
            const auto box = rt.mailbox(alice);
            QCOMPARE(box.size(), size_t(2));
            QCOMPARE(box[1].message.payload, Bytes { 'b' });
            newer = box[1].message.id;
            rt.setObserver([&](const StepRecord& r) { recorder->step(r); });
            QVERIFY(rt.replyFromMailbox(alice, newer, bytesOf("thanks"), 0, 1'000'000'000).ok());
            rt.runBlock();
            rt.runBlock();
            QVERIFY(recorder->finish().ok());
        }
        auto reader = TraceReader::open(trace.toStdString());
        QVERIFY2(reader.ok(), reader.error().c_str());
        const QString saved = dir.filePath(QStringLiteral("mail-saved.json"));
        auto written = ScenarioWriter::save(*reader.value(), saved.toStdString());
        QVERIFY2(written.ok(), written.error().c_str());

        QFile f(saved);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject savedRoot = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        QJsonArray messages = savedRoot.value(u"messages").toArray();
        QCOMPARE(messages.size(), 2);
        QJsonObject reply = messages[1].toObject();
        QCOMPARE(reply.value(u"kind").toString(), QStringLiteral("reply"));
        QCOMPARE(reply.value(u"message").toString(), QString::fromStdString("0x" + newer.hex()));
        QString error;
        QStringList failures = runScenario(saved, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));

        // Without the id the reply answers "a", and the saved mailbox ("a" is left) says so.
        reply.remove(u"message");
        messages[1] = reply;
        savedRoot[u"messages"] = messages;
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(savedRoot).toJson());
        f.close();
        failures = runScenario(saved, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(!failures.isEmpty() && failures.join(QLatin1Char('\n')).contains(QStringLiteral("expect.mailbox")),
            qPrintable(failures.join(QLatin1Char('\n'))));
    }

    /** A run driven the way the window drives it (the Session makes the scenario's sends, then
     *  single steps), with bob's PING to pong sent between two steps of block 1 and/or the run
     *  paused inside it, saved and run again: the saved scenario passes and reproduces the
     *  trace's dispatches, id for id and in order. Saved the way it was before afterStep and
     *  stopAfterStep (the send made before its block, the run to the end of its last block), it
     *  diverges exactly there: another queue order, or more steps. */
    void runSteppedInsideABlockRoundTrips_data()
    {
        QTest::addColumn<int>("sendAfter"); // steps run when bob sends; -1: no send
        QTest::addColumn<int>("stopAfter"); // steps run when the run is saved; -1: run until idle
        QTest::newRow("send inside the block, run to idle") << 3 << -1;
        QTest::newRow("paused inside the block") << -1 << 4;
        QTest::newRow("send inside the block, then paused") << 3 << 5;
        QTest::newRow("paused, then a send") << 4 << 4;
    }
    void runSteppedInsideABlockRoundTrips()
    {
        QFETCH(int, sendAfter);
        QFETCH(int, stopAfter);
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("stepped.sqlite"));
        {
            auto sc = Scenario::load(GEARSCOPE_SOURCE_DIR "/samples/pingpong/pingpong.json");
            QVERIFY2(sc.ok(), sc.error().c_str());
            ScenarioRunner runner(sc.value());
            Runtime& rt = runner.runtime();
            auto attached = Recorder::attach(rt, trace.toStdString(), {});
            QVERIFY2(attached.ok(), attached.error().c_str());
            auto recorder = std::move(attached).value();
            QVERIFY(runner.setUp());
            rt.setObserver([&](const StepRecord& r) { recorder->step(r); });
            QVERIFY(runner.sendDue(1));
            for (int n = 0;; ++n) {
                if (n == sendAfter)
                    QVERIFY(rt.sendMessage(*rt.userByName("bob"), *rt.actorByName("pong"), bytesOf("PING")));
                if (n == stopAfter || !rt.step())
                    break;
            }
            QVERIFY(recorder->finish().ok());
        }
        auto reader = TraceReader::open(trace.toStdString());
        QVERIFY2(reader.ok(), reader.error().c_str());
        QStringList live;
        QVERIFY(reader.value()
                    ->forEachStep(0, reader.value()->stepCount(),
                        [&](const StepRecord& r) {
                            if (r.kind == StepKind::Dispatch)
                                live << QString::fromStdString(r.message.id.hex());
                            return true;
                        })
                    .ok());
        const uint64_t steps = reader.value()->stepCount();
        if (stopAfter >= 0)
            QCOMPARE(steps, uint64_t(stopAfter));
        const QString saved = dir.filePath(QStringLiteral("stepped-test.json"));
        auto written = ScenarioWriter::save(*reader.value(), saved.toStdString());
        QVERIFY2(written.ok(), written.error().c_str());

        QJsonObject root = readJson(saved);
        QJsonArray messages = root.value(u"messages").toArray();
        QCOMPARE(messages.size(), sendAfter >= 0 ? 2 : 1);
        QVERIFY(!messages[0].toObject().contains(u"afterStep")); // made before block 1, as the Session did
        if (sendAfter >= 0) {
            QCOMPARE(messages[1].toObject().value(u"afterStep").toInt(), sendAfter);
            QCOMPARE(messages[1].toObject().value(u"block").toInt(), 1);
        }
        QCOMPARE(root.value(u"stopAfterStep").toInt(-1), stopAfter);
        QVERIFY(!root.contains(u"blocks"));

        const SavedRun again = runSaved(saved);
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
        QVERIFY2(again.failures.isEmpty(), qPrintable(again.failures.join(QLatin1Char('\n'))));
        QCOMPARE(again.dispatches, live);
        QCOMPARE(again.steps, steps);

        // As saved before: a send before the block of the step after it (before block 2 when
        // none followed), and a run that did not end idle ran to the end of its last block (1).
        for (int i = 0; i < messages.size(); ++i) {
            QJsonObject m = messages[i].toObject();
            if (m.contains(u"afterStep") && uint64_t(m.value(u"afterStep").toInt()) == steps)
                m[u"block"] = 2;
            m.remove(u"afterStep");
            messages[i] = m;
        }
        root[u"messages"] = messages;
        if (root.contains(u"stopAfterStep")) {
            root.remove(u"stopAfterStep");
            root[u"blocks"] = 1;
        }
        QVERIFY(writeJson(saved, root));
        const SavedRun before = runSaved(saved);
        if (sendAfter >= 0 && sendAfter == stopAfter) {
            QVERIFY2(
                before.error.contains(QStringLiteral("messages[1].block: block 2 is after the last block run (1)")),
                qPrintable(before.error));
        } else if (stopAfter >= 0) {
            QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
            QVERIFY(before.steps > steps); // block 1 ran on past the pause
        } else {
            QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
            QCOMPARE(before.dispatches.size(), live.size());
            // Live, bob's PING was queued behind ping's (which the step before the send queued).
            const QString bobsLive = live[sendAfter + 1];
            QVERIFY(!before.dispatches.contains(bobsLive)); // made before block 1: its id says block 1
            QVERIFY(before.dispatches[sendAfter] != live[sendAfter]); // and it went ahead of ping's PING
        }
    }

    /** A run that ended its block (here: ran to idle, whole blocks) and was then sent to is
     *  saved with the send before the next block and stopAfterStep, so the re-run makes the
     *  send and stops before that block, as the recorded run did. Saved as before (`blocks`),
     *  the send was for a block the scenario never ran. */
    void sendAfterTheLastBlockRoundTrips()
    {
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("after.sqlite"));
        {
            auto sc = Scenario::load(GEARSCOPE_SOURCE_DIR "/samples/pingpong/pingpong.json");
            QVERIFY2(sc.ok(), sc.error().c_str());
            ScenarioRunner runner(sc.value());
            auto recorded = recordRun(runner, trace);
            QVERIFY2(recorded.ok(), recorded.error().c_str());
            auto recorder = std::move(recorded).value();
            Runtime& rt = runner.runtime();
            QVERIFY(!rt.blockOpen());
            QVERIFY(rt.sendMessage(*rt.userByName("bob"), *rt.actorByName("pong"), bytesOf("PING")));
            QVERIFY(recorder->finish().ok());
        }
        auto reader = TraceReader::open(trace.toStdString());
        QVERIFY2(reader.ok(), reader.error().c_str());
        const uint64_t steps = reader.value()->stepCount();
        const QString saved = dir.filePath(QStringLiteral("after-test.json"));
        QVERIFY(ScenarioWriter::save(*reader.value(), saved.toStdString()).ok());
        QJsonObject root = readJson(saved);
        QCOMPARE(uint64_t(root.value(u"stopAfterStep").toInt()), steps);
        QVERIFY(!root.contains(u"blocks"));
        const QJsonObject bobs = root.value(u"messages").toArray().at(1).toObject();
        QCOMPARE(bobs.value(u"block").toInt(), 2);
        QVERIFY(!bobs.contains(u"afterStep"));
        const SavedRun again = runSaved(saved);
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
        QVERIFY2(again.failures.isEmpty(), qPrintable(again.failures.join(QLatin1Char('\n'))));
        QCOMPARE(again.steps, steps); // bob's PING is queued, not run

        root.remove(u"stopAfterStep");
        root[u"blocks"] = 1;
        QVERIFY(writeJson(saved, root));
        QCOMPARE(runSaved(saved).error,
            QStringLiteral("%1: messages[1].block: block 2 is after the last block run (1)").arg(saved));
    }

    /// The command line: a scenario with a message made inside block 1, run and recorded, saved,
    /// and the saved scenario (which says afterStep again) run.
    void commandLineRoundTripInsideABlock()
    {
        QTemporaryDir dir;
        const QJsonObject scenario {
            { "programs",
                QJsonArray { QJsonObject { { "name", "pong" },
                                 { "file", QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong/pong.wat") } },
                    QJsonObject { { "name", "ping" },
                        { "file", QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong/ping.wat") },
                        { "init", QJsonObject { { "actor", "pong" } } } } } },
            { "messages",
                QJsonArray { QJsonObject { { "to", "ping" }, { "payload", QJsonObject { { "u32", 2 } } } },
                    QJsonObject { { "from", "bob" }, { "to", "pong" }, { "payload", "PING" }, { "block", 1 },
                        { "afterStep", 3 } } } },
            { "stopAfterStep", 6 },
        };
        const QString source = dir.filePath(QStringLiteral("inside.json"));
        QVERIFY(writeJson(source, scenario));
        const QString trace = dir.filePath(QStringLiteral("inside.sqlite"));
        const QString saved = dir.filePath(QStringLiteral("inside-test.json"));
        for (const QStringList& args : { QStringList { QStringLiteral("run"), source, QStringLiteral("--quiet"),
                                             QStringLiteral("--record"), trace },
                 QStringList { QStringLiteral("save-scenario"), trace, QStringLiteral("-o"), saved } }) {
            const Run r = gearscope(args);
            QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        }
        const QJsonObject root = readJson(saved);
        QCOMPARE(root.value(u"stopAfterStep").toInt(), 6);
        QCOMPARE(root.value(u"messages").toArray().at(1).toObject().value(u"afterStep").toInt(), 3);
        const Run again = gearscope({ QStringLiteral("run"), saved, QStringLiteral("--quiet") });
        QVERIFY2(again.finished && again.exitCode == 0, qPrintable(again.describe()));
    }

    /// A program uploaded mid-run has no place in a scenario: a clear error, no file.
    void unexpressibleRunIsAnError()
    {
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("late.sqlite"));
        {
            auto sc = Scenario::load(GEARSCOPE_SOURCE_DIR "/samples/pingpong/pingpong.json");
            QVERIFY2(sc.ok(), sc.error().c_str());
            ScenarioRunner runner(sc.value());
            auto recorded = recordRun(runner, trace);
            QVERIFY2(recorded.ok(), recorded.error().c_str());
            auto recorder = std::move(recorded).value();
            Runtime& rt = runner.runtime();
            auto code = rt.submitCode(sc->programs[0].code, sc->programs[0].file);
            QVERIFY(code.ok());
            QVERIFY(rt.uploadProgram(*rt.userByName("alice"), code.value(), Bytes { 1, 2 }, {}, 0, std::nullopt, "late")
                        .ok());
            rt.runBlock();
            QVERIFY(recorder->finish().ok());
        }
        auto reader = TraceReader::open(trace.toStdString());
        QVERIFY(reader.ok());
        const QString out = dir.filePath(QStringLiteral("late.json"));
        auto r = ScenarioWriter::save(*reader.value(), out.toStdString());
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error()).contains(QStringLiteral("uploaded after the run started")),
            r.error().c_str());
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(tst_ScenarioWriter)
#include "tst_scenariowriter.moc"
