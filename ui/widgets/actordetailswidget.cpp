// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "actordetailswidget.h"

#include "format.h"
#include "models/actorfilterproxymodel.h"
#include "models/queuemodel.h"
#include "models/taskmodel.h"
#include "models/waitlistmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace Gearscope {

ActorDetailsWidget::ActorDetailsWidget(QueueModel* queue, WaitlistModel* waitlist, TaskModel* tasks, QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_fields(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_queued(new ActorFilterProxyModel(ActorFilterProxyModel::MatchSource | ActorFilterProxyModel::MatchDestination, this))
    , m_waiting(new ActorFilterProxyModel(ActorFilterProxyModel::MatchActor, this))
    , m_tasks(new ActorFilterProxyModel(ActorFilterProxyModel::MatchActor, this))
{
    m_queued->setSourceModel(queue);
    m_waiting->setSourceModel(waitlist);
    m_tasks->setSourceModel(tasks);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_title->setFont(big);
    m_fields->setTextFormat(Qt::RichText);
    m_fields->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fields->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_fields->setWordWrap(true);
    m_tabs->addTab(makeTable(m_queued), tr("Queued"));
    m_tabs->addTab(makeTable(m_waiting), tr("Waitlist"));
    m_tabs->addTab(makeTable(m_tasks), tr("Tasks"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_fields);
    layout->addWidget(m_tabs, 1);
    for (auto* proxy : { m_queued, m_waiting, m_tasks }) {
        connect(proxy, &QAbstractItemModel::rowsInserted, this, &ActorDetailsWidget::refresh);
        connect(proxy, &QAbstractItemModel::rowsRemoved, this, &ActorDetailsWidget::refresh);
        connect(proxy, &QAbstractItemModel::modelReset, this, &ActorDetailsWidget::refresh);
    }
    refresh();
}

QTableView* ActorDetailsWidget::makeTable(ActorFilterProxyModel* proxy)
{
    auto* view = new QTableView(m_tabs);
    view->setModel(proxy);
    view->verticalHeader()->hide();
    // Payload is column 3 in the queue and the waitlist; the task table has no payload.
    QHeaderView* h = view->horizontalHeader();
    h->setResizeContentsPrecision(100);
    h->setSectionResizeMode(QHeaderView::ResizeToContents);
    h->setStretchLastSection(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    m_views << view;
    return view;
}

void ActorDetailsWidget::setSnapshot(const SessionSnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    refresh();
    // Content-sized columns are not re-measured when only a cell's text changes.
    for (QTableView* view : std::as_const(m_views))
        QMetaObject::invokeMethod(view->horizontalHeader(), "resizeSections", Qt::DirectConnection);
}

void ActorDetailsWidget::setActor(const std::optional<ActorId>& actor)
{
    m_actor = actor;
    m_queued->setActor(actor);
    m_waiting->setActor(actor);
    m_tasks->setActor(actor);
    refresh();
}

void ActorDetailsWidget::refresh()
{
    m_tabs->setTabText(0, tr("Queued (%1)").arg(m_queued->rowCount()));
    m_tabs->setTabText(1, tr("Waitlist (%1)").arg(m_waiting->rowCount()));
    m_tabs->setTabText(2, tr("Tasks (%1)").arg(m_tasks->rowCount()));
    if (!m_actor || !m_snapshot) {
        m_title->setText(tr("No actor selected"));
        m_fields->setText(tr("Select an actor in the actors table (or the graph)."));
        return;
    }
    const WorldState& w = m_snapshot->world;
    const QString name = QString::fromStdString(m_snapshot->actorName(*m_actor));
    auto row = [](const QString& label, const QString& value) {
        return QStringLiteral("<tr><td style='padding-right:10px'><b>%1</b></td><td>%2</td></tr>").arg(label, value);
    };
    QString html = QStringLiteral("<table>");
    html += row(tr("Id"), QStringLiteral("<code>%1</code>").arg(QString::fromStdString(m_actor->hex())));
    if (const ProgramSnapshot* p = w.program(*m_actor)) {
        m_title->setText(tr("%1 — program").arg(name));
        html += row(tr("State"), QString::fromLatin1(toString(p->state)));
        html += row(tr("Balance"), Format::amount(p->balance));
        html += row(tr("Code id"), QStringLiteral("<code>%1</code>").arg(QString::fromStdString(p->codeId.hex())));
        html += row(tr("Memory"),
            tr("%1 Wasm pages (%2 static, %3 allocated)")
                .arg(p->memoryPages)
                .arg(p->staticPages)
                .arg(p->allocations.size()));
        html += row(tr("Handled"), tr("%1 executions, %2 gas burned").arg(p->handled).arg(Format::gas(p->gasBurned)));
        QStringList exports;
        for (const auto& e : p->exports)
            exports << QString::fromStdString(e);
        html += row(tr("Exports"), exports.join(QStringLiteral(", ")));
        if (p->state == ProgramState::Exited)
            html += row(tr("Inheritor"), QString::fromStdString(m_snapshot->actorName(p->inheritor)));
    } else if (const UserSnapshot* u = w.user(*m_actor)) {
        m_title->setText(tr("%1 — user").arg(name));
        html += row(tr("Balance"), Format::amount(u->balance));
        auto mb = w.mailboxes.find(*m_actor);
        html += row(tr("Mailbox"), tr("%1 message(s)").arg(mb == w.mailboxes.end() ? 0 : int(mb->second.size())));
    } else {
        m_title->setText(name);
        html += row(tr("State"), tr("not in this world"));
    }
    html += QStringLiteral("</table>");
    m_fields->setText(html);
}

} // namespace Gearscope
