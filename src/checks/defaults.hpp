// What SQLite stores for a column's DEFAULT: the storage class a row gets
// when the column is left out of an INSERT (datatype3.html: the value, then
// the column's affinity). `check` warns where that class is one the declared
// type does not hold (W0510); the emitted TypeScript type includes it.
#pragma once

#include <string>
#include <string_view>

struct sqlite3;

namespace noormc::checks {

/// Runs exactly one statement (text after it refused, so migration text can
/// never run a second one) on a scratch connection; false when SQLite
/// refuses it or fails while running it (sqlite3_errmsg says why).
bool exec_one(sqlite3* db, const std::string& sql);

/// SQLite's typeof() of the value a column of declared type `type` gets from
/// `DEFAULT default_text` (as PRAGMA table_info reports it): "integer",
/// "real", "text", "blob" or "null"; "" when SQLite cannot evaluate it alone
/// (it reads other columns, an unknown collation...). Evaluated once per
/// (type, default) pair in an in-memory SQLite.
std::string default_storage_class(std::string_view type, std::string_view default_text);

/// The storage class of the default when `affinity_class` ("INTEGER", "REAL",
/// "NUMERIC", "TEXT", "BLOB" as model::Affinity names them) does not hold it:
/// TEXT or BLOB under a numeric affinity, BLOB under TEXT; "" otherwise.
std::string default_class_mismatch(std::string_view type, std::string_view default_text);

}  // namespace noormc::checks
