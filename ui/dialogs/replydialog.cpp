// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "replydialog.h"

#include "format.h"
#include "widgets/payloadedit.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace Gearscope {

ReplyDialog::ReplyDialog(const QString& user, const QString& messageText, QWidget* parent)
    : RequestDialog(tr("Reply"), parent)
    , m_payload(new PayloadEdit(this))
    , m_value(new QLineEdit(this))
{
    setWindowTitle(tr("Reply as %1").arg(user));
    m_value->setPlaceholderText(QStringLiteral("0"));
    auto* about = new QLabel(tr("Replying to %1").arg(messageText), this);
    about->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Payload"), m_payload);
    form->addRow(tr("Value"), m_value);
    auto* fields = new QVBoxLayout;
    fields->addWidget(about);
    fields->addLayout(form);
    finishLayout(fields);
    m_payload->setFocus();
    resize(460, sizeHint().height());
}

void ReplyDialog::setPayload(const QString& text, bool hex) { m_payload->setText(text, hex); }

std::optional<ReplyDialog::Request> ReplyDialog::request(QString* error) const
{
    Request r;
    QString why;
    if (!m_payload->payload(&r.payload, &why)) {
        if (error)
            *error = tr("Payload: %1").arg(why);
        return std::nullopt;
    }
    if (!Format::parseAmount(m_value->text(), &r.value)) {
        if (error)
            *error = tr("Value: \"%1\" is not a non-negative integer").arg(m_value->text());
        return std::nullopt;
    }
    return r;
}

} // namespace Gearscope
