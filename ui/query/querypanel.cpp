// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "querypanel.h"

#include "query/queryresultmodel.h"
#include "trace/tracereader.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Gearscope {

namespace {
struct QueryOutcome
{
    TraceReader::Table table;
    bool truncated = false;
    QString error;
};
} // namespace

QList<QPair<QString, QString>> QueryPanel::examples()
{
    // From docs/trace-format.md, "Example queries"; on step_view and messages, which stay stable.
    return {
        { tr("What happened, step by step"), QStringLiteral("SELECT * FROM step_view LIMIT 20;") },
        { tr("Gas per actor"),
            QStringLiteral("SELECT actor, count(*) AS steps, sum(gas_burned) AS gas\nFROM step_view GROUP BY actor "
                           "ORDER BY gas DESC;") },
        { tr("Steps that failed, with the reason"),
            QStringLiteral("SELECT step, actor, outcome, error_text FROM step_view\nWHERE outcome IN ('trap', "
                           "'unavailable');") },
        { tr("Messages with a given payload"),
            QStringLiteral("SELECT hex(id), kind FROM messages WHERE payload = CAST('PING' AS BLOB);") },
        { tr("Messages by kind"), QStringLiteral("SELECT kind, count(*) AS messages FROM messages GROUP BY kind;") },
        { tr("Error replies"),
            QStringLiteral("SELECT created_step, hex(destination) AS \"to\", reply_text FROM messages\nWHERE kind = "
                           "'reply' AND reply_text LIKE 'Error%';") },
        { tr("The run's settings"), QStringLiteral("SELECT key, value FROM meta;") },
    };
}

QueryPanel::QueryPanel(QWidget* parent)
    : QWidget(parent)
    , m_examples(new QComboBox(this))
    , m_editor(new QPlainTextEdit(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_status(new QLabel(this))
    , m_view(new QTableView(this))
    , m_model(new QueryResultModel(this))
{
    m_examples->setObjectName(QStringLiteral("queryExamples"));
    m_editor->setObjectName(QStringLiteral("queryEditor"));
    m_run->setObjectName(QStringLiteral("queryRun"));
    m_status->setObjectName(QStringLiteral("queryStatus"));
    m_view->setObjectName(QStringLiteral("queryResults"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_examples->addItem(tr("Examples…"));
    for (const auto& [title, sql] : examples())
        m_examples->addItem(title, sql);
    connect(m_examples, &QComboBox::activated, this, [this](int i) {
        if (i > 0)
            setSql(m_examples->itemData(i).toString());
    });
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setPlaceholderText(tr("SELECT … (read-only; Ctrl+Enter runs)"));
    m_editor->installEventFilter(this);
    m_run->setToolTip(tr("Run the query (Ctrl+Enter)"));
    connect(m_run, &QPushButton::clicked, this, &QueryPanel::runQuery);

    m_view->setModel(m_model);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto* top = new QWidget;
    auto* tv = new QVBoxLayout(top);
    tv->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_examples, 1);
    bar->addWidget(m_run);
    tv->addLayout(bar);
    tv->addWidget(m_editor);
    auto* bottom = new QWidget;
    auto* bv = new QVBoxLayout(bottom);
    bv->setContentsMargins(0, 0, 0, 0);
    bv->addWidget(m_status);
    bv->addWidget(m_view, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(1, 3);
    auto* v = new QVBoxLayout(this);
    v->addWidget(split);
    setSql(examples().front().second);
    m_status->setText(tr("At most %L1 rows are shown.").arg(RowLimit));
}

bool QueryPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        auto* k = static_cast<QKeyEvent*>(event);
        if ((k->key() == Qt::Key_Return || k->key() == Qt::Key_Enter) && (k->modifiers() & Qt::ControlModifier)) {
            runQuery();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QString QueryPanel::sql() const { return m_editor->toPlainText(); }
void QueryPanel::setSql(const QString& sql) { m_editor->setPlainText(sql); }
QString QueryPanel::statusText() const { return m_status->text(); }

void QueryPanel::applySnapshot(const SessionSnapshotPtr& snapshot) { m_snapshot = snapshot; }

void QueryPanel::runQuery()
{
    const std::string trace = m_snapshot ? m_snapshot->tracePath : std::string();
    if (trace.empty()) {
        m_status->setText(tr("No trace: this run is not being recorded."));
        Q_EMIT queryFinished(m_status->text());
        return;
    }
    const std::string text = sql().toStdString();
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Running…"));
    auto* watcher = new QFutureWatcher<QueryOutcome>(this); // not then(this, …): see MessageInspector
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        const QueryOutcome o = watcher->result();
        if (!o.error.isEmpty()) {
            m_status->setText(o.error);
            Q_EMIT queryFinished(o.error);
            return;
        }
        const int rows = int(o.table.rows.size());
        m_model->setTable(o.table);
        m_status->setText(o.truncated ? tr("The first %L1 rows (the row limit); more matched.").arg(rows)
                                      : tr("%L1 row(s) (limit %L2)").arg(rows).arg(RowLimit));
        Q_EMIT queryFinished(QString());
    });
    watcher->setFuture(QtConcurrent::run([trace, text] {
        QueryOutcome o;
        auto reader = TraceReader::open(trace);
        if (!reader) {
            o.error = QString::fromStdString(reader.error());
            return o;
        }
        // One row past the limit tells whether the limit cut the result.
        auto t = reader.value()->query(text, size_t(RowLimit) + 1);
        if (!t) {
            o.error = QString::fromStdString(t.error());
            return o;
        }
        o.table = std::move(t).value();
        if (o.table.rows.size() > size_t(RowLimit)) {
            o.table.rows.resize(size_t(RowLimit));
            o.truncated = true;
        }
        return o;
    }));
}

} // namespace Gearscope
