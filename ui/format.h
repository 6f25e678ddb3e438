// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"
#include "runtime/runtimetypes.h"

#include <QString>

namespace Gearscope {

/** How the UI writes core values: payloads as quoted text when printable or hex otherwise, u128
 *  amounts and gas with digit grouping. Pure functions, any thread. */
namespace Format {
/// `"PING"` for printable payloads, `0x0300…` otherwise, `(empty)` for none; at most `maxChars`.
QString payload(const Bytes& bytes, int maxChars = 80);
QString amount(u128 value); ///< 1 000 000 grouping with thin spaces
QString gas(Gas gas);
/// Three significant digits with an SI suffix ("389 M", "1.00 T", "100 P"); exact below 10 000.
/// For narrow table columns; tooltips and the details panel show exact figures.
QString compact(u128 value);
/// A u128 as a fixed-width string that sorts like the number (for sort roles).
QString sortKey(u128 value);
QString hex(const Bytes& bytes);
QString dispatchKind(DispatchKind kind);
/// Parses a payload typed by a person: text as UTF-8, or hex digit pairs (0x optional, spaces ignored).
bool parsePayload(const QString& text, bool isHex, Bytes* out, QString* error);
/// Parses a non-negative decimal integer that fits in a u128 ("" is 0).
bool parseAmount(const QString& text, u128* out);
} // namespace Format

} // namespace Gearscope
