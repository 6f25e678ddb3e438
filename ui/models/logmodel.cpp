// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "logmodel.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace Gearscope {

LogModel::LogModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int LogModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_entries.size()); }

int LogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogEntry& e = m_entries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StepColumn:
            return e.fromStep ? QVariant::fromValue<qulonglong>(e.step) : QVariant();
        case BlockColumn:
            return QVariant::fromValue<uint>(e.block);
        case KindColumn:
            return QString::fromLatin1(toString(e.kind));
        case ActorColumn:
            return QString::fromStdString(e.actorName);
        case TextColumn:
            return QString::fromStdString(e.text);
        }
        return {};
    case Qt::ToolTipRole:
        return index.column() == TextColumn ? QVariant(QString::fromStdString(e.text)) : QVariant();
    case Qt::ForegroundRole:
        switch (e.kind) {
        case LogEntry::Kind::Panic:
        case LogEntry::Kind::Trap:
        case LogEntry::Kind::ErrorReply:
        case LogEntry::Kind::Error:
            return QBrush(QColor(0xc0, 0x1c, 0x28));
        case LogEntry::Kind::Info:
            return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
        default:
            return {};
        }
    case Qt::FontRole:
        if (e.kind == LogEntry::Kind::Breakpoint) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case KindRole:
        return int(e.kind);
    case ActorRole:
        return QVariant::fromValue(e.actor);
    default:
        return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StepColumn:
        return tr("Step");
    case BlockColumn:
        return tr("Block");
    case KindColumn:
        return tr("Kind");
    case ActorColumn:
        return tr("Actor");
    default:
        return tr("Message");
    }
}

void LogModel::setSnapshot(const SessionSnapshotPtr& snapshot)
{
    if (!m_haveGeneration || snapshot->generation != m_generation) {
        clear();
        m_generation = snapshot->generation;
        m_haveGeneration = true;
    }
    append(snapshot->log, snapshot->logDropped);
}

void LogModel::append(const std::vector<LogEntry>& entries, uint64_t dropped)
{
    std::vector<LogEntry> incoming;
    if (dropped) {
        // Lines a fast run produced faster than a person can read: say how many were left out.
        LogEntry gap;
        gap.kind = LogEntry::Kind::Info;
        gap.text = "… " + std::to_string(dropped) + " lines skipped while running fast";
        if (!entries.empty())
            gap.block = entries.front().block;
        incoming.push_back(std::move(gap));
    }
    incoming.insert(incoming.end(), entries.begin(), entries.end());
    if (incoming.empty())
        return;
    if (incoming.size() > size_t(MaxRows))
        incoming.erase(incoming.begin(), incoming.begin() + long(incoming.size() - MaxRows));
    const int overflow = int(m_entries.size() + incoming.size()) - MaxRows;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_entries.erase(m_entries.begin(), m_entries.begin() + overflow);
        endRemoveRows();
    }
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(incoming.size()) - 1);
    for (auto& e : incoming)
        m_entries.push_back(std::move(e));
    endInsertRows();
}

void LogModel::clear()
{
    if (m_entries.empty())
        return;
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

} // namespace Gearscope
