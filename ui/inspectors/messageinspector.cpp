// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "messageinspector.h"

#include "format.h"
#include "messageselection.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QTextDocument>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace Gearscope {

namespace {
QString hexDump(const Bytes& b)
{
    QString out;
    for (size_t i = 0; i < b.size(); i += 16) {
        out += QStringLiteral("%1  ").arg(qulonglong(i), 6, 16, QLatin1Char('0'));
        for (size_t j = i; j < i + 16 && j < b.size(); ++j)
            out += QStringLiteral("%1 ").arg(uint(b[j]), 2, 16, QLatin1Char('0'));
        out += QLatin1Char('\n');
    }
    return out;
}
/// Printable bytes as they are, the rest as '.', so text inside binary payloads shows.
QString printable(const Bytes& b)
{
    QString out;
    out.reserve(int(b.size()));
    for (uint8_t c : b)
        out += (c >= 32 && c < 127) || c == '\n' ? QChar(c) : QChar(u'.');
    return out;
}
} // namespace

MessageInspector::MessageInspector(MessageSelection* selection, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_form(new QFormLayout)
    , m_status(new QLabel(this))
    , m_id(new QLineEdit(this))
    , m_hex(new QPlainTextEdit(this))
    , m_text(new QPlainTextEdit(this))
{
    auto* inner = new QWidget;
    auto* v = new QVBoxLayout(inner);
    m_status->setObjectName(QStringLiteral("inspectorStatus"));
    m_status->setWordWrap(true);
    v->addWidget(m_status);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    v->addLayout(m_form);
    m_id->setObjectName(QStringLiteral("field_id"));
    m_id->setReadOnly(true);
    m_id->setFrame(false);
    m_id->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_id->setStyleSheet(QStringLiteral("background: transparent"));
    m_form->addRow(tr("Id"), m_id);
    addField(QStringLiteral("kind"), tr("Kind"));
    addField(QStringLiteral("source"), tr("Source"));
    addField(QStringLiteral("destination"), tr("Destination"));
    addField(QStringLiteral("value"), tr("Value"));
    addField(QStringLiteral("gasLimit"), tr("Gas limit"));
    addField(QStringLiteral("gasBurned"), tr("Gas burned"));
    addField(QStringLiteral("replyTo"), tr("Reply to"));
    addField(QStringLiteral("replyCode"), tr("Reply code"));
    addField(QStringLiteral("panic"), tr("Panic"));
    addField(QStringLiteral("processed"), tr("Processed"));
    addField(QStringLiteral("cameFrom"), tr("Came from"));
    addField(QStringLiteral("caused"), tr("Caused"));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit* e : { m_hex, m_text }) {
        e->setReadOnly(true);
        e->setFont(mono);
        e->setMaximumHeight(90);
    }
    m_hex->setObjectName(QStringLiteral("payloadHex"));
    m_text->setObjectName(QStringLiteral("payloadText"));
    m_form->addRow(tr("Payload (hex)"), m_hex);
    m_form->addRow(tr("Payload (text)"), m_text);
    v->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(inner);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    if (m_selection) {
        connect(m_selection, &MessageSelection::messageSelected, this, &MessageInspector::showMessage);
        connect(m_selection, &MessageSelection::selectionCleared, this, &MessageInspector::clear);
    }
    clear();
}

QLabel* MessageInspector::addField(const QString& key, const QString& label)
{
    auto* l = new QLabel(this);
    l->setObjectName(QStringLiteral("field_") + key);
    l->setTextInteractionFlags(Qt::TextBrowserInteraction); // selectable (ids are copied) and links
    l->setWordWrap(true);
    connect(l, &QLabel::linkActivated, this, [this](const QString& href) {
        MessageId id;
        if (href.startsWith(QLatin1String("msg:")) && MessageId::fromHex(href.mid(4).toStdString(), &id) && m_selection)
            m_selection->selectMessage(id);
    });
    m_form->addRow(label, l);
    m_fields[key] = l;
    return l;
}

QString MessageInspector::fieldText(const QString& field) const
{
    if (field == QLatin1String("payloadHex"))
        return m_hex->toPlainText();
    if (field == QLatin1String("payloadText"))
        return m_text->toPlainText();
    if (field == QLatin1String("id"))
        return m_id->text();
    if (field == QLatin1String("status"))
        return m_status->text();
    auto it = m_fields.find(field);
    if (it == m_fields.end())
        return {};
    const QString text = it->second->text();
    if (!Qt::mightBeRichText(text))
        return text;
    QTextDocument doc;
    doc.setHtml(text);
    return doc.toRawText(); // keeps the thin spaces of Format::gas (toPlainText would not)
}

QString MessageInspector::link(const MessageId& id) const
{
    return QStringLiteral("<a href=\"msg:%1\">%2</a>")
        .arg(QString::fromStdString(id.hex()), QString::fromStdString(id.shortHex()));
}

QString MessageInspector::actor(const ActorId& id) const
{
    const QString name = m_snapshot ? QString::fromStdString(m_snapshot->actorName(id)) : QString();
    return QStringLiteral("%1 <span style=\"color:gray\">%2</span>")
        .arg(name.toHtmlEscaped(), QString::fromStdString(id.shortHex()));
}

void MessageInspector::applySnapshot(const SessionSnapshotPtr& snapshot)
{
    const bool newRun = !m_snapshot || !snapshot || m_snapshot->generation != snapshot->generation
        || m_snapshot->tracePath != snapshot->tracePath;
    m_snapshot = snapshot;
    // A message that was only in the world (not yet committed) gains its trace details as the
    // run goes on: read it again, cheaply, when it is still not from the trace.
    if (m_details.found && (newRun || m_details.where != "trace"))
        showMessage(m_details.id);
}

void MessageInspector::showMessage(const MessageId& id)
{
    const quint64 generation = ++m_generation;
    const std::string trace = m_snapshot ? m_snapshot->tracePath : std::string();
    const SessionSnapshotPtr snapshot = m_snapshot;
    if (!m_details.found || m_details.id != id) {
        m_status->setText(tr("Reading message %1…").arg(QString::fromStdString(id.shortHex())));
        m_status->setVisible(true);
    }
    // The trace read can take a while on a long run: off the GUI thread, with its own reader.
    // A watcher owned by the panel rather than then(this, …): in Qt 6.4 a continuation whose
    // context dies first asserts, while a dead watcher simply never reports.
    auto* watcher = new QFutureWatcher<MessageDetails>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            show(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([trace, snapshot, id] { return MessageDetails::load(trace, snapshot, id); }));
}

void MessageInspector::clear()
{
    ++m_generation;
    m_details = MessageDetails {};
    for (auto& [key, label] : m_fields) {
        label->clear();
        label->setToolTip(QString());
    }
    m_id->clear();
    m_hex->clear();
    m_text->clear();
    m_status->setText(
        tr("No message selected: select one in the queue, a mailbox, the search results or the timeline."));
    m_status->setVisible(true);
}

void MessageInspector::show(const MessageDetails& d)
{
    m_details = d;
    for (auto& [key, label] : m_fields) {
        label->clear();
        label->setToolTip(QString());
    }
    m_id->clear();
    m_hex->clear();
    m_text->clear();
    if (!d.found) {
        m_status->setText(d.error.empty()
                ? tr("Message %1 is not in this run.").arg(QString::fromStdString(d.id.hex()))
                : tr("Cannot read message %1: %2")
                      .arg(QString::fromStdString(d.id.hex()), QString::fromStdString(d.error)));
        m_status->setVisible(true);
        Q_EMIT detailsShown(d.id);
        return;
    }
    const Message& m = d.message;
    if (d.where != "trace")
        m_status->setText(tr("Not yet in the trace: shown from the %1.").arg(QString::fromStdString(d.where)));
    else if (d.appearsAt)
        m_status->setText(tr("Not sent yet at step %1: it appears at step %2.").arg(*d.position).arg(*d.appearsAt));
    else if (d.laterLeftOut)
        m_status->setText(tr("As of step %1: what happens to it later is not shown.").arg(*d.position));
    else
        m_status->setText(QString());
    m_id->setText(QString::fromStdString(m.id.hex()));
    m_id->setCursorPosition(0);
    m_fields[QStringLiteral("kind")]->setText(QString::fromStdString(d.kind));
    m_fields[QStringLiteral("source")]->setText(actor(m.source));
    m_fields[QStringLiteral("source")]->setToolTip(QString::fromStdString(m.source.hex()));
    m_fields[QStringLiteral("destination")]->setText(actor(m.destination));
    m_fields[QStringLiteral("destination")]->setToolTip(QString::fromStdString(m.destination.hex()));
    m_fields[QStringLiteral("value")]->setText(Format::amount(m.value));
    if (d.dispatches.empty()) {
        m_fields[QStringLiteral("gasLimit")]->setText(tr("%1 (carried)").arg(Format::gas(m.gasLimit)));
    } else {
        // The step's limit is what the execution could spend; a gasless message shares its
        // sender's gas, so it can differ from what the message carried when it was sent.
        const auto& first = d.dispatches.front();
        QString text = tr("%1 at step %2").arg(Format::gas(first.gasLimit)).arg(first.step);
        if (first.gasLimit != m.gasLimit)
            text += tr(" (carried %1)").arg(Format::gas(m.gasLimit));
        m_fields[QStringLiteral("gasLimit")]->setText(text);
    }
    if (!d.dispatches.empty()) {
        Gas burned = 0;
        for (const auto& x : d.dispatches)
            burned += x.gasBurned;
        m_fields[QStringLiteral("gasBurned")]->setText(Format::gas(burned));
    } else {
        m_fields[QStringLiteral("gasBurned")]->setText(tr("not processed"));
    }
    if (m.replyTo) {
        m_fields[QStringLiteral("replyTo")]->setText(link(*m.replyTo));
        m_fields[QStringLiteral("replyCode")]->setText(
            QStringLiteral("%1 <span style=\"color:gray\">%2</span>")
                .arg(QString::fromStdString(m.replyCode.toString()),
                    QString::fromStdString(toHex(m.replyCode.bytes.data(), 4))));
    } else if (m.signalFrom) {
        m_fields[QStringLiteral("replyTo")]->setText(tr("signal about %1").arg(link(*m.signalFrom)));
        m_fields[QStringLiteral("replyCode")]->setText(QString::fromStdString(signalCodeToString(m.signalCode)));
    } else {
        m_fields[QStringLiteral("replyTo")]->setText(tr("—"));
        m_fields[QStringLiteral("replyCode")]->setText(tr("—"));
    }
    QStringList panic;
    QStringList processed;
    for (const auto& x : d.dispatches) {
        processed << tr("step %1: %2").arg(x.step).arg(QString::fromStdString(x.outcome));
        if (!x.panic.empty())
            panic << QString::fromStdString(x.panic).toHtmlEscaped();
        else if (!x.trap.empty())
            panic << tr("(trap) %1").arg(QString::fromStdString(x.trap).toHtmlEscaped());
    }
    m_fields[QStringLiteral("panic")]->setText(panic.isEmpty() ? tr("—") : panic.join(QStringLiteral("<br>")));
    m_fields[QStringLiteral("processed")]->setText(
        processed.isEmpty() ? tr("not yet") : processed.join(QStringLiteral(", ")));
    if (d.createdStep) {
        m_fields[QStringLiteral("cameFrom")]->setText(d.createdBy
                ? tr("step %1, dispatching %2").arg(*d.createdStep).arg(link(*d.createdBy))
                : tr("step %1").arg(*d.createdStep));
    } else {
        m_fields[QStringLiteral("cameFrom")]->setText(d.where == "trace" ? tr("a user (input)") : tr("—"));
    }
    QStringList caused;
    for (const auto& x : d.dispatches)
        for (const auto& g : x.generated)
            if (std::find(d.replies.begin(), d.replies.end(), g) == d.replies.end())
                caused << link(g);
    for (const auto& r : d.replies)
        caused << tr("reply %1").arg(link(r));
    m_fields[QStringLiteral("caused")]->setText(caused.isEmpty() ? tr("nothing") : caused.join(QStringLiteral(", ")));
    m_hex->setPlainText(m.payload.empty() ? tr("(empty)") : hexDump(m.payload));
    m_text->setPlainText(printable(m.payload));
    m_status->setVisible(!m_status->text().isEmpty());
    Q_EMIT detailsShown(d.id);
}

} // namespace Gearscope
