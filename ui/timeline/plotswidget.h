// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <memory>
#include <vector>

namespace Gearscope {

class TimelineSource;

/** The "Plots" dock: the global queue's length after each step, the gas each step burned, and
 *  the messages dispatched per block, over the run (QCustomPlot), with the cursor (the current
 *  step, or the replay position) drawn in each. Long runs are reduced to at most a few points
 *  per pixel (the maximum of each bucket, so no peak is lost), recomputed as the view moves.
 *  Steps share one horizontal range; a double click emits the step under the mouse.
 *  qcustomplot.h stays in the .cpp. GUI thread only. */
class PlotsWidget : public QWidget
{
    Q_OBJECT
public:
    enum Series
    {
        QueueLength,
        GasPerStep,
        MessagesPerBlock,
        SeriesCount
    };

    explicit PlotsWidget(TimelineSource* source, QWidget* parent = nullptr);
    ~PlotsWidget() override;

    /// The points a series draws now (key, value), after reduction.
    std::vector<std::pair<double, double>> seriesData(Series series) const;
    /// Where the cursor line of a series is (a step, or a block for MessagesPerBlock).
    double cursorKey(Series series) const;
    bool exportTo(const QString& path, QString* error = nullptr);
    void replotNow();

Q_SIGNALS:
    void stepActivated(uint64_t pos);

private:
    void onIndexChanged(bool reset);
    void updateCursor();
    void rebuildData();

    class Private;
    std::unique_ptr<Private> d;
    TimelineSource* m_source;
};

} // namespace Gearscope
