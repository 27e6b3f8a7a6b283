// What the PRAGMAs say of a table, derived from its definition as SQLite's
// build.c derives it (internal to src/model/), and the small facts about a
// definition that every statement's handler asks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/state.hpp"

namespace noormc::model {

using CK = syntax::ColumnConstraint::Kind;
using TK = syntax::TableConstraint::Kind;

/// Names starting with `sqlite_` (any case) belong to SQLite (build.c, sqlite3CheckObjectName).
bool reserved_name(std::string_view name);

/// The declared type as SQLite stores it: outer quotes stripped, the six
/// standard names upper-cased (build.c, sqlite3AddColumn).
std::string normalize_type(std::string type);

bool has_constraint(const syntax::ColumnDef& c, CK kind);
const syntax::ColumnConstraint* find_constraint(const syntax::ColumnDef& c, CK kind);
/// The column's position in `t`, or -1.
int column_index(const syntax::CreateTable& t, std::string_view name);

/// Every foreign key `def` declares, in the order of its text: calls
/// fn(clause, column, constraint) with the column's index for a column
/// constraint (`constraint` null), or SIZE_MAX and the table constraint.
/// `Def` is CreateTable or const CreateTable.
template <typename Def, typename Fn>
void for_each_foreign_key(Def& def, Fn&& fn) {
  for (size_t i = 0; i < def.columns.size(); ++i) {
    for (auto& cc : def.columns[i].constraints) {
      if (cc.kind == CK::ForeignKey) fn(cc.fk, i, static_cast<decltype(&def.constraints[0])>(nullptr));
    }
  }
  for (auto& tc : def.constraints) {
    if (tc.kind == TK::ForeignKey) fn(tc.fk, SIZE_MAX, &tc);
  }
}

/// The child columns of a foreign key that for_each_foreign_key reported.
std::vector<std::string> child_columns(const syntax::CreateTable& def, size_t column,
                                       const syntax::TableConstraint* constraint);

struct PkInfo {
  std::vector<std::pair<std::string, bool>> columns;  // name, desc (column-level DESC)
  bool column_level = false;
  bool desc = false;
  syntax::Conflict conflict = syntax::Conflict::Default;
  bool autoincrement = false;
};
std::optional<PkInfo> primary_key_of(const syntax::CreateTable& t);

/// The INTEGER PRIMARY KEY column of a rowid table, or -1 (build.c, sqlite3AddPrimaryKey).
int rowid_alias_index(const syntax::CreateTable& t);

/// What the resolver sees of a table (cached in its entry).
const Relation& relation_of(const TableEntry& e);

/// PRAGMA table_xinfo, foreign_key_list and index_list of `e`, which lives in
/// `space` (its foreign keys' parents are looked up there); cached in the entry.
const Table& derived_table(const TableEntry& e, const Space& space);

}  // namespace noormc::model
