// Issue 10 item 7: noormc accepts exactly what SQLite's parser accepts. Each
// kind of disagreement the syntax fuzzer (tests/fuzz/syntax_fuzz.py) found is
// a table of its input and siblings; the expected verdict of every row comes
// from the linked SQLite at test time (sqlite3_exec after the schema of
// migration 0001), never from the table:
//   - SQLite's syntax error (its tokenizer or parser)  <=> E0106 in that file;
//   - any refusal                                       <=> an error in that file;
//   - accepted                                          <=> no error in that file.
#include <sqlite3.h>

#include <gtest/gtest.h>

#include "checks_helpers.hpp"
#include "support.hpp"
#include "syntax/limits.hpp"

namespace noormc {
namespace {

using test::check_dir;
using test::dump;
using test::TempDir;
using test::with_code;

const char* kSchema =
    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT, c INT);\n"
    "CREATE TABLE u (id INTEGER PRIMARY KEY, t_id INT REFERENCES t (id), note TEXT);\n";

/// SQLite's message for `sql` run after the schema ("" when it runs).
std::string sqlite_refusal(const std::string& sql) {
  sqlite3* db = test::open_memory_db();
  char* msg = nullptr;
  sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr);
  std::string out;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) out = msg ? msg : "error";
  sqlite3_free(msg);
  sqlite3_close(db);
  return out;
}

bool error_in(const Diagnostics& d, const std::string& suffix) {
  for (const auto& x : d.items()) {
    if (x.severity == Severity::Error && x.file.size() >= suffix.size() &&
        x.file.compare(x.file.size() - suffix.size(), suffix.size(), suffix) == 0)
      return true;
  }
  return false;
}

/// Checks each statement as migration 0002 after the schema, against SQLite's verdict.
void agree_with_sqlite(const std::vector<std::string>& cases) {
  for (const auto& sql : cases) {
    std::string refused = sqlite_refusal(sql);
    bool syntax = syntax::is_syntax_message(refused);
    TempDir dir;
    dir.write("0001_schema.up.sql", std::string("-- noormc:irreversible\n") + kSchema);
    dir.write("0002_case.up.sql", "-- noormc:irreversible\n" + sql + "\n");
    auto d = check_dir(dir.path());
    SCOPED_TRACE(sql + "\n  SQLite: " + (refused.empty() ? "accepts" : refused) + "\n" + dump(d));
    EXPECT_EQ(!with_code(d, "E0106").empty(), syntax);
    EXPECT_EQ(error_in(d, "0002_case.up.sql"), !refused.empty());
  }
}

TEST(SyntaxKinds, NotStartsAnyOperand) {
  // parse.y: %right NOT, below every binary operator but AND and OR.
  agree_with_sqlite({
      "SELECT a IS NOT NOT NULL FROM t;",
      "SELECT a = NOT b FROM t;",
      "SELECT a + NOT b = c FROM t;",
      "SELECT a = NOT NOT b FROM t;",
      "SELECT a BETWEEN NOT b AND NOT c FROM t;",
      "SELECT a LIKE NOT b ESCAPE NOT c FROM t;",
      "SELECT - NOT a, ~ NOT b FROM t;",
      "SELECT a IS NOT DISTINCT FROM NOT b FROM t;",
      "SELECT a || NOT b, a * NOT b, a << NOT b, a < NOT b FROM t;",
      "UPDATE t SET b = 1 WHERE a IS NOT NOT NULL;",
      "CREATE INDEX t_b ON t (b) WHERE b IS NOT NOT NULL;",
      "SELECT NOT FROM t;",
      "SELECT a = NOT FROM t;",
      "SELECT a IS NOT NOT FROM t;",
      "SELECT a NOT = b FROM t;",
  });
}

TEST(SyntaxKinds, JoinWordsAreCheckedAfterParsing) {
  // parse.y: joinop ::= JOIN_KW [nm [nm]] JOIN; select.c: sqlite3JoinType ("unknown join type", E0110).
  agree_with_sqlite({
      "SELECT * FROM t LEFT LEFT JOIN u ON u.t_id = t.id;",
      "SELECT * FROM t LEFT RIGHT JOIN u ON u.t_id = t.id;",
      "SELECT * FROM t NATURAL NATURAL JOIN u;",
      "SELECT * FROM t NATURAL LEFT OUTER JOIN u;",
      "SELECT * FROM t LEFT INNER JOIN u ON 1;",
      "SELECT * FROM t OUTER JOIN u ON 1;",
      "SELECT * FROM t LEFT foo JOIN u ON 1;",
      "SELECT * FROM t LEFT 'outer' JOIN u ON 1;",
      "SELECT * FROM t CROSS OUTER JOIN u;",
      "SELECT * FROM t NATURAL LEFT OUTER OUTER JOIN u;",
      "SELECT * FROM t JOIN JOIN u;",
      "INSERT INTO u (t_id) SELECT t.id FROM t FULL FULL JOIN u ON 1;",
  });
  TempDir dir;
  dir.write("0001_schema.up.sql", std::string("-- noormc:irreversible\n") + kSchema);
  dir.write("0002_case.up.sql", "-- noormc:irreversible\nSELECT *\n  FROM t LEFT INNER JOIN u ON 1;\n");
  auto d = check_dir(dir.path());
  auto e = with_code(d, "E0110");
  ASSERT_EQ(e.size(), 1u) << dump(d);
  EXPECT_EQ(e[0].line, 3u);
  EXPECT_EQ(e[0].column, 10u);
  EXPECT_EQ(e[0].message, "unknown join type: LEFT INNER");
}

TEST(SyntaxKinds, FunctionArgumentsAndCast) {
  agree_with_sqlite({
      "SELECT count(DISTINCT) FROM t;",
      "SELECT count(ALL a), count(DISTINCT a), count(), count(*) FROM t;",
      "SELECT group_concat(a ORDER BY b) FROM t;",
      "SELECT CAST(a AS) FROM t;",
      "SELECT CAST(a AS VARYING CHARACTER (10)) FROM t;",
      "SELECT CAST(a) FROM t;",
      // resolve.c checks a built-in's arity whatever the schema (E0111), where SQLite resolves the expression:
      "SELECT max() FROM t;",
      "INSERT INTO u (note) SELECT substr(a) FROM t;",
      "SELECT count(DISTINCT a, b) FROM t;",
      "SELECT row_number(1) OVER () FROM t;",
      "CREATE TABLE n (x CHECK (abs()));",
      "CREATE TABLE n (x, y AS (upper(x, x)));",
      "CREATE INDEX t_f ON t (lower());",
      // ... and not where SQLite stores the text unresolved: a DEFAULT, a view, a trigger body.
      "CREATE TABLE n (x DEFAULT (max()));",
      "CREATE VIEW v AS SELECT max() FROM t;",
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT max(); END;",
  });
}

TEST(SyntaxKinds, SignedDefaultTerms) {
  // parse.y: ccons ::= DEFAULT (PLUS|MINUS) scantok term.
  agree_with_sqlite({
      "ALTER TABLE t ADD COLUMN d TEXT DEFAULT - 'x';",
      "ALTER TABLE t ADD COLUMN d TEXT DEFAULT + NULL;",
      "CREATE TABLE n (x TEXT DEFAULT -CURRENT_TIME, y BLOB DEFAULT - X'00', z DEFAULT +1.5);",
      "CREATE TABLE n (x DEFAULT - - 1);",
      "CREATE TABLE n (x DEFAULT - a);",
      "CREATE TABLE n (x DEFAULT - (1));",
  });
}

TEST(SyntaxKinds, KeywordsAsNamesFollowSqlitesFallbackList) {
  // parse.y: %fallback ID ...; tokenize.c reads FILTER, OVER and WINDOW as names where no window follows.
  agree_with_sqlite({
      "SELECT a nothing FROM t;",
      "CREATE TABLE nothing (x);",
      "CREATE TABLE n (id, nothing);",
      "SELECT a over, b filter, c window FROM t;",
      "SELECT a generated, b current_time FROM t;",
      "SELECT * FROM (SELECT 1) current_date;",
      "CREATE TABLE n (a ANY FILTER, b INT OVER);",
      "CREATE TABLE n (a INT GENERATED ALWAYS AS (1));",
      "SELECT partition FROM t;",
      "WITH RECURSIVE (x) AS (SELECT 1) SELECT * FROM t;",
      "SELECT row_number() OVER (PARTITION PARTITION BY b) FROM t;",
      "DELETE FROM u RETURNING RAISE id;",
      "INSERT INTO t (a) VALUES ('x') ON CONFLICT DO NOTHING;",
  });
}

TEST(SyntaxKinds, StatementsEndWhereTheShellEndsThem) {
  // complete.c: sqlite3_complete ends CREATE [TEMP] TRIGGER at "; END ;" only.
  agree_with_sqlite({
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 2 END; SELECT 1; END;",
      "CREATE TRIGGER tr DELETE ON t FOR EACH ROW WHEN OLD.b > 0 BEGIN DELETE FROM u WHERE t_id = OLD.id; END;",
      "CREATE TRIGGER tr AFTER DELETE ON t DELETE FROM u WHERE t_id = OLD.id; END;",
      "CREATE TABLE \"trigger\" (\"begin\"); SELECT 1 FROM t WHERE;",
      "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END; SELECT (1;",
      "EXPLAIN CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;",
  });
}

}  // namespace
}  // namespace noormc

namespace noormc {
namespace {

/// SQLite's verdict on a whole file run by the shell: its error, or that a
/// transaction is still open when the file ends (the shell's connection then
/// closes and rolls it back).
std::string shell_refusal(const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, "CREATE TABLE t (a)", nullptr, nullptr, nullptr);
  char* msg = nullptr;
  std::string out;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) out = msg ? msg : "error";
  if (out.empty() && !sqlite3_get_autocommit(db)) out = "transaction open at the end of the file";
  sqlite3_free(msg);
  sqlite3_close(db);
  return out;
}

TEST(SyntaxKinds, TransactionControlAsTheShellRunsIt) {
  const char* cases[] = {
      "COMMIT;",
      "ROLLBACK;",
      "END;",
      "BEGIN; BEGIN; COMMIT;",
      "SAVEPOINT s; BEGIN; COMMIT;",
      "RELEASE nope;",
      "ROLLBACK TO nope;",
      "SAVEPOINT s; RELEASE s; RELEASE s;",
      "BEGIN; INSERT INTO t VALUES (1);",
      "SAVEPOINT s; INSERT INTO t VALUES (1);",
      "BEGIN; SAVEPOINT s; COMMIT;",
      "BEGIN; CREATE TABLE x (a); ROLLBACK;",
      "SAVEPOINT a; SAVEPOINT b; ROLLBACK TO a; RELEASE A;",
      "BEGIN; SAVEPOINT s; ROLLBACK TO s; ROLLBACK;",
      "SAVEPOINT s; ROLLBACK; COMMIT;",
  };
  for (const char* sql : cases) {
    std::string refused = shell_refusal(sql);
    TempDir dir;
    dir.write("0001_t.up.sql", "-- noormc:irreversible\nCREATE TABLE t (a);\n");
    dir.write("0002_x.up.sql", std::string("-- noormc:irreversible\n") + sql + "\n");
    auto d = check_dir(dir.path());
    SCOPED_TRACE(std::string(sql) + "\n  SQLite: " + (refused.empty() ? "runs" : refused) + "\n" + dump(d));
    EXPECT_EQ(!with_code(d, "E0112").empty(), !refused.empty());
    EXPECT_EQ(error_in(d, "0002_x.up.sql"), !refused.empty());
  }
}

TEST(SyntaxKinds, RolledBackSchemaChangesAreNotReplayed) {
  // The model after each file equals what SQLite's PRAGMAs say.
  TempDir dir;
  dir.write("0001_a.up.sql",
            "-- noormc:irreversible\nCREATE TABLE t (a);\nBEGIN;\nCREATE TABLE gone (x);\nALTER TABLE t ADD b;\n"
            "ROLLBACK;\nSAVEPOINT s;\nCREATE TABLE kept (x);\nSAVEPOINT inner_sp;\nDROP TABLE kept;\n"
            "ROLLBACK TO inner_sp;\nRELEASE s;\n");
  dir.write("0002_b.up.sql",
            "-- noormc:irreversible\nSAVEPOINT a;\nALTER TABLE t RENAME TO t2;\nROLLBACK;\nBEGIN;\n"
            "CREATE INDEX t_a ON t (a);\nCOMMIT;\n");
  EXPECT_TRUE(test::replays_like_sqlite(dir.path(), 1));
  EXPECT_TRUE(test::replays_like_sqlite(dir.path(), 2));
}

}  // namespace
}  // namespace noormc
