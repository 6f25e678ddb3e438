// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "scenariowriter.h"

#include "scenario.h"
#include "trace/tracereader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace Gearscope {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

/// Text when every byte is printable ASCII (readable in review), hex otherwise; an empty
/// payload is {"hex": ""} so an expectation still demands emptiness.
QJsonValue payloadJson(const Bytes& b)
{
    const bool printable = !b.empty() && std::all_of(b.begin(), b.end(), [](uint8_t c) { return c >= 32 && c < 127; });
    if (printable)
        return QString::fromLatin1(reinterpret_cast<const char*>(b.data()), int(b.size()));
    QJsonObject o;
    o[u"hex"] = q(toHex(b));
    return o;
}

/// u128 as a decimal string: JSON numbers stop being exact at 2^53.
QJsonValue amount(u128 v) { return q(u128ToString(v)); }

bool isWasm(const Bytes& b) { return b.size() >= 4 && b[0] == 0 && b[1] == 'a' && b[2] == 's' && b[3] == 'm'; }

/// A name usable in a file name.
std::string fileSafe(const std::string& s)
{
    std::string out;
    for (char c : s)
        out += (std::isalnum(uchar(c)) || c == '-' || c == '_') ? c : '_';
    return out.empty() ? std::string("program") : out;
}

} // namespace

Result<ScenarioWriter::Saved> ScenarioWriter::build(const TraceReader& trace, const std::string& scenarioPath)
{
    using R = Result<Saved>;
    const std::string where = trace.path() + ": ";
    auto inputs = trace.inputs();
    if (!inputs)
        return R::failure(inputs.error());
    auto codes = trace.codes();
    if (!codes)
        return R::failure(codes.error());
    const uint64_t steps = trace.stepCount();
    auto finalWorld = trace.worldAt(steps);
    if (!finalWorld)
        return R::failure(finalWorld.error());
    const WorldState& world = finalWorld.value();

    // One pass over the steps: the block each ran in (a send is due before the block of the
    // step that followed it), the blocks run, and whether any dispatch failed.
    std::vector<BlockNumber> stepBlock;
    stepBlock.reserve(steps);
    std::set<BlockNumber> blocksRun;
    bool failed = false;
    bool lastStepStoppedQueue = false; ///< the last step spent the block's allowance
    auto walked = trace.forEachStep(0, steps, [&](const StepRecord& r) {
        stepBlock.push_back(r.block);
        blocksRun.insert(r.block);
        failed = failed || r.outcome == Outcome::Trap || r.outcome == Outcome::Unavailable;
        lastStepStoppedQueue = r.outcome == Outcome::AllowanceExceeded;
        return true;
    });
    if (!walked)
        return R::failure(walked.error());

    // Names as the scenario will know them: given names, else the 64-digit hex id (which the
    // format accepts anywhere an actor is expected).
    std::map<ActorId, std::string> names;
    for (const auto& u : world.users)
        names[u.id] = u.name.empty() ? u.id.hex() : u.name;
    for (const auto& p : world.programs)
        names[p.id] = p.name.empty() ? p.id.hex() : p.name;
    auto nameOf = [&](const ActorId& id) {
        auto it = names.find(id);
        return it != names.end() ? it->second : id.hex();
    };

    const QFileInfo out(q(scenarioPath));
    const std::string stem = out.completeBaseName().toStdString();
    Saved saved;
    QJsonArray users, codeList, programs, messages;
    std::set<CodeId> uploadedCodes;
    for (const auto& in : inputs.value())
        if (in.kind == InputKind::Upload)
            uploadedCodes.insert(in.code);
    std::set<CodeId> codesWritten;
    std::set<std::string> programNames;
    for (const auto& p : world.programs)
        programNames.insert(p.name);

    auto blockBefore = [&](uint64_t beforeStep) -> BlockNumber {
        if (beforeStep < stepBlock.size())
            return stepBlock[beforeStep];
        // After the last step: the next block.
        return std::max<BlockNumber>(world.block, stepBlock.empty() ? 0 : stepBlock.back()) + 1;
    };

    // An input made inside a block (the window's Step buttons, or a pause): the step after it
    // ran in the same block as the step before it; or, after the last step, nothing closed that
    // block later (an ended block and idle blocks are recorded inputs). The runner makes such a
    // message inside the block, after the same step ("afterStep"); made before the next block
    // instead, it would come later in the queue. A message made in a block that then ended
    // without running it is made before the next block: same id, same queue.
    bool closedAtEnd = false;
    bool idleAtEnd = false; ///< empty blocks passed after the last step
    bool sentAfterClose = false; ///< a send, reply or claim after the last step, once its block was closed
    for (const auto& in : inputs.value()) {
        if (in.beforeStep != steps)
            continue;
        closedAtEnd = closedAtEnd || in.kind == InputKind::EndBlock || in.kind == InputKind::IdleBlock;
        idleAtEnd = idleAtEnd || in.kind == InputKind::IdleBlock;
        sentAfterClose = sentAfterClose
            || (closedAtEnd
                && (in.kind == InputKind::Send || in.kind == InputKind::Reply || in.kind == InputKind::Claim));
    }
    auto insideBlock = [&](uint64_t beforeStep) {
        if (beforeStep == 0 || beforeStep > stepBlock.size())
            return false;
        return beforeStep == stepBlock.size() ? !closedAtEnd : stepBlock[beforeStep] == stepBlock[beforeStep - 1];
    };

    const auto& ins = inputs.value();
    for (size_t i = 0; i < ins.size(); ++i) {
        const InputRecord& in = ins[i];
        const std::string at = "input " + std::to_string(i) + " (" + toString(in.kind) + " before step "
            + std::to_string(in.beforeStep) + ")";
        switch (in.kind) {
        case InputKind::AddUser: {
            QJsonObject u;
            u[u"name"] = q(in.name);
            u[u"balance"] = amount(in.value);
            users.append(u);
            break;
        }
        case InputKind::SubmitCode: {
            // Code a program is uploaded from travels with the program; the rest (for
            // gr_create_program) becomes a "codes" entry.
            if (uploadedCodes.count(in.code) || codesWritten.count(in.code))
                break;
            auto c = codes->find(in.code);
            if (c == codes->end())
                return R::failure(where + at + ": the trace has no bytes for code " + in.code.hex());
            std::string name = "code" + std::to_string(codesWritten.size());
            while (programNames.count(name))
                name += "_";
            const std::string file = stem + "." + name + (isWasm(c->second) ? ".wasm" : ".wat");
            saved.files.emplace_back(
                file, QByteArray(reinterpret_cast<const char*>(c->second.data()), int(c->second.size())));
            QJsonObject o;
            o[u"name"] = q(name);
            o[u"file"] = q(file);
            codeList.append(o);
            codesWritten.insert(in.code);
            break;
        }
        case InputKind::Upload: {
            if (in.beforeStep > 0)
                return R::failure(where + at
                    + ": a program uploaded after the run started cannot be expressed in a scenario (programs are "
                      "uploaded at set-up, before block 1)");
            auto c = codes->find(in.code);
            if (c == codes->end())
                return R::failure(where + at + ": the trace has no bytes for code " + in.code.hex());
            const std::string name = nameOf(in.target);
            const std::string file = stem + "." + fileSafe(name) + (isWasm(c->second) ? ".wasm" : ".wat");
            saved.files.emplace_back(
                file, QByteArray(reinterpret_cast<const char*>(c->second.data()), int(c->second.size())));
            QJsonObject o;
            o[u"name"] = q(name);
            o[u"file"] = q(file);
            o[u"from"] = q(nameOf(in.user));
            QJsonObject salt;
            salt[u"hex"] = q(toHex(in.salt));
            o[u"salt"] = salt;
            if (!in.payload.empty())
                o[u"init"] = payloadJson(in.payload);
            o[u"value"] = amount(in.value);
            o[u"gas"] = double(in.gasLimit);
            programs.append(o);
            break;
        }
        case InputKind::Send:
        case InputKind::Reply:
        case InputKind::Claim: {
            QJsonObject o;
            if (in.kind != InputKind::Send)
                o[u"kind"] = in.kind == InputKind::Reply ? QStringLiteral("reply") : QStringLiteral("claim");
            o[u"from"] = q(nameOf(in.user));
            o[u"to"] = q(nameOf(in.target));
            if (in.kind != InputKind::Claim) {
                if (!in.payload.empty())
                    o[u"payload"] = payloadJson(in.payload);
                o[u"value"] = amount(in.value);
                o[u"gas"] = double(in.gasLimit);
            }
            // The exact mailbox message (not "the oldest from `to`"): the re-run makes the same ids.
            if (in.kind != InputKind::Send)
                o[u"message"] = q("0x" + in.repliedTo.hex());
            if (insideBlock(in.beforeStep)) {
                o[u"block"] = double(stepBlock[in.beforeStep - 1]);
                o[u"afterStep"] = double(in.beforeStep);
            } else {
                o[u"block"] = double(blockBefore(in.beforeStep));
            }
            messages.append(o);
            break;
        }
        case InputKind::IdleBlock:
        case InputKind::EndBlock:
            // The runner passes empty blocks and closes blocks by itself.
            break;
        }
    }

    // Expectations: the final state, as far as the format can say it.
    QJsonObject expect;
    QJsonArray replies, log, mailbox, balances, programStates;
    for (const auto& m : world.userLog) {
        QJsonObject o;
        o[u"to"] = q(nameOf(m.destination));
        o[u"from"] = q(nameOf(m.source));
        o[u"payload"] = payloadJson(m.payload);
        o[u"value"] = amount(m.value);
        if (m.replyTo) {
            o[u"code"] = q(m.replyCode.toString());
            replies.append(o);
        } else {
            log.append(o);
        }
    }
    for (const auto& [user, entries] : world.mailboxes) {
        for (const auto& e : entries) {
            QJsonObject o;
            o[u"user"] = q(nameOf(user));
            o[u"from"] = q(nameOf(e.message.source));
            o[u"payload"] = payloadJson(e.message.payload);
            o[u"value"] = amount(e.message.value);
            mailbox.append(o);
        }
        QJsonObject count;
        count[u"user"] = q(nameOf(user));
        count[u"count"] = double(entries.size());
        mailbox.append(count);
    }
    for (const auto& p : world.programs) {
        QJsonObject o;
        o[u"program"] = q(nameOf(p.id));
        o[u"state"] = QString::fromLatin1(toString(p.state));
        programStates.append(o);
    }
    for (const auto& u : world.users) {
        QJsonObject o;
        o[u"actor"] = q(nameOf(u.id));
        o[u"value"] = amount(u.balance);
        balances.append(o);
    }
    for (const auto& p : world.programs) {
        QJsonObject o;
        o[u"actor"] = q(nameOf(p.id));
        o[u"value"] = amount(p.balance);
        balances.append(o);
    }
    if (!replies.isEmpty())
        expect[u"replies"] = replies;
    if (!log.isEmpty())
        expect[u"log"] = log;
    if (!mailbox.isEmpty())
        expect[u"mailbox"] = mailbox;
    if (!programStates.isEmpty())
        expect[u"programs"] = programStates;
    if (!balances.isEmpty())
        expect[u"balances"] = balances;
    if (!failed)
        expect[u"noErrors"] = true;

    // What the saved scenario runs with: the recorded seed and, if not the default, allowance.
    Scenario runAs;
    runAs.seed = trace.seed();
    if (const Gas allowance = trace.config().blockGasAllowance; allowance != RuntimeConfig {}.blockGasAllowance)
        runAs.blockGasAllowance = allowance;
    // A run that ended idle is re-run until idle (unless empty blocks passed after its last
    // step, below); one that stopped with work left (a scenario's "blocks", a paused window)
    // runs up to the block it stopped at. That is the height, not the
    // number of blocks that ran steps: the runner runs empty blocks too, so with steps in blocks 1
    // and 4 the count (2) stopped before block 4 and its inputs.
    const bool idle = world.queue.empty() && world.tasks.empty();
    const BlockNumber lastBlock = std::max<BlockNumber>(world.block, blocksRun.empty() ? 0 : *blocksRun.rbegin());
    // A run paused inside a block: its last block is still open (nothing closed it) and has
    // work left that it would run (queued dispatches while allowance is left, or a due task).
    // Run whole, that block would go on past the pause, so the run stops after its last step.
    bool dueTask = false;
    for (const auto& t : world.tasks)
        dueTask = dueTask || (!stepBlock.empty() && t.block <= stepBlock.back());
    const bool pausedInBlock = insideBlock(steps) && world.block == stepBlock.back()
        && ((!world.queue.empty() && !lastStepStoppedQueue) || dueTask);
    // A run stopped at the end of a block, then sent to: the sends are made before the next
    // block, which must not run. stopAfterStep ends the run there (after its last step, once
    // the block has ended and the sends due before the next one are made); `blocks` would
    // either stop before the sends or run them. (After idle blocks the sends are for a later
    // block than the next, which stopAfterStep does not reach: that stays unsaved, see the docs.)
    const bool sentAtBlockEnd
        = !pausedInBlock && !stepBlock.empty() && sentAfterClose && !idleAtEnd && world.block == stepBlock.back();

    // expect.states: each active program's `state` export on an empty query, as the check will
    // run it on the re-run's final state — with the runner's config (its gas) at the height the
    // re-run ends at (lastBlock: where `blocks` stops, or the block a stop or send is in). The
    // recorded memory stands in for the live program; Runtime::readStateOfImage runs the same
    // Runtime::readState the check calls. An export that fails on an empty query (it needs a
    // query, or traps) gets no expectation, and the description says so.
    QJsonArray stateAnswers;
    std::string unanswered;
    const RuntimeConfig checkConfig = ScenarioRunner::runtimeConfig(runAs);
    for (const auto& p : world.programs) {
        if (p.state != ProgramState::Active
            || std::find(p.exports.begin(), p.exports.end(), "state") == p.exports.end())
            continue;
        auto c = codes->find(p.codeId);
        if (c == codes->end())
            return R::failure(
                where + "the trace has no bytes for code " + p.codeId.hex() + " of program " + nameOf(p.id));
        auto memory = trace.memoryAt(p.id, steps, p.memoryPages);
        if (!memory)
            return R::failure(memory.error());
        auto answer = Runtime::readStateOfImage(checkConfig, c->second, p, memory.value(), lastBlock, {});
        if (!answer) {
            unanswered += (unanswered.empty() ? "" : "; ") + nameOf(p.id) + " (" + answer.error() + ")";
            continue;
        }
        QJsonObject o;
        o[u"program"] = q(nameOf(p.id));
        o[u"payload"] = payloadJson(answer.value());
        stateAnswers.append(o);
    }
    if (!stateAnswers.isEmpty())
        expect[u"states"] = stateAnswers;

    QJsonObject root;
    root[u"name"] = q(stem);
    std::string description = "Saved from the trace " + QFileInfo(q(trace.path())).fileName().toStdString() + " ("
        + std::to_string(steps) + " steps): its inputs, and what happened as expectations.";
    if (!unanswered.empty())
        description += " No `states` expectation for programs whose `state` export fails on an empty query (add "
                       "one with a query by hand): "
            + unanswered + ".";
    root[u"description"] = q(description);
    root[u"seed"] = q(std::to_string(runAs.seed));
    if (runAs.blockGasAllowance)
        root[u"blockGasAllowance"] = q(std::to_string(*runAs.blockGasAllowance));
    if (pausedInBlock || sentAtBlockEnd)
        root[u"stopAfterStep"] = double(steps);
    // A run that ended idle and then let empty blocks pass (a scenario's `blocks`, the window
    // passing time) runs to the same height too, not until idle: a `state` export may read the
    // clock, and the states above were computed at lastBlock.
    const bool emptyBlocksAtEnd = lastBlock > (stepBlock.empty() ? 0 : stepBlock.back());
    if ((!idle || emptyBlocksAtEnd) && !pausedInBlock && !sentAtBlockEnd)
        root[u"blocks"] = double(lastBlock);
    else if (blocksRun.size() > 1000)
        root[u"maxBlocks"] = double(blocksRun.size());
    if (!users.isEmpty())
        root[u"users"] = users;
    if (!codeList.isEmpty())
        root[u"codes"] = codeList;
    if (!programs.isEmpty())
        root[u"programs"] = programs;
    if (!messages.isEmpty())
        root[u"messages"] = messages;
    root[u"expect"] = expect;
    saved.json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    return saved;
}

Result<std::vector<std::string>> ScenarioWriter::save(const TraceReader& trace, const std::string& scenarioPath)
{
    using R = Result<std::vector<std::string>>;
    auto saved = build(trace, scenarioPath);
    if (!saved)
        return R::failure(saved.error());
    const QDir dir = QFileInfo(q(scenarioPath)).absoluteDir();
    std::vector<std::string> written;
    auto write = [&](const QString& path, const QByteArray& bytes) -> std::string {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
            return path.toStdString() + ": cannot write: " + f.errorString().toStdString();
        written.push_back(path.toStdString());
        return {};
    };
    for (const auto& [name, bytes] : saved->files)
        if (auto e = write(dir.filePath(q(name)), bytes); !e.empty())
            return R::failure(e);
    if (auto e = write(q(scenarioPath), saved->json); !e.empty())
        return R::failure(e);
    return written;
}

} // namespace Gearscope
