// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Gearscope {

class PayloadEdit;

/** Sends a message as a user to any actor: payload as text or hex, value, gas limit (empty =
 *  the maximum a user may give). Read the request after exec() returns Accepted. */
class SendMessageDialog : public QDialog
{
    Q_OBJECT
public:
    struct Request
    {
        ActorId from;
        ActorId to;
        Bytes payload;
        u128 value = 0;
        std::optional<Gas> gas;
    };

    explicit SendMessageDialog(const SessionSnapshotPtr& snapshot, QWidget* parent = nullptr);
    void setDestination(const ActorId& to);
    void setPayload(const QString& text, bool hex = false);
    /// The request as typed; nullopt with `error` set when a field is malformed.
    std::optional<Request> request(QString* error = nullptr) const;

    void accept() override;

private:
    QComboBox* m_from;
    QComboBox* m_to;
    PayloadEdit* m_payload;
    QLineEdit* m_value;
    QLineEdit* m_gas;
    QLabel* m_error;
};

} // namespace Gearscope
