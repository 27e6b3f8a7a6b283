// Stage 2's output: the schema model, exactly what SQLite reports through
// PRAGMA table_xinfo, foreign_key_list, index_list and index_xinfo
// (docs/reference/contract.md#5-the-schema-model), plus the few facts later stages need to type and name things.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace noormc::model {

struct Column {
  std::string name;
  std::string type;  // declared type as SQLite reports it
  bool not_null = false;
  std::optional<std::string> default_value;  // source text as SQLite reports it
  int primary_key = 0;                       // 1-based position in the primary key
  std::string generated;                     // "", "virtual" or "stored"

  // Not part of inspect --json; used by checks and emit.
  bool rowid_alias = false;  // INTEGER PRIMARY KEY of a rowid table
  bool autoincrement = false;
  std::string collation;
  std::vector<std::string> check_in;  // CHECK (col IN ('a', 'b')) string values
  bool unique = false;                // a single-column unique index or constraint
  std::string generated_expr;         // a generated column's expression, as written
};

struct ForeignKey {
  std::vector<std::string> columns;
  std::string table;                           // parent name as written
  std::vector<std::optional<std::string>> to;  // resolved parent columns
  std::string on_update = "NO ACTION";
  std::string on_delete = "NO ACTION";
};

struct Index {
  std::string name;
  bool unique = false;
  std::string origin;  // "c", "u", "pk"
  bool partial = false;
  std::vector<std::optional<std::string>> columns;  // null for an expression
};

struct Table {
  std::string name;
  bool strict = false;
  bool without_rowid = false;
  std::optional<std::string> virtual_module;
  std::vector<Column> columns;
  std::vector<ForeignKey> foreign_keys;  // SQLite's order: last declared first
  std::vector<Index> indexes;            // SQLite's order: newest first, REPLACE ones last

  const Column* column(std::string_view name) const;
  /// Primary-key columns in key order (empty for a rowid table without one).
  std::vector<const Column*> primary_key() const;
};

struct ViewColumn {
  std::string name;
  std::string type;  // the declared type when the column comes straight from a table column
  std::optional<std::string> source_table;
  std::optional<std::string> source_column;
};

struct View {
  std::string name;
  std::vector<ViewColumn> columns;
};

struct Trigger {
  std::string name;
  std::string table;
};

struct Schema {
  std::vector<Table> tables;  // sorted by name, byte order
  std::vector<View> views;    // sqlite_schema order
  std::vector<Trigger> triggers;

  const Table* table(std::string_view name) const;
  const View* view(std::string_view name) const;
};

/// The JSON of docs/reference/contract.md#5-the-schema-model as text, written
/// straight from the model the way nlohmann's `dump(2, ' ', false,
/// error_handler_t::replace)` prints (what `inspect --json` writes): bytes
/// that are not UTF-8 become U+FFFD. tests/model_json_test.cpp holds it to
/// nlohmann's printing.
std::string to_json_text(const Schema& schema);
std::string to_json_text(const Table& table);
/// The same JSON as a value (to_json_text, parsed).
nlohmann::ordered_json to_json(const Schema& schema);
nlohmann::ordered_json to_json(const Table& table);

}  // namespace noormc::model
