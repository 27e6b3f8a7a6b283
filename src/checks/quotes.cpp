#include "checks/quotes.hpp"

#include <algorithm>

namespace noormc::checks {

namespace {

/// The byte offset of 1-based character column `column` in `line`.
size_t byte_at(const std::string& line, uint32_t column) {
  size_t i = 0;
  for (uint32_t c = 1; c < column && i < line.size(); ++c) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

/// The double-quoted word a diagnostic underlines, or "".
std::string quoted_word(const Diagnostic& d) {
  size_t at = byte_at(d.source_line, d.column);
  if (at >= d.source_line.size() || d.source_line[at] != '"') return "";
  size_t end = at + 1;
  while (end < d.source_line.size()) {
    if (d.source_line[end] == '"') {
      if (end + 1 < d.source_line.size() && d.source_line[end + 1] == '"') {
        end += 2;
        continue;
      }
      return d.source_line.substr(at, end - at + 1);
    }
    ++end;
  }
  return "";
}

void explain(Diagnostic& d, const std::string& word) {
  std::string text = syntax::dequote(word);
  size_t reads = d.message.find(" reads ");
  std::string where = reads == std::string::npos ? "" : " (in " + d.message.substr(0, reads) + ")";
  d.code = "E0508";
  d.message = word +
              " is not a column, and better-sqlite3 never reads a double-quoted word as a "
              "string (SQLITE_DQS=0)" +
              where;
  auto told = std::find_if(d.notes.begin(), d.notes.end(),
                           [](const std::string& n) { return n.find("single quote") != std::string::npos; });
  std::string note = told != d.notes.end() ? *told
                                           : "a string takes single quotes: " + syntax::quote(text, '\'') +
                                                 " (the sqlite3 shell accepts \"...\" as a string; "
                                                 "better-sqlite3 refuses it at run time)";
  if (told != d.notes.end()) d.notes.erase(told);
  d.notes.insert(d.notes.begin(), note);
}

void walk_default(const syntax::Expr& e, const SourceFile& file, const std::string& column, Diagnostics& diags) {
  if (e.kind == syntax::ExprKind::Column && e.name.quote == '"' && e.table.empty()) {
    std::string word = "\"" + e.name.text + "\"";
    diags
        .add(Severity::Error, "E0508", file, e.name.span.begin, e.name.span.end,
             "double-quoted " + word + " in the DEFAULT of " + column +
                 " is a name, not a string: SQLite refuses it (default value is not constant)")
        .notes.push_back("a string takes single quotes: " + syntax::quote(e.name.text, '\''));
    return;
  }
  for (const auto& a : e.args) {
    if (a) walk_default(*a, file, column, diags);
  }
}

void check_column(const syntax::ColumnDef& c, const SourceFile& file, Diagnostics& diags) {
  for (const auto& cc : c.constraints) {
    if (cc.kind != syntax::ColumnConstraint::Kind::Default || !cc.expr) continue;
    const syntax::Expr& e = *cc.expr;
    bool bare_word = e.kind == syntax::ExprKind::Literal && e.literal == syntax::LiteralKind::String &&
                     !e.text.empty() && e.text[0] == '"';
    if (bare_word) {
      diags
          .add(Severity::Warning, "W0509", file, e.span.begin, e.span.end,
               "DEFAULT " + e.text + " of " + c.name.text +
                   " is stored as a string, though double quotes mark a name in SQL")
          .notes.push_back("write DEFAULT " + syntax::quote(syntax::dequote(e.text), '\''));
      continue;
    }
    walk_default(e, file, c.name.text, diags);
  }
}

}  // namespace

void explain_double_quotes(Diagnostics& diags, size_t from) {
  auto& items = diags.items();
  for (size_t i = from; i < items.size(); ++i) {
    Diagnostic& d = items[i];
    if (d.code != "E0202" || d.line == 0) continue;
    std::string word = quoted_word(d);
    if (!word.empty()) explain(d, word);
  }
}

void check_default_quotes(const syntax::ParsedFile& parsed, const SourceFile& file, Diagnostics& diags) {
  for (const auto& st : parsed.statements) {
    if (const auto* ct = std::get_if<syntax::CreateTable>(&st->body)) {
      for (const auto& c : ct->columns) check_column(c, file, diags);
    } else if (const auto* a = std::get_if<syntax::AlterTable>(&st->body)) {
      if (a->kind == syntax::AlterTable::Kind::AddColumn) check_column(a->column, file, diags);
    }
  }
}

}  // namespace noormc::checks
