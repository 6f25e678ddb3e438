// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Message search (issue 6): each criterion alone and combined, on the recorded counter sample.
// The expected hits come from the runtime's own record of the run (the user log, the trace's
// inputs), not from the SQL the panel runs.
#include "inspectfixture.h"
#include "messageselection.h"
#include "search/searchpanel.h"
#include "search/searchresultmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <set>

using namespace Gearscope;
using namespace Gearscope::Test;

using IdSet = std::set<MessageId>;
Q_DECLARE_METATYPE(IdSet)

static IdSet operator+(IdSet a, const IdSet& b)
{
    a.insert(b.begin(), b.end());
    return a;
}

class tst_SearchPanel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SessionSnapshotPtr m_snap;
    std::vector<InputRecord> m_inputs;

    ActorId byName(const std::string& name) const
    {
        for (const auto& [id, n] : m_snap->names)
            if (n == name)
                return id;
        return {};
    }
    /// Messages users sent (inputs) from or to `actor`, and user-log messages from or to it.
    IdSet userSide(const std::function<bool(const Message&)>& pick) const
    {
        IdSet out;
        for (const auto& m : m_snap->world.userLog)
            if (pick(m))
                out.insert(m.id);
        return out;
    }
    IdSet sends(const std::function<bool(const InputRecord&)>& pick) const
    {
        IdSet out;
        for (const auto& in : m_inputs)
            if (in.kind == InputKind::Send && pick(in))
                out.insert(in.message);
        return out;
    }

    IdSet search(SearchPanel& panel, QString* status = nullptr)
    {
        QSignalSpy results(&panel, &SearchPanel::resultsChanged);
        QSignalSpy finished(&panel, &SearchPanel::searchFinished);
        panel.search();
        if (finished.isEmpty() && !finished.wait(10000))
            return { MessageId::fromBytes(std::array<uint8_t, 32> { 0xff }.data()) }; // a hit no test expects
        if (status)
            *status = panel.statusText();
        if (results.isEmpty())
            return {};
        const auto ids = results.last().at(0).value<std::vector<MessageId>>();
        return IdSet(ids.begin(), ids.end());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        std::string error;
        m_snap
            = recordSample(QString::fromUtf8(CounterSample), m_dir.filePath(QStringLiteral("counter.sqlite")), &error);
        QVERIFY2(m_snap, error.c_str());
        auto reader = TraceReader::open(m_snap->tracePath);
        QVERIFY(reader.ok());
        m_inputs = reader.value()->inputs().value();
    }

    void searchesByEachCriterion_data()
    {
        QTest::addColumn<QString>("actor");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("replyCode");
        QTest::addColumn<QString>("payload");
        QTest::addColumn<bool>("hex");
        QTest::addColumn<IdSet>("expected");
        const ActorId eve = byName("eve"), alice = byName("alice"), counter = byName("counter");
        const auto reply = [](const Message& m) { return bool(m.replyTo); };

        QTest::addRow("actor eve") << "eve"
                                   << ""
                                   << ""
                                   << "" << false
                                   << (sends([&](const InputRecord& in) { return in.user == eve; })
                                          + userSide([&](const Message& m) { return m.destination == eve; }));
        QTest::addRow("kind reply") << ""
                                    << "reply"
                                    << ""
                                    << "" << false << userSide(reply);
        QTest::addRow("kind handle") << ""
                                     << "handle"
                                     << ""
                                     << "" << false
                                     << sends([&](const InputRecord& in) { return in.target == counter; });
        QTest::addRow("reply code in words")
            << ""
            << ""
            << "Error(Execution(UserspacePanic))"
            << "" << false << userSide([&](const Message& m) { return m.replyTo && m.replyCode.isError(); });
        QTest::addRow("reply code in hex")
            << ""
            << ""
            << "00010000"
            << "" << false
            << userSide([&](const Message& m) { return m.replyTo && m.replyCode == ReplyCode::successManual(); });
        QTest::addRow("payload text") << ""
                                      << ""
                                      << ""
                                      << "below zero" << false << userSide([&](const Message& m) {
                                             return std::string(m.payload.begin(), m.payload.end()).find("below zero")
                                                 != std::string::npos;
                                         });
        QTest::addRow("payload hex") << ""
                                     << ""
                                     << ""
                                     << "2d64000000" << true
                                     << sends([&](const InputRecord& in) { return in.user == eve; });
        QTest::addRow("actor and kind") << "alice"
                                        << "reply"
                                        << ""
                                        << "" << false << userSide([&](const Message& m) {
                                               return m.replyTo && m.destination == alice;
                                           });
        QTest::addRow("actor, kind and payload")
            << "alice"
            << "handle"
            << ""
            << "+" << false << sends([&](const InputRecord& in) {
                   return in.user == alice && !in.payload.empty() && in.payload[0] == '+';
               });
        QTest::addRow("nothing matches") << "bob"
                                         << ""
                                         << ""
                                         << "below zero" << false << IdSet {};
    }

    void searchesByEachCriterion()
    {
        QFETCH(QString, actor);
        QFETCH(QString, kind);
        QFETCH(QString, replyCode);
        QFETCH(QString, payload);
        QFETCH(bool, hex);
        QFETCH(IdSet, expected);
        MessageSelection sel;
        SearchPanel panel(&sel);
        QAbstractItemModelTester tester(panel.model());
        panel.applySnapshot(m_snap);
        panel.setActor(actor.isEmpty() ? std::nullopt : std::optional<ActorId>(byName(actor.toStdString())));
        panel.setKind(kind);
        panel.setReplyCode(replyCode);
        panel.setPayload(payload, hex);
        QString status;
        const IdSet found = search(panel, &status);
        QCOMPARE(found.size(), expected.size());
        QVERIFY(found == expected);
        QCOMPARE(panel.model()->rowCount(), int(expected.size()));
        QVERIFY2(status.startsWith(QString::number(expected.size())), qPrintable(status));
    }

    void selectingAHitSelectsTheMessage()
    {
        MessageSelection sel;
        SearchPanel panel(&sel);
        panel.applySnapshot(m_snap);
        panel.setReplyCode(QStringLiteral("Error(Execution(UserspacePanic))"));
        const IdSet found = search(panel);
        QCOMPARE(found.size(), size_t(1));
        QCOMPARE(panel.model()->index(0, SearchResultModel::KindColumn).data().toString(),
            QStringLiteral("reply Error(Execution(UserspacePanic))"));
        QCOMPARE(panel.model()->index(0, SearchResultModel::FromToColumn).data().toString(),
            QStringLiteral("counter → eve"));
        QVERIFY(panel.model()
                    ->index(0, SearchResultModel::PayloadColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("below zero")));
        panel.view()->setCurrentIndex(panel.model()->index(0, 0));
        QCOMPARE(sel.selectedMessage(), std::optional<MessageId>(*found.begin()));
    }

    void badHexIsReported()
    {
        SearchPanel panel(nullptr);
        panel.applySnapshot(m_snap);
        panel.setPayload(QStringLiteral("5g"), true);
        QSignalSpy finished(&panel, &SearchPanel::searchFinished);
        panel.search();
        QCOMPARE(finished.size(), 1);
        QVERIFY2(panel.statusText().startsWith(QStringLiteral("Payload:")), qPrintable(panel.statusText()));
    }

    void criteriaBecomeLiteralsNotSql()
    {
        MessageSearch s;
        s.kind = "reply' OR '1'='1";
        s.replyCode = "x'); DROP TABLE messages; --";
        const std::string sql = s.sql();
        QVERIFY(sql.find("'reply'' OR ''1''=''1'") != std::string::npos);
        auto reader = TraceReader::open(m_snap->tracePath);
        auto r = s.run(*reader.value());
        QVERIFY2(r.ok(), r.error().c_str());
        QCOMPARE(r->hits.size(), size_t(0));
    }
};

QTEST_MAIN(tst_SearchPanel)
#include "tst_searchpanel.moc"
