// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;

namespace Gearscope {

class PayloadEdit;

/** A user's reply to a mailbox message: payload (text or hex) and value. */
class ReplyDialog : public QDialog
{
    Q_OBJECT
public:
    struct Request
    {
        Bytes payload;
        u128 value = 0;
    };

    ReplyDialog(const QString& user, const QString& messageText, QWidget* parent = nullptr);
    void setPayload(const QString& text, bool hex = false);
    std::optional<Request> request(QString* error = nullptr) const;

    void accept() override;

private:
    PayloadEdit* m_payload;
    QLineEdit* m_value;
    QLabel* m_error;
};

} // namespace Gearscope
