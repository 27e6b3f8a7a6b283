// Name resolution inside SELECTs, views and trigger bodies, as SQLite's
// resolve.c does it: scopes of FROM sources, outer references, USING and
// NATURAL joins, CTEs, subqueries. Used to name view and CREATE TABLE AS
// columns, to carry RENAME COLUMN / RENAME TO into views and triggers, and to
// find references to missing tables and columns.
#pragma once

#include <functional>
#include <map>
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
  std::vector<std::string> hidden;         // resolvable by name, never part of `*`
  const syntax::Select* select = nullptr;  // a view's select, and the text its spans point into
  std::string_view text;
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

/// What SQLite refuses in a statement it prepares, other than a missing name:
/// a count of values or columns, a row value (E0215), in SQLite's words.
struct Refusal {
  std::string message;
  std::string fix;
  syntax::Span span;
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

  /// Walks a data statement (INSERT, UPDATE, DELETE, SELECT) that runs now, as
  /// SQLite prepares it: no NEW or OLD, and (with `runs_now`) every count of
  /// values and columns and every row value checked.
  void walk_statement(syntax::Statement& st, const RefFn& fn);

  /// The number of result columns of a select walked before (its first arm's),
  /// or nullopt when unknown (a `*` over a source whose columns noormc does not know).
  std::optional<size_t> width(const syntax::Select& select) const;

  /// Walks an expression that belongs to one table (CHECK, index, generated column).
  void walk_table_expr(syntax::Expr& expr, const Relation& table, const RefFn& fn);

  std::vector<ResolveIssue> issues;
  /// With `runs_now`: what SQLite refuses besides names.
  std::vector<Refusal> refusals;
  /// Whether the statement runs now (SQLite prepares it): INSERT column lists
  /// and UPDATE SET targets must exist, and counts of values and columns,
  /// compound arms and row values must fit (select.c, insert.c, expr.c). SQLite
  /// checks none of this when it stores a view or tests a trigger body.
  bool runs_now = false;
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
  bool target_scope(syntax::Name& table, const std::optional<syntax::Name>& alias, Scope& scope, const Scope* outer,
                    const TableFn* tables);
  /// Resolves a list of column names (INSERT's, SET (a, b), UPDATE OF) against the first source of
  /// `scope`, carrying renames; `checked`: a name that finds no column is an issue (else dropped).
  void column_list(std::vector<syntax::Name>& names, const Scope& scope, const RefFn* fn, bool checked);
  void walk_set(std::vector<syntax::SetItem>& set, const Scope& scope, const RefFn* fn, const TableFn* tables);
  void walk_upserts(syntax::Insert& ins, const Scope& target, const RefFn* fn, const TableFn* tables);
  void walk_returning(std::vector<syntax::ResultColumn>& returning, const syntax::Name& table, const Scope& target,
                      const RefFn* fn, const TableFn* tables);
  void push_ctes(std::vector<syntax::Cte>& with, const Scope* outer, const RefFn* fn, const TableFn* tables);
  std::string expr_name(const syntax::Expr& e) const;
  // What SQLite checks when it prepares a statement (runs_now only).
  void walk_top(syntax::Expr& e, const Scope* scope, const RefFn* fn, const TableFn* tables, bool vector_ok = false);
  std::optional<size_t> expr_width(const syntax::Expr& e) const;
  void check_shape(const syntax::Expr& e, bool vector_ok);
  void check_vector_pair(const syntax::Expr& at, const syntax::Expr& l, const syntax::Expr& r);
  void check_in(const syntax::Expr& e);
  void check_assignment(const syntax::SetItem& s);
  void check_rows(const std::vector<std::vector<syntax::ExprPtr>>& rows);
  void check_positions(const std::vector<const syntax::Expr*>& terms, const char* clause, std::optional<size_t> n);
  void check_arms(const syntax::Select& select, const std::vector<std::optional<size_t>>& widths);
  void check_compound_order(const syntax::Select& select);
  void refuse(syntax::Span span, std::string message, std::string note);
  void check_view(const Relation& view, syntax::Span at);

  RelationLookup lookup_;
  std::string_view text_;
  std::vector<std::pair<std::string, std::vector<ViewColumn>>> ctes_;  // visible CTEs, innermost last
  int depth_ = 0;
  int view_depth_ = 0;  // views expanded by check_view
  std::map<const syntax::Select*, std::optional<size_t>> widths_;
};

/// printf.c's %r: 1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, 21st.
std::string ordinal(size_t n);

/// How a statement SQLite prepares calls aggregate and window functions, as
/// SQLite refuses it whatever the rows ("misuse of aggregate function f()",
/// "no such window: w", "HAVING clause on a non-aggregate query", ...; see
/// model/aggregates.cpp), in SQLite's words.
std::vector<Refusal> function_use_refusals(const syntax::Statement& st);
std::vector<Refusal> function_use_refusals(const syntax::Select& select);
/// The same for a trigger's WHEN and body, with the function calls SQLite
/// resolves only when a statement fires the trigger ("no such function").
std::vector<Refusal> trigger_body_refusals(const syntax::CreateTrigger& trigger);

/// An expression's shape, as sqlite3ExprCompare compares two (names folded, a
/// column by its name whatever its qualifier, spacing ignored): equal shapes
/// are the same expression.
std::string expr_shape(const syntax::Expr& e);

/// SQLite's affinity of a declared type (datatype3.html, 3.1).
enum class Affinity { Blob, Text, Numeric, Integer, Real };
Affinity affinity_of(std::string_view declared_type);

}  // namespace noormc::model
