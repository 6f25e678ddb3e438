// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "syscalltable.h"

namespace Gearscope {

const std::vector<SyscallSignature>& syscallTable()
{
    // v2.0.0 signatures from spec §7.3 (protocol/wasm-instrument/src/syscalls.rs). Pointers and
    // lengths are i32; gas amounts i64.
    static const std::vector<SyscallSignature> table = {
        { "gr_send", "iiiii", "", false, "" },
        { "gr_send_wgas", "iiiIii", "", false, "" },
        { "gr_send_input", "iiiii", "", false, "" },
        { "gr_send_input_wgas", "iiiIii", "", false, "" },
        { "gr_send_init", "i", "", false, "" },
        { "gr_send_push", "iiii", "", false, "" },
        { "gr_send_push_input", "iiii", "", false, "" },
        { "gr_send_commit", "iiii", "", false, "" },
        { "gr_send_commit_wgas", "iiIii", "", false, "" },
        { "gr_reservation_send", "iiiii", "", false, "" },
        { "gr_reservation_send_commit", "iiii", "", false, "" },
        { "gr_reply", "iiii", "", false, "" },
        { "gr_reply_wgas", "iiIii", "", false, "" },
        { "gr_reply_input", "iiii", "", false, "" },
        { "gr_reply_input_wgas", "iiIii", "", false, "" },
        { "gr_reply_push", "iii", "", false, "" },
        { "gr_reply_push_input", "iii", "", false, "" },
        { "gr_reply_commit", "ii", "", false, "" },
        { "gr_reply_commit_wgas", "Iii", "", false, "" },
        { "gr_reservation_reply", "iiii", "", false, "" },
        { "gr_reservation_reply_commit", "ii", "", false, "" },
        { "gr_create_program", "iiiiiii", "", false, "" },
        { "gr_create_program_wgas", "iiiiiIii", "", false, "" },
        { "gr_read", "iiii", "", false, "" },
        { "gr_size", "i", "", false, "" },
        { "gr_reply_to", "i", "", false, "" },
        { "gr_reply_code", "i", "", false, "" },
        { "gr_signal_from", "i", "", false, "" },
        { "gr_signal_code", "i", "", false, "" },
        { "gr_message_id", "i", "", false, "" },
        { "gr_program_id", "i", "", false, "" },
        { "gr_source", "i", "", false, "" },
        { "gr_value", "i", "", false, "" },
        { "gr_value_available", "i", "", false, "" },
        { "gr_gas_available", "i", "", false, "" },
        { "gr_block_height", "i", "", false, "" },
        { "gr_block_timestamp", "i", "", false, "" },
        { "gr_env_vars", "ii", "", false, "" },
        { "gr_random", "ii", "", false, "" },
        { "gr_debug", "ii", "", false, "" },
        { "gr_panic", "ii", "", false, "" },
        { "gr_oom_panic", "", "", false, "" },
        { "gr_exit", "i", "", false, "" },
        { "gr_leave", "", "", false, "" },
        { "gr_wait", "", "", false, "" },
        { "gr_wait_for", "i", "", false, "" },
        { "gr_wait_up_to", "i", "", false, "" },
        { "gr_wake", "iii", "", false, "" },
        { "gr_reserve_gas", "Iii", "", false, "" },
        { "gr_unreserve_gas", "ii", "", false, "" },
        { "gr_system_reserve_gas", "Ii", "", false, "" },
        { "gr_reply_deposit", "iIi", "", false, "" },
        { "alloc", "i", "i", false, "" },
        { "free", "i", "i", false, "" },
        { "free_range", "ii", "i", false, "" },
        // Legacy rows (spec §7.6, docs/abi-legacy-research.md). Only shapes whose meaning is
        // unambiguous are served; each row says how.
        // v1.0.x (era E5): rent was abolished, so paying it reports success and moves nothing.
        { "gr_pay_program_rent", "ii", "", true,
            "v1.0.x: (p {program id, value}, o {err u32, blocks u32, value u128}); served as success that pays for 0 "
            "blocks" },
        // v1.0.x instrumentation hooks: present only in modules instrumented by an old node.
        { "gr_out_of_gas", "", "", true, "v1.0.x instrumentation hook; ends execution with RanOutOfGas" },
        { "gr_out_of_allowance", "", "", true,
            "v1.0.x instrumentation hook; treated like the block allowance running out (re-queue)" },
        // 2021-22 (eras E0-E3): getters returned their value instead of writing through a pointer.
        { "gr_size", "", "i", true, "2021-22 (E0-E3): returns the payload length" },
        { "gr_block_height", "", "i", true, "2021-22 (E1-E3): returns the block number" },
        { "gr_block_timestamp", "", "I", true, "2021-22 (E1-E3): returns the block timestamp in ms" },
        { "gr_gas_available", "", "I", true, "2021-22 (E1-E3): returns the gas left" },
        // Renamed to gr_message_id in Sep 2022 (E3); same shape and meaning.
        { "gr_msg_id", "i", "", true, "2021-22 (E0-E2): old name of gr_message_id" },
        // Old name of gr_wait_up_to (E2), duration passed by pointer.
        { "gr_wait_no_more", "i", "", true, "2022 (E2): old gr_wait_up_to with the duration read from a pointer" },
    };
    return table;
}

const SyscallSignature* findSyscall(const std::string& name, const std::string& params, const std::string& results)
{
    for (const auto& s : syscallTable())
        if (name == s.name && params == s.params && results == s.results)
            return &s;
    return nullptr;
}

bool isKnownSyscallName(const std::string& name)
{
    for (const auto& s : syscallTable())
        if (name == s.name)
            return true;
    return false;
}

std::string signatureText(const std::string& params, const std::string& results)
{
    auto spell = [](const std::string& t) {
        std::string out;
        for (size_t i = 0; i < t.size(); ++i) {
            if (i)
                out += ", ";
            out += t[i] == 'I' ? "i64" : t[i] == 'i' ? "i32" : t[i] == 'f' ? "f32" : t[i] == 'F' ? "f64" : "?";
        }
        return out;
    };
    return "(" + spell(params) + ") -> " + (results.empty() ? std::string("()") : spell(results));
}

} // namespace Gearscope
