// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "dialogs/requestdialog.h"
#include "session/sessionsnapshot.h"

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Gearscope {

class PayloadEdit;

/** Sends a message as a user to any actor: payload as text or hex, value, gas limit (empty =
 *  the maximum a user may give). Read the request after exec() returns Accepted. */
class SendMessageDialog : public RequestDialog
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

protected:
    bool validate(QString* error) const override { return request(error).has_value(); }

private:
    QComboBox* m_from;
    QComboBox* m_to;
    PayloadEdit* m_payload;
    QLineEdit* m_value;
    QLineEdit* m_gas;
};

} // namespace Gearscope
