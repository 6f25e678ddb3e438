// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

#include <vector>

namespace Gearscope {

/** Turns one list of row keys into another with row removals and insertions, keeping the rows
 *  whose keys survive in place, so a model can follow a new snapshot with begin/endRemoveRows
 *  and begin/endInsertRows instead of a reset (style guide 9.3.4). Made for the shapes the
 *  world's lists take from step to step — a FIFO popped at the front and pushed at the back,
 *  entries appearing or disappearing in the middle; a reordering falls back to replacing the
 *  rest of the list. Keys must be unique within a list. Pure, any thread. */
struct ListDiff
{
    struct Op
    {
        enum Kind { Remove, Insert } kind;
        int row = 0; ///< in the list as it is when the op applies (after the previous ops)
        int count = 0;
        int from = 0; ///< Insert: index of the first inserted row in the new list
    };
    static std::vector<Op> compute(const std::vector<QByteArray>& before, const std::vector<QByteArray>& after);
};

} // namespace Gearscope
