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
