// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <cstring>
#include <string>

namespace Gearscope {

/** Little-endian binary writer for trace blobs. */
class BinaryWriter
{
public:
    BinaryWriter() = default;
    /// Writes into `reuse` (emptied first), keeping its capacity: no allocation per blob.
    explicit BinaryWriter(Bytes&& reuse)
        : m_out(std::move(reuse))
    {
        m_out.clear();
    }
    Bytes& bytes() { return m_out; }
    void u8(uint8_t v) { m_out.push_back(v); }
    void u32(uint32_t v) { le(v, 4); }
    void u64(uint64_t v) { le(v, 8); }
    void u128v(u128 v) { le(v, 16); }
    void boolean(bool b) { u8(b ? 1 : 0); }
    template <typename Tag> void id(const Id<Tag>& i) { m_out.insert(m_out.end(), i.bytes.begin(), i.bytes.end()); }
    void blob(const Bytes& b)
    {
        u32(uint32_t(b.size()));
        m_out.insert(m_out.end(), b.begin(), b.end());
    }
    void str(const std::string& s)
    {
        u32(uint32_t(s.size()));
        m_out.insert(m_out.end(), s.begin(), s.end());
    }

private:
    template <typename T> void le(T v, int n)
    {
        const size_t at = m_out.size();
        m_out.resize(at + size_t(n));
        for (int i = 0; i < n; ++i)
            m_out[at + size_t(i)] = uint8_t(v >> (8 * i));
    }
    Bytes m_out;
};

/** Reader that never reads past the end: after any short read `ok()` is false and every
 *  further read returns zeros, so a corrupt blob gives an error, never a crash. */
class BinaryReader
{
public:
    BinaryReader(const uint8_t* data, size_t size)
        : m_p(data)
        , m_end(data + size)
    {
    }
    explicit BinaryReader(const Bytes& b)
        : BinaryReader(b.data(), b.size())
    {
    }
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_p == m_end; }
    uint8_t u8() { return uint8_t(le(1)); }
    uint32_t u32() { return uint32_t(le(4)); }
    uint64_t u64() { return uint64_t(le(8)); }
    u128 u128v() { return le(16); }
    bool boolean() { return u8() != 0; }
    template <typename IdT> IdT id()
    {
        IdT out;
        if (need(32)) {
            std::memcpy(out.bytes.data(), m_p, 32);
            m_p += 32;
        }
        return out;
    }
    Bytes blob()
    {
        uint32_t n = u32();
        if (!need(n))
            return {};
        Bytes b(m_p, m_p + n);
        m_p += n;
        return b;
    }
    std::string str()
    {
        Bytes b = blob();
        return std::string(b.begin(), b.end());
    }

private:
    bool need(size_t n)
    {
        if (!m_ok || size_t(m_end - m_p) < n) {
            m_ok = false;
            return false;
        }
        return true;
    }
    u128 le(int n)
    {
        if (!need(size_t(n)))
            return 0;
        u128 v = 0;
        for (int i = n - 1; i >= 0; --i)
            v = (v << 8) | m_p[i];
        m_p += n;
        return v;
    }
    const uint8_t* m_p;
    const uint8_t* m_end;
    bool m_ok = true;
};

} // namespace Gearscope
