// Issue 10 item 7: a data statement inside a migration (INSERT ... SELECT,
// UPDATE ... FROM, upserts, subqueries, row values, RETURNING) that SQLite
// refuses when it runs the folder fails `check` at its file and line; one it
// accepts passes. Each kind the syntax fuzzer (tests/fuzz/syntax_fuzz.py)
// found is a table of its input and siblings. The expected verdict and words
// of every row come from the linked SQLite at test time (sqlite3_prepare_v2
// after the schema of migration 0001, double-quoted strings off as in
// better-sqlite3), never from the table:
//   - SQLite refuses  <=> an error in 0002 at the statement's line; where
//     noormc quotes SQLite (E0215-E0217), the message is SQLite's own;
//   - SQLite accepts  <=> no error in 0002.
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "checks_helpers.hpp"
#include "support.hpp"

namespace noormc {
namespace {

using test::check_dir;
using test::dump;
using test::TempDir;

const char* kSchema =
    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT '', b INT, c REAL, UNIQUE (a, b));\n"
    "CREATE TABLE u (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t (id), note TEXT);\n"
    "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;\n"
    "CREATE TABLE g (x INT, y INT AS (x * 2), z INT AS (x + 1) STORED);\n"
    "CREATE TABLE w (id TEXT PRIMARY KEY, e TEXT COLLATE NOCASE UNIQUE, f INT);\n"
    "CREATE UNIQUE INDEX t_b_part ON t (b) WHERE b > 0;\n"
    "CREATE UNIQUE INDEX w_f ON w (f COLLATE NOCASE);\n"
    "CREATE UNIQUE INDEX w_expr ON w (lower(id), f);\n"
    "CREATE VIEW tv AS SELECT t.id, t.a, count(u.id) AS n FROM t LEFT JOIN u ON u.t_id = t.id GROUP BY t.id;\n"
    "CREATE VIEW uv AS SELECT id, note FROM u;\n"
    "CREATE TRIGGER uv_ins INSTEAD OF INSERT ON uv BEGIN INSERT INTO u (note) VALUES (NEW.note); END;\n"
    // SQLite stores these views and refuses every statement that reads them.
    "CREATE VIEW bad_arms AS SELECT a, b FROM t UNION SELECT a FROM t;\n"
    "CREATE VIEW bad_row AS SELECT (a, b) AS r FROM t;\n"
    "CREATE VIEW over_bad AS SELECT * FROM bad_arms;\n";

/// SQLite's message when it prepares `sql` after the schema ("" when it accepts).
std::string sqlite_refusal(const std::string& sql) {
  sqlite3* db = test::open_memory_db();
  EXPECT_EQ(sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) out = sqlite3_errmsg(db);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

bool quotes_sqlite(const std::string& code) {
  return code == "E0215" || code == "E0216" || code == "E0217";
}

/// Checks each statement as migration 0002 (line 2) after the schema, against SQLite's verdict.
void agree_with_sqlite(const std::vector<std::string>& cases) {
  for (const auto& sql : cases) {
    std::string refused = sqlite_refusal(sql);
    TempDir dir;
    dir.write("0001_schema.up.sql", std::string("-- noormc:irreversible\n") + kSchema);
    dir.write("0002_case.up.sql", "-- noormc:irreversible\n" + sql + ";\n");
    auto d = check_dir(dir.path());
    SCOPED_TRACE(sql + "\n  SQLite: " + (refused.empty() ? "accepts" : refused) + "\n" + dump(d));
    std::vector<Diagnostic> errors;
    for (const auto& x : d.items()) {
      if (x.severity == Severity::Error && test::base_name(x.file) == "0002_case.up.sql") errors.push_back(x);
    }
    if (refused.empty()) {
      EXPECT_TRUE(errors.empty());
      continue;
    }
    ASSERT_FALSE(errors.empty());
    bool words = false, quoted = false;
    for (const auto& e : errors) {
      EXPECT_EQ(e.line, 2u);
      EXPECT_FALSE(e.notes.empty());  // every refusal says how to fix it
      if (quotes_sqlite(e.code)) quoted = true, words = words || e.message == refused;
    }
    if (quoted) {
      EXPECT_TRUE(words) << "noormc does not say SQLite's words";
    }
  }
}

TEST(DataStatements, ValuesForColumns) {
  // insert.c, sqlite3Insert: "N values for M columns", "table T has N columns but M values were supplied".
  agree_with_sqlite({
      "INSERT INTO t (a, b) VALUES ('x')",
      "INSERT INTO t (a) VALUES ('x', 1)",
      "INSERT INTO t (a, b) VALUES ('x', 1)",
      "INSERT INTO t VALUES (1, 'x')",
      "INSERT INTO t VALUES (1, 'x', 2, 3.5)",
      "INSERT INTO t AS x VALUES (1)",
      "INSERT INTO main.t VALUES (1)",
      "INSERT INTO t (a, b) SELECT a FROM t",
      "INSERT INTO t (a, b) SELECT a, b FROM t",
      "INSERT INTO t SELECT a FROM t",
      "INSERT INTO t SELECT * FROM t",
      "INSERT INTO t SELECT *, 1 FROM t",
      "INSERT INTO u SELECT * FROM t",
      "INSERT INTO u (t_id, note) SELECT * FROM kv",
      "INSERT INTO t (a, b) VALUES ('x', 1, 2), ('y', 1, 3)",
      "INSERT INTO t (a, b) VALUES ('x', 1), ('y')",
      "INSERT INTO t (a, b) VALUES ('x'), ('y', 1)",
      "INSERT INTO t (a, b) VALUES (1, 2), (3, 4, 5)",
      "WITH n(x) AS (SELECT 1) INSERT INTO t (a, b) SELECT x FROM n",
      "WITH n(x, y) AS (SELECT 1, 2) INSERT INTO t (a, b) SELECT * FROM n",
      "INSERT INTO t DEFAULT VALUES",
      // Generated columns take no value (COLFLAG_NOINSERT) and cannot be named.
      "INSERT INTO g VALUES (1)",
      "INSERT INTO g VALUES (1, 2)",
      "INSERT INTO g (x) VALUES (1)",
      "INSERT INTO g (x, y) VALUES (1, 2)",
      "INSERT INTO g (rowid, x) VALUES (1, 1)",
  });
}

TEST(DataStatements, CompoundArms) {
  // select.c: every arm of a compound select names as many columns, wherever the select runs.
  agree_with_sqlite({
      "SELECT a, b FROM t UNION ALL SELECT a FROM t",
      "SELECT a FROM t UNION SELECT a, b FROM t",
      "SELECT a FROM t INTERSECT SELECT a, b FROM t",
      "SELECT a FROM t EXCEPT SELECT a, b FROM t",
      "SELECT a, b FROM t UNION SELECT note, t_id FROM u",
      "SELECT * FROM t UNION SELECT * FROM u",
      "SELECT * FROM t UNION SELECT *, 1 FROM u",
      "SELECT 1 UNION SELECT 1, 2 UNION ALL SELECT 1",
      "SELECT 1 UNION SELECT 1 UNION ALL SELECT 1, 2",
      "INSERT INTO t (a, b) SELECT a, b FROM t UNION SELECT a FROM t",
      "SELECT * FROM (SELECT a FROM t UNION SELECT a, b FROM t)",
      "WITH c AS (SELECT a FROM t UNION SELECT a, b FROM t) SELECT * FROM c",
      "SELECT 1 WHERE 1 IN (SELECT 1 UNION SELECT 1, 2)",
      "DELETE FROM t WHERE id IN (SELECT id FROM t EXCEPT SELECT id, note FROM u)",
      "VALUES (1), (2, 3)",
      "VALUES (1) UNION VALUES (2, 3)",
      "VALUES (1, 2) UNION SELECT 1",
      "SELECT 1 UNION VALUES (1, 2)",
      "SELECT * FROM (VALUES (1), (2, 3))",
      "VALUES (1, 2), (3, 4) UNION SELECT 5, 6",
  });
}

TEST(DataStatements, RowValues) {
  // expr.c and resolve.c: a row value is compared with one of its size, or fed to IN.
  agree_with_sqlite({
      "DELETE FROM t WHERE (a, b) IN (SELECT note, t_id FROM u)",
      "DELETE FROM t WHERE (a, b) IN (SELECT note t_id FROM u)",
      "DELETE FROM t WHERE a IN (SELECT note, t_id FROM u)",
      "DELETE FROM t WHERE (a, b) IN (SELECT * FROM kv)",
      "SELECT 1 IN t",
      "SELECT 1 IN kv",
      "SELECT (1, 2) IN kv",
      "SELECT (1, 2) IN ((1, 2), (3, 4))",
      "SELECT (1, 2) IN ((1, 2), 3)",
      "SELECT (1, 2) IN ((1, 2, 3))",
      "SELECT 1 IN ((1, 2), 3)",
      "SELECT 1 IN (1, (SELECT 1, 2))",
      "SELECT (a, b) FROM t",
      "SELECT (a, b) = (1, 2) FROM t",
      "SELECT (a, b) = (1, 2, 3) FROM t",
      "SELECT (a, b) = (SELECT 1) FROM t",
      "SELECT (a, b) = (SELECT a, b FROM t) FROM t",
      "SELECT * FROM t WHERE id = (SELECT * FROM u)",
      "SELECT 1 WHERE (SELECT a, b FROM t) = 1",
      "SELECT ((1, 2), 3) = ((1, 2), 3)",
      "SELECT (1, 2) < (1, 2), (1, 2) IS (1, 2), (1, 2) IS NOT DISTINCT FROM (1, 2)",
      "SELECT (1, 2) BETWEEN (1, 2) AND (3, 4)",
      "SELECT (1, 2) BETWEEN (1, 2) AND 3",
      "SELECT (1, 2) IS NULL",
      "SELECT (1, 2) ISNULL",
      "SELECT (1, 2) + 1",
      "SELECT NOT (1, 2)",
      "SELECT abs((1, 2))",
      "SELECT CAST((1, 2) AS INT)",
      "SELECT (1, 2) COLLATE NOCASE = (1, 2)",
      "SELECT CASE (1, 2) WHEN (1, 2) THEN 1 END",
      "SELECT EXISTS (SELECT 1, 2)",
      "SELECT (SELECT 1, 2)",
      "SELECT (SELECT *, 1 FROM t) FROM t",
      "SELECT 1 GROUP BY (1, 2)",
      "SELECT a FROM t ORDER BY (a, b)",
      "SELECT a FROM t ORDER BY (SELECT 1, 2)",
      "SELECT 1 WHERE (1, 2)",
      "SELECT 1 LIMIT (1, 2)",
      "VALUES ((1, 2))",
      "UPDATE t SET b = 1 WHERE (a, b) = ('x', 1)",
      "UPDATE t SET b = 1 WHERE (a, b) = ('x')",
      // `0 AND x` is 0 before SQLite looks at x (expr.c, sqlite3ExprAnd); `FALSE AND x` and `0.0 AND x` are not.
      "SELECT 1 WHERE 0 AND (1, 2)",
      "SELECT 1 WHERE (1, 2) AND 0",
      "SELECT 1 WHERE 0 AND nosuch",
      "SELECT 1 WHERE false AND nosuch",
      "SELECT 1 WHERE 0.0 AND nosuch",
      "SELECT 1 WHERE 1 AND (1, 2)",
  });
}

TEST(DataStatements, ResultColumnPositions) {
  // resolve.c, resolveOrderGroupBy: ORDER BY 2 and GROUP BY 2 name a result column, 1 to N.
  agree_with_sqlite({
      "SELECT a FROM t ORDER BY 1",
      "SELECT a FROM t ORDER BY 9",
      "SELECT a FROM t ORDER BY 0",
      "SELECT a FROM t ORDER BY -1",
      "SELECT a FROM t ORDER BY +2",
      "SELECT a FROM t ORDER BY (2)",
      "SELECT a FROM t ORDER BY 0x2",
      "SELECT a FROM t ORDER BY 99999999999",
      "SELECT a FROM t ORDER BY 1, 3",
      "SELECT a, b FROM t GROUP BY 2",
      "SELECT a, b FROM t GROUP BY 3",
      "SELECT a FROM t GROUP BY 0",
      "SELECT a, b FROM t UNION SELECT 1, 2 ORDER BY 2",
      "SELECT a, b FROM t UNION SELECT 1, 2 ORDER BY 3",
      "SELECT * FROM t ORDER BY 4",
      "SELECT * FROM t ORDER BY 5",
      "INSERT INTO u (note) SELECT a FROM t ORDER BY 2",
      "DELETE FROM t WHERE id IN (SELECT id FROM t ORDER BY 2)",
  });
}

TEST(DataStatements, TableValuedFunctions) {
  // where.c / select.c: only a table-valued function (or a virtual table's hidden columns) takes arguments.
  agree_with_sqlite({
      "SELECT * FROM u (1)",
      "SELECT * FROM tv (1)",
      "SELECT x.id FROM t AS x JOIN u (id) LEFT JOIN kv ON kv.k = x.a",
      "SELECT * FROM nope (1)",
      "SELECT * FROM json_each('[1]')",
      "SELECT key FROM json_tree('{}')",
      "SELECT name FROM pragma_table_info('t')",
      "INSERT INTO u (note) SELECT value FROM json_each('[1, 2]')",
  });
}

TEST(DataStatements, ViewsReadByAStatement) {
  // select.c: a statement that reads a view prepares the view's select.
  agree_with_sqlite({
      "SELECT * FROM bad_arms",
      "SELECT 1 FROM bad_arms",
      "SELECT * FROM bad_row",
      "SELECT * FROM over_bad",
      "INSERT INTO t (a) SELECT a FROM bad_arms",
      "SELECT 1 WHERE EXISTS (SELECT 1 FROM bad_arms)",
      "SELECT * FROM tv",
      "SELECT * FROM uv JOIN tv USING (id)",
  });
}

TEST(DataStatements, ColumnsAssignedValues) {
  // expr.c, sqlite3ExprListAppendVector; update.c: "N columns assigned M values".
  agree_with_sqlite({
      "UPDATE t SET (a, b) = ('z', 3) WHERE (a, b) = ('x', 1)",
      "UPDATE t SET (a, b) = ('z') WHERE 1",
      "UPDATE t SET (a, b) = ('z', 1, 2)",
      "UPDATE t SET (a, b) = 1",
      "UPDATE t SET (a, b) = (SELECT a FROM t)",
      "UPDATE t SET (a, b) = (SELECT a, b FROM t)",
      "UPDATE t SET (a, b) = (SELECT * FROM u)",
      "UPDATE t SET (a, b, c) = (SELECT * FROM u)",
      "UPDATE t SET a = (1, 2)",
      "UPDATE t SET (a) = (1, 2)",
      "UPDATE t SET (a) = 1",
      "UPDATE t SET a = (SELECT note, t_id FROM u)",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET (k, v) = (1)",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = (1, 2)",
      "UPDATE g SET y = 1",
      "UPDATE g SET (x, y) = (1, 2)",
      "UPDATE g SET x = 2",
  });
}

TEST(DataStatements, Returning) {
  // trigger.c, codeReturningTrigger: RETURNING reads the target table under its own name.
  agree_with_sqlite({
      "INSERT INTO t (a) VALUES ('r') RETURNING nope",
      "INSERT INTO t (a, b) VALUES ('r', 2) RETURNING id, a AS name",
      "INSERT INTO t (a, b) VALUES (1, 2) RETURNING t.a",
      "INSERT INTO t AS x (a, b) VALUES (1, 2) RETURNING x.a",
      "INSERT INTO t AS x (a, b) VALUES (1, 2) RETURNING t.a",
      "INSERT INTO t (a, b) VALUES (1, 2) RETURNING excluded.a",
      "INSERT INTO t (a, b) VALUES (1, 2) RETURNING new.a",
      "INSERT INTO t (a, b) VALUES (1, 2) RETURNING t.*",
      "DELETE FROM t RETURNING nope",
      "DELETE FROM t RETURNING *",
      "DELETE FROM t RETURNING (1, 2)",
      "DELETE FROM t RETURNING (SELECT a FROM t)",
      "DELETE FROM t RETURNING rowid",
      "DELETE FROM kv RETURNING rowid",
      "UPDATE t SET a = 'x' RETURNING nope",
      "UPDATE t SET a = 1 FROM u RETURNING u.note",
      "UPDATE t SET a = 1 FROM u RETURNING note",
      "UPDATE t AS x SET a = 1 RETURNING x.a",
      "UPDATE t SET a = 1 FROM u WHERE u.t_id = t.id RETURNING a, t.b",
  });
}

TEST(DataStatements, UpsertScopes) {
  // resolve.c, lookupName: DO UPDATE reads the target table; `excluded` only as `excluded.x`.
  agree_with_sqlite({
      "INSERT INTO kv (k, v) VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = excluded.v WHERE v IS NOT excluded.v",
      "INSERT INTO kv (k, v) VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = v || excluded.v WHERE k = 'a'",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = excluded.v WHERE excluded.v",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = (SELECT excluded.v)",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = (SELECT k FROM t)",
      "INSERT INTO kv (k, v) VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET nope = excluded.v",
      "INSERT INTO kv (k, v) VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = excluded.nope",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = kv.k",
      "INSERT INTO kv AS z VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = kv.k",
      "INSERT INTO kv AS z VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = z.k",
      "INSERT INTO t (a, b) VALUES ('x', 1) ON CONFLICT (a, b) DO UPDATE SET c = kv.v",
      "INSERT INTO kv SELECT k, v FROM kv WHERE 1 ON CONFLICT (k) DO UPDATE SET v = excluded.v",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (excluded.a, b) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (nope) DO NOTHING",
      "INSERT INTO g (x) VALUES (1) ON CONFLICT DO UPDATE SET x = 1",
      // Outside a trigger there is no NEW or OLD.
      "UPDATE t SET a = new.a",
      "DELETE FROM t WHERE old.id = 1",
  });
}

TEST(DataStatements, ConflictTargets) {
  // upsert.c, sqlite3UpsertAnalyzeTarget: the rowid, or one PRIMARY KEY or UNIQUE index exactly.
  agree_with_sqlite({
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (k) DO NOTHING",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (v) DO NOTHING",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (K COLLATE NOCASE) DO NOTHING",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (k COLLATE binary) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (id) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (rowid) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (_rowid_) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (a, b) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (b, a) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (t.a, b) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT ((a), b) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (a, a) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (a COLLATE NOCASE, b) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (b) DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (b) WHERE b > 0 DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (b) WHERE b>0 DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (b) WHERE t.b > 0 DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (b) WHERE b > 1 DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (b) WHERE 0 < b DO NOTHING",
      "INSERT INTO t (a) VALUES (1) ON CONFLICT (a, b) WHERE b > 0 DO NOTHING",
      "INSERT INTO u (note) VALUES (1) ON CONFLICT (id) DO NOTHING",
      "INSERT INTO u (note) VALUES (1) ON CONFLICT (t_id) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (id) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (rowid) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (e) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (e COLLATE NOCASE) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (e COLLATE BINARY) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (f) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (f COLLATE nocase) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (f COLLATE BINARY) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (lower(id), f) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (f, LOWER( id )) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (f, lower(w.id)) DO NOTHING",
      "INSERT INTO w VALUES (1, 2, 3) ON CONFLICT (f, upper(id)) DO NOTHING",
      "INSERT INTO g (x) VALUES (1) ON CONFLICT (rowid) DO NOTHING",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = 1 ON CONFLICT (v) DO NOTHING",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (v) DO UPDATE SET v = 1 ON CONFLICT DO NOTHING",
      "INSERT INTO kv VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = 1 ON CONFLICT DO NOTHING",
  });
}

TEST(DataStatements, WriteTargets) {
  // delete.c, sqlite3IsReadOnly: the schema table, and a view without an INSTEAD OF trigger.
  agree_with_sqlite({
      "INSERT INTO tv VALUES (1, 'a', 2)",
      "DELETE FROM tv",
      "UPDATE tv SET a = 1",
      "INSERT INTO tv (id) VALUES (1) ON CONFLICT DO NOTHING",
      "INSERT INTO uv (note) VALUES ('x')",
      "INSERT INTO uv VALUES (1, 'x')",
      "INSERT INTO uv VALUES (1)",
      "DELETE FROM uv",
      "DELETE FROM sqlite_schema",
      "UPDATE sqlite_master SET name = 'x'",
      "DELETE FROM nope",
  });
}

TEST(DataStatements, BuildWritesNothing) {
  TempDir dir;
  dir.write("migrations/0001_schema.up.sql", std::string("-- noormc:irreversible\n") + kSchema);
  dir.write("migrations/0002_case.up.sql", "-- noormc:irreversible\nINSERT INTO t (a, b)\n  SELECT a FROM t;\n");
  std::string out, err;
  int rc = test::run_noormc("build --migrations migrations --out gen", out, err, dir.path());
  EXPECT_EQ(rc, 1) << err;
  EXPECT_NE(err.find("0002_case.up.sql:2:13"), std::string::npos) << err;
  EXPECT_NE(err.find("1 values for 2 columns"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/gen")) << err;
}

}  // namespace
}  // namespace noormc
