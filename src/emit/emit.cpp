#include "emit/emit.hpp"

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "checks/sha256.hpp"
#include "emit/identifiers.hpp"
#include "emit/naming.hpp"
#include "emit/nextauth.hpp"
#include "emit/relations.hpp"
#include "emit/render.hpp"
#include "emit/templates.hpp"
#include "emit/types.hpp"
#include "syntax/ast.hpp"

namespace noormc::emit {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

// ---------------------------------------------------------------- small formatting helpers

static std::string bool_text(bool b) {
  return b ? "true" : "false";
}

/// Sorts value names, then `type` names, each in byte order; removes duplicates.
static std::vector<std::string> import_list(const std::set<std::string>& values, const std::set<std::string>& types) {
  std::vector<std::string> out(values.begin(), values.end());
  for (const auto& t : types) out.push_back("type " + t);
  return out;
}

static data string_list_data(const std::vector<std::string>& items) {
  data list{data::type::list};
  for (const auto& i : items) list.push_back(data(i));
  return list;
}

// ---------------------------------------------------------------- the emit model

struct Col {
  const model::Column* c = nullptr;
  std::string name, prop;
  size_t index = 0;
  std::string sql_type, kind, ts_type, ts_type_not_null;
  bool nullable = false, has_default = false, optional_in_new = false;
  int primary_key = 0;
  std::string generated;  // "", "virtual", "stored"
  std::vector<std::string> enum_values;
  std::string enum_type;
  std::string read_expr;
  Storage storage = Storage::Any;
  bool safe_integers = false;
  bool is_key = false, writable = true;
};

struct Tab {
  const model::Table* table = nullptr;  // null for a view
  const model::View* view = nullptr;
  std::string name;
  TableNames n;
  std::vector<Col> cols;
  std::vector<size_t> key_cols;  // indexes into cols, key order
  bool safe_integers = false;
  bool has_key() const { return !key_cols.empty(); }
};

static void read_conversion(Col& col, Storage s, bool safe_integers) {
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

/// The kind noormme's defineTable gives a declared type when schema.ts names
/// none: runtime-ts/src/meta.ts defaultKind, line for line (ASCII case folding).
static std::string runtime_default_kind(const std::string& sql_type) {
  std::string u;
  for (char ch : sql_type) u.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
  std::string w;
  for (char ch : u) {
    bool word = (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    if (word)
      w.push_back(ch);
    else if (!w.empty())
      break;
  }
  auto has = [&](const char* part) { return u.find(part) != std::string::npos; };
  if (w == "BOOLEAN" || w == "BOOL") return "boolean";
  if (w == "DATE" || w == "DATETIME" || w == "TIMESTAMP" || w == "TIMESTAMPTZ") return "date";
  if (w == "JSON" || w == "JSONB") return "json";
  if (u.empty() || w == "ANY") return "any";
  if (has("INT")) return "integer";
  if (has("CHAR") || has("CLOB") || has("TEXT")) return "text";
  if (has("BLOB")) return "blob";
  if (has("REAL") || has("FLOA") || has("DOUB")) return "real";
  return "numeric";
}

using ordered_json = nlohmann::ordered_json;

/// `["id", "INTEGER", {"hasDefault": true, "primaryKey": 1}]`: a column in defineTable's JSON form, the
/// options object holding only what differs from the defaults (runtime-ts/src/meta.ts, ColumnTuple).
static ordered_json column_json(const Col& c) {
  ordered_json opts = ordered_json::object();
  if (c.prop != c.name) opts["property"] = c.prop;
  if (!c.enum_type.empty()) opts["tsType"] = c.enum_type;
  if (c.kind != runtime_default_kind(c.sql_type)) opts["kind"] = c.kind;
  if (c.nullable) opts["nullable"] = true;
  if (c.has_default) opts["hasDefault"] = true;
  if (c.primary_key > 0) opts["primaryKey"] = c.primary_key;
  if (!c.generated.empty()) opts["generated"] = c.generated;
  if (!c.enum_values.empty()) opts["enumValues"] = c.enum_values;
  ordered_json col = ordered_json::array({c.name, c.sql_type});
  if (!opts.empty()) col.push_back(opts);
  return col;
}

/// JSON text as a TypeScript string literal (names stay exact: JSON escapes, then ts_string escapes).
static std::string json_literal(const ordered_json& j) {
  return ts_string(j.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
}

/// The column of a table or view, typed.
static Col make_column(const model::Column& c, size_t index, bool in_view, bool safe_integers, const EmitOptions& o) {
  TypeOptions topts{o.bigint};
  Col col;
  col.c = &c;
  col.name = c.name;
  col.prop = property_name(c.name, o.camel_case);
  col.index = index;
  col.sql_type = c.type;
  Storage s = storage_of(c, topts);
  col.storage = s;
  col.safe_integers = safe_integers;
  col.kind = storage_name(s);
  col.nullable = in_view || nullable(c);
  col.primary_key = c.primary_key;
  col.generated = c.generated;
  col.writable = c.generated.empty() && !in_view;
  col.has_default = !in_view && (c.default_value.has_value() || c.rowid_alias || c.autoincrement);
  col.optional_in_new = col.has_default || col.nullable;
  std::string base = ts_base_type(c, topts);
  if (!c.check_in.empty() && base.find('\'') == 0) col.enum_values = c.check_in;
  col.ts_type_not_null = base;
  col.ts_type = (col.nullable && base != "unknown") ? base + " | null" : base;
  read_conversion(col, s, safe_integers);
  return col;
}

/// Puts the enum type names (from the table's names) in place of the unions.
static void name_enums(Tab& tab) {
  size_t e = 0;
  for (auto& col : tab.cols) {
    if (col.enum_values.empty()) continue;
    col.enum_type = tab.n.enums[e++];
    col.ts_type_not_null = col.enum_type;
    col.ts_type = col.nullable ? col.enum_type + " | null" : col.enum_type;
    read_conversion(col, col.storage, col.safe_integers);
  }
}

static Tab make_table(const model::Table& t, const EmitOptions& o) {
  Tab tab;
  tab.table = &t;
  tab.name = t.name;
  TypeOptions topts{o.bigint};
  for (const auto& c : t.columns) tab.safe_integers = tab.safe_integers || storage_of(c, topts) == Storage::BigInt;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    tab.cols.push_back(make_column(t.columns[i], i, false, tab.safe_integers, o));
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

static Tab make_view(const model::View& v, const model::Schema& schema, const EmitOptions& o) {
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
    tab.cols.push_back(make_column(c, i, true, false, o));
  }
  return tab;
}

// ---------------------------------------------------------------- mustache data

static data bool_data(bool b) {
  return b ? data::type::bool_true : data::type::bool_false;
}

static void collect_converters(const std::string& expr, std::set<std::string>& out) {
  auto at = expr.find('(');
  if (at == std::string::npos) return;
  std::string fn = expr.substr(0, at);
  if (is_identifier(fn)) out.insert(fn);
}

static data column_data(const Col& c) {
  data d;
  d.set("typeKey", type_key(c.prop));
  d.set("objectKey", object_key(c.prop));
  d.set("tsType", c.ts_type);
  d.set("tsTypeNotNull", c.ts_type_not_null);
  d.set("optionalInNew", bool_data(c.optional_in_new));
  d.set("readExpr", c.read_expr);
  if (!c.generated.empty() && c.c != nullptr) {
    std::string kind = c.generated == "stored" ? "STORED" : "VIRTUAL";
    d.set("generatedDoc", doc_comment("Generated (" + kind + "): " + c.c->generated_expr + ". Read-only."));
  }
  return d;
}

/// The names every template uses for a table or view.
static void name_data(data& d, const Tab& t) {
  d.set("docName", doc_comment(t.name));
  d.set("commentName", line_comment(t.name));
  d.set("nameLiteral", ts_string(t.name));
  d.set("objectKeyName", object_key(t.name));
  d.set("typeKeyName", type_key(t.name));
  d.set("row", t.n.row);
  d.set("newType", t.n.new_type);
  d.set("patchType", t.n.patch);
  d.set("keyType", t.n.key);
  d.set("whereType", t.n.where);
  d.set("orderByType", t.n.order_by);
  d.set("columnType", t.n.column);
  d.set("modelType", t.n.model);
  d.set("includeType", t.n.include);
  d.set("withType", t.n.with);
  d.set("pathType", t.n.path);
  d.set("withPathsType", t.n.with_paths);
  d.set("mapper", t.n.mapper);
  d.set("meta", t.n.meta);
  d.set("repo", t.n.repo);
  d.set("dbKey", t.n.db_key);
  d.set("dbAccess", member_access(t.n.db_name));
  d.set("dbNameLiteral", ts_string(t.n.db_name));
  d.set("kindDoc", t.view ? "view" : "table");
  d.set("repoClass", t.view ? "ViewRepository" : t.has_key() ? "KeyedTableRepository" : "TableRepository");
}

/// The table in defineTable's JSON form (runtime-ts/src/meta.ts, TableJson); fields that are
/// defaults (NO ACTION, not unique, origin 'c', not partial, empty lists) are left out.
static std::string table_json(const Tab& t) {
  ordered_json j = {{"name", t.name}, {"kind", t.view ? "view" : "table"}};
  if (t.table && t.table->without_rowid) j["withoutRowid"] = true;
  if (t.table && t.table->strict) j["strict"] = true;
  ordered_json cols = ordered_json::array();
  for (const auto& c : t.cols) cols.push_back(column_json(c));
  j["columns"] = cols;
  if (t.table) {
    std::vector<std::string> pk;
    for (size_t i : t.key_cols) pk.push_back(t.cols[i].name);
    if (!pk.empty()) j["primaryKey"] = pk;
    ordered_json fks = ordered_json::array(), ixs = ordered_json::array();
    for (const auto& fk : t.table->foreign_keys) {
      ordered_json f = {{"columns", fk.columns}, {"table", fk.table}, {"to", ordered_json::array()}};
      for (const auto& to : fk.to) f["to"].push_back(to ? ordered_json(*to) : ordered_json(nullptr));
      if (fk.on_update != "NO ACTION") f["onUpdate"] = fk.on_update;
      if (fk.on_delete != "NO ACTION") f["onDelete"] = fk.on_delete;
      fks.push_back(f);
    }
    for (const auto& ix : t.table->indexes) {
      ordered_json i = {{"name", ix.name}};
      if (ix.unique) i["unique"] = true;
      if (ix.origin != "c") i["origin"] = ix.origin;
      if (ix.partial) i["partial"] = true;
      i["columns"] = ordered_json::array();
      for (const auto& c : ix.columns) i["columns"].push_back(c ? ordered_json(*c) : ordered_json(nullptr));
      ixs.push_back(i);
    }
    if (!fks.empty()) j["foreignKeys"] = fks;
    if (!ixs.empty()) j["indexes"] = ixs;
  }
  return json_literal(j);
}

/// A table's relations in defineRelations' JSON form: `{"author": ["belongsTo", "users", ["author_id"],
/// ["id"]], ...}`, many-to-many with `[joinTable, targetColumns, targetReferences]` last
/// (runtime-ts/src/relations.ts, RelationTuple).
static std::string relations_json(const std::vector<Relation>& rels) {
  ordered_json j = ordered_json::object();
  for (const auto& r : rels) {
    ordered_json x = ordered_json::array({r.kind, r.target_table, r.columns, r.references});
    if (!r.through_table.empty())
      x.push_back(ordered_json::array({r.through_table, r.through_target_columns, r.through_target_references}));
    j[r.name] = x;
  }
  return json_literal(j);
}

static data relations_data(const std::vector<Relation>& rels) {
  data rl{data::type::list};
  for (const auto& r : rels) {
    data x;
    x.set("key", type_key(r.name));
    x.set("objectKey", object_key(r.name));
    x.set("relationType", r.many ? "ToMany<" + ts_string(r.target_table) + ">"
                                 : "ToOne<" + ts_string(r.target_table) + ", " + bool_text(r.nullable) + ">");
    rl.push_back(x);
  }
  return rl;
}

static data table_data(const Tab& t, const std::vector<Relation>& rels) {
  data d;
  name_data(d, t);
  d.set("safeIntegers", bool_data(t.safe_integers));
  data cols{data::type::list}, writable{data::type::list}, keys{data::type::list}, enums{data::type::list};
  for (const auto& c : t.cols) {
    data cd = column_data(c);
    if (c.writable) writable.push_back(cd);
    cols.push_back(std::move(cd));
    if (!c.enum_values.empty()) {
      data e;
      std::string values;
      for (const auto& v : c.enum_values) values += (values.empty() ? "" : " | ") + ts_string(v);
      e.set("typeName", c.enum_type);
      e.set("values", values);
      e.set("docValues", doc_comment(values));
      e.set("docColumn", doc_comment(c.name));
      enums.push_back(e);
    }
  }
  for (size_t i : t.key_cols) keys.push_back(column_data(t.cols[i]));
  d.set("columns", cols);
  d.set("writable", writable);
  d.set("keyColumns", keys);
  d.set("enums", enums);
  d.set("hasKey", bool_data(t.has_key()));
  if (t.has_key()) d.set("idType", t.key_cols.size() == 1 ? t.cols[t.key_cols[0]].ts_type_not_null : t.n.key);
  if (t.table) {
    d.set("withoutRowid", bool_data(t.table->without_rowid));
    d.set("strict", bool_data(t.table->strict));
  }
  d.set("tableJson", table_json(t));
  d.set("relationsJson", relations_json(rels));
  d.set("relations", relations_data(rels));
  d.set("hasRelations", bool_data(!rels.empty()));
  return d;
}

/// migrations.ts: a migration's statements as [line, sql] pairs.
static ordered_json statement_list(const std::vector<checks::RunnableStatement>& statements) {
  ordered_json list = ordered_json::array();
  for (const auto& st : statements) list.push_back(ordered_json::array({st.line, st.sql}));
  return list;
}

/// migrations.ts: one migration as JSON text in a string literal.
static std::string migration_json(const EmbeddedMigration& m) {
  ordered_json j = {{"name", m.name}, {"checksum", m.checksum}, {"up", statement_list(m.up)}};
  j["down"] = m.down ? statement_list(*m.down) : ordered_json(nullptr);
  return json_literal(j);
}

std::vector<EmbeddedMigration> embedded_migrations(const syntax::MigrationSet& set) {
  std::vector<EmbeddedMigration> out;
  for (const auto& m : set.migrations) {
    if (!m.up) continue;
    EmbeddedMigration e;
    e.name = m.id;
    e.checksum = checks::to_hex(checks::sha256(m.up->text()));
    e.up = checks::runnable_statements(m.up_parsed, *m.up);
    if (m.down) e.down = checks::runnable_statements(m.down_parsed, *m.down);
    out.push_back(std::move(e));
  }
  return out;
}

/// Where a table got its name: the last CREATE TABLE / VIEW or RENAME TO that
/// named it in the up migrations.
static bool locate_table(const syntax::MigrationSet* set, const std::string& name, Diagnostics& diags,
                         const std::string& code, const std::string& message) {
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
static bool assign_table_names(std::vector<Tab>& tables, std::vector<Tab>& views, const EmitOptions& options,
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

// The identity of one generation of generated code: the first 16 hex digits of
// the SHA-256 of every other file's name and text. getDb() passes it to
// singleton(), so a dev server replaces a connection opened by older code.
static std::string generation(const std::vector<OutputFile>& files) {
  std::string all;
  for (const auto& f : files) all += f.name + '\0' + f.content + '\0';
  return checks::to_hex(checks::sha256(all)).substr(0, 16);
}

std::vector<OutputFile> emit_typescript(const model::Schema& schema, const std::vector<EmbeddedMigration>& migrations,
                                        const EmitOptions& options, Diagnostics& diags) {
  std::vector<Tab> tables, views;
  for (const auto& t : schema.tables) tables.push_back(make_table(t, options));
  for (const auto& v : schema.views) views.push_back(make_view(v, schema, options));
  if (!assign_table_names(tables, views, options, diags)) return {};

  RelationInput rin;
  for (const auto& t : tables) {
    RelationTable rt;
    rt.table = t.table;
    rt.row = t.n.row;
    rt.meta = t.n.meta;
    for (const auto& c : t.cols) rt.properties.push_back(c.prop);
    rin.tables.push_back(rt);
  }
  auto relations = compute_relations(rin, options.relation_names);

  data ctx;
  data tl{data::type::list}, vl{data::type::list}, all{data::type::list}, renamed{data::type::list};
  for (size_t i = 0; i < tables.size(); ++i) tl.push_back(table_data(tables[i], relations[i]));
  for (const auto& v : views) vl.push_back(table_data(v, {}));
  std::set<std::string> index_values{"TableNotFoundError", "migrateConnection", "migrationStatus", "openConnection",
                                     "singleton"};
  std::set<std::string> index_types{
      "Connection", "DbOptions as RuntimeDbOptions", "MigrateOptions", "MigrateResult", "MigrationStatus", "TableMeta"};
  std::set<std::string> index_schema{"tables"}, repo_types, repo_runtime, model_types;
  for (const auto* list : {&tables, &views}) {
    for (const auto& t : *list) {
      data a;
      name_data(a, t);
      all.push_back(a);
      if (t.n.db_name != t.name) renamed.push_back(a);
      std::string cls = t.view ? "ViewRepository" : t.has_key() ? "KeyedTableRepository" : "TableRepository";
      index_values.insert(cls);
      repo_runtime.insert(cls);
      index_schema.insert(t.n.meta);
      repo_types.insert(t.n.repo);
      model_types.insert(t.n.model);
    }
  }
  if (!model_types.empty()) model_types.insert("Models");
  std::vector<std::string> index_models{"relations"};
  for (const auto& m : model_types) index_models.push_back("type " + m);
  ctx.set("indexModelImports", string_list_data(index_models));
  std::vector<std::string> index_schema_list(index_schema.begin(), index_schema.end());
  index_schema_list.push_back("type TableName");
  ctx.set("tables", tl);
  ctx.set("views", vl);
  ctx.set("all", all);
  ctx.set("hasRenamed", bool_data(!renamed.is_empty_list()));
  ctx.set("renamed", renamed);
  ctx.set("indexRuntimeImports", string_list_data(import_list(index_values, index_types)));
  ctx.set("indexSchemaImports", string_list_data(index_schema_list));
  ctx.set("repositoryImports", string_list_data(std::vector<std::string>(repo_types.begin(), repo_types.end())));
  ctx.set("hasRepositories", bool_data(!repo_types.empty()));
  ctx.set("runtimeImports", string_list_data(std::vector<std::string>(repo_runtime.begin(), repo_runtime.end())));
  ctx.set("modelImports", string_list_data(std::vector<std::string>(model_types.begin(), model_types.end())));

  // schema.ts: defineTable, the converters the mappers use, Where and OrderBy.
  std::set<std::string> schema_values{"defineTable"}, schema_types{"OrderBy", "TableMeta", "Where"};
  for (const auto* list : {&tables, &views}) {
    for (const auto& t : *list) {
      for (const auto& c : t.cols) collect_converters(c.read_expr, schema_values);
    }
  }
  ctx.set("imports", string_list_data(import_list(schema_values, schema_types)));

  // relations.ts imports tables and each table's types.
  std::set<std::string> relt;
  for (const auto* list : {&tables, &views}) {
    for (const auto& t : *list) {
      relt.insert(t.n.row);
      if (t.table) relt.insert(t.n.new_type);
      if (t.has_key()) relt.insert(t.n.key);
    }
  }
  data rctx = ctx;
  rctx.set("schemaImports", string_list_data(import_list({"tables"}, relt)));
  // Import ToMany / ToOne only when a relation uses them (unused imports fail
  // create-next-app's ESLint config with warnings).
  bool to_many = false, to_one = false;
  for (const auto& rels : relations) {
    for (const auto& r : rels) (r.many ? to_many : to_one) = true;
  }
  rctx.set("usesToMany", bool_data(to_many));
  rctx.set("usesToOne", bool_data(to_one));

  ctx.set("database", ts_string(options.database));
  ctx.set("ext", options.import_extension);
  rctx.set("ext", options.import_extension);

  // migrations.ts
  data ml{data::type::list};
  for (const auto& m : migrations) {
    data x;
    x.set("json", migration_json(m));
    ml.push_back(x);
  }
  ctx.set("migrations", ml);

  std::vector<OutputFile> out;
  auto auth = emit_nextauth(schema, options, diags);
  if (auth) ctx.set("nextauth", data::type::bool_true);
  out.push_back({"migrations.ts", render_template("migrations.ts.mustache", ctx, diags)});
  out.push_back({"relations.ts", render_template("relations.ts.mustache", rctx, diags)});
  out.push_back({"repositories.ts", render_template("repositories.ts.mustache", ctx, diags)});
  out.push_back({"schema.ts", render_template("schema.ts.mustache", ctx, diags)});
  if (auth) out.push_back(*auth);
  ctx.set("generation", generation(out));
  out.insert(out.begin(), {"index.ts", render_template("index.ts.mustache", ctx, diags)});
  std::string attributes = "# @generated by noormc: GitHub and other tools treat these files as generated.\n";
  for (const auto& f : out) attributes += f.name + " linguist-generated=true\n";
  out.push_back({".gitattributes", attributes});
  if (diags.has_errors()) return {};
  return out;
}

}  // namespace noormc::emit
