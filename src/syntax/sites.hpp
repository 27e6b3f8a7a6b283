// Where a table or column of the replayed schema was declared: the statement
// text a diagnostic about it points at (file:line:col, the line, a caret).
#pragma once

#include <optional>
#include <string_view>

#include "diag/diagnostics.hpp"
#include "syntax/folder.hpp"

namespace noormc::syntax {

/// A name in a migration file: the file and the name's span in it.
struct Site {
  const SourceFile* file = nullptr;
  Span span;
};

/// The last up-migration statement that gave `table` its current name:
/// CREATE TABLE or ALTER TABLE ... RENAME TO. Names compare as SQLite's do.
std::optional<Site> table_site(const MigrationSet& set, std::string_view table);

/// The last statement that declared `table`.`column` under its current name:
/// its column definition in CREATE TABLE, ALTER TABLE ADD COLUMN or RENAME
/// COLUMN (renames of the table are followed). Falls back to the table's site.
std::optional<Site> column_site(const MigrationSet& set, std::string_view table, std::string_view column);

/// Adds a diagnostic at `site` when there is one, else about no file.
Diagnostic& add_at(Diagnostics& diags, Severity severity, std::string code, const std::optional<Site>& site,
                   std::string message);

}  // namespace noormc::syntax
