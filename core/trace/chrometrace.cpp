// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "chrometrace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdlib>
#include <limits>
#include <map>

namespace Gearscope::ChromeTrace {

namespace {
constexpr qint64 StepWidthUs = 10;

/// A number from a query cell. Not std::stoll: a damaged trace can hold text in an INTEGER
/// column (SQLite allows it), and an exception would end the process instead of the export.
int64_t number(const std::string& s) { return std::strtoll(s.c_str(), nullptr, 10); }
}

Result<uint64_t> write(const TraceReader& reader, const std::string& outPath)
{
    using R = Result<uint64_t>;
    auto actors
        = reader.query("SELECT hex(id), kind, coalesce(name, ''), created_pos FROM actors ORDER BY created_pos, rowid",
            std::numeric_limits<size_t>::max());
    if (!actors)
        return R::failure(reader.path() + ": " + actors.error());
    std::map<std::string, int> tid;
    QJsonArray events;
    QJsonObject proc;
    proc[u"ph"] = QStringLiteral("M");
    proc[u"name"] = QStringLiteral("process_name");
    proc[u"pid"] = 1;
    proc[u"args"] = QJsonObject { { QStringLiteral("name"), QStringLiteral("Gearscope run") } };
    events.append(proc);
    for (const auto& row : actors->rows) {
        const int t = int(tid.size()) + 1;
        tid[row[0]] = t;
        const QString label = QString::fromStdString(row[2].empty() ? row[0].substr(0, 8) : row[2])
            + QStringLiteral(" (") + QString::fromStdString(row[1]) + u')';
        QJsonObject meta;
        meta[u"ph"] = QStringLiteral("M");
        meta[u"name"] = QStringLiteral("thread_name");
        meta[u"pid"] = 1;
        meta[u"tid"] = t;
        meta[u"args"] = QJsonObject { { QStringLiteral("name"), label } };
        events.append(meta);
        QJsonObject order;
        order[u"ph"] = QStringLiteral("M");
        order[u"name"] = QStringLiteral("thread_sort_index");
        order[u"pid"] = 1;
        order[u"tid"] = t;
        order[u"args"] = QJsonObject { { QStringLiteral("sort_index"), t } };
        events.append(order);
    }
    auto tidOf = [&](const std::string& hexId) {
        auto it = tid.find(hexId);
        if (it != tid.end())
            return it->second;
        // An actor the actors table lacks (one that existed before recording began and never
        // changed, say a user whose mailbox task runs): still a named track.
        const int t = int(tid.size()) + 1;
        tid[hexId] = t;
        QJsonObject meta;
        meta[u"ph"] = QStringLiteral("M");
        meta[u"name"] = QStringLiteral("thread_name");
        meta[u"pid"] = 1;
        meta[u"tid"] = t;
        meta[u"args"] = QJsonObject { { QStringLiteral("name"), QString::fromStdString(hexId.substr(0, 8)) } };
        events.append(meta);
        return t;
    };
    auto steps = reader.query(
        "SELECT s.step, s.block, s.type, coalesce(s.kind, s.task), hex(s.actor), s.outcome, s.gas_burned, "
        "hex(s.message_id), coalesce(m.created_step, -1), coalesce(s.error_text, ''), hex(m.source) "
        "FROM steps s LEFT JOIN messages m ON m.rowid = s.message_row ORDER BY s.step",
        std::numeric_limits<size_t>::max());
    if (!steps)
        return R::failure(reader.path() + ": " + steps.error());
    std::map<int64_t, int> actorOfStep;
    for (const auto& row : steps->rows)
        actorOfStep[number(row[0])] = tidOf(row[4]);
    uint64_t flows = 0;
    for (const auto& row : steps->rows) {
        const int64_t step = number(row[0]);
        const int t = tidOf(row[4]);
        QJsonObject e;
        e[u"ph"] = QStringLiteral("X");
        e[u"pid"] = 1;
        e[u"tid"] = t;
        e[u"ts"] = qint64(step * StepWidthUs);
        e[u"dur"] = StepWidthUs - 2;
        e[u"name"] = QString::fromStdString(row[3]);
        e[u"cat"] = QString::fromStdString(row[2] == "task" ? "task" : row[3]);
        QJsonObject args;
        args[u"step"] = qint64(step);
        args[u"block"] = qint64(number(row[1]));
        args[u"outcome"] = QString::fromStdString(row[5]);
        args[u"gas_burned"] = qint64(number(row[6]));
        args[u"message"] = QString::fromStdString(row[7]);
        if (!row[9].empty())
            args[u"error"] = QString::fromStdString(row[9]);
        e[u"args"] = args;
        events.append(e);
        // A message created by step c and processed here: an arrow c → step. created_step, not
        // created_pos - 1: a user's message sent before step c + 1 has that position too.
        const int64_t created = number(row[8]);
        if (row[2] == "dispatch" && created >= 0 && actorOfStep.count(created)) {
            const int64_t from = created;
            QJsonObject s, f;
            s[u"ph"] = QStringLiteral("s");
            f[u"ph"] = QStringLiteral("f");
            for (QJsonObject* o : { &s, &f }) {
                (*o)[u"id"] = qint64(flows);
                (*o)[u"pid"] = 1;
                (*o)[u"name"] = QStringLiteral("message");
                (*o)[u"cat"] = QStringLiteral("message");
            }
            s[u"tid"] = actorOfStep[from];
            s[u"ts"] = qint64(from * StepWidthUs + StepWidthUs / 2);
            f[u"tid"] = t;
            f[u"ts"] = qint64(step * StepWidthUs + 1);
            f[u"bp"] = QStringLiteral("e");
            events.append(s);
            events.append(f);
            ++flows;
        }
    }
    QJsonObject root;
    root[u"traceEvents"] = events;
    root[u"displayTimeUnit"] = QStringLiteral("ms");
    root[u"otherData"] = QJsonObject { { QStringLiteral("source"), QString::fromStdString(reader.path()) },
        { QStringLiteral("time_axis"), QStringLiteral("1 step = 10 us") } };
    QSaveFile out(QString::fromStdString(outPath));
    if (!out.open(QIODevice::WriteOnly))
        return R::failure(outPath + ": cannot write: " + out.errorString().toStdString());
    out.write(QJsonDocument(root).toJson(QJsonDocument::Compact));
    if (!out.commit())
        return R::failure(outPath + ": cannot write: " + out.errorString().toStdString());
    return uint64_t(events.size());
}

} // namespace Gearscope::ChromeTrace
