// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// libFuzzer target: CodeLoader::load on binary Wasm (validation, gas instrumentation).
#include "code/codeloader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // Always take the binary path: prefix the magic if the input lacks it.
    Gearscope::Bytes bytes(data, data + size);
    if (!Gearscope::CodeLoader::looksLikeBinaryWasm(bytes)) {
        static const uint8_t header[] = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 };
        bytes.insert(bytes.begin(), header, header + sizeof header);
    }
    auto r = Gearscope::CodeLoader::load(bytes, "fuzz.wasm");
    (void)r.ok();
    return 0;
}
