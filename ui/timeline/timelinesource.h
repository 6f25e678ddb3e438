// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"
#include "timeline/timelineindex.h"

#include <QObject>
#include <QString>

class QTimer;

#include <atomic>
#include <map>
#include <memory>

namespace Gearscope {

/** Feeds the timeline views (timeline, sequence chart, plots) one TimelineIndex: the live run's,
 *  appended from every snapshot's uncapped `timeline` steps, or a recorded trace's, built off
 *  the GUI thread with progress (replay). The live index keeps growing while a trace is shown,
 *  so going back to live loses nothing. GUI thread only. */
class TimelineSource : public QObject
{
    Q_OBJECT
public:
    enum class Mode
    {
        Live,
        Trace
    };

    explicit TimelineSource(QObject* parent = nullptr);
    ~TimelineSource() override;

    const TimelineIndex& index() const;
    Mode mode() const { return m_mode; }
    QString tracePath() const { return m_tracePath; }
    /// The latest snapshot's step count (the live cursor) — in trace mode the replay position.
    uint64_t cursor() const { return m_cursor; }
    /// The actor's name as the latest snapshot (or the trace's end) knows it.
    QString actorName(const ActorId& actor) const;
    bool loading() const { return m_loading; }

public Q_SLOTS:
    /// Live: appends the snapshot's new steps; a new generation starts a new index.
    void applySnapshot(const Gearscope::SessionSnapshotPtr& snapshot);
    /// Replay: builds the index of the whole trace in the background; shown when done.
    void showTrace(const QString& tracePath);
    /// Back to the live run's index.
    void showLive();
    void setCursor(uint64_t pos);

Q_SIGNALS:
    /// The shown index has new steps or was replaced (`reset`): views redraw.
    void indexChanged(bool reset);
    void cursorChanged(uint64_t pos);
    void traceProgress(qint64 done, qint64 total);
    void traceLoaded(const QString& tracePath);
    void failed(const QString& message);

private:
    Mode m_mode = Mode::Live;
    TimelineIndex m_live;
    std::shared_ptr<TimelineIndex> m_trace;
    std::map<ActorId, std::string> m_liveNames;
    std::map<ActorId, std::string> m_traceNames;
    uint64_t m_generation = 0;
    bool m_haveGeneration = false;
    uint64_t m_cursor = 0;
    uint64_t m_liveCursor = 0; // the live run's position, restored by showLive()
    QString m_tracePath;
    bool m_loading = false;
    struct TraceJob;
    std::shared_ptr<TraceJob> m_job; // the latest trace job; older ones are cancelled and ignored
    QTimer* m_progressTimer;
    uint64_t m_progressShown = 0;
};

} // namespace Gearscope
