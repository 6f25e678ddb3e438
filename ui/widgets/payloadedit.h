// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <QWidget>

class QCheckBox;
class QLineEdit;

namespace Gearscope {

/** A payload typed as text (UTF-8) or as hex digit pairs, with a "hex" switch. */
class PayloadEdit : public QWidget
{
    Q_OBJECT
public:
    explicit PayloadEdit(QWidget* parent = nullptr);

    void setText(const QString& text, bool hex = false);
    QString text() const;
    bool isHex() const;
    /// The bytes; false with a message when the hex is malformed.
    bool payload(Bytes* out, QString* error = nullptr) const;
    QLineEdit* lineEdit() const { return m_edit; }

Q_SIGNALS:
    void changed();

private:
    QLineEdit* m_edit;
    QCheckBox* m_hex;
};

} // namespace Gearscope
