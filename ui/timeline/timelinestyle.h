// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelinestep.h"

#include <QColor>
#include <QString>

namespace Gearscope {

/** The colours of the timeline, the sequence chart and their legend: one per TimelineKind,
 *  chosen to stay apart for the common forms of colour blindness (Okabe-Ito palette). */
struct TimelineStyle
{
    static QColor kindColor(TimelineKind kind);
    static QString kindName(TimelineKind kind);
    static QColor selectionColor() { return QColor(0xd4, 0x00, 0x8f); }
    static QColor highlightColor() { return QColor(0xff, 0xd7, 0x00); }
    static QColor cursorColor() { return QColor(0x20, 0x20, 0x20); }
    static QColor failureColor() { return QColor(0xc0, 0x00, 0x00); }
};

} // namespace Gearscope
