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

}  // namespace

bool is_limit_message(const std::string& message) {
  // sqlite3.c: yyStackOverflow ("parser stack overflow"), sqlite3ExprCheckHeight
  // ("Expression tree is too large (maximum depth %d)"), sqlite3AddColumn
  // ("too many columns on %s").
  return message == "parser stack overflow" || message.rfind("Expression tree is too large", 0) == 0 ||
         message.rfind("too many columns on ", 0) == 0;
}

bool is_syntax_message(const std::string& message) {
  const std::string tail = ": syntax error";
  bool near = message.size() > tail.size() && message.compare(message.size() - tail.size(), tail.size(), tail) == 0;
  return near || message == "incomplete input" || message.rfind("unrecognized token: ", 0) == 0;
}

SqliteLimits::SqliteLimits() : db_(open_scratch()) {}

SqliteLimits::~SqliteLimits() {
  sqlite3_close(db_);
}

SqliteLimits::Verdict SqliteLimits::prepare(sqlite3* db, const std::string& sql) {
  if (!db) return {};
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr);
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

SqliteLimits::Verdict SqliteLimits::verdict(const std::string& sql, const StandIn& stand_in) {
  if (stand_in.name.empty()) return prepare(db_, sql);
  // A fresh database per stand-in, so stand-ins never meet each other.
  sqlite3* db = open_scratch();
  std::string create = stand_in.view ? "CREATE VIEW " + stand_in.name + " AS SELECT 1"
                                     : "CREATE TABLE " + stand_in.name + "(noormc_stand_in)";
  sqlite3_exec(db, create.c_str(), nullptr, nullptr, nullptr);
  Verdict v = prepare(db, sql);
  sqlite3_close(db);
  return v;
}

}  // namespace noormc::syntax
