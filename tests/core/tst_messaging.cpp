// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Messaging semantics of the runtime, checked on real Wasm programs (spec §1–§6): journal order,
// ids, missing exports, destination checks, trap rollback, exit, mailbox, value and gas
// arithmetic, state queries and the words of reply codes. Most programs are msg_actor.wat, which
// runs its payload as a script, so one fixture covers many rows.
#include "fixtures.h"
#include "ids/ids.h"
#include "runtime/runtime.h"
#include "trace/worldstate.h"

#include <QProcess>
#include <QStringList>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <optional>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

constexpr u128 Unit = u128(1'000'000'000'000ull); // 1 token; also the existential deposit (spec §5.5)

// msg_actor.wat's memory map (see its header).
constexpr uint32_t ResultStruct = 64;
constexpr uint32_t RepliesReceived = 32764;
constexpr uint32_t LastReplyCode = 32768;
constexpr uint32_t LastReplySize = 32776;
constexpr uint32_t LastReplyPayload = 32780;

void appendLe(Bytes& b, u128 v, int size)
{
    for (int i = 0; i < size; ++i)
        b.push_back(uint8_t(v >> (8 * i)));
}

Bytes u128le(u128 v)
{
    Bytes b;
    appendLe(b, v, 16);
    return b;
}

uint32_t readU32(const Bytes& mem, uint32_t at)
{
    if (mem.size() < at + 4)
        return 0xFFFFFFFFu;
    return uint32_t(mem[at]) | uint32_t(mem[at + 1]) << 8 | uint32_t(mem[at + 2]) << 16 | uint32_t(mem[at + 3]) << 24;
}

Bytes slice(const Bytes& mem, uint32_t at, uint32_t size)
{
    if (mem.size() < size_t(at) + size)
        return {};
    return Bytes(mem.begin() + at, mem.begin() + at + size);
}

QString qs(const std::string& s) { return QString::fromStdString(s); }
QString hexOf(const Bytes& b) { return qs(toHex(b)); }
template <typename Tag> QString hexOf(const Id<Tag>& id) { return qs(id.hex()); }
QString u128Str(u128 v) { return qs(u128ToString(v)); }

/** Builds a command script for msg_actor.wat; each method appends one command of its header's list. */
class Script
{
public:
    Script& send(const ActorId& dest, char tag, u128 value = 0)
    {
        op('S', dest, value);
        b.push_back(uint8_t(tag));
        return *this;
    }
    Script& sendWgas(const ActorId& dest, char tag, Gas gas, u128 value = 0)
    {
        op('G', dest, value);
        appendLe(b, gas, 8);
        b.push_back(uint8_t(tag));
        return *this;
    }
    Script& sendInit(const ActorId& dest, char tag, u128 value = 0)
    {
        op('I', dest, value);
        b.push_back(uint8_t(tag));
        return *this;
    }
    Script& forward(const ActorId& dest, const Script& inner, u128 value = 0)
    {
        op('F', dest, value);
        appendLe(b, inner.b.size(), 2);
        b.insert(b.end(), inner.b.begin(), inner.b.end());
        return *this;
    }
    Script& reply(char tag, u128 value = 0)
    {
        b.push_back('R');
        appendLe(b, value, 16);
        b.push_back(uint8_t(tag));
        return *this;
    }
    Script& create(const CodeId& code, uint8_t salt, const Bytes& payload = {}, u128 value = 0)
    {
        b.push_back('C');
        b.insert(b.end(), code.bytes.begin(), code.bytes.end());
        appendLe(b, value, 16);
        b.push_back(salt);
        b.push_back(uint8_t(payload.size()));
        b.insert(b.end(), payload.begin(), payload.end());
        return *this;
    }
    Script& note(const std::string& s)
    {
        b.push_back('M');
        b.push_back(uint8_t(s.size()));
        b.insert(b.end(), s.begin(), s.end());
        return *this;
    }
    Script& values()
    {
        b.push_back('v');
        return *this;
    }
    Script& panic(const std::string& s)
    {
        b.push_back('P');
        b.push_back(uint8_t(s.size()));
        b.insert(b.end(), s.begin(), s.end());
        return *this;
    }
    Script& unreachable()
    {
        b.push_back('U');
        return *this;
    }
    Script& exit(const ActorId& inheritor)
    {
        b.push_back('X');
        b.insert(b.end(), inheritor.bytes.begin(), inheritor.bytes.end());
        return *this;
    }
    Script& leave()
    {
        b.push_back('L');
        return *this;
    }
    Script& wait()
    {
        b.push_back('w');
        return *this;
    }
    const Bytes& bytes() const { return b; }

private:
    void op(char c, const ActorId& dest, u128 value)
    {
        b.push_back(uint8_t(c));
        b.insert(b.end(), dest.bytes.begin(), dest.bytes.end());
        appendLe(b, value, 16);
    }
    Bytes b;
};

/** A runtime with the fixtures submitted and every step recorded. Set-up failures clear `ok` and
 *  warn; tests check it once after setting up. */
class Env
{
public:
    explicit Env(RuntimeConfig cfg = {})
        : rt(cfg)
    {
        rt.setObserver([this](const StepRecord& r) { steps.push_back(r); });
        alice = *rt.userByName("alice");
        bob = *rt.userByName("bob");
        actorCode = submit("msg_actor.wat");
        initOnlyCode = submit("msg_init_only.wat");
        handleOnlyCode = submit("msg_handle_only.wat");
    }

    CodeId submit(const char* name)
    {
        auto r = rt.submitCode(fixture(name), name);
        if (!r) {
            qWarning("cannot submit %s: %s", name, r.error().c_str());
            ok = false;
            return {};
        }
        return r.value();
    }

    ActorId upload(const CodeId& code, const std::string& salt, const Bytes& init = {}, u128 value = 0)
    {
        auto r = rt.uploadProgram(alice, code, bytesOf(salt.c_str()), init, value);
        if (!r) {
            qWarning("upload failed: %s", r.error().c_str());
            ok = false;
            return {};
        }
        lastInit = r->initMessage;
        return r->program;
    }

    MessageId send(const ActorId& to, const Bytes& payload, u128 value = 0, std::optional<Gas> gas = std::nullopt)
    {
        auto r = rt.sendMessage(alice, to, payload, value, gas);
        if (!r) {
            qWarning("send failed: %s", r.error().c_str());
            ok = false;
            return {};
        }
        return r.value();
    }

    /// The last dispatch step of message `id`, or null.
    const StepRecord* dispatchOf(const MessageId& id) const
    {
        for (auto it = steps.rbegin(); it != steps.rend(); ++it)
            if (it->kind == StepKind::Dispatch && it->message.id == id && it->outcome != Outcome::AllowanceExceeded)
                return &*it;
        return nullptr;
    }

    /// The reply to `id` generated by any step so far, or nullopt.
    std::optional<Message> replyTo(const MessageId& id) const
    {
        for (const auto& s : steps)
            for (const auto& g : s.generated)
                if (g.replyTo && *g.replyTo == id)
                    return g;
        return std::nullopt;
    }

    bool inUserLog(const MessageId& id) const
    {
        for (const auto& m : rt.userLog())
            if (m.id == id)
                return true;
        return false;
    }

    Gas burnedSince(size_t firstStep) const
    {
        Gas g = 0;
        for (size_t i = firstStep; i < steps.size(); ++i)
            g += steps[i].gasBurned;
        return g;
    }

    Runtime rt;
    std::vector<StepRecord> steps;
    ActorId alice, bob;
    CodeId actorCode, initOnlyCode, handleOnlyCode;
    MessageId lastInit;
    bool ok = true;
};

/** Names a message for order comparisons: "<tag>@<nonce>" for handle messages (nonce = the k with
 *  Ids::outgoing(current, k) == id), "init@<nonce>" for init messages, "R:<payload>" for manual
 *  replies and "auto" for auto-replies; a reply whose id is not Ids::reply(current) gets "!id". */
QString labelOf(DispatchKind kind, const Message& m, const MessageId& current)
{
    if (m.replyTo) {
        QString l = m.replyCode == ReplyCode::successAuto() ? QStringLiteral("auto")
            : m.replyCode == ReplyCode::successManual()     ? QStringLiteral("R:") + qs(text(m.payload))
                                                            : qs(m.replyCode.toString());
        if (m.id != Ids::reply(current) || *m.replyTo != current)
            l += QStringLiteral("!id");
        return l;
    }
    QString nonce = QStringLiteral("?");
    for (uint32_t n = 0; n < 64; ++n)
        if (Ids::outgoing(current, n) == m.id)
            nonce = QString::number(n);
    if (kind == DispatchKind::Init)
        return QStringLiteral("init@") + nonce;
    return qs(text(m.payload)) + QStringLiteral("@") + nonce;
}

QStringList labelsOf(const StepRecord& r)
{
    QStringList out;
    for (const auto& g : r.generated) {
        bool isInit = false;
        for (const auto& c : r.createdPrograms)
            isInit = isInit || (!g.replyTo && g.destination == c);
        out << labelOf(isInit ? DispatchKind::Init : DispatchKind::Handle, g, r.message.id);
    }
    return out;
}

QStringList queueLabels(const Runtime& rt, const MessageId& current)
{
    QStringList out;
    for (const auto& q : rt.queue())
        out << labelOf(q.kind, q.message, current);
    return out;
}

/// The error code the syscall named `name` wrote, for its `nth` call in the step (-1 if absent).
qint64 syscallError(const StepRecord& r, const char* name, int nth = 0)
{
    for (const auto& e : r.syscalls)
        if (std::strcmp(e.name, name) == 0 && nth-- == 0)
            return e.error;
    return -1;
}

/// Runs a journal-order script language: tokens "S:x" gr_send, "G:x" gr_send_wgas (1e9 gas),
/// "I:x" gr_send_init/commit (all to `sink`, payload x), "R:x" gr_reply, "C" gr_create_program of
/// msg_init_only with a fresh salt.
Script parseScript(const QString& spec, const ActorId& sink, const CodeId& createCode)
{
    Script s;
    uint8_t salt = 1;
    for (const QString& tok : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const char op = tok.at(0).toLatin1();
        const char arg = tok.size() > 2 ? tok.at(2).toLatin1() : '?';
        switch (op) {
        case 'S':
            s.send(sink, arg);
            break;
        case 'G':
            s.sendWgas(sink, arg, 1'000'000'000);
            break;
        case 'I':
            s.sendInit(sink, arg);
            break;
        case 'R':
            s.reply(arg);
            break;
        case 'C':
            s.create(createCode, salt++);
            break;
        default:
            qWarning("bad script token %s", qPrintable(tok));
        }
    }
    return s;
}

// The outside oracle for program ids (spec §1.3): CPython's hashlib BLAKE2b-256 rebuilds the whole
// chain from raw inputs (wasm bytes, user id, block numbers, nonces, salts), nothing from our C++.
const char* const kIdOracle = R"PY(
import sys, struct, hashlib
x = bytes.fromhex
def h(p): return hashlib.blake2b(p, digest_size=32).digest()
def external(bn, user, nonce): return h(b'external' + struct.pack('<I', bn) + user + nonce.to_bytes(16, 'little'))
actor_wasm, init_wasm, alice = x(sys.argv[1]), x(sys.argv[2]), x(sys.argv[3])
up_bn, up_nonce, send_bn, send_nonce = map(int, sys.argv[4:8])
up_salt, create_salt = x(sys.argv[8]), x(sys.argv[9])
program = h(b'program_from_user' + h(actor_wasm) + up_salt)
up_mid = external(up_bn, alice, up_nonce)
send_mid = external(send_bn, alice, send_nonce)
created = h(b'program_from_wasm' + send_mid + h(init_wasm) + create_salt)
init_mid = h(b'outgoing' + send_mid + struct.pack('<I', 0))
sys.stdout.write(' '.join(v.hex() for v in (program, up_mid, send_mid, created, init_mid)))
)PY";

} // namespace

class tst_Messaging : public QObject
{
    Q_OBJECT

private slots:
    // ---- §1.4 journal order, §1.3 outgoing and reply ids --------------------------------------

    void journalOrder_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("expected"); // P's generated messages = the queue afterwards

        QTest::newRow("send, reply, send: reply last") << "S:A R:R S:B" << QStringList { "A@0", "B@1", "R:R" };
        QTest::newRow("reply, send") << "R:R S:A" << QStringList { "A@0", "R:R" };
        QTest::newRow("reply only") << "R:R" << QStringList { "R:R" };
        QTest::newRow("two sends: auto-reply first") << "S:A S:B" << QStringList { "auto", "A@0", "B@1" };
        QTest::newRow("nothing: auto-reply only") << "" << QStringList { "auto" };
        QTest::newRow("send_wgas keeps commit order") << "S:A G:B S:C" << QStringList { "auto", "A@0", "B@1", "C@2" };
        QTest::newRow("send_init/commit take a nonce") << "I:A S:B I:C" << QStringList { "auto", "A@0", "B@1", "C@2" };
        QTest::newRow("init before sends") << "S:A C S:B" << QStringList { "auto", "init@1", "A@0", "B@2" };
        QTest::newRow("init before sends, reply last")
            << "S:A C R:R S:B" << QStringList { "init@1", "A@0", "B@2", "R:R" };
        QTest::newRow("two inits in call order") << "C S:A C" << QStringList { "auto", "init@0", "init@2", "A@1" };
    }

    void journalOrder()
    {
        QFETCH(QString, script);
        QFETCH(QStringList, expected);
        Env env;
        // alice → D (driver) forwards the script to P, so P's reply goes to a program and enters
        // the queue; P's sends go to the sink K (only `init`: handle messages are no-ops).
        const ActorId sink = env.upload(env.initOnlyCode, "K");
        const ActorId p = env.upload(env.actorCode, "P");
        const ActorId driver = env.upload(env.actorCode, "D");
        env.rt.runBlock();
        QVERIFY(env.ok);
        QVERIFY(env.rt.queue().empty());

        // One extra token funds a second gr_create_program (each costs the existential deposit).
        const Script inner = parseScript(script, sink, env.initOnlyCode);
        env.send(driver, Script().forward(p, inner, Unit).bytes(), Unit);
        QVERIFY(env.ok);
        auto d = env.rt.stepDispatch();
        QVERIFY(d && d->actor == driver);
        QCOMPARE(toString(d->outcome), toString(Outcome::Success));
        auto r = env.rt.stepDispatch();
        QVERIFY(r && r->actor == p);
        QVERIFY2(r->outcome == Outcome::Success, r->trapMessage.c_str());

        QCOMPARE(labelsOf(*r), expected);
        // Everything P generated went to programs, so the queue holds exactly that, in that order.
        QCOMPARE(queueLabels(env.rt, r->message.id), expected);
        const auto q = env.rt.queue();
        QCOMPARE(q.size(), r->generated.size());
        for (size_t i = 0; i < q.size(); ++i)
            QCOMPARE(hexOf(q[i].message.id), hexOf(r->generated[i].id));
        // Replies go back to the driver; sends to the sink; inits to the programs just created.
        for (const auto& q1 : q) {
            if (q1.message.replyTo)
                QCOMPARE(hexOf(q1.message.destination), hexOf(driver));
            else if (q1.kind == DispatchKind::Handle)
                QCOMPARE(hexOf(q1.message.destination), hexOf(sink));
            QCOMPARE(hexOf(q1.message.source), hexOf(p));
        }
    }

    void outgoingIdsAcrossExecutions()
    {
        // The nonce is per message: a second message starts again at 0, with its own id as base.
        Env env;
        const ActorId sink = env.upload(env.initOnlyCode, "K");
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        const MessageId m1 = env.send(p, Script().send(sink, 'A').send(sink, 'B').bytes());
        const MessageId m2 = env.send(p, Script().send(sink, 'C').bytes());
        QVERIFY(env.ok);
        QVERIFY(m1 != m2);
        auto r1 = env.rt.stepDispatch();
        auto r2 = env.rt.stepDispatch();
        QVERIFY(r1 && r2);
        QCOMPARE(hexOf(r1->message.id), hexOf(m1));
        QCOMPARE(hexOf(r2->message.id), hexOf(m2));
        QCOMPARE(labelsOf(*r1), (QStringList { "auto", "A@0", "B@1" }));
        QCOMPARE(labelsOf(*r2), (QStringList { "auto", "C@0" }));
        QCOMPARE(hexOf(r2->generated[1].id), hexOf(Ids::outgoing(m2, 0)));
        // The ids also reach the program: gr_send's ErrorWithHash holds the last id sent.
        const Bytes mem = env.rt.memory(p);
        QCOMPARE(readU32(mem, ResultStruct), 0u);
        QCOMPARE(hexOf(slice(mem, ResultStruct + 4, 32)), hexOf(Ids::outgoing(m2, 0)));
    }

    void programIds()
    {
        Env env;
        const Bytes uploadSalt = bytesOf("P");
        const uint8_t createSalt = 7;
        // alice's messages: nonce 1 = upload (block 1), nonce 2 = the create message (block 2).
        const ActorId p = env.upload(env.actorCode, "P");
        const MessageId uploadMid = env.lastInit;
        env.rt.runBlock();
        const MessageId mid = env.send(p, Script().create(env.initOnlyCode, createSalt).bytes());
        QVERIFY(env.ok);

        QCOMPARE(hexOf(p), hexOf(Ids::programFromUser(env.actorCode, uploadSalt)));
        QCOMPARE(hexOf(uploadMid), hexOf(Ids::external(1, env.alice, 1)));
        QCOMPARE(hexOf(mid), hexOf(Ids::external(2, env.alice, 2)));

        auto r = env.rt.stepDispatch();
        QVERIFY(r && r->message.id == mid);
        QVERIFY2(r->outcome == Outcome::Success, r->trapMessage.c_str());
        const ActorId created = Ids::programFromWasm(mid, env.initOnlyCode, Bytes { createSalt });
        QCOMPARE(r->createdPrograms.size(), size_t(1));
        QCOMPARE(hexOf(r->createdPrograms[0]), hexOf(created));
        QCOMPARE(labelsOf(*r), (QStringList { "auto", "init@0" }));
        QCOMPARE(hexOf(r->generated[1].destination), hexOf(created));
        // The program reads both ids from ErrorWithTwoHashes: err ‖ init message id ‖ program id.
        const Bytes mem = env.rt.memory(p);
        QCOMPARE(readU32(mem, ResultStruct), 0u);
        QCOMPARE(hexOf(slice(mem, ResultStruct + 4, 32)), hexOf(Ids::outgoing(mid, 0)));
        QCOMPARE(hexOf(slice(mem, ResultStruct + 36, 32)), hexOf(created));
        // Registered before its init runs (spec §6.2), initialised after.
        auto snap = env.rt.program(created);
        QVERIFY(snap);
        QCOMPARE(toString(snap->state), toString(ProgramState::Uninitialized));
        QCOMPARE(hexOf(snap->initMessage), hexOf(Ids::outgoing(mid, 0)));
        env.rt.runBlock();
        QCOMPARE(toString(env.rt.program(created)->state), toString(ProgramState::Active));
        QCOMPARE(readU32(env.rt.memory(created), 1024), 0x74696e69u); // its init ran: "init"

        // Outside oracle: Python rebuilds every id from raw bytes.
        QProcess py;
        py.start(QStringLiteral("python3"),
            { QStringLiteral("-c"), QString::fromUtf8(kIdOracle), hexOf(env.rt.code(env.actorCode)->original),
                hexOf(env.rt.code(env.initOnlyCode)->original), hexOf(env.alice), QStringLiteral("1"),
                QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("2"), hexOf(uploadSalt),
                hexOf(Bytes { createSalt }) });
        if (!py.waitForStarted(10000))
            QSKIP("python3 is not available: the hashlib oracle is skipped");
        QVERIFY(py.waitForFinished(30000));
        QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
        const QStringList want = QString::fromLatin1(py.readAllStandardOutput()).split(QLatin1Char(' '));
        QCOMPARE(want.size(), 5);
        QCOMPARE(hexOf(p), want[0]);
        QCOMPARE(hexOf(uploadMid), want[1]);
        QCOMPARE(hexOf(mid), want[2]);
        QCOMPARE(hexOf(created), want[3]);
        QCOMPARE(hexOf(r->generated[1].id), want[4]);
    }

    // ---- §1.2 missing exports ----------------------------------------------------------------

    void missingExport_data()
    {
        QTest::addColumn<QString>("fixtureName");
        QTest::addColumn<bool>("handleMessage"); // false: look at the init message
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QStringList>("generated");

        QTest::newRow("init only: init runs")
            << "msg_init_only.wat" << false << int(Outcome::Success) << QStringList { "auto" };
        QTest::newRow("init only: handle is an auto-replied no-op")
            << "msg_init_only.wat" << true << int(Outcome::NoExport) << QStringList { "auto" };
        QTest::newRow("no init: the init message initialises it")
            << "msg_handle_only.wat" << false << int(Outcome::NoExport) << QStringList { "auto" };
        QTest::newRow("no init: handle runs after")
            << "msg_handle_only.wat" << true << int(Outcome::Success) << QStringList { "R:h" };
    }

    void missingExport()
    {
        QFETCH(QString, fixtureName);
        QFETCH(bool, handleMessage);
        QFETCH(int, outcome);
        QFETCH(QStringList, generated);
        Env env;
        const QByteArray name = fixtureName.toUtf8();
        const CodeId code = env.submit(name.constData());
        const u128 value = 3 * Unit;
        const ActorId prog = env.upload(code, "X", {}, handleMessage ? 0 : value);
        QVERIFY(env.ok);
        MessageId mid = env.lastInit;
        if (handleMessage) {
            env.rt.runBlock();
            QCOMPARE(toString(env.rt.program(prog)->state), toString(ProgramState::Active));
            mid = env.send(prog, bytesOf("hi"), value);
            QVERIFY(env.ok);
        }
        const Hash memBefore = env.rt.memoryHash(prog);
        const u128 balanceBefore = env.rt.balanceOf(prog);
        auto r = env.rt.stepDispatch();
        QVERIFY(r && r->message.id == mid);
        QCOMPARE(toString(r->outcome), toString(Outcome(outcome)));
        QCOMPARE(labelsOf(*r), generated);
        // The reply reached alice's log; the program is initialised; the value is the program's.
        QVERIFY(env.inUserLog(Ids::reply(mid)));
        QCOMPARE(toString(env.rt.program(prog)->state), toString(ProgramState::Active));
        QCOMPARE(u128Str(env.rt.balanceOf(prog)), u128Str(balanceBefore + value));
        if (Outcome(outcome) == Outcome::NoExport) {
            QVERIFY(env.rt.memoryHash(prog) == memBefore); // nothing ran
            QCOMPARE(r->syscallCount, uint64_t(0));
        }
    }

    // ---- resource limits (issue 7): clear errors, never a crash --------------------------------

    void actorLimitOnUpload()
    {
        RuntimeConfig cfg;
        cfg.maxActors = uint32_t(Runtime().users().size()) + 1; // room for exactly one program
        Env env(cfg);
        env.upload(env.actorCode, "P");
        QVERIFY(env.ok);
        auto second = env.rt.uploadProgram(env.alice, env.actorCode, bytesOf("Q"), {});
        QVERIFY(!second);
        const std::string expected = "actor limit reached (" + std::to_string(cfg.maxActors) + " users and programs)";
        QVERIFY2(second.error().find(expected) != std::string::npos, second.error().c_str());
        QCOMPARE(env.rt.programs().size(), size_t(1));
    }

    void actorLimitOnCreateProgram()
    {
        // gr_create_program beyond the limit: the creating step succeeds, the program is not
        // created, and its init meets ProgramNotCreated; the error reply goes to the creator.
        RuntimeConfig cfg;
        cfg.maxActors = uint32_t(Runtime().users().size()) + 1;
        Env env(cfg);
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        QVERIFY(env.ok);
        const MessageId m = env.send(p, Script().create(env.initOnlyCode, 1).bytes(), 0);
        QVERIFY(env.ok);
        env.rt.runUntilIdle(10);
        const StepRecord* r = env.dispatchOf(m);
        QVERIFY(r);
        QCOMPARE(toString(r->outcome), toString(Outcome::Success));
        QCOMPARE(r->generated.size(), size_t(2)); // auto-reply and the init
        const ActorId child = r->generated[1].destination;
        QVERIFY(!env.rt.program(child));
        const StepRecord* init = env.dispatchOf(r->generated[1].id);
        QVERIFY(init);
        QCOMPARE(toString(init->outcome), toString(Outcome::Unavailable));
        QVERIFY(init->errorCode);
        QCOMPARE(qs(init->errorCode->toString()), QStringLiteral("Error(UnavailableActor(ProgramNotCreated))"));
        QCOMPARE(env.rt.programs().size(), size_t(1));
        // Gear's code stays; both steps also say which limit refused the program.
        const std::string why = "program " + child.hex() + " not created: actor limit reached ("
            + std::to_string(cfg.maxActors) + " users and programs)";
        QCOMPARE(qs(init->trapMessage), qs(why));
        QCOMPARE(qs(r->debug.empty() ? std::string() : r->debug.back()), qs("gearscope: " + why));
    }

    void actorLimitOnAddUser()
    {
        RuntimeConfig cfg;
        cfg.maxActors = uint32_t(Runtime().users().size()) + 1; // room for exactly one more actor
        Runtime rt(cfg);
        QVERIFY(rt.addUser("dave"));
        auto again = rt.addUser("dave"); // an existing user is replaced, not counted twice
        QVERIFY2(again, again.error().c_str());
        auto erin = rt.addUser("erin");
        QVERIFY(!erin);
        QCOMPARE(qs(erin.error()),
            qs("user \"erin\" not added: actor limit reached (" + std::to_string(cfg.maxActors)
                + " users and programs)"));
        QVERIFY(!rt.userByName("erin"));
    }

    void codeLimits_data()
    {
        QTest::addColumn<int>("maxCodes");
        QTest::addColumn<bool>("byteLimit");
        QTest::addColumn<QString>("error");
        QTest::newRow("count") << 2 << false << "msg_init_only.wat: code limit reached (2 codes submitted)";
        QTest::newRow("total bytes") << 100 << true << "msg_init_only.wat: code size limit reached (";
    }
    void codeLimits()
    {
        QFETCH(int, maxCodes);
        QFETCH(bool, byteLimit);
        QFETCH(QString, error);
        const Bytes a = fixture("ping.wat"), b = fixture("pong.wat"), c = fixture("msg_init_only.wat");
        RuntimeConfig cfg;
        cfg.maxCodes = uint32_t(maxCodes);
        Runtime probe;
        const size_t sizeA = probe.code(probe.submitCode(a, "ping.wat").value())->original.size();
        const size_t sizeB = probe.code(probe.submitCode(b, "pong.wat").value())->original.size();
        if (byteLimit)
            cfg.maxCodeBytes = sizeA + sizeB; // exactly two codes fit
        Runtime rt(cfg);
        QVERIFY(rt.submitCode(a, "ping.wat"));
        QVERIFY(rt.submitCode(b, "pong.wat"));
        auto third = rt.submitCode(c, "msg_init_only.wat");
        QVERIFY(!third);
        QVERIFY2(qs(third.error()).startsWith(error), third.error().c_str());
        if (byteLimit)
            QVERIFY2(third.error().find("would exceed " + std::to_string(sizeA + sizeB)) != std::string::npos,
                third.error().c_str());
        // The same bytes again are the same code, not a new one: still accepted.
        QVERIFY(rt.submitCode(a, "ping.wat"));
    }

    void queueLimit()
    {
        RuntimeConfig cfg;
        cfg.maxQueueLength = 3;
        Env env(cfg);
        const ActorId p = env.upload(env.actorCode, "P"); // its init is the first queued message
        QVERIFY(env.ok);
        QVERIFY(env.rt.sendMessage(env.alice, p, {}));
        QVERIFY(env.rt.sendMessage(env.alice, p, {}));
        QCOMPARE(env.rt.queue().size(), size_t(3));
        auto refused = env.rt.sendMessage(env.alice, p, {});
        QVERIFY(!refused);
        QVERIFY2(refused.error() == "queue limit reached (3 messages)", refused.error().c_str());
        QCOMPARE(env.rt.queue().size(), size_t(3));
        // Once the queue drains there is room again.
        env.rt.runUntilIdle(10);
        QVERIFY(env.rt.queue().empty());
        QVERIFY(env.rt.sendMessage(env.alice, p, {}));
    }

    void mailboxLimit()
    {
        // A full mailbox takes no more: the message is delivered as one below the mailbox
        // threshold is (user log, auto-reply to the sender) and the step says so.
        RuntimeConfig cfg;
        cfg.maxMailboxSize = 3;
        Env env(cfg);
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        QVERIFY(env.ok);
        Script script;
        for (char tag : std::string("abcde"))
            script.sendWgas(env.alice, tag, 10000);
        const MessageId m = env.send(p, script.bytes());
        QVERIFY(env.ok);
        env.rt.runUntilIdle(10);
        const StepRecord* r = env.dispatchOf(m);
        QVERIFY(r);
        QCOMPARE(toString(r->outcome), toString(Outcome::Success));
        std::vector<Message> sent;
        for (const auto& g : r->generated)
            if (g.destination == env.alice && !g.replyTo)
                sent.push_back(g);
        QCOMPARE(sent.size(), size_t(5));
        const auto mb = env.rt.mailbox(env.alice);
        QCOMPARE(mb.size(), size_t(3));
        QStringList notes;
        for (size_t i = 0; i < sent.size(); ++i) {
            QCOMPARE(i < 3,
                std::any_of(
                    mb.begin(), mb.end(), [&](const MailboxEntry& e) { return e.message.id == sent[i].id; }));
            QCOMPARE(i >= 3, env.inUserLog(sent[i].id));
            if (i >= 3) {
                notes << qs("gearscope: the mailbox of alice is full (3 messages, the mailbox limit): message "
                    + sent[i].id.hex() + " went to the user log");
                QVERIFY2(env.replyTo(sent[i].id), "the overflowing message is auto-replied");
            }
        }
        QStringList debug;
        for (const auto& d : r->debug)
            debug << qs(d);
        QCOMPARE(debug, notes);
    }

    void mailToANewUserIsInTheWorldOps()
    {
        // Fuzz finding 5 (fuzz_scenariorun): a zero-value message with gas to an id nobody used
        // made a user row without a world op, so replay's world lacked that user.
        RuntimeConfig cfg;
        cfg.recordWorld = true;
        Env env(cfg);
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        QVERIFY(env.ok);
        WorldState mirror = WorldState::capture(env.rt);
        std::string error;
        auto apply = [&](const WorldOps& ops) {
            if (auto a = mirror.apply(ops); !a && error.empty())
                error = a.error();
        };
        env.rt.setObserver([&](const StepRecord& r) { apply(r.worldOps); });
        env.rt.setInputObserver([&](const InputRecord& in) { apply(in.worldOps); });
        ActorId stranger;
        stranger.bytes.fill(0x77);
        env.send(p, Script().sendWgas(stranger, 'x', 10000).send(stranger, 'y').bytes());
        env.rt.runUntilIdle(10);
        QVERIFY2(error.empty(), error.c_str());
        QVERIFY(mirror.user(stranger));
        QCOMPARE(qs(mirror.difference(WorldState::capture(env.rt))), QString());
    }

    void userLogIsBounded_data()
    {
        QTest::addColumn<uint>("maxMessages");
        QTest::addColumn<qulonglong>("maxBytes");
        QTest::newRow("by count") << 10u << qulonglong(1) * 1024 * 1024;
        QTest::newRow("by bytes") << 1000u << qulonglong(12);
    }
    void userLogIsBounded()
    {
        // Replies to a user land in the user log; it keeps a bounded tail. The oracle is the
        // same run without bounds, and a world mirror kept by the world ops must agree (replay).
        QFETCH(uint, maxMessages);
        QFETCH(qulonglong, maxBytes);
        auto run = [](RuntimeConfig cfg, WorldState* mirror, bool* mirrorOk) {
            cfg.recordWorld = mirror != nullptr;
            Env env(cfg);
            const ActorId p = env.upload(env.actorCode, "P");
            env.rt.runBlock();
            if (mirror) {
                *mirror = WorldState::capture(env.rt);
                auto apply = [mirror, mirrorOk](const WorldOps& ops) {
                    if (auto a = mirror->apply(ops); !a) {
                        qWarning("%s", a.error().c_str());
                        *mirrorOk = false;
                    }
                };
                env.rt.setObserver([apply](const StepRecord& r) { apply(r.worldOps); });
                env.rt.setInputObserver([apply](const InputRecord& in) { apply(in.worldOps); });
            }
            for (int round = 0; round < 5; ++round) {
                for (int i = 0; i < 5; ++i)
                    env.send(p, Script().reply(char('A' + round * 5 + i)).bytes());
                env.rt.runUntilIdle(10);
            }
            return env.rt.userLog();
        };
        const std::vector<Message> full = run(RuntimeConfig(), nullptr, nullptr);
        RuntimeConfig cfg;
        cfg.maxUserLogMessages = maxMessages;
        cfg.maxUserLogBytes = maxBytes;
        WorldState mirror;
        bool mirrorOk = true;
        const std::vector<Message> kept = run(cfg, &mirror, &mirrorOk);
        QCOMPARE(full.size(), size_t(26)); // the init's auto-reply and 25 one-byte replies
        QVERIFY(!kept.empty());
        uint64_t bytes = 0;
        for (const auto& m : kept)
            bytes += m.payload.size();
        QVERIFY2(kept.size() <= maxMessages && bytes <= maxBytes, qPrintable(QString::number(kept.size())));
        // The newest entries, in order: the tail of the unbounded log.
        for (size_t i = 0; i < kept.size(); ++i)
            QCOMPARE(hexOf(kept[i].id), hexOf(full[full.size() - kept.size() + i].id));
        QVERIFY(mirrorOk);
        QCOMPARE(mirror.userLog.size(), kept.size());
        for (size_t i = 0; i < kept.size(); ++i)
            QCOMPARE(hexOf(mirror.userLog[i].id), hexOf(kept[i].id));
        // The ops survive the trace's binary form.
        WorldOps dropOp { WorldOp::UserLogDropOldest { 7 } };
        auto back = deserializeOps(serializeOps(dropOp));
        QVERIFY(back);
        QCOMPARE(back->size(), size_t(1));
        QVERIFY(std::get_if<WorldOp::UserLogDropOldest>(&back->front()));
        QCOMPARE(std::get<WorldOp::UserLogDropOldest>(back->front()).count, 7u);
        // Dropping more than there is is a damaged trace, not a crash.
        WorldState empty;
        QVERIFY(!empty.apply(dropOp));
    }

    // ---- §1.5 destination checks, §4.2 error replies, §4.1 reply code words --------------------

    void errorReplies_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("payload"); // "<inheritor>" = bob's id
        QTest::addColumn<bool>("valueBack"); // the error reply carries the message value back

        QTest::newRow("terminated") << "terminated" << int(Outcome::Unavailable)
                                    << "Error(UnavailableActor(InitializationFailure))"
                                    << "" << true;
        QTest::newRow("exited") << "exited" << int(Outcome::Unavailable) << "Error(UnavailableActor(ProgramExited))"
                                << "<inheritor>" << true;
        QTest::newRow("uninitialized, init waiting")
            << "uninitialized" << int(Outcome::Unavailable) << "Error(UnavailableActor(Uninitialized))"
            << "" << true;
        QTest::newRow("not created (unknown code)")
            << "not-created" << int(Outcome::Unavailable) << "Error(UnavailableActor(ProgramNotCreated))"
            << "" << true;
        QTest::newRow("unreachable") << "unreachable" << int(Outcome::Trap)
                                     << "Error(Execution(UnreachableInstruction))"
                                     << "" << true;
        QTest::newRow("panic") << "panic" << int(Outcome::Trap) << "Error(Execution(UserspacePanic))"
                               << "boom" << true;
        QTest::newRow("ran out of gas in precharge")
            << "out-of-gas" << int(Outcome::Trap) << "Error(Execution(RanOutOfGas))"
            << "" << true;
        QTest::newRow("removed from waitlist") << "evicted" << int(Outcome::Wait) << "Error(RemovedFromWaitlist)"
                                               << "removal from waitlist" << false;
    }

    void errorReplies()
    {
        QFETCH(QString, scenario);
        QFETCH(int, outcome);
        QFETCH(QString, word);
        QFETCH(QString, payload);
        QFETCH(bool, valueBack);
        Env env;
        const u128 value = 3 * Unit;
        const ActorId p = env.upload(env.actorCode, "P");
        ActorId target;
        if (scenario == "terminated")
            target = env.upload(env.actorCode, "T", Script().unreachable().bytes());
        else if (scenario == "exited")
            target = env.upload(env.actorCode, "E", Script().exit(env.bob).bytes());
        else if (scenario == "uninitialized")
            target = env.upload(env.actorCode, "W", Script().wait().bytes());
        env.rt.runBlock();
        QVERIFY(env.ok);

        MessageId mid;
        ActorId replyTarget = env.alice;
        if (scenario == "terminated" || scenario == "exited" || scenario == "uninitialized") {
            const ProgramState want = scenario == "terminated" ? ProgramState::Terminated
                : scenario == "exited"                         ? ProgramState::Exited
                                                               : ProgramState::Uninitialized;
            QCOMPARE(toString(env.rt.program(target)->state), toString(want));
            mid = env.send(target, bytesOf("hello"), value);
        } else if (scenario == "not-created") {
            // P creates a program from a code nobody submitted: the init meets no program (§6.2).
            CodeId unknown;
            unknown.bytes.fill(0xC0);
            const MessageId m = env.send(p, Script().create(unknown, 1, {}, value).bytes(), 2 * value);
            env.rt.runBlock();
            auto r = env.dispatchOf(m);
            QVERIFY(r && r->generated.size() == 2);
            mid = r->generated[1].id;
            target = r->generated[1].destination;
            replyTarget = p;
            QVERIFY(!env.rt.program(target));
        } else if (scenario == "unreachable") {
            target = p;
            mid = env.send(p, Script().unreachable().bytes(), value);
        } else if (scenario == "panic") {
            target = p;
            mid = env.send(p, Script().panic("boom").bytes(), value);
        } else if (scenario == "out-of-gas") {
            target = p;
            mid = env.send(p, {}, value, 1000);
        } else if (scenario == "evicted") {
            // A waiting handle message is evicted when its gas can no longer pay the waitlist (§3.1).
            target = p;
            mid = env.send(p, Script().wait().bytes(), value, 2'000'000'000);
        }
        QVERIFY(env.ok);
        env.rt.runUntilIdle(scenario == "evicted" ? 100'000'000 : 10);

        const StepRecord* r = env.dispatchOf(mid);
        QVERIFY(r);
        QCOMPARE(toString(r->outcome), toString(Outcome(outcome)));
        auto reply = env.replyTo(mid);
        QVERIFY(reply);
        QCOMPARE(qs(reply->replyCode.toString()), word);
        if (Outcome(outcome) != Outcome::Wait) {
            QVERIFY(r->errorCode);
            QCOMPARE(qs(r->errorCode->toString()), word);
        }
        QCOMPARE(hexOf(reply->id), hexOf(Ids::reply(mid)));
        QCOMPARE(hexOf(reply->source), hexOf(target));
        QCOMPARE(hexOf(reply->destination), hexOf(replyTarget));
        if (payload == "<inheritor>")
            QCOMPARE(hexOf(reply->payload), hexOf(env.bob));
        else
            QCOMPARE(qs(text(reply->payload)), payload);
        QCOMPARE(u128Str(reply->value), u128Str(valueBack ? value : 0));
        if (replyTarget == env.alice) {
            QVERIFY(env.inUserLog(reply->id)); // replies never stay in a mailbox (§2)
            QVERIFY(env.rt.mailbox(env.alice).empty());
        } else {
            // The program's handle_reply ran and saw the code (gr_reply_code) and payload.
            const Bytes mem = env.rt.memory(replyTarget);
            QCOMPARE(readU32(mem, RepliesReceived), 1u);
            QCOMPARE(readU32(mem, LastReplyCode), 0u);
            QCOMPARE(hexOf(slice(mem, LastReplyCode + 4, 4)),
                hexOf(Bytes(reply->replyCode.bytes.begin(), reply->replyCode.bytes.end())));
        }
    }

    // ---- §4.3 trap rollback ------------------------------------------------------------------

    void trapRollback_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("payload");

        QTest::newRow("unreachable") << "unreachable"
                                     << "Error(Execution(UnreachableInstruction))"
                                     << "";
        QTest::newRow("gr_panic") << "panic"
                                  << "Error(Execution(UserspacePanic))"
                                  << "boom: not allowed";
        QTest::newRow("gr_panic, empty") << "panic-empty"
                                         << "Error(Execution(UserspacePanic))"
                                         << "";
    }

    void trapRollback()
    {
        QFETCH(QString, how);
        QFETCH(QString, word);
        QFETCH(QString, payload);
        Env env;
        const ActorId sink = env.upload(env.initOnlyCode, "K");
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        env.send(p, Script().note("old").bytes());
        env.rt.runBlock();
        QVERIFY(env.ok);
        const Bytes memBefore = env.rt.memory(p);
        const Hash hashBefore = env.rt.memoryHash(p);
        const u128 balanceBefore = env.rt.balanceOf(p);
        const u128 aliceBefore = env.rt.balanceOf(env.alice);

        // Writes memory, sends to a program and to alice, creates a program, then fails.
        Script s;
        s.note("new").send(sink, 'A').send(env.alice, 'B').create(env.initOnlyCode, 9);
        if (how == "unreachable")
            s.unreachable();
        else
            s.panic(payload.toStdString());
        const u128 value = 7 * Unit;
        const Gas gas = 10'000'000'000ull;
        const MessageId mid = env.send(p, s.bytes(), value, gas);
        QVERIFY(env.ok);
        QCOMPARE(u128Str(env.rt.balanceOf(env.alice)), u128Str(aliceBefore - value - u128(gas) * 100));
        const size_t first = env.steps.size();
        auto r = env.rt.stepDispatch();
        QVERIFY(r && r->message.id == mid);
        QCOMPARE(toString(r->outcome), toString(Outcome::Trap));
        QVERIFY(r->errorCode);
        QCOMPARE(qs(r->errorCode->toString()), word);
        QCOMPARE(qs(text(r->panicPayload)), payload);
        // Only the error reply leaves: no sends, no program creation, no pages.
        QCOMPARE(labelsOf(*r), QStringList { word });
        QVERIFY(r->changedPages.empty());
        QVERIFY(env.rt.queue().empty());
        QVERIFY(env.rt.mailbox(env.alice).empty());
        QVERIFY(!env.rt.program(Ids::programFromWasm(mid, env.initOnlyCode, Bytes { 9 })));
        const Message& reply = r->generated[0];
        QCOMPARE(qs(text(reply.payload)), payload);
        QCOMPARE(u128Str(reply.value), u128Str(value));
        QCOMPARE(hexOf(reply.destination), hexOf(env.alice));
        QVERIFY(env.inUserLog(reply.id));
        // Memory and balance are as before; the state query still sees the old note.
        QVERIFY(env.rt.memory(p) == memBefore);
        QVERIFY(env.rt.memoryHash(p) == hashBefore);
        QCOMPARE(u128Str(env.rt.balanceOf(p)), u128Str(balanceBefore));
        auto st = env.rt.readState(p, {});
        QVERIFY2(st.ok(), st.error().c_str());
        QCOMPARE(qs(text(st.value())), QStringLiteral("old"));
        // alice got her value back and paid only for the gas burned (spec §4.3, §5.1).
        env.rt.runBlock();
        QVERIFY(env.rt.idle());
        QCOMPARE(u128Str(env.rt.balanceOf(env.alice)), u128Str(aliceBefore - u128(env.burnedSince(first)) * 100));
    }

    // ---- §6.4 gr_exit and gr_leave -----------------------------------------------------------

    void termination_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QStringList>("generated");
        QTest::addColumn<int>("state");

        QTest::newRow("exit after send") << "send-exit" << int(Outcome::Exit) << QStringList { "auto", "A@0" }
                                         << int(ProgramState::Exited);
        QTest::newRow("exit after reply")
            << "reply-send-exit" << int(Outcome::Exit) << QStringList { "A@0", "R:R" } << int(ProgramState::Exited);
        QTest::newRow("leave after send")
            << "send-leave" << int(Outcome::Success) << QStringList { "auto", "A@0" } << int(ProgramState::Active);
        QTest::newRow("leave after reply")
            << "reply-send-leave" << int(Outcome::Success) << QStringList { "A@0", "R:R" } << int(ProgramState::Active);
    }

    void termination()
    {
        QFETCH(QString, how);
        QFETCH(int, outcome);
        QFETCH(QStringList, generated);
        QFETCH(int, state);
        Env env;
        const ActorId sink = env.upload(env.initOnlyCode, "K");
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        QVERIFY(env.ok);
        Script s;
        if (how.startsWith("reply"))
            s.reply('R');
        s.send(sink, 'A');
        if (how.endsWith("exit"))
            s.exit(env.bob);
        else
            s.leave();
        s.send(sink, 'B'); // never reached
        const u128 value = 2 * Unit;
        const u128 bobBefore = env.rt.balanceOf(env.bob);
        const u128 pBefore = env.rt.balanceOf(p);
        const MessageId mid = env.send(p, s.bytes(), value);
        QVERIFY(env.ok);
        auto r = env.rt.stepDispatch();
        QVERIFY(r && r->message.id == mid);
        QVERIFY2(r->outcome == Outcome(outcome), (std::string(toString(r->outcome)) + " " + r->trapMessage).c_str());
        QCOMPARE(labelsOf(*r), generated);
        auto snap = env.rt.program(p);
        QCOMPARE(toString(snap->state), toString(ProgramState(state)));
        if (ProgramState(state) == ProgramState::Exited) {
            // The whole balance, including this message's value, moved to the inheritor.
            QCOMPARE(hexOf(snap->inheritor), hexOf(env.bob));
            QCOMPARE(u128Str(env.rt.balanceOf(p)), u128Str(0));
            QCOMPARE(u128Str(env.rt.balanceOf(env.bob)), u128Str(bobBefore + pBefore + value));
        } else {
            QCOMPARE(u128Str(env.rt.balanceOf(p)), u128Str(pBefore + value));
            QCOMPARE(u128Str(env.rt.balanceOf(env.bob)), u128Str(bobBefore));
        }
        // The send made before exit/leave is delivered.
        env.rt.runBlock();
        auto a = env.dispatchOf(Ids::outgoing(mid, 0));
        QVERIFY(a);
        QCOMPARE(hexOf(a->actor), hexOf(sink));
        QCOMPARE(toString(a->outcome), toString(Outcome::NoExport));
    }

    void exitDrainsWaitlist()
    {
        // A message parked in the waitlist meets ProgramExited once its program exits (§3.1, §6.4).
        Env env;
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        const MessageId waiting = env.send(p, Script().wait().bytes(), Unit);
        env.rt.runBlock();
        QVERIFY(env.ok);
        QCOMPARE(env.rt.waitlist().size(), size_t(1));
        const u128 bobBefore = env.rt.balanceOf(env.bob);
        const MessageId exiting = env.send(p, Script().exit(env.bob).bytes(), 2 * Unit);
        env.rt.runBlock();
        QVERIFY(env.ok);
        QVERIFY(env.rt.waitlist().empty());
        auto r = env.dispatchOf(waiting);
        QVERIFY(r);
        QCOMPARE(toString(r->outcome), toString(Outcome::Unavailable));
        QCOMPARE(qs(r->errorCode->toString()), QStringLiteral("Error(UnavailableActor(ProgramExited))"));
        auto reply = env.replyTo(waiting);
        QVERIFY(reply);
        QCOMPARE(hexOf(reply->payload), hexOf(env.bob));
        // Its value was the program's since its first run, and went to the inheritor with the rest.
        QCOMPARE(u128Str(reply->value), u128Str(0));
        QCOMPARE(u128Str(env.rt.balanceOf(env.bob)), u128Str(bobBefore + Unit + Unit + 2 * Unit));
        QVERIFY(env.replyTo(exiting) && env.replyTo(exiting)->replyCode == ReplyCode::successAuto());
    }

    void replyReachesUninitializedProgram()
    {
        // While init waits, handle messages are refused but replies run handle_reply (§1.5 step 4).
        Env env;
        const ActorId echo = env.upload(env.handleOnlyCode, "H");
        env.rt.runBlock();
        const ActorId w = env.upload(env.actorCode, "W", Script().send(echo, 'A').wait().bytes());
        env.rt.runBlock();
        QVERIFY(env.ok);
        QCOMPARE(toString(env.rt.program(w)->state), toString(ProgramState::Uninitialized));
        auto a = env.dispatchOf(Ids::outgoing(env.lastInit, 0));
        QVERIFY(a);
        QCOMPARE(hexOf(a->actor), hexOf(echo));
        auto back = env.dispatchOf(Ids::reply(Ids::outgoing(env.lastInit, 0)));
        QVERIFY(back);
        QCOMPARE(hexOf(back->actor), hexOf(w));
        QCOMPARE(toString(back->dispatchKind), toString(DispatchKind::Reply));
        QVERIFY2(back->outcome == Outcome::Success, back->trapMessage.c_str());
        const Bytes mem = env.rt.memory(w);
        QCOMPARE(readU32(mem, RepliesReceived), 1u);
        QCOMPARE(qs(text(slice(mem, LastReplyPayload, 1))), QStringLiteral("h"));
        QCOMPARE(toString(env.rt.program(w)->state), toString(ProgramState::Uninitialized));
    }

    // ---- §2 mailbox --------------------------------------------------------------------------

    void sendToUser_data()
    {
        QTest::addColumn<bool>("gasless");
        QTest::addColumn<quint64>("gas");
        QTest::addColumn<uint>("error");
        QTest::addColumn<bool>("mailboxed");
        QTest::addColumn<quint64>("heldGas");
        QTest::addColumn<int>("expiresAfter"); // blocks after the sending block

        QTest::newRow("gr_send: mailbox with the threshold") << true << quint64(0) << 0u << true << quint64(3000) << 29;
        QTest::newRow("gas 0: user log, auto-reply") << false << quint64(0) << 0u << false << quint64(0) << 0;
        QTest::newRow("gas 1: 308") << false << quint64(1) << 308u << false << quint64(0) << 0;
        QTest::newRow("gas 2999: 308") << false << quint64(2999) << 308u << false << quint64(0) << 0;
        QTest::newRow("gas 3000: mailbox") << false << quint64(3000) << 0u << true << quint64(3000) << 29;
        QTest::newRow("gas 5000: mailbox ~50 blocks") << false << quint64(5000) << 0u << true << quint64(5000) << 49;
        QTest::newRow("gas 1e6: mailbox 1e4 blocks")
            << false << quint64(1'000'000) << 0u << true << quint64(1'000'000) << 9999;
    }

    void sendToUser()
    {
        QFETCH(bool, gasless);
        QFETCH(quint64, gas);
        QFETCH(uint, error);
        QFETCH(bool, mailboxed);
        QFETCH(quint64, heldGas);
        QFETCH(int, expiresAfter);
        Env env;
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        QVERIFY(env.ok);
        Script s;
        if (gasless)
            s.send(env.alice, 'A', Unit);
        else
            s.sendWgas(env.alice, 'A', gas, Unit);
        const MessageId mid = env.send(p, s.bytes(), Unit);
        const Gas maxGas = env.rt.config().maxUserGasLimit;
        const size_t logBefore = env.rt.userLog().size();
        const u128 aliceBefore = env.rt.balanceOf(env.alice);
        auto r = env.rt.stepDispatch();
        QVERIFY(r && r->message.id == mid);
        QVERIFY2(r->outcome == Outcome::Success, r->trapMessage.c_str());
        QCOMPARE(syscallError(*r, gasless ? "gr_send" : "gr_send_wgas"), qint64(error));
        QCOMPARE(readU32(env.rt.memory(p), ResultStruct), uint32_t(error));
        const MessageId a = Ids::outgoing(mid, 0);
        const auto mb = env.rt.mailbox(env.alice);
        if (error) {
            QCOMPARE(labelsOf(*r), QStringList { "auto" });
            QVERIFY(mb.empty());
            QCOMPARE(u128Str(env.rt.balanceOf(p)), u128Str(2 * Unit)); // ED + the value received
            return;
        }
        QCOMPARE(labelsOf(*r).mid(0, 2), (QStringList { "auto", "A@0" }));
        if (mailboxed) {
            QCOMPARE(mb.size(), size_t(1));
            QCOMPARE(hexOf(mb[0].message.id), hexOf(a));
            QCOMPARE(hexOf(mb[0].message.source), hexOf(p));
            QCOMPARE(qs(text(mb[0].message.payload)), QStringLiteral("A"));
            QCOMPARE(u128Str(mb[0].message.value), u128Str(Unit));
            QCOMPARE(mb[0].message.gasLimit, Gas(heldGas));
            QCOMPARE(mb[0].since, env.rt.blockHeight());
            QCOMPARE(mb[0].expiresAt, env.rt.blockHeight() + BlockNumber(expiresAfter));
            QVERIFY(!env.inUserLog(a));
            // The value waits in the mailbox and so does the held gas; the rest of alice's gas
            // came back when P's message was consumed.
            QCOMPARE(u128Str(env.rt.balanceOf(env.alice)),
                u128Str(aliceBefore + u128(maxGas - r->gasBurned - heldGas) * 100));
            bool scheduled = false;
            for (const auto& t : env.rt.tasks())
                scheduled = scheduled
                    || (t.kind == TaskKind::RemoveFromMailbox && t.message == a && t.block == mb[0].expiresAt);
            QVERIFY(scheduled);
            QVERIFY(env.rt.queue().empty());
        } else {
            QVERIFY(mb.empty());
            QVERIFY(env.inUserLog(a));
            QVERIFY(env.rt.userLog().size() == logBefore + 2); // auto-reply to alice and A
            QCOMPARE(
                u128Str(env.rt.balanceOf(env.alice)), u128Str(aliceBefore + Unit + u128(maxGas - r->gasBurned) * 100));
            // The program gets an auto-reply from alice at once, with no gas (spec §2, §3.2).
            const auto q = env.rt.queue();
            QCOMPARE(q.size(), size_t(1));
            QCOMPARE(toString(q[0].kind), toString(DispatchKind::Reply));
            QCOMPARE(hexOf(q[0].message.id), hexOf(Ids::reply(a)));
            QCOMPARE(hexOf(q[0].message.source), hexOf(env.alice));
            QCOMPARE(hexOf(q[0].message.destination), hexOf(p));
            QCOMPARE(qs(q[0].message.replyCode.toString()), QStringLiteral("Success(Auto)"));
            QCOMPARE(q[0].gasAvailable, Gas(0));
        }
    }

    void replyFromMailbox()
    {
        Env env;
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        const MessageId mid = env.send(p, Script().send(env.alice, 'A').bytes());
        env.rt.runBlock();
        QVERIFY(env.ok);
        const MessageId a = Ids::outgoing(mid, 0);
        QCOMPARE(env.rt.mailbox(env.alice).size(), size_t(1));
        const u128 pBefore = env.rt.balanceOf(p);

        const u128 value = 3 * Unit;
        const Gas gas = 5'000'000'000ull;
        auto rid = env.rt.replyFromMailbox(env.alice, a, bytesOf("yes"), value, gas);
        QVERIFY2(rid.ok(), rid.error().c_str());
        QCOMPARE(hexOf(rid.value()), hexOf(Ids::reply(a)));
        QVERIFY(env.rt.mailbox(env.alice).empty());
        for (const auto& t : env.rt.tasks())
            QVERIFY(!(t.kind == TaskKind::RemoveFromMailbox && t.message == a));
        const auto q = env.rt.queue();
        QCOMPARE(q.size(), size_t(1));
        QCOMPARE(toString(q[0].kind), toString(DispatchKind::Reply));
        QCOMPARE(hexOf(q[0].message.source), hexOf(env.alice));
        QCOMPARE(hexOf(q[0].message.destination), hexOf(p));
        QCOMPARE(hexOf(*q[0].message.replyTo), hexOf(a));
        QCOMPARE(qs(q[0].message.replyCode.toString()), QStringLiteral("Success(Manual)"));
        QCOMPARE(u128Str(q[0].message.value), u128Str(value));
        QCOMPARE(q[0].gasAvailable, gas);
        // A second reply to the same message is refused: it left the mailbox.
        QVERIFY(!env.rt.replyFromMailbox(env.alice, a, {}, 0, gas).ok());

        auto r = env.rt.stepDispatch();
        QVERIFY(r && r->message.id == rid.value());
        QCOMPARE(toString(r->dispatchKind), toString(DispatchKind::Reply));
        QVERIFY2(r->outcome == Outcome::Success, r->trapMessage.c_str());
        QVERIFY(r->generated.empty()); // replies are never auto-replied
        const Bytes mem = env.rt.memory(p);
        QCOMPARE(readU32(mem, RepliesReceived), 1u);
        QCOMPARE(readU32(mem, LastReplyCode), 0u);
        QCOMPARE(hexOf(slice(mem, LastReplyCode + 4, 4)), QStringLiteral("00010000"));
        QCOMPARE(readU32(mem, LastReplySize), 3u);
        QCOMPARE(qs(text(slice(mem, LastReplyPayload, 3))), QStringLiteral("yes"));
        QCOMPARE(u128Str(env.rt.balanceOf(p)), u128Str(pBefore + value));
    }

    void claimValue()
    {
        Env env;
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        QVERIFY(env.ok);
        const u128 aliceStart = env.rt.balanceOf(env.alice);
        const size_t first = env.steps.size();
        const MessageId mid = env.send(p, Script().send(env.alice, 'A', 2 * Unit).bytes(), 5 * Unit);
        env.rt.runBlock();
        QVERIFY(env.ok);
        const MessageId a = Ids::outgoing(mid, 0);
        QCOMPARE(u128Str(env.rt.balanceOf(p)), u128Str(Unit + 5 * Unit - 2 * Unit));
        // Two blocks pass (each with one message: an idle runtime would jump straight to the
        // expiry task); the mailbox hold is charged for them, 100 gas per block.
        for (int i = 0; i < 2; ++i) {
            env.send(p, {});
            env.rt.runBlock();
        }
        const auto mb = env.rt.mailbox(env.alice);
        QCOMPARE(mb.size(), size_t(1));
        const Gas hold = Gas(env.rt.blockHeight() - mb[0].since) * 100;
        QCOMPARE(hold, Gas(200));
        const u128 aliceBefore = env.rt.balanceOf(env.alice);

        auto c = env.rt.claimValue(env.alice, a);
        QVERIFY2(c.ok(), c.error().c_str());
        QVERIFY(env.rt.mailbox(env.alice).empty());
        QVERIFY(!env.rt.claimValue(env.alice, a).ok());
        // The value, plus the unspent part of the 3000 gas the message held (spec §2, §5.1).
        QCOMPARE(u128Str(env.rt.balanceOf(env.alice) - aliceBefore), u128Str(2 * Unit + u128(3000 - hold) * 100));
        const auto q = env.rt.queue();
        QCOMPARE(q.size(), size_t(1));
        QCOMPARE(toString(q[0].kind), toString(DispatchKind::Reply));
        QCOMPARE(hexOf(q[0].message.id), hexOf(Ids::reply(a)));
        QCOMPARE(hexOf(q[0].message.source), hexOf(env.alice));
        QCOMPARE(hexOf(q[0].message.destination), hexOf(p));
        QCOMPARE(qs(q[0].message.replyCode.toString()), QStringLiteral("Success(Auto)"));
        env.rt.runBlock();
        QVERIFY(env.rt.idle());
        // Over the whole story alice paid the value she sent and the gas burned, got 2 back.
        QCOMPARE(u128Str(env.rt.balanceOf(env.alice)),
            u128Str(aliceStart - 5 * Unit + 2 * Unit - u128(env.burnedSince(first) + hold) * 100));
    }

    void mailboxExpiry()
    {
        Env env;
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        QVERIFY(env.ok);
        const MessageId mid = env.send(p, Script().sendWgas(env.alice, 'A', 5000, 2 * Unit).bytes(), 5 * Unit);
        env.rt.runBlock();
        QVERIFY(env.ok);
        const MessageId a = Ids::outgoing(mid, 0);
        const auto mb = env.rt.mailbox(env.alice);
        QCOMPARE(mb.size(), size_t(1));
        const BlockNumber sent = mb[0].since;
        QCOMPARE(mb[0].expiresAt, sent + 49);
        const u128 aliceBefore = env.rt.balanceOf(env.alice);

        env.rt.runUntilIdle(200);
        QVERIFY(env.rt.idle());
        QVERIFY(env.rt.mailbox(env.alice).empty());
        const StepRecord* task = nullptr;
        for (const auto& s : env.steps)
            if (s.kind == StepKind::Task && s.taskKind == TaskKind::RemoveFromMailbox)
                task = &s;
        QVERIFY(task);
        QCOMPARE(task->block, sent + 49);
        QCOMPARE(hexOf(task->message.id), hexOf(a));
        // The value goes to the user (current Gear code, spec §2), the 49 blocks of hold are
        // paid and the one block kept in reserve comes back to alice: 5000 - 4900 = 100 gas.
        QCOMPARE(u128Str(env.rt.balanceOf(env.alice) - aliceBefore), u128Str(2 * Unit + u128(100) * 100));
        QCOMPARE(labelsOf(*task), QStringList { "auto" }); // the task's message is A: id Ids::reply(a)
        QCOMPARE(hexOf(task->generated[0].destination), hexOf(p));
        auto ar = env.dispatchOf(Ids::reply(a));
        QVERIFY(ar);
        QCOMPARE(hexOf(ar->actor), hexOf(p));
        QCOMPARE(toString(ar->dispatchKind), toString(DispatchKind::Reply));
    }

    // ---- §5 value and gas arithmetic ---------------------------------------------------------

    void value_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<uint>("error");
        QTest::addColumn<quint64>("balanceAfter"); // the program's, in units of 10^6
        QTest::addColumn<QString>("reply"); // hex of the manual reply, if any

        const quint64 ed = 1'000'000, v = 5'000'000; // ED and the message value, in 10^6 units
        auto le = [](quint64 micro) { return hexOf(u128le(u128(micro) * 1'000'000)); };
        QTest::newRow("value credited on success") << "none" << 0u << ed + v << "";
        QTest::newRow("gr_value, gr_value_available") << "values" << 0u << ed + v << le(v) + le(ed + v);
        QTest::newRow("value sent reduces value_available")
            << "send2-values" << 0u << ed + v - 2'000'000 << le(v) + le(ed + v - 2'000'000);
        QTest::newRow("send all available") << "send-all" << 0u << quint64(0) << "";
        QTest::newRow("send one more than available: 101") << "send-too-much" << 101u << ed + v << "";
    }

    void value()
    {
        QFETCH(QString, how);
        QFETCH(uint, error);
        QFETCH(quint64, balanceAfter);
        QFETCH(QString, reply);
        Env env;
        const ActorId sink = env.upload(env.initOnlyCode, "K");
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        QVERIFY(env.ok);
        const u128 value = 5 * Unit;
        const u128 available = Unit + value; // ED + incoming value (spec §5.5)
        Script s;
        if (how == "values")
            s.values();
        else if (how == "send2-values")
            s.send(sink, 'A', 2 * Unit).values();
        else if (how == "send-all")
            s.send(sink, 'A', available);
        else if (how == "send-too-much")
            s.send(sink, 'A', available + 1);
        const u128 sinkBefore = env.rt.balanceOf(sink);
        const MessageId mid = env.send(p, s.bytes(), value);
        auto r = env.rt.stepDispatch();
        QVERIFY(r && r->message.id == mid);
        QVERIFY2(r->outcome == Outcome::Success, r->trapMessage.c_str());
        QCOMPARE(u128Str(env.rt.balanceOf(p)), u128Str(u128(balanceAfter) * 1'000'000));
        if (how.startsWith("send"))
            QCOMPARE(syscallError(*r, "gr_send"), qint64(error));
        if (!reply.isEmpty()) {
            auto rep = env.replyTo(mid);
            QVERIFY(rep);
            QCOMPARE(hexOf(rep->payload), reply);
        }
        env.rt.runBlock();
        // What left P arrived at the sink.
        const u128 sent = how == "send-all" ? available : how == "send2-values" ? 2 * Unit : 0;
        QCOMPARE(u128Str(env.rt.balanceOf(sink)), u128Str(sinkBefore + sent));
    }

    void gasArithmetic_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<quint64>("gas");

        QTest::newRow("plain handle") << "none" << quint64(10'000'000'000);
        QTest::newRow("gasless send to a program") << "send" << quint64(10'000'000'000);
        QTest::newRow("explicit gas to a program") << "send-wgas" << quint64(10'000'000'000);
        QTest::newRow("gasless reply") << "reply" << quint64(10'000'000'000);
        QTest::newRow("gas 0 send to a user") << "user-wgas0" << quint64(10'000'000'000);
        QTest::newRow("trap") << "trap" << quint64(10'000'000'000);
        QTest::newRow("max gas") << "send" << quint64(750'000'000'000);
    }

    void gasArithmetic()
    {
        QFETCH(QString, how);
        QFETCH(quint64, gas);
        Env env;
        const ActorId sink = env.upload(env.initOnlyCode, "K");
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        QVERIFY(env.ok);
        Script s;
        if (how == "send")
            s.send(sink, 'A');
        else if (how == "send-wgas")
            s.sendWgas(sink, 'A', 4'000'000'000ull);
        else if (how == "reply")
            s.reply('R');
        else if (how == "user-wgas0")
            s.sendWgas(env.bob, 'A', 0);
        else if (how == "trap")
            s.send(sink, 'A').unreachable();
        const RuntimeConfig& cfg = env.rt.config();
        const u128 value = 4 * Unit;
        const u128 before = env.rt.balanceOf(env.alice);
        const size_t first = env.steps.size();
        env.send(p, s.bytes(), value, gas);
        QVERIFY(env.ok);
        // Buying gas locks gas × VALUE_PER_GAS at once (spec §5.1).
        QCOMPARE(u128Str(env.rt.balanceOf(env.alice)), u128Str(before - value - u128(gas) * cfg.valuePerGas));
        env.rt.runBlock();
        QVERIFY(env.rt.idle());
        const Gas burned = env.burnedSince(first);
        QVERIFY(burned > 0 && burned < gas);
        // When the tree is consumed only the gas burned is paid; the value stays with P unless it trapped.
        const u128 valueKept = how == "trap" ? 0 : value;
        QCOMPARE(u128Str(env.rt.balanceOf(env.alice)), u128Str(before - valueKept - u128(burned) * cfg.valuePerGas));
        QCOMPARE(u128Str(env.rt.balanceOf(p)), u128Str(cfg.existentialDeposit + valueKept));
    }

    // ---- §7.1 state queries ------------------------------------------------------------------

    void readState_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::newRow("empty query") << QByteArray();
        QTest::newRow("short query") << QByteArray("?");
        QTest::newRow("longer query") << QByteArray("which note do you keep?");
    }

    void readState()
    {
        QFETCH(QByteArray, query);
        Env env;
        const ActorId p = env.upload(env.actorCode, "P");
        env.rt.runBlock();
        env.send(p, Script().note("kept").bytes());
        env.rt.runBlock();
        QVERIFY(env.ok);
        const Bytes memBefore = env.rt.memory(p);
        const u128 balanceBefore = env.rt.balanceOf(p);
        const uint64_t stepsBefore = env.rt.stepCount();
        const BlockNumber heightBefore = env.rt.blockHeight();

        auto st = env.rt.readState(p, Bytes(query.begin(), query.end()));
        QVERIFY2(st.ok(), st.error().c_str());
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(st->data()), int(st->size())), "kept" + query);
        // The query copied itself into memory; none of that persists, nothing else moved.
        QVERIFY(env.rt.memory(p) == memBefore);
        QCOMPARE(u128Str(env.rt.balanceOf(p)), u128Str(balanceBefore));
        QCOMPARE(env.rt.stepCount(), stepsBefore);
        QCOMPARE(env.rt.blockHeight(), heightBefore);
        QVERIFY(env.rt.idle());
        QVERIFY(env.rt.userLog().size() == 2); // init's and the note's auto-replies only
        // A second query sees the same state.
        auto again = env.rt.readState(p, Bytes(query.begin(), query.end()));
        QVERIFY(again.ok() && again.value() == st.value());
    }

    void readStateErrors()
    {
        Env env;
        const ActorId sink = env.upload(env.initOnlyCode, "K");
        env.rt.runBlock();
        QVERIFY(env.ok);
        auto noExport = env.rt.readState(sink, {});
        QVERIFY(!noExport.ok());
        QVERIFY2(noExport.error().find("state") != std::string::npos, noExport.error().c_str());
        ActorId nobody;
        nobody.bytes.fill(0x42);
        auto noProgram = env.rt.readState(nobody, {});
        QVERIFY(!noProgram.ok());
        QVERIFY2(noProgram.error().find(nobody.hex()) != std::string::npos, noProgram.error().c_str());
    }
};

QTEST_GUILESS_MAIN(tst_Messaging)
#include "tst_messaging.moc"
