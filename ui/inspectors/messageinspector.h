// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "inspectors/messagedetails.h"
#include "messageselection.h" // Q_DECLARE_METATYPE(MessageId) before any use
#include "session/sessionsnapshot.h"

#include <QWidget>

#include <map>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Gearscope {

class MessageSelection;

/** The message inspector (issue 6): every field of the selected message — ids, kind, source and
 *  destination by name, payload as hex and text, value, gas limit and burned, reply-to, reply
 *  code in words, panic text — where it came from (the dispatch that sent it) and what it caused
 *  (what its dispatches sent, and its replies), each message a link that selects it.
 *
 *  Follows the MessageSelection. Reads the trace of the current snapshot on a worker thread (its
 *  own TraceReader per request; the latest request wins); a message the trace has not committed
 *  yet comes from the snapshot's world. GUI thread only. */
class MessageInspector : public QWidget
{
    Q_OBJECT
public:
    explicit MessageInspector(MessageSelection* selection, QWidget* parent = nullptr);

    /// The shown value of a field ("id", "kind", "source", "destination", "payloadHex",
    /// "payloadText", "value", "gasLimit", "gasBurned", "replyTo", "replyCode", "panic",
    /// "cameFrom", "caused", "status"), as plain text.
    QString fieldText(const QString& field) const;
    const MessageDetails& details() const { return m_details; }

public Q_SLOTS:
    void applySnapshot(const Gearscope::SessionSnapshotPtr& snapshot);
    void showMessage(const Gearscope::MessageId& id);
    void clear();

Q_SIGNALS:
    /// The details of the selected message are shown (after the background read).
    void detailsShown(const Gearscope::MessageId& id);

private:
    void show(const MessageDetails& d);
    QLabel* addField(const QString& key, const QString& label);
    QString link(const MessageId& id) const;
    QString actor(const ActorId& id) const;

    MessageSelection* m_selection;
    SessionSnapshotPtr m_snapshot;
    MessageDetails m_details;
    quint64 m_generation = 0; ///< the latest request; older answers are dropped
    std::map<QString, QLabel*> m_fields;
    QFormLayout* m_form;
    QLabel* m_status;
    QLineEdit* m_id; ///< full hex, selectable without widening the dock
    QPlainTextEdit* m_hex;
    QPlainTextEdit* m_text;
};

} // namespace Gearscope
