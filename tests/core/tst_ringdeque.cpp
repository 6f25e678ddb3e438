// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// RingDeque, the runtime's message queue (issue 2): against std::deque as the oracle, over
// random pushes at both ends and pops, across wrap-around and growth.
#include "runtime/ringdeque.h"

#include <QTest>

#include <deque>
#include <memory>
#include <vector>

using namespace Gearscope;

class tst_RingDeque : public QObject
{
    Q_OBJECT
private:
    static std::vector<int> contents(const RingDeque<std::unique_ptr<int>>& q)
    {
        std::vector<int> out;
        for (const auto& p : q)
            out.push_back(*p);
        return out;
    }

private slots:
    void matchesStdDeque_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("pushPercent"); // share of pushes among operations: queue grows or drains
        QTest::newRow("balanced") << 1 << 50;
        QTest::newRow("growing") << 2 << 70;
        QTest::newRow("hovering near empty") << 3 << 40;
    }

    void matchesStdDeque()
    {
        QFETCH(int, seed);
        QFETCH(int, pushPercent);
        // Move-only elements: the runtime's dispatches are moved, never copied, through the queue.
        RingDeque<std::unique_ptr<int>> q;
        std::deque<int> oracle;
        uint32_t x = uint32_t(seed) * 2654435761u + 1;
        auto next = [&x]() {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            return x;
        };
        int value = 0;
        for (int step = 0; step < 20000; ++step) {
            const uint32_t r = next() % 100;
            if (r < uint32_t(pushPercent) || oracle.empty()) {
                const uint32_t how = next() % 8;
                if (how < 2) { // a dispatch put back at the front (allowance exceeded)
                    q.push_front(std::make_unique<int>(value));
                    oracle.push_front(value);
                } else if (how < 4) { // a routed message, built in its slot
                    q.emplace_back() = std::make_unique<int>(value);
                    oracle.push_back(value);
                } else {
                    q.push_back(std::make_unique<int>(value));
                    oracle.push_back(value);
                }
                ++value;
            } else if (next() % 2) {
                QCOMPARE(*q.front(), oracle.front());
                auto taken = q.take_front();
                QCOMPARE(*taken, oracle.front());
                oracle.pop_front();
            } else {
                QCOMPARE(*q.front(), oracle.front());
                q.pop_front();
                oracle.pop_front();
            }
            QCOMPARE(q.size(), oracle.size());
            QCOMPARE(q.empty(), oracle.empty());
            if (step % 97 == 0) {
                QCOMPARE(contents(q), std::vector<int>(oracle.begin(), oracle.end()));
                for (size_t i = 0; i < oracle.size(); i += 7)
                    QCOMPARE(*q[i], oracle[i]);
            }
        }
        QCOMPARE(contents(q), std::vector<int>(oracle.begin(), oracle.end()));
        q.clear();
        QVERIFY(q.empty());
        QCOMPARE(q.size(), size_t(0));
        QVERIFY(q.begin() == q.end());
    }

    void popReleasesTheElement()
    {
        // A popped slot must not keep what the element owned (a dispatch's shared gas node
        // decides refunds by its use count).
        RingDeque<std::shared_ptr<int>> q;
        auto shared = std::make_shared<int>(7);
        q.push_back(std::shared_ptr<int>(shared));
        q.push_back(std::shared_ptr<int>(shared));
        QCOMPARE(shared.use_count(), long(3));
        q.pop_front();
        QCOMPARE(shared.use_count(), long(2));
        {
            auto taken = q.take_front();
            QCOMPARE(shared.use_count(), long(2));
        }
        QCOMPARE(shared.use_count(), long(1));
        QVERIFY(q.empty());
    }
};

QTEST_GUILESS_MAIN(tst_RingDeque)
#include "tst_ringdeque.moc"
