// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "uploadprogramdialog.h"

#include "format.h"
#include "widgets/payloadedit.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Gearscope {

UploadProgramDialog::UploadProgramDialog(const SessionSnapshotPtr& snapshot, QWidget* parent)
    : RequestDialog(tr("Upload"), parent)
    , m_file(new QLineEdit(this))
    , m_from(new QComboBox(this))
    , m_salt(new PayloadEdit(this))
    , m_init(new PayloadEdit(this))
    , m_value(new QLineEdit(this))
{
    setWindowTitle(tr("Upload a program"));
    for (const auto& u : snapshot->world.users)
        m_from->addItem(QString::fromStdString(snapshot->actorName(u.id)), QVariant::fromValue(u.id));
    m_file->setPlaceholderText(tr("a .wasm or .wat file"));
    m_salt->lineEdit()->setPlaceholderText(tr("empty, or text / hex: makes the program id unique"));
    m_init->lineEdit()->setPlaceholderText(tr("the Init message's payload"));
    m_value->setPlaceholderText(QStringLiteral("0"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Program"), QFileInfo(m_file->text()).absolutePath(),
            tr("Gear programs (*.wasm *.wat);;All files (*)"));
        if (!f.isEmpty())
            m_file->setText(f);
    });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->addRow(tr("File"), fileRow);
    form->addRow(tr("From user"), m_from);
    form->addRow(tr("Salt"), m_salt);
    form->addRow(tr("Init payload"), m_init);
    form->addRow(tr("Value"), m_value);
    finishLayout(form);
    resize(560, sizeHint().height());
}

void UploadProgramDialog::setFile(const QString& file) { m_file->setText(file); }

std::optional<UploadProgramDialog::Request> UploadProgramDialog::request(QString* error) const
{
    auto failWith = [&](const QString& e) {
        if (error)
            *error = e;
        return std::nullopt;
    };
    Request r;
    r.file = m_file->text().trimmed();
    if (r.file.isEmpty())
        return failWith(tr("Pick a .wasm or .wat file."));
    if (!QFileInfo::exists(r.file))
        return failWith(tr("%1 does not exist.").arg(r.file));
    if (m_from->currentIndex() < 0)
        return failWith(tr("Pick the user who uploads."));
    r.from = m_from->currentData().value<ActorId>();
    QString why;
    if (!m_salt->payload(&r.salt, &why))
        return failWith(tr("Salt: %1").arg(why));
    if (!m_init->payload(&r.init, &why))
        return failWith(tr("Init payload: %1").arg(why));
    if (!Format::parseAmount(m_value->text(), &r.value))
        return failWith(tr("Value: \"%1\" is not a non-negative integer").arg(m_value->text()));
    return r;
}

} // namespace Gearscope
