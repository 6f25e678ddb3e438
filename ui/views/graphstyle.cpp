// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "graphstyle.h"

#include <QRectF>

#include <algorithm>

namespace Gearscope {

namespace {

QPen makePen(const QColor& c, qreal width, Qt::PenStyle style = Qt::SolidLine)
{
    QPen p(c, width, style, Qt::RoundCap, Qt::RoundJoin);
    p.setCosmetic(false);
    return p;
}

} // namespace

const GraphStyle& GraphStyle::instance()
{
    static const GraphStyle s;
    return s;
}

QString GraphStyle::stateName(ProgramState s)
{
    switch (s) {
    case ProgramState::Uninitialized:
        return QStringLiteral("uninitialized");
    case ProgramState::Active:
        return QStringLiteral("active");
    case ProgramState::Exited:
        return QStringLiteral("exited");
    case ProgramState::Terminated:
        return QStringLiteral("terminated");
    }
    return {};
}

GraphStyle::GraphStyle()
{
    background = QBrush(QColor(0xf7, 0xf8, 0xfa));

    // Colour and line style both carry the state, so it survives a grey-scale print.
    const auto idx = [](ProgramState s) { return size_t(s); };
    programBrush[idx(ProgramState::Uninitialized)] = QBrush(QColor(0xff, 0xf4, 0xcc));
    programPen[idx(ProgramState::Uninitialized)] = makePen(QColor(0xb7, 0x79, 0x1f), 2, Qt::DashLine);
    programBrush[idx(ProgramState::Active)] = QBrush(QColor(0xd4, 0xe8, 0xff));
    programPen[idx(ProgramState::Active)] = makePen(QColor(0x2b, 0x6c, 0xb0), 2.2);
    programBrush[idx(ProgramState::Exited)] = QBrush(QColor(0xe4, 0xe4, 0xe7));
    programPen[idx(ProgramState::Exited)] = makePen(QColor(0x71, 0x71, 0x7a), 2, Qt::DotLine);
    programBrush[idx(ProgramState::Terminated)] = QBrush(QColor(0xfd, 0xd8, 0xd5));
    programPen[idx(ProgramState::Terminated)] = makePen(QColor(0xc5, 0x30, 0x30), 2.4);
    terminatedCross = makePen(QColor(0xc5, 0x30, 0x30), 2);

    userBrush = QBrush(QColor(0xdc, 0xf5, 0xe3));
    userPen = makePen(QColor(0x2f, 0x85, 0x5a), 2);
    userGlyphPen = Qt::NoPen;
    userGlyphBrush = QBrush(QColor(0x2f, 0x85, 0x5a));
    groupBrush = QBrush(QColor(0xec, 0xe4, 0xff));
    groupBackBrush = QBrush(QColor(0xdd, 0xd0, 0xfa));
    groupPen = makePen(QColor(0x6b, 0x46, 0xc1), 2);

    highlightPen = makePen(QColor(0xf5, 0x9e, 0x0b), 5);
    selectedPen = makePen(QColor(0x1d, 0x4e, 0xd8), 2.5);
    pinnedPen = makePen(QColor(0x52, 0x52, 0x5b), 1);
    pinnedBrush = QBrush(QColor(0x52, 0x52, 0x5b));

    labelFont = QFont(QStringLiteral("DejaVu Sans"));
    labelFont.setPixelSize(12);
    stateFont = labelFont;
    stateFont.setPixelSize(10);
    stateFont.setItalic(true);
    badgeFont = labelFont;
    badgeFont.setPixelSize(10);
    badgeFont.setBold(true);
    groupCountFont = labelFont;
    groupCountFont.setPixelSize(13);
    groupCountFont.setBold(true);
    labelPen = QPen(QColor(0x1f, 0x29, 0x37));
    stateLabelPen = QPen(QColor(0x52, 0x52, 0x5b));
    badgeTextPen = QPen(Qt::white);
    queueBadgeBrush = QBrush(QColor(0x25, 0x63, 0xeb));
    waitBadgeBrush = QBrush(QColor(0xd9, 0x77, 0x06));
    mailboxBadgeBrush = QBrush(QColor(0x7c, 0x3a, 0xed));

    // Opaque on purpose: Qt's raster engine fills translucent spans through its thread pool in
    // 64-span chunks, which made a 2,000-edge repaint 50x slower than with opaque colours.
    const QColor edgeColour(0x92, 0x9d, 0xae);
    const QColor recentColour(0xf5, 0x9e, 0x0b);
    for (int w = 0; w <= MaxEdgeWidth; ++w) {
        edgePen[size_t(w)] = makePen(edgeColour, std::max(1, w));
        recentEdgePen[size_t(w)] = makePen(recentColour, std::max(2, w));
    }
    edgeArrowBrush = QBrush(edgeColour);
    recentArrowBrush = QBrush(recentColour);
    edgeLabelFont = labelFont;
    edgeLabelFont.setPixelSize(10);
    edgeLabelPen = QPen(QColor(0x33, 0x41, 0x55));
    edgeLabelBrush = QBrush(background.color());

    flightBrush = QBrush(QColor(0xf5, 0x9e, 0x0b));
    flightPen = makePen(QColor(0x92, 0x40, 0x0e), 1.5);

    programBody.addEllipse(QPointF(), NodeRadius, NodeRadius);
    userBody.addRoundedRect(QRectF(-UserHalfWidth, -UserHalfHeight, 2 * UserHalfWidth, 2 * UserHalfHeight), 9, 9);
    userHighlight.addRoundedRect(QRectF(-UserHalfWidth - 7, -UserHalfHeight - 7, 2 * UserHalfWidth + 14,
                                     2 * UserHalfHeight + 14),
        14, 14);
    userSelected.addRoundedRect(QRectF(-UserHalfWidth - 3.5, -UserHalfHeight - 3.5, 2 * UserHalfWidth + 7,
                                    2 * UserHalfHeight + 7),
        11, 11);
    // A person: a head and the top of the shoulders.
    userGlyph.addEllipse(QPointF(0, -6), 6, 6);
    userGlyph.moveTo(-12, 14);
    userGlyph.cubicTo(-12, 0, 12, 0, 12, 14);
    userGlyph.closeSubpath();
}

} // namespace Gearscope
