// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "breakpointmodel.h"

#include "models/listdiff.h"
#include "session/session.h"

#include <QApplication>
#include <QBrush>
#include <QColor>
#include <QFont>
#include <QStyle>

#include <algorithm>

namespace Gearscope {

namespace {

/// A row's identity for ListDiff: the condition, plus which occurrence of it (a list set from
/// elsewhere may repeat one; ListDiff wants unique keys).
QByteArray conditionKey(const Breakpoint& bp, int occurrence)
{
    QByteArray key;
    key.append(char(bp.kind));
    if (bp.kind == Breakpoint::Kind::ActorDispatch)
        key.append(reinterpret_cast<const char*>(bp.actor.bytes.data()), qsizetype(bp.actor.bytes.size()));
    if (bp.kind == Breakpoint::Kind::PayloadContains)
        key.append(reinterpret_cast<const char*>(bp.bytes.data()), qsizetype(bp.bytes.size()));
    key.append('#').append(QByteArray::number(occurrence));
    return key;
}

std::vector<QByteArray> keysOf(const std::vector<Breakpoint>& list)
{
    std::vector<QByteArray> keys;
    keys.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
        int occurrence = 0;
        for (size_t j = 0; j < i; ++j)
            occurrence += list[j].sameCondition(list[i]) ? 1 : 0;
        keys.push_back(conditionKey(list[i], occurrence));
    }
    return keys;
}

} // namespace

BreakpointModel::BreakpointModel(Session* session, QObject* parent)
    : QAbstractTableModel(parent)
    , m_session(session)
    , m_snapshot(session ? session->snapshot() : std::make_shared<const SessionSnapshot>())
{
    if (m_session) {
        connect(m_session, &Session::breakpointsChanged, this, &BreakpointModel::refresh);
        connect(m_session, &Session::snapshotAvailable, this, &BreakpointModel::applySnapshot);
    }
    refresh();
}

int BreakpointModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int BreakpointModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant BreakpointModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows[size_t(index.row())];
    const int c = index.column();
    switch (role) {
    case Qt::DisplayRole:
        if (c == BreakpointColumn)
            return r.text;
        if (c == HitsColumn)
            return QString::number(r.hits);
        return {};
    case Qt::CheckStateRole:
        if (c == EnabledColumn)
            return r.bp.enabled ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::TextAlignmentRole:
        if (c == HitsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DecorationRole:
        // The breakpoint the run stands on, marked like a debugger's current-line arrow.
        if (c == BreakpointColumn && r.stopped)
            return QApplication::style()->standardIcon(QStyle::SP_MediaPlay);
        return {};
    case Qt::FontRole:
        if (r.stopped) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::BackgroundRole:
        if (r.stopped)
            return QBrush(QColor(0xff, 0xe0, 0x82));
        return {};
    case Qt::ForegroundRole:
        if (!r.bp.enabled)
            return QBrush(QApplication::palette().color(QPalette::Disabled, QPalette::Text));
        if (r.stopped)
            return QBrush(QColor(0x3e, 0x27, 0x23)); // dark on the amber, whatever the palette
        return {};
    case Qt::ToolTipRole: {
        QString tip = r.text;
        if (!r.bp.enabled)
            tip += tr(" (disabled: never stops a run)");
        if (r.stopped)
            tip += tr("\nThe last run stopped here.");
        tip += tr("\nStopped a run %n time(s) since the file was opened or reset.", nullptr, int(r.hits));
        return tip;
    }
    case KindRole:
        return int(r.bp.kind);
    case ActorRole:
        return r.bp.kind == Breakpoint::Kind::ActorDispatch ? QVariant::fromValue(r.bp.actor)
                                                            : QVariant::fromValue(ActorId());
    case HitsRole:
        return qulonglong(r.hits);
    case StoppedRole:
        return r.stopped;
    default:
        return {};
    }
}

QVariant BreakpointModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case EnabledColumn:
            return tr("On");
        case BreakpointColumn:
            return tr("Breakpoint");
        case HitsColumn:
            return tr("Hits");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case EnabledColumn:
            return tr("A disabled breakpoint stays in the list but never stops a run");
        case BreakpointColumn:
            return tr("When the run stops: before a dispatch, or after a step");
        case HitsColumn:
            return tr("How many times it stopped a run since the file was opened or reset");
        }
    }
    return {};
}

Qt::ItemFlags BreakpointModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == EnabledColumn && !m_readOnly)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool BreakpointModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (m_readOnly || !m_session || role != Qt::CheckStateRole || index.column() != EnabledColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const bool enabled = value.toInt() == Qt::Checked;
    std::vector<Breakpoint> list = m_session->breakpoints();
    const size_t row = size_t(index.row());
    if (row >= list.size())
        return false;
    if (list[row].enabled == enabled)
        return true;
    list[row].enabled = enabled;
    setList(std::move(list));
    return true;
}

bool BreakpointModel::removeRows(int row, int count, const QModelIndex& parent)
{
    if (m_readOnly || !m_session || parent.isValid() || row < 0 || count <= 0 || row + count > rowCount())
        return false;
    std::vector<Breakpoint> list = m_session->breakpoints();
    if (size_t(row + count) > list.size())
        return false;
    list.erase(list.begin() + row, list.begin() + row + count);
    setList(std::move(list));
    return true;
}

int BreakpointModel::rowOf(const Breakpoint& condition) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].bp.sameCondition(condition))
            return int(i);
    return -1;
}

int BreakpointModel::stoppedRow() const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].stopped)
            return int(i);
    return -1;
}

void BreakpointModel::setReadOnly(bool readOnly)
{
    if (m_readOnly == readOnly)
        return;
    m_readOnly = readOnly;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, EnabledColumn), index(rowCount() - 1, EnabledColumn));
}

int BreakpointModel::addBreakpoint(const Breakpoint& bp)
{
    if (m_readOnly || !m_session)
        return -1;
    std::vector<Breakpoint> list = m_session->breakpoints();
    auto it = std::find_if(list.begin(), list.end(), [&](const Breakpoint& b) { return b.sameCondition(bp); });
    if (it != list.end()) {
        it->enabled = true;
    } else {
        list.push_back(bp);
        list.back().enabled = true;
    }
    setList(std::move(list));
    return rowOf(bp);
}

void BreakpointModel::removeBreakpoint(const Breakpoint& condition)
{
    if (m_readOnly || !m_session)
        return;
    std::vector<Breakpoint> list = m_session->breakpoints();
    list.erase(
        std::remove_if(list.begin(), list.end(), [&](const Breakpoint& b) { return b.sameCondition(condition); }),
        list.end());
    setList(std::move(list));
}

void BreakpointModel::setAllEnabled(bool enabled)
{
    if (m_readOnly || !m_session)
        return;
    std::vector<Breakpoint> list = m_session->breakpoints();
    for (auto& b : list)
        b.enabled = enabled;
    setList(std::move(list));
}

void BreakpointModel::clearAll()
{
    if (m_readOnly || !m_session)
        return;
    setList({});
}

void BreakpointModel::setList(std::vector<Breakpoint> list)
{
    // The session emits breakpointsChanged when the list really changed: refresh() follows.
    m_session->setBreakpoints(std::move(list));
}

void BreakpointModel::applySnapshot(const SessionSnapshotPtr& snapshot)
{
    if (!snapshot)
        return;
    m_snapshot = snapshot;
    refresh();
}

void BreakpointModel::refresh()
{
    const std::vector<Breakpoint> list = m_session ? m_session->breakpoints() : std::vector<Breakpoint>();
    // Counts from the snapshot, matched by condition: its list is the engine's, which catches up
    // with the session's one command later, and may be ordered differently meanwhile.
    const SessionSnapshot& snap = *m_snapshot;
    std::vector<bool> taken(snap.breakpoints.size(), false);
    std::vector<Row> rows;
    rows.reserve(list.size());
    for (const Breakpoint& bp : list) {
        Row r;
        r.bp = bp;
        r.text = QString::fromStdString(bp.describe([&snap](const ActorId& id) { return snap.actorName(id); }));
        for (size_t j = 0; j < snap.breakpoints.size(); ++j) {
            if (!taken[j] && snap.breakpoints[j].sameCondition(bp)) {
                taken[j] = true;
                r.hits = j < snap.breakpointHits.size() ? snap.breakpointHits[j] : 0;
                r.stopped = snap.stoppedAtBreakpoint == j;
                break;
            }
        }
        rows.push_back(std::move(r));
    }

    std::vector<Breakpoint> before;
    before.reserve(m_rows.size());
    for (const Row& r : m_rows)
        before.push_back(r.bp);
    const std::vector<QByteArray> afterKeys = keysOf(list);
    for (const auto& op : ListDiff::compute(keysOf(before), afterKeys)) {
        if (op.kind == ListDiff::Op::Remove) {
            beginRemoveRows({}, op.row, op.row + op.count - 1);
            m_rows.erase(m_rows.begin() + op.row, m_rows.begin() + op.row + op.count);
            endRemoveRows();
        } else {
            beginInsertRows({}, op.row, op.row + op.count - 1);
            m_rows.insert(m_rows.begin() + op.row, rows.begin() + op.from, rows.begin() + op.from + op.count);
            endInsertRows();
        }
    }
    // Same keys in the same order now; tell the views about the cells that changed.
    Q_ASSERT(m_rows.size() == rows.size());
    for (size_t i = 0; i < rows.size() && i < m_rows.size(); ++i) {
        Row& old = m_rows[i];
        const Row& now = rows[i];
        const bool enabledChanged = old.bp.enabled != now.bp.enabled;
        const bool markChanged = old.stopped != now.stopped;
        const bool textChanged = old.text != now.text;
        const bool hitsChanged = old.hits != now.hits;
        old = now;
        const int row = int(i);
        if (enabledChanged || markChanged)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        else if (textChanged || hitsChanged)
            Q_EMIT dataChanged(index(row, textChanged ? BreakpointColumn : HitsColumn), index(row, HitsColumn));
    }
}

} // namespace Gearscope
