// Auth.js's database models (https://authjs.dev/concepts/database-models):
// the tables each model may live in and the fields the adapter reads and
// writes. Shared by the adapter (nextauth.cpp) and `noormc new --auth`.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "emit/types.hpp"
#include "model/schema.hpp"

namespace noormc::emit {

/// UserId: users.id and the userId of accounts, sessions and authenticators. Auth.js's ids are
/// strings; the column is TEXT (ids from crypto.randomUUID()) or, in an existing app, the
/// rowid (INTEGER PRIMARY KEY), converted to and from decimal strings.
enum class FieldKind { String, NullableString, Email, Date, NullableDate, Number, Bool, AccountType, UserId };

struct FieldSpec {
  const char* name;
  FieldKind kind;
  bool token = false;  // an account token field: absent in the object when NULL
  const char* token_type = "";
};

struct RoleSpec {
  const char* role;  // user, account, session, verificationToken, authenticator
  std::vector<const char*> tables;
  std::vector<FieldSpec> fields;
};

/// The five models, in the adapter's order: user, account, session, verificationToken, authenticator.
const std::vector<RoleSpec>& roles();

/// Each model's table in the schema (first match by roles() table names, case-insensitive), by model name.
std::map<std::string, const model::Table*> find_models(const model::Schema& schema);

/// `emailVerified`, `email_verified`, `EmailVerified` → `emailverified`: how columns match fields.
std::string squash(std::string_view s);

/// `emailVerified` → `email_verified`.
std::string snake(std::string_view field);

/// INTEGER storage (a number, or a bigint with "bigint": true).
bool is_integer(Storage s);

/// Whether a column stored as `s` can hold field kind `k`; `integer_ids` when users.id is the rowid.
bool kind_ok(FieldKind k, Storage s, bool integer_ids);

/// The declared type to advise for a field: TEXT, DATETIME, INTEGER or BOOLEAN.
const char* kind_advice(FieldKind k, bool integer_ids);

}  // namespace noormc::emit
