// Semantic checks after the last migration (docs/reference/contract.md#5-the-schema-model: noormc is stricter
// than SQLite where SQLite accepts a likely bug).
#pragma once

#include "diag/diagnostics.hpp"
#include "model/catalog.hpp"

namespace noormc::checks {

/// Foreign keys, views and triggers of the final catalog: E0212 (a parent
/// table that never exists), E0201/E0202 (a view or trigger reading a missing
/// table or column), E0401 (a parent column that does not exist) and E0402 (a
/// parent key that is neither the primary key nor UNIQUE: "foreign key
/// mismatch" at run time).
void check_semantics(const model::Catalog& catalog, Diagnostics& diags);

}  // namespace noormc::checks
