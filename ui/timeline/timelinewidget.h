// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QToolButton;

namespace Gearscope {

class ActorSelection;
class MessageSelection;
class TimelinePlot;
class TimelineSource;

/** The "Timeline" dock: the message timeline (TimelinePlot) with a steps/blocks switch, the
 *  legend and an export button. The interface agreed for issue 6: live snapshots come in through
 *  applySnapshot(), a replayed trace through showTrace(), the replay position through
 *  setCursorStep(); a double click (or Enter) on a step emits stepActivated(); search results
 *  are shown with setHighlightedMessages(). It follows (and sets) the window's MessageSelection
 *  and ActorSelection. Owns the TimelineSource that the sequence chart and plots share.
 *  GUI thread only. */
class TimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineWidget(QWidget* parent = nullptr);
    ~TimelineWidget() override;

    TimelineSource* source() const { return m_source; }
    TimelinePlot* plot() const { return m_plot; }
    /// Follow and drive these selections (not owned; either may be null).
    void setSelections(MessageSelection* messages, ActorSelection* actors);
    /// Writes the timeline as PNG or PDF (by suffix).
    bool exportTo(const QString& path, QString* error = nullptr);

public Q_SLOTS:
    void applySnapshot(const Gearscope::SessionSnapshotPtr& snapshot);
    void showTrace(const QString& tracePath);
    /// Back to the live run (when replay closes).
    void showLive();
    void setCursorStep(uint64_t pos);
    void setHighlightedMessages(const std::vector<Gearscope::MessageId>& messages);
    void showExportDialog();

Q_SIGNALS:
    void stepActivated(uint64_t pos);

private:
    void updateStatus();

    TimelineSource* m_source;
    TimelinePlot* m_plot;
    QComboBox* m_axis;
    QToolButton* m_export;
    QLabel* m_status;
};

} // namespace Gearscope
