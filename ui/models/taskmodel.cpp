// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "taskmodel.h"

#include <QHash>

namespace Gearscope {

TaskModel::TaskModel(QObject* parent)
    : SnapshotTableModel(parent)
{
}

QStringList TaskModel::headerLabels() const { return { tr("Block"), tr("Task"), tr("Actor"), tr("Message") }; }

void TaskModel::setSnapshot(const SessionSnapshotPtr& snapshot)
{
    std::vector<Row> rows;
    rows.reserve(snapshot->world.tasks.size());
    QHash<QByteArray, int> seen; // equal tasks can be scheduled twice: number them to keep keys unique
    for (const auto& t : snapshot->world.tasks) {
        Row r;
        QByteArray key = QByteArray::number(t.block) + QByteArray(1, char(t.kind))
            + QByteArray(reinterpret_cast<const char*>(t.actor.bytes.data()), 32)
            + QByteArray(reinterpret_cast<const char*>(t.message.bytes.data()), 32);
        const int n = seen[key]++;
        r.key = key + QByteArray::number(n);
        r.actor = t.actor;
        r.display = { QVariant::fromValue<uint>(t.block), QString::fromLatin1(toString(t.kind)),
            QString::fromStdString(snapshot->actorName(t.actor)), QString::fromStdString(t.message.shortHex()) };
        r.toolTip = QString::fromStdString(t.message.hex());
        rows.push_back(std::move(r));
    }
    setRows(std::move(rows), snapshot->generation);
}

} // namespace Gearscope
