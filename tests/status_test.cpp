// `noormc status` exits as docs/reference/commands.md says: 0 when the database
// is at the newest migration with no drift, 1 when anything is wrong (pending,
// changed, unknown, drift), 2 on bad usage, 3 when the database cannot be read.
// Each state is made with the real `migrate` and checked against what SQLite
// holds in noormc_migrations.
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

int applied(const std::string& db) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h, "SELECT count(*) FROM noormc_migrations", -1, &st, nullptr);
  int n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(h);
  return n;
}

int status(const test::TempDir& dir, std::string& out, const std::string& db = "app.db") {
  std::string err;
  return test::run_noormc("status --db " + db, out, err, dir.path());
}

}  // namespace

TEST(Status, PendingMigrationsExitOne) {
  test::TempDir dir;
  blog(dir);
  std::string out, err;
  // No database yet: every migration is pending.
  EXPECT_EQ(status(dir, out), 1) << out;
  EXPECT_NE(out.find("5 pending"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "app.db")) << "status never creates the database";
  // Rolled back to 0002: three pending.
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 0) << err;
  ASSERT_EQ(test::run_noormc("migrate --db app.db --to 0002", out, err, dir.path()), 0) << err;
  ASSERT_EQ(applied(dir.path() + "/app.db"), 2);
  EXPECT_EQ(status(dir, out), 1) << out;
  EXPECT_NE(out.find("  pending  0005_profiles_and_views"), std::string::npos) << out;
  // A new migration file after everything was applied.
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 0) << err;
  EXPECT_EQ(status(dir, out), 0) << out;
  dir.write("migrations/0006_add_status.up.sql", "ALTER TABLE posts ADD COLUMN state TEXT;\n");
  dir.write("migrations/0006_add_status.down.sql", "ALTER TABLE posts DROP COLUMN state;\n");
  EXPECT_EQ(status(dir, out), 1) << out;
  EXPECT_NE(out.find("  pending  0006_add_status"), std::string::npos) << out;
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 0) << err;
  EXPECT_EQ(applied(dir.path() + "/app.db"), 6);
  EXPECT_EQ(status(dir, out), 0) << out;
}

TEST(Status, UpToDateExitsZero) {
  test::TempDir dir;
  std::string out;
  dir.write("migrations/.keep", "");
  EXPECT_EQ(status(dir, out), 0) << "no migrations and no database: nothing pending\n" << out;
  blog(dir);
  std::string err;
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 0) << err;
  EXPECT_EQ(status(dir, out), 0) << out;
  EXPECT_NE(out.find("no drift"), std::string::npos) << out;
}

TEST(Status, ChangedAndUnknownMigrationsExitOne) {
  test::TempDir dir;
  blog(dir);
  std::string out, err;
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, dir.path()), 0) << err;
  std::ofstream(fs::path(dir.path()) / "migrations/0002_create_posts.up.sql", std::ios::app) << "-- edited\n";
  EXPECT_EQ(status(dir, out), 1) << out;
  EXPECT_NE(out.find("CHANGED"), std::string::npos) << out;

  test::TempDir other;
  blog(other);
  ASSERT_EQ(test::run_noormc("migrate --db app.db", out, err, other.path()), 0) << err;
  fs::remove(fs::path(other.path()) / "migrations/0005_profiles_and_views.up.sql");
  fs::remove(fs::path(other.path()) / "migrations/0005_profiles_and_views.down.sql");
  EXPECT_EQ(status(other, out), 1) << out;
  EXPECT_NE(out.find("  unknown  0005_profiles_and_views"), std::string::npos) << out;
}

TEST(Status, UnreadableDatabaseExitsThreeAndBadUsageTwo) {
  test::TempDir dir;
  blog(dir);
  dir.write("junk.db", "this is not an SQLite database, but long enough to have a header......\n");
  std::string out, err;
  EXPECT_EQ(test::run_noormc("status --db junk.db", out, err, dir.path()), 3) << out;
  EXPECT_NE(err.find("junk.db"), std::string::npos) << err;
  EXPECT_EQ(out.find("no drift"), std::string::npos) << out;
  EXPECT_EQ(test::run_noormc("status --db app.db --bogus", out, err, dir.path()), 2) << err;
}
