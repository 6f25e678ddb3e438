// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "cliprocess.h"
#include "ids/ids.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

const QString Samples = QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong");

// Replies with the 32-byte hash gr_random gives for an all-zero subject.
const char* RandomWat = R"((module
  (import "env" "memory" (memory 1))
  (import "env" "gr_random" (func $random (param i32 i32)))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (export "handle" (func $handle))
  (func $handle
    ;; subject: 32 zero bytes at 0x000; out at 0x100: u32 block number, then the hash
    (call $random (i32.const 0) (i32.const 0x100))
    (call $reply (i32.const 0x104) (i32.const 32) (i32.const -1) (i32.const 0x200))))
)";

/// Every stdout line as a JSON object; `ok` is false (with the offending line in `bad`) if one is not.
struct Lines
{
    bool ok = true;
    QByteArray bad;
    QList<QJsonObject> objects;
};
Lines jsonLines(const QByteArray& out)
{
    Lines l;
    if (!out.isEmpty() && !out.endsWith('\n')) {
        l.ok = false;
        l.bad = "(no final newline)";
    }
    const QList<QByteArray> raw = out.split('\n');
    for (int i = 0; i < raw.size(); ++i) {
        if (i == raw.size() - 1 && raw[i].isEmpty())
            break;
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(raw[i], &e);
        if (e.error != QJsonParseError::NoError || !d.isObject()) {
            l.ok = false;
            l.bad = raw[i];
            return l;
        }
        l.objects.append(d.object());
    }
    return l;
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString tmp(const QString& name) const { return m_dir.filePath(name); }
    bool write(const QString& name, const QByteArray& content) const
    {
        QFile f(tmp(name));
        return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
    }
    /// Arguments with @dir@ standing for the temporary folder and @samples@ for the ping-pong sample.
    QStringList expand(QStringList args) const
    {
        for (auto& a : args)
            a.replace(QStringLiteral("@dir@"), m_dir.path()).replace(QStringLiteral("@samples@"), Samples);
        return args;
    }
    /// The hash `random.wat` replied to alice with, from the step lines.
    static QString randomReply(const QByteArray& out)
    {
        for (const auto& o : jsonLines(out).objects)
            for (const auto& g : o.value(u"generated").toArray()) {
                const QJsonObject m = g.toObject();
                if (m.value(u"destinationName").toString() == u"alice"
                    && m.value(u"replyCodeText").toString() == u"Success(Manual)")
                    return m.value(u"payload").toObject().value(u"hex").toString();
            }
        return {};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(GEARSCOPE_EXE)));
        QVERIFY(write(QStringLiteral("random.wat"), RandomWat));
        QVERIFY(write(QStringLiteral("syntax.json"), "{\n  \"name\": \"x\",\n  \"seed\": 1\n  \"blocks\": 2\n}\n"));
        QVERIFY(write(QStringLiteral("badfield.json"), R"({ "messages": [{ "to": "nobody" }] })"));
        // Absolute program paths: the scenario lives in the temporary folder.
        const QByteArray game = QByteArray(R"({ "programs": [{ "name": "pong", "file": "@samples@/pong.wat" },
                                                    { "name": "ping", "file": "@samples@/ping.wat", "init": { "actor": "pong" } }],
              "messages": [{ "to": "ping", "payload": { "u32": 2 } }],
              "expect": { "noErrors": true, "states": [{ "program": "pong", "payload": { "u32": )")
                                    .replace("@samples@", Samples.toUtf8());
        QVERIFY(write(QStringLiteral("pass.json"), game + "2 } }] } }"));
        QVERIFY(write(QStringLiteral("fail.json"), game + "4 } }] } }"));
    }

    void sendsAppearInOrder_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("hexes");
        QTest::addColumn<QStringList>("texts"); // "-": the payload has no text form
        QTest::newRow("text then hex") << QStringList { "--send", "PING", "--send-hex", "50494e47" }
                                       << QStringList { "50494e47", "50494e47" } << QStringList { "PING", "PING" };
        QTest::newRow("hex then text") << QStringList { "--send-hex", "00ff", "--send", "hi" }
                                       << QStringList { "00ff", "6869" } << QStringList { "-", "hi" };
        QTest::newRow("utf-8, 0x prefix, newline")
            << QStringList { "--send", QStringLiteral("h\u00e9"), "--send-hex", "0x0A", "--send", "PING" }
            << QStringList { "68c3a9", "0a", "50494e47" } << QStringList { QStringLiteral("h\u00e9"), "\n", "PING" };
    }
    void sendsAppearInOrder()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, hexes);
        QFETCH(QStringList, texts);
        const Run r = gearscope(QStringList { "run", Samples + QStringLiteral("/pong.wat") } + args);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const Lines lines = jsonLines(r.out);
        QVERIFY2(lines.ok, lines.bad.constData());
        QVERIFY(!lines.objects.isEmpty());
        const ActorId alice = ActorId::fromU64(~uint64_t(0) - 1);
        QStringList gotHex, gotText, gotIds;
        QString initId;
        for (int i = 0; i < lines.objects.size(); ++i) {
            const QJsonObject o = lines.objects[i];
            // One line per step, numbered from 0, with gas as numbers and value as a decimal string.
            QCOMPARE(o.value(u"step").toInteger(-1), qint64(i));
            QCOMPARE(o.value(u"type").toString(), QStringLiteral("dispatch"));
            QVERIFY(o.value(u"gasBurned").isDouble());
            QVERIFY(o.value(u"gasLimit").isDouble());
            const QJsonObject m = o.value(u"message").toObject();
            QVERIFY(m.value(u"value").isString());
            QVERIFY(m.value(u"gasLimit").isDouble());
            if (m.value(u"source").toString() != QString::fromStdString(alice.hex()))
                continue;
            if (o.value(u"kind").toString() == u"init") {
                initId = m.value(u"id").toString();
                continue;
            }
            QCOMPARE(o.value(u"kind").toString(), QStringLiteral("handle"));
            QCOMPARE(m.value(u"sourceName").toString(), QStringLiteral("alice"));
            const QJsonObject p = m.value(u"payload").toObject();
            gotHex << p.value(u"hex").toString();
            gotText << (p.contains(u"text") ? p.value(u"text").toString() : QStringLiteral("-"));
            gotIds << m.value(u"id").toString();
        }
        QCOMPARE(gotHex, hexes);
        QCOMPARE(gotText, texts);
        // Queued in command-line order: consecutive nonces after the upload's init message.
        u128 nonce = 0;
        while (nonce < 8 && QString::fromStdString(Ids::external(1, alice, nonce).hex()) != initId)
            ++nonce;
        QVERIFY2(nonce < 8, qPrintable(initId));
        for (int i = 0; i < gotIds.size(); ++i)
            QCOMPARE(gotIds[i], QString::fromStdString(Ids::external(1, alice, nonce + 1 + u128(i)).hex()));
    }

    void stateLine_data()
    {
        QTest::addColumn<bool>("quiet");
        QTest::newRow("with steps") << false;
        QTest::newRow("quiet") << true;
    }
    void stateLine()
    {
        QFETCH(bool, quiet);
        QStringList args { "run", Samples + QStringLiteral("/pong.wat"), "--send", "PING", "--state" };
        if (quiet)
            args << QStringLiteral("--quiet");
        const Run r = gearscope(args);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const Lines lines = jsonLines(r.out);
        QVERIFY2(lines.ok, lines.bad.constData());
        QCOMPARE(lines.objects.size(), quiet ? 1 : 3); // init, handle, state
        for (int i = 0; i + 1 < lines.objects.size(); ++i)
            QVERIFY(lines.objects[i].contains(u"step"));
        const QJsonObject last = lines.objects.last();
        QCOMPARE(last.keys(), QStringList { "state" });
        const QJsonObject st = last.value(u"state").toObject();
        QCOMPARE(st.value(u"block").toInteger(), qint64(1));
        QCOMPARE(st.value(u"steps").toInteger(), qint64(2));
        const QJsonArray programs = st.value(u"programs").toArray();
        QCOMPARE(programs.size(), qsizetype(1));
        QCOMPARE(programs[0].toObject().value(u"name").toString(), QStringLiteral("pong"));
        QCOMPARE(programs[0].toObject().value(u"state").toString(), QStringLiteral("active"));
        QVERIFY(programs[0].toObject().value(u"balance").isString());
        const QJsonArray users = st.value(u"users").toArray();
        QVERIFY(users.size() >= 4);
        QCOMPARE(users[0].toObject().value(u"name").toString(), QStringLiteral("alice"));
        QVERIFY(users[0].toObject().value(u"balance").isString());
        QVERIFY(users[0].toObject().value(u"mailbox").isArray());
        QVERIFY(st.value(u"queue").isArray());
        QVERIFY(st.value(u"queue").toArray().isEmpty());
        for (const char* key : { "waitlist", "tasks", "userLog" })
            QVERIFY2(st.value(QLatin1String(key)).isArray(), key);
        // pong's init auto-reply and its PONG reply to alice.
        QCOMPARE(st.value(u"userLog").toArray().size(), qsizetype(2));
    }

    void blocksRunExactly_data()
    {
        QTest::addColumn<int>("blocks");
        QTest::newRow("0") << 0;
        QTest::newRow("1") << 1;
        QTest::newRow("2") << 2;
        QTest::newRow("5") << 5;
    }
    void blocksRunExactly()
    {
        QFETCH(int, blocks);
        // With no block to run, a --send could never go out (see errors(), "--send after the last block").
        QStringList args { "run", Samples + QStringLiteral("/pong.wat"), "--blocks", QString::number(blocks),
            "--state" };
        if (blocks)
            args << QStringLiteral("--send") << QStringLiteral("PING");
        const Run r = gearscope(args);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const Lines lines = jsonLines(r.out);
        QVERIFY2(lines.ok, lines.bad.constData());
        QCOMPARE(lines.objects.last().value(u"state").toObject().value(u"block").toInteger(-1), qint64(blocks));
        // No blocks, no steps; otherwise pong's two dispatches, all in block 1.
        QCOMPARE(lines.objects.size() - 1, blocks ? 2 : 0);
        for (int i = 0; i + 1 < lines.objects.size(); ++i)
            QCOMPARE(lines.objects[i].value(u"block").toInteger(), qint64(1));
    }

    void seedDrivesRandom()
    {
        const QString wat = tmp(QStringLiteral("random.wat"));
        auto runWith = [&](const QStringList& seed) {
            return gearscope(QStringList { "run", wat, "--send", "x" } + seed);
        };
        const Run a = runWith({ "--seed", "1" });
        const Run b = runWith({ "--seed", "1" });
        const Run c = runWith({ "--seed", "2" });
        const Run byDefault = runWith({});
        const Run fortyTwo = runWith({ "--seed", "42" });
        for (const Run* r : { &a, &b, &c, &byDefault, &fortyTwo })
            QVERIFY2(r->finished && r->exitCode == 0, qPrintable(r->describe()));
        const QString ha = randomReply(a.out);
        QCOMPARE(ha.size(), 64);
        QCOMPARE(a.out, b.out); // same seed: identical, byte for byte
        QVERIFY(randomReply(c.out).size() == 64);
        QVERIFY2(randomReply(c.out) != ha, qPrintable(ha));
        QCOMPARE(randomReply(byDefault.out), randomReply(fortyTwo.out)); // the default seed is 42
        QVERIFY(randomReply(byDefault.out) != ha);
    }

    void checkValidModule()
    {
        const QString ping = Samples + QStringLiteral("/ping.wat");
        const Run r = gearscope({ "check", ping });
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.startsWith(ping + QStringLiteral(": valid Gear program (WAT, ")), qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(
                     QStringLiteral("\\n\\s*gr_send\\s+\\(i32, i32, i32, i32, i32\\) -> \\(\\)\\n"))),
            qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\\n\\s*gr_size\\s+\\(i32\\) -> \\(\\)\\n"))),
            qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\\nexports\\s+init handle handle_reply state\\n"))),
            qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("ABI calls     6\n")), qPrintable(out));

        const Run j = gearscope({ "check", ping, "--json" });
        QVERIFY2(j.finished && j.exitCode == 0, qPrintable(j.describe()));
        const Lines lines = jsonLines(j.out);
        QVERIFY2(lines.ok, lines.bad.constData());
        QCOMPARE(lines.objects.size(), 1);
        const QJsonObject o = lines.objects[0];
        QCOMPARE(o.value(u"valid").toBool(false), true);
        QCOMPARE(o.value(u"format").toString(), QStringLiteral("wat"));
        QCOMPARE(o.value(u"codeId").toString().size(), 64);
        QCOMPARE(o.value(u"exports").toArray(), (QJsonArray { "init", "handle", "handle_reply", "state" }));
        const QJsonArray imports = o.value(u"imports").toArray();
        QCOMPARE(imports.size(), qsizetype(6));
        const QJsonObject send = imports[2].toObject();
        QCOMPARE(send.value(u"name").toString(), QStringLiteral("gr_send"));
        QCOMPARE(send.value(u"signature").toString(), QStringLiteral("(i32, i32, i32, i32, i32) -> ()"));
        QCOMPARE(send.value(u"legacy").toBool(true), false);
    }

    void checkMalformedModule_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error"); // appears on stderr after "<file>"
        QTest::newRow("WAT syntax") << "syntax.wat" << QByteArray("(module\n  (func $f\n    (i32.frobnicate)))\n")
                                    << ":3:";
        QTest::newRow("truncated binary")
            << "truncated.wasm" << QByteArray("\0asm\1\0\0\0\1", 9) << ": malformed Wasm binary at offset 0x9";
        QTest::newRow("no memory import") << "nomemory.wat" << QByteArray("(module)\n")
                                          << ": no memory import: a Gear program must import its memory as env.memory";
    }
    void checkMalformedModule()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        QVERIFY(write(file, content));
        const Run r = gearscope({ "check", tmp(file) });
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1); // the module failed the check; 2 is kept for usage and I/O errors
        QVERIFY2(QString::fromUtf8(r.err).startsWith(tmp(file) + error), qPrintable(r.describe()));
        QVERIFY2(r.out.isEmpty(), r.out.constData());

        const Run j = gearscope({ "check", tmp(file), "--json" });
        QCOMPARE(j.exitCode, 1);
        const Lines lines = jsonLines(j.out);
        QVERIFY2(lines.ok && lines.objects.size() == 1, qPrintable(j.describe()));
        QCOMPARE(lines.objects[0].value(u"valid").toBool(true), false);
        QVERIFY(lines.objects[0].value(u"error").toString().startsWith(tmp(file) + error));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error"); // the start of stderr after "gearscope: "
        QTest::newRow("missing program") << QStringList { "run", "@dir@/nope.wat" }
                                         << "@dir@/nope.wat: cannot open: No such file or directory";
        QTest::newRow("missing scenario")
            << QStringList { "run", "@dir@/nope.json" } << "@dir@/nope.json: cannot open: No such file or directory";
        QTest::newRow("unknown option") << QStringList { "run", "@samples@/pong.wat", "--frobnicate" }
                                        << "run: unknown option --frobnicate (see gearscope help)";
        QTest::newRow("bad --send-hex") << QStringList { "run", "@samples@/pong.wat", "--send-hex", "5g" }
                                        << "run: --send-hex \"5g\": not a string of hex digit pairs";
        QTest::newRow("odd --send-hex") << QStringList { "run", "@samples@/pong.wat", "--send-hex", "abc" }
                                        << "run: --send-hex \"abc\": not a string of hex digit pairs";
        QTest::newRow("--blocks not a number") << QStringList { "run", "@samples@/pong.wat", "--blocks", "two" }
                                               << "run: --blocks \"two\": not a non-negative integer";
        QTest::newRow("--blocks negative") << QStringList { "run", "@samples@/pong.wat", "--blocks", "-1" }
                                           << "run: --blocks \"-1\": not a non-negative integer";
        QTest::newRow("--blocks without value")
            << QStringList { "run", "@samples@/pong.wat", "--blocks" } << "run: --blocks needs a value";
        QTest::newRow("--blocks too many")
            << QStringList { "run", "@samples@/pong.wat", "--blocks", "1000001" } << "run: --blocks is at most 1000000";
        QTest::newRow("--send after the last block") << QStringList { "run", "@samples@/pong.wat", "--send", "PING",
            "--blocks", "0" } << "@samples@/pong.wat: --send #1.block: block 1 is after the last block run (0)";
        QTest::newRow("--seed not a number") << QStringList { "run", "@samples@/pong.wat", "--seed", "0x10" }
                                             << "run: --seed \"0x10\": not a non-negative integer";
        QTest::newRow("two files") << QStringList { "run", "@samples@/pong.wat", "@samples@/ping.wat" }
                                   << "run: more than one file given";
        QTest::newRow("no file") << QStringList { "run", "--send", "x" } << "run: which program or scenario?";
        QTest::newRow("scenario syntax") << QStringList { "run", "@dir@/syntax.json" }
                                         << "@dir@/syntax.json:4:4: JSON error: ";
        QTest::newRow("scenario field") << QStringList { "run", "@dir@/badfield.json" }
                                        << "@dir@/badfield.json: messages[0].to: unknown actor \"nobody\"";
        QTest::newRow("--init on a scenario") << QStringList { "run", "@dir@/pass.json", "--init", "x" }
                                              << "run: --init applies to a program, not to a scenario";
        QTest::newRow("unknown command") << QStringList { "frobnicate" } << "unknown command \"frobnicate\"";
        QTest::newRow("check missing file")
            << QStringList { "check", "@dir@/nope.wat" } << "@dir@/nope.wat: cannot open: No such file or directory";
        QTest::newRow("check unknown option")
            << QStringList { "check", "@samples@/pong.wat", "--bogus" } << "check: unknown option --bogus";
    }
    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        const Run r = gearscope(expand(args));
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.isEmpty(), qPrintable(r.describe()));
        // The error is the last stderr line (an unknown command prints the usage first).
        const QString err = QString::fromUtf8(r.err).trimmed();
        const QString last = err.mid(err.lastIndexOf(u'\n') + 1);
        QVERIFY2(last.startsWith(QStringLiteral("gearscope: ") + expand({ error }).front()), qPrintable(r.describe()));
    }

    void expectations_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("passed");
        QTest::newRow("pass") << "pass.json" << 0 << 2;
        QTest::newRow("fail") << "fail.json" << 1 << 1;
    }
    void expectations()
    {
        QFETCH(QString, scenario);
        QFETCH(int, exitCode);
        QFETCH(int, passed);
        const Run r = gearscope({ "run", tmp(scenario) });
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, exitCode);
        const Lines lines = jsonLines(r.out);
        QVERIFY2(lines.ok, lines.bad.constData());
        const QJsonObject last = lines.objects.last();
        QCOMPARE(last.keys(), QStringList { "result" });
        const QJsonObject res = last.value(u"result").toObject();
        QCOMPARE(res.value(u"expectations").toInteger(), qint64(2));
        QCOMPARE(res.value(u"passed").toInteger(), qint64(passed));
        const QJsonArray failures = res.value(u"failures").toArray();
        QCOMPARE(failures.size(), qsizetype(2 - passed));
        if (exitCode == 0) {
            QVERIFY2(r.err.isEmpty(), r.err.constData());
            return;
        }
        QCOMPARE(failures[0].toObject().value(u"where").toString(), QStringLiteral("expect.states[0]"));
        QCOMPARE(failures[0].toObject().value(u"message").toString(),
            QStringLiteral("state of pong: payload 0x02000000, expected 0x04000000"));
        QCOMPARE(QString::fromUtf8(r.err),
            tmp(scenario)
                + QStringLiteral(": expect.states[0]: state of pong: payload 0x02000000, expected 0x04000000\n"));
    }

    void noArgumentsRunsEmbeddedSample()
    {
        // Without a display there is no window: the embedded sample runs headless. From a folder
        // without the sample: it must come from the executable's resources.
        QProcessEnvironment headless = QProcessEnvironment::systemEnvironment();
        for (const char* v : { "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY" })
            headless.remove(QString::fromLatin1(v));
        const Run r = gearscope({}, QDir::tempPath(), headless);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("running the default sample"), r.err.constData());
        const Lines lines = jsonLines(r.out);
        QVERIFY2(lines.ok, lines.bad.constData());
        QVERIFY(lines.objects.size() > 2);
        const QJsonObject res = lines.objects.last().value(u"result").toObject();
        QVERIFY(res.value(u"expectations").toInteger() > 0);
        QCOMPARE(res.value(u"passed").toInteger(), res.value(u"expectations").toInteger());
        QVERIFY(res.value(u"failures").toArray().isEmpty());
        // The sample runs with --no-syscalls: no per-call events, only counts.
        for (int i = 0; i + 1 < lines.objects.size(); ++i)
            QVERIFY(lines.objects[i].value(u"syscalls").toArray().isEmpty());
    }

    void windowScreenshotOffscreen()
    {
        // With a display (offscreen here) and no subcommand the window opens; the hidden
        // --screenshot option steps, saves the window and quits.
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
        const QString png = dir.filePath(QStringLiteral("main.png"));
        const Run r = gearscope({ QStringLiteral("--screenshot"), png, QStringLiteral("--steps"), QStringLiteral("3"),
                                    QStringLiteral("--size"), QStringLiteral("1200x800") },
            {}, env);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        // A PNG of the window's size (IHDR width and height, big-endian, at bytes 16..23; this
        // test links no QtGui to decode it).
        QFile f(png);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray head = f.read(24);
        QVERIFY(head.startsWith("\x89PNG"));
        auto be32 = [&](int at) {
            return (uint32_t(uint8_t(head[at])) << 24) | (uint32_t(uint8_t(head[at + 1])) << 16)
                | (uint32_t(uint8_t(head[at + 2])) << 8) | uint32_t(uint8_t(head[at + 3]));
        };
        QCOMPARE(be32(16), 1200u);
        QCOMPARE(be32(20), 800u);
        // The run was recorded under the cache folder without being asked.
        QDir traces(dir.filePath(QStringLiteral("cache/Gearscope/gearscope/traces")));
        QCOMPARE(traces.entryList({ QStringLiteral("gearscope-*pingpong.sqlite") }, QDir::Files).size(), 1);
    }

    void determinism_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("sample scenario") << QStringList { "run", "@samples@/pingpong.json", "--state" };
        QTest::newRow("program with syscalls")
            << QStringList { "run", "@samples@/pong.wat", "--send", "PING", "--send", "bad", "--state" };
    }
    void determinism()
    {
        QFETCH(QStringList, args);
        const Run a = gearscope(expand(args));
        const Run b = gearscope(expand(args), QDir::tempPath());
        QVERIFY2(a.finished && a.exitCode == 0, qPrintable(a.describe()));
        QVERIFY(!a.out.isEmpty());
        QCOMPARE(a.out, b.out);
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
