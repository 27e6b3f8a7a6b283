// The TypeScript type of a column (docs/reference/contract.md#6-the-generated-typescript): SQLite's affinity rules
// first, then the well-known declared types.
#pragma once

#include <string>

#include "model/schema.hpp"

namespace noormc::emit {

/// How a column's value is stored and converted at the boundary.
enum class Storage { Integer, BigInt, Real, Numeric, Text, Blob, Boolean, Date, Json, Any };

struct TypeOptions {
  bool bigint = false;  // BIGINT → bigint instead of number
};

Storage storage_of(const model::Column& column, const TypeOptions& options);
/// The TS type without `| null`: "number", "string", "'a' | 'b'", "Date", ...
std::string ts_base_type(const model::Column& column, const TypeOptions& options);
/// The same, for a column whose storage_of is `storage`.
std::string ts_base_type(const model::Column& column, Storage storage);
/// The TS type of a row property, with `| null` when the column may be NULL.
std::string ts_row_type(const model::Column& column, const TypeOptions& options);
/// True when the column can hold NULL in a row.
bool nullable(const model::Column& column);
const char* storage_name(Storage s);

}  // namespace noormc::emit
