// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "tracewriter.h"

#include "trace/pagecodec.h"
#include "trace/traceschema.h"
#include "trace/worldstate.h"
#include "trace/zlibcompressor.h"

#include <QByteArray>
#include <QDateTime>
#include <QFile>

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <pthread.h>
#include <set>
#include <thread>
#include <type_traits>
#include <variant>

namespace Gearscope {

namespace {

/// Records waiting for the writer before the runtime waits. Small on purpose: the writer is
/// slower than the runtime, so the queue is full in any long run, and 8192 records (~150 MiB of
/// page copies in flight) cost the process ~30% more CPU than 256 (page faults on fresh heap,
/// cache misses; docs/performance.md, third round), while 256 still absorbs a burst of a block.
constexpr size_t MaxQueued = 256;
/// How long the writer keeps a transaction open while records keep coming. Every commit
/// rewrites the hot B-tree pages (roots, last leaves) into the WAL, so committing each small
/// batch cost more than the rows; a killed process loses at most this much of the run.
constexpr auto CommitInterval = std::chrono::milliseconds(100);
/// ...or after this many records, doubling with each commit up to MaxCommitRecords: a short
/// recording, or one whose disk fills up early, still commits its first steps.
constexpr size_t FirstCommitRecords = 64;
constexpr size_t MaxCommitRecords = 16384;
/// SQLite's page size for a trace (see create()).
constexpr uint64_t SqlitePageSize = 16384;

/// A prepared statement with typed binders; finalised with its owner.
class Statement
{
public:
    Statement() = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool prepare(sqlite3* db, const char* sql)
    {
        return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) == SQLITE_OK;
    }
    ~Statement()
    {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
    }
    Statement& blob(int i, const void* p, size_t n)
    {
        sqlite3_bind_blob64(m_stmt, i, p, n, SQLITE_STATIC);
        return *this;
    }
    Statement& blob(int i, const Bytes& b)
    {
        return blob(i, b.empty() ? "" : static_cast<const void*>(b.data()), b.size());
    }
    template <typename Tag> Statement& id(int i, const Id<Tag>& x) { return blob(i, x.bytes.data(), 32); }
    Statement& text(int i, const std::string& s)
    {
        sqlite3_bind_text64(m_stmt, i, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        return *this;
    }
    /// For a buffer that outlives run() (which clears the bindings): bound without a copy.
    Statement& textRef(int i, const std::string& s)
    {
        sqlite3_bind_text64(m_stmt, i, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
        return *this;
    }
    /// For a string with static storage (a literal, a toString() name): bound without a copy.
    Statement& literal(int i, const char* s)
    {
        sqlite3_bind_text64(m_stmt, i, s, std::strlen(s), SQLITE_STATIC, SQLITE_UTF8);
        return *this;
    }
    Statement& integer(int i, int64_t v)
    {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    Statement& null(int i)
    {
        sqlite3_bind_null(m_stmt, i);
        return *this;
    }
    /// Every caller binds every parameter before each run, so the bindings are not cleared (a
    /// static binding left behind is never read: it is replaced before the next step).
    int run()
    {
        int rc = sqlite3_step(m_stmt);
        sqlite3_reset(m_stmt);
        return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

/** Message id → rowid of its row, for every message stored so far. Open addressing in one flat
 *  array: a node-based hash map cost a cache miss and an allocation per message, and looking ids
 *  up is done several times per step (generated, queued, dispatched). Ids are hashes, so their
 *  first 8 bytes are the hash. */
class MessageRows
{
public:
    /// The row, or 0 (SQLite rowids start at 1).
    int64_t find(const MessageId& id) const
    {
        if (m_slots.empty())
            return 0;
        for (size_t i = slotOf(id);; i = (i + 1) & m_mask) {
            const Slot& s = m_slots[i];
            if (s.row == 0)
                return 0;
            if (s.id == id)
                return s.row;
        }
    }
    void insert(const MessageId& id, int64_t row)
    {
        if ((m_used + 1) * 10 > m_slots.size() * 7)
            grow();
        size_t i = slotOf(id);
        while (m_slots[i].row != 0)
            i = (i + 1) & m_mask;
        m_slots[i] = { id, row };
        ++m_used;
    }

private:
    struct Slot
    {
        MessageId id;
        int64_t row = 0;
    };
    size_t slotOf(const MessageId& id) const { return IdHash<MessageTag>()(id) & m_mask; }
    void grow()
    {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(old.empty() ? 64 : old.size() * 2, Slot {});
        m_mask = m_slots.size() - 1;
        m_used = 0;
        for (const Slot& s : old)
            if (s.row != 0)
                insert(s.id, s.row);
    }
    std::vector<Slot> m_slots;
    size_t m_mask = 0, m_used = 0;
};

void appendJsonString(std::string& out, const std::string& s)
{
    out += '"';
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += char(c);
        }
    }
    out += '"';
}

void appendNumber(std::string& out, uint64_t v)
{
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec; // 24 bytes hold every uint64_t
    out.append(buf, end);
}

const char* kindName(DispatchKind k) { return toString(k); }

} // namespace

const char* toString(InputKind k)
{
    switch (k) {
    case InputKind::SubmitCode:
        return "submit_code";
    case InputKind::AddUser:
        return "add_user";
    case InputKind::Upload:
        return "upload";
    case InputKind::Send:
        return "send";
    case InputKind::Reply:
        return "reply";
    case InputKind::Claim:
        return "claim";
    case InputKind::IdleBlock:
        return "idle_block";
    case InputKind::EndBlock:
        return "end_block";
    }
    return "?";
}

namespace {
/// One RuntimeConfig field: its meta key and how to read and write it.
struct ConfigField
{
    const char* key;
    std::function<std::string(const RuntimeConfig&)> get;
    std::function<bool(RuntimeConfig&, const std::string&)> set;
};

template <typename T> ConfigField configField(const char* key, T RuntimeConfig::*member)
{
    return { key, [member](const RuntimeConfig& c) { return u128ToString(u128(c.*member)); },
        [member](RuntimeConfig& c, const std::string& v) {
            u128 x = 0;
            if (!u128FromString(v, &x))
                return false;
            // numeric_limits knows no u128 in strict C++17; every u128 fits anyway.
            if constexpr (!std::is_same_v<T, u128>)
                if (x > u128(std::numeric_limits<T>::max()))
                    return false;
            c.*member = T(x);
            return true;
        } };
}

const std::vector<ConfigField>& configFields()
{
    static const std::vector<ConfigField> fields = {
        configField("config.block_gas_allowance", &RuntimeConfig::blockGasAllowance),
        configField("config.max_user_gas_limit", &RuntimeConfig::maxUserGasLimit),
        configField("config.mailbox_threshold", &RuntimeConfig::mailboxThreshold),
        configField("config.existential_deposit", &RuntimeConfig::existentialDeposit),
        configField("config.value_per_gas", &RuntimeConfig::valuePerGas),
        configField("config.default_user_balance", &RuntimeConfig::defaultUserBalance),
        configField("config.block_duration_ms", &RuntimeConfig::blockDurationMs),
        configField("config.genesis_timestamp_ms", &RuntimeConfig::genesisTimestampMs),
        configField("config.max_payload_size", &RuntimeConfig::maxPayloadSize),
        configField("config.max_outgoing_messages", &RuntimeConfig::maxOutgoingMessages),
        configField("config.max_outgoing_bytes", &RuntimeConfig::maxOutgoingBytes),
        configField("config.max_program_pages", &RuntimeConfig::maxProgramPages),
        configField("config.max_reservations", &RuntimeConfig::maxReservations),
        configField("config.max_actors", &RuntimeConfig::maxActors),
        configField("config.max_queue_length", &RuntimeConfig::maxQueueLength),
        configField("config.max_codes", &RuntimeConfig::maxCodes),
        configField("config.max_code_bytes", &RuntimeConfig::maxCodeBytes),
        configField("config.max_mailbox_size", &RuntimeConfig::maxMailboxSize),
        configField("config.max_user_log_messages", &RuntimeConfig::maxUserLogMessages),
        configField("config.max_user_log_bytes", &RuntimeConfig::maxUserLogBytes),
        configField("config.max_debug_bytes_per_step", &RuntimeConfig::maxDebugBytesPerStep),
        configField("config.max_debug_lines_per_step", &RuntimeConfig::maxDebugLinesPerStep),
        configField("config.max_syscall_events_per_step", &RuntimeConfig::maxSyscallEventsPerStep),
        configField("config.record_syscalls", &RuntimeConfig::recordSyscalls),
    };
    return fields;
}
} // namespace

std::map<std::string, std::string> configToMeta(const RuntimeConfig& config)
{
    std::map<std::string, std::string> out;
    out["seed"] = std::to_string(config.seed);
    for (const auto& f : configFields())
        out[f.key] = f.get(config);
    return out;
}

RuntimeConfig configFromMeta(const std::map<std::string, std::string>& meta)
{
    RuntimeConfig config;
    if (auto it = meta.find("seed"); it != meta.end()) {
        u128 s = 0;
        if (u128FromString(it->second, &s) && s <= u128(std::numeric_limits<uint64_t>::max()))
            config.seed = uint64_t(s);
    }
    for (const auto& f : configFields())
        if (auto it = meta.find(f.key); it != meta.end())
            f.set(config, it->second);
    return config;
}

class TraceWriter::Impl
{
public:
    using Record = std::variant<InputRecord, StepRecord>;

    std::string path;
    uint64_t maxBytes = 0; ///< Meta::maxBytes
    sqlite3* db = nullptr;
    Statement insMeta, insCode, insActor, insMessage, insInput, insStep, insPage, insCheckpoint;

    std::thread worker;
    mutable std::mutex mutex;
    std::condition_variable wake, space;
    /// The first `queued` records are waiting; the rest are the writer's last batch, written and
    /// left constructed: the runtime's thread copies the next steps over them, reusing their
    /// vectors and strings. A copy made and freed by the same thread costs a fraction of one
    /// allocated here and freed by the writer (docs/performance.md, third round).
    std::vector<Record> queue;
    size_t queued = 0;
    /// Appends `r` (caller holds the mutex), over a spent record where there is one.
    template <typename R> void enqueue(const R& r)
    {
        if (queued < queue.size()) {
            if (R* spent = std::get_if<R>(&queue[queued]))
                *spent = r;
            else
                queue[queued] = r;
        } else {
            queue.emplace_back(r);
        }
        ++queued;
    }
    bool finishing = false;
    bool syncWanted = false; ///< sync() waits for the writer to commit what is queued
    std::string error;
    std::string pageWriteError; ///< set by failPageWrite (writer thread)

    // Writer-thread state.
    WorldState mirror;
    struct PageVersion
    {
        /// The latest version, whole: a PageWrite brings only the chunks that changed.
        Bytes data = Bytes(PageCodec::PageSize, 0);
        uint64_t versions = 0;
    };
    std::map<std::pair<ActorId, uint32_t>, PageVersion> pages;
    std::set<ActorId> actors;
    /// Messages stored so far, with their rowid (steps.message_row). The table has no unique key
    /// while recording; this map is what keeps each message to one row.
    MessageRows knownMessages;
    const Bytes zeroPage = Bytes(PageCodec::PageSize, 0);
    uint64_t stepsWritten = 0;
    /// Below every real position: the initial checkpoint is at -1, which must not look written.
    int64_t lastCheckpoint = std::numeric_limits<int64_t>::min();
    int64_t inputSeq = 0;
    std::string sysJson, pagesJson, debugJson; ///< reused: no allocation per step
    std::string valueText; ///< a message's value while its row is inserted
    Bytes opsBuffer;
    ZlibCompressor zlib; ///< checkpoints and keyframes: one zlib stream for the whole recording
    Bytes compressed; ///< its output, reused

    ~Impl()
    {
        if (db)
            sqlite3_close_v2(db);
    }

    /// What a failed write means for the user: SQLite says only "disk I/O error" when a write
    /// hits a file size limit, and its saved errno is often gone by the time we ask.
    std::string hint(int rc) const
    {
        const int e = db ? sqlite3_system_errno(db) : 0;
        const std::string os = e ? std::string(": ") + std::strerror(e) : std::string();
        switch (rc & 0xff) {
        case SQLITE_FULL:
            if (maxBytes)
                return " (the trace size limit of " + std::to_string(maxBytes)
                    + " bytes was reached, or the disk is full" + os + ")";
            return " (the disk is full" + os + ")";
        case SQLITE_IOERR:
            return " (a write failed: the disk is full, a file size limit was hit or the device failed" + os + ")";
        case SQLITE_CANTOPEN:
            return " (the folder is missing or not writable" + os + ")";
        case SQLITE_READONLY:
            return " (the file or folder is read-only" + os + ")";
        default:
            return os.empty() ? std::string() : " (" + os.substr(2) + ")";
        }
    }

    std::string sqliteError(const char* what, int rc) const
    {
        return path + ": " + what + ": " + sqlite3_errstr(rc) + hint(rc);
    }

    bool exec(const char* sql, std::string* err)
    {
        char* e = nullptr;
        if (int rc = sqlite3_exec(db, sql, nullptr, nullptr, &e); rc != SQLITE_OK) {
            *err = path + ": " + (e ? e : "sqlite error") + hint(rc);
            sqlite3_free(e);
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- writer thread
    void run()
    {
        std::vector<Record> batch;
        size_t batchSize = 0;
        bool inTransaction = false;
        auto commitBy = std::chrono::steady_clock::now();
        size_t commitAfter = FirstCommitRecords, inThisTransaction = 0;
        auto fail = [&](std::string err) {
            std::lock_guard<std::mutex> lock(mutex);
            error = std::move(err);
            queued = 0;
            finishing = true;
            space.notify_all();
        };
        for (;;) {
            bool done = false;
            {
                std::unique_lock<std::mutex> lock(mutex);
                auto ready = [&] { return queued > 0 || finishing || syncWanted; };
                if (inTransaction)
                    wake.wait_until(lock, commitBy, ready);
                else
                    wake.wait(lock, ready);
                done = queued == 0 && finishing;
                batch.swap(queue); // the runtime's thread gets the spent records back
                batchSize = queued;
                queued = 0;
            }
            space.notify_all();
            if (batchSize > 0) {
                if (!inTransaction) {
                    std::string err;
                    if (!exec("BEGIN", &err))
                        return fail(err);
                    inTransaction = true;
                    commitBy = std::chrono::steady_clock::now() + CommitInterval;
                    inThisTransaction = 0;
                }
                inThisTransaction += batchSize;
                if (std::string err = writeBatch(batch, batchSize); !err.empty()) {
                    std::string ignored;
                    exec("ROLLBACK", &ignored);
                    return fail(err);
                }
            }
            // Commit when the interval is over, when the runtime has gone quiet (nothing queued:
            // a paused run shows every step), and before finishing.
            bool quiet, syncNow;
            {
                std::lock_guard<std::mutex> lock(mutex);
                quiet = queued == 0;
                syncNow = syncWanted && quiet;
            }
            const bool full = inThisTransaction >= commitAfter;
            if (inTransaction && (quiet || done || full || std::chrono::steady_clock::now() >= commitBy)) {
                if (quiet && !syncNow && !done && !full && std::chrono::steady_clock::now() < commitBy) {
                    // Give the runtime the rest of the interval to add more to this transaction.
                    std::unique_lock<std::mutex> lock(mutex);
                    if (wake.wait_until(lock, commitBy, [&] { return queued > 0 || finishing || syncWanted; }))
                        continue;
                }
                int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
                inTransaction = false;
                commitAfter = std::min(commitAfter * 2, MaxCommitRecords);
                if (rc != SQLITE_OK) {
                    std::string e = sqliteError("committing to the trace failed", rc);
                    std::string ignored;
                    exec("ROLLBACK", &ignored);
                    return fail(e);
                }
            }
            if (syncNow && !inTransaction) {
                {
                    std::lock_guard<std::mutex> lock(mutex);
                    syncWanted = false;
                }
                space.notify_all();
            }
            if (done && !inTransaction)
                return;
        }
    }

    std::string writeBatch(std::vector<Record>& batch, size_t n)
    {
        for (size_t i = 0; i < n; ++i) {
            Record& rec = batch[i];
            int rc = std::holds_alternative<InputRecord>(rec) ? writeInput(std::get<InputRecord>(rec))
                                                              : writeStep(std::get<StepRecord>(rec));
            if (rc != SQLITE_OK && !pageWriteError.empty())
                return path + ": writing the trace failed: " + pageWriteError;
            if (rc != SQLITE_OK)
                return sqliteError("writing the trace failed", rc);
        }
        return {};
    }

    int writeMessage(const Message& m, DispatchKind kind, int64_t pos, int64_t createdStep = -1)
    {
        // Most messages are seen several times (generated, queued, dispatched): one row each.
        if (knownMessages.find(m.id))
            return SQLITE_OK;
        insMessage.id(1, m.id).literal(2, kindName(kind)).id(3, m.source).id(4, m.destination).blob(5, m.payload);
        valueText = u128ToString(m.value); // short values stay in the string's own buffer
        insMessage.textRef(6, valueText).integer(7, int64_t(m.gasLimit));
        if (m.replyTo) {
            insMessage.id(8, *m.replyTo).blob(9, m.replyCode.bytes.data(), 4).text(10, m.replyCode.toString());
        } else {
            insMessage.null(8).null(9).null(10);
        }
        if (m.signalFrom)
            insMessage.integer(11, m.signalCode).id(14, *m.signalFrom);
        else
            insMessage.null(11).null(14);
        insMessage.integer(12, pos);
        if (createdStep >= 0)
            insMessage.integer(13, createdStep);
        else
            insMessage.null(13);
        const int rc = insMessage.run();
        if (rc == SQLITE_OK)
            knownMessages.insert(m.id, sqlite3_last_insert_rowid(db));
        return rc;
    }

    static DispatchKind kindOf(const Message& m)
    {
        return m.signalFrom ? DispatchKind::Signal : m.replyTo ? DispatchKind::Reply : DispatchKind::Handle;
    }

    /// Messages, actors and the mirror, from a record's world ops.
    int absorbOps(const WorldOps& ops, int64_t pos)
    {
        using namespace WorldOp;
        for (const auto& op : ops) {
            int rc = SQLITE_OK;
            if (auto* o = std::get_if<QueuePushBack>(&op))
                rc = writeMessage(o->dispatch.message, o->dispatch.kind, pos);
            else if (auto* o = std::get_if<QueuePushFront>(&op))
                rc = writeMessage(o->dispatch.message, o->dispatch.kind, pos);
            else if (auto* o = std::get_if<WaitAdd>(&op))
                rc = writeMessage(o->entry.message, o->entry.kind, pos);
            else if (auto* o = std::get_if<MailboxAdd>(&op))
                rc = writeMessage(o->entry.message, DispatchKind::Handle, pos);
            else if (auto* o = std::get_if<UserLogAppend>(&op))
                rc = writeMessage(o->message, kindOf(o->message), pos);
            else if (auto* o = std::get_if<SetProgram>(&op)) {
                if (actors.insert(o->program.id).second) {
                    insActor.id(1, o->program.id)
                        .literal(2, "program")
                        .text(3, o->program.name)
                        .id(4, o->program.codeId);
                    rc = insActor.integer(5, pos).run();
                }
            } else if (auto* o = std::get_if<SetUser>(&op)) {
                if (actors.insert(o->user.id).second) {
                    insActor.id(1, o->user.id).literal(2, "user").text(3, o->user.name).null(4);
                    rc = insActor.integer(5, pos).run();
                }
            }
            if (rc != SQLITE_OK)
                return rc;
        }
        auto applied = mirror.apply(ops);
        if (!applied) {
            // The recorder's own mirror disagrees with the runtime: a bug, not bad input. Keep
            // recording (the trace stays useful) but say so in the meta table.
            insMeta.text(1, "mirror_error").text(2, applied.error());
            insMeta.run();
        }
        return SQLITE_OK;
    }

    int writePages(const std::vector<PageWrite>& writes, int64_t pos)
    {
        for (const auto& w : writes) {
            auto& pv = pages[{ w.program, w.page }];
            Bytes data;
            int kind;
            if (pv.versions % PageCodec::KeyframeInterval == 0) {
                if (!w.applyTo(pv.data.data()))
                    return failPageWrite(w);
                // Most pages are mostly zeros: their runs against a zero page are smaller than
                // zlib's output and cost a fraction of its time.
                data = PageCodec::diff(zeroPage, pv.data);
                kind = PageCodec::SparseKeyframe;
                if (data.size() > PageCodec::PageSize / 8) {
                    kind = PageCodec::Keyframe;
                    zlib.compress(pv.data.data(), pv.data.size(), data);
                    if (data.empty())
                        return SQLITE_NOMEM; // zlib fails only when out of memory
                }
            } else {
                kind = PageCodec::Diff;
                auto d = PageCodec::diffChunks(pv.data, w.data, w.chunkMask);
                if (!d || !w.applyTo(pv.data.data()))
                    return failPageWrite(w);
                data = std::move(d).value();
            }
            pv.versions++;
            insPage.id(1, w.program).integer(2, w.page).integer(3, pos).integer(4, kind).blob(5, data);
            if (int rc = insPage.run(); rc != SQLITE_OK)
                return rc;
        }
        return SQLITE_OK;
    }

    /// A page write whose bytes do not match its chunk mask: a runtime bug. The run stops
    /// recording with the reason rather than storing a page it cannot rebuild.
    int failPageWrite(const PageWrite& w)
    {
        pageWriteError = "page " + std::to_string(w.page) + " of program " + w.program.shortHex() + ": "
            + std::to_string(w.data.size()) + " bytes for chunk mask " + std::to_string(w.chunkMask);
        return SQLITE_MISUSE;
    }

    int writeCheckpoint(int64_t pos)
    {
        if (pos == lastCheckpoint)
            return SQLITE_OK;
        const Bytes world = mirror.serialize();
        zlib.compress(world.data(), world.size(), compressed);
        if (compressed.empty())
            return SQLITE_NOMEM; // zlib fails only when out of memory
        insCheckpoint.integer(1, pos).blob(2, compressed);
        lastCheckpoint = pos;
        return insCheckpoint.run();
    }

    int writeInput(InputRecord& in)
    {
        const int64_t pos = int64_t(in.beforeStep);
        insInput.integer(1, inputSeq++).integer(2, pos).literal(3, toString(in.kind)).id(4, in.user).id(5, in.target);
        insInput.id(6, in.code).text(7, in.name).blob(8, in.salt).blob(9, in.payload).text(10, u128ToString(in.value));
        insInput.integer(11, int64_t(in.gasLimit)).id(12, in.message).id(13, in.repliedTo);
        serializeOpsInto(in.worldOps, opsBuffer);
        insInput.blob(14, opsBuffer);
        if (int rc = insInput.run(); rc != SQLITE_OK)
            return rc;
        if (in.kind == InputKind::SubmitCode && !in.codeBytes.empty()) {
            insCode.id(1, in.code).text(2, in.name).blob(3, in.codeBytes);
            if (int rc = insCode.run(); rc != SQLITE_OK)
                return rc;
        }
        if (int rc = absorbOps(in.worldOps, pos); rc != SQLITE_OK)
            return rc;
        return writePages(in.pageWrites, pos);
    }

    int writeStep(StepRecord& r)
    {
        const int64_t step = int64_t(r.index);
        if (step % int64_t(CheckpointInterval) == 0) {
            // The world at pos == step: everything before this step, inputs included.
            if (int rc = writeCheckpoint(step); rc != SQLITE_OK)
                return rc;
        }
        // Generated messages first, so they carry the step that created them (the dispatch and
        // world ops below would insert the same ids without it); the dispatched message before
        // the step row, which points at its row.
        for (const auto& g : r.generated)
            if (int rc = writeMessage(g, kindOf(g), step + 1, step); rc != SQLITE_OK)
                return rc;
        if (r.kind == StepKind::Dispatch)
            if (int rc = writeMessage(r.message, r.dispatchKind, step); rc != SQLITE_OK)
                return rc;
        std::string& sys = sysJson;
        sys.assign(1, '[');
        for (size_t i = 0; i < r.syscalls.size(); ++i) {
            const auto& s = r.syscalls[i];
            if (i)
                sys += ',';
            sys += "[\"";
            sys += s.name;
            sys += "\",[";
            for (size_t k = 0; k < s.args.size(); ++k) {
                if (k)
                    sys += ',';
                appendNumber(sys, s.args[k]);
            }
            sys += "],";
            appendNumber(sys, s.error);
            sys += ']';
        }
        sys += ']';
        pagesJson.assign(1, '[');
        for (size_t i = 0; i < r.changedPages.size(); ++i) {
            if (i)
                pagesJson += ',';
            appendNumber(pagesJson, r.changedPages[i]);
        }
        pagesJson += ']';
        debugJson.assign(1, '[');
        for (size_t i = 0; i < r.debug.size(); ++i) {
            if (i)
                debugJson += ',';
            appendJsonString(debugJson, r.debug[i]);
        }
        debugJson += ']';

        insStep.integer(1, step).integer(2, r.block).literal(3, r.kind == StepKind::Dispatch ? "dispatch" : "task");
        if (r.kind == StepKind::Task)
            insStep.literal(4, toString(r.taskKind)).null(5);
        else
            insStep.null(4).literal(5, toString(r.dispatchKind));
        insStep.id(6, r.message.id).id(7, r.actor).literal(8, toString(r.outcome));
        if (r.errorCode)
            insStep.blob(9, r.errorCode->bytes.data(), 4).text(10, r.errorCode->toString());
        else
            insStep.null(9).null(10);
        if (r.trapMessage.empty())
            insStep.null(11);
        else
            insStep.text(11, r.trapMessage);
        if (r.panicPayload.empty())
            insStep.null(12);
        else
            insStep.blob(12, r.panicPayload);
        insStep.integer(13, int64_t(r.gasLimit)).integer(14, int64_t(r.gasBurned)).integer(15, int64_t(r.syscallCount));
        insStep.textRef(16, sys).textRef(17, pagesJson).textRef(18, debugJson);
        serializeOpsInto(r.worldOps, opsBuffer);
        insStep.blob(19, opsBuffer);
        if (const int64_t row = knownMessages.find(r.message.id))
            insStep.integer(20, row);
        else
            insStep.null(20);
        if (int rc = insStep.run(); rc != SQLITE_OK)
            return rc;
        if (int rc = absorbOps(r.worldOps, step + 1); rc != SQLITE_OK)
            return rc;
        if (int rc = writePages(r.pageWrites, step + 1); rc != SQLITE_OK)
            return rc;
        stepsWritten = uint64_t(step) + 1;
        return SQLITE_OK;
    }
};

TraceWriter::TraceWriter()
    : d(std::make_unique<Impl>())
{
}

TraceWriter::~TraceWriter()
{
    if (d->worker.joinable())
        (void)finish();
}

Result<std::unique_ptr<TraceWriter>> TraceWriter::create(
    const std::string& path, const Meta& meta, const WorldState& initial)
{
    using R = Result<std::unique_ptr<TraceWriter>>;
    // A new recording replaces an old file of the same name, WAL side files included.
    for (const char* suffix : { "", "-wal", "-shm", "-journal" }) {
        const QString f = QString::fromStdString(path + suffix);
        if (QFile::exists(f) && !QFile::remove(f))
            return R::failure(path + suffix + ": cannot replace the existing file");
    }
    std::unique_ptr<TraceWriter> w(new TraceWriter());
    Impl& d = *w->d;
    d.path = path;
    // A trace that could not be set up is no trace: leave no half-made file behind.
    auto fail = [&](std::string msg) {
        sqlite3_close_v2(d.db); // a zombie until the prepared statements go with `w`
        d.db = nullptr;
        for (const char* suffix : { "", "-wal", "-shm", "-journal" })
            QFile::remove(QString::fromStdString(path + suffix));
        // Every message here starts "path: "; say in each that creating the trace failed.
        const std::string prefix = path + ": cannot create the trace";
        if (msg.rfind(prefix, 0) != 0)
            msg = prefix + ": " + (msg.rfind(path + ": ", 0) == 0 ? msg.substr(path.size() + 2) : msg);
        return R::failure(std::move(msg));
    };
    int rc = sqlite3_open_v2(
        path.c_str(), &d.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK)
        return fail(d.sqliteError("cannot create the trace", rc));
    std::string err;
    d.maxBytes = meta.maxBytes;
    // 16 KiB pages: a step's rows (~900 bytes) fill a 4 KiB page in four steps, and every filled
    // page is another B-tree split, WAL frame header and pager lookup; with 16 KiB the writer
    // spent ~10% less CPU on the same run. Must be set before the first write.
    if (!d.exec(("PRAGMA page_size=" + std::to_string(SqlitePageSize)).c_str(), &err))
        return fail(err);
    if (meta.maxBytes) {
        // SQLite's own cap: beyond max_page_count pages every write fails with SQLITE_FULL.
        const uint64_t pages = std::max<uint64_t>(1, meta.maxBytes / SqlitePageSize);
        if (!d.exec(("PRAGMA max_page_count=" + std::to_string(std::min<uint64_t>(pages, 0xFFFFFFFEu))).c_str(), &err))
            return fail(err);
    }
    // WAL: a killed process loses at most the transaction in flight, never the file.
    // synchronous=OFF while recording: a commit or a WAL checkpoint then never waits for the disk
    // (the checkpoints' fsyncs were a third of finishing and stalled the writer mid-run). A killed
    // process loses nothing by it, since what was written is in the operating system's cache;
    // only an OS crash or power loss could cost the recording. finish() turns it back to NORMAL,
    // so the finished file is synced to disk once.
    // wal_autocheckpoint (pages): every checkpoint copies the log into the file, then the log is
    // written again from its start. 8 MiB (~9,000 steps): with no fsync in a checkpoint, a log
    // that stays small stays in the page cache and is rewritten in place, where a 64 MiB one
    // kept growing into fresh file blocks; 2-16 MiB measured the same, 64 MiB ~5% more CPU and
    // ~10% more wall clock (docs/performance.md, third round).
    if (!d.exec(("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536; "
                 "PRAGMA wal_autocheckpoint="
                    + std::to_string((8 << 20) / SqlitePageSize) + ";")
                    .c_str(),
            &err)
        || !d.exec("BEGIN", &err) || !d.exec(TraceSchema::Create, &err)
        || !d.exec(("PRAGMA user_version=" + std::to_string(SchemaVersion)).c_str(), &err))
        return fail(err);
    const bool prepared = d.insMeta.prepare(d.db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)")
        && d.insCode.prepare(d.db, "INSERT OR IGNORE INTO codes(code_id, source_name, bytes) VALUES(?1, ?2, ?3)")
        && d.insActor.prepare(
            d.db, "INSERT OR IGNORE INTO actors(id, kind, name, code_id, created_pos) VALUES(?1,?2,?3,?4,?5)")
        && d.insMessage.prepare(d.db,
            "INSERT INTO messages(id, kind, source, destination, payload, value, gas_limit, reply_to, "
            "reply_code, reply_text, signal_code, created_pos, created_step, signal_from) "
            "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)")
        && d.insInput.prepare(d.db,
            "INSERT INTO inputs(seq, before_step, kind, user, target, code_id, name, salt, payload, value, gas_limit, "
            "message_id, replied_to, world_ops) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)")
        && d.insStep.prepare(d.db,
            "INSERT INTO steps(step, block, type, task, kind, message_id, actor, outcome, error_code, error_text, "
            "trap, "
            "panic, gas_limit, gas_burned, syscall_count, syscalls, changed_pages, debug, world_ops, message_row) "
            "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)")
        && d.insPage.prepare(
            d.db, "INSERT OR REPLACE INTO pages(program, page, pos, kind, data) VALUES(?1,?2,?3,?4,?5)")
        && d.insCheckpoint.prepare(d.db, "INSERT OR REPLACE INTO checkpoints(pos, world) VALUES(?1, ?2)");
    if (!prepared)
        return fail(path + ": cannot prepare statements: " + sqlite3_errmsg(d.db));
    auto metaRow = [&](const std::string& k, const std::string& v) { d.insMeta.text(1, k).text(2, v).run(); };
    metaRow("format", "gearscope-trace");
    metaRow("schema_version", std::to_string(SchemaVersion));
    metaRow("gearscope_version", "0.1.0");
    metaRow("created_at", QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString());
    metaRow("seed", std::to_string(meta.seed));
    metaRow("created_by", meta.createdBy);
    metaRow("checkpoint_interval", std::to_string(CheckpointInterval));
    metaRow("complete", "0");
    if (!meta.parentTrace.empty()) {
        metaRow("parent_trace", meta.parentTrace);
        metaRow("parent_pos", std::to_string(meta.parentPosition));
    }
    for (const auto& [k, v] : meta.extra)
        metaRow(k, v);
    d.mirror = initial;
    if (d.writeCheckpoint(-1) != SQLITE_OK)
        return fail(d.sqliteError("cannot write the initial checkpoint", sqlite3_errcode(d.db)));
    if (!d.exec("COMMIT", &err))
        return fail(err);
    d.worker = std::thread([&d] {
        pthread_setname_np(pthread_self(), "trace-writer"); // visible in perf/gdb
        d.run();
    });
    return R(std::move(w));
}

bool TraceWriter::addInput(const InputRecord& r)
{
    std::unique_lock<std::mutex> lock(d->mutex);
    d->space.wait(lock, [&] { return d->queued < MaxQueued || d->finishing; });
    if (d->finishing || !d->error.empty())
        return false;
    d->enqueue(r);
    lock.unlock();
    d->wake.notify_one();
    return true;
}

bool TraceWriter::addStep(const StepRecord& r)
{
    std::unique_lock<std::mutex> lock(d->mutex);
    d->space.wait(lock, [&] { return d->queued < MaxQueued || d->finishing; });
    if (d->finishing || !d->error.empty())
        return false;
    d->enqueue(r); // copied here, into a spent record's storage
    const bool first = d->queued == 1;
    lock.unlock();
    if (first)
        d->wake.notify_one();
    return true;
}

Result<Ok> TraceWriter::finish()
{
    {
        std::lock_guard<std::mutex> lock(d->mutex);
        d->finishing = true;
    }
    d->wake.notify_all();
    if (d->worker.joinable())
        d->worker.join();
    if (!d->error.empty())
        return Result<Ok>::failure(d->error);
    std::string err;
    if (!d->db)
        return Ok {};
    // From here on every commit and the final WAL checkpoint sync the file (recording ran with
    // synchronous=OFF): a finished trace is on disk when finish() returns.
    // The final world, so the last position seeks without replaying ops.
    if (!d->exec("PRAGMA synchronous=NORMAL", &err) || !d->exec("BEGIN", &err))
        return Result<Ok>::failure(err);
    int rc = d->writeCheckpoint(int64_t(d->stepsWritten));
    if (rc == SQLITE_OK && !d->exec(TraceSchema::QueryIndexes, &err))
        return Result<Ok>::failure(d->error = err);
    d->insMeta.text(1, "steps").text(2, std::to_string(d->stepsWritten)).run();
    d->insMeta.text(1, "complete").text(2, "1").run();
    if (rc != SQLITE_OK || !d->exec("COMMIT", &err)) {
        d->error = err.empty() ? d->sqliteError("finishing the trace failed", rc) : err;
        return Result<Ok>::failure(d->error);
    }
    // Fold the WAL back so the file is a single self-contained .sqlite for sharing.
    sqlite3_wal_checkpoint_v2(d->db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    sqlite3_exec(d->db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
    sqlite3_close_v2(d->db);
    d->db = nullptr;
    return Ok {};
}

bool TraceWriter::sync()
{
    std::unique_lock<std::mutex> lock(d->mutex);
    if (!d->error.empty() || d->finishing)
        return d->error.empty();
    d->syncWanted = true;
    d->wake.notify_all();
    d->space.wait(lock, [&] { return !d->syncWanted || !d->error.empty() || d->finishing; });
    d->syncWanted = false;
    return d->error.empty();
}

std::string TraceWriter::error() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->error;
}

const std::string& TraceWriter::path() const { return d->path; }

} // namespace Gearscope
