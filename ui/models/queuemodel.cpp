// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "queuemodel.h"

#include "format.h"

#include <algorithm>

namespace Gearscope {

QueueModel::QueueModel(QObject* parent)
    : SnapshotTableModel(parent)
{
}

QStringList QueueModel::headerLabels() const
{
    return { tr("Kind"), tr("From"), tr("To"), tr("Payload"), tr("Value"), tr("Gas") };
}

void QueueModel::setSnapshot(const SessionSnapshotPtr& snapshot)
{
    std::vector<Row> rows;
    rows.reserve(std::min<size_t>(snapshot->world.queue.size(), MaxRows + 1));
    int position = 0;
    for (const auto& q : snapshot->world.queue) {
        if (position == MaxRows) {
            Row more;
            more.key = QByteArrayLiteral("more");
            more.tone = Tone::Muted;
            const int rest = int(snapshot->world.queue.size()) - MaxRows;
            more.display = { tr("\u2026 %1 more").arg(rest), QString(), QString(), QString(), QString(), QString() };
            more.sort = { position, {}, {}, {}, {}, {} };
            rows.push_back(std::move(more));
            break;
        }
        const Message& m = q.message;
        Row r;
        r.key = QByteArray(reinterpret_cast<const char*>(m.id.bytes.data()), 32);
        const QString kind = Format::dispatchKind(q.kind) + (q.woken ? QStringLiteral(" \u21bb") : QString());
        r.emphasis = position == 0;
        r.display = { r.emphasis ? QStringLiteral("\u25b6 ") + kind : kind,
            QString::fromStdString(snapshot->actorName(m.source)),
            QString::fromStdString(snapshot->actorName(m.destination)), Format::payload(m.payload),
            Format::compact(m.value), Format::compact(q.gasAvailable) };
        r.sort = { position, {}, {}, {}, Format::sortKey(m.value), QVariant::fromValue<qulonglong>(q.gasAvailable) };
        r.toolTip = tr("message %1\n%2 → %3\npayload: %4\nvalue: %5\ngas available: %6")
                        .arg(QString::fromStdString(m.id.hex()), QString::fromStdString(snapshot->actorName(m.source)),
                            QString::fromStdString(snapshot->actorName(m.destination)), Format::payload(m.payload, 400),
                            Format::amount(m.value), Format::gas(q.gasAvailable));
        if (m.replyTo)
            r.toolTip += tr("\nreply code: %1").arg(QString::fromStdString(m.replyCode.toString()));
        if (q.woken)
            r.toolTip += tr("\nwoken (\u21bb): it ran before and waited");
        if (m.replyTo && m.replyCode.isError())
            r.tone = Tone::Error;
        r.source = m.source;
        r.destination = m.destination;
        r.actor = m.destination;
        rows.push_back(std::move(r));
        ++position;
    }
    setRows(std::move(rows), snapshot->generation);
}

} // namespace Gearscope
