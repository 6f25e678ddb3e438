// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "waitlistmodel.h"

#include "format.h"

namespace Gearscope {

WaitlistModel::WaitlistModel(QObject* parent)
    : SnapshotTableModel(parent)
{
}

QStringList WaitlistModel::headerLabels() const
{
    return { tr("Program"), tr("Kind"), tr("From"), tr("Payload"), tr("Since"), tr("Wakes at"), tr("Expires at") };
}

void WaitlistModel::setSnapshot(const SessionSnapshotPtr& snapshot)
{
    std::vector<Row> rows;
    rows.reserve(snapshot->world.waitlist.size());
    for (const auto& e : snapshot->world.waitlist) {
        Row r;
        r.key = QByteArray(reinterpret_cast<const char*>(e.program.bytes.data()), 32)
            + QByteArray(reinterpret_cast<const char*>(e.message.id.bytes.data()), 32);
        r.actor = e.program;
        r.source = e.message.source;
        r.destination = e.message.destination;
        r.display = { QString::fromStdString(snapshot->actorName(e.program)), Format::dispatchKind(e.kind),
            QString::fromStdString(snapshot->actorName(e.message.source)), Format::payload(e.message.payload),
            QVariant::fromValue<uint>(e.since),
            e.wakeAt ? QVariant::fromValue<uint>(*e.wakeAt) : QVariant(QStringLiteral("\u2014")),
            QVariant::fromValue<uint>(e.expiresAt) };
        r.sort = { {}, {}, {}, {}, {}, QVariant::fromValue<uint>(e.wakeAt.value_or(0)), {} };
        r.toolTip = tr("message %1 waits in %2").arg(QString::fromStdString(e.message.id.hex()),
            QString::fromStdString(snapshot->actorName(e.program)));
        rows.push_back(std::move(r));
    }
    setRows(std::move(rows), snapshot->generation);
}

} // namespace Gearscope
