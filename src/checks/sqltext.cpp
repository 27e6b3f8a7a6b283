#include "checks/sqltext.hpp"

#include <algorithm>
#include <cctype>

#include "syntax/parse.hpp"
#include "syntax/transactions.hpp"

namespace noormc::checks {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// The end of a quoted token starting at `i` (the quote doubles as its own escape).
size_t quoted_end(std::string_view t, size_t i) {
  char close = t[i] == '[' ? ']' : t[i];
  size_t j = i + 1;
  while (j < t.size()) {
    if (t[j] == close) {
      if (close != ']' && j + 1 < t.size() && t[j + 1] == close) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    ++j;
  }
  return t.size();
}

/// The end of a comment starting at `i`, or `i` when none starts there.
size_t comment_end(std::string_view t, size_t i) {
  if (t.compare(i, 2, "--") == 0) {
    size_t nl = t.find('\n', i);
    return nl == std::string_view::npos ? t.size() : nl;
  }
  if (t.compare(i, 2, "/*") == 0) {
    size_t close = t.find("*/", i + 2);
    return close == std::string_view::npos ? t.size() : close + 2;
  }
  return i;
}

}  // namespace

std::string normalize_statement(std::string_view t) {
  std::string out;
  bool gap = false;
  for (size_t i = 0; i < t.size();) {
    size_t c = comment_end(t, i);
    if (c != i || is_space(t[i])) {
      gap = true;
      i = c != i ? c : i + 1;
      continue;
    }
    if (gap && !out.empty()) out.push_back(' ');
    gap = false;
    if (t[i] == '\'' || t[i] == '"' || t[i] == '`' || t[i] == '[') {
      size_t end = quoted_end(t, i);
      out.append(t.substr(i, end - i));
      i = end;
    } else {
      out.push_back(t[i++]);
    }
  }
  return out;
}

std::string normalized_sql(const syntax::ParsedFile& parsed, const SourceFile& file) {
  std::string out;
  for (const auto& st : parsed.statements) {
    out += normalize_statement(syntax::span_text(file, st->span));
    out += ";\n";
  }
  return out;
}

const syntax::Migration* find_migration(const syntax::MigrationSet& set, const std::string& name, Diagnostics& diags) {
  std::vector<const syntax::Migration*> hits;
  bool numeric = !name.empty() && std::all_of(name.begin(), name.end(),
                                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  for (const auto& m : set.migrations) {
    bool hit = m.id == name || m.name == name || (numeric && syntax::compare_prefix(m.prefix, name) == 0);
    if (hit) hits.push_back(&m);
  }
  if (hits.size() == 1) return hits[0];
  std::vector<std::string> ids;
  for (const auto& m : set.migrations) ids.push_back(m.id);
  if (hits.empty()) {
    std::vector<std::string> candidates = ids;
    for (const auto& m : set.migrations) candidates.push_back(m.name);
    std::string best = closest_name(name, candidates);
    auto& d = diags.add_file(Severity::Error, "E0702", "", "no migration named '" + name + "'");
    if (!best.empty()) d.notes.push_back("did you mean '" + best + "'?");
    d.notes.push_back(ids.empty()
                          ? "there are no migrations yet"
                          : "name a migration by id, prefix or name: " + ids.front() + ", " +
                                ids.front().substr(0, ids.front().find('_')) + " or " + set.migrations.front().name);
    return nullptr;
  }
  std::string list;
  for (const auto* m : hits) list += (list.empty() ? "" : ", ") + m->id;
  diags.add_file(Severity::Error, "E0702", "", "'" + name + "' names several migrations: " + list)
      .notes.push_back("name one by its id, e.g. " + hits[0]->id);
  return nullptr;
}

std::vector<RunnableStatement> runnable_statements(const syntax::ParsedFile& parsed, const SourceFile& file) {
  std::vector<RunnableStatement> out;
  Diagnostics refused;  // reported by the parser (E0112); a refused file never runs
  auto steps = syntax::transaction_steps(parsed, file, refused);
  for (size_t i = 0; i < parsed.statements.size(); ++i) {
    const auto& st = parsed.statements[i];
    Location at = file.locate(st->span.begin);
    if (const auto* o = std::get_if<syntax::Other>(&st->body); o && !st->explain) {
      // BEGIN, COMMIT and ROLLBACK run as the savepoint with the same effect inside the runner's transaction.
      bool own_transaction =
          o->keyword == "BEGIN" || o->keyword == "COMMIT" || (o->keyword == "ROLLBACK" && o->name.empty());
      if (own_transaction) {
        for (const auto& sql : steps[i].sql) out.push_back({sql, at.line, at.column, st->span});
        continue;
      }
    }
    out.push_back({std::string(syntax::span_text(file, st->span)), at.line, at.column, st->span});
  }
  return out;
}

}  // namespace noormc::checks
