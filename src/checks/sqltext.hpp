// `noormc sql NAME [--down]` (Django's sqlmigrate): one migration's statements,
// normalised, and how NAME picks the migration.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostics.hpp"
#include "syntax/folder.hpp"

namespace noormc::checks {

/// One statement's source text, normalised: comments removed, every run of
/// whitespace (and every comment) outside string literals and quoted names
/// replaced by one space, no space at either end. String literals and quoted
/// names are kept byte for byte, newlines included.
std::string normalize_statement(std::string_view text);

/// Every statement of a file, normalised, each followed by ";\n".
std::string normalized_sql(const syntax::ParsedFile& parsed, const SourceFile& file);

/// One statement a migration runner executes: its text exactly as written in
/// the file (from its first token to its last, without the `;`) and where it
/// starts. `noormc migrate` runs these and `noormc build` embeds them in
/// migrations.ts for `db.migrate()`, so both runners execute the same list.
struct RunnableStatement {
  std::string sql;
  uint32_t line = 0, column = 0;  // 1-based
  syntax::Span span;
};

/// The statements of a file that a runner executes inside its own
/// transaction. The file's own BEGIN, COMMIT/END and plain ROLLBACK become
/// the savepoint statements with the same effect there (BEGIN: SAVEPOINT
/// noormc_begin; COMMIT: RELEASE of the outermost open savepoint; ROLLBACK:
/// ROLLBACK TO it, then RELEASE), so `BEGIN; ...; ROLLBACK;` leaves what the
/// sqlite3 shell leaves (syntax/transactions.hpp). SAVEPOINT, RELEASE and
/// ROLLBACK TO are kept: inside the runner's transaction they nest as in the
/// shell (lang_savepoint.html).
std::vector<RunnableStatement> runnable_statements(const syntax::ParsedFile& parsed, const SourceFile& file);

/// The migration NAME names: its id ("0002_add_posts"), its prefix ("0002",
/// or "2": compared by value) or its name ("add_posts"). nullptr with an error
/// (E0702, with did-you-mean) when none or several match.
const syntax::Migration* find_migration(const syntax::MigrationSet& set, const std::string& name, Diagnostics& diags);

}  // namespace noormc::checks
