// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// ListDiff: how a model follows a list from one snapshot to the next without a reset.
#include "models/listdiff.h"

#include <QTest>

using namespace Gearscope;

namespace {

/// "abc" → one key per letter.
std::vector<QByteArray> keys(const QString& letters)
{
    std::vector<QByteArray> out;
    for (QChar c : letters)
        out.push_back(QByteArray(1, char(c.unicode())));
    return out;
}

/// Ops as text: "-0x1" removes one row at 0, "+2x3@1" inserts three rows at 2 taken from index 1.
QString describe(const std::vector<ListDiff::Op>& ops)
{
    QStringList parts;
    for (const auto& op : ops)
        parts << (op.kind == ListDiff::Op::Remove ? QStringLiteral("-%1x%2").arg(op.row).arg(op.count)
                                                   : QStringLiteral("+%1x%2@%3").arg(op.row).arg(op.count).arg(op.from));
    return parts.join(QLatin1Char(' '));
}

} // namespace

class tst_ListDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void compute_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QString>("ops");

        QTest::addRow("unchanged") << "abc" << "abc" << "";
        QTest::addRow("both empty") << "" << "" << "";
        QTest::addRow("from empty") << "" << "abc" << "+0x3@0";
        QTest::addRow("to empty") << "abc" << "" << "-0x3";
        QTest::addRow("queue pops its front") << "abc" << "bc" << "-0x1";
        QTest::addRow("queue pushes at the back") << "ab" << "abc" << "+2x1@2";
        QTest::addRow("a dispatch: pop front, push two") << "abc" << "bcde" << "-0x1 +2x2@2";
        QTest::addRow("re-queued at the front") << "bc" << "abc" << "+0x1@0";
        QTest::addRow("removed in the middle") << "abcd" << "abd" << "-2x1";
        QTest::addRow("replaced in the middle") << "abcd" << "axyd" << "-1x2 +1x2@1";
        QTest::addRow("all replaced") << "abc" << "xyz" << "-0x3 +0x3@0";
        QTest::addRow("reordered: the rest is replaced") << "abc" << "acb" << "-1x2 +1x2@1";
        QTest::addRow("rotated") << "abc" << "cab" << "-0x3 +0x3@0";
    }

    void compute()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(QString, ops);
        const auto b = keys(before), a = keys(after);
        const auto result = ListDiff::compute(b, a);
        QCOMPARE(describe(result), ops);
        // Applying the ops to `before` must give `after`, whatever they are.
        std::vector<QByteArray> list = b;
        for (const auto& op : result) {
            QVERIFY(op.count > 0);
            if (op.kind == ListDiff::Op::Remove) {
                QVERIFY(op.row + op.count <= int(list.size()));
                list.erase(list.begin() + op.row, list.begin() + op.row + op.count);
            } else {
                QVERIFY(op.row <= int(list.size()));
                list.insert(list.begin() + op.row, a.begin() + op.from, a.begin() + op.from + op.count);
            }
        }
        QCOMPARE(list, a);
    }
};

QTEST_GUILESS_MAIN(tst_ListDiff)
#include "tst_listdiff.moc"
