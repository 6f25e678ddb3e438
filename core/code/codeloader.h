// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "code/codeinfo.h"
#include "model/result.h"

#include <string>

namespace Gearscope {

/** Turns uploaded bytes into a CodeInfo: detects binary Wasm (by its `\0asm` magic) or WAT text,
 *  assembles text, validates per spec §7.1 and instruments for gas. Pure function, any thread.
 *
 *  Errors name the problem and its place, e.g. `prog.wat:12:5: unexpected token "foo"` or
 *  `import env.gr_foo: unknown syscall`. `sourceName` is only used in messages. */
namespace CodeLoader {
Result<CodeInfo> load(const Bytes& bytes, const std::string& sourceName = "<module>");
/// Assembles WAT text to a binary module (no Gear validation). Errors carry line:column.
Result<Bytes> assembleWat(const Bytes& text, const std::string& sourceName = "<wat>");
bool looksLikeBinaryWasm(const Bytes& bytes);
} // namespace CodeLoader

} // namespace Gearscope
