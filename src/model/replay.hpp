// Replays a migrations folder into a Catalog: every up migration, in order.
#pragma once

#include "diag/diagnostics.hpp"
#include "model/catalog.hpp"
#include "syntax/folder.hpp"

namespace noormc::model {

struct ReplayResult {
  Catalog catalog;
  size_t applied = 0;  // migrations applied without error
  bool ok = true;
};

/// Applies the up migrations `[0, upto)` in order. A migration with an error
/// stops the replay after it (its other errors are still reported), since
/// SQLite would stop there too.
ReplayResult replay(const syntax::MigrationSet& set, Diagnostics& diags, size_t upto = SIZE_MAX);

/// Applies one file's statements; false when any was refused.
bool apply_file(Catalog& catalog, const syntax::ParsedFile& parsed, const SourceFile& file, Diagnostics& diags);

}  // namespace noormc::model
