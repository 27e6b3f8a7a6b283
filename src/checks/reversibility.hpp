// Reversibility (docs/reference/contract.md#2-the-migrations-folder): replaying a migration's up and then its down
// must give back the model from before the up.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "diag/diagnostics.hpp"
#include "model/catalog.hpp"
#include "model/schema.hpp"
#include "syntax/folder.hpp"

namespace noormc::checks {

/// The first way `after` differs from `before`, phrased as what a down file
/// does wrong ("leaves column users.first_name that the up added"), or nullopt
/// when they are the same. Compared as the PRAGMAs report the schema: tables,
/// their flags and columns (in order, with type, NOT NULL, default, key
/// position, generated), foreign keys, indexes (name, unique, origin, partial,
/// columns), views (name, columns) and triggers (name, table). The order of
/// foreign keys, indexes, views and triggers is not compared: re-creating an
/// object moves it to the end of SQLite's lists without changing its meaning.
/// Differences in column order come last: `order_only` says the schemas differ
/// only there (a down that adds a dropped column back at the end).
struct Difference {
  std::string text;
  bool order_only = false;
};
/// With `after_up` (the model between the up and the down), the words say
/// whether the up or the down made the difference ("drops table teams, which
/// existed before the up").
std::optional<Difference> first_difference(const model::Schema& before, const model::Schema& after,
                                           const model::Schema* after_up = nullptr);

/// What replaying a down file after its up gives.
struct DownVerdict {
  bool applied = true;                   // false when the down file has errors
  std::optional<Difference> difference;  // first_difference(before, after down)
};

/// Called around each statement of the down file as it is replayed (the
/// hazard scan watches it this way).
struct DownHooks {
  std::function<void(const syntax::Statement&, const model::Catalog&)> before, after;
};

/// Applies `m`'s down file to a copy of `after_up` and compares the result
/// with `before` (the model before the up). `middle` is after_up.schema() when
/// the caller has it (computed when null). Errors of the down file go to
/// `diags`; the difference is returned, not reported.
DownVerdict replay_down(const model::Schema& before, const model::Catalog& after_up, const model::Schema* middle,
                        const syntax::Migration& m, Diagnostics& diags, const DownHooks& hooks = {});

/// Checks one migration: W0601 when it has no down file (unless its up declares
/// `-- noormc:irreversible`), E0602 when its down does not restore `before`,
/// W0603 when it restores it but with the columns of a table in another order.
void check_reversible(const model::Schema& before, const model::Catalog& after_up, const model::Schema* middle,
                      const syntax::Migration& m, Diagnostics& diags, const DownHooks& hooks = {});

/// replay_down and check_reversible on catalogs: `before` is a snapshot of the
/// catalog before the up (a Catalog copy shares its objects with the
/// original), and only the tables and views that are not shared by the three
/// catalogs are compared, so a check costs what the migration changes.
DownVerdict replay_down(const model::Catalog& before, const model::Catalog& after_up, const syntax::Migration& m,
                        Diagnostics& diags, const DownHooks& hooks = {});
void check_reversible(const model::Catalog& before, const model::Catalog& after_up, const syntax::Migration& m,
                      Diagnostics& diags, const DownHooks& hooks = {});

}  // namespace noormc::checks
