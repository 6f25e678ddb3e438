// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "code/codeinfo.h"
#include "model/result.h"

#include <cstdint>
#include <string>

// Only a forward declaration: wabt headers stay inside .cpp files.
namespace wabt {
struct Module;
}

namespace Gearscope {

/** Gear's code rules (spec §7.1) over a module wabt has already decoded and validated.
 *  Used by CodeLoader; split out so the rules read as one list. Pure, any thread. */
namespace GearValidator {

    constexpr uint32_t WasmPageSize = 65536;
    constexpr uint32_t MaxPages = 32768; ///< 2 GiB of linear memory
    constexpr uint32_t MaxDataSegments = 1024;
    constexpr uint32_t MaxTypeArity = 128; ///< params + results of one function type
    constexpr uint32_t MaxTypeSectionBytes = 20480;
    constexpr uint32_t MaxCodeBytes = 512 * 1024;
    constexpr const char* StackEndExport = "__gear_stack_end";

    /// How messages point at the problem: a module decoded from a binary knows byte offsets,
    /// one parsed from WAT knows line:column.
    enum class Locations
    {
        BinaryOffsets,
        TextLineColumn,
    };

    /** Checks every rule and, on success, fills the module-derived fields of `info`: imports,
     *  exports, staticPages, maxPages, stackEnd and instructionCount. The first broken rule is
     *  returned as `<sourceName>: <item>: <problem>` (text: `<sourceName>:<line>:<col>: ...`).
     *  `binary` is the module's encoding when it was decoded from one: wabt's IR only knows where
     *  an instruction *ends*, so the bytes are re-read to name the offset of its opcode. */
    Result<Ok> check(const wabt::Module& module, Locations locations, const std::string& sourceName, CodeInfo* info,
        const Bytes* binary = nullptr);

} // namespace GearValidator

} // namespace Gearscope
