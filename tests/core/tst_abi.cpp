// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// What the syscalls that no other test runs actually do (docs/abi-coverage.md): payload slices of
// the *_input variants, explicit gas of the *_wgas variants, the push/commit builders,
// reservation send/reply, gr_reply_to, gr_oom_panic, gr_create_program_wgas and the legacy hooks
// (spec §1.2, §2, §4, §5.3, §7.2–§7.4, §7.6). Fixtures: tests/fixtures/abi_*.wat.
#include "fixtures.h"
#include "ids/ids.h"
#include "runtime/runtime.h"
#include "runtimeworld.h"

#include <QList>
#include <QTest>

#include <cstring>

namespace Gearscope {
namespace {

using namespace Gearscope::Test;

Bytes one(char c) { return Bytes { uint8_t(c) }; }
/// payload[off..off+len], for the rows whose slice is valid.
Bytes slice(const Bytes& b, uint32_t off, uint32_t len) { return Bytes(b.begin() + off, b.begin() + off + len); }

/// abi_input.wat / abi_wgas.wat: cmd | off u32 | len u32 | gas u64 | hash | value u128 | tail (from 65).
Bytes header(char c, uint32_t off, uint32_t len, uint64_t gas, const Bytes& hash, u128 value, const Bytes& tail)
{
    return cat({ one(c), u32le(off), u32le(len), u64le(gas), hash, u128le(value), tail });
}
/// The ten bytes abi_input.wat's slices are cut from, behind the 65-byte header.
const Bytes kTail = bytesOf("0123456789");
constexpr uint32_t kInputSize = 75;

constexpr Gas kTooMuchGas = 800'000'000'000ull; ///< more than any message can carry (750e9)

using World = RuntimeWorld;

/// err ‖ hash, as a fallible call writes it (spec §7.2: data zeroed on error).
template <typename Tag> Bytes okWith(const Id<Tag>& id) { return cat({ u32le(0), idBytes(id) }); }
Bytes failed(uint32_t err) { return cat({ u32le(err), Bytes(32, 0) }); }

/// The handle messages a step generated (not replies, not signals), in journal order.
std::vector<Message> sends(const StepRecord& r)
{
    std::vector<Message> out;
    for (const auto& m : r.generated)
        if (!m.replyTo && !m.signalFrom)
            out.push_back(m);
    return out;
}

const Message* signalOf(const StepRecord& r)
{
    for (const auto& m : r.generated)
        if (m.signalFrom)
            return &m;
    return nullptr;
}

ReservationId reservationOf(const MessageId& reservingMessage) { return Ids::reservation(reservingMessage, 0); }
/// RemoveGasReservation tasks name the reservation id's bytes as their message.
MessageId asMessage(const ReservationId& rid) { return MessageId::fromBytes(rid.bytes.data()); }

} // namespace

template <typename Tag> char* toString(const Id<Tag>& id) { return qstrdup(id.hex().c_str()); }

} // namespace Gearscope

using namespace Gearscope;
using namespace Gearscope::Test;

class tst_Abi : public QObject
{
    Q_OBJECT
private slots:
    // ------------------------------------------------------------------ *_input (abi_input.wat)

    void sendInput_data()
    {
        QTest::addColumn<char>("command");
        QTest::addColumn<uint>("off");
        QTest::addColumn<uint>("len");
        QTest::addColumn<quint64>("gas");
        QTest::addColumn<int>("err");
        QTest::addColumn<quint64>("gasLimit");
        QTest::addColumn<bool>("mailboxed");
        // gr_send_input is gasless: it dedicates the mailbox threshold (spec §2).
        QTest::newRow("send_input: a slice of the tail")
            << 'i' << 65u << 4u << quint64(0) << 0 << quint64(3000) << true;
        QTest::newRow("send_input: the whole payload")
            << 'i' << 0u << kInputSize << quint64(0) << 0 << quint64(3000) << true;
        QTest::newRow("send_input: empty slice") << 'i' << 70u << 0u << quint64(0) << 0 << quint64(3000) << true;
        QTest::newRow("send_input: last byte")
            << 'i' << (kInputSize - 1) << 1u << quint64(0) << 0 << quint64(3000) << true;
        QTest::newRow("send_input: offset at the end (312)")
            << 'i' << kInputSize << 0u << quint64(0) << 312 << quint64(0) << false;
        QTest::newRow("send_input: offset past the end (312)")
            << 'i' << (kInputSize + 1) << 0u << quint64(0) << 312 << quint64(0) << false;
        QTest::newRow("send_input: length past the end (313)")
            << 'i' << 70u << 6u << quint64(0) << 313 << quint64(0) << false;
        QTest::newRow("send_input: length u32::MAX (313)")
            << 'i' << 65u << 0xFFFFFFFFu << quint64(0) << 313 << quint64(0) << false;
        QTest::newRow("send_input_wgas: 5000 gas") << 'I' << 65u << 10u << quint64(5000) << 0 << quint64(5000) << true;
        QTest::newRow("send_input_wgas: exactly the threshold")
            << 'I' << 65u << 10u << quint64(3000) << 0 << quint64(3000) << true;
        // Zero gas is allowed; such a message never stays in a mailbox (spec §2).
        QTest::newRow("send_input_wgas: 0 gas") << 'I' << 65u << 10u << quint64(0) << 0 << quint64(0) << false;
        QTest::newRow("send_input_wgas: 2999 gas (308)")
            << 'I' << 65u << 10u << quint64(2999) << 308 << quint64(0) << false;
        QTest::newRow("send_input_wgas: 1 gas (308)") << 'I' << 65u << 10u << quint64(1) << 308 << quint64(0) << false;
        QTest::newRow("send_input_wgas: more gas than there is (100)")
            << 'I' << 65u << 10u << quint64(kTooMuchGas) << 100 << quint64(0) << false;
        QTest::newRow("send_input_wgas: the slice is checked first (312)")
            << 'I' << (kInputSize + 5) << 1u << quint64(1) << 312 << quint64(0) << false;
        QTest::newRow("send_input_wgas: length past the end (313)")
            << 'I' << 74u << 2u << quint64(5000) << 313 << quint64(0) << false;
    }
    void sendInput()
    {
        QFETCH(char, command);
        QFETCH(uint, off);
        QFETCH(uint, len);
        QFETCH(quint64, gas);
        QFETCH(int, err);
        QFETCH(quint64, gasLimit);
        QFETCH(bool, mailboxed);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_input.wat", &p));
        const Bytes payload = header(command, off, len, gas, idBytes(w.alice), 0, kTail);
        QCOMPARE(payload.size(), size_t(kInputSize));
        auto r = w.run(p, payload);
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*r, command == 'i' ? "gr_send_input" : "gr_send_input_wgas"), QList<int>({ err }));
        auto out = sends(*r);
        if (err) {
            QCOMPARE(w.errorWithHash(p, 0x600), failed(uint32_t(err)));
            QVERIFY(out.empty());
            QVERIFY(w.rt.mailbox(w.alice).empty());
            QCOMPARE(r->generated.size(), size_t(1)); // the auto-reply to alice only
            return;
        }
        const MessageId id = Ids::outgoing(r->message.id, 0);
        QCOMPARE(w.errorWithHash(p, 0x600), okWith(id));
        QCOMPARE(out.size(), size_t(1));
        QCOMPARE(out[0].id, id);
        QCOMPARE(out[0].source, p);
        QCOMPARE(out[0].destination, w.alice);
        QCOMPARE(str(out[0].payload), str(slice(payload, off, len)));
        QCOMPARE(out[0].gasLimit, Gas(gasLimit));
        auto box = w.rt.mailbox(w.alice);
        if (mailboxed) {
            QCOMPARE(box.size(), size_t(1));
            QCOMPARE(box[0].message.id, id);
            QCOMPARE(str(box[0].message.payload), str(slice(payload, off, len)));
            QCOMPARE(box[0].message.gasLimit, Gas(gasLimit));
        } else {
            // Straight to the log, and alice's auto-reply goes back to the program (spec §2).
            QVERIFY(box.empty());
            QVERIFY(w.inUserLog(id));
            const Message* autoReply = replyTo(r->generated, id);
            QVERIFY(autoReply);
            QCOMPARE(autoReply->destination, p);
            QCOMPARE(str(autoReply->replyCode), str(ReplyCode::successAuto()));
        }
    }

    void sendPushInput_data()
    {
        QTest::addColumn<uint>("off");
        QTest::addColumn<uint>("len");
        QTest::addColumn<int>("err");
        QTest::newRow("the tail") << 65u << 10u << 0;
        QTest::newRow("the command byte") << 0u << 1u << 0;
        QTest::newRow("empty slice") << 65u << 0u << 0;
        QTest::newRow("offset at the end (312)") << kInputSize << 0u << 312;
        QTest::newRow("length past the end (313)") << (kInputSize - 1) << 2u << 313;
    }
    void sendPushInput()
    {
        QFETCH(uint, off);
        QFETCH(uint, len);
        QFETCH(int, err);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_input.wat", &p));
        const Bytes payload = header('p', off, len, 0, idBytes(w.alice), 0, kTail);
        auto r = w.run(p, payload);
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(w.mem(p, 0x6E0, 8), cat({ u32le(0), u32le(0) })); // handle 0
        // The push, a push to the committed handle (LateAccess), a push to a handle never given out.
        QCOMPARE(errorsOf(*r, "gr_send_push_input"), QList<int>({ err, 304, 305 }));
        QCOMPARE(w.mem(p, 0x6C0, 12), cat({ u32le(uint32_t(err)), u32le(304), u32le(305) }));
        QCOMPARE(errorsOf(*r, "gr_send_commit"), QList<int>({ 0 }));
        // The handle's message carries the slice (nothing when the push failed).
        const MessageId id = Ids::outgoing(r->message.id, 0);
        QCOMPARE(w.errorWithHash(p, 0x600), okWith(id));
        auto box = w.rt.mailbox(w.alice);
        QCOMPARE(box.size(), size_t(1));
        QCOMPARE(box[0].message.id, id);
        QCOMPARE(str(box[0].message.payload), err ? QByteArray() : str(slice(payload, off, len)));
    }

    void replyInput_data()
    {
        QTest::addColumn<char>("command");
        QTest::addColumn<uint>("off");
        QTest::addColumn<uint>("len");
        QTest::addColumn<quint64>("gas");
        QTest::addColumn<int>("err");
        QTest::addColumn<qint64>("gasLimit"); // -1: gasless, shares what is left
        QTest::newRow("reply_input: a slice") << 'r' << 66u << 3u << quint64(0) << 0 << qint64(-1);
        QTest::newRow("reply_input: the whole payload") << 'r' << 0u << kInputSize << quint64(0) << 0 << qint64(-1);
        QTest::newRow("reply_input: offset at the end (312)")
            << 'r' << kInputSize << 0u << quint64(0) << 312 << qint64(-1);
        QTest::newRow("reply_input: length past the end (313)") << 'r' << 65u << 11u << quint64(0) << 313 << qint64(-1);
        QTest::newRow("reply_input_wgas: 5,000,000 gas")
            << 'R' << 65u << 10u << quint64(5'000'000) << 0 << qint64(5'000'000);
        // The mailbox threshold concerns handle messages only; replies never go to a mailbox.
        QTest::newRow("reply_input_wgas: 1000 gas") << 'R' << 65u << 10u << quint64(1000) << 0 << qint64(1000);
        QTest::newRow("reply_input_wgas: 0 gas") << 'R' << 65u << 10u << quint64(0) << 0 << qint64(0);
        QTest::newRow("reply_input_wgas: more gas than there is (100)")
            << 'R' << 65u << 10u << quint64(kTooMuchGas) << 100 << qint64(-1);
        QTest::newRow("reply_input_wgas: offset past the end (312)")
            << 'R' << 100u << 0u << quint64(5000) << 312 << qint64(-1);
        QTest::newRow("reply_input_wgas: length past the end (313)")
            << 'R' << 0u << 76u << quint64(5000) << 313 << qint64(-1);
    }
    void replyInput()
    {
        QFETCH(char, command);
        QFETCH(uint, off);
        QFETCH(uint, len);
        QFETCH(quint64, gas);
        QFETCH(int, err);
        QFETCH(qint64, gasLimit);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_input.wat", &p));
        const Bytes payload = header(command, off, len, gas, Bytes(32, 0), 0, kTail);
        auto r = w.run(p, payload);
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*r, command == 'r' ? "gr_reply_input" : "gr_reply_input_wgas"), QList<int>({ err }));
        const Message* reply = replyTo(r->generated, r->message.id);
        QVERIFY(reply);
        QCOMPARE(reply->destination, w.alice);
        QCOMPARE(reply->id, Ids::reply(r->message.id));
        QVERIFY(w.inUserLog(reply->id));
        if (err) {
            // No manual reply was made, so the message is auto-replied (spec §4.4).
            QCOMPARE(w.errorWithHash(p, 0x600), failed(uint32_t(err)));
            QCOMPARE(str(reply->replyCode), str(ReplyCode::successAuto()));
            QVERIFY(reply->payload.empty());
            return;
        }
        QCOMPARE(w.errorWithHash(p, 0x600), okWith(reply->id));
        QCOMPARE(str(reply->replyCode), str(ReplyCode::successManual()));
        QCOMPARE(str(reply->payload), str(slice(payload, off, len)));
        if (gasLimit >= 0)
            QCOMPARE(reply->gasLimit, Gas(gasLimit));
        QCOMPARE(r->generated.size(), size_t(1)); // no auto-reply next to the manual one
    }

    void replyPushInput_data()
    {
        QTest::addColumn<uint>("off");
        QTest::addColumn<uint>("len");
        QTest::addColumn<int>("err");
        QTest::newRow("the tail") << 65u << 10u << 0;
        QTest::newRow("two bytes of the gas field") << 9u << 2u << 0;
        QTest::newRow("offset past the end (312)") << 80u << 1u << 312;
        QTest::newRow("length past the end (313)") << 70u << 10u << 313;
    }
    void replyPushInput()
    {
        QFETCH(uint, off);
        QFETCH(uint, len);
        QFETCH(int, err);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_input.wat", &p));
        const Bytes payload = header('q', off, len, 0, Bytes(32, 0), 0, kTail);
        auto r = w.run(p, payload);
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        // The push, then one after gr_reply_commit: LateAccess.
        QCOMPARE(errorsOf(*r, "gr_reply_push_input"), QList<int>({ err, 304 }));
        QCOMPARE(w.mem(p, 0x6C0, 8), cat({ u32le(uint32_t(err)), u32le(304) }));
        QCOMPARE(errorsOf(*r, "gr_reply_commit"), QList<int>({ 0 }));
        const Message* reply = replyTo(r->generated, r->message.id);
        QVERIFY(reply);
        QCOMPARE(w.errorWithHash(p, 0x600), okWith(reply->id));
        QCOMPARE(str(reply->replyCode), str(ReplyCode::successManual()));
        QCOMPARE(str(reply->payload), err ? QByteArray() : str(slice(payload, off, len)));
    }

    // ------------------------------------------------------------------ explicit gas (abi_wgas.wat)

    void sendCommitWgas_data()
    {
        QTest::addColumn<quint64>("gas");
        QTest::addColumn<QList<int>>("errors"); // commit, commit again, commit an unknown handle
        QTest::addColumn<bool>("mailboxed");
        QTest::newRow("5000 gas") << quint64(5000) << QList<int>({ 0, 304, 305 }) << true;
        QTest::newRow("10^9 gas") << quint64(1'000'000'000) << QList<int>({ 0, 304, 305 }) << true;
        QTest::newRow("0 gas") << quint64(0) << QList<int>({ 0, 304, 305 }) << false;
        // A refused commit leaves the handle open: committing it again meets the same error.
        QTest::newRow("2999 gas (308)") << quint64(2999) << QList<int>({ 308, 308, 305 }) << false;
        QTest::newRow("more gas than there is (100)") << quint64(kTooMuchGas) << QList<int>({ 100, 100, 305 }) << false;
    }
    void sendCommitWgas()
    {
        QFETCH(quint64, gas);
        QFETCH(QList<int>, errors);
        QFETCH(bool, mailboxed);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_wgas.wat", &p));
        auto r = w.run(p, header('c', 0, 0, gas, idBytes(w.alice), 0, {}));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*r, "gr_send_push"), QList<int>({ 0 }));
        QCOMPARE(errorsOf(*r, "gr_send_commit_wgas"), errors);
        QCOMPARE(w.u32(p, 0x640), uint32_t(errors[1]));
        QCOMPARE(w.errorWithHash(p, 0x680), failed(305));
        auto out = sends(*r);
        if (errors[0]) {
            QCOMPARE(w.errorWithHash(p, 0x600), failed(uint32_t(errors[0])));
            QVERIFY(out.empty());
            return;
        }
        const MessageId id = Ids::outgoing(r->message.id, 0);
        QCOMPARE(w.errorWithHash(p, 0x600), okWith(id));
        QCOMPARE(out.size(), size_t(1));
        QCOMPARE(out[0].id, id);
        QCOMPARE(str(out[0].payload), QByteArray("wgas"));
        QCOMPARE(out[0].gasLimit, Gas(gas));
        QCOMPARE(w.rt.mailbox(w.alice).size(), size_t(mailboxed ? 1 : 0));
        if (mailboxed)
            QCOMPARE(w.rt.mailbox(w.alice)[0].message.gasLimit, Gas(gas));
        else
            QVERIFY(w.inUserLog(id));
    }

    void replyWgas_data()
    {
        QTest::addColumn<char>("command");
        QTest::addColumn<quint64>("gas");
        QTest::addColumn<quint64>("value");
        QTest::addColumn<QList<int>>("errors"); // the reply, then a second one
        QTest::newRow("reply_wgas: 5,000,000 gas") << 'w' << quint64(5'000'000) << quint64(0) << QList<int>({ 0, 302 });
        QTest::newRow("reply_wgas: 1000 gas") << 'w' << quint64(1000) << quint64(0) << QList<int>({ 0, 302 });
        QTest::newRow("reply_wgas: 0 gas") << 'w' << quint64(0) << quint64(0) << QList<int>({ 0, 302 });
        QTest::newRow("reply_wgas: with value") << 'w' << quint64(7000) << quint64(1234) << QList<int>({ 0, 302 });
        QTest::newRow("reply_wgas: more gas than there is (100)")
            << 'w' << quint64(kTooMuchGas) << quint64(0) << QList<int>({ 100, 100 });
        QTest::newRow("reply_commit_wgas: 5,000,000 gas")
            << 'm' << quint64(5'000'000) << quint64(0) << QList<int>({ 0, 302 });
        QTest::newRow("reply_commit_wgas: 1000 gas") << 'm' << quint64(1000) << quint64(0) << QList<int>({ 0, 302 });
        QTest::newRow("reply_commit_wgas: with value") << 'm' << quint64(9000) << quint64(77) << QList<int>({ 0, 302 });
        QTest::newRow("reply_commit_wgas: more gas than there is (100)")
            << 'm' << quint64(kTooMuchGas) << quint64(0) << QList<int>({ 100, 100 });
    }
    void replyWgas()
    {
        QFETCH(char, command);
        QFETCH(quint64, gas);
        QFETCH(quint64, value);
        QFETCH(QList<int>, errors);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_wgas.wat", &p));
        const u128 before = w.rt.balanceOf(p);
        QVERIFY(before >= value);
        auto r = w.run(p, header(command, 0, 0, gas, Bytes(32, 0), value, {}));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*r, command == 'w' ? "gr_reply_wgas" : "gr_reply_commit_wgas"), errors);
        if (command == 'm')
            QCOMPARE(errorsOf(*r, "gr_reply_push"), QList<int>({ 0 }));
        QCOMPARE(w.errorWithHash(p, 0x640), failed(uint32_t(errors[1])));
        const Message* reply = replyTo(r->generated, r->message.id);
        QVERIFY(reply);
        QCOMPARE(reply->destination, w.alice);
        QVERIFY(w.inUserLog(reply->id));
        if (errors[0]) {
            QCOMPARE(w.errorWithHash(p, 0x600), failed(uint32_t(errors[0])));
            QCOMPARE(str(reply->replyCode), str(ReplyCode::successAuto()));
            QCOMPARE(reply->gasLimit, Gas(0));
            QCOMPARE(w.rt.balanceOf(p), before);
            return;
        }
        QCOMPARE(w.errorWithHash(p, 0x600), okWith(Ids::reply(r->message.id)));
        QCOMPARE(reply->id, Ids::reply(r->message.id));
        QCOMPARE(str(reply->replyCode), str(ReplyCode::successManual()));
        QCOMPARE(str(reply->payload), QByteArray(command == 'w' ? "rw" : "rc"));
        QCOMPARE(reply->gasLimit, Gas(gas));
        QVERIFY(reply->value == u128(value));
        QVERIFY(w.rt.balanceOf(p) == before - u128(value));
    }

    void createProgramWgas_data()
    {
        QTest::addColumn<quint64>("gas");
        QTest::addColumn<int>("err");
        QTest::addColumn<bool>("initRuns");
        QTest::newRow("10^10 gas: init runs") << quint64(10'000'000'000ull) << 0 << true;
        // No mailbox threshold for init messages, but 1000 gas does not pay the first precharge.
        QTest::newRow("1000 gas: init runs out of gas") << quint64(1000) << 0 << false;
        QTest::newRow("more gas than there is (100)") << quint64(kTooMuchGas) << 100 << false;
    }
    void createProgramWgas()
    {
        QFETCH(quint64, gas);
        QFETCH(int, err);
        QFETCH(bool, initRuns);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_wgas.wat", &p));
        const CodeId code = w.rt.program(p)->codeId;
        const Bytes salt = bytesOf("salt-1");
        auto r = w.run(p, header('n', 0, 0, gas, idBytes(code), 0, salt));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*r, "gr_create_program_wgas"), QList<int>({ err }));
        const ActorId child = Ids::programFromWasm(r->message.id, code, salt);
        if (err) {
            QCOMPARE(w.mem(p, 0x700, 68), cat({ u32le(uint32_t(err)), Bytes(64, 0) }));
            QVERIFY(r->createdPrograms.empty());
            QVERIFY(!w.rt.program(child));
            QCOMPARE(r->generated.size(), size_t(1)); // the auto-reply only
            return;
        }
        const MessageId initId = Ids::outgoing(r->message.id, 0);
        QCOMPARE(w.mem(p, 0x700, 68), cat({ u32le(0), idBytes(initId), idBytes(child) }));
        QCOMPARE(r->createdPrograms, std::vector<ActorId>({ child }));
        const Message* init = nullptr;
        for (const auto& m : r->generated)
            if (m.id == initId)
                init = &m;
        QVERIFY(init);
        QCOMPARE(init->destination, child);
        QCOMPARE(str(init->payload), QByteArray("kid"));
        QCOMPARE(init->gasLimit, Gas(gas));
        auto snap = w.rt.program(child);
        QVERIFY(snap);
        QCOMPARE(snap->codeId, code);

        auto i = w.dispatchOf(initId);
        QVERIFY(i);
        QCOMPARE(str(i->dispatchKind), str(DispatchKind::Init));
        QCOMPARE(i->actor, child);
        QCOMPARE(i->gasLimit, Gas(gas));
        if (initRuns) {
            QCOMPARE(str(i->outcome), str(Outcome::Success));
            QCOMPARE(str(w.rt.program(child)->state), str(ProgramState::Active));
            QCOMPARE(w.u32(child, 0x908), 1u);
            const uint64_t seen = w.u64(child, 0x900);
            QVERIFY(seen > 0 && seen < gas);
        } else {
            QCOMPARE(str(i->outcome), str(Outcome::Trap));
            QCOMPARE(str(i->errorCode), str(execError(ExecutionError::RanOutOfGas)));
            QCOMPARE(str(w.rt.program(child)->state), str(ProgramState::Terminated));
        }
    }

    // ------------------------------------------------------------------ reservations (abi_reservation.wat)

    void reservationSendCommit()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_reservation.wat", &p));
        const Bytes toAlice = cat({ idBytes(w.alice), Bytes(16, 0) });
        auto g = w.run(p, cat({ one('G'), toAlice }));
        QVERIFY(g);
        QCOMPARE(errorsOf(*g, "gr_reserve_gas"), QList<int>({ 0 }));
        const ReservationId rid = reservationOf(g->message.id);
        QCOMPARE(w.errorWithHash(p, 0x400), okWith(rid));
        QCOMPARE(w.tasksOf(TaskKind::RemoveGasReservation, asMessage(rid)), size_t(1));

        auto c = w.run(p, cat({ one('C'), toAlice }));
        QVERIFY(c);
        QCOMPARE(str(c->outcome), str(Outcome::Success));
        // The commit, the same handle again (LateAccess), a handle never given out (OutOfBounds).
        QCOMPARE(errorsOf(*c, "gr_reservation_send_commit"), QList<int>({ 0, 304, 305 }));
        const MessageId id = Ids::outgoing(c->message.id, 0);
        QCOMPARE(w.errorWithHash(p, 0x600), okWith(id));
        QCOMPARE(w.errorWithHash(p, 0x640), failed(304));
        QCOMPARE(w.errorWithHash(p, 0x680), failed(305));
        // The message carries exactly the reserved gas, so it stays in alice's mailbox.
        auto box = w.rt.mailbox(w.alice);
        QCOMPARE(box.size(), size_t(1));
        QCOMPARE(box[0].message.id, id);
        QCOMPARE(box[0].message.source, p);
        QCOMPARE(str(box[0].message.payload), QByteArray("rsc"));
        QCOMPARE(box[0].message.gasLimit, Gas(1'000'000));
        // The reservation is used up: its expiry task is gone and a second use is refused.
        QCOMPARE(w.tasksOf(TaskKind::RemoveGasReservation, asMessage(rid)), size_t(0));
        auto again = w.run(p, cat({ one('C'), toAlice }));
        QVERIFY(again);
        QCOMPARE(str(again->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*again, "gr_reservation_send_commit"), QList<int>({ 500, 500, 305 }));
        QCOMPARE(w.errorWithHash(p, 0x600), failed(500));
        QVERIFY(sends(*again).empty());
        QCOMPARE(w.rt.mailbox(w.alice).size(), size_t(1));
    }

    void reservationReply_data()
    {
        QTest::addColumn<char>("command");
        QTest::addColumn<QByteArray>("syscall");
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("gr_reservation_reply") << 'R' << QByteArray("gr_reservation_reply") << QByteArray("rr");
        QTest::newRow("gr_reservation_reply_commit")
            << 'P' << QByteArray("gr_reservation_reply_commit") << QByteArray("rp");
    }
    void reservationReply()
    {
        QFETCH(char, command);
        QFETCH(QByteArray, syscall);
        QFETCH(QByteArray, payload);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_reservation.wat", &p));
        const Bytes args = Bytes(48, 0);
        auto g = w.run(p, cat({ one('G'), args }));
        QVERIFY(g);
        const ReservationId rid = reservationOf(g->message.id);

        auto r = w.run(p, cat({ one(command), args }));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        // The reply, then a second one: DuplicateReply.
        QCOMPARE(errorsOf(*r, syscall.constData()), QList<int>({ 0, 302 }));
        if (command == 'P')
            QCOMPARE(errorsOf(*r, "gr_reply_push"), QList<int>({ 0 }));
        const Message* reply = replyTo(r->generated, r->message.id);
        QVERIFY(reply);
        QCOMPARE(w.errorWithHash(p, 0x600), okWith(reply->id));
        QCOMPARE(w.errorWithHash(p, 0x640), failed(302));
        QCOMPARE(reply->id, Ids::reply(r->message.id));
        QCOMPARE(reply->destination, w.alice);
        QCOMPARE(str(reply->replyCode), str(ReplyCode::successManual()));
        QCOMPARE(str(reply->payload), payload);
        QCOMPARE(reply->gasLimit, Gas(1'000'000)); // the reservation's gas, not the message's
        QCOMPARE(r->generated.size(), size_t(1));
        QCOMPARE(w.tasksOf(TaskKind::RemoveGasReservation, asMessage(rid)), size_t(0));

        // Used up: the next message cannot reply with it and is auto-replied instead.
        auto again = w.run(p, cat({ one(command), args }));
        QVERIFY(again);
        QCOMPARE(str(again->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*again, syscall.constData()), QList<int>({ 500, 500 }));
        QCOMPARE(w.errorWithHash(p, 0x600), failed(500));
        const Message* autoReply = replyTo(again->generated, again->message.id);
        QVERIFY(autoReply);
        QCOMPARE(str(autoReply->replyCode), str(ReplyCode::successAuto()));
    }

    void reservationReplyValue_data()
    {
        QTest::addColumn<char>("command");
        QTest::addColumn<bool>("affordable");
        QTest::newRow("gr_reservation_reply, value the program has") << 'R' << true;
        QTest::newRow("gr_reservation_reply, more value than it has (101)") << 'R' << false;
        QTest::newRow("gr_reservation_reply_commit, value the program has") << 'P' << true;
        QTest::newRow("gr_reservation_reply_commit, more value than it has (101)") << 'P' << false;
    }
    void reservationReplyValue()
    {
        QFETCH(char, command);
        QFETCH(bool, affordable);
        const char* syscall = command == 'R' ? "gr_reservation_reply" : "gr_reservation_reply_commit";
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_reservation.wat", &p));
        auto g = w.run(p, cat({ one('G'), Bytes(48, 0) }));
        QVERIFY(g);
        const ReservationId rid = reservationOf(g->message.id);
        const u128 before = w.rt.balanceOf(p);
        // Alice attaches 5000; the program replies with 5000 (affordable) or more than it holds.
        const u128 attached = 5000;
        const u128 value = affordable ? attached : before + attached + 1;
        auto r = w.runWithValue(p, cat({ one(command), Bytes(32, 0), u128le(value) }), attached);
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        const Message* reply = replyTo(r->generated, r->message.id);
        QVERIFY(reply);
        if (affordable) {
            QCOMPARE(errorsOf(*r, syscall).value(0), 0);
            QCOMPARE(str(reply->replyCode), str(ReplyCode::successManual()));
            QVERIFY(reply->value == value);
            // The value left the program: what came in went back out (spec §5.5).
            QVERIFY(w.rt.balanceOf(p) == before);
            QCOMPARE(w.tasksOf(TaskKind::RemoveGasReservation, asMessage(rid)), size_t(0));
            return;
        }
        QCOMPARE(errorsOf(*r, syscall), QList<int>({ 101, 101 }));
        QCOMPARE(w.errorWithHash(p, 0x600), failed(101));
        QCOMPARE(str(reply->replyCode), str(ReplyCode::successAuto()));
        QVERIFY(reply->value == 0);
        QVERIFY(w.rt.balanceOf(p) == before + attached);
        // Refused before the reservation was touched: it still serves a reply without value.
        QCOMPARE(w.tasksOf(TaskKind::RemoveGasReservation, asMessage(rid)), size_t(1));
        auto ok = w.run(p, cat({ one(command), Bytes(48, 0) }));
        QVERIFY(ok);
        QCOMPARE(errorsOf(*ok, syscall).value(0), 0);
        QCOMPARE(w.tasksOf(TaskKind::RemoveGasReservation, asMessage(rid)), size_t(0));
    }

    // ------------------------------------------------------------------ gr_reply_to (abi_reply_to.wat)

    void replyToOutsideHandleReply()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_reply_to.wat", &p));
        // init: no reply context (the 0xFF the program put there is overwritten by zeroes).
        QCOMPARE(w.errorWithHash(p, 0x400), failed(105));

        auto h = w.run(p, bytesOf("h"));
        QVERIFY(h);
        QCOMPARE(str(h->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*h, "gr_reply_to"), QList<int>({ 105 }));
        QCOMPARE(w.errorWithHash(p, 0x440), failed(105));

        auto y = w.run(p, bytesOf("y"));
        QVERIFY(y);
        QCOMPARE(str(y->outcome), str(Outcome::Trap));
        const Message* signal = signalOf(*y);
        QVERIFY(signal);
        auto s = w.dispatchOf(signal->id);
        QVERIFY(s);
        QCOMPARE(str(s->dispatchKind), str(DispatchKind::Signal));
        QCOMPARE(str(s->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*s, "gr_reply_to"), QList<int>({ 105 }));
        QCOMPARE(w.errorWithHash(p, 0x4C0), failed(105));
        QCOMPARE(w.u32(p, 0x504), 1u);
        QCOMPARE(w.u32(p, 0x500), 0u); // handle_reply never ran
    }

    void replyToInHandleReply_data()
    {
        QTest::addColumn<bool>("fromUser");
        QTest::newRow("alice replies from her mailbox") << true;
        QTest::newRow("a program's error reply") << false;
    }
    void replyToInHandleReply()
    {
        QFETCH(bool, fromUser);
        World w;
        ActorId p, q;
        QVERIFY(w.upload("abi_reply_to.wat", &p, "p"));
        QVERIFY(w.upload("abi_reply_to.wat", &q, "q"));
        // p sends to alice, or sends "y" to q, which traps and so answers with an error reply that
        // shares the gas left (spec §5.1) and can run p's handle_reply.
        const ActorId dest = fromUser ? w.alice : q;
        auto s = w.run(p, cat({ one('s'), idBytes(dest), Bytes(16, 0), bytesOf(fromUser ? "ask" : "y") }));
        QVERIFY(s);
        QCOMPARE(str(s->outcome), str(Outcome::Success));
        const MessageId sent = Ids::outgoing(s->message.id, 0);
        QCOMPARE(w.errorWithHash(p, 0x300), okWith(sent));

        MessageId replyId = Ids::reply(sent);
        if (fromUser) {
            auto box = w.rt.mailbox(w.alice);
            QCOMPARE(box.size(), size_t(1));
            QCOMPARE(box[0].message.id, sent);
            auto rid = w.rt.replyFromMailbox(w.alice, sent, bytesOf("ans"));
            QVERIFY2(rid.ok(), rid.ok() ? "" : rid.error().c_str());
            replyId = rid.value();
        }
        auto r = w.dispatchOf(replyId);
        QVERIFY(r);
        QCOMPARE(str(r->dispatchKind), str(DispatchKind::Reply));
        QCOMPARE(r->actor, p);
        QCOMPARE(r->message.replyTo, std::optional<MessageId>(sent));
        QCOMPARE(str(r->message.replyCode),
            str(fromUser ? ReplyCode::successManual() : execError(ExecutionError::UserspacePanic)));
        QCOMPARE(str(r->outcome), str(Outcome::Success));
        QCOMPARE(errorsOf(*r, "gr_reply_to"), QList<int>({ 0 }));
        QCOMPARE(w.errorWithHash(p, 0x480), okWith(sent));
        QCOMPARE(w.u32(p, 0x500), 1u);
    }

    // ------------------------------------------------------------------ gr_oom_panic (abi_oom.wat)

    void oomPanic_data()
    {
        QTest::addColumn<char>("command");
        QTest::addColumn<QList<int>>("allocs"); // alloc results as recorded: 0 ok, 1 failed
        QTest::newRow("after a send and an alloc") << 'o' << QList<int>({ 0 });
        // memory (1 4): pages 1..3 can be allocated, the 4th alloc answers 0xFFFFFFFF.
        QTest::newRow("when alloc fails, as gstd does") << 'a' << QList<int>({ 0, 0, 0, 1 });
    }
    void oomPanic()
    {
        QFETCH(char, command);
        QFETCH(QList<int>, allocs);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_oom.wat", &p));
        const u128 value = 700;
        const u128 before = w.rt.balanceOf(p);
        auto r = w.runWithValue(p, cat({ one(command), idBytes(w.alice), Bytes(16, 0) }), value);
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Trap));
        QCOMPARE(str(r->errorCode), str(execError(ExecutionError::MemoryOverflow)));
        QCOMPARE(errorsOf(*r, "alloc"), allocs);
        QCOMPARE(errorsOf(*r, "gr_oom_panic"), QList<int>({ 0 }));
        if (command == 'o')
            QCOMPARE(errorsOf(*r, "gr_send"), QList<int>({ 0 }));
        // The error reply: code MemoryOverflow, no payload (only gr_panic carries bytes), the value back.
        QCOMPARE(r->generated.size(), size_t(1));
        const Message* err = replyTo(r->generated, r->message.id);
        QVERIFY(err);
        QCOMPARE(err->destination, w.alice);
        QCOMPARE(str(err->replyCode), str(execError(ExecutionError::MemoryOverflow)));
        QVERIFY(err->payload.empty());
        QVERIFY(err->value == value);
        QVERIFY(r->panicPayload.empty());
        // Rolled back (spec §4.3): no memory write, no allocation, no message, no value kept.
        QCOMPARE(w.u32(p, 0x400), 0u);
        QCOMPARE(w.u32(p, 0x404), 0u);
        QVERIFY(r->changedPages.empty());
        QVERIFY(w.rt.program(p)->allocations.empty());
        QVERIFY(w.rt.mailbox(w.alice).empty());
        QVERIFY(w.rt.balanceOf(p) == before);
        QVERIFY(w.inUserLog(err->id));

        // The same write without the panic is kept.
        auto ok = w.run(p, bytesOf("w"));
        QVERIFY(ok);
        QCOMPARE(str(ok->outcome), str(Outcome::Success));
        QCOMPARE(w.u32(p, 0x400), 0xCAFEu);
    }

    void oomPanicSignal()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_oom.wat", &p));
        auto r = w.run(p, bytesOf("s"));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Trap));
        QCOMPARE(str(r->errorCode), str(execError(ExecutionError::MemoryOverflow)));
        QCOMPARE(errorsOf(*r, "gr_system_reserve_gas"), QList<int>({ 0 }));
        const Message* signal = signalOf(*r);
        QVERIFY(signal);
        QCOMPARE(signal->signalCode, 103u); // SignalCode MemoryOverflow (spec §4.1)
        QCOMPARE(*signal->signalFrom, r->message.id);
        auto s = w.dispatchOf(signal->id);
        QVERIFY(s);
        QCOMPARE(str(s->outcome), str(Outcome::Success));
        QCOMPARE(w.mem(p, 0x800, 8), cat({ u32le(0), u32le(103) }));
    }

    // ------------------------------------------------------------------ legacy hooks (abi_legacy_hooks.wat)

    void outOfGas_data()
    {
        QTest::addColumn<quint64>("allowance");
        QTest::newRow("default allowance") << quint64(0);
        // The hook reports the message's gas, whichever counter is smaller (spec §7.6).
        QTest::newRow("allowance below the message's gas") << quint64(100'000'000'000ull);
    }
    void outOfGas()
    {
        QFETCH(quint64, allowance);
        RuntimeConfig cfg;
        if (allowance)
            cfg.blockGasAllowance = allowance;
        World w(cfg);
        ActorId p;
        QVERIFY(w.upload("abi_legacy_hooks.wat", &p));
        auto r = w.run(p, cat({ one('g'), u32le(0), idBytes(w.alice), Bytes(16, 0) }));
        QVERIFY(r);
        QCOMPARE(str(r->outcome), str(Outcome::Trap));
        QCOMPARE(str(r->errorCode), str(execError(ExecutionError::RanOutOfGas)));
        QCOMPARE(errorsOf(*r, "gr_send"), QList<int>({ 0 }));
        QCOMPARE(errorsOf(*r, "gr_out_of_gas"), QList<int>({ 0 }));
        QCOMPARE(w.dispatchesOf(r->message.id).size(), size_t(1)); // not re-queued
        const Message* err = replyTo(r->generated, r->message.id);
        QVERIFY(err);
        QCOMPARE(str(err->replyCode), str(execError(ExecutionError::RanOutOfGas)));
        QCOMPARE(r->generated.size(), size_t(1));
        // Rolled back: the write and the message are gone.
        QCOMPARE(w.u32(p, 0x400), 0u);
        QVERIFY(w.rt.mailbox(w.alice).empty());
        QVERIFY(r->changedPages.empty());
        if (!allowance)
            QCOMPARE(r->gasBurned, r->gasLimit); // running out burns everything
    }

    void outOfAllowance()
    {
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_legacy_hooks.wat", &p));
        const BlockNumber next = w.rt.blockHeight() + 1;
        // m1 hits the hook while the block height is <= next; m2 is a no-op behind it.
        auto m1 = w.rt.sendMessage(w.alice, p, cat({ one('a'), u32le(next), idBytes(w.alice), Bytes(16, 0) }));
        auto m2 = w.rt.sendMessage(w.alice, p, bytesOf("x"));
        QVERIFY(m1 && m2);
        const Gas m1Gas = w.rt.queue()[0].gasAvailable;
        const size_t first = w.steps.size();
        auto b = w.rt.runBlock();
        QCOMPARE(b.block, next);
        QVERIFY(b.allowanceExhausted);
        QCOMPARE(b.dispatches, uint64_t(0));
        QCOMPARE(b.steps, uint64_t(1));
        QVERIFY(!w.rt.blockOpen()); // the block ended
        QCOMPARE(w.steps.size(), first + 1);
        const StepRecord& aborted = w.steps[first];
        QCOMPARE(aborted.message.id, m1.value());
        QCOMPARE(str(aborted.outcome), str(Outcome::AllowanceExceeded));
        QVERIFY(!aborted.errorCode);
        // Nothing of the aborted run is kept (not even its syscall trace), and no reply is sent.
        QVERIFY(aborted.syscalls.empty());
        QVERIFY(aborted.generated.empty());
        QVERIFY(aborted.changedPages.empty());
        QCOMPARE(w.u32(p, 0x400), 0u);
        QVERIFY(w.rt.mailbox(w.alice).empty());
        QVERIFY(!replyTo(w.rt.userLog(), m1.value()));
        // Back at the front, ahead of m2, with all of its gas.
        auto q = w.rt.queue();
        QCOMPARE(q.size(), size_t(2));
        QCOMPARE(q[0].message.id, m1.value());
        QCOMPARE(q[1].message.id, m2.value());
        QVERIFY(!q[0].woken);
        QCOMPARE(q[0].gasAvailable, m1Gas);

        // Next block: m1 runs from scratch, past the hook this time, then m2.
        auto b2 = w.rt.runBlock();
        QCOMPARE(b2.block, next + 1);
        QCOMPARE(b2.dispatches, uint64_t(2));
        auto runs = w.dispatchesOf(m1.value());
        QCOMPARE(runs.size(), size_t(2));
        QCOMPARE(str(runs[1].outcome), str(Outcome::Success));
        QCOMPARE(runs[1].block, next + 1);
        QCOMPARE(runs[1].gasLimit, m1Gas);
        QCOMPARE(w.u32(p, 0x404), next + 1);
        const auto log = w.rt.userLog();
        const Message* reply = replyTo(log, m1.value());
        QVERIFY(reply);
        QCOMPARE(str(reply->payload), QByteArray("ran"));
        QCOMPARE(w.dispatchesOf(m2.value()).size(), size_t(1));
        QVERIFY(w.steps.back().message.id == m2.value());
    }

    void waitNoMore_data()
    {
        QTest::addColumn<uint>("duration");
        QTest::newRow("3 blocks") << 3u;
        QTest::newRow("1 block") << 1u;
    }
    void waitNoMore()
    {
        QFETCH(uint, duration);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_legacy_hooks.wat", &p));
        auto a = w.run(p, cat({ one('w'), u32le(duration), Bytes(48, 0) }));
        QVERIFY(a);
        QCOMPARE(str(a->outcome), str(Outcome::Wait));
        // The argument is a pointer (0x510); the duration is read from there.
        QVERIFY(!a->syscalls.empty());
        QCOMPARE(QByteArray(a->syscalls.back().name), QByteArray("gr_wait_no_more"));
        QCOMPARE(a->syscalls.back().args, std::vector<uint64_t>({ 0x510 }));
        QCOMPARE(w.u32(p, 0x510), uint32_t(duration));
        // Like gr_wait_up_to with enough gas: woken at the deadline (spec §3.1).
        const BlockNumber deadline = a->block + duration;
        auto wl = w.rt.waitlist();
        QCOMPARE(wl.size(), size_t(1));
        QCOMPARE(wl[0].message.id, a->message.id);
        QCOMPARE(wl[0].wakeAt, std::optional<BlockNumber>(deadline));
        QCOMPARE(w.tasksOf(TaskKind::WakeMessage, a->message.id), size_t(1));
        QCOMPARE(w.tasksOf(TaskKind::RemoveFromWaitlist, a->message.id), size_t(0));
        QVERIFY(!replyTo(w.rt.userLog(), a->message.id)); // no auto-reply while waiting

        w.rt.runUntilIdle(duration + 3);
        auto runs = w.dispatchesOf(a->message.id);
        QCOMPARE(runs.size(), size_t(2));
        QCOMPARE(runs[1].block, deadline);
        QCOMPARE(str(runs[1].outcome), str(Outcome::Success));
        QCOMPARE(w.u32(p, 0x504), deadline);
        QCOMPARE(w.u32(p, 0x508), 2u);
        const auto log = w.rt.userLog();
        const Message* reply = replyTo(log, a->message.id);
        QVERIFY(reply);
        QCOMPARE(str(reply->payload), QByteArray("woke"));
    }

    void waitNoMoreTraps_data()
    {
        QTest::addColumn<char>("command");
        QTest::addColumn<uint>("duration");
        QTest::newRow("zero duration") << 'w' << 0u;
        QTest::newRow("pointer outside memory") << 'W' << 5u;
    }
    void waitNoMoreTraps()
    {
        QFETCH(char, command);
        QFETCH(uint, duration);
        World w;
        ActorId p;
        QVERIFY(w.upload("abi_legacy_hooks.wat", &p));
        auto a = w.run(p, cat({ one(command), u32le(duration), Bytes(48, 0) }));
        QVERIFY(a);
        QCOMPARE(str(a->outcome), str(Outcome::Trap));
        QCOMPARE(str(a->errorCode), str(execError(ExecutionError::BackendError)));
        const Message* err = replyTo(a->generated, a->message.id);
        QVERIFY(err);
        QCOMPARE(str(err->replyCode), str(execError(ExecutionError::BackendError)));
        // Rolled back: the flag set before the call is gone, nothing waits.
        QCOMPARE(w.u32(p, 0x500), 0u);
        QVERIFY(w.rt.waitlist().empty());
        QVERIFY(w.rt.tasks().empty());
    }
};

QTEST_GUILESS_MAIN(tst_Abi)
#include "tst_abi.moc"
