// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// ArrowParts: clipping an arrow to the view, and painting each distinct visible part once (a
// long queue brings tens of thousands of arrows into a zoomed timeline from the left).
#include "timeline/arrowparts.h"

#include <QTest>

using namespace Gearscope;

class tst_ArrowParts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clip_data()
    {
        QTest::addColumn<QPointF>("a");
        QTest::addColumn<QPointF>("b");
        QTest::addColumn<bool>("hits");
        QTest::addColumn<QLineF>("expected");
        // The view is (0, 0)-(200, 100). Expected points worked out from the line equations.
        QTest::addRow("inside") << QPointF(10, 10) << QPointF(150, 90) << true << QLineF(10, 10, 150, 90);
        // y = 110 (x + 1000) / 1100 is 100 at x = 0 and below the view after: one point.
        QTest::addRow("from far left, head below")
            << QPointF(-1000, 0) << QPointF(100, 110) << true << QLineF(0, 100, 0, 100);
        // y = 20 + 60 (x + 1000) / 1500: y(0) = 60, y(200) = 68.
        QTest::addRow("across the whole view")
            << QPointF(-1000, 20) << QPointF(500, 80) << true << QLineF(0, 60, 200, 68);
        // y = 10 + 80 (x + 300) / 400: y(0) = 70, head inside at (100, 90).
        QTest::addRow("from the left, head inside")
            << QPointF(-300, 10) << QPointF(100, 90) << true << QLineF(0, 70, 100, 90);
        QTest::addRow("vertical, crossing") << QPointF(50, -40) << QPointF(50, 140) << true << QLineF(50, 0, 50, 100);
        QTest::addRow("horizontal, above the view") << QPointF(-10, -5) << QPointF(300, -5) << false << QLineF();
        QTest::addRow("passes by a corner") << QPointF(-100, 50) << QPointF(50, -100) << false << QLineF();
        QTest::addRow("along the top edge") << QPointF(-10, 0) << QPointF(300, 0) << true << QLineF(0, 0, 200, 0);
    }

    void clip()
    {
        QFETCH(QPointF, a);
        QFETCH(QPointF, b);
        QFETCH(bool, hits);
        QFETCH(QLineF, expected);
        const auto part = ArrowParts::clip(a, b, QRectF(0, 0, 200, 100));
        QCOMPARE(bool(part), hits);
        if (!hits)
            return;
        QVERIFY2(QLineF(part->p1(), expected.p1()).length() < 1e-9 && QLineF(part->p2(), expected.p2()).length() < 1e-9,
            qPrintable(
                QStringLiteral("(%1, %2)-(%3, %4)").arg(part->x1()).arg(part->y1()).arg(part->x2()).arg(part->y2())));
    }

    void samePixelsArePaintedOnce_data()
    {
        QTest::addColumn<QPointF>("a1");
        QTest::addColumn<QPointF>("b1");
        QTest::addColumn<int>("colour1");
        QTest::addColumn<QPointF>("a2");
        QTest::addColumn<QPointF>("b2");
        QTest::addColumn<int>("colour2");
        QTest::addColumn<bool>("secondPainted");
        // View (0, 0)-(800, 400). Two messages in flight across a zoomed view: from far left to
        // far right, nearly level. Within 0.4 px of each other at both edges: one line.
        QTest::addRow("same pixels") << QPointF(-400000, 50) << QPointF(400000, 250) << 1 << QPointF(-400100, 50)
                                     << QPointF(400100, 250) << 1 << false;
        QTest::addRow("a pixel apart at the left edge") << QPointF(-400000, 50) << QPointF(400000, 250) << 1
                                                        << QPointF(-400000, 51) << QPointF(400000, 251) << 1 << true;
        QTest::addRow("same pixels, other colour") << QPointF(-400000, 50) << QPointF(400000, 250) << 1
                                                   << QPointF(-400000, 50) << QPointF(400000, 250) << 2 << true;
        // Heads on screen are the index's business (one per end column): always painted.
        QTest::addRow("head on screen, twice")
            << QPointF(-5000, 50) << QPointF(300, 250) << 1 << QPointF(-5000, 50) << QPointF(300, 250) << 1 << true;
        QTest::addRow("second misses the view") << QPointF(-400000, 50) << QPointF(400000, 250) << 1
                                                << QPointF(-400000, -50) << QPointF(400000, -20) << 1 << false;
    }

    void samePixelsArePaintedOnce()
    {
        QFETCH(QPointF, a1);
        QFETCH(QPointF, b1);
        QFETCH(int, colour1);
        QFETCH(QPointF, a2);
        QFETCH(QPointF, b2);
        QFETCH(int, colour2);
        QFETCH(bool, secondPainted);
        ArrowParts parts(QRectF(0, 0, 800, 400));
        QVERIFY(parts.needsPainting(a1, b1, colour1));
        QCOMPARE(parts.needsPainting(a2, b2, colour2), secondPainted);
    }
};

QTEST_GUILESS_MAIN(tst_ArrowParts)
#include "tst_arrowparts.moc"
