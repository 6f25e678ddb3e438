// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// gearscope: the command line. Subcommands never create a window; with no subcommand the
// default sample runs (headless until the debugger window lands, issue 5).
#include "code/codeloader.h"
#include "code/syscalltable.h"
#include "report/jsonreport.h"
#include "scenario/scenario.h"

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

enum ExitCode { ExitOk = 0, ExitExpectationFailed = 1, ExitError = 2 };

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
               "  gearscope                          run the default sample (ping-pong)\n"
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
               "  gearscope check PROGRAM [--json]  validate a module, list imports, exports and ABI calls\n"
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
    std::printf("%s: valid Gear program (%s, %zu bytes)\n", file.c_str(), c.fromText ? "WAT" : "Wasm", c.original.size());
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
    std::optional<uint64_t> blocks, seed, gas;
    u128 value = 0;
    bool printState = false, quiet = false, syscalls = true;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto next = [&](std::string* out) {
            if (i + 1 >= args.size())
                return false;
            *out = args[++i];
            return true;
        };
        std::string v;
        if (a == "--send" || a == "--send-hex" || a == "--init" || a == "--init-hex" || a == "--blocks"
            || a == "--seed" || a == "--gas" || a == "--value") {
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
        } else if (a == "--blocks" || a == "--seed" || a == "--gas") {
            uint64_t n = 0;
            if (!parseU64(v, &n))
                return error("run: " + a + " \"" + v + "\": not a non-negative integer");
            (a == "--blocks" ? blocks : a == "--seed" ? seed : gas) = n;
        } else if (a == "--value") {
            if (!u128FromString(v, &value))
                return error("run: --value \"" + v + "\": not a non-negative integer");
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
    auto up = runner.setUp();
    if (!up)
        return error(up.error());
    const Runtime& rt = runner.runtime();
    auto ran = runner.run([&](const StepRecord& r) {
        if (!quiet)
            printJson(JsonReport::step(r, &rt));
    });
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

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gearscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i)
        args.emplace_back(argv[i]);
    if (args.empty()) {
        // The debugger window is issue 5; until then the default sample runs headless.
        std::fprintf(stderr, "gearscope: no window yet; running the default sample (ping-pong) headless\n");
        return runScenario({ DefaultScenario, "--no-syscalls" });
    }
    const std::string cmd = args.front();
    args.erase(args.begin());
    if (cmd == "run")
        return runScenario(args);
    if (cmd == "check")
        return runCheck(args);
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
