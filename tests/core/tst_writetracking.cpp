// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The pages an execution wrote, as the runtime learns them from the instrumenter's write
// tracking and from host calls, against the oracle of the memory itself: each step's changed
// pages must be exactly the gear pages whose bytes differ, and a trapped execution must leave
// memory exactly as it was (spec §4.3), whatever wrote it — any store width, offset, address
// form, stores straddling a chunk or a page, chunk classes that alias, grown memory, host calls.
#include "code/codeloader.h"
#include "code/gasinstrumenter.h"
#include "fixtures.h"
#include "runtime/runtime.h"

#include <QTest>

#include <algorithm>
#include <random>
#include <set>

namespace Gearscope {
namespace {

using namespace Gearscope::Test;

constexpr uint32_t GearPageSize = 16384;

/// The gear pages whose bytes differ; bytes a memory lacks count as zero (grown memory).
std::vector<uint32_t> differingPages(const Bytes& before, const Bytes& after)
{
    std::set<uint32_t> pages;
    const size_t n = std::max(before.size(), after.size());
    for (size_t i = 0; i < n; ++i) {
        const uint8_t b = i < before.size() ? before[i] : 0;
        const uint8_t a = i < after.size() ? after[i] : 0;
        if (a != b)
            pages.insert(uint32_t(i / GearPageSize));
    }
    return { pages.begin(), pages.end() };
}

/// True when both memories hold the same bytes (a missing tail counts as zero).
bool sameContent(const Bytes& x, const Bytes& y) { return differingPages(x, y).empty(); }

QString pagesText(const std::vector<uint32_t>& pages)
{
    QStringList parts;
    for (uint32_t p : pages)
        parts << QString::number(p);
    return "[" + parts.join(',') + "]";
}

/// A program whose `handle` runs `body`; two static wasm pages (128 KiB = 128 chunks, so
/// every one of the 64 chunk classes is shared by two chunks).
QByteArray programWat(const QString& body)
{
    return QString(R"((module
          (import "env" "memory" (memory 2))
          (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
          (import "env" "gr_size" (func $size (param i32)))
          (import "env" "gr_message_id" (func $mid (param i32)))
          (import "env" "alloc" (func $alloc (param i32) (result i32)))
          (export "handle" (func $handle))
          (func $id (param i32) (result i32) (local.get 0))
          (func $handle %1)))")
        .arg(body)
        .toUtf8();
}

/// Poke: payload [address u32][value u32] stores the value there; a ninth byte makes it trap
/// after the store. The payload itself lands at 16 (a host write), its size at 0.
const char* PokeBody = R"(
        (call $size (i32.const 0))
        (call $read (i32.const 0) (i32.load (i32.const 0)) (i32.const 16) (i32.const 4))
        (i32.store (i32.load (i32.const 16)) (i32.load (i32.const 20)))
        (if (i32.gt_u (i32.load (i32.const 0)) (i32.const 8)) (then unreachable)))";

class Harness
{
public:
    Harness()
    {
        alice = *rt.userByName("alice");
        rt.setObserver([this](const StepRecord& r) { steps.push_back(r); });
    }
    bool load(const QByteArray& wat, QString* error)
    {
        auto code = rt.submitCode(Bytes(wat.begin(), wat.end()), "tracking.wat");
        if (!code) {
            *error = QString::fromStdString(code.error());
            return false;
        }
        auto up = rt.uploadProgram(alice, code.value(), {}, {});
        if (!up) {
            *error = QString::fromStdString(up.error());
            return false;
        }
        program = up->program;
        rt.runUntilIdle(5);
        return true;
    }
    /// Sends `payload`, runs, and returns the handle dispatch's record (nullopt if none ran).
    std::optional<StepRecord> send(const Bytes& payload)
    {
        auto mid = rt.sendMessage(alice, program, payload);
        if (!mid)
            return std::nullopt;
        steps.clear();
        rt.runUntilIdle(5);
        for (const auto& s : steps) {
            if (s.kind == StepKind::Dispatch && s.message.id == mid.value())
                return s;
        }
        return std::nullopt;
    }

    Runtime rt;
    ActorId alice;
    ActorId program;
    std::vector<StepRecord> steps;
};

Bytes poke(uint32_t address, uint32_t value, bool trap)
{
    Bytes b = u32le(address);
    const Bytes v = u32le(value);
    b.insert(b.end(), v.begin(), v.end());
    if (trap)
        b.push_back(1);
    return b;
}

} // namespace

class tst_WriteTracking : public QObject
{
    Q_OBJECT
private:
    /// Runs `body` once and checks the step against the memory (the oracle).
    static void check(const QString& body, bool trap, const Bytes& payload = bytesOf("x"))
    {
        Harness h;
        QString error;
        QVERIFY2(h.load(programWat(trap ? body + " (unreachable)" : body), &error), qPrintable(error));
        const Bytes before = h.rt.memory(h.program);
        auto step = h.send(payload);
        QVERIFY(step);
        const Bytes after = h.rt.memory(h.program);
        if (trap) {
            QCOMPARE(toString(step->outcome), "trap");
            QVERIFY2(step->changedPages.empty(), qPrintable(pagesText(step->changedPages)));
            QVERIFY2(sameContent(before, after), qPrintable(pagesText(differingPages(before, after))));
            return;
        }
        QCOMPARE(toString(step->outcome), "success");
        const auto expected = differingPages(before, after);
        QVERIFY2(!expected.empty(), "the body wrote nothing: the row tests nothing");
        QCOMPARE(pagesText(step->changedPages), pagesText(expected));
    }

private slots:
    void stores_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<bool>("trap");
        const struct
        {
            const char* op;
            const char* value;
            int width;
        } stores[] = { { "i32.store", "(i32.const 0x01020304)", 4 }, { "i32.store8", "(i32.const 0x7F)", 1 },
            { "i32.store16", "(i32.const 0x0102)", 2 }, { "i64.store", "(i64.const 0x0102030405060708)", 8 },
            { "i64.store8", "(i64.const 0x7F)", 1 }, { "i64.store16", "(i64.const 0x0102)", 2 },
            { "i64.store32", "(i64.const 0x01020304)", 4 } };
        // In a chunk; across a 1 KiB chunk; across gear pages 0/1; across chunks 33/34; in wasm
        // page 1 where chunk 97 shares its class with chunk 33; the last bytes of memory.
        const uint32_t addresses[] = { 0x210, 0x3FE, 0x3FFD, 33 * 1024 + 0x3FD, 97 * 1024 + 7, 0x20000 - 8 };
        for (const auto& st : stores) {
            for (uint32_t a : addresses) {
                for (uint32_t offset : { 0u, 3u }) {
                    if (uint64_t(a) + offset + st.width > 0x20000)
                        continue;
                    for (bool trap : { false, true }) {
                        // Constant address and pushed value; computed address and value.
                        QTest::addRow("%s 0x%x+%u const%s", st.op, a, offset, trap ? " trap" : "")
                            << QString("(%1 offset=%2 (i32.const %3) %4)").arg(st.op).arg(offset).arg(a).arg(st.value)
                            << trap;
                        QTest::addRow("%s 0x%x+%u computed%s", st.op, a, offset, trap ? " trap" : "")
                            << QString("(%1 offset=%2 (call $id (i32.const %3)) (%4.add %5 (%4.const 0)))")
                                   .arg(st.op)
                                   .arg(offset)
                                   .arg(a)
                                   .arg(QString(st.op).left(3), st.value)
                            << trap;
                    }
                }
            }
        }
    }
    void stores()
    {
        QFETCH(QString, body);
        QFETCH(bool, trap);
        check(body, trap);
    }

    // Host calls write memory without any store instruction: the runtime must see those too.
    void hostWrites_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<bool>("trap");
        const struct
        {
            const char* name;
            const char* body;
        } rows[] = {
            // The 3000-byte payload over chunks 0–3; its size and the error code at 0x3FFE/0x1FFFC.
            { "gr_read over chunks",
                "(call $read (i32.const 0) (i32.const 3000) (i32.const 0x3F0) (i32.const 0x1FFFC))" },
            { "gr_read across pages",
                "(call $read (i32.const 0) (i32.const 40) (i32.const 0x7FF0) (i32.const 0x8100))" },
            { "gr_message_id across page 1/2", "(call $mid (i32.const 0x7FF0))" },
            { "gr_size across a chunk", "(call $size (i32.const 0x13FFE))" },
            // Several short host writes in one chunk, one of them rewriting what is there.
            { "host writes sharing a chunk",
                "(call $size (i32.const 0x500)) (call $mid (i32.const 0x540)) (call $size (i32.const 0x5F0)) "
                "(call $read (i32.const 0) (i32.const 4) (i32.const 0x7F0) (i32.const 0x7FC))" },
            // More short host writes than the runtime tracks one by one.
            { "many host writes",
                "(call $size (i32.const 0x100)) (call $size (i32.const 0x900)) (call $size (i32.const 0x1100)) "
                "(call $size (i32.const 0x1900)) (call $size (i32.const 0x2100)) (call $size (i32.const 0x2900)) "
                "(call $size (i32.const 0x3100)) (call $size (i32.const 0x3900)) (call $size (i32.const 0x4100)) "
                "(call $size (i32.const 0x10900)) (call $mid (i32.const 0x11100))" },
            // alloc grows memory to three pages; then a store and a host write land in the new page.
            { "store in grown memory",
                "(drop (call $alloc (i32.const 1))) (i32.store offset=0x123 (call $id (i32.const 0x20000)) (i32.const "
                "5))" },
            { "host write in grown memory", "(drop (call $alloc (i32.const 1))) (call $mid (i32.const 0x2C3F0))" },
        };
        for (const auto& row : rows) {
            QTest::newRow(row.name) << row.body << false;
            QTest::addRow("%s trap", row.name) << row.body << true;
        }
    }
    void hostWrites()
    {
        QFETCH(QString, body);
        QFETCH(bool, trap);
        Bytes payload(3000);
        for (size_t i = 0; i < payload.size(); ++i)
            payload[i] = uint8_t(1 + i % 251);
        check(body, trap, payload);
    }

    /* The tracking is the debugger's own machinery, not Gear's: code is priced, sized and shown
     * by the gas-only module (as before tracking existed), and only the module the runtime runs
     * carries `gear_dirty`. */
    void pricedWithoutTracking()
    {
        const QByteArray wat = programWat(PokeBody);
        auto info = CodeLoader::load(Bytes(wat.begin(), wat.end()), "tracking.wat");
        QVERIFY2(info, info ? "" : info.error().c_str());
        auto contains = [](const Bytes& b, const char* s) {
            const std::string needle(s);
            return std::search(b.begin(), b.end(), needle.begin(), needle.end()) != b.end();
        };
        QVERIFY(contains(info->instrumented, GasInstrumenter::GasGlobalName));
        QVERIFY(!contains(info->instrumented, GasInstrumenter::DirtyGlobalName));
        QVERIFY(contains(info->executable, GasInstrumenter::DirtyGlobalName));
        QVERIFY(info->executable.size() > info->instrumented.size());
        // The code precharge of a dispatch is the same with and without tracking: it is computed
        // from `instrumented`, which equals the gas-only instrumentation.
        auto gasOnly = GasInstrumenter::instrument(info->original, false);
        QVERIFY(gasOnly);
        QCOMPARE(info->instrumented, gasOnly.value());
    }

    /* Many steps on one program: random pokes (a quarter of them trapping) anywhere in memory,
     * so chunk classes alias and images are reused across commits and rollbacks. After each step
     * the changed pages must be exactly what differs from the previous memory, and a trap must
     * leave memory as it was. */
    void randomPokes()
    {
        Harness h;
        QString error;
        QVERIFY2(h.load(programWat(PokeBody), &error), qPrintable(error));
        std::mt19937 rng(7);
        Bytes before = h.rt.memory(h.program);
        for (int i = 0; i < 300; ++i) {
            const uint32_t address = rng() % (0x20000 - 4);
            const bool trap = rng() % 4 == 0;
            auto step = h.send(poke(address, rng() | 1u, trap));
            QVERIFY(step);
            const Bytes after = h.rt.memory(h.program);
            if (trap) {
                QCOMPARE(toString(step->outcome), "trap");
                QVERIFY2(sameContent(before, after), qPrintable(QString("step %1: trap changed memory").arg(i)));
            } else {
                QCOMPARE(toString(step->outcome), "success");
            }
            QCOMPARE(pagesText(step->changedPages), pagesText(differingPages(before, after)));
            before = after;
        }
    }
};

} // namespace Gearscope

QTEST_GUILESS_MAIN(Gearscope::tst_WriteTracking)
#include "tst_writetracking.moc"
