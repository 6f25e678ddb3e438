// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace Gearscope {

class QueryResultModel;

/** Read-only SQL over the open trace (issue 6): an editor with example queries from
 *  docs/trace-format.md, a result table, the row count and limit, and errors in the panel
 *  ("SQL error: near \"SELEKT\": syntax error"). Queries run on a worker thread with their own
 *  TraceReader (TraceReader::query refuses statements that would write); the latest wins.
 *  GUI thread only. */
class QueryPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int RowLimit = 10000;

    explicit QueryPanel(QWidget* parent = nullptr);

    QueryResultModel* model() const { return m_model; }
    QString sql() const;
    void setSql(const QString& sql);
    QString statusText() const;
    /// The example queries offered in the combo: (title, SQL).
    static QList<QPair<QString, QString>> examples();

public Q_SLOTS:
    void applySnapshot(const Gearscope::SessionSnapshotPtr& snapshot);
    void runQuery();

Q_SIGNALS:
    /// A query finished (with an error message, or empty).
    void queryFinished(const QString& error);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    SessionSnapshotPtr m_snapshot;
    quint64 m_generation = 0;
    QComboBox* m_examples;
    QPlainTextEdit* m_editor;
    QPushButton* m_run;
    QLabel* m_status;
    QTableView* m_view;
    QueryResultModel* m_model;
};

} // namespace Gearscope
