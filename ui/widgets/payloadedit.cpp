// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "payloadedit.h"

#include "format.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLineEdit>

namespace Gearscope {

PayloadEdit::PayloadEdit(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_hex(new QCheckBox(tr("hex"), this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_hex);
    m_edit->setPlaceholderText(tr("text, or hex digit pairs with \"hex\" ticked"));
    m_hex->setToolTip(tr("Read the payload as hex digit pairs (0x optional)"));
    connect(m_edit, &QLineEdit::textChanged, this, &PayloadEdit::changed);
    connect(m_hex, &QCheckBox::toggled, this, &PayloadEdit::changed);
    setFocusProxy(m_edit);
}

void PayloadEdit::setText(const QString& text, bool hex)
{
    m_edit->setText(text);
    m_hex->setChecked(hex);
}

QString PayloadEdit::text() const { return m_edit->text(); }

bool PayloadEdit::isHex() const { return m_hex->isChecked(); }

bool PayloadEdit::payload(Bytes* out, QString* error) const
{
    return Format::parsePayload(m_edit->text(), m_hex->isChecked(), out, error);
}

} // namespace Gearscope
