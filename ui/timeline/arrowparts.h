// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QLineF>
#include <QRectF>

#include <cstdint>
#include <optional>
#include <unordered_set>

namespace Gearscope {

/** Which arrows a timeline redraw must paint. An arrow whose head is off screen shows only the
 *  part that crosses the view, and a long queue can put tens of thousands of those there
 *  (TimelineIndex::arrows returns every message in flight at the view's left edge, one per end
 *  column), most of them on the same pixels. This keeps the first of each visible part, clipped
 *  to the view with its end points rounded to whole pixels, per colour: each distinct line is
 *  painted once and a redraw stays a redraw, not 50,000 full-width lines. An arrow whose head is
 *  in the view is always painted (the index already keeps one per lane pair and end column).
 *
 *  Plain value, one per redraw; coordinates are the painter's. */
class ArrowParts
{
public:
    explicit ArrowParts(const QRectF& view);

    /// Whether the arrow from `a` to `b` in colour `colour` (any small number the caller uses
    /// for a colour, 0..255) shows anything not painted yet; false when it misses the view.
    bool needsPainting(const QPointF& a, const QPointF& b, int colour);

    /// The part of the segment a-b inside `r` (edges included); nullopt when there is none.
    static std::optional<QLineF> clip(const QPointF& a, const QPointF& b, const QRectF& r);

private:
    QRectF m_view;
    bool m_keyed; // the view fits the key's 14 bits a coordinate; else everything is painted
    std::unordered_set<uint64_t> m_painted;
};

} // namespace Gearscope
