// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "replaycontroller.h"

#include "session/replaybuilder.h"

#include <QFileInfo>
#include <QMutexLocker>
#include <QThread>

#include <algorithm>

namespace Gearscope {

namespace {
/// Replay generations live far above a Session's (which count from 0), so a panel never takes
/// a replay for the live session it showed before, or one replay for the previous one.
constexpr uint64_t ReplayGenerationBase = uint64_t(1) << 62;
constexpr uint64_t GenerationsPerOpen = uint64_t(1) << 32;
} // namespace

ReplayController::ReplayController(QObject* parent)
    : QObject(parent)
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("gearscope-replay"));
    m_worker = new QObject;
    m_worker->moveToThread(m_thread);
    m_thread->start();
}

ReplayController::~ReplayController()
{
    {
        QMutexLocker lock(&m_mutex);
        m_wanted.reset();
    }
    m_thread->quit();
    m_thread->wait();
    m_builder.reset();
    delete m_worker;
}

void ReplayController::open(const QString& path, std::optional<uint64_t> position)
{
    const uint64_t openId = ++m_openId;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const uint64_t generation = ReplayGenerationBase + openId * GenerationsPerOpen;
    QMetaObject::invokeMethod(
        m_worker,
        [this, openId, absolute, generation, position] {
            auto opened = ReplayBuilder::open(absolute.toStdString(), generation);
            if (!opened) {
                const QString error = QString::fromStdString(opened.error());
                QMetaObject::invokeMethod(this, [this, openId, error] {
                    if (openId == m_openId)
                        Q_EMIT failed(tr("Cannot replay: %1").arg(error));
                });
                return;
            }
            m_builder = std::move(opened).value();
            m_builderOpenId = openId;
            const uint64_t steps = m_builder->stepCount();
            const uint64_t pos = std::min(position.value_or(steps), steps);
            QMetaObject::invokeMethod(this, [this, openId, absolute, steps, pos] {
                if (openId != m_openId)
                    return;
                m_active = true;
                m_activeOpenId = openId;
                m_tracePath = absolute;
                m_stepCount = steps;
                m_position = pos;
                m_target = pos;
                m_snapshot.reset();
                // Seek first: a slot of replayOpened may seek elsewhere, and the later seek wins.
                seek(pos);
                Q_EMIT replayOpened(absolute, steps);
            });
        },
        Qt::QueuedConnection);
}

void ReplayController::seek(uint64_t pos)
{
    if (!m_active)
        return;
    m_target = std::min(pos, m_stepCount);
    {
        QMutexLocker lock(&m_mutex);
        m_wanted = Wanted { m_activeOpenId, m_target };
    }
    schedule();
}

void ReplayController::stepBack() { seek(m_target > 0 ? m_target - 1 : 0); }

void ReplayController::stepForward() { seek(m_target + 1); }

void ReplayController::seekFirst() { seek(0); }

void ReplayController::seekLast() { seek(m_stepCount); }

void ReplayController::close()
{
    if (!m_active)
        return;
    ++m_openId; // results still on their way are stale now
    m_active = false;
    {
        QMutexLocker lock(&m_mutex);
        m_wanted.reset();
    }
    QMetaObject::invokeMethod(
        m_worker, [this] { m_builder.reset(); }, Qt::QueuedConnection);
    m_tracePath.clear();
    m_snapshot.reset();
    Q_EMIT replayClosed();
}

void ReplayController::schedule()
{
    QMutexLocker lock(&m_mutex);
    if (m_jobScheduled)
        return; // the job already queued builds whatever is wanted when it runs
    m_jobScheduled = true;
    QMetaObject::invokeMethod(
        m_worker, [this] { buildWanted(); }, Qt::QueuedConnection);
}

void ReplayController::buildWanted()
{
    std::optional<Wanted> wanted;
    {
        QMutexLocker lock(&m_mutex);
        wanted = m_wanted;
        m_wanted.reset();
        m_jobScheduled = false;
    }
    if (!wanted || !m_builder || wanted->openId != m_builderOpenId)
        return;
    auto built = m_builder->build(wanted->pos);
    const uint64_t openId = wanted->openId;
    const uint64_t pos = wanted->pos;
    if (!built) {
        const QString error = QString::fromStdString(built.error());
        QMetaObject::invokeMethod(this, [this, openId, pos, error] {
            if (openId == m_activeOpenId && m_active)
                Q_EMIT failed(tr("Cannot show step %1: %2").arg(pos).arg(error));
        });
        return;
    }
    SessionSnapshotPtr snap = std::move(built).value();
    QMetaObject::invokeMethod(this, [this, openId, pos, snap] {
        if (!m_active || openId != m_activeOpenId)
            return;
        m_snapshot = snap;
        m_position = pos;
        Q_EMIT snapshotAvailable(snap);
        Q_EMIT positionChanged(pos);
    });
}

} // namespace Gearscope
