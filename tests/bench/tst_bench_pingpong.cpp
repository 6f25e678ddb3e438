// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Benchmark (issue 2): dispatches per second of a ping-pong between two small programs, against
// the same number of bare wabt calls of the same export measured in the same run, interleaved
// with it. Prints figures; asserts only correctness (timed assertions are flaky here).
#include "code/codeloader.h"
#include "fixtures.h"
#include "runtime/runtime.h"
#include "wabt/binary-reader.h"
#include "wabt/interp/binary-reader-interp.h"
#include "wabt/interp/interp.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cstring>

using namespace Gearscope;
using namespace Gearscope::Test;
namespace wi = wabt::interp;

class tst_BenchPingPong : public QObject
{
    Q_OBJECT
private:
    static int envInt(const char* name, int def)
    {
        bool ok = false;
        int v = qEnvironmentVariableIntValue(name, &ok);
        return ok && v > 0 ? v : def;
    }

    /// Two programs playing ping-pong in a Runtime: one message of `rounds` rounds at a time.
    class PingPongWorld
    {
    public:
        explicit PingPongWorld(bool recordSyscalls)
            : rt(config(recordSyscalls))
        {
            alice = *rt.userByName("alice");
            auto pongCode = rt.submitCode(fixture("pong.wat"), "pong.wat").value();
            auto pingCode = rt.submitCode(fixture("ping.wat"), "ping.wat").value();
            auto pong = rt.uploadProgram(alice, pongCode, {}, {}).value();
            ping = rt.uploadProgram(alice, pingCode, {}, idBytes(pong.program)).value().program;
            rt.runUntilIdle(5);
            rt.setObserver([this](const StepRecord& r) {
                if (r.kind == StepKind::Dispatch && r.outcome != Outcome::AllowanceExceeded) {
                    ++dispatches;
                    if (r.outcome != Outcome::Success)
                        ++failures;
                }
            });
        }
        /// One game; returns its seconds. One game at a time: ping keeps a single round
        /// counter, and one message's gas pays for about 1,200 rounds.
        double game(int rounds)
        {
            QElapsedTimer t;
            t.start();
            (void)rt.sendMessage(alice, ping, u32le(uint32_t(rounds))).value();
            rt.runUntilIdle(100000);
            return double(t.nsecsElapsed()) / 1e9;
        }

        uint64_t dispatches = 0;
        uint64_t failures = 0;

    private:
        static RuntimeConfig config(bool recordSyscalls)
        {
            RuntimeConfig cfg;
            cfg.recordSyscalls = recordSyscalls;
            cfg.defaultUserBalance = u128(1) << 100;
            return cfg;
        }
        Runtime rt;
        ActorId alice;
        ActorId ping;
    };

    /// The pong's `handle` called directly through wabt with minimal host functions.
    class BarePong
    {
    public:
        BarePong()
            : thread(store)
        {
            auto info = CodeLoader::load(fixture("pong.wat"), "pong.wat");
            if (!info)
                qFatal("%s", info.error().c_str());
            const Bytes& bin = info->instrumented;
            wabt::Features features;
            wabt::ReadBinaryOptions options(features, nullptr, false, true, false);
            wabt::Errors errors;
            wi::ModuleDesc desc;
            if (wabt::Failed(wi::ReadBinaryInterp("pong", bin.data(), bin.size(), options, &errors, &desc)))
                qFatal("decode failed");
            mod = wi::Module::New(store, std::move(desc));
            wi::RefVec imports;
            for (const auto& imp : mod->desc().imports) {
                if (imp.type.type->kind == wabt::ExternalKind::Memory) {
                    memory = wi::Memory::New(store, wi::MemoryType(wabt::Limits(1, 16)));
                    imports.push_back(memory.ref());
                    continue;
                }
                auto* ft = wabt::cast<wi::FuncType>(imp.type.type.get());
                const std::string name = imp.type.name;
                // Each host function does the minimum its contract needs (write a size, copy bytes).
                auto fn = wi::HostFunc::New(
                    store, *ft, [this, name](wi::Thread&, const wi::Values& p, wi::Values&, wi::Trap::Ptr*) {
                        uint8_t* m = memory->UnsafeData();
                        if (name == "gr_size") {
                            uint32_t n = uint32_t(payload.size());
                            std::memcpy(m + p[0].Get<uint32_t>(), &n, 4);
                        } else if (name == "gr_read") {
                            std::memcpy(m + p[2].Get<uint32_t>(), payload.data(), p[1].Get<uint32_t>());
                        } else if (name == "gr_reply") {
                            std::memset(m + p[3].Get<uint32_t>(), 0, 36);
                        }
                        return wabt::Result::Ok;
                    });
                imports.push_back(fn.ref());
            }
            wi::Trap::Ptr trap;
            inst = wi::Instance::Instantiate(store, mod.ref(), imports, &trap);
            for (size_t i = 0; i < mod->desc().exports.size(); ++i) {
                const auto& e = mod->desc().exports[i];
                if (e.type.name == "handle")
                    handle = store.UnsafeGet<wi::Func>(inst->exports()[i]);
                if (e.type.name == "gear_gas")
                    gas = store.UnsafeGet<wi::Global>(inst->exports()[i]);
            }
        }
        /// `n` calls; returns their seconds.
        double calls(uint64_t n)
        {
            wi::Trap::Ptr trap;
            QElapsedTimer t;
            t.start();
            for (uint64_t i = 0; i < n; ++i) {
                gas->UnsafeSet(wi::Value::Make(uint64_t(1) << 40));
                wi::Values results;
                if (wabt::Failed(handle->Call(thread, {}, results, &trap)))
                    qFatal("bare call trapped");
            }
            return double(t.nsecsElapsed()) / 1e9;
        }

    private:
        const Bytes payload = bytesOf("ping");
        wi::Store store;
        wi::Module::Ptr mod;
        wi::Memory::Ptr memory;
        wi::Instance::Ptr inst;
        wi::Func::Ptr handle;
        wi::Global::Ptr gas;
        wi::Thread thread;
    };

private slots:
    void pingPongThroughput()
    {
        const int messages = envInt("GEARSCOPE_BENCH_MESSAGES", 50);
        const int rounds = envInt("GEARSCOPE_BENCH_ROUNDS", 1000);
        // For profiling the runtime alone (callgrind, perf): no bare calls, no second world.
        const bool runtimeOnly = qEnvironmentVariableIsSet("GEARSCOPE_BENCH_RUNTIME_ONLY");
        // Runtime games and bare calls alternate (one game, then as many bare calls as it had
        // dispatches), so a loaded machine slows both alike; the figures are sums over all games.
        PingPongWorld world(false);
        BarePong bare;
        double secs = 0;
        double bareSecs = 0;
        // Noise on a shared machine only adds time, so the fastest game and the fastest bare batch
        // are the best estimates of each side's own cost (the "min" of timeit); printed besides
        // the totals.
        double bestGame = 1e9;
        double bestBatch = 1e9;
        for (int i = 0; i < messages; ++i) {
            const uint64_t before = world.dispatches;
            const double s = world.game(rounds);
            const double b = runtimeOnly ? 0.0 : bare.calls(world.dispatches - before);
            secs += s;
            bareSecs += b;
            bestGame = std::min(bestGame, s);
            bestBatch = std::min(bestBatch, b);
        }
        const uint64_t dispatches = world.dispatches;
        // Each round is a handle (ping→pong) and a reply (pong→ping), plus alice's handle per message.
        QCOMPARE(dispatches, uint64_t(messages) * (2 * uint64_t(rounds) + 1));
        QCOMPARE(world.failures, uint64_t(0));
        if (runtimeOnly) {
            std::printf("BENCH pingpong runtime only: dispatches=%llu runtime_s=%.3f best game %.0f dispatches/s\n",
                static_cast<unsigned long long>(world.dispatches), secs, double(2 * rounds + 1) / bestGame);
            return;
        }
        PingPongWorld recorded(true);
        double secsRec = 0;
        for (int i = 0; i < messages; ++i)
            secsRec += recorded.game(rounds);
        QCOMPARE(recorded.dispatches, dispatches);
        const double rate = double(dispatches) / secs;
        const double bareRate = double(dispatches) / bareSecs;
        std::printf("BENCH pingpong dispatches=%llu runtime_s=%.3f runtime_rate=%.0f/s\n",
            static_cast<unsigned long long>(dispatches), secs, rate);
        std::printf("BENCH pingpong with_syscall_events_rate=%.0f/s\n", double(recorded.dispatches) / secsRec);
        std::printf("BENCH pingpong bare_wabt_calls=%llu bare_s=%.3f bare_rate=%.0f/s\n",
            static_cast<unsigned long long>(dispatches), bareSecs, bareRate);
        std::printf(
            "BENCH pingpong ratio_runtime_to_bare=%.3f (target >= 0.5), target_rate=50000/s\n", rate / bareRate);
        // Every game has the same number of dispatches, so the times compare directly.
        std::printf("BENCH pingpong best_of_%d: runtime_rate=%.0f/s bare_rate=%.0f/s ratio=%.3f\n", messages,
            double(2 * rounds + 1) / bestGame, double(2 * rounds + 1) / bestBatch, bestBatch / bestGame);
    }
};

QTEST_GUILESS_MAIN(tst_BenchPingPong)
#include "tst_bench_pingpong.moc"
