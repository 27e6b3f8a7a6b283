// `noormc inspect [TABLE] [--json] [--db FILE]`
#include "cli/inspect.hpp"

#include "cli/commands.hpp"

#include <iostream>
#include <sstream>

#include "checks/checks.hpp"
#include "emit/naming.hpp"
#include "emit/relations.hpp"
#include "emit/types.hpp"
#include "model/from_db.hpp"
#include "syntax/folder.hpp"

namespace noormc::cli {

std::optional<model::Schema> load_schema(const Options& o, const std::optional<std::string>& db, Diagnostics& diags,
                                         int& exit_code) {
  if (db) {
    std::string error;
    auto s = model::schema_from_file(*db, error);
    if (!s) {
      diags.add_file(Severity::Error, "E0007", *db, "cannot read database: " + error);
      exit_code = kInternal;
    }
    return s;
  }
  auto set = syntax::load_migrations(o.migrations, diags);
  if (!set.exists) {
    exit_code = kInputError;
    return std::nullopt;
  }
  // The same judgement of the folder as check and build (checks::run_checks
  // with build's options): a fault one of them reports, inspect reports with
  // the same code, place and words.
  checks::CheckOptions copts;
  copts.missing_sum_warns = false;
  auto judged = judge_folder(o, set, copts, diags);
  if (!judged.ok) {
    exit_code = kInputError;
    return std::nullopt;
  }
  return std::move(judged.result.schema);
}

static std::string pad(const std::string& s, size_t w) {
  return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
}

static std::string table_text(const model::Table& t, const model::Schema& s) {
  std::ostringstream out;
  out << "table " << t.name;
  if (t.virtual_module) out << " (virtual, " << *t.virtual_module << ")";
  if (t.without_rowid) out << " WITHOUT ROWID";
  if (t.strict) out << " STRICT";
  out << "\n";
  size_t wn = 6, wt = 4, wts = 7;
  emit::TypeOptions opts;
  for (const auto& c : t.columns) {
    wn = std::max(wn, c.name.size());
    wt = std::max(wt, c.type.size());
    wts = std::max(wts, emit::ts_row_type(c, opts).size());
  }
  out << "  " << pad("column", wn) << "  " << pad("type", wt) << "  " << pad("TS type", wts) << "  details\n";
  for (const auto& c : t.columns) {
    std::string details;
    if (c.primary_key) details += c.rowid_alias ? "primary key (rowid) " : "primary key ";
    if (c.autoincrement) details += "autoincrement ";
    if (c.not_null) details += "not null ";
    if (c.unique && !c.primary_key) details += "unique ";
    if (c.default_value) details += "default " + *c.default_value + " ";
    if (!c.generated.empty()) details += "generated " + c.generated + " ";
    out << "  " << pad(c.name, wn) << "  " << pad(c.type, wt) << "  " << pad(emit::ts_row_type(c, opts), wts) << "  "
        << details << "\n";
  }
  if (!t.foreign_keys.empty()) {
    out << "  foreign keys:\n";
    for (const auto& fk : t.foreign_keys) {
      out << "    (";
      for (size_t i = 0; i < fk.columns.size(); ++i) out << (i ? ", " : "") << fk.columns[i];
      out << ") → " << fk.table << "(";
      for (size_t i = 0; i < fk.to.size(); ++i) out << (i ? ", " : "") << (fk.to[i] ? *fk.to[i] : "?");
      out << ") on delete " << fk.on_delete << ", on update " << fk.on_update << "\n";
    }
  }
  if (!t.indexes.empty()) {
    out << "  indexes:\n";
    for (const auto& ix : t.indexes) {
      out << "    " << ix.name << (ix.unique ? " unique" : "") << (ix.partial ? " partial" : "") << " (";
      for (size_t i = 0; i < ix.columns.size(); ++i)
        out << (i ? ", " : "") << (ix.columns[i] ? *ix.columns[i] : "<expr>");
      out << ")\n";
    }
  }
  // The relations the generated code offers (docs/reference/relations.md).
  emit::RelationInput rin;
  size_t self = 0;
  for (size_t i = 0; i < s.tables.size(); ++i) {
    emit::RelationTable rt;
    rt.table = &s.tables[i];
    rt.row = emit::type_name(s.tables[i].name);
    rt.meta = emit::table_meta_name(s.tables[i].name);
    for (const auto& c : s.tables[i].columns) rt.properties.push_back(c.name);
    if (&s.tables[i] == &t) self = i;
    rin.tables.push_back(rt);
  }
  auto rels = emit::compute_relations(rin, {});
  if (self < rels.size() && !rels[self].empty()) {
    out << "  relations:\n";
    for (const auto& r : rels[self]) {
      out << "    " << r.name << ": " << r.kind << " " << r.target_row << (r.many ? "[]" : r.nullable ? " | null" : "");
      if (!r.through_table.empty()) out << " through " << r.through_table;
      out << "\n";
    }
  }
  std::vector<std::string> refs;
  for (const auto& other : s.tables) {
    for (const auto& fk : other.foreign_keys) {
      if (syntax::same_name(fk.table, t.name)) {
        std::string cols;
        for (size_t i = 0; i < fk.columns.size(); ++i) cols += (i ? ", " : "") + fk.columns[i];
        refs.push_back(other.name + "(" + cols + ")");
      }
    }
  }
  if (!refs.empty()) {
    out << "  referenced by:\n";
    for (const auto& r : refs) out << "    " << r << "\n";
  }
  return out.str();
}

/// `inspect --json` of the folder: the stored judgement's schema when there is one.
static int inspect_json(const Options& o) {
  Diagnostics diags;
  checks::CheckOptions copts;
  copts.missing_sum_warns = false;  // build's options, as load_schema
  auto verdict = judge_cached(o, copts, diags);
  print_diagnostics(diags, o);
  if (!verdict.exists || !verdict.judgement.ok) return kInputError;
  std::cout << verdict.judgement.schema_json << "\n";
  leave_to_exit(std::move(verdict));
  return kOk;
}

int run_inspect(const Options& o, const std::optional<std::string>& table, bool json,
                const std::optional<std::string>& db) {
  Diagnostics diags;
  int exit_code = kOk;
  if (json && !table && !db) return inspect_json(o);
  auto schema = load_schema(o, db, diags, exit_code);
  if (!schema) {
    print_diagnostics(diags, o);
    return exit_code == kOk ? kInputError : exit_code;
  }
  if (table) {
    const model::Table* t = schema->table(*table);
    if (!t) {
      std::vector<std::string> names;
      for (const auto& x : schema->tables) names.push_back(x.name);
      diags.add_file(Severity::Error, "E0201", "", "no such table '" + *table + "'")
          .notes.push_back(did_you_mean_note(*table, names, "tables"));
      print_diagnostics(diags, o);
      return kInputError;
    }
    print_diagnostics(diags, o);
    if (json) {
      std::cout << model::to_json_text(*t) << "\n";
    } else {
      std::cout << table_text(*t, *schema);
    }
    return kOk;
  }
  print_diagnostics(diags, o);
  if (json) {
    std::cout << model::to_json_text(*schema) << "\n";
    return kOk;
  }
  for (const auto& t : schema->tables) std::cout << table_text(t, *schema) << "\n";
  for (const auto& v : schema->views) {
    std::cout << "view " << v.name << " (";
    for (size_t i = 0; i < v.columns.size(); ++i) std::cout << (i ? ", " : "") << v.columns[i].name;
    std::cout << ")\n";
  }
  for (const auto& t : schema->triggers) std::cout << "trigger " << t.name << " on " << t.table << "\n";
  return kOk;
}

void add_inspect(CLI::App& app, Options& o, std::vector<Command>& out) {
  auto* sub = app.add_subcommand("inspect", "print the schema after all migrations (or of --db FILE)");
  add_common_options(sub, o);
  auto table = std::make_shared<std::optional<std::string>>();
  auto db = std::make_shared<std::optional<std::string>>();
  auto json = std::make_shared<bool>(false);
  sub->add_option("table", *table, "one table");
  sub->add_flag("--json", *json, "the schema model as JSON (docs/reference/contract.md#5-the-schema-model)");
  sub->add_option("--db", *db, "read the schema of a live database instead");
  out.push_back({sub, [&o, table, db, json] { return run_inspect(o, *table, *json, *db); }});
}

}  // namespace noormc::cli
