// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "listdiff.h"

#include <QSet>

namespace Gearscope {

std::vector<ListDiff::Op> ListDiff::compute(const std::vector<QByteArray>& before, const std::vector<QByteArray>& after)
{
    std::vector<Op> ops;
    QSet<QByteArray> inBefore(before.begin(), before.end());
    QSet<QByteArray> inAfter(after.begin(), after.end());
    const int nb = int(before.size()), na = int(after.size());
    int i = 0, j = 0, row = 0;
    while (i < nb || j < na) {
        if (i < nb && j < na && before[size_t(i)] == after[size_t(j)]) {
            ++i, ++j, ++row;
            continue;
        }
        if (i < nb && !inAfter.contains(before[size_t(i)])) {
            int n = 0;
            while (i + n < nb && !inAfter.contains(before[size_t(i + n)]))
                ++n;
            ops.push_back({ Op::Remove, row, n, 0 });
            i += n;
            continue;
        }
        if (j < na && !inBefore.contains(after[size_t(j)])) {
            int n = 0;
            while (j + n < na && !inBefore.contains(after[size_t(j + n)]))
                ++n;
            ops.push_back({ Op::Insert, row, n, j });
            j += n;
            row += n;
            continue;
        }
        // Both keys exist but elsewhere: the order changed. Replace the rest.
        if (nb - i > 0)
            ops.push_back({ Op::Remove, row, nb - i, 0 });
        if (na - j > 0)
            ops.push_back({ Op::Insert, row, na - j, j });
        break;
    }
    return ops;
}

} // namespace Gearscope
