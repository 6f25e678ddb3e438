// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/sequencechartwidget.h"

#include "actorselection.h"
#include "messageselection.h"
#include "timeline/timelineplot.h"
#include "timeline/timelinesource.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace Gearscope {

namespace {
constexpr int ActorRole = Qt::UserRole + 1;
}

SequenceChartWidget::SequenceChartWidget(TimelineSource* source, QWidget* parent)
    : QWidget(parent)
    , m_source(source)
    , m_plot(new TimelinePlot(source, TimelinePlot::Orientation::Vertical, this))
    , m_list(new QListWidget(this))
{
    m_plot->setObjectName(QStringLiteral("sequencePlot"));
    m_list->setObjectName(QStringLiteral("sequenceActors"));
    m_list->setToolTip(tr("The actors shown side by side (none checked: all)"));
    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_list, 1);
    auto* exportButton = new QPushButton(tr("Export…"), side);
    exportButton->setObjectName(QStringLiteral("sequenceExport"));
    sideLayout->addWidget(exportButton);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the sequence chart"),
            QStringLiteral("sequence.png"), tr("PNG image (*.png);;PDF document (*.pdf)"));
        QString error;
        if (!path.isEmpty() && !exportTo(path, &error))
            QMessageBox::warning(this, tr("Export"), error);
    });
    auto* split = new QSplitter(this);
    split->addWidget(side);
    split->addWidget(m_plot);
    split->setStretchFactor(1, 1);
    split->setSizes({ 160, 600 });
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_list, &QListWidget::itemChanged, this, [this] {
        if (!m_syncing)
            applyChoice();
    });
    connect(m_plot, &TimelinePlot::stepActivated, this, &SequenceChartWidget::stepActivated);
    connect(source, &TimelineSource::indexChanged, this, &SequenceChartWidget::syncActors);
    syncActors();
}

void SequenceChartWidget::setSelections(MessageSelection* messages, ActorSelection* actors)
{
    if (messages) {
        connect(messages, &MessageSelection::messageSelected, m_plot, &TimelinePlot::setSelectedMessage);
        connect(messages, &MessageSelection::selectionCleared, m_plot, &TimelinePlot::clearSelectedMessage);
        connect(m_plot, &TimelinePlot::messageClicked, messages, &MessageSelection::selectMessage);
    }
    if (actors) {
        connect(actors, &ActorSelection::actorSelected, m_plot, &TimelinePlot::setSelectedActor);
        connect(actors, &ActorSelection::selectionCleared, m_plot, &TimelinePlot::clearSelectedActor);
    }
}

void SequenceChartWidget::syncActors()
{
    // New lanes join the list unchecked; a reset (new run or trace) starts the list afresh.
    const TimelineIndex& idx = m_source->index();
    m_syncing = true;
    std::vector<ActorId> listed;
    for (int i = 0; i < m_list->count(); ++i)
        listed.push_back(m_list->item(i)->data(ActorRole).value<ActorId>());
    bool stale = false;
    for (size_t i = 0; i < listed.size(); ++i)
        if (i >= idx.laneCount() || idx.laneActor(uint32_t(i)) != listed[i])
            stale = true;
    if (stale) {
        m_list->clear();
        listed.clear();
    }
    for (uint32_t lane = uint32_t(listed.size()); lane < idx.laneCount(); ++lane) {
        auto* item = new QListWidgetItem(m_source->actorName(idx.laneActor(lane)), m_list);
        item->setData(ActorRole, QVariant::fromValue(idx.laneActor(lane)));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    for (int i = 0; i < m_list->count(); ++i)
        m_list->item(i)->setText(m_source->actorName(m_list->item(i)->data(ActorRole).value<ActorId>()));
    m_syncing = false;
    if (stale)
        applyChoice();
}

std::vector<ActorId> SequenceChartWidget::chosenActors() const
{
    std::vector<ActorId> out;
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->checkState() == Qt::Checked)
            out.push_back(m_list->item(i)->data(ActorRole).value<ActorId>());
    return out;
}

void SequenceChartWidget::setChosenActors(const std::vector<ActorId>& actors)
{
    m_syncing = true;
    for (int i = 0; i < m_list->count(); ++i) {
        const ActorId a = m_list->item(i)->data(ActorRole).value<ActorId>();
        m_list->item(i)->setCheckState(
            std::find(actors.begin(), actors.end(), a) != actors.end() ? Qt::Checked : Qt::Unchecked);
    }
    m_syncing = false;
    applyChoice();
}

void SequenceChartWidget::applyChoice() { m_plot->setVisibleActors(chosenActors()); }

bool SequenceChartWidget::exportTo(const QString& path, QString* error) { return m_plot->exportTo(path, error); }

} // namespace Gearscope
