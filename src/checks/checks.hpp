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

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

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
  /// Milliseconds per stage (noormc.sum, replay, semantics), for --timings.
  std::vector<std::pair<std::string, double>> timings;
};

class ReplayCache;

/// Runs every check over `set` (loaded by syntax::load_migrations, whose
/// diagnostics should already be in `diags`). Diagnostics are appended to
/// `diags`; warnings silenced by `-- noormc:allow CODE` are removed. Never writes.
/// With `cache` (kept from the previous run over the same folder), the
/// migrations before the first changed one are not replayed again; the result
/// and the diagnostics are the same as without it.
CheckResult run_checks(const syntax::MigrationSet& set, const CheckOptions& options, Diagnostics& diags,
                       ReplayCache* cache = nullptr);

/// What run_checks keeps of a run for the next run over the same folder
/// (`noormc watch`): per migration that applied, the diagnostics its up and
/// down raised and a snapshot of the catalog after its up (snapshots share
/// every object they did not change, state.hpp). A migration is reused when it
/// and every migration before it have the same files (the same SourceFile
/// objects: syntax::ParseCache hands out the same object for the same path and
/// bytes), the same files are broken by syntax errors, and the options are the
/// same; the replay resumes after the last reused snapshot. Everything
/// folder-wide (noormc.sum, semantics after the last migration, allowed
/// warnings) runs again.
class ReplayCache {
 public:
  /// Migrations reused and replayed by the last run.
  size_t reused() const { return reused_; }
  size_t replayed() const { return replayed_; }

  /// @internal run_checks' side: the first migration to replay; `catalog` is
  /// set to the snapshot before it and the reused diagnostics are appended.
  size_t resume(const syntax::MigrationSet& set, const CheckOptions& options, const std::set<std::string>& broken,
                model::Catalog& catalog, Diagnostics& diags);
  /// @internal Records migration `i`, which applied: `catalog` is the model after its up.
  void record(size_t i, const syntax::Migration& m, const std::set<std::string>& broken, const model::Catalog& catalog,
              std::vector<Diagnostic> raised);
  /// @internal The run replayed `n` migrations after the reused ones.
  void replayed(size_t n) { replayed_ = n; }
  /// @internal noormc.sum's line hashes of the earlier runs.
  HashMemo sum;

  /// Snapshots kept: after every kEvery-th migration and after the last, so a
  /// watch process holds the catalog about 1000 / kEvery times, not 1000 times.
  static constexpr size_t kEvery = 16;

 private:
  struct Step {
    std::shared_ptr<SourceFile> up, down;
    bool up_broken = false, down_broken = false;
    std::vector<Diagnostic> raised;
    std::optional<model::Catalog> after;
  };
  bool same(const Step& step, const syntax::Migration& m, const std::set<std::string>& broken) const;
  std::vector<Step> steps_;
  std::optional<CheckOptions> options_;
  size_t reused_ = 0, replayed_ = 0;
};

/// Removes the warnings of diags.items()[from...] that lie inside a statement
/// carrying `-- noormc:allow CODE` for their code.
void drop_allowed(const syntax::MigrationSet& set, Diagnostics& diags, size_t from);

}  // namespace noormc::checks
