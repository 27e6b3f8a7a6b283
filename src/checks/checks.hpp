// Stage 3: the checks of docs/reference/contract.md#2-the-migrations-folder and #4-diagnostics
// over a migrations folder:
// conflicts and integrity (noormc.sum), replay with hazards, semantics after
// the last migration, and reversibility. Every code is listed with an example
// and its fix in docs/reference/checks.md.
//
// `noormc check` runs them without writing anything; `noormc build` runs them
// too and reuses the replay:
//
//   Diagnostics diags;
//   auto set = syntax::load_migrations(dir, diags);
//   auto result = checks::run_checks(set, checks::CheckOptions{}, diags);
//   if (!result.ok) ... print diags, exit 1 ...
//   checks::write_sum_if_missing(set, diags);   // a first build records noormc.sum
//   emit(result.schema, ...);
#pragma once

#include "diag/diagnostics.hpp"
#include "model/catalog.hpp"
#include "model/schema.hpp"
#include "syntax/folder.hpp"

// The sum and scaffolding functions build and new call.
#include "checks/sum.hpp"

namespace noormc::checks {

struct CheckOptions {
  /// --strict: every warning becomes an error (a missing down file included).
  bool strict = false;
  /// Verify noormc.sum (E0301-E0306).
  bool integrity = true;
  /// W0301 when the folder has no noormc.sum. `build` passes false, then
  /// calls write_sum_if_missing() once the checks pass.
  bool missing_sum_warns = true;
  /// Replay every down file after its up (W0601, E0602, W0603, and the hazards
  /// of down files); false skips down files altogether.
  bool reversibility = true;
};

struct CheckResult {
  model::Catalog catalog;     // after the last up migration that applied
  model::Schema schema;       // catalog.schema(), computed once
  size_t applied = 0;         // up migrations applied without error
  bool replayed_all = false;  // every up migration applied
  bool ok = false;            // no errors in `diags` (after --strict promotion)
};

/// Runs every check over `set` (loaded by syntax::load_migrations, whose
/// diagnostics should already be in `diags`). Diagnostics are appended to
/// `diags`; warnings silenced by `-- noormc:allow CODE` are removed. Never writes.
CheckResult run_checks(const syntax::MigrationSet& set, const CheckOptions& options, Diagnostics& diags);

/// Removes the warnings of diags.items()[from...] that lie inside a statement
/// carrying `-- noormc:allow CODE` for their code.
void drop_allowed(const syntax::MigrationSet& set, Diagnostics& diags, size_t from);

}  // namespace noormc::checks
