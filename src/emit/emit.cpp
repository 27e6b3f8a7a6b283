#include "emit/emit.hpp"

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <set>
#include <sstream>

#include "checks/sha256.hpp"
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

std::string js_string(std::string_view s) {
  std::string out = "'";
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\'') {
      out += "\\'";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "'";
}

static std::string upper_snake(std::string_view name) {
  std::string out;
  for (const auto& w : words(name)) {
    if (!out.empty()) out += "_";
    for (char c : w) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "T_" + out;
  return out;
}

static std::string list_of(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

static std::string string_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& i : items) quoted.push_back(ts_string(i));
  return list_of(quoted);
}

static std::string optional_string_list(const std::vector<std::optional<std::string>>& items) {
  std::vector<std::string> quoted;
  for (const auto& i : items) quoted.push_back(i ? ts_string(*i) : "null");
  return list_of(quoted);
}

static std::string bool_text(bool b) {
  return b ? "true" : "false";
}

/// `  name: [],` / `  name: [one],` / `  name: [\n    a,\n    b,\n  ],`
static std::string block(const std::string& name, const std::vector<std::string>& items) {
  if (items.empty()) return "  " + name + ": [],";
  if (items.size() == 1) return "  " + name + ": [" + items[0] + "],";
  std::string out = "  " + name + ": [\n";
  for (const auto& i : items) out += "    " + i + ",\n";
  return out + "  ],";
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
  std::string name, prop, prop_key, prop_access;
  size_t index = 0;
  std::string bit;
  std::string sql_type, kind, ts_type, ts_type_not_null;
  bool nullable = false, has_default = false, optional_in_new = false;
  int primary_key = 0;
  std::string generated;  // "", "virtual", "stored"
  std::vector<std::string> enum_values;
  std::string enum_type;
  std::string read_expr, write_expr;
  bool is_key = false, writable = true;
};

struct Tab {
  const model::Table* table = nullptr;  // null for a view
  const model::View* view = nullptr;
  std::string name, row, meta, repo, sql_prefix, key, key_access;
  std::vector<Col> cols;
  std::vector<size_t> key_cols;  // indexes into cols, key order
  bool safe_integers = false;
  bool has_key() const { return !key_cols.empty(); }
};

static std::string kind_name(Storage s) {
  return storage_name(s);
}

static void conversions(Col& col, Storage s, bool safe_integers) {
  const std::string r = "r[" + std::to_string(col.index) + "]";
  const bool n = col.nullable;
  switch (s) {
    case Storage::Integer:
    case Storage::Real:
    case Storage::Numeric:
      if (safe_integers) {
        col.read_expr = (n ? "numberOrNullFromDb(" : "numberFromDb(") + r + ")";
      } else {
        col.read_expr = r + " as " + col.ts_type;
      }
      col.write_expr = "v";
      break;
    case Storage::BigInt:
      col.read_expr = (n ? "bigintOrNullFromDb(" : "bigintFromDb(") + r + ")";
      col.write_expr = "bigintToDb(v)";
      break;
    case Storage::Text:
      col.read_expr = r + " as " + col.ts_type;
      col.write_expr = "v";
      break;
    case Storage::Blob:
      col.read_expr = r + " as " + col.ts_type;
      col.write_expr = "bufferToDb(v)";
      break;
    case Storage::Boolean:
      col.read_expr = (n ? "boolOrNullFromDb(" : "boolFromDb(") + r + ")";
      col.write_expr = n ? "boolOrNullToDb(v)" : "boolToDb(v)";
      break;
    case Storage::Date:
      col.read_expr = (n ? "dateOrNullFromDb(" : "dateFromDb(") + r + ")";
      col.write_expr = n ? "dateOrNullToDb(v)" : "dateToDb(v)";
      break;
    case Storage::Json:
      col.read_expr = "jsonFromDb(" + r + ")";
      col.write_expr = "jsonToDb(v)";
      break;
    case Storage::Any:
      col.read_expr = r;
      col.write_expr = "v";
      break;
  }
}

static std::string meta_line(const Col& c) {
  std::string enums = c.enum_values.empty() ? "null" : string_list(c.enum_values);
  return "{ name: " + ts_string(c.name) + ", property: " + ts_string(c.prop) + ", sqlType: " + ts_string(c.sql_type) +
         ", tsType: " + ts_string(c.ts_type) + ", kind: '" + c.kind + "', nullable: " + bool_text(c.nullable) +
         ", hasDefault: " + bool_text(c.has_default) + ", primaryKey: " + std::to_string(c.primary_key) +
         ", generated: " + (c.generated.empty() ? std::string("null") : ts_string(c.generated)) +
         ", enumValues: " + enums + " }";
}

static std::string property_access(const std::string& prop) {
  return is_identifier(prop) ? "." + prop : "[" + ts_string(prop) + "]";
}

/// Reads a column's property of `object`: an own property only, so a column
/// named like an Object.prototype member (constructor, toString, __proto__)
/// is never taken from the prototype.
static std::string own_read(const std::string& object, const std::string& prop) {
  if (!is_object_prototype_member(prop)) return object + property_access(prop);
  return "(Object.prototype.hasOwnProperty.call(" + object + ", " + ts_string(prop) + ") ? " + object + "[" +
         ts_string(prop) + "] : undefined)";
}

/// The column of a table or view, typed.
static Col make_column(const model::Column& c, size_t index, const std::string& row, bool in_view, bool safe_integers,
                       const EmitOptions& o) {
  TypeOptions topts{o.bigint};
  Col col;
  col.c = &c;
  col.name = c.name;
  col.prop = property_name(c.name, o.camel_case);
  col.prop_key = property_key(col.prop);
  col.prop_access = property_access(col.prop);
  col.index = index;
  col.bit = std::to_string(1ULL << std::min<size_t>(index, 62));
  if (index > 52) col.bit = "2 ** " + std::to_string(index);
  col.sql_type = c.type;
  Storage s = storage_of(c, topts);
  col.kind = kind_name(s);
  col.nullable = in_view || nullable(c);
  col.primary_key = c.primary_key;
  col.generated = c.generated;
  col.writable = c.generated.empty() && !in_view;
  col.has_default = !in_view && (c.default_value.has_value() || c.rowid_alias || c.autoincrement);
  col.optional_in_new = col.has_default || col.nullable;
  std::string base = ts_base_type(c, topts);
  if (!c.check_in.empty() && base.find('\'') == 0) {
    col.enum_values = c.check_in;
    col.enum_type = row + pascal(c.name);
    base = col.enum_type;
  }
  col.ts_type_not_null = base;
  col.ts_type = (col.nullable && base != "unknown") ? base + " | null" : base;
  conversions(col, s, safe_integers);
  return col;
}

static Tab make_table(const model::Table& t, const EmitOptions& o) {
  Tab tab;
  tab.table = &t;
  tab.name = t.name;
  tab.row = type_name(t.name);
  tab.meta = table_meta_name(t.name);
  tab.repo = pascal(t.name) + "Repository";
  tab.sql_prefix = upper_snake(t.name);
  tab.key = property_key(t.name);
  tab.key_access = property_access(t.name);
  TypeOptions topts{o.bigint};
  for (const auto& c : t.columns) tab.safe_integers = tab.safe_integers || storage_of(c, topts) == Storage::BigInt;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    tab.cols.push_back(make_column(t.columns[i], i, tab.row, false, tab.safe_integers, o));
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
  tab.row = type_name(v.name);
  tab.meta = safe_identifier(camel(v.name)) + "View";
  tab.repo = pascal(v.name) + "Repository";
  tab.sql_prefix = upper_snake(v.name);
  tab.key = property_key(v.name);
  tab.key_access = property_access(v.name);
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
    tab.cols.push_back(make_column(c, i, tab.row, true, false, o));
  }
  return tab;
}

static std::string select_list(const Tab& t, const std::string& prefix = "") {
  std::string out;
  for (size_t i = 0; i < t.cols.size(); ++i) out += (i ? ", " : "") + prefix + sql_ident(t.cols[i].name);
  return out;
}

/// The bound value of a key column: converted when its kind converts.
static std::string key_value(const Col& c, const std::string& expr) {
  std::string w = c.write_expr;
  if (w == "v") return expr;
  auto at = w.find("(v)");
  return w.substr(0, at) + "(" + expr + ")";
}

// ---------------------------------------------------------------- mustache data

static void collect_converters(const std::string& expr, std::set<std::string>& out) {
  auto at = expr.find('(');
  if (at == std::string::npos) return;
  std::string fn = expr.substr(0, at);
  if (is_identifier(fn)) out.insert(fn);
}

static data column_data(const Col& c) {
  data d;
  d.set("name", c.name);
  d.set("prop", c.prop_key);
  d.set("propAccess", c.prop_access);
  d.set("dataRead", own_read("d", c.prop));
  d.set("tsType", c.ts_type);
  d.set("tsTypeNotNull", c.ts_type_not_null);
  d.set("optionalInNew", c.optional_in_new ? data::type::bool_true : data::type::bool_false);
  d.set("isKey", c.is_key ? data::type::bool_true : data::type::bool_false);
  d.set("bit", c.bit);
  d.set("writeExpr", c.write_expr);
  d.set("readExpr", c.read_expr);
  d.set("metaLine", meta_line(c));
  if (!c.generated.empty()) {
    std::string kind = c.generated == "stored" ? "STORED" : "VIRTUAL";
    d.set("generatedDoc", "Generated (" + kind + "): " + c.c->generated_expr + ". Read-only.");
  }
  return d;
}

static data table_data(const Tab& t, const std::vector<Relation>& rels) {
  data d;
  d.set("name", t.name);
  d.set("nameLiteral", ts_string(t.name));
  d.set("row", t.row);
  d.set("meta", t.meta);
  d.set("repo", t.repo);
  d.set("key", t.key);
  d.set("keyAccess", t.key_access);
  d.set("sqlPrefix", t.sql_prefix);
  d.set("safeIntegers", t.safe_integers ? data::type::bool_true : data::type::bool_false);
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
      e.set("column", c.name);
      enums.push_back(e);
    }
  }
  for (size_t i : t.key_cols) {
    data k = column_data(t.cols[i]);
    k.set("keyPush", key_value(t.cols[i], own_read("data", t.cols[i].prop)));
    keys.push_back(k);
  }
  d.set("columns", cols);
  d.set("writable", writable);
  d.set("keyColumns", keys);
  d.set("enums", enums);
  d.set("hasKey", t.has_key() ? data::type::bool_true : data::type::bool_false);
  if (t.table) {
    d.set("withoutRowid", bool_text(t.table->without_rowid));
    d.set("strict", bool_text(t.table->strict));
    std::vector<std::string> pk;
    for (size_t i : t.key_cols) pk.push_back(t.cols[i].name);
    d.set("primaryKeyList", string_list(pk));
    std::vector<std::string> fks, ixs;
    for (const auto& fk : t.table->foreign_keys) {
      fks.push_back("{ columns: " + string_list(fk.columns) + ", table: " + ts_string(fk.table) +
                    ", to: " + optional_string_list(fk.to) + ", onUpdate: " + ts_string(fk.on_update) +
                    ", onDelete: " + ts_string(fk.on_delete) + " }");
    }
    for (const auto& ix : t.table->indexes) {
      ixs.push_back("{ name: " + ts_string(ix.name) + ", unique: " + bool_text(ix.unique) +
                    ", origin: " + ts_string(ix.origin) + ", partial: " + bool_text(ix.partial) +
                    ", columns: " + optional_string_list(ix.columns) + " }");
    }
    d.set("foreignKeysBlock", block("foreignKeys", fks));
    d.set("indexesBlock", block("indexes", ixs));
  }
  // Repository SQL and key handling.
  d.set("selectSql", ts_string("SELECT " + select_list(t) + " FROM " + sql_ident(t.name)));
  if (t.has_key()) {
    std::string where;
    for (size_t k = 0; k < t.key_cols.size(); ++k)
      where += (k ? " AND " : "") + sql_ident(t.cols[t.key_cols[k]].name) + " = ?";
    d.set("findByIdSql", ts_string("SELECT " + select_list(t) + " FROM " + sql_ident(t.name) + " WHERE " + where));
    d.set("deleteByIdSql", ts_string("DELETE FROM " + sql_ident(t.name) + " WHERE " + where));
    if (t.key_cols.size() == 1) {
      const Col& k = t.cols[t.key_cols[0]];
      d.set("keyParam", "id: " + k.ts_type_not_null);
      d.set("keyName", "id");
      bool object_kind = k.kind == "date" || k.kind == "blob";
      d.set("keyGuard", std::string(object_kind ? "if (id === null || id === undefined)"
                                                : "if (id === null || typeof id === 'object')") +
                            " throw badKey(" + t.meta + ", id);");
      d.set("keyArgs", key_value(k, "id"));
      d.set("missingKeyCheck", own_read("data", k.prop) + " === undefined");
      d.set("findByIdFromData", own_read("data", k.prop));
    } else {
      d.set("keyParam", "key: " + t.row + "Key");
      d.set("keyName", "key");
      d.set("keyGuard", "if (typeof key !== 'object' || key === null) throw badKey(" + t.meta + ", key);");
      std::string args, missing, from;
      for (size_t k = 0; k < t.key_cols.size(); ++k) {
        const Col& c = t.cols[t.key_cols[k]];
        args += (k ? ", " : "") + key_value(c, own_read("key", c.prop));
        missing += (k ? " || " : "") + own_read("data", c.prop) + " === undefined";
        from += (k ? ", " : "") + c.prop_key + ": " + own_read("data", c.prop);
      }
      d.set("keyArgs", args);
      d.set("missingKeyCheck", missing);
      d.set("findByIdFromData", "{ " + from + " }");
    }
  }
  // Relations.
  data rl{data::type::list};
  for (const auto& r : rels) {
    data x;
    x.set("key", property_key(r.name));
    x.set("nameLiteral", ts_string(r.name));
    x.set("const", r.const_name);
    x.set("kind", r.kind);
    x.set("many", bool_text(r.many));
    x.set("nullable", bool_text(r.nullable));
    x.set("targetRow", r.target_row);
    x.set("ownerMeta", r.owner_meta);
    x.set("targetMeta", r.target_meta);
    x.set("parentKeys", string_list(r.parent_keys));
    x.set("keyExprs", string_list(r.key_exprs));
    std::vector<std::string> idx;
    for (size_t i : r.key_indexes) idx.push_back(std::to_string(i));
    x.set("keyIndexes", list_of(idx));
    x.set("select", ts_string(r.select));
    x.set("keyFilter", ts_string(r.key_filter));
    x.set("order", ts_string(r.order));
    x.set("sql", ts_string(r.select + r.key_filter + r.order));
    x.set("columns", string_list(r.columns));
    x.set("references", string_list(r.references));
    if (r.through_table.empty()) {
      x.set("through", "null");
    } else {
      x.set("through", "{ table: " + ts_string(r.through_table) + ", columns: " + string_list(r.through_columns) +
                           ", targetColumns: " + string_list(r.through_target_columns) + " }");
    }
    rl.push_back(x);
  }
  d.set("relations", rl);
  d.set("hasRelations", rels.empty() ? data::type::bool_false : data::type::bool_true);
  return d;
}

/// migrations.ts: a migration's statements, each with the line it starts on.
static data statement_list(const std::vector<checks::RunnableStatement>& statements) {
  data list{data::type::list};
  for (const auto& st : statements) {
    data x;
    x.set("line", std::to_string(st.line));
    x.set("sql", js_string(st.sql));
    list.push_back(x);
  }
  return list;
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

  // Two tables or views may not share a type name (users / Users, person / people).
  std::map<std::string, std::string> rows;
  for (const auto* list : {&tables, &views}) {
    for (const auto& t : *list) {
      auto [it, fresh] = rows.emplace(t.row, t.name);
      if (!fresh) {
        diags
            .add_file(
                Severity::Error, "E0801", "",
                "tables '" + it->second + "' and '" + t.name + "' both map to the TypeScript type '" + t.row + "'")
            .notes.push_back("rename one of the tables in a migration");
      }
    }
  }
  if (diags.has_errors()) return {};

  RelationInput rin;
  for (const auto& t : tables) {
    RelationTable rt;
    rt.table = t.table;
    rt.row = t.row;
    rt.meta = t.meta;
    for (const auto& c : t.cols) rt.properties.push_back(c.prop);
    rin.tables.push_back(rt);
  }
  auto relations = compute_relations(rin, options.relation_names);

  // schema.ts
  std::set<std::string> schema_values{"defineTable"}, schema_types{"OrderBy", "TableMeta", "Where"};
  if (!tables.empty()) schema_values.insert({"checkData", "checkKeys"});
  for (const auto* list : {&tables, &views}) {
    for (const auto& t : *list) {
      for (const auto& c : t.cols) {
        collect_converters(c.read_expr, schema_values);
        if (c.writable) collect_converters(c.write_expr, schema_values);
      }
    }
  }
  data ctx;
  data tl{data::type::list}, vl{data::type::list}, all{data::type::list};
  for (size_t i = 0; i < tables.size(); ++i) tl.push_back(table_data(tables[i], relations[i]));
  for (const auto& v : views) vl.push_back(table_data(v, {}));
  for (const auto* list : {&tables, &views}) {
    for (const auto& t : *list) {
      data a;
      a.set("key", t.key);
      a.set("keyAccess", t.key_access);
      a.set("repo", t.repo);
      all.push_back(a);
    }
  }
  ctx.set("tables", tl);
  ctx.set("views", vl);
  ctx.set("all", all);
  ctx.set("imports", string_list_data(import_list(schema_values, schema_types)));

  // repositories.ts
  std::set<std::string> rv, rt, rel_values, rel_types, sch_values, sch_types;
  if (!tables.empty() || !views.empty()) {
    rv.insert({"countRows", "existsRows", "findFirst", "findMany"});
    rt.insert({"Connection", "FindManyOptions", "FindOneOptions", "TableMeta", "WhereOptions"});
    rel_values.insert("relations");
  }
  for (const auto& t : tables) {
    rv.insert({"badRows", "checkData", "deleteWhere", "insertOne", "loadIncludes", "updateWhere", "upsertOne"});
    rt.insert({"Statement", "UpdateManyOptions", "UpsertOptions"});
    rel_types.insert({t.row + "Include", t.row + "With"});
    sch_values.insert({t.meta, "encode" + t.row, "map" + t.row});
    sch_types.insert({t.row, t.row + "Column", t.row + "OrderBy", t.row + "Patch", t.row + "Where", "New" + t.row});
    if (t.has_key()) {
      rv.insert({"badKey", "missingKey", "pathsToInclude", "runWrite", "updateOne"});
      for (size_t k : t.key_cols) collect_converters(key_value(t.cols[k], "id"), rv);
      rel_types.insert({t.row + "Path", t.row + "WithPaths"});
      sch_types.insert(t.row + "Key");
    }
  }
  for (const auto& v : views) {
    sch_values.insert({v.meta, "map" + v.row});
    sch_types.insert({v.row, v.row + "OrderBy", v.row + "Where"});
  }
  ctx.set("runtimeImports", string_list_data(import_list(rv, rt)));
  ctx.set("relationImports", string_list_data(import_list(rel_values, rel_types)));
  ctx.set("schemaImports", string_list_data(import_list(sch_values, sch_types)));

  // relations.ts (its own schema imports)
  std::set<std::string> relv, relt;
  for (size_t i = 0; i < tables.size(); ++i) {
    relt.insert({tables[i].row, tables[i].row + "OrderBy", tables[i].row + "Where"});
    for (const auto& r : relations[i]) relv.insert({r.owner_meta, r.target_meta, "map" + r.target_row});
  }
  data rctx = ctx;
  rctx.set("schemaImports", string_list_data(import_list(relv, relt)));

  // index.ts
  std::set<std::string> repos;
  for (const auto* list : {&tables, &views}) {
    for (const auto& t : *list) repos.insert(t.repo);
  }
  ctx.set("repositoryImports", string_list_data(std::vector<std::string>(repos.begin(), repos.end())));
  ctx.set("database", ts_string(options.database));
  ctx.set("ext", options.import_extension);
  rctx.set("ext", options.import_extension);

  // migrations.ts
  data ml{data::type::list};
  for (const auto& m : migrations) {
    data x;
    x.set("name", ts_string(m.name));
    x.set("checksum", m.checksum);
    x.set("up", statement_list(m.up));
    x.set("hasDown", m.down ? data::type::bool_true : data::type::bool_false);
    if (m.down) x.set("down", statement_list(*m.down));
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
  if (diags.has_errors()) return {};
  return out;
}

}  // namespace noormc::emit
