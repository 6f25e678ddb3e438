// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <QAbstractTableModel>

#include <optional>

namespace Gearscope {

/** One 16 KiB gear page of a program's memory as a hex dump: a row per 16 bytes — the address,
 *  16 byte columns and the ASCII column. With the page as it was before the selected step, the
 *  bytes the step changed are marked (ChangedRole, and a background for the view).
 *
 *  GUI thread. */
class StatePageModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int BytesPerRow = 16;
    static constexpr int PageSize = 16384;
    static constexpr int AddressColumn = 0;
    static constexpr int FirstByteColumn = 1;
    static constexpr int AsciiColumn = FirstByteColumn + BytesPerRow;
    enum Role
    {
        ChangedRole = Qt::UserRole + 1,
        ByteRole
    };

    explicit StatePageModel(QObject* parent = nullptr);

    /// Shows page `page` (`bytes` is PageSize long; shorter is padded with zeros). `before`: the
    /// page before the selected step, when the step changed it.
    void setPage(uint32_t page, const Bytes& bytes, std::optional<Bytes> before = std::nullopt);
    void clear();

    uint32_t page() const { return m_page; }
    bool hasPage() const { return m_has; }
    /// Offsets in the page of the bytes that differ from `before`.
    const std::vector<int>& changedOffsets() const { return m_changed; }
    bool isChanged(int offset) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    bool m_has = false;
    uint32_t m_page = 0;
    Bytes m_bytes;
    std::vector<bool> m_changedMask;
    std::vector<int> m_changed;
};

} // namespace Gearscope
