// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <QFile>
#include <QString>
#include <QTest>

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

inline Bytes u32le(uint32_t v)
{
    return Bytes { uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24) };
}

template <typename Tag>
Bytes idBytes(const Id<Tag>& id)
{
    return Bytes(id.bytes.begin(), id.bytes.end());
}

} // namespace Gearscope::Test
