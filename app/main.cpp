// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// gearscope: the command line. Subcommands never create a window (QCoreApplication only); with
// no subcommand, or with a file, the debugger window opens (gui.cpp) — on the default sample when
// no file is given, or headless as before when there is no display.
#include "code/codeloader.h"
#include "code/syscalltable.h"
#include "gui.h"
#include "ids/ids.h"
#include "report/jsonreport.h"
#include "scenario/scenario.h"
#include "scenario/scenariowriter.h"
#include "trace/chrometrace.h"
#include "trace/recorder.h"
#include "trace/tracecheck.h"
#include "trace/tracereader.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <string>
#include <vector>

using namespace Gearscope;

namespace {

constexpr const char* DefaultScenario = ":/samples/pingpong/pingpong.json";

enum ExitCode
{
    ExitOk = 0,
    ExitExpectationFailed = 1,
    ExitError = 2
};

void printJson(const QJsonObject& o)
{
    const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact);
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
}

int error(const std::string& msg)
{
    std::fprintf(stderr, "gearscope: %s\n", msg.c_str());
    return ExitError;
}

void usage(FILE* to)
{
    std::fputs("usage:\n"
               "  gearscope [PROGRAM|SCENARIO]       open the debugger window (on the default sample, ping-pong);\n"
               "                                     without a display, run the default sample headless\n"
               "  gearscope run PROGRAM|SCENARIO [options]\n"
               "      PROGRAM is a .wasm or .wat file, SCENARIO a .json scenario (docs/scenario-format.md)\n"
               "      --send TEXT        queue a message from alice with this text (repeatable, in order)\n"
               "      --send-hex HEX     the same with a hex payload\n"
               "      --init TEXT | --init-hex HEX   init payload of PROGRAM\n"
               "      --value N          value attached to every --send (default 0)\n"
               "      --gas N            gas limit of every --send (default 750000000000)\n"
               "      --blocks N         run exactly N blocks (default: until idle, at most 1000)\n"
               "      --seed N           run seed for gr_random (default 42)\n"
               "      --state            print the final state as the last line\n"
               "      --no-syscalls      leave per-syscall events out of the step lines\n"
               "      --quiet            print no step lines\n"
               "      --record FILE      record the run to a trace file (SQLite, docs/trace-format.md)\n"
               "      --max-trace-bytes N  stop recording (exit 2) once the trace would pass N bytes\n"
               "  gearscope check PROGRAM [--json]  validate a module, list imports, exports and ABI calls\n"
               "  gearscope verify TRACE             re-execute a recorded run and compare every step\n"
               "  gearscope diff TRACE_A TRACE_B     report the first step where two runs differ\n"
               "  gearscope export TRACE --format chrome-trace [-o OUT.json]   Perfetto / chrome://tracing\n"
               "  gearscope replay TRACE --at K [--memory PROGRAM]   the recorded state at step K (JSON)\n"
               "  gearscope fork TRACE --at K --record NEW [--send TEXT]... [--blocks N]   continue live from K\n"
               "  gearscope query TRACE SQL          run read-only SQL on a trace\n"
               "  gearscope save-scenario TRACE -o FILE.json   save a recorded run as a scenario (a regression test)\n"
               "  gearscope help\n"
               "Output: one JSON object per line (docs/cli-json.md). Exit: 0 ok, 1 an expectation failed, 2 error.\n",
        to);
}

bool parseU64(const std::string& s, uint64_t* out)
{
    u128 v = 0;
    if (!u128FromString(s, &v) || v > u128(~uint64_t(0)))
        return false;
    *out = uint64_t(v);
    return true;
}

int runCheck(const std::vector<std::string>& args)
{
    std::string file;
    bool json = false;
    for (const auto& a : args) {
        if (a == "--json")
            json = true;
        else if (!a.empty() && a[0] == '-')
            return error("check: unknown option " + a);
        else if (file.empty())
            file = a;
        else
            return error("check: one file at a time");
    }
    if (file.empty())
        return error("check: which file? usage: gearscope check PROGRAM [--json]");
    QFile f(QString::fromStdString(file));
    if (!f.open(QIODevice::ReadOnly))
        return error(file + ": cannot open: " + f.errorString().toStdString());
    const QByteArray data = f.readAll();
    auto info = CodeLoader::load(Bytes(data.begin(), data.end()), file);
    if (!info) {
        if (json) {
            QJsonObject o;
            o[u"valid"] = false;
            o[u"error"] = QString::fromStdString(info.error());
            printJson(o);
        }
        std::fprintf(stderr, "%s\n", info.error().c_str());
        return ExitExpectationFailed;
    }
    if (json) {
        QJsonObject o = JsonReport::codeInfo(info.value());
        o[u"valid"] = true;
        printJson(o);
        return ExitOk;
    }
    const CodeInfo& c = info.value();
    std::printf(
        "%s: valid Gear program (%s, %zu bytes)\n", file.c_str(), c.fromText ? "WAT" : "Wasm", c.original.size());
    std::printf("code id       %s\n", c.id.hex().c_str());
    std::printf("memory        %u static pages%s\n", c.staticPages,
        c.maxPages ? (", max " + std::to_string(*c.maxPages)).c_str() : "");
    if (c.stackEnd)
        std::printf("stack end     0x%x\n", *c.stackEnd);
    std::printf("instructions  %llu (instrumented module %zu bytes)\n",
        static_cast<unsigned long long>(c.instructionCount), c.instrumented.size());
    std::printf("exports      ");
    for (const auto& e : c.exports)
        std::printf(" %s", e.c_str());
    std::printf("\nABI calls     %zu\n", c.imports.size());
    for (const auto& i : c.imports)
        std::printf("  %-28s %s%s\n", i.name.c_str(), signatureText(i.params, i.results).c_str(),
            i.legacy ? "  (legacy signature)" : "");
    return ExitOk;
}

int runScenario(const std::vector<std::string>& args)
{
    std::string file;
    struct SendArg
    {
        Bytes payload;
    };
    std::vector<SendArg> sends;
    std::optional<Bytes> init;
    std::optional<uint64_t> blocks, seed, gas, maxTraceBytes;
    u128 value = 0;
    bool printState = false, quiet = false, syscalls = true;
    std::string recordPath;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto next = [&](std::string* out) {
            if (i + 1 >= args.size())
                return false;
            *out = args[++i];
            return true;
        };
        std::string v;
        if (a == "--send" || a == "--send-hex" || a == "--init" || a == "--init-hex" || a == "--blocks" || a == "--seed"
            || a == "--gas" || a == "--value" || a == "--record" || a == "--max-trace-bytes") {
            if (!next(&v))
                return error("run: " + a + " needs a value");
        }
        if (a == "--send") {
            sends.push_back({ Bytes(v.begin(), v.end()) });
        } else if (a == "--send-hex") {
            Bytes b;
            if (!fromHex(v, &b))
                return error("run: --send-hex \"" + v + "\": not a string of hex digit pairs");
            sends.push_back({ b });
        } else if (a == "--init") {
            init = Bytes(v.begin(), v.end());
        } else if (a == "--init-hex") {
            Bytes b;
            if (!fromHex(v, &b))
                return error("run: --init-hex \"" + v + "\": not a string of hex digit pairs");
            init = b;
        } else if (a == "--blocks" || a == "--seed" || a == "--gas" || a == "--max-trace-bytes") {
            uint64_t n = 0;
            if (!parseU64(v, &n))
                return error("run: " + a + " \"" + v + "\": not a non-negative integer");
            (a == "--blocks" ? blocks : a == "--seed" ? seed : a == "--gas" ? gas : maxTraceBytes) = n;
        } else if (a == "--value") {
            if (!u128FromString(v, &value))
                return error("run: --value \"" + v + "\": not a non-negative integer");
        } else if (a == "--record") {
            recordPath = v;
        } else if (a == "--state") {
            printState = true;
        } else if (a == "--quiet") {
            quiet = true;
        } else if (a == "--no-syscalls") {
            syscalls = false;
        } else if (!a.empty() && a[0] == '-') {
            return error("run: unknown option " + a + " (see gearscope help)");
        } else if (file.empty()) {
            file = a;
        } else {
            return error("run: more than one file given (\"" + file + "\" and \"" + a + "\")");
        }
    }
    if (file.empty())
        return error("run: which program or scenario? usage: gearscope run PROGRAM|SCENARIO [options]");
    if (blocks && *blocks > 1000000)
        return error("run: --blocks is at most 1000000");

    Scenario sc;
    const bool isScenario = QFileInfo(QString::fromStdString(file)).suffix().compare(u"json", Qt::CaseInsensitive) == 0;
    if (isScenario) {
        auto loaded = Scenario::load(file);
        if (!loaded)
            return error(loaded.error());
        sc = loaded.value();
        if (init)
            return error("run: --init applies to a program, not to a scenario");
    } else {
        QFile f(QString::fromStdString(file));
        if (!f.open(QIODevice::ReadOnly))
            return error(file + ": cannot open: " + f.errorString().toStdString());
        const QByteArray code = f.readAll();
        Scenario::Program p;
        p.name = QFileInfo(QString::fromStdString(file)).completeBaseName().toStdString();
        if (p.name.empty() || p.name == "alice" || p.name == "bob" || p.name == "charlie" || p.name == "eve")
            p.name = "program";
        p.file = file;
        p.code.assign(code.begin(), code.end());
        p.where = "program";
        if (init)
            p.init = ScenarioPayload::literal(*init);
        sc.path = file;
        sc.programs.push_back(std::move(p));
    }
    for (size_t i = 0; i < sends.size(); ++i) {
        if (sc.programs.empty())
            return error("run: --send needs a program to send to");
        Scenario::Send s;
        s.to = sc.programs.front().name;
        s.payload = ScenarioPayload::literal(sends[i].payload);
        s.value = value;
        s.gas = gas;
        s.block = sc.sends.empty() ? 1 : sc.sends.back().block;
        s.where = "--send #" + std::to_string(i + 1);
        sc.sends.push_back(std::move(s));
    }
    if (seed)
        sc.seed = *seed;
    if (blocks)
        sc.blocks = uint32_t(*blocks);

    RuntimeConfig cfg;
    cfg.recordSyscalls = syscalls;
    ScenarioRunner runner(sc, cfg);
    std::unique_ptr<Recorder> recorder;
    if (!recordPath.empty()) {
        TraceWriter::Meta meta;
        meta.createdBy = "gearscope run " + file;
        meta.extra["scenario"] = sc.path;
        meta.maxBytes = maxTraceBytes.value_or(0);
        auto rec = Recorder::attach(runner.runtime(), recordPath, meta);
        if (!rec)
            return error("recording failed: " + rec.error());
        recorder = std::move(rec).value();
    }
    auto up = runner.setUp();
    if (!up)
        return error(up.error());
    const Runtime& rt = runner.runtime();
    auto ran = runner.run([&](const StepRecord& r) {
        if (recorder && !recorder->step(r))
            runner.requestStop("recording stopped: " + recorder->error());
        if (!quiet)
            printJson(JsonReport::step(r, &rt));
    });
    if (recorder) {
        auto fin = recorder->finish();
        if (!fin)
            return error(
                "recording failed: " + fin.error() + " (the steps committed before the failure stay readable)");
    }
    if (!ran)
        return error(ran.error());
    if (printState) {
        QJsonObject o;
        o[u"state"] = JsonReport::state(rt);
        printJson(o);
    }
    if (sc.expectations.empty())
        return ExitOk;
    auto outcome = runner.check();
    QJsonObject res;
    QJsonArray failures;
    for (const auto& f : outcome.failures) {
        QJsonObject j;
        j[u"where"] = QString::fromStdString(f.where);
        j[u"message"] = QString::fromStdString(f.message);
        failures.append(j);
        std::fprintf(stderr, "%s: %s: %s\n", sc.path.c_str(), f.where.c_str(), f.message.c_str());
    }
    res[u"expectations"] = qint64(sc.expectations.size());
    res[u"passed"] = qint64(sc.expectations.size() - outcome.failures.size());
    res[u"failures"] = failures;
    QJsonObject wrap;
    wrap[u"result"] = res;
    printJson(wrap);
    return outcome.ok() ? ExitOk : ExitExpectationFailed;
}

int runVerify(const std::vector<std::string>& args)
{
    if (args.size() != 1)
        return error("verify: usage: gearscope verify TRACE");
    auto report = TraceCheck::verify(args[0], [](uint64_t done, uint64_t total) {
        std::fprintf(stderr, "\rverifying: %llu / %llu steps", static_cast<unsigned long long>(done),
            static_cast<unsigned long long>(total));
    });
    std::fputc('\n', stderr);
    if (!report)
        return error(report.error());
    QJsonObject o;
    o[u"stepsChecked"] = qint64(report->stepsChecked);
    o[u"inputsApplied"] = qint64(report->inputsApplied);
    o[u"identical"] = !report->divergence.has_value();
    if (report->divergence) {
        o[u"firstDivergence"] = qint64(report->divergence->step);
        o[u"difference"] = QString::fromStdString(report->divergence->what);
        std::fprintf(stderr, "%s: diverges at %s\n", args[0].c_str(), report->divergence->what.c_str());
    }
    printJson(o);
    return report->divergence ? ExitExpectationFailed : ExitOk;
}

int runDiff(const std::vector<std::string>& args)
{
    if (args.size() != 2)
        return error("diff: usage: gearscope diff TRACE_A TRACE_B");
    auto d = TraceCheck::diff(args[0], args[1]);
    if (!d)
        return error(d.error());
    QJsonObject o;
    o[u"identical"] = !d->has_value();
    if (d->has_value()) {
        o[u"firstDifference"] = qint64((*d)->step);
        o[u"difference"] = QString::fromStdString((*d)->what);
        std::fprintf(stderr, "first difference at step %llu: %s\n", static_cast<unsigned long long>((*d)->step),
            (*d)->what.c_str());
    }
    printJson(o);
    return d->has_value() ? ExitExpectationFailed : ExitOk;
}

int runExport(const std::vector<std::string>& args)
{
    std::string file, format, out;
    for (size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "--format" || args[i] == "-o") && i + 1 < args.size()) {
            std::string& target = args[i] == "-o" ? out : format;
            target = args[++i];
        } else if (!args[i].empty() && args[i][0] == '-')
            return error("export: unknown option " + args[i]);
        else if (file.empty())
            file = args[i];
        else
            return error("export: one trace at a time");
    }
    if (file.empty())
        return error("export: usage: gearscope export TRACE --format chrome-trace [-o OUT.json]");
    if (format != "chrome-trace")
        return error("export: unknown format \"" + format + "\" (supported: chrome-trace)");
    if (out.empty())
        out = QFileInfo(QString::fromStdString(file)).completeBaseName().toStdString() + ".trace.json";
    auto reader = TraceReader::open(file);
    if (!reader)
        return error(reader.error());
    auto n = ChromeTrace::write(*reader.value(), out);
    if (!n)
        return error(n.error());
    std::fprintf(stderr, "wrote %s (%llu events)\n", out.c_str(), static_cast<unsigned long long>(n.value()));
    return ExitOk;
}

bool takeAt(std::vector<std::string>& args, uint64_t* at, std::string* err)
{
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] != "--at")
            continue;
        if (i + 1 >= args.size() || !parseU64(args[i + 1], at)) {
            *err = "--at needs a step number";
            return false;
        }
        args.erase(args.begin() + long(i), args.begin() + long(i) + 2);
        return true;
    }
    *err = "--at K is required";
    return false;
}

int runReplay(std::vector<std::string> args)
{
    uint64_t at = 0;
    std::string err;
    if (!takeAt(args, &at, &err))
        return error("replay: " + err);
    std::string memoryOf;
    for (size_t i = 0; i < args.size(); ++i)
        if (args[i] == "--memory" && i + 1 < args.size()) {
            memoryOf = args[i + 1];
            args.erase(args.begin() + long(i), args.begin() + long(i) + 2);
            break;
        }
    if (args.size() != 1)
        return error("replay: usage: gearscope replay TRACE --at K [--memory PROGRAM]");
    auto reader = TraceReader::open(args[0]);
    if (!reader)
        return error(reader.error());
    auto world = reader.value()->worldAt(at);
    if (!world)
        return error(world.error());
    QJsonObject o;
    o[u"position"] = qint64(at);
    o[u"block"] = qint64(world->block);
    QJsonArray programs;
    for (const auto& p : world->programs) {
        QJsonObject j;
        j[u"id"] = QString::fromStdString(p.id.hex());
        j[u"name"] = QString::fromStdString(p.name);
        j[u"state"] = QString::fromLatin1(toString(p.state));
        j[u"balance"] = QString::fromStdString(u128ToString(p.balance));
        j[u"memoryPages"] = qint64(p.memoryPages);
        programs.append(j);
    }
    o[u"programs"] = programs;
    QJsonArray users;
    for (const auto& u : world->users) {
        QJsonObject j;
        j[u"id"] = QString::fromStdString(u.id.hex());
        j[u"name"] = QString::fromStdString(u.name);
        j[u"balance"] = QString::fromStdString(u128ToString(u.balance));
        auto mb = world->mailboxes.find(u.id);
        j[u"mailbox"] = qint64(mb == world->mailboxes.end() ? 0 : mb->second.size());
        users.append(j);
    }
    o[u"users"] = users;
    QJsonArray queue;
    for (const auto& q : world->queue)
        queue.append(JsonReport::message(q.message));
    o[u"queue"] = queue;
    o[u"waitlist"] = qint64(world->waitlist.size());
    o[u"tasks"] = qint64(world->tasks.size());
    if (!memoryOf.empty()) {
        const ProgramSnapshot* prog = nullptr;
        for (const auto& p : world->programs)
            if (p.name == memoryOf || p.id.hex() == memoryOf)
                prog = &p;
        if (!prog)
            return error("replay: no program \"" + memoryOf + "\" at step " + std::to_string(at));
        auto mem = reader.value()->memoryAt(prog->id, at, prog->memoryPages);
        if (!mem)
            return error(mem.error());
        o[u"memoryHash"] = QString::fromStdString(toHex(Ids::blake2b256(mem.value()).data(), 32));
    }
    printJson(o);
    return ExitOk;
}

int runFork(std::vector<std::string> args)
{
    uint64_t at = 0;
    std::string err;
    if (!takeAt(args, &at, &err))
        return error("fork: " + err);
    std::string file, recordPath;
    std::vector<Bytes> sends;
    uint64_t blocks = 0;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if ((a == "--record" || a == "--send" || a == "--blocks") && i + 1 < args.size()) {
            const std::string v = args[++i];
            if (a == "--record")
                recordPath = v;
            else if (a == "--send")
                sends.emplace_back(v.begin(), v.end());
            else if (!parseU64(v, &blocks))
                return error("fork: --blocks \"" + v + "\": not a number");
        } else if (!a.empty() && a[0] == '-') {
            return error("fork: unknown option " + a);
        } else if (file.empty()) {
            file = a;
        } else {
            return error("fork: one trace at a time");
        }
    }
    if (file.empty() || recordPath.empty())
        return error("fork: usage: gearscope fork TRACE --at K --record NEW [--send TEXT]... [--blocks N]");
    auto reader = TraceReader::open(file);
    if (!reader)
        return error(reader.error());
    std::unique_ptr<Recorder> recorder;
    std::string recordError;
    auto rt = TraceCheck::rebuild(
        *reader.value(), at,
        [&](Runtime& fresh) {
            TraceWriter::Meta meta;
            meta.createdBy = "gearscope fork " + file;
            meta.parentTrace = file;
            meta.parentPosition = int64_t(at);
            auto rec = Recorder::attach(fresh, recordPath, meta);
            if (rec)
                recorder = std::move(rec).value();
            else
                recordError = "recording failed: " + rec.error();
        },
        [&](const StepRecord& r) {
            if (recorder)
                recorder->step(r);
        });
    if (!recordError.empty())
        return error(recordError);
    if (!rt)
        return error(rt.error());
    Runtime& live = *rt.value();
    live.setObserver([&](const StepRecord& r) {
        if (recorder)
            recorder->step(r);
        printJson(JsonReport::step(r, &live));
    });
    // New input goes to the first program the trace created, from alice.
    auto programs = live.programs();
    if (!sends.empty() && programs.empty())
        return error("fork: the trace has no program to send to");
    for (const auto& payload : sends) {
        auto m = live.sendMessage(*live.userByName("alice"), programs.front().id, payload);
        if (!m)
            return error("fork: " + m.error());
    }
    if (blocks)
        for (uint64_t b = 0; b < blocks; ++b)
            live.runBlock();
    else
        live.runUntilIdle(1000);
    auto fin = recorder->finish();
    if (!fin)
        return error("recording failed: " + fin.error() + " (the steps committed before the failure stay readable)");
    std::fprintf(stderr, "forked %s at step %llu into %s\n", file.c_str(), static_cast<unsigned long long>(at),
        recordPath.c_str());
    return ExitOk;
}

int runQuery(const std::vector<std::string>& args)
{
    if (args.size() != 2)
        return error("query: usage: gearscope query TRACE \"SQL\"");
    auto reader = TraceReader::open(args[0]);
    if (!reader)
        return error(reader.error());
    auto t = reader.value()->query(args[1]);
    if (!t)
        return error(t.error());
    QJsonArray rows;
    for (const auto& r : t->rows) {
        QJsonObject o;
        for (size_t c = 0; c < t->columns.size(); ++c)
            o[QString::fromStdString(t->columns[c])] = QString::fromStdString(r[c]);
        rows.append(o);
    }
    for (const auto& r : rows)
        printJson(r.toObject());
    return ExitOk;
}

/// A recorded run as a scenario whose expectations are what happened (docs/scenario-format.md).
int runSaveScenario(const std::vector<std::string>& args)
{
    std::string trace, out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-o" || args[i] == "--output") {
            if (i + 1 >= args.size())
                return error("save-scenario: " + args[i] + " needs a file name");
            out = args[++i];
        } else if (!args[i].empty() && args[i][0] == '-') {
            return error("save-scenario: unknown option " + args[i]);
        } else if (trace.empty()) {
            trace = args[i];
        } else {
            return error("save-scenario: one trace at a time");
        }
    }
    if (trace.empty() || out.empty())
        return error("save-scenario: usage: gearscope save-scenario TRACE -o FILE.json");
    auto reader = TraceReader::open(trace);
    if (!reader)
        return error(reader.error());
    auto written = ScenarioWriter::save(*reader.value(), out);
    if (!written)
        return error("save-scenario: " + written.error());
    QJsonObject o;
    o[u"scenario"] = QString::fromStdString(out);
    QJsonArray files;
    for (const auto& f : written.value())
        files.append(QString::fromStdString(f));
    o[u"files"] = files;
    o[u"steps"] = double(reader.value()->stepCount());
    printJson(o);
    return ExitOk;
}

} // namespace

static bool isSubcommand(const std::string& a)
{
    for (const char* c : { "run", "check", "verify", "diff", "export", "replay", "fork", "query", "save-scenario",
             "help", "--help", "-h", "--version" })
        if (a == c)
            return true;
    return false;
}

static bool isGuiArgument(const std::string& a)
{
    if (a == "--screenshot" || a == "--steps" || a == "--size")
        return true;
    if (isSubcommand(a))
        return false;
    const QFileInfo f(QString::fromStdString(a));
    const QString suffix = f.suffix().toLower();
    return f.isFile() || suffix == u"wasm" || suffix == u"wat" || suffix == u"json" || suffix == u"sqlite";
}

int main(int argc, char** argv)
{
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i)
        args.emplace_back(argv[i]);
    // Only the window needs QApplication (and a display): decide before any application object
    // exists. The window takes no argument, a file, or its own options; anything else is a
    // (possibly mistyped) subcommand and gets the command line's answer.
    if (guiAvailable() && (args.empty() || isGuiArgument(args.front())))
        return runGui(argc, argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gearscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    if (args.empty()) {
        std::fprintf(stderr, "gearscope: no display for the window; running the default sample (ping-pong) headless\n");
        return runScenario({ DefaultScenario, "--no-syscalls" });
    }
    const std::string cmd = args.front();
    args.erase(args.begin());
    if (cmd == "run")
        return runScenario(args);
    if (cmd == "check")
        return runCheck(args);
    if (cmd == "verify")
        return runVerify(args);
    if (cmd == "diff")
        return runDiff(args);
    if (cmd == "export")
        return runExport(args);
    if (cmd == "replay")
        return runReplay(args);
    if (cmd == "fork")
        return runFork(args);
    if (cmd == "query")
        return runQuery(args);
    if (cmd == "save-scenario")
        return runSaveScenario(args);
    if (cmd == "help" || cmd == "--help" || cmd == "-h") {
        usage(stdout);
        return ExitOk;
    }
    if (cmd == "--version") {
        std::printf("gearscope 0.1.0\n");
        return ExitOk;
    }
    usage(stderr);
    return error("unknown command \"" + cmd + "\"");
}
