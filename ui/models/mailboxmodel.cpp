// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "mailboxmodel.h"

#include "format.h"

#include <algorithm>

namespace Gearscope {

MailboxModel::MailboxModel(QObject* parent)
    : SnapshotTableModel(parent)
{
}

QStringList MailboxModel::headerLabels() const
{
    return { tr("From"), tr("Payload"), tr("Value"), tr("Since"), tr("Expires at") };
}

void MailboxModel::setSnapshot(const SessionSnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    rebuild();
}

void MailboxModel::setUser(const ActorId& user)
{
    if (m_user && *m_user == user)
        return;
    m_user = user;
    ++m_userChanges;
    rebuild();
}

MessageId MailboxModel::messageAt(int row) const
{
    const QByteArray& key = rowAt(row).key;
    MessageId id;
    if (key.size() == qsizetype(id.bytes.size()))
        std::copy(key.begin(), key.end(), id.bytes.begin());
    return id;
}

void MailboxModel::rebuild()
{
    std::vector<Row> rows;
    const uint64_t generation = (m_snapshot ? m_snapshot->generation : 0) * 1'000'003ull + m_userChanges;
    if (m_snapshot && m_user) {
        auto mb = m_snapshot->world.mailboxes.find(*m_user);
        if (mb != m_snapshot->world.mailboxes.end()) {
            for (const auto& e : mb->second) {
                const Message& m = e.message;
                Row r;
                r.key = QByteArray(reinterpret_cast<const char*>(m.id.bytes.data()), 32);
                r.actor = m.source;
                r.source = m.source;
                r.destination = m.destination;
                r.display = { QString::fromStdString(m_snapshot->actorName(m.source)), Format::payload(m.payload),
                    Format::compact(m.value), QVariant::fromValue<uint>(e.since), QVariant::fromValue<uint>(e.expiresAt) };
                r.sort = { {}, {}, Format::sortKey(m.value), {}, {} };
                r.toolTip = tr("message %1\npayload: %2\nvalue: %3")
                                .arg(QString::fromStdString(m.id.hex()), Format::payload(m.payload, 400),
                                    Format::amount(m.value));
                rows.push_back(std::move(r));
            }
        }
    }
    setRows(std::move(rows), generation);
}

} // namespace Gearscope
