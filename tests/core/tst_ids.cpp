// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "ids/ids.h"
#include "model/types.h"

#include <QProcess>
#include <QTest>

using namespace Gearscope;

namespace {

// The outside oracle: CPython's hashlib BLAKE2b-256. Each preimage is rebuilt here in Python
// straight from spec §1.3 (ASCII domain strings, struct.pack / int.to_bytes for LE integers),
// never from anything our C++ computed. Inputs arrive as hex ids and decimal integers on argv;
// `code` reads the raw wasm bytes from stdin (they can exceed one argv string's limit).
const char* const kOracle = R"PY(
import sys, struct, hashlib
kind, a = sys.argv[1], sys.argv[2:]
x = bytes.fromhex
def h(p): return hashlib.blake2b(p, digest_size=32).hexdigest()
def u128(hi, lo): return ((int(hi) << 64) | int(lo)).to_bytes(16, 'little')
if kind == 'raw':
    out = h(x(a[0]))
elif kind == 'rawlist':
    out = ' '.join(h(x(v)) for v in a)
elif kind == 'code':
    out = h(sys.stdin.buffer.read())
elif kind == 'user':
    out = h(b'program_from_user' + x(a[0]) + x(a[1]))
elif kind == 'wasm':
    out = h(b'program_from_wasm' + x(a[0]) + x(a[1]) + x(a[2]))
elif kind == 'external':
    out = h(b'external' + struct.pack('<I', int(a[0])) + x(a[1]) + u128(a[2], a[3]))
elif kind == 'outgoing':
    out = h(b'outgoing' + x(a[0]) + struct.pack('<I', int(a[1])))
elif kind == 'reply':
    out = h(b'reply' + x(a[0]))
elif kind == 'signal':
    out = h(b'signal' + x(a[0]))
elif kind == 'reservation':
    out = h(b'reservation' + x(a[0]) + struct.pack('<Q', int(a[1])))
elif kind == 'random':
    out = h(x(a[0]) + x(a[1]))
elif kind == 'system':
    out = (b'gear' * 8).hex()
elif kind == 'fromu64':
    out = (bytes(12) + int(a[0]).to_bytes(8, 'little') + bytes(12)).hex()
elif kind == 'u128dec':
    out = str((int(a[0]) << 64) | int(a[1]))
else:
    sys.exit('unknown kind ' + kind)
sys.stdout.write(out)
)PY";

/// Runs the oracle; returns its stdout (lowercase hex digest), or a null QByteArray on failure.
QByteArray oracle(const QStringList& args, const QByteArray& input = {})
{
    QProcess p;
    p.start(QStringLiteral("python3"), QStringList { QStringLiteral("-c"), QString::fromUtf8(kOracle) } + args);
    if (!p.waitForStarted(10000))
        return {};
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("oracle failed: %s", p.readAllStandardError().constData());
        return {};
    }
    return p.readAllStandardOutput().trimmed();
}

QString hexArg(const QByteArray& b) { return QString::fromLatin1(b.toHex()); }

/// Deterministic filler bytes (inputs only; both sides receive the same bytes).
QByteArray pattern(int size, uint32_t seed)
{
    QByteArray b(size, '\0');
    uint32_t s = seed * 2654435761u + 1;
    for (int i = 0; i < size; ++i) {
        s = s * 1103515245u + 12345u;
        b[i] = char(s >> 16);
    }
    return b;
}

QByteArray filled(int size, char c) { return QByteArray(size, c); }

Bytes toBytes(const QByteArray& b) { return Bytes(b.begin(), b.end()); }

template <typename IdT> IdT idOf(const QByteArray& b)
{
    Q_ASSERT(b.size() == 32);
    return IdT::fromBytes(reinterpret_cast<const uint8_t*>(b.constData()));
}

template <size_t N> QByteArray hexOf(const std::array<uint8_t, N>& a)
{
    return QByteArray(reinterpret_cast<const char*>(a.data()), int(N)).toHex();
}

u128 make128(quint64 hi, quint64 lo) { return (u128(hi) << 64) | lo; }

const QByteArray kZero = filled(32, '\0');
const QByteArray kOnes = filled(32, '\xff');

} // namespace

// Oracle-driven checks skip (loudly) when no python3 is around; the hand-written ones still run.
#define REQUIRE_ORACLE()                                                                                               \
    do {                                                                                                               \
        if (!m_python)                                                                                                 \
            QSKIP("python3 with hashlib.blake2b is not available: oracle checks skipped");                             \
    } while (0)

class tst_Ids : public QObject
{
    Q_OBJECT

    bool m_python = false;

private slots:
    void initTestCase()
    {
        // Sanity-check the oracle itself on the well-known BLAKE2b-256 of the empty string.
        const QByteArray empty = oracle({ QStringLiteral("raw"), QString() });
        m_python = !empty.isNull();
        if (m_python)
            QCOMPARE(empty, QByteArray("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"));
        else
            qWarning("python3 not runnable: the oracle-driven tests will be skipped");
    }

    // --- raw BLAKE2b-256 --------------------------------------------------------------------

    void blake2b256_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("abc") << QByteArray("abc");
        QTest::newRow("127") << pattern(127, 1);
        QTest::newRow("128 (one block)") << pattern(128, 2);
        QTest::newRow("129") << pattern(129, 3);
        QTest::newRow("1000") << pattern(1000, 4);
    }
    void blake2b256()
    {
        REQUIRE_ORACLE();
        QFETCH(QByteArray, input);
        const QByteArray expected = oracle({ QStringLiteral("raw"), hexArg(input) });
        QVERIFY(!expected.isNull());
        QCOMPARE(hexOf(Ids::blake2b256(toBytes(input))), expected);
        QCOMPARE(hexOf(Ids::blake2b256(reinterpret_cast<const uint8_t*>(input.constData()), size_t(input.size()))),
            expected);
    }

    /** Every length from empty to just past one block, with three fillers (all zeros, all ones
     *  — the carries of the word additions — and mixed bytes), against hashlib in one call: ids
     *  take the one-block path (core/ids/blake2b.cpp) up to 128 bytes and libsodium beyond. */
    void blake2b256EveryLength()
    {
        REQUIRE_ORACLE();
        QList<QByteArray> inputs;
        for (int n = 0; n <= 130; ++n) {
            inputs << filled(n, '\0') << filled(n, '\xff') << pattern(n, uint32_t(n) + 7);
        }
        QStringList args { QStringLiteral("rawlist") };
        for (const QByteArray& in : inputs)
            args << hexArg(in);
        const QList<QByteArray> expected = oracle(args).split(' ');
        QCOMPARE(expected.size(), inputs.size());
        for (int i = 0; i < inputs.size(); ++i) {
            const QByteArray& in = inputs[i];
            const QByteArray got
                = hexOf(Ids::blake2b256(reinterpret_cast<const uint8_t*>(in.constData()), size_t(in.size())));
            if (got != expected[i])
                QFAIL(qPrintable(QStringLiteral("length %1, input %2: got %3, hashlib %4")
                                     .arg(in.size())
                                     .arg(QString::fromLatin1(in.toHex()), QString::fromLatin1(got),
                                         QString::fromLatin1(expected[i]))));
        }
    }

    // --- CodeId ------------------------------------------------------------------------------

    void codeId_data()
    {
        QTest::addColumn<QByteArray>("wasm");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("wasm header") << QByteArray("\0asm\x01\0\0\0", 8);
        QTest::newRow("128 bytes") << pattern(128, 10);
        QTest::newRow("129 bytes") << pattern(129, 11);
        QTest::newRow("300 KiB") << pattern(300 * 1024, 12);
    }
    void codeId()
    {
        REQUIRE_ORACLE();
        QFETCH(QByteArray, wasm);
        const QByteArray expected = oracle({ QStringLiteral("code") }, wasm);
        QVERIFY(!expected.isNull());
        QCOMPARE(hexOf(Ids::codeId(toBytes(wasm)).bytes), expected);
    }

    // --- ActorId from a user upload -------------------------------------------------------------

    void programFromUser_data()
    {
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<QByteArray>("salt");
        QTest::newRow("zero code, empty salt") << kZero << QByteArray();
        QTest::newRow("pattern code, empty salt") << pattern(32, 20) << QByteArray();
        QTest::newRow("1-byte salt") << pattern(32, 21) << QByteArray("\x01", 1);
        QTest::newRow("salt = u64 LE 1") << pattern(32, 22) << QByteArray("\x01\0\0\0\0\0\0\0", 8);
        QTest::newRow("preimage exactly 128") << pattern(32, 23) << pattern(128 - 17 - 32, 24);
        QTest::newRow("ff code, 32-byte salt") << kOnes << pattern(32, 25);
        QTest::newRow("long salt 4096") << pattern(32, 26) << pattern(4096, 27);
    }
    void programFromUser()
    {
        REQUIRE_ORACLE();
        QFETCH(QByteArray, code);
        QFETCH(QByteArray, salt);
        const QByteArray expected = oracle({ QStringLiteral("user"), hexArg(code), hexArg(salt) });
        QVERIFY(!expected.isNull());
        QCOMPARE(hexOf(Ids::programFromUser(idOf<CodeId>(code), toBytes(salt)).bytes), expected);
    }

    // --- ActorId from gr_create_program* -------------------------------------------------------

    void programFromWasm_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<QByteArray>("salt");
        QTest::newRow("zeros, empty salt") << kZero << kZero << QByteArray();
        QTest::newRow("patterns, empty salt") << pattern(32, 30) << pattern(32, 31) << QByteArray();
        QTest::newRow("short salt") << pattern(32, 32) << pattern(32, 33) << QByteArray("salt");
        QTest::newRow("preimage exactly 128") << pattern(32, 34) << pattern(32, 35) << pattern(128 - 17 - 64, 36);
        QTest::newRow("ff, long salt 4096") << kOnes << kOnes << pattern(4096, 37);
    }
    void programFromWasm()
    {
        REQUIRE_ORACLE();
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, code);
        QFETCH(QByteArray, salt);
        const QByteArray expected = oracle({ QStringLiteral("wasm"), hexArg(message), hexArg(code), hexArg(salt) });
        QVERIFY(!expected.isNull());
        QCOMPARE(
            hexOf(Ids::programFromWasm(idOf<MessageId>(message), idOf<CodeId>(code), toBytes(salt)).bytes), expected);
    }

    void programIdsDifferByOrigin()
    {
        // Same code and salt: the user-upload and program-created derivations must not collide.
        const CodeId code = idOf<CodeId>(pattern(32, 38));
        QVERIFY(Ids::programFromUser(code, {}) != Ids::programFromWasm(MessageId {}, code, {}));
    }

    // --- MessageId of a user message -----------------------------------------------------------

    void external_data()
    {
        QTest::addColumn<quint32>("block");
        QTest::addColumn<QByteArray>("user");
        QTest::addColumn<quint64>("nonceHi");
        QTest::addColumn<quint64>("nonceLo");
        const QByteArray alice = QByteArray(12, '\0') + QByteArray("\x2a\0\0\0\0\0\0\0", 8) + QByteArray(12, '\0');
        QTest::newRow("block 0, nonce 0") << 0u << alice << quint64(0) << quint64(0);
        QTest::newRow("block 1, nonce 1 (gtest first)") << 1u << alice << quint64(0) << quint64(1);
        QTest::newRow("block 2^32-1") << 0xFFFFFFFFu << pattern(32, 40) << quint64(0) << quint64(7);
        QTest::newRow("block bytes distinct") << 0x01020304u << pattern(32, 41) << quint64(0) << quint64(2);
        QTest::newRow("nonce 2^64") << 5u << pattern(32, 42) << quint64(1) << quint64(0);
        QTest::newRow("nonce all 16 bytes distinct")
            << 6u << pattern(32, 43) << quint64(0x100F0E0D0C0B0A09ull) << quint64(0x0807060504030201ull);
        QTest::newRow("nonce u128 max") << 0xFFFFFFFFu << kOnes << ~quint64(0) << ~quint64(0);
        QTest::newRow("zero user, high nonce") << 1000u << kZero << quint64(0x8000000000000000ull) << quint64(0);
    }
    void external()
    {
        REQUIRE_ORACLE();
        QFETCH(quint32, block);
        QFETCH(QByteArray, user);
        QFETCH(quint64, nonceHi);
        QFETCH(quint64, nonceLo);
        const QByteArray expected = oracle({ QStringLiteral("external"), QString::number(block), hexArg(user),
            QString::number(nonceHi), QString::number(nonceLo) });
        QVERIFY(!expected.isNull());
        QCOMPARE(hexOf(Ids::external(block, idOf<ActorId>(user), make128(nonceHi, nonceLo)).bytes), expected);
    }

    // --- MessageId of a program's outgoing message ---------------------------------------------

    void outgoing_data()
    {
        QTest::addColumn<QByteArray>("current");
        QTest::addColumn<quint32>("nonce");
        QTest::newRow("nonce 0") << pattern(32, 50) << 0u;
        QTest::newRow("nonce 1") << pattern(32, 50) << 1u;
        QTest::newRow("nonce 1023") << pattern(32, 51) << 1023u;
        QTest::newRow("nonce bytes distinct") << pattern(32, 52) << 0x01020304u;
        QTest::newRow("nonce 2^32-1, ff id") << kOnes << 0xFFFFFFFFu;
        QTest::newRow("zero id") << kZero << 0u;
    }
    void outgoing()
    {
        REQUIRE_ORACLE();
        QFETCH(QByteArray, current);
        QFETCH(quint32, nonce);
        const QByteArray expected = oracle({ QStringLiteral("outgoing"), hexArg(current), QString::number(nonce) });
        QVERIFY(!expected.isNull());
        QCOMPARE(hexOf(Ids::outgoing(idOf<MessageId>(current), nonce).bytes), expected);
    }

    // --- reply and signal ids ------------------------------------------------------------------

    void replyAndSignal_data()
    {
        QTest::addColumn<QByteArray>("origin");
        QTest::newRow("zero") << kZero;
        QTest::newRow("ff") << kOnes;
        QTest::newRow("pattern a") << pattern(32, 60);
        QTest::newRow("pattern b") << pattern(32, 61);
    }
    void replyAndSignal()
    {
        REQUIRE_ORACLE();
        QFETCH(QByteArray, origin);
        const QByteArray expectedReply = oracle({ QStringLiteral("reply"), hexArg(origin) });
        const QByteArray expectedSignal = oracle({ QStringLiteral("signal"), hexArg(origin) });
        QVERIFY(!expectedReply.isNull());
        QVERIFY(!expectedSignal.isNull());
        QCOMPARE(hexOf(Ids::reply(idOf<MessageId>(origin)).bytes), expectedReply);
        QCOMPARE(hexOf(Ids::signal(idOf<MessageId>(origin)).bytes), expectedSignal);
        QVERIFY(expectedReply != expectedSignal);
    }

    // --- ReservationId -------------------------------------------------------------------------

    void reservation_data()
    {
        QTest::addColumn<QByteArray>("current");
        QTest::addColumn<quint64>("nonce");
        QTest::newRow("nonce 0") << pattern(32, 70) << quint64(0);
        QTest::newRow("nonce 1") << pattern(32, 70) << quint64(1);
        QTest::newRow("nonce 2^32") << pattern(32, 71) << quint64(0x100000000ull);
        QTest::newRow("nonce bytes distinct") << pattern(32, 72) << quint64(0x0102030405060708ull);
        QTest::newRow("nonce 2^64-1, ff id") << kOnes << ~quint64(0);
    }
    void reservation()
    {
        REQUIRE_ORACLE();
        QFETCH(QByteArray, current);
        QFETCH(quint64, nonce);
        const QByteArray expected = oracle({ QStringLiteral("reservation"), hexArg(current), QString::number(nonce) });
        QVERIFY(!expected.isNull());
        QCOMPARE(hexOf(Ids::reservation(idOf<MessageId>(current), nonce).bytes), expected);
    }

    // --- gr_random -----------------------------------------------------------------------------

    void random_data()
    {
        QTest::addColumn<QByteArray>("subject");
        QTest::addColumn<QByteArray>("epoch");
        QTest::newRow("zeros") << kZero << kZero;
        QTest::newRow("ff / zero") << kOnes << kZero;
        QTest::newRow("zero / ff (order matters)") << kZero << kOnes;
        QTest::newRow("patterns") << pattern(32, 80) << pattern(32, 81);
    }
    void random()
    {
        REQUIRE_ORACLE();
        QFETCH(QByteArray, subject);
        QFETCH(QByteArray, epoch);
        const QByteArray expected = oracle({ QStringLiteral("random"), hexArg(subject), hexArg(epoch) });
        QVERIFY(!expected.isNull());
        Hash s, e;
        std::memcpy(s.data(), subject.constData(), 32);
        std::memcpy(e.data(), epoch.constData(), 32);
        QCOMPARE(hexOf(Ids::random(s, e)), expected);
    }

    // --- constant and layout helpers -------------------------------------------------------------

    void systemActor()
    {
        const QByteArray ascii = QByteArray(reinterpret_cast<const char*>(Ids::systemActor().bytes.data()), 32);
        QCOMPARE(ascii, QByteArray("geargeargeargeargeargeargeargear"));
        REQUIRE_ORACLE();
        QCOMPARE(hexOf(Ids::systemActor().bytes), oracle({ QStringLiteral("system") }));
    }

    void fromU64_data()
    {
        QTest::addColumn<quint64>("value");
        QTest::newRow("0") << quint64(0);
        QTest::newRow("1") << quint64(1);
        QTest::newRow("42") << quint64(42);
        QTest::newRow("bytes distinct") << quint64(0x0102030405060708ull);
        QTest::newRow("2^64-1") << ~quint64(0);
    }
    void fromU64()
    {
        QFETCH(quint64, value);
        const ActorId id = ActorId::fromU64(value);
        // Hand-written expectation: bytes 12..20 carry the value LE, everything else is zero.
        for (int i = 0; i < 32; ++i) {
            const uint8_t want = (i >= 12 && i < 20) ? uint8_t(value >> (8 * (i - 12))) : 0;
            QCOMPARE(id.bytes[size_t(i)], want);
        }
        QCOMPARE(id.isZero(), value == 0);
        REQUIRE_ORACLE();
        QCOMPARE(hexOf(id.bytes), oracle({ QStringLiteral("fromu64"), QString::number(value) }));
    }

    // --- hex helpers (model/types.h) -------------------------------------------------------------

    void toHex()
    {
        QCOMPARE(QString::fromStdString(Gearscope::toHex(Bytes {})), QString());
        QCOMPARE(QString::fromStdString(Gearscope::toHex(Bytes { 0x00, 0xff, 0x0a, 0xA0 })), QString("00ff0aa0"));
        const QByteArray all = pattern(256, 90);
        const Bytes b = toBytes(all);
        QCOMPARE(QByteArray::fromStdString(Gearscope::toHex(b.data(), b.size())), all.toHex());
    }

    void fromHex_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << "" << true << QByteArray();
        QTest::newRow("bare 0x") << "0x" << true << QByteArray();
        QTest::newRow("lower") << "00ff0a" << true << QByteArray("\x00\xff\x0a", 3);
        QTest::newRow("upper") << "ABCDEF" << true << QByteArray("\xab\xcd\xef", 3);
        QTest::newRow("mixed case") << "aBcD" << true << QByteArray("\xab\xcd", 2);
        QTest::newRow("0x prefix") << "0x0102" << true << QByteArray("\x01\x02", 2);
        QTest::newRow("0X prefix") << "0X0102" << true << QByteArray("\x01\x02", 2);
        QTest::newRow("odd length") << "abc" << false << QByteArray();
        QTest::newRow("odd after prefix") << "0x123" << false << QByteArray();
        QTest::newRow("single digit") << "1" << false << QByteArray();
        QTest::newRow("bad digit g") << "0g" << false << QByteArray();
        QTest::newRow("bad digit late") << "0011zz" << false << QByteArray();
        QTest::newRow("double prefix") << "0x0x00" << false << QByteArray();
        QTest::newRow("x without 0") << "x0" << false << QByteArray();
        QTest::newRow("leading space") << " 0" << false << QByteArray();
        QTest::newRow("inner space") << "00 11 " << false << QByteArray();
        QTest::newRow("minus") << "-1" << false << QByteArray();
    }
    void fromHex()
    {
        QFETCH(QString, input);
        QFETCH(bool, ok);
        QFETCH(QByteArray, bytes);
        Bytes out;
        QCOMPARE(Gearscope::fromHex(input.toStdString(), &out), ok);
        if (ok)
            QCOMPARE(QByteArray(reinterpret_cast<const char*>(out.data()), int(out.size())), bytes);
    }

    /** Id order is std::array's byte-wise lexicographic order (maps of actors and messages
     *  iterate in it, so snapshots and traces depend on it): pairs that differ in one byte at
     *  every position, by one and by the sign bit, and random pairs. */
    void idOrderIsLexicographic()
    {
        std::vector<std::pair<ActorId, ActorId>> pairs;
        for (int pos = 0; pos < 32; ++pos) {
            for (uint8_t delta : { uint8_t(1), uint8_t(0x80), uint8_t(0xff) }) {
                ActorId a
                    = ActorId::fromBytes(reinterpret_cast<const uint8_t*>(pattern(32, uint32_t(pos)).constData()));
                ActorId b = a;
                b.bytes[size_t(pos)] = uint8_t(b.bytes[size_t(pos)] + delta);
                pairs.emplace_back(a, b);
            }
        }
        for (uint32_t seed = 0; seed < 200; ++seed) {
            QByteArray x = pattern(32, seed);
            QByteArray y = pattern(32, seed + 1000);
            if (seed % 3 == 0)
                y.replace(0, 16, x.left(16)); // a long common prefix
            pairs.emplace_back(ActorId::fromBytes(reinterpret_cast<const uint8_t*>(x.constData())),
                ActorId::fromBytes(reinterpret_cast<const uint8_t*>(y.constData())));
        }
        for (const auto& [a, b] : pairs) {
            QCOMPARE(a < b, a.bytes < b.bytes);
            QCOMPARE(b < a, b.bytes < a.bytes);
            QVERIFY(!(a < a));
        }
    }

    void idHexRoundTrip()
    {
        const QByteArray raw = pattern(32, 91);
        const MessageId id = idOf<MessageId>(raw);
        QCOMPARE(QByteArray::fromStdString(id.hex()), raw.toHex());
        QCOMPARE(QByteArray::fromStdString(id.shortHex()), raw.toHex().left(8));
        MessageId back;
        QVERIFY(MessageId::fromHex(id.hex(), &back));
        QVERIFY(back == id);
        QVERIFY(MessageId::fromHex("0x" + id.hex(), &back));
        QVERIFY(back == id);
        QVERIFY(!MessageId::fromHex(id.hex().substr(2), &back)); // 31 bytes
        QVERIFY(!MessageId::fromHex(id.hex() + "00", &back)); // 33 bytes
        QVERIFY(!MessageId::fromHex(std::string(63, '0') + "g", &back));
    }

    // --- u128 decimal helpers ----------------------------------------------------------------------

    void u128ToString_data()
    {
        QTest::addColumn<quint64>("hi");
        QTest::addColumn<quint64>("lo");
        QTest::addColumn<QString>("text");
        QTest::newRow("0") << quint64(0) << quint64(0) << "0";
        QTest::newRow("1") << quint64(0) << quint64(1) << "1";
        QTest::newRow("10") << quint64(0) << quint64(10) << "10";
        QTest::newRow("2^64-1") << quint64(0) << ~quint64(0) << "18446744073709551615";
        QTest::newRow("2^64") << quint64(1) << quint64(0) << "18446744073709551616";
        QTest::newRow("10^20") << quint64(5) << quint64(0x6BC75E2D63100000ull) << "100000000000000000000";
        QTest::newRow("u128 max") << ~quint64(0) << ~quint64(0) << "340282366920938463463374607431768211455";
    }
    void u128ToString()
    {
        QFETCH(quint64, hi);
        QFETCH(quint64, lo);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(Gearscope::u128ToString(make128(hi, lo))), text);
        u128 back = 0;
        QVERIFY(Gearscope::u128FromString(text.toStdString(), &back));
        QVERIFY(back == make128(hi, lo));
        if (m_python) // the decimal expectation itself, from Python's bignums
            QCOMPARE(
                QString::fromLatin1(oracle({ QStringLiteral("u128dec"), QString::number(hi), QString::number(lo) })),
                text);
    }

    void u128FromString_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<quint64>("hi");
        QTest::addColumn<quint64>("lo");
        QTest::newRow("0") << "0" << true << quint64(0) << quint64(0);
        QTest::newRow("leading zeros") << "007" << true << quint64(0) << quint64(7);
        QTest::newRow("2^64") << "18446744073709551616" << true << quint64(1) << quint64(0);
        QTest::newRow("max") << "340282366920938463463374607431768211455" << true << ~quint64(0) << ~quint64(0);
        QTest::newRow("max+1") << "340282366920938463463374607431768211456" << false << quint64(0) << quint64(0);
        QTest::newRow("2^129-1 (wraps twice)")
            << "680564733841876926926749214863536422911" << false << quint64(0) << quint64(0);
        QTest::newRow("39 nines") << QString(39, QLatin1Char('9')) << false << quint64(0) << quint64(0);
        QTest::newRow("40 digits") << "1" + QString(39, QLatin1Char('0')) << false << quint64(0) << quint64(0);
        QTest::newRow("empty") << "" << false << quint64(0) << quint64(0);
        QTest::newRow("minus") << "-1" << false << quint64(0) << quint64(0);
        QTest::newRow("plus") << "+1" << false << quint64(0) << quint64(0);
        QTest::newRow("space") << " 1" << false << quint64(0) << quint64(0);
        QTest::newRow("trailing space") << "1 " << false << quint64(0) << quint64(0);
        QTest::newRow("hex") << "0x10" << false << quint64(0) << quint64(0);
        QTest::newRow("letter") << "12a" << false << quint64(0) << quint64(0);
    }
    void u128FromString()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(quint64, hi);
        QFETCH(quint64, lo);
        u128 v = 0;
        QCOMPARE(Gearscope::u128FromString(text.toStdString(), &v), ok);
        if (ok) {
            QCOMPARE(quint64(v >> 64), hi);
            QCOMPARE(quint64(v), lo);
        }
    }
};

QTEST_GUILESS_MAIN(tst_Ids)
#include "tst_ids.moc"
