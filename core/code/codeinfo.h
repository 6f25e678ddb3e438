// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <optional>
#include <string>
#include <vector>

namespace Gearscope {

/** A validated, instrumented program code (spec §7.1). Immutable once built; shared between
 *  all programs created from it. */
struct CodeInfo
{
    struct Import
    {
        std::string name; ///< field name in module "env"
        std::string params; ///< 'i' = i32, 'I' = i64 (see syscalltable.h)
        std::string results;
        bool legacy = false; ///< matched a legacy signature row
    };

    CodeId id; ///< BLAKE2b-256 of `original` (spec §1.3)
    Bytes original; ///< the bytes as uploaded (binary; for WAT input, the assembled binary)
    Bytes instrumented; ///< validated module, `__gear_stack_end` export stripped, gas metering added
    /// `instrumented` plus write tracking (GasInstrumenter::DirtyGlobalName): what the runtime
    /// executes. Gas and sizes are those of `instrumented`; empty means "run `instrumented`".
    Bytes executable;
    uint32_t staticPages = 0; ///< initial pages of the imported memory
    std::optional<uint32_t> maxPages; ///< the memory import's maximum, if any
    std::optional<uint32_t> stackEnd; ///< byte address from `__gear_stack_end`, if exported
    std::vector<std::string> exports; ///< exported function names (subset of init, handle, ...)
    std::vector<Import> imports; ///< function imports from env, in import order
    bool fromText = false; ///< loaded from WAT text
    uint64_t instructionCount = 0; ///< instructions in all function bodies (for `check`)

    bool hasExport(const std::string& name) const
    {
        for (const auto& e : exports)
            if (e == name)
                return true;
        return false;
    }
};

} // namespace Gearscope
