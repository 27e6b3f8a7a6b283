// Double-quoted strings (docs/reference/contract.md#2-the-migrations-folder). SQLite reads "x" as a name and, when
// no column has that name, falls back to the string 'x'; better-sqlite3 is
// built with SQLITE_DQS=0 and refuses the fallback ("no such column: x"). So a
// "..." that does not resolve to a column is an error, E0508.
#pragma once

#include "diag/diagnostics.hpp"
#include "syntax/ast.hpp"

namespace noormc::checks {

/// Rewrites the "no such column" errors (E0202) of diags.items()[from...] whose
/// name is written in double quotes into E0508, which says why and how to fix it.
void explain_double_quotes(Diagnostics& diags, size_t from);

/// Column defaults of CREATE TABLE and ADD COLUMN: `DEFAULT ("x")` is an
/// expression, refused by SQLite as not constant (E0508); a bare `DEFAULT "x"`
/// is stored as the string x even with DQS off, but reads like a name (W0509).
void check_default_quotes(const syntax::ParsedFile& parsed, const SourceFile& file, Diagnostics& diags);

}  // namespace noormc::checks
