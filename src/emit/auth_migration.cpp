#include "emit/auth_migration.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "emit/authjs.hpp"
#include "emit/naming.hpp"
#include "emit/render.hpp"
#include "emit/types.hpp"
#include "syntax/ast.hpp"
#include "syntax/sites.hpp"

namespace noormc::emit {

using kainjow::mustache::data;

namespace {

/// A name as SQL text: bare when it is a plain identifier, else double-quoted.
std::string sql_name(const std::string& name) {
  auto word = [](char c) { return c == '_' || std::isalnum(static_cast<unsigned char>(c)) != 0; };
  bool plain =
      !name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) == 0 &&
      std::all_of(name.begin(), name.end(), [&](char c) { return word(c) && static_cast<unsigned char>(c) < 0x80; });
  return plain ? name : sql_ident(name);
}

/// The template section of each model's CREATE TABLE, and the table it creates.
struct Model {
  const char* role;
  const char* section;
  const char* table;
};
constexpr Model kModels[] = {{"user", "users", "users"},
                             {"account", "accounts", "accounts"},
                             {"session", "sessions", "sessions"},
                             {"verificationToken", "verificationTokens", "verification_tokens"},
                             {"authenticator", "authenticators", "authenticators"}};

const model::Column* column_for(const model::Table& t, const FieldSpec& f) {
  for (const auto& c : t.columns) {
    if (squash(c.name) == squash(f.name)) return &c;
  }
  return nullptr;
}

/// snake_case when the table's columns are: some have '_' and none an upper-case letter.
bool snake_table(const model::Table& t) {
  bool underscore = false, upper = false;
  for (const auto& c : t.columns) {
    for (char ch : c.name) {
      underscore = underscore || ch == '_';
      upper = upper || std::isupper(static_cast<unsigned char>(ch));
    }
  }
  return underscore && !upper;
}

struct Plan {
  Plan(const syntax::MigrationSet* s, Diagnostics& d) : sources(s), diags(d) {}
  const syntax::MigrationSet* sources;
  Diagnostics& diags;
  bool ok = true;
  bool integer_ids = false;
  std::string users = "users", id = "id";
  data add{data::type::list}, unique{data::type::list}, drop_columns{data::type::list};
  std::vector<std::pair<std::string, std::string>> added;  // (table, column), in order

  std::optional<syntax::Site> at(const model::Table& t, const model::Column* c = nullptr) const {
    if (!sources) return std::nullopt;
    return c ? syntax::column_site(*sources, t.name, c->name) : syntax::table_site(*sources, t.name);
  }
  void refuse(const std::optional<syntax::Site>& site, std::string msg, std::string note) {
    syntax::add_at(diags, Severity::Error, "E0704", site, std::move(msg)).notes.push_back(std::move(note));
    ok = false;
  }
};

const char* kRebuild =
    "SQLite changes a column's type or a primary key only by rebuilding the table "
    "(https://www.sqlite.org/lang_altertable.html#otheralter): write that migration yourself, then run "
    "`noormc new add_auth --auth` again";

/// users.id decides the type of every userId: TEXT, or INTEGER when it is the rowid.
void plan_user_id(Plan& p, const model::Table& users) {
  const model::Column* id = column_for(users, roles()[0].fields[0]);
  if (!id) {
    p.refuse(p.at(users), "table '" + users.name + "' has no 'id' column, which Auth.js's users need",
             "give it `id INTEGER PRIMARY KEY` or `id TEXT NOT NULL PRIMARY KEY`; " + std::string(kRebuild));
    return;
  }
  Storage s = storage_of(*id, TypeOptions{});
  p.id = id->name;
  p.integer_ids = is_integer(s) && id->rowid_alias;
  if (!p.integer_ids && !(s == Storage::Text && id->primary_key > 0)) {
    p.refuse(p.at(users, id),
             "column " + users.name + "." + id->name + " is declared '" + id->type + "'" +
                 (id->primary_key > 0 ? "" : " and is not the primary key") +
                 ": Auth.js's user ids need TEXT PRIMARY KEY or INTEGER PRIMARY KEY",
             std::string("declare it `id INTEGER PRIMARY KEY` (existing ids are kept; the adapter converts them to "
                         "Auth.js's strings) or `id TEXT NOT NULL PRIMARY KEY`; ") +
                 kRebuild);
  }
}

/// ADD COLUMN for each Auth.js user field the table lacks; a unique index on email.
void plan_user_columns(Plan& p, const model::Table& users) {
  bool snake_case = snake_table(users);
  for (const auto& f : roles()[0].fields) {
    if (f.kind == FieldKind::UserId) continue;
    const model::Column* c = column_for(users, f);
    std::string type = kind_advice(f.kind, p.integer_ids);
    if (c && !kind_ok(f.kind, storage_of(*c, TypeOptions{}), p.integer_ids)) {
      p.refuse(p.at(users, c),
               "column " + users.name + "." + c->name + " is declared '" + c->type + "' but Auth.js's " + f.name +
                   " needs " + type,
               "declare it " + type + "; " + kRebuild);
      continue;
    }
    std::string column = c ? c->name : snake_case ? snake(f.name) : std::string(f.name);
    if (!c) {
      data d;
      d.set("first", p.added.empty() ? data::type::bool_true : data::type::bool_false);
      d.set("table", sql_name(users.name));
      d.set("column", sql_name(column));
      d.set("type", type);
      p.add.push_back(d);
      p.added.push_back({users.name, column});
    }
    if (f.kind == FieldKind::Email && !(c && c->unique)) {
      data d;
      d.set("name", sql_name(users.name + "_" + column + "_key"));
      d.set("table", sql_name(users.name));
      d.set("column", sql_name(column));
      p.unique.push_back(d);
    }
  }
}

/// True when `t` has every field of its model; E0704 when it has a model's name but is another table.
bool complete(Plan& p, const RoleSpec& spec, const model::Table& t) {
  std::string missing;
  for (const auto& f : spec.fields) {
    if (!column_for(t, f)) missing += (missing.empty() ? "" : ", ") + std::string(f.name);
  }
  if (missing.empty()) return true;
  p.refuse(p.at(t),
           "the schema already has a '" + t.name + "' table that is not Auth.js's " + spec.role + " table (it lacks " +
               missing + ")",
           "rename yours first in a migration of its own, e.g. `ALTER TABLE " + sql_name(t.name) + " RENAME TO " +
               sql_name("app_" + t.name) + ";`, then run `noormc new add_auth --auth` again");
  return false;
}

}  // namespace

std::optional<AuthMigration> auth_migration(const model::Schema& schema, const syntax::MigrationSet* sources,
                                            Diagnostics& diags) {
  auto found = find_models(schema);
  Plan p{sources, diags};
  data up, down;
  up.set("fresh", found.empty() ? data::type::bool_true : data::type::bool_false);
  down.set("fresh", found.empty() ? data::type::bool_true : data::type::bool_false);
  if (found.count("user")) {
    p.users = found["user"]->name;
    plan_user_id(p, *found["user"]);
    if (p.ok) plan_user_columns(p, *found["user"]);
  }
  data drop_tables{data::type::list};
  bool creates = false;
  for (const auto& m : kModels) {
    bool create = !found.count(m.role);
    if (!create && std::string(m.role) != "user") {
      for (const auto& spec : roles()) {
        if (spec.role == std::string(m.role)) complete(p, spec, *found[m.role]);
      }
    }
    up.set(m.section, create ? data::type::bool_true : data::type::bool_false);
    if (create) {
      data d;
      d.set("name", std::string(m.table));
      drop_tables.push_back(d);
      creates = true;
    }
  }
  if (!p.ok) return std::nullopt;
  if (!creates && p.added.empty() && p.unique.is_empty_list()) {
    syntax::add_at(diags, Severity::Error, "E0704", p.at(*found["user"]),
                   "the schema already has every Auth.js table and column: --auth has nothing to write")
        .notes.push_back("`noormc build` emits src/db/nextauth.ts from them; write other changes with `noormc new " +
                         std::string("NAME` (no --auth)"));
    return std::nullopt;
  }
  data reversed_tables{data::type::list}, drop_columns{data::type::list};
  auto& tables_list = drop_tables.list_value();
  for (auto it = tables_list.rbegin(); it != tables_list.rend(); ++it) reversed_tables.push_back(*it);
  for (auto it = p.added.rbegin(); it != p.added.rend(); ++it) {
    data d;
    d.set("table", sql_name(it->first));
    d.set("column", sql_name(it->second));
    drop_columns.push_back(d);
  }
  for (data* ctx : {&up, &down}) {
    ctx->set("usersTable", sql_name(p.users));
    ctx->set("usersId", sql_name(p.id));
    ctx->set("idType", p.integer_ids ? "INTEGER" : "TEXT");
    ctx->set("integerIds", p.integer_ids ? data::type::bool_true : data::type::bool_false);
    ctx->set("uniqueIndexes", p.unique);
  }
  up.set("addColumns", p.add);
  down.set("dropTables", reversed_tables);
  down.set("dropColumns", drop_columns);
  AuthMigration out{render_template("auth/up.sql.mustache", up, diags),
                    render_template("auth/down.sql.mustache", down, diags)};
  if (diags.has_errors()) return std::nullopt;
  return out;
}

}  // namespace noormc::emit
