// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QWidget>

class QComboBox;
class QPushButton;
class QTableView;

namespace Gearscope {

class MailboxModel;

/** A user's mailbox with Reply and Claim actions. The user is picked in a combo box, and follows
 *  the window's selection when a user is selected. Emits requests; the window asks the Session. */
class MailboxWidget : public QWidget
{
    Q_OBJECT
public:
    explicit MailboxWidget(QWidget* parent = nullptr);

    void setSnapshot(const SessionSnapshotPtr& snapshot);
    /// Shows this user's mailbox (ignored for actors that are not users).
    void setUser(const ActorId& user);
    std::optional<ActorId> user() const;
    MailboxModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

Q_SIGNALS:
    void replyRequested(const Gearscope::ActorId& user, const Gearscope::MessageId& message);
    void claimRequested(const Gearscope::ActorId& user, const Gearscope::MessageId& message);

private:
    void updateButtons();
    std::optional<MessageId> currentMessage() const;

    SessionSnapshotPtr m_snapshot;
    QComboBox* m_users;
    QTableView* m_view;
    MailboxModel* m_model;
    QPushButton* m_reply;
    QPushButton* m_claim;
};

} // namespace Gearscope
