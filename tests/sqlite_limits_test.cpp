// syntax::SqliteLimits keeps its scratch databases for the whole run (one
// holding no object, one holding exactly the current stand-in, one shared
// by the stand-ins of CREATE TRIGGER). Each verdict must be the one a fresh
// database holding that stand-in alone gives (what noormc asked before):
// the same message and the same offset, for a run of statements whose
// stand-ins change, repeat, switch between table and view, and fail.
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <random>

#include "syntax/ast.hpp"
#include "syntax/limits.hpp"

namespace noormc {
namespace {

/// SQLite's verdict on `sql` in a fresh database holding `stand_in` alone.
syntax::SqliteLimits::Verdict fresh_verdict(const std::string& sql, const syntax::StandIn& stand_in) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  if (!stand_in.name.empty()) {
    std::string create = stand_in.view ? "CREATE VIEW " + stand_in.name + " AS SELECT 1"
                                       : "CREATE TABLE " + stand_in.name + "(noormc_stand_in)";
    sqlite3_exec(db, create.c_str(), nullptr, nullptr, nullptr);
  }
  sqlite3_stmt* st = nullptr;
  syntax::SqliteLimits::Verdict v;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK) {
    v.message = sqlite3_errmsg(db);
    v.offset = sqlite3_error_offset(db);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

const std::vector<std::string> kNames = {
    "t",        "u",       "T",      "\"t\"", "[u]", "v", "main.t", "temp.t", "sqlite_master",
    "sqlite_x", "\"a b\"", "select", "t2",    "V"};

/// A random statement needing a stand-in, with the stand-in noormc gives it
/// (parse.cpp, stand_in_for), mutated now and then so that SQLite refuses it.
std::pair<std::string, syntax::StandIn> statement(std::mt19937& rng) {
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::string name = pick(kNames);
  bool trigger = rng() % 2 == 0;
  std::string sql;
  syntax::StandIn in{name, false, ""};
  if (trigger) {
    std::string when = pick({"AFTER INSERT", "BEFORE DELETE", "INSTEAD OF UPDATE", "AFTER UPDATE OF a"});
    in.view = when.rfind("INSTEAD", 0) == 0;
    sql = "CREATE " + pick({"", "TEMP "}) + "TRIGGER g " + when + " ON " + name + " BEGIN " +
          pick({"SELECT 1;", "UPDATE t SET a = NEW.a;", "DELETE FROM u WHERE x = OLD.y; SELECT RAISE(ABORT, 'm');"}) +
          " END";
    if (name.find('.') == std::string::npos) in.shared_key = syntax::fold(syntax::dequote(name));
  } else {
    sql = "ALTER TABLE " + name + " " +
          pick({"ADD COLUMN c INT DEFAULT (1)", "RENAME TO t", "RENAME TO u2", "RENAME COLUMN noormc_stand_in TO z",
                "DROP COLUMN noormc_stand_in", "ADD COLUMN c INT PRIMARY KEY"});
  }
  if (rng() % 3 == 0) {  // a word inserted at a random place, or the tail cut off
    size_t at = rng() % sql.size();
    while (at < sql.size() && sql[at] != ' ') ++at;
    sql = rng() % 2 ? sql.substr(0, at)
                    : sql.substr(0, at) + " " + pick({"END", "ON", "(", "garbage", ";"}) + sql.substr(at);
  }
  return {sql, in};
}

TEST(SqliteLimits, KeptDatabasesGiveAFreshDatabasesVerdict) {
  syntax::SqliteLimits sqlite;
  std::mt19937 rng(42);
  size_t refused = 0;
  for (int i = 0; i < 3000; ++i) {
    auto [sql, in] = statement(rng);
    auto mine = sqlite.verdict(sql, in);
    auto fresh = fresh_verdict(sql, in);
    refused += !fresh.message.empty();
    EXPECT_EQ(mine.message, fresh.message) << sql << " (stand-in " << in.name << (in.view ? ", a view)" : ")");
    EXPECT_EQ(mine.offset, fresh.offset) << sql;
    if (i % 50 == 0) {  // statements without a stand-in in between, a PRAGMA among them
      EXPECT_EQ(sqlite.verdict("CREATE TABLE t (a)", {}).message, "");
      sqlite.verdict("PRAGMA legacy_alter_table = ON", {});
      sqlite.begin_file();
    }
  }
  EXPECT_GT(refused, 300u);  // refusals of every kind were compared too
}

TEST(SqliteLimits, APragmaPreparedInOneFileLeavesTheNextFileAlone) {
  syntax::SqliteLimits sqlite;
  // Preparing PRAGMA writable_schema sets the flag on the connection already
  // (pragma.c); a later file must not see it: it gets a fresh connection.
  sqlite.begin_file();
  sqlite.verdict("PRAGMA writable_schema = ON", {});
  EXPECT_EQ(sqlite.verdict("CREATE TABLE sqlite_x (a)", {}).message, "");  // the same file: SQLite's own behaviour
  sqlite.begin_file();
  EXPECT_EQ(sqlite.verdict("CREATE TABLE sqlite_x (a)", {}).message, "object name reserved for internal use: sqlite_x");
}

}  // namespace
}  // namespace noormc
