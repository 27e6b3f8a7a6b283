// CREATE VIRTUAL TABLE: the columns the modules SQLite ships declare (fts3/4/5,
// fts5vocab, fts4aux, rtree), read from the module arguments as each module's
// xCreate reads them.
#include "model/change.hpp"
#include "model/derive.hpp"

namespace noormc::model {

using syntax::fold;
using syntax::same_name;

namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n\f\v");
  size_t e = s.find_last_not_of(" \t\r\n\f\v");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool is_quote(char c) {
  return c == '"' || c == '\'' || c == '`' || c == '[';
}

/// The first word of a module argument, a quoted name kept whole.
std::string first_word(const std::string& s) {
  if (s.empty()) return s;
  if (is_quote(s[0])) {
    char close = s[0] == '[' ? ']' : s[0];
    size_t end = s.find(close, 1);
    while (end != std::string::npos && close != ']' && end + 1 < s.size() && s[end + 1] == close) {
      end = s.find(close, end + 2);
    }
    return end == std::string::npos ? s : s.substr(0, end + 1);
  }
  size_t end = s.find_first_of(" \t\r\n\f\v");
  return end == std::string::npos ? s : s.substr(0, end);
}

void add_column(TableEntry& e, const std::string& name, std::string type) {
  syntax::ColumnDef cd;
  cd.name.text = syntax::dequote(name);
  cd.type = std::move(type);
  e.def.columns.push_back(std::move(cd));
}

/// fts3/4/5 and rtree declare one column per argument (options and tokenizers excepted).
void argument_columns(TableEntry& e, const std::string& mod, const syntax::CreateVirtualTable& v) {
  for (const auto& arg : v.args) {
    std::string a = trim(arg);
    if (a.empty()) continue;
    std::string first = first_word(a);
    if (mod == "fts5" || mod == "fts4" || mod == "fts3") {
      if (a.find('=') != std::string::npos && !is_quote(a[0])) continue;  // an option
      if (same_name(first, "tokenize")) continue;
      add_column(e, first, "");
    } else if (mod == "rtree" || mod == "rtree_i32") {
      if (a[0] == '+') {
        add_column(e, first_word(trim(a.substr(1))), "");
      } else {
        add_column(e, first, e.def.columns.empty() ? "INT" : (mod == "rtree" ? "REAL" : "INT"));
      }
    }
    // Other modules declare their columns at run time; noormc cannot see them.
  }
}

/// Modules whose columns are fixed: fts5vocab (by its type argument) and fts4aux.
void fixed_columns(TableEntry& e, const std::string& mod, const syntax::CreateVirtualTable& v) {
  if (mod == "fts5vocab") {
    // fts5vocab(table, type) or fts5vocab(db, table, type): the type picks the columns.
    std::string type = v.args.empty() ? "" : fold(syntax::dequote(trim(v.args.back())));
    if (type == "row")
      for (const char* c : {"term", "doc", "cnt"}) add_column(e, c, "");
    if (type == "col")
      for (const char* c : {"term", "col", "doc", "cnt"}) add_column(e, c, "");
    if (type == "instance")
      for (const char* c : {"term", "doc", "col", "offset"}) add_column(e, c, "");
  }
  if (mod == "fts4aux") {
    for (const char* c : {"term", "col", "documents", "occurrences"}) add_column(e, c, "");
    e.hidden = {"languageid"};
  }
}

}  // namespace

void create_virtual_table(Change& c, const syntax::CreateVirtualTable& v) {
  if (!c.schema_supported(v.schema) || c.reserved(v.name, "table")) return;
  bool temp = same_name(v.schema.text, "temp");
  Space& space = c.s.space(temp);
  if (c.name_taken(space, v.name, v.if_not_exists, "VIRTUAL TABLE")) return;
  TableEntry e;
  e.file = &c.file;
  e.seq = ++c.s.seq;
  e.module = v.module.text;
  e.def.name = v.name;
  const std::string mod = fold(v.module.text);
  argument_columns(e, mod, v);
  if (mod == "fts5") e.hidden = {v.name.text, "rank"};
  if (mod == "fts4" || mod == "fts3") e.hidden = {v.name.text, "docid", "__langid"};
  fixed_columns(e, mod, v);
  static const char* known[] = {"fts5", "fts4", "fts3", "rtree", "rtree_i32", "fts5vocab", "fts4aux"};
  if (std::none_of(std::begin(known), std::end(known), [&](const char* k) { return mod == k; })) {
    c.warning("W0102", v.module.span,
              "module '" + v.module.text + "' is not known to noormc; its columns are not modelled");
  }
  e.column_files.assign(e.def.columns.size(), &c.file);
  space.tables.put(fold(v.name.text), std::move(e));
}

}  // namespace noormc::model
