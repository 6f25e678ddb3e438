// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/timelinestyle.h"

namespace Gearscope {

QColor TimelineStyle::kindColor(TimelineKind kind)
{
    switch (kind) {
    case TimelineKind::Init:
        return QColor(0x00, 0x9e, 0x73); // bluish green
    case TimelineKind::Handle:
        return QColor(0x00, 0x72, 0xb2); // blue
    case TimelineKind::Reply:
        return QColor(0xe6, 0x9f, 0x00); // orange
    case TimelineKind::ErrorReply:
        return QColor(0xd5, 0x5e, 0x00); // vermillion
    case TimelineKind::Signal:
        return QColor(0xcc, 0x79, 0xa7); // reddish purple
    case TimelineKind::Task:
        return QColor(0x99, 0x99, 0x99);
    }
    return Qt::black;
}

QString TimelineStyle::kindName(TimelineKind kind) { return QString::fromLatin1(toString(kind)); }

} // namespace Gearscope
