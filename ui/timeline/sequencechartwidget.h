// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <QWidget>

#include <vector>

class QListWidget;
class QListWidgetItem;

namespace Gearscope {

class ActorSelection;
class MessageSelection;
class TimelinePlot;
class TimelineSource;

/** The "Sequence chart" dock: the space-time view of a chosen set of actors (Erlang's `et`) —
 *  one column per actor, time downwards, the messages between them as arrows — linked to the
 *  same message selection and cursor as the timeline. The actors are chosen in a checkable list
 *  (or from outside, e.g. the actors table's selection); none checked shows every actor.
 *  GUI thread only. */
class SequenceChartWidget : public QWidget
{
    Q_OBJECT
public:
    explicit SequenceChartWidget(TimelineSource* source, QWidget* parent = nullptr);

    TimelinePlot* plot() const { return m_plot; }
    QListWidget* actorList() const { return m_list; }
    void setSelections(MessageSelection* messages, ActorSelection* actors);
    /// The actors checked, in list order.
    std::vector<ActorId> chosenActors() const;
    bool exportTo(const QString& path, QString* error = nullptr);

public Q_SLOTS:
    /// Checks exactly these actors.
    void setChosenActors(const std::vector<Gearscope::ActorId>& actors);

Q_SIGNALS:
    void stepActivated(uint64_t pos);

private:
    void syncActors();
    void applyChoice();

    TimelineSource* m_source;
    TimelinePlot* m_plot;
    QListWidget* m_list;
    bool m_syncing = false;
};

} // namespace Gearscope
