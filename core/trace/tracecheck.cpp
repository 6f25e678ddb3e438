// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "tracecheck.h"

#include "ids/ids.h"
#include "trace/worldstate.h"

#include <cstdlib>
#include <limits>
#include <set>

namespace Gearscope::TraceCheck {

namespace {

std::string describe(const StepRecord& r)
{
    std::string s = "step " + std::to_string(r.index) + " (block " + std::to_string(r.block) + ", ";
    s += r.kind == StepKind::Task ? std::string("task ") + toString(r.taskKind)
                                  : std::string(toString(r.dispatchKind)) + " " + r.message.id.shortHex();
    return s + ")";
}

template <typename T> std::string field(const char* name, const T& recorded, const T& other)
{
    return std::string(name) + ": recorded " + recorded + ", now " + other;
}

std::string idList(const std::vector<Message>& ms)
{
    std::string s = "[";
    for (size_t i = 0; i < ms.size(); ++i)
        s += (i ? "," : "") + ms[i].id.shortHex();
    return s + "]";
}

std::string pageList(const std::vector<uint32_t>& pages)
{
    std::string s = "[";
    for (size_t i = 0; i < pages.size(); ++i)
        s += (i ? "," : "") + std::to_string(pages[i]);
    return s + "]";
}

/// Applies one recorded input to a runtime, checking it yields the recorded ids.
Result<Ok> applyInput(Runtime& rt, const InputRecord& in, const std::map<CodeId, Bytes>& codes, size_t index)
{
    using R = Result<Ok>;
    const std::string where = "input " + std::to_string(index) + " (" + toString(in.kind) + ", before step "
        + std::to_string(in.beforeStep) + ")";
    switch (in.kind) {
    case InputKind::SubmitCode: {
        auto c = codes.find(in.code);
        if (c == codes.end())
            return R::failure(where + ": the trace lacks the bytes of code " + in.code.hex());
        auto id = rt.submitCode(c->second, in.name);
        if (!id)
            return R::failure(where + ": " + id.error());
        if (id.value() != in.code)
            return R::failure(where + ": code id " + id->hex() + " differs from the recorded " + in.code.hex());
        return Ok {};
    }
    case InputKind::AddUser: {
        auto id = rt.addUser(in.name, in.value);
        if (!id)
            return R::failure(where + ": " + id.error());
        if (id.value() != in.user)
            return R::failure(where + ": user id differs");
        return Ok {};
    }
    case InputKind::Upload: {
        auto up = rt.uploadProgram(in.user, in.code, in.salt, in.payload, in.value, in.gasLimit, in.name);
        if (!up)
            return R::failure(where + ": " + up.error());
        if (up->program != in.target || up->initMessage != in.message)
            return R::failure(where + ": program or init message id differs from the recording");
        return Ok {};
    }
    case InputKind::Send: {
        auto m = rt.sendMessage(in.user, in.target, in.payload, in.value, in.gasLimit);
        if (!m)
            return R::failure(where + ": " + m.error());
        if (m.value() != in.message)
            return R::failure(where + ": message id " + m->hex() + " differs from the recorded " + in.message.hex());
        return Ok {};
    }
    case InputKind::Reply: {
        auto m = rt.replyFromMailbox(in.user, in.repliedTo, in.payload, in.value, in.gasLimit);
        if (!m)
            return R::failure(where + ": " + m.error());
        if (m.value() != in.message)
            return R::failure(where + ": reply id differs from the recording");
        return Ok {};
    }
    case InputKind::Claim: {
        auto c = rt.claimValue(in.user, in.repliedTo);
        if (!c)
            return R::failure(where + ": " + c.error());
        return Ok {};
    }
    case InputKind::IdleBlock: {
        const BlockNumber want = BlockNumber(in.value == 0 ? 1 : in.value);
        BlockNumber passed = rt.passEmptyBlocks(want);
        if (passed != want)
            return R::failure(where + ": could pass only " + std::to_string(passed) + " of " + std::to_string(want)
                + " empty blocks");
        return Ok {};
    }
    case InputKind::EndBlock:
        rt.endBlock();
        return Ok {};
    }
    return R::failure(where + ": unknown input kind");
}

} // namespace

std::string compareSteps(const StepRecord& a, const StepRecord& b)
{
    const std::string at = describe(a) + ": ";
    if (a.kind != b.kind)
        return at + "step type differs";
    if (a.block != b.block)
        return at + field("block", std::to_string(a.block), std::to_string(b.block));
    if (a.kind == StepKind::Task && a.taskKind != b.taskKind)
        return at + field("task", std::string(toString(a.taskKind)), std::string(toString(b.taskKind)));
    if (a.kind == StepKind::Dispatch && a.dispatchKind != b.dispatchKind)
        return at + field("kind", std::string(toString(a.dispatchKind)), std::string(toString(b.dispatchKind)));
    if (a.message.id != b.message.id)
        return at + field("message id", a.message.id.hex(), b.message.id.hex());
    if (a.actor != b.actor)
        return at + field("actor", a.actor.hex(), b.actor.hex());
    if (a.outcome != b.outcome)
        return at + field("outcome", std::string(toString(a.outcome)), std::string(toString(b.outcome)));
    if (a.errorCode != b.errorCode)
        return at
            + field("error code", a.errorCode ? a.errorCode->toString() : std::string("none"),
                b.errorCode ? b.errorCode->toString() : std::string("none"));
    if (a.gasBurned != b.gasBurned)
        return at + field("gas burned", std::to_string(a.gasBurned), std::to_string(b.gasBurned));
    if (a.gasLimit != b.gasLimit)
        return at + field("gas limit", std::to_string(a.gasLimit), std::to_string(b.gasLimit));
    if (a.syscallCount != b.syscallCount)
        return at + field("syscall count", std::to_string(a.syscallCount), std::to_string(b.syscallCount));
    if (a.generated.size() != b.generated.size())
        return at + field("generated messages", idList(a.generated), idList(b.generated));
    for (size_t i = 0; i < a.generated.size(); ++i) {
        const Message &x = a.generated[i], &y = b.generated[i];
        if (x.id != y.id || x.payload != y.payload || x.destination != y.destination || x.value != y.value)
            return at + "generated message " + std::to_string(i) + " differs (" + x.id.shortHex() + " vs "
                + y.id.shortHex() + ")";
    }
    if (a.changedPages != b.changedPages)
        return at + field("changed pages", pageList(a.changedPages), pageList(b.changedPages));
    if (a.debug != b.debug)
        return at + "debug output differs";
    return {};
}

Result<std::unique_ptr<Runtime>> rebuild(const TraceReader& reader, uint64_t pos,
    const std::function<void(Runtime&)>& prepare, const std::function<void(const StepRecord&)>& onStep)
{
    using R = Result<std::unique_ptr<Runtime>>;
    if (pos > reader.stepCount())
        return R::failure(reader.path() + ": position " + std::to_string(pos) + " is past the end ("
            + std::to_string(reader.stepCount()) + " steps)");
    auto inputs = reader.inputs();
    if (!inputs)
        return R::failure(inputs.error());
    auto codes = reader.codes();
    if (!codes)
        return R::failure(codes.error());
    RuntimeConfig cfg = reader.config();
    auto rt = std::make_unique<Runtime>(cfg);
    if (prepare)
        prepare(*rt);
    size_t next = 0;
    for (uint64_t s = 0; s <= pos; ++s) {
        while (next < inputs->size() && (*inputs)[next].beforeStep <= s) {
            auto a = applyInput(*rt, (*inputs)[next], codes.value(), next);
            if (!a)
                return R::failure(reader.path() + ": " + a.error());
            ++next;
        }
        if (s == pos)
            break;
        auto live = rt->step();
        if (!live)
            return R::failure(reader.path() + ": the re-run stopped at step " + std::to_string(s));
        if (onStep)
            onStep(*live);
    }
    return R(std::move(rt));
}

Result<VerifyReport> verify(const std::string& path, Progress progress)
{
    using R = Result<VerifyReport>;
    auto reader = TraceReader::open(path);
    if (!reader)
        return R::failure(reader.error());
    const TraceReader& tr = *reader.value();
    auto inputs = tr.inputs();
    if (!inputs)
        return R::failure(inputs.error());
    auto codes = tr.codes();
    if (!codes)
        return R::failure(codes.error());
    RuntimeConfig cfg = tr.config();
    cfg.recordWorld = true; // for the bytes of the pages each step wrote
    Runtime rt(cfg);
    VerifyReport report;
    const uint64_t total = tr.stepCount();
    // Replay never re-executes: it trusts the recorded world ops and checkpoints, so verify
    // checks those too, not only what the steps did.
    std::set<uint64_t> checkpoints;
    if (auto cps = tr.query("SELECT pos FROM checkpoints WHERE pos >= 0", std::numeric_limits<size_t>::max())) {
        for (const auto& row : cps->rows)
            checkpoints.insert(std::strtoull(row.at(0).c_str(), nullptr, 10)); // never throws, unlike stoull
    } else {
        return R::failure(path + ": " + cps.error());
    }
    Bytes inputOps;
    rt.setInputObserver([&](const InputRecord& in) { inputOps = serializeOps(in.worldOps); });
    size_t next = 0;
    auto applyDue = [&](uint64_t s) -> std::optional<Divergence> {
        while (next < inputs->size() && (*inputs)[next].beforeStep <= s) {
            auto a = applyInput(rt, (*inputs)[next], codes.value(), next);
            if (!a)
                return Divergence { s, a.error() };
            if (inputOps != serializeOps((*inputs)[next].worldOps))
                return Divergence { s,
                    "input " + std::to_string(next) + " (" + toString((*inputs)[next].kind) + ", before step "
                        + std::to_string(s) + "): world ops differ" };
            ++next;
            ++report.inputsApplied;
        }
        if (checkpoints.count(s)) {
            auto w = tr.worldAt(s);
            if (!w)
                return Divergence { s, "checkpoint at " + std::to_string(s) + ": " + w.error() };
            const std::string d = w->difference(WorldState::capture(rt));
            if (!d.empty())
                return Divergence { s, "checkpoint at " + std::to_string(s) + " differs: " + d };
        }
        return std::nullopt;
    };
    for (uint64_t s = 0; s < total; ++s) {
        if (auto dv = applyDue(s)) {
            report.divergence = dv;
            return report;
        }
        auto recorded = tr.step(s);
        if (!recorded)
            return R::failure(recorded.error());
        auto live = rt.step();
        if (!live) {
            report.divergence = Divergence { s, "step " + std::to_string(s) + ": the re-run has nothing left to do" };
            return report;
        }
        std::string d = compareSteps(recorded.value(), live.value());
        if (d.empty()) {
            // The memory each step committed, byte for byte: the whole page, not only the
            // chunks the step names (a write the runtime missed would show here).
            for (const auto& w : live->pageWrites) {
                auto page = tr.pageAt(w.program, w.page, s + 1);
                if (!page)
                    return R::failure(page.error());
                Bytes now = rt.memoryPage(w.program, w.page);
                if (now.empty()) {
                    // The program is gone (it exited in this step): its page as this step left it.
                    now = page.value();
                    if (now.size() != PageWrite::PageBytes || !w.applyTo(now.data()))
                        now = w.data;
                }
                if (page.value() != now) {
                    d = "step " + std::to_string(s) + ": page " + std::to_string(w.page) + " of program "
                        + w.program.shortHex() + " differs (memory hash recorded "
                        + toHex(Ids::blake2b256(page.value()).data(), 8) + ", now "
                        + toHex(Ids::blake2b256(now).data(), 8) + ")";
                    break;
                }
            }
        }
        if (d.empty() && serializeOps(recorded->worldOps) != serializeOps(live->worldOps))
            d = "step " + std::to_string(s) + ": world ops differ (recorded "
                + std::to_string(recorded->worldOps.size()) + " ops, now " + std::to_string(live->worldOps.size())
                + ")";
        if (!d.empty()) {
            report.divergence = Divergence { s, d };
            return report;
        }
        report.stepsChecked++;
        if (progress && (s % 1000 == 0 || s + 1 == total))
            progress(s + 1, total);
    }
    if (auto dv = applyDue(total)) {
        report.divergence = dv;
        return report;
    }
    if (auto extra = rt.step()) {
        // The recording ended but the run would go on: fine for a run stopped early (blocks limit),
        // so this is not a divergence.
        (void)extra;
    }
    return report;
}

Result<std::optional<Divergence>> diff(const std::string& pathA, const std::string& pathB)
{
    using R = Result<std::optional<Divergence>>;
    auto ra = TraceReader::open(pathA);
    if (!ra)
        return R::failure(ra.error());
    auto rb = TraceReader::open(pathB);
    if (!rb)
        return R::failure(rb.error());
    const TraceReader &a = *ra.value(), &b = *rb.value();
    if (a.seed() != b.seed())
        return R(Divergence { 0, "seed: " + std::to_string(a.seed()) + " vs " + std::to_string(b.seed()) });
    auto ia = a.inputs();
    auto ib = b.inputs();
    if (!ia)
        return R::failure(ia.error());
    if (!ib)
        return R::failure(ib.error());
    const uint64_t n = std::min(a.stepCount(), b.stepCount());
    // Walk steps in order; inputs are compared as they come due, so the first difference found is
    // the earliest in the run.
    size_t next = 0;
    auto inputsDiffer = [&](uint64_t upTo) -> std::optional<Divergence> {
        for (; next < ia->size() || next < ib->size(); ++next) {
            const InputRecord* x = next < ia->size() ? &(*ia)[next] : nullptr;
            const InputRecord* y = next < ib->size() ? &(*ib)[next] : nullptr;
            if ((x && x->beforeStep > upTo) && (!y || y->beforeStep > upTo))
                break;
            if (y && y->beforeStep > upTo && (!x || x->beforeStep > upTo))
                break;
            if (!x || !y)
                return Divergence { upTo,
                    "input " + std::to_string(next) + ": only " + (x ? "A" : "B") + " has it ("
                        + toString((x ? x : y)->kind) + ")" };
            // Say what each side did: a fork's extra send shows up as a different input at the
            // same index, so naming only A's would point at an input B does not have.
            auto what = [](const InputRecord& r) {
                return std::string(toString(r.kind)) + " before step " + std::to_string(r.beforeStep);
            };
            if (x->beforeStep != y->beforeStep || x->kind != y->kind)
                return Divergence { upTo,
                    "input " + std::to_string(next) + ": A has " + what(*x) + ", B has " + what(*y) };
            const char* field = x->user != y->user ? "user"
                : x->target != y->target           ? "target"
                : x->payload != y->payload         ? "payload"
                : x->value != y->value             ? "value"
                : x->gasLimit != y->gasLimit       ? "gas limit"
                : x->code != y->code               ? "code"
                                                   : nullptr;
            if (field)
                return Divergence { upTo, "input " + std::to_string(next) + " (" + what(*x) + ") differs: " + field };
        }
        return std::nullopt;
    };
    for (uint64_t s = 0; s < n; ++s) {
        if (auto dv = inputsDiffer(s))
            return R(dv);
        auto sa = a.step(s);
        if (!sa)
            return R::failure(sa.error());
        auto sb = b.step(s);
        if (!sb)
            return R::failure(sb.error());
        std::string d = compareSteps(sa.value(), sb.value());
        if (!d.empty())
            return R(Divergence { s, d });
    }
    if (auto dv = inputsDiffer(n))
        return R(dv);
    if (a.stepCount() != b.stepCount())
        return R(Divergence {
            n, "A has " + std::to_string(a.stepCount()) + " steps, B has " + std::to_string(b.stepCount()) });
    return R(std::nullopt);
}

} // namespace Gearscope::TraceCheck
