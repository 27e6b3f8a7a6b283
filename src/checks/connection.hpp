// What a migration does to the connection that runs it
// (docs/reference/checks.md#w05xx-e0508-hazards). Both runners, `noormc migrate`
// and the runtime's db.migrate(), run each migration inside BEGIN IMMEDIATE on
// one connection: with db.migrate() that is the app's own connection, in the
// app's process.
#pragma once

#include "diag/diagnostics.hpp"
#include "syntax/ast.hpp"

namespace noormc::checks {

/// One file's statements against SQLite's rules for a connection inside a
/// transaction (pragma.html, vacuum.html):
/// - E0511: what SQLite refuses there: VACUUM, PRAGMA synchronous=...,
///   PRAGMA wal_checkpoint, PRAGMA temp_store=... once the connection has a TEMP
///   object (`temp_open`: one exists before the file), a write while PRAGMA
///   query_only=ON is in force, and query_only=ON left in force at the end (the
///   runner's own record of the migration is then refused).
/// - W0512: a PRAGMA that outlives the migration (a setting of the connection
///   that the file does not set back to SQLite's default, or of the whole
///   process) or does nothing inside a transaction (journal_mode, page_size,
///   auto_vacuum, encoding).
void check_connection(const syntax::ParsedFile& parsed, const SourceFile& file, bool temp_open, Diagnostics& diags);

}  // namespace noormc::checks
