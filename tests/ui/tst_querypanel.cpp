// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The SQL query panel (issue 6): rows of a read-only query, errors in the panel, writes refused,
// the row limit, the example queries.
#include "inspectfixture.h"
#include "query/querypanel.h"
#include "query/queryresultmodel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Gearscope;
using namespace Gearscope::Test;

class tst_QueryPanel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SessionSnapshotPtr m_snap;

    /// Runs `sql` and returns the error (empty on success).
    static QString run(QueryPanel& panel, const QString& sql)
    {
        panel.setSql(sql);
        QSignalSpy done(&panel, &QueryPanel::queryFinished);
        panel.runQuery();
        if (done.isEmpty() && !done.wait(10000))
            return QStringLiteral("timed out");
        return done.first().at(0).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        std::string error;
        m_snap
            = recordSample(QString::fromUtf8(CounterSample), m_dir.filePath(QStringLiteral("counter.sqlite")), &error);
        QVERIFY2(m_snap, error.c_str());
    }

    void showsRows()
    {
        QueryPanel panel;
        QAbstractItemModelTester tester(panel.model());
        panel.applySnapshot(m_snap);
        // The four sends of counter.json, in the order made.
        QCOMPARE(run(panel,
                     QStringLiteral(
                         "SELECT kind, hex(payload) AS payload FROM messages WHERE kind = 'handle' ORDER BY rowid")),
            QString());
        QueryResultModel* m = panel.model();
        QCOMPARE(m->columnCount(), 2);
        QCOMPARE(m->headerData(0, Qt::Horizontal).toString(), QStringLiteral("kind"));
        QCOMPARE(m->headerData(1, Qt::Horizontal).toString(), QStringLiteral("payload"));
        QCOMPARE(m->rowCount(), 4);
        QCOMPARE(m->index(0, 1).data().toString(), QStringLiteral("2B05000000")); // "+", u32 5
        QCOMPARE(m->index(3, 1).data().toString(), QStringLiteral("2D64000000")); // "-", u32 100
        QVERIFY2(panel.statusText().startsWith(QStringLiteral("4 row(s)")), qPrintable(panel.statusText()));
        QVERIFY(panel.statusText().contains(QStringLiteral("limit")));
        // The step count agrees with the run.
        QCOMPARE(run(panel, QStringLiteral("SELECT count(*) AS n FROM step_view")), QString());
        QCOMPARE(m->index(0, 0).data().toString(), QString::number(m_snap->stepCount));
    }

    void showsErrors_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("error");
        QTest::addRow("syntax") << "SELEKT * FROM messages"
                                << "SQL error: near \"SELEKT\": syntax error";
        QTest::addRow("no such table") << "SELECT * FROM nope"
                                       << "SQL error: no such table: nope";
        QTest::addRow("write refused") << "DELETE FROM messages"
                                       << "only read-only queries are allowed on a trace";
        QTest::addRow("empty") << "   "
                               << "empty query";
    }

    void showsErrors()
    {
        QFETCH(QString, sql);
        QFETCH(QString, error);
        QueryPanel panel;
        panel.applySnapshot(m_snap);
        QCOMPARE(run(panel, sql), error);
        QCOMPARE(panel.statusText(), error);
        // The trace is untouched by a refused write.
        QCOMPARE(run(panel, QStringLiteral("SELECT count(*) FROM messages WHERE kind = 'handle'")), QString());
        QCOMPARE(panel.model()->index(0, 0).data().toString(), QStringLiteral("4"));
    }

    void rowLimitIsShown()
    {
        QueryPanel panel;
        panel.applySnapshot(m_snap);
        QCOMPARE(run(panel,
                     QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 20000) "
                                    "SELECT x FROM c")),
            QString());
        QCOMPARE(panel.model()->rowCount(), QueryPanel::RowLimit);
        QVERIFY2(panel.statusText().contains(QStringLiteral("row limit")), qPrintable(panel.statusText()));
    }

    void examplesRun()
    {
        QueryPanel panel;
        panel.applySnapshot(m_snap);
        auto* combo = panel.findChild<QComboBox*>(QStringLiteral("queryExamples"));
        QCOMPARE(combo->count(), QueryPanel::examples().size() + 1);
        for (const auto& [title, sql] : QueryPanel::examples())
            QVERIFY2(run(panel, sql).isEmpty(), qPrintable(title));
    }

    void comboAndKeyboard()
    {
        QueryPanel panel;
        panel.applySnapshot(m_snap);
        auto* combo = panel.findChild<QComboBox*>(QStringLiteral("queryExamples"));
        Q_EMIT combo->activated(2);
        QCOMPARE(panel.sql(), QueryPanel::examples().at(1).second);
        // Ctrl+Enter in the editor runs the query; Enter alone is a new line.
        auto* editor = panel.findChild<QPlainTextEdit*>(QStringLiteral("queryEditor"));
        panel.setSql(QStringLiteral("SELECT 42 AS answer"));
        QSignalSpy done(&panel, &QueryPanel::queryFinished);
        QTest::keyClick(editor, Qt::Key_Return);
        QCOMPARE(done.size(), 0);
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!done.isEmpty() || done.wait(10000));
        QCOMPARE(done.first().at(0).toString(), QString());
        QCOMPARE(panel.model()->index(0, 0).data().toString(), QStringLiteral("42"));
    }

    void noTraceIsSaid()
    {
        QueryPanel panel;
        panel.applySnapshot(std::make_shared<SessionSnapshot>());
        QVERIFY(run(panel, QStringLiteral("SELECT 1")).contains(QStringLiteral("not being recorded")));
    }
};

QTEST_MAIN(tst_QueryPanel)
#include "tst_querypanel.moc"
