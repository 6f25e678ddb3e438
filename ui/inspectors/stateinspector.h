// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <set>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace Gearscope {

class Session;
class StatePageModel;
class TraceReader;

/** The state inspector: a program's memory at the shown step, by 16 KiB gear page — a page list
 *  (every page of linear memory; written pages, i.e. not all zero, in full colour; the pages the
 *  step changed marked), a hex + ASCII view of the chosen page with the bytes the step changed
 *  highlighted (compared with the same page before the step) — and a state query box that runs
 *  the program's `state` export with a payload (text or hex) and shows the answer.
 *
 *  Live: memory and state queries go to the Session (engine thread, answered by signals); the
 *  page before the step comes from the run's own recording. Replay: everything comes from the
 *  trace at the position (`memoryAt`, `pageAt`), and the state query runs the recorded code on
 *  the recorded memory (Runtime::readStateOfImage). GUI thread. */
class StateInspector : public QWidget
{
    Q_OBJECT
public:
    explicit StateInspector(Session* session, QWidget* parent = nullptr);
    ~StateInspector() override;

    /// `replay`: the snapshot was built from its trace (tracePath is the replayed file).
    void setSnapshot(const SessionSnapshotPtr& snapshot, bool replay);
    void setProgram(const std::optional<ActorId>& program);
    std::optional<ActorId> program() const { return m_program; }

    /// Shows gear page `page` (ignored when the memory has no such page).
    void showPage(uint32_t page);
    /// Runs the state query with `payload` as typed (text, or hex when `hex`).
    void runQuery(const QString& payload, bool hex);

    // For tests and the window.
    StatePageModel* pageModel() const { return m_model; }
    const Bytes& memory() const { return m_memory; }
    /// The gear pages the shown step changed in this program's memory.
    const std::set<uint32_t>& changedPages() const { return m_changedPages; }
    QString answerText() const;
    QString statusText() const;
    bool lastQueryOk() const { return m_lastQueryOk; }
    Bytes lastAnswer() const { return m_lastAnswer; }

Q_SIGNALS:
    /// The memory of the program at the shown step is in (page list and page view updated).
    void memoryShown();
    /// A state query finished (answer or error shown).
    void queryFinished(bool ok);

private:
    void scheduleRefresh();
    void refresh();
    void setMemory(const Bytes& memory, uint64_t pos);
    void showAnswer(bool ok, const Bytes& answer, const QString& error);
    void setStatus(const QString& text);
    /// A reader for `path`, reopened when stale (a live recording grows) — null when unreadable.
    const TraceReader* readerFor(const std::string& path, uint64_t needSteps);
    std::optional<Bytes> pageBefore(uint32_t page);

    Session* m_session;
    SessionSnapshotPtr m_snapshot;
    bool m_replay = false;
    std::optional<ActorId> m_program;
    Bytes m_memory;
    uint64_t m_memoryPos = 0;
    bool m_haveMemory = false;
    std::set<uint32_t> m_changedPages;
    quint64 m_memoryRequest = 0;
    quint64 m_queryRequest = 0;
    bool m_lastQueryOk = false;
    Bytes m_lastAnswer;
    std::unique_ptr<TraceReader> m_reader;

    QLabel* m_header;
    QListWidget* m_pages;
    QTableView* m_hex;
    StatePageModel* m_model;
    QLineEdit* m_payload;
    QCheckBox* m_payloadHex;
    QPushButton* m_queryButton;
    QPlainTextEdit* m_answer;
    QLabel* m_status;
    QTimer* m_refreshTimer;
};

} // namespace Gearscope
