// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelineindex.h"
#include "timeline/timelinemapping.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

namespace Gearscope {

class TimelineLayer;
class TimelineSource;

/** Draws a TimelineSource's index with QCustomPlot: one lane per actor, a mark per dispatch,
 *  an arrow per message from the step that sent it to the step that processed it, the cursor,
 *  the selected and highlighted messages. Only what is on screen is drawn, at most one mark per
 *  lane and pixel column (TimelineIndex::marks/arrows), so 1,000,000 messages stay interactive.
 *
 *  Horizontal (the message timeline: time to the right) or vertical (the sequence chart: actors
 *  side by side, time downwards, only the chosen lanes). Mouse: drag pans, wheel zooms, a click
 *  selects the message of a mark or arrow, a double click activates the step. Keys: + and -
 *  zoom, Left/Right pan, Home shows everything, End follows the end, Enter activates the
 *  selected step. qcustomplot.h stays in the .cpp (it costs seconds per translation unit).
 *  GUI thread only. */
class TimelinePlot : public QWidget
{
    Q_OBJECT
public:
    enum class Orientation
    {
        Horizontal,
        Vertical
    };

    explicit TimelinePlot(TimelineSource* source, Orientation orientation, QWidget* parent = nullptr);
    ~TimelinePlot() override;

    TimelineIndex::Axis axis() const { return m_axis; }
    void setAxis(TimelineIndex::Axis axis);
    /// Lanes shown, by actor (empty: every lane); the sequence chart's chosen actors.
    void setVisibleActors(const std::vector<ActorId>& actors);
    bool showsAllActors() const { return m_visibleActors.empty(); }

    /// The visible time window and its length in pixels.
    TimelineMapping mapping() const;
    void setTimeRange(double lower, double upper);
    /// Whether the view keeps the newest steps in sight as they arrive.
    bool following() const { return m_follow; }

    std::optional<MessageId> selectedMessage() const { return m_selected; }
    const std::vector<MessageId>& highlightedMessages() const { return m_highlighted; }
    std::optional<ActorId> selectedActor() const { return m_selectedActor; }
    uint64_t cursorPosition() const { return m_cursor; }

    /// Where on this widget step i's mark is drawn (for tests and tooltips); nullopt if hidden.
    std::optional<QPointF> markPosition(size_t step) const;
    /// Where the middle of message m's arrow is; nullopt if it is not drawn.
    std::optional<QPointF> arrowMidpoint(uint32_t message) const;
    /// The message of the mark or arrow at `pos` (widget coordinates), if any.
    std::optional<uint32_t> messageAt(const QPointF& pos) const;
    /// The step of the mark at `pos`, if any.
    std::optional<size_t> stepAt(const QPointF& pos) const;

    /// What the tooltip over step i's mark says: step, block, actor, kind, outcome, gas, queue.
    QString describeStep(size_t step) const;

    /// Writes the view as PNG or PDF (by the file's suffix); false with `error` set on failure.
    bool exportTo(const QString& path, QString* error = nullptr, int width = 0, int height = 0);

    /// Time spent in the last redraw of the marks and arrows (ms), and what it painted (arrows on
    /// the same pixels as one already painted are not painted again, see ArrowParts).
    double lastDrawMs() const;
    size_t lastMarksDrawn() const;
    size_t lastArrowsDrawn() const;
    /// Replots now (synchronously): the benchmark's unit of work.
    void replotNow();

public Q_SLOTS:
    void setCursorPosition(uint64_t pos);
    void setSelectedMessage(const Gearscope::MessageId& message);
    void clearSelectedMessage();
    void setHighlightedMessages(const std::vector<Gearscope::MessageId>& messages);
    void setSelectedActor(const Gearscope::ActorId& actor);
    void clearSelectedActor();
    void zoomIn();
    void zoomOut();
    void panLeft();
    void panRight();
    void showAll();
    void followEnd();

Q_SIGNALS:
    void messageClicked(const Gearscope::MessageId& message);
    /// The user double-clicked a step or pressed Enter: `pos` is the position after it.
    void stepActivated(uint64_t pos);
    void timeRangeChanged(double lower, double upper);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void onIndexChanged(bool reset);
    void updateLanes();
    void replot();
    void ensureVisible(uint32_t message);

    class Private;
    friend class TimelineLayer; // the painting layer in the .cpp reads the view state
    std::unique_ptr<Private> d;
    TimelineSource* m_source;
    Orientation m_orientation;
    TimelineIndex::Axis m_axis = TimelineIndex::Axis::Steps;
    std::vector<ActorId> m_visibleActors;
    std::optional<MessageId> m_selected;
    std::optional<size_t> m_activeStep;
    std::vector<MessageId> m_highlighted;
    std::optional<ActorId> m_selectedActor;
    uint64_t m_cursor = 0;
    bool m_follow = true;
};

} // namespace Gearscope
