// nextauth.ts: emitted exactly as the references that the conformance, type
// and end-to-end suites of tests/nextauth exercise; recognised under the usual
// namings; missing tables and wrong column types are build errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support.hpp"

using namespace noormc;
namespace fs = std::filesystem;

namespace {}  // namespace

class NextAuthReference : public ::testing::TestWithParam<std::string> {};

TEST_P(NextAuthReference, BuildReproducesEveryFileOfTheReference) {
  fs::path ref = fs::path(test::source_dir()) / "tests/nextauth/reference" / GetParam();
  test::TempDir dir;
  fs::create_directories(fs::path(dir.path()) / "migrations");
  for (const auto& e : fs::directory_iterator(ref / "migrations")) {
    if (e.path().extension() == ".sql")
      fs::copy_file(e.path(), fs::path(dir.path()) / "migrations" / e.path().filename());
  }
  fs::copy_file(ref / "noormc.json", fs::path(dir.path()) / "noormc.json");
  std::string out, err;
  ASSERT_EQ(test::run_noormc("build --out gen", out, err, dir.path()), 0) << err;
  for (const char* f : {"nextauth.ts", "schema.ts", "index.ts", "relations.ts", "repositories.ts", "migrations.ts"}) {
    EXPECT_EQ(test::read(fs::path(dir.path()) / "gen" / f), test::read(ref / f)) << GetParam() << "/" << f;
  }
  EXPECT_NE(test::read(fs::path(dir.path()) / "gen/index.ts").find("export { NoormmeAdapter } from './nextauth.js';"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Namings, NextAuthReference, ::testing::Values("native", "v1"));

TEST(NextAuth, NewAuthWritesTheTablesOnceAndBuildEmitsTheAdapter) {
  test::TempDir dir;
  std::string out, err;
  ASSERT_EQ(test::run_noormc("new add_auth --auth", out, err, dir.path()), 0) << err;
  ASSERT_EQ(test::run_noormc("check --strict", out, err, dir.path()), 0) << err;
  ASSERT_EQ(test::run_noormc("build", out, err, dir.path()), 0) << err;
  EXPECT_TRUE(fs::exists(fs::path(dir.path()) / "src/db/nextauth.ts"));
  EXPECT_EQ(test::run_noormc("new more_auth --auth", out, err, dir.path()), 1);
  EXPECT_NE(err.find("already has a 'users' table"), std::string::npos) << err;
}

TEST(NextAuth, NoAuthTablesNoAdapter) {
  test::TempDir dir;
  // An app's own users and sessions tables are not Auth.js's.
  dir.write("migrations/0001_a.up.sql",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\nCREATE TABLE sessions (id INTEGER PRIMARY KEY, "
            "user_id INT REFERENCES users (id));\nCREATE TABLE accounts (id INTEGER PRIMARY KEY, balance REAL);\n");
  std::string out, err;
  ASSERT_EQ(test::run_noormc("build", out, err, dir.path()), 0) << err;
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "src/db/nextauth.ts"));
}

TEST(NextAuth, MissingTableAndWrongTypesAreClearBuildErrors) {
  test::TempDir dir;
  dir.write("migrations/0001_a.up.sql",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, emailVerified DATETIME, image TEXT);\n"
            "CREATE TABLE accounts (userId TEXT, type TEXT, provider TEXT, providerAccountId TEXT, refresh_token TEXT, "
            "access_token TEXT, expires_at INTEGER, token_type TEXT, scope TEXT, id_token TEXT, session_state TEXT);\n"
            "CREATE TABLE sessions (sessionToken TEXT PRIMARY KEY, userId TEXT, expires INTEGER);\n"
            "CREATE TABLE verification_tokens (identifier TEXT, token TEXT, expires DATETIME, PRIMARY KEY (identifier, "
            "token));\n");
  std::string out, err;
  EXPECT_EQ(test::run_noormc("build", out, err, dir.path()), 1);
  EXPECT_NE(err.find("no 'authenticators' table: the Auth.js adapter is emitted without the WebAuthn methods"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("users.id is declared 'INTEGER' but Auth.js's id needs TEXT"), std::string::npos) << err;
  EXPECT_NE(err.find("sessions.expires is declared 'INTEGER' but Auth.js's expires needs DATETIME"), std::string::npos)
      << err;
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "src/db/index.ts"));
}

TEST(NextAuth, SnakeCaseSingularTablesAndCamelCaseProperties) {
  test::TempDir dir;
  fs::path ref = fs::path(test::source_dir()) / "tests/nextauth/reference/v1/migrations/0001_auth.up.sql";
  dir.write("migrations/0001_auth.up.sql", test::read(ref));
  dir.write("noormc.json", "{ \"camelCase\": true }\n");
  std::string out, err;
  ASSERT_EQ(test::run_noormc("build", out, err, dir.path()), 0) << err;
  std::string ts = test::read(fs::path(dir.path()) / "src/db/nextauth.ts");
  EXPECT_NE(ts.find("type UserFields = 'id' | 'name' | 'email' | 'emailVerified' | 'image';"), std::string::npos) << ts;
  EXPECT_NE(ts.find("from './schema';"), std::string::npos);  // no tsconfig: bundler-style imports
  EXPECT_NE(ts.find("FROM \"session\" AS s JOIN \"user\" AS u"), std::string::npos);
}
