// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "sendmessagedialog.h"

#include "format.h"
#include "widgets/payloadedit.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>

namespace Gearscope {

SendMessageDialog::SendMessageDialog(const SessionSnapshotPtr& snapshot, QWidget* parent)
    : RequestDialog(tr("Send"), parent)
    , m_from(new QComboBox(this))
    , m_to(new QComboBox(this))
    , m_payload(new PayloadEdit(this))
    , m_value(new QLineEdit(this))
    , m_gas(new QLineEdit(this))
{
    setWindowTitle(tr("Send a message"));
    for (const auto& u : snapshot->world.users)
        m_from->addItem(QString::fromStdString(snapshot->actorName(u.id)), QVariant::fromValue(u.id));
    for (const auto& p : snapshot->world.programs)
        m_to->addItem(QString::fromStdString(snapshot->actorName(p.id)) + tr(" (program)"), QVariant::fromValue(p.id));
    for (const auto& u : snapshot->world.users)
        m_to->addItem(QString::fromStdString(snapshot->actorName(u.id)) + tr(" (user)"), QVariant::fromValue(u.id));
    m_value->setPlaceholderText(QStringLiteral("0"));
    m_gas->setPlaceholderText(tr("maximum"));

    auto* form = new QFormLayout;
    form->addRow(tr("From user"), m_from);
    form->addRow(tr("To"), m_to);
    form->addRow(tr("Payload"), m_payload);
    form->addRow(tr("Value"), m_value);
    form->addRow(tr("Gas limit"), m_gas);
    finishLayout(form);
    m_payload->setFocus();
    resize(520, sizeHint().height());
}

void SendMessageDialog::setDestination(const ActorId& to)
{
    for (int i = 0; i < m_to->count(); ++i)
        if (m_to->itemData(i).value<ActorId>() == to)
            m_to->setCurrentIndex(i);
}

void SendMessageDialog::setPayload(const QString& text, bool hex) { m_payload->setText(text, hex); }

std::optional<SendMessageDialog::Request> SendMessageDialog::request(QString* error) const
{
    Request r;
    if (m_from->currentIndex() < 0 || m_to->currentIndex() < 0) {
        if (error)
            *error = tr("Pick a sender and a destination.");
        return std::nullopt;
    }
    r.from = m_from->currentData().value<ActorId>();
    r.to = m_to->currentData().value<ActorId>();
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
    if (!m_gas->text().trimmed().isEmpty()) {
        u128 g = 0;
        if (!Format::parseAmount(m_gas->text(), &g) || g > u128(~Gas(0))) {
            if (error)
                *error = tr("Gas limit: \"%1\" is not a 64-bit non-negative integer").arg(m_gas->text());
            return std::nullopt;
        }
        r.gas = Gas(g);
    }
    return r;
}

} // namespace Gearscope
