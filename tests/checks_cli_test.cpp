// The commands of src/cli/check.cpp through the binary: exit codes
// (docs/reference/contract.md#3-commands), --strict, --format json, `new`, `hash` and `sql`.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "checks/scaffold.hpp"
#include "checks/sqltext.hpp"
#include "checks_helpers.hpp"

using namespace noormc;
namespace fs = std::filesystem;

namespace {

int run(const std::string& args, std::string& out, std::string& err) {
  return test::run_noormc(args, out, err);
}

std::string in(const std::string& dir) {
  return " --migrations '" + dir + "'";
}

TEST(CheckCommand, ExitCodes) {
  std::string out, err;
  EXPECT_EQ(run("check" + in(test::checks_fixture("good")), out, err), 0) << err;
  EXPECT_NE(err.find("checked 6 migrations: 0 errors, 0 warnings"), std::string::npos) << err;
  EXPECT_EQ(run("check" + in(test::checks_fixture("drop_table")), out, err), 0) << err;  // warnings only
  EXPECT_EQ(run("check --strict" + in(test::checks_fixture("drop_table")), out, err), 1) << err;
  EXPECT_EQ(run("check" + in(test::checks_fixture("down_wrong")), out, err), 1) << err;
  EXPECT_EQ(run("check" + in("/nonexistent/migrations"), out, err), 1) << err;
  EXPECT_EQ(run("check --format yaml" + in(test::checks_fixture("good")), out, err), 2) << err;
}

TEST(CheckCommand, TextShowsTheLineWithACaret) {
  std::string out, err;
  run("check" + in(test::checks_fixture("fk_missing_column")), out, err);
  EXPECT_NE(err.find("0001_create_users.up.sql:5:41: error: foreign key posts(author_email) references column "
                     "users.emial, which does not exist [E0401]\n"
                     "    5 |     author_email TEXT REFERENCES users (emial)\n"
                     "      |                                         ^~~~~\n"
                     "  note: did you mean 'email'?"),
            std::string::npos)
      << err;
}

TEST(CheckCommand, JsonIsOneObjectPerDiagnostic) {
  std::string out, err;
  EXPECT_EQ(run("check --format json" + in(test::checks_fixture("fk_off_in_transaction")), out, err), 0);
  std::vector<nlohmann::json> items;
  size_t at = 0;
  while (at < err.size()) {
    size_t nl = err.find('\n', at);
    items.push_back(nlohmann::json::parse(err.substr(at, nl - at)));
    at = nl + 1;
  }
  ASSERT_EQ(items.size(), 2u) << err;  // W0301 (no sum) and W0507
  const auto& w = items[0]["code"] == "W0507" ? items[0] : items[1];
  EXPECT_EQ(w["severity"], "warning");
  EXPECT_EQ(w["line"], 2);
  EXPECT_EQ(w["column"], 1);
  EXPECT_TRUE(w["file"].get<std::string>().find("0002_servings_integer.up.sql") != std::string::npos);
  EXPECT_TRUE(w["message"].get<std::string>().find("steps (ON DELETE CASCADE)") != std::string::npos);
  EXPECT_TRUE(w["notes"].is_array());
}

TEST(NewCommand, NumbersPairsAndRecordsThem) {
  test::TempDir dir;
  std::string m = (fs::path(dir.path()) / "migrations").string();
  std::string out, err;
  ASSERT_EQ(run("new create_users" + in(m), out, err), 0) << err;
  EXPECT_NE(out.find("0001_create_users.up.sql"), std::string::npos) << out;
  ASSERT_EQ(run("new add_posts --empty" + in(m), out, err), 0) << err;
  EXPECT_TRUE(fs::exists(fs::path(m) / "0002_add_posts.down.sql"));
  EXPECT_EQ(fs::file_size(fs::path(m) / "0002_add_posts.up.sql"), 0u);
  std::string up = test::read_text((fs::path(m) / "0001_create_users.up.sql").string());
  EXPECT_EQ(up.rfind("-- 0001_create_users: up\n", 0), 0u) << up;
  std::string sum = test::read_text((fs::path(m) / "noormc.sum").string());
  EXPECT_NE(sum.find("0002_add_posts.down.sql h1:"), std::string::npos) << sum;
  EXPECT_EQ(run("check" + in(m), out, err), 0) << err;
  EXPECT_NE(err.find("0 errors, 0 warnings"), std::string::npos) << err;
}

TEST(NewCommand, BadNameIsAUsageError) {
  test::TempDir dir;
  std::string out, err;
  EXPECT_EQ(run("new Add-Posts" + in(dir.path()), out, err), 2);
  EXPECT_NE(err.find("must match [a-z0-9_]+"), std::string::npos) << err;
  EXPECT_NE(err.find("noormc new add_posts"), std::string::npos) << err;
  EXPECT_EQ(run("new" + in(dir.path()), out, err), 2);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(NewCommand, ContinuesTheFolderNumbering) {
  syntax::MigrationSet set;
  EXPECT_EQ(checks::next_prefix(set, 0), "0001");
  auto with = [](std::vector<std::string> prefixes) {
    syntax::MigrationSet s;
    for (auto& p : prefixes) {
      syntax::Migration m;
      m.prefix = p;
      s.migrations.push_back(std::move(m));
    }
    return s;
  };
  EXPECT_EQ(checks::next_prefix(with({"0001", "0009"}), 0), "0010");
  EXPECT_EQ(checks::next_prefix(with({"0000", "0006"}), 0), "0007");
  EXPECT_EQ(checks::next_prefix(with({"000123"}), 0), "000124");
  EXPECT_EQ(checks::next_prefix(with({"9999"}), 0), "10000");
  // 2024-03-01 12:00:00 UTC.
  EXPECT_EQ(checks::next_prefix(with({"20240101000000"}), 1709294400), "20240301120000");
  EXPECT_EQ(checks::next_prefix(with({"20990101000000"}), 1709294400), "20990101000001");
}

TEST(NewCommand, ValidNames) {
  EXPECT_TRUE(checks::valid_migration_name("add_posts_2"));
  EXPECT_FALSE(checks::valid_migration_name(""));
  EXPECT_FALSE(checks::valid_migration_name("AddPosts"));
  EXPECT_FALSE(checks::valid_migration_name("add-posts"));
  EXPECT_FALSE(checks::valid_migration_name("add posts"));
}

TEST(HashCommand, WritesThenLeavesAlone) {
  test::TempDir dir;
  dir.write("0001_a.up.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
  std::string out, err;
  ASSERT_EQ(run("hash" + in(dir.path()), out, err), 0) << err;
  EXPECT_NE(out.find("wrote"), std::string::npos) << out;
  EXPECT_NE(out.find("(1 file)"), std::string::npos) << out;
  ASSERT_EQ(run("hash" + in(dir.path()), out, err), 0) << err;
  EXPECT_NE(out.find("unchanged"), std::string::npos) << out;
  EXPECT_EQ(run("hash" + in("/nonexistent/migrations"), out, err), 1);
}

TEST(SqlCommand, PrintsNormalisedStatements) {
  test::TempDir dir;
  dir.write("0001_create_users.up.sql",
            "-- users\nCREATE TABLE users (\n    id INTEGER PRIMARY KEY, -- key\n    bio TEXT "
            "DEFAULT 'a  --  b'\n);\n"
            "/* seed */ INSERT INTO \"users\" (bio)\n  VALUES ('x\ny');\n");
  dir.write("0001_create_users.down.sql", "DROP   TABLE\tusers ;\n");
  dir.write("0002_add_posts.up.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n");
  std::string out, err;
  const std::string expected =
      "CREATE TABLE users ( id INTEGER PRIMARY KEY, bio TEXT DEFAULT 'a  --  b' );\n"
      "INSERT INTO \"users\" (bio) VALUES ('x\ny');\n";
  ASSERT_EQ(run("sql 0001_create_users" + in(dir.path()), out, err), 0) << err;
  EXPECT_EQ(out, expected);
  ASSERT_EQ(run("sql 0001" + in(dir.path()), out, err), 0) << err;
  EXPECT_EQ(out, expected);
  ASSERT_EQ(run("sql 1" + in(dir.path()), out, err), 0) << err;
  EXPECT_EQ(out, expected);
  ASSERT_EQ(run("sql create_users --down" + in(dir.path()), out, err), 0) << err;
  EXPECT_EQ(out, "DROP TABLE users;\n");
  EXPECT_EQ(run("sql add_post" + in(dir.path()), out, err), 1);
  EXPECT_NE(err.find("no migration named 'add_post' [E0702]"), std::string::npos) << err;
  EXPECT_NE(err.find("did you mean 'add_posts'?"), std::string::npos) << err;
  EXPECT_EQ(run("sql add_posts --down" + in(dir.path()), out, err), 1);
  EXPECT_NE(err.find("migration 0002_add_posts has no down file [E0703]"), std::string::npos) << err;
}

TEST(SqlCommand, NormalizeStatement) {
  EXPECT_EQ(checks::normalize_statement("SELECT  1"), "SELECT 1");
  EXPECT_EQ(checks::normalize_statement("SELECT/* c */1"), "SELECT 1");
  EXPECT_EQ(checks::normalize_statement("SELECT [a  b], `c  d`, \"e -- f\" FROM t -- end"),
            "SELECT [a  b], `c  d`, \"e -- f\" FROM t");
  EXPECT_EQ(checks::normalize_statement("SELECT 'it''s  --  x'"), "SELECT 'it''s  --  x'");
  EXPECT_EQ(checks::normalize_statement("\n\t SELECT\n\n1 \n"), "SELECT 1");
}

}  // namespace
