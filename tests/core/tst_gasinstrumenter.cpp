// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "code/gasinstrumenter.h"
#include "wabt/binary-reader-ir.h"
#include "wabt/binary-reader.h"
#include "wabt/binary-writer.h"
#include "wabt/error-formatter.h"
#include "wabt/interp/binary-reader-interp.h"
#include "wabt/interp/interp.h"
#include "wabt/ir.h"
#include "wabt/stream.h"
#include "wabt/validator.h"
#include "wabt/wast-lexer.h"
#include "wabt/wast-parser.h"

#include <QElapsedTimer>
#include <QTest>

#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace Gearscope;
namespace wi = wabt::interp;

namespace {

using Args = std::vector<int64_t>;
constexpr uint64_t Sentinel = GasInstrumenter::OutOfGasSentinel;

/// Assembles WAT with wabt directly (not through CodeLoader) so this test depends on the
/// instrumenter alone. Features match what the test modules need, not Gear's validation.
Bytes assemble(const std::string& text, std::string* error, bool debugNames = false)
{
    wabt::Errors errors;
    auto lexer = wabt::WastLexer::CreateBufferLexer("test.wat", text.data(), text.size(), &errors);
    wabt::Features features;
    wabt::WastParseOptions parseOptions(features);
    std::unique_ptr<wabt::Module> module;
    if (wabt::Succeeded(wabt::ParseWatModule(lexer.get(), &module, &errors, &parseOptions))
        && wabt::Succeeded(wabt::ValidateModule(module.get(), &errors, wabt::ValidateOptions(features)))) {
        wabt::MemoryStream stream;
        wabt::WriteBinaryOptions writeOptions;
        writeOptions.write_debug_names = debugNames;
        if (wabt::Succeeded(wabt::WriteBinaryModule(&stream, module.get(), writeOptions)))
            return stream.output_buffer().data;
    }
    *error = wabt::FormatErrorsToString(errors, wabt::Location::Type::Text);
    return {};
}

/// One instantiated module. Imports: env.memory (1 page) and any host function in `hosts`.
class Instance
{
public:
    struct Outcome
    {
        bool trapped = false;
        std::string trap;
        std::vector<uint64_t> results;
    };

    bool load(const Bytes& wasm, const std::vector<std::pair<std::string, wi::HostFunc::Callback>>& hosts = {})
    {
        wabt::Errors errors;
        wi::ModuleDesc desc;
        wabt::ReadBinaryOptions options(m_store.features(), nullptr, false, true, true);
        if (wabt::Failed(wi::ReadBinaryInterp("test.wasm", wasm.data(), wasm.size(), options, &errors, &desc))) {
            m_error = wabt::FormatErrorsToString(errors, wabt::Location::Type::Binary);
            return false;
        }
        m_module = wi::Module::New(m_store, desc);
        wi::RefVec imports;
        for (const auto& imp : m_module->import_types()) {
            if (imp.type->kind == wabt::ExternalKind::Memory) {
                m_memory = wi::Memory::New(m_store, wi::MemoryType(wabt::Limits(1)));
                imports.push_back(m_memory.ref());
                continue;
            }
            bool found = false;
            for (const auto& [name, callback] : hosts) {
                if (imp.type->kind == wabt::ExternalKind::Func && name == imp.name) {
                    auto* type = wabt::cast<wi::FuncType>(imp.type.get());
                    imports.push_back(wi::HostFunc::New(m_store, *type, callback).ref());
                    found = true;
                }
            }
            if (!found) {
                m_error = "no host for import " + imp.module + "." + imp.name;
                return false;
            }
        }
        wi::Trap::Ptr trap;
        m_instance = wi::Instance::Instantiate(m_store, m_module.ref(), imports, &trap);
        if (!m_instance) {
            m_error = trap ? trap->message() : "instantiation failed";
            return false;
        }
        return true;
    }
    const std::string& error() const { return m_error; }

    wi::Ref exportRef(const std::string& name) const
    {
        const auto& types = m_module->export_types();
        for (size_t i = 0; i < types.size(); ++i)
            if (types[i].name == name)
                return m_instance->exports()[i];
        return wi::Ref::Null;
    }
    bool hasGas() const { return exportRef(GasInstrumenter::GasGlobalName) != wi::Ref::Null; }
    uint64_t gas()
    {
        return m_store.UnsafeGet<wi::Global>(exportRef(GasInstrumenter::GasGlobalName))->UnsafeGet<uint64_t>();
    }
    void setGas(uint64_t value)
    {
        m_store.UnsafeGet<wi::Global>(exportRef(GasInstrumenter::GasGlobalName))->UnsafeSet(wi::Value::Make(value));
    }

    Outcome call(const std::string& name, const Args& args)
    {
        Outcome out;
        wi::Ref ref = exportRef(name);
        if (ref == wi::Ref::Null) {
            out.trapped = true;
            out.trap = "no export " + name;
            return out;
        }
        auto func = m_store.UnsafeGet<wi::Func>(ref);
        const auto& type = func->type();
        wi::Values params;
        for (size_t i = 0; i < type.params.size() && i < args.size(); ++i)
            params.push_back(type.params[i] == wabt::Type::I64 ? wi::Value::Make(uint64_t(args[i]))
                                                               : wi::Value::Make(uint32_t(args[i])));
        wi::Values results;
        wi::Trap::Ptr trap;
        if (wabt::Failed(func->Call(m_store, params, results, &trap))) {
            out.trapped = true;
            out.trap = trap ? trap->message() : "call failed";
            return out;
        }
        for (size_t i = 0; i < results.size(); ++i)
            out.results.push_back(type.results[i] == wabt::Type::I64 ? results[i].Get<uint64_t>()
                                                                     : uint64_t(int64_t(results[i].Get<int32_t>())));
        return out;
    }

    /// The write-tracking mask as the runtime sees it: `gear_dirty` (which the runtime starts at
    /// `gear_dirty_static` before each call) OR the static classes; nullopt without tracking.
    std::optional<uint64_t> dirty()
    {
        wi::Ref ref = exportRef(GasInstrumenter::DirtyGlobalName);
        if (ref == wi::Ref::Null)
            return std::nullopt;
        return m_store.UnsafeGet<wi::Global>(ref)->Get().Get<uint64_t>() | staticDirty().value_or(0);
    }
    /// `gear_dirty_static`: the classes of the constant-address stores that carry no code.
    std::optional<uint64_t> staticDirty()
    {
        wi::Ref ref = exportRef(GasInstrumenter::StaticDirtyGlobalName);
        if (ref == wi::Ref::Null)
            return std::nullopt;
        auto g = m_store.UnsafeGet<wi::Global>(ref);
        if (g->type().mut != wi::Mutability::Const)
            return std::nullopt; // must be immutable: the code can never clear it
        return g->Get().Get<uint64_t>();
    }
    /// Only the part the code itself wrote at run time.
    uint64_t dynamicDirty()
    {
        wi::Ref ref = exportRef(GasInstrumenter::DirtyGlobalName);
        return ref == wi::Ref::Null ? 0 : m_store.UnsafeGet<wi::Global>(ref)->Get().Get<uint64_t>();
    }
    Bytes memory() const
    {
        const uint8_t* m = m_memory->UnsafeData();
        return Bytes(m, m + m_memory->ByteSize());
    }

private:
    wi::Store m_store;
    wi::Module::Ptr m_module;
    wi::Instance::Ptr m_instance;
    wi::Memory::Ptr m_memory;
    std::string m_error;
};

uint64_t sumWeights(const QStringList& names)
{
    uint64_t sum = 0;
    for (const auto& n : names) {
        const uint64_t w = GasInstrumenter::instructionWeight(n.toUtf8().constData());
        // A name the table does not know would silently count 0 and hide a typo in a row.
        if (w == 0 && n != QLatin1String("block") && n != QLatin1String("loop") && n != QLatin1String("return")
            && n != QLatin1String("drop") && n != QLatin1String("nop"))
            qWarning("no weight for %s", qPrintable(n));
        sum += w;
    }
    return sum;
}

/// Splits "a b c" into opcode names; lets rows spell executed instructions compactly.
QStringList ops(const char* s) { return QString::fromLatin1(s).split(QLatin1Char(' '), Qt::SkipEmptyParts); }

/// `(func (block (block ... (br 0) ...)))` as binary: wabt's WAT parser recurses per level and
/// cannot build such modules itself.
Bytes nestedBlocksModule(int depth)
{
    auto leb = [](Bytes& out, uint32_t v) {
        do {
            uint8_t byte = v & 0x7f;
            v >>= 7;
            out.push_back(byte | (v ? 0x80 : 0));
        } while (v);
    };
    Bytes body { 0 }; // no locals
    for (int i = 0; i < depth; ++i)
        body.insert(body.end(), { 0x02, 0x40 }); // block (empty type)
    body.insert(body.end(), { 0x0c, 0x00 }); // br 0
    body.insert(body.end(), size_t(depth) + 1, 0x0b); // the blocks' ends and the body's
    Bytes code { 1 }; // one body
    leb(code, uint32_t(body.size()));
    code.insert(code.end(), body.begin(), body.end());
    Bytes m { 0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10 };
    leb(m, uint32_t(code.size()));
    m.insert(m.end(), code.begin(), code.end());
    return m;
}

const char* SemanticsModule = R"((module
  (import "env" "memory" (memory 1))
  (type $ii (func (param i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $double $square $fib)

  (func $fact (export "fact") (param $n i64) (result i64)
    (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $again
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $again)))
    (local.get $acc))

  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; br_table, br_if and br out of several depths.
  (func (export "depth") (param $x i32) (result i32)
    (local $r i32)
    (block $exit
      (block $b3
        (block $b2
          (block $b1
            (block $b0
              (br_table $b0 $b1 $b2 $b3 $exit (local.get $x)))
            (local.set $r (i32.const 100))
            (br $exit))
          (local.set $r (i32.const 200))
          (br_if $exit (i32.const 1))
          (local.set $r (i32.const -1)))
        (local.set $r (i32.add (local.get $r) (i32.const 300))))
      (local.set $r (i32.add (local.get $r) (i32.const 4000))))
    (i32.add (local.get $r) (i32.const 7)))

  ;; Branches carrying values; a not-taken br_if leaves its value on the stack across a charge.
  (func (export "pick") (param $x i32) (result i32)
    (block $a (result i32)
      (block $b (result i32)
        (i32.const 10)
        (br_if $a (i32.eq (local.get $x) (i32.const 0)))
        (drop)
        (i32.const 20)
        (br_if $b (i32.eq (local.get $x) (i32.const 1)))
        (drop)
        (i32.const 30))
      (i32.const 1000)
      (i32.add)))

  (func (export "sign") (param $x i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $x) (i32.const 0))
      (then (i32.const -1))
      (else (if (result i32) (local.get $x) (then (i32.const 1)) (else (i32.const 0))))))

  (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func (export "dispatch") (param $which i32) (param $v i32) (result i32)
    (call_indirect (type $ii) (local.get $v) (local.get $which)))

  (func (export "mem") (param $x i32) (result i32)
    (i32.store (i32.const 16) (local.get $x))
    (i32.store8 (i32.const 20) (i32.const 0xff))
    (i32.add (i32.load (i32.const 16)) (i32.load8_s (i32.const 20))))

  (func (export "misc") (param $x i32) (result i64)
    (local $t i32)
    (select (i64.extend_i32_s (i32.extend8_s (local.tee $t (local.get $x))))
            (i64.const 99)
            (i32.gt_u (local.get $t) (i32.const 10))))

  ;; Code after an unconditional branch is dead; it must stay valid.
  (func (export "dead") (result i32)
    (block (br 0) (i32.const 1) (drop))
    (return (i32.const 5))
    (i32.const 6))
))";

const char* GasModule = R"((module
  (func $spin (export "spin") (loop $l (br $l)))
  (func (export "spinIf") (loop $l (br_if $l (i32.const 1))))
  ;; The loop body itself is free (one `block`); the iteration is paid inside the block.
  (func (export "spinNested") (loop $l (block (br $l))))
  (func (export "spinTable") (loop $l (block (br_table $l $l (i32.const 0)))))
  (func $rec (export "recurse") (call $rec))
  (func $ping (export "ping") (param i32) (call $pong (i32.add (local.get 0) (i32.const 1))))
  (func $pong (param i32) (call $ping (i32.sub (local.get 0) (i32.const 1))))

  (func (export "line") (result i32)
    (local $a i32)
    (local.set $a (i32.const 6))
    (i32.add (i32.mul (local.get $a) (i32.const 7)) (i32.const 100)))

  (func (export "wide") (param $p i64) (result i64)
    (i64.rem_s (i64.add (local.get $p) (i64.const 1000)) (i64.const 7)))

  (func $twice (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
  (func (export "branchy") (param $x i32) (result i32)
    (if (result i32) (local.get $x)
      (then (call $twice (local.get $x)))
      (else (i32.const 42))))

  (type $t1 (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $twice)
  (func (export "indirect") (param $x i32) (result i32)
    (call_indirect (type $t1) (local.get $x) (i32.const 0)))

  (func (export "table") (param $x i32) (result i32)
    (block $two
      (block $one
        (block $zero
          (br_table $zero $one $two (local.get $x)))
        (return (i32.const 10)))
      (return (i32.const 11)))
    (i32.const 12))

  (func (export "count") (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $s))

  (func (export "countDown") (param $n i32)
    (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
))";

} // namespace

class tst_GasInstrumenter : public QObject
{
    Q_OBJECT

    Bytes m_semanticsPlain;
    Bytes m_semanticsMetered;
    Bytes m_gasMetered;
    Bytes m_gasPlain;
    bool m_loopsMetered = true;

    static Bytes build(const char* wat)
    {
        std::string error;
        Bytes b = assemble(wat, &error);
        if (b.empty())
            qWarning("WAT does not assemble: %s", error.c_str());
        return b;
    }
    static Bytes meter(const Bytes& plain)
    {
        auto r = GasInstrumenter::instrument(plain);
        if (!r)
            qWarning("instrument failed: %s", r.error().c_str());
        return r ? r.value() : Bytes();
    }

private slots:
    void initTestCase()
    {
        m_semanticsPlain = build(SemanticsModule);
        QVERIFY(!m_semanticsPlain.empty());
        m_semanticsMetered = meter(m_semanticsPlain);
        QVERIFY(!m_semanticsMetered.empty());
        m_gasPlain = build(GasModule);
        QVERIFY(!m_gasPlain.empty());
        m_gasMetered = meter(m_gasPlain);
        QVERIFY(!m_gasMetered.empty());
    }

    // The numbers spec §5.2 quotes from Gear's v2.0 schedule; a typo in the table fails here.
    void specWeights_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<quint64>("weight");
        const std::pair<const char*, quint64> rows[] = { { "i64.const", 539 }, { "i32.const", 539 }, { "i32.add", 460 },
            { "i64.add", 1062 }, { "i32.load", 6194 }, { "i32.load8_u", 6194 }, { "i64.load", 4950 },
            { "i64.load32_s", 4950 }, { "i32.store", 9571 }, { "i32.store16", 9571 }, { "i64.store", 8649 },
            { "i64.store8", 8649 }, { "local.get", 766 }, { "local.set", 1569 }, { "global.get", 647 }, { "br", 75 },
            { "br_if", 2817 }, { "if", 4660 }, { "call", 3113 }, { "call_indirect", 31333 }, { "i32.div_s", 1028 },
            { "i64.rem_s", 8224 }, { "block", 0 }, { "loop", 0 }, { "end", 0 }, { "else", 0 }, { "return", 0 },
            { "unreachable", 0 }, { "nop", 0 }, { "drop", 0 } };
        for (const auto& [op, w] : rows)
            QTest::newRow(op) << QString::fromLatin1(op) << w;
    }
    void specWeights()
    {
        QFETCH(QString, op);
        QFETCH(quint64, weight);
        QCOMPARE(GasInstrumenter::instructionWeight(op.toUtf8().constData()), weight);
    }

    void everyIntegerInstructionIsPriced()
    {
        // All MVP integer instructions and the sign-extension ops other than the free set.
        const char* priced[] = { "select", "local.tee", "global.set", "memory.size", "br_table", "i32.sub", "i64.sub",
            "i32.mul", "i64.mul", "i32.div_u", "i64.div_s", "i64.div_u", "i32.rem_s", "i32.rem_u", "i64.rem_u",
            "i32.and", "i64.and", "i32.or", "i64.or", "i32.xor", "i64.xor", "i32.shl", "i64.shl", "i32.shr_s",
            "i64.shr_s", "i32.shr_u", "i64.shr_u", "i32.rotl", "i64.rotl", "i32.rotr", "i64.rotr", "i32.clz", "i64.clz",
            "i32.ctz", "i64.ctz", "i32.popcnt", "i64.popcnt", "i32.eqz", "i64.eqz", "i32.eq", "i64.eq", "i32.ne",
            "i64.ne", "i32.lt_s", "i64.lt_s", "i32.lt_u", "i64.lt_u", "i32.gt_s", "i64.gt_s", "i32.gt_u", "i64.gt_u",
            "i32.le_s", "i64.le_s", "i32.le_u", "i64.le_u", "i32.ge_s", "i64.ge_s", "i32.ge_u", "i64.ge_u",
            "i32.wrap_i64", "i64.extend_i32_s", "i64.extend_i32_u", "i32.extend8_s", "i32.extend16_s", "i64.extend8_s",
            "i64.extend16_s", "i64.extend32_s", "i32.load8_s", "i32.load16_s", "i32.load16_u", "i64.load8_s",
            "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_u", "i32.store8", "i64.store16", "i64.store32" };
        for (const char* op : priced)
            QVERIFY2(GasInstrumenter::instructionWeight(op) > 0, op);
        QCOMPARE(GasInstrumenter::instructionWeight("f32.add"), uint64_t(0));
        QCOMPARE(GasInstrumenter::instructionWeight("no.such"), uint64_t(0));
        QCOMPARE(GasInstrumenter::instructionWeight(nullptr), uint64_t(0));
    }

    // (1) Same results with and without metering.
    void semanticsPreserved_data()
    {
        QTest::addColumn<QString>("func");
        QTest::addColumn<Args>("args");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("fact 0") << "fact" << Args { 0 } << qint64(1);
        QTest::newRow("fact 5") << "fact" << Args { 5 } << qint64(120);
        QTest::newRow("fact 20") << "fact" << Args { 20 } << qint64(2432902008176640000LL);
        QTest::newRow("fib 0") << "fib" << Args { 0 } << qint64(0);
        QTest::newRow("fib 1") << "fib" << Args { 1 } << qint64(1);
        QTest::newRow("fib 15") << "fib" << Args { 15 } << qint64(610);
        QTest::newRow("depth 0") << "depth" << Args { 0 } << qint64(107);
        QTest::newRow("depth 1") << "depth" << Args { 1 } << qint64(207);
        QTest::newRow("depth 2") << "depth" << Args { 2 } << qint64(4307);
        QTest::newRow("depth 3") << "depth" << Args { 3 } << qint64(4007);
        QTest::newRow("depth 4") << "depth" << Args { 4 } << qint64(7);
        QTest::newRow("depth 99") << "depth" << Args { 99 } << qint64(7);
        QTest::newRow("pick 0") << "pick" << Args { 0 } << qint64(10);
        QTest::newRow("pick 1") << "pick" << Args { 1 } << qint64(1020);
        QTest::newRow("pick 2") << "pick" << Args { 2 } << qint64(1030);
        QTest::newRow("sign -5") << "sign" << Args { -5 } << qint64(-1);
        QTest::newRow("sign 0") << "sign" << Args { 0 } << qint64(0);
        QTest::newRow("sign 9") << "sign" << Args { 9 } << qint64(1);
        QTest::newRow("dispatch double") << "dispatch" << Args { 0, 21 } << qint64(42);
        QTest::newRow("dispatch square") << "dispatch" << Args { 1, 12 } << qint64(144);
        QTest::newRow("dispatch fib") << "dispatch" << Args { 2, 10 } << qint64(55);
        QTest::newRow("mem") << "mem" << Args { 41 } << qint64(40);
        QTest::newRow("misc 200") << "misc" << Args { 200 } << qint64(-56);
        QTest::newRow("misc 5") << "misc" << Args { 5 } << qint64(99);
        QTest::newRow("dead") << "dead" << Args {} << qint64(5);
    }
    void semanticsPreserved()
    {
        QFETCH(QString, func);
        QFETCH(Args, args);
        QFETCH(qint64, expected);
        Instance plain;
        QVERIFY2(plain.load(m_semanticsPlain), plain.error().c_str());
        Instance metered;
        QVERIFY2(metered.load(m_semanticsMetered), metered.error().c_str());
        QVERIFY(!plain.hasGas());
        QVERIFY(metered.hasGas());
        metered.setGas(1'000'000'000'000ULL);

        auto a = plain.call(func.toStdString(), args);
        auto b = metered.call(func.toStdString(), args);
        QVERIFY2(!a.trapped, a.trap.c_str());
        QVERIFY2(!b.trapped, b.trap.c_str());
        QCOMPARE(a.results.size(), size_t(1));
        QCOMPARE(b.results, a.results);
        QCOMPARE(qint64(a.results[0]), expected);
        QVERIFY(metered.gas() < 1'000'000'000'000ULL); // something was charged
    }

    // (2) Programs that never end run out of gas: trap, and the sentinel tells why.
    void runsOutOfGas_data()
    {
        QTest::addColumn<QString>("func");
        QTest::addColumn<Args>("args");
        QTest::addColumn<quint64>("gas");
        QTest::addColumn<bool>("endless");
        // Canary: a loop that does end (after ~0.7 s unmetered). If metering of loops broke, this
        // row fails and the endless rows below are skipped instead of hanging the suite.
        QTest::newRow("long loop") << "countDown" << Args { 20'000'000 } << quint64(10'000'000) << false;
        QTest::newRow("loop br 0") << "spin" << Args {} << quint64(10'000'000) << true;
        QTest::newRow("loop br_if 0") << "spinIf" << Args {} << quint64(10'000'000) << true;
        QTest::newRow("br from nested block") << "spinNested" << Args {} << quint64(10'000'000) << true;
        QTest::newRow("br_table from nested block") << "spinTable" << Args {} << quint64(10'000'000) << true;
        // Small enough to run out before wabt's call stack does.
        QTest::newRow("self recursion") << "recurse" << Args {} << quint64(1'000'000) << true;
        QTest::newRow("mutual recursion") << "ping" << Args { 1 } << quint64(1'000'000) << true;
        QTest::newRow("zero gas") << "line" << Args {} << quint64(0) << false;
    }
    void runsOutOfGas()
    {
        QFETCH(QString, func);
        QFETCH(Args, args);
        QFETCH(quint64, gas);
        QFETCH(bool, endless);
        if (endless && !m_loopsMetered)
            QSKIP("the long-loop canary failed; an endless loop would hang");
        Instance metered;
        QVERIFY2(metered.load(m_gasMetered), metered.error().c_str());
        metered.setGas(gas);
        const bool canary = QTest::currentDataTag() == QLatin1String("long loop");
        if (canary)
            m_loopsMetered = false; // until the checks below pass
        auto r = metered.call(func.toStdString(), args);
        QVERIFY(r.trapped);
        QCOMPARE(metered.gas(), Sentinel);
        if (canary)
            m_loopsMetered = true;
    }

    // A program's own `unreachable` traps too, but leaves the counter alone.
    void ownTrapIsNotOutOfGas()
    {
        const Bytes plain = build(R"((module (func (export "boom") (unreachable))))");
        QVERIFY(!plain.empty());
        const Bytes metered = meter(plain);
        QVERIFY(!metered.empty());
        Instance inst;
        QVERIFY2(inst.load(metered), inst.error().c_str());
        inst.setGas(1000);
        auto r = inst.call("boom", {});
        QVERIFY(r.trapped);
        QCOMPARE(inst.gas(), uint64_t(1000));
    }

    // (3) Gas used equals the sum of the weights of the instructions that ran.
    void gasIsSumOfWeights_data()
    {
        QTest::addColumn<QString>("func");
        QTest::addColumn<Args>("args");
        QTest::addColumn<qint64>("result");
        QTest::addColumn<QStringList>("executed");
        QTest::addColumn<quint64>("extra");
        QTest::newRow("straight line") << "line" << Args {} << qint64(142)
                                       << ops("i32.const local.set local.get i32.const i32.mul i32.const i32.add")
                                       << quint64(0);
        QTest::newRow("i64 ops") << "wide" << Args { 5 } << qint64(1005 % 7)
                                 << ops("local.get i64.const i64.add i64.const i64.rem_s") << quint64(0);
        QTest::newRow("if then + call") << "branchy" << Args { 4 } << qint64(8)
                                        << ops("local.get if local.get call local.get local.get i32.add") << quint64(0);
        QTest::newRow("if else") << "branchy" << Args { 0 } << qint64(42) << ops("local.get if i32.const")
                                 << quint64(0);
        // call_indirect: base weight plus 715 per parameter of the callee type (spec §5.2).
        QTest::newRow("call_indirect") << "indirect" << Args { 9 } << qint64(18)
                                       << ops("local.get i32.const call_indirect local.get local.get i32.add")
                                       << quint64(715 * 1);
        // br_table: base weight plus Gear's per-entry weight (150, v2.0 heuristics centre) per
        // target, default excluded (rules.rs uses the target list's length).
        QTest::newRow("br_table 0") << "table" << Args { 0 } << qint64(10)
                                    << ops("block block block local.get br_table i32.const return") << quint64(150 * 2);
        QTest::newRow("br_table default") << "table" << Args { 7 } << qint64(12)
                                          << ops("block block block local.get br_table i32.const") << quint64(150 * 2);
    }
    void gasIsSumOfWeights()
    {
        QFETCH(QString, func);
        QFETCH(Args, args);
        QFETCH(qint64, result);
        QFETCH(QStringList, executed);
        QFETCH(quint64, extra);
        Instance inst;
        QVERIFY2(inst.load(m_gasMetered), inst.error().c_str());
        const uint64_t start = 1'000'000'000;
        inst.setGas(start);
        auto r = inst.call(func.toStdString(), args);
        QVERIFY2(!r.trapped, r.trap.c_str());
        QCOMPARE(qint64(r.results.at(0)), result);
        QCOMPARE(start - inst.gas(), sumWeights(executed) + extra);
    }

    // (4) A loop of N iterations costs a + N*b.
    void loopCostIsLinear()
    {
        // Per iteration: the test run, then the body run ending in `br $l`.
        const uint64_t test = sumWeights(ops("local.get i32.eqz br_if"));
        const uint64_t body
            = sumWeights(ops("local.get local.get i32.add local.set local.get i32.const i32.sub local.set br"));
        // Entering: block and loop are free; leaving: the final test, then `local.get $s`.
        const uint64_t a = sumWeights(ops("block loop")) + test + sumWeights(ops("local.get"));
        const uint64_t b = test + body;
        uint64_t measured[2];
        const int ns[2] = { 10, 1000 };
        for (int i = 0; i < 2; ++i) {
            Instance inst;
            QVERIFY2(inst.load(m_gasMetered), inst.error().c_str());
            inst.setGas(1'000'000'000'000ULL);
            auto r = inst.call("count", { ns[i] });
            QVERIFY2(!r.trapped, r.trap.c_str());
            QCOMPARE(r.results.at(0), uint64_t(ns[i] * (ns[i] + 1) / 2));
            measured[i] = 1'000'000'000'000ULL - inst.gas();
            QCOMPARE(measured[i], a + uint64_t(ns[i]) * b);
        }
        QCOMPARE((measured[1] - measured[0]) / uint64_t(ns[1] - ns[0]), b);
    }

    // (5) Exactly enough gas succeeds and leaves 0; one less traps with the sentinel.
    void exactGas_data()
    {
        QTest::addColumn<QString>("func");
        QTest::addColumn<Args>("args");
        QTest::addColumn<quint64>("cost");
        QTest::newRow("line") << "line" << Args {}
                              << quint64(sumWeights(
                                     ops("i32.const local.set local.get i32.const i32.mul i32.const i32.add")));
        // count(3): a + 3b from loopCostIsLinear, spelled out.
        const uint64_t test = sumWeights(ops("local.get i32.eqz br_if"));
        const uint64_t body
            = sumWeights(ops("local.get local.get i32.add local.set local.get i32.const i32.sub local.set br"));
        QTest::newRow("count 3") << "count" << Args { 3 }
                                 << quint64(4 * test + 3 * body + sumWeights(ops("local.get")));
    }
    void exactGas()
    {
        QFETCH(QString, func);
        QFETCH(Args, args);
        QFETCH(quint64, cost);
        {
            Instance inst;
            QVERIFY2(inst.load(m_gasMetered), inst.error().c_str());
            inst.setGas(cost);
            auto r = inst.call(func.toStdString(), args);
            QVERIFY2(!r.trapped, r.trap.c_str());
            QCOMPARE(inst.gas(), uint64_t(0));
        }
        {
            Instance inst;
            QVERIFY2(inst.load(m_gasMetered), inst.error().c_str());
            inst.setGas(cost - 1);
            auto r = inst.call(func.toStdString(), args);
            QVERIFY(r.trapped);
            QCOMPARE(inst.gas(), Sentinel);
        }
    }

    // Imports are untouched, so calls still reach the right host function, and the counter is
    // an exported, mutable i64 appended after the module's own globals.
    void indicesStayValid()
    {
        const Bytes plain = build(R"((module
          (import "env" "a" (func $a (param i32)))
          (import "env" "b" (func $b (param i32)))
          (import "env" "memory" (memory 1))
          (global $g (mut i32) (i32.const 3))
          (func $inner (param i32) (call $a (i32.add (local.get 0) (global.get $g))))
          (func (export "handle") (call $b (i32.const 1)) (call $inner (i32.const 2)) (call $a (i32.const 9)))))");
        QVERIFY(!plain.empty());
        const Bytes metered = meter(plain);
        QVERIFY(!metered.empty());

        wabt::Module ir;
        wabt::Errors errors;
        wabt::Features features;
        wabt::ReadBinaryOptions options(features, nullptr, false, true, true);
        QVERIFY(wabt::Succeeded(wabt::ReadBinaryIr("m", metered.data(), metered.size(), options, &errors, &ir)));
        QCOMPARE(ir.num_func_imports, wabt::Index(2));
        QCOMPARE(ir.imports.size(), size_t(3));
        QCOMPARE(ir.funcs.size(), size_t(4));
        QCOMPARE(ir.globals.size(), size_t(4));
        QVERIFY(ir.globals[1]->mutable_);
        QVERIFY(ir.globals[1]->type == wabt::Type::I64);
        const wabt::Export* gas = ir.GetExport(GasInstrumenter::GasGlobalName);
        QVERIFY(gas);
        QCOMPARE(gas->kind, wabt::ExternalKind::Global);
        QCOMPARE(ir.GetGlobalIndex(gas->var), wabt::Index(1));
        // The write-tracking mask follows it: a mutable, exported i64.
        QVERIFY(ir.globals[2]->mutable_);
        QVERIFY(ir.globals[2]->type == wabt::Type::I64);
        const wabt::Export* dirty = ir.GetExport(GasInstrumenter::DirtyGlobalName);
        QVERIFY(dirty);
        QCOMPARE(dirty->kind, wabt::ExternalKind::Global);
        QCOMPARE(ir.GetGlobalIndex(dirty->var), wabt::Index(2));
        // And the static classes last: an immutable, exported i64.
        QVERIFY(!ir.globals[3]->mutable_);
        QVERIFY(ir.globals[3]->type == wabt::Type::I64);
        const wabt::Export* staticDirty = ir.GetExport(GasInstrumenter::StaticDirtyGlobalName);
        QVERIFY(staticDirty);
        QCOMPARE(ir.GetGlobalIndex(staticDirty->var), wabt::Index(3));

        std::vector<std::string> calls;
        auto recorder = [&calls](const char* name) {
            return [&calls, name](wi::Thread&, const wi::Values& params, wi::Values&, wi::Trap::Ptr*) {
                calls.push_back(std::string(name) + std::to_string(params[0].Get<uint32_t>()));
                return wabt::Result::Ok;
            };
        };
        Instance inst;
        QVERIFY2(inst.load(metered, { { "a", recorder("a") }, { "b", recorder("b") } }), inst.error().c_str());
        QCOMPARE(inst.gas(), uint64_t(0)); // starts empty: the host must fund every call
        inst.setGas(1'000'000);
        auto r = inst.call("handle", {});
        QVERIFY2(!r.trapped, r.trap.c_str());
        QCOMPARE(calls, (std::vector<std::string> { "b1", "a5", "a9" }));
    }

    // The name section survives, so traps and disassembly of the metered code stay readable.
    void keepsNames()
    {
        std::string error;
        const Bytes plain = assemble(SemanticsModule, &error, /*debugNames*/ true);
        QVERIFY2(!plain.empty(), error.c_str());
        const Bytes metered = meter(plain);
        QVERIFY(!metered.empty());
        wabt::Module ir;
        wabt::Errors errors;
        wabt::Features features;
        wabt::ReadBinaryOptions options(features, nullptr, /*read_debug_names*/ true, true, true);
        QVERIFY(wabt::Succeeded(wabt::ReadBinaryIr("m", metered.data(), metered.size(), options, &errors, &ir)));
        QCOMPARE(QString::fromStdString(ir.funcs.at(0)->name), QStringLiteral("$fact"));
        QCOMPARE(QString::fromStdString(ir.funcs.at(1)->name), QStringLiteral("$fib"));
        Instance inst;
        QVERIFY2(inst.load(metered), inst.error().c_str());
        inst.setGas(1'000'000'000);
        QCOMPARE(inst.call("fib", { 10 }).results, std::vector<uint64_t> { 55 });
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("wat");
        QTest::addColumn<QString>("message");
        QTest::newRow("memory.grow") << R"((module (memory 1)
            (func (export "handle") (drop (memory.grow (i32.const 1))))))"
                                     << "memory.grow is not allowed";
        QTest::newRow("float")
            << R"((module (func (export "handle") (result f32) (f32.add (f32.const 1) (f32.const 2)))))"
            << "instruction f32.const has no gas weight";
        QTest::newRow("already exported") << R"((module (global (export "gear_gas") (mut i64) (i64.const 0))))"
                                          << "already exports gear_gas";
        QTest::newRow("dirty already exported") << R"((module (global (export "gear_dirty") (mut i32) (i32.const 0))))"
                                                << "already exports gear_dirty";
        QTest::newRow("static dirty already exported")
            << R"((module (global (export "gear_dirty_static") i64 (i64.const 0))))"
            << "already exports gear_dirty_static";
    }
    void rejects()
    {
        QFETCH(QString, wat);
        QFETCH(QString, message);
        const Bytes plain = build(wat.toStdString().c_str());
        QVERIFY(!plain.empty());
        auto r = GasInstrumenter::instrument(plain);
        QVERIFY(!r);
        QVERIFY2(QString::fromStdString(r.error()).contains(message), r.error().c_str());
    }

    void rejectsGarbage()
    {
        auto r = GasInstrumenter::instrument(Bytes { 0, 'a', 's', 'm', 9, 9, 9, 9 });
        QVERIFY(!r);
        QVERIFY(r.error().find("cannot read module") != std::string::npos);
    }

    void nesting_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("10000") << 10000 << true;
        QTest::newRow("10001") << 10001 << false;
        // About the deepest nesting that fits Gear's 512 KiB code limit (3 bytes per level).
        QTest::newRow("170000") << 170000 << false;
    }
    void nesting()
    {
        QFETCH(int, depth);
        QFETCH(bool, accepted);
        auto r = GasInstrumenter::instrument(nestedBlocksModule(depth));
        QCOMPARE(bool(r), accepted);
        if (!accepted)
            QVERIFY2(r.error().find("nested deeper") != std::string::npos, r.error().c_str());
    }

    /* Write tracking: every store marks the chunk class of the bytes it writes, whichever way the
     * instrumenter rewrote it (constant address, value from a single push, anything else), for
     * every width and offset, including stores that straddle a 1 KiB chunk. The oracle is the
     * interpreter's memory itself: every byte that changed must be covered by the mask. The
     * tracking must not change what the code computes nor the gas it burns. */
    void writeTracking_data()
    {
        QTest::addColumn<QString>("store");
        QTest::addColumn<QString>("valueType");
        QTest::addColumn<int>("width");
        QTest::addColumn<quint32>("address");
        QTest::addColumn<quint32>("offset");
        QTest::addColumn<QString>("addressForm");
        QTest::addColumn<QString>("valueForm");
        const struct
        {
            const char* op;
            const char* type;
            int width;
        } stores[] = { { "i32.store", "i32", 4 }, { "i32.store8", "i32", 1 }, { "i32.store16", "i32", 2 },
            { "i64.store", "i64", 8 }, { "i64.store8", "i64", 1 }, { "i64.store16", "i64", 2 },
            { "i64.store32", "i64", 4 } };
        // In a chunk; across a 1 KiB chunk boundary; across a 16 KiB gear page; a class that
        // aliases class 1 (chunk 33); the very end of memory.
        const quint32 addresses[] = { 0x10, 0x3FE, 0x3FFD, 33 * 1024 + 0x10, 0xFFF8 };
        const quint32 offsets[] = { 0, 1021 };
        for (const auto& st : stores) {
            for (quint32 a : addresses) {
                for (quint32 off : offsets) {
                    if (uint64_t(a) + off + st.width > 0x10000)
                        continue;
                    for (const char* af : { "const", "local", "call" }) {
                        for (const char* vf : { "push", "computed", "load", "select", "tee", "block" }) {
                            QTest::addRow("%s a=0x%x off=%u addr=%s value=%s", st.op, a, off, af, vf)
                                << st.op << st.type << st.width << a << off << af << vf;
                        }
                    }
                }
            }
        }
    }
    void writeTracking()
    {
        QFETCH(QString, store);
        QFETCH(QString, valueType);
        QFETCH(int, width);
        QFETCH(quint32, address);
        QFETCH(quint32, offset);
        QFETCH(QString, addressForm);
        QFETCH(QString, valueForm);
        const QString addr = addressForm == "const" ? QString("(i32.const %1)").arg(address)
            : addressForm == "local"                ? QString("(local.get $a)")
                                                    : QString("(call $id (local.get $a))");
        const QString constant = valueType == "i32" ? "(i32.const 0x01020304)" : "(i64.const 0x0102030405060708)";
        // Value computations of every shape the instrumenter's address search walks through (or
        // gives up on: block), some holding constants of their own that are not the address.
        QString value = constant;
        if (valueForm == "computed")
            value = QString("(%1.add %2 (%1.const 0))").arg(valueType, constant);
        else if (valueForm == "load")
            value = QString("(%1.add (%1.load (i32.const 0x7000)) %2)").arg(valueType, constant);
        else if (valueForm == "select")
            value = QString("(select %2 (%1.const 0) (i32.eqz (i32.const 0)))").arg(valueType, constant);
        else if (valueForm == "tee")
            value = QString("(local.tee $%1 %2)").arg(valueType, constant);
        else if (valueForm == "block")
            value = QString("(block (result %1) %2)").arg(valueType, constant);
        const QString wat = QString(R"((module
          (import "env" "memory" (memory 1))
          (func $id (param i32) (result i32) (local.get 0))
          (func (export "f") (param $a i32) (result i32) (local $i32 i32) (local $i64 i64)
            (%1 offset=%2 %3 %4)
            (i32.const 7))))")
                                .arg(store)
                                .arg(offset)
                                .arg(addr, value);
        const Bytes plain = build(wat.toUtf8().constData());
        QVERIFY(!plain.empty());
        const Bytes tracked = meter(plain);
        auto gasOnly = GasInstrumenter::instrument(plain, false);
        QVERIFY2(gasOnly, gasOnly ? "" : gasOnly.error().c_str());

        Instance withTracking;
        QVERIFY2(withTracking.load(tracked), withTracking.error().c_str());
        Instance without;
        QVERIFY2(without.load(gasOnly.value()), without.error().c_str());
        QVERIFY(!without.dirty());
        const uint64_t gas = 1'000'000;
        withTracking.setGas(gas);
        without.setGas(gas);
        const Bytes before = withTracking.memory();
        auto r = withTracking.call("f", { int64_t(address) });
        auto r0 = without.call("f", { int64_t(address) });
        QVERIFY2(!r.trapped, r.trap.c_str());
        QVERIFY2(!r0.trapped, r0.trap.c_str());
        QCOMPARE(r.results, r0.results);
        QCOMPARE(withTracking.gas(), without.gas()); // tracking is free of charge
        QCOMPARE(withTracking.memory(), without.memory());

        const auto mask = withTracking.dirty();
        QVERIFY(mask);
        const uint64_t covered = *mask;
        const Bytes after = withTracking.memory();
        int changedBytes = 0;
        for (size_t i = 0; i < after.size(); ++i) {
            if (after[i] == before[i])
                continue;
            ++changedBytes;
            const uint64_t cls = uint64_t(i >> GasInstrumenter::DirtyChunkShift) % GasInstrumenter::DirtyClasses;
            QVERIFY2((covered >> cls) & 1u,
                qPrintable(QString("byte 0x%1 changed, mask 0x%2").arg(i, 0, 16).arg(*mask, 0, 16)));
        }
        QCOMPARE(changedBytes, width); // every byte of the value is non-zero
        // Precise, not "everything": the first byte's class and at most the next one.
        QVERIFY2(__builtin_popcountll(*mask) <= 2, qPrintable(QString::number(*mask, 16)));
        if (addressForm == "const" && valueForm != "block") {
            // A constant address is found through the value's computation: exactly the chunks
            // of the first and the last byte, known statically (no code runs for them).
            const uint64_t first = uint64_t(address) + offset;
            const uint64_t last = first + uint64_t(width) - 1;
            const uint64_t exact = (uint64_t(1) << ((first >> GasInstrumenter::DirtyChunkShift) % 64))
                | (uint64_t(1) << ((last >> GasInstrumenter::DirtyChunkShift) % 64));
            QCOMPARE(*mask, exact);
            QCOMPARE(withTracking.staticDirty(), std::optional<uint64_t>(exact));
            QCOMPARE(withTracking.dynamicDirty(), uint64_t(0));
        } else {
            QCOMPARE(withTracking.staticDirty(), std::optional<uint64_t>(0));
        }
    }

    /** Constant-address stores go to `gear_dirty_static` up to MaxStaticDirtyClasses classes; the
     *  ones after that are tracked per store again, so every written byte stays covered and the
     *  static set stays small. A constant store that never runs is in the static set (the host
     *  then compares its chunk for nothing, by design). */
    void staticDirtyClassesAreCapped()
    {
        QString stores;
        const int n = 12; // one store per 1 KiB chunk, chunks 0..11: more classes than the cap
        for (int c = 0; c < n; ++c)
            stores += QString("(i32.store (i32.const %1) (i32.const 0x01020304))").arg(c * 1024 + 8);
        const QString wat = QString(R"((module
          (import "env" "memory" (memory 1))
          (func (export "f") (result i32) %1 (i32.const 7))
          (func (export "never") (i32.store (i32.const 0xF000) (i32.const 1)))))")
                                .arg(stores);
        const Bytes plain = build(wat.toUtf8().constData());
        QVERIFY(!plain.empty());
        Instance inst;
        QVERIFY2(inst.load(meter(plain)), inst.error().c_str());
        inst.setGas(1'000'000);
        const Bytes before = inst.memory();
        auto r = inst.call("f", {});
        QVERIFY2(!r.trapped, r.trap.c_str());
        const auto stat = inst.staticDirty();
        QVERIFY(stat);
        QCOMPARE(__builtin_popcountll(*stat), GasInstrumenter::MaxStaticDirtyClasses);
        QCOMPARE(*stat, (uint64_t(1) << GasInstrumenter::MaxStaticDirtyClasses) - 1); // chunks 0..7, in code order
        QCOMPARE(inst.dynamicDirty(), ((uint64_t(1) << n) - 1) & ~*stat); // chunks 8..11 at run time
        const Bytes after = inst.memory();
        for (size_t i = 0; i < after.size(); ++i) {
            if (after[i] != before[i])
                QVERIFY2((*inst.dirty() >> ((i >> GasInstrumenter::DirtyChunkShift) % 64)) & 1u,
                    qPrintable(QString::number(i, 16)));
        }
        // The store of `never` (chunk 60) did not fit under the cap either: tracked when it runs.
        QVERIFY(!((*stat >> 60) & 1u));

        // Under the cap, a constant store counts whether or not it runs.
        const Bytes small = build(R"((module (import "env" "memory" (memory 1))
          (func (export "f") (result i32) (i32.const 7))
          (func (export "never") (i32.store (i32.const 0xF000) (i32.const 1)))))");
        QVERIFY(!small.empty());
        Instance other;
        QVERIFY2(other.load(meter(small)), other.error().c_str());
        QCOMPARE(other.staticDirty(), std::optional<uint64_t>(uint64_t(1) << 60));
    }

    // Gas-only instrumentation (the runtime's fallback) adds no tracking global.
    void writeTrackingOff()
    {
        const Bytes plain = build(R"((module (import "env" "memory" (memory 1))
          (func (export "f") (param $a i32) (result i32) (i32.store (local.get $a) (i32.const 1)) (i32.const 0))))");
        auto r = GasInstrumenter::instrument(plain, false);
        QVERIFY(r);
        Instance inst;
        QVERIFY2(inst.load(r.value()), inst.error().c_str());
        QVERIFY(inst.hasGas());
        QVERIFY(!inst.dirty());
    }

    // Not a pass/fail check: prints the metering overhead for the report.
    void overhead()
    {
        const int iterations = 2'000'000; // 5 instructions each: ~10M plain instructions
        auto time = [&](const Bytes& wasm, bool metered, qint64* ms) {
            Instance inst;
            QVERIFY2(inst.load(wasm), inst.error().c_str());
            if (metered)
                inst.setGas(~uint64_t(0) - 1);
            QElapsedTimer t;
            t.start();
            auto r = inst.call("countDown", { iterations });
            *ms = t.elapsed();
            QVERIFY2(!r.trapped, r.trap.c_str());
        };
        qint64 plainMs = 0;
        qint64 meteredMs = 0;
        time(m_gasPlain, false, &plainMs);
        time(m_gasMetered, true, &meteredMs);
        qInfo("countDown(%d): plain %lld ms, metered %lld ms (x%.2f)", iterations, plainMs, meteredMs,
            plainMs ? double(meteredMs) / double(plainMs) : 0.0);
    }
};

QTEST_GUILESS_MAIN(tst_GasInstrumenter)
#include "tst_gasinstrumenter.moc"
