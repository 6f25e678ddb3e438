// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "tracereader.h"

#include "code/syscalltable.h"
#include "trace/pagecodec.h"
#include "trace/tracewriter.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>

namespace Gearscope {

namespace {
constexpr uint32_t GearPageSize = PageCodec::PageSize;

/// RAII statement for reads.
class Query
{
public:
    Query(sqlite3* db, const char* sql) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Query() { sqlite3_finalize(m_stmt); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    bool ok() const { return m_rc == SQLITE_OK; }
    int rc() const { return m_rc; }
    Query& bind(int i, int64_t v)
    {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    template <typename Tag> Query& bind(int i, const Id<Tag>& id)
    {
        sqlite3_bind_blob(m_stmt, i, id.bytes.data(), 32, SQLITE_TRANSIENT);
        return *this;
    }
    /// true while a row is available; errors end iteration and are kept in rc().
    bool next()
    {
        if (m_rc != SQLITE_OK && m_rc != SQLITE_ROW)
            return false;
        int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) {
            m_rc = SQLITE_ROW;
            return true;
        }
        m_rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        return false;
    }
    bool failed() const { return m_rc != SQLITE_OK && m_rc != SQLITE_ROW; }
    int64_t i64(int c) const { return sqlite3_column_int64(m_stmt, c); }
    bool isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }
    Bytes blob(int c) const
    {
        const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(m_stmt, c));
        int n = sqlite3_column_bytes(m_stmt, c);
        return p ? Bytes(p, p + n) : Bytes {};
    }
    std::string text(int c) const
    {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, c));
        return p ? std::string(p, size_t(sqlite3_column_bytes(m_stmt, c))) : std::string();
    }
    template <typename IdT> IdT id(int c) const
    {
        IdT out;
        Bytes b = blob(c);
        if (b.size() == 32)
            std::memcpy(out.bytes.data(), b.data(), 32);
        return out;
    }
    sqlite3_stmt* raw() const { return m_stmt; }
    /// Ready to run again with new bindings.
    void reset()
    {
        sqlite3_reset(m_stmt);
        if (m_rc == SQLITE_ROW)
            m_rc = SQLITE_OK;
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc;
};

const char* kindNames[] = { "init", "handle", "reply", "signal" };
DispatchKind dispatchKindFrom(const std::string& s)
{
    for (int i = 0; i < 4; ++i)
        if (s == kindNames[i])
            return DispatchKind(i);
    return DispatchKind::Handle;
}
TaskKind taskKindFrom(const std::string& s)
{
    for (int i = 0; i <= int(TaskKind::RemoveGasReservation); ++i)
        if (s == toString(TaskKind(i)))
            return TaskKind(i);
    return TaskKind::WakeMessage;
}
Outcome outcomeFrom(const std::string& s)
{
    for (int i = 0; i <= int(Outcome::TaskDone); ++i)
        if (s == toString(Outcome(i)))
            return Outcome(i);
    return Outcome::Success;
}
InputKind inputKindFrom(const std::string& s, bool* ok)
{
    *ok = true;
    for (int i = 0; i <= int(InputKind::EndBlock); ++i)
        if (s == toString(InputKind(i)))
            return InputKind(i);
    *ok = false;
    return InputKind::Send;
}
uint32_t bigEndian32(const QByteArray& b, int at)
{
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) | (uint32_t(uint8_t(b[at + 2])) << 8)
        | uint32_t(uint8_t(b[at + 3]));
}

/// What SQLite leaves to the first read, or never reports: an empty or short file, a file
/// that is not SQLite at all, and one cut off mid-page (SQLite reads a missing tail as
/// zeros, silently). Reads the header with QFile, read-only. "" when the file looks whole.
std::string checkFile(const QFileInfo& fi, const std::string& path)
{
    const qint64 size = fi.size();
    if (size == 0)
        return path + ": the file is empty, not a Gearscope trace";
    QFile f(fi.filePath());
    if (!f.open(QIODevice::ReadOnly))
        return path + ": cannot read: " + f.errorString().toStdString();
    const QByteArray h = f.read(100);
    if (h.size() < 100)
        return path + ": only " + std::to_string(size) + " bytes: a truncated file, not a Gearscope trace";
    if (std::memcmp(h.constData(), "SQLite format 3", 16) != 0)
        return path + ": not an SQLite file, so not a Gearscope trace";
    uint32_t pageSize = (uint32_t(uint8_t(h[16])) << 8) | uint8_t(h[17]);
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
        return path + ": the SQLite header is damaged (page size " + std::to_string(pageSize) + ")";
    // A live or killed recording keeps its newest pages in the -wal file; the main file may
    // lag behind its header until SQLite folds the log back in.
    const QFileInfo wal(fi.filePath() + QStringLiteral("-wal"));
    if (wal.exists() && wal.size() > 0)
        return {};
    if (size % pageSize != 0)
        return path + ": the file is truncated or damaged (" + std::to_string(size) + " bytes, not a whole number of "
            + std::to_string(pageSize) + "-byte pages)";
    // The header's page count is valid only while its change counter matches (file format §1.3.7).
    const uint32_t pages = bigEndian32(h, 28);
    if (pages > 0 && bigEndian32(h, 24) == bigEndian32(h, 92) && uint64_t(size) < uint64_t(pages) * pageSize)
        return path + ": the file is truncated (" + std::to_string(size) + " bytes; its header says "
            + std::to_string(uint64_t(pages) * pageSize) + ")";
    return {};
}

const char* internName(std::string_view s)
{
    // Syscall events carry static names; map recorded names back onto the table's strings.
    for (const auto& row : syscallTable())
        if (s == row.name)
            return row.name;
    return "unknown";
}

/** Parser for the two JSON shapes the writer produces (steps.syscalls, steps.changed_pages):
 *  arrays of unsigned integers and `[name,[args…],error]` triples without escapes in names.
 *  QJsonDocument costs more than the rest of a step's decoding together, and forEachStep reads
 *  whole traces; anything unexpected (a hand-edited trace) returns false and falls back to it. */
class FastJson
{
public:
    explicit FastJson(std::string_view s)
        : m_p(s.data())
        , m_end(s.data() + s.size())
    {
    }
    bool syscalls(std::vector<SyscallEvent>* out)
    {
        if (!eat('['))
            return false;
        if (eat(']'))
            return atEnd();
        do {
            SyscallEvent e;
            if (!eat('[') || !eat('"'))
                return false;
            const char* name = m_p;
            while (m_p < m_end && *m_p != '"' && *m_p != '\\')
                ++m_p;
            if (m_p >= m_end || *m_p != '"')
                return false;
            e.name = internName(std::string_view(name, size_t(m_p - name)));
            ++m_p;
            uint64_t err = 0;
            if (!eat(',') || !numbers(&e.args) || !eat(',') || !number(&err) || !eat(']'))
                return false;
            e.error = uint32_t(err);
            out->push_back(std::move(e));
        } while (eat(','));
        return eat(']') && atEnd();
    }
    bool numbers(std::vector<uint64_t>* out)
    {
        if (!eat('['))
            return false;
        if (eat(']'))
            return true;
        do {
            uint64_t v = 0;
            if (!number(&v))
                return false;
            out->push_back(v);
        } while (eat(','));
        return eat(']');
    }
    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }

private:
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\t' || *m_p == '\r'))
            ++m_p;
    }
    bool eat(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    bool number(uint64_t* v)
    {
        skipSpace();
        auto [end, ec] = std::from_chars(m_p, m_end, *v);
        if (ec != std::errc() || end == m_p)
            return false;
        m_p = end;
        return true;
    }
    const char* m_p;
    const char* m_end;
};

std::string_view textView(sqlite3_stmt* st, int c)
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
    return p ? std::string_view(p, size_t(sqlite3_column_bytes(st, c))) : std::string_view();
}

/// The columns step() and forEachStep() read, in the order decodeStep() expects.
constexpr const char* StepColumns
    = "step, block, type, task, kind, message_id, actor, outcome, error_code, trap, panic, gas_limit, gas_burned, "
      "syscall_count, syscalls, changed_pages, debug, world_ops, message_row";

/// A steps row (StepColumns) into `r`, all but the dispatched and generated messages' contents
/// (r.message.id is set). "" or what is wrong with the row.
std::string decodeStep(const Query& q, StepRecord& r)
{
    sqlite3_stmt* st = q.raw();
    r.index = uint64_t(q.i64(0));
    r.block = BlockNumber(q.i64(1));
    r.kind = textView(st, 2) == "task" ? StepKind::Task : StepKind::Dispatch;
    if (r.kind == StepKind::Task)
        r.taskKind = taskKindFrom(q.text(3));
    else
        r.dispatchKind = dispatchKindFrom(q.text(4));
    r.message.id = q.id<MessageId>(5);
    r.actor = q.id<ActorId>(6);
    r.outcome = outcomeFrom(q.text(7));
    if (!q.isNull(8)) {
        Bytes c = q.blob(8);
        if (c.size() == 4) {
            ReplyCode code;
            std::memcpy(code.bytes.data(), c.data(), 4);
            r.errorCode = code;
        }
    }
    r.trapMessage = q.text(9);
    r.panicPayload = q.blob(10);
    r.gasLimit = Gas(q.i64(11));
    r.gasBurned = Gas(q.i64(12));
    r.syscallCount = uint64_t(q.i64(13));
    const std::string_view sys = textView(st, 14);
    if (!FastJson(sys).syscalls(&r.syscalls)) {
        r.syscalls.clear();
        const QJsonArray calls = QJsonDocument::fromJson(QByteArray(sys.data(), qsizetype(sys.size()))).array();
        for (const auto& c : calls) {
            const QJsonArray a = c.toArray();
            SyscallEvent e;
            e.name = internName(a.at(0).toString().toStdString());
            for (const auto& v : a.at(1).toArray())
                e.args.push_back(uint64_t(v.toInteger()));
            e.error = uint32_t(a.at(2).toInteger());
            r.syscalls.push_back(std::move(e));
        }
    }
    const std::string_view pages = textView(st, 15);
    std::vector<uint64_t> pageNumbers;
    FastJson pj(pages);
    if (pj.numbers(&pageNumbers) && pj.atEnd()) {
        for (uint64_t p : pageNumbers)
            r.changedPages.push_back(uint32_t(p));
    } else {
        r.changedPages.clear();
        for (const auto& p : QJsonDocument::fromJson(QByteArray(pages.data(), qsizetype(pages.size()))).array())
            r.changedPages.push_back(uint32_t(p.toInteger()));
    }
    const std::string_view debug = textView(st, 16);
    if (!debug.empty() && debug != "[]")
        for (const auto& s : QJsonDocument::fromJson(QByteArray(debug.data(), qsizetype(debug.size()))).array())
            r.debug.push_back(s.toString().toStdString());
    const auto* ops = static_cast<const uint8_t*>(sqlite3_column_blob(st, 17));
    auto decoded = deserializeOps(ops ? Bytes(ops, ops + sqlite3_column_bytes(st, 17)) : Bytes {});
    if (!decoded)
        return "step " + std::to_string(r.index) + ": " + decoded.error();
    r.worldOps = std::move(decoded).value();
    return {};
}

/// The columns readMessage() expects after the id.
constexpr const char* MessageColumns
    = "source, destination, payload, value, gas_limit, reply_to, reply_code, signal_code, signal_from";

/// A messages row (MessageColumns from column `c`) into `m`.
void readMessage(const Query& q, int c, Message& m)
{
    m.source = q.id<ActorId>(c);
    m.destination = q.id<ActorId>(c + 1);
    m.payload = q.blob(c + 2);
    u128FromString(q.text(c + 3), &m.value);
    m.gasLimit = Gas(q.i64(c + 4));
    if (!q.isNull(c + 5)) {
        m.replyTo = q.id<MessageId>(c + 5);
        Bytes code = q.blob(c + 6);
        if (code.size() == 4)
            std::memcpy(m.replyCode.bytes.data(), code.data(), 4);
    }
    if (!q.isNull(c + 7))
        m.signalCode = uint32_t(q.i64(c + 7));
    if (!q.isNull(c + 8))
        m.signalFrom = q.id<MessageId>(c + 8);
}
} // namespace

class TraceReader::Impl
{
public:
    std::string path;
    sqlite3* db = nullptr;
    uint64_t steps = 0;
    uint64_t seed = 42;

    ~Impl()
    {
        if (db)
            sqlite3_close_v2(db);
    }

    std::string err(const std::string& what, int rc) const
    {
        std::string m = path + ": " + what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
            m += " (the file is damaged or not a Gearscope trace)";
        return m;
    }
};

TraceReader::TraceReader()
    : d(std::make_unique<Impl>())
{
}
TraceReader::~TraceReader() = default;

Result<std::unique_ptr<TraceReader>> TraceReader::open(const std::string& path)
{
    using R = Result<std::unique_ptr<TraceReader>>;
    QFileInfo fi(QString::fromStdString(path));
    if (!fi.exists())
        return R::failure(path + ": no such file");
    if (!fi.isFile())
        return R::failure(path + ": not a file");
    if (auto bad = checkFile(fi, path); !bad.empty())
        return R::failure(bad);
    std::unique_ptr<TraceReader> r(new TraceReader());
    Impl& d = *r->d;
    d.path = path;
    // Read-only: opening a trace must never change it (no recovery, no schema writes).
    int rc = sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK)
        return R::failure(d.err("cannot open", rc));
    int version = -1;
    {
        Query q(d.db, "PRAGMA user_version");
        if (!q.ok() || !q.next())
            return R::failure(d.err("not a readable SQLite file", q.rc()));
        version = int(q.i64(0));
    }
    if (version == 0)
        return R::failure(path + ": an SQLite file, but not a Gearscope trace (no schema version)");
    if (version > 0 && version < TraceWriter::SchemaVersion)
        return R::failure(path + ": trace schema version " + std::to_string(version)
            + " is older than this Gearscope reads (" + std::to_string(TraceWriter::SchemaVersion)
            + "); record the run again");
    if (version > TraceWriter::SchemaVersion)
        return R::failure(path + ": trace schema version " + std::to_string(version)
            + " is newer than this Gearscope reads (" + std::to_string(TraceWriter::SchemaVersion)
            + "); open it with a newer Gearscope");
    {
        Query q(d.db, "SELECT value FROM meta WHERE key='format'");
        if (!q.ok() || !q.next() || q.text(0) != "gearscope-trace")
            return R::failure(path + ": not a Gearscope trace (meta.format missing)"
                + (q.failed() ? ": " + d.err("read", q.rc()) : ""));
    }
    {
        Query q(d.db, "SELECT coalesce(max(step) + 1, 0) FROM steps");
        if (!q.ok() || !q.next())
            return R::failure(d.err("cannot read the steps table", q.rc()));
        d.steps = uint64_t(q.i64(0));
    }
    {
        Query q(d.db, "SELECT value FROM meta WHERE key='seed'");
        if (q.ok() && q.next()) {
            u128 s = 0;
            if (u128FromString(q.text(0), &s))
                d.seed = uint64_t(s);
        }
    }
    return R(std::move(r));
}

const std::string& TraceReader::path() const { return d->path; }
uint64_t TraceReader::seed() const { return d->seed; }
uint64_t TraceReader::stepCount() const { return d->steps; }

RuntimeConfig TraceReader::config() const
{
    RuntimeConfig c = configFromMeta(meta());
    c.seed = d->seed;
    return c;
}

std::map<std::string, std::string> TraceReader::meta() const
{
    std::map<std::string, std::string> m;
    Query q(d->db, "SELECT key, value FROM meta");
    while (q.next())
        m[q.text(0)] = q.text(1);
    return m;
}

Result<bool> TraceReader::forEachStep(
    uint64_t from, uint64_t to, const std::function<bool(const StepRecord&)>& visit) const
{
    using R = Result<bool>;
    to = std::min(to, stepCount());
    if (from >= to)
        return true;
    // One pass over the steps range and one over the messages those steps sent (both in key
    // order), merged; only the dispatched message is a lookup per step, by its primary key.
    Query steps(d->db,
        (std::string("SELECT ") + StepColumns + " FROM steps WHERE step >= ?1 AND step < ?2 ORDER BY step").c_str());
    Query sent(d->db,
        (std::string("SELECT created_step, id, ") + MessageColumns
            + " FROM messages WHERE created_step >= ?1 AND created_step < ?2 ORDER BY created_step, rowid")
            .c_str());
    Query byRow(d->db, (std::string("SELECT ") + MessageColumns + " FROM messages WHERE rowid = ?1").c_str());
    for (Query* q : { &steps, &sent, &byRow })
        if (!q->ok())
            return R::failure(d->err("cannot read steps", q->rc()));
    steps.bind(1, int64_t(from)).bind(2, int64_t(to));
    sent.bind(1, int64_t(from)).bind(2, int64_t(to));
    bool haveSent = sent.next();
    uint64_t expected = from;
    while (steps.next()) {
        StepRecord r;
        if (std::string e = decodeStep(steps, r); !e.empty())
            return R::failure(d->path + ": " + e);
        if (r.index != expected)
            return R::failure(d->path + ": step " + std::to_string(expected) + " is missing");
        ++expected;
        if (!steps.isNull(18)) {
            byRow.reset();
            byRow.bind(1, steps.i64(18));
            if (byRow.next())
                readMessage(byRow, 0, r.message);
            else if (byRow.failed())
                return R::failure(d->err("cannot read message", byRow.rc()));
        }
        while (haveSent && uint64_t(sent.i64(0)) < r.index)
            haveSent = sent.next();
        while (haveSent && uint64_t(sent.i64(0)) == r.index) {
            Message m;
            m.id = sent.id<MessageId>(1);
            readMessage(sent, 2, m);
            r.generated.push_back(std::move(m));
            haveSent = sent.next();
        }
        if (sent.failed())
            return R::failure(d->err("cannot read messages", sent.rc()));
        if (!visit(r))
            return false;
    }
    if (steps.failed())
        return R::failure(d->err("cannot read steps", steps.rc()));
    if (expected != to)
        return R::failure(d->path + ": step " + std::to_string(expected) + " is missing");
    return true;
}

Result<StepRecord> TraceReader::step(uint64_t index) const
{
    using R = Result<StepRecord>;
    Query q(d->db, (std::string("SELECT ") + StepColumns + " FROM steps WHERE step = ?1").c_str());
    if (!q.ok())
        return R::failure(d->err("cannot read steps", q.rc()));
    q.bind(1, int64_t(index));
    if (!q.next())
        return R::failure(q.failed() ? d->err("cannot read step " + std::to_string(index), q.rc())
                                     : d->path + ": no step " + std::to_string(index));
    StepRecord r;
    if (std::string e = decodeStep(q, r); !e.empty())
        return R::failure(d->path + ": " + e);
    {
        Query g(d->db,
            (std::string("SELECT id, ") + MessageColumns + " FROM messages WHERE created_step = ?1 ORDER BY rowid")
                .c_str());
        g.bind(1, int64_t(index));
        while (g.next()) {
            Message m;
            m.id = g.id<MessageId>(0);
            readMessage(g, 1, m);
            r.generated.push_back(std::move(m));
        }
        if (g.failed())
            return R::failure(d->err("cannot read messages", g.rc()));
    }
    // The full dispatched message comes from the messages table, by its row.
    if (!q.isNull(18)) {
        Query m(d->db, (std::string("SELECT ") + MessageColumns + " FROM messages WHERE rowid = ?1").c_str());
        m.bind(1, q.i64(18));
        if (m.next())
            readMessage(m, 0, r.message);
        else if (m.failed())
            return R::failure(d->err("cannot read message", m.rc()));
    }
    return r;
}

Result<Message> TraceReader::message(const MessageId& id) const
{
    using R = Result<Message>;
    Query q(d->db, (std::string("SELECT ") + MessageColumns + " FROM messages WHERE id = ?1").c_str());
    if (!q.ok())
        return R::failure(d->err("cannot read messages", q.rc()));
    q.bind(1, id);
    if (!q.next())
        return R::failure(q.failed() ? d->err("cannot read message", q.rc()) : d->path + ": no message " + id.hex());
    Message m;
    m.id = id;
    readMessage(q, 0, m);
    return m;
}

Result<std::vector<InputRecord>> TraceReader::inputs() const
{
    using R = Result<std::vector<InputRecord>>;
    Query q(d->db,
        "SELECT before_step, kind, user, target, code_id, name, salt, payload, value, gas_limit, message_id, "
        "replied_to, "
        "world_ops FROM inputs ORDER BY seq");
    if (!q.ok())
        return R::failure(d->err("cannot read inputs", q.rc()));
    std::vector<InputRecord> out;
    while (q.next()) {
        InputRecord in;
        in.beforeStep = uint64_t(q.i64(0));
        bool ok = false;
        in.kind = inputKindFrom(q.text(1), &ok);
        if (!ok)
            return R::failure(
                d->path + ": input " + std::to_string(out.size()) + ": unknown kind \"" + q.text(1) + "\"");
        in.user = q.id<ActorId>(2);
        in.target = q.id<ActorId>(3);
        in.code = q.id<CodeId>(4);
        in.name = q.text(5);
        in.salt = q.blob(6);
        in.payload = q.blob(7);
        u128FromString(q.text(8), &in.value);
        in.gasLimit = Gas(q.i64(9));
        in.message = q.id<MessageId>(10);
        in.repliedTo = q.id<MessageId>(11);
        auto ops = deserializeOps(q.blob(12));
        if (!ops)
            return R::failure(d->path + ": input " + std::to_string(out.size()) + ": " + ops.error());
        in.worldOps = std::move(ops).value();
        out.push_back(std::move(in));
    }
    if (q.failed())
        return R::failure(d->err("cannot read inputs", q.rc()));
    return out;
}

Result<std::map<CodeId, Bytes>> TraceReader::codes() const
{
    using R = Result<std::map<CodeId, Bytes>>;
    Query q(d->db, "SELECT code_id, bytes FROM codes");
    if (!q.ok())
        return R::failure(d->err("cannot read codes", q.rc()));
    std::map<CodeId, Bytes> out;
    while (q.next())
        out[q.id<CodeId>(0)] = q.blob(1);
    if (q.failed())
        return R::failure(d->err("cannot read codes", q.rc()));
    return out;
}

Result<WorldState> TraceReader::worldAt(uint64_t pos) const
{
    using R = Result<WorldState>;
    if (pos > d->steps)
        return R::failure(d->path + ": position " + std::to_string(pos) + " is past the end ("
            + std::to_string(d->steps) + " steps)");
    int64_t cpPos = -1;
    WorldState w;
    {
        Query q(d->db, "SELECT pos, world FROM checkpoints WHERE pos <= ?1 ORDER BY pos DESC LIMIT 1");
        if (!q.ok())
            return R::failure(d->err("cannot read checkpoints", q.rc()));
        q.bind(1, int64_t(pos));
        if (q.next()) {
            cpPos = q.i64(0);
            const Bytes c = q.blob(1);
            // zlib expands at most 1032:1, so a larger size header is damage; without this check a
            // corrupt header would make qUncompress allocate up to 4 GiB.
            const bool plausible = c.size() >= 4
                && ((size_t(c[0]) << 24) | (size_t(c[1]) << 16) | (size_t(c[2]) << 8) | c[3]) <= c.size() * 1032;
            const QByteArray u = plausible ? qUncompress(c.data(), qsizetype(c.size())) : QByteArray();
            auto world = WorldState::deserialize(Bytes(u.begin(), u.end()));
            if (!world)
                return R::failure(d->path + ": checkpoint at " + std::to_string(cpPos) + ": " + world.error());
            w = std::move(world).value();
        } else if (q.failed()) {
            return R::failure(d->err("cannot read checkpoints", q.rc()));
        }
    }
    // Without a checkpoint (a killed recording before its first step) start from nothing and
    // replay from the first input.
    const int64_t from = std::max<int64_t>(cpPos, 0);
    auto applyInputs = [&](int64_t lo, int64_t hi) -> Result<Ok> {
        // Inputs with lo < before_step <= hi (or lo <= when starting from scratch).
        Query q(d->db, "SELECT seq, world_ops FROM inputs WHERE before_step > ?1 AND before_step <= ?2 ORDER BY seq");
        if (!q.ok())
            return Result<Ok>::failure(d->err("cannot read inputs", q.rc()));
        q.bind(1, lo).bind(2, hi);
        while (q.next()) {
            auto ops = deserializeOps(q.blob(1));
            if (!ops)
                return Result<Ok>::failure(d->path + ": input " + std::to_string(q.i64(0)) + ": " + ops.error());
            auto a = w.apply(ops.value());
            if (!a)
                return Result<Ok>::failure(d->path + ": input " + std::to_string(q.i64(0)) + ": " + a.error());
        }
        if (q.failed())
            return Result<Ok>::failure(d->err("cannot read inputs", q.rc()));
        return Ok {};
    };
    if (cpPos < 0) {
        auto a = applyInputs(-1, 0);
        if (!a)
            return R::failure(a.error());
    }
    if (uint64_t(from) < pos) {
        Query q(d->db, "SELECT step, world_ops FROM steps WHERE step >= ?1 AND step < ?2 ORDER BY step");
        if (!q.ok())
            return R::failure(d->err("cannot read steps", q.rc()));
        q.bind(1, from).bind(2, int64_t(pos));
        // The inputs of the whole range in one read, applied after the step they follow.
        std::vector<std::pair<int64_t, Bytes>> inputs; // (before_step, ops)
        {
            Query iq(d->db,
                "SELECT before_step, world_ops FROM inputs WHERE before_step > ?1 AND before_step <= ?2 ORDER BY seq");
            if (!iq.ok())
                return R::failure(d->err("cannot read inputs", iq.rc()));
            iq.bind(1, from).bind(2, int64_t(pos));
            while (iq.next())
                inputs.emplace_back(iq.i64(0), iq.blob(1));
            if (iq.failed())
                return R::failure(d->err("cannot read inputs", iq.rc()));
        }
        size_t nextInput = 0;
        int64_t expected = from;
        while (q.next()) {
            const int64_t s = q.i64(0);
            if (s != expected)
                return R::failure(d->path + ": step " + std::to_string(expected) + " is missing");
            auto ops = deserializeOps(q.blob(1));
            if (!ops)
                return R::failure(d->path + ": step " + std::to_string(s) + ": " + ops.error());
            auto a = w.apply(ops.value());
            if (!a)
                return R::failure(d->path + ": step " + std::to_string(s) + ": " + a.error());
            while (nextInput < inputs.size() && inputs[nextInput].first <= s + 1) {
                auto iops = deserializeOps(inputs[nextInput].second);
                if (!iops)
                    return R::failure(d->path + ": input before step " + std::to_string(s + 1) + ": " + iops.error());
                auto ia = w.apply(iops.value());
                if (!ia)
                    return R::failure(d->path + ": input before step " + std::to_string(s + 1) + ": " + ia.error());
                ++nextInput;
            }
            ++expected;
        }
        if (q.failed())
            return R::failure(d->err("cannot read steps", q.rc()));
    }
    return w;
}

Result<Bytes> TraceReader::pageAt(const ActorId& program, uint32_t page, uint64_t pos) const
{
    using R = Result<Bytes>;
    // Newest versions first, back to the nearest keyframe; then forward through the diffs.
    Query q(d->db,
        "SELECT pos, kind, data FROM pages WHERE program = ?1 AND page = ?2 AND pos <= ?3 ORDER BY pos DESC LIMIT ?4");
    if (!q.ok())
        return R::failure(d->err("cannot read pages", q.rc()));
    q.bind(1, program).bind(2, int64_t(page)).bind(3, int64_t(pos)).bind(4, PageCodec::KeyframeInterval + 1);
    std::vector<std::pair<int, Bytes>> chain;
    bool keyframe = false;
    while (q.next()) {
        chain.emplace_back(int(q.i64(1)), q.blob(2));
        if (chain.back().first == PageCodec::Keyframe || chain.back().first == PageCodec::SparseKeyframe) {
            keyframe = true;
            break;
        }
    }
    if (q.failed())
        return R::failure(d->err("cannot read pages", q.rc()));
    Bytes data(GearPageSize, 0);
    if (chain.empty())
        return data;
    if (!keyframe)
        return R::failure(
            d->path + ": page " + std::to_string(page) + " of " + program.shortHex() + " has no keyframe");
    if (chain.back().first == PageCodec::SparseKeyframe) {
        if (auto a = PageCodec::applyDiff(data, chain.back().second); !a)
            return R::failure(d->path + ": page " + std::to_string(page) + ": " + a.error());
    } else {
        auto base = PageCodec::decompress(chain.back().second, GearPageSize);
        if (!base)
            return R::failure(d->path + ": page " + std::to_string(page) + ": " + base.error());
        data = std::move(base).value();
    }
    for (size_t i = chain.size() - 1; i-- > 0;) {
        auto a = PageCodec::applyDiff(data, chain[i].second);
        if (!a)
            return R::failure(d->path + ": page " + std::to_string(page) + ": " + a.error());
    }
    return data;
}

Result<Bytes> TraceReader::memoryAt(const ActorId& program, uint64_t pos, uint32_t memoryPages) const
{
    using R = Result<Bytes>;
    // Wasm32 memory is at most 65536 pages; a larger count is damage, not a 4 GiB+ allocation.
    if (memoryPages > 65536)
        return R::failure(
            d->path + ": memory of " + std::to_string(memoryPages) + " Wasm pages is impossible (damaged trace?)");
    Bytes mem(size_t(memoryPages) * 65536, 0);
    // Skip-scan over the (program, page, pos) key: one index probe per distinct page ever
    // written, instead of visiting every version (a long run has millions).
    std::vector<uint32_t> written;
    {
        Query q(d->db, "SELECT page FROM pages WHERE program = ?1 AND page > ?2 ORDER BY page LIMIT 1");
        if (!q.ok())
            return R::failure(d->err("cannot read pages", q.rc()));
        int64_t after = -1;
        for (;;) {
            Query probe(d->db, "SELECT page FROM pages WHERE program = ?1 AND page > ?2 ORDER BY page LIMIT 1");
            probe.bind(1, program).bind(2, after);
            if (!probe.next()) {
                if (probe.failed())
                    return R::failure(d->err("cannot read pages", probe.rc()));
                break;
            }
            // A page number that does not advance (text where a number belongs, a damaged index)
            // would make this loop forever (found by fuzzing).
            const int64_t page = probe.i64(0);
            if (page <= after || page > int64_t(UINT32_MAX))
                return R::failure(d->path + ": the pages table is damaged (page number \"" + probe.text(0) + "\" after "
                    + std::to_string(after) + ")");
            after = page;
            written.push_back(uint32_t(after));
        }
    }
    for (uint32_t page : written) {
        if (size_t(page + 1) * GearPageSize > mem.size())
            continue;
        auto p = pageAt(program, page, pos);
        if (!p)
            return R::failure(p.error());
        std::memcpy(mem.data() + size_t(page) * GearPageSize, p->data(), GearPageSize);
    }
    return mem;
}

Result<TraceReader::Table> TraceReader::query(const std::string& sql, size_t maxRows) const
{
    using R = Result<Table>;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(d->db, sql.c_str(), -1, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return R::failure(std::string("SQL error: ") + sqlite3_errmsg(d->db));
    if (!stmt)
        return R::failure("empty query");
    if (!sqlite3_stmt_readonly(stmt)) {
        sqlite3_finalize(stmt);
        return R::failure("only read-only queries are allowed on a trace");
    }
    Table t;
    const int cols = sqlite3_column_count(stmt);
    for (int c = 0; c < cols; ++c)
        t.columns.emplace_back(sqlite3_column_name(stmt, c));
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && t.rows.size() < maxRows) {
        std::vector<std::string> row;
        for (int c = 0; c < cols; ++c) {
            switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_NULL:
                row.emplace_back("NULL");
                break;
            case SQLITE_BLOB: {
                const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt, c));
                row.push_back("x'" + toHex(p, size_t(sqlite3_column_bytes(stmt, c))) + "'");
                break;
            }
            default: {
                const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                row.emplace_back(p ? p : "");
            }
            }
        }
        t.rows.push_back(std::move(row));
    }
    std::string error = rc == SQLITE_ROW || rc == SQLITE_DONE ? std::string() : sqlite3_errmsg(d->db);
    sqlite3_finalize(stmt);
    if (!error.empty())
        return R::failure("SQL error: " + error);
    return t;
}

} // namespace Gearscope
