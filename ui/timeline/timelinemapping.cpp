// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/timelinemapping.h"

#include <algorithm>

namespace Gearscope {

TimelineMapping TimelineMapping::zoomed(double factor, double anchor, double minSpan) const
{
    if (!(factor > 0))
        return *this;
    const double newSpan = std::max(minSpan, span() / factor);
    // The anchor keeps its relative position: what was under the mouse stays under it.
    const double rel = span() > 0 ? (anchor - lower) / span() : 0.5;
    TimelineMapping m = *this;
    m.lower = anchor - rel * newSpan;
    m.upper = m.lower + newSpan;
    return m;
}

TimelineMapping TimelineMapping::panned(double fraction) const
{
    TimelineMapping m = *this;
    const double d = span() * fraction;
    m.lower += d;
    m.upper += d;
    return m;
}

TimelineMapping TimelineMapping::clamped(double begin, double end) const
{
    TimelineMapping m = *this;
    const double s = span();
    if (s >= end - begin) {
        // Wider than everything: start at the beginning, keep the zoom.
        m.lower = begin;
        m.upper = begin + s;
        return m;
    }
    if (m.lower < begin) {
        m.lower = begin;
        m.upper = begin + s;
    } else if (m.upper > end) {
        m.upper = end;
        m.lower = end - s;
    }
    return m;
}

} // namespace Gearscope
