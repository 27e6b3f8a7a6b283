// noormc migrate / status / pull against real database files.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "support.hpp"

using namespace noormc;
namespace fs = std::filesystem;

namespace {

void blog(const test::TempDir& dir) {
  fs::create_directories(fs::path(dir.path()) / "migrations");
  for (const auto& e : fs::directory_iterator(fs::path(test::source_dir()) / "examples/blog/migrations")) {
    if (e.path().extension() == ".sql")
      fs::copy_file(e.path(), fs::path(dir.path()) / "migrations" / e.path().filename());
  }
}

int count(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr);
  int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(h);
  return n;
}

}  // namespace

TEST(Migrate, AppliesByNameRollsBackAndReportsStatus) {
  test::TempDir dir;
  blog(dir);
  std::string db = dir.path() + "/app.db", out, err;
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 0) << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM noormc_migrations"), 5);
  EXPECT_EQ(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'published_posts'"), 1);
  ASSERT_EQ(test::run_noormc("status --db app.db", out, err, dir.path()), 0) << out << err;
  EXPECT_NE(out.find("no drift"), std::string::npos) << out;
  ASSERT_EQ(test::run_noormc("migrate --db app.db --to 0002", out, err, dir.path()), 0) << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM noormc_migrations"), 2);
  EXPECT_EQ(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'comments'"), 0);
  ASSERT_EQ(test::run_noormc("status --db app.db", out, err, dir.path()), 1);  // pending: exit 1
  EXPECT_NE(out.find("  pending  0003_create_comments"), std::string::npos) << out;
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 0) << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM noormc_migrations"), 5);
  // The model of the migrated database equals the model of the migrations.
  std::string a, b;
  ASSERT_EQ(test::run_noormc("inspect --json", a, err, dir.path()), 0);
  ASSERT_EQ(test::run_noormc("inspect --json --db app.db", b, err, dir.path()), 0);
  EXPECT_EQ(a, b);
}

TEST(Migrate, ChangedChecksumAndDriftAreReported) {
  test::TempDir dir;
  blog(dir);
  std::string db = dir.path() + "/app.db", out, err;
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 0) << err;
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_exec(h, "ALTER TABLE users ADD COLUMN sneaky TEXT", nullptr, nullptr, nullptr);
  sqlite3_close(h);
  EXPECT_EQ(test::run_noormc("status --db app.db", out, err, dir.path()), 1);
  EXPECT_NE(out.find("drift"), std::string::npos) << out;
  std::ofstream(fs::path(dir.path()) / "migrations/0001_create_users.up.sql", std::ios::app) << "-- edited\n";
  EXPECT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 1);
}

TEST(Migrate, AFailingMigrationIsRolledBack) {
  test::TempDir dir;
  dir.write("migrations/0001_a.up.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);\n");
  dir.write("migrations/0001_a.down.sql", "DROP TABLE t;\n");
  dir.write("migrations/0002_b.up.sql", "CREATE TABLE u (x INT);\nINSERT INTO t (v) VALUES (NULL);\n");
  dir.write("migrations/0002_b.down.sql", "DROP TABLE u;\n");
  std::string out, err, db = dir.path() + "/app.db";
  EXPECT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 1);
  EXPECT_NE(err.find("NOT NULL constraint failed"), std::string::npos) << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM noormc_migrations"), 1);
  EXPECT_EQ(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'u'"), 0);
}

// noormc.json's "driver" and "syncUrl" are the runtime's createDb options. A
// libsql database over a local file is a SQLite file: migrate and status work
// on it with noormc's SQLite. A remote primary (syncUrl) is out of reach of a
// CLI that links SQLite: both refuse, write nothing, and say how to migrate it.
TEST(Migrate, NoormcJsonLibsqlDriverOverALocalFileIsMigratedAsSqlite) {
  test::TempDir dir;
  blog(dir);
  dir.write("noormc.json", "{ \"driver\": \"libsql\", \"database\": \"./data.db\" }\n");
  std::string out, err, db = dir.path() + "/data.db";
  ASSERT_EQ(test::run_noormc("migrate", out, err, dir.path()), 0) << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM noormc_migrations"), 5);
  EXPECT_EQ(test::run_noormc("status", out, err, dir.path()), 0) << out << err;
}

TEST(Migrate, NoormcJsonSyncUrlIsRefusedByMigrateAndStatusWithTheWayToMigrate) {
  test::TempDir dir;
  blog(dir);
  dir.write("noormc.json",
            "{ \"driver\": \"libsql\", \"database\": \"./replica.db\", \"syncUrl\": \"libsql://app-org.turso.io\" }\n");
  std::string out, err;
  for (const char* command : {"migrate", "status"}) {
    EXPECT_EQ(test::run_noormc(command, out, err, dir.path()), 1) << command;
    EXPECT_NE(err.find(std::string("error: noormc ") + command +
                       " cannot reach the libSQL primary in noormc.json's \"syncUrl\" (libsql://app-org.turso.io)"),
              std::string::npos)
        << err;
    EXPECT_NE(err.find("driver: 'libsql'"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "replica.db")) << command << " wrote the replica file";
  }
  // An explicit --db is a local file: it runs.
  ASSERT_EQ(test::run_noormc("migrate --db local.db", out, err, dir.path()), 0) << err;
  EXPECT_EQ(count(dir.path() + "/local.db", "SELECT count(*) FROM noormc_migrations"), 5);
}

TEST(Migrate, NoormcJsonUnknownDriverOrSyncUrlWithoutLibsqlIsAConfigError) {
  test::TempDir dir;
  blog(dir);
  std::string out, err;
  dir.write("noormc.json", "{ \"driver\": \"postgres\" }\n");
  EXPECT_EQ(test::run_noormc("migrate", out, err, dir.path()), 2);
  EXPECT_NE(err.find("\"driver\" is 'postgres'; use \"better-sqlite3\" or \"libsql\""), std::string::npos) << err;
  dir.write("noormc.json", "{ \"syncUrl\": \"libsql://x.turso.io\" }\n");
  EXPECT_EQ(test::run_noormc("migrate", out, err, dir.path()), 2);
  EXPECT_NE(err.find("\"syncUrl\" needs \"driver\": \"libsql\""), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "app.db"));
}

// `noormc watch` migrates noormc.json's database after each good build
// (--max-builds 1: one build, then exit), except with --no-migrate and under
// NODE_ENV=production; a migration that fails to apply is an error naming it.
TEST(Watch, MigratesTheDevDatabaseOfNoormcJsonAfterAGoodBuild) {
  test::TempDir dir;
  blog(dir);
  dir.write("noormc.json", "{ \"database\": \"./dev.db\" }\n");
  std::string out, err, db = dir.path() + "/dev.db";
  ASSERT_EQ(test::run_noormc("watch --max-builds 1", out, err, dir.path()), 0) << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM noormc_migrations"), 5) << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'published_posts'"), 1);
  EXPECT_TRUE(fs::exists(fs::path(dir.path()) / "src/db/index.ts"));
  // The next migration, at the next build.
  dir.write("migrations/0006_subtitle.up.sql", "ALTER TABLE posts ADD COLUMN subtitle TEXT;\n");
  dir.write("migrations/0006_subtitle.down.sql", "ALTER TABLE posts DROP COLUMN subtitle;\n");
  ASSERT_EQ(test::run_noormc("hash", out, err, dir.path()), 0) << err;
  ASSERT_EQ(test::run_noormc("watch --max-builds 1", out, err, dir.path()), 0) << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM pragma_table_info('posts') WHERE name = 'subtitle'"), 1) << err;
}

TEST(Watch, NoMigrateAndNodeEnvProductionLeaveTheDatabaseAlone) {
  test::TempDir dir;
  blog(dir);
  dir.write("noormc.json", "{ \"database\": \"./dev.db\" }\n");
  std::string out, err;
  ASSERT_EQ(test::run_noormc("watch --max-builds 1 --no-migrate", out, err, dir.path()), 0) << err;
  EXPECT_TRUE(fs::exists(fs::path(dir.path()) / "src/db/index.ts"));
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "dev.db")) << err;
  ASSERT_EQ(setenv("NODE_ENV", "production", 1), 0);
  int code = test::run_noormc("watch --max-builds 1", out, err, dir.path());
  unsetenv("NODE_ENV");
  ASSERT_EQ(code, 0) << err;
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "dev.db")) << err;
  EXPECT_NE(err.find("NODE_ENV=production: ./dev.db is not migrated by watch"), std::string::npos) << err;
}

TEST(Watch, AMigrationThatFailsToApplyIsAnErrorNamingItAndTheDatabaseKeepsItsState) {
  test::TempDir dir;
  blog(dir);
  dir.write("noormc.json", "{ \"database\": \"./dev.db\" }\n");
  std::string out, err, db = dir.path() + "/dev.db";
  ASSERT_EQ(test::run_noormc("watch --max-builds 1", out, err, dir.path()), 0) << err;
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  ASSERT_EQ(sqlite3_exec(h,
                         "INSERT INTO users (id, email, name) VALUES (1, 'a@example.com', 'A');"
                         "INSERT INTO posts (author_id, title) VALUES (1, 'same'), (1, 'same');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(h);
  sqlite3_close(h);
  // Valid SQL that this data refuses: the build succeeds, the migration cannot apply.
  dir.write("migrations/0006_unique_titles.up.sql", "CREATE UNIQUE INDEX posts_title_uq ON posts (title);\n");
  dir.write("migrations/0006_unique_titles.down.sql", "DROP INDEX posts_title_uq;\n");
  ASSERT_EQ(test::run_noormc("hash", out, err, dir.path()), 0) << err;
  ASSERT_EQ(test::run_noormc("watch --max-builds 1", out, err, dir.path()), 0) << err;
  EXPECT_NE(err.find("0006_unique_titles.up.sql:1"), std::string::npos) << err;
  EXPECT_NE(err.find("UNIQUE constraint failed: posts.title"), std::string::npos) << err;
  EXPECT_NE(err.find("./dev.db was not migrated (see above); the app's generated code expects it"), std::string::npos)
      << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM noormc_migrations"), 5);
  EXPECT_EQ(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'posts_title_uq'"), 0);
  // The generated code is the new build's: the app reports 0006 as pending (SchemaMismatchError).
  EXPECT_NE(test::read(fs::path(dir.path()) / "src/db/migrations.ts").find("0006_unique_titles"), std::string::npos);
}

TEST(Pull, WritesAFirstMigrationThatReplaysToTheSameModel) {
  test::TempDir dir;
  blog(dir);
  std::string out, err;
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 0) << err;
  test::TempDir other;
  ASSERT_EQ(test::run_noormc("pull --db '" + dir.path() + "/app.db'", out, err, other.path()), 0) << err;
  EXPECT_TRUE(fs::exists(fs::path(other.path()) / "migrations/0001_initial.up.sql"));
  EXPECT_TRUE(fs::exists(fs::path(other.path()) / "migrations/noormc.sum"));
  std::string a, b;
  ASSERT_EQ(test::run_noormc("inspect --json", a, err, other.path()), 0) << err;
  ASSERT_EQ(test::run_noormc("inspect --json --db '" + dir.path() + "/app.db'", b, err, other.path()), 0);
  EXPECT_EQ(a, b);
  // A second pull refuses to overwrite.
  EXPECT_EQ(test::run_noormc("pull --db '" + dir.path() + "/app.db'", out, err, other.path()), 1);
}

namespace {

/// A database made by hand, as an app that never used noormc has one.
std::string live_database(const test::TempDir& dir) {
  std::string db = dir.path() + "/live.db";
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_exec(h,
               "PRAGMA journal_mode=WAL;"
               "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE,"
               " status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active')));"
               "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id),"
               " total INTEGER NOT NULL);"
               "CREATE INDEX orders_customer ON orders (customer_id);"
               "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;"
               "INSERT INTO customers (email) VALUES ('a@example.com'), ('b@example.com');"
               "INSERT INTO orders (customer_id, total) VALUES (1, 50), (2, 500);",
               nullptr, nullptr, nullptr);
  sqlite3_close(h);
  return db;
}

}  // namespace

// Adopting a live database: pull writes 0001 from it, migrate --fake-initial
// records 0001 without running it (its tables exist) and applies the rest.
TEST(Pull, FakeInitialAdoptsTheDatabaseItWasPulledFrom) {
  test::TempDir dir;
  std::string db = live_database(dir), out, err;
  ASSERT_EQ(test::run_noormc("pull --db live.db", out, err, dir.path()), 0) << err;
  // Without the flag, 0001 runs and SQLite refuses it: the tables exist.
  EXPECT_EQ(test::run_noormc("migrate --db live.db", out, err, dir.path()), 1);
  EXPECT_NE(err.find("table customers already exists"), std::string::npos) << err;
  dir.write("migrations/0002_add_notes.up.sql", "ALTER TABLE customers ADD COLUMN notes TEXT;\n");
  dir.write("migrations/0002_add_notes.down.sql", "ALTER TABLE customers DROP COLUMN notes;\n");
  ASSERT_EQ(test::run_noormc("hash", out, err, dir.path()), 0) << err;
  ASSERT_EQ(test::run_noormc("migrate --db live.db --fake-initial", out, err, dir.path()), 0) << err;
  EXPECT_NE(err.find("faked 0001_initial"), std::string::npos) << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM noormc_migrations"), 2);
  EXPECT_EQ(count(db, "SELECT count(*) FROM orders"), 2);  // the rows stay
  EXPECT_EQ(count(db, "SELECT count(*) FROM pragma_table_info('customers') WHERE name = 'notes'"), 1);
  EXPECT_EQ(test::run_noormc("status --db live.db", out, err, dir.path()), 0) << out << err;
  EXPECT_NE(out.find("no drift"), std::string::npos) << out;
  // Once 0001 is recorded the flag changes nothing.
  EXPECT_EQ(test::run_noormc("migrate --db live.db --fake-initial", out, err, dir.path()), 0) << err;
  EXPECT_EQ(err.find("faked"), std::string::npos) << err;
}

// The flag records nothing when the database is not what 0001 creates: a
// column added after the pull, or an empty database.
TEST(Pull, FakeInitialRefusesADatabaseWhoseSchemaDiffers) {
  test::TempDir dir;
  std::string db = live_database(dir), out, err;
  ASSERT_EQ(test::run_noormc("pull --db live.db", out, err, dir.path()), 0) << err;
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_exec(h, "ALTER TABLE orders ADD COLUMN shipped INTEGER", nullptr, nullptr, nullptr);
  sqlite3_close(h);
  EXPECT_EQ(test::run_noormc("migrate --db live.db --fake-initial", out, err, dir.path()), 1);
  EXPECT_NE(err.find("is not the one 0001_initial creates"), std::string::npos) << err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM noormc_migrations"), 0);
  EXPECT_EQ(test::run_noormc("migrate --db empty.db --fake-initial", out, err, dir.path()), 1);
  EXPECT_EQ(count(dir.path() + "/empty.db", "SELECT count(*) FROM sqlite_schema WHERE name = 'customers'"), 0);
}
