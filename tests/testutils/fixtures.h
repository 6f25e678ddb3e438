// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <QFile>
#include <QString>
#include <QTest>

#include <cstring>
#include <initializer_list>

namespace Gearscope::Test {

/// Bytes of tests/fixtures/<name>; fails the calling test if the file is missing.
inline Bytes fixture(const char* name)
{
    QFile f(QStringLiteral(GEARSCOPE_FIXTURES_DIR "/") + QString::fromUtf8(name));
    if (!f.open(QIODevice::ReadOnly)) {
        qWarning("missing fixture %s", name);
        return {};
    }
    const QByteArray a = f.readAll();
    return Bytes(a.begin(), a.end());
}

inline Bytes bytesOf(const char* s) { return Bytes(s, s + std::strlen(s)); }
inline std::string text(const Bytes& b) { return std::string(b.begin(), b.end()); }

inline Bytes u32le(uint32_t v) { return Bytes { uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24) }; }

/// Little-endian integers of 8 and 16 bytes, as Gear's ABI lays out gas and values.
inline Bytes u64le(uint64_t v)
{
    Bytes b(8);
    for (int i = 0; i < 8; ++i)
        b[size_t(i)] = uint8_t(v >> (8 * i));
    return b;
}

inline Bytes u128le(u128 v)
{
    Bytes b(16);
    for (int i = 0; i < 16; ++i)
        b[size_t(i)] = uint8_t(v >> (8 * i));
    return b;
}

/// The parts one after the other (payloads built from fields).
inline Bytes cat(std::initializer_list<Bytes> parts)
{
    Bytes out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

template <typename Tag> Bytes idBytes(const Id<Tag>& id) { return Bytes(id.bytes.begin(), id.bytes.end()); }

} // namespace Gearscope::Test
