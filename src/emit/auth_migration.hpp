// `noormc new NAME --auth`: the migration that gives a schema the Auth.js
// tables and columns it lacks (templates/auth/*.sql.mustache).
#pragma once

#include <optional>
#include <string>

#include "diag/diagnostics.hpp"
#include "model/schema.hpp"
#include "syntax/folder.hpp"

namespace noormc::emit {

struct AuthMigration {
  std::string up, down;
};

/// For a schema without Auth.js tables: all five tables (TEXT ids). For one
/// with a users table: ALTER TABLE ADD COLUMN for each Auth.js user column it
/// lacks (nullable, as SQLite allows on a table with rows), a unique index on
/// email, and the other tables with `userId` of users.id's type (TEXT, or
/// INTEGER when users.id is the rowid). The down file reverses it: tables,
/// then indexes, then DROP COLUMN. What would need a table rebuild (no id, an
/// id that is neither TEXT nor INTEGER PRIMARY KEY, a column of the wrong
/// type) or an unrelated table under an Auth.js name is E0704 at its
/// declaration in `sources`, and nothing is returned.
std::optional<AuthMigration> auth_migration(const model::Schema& schema, const syntax::MigrationSet* sources,
                                            Diagnostics& diags);

}  // namespace noormc::emit
