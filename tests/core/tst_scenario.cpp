// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "fixtures.h"
#include "ids/ids.h"
#include "scenario/scenario.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

// Handles any message: a gasless send of "MAIL" to the sender (stays in the mailbox), a
// zero-gas send of "NOTE" (goes to the user log), then the reply "DONE". `state` answers "MAILER".
const char* MailerWat = R"((module
  (import "env" "memory" (memory 1))
  (import "env" "gr_source" (func $source (param i32)))
  (import "env" "gr_send" (func $send (param i32 i32 i32 i32 i32)))
  (import "env" "gr_send_wgas" (func $send_wgas (param i32 i32 i32 i64 i32 i32)))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (export "handle" (func $handle))
  (export "state" (func $state))
  (data (i32.const 0x200) "MAIL")
  (data (i32.const 0x210) "NOTE")
  (data (i32.const 0x220) "DONE")
  (data (i32.const 0x230) "MAILER")
  (func $handle
    ;; 0x000 the source id, 0x020 value 0: a HashWithValue
    (call $source (i32.const 0))
    (call $send (i32.const 0) (i32.const 0x200) (i32.const 4) (i32.const 0) (i32.const 0x100))
    (call $send_wgas (i32.const 0) (i32.const 0x210) (i32.const 4) (i64.const 0) (i32.const 0) (i32.const 0x100))
    (call $reply (i32.const 0x220) (i32.const 4) (i32.const -1) (i32.const 0x100)))
  (func $state
    (call $reply (i32.const 0x230) (i32.const 6) (i32.const -1) (i32.const 0x100))))
)";

// A syntax error on line 3 (an unknown instruction).
const char* BrokenWat = "(module\n"
                        "  (func $f\n"
                        "    (i32.frobnicate (i32.const 1))))\n";

QString q(const std::string& s) { return QString::fromStdString(s); }

} // namespace

class tst_Scenario : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string scenarioPath() const { return m_dir.filePath(QStringLiteral("test.json")).toStdString(); }

    /// Scenario text with @samples@ standing for the folder of the ping-pong sample, so tests
    /// reuse its WAT files by absolute path.
    static QByteArray expand(QByteArray json)
    {
        return json.replace("@samples@", GEARSCOPE_SOURCE_DIR "/samples/pingpong");
    }

    Result<Scenario> parse(const QByteArray& json) const { return Scenario::parse(expand(json), scenarioPath()); }

    struct Ran
    {
        std::string error; ///< parse, set-up or run error
        ScenarioRunner::Outcome outcome;
        std::vector<StepRecord> steps;
    };
    Ran run(const QByteArray& json) const
    {
        Ran out;
        auto sc = parse(json);
        if (!sc) {
            out.error = sc.error();
            return out;
        }
        ScenarioRunner runner(sc.value());
        auto up = runner.setUp();
        if (!up) {
            out.error = up.error();
            return out;
        }
        auto ran = runner.run([&](const StepRecord& r) { out.steps.push_back(r); });
        if (!ran) {
            out.error = ran.error();
            return out;
        }
        out.outcome = runner.check();
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (auto [name, body] : { std::pair { "mailer.wat", MailerWat }, std::pair { "broken.wat", BrokenWat } }) {
            QFile f(m_dir.filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(body);
        }
    }

    void jsonSyntaxError_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column"); // -1: not checked (Qt decides where it notices)
        QTest::newRow("missing comma") << QByteArray("{\n  \"name\": \"x\",\n  \"seed\": 1\n  \"blocks\": 2\n}\n") << 4
                                       << -1;
        // Qt's offset for a bad literal lies past the newline; the error belongs to line 3.
        QTest::newRow("bad literal at end of line")
            << QByteArray("{\n  \"name\": \"x\",\n  \"seed\": tru\n}\n") << 3 << -1;
        QTest::newRow("trailing comma") << QByteArray("{\n  \"seed\": 1,\n  \"blocks\": 2,\n}\n") << 4 << -1;
        QTest::newRow("unterminated string") << QByteArray("{\n  \"seed\": 1,\n  \"name\": \"x\n\n") << 3 << -1;
        QTest::newRow("unterminated array at end")
            << QByteArray("{\n  \"name\": \"x\",\n  \"users\": [\n\n\n") << 3 << -1;
        QTest::newRow("empty file") << QByteArray("\n\n") << 1 << 1;
        // Columns count characters: "ééé" is 6 bytes but 3 columns; Qt stops just after the 2.
        QTest::newRow("column after UTF-8")
            << QByteArray("{\n  \"name\": \"\xc3\xa9\xc3\xa9\xc3\xa9\", \"seed\": 1 2\n}") << 2 << 29;
    }
    void jsonSyntaxError()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, line);
        QFETCH(int, column);
        auto sc = parse(json);
        QVERIFY(!sc);
        const QString e = q(sc.error());
        const QRegularExpression re(
            QRegularExpression::escape(q(scenarioPath())) + QStringLiteral(":(\\d+):(\\d+): JSON error: "));
        auto m = re.match(e);
        QVERIFY2(m.hasMatch() && m.capturedStart() == 0, qPrintable(e));
        QCOMPARE(m.captured(1).toInt(), line);
        if (column >= 0)
            QCOMPARE(m.captured(2).toInt(), column);
        else
            QVERIFY(m.captured(2).toInt() >= 1);
    }

    void fieldError_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected"); // "field.path: words" after "<file>: "

        QTest::newRow("root not an object") << QByteArray("[]") << "the scenario must be a JSON object";
        QTest::newRow("unknown top-level field") << QByteArray(R"({ "nmae": "x" })") << "scenario.nmae: unknown field";
        QTest::newRow("name not a string") << QByteArray(R"({ "name": 5 })") << "scenario.name: must be a string";
        QTest::newRow("seed not a number")
            << QByteArray(R"({ "seed": "abc" })") << "seed: must be a non-negative integer or a decimal string";
        QTest::newRow("seed fractional") << QByteArray(R"({ "seed": 1.5 })") << "seed: must be a non-negative integer";
        QTest::newRow("blocks too many") << QByteArray(R"({ "blocks": 2000000 })") << "blocks: at most 1000000";
        QTest::newRow("users not an array") << QByteArray(R"({ "users": {} })") << "users: must be an array";
        QTest::newRow("user not an object") << QByteArray(R"({ "users": [5] })") << "users[0]: must be an object";
        QTest::newRow("user without name")
            << QByteArray(R"({ "users": [{ "balance": 1 }] })") << "users[0].name: missing (a string is required)";
        QTest::newRow("user listed twice") << QByteArray(R"({ "users": [{ "name": "dave" }, { "name": "dave" }] })")
                                           << "users[1].name: \"dave\" is listed twice";
        QTest::newRow("user empty name") << QByteArray(R"({ "users": [{ "name": "" }] })")
                                         << "users[0].name: must not be empty";
        QTest::newRow("balance a bool") << QByteArray(R"({ "users": [{ "name": "dave", "balance": true }] })")
                                        << "users[0].balance: must be a non-negative integer or a decimal string";
        QTest::newRow("balance double above 2^64")
            << QByteArray(R"({ "users": [{ "name": "dave", "balance": 1e30 }] })")
            << "users[0].balance: must be a non-negative integer (use a string";
        QTest::newRow("missing program file") << QByteArray(R"({ "programs": [{ "name": "p", "file": "nope.wat" }] })")
                                              << "programs[0].file: cannot open \"nope.wat\"";
        QTest::newRow("program without file")
            << QByteArray(R"({ "programs": [{ "name": "p" }] })") << "programs[0].file: missing (a string is required)";
        QTest::newRow("program named like a user")
            << QByteArray(R"({ "programs": [{ "name": "bob", "file": "mailer.wat" }] })")
            << "programs[0].name: \"bob\" is already used by another actor";
        QTest::newRow("program from a program") << QByteArray(R"({ "programs": [{ "name": "a", "file": "mailer.wat" },
                                            { "name": "b", "file": "mailer.wat", "from": "a" }] })")
                                                << "programs[1].from: unknown user \"a\"";
        QTest::newRow("salt naming an actor")
            << QByteArray(R"({ "programs": [{ "name": "p", "file": "mailer.wat", "salt": { "actor": "alice" } }] })")
            << "programs[0].salt: must not refer to actors";
        QTest::newRow("program gas negative")
            << QByteArray(R"({ "programs": [{ "name": "p", "file": "mailer.wat", "gas": -1 }] })")
            << "programs[0].gas: must be a non-negative integer";
        QTest::newRow("message not an object")
            << QByteArray(R"({ "messages": [1] })") << "messages[0]: must be an object";
        QTest::newRow("message without to") << QByteArray(R"({ "messages": [{ "payload": "x" }] })")
                                            << "messages[0].to: missing (a string is required)";
        QTest::newRow("message to a number")
            << QByteArray(R"({ "messages": [{ "to": 5 }] })") << "messages[0].to: must be a string";
        QTest::newRow("unknown actor to")
            << QByteArray(R"({ "messages": [{ "to": "nobody" }] })") << "messages[0].to: unknown actor \"nobody\"";
        QTest::newRow("unknown actor from") << QByteArray(R"({ "messages": [{ "from": "zed", "to": "bob" }] })")
                                            << "messages[0].from: unknown actor \"zed\"";
        QTest::newRow("unknown message field") << QByteArray(R"({ "messages": [{ "to": "bob", "payloadhex": "00" }] })")
                                               << "messages[0].payloadhex: unknown field";
        QTest::newRow("message id on a send") << QByteArray(R"({ "messages": [{ "to": "bob", "message": "00" }] })")
                                              << "messages[0].message: only a reply or a claim names a mailbox message";
        QTest::newRow("message id too short")
            << QByteArray(R"({ "messages": [{ "kind": "reply", "to": "bob", "message": "0x12" }] })")
            << "messages[0].message: must be a message id, 64 hex digits";
        QTest::newRow("message id a number")
            << QByteArray(R"({ "messages": [{ "kind": "claim", "to": "bob", "message": 5 }] })")
            << "messages[0].message: must be a message id, 64 hex digits";
        QTest::newRow("bad kind") << QByteArray(R"({ "messages": [{ "kind": "poke", "to": "bob" }] })")
                                  << "messages[0].kind: \"poke\" is not one of send, reply, claim";
        QTest::newRow("bad hex") << QByteArray(R"({ "messages": [{ "to": "bob", "payload": { "hex": "0xabc" } }] })")
                                 << "messages[0].payload.hex: must be a string of hex digit pairs";
        QTest::newRow("bad hex in array")
            << QByteArray(R"({ "messages": [{ "to": "bob", "payload": ["a", { "hex": "zz" }] }] })")
            << "messages[0].payload[1].hex: must be a string of hex digit pairs";
        QTest::newRow("payload object with two keys")
            << QByteArray(R"({ "messages": [{ "to": "bob", "payload": { "text": "a", "hex": "00" } }] })")
            << "messages[0].payload: a payload object has exactly one of";
        QTest::newRow("payload a number") << QByteArray(R"({ "messages": [{ "to": "bob", "payload": 5 }] })")
                                          << "messages[0].payload: a payload is a string";
        QTest::newRow("unknown payload kind")
            << QByteArray(R"({ "messages": [{ "to": "bob", "payload": { "u16": 1 } }] })")
            << "messages[0].payload.u16: unknown payload kind";
        QTest::newRow("u8 overflow") << QByteArray(R"({ "messages": [{ "to": "bob", "payload": { "u8": 256 } }] })")
                                     << "messages[0].payload.u8: does not fit in 8 bits";
        QTest::newRow("u32 overflow") << QByteArray(
            R"({ "messages": [{ "to": "bob", "payload": { "u32": "4294967296" } }] })")
                                      << "messages[0].payload.u32: does not fit in 32 bits";
        QTest::newRow("block zero") << QByteArray(R"({ "messages": [{ "to": "bob", "block": 0 }] })")
                                    << "messages[0].block: must be between 1 and 1000000";
        QTest::newRow("block a word") << QByteArray(R"({ "messages": [{ "to": "bob", "block": "soon" }] })")
                                      << "messages[0].block: must be a non-negative integer or a decimal string";
        QTest::newRow("block fractional") << QByteArray(R"({ "messages": [{ "to": "bob", "block": 1.5 }] })")
                                          << "messages[0].block: must be a non-negative integer (use a string";
        QTest::newRow("afterStep zero") << QByteArray(R"({ "messages": [{ "to": "bob", "afterStep": 0 }] })")
                                        << "messages[0].afterStep: must be at least 1";
        QTest::newRow("afterStep a word") << QByteArray(R"({ "messages": [{ "to": "bob", "afterStep": "late" }] })")
                                          << "messages[0].afterStep: must be a non-negative integer";
        QTest::newRow("afterStep after the stop")
            << QByteArray(R"({ "stopAfterStep": 3, "messages": [{ "to": "bob" }, { "to": "bob", "afterStep": 4 }] })")
            << "messages[1].afterStep: 4 is after the end of the run (stopAfterStep is 3)";
        QTest::newRow("stopAfterStep negative")
            << QByteArray(R"({ "stopAfterStep": -1 })") << "stopAfterStep: must be a non-negative integer";
        QTest::newRow("stopAfterStep fractional")
            << QByteArray(R"({ "stopAfterStep": 2.5 })") << "stopAfterStep: must be a non-negative integer";
        QTest::newRow("expect not an object") << QByteArray(R"({ "expect": [] })") << "expect: must be an object";
        QTest::newRow("unknown expect group")
            << QByteArray(R"({ "expect": { "reply": [] } })") << "expect.reply: unknown field";
        QTest::newRow("group not an array")
            << QByteArray(R"({ "expect": { "replies": {} } })") << "expect.replies: must be an array";
        QTest::newRow("expectation not an object")
            << QByteArray(R"({ "expect": { "log": [true] } })") << "expect.log[0]: must be an object";
        QTest::newRow("reply without to") << QByteArray(R"({ "expect": { "replies": [{ "from": "bob" }] } })")
                                          << "expect.replies[0].to: missing (a string is required)";
        QTest::newRow("unknown expectation field")
            << QByteArray(R"({ "expect": { "replies": [{ "to": "alice", "payloda": "x" }] } })")
            << "expect.replies[0].payloda: unknown field";
        // A key another group uses is no check here: each group takes only its own keys.
        QTest::newRow("count in a reply")
            << QByteArray(R"({ "expect": { "replies": [{ "to": "alice", "count": 2 }] } })")
            << "expect.replies[0].count: unknown field (expected one of: to, from, code, "
               "value, payload, contains)";
        QTest::newRow("code in the log") << QByteArray(R"({ "expect": { "log": [{ "to": "alice", "code": "x" }] } })")
                                         << "expect.log[0].code: unknown field";
        QTest::newRow("query in a mailbox")
            << QByteArray(R"({ "expect": { "mailbox": [{ "user": "alice", "query": "x" }] } })")
            << "expect.mailbox[0].query: unknown field";
        QTest::newRow("from in a state") << QByteArray(
            R"({ "expect": { "states": [{ "program": "alice", "from": "bob", "contains": "x" }] } })")
                                         << "expect.states[0].from: unknown field";
        QTest::newRow("payload in a balance")
            << QByteArray(R"({ "expect": { "balances": [{ "actor": "alice", "value": 1, "payload": "x" }] } })")
            << "expect.balances[0].payload: unknown field (expected one of: actor, value)";
        QTest::newRow("value in a program state")
            << QByteArray(R"({ "expect": { "programs": [{ "program": "alice", "state": "active", "value": 1 }] } })")
            << "expect.programs[0].value: unknown field (expected one of: program, state)";
        QTest::newRow("expectation unknown actor") << QByteArray(R"({ "expect": { "mailbox": [{ "user": "dave" }] } })")
                                                   << "expect.mailbox[0].user: unknown actor \"dave\"";
        QTest::newRow("code not a string")
            << QByteArray(R"({ "expect": { "replies": [{ "to": "alice", "code": 0 }] } })")
            << "expect.replies[0].code: must be a string";
        QTest::newRow("count not a number")
            << QByteArray(R"({ "expect": { "mailbox": [{ "user": "alice", "count": "two" }] } })")
            << "expect.mailbox[0].count: must be a non-negative integer or a decimal string";
        QTest::newRow("bad program state name")
            << QByteArray(R"({ "expect": { "programs": [{ "program": "alice", "state": "running" }] } })")
            << "expect.programs[0].state: \"running\" is not one of uninitialized, active, exited, terminated";
        QTest::newRow("program state missing")
            << QByteArray(R"({ "expect": { "programs": [{ "program": "alice" }] } })")
            << "expect.programs[0].state: missing";
        QTest::newRow("balance without value") << QByteArray(R"({ "expect": { "balances": [{ "actor": "bob" }] } })")
                                               << "expect.balances[0].value: missing (the expected balance)";
        QTest::newRow("state without payload") << QByteArray(R"({ "expect": { "states": [{ "program": "bob" }] } })")
                                               << "expect.states[0]: needs payload or contains";
        QTest::newRow("noErrors not a bool")
            << QByteArray(R"({ "expect": { "noErrors": "yes" } })") << "expect.noErrors: must be true or false";
    }
    void fieldError()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        auto sc = parse(json);
        QVERIFY2(!sc, json.constData());
        const QString e = q(sc.error());
        QVERIFY2(e.startsWith(q(scenarioPath()) + QStringLiteral(": ")), qPrintable(e));
        QVERIFY2(e.mid(int(scenarioPath().size()) + 2).startsWith(expected), qPrintable(e));
        if (QTest::currentDataTag() == QByteArrayLiteral("missing program file")) // the full path helps too
            QVERIFY2(e.contains(m_dir.filePath(QStringLiteral("nope.wat"))), qPrintable(e));
    }

    void programFilesRelativeToScenario()
    {
        auto sc = parse(R"({ "programs": [{ "name": "m", "file": "mailer.wat" }] })");
        QVERIFY2(sc, sc.error().c_str());
        QCOMPARE(q(sc->programs.at(0).file), m_dir.filePath(QStringLiteral("mailer.wat")));
        QCOMPARE(sc->programs.at(0).code.size(), std::strlen(MailerWat));
        // Default salt: the program's name, so one code can be uploaded under two names.
        QCOMPARE(text(sc->programs.at(0).salt), std::string("m"));
    }

    /** A reply or claim that names its mailbox message answers that one, not the oldest from the
     *  program (saved runs name it: a user may answer a newer message first). The mailer puts one
     *  "MAIL" in alice's mailbox per message; alice answers the second of two. */
    void replyNamesItsMailboxMessage_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("named");
        QTest::newRow("reply to the newer one") << "reply" << true;
        QTest::newRow("claim of the newer one") << "claim" << true;
        QTest::newRow("reply without a name: the oldest") << "reply" << false;
    }
    void replyNamesItsMailboxMessage()
    {
        QFETCH(QString, kind);
        QFETCH(bool, named);
        // Built with QJsonDocument: moc's scanner lost its way in raw strings made of quotes.
        auto scenario = [](int blocks, const QJsonArray& extra) {
            QJsonArray messages { QJsonObject { { "to", "mailer" }, { "payload", "go" }, { "block", 1 } },
                QJsonObject { { "to", "mailer" }, { "payload", "again" }, { "block", 2 } } };
            for (const auto& m : extra)
                messages.append(m);
            QJsonObject root { { "programs",
                                   QJsonArray { QJsonObject { { "name", "mailer" }, { "file", "mailer.wat" } } } },
                { "blocks", blocks }, { "messages", messages } };
            return QJsonDocument(root).toJson();
        };
        // The same inputs make the same ids: learn them from the first two blocks alone.
        auto sc = parse(scenario(3, {}));
        QVERIFY2(sc, sc.error().c_str());
        ScenarioRunner first(sc.value());
        QVERIFY(first.setUp());
        QVERIFY(first.run());
        const ActorId alice = *first.runtime().userByName("alice");
        const auto box = first.runtime().mailbox(alice);
        QCOMPARE(box.size(), size_t(2));
        const MessageId older = box[0].message.id;
        const MessageId newer = box[1].message.id;

        QJsonObject answer { { "kind", kind }, { "to", "mailer" }, { "block", 3 } };
        if (named)
            answer.insert("message", QString::fromStdString("0x" + newer.hex()));
        auto sc2 = parse(scenario(4, { answer }));
        QVERIFY2(sc2, sc2.error().c_str());
        ScenarioRunner second(sc2.value());
        QVERIFY(second.setUp());
        auto ran = second.run();
        QVERIFY2(ran, ran ? "" : ran.error().c_str());
        const auto left = second.runtime().mailbox(alice);
        QCOMPARE(left.size(), size_t(1));
        QCOMPARE(q(left[0].message.id.hex()), q((named ? older : newer).hex()));

        // A named message that is not there is an error that names it.
        answer.insert("message", QString(64, QLatin1Char('a')));
        auto sc3 = parse(scenario(4, { answer }));
        QVERIFY2(sc3, sc3.error().c_str());
        ScenarioRunner third(sc3.value());
        QVERIFY(third.setUp());
        auto failed = third.run();
        QVERIFY(!failed);
        QVERIFY2(q(failed.error()).contains(QStringLiteral("mailbox has no message ") + QString(64, QLatin1Char('a'))),
            qPrintable(q(failed.error())));
    }

    void watSyntaxErrorNamesProgramAndLine()
    {
        auto r = run(R"({ "programs": [{ "name": "mailer", "file": "mailer.wat" },
                                       { "name": "wreck", "file": "broken.wat" }] })");
        const QString e = q(r.error);
        QVERIFY2(e.startsWith(q(scenarioPath()) + QStringLiteral(": programs[1] (wreck): ")), qPrintable(e));
        QVERIFY2(e.contains(m_dir.filePath(QStringLiteral("broken.wat:3:"))), qPrintable(e));
    }

    void unknownActorInInitPayload()
    {
        // Actor names inside payloads are resolved when used, so this passes parsing...
        auto sc = parse(
            R"({ "programs": [{ "name": "ping", "file": "@samples@/ping.wat", "init": { "actor": "nope" } }] })");
        QVERIFY2(sc, sc.error().c_str());
        // ...and set-up names the field and the actor.
        ScenarioRunner runner(sc.value());
        auto up = runner.setUp();
        QVERIFY(!up);
        QCOMPARE(q(up.error()), q(scenarioPath()) + QStringLiteral(": programs[0].init: unknown actor \"nope\""));
    }

    void userLimitIsASetUpError()
    {
        // Users count towards the actor limit: beyond it set-up fails naming the user and the limit.
        auto sc = parse(R"({ "users": [{ "name": "dave" }, { "name": "erin" }] })");
        QVERIFY2(sc, sc.error().c_str());
        RuntimeConfig cfg;
        cfg.maxActors = uint32_t(Runtime().users().size()) + 1;
        ScenarioRunner runner(sc.value(), cfg);
        auto up = runner.setUp();
        QVERIFY(!up);
        QCOMPARE(q(up.error()),
            q(scenarioPath() + ": users[1]: user \"erin\" not added: actor limit reached ("
                + std::to_string(cfg.maxActors) + " users and programs)"));
    }

    void payloadForms()
    {
        auto sc = parse(R"({ "messages": [{ "to": "bob", "payload": [
            "ab", { "text": "\u00e9" }, { "hex": "0x01FF" }, { "u8": 7 }, { "u32": 258 }, { "u64": "3" },
            { "u128": "340282366920938463463374607431768211455" }, { "actor": "alice" } ] }] })");
        QVERIFY2(sc, sc.error().c_str());
        Runtime rt;
        auto bytes = sc->sends.at(0).payload.resolve(rt);
        QVERIFY2(bytes, bytes.error().c_str());
        Bytes want = { 'a', 'b', 0xc3, 0xa9, 0x01, 0xff, 7, 2, 1, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0 };
        want.insert(want.end(), 16, 0xff);
        const Bytes alice = idBytes(*rt.userByName("alice"));
        want.insert(want.end(), alice.begin(), alice.end());
        QCOMPARE(bytes.value(), want);
    }

    void expectation_data()
    {
        QTest::addColumn<QByteArray>("messages");
        QTest::addColumn<QByteArray>("expect");
        QTest::addColumn<QString>("failWhere"); // empty: every expectation passes
        QTest::addColumn<QString>("failMessage"); // the start of the failure's words

        const QByteArray mail = R"([{ "to": "mailer", "payload": "go" }])";
        const QByteArray mailTwice = R"([{ "to": "mailer", "payload": "go" }, { "to": "mailer", "payload": "again" }])";
        const QByteArray game = R"([{ "to": "ping", "payload": { "u32": 3 } }])";
        const QByteArray panic = R"([{ "to": "pong", "payload": "not a ping" }])";

        QTest::newRow("reply code words")
            << mail
            << QByteArray(R"j({ "replies": [{ "to": "alice", "from": "mailer", "code": "Success(Manual)" }] })j") << ""
            << "";
        QTest::newRow("reply code hex")
            << mail << QByteArray(R"({ "replies": [{ "to": "alice", "from": "mailer", "code": "00010000" }] })") << ""
            << "";
        QTest::newRow("reply payload")
            << mail << QByteArray(R"({ "replies": [{ "to": "alice", "from": "mailer", "payload": "DONE" }] })") << ""
            << "";
        QTest::newRow("reply contains") << mail << QByteArray(R"({ "replies": [{ "to": "alice", "contains": "ON" }] })")
                                        << ""
                                        << "";
        QTest::newRow("reply all of them")
            << mail
            << QByteArray(
                   R"j({ "replies": [{ "to": "alice", "from": "mailer", "code": "Success(Manual)", "payload": { "hex": "444f4e45" }, "contains": "DO", "value": 0 }] })j")
            << ""
            << "";
        QTest::newRow("reply code fails")
            << mail
            << QByteArray(
                   R"j({ "replies": [{ "to": "alice", "from": "mailer", "code": "Error(Execution(UserspacePanic))" }] })j")
            << "expect.replies[0]"
            << "no reply to alice from mailer matched; closest: a reply with code";
        QTest::newRow("reply payload fails")
            << mail << QByteArray(R"({ "replies": [{ "to": "alice", "from": "mailer", "payload": "NOPE" }] })")
            << "expect.replies[0]"
            << "no reply to alice from mailer matched; closest: payload";
        QTest::newRow("reply contains fails")
            << mail << QByteArray(R"({ "replies": [{ "to": "alice", "contains": "XYZ" }] })") << "expect.replies[0]"
            << "no reply to alice matched; closest: payload";
        QTest::newRow("reply from wrong sender")
            << mail << QByteArray(R"({ "replies": [{ "to": "alice", "from": "pong", "payload": "DONE" }] })")
            << "expect.replies[0]"
            << "no reply to alice from pong matched";
        QTest::newRow("second reply fails")
            << mail
            << QByteArray(
                   R"({ "replies": [{ "to": "alice", "payload": "DONE" }, { "to": "bob", "payload": "DONE" }] })")
            << "expect.replies[1]"
            << "no reply to bob matched";
        QTest::newRow("reply to a panic")
            << panic
            << QByteArray(
                   R"j({ "replies": [{ "to": "alice", "from": "pong", "code": "Error(Execution(UserspacePanic))", "contains": "expected PING" }] })j")
            << ""
            << "";

        QTest::newRow("log") << mail
                             << QByteArray(R"({ "log": [{ "to": "alice", "from": "mailer", "payload": "NOTE" }] })")
                             << ""
                             << "";
        // MAIL went to the mailbox, not the log; and a reply is not a log message.
        QTest::newRow("log not mailbox") << mail << QByteArray(R"({ "log": [{ "to": "alice", "payload": "MAIL" }] })")
                                         << "expect.log[0]"
                                         << "no message to alice matched";
        QTest::newRow("log not replies") << mail << QByteArray(R"({ "log": [{ "to": "alice", "payload": "DONE" }] })")
                                         << "expect.log[0]"
                                         << "no message to alice matched";

        QTest::newRow("mailbox") << mail
                                 << QByteArray(
                                        R"({ "mailbox": [{ "user": "alice", "from": "mailer", "payload": "MAIL" }] })")
                                 << ""
                                 << "";
        QTest::newRow("mailbox count") << mailTwice
                                       << QByteArray(
                                              R"({ "mailbox": [{ "user": "alice", "payload": "MAIL", "count": 2 }] })")
                                       << ""
                                       << "";
        QTest::newRow("mailbox count zero")
            << mail << QByteArray(R"({ "mailbox": [{ "user": "bob", "count": 0 }] })") << ""
            << "";
        QTest::newRow("mailbox count fails")
            << mailTwice << QByteArray(R"({ "mailbox": [{ "user": "alice", "count": 1 }] })") << "expect.mailbox[0]"
            << "alice's mailbox has 2 matching message(s), expected 1";
        QTest::newRow("mailbox empty fails")
            << mail << QByteArray(R"({ "mailbox": [{ "user": "bob" }] })") << "expect.mailbox[0]"
            << "bob's mailbox has 0 matching message(s)";
        QTest::newRow("mailbox payload fails")
            << mail << QByteArray(R"({ "mailbox": [{ "user": "alice", "payload": "NOTE" }] })") << "expect.mailbox[0]"
            << "alice's mailbox has 0 matching message(s); closest: payload \"MAIL\", expected \"NOTE\"";

        QTest::newRow("states")
            << game
            << QByteArray(
                   R"({ "states": [{ "program": "pong", "payload": { "u32": 3 } }, { "program": "ping", "query": "any", "payload": { "hex": "03000000" } }] })")
            << ""
            << "";
        QTest::newRow("state contains") << mail
                                        << QByteArray(R"({ "states": [{ "program": "mailer", "contains": "MAIL" }] })")
                                        << ""
                                        << "";
        QTest::newRow("state fails") << game
                                     << QByteArray(R"({ "states": [{ "program": "pong", "payload": { "u32": 4 } }] })")
                                     << "expect.states[0]"
                                     << "state of pong: payload 0x03000000, expected 0x04000000";
        QTest::newRow("state of a user fails")
            << mail << QByteArray(R"({ "states": [{ "program": "bob", "contains": "x" }] })") << "expect.states[0]"
            << "no program";

        QTest::newRow("balances")
            << mail
            << QByteArray(
                   R"({ "balances": [{ "actor": "dave", "value": "5000000000000" }, { "actor": "pong", "value": 1000000000000 }] })")
            << ""
            << "";
        QTest::newRow("balance fails") << mail << QByteArray(R"({ "balances": [{ "actor": "dave", "value": 1 }] })")
                                       << "expect.balances[0]"
                                       << "balance of dave is 5000000000000, expected 1";

        QTest::newRow("programs")
            << mail
            << QByteArray(
                   R"({ "programs": [{ "program": "pong", "state": "active" }, { "program": "mailer", "state": "active" }] })")
            << ""
            << "";
        QTest::newRow("program state fails")
            << mail << QByteArray(R"({ "programs": [{ "program": "pong", "state": "exited" }] })")
            << "expect.programs[0]"
            << "pong is active, expected exited";
        QTest::newRow("program is a user")
            << mail << QByteArray(R"({ "programs": [{ "program": "dave", "state": "active" }] })")
            << "expect.programs[0]"
            << "dave is not a program";

        QTest::newRow("noErrors") << game << QByteArray(R"({ "noErrors": true })") << ""
                                  << "";
        QTest::newRow("noErrors false checks nothing") << panic << QByteArray(R"({ "noErrors": false })") << ""
                                                       << "";
        QTest::newRow("noErrors fails") << panic << QByteArray(R"({ "noErrors": true })") << "expect.noErrors"
                                        << "1 failed dispatch(es), first: step 3: handle to pong";
    }
    void expectation()
    {
        QFETCH(QByteArray, messages);
        QFETCH(QByteArray, expect);
        QFETCH(QString, failWhere);
        QFETCH(QString, failMessage);
        // One block holds every row's messages. Running "until idle" would wait out the mailbox's
        // expiry (mailboxExpiresWhenRunningUntilIdle), and a second block would jump there too
        // (blockLimitWithPendingTask).
        const QByteArray json = R"({
            "blocks": 1,
            "users": [{ "name": "dave", "balance": "5000000000000" }],
            "programs": [
                { "name": "pong", "file": "@samples@/pong.wat" },
                { "name": "ping", "file": "@samples@/ping.wat", "init": { "actor": "pong" } },
                { "name": "mailer", "file": "mailer.wat" }
            ],
            "messages": )"
            + messages + R"(, "expect": )" + expect + "}";
        auto r = run(json);
        QVERIFY2(r.error.empty(), r.error.c_str());
        QString all;
        for (const auto& f : r.outcome.failures)
            all += q(f.where) + QStringLiteral(": ") + q(f.message) + u'\n';
        if (failWhere.isEmpty()) {
            QVERIFY2(r.outcome.ok(), qPrintable(all));
            return;
        }
        QCOMPARE(r.outcome.failures.size(), size_t(1));
        QCOMPARE(q(r.outcome.failures[0].where), failWhere);
        QVERIFY2(q(r.outcome.failures[0].message).startsWith(failMessage), qPrintable(all));
    }

    void replyAndClaimFromMailbox_data()
    {
        QTest::addColumn<QByteArray>("kind");
        QTest::addColumn<QString>("autoReplyCode"); // what mailer receives back
        QTest::newRow("reply") << QByteArray("reply") << "Success(Manual)";
        QTest::newRow("claim") << QByteArray("claim") << "Success(Auto)";
    }
    void replyAndClaimFromMailbox()
    {
        QFETCH(QByteArray, kind);
        QFETCH(QString, autoReplyCode);
        // Two blocks, so the empty mailbox is the reply's or claim's doing, not its expiry.
        auto r = run(R"({ "programs": [{ "name": "mailer", "file": "mailer.wat" }], "blocks": 2,
                          "messages": [{ "to": "mailer", "payload": "go" },
                                       { "kind": ")"
            + kind + R"(", "to": "mailer", "payload": "ACK", "block": 2 }],
                          "expect": { "mailbox": [{ "user": "alice", "count": 0 }] } })");
        QVERIFY2(r.error.empty(), r.error.c_str());
        QVERIFY(r.outcome.ok());
        // The mailbox message was answered in block 2: mailer got a reply from alice to its MAIL.
        bool answered = false;
        for (const auto& s : r.steps)
            if (s.kind == StepKind::Dispatch && s.dispatchKind == DispatchKind::Reply && s.block == 2
                && s.message.source == ActorId::fromU64(~uint64_t(0) - 1)
                && q(s.message.replyCode.toString()) == autoReplyCode)
                answered = true;
        QVERIFY(answered);
    }

    void mailboxExpiresWhenRunningUntilIdle()
    {
        // Without "blocks" the runner runs until the runtime is idle, and a pending mailbox
        // expiry task keeps it busy: the gasless MAIL (3000 gas, 100 per block) is gone by then.
        auto r = run(R"({ "programs": [{ "name": "mailer", "file": "mailer.wat" }],
                          "messages": [{ "to": "mailer", "payload": "go" }],
                          "expect": { "mailbox": [{ "user": "alice", "count": 0 }] } })");
        QVERIFY2(r.error.empty(), r.error.c_str());
        QVERIFY(r.outcome.ok());
        QVERIFY(!r.steps.empty());
        QCOMPARE(r.steps.back().block, BlockNumber(30));
    }

    void replyWithEmptyMailboxFails()
    {
        auto r = run(R"({ "programs": [{ "name": "pong", "file": "@samples@/pong.wat" }],
                          "messages": [{ "kind": "reply", "from": "bob", "to": "pong", "payload": "x" }] })");
        QCOMPARE(q(r.error),
            q(scenarioPath()) + QStringLiteral(": messages[0]: bob's mailbox has no message from pong at block 1"));
    }

    void messageFromProgramFailsAtRun()
    {
        // Parsing accepts any known actor as a sender; only running finds it is not a user.
        auto r = run(R"({ "programs": [{ "name": "pong", "file": "@samples@/pong.wat" }],
                          "messages": [{ "from": "pong", "to": "pong", "payload": "PING" }] })");
        QCOMPARE(q(r.error), q(scenarioPath()) + QStringLiteral(": messages[0].from: \"pong\" is not a user"));
    }

    void messagesSentBeforeTheirBlock_data()
    {
        QTest::addColumn<int>("block");
        QTest::addColumn<bool>("pendingTask"); // a mailbox expiry is scheduled for block 30
        QTest::newRow("1") << 1 << false;
        QTest::newRow("3") << 3 << false;
        QTest::newRow("7") << 7 << false;
        QTest::newRow("2, task pending") << 2 << true;
        QTest::newRow("5, task pending") << 5 << true;
    }
    void messagesSentBeforeTheirBlock()
    {
        QFETCH(int, block);
        QFETCH(bool, pendingTask);
        const QByteArray first = pendingTask ? R"({ "to": "mailer", "payload": "go" }, )" : "";
        auto r = run(R"({ "programs": [{ "name": "mailer", "file": "mailer.wat" }], "messages": [)" + first
            + R"({ "to": "mailer", "payload": "target", "block": )" + QByteArray::number(block) + "}] }");
        QVERIFY2(r.error.empty(), r.error.c_str());
        const ActorId alice = ActorId::fromU64(~uint64_t(0) - 1);
        // The upload's init message took alice's nonce n in block 1; the scheduled send takes the
        // next one and, made just before block `block` opens, carries that block in its id.
        QVERIFY(!r.steps.empty() && r.steps[0].dispatchKind == DispatchKind::Init);
        u128 nonce = 0;
        while (nonce < 8 && Ids::external(1, alice, nonce) != r.steps[0].message.id)
            ++nonce;
        QVERIFY(nonce < 8);
        const MessageId expected = Ids::external(BlockNumber(block), alice, nonce + (pendingTask ? 2 : 1));
        int seen = 0;
        for (const auto& s : r.steps) {
            if (s.kind != StepKind::Dispatch || s.dispatchKind != DispatchKind::Handle
                || text(s.message.payload) != "target")
                continue;
            ++seen;
            // Runtime bug: with the queue empty, runBlock() jumps to the next task's block (30), so
            // the message goes out before block 31 instead of 5.
            QCOMPARE(s.block, BlockNumber(block));
            QCOMPARE(q(s.message.id.hex()), q(expected.hex()));
        }
        QCOMPARE(seen, 1);
    }

    void messagesOrderedByBlockThenFile()
    {
        auto r = run(R"({ "programs": [{ "name": "mailer", "file": "mailer.wat" }],
                          "messages": [{ "to": "mailer", "payload": "A", "block": 3 },
                                       { "to": "mailer", "payload": "B", "block": 2 },
                                       { "to": "mailer", "payload": "C", "block": 3 }] })");
        QVERIFY2(r.error.empty(), r.error.c_str());
        QString order;
        for (const auto& s : r.steps)
            if (s.kind == StepKind::Dispatch && s.dispatchKind == DispatchKind::Handle)
                order += q(text(s.message.payload)) + QString::number(s.block) + u' ';
        QCOMPARE(order, QStringLiteral("B2 A3 C3 "));
    }

    void blocksRunExactly_data()
    {
        QTest::addColumn<int>("blocks");
        QTest::addColumn<bool>("pendingTask"); // a mailbox expiry is scheduled for block 30
        QTest::newRow("0") << 0 << false;
        QTest::newRow("1") << 1 << false;
        QTest::newRow("4") << 4 << false;
        QTest::newRow("1, task pending") << 1 << true;
        QTest::newRow("3, task pending") << 3 << true;
    }
    void blocksRunExactly()
    {
        QFETCH(int, blocks);
        QFETCH(bool, pendingTask);
        auto sc = parse(R"({ "programs": [{ "name": "mailer", "file": "mailer.wat" }], "blocks": )"
            + QByteArray::number(blocks) + (pendingTask ? R"(, "messages": [{ "to": "mailer" }])" : "") + "}");
        QVERIFY2(sc, sc.error().c_str());
        ScenarioRunner runner(sc.value());
        QVERIFY(runner.setUp());
        QVERIFY(runner.run());
        // runBlock() runs exactly one block even when the next task is blocks away.
        QCOMPARE(runner.runtime().blockHeight(), BlockNumber(blocks));
    }

    void messageAfterLastBlockFails_data()
    {
        QTest::addColumn<QByteArray>("limit");
        QTest::addColumn<QString>("ran");
        QTest::newRow("blocks") << QByteArray(R"("blocks": 2)") << "2";
        // No "maxBlocks" row: when running until idle, empty blocks before a scheduled send
        // pass in one go and do not count against maxBlocks.
        QTest::newRow("blocks zero") << QByteArray(R"("blocks": 0)") << "0";
    }
    void messageAfterLastBlockFails()
    {
        QFETCH(QByteArray, limit);
        QFETCH(QString, ran);
        auto r = run(R"({ "programs": [{ "name": "pong", "file": "@samples@/pong.wat" }], )" + limit
            + R"(, "messages": [{ "to": "pong", "payload": "PING" }, { "to": "pong", "payload": "PING", "block": 5 }] })");
        const QString want = QStringLiteral("messages[%1].block: block %2 is after the last block run (%3)")
                                 .arg(ran == u"0" ? 0 : 1)
                                 .arg(ran == u"0" ? 1 : 5)
                                 .arg(ran);
        QCOMPARE(q(r.error), q(scenarioPath()) + QStringLiteral(": ") + want);
    }

    /** A message made inside a block ("afterStep") joins the queue behind what the block's
     *  earlier steps queued, as a send from the window between two steps does; made before the
     *  block (no afterStep) it comes first. The oracle is a Runtime driven the way the window
     *  drives it: three steps, bob's send, then the rest. Ping's first step queues a PING to pong. */
    void messageInsideABlockKeepsTheQueueOrder()
    {
        QByteArray json = R"({ "programs": [{ "name": "pong", "file": "@samples@/pong.wat" },
            { "name": "ping", "file": "@samples@/ping.wat", "init": { "actor": "pong" } }],
            "messages": [{ "to": "ping", "payload": { "u32": 2 } },
                         { "from": "bob", "to": "pong", "payload": "PING", "block": 1, "afterStep": 3 }] })";
        auto dispatches = [](const std::vector<StepRecord>& steps) {
            QStringList ids;
            for (const auto& s : steps)
                if (s.kind == StepKind::Dispatch)
                    ids << q(s.message.id.hex());
            return ids;
        };

        RuntimeConfig config;
        config.seed = 42; // the scenario's default
        Runtime rt(config);
        const ActorId alice = *rt.userByName("alice");
        const ActorId bob = *rt.userByName("bob");
        QFile pongFile(QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong/pong.wat"));
        QFile pingFile(QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong/ping.wat"));
        QVERIFY(pongFile.open(QIODevice::ReadOnly) && pingFile.open(QIODevice::ReadOnly));
        const QByteArray pongWat = pongFile.readAll(), pingWat = pingFile.readAll();
        auto pongCode = rt.submitCode(Bytes(pongWat.begin(), pongWat.end()));
        auto pingCode = rt.submitCode(Bytes(pingWat.begin(), pingWat.end()));
        QVERIFY(pongCode && pingCode);
        auto pong = rt.uploadProgram(alice, pongCode.value(), bytesOf("pong"), {}, 0, std::nullopt, "pong");
        QVERIFY(pong);
        auto ping = rt.uploadProgram(
            alice, pingCode.value(), bytesOf("ping"), idBytes(pong->program), 0, std::nullopt, "ping");
        QVERIFY(ping);
        QVERIFY(rt.sendMessage(alice, ping->program, u32le(2)));
        std::vector<StepRecord> live;
        rt.setObserver([&](const StepRecord& r) { live.push_back(r); });
        for (int i = 0; i < 3; ++i)
            QVERIFY(rt.step());
        auto bobs = rt.sendMessage(bob, pong->program, bytesOf("PING"));
        QVERIFY(bobs);
        rt.runUntilIdle();
        // Inside block 1 the id carries block 2 (gtest: height + 1), as the window's send does.
        u128 nonce = 0; // pong's upload took the first
        while (nonce < 8 && Ids::external(1, alice, nonce) != pong->initMessage)
            ++nonce;
        QVERIFY(nonce < 8);
        QCOMPARE(q(bobs->hex()), q(Ids::external(2, bob, nonce + 3).hex()));
        const QStringList expected = dispatches(live);

        auto inside = run(json);
        QVERIFY2(inside.error.empty(), inside.error.c_str());
        QCOMPARE(dispatches(inside.steps), expected);
        QVERIFY(inside.steps.back().block == 1); // the whole exchange fits in block 1

        // Made before block 1 instead, bob's PING is dispatched before ping's, with another id.
        auto before = run(json.replace(R"(, "afterStep": 3)", ""));
        QVERIFY2(before.error.empty(), before.error.c_str());
        const QStringList order = dispatches(before.steps);
        QCOMPARE(order.size(), expected.size());
        QCOMPARE(order.indexOf(q(Ids::external(1, bob, nonce + 3).hex())), 3);
        QCOMPARE(expected.indexOf(q(bobs->hex())), 4);
    }

    /** stopAfterStep ends the run inside a block: what is left queued stays queued, as in a
     *  runtime stepped that far. */
    void stopAfterStepStopsInsideABlock_data()
    {
        QTest::addColumn<int>("stop");
        QTest::newRow("after the inits") << 2;
        QTest::newRow("inside the exchange") << 4;
        QTest::newRow("one before the end") << 7;
    }
    void stopAfterStepStopsInsideABlock()
    {
        QFETCH(int, stop);
        const QByteArray base = R"({ "programs": [{ "name": "pong", "file": "@samples@/pong.wat" },
            { "name": "ping", "file": "@samples@/ping.wat", "init": { "actor": "pong" } }],
            "messages": [{ "to": "ping", "payload": { "u32": 3 } }] )";
        auto whole = parse(base + "}");
        QVERIFY2(whole, whole.error().c_str());
        ScenarioRunner oracle(whole.value());
        QVERIFY(oracle.setUp());
        QVERIFY(oracle.sendDue(1));
        for (int i = 0; i < stop; ++i)
            QVERIFY(oracle.runtime().step());
        const auto queued = oracle.runtime().queue();
        QVERIFY(!queued.empty());

        auto sc = parse(base + R"(, "stopAfterStep": )" + QByteArray::number(stop) + "}");
        QVERIFY2(sc, sc.error().c_str());
        ScenarioRunner runner(sc.value());
        QVERIFY(runner.setUp());
        auto ran = runner.run();
        QVERIFY2(ran, ran ? "" : ran.error().c_str());
        QCOMPARE(runner.runtime().stepCount(), uint64_t(stop));
        QCOMPARE(runner.runtime().blockHeight(), BlockNumber(1));
        const auto left = runner.runtime().queue();
        QCOMPARE(left.size(), queued.size());
        for (size_t i = 0; i < left.size(); ++i)
            QCOMPARE(q(left[i].message.id.hex()), q(queued[i].message.id.hex()));
        // Run whole, block 1 goes on to the end of the exchange.
        ScenarioRunner full(whole.value());
        QVERIFY(full.setUp());
        QVERIFY(full.run());
        QVERIFY(full.runtime().stepCount() > uint64_t(stop));
    }

    /** A point the run never reaches inside the message's block, or a stop after the run's end,
     *  is an error that names the key and says what happened. */
    void unreachablePointIsAnError_data()
    {
        QTest::addColumn<QByteArray>("extra");
        QTest::addColumn<QString>("expected");
        // Block 1 runs two steps: pong's init and its answer to the first PING.
        QTest::newRow("after the block ended")
            << QByteArray(R"("messages": [{ "to": "pong", "payload": "PING" },
                 { "to": "pong", "payload": "PING", "block": 1, "afterStep": 3 }])")
            << "messages[1].afterStep: step 3 is not inside block 1 (block 1 ran steps 1 to 2)";
        QTest::newRow("in an empty block")
            << QByteArray(R"("blocks": 4, "messages": [{ "to": "pong", "payload": "PING" },
                 { "to": "pong", "payload": "PING", "block": 3, "afterStep": 5 }])")
            << "messages[1].afterStep: step 5 is not inside block 3 (block 3 ran no steps)";
        QTest::newRow("before the block began")
            << QByteArray(R"("blocks": 3, "messages": [{ "to": "pong", "payload": "PING" },
                 { "to": "pong", "payload": "PING", "block": 2, "afterStep": 1 }])")
            << "messages[1].afterStep: step 1 is not inside block 2 (the run was past step 1 before block 2 began)";
        QTest::newRow("in a later block than an earlier point")
            << QByteArray(R"("messages": [{ "to": "pong", "payload": "PING" },
                 { "to": "pong", "payload": "PING", "block": 1, "afterStep": 1 },
                 { "to": "pong", "payload": "PING", "block": 2, "afterStep": 1 }])")
            << "messages[2].afterStep: step 1 is not inside block 2 (the run was past step 1 before block 2 began)";
        QTest::newRow("stop after the end")
            << QByteArray(R"("stopAfterStep": 500, "messages": [{ "to": "pong", "payload": "PING" }])")
            << "stopAfterStep: the run ended after 2 steps, before step 500";
    }
    void unreachablePointIsAnError()
    {
        QFETCH(QByteArray, extra);
        QFETCH(QString, expected);
        auto r = run(R"({ "programs": [{ "name": "pong", "file": "@samples@/pong.wat" }], )" + extra + "}");
        QCOMPARE(q(r.error), q(scenarioPath()) + QStringLiteral(": ") + expected);
    }

    void defaultUserBalanceIsFixed()
    {
        auto r = run(R"({ "users": [{ "name": "alice", "balance": 5 }] })");
        QCOMPARE(q(r.error),
            q(scenarioPath()) + QStringLiteral(": users: \"alice\" is a default user; its balance is fixed"));
    }
};

QTEST_GUILESS_MAIN(tst_Scenario)
#include "tst_scenario.moc"
