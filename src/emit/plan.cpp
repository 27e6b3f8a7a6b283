#include "emit/plan.hpp"

#include <algorithm>

#include "emit/emit.hpp"
#include "emit/naming.hpp"
#include "emit/nextauth.hpp"
#include "syntax/ast.hpp"

namespace noormc::emit {

namespace {

void read_conversion(Col& col, Storage s, bool safe_integers) {
  const std::string r = "r[" + std::to_string(col.index) + "]";
  const bool n = col.nullable;
  switch (s) {
    case Storage::Integer:
    case Storage::Real:
    case Storage::Numeric:
      col.read_expr =
          safe_integers ? (n ? "numberOrNullFromDb(" : "numberFromDb(") + r + ")" : r + " as " + col.ts_type;
      break;
    case Storage::BigInt:
      col.read_expr = (n ? "bigintOrNullFromDb(" : "bigintFromDb(") + r + ")";
      break;
    case Storage::Text:
    case Storage::Blob:
      col.read_expr = r + " as " + col.ts_type;
      break;
    case Storage::Boolean:
      col.read_expr = (n ? "boolOrNullFromDb(" : "boolFromDb(") + r + ")";
      break;
    case Storage::Date:
      col.read_expr = (n ? "dateOrNullFromDb(" : "dateFromDb(") + r + ")";
      break;
    case Storage::Json:
      col.read_expr = "jsonFromDb(" + r + ")";
      break;
    case Storage::Any:
      col.read_expr = r;
      break;
  }
}

/// The column of a table or view, typed.
Col make_column(const model::Column& c, Storage s, size_t index, bool in_view, bool safe_integers,
                const EmitOptions& o) {
  Col col;
  col.generated_expr = c.generated_expr;
  col.name = c.name;
  col.prop = property_name(c.name, o.camel_case);
  col.index = index;
  col.sql_type = c.type;
  col.storage = s;
  col.safe_integers = safe_integers;
  col.kind = storage_name(s);
  col.nullable = in_view || nullable(c);
  col.primary_key = c.primary_key;
  col.generated = c.generated;
  col.writable = c.generated.empty() && !in_view;
  col.has_default = !in_view && (c.default_value.has_value() || c.rowid_alias || c.autoincrement);
  col.optional_in_new = col.has_default || col.nullable;
  std::string base = ts_base_type(c, s);
  if (!c.check_in.empty() && base.find('\'') == 0) col.enum_values = c.check_in;
  col.ts_type_not_null = base;
  col.ts_type = (col.nullable && base != "unknown") ? base + " | null" : base;
  read_conversion(col, s, safe_integers);
  return col;
}

/// Puts the enum type names (from the table's names) in place of the unions.
void name_enums(Tab& tab) {
  size_t e = 0;
  for (auto& col : tab.cols) {
    if (col.enum_values.empty()) continue;
    col.enum_type = tab.n.enums[e++];
    col.ts_type_not_null = col.enum_type;
    col.ts_type = col.nullable ? col.enum_type + " | null" : col.enum_type;
    read_conversion(col, col.storage, col.safe_integers);
  }
}

Tab make_table(const model::Table& t, const EmitOptions& o) {
  Tab tab;
  tab.table = &t;
  tab.name = t.name;
  TypeOptions topts{o.bigint};
  std::vector<Storage> storage;
  storage.reserve(t.columns.size());
  for (const auto& c : t.columns) {
    storage.push_back(storage_of(c, topts));
    tab.safe_integers = tab.safe_integers || storage.back() == Storage::BigInt;
  }
  tab.cols.reserve(t.columns.size());
  for (size_t i = 0; i < t.columns.size(); ++i) {
    tab.cols.push_back(make_column(t.columns[i], storage[i], i, false, tab.safe_integers, o));
  }
  std::vector<std::pair<int, size_t>> keys;
  for (size_t i = 0; i < tab.cols.size(); ++i) {
    if (tab.cols[i].primary_key > 0) keys.push_back({tab.cols[i].primary_key, i});
  }
  std::sort(keys.begin(), keys.end());
  for (auto& [pos, i] : keys) {
    tab.key_cols.push_back(i);
    tab.cols[i].is_key = true;
  }
  return tab;
}

Tab make_view(const model::View& v, const model::Schema& schema, const EmitOptions& o) {
  Tab tab;
  tab.view = &v;
  tab.name = v.name;
  for (size_t i = 0; i < v.columns.size(); ++i) {
    // A column straight from a table column takes its type (and CHECK values); otherwise `unknown`.
    model::Column c;
    c.name = v.columns[i].name;
    c.type = v.columns[i].type;
    if (v.columns[i].source_table && v.columns[i].source_column) {
      if (const auto* t = schema.table(*v.columns[i].source_table)) {
        if (const auto* src = t->column(*v.columns[i].source_column)) {
          c.type = src->type;
          c.check_in = src->check_in;
        }
      }
    }
    tab.cols.push_back(make_column(c, storage_of(c, TypeOptions{o.bigint}), i, true, false, o));
  }
  return tab;
}

/// Where a table got its name: the last CREATE TABLE / VIEW or RENAME TO that
/// named it in the up migrations.
bool locate_table(const syntax::MigrationSet* set, const std::string& name, Diagnostics& diags, const std::string& code,
                  const std::string& message) {
  if (set == nullptr) return false;
  const SourceFile* file = nullptr;
  syntax::Span span;
  for (const auto& m : set->migrations) {
    if (!m.up) continue;
    for (const auto& st : m.up_parsed.statements) {
      const syntax::Name* n = nullptr;
      if (const auto* ct = std::get_if<syntax::CreateTable>(&st->body)) n = &ct->name;
      if (const auto* cv = std::get_if<syntax::CreateView>(&st->body)) n = &cv->name;
      if (const auto* vt = std::get_if<syntax::CreateVirtualTable>(&st->body)) n = &vt->name;
      if (const auto* at = std::get_if<syntax::AlterTable>(&st->body);
          at && at->kind == syntax::AlterTable::Kind::RenameTable)
        n = &at->new_name;
      if (n && syntax::same_name(n->text, name)) {
        file = m.up.get();
        span = n->span;
      }
    }
  }
  if (file == nullptr) return false;
  diags.add(Severity::Error, code, *file, span.begin, span.end, message);
  return true;
}

/// Names every table and view (identifiers.hpp); two that want one row type are E0801, located.
bool assign_table_names(std::vector<Tab>& tables, std::vector<Tab>& views, const EmitOptions& options,
                        Diagnostics& diags) {
  std::vector<NameRequest> requests;
  std::vector<Tab*> all;
  for (auto* list : {&tables, &views}) {
    for (auto& t : *list) {
      NameRequest r;
      r.name = t.name;
      r.view = t.view != nullptr;
      for (const auto& c : t.cols) {
        if (!c.enum_values.empty()) r.enum_columns.push_back(c.name);
      }
      requests.push_back(r);
      all.push_back(&t);
    }
  }
  std::vector<NameClash> clashes;
  auto names = assign_names(requests, clashes);
  for (size_t i = 0; i < all.size(); ++i) {
    all[i]->n = names[i];
    name_enums(*all[i]);
  }
  for (const auto& c : clashes) {
    const std::string& a = requests[c.first].name;
    const std::string& b = requests[c.second].name;
    std::string message = "tables '" + a + "' and '" + b + "' both map to the TypeScript type '" + c.row + "'";
    if (!locate_table(options.sources, b, diags, "E0801", message))
      diags.add_file(Severity::Error, "E0801", "", message);
    diags.items().back().notes.push_back("rename one of the tables in a migration (ALTER TABLE " + b +
                                         " RENAME TO ...)");
  }
  return clashes.empty();
}

/// The relations of every table, from the planned names.
std::vector<std::vector<Relation>> plan_relations(const std::vector<Tab>& tables, const EmitOptions& options) {
  RelationInput rin;
  for (const auto& t : tables) {
    RelationTable rt;
    rt.table = t.table;
    rt.row = t.n.row;
    rt.meta = t.n.meta;
    for (const auto& c : t.cols) rt.properties.push_back(c.prop);
    rin.tables.push_back(std::move(rt));
  }
  return compute_relations(rin, options.relation_names);
}

}  // namespace

Plan plan_typescript(const model::Schema& schema, const EmitOptions& options, Diagnostics& diags) {
  Plan plan;
  for (const auto& t : schema.tables) plan.tables.push_back(make_table(t, options));
  for (const auto& v : schema.views) plan.views.push_back(make_view(v, schema, options));
  size_t errors_before = diags.error_count();
  if (!assign_table_names(plan.tables, plan.views, options, diags)) return plan;
  plan.relations = plan_relations(plan.tables, options);
  plan.auth = plan_nextauth(schema, options, diags);
  plan.ok = diags.error_count() == errors_before;
  return plan;
}

}  // namespace noormc::emit
