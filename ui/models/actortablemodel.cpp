// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "actortablemodel.h"

#include "format.h"

#include <map>

namespace Gearscope {

namespace {
QByteArray keyOf(const ActorId& id) { return QByteArray(reinterpret_cast<const char*>(id.bytes.data()), 32); }
} // namespace

ActorTableModel::ActorTableModel(QObject* parent)
    : SnapshotTableModel(parent)
{
}

QStringList ActorTableModel::headerLabels() const
{
    return { tr("Name"), tr("Kind"), tr("State"), tr("Queued"), tr("Waiting"), tr("Handled"), tr("Gas"), tr("Balance") };
}

QString ActorTableModel::headerToolTip(int column) const
{
    switch (column) {
    case QueuedColumn:
        return tr("Messages in the queue addressed to this actor");
    case WaitingColumn:
        return tr("This program's messages parked in the waitlist; for a user, messages in the mailbox");
    case HandledColumn:
        return tr("Executions that ran (any outcome)");
    case GasBurnedColumn:
        return tr("Gas burned by the program's executions");
    default:
        return {};
    }
}

int ActorTableModel::rowOfActor(const ActorId& id) const { return rowOf(keyOf(id)); }

void ActorTableModel::setSnapshot(const SessionSnapshotPtr& snapshot)
{
    const WorldState& w = snapshot->world;
    std::map<ActorId, int> queued, waiting;
    for (const auto& q : w.queue)
        ++queued[q.message.destination];
    for (const auto& e : w.waitlist)
        ++waiting[e.program];
    std::vector<Row> rows;
    rows.reserve(w.programs.size() + w.users.size());
    for (const auto& p : w.programs) {
        Row r;
        r.key = keyOf(p.id);
        r.actor = p.id;
        const int q = queued.count(p.id) ? queued[p.id] : 0;
        const int wt = waiting.count(p.id) ? waiting[p.id] : 0;
        r.display = { QString::fromStdString(snapshot->actorName(p.id)), tr("program"),
            QString::fromLatin1(toString(p.state)), q, wt, QVariant::fromValue<qulonglong>(p.handled),
            Format::compact(p.gasBurned), Format::compact(p.balance) };
        r.sort = { {}, {}, {}, {}, {}, {}, QVariant::fromValue<qulonglong>(p.gasBurned), Format::sortKey(p.balance) };
        r.toolTip = tr("%1\nid %2\ncode %3").arg(QString::fromStdString(snapshot->actorName(p.id)),
            QString::fromStdString(p.id.hex()), QString::fromStdString(p.codeId.hex()));
        r.cellToolTips = { {}, {}, {}, {}, {}, {}, tr("%1 gas burned").arg(Format::gas(p.gasBurned)),
            tr("balance %1").arg(Format::amount(p.balance)) };
        if (p.state == ProgramState::Exited || p.state == ProgramState::Terminated)
            r.tone = Tone::Muted;
        rows.push_back(std::move(r));
    }
    for (const auto& u : w.users) {
        Row r;
        r.key = keyOf(u.id);
        r.actor = u.id;
        auto mb = w.mailboxes.find(u.id);
        const int inMailbox = mb == w.mailboxes.end() ? 0 : int(mb->second.size());
        const int q = queued.count(u.id) ? queued[u.id] : 0;
        r.display = { QString::fromStdString(snapshot->actorName(u.id)), tr("user"), QStringLiteral("\u2014"), q, inMailbox, QVariant::fromValue<qulonglong>(0),
            Format::compact(0), Format::compact(u.balance) };
        r.sort = { {}, {}, {}, {}, {}, {}, QVariant::fromValue<qulonglong>(0), Format::sortKey(u.balance) };
        r.toolTip = tr("%1\nid %2").arg(QString::fromStdString(snapshot->actorName(u.id)), QString::fromStdString(u.id.hex()));
        r.cellToolTips = { {}, {}, {}, {}, {}, {}, {}, tr("balance %1").arg(Format::amount(u.balance)) };
        rows.push_back(std::move(r));
    }
    setRows(std::move(rows), snapshot->generation);
}

} // namespace Gearscope
