// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "graphlayout.h"

#include <QLineF>

#include <algorithm>
#include <cmath>
#include <set>

namespace Gearscope {

namespace {

constexpr double Pi = 3.14159265358979323846;

int64_t cellOf(double v)
{
    return int64_t(std::floor(v / GraphLayout::NodeSpacing));
}

} // namespace

int GraphLayout::ringCapacity(Family family, int ring)
{
    if (family == Family::Program && ring == 0)
        return 1;
    const double r = ringRadius(family, ring);
    return std::max(1, int(std::floor(2 * Pi * r / NodeSpacing)));
}

double GraphLayout::ringRadius(Family family, int ring)
{
    return family == Family::Program ? ring * RingStep : UserRingRadius + ring * RingStep;
}

std::vector<int> GraphLayout::spreadOrder(int capacity)
{
    std::vector<int> order;
    if (capacity <= 0)
        return order;
    order.reserve(size_t(capacity));
    int bits = 0;
    while ((1 << bits) < capacity)
        ++bits;
    std::vector<bool> seen(size_t(capacity), false);
    for (int i = 0; i < (1 << bits); ++i) {
        // Bit-reversing i gives the van der Corput fraction i/2^bits: 0, 1/2, 1/4, 3/4, ...
        int rev = 0;
        for (int b = 0; b < bits; ++b)
            if (i & (1 << b))
                rev |= 1 << (bits - 1 - b);
        const int s = int((int64_t(rev) * capacity) >> bits);
        if (!seen[size_t(s)]) {
            seen[size_t(s)] = true;
            order.push_back(s);
        }
    }
    return order;
}

std::vector<QPointF> GraphLayout::ringSlots(Family family, int ring)
{
    const int cap = ringCapacity(family, ring);
    const double r = ringRadius(family, ring);
    std::vector<QPointF> points;
    points.reserve(size_t(cap));
    if (r == 0) {
        points.emplace_back();
        return points;
    }
    // Program rings are turned by half a slot: no ring then has a slot straight above the centre,
    // where the first user sits, so the busiest edge (first user → first program) crosses no node.
    // Consecutive rings have different slot angles, so they do not line up radially either.
    const double offset = family == Family::Program ? Pi / cap : 0.0;
    for (int pos : spreadOrder(cap)) {
        const double a = -Pi / 2 + 2 * Pi * pos / cap + offset;
        // Rounded to 1/100 so points compare exactly in tests.
        points.emplace_back(std::round(r * std::cos(a) * 100) / 100, std::round(r * std::sin(a) * 100) / 100);
    }
    return points;
}

QPointF GraphLayout::slot(Family family, int index)
{
    int ring = 0;
    for (int cap = ringCapacity(family, ring); index >= cap; cap = ringCapacity(family, ++ring))
        index -= cap;
    return ringSlots(family, ring)[size_t(index)];
}

QPointF GraphLayout::cachedSlot(Family family, int index)
{
    auto& cache = m_slotCache[family == Family::Program ? 0 : 1];
    auto& rings = m_ringsCached[family == Family::Program ? 0 : 1];
    while (size_t(index) >= cache.size()) {
        const auto points = ringSlots(family, rings++);
        cache.insert(cache.end(), points.begin(), points.end());
    }
    return cache[size_t(index)];
}

void GraphLayout::clear()
{
    m_grid.clear();
    m_count = 0;
}

void GraphLayout::occupy(const QPointF& p)
{
    m_grid[cellKey(cellOf(p.x()), cellOf(p.y()))].push_back(p);
    ++m_count;
}

bool GraphLayout::isFree(const QPointF& p) const
{
    const int64_t cx = cellOf(p.x());
    const int64_t cy = cellOf(p.y());
    // Cells are NodeSpacing wide and MinGap < NodeSpacing, so the 3×3 neighbourhood is enough.
    for (int64_t dx = -1; dx <= 1; ++dx) {
        for (int64_t dy = -1; dy <= 1; ++dy) {
            auto it = m_grid.find(cellKey(cx + dx, cy + dy));
            if (it == m_grid.end())
                continue;
            for (const QPointF& q : it->second)
                if (QLineF(p, q).length() < MinGap)
                    return false;
        }
    }
    return true;
}

QPointF GraphLayout::place(Family family, const std::optional<QPointF>& anchor)
{
    int index = 0;
    while (!isFree(cachedSlot(family, index)))
        ++index;
    QPointF best = cachedSlot(family, index);
    if (anchor) {
        double bestDistance = QLineF(*anchor, best).length();
        const int last = std::max(index, m_count) + AnchorSearch;
        for (int i = index + 1; i <= last; ++i) {
            const QPointF s = cachedSlot(family, i);
            const double d = QLineF(*anchor, s).length();
            if (d < bestDistance && isFree(s)) {
                best = s;
                bestDistance = d;
            }
        }
    }
    occupy(best);
    return best;
}

std::vector<QPointF> GraphLayout::tidy(const TidyInput& in, const std::atomic<bool>* cancel)
{
    const size_t n = in.positions.size();
    std::vector<QPointF> pos = in.positions;
    if (n < 2)
        return pos;

    std::set<std::pair<int, int>> edgeSet;
    for (auto [a, b] : in.edges) {
        if (a == b || a < 0 || b < 0 || size_t(a) >= n || size_t(b) >= n)
            continue;
        edgeSet.insert({ std::min(a, b), std::max(a, b) });
    }

    QPointF centre;
    for (const QPointF& p : pos)
        centre += p;
    centre /= double(n);

    const double k = NodeSpacing;
    std::vector<QPointF> disp(n);
    double temperature = k;
    const double cooling = temperature / std::max(1, in.iterations);
    for (int it = 0; it < in.iterations; ++it) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return in.positions;
        std::fill(disp.begin(), disp.end(), QPointF());
        for (size_t i = 0; i < n; ++i) {
            for (size_t j = i + 1; j < n; ++j) {
                QPointF d = pos[i] - pos[j];
                double len = std::hypot(d.x(), d.y());
                if (len < 0.01) {
                    // Coincident nodes: push apart along a direction fixed by their indices.
                    const double a = double(i * 7 + j * 13);
                    d = QPointF(std::cos(a), std::sin(a));
                    len = 1;
                }
                const QPointF f = d / len * (k * k / len);
                disp[i] += f;
                disp[j] -= f;
            }
        }
        for (auto [a, b] : edgeSet) {
            const QPointF d = pos[size_t(a)] - pos[size_t(b)];
            const double len = std::max(0.01, std::hypot(d.x(), d.y()));
            const QPointF f = d / len * (len * len / k);
            disp[size_t(a)] -= f;
            disp[size_t(b)] += f;
        }
        for (size_t i = 0; i < n; ++i) {
            if (in.pinned.size() > i && in.pinned[i])
                continue;
            disp[i] += (centre - pos[i]) * 0.02; // gravity: keeps unconnected parts from drifting off
            const double len = std::hypot(disp[i].x(), disp[i].y());
            if (len > 0)
                pos[i] += disp[i] / len * std::min(len, temperature);
        }
        temperature = std::max(1.0, temperature - cooling);
    }
    return pos;
}

} // namespace Gearscope
