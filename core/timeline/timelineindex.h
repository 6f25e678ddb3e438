// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "timeline/timelinestep.h"

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace Gearscope {

class TraceReader;

/** The message timeline's data (issue 6): lanes (actors), steps and messages as compact,
 *  time-sorted arrays, and the queries the views need — visible ranges by binary search, one
 *  mark per pixel column (level of detail), hit tests. Not an item model (style guide 9.3.5):
 *  1,000,000 messages cost about 26 bytes per step plus 60 per message.
 *
 *  Steps are numbered from 0 within the index (a continued run's step indexes are shifted by
 *  firstStepIndex()). The time axis has two forms: *steps* (step i fills [i, i+1)) and *blocks*
 *  (block b's steps share [b, b+1) evenly). Positions (after k steps, the cursor) sit on the
 *  boundaries between steps.
 *
 *  Plain value class, no locking: build it on one thread, then hand it over (the UI builds a
 *  trace's index off the GUI thread and swaps it in). */
class TimelineIndex
{
public:
    static constexpr uint32_t None = 0xffffffffu;

    enum class Axis : uint8_t
    {
        Steps,
        Blocks
    };

    /// One mark per lane and pixel column: the step drawn there and how many it stands for.
    struct Mark
    {
        uint32_t step;
        uint32_t lane;
        uint32_t count; ///< steps folded into this mark (>= 1)
    };

    /// Keeps the global queue's length while steps and user inputs are replayed from their world
    /// ops: a StepRecord does not say how long the queue is, but every push and pop is an op.
    class QueueTracker
    {
    public:
        void apply(const WorldOps& ops) { m_length += queueDelta(ops); }
        uint32_t length() const { return m_length < 0 ? 0u : uint32_t(m_length); }

    private:
        int64_t m_length = 0;
    };

    // ---- building ----
    void clear();
    void reserve(size_t steps, size_t messages);
    /// Appends one step. Steps must come in order without gaps; a step already in the index is
    /// ignored (returns false), one after a gap is appended and counted in missedSteps().
    bool append(const TimelineStep& step);
    /// Builds from a trace: every step with its true queue length (steps' and inputs' world ops).
    /// `progress(done, total)` is called at most ~100 times; `cancel` stops early.
    static Result<TimelineIndex> fromTrace(const TraceReader& reader,
        const std::function<void(uint64_t, uint64_t)>& progress = {}, const std::atomic<bool>* cancel = nullptr);

    // ---- size ----
    size_t stepCount() const { return m_stepLane.size(); }
    size_t messageCount() const { return m_msgIds.size(); }
    size_t laneCount() const { return m_lanes.size(); }
    uint64_t firstStepIndex() const { return m_firstStep; }
    uint64_t missedSteps() const { return m_missed; }
    /// Bytes held by the arrays (capacity), for the memory figure in docs/performance.md.
    size_t memoryBytes() const;

    // ---- lanes ----
    const ActorId& laneActor(uint32_t lane) const { return m_lanes[lane]; }
    uint32_t laneOf(const ActorId& actor) const;

    // ---- steps (i = 0 .. stepCount()-1) ----
    uint32_t stepLane(size_t i) const { return m_stepLane[i]; }
    BlockNumber stepBlock(size_t i) const { return m_stepBlock[i]; }
    TimelineKind stepKind(size_t i) const { return TimelineKind(m_stepKind[i]); }
    Outcome stepOutcome(size_t i) const { return Outcome(m_stepOutcome[i]); }
    uint32_t stepMessage(size_t i) const { return m_stepMsg[i]; }
    Gas stepGas(size_t i) const { return m_stepGas[i]; }
    uint32_t stepQueueLength(size_t i) const { return m_stepQueue[i]; }
    /// Steps of one lane, ascending.
    const std::vector<uint32_t>& laneSteps(uint32_t lane) const { return m_laneSteps[lane]; }

    // ---- messages ----
    const MessageId& messageId(uint32_t m) const { return m_msgIds[m]; }
    uint32_t messageOf(const MessageId& id) const;
    uint32_t messageSendStep(uint32_t m) const { return m_msgSend[m]; } ///< None: sent by a user
    uint32_t messageProcessStep(uint32_t m) const { return m_msgProcess[m]; } ///< None: not dispatched (yet)
    uint32_t messageSourceLane(uint32_t m) const { return m_msgSrcLane[m]; }
    uint32_t messageDestinationLane(uint32_t m) const { return m_msgDstLane[m]; }
    TimelineKind messageKind(uint32_t m) const { return TimelineKind(m_msgKind[m]); }
    /// The step where the message's arrow starts (its send, or its dispatch for a user's message).
    uint32_t messageStartStep(uint32_t m) const { return m_msgStart[m]; }
    /// Messages sorted by start step (they are appended in that order), for range queries.
    uint32_t firstMessageStartingAt(uint32_t step) const;

    // ---- blocks ----
    size_t blockCount() const { return m_blocks.size(); }
    BlockNumber blockNumber(size_t b) const { return m_blocks[b].number; }
    uint32_t blockFirstStep(size_t b) const { return m_blocks[b].firstStep; }
    uint32_t blockStepCount(size_t b) const;
    /// Dispatches (not tasks) in block b.
    uint32_t blockDispatches(size_t b) const;

    // ---- time axis ----
    /// Where step i starts on the axis (it ends at stepStart(i + 1) or after its share of its block).
    double stepStart(size_t i, Axis axis) const;
    double stepEnd(size_t i, Axis axis) const;
    double stepCenter(size_t i, Axis axis) const { return (stepStart(i, axis) + stepEnd(i, axis)) / 2; }
    /// Where position `pos` (after pos steps) is: the boundary before step pos.
    double positionTime(uint64_t pos, Axis axis) const;
    /// The first step that ends after t (stepCount() if none).
    size_t stepAtOrAfter(double t, Axis axis) const;
    /// The axis extent: [start of step 0, end of the last step].
    double timeBegin(Axis axis) const;
    double timeEnd(Axis axis) const;

    /// Level of detail: one mark per lane for every run of steps of that lane that falls into
    /// one of `columns` equal columns of [t0, t1] — O(lanes x columns x log n), whatever the
    /// number of steps. Only lanes with `laneVisible(lane)` true (all when empty).
    std::vector<Mark> marks(
        double t0, double t1, int columns, Axis axis, const std::vector<bool>& laneVisible = {}) const;
    /// Messages whose arrow touches [t0, t1] (an arrow runs from its start step to its dispatch,
    /// or has zero length while it has none), in two parts:
    ///  - every arrow that starts left of the view and reaches into it or across it (all
    ///    messages in flight at its left edge), the first (earliest) of each distinct source
    ///    lane, destination lane and end column — never sampled. The reach index skips whatever
    ///    ends short of the view: O(log n) when nothing comes in, at most 16 checks a level for
    ///    each arrow found. A deep queue means many (100,000 messages queued at one step: 50,001
    ///    in a zoomed view, 2.3 ms); the plot paints each distinct line once (ArrowParts);
    ///  - arrows starting inside the view, thinned: per column of start steps at most
    ///    `perColumn` (the first of each distinct lane pair and end column, with the scan capped
    ///    too), so a dense view costs O(columns) whatever the number of messages.
    /// End columns are floor((stepCenter(end) - t0) / ((t1 - t0) / columns)), unclamped.
    std::vector<uint32_t> arrows(double t0, double t1, int columns, Axis axis, int perColumn = 8) const;

private:
    uint32_t laneFor(const ActorId& actor);
    uint32_t addMessage(const MessageId& id, uint32_t srcLane, uint32_t dstLane, TimelineKind kind);
    void rehash(size_t slots);
    size_t blockOfStep(size_t i) const;
    /// Where message m's arrow ends: its dispatch, or its start while it has none.
    uint32_t reachOf(uint32_t m) const { return m_msgProcess[m] != None ? m_msgProcess[m] : m_msgStart[m]; }
    void growReach(uint32_t m);
    void raiseReach(uint32_t m, uint32_t step);
    void collectReaching(
        size_t level, size_t node, uint32_t step, uint32_t messageEnd, std::vector<uint32_t>& out) const;

    struct Block
    {
        BlockNumber number;
        uint32_t firstStep;
        uint32_t dispatches;
    };

    uint64_t m_firstStep = 0;
    uint64_t m_missed = 0;
    std::vector<ActorId> m_lanes;
    std::map<ActorId, uint32_t> m_laneByActor; // few actors: a tree is enough

    std::vector<uint32_t> m_stepLane;
    std::vector<BlockNumber> m_stepBlock;
    std::vector<uint8_t> m_stepKind;
    std::vector<uint8_t> m_stepOutcome;
    std::vector<uint32_t> m_stepMsg;
    std::vector<Gas> m_stepGas;
    std::vector<uint32_t> m_stepQueue;
    std::vector<std::vector<uint32_t>> m_laneSteps;

    std::vector<MessageId> m_msgIds;
    std::vector<uint32_t> m_msgSend;
    std::vector<uint32_t> m_msgProcess;
    std::vector<uint32_t> m_msgSrcLane;
    std::vector<uint32_t> m_msgDstLane;
    std::vector<uint8_t> m_msgKind;
    std::vector<uint32_t> m_msgStart; // start step per message, nondecreasing (binary search)
    // The reach index, to find every arrow that comes into a view from the left without a scan
    // of everything before it: m_reach[0][j] is the furthest step any of messages 16j..16j+15
    // reaches (reachOf), m_reach[k + 1][j] the furthest of m_reach[k][16j..16j+15]; the last
    // level has one node. Messages are sorted by start, so "started before the view and reaching
    // into it" is a descent that skips every node reaching short of the view. Ends are only
    // known at dispatch and come in any order, which rules out a list sorted by end; a node only
    // ever grows (pending messages reach their start, then their dispatch). About 0.27 bytes per
    // message.
    std::vector<std::vector<uint32_t>> m_reach;
    std::vector<uint32_t> m_slots; // open addressing: message index + 1, 0 = empty

    std::vector<Block> m_blocks;
};

} // namespace Gearscope
