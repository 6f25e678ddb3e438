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

/** Uploads a .wasm/.wat program as a user: file, salt, init payload, value. */
class UploadProgramDialog : public RequestDialog
{
    Q_OBJECT
public:
    struct Request
    {
        QString file;
        ActorId from;
        Bytes salt;
        Bytes init;
        u128 value = 0;
    };

    explicit UploadProgramDialog(const SessionSnapshotPtr& snapshot, QWidget* parent = nullptr);
    void setFile(const QString& file);
    std::optional<Request> request(QString* error = nullptr) const;

protected:
    bool validate(QString* error) const override { return request(error).has_value(); }

private:
    QLineEdit* m_file;
    QComboBox* m_from;
    PayloadEdit* m_salt;
    PayloadEdit* m_init;
    QLineEdit* m_value;
};

} // namespace Gearscope
