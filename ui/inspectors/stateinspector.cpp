// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "stateinspector.h"

#include "format.h"
#include "inspectors/statepagemodel.h"
#include "runtime/runtime.h"
#include "session/session.h"
#include "trace/tracereader.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace Gearscope {

namespace {

constexpr uint32_t GearPageSize = StatePageModel::PageSize;
constexpr int RefreshDelayMs = 60; ///< coalesces snapshots arriving while a run goes

Bytes toBytes(const QByteArray& a) { return Bytes(a.begin(), a.end()); }

bool allZero(const Bytes& b, size_t from, size_t count)
{
    return std::all_of(b.begin() + long(from), b.begin() + long(from + count), [](uint8_t x) { return x == 0; });
}

} // namespace

StateInspector::StateInspector(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new StatePageModel(this))
    , m_refreshTimer(new QTimer(this))
{
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("stateHeader"));
    m_header->setWordWrap(true);

    m_pages = new QListWidget(this);
    m_pages->setObjectName(QStringLiteral("statePages"));
    m_pages->setToolTip(tr("Gear pages (16 KiB) of linear memory: grey = all zero, ● = changed by the shown step"));
    m_pages->setMinimumWidth(150);

    m_hex = new QTableView(this);
    m_hex->setObjectName(QStringLiteral("stateHex"));
    m_hex->setModel(m_model);
    m_hex->verticalHeader()->hide();
    m_hex->verticalHeader()->setDefaultSectionSize(m_hex->fontMetrics().height() + 2);
    m_hex->setShowGrid(false);
    m_hex->setSelectionMode(QAbstractItemView::SingleSelection);
    m_hex->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_hex->setWordWrap(false);
    m_hex->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const int byteWidth
        = QFontMetrics(QFontDatabase::systemFont(QFontDatabase::FixedFont)).horizontalAdvance(QStringLiteral("00")) + 8;
    m_hex->horizontalHeader()->setMinimumSectionSize(8);
    m_hex->horizontalHeader()->setStretchLastSection(true);
    m_hex->setColumnWidth(StatePageModel::AddressColumn, byteWidth * 4);
    for (int c = StatePageModel::FirstByteColumn; c < StatePageModel::AsciiColumn; ++c)
        m_hex->setColumnWidth(c, byteWidth);

    m_payload = new QLineEdit(this);
    m_payload->setObjectName(QStringLiteral("statePayload"));
    m_payload->setPlaceholderText(tr("payload: text, or hex with the box ticked"));
    m_payloadHex = new QCheckBox(tr("hex"), this);
    m_payloadHex->setObjectName(QStringLiteral("statePayloadHex"));
    m_queryButton = new QPushButton(tr("Query state"), this);
    m_queryButton->setObjectName(QStringLiteral("stateQueryButton"));
    m_queryButton->setToolTip(tr("Run the program's `state` export with this payload (nothing persists)"));
    m_answer = new QPlainTextEdit(this);
    m_answer->setObjectName(QStringLiteral("stateAnswer"));
    m_answer->setReadOnly(true);
    m_answer->setMaximumBlockCount(200);
    m_answer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_answer->setPlaceholderText(tr("The answer of the program's `state` export shows here."));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("stateStatus"));
    m_status->setWordWrap(true);

    // Wide and short, for the bottom of the window: pages | hex, with the state query as one row
    // and its answer as a few lines below — the hex view needs the width (16 bytes and their text
    // per row), and the inspector shares the bottom dock's left half with the log.
    auto* queryRow = new QHBoxLayout;
    queryRow->addWidget(new QLabel(tr("State query"), this));
    queryRow->addWidget(m_payload, 1);
    queryRow->addWidget(m_payloadHex);
    queryRow->addWidget(m_queryButton);
    m_answer->setMaximumHeight(m_answer->fontMetrics().lineSpacing() * 2 + 12);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_pages);
    split->addWidget(m_hex);
    split->setStretchFactor(1, 1);
    split->setSizes({ 150, 700 });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addWidget(split, 1);
    layout->addLayout(queryRow);
    layout->addWidget(m_answer);
    layout->addWidget(m_status);

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &StateInspector::refresh);
    connect(m_pages, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && (!m_model->hasPage() || m_model->page() != uint32_t(row)))
            showPage(uint32_t(row));
    });
    auto query = [this] { runQuery(m_payload->text(), m_payloadHex->isChecked()); };
    connect(m_queryButton, &QPushButton::clicked, this, query);
    connect(m_payload, &QLineEdit::returnPressed, this, query);
    if (m_session) {
        connect(m_session, &Session::memoryRead, this,
            [this](quint64 serial, const ActorId& program, quint64 steps, const QByteArray& memory) {
                if (serial != m_memoryRequest || !m_program || program != *m_program)
                    return;
                setMemory(toBytes(memory), steps);
            });
        connect(m_session, &Session::stateAnswered, this,
            [this](quint64 serial, const ActorId&, bool ok, const QByteArray& answer, const QString& error) {
                if (serial == m_queryRequest)
                    showAnswer(ok, toBytes(answer), error);
            });
    }
    refresh();
}

StateInspector::~StateInspector() = default;

void StateInspector::setSnapshot(const SessionSnapshotPtr& snapshot, bool replay)
{
    const bool sameStep = m_snapshot && snapshot && m_replay == replay && m_snapshot->generation == snapshot->generation
        && m_snapshot->stepCount == snapshot->stepCount && m_snapshot->tracePath == snapshot->tracePath
        && m_snapshot->running == snapshot->running;
    m_snapshot = snapshot;
    m_replay = replay;
    if (!sameStep)
        scheduleRefresh();
}

void StateInspector::setProgram(const std::optional<ActorId>& program)
{
    if (program == m_program)
        return;
    m_program = program;
    m_haveMemory = false;
    m_model->clear();
    m_pages->clear();
    scheduleRefresh();
}

void StateInspector::scheduleRefresh()
{
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void StateInspector::refresh()
{
    const ProgramSnapshot* p = m_snapshot && m_program ? m_snapshot->world.program(*m_program) : nullptr;
    m_queryButton->setEnabled(p != nullptr);
    if (!p) {
        m_header->setText(m_program ? tr("The selected actor is not a program: no memory to show")
                                    : tr("Select a program (actors table or graph) to see its memory"));
        m_model->clear();
        m_pages->clear();
        m_changedPages.clear();
        m_haveMemory = false;
        return;
    }
    const uint64_t pos = m_snapshot->stepCount;
    m_changedPages.clear();
    if (m_snapshot->lastStep && m_snapshot->lastStep->actor == *m_program)
        m_changedPages.insert(m_snapshot->lastStep->changedPages.begin(), m_snapshot->lastStep->changedPages.end());
    m_header->setText(tr("<b>%1</b> at step %2 — %3 Wasm page(s), %4 changed by the step%5")
                          .arg(QString::fromStdString(m_snapshot->actorName(*m_program)).toHtmlEscaped())
                          .arg(pos)
                          .arg(p->memoryPages)
                          .arg(m_changedPages.size())
                          .arg(m_replay ? tr(" (replay)") : QString()));
    if (m_replay) {
        const TraceReader* reader = readerFor(m_snapshot->tracePath, pos);
        if (!reader) {
            setStatus(tr("Cannot read the trace %1").arg(QString::fromStdString(m_snapshot->tracePath)));
            return;
        }
        auto memory = reader->memoryAt(*m_program, pos, p->memoryPages);
        if (!memory) {
            setStatus(tr("Cannot read memory: %1").arg(QString::fromStdString(memory.error())));
            return;
        }
        setMemory(memory.value(), pos);
    } else if (m_session) {
        m_memoryRequest = m_session->readMemory(*m_program);
    }
}

void StateInspector::setMemory(const Bytes& memory, uint64_t pos)
{
    m_memory = memory;
    m_memoryPos = pos;
    m_haveMemory = true;
    const uint32_t pages = uint32_t(memory.size() / GearPageSize);
    const int previous = m_model->hasPage() ? int(m_model->page()) : -1;
    {
        const QSignalBlocker block(m_pages);
        m_pages->clear();
        for (uint32_t i = 0; i < pages; ++i) {
            const bool written = !allZero(memory, size_t(i) * GearPageSize, GearPageSize);
            const bool changed = m_changedPages.count(i) != 0;
            auto* item = new QListWidgetItem(tr("%1 page %2  0x%3%4")
                                                 .arg(changed ? QStringLiteral("●") : QStringLiteral("  "))
                                                 .arg(i)
                                                 .arg(qulonglong(i) * GearPageSize, 6, 16, QLatin1Char('0'))
                                                 .arg(written ? QString() : tr("  (zero)")));
            item->setData(Qt::UserRole, i);
            if (!written)
                item->setForeground(QColor(0xa0, 0xa0, 0xa0));
            if (changed) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
                item->setBackground(QColor(0xff, 0xec, 0xb3));
                item->setToolTip(tr("Changed by step %1").arg(pos > 0 ? pos - 1 : 0));
            }
            m_pages->addItem(item);
        }
    }
    // Stay on the page shown unless the step changed others: then show the first it changed.
    uint32_t page = 0;
    if (!m_changedPages.empty() && (previous < 0 || !m_changedPages.count(uint32_t(previous))))
        page = *m_changedPages.begin();
    else if (previous >= 0 && uint32_t(previous) < pages)
        page = uint32_t(previous);
    else
        for (uint32_t i = 0; i < pages; ++i)
            if (!allZero(memory, size_t(i) * GearPageSize, GearPageSize)) {
                page = i;
                break;
            }
    if (pages > 0)
        showPage(page);
    else
        m_model->clear();
    Q_EMIT memoryShown();
}

void StateInspector::showPage(uint32_t page)
{
    if (!m_haveMemory || size_t(page + 1) * GearPageSize > m_memory.size())
        return;
    const Bytes bytes(
        m_memory.begin() + long(size_t(page) * GearPageSize), m_memory.begin() + long(size_t(page + 1) * GearPageSize));
    std::optional<Bytes> before;
    QString note;
    if (m_changedPages.count(page)) {
        // While a run goes, the recording lags and the step changes 30 times a second: mark
        // changed bytes once it stops instead of reopening the trace on every snapshot.
        if (m_snapshot && m_snapshot->running)
            note = tr("Running: the bytes the step changed are marked when the run stops.");
        else if (!(before = pageBefore(page)))
            note = tr("The page before the step is not recorded (yet): changed bytes are not marked.");
    }
    m_model->setPage(page, bytes, before);
    {
        const QSignalBlocker block(m_pages);
        m_pages->setCurrentRow(int(page));
    }
    if (!m_model->changedOffsets().empty()) {
        const int row = m_model->changedOffsets().front() / StatePageModel::BytesPerRow;
        m_hex->scrollTo(m_model->index(row, StatePageModel::FirstByteColumn), QAbstractItemView::PositionAtTop);
    }
    if (note.isEmpty())
        note = m_changedPages.count(page) ? tr("Page %1: %n byte(s) changed by the step (highlighted)", nullptr,
                   int(m_model->changedOffsets().size()))
                                                .arg(page)
                                          : tr("Page %1: not changed by the step").arg(page);
    setStatus(note);
}

std::optional<Bytes> StateInspector::pageBefore(uint32_t page)
{
    if (!m_snapshot || !m_program || m_memoryPos == 0 || m_snapshot->tracePath.empty())
        return std::nullopt;
    const TraceReader* reader = readerFor(m_snapshot->tracePath, m_memoryPos - 1);
    if (!reader)
        return std::nullopt;
    auto bytes = reader->pageAt(*m_program, page, m_memoryPos - 1);
    if (!bytes)
        return std::nullopt;
    return std::move(bytes).value();
}

const TraceReader* StateInspector::readerFor(const std::string& path, uint64_t needSteps)
{
    if (m_reader && m_reader->path() == path && m_reader->stepCount() >= needSteps)
        return m_reader.get();
    m_reader.reset();
    auto opened = TraceReader::open(path);
    if (!opened)
        return nullptr;
    m_reader = std::move(opened).value();
    return m_reader->stepCount() >= needSteps ? m_reader.get() : nullptr;
}

void StateInspector::runQuery(const QString& payload, bool hex)
{
    Bytes bytes;
    QString error;
    if (!Format::parsePayload(payload, hex, &bytes, &error)) {
        showAnswer(false, {}, error);
        return;
    }
    const ProgramSnapshot* p = m_snapshot && m_program ? m_snapshot->world.program(*m_program) : nullptr;
    if (!p) {
        showAnswer(false, {}, tr("state query: select a program first"));
        return;
    }
    if (!m_replay) {
        if (!m_session) {
            showAnswer(false, {}, tr("state query: no session"));
            return;
        }
        m_answer->setPlainText(tr("querying…"));
        m_queryRequest = m_session->queryState(*m_program, bytes);
        return;
    }
    // Replay: the recorded code on the recorded memory at the position, in a throwaway runtime.
    const uint64_t pos = m_snapshot->stepCount;
    const TraceReader* reader = readerFor(m_snapshot->tracePath, pos);
    if (!reader) {
        showAnswer(
            false, {}, tr("state query: cannot read the trace %1").arg(QString::fromStdString(m_snapshot->tracePath)));
        return;
    }
    auto codes = reader->codes();
    if (!codes) {
        showAnswer(false, {}, QString::fromStdString(codes.error()));
        return;
    }
    auto code = codes->find(p->codeId);
    if (code == codes->end()) {
        showAnswer(
            false, {}, tr("state query: the trace has no code %1").arg(QString::fromStdString(p->codeId.shortHex())));
        return;
    }
    auto memory = reader->memoryAt(p->id, pos, p->memoryPages);
    if (!memory) {
        showAnswer(false, {}, QString::fromStdString(memory.error()));
        return;
    }
    auto answer
        = Runtime::readStateOfImage(reader->config(), code->second, *p, memory.value(), m_snapshot->world.block, bytes);
    if (answer)
        showAnswer(true, answer.value(), {});
    else
        showAnswer(false, {}, QString::fromStdString(answer.error()));
}

void StateInspector::showAnswer(bool ok, const Bytes& answer, const QString& error)
{
    m_lastQueryOk = ok;
    m_lastAnswer = ok ? answer : Bytes {};
    if (!ok) {
        m_answer->setPlainText(tr("error: %1").arg(error));
    } else {
        QString text;
        for (uint8_t b : answer)
            text += (b >= 0x20 && b < 0x7f) ? QChar(b) : QChar(u'.');
        m_answer->setPlainText(tr("%n byte(s)\nhex:  %1\ntext: %2", nullptr, int(answer.size()))
                                   .arg(answer.empty() ? tr("(empty)") : Format::hex(answer), text));
    }
    Q_EMIT queryFinished(ok);
}

void StateInspector::setStatus(const QString& text) { m_status->setText(text); }

QString StateInspector::answerText() const { return m_answer->toPlainText(); }

QString StateInspector::statusText() const { return m_status->text(); }

} // namespace Gearscope
