// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/timelineindex.h"

#include "trace/tracereader.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace Gearscope {

namespace {

// Message ids are BLAKE2b hashes, but test ids (ActorId::fromU64 style) are mostly zeros:
// mix all four words so both spread over the table.
uint64_t hashId(const MessageId& id)
{
    uint64_t w[4];
    std::memcpy(w, id.bytes.data(), 32);
    uint64_t h
        = w[0] ^ (w[1] * 0x9e3779b97f4a7c15ull) ^ (w[2] * 0xc2b2ae3d27d4eb4full) ^ (w[3] * 0x165667b19e3779f9ull);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

template <typename T> size_t bytesOf(const std::vector<T>& v) { return v.capacity() * sizeof(T); }

// A reach node covers 16 nodes (or messages) of the level below: few levels (five for 1M
// messages), and a leaf is one cache line of dispatch steps to check.
constexpr unsigned ReachShift = 4;
constexpr size_t ReachFanOut = size_t(1) << ReachShift;

} // namespace

void TimelineIndex::clear() { *this = TimelineIndex(); }

void TimelineIndex::reserve(size_t steps, size_t messages)
{
    m_stepLane.reserve(steps);
    m_stepBlock.reserve(steps);
    m_stepKind.reserve(steps);
    m_stepOutcome.reserve(steps);
    m_stepMsg.reserve(steps);
    m_stepGas.reserve(steps);
    m_stepQueue.reserve(steps);
    m_msgIds.reserve(messages);
    m_msgSend.reserve(messages);
    m_msgProcess.reserve(messages);
    m_msgSrcLane.reserve(messages);
    m_msgDstLane.reserve(messages);
    m_msgKind.reserve(messages);
    m_msgStart.reserve(messages);
    if (m_reach.empty())
        m_reach.emplace_back();
    m_reach.front().reserve(messages / ReachFanOut + 1);
    size_t slots = 64; // a power of two: probing masks the hash
    while (slots < messages * 2)
        slots *= 2;
    if (m_slots.size() < slots)
        rehash(slots);
}

size_t TimelineIndex::memoryBytes() const
{
    size_t n = bytesOf(m_lanes) + bytesOf(m_stepLane) + bytesOf(m_stepBlock) + bytesOf(m_stepKind)
        + bytesOf(m_stepOutcome) + bytesOf(m_stepMsg) + bytesOf(m_stepGas) + bytesOf(m_stepQueue) + bytesOf(m_msgIds)
        + bytesOf(m_msgSend) + bytesOf(m_msgProcess) + bytesOf(m_msgSrcLane) + bytesOf(m_msgDstLane)
        + bytesOf(m_msgKind) + bytesOf(m_msgStart) + bytesOf(m_slots) + bytesOf(m_blocks);
    for (const auto& l : m_laneSteps)
        n += bytesOf(l);
    for (const auto& l : m_reach)
        n += bytesOf(l);
    return n;
}

uint32_t TimelineIndex::laneOf(const ActorId& actor) const
{
    auto it = m_laneByActor.find(actor);
    return it == m_laneByActor.end() ? None : it->second;
}

uint32_t TimelineIndex::laneFor(const ActorId& actor)
{
    auto [it, inserted] = m_laneByActor.emplace(actor, uint32_t(m_lanes.size()));
    if (inserted) {
        m_lanes.push_back(actor);
        m_laneSteps.emplace_back();
    }
    return it->second;
}

void TimelineIndex::rehash(size_t slots)
{
    m_slots.assign(slots, 0);
    const size_t mask = slots - 1;
    for (uint32_t m = 0; m < m_msgIds.size(); ++m) {
        size_t s = hashId(m_msgIds[m]) & mask;
        while (m_slots[s])
            s = (s + 1) & mask;
        m_slots[s] = m + 1;
    }
}

uint32_t TimelineIndex::messageOf(const MessageId& id) const
{
    if (m_slots.empty())
        return None;
    const size_t mask = m_slots.size() - 1;
    for (size_t s = hashId(id) & mask; m_slots[s]; s = (s + 1) & mask)
        if (m_msgIds[m_slots[s] - 1] == id)
            return m_slots[s] - 1;
    return None;
}

uint32_t TimelineIndex::addMessage(const MessageId& id, uint32_t srcLane, uint32_t dstLane, TimelineKind kind)
{
    const uint32_t m = uint32_t(m_msgIds.size());
    m_msgIds.push_back(id);
    m_msgSend.push_back(None);
    m_msgProcess.push_back(None);
    m_msgSrcLane.push_back(srcLane);
    m_msgDstLane.push_back(dstLane);
    m_msgKind.push_back(uint8_t(kind));
    m_msgStart.push_back(uint32_t(m_stepLane.size()));
    growReach(m);
    raiseReach(m, m_msgStart[m]);
    // Load factor at most 1/2 keeps linear probing short; the table size stays a power of two.
    if ((m_msgIds.size()) * 2 > m_slots.size()) {
        size_t n = 64;
        while (n < m_msgIds.size() * 2)
            n *= 2;
        rehash(n);
    } else {
        const size_t mask = m_slots.size() - 1;
        size_t s = hashId(id) & mask;
        while (m_slots[s])
            s = (s + 1) & mask;
        m_slots[s] = m + 1;
    }
    return m;
}

void TimelineIndex::growReach(uint32_t m)
{
    // Message m is the newest. Only the first message of a node opens it, so most messages stop
    // at once; a level that grows from one node to two gets a parent over both, the new top.
    if ((m & (ReachFanOut - 1)) != 0)
        return; // the common case: m's leaf, and so every node above it, is there already
    if (m_reach.empty())
        m_reach.emplace_back();
    size_t index = m;
    for (size_t level = 0;; ++level) {
        if (level == m_reach.size()) {
            const auto& below = m_reach[level - 1];
            const uint32_t top = *std::max_element(below.begin(), below.end()); // a copy: m_reach grows
            m_reach.emplace_back(1, top);
            return;
        }
        if ((index & (ReachFanOut - 1)) != 0)
            return; // m's node at this level is there already, and so are those above it
        index >>= ReachShift;
        auto& nodes = m_reach[level];
        nodes.push_back(0); // raiseReach sets it
        if (nodes.size() == 1)
            return;
    }
}

void TimelineIndex::raiseReach(uint32_t m, uint32_t step)
{
    // A node is never below its children, so once one reaches that far, all above it do too.
    size_t node = m;
    for (auto& nodes : m_reach) {
        node >>= ReachShift;
        if (nodes[node] >= step)
            return;
        nodes[node] = step;
    }
}

void TimelineIndex::collectReaching(
    size_t level, size_t node, uint32_t step, uint32_t messageEnd, std::vector<uint32_t>& out) const
{
    if (m_reach[level][node] < step)
        return;
    const size_t first = node << ReachShift;
    if (level == 0) {
        const size_t last = std::min<size_t>(first + ReachFanOut, messageEnd);
        for (size_t m = first; m < last; ++m)
            if (reachOf(uint32_t(m)) >= step)
                out.push_back(uint32_t(m));
        return;
    }
    // Child c covers messages from c << (ReachShift * level) on.
    const size_t last = std::min(first + ReachFanOut, m_reach[level - 1].size());
    for (size_t c = first; c < last && (c << (ReachShift * level)) < messageEnd; ++c)
        collectReaching(level - 1, c, step, messageEnd, out);
}

bool TimelineIndex::append(const TimelineStep& step)
{
    if (m_stepLane.empty() && m_missed == 0)
        m_firstStep = step.index;
    if (step.index < m_firstStep + m_stepLane.size() + m_missed)
        return false; // already here (a snapshot can repeat what a trace index already holds)
    m_missed += step.index - (m_firstStep + m_stepLane.size() + m_missed);

    const uint32_t i = uint32_t(m_stepLane.size());
    const uint32_t lane = laneFor(step.actor);
    if (m_blocks.empty() || m_blocks.back().number != step.block)
        m_blocks.push_back({ step.block, i, 0 });

    uint32_t msg = messageOf(step.message);
    if (step.kind != TimelineKind::Task) {
        ++m_blocks.back().dispatches;
        if (msg == None) // a user's message: its arrow starts here, from the user's lane
            msg = addMessage(step.message, laneFor(step.source), lane, step.kind);
        if (m_msgProcess[msg] == None) {
            m_msgProcess[msg] = i;
            // The dispatch knows best what the message is: a trace does not keep which programs
            // a step created, so a created program's init message is only known as such here.
            m_msgKind[msg] = uint8_t(step.kind);
            raiseReach(msg, i);
        }
    }
    for (const auto& g : step.generated) {
        if (messageOf(g.id) != None)
            continue;
        const uint32_t m = addMessage(g.id, lane, laneFor(g.destination), g.kind);
        m_msgSend[m] = i;
    }

    m_stepLane.push_back(lane);
    m_stepBlock.push_back(step.block);
    m_stepKind.push_back(uint8_t(step.kind));
    m_stepOutcome.push_back(uint8_t(step.outcome));
    m_stepMsg.push_back(msg);
    m_stepGas.push_back(step.gasBurned);
    m_stepQueue.push_back(step.queueLength);
    m_laneSteps[lane].push_back(i);
    return true;
}

Result<TimelineIndex> TimelineIndex::fromTrace(
    const TraceReader& reader, const std::function<void(uint64_t, uint64_t)>& progress, const std::atomic<bool>* cancel)
{
    using R = Result<TimelineIndex>;
    auto inputs = reader.inputs();
    if (!inputs)
        return R::failure(inputs.error());
    const uint64_t total = reader.stepCount();
    TimelineIndex index;
    index.reserve(total, total + inputs->size());
    QueueTracker queue;
    size_t nextInput = 0;
    const uint64_t every = std::max<uint64_t>(1, total / 100);
    auto visited = reader.forEachStep(0, total, [&](const StepRecord& r) {
        // Inputs made before this step changed the queue too (a user's send pushes its message).
        while (nextInput < inputs->size() && (*inputs)[nextInput].beforeStep <= r.index)
            queue.apply((*inputs)[nextInput++].worldOps);
        queue.apply(r.worldOps);
        index.append(TimelineStep::from(r, queue.length()));
        if (progress && (r.index + 1) % every == 0)
            progress(r.index + 1, total);
        return !(cancel && cancel->load(std::memory_order_relaxed));
    });
    if (!visited)
        return R::failure(visited.error());
    if (!*visited)
        return R::failure(reader.path() + ": indexing cancelled");
    return index;
}

// ===================================================================== blocks and time

uint32_t TimelineIndex::blockStepCount(size_t b) const
{
    const uint32_t end = b + 1 < m_blocks.size() ? m_blocks[b + 1].firstStep : uint32_t(m_stepLane.size());
    return end - m_blocks[b].firstStep;
}

uint32_t TimelineIndex::blockDispatches(size_t b) const { return m_blocks[b].dispatches; }

size_t TimelineIndex::blockOfStep(size_t i) const
{
    auto it = std::upper_bound(
        m_blocks.begin(), m_blocks.end(), uint32_t(i), [](uint32_t s, const Block& b) { return s < b.firstStep; });
    return size_t(it - m_blocks.begin()) - 1;
}

double TimelineIndex::stepStart(size_t i, Axis axis) const
{
    if (axis == Axis::Steps)
        return double(i);
    if (i >= m_stepLane.size())
        return timeEnd(axis);
    const size_t b = blockOfStep(i);
    return m_blocks[b].number + double(i - m_blocks[b].firstStep) / blockStepCount(b);
}

double TimelineIndex::stepEnd(size_t i, Axis axis) const
{
    if (axis == Axis::Steps)
        return double(i + 1);
    if (i >= m_stepLane.size())
        return timeEnd(axis);
    const size_t b = blockOfStep(i);
    return m_blocks[b].number + double(i + 1 - m_blocks[b].firstStep) / blockStepCount(b);
}

double TimelineIndex::positionTime(uint64_t pos, Axis axis) const
{
    if (axis == Axis::Steps)
        return double(pos);
    return pos < m_stepLane.size() ? stepStart(size_t(pos), axis) : timeEnd(axis);
}

size_t TimelineIndex::stepAtOrAfter(double t, Axis axis) const
{
    const size_t n = m_stepLane.size();
    if (axis == Axis::Steps) {
        if (!(t >= 0))
            return 0;
        return std::min(n, size_t(std::floor(t)));
    }
    if (m_blocks.empty() || t < m_blocks.front().number)
        return 0;
    // The last block starting at or before t.
    auto it = std::upper_bound(
        m_blocks.begin(), m_blocks.end(), t, [](double v, const Block& b) { return v < double(b.number); });
    const size_t b = size_t(it - m_blocks.begin()) - 1;
    const double into = t - m_blocks[b].number;
    if (into >= 1.0)
        return b + 1 < m_blocks.size() ? m_blocks[b + 1].firstStep : n;
    const uint32_t count = blockStepCount(b);
    const uint32_t j = std::min(count - 1, uint32_t(std::floor(into * count)));
    return m_blocks[b].firstStep + j;
}

double TimelineIndex::timeBegin(Axis axis) const
{
    return axis == Axis::Steps || m_blocks.empty() ? 0.0 : double(m_blocks.front().number);
}

double TimelineIndex::timeEnd(Axis axis) const
{
    if (axis == Axis::Steps)
        return double(m_stepLane.size());
    return m_blocks.empty() ? 0.0 : double(m_blocks.back().number) + 1.0;
}

uint32_t TimelineIndex::firstMessageStartingAt(uint32_t step) const
{
    return uint32_t(std::lower_bound(m_msgStart.begin(), m_msgStart.end(), step) - m_msgStart.begin());
}

// ===================================================================== level of detail

std::vector<TimelineIndex::Mark> TimelineIndex::marks(
    double t0, double t1, int columns, Axis axis, const std::vector<bool>& laneVisible) const
{
    std::vector<Mark> out;
    if (columns <= 0 || !(t1 > t0) || m_stepLane.empty())
        return out;
    const double width = (t1 - t0) / columns;
    const uint32_t first = uint32_t(stepAtOrAfter(t0, axis));
    for (uint32_t lane = 0; lane < m_lanes.size(); ++lane) {
        if (!laneVisible.empty() && (lane >= laneVisible.size() || !laneVisible[lane]))
            continue;
        const auto& steps = m_laneSteps[lane];
        auto it = std::lower_bound(steps.begin(), steps.end(), first);
        while (it != steps.end()) {
            const uint32_t s = *it;
            if (stepStart(s, axis) >= t1)
                break;
            // Everything of this lane up to the end of the column the step's centre falls in
            // folds into this one mark; then jump there by binary search.
            const double col = std::clamp(std::floor((stepCenter(s, axis) - t0) / width), 0.0, double(columns - 1));
            const double colEnd = t0 + (col + 1) * width;
            const uint32_t next = std::max<uint32_t>(s + 1, uint32_t(stepAtOrAfter(colEnd, axis)));
            auto nextIt = std::lower_bound(it, steps.end(), next);
            // stepAtOrAfter gives the step that *ends* after colEnd: its centre may still lie in
            // this column; include it only if it does.
            if (nextIt != steps.end() && *nextIt == next && next < m_stepLane.size() && stepCenter(next, axis) < colEnd)
                ++nextIt;
            out.push_back({ s, lane, uint32_t(nextIt - it) });
            it = nextIt;
        }
    }
    return out;
}

std::vector<uint32_t> TimelineIndex::arrows(double t0, double t1, int columns, Axis axis, int perColumn) const
{
    std::vector<uint32_t> out;
    if (columns <= 0 || !(t1 > t0) || m_msgIds.empty())
        return out;
    const uint32_t n = uint32_t(m_stepLane.size());
    const uint32_t firstVisible = uint32_t(stepAtOrAfter(t0, axis));
    const uint32_t lastVisible = std::min<uint32_t>(n, uint32_t(stepAtOrAfter(t1, axis)) + 1);
    const double width = (t1 - t0) / columns;

    struct Key
    {
        uint32_t src, dst;
        int64_t endCol;
        bool operator==(const Key& o) const { return src == o.src && dst == o.dst && endCol == o.endCol; }
        bool operator<(const Key& o) const
        {
            return src != o.src ? src < o.src : dst != o.dst ? dst < o.dst : endCol < o.endCol;
        }
    };
    auto keyOf = [&](uint32_t m) {
        return Key { m_msgSrcLane[m], m_msgDstLane[m],
            int64_t(std::floor((stepCenter(reachOf(m), axis) - t0) / width)) };
    };

    // Arrows from the left: all that reach the first visible step, however long and however
    // crowded their start is, then the first of each key. They are what is in flight at the
    // view's left edge, so there are few unless the queue is long.
    if (firstVisible > 0) {
        std::vector<uint32_t> reaching;
        collectReaching(m_reach.size() - 1, 0, firstVisible, firstMessageStartingAt(firstVisible), reaching);
        std::vector<std::pair<Key, uint32_t>> keyed;
        keyed.reserve(reaching.size());
        for (uint32_t m : reaching)
            keyed.emplace_back(keyOf(m), m);
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (size_t k = 0; k < keyed.size(); ++k)
            if (k == 0 || !(keyed[k].first == keyed[k - 1].first))
                out.push_back(keyed[k].second);
        std::sort(out.begin(), out.end());
    }

    // Arrows starting in the view: one bucket per column of start steps, thinned. (Laid out as
    // buckets first, then the scan: interleaving the two measured ~15 % slower zoomed out.)
    std::vector<std::pair<uint32_t, uint32_t>> buckets; // [a, b) of start steps
    for (uint32_t s = firstVisible; s < lastVisible;) {
        const double col = std::floor((stepCenter(s, axis) - t0) / width);
        const uint32_t next = std::max<uint32_t>(s + 1, uint32_t(stepAtOrAfter(t0 + (col + 1) * width, axis)));
        buckets.emplace_back(s, std::min(next, lastVisible));
        s = next;
    }
    std::vector<Key> taken;
    for (const auto& [a, b] : buckets) {
        taken.clear();
        uint32_t m = firstMessageStartingAt(a);
        const uint32_t mEnd = firstMessageStartingAt(b);
        // Scanning is capped too: a column holding 100,000 messages costs as much as one holding 64.
        for (int scanned = 0; m < mEnd && int(taken.size()) < perColumn && scanned < perColumn * 8; ++m, ++scanned) {
            const int64_t endCol = int64_t(std::floor((stepCenter(reachOf(m), axis) - t0) / width));
            const Key k { m_msgSrcLane[m], m_msgDstLane[m], endCol };
            if (std::any_of(taken.begin(), taken.end(),
                    [&](const Key& t) { return t.src == k.src && t.dst == k.dst && t.endCol == k.endCol; }))
                continue;
            taken.push_back(k);
            out.push_back(m);
        }
    }
    return out;
}

} // namespace Gearscope
