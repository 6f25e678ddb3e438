// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "dialogs/requestdialog.h"
#include "model/types.h"

#include <optional>

class QLabel;
class QLineEdit;

namespace Gearscope {

class PayloadEdit;

/** A user's reply to a mailbox message: payload (text or hex) and value. */
class ReplyDialog : public RequestDialog
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

protected:
    bool validate(QString* error) const override { return request(error).has_value(); }

private:
    PayloadEdit* m_payload;
    QLineEdit* m_value;
};

} // namespace Gearscope
