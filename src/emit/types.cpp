#include "emit/types.hpp"

#include <string_view>

#include "checks/defaults.hpp"
#include "model/resolve.hpp"

namespace noormc::emit {

/// ASCII upper case (what std::toupper does in the "C" locale noormc runs in), without a call.
static char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

static bool word_char(char c) {
  char u = upper(c);
  return (u >= 'A' && u <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static std::string first_word_upper(const std::string& type) {
  std::string out;
  for (char c : type) {
    if (word_char(c)) {
      out.push_back(upper(c));
    } else if (!out.empty()) {
      break;
    }
  }
  return out;
}

/// True when `type`, in upper case, holds `part` (upper case).
static bool holds_upper(std::string_view type, std::string_view part) {
  for (size_t at = 0; at + part.size() <= type.size(); ++at) {
    size_t i = 0;
    while (i < part.size() && upper(type[at + i]) == part[i]) ++i;
    if (i == part.size()) return true;
  }
  return false;
}

Storage storage_of(const model::Column& c, const TypeOptions& options) {
  std::string w = first_word_upper(c.type);
  if (w == "BOOLEAN" || w == "BOOL") return Storage::Boolean;
  if (w == "DATE" || w == "DATETIME" || w == "TIMESTAMP" || w == "TIMESTAMPTZ") return Storage::Date;
  if (w == "JSON" || w == "JSONB") return Storage::Json;
  if (w == "BIGINT" || w == "INT8" || holds_upper(c.type, "BIG INT")) {
    return options.bigint ? Storage::BigInt : Storage::Integer;
  }
  if (c.type.empty() || w == "ANY") return Storage::Any;
  switch (model::affinity_of(c.type)) {
    case model::Affinity::Integer:
      return Storage::Integer;
    case model::Affinity::Text:
      return Storage::Text;
    case model::Affinity::Blob:
      return Storage::Blob;
    case model::Affinity::Real:
      return Storage::Real;
    case model::Affinity::Numeric:
      return Storage::Numeric;
  }
  return Storage::Any;
}

std::string ts_base_type(const model::Column& c, const TypeOptions& options) {
  return ts_base_type(c, storage_of(c, options));
}

std::string ts_base_type(const model::Column& c, Storage s) {
  if (!c.check_in.empty() && (s == Storage::Text || s == Storage::Any || s == Storage::Numeric)) {
    std::string out;
    for (const auto& v : c.check_in) {
      if (!out.empty()) out += " | ";
      std::string esc;
      for (char ch : v) {
        if (ch == '\'' || ch == '\\') esc.push_back('\\');
        esc.push_back(ch);
      }
      out += "'" + esc + "'";
    }
    return out;
  }
  // A DEFAULT stored in another class (INTEGER DEFAULT CURRENT_TIMESTAMP is TEXT): its type too (W0510).
  std::string also = c.default_value && (s == Storage::Integer || s == Storage::Real || s == Storage::Numeric ||
                                         s == Storage::BigInt || s == Storage::Text)
                         ? checks::default_class_mismatch(c.type, *c.default_value)
                         : "";
  if (!also.empty()) also = also == "text" ? " | string" : " | Buffer";
  switch (s) {
    case Storage::Integer:
    case Storage::Real:
    case Storage::Numeric:
      return "number" + also;
    case Storage::BigInt:
      return "bigint" + also;
    case Storage::Text:
      return "string" + also;
    case Storage::Blob:
      return "Buffer";
    case Storage::Boolean:
      return "boolean";
    case Storage::Date:
      return "Date";
    case Storage::Json:
    case Storage::Any:
      return "unknown";
  }
  return "unknown";
}

bool nullable(const model::Column& c) {
  return !c.not_null && !c.rowid_alias;
}

std::string ts_row_type(const model::Column& c, const TypeOptions& options) {
  std::string base = ts_base_type(c, options);
  if (base == "unknown") return base;
  return nullable(c) ? base + " | null" : base;
}

const char* storage_name(Storage s) {
  switch (s) {
    case Storage::Integer:
      return "integer";
    case Storage::BigInt:
      return "bigint";
    case Storage::Real:
      return "real";
    case Storage::Numeric:
      return "numeric";
    case Storage::Text:
      return "text";
    case Storage::Blob:
      return "blob";
    case Storage::Boolean:
      return "boolean";
    case Storage::Date:
      return "date";
    case Storage::Json:
      return "json";
    case Storage::Any:
      return "any";
  }
  return "any";
}

}  // namespace noormc::emit
