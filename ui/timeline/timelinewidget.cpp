// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/timelinewidget.h"

#include "actorselection.h"
#include "messageselection.h"
#include "timeline/timelineplot.h"
#include "timeline/timelinesource.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace Gearscope {

TimelineWidget::TimelineWidget(QWidget* parent)
    : QWidget(parent)
    , m_source(new TimelineSource(this))
    , m_plot(new TimelinePlot(m_source, TimelinePlot::Orientation::Horizontal, this))
    , m_axis(new QComboBox(this))
    , m_export(new QToolButton(this))
    , m_status(new QLabel(this))
{
    m_plot->setObjectName(QStringLiteral("timelinePlot"));
    m_axis->setObjectName(QStringLiteral("timelineAxis"));
    m_axis->addItem(tr("Steps"), int(TimelineIndex::Axis::Steps));
    m_axis->addItem(tr("Blocks"), int(TimelineIndex::Axis::Blocks));
    m_axis->setToolTip(tr("Time as steps, or as blocks (a block's steps share its width)"));
    connect(m_axis, &QComboBox::currentIndexChanged, this,
        [this] { m_plot->setAxis(TimelineIndex::Axis(m_axis->currentData().toInt())); });
    m_export->setObjectName(QStringLiteral("timelineExport"));
    m_export->setText(tr("Export…"));
    m_export->setToolTip(tr("Save the timeline as PNG or PDF"));
    connect(m_export, &QToolButton::clicked, this, &TimelineWidget::showExportDialog);
    m_status->setObjectName(QStringLiteral("timelineStatus"));

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->addWidget(new QLabel(tr("Time:"), this));
    bar->addWidget(m_axis);
    bar->addWidget(m_status, 1);
    auto* hint = new QLabel(tr("drag: pan · wheel, +/−: zoom · Home: all · End: follow"), this);
    hint->setEnabled(false);
    // The labels give way when the dock is narrow: the window has three bottom docks side by
    // side and must still fit a 1366-pixel laptop screen.
    for (QLabel* l : { m_status, hint })
        l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(hint);
    bar->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);

    connect(m_plot, &TimelinePlot::stepActivated, this, &TimelineWidget::stepActivated);
    connect(m_source, &TimelineSource::indexChanged, this, &TimelineWidget::updateStatus);
    connect(m_source, &TimelineSource::traceProgress, this, [this](qint64 done, qint64 total) {
        m_status->setText(tr("indexing the trace: %1 %").arg(total > 0 ? done * 100 / total : 0));
    });
    connect(m_source, &TimelineSource::failed, this, [this](const QString& message) { m_status->setText(message); });
    updateStatus();
}

TimelineWidget::~TimelineWidget() = default;

void TimelineWidget::setSelections(MessageSelection* messages, ActorSelection* actors)
{
    if (messages) {
        connect(messages, &MessageSelection::messageSelected, m_plot, &TimelinePlot::setSelectedMessage);
        connect(messages, &MessageSelection::selectionCleared, m_plot, &TimelinePlot::clearSelectedMessage);
        connect(m_plot, &TimelinePlot::messageClicked, messages, &MessageSelection::selectMessage);
        if (auto m = messages->selectedMessage())
            m_plot->setSelectedMessage(*m);
    }
    if (actors) {
        connect(actors, &ActorSelection::actorSelected, m_plot, &TimelinePlot::setSelectedActor);
        connect(actors, &ActorSelection::selectionCleared, m_plot, &TimelinePlot::clearSelectedActor);
        if (auto a = actors->selectedActor())
            m_plot->setSelectedActor(*a);
    }
}

void TimelineWidget::applySnapshot(const SessionSnapshotPtr& snapshot) { m_source->applySnapshot(snapshot); }

void TimelineWidget::showTrace(const QString& tracePath) { m_source->showTrace(tracePath); }

void TimelineWidget::showLive() { m_source->showLive(); }

void TimelineWidget::setCursorStep(uint64_t pos) { m_source->setCursor(pos); }

void TimelineWidget::setHighlightedMessages(const std::vector<MessageId>& messages)
{
    m_plot->setHighlightedMessages(messages);
}

bool TimelineWidget::exportTo(const QString& path, QString* error) { return m_plot->exportTo(path, error); }

void TimelineWidget::showExportDialog()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the timeline"), QStringLiteral("timeline.png"), tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

void TimelineWidget::updateStatus()
{
    const TimelineIndex& idx = m_source->index();
    const QString mode = m_source->mode() == TimelineSource::Mode::Trace ? tr("replay") : tr("live");
    m_status->setText(tr("%1 · %2 steps · %3 messages · %4 actors")
                          .arg(mode)
                          .arg(idx.stepCount())
                          .arg(idx.messageCount())
                          .arg(idx.laneCount()));
}

} // namespace Gearscope
