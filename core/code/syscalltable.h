// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace Gearscope {

/** One importable `env` function with one accepted Wasm signature (spec §7.3).
 *  Signatures are spelled as strings of value types: 'i' = i32, 'I' = i64; `results` is
 *  empty or one letter. A name may appear more than once: legacy rows are older
 *  signatures still served (docs/abi-coverage.md says how each is mapped). */
struct SyscallSignature
{
    const char* name;
    const char* params;
    const char* results;
    bool legacy; ///< an older runtime's signature, not v2.0
    const char* note; ///< for legacy rows: which runtime used it and how we serve it
};

/// The whole table: every v2.0 syscall plus the legacy signatures we accept.
const std::vector<SyscallSignature>& syscallTable();
/// The row matching name and signature, or nullptr. Signatures use the 'i'/'I' spelling.
const SyscallSignature* findSyscall(const std::string& name, const std::string& params, const std::string& results);
/// True if some row has this name (used to tell "unknown import" from "wrong signature").
bool isKnownSyscallName(const std::string& name);
/// "(i32, i32, i64) -> i32" for messages and `gearscope check`.
std::string signatureText(const std::string& params, const std::string& results);

} // namespace Gearscope
