// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Issue 4 in process: record every sample scenario, then check that replay shows the live world
// and memory at every position without running Wasm, that verify and diff find what changed,
// and that damaged files give errors (never crashes) and are left exactly as they were.
#include "fixtures.h"
#include "ids/ids.h"
#include "scenario/scenario.h"
#include "scenariotraces.h"
#include "trace/chrometrace.h"
#include "trace/pagecodec.h"
#include "trace/recorder.h"
#include "trace/tracecheck.h"
#include "trace/tracereader.h"
#include "trace/tracewriter.h"
#include "trace/worldstate.h"
#include "trace/zlibcompressor.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sqlite3.h>

#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

const QString PingPong = QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong/pingpong.json");

/// What a run showed while it ran. Positions as in traceschema.h: pos k is after k steps and
/// after every input made before step k ran.
struct Live
{
    std::vector<StepRecord> steps;
    std::map<uint64_t, WorldState> world; ///< the latest capture at each position (inputs included)
    std::map<uint64_t, WorldState> afterStep; ///< captured right after step k-1 (k = 0: after set-up)
    std::map<uint64_t, std::map<ActorId, Hash>> memory; ///< every program's memory hash, like `world`
};

void snapshot(const Runtime& rt, uint64_t pos, Live& live, bool afterStep)
{
    WorldState w = WorldState::capture(rt);
    auto& mem = live.memory[pos];
    mem.clear();
    for (const auto& p : w.programs)
        mem[p.id] = Ids::blake2b256(rt.memory(p.id));
    if (afterStep)
        live.afterStep[pos] = w;
    live.world[pos] = std::move(w);
}

using StepHook = std::function<void(const Runtime&, const StepRecord&)>;

/// Records `sc` the way `gearscope run --record` does; `onStep` sees every step after the
/// recorder got it.
Result<Ok> record(const Scenario& sc, const QString& path, const StepHook& onStep = {}, Live* live = nullptr)
{
    ScenarioRunner runner(sc);
    Runtime& rt = runner.runtime();
    TraceWriter::Meta meta;
    meta.createdBy = "tst_trace";
    auto attached = Recorder::attach(rt, path.toStdString(), meta);
    if (!attached)
        return Result<Ok>::failure(attached.error());
    std::unique_ptr<Recorder> recorder = std::move(attached).value();
    auto up = runner.setUp();
    if (!up)
        return up;
    if (live)
        snapshot(rt, 0, *live, true);
    auto ran = runner.run([&](const StepRecord& r) {
        recorder->step(r);
        if (live) {
            live->steps.push_back(r);
            snapshot(rt, r.index + 1, *live, true);
        }
        if (onStep)
            onStep(rt, r);
    });
    if (!ran)
        return ran;
    return recorder->finish();
}

/** The same run again, unrecorded, watched at every input too. The recorder owns the runtime's
 *  one input observer, so this twin is how a test sees the world right after an input; the
 *  runtime is deterministic, and replayMatchesLiveRun checks the twin took the same steps. */
Result<Live> observe(const Scenario& sc)
{
    ScenarioRunner runner(sc);
    Runtime& rt = runner.runtime();
    Live live;
    rt.setInputObserver([&](const InputRecord& in) { snapshot(rt, in.beforeStep, live, false); });
    auto up = runner.setUp();
    if (!up)
        return Result<Live>::failure(up.error());
    snapshot(rt, 0, live, true);
    auto ran = runner.run([&](const StepRecord& r) {
        live.steps.push_back(r);
        snapshot(rt, r.index + 1, live, true);
    });
    if (!ran)
        return Result<Live>::failure(ran.error());
    return live;
}

Scenario pingPong(uint32_t rounds = 3)
{
    auto sc = Scenario::load(PingPong.toStdString());
    Scenario s = sc.value();
    s.sends.at(0).payload = ScenarioPayload::literal(u32le(rounds));
    s.expectations.clear();
    return s;
}

/// What compareSteps leaves out (it checks what a re-run must reproduce), which the trace must
/// still give back as the observer saw it. "" or the first difference.
std::string detailDifference(const StepRecord& a, const StepRecord& b)
{
    // The first field in which two messages differ, or nullptr.
    auto messageField = [](const Message& x, const Message& y) -> const char* {
        if (x.id != y.id)
            return "id";
        if (x.source != y.source)
            return "source";
        if (x.destination != y.destination)
            return "destination";
        if (x.payload != y.payload)
            return "payload";
        if (x.value != y.value)
            return "value";
        if (x.gasLimit != y.gasLimit)
            return "gas limit";
        if (x.replyTo != y.replyTo || (x.replyTo && x.replyCode != y.replyCode))
            return "reply";
        if (x.signalFrom.has_value() != y.signalFrom.has_value() || x.signalCode != y.signalCode)
            return "signal";
        return nullptr;
    };
    if (a.trapMessage != b.trapMessage)
        return "trap message \"" + a.trapMessage + "\" vs \"" + b.trapMessage + "\"";
    if (a.panicPayload != b.panicPayload)
        return "panic payload";
    if (a.syscalls.size() != b.syscalls.size())
        return "syscall count " + std::to_string(a.syscalls.size()) + " vs " + std::to_string(b.syscalls.size());
    for (size_t i = 0; i < a.syscalls.size(); ++i) {
        const auto &x = a.syscalls[i], &y = b.syscalls[i];
        if (std::strcmp(x.name, y.name) != 0 || x.args != y.args || x.error != y.error)
            return "syscall " + std::to_string(i) + " (" + x.name + " vs " + y.name + ")";
    }
    if (a.kind == StepKind::Dispatch)
        if (const char* f = messageField(a.message, b.message))
            return std::string("dispatched message ") + a.message.id.shortHex() + ": " + f;
    for (size_t i = 0; i < a.generated.size() && i < b.generated.size(); ++i)
        if (const char* f = messageField(a.generated[i], b.generated[i]))
            return "generated message " + std::to_string(i) + " (" + a.generated[i].id.shortHex() + "): " + f;
    if (serializeOps(a.worldOps) != serializeOps(b.worldOps))
        return "world ops (" + std::to_string(a.worldOps.size()) + " vs " + std::to_string(b.worldOps.size()) + ")";
    return {};
}

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Runs SQL on a file through the SQLite C API, the way someone tampering with a trace would.
QString execSql(const QString& path, const QString& sql)
{
    sqlite3* db = nullptr;
    QString err;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK) {
        err = QString::fromUtf8(sqlite3_errmsg(db));
    } else {
        char* e = nullptr;
        if (sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, &e) != SQLITE_OK)
            err = QString::fromUtf8(e ? e : "error");
        sqlite3_free(e);
    }
    sqlite3_close(db);
    return err;
}

/// Flips every bit of one byte of a blob column (a change SQLite cannot notice: no checksums).
/// Flips every bit of one byte of a blob column (a change SQLite cannot notice: no checksums).
/// `where` must pick exactly one row.
QString flipBlobByte(const QString& path, const QString& table, const QString& column, const QString& where, int offset)
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return QStringLiteral("cannot open");
    }
    QString err;
    sqlite3_stmt* sel = nullptr;
    const QString q = QStringLiteral("SELECT %1 FROM %2 WHERE %3").arg(column, table, where);
    Bytes blob;
    if (sqlite3_prepare_v2(db, q.toUtf8().constData(), -1, &sel, nullptr) == SQLITE_OK
        && sqlite3_step(sel) == SQLITE_ROW) {
        const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(sel, 0));
        blob.assign(p, p + sqlite3_column_bytes(sel, 0));
        if (sqlite3_step(sel) != SQLITE_DONE)
            err = QStringLiteral("more than one row: ") + q;
    } else {
        err = QStringLiteral("no row: ") + q + QStringLiteral(": ") + QString::fromUtf8(sqlite3_errmsg(db));
    }
    sqlite3_finalize(sel);
    if (err.isEmpty() && offset >= int(blob.size()))
        err = QStringLiteral("blob too short");
    if (err.isEmpty()) {
        blob[size_t(offset)] ^= 0xff;
        sqlite3_stmt* upd = nullptr;
        const QString u = QStringLiteral("UPDATE %1 SET %2 = ?1 WHERE %3").arg(table, column, where);
        if (sqlite3_prepare_v2(db, u.toUtf8().constData(), -1, &upd, nullptr) != SQLITE_OK) {
            err = QString::fromUtf8(sqlite3_errmsg(db));
        } else {
            sqlite3_bind_blob(upd, 1, blob.data(), int(blob.size()), SQLITE_TRANSIENT);
            if (sqlite3_step(upd) != SQLITE_DONE || sqlite3_changes(db) != 1)
                err = QStringLiteral("update failed: ") + QString::fromUtf8(sqlite3_errmsg(db));
        }
        sqlite3_finalize(upd);
    }
    sqlite3_close(db);
    return err;
}

/// Opens a trace and reads what a viewer would: the first error, or "" when all of it read.
/// Whatever the file holds, this must return rather than crash.
std::string openAndReadAll(const QString& path)
{
    auto opened = TraceReader::open(path.toStdString());
    if (!opened)
        return opened.error();
    const TraceReader& t = *opened.value();
    std::string first;
    auto note = [&](const std::string& e) {
        if (first.empty())
            first = e.empty() ? std::string("(an error without words)") : e;
    };
    (void)t.meta();
    (void)t.config();
    if (auto in = t.inputs(); !in)
        note(in.error());
    if (auto c = t.codes(); !c)
        note(c.error());
    // A damaged file may claim any number of steps; a sample of positions is enough.
    const uint64_t n = t.stepCount();
    std::vector<uint64_t> positions;
    for (uint64_t k = 0; k <= std::min<uint64_t>(n, 40); ++k)
        positions.push_back(k);
    positions.push_back(n / 2);
    positions.push_back(n);
    if (auto all = t.forEachStep(0, std::min<uint64_t>(n, 40), [](const StepRecord&) { return true; }); !all)
        note(all.error());
    for (uint64_t k : positions) {
        if (k < n)
            if (auto s = t.step(k); !s)
                note(s.error());
        auto w = t.worldAt(k);
        if (!w) {
            note(w.error());
            continue;
        }
        for (const auto& p : w->programs)
            if (auto m = t.memoryAt(p.id, k, std::min<uint32_t>(p.memoryPages, 64)); !m)
                note(m.error());
    }
    if (auto q = t.query("SELECT count(*) FROM steps"); !q)
        note(q.error());
    return first;
}

} // namespace

class tst_Trace : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_pingPong; ///< a finished recording of samples/pingpong, made once

    QString path(const QString& name) const { return m_dir.filePath(name); }

    QString copyOf(const QString& name)
    {
        const QString p = path(name);
        QFile::remove(p);
        return QFile::copy(m_pingPong, p) ? p : QString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pingPong = path(QStringLiteral("pingpong.sqlite"));
        auto r = record(pingPong(), m_pingPong);
        QVERIFY2(r.ok(), r.error().c_str());
    }

    // ------------------------------------------------------------------ page versions
    /** A diff told which 1 KiB chunks can differ gives the same bytes as one that compares them
     *  all, as long as every changed chunk is named; the oracle is the plain 16 KiB comparison. */
    void maskedPageDiffEqualsFullDiff_data()
    {
        QTest::addColumn<QList<int>>("changed"); // byte offsets that change
        QTest::addColumn<int>("mask");
        QTest::newRow("one byte, its chunk") << QList<int> { 5000 } << (1 << 4);
        QTest::newRow("one byte, every chunk named") << QList<int> { 5000 } << 0xFFFF;
        QTest::newRow("a word across a chunk edge") << QList<int> { 1022, 1023, 1024, 1025 } << 0b11;
        QTest::newRow("edge bytes 3 apart across chunks") << QList<int> { 2045, 2050 } << 0b110;
        QTest::newRow("first and last byte") << QList<int> { 0, 16383 } << (1 | (1 << 15));
        QList<int> allButNine;
        for (int c = 0; c < 16; ++c)
            if (c != 9)
                allButNine << c * 1024 + c * 61;
        QTest::newRow("every chunk but one") << allButNine << (0xFFFF & ~(1 << 9));
        QTest::newRow("nothing changed, nothing named") << QList<int> {} << 0;
        QTest::newRow("named chunks that did not change") << QList<int> { 7000 } << (0xA003 | (1 << 6));
    }

    void maskedPageDiffEqualsFullDiff()
    {
        QFETCH(QList<int>, changed);
        QFETCH(int, mask);
        Bytes before(PageCodec::PageSize);
        for (size_t i = 0; i < before.size(); ++i)
            before[i] = uint8_t(i * 7 + 3);
        Bytes now = before;
        for (int at : changed)
            now[size_t(at)] ^= 0x5A;
        const Bytes full = PageCodec::diff(before, now);
        const Bytes masked = PageCodec::diff(before, now, uint16_t(mask));
        QCOMPARE(masked, full);
        // The same from only the named chunks' bytes, as a PageWrite carries them.
        auto fromChunks
            = PageCodec::diffChunks(before, PageWrite::chunksOf(now.data(), uint16_t(mask)), uint16_t(mask));
        QVERIFY2(fromChunks.ok(), fromChunks.error().c_str());
        QCOMPARE(fromChunks.value(), full);
        PageWrite w { {}, 0, PageWrite::chunksOf(now.data(), uint16_t(mask)), uint16_t(mask) };
        Bytes applied = before;
        QVERIFY(w.applyTo(applied.data()));
        QVERIFY(applied == now);
        Bytes rebuilt = before;
        QVERIFY(PageCodec::applyDiff(rebuilt, masked).ok());
        QVERIFY(rebuilt == now);
    }

    /// The mask is a promise the writer trusts: a changed chunk left out is lost. (Which is why
    /// runtimeNamesEveryChangedChunk and multiChunkWritesReplay check the runtime's masks.)
    void maskedPageDiffTrustsTheMask()
    {
        Bytes before(PageCodec::PageSize, 0), now(PageCodec::PageSize, 0);
        now[100] = 1; // chunk 0
        now[3000] = 2; // chunk 2, not named below
        Bytes rebuilt = before;
        QVERIFY(PageCodec::applyDiff(rebuilt, PageCodec::diff(before, now, 0b1)).ok());
        QCOMPARE(int(rebuilt[100]), 1);
        QCOMPARE(int(rebuilt[3000]), 0);
    }

    /// A page write whose bytes do not fit its mask is refused, not half applied.
    void chunkBytesMustFitTheMask()
    {
        const Bytes before(PageCodec::PageSize, 0);
        const Bytes twoChunks(2 * PageCodec::MaskChunk, 7);
        QVERIFY(PageCodec::diffChunks(before, twoChunks, 0b111).error().find("2048 bytes for 3 chunks")
            != std::string::npos);
        QVERIFY(!PageCodec::diffChunks(Bytes(100, 0), twoChunks, 0b11).ok());
        QVERIFY(PageCodec::diffChunks(before, twoChunks, 0b11).ok());
        PageWrite w { {}, 0, twoChunks, 0b1 };
        Bytes page = before;
        QVERIFY(!w.applyTo(page.data()));
        QVERIFY(page == before);
    }

    /// The writer refuses such a page write too: the recording stops with a message naming the
    /// page, and what was committed before stays readable.
    void writerRefusesAPageWriteThatDoesNotFitItsMask()
    {
        const QString file = path(QStringLiteral("badpage.sqlite"));
        auto w = TraceWriter::create(file.toStdString(), {}, WorldState {});
        QVERIFY2(w.ok(), w.error().c_str());
        TraceWriter& writer = *w.value();
        StepRecord good;
        QVERIFY(writer.addStep(good));
        QVERIFY(writer.sync());
        StepRecord bad;
        bad.index = 1;
        bad.pageWrites.push_back({ ActorId {}, 3, Bytes(100, 7), 0b1 });
        writer.addStep(bad);
        QVERIFY(!writer.sync());
        const std::string e = writer.error();
        QVERIFY2(e.find("page 3 of program") != std::string::npos
                && e.find("100 bytes for chunk mask 1") != std::string::npos,
            e.c_str());
        QVERIFY(!writer.finish().ok());
        auto reader = TraceReader::open(file.toStdString());
        QVERIFY2(reader.ok(), reader.error().c_str());
        QCOMPARE(reader.value()->stepCount(), uint64_t(1));
    }

    /** The writer's zlib stream, reused for every checkpoint and keyframe, writes what Qt's
     *  qUncompress (the reader) reads back, call after call: each output stands alone. */
    void reusedZlibStreamIsQtsFormat()
    {
        ZlibCompressor zlib;
        QRandomGenerator rng(5);
        std::vector<Bytes> inputs = { Bytes {}, bytesOf("world"), Bytes(16384, 0), Bytes(1 << 20, 7) };
        Bytes noise(70000);
        for (auto& b : noise)
            b = uint8_t(rng.bounded(256));
        inputs.push_back(noise);
        inputs.push_back(bytesOf("world")); // after a large one: nothing of it may leak in
        Bytes out;
        for (int round = 0; round < 2; ++round) {
            for (const Bytes& in : inputs) {
                zlib.compress(in.data(), in.size(), out);
                QVERIFY(!out.empty());
                const QByteArray back = qUncompress(out.data(), qsizetype(out.size()));
                QCOMPARE(size_t(back.size()), in.size());
                QVERIFY(std::equal(in.begin(), in.end(), reinterpret_cast<const uint8_t*>(back.constData())));
                if (in.size() == PageCodec::PageSize) {
                    auto page = PageCodec::decompress(out, PageCodec::PageSize);
                    QVERIFY2(page.ok(), page.error().c_str());
                    QVERIFY(page.value() == in);
                }
            }
        }
    }

    /** Every step of a program that stores into several 1 KiB chunks of a page at once (and across
     *  chunk and page edges): each PageWrite's mask names every chunk whose bytes differ from the
     *  page before the step (oracle: the live memory), and the runtime does narrow it down; then
     *  the recorded trace, whose diffs were made with those masks, gives the live memory back at
     *  every position, across several keyframe intervals. */
    void multiChunkWritesReplay()
    {
        // handle: payload = [address u32][value u32]…; every pair is stored as an i32.
        const QByteArray wat = QByteArrayLiteral(R"((module
          (import "env" "memory" (memory 2))
          (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
          (import "env" "gr_size" (func $size (param i32)))
          (export "handle" (func $handle))
          (func $handle (local $at i32) (local $end i32)
            (call $size (i32.const 0))
            (call $read (i32.const 0) (i32.load (i32.const 0)) (i32.const 16) (i32.const 4))
            (local.set $at (i32.const 16))
            (local.set $end (i32.add (i32.const 16) (i32.load (i32.const 0))))
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
              (i32.store (i32.load (local.get $at)) (i32.load (i32.add (local.get $at) (i32.const 4))))
              (local.set $at (i32.add (local.get $at) (i32.const 8)))
              (br $next)))))
        )");
        const QString file = path(QStringLiteral("chunks.sqlite"));
        RuntimeConfig cfg;
        Runtime rt(cfg);
        auto attached = Recorder::attach(rt, file.toStdString(), {});
        QVERIFY2(attached.ok(), attached.error().c_str());
        std::unique_ptr<Recorder> recorder = std::move(attached).value();
        const ActorId alice = *rt.userByName("alice");
        auto code = rt.submitCode(Bytes(wat.begin(), wat.end()), "chunks.wat");
        QVERIFY2(code.ok(), code.error().c_str());
        auto up = rt.uploadProgram(alice, code.value(), {}, {});
        QVERIFY2(up.ok(), up.error().c_str());
        const ActorId program = up->program;

        std::map<uint64_t, Bytes> memoryAt; // pos -> the program's memory
        Bytes previous = rt.memory(program);
        int narrowed = 0, multiChunk = 0;
        std::string maskError;
        rt.setObserver([&](const StepRecord& r) {
            recorder->step(r);
            const Bytes now = rt.memory(program);
            for (const PageWrite& w : r.pageWrites) {
                if (w.program != program)
                    continue;
                const size_t base = size_t(w.page) * PageCodec::PageSize;
                const std::string where = "step " + std::to_string(r.index) + ", page " + std::to_string(w.page);
                if (w.data.size() != size_t(__builtin_popcount(w.chunkMask)) * PageCodec::MaskChunk
                    && maskError.empty())
                    maskError = where + ": " + std::to_string(w.data.size()) + " bytes for the chunks named";
                size_t named = 0; // the named chunks' bytes, in order, are the live memory's
                for (size_t c = 0; c < 16; ++c) {
                    const size_t at = base + c * PageCodec::MaskChunk;
                    const bool differs = at + PageCodec::MaskChunk > previous.size()
                        || std::memcmp(previous.data() + at, now.data() + at, PageCodec::MaskChunk) != 0;
                    if (differs && !((w.chunkMask >> c) & 1u) && maskError.empty())
                        maskError = where + ": chunk " + std::to_string(c) + " changed but its mask bit is clear";
                    if (!((w.chunkMask >> c) & 1u))
                        continue;
                    if ((named + 1) * PageCodec::MaskChunk <= w.data.size()
                        && std::memcmp(
                               w.data.data() + named * PageCodec::MaskChunk, now.data() + at, PageCodec::MaskChunk)
                            != 0
                        && maskError.empty())
                        maskError = where + ": the bytes of chunk " + std::to_string(c) + " are not the memory's";
                    ++named;
                }
                narrowed += w.chunkMask != 0xFFFF;
                multiChunk += w.chunkMask != 0xFFFF && __builtin_popcount(w.chunkMask) > 1;
            }
            previous = now;
            memoryAt[r.index + 1] = now;
        });
        memoryAt[0] = previous;
        std::mt19937 rng(11);
        constexpr uint32_t Page2 = 2 * 16384; // gear pages 2 and 3 take the stores
        for (int round = 0; round < 80; ++round) {
            Bytes payload;
            auto store = [&](uint32_t address, uint32_t value) {
                Bytes a = u32le(address), v = u32le(value);
                payload.insert(payload.end(), a.begin(), a.end());
                payload.insert(payload.end(), v.begin(), v.end());
            };
            const int stores = 1 + int(rng() % 5);
            for (int k = 0; k < stores; ++k)
                store(Page2 + uint32_t(rng() % 16) * 1024 + uint32_t(rng() % 1021), rng());
            if (round % 7 == 0)
                store(Page2 + 5 * 1024 - 2, rng()); // across a chunk edge
            if (round % 11 == 0)
                store(Page2 + 16384 - 2, rng()); // across the edge of gear pages 2 and 3
            auto sent = rt.sendMessage(alice, program, payload);
            QVERIFY2(sent.ok(), sent.error().c_str());
            rt.runUntilIdle(10);
        }
        auto finished = recorder->finish();
        QVERIFY2(finished.ok(), finished.error().c_str());
        QVERIFY2(maskError.empty(), maskError.c_str());
        QVERIFY2(narrowed > 40, qPrintable(QStringLiteral("only %1 page writes had a narrowed mask").arg(narrowed)));
        QVERIFY2(multiChunk > 20, qPrintable(QStringLiteral("only %1 masks named several chunks").arg(multiChunk)));

        auto opened = TraceReader::open(file.toStdString());
        QVERIFY2(opened.ok(), opened.error().c_str());
        const TraceReader& trace = *opened.value();
        QCOMPARE(trace.stepCount() + 1, uint64_t(memoryAt.size()));
        auto versions
            = trace.query("SELECT max(n) FROM (SELECT count(*) AS n FROM pages WHERE page = 2 GROUP BY program)");
        QVERIFY2(versions.ok(), versions.error().c_str());
        QVERIFY2(std::stoi(versions->rows.at(0).at(0)) > 2 * PageCodec::KeyframeInterval, "too few page versions");
        for (const auto& [pos, live] : memoryAt) {
            auto mem = trace.memoryAt(program, pos, uint32_t(live.size() / 65536)); // in Wasm pages
            QVERIFY2(mem.ok(), mem.error().c_str());
            QVERIFY2(mem.value() == live, qPrintable(QStringLiteral("memory at %1 differs").arg(pos)));
        }
    }

    /** The writer takes queued records in batches and hands each spent batch back, and the
     *  runtime's thread copies the next records over those (reusing their storage): many batches
     *  of differently shaped steps (handles and replies, games of different lengths, inputs
     *  between them) must read back exactly as the runtime reported them, world included. */
    void reusedQueueSlotsKeepEveryStep()
    {
        const QString file = path(QStringLiteral("reuse.sqlite"));
        RuntimeConfig cfg;
        cfg.recordSyscalls = true;
        Runtime rt(cfg);
        auto attached = Recorder::attach(rt, file.toStdString(), {});
        QVERIFY2(attached.ok(), attached.error().c_str());
        std::unique_ptr<Recorder> recorder = std::move(attached).value();
        std::vector<StepRecord> seen;
        std::map<uint64_t, WorldState> afterStep;
        rt.setObserver([&](const StepRecord& r) {
            recorder->step(r);
            seen.push_back(r);
            afterStep[r.index + 1] = WorldState::capture(rt);
        });
        const ActorId alice = *rt.userByName("alice");
        auto pongCode = rt.submitCode(fixture("pong.wat"), "pong.wat");
        auto pingCode = rt.submitCode(fixture("ping.wat"), "ping.wat");
        QVERIFY(pongCode.ok() && pingCode.ok());
        auto pong = rt.uploadProgram(alice, pongCode.value(), {}, {});
        QVERIFY(pong.ok());
        auto ping = rt.uploadProgram(alice, pingCode.value(), {}, idBytes(pong->program));
        QVERIFY(ping.ok());
        std::set<uint64_t> inputsBefore; // positions an input changed after the step before them
        int syncs = 0;
        for (int game = 0; game < 60; ++game) {
            inputsBefore.insert(seen.size());
            auto sent = rt.sendMessage(alice, ping->program, u32le(uint32_t(1 + game % 7 * 5)));
            QVERIFY2(sent.ok(), sent.error().c_str());
            rt.runUntilIdle(100000);
            if (game % 4 == 0) {
                QVERIFY(recorder->sync()); // all committed: the next steps come in new batches
                ++syncs;
            }
        }
        auto finished = recorder->finish();
        QVERIFY2(finished.ok(), finished.error().c_str());
        QVERIFY(seen.size() > 1000);

        auto opened = TraceReader::open(file.toStdString());
        QVERIFY2(opened.ok(), opened.error().c_str());
        const TraceReader& trace = *opened.value();
        QCOMPARE(trace.stepCount(), uint64_t(seen.size()));
        for (uint64_t k = 0; k < seen.size(); ++k) {
            auto s = trace.step(k);
            QVERIFY2(s.ok(), s.error().c_str());
            std::string d = TraceCheck::compareSteps(s.value(), seen[k]);
            if (d.empty())
                d = detailDifference(s.value(), seen[k]);
            QVERIFY2(d.empty(), ("step " + std::to_string(k) + ": " + d).c_str());
            const uint64_t pos = k + 1;
            if (inputsBefore.count(pos))
                continue;
            auto w = trace.worldAt(pos);
            QVERIFY2(w.ok(), w.error().c_str());
            const std::string wd = w->difference(afterStep.at(pos));
            QVERIFY2(wd.empty(), ("world at " + std::to_string(pos) + ": " + wd).c_str());
        }
        QVERIFY(syncs >= 10);
    }

    // ------------------------------------------------------------------ replay
    void replayMatchesLiveRun_data()
    {
        QTest::addColumn<QString>("scenario");
        QVERIFY(addSampleScenarioRows() >= 1);
    }

    void replayMatchesLiveRun()
    {
        QFETCH(QString, scenario);
        auto sc = Scenario::load(scenario.toStdString());
        QVERIFY2(sc.ok(), sc.error().c_str());
        const QString file = path(QStringLiteral("replay.sqlite"));
        Live recorded;
        auto rec = record(sc.value(), file, {}, &recorded);
        QVERIFY2(rec.ok(), rec.error().c_str());
        auto twin = observe(sc.value());
        QVERIFY2(twin.ok(), twin.error().c_str());
        const Live& live = twin.value();

        // The twin is the same run (and recording did not change the run).
        QCOMPARE(live.steps.size(), recorded.steps.size());
        for (size_t k = 0; k < live.steps.size(); ++k)
            QCOMPARE(QString::fromStdString(TraceCheck::compareSteps(recorded.steps[k], live.steps[k])), QString());
        for (const auto& [pos, w] : recorded.afterStep)
            QCOMPARE(QString::fromStdString(w.difference(live.afterStep.at(pos))), QString());

        auto opened = TraceReader::open(file.toStdString());
        QVERIFY2(opened.ok(), opened.error().c_str());
        const TraceReader& trace = *opened.value();
        const uint64_t n = trace.stepCount();
        QCOMPARE(n, uint64_t(recorded.steps.size()));
        QCOMPARE(trace.meta()["complete"], std::string("1"));
        QCOMPARE(trace.meta()["steps"], std::to_string(n));

        // Every recorded step as the observer saw it.
        for (uint64_t k = 0; k < n; ++k) {
            auto s = trace.step(k);
            QVERIFY2(s.ok(), s.error().c_str());
            const std::string d = TraceCheck::compareSteps(s.value(), recorded.steps[k]);
            QVERIFY2(d.empty(), d.c_str());
            const std::string more = detailDifference(s.value(), recorded.steps[k]);
            QVERIFY2(more.empty(), ("step " + std::to_string(k) + ": " + more).c_str());
        }

        // The bulk read visits the same steps in order, and stops when asked.
        uint64_t visited = 0;
        std::string bulkError;
        auto all = trace.forEachStep(0, n + 5, [&](const StepRecord& s) {
            if (bulkError.empty())
                bulkError = TraceCheck::compareSteps(s, recorded.steps[visited]);
            ++visited;
            return true;
        });
        QVERIFY2(all.ok(), all.error().c_str());
        QVERIFY(all.value());
        QCOMPARE(visited, n);
        QVERIFY2(bulkError.empty(), bulkError.c_str());
        // The sequential scan gives exactly what step(i) gives, whole and from the middle
        // (its own queries, not a loop over step(i)).
        for (uint64_t from : { uint64_t(0), n / 2 }) {
            uint64_t next = from;
            std::string scanError;
            auto scanned = trace.forEachStep(from, n, [&](const StepRecord& s) {
                auto single = trace.step(next);
                if (!single) {
                    scanError = single.error();
                    return false;
                }
                std::string d = s.index == next ? TraceCheck::compareSteps(s, single.value())
                                                : "index " + std::to_string(s.index);
                if (d.empty())
                    d = detailDifference(s, single.value());
                if (d.empty() && (s.message.id != single->message.id || s.generated.size() != single->generated.size()))
                    d = "messages";
                if (!d.empty()) {
                    scanError = "step " + std::to_string(next) + ": " + d;
                    return false;
                }
                ++next;
                return true;
            });
            QVERIFY2(scanned.ok(), scanned.error().c_str());
            QVERIFY2(scanError.empty(), scanError.c_str());
            QCOMPARE(next, n);
        }
        if (n >= 2) {
            uint64_t seen = 0;
            auto stopped = trace.forEachStep(1, n, [&](const StepRecord& s) {
                ++seen;
                return s.index < 1;
            });
            QVERIFY(stopped.ok());
            QVERIFY(!stopped.value());
            QCOMPARE(seen, uint64_t(1));
        }

        // The world and every program's memory at every position, forward, then backward (each
        // seek stands alone: stepping back is as good as stepping forward).
        auto checkAt = [&](uint64_t k) -> std::string {
            auto w = trace.worldAt(k);
            if (!w)
                return w.error();
            const std::string d = w->difference(live.world.at(k));
            if (!d.empty())
                return "world at " + std::to_string(k) + ": " + d;
            for (const auto& p : live.world.at(k).programs) {
                auto mem = trace.memoryAt(p.id, k, p.memoryPages);
                if (!mem)
                    return mem.error();
                if (Ids::blake2b256(mem.value()) != live.memory.at(k).at(p.id))
                    return "memory of " + p.name + " at " + std::to_string(k) + " differs";
            }
            return {};
        };
        for (uint64_t k = 0; k <= n; ++k) {
            const std::string e = checkAt(k);
            QVERIFY2(e.empty(), e.c_str());
        }
        for (uint64_t k = n + 1; k-- > 0;) {
            const std::string e = checkAt(k);
            QVERIFY2(e.empty(), e.c_str());
        }
        QVERIFY(!trace.worldAt(n + 1).ok());

        // Checkpoints: the world before recording began, and the final one.
        auto cps = trace.query("SELECT count(*) FROM checkpoints WHERE pos IN (-1, " + std::to_string(n) + ")");
        QVERIFY2(cps.ok(), cps.error().c_str());
        QCOMPARE(cps->rows.at(0).at(0), std::string("2"));

        // A good trace verifies, and is identical to itself.
        auto v = TraceCheck::verify(file.toStdString());
        QVERIFY2(v.ok(), v.error().c_str());
        QVERIFY2(!v->divergence, v->divergence ? v->divergence->what.c_str() : "");
        QCOMPARE(v->stepsChecked, n);
        auto same = TraceCheck::diff(file.toStdString(), file.toStdString());
        QVERIFY2(same.ok(), same.error().c_str());
        QVERIFY(!same->has_value());
    }

    /// Fork's rebuild re-executes to a position: it must land on the world replay shows there.
    void rebuildLandsOnTheReplayedWorld()
    {
        auto opened = TraceReader::open(m_pingPong.toStdString());
        QVERIFY2(opened.ok(), opened.error().c_str());
        const TraceReader& trace = *opened.value();
        for (uint64_t k = 0; k <= trace.stepCount(); ++k) {
            auto rt = TraceCheck::rebuild(trace, k);
            QVERIFY2(rt.ok(), rt.error().c_str());
            auto w = trace.worldAt(k);
            QVERIFY2(w.ok(), w.error().c_str());
            QCOMPARE(QString::fromStdString(w->difference(WorldState::capture(*rt.value()))), QString());
            for (const auto& p : w->programs) {
                auto mem = trace.memoryAt(p.id, k, p.memoryPages);
                QVERIFY2(mem.ok(), mem.error().c_str());
                QVERIFY(mem.value() == rt.value()->memory(p.id));
            }
        }
        QVERIFY(!TraceCheck::rebuild(trace, trace.stepCount() + 1).ok());
    }

    /** A recording cut off at any moment (a crash) holds every committed record: read the live
     *  file while its writer is idle, and a copy of its main file and WAL as a crash leaves them.
     *  Before the first step only the checkpoint at -1 (the world before recording) and the
     *  inputs exist. */
    void cutOffRecordingReplays()
    {
        Scenario sc = pingPong();
        // How many inputs set-up makes, from an unrecorded twin.
        uint64_t setUpInputs = 0;
        {
            ScenarioRunner twin(sc);
            twin.runtime().setInputObserver([&](const InputRecord&) { ++setUpInputs; });
            QVERIFY(twin.setUp().ok());
        }
        const QString file = path(QStringLiteral("cutoff.sqlite"));
        ScenarioRunner runner(sc);
        Runtime& rt = runner.runtime();
        auto attached = Recorder::attach(rt, file.toStdString(), {});
        QVERIFY2(attached.ok(), attached.error().c_str());
        std::unique_ptr<Recorder> recorder = std::move(attached).value();
        QVERIFY(runner.setUp().ok());
        const ActorId ping = *rt.actorByName("ping");
        QVERIFY(rt.sendMessage(*rt.userByName("alice"), ping, u32le(3)).ok());

        // Waits until the writer committed `inputs` inputs and `steps` steps, then reads both the
        // live file and a crash-like copy of it at position `steps`.
        auto checkCutOff = [&](uint64_t inputs, uint64_t steps, const char* name) -> std::string {
            QElapsedTimer t;
            t.start();
            for (;;) {
                auto r = TraceReader::open(file.toStdString());
                if (r) {
                    auto q = r.value()->query("SELECT count(*) FROM inputs");
                    if (q && q->rows.at(0).at(0) == std::to_string(inputs) && r.value()->stepCount() == steps)
                        break;
                }
                if (t.elapsed() > 10000)
                    return "the writer did not commit in 10 s";
                QThread::msleep(5);
            }
            const QString copy = path(QString::fromUtf8(name));
            for (const char* suffix : { "", "-wal", "-shm" })
                QFile::remove(copy + QString::fromUtf8(suffix));
            if (!QFile::copy(file, copy))
                return "cannot copy";
            if (QFile::exists(file + QStringLiteral("-wal"))
                && !QFile::copy(file + QStringLiteral("-wal"), copy + QStringLiteral("-wal")))
                return "cannot copy the WAL";
            const WorldState now = WorldState::capture(rt);
            for (const QString& f : { file, copy }) {
                const QByteArray before = fileHash(f);
                auto r = TraceReader::open(f.toStdString());
                if (!r)
                    return r.error();
                if (r.value()->stepCount() != steps)
                    return "step count " + std::to_string(r.value()->stepCount());
                if (r.value()->meta()["complete"] != "0")
                    return "an unfinished trace says it is complete";
                auto w = r.value()->worldAt(steps);
                if (!w)
                    return w.error();
                if (std::string d = w->difference(now); !d.empty())
                    return f.toStdString() + " at " + std::to_string(steps) + ": " + d;
                auto mem = r.value()->memoryAt(ping, steps, w->program(ping)->memoryPages);
                if (!mem || mem.value() != rt.memory(ping))
                    return "memory of ping at " + std::to_string(steps);
                if (fileHash(f) != before)
                    return "reading changed " + f.toStdString();
            }
            return {};
        };
        std::string e = checkCutOff(setUpInputs + 1, 0, "cutoff-0.sqlite");
        QVERIFY2(e.empty(), e.c_str());
        for (int i = 0; i < 5; ++i) {
            auto r = rt.step();
            QVERIFY(r.has_value());
            QVERIFY(recorder->step(*r));
        }
        e = checkCutOff(setUpInputs + 1, 5, "cutoff-5.sqlite");
        QVERIFY2(e.empty(), e.c_str());
        QVERIFY(recorder->finish().ok());
        // The cut-off copy still verifies: verify compares the steps it holds.
        auto v = TraceCheck::verify(path(QStringLiteral("cutoff-5.sqlite")).toStdString());
        QVERIFY2(v.ok(), v.error().c_str());
        QVERIFY(!v->divergence);
        QCOMPARE(v->stepsChecked, uint64_t(5));
    }

    /** Thousands of messages (the writer's id table starts with 64 slots, so it grows six
     *  times): still one row per message the run saw, and every dispatch points at the row of
     *  its own message. The oracle is the ids the live run's step records carried. */
    void everyMessageOneRowInLongRun()
    {
        const QString file = path(QStringLiteral("messages.sqlite"));
        std::set<MessageId> seen;
        uint64_t dispatches = 0;
        Scenario sc = pingPong(1500);
        auto rec = record(sc, file, [&](const Runtime&, const StepRecord& r) {
            for (const auto& g : r.generated)
                seen.insert(g.id);
            if (r.kind == StepKind::Dispatch) {
                seen.insert(r.message.id);
                ++dispatches;
            }
        });
        QVERIFY2(rec.ok(), rec.error().c_str());
        QVERIFY2(seen.size() > 2000, qPrintable(QStringLiteral("only %1 messages").arg(seen.size())));
        auto opened = TraceReader::open(file.toStdString());
        QVERIFY2(opened.ok(), opened.error().c_str());
        auto one = [&](const char* sql) {
            auto q = opened.value()->query(sql);
            return q.ok() && q->rows.size() == 1 ? q->rows[0].at(0) : std::string("error");
        };
        QCOMPARE(one("SELECT count(*) FROM messages"), std::to_string(seen.size()));
        QCOMPARE(one("SELECT count(DISTINCT id) FROM messages"), std::to_string(seen.size()));
        QCOMPARE(
            one("SELECT count(*) FROM steps s JOIN messages m ON m.rowid = s.message_row WHERE m.id = s.message_id"),
            std::to_string(dispatches));
        // 16 KiB pages: what the writer asks for (fewer B-tree pages and WAL frames per step).
        QCOMPARE(one("SELECT page_size FROM pragma_page_size"), std::string("16384"));
        for (const auto& id : seen) {
            auto m = opened.value()->message(id);
            QVERIFY2(m.ok(), m.error().c_str());
        }
    }

    /// A few thousand steps: a checkpoint every CheckpointInterval steps, and seeks on either side
    /// of each give the live world.
    void checkpointsInLongRun()
    {
        const QString file = path(QStringLiteral("long.sqlite"));
        std::map<uint64_t, WorldState> worlds;
        std::map<uint64_t, std::map<ActorId, Hash>> memory;
        const uint64_t interval = TraceWriter::CheckpointInterval;
        auto nearCheckpoint = [&](uint64_t pos) {
            const uint64_t m = pos % interval;
            return m <= 1 || m >= interval - 1;
        };
        auto rec = record(pingPong(1500), file, [&](const Runtime& rt, const StepRecord& r) {
            const uint64_t pos = r.index + 1;
            worlds[pos] = WorldState::capture(rt);
            if (nearCheckpoint(pos))
                for (const auto& p : rt.programs())
                    memory[pos][p.id] = Ids::blake2b256(rt.memory(p.id));
        });
        QVERIFY2(rec.ok(), rec.error().c_str());
        auto opened = TraceReader::open(file.toStdString());
        QVERIFY2(opened.ok(), opened.error().c_str());
        const TraceReader& trace = *opened.value();
        const uint64_t n = trace.stepCount();
        QVERIFY2(n > 2 * interval, qPrintable(QStringLiteral("only %1 steps").arg(n)));
        QCOMPARE(trace.meta()["checkpoint_interval"], std::to_string(interval));

        auto cps = trace.query("SELECT pos FROM checkpoints ORDER BY pos");
        QVERIFY2(cps.ok(), cps.error().c_str());
        std::vector<std::string> got, want = { "-1" };
        for (const auto& row : cps->rows)
            got.push_back(row.at(0));
        for (uint64_t p = 0; p < n; p += interval)
            want.push_back(std::to_string(p));
        want.push_back(std::to_string(n));
        QCOMPARE(got, want);

        // Positions 1 … n-1 hold no inputs (the game is one message), so the capture after step
        // k-1 is the world at k.
        for (uint64_t k = 1; k < n; ++k) {
            auto w = trace.worldAt(k);
            QVERIFY2(w.ok(), w.error().c_str());
            const std::string d = w->difference(worlds.at(k));
            QVERIFY2(d.empty(), ("position " + std::to_string(k) + ": " + d).c_str());
            if (auto m = memory.find(k); m != memory.end())
                for (const auto& [program, hash] : m->second) {
                    auto mem = trace.memoryAt(program, k, w->program(program)->memoryPages);
                    QVERIFY2(mem.ok(), mem.error().c_str());
                    QVERIFY2(Ids::blake2b256(mem.value()) == hash, ("memory at " + std::to_string(k)).c_str());
                }
        }
    }

    // ------------------------------------------------------------------ verify and diff
    void verifyFindsTampering_data()
    {
        QTest::addColumn<QString>("sql"); ///< "" flips a byte of a page diff written by step 3
        QTest::addColumn<int>("step");
        QTest::addColumn<QString>("words");
        QTest::newRow("gas burned") << QStringLiteral("UPDATE steps SET gas_burned = gas_burned + 1 WHERE step = 3")
                                    << 3 << QStringLiteral("step 3 (block 1, handle");
        QTest::newRow("gas burned, named")
            << QStringLiteral("UPDATE steps SET gas_burned = gas_burned + 1 WHERE step = 3") << 3
            << QStringLiteral("gas burned: recorded ");
        QTest::newRow("outcome") << QStringLiteral("UPDATE steps SET outcome = 'trap' WHERE step = 3") << 3
                                 << QStringLiteral("outcome: recorded trap, now success");
        QTest::newRow("changed pages") << QStringLiteral("UPDATE steps SET changed_pages = '[0,1]' WHERE step = 3") << 3
                                       << QStringLiteral("changed pages");
        QTest::newRow("debug") << QStringLiteral("UPDATE steps SET debug = '[\"forged\"]' WHERE step = 3") << 3
                               << QStringLiteral("debug");
        // A page version written by step 3 (pos 4): a diff, so it still decodes, to other bytes.
        QTest::newRow("page bytes") << QString() << 3 << QStringLiteral("page 0 of program");
        // What replay trusts instead of re-executing.
        QTest::newRow("world ops") << QStringLiteral(
            "UPDATE steps SET world_ops = (SELECT world_ops FROM steps WHERE step = 5) WHERE step = 3")
                                   << 3 << QStringLiteral("step 3: world ops differ");
        QTest::newRow("input world ops") << QStringLiteral(
            "UPDATE inputs SET world_ops = (SELECT world_ops FROM inputs WHERE seq = 1) WHERE seq = 3")
                                         << 0 << QStringLiteral("input 3 (upload, before step 0): world ops differ");
        QTest::newRow("checkpoint") << QStringLiteral(
            "UPDATE checkpoints SET world = (SELECT world FROM checkpoints WHERE pos = -1) WHERE pos = 0")
                                    << 0 << QStringLiteral("checkpoint at 0 differs");
    }

    void verifyFindsTampering()
    {
        QFETCH(QString, sql);
        QFETCH(int, step);
        QFETCH(QString, words);
        const QString file = copyOf(QStringLiteral("tampered.sqlite"));
        QVERIFY(!file.isEmpty());
        if (!sql.isEmpty()) {
            const QString e = execSql(file, sql);
            QVERIFY2(e.isEmpty(), qPrintable(e));
        } else {
            // Byte 8 is the first data byte after the run header [u32 offset][u32 length].
            const QString e = flipBlobByte(file, QStringLiteral("pages"), QStringLiteral("data"),
                QStringLiteral("pos = 4 AND kind = 1 AND length(data) > 8"), 8);
            QVERIFY2(e.isEmpty(), qPrintable(e));
        }
        auto v = TraceCheck::verify(file.toStdString());
        QVERIFY2(v.ok(), v.error().c_str());
        QVERIFY(v->divergence.has_value());
        QCOMPARE(v->divergence->step, uint64_t(step));
        QCOMPARE(v->stepsChecked, uint64_t(step));
        const QString what = QString::fromStdString(v->divergence->what);
        QVERIFY2(what.contains(words), qPrintable(what));
    }

    void diffNamesTheFirstDifference()
    {
        // Another payload for the first message: the runs part at once, at that input.
        const QString four = path(QStringLiteral("four-rounds.sqlite"));
        QVERIFY(record(pingPong(4), four).ok());
        auto d = TraceCheck::diff(m_pingPong.toStdString(), four.toStdString());
        QVERIFY2(d.ok(), d.error().c_str());
        QVERIFY(d->has_value());
        QCOMPARE((*d)->step, uint64_t(0));
        QVERIFY2(QString::fromStdString((*d)->what).contains(QStringLiteral("payload")), (*d)->what.c_str());

        // One more message in block 2: the same nine steps, then they part where it was sent.
        Scenario more = pingPong();
        Scenario::Send extra = more.sends.at(0);
        extra.payload = ScenarioPayload::literal(u32le(1));
        extra.block = 2;
        more.sends.push_back(extra);
        const QString longer = path(QStringLiteral("more.sqlite"));
        QVERIFY(record(more, longer).ok());
        auto base = TraceReader::open(m_pingPong.toStdString());
        QVERIFY(base.ok());
        const uint64_t n = base.value()->stepCount();
        d = TraceCheck::diff(m_pingPong.toStdString(), longer.toStdString());
        QVERIFY2(d.ok(), d.error().c_str());
        QVERIFY(d->has_value());
        QCOMPARE((*d)->step, n);
        // And the same the other way round.
        d = TraceCheck::diff(longer.toStdString(), m_pingPong.toStdString());
        QVERIFY2(d.ok(), d.error().c_str());
        QVERIFY(d->has_value());
        QCOMPARE((*d)->step, n);

        // Two recordings of the same run are the same run.
        const QString again = path(QStringLiteral("again.sqlite"));
        QVERIFY(record(pingPong(), again).ok());
        d = TraceCheck::diff(m_pingPong.toStdString(), again.toStdString());
        QVERIFY2(d.ok(), d.error().c_str());
        QVERIFY2(!d->has_value(), d->has_value() ? (*d)->what.c_str() : "");
    }

    /** A scenario may change the runtime's limits; verify must re-run with them (it used to
     *  re-run with the defaults and report a divergence in a good trace). */
    void verifyUsesTheRecordedConfig()
    {
        Scenario sc = pingPong();
        sc.blockGasAllowance = 1'500'000'000; // a few dispatches per block
        const QString file = path(QStringLiteral("small-allowance.sqlite"));
        QVERIFY(record(sc, file).ok());
        auto t = TraceReader::open(file.toStdString());
        QVERIFY2(t.ok(), t.error().c_str());
        QCOMPARE(t.value()->config().blockGasAllowance, Gas(1'500'000'000));
        auto blocks = t.value()->query("SELECT max(block) FROM steps");
        QVERIFY(blocks.ok());
        QVERIFY(std::stoi(blocks->rows.at(0).at(0)) > 1);
        auto v = TraceCheck::verify(file.toStdString());
        QVERIFY2(v.ok(), v.error().c_str());
        QVERIFY2(!v->divergence, v->divergence ? v->divergence->what.c_str() : "");
    }

    /// Every track of the Chrome trace is named, even one for an actor the actors table lacks
    /// (one that existed before the recording and never changed).
    void chromeTraceNamesEveryTrack()
    {
        const QString file = copyOf(QStringLiteral("chrome.sqlite"));
        QCOMPARE(execSql(file, QStringLiteral("DELETE FROM actors WHERE name = 'pong'")), QString());
        auto t = TraceReader::open(file.toStdString());
        QVERIFY2(t.ok(), t.error().c_str());
        const QString out = path(QStringLiteral("chrome.json"));
        auto n = ChromeTrace::write(*t.value(), out.toStdString());
        QVERIFY2(n.ok(), n.error().c_str());
        const QJsonArray events = QJsonDocument::fromJson(readFile(out)).object().value(u"traceEvents").toArray();
        QCOMPARE(qsizetype(n.value()), events.size());
        QSet<qint64> named, used;
        for (const auto& e : events) {
            const QJsonObject o = e.toObject();
            if (o.value(u"name").toString() == u"thread_name")
                named.insert(o.value(u"tid").toInteger());
            else if (o.value(u"ph").toString() != u"M")
                used.insert(o.value(u"tid").toInteger());
        }
        QVERIFY(used.size() >= 2);
        for (qint64 tid : used)
            QVERIFY2(named.contains(tid), qPrintable(QStringLiteral("track %1 has no name").arg(tid)));
    }

    /// Each flow arrow runs from the step that sent a message to the step that handled it; a
    /// message a user sent mid-run has no arrow (it comes from no step).
    void chromeTraceFlowsFollowMessages()
    {
        Scenario sc = pingPong(2);
        Scenario::Send second = sc.sends.at(0);
        second.block = 2;
        sc.sends.push_back(second);
        const QString file = path(QStringLiteral("flows.sqlite"));
        QVERIFY(record(sc, file).ok());
        auto t = TraceReader::open(file.toStdString());
        QVERIFY2(t.ok(), t.error().c_str());
        const QString out = path(QStringLiteral("flows.json"));
        auto n = ChromeTrace::write(*t.value(), out.toStdString());
        QVERIFY2(n.ok(), n.error().c_str());
        std::map<qint64, qint64> from, to; // flow id → step
        for (const auto& e : QJsonDocument::fromJson(readFile(out)).object().value(u"traceEvents").toArray()) {
            const QJsonObject o = e.toObject();
            const QString ph = o.value(u"ph").toString();
            if (ph == u"s" || ph == u"f")
                (ph == u"s" ? from : to)[o.value(u"id").toInteger()] = o.value(u"ts").toInteger() / 10;
        }
        QVERIFY(!from.empty());
        QCOMPARE(from.size(), to.size());
        std::vector<StepRecord> steps;
        for (uint64_t k = 0; k < t.value()->stepCount(); ++k) {
            auto r = t.value()->step(k);
            QVERIFY2(r.ok(), r.error().c_str());
            steps.push_back(std::move(r).value());
        }
        size_t messagesFromSteps = 0;
        for (size_t k = 0; k < steps.size(); ++k)
            for (const auto& g : steps[k].generated)
                for (size_t h = k + 1; h < steps.size(); ++h)
                    messagesFromSteps += steps[h].kind == StepKind::Dispatch && steps[h].message.id == g.id;
        QCOMPARE(from.size(), messagesFromSteps);
        for (const auto& [id, s] : from) {
            const StepRecord& sender = steps.at(size_t(s));
            const StepRecord& handler = steps.at(size_t(to.at(id)));
            bool sent = false;
            for (const auto& g : sender.generated)
                sent |= g.id == handler.message.id;
            QVERIFY2(sent, qPrintable(QStringLiteral("arrow %1 → %2: no such message").arg(s).arg(to.at(id))));
        }
    }

    // ------------------------------------------------------------------ damaged files
    void damagedFilesAreErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("words"); ///< a phrase the error must contain ("" = any error)
        const QByteArray good = readFile(m_pingPong);
        QVERIFY(good.size() > 8192);
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        for (qsizetype cut : { qsizetype(50), qsizetype(100), qsizetype(1000), qsizetype(4096), qsizetype(8192),
                 good.size() / 2, good.size() - 4096, good.size() - 1 })
            QTest::newRow(qPrintable(QStringLiteral("truncated to %1").arg(cut)))
                << good.left(cut) << QStringLiteral("truncated");
        QRandomGenerator rng(4);
        QByteArray noise(good.size(), Qt::Uninitialized);
        for (auto& c : noise)
            c = char(rng.bounded(256));
        QTest::newRow("random bytes") << noise << QStringLiteral("not an SQLite file");
        QTest::newRow("SQLite header, random pages") << good.left(100) + noise.mid(100) << QString();
        // Pages 2 and 3, whatever the page size (header bytes 16-17, big-endian): with 16 KiB
        // pages the first 16 KiB are the schema page, whose middle may be unused space.
        QByteArray zeroedMiddle = good;
        const int pageSize = (uchar(good[16]) << 8) | uchar(good[17]);
        QVERIFY(pageSize >= 512 && good.size() >= 3 * pageSize);
        zeroedMiddle.replace(pageSize, 2 * pageSize, QByteArray(2 * pageSize, '\0'));
        QTest::newRow("zeroed pages") << zeroedMiddle << QString();
        // Fuzzing: a flipped bit in the pages index made memoryAt's skip-scan return page 0 forever.
        QFile fuzzed(
            QStringLiteral(GEARSCOPE_SOURCE_DIR "/tests/fuzz/regressions/tracereader-damaged-page-index.gstrace"));
        QVERIFY(fuzzed.open(QIODevice::ReadOnly));
        // Its first error is about a checkpoint; the point is that reading everything ends. It was
        // recorded with schema 1: its header says 2 (user_version, bytes 60-63) so that the reader
        // goes past the version check and into the damaged pages.
        QByteArray fuzzedBytes = fuzzed.readAll();
        QVERIFY(fuzzedBytes.size() > 100 && fuzzedBytes[63] == 1);
        fuzzedBytes[63] = char(TraceWriter::SchemaVersion);
        QTest::newRow("damaged pages index (fuzzer's input)") << fuzzedBytes << QString();
    }

    void damagedFilesAreErrors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, words);
        const QString file = path(QStringLiteral("damaged.sqlite"));
        QVERIFY(writeFile(file, bytes));
        const QByteArray before = fileHash(file);
        const std::string e = openAndReadAll(file);
        QVERIFY2(!e.empty(), "a damaged file read without an error");
        QVERIFY2(QString::fromStdString(e).contains(words), e.c_str());
        QVERIFY2(e.find(file.toStdString()) != std::string::npos, ("the error does not name the file: " + e).c_str());
        QCOMPARE(fileHash(file), before);
        QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(file + QStringLiteral("-journal")));
    }

    void foreignAndNewerFilesAreErrors_data()
    {
        QTest::addColumn<QString>("sql"); ///< run on a copy of a good trace, or on a new file if it starts with '!'
        QTest::addColumn<QString>("words");
        QTest::newRow("plain SQLite database") << QStringLiteral("!CREATE TABLE t(x); INSERT INTO t VALUES(1);")
                                               << QStringLiteral("not a Gearscope trace");
        QTest::newRow("user_version 99") << QStringLiteral("PRAGMA user_version = 99") << QStringLiteral("newer");
        QTest::newRow("user_version 1 (before message_row)")
            << QStringLiteral("PRAGMA user_version = 1") << QStringLiteral("older");
        QTest::newRow("no meta.format") << QStringLiteral("DELETE FROM meta WHERE key = 'format'")
                                        << QStringLiteral("not a Gearscope trace");
        QTest::newRow("no steps table") << QStringLiteral("DROP VIEW step_view; DROP TABLE steps")
                                        << QStringLiteral("steps");
        QTest::newRow("a step missing") << QStringLiteral("DELETE FROM steps WHERE step = 2")
                                        << QStringLiteral("step 2");
        QTest::newRow("garbage checkpoint")
            << QStringLiteral("UPDATE checkpoints SET world = randomblob(200)") << QStringLiteral("checkpoint");
        QTest::newRow("huge checkpoint size header")
            << QStringLiteral("UPDATE checkpoints SET world = x'7fffffff' || randomblob(60)")
            << QStringLiteral("checkpoint");
        QTest::newRow("garbage world ops")
            << QStringLiteral("UPDATE steps SET world_ops = x'ffffffff01' WHERE step = 4") << QStringLiteral("step 4");
        QTest::newRow("garbage page keyframe")
            << QStringLiteral("UPDATE pages SET data = randomblob(40) WHERE kind IN (0, 2)") << QStringLiteral("page");
        QTest::newRow("garbage page diff")
            << QStringLiteral("UPDATE pages SET data = x'00ff000000ff0000' WHERE kind = 1") << QStringLiteral("page");
        QTest::newRow("page numbers as text")
            << QStringLiteral("UPDATE pages SET page = 'x'") << QStringLiteral("pages table is damaged");
        QTest::newRow("unknown input kind")
            << QStringLiteral("UPDATE inputs SET kind = 'teleport' WHERE seq = 1") << QStringLiteral("unknown kind");
    }

    void foreignAndNewerFilesAreErrors()
    {
        QFETCH(QString, sql);
        QFETCH(QString, words);
        QString file;
        if (sql.startsWith(u'!')) {
            file = path(QStringLiteral("foreign.sqlite"));
            QFile::remove(file);
            sql = sql.mid(1);
        } else {
            file = copyOf(QStringLiteral("altered.sqlite"));
        }
        const QString e = execSql(file, sql);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        const QByteArray before = fileHash(file);
        const std::string err = openAndReadAll(file);
        QVERIFY2(!err.empty(), "read without an error");
        QVERIFY2(QString::fromStdString(err).contains(words), err.c_str());
        QCOMPARE(fileHash(file), before);
    }

    /// Random damage anywhere: whatever SQLite or our decoders make of it, no crash, no change.
    void flippedBytesNeverCrash()
    {
        const QByteArray good = readFile(m_pingPong);
        const QString file = path(QStringLiteral("flipped.sqlite"));
        QRandomGenerator rng(2026);
        int errors = 0;
        for (int round = 0; round < 60; ++round) {
            QByteArray bytes = good;
            const int flips = 1 + int(rng.bounded(8));
            for (int i = 0; i < flips; ++i)
                bytes[qsizetype(rng.bounded(quint32(bytes.size())))] ^= char(1 + rng.bounded(255));
            QVERIFY(writeFile(file, bytes));
            const QByteArray before = fileHash(file);
            if (!openAndReadAll(file).empty())
                ++errors;
            QCOMPARE(fileHash(file), before);
        }
        qInfo("%d of 60 randomly damaged copies gave an error (the rest hit unused bytes)", errors);
    }

    /// SQLite lets any column hold text: a trace edited by hand may have "lots" where a number
    /// belongs. Reading, exporting and verifying it must not crash; verify names the step.
    void textInNumberColumnsNeverCrash()
    {
        const QString file = copyOf(QStringLiteral("text.sqlite"));
        QCOMPARE(execSql(file,
                     QStringLiteral("UPDATE steps SET gas_burned = 'lots', block = 'one' WHERE step = 2; "
                                    "UPDATE messages SET created_step = 'x' WHERE created_step = 1")),
            QString());
        (void)openAndReadAll(file);
        auto t = TraceReader::open(file.toStdString());
        QVERIFY2(t.ok(), t.error().c_str());
        auto n = ChromeTrace::write(*t.value(), path(QStringLiteral("text.json")).toStdString());
        QVERIFY2(n.ok(), n.error().c_str());
        auto v = TraceCheck::verify(file.toStdString());
        QVERIFY2(v.ok(), v.error().c_str());
        QVERIFY(v->divergence.has_value());
        QVERIFY2(v->divergence->step <= 2, v->divergence->what.c_str());
    }

    // ------------------------------------------------------------------ SQL access
    /// sync() commits what was recorded at once (the session calls it when a run stops, so the
    /// panels reading the recording see every step); the writer alone waits up to ~100 ms.
    void syncCommitsAtOnce()
    {
        auto sc = pingPong();
        const QString file = path(QStringLiteral("sync.sqlite"));
        ScenarioRunner runner(sc);
        Runtime& rt = runner.runtime();
        auto attached = Recorder::attach(rt, file.toStdString(), {});
        QVERIFY2(attached.ok(), attached.error().c_str());
        std::unique_ptr<Recorder> recorder = std::move(attached).value();
        QVERIFY(runner.setUp().ok());
        const ActorId ping = *rt.actorByName("ping");
        for (int round = 1; round <= 3; ++round) {
            QVERIFY(rt.sendMessage(*rt.userByName("alice"), ping, u32le(2)).ok());
            for (int k = 0; k < 3; ++k) {
                auto r = rt.stepDispatch();
                QVERIFY(r.has_value());
                QVERIFY(recorder->step(*r));
            }
            QVERIFY(recorder->sync());
            // No waiting: the reader opened right after sync() sees every step and input.
            auto reader = TraceReader::open(file.toStdString());
            QVERIFY2(reader.ok(), reader.error().c_str());
            QCOMPARE(reader.value()->stepCount(), rt.stepCount());
            auto inputs = reader.value()->inputs();
            QVERIFY2(inputs.ok(), inputs.error().c_str());
            QVERIFY(inputs->size() >= size_t(round));
        }
        QVERIFY(recorder->finish().ok());
        QVERIFY(!recorder->sync()); // finished: nothing more to commit
    }

    /// The trace reader's fuzz seeds must be traces this reader accepts: seeds of an older schema
    /// stop at the version check and the fuzzer never reaches the decoding (tests/fuzz/make-seeds.sh).
    void fuzzSeedsAreCurrentTraces()
    {
        QDir seeds(QStringLiteral(GEARSCOPE_SOURCE_DIR "/tests/fuzz/corpus/fuzz_tracereader"));
        const QStringList files = seeds.entryList({ QStringLiteral("*.gstrace") }, QDir::Files);
        QVERIFY(files.size() >= 2);
        for (const QString& f : files) {
            const std::string file = seeds.filePath(f).toStdString();
            auto reader = TraceReader::open(file);
            QVERIFY2(reader.ok(), reader.error().c_str());
            QVERIFY2(reader.value()->stepCount() > 0, file.c_str());
            auto world = reader.value()->worldAt(reader.value()->stepCount());
            QVERIFY2(world.ok(), world.error().c_str());
        }
    }

    /** Why a trace is recorded in WAL mode although a rollback journal writes each byte once
     *  (docs/performance.md, third round): a recording killed mid-transaction leaves a hot
     *  journal, and SQLite then refuses a read-only connection (it would have to roll the file
     *  back first), so readers could not open a killed recording without changing it. A killed
     *  WAL recording opens read-only (tst_TraceCli::killedRecordingKeepsCommittedSteps). */
    void hotRollbackJournalNeedsAWriter()
    {
        const QString file = path(QStringLiteral("hot-journal.sqlite"));
        for (const char* suffix : { "", "-journal" })
            QFile::remove(file + QLatin1String(suffix));
        const QByteArray name = file.toUtf8();
        const pid_t child = fork();
        if (child == 0) {
            // The recording, killed: a committed transaction, then one in flight when it dies.
            sqlite3* db = nullptr;
            sqlite3_open(name.constData(), &db);
            sqlite3_exec(db,
                "PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; CREATE TABLE t(x BLOB);"
                "INSERT INTO t VALUES(randomblob(900)); BEGIN; INSERT INTO t SELECT randomblob(900) FROM "
                "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) SELECT i FROM n);",
                nullptr, nullptr, nullptr);
            _exit(0); // no close, no rollback: as after SIGKILL
        }
        QVERIFY(child > 0);
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY(QFile::exists(file + QStringLiteral("-journal")));
        const QByteArray before = fileHash(file);
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2(name.constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        const int rc = sqlite3_exec(db, "SELECT count(*) FROM t", nullptr, nullptr, nullptr);
        const int extended = sqlite3_extended_errcode(db);
        sqlite3_close(db);
        QCOMPARE(rc, SQLITE_READONLY);
        QCOMPARE(extended, SQLITE_READONLY_ROLLBACK);
        QCOMPARE(fileHash(file), before);
    }

    /** A trace learns memory from the pages programs write: a recorder attached after a program
     *  was uploaded would miss that program's earlier pages, so it refuses and says why. */
    void attachAfterAnUploadIsRefused()
    {
        Runtime rt;
        const ActorId alice = *rt.userByName("alice");
        auto code = rt.submitCode(fixture("pong.wat"), "pong.wat");
        QVERIFY2(code.ok(), code.error().c_str());
        const QString file = path(QStringLiteral("late.sqlite"));
        {
            auto early = Recorder::attach(rt, path(QStringLiteral("early.sqlite")).toStdString(), {});
            QVERIFY2(early.ok(), early.error().c_str()); // code alone is fine: it has no memory
        }
        QVERIFY(rt.uploadProgram(alice, code.value(), {}, {}).ok());
        auto late = Recorder::attach(rt, file.toStdString(), {});
        QVERIFY(!late.ok());
        QVERIFY2(late.error().find("before the first program is uploaded") != std::string::npos, late.error().c_str());
        QVERIFY(!QFileInfo::exists(file));
    }

    void queryIsReadOnly()
    {
        const QString file = copyOf(QStringLiteral("query.sqlite"));
        const QByteArray before = fileHash(file);
        auto opened = TraceReader::open(file.toStdString());
        QVERIFY2(opened.ok(), opened.error().c_str());
        const TraceReader& t = *opened.value();
        for (const char* write :
            { "DELETE FROM steps", "UPDATE steps SET gas_burned = 0", "INSERT INTO meta VALUES('a', 'b')",
                "DROP TABLE pages", "PRAGMA user_version = 7", "CREATE TABLE x(y)" }) {
            auto r = t.query(write);
            QVERIFY2(!r.ok(), write);
            QVERIFY2(!r.error().empty(), write);
        }
        auto bad = t.query("SELEKT 1");
        QVERIFY(!bad.ok());
        QVERIFY2(QString::fromStdString(bad.error()).contains(QStringLiteral("SQL error")), bad.error().c_str());
        auto count = t.query("SELECT count(*) AS n FROM steps");
        QVERIFY2(count.ok(), count.error().c_str());
        QCOMPARE(count->columns, std::vector<std::string> { "n" });
        QCOMPARE(count->rows.at(0).at(0), std::to_string(t.stepCount()));
        auto view = t.query("SELECT step, actor, what FROM step_view ORDER BY step LIMIT 2");
        QVERIFY2(view.ok(), view.error().c_str());
        QCOMPARE(view->rows.size(), size_t(2));
        QCOMPARE(view->rows.at(0).at(1), std::string("pong")); // pong's init runs first
        auto limited = t.query("SELECT step FROM steps", 3);
        QVERIFY(limited.ok());
        QCOMPARE(limited->rows.size(), size_t(3));
        QCOMPARE(fileHash(file), before);
        QCOMPARE(t.stepCount(), uint64_t(std::stoull(t.query("SELECT count(*) FROM steps")->rows.at(0).at(0))));
    }

    /// The trace is plain SQLite: the stock `sqlite3` tool reads it, docs/trace-format.md's
    /// example queries included.
    void sqliteCommandLineReadsIt()
    {
        const QString sqlite3Exe = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
        QVERIFY2(
            !sqlite3Exe.isEmpty(), "the sqlite3 command-line tool is missing (scripts/install-deps.sh installs it)");
        const QString file = copyOf(QStringLiteral("cli.sqlite"));
        const QByteArray before = fileHash(file);
        auto ask = [&](const QString& sql) {
            QProcess p;
            p.start(sqlite3Exe, { QStringLiteral("-readonly"), file, sql });
            if (!p.waitForFinished(20000) || p.exitCode() != 0)
                return QStringLiteral("failed: ") + QString::fromUtf8(p.readAllStandardError());
            return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        };
        auto opened = TraceReader::open(file.toStdString());
        QVERIFY2(opened.ok(), opened.error().c_str());
        const TraceReader& t = *opened.value();
        QCOMPARE(ask(QStringLiteral("SELECT count(*) FROM steps")), QString::number(t.stepCount()));
        QCOMPARE(ask(QStringLiteral("PRAGMA user_version")), QString::number(TraceWriter::SchemaVersion));
        QCOMPARE(ask(QStringLiteral("SELECT value FROM meta WHERE key = 'format'")), QStringLiteral("gearscope-trace"));
        // One row per syscall made, through json_each over steps.syscalls.
        uint64_t calls = 0, sends = 0;
        for (uint64_t k = 0; k < t.stepCount(); ++k) {
            auto s = t.step(k);
            QVERIFY(s.ok());
            calls += s->syscalls.size();
            for (const auto& c : s->syscalls)
                sends += std::strcmp(c.name, "gr_send") == 0;
        }
        QVERIFY(sends > 0);
        QCOMPARE(ask(QStringLiteral("SELECT count(*) FROM steps, json_each(steps.syscalls)")), QString::number(calls));
        QCOMPARE(ask(QStringLiteral("SELECT count(*) FROM steps s, json_each(s.syscalls) c "
                                    "WHERE json_extract(c.value, '$[0]') = 'gr_send'")),
            QString::number(sends));
        QCOMPARE(ask(QStringLiteral("SELECT actor FROM step_view WHERE step = 1")), QStringLiteral("ping"));
        // Schema 2: each dispatch points at its message's row; the query indexes are built at the end.
        QCOMPARE(ask(QStringLiteral("SELECT count(*) FROM steps s JOIN messages m ON m.rowid = s.message_row "
                                    "WHERE m.id = s.message_id")),
            ask(QStringLiteral("SELECT count(*) FROM steps WHERE type = 'dispatch'")));
        QCOMPARE(ask(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                                    "('messages_by_id', 'messages_by_source', 'messages_by_destination', "
                                    "'steps_by_block', 'steps_by_actor')")),
            QStringLiteral("5"));
        QCOMPARE(ask(QStringLiteral("SELECT count(*) FROM (SELECT id FROM messages GROUP BY id HAVING count(*) > 1)")),
            QStringLiteral("0"));
        // steps_by_actor is on `actor` alone: an actor's steps in order still come from it
        // (its entries end with the rowid, which `step` is), with no sort.
        const QString plan
            = ask(QStringLiteral("EXPLAIN QUERY PLAN SELECT step FROM steps "
                                 "WHERE actor = (SELECT actor FROM steps WHERE step = 1) ORDER BY step"));
        QVERIFY2(plan.contains(QStringLiteral("USING COVERING INDEX steps_by_actor")), qPrintable(plan));
        QVERIFY2(!plan.contains(QStringLiteral("TEMP B-TREE")), qPrintable(plan));
        // Plain `sqlite3 FILE SQL` (read-write) on a finished trace changes nothing either.
        QProcess p;
        p.start(sqlite3Exe, { file, QStringLiteral("SELECT count(*) FROM steps") });
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()).trimmed(), QString::number(t.stepCount()));
        QCOMPARE(fileHash(file), before);
    }
};

QTEST_GUILESS_MAIN(tst_Trace)
#include "tst_trace.moc"
