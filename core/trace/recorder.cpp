// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "recorder.h"

#include "trace/worldstate.h"

namespace Gearscope {

Result<std::unique_ptr<Recorder>> Recorder::attach(Runtime& rt, const std::string& path, TraceWriter::Meta meta)
{
    using R = Result<std::unique_ptr<Recorder>>;
    // The trace learns memory from the pages programs write (and their data segments at
    // upload): a program that already ran would have pages the trace never saw.
    if (!rt.programs().empty())
        return R::failure(path + ": recording must start before the first program is uploaded");
    meta.seed = rt.config().seed;
    // The limits too: re-running with default limits would diverge (a scenario's small block
    // allowance, say) and verify would blame the recording.
    for (const auto& [key, value] : configToMeta(rt.config()))
        if (key != "seed")
            meta.extra.emplace(key, value);
    auto writer = TraceWriter::create(path, meta, WorldState::capture(rt));
    if (!writer)
        return R::failure(writer.error());
    std::unique_ptr<Recorder> r(new Recorder());
    r->m_rt = &rt;
    r->m_writer = std::move(writer).value();
    rt.setRecordWorld(true);
    TraceWriter* w = r->m_writer.get();
    rt.setInputObserver([w](const InputRecord& in) { w->addInput(in); });
    return R(std::move(r));
}

Recorder::~Recorder()
{
    if (!m_finished)
        (void)finish();
}

bool Recorder::step(const StepRecord& r) { return m_writer->addStep(r); }

Result<Ok> Recorder::finish()
{
    if (m_finished)
        return Ok {};
    m_finished = true;
    if (m_rt) {
        m_rt->setInputObserver({});
        m_rt->setRecordWorld(false);
    }
    return m_writer->finish();
}

std::string Recorder::error() const { return m_writer->error(); }

const std::string& Recorder::path() const { return m_writer->path(); }

} // namespace Gearscope
