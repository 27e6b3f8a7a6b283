#include "syntax/sites.hpp"

#include <string>
#include <vector>

#include "syntax/ast.hpp"

namespace noormc::syntax {

namespace {

/// Every name `table` had, newest first: renames are walked back from the end.
std::vector<std::string> names_of(const MigrationSet& set, std::string_view table) {
  std::vector<std::string> names{std::string(table)};
  for (auto m = set.migrations.rbegin(); m != set.migrations.rend(); ++m) {
    const auto& sts = m->up_parsed.statements;
    for (auto s = sts.rbegin(); s != sts.rend(); ++s) {
      const auto* alter = std::get_if<AlterTable>(&(*s)->body);
      if (alter && alter->kind == AlterTable::Kind::RenameTable && same_name(alter->new_name.text, names.back())) {
        names.push_back(alter->table.text);
      }
    }
  }
  return names;
}

/// The span of the statement of `m` that last named `table` (CREATE TABLE or RENAME TO).
std::optional<Span> table_in(const Migration& m, std::string_view table) {
  std::optional<Span> found;
  for (const auto& s : m.up_parsed.statements) {
    if (const auto* create = std::get_if<CreateTable>(&s->body); create && same_name(create->name.text, table)) {
      found = create->name.span;
    } else if (const auto* alter = std::get_if<AlterTable>(&s->body);
               alter && alter->kind == AlterTable::Kind::RenameTable && same_name(alter->new_name.text, table)) {
      found = alter->new_name.span;
    }
  }
  return found;
}

/// The span of the last declaration of `column` in `m` for a table named `table` there.
std::optional<Span> column_in(const Migration& m, std::string_view table, std::string_view column) {
  std::optional<Span> found;
  for (const auto& s : m.up_parsed.statements) {
    if (const auto* create = std::get_if<CreateTable>(&s->body); create && same_name(create->name.text, table)) {
      for (const auto& c : create->columns) {
        if (same_name(c.name.text, column)) found = c.span;
      }
    } else if (const auto* alter = std::get_if<AlterTable>(&s->body); alter && same_name(alter->table.text, table)) {
      if (alter->kind == AlterTable::Kind::AddColumn && same_name(alter->column.name.text, column)) {
        found = alter->column.span;
      } else if (alter->kind == AlterTable::Kind::RenameColumn && same_name(alter->new_column.text, column)) {
        found = alter->new_column.span;
      }
    }
  }
  return found;
}

}  // namespace

std::optional<Site> table_site(const MigrationSet& set, std::string_view table) {
  auto names = names_of(set, table);
  for (auto m = set.migrations.rbegin(); m != set.migrations.rend(); ++m) {
    for (const auto& n : names) {
      if (auto span = table_in(*m, n)) return Site{m->up.get(), *span};
    }
  }
  return std::nullopt;
}

std::optional<Site> column_site(const MigrationSet& set, std::string_view table, std::string_view column) {
  auto names = names_of(set, table);
  for (auto m = set.migrations.rbegin(); m != set.migrations.rend(); ++m) {
    for (const auto& n : names) {
      if (auto span = column_in(*m, n, column)) return Site{m->up.get(), *span};
    }
  }
  return table_site(set, table);
}

Diagnostic& add_at(Diagnostics& diags, Severity severity, std::string code, const std::optional<Site>& site,
                   std::string message) {
  if (site && site->file) {
    return diags.add(severity, std::move(code), *site->file, site->span.begin, site->span.end, std::move(message));
  }
  return diags.add_file(severity, std::move(code), "", std::move(message));
}

}  // namespace noormc::syntax
