// How SQLite reads a PRAGMA's value (pragma.c).
#pragma once

#include <cctype>
#include <cstdint>
#include <string_view>

#include "syntax/ast.hpp"

namespace noormc::model {

/// sqlite3Atoi (util.c, sqlite3GetInt32) of text that starts with a digit:
/// a decimal or 0x hexadecimal integer, 0 when it does not fit 31 bits.
inline int32_t pragma_integer(std::string_view z) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t i = 0;
  if (z.size() > 2 && z[0] == '0' && (z[1] == 'x' || z[1] == 'X') && hex(z[2])) {
    for (i = 2; i < z.size() && z[i] == '0';) ++i;
    uint32_t u = 0;
    size_t n = 0;
    for (; n < 8 && i + n < z.size() && hex(z[i + n]); ++n) {
      char c = z[i + n];
      u = u * 16 + static_cast<uint32_t>(digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    bool more = i + n < z.size() && hex(z[i + n]);
    return (u & 0x80000000u) || more ? 0 : static_cast<int32_t>(u);
  }
  while (i < z.size() && z[i] == '0') ++i;
  int64_t v = 0;
  size_t n = 0;
  for (; n < 11 && i + n < z.size() && digit(z[i + n]); ++n) v = v * 10 + (z[i + n] - '0');
  return n > 10 || v > 2147483647 ? 0 : static_cast<int32_t>(v);
}

/// A boolean PRAGMA's value as sqlite3GetBoolean reads it (pragma.c,
/// getSafetyLevel without FULL or EXTRA): a value starting with a digit is
/// sqlite3Atoi's integer truncated to 8 bits (`2` is on, `256` off); `on`,
/// `yes`, `true` are on; `off`, `no`, `false` and anything else (a sign
/// first, `full`, a typo) are off. `value` as written, quotes removed.
inline bool pragma_boolean(std::string_view value) {
  if (!value.empty() && value[0] >= '0' && value[0] <= '9') return static_cast<uint8_t>(pragma_integer(value)) != 0;
  return syntax::same_name(value, "on") || syntax::same_name(value, "yes") || syntax::same_name(value, "true");
}

}  // namespace noormc::model
