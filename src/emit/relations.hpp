// Relations from foreign keys (docs/reference/contract.md#6-the-generated-typescript): belongs-to, has-many, has-one
// and many-to-many through join tables, with their names and the SQL of each
// batched load decided here, at compile time. docs/reference/relations.md
// documents the naming rules.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "model/schema.hpp"

namespace noormc::emit {

struct RelationTable {
  const model::Table* table = nullptr;
  std::string row;                      // TS row type
  std::string meta;                     // metadata constant
  std::vector<std::string> properties;  // TS property per column
};

struct RelationInput {
  std::vector<RelationTable> tables;  // in schema order
};

struct Relation {
  std::string name, const_name, kind;  // kind: belongsTo, hasMany, hasOne, manyToMany
  bool many = false, nullable = false;
  std::string target_row, owner_meta, target_meta;
  std::vector<std::string> parent_keys, key_exprs;
  std::vector<size_t> key_indexes;
  std::string select, key_filter, order;
  std::vector<std::string> columns, references;
  std::string target_table;  // the target's SQL name
  std::string through_table;
  std::vector<std::string> through_columns, through_target_columns, through_target_references;
};

/// The relations of every table (parallel to input.tables), in the documented
/// order: belongs-to by FK column, has-one/has-many by referencing table,
/// many-to-many by target. `overrides` maps "table.relation" to a new name.
std::vector<std::vector<Relation>> compute_relations(const RelationInput& input,
                                                     const std::map<std::string, std::string>& overrides);

}  // namespace noormc::emit
