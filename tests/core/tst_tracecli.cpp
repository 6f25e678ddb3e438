// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Issue 4 through the real executable: record, verify, replay, export, fork and diff, and what
// happens to a recording when the process is killed, the disk fills up or the path is unwritable.
#include "cliprocess.h"
#include "ids/ids.h"
#include "trace/tracereader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <map>
#include <unistd.h>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

const QString PingPongDir = QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong");
const QString PingPong = PingPongDir + QStringLiteral("/pingpong.json");

/// The executable under a shell, for limits only a shell sets (ulimit).
Run gearscopeInShell(const QString& prelude, const QStringList& args)
{
    QStringList quoted;
    for (const auto& a : args)
        quoted << QLatin1Char('\'') + QString(a).replace(QLatin1Char('\''), QStringLiteral("'\\''"))
                + QLatin1Char('\'');
    QProcess p;
    p.start(QStringLiteral("bash"),
        { QStringLiteral("-c"),
            prelude + QStringLiteral("; exec '" GEARSCOPE_EXE "' ") + quoted.join(QLatin1Char(' ')) });
    if (!p.waitForStarted(10000))
        return {};
    return finish(p);
}

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

/// A ping-pong scenario with absolute program paths: `games` messages of `rounds` rounds, one
/// per block (a game uses most of a message's gas, so one game is one message).
QByteArray pingPongScenario(int games, int rounds)
{
    QJsonArray messages;
    for (int b = 1; b <= games; ++b)
        messages.append(QJsonObject { { QStringLiteral("from"), QStringLiteral("alice") },
            { QStringLiteral("to"), QStringLiteral("ping") },
            { QStringLiteral("payload"), QJsonObject { { QStringLiteral("u32"), rounds } } },
            { QStringLiteral("block"), b } });
    QJsonObject sc {
        { QStringLiteral("name"), QStringLiteral("long ping-pong") },
        { QStringLiteral("programs"),
            QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("pong") },
                             { QStringLiteral("file"), PingPongDir + QStringLiteral("/pong.wat") } },
                QJsonObject { { QStringLiteral("name"), QStringLiteral("ping") },
                    { QStringLiteral("file"), PingPongDir + QStringLiteral("/ping.wat") },
                    { QStringLiteral("init"),
                        QJsonObject { { QStringLiteral("actor"), QStringLiteral("pong") } } } } } },
        { QStringLiteral("messages"), messages },
    };
    return QJsonDocument(sc).toJson();
}

} // namespace

class tst_TraceCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_trace; ///< samples/pingpong recorded once by `gearscope run --record`
    uint64_t m_steps = 0;

    QString tmp(const QString& name) const { return m_dir.filePath(name); }
    bool write(const QString& name, const QByteArray& content) const
    {
        QFile f(tmp(name));
        return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(GEARSCOPE_EXE)));
        // ~2200 steps, about 2.5 MB of trace, a fraction of a second.
        QVERIFY(write(QStringLiteral("long.json"), pingPongScenario(1, 1500)));
        // ~80,000 steps: seconds of work, long enough to be killed in the middle.
        QVERIFY(write(QStringLiteral("huge.json"), pingPongScenario(40, 1000)));
    }

    void recordThenVerify()
    {
        m_trace = tmp(QStringLiteral("pingpong.sqlite"));
        Run r = gearscope({ QStringLiteral("run"), PingPong, QStringLiteral("--record"), m_trace });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(QFileInfo(m_trace).size() > 0);
        // One self-contained file: the WAL is folded back when the recording finishes.
        QVERIFY(!QFile::exists(m_trace + QStringLiteral("-wal")));
        auto t = TraceReader::open(m_trace.toStdString());
        QVERIFY2(t.ok(), t.error().c_str());
        m_steps = t.value()->stepCount();
        QVERIFY(m_steps > 0);

        const QByteArray before = fileHash(m_trace);
        r = gearscope({ QStringLiteral("verify"), m_trace });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject v = r.last();
        QCOMPARE(v.value(u"identical").toBool(false), true);
        QCOMPARE(v.value(u"stepsChecked").toInteger(), qint64(m_steps));
        QVERIFY(!v.contains(u"firstDivergence"));
        QCOMPARE(fileHash(m_trace), before);

        r = gearscope({ QStringLiteral("query"), m_trace, QStringLiteral("SELECT count(*) AS n FROM steps") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.last().value(u"n").toString(), QString::number(m_steps));
        r = gearscope({ QStringLiteral("query"), m_trace, QStringLiteral("DELETE FROM steps") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("read-only"), qPrintable(r.describe()));
        QCOMPARE(fileHash(m_trace), before);
    }

    void verifyReportsTampering()
    {
        const QString copy = tmp(QStringLiteral("tampered.sqlite"));
        QVERIFY(QFile::copy(m_trace, copy));
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"),
            { copy, QStringLiteral("UPDATE steps SET gas_burned = gas_burned + 7 WHERE step = 3") });
        QVERIFY2(sqlite.waitForFinished(20000) && sqlite.exitCode() == 0, sqlite.readAllStandardError().constData());
        Run r = gearscope({ QStringLiteral("verify"), copy });
        QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
        const QJsonObject v = r.last();
        QCOMPARE(v.value(u"identical").toBool(true), false);
        QCOMPARE(v.value(u"firstDivergence").toInteger(), qint64(3));
        QVERIFY2(v.value(u"difference").toString().contains(QStringLiteral("gas burned")), qPrintable(r.describe()));
        QVERIFY2(r.err.contains("step 3"), qPrintable(r.describe()));
    }

    void replayAt()
    {
        auto t = TraceReader::open(m_trace.toStdString());
        QVERIFY2(t.ok(), t.error().c_str());
        for (uint64_t k : { uint64_t(0), uint64_t(4), m_steps }) {
            Run r = gearscope({ QStringLiteral("replay"), m_trace, QStringLiteral("--at"), QString::number(k),
                QStringLiteral("--memory"), QStringLiteral("ping") });
            QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
            const QJsonObject o = r.last();
            auto w = t.value()->worldAt(k);
            QVERIFY2(w.ok(), w.error().c_str());
            QCOMPARE(o.value(u"position").toInteger(), qint64(k));
            QCOMPARE(o.value(u"block").toInteger(), qint64(w->block));
            QStringList programs;
            for (const auto& p : o.value(u"programs").toArray())
                programs << p.toObject().value(u"name").toString();
            QCOMPARE(programs, QStringList({ QStringLiteral("pong"), QStringLiteral("ping") }));
            QCOMPARE(o.value(u"queue").toArray().size(), qsizetype(w->queue.size()));
            for (qsizetype i = 0; i < o.value(u"queue").toArray().size(); ++i)
                QCOMPARE(o.value(u"queue").toArray().at(i).toObject().value(u"id").toString(),
                    QString::fromStdString(w->queue[size_t(i)].message.id.hex()));
            QCOMPARE(o.value(u"users").toArray().size(), qsizetype(w->users.size()));
            const ProgramSnapshot* ping = nullptr;
            for (const auto& p : w->programs)
                if (p.name == "ping")
                    ping = &p;
            QVERIFY(ping);
            auto mem = t.value()->memoryAt(ping->id, k, ping->memoryPages);
            QVERIFY2(mem.ok(), mem.error().c_str());
            QCOMPARE(o.value(u"memoryHash").toString(),
                QString::fromStdString(toHex(Ids::blake2b256(mem.value()).data(), 32)));
        }
        // Step 0 is pong's init: at 0 both init messages wait in the queue, in upload order.
        Run r = gearscope({ QStringLiteral("replay"), m_trace, QStringLiteral("--at"), QStringLiteral("0") });
        QVERIFY(r.last().value(u"queue").toArray().size() >= 2);

        r = gearscope({ QStringLiteral("replay"), m_trace, QStringLiteral("--at"), QString::number(m_steps + 1) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("past the end"), qPrintable(r.describe()));
        r = gearscope({ QStringLiteral("replay"), m_trace });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--at"), qPrintable(r.describe()));
    }

    void exportChromeTrace()
    {
        const QString out = tmp(QStringLiteral("pingpong.trace.json"));
        Run r = gearscope({ QStringLiteral("export"), m_trace, QStringLiteral("--format"),
            QStringLiteral("chrome-trace"), QStringLiteral("-o"), out });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
        QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString()));
        const QJsonArray events = doc.object().value(u"traceEvents").toArray();
        QVERIFY(!events.isEmpty());

        std::map<qint64, QString> threadNames; // tid → name
        qint64 slices = 0;
        std::map<qint64, QJsonObject> starts, ends; // flow id → event
        QSet<qint64> usedTids;
        for (const auto& e : events) {
            const QJsonObject o = e.toObject();
            const QString ph = o.value(u"ph").toString();
            if (ph == u"M" && o.value(u"name").toString() == u"thread_name") {
                threadNames[o.value(u"tid").toInteger()] = o.value(u"args").toObject().value(u"name").toString();
            } else if (ph == u"X") {
                ++slices;
                usedTids.insert(o.value(u"tid").toInteger());
                QVERIFY(o.value(u"dur").toInteger() > 0);
                QVERIFY(o.value(u"args").toObject().contains(u"step"));
            } else if (ph == u"s" || ph == u"f") {
                auto& side = ph == u"s" ? starts : ends;
                const qint64 id = o.value(u"id").toInteger(-1);
                QVERIFY2(!side.count(id), "a flow id used twice");
                side[id] = o;
                usedTids.insert(o.value(u"tid").toInteger());
            }
        }
        QCOMPARE(slices, qint64(m_steps));
        // Every flow arrow has both ends, starting before it finishes.
        QVERIFY(!starts.empty());
        QCOMPARE(starts.size(), ends.size());
        for (const auto& [id, s] : starts) {
            QVERIFY2(ends.count(id), "a flow without its end");
            QVERIFY(s.value(u"ts").toInteger() < ends[id].value(u"ts").toInteger());
            QCOMPARE(s.value(u"cat").toString(), ends[id].value(u"cat").toString());
        }
        // One named track per actor, and every track in use has a name.
        for (qint64 tid : usedTids)
            QVERIFY2(threadNames.count(tid), qPrintable(QStringLiteral("track %1 has no thread_name").arg(tid)));
        QStringList names;
        for (const auto& [tid, name] : threadNames)
            names << name;
        QVERIFY2(names.filter(QStringLiteral("ping")).size() == 1, qPrintable(names.join(u',')));
        QVERIFY2(names.filter(QStringLiteral("pong")).size() == 1, qPrintable(names.join(u',')));
        QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), names.size());

        r = gearscope({ QStringLiteral("export"), m_trace, QStringLiteral("--format"), QStringLiteral("svg") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("chrome-trace"), qPrintable(r.describe()));
    }

    void forkAndDiff()
    {
        // Forking with nothing new re-runs the same steps: the same run as its parent.
        const QString same = tmp(QStringLiteral("fork-same.sqlite"));
        Run r = gearscope({ QStringLiteral("fork"), m_trace, QStringLiteral("--at"), QStringLiteral("4"),
            QStringLiteral("--record"), same });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        auto t = TraceReader::open(same.toStdString());
        QVERIFY2(t.ok(), t.error().c_str());
        auto meta = t.value()->meta();
        QCOMPARE(QString::fromStdString(meta["parent_trace"]), m_trace);
        QCOMPARE(meta["parent_pos"], std::string("4"));
        QCOMPARE(meta["complete"], std::string("1"));
        r = gearscope({ QStringLiteral("diff"), m_trace, same });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.last().value(u"identical").toBool(false), true);
        r = gearscope({ QStringLiteral("verify"), same });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

        // A message sent at the fork point makes the runs part there.
        const QString changed = tmp(QStringLiteral("fork-send.sqlite"));
        r = gearscope({ QStringLiteral("fork"), m_trace, QStringLiteral("--at"), QStringLiteral("4"),
            QStringLiteral("--record"), changed, QStringLiteral("--send"), QStringLiteral("PING") });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        r = gearscope({ QStringLiteral("diff"), m_trace, changed });
        QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
        QCOMPARE(r.last().value(u"identical").toBool(true), false);
        QCOMPARE(r.last().value(u"firstDifference").toInteger(), qint64(4));
        QVERIFY2(r.last().value(u"difference").toString().contains(QStringLiteral("send before step 4")),
            qPrintable(r.describe()));
        r = gearscope({ QStringLiteral("verify"), changed });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

        // Two runs of one program with different --send payloads part at the first input.
        const QString a = tmp(QStringLiteral("send-a.sqlite")), b = tmp(QStringLiteral("send-b.sqlite"));
        const QString pong = PingPongDir + QStringLiteral("/pong.wat");
        QCOMPARE(gearscope({ QStringLiteral("run"), pong, QStringLiteral("--send"), QStringLiteral("PING"),
                               QStringLiteral("--quiet"), QStringLiteral("--record"), a })
                     .exitCode,
            0);
        QCOMPARE(gearscope({ QStringLiteral("run"), pong, QStringLiteral("--send"), QStringLiteral("PONG"),
                               QStringLiteral("--quiet"), QStringLiteral("--record"), b })
                     .exitCode,
            0);
        r = gearscope({ QStringLiteral("diff"), a, b });
        QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
        QCOMPARE(r.last().value(u"firstDifference").toInteger(), qint64(0));
        QVERIFY2(
            r.last().value(u"difference").toString().contains(QStringLiteral("payload")), qPrintable(r.describe()));
        QVERIFY2(r.err.contains("first difference at step 0"), qPrintable(r.describe()));
    }

    /** SIGKILL in the middle of a recording: the file opens afterwards with every committed step.
     *  verify re-runs only the steps the file holds, so the committed prefix verifies. */
    void killedRecordingKeepsCommittedSteps()
    {
        const QString file = tmp(QStringLiteral("killed.sqlite"));
        QProcess p;
        p.start(QStringLiteral(GEARSCOPE_EXE),
            { QStringLiteral("run"), tmp(QStringLiteral("huge.json")), QStringLiteral("--quiet"),
                QStringLiteral("--no-syscalls"), QStringLiteral("--record"), file });
        QVERIFY(p.waitForStarted(10000));
        constexpr uint64_t Enough = 2500;
        uint64_t seen = 0;
        QElapsedTimer timer;
        timer.start();
        while (seen <= Enough && p.state() == QProcess::Running && timer.elapsed() < 30000) {
            if (auto t = TraceReader::open(file.toStdString()))
                seen = t.value()->stepCount();
            QThread::msleep(20);
        }
        QVERIFY2(p.state() == QProcess::Running, "the run ended before it could be killed");
        QVERIFY2(seen > Enough, qPrintable(QStringLiteral("only %1 steps after %2 ms").arg(seen).arg(timer.elapsed())));
        p.kill(); // SIGKILL
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        // What the crash left: the main file and its write-ahead log.
        QVERIFY(QFile::exists(file + QStringLiteral("-wal")));

        const QByteArray before = fileHash(file);
        uint64_t n = 0;
        {
            auto t = TraceReader::open(file.toStdString());
            QVERIFY2(t.ok(), t.error().c_str());
            n = t.value()->stepCount();
            QVERIFY2(n >= seen, qPrintable(QStringLiteral("%1 steps, %2 seen before the kill").arg(n).arg(seen)));
            QCOMPARE(t.value()->meta()["complete"], std::string("0"));
            auto last = t.value()->step(n - 1);
            QVERIFY2(last.ok(), last.error().c_str());
            // Killed before the query indexes were built (they come at the end): reading does not
            // need them, looking a message up by id scans.
            auto indexes = t.value()->query("SELECT count(*) FROM sqlite_master WHERE name = 'messages_by_id'");
            QVERIFY2(indexes.ok(), indexes.error().c_str());
            QCOMPARE(indexes->rows.at(0).at(0), std::string("0"));
            auto byId = t.value()->message(last->message.id);
            QVERIFY2(byId.ok(), byId.error().c_str());
            QCOMPARE(byId->payload, last->message.payload);
            uint64_t scanned = 0;
            auto all = t.value()->forEachStep(0, n, [&](const StepRecord& s) { return s.index == scanned++; });
            QVERIFY2(all.ok(), all.error().c_str());
            QVERIFY(all.value());
            QCOMPARE(scanned, n);
            auto w = t.value()->worldAt(n);
            QVERIFY2(w.ok(), w.error().c_str());
            QCOMPARE(w->programs.size(), size_t(2));
            for (const auto& prog : w->programs) {
                auto mem = t.value()->memoryAt(prog.id, n, prog.memoryPages);
                QVERIFY2(mem.ok(), mem.error().c_str());
            }
        }
        QCOMPARE(fileHash(file), before);

        Run r = gearscope({ QStringLiteral("verify"), file });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.last().value(u"identical").toBool(false), true);
        QCOMPARE(r.last().value(u"stepsChecked").toInteger(), qint64(n));
        r = gearscope({ QStringLiteral("replay"), file, QStringLiteral("--at"), QString::number(n),
            QStringLiteral("--memory"), QStringLiteral("pong") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.last().value(u"position").toInteger(), qint64(n));
        QCOMPARE(fileHash(file), before);
    }

    /** A file size limit (what a full disk looks like to a process) stops the run with exit 2
     *  and says the recording failed; the committed steps stay readable and verify. A limit
     *  below the empty trace (schema and first checkpoint, about 200 KiB with 16 KiB pages) fails at
     *  creation and leaves no half-made file. */
    void fileSizeLimitStopsTheRun_data()
    {
        QTest::addColumn<int>("kib");
        QTest::addColumn<bool>("created");
        QTest::newRow("32 KiB: cannot even create the trace") << 32 << false;
        QTest::newRow("512 KiB: fills up during the run") << 512 << true;
    }

    void fileSizeLimitStopsTheRun()
    {
        QFETCH(int, kib);
        QFETCH(bool, created);
        const QString file = tmp(QStringLiteral("full-%1.sqlite").arg(kib));
        Run r = gearscopeInShell(QStringLiteral("ulimit -f %1; trap '' XFSZ").arg(kib),
            { QStringLiteral("run"), tmp(QStringLiteral("long.json")), QStringLiteral("--quiet"),
                QStringLiteral("--record"), file });
        QVERIFY2(r.finished, qPrintable(r.describe()));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("recording failed"), qPrintable(r.describe()));
        QVERIFY2(r.err.contains(file.toUtf8()), qPrintable(r.describe()));
        QVERIFY2(r.err.contains("file size limit"), qPrintable(r.describe()));
        if (!created) {
            QVERIFY2(r.err.contains("cannot create the trace"), qPrintable(r.describe()));
            QVERIFY(!QFile::exists(file));
            QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
            return;
        }
        QVERIFY2(r.err.contains("stay readable"), qPrintable(r.describe()));
        auto t = TraceReader::open(file.toStdString());
        QVERIFY2(t.ok(), t.error().c_str());
        const uint64_t n = t.value()->stepCount();
        QVERIFY2(n < 2000, qPrintable(QStringLiteral("%1 steps fit in %2 KiB?").arg(n).arg(kib)));
        QCOMPARE(t.value()->meta()["complete"], std::string("0"));
        auto w = t.value()->worldAt(n);
        QVERIFY2(w.ok(), w.error().c_str());
        r = gearscope({ QStringLiteral("verify"), file });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.last().value(u"stepsChecked").toInteger(), qint64(n));
    }

    /** --max-trace-bytes: the same clean stop as a full disk, saying which limit was reached
     *  (SQLite's max_page_count; issue 7). */
    void traceSizeLimitStopsTheRun_data()
    {
        QTest::addColumn<int>("kib");
        QTest::addColumn<bool>("created");
        QTest::newRow("16 KiB: cannot even create the trace") << 16 << false;
        QTest::newRow("512 KiB: fills up during the run") << 512 << true;
    }

    void traceSizeLimitStopsTheRun()
    {
        QFETCH(int, kib);
        QFETCH(bool, created);
        const QString file = tmp(QStringLiteral("limit-%1.sqlite").arg(kib));
        const QString bytes = QString::number(kib * 1024);
        Run r = gearscope({ QStringLiteral("run"), tmp(QStringLiteral("long.json")), QStringLiteral("--quiet"),
            QStringLiteral("--record"), file, QStringLiteral("--max-trace-bytes"), bytes });
        QVERIFY2(r.finished, qPrintable(r.describe()));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("recording failed"), qPrintable(r.describe()));
        const QByteArray limitWords = ("trace size limit of " + bytes + " bytes was reached").toUtf8();
        QVERIFY2(r.err.contains(limitWords), qPrintable(r.describe()));
        if (!created) {
            QVERIFY2(r.err.contains("cannot create the trace"), qPrintable(r.describe()));
            QVERIFY(!QFile::exists(file));
            return;
        }
        QVERIFY2(r.err.contains("stay readable"), qPrintable(r.describe()));
        QVERIFY(QFileInfo(file).size() <= kib * 1024);
        auto t = TraceReader::open(file.toStdString());
        QVERIFY2(t.ok(), t.error().c_str());
        const uint64_t n = t.value()->stepCount();
        QVERIFY(n > 0);
        auto w = t.value()->worldAt(n);
        QVERIFY2(w.ok(), w.error().c_str());
        r = gearscope({ QStringLiteral("verify"), file });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.last().value(u"stepsChecked").toInteger(), qint64(n));
    }

    void unwritablePathIsAnError()
    {
        Run r = gearscope({ QStringLiteral("run"), PingPong, QStringLiteral("--record"),
            QStringLiteral("/proc/gearscope/x.sqlite") });
        QVERIFY2(r.finished, qPrintable(r.describe()));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("recording failed: /proc/gearscope/x.sqlite: cannot create the trace"),
            qPrintable(r.describe()));
        QVERIFY2(r.out.isEmpty(), "steps ran although the recording could not start");

        // A folder where the file should be cannot be replaced.
        const QString folder = tmp(QStringLiteral("a-folder.sqlite"));
        QVERIFY(QDir().mkpath(folder));
        r = gearscope({ QStringLiteral("run"), PingPong, QStringLiteral("--record"), folder });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("recording failed") && r.err.contains("cannot replace"), qPrintable(r.describe()));

        // A read-only folder (meaningless for root, who writes anyway).
        const QString ro = tmp(QStringLiteral("read-only"));
        QVERIFY(QDir().mkpath(ro));
        QVERIFY(QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        if (::access(ro.toLocal8Bit().constData(), W_OK) == 0) {
            qInfo("running as root: the read-only folder case is skipped");
        } else {
            r = gearscope(
                { QStringLiteral("run"), PingPong, QStringLiteral("--record"), ro + QStringLiteral("/x.sqlite") });
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("recording failed") && r.err.contains("cannot create the trace"),
                qPrintable(r.describe()));
        }
        QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }

    void damagedTraceIsAnErrorForEveryCommand()
    {
        const QString bad = tmp(QStringLiteral("cut.sqlite"));
        QFile in(m_trace);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray whole = in.readAll();
        QFile out(bad);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(whole.left(whole.size() / 2 + 100));
        out.close();
        const QByteArray before = fileHash(bad);
        const QList<QStringList> commands = {
            { QStringLiteral("verify"), bad },
            { QStringLiteral("diff"), m_trace, bad },
            { QStringLiteral("replay"), bad, QStringLiteral("--at"), QStringLiteral("1") },
            { QStringLiteral("export"), bad, QStringLiteral("--format"), QStringLiteral("chrome-trace"),
                QStringLiteral("-o"), tmp(QStringLiteral("cut.json")) },
            { QStringLiteral("fork"), bad, QStringLiteral("--at"), QStringLiteral("1"), QStringLiteral("--record"),
                tmp(QStringLiteral("cut-fork.sqlite")) },
            { QStringLiteral("query"), bad, QStringLiteral("SELECT 1") },
        };
        for (const auto& c : commands) {
            Run r = gearscope(c);
            QVERIFY2(r.finished, qPrintable(c.join(u' ') + QStringLiteral(": ") + r.describe()));
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("truncated"), qPrintable(c.join(u' ') + QStringLiteral(": ") + r.describe()));
        }
        QCOMPARE(fileHash(bad), before);
    }
};

QTEST_GUILESS_MAIN(tst_TraceCli)
#include "tst_tracecli.moc"
