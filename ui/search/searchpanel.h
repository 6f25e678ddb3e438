// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "messageselection.h" // Q_DECLARE_METATYPE(MessageId) before any use
#include "search/messagesearch.h"
#include "session/sessionsnapshot.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace Gearscope {

class MessageSelection;
class SearchResultModel;

/** Message search (issue 6): by actor (source or destination), kind, reply code and payload
 *  text or hex bytes, combinable. Runs on a worker thread over the open trace (its own
 *  TraceReader; the latest search wins), lists the hits, selects a hit's message in the shared
 *  MessageSelection and tells the timeline which messages to highlight. GUI thread only. */
class SearchPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SearchPanel(MessageSelection* selection, QWidget* parent = nullptr);

    /// The criteria as the controls show them; `error` says what is wrong (bad hex).
    MessageSearch criteria(QString* error = nullptr) const;
    SearchResultModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QString statusText() const;

    // Controls, for the window's menus and tests.
    void setActor(const std::optional<ActorId>& actor);
    void setKind(const QString& kind); ///< "" = any
    void setReplyCode(const QString& words); ///< "" = any
    void setPayload(const QString& text, bool isHex);

public Q_SLOTS:
    void applySnapshot(const Gearscope::SessionSnapshotPtr& snapshot);
    void search();

Q_SIGNALS:
    /// The messages found by the latest search (empty when cleared): the timeline highlights them.
    void resultsChanged(const std::vector<Gearscope::MessageId>& messages);
    /// A search finished (with an error message, or empty).
    void searchFinished(const QString& error);

private:
    void updateActors();

    MessageSelection* m_selection;
    SessionSnapshotPtr m_snapshot;
    quint64 m_generation = 0;
    QComboBox* m_actor;
    QComboBox* m_kind;
    QComboBox* m_replyCode;
    QLineEdit* m_payload;
    QComboBox* m_payloadMode;
    QPushButton* m_run;
    QLabel* m_status;
    QTableView* m_view;
    SearchResultModel* m_model;
};

} // namespace Gearscope

Q_DECLARE_METATYPE(std::vector<Gearscope::MessageId>)
