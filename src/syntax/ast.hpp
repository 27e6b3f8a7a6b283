// noormc's own statement types. src/syntax/parse.cpp converts ANTLR's parse
// tree into these at once; nothing past src/syntax/ sees ANTLR.
//
// Every node keeps the byte span of its source text so that later stages can
// report located diagnostics and reproduce what SQLite reports verbatim (a
// DEFAULT's text, a declared type as written, a view column named after its
// expression).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace noormc::syntax {

/// Byte offsets [begin, end) into the statement's file.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// An identifier with its quotes removed. `quote` is the opening quote
/// character ('"', '`', '[', '\'') or 0 for a bare word.
struct Name {
  std::string text;
  Span span;
  char quote = 0;
  bool renamed = false;  // set by a RENAME that rewrote this reference (even to the same text)

  bool empty() const { return text.empty(); }
};

/// ASCII case-insensitive equality, SQLite's rule for identifiers.
bool same_name(std::string_view a, std::string_view b);
/// Lower-cases ASCII letters (SQLite folds only ASCII).
std::string fold(std::string_view s);
/// A quoted name or string without its quotes: `"a""b"` → `a"b`, likewise `'x'`, `` `x` ``
/// and `[x]`; anything else as is. `quote`, when given, gets the opening quote (0 for none).
std::string dequote(std::string_view raw, char* quote = nullptr);
/// `text` between `q` quotes, a `q` inside doubled: quote(R"(a"b)", '"') is R"("a""b")".
std::string quote(std::string_view text, char q);

/// An owning pointer that copies what it points to (a std::indirect that may
/// be empty): copying a statement copies its whole tree, so no stage needs a
/// hand-written deep copy that must learn every new field. Moving is cheap.
/// Constness is shallow, as with the smart pointers.
template <typename T>
class Node {
 public:
  Node() = default;
  Node(std::nullptr_t) {}  // NOLINT: converts like a smart pointer
  explicit Node(std::unique_ptr<T> p) : p_(std::move(p)) {}
  Node(const Node& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Node(Node&&) noexcept = default;
  Node& operator=(const Node& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Node& operator=(Node&&) noexcept = default;
  ~Node() = default;

  T* get() const { return p_.get(); }
  T& operator*() const { return *p_; }
  T* operator->() const { return p_.get(); }
  explicit operator bool() const { return p_ != nullptr; }
  bool operator==(std::nullptr_t) const { return p_ == nullptr; }

 private:
  std::unique_ptr<T> p_;
};

template <typename T, typename... Args>
Node<T> make_node(Args&&... args) {
  return Node<T>(std::make_unique<T>(std::forward<Args>(args)...));
}

struct Select;
struct Expr;
using ExprPtr = Node<Expr>;
using SelectPtr = Node<Select>;

enum class ExprKind {
  Literal,   // text: the literal as written; literal: its kind
  Bind,      // text: the parameter as written
  Column,    // schema.table.column (schema/table may be empty)
  Function,  // name: function; args (call_args arguments, then FILTER, OVER and ORDER BY terms); distinct; star
  Paren,     // (a, b, ...): args
  Cast,      // args[0], text: the type
  Subquery,  // (SELECT ...): select
  Exists,    // EXISTS (SELECT ...): select
  Case,      // args: [base?] when/then pairs [else?]; has_base, has_else
  Raise,     // RAISE(...): text: the action; args: [message?]
  Collate,   // args[0] COLLATE name
  Unary,     // op args[0]
  Binary,    // args[0] op args[1]; op: "=", "==", "<>", "||", "->", ...
  Is,        // args[0] IS [NOT] [DISTINCT FROM] args[1]; op: "IS", "IS NOT", ...
  Between,   // args[0] [NOT] BETWEEN args[1] AND args[2]
  In,        // args[0] [NOT] IN (args[1..]) | (select) | table
  Like,      // args[0] [NOT] LIKE|GLOB|REGEXP|MATCH args[1] [ESCAPE args[2]]
  NullTest,  // args[0] ISNULL|NOTNULL|NOT NULL; op: "ISNULL" or "NOTNULL"
  Not,       // NOT args[0]
  And,       // args[0] AND args[1]
  Or,        // args[0] OR args[1]
};

enum class LiteralKind { Number, String, Blob, Null, True, False, CurrentTime, CurrentDate, CurrentTimestamp };

struct Expr {
  ExprKind kind = ExprKind::Literal;
  Span span;
  std::string op;        // operators upper-cased: "=", "IS NOT", "LIKE", "GLOB", "-", "NOT"...
  bool negated = false;  // NOT BETWEEN / NOT IN / NOT LIKE / IS NOT
  LiteralKind literal = LiteralKind::Null;
  std::string text;          // literal or bind text as written; cast type; raise action
  Name schema, table, name;  // Column: [schema.][table.]name; Function: name; Collate: name; In: table
  std::vector<ExprPtr> args;
  SelectPtr select;
  bool distinct = false, star = false, has_base = false, has_else = false;
  bool in_table = false;  // x IN table
  // Function only: how many of `args` are the call's arguments (the rest are the
  // FILTER expression, the OVER clause's and the ORDER BY's terms, in that order).
  uint32_t call_args = 0;
  bool over = false;         // OVER (...) or OVER name
  bool filter = false;       // FILTER (WHERE ...)
  bool ordered = false;      // f(x ORDER BY y)
  Name window;               // OVER name, or the base window of OVER (name ...)
  bool window_base = false;  // OVER (name ...): a window built on `window`
  bool window_partition = false, window_order = false, window_frame = false;  // what OVER (...) adds
};

// ---------------------------------------------------------------- SELECT

struct ResultColumn {
  enum class Kind { Star, TableStar, Expr } kind = Kind::Expr;
  Name table;                 // for TableStar
  ExprPtr expr;               // for Expr
  std::optional<Name> alias;  // AS name
  Span span;
};

struct TableRef {
  enum class Kind { Table, Function, Subquery, Join } kind = Kind::Table;
  Name schema, name;
  std::optional<Name> alias;
  std::vector<ExprPtr> args;     // table-valued function arguments
  SelectPtr select;              // Subquery
  std::vector<TableRef> nested;  // Join: a parenthesised join
  // How this item joins the items before it.
  std::string join_op;  // "" (first), ",", "JOIN", "LEFT JOIN", "CROSS JOIN", ...
  bool natural = false;
  ExprPtr on;
  std::vector<Name> using_columns;
  Span span;
};

struct OrderingTerm {
  ExprPtr expr;
  bool desc = false;
};

struct SelectCore {
  bool distinct = false;
  bool is_values = false;
  std::vector<ResultColumn> columns;
  std::vector<TableRef> from;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  std::vector<std::vector<ExprPtr>> values;  // VALUES rows
  std::vector<ExprPtr> window_exprs;         // every expression inside WINDOW definitions
  struct Window {
    Name name;
    bool partition = false, order = false, frame = false;
  };
  std::vector<Window> windows;  // WINDOW name AS (...), in order
};

struct Cte {
  Name name;
  std::vector<Name> columns;
  SelectPtr select;
};

struct Select {
  std::vector<Cte> with;
  bool recursive = false;
  std::vector<SelectCore> cores;
  std::vector<std::string> compound_ops;  // between cores: "UNION", "UNION ALL", ...
  std::vector<OrderingTerm> order_by;
  ExprPtr limit, offset;
  Span span;
};

// ---------------------------------------------------------------- DDL

enum class Conflict { Default, Rollback, Abort, Fail, Ignore, Replace };

struct ForeignKeyClause {
  Name table;
  std::vector<Name> columns;  // empty: the parent's primary key
  std::string on_delete = "NO ACTION";
  std::string on_update = "NO ACTION";
  std::string match = "NONE";
  bool deferred = false;  // DEFERRABLE INITIALLY DEFERRED
  Span span;
};

struct IndexedColumn {
  ExprPtr expr;                // the whole expression, COLLATE peeled off
  std::optional<Name> column;  // set when the expression is a bare column name
  std::optional<Name> collation;
  bool desc = false;
  Span span;
};

struct ColumnConstraint {
  enum class Kind { PrimaryKey, NotNull, Null, Unique, Check, Default, Collate, ForeignKey, Generated };
  Kind kind = Kind::NotNull;
  std::optional<Name> constraint_name;
  bool desc = false;
  Conflict conflict = Conflict::Default;
  bool autoincrement = false;
  ExprPtr expr;              // Check, Generated, Default (parsed form)
  std::string default_text;  // Default: the text PRAGMA table_info reports
  Name collation;            // Collate
  ForeignKeyClause fk;       // ForeignKey
  bool stored = false;       // Generated
  Span span;
};

struct ColumnDef {
  Name name;
  std::string type;  // the declared type as written; "" when none
  Span type_span;
  std::vector<ColumnConstraint> constraints;
  Span span;
};

struct TableConstraint {
  enum class Kind { PrimaryKey, Unique, Check, ForeignKey };
  Kind kind = Kind::Check;
  std::optional<Name> constraint_name;
  std::vector<IndexedColumn> columns;  // PrimaryKey, Unique
  Conflict conflict = Conflict::Default;
  bool autoincrement = false;
  ExprPtr check;
  std::vector<Name> fk_columns;  // ForeignKey: the child columns
  ForeignKeyClause fk;
  Span span;
};

struct CreateTable {
  bool temp = false, if_not_exists = false;
  Name schema, name;
  std::vector<ColumnDef> columns;
  std::vector<TableConstraint> constraints;
  bool without_rowid = false, strict = false;
  SelectPtr as_select;
};

struct AlterTable {
  enum class Kind { RenameTable, RenameColumn, AddColumn, DropColumn };
  Kind kind = Kind::RenameTable;
  Name schema, table;
  Name new_name;     // RenameTable
  Name old_column;   // RenameColumn, DropColumn
  Name new_column;   // RenameColumn
  ColumnDef column;  // AddColumn
};

struct Drop {
  enum class Kind { Table, Index, View, Trigger };
  Kind kind = Kind::Table;
  bool if_exists = false;
  Name schema, name;
};

struct CreateIndex {
  bool unique = false, if_not_exists = false;
  Name schema, name, table;
  std::vector<IndexedColumn> columns;
  ExprPtr where;
};

struct CreateView {
  bool temp = false, if_not_exists = false;
  Name schema, name;
  std::vector<Name> columns;
  SelectPtr select;
};

struct Statement;
using StatementPtr = Node<Statement>;

struct CreateTrigger {
  bool temp = false, if_not_exists = false;
  Name schema, name;
  std::string timing;  // "BEFORE", "AFTER", "INSTEAD OF"
  std::string event;   // "DELETE", "INSERT", "UPDATE"
  std::vector<Name> update_of;
  Name table;
  ExprPtr when;
  std::vector<StatementPtr> body;
};

struct CreateVirtualTable {
  bool if_not_exists = false;
  Name schema, name, module;
  std::vector<std::string> args;  // each module argument's text, trimmed
  std::vector<Span> arg_spans;
};

// ---------------------------------------------------------------- DML and the rest

struct SetItem {
  std::vector<Name> columns;
  ExprPtr value;
};

struct Upsert {
  std::vector<IndexedColumn> target;
  ExprPtr target_where;
  bool do_nothing = true;
  std::vector<SetItem> set;
  ExprPtr where;
};

struct Insert {
  std::vector<Cte> with;
  std::string verb;  // "INSERT", "INSERT OR REPLACE", "REPLACE", ...
  Name schema, table;
  std::optional<Name> alias;
  std::vector<Name> columns;
  std::vector<std::vector<ExprPtr>> values;
  SelectPtr select;
  bool default_values = false;
  std::vector<Upsert> upserts;
  std::vector<ResultColumn> returning;
};

struct Update {
  std::vector<Cte> with;
  Name schema, table;
  std::optional<Name> alias;
  std::vector<SetItem> set;
  std::vector<TableRef> from;
  ExprPtr where;
  std::vector<ResultColumn> returning;
};

struct Delete {
  std::vector<Cte> with;
  Name schema, table;
  std::optional<Name> alias;
  ExprPtr where;
  std::vector<ResultColumn> returning;
};

struct Pragma {
  Name schema, name;
  std::optional<std::string> value;  // as written, quotes removed from names/strings
};

/// BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ATTACH, DETACH, ANALYZE,
/// REINDEX, VACUUM: kept with their keyword and the name they carry.
struct Other {
  std::string keyword;  // "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", ...
  Name name;            // savepoint / schema / object, when given
};

using StatementBody = std::variant<CreateTable, AlterTable, Drop, CreateIndex, CreateView, CreateTrigger,
                                   CreateVirtualTable, Insert, Update, Delete, Select, Pragma, Other>;

struct Statement {
  StatementBody body;
  Span span;  // from the first token to the last (without the ';')
  bool explain = false;
  /// Codes named by `-- noormc:allow CODE` comments just before or inside the statement.
  std::vector<std::string> allowed;
};

/// One parsed file: its statements in order.
struct ParsedFile {
  std::vector<StatementPtr> statements;
};

}  // namespace noormc::syntax
