// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QPointF>

#include <atomic>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace Gearscope {

/** Where actor nodes go on the graph scene (style guide 9.3.7: mapping in a plain, tested struct).
 *
 *  Placement is incremental and deterministic: each family (programs, users) has a fixed sequence
 *  of slots on concentric rings — programs from the centre outwards, users on rings starting
 *  further out — and a new node takes the first slot that no existing node is near. The view
 *  marks every node it has (wherever it is, dragged ones included) as occupied, so adding actors
 *  never moves an old node, and the same sequence of worlds always gives the same picture.
 *  Within a ring, slots are visited in van der Corput order so a half-full ring is spread evenly
 *  instead of crowding one side.
 *
 *  `tidy()` is the optional force-directed relaxation: a pure function of its input, meant to
 *  run on a worker thread (9.4.2); pinned nodes never move.
 *
 *  Plain value type, no QtWidgets; not thread-safe (one instance per view, GUI thread). */
struct GraphLayout
{
    enum class Family { Program, User };

    static constexpr double NodeSpacing = 130; ///< minimum distance between slot centres (room for a label)
    static constexpr double RingStep = 130; ///< radius added per ring
    static constexpr double UserRingRadius = 390; ///< radius of the first user ring
    static constexpr double MinGap = NodeSpacing * 0.9; ///< a point nearer than this to a node is taken
    static constexpr int AnchorSearch = 48; ///< slots searched past the used ones when placing near an anchor

    /// Slot `index` of a family: depends on nothing but its arguments.
    static QPointF slot(Family family, int index);
    /// Number of slots on ring `ring` of a family (ring 0 of programs is the single centre slot).
    static int ringCapacity(Family family, int ring);
    static double ringRadius(Family family, int ring);
    /// The slots of one ring, in the order they are filled.
    static std::vector<QPointF> ringSlots(Family family, int ring);
    /// Index order in which a ring of `capacity` slots is filled (a permutation of 0..capacity-1).
    static std::vector<int> spreadOrder(int capacity);

    /// Forgets every occupied point (the slot cache stays).
    void clear();
    /// Marks a point as taken by a node.
    void occupy(const QPointF& p);
    /// True when no occupied point is nearer than MinGap.
    bool isFree(const QPointF& p) const;
    int occupiedCount() const { return m_count; }

    /** The first free slot of the family; with an anchor (e.g. the creator of a new program), the
     *  free slot nearest to it among the used slots plus AnchorSearch more (ties: lower index).
     *  The returned point is occupied before returning. */
    QPointF place(Family family, const std::optional<QPointF>& anchor = std::nullopt);

    /// Input of the force-directed tidy, captured on the GUI thread and passed by value (9.4.4).
    struct TidyInput
    {
        std::vector<QPointF> positions;
        std::vector<bool> pinned; ///< same size as positions
        std::vector<std::pair<int, int>> edges; ///< indices into positions; direction and repeats ignored
        int iterations = 250;
    };
    /** Fruchterman–Reingold relaxation seeded from the current positions: nodes repel, edges pull,
     *  a weak pull keeps separate components together; pinned nodes stay exactly where they are.
     *  Deterministic. Returns the input positions unchanged if `cancel` becomes true. */
    static std::vector<QPointF> tidy(const TidyInput& in, const std::atomic<bool>* cancel = nullptr);

private:
    static int64_t cellKey(int64_t cx, int64_t cy)
    {
        return int64_t((uint64_t(cx) << 32) ^ (uint64_t(cy) & 0xffffffffu));
    }
    QPointF cachedSlot(Family family, int index);

    std::unordered_map<int64_t, std::vector<QPointF>> m_grid; ///< occupied points by NodeSpacing-sized cell
    int m_count = 0;
    std::vector<QPointF> m_slotCache[2]; ///< slots of the first m_ringsCached rings, per family
    int m_ringsCached[2] = { 0, 0 };
};

} // namespace Gearscope
