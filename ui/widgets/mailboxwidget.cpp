// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "mailboxwidget.h"

#include "models/mailboxmodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Gearscope {

MailboxWidget::MailboxWidget(QWidget* parent)
    : QWidget(parent)
    , m_users(new QComboBox(this))
    , m_view(new QTableView(this))
    , m_model(new MailboxModel(this))
    , m_reply(new QPushButton(tr("Reply…"), this))
    , m_claim(new QPushButton(tr("Claim value"), this))
{
    m_users->setObjectName(QStringLiteral("mailboxUser"));
    m_view->setObjectName(QStringLiteral("mailboxView"));
    m_reply->setObjectName(QStringLiteral("mailboxReply"));
    m_claim->setObjectName(QStringLiteral("mailboxClaim"));
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(MailboxModel::PayloadColumn, QHeaderView::Stretch);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_reply->setToolTip(tr("Reply to the selected message as this user (spec §2)"));
    m_claim->setToolTip(tr("Take the selected message's value without replying"));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Mailbox of"), this));
    top->addWidget(m_users, 1);
    top->addWidget(m_reply);
    top->addWidget(m_claim);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_users, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant v = m_users->currentData();
        if (v.isValid())
            m_model->setUser(v.value<ActorId>());
        updateButtons();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MailboxWidget::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MailboxWidget::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MailboxWidget::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MailboxWidget::updateButtons);
    connect(m_reply, &QPushButton::clicked, this, [this] {
        if (auto m = currentMessage(); m && user())
            Q_EMIT replyRequested(*user(), *m);
    });
    connect(m_claim, &QPushButton::clicked, this, [this] {
        if (auto m = currentMessage(); m && user())
            Q_EMIT claimRequested(*user(), *m);
    });
    updateButtons();
}

void MailboxWidget::setSnapshot(const SessionSnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    // Keep the combo in step with the users of the world; the current user stays selected.
    const std::optional<ActorId> current = user();
    bool same = m_users->count() == int(snapshot->world.users.size());
    for (int i = 0; same && i < m_users->count(); ++i) {
        const auto& u = snapshot->world.users[size_t(i)];
        same = m_users->itemData(i).value<ActorId>() == u.id
            && m_users->itemText(i) == QString::fromStdString(snapshot->actorName(u.id));
    }
    if (!same) {
        const QSignalBlocker block(m_users);
        m_users->clear();
        for (const auto& u : snapshot->world.users) {
            const QString name = QString::fromStdString(snapshot->actorName(u.id));
            m_users->addItem(name, QVariant::fromValue(u.id));
        }
        int index = 0;
        if (current)
            for (int i = 0; i < m_users->count(); ++i)
                if (m_users->itemData(i).value<ActorId>() == *current)
                    index = i;
        m_users->setCurrentIndex(m_users->count() ? index : -1);
        if (m_users->count())
            m_model->setUser(m_users->itemData(index).value<ActorId>());
    }
    m_model->setSnapshot(snapshot);
    QMetaObject::invokeMethod(m_view->horizontalHeader(), "resizeSections", Qt::DirectConnection);
    updateButtons();
}

void MailboxWidget::setUser(const ActorId& user)
{
    for (int i = 0; i < m_users->count(); ++i)
        if (m_users->itemData(i).value<ActorId>() == user)
            m_users->setCurrentIndex(i);
}

std::optional<ActorId> MailboxWidget::user() const
{
    const QVariant v = m_users->currentData();
    if (!v.isValid())
        return std::nullopt;
    return v.value<ActorId>();
}

std::optional<MessageId> MailboxWidget::currentMessage() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        return m_model->messageAt(rows.first().row());
    if (m_model->rowCount() == 1)
        return m_model->messageAt(0); // one message: no need to select it first
    return std::nullopt;
}

void MailboxWidget::updateButtons()
{
    const bool have = currentMessage().has_value();
    m_reply->setEnabled(have);
    m_claim->setEnabled(have);
}

} // namespace Gearscope
