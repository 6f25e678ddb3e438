// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "types.h"

namespace Gearscope {

std::string toHex(const uint8_t* data, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    std::string s(size * 2, '0');
    for (size_t i = 0; i < size; ++i) {
        s[2 * i] = digits[data[i] >> 4];
        s[2 * i + 1] = digits[data[i] & 15];
    }
    return s;
}

static int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool fromHex(const std::string& in, Bytes* out)
{
    std::string s = in;
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s = s.substr(2);
    if (s.size() % 2)
        return false;
    Bytes b(s.size() / 2);
    for (size_t i = 0; i < b.size(); ++i) {
        int hi = hexDigit(s[2 * i]), lo = hexDigit(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        b[i] = uint8_t(hi * 16 + lo);
    }
    *out = std::move(b);
    return true;
}

std::string u128ToString(u128 v)
{
    if (v == 0)
        return "0";
    std::string s;
    while (v) {
        s.insert(s.begin(), char('0' + int(v % 10)));
        v /= 10;
    }
    return s;
}

bool u128FromString(const std::string& s, u128* out)
{
    if (s.empty() || s.size() > 39)
        return false;
    u128 v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
        u128 next = v * 10 + u128(c - '0');
        if (next / 10 != v)
            return false; // overflow
        v = next;
    }
    *out = v;
    return true;
}

} // namespace Gearscope
