// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Benchmarks of issue 4, each against a baseline measured in the same run:
//  - recording overhead: the ping-pong with recording on vs off (wall clock and CPU seconds of
//    the whole process), and with only the runtime's world-op recording on (no writer);
//  - size: bytes per step on disk for the ping-pong trace;
//  - seek: median time to rebuild the world + one program's memory at random positions of a
//    long trace (target ≤ 50 ms at 1,000,000 steps), and stepping back one step (≤ 5 ms);
//  - bulk read: forEachStep against step(i) in a loop over the same steps;
//  - the floor of the one-row-per-step schema: the recorded trace's own step, message and page
//    rows inserted again into an empty trace, by SQLite alone, against the unrecorded step.
// GEARSCOPE_BENCH_TRACE_STEPS sets the long trace's length (default 1,000,000; CTest uses less).
#include "fixtures.h"
#include "runtime/runtime.h"
#include "trace/recorder.h"
#include "trace/tracereader.h"
#include "trace/traceschema.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <random>

using namespace Gearscope;
using namespace Gearscope::Test;

class tst_BenchTrace : public QObject
{
    Q_OBJECT
private:
    struct Run
    {
        uint64_t steps = 0;
        double seconds = 0; ///< until the trace was finished (closed, indexes built)
        double running = 0; ///< until the last step ran
        double cpu = 0; ///< CPU seconds of every thread (the writer's included) until finished
    };

    /// CPU time of the whole process: on a machine shared with other work, wall-clock ratios
    /// swing with the load (a starved writer thread looks slow); CPU seconds spent do not.
    static double processCpu()
    {
        timespec ts {};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
    }

    /// Ping-pong games of `rounds` rounds until at least `minSteps` steps ran; recorded to
    /// `tracePath` when it is not empty.
    /// `worldOnly`: unrecorded, but with the runtime producing world ops and page bytes (its own
    /// share of the recording cost).
    static Run pingPong(uint64_t minSteps, int rounds, const QString& tracePath, bool worldOnly = false)
    {
        RuntimeConfig cfg;
        cfg.recordSyscalls = true;
        cfg.defaultUserBalance = u128(1) << 100;
        cfg.recordWorld = worldOnly;
        Runtime rt(cfg);
        std::unique_ptr<Recorder> rec;
        if (!tracePath.isEmpty()) {
            auto r = Recorder::attach(rt, tracePath.toStdString(), {});
            if (!r)
                qFatal("%s", r.error().c_str());
            rec = std::move(r).value();
        }
        uint64_t steps = 0;
        rt.setObserver([&](const StepRecord& r) {
            ++steps;
            if (rec)
                rec->step(r);
        });
        auto alice = *rt.userByName("alice");
        auto pongCode = rt.submitCode(fixture("pong.wat"), "pong.wat").value();
        auto pingCode = rt.submitCode(fixture("ping.wat"), "ping.wat").value();
        auto pong = rt.uploadProgram(alice, pongCode, {}, {}).value();
        auto ping = rt.uploadProgram(alice, pingCode, {}, idBytes(pong.program)).value();
        QElapsedTimer t;
        t.start();
        const double cpu0 = processCpu();
        while (steps < minSteps) {
            (void)rt.sendMessage(alice, ping.program, u32le(uint32_t(rounds))).value();
            rt.runUntilIdle(100000);
        }
        const double running = double(t.nsecsElapsed()) / 1e9;
        if (rec) {
            auto f = rec->finish();
            if (!f)
                qFatal("%s", f.error().c_str());
        }
        return { steps, double(t.nsecsElapsed()) / 1e9, running, processCpu() - cpu0 };
    }

    /// One row of a table, as SQLite gave it.
    struct Cell
    {
        int type = SQLITE_NULL;
        int64_t integer = 0;
        std::string bytes;
    };
    using Row = std::vector<Cell>;

    static std::vector<Row> readRows(sqlite3* db, const char* sql)
    {
        std::vector<Row> rows;
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK)
            qFatal("%s: %s", sql, sqlite3_errmsg(db));
        while (sqlite3_step(st) == SQLITE_ROW) {
            Row row(size_t(sqlite3_column_count(st)));
            for (int i = 0; i < int(row.size()); ++i) {
                Cell& c = row[size_t(i)];
                c.type = sqlite3_column_type(st, i);
                if (c.type == SQLITE_INTEGER)
                    c.integer = sqlite3_column_int64(st, i);
                else if (c.type == SQLITE_TEXT || c.type == SQLITE_BLOB)
                    c.bytes.assign(
                        static_cast<const char*>(sqlite3_column_blob(st, i)), size_t(sqlite3_column_bytes(st, i)));
            }
            rows.push_back(std::move(row));
        }
        sqlite3_finalize(st);
        return rows;
    }

    static void exec(sqlite3* db, const std::string& sql)
    {
        char* e = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &e) != SQLITE_OK)
            qFatal("%s: %s", sql.c_str(), e ? e : "?");
    }

    /// A recorded trace's step, message and page rows, read into memory.
    struct TraceRows
    {
        std::vector<Row> steps, messages, pages;

        static TraceRows read(const QString& path)
        {
            sqlite3* db = nullptr;
            if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
                qFatal("cannot open %s", qPrintable(path));
            TraceRows t { readRows(db, "SELECT * FROM steps ORDER BY step"),
                readRows(db, "SELECT * FROM messages ORDER BY rowid"),
                readRows(db, "SELECT * FROM pages ORDER BY pos") };
            sqlite3_close(db);
            return t;
        }

        /// Every row in the order the run made them: a step's messages (by created_pos), the
        /// step, its pages (by pos); `stepDone(i)` after the i-th step's rows.
        template <typename Visit, typename StepDone> void inRunOrder(Visit visit, StepDone stepDone) const
        {
            size_t m = 0, p = 0;
            for (size_t i = 0; i < steps.size(); ++i) {
                const int64_t step = steps[i][0].integer;
                for (; m < messages.size() && messages[m][12].integer <= step + 1; ++m)
                    visit(messages[m], &messages);
                visit(steps[i], &steps);
                for (; p < pages.size() && pages[p][2].integer <= step + 1; ++p)
                    visit(pages[p], &pages);
                stepDone(i);
            }
            for (; m < messages.size(); ++m)
                visit(messages[m], &messages);
            for (; p < pages.size(); ++p)
                visit(pages[p], &pages);
        }
    };

    /// An empty trace with the writer's schema and pragmas.
    static sqlite3* createTrace(const QString& path)
    {
        sqlite3* db = nullptr;
        if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
            qFatal("cannot create %s", qPrintable(path));
        exec(db,
            "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; "
            "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=512");
        exec(db, TraceSchema::Create);
        return db;
    }

    static sqlite3_stmt* prepareInsert(sqlite3* db, const char* table, size_t columns)
    {
        std::string sql = std::string("INSERT INTO ") + table + " VALUES(?";
        for (size_t i = 1; i < columns; ++i)
            sql += ",?";
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, (sql + ")").c_str(), -1, &st, nullptr) != SQLITE_OK)
            qFatal("%s", sqlite3_errmsg(db));
        return st;
    }

    static void insert(sqlite3* db, sqlite3_stmt* st, const Row& row)
    {
        for (int i = 0; i < int(row.size()); ++i) {
            const Cell& c = row[size_t(i)];
            if (c.type == SQLITE_INTEGER)
                sqlite3_bind_int64(st, i + 1, c.integer);
            else if (c.type == SQLITE_TEXT)
                sqlite3_bind_text(st, i + 1, c.bytes.data(), int(c.bytes.size()), SQLITE_STATIC);
            else if (c.type == SQLITE_BLOB)
                sqlite3_bind_blob(st, i + 1, c.bytes.data(), int(c.bytes.size()), SQLITE_STATIC);
            else
                sqlite3_bind_null(st, i + 1);
        }
        if (sqlite3_step(st) != SQLITE_DONE)
            qFatal("insert: %s", sqlite3_errmsg(db));
        sqlite3_reset(st);
    }

    /** Seconds SQLite alone takes to store `rows` again into a new trace at `to`, as the writer
     *  stores them (same schema, pragmas and transaction size, rows in run order, the finishing
     *  indexes built; `indexing` gets their share): what any writer of this schema pays at
     *  least, with every row already encoded. */
    static double storeRows(const TraceRows& rows, const QString& to, double* indexing)
    {
        sqlite3* db = createTrace(to);
        sqlite3_stmt* insStep = prepareInsert(db, "steps", rows.steps.at(0).size());
        sqlite3_stmt* insMessage = prepareInsert(db, "messages", rows.messages.at(0).size());
        sqlite3_stmt* insPage = prepareInsert(db, "pages", rows.pages.at(0).size());
        QElapsedTimer t;
        t.start();
        exec(db, "BEGIN");
        rows.inRunOrder(
            [&](const Row& row, const std::vector<Row>* table) {
                insert(db, table == &rows.steps ? insStep : table == &rows.messages ? insMessage : insPage, row);
            },
            [&](size_t i) {
                if (i % 10000 == 9999)
                    exec(db, "COMMIT; BEGIN");
            });
        exec(db, "COMMIT");
        const double inserted = double(t.nsecsElapsed()) / 1e9;
        exec(db, TraceSchema::QueryIndexes);
        const double seconds = double(t.nsecsElapsed()) / 1e9;
        *indexing = seconds - inserted;
        for (sqlite3_stmt* st : { insStep, insMessage, insPage })
            sqlite3_finalize(st);
        sqlite3_close(db);
        return seconds;
    }

    /** The other way to lay the same bytes out: no row per step, one blob per 256 steps holding
     *  every cell of their rows back to back (uncompressed, with a length each). The blobs are
     *  made before the clock starts: the seconds are SQLite storing them. */
    static double storePacked(const TraceRows& rows, const QString& to)
    {
        std::vector<std::string> blobs(1);
        rows.inRunOrder(
            [&](const Row& row, const std::vector<Row>*) {
                for (const Cell& c : row) {
                    const uint32_t n = uint32_t(c.type == SQLITE_INTEGER ? 8 : c.bytes.size());
                    blobs.back().append(reinterpret_cast<const char*>(&n), 4);
                    if (c.type == SQLITE_INTEGER)
                        blobs.back().append(reinterpret_cast<const char*>(&c.integer), 8);
                    else
                        blobs.back() += c.bytes;
                }
            },
            [&](size_t i) {
                if (i % 256 == 255)
                    blobs.emplace_back();
            });
        sqlite3* db = createTrace(to);
        exec(db, "CREATE TABLE packed(first_step INTEGER PRIMARY KEY, data BLOB NOT NULL)");
        sqlite3_stmt* insPacked = prepareInsert(db, "packed", 2);
        QElapsedTimer t;
        t.start();
        exec(db, "BEGIN");
        for (size_t b = 0; b < blobs.size(); ++b) {
            sqlite3_bind_int64(insPacked, 1, int64_t(b * 256));
            sqlite3_bind_blob(insPacked, 2, blobs[b].data(), int(blobs[b].size()), SQLITE_STATIC);
            if (sqlite3_step(insPacked) != SQLITE_DONE)
                qFatal("insert: %s", sqlite3_errmsg(db));
            sqlite3_reset(insPacked);
            if (b % 40 == 39) // ~10,000 steps a transaction, as above
                exec(db, "COMMIT; BEGIN");
        }
        exec(db, "COMMIT");
        const double seconds = double(t.nsecsElapsed()) / 1e9;
        sqlite3_finalize(insPacked);
        sqlite3_close(db);
        return seconds;
    }

    static double median(std::vector<double> v)
    {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0 : v[v.size() / 2];
    }

private slots:
    void recordingOverheadAndSize()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pingpong.sqlite"));
        const uint64_t steps = 100000;
        // For profilers: GEARSCOPE_BENCH_TRACE_ONLY=off, world or on runs that one alone, 5 times.
        const QByteArray only = qgetenv("GEARSCOPE_BENCH_TRACE_ONLY");
        if (!only.isEmpty()) {
            for (int i = 0; i < 5; ++i) {
                Run r = only == "world" ? pingPong(steps, 1000, {}, true)
                                        : pingPong(steps, 1000, only == "on" ? path : QString());
                std::printf("BENCH trace %s: %.0f steps/s\n", only.constData(), double(r.steps) / r.seconds);
            }
            return;
        }
        Run off = pingPong(steps, 1000, {});
        Run world = pingPong(steps, 1000, {}, true);
        Run on = pingPong(steps, 1000, path);
        std::printf("BENCH trace world ops only (no writer): %.0f steps/s, x%.2f wall, x%.2f CPU\n",
            double(world.steps) / world.seconds, world.seconds / off.seconds, world.cpu / off.cpu);
        QCOMPARE(on.steps, off.steps);
        auto reader = TraceReader::open(path.toStdString());
        QVERIFY2(reader.ok(), reader.error().c_str());
        QCOMPARE(reader.value()->stepCount(), on.steps);
        const double bytes = double(QFileInfo(path).size());
        std::printf("BENCH trace recording: off %.0f steps/s, on %.0f steps/s, overhead x%.2f (target <= 1.3); "
                    "CPU x%.2f; finishing the file %.0f%% of the recorded time\n",
            double(off.steps) / off.seconds, double(on.steps) / on.seconds, on.seconds / off.seconds, on.cpu / off.cpu,
            100.0 * (on.seconds - on.running) / on.seconds);
        std::printf("BENCH trace size: %.0f bytes for %llu steps = %.1f bytes/step\n", bytes,
            static_cast<unsigned long long>(on.steps), bytes / double(on.steps));

        // What the schema alone costs: the same rows stored again by SQLite with nothing else
        // to do, in units of the unrecorded run. The 1.3 target leaves 0.3 of it for everything.
        const TraceRows recorded = TraceRows::read(path);
        double indexing = 0;
        const double rows = storeRows(recorded, dir.filePath(QStringLiteral("rows.sqlite")), &indexing);
        std::printf(
            "BENCH trace rows alone: SQLite storing this trace's step, message and page rows takes %.2f us/step "
            "(inserts %.2f, finishing indexes %.2f) against %.2f us/step for the unrecorded run: x%.2f of its "
            "time, where the 1.3 target leaves x0.3 for the whole recording\n",
            1e6 * rows / double(on.steps), 1e6 * (rows - indexing) / double(on.steps),
            1e6 * indexing / double(on.steps), 1e6 * off.seconds / double(off.steps), rows / off.seconds);
        const double packedRows = storePacked(recorded, dir.filePath(QStringLiteral("packed.sqlite")));
        std::printf("BENCH trace packed alone: the same bytes as one blob per 256 steps take %.2f us/step: x%.2f of "
                    "the unrecorded run's time\n",
            1e6 * packedRows / double(on.steps), packedRows / off.seconds);
    }

    void seek()
    {
        bool ok = false;
        int n = qEnvironmentVariableIntValue("GEARSCOPE_BENCH_TRACE_STEPS", &ok);
        const uint64_t target = ok && n > 0 ? uint64_t(n) : 1000000;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.sqlite"));
        Run made = pingPong(target, 1000, path);
        auto opened = TraceReader::open(path.toStdString());
        QVERIFY2(opened.ok(), opened.error().c_str());
        const TraceReader& reader = *opened.value();
        const uint64_t total = reader.stepCount();
        QVERIFY(total >= target);
        auto last = reader.worldAt(total);
        QVERIFY2(last.ok(), last.error().c_str());
        QVERIFY(!last->programs.empty());
        const ActorId ping = last->programs.back().id;
        const uint32_t pages = last->programs.back().memoryPages;

        // Baseline in the same run: reading one checkpoint row back (the floor of any seek).
        std::mt19937_64 rng(7);
        std::vector<double> seekMs, backMs, baseMs;
        for (int i = 0; i < 41; ++i) {
            const uint64_t pos = 1 + rng() % (total - 1);
            QElapsedTimer t;
            t.start();
            auto w = reader.worldAt(pos);
            auto mem = reader.memoryAt(ping, pos, pages);
            seekMs.push_back(double(t.nsecsElapsed()) / 1e6);
            QVERIFY2(w.ok() && mem.ok(), (w.ok() ? mem.error() : w.error()).c_str());
            t.restart();
            auto back = reader.worldAt(pos - 1);
            auto backMem = reader.memoryAt(ping, pos - 1, pages);
            backMs.push_back(double(t.nsecsElapsed()) / 1e6);
            QVERIFY(back.ok() && backMem.ok());
            const uint64_t cp = pos - pos % TraceWriter::CheckpointInterval;
            t.restart();
            auto base = reader.worldAt(cp);
            baseMs.push_back(double(t.nsecsElapsed()) / 1e6);
            QVERIFY(base.ok());
        }
        std::printf("BENCH trace long: %llu steps recorded in %.1f s, file %.1f MiB (%.1f bytes/step)\n",
            static_cast<unsigned long long>(total), made.seconds, double(QFileInfo(path).size()) / 1048576.0,
            double(QFileInfo(path).size()) / double(total));
        std::printf("BENCH trace seek: median %.2f ms (world + memory at a random step; target <= 50 ms), "
                    "checkpoint-only baseline %.2f ms, ratio x%.1f\n",
            median(seekMs), median(baseMs), median(seekMs) / std::max(median(baseMs), 1e-3));
        std::printf("BENCH trace step back: median %.2f ms (target <= 5 ms)\n", median(backMs));

        // The bulk read (timeline index) against one step(i) per step over the same range.
        const uint64_t span = std::min<uint64_t>(total, 20000);
        QElapsedTimer t;
        t.start();
        uint64_t scanned = 0, gas = 0;
        auto all = reader.forEachStep(0, span, [&](const StepRecord& s) {
            ++scanned;
            gas += s.gasBurned;
            return true;
        });
        const double scanS = double(t.nsecsElapsed()) / 1e9;
        QVERIFY2(all.ok(), all.error().c_str());
        QCOMPARE(scanned, span);
        t.restart();
        uint64_t gasOneByOne = 0;
        for (uint64_t i = 0; i < span; ++i) {
            auto s = reader.step(i);
            QVERIFY2(s.ok(), s.error().c_str());
            gasOneByOne += s->gasBurned;
        }
        const double oneByOneS = double(t.nsecsElapsed()) / 1e9;
        QCOMPARE(gas, gasOneByOne);
        std::printf("BENCH trace forEachStep: %.0f steps/s (step(i) in a loop: %.0f steps/s, x%.1f faster); "
                    "a whole %llu-step trace in %.1f s\n",
            double(span) / scanS, double(span) / oneByOneS, oneByOneS / scanS, static_cast<unsigned long long>(total),
            double(total) * scanS / double(span));
    }
};

QTEST_GUILESS_MAIN(tst_BenchTrace)
#include "tst_bench_trace.moc"
