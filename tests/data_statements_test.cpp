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
#include "syntax/functions.hpp"

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
    "CREATE VIEW over_bad AS SELECT * FROM bad_arms;\n"
    "CREATE VIEW bad_agg AS SELECT a FROM t WHERE count(*) > 1;\n"
    "CREATE VIRTUAL TABLE ft USING fts5(body);\n";

/// SQLite's message when it prepares `sql` after the schema ("" when it accepts).
std::string sqlite_refusal(const std::string& sql, const char* schema = kSchema) {
  sqlite3* db = test::open_memory_db();
  EXPECT_EQ(sqlite3_exec(db, schema, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) out = sqlite3_errmsg(db);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

bool quotes_sqlite(const std::string& code) {
  return code == "E0111" || code == "E0215" || code == "E0216" || code == "E0217";
}

/// Checks each statement as migration 0002 (line 2) after the schema, against SQLite's verdict.
void agree_with_sqlite(const std::vector<std::string>& cases, const char* schema = kSchema,
                       bool words_of_sqlite = true) {
  for (const auto& sql : cases) {
    std::string refused = sqlite_refusal(sql, schema);
    TempDir dir;
    dir.write("0001_schema.up.sql", std::string("-- noormc:irreversible\n") + schema);
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
    if (quoted && words_of_sqlite) {
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

// Every call the linked SQLite (noormc migrate's) accepts, noormc accepts: each of its functions with
// 0 to 8 arguments, with and without DISTINCT. The table itself is better-sqlite3's SQLite's, checked
// by `node scripts/sqlite_functions.js --check` (scripts/test.sh).
TEST(DataStatements, FunctionTableHoldsTheLinkedSqlite) {
  sqlite3* db = test::open_memory_db();
  std::vector<std::string> names;
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT DISTINCT name FROM pragma_function_list WHERE name GLOB '[A-Za-z_]*'", -1,
                               &st, nullptr),
            SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  ASSERT_GT(names.size(), 100u);
  size_t accepted = 0;
  for (const auto& name : names) {
    for (size_t n = 0; n <= 8; ++n) {
      for (bool distinct : {false, true}) {
        std::string args;
        for (size_t i = 0; i < n; ++i) args += i ? ", NULL" : "NULL";
        std::string sql = "SELECT " + name + "(" + (distinct && n ? "DISTINCT " : "") + args + ")";
        sqlite3_stmt* x = nullptr;
        int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &x, nullptr);
        std::string m = rc == SQLITE_OK ? "" : sqlite3_errmsg(db);
        sqlite3_finalize(x);
        bool refused_for_call = m.rfind("wrong number of arguments", 0) == 0 || m.rfind("no such function", 0) == 0 ||
                                m.rfind("DISTINCT aggregates", 0) == 0;
        if (refused_for_call) continue;
        ++accepted;
        EXPECT_EQ(syntax::call_refusal(name, n, distinct && n), "")
            << sql << " (SQLite: " << (m.empty() ? "ok" : m) << ")";
      }
    }
  }
  EXPECT_GT(accepted, 200u);
  sqlite3_close(db);
}

TEST(DataStatements, FunctionsSqliteHas) {
  // resolve.c, resolveExprStep: "no such function: X", "wrong number of arguments to function X()",
  // wherever SQLite resolves the call when it prepares the statement (not in a view, a trigger body
  // or a DEFAULT, which it stores unresolved). Only calls both the linked SQLite and better-sqlite3's
  // agree on: the newer functions are FunctionTable's.
  agree_with_sqlite({
      "SELECT nosuch(a) FROM t",
      "INSERT INTO u (note) SELECT NoSuch(a) FROM t",
      "UPDATE t SET a = slugify(a)",
      "INSERT INTO t (a) VALUES (gen_id())",
      "DELETE FROM t WHERE is_spam(a)",
      "SELECT abs(a, b) FROM t",
      "SELECT ABS() FROM t",
      "SELECT substr(a) FROM t",
      "SELECT coalesce(a) FROM t",
      "SELECT count(DISTINCT a, b) FROM t",
      "SELECT count(*), count(), count(a), count(DISTINCT a) FROM t",
      "SELECT lower(a), upper(a), length(a), trim(a, 'x'), replace(a, 'a', 'b'), instr(a, 'x') FROM t",
      "SELECT sqrt(c), pow(c, 2), ln(c), log(c), log(2, c), pi(), round(c, 1), sign(c) FROM t",
      "SELECT json_extract(a, '$.x'), json_object('a', b), json_array(1, 2), a -> '$.x', a ->> 'x' FROM t",
      "SELECT date('now'), time('now', 'localtime'), datetime(), julianday('now'), strftime('%s', 'now') FROM t",
      "SELECT unixepoch('now'), unixepoch() FROM t",
      "SELECT group_concat(a), group_concat(a, ','), total(c), avg(c), sum(b) FROM t",
      "SELECT max(a, b), min(a), max(b), min(a, b, c) FROM t",
      "SELECT iif(b, 1, 2), nullif(a, ''), ifnull(b, 0), typeof(c), likelihood(b, 0.5), unlikely(b) FROM t",
      "SELECT printf('%d', b), format('%s', a), char(65, 66), hex(a), quote(a), random(), zeroblob(2) FROM t",
      "SELECT json_group_array(a), json_group_object(a, b) FROM t",
      "SELECT changes(), last_insert_rowid(), total_changes(), sqlite_version() FROM t",
      "CREATE TABLE n (x INT CHECK (nosuch(x)))",
      "CREATE TABLE n (x INT CHECK (length(x, 2)))",
      "CREATE TABLE n (x INT, y AS (nosuch(x)))",
      "CREATE INDEX n_i ON t (nosuch(a))",
      "CREATE INDEX n_i ON t (lower(a))",
      "CREATE VIEW nv AS SELECT nosuch(a) FROM t",
      "CREATE TABLE n (x INT DEFAULT (nosuch(1)))",
      "CREATE TRIGGER n_tr AFTER INSERT ON t BEGIN SELECT nosuch(NEW.a); END",
      "CREATE TABLE n AS SELECT nosuch(a) AS x FROM t",
      "SELECT highlight(ft, 0, '[', ']'), bm25(ft), snippet(ft, 0, '', '', '', 5) FROM ft WHERE ft MATCH 'x'",
  });
}

TEST(DataStatements, ApplicationFunctionsAllowedByComment) {
  // A function the application registers on its connection (db.function) is no built-in:
  // `-- noormc:allow E0111` on the statement lets it through; the next statement still fails.
  TempDir dir;
  dir.write("0001_schema.up.sql", std::string("-- noormc:irreversible\n") + kSchema);
  dir.write("0002_case.up.sql",
            "-- noormc:irreversible\n-- noormc:allow E0111 (slugify: db.function in lib/db.ts)\n"
            "UPDATE t SET a = slugify(a);\nUPDATE t SET a = slugify(a);\n");
  auto d = check_dir(dir.path());
  std::vector<uint32_t> lines;
  for (const auto& x : d.items()) {
    if (x.severity == Severity::Error) lines.push_back(x.line);
  }
  EXPECT_EQ(lines, std::vector<uint32_t>{4}) << dump(d);
}

TEST(DataStatements, AggregateAndWindowUse) {
  // resolve.c, resolveExprStep and resolveSelectStep; window.c, sqlite3WindowChain.
  agree_with_sqlite({
      "SELECT a FROM t WHERE count(*) > 1",
      "SELECT count(*) FROM t WHERE count(*) > 1",
      "SELECT a FROM t WHERE count(*) GROUP BY a",
      "SELECT count(*) FROM t WHERE b = 1 AND max(c) > 1",
      "SELECT a FROM t JOIN u ON count(*)",
      "SELECT count(*) FROM t JOIN u ON count(*)",
      "SELECT count(*) FROM t GROUP BY count(*)",
      "SELECT a FROM t GROUP BY a, max(b)",
      "SELECT a FROM t LIMIT count(*)",
      "SELECT count(*) FROM t LIMIT 1 OFFSET max(1)",
      "SELECT sum(sum(b)) FROM t",
      "SELECT count(max(b)) FROM t",
      "SELECT count(*) FROM t HAVING sum(sum(b))",
      "SELECT sum(b) FILTER (WHERE sum(b) > 1) FROM t",
      "UPDATE t SET b = count(*)",
      "UPDATE t SET b = (SELECT count(*) FROM u)",
      "UPDATE t SET b = 1 WHERE max(b) > 1",
      "UPDATE t SET b = 1 RETURNING count(*)",
      "DELETE FROM t WHERE sum(b) > 1",
      "DELETE FROM t WHERE b > (SELECT avg(b) FROM t)",
      "INSERT INTO t (a) VALUES (count(*))",
      "INSERT INTO t (a) VALUES ('x') ON CONFLICT (a, b) DO UPDATE SET c = max(c)",
      "INSERT INTO u (note) SELECT count(*) FROM t",
      "INSERT INTO u (note) SELECT a FROM t WHERE b > (SELECT max(b) FROM t)",
      "SELECT a FROM t WHERE (SELECT count(*) FROM u) > 1",
      "SELECT a, count(*) FROM t",
      "SELECT a FROM t GROUP BY a ORDER BY count(*)",
      "SELECT a FROM t ORDER BY count(*)",
      "SELECT a FROM t ORDER BY sum(sum(b))",
      "SELECT count(*) FROM t ORDER BY sum(sum(b))",
      "SELECT 1 ORDER BY sum(1)",
      "SELECT a FROM t ORDER BY (SELECT count(*) FROM u)",
      "INSERT INTO u (note) SELECT a FROM t ORDER BY max(b)",
      "SELECT count(*) FROM t ORDER BY count(*)",
      "SELECT sum(count(*)) OVER () FROM t",
      // Window functions: OVER, and only in the result columns and ORDER BY.
      "SELECT row_number() FROM t",
      "SELECT rank(), a FROM t",
      "SELECT a FROM t WHERE row_number() OVER () > 1",
      "SELECT a FROM t WHERE sum(b) OVER () > 1",
      "SELECT a FROM t GROUP BY row_number() OVER ()",
      "SELECT count(*) FROM t HAVING row_number() OVER () > 1",
      "SELECT sum(row_number() OVER ()) FROM t",
      "SELECT sum(b) OVER (ORDER BY row_number() OVER ()) FROM t",
      "SELECT sum(b) OVER (PARTITION BY sum(b)) FROM t",
      "SELECT a FROM t ORDER BY row_number() OVER ()",
      "UPDATE t SET b = row_number() OVER ()",
      "SELECT abs(b) OVER () FROM t",
      "SELECT max(a, b) OVER () FROM t",
      "SELECT max(b) OVER (), min(b) OVER (), count(*) OVER (), group_concat(a) OVER () FROM t",
      "SELECT abs(b) FILTER (WHERE 1) FROM t",
      "SELECT count(*) FILTER (WHERE b > 0) OVER () FROM t",
      "SELECT row_number() FILTER (WHERE 1) OVER () FROM t",
      "SELECT count(DISTINCT b) OVER () FROM t",
      "SELECT lag(a, 1, 'x') OVER (ORDER BY id), ntile(2) OVER (), nth_value(a, 2) OVER () FROM t",
      "SELECT lag(a, 1, 2, 3) OVER () FROM t",
      // Named windows (window.c: "no such window", "cannot override ...").
      "SELECT sum(b) OVER w FROM t",
      "SELECT sum(b) OVER (w ORDER BY a) FROM t",
      "SELECT sum(b) OVER w FROM t WINDOW v AS ()",
      "SELECT sum(b) OVER w FROM t WINDOW w AS (PARTITION BY a)",
      "SELECT sum(b) OVER W FROM t WINDOW w AS (PARTITION BY a)",
      "SELECT (SELECT sum(b) OVER w) FROM t WINDOW w AS ()",
      "SELECT row_number() OVER (w) FROM t WINDOW w AS (ORDER BY a)",
      "SELECT row_number() OVER (w ORDER BY a) FROM t WINDOW w AS (PARTITION BY b)",
      "SELECT row_number() OVER (w PARTITION BY a) FROM t WINDOW w AS (ORDER BY a)",
      "SELECT row_number() OVER (w ORDER BY b) FROM t WINDOW w AS (ORDER BY a)",
      "SELECT row_number() OVER (w ROWS 1 PRECEDING) FROM t WINDOW w AS (PARTITION BY a)",
      "SELECT row_number() OVER (w) FROM t WINDOW w AS (ORDER BY a ROWS 2 PRECEDING)",
      "SELECT row_number() OVER w FROM t WINDOW w AS (ORDER BY a ROWS 2 PRECEDING)",
      "SELECT a FROM t WINDOW w AS (ORDER BY count(*))",
      // HAVING needs an aggregate query (GROUP BY or an aggregate), since SQLite 3.39 without GROUP BY.
      "SELECT count(*) FROM t HAVING count(*) > 0",
      "SELECT count(*) FROM t HAVING 1",
      "SELECT a FROM t HAVING a > 0",
      "SELECT 1 FROM t HAVING 1",
      "SELECT a FROM t HAVING count(*) > 0",
      "SELECT a FROM t GROUP BY a HAVING a > 1",
      "SELECT a FROM t GROUP BY a HAVING count(*) > 1 ORDER BY a",
      "INSERT INTO u (note) SELECT a FROM t HAVING b > 1",
      "INSERT INTO u (note) SELECT max(a) FROM t HAVING max(b) > 1",
      // A view that misuses them is stored, and refuses every statement that reads it.
      "SELECT * FROM bad_agg",
  });
}

TEST(DataStatements, CompoundOrderBy) {
  // select.c, resolveCompoundOrderBy: each term names a result column of some arm.
  agree_with_sqlite({
      "SELECT a FROM t UNION SELECT note FROM u ORDER BY b",
      "SELECT a FROM t UNION SELECT note FROM u ORDER BY a",
      "SELECT a FROM t UNION SELECT note FROM u ORDER BY note",
      "SELECT a FROM t UNION SELECT note FROM u ORDER BY t.a",
      "SELECT a FROM t UNION SELECT note FROM u ORDER BY A COLLATE NOCASE DESC",
      "SELECT a AS x FROM t UNION SELECT note FROM u ORDER BY x",
      "SELECT a FROM t UNION SELECT note AS y FROM u ORDER BY y",
      "SELECT a FROM t UNION SELECT note FROM u ORDER BY 1",
      "SELECT a FROM t UNION SELECT note FROM u ORDER BY 2",
      "SELECT lower(a) FROM t UNION SELECT note FROM u ORDER BY lower(a)",
      "SELECT lower(a) FROM t UNION SELECT note FROM u ORDER BY upper(a)",
      "SELECT a FROM t UNION SELECT note FROM u ORDER BY a || ''",
      "SELECT a FROM t UNION SELECT note FROM u ORDER BY (a)",
      "SELECT a, b FROM t UNION ALL SELECT note, t_id FROM u ORDER BY b DESC, a",
      "SELECT a, b FROM t UNION ALL SELECT note, t_id FROM u ORDER BY t_id, c",
      "SELECT a FROM t INTERSECT SELECT note FROM u EXCEPT SELECT a FROM t ORDER BY id",
      "SELECT * FROM t UNION SELECT * FROM t ORDER BY a",
      "INSERT INTO u (note) SELECT a FROM t UNION SELECT note FROM u ORDER BY b",
      "INSERT INTO u (note) SELECT x FROM (SELECT a AS x FROM t UNION SELECT note FROM u ORDER BY nope)",
      "SELECT a FROM t UNION VALUES ('x') ORDER BY a",
  });
}

TEST(DataStatements, UpsertTargets) {
  // insert.c, sqlite3Insert: an upsert on a view (even with an INSTEAD OF trigger) or a virtual table.
  agree_with_sqlite({
      "INSERT INTO uv (note) VALUES ('x') ON CONFLICT DO NOTHING",
      "INSERT INTO uv (note) VALUES ('x') ON CONFLICT (id) DO UPDATE SET note = 1",
      "INSERT INTO tv (a) VALUES ('x') ON CONFLICT DO NOTHING",
      "INSERT INTO tv (a) VALUES ('x')",
      "REPLACE INTO uv (note) VALUES ('x')",
      "INSERT INTO uv (note) VALUES ('x') RETURNING id",
      "INSERT INTO ft (body) VALUES ('x') ON CONFLICT DO NOTHING",
      "INSERT INTO ft (body) VALUES ('x') ON CONFLICT (body) DO NOTHING",
      "INSERT INTO ft (body) VALUES ('x')",
      "INSERT INTO ft (ft) VALUES ('optimize')",
      "INSERT OR IGNORE INTO ft (body) VALUES ('x')",
  });
}

TEST(DataStatements, FiredTriggers) {
  // trigger.c, sqlite3CodeRowTrigger: SQLite stores a trigger's body unresolved and codes the body of
  // each trigger a write fires when it prepares the write. (Its words name `main.` tables and
  // "has no column named": noormc's name the same refusal.)
  const char* schema =
      "CREATE TABLE p (a INT, b INT);\n"
      "CREATE TABLE log (x INT);\n"
      "CREATE TABLE gone (x INT);\n"
      "CREATE TRIGGER p_ins AFTER INSERT ON p BEGIN INSERT INTO log (y) VALUES (NEW.a); END;\n"
      "CREATE TRIGGER p_del AFTER DELETE ON p BEGIN INSERT INTO gone VALUES (OLD.a); END;\n"
      "CREATE TRIGGER p_upd_b AFTER UPDATE OF b ON p BEGIN INSERT INTO log VALUES (nosuch(NEW.b)); END;\n"
      "CREATE TRIGGER p_upd AFTER UPDATE ON p WHEN NEW.a > 0 BEGIN SELECT count(*) FROM log WHERE count(*) > 1; "
      "END;\n"
      "CREATE TABLE q (a INT);\n"
      "CREATE TRIGGER q_ins BEFORE INSERT ON q BEGIN SELECT RAISE(ABORT, 'no') WHERE NEW.a IS NULL; "
      "UPDATE log SET x = NEW.a; END;\n"
      "DROP TABLE gone;\n";
  agree_with_sqlite(
      {
          "INSERT INTO p VALUES (1, 2)",
          "INSERT INTO p SELECT a, a FROM q",
          "DELETE FROM p",
          "DELETE FROM p WHERE a = 1",
          "UPDATE p SET a = 1",
          "UPDATE p SET b = 1",
          "INSERT INTO q VALUES (1)",
          "UPDATE q SET a = 2",
          "DELETE FROM q",
          "DELETE FROM log",
      },
      schema, false);
}

TEST(DataStatements, FiredTriggerBodiesWrites) {
  // trigger.c, sqlite3CodeRowTrigger codes each write of a fired trigger's body as insert.c, update.c and
  // delete.c code a write of its own (value counts, views, generated columns, the schema table), and in
  // turn the triggers that write fires; each (trigger, conflict mode) once (getRowTrigger), so chains end.
  const char* schema =
      "CREATE TABLE p (a INT, b INT);\n"
      "CREATE TABLE log (x INT, y INT);\n"
      "CREATE TABLE g (a INT, b INT GENERATED ALWAYS AS (a * 2));\n"
      "CREATE VIEW lv AS SELECT x FROM log;\n"
      "CREATE TRIGGER p_ins AFTER INSERT ON p BEGIN INSERT INTO log VALUES (NEW.a); END;\n"
      "CREATE TRIGGER p_upd AFTER UPDATE OF a ON p BEGIN INSERT INTO log (x) VALUES (NEW.a, NEW.b); END;\n"
      "CREATE TRIGGER p_del AFTER DELETE ON p BEGIN INSERT INTO log SELECT OLD.a, OLD.b, 1; END;\n"
      "CREATE TRIGGER p_upd_b AFTER UPDATE OF b ON p BEGIN INSERT INTO lv VALUES (1); END;\n"
      "CREATE TABLE q (a INT, b INT);\n"
      "CREATE TRIGGER q_ins AFTER INSERT ON q BEGIN UPDATE g SET b = 1; END;\n"
      "CREATE TRIGGER q_del AFTER DELETE ON q BEGIN INSERT INTO g (a, b) VALUES (1, 2); END;\n"
      "CREATE TRIGGER q_upd AFTER UPDATE OF a ON q BEGIN DELETE FROM sqlite_master; END;\n"
      "CREATE TRIGGER q_upd_b AFTER UPDATE OF b ON q BEGIN INSERT INTO g VALUES (1); "
      "INSERT INTO log VALUES (1, 2) ON CONFLICT DO NOTHING; END;\n"
      // A chain: r fires s, s's body is wrong; r2 and s2 fire each other and are right.
      "CREATE TABLE r (a INT);\n"
      "CREATE TABLE s (a INT);\n"
      "CREATE TRIGGER r_ins AFTER INSERT ON r BEGIN INSERT INTO s VALUES (NEW.a); END;\n"
      "CREATE TRIGGER s_ins AFTER INSERT ON s BEGIN INSERT INTO log VALUES (1, 2, 3); END;\n"
      "CREATE TRIGGER r_upd AFTER UPDATE ON r BEGIN UPDATE s SET a = NEW.a; END;\n"
      "CREATE TRIGGER s_upd AFTER UPDATE ON s BEGIN UPDATE r SET a = NEW.a WHERE a <> NEW.a; "
      "INSERT INTO log VALUES (1, 2); END;\n"
      "CREATE TRIGGER r_del AFTER DELETE ON r BEGIN DELETE FROM s; UPDATE lv SET x = 1; END;\n";
  agree_with_sqlite(
      {
          "INSERT INTO p VALUES (1, 2)",
          "UPDATE p SET a = 1",
          "UPDATE p SET b = 1",
          "DELETE FROM p",
          "INSERT INTO q VALUES (1, 2)",
          "DELETE FROM q",
          "UPDATE q SET a = 1",
          "UPDATE q SET b = 1",
          "INSERT INTO r VALUES (1)",
          "UPDATE r SET a = 2",
          "UPDATE s SET a = 2",
          "DELETE FROM r",
          "DELETE FROM s",
          "INSERT INTO log VALUES (1, 2)",
      },
      schema);
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
