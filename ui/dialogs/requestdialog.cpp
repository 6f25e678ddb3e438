// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "requestdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Gearscope {

RequestDialog::RequestDialog(const QString& okText, QWidget* parent)
    : QDialog(parent)
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    m_error->setStyleSheet(QStringLiteral("color: #c01c28"));
    m_error->setWordWrap(true);
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(okText);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void RequestDialog::finishLayout(QLayout* fields)
{
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(fields);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
}

QString RequestDialog::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

void RequestDialog::accept()
{
    QString error;
    if (!validate(&error)) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    m_error->hide();
    QDialog::accept();
}

} // namespace Gearscope
