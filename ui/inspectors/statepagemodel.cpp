// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "statepagemodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QFontDatabase>

namespace Gearscope {

StatePageModel::StatePageModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void StatePageModel::setPage(uint32_t page, const Bytes& bytes, std::optional<Bytes> before)
{
    beginResetModel();
    m_has = true;
    m_page = page;
    m_bytes = bytes;
    m_bytes.resize(PageSize, 0);
    m_changedMask.assign(PageSize, false);
    m_changed.clear();
    if (before) {
        Bytes b = std::move(*before);
        b.resize(PageSize, 0);
        for (int i = 0; i < PageSize; ++i) {
            if (b[size_t(i)] != m_bytes[size_t(i)]) {
                m_changedMask[size_t(i)] = true;
                m_changed.push_back(i);
            }
        }
    }
    endResetModel();
}

void StatePageModel::clear()
{
    beginResetModel();
    m_has = false;
    m_bytes.clear();
    m_changedMask.clear();
    m_changed.clear();
    endResetModel();
}

bool StatePageModel::isChanged(int offset) const
{
    return offset >= 0 && size_t(offset) < m_changedMask.size() && m_changedMask[size_t(offset)];
}

int StatePageModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_has ? 0 : PageSize / BytesPerRow;
}

int StatePageModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : AsciiColumn + 1; }

QVariant StatePageModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_has)
        return {};
    const int rowStart = index.row() * BytesPerRow;
    const int col = index.column();
    if (role == Qt::FontRole)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (col == AddressColumn) {
        if (role == Qt::DisplayRole)
            return QStringLiteral("%1").arg(
                qulonglong(m_page) * PageSize + qulonglong(rowStart), 8, 16, QLatin1Char('0'));
        if (role == Qt::ForegroundRole)
            return QBrush(QColor(0x80, 0x80, 0x80));
        return {};
    }
    if (col == AsciiColumn) {
        if (role == Qt::DisplayRole) {
            QString s;
            for (int i = 0; i < BytesPerRow; ++i) {
                const uint8_t b = m_bytes[size_t(rowStart + i)];
                s += (b >= 0x20 && b < 0x7f) ? QChar(b) : QChar(u'.');
            }
            return s;
        }
        if (role == ChangedRole) {
            for (int i = 0; i < BytesPerRow; ++i)
                if (m_changedMask[size_t(rowStart + i)])
                    return true;
            return false;
        }
        return {};
    }
    const int offset = rowStart + col - FirstByteColumn;
    const uint8_t b = m_bytes[size_t(offset)];
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1").arg(b, 2, 16, QLatin1Char('0'));
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case ByteRole:
        return int(b);
    case ChangedRole:
        return bool(m_changedMask[size_t(offset)]);
    case Qt::BackgroundRole:
        return m_changedMask[size_t(offset)] ? QVariant(QBrush(QColor(0xff, 0xd5, 0x4f))) : QVariant();
    case Qt::ForegroundRole:
        return b == 0 && !m_changedMask[size_t(offset)] ? QVariant(QBrush(QColor(0xa0, 0xa0, 0xa0))) : QVariant();
    case Qt::ToolTipRole:
        return tr("0x%1: %2 (%3)%4")
            .arg(qulonglong(m_page) * PageSize + qulonglong(offset), 0, 16)
            .arg(b, 2, 16, QLatin1Char('0'))
            .arg(b)
            .arg(m_changedMask[size_t(offset)] ? tr(", changed by the step") : QString());
    default:
        return {};
    }
}

QVariant StatePageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == AddressColumn)
        return tr("Address");
    if (section == AsciiColumn)
        return tr("ASCII");
    return QStringLiteral("%1").arg(section - FirstByteColumn, 0, 16).toUpper();
}

} // namespace Gearscope
