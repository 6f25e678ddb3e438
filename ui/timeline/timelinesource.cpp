// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/timelinesource.h"

#include "trace/tracereader.h"

#include <QPointer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

namespace Gearscope {

namespace {

struct TraceJobResult
{
    Result<TimelineIndex> index = Result<TimelineIndex>::failure("not run");
    std::map<ActorId, std::string> names;
};

} // namespace

TimelineSource::TimelineSource(QObject* parent)
    : QObject(parent)
{
}

TimelineSource::~TimelineSource()
{
    if (m_cancel)
        m_cancel->store(true);
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
    if (m_cancel)
        m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const uint64_t job = ++m_job;
    m_loading = true;
    m_tracePath = tracePath;
    QPointer<TimelineSource> self(this);
    const std::string path = tracePath.toStdString();
    auto cancel = m_cancel;
    // The reader is opened on the worker thread: a TraceReader belongs to one thread.
    QtConcurrent::run([path, cancel, self, job] {
        TraceJobResult out;
        auto reader = TraceReader::open(path);
        if (!reader) {
            out.index = Result<TimelineIndex>::failure(reader.error());
            return out;
        }
        out.index = TimelineIndex::fromTrace(
            **reader,
            [self, job, cancel](uint64_t done, uint64_t total) {
                // The source sets `cancel` when it goes away or a newer job starts.
                QObject* target = self.data();
                if (!target || cancel->load())
                    return;
                QMetaObject::invokeMethod(
                    target,
                    [self, job, done, total] {
                        if (self && self->m_job == job)
                            Q_EMIT self->traceProgress(qint64(done), qint64(total));
                    },
                    Qt::QueuedConnection);
            },
            cancel.get());
        if (out.index) {
            if (auto world = (*reader)->worldAt((*reader)->stepCount())) {
                for (const auto& p : world->programs)
                    out.names[p.id] = p.name.empty() ? p.id.shortHex() : p.name;
                for (const auto& u : world->users)
                    out.names[u.id] = u.name.empty() ? u.id.shortHex() : u.name;
            }
        }
        return out;
    }).then(this, [this, job, tracePath](TraceJobResult result) {
        if (job != m_job)
            return; // a newer request (or showLive) won
        m_loading = false;
        if (!result.index) {
            Q_EMIT failed(tr("Timeline of %1: %2").arg(tracePath, QString::fromStdString(result.index.error())));
            return;
        }
        m_trace = std::make_shared<TimelineIndex>(std::move(result.index).value());
        m_traceNames = std::move(result.names);
        m_mode = Mode::Trace;
        Q_EMIT indexChanged(true);
        Q_EMIT traceLoaded(tracePath);
    });
}

void TimelineSource::showLive()
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (m_cancel)
        m_cancel->store(true);
    ++m_job;
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
