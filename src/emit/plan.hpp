// Stage 4, first step: planning. Everything the generated code is made of
// except its text: each table's and view's names (identifiers.hpp), typed
// columns and relations, and the checked Auth.js tables. Every problem the
// schema poses to the generated code (E08xx) is found here, so `check` and
// `inspect` plan without rendering; `build` renders the plan (emit.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "emit/identifiers.hpp"
#include "emit/relations.hpp"
#include "emit/types.hpp"
#include "model/schema.hpp"

namespace noormc::emit {

struct EmitOptions;
struct NextAuthPlan;  // nextauth.cpp

/// A column of a table or view, typed for TypeScript.
struct Col {
  std::string name, prop;
  size_t index = 0;
  std::string sql_type, kind, ts_type, ts_type_not_null;
  bool nullable = false, has_default = false, optional_in_new = false;
  int primary_key = 0;
  std::string generated;       // "", "virtual", "stored"
  std::string generated_expr;  // a generated column's expression, as written
  std::vector<std::string> enum_values;
  std::string enum_type;
  std::string read_expr;
  Storage storage = Storage::Any;
  bool safe_integers = false;
  bool is_key = false, writable = true;
};

/// A table or view with its names and typed columns.
struct Tab {
  const model::Table* table = nullptr;  // null for a view (points into the planned schema)
  const model::View* view = nullptr;
  std::string name;
  TableNames n;
  std::vector<Col> cols;
  std::vector<size_t> key_cols;  // indexes into cols, key order
  bool safe_integers = false;
  bool has_key() const { return !key_cols.empty(); }
};

/// The plan of one schema. It points into the schema it was made from, which
/// must outlive it.
struct Plan {
  std::vector<Tab> tables, views;                // schema order
  std::vector<std::vector<Relation>> relations;  // parallel to tables
  std::shared_ptr<const NextAuthPlan> auth;      // null when no adapter is emitted
  bool ok = false;                               // no E08xx error
};

/// Plans the generated code of `schema`: names (E0801 when two tables want one
/// type), types, relations, and the Auth.js adapter's checks (E081x, W081x).
/// Problems go to `diags`; `ok` is false when one is an error.
Plan plan_typescript(const model::Schema& schema, const EmitOptions& options, Diagnostics& diags);

}  // namespace noormc::emit
