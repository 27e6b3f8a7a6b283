#include "emit/nextauth.hpp"

#include <algorithm>
#include <set>

#include "emit/authjs.hpp"
#include "emit/naming.hpp"
#include "emit/render.hpp"
#include "emit/types.hpp"
#include "syntax/ast.hpp"
#include "syntax/sites.hpp"

namespace noormc::emit {

using kainjow::mustache::data;

namespace {

// ---------------------------------------------------------------- one table in its role

struct AuthColumn {
  const model::Column* c = nullptr;
  size_t index = 0;                  // in table order
  const FieldSpec* field = nullptr;  // null for an extra
  std::string prop;                  // TS row property
  Storage storage = Storage::Any;
  bool read = true, written = true;
};

struct AuthTable {
  const RoleSpec* spec = nullptr;
  const model::Table* table = nullptr;
  std::string row, meta;
  std::vector<AuthColumn> cols;

  const AuthColumn* field(const char* name) const {
    for (const auto& c : cols) {
      if (c.field && std::string(c.field->name) == name) return &c;
    }
    return nullptr;
  }
  std::vector<const AuthColumn*> read_list() const {
    std::vector<const AuthColumn*> out;
    for (const auto& c : cols) {
      if (c.read) out.push_back(&c);
    }
    return out;
  }
};

/// The encoder a value needs before it is bound, by Auth.js field or by the column's kind.
std::string encoder(const AuthColumn& c) {
  if (c.field) {
    if (c.field->kind == FieldKind::Date || c.field->kind == FieldKind::NullableDate) return "dateToDb";
    if (c.field->kind == FieldKind::Bool) return "boolToDb";
    if (c.field->kind == FieldKind::UserId && is_integer(c.storage)) return "idToDb";
    return "";
  }
  switch (c.storage) {
    case Storage::Date:
      return "dateToDb";
    case Storage::Boolean:
      return "boolToDb";
    case Storage::Json:
      return "jsonToDb";
    case Storage::Blob:
      return "bufferToDb";
    case Storage::BigInt:
      return "bigintToDb";
    default:
      return "";
  }
}

std::string access(const std::string& var, const std::string& prop) {
  return var + (is_identifier(prop) ? "." + prop : "[" + ts_string(prop) + "]");
}

std::string key_of(const AuthColumn& c) {
  return c.field ? c.field->name : property_key(c.prop);
}

/// The fixed alias nextauth.ts imports a role's row type under.
std::string row_alias(const AuthTable& t) {
  std::string role = t.spec->role;
  role[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(role[0])));
  return role + "Row";
}

/// `key: readExpr,` for a mapper, reading r[o + i].
std::string read_line(const AuthTable& t, const AuthColumn& c, size_t i, std::set<std::string>& used) {
  std::string r = "r[o + " + std::to_string(i) + "]";
  std::string expr;
  if (c.field) {
    switch (c.field->kind) {
      case FieldKind::UserId:
        expr = is_integer(c.storage) ? "String(" + r + ")" : r + " as string";
        break;
      case FieldKind::String:
      case FieldKind::Email:
        expr = r + " as string";
        break;
      case FieldKind::NullableString:
        expr = r + " as string | null";
        break;
      case FieldKind::Date:
        expr = "dateFromDb(" + r + ")";
        used.insert("dateFromDb");
        break;
      case FieldKind::NullableDate:
        expr = "dateOrNullFromDb(" + r + ")";
        used.insert("dateOrNullFromDb");
        break;
      case FieldKind::Number:
        expr = r + " as number";
        break;
      case FieldKind::Bool:
        expr = "boolFromDb(" + r + ")";
        used.insert("boolFromDb");
        break;
      case FieldKind::AccountType:
        expr = r + " as NoormmeAdapterAccountType";
        break;
    }
  } else {
    bool nullable = !c.c->not_null && !c.c->rowid_alias;
    std::string fn;
    switch (c.storage) {
      case Storage::Date:
        fn = nullable ? "dateOrNullFromDb" : "dateFromDb";
        break;
      case Storage::Boolean:
        fn = nullable ? "boolOrNullFromDb" : "boolFromDb";
        break;
      case Storage::Json:
        fn = "jsonFromDb";
        break;
      case Storage::BigInt:
        fn = nullable ? "bigintOrNullFromDb" : "bigintFromDb";
        break;
      default:
        break;
    }
    if (!fn.empty()) {
      used.insert(fn);
      expr = fn + "(" + r + ")";
    } else {
      expr = r + " as " + row_alias(t) + "[" + ts_string(c.prop) + "]";
    }
  }
  return key_of(c) + ": " + expr + ",";
}

}  // namespace

namespace {

/// The checks of one emit: where tables and columns were declared, and the diagnostics.
struct Checker {
  Checker(const EmitOptions& o, Diagnostics& d) : options(o), diags(d), topts{o.bigint} {}
  const EmitOptions& options;
  Diagnostics& diags;
  TypeOptions topts;
  bool integer_ids = false;  // users.id is the rowid (INTEGER PRIMARY KEY)
  bool ok = true;

  std::optional<syntax::Site> at(const model::Table& t, const model::Column* c = nullptr) const {
    if (!options.sources) return std::nullopt;
    return c ? syntax::column_site(*options.sources, t.name, c->name) : syntax::table_site(*options.sources, t.name);
  }
  void error(std::string code, const std::optional<syntax::Site>& site, std::string msg, std::string note) {
    syntax::add_at(diags, Severity::Error, std::move(code), site, std::move(msg)).notes.push_back(std::move(note));
    ok = false;
  }
  void warning(std::string code, const std::optional<syntax::Site>& site, std::string msg, std::string note) {
    syntax::add_at(diags, Severity::Warning, std::move(code), site, std::move(msg)).notes.push_back(std::move(note));
  }
};

/// Decides how ids are stored from users.id: TEXT, or the rowid (INTEGER PRIMARY KEY).
void check_user_id(Checker& ck, const model::Table& users) {
  for (const auto& c : users.columns) {
    if (squash(c.name) != "id") continue;
    Storage s = storage_of(c, ck.topts);
    if (is_integer(s) && !c.rowid_alias) {
      ck.error("E0812", ck.at(users, &c),
               "column " + users.name + "." + c.name +
                   " is INTEGER but not the table's INTEGER PRIMARY KEY, so SQLite "
                   "assigns no id to the users Auth.js creates",
               "declare it `" + sql_ident(c.name) + " INTEGER PRIMARY KEY` (the rowid), or TEXT for Auth.js's UUIDs");
    }
    ck.integer_ids = is_integer(s);
    if (!is_integer(s) && s != Storage::Text) {
      ck.error("E0812", ck.at(users, &c),
               "column " + users.name + "." + c.name + " is declared '" + c.type +
                   "' but Auth.js's user ids need TEXT or INTEGER PRIMARY KEY",
               "declare it `" + sql_ident(c.name) + " TEXT NOT NULL PRIMARY KEY` (ids from crypto.randomUUID()) or `" +
                   sql_ident(c.name) + " INTEGER PRIMARY KEY`");
    }
    return;
  }
}

/// The hint for a column whose declared type Auth.js's field cannot use.
std::string type_note(const FieldSpec& f, const model::Column& c, bool integer_ids) {
  if (f.kind == FieldKind::UserId) {
    return integer_ids ? "users.id is INTEGER PRIMARY KEY: declare " + sql_ident(c.name) +
                             " INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE"
                       : "users.id is TEXT: declare " + sql_ident(c.name) +
                             " TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE";
  }
  if (f.kind == FieldKind::Date || f.kind == FieldKind::NullableDate) {
    return "declare it DATETIME (ISO-8601 text, read back to the millisecond)";
  }
  return std::string("declare it ") + kind_advice(f.kind, integer_ids);
}

/// Every Auth.js field of the role has a column of a kind it can use.
void check_fields(Checker& ck, const AuthTable& at) {
  const auto& table = *at.table;
  for (const auto& f : at.spec->fields) {
    const AuthColumn* c = at.field(f.name);
    if (!c) {
      ck.error("E0811", ck.at(table),
               "table '" + table.name + "' has no column for the Auth.js field " + f.name + " (named " + f.name +
                   (snake(f.name) != f.name ? " or " + snake(f.name) : std::string()) + ")",
               "add it in a new migration: ALTER TABLE " + sql_ident(table.name) + " ADD COLUMN " + sql_ident(f.name) +
                   " " + kind_advice(f.kind, ck.integer_ids) + ";");
      continue;
    }
    if (!kind_ok(f.kind, c->storage, ck.integer_ids)) {
      std::string need = f.kind == FieldKind::UserId
                             ? std::string(ck.integer_ids ? "INTEGER, like users.id" : "TEXT, like users.id")
                             : kind_advice(f.kind, ck.integer_ids);
      if (!(f.kind == FieldKind::UserId && std::string(at.spec->role) == "user")) {
        ck.error("E0812", ck.at(table, c->c),
                 "column " + table.name + "." + c->c->name + " is declared '" + c->c->type + "' but Auth.js's " +
                     f.name + " needs " + need,
                 type_note(f, *c->c, ck.integer_ids));
      }
    }
    bool optional = f.kind == FieldKind::NullableString || f.kind == FieldKind::NullableDate || f.token ||
                    f.kind == FieldKind::Email;
    if (optional && c->c->not_null && !c->c->default_value) {
      ck.warning("W0811", ck.at(table, c->c),
                 "column " + table.name + "." + c->c->name + " is NOT NULL, but Auth.js may leave " + f.name + " out",
                 "allow NULL, or sign-ins that lack it (e.g. an OAuth user without email) will fail");
    }
  }
}

/// One role's table, with its columns matched to Auth.js's fields; problems go to `ck`.
AuthTable check_table(Checker& ck, const RoleSpec& spec, const model::Table& table) {
  AuthTable at;
  at.spec = &spec;
  at.table = &table;
  at.row = type_name(table.name);
  at.meta = table_meta_name(table.name);
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const auto& c = table.columns[i];
    AuthColumn ac;
    ac.c = &c;
    ac.index = i;
    ac.prop = property_name(c.name, ck.options.camel_case);
    ac.storage = storage_of(c, ck.topts);
    for (const auto& f : spec.fields) {
      if (squash(c.name) != squash(f.name)) continue;
      if (at.field(f.name)) {
        ck.error("E0813", ck.at(table, &c),
                 "columns of '" + table.name + "' match the Auth.js field " + f.name + " twice",
                 "keep one column named " + std::string(f.name) + " or " + snake(f.name));
      }
      ac.field = &f;
    }
    ac.written = c.generated.empty();
    // Auth.js types an account's other fields as JSON values: columns that are not are left to their DEFAULT.
    if (!ac.field && std::string(spec.role) == "account" &&
        (ac.storage == Storage::Date || ac.storage == Storage::Blob || ac.storage == Storage::BigInt ||
         ac.storage == Storage::Any || ac.storage == Storage::Json)) {
      ac.read = ac.written = false;
      if (c.not_null && !c.default_value && c.generated.empty()) {
        ck.error("E0812", ck.at(table, &c), "column " + table.name + "." + c.name + " is NOT NULL without a DEFAULT",
                 "the adapter cannot fill it (Auth.js gives accounts only JSON values): add a DEFAULT or allow NULL");
      }
    }
    at.cols.push_back(ac);
  }
  check_fields(ck, at);
  return at;
}

/// The role tables in roles() order (authenticator last, when present), or nothing after an error.
std::optional<std::vector<AuthTable>> check_roles(Checker& ck, std::map<std::string, const model::Table*>& found) {
  std::vector<AuthTable> tables;
  const model::Table* anchor = found.count("user") ? found["user"] : found.begin()->second;
  if (found.count("user")) check_user_id(ck, *found["user"]);
  for (const auto& spec : roles()) {
    if (!found.count(spec.role) && std::string(spec.role) == "authenticator") {
      ck.warning("W0810", ck.at(*anchor),
                 "no 'authenticators' table: the Auth.js adapter is emitted without the WebAuthn methods",
                 "enough for next-auth v4 and for v5 without the Passkey provider; to sign in with passkeys, "
                 "`noormc new add_passkeys --auth` writes the table as a migration");
      continue;
    }
    if (!found.count(spec.role)) {
      std::string names;
      for (const char* n : spec.tables) names += (names.empty() ? "" : " or ") + std::string(n);
      ck.error("E0810", ck.at(*anchor),
               "the Auth.js adapter needs a '" + std::string(spec.tables[0]) + "' table (named " + names + ")",
               "`noormc new add_auth --auth` writes the missing Auth.js tables and columns as a migration; see "
               "docs/guides/nextauth-setup.md");
      continue;
    }
    tables.push_back(check_table(ck, spec, *found[spec.role]));
  }
  if (!ck.ok) return std::nullopt;
  return tables;
}

}  // namespace

/// The checked Auth.js tables, in role order (users, accounts, sessions,
/// verification tokens, then authenticators when there are).
struct NextAuthPlan {
  std::vector<AuthTable> tables;
  bool webauthn = false;
  bool integer_ids = false;
};

std::shared_ptr<const NextAuthPlan> plan_nextauth(const model::Schema& schema, const EmitOptions& options,
                                                  Diagnostics& diags) {
  auto found = find_models(schema);
  // Intent: a verification-token or authenticator table, or accounts keyed by providerAccountId.
  bool intended = found.count("verificationToken") || found.count("authenticator");
  if (found.count("account")) {
    for (const auto& c : found["account"]->columns) intended = intended || squash(c.name) == "provideraccountid";
  }
  if (!intended) return nullptr;

  Checker ck(options, diags);
  auto checked = check_roles(ck, found);
  if (!checked) return nullptr;
  auto plan = std::make_shared<NextAuthPlan>();
  plan->tables = std::move(*checked);
  plan->webauthn = found.count("authenticator") > 0;
  plan->integer_ids = ck.integer_ids;
  return plan;
}

OutputFile render_nextauth(const NextAuthPlan& plan, const EmitOptions& options, Diagnostics& diags) {
  const std::vector<AuthTable>& tables = plan.tables;
  const bool webauthn = plan.webauthn;
  const bool integer_ids = plan.integer_ids;

  std::set<std::string> used{"NoormError", "mapSqliteError"};
  auto& user = tables[0];
  // Runtime imports; idToDb is the template's own helper.
  auto use_encoder = [&](const std::string& enc) {
    if (!enc.empty() && enc != "idToDb") used.insert(enc);
  };
  auto& account = tables[1];
  auto& session = tables[2];
  auto& vtoken = tables[3];
  static AuthTable none;
  auto& authn = webauthn ? tables[4] : none;

  auto list = [](const std::vector<std::string>& items, const std::string& prefix = "") {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + prefix + items[i];
    return out;
  };
  auto read_names = [&](const AuthTable& t) {
    std::vector<std::string> out;
    for (const auto* c : t.read_list()) out.push_back(sql_ident(c->c->name));
    return out;
  };
  auto col = [&](const AuthTable& t, const char* field) { return sql_ident(t.field(field)->c->name); };
  auto T = [&](const AuthTable& t) { return sql_ident(t.table->name); };

  // INSERT column and VALUES lists, and the method's parameter lines.
  struct Insert {
    std::string columns, values;
    std::vector<std::string> params;
  };
  bool uuid = false;  // an insert generates ids with crypto.randomUUID()
  auto insert_of = [&](const AuthTable& t, const std::string& var) {
    Insert ins;
    std::vector<std::string> cols, vals;
    auto pk = t.table->primary_key();
    for (const auto& c : t.cols) {
      if (!c.written) continue;
      cols.push_back(sql_ident(c.c->name));
      std::string enc = encoder(c);
      use_encoder(enc);
      std::string value = access(var, c.field ? c.field->name : c.prop);
      std::string enc_arg = enc.empty() ? "" : ", " + enc;
      if (c.field && std::string(t.spec->role) == "user" && std::string(c.field->name) == "id") {
        vals.push_back("?");
        uuid = uuid || !integer_ids;
        ins.params.push_back(integer_ids ? "p.push(newIdToDb(" + value + "));"
                                         : "p.push(" + value + " ?? randomUUID());");
      } else if (!c.field && c.c->default_value) {
        vals.push_back("CASE WHEN ? THEN ? ELSE (" + *c.c->default_value + ") END");
        ins.params.push_back("opt(p, " + value + enc_arg + ");");
      } else if (!c.field && pk.size() == 1 && pk[0] == c.c && c.storage == Storage::Text) {
        vals.push_back("?");
        uuid = true;
        ins.params.push_back("p.push(" + value + " ?? randomUUID());");
      } else {
        vals.push_back("?");
        ins.params.push_back("p.push(val(" + value + enc_arg + "));");
      }
    }
    ins.columns = list(cols);
    ins.values = list(vals);
    return ins;
  };
  auto update_of = [&](const AuthTable& t, const std::string& var, const char* lookup, std::string& set) {
    std::vector<std::string> params, sets;
    for (const auto& c : t.cols) {
      if (!c.written || c.c->primary_key > 0 || (c.field && std::string(c.field->name) == lookup)) continue;
      std::string enc = encoder(c);
      use_encoder(enc);
      std::string q = sql_ident(c.c->name);
      sets.push_back(q + " = CASE WHEN ? THEN ? ELSE " + q + " END");
      params.push_back("opt(p, " + access(var, c.field ? c.field->name : c.prop) + (enc.empty() ? "" : ", " + enc) +
                       ");");
    }
    const AuthColumn* key = t.field(lookup);
    std::string key_enc = key ? encoder(*key) : std::string();
    params.push_back("p.push(" + (key_enc.empty() ? access(var, lookup) : key_enc + "(" + access(var, lookup) + ")") +
                     ");");
    set = list(sets);
    return params;
  };

  Insert user_ins = insert_of(user, "user"), account_ins = insert_of(account, "account"),
         session_ins = insert_of(session, "session"), vtoken_ins = insert_of(vtoken, "token"),
         authn_ins = webauthn ? insert_of(authn, "authenticator") : Insert{};
  std::string user_set, session_set;
  auto user_update = update_of(user, "user", "id", user_set);
  auto session_update = update_of(session, "session", "sessionToken", session_set);

  const std::string U = list(read_names(user)), A = list(read_names(account)), S = list(read_names(session)),
                    V = list(read_names(vtoken)), Tn = webauthn ? list(read_names(authn)) : std::string();
  const std::string uU = list(read_names(user), "u."), sS = list(read_names(session), "s.");
  std::vector<std::pair<std::string, std::string>> sql = {
      {"USER_BY_ID", "SELECT " + U + " FROM " + T(user) + " WHERE " + col(user, "id") + " = ?"},
      {"USER_BY_EMAIL", "SELECT " + U + " FROM " + T(user) + " WHERE " + col(user, "email") + " = ?"},
      {"USER_BY_ACCOUNT", "SELECT " + uU + " FROM " + T(account) + " AS a JOIN " + T(user) + " AS u ON u." +
                              col(user, "id") + " = a." + col(account, "userId") + " WHERE a." +
                              col(account, "provider") + " = ? AND a." + col(account, "providerAccountId") + " = ?"},
      {"USER_INSERT",
       "INSERT INTO " + T(user) + " (" + user_ins.columns + ") VALUES (" + user_ins.values + ") RETURNING " + U},
      {"USER_UPDATE", "UPDATE " + T(user) + " SET " + user_set + " WHERE " + col(user, "id") + " = ? RETURNING " + U},
      {"USER_DELETE", "DELETE FROM " + T(user) + " WHERE " + col(user, "id") + " = ? RETURNING " + U},
      {"USER_DELETE_ACCOUNTS", "DELETE FROM " + T(account) + " WHERE " + col(account, "userId") + " = ?"},
      {"USER_DELETE_SESSIONS", "DELETE FROM " + T(session) + " WHERE " + col(session, "userId") + " = ?"},
      {"", ""},
      {"ACCOUNT_INSERT", "INSERT INTO " + T(account) + " (" + account_ins.columns + ") VALUES (" + account_ins.values +
                             ") RETURNING " + A},
      {"ACCOUNT_BY_PROVIDER", "SELECT " + A + " FROM " + T(account) + " WHERE " + col(account, "provider") +
                                  " = ? AND " + col(account, "providerAccountId") + " = ?"},
      {"ACCOUNT_DELETE", "DELETE FROM " + T(account) + " WHERE " + col(account, "provider") + " = ? AND " +
                             col(account, "providerAccountId") + " = ? RETURNING " + A},
      {"", ""},
      {"SESSION_INSERT", "INSERT INTO " + T(session) + " (" + session_ins.columns + ") VALUES (" + session_ins.values +
                             ") RETURNING " + S},
      {"SESSION_AND_USER", "SELECT " + sS + ", " + uU + " FROM " + T(session) + " AS s JOIN " + T(user) +
                               " AS u ON u." + col(user, "id") + " = s." + col(session, "userId") + " WHERE s." +
                               col(session, "sessionToken") + " = ?"},
      {"SESSION_UPDATE", "UPDATE " + T(session) + " SET " + session_set + " WHERE " + col(session, "sessionToken") +
                             " = ? RETURNING " + S},
      {"SESSION_DELETE",
       "DELETE FROM " + T(session) + " WHERE " + col(session, "sessionToken") + " = ? RETURNING " + S},
      {"", ""},
      {"VERIFICATION_TOKEN_INSERT",
       "INSERT INTO " + T(vtoken) + " (" + vtoken_ins.columns + ") VALUES (" + vtoken_ins.values + ") RETURNING " + V},
      {"VERIFICATION_TOKEN_USE", "DELETE FROM " + T(vtoken) + " WHERE " + col(vtoken, "identifier") + " = ? AND " +
                                     col(vtoken, "token") + " = ? RETURNING " + V},
  };
  if (webauthn) {
    // After USER_DELETE_SESSIONS (the ninth statement), then a group of their own.
    sql.insert(sql.begin() + 8,
               {"USER_DELETE_AUTHENTICATORS", "DELETE FROM " + T(authn) + " WHERE " + col(authn, "userId") + " = ?"});
    std::vector<std::pair<std::string, std::string>> group = {
        {"", ""},
        {"AUTHENTICATOR_INSERT",
         "INSERT INTO " + T(authn) + " (" + authn_ins.columns + ") VALUES (" + authn_ins.values + ") RETURNING " + Tn},
        {"AUTHENTICATOR_BY_ID", "SELECT " + Tn + " FROM " + T(authn) + " WHERE " + col(authn, "credentialID") + " = ?"},
        {"AUTHENTICATOR_BY_USER", "SELECT " + Tn + " FROM " + T(authn) + " WHERE " + col(authn, "userId") +
                                      " = ? ORDER BY " + col(authn, "credentialID")},
        {"AUTHENTICATOR_UPDATE_COUNTER", "UPDATE " + T(authn) + " SET " + col(authn, "counter") + " = ? WHERE " +
                                             col(authn, "credentialID") + " = ? RETURNING " + Tn},
    };
    sql.insert(sql.end(), group.begin(), group.end());
  }
  data sql_lines{data::type::list};
  for (const auto& [name, text] : sql) {
    if (name.empty()) {
      sql_lines.push_back(data(std::string()));
      continue;
    }
    std::string one_line = "const " + name + " = " + ts_string(text) + ";";
    sql_lines.push_back(data(one_line.size() <= 120 ? one_line : "const " + name + " =\n  " + ts_string(text) + ";"));
  }

  // Mappers.
  auto lines_of = [&](const AuthTable& t, bool skip_tokens) {
    data out{data::type::list};
    auto rl = t.read_list();
    for (size_t i = 0; i < rl.size(); ++i) {
      if (skip_tokens && rl[i]->field && rl[i]->field->token) continue;
      out.push_back(data(read_line(t, *rl[i], i, used)));
    }
    return out;
  };
  data token_lines{data::type::list};
  {
    auto rl = account.read_list();
    for (size_t i = 0; i < rl.size(); ++i) {
      if (!rl[i]->field || !rl[i]->field->token) continue;
      token_lines.push_back(data("if ((v = r[o + " + std::to_string(i) + "]) !== null) a." + rl[i]->field->name +
                                 " = v as " + rl[i]->field->token_type + ";"));
    }
  }

  // Field unions: row properties of the field columns, in Auth.js's order.
  auto fields_of = [&](const AuthTable& t, const std::string& type, bool multiline,
                       const std::vector<std::string>& extra) {
    std::vector<std::string> props;
    for (const auto& f : t.spec->fields) props.push_back(ts_string(t.field(f.name)->prop));
    for (const auto& e : extra) props.push_back(ts_string(e));
    if (!multiline)
      return "type " + type + " = " + [&] {
        std::string s;
        for (size_t i = 0; i < props.size(); ++i) s += (i ? " | " : "") + props[i];
        return s;
      }() + ";";
    std::string s = "type " + type + " =";
    for (const auto& p : props) s += "\n  | " + p;
    return s + ";";
  };
  std::vector<std::string> account_skipped;
  for (const auto& c : account.cols) {
    if (!c.read) account_skipped.push_back(c.prop);
  }
  std::string account_doc = "/** Row properties of `" + account.table->name + "` that hold Auth.js fields";
  if (account_skipped.empty()) {
    account_doc += ". */";
  } else {
    std::string names;
    for (size_t i = 0; i < account_skipped.size(); ++i) names += (i ? ", " : "") + account_skipped[i];
    account_doc += ", and its columns the adapter leaves to their DEFAULT (not JSON values: " + names + "). */";
  }

  data ctx;
  ctx.set("tablesComment", user.table->name + ", " + account.table->name + ", " + session.table->name + ", " +
                               vtoken.table->name + (webauthn ? ", " + authn.table->name : std::string()));
  ctx.set("webauthn", webauthn ? data::type::bool_true : data::type::bool_false);
  ctx.set("randomUUID", uuid ? data::type::bool_true : data::type::bool_false);
  ctx.set("integerIds", integer_ids ? data::type::bool_true : data::type::bool_false);
  ctx.set("idParam", integer_ids ? "idToDb(id)" : "id");
  ctx.set("userIdParam", integer_ids ? "idToDb(userId)" : "userId");
  ctx.set("ext", options.import_extension);
  ctx.set("userTable", user.table->name);
  ctx.set("sessionTable", session.table->name);
  ctx.set("verificationTokenTable", vtoken.table->name);
  if (webauthn) ctx.set("authenticatorTable", authn.table->name);
  ctx.set("userFields", fields_of(user, "UserFields", false, {}));
  ctx.set("accountFieldsDoc", account_doc);
  ctx.set("accountFields", fields_of(account, "AccountFields", true, account_skipped));
  ctx.set("sessionFields", fields_of(session, "SessionFields", false, {}));
  ctx.set("verificationTokenFields", fields_of(vtoken, "VerificationTokenFields", false, {}));
  if (webauthn) ctx.set("authenticatorFields", fields_of(authn, "AuthenticatorFields", true, {}));
  ctx.set("sqlLines", sql_lines);
  ctx.set("userLines", lines_of(user, false));
  ctx.set("accountLines", lines_of(account, true));
  ctx.set("accountTokenLines", token_lines);
  ctx.set("sessionLines", lines_of(session, false));
  ctx.set("verificationTokenLines", lines_of(vtoken, false));
  if (webauthn) ctx.set("authenticatorLines", lines_of(authn, false));
  auto params = [](const std::vector<std::string>& v) {
    data out{data::type::list};
    for (const auto& s : v) out.push_back(data(s));
    return out;
  };
  ctx.set("createUserParams", params(user_ins.params));
  ctx.set("updateUserParams", params(user_update));
  ctx.set("linkAccountParams", params(account_ins.params));
  ctx.set("createSessionParams", params(session_ins.params));
  ctx.set("updateSessionParams", params(session_update));
  ctx.set("createVerificationTokenParams", params(vtoken_ins.params));
  ctx.set("createAuthenticatorParams", params(authn_ins.params));
  ctx.set("sessionReadCount", std::to_string(session.read_list().size()));
  ctx.set("userIdColumn", ts_string(user.field("id")->c->name));
  if (webauthn) ctx.set("credentialIdColumn", ts_string(authn.field("credentialID")->c->name));

  // Imports: runtime values then types; schema names under fixed aliases.
  std::vector<std::string> runtime(used.begin(), used.end());
  runtime.push_back("type Connection");
  runtime.push_back("type TableMeta");
  data ri{data::type::list};
  for (const auto& r : runtime) ri.push_back(data(r));
  ctx.set("runtimeImports", ri);
  std::vector<std::pair<std::string, std::string>> values, types;
  const char* aliases[] = {"user", "account", "session", "verificationToken", "authenticator"};
  const char* rows[] = {"UserRow", "AccountRow", "SessionRow", "VerificationTokenRow", "AuthenticatorRow"};
  for (size_t i = 0; i < tables.size(); ++i) {
    values.push_back({tables[i].meta, tables[i].meta + " as " + aliases[i] + "Meta"});
    types.push_back({tables[i].row, "type " + tables[i].row + " as " + rows[i]});
    types.push_back({tables[i].row + "Patch", "type " + tables[i].row + "Patch as " + rows[i] + "Patch"});
  }
  std::sort(values.begin(), values.end());
  std::sort(types.begin(), types.end());
  data si{data::type::list};
  for (const auto& v : values) si.push_back(data(v.second));
  for (const auto& t : types) si.push_back(data(t.second));
  ctx.set("schemaImports", si);

  return OutputFile{"nextauth.ts", render_template("nextauth.ts.mustache", ctx, diags)};
}

}  // namespace noormc::emit
