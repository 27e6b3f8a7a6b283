#include "emit/emit.hpp"

#include <algorithm>
#include <charconv>
#include <deque>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

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

// ---------------------------------------------------------------- mustache data

static data bool_data(bool b) {
  return b ? data::type::bool_true : data::type::bool_false;
}

/// d[key] = value, moved: kainjow's set() copies the value (a whole list, for a list).
static void put(data& d, const std::string& key, data value) {
  d[key] = std::move(value);
}

static void collect_converters(const std::string& expr, std::set<std::string>& out) {
  auto at = expr.find('(');
  if (at == std::string::npos) return;
  std::string fn = expr.substr(0, at);
  if (is_identifier(fn)) out.insert(fn);
}

static data column_data(const Col& c) {
  data d;
  put(d, "typeKey", type_key(c.prop));
  put(d, "objectKey", object_key(c.prop));
  put(d, "tsType", c.ts_type);
  put(d, "tsTypeNotNull", c.ts_type_not_null);
  put(d, "optionalInNew", bool_data(c.optional_in_new));
  put(d, "readExpr", c.read_expr);
  if (!c.generated.empty()) {
    std::string kind = c.generated == "stored" ? "STORED" : "VIRTUAL";
    put(d, "generatedDoc", doc_comment("Generated (" + kind + "): " + c.generated_expr + ". Read-only."));
  }
  return d;
}

static std::string repo_class(const Tab& t) {
  return t.view ? "ViewRepository" : t.has_key() ? "KeyedTableRepository" : "TableRepository";
}

/// The names every template uses for a table or view.
static void name_data(data& d, const Tab& t) {
  put(d, "docName", doc_comment(t.name));
  put(d, "commentName", line_comment(t.name));
  put(d, "nameLiteral", ts_string(t.name));
  put(d, "objectKeyName", object_key(t.name));
  put(d, "typeKeyName", type_key(t.name));
  put(d, "row", t.n.row);
  put(d, "newType", t.n.new_type);
  put(d, "patchType", t.n.patch);
  put(d, "keyType", t.n.key);
  put(d, "whereType", t.n.where);
  put(d, "orderByType", t.n.order_by);
  put(d, "columnType", t.n.column);
  put(d, "modelType", t.n.model);
  put(d, "includeType", t.n.include);
  put(d, "withType", t.n.with);
  put(d, "pathType", t.n.path);
  put(d, "withPathsType", t.n.with_paths);
  put(d, "mapper", t.n.mapper);
  put(d, "meta", t.n.meta);
  put(d, "repo", t.n.repo);
  put(d, "dbKey", t.n.db_key);
  put(d, "dbAccess", member_access(t.n.db_name));
  put(d, "dbNameLiteral", ts_string(t.n.db_name));
  put(d, "kindDoc", t.view ? "view" : "table");
  put(d, "repoClass", repo_class(t));
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
    put(x, "key", type_key(r.name));
    put(x, "objectKey", object_key(r.name));
    put(x, "relationType",
        r.many ? "ToMany<" + ts_string(r.target_table) + ">"
               : "ToOne<" + ts_string(r.target_table) + ", " + bool_text(r.nullable) + ">");
    rl.push_back(x);
  }
  return rl;
}

/// Everything the section templates (schema/table, schema/view, relations/model) read of a table or view.
static data table_data(const Tab& t, const std::vector<Relation>& rels) {
  data d;
  name_data(d, t);
  put(d, "safeIntegers", bool_data(t.safe_integers));
  data cols{data::type::list}, writable{data::type::list}, keys{data::type::list}, enums{data::type::list};
  for (const auto& c : t.cols) {
    data cd = column_data(c);
    if (c.writable) writable.push_back(cd);
    cols.push_back(cd);
    if (!c.enum_values.empty()) {
      data e;
      std::string values;
      for (const auto& v : c.enum_values) values += (values.empty() ? "" : " | ") + ts_string(v);
      put(e, "typeName", c.enum_type);
      put(e, "docValues", doc_comment(values));
      put(e, "values", values);
      put(e, "docColumn", doc_comment(c.name));
      enums.push_back(e);
    }
  }
  for (size_t i : t.key_cols) keys.push_back(column_data(t.cols[i]));
  put(d, "columns", std::move(cols));
  put(d, "writable", std::move(writable));
  put(d, "keyColumns", std::move(keys));
  put(d, "enums", std::move(enums));
  put(d, "hasKey", bool_data(t.has_key()));
  if (t.has_key()) put(d, "idType", t.key_cols.size() == 1 ? t.cols[t.key_cols[0]].ts_type_not_null : t.n.key);
  if (t.table) {
    put(d, "withoutRowid", bool_data(t.table->without_rowid));
    put(d, "strict", bool_data(t.table->strict));
  }
  put(d, "tableJson", table_json(t));
  put(d, "relations", relations_data(rels));
  put(d, "hasRelations", bool_data(!rels.empty()));
  return d;
}

/// What the file templates read of a table or view in their lists: its names and relations.
static data item_data(const Tab& t, const std::vector<Relation>& rels) {
  data d;
  name_data(d, t);
  put(d, "hasRelations", bool_data(!rels.empty()));
  if (!rels.empty()) put(d, "relationsJson", relations_json(rels));
  return d;
}

// ---------------------------------------------------------------- render keys

/// Length-prefixed fields: two different inputs never write the same key.
class Key {
 public:
  /// `expected`: about how long the key will be (the last key of the same table), so that it is allocated once.
  explicit Key(size_t expected = 0) { s_.reserve(expected); }
  Key& operator<<(std::string_view v) {
    length(v.size());
    s_.append(v);
    return *this;
  }
  Key& num(long long n) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    length(static_cast<size_t>(end - digits));
    s_.append(digits, end);
    return *this;
  }
  Key& list(const std::vector<std::string>& v) {
    num(static_cast<long long>(v.size()));
    for (const auto& x : v) *this << x;
    return *this;
  }
  Key& list(const std::vector<std::optional<std::string>>& v) {
    num(static_cast<long long>(v.size()));
    for (const auto& x : v) x ? (*this << "+" << *x) : (*this << "-");
    return *this;
  }
  std::string take() { return std::move(s_); }

 private:
  /// "N:" before a field of N bytes.
  void length(size_t n) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    s_.append(digits, end).push_back(':');
  }
  std::string s_;
};

static void key_names(Key& k, const TableNames& n) {
  k << n.row << n.new_type << n.patch << n.key << n.where << n.order_by << n.column << n.model << n.include << n.with
    << n.path << n.with_paths << n.mapper << n.meta << n.repo << n.db_key << n.db_name;
  k.list(n.enums);
}

static void key_column(Key& k, const Col& c) {
  k << c.name << c.prop << c.sql_type << c.kind << c.ts_type << c.ts_type_not_null << c.generated << c.generated_expr
    << c.enum_type << c.read_expr;
  k.num(static_cast<long long>(c.index)).num(c.primary_key).num(static_cast<int>(c.storage));
  k.num(c.nullable).num(c.has_default).num(c.optional_in_new).num(c.safe_integers).num(c.is_key).num(c.writable);
  k.list(c.enum_values);
}

static void key_relation(Key& k, const Relation& r) {
  k << r.name << r.const_name << r.kind << r.target_row << r.owner_meta << r.target_meta << r.select << r.key_filter
    << r.order << r.target_table << r.through_table;
  k.num(r.many).num(r.nullable).num(static_cast<long long>(r.key_indexes.size()));
  for (size_t i : r.key_indexes) k.num(static_cast<long long>(i));
  k.list(r.parent_keys).list(r.key_exprs).list(r.columns).list(r.references);
  k.list(r.through_columns).list(r.through_target_columns).list(r.through_target_references);
}

/// Everything a table's or view's pieces are made of (what table_data and item_data read): when two
/// renders give a table the same key, its pieces are the same text.
static std::string table_key(const Tab& t, const std::vector<Relation>& rels, size_t expected = 0) {
  Key k(expected);
  k << (t.view ? "view" : "table") << t.name;
  key_names(k, t.n);
  k.num(t.safe_integers).num(static_cast<long long>(t.cols.size()));
  for (const auto& c : t.cols) key_column(k, c);
  k.num(static_cast<long long>(t.key_cols.size()));
  for (size_t i : t.key_cols) k.num(static_cast<long long>(i));
  if (t.table) {
    k.num(t.table->strict).num(t.table->without_rowid).num(static_cast<long long>(t.table->foreign_keys.size()));
    for (const auto& fk : t.table->foreign_keys) {
      k.list(fk.columns) << fk.table << fk.on_update << fk.on_delete;
      k.list(fk.to);
    }
    k.num(static_cast<long long>(t.table->indexes.size()));
    for (const auto& ix : t.table->indexes) {
      k << ix.name << ix.origin;
      k.num(ix.unique).num(ix.partial).list(ix.columns);
    }
  }
  k.num(static_cast<long long>(rels.size()));
  for (const auto& r : rels) key_relation(k, r);
  return k.take();
}

// ---------------------------------------------------------------- migrations.ts

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

/// What migration_json reads: the up file's statements follow from its checksum; the down file's are written out.
static std::string migration_key(const EmbeddedMigration& m) {
  Key k;
  k << m.name << m.checksum;
  k.num(m.down.has_value());
  if (m.down) {
    for (const auto& st : *m.down) k.num(static_cast<long long>(st.line)) << st.sql;
  }
  return k.take();
}

/// One migration as migrations.ts embeds it (`m.up` is set).
static EmbeddedMigration embed(const syntax::Migration& m) {
  EmbeddedMigration e;
  e.name = m.id;
  e.checksum = checks::to_hex(checks::sha256(m.up->text()));
  e.up = checks::runnable_statements(m.up_parsed, *m.up);
  if (m.down) e.down = checks::runnable_statements(m.down_parsed, *m.down);
  e.key = migration_key(e);
  return e;
}

std::vector<EmbeddedMigration> embedded_migrations(const syntax::MigrationSet& set) {
  std::vector<EmbeddedMigration> out;
  for (const auto& m : set.migrations) {
    if (m.up) out.push_back(embed(m));
  }
  return out;
}

// ---------------------------------------------------------------- rendering

/// One table's or view's rendered pieces, and what they were made of.
struct TablePieces {
  std::string key;                                  // table_key
  data section;                                     // its section of schema.ts (a string)
  data model;                                       // its model type in relations.ts (a string; tables only)
  data item;                                        // item_data: what the file templates' lists read
  checks::Digest section_digest{}, model_digest{};  // SHA-256 of `section`, of `model`
};

/// One migration's item of migrations.ts's list, and what it was made of.
struct MigrationPiece {
  std::string key;          // migration_key
  data json;                // the migration as a string literal
  checks::Digest digest{};  // SHA-256 of `json`
};

/// The pieces of the files stand in the file templates as markers ("\x02", a
/// number, "\x03": bytes no generated text holds, escape.cpp writes control
/// characters as \u escapes), so kainjow renders each file's skeleton without
/// copying 1.5 MB of pieces through its line buffers; splice() then puts each
/// piece in place with one copy. A skeleton and the digests of its pieces are
/// what GENERATION hashes.
class Splicer {
 public:
  /// What a list item stands in for: a marker for `piece` (a string), or
  /// `piece` itself when it is blank (kainjow drops blank lines a marker would keep).
  const data* add(const data& piece, const checks::Digest& digest) {
    const std::string& text = piece.string_value();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return &piece;
    markers_.emplace_back("\x02" + std::to_string(texts_.size()) + "\x03");
    texts_.push_back(&text);
    digests_.push_back(&digest);
    return &markers_.back();
  }
  /// `skeleton` with each marker replaced by its piece.
  std::string splice(const std::string& skeleton) const {
    std::string out;
    out.reserve(skeleton.size() + each_marker(skeleton, [](size_t, size_t, const std::string* piece) {
                  return piece ? piece->size() : 0;
                }));
    size_t copied = 0;
    each_marker(skeleton, [&](size_t at, size_t end, const std::string* piece) -> size_t {
      if (!piece) return 0;
      out.append(skeleton, copied, at - copied).append(*piece);
      copied = end;
      return 0;
    });
    out.append(skeleton, copied, std::string::npos);
    return out;
  }
  /// Every piece's digest, in the order of their markers' numbers.
  void digests_into(checks::Sha256& h) const {
    for (const auto* d : digests_) h.update(*d);
  }

 private:
  /// Calls `f(at, end, piece)` for each "\x02N\x03" in `text` (piece null when N is no piece's); sums what it returns.
  template <typename F>
  size_t each_marker(const std::string& text, F f) const {
    size_t sum = 0;
    for (size_t at = text.find('\x02'); at != std::string::npos; at = text.find('\x02', at + 1)) {
      size_t end = text.find('\x03', at);
      if (end == std::string::npos) break;
      size_t n = 0;
      bool digits = end > at + 1 && end - at <= 10;
      for (size_t i = at + 1; digits && i < end; ++i) {
        digits = text[i] >= '0' && text[i] <= '9';
        n = n * 10 + static_cast<size_t>(text[i] - '0');
      }
      sum += f(at, end + 1, digits && n < texts_.size() ? texts_[n] : nullptr);
    }
    return sum;
  }

  std::deque<data> markers_;  // the stand-ins' targets: their addresses stay
  std::vector<const std::string*> texts_;
  std::vector<const checks::Digest*> digests_;
};

/// The pieces a Session keeps between renders.
struct RenderCache {
  std::map<std::string, TablePieces> tables;         // by "table:" or "view:" + name
  std::map<std::string, MigrationPiece> migrations;  // by name
  std::vector<EmbeddedMigration> embedded;           // Session::embedded's, and the files each was made from:
  std::vector<std::pair<std::shared_ptr<SourceFile>, std::shared_ptr<SourceFile>>> embedded_from;
  Session::Stats stats;
};

/// A section template's text without its last newline: the file template writes each as a line.
static data fragment(const std::string& name, const data& d, Diagnostics& diags) {
  std::string text = render_template(name, d, diags);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return data(text);
}

/// The pieces of `t`: kept from the last render when its key is unchanged, else rendered.
static const TablePieces& pieces_of(const Tab& t, const std::vector<Relation>& rels, RenderCache& old,
                                    std::map<std::string, TablePieces>& next, Diagnostics& diags) {
  std::string id = (t.view ? "view:" : "table:") + t.name;
  auto it = old.tables.find(id);
  std::string key = table_key(t, rels, it != old.tables.end() ? it->second.key.size() : 0);
  if (it != old.tables.end() && it->second.key == key) {
    ++old.stats.reused;
    return next[id] = std::move(it->second);
  }
  ++old.stats.rendered;
  TablePieces p;
  data d = table_data(t, rels);
  p.section = fragment(t.view ? "schema/view.ts.mustache" : "schema/table.ts.mustache", d, diags);
  p.section_digest = checks::sha256(p.section.string_value());
  if (!t.view) {
    p.model = fragment("relations/model.ts.mustache", d, diags);
    p.model_digest = checks::sha256(p.model.string_value());
  }
  p.item = item_data(t, rels);
  p.key = std::move(key);
  return next[id] = std::move(p);
}

/// ctx[key] = a list of stand-ins for `targets` (render.hpp): the pieces are read in place.
static void stand_in_list(data& ctx, StandInContext& sc, const std::string& key,
                          const std::vector<const data*>& targets) {
  data list{data::type::list};
  for (size_t i = 0; i < targets.size(); ++i) list.push_back(data(data::type::bool_true));
  put(ctx, key, std::move(list));
  const auto& items = ctx.get(key)->list_value();
  for (size_t i = 0; i < targets.size(); ++i) sc.stand_in(&items[i], targets[i]);
}

/// migrations.ts's list: each migration's JSON, kept from the last render when unchanged.
static void migration_list(const std::vector<EmbeddedMigration>& migrations, RenderCache& cache, data& ctx,
                           StandInContext& sc, Splicer& splicer) {
  std::map<std::string, MigrationPiece> next;
  std::vector<const data*> items;
  for (const auto& m : migrations) {
    std::string key = m.key.empty() ? migration_key(m) : m.key;
    auto it = cache.migrations.find(m.name);
    auto& slot = next[m.name];
    if (it != cache.migrations.end() && it->second.key == key) {
      slot = std::move(it->second);
    } else {
      slot.key = std::move(key);
      slot.json = data(migration_json(m));
      slot.digest = checks::sha256(slot.json.string_value());
    }
    items.push_back(splicer.add(slot.json, slot.digest));
  }
  cache.migrations = std::move(next);  // map nodes keep their addresses
  stand_in_list(ctx, sc, "migrations", items);
}

/// The import lists of every file, from the plan.
static void import_data(data& ctx, const Plan& plan) {
  std::set<std::string> index_values{"TableNotFoundError", "migrateConnection", "migrationStatus", "openConnection",
                                     "singleton"};
  std::set<std::string> index_types{
      "Connection", "DbOptions as RuntimeDbOptions", "MigrateOptions", "MigrateResult", "MigrationStatus", "TableMeta"};
  std::set<std::string> index_schema{"tables"}, repo_types, repo_runtime, model_types, relt;
  // schema.ts: defineTable, the converters the mappers use, Where and OrderBy.
  std::set<std::string> schema_values{"defineTable"}, schema_types{"OrderBy", "TableMeta", "Where"};
  for (const auto* list : {&plan.tables, &plan.views}) {
    for (const auto& t : *list) {
      std::string cls = repo_class(t);
      index_values.insert(cls);
      repo_runtime.insert(cls);
      index_schema.insert(t.n.meta);
      repo_types.insert(t.n.repo);
      model_types.insert(t.n.model);
      for (const auto& c : t.cols) collect_converters(c.read_expr, schema_values);
      // relations.ts imports tables and each table's types.
      relt.insert(t.n.row);
      if (t.table) relt.insert(t.n.new_type);
      if (t.has_key()) relt.insert(t.n.key);
    }
  }
  if (!model_types.empty()) model_types.insert("Models");
  std::vector<std::string> index_models{"relations"};
  for (const auto& m : model_types) index_models.push_back("type " + m);
  put(ctx, "indexModelImports", string_list_data(index_models));
  std::vector<std::string> index_schema_list(index_schema.begin(), index_schema.end());
  index_schema_list.push_back("type TableName");
  put(ctx, "indexRuntimeImports", string_list_data(import_list(index_values, index_types)));
  put(ctx, "indexSchemaImports", string_list_data(index_schema_list));
  put(ctx, "repositoryImports", string_list_data(std::vector<std::string>(repo_types.begin(), repo_types.end())));
  put(ctx, "hasRepositories", bool_data(!repo_types.empty()));
  put(ctx, "runtimeImports", string_list_data(std::vector<std::string>(repo_runtime.begin(), repo_runtime.end())));
  put(ctx, "modelImports", string_list_data(std::vector<std::string>(model_types.begin(), model_types.end())));
  put(ctx, "imports", string_list_data(import_list(schema_values, schema_types)));
  put(ctx, "schemaImports", string_list_data(import_list({"tables"}, relt)));
  // Import ToMany / ToOne only when a relation uses them (unused imports fail
  // create-next-app's ESLint config with warnings).
  bool to_many = false, to_one = false;
  for (const auto& rels : plan.relations) {
    for (const auto& r : rels) (r.many ? to_many : to_one) = true;
  }
  put(ctx, "usesToMany", bool_data(to_many));
  put(ctx, "usesToOne", bool_data(to_one));
}

/// The lists of the file templates: the tables' and views' pieces, as stand-ins.
static void table_lists(const Plan& plan, RenderCache& cache, data& ctx, StandInContext& sc, Splicer& splicer,
                        Diagnostics& diags) {
  std::map<std::string, TablePieces> next;
  std::vector<const TablePieces*> tables, views;
  static const std::vector<Relation> no_relations;
  for (size_t i = 0; i < plan.tables.size(); ++i)
    tables.push_back(&pieces_of(plan.tables[i], plan.relations[i], cache, next, diags));
  for (const auto& v : plan.views) views.push_back(&pieces_of(v, no_relations, cache, next, diags));
  cache.tables = std::move(next);  // map nodes keep their addresses
  std::vector<const data*> tl, vl, all, renamed, sections, models;
  for (size_t i = 0; i < tables.size(); ++i) {
    tl.push_back(&tables[i]->item);
    models.push_back(splicer.add(tables[i]->model, tables[i]->model_digest));
  }
  for (const auto* p : views) vl.push_back(&p->item);
  size_t k = 0;
  for (const auto* list : {&plan.tables, &plan.views}) {
    for (const auto& t : *list) {
      const TablePieces* p = k < tables.size() ? tables[k] : views[k - tables.size()];
      ++k;
      all.push_back(&p->item);
      sections.push_back(splicer.add(p->section, p->section_digest));
      if (t.n.db_name != t.name) renamed.push_back(&p->item);
    }
  }
  put(ctx, "hasRenamed", bool_data(!renamed.empty()));
  stand_in_list(ctx, sc, "tables", tl);
  stand_in_list(ctx, sc, "views", vl);
  stand_in_list(ctx, sc, "all", all);
  stand_in_list(ctx, sc, "renamed", renamed);
  stand_in_list(ctx, sc, "sections", sections);
  stand_in_list(ctx, sc, "models", models);
}

// The identity of one generation of generated code: the first 16 hex digits of
// the SHA-256 of every other file's name and skeleton (its text with markers
// for its pieces, see Splicer), then of the SHA-256 of each piece: a hash of
// every byte of those files that hashes each piece once, when it is rendered.
// getDb() passes it to singleton(), so a dev server replaces a connection
// opened by older code.
static std::string generation(const std::vector<OutputFile>& skeletons, const Splicer& splicer) {
  checks::Sha256 h;
  for (const auto& f : skeletons) {
    h.update(f.name);
    h.update(std::string_view("\0", 1));
    h.update(f.content);
    h.update(std::string_view("\0", 1));
  }
  splicer.digests_into(h);
  return checks::to_hex(h.finish()).substr(0, 16);
}

static std::vector<OutputFile> render_files(const Plan& plan, const std::vector<EmbeddedMigration>& migrations,
                                            const EmitOptions& options, RenderCache& cache, Diagnostics& diags) {
  size_t errors_before = diags.error_count();
  cache.stats = {};
  data ctx;
  StandInContext sc(&ctx);
  Splicer splicer;
  table_lists(plan, cache, ctx, sc, splicer, diags);
  import_data(ctx, plan);
  put(ctx, "database", ts_string(options.database));
  put(ctx, "ext", options.import_extension);
  migration_list(migrations, cache, ctx, sc, splicer);
  if (plan.auth) put(ctx, "nextauth", data::type::bool_true);
  std::vector<OutputFile> out;
  for (const char* name : {"migrations.ts", "relations.ts", "repositories.ts", "schema.ts"}) {
    out.push_back({name, render_template(std::string(name) + ".mustache", sc, diags)});
  }
  if (plan.auth) out.push_back(render_nextauth(*plan.auth, options, diags));
  put(ctx, "generation", generation(out, splicer));
  for (auto& f : out) f.content = splicer.splice(f.content);
  out.insert(out.begin(), {"index.ts", splicer.splice(render_template("index.ts.mustache", sc, diags))});
  std::string attributes = "# @generated by noormc: GitHub and other tools treat these files as generated.\n";
  for (const auto& f : out) attributes += f.name + " linguist-generated=true\n";
  out.push_back({".gitattributes", attributes});
  if (diags.error_count() != errors_before) {
    cache = {};  // an internal error: nothing rendered is kept
    return {};
  }
  return out;
}

// ---------------------------------------------------------------- the API

Session::Session() : cache_(std::make_unique<RenderCache>()) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

std::vector<OutputFile> Session::render(const Plan& plan, const std::vector<EmbeddedMigration>& migrations,
                                        const EmitOptions& options, Diagnostics& diags) {
  if (!plan.ok) return {};
  return render_files(plan, migrations, options, *cache_, diags);
}

std::vector<OutputFile> Session::render(const model::Schema& schema, const std::vector<EmbeddedMigration>& migrations,
                                        const EmitOptions& options, Diagnostics& diags) {
  return render(plan_typescript(schema, options, diags), migrations, options, diags);
}

const std::vector<EmbeddedMigration>& Session::embedded(const syntax::MigrationSet& set) {
  RenderCache& c = *cache_;
  std::unordered_map<const SourceFile*, size_t> before;  // by up file
  for (size_t i = 0; i < c.embedded_from.size(); ++i) before[c.embedded_from[i].first.get()] = i;
  std::vector<EmbeddedMigration> out;
  std::vector<std::pair<std::shared_ptr<SourceFile>, std::shared_ptr<SourceFile>>> from;
  for (const auto& m : set.migrations) {
    if (!m.up) continue;
    auto it = before.find(m.up.get());
    if (it != before.end() && c.embedded_from[it->second].second == m.down && c.embedded[it->second].name == m.id) {
      out.push_back(std::move(c.embedded[it->second]));
    } else {
      out.push_back(embed(m));
    }
    from.emplace_back(m.up, m.down);
  }
  c.embedded = std::move(out);
  c.embedded_from = std::move(from);
  return c.embedded;
}

Session::Stats Session::last() const {
  return cache_->stats;
}

std::vector<OutputFile> emit_typescript(const model::Schema& schema, const std::vector<EmbeddedMigration>& migrations,
                                        const EmitOptions& options, Diagnostics& diags) {
  Session once;
  auto files = once.render(schema, migrations, options, diags);
  if (diags.has_errors()) return {};
  return files;
}

}  // namespace noormc::emit
