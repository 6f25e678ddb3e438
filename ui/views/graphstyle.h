// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "runtime/runtimetypes.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QPainterPath>
#include <QPen>

#include <array>

namespace Gearscope {

/** The interned pens, brushes, fonts and shapes of the actor graph (style guide 9.3.8): built once
 *  on first use, shared by every node and edge, so painting a frame constructs none.
 *  GUI thread only (QFont needs the application). */
struct GraphStyle
{
    static const GraphStyle& instance();

    // ---- geometry shared by items and layout ----
    static constexpr qreal NodeRadius = 22; ///< program circle; users are a box of about the same size
    static constexpr qreal UserHalfWidth = 24;
    static constexpr qreal UserHalfHeight = 20;
    static constexpr qreal LabelWidth = 118; ///< names are elided to this many pixels
    static constexpr qreal BadgeHeight = 14;
    static constexpr int MaxEdgeWidth = 6; ///< pen width of the heaviest edges
    static constexpr qreal MinVisiblePixels = 1.0; ///< items smaller than this on screen are not painted
    static constexpr qreal MinLabelScale = 0.45; ///< below this zoom, labels are skipped (text under ~4 px)

    QBrush background;

    // Program bodies by state (index: ProgramState).
    std::array<QBrush, 4> programBrush;
    std::array<QPen, 4> programPen;
    QPen terminatedCross;
    QBrush userBrush;
    QPen userPen;
    QPen userGlyphPen;
    QBrush userGlyphBrush;
    QBrush groupBrush;
    QBrush groupBackBrush;
    QPen groupPen;

    QPen highlightPen; ///< ring around the executing actor
    QPen selectedPen;
    QPen pinnedPen;
    QBrush pinnedBrush;

    QFont labelFont;
    QFont stateFont;
    QFont badgeFont;
    QFont groupCountFont;
    QPen labelPen;
    QPen stateLabelPen;
    QPen badgeTextPen;
    QBrush queueBadgeBrush;
    QBrush waitBadgeBrush;
    QBrush mailboxBadgeBrush;

    std::array<QPen, MaxEdgeWidth + 1> edgePen; ///< by pen width (index 0 unused)
    std::array<QPen, MaxEdgeWidth + 1> recentEdgePen; ///< the edge of the message just delivered
    QBrush edgeArrowBrush;
    QBrush recentArrowBrush;
    QFont edgeLabelFont;
    QPen edgeLabelPen;
    QBrush edgeLabelBrush;

    QBrush flightBrush; ///< the dot that travels along an edge
    QPen flightPen;

    QPainterPath userBody;
    QPainterPath userGlyph;
    QPainterPath programBody;
    QPainterPath userHighlight; ///< userBody grown for the highlight ring
    QPainterPath userSelected; ///< userBody grown for the selection outline

    static QString stateName(ProgramState s);

private:
    GraphStyle();
};

} // namespace Gearscope
