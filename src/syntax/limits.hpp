// SQLite's limits that its parser enforces while it reads a statement: the
// parser stack (YYSTACKDEPTH, 100 entries in the Debian build), the expression
// tree height (SQLITE_MAX_EXPR_DEPTH, 1000) and the columns of a table
// (SQLITE_MAX_COLUMN, 2000). noormc asks the linked SQLite library itself, so
// what it refuses is exactly what sqlite3_prepare refuses.
#pragma once

#include <memory>
#include <string>

struct sqlite3;

namespace noormc::syntax {

/// What a statement needs to exist for SQLite to parse it to its end:
/// ALTER TABLE needs its table, CREATE TRIGGER its table or view.
struct StandIn {
  std::string name;  // as written, possibly schema-qualified; empty: none
  bool view = false;
};

/// A scratch in-memory database that prepares (never runs) statements.
class SqliteLimits {
 public:
  SqliteLimits();
  ~SqliteLimits();
  SqliteLimits(const SqliteLimits&) = delete;
  SqliteLimits& operator=(const SqliteLimits&) = delete;

  /// SQLite's message when sqlite3_prepare refuses `sql` for one of the limits
  /// above; "" when it accepts it, or stops earlier for another reason (a
  /// missing table, say), which later stages report in their own words.
  std::string refusal(const std::string& sql, const StandIn& stand_in);

  /// SQLite's whole verdict on `sql` (sqlite3_prepare_v2): its message ("" when
  /// it accepts) and the byte offset in `sql` of the token it names
  /// (sqlite3_error_offset; -1 when it names none, as for "incomplete input").
  struct Verdict {
    std::string message;
    int offset = -1;
  };
  Verdict verdict(const std::string& sql, const StandIn& stand_in);

 private:
  Verdict prepare(sqlite3* db, const std::string& sql);
  sqlite3* db_ = nullptr;
};

/// True when SQLite's message is about one of the limits above.
bool is_limit_message(const std::string& message);

/// True when SQLite's message comes from its tokenizer or LALR parser
/// (sqlite3RunParser, yy_syntax_error): "near \"X\": syntax error",
/// "incomplete input", "unrecognized token: \"X\"".
bool is_syntax_message(const std::string& message);

}  // namespace noormc::syntax
