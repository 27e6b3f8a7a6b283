// syntax::sqlite_surely_parses skips SQLite's verdict for a few shapes of
// ALTER TABLE (src/syntax/surely_parses.hpp). It must never claim a statement
// that SQLite's parser refuses: each statement here, its mutants (a token
// dropped, doubled, swapped, a word inserted, two tokens glued together) and
// its siblings are prepared by the linked SQLite on a fresh database holding
// the altered table, as noormc asked before, and every one the shortcut
// claims must get no syntax error and no limit from SQLite.
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <sstream>

#include "syntax/limits.hpp"
#include "syntax/surely_parses.hpp"

namespace noormc {
namespace {

/// SQLite's message for `sql` on a fresh database holding table `table` ("" when it accepts).
std::string sqlite_message(const std::string& sql, const std::string& table) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, ("CREATE TABLE " + table + "(noormc_stand_in)").c_str(), nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
    out = sqlite3_errmsg(db);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::vector<std::string> words(const std::string& sql) {
  std::istringstream in(sql);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

/// The table a statement of words alters, as LimitScan's stand-in names it
/// (a CREATE TABLE gets a stand-in of another name: its database is empty).
std::string altered(const std::vector<std::string>& w) {
  if (w.size() < 3 || w[0] != "ALTER") return "noormc_other";
  return w.size() > 4 && w[3] == "." ? w[2] + "." + w[4] : w[2];
}

std::string join(const std::vector<std::string>& w, size_t glue = SIZE_MAX) {
  std::string out;
  for (size_t i = 0; i < w.size(); ++i) out += (i && i != glue ? " " : "") + w[i];
  return out;
}

const std::vector<std::string> kSeeds = {
    "ALTER TABLE t RENAME TO u",
    "ALTER TABLE main . t RENAME TO \"u v\" ;",
    "ALTER TABLE t RENAME COLUMN a TO b",
    "ALTER TABLE t RENAME a TO [b] ;",
    "ALTER TABLE t DROP COLUMN a",
    "ALTER TABLE t DROP `a` ;",
    "ALTER TABLE t ADD COLUMN c",
    "ALTER TABLE t ADD COLUMN c INTEGER NOT NULL DEFAULT 0 ;",
    "ALTER TABLE t ADD c VARCHAR ( 255 ) COLLATE NOCASE",
    "ALTER TABLE t ADD COLUMN c DECIMAL ( 10 , -2 ) DEFAULT - 1.5 UNIQUE ON CONFLICT IGNORE",
    "ALTER TABLE t ADD COLUMN c INTEGER REFERENCES u ( id , k ) ON DELETE SET NULL ON UPDATE CASCADE MATCH SIMPLE "
    "DEFERRABLE INITIALLY DEFERRED ;",
    "ALTER TABLE t ADD COLUMN c TEXT CONSTRAINT k NULL DEFAULT 'x' DEFAULT ( CURRENT_TIMESTAMP )",
    "ALTER TABLE t ADD COLUMN c BOOLEAN DEFAULT TRUE NOT DEFERRABLE INITIALLY IMMEDIATE",
    "ALTER TABLE t ADD COLUMN c INTEGER PRIMARY KEY DESC ON CONFLICT REPLACE AUTOINCREMENT",
    "ALTER TABLE t ADD COLUMN c UNSIGNED BIG INT DEFAULT + 0x1F NOT NULL ON CONFLICT ROLLBACK",
    "ALTER TABLE t ADD COLUMN c REAL DEFAULT ( -1e5 ) REFERENCES u ON INSERT NO ACTION ON DELETE RESTRICT",
    "ALTER TABLE t ADD COLUMN \"c d\" STORED STRICT DEFAULT ( 'a''b' ) DEFAULT NULL DEFAULT FALSE DEFAULT \"q\"",
    "ALTER TABLE t ADD COLUMN c ANY DEFAULT CURRENT_DATE PRIMARY KEY ASC ON CONFLICT FAIL",
    "ALTER TABLE t ADD COLUMN c INT CHECK ( c IS NOT NULL AND c NOT IN ( 1 , 2 ) )",
    "CREATE TABLE n ( id INTEGER PRIMARY KEY AUTOINCREMENT , name TEXT NOT NULL , email VARCHAR ( 255 ) UNIQUE , "
    "status TEXT NOT NULL DEFAULT 'new' CHECK ( status IN ( 'new' , 'active' , 'gone' ) ) , score REAL DEFAULT 0.0 , "
    "created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP , u_id INTEGER REFERENCES u ( id ) ON DELETE SET NULL ) ;",
    "CREATE TEMP TABLE IF NOT EXISTS main . n ( a , b INT , c TEXT COLLATE NOCASE , PRIMARY KEY ( a , b DESC ) , "
    "UNIQUE ( c COLLATE BINARY ASC ) ON CONFLICT IGNORE , CHECK ( a > b OR - b < ~ a ) ON CONFLICT ABORT "
    "CONSTRAINT f FOREIGN KEY ( b , c ) REFERENCES u ( x , y ) ON UPDATE NO ACTION NOT DEFERRABLE ) WITHOUT ROWID , "
    "STRICT",
    "CREATE TABLE n ( a INT DEFAULT ( abs ( - 1 ) ) CHECK ( length ( a ) > 2 ) )",
    "CREATE TABLE n ( a INT CHECK ( ( a * 2 + 1 ) % 3 <> 0 AND a . b ISNULL OR main . n . a NOTNULL OR a NOT NULL ) "
    "CHECK ( a || 'x' LIKE 'y' OR a GLOB 'z' OR a & 1 | 2 << 3 >> 4 = 1 OR f ( ) IS TRUE ) ) STRICT",
    "CREATE UNIQUE INDEX IF NOT EXISTS main . i ON t ( a COLLATE NOCASE DESC , b ASC , c ) WHERE a IS NOT NULL AND "
    "b IN ( 1 , 2 ) ;",
    "CREATE INDEX i ON t ( a )",
    "DROP TABLE IF EXISTS main . t ;",
    "DROP VIEW v",
    "DROP INDEX \"i j\" ;",
    "DROP TRIGGER IF EXISTS [g]",
    // 12 operators of rising precedence over 3 levels: the deepest parser stack the shapes allow.
    "CREATE TABLE n ( a INT CHECK ( a OR a AND a = a < a + a * a || ~ f ( - ( a OR a AND a = a * - ( a || a ) ) ) ) )",
};

const std::vector<std::string> kInserts = {
    "ALTER",
    "TABLE",
    "RENAME",
    "TO",
    "COLUMN",
    "ADD",
    "DROP",
    "DEFAULT",
    "NOT",
    "NULL",
    "PRIMARY",
    "KEY",
    "UNIQUE",
    "CHECK",
    "REFERENCES",
    "ON",
    "CONFLICT",
    "DELETE",
    "SET",
    "CASCADE",
    "NO",
    "ACTION",
    "MATCH",
    "DEFERRABLE",
    "INITIALLY",
    "COLLATE",
    "CONSTRAINT",
    "GENERATED",
    "ALWAYS",
    "AS",
    "AUTOINCREMENT",
    "ASC",
    "TEMP",
    "main",
    ".",
    "(",
    ")",
    ",",
    ";",
    "+",
    "-",
    "*",
    "1",
    "1e",
    "12abc",
    "0x",
    "1.5",
    "x'0g'",
    "x'00'",
    "'s'",
    "\"q\"",
    "[b]",
    "`c`",
    "TRUE",
    "STORED",
    "CURRENT_TIME",
    "ROLLBACK",
    "SELECT",
    "WHERE",
    "?",
    ":a",
    "a",
    "b",
};

/// A mutant of `w`; `glue` is set to the index of a word written without the space before it.
std::vector<std::string> mutate(std::vector<std::string> w, std::mt19937& rng, size_t& glue) {
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  glue = SIZE_MAX;
  size_t i = pick(w.size());
  switch (pick(5)) {
    case 0:
      if (w.size() > 1) w.erase(w.begin() + static_cast<long>(i));
      break;
    case 1:
      w.insert(w.begin() + static_cast<long>(i), w[i]);
      break;
    case 2:
      if (i + 1 < w.size()) std::swap(w[i], w[i + 1]);
      break;
    case 3:
      w.insert(w.begin() + static_cast<long>(i), kInserts[pick(kInserts.size())]);
      break;
    default:
      glue = i;
      break;
  }
  return w;
}

TEST(SurelyParses, EverySeedShapeIsClaimedAndSqliteAgrees) {
  for (const auto& sql : kSeeds) {
    SCOPED_TRACE(sql);
    EXPECT_TRUE(syntax::sqlite_surely_parses(sql));
    std::string message = sqlite_message(sql, altered(words(sql)));  // "Cannot add a PRIMARY KEY column" is fine
    EXPECT_FALSE(syntax::is_syntax_message(message) || syntax::is_limit_message(message)) << message;
  }
}

TEST(SurelyParses, TwiceTheDeepestClaimedExpressionStillFitsSqlitesStack) {
  // The shapes allow 12 operators and 3 levels of nesting in an expression;
  // twice that (24 and 6) must still not overflow SQLite's parser stack, so
  // the claim holds with room to spare.
  std::string e = "a";
  for (int level = 0; level < 3; ++level) e = "a OR a AND a = a < a + a * a || ~ abs ( - ( " + e + " ) )";
  e = "a + a + a + " + e;
  std::string sql = "CREATE TABLE n ( a INT CHECK ( " + e + " ) )";
  EXPECT_FALSE(syntax::sqlite_surely_parses(sql));  // beyond the caps: SQLite is asked
  std::string message = sqlite_message(sql, "noormc_other");
  EXPECT_FALSE(syntax::is_limit_message(message) || syntax::is_syntax_message(message)) << message;
}

TEST(SurelyParses, WhatItDoesNotClaimIsLeftToSqlite) {
  // SQLite reads each of these as another token sequence than ANTLR's lexer,
  // or refuses it while parsing: the shortcut must not claim any of them.
  for (const std::string sql : {
           "ALTER TABLE t ADD COLUMN c INT DEFAULT 1e",  // SQLite: one token "1e" (unrecognized)
           "ALTER TABLE t ADD COLUMN c INT DEFAULT 12abc",
           "ALTER TABLE t ADD COLUMN c INT DEFAULT 1_000",
           "ALTER TABLE t ADD COLUMN c INT DEFAULT x'0g'",  // a blob SQLite's tokenizer refuses
           "ALTER TABLE t ADD COLUMN c INT(1)x",
           "ALTER TABLE t ADD COLUMN select INT",  // a keyword as a name
           "ALTER TABLE t ADD COLUMN c INT CHECK (CASE WHEN c THEN 1 END)",
           "CREATE TABLE t (a INT CHECK (a IN (SELECT 1)))",
           "CREATE TABLE t (a INT CHECK (a NOT LIKE 'x' ESCAPE '!'))",
           "CREATE TABLE t (a INT CHECK (a > 1 AND a > 2 AND a > 3 AND a > 4 AND a > 5 AND a > 6 AND a > 7))",
           "CREATE TABLE t (a INT CHECK (((((a))))))",  // nesting beyond 3
           "CREATE TABLE t (a INT) WITHOUT rowid2",
           "CREATE TABLE t (a INT) AS SELECT 1",
           "CREATE TABLE t (a INT GENERATED ALWAYS AS (1))",
           "CREATE TABLE t (a INT DEFAULT (1x))",  // a number touching the next word
           "CREATE TABLE t (a INT DEFAULT (1.x))",
           "CREATE INDEX i ON t (a + 1)",  // an expression term: left to SQLite
           "CREATE INDEX i ON t (a) WHERE",
           "DROP TABLE IF t",
           "DROP TABLE t, u",
           "DROP TEMP TABLE t",
           "ALTER TABLE t ADD COLUMN c INT REFERENCES u ON CONFLICT ABORT",
           "ALTER TABLE t ADD COLUMN c (10)",
           "ALTER TABLE t RENAME TO u v",
           "ALTER TABLE temp.t RENAME TO u",  // TEMP is a keyword (a name only by fallback)
       }) {
    SCOPED_TRACE(sql);
    EXPECT_FALSE(syntax::sqlite_surely_parses(sql));
  }
}

TEST(SurelyParses, NoMutantItClaimsIsRefusedBySqlite) {
  const int kMutants = 20000;
  std::mt19937 rng(20261130);
  size_t claimed = 0, refused = 0;
  for (int n = 0; n < kMutants; ++n) {
    size_t glue = SIZE_MAX;
    auto w = mutate(words(kSeeds[static_cast<size_t>(n) % kSeeds.size()]), rng, glue);
    if (rng() % 3 == 0) w = mutate(w, rng, glue);
    std::string sql = join(w, glue);
    if (!syntax::sqlite_surely_parses(sql)) continue;
    ++claimed;
    std::string message = sqlite_message(sql, altered(w));
    bool wrong = syntax::is_syntax_message(message) || syntax::is_limit_message(message);
    refused += wrong;
    EXPECT_FALSE(wrong) << sql << "\n  SQLite: " << message;
  }
  std::printf("claimed %zu mutants of %d, all without a syntax error or limit from SQLite\n", claimed, kMutants);
  EXPECT_GT(claimed, 2000u);  // the shortcut is exercised, not vacuous
  EXPECT_EQ(refused, 0u);
}

}  // namespace
}  // namespace noormc
