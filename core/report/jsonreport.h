// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "code/codeinfo.h"
#include "runtime/runtime.h"

#include <QJsonObject>

namespace Gearscope {

class Runtime;

/** JSON forms of runtime data for the command line (docs/cli-json.md). Payloads appear as hex
 *  and, when they are printable UTF-8, also as text; u128 values as decimal strings (JSON
 *  numbers cannot hold them). Pure functions, any thread. */
namespace JsonReport {
QJsonObject payload(const Bytes& bytes); ///< {"hex": "...", "text": "..."(optional)}
QJsonObject message(const Message& m, const Runtime* names = nullptr);
QJsonObject step(const StepRecord& r, const Runtime* names = nullptr);
QJsonObject state(const Runtime& rt); ///< actors, queue, waitlist, tasks, mailboxes
QJsonObject codeInfo(const CodeInfo& info);
/// Printable means valid UTF-8 without control characters other than tab, LF and CR.
bool isPrintable(const Bytes& bytes);
} // namespace JsonReport

} // namespace Gearscope
