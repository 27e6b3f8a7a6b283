// SQLite's limits that its parser enforces while it reads a statement: the
// parser stack (YYSTACKDEPTH, 100 entries in the Debian build), the expression
// tree height (SQLITE_MAX_EXPR_DEPTH, 1000) and the columns of a table
// (SQLITE_MAX_COLUMN, 2000). noormc asks the linked SQLite library itself, so
// what it refuses is exactly what sqlite3_prepare refuses.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;

namespace noormc::syntax {

/// What a statement needs to exist for SQLite to parse it to its end:
/// ALTER TABLE needs its table, CREATE TRIGGER its table or view.
struct StandIn {
  std::string name;  // as written, possibly schema-qualified; empty: none
  bool view = false;
  /// For CREATE TRIGGER with an unqualified name: that name unquoted and
  /// folded. Other tables beside its stand-in change nothing of SQLite's
  /// verdict on a CREATE TRIGGER (sqlite3BeginTrigger looks up its own table
  /// and trigger name only; the body's names are resolved when it runs), so
  /// such stand-ins share one database. Empty: a database with this stand-in alone.
  std::string shared_key;
};

/// Scratch in-memory databases that prepare (never run) statements. One
/// connection holds no object at all; a second holds exactly the stand-in of
/// the statement at hand (created when the stand-in changes, the previous one
/// dropped first), so each statement is prepared as if on a fresh database
/// with only its stand-in, without opening a database per statement or file.
/// Not thread-safe: one per thread (see `for_this_thread`).
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
  Verdict verdict(std::string_view sql, const StandIn& stand_in);

  /// This thread's scratch databases, opened on first use and kept until the
  /// thread ends (sqlite3_open_v2 of ":memory:" registers every built-in and
  /// extension function: too costly to pay per file).
  static SqliteLimits& for_this_thread();

  /// SQLITE_LIMIT_COLUMN of the linked SQLite (sqlite3_limit; 2000 by default).
  int column_limit() const { return column_limit_; }

  /// Starts a file: its statements see no state that another file's
  /// statements left. Preparing a PRAGMA already changes its connection
  /// (pragma.c sets flags such as writable_schema or legacy_alter_table while
  /// it generates code), so a connection that prepared one is reopened.
  void begin_file();

 private:
  Verdict prepare(sqlite3* db, std::string_view sql);
  /// The stand-in connection holding exactly `stand_in` (null when it cannot be opened).
  sqlite3* holding(const StandIn& stand_in);
  /// The shared connection holding `stand_in` among other stand-ins (see
  /// StandIn::shared_key); null when it holds the name as the other kind.
  sqlite3* among_others(const StandIn& stand_in);
  sqlite3* db_ = nullptr;
  int column_limit_ = 0;
  sqlite3* stand_in_db_ = nullptr;
  StandIn current_;            // what stand_in_db_ holds; empty name: nothing
  bool current_made_ = false;  // its CREATE succeeded (a DROP is due before the next one)
  bool pragma_seen_ = false;
  sqlite3* shared_db_ = nullptr;
  std::map<std::string, bool> shared_;  // shared_key → a view (else a table) in shared_db_   // db_ prepared a
                                        // statement naming PRAGMA since it was opened
};

/// True when SQLite's message is about one of the limits above.
bool is_limit_message(const std::string& message);

/// True when SQLite's message comes from its tokenizer or LALR parser
/// (sqlite3RunParser, yy_syntax_error): "near \"X\": syntax error",
/// "incomplete input", "unrecognized token: \"X\"".
bool is_syntax_message(const std::string& message);

}  // namespace noormc::syntax
