// Issue 10: what SQLite refuses never passes, every warning is true. Each
// case's expected value comes from the sqlite3 C library (a fresh in-memory
// database per case, double-quoted strings off as in better-sqlite3).
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "checks/defaults.hpp"
#include "checks_helpers.hpp"
#include "emit/types.hpp"
#include "support.hpp"

namespace noormc {
namespace {

using test::check_dir;
using test::dump;
using test::TempDir;
using test::with_code;

}  // namespace
namespace test {
/// Runs `sql` (several statements) in a fresh in-memory SQLite; "" when it all
/// ran, else SQLite's message.
struct Sqlite {
  sqlite3* db = nullptr;
  Sqlite() { db = test::open_memory_db(); }
  ~Sqlite() { sqlite3_close(db); }
  std::string run(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK) return "";
    std::string out = msg ? msg : "error";
    sqlite3_free(msg);
    return out;
  }
  std::string value(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      const auto* t = sqlite3_column_text(st, 0);
      out = t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    sqlite3_finalize(st);
    return out;
  }
};
}  // namespace test
namespace {
using test::Sqlite;

bool has_error_in(const Diagnostics& d, const std::string& file_suffix) {
  for (const auto& x : d.items()) {
    if (x.severity == Severity::Error && x.file.size() >= file_suffix.size() &&
        x.file.compare(x.file.size() - file_suffix.size(), file_suffix.size(), file_suffix) == 0)
      return true;
  }
  return false;
}

// ---------------------------------------------------------------- 1. reversibility names

TEST(Reversibility, RenameRoundTripRespellsReferencesAsSqliteDoes) {
  TempDir dir;
  dir.write("0001_init.up.sql",
            "CREATE TABLE regions (id INTEGER PRIMARY KEY);\n"
            "CREATE TABLE stores (id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES Regions (id));\n");
  dir.write("0001_init.down.sql", "DROP TABLE stores;\nDROP TABLE regions;\n");
  dir.write("0002_areas.up.sql", "ALTER TABLE regions RENAME TO areas;\n");
  dir.write("0002_areas.down.sql", "ALTER TABLE areas RENAME TO regions;\n");
  // SQLite: the round trip leaves the same tables and the reference to the same table.
  Sqlite s;
  ASSERT_EQ(s.run(test::read(dir.path() + "/0001_init.up.sql")), "");
  ASSERT_EQ(s.run("ALTER TABLE regions RENAME TO areas; ALTER TABLE areas RENAME TO regions;"), "");
  EXPECT_EQ(s.value("SELECT \"table\" FROM pragma_foreign_key_list('stores')"), "regions");
  auto d = check_dir(dir.path());
  EXPECT_TRUE(with_code(d, "E0602").empty()) << dump(d);
}

TEST(Reversibility, ForeignKeyWordsSayWhoChangedIt) {
  TempDir dir;
  dir.write("0001_init.up.sql",
            "CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE q (id INTEGER PRIMARY KEY);\n"
            "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER);\n");
  dir.write("0001_init.down.sql", "DROP TABLE c;\nDROP TABLE q;\nDROP TABLE p;\n");
  // The up adds nothing; the down adds a foreign key by a rebuild.
  dir.write("0002_noop.up.sql", "CREATE INDEX c_p ON c (p_id);\n");
  dir.write("0002_noop.down.sql",
            "DROP INDEX c_p;\nCREATE TABLE new_c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));\n"
            "INSERT INTO new_c SELECT * FROM c;\nDROP TABLE c;\nALTER TABLE new_c RENAME TO c;\n");
  auto d = check_dir(dir.path());
  auto e = with_code(d, "E0602");
  ASSERT_EQ(e.size(), 1u) << dump(d);
  EXPECT_NE(e[0].message.find("adds foreign key c(p_id) → p(id)"), std::string::npos) << e[0].message;
  EXPECT_NE(e[0].message.find("which did not exist before the up"), std::string::npos) << e[0].message;
}

// ---------------------------------------------------------------- 3. ADD COLUMN

struct AddColumnCase {
  const char* column;
  bool fk_on;
};

/// Each ADD COLUMN against SQLite, on an empty table and on one with a row:
/// refused on both → noormc error; refused only with a row → W0503 when the
/// table comes from an earlier migration; accepted → neither.
TEST(AddColumn, EveryRefusalOfSqliteIsAnErrorOrAWarning) {
  const AddColumnCase cases[] = {
      {"b TEXT AS (upper(a)) STORED", false},
      {"b TEXT AS (upper(a)) VIRTUAL", false},
      {"b TEXT DEFAULT CURRENT_TIMESTAMP", false},
      {"b TEXT DEFAULT CURRENT_DATE", false},
      {"b TEXT DEFAULT CURRENT_TIME", false},
      {"b TEXT DEFAULT (strftime('%s','now'))", false},
      {"b INT DEFAULT (1 + 2)", false},
      {"b INT DEFAULT (-1)", false},
      {"b INT DEFAULT -1", false},
      {"b INT DEFAULT (+1)", false},
      {"b INT DEFAULT (CAST('7' AS INT))", false},
      {"b INT DEFAULT (abs(-1))", false},
      {"b INT DEFAULT (~1)", false},
      {"b INT DEFAULT (NOT 1)", false},
      {"b INT DEFAULT ('x' || 'y')", false},
      {"b INT DEFAULT TRUE", false},
      {"b BLOB DEFAULT X'00'", false},
      {"b TEXT NOT NULL", false},
      {"b TEXT NOT NULL DEFAULT NULL", false},
      {"b TEXT NOT NULL DEFAULT (NULL)", false},
      {"b TEXT NOT NULL DEFAULT 'x'", false},
      {"b INTEGER PRIMARY KEY", false},
      {"b TEXT UNIQUE", false},
      {"b INT REFERENCES t (id) DEFAULT 1", true},
      {"b INT REFERENCES t (id) DEFAULT 1", false},
      {"b INT REFERENCES t (id) DEFAULT NULL", true},
      {"b INT DEFAULT 0 CHECK (b > 0)", false},
      {"b INT DEFAULT 5 CHECK (b > 0)", false},
      {"b INT CHECK (b > 0)", false},
      {"b TEXT COLLATE NOCASE", false},
      {"b", false},
  };
  const std::string create = "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n";
  for (const auto& c : cases) {
    std::string pragma = c.fk_on ? "PRAGMA foreign_keys=ON;\n" : "";
    std::string alter = "ALTER TABLE t ADD COLUMN " + std::string(c.column) + ";\n";
    Sqlite empty, full;
    bool refused_empty = !empty.run(create + pragma + alter).empty();
    bool refused_full = !full.run(create + "INSERT INTO t (a) VALUES ('x');\n" + pragma + alter).empty();
    TempDir dir;
    dir.write("0001_t.up.sql", "-- noormc:irreversible\n" + create);
    dir.write("0002_add.up.sql", "-- noormc:irreversible\n" + pragma + alter);
    auto d = check_dir(dir.path());
    bool error = has_error_in(d, "0002_add.up.sql");
    bool warned = !with_code(d, "W0503").empty();
    SCOPED_TRACE(std::string(c.column) + (c.fk_on ? " (foreign_keys=ON)" : "") + "\n" + dump(d));
    EXPECT_EQ(error, refused_empty);
    EXPECT_EQ(warned, refused_full && !refused_empty);
  }
}

// ---------------------------------------------------------------- 4. foreign-key actions

TEST(ForeignKeyActions, RebuildUnderForeignKeysOnWarnsAndSqliteEmptiesTheChild) {
  const std::string init =
      "CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
      "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);\n"
      "INSERT INTO p VALUES (1);\nINSERT INTO c VALUES (1, 1);\n";
  const std::string rebuild =
      "PRAGMA foreign_keys=ON;\n"
      "CREATE TABLE new_p (id INTEGER PRIMARY KEY);\nINSERT INTO new_p (id) SELECT id FROM p;\n"
      "DROP TABLE p;\nALTER TABLE new_p RENAME TO p;\n";
  Sqlite s;
  ASSERT_EQ(s.run(init + rebuild), "");
  EXPECT_EQ(s.value("SELECT count(*) FROM c"), "0");
  TempDir dir;
  dir.write("0001_init.up.sql", "-- noormc:irreversible\n" + init);
  dir.write("0002_rebuild.up.sql", "-- noormc:irreversible\n" + rebuild);
  auto d = check_dir(dir.path());
  auto w = with_code(d, "W0507");
  ASSERT_EQ(w.size(), 1u) << dump(d);
  EXPECT_NE(w[0].message.find("c (ON DELETE CASCADE)"), std::string::npos) << w[0].message;
  EXPECT_EQ(w[0].line, 5u);
}

TEST(ForeignKeyActions, EveryStatementThatFiresAnActionWarns) {
  const std::string init =
      "CREATE TABLE p (id INTEGER PRIMARY KEY, k TEXT UNIQUE);\n"
      "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE SET NULL,\n"
      "                pk TEXT REFERENCES p (k) ON UPDATE CASCADE ON DELETE SET NULL);\n"
      "INSERT INTO p VALUES (1, 'a');\nINSERT INTO c VALUES (1, 1, 'a');\n";
  struct Case {
    const char* sql;
    const char* child;  // "" when no action fires
    const char* probe;  // what SQLite shows changed in c
    const char* expect;
  };
  const Case cases[] = {
      {"DELETE FROM p WHERE id = 1", "c (ON DELETE SET NULL)", "SELECT quote(p_id) FROM c", "NULL"},
      {"REPLACE INTO p VALUES (1, 'b')", "c (ON DELETE SET NULL)", "SELECT quote(p_id) FROM c", "NULL"},
      {"UPDATE p SET k = 'z'", "c (ON UPDATE CASCADE)", "SELECT pk FROM c", "z"},
      {"UPDATE p SET id = id", "", "SELECT p_id FROM c", "1"},
      {"INSERT INTO p VALUES (1, 'q') ON CONFLICT (id) DO UPDATE SET k = 'w'", "c (ON UPDATE CASCADE)",
       "SELECT pk FROM c", "w"},
  };
  for (const auto& c : cases) {
    Sqlite s;
    std::string stmt = std::string("PRAGMA foreign_keys=ON;\n") + c.sql + ";\n";
    ASSERT_EQ(s.run(init + stmt), "");
    EXPECT_EQ(s.value(c.probe), c.expect) << c.sql;
    TempDir dir;
    dir.write("0001_init.up.sql", "-- noormc:irreversible\n" + init);
    dir.write("0002_x.up.sql", "-- noormc:irreversible\n" + stmt);
    auto d = check_dir(dir.path());
    auto w = with_code(d, "W0507");
    SCOPED_TRACE(std::string(c.sql) + "\n" + dump(d));
    if (*c.child) {
      ASSERT_EQ(w.size(), 1u);
      EXPECT_NE(w[0].message.find(c.child), std::string::npos);
    } else {
      EXPECT_TRUE(w.empty());
    }
  }
}

// ---------------------------------------------------------------- 5. rebuild mapping

TEST(RebuildHazards, UniqueKeysFollowTheInsertSelectMapping) {
  TempDir dir;
  dir.write("0001_t.up.sql",
            "-- noormc:irreversible\nCREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE, n TEXT);\n");
  dir.write("0002_rebuild.up.sql",
            "-- noormc:irreversible\n"
            "CREATE TABLE new_t (id INTEGER PRIMARY KEY, b TEXT UNIQUE, m TEXT UNIQUE);\n"
            "INSERT INTO new_t (id, b, m) SELECT id, a, n FROM t;\nDROP TABLE t;\nALTER TABLE new_t RENAME TO t;\n");
  auto d = check_dir(dir.path());
  auto w = with_code(d, "W0504");
  ASSERT_EQ(w.size(), 1u) << dump(d);  // b comes from the unique a; m from n, which is not unique
  EXPECT_NE(w[0].message.find("UNIQUE (m) (copied from n)"), std::string::npos) << w[0].message;
  ASSERT_FALSE(w[0].notes.empty());
  EXPECT_NE(w[0].notes[0].find("SELECT n, count(*) FROM t GROUP BY n"), std::string::npos) << w[0].notes[0];
  // The note's query runs on t as it is before the rebuild.
  Sqlite s;
  ASSERT_EQ(s.run("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE, n TEXT);"), "");
  std::string q = w[0].notes[0].substr(w[0].notes[0].find("SELECT"));
  EXPECT_EQ(s.run(q), "") << q;
}

TEST(RebuildHazards, PositionalAndStarCopiesMapByPosition) {
  TempDir dir;
  dir.write("0001_t.up.sql", "-- noormc:irreversible\nCREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE);\n");
  dir.write("0002_rebuild.up.sql",
            "-- noormc:irreversible\nCREATE TABLE new_t (id INTEGER PRIMARY KEY, b TEXT UNIQUE);\n"
            "INSERT INTO new_t SELECT * FROM t;\nDROP TABLE t;\nALTER TABLE new_t RENAME TO t;\n");
  auto d = check_dir(dir.path());
  EXPECT_TRUE(with_code(d, "W0504").empty()) << dump(d);
}

// ---------------------------------------------------------------- 6. default storage class

TEST(DefaultStorageClass, IntegerDefaultCurrentTimestampIsText) {
  Sqlite s;
  ASSERT_EQ(s.run("CREATE TABLE r (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL DEFAULT CURRENT_TIMESTAMP);"
                  "INSERT INTO r DEFAULT VALUES;"),
            "");
  EXPECT_EQ(s.value("SELECT typeof(created_at) FROM r"), "text");
  EXPECT_EQ(checks::default_storage_class("INTEGER", "CURRENT_TIMESTAMP"), "text");
  TempDir dir;
  dir.write("0001_r.up.sql",
            "-- noormc:irreversible\n"
            "CREATE TABLE r (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
            "  n INTEGER DEFAULT '12', x REAL DEFAULT 'abc', ok TEXT DEFAULT 5, b TEXT DEFAULT X'00');\n");
  auto d = check_dir(dir.path());
  auto w = with_code(d, "W0510");
  ASSERT_EQ(w.size(), 3u) << dump(d);  // created_at, x, b; '12' becomes an integer, 5 becomes '5'
  EXPECT_NE(w[0].message.find("r.created_at"), std::string::npos) << w[0].message;
  model::Column col;
  col.name = "created_at";
  col.type = "INTEGER";
  col.not_null = true;
  col.default_value = "CURRENT_TIMESTAMP";
  EXPECT_EQ(emit::ts_row_type(col, {}), "number | string");
  col.default_value = "'12'";
  EXPECT_EQ(emit::ts_row_type(col, {}), "number");
}

// ---------------------------------------------------------------- 7. grammar

TEST(Grammar, AddColumnKeywordIsAKeywordAsInSqlite) {
  struct Case {
    const char* sql;
  };
  const char* cases[] = {"ALTER TABLE t ADD COLUMN ;", "ALTER TABLE t ADD COLUMN COLUMN;",
                         "ALTER TABLE t ADD column TEXT;", "ALTER TABLE t DROP COLUMN;",
                         "ALTER TABLE t RENAME column TO b;", "ALTER TABLE t RENAME COLUMN column TO b;",
                         "ALTER TABLE t DROP column;",
                         // The first table constraint needs its comma, later ones do not (parse.y: tconscomma).
                         "CREATE TABLE n (a, b PRIMARY KEY (a));", "CREATE TABLE n (a, b, PRIMARY KEY (a) UNIQUE (b));",
                         // IF and SAVEPOINT after their statement's keyword are keywords, never names.
                         "DROP TABLE IF;", "CREATE TABLE IF (x);", "CREATE INDEX IF ON t (a);", "RELEASE SAVEPOINT;",
                         "ROLLBACK TO SAVEPOINT;", "CREATE TABLE IF NOT EXISTS t (x);", "DROP TABLE IF EXISTS nope;"};
  for (const char* sql : cases) {
    Sqlite s;
    ASSERT_EQ(s.run("CREATE TABLE t (a, \"column\");"), "");
    std::string refused = s.run(sql);
    bool syntax = refused.find("syntax error") != std::string::npos;
    TempDir dir;
    dir.write("0001_t.up.sql", "-- noormc:irreversible\nCREATE TABLE t (a, \"column\");\n");
    dir.write("0002_x.up.sql", std::string("-- noormc:irreversible\n") + sql + "\n");
    auto d = check_dir(dir.path());
    SCOPED_TRACE(std::string(sql) + " / SQLite: " + refused + "\n" + dump(d));
    EXPECT_EQ(!with_code(d, "E0106").empty(), syntax);
    EXPECT_EQ(has_error_in(d, "0002_x.up.sql"), !refused.empty());
    if (refused.empty()) {
      EXPECT_TRUE(test::replays_like_sqlite(dir.path(), 2));
    }
  }
}

// GENERATED and ALWAYS fall back to identifiers (parse.y %fallback ID), so they
// are type words; sqlite3AddColumn (build.c) then trims a trailing "GENERATED
// ALWAYS" or "ALWAYS" from a type of 16 or more bytes. The types come from
// PRAGMA table_xinfo (replays_like_sqlite compares every column's type).
TEST(Grammar, GeneratedAndAlwaysAreTypeWordsAsInSqlite) {
  const char* cases[] = {"CREATE TABLE n (z GENERATED ANY);",
                         "CREATE TABLE n (z GENERATED);",
                         "CREATE TABLE n (z INT GENERATED);",
                         "CREATE TABLE n (z GENERATED ALWAYS);",
                         "CREATE TABLE n (z ALWAYS GENERATED);",
                         "CREATE TABLE n (z TEXT GENERATED NOT NULL);",
                         "CREATE TABLE n (z GENERATED(10));",
                         "CREATE TABLE n (GENERATED GENERATED);",
                         "CREATE TABLE n (a, z INT GENERATED ALWAYS AS (a + 1));",
                         "CREATE TABLE n (a, z INT  generated   always AS (a + 1) STORED);",
                         "CREATE TABLE n (a, z GENERATED ALWAYS AS (a + 1));",
                         "CREATE TABLE n (a, z somethingsalways);",
                         "CREATE TABLE n (a, z longertypename ALWAYS);",
                         "CREATE TABLE n (a, z short ALWAYS);",
                         "CREATE TABLE n (a, z VARCHAR GENERATED ALWAYS);",
                         "CREATE TABLE n (a INT, z GENERATED ANY) STRICT;",
                         "CREATE TABLE n (a INT, z ANY GENERATED) STRICT;",
                         "CREATE TABLE n (a, z GENERATED ALWAYS ALWAYS AS (a));",
                         "CREATE TABLE n (a, z INT GENERATED AS (a));",
                         "CREATE TABLE n (a, z INT NOT NULL GENERATED ALWAYS AS (a));",
                         "CREATE TABLE n (a, z INT NOT NULL GENERATED ANY);",
                         "ALTER TABLE t ADD COLUMN z GENERATED ANY;",
                         "ALTER TABLE t ADD COLUMN z INTEGER GENERATED ALWAYS AS (a) VIRTUAL;",
                         "SELECT CAST(1 AS GENERATED ANY);"};
  for (const char* sql : cases) {
    Sqlite s;
    ASSERT_EQ(s.run("CREATE TABLE t (a);"), "");
    std::string refused = s.run(sql);
    TempDir dir;
    dir.write("0001_t.up.sql", "-- noormc:irreversible\nCREATE TABLE t (a);\n");
    dir.write("0002_x.up.sql", std::string("-- noormc:irreversible\n") + sql + "\n");
    auto d = check_dir(dir.path());
    SCOPED_TRACE(std::string(sql) + " / SQLite: " + refused + "\n" + dump(d));
    EXPECT_EQ(has_error_in(d, "0002_x.up.sql"), !refused.empty());
    if (refused.empty()) {
      EXPECT_TRUE(test::replays_like_sqlite(dir.path(), 2));
    }
  }
}

}  // namespace
}  // namespace noormc

namespace noormc {
namespace {

// ---------------------------------------------------------------- 8, 11.9: the runner

TEST(Migrate, SavepointRollbackLeavesWhatTheShellLeaves) {
  const std::string up = "CREATE TABLE t(a);\nSAVEPOINT s;\nINSERT INTO t VALUES (1);\nROLLBACK TO s;\nRELEASE s;\n";
  test::Sqlite s;
  ASSERT_EQ(s.run(up), "");
  std::string expected = s.value("SELECT count(*) FROM t");
  EXPECT_EQ(expected, "0");
  TempDir dir;
  dir.write("migrations/0001_sp.up.sql", "-- noormc:irreversible\n" + up);
  std::string out, err;
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 0) << err;
  test::Sqlite after;
  sqlite3_close(after.db);
  sqlite3_open((dir.path() + "/app.db").c_str(), &after.db);
  EXPECT_EQ(after.value("SELECT count(*) FROM t"), expected);
}

TEST(Migrate, AFailingStatementIsNamedAtItsFileAndLine) {
  TempDir dir;
  dir.write("migrations/0001_ok.up.sql", "-- noormc:irreversible\nCREATE TABLE ok (id INTEGER PRIMARY KEY);\n");
  // SQLite refuses the third statement only while running it (a constraint): check cannot see it.
  dir.write("migrations/0002_bad.up.sql",
            "-- noormc:irreversible\nCREATE TABLE half (id INTEGER PRIMARY KEY);\nINSERT INTO ok VALUES (1);\n"
            "INSERT INTO ok VALUES\n  (1);\n");
  std::string out, err;
  EXPECT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 1);
  EXPECT_NE(
      err.find("0002_bad.up.sql:4:1: error: SQLite refused this statement: UNIQUE constraint failed: ok.id [E0705]"),
      std::string::npos)
      << err;
  EXPECT_NE(err.find("INSERT INTO ok VALUES"), std::string::npos) << err;  // the source line is shown
  EXPECT_NE(err.find("applied 0001_ok"), std::string::npos) << err;
  test::Sqlite db;
  sqlite3_close(db.db);
  sqlite3_open((dir.path() + "/app.db").c_str(), &db.db);
  EXPECT_EQ(db.value("SELECT count(*) FROM sqlite_schema WHERE name = 'half'"), "0");  // rolled back
  EXPECT_EQ(db.value("SELECT group_concat(name) FROM noormc_migrations"), "0001_ok");
}

TEST(Migrate, RacingProcessesSayWhatEachDid) {
  TempDir dir;
  std::string slow =
      "CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT);\n"
      "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 200000)\n"
      "INSERT INTO big (v) SELECT hex(randomblob(16)) FROM n;\n";
  dir.write("migrations/0001_big.up.sql", "-- noormc:irreversible\n" + slow);
  std::string out1, err1, out2, err2;
  std::thread other([&] { test::run_noormc("migrate --db app.db", out2, err2, dir.path()); });
  test::run_noormc("migrate --db app.db", out1, err1, dir.path());
  other.join();
  std::string both = err1 + err2;
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = both.find(what); at != std::string::npos; at = both.find(what, at + 1)) ++n;
    return n;
  };
  // One applied it; the other waited for the write lock and found it done ("skipped"), or started
  // after and had nothing to do. Neither claims the other's work.
  EXPECT_EQ(count("applied 0001_big\n"), 1u) << both;
  EXPECT_EQ(count("(1 applied"), 1u) << both;
  EXPECT_EQ(count("(0 applied"), 1u) << both;
}

// ---------------------------------------------------------------- 9. one judgement

TEST(OneJudgement, InspectCheckAndBuildReportTheSameDiagnostics) {
  const char* folders[][2] = {
      {"0001_a.up.sql", "CREATE TABLE stores (id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES region (id));\n"},
      {"0001_a.up.sql",
       "CREATE TABLE person (id INTEGER PRIMARY KEY);\nCREATE TABLE people (id INTEGER PRIMARY KEY);\n"},
      {"0001_a.up.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY);\nCREATE VIEW v AS SELECT nope FROM t;\n"},
      {"0001_a.up.sql",
       "CREATE TABLE t (id INTEGER PRIMARY KEY, h TEXT);\nCREATE TABLE c (x TEXT REFERENCES t (h));\n"},
  };
  for (const auto& f : folders) {
    TempDir dir;
    dir.write(std::string("migrations/") + f[0], std::string("-- noormc:irreversible\n") + f[1]);
    std::string out, check, inspect, build;
    int c = test::run_noormc("check --quiet --format json", out, check, dir.path());
    int i = test::run_noormc("inspect --quiet --format json", out, inspect, dir.path());
    int b = test::run_noormc("build --quiet --format json", out, build, dir.path());
    SCOPED_TRACE(f[1]);
    EXPECT_EQ(c, 1);
    EXPECT_EQ(i, c);
    EXPECT_EQ(b, c);
    auto errors = [](const std::string& text) {
      std::string found;
      std::istringstream in(text);
      for (std::string line; std::getline(in, line);) {
        if (line.find("\"E0") != std::string::npos) found += line + "\n";
      }
      return found;
    };
    EXPECT_FALSE(errors(check).empty()) << check;
    EXPECT_EQ(errors(inspect), errors(check));
    EXPECT_EQ(errors(build), errors(check));
  }
}

/// Everything a command printed, cache or not: diagnostics (code, place,
/// words, notes, the source line) and what it wrote to stdout.
struct Printed {
  int code = 0;
  std::string out, err;
  bool operator==(const Printed& o) const { return code == o.code && out == o.out && err == o.err; }
};

Printed run_in(const TempDir& dir, const std::string& args) {
  Printed p;
  p.code = test::run_noormc(args, p.out, p.err, dir.path());
  // build's summary line carries its time in ms: the only words that may differ.
  auto at = p.err.find(" ms)\n");
  if (at != std::string::npos) {
    auto open = p.err.rfind('(', at);
    p.err.erase(open, at + 4 - open);
  }
  return p;
}

size_t cache_entries(const std::string& cache) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(cache, ec)) n += e.path().filename().string().size() == 64;
  return n;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The command run without the cache, then twice with it (stored, then read back): all three print the same.
void expect_same_with_cache(const TempDir& dir, const std::string& cache, const std::string& command) {
  SCOPED_TRACE(command);
  // Each run starts without an output folder, so build's summary ("6 written") compares too.
  auto run = [&] {
    std::filesystem::remove_all(dir.path() + "/src/db");
    return run_in(dir, command);
  };
  setenv("NOORMC_CACHE", "off", 1);
  Printed fresh = run();
  std::string fresh_out = read_text(dir.path() + "/src/db/schema.ts");
  unsetenv("NOORMC_CACHE");
  setenv("NOORMC_CACHE_DIR", cache.c_str(), 1);
  Printed stored = run(), reread = run();
  unsetenv("NOORMC_CACHE_DIR");
  EXPECT_EQ(stored, fresh) << stored.err << "\n---\n" << fresh.err;
  EXPECT_EQ(reread, fresh) << reread.err << "\n---\n" << fresh.err;
  EXPECT_EQ(read_text(dir.path() + "/src/db/schema.ts"), fresh_out);
}

// The judgement cache (src/cli/judgement_cache.hpp) gives back what the judgement printed:
// each command prints the same with it as without it, and a change of any byte is judged anew.
TEST(OneJudgement, TheCacheGivesBackTheSameDiagnostics) {
  const char* folders[] = {
      "CREATE TABLE stores (id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES region (id));\n",
      "CREATE TABLE t (id INTEGER PRIMARY KEY);\nCREATE VIEW v AS SELECT nope FROM t;\n",
      "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\nALTER TABLE t ADD COLUMN b TEXT NOT NULL;\n",
      "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\nCREATE TABLE u (id INTEGER PRIMARY KEY, t_id REFERENCES t);\n",
      "CREATE TABLE t (id INTEGER PRIMARY KEY, \"select\" TEXT, b TEXT DEFAULT \"x\");\n",
  };
  const char* commands[] = {
      "check", "check --format json", "check --strict", "inspect --json", "inspect --json --format json",
      "build", "build --format json"};
  TempDir cache;
  for (const char* sql : folders) {
    SCOPED_TRACE(sql);
    TempDir dir;
    dir.write("migrations/0001_a.up.sql", sql);
    dir.write("migrations/0002_b.up.sql", "CREATE TABLE later (id INTEGER PRIMARY KEY);\n");
    dir.write("migrations/0002_b.down.sql", "DROP TABLE later;\n");
    std::string out, err;
    ASSERT_EQ(test::run_noormc("hash", out, err, dir.path()), 0) << err;
    for (const char* command : commands) expect_same_with_cache(dir, cache.path(), command);
  }
  EXPECT_GT(cache_entries(cache.path()), 0u);
  EXPECT_LE(cache_entries(cache.path()), 8u);  // the newest eight are kept
}

TEST(OneJudgement, AnyChangedByteOrOptionIsJudgedAnew) {
  TempDir cache, dir;
  const std::string up = "migrations/0001_a.up.sql", irreversible = "-- noormc:irreversible\n";
  setenv("NOORMC_CACHE_DIR", cache.path().c_str(), 1);
  dir.write(up, irreversible + "CREATE TABLE t (id INTEGER PRIMARY KEY, user_name TEXT);\n");
  Printed good = run_in(dir, "check --format json");
  dir.write(up, irreversible + "CREATE TABLE t (id INTEGER PRIMARY KEY, user_name TEXT REFERENCES nope);\n");
  Printed bad = run_in(dir, "check --format json");
  dir.write(up, irreversible + "CREATE TABLE t (id INTEGER PRIMARY KEY, user_name TEXT);\n");
  Printed again = run_in(dir, "check --format json");
  Printed snake = run_in(dir, "inspect --json");
  run_in(dir, "build");
  std::string snake_ts = read_text(dir.path() + "/src/db/schema.ts");
  dir.write("noormc.json", "{\"camelCase\": true}\n");
  run_in(dir, "build");
  std::string camel_ts = read_text(dir.path() + "/src/db/schema.ts");
  unsetenv("NOORMC_CACHE_DIR");
  EXPECT_EQ(good.code, 0) << good.err;
  EXPECT_EQ(bad.code, 1) << bad.err;
  EXPECT_NE(bad.err.find("E0212"), std::string::npos) << bad.err;
  EXPECT_EQ(again, good);
  EXPECT_EQ(snake.code, 0) << snake.err;
  EXPECT_NE(snake_ts.find("user_name"), std::string::npos);
  EXPECT_NE(camel_ts.find("userName"), std::string::npos);
  expect_same_with_cache(dir, cache.path(), "build");
}

}  // namespace
}  // namespace noormc
