// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "searchpanel.h"

#include "format.h"
#include "messageselection.h"
#include "search/searchresultmodel.h"
#include "trace/tracereader.h"

#include <QComboBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Gearscope {

namespace {
struct SearchOutcome
{
    MessageSearch::Results results;
    QString error;
};
} // namespace

SearchPanel::SearchPanel(MessageSelection* selection, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_actor(new QComboBox(this))
    , m_kind(new QComboBox(this))
    , m_replyCode(new QComboBox(this))
    , m_payload(new QLineEdit(this))
    , m_payloadMode(new QComboBox(this))
    , m_run(new QPushButton(tr("Search"), this))
    , m_status(new QLabel(this))
    , m_view(new QTableView(this))
    , m_model(new SearchResultModel(this))
{
    m_actor->setObjectName(QStringLiteral("searchActor"));
    m_kind->setObjectName(QStringLiteral("searchKind"));
    m_replyCode->setObjectName(QStringLiteral("searchReplyCode"));
    m_payload->setObjectName(QStringLiteral("searchPayload"));
    m_payloadMode->setObjectName(QStringLiteral("searchPayloadMode"));
    m_run->setObjectName(QStringLiteral("searchButton"));
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_view->setObjectName(QStringLiteral("searchResults"));

    m_actor->addItem(tr("any actor"));
    m_kind->addItem(tr("any kind"), QString());
    for (const char* k : { "init", "handle", "reply", "signal" })
        m_kind->addItem(QString::fromLatin1(k), QString::fromLatin1(k));
    m_replyCode->setEditable(true); // words or 8 hex digits
    m_replyCode->addItem(QString());
    for (const ReplyCode& c : { ReplyCode::successAuto(), ReplyCode::successManual(),
             ReplyCode::execution(ExecutionError::UserspacePanic), ReplyCode::execution(ExecutionError::RanOutOfGas),
             ReplyCode::execution(ExecutionError::BackendError), ReplyCode::execution(ExecutionError::MemoryOverflow),
             ReplyCode::execution(ExecutionError::UnreachableInstruction),
             ReplyCode::execution(ExecutionError::StackLimitExceeded),
             ReplyCode::unavailable(UnavailableActor::ProgramExited),
             ReplyCode::unavailable(UnavailableActor::InitializationFailure),
             ReplyCode::unavailable(UnavailableActor::Uninitialized),
             ReplyCode::unavailable(UnavailableActor::ProgramNotCreated), ReplyCode::removedFromWaitlist() })
        m_replyCode->addItem(QString::fromStdString(c.toString()));
    m_replyCode->lineEdit()->setPlaceholderText(tr("any reply code"));
    m_payload->setPlaceholderText(tr("payload contains…"));
    m_payloadMode->addItem(tr("text"));
    m_payloadMode->addItem(tr("hex"));

    auto* form = new QFormLayout;
    form->addRow(tr("Actor"), m_actor);
    form->addRow(tr("Kind"), m_kind);
    form->addRow(tr("Reply code"), m_replyCode);
    auto* payloadRow = new QHBoxLayout;
    payloadRow->addWidget(m_payload, 1);
    payloadRow->addWidget(m_payloadMode);
    form->addRow(tr("Payload"), payloadRow);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(m_run);
    runRow->addWidget(m_status, 1);

    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto* v = new QVBoxLayout(this);
    v->addLayout(form);
    v->addLayout(runRow);
    v->addWidget(m_view, 1);

    connect(m_run, &QPushButton::clicked, this, &SearchPanel::search);
    connect(m_payload, &QLineEdit::returnPressed, this, &SearchPanel::search);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& cur) {
        if (cur.isValid() && m_selection)
            m_selection->selectMessage(m_model->hit(cur.row()).id);
    });
    m_status->setText(tr("Search the messages of the run."));
}

void SearchPanel::applySnapshot(const SessionSnapshotPtr& snapshot)
{
    const bool newRun = !m_snapshot || !snapshot || m_snapshot->generation != snapshot->generation;
    m_snapshot = snapshot;
    updateActors();
    if (newRun && m_model->rowCount() > 0) {
        m_model->setResults({}, m_snapshot);
        Q_EMIT resultsChanged({});
    }
}

void SearchPanel::updateActors()
{
    if (!m_snapshot)
        return;
    // Rebuild only when the set of actors changed (a running session sends ~30 snapshots a second).
    if (m_actor->count() == int(m_snapshot->names.size()) + 1)
        return;
    const QVariant current = m_actor->currentData();
    m_actor->blockSignals(true);
    while (m_actor->count() > 1)
        m_actor->removeItem(1);
    for (const auto& [id, name] : m_snapshot->names)
        m_actor->addItem(QString::fromStdString(name), QVariant::fromValue(id));
    const int again = current.isValid() ? m_actor->findData(current) : 0;
    m_actor->setCurrentIndex(again < 0 ? 0 : again);
    m_actor->blockSignals(false);
}

void SearchPanel::setActor(const std::optional<ActorId>& actor)
{
    if (!actor) {
        m_actor->setCurrentIndex(0);
        return;
    }
    int i = m_actor->findData(QVariant::fromValue(*actor));
    if (i < 0) {
        m_actor->addItem(QString::fromStdString(actor->shortHex()), QVariant::fromValue(*actor));
        i = m_actor->count() - 1;
    }
    m_actor->setCurrentIndex(i);
}

void SearchPanel::setKind(const QString& kind)
{
    const int i = m_kind->findData(kind);
    m_kind->setCurrentIndex(i < 0 ? 0 : i);
}

void SearchPanel::setReplyCode(const QString& words) { m_replyCode->setCurrentText(words); }

void SearchPanel::setPayload(const QString& text, bool isHex)
{
    m_payload->setText(text);
    m_payloadMode->setCurrentIndex(isHex ? 1 : 0);
}

MessageSearch SearchPanel::criteria(QString* error) const
{
    MessageSearch s;
    if (m_actor->currentIndex() > 0)
        s.actor = m_actor->currentData().value<ActorId>();
    s.kind = m_kind->currentData().toString().toStdString();
    s.replyCode = m_replyCode->currentText().trimmed().toStdString();
    if (!m_payload->text().isEmpty()) {
        QString why;
        if (!Format::parsePayload(m_payload->text(), m_payloadMode->currentIndex() == 1, &s.payload, &why) && error)
            *error = tr("Payload: %1").arg(why);
    }
    return s;
}

QString SearchPanel::statusText() const { return m_status->text(); }

void SearchPanel::search()
{
    QString error;
    const MessageSearch s = criteria(&error);
    if (!error.isEmpty()) {
        m_status->setText(error);
        Q_EMIT searchFinished(error);
        return;
    }
    const std::string trace = m_snapshot ? m_snapshot->tracePath : std::string();
    if (trace.empty()) {
        m_status->setText(tr("No trace: this run is not being recorded."));
        Q_EMIT searchFinished(m_status->text());
        return;
    }
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Searching…"));
    auto* watcher = new QFutureWatcher<SearchOutcome>(this); // not then(this, …): see MessageInspector
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        const SearchOutcome o = watcher->result();
        if (!o.error.isEmpty()) {
            m_status->setText(o.error);
            Q_EMIT searchFinished(o.error);
            return;
        }
        std::vector<MessageId> ids;
        ids.reserve(o.results.hits.size());
        for (const auto& h : o.results.hits)
            ids.push_back(h.id);
        m_model->setResults(o.results.hits, m_snapshot);
        m_status->setText(o.results.truncated ? tr("first %1 messages (more match)").arg(ids.size())
                                              : tr("%n message(s)", nullptr, int(ids.size())));
        Q_EMIT resultsChanged(ids);
        Q_EMIT searchFinished(QString());
    });
    watcher->setFuture(QtConcurrent::run([trace, s] {
        SearchOutcome o;
        auto reader = TraceReader::open(trace);
        if (!reader) {
            o.error = QString::fromStdString(reader.error());
            return o;
        }
        auto r = s.run(*reader.value());
        if (!r)
            o.error = QString::fromStdString(r.error());
        else
            o.results = std::move(r).value();
        return o;
    }));
}

} // namespace Gearscope
