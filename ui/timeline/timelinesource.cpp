// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/timelinesource.h"

#include "trace/tracereader.h"

#include <QFutureWatcher>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace Gearscope {

/// One background indexing of a trace. Shared by the worker and the source, so neither outlives
/// what it touches: the worker only writes here, the GUI thread reads after the job finished (the
/// QFutureWatcher's signal) or polls the atomics for progress.
struct TimelineSource::TraceJob
{
    std::atomic<bool> cancel { false };
    std::atomic<uint64_t> done { 0 };
    std::atomic<uint64_t> total { 0 };
    std::optional<Result<TimelineIndex>> index;
    std::map<ActorId, std::string> names;
};

TimelineSource::TimelineSource(QObject* parent)
    : QObject(parent)
    , m_progressTimer(new QTimer(this))
{
    // Progress is polled, not pushed: the worker never calls into this object (it may be gone).
    m_progressTimer->setInterval(100);
    connect(m_progressTimer, &QTimer::timeout, this, [this] {
        if (!m_job)
            return;
        const uint64_t done = m_job->done.load(), total = m_job->total.load();
        if (total > 0 && done != m_progressShown) {
            m_progressShown = done;
            Q_EMIT traceProgress(qint64(done), qint64(total));
        }
    });
}

TimelineSource::~TimelineSource()
{
    if (m_job)
        m_job->cancel.store(true);
}

const TimelineIndex& TimelineSource::index() const { return m_mode == Mode::Trace && m_trace ? *m_trace : m_live; }

QString TimelineSource::actorName(const ActorId& actor) const
{
    const auto& names = m_mode == Mode::Trace ? m_traceNames : m_liveNames;
    auto it = names.find(actor);
    return QString::fromStdString(it != names.end() ? it->second : actor.shortHex());
}

void TimelineSource::applySnapshot(const SessionSnapshotPtr& snapshot)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (!snapshot)
        return;
    const bool reset = !m_haveGeneration || snapshot->generation != m_generation;
    if (reset) {
        m_live.clear();
        m_generation = snapshot->generation;
        m_haveGeneration = true;
    }
    for (const auto& s : snapshot->timeline)
        m_live.append(s);
    if (!snapshot->names.empty() || reset)
        m_liveNames = snapshot->names;
    m_liveCursor = snapshot->stepCount;
    if (m_mode == Mode::Live) {
        if (reset || !snapshot->timeline.empty())
            Q_EMIT indexChanged(reset);
        setCursor(m_liveCursor);
    }
}

void TimelineSource::showTrace(const QString& tracePath)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (m_job)
        m_job->cancel.store(true);
    auto job = std::make_shared<TraceJob>();
    m_job = job;
    m_loading = true;
    m_progressShown = 0;
    m_tracePath = tracePath;
    m_progressTimer->start();
    const std::string path = tracePath.toStdString();
    // The reader is opened on the worker thread: a TraceReader belongs to one thread.
    QFuture<void> future = QtConcurrent::run([path, job] {
        auto reader = TraceReader::open(path);
        if (!reader) {
            job->index = Result<TimelineIndex>::failure(reader.error());
            return;
        }
        job->index = TimelineIndex::fromTrace(
            **reader,
            [&job](uint64_t done, uint64_t total) {
                job->total.store(total);
                job->done.store(done);
            },
            &job->cancel);
        if (*job->index) {
            if (auto world = (*reader)->worldAt((*reader)->stepCount())) {
                for (const auto& p : world->programs)
                    job->names[p.id] = p.name.empty() ? p.id.shortHex() : p.name;
                for (const auto& u : world->users)
                    job->names[u.id] = u.name.empty() ? u.id.shortHex() : u.name;
            }
        }
    });
    // A watcher (not QFuture::then) because it also reports a job that finished before it was
    // attached: a missing file fails at once.
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, job, tracePath] {
        watcher->deleteLater();
        if (job != m_job)
            return; // a newer request (or showLive) won
        m_progressTimer->stop();
        m_loading = false;
        if (!job->index || !*job->index) {
            const std::string error = job->index ? job->index->error() : std::string("not indexed");
            Q_EMIT failed(tr("Timeline of %1: %2").arg(tracePath, QString::fromStdString(error)));
            return;
        }
        m_trace = std::make_shared<TimelineIndex>(std::move(*job->index).value());
        m_traceNames = std::move(job->names);
        m_mode = Mode::Trace;
        const qint64 total = qint64(m_trace->stepCount());
        Q_EMIT traceProgress(total, total);
        Q_EMIT indexChanged(true);
        Q_EMIT traceLoaded(tracePath);
    });
    watcher->setFuture(future);
}

void TimelineSource::showLive()
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (m_job)
        m_job->cancel.store(true);
    m_job.reset();
    m_progressTimer->stop();
    m_loading = false;
    const bool changed = m_mode != Mode::Live;
    m_mode = Mode::Live;
    m_trace.reset();
    m_tracePath.clear();
    if (changed)
        Q_EMIT indexChanged(true);
    setCursor(m_liveCursor);
}

void TimelineSource::setCursor(uint64_t pos)
{
    if (pos == m_cursor)
        return;
    m_cursor = pos;
    Q_EMIT cursorChanged(pos);
}

} // namespace Gearscope
