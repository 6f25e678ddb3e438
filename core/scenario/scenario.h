// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "model/types.h"
#include "runtime/runtime.h"

#include <QByteArray>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace Gearscope {

/** A payload as a scenario writes it: concatenated parts, some of which (actor ids) can only be
 *  resolved once the named actor exists. */
struct ScenarioPayload
{
    struct Part
    {
        enum Kind
        {
            Literal,
            Actor,
            Code
        } kind
            = Literal;
        Bytes bytes; ///< Literal
        std::string actor; ///< Actor: the actor whose 32-byte id goes here; Code: the code's name
    };
    std::vector<Part> parts;
    bool empty() const { return parts.empty(); }
    static ScenarioPayload literal(Bytes b)
    {
        ScenarioPayload p;
        p.parts.push_back({ Part::Literal, std::move(b), {} });
        return p;
    }
    /// Resolves actor names against the runtime and code names against `codes`; fails naming
    /// the unknown actor or code.
    Result<Bytes> resolve(const Runtime& rt, const std::map<std::string, CodeId>& codes = {}) const;
};

/** A scenario file (docs/scenario-format.md): what to upload, who sends what and when, how long
 *  to run, and what must have happened. Value type. */
struct Scenario
{
    struct User
    {
        std::string name;
        std::optional<u128> balance;
    };
    struct Program
    {
        std::string name;
        std::string file; ///< absolute or relative to the scenario's folder, resolved at parse time
        Bytes code; ///< loaded at parse time
        std::string from = "alice";
        Bytes salt;
        ScenarioPayload init;
        u128 value = 0;
        std::optional<Gas> gas;
        std::string where; ///< "programs[2]" for messages
    };
    /// Code submitted without creating a program ("codes"), e.g. for gr_create_program.
    struct Code
    {
        std::string name; ///< payloads refer to its id as {"code": name}
        std::string file; ///< resolved like Program::file
        Bytes code;
        std::string where; ///< "codes[0]"
    };
    struct Send
    {
        enum Kind
        {
            Message,
            Reply,
            Claim
        } kind
            = Message;
        std::string from = "alice";
        std::string to; ///< Message: destination actor; Reply/Claim: the program whose mailbox message is answered
        ScenarioPayload payload;
        u128 value = 0;
        std::optional<Gas> gas;
        BlockNumber block = 1; ///< sent just before this block runs (or inside it, with afterStep)
        /// Made inside `block`, once exactly this many steps of the whole run have executed (a
        /// message the window sent between two steps); the block must be running then.
        std::optional<uint64_t> afterStep;
        /// Reply/Claim: the mailbox message to answer, by id; without it, the oldest from `to`.
        /// Saved runs always name it: ids are the same when the run is replayed from its inputs.
        std::optional<MessageId> message;
        std::string where;
    };
    struct Expectation
    {
        enum Kind
        {
            Reply,
            Log,
            Mailbox,
            State,
            Balance,
            ProgramState,
            NoErrors
        } kind
            = Reply;
        std::string where; ///< "expect.replies[0]"
        std::string actor; ///< user (Reply/Log/Mailbox), program (State/ProgramState), any (Balance)
        std::string from; ///< sender filter (optional)
        std::optional<ScenarioPayload> payload;
        std::optional<ScenarioPayload> query; ///< State: the query payload
        std::optional<std::string> code; ///< Reply: reply code in words ("Success(Manual)") or 8 hex digits
        std::optional<std::string> contains; ///< payload text must contain this
        std::optional<u128> value;
        std::optional<uint32_t> count; ///< Mailbox: exact number of messages
        std::string state; ///< ProgramState
    };

    std::string path;
    std::string name;
    std::string description;
    uint64_t seed = 42;
    std::optional<uint32_t> blocks; ///< run exactly this many blocks; else until idle
    uint32_t maxBlocks = 1000;
    std::optional<Gas> blockGasAllowance; ///< overrides RuntimeConfig::blockGasAllowance
    /// The run ends once this many steps have executed, even inside a block (a run paused there).
    std::optional<uint64_t> stopAfterStep;
    std::vector<User> users;
    std::vector<Code> codes;
    std::vector<Program> programs;
    std::vector<Send> sends;
    std::vector<Expectation> expectations;

    /// Parses JSON; errors name the file and the line:column or the field ("programs[1].file").
    static Result<Scenario> parse(const QByteArray& json, const std::string& path);
    static Result<Scenario> load(const std::string& path);
};

/** Runs a scenario on a fresh Runtime and checks its expectations. Plain C++, one thread. */
class ScenarioRunner
{
public:
    struct Failure
    {
        std::string where;
        std::string message;
    };
    struct Outcome
    {
        uint64_t steps = 0;
        std::vector<Failure> failures;
        bool ok() const { return failures.empty(); }
    };

    explicit ScenarioRunner(const Scenario& s, RuntimeConfig config = {});
    /// The configuration the runner's Runtime gets: `base` with the scenario's seed and block
    /// gas allowance. Everything check() runs (the `state` queries of `expect.states`: their gas
    /// is this config's maxUserGasLimit) runs under it, so ScenarioWriter uses it too when it
    /// computes the states a saved scenario expects.
    static RuntimeConfig runtimeConfig(const Scenario& s, RuntimeConfig base = {});
    Runtime& runtime() { return m_rt; }
    /// Uploads programs and creates users; fails naming the program or user at fault.
    Result<Ok> setUp();
    /// Sends scheduled messages and runs blocks; `observer` (optional) sees every step.
    Result<Ok> run(Runtime::Observer observer = {});
    /// Checks the expectations against the runtime as it is now.
    Outcome check() const;
    /// Makes run() stop after the current block with this error (e.g. the trace writer failed).
    void requestStop(std::string reason) { m_stopReason = std::move(reason); }

    /// Sends the scheduled messages (and replies/claims) due before block `beforeBlock` runs.
    /// run() calls it before every block; an interactive driver (the GUI's Session) calls it
    /// itself before each step that opens a block. Messages made inside a block (`afterStep`)
    /// wait for sendDueInBlock(); one whose block is before `beforeBlock` was missed: an error.
    Result<Ok> sendDue(BlockNumber beforeBlock);
    /// Makes the messages due inside the open block now (`afterStep` equal to the steps run so
    /// far). run() calls it between the steps of such a block; an interactive driver calls it
    /// before each step. Fails, naming messages[i].afterStep, for a point the run went past.
    Result<Ok> sendDueInBlock();
    /// The block of the next scheduled send not yet made, if any.
    std::optional<BlockNumber> nextSendBlock() const
    {
        if (m_nextSend >= m_order.size())
            return std::nullopt;
        return m_s.sends[m_order[m_nextSend]].block;
    }
    /// Notes which block the step ran in, for the error naming a message's afterStep that is not
    /// inside its block. run() calls it for every step; an interactive driver calls it too.
    void noteStep(const StepRecord& r)
    {
        if (r.block != m_lastBlock) {
            m_lastBlock = r.block;
            m_lastBlockStart = r.index;
        }
        m_lastBlockEnd = r.index + 1;
    }
    /// How many scheduled sends have been made so far.
    size_t sendsMade() const { return m_nextSend; }
    const Scenario& scenario() const { return m_s; }

private:
    Result<Ok> makeSend(const Scenario::Send& m);
    /// Runs the next block a step at a time (for messages made inside it, or a stop inside it);
    /// true when the run stopped at stopAfterStep.
    Result<bool> runBlockInSteps();
    std::string notInside(const Scenario::Send& m) const;

    Scenario m_s;
    Runtime m_rt;
    size_t m_nextSend = 0;
    std::vector<size_t> m_order; ///< sends sorted by block, stable
    std::map<std::string, CodeId> m_codes; ///< codes and programs by name, for {"code": name}
    std::vector<std::string> m_errors; ///< trapped or unavailable dispatches, for expect.noErrors
    std::string m_stopReason;
    /// The steps of the latest block that ran one (block, steps before it, steps after it), for
    /// the error when a message's afterStep is not inside its block.
    BlockNumber m_lastBlock = 0;
    uint64_t m_lastBlockStart = 0;
    uint64_t m_lastBlockEnd = 0;
};

} // namespace Gearscope
