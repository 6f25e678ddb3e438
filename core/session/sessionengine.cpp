// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "sessionengine.h"

#include "report/jsonreport.h"
#include "session/session.h"
#include "session/steplog.h"
#include "trace/recorder.h"
#include "trace/tracecheck.h"
#include "trace/tracereader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>

namespace Gearscope {

namespace {

using StepLog::payloadText;

/// A step record for the UI: everything but the world ops and page bytes, which only the
/// recorder needs and which would make each copy kilobytes long.
StepRecord lightCopy(const StepRecord& r)
{
    StepRecord s;
    s.index = r.index;
    s.block = r.block;
    s.kind = r.kind;
    s.taskKind = r.taskKind;
    s.dispatchKind = r.dispatchKind;
    s.message = r.message;
    s.actor = r.actor;
    s.outcome = r.outcome;
    s.errorCode = r.errorCode;
    s.trapMessage = r.trapMessage;
    s.panicPayload = r.panicPayload;
    s.gasLimit = r.gasLimit;
    s.gasBurned = r.gasBurned;
    s.syscallCount = r.syscallCount;
    s.syscalls = r.syscalls;
    s.generated = r.generated;
    s.woken = r.woken;
    s.createdPrograms = r.createdPrograms;
    s.changedPages = r.changedPages;
    s.debug = r.debug;
    return s;
}

std::string s(const QString& q) { return q.toStdString(); }

bool isDefaultUserName(const std::string& n) { return n == "alice" || n == "bob" || n == "charlie" || n == "eve"; }

/// A program file becomes a one-program scenario, as `gearscope run PROGRAM` does.
Result<Scenario> scenarioForProgram(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Result<Scenario>::failure(s(path) + ": cannot open: " + s(f.errorString()));
    const QByteArray code = f.readAll();
    Scenario sc;
    Scenario::Program p;
    p.name = s(QFileInfo(path).completeBaseName());
    if (p.name.empty() || isDefaultUserName(p.name))
        p.name = "program";
    p.file = s(path);
    p.code.assign(code.begin(), code.end());
    p.where = "program";
    sc.path = s(path);
    sc.name = p.name;
    sc.programs.push_back(std::move(p));
    return sc;
}

} // namespace

SessionEngine::Run::Run() = default;

SessionEngine::SessionEngine(Session& session, QObject* context)
    : m_session(session)
    , m_context(context)
{
    m_sincePublish.start();
}

SessionEngine::~SessionEngine()
{
    if (m_recorder)
        (void)m_recorder->finish();
}

Runtime* SessionEngine::runtime() const
{
    if (m_live)
        return m_live.get();
    return m_runner ? &m_runner->runtime() : nullptr;
}

std::optional<BlockNumber> SessionEngine::nextSendBlock() const
{
    return m_runner ? m_runner->nextSendBlock() : std::nullopt;
}

bool SessionEngine::isTraceFile(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"sqlite" || suffix == u"db" || suffix == u"gstrace")
        return true;
    if (suffix == u"json" || suffix == u"wasm" || suffix == u"wat")
        return false;
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(16) == QByteArray("SQLite format 3\0", 16);
}

// ===================================================================== opening and resetting

void SessionEngine::open(const QString& path, const Settings& settings, quint64 serial)
{
    if (isTraceFile(path)) {
        std::string error;
        if (!continueTrace(path, std::nullopt, settings, &error))
            fail(error);
        done(serial);
        return;
    }
    const bool isScenario = QFileInfo(path).suffix().compare(u"json", Qt::CaseInsensitive) == 0;
    auto loaded = isScenario ? Scenario::load(s(path)) : scenarioForProgram(path);
    if (!loaded) {
        fail(loaded.error());
        done(serial);
        return;
    }
    {
        // Set the file up once on a scratch runtime first: a program that does not validate or
        // a scenario that does not resolve must leave the current session as it was.
        ScenarioRunner probe(loaded.value());
        auto up = probe.setUp();
        if (!up) {
            fail(up.error());
            done(serial);
            return;
        }
    }
    std::string error;
    if (!rebuild(loaded.value(), settings, &error))
        fail(error);
    done(serial);
}

void SessionEngine::continueFrom(const QString& path, uint64_t position, const Settings& settings, quint64 serial)
{
    std::string error;
    if (!continueTrace(path, position, settings, &error))
        fail(error);
    done(serial);
}

void SessionEngine::reset(const Settings& settings, quint64 serial)
{
    std::string error;
    if (!m_continuedTrace.isEmpty()) {
        // A continued trace starts again where its recording ended.
        const QString trace = m_continuedTrace;
        if (!continueTrace(trace, m_continuedPosition, settings, &error))
            fail(error);
        else
            addLog(LogEntry::Kind::Info, "reset: continued again from the same position of the trace");
        done(serial);
        return;
    }
    const Scenario sc = m_scenario;
    if (!rebuild(sc, settings, &error))
        fail(error);
    else
        addLog(LogEntry::Kind::Info, "reset: started again from the beginning");
    done(serial);
}

void SessionEngine::ensureRunner(const Settings& settings)
{
    if (runtime())
        return;
    std::string error;
    if (!rebuild(Scenario {}, settings, &error))
        fail(error);
}

void SessionEngine::clearSession()
{
    if (m_run)
        endRun("stopped: a new session starts", false);
    if (m_recorder) {
        auto fin = m_recorder->finish();
        if (!fin)
            addLog(LogEntry::Kind::Error, "recording failed: " + fin.error());
        m_recorder.reset();
    }
    m_runner.reset();
    m_live.reset();
    m_continuedTrace.clear();
    m_continuedPosition.reset();
    ++m_generation;
    m_gasBurned = 0;
    m_steps.clear();
    m_stepsSince = 0;
    m_timeline.clear();
    m_lastStep.reset();
    m_log.clear();
    m_logDropped = 0;
    m_stopReason.clear();
    std::fill(m_breakpointHits.begin(), m_breakpointHits.end(), 0);
    m_stoppedAt.reset();
    m_allowanceStopped = false;
    m_recordingFailed = false;
    m_tracePath.clear();
}

bool SessionEngine::rebuild(const Scenario& scenario, const Settings& settings, std::string* error)
{
    clearSession();
    m_scenario = scenario;
    m_loaded = !scenario.path.empty();

    m_runner = std::make_unique<ScenarioRunner>(m_scenario);
    Runtime& rt = *runtime();
    if (settings.recording) {
        const std::string path = traceFileFor(settings, m_scenario.path);
        TraceWriter::Meta meta;
        meta.createdBy = "gearscope (debugger window) " + m_scenario.path;
        meta.extra["scenario"] = m_scenario.path;
        auto rec = Recorder::attach(rt, path, meta);
        if (rec) {
            m_recorder = std::move(rec).value();
            m_tracePath = m_recorder->path();
        } else {
            addLog(LogEntry::Kind::Error, "recording is off for this run: " + rec.error());
        }
    }
    const QString tracePath = QString::fromStdString(m_tracePath);
    m_session.reportFromEngine([tracePath](Session& session) {
        session.m_tracePath = tracePath;
        Q_EMIT session.tracePathChanged(tracePath);
    });
    rt.setObserver([this](const StepRecord& r) { onStep(r); });

    auto up = m_runner->setUp();
    resyncQueue();
    if (!up) {
        *error = up.error();
        return false;
    }
    if (m_loaded) {
        std::string what = QFileInfo(QString::fromStdString(m_scenario.path)).fileName().toStdString() + ": "
            + std::to_string(m_scenario.programs.size()) + " program(s) uploaded";
        if (!m_scenario.sends.empty())
            what += ", " + std::to_string(m_scenario.sends.size()) + " message(s) scheduled";
        addLog(LogEntry::Kind::Info, "opened " + what);
    }
    if (!m_tracePath.empty())
        addLog(LogEntry::Kind::Info, "recording to " + m_tracePath);
    return true;
}

bool SessionEngine::continueTrace(
    const QString& path, std::optional<uint64_t> position, const Settings& settings, std::string* error)
{
    // Read and re-execute the whole trace on a runtime of its own first: a file that is not a
    // trace, or one that does not re-execute, must leave the current session as it was.
    auto opened = TraceReader::open(s(path));
    if (!opened) {
        *error = opened.error();
        return false;
    }
    const TraceReader& reader = *opened.value();
    if (position && *position > reader.stepCount()) {
        *error = s(path) + ": position " + std::to_string(*position) + " is past the end ("
            + std::to_string(reader.stepCount()) + " steps)";
        return false;
    }
    const uint64_t end = position ? *position : reader.stepCount();
    const QString parent = QFileInfo(path).absoluteFilePath();
    const std::string fileName = s(QFileInfo(path).fileName());

    std::unique_ptr<Recorder> recorder;
    std::string recordError;
    bool recordingFailed = false;
    Gas gas = 0;
    uint64_t replayed = 0;
    BlockNumber lastBlock = 0;
    bool allowanceStopped = false;
    std::optional<StepRecord> last;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    auto progress = [this, fileName, end](uint64_t doneSteps) {
        const QString what = QStringLiteral("Re-executing %1").arg(QString::fromStdString(fileName));
        m_session.reportFromEngine([what, doneSteps, end](Session& session) {
            Q_EMIT session.progress(what, qint64(doneSteps), qint64(end));
        });
    };
    auto rebuilt = TraceCheck::rebuild(
        reader, end,
        [&](Runtime& fresh) {
            if (!settings.recording)
                return;
            TraceWriter::Meta meta;
            meta.createdBy = "gearscope (debugger window) continuing " + s(parent);
            meta.parentTrace = s(parent);
            meta.parentPosition = int64_t(end);
            auto rec = Recorder::attach(fresh, traceFileFor(settings, s(path), parent), meta);
            if (rec)
                recorder = std::move(rec).value();
            else
                recordError = rec.error();
        },
        [&](const StepRecord& r) {
            if (recorder && !recordingFailed && !recorder->step(r))
                recordingFailed = true;
            gas += r.gasBurned;
            if (r.block != lastBlock)
                allowanceStopped = false;
            lastBlock = r.block;
            if (r.outcome == Outcome::AllowanceExceeded)
                allowanceStopped = true;
            ++replayed;
            if (replayed == end)
                last = lightCopy(r);
            if (sinceProgress.elapsed() >= 200) {
                sinceProgress.restart();
                progress(replayed);
            }
        });
    if (replayed >= 1000 || !rebuilt)
        progress(end); // the progress display ends
    if (!rebuilt) {
        if (recorder) {
            const QString newTrace = QString::fromStdString(recorder->path());
            (void)recorder->finish();
            recorder.reset();
            for (const QString& f : { newTrace, newTrace + QStringLiteral("-wal"), newTrace + QStringLiteral("-shm") })
                QFile::remove(f);
        }
        *error = rebuilt.error();
        return false;
    }

    clearSession();
    m_live = std::move(rebuilt).value();
    m_continuedTrace = path;
    m_continuedPosition = position;
    m_scenario = Scenario {};
    m_scenario.path = s(path);
    m_scenario.name = fileName;
    m_loaded = true;
    m_gasBurned = gas;
    m_lastStep = std::move(last);
    Runtime& rt = *m_live;
    m_allowanceStopped = allowanceStopped && rt.blockOpen() && rt.blockHeight() == lastBlock;
    m_recorder = std::move(recorder);
    if (m_recorder)
        m_tracePath = m_recorder->path();
    const QString tracePath = QString::fromStdString(m_tracePath);
    m_session.reportFromEngine([tracePath](Session& session) {
        session.m_tracePath = tracePath;
        Q_EMIT session.tracePathChanged(tracePath);
    });
    rt.setObserver([this](const StepRecord& r) { onStep(r); });
    resyncQueue();

    std::string line = "continued from " + fileName + " at step " + std::to_string(end);
    if (!m_tracePath.empty())
        line += "; recording to " + m_tracePath;
    addLog(LogEntry::Kind::Info, line);
    if (!recordError.empty())
        addLog(LogEntry::Kind::Error, "recording is off for this run: " + recordError);
    if (recordingFailed) {
        m_recordingFailed = true;
        addLog(LogEntry::Kind::Error, "recording stopped: " + m_recorder->error());
    }
    return true;
}

std::string SessionEngine::traceFileFor(const Settings& settings, const std::string& source, const QString& keep) const
{
    QDir dir(settings.traceDir);
    if (!dir.exists())
        QDir().mkpath(settings.traceDir);
    // Old recordings are pruned so a debugging afternoon does not fill the cache folder.
    const QStringList old = dir.entryList({ QStringLiteral("gearscope-*.sqlite") }, QDir::Files, QDir::Time);
    const QString kept = keep.isEmpty() ? QString() : QFileInfo(keep).canonicalFilePath();
    for (int i = KeptTraces - 1; i < old.size(); ++i) {
        const QString f = dir.filePath(old[i]);
        if (!kept.isEmpty() && QFileInfo(f).canonicalFilePath() == kept)
            continue; // the trace being continued: the new recording names it as its parent
        QFile::remove(f);
        QFile::remove(f + QStringLiteral("-wal"));
        QFile::remove(f + QStringLiteral("-shm"));
    }
    QString base = QFileInfo(QString::fromStdString(source)).completeBaseName();
    // A recording continued from a recording: keep the original name, not a chain of stamps.
    base.remove(QRegularExpression(QStringLiteral("^(gearscope-\\d{8}-\\d{6}-\\d{3}-)+")));
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    if (base.isEmpty())
        base = QStringLiteral("untitled");
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    QString path = dir.filePath(QStringLiteral("gearscope-%1-%2.sqlite").arg(stamp, base));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = dir.filePath(QStringLiteral("gearscope-%1-%2-%3.sqlite").arg(stamp, base).arg(n));
    return s(path);
}

// ===================================================================== steps

void SessionEngine::onStep(const StepRecord& r)
{
    if (m_recorder && !m_recordingFailed && !m_recorder->step(r)) {
        m_recordingFailed = true;
        addLog(LogEntry::Kind::Error, "recording stopped: " + m_recorder->error());
    }
    m_gasBurned += r.gasBurned;
    if (m_runner)
        m_runner->noteStep(r);
    if (m_mirrorValid) {
        for (const auto& op : r.worldOps) {
            if (auto* back = std::get_if<WorldOp::QueuePushBack>(&op))
                m_queue.push_back(back->dispatch);
            else if (auto* front = std::get_if<WorldOp::QueuePushFront>(&op))
                m_queue.push_front(front->dispatch);
            else if (std::holds_alternative<WorldOp::QueuePopFront>(op) && !m_queue.empty())
                m_queue.pop_front();
        }
    }
    if (r.outcome == Outcome::AllowanceExceeded)
        m_allowanceStopped = true;
    logStep(r);
    m_steps.push_back(lightCopy(r));
    if (m_steps.size() > SessionSnapshot::MaxSteps)
        m_steps.pop_front();
    ++m_stepsSince;
    // The timeline gets every step (not the capped `m_steps`), compact, with the queue's true
    // length: the mirror above is exact while it is valid (world ops are recorded); without a
    // recorder there are no world ops, so ask the runtime (a copy, but recording is rarely off).
    m_timeline.push_back(TimelineStep::from(r, uint32_t(m_mirrorValid ? m_queue.size() : runtime()->queue().size())));
    if (m_run && !m_run->hit) {
        for (size_t i = 0; i < m_breakpoints.size(); ++i) {
            const Breakpoint& bp = m_breakpoints[i];
            if (!bp.checkedBefore() && bp.matchesAfter(r)) {
                m_run->hitIndex = i;
                m_run->hit
                    = "breakpoint: " + bp.describe([this](const ActorId& id) { return runtime()->actorName(id); })
                    + " (step " + std::to_string(r.index) + ")";
                break;
            }
        }
    }
    m_dirty = true;
}

void SessionEngine::logStep(const StepRecord& r)
{
    const Runtime& rt = *runtime();
    for (auto& e : StepLog::entries(r, [&rt](const ActorId& id) { return rt.actorName(id); }))
        m_log.push_back(std::move(e));
    while (m_log.size() > SessionSnapshot::MaxLogEntries) {
        m_log.pop_front();
        ++m_logDropped;
    }
}

void SessionEngine::addLog(LogEntry::Kind kind, std::string text, const ActorId& actor)
{
    LogEntry e;
    e.kind = kind;
    e.step = runtime() ? runtime()->stepCount() : 0;
    e.block = runtime() ? runtime()->blockHeight() : 0;
    e.actor = actor;
    if (!actor.isZero() && runtime())
        e.actorName = runtime()->actorName(actor);
    e.text = std::move(text);
    m_log.push_back(std::move(e));
    while (m_log.size() > SessionSnapshot::MaxLogEntries) {
        m_log.pop_front();
        ++m_logDropped;
    }
    m_dirty = true;
}

void SessionEngine::fail(const std::string& message)
{
    addLog(LogEntry::Kind::Error, message);
    const QString text = QString::fromStdString(message);
    m_session.reportFromEngine([text](Session& session) { Q_EMIT session.failed(text); });
}

void SessionEngine::stepDispatch(quint64 serial)
{
    if (m_run)
        endRun("stopped by a single step", false);
    m_stoppedAt.reset();
    Runtime* rt = runtime();
    if (!rt) {
        fail("nothing to step: open a program or a scenario first");
        done(serial);
        return;
    }
    // Tasks on the way are run too; a guard keeps a pathological task pool from hanging the engine.
    bool dispatched = false;
    for (int guard = 0; guard < 1'000'000 && !dispatched; ++guard) {
        if (!feedScheduledSends())
            break;
        auto r = rt->step();
        if (!r) {
            if (nextSendBlock())
                continue;
            addLog(LogEntry::Kind::Info, "nothing to step: the queue is empty and nothing is scheduled");
            break;
        }
        dispatched = r->kind == StepKind::Dispatch;
    }
    done(serial);
}

bool SessionEngine::feedScheduledSends()
{
    auto next = nextSendBlock();
    if (!next)
        return true;
    Runtime& rt = *runtime();
    if (rt.blockOpen() && *next <= rt.blockHeight()) {
        // A scenario's message made inside this block (a saved run's afterStep) goes in before
        // the next step, as ScenarioRunner::run makes it.
        const size_t made = m_runner->sendsMade();
        auto sent = m_runner->sendDueInBlock();
        if (m_runner->sendsMade() != made) {
            resyncQueue();
            addLog(LogEntry::Kind::Info,
                "scheduled messages made after step " + std::to_string(rt.stepCount()) + " of block "
                    + std::to_string(rt.blockHeight()));
        }
        if (!sent) {
            fail(sent.error());
            return false;
        }
        next = nextSendBlock();
        if (!next)
            return true;
    }
    if (rt.blockOpen()) {
        if (*next > rt.blockHeight() + 1 || blockHasWork())
            return true;
        // The block has nothing left to run: close it so the sends go in before the next one,
        // as ScenarioRunner::run does between whole blocks.
        rt.endBlock();
        m_allowanceStopped = false;
    }
    if (*next > rt.blockHeight() + 1) {
        if (!queueEmpty())
            return true;
        rt.passEmptyBlocks(*next - 1 - rt.blockHeight());
        if (*next > rt.blockHeight() + 1)
            return true; // a task comes first
    }
    const BlockNumber block = rt.blockHeight() + 1;
    auto sent = m_runner->sendDue(block);
    resyncQueue();
    if (!sent) {
        fail(sent.error());
        return false;
    }
    addLog(LogEntry::Kind::Info, "scheduled messages for block " + std::to_string(block) + " sent");
    return true;
}

bool SessionEngine::blockHasWork() const
{
    const Runtime& rt = *runtime();
    if (!rt.blockOpen())
        return false;
    // While a block is open, nextTaskBlock() names the due tasks first: they belong to this block.
    if (auto t = rt.nextTaskBlock(); t && *t <= rt.blockHeight())
        return true;
    return !m_allowanceStopped && !queueEmpty();
}

bool SessionEngine::queueEmpty() const
{
    if (m_mirrorValid)
        return m_queue.empty();
    return runtime()->queue().empty();
}

std::optional<QueuedDispatch> SessionEngine::queueFront() const
{
    if (m_mirrorValid)
        return m_queue.empty() ? std::nullopt : std::optional<QueuedDispatch>(m_queue.front());
    auto q = runtime()->queue();
    return q.empty() ? std::nullopt : std::optional<QueuedDispatch>(q.front());
}

void SessionEngine::resyncQueue()
{
    // The step observer keeps the mirror from the steps' world ops, which exist while the
    // runtime records its world (always, while a recorder is attached). User actions change the
    // queue outside steps: read it again after each.
    m_mirrorValid = m_recorder != nullptr;
    m_queue.clear();
    if (m_mirrorValid)
        for (auto& q : runtime()->queue())
            m_queue.push_back(std::move(q));
}

bool SessionEngine::sessionIdle() const
{
    const Runtime* rt = runtime();
    return !rt || (rt->idle() && !nextSendBlock());
}

// ===================================================================== runs

void SessionEngine::startRun(Goal goal, bool honourSpeed, uint64_t token, quint64 serial)
{
    if (!runtime()) {
        fail("nothing to run: open a program or a scenario first");
        done(serial);
        return;
    }
    if (token != m_session.runToken()) {
        // Paused (or reset) before the run even started.
        done(serial);
        return;
    }
    m_run.emplace();
    m_run->goal = goal;
    m_run->honourSpeed = honourSpeed;
    m_run->token = token;
    m_run->id = ++m_runIds;
    m_run->speed = honourSpeed ? m_session.speed() : 0;
    m_run->pace.start();
    m_stopReason.clear();
    m_stoppedAt.reset();
    done(serial);
    const uint64_t id = m_run->id;
    QTimer::singleShot(0, m_context, [this, id] { runChunk(id); });
}

void SessionEngine::stopIfPaused()
{
    if (m_run && m_run->token != m_session.runToken())
        endRun("paused", false);
}

void SessionEngine::runChunk(uint64_t runId)
{
    if (!m_run || m_run->id != runId)
        return;
    QElapsedTimer slice;
    slice.start();
    for (;;) {
        if (m_run->token != m_session.runToken()) {
            endRun("paused", false);
            return;
        }
        if (m_run->honourSpeed) {
            const int speed = m_session.speed();
            if (speed != m_run->speed) {
                m_run->speed = speed;
                m_run->pace.restart();
                m_run->pacedSteps = 0;
            }
            if (speed > 0) {
                const qint64 dueMs = qint64(m_run->pacedSteps * 1000 / uint64_t(speed));
                const qint64 wait = dueMs - m_run->pace.elapsed();
                if (wait > 0) {
                    maybePublish();
                    QTimer::singleShot(
                        int(std::min<qint64>(wait, 1000)), m_context, [this, runId] { runChunk(runId); });
                    return;
                }
            }
        }
        std::string reason;
        const StepResult result = runOne(&reason);
        if (result == StepResult::Stop) {
            const bool breakpoint = reason.rfind("breakpoint", 0) == 0;
            endRun(reason, breakpoint);
            return;
        }
        ++m_run->pacedSteps;
        maybePublish();
        if (slice.elapsed() >= SliceMs) {
            // Yield so queued commands (a send, a pause's follow-up) get their turn.
            QTimer::singleShot(0, m_context, [this, runId] { runChunk(runId); });
            return;
        }
    }
}

SessionEngine::StepResult SessionEngine::runOne(std::string* stopReason)
{
    Runtime& rt = *runtime();
    if (!feedScheduledSends()) {
        *stopReason = "stopped: a scheduled message could not be sent";
        return StepResult::Stop;
    }
    if (m_run->goal == Goal::EndOfBlock) {
        if (rt.blockOpen() && !blockHasWork()) {
            const BlockNumber b = rt.blockHeight();
            rt.endBlock();
            m_allowanceStopped = false;
            *stopReason = "end of block " + std::to_string(b);
            return StepResult::Stop;
        }
        if (!rt.blockOpen() && !m_run->firstStep) {
            *stopReason = "end of block " + std::to_string(rt.blockHeight());
            return StepResult::Stop;
        }
        if (!rt.blockOpen() && sessionIdle()) {
            // Nothing to run: one empty block passes, as Runtime::runBlock does.
            rt.runBlock();
            *stopReason = "block " + std::to_string(rt.blockHeight()) + " was empty";
            return StepResult::Stop;
        }
    } else if (sessionIdle()) {
        *stopReason = "idle";
        return StepResult::Stop;
    }
    if (!m_run->firstStep && m_haveBeforeBreakpoints) {
        // The queue front is the next dispatch unless a task is due first.
        const auto t = rt.nextTaskBlock();
        const bool taskFirst = t && *t <= rt.blockHeight() + (rt.blockOpen() ? 0 : 1);
        if (!taskFirst && !(rt.blockOpen() && m_allowanceStopped)) {
            if (auto next = queueFront()) {
                for (size_t i = 0; i < m_breakpoints.size(); ++i) {
                    const Breakpoint& bp = m_breakpoints[i];
                    if (bp.checkedBefore() && bp.matchesBefore(*next)) {
                        m_run->hitIndex = i;
                        *stopReason = "breakpoint: " + bp.describe([&](const ActorId& id) { return rt.actorName(id); })
                            + " (next: " + toString(next->kind) + " " + rt.actorName(next->message.source) + " → "
                            + rt.actorName(next->message.destination) + ")";
                        return StepResult::Stop;
                    }
                }
            }
        }
    }
    m_run->firstStep = false;
    if (!rt.blockOpen())
        m_allowanceStopped = false;
    auto r = rt.step();
    if (m_run->hit) {
        *stopReason = *m_run->hit;
        return StepResult::Stop;
    }
    if (!r && m_run->goal == Goal::EndOfBlock) {
        *stopReason = "end of block " + std::to_string(rt.blockHeight());
        return StepResult::Stop;
    }
    return StepResult::Continue;
}

void SessionEngine::endRun(const std::string& reason, bool breakpoint)
{
    // Counted here, where the run really stops: a step observer's match that a later check
    // overrides (a pause) is not a hit.
    if (breakpoint && m_run && m_run->hitIndex && *m_run->hitIndex < m_breakpointHits.size()) {
        ++m_breakpointHits[*m_run->hitIndex];
        m_stoppedAt = m_run->hitIndex;
    }
    m_run.reset();
    m_stopReason = reason;
    if (breakpoint) {
        addLog(LogEntry::Kind::Breakpoint, "stopped at " + reason);
        const QString text = QString::fromStdString(reason);
        m_session.reportFromEngine([text](Session& session) { Q_EMIT session.breakpointHit(text); });
    } else {
        addLog(LogEntry::Kind::Info, "run stopped: " + reason);
    }
    publish();
}

// ===================================================================== user actions

void SessionEngine::sendMessage(
    const ActorId& from, const ActorId& to, const Bytes& payload, u128 value, std::optional<Gas> gas, quint64 serial)
{
    Runtime* rt = runtime();
    if (!rt) {
        fail("send: open a program or a scenario first");
        done(serial);
        return;
    }
    auto m = rt->sendMessage(from, to, payload, value, gas);
    resyncQueue();
    if (!m)
        fail("send from " + rt->actorName(from) + " to " + rt->actorName(to) + " refused: " + m.error());
    else
        addLog(LogEntry::Kind::Info,
            rt->actorName(from) + " sent " + payloadText(payload) + " to " + rt->actorName(to)
                + (value ? " with value " + u128ToString(value) : std::string()),
            to);
    done(serial);
}

void SessionEngine::uploadProgram(const QString& file, const Bytes& salt, const Bytes& init, u128 value,
    std::optional<ActorId> from, const Settings& settings, quint64 serial)
{
    ensureRunner(settings);
    Runtime& rt = *runtime();
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        fail(s(file) + ": cannot open: " + s(f.errorString()));
        done(serial);
        return;
    }
    const QByteArray bytes = f.readAll();
    auto code = rt.submitCode(Bytes(bytes.begin(), bytes.end()), s(file));
    if (!code) {
        fail(code.error());
        done(serial);
        return;
    }
    const ActorId user = from ? *from : *rt.userByName("alice");
    std::string base = s(QFileInfo(file).completeBaseName());
    if (base.empty() || isDefaultUserName(base))
        base = "program";
    std::string name = base;
    for (int n = 2; rt.actorByName(name); ++n)
        name = base + "-" + std::to_string(n);
    auto up = rt.uploadProgram(user, code.value(), salt, init, value, std::nullopt, name);
    resyncQueue();
    if (!up)
        fail("upload of " + s(file) + " refused: " + up.error());
    else
        addLog(LogEntry::Kind::Info, rt.actorName(user) + " uploaded " + name + " (init queued)", up->program);
    done(serial);
}

void SessionEngine::replyFromMailbox(const ActorId& user, const MessageId& message, const Bytes& payload, u128 value,
    std::optional<Gas> gas, quint64 serial)
{
    Runtime* rt = runtime();
    if (!rt) {
        done(serial);
        return;
    }
    auto r = rt->replyFromMailbox(user, message, payload, value, gas);
    resyncQueue();
    if (!r)
        fail("reply from " + rt->actorName(user) + " refused: " + r.error());
    else
        addLog(
            LogEntry::Kind::Info, rt->actorName(user) + " replied " + payloadText(payload) + " from the mailbox", user);
    done(serial);
}

void SessionEngine::claimValue(const ActorId& user, const MessageId& message, quint64 serial)
{
    Runtime* rt = runtime();
    if (!rt) {
        done(serial);
        return;
    }
    auto r = rt->claimValue(user, message);
    resyncQueue();
    if (!r)
        fail("claim by " + rt->actorName(user) + " refused: " + r.error());
    else
        addLog(LogEntry::Kind::Info, rt->actorName(user) + " claimed the value of a mailbox message", user);
    done(serial);
}

void SessionEngine::setBreakpoints(std::vector<Breakpoint> breakpoints, quint64 serial)
{
    // Each breakpoint that stays (enabled or not) keeps its count and its "stopped here" mark;
    // a new one starts at zero.
    std::vector<uint64_t> hits(breakpoints.size(), 0);
    std::vector<bool> taken(m_breakpoints.size(), false);
    std::optional<size_t> stoppedAt;
    for (size_t i = 0; i < breakpoints.size(); ++i) {
        for (size_t j = 0; j < m_breakpoints.size(); ++j) {
            if (!taken[j] && breakpoints[i].sameCondition(m_breakpoints[j])) {
                taken[j] = true;
                hits[i] = j < m_breakpointHits.size() ? m_breakpointHits[j] : 0;
                if (m_stoppedAt == j)
                    stoppedAt = i;
                break;
            }
        }
    }
    m_breakpointHits = std::move(hits);
    m_stoppedAt = stoppedAt;
    m_breakpoints = std::move(breakpoints);
    m_haveBeforeBreakpoints = std::any_of(
        m_breakpoints.begin(), m_breakpoints.end(), [](const Breakpoint& b) { return b.enabled && b.checkedBefore(); });
    done(serial);
}

// ===================================================================== state inspector

void SessionEngine::readMemory(const ActorId& program, quint64 serial)
{
    const Runtime* rt = runtime();
    QByteArray memory;
    uint64_t steps = 0;
    if (rt) {
        const Bytes m = rt->memory(program);
        memory = QByteArray(reinterpret_cast<const char*>(m.data()), qsizetype(m.size()));
        steps = rt->stepCount();
    }
    m_session.reportFromEngine([serial, program, steps, memory](
                                   Session& session) { Q_EMIT session.memoryRead(serial, program, steps, memory); });
}

void SessionEngine::queryState(const ActorId& program, const Bytes& payload, quint64 serial)
{
    Runtime* rt = runtime();
    Result<Bytes> answer = rt ? rt->readState(program, payload)
                              : Result<Bytes>::failure("state query: open a program or a scenario first");
    const bool ok = answer.ok();
    const QByteArray bytes = ok
        ? QByteArray(reinterpret_cast<const char*>(answer.value().data()), qsizetype(answer.value().size()))
        : QByteArray();
    const QString error = ok ? QString() : QString::fromStdString(answer.error());
    m_session.reportFromEngine([serial, program, ok, bytes, error](Session& session) {
        Q_EMIT session.stateAnswered(serial, program, ok, bytes, error);
    });
}

// ===================================================================== snapshots

void SessionEngine::done(quint64 serial)
{
    m_commandsDone = std::max(m_commandsDone, serial);
    publish();
}

void SessionEngine::maybePublish()
{
    if (m_dirty && m_sincePublish.elapsed() >= PublishIntervalMs)
        publish();
}

void SessionEngine::publish()
{
    // A stopped run (paused, idle, one step) is committed before the UI hears of it: panels
    // that read the recording (inspectors, search, the state inspector's "before" page) must
    // find every step the snapshot counts. While running, the writer's own ~100 ms commits do.
    if (m_recorder && !m_recordingFailed && !m_run.has_value() && !m_recorder->sync()) {
        m_recordingFailed = true;
        addLog(LogEntry::Kind::Error, "recording stopped: " + m_recorder->error());
    }
    auto snap = std::make_shared<SessionSnapshot>();
    snap->generation = m_generation;
    snap->serial = ++m_serial;
    snap->commandsDone = m_commandsDone;
    snap->loaded = m_loaded;
    snap->source = m_scenario.path;
    snap->sourceName = s(QFileInfo(QString::fromStdString(m_scenario.path)).fileName());
    snap->tracePath = m_tracePath;
    if (const Runtime* rt = runtime()) {
        snap->world = WorldState::capture(*rt);
        // The queue mirror lives on the steps' world ops; the capture is the truth. Compare the
        // cheap parts each time (≤ 30 per second) so a missed op cannot mislead breakpoints for long.
        if (m_mirrorValid
            && (m_queue.size() != snap->world.queue.size()
                || (!m_queue.empty() && m_queue.front().message.id != snap->world.queue.front().message.id))) {
            qWarning("gearscope: queue mirror out of step (%zu vs %zu entries); resynchronised", m_queue.size(),
                snap->world.queue.size());
            m_queue.assign(snap->world.queue.begin(), snap->world.queue.end());
        }
        for (const auto& p : snap->world.programs)
            snap->names[p.id] = p.name.empty() ? p.id.shortHex() : p.name;
        for (const auto& u : snap->world.users)
            snap->names[u.id] = u.name.empty() ? u.id.shortHex() : u.name;
        snap->stepCount = rt->stepCount();
        snap->block = rt->blockHeight();
        snap->blockOpen = rt->blockOpen();
    }
    snap->queueLength = snap->world.queue.size();
    snap->gasBurned = m_gasBurned;
    snap->running = m_run.has_value();
    snap->idle = sessionIdle();
    snap->speed = m_session.speed();
    snap->stopReason = m_stopReason;
    snap->steps.assign(std::make_move_iterator(m_steps.begin()), std::make_move_iterator(m_steps.end()));
    if (!snap->steps.empty())
        m_lastStep = snap->steps.back();
    snap->lastStep = m_lastStep;
    snap->stepsSincePrevious = m_stepsSince;
    snap->timeline = std::move(m_timeline);
    m_timeline.clear();
    snap->log.assign(std::make_move_iterator(m_log.begin()), std::make_move_iterator(m_log.end()));
    snap->logDropped = m_logDropped;
    snap->breakpoints = m_breakpoints;
    snap->breakpointHits = m_breakpointHits;
    snap->stoppedAtBreakpoint = m_stoppedAt;
    m_steps.clear();
    m_stepsSince = 0;
    m_log.clear();
    m_logDropped = 0;
    m_dirty = false;
    m_sincePublish.restart();
    m_session.publishFromEngine(std::move(snap));
}

} // namespace Gearscope
