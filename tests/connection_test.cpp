// What a migration does to the connection that runs it (E0511, W0512), against
// real SQLite. Each body runs the way both runners run a migration: on one
// connection to a database file, inside BEGIN IMMEDIATE, statement by
// statement (checks::runnable_statements, the list migrations.ts embeds), then
// the runner's own INSERT into noormc_migrations and COMMIT. noormc's check of
// the same folder must refuse (E0511) exactly what SQLite refuses there, at the
// same line, in SQLite's words; and warn (W0512) exactly where a PRAGMA's
// setting did not take effect, or outlived the migration on that connection
// only, or reached the whole process.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "checks/sqltext.hpp"
#include "checks_helpers.hpp"
#include "model/pragma.hpp"
#include "syntax/parse.hpp"

using namespace noormc;
namespace fs = std::filesystem;

namespace {

/// A folder: 0001 creates t with a row, then one migration per body.
struct Folder {
  test::TempDir dir;
  std::string migrations = dir.path() + "/migrations";
  explicit Folder(const std::vector<std::string>& bodies) {
    dir.write("migrations/0001_t.up.sql",
              "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\nINSERT INTO t (a) VALUES ('x');\n");
    dir.write("migrations/0001_t.down.sql", "DROP TABLE t;\n");
    for (size_t i = 0; i < bodies.size(); ++i) {
      std::string id = "000" + std::to_string(i + 2) + "_m";
      dir.write("migrations/" + id + ".up.sql", bodies[i]);
      dir.write("migrations/" + id + ".down.sql", "SELECT 1;\n");
    }
  }
};

bool exec(sqlite3* db, const std::string& sql, std::string& err) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK) return true;
  err = msg ? msg : sqlite3_errmsg(db);
  sqlite3_free(msg);
  return false;
}

/// What SQLite said when the runner's sequence stopped: its words and the line
/// (0: the runner's own record or COMMIT). Empty words: every migration applied.
struct Refusal {
  std::string words;
  std::string file;
  uint32_t line = 0;
};

/// Runs the up files of `set` in order on `db` as the runners do; stops at the first refusal.
Refusal run_like_the_runner(sqlite3* db, const syntax::MigrationSet& set) {
  std::string err;
  exec(db, "PRAGMA journal_mode=WAL", err);  // as both runners open it
  exec(db, "CREATE TABLE IF NOT EXISTS noormc_migrations (name TEXT PRIMARY KEY)", err);
  for (const auto& m : set.migrations) {
    exec(db, "PRAGMA foreign_keys=OFF", err);
    if (!exec(db, "BEGIN IMMEDIATE", err)) return {err, m.up->path(), 0};
    for (const auto& st : checks::runnable_statements(m.up_parsed, *m.up)) {
      if (!exec(db, st.sql, err)) {
        std::string words = err;
        exec(db, "ROLLBACK", err);
        return {words, m.up->path(), st.line};
      }
    }
    if (!exec(db, "INSERT INTO noormc_migrations (name) VALUES ('" + m.id + "')", err) || !exec(db, "COMMIT", err)) {
      std::string words = err;
      exec(db, "ROLLBACK", err);
      return {words, m.up->path(), 0};
    }
  }
  return {};
}

sqlite3* open_file(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  return db;
}

std::string pragma_value(sqlite3* db, const std::string& name) {
  sqlite3_stmt* st = nullptr;
  std::string out = "(none)";
  if (sqlite3_prepare_v2(db, ("PRAGMA " + name).c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    out = syntax::fold(t ? t : "");
  }
  sqlite3_finalize(st);
  return out;
}

std::vector<Diagnostic> noormc_verdict(const std::string& migrations, const std::string& code) {
  return test::with_code(test::check_dir(migrations), code);
}

}  // namespace

// ------------------------------------------------------------------ E0511: refused inside the transaction

class RefusedInTransaction : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(RefusedInTransaction, CheckRefusesExactlyWhatSQLiteRefuses) {
  Folder f(GetParam());
  Diagnostics loaded;
  auto set = syntax::load_migrations(f.migrations, loaded);
  sqlite3* db = open_file(f.dir.path() + "/app.db");
  Refusal sqlite = run_like_the_runner(db, set);
  sqlite3_close(db);
  auto refused = noormc_verdict(f.migrations, "E0511");
  if (sqlite.words.empty()) {
    EXPECT_TRUE(refused.empty()) << "SQLite runs it; noormc says:\n" << refused[0].message;
    return;
  }
  // Where SQLite's verdict depends on the rows (an UPDATE that may change no page before a PRAGMA journal_mode),
  // a warning that names the refusal, at its line, stands for the error.
  if (refused.empty()) refused = noormc_verdict(f.migrations, "W0512");
  ASSERT_FALSE(refused.empty()) << "SQLite refuses it (" << sqlite.words << "); noormc check passes";
  EXPECT_EQ(refused[0].file, sqlite.file);
  if (sqlite.line) {
    EXPECT_EQ(refused[0].line, sqlite.line) << refused[0].message;
  }
  EXPECT_NE(refused[0].message.find(sqlite.words), std::string::npos)
      << "SQLite: " << sqlite.words << "\nnoormc: " << refused[0].message;
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, RefusedInTransaction,
    ::testing::Values(
        std::vector<std::string>{"VACUUM;\n"}, std::vector<std::string>{"INSERT INTO t (a) VALUES ('y');\nVACUUM;\n"},
        std::vector<std::string>{"VACUUM main;\n"}, std::vector<std::string>{"PRAGMA synchronous=OFF;\n"},
        std::vector<std::string>{"PRAGMA main.synchronous = NORMAL;\n"},
        std::vector<std::string>{"PRAGMA synchronous;\n"}, std::vector<std::string>{"PRAGMA wal_checkpoint;\n"},
        std::vector<std::string>{"PRAGMA wal_checkpoint(TRUNCATE);\n"},
        std::vector<std::string>{"PRAGMA temp_store=MEMORY;\nPRAGMA temp_store=DEFAULT;\n"},
        std::vector<std::string>{"CREATE TEMP TABLE scratch (x);\nPRAGMA temp_store=MEMORY;\n"},
        std::vector<std::string>{"CREATE TEMP VIEW tv AS SELECT 1 AS one;\nPRAGMA temp_store = 2;\n"},
        std::vector<std::string>{"CREATE TEMP TABLE scratch (x);\n", "PRAGMA temp_store=FILE;\n"},
        std::vector<std::string>{"PRAGMA journal_mode=DELETE;\n"},
        std::vector<std::string>{"PRAGMA journal_mode = memory;\nINSERT INTO t (a) VALUES ('y');\n"},
        std::vector<std::string>{"CREATE TEMP TABLE s (x);\nPRAGMA journal_mode=OFF;\n"},
        std::vector<std::string>{"SELECT 1;\nPRAGMA journal_mode=TRUNCATE;\n"},
        std::vector<std::string>{"CREATE TEMP TABLE s (x);\nINSERT INTO s VALUES (1);\nPRAGMA journal_mode=PERSIST;\n"},
        std::vector<std::string>{"CREATE TEMP TABLE s (x);\nCREATE INDEX temp.s_x ON s (x);\nDROP TABLE s;\n"
                                 "PRAGMA journal_mode=PERSIST;\n"},
        std::vector<std::string>{"UPDATE t SET a = 'z' WHERE 0;\nPRAGMA journal_mode=DELETE;\n"},
        std::vector<std::string>{"DELETE FROM t;\nPRAGMA journal_mode=DELETE;\n"},
        std::vector<std::string>{"CREATE TABLE old (x);\n", "DROP TABLE IF EXISTS old;\nPRAGMA journal_mode=DELETE;\n"},
        std::vector<std::string>{"DROP TABLE IF EXISTS nope;\nPRAGMA journal_mode=DELETE;\n"},
        std::vector<std::string>{"CREATE INDEX t_a ON t (a);\n", "ANALYZE;\nPRAGMA journal_mode=DELETE;\n"},
        std::vector<std::string>{"CREATE INDEX t_a ON t (a);\n", "REINDEX t_a;\nPRAGMA journal_mode=DELETE;\n"},
        std::vector<std::string>{"INSERT OR IGNORE INTO t (id, a) VALUES (1, 'dup');\nPRAGMA journal_mode=DELETE;\n"},
        std::vector<std::string>{"CREATE TABLE u (x);\nPRAGMA journal_mode=TRUNCATE;\n"},
        std::vector<std::string>{"PRAGMA journal_mode=WAL;\nCREATE TABLE u (x);\n"},
        std::vector<std::string>{"PRAGMA query_only=ON;\n"},
        std::vector<std::string>{"PRAGMA query_only=ON;\nINSERT INTO t (a) VALUES ('y');\nPRAGMA query_only=OFF;\n"},
        std::vector<std::string>{"PRAGMA query_only=yes;\nCREATE TABLE u (x);\nPRAGMA query_only=no;\n"},
        std::vector<std::string>{"PRAGMA query_only=1;\nCREATE INDEX t_a ON t (a);\nPRAGMA query_only=0;\n"},
        std::vector<std::string>{"PRAGMA query_only=ON;\nDELETE FROM t WHERE 0;\nPRAGMA query_only=OFF;\n"},
        std::vector<std::string>{"PRAGMA query_only=ON;\nPRAGMA user_version=5;\nPRAGMA query_only=OFF;\n"},
        std::vector<std::string>{"PRAGMA query_only=ON;\nCREATE TEMP TABLE s (x);\nPRAGMA query_only=OFF;\n"},
        std::vector<std::string>{"PRAGMA query_only=ON;\nSELECT count(*) FROM t;\nPRAGMA query_only=OFF;\n"},
        std::vector<std::string>{"PRAGMA query_only=ON;\nDROP TABLE IF EXISTS nope;\nPRAGMA query_only=OFF;\n"},
        std::vector<std::string>{"PRAGMA user_version=3;\nPRAGMA application_id=7;\nPRAGMA optimize;\n"},
        std::vector<std::string>{"PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_key_check;\nPRAGMA integrity_check;\n"},
        std::vector<std::string>{"PRAGMA legacy_alter_table=ON;\nALTER TABLE t RENAME TO t2;\n"
                                 "PRAGMA legacy_alter_table=OFF;\n"},
        // attach.c: main and temp stay; names are free or in use; a database the transaction used is locked.
        std::vector<std::string>{"DETACH main;\n"}, std::vector<std::string>{"DETACH DATABASE 'Main';\n"},
        std::vector<std::string>{"DETACH temp;\n"},
        std::vector<std::string>{"CREATE TEMP TABLE s (x);\nDETACH temp;\n"},
        std::vector<std::string>{"DETACH nosuch;\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS aux;\nDETACH aux;\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS aux;\nSELECT count(*) FROM aux.sqlite_master;\nDETACH aux;\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS aux;\nSELECT 'aux.x' FROM t;\nDETACH aux;\n"},
        std::vector<std::string>{
            "ATTACH ':memory:' AS aux;\nINSERT INTO t (a) SELECT name FROM [AUX] . sqlite_master;\n"
            "DETACH aux;\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS \"x y\";\nSELECT * FROM \"x y\".sqlite_master;\n"
                                 "DETACH 'x y';\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS aux;\nSAVEPOINT s;\nDETACH aux;\nRELEASE s;\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS aux;\nDETACH DATABASE aux;\nDETACH aux;\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS aux;\n", "DETACH aux;\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS aux;\n", "SELECT 1;\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS main;\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS temp;\n"},
        std::vector<std::string>{"ATTACH ':memory:' AS aux;\nATTACH ':memory:' AS AUX;\n"}));

// ------------------------------------------------------------------ W0512: settings that do nothing or outlive

/// A PRAGMA assignment, and what `PRAGMA name` reads back once it took effect.
struct Setting {
  std::string body;  // the migration (after 0001)
  std::string name;  // the PRAGMA read back
  std::string taken;
};

class SettingOutlives : public ::testing::TestWithParam<Setting> {};

TEST_P(SettingOutlives, CheckWarnsExactlyWhereSQLiteKeepsOrIgnoresIt) {
  const Setting& s = GetParam();
  Folder f({s.body});
  Diagnostics loaded;
  auto set = syntax::load_migrations(f.migrations, loaded);
  sqlite3* other = nullptr;  // a connection to another database: sees only process-wide settings
  sqlite3_open(":memory:", &other);
  std::string other_before = pragma_value(other, s.name);
  sqlite3* db = open_file(f.dir.path() + "/app.db");
  Refusal r = run_like_the_runner(db, set);
  std::string ran = pragma_value(db, s.name);
  sqlite3* fresh = open_file(f.dir.path() + "/app.db");
  std::string elsewhere = pragma_value(fresh, s.name);
  std::string other_after = pragma_value(other, s.name);
  sqlite3_close(fresh);
  sqlite3_close(db);
  sqlite3_close(other);
  sqlite3_hard_heap_limit64(0);
  sqlite3_soft_heap_limit64(0);
  bool nothing = !r.words.empty() || ran != s.taken;
  bool this_connection_only = elsewhere != ran;
  bool process = other_after != other_before;
  bool expected = nothing || this_connection_only || process;
  auto warned = noormc_verdict(f.migrations, "W0512");
  EXPECT_EQ(!warned.empty(), expected) << s.body << "SQLite: read back " << ran << " (taken: " << s.taken
                                       << "), a new connection reads " << elsewhere << ", another database "
                                       << other_before << " → " << other_after << "; refused: " << r.words
                                       << (warned.empty() ? "" : "\nnoormc: " + warned[0].message);
  EXPECT_TRUE(noormc_verdict(f.migrations, "E0511").empty());
}

INSTANTIATE_TEST_SUITE_P(
    Pragmas, SettingOutlives,
    ::testing::Values(
        Setting{"PRAGMA ignore_check_constraints=ON;\n", "ignore_check_constraints", "1"},
        Setting{"PRAGMA ignore_check_constraints=ON;\nPRAGMA ignore_check_constraints=OFF;\n",
                "ignore_check_constraints", "0"},
        Setting{"PRAGMA recursive_triggers=true;\n", "recursive_triggers", "1"},
        Setting{"PRAGMA reverse_unordered_selects=1;\n", "reverse_unordered_selects", "1"},
        Setting{"PRAGMA full_column_names=ON;\n", "full_column_names", "1"},
        Setting{"PRAGMA short_column_names=OFF;\n", "short_column_names", "0"},
        Setting{"PRAGMA count_changes=ON;\n", "count_changes", "1"},
        Setting{"PRAGMA empty_result_callbacks=ON;\n", "empty_result_callbacks", "1"},
        Setting{"PRAGMA writable_schema=ON;\nPRAGMA writable_schema=OFF;\n", "writable_schema", "0"},
        Setting{"PRAGMA trusted_schema=OFF;\n", "trusted_schema", "0"},
        Setting{"PRAGMA legacy_alter_table=ON;\n", "legacy_alter_table", "1"},
        Setting{"PRAGMA legacy_alter_table=ON;\nALTER TABLE t RENAME TO t2;\nPRAGMA legacy_alter_table=OFF;\n",
                "legacy_alter_table", "0"},
        Setting{"PRAGMA read_uncommitted=ON;\n", "read_uncommitted", "1"},
        Setting{"PRAGMA locking_mode=EXCLUSIVE;\n", "locking_mode", "exclusive"},
        Setting{"PRAGMA locking_mode=EXCLUSIVE;\nPRAGMA locking_mode=NORMAL;\n", "locking_mode", "normal"},
        Setting{"PRAGMA cell_size_check=ON;\n", "cell_size_check", "1"},
        Setting{"PRAGMA automatic_index=OFF;\n", "automatic_index", "0"},
        Setting{"PRAGMA cache_spill=OFF;\n", "cache_spill", "0"}, Setting{"PRAGMA fullfsync=ON;\n", "fullfsync", "1"},
        Setting{"PRAGMA checkpoint_fullfsync=ON;\n", "checkpoint_fullfsync", "1"},
        Setting{"PRAGMA cache_size=-4000;\n", "cache_size", "-4000"},
        Setting{"PRAGMA mmap_size=65536;\n", "mmap_size", "65536"},
        Setting{"PRAGMA busy_timeout=1234;\n", "busy_timeout", "1234"}, Setting{"PRAGMA threads=2;\n", "threads", "2"},
        Setting{"PRAGMA analysis_limit=100;\n", "analysis_limit", "100"},
        Setting{"PRAGMA journal_size_limit=1000;\n", "journal_size_limit", "1000"},
        Setting{"PRAGMA wal_autocheckpoint=50;\n", "wal_autocheckpoint", "50"},
        Setting{"PRAGMA max_page_count=100000;\n", "max_page_count", "100000"},
        // Debian builds SQLite with SQLITE_SECURE_DELETE (default ON), better-sqlite3 without (OFF).
        Setting{"PRAGMA secure_delete=OFF;\n", "secure_delete", "0"},
        Setting{"PRAGMA temp_store=MEMORY;\n", "temp_store", "2"},
        Setting{"PRAGMA temp_store=MEMORY;\nPRAGMA temp_store=DEFAULT;\n", "temp_store", "0"},
        Setting{"INSERT INTO t (a) VALUES ('y');\nPRAGMA journal_mode=WAL;\n", "journal_mode", "wal"},
        Setting{"PRAGMA journal_mode=WAL;\n", "journal_mode", "wal"},
        Setting{"INSERT INTO t (a) VALUES ('y');\nPRAGMA journal_mode=MEMORY;\n", "journal_mode", "memory"},
        Setting{"CREATE INDEX t_a ON t (a);\nPRAGMA journal_mode=DELETE;\n", "journal_mode", "delete"},
        Setting{"PRAGMA page_size=8192;\n", "page_size", "8192"},
        Setting{"PRAGMA auto_vacuum=FULL;\n", "auto_vacuum", "1"},
        Setting{"PRAGMA encoding='UTF-16le';\n", "encoding", "utf-16le"},
        Setting{"PRAGMA hard_heap_limit=1000000000;\n", "hard_heap_limit", "1000000000"},
        Setting{"PRAGMA soft_heap_limit=1000000000;\n", "soft_heap_limit", "1000000000"},
        Setting{"PRAGMA user_version=7;\n", "user_version", "7"},
        Setting{"PRAGMA application_id=12;\n", "application_id", "12"}));

TEST(Connection, ASettingWithoutAReadBackWarnsAndItsResetDoesNot) {
  // case_sensitive_like has no query form; its default is OFF (pragma.html).
  Folder kept({"PRAGMA case_sensitive_like=ON;\n"});
  auto w = noormc_verdict(kept.migrations, "W0512");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].line, 1u);
  EXPECT_NE(w[0].message.find("stays in force after the migration"), std::string::npos) << w[0].message;
  Folder reset({"PRAGMA case_sensitive_like=ON;\nSELECT 1;\nPRAGMA case_sensitive_like=OFF;\n"});
  EXPECT_TRUE(noormc_verdict(reset.migrations, "W0512").empty());
}

TEST(Connection, ADatabaseLeftAttachedWarnsAndStaysOnTheRunnersConnection) {
  Folder f({"ATTACH ':memory:' AS aux;\nSELECT count(*) FROM aux.sqlite_master;\n",
            "ATTACH ':memory:' AS gone;\nDETACH gone;\n"});
  Diagnostics loaded;
  auto set = syntax::load_migrations(f.migrations, loaded);
  sqlite3* db = open_file(f.dir.path() + "/app.db");
  EXPECT_EQ(run_like_the_runner(db, set).words, "");
  sqlite3_stmt* st = nullptr;
  std::vector<std::string> names;
  sqlite3_prepare_v2(db, "SELECT name FROM pragma_database_list ORDER BY seq", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(names, (std::vector<std::string>{"main", "aux"}));
  auto w = noormc_verdict(f.migrations, "W0512");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(fs::path(w[0].file).filename(), "0002_m.up.sql");
  EXPECT_EQ(w[0].line, 1u);
  EXPECT_NE(w[0].message.find("database aux stays attached"), std::string::npos) << w[0].message;
}

// pragma.c, sqlite3GetBoolean: how every boolean PRAGMA's value is read (the folder's foreign_keys and
// legacy_alter_table state, the W0512 resets). The value goes through noormc's parser as a migration's would.
TEST(Connection, BooleanPragmaValuesReadAsSqliteReadsThem) {
  const char* values[] = {"1",    "0",          "2",          "256",         "257",         "0x1",        "0x100",
                          "0X0",  "0x7fffffff", "0x80000000", "0x1ffffffff", "99999999999", "2147483648", "2147483647",
                          "007",  "1e3",        "1.5",        "on",          "ON",          "Yes",        "TRUE",
                          "off",  "no",         "false",      "full",        "extra",       "-1",         "+1",
                          "'on'", "\"yes\"",    "x",          "''"};
  for (const char* v : values) {
    std::string sql = std::string("PRAGMA foreign_keys=") + v + ";";
    sqlite3* db = test::open_memory_db();
    std::string err;
    ASSERT_TRUE(exec(db, sql, err)) << sql << ": " << err;
    std::string sqlite = pragma_value(db, "foreign_keys");
    sqlite3_close(db);
    SourceFile file("v.sql", sql);
    Diagnostics d;
    auto parsed = syntax::parse_file(file, d);
    ASSERT_FALSE(d.has_errors()) << sql;
    const auto& p = std::get<syntax::Pragma>(parsed.statements.at(0)->body);
    EXPECT_EQ(model::pragma_boolean(p.value.value_or("")) ? "1" : "0", sqlite) << sql;
  }
}

TEST(Connection, AllowCommentSilencesTheWarning) {
  Folder f({"-- noormc:allow W0512 (the app sets it again on start)\nPRAGMA busy_timeout=1000;\n"});
  EXPECT_TRUE(noormc_verdict(f.migrations, "W0512").empty());
}

TEST(Connection, AMigrationsProcessSettingsNeverReachNoormcsOwnProcess) {
  // sqlite3_prepare of these PRAGMAs already sets them (pragma.c generates no
  // code for them): checking the folder prepares each statement.
  sqlite3_int64 hard = sqlite3_hard_heap_limit64(-1), soft = sqlite3_soft_heap_limit64(-1);
  Folder f(
      {"PRAGMA hard_heap_limit=20000;\nPRAGMA soft_heap_limit=10000;\n"
       "PRAGMA temp_store_directory='/nonexistent';\nCREATE TABLE u (x);\n"});
  auto diags = test::check_dir(f.migrations);
  EXPECT_EQ(sqlite3_hard_heap_limit64(-1), hard);
  EXPECT_EQ(sqlite3_soft_heap_limit64(-1), soft);
  EXPECT_EQ(sqlite3_temp_directory, nullptr);
  EXPECT_EQ(test::with_code(diags, "W0512").size(), 3u) << test::dump(diags);
}
