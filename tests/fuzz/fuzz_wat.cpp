// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// libFuzzer target: CodeLoader::load on WAT text (wabt's lexer/parser, then Gear validation).
#include "code/codeloader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Gearscope::Bytes bytes(data, data + size);
    if (Gearscope::CodeLoader::looksLikeBinaryWasm(bytes))
        return 0; // the binary path is fuzz_codeloader's
    auto r = Gearscope::CodeLoader::load(bytes, "fuzz.wat");
    (void)r.ok();
    return 0;
}
