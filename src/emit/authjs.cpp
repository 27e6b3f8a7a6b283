#include "emit/authjs.hpp"

#include <cctype>

#include "syntax/ast.hpp"

namespace noormc::emit {

const std::vector<RoleSpec>& roles() {
  static const std::vector<RoleSpec> r = {
      {"user",
       {"users", "user"},
       {{"id", FieldKind::UserId},
        {"name", FieldKind::NullableString},
        {"email", FieldKind::Email},
        {"emailVerified", FieldKind::NullableDate},
        {"image", FieldKind::NullableString}}},
      {"account",
       {"accounts", "account"},
       {{"userId", FieldKind::UserId},
        {"type", FieldKind::AccountType},
        {"provider", FieldKind::String},
        {"providerAccountId", FieldKind::String},
        {"refresh_token", FieldKind::String, true, "string"},
        {"access_token", FieldKind::String, true, "string"},
        {"expires_at", FieldKind::Number, true, "number"},
        {"token_type", FieldKind::String, true, "Lowercase<string>"},
        {"scope", FieldKind::String, true, "string"},
        {"id_token", FieldKind::String, true, "string"},
        {"session_state", FieldKind::String, true, "string"}}},
      {"session",
       {"sessions", "session"},
       {{"sessionToken", FieldKind::String}, {"userId", FieldKind::UserId}, {"expires", FieldKind::Date}}},
      {"verificationToken",
       {"verification_tokens", "verification_token", "verificationtokens", "verificationtoken"},
       {{"identifier", FieldKind::String}, {"token", FieldKind::String}, {"expires", FieldKind::Date}}},
      {"authenticator",
       {"authenticators", "authenticator"},
       {{"credentialID", FieldKind::String},
        {"userId", FieldKind::UserId},
        {"providerAccountId", FieldKind::String},
        {"credentialPublicKey", FieldKind::String},
        {"counter", FieldKind::Number},
        {"credentialDeviceType", FieldKind::String},
        {"credentialBackedUp", FieldKind::Bool},
        {"transports", FieldKind::NullableString}}},
  };
  return r;
}

std::string squash(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string snake(std::string_view field) {
  std::string out;
  for (char c : field) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != '_') out.push_back('_');
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool is_integer(Storage s) {
  return s == Storage::Integer || s == Storage::BigInt;
}

bool kind_ok(FieldKind k, Storage s, bool integer_ids) {
  switch (k) {
    case FieldKind::UserId:
      return integer_ids ? is_integer(s) : s == Storage::Text;
    case FieldKind::String:
    case FieldKind::NullableString:
    case FieldKind::Email:
    case FieldKind::AccountType:
      return s == Storage::Text;
    case FieldKind::Date:
    case FieldKind::NullableDate:
      return s == Storage::Date || s == Storage::Text;
    case FieldKind::Number:
      return s == Storage::Integer || s == Storage::Real || s == Storage::Numeric;
    case FieldKind::Bool:
      return s == Storage::Boolean || s == Storage::Integer;
  }
  return false;
}

const char* kind_advice(FieldKind k, bool integer_ids) {
  switch (k) {
    case FieldKind::UserId:
      return integer_ids ? "INTEGER" : "TEXT";
    case FieldKind::String:
    case FieldKind::NullableString:
    case FieldKind::Email:
    case FieldKind::AccountType:
      return "TEXT";
    case FieldKind::Date:
    case FieldKind::NullableDate:
      return "DATETIME";
    case FieldKind::Number:
      return "INTEGER";
    case FieldKind::Bool:
      return "BOOLEAN";
  }
  return "TEXT";
}

std::map<std::string, const model::Table*> find_models(const model::Schema& schema) {
  std::map<std::string, const model::Table*> found;
  for (const auto& spec : roles()) {
    for (const auto& t : schema.tables) {
      if (t.virtual_module) continue;
      for (const char* name : spec.tables) {
        if (syntax::same_name(squash(t.name), squash(name)) && !found.count(spec.role)) found[spec.role] = &t;
      }
    }
  }
  return found;
}

}  // namespace noormc::emit
