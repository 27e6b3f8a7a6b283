// Auto-discovery: the schema model read from a live database through the
// same PRAGMAs the model mimics (Django's inspectdb, reversed).
#pragma once

#include <optional>
#include <string>

#include "model/schema.hpp"

struct sqlite3;

namespace noormc::model {

/// Reads the main schema of an open connection.
Schema schema_from_connection(sqlite3* db);

/// Opens `path` read-only and reads its schema; std::nullopt with `error` set
/// when the file cannot be opened or is not a database.
std::optional<Schema> schema_from_file(const std::string& path, std::string& error);

}  // namespace noormc::model
