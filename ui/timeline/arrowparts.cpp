// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/arrowparts.h"

#include <algorithm>
#include <cmath>

namespace Gearscope {

namespace {

constexpr int CoordBits = 14; // 16,383 pixels: more than any screen

} // namespace

ArrowParts::ArrowParts(const QRectF& view)
    : m_view(view)
    , m_keyed(view.width() < (1 << CoordBits) - 1 && view.height() < (1 << CoordBits) - 1)
{
}

std::optional<QLineF> ArrowParts::clip(const QPointF& a, const QPointF& b, const QRectF& r)
{
    // Liang–Barsky: the segment is a + u (b - a) for u in [0, 1]; each edge narrows u.
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    const double p[4] = { -dx, dx, -dy, dy };
    const double q[4] = { a.x() - r.left(), r.right() - a.x(), a.y() - r.top(), r.bottom() - a.y() };
    double u0 = 0, u1 = 1;
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return std::nullopt; // parallel to this edge and outside it
            continue;
        }
        const double u = q[i] / p[i];
        if (p[i] < 0)
            u0 = std::max(u0, u);
        else
            u1 = std::min(u1, u);
        if (u0 > u1)
            return std::nullopt;
    }
    return QLineF(a + u0 * (b - a), a + u1 * (b - a));
}

bool ArrowParts::needsPainting(const QPointF& a, const QPointF& b, int colour)
{
    if (m_view.contains(b))
        return true;
    const auto part = clip(a, b, m_view);
    if (!part)
        return false;
    if (!m_keyed)
        return true;
    auto coord = [&](double v, double origin) {
        return uint64_t(std::clamp<long long>(std::llround(v - origin), 0, (1 << CoordBits) - 1));
    };
    const uint64_t key = coord(part->x1(), m_view.left()) | coord(part->y1(), m_view.top()) << CoordBits
        | coord(part->x2(), m_view.left()) << (2 * CoordBits) | coord(part->y2(), m_view.top()) << (3 * CoordBits)
        | uint64_t(colour & 0xff) << (4 * CoordBits);
    return m_painted.insert(key).second;
}

} // namespace Gearscope
