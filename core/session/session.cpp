// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "session.h"

#include "session/sessionengine.h"

#include <QDir>
#include <QMutexLocker>
#include <QStandardPaths>
#include <QThread>

namespace Gearscope {

Session::Session(QObject* parent)
    : QObject(parent)
    , m_traceDir(defaultTraceDirectory())
    , m_latest(std::make_shared<const SessionSnapshot>())
{
    qRegisterMetaType<SessionSnapshotPtr>("Gearscope::SessionSnapshotPtr");
    qRegisterMetaType<ActorId>("Gearscope::ActorId");
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("gearscope-engine"));
    m_engineContext = new QObject;
    m_engineContext->moveToThread(m_thread);
    m_engine = std::make_unique<SessionEngine>(*this, m_engineContext);
    m_thread->start();
}

Session::~Session()
{
    // Stop a run at its next step, let the engine thread finish what it is doing, then tear
    // the engine down here: the thread is gone, so nothing else touches it.
    m_runToken.fetch_add(1);
    m_thread->quit();
    m_thread->wait();
    m_engine.reset();
    delete m_engineContext;
}

SessionSnapshotPtr Session::snapshot() const { return m_latest; }

QString Session::tracePath() const { return m_tracePath; }

QString Session::sourcePath() const { return QString::fromStdString(m_latest->source); }

void Session::setTraceDirectory(const QString& dir) { m_traceDir = dir; }

QString Session::traceDirectory() const { return m_traceDir; }

QString Session::defaultTraceDirectory()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty())
        base = QDir(QDir::tempPath()).filePath(QStringLiteral("gearscope"));
    return QDir(base).filePath(QStringLiteral("traces"));
}

void Session::setRecording(bool on) { m_recording = on; }

quint64 Session::post(std::function<void(SessionEngine&, quint64)> command)
{
    const quint64 serial = ++m_serial;
    QMetaObject::invokeMethod(
        m_engineContext, [this, serial, command = std::move(command)] { command(*m_engine, serial); },
        Qt::QueuedConnection);
    return serial;
}

quint64 Session::openFile(const QString& path)
{
    m_runToken.fetch_add(1);
    const SessionEngine::Settings settings { m_traceDir, m_recording };
    return post([path, settings](SessionEngine& e, quint64 serial) { e.open(path, settings, serial); });
}

quint64 Session::stepDispatch()
{
    m_runToken.fetch_add(1);
    return post([](SessionEngine& e, quint64 serial) { e.stepDispatch(serial); });
}

quint64 Session::runBlock()
{
    const uint64_t token = m_runToken.fetch_add(1) + 1;
    return post([token](SessionEngine& e, quint64 serial) {
        e.startRun(SessionEngine::Goal::EndOfBlock, false, token, serial);
    });
}

quint64 Session::run(int stepsPerSecond)
{
    m_speed.store(std::max(0, stepsPerSecond));
    const uint64_t token = m_runToken.fetch_add(1) + 1;
    return post(
        [token](SessionEngine& e, quint64 serial) { e.startRun(SessionEngine::Goal::Idle, true, token, serial); });
}

quint64 Session::runUntilIdle()
{
    const uint64_t token = m_runToken.fetch_add(1) + 1;
    return post(
        [token](SessionEngine& e, quint64 serial) { e.startRun(SessionEngine::Goal::Idle, false, token, serial); });
}

void Session::pause()
{
    // The atomic stops a busy run before its next step; the queued call ends a run that is
    // waiting for its next paced step.
    m_runToken.fetch_add(1);
    QMetaObject::invokeMethod(
        m_engineContext, [this] { m_engine->stopIfPaused(); }, Qt::QueuedConnection);
}

quint64 Session::reset()
{
    m_runToken.fetch_add(1);
    const SessionEngine::Settings settings { m_traceDir, m_recording };
    return post([settings](SessionEngine& e, quint64 serial) { e.reset(settings, serial); });
}

void Session::setSpeed(int stepsPerSecond) { m_speed.store(std::max(0, stepsPerSecond)); }

quint64 Session::sendMessage(
    const ActorId& from, const ActorId& to, const Bytes& payload, u128 value, std::optional<Gas> gas)
{
    return post([=](SessionEngine& e, quint64 serial) { e.sendMessage(from, to, payload, value, gas, serial); });
}

quint64 Session::uploadProgram(
    const QString& file, const Bytes& salt, const Bytes& initPayload, u128 value, std::optional<ActorId> from)
{
    const SessionEngine::Settings settings { m_traceDir, m_recording };
    return post([=](SessionEngine& e, quint64 serial) {
        e.uploadProgram(file, salt, initPayload, value, from, settings, serial);
    });
}

quint64 Session::replyFromMailbox(
    const ActorId& user, const MessageId& message, const Bytes& payload, u128 value, std::optional<Gas> gas)
{
    return post(
        [=](SessionEngine& e, quint64 serial) { e.replyFromMailbox(user, message, payload, value, gas, serial); });
}

quint64 Session::claimValue(const ActorId& user, const MessageId& message)
{
    return post([=](SessionEngine& e, quint64 serial) { e.claimValue(user, message, serial); });
}

quint64 Session::setBreakpoints(std::vector<Breakpoint> breakpoints)
{
    const bool changed = breakpoints != m_breakpoints;
    m_breakpoints = breakpoints;
    const quint64 serial
        = post([bps = std::move(breakpoints)](SessionEngine& e, quint64 serial) { e.setBreakpoints(bps, serial); });
    if (changed)
        Q_EMIT breakpointsChanged();
    return serial;
}

quint64 Session::continueTrace(const QString& path, uint64_t position)
{
    m_runToken.fetch_add(1);
    const SessionEngine::Settings settings { m_traceDir, m_recording };
    return post([path, position, settings](
                    SessionEngine& e, quint64 serial) { e.continueFrom(path, position, settings, serial); });
}

quint64 Session::readMemory(const ActorId& program)
{
    return post([program](SessionEngine& e, quint64 serial) { e.readMemory(program, serial); });
}

quint64 Session::queryState(const ActorId& program, const Bytes& payload)
{
    return post([program, payload](SessionEngine& e, quint64 serial) { e.queryState(program, payload, serial); });
}

void Session::publishFromEngine(std::shared_ptr<SessionSnapshot> snapshot)
{
    QMutexLocker lock(&m_mutex);
    if (m_pending) {
        // The UI has not taken the previous one yet: fold its steps and log lines into this
        // one so nothing is lost, and keep only the newest world.
        auto& prev = *m_pending;
        snapshot->log.insert(
            snapshot->log.begin(), std::make_move_iterator(prev.log.begin()), std::make_move_iterator(prev.log.end()));
        snapshot->logDropped += prev.logDropped;
        if (snapshot->log.size() > SessionSnapshot::MaxLogEntries) {
            const size_t extra = snapshot->log.size() - SessionSnapshot::MaxLogEntries;
            snapshot->log.erase(snapshot->log.begin(), snapshot->log.begin() + long(extra));
            snapshot->logDropped += extra;
        }
        snapshot->steps.insert(snapshot->steps.begin(), std::make_move_iterator(prev.steps.begin()),
            std::make_move_iterator(prev.steps.end()));
        if (snapshot->steps.size() > SessionSnapshot::MaxSteps)
            snapshot->steps.erase(snapshot->steps.begin(),
                snapshot->steps.begin() + long(snapshot->steps.size() - SessionSnapshot::MaxSteps));
        snapshot->stepsSincePrevious += prev.stepsSincePrevious;
        // The timeline's feed is never capped; a new generation starts afresh.
        if (prev.generation == snapshot->generation)
            snapshot->timeline.insert(snapshot->timeline.begin(), std::make_move_iterator(prev.timeline.begin()),
                std::make_move_iterator(prev.timeline.end()));
    }
    m_pending = std::move(snapshot);
    if (!m_deliveryScheduled) {
        m_deliveryScheduled = true;
        QMetaObject::invokeMethod(this, &Session::deliverPending, Qt::QueuedConnection);
    }
}

void Session::reportFromEngine(std::function<void(Session&)> event)
{
    QMetaObject::invokeMethod(
        this, [this, event = std::move(event)] { event(*this); }, Qt::QueuedConnection);
}

void Session::deliverPending()
{
    Q_ASSERT(thread() == QThread::currentThread());
    std::shared_ptr<SessionSnapshot> snap;
    {
        QMutexLocker lock(&m_mutex);
        snap = std::move(m_pending);
        m_deliveryScheduled = false;
    }
    if (!snap)
        return;
    // A snapshot from before a reset or open can overtake nothing: the engine publishes in order.
    m_latest = snap;
    const bool runningNow = snap->running;
    if (runningNow != m_running) {
        m_running = runningNow;
        Q_EMIT runningChanged(m_running);
    }
    Q_EMIT snapshotAvailable(m_latest);
}

} // namespace Gearscope
