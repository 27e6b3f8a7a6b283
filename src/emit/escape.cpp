#include "emit/escape.hpp"

#include <cstdio>

#include "emit/naming.hpp"

namespace noormc::emit {

namespace {

/// The byte length of a line terminator that is not ASCII (U+2028, U+2029) at s[i], else 0.
size_t unicode_line_break(std::string_view s, size_t i) {
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9))
    return 3;
  return 0;
}

std::string hex_escape(unsigned code) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", code);
  return buf;
}

/// Escapes the characters no single line of TypeScript may hold raw: \n, \r,
/// \t, the other control characters, DEL, U+2028 and U+2029. `extra` is called
/// first for each byte and returns true when it wrote the byte itself.
template <typename Extra>
std::string escape_line(std::string_view s, Extra extra) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (extra(s, i, out)) continue;
    if (size_t n = unicode_line_break(s, i)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += n - 1;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += hex_escape(c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

std::string ts_string(std::string_view s) {
  return "'" +
         escape_line(s,
                     [](std::string_view t, size_t i, std::string& out) {
                       if (t[i] != '\\' && t[i] != '\'') return false;
                       out.push_back('\\');
                       out.push_back(t[i]);
                       return true;
                     }) +
         "'";
}

std::string js_string(std::string_view s) {
  return ts_string(s);
}

std::string line_comment(std::string_view s) {
  return escape_line(s, [](std::string_view, size_t, std::string&) { return false; });
}

std::string doc_comment(std::string_view s) {
  return escape_line(s, [](std::string_view t, size_t i, std::string& out) {
    if (t[i] == '/' && i > 0 && t[i - 1] == '*') {
      out += "\\/";
      return true;
    }
    if (t[i] == '@' || t[i] == '`') {
      out.push_back('\\');
      out.push_back(t[i]);
      return true;
    }
    return false;
  });
}

std::string type_key(std::string_view name) {
  return is_identifier(name) ? std::string(name) : ts_string(name);
}

std::string object_key(std::string_view name) {
  if (name == "__proto__") return "['__proto__']";
  return type_key(name);
}

std::string member_access(std::string_view name) {
  return is_identifier(name) ? "." + std::string(name) : "[" + ts_string(name) + "]";
}

}  // namespace noormc::emit
