// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "replaybuilder.h"

#include "session/steplog.h"

#include <QFileInfo>
#include <QString>

#include <algorithm>
#include <cstdlib>

namespace Gearscope {

Result<std::unique_ptr<ReplayBuilder>> ReplayBuilder::open(const std::string& path, uint64_t generation)
{
    using R = Result<std::unique_ptr<ReplayBuilder>>;
    auto reader = TraceReader::open(path);
    if (!reader)
        return R::failure(reader.error());
    std::unique_ptr<ReplayBuilder> b(new ReplayBuilder);
    b->m_reader = std::move(reader).value();
    b->m_generation = generation;
    b->m_sourceName = QFileInfo(QString::fromStdString(path)).fileName().toStdString();
    // The world at the end proves the checkpoints and ops decode; a damaged file fails here,
    // once, with the reader's words, instead of on every seek.
    auto end = b->m_reader->worldAt(b->m_reader->stepCount());
    if (!end)
        return R::failure(end.error());
    // Gas burned per bucket of steps, summed once, so a seek adds at most one bucket's steps.
    const uint64_t buckets = b->m_reader->stepCount() / GasBucket + 1;
    std::vector<Gas> perBucket(buckets, 0);
    auto sums = b->m_reader->query(
        "SELECT step / " + std::to_string(GasBucket) + ", sum(gas_burned) FROM step_view GROUP BY 1", buckets + 1);
    if (!sums)
        return R::failure(sums.error());
    for (const auto& row : sums->rows) {
        const uint64_t i = std::strtoull(row.at(0).c_str(), nullptr, 10);
        if (i < buckets)
            perBucket[i] = std::strtoull(row.at(1).c_str(), nullptr, 10);
    }
    b->m_gasPrefix.assign(buckets + 1, 0);
    for (uint64_t i = 0; i < buckets; ++i)
        b->m_gasPrefix[i + 1] = b->m_gasPrefix[i] + perBucket[i];
    return R(std::move(b));
}

const std::string& ReplayBuilder::path() const { return m_reader->path(); }

uint64_t ReplayBuilder::stepCount() const { return m_reader->stepCount(); }

Result<Gas> ReplayBuilder::gasBefore(uint64_t pos) const
{
    const uint64_t bucket = pos / GasBucket;
    Gas gas = m_gasPrefix.at(bucket);
    const uint64_t from = bucket * GasBucket;
    if (from == pos)
        return gas;
    auto rest = m_reader->query("SELECT coalesce(sum(gas_burned), 0) FROM step_view WHERE step >= "
        + std::to_string(from) + " AND step < " + std::to_string(pos));
    if (!rest)
        return Result<Gas>::failure(rest.error());
    if (!rest->rows.empty() && !rest->rows[0].empty())
        gas += std::strtoull(rest->rows[0][0].c_str(), nullptr, 10);
    return gas;
}

Result<SessionSnapshotPtr> ReplayBuilder::build(uint64_t pos)
{
    using R = Result<SessionSnapshotPtr>;
    auto world = m_reader->worldAt(pos);
    if (!world)
        return R::failure(world.error());
    auto snap = std::make_shared<SessionSnapshot>();
    snap->world = std::move(world).value();
    const size_t actors = snap->world.programs.size() + snap->world.users.size();
    if (actors < m_actorsShown)
        ++m_generation;
    m_actorsShown = actors;
    snap->generation = m_generation;
    snap->serial = ++m_serial;
    snap->loaded = true;
    snap->source = m_reader->path();
    snap->sourceName = m_sourceName;
    snap->tracePath = m_reader->path();
    for (const auto& p : snap->world.programs)
        snap->names[p.id] = p.name.empty() ? p.id.shortHex() : p.name;
    for (const auto& u : snap->world.users)
        snap->names[u.id] = u.name.empty() ? u.id.shortHex() : u.name;
    snap->stepCount = pos;
    snap->block = snap->world.block;
    snap->queueLength = snap->world.queue.size();
    auto gas = gasBefore(pos);
    if (!gas)
        return R::failure(gas.error());
    snap->gasBurned = gas.value();
    snap->running = false;
    snap->idle = snap->world.queue.empty() && snap->world.tasks.empty();
    snap->stopReason = "replay: step " + std::to_string(pos) + " of " + std::to_string(stepCount());
    if (pos > 0) {
        auto step = m_reader->step(pos - 1);
        if (!step)
            return R::failure(step.error());
        StepRecord r = std::move(step).value();
        // Panels need what the step did, not how the world changed (that is the world above).
        r.worldOps.clear();
        r.pageWrites.clear();
        // The block of the step is open unless the world has moved past it.
        snap->blockOpen = r.block == snap->world.block;
        const auto nameOf = [&](const ActorId& id) { return snap->actorName(id); };
        const uint64_t from = pos > LogWindow ? pos - LogWindow : 0;
        if (m_logCache.size() > LogCacheSteps)
            m_logCache.clear();
        m_logCache[pos - 1] = StepLog::entries(r, nameOf);
        // Decode only the steps of the window not seen yet (one bulk read over their span).
        uint64_t lo = pos, hi = from;
        for (uint64_t i = from; i + 1 < pos; ++i) {
            if (!m_logCache.count(i)) {
                lo = std::min(lo, i);
                hi = i + 1;
            }
        }
        if (lo < hi) {
            auto read = m_reader->forEachStep(lo, hi, [&](const StepRecord& before) {
                m_logCache[before.index] = StepLog::entries(before, nameOf);
                return true;
            });
            if (!read)
                return R::failure(read.error());
        }
        for (uint64_t i = from; i < pos; ++i) {
            auto it = m_logCache.find(i);
            if (it != m_logCache.end())
                snap->log.insert(snap->log.end(), it->second.begin(), it->second.end());
        }
        snap->steps.push_back(r);
        snap->stepsSincePrevious = 1;
        snap->lastStep = std::move(r);
    }
    return R(SessionSnapshotPtr(std::move(snap)));
}

} // namespace Gearscope
