// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "code/codeloader.h"
#include "code/gearvalidator.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

using namespace Gearscope;

namespace {

Bytes toBytes(const QByteArray& a) { return Bytes(a.begin(), a.end()); }
QByteArray toQByteArray(const Bytes& b) { return QByteArray(reinterpret_cast<const char*>(b.data()), int(b.size())); }

/// A module with the imported memory and a `handle` export around `body`, so each rejection
/// row only spells out what it is about.
QByteArray mod(const QByteArray& body)
{
    return "(module\n  (import \"env\" \"memory\" (memory 1))\n" + body + "\n  (func (export \"handle\")))\n";
}

QByteArray repeat(const QByteArray& piece, int times)
{
    QByteArray out;
    for (int i = 0; i < times; ++i)
        out += piece;
    return out;
}

/// Runs an outside tool and returns its stdout; fails the test if it cannot run.
QByteArray runTool(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning() << program << args << p.readAllStandardError();
        return QByteArray();
    }
    return p.readAllStandardOutput();
}

Bytes assemble(const QByteArray& wat)
{
    auto r = CodeLoader::assembleWat(toBytes(wat), "fixture.wat");
    if (!r)
        qWarning("%s", r.error().c_str());
    return r ? r.value() : Bytes();
}

/// Opcode bytes from the Wasm MVP binary encoding, written down here rather than taken from
/// wabt so the offset check below does not trust the code it tests.
constexpr uint8_t OpF32ConvertI32S = 0xb2;
constexpr uint8_t OpMemoryGrow = 0x40;

} // namespace

class tst_CodeLoader : public QObject
{
    Q_OBJECT
private slots:
    void rejects_data()
    {
        QTest::addColumn<QByteArray>("wat");
        QTest::addColumn<QString>("expected");
        // What the same module gives as a binary, where that differs: features Gear leaves out
        // stop wabt's decoder (with its own words) before any Gear rule runs.
        QTest::addColumn<QString>("binaryExpected");
        auto row = [](const char* name, const QByteArray& wat, const QString& expected,
                       const QString& binaryExpected = QString()) {
            QTest::newRow(name) << wat << expected << (binaryExpected.isEmpty() ? expected : binaryExpected);
        };

        // Imports (spec §7.1, §7.3).
        row("import not from env", mod("(import \"foo\" \"gr_reply\" (func (param i32 i32 i32 i32)))"),
            "import foo.gr_reply: imports must come from module \"env\"");
        row("unknown syscall", mod("(import \"env\" \"gr_foo\" (func))"), "import env.gr_foo: unknown syscall");
        row("wrong signature", mod("(import \"env\" \"gr_send\" (func (param i32 i32)))"),
            "import env.gr_send: wrong signature (i32, i32) -> (), expected (i32, i32, i32, i32, i32) -> ()");
        row("wrong result", mod("(import \"env\" \"alloc\" (func (param i32)))"),
            "import env.alloc: wrong signature (i32) -> (), expected (i32) -> i32");
        row("i32 where i64 is due", mod("(import \"env\" \"gr_reserve_gas\" (func (param i32 i32 i32)))"),
            "import env.gr_reserve_gas: wrong signature (i32, i32, i32) -> (), expected (i64, i32, i32) -> ()");
        row("gr_system_break", mod("(import \"env\" \"gr_system_break\" (func (param i32)))"),
            "import env.gr_system_break: reserved for the instrumentation");
        row("duplicate import", mod("(import \"env\" \"gr_leave\" (func))\n(import \"env\" \"gr_leave\" (func))"),
            "import env.gr_leave: duplicate import");
        row("global import", mod("(import \"env\" \"g\" (global i32))"),
            "import env.g: global imports are not allowed");
        row("table import", mod("(import \"env\" \"t\" (table 1 funcref))"),
            "import env.t: table imports are not allowed");

        // Memory.
        row("memory wrong name", QByteArray("(module (import \"env\" \"mem\" (memory 1)) (func (export \"handle\")))"),
            "import env.mem: memory must be imported as env.memory");
        row("memory defined", QByteArray("(module (memory 1) (func (export \"handle\")))"),
            "memory: the module defines its own memory");
        row("memory missing", QByteArray("(module (func (export \"handle\")))"), "no memory import");
        row("memory too big",
            QByteArray("(module (import \"env\" \"memory\" (memory 32769)) (func (export \"handle\")))"),
            "import env.memory: 32769 initial pages exceed the limit of 32768");

        // Floats, everywhere they can hide.
        row("float in type", mod("(type (func (param f32)))"), "type 0: float type f32 in (f32) -> ()");
        row("float result in type", mod("(type (func (param i32) (result f64)))"),
            "type 0: float type f64 in (i32) -> f64");
        row("float in function signature", mod("(func (param i32 f64))"), "float type f64");
        row("float local", mod("(func (local i32 f32))"), "local 1 has float type f32");
        row("float global", mod("(global f64 (f64.const 1))"), "global 0: float type f64");
        row("float const", mod("(func (drop (f32.const 1)))"), "float instruction f32.const");
        row("float load", mod("(func (drop (f64.load (i32.const 0))))"), "function 0: float instruction f64.load");
        row("float convert", mod("(func $f (drop (f32.convert_i32_s (i32.const 1))))"),
            "function 0 ($f): float instruction f32.convert_i32_s");
        row("float in nested block",
            mod("(func (block (loop (if (i32.const 1) (then (drop (f32.convert_i32_u (i32.const 1))))))))"),
            "float instruction f32.convert_i32_u");
        row("float block type", mod("(func (drop (block (result f32) (unreachable))))"), "block of type () -> f32");
        row("saturating trunc", mod("(func (drop (i32.trunc_sat_f32_s (f32.const 1))))"), "trunc_sat",
            "malformed Wasm binary at offset 0x3c: unexpected opcode: 0xfc 0x0");

        // Instructions and sections Gear leaves out.
        row("memory.grow", mod("(func (drop (memory.grow (i32.const 1))))"), "function 0: memory.grow");
        row("start section", mod("(func $s)\n(start $s)"), "start section (function 0 ($s)) is not allowed");
        row("bulk memory", mod("(func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0)))"), "memory.fill",
            "malformed Wasm binary at offset 0x3d: unexpected opcode: 0xfc 0xb");
        row("simd", mod("(func (drop (v128.const i32x4 0 0 0 0)))"), "v128", "unexpected opcode: 0xfd");
        row("reference types", mod("(func (drop (ref.null func)))"), "ref.null", "unexpected opcode: 0xd0");
        row("multi-value type", mod("(type (func (result i32 i32)))"),
            "type 0: returns 2 values (multi-value is not allowed)");
        row("multi-value function", mod("(func $two (result i64 i64) (i64.const 1) (i64.const 2))"),
            "returns 2 values");
        row("multi-value block", mod("(func (i32.const 1) (block (param i32) (drop)))"), "block of type (i32) -> ()",
            "expected valid block signature type");
        row("too many params", mod("(type (func (param " + repeat("i32 ", 129) + ")))"),
            "type 0: 129 params and results, limit 128");

        // Exports.
        row("export not an entry point", mod("(func (export \"main\"))"), "export \"main\": not an entry point");
        row("export with params", mod("(func (export \"init\") (param i32))"),
            "export \"init\": must have type () -> (), has (i32) -> ()");
        row("export with result", mod("(func (export \"state\") (result i32) (i32.const 0))"),
            "export \"state\": must have type () -> (), has () -> i32");
        row("export of an import",
            QByteArray("(module (import \"env\" \"memory\" (memory 1)) (import \"env\" \"gr_leave\" (func $l))"
                       " (export \"handle\" (func $l)))"),
            "export \"handle\": refers to the imported function env.gr_leave");
        row("no init or handle",
            QByteArray("(module (import \"env\" \"memory\" (memory 1)) (func (export \"handle_reply\")))"),
            "no entry point: the module must export init or handle");
        row("mutable global export", mod("(global (export \"sp\") (mut i32) (i32.const 0))"),
            "export \"sp\": exports mutable global 0");
        row("stack end not i32", mod("(global (export \"__gear_stack_end\") i64 (i64.const 0))"),
            "export __gear_stack_end: must be an i32 global, is i64");
        row("stack end unaligned",
            QByteArray("(module (import \"env\" \"memory\" (memory 2))"
                       " (global (export \"__gear_stack_end\") i32 (i32.const 0x18000)) (func (export \"handle\")))"),
            "export __gear_stack_end: 0x18000 is not a multiple of 64 KiB");
        row("stack end beyond memory", mod("(global (export \"__gear_stack_end\") (mut i32) (i32.const 0x20000))"),
            "export __gear_stack_end: 0x20000 lies beyond static memory (1 pages = 0x10000 bytes)");

        // Data segments.
        row("data outside memory", mod("(data (i32.const 0xffff) \"ab\")"),
            "data segment 0: bytes 0xffff..0x10001 lie outside static memory");
        row("second data segment outside", mod("(data (i32.const 0) \"ok\") (data (i32.const 0x10000) \"x\")"),
            "data segment 1: bytes 0x10000..0x10001 lie outside static memory");
        row("data below stack end",
            QByteArray("(module (import \"env\" \"memory\" (memory 2))"
                       " (global (export \"__gear_stack_end\") i32 (i32.const 0x10000))"
                       " (data (i32.const 0x100) \"x\") (func (export \"handle\")))"),
            "data segment 0: starts at 0x100, below __gear_stack_end 0x10000");
        row("too many data segments", mod(repeat("(data (i32.const 0) \"x\")\n", 1025)),
            "1025 data segments, limit 1024");

        // Sizes.
        row("code over 512 KiB",
            QByteArray("(module (import \"env\" \"memory\" (memory 16)) (data (i32.const 0) \"" + repeat("x", 530000)
                + "\") (func (export \"handle\")))"),
            "bytes, limit 524288 (512 KiB)");
        row("type section over 20 KiB", mod(repeat("(type (func (param " + repeat("i32 ", 120) + ")))\n", 200)),
            "type section is");
    }

    void rejects()
    {
        QFETCH(QByteArray, wat);
        QFETCH(QString, expected);
        auto r = CodeLoader::load(toBytes(wat), "prog.wat");
        QVERIFY2(!r.ok(), "module was accepted");
        const QString error = QString::fromStdString(r.error());
        QVERIFY2(error.contains(expected), qPrintable("error was: " + error));
        QVERIFY2(error.startsWith("prog.wat"), qPrintable("error was: " + error));
    }

    /// The same rules hold for binary input, where messages carry byte offsets instead of lines.
    void rejectsBinary_data() { rejects_data(); }
    void rejectsBinary()
    {
        QFETCH(QByteArray, wat);
        QFETCH(QString, binaryExpected);
        // Plain assembly (wabt's default features) can express what Gear's feature set cannot.
        auto binary = CodeLoader::assembleWat(toBytes(wat), "fixture.wat");
        QVERIFY2(binary.ok(), binary.error().c_str());
        auto r = CodeLoader::load(binary.value(), "prog.wasm");
        QVERIFY2(!r.ok(), "module was accepted");
        const QString error = QString::fromStdString(r.error());
        QVERIFY2(error.startsWith("prog.wasm: "), qPrintable("error was: " + error));
        QVERIFY2(error.contains(binaryExpected), qPrintable("error was: " + error));
    }

    void acceptsMinimal()
    {
        auto r = CodeLoader::load(toBytes(mod("")), "min.wat");
        QVERIFY2(r.ok(), r.error().c_str());
        QCOMPARE(r->staticPages, 1u);
        QVERIFY(!r->maxPages);
        QVERIFY(!r->stackEnd);
        QCOMPARE(r->exports, std::vector<std::string> { "handle" });
        QVERIFY(r->imports.empty());
        QVERIFY(r->fromText);
        QVERIFY(r->hasExport("handle"));
        QVERIFY(!r->hasExport("init"));
        QCOMPARE(r->instructionCount, 0u);
        QVERIFY(!r->instrumented.empty());
    }

    void acceptsFullProgram()
    {
        const QByteArray wat = R"((module
  (import "env" "memory" (memory 2 16))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (import "env" "gr_send_wgas" (func (param i32 i32 i32 i64 i32 i32)))
  (import "env" "alloc" (func (param i32) (result i32)))
  (import "env" "gr_pay_program_rent" (func (param i32 i32)))
  (global $sp (mut i32) (i32.const 0x10000))
  (global (export "version") i32 (i32.const 3))
  (export "__gear_stack_end" (global $sp))
  (data (i32.const 0x10000) "hello")
  (data (i32.const 0x1fff0) "0123456789abcdef")
  (func (export "init"))
  (func (export "handle")
    (drop (i32.add (i32.const 1) (i32.const 2)))
    (block (nop) (if (i32.const 0) (then (nop)) (else (unreachable)))))
  (func (export "handle_reply"))
  (func (export "state") (local i64) (local.set 0 (i64.extend8_s (i64.const 1))))
  (func $helper (param i32) (result i32) (local.get 0)))
)";
        auto r = CodeLoader::load(toBytes(wat), "full.wat");
        QVERIFY2(r.ok(), r.error().c_str());
        const CodeInfo& info = r.value();
        QCOMPARE(info.staticPages, 2u);
        QCOMPARE(info.maxPages, std::optional<uint32_t>(16));
        QCOMPARE(info.stackEnd, std::optional<uint32_t>(0x10000));
        QCOMPARE(info.exports, (std::vector<std::string> { "init", "handle", "handle_reply", "state" }));
        QCOMPARE(info.imports.size(), size_t(4));
        QCOMPARE(info.imports[0].name, std::string("gr_reply"));
        QCOMPARE(info.imports[0].params, std::string("iiii"));
        QCOMPARE(info.imports[0].results, std::string(""));
        QCOMPARE(info.imports[1].name, std::string("gr_send_wgas"));
        QCOMPARE(info.imports[1].params, std::string("iiiIii"));
        QCOMPARE(info.imports[2].name, std::string("alloc"));
        QCOMPARE(info.imports[2].results, std::string("i"));
        QVERIFY(!info.imports[2].legacy);
        QCOMPARE(info.imports[3].name, std::string("gr_pay_program_rent"));
        QVERIFY(info.imports[3].legacy);
        QVERIFY(info.fromText);
        // handle: drop, i32.add, 2× i32.const, block, nop, if, i32.const, nop, unreachable = 10;
        // state: local.set, i64.extend8_s, i64.const = 3; helper: local.get = 1.
        QCOMPARE(info.instructionCount, 14u);

        // The original keeps the stack-end export; the module handed on does not.
        const QByteArray original = toQByteArray(info.original);
        const QByteArray instrumented = toQByteArray(info.instrumented);
        QVERIFY(original.contains("__gear_stack_end"));
        QVERIFY(!instrumented.contains("__gear_stack_end"));
        QVERIFY(instrumented.contains("version")); // the other global export survives

        // Outside check with wabt's own command-line dumper.
        const QString objdump = QStandardPaths::findExecutable("wasm-objdump");
        if (objdump.isEmpty())
            QSKIP("wasm-objdump not installed");
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(instrumented);
        file.flush();
        const QString dump = QString::fromUtf8(runTool(objdump, { "-x", "-j", "Export", file.fileName() }));
        QVERIFY2(dump.contains("-> \"handle\""), qPrintable(dump));
        QVERIFY2(dump.contains("-> \"version\""), qPrintable(dump));
        QVERIFY2(!dump.contains("__gear_stack_end"), qPrintable(dump));
    }

    void acceptsBinaryInput()
    {
        const Bytes binary = assemble(mod("(func $h (drop (i32.const 7)))"));
        QVERIFY(!binary.empty());
        auto r = CodeLoader::load(binary, "prog.wasm");
        QVERIFY2(r.ok(), r.error().c_str());
        QVERIFY(!r->fromText);
        QVERIFY(r->original == binary);
        QCOMPARE(r->instructionCount, 2u);
        // Same text through load(): the assembled binary is the same bytes.
        auto fromText = CodeLoader::load(toBytes(mod("(func $h (drop (i32.const 7)))")), "prog.wat");
        QVERIFY2(fromText.ok(), fromText.error().c_str());
        QVERIFY(fromText->original == binary);
        QCOMPARE(fromText->id, r->id);
    }

    void immutableStackEnd()
    {
        const QByteArray wat = "(module (import \"env\" \"memory\" (memory 3))"
                               " (global (export \"__gear_stack_end\") i32 (i32.const 0x20000))"
                               " (data (i32.const 0x20000) \"x\") (func (export \"init\")))";
        auto r = CodeLoader::load(toBytes(wat), "prog.wat");
        QVERIFY2(r.ok(), r.error().c_str());
        QCOMPARE(r->stackEnd, std::optional<uint32_t>(0x20000));
        QCOMPARE(r->exports, std::vector<std::string> { "init" });
        QVERIFY(!toQByteArray(r->instrumented).contains("__gear_stack_end"));
    }

    void looksLikeBinary()
    {
        QVERIFY(CodeLoader::looksLikeBinaryWasm(toBytes(QByteArray("\0asm\1\0\0\0", 8))));
        QVERIFY(CodeLoader::looksLikeBinaryWasm(toBytes(QByteArray("\0asm", 4))));
        QVERIFY(!CodeLoader::looksLikeBinaryWasm(toBytes(QByteArray("\0as", 3))));
        QVERIFY(!CodeLoader::looksLikeBinaryWasm(toBytes("(module)")));
        QVERIFY(!CodeLoader::looksLikeBinaryWasm(Bytes()));
    }

    void codeIdMatchesOutsideBlake2b_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("wat") << mod("(func (drop (i32.const 1)))");
        QTest::newRow("binary") << toQByteArray(assemble(mod("(data (i32.const 8) \"abc\")")));
        // The id is of the uploaded bytes, not of the copy with the stack-end export stripped.
        QTest::newRow("stack end") << mod("(global (export \"__gear_stack_end\") i32 (i32.const 0x10000))");
    }
    void codeIdMatchesOutsideBlake2b()
    {
        QFETCH(QByteArray, input);
        auto r = CodeLoader::load(toBytes(input), "prog");
        QVERIFY2(r.ok(), r.error().c_str());
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(toQByteArray(r->original));
        file.flush();
        const QByteArray out = runTool("python3",
            { "-c",
                "import hashlib,sys;print(hashlib.blake2b(open(sys.argv[1],'rb').read(),digest_size=32).hexdigest())",
                file.fileName() });
        QVERIFY(!out.isEmpty());
        QCOMPARE(QString::fromStdString(r->id.hex()), QString::fromLatin1(out.trimmed()));
    }

    void watSyntaxErrorHasLine()
    {
        const QByteArray wat = "(module\n"
                               "  (import \"env\" \"memory\" (memory 1))\n"
                               "  (func (export \"handle\")\n"
                               "    (i32.bogus))\n"
                               ")\n";
        auto r = CodeLoader::load(toBytes(wat), "prog.wat");
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error()).startsWith("prog.wat:4:6: "), r.error().c_str());

        auto a = CodeLoader::assembleWat(toBytes(wat), "other.wat");
        QVERIFY(!a.ok());
        QVERIFY2(QString::fromStdString(a.error()).startsWith("other.wat:4:6: "), a.error().c_str());
    }

    void watTypeErrorHasLine()
    {
        const QByteArray wat = "(module\n"
                               "  (import \"env\" \"memory\" (memory 1))\n"
                               "  (func (export \"handle\")\n"
                               "    (drop (i32.add (i32.const 1) (i64.const 2)))))\n";
        auto r = CodeLoader::load(toBytes(wat), "prog.wat");
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error()).startsWith("prog.wat:4:"), r.error().c_str());
        QVERIFY2(QString::fromStdString(r.error()).contains("type mismatch"), r.error().c_str());
    }

    /// Gear rule violations in text point at the offending line too.
    void gearErrorInTextHasLine()
    {
        const QByteArray wat = "(module\n"
                               "  (import \"env\" \"memory\" (memory 1))\n"
                               "  (func (export \"handle\")\n"
                               "    (drop (i32.const 1))\n"
                               "    (drop (f32.convert_i32_s (i32.const 1)))))\n";
        auto r = CodeLoader::load(toBytes(wat), "prog.wat");
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error()).startsWith("prog.wat:5:"), r.error().c_str());

        const QByteArray imports = "(module\n"
                                   "  (import \"env\" \"memory\" (memory 1))\n"
                                   "  (import \"env\" \"gr_reply\" (func (param i32 i32 i32 i32)))\n"
                                   "  (import \"env\" \"gr_nope\" (func))\n"
                                   "  (func (export \"handle\")))\n";
        r = CodeLoader::load(toBytes(imports), "prog.wat");
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.error()), QString("prog.wat:4:4: import env.gr_nope: unknown syscall"));
    }

    /// In a binary, the reported offset is the offending instruction's opcode byte.
    void binaryErrorOffsetPointsAtOpcode_data()
    {
        QTest::addColumn<QByteArray>("wat");
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("opcode");
        QTest::newRow("float") << mod("(func (drop (i32.const 5)) (drop (f32.convert_i32_s (i32.const 1))))")
                               << "float instruction f32.convert_i32_s at offset " << int(OpF32ConvertI32S);
        QTest::newRow("grow") << mod("(func (nop) (drop (memory.grow (i32.const 1))))") << "memory.grow at offset "
                              << int(OpMemoryGrow);
    }
    void binaryErrorOffsetPointsAtOpcode()
    {
        QFETCH(QByteArray, wat);
        QFETCH(QString, what);
        QFETCH(int, opcode);
        const Bytes binary = assemble(wat);
        QVERIFY(!binary.empty());
        auto r = CodeLoader::load(binary, "prog.wasm");
        QVERIFY(!r.ok());
        const QString error = QString::fromStdString(r.error());
        const int at = error.indexOf(what);
        QVERIFY2(at >= 0, qPrintable(error));
        bool ok = false;
        const qulonglong offset = error.mid(at + what.size()).section(' ', 0, 0).toULongLong(&ok, 16);
        QVERIFY2(ok, qPrintable(error));
        QVERIFY(offset < binary.size());
        QCOMPARE(int(binary[offset]), opcode);
    }

    void emptyInput()
    {
        auto r = CodeLoader::load(Bytes(), "empty.wasm");
        QVERIFY(!r.ok());
        QCOMPARE(
            QString::fromStdString(r.error()), QString("empty.wasm: empty input (expected a Wasm binary or WAT text)"));
    }

    void badVersion()
    {
        auto r = CodeLoader::load(toBytes(QByteArray("\0asm\2\0\0\0", 8)), "v2.wasm");
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error()).startsWith("v2.wasm: malformed Wasm binary at offset 0x"),
            r.error().c_str());
        QVERIFY2(QString::fromStdString(r.error()).contains("version"), r.error().c_str());
    }

    /// A minimal Gear program written out byte by byte, independent of any assembler.
    static Bytes handWrittenModule()
    {
        return toBytes(QByteArray::fromHex("0061736d01000000" // magic, version 1
                                           "010401600000" // type section: () -> ()
                                           "020f0103656e76066d656d6f7279020001" // import env.memory, 1 page
                                           "03020100" // function section: one function of type 0
                                           "070a010668616e646c650000" // export "handle" = function 0
                                           "0a0a010800410141026a1a0b")); // code: (drop (i32.add 1 2))
    }

    void handWrittenBinary()
    {
        auto r = CodeLoader::load(handWrittenModule(), "hand.wasm");
        QVERIFY2(r.ok(), r.error().c_str());
        QCOMPARE(r->instructionCount, 4u);
        QCOMPARE(r->staticPages, 1u);
        QCOMPARE(r->exports, std::vector<std::string> { "handle" });
    }

    void truncatedBinary()
    {
        // The code section comes last, so no proper prefix is a complete module.
        const Bytes binary = handWrittenModule();
        for (size_t n = 1; n < binary.size(); ++n) {
            const Bytes cut(binary.begin(), binary.begin() + n);
            auto r = CodeLoader::load(cut, "cut.wasm");
            QVERIFY2(!r.ok(), qPrintable(QString("prefix of %1 bytes accepted").arg(n)));
            QVERIFY2(QString::fromStdString(r.error()).startsWith("cut.wasm"), r.error().c_str());
        }
        // A cut inside a section is a decoding error with the place it stopped.
        const Bytes cut(binary.begin(), binary.end() - 3);
        auto r = CodeLoader::load(cut, "cut.wasm");
        QVERIFY2(QString::fromStdString(r.error()).startsWith("cut.wasm: malformed Wasm binary at offset 0x"),
            r.error().c_str());
    }

    void garbage()
    {
        QRandomGenerator rng(20260101);
        for (int i = 0; i < 300; ++i) {
            Bytes junk(1 + rng.bounded(200));
            for (auto& b : junk)
                b = uint8_t(rng.bounded(256));
            // Half the blobs carry a valid header so the decoder itself gets exercised.
            if (i % 2) {
                const uint8_t header[] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };
                junk.insert(junk.begin(), header, header + 8);
            }
            auto r = CodeLoader::load(junk, "junk.bin");
            QVERIFY(!r.ok());
            QVERIFY2(QString::fromStdString(r.error()).startsWith("junk.bin"), r.error().c_str());
            if (i % 2)
                QVERIFY2(QString::fromStdString(r.error()).contains(" at offset 0x"), r.error().c_str());
        }
    }

    void controlBytesAreNotText()
    {
        auto r = CodeLoader::load(toBytes(QByteArray("\x7f"
                                                     "ELF\x02\x01",
                                      6)),
            "a.out");
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.error()),
            QString("a.out: neither a Wasm binary (no \\0asm magic) nor WAT text (byte 0x7f at offset 0x0)"));
    }

    // ---- fuzzing findings (issue 7, docs/robustness.md): each input once aborted the process.
    void fuzzFindings_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error"); ///< the start of the error; empty: the module loads
        auto file = [](const char* name) {
            QFile f(QStringLiteral(GEARSCOPE_SOURCE_DIR "/tests/fuzz/regressions/") + QString::fromUtf8(name));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        // 1. A name section naming a local a function does not have: wabt's reader keeps the
        // name, its writer (the gas instrumenter's output) aborted on an assertion for any
        // function with parameters or locals.
        // Custom section "name", subsection 2 (local names): 1 function, index 0, 1 local, index 5, "x".
        const QByteArray localNames("\x00\x0d\x04name\x02\x06\x01\x00\x01\x05\x01x", 15);
        QTest::newRow("local name beyond the locals")
            << toQByteArray(assemble(mod("(func (param i32))"))) + localNames << QString();
        QTest::newRow("local name of an imported function")
            << toQByteArray(assemble(mod("(import \"env\" \"gr_debug\" (func (param i32 i32)))"))) + localNames
            << QString();
        QTest::newRow("local name beyond the locals (fuzzer's input)")
            << file("codeloader-local-name-beyond-locals.wasm") << QString();
        // 2. An annotation whose name runs into an unterminated string: wabt's lexer threw
        // std::length_error (wat2wasm 1.0.32 dies the same way). Annotations are refused first.
        QTest::newRow("annotation, unterminated string") << QByteArray("(@u\"\n") << "fuzz.wat:1:1: annotations";
        QTest::newRow("annotation, unterminated string (fuzzer's input)")
            << file("wat-annotation-unterminated-string.wat") << "fuzz.wat:2:3: annotations";
        QTest::newRow("annotation in a module") << mod("(@custom \"x\")") << "fuzz.wat:3:1: annotations";
        // "(@" inside comments and strings is not an annotation.
        QTest::newRow("(@ in comments and a string")
            << mod(";; (@u\"\n(; (@a\" (; nested ;) ;)\n(data (i32.const 0) \"(@\\\"(@\")") << QString();
    }

    void fuzzFindings()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        QVERIFY(bytes.size() > 4);
        const bool binary = CodeLoader::looksLikeBinaryWasm(toBytes(bytes));
        auto r = CodeLoader::load(toBytes(bytes), binary ? "fuzz.wasm" : "fuzz.wat");
        if (error.isEmpty()) {
            QVERIFY2(r.ok(), r.error().c_str());
        } else {
            QVERIFY(!r.ok());
            QVERIFY2(QString::fromStdString(r.error()).startsWith(error), r.error().c_str());
        }
    }
};

QTEST_GUILESS_MAIN(tst_CodeLoader)
#include "tst_codeloader.moc"
