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
