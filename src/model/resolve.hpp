// Name resolution inside SELECTs, views and trigger bodies, as SQLite's
// resolve.c does it: scopes of FROM sources, outer references, USING and
// NATURAL joins, CTEs, subqueries. Used to name view and CREATE TABLE AS
// columns, to carry RENAME COLUMN / RENAME TO into views and triggers, and to
// find references to missing tables and columns.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/schema.hpp"
#include "syntax/ast.hpp"

namespace noormc::model {

/// What a FROM item named by a table or view exposes.
struct Relation {
  std::string name;  // as stored (the table's own spelling)
  bool is_table = true;
  std::vector<ViewColumn> columns;  // for a table: source_table/source_column set to itself
  std::string rowid_alias;          // the INTEGER PRIMARY KEY column, or "" (then "rowid" works)
  bool has_rowid = true;
  std::vector<std::string> hidden;  // resolvable by name, never part of `*`
};

/// Looks a table or view up by name (case-insensitive); nullptr when absent.
using RelationLookup = std::function<const Relation*(std::string_view name)>;

/// A resolved column reference: the real table and column it reads, when it
/// reads one straight (empty for CTE, subquery and expression columns).
struct Binding {
  std::string table;
  std::string column;
};

struct ResolveIssue {
  std::string message;  // "no such table: x", "no such column: y"
  std::string name;     // the unresolved name
  std::vector<std::string> candidates;
  syntax::Span span;
  bool table = false;  // a missing table (else a missing column)
  char quote = 0;      // the name's quote: '"' marks a likely string literal
};

class Resolver {
 public:
  /// `text` is the source the select's spans point into (for expression names).
  Resolver(RelationLookup lookup, std::string_view text);

  /// The columns of a SELECT as PRAGMA table_info on a view names them.
  std::vector<ViewColumn> result_columns(const syntax::Select& select);

  /// Calls `fn` for every column reference in `select` with its binding
  /// (nullptr when it resolves to no real table column).
  using RefFn = std::function<void(syntax::Expr& ref, const Binding* binding)>;
  /// Calls `fn` for every table name reference (FROM items, IN table).
  using TableFn = std::function<void(syntax::Name& name)>;
  void walk(syntax::Select& select, const RefFn& fn, const TableFn& tables = {});

  /// Walks a trigger body: NEW and OLD stand for `table`.
  void walk_trigger(syntax::CreateTrigger& trigger, const RefFn& fn, const TableFn& tables = {});

  /// Walks an expression that belongs to one table (CHECK, index, generated column).
  void walk_table_expr(syntax::Expr& expr, const Relation& table, const RefFn& fn);

  std::vector<ResolveIssue> issues;
  /// Whether INSERT column lists and UPDATE SET targets must exist. SQLite
  /// checks them when it runs a statement, not when it tests a trigger body.
  bool check_target_columns = false;
  /// Every table or view name the walked statements read or write (folded),
  /// found or not; CTE names excluded.
  std::set<std::string> referenced;

 private:
  struct Source;
  struct Scope;
  /// A FROM source that is a table or view itself, named `alias` in the query.
  static Source direct_source(const Relation& rel, std::string alias);
  std::vector<ViewColumn> core_columns(const syntax::SelectCore& core, Scope& scope);
  void build_scope(std::vector<syntax::TableRef>& from, Scope& scope, const RefFn* fn, const TableFn* tables,
                   const Scope* outer);
  void walk_select(syntax::Select& select, const Scope* outer, const RefFn* fn, const TableFn* tables,
                   std::vector<ViewColumn>* out);
  void walk_expr(syntax::Expr& e, const Scope* scope, const RefFn* fn, const TableFn* tables);
  void walk_dml(syntax::Statement& st, const Scope* outer, const RefFn* fn, const TableFn* tables);
  void walk_dml_body(syntax::Statement& st, const Scope* outer, const RefFn* fn, const TableFn* tables);
  void push_ctes(std::vector<syntax::Cte>& with, const Scope* outer, const RefFn* fn, const TableFn* tables);
  std::string expr_name(const syntax::Expr& e) const;

  RelationLookup lookup_;
  std::string_view text_;
  std::vector<std::pair<std::string, std::vector<ViewColumn>>> ctes_;  // visible CTEs, innermost last
  int depth_ = 0;
};

/// SQLite's affinity of a declared type (datatype3.html, 3.1).
enum class Affinity { Blob, Text, Numeric, Integer, Real };
Affinity affinity_of(std::string_view declared_type);

}  // namespace noormc::model
