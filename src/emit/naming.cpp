#include "emit/naming.hpp"

#include "syntax/ast.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace noormc::emit {

namespace {

bool is_lower(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0;
}
bool is_upper(char c) {
  return std::isupper(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
char upper(char c) {
  return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}

const std::map<std::string, std::string>& irregular_plurals() {
  static const std::map<std::string, std::string> m = {
      {"person", "people"},
      {"child", "children"},
      {"man", "men"},
      {"woman", "women"},
      {"mouse", "mice"},
      {"goose", "geese"},
      {"tooth", "teeth"},
      {"foot", "feet"},
      {"ox", "oxen"},
      {"datum", "data"},
      {"criterion", "criteria"},
      {"phenomenon", "phenomena"},
      {"index", "indices"},
      {"matrix", "matrices"},
      {"vertex", "vertices"},
      {"analysis", "analyses"},
      {"axis", "axes"},
      {"crisis", "crises"},
      {"thesis", "theses"},
      {"leaf", "leaves"},
      {"knife", "knives"},
      {"life", "lives"},
      {"wife", "wives"},
      {"wolf", "wolves"},
      {"half", "halves"},
      {"shelf", "shelves"},
      {"quiz", "quizzes"},
      {"cactus", "cacti"},
      {"focus", "foci"},
      {"alumnus", "alumni"},
      {"medium", "media"},
      {"curriculum", "curricula"},
  };
  return m;
}

// Words whose singular and plural are the same.
const std::set<std::string>& uncountable() {
  static const std::set<std::string> s = {"sheep",     "fish",  "series",   "species",  "news",     "information",
                                          "equipment", "money", "rice",     "deer",     "metadata", "feedback",
                                          "settings",  "staff", "software", "hardware", "audio",    "media"};
  return s;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (!alnum) {
      if (!cur.empty()) out.push_back(cur), cur.clear();
      continue;
    }
    if (!cur.empty()) {
      char prev = name[i - 1];
      bool boundary = (is_upper(c) && (is_lower(prev) || is_digit(prev))) ||
                      (is_upper(c) && is_upper(prev) && i + 1 < name.size() && is_lower(name[i + 1]));
      if (boundary) out.push_back(cur), cur.clear();
    }
    cur.push_back(lower(c));
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string singular(const std::string& w) {
  if (w.empty() || uncountable().count(w)) return w;
  for (const auto& [s, p] : irregular_plurals()) {
    if (w == p) return s;
  }
  for (const auto& [s, p] : irregular_plurals()) {
    if (w == s) return w;  // already singular
  }
  if (ends_with(w, "ies") && w.size() > 3) return w.substr(0, w.size() - 3) + "y";
  if (ends_with(w, "sses") || ends_with(w, "shes") || ends_with(w, "ches") || ends_with(w, "xes") ||
      ends_with(w, "zzes"))
    return ends_with(w, "zzes") ? w.substr(0, w.size() - 3) : w.substr(0, w.size() - 2);
  if (ends_with(w, "uses") || ends_with(w, "oes")) return w.substr(0, w.size() - 2);
  if (ends_with(w, "ss") || ends_with(w, "us") || ends_with(w, "is")) return w;
  if (ends_with(w, "s") && w.size() > 1) return w.substr(0, w.size() - 1);
  return w;
}

std::string plural(const std::string& w) {
  if (w.empty() || uncountable().count(w)) return w;
  auto it = irregular_plurals().find(w);
  if (it != irregular_plurals().end()) return it->second;
  for (const auto& [s, p] : irregular_plurals()) {
    if (w == p) return w;  // already plural
  }
  if (ends_with(w, "y") && w.size() > 1 && std::string("aeiou").find(w[w.size() - 2]) == std::string::npos)
    return w.substr(0, w.size() - 1) + "ies";
  if (ends_with(w, "s") || ends_with(w, "x") || ends_with(w, "z") || ends_with(w, "ch") || ends_with(w, "sh"))
    return w + "es";
  return w + "s";
}

static std::string join_pascal(const std::vector<std::string>& ws) {
  std::string out;
  for (const auto& w : ws) {
    if (w.empty()) continue;
    out.push_back(upper(w[0]));
    out += w.substr(1);
  }
  return out;
}

std::string type_name(std::string_view table) {
  auto ws = words(table);
  if (ws.empty()) return "Row";
  ws.back() = singular(ws.back());
  return safe_identifier(join_pascal(ws));
}

std::string pascal(std::string_view name) {
  return safe_identifier(join_pascal(words(name)));
}

std::string camel(std::string_view name) {
  auto ws = words(name);
  std::string out = join_pascal(ws);
  if (!out.empty()) out[0] = lower(out[0]);
  // Keep leading underscores of names like _id.
  size_t lead = 0;
  while (lead < name.size() && name[lead] == '_') ++lead;
  return std::string(lead, '_') + out;
}

bool is_reserved_word(std::string_view s) {
  static const std::set<std::string, std::less<>> words = {
      "break",   "case",      "catch",  "class",  "const",      "continue",   "debugger", "default",
      "delete",  "do",        "else",   "enum",   "export",     "extends",    "false",    "finally",
      "for",     "function",  "if",     "import", "in",         "instanceof", "new",      "null",
      "return",  "super",     "switch", "this",   "throw",      "true",       "try",      "typeof",
      "var",     "void",      "while",  "with",   "implements", "interface",  "let",      "package",
      "private", "protected", "public", "static", "yield",      "await",      "any",      "boolean",
      "number",  "string",    "symbol", "type",   "object",     "never",      "unknown",  "undefined",
      "Date",    "Buffer",    "Record", "Array",  "Promise",    "Map",        "Set",      "Error"};
  return words.count(s) > 0;
}

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_' || s[0] == '$')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; });
}

std::string sql_ident(std::string_view name) {
  return syntax::quote(name, '"');
}

std::string property_key(std::string_view name) {
  // Reserved words are fine as property keys; only non-identifiers need quotes.
  return object_key(name);
}

std::string safe_identifier(const std::string& s) {
  std::string out;
  for (char c : s) out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ? c : '_');
  if (out.empty() || is_digit(out[0]) || is_reserved_word(out)) out = "_" + out;
  return out;
}

std::string table_meta_name(std::string_view table) {
  return safe_identifier(camel(table)) + "Table";
}

std::string property_name(std::string_view column, bool camel_case) {
  std::string p = camel_case ? camel(column) : std::string(column);
  return p.empty() ? std::string(column) : p;
}

}  // namespace noormc::emit
