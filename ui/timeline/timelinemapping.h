// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

namespace Gearscope {

/** The visible window of a time axis and its pixels: where a time lands on screen, which time a
 *  pixel shows, and the windows that zooming and panning lead to — kept apart from the widget so
 *  the arithmetic at the edges has its own tests (style guide 9.3.7). Plain value. */
struct TimelineMapping
{
    double lower = 0;
    double upper = 1;
    double pixels = 1; ///< screen length of [lower, upper]

    double toPixel(double t) const { return (t - lower) / (upper - lower) * pixels; }
    double toTime(double px) const { return lower + px / pixels * (upper - lower); }
    double span() const { return upper - lower; }

    /// Zoomed by `factor` (> 1 zooms in) keeping `anchor` (a time) at the same pixel; never
    /// narrower than `minSpan`.
    TimelineMapping zoomed(double factor, double anchor, double minSpan = 4.0) const;
    /// Moved by `fraction` of the visible span (negative: towards earlier time).
    TimelineMapping panned(double fraction) const;
    /// Kept inside [begin, end] where possible (a window wider than that shows all of it).
    TimelineMapping clamped(double begin, double end) const;
};

} // namespace Gearscope
