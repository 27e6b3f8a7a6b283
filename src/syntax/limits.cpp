#include "syntax/limits.hpp"

#include <sqlite3.h>

namespace noormc::syntax {

namespace {

sqlite3* open_scratch() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  return db;
}

/// True when `sql` holds the word PRAGMA in any case (anywhere: a cheap over-approximation).
bool mentions_pragma(std::string_view sql) {
  static constexpr std::string_view kWord = "pragma";
  for (size_t i = 0; i + kWord.size() <= sql.size(); ++i) {
    size_t k = 0;
    while (k < kWord.size() && (sql[i + k] | 0x20) == kWord[k]) ++k;
    if (k == kWord.size()) return true;
  }
  return false;
}

/// What a PRAGMA sets for the whole process, and does so while sqlite3_prepare
/// generates its code (pragma.c: hard_heap_limit, soft_heap_limit,
/// temp_store_directory, data_store_directory). A migration's PRAGMA must not
/// change noormc's own process: these are put back after every prepare of one.
class ProcessSettings {
 public:
  ProcessSettings()
      : hard_(sqlite3_hard_heap_limit64(-1)),
        soft_(sqlite3_soft_heap_limit64(-1)),
        temp_dir_(sqlite3_temp_directory != nullptr),
        data_dir_(sqlite3_data_directory != nullptr) {}

  void restore(sqlite3* db) const {
    sqlite3_hard_heap_limit64(hard_);
    sqlite3_soft_heap_limit64(soft_);
    // noormc never sets the directories; an empty value unsets them (pragma.html).
    if (!temp_dir_ && sqlite3_temp_directory) run(db, "PRAGMA temp_store_directory = ''");
    if (!data_dir_ && sqlite3_data_directory) run(db, "PRAGMA data_store_directory = ''");
  }

 private:
  static void run(sqlite3* db, const char* sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    sqlite3_finalize(st);
  }

  sqlite3_int64 hard_, soft_;
  bool temp_dir_, data_dir_;
};

}  // namespace

bool is_limit_message(const std::string& message) {
  // sqlite3.c: yyStackOverflow ("Recursion limit" in 3.53; 3.40 said "parser stack overflow"), sqlite3ExprCheckHeight
  // ("Expression tree is too large (maximum depth %d)"), sqlite3AddColumn
  // ("too many columns on %s").
  return message == "Recursion limit" || message.rfind("Expression tree is too large", 0) == 0 ||
         message.rfind("too many columns on ", 0) == 0;
}

bool is_syntax_message(const std::string& message) {
  const std::string tail = ": syntax error";
  bool near = message.size() > tail.size() && message.compare(message.size() - tail.size(), tail.size(), tail) == 0;
  return near || message == "incomplete input" || message.rfind("unrecognized token: ", 0) == 0;
}

SqliteLimits::SqliteLimits() : db_(open_scratch()) {
  column_limit_ = db_ ? sqlite3_limit(db_, SQLITE_LIMIT_COLUMN, -1) : 0;
}

SqliteLimits::~SqliteLimits() {
  sqlite3_close(shared_db_);
  sqlite3_close(stand_in_db_);
  sqlite3_close(db_);
}

SqliteLimits& SqliteLimits::for_this_thread() {
  thread_local SqliteLimits scratch;
  return scratch;
}

SqliteLimits::Verdict SqliteLimits::prepare(sqlite3* db, std::string_view sql) {
  if (!db) return {};
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st, nullptr);
  Verdict v;
  if (rc != SQLITE_OK) {
    v.message = sqlite3_errmsg(db);
    v.offset = sqlite3_error_offset(db);
  }
  sqlite3_finalize(st);
  return v;
}

std::string SqliteLimits::refusal(const std::string& sql, const StandIn& stand_in) {
  std::string message = verdict(sql, stand_in).message;
  return is_limit_message(message) ? message : "";
}

sqlite3* SqliteLimits::holding(const StandIn& stand_in) {
  if (stand_in_db_ && stand_in.name == current_.name && stand_in.view == current_.view) return stand_in_db_;
  // Drop the previous stand-in by the name it was created with: the only
  // object of its database, so an unqualified name finds it in main or temp.
  if (stand_in_db_ && current_made_) {
    std::string drop = (current_.view ? "DROP VIEW " : "DROP TABLE ") + current_.name;
    if (sqlite3_exec(stand_in_db_, drop.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite3_close(stand_in_db_);  // never keep a database holding an unknown object
      stand_in_db_ = nullptr;
    }
  }
  if (!stand_in_db_) stand_in_db_ = open_scratch();
  current_ = stand_in;
  std::string create = stand_in.view ? "CREATE VIEW " + stand_in.name + " AS SELECT 1"
                                     : "CREATE TABLE " + stand_in.name + "(noormc_stand_in)";
  // A name SQLite refuses to create (sqlite_x, a keyword, another schema)
  // leaves the database empty, as a fresh one would be.
  current_made_ = stand_in_db_ && sqlite3_exec(stand_in_db_, create.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  return stand_in_db_;
}

void SqliteLimits::begin_file() {
  if (!pragma_seen_ && db_) return;
  sqlite3_close(db_);
  db_ = open_scratch();
  pragma_seen_ = false;
}

sqlite3* SqliteLimits::among_others(const StandIn& stand_in) {
  auto it = shared_.find(stand_in.shared_key);
  if (it != shared_.end()) return it->second == stand_in.view ? shared_db_ : nullptr;
  if (!shared_db_) shared_db_ = open_scratch();
  if (!shared_db_) return nullptr;
  std::string create = stand_in.view ? "CREATE VIEW " + stand_in.name + " AS SELECT 1"
                                     : "CREATE TABLE " + stand_in.name + "(noormc_stand_in)";
  // A name SQLite refuses to create (sqlite_x) is missing here as it would be
  // from a fresh database; it is asked again next time.
  if (sqlite3_exec(shared_db_, create.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK)
    shared_[stand_in.shared_key] = stand_in.view;
  return shared_db_;
}

SqliteLimits::Verdict SqliteLimits::verdict(std::string_view sql, const StandIn& stand_in) {
  if (!stand_in.name.empty()) {
    sqlite3* db = stand_in.shared_key.empty() ? nullptr : among_others(stand_in);
    return prepare(db ? db : holding(stand_in), sql);
  }
  // A statement that may be a PRAGMA (possibly after EXPLAIN): over-approximated by the word.
  if (!mentions_pragma(sql)) return prepare(db_, sql);
  pragma_seen_ = true;
  ProcessSettings kept;
  Verdict v = prepare(db_, sql);
  kept.restore(db_);
  return v;
}

}  // namespace noormc::syntax
