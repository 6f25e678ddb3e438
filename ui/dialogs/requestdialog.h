// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLayout;

namespace Gearscope {

/** The shape every "fill in a request" dialog shares (send, upload, reply): the caller's fields
 *  on top, a red error line, then OK/Cancel. OK only closes the dialog when validate() accepts
 *  the fields; otherwise the error says which field is wrong and the dialog stays open, so a typo
 *  never loses what was typed. */
class RequestDialog : public QDialog
{
    Q_OBJECT
public:
    void accept() override;
    /// The error shown by the last refused OK (empty when none).
    QString errorText() const;

protected:
    /// `okText` names the action ("Send", "Upload"…).
    RequestDialog(const QString& okText, QWidget* parent);
    /// Lays out `fields`, the error line and the buttons; call once at the end of the constructor.
    void finishLayout(QLayout* fields);
    /// True when the fields make a valid request; otherwise sets `error` to what is wrong.
    virtual bool validate(QString* error) const = 0;

private:
    QLabel* m_error;
    QDialogButtonBox* m_buttons;
};

} // namespace Gearscope
