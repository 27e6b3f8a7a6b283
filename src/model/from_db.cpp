#include "model/from_db.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <map>

#include "syntax/ast.hpp"

namespace noormc::model {

namespace {

using Row = std::vector<std::optional<std::string>>;

/// Runs `sql` and returns its rows as text; false when SQLite reports an error.
bool query(sqlite3* db, const std::string& sql, std::vector<Row>& rows) {
  rows.clear();
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    sqlite3_finalize(st);
    return false;
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    Row r;
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; ++i) {
      if (sqlite3_column_type(st, i) == SQLITE_NULL) {
        r.emplace_back(std::nullopt);
      } else {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
        r.emplace_back(std::string(t ? t : ""));
      }
    }
    rows.push_back(std::move(r));
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE;
}

std::string text(const std::optional<std::string>& v) {
  return v ? *v : std::string();
}

/// The module name of `CREATE VIRTUAL TABLE x USING module(...)`, as written.
std::optional<std::string> module_of(const std::string& sql) {
  std::string upper;
  for (char c : sql) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  size_t at = upper.find(" USING ");
  if (at == std::string::npos) return std::nullopt;
  size_t b = at + 7;
  while (b < sql.size() && std::isspace(static_cast<unsigned char>(sql[b]))) ++b;
  size_t e = b;
  while (e < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[e])) || sql[e] == '_')) ++e;
  return sql.substr(b, e - b);
}

}  // namespace

Schema schema_from_connection(sqlite3* db) {
  Schema s;
  std::vector<Row> rows;
  query(db, "SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main'", rows);
  std::map<std::string, std::string> sql_of;
  std::vector<Row> sql_rows;
  query(db, "SELECT name, sql FROM sqlite_schema", sql_rows);
  for (const auto& r : sql_rows) sql_of[text(r[0])] = text(r[1]);
  for (const auto& r : rows) {
    std::string name = text(r[0]);
    std::string type = text(r[1]);
    if (type != "table" && type != "virtual") continue;
    // SQLite's own tables and the migration runner's bookkeeping are not the app's schema.
    if (name.rfind("sqlite_", 0) == 0 || name == "noormc_migrations") continue;
    Table t;
    t.name = name;
    t.without_rowid = text(r[2]) == "1";
    t.strict = text(r[3]) == "1";
    if (type == "virtual") t.virtual_module = module_of(sql_of[name]);
    std::vector<Row> cols;
    query(db,
          "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(" +
              syntax::quote(name, '\'') + ")",
          cols);
    for (const auto& c : cols) {
      int hidden = std::stoi(text(c[5]));
      if (hidden == 1) continue;
      Column col;
      col.name = text(c[0]);
      col.type = text(c[1]);
      col.not_null = text(c[2]) == "1";
      col.default_value = c[3];
      col.primary_key = std::stoi(text(c[4]));
      col.generated = hidden == 2 ? "virtual" : hidden == 3 ? "stored" : "";
      t.columns.push_back(std::move(col));
    }
    s.tables.push_back(std::move(t));
  }
  std::sort(s.tables.begin(), s.tables.end(), [](const Table& a, const Table& b) { return a.name < b.name; });
  auto pk_of = [&](const std::string& parent) {
    std::vector<std::string> out;
    const Table* p = s.table(parent);
    if (!p) return out;
    for (const auto* c : p->primary_key()) out.push_back(c->name);
    return out;
  };
  for (auto& t : s.tables) {
    std::vector<Row> fks;
    query(db,
          "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(" +
              syntax::quote(t.name, '\'') + ") ORDER BY id, seq",
          fks);
    std::string current;
    for (const auto& f : fks) {
      if (t.foreign_keys.empty() || text(f[0]) != current) {
        current = text(f[0]);
        ForeignKey fk;
        fk.table = text(f[1]);
        fk.on_update = text(f[4]);
        fk.on_delete = text(f[5]);
        t.foreign_keys.push_back(std::move(fk));
      }
      auto& fk = t.foreign_keys.back();
      fk.columns.push_back(text(f[2]));
      fk.to.push_back(f[3]);
    }
    for (auto& fk : t.foreign_keys) {
      // `to` is null when REFERENCES names no column: resolve it to the parent's key.
      auto pk = pk_of(fk.table);
      for (size_t j = 0; j < fk.to.size(); ++j) {
        if (!fk.to[j]) fk.to[j] = j < pk.size() ? std::optional<std::string>(pk[j]) : std::nullopt;
      }
    }
    std::vector<Row> ixs;
    query(db,
          "SELECT name, \"unique\", origin, partial FROM pragma_index_list(" + syntax::quote(t.name, '\'') +
              ") ORDER BY seq",
          ixs);
    for (const auto& x : ixs) {
      Index ix;
      ix.name = text(x[0]);
      ix.unique = text(x[1]) == "1";
      ix.origin = text(x[2]);
      ix.partial = text(x[3]) == "1";
      std::vector<Row> cols;
      query(db,
            "SELECT name FROM pragma_index_xinfo(" + syntax::quote(ix.name, '\'') + ") WHERE key = 1 ORDER BY seqno",
            cols);
      for (const auto& c : cols) ix.columns.push_back(c[0]);
      t.indexes.push_back(std::move(ix));
    }
  }
  std::vector<Row> views;
  query(db, "SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY rowid", views);
  for (const auto& v : views) {
    View view;
    view.name = text(v[0]);
    std::vector<Row> cols;
    if (query(db, "SELECT name, type FROM pragma_table_info(" + syntax::quote(view.name, '\'') + ")", cols)) {
      for (const auto& c : cols) view.columns.push_back({text(c[0]), text(c[1]), std::nullopt, std::nullopt});
    }
    s.views.push_back(std::move(view));
  }
  std::vector<Row> triggers;
  query(db, "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger' ORDER BY rowid", triggers);
  for (const auto& t : triggers) s.triggers.push_back({text(t[0]), text(t[1])});
  return s;
}

std::optional<Schema> schema_from_file(const std::string& path, std::string& error) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    error = db ? sqlite3_errmsg(db) : "cannot open";
    sqlite3_close(db);
    return std::nullopt;
  }
  // As better-sqlite3 reads the schema: a double-quoted word is never a string.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
  std::vector<Row> probe;
  if (!query(db, "SELECT count(*) FROM sqlite_schema", probe)) {
    error = sqlite3_errmsg(db);
    sqlite3_close(db);
    return std::nullopt;
  }
  Schema s = schema_from_connection(db);
  sqlite3_close(db);
  return s;
}

}  // namespace noormc::model
