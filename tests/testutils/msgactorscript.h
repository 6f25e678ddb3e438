// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

namespace Gearscope::Test {

/// Appends `size` bytes of `v`, little-endian.
inline void appendLe(Bytes& b, u128 v, int size)
{
    for (int i = 0; i < size; ++i)
        b.push_back(uint8_t(v >> (8 * i)));
}

/** Builds a command script for msg_actor.wat; each method appends one command of its header's list. */
class Script
{
public:
    Script& send(const ActorId& dest, char tag, u128 value = 0)
    {
        op('S', dest, value);
        b.push_back(uint8_t(tag));
        return *this;
    }
    Script& sendWgas(const ActorId& dest, char tag, Gas gas, u128 value = 0)
    {
        op('G', dest, value);
        appendLe(b, gas, 8);
        b.push_back(uint8_t(tag));
        return *this;
    }
    Script& sendInit(const ActorId& dest, char tag, u128 value = 0)
    {
        op('I', dest, value);
        b.push_back(uint8_t(tag));
        return *this;
    }
    Script& forward(const ActorId& dest, const Script& inner, u128 value = 0)
    {
        op('F', dest, value);
        appendLe(b, inner.b.size(), 2);
        b.insert(b.end(), inner.b.begin(), inner.b.end());
        return *this;
    }
    Script& reply(char tag, u128 value = 0)
    {
        b.push_back('R');
        appendLe(b, value, 16);
        b.push_back(uint8_t(tag));
        return *this;
    }
    Script& create(const CodeId& code, uint8_t salt, const Bytes& payload = {}, u128 value = 0)
    {
        b.push_back('C');
        b.insert(b.end(), code.bytes.begin(), code.bytes.end());
        appendLe(b, value, 16);
        b.push_back(salt);
        b.push_back(uint8_t(payload.size()));
        b.insert(b.end(), payload.begin(), payload.end());
        return *this;
    }
    Script& note(const std::string& s)
    {
        b.push_back('M');
        b.push_back(uint8_t(s.size()));
        b.insert(b.end(), s.begin(), s.end());
        return *this;
    }
    Script& values()
    {
        b.push_back('v');
        return *this;
    }
    Script& panic(const std::string& s)
    {
        b.push_back('P');
        b.push_back(uint8_t(s.size()));
        b.insert(b.end(), s.begin(), s.end());
        return *this;
    }
    Script& unreachable()
    {
        b.push_back('U');
        return *this;
    }
    Script& exit(const ActorId& inheritor)
    {
        b.push_back('X');
        b.insert(b.end(), inheritor.bytes.begin(), inheritor.bytes.end());
        return *this;
    }
    Script& leave()
    {
        b.push_back('L');
        return *this;
    }
    Script& wait()
    {
        b.push_back('w');
        return *this;
    }
    const Bytes& bytes() const { return b; }

private:
    void op(char c, const ActorId& dest, u128 value)
    {
        b.push_back(uint8_t(c));
        b.insert(b.end(), dest.bytes.begin(), dest.bytes.end());
        appendLe(b, value, 16);
    }
    Bytes b;
};

} // namespace Gearscope::Test
