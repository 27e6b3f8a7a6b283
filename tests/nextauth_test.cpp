// nextauth.ts: emitted exactly as the references that the conformance, type
// and end-to-end suites of tests/nextauth exercise; recognised under the usual
// namings; missing tables and wrong column types are build errors.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support.hpp"

using namespace noormc;
namespace fs = std::filesystem;

namespace {

/// A database file opened with the real SQLite library, foreign keys on.
class Db {
 public:
  explicit Db(const std::string& path) {
    sqlite3_open(path.c_str(), &db_);
    exec("PRAGMA foreign_keys = ON");
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  /// Runs `sql`; "" when SQLite accepts it, else its error message.
  std::string exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK) return "";
    std::string e = msg ? msg : "error";
    sqlite3_free(msg);
    return e;
  }
  /// Every row of `sql`, as "a|b|c" lines.
  std::string rows(const std::string& sql) {
    std::string out;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        auto* t = sqlite3_column_text(st, i);
        out += (i ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      out += "\n";
    }
    sqlite3_finalize(st);
    return out;
  }
  /// What the PRAGMAs say about every table: columns, foreign keys, indexes.
  std::string snapshot() {
    std::string out = rows("SELECT type, name, tbl_name FROM sqlite_schema ORDER BY name");
    std::istringstream tables(rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"));
    for (std::string t; std::getline(tables, t);) {
      out += t + "\n" + rows("SELECT * FROM pragma_table_xinfo('" + t + "')") +
             rows("SELECT * FROM pragma_foreign_key_list('" + t + "')") +
             rows("SELECT name, \"unique\", origin, partial FROM pragma_index_list('" + t + "') ORDER BY name");
    }
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

/// The file `noormc new` wrote whose name ends with `suffix`.
std::string written(const test::TempDir& dir, const std::string& suffix) {
  for (const auto& e : fs::directory_iterator(fs::path(dir.path()) / "migrations")) {
    std::string name = e.path().filename().string();
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        name.rfind("0002_", 0) == 0)
      return test::read(e.path());
  }
  return "";
}

}  // namespace

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

INSTANTIATE_TEST_SUITE_P(Namings, NextAuthReference, ::testing::Values("native", "v1", "integer"));

// The migrations `new --auth` wrote for the references are what it writes today.
TEST(NextAuth, NewAuthWritesTheReferenceMigrations) {
  fs::path ref = fs::path(test::source_dir()) / "tests/nextauth/reference";
  {
    test::TempDir dir;
    std::string out, err;
    ASSERT_EQ(test::run_noormc("new add_auth --auth", out, err, dir.path()), 0) << err;
    EXPECT_EQ(test::read(fs::path(dir.path()) / "migrations/0001_add_auth.up.sql"),
              test::read(ref / "native/migrations/0001_add_auth.up.sql"));
    EXPECT_EQ(test::read(fs::path(dir.path()) / "migrations/0001_add_auth.down.sql"),
              test::read(ref / "native/migrations/0001_add_auth.down.sql"));
  }
  test::TempDir dir;
  for (const char* f : {"0001_init.up.sql", "0001_init.down.sql"})
    dir.write(std::string("migrations/") + f, test::read(ref / "integer/migrations" / f));
  std::string out, err;
  ASSERT_EQ(test::run_noormc("new add_auth --auth", out, err, dir.path()), 0) << err;
  EXPECT_EQ(written(dir, ".up.sql"), test::read(ref / "integer/migrations/0002_add_auth.up.sql"));
  EXPECT_EQ(written(dir, ".down.sql"), test::read(ref / "integer/migrations/0002_add_auth.down.sql"));
}

struct ExistingApp {
  const char* name;
  const char* init;  // 0001: the app before Auth.js
  const char* rows;  // rows it had
};

class NewAuthExtends : public ::testing::TestWithParam<ExistingApp> {};

// Differential: real SQLite applies the migration `new --auth` writes to a
// database with rows, keeps them, and the down file leaves exactly the schema
// that up found; `noormc check` (replay + reversibility) and `build` agree.
TEST_P(NewAuthExtends, UpAppliesToRowsDownReversesItCheckAndBuildAgree) {
  const auto& app = GetParam();
  test::TempDir dir;
  dir.write("migrations/0001_init.up.sql", app.init);
  std::string out, err;
  ASSERT_EQ(test::run_noormc("new add_auth --auth", out, err, dir.path()), 0) << err;
  std::string up = written(dir, ".up.sql"), down = written(dir, ".down.sql");
  ASSERT_FALSE(up.empty());
  EXPECT_EQ(up.find("CREATE TABLE users"), std::string::npos) << up;

  Db db(dir.path() + "/app.db");
  ASSERT_EQ(db.exec(app.init), "");
  ASSERT_EQ(db.exec(app.rows), "");
  std::string users_before = db.rows("SELECT * FROM users ORDER BY 1");
  std::string before = db.snapshot();
  ASSERT_EQ(db.exec(up), "") << up;
  EXPECT_EQ(db.rows("SELECT count(*) FROM users"),
            db.rows("SELECT count(*) FROM (" + std::string("SELECT * FROM users") + ")"));
  EXPECT_NE(db.rows("SELECT count(*) FROM users"), "0\n");
  std::string after_up = db.snapshot();
  ASSERT_EQ(db.exec(down), "") << down;
  EXPECT_EQ(db.snapshot(), before) << "down leaves exactly the schema that up found\n" << down;
  EXPECT_EQ(db.rows("SELECT * FROM users ORDER BY 1"), users_before);
  ASSERT_EQ(db.exec(up), "");
  EXPECT_EQ(db.snapshot(), after_up);

  EXPECT_EQ(test::run_noormc("check", out, err, dir.path()), 0) << err;
  EXPECT_EQ(test::run_noormc("build", out, err, dir.path()), 0) << err;
  EXPECT_TRUE(fs::exists(fs::path(dir.path()) / "src/db/nextauth.ts")) << err;
  EXPECT_EQ(err.find("W0810"), std::string::npos) << err;
}

INSTANTIATE_TEST_SUITE_P(
    Apps, NewAuthExtends,
    ::testing::Values(
        ExistingApp{"IntegerIdsSnakeCase",
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, created_at DATETIME NOT NULL "
                    "DEFAULT CURRENT_TIMESTAMP);\nCREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER "
                    "REFERENCES users (id));\n",
                    "INSERT INTO users (id, email) VALUES (1, 'a@example.com'), (5, NULL);\n"
                    "INSERT INTO posts (author_id) VALUES (5);\n"},
        ExistingApp{"IntegerIdsNoEmail", "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);\n",
                    "INSERT INTO users (name) VALUES ('a'), ('b');\n"},
        ExistingApp{"TextIdsCamelCase",
                    "CREATE TABLE users (id TEXT NOT NULL PRIMARY KEY, displayName TEXT, email TEXT);\n",
                    "INSERT INTO users VALUES ('u1', 'A', 'a@example.com'), ('u2', 'B', NULL);\n"},
        ExistingApp{"EveryUserColumnButImage",
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT UNIQUE, emailVerified "
                    "DATETIME);\nCREATE INDEX users_name ON users (name);\n",
                    "INSERT INTO users (name, email) VALUES ('a', 'a@example.com');\n"}),
    [](const auto& p) { return std::string(p.param.name); });

struct Refused {
  const char* name;
  const char* init;
  const char* where;    // file:line:col
  const char* message;  // part of the message
};

class NewAuthRefuses : public ::testing::TestWithParam<Refused> {};

// What would need a table rebuild, or clashes with an app table, is refused at
// its declaration, with the line, a caret and what to write; nothing is written.
TEST_P(NewAuthRefuses, AtTheDeclarationWithWhatToWrite) {
  const auto& r = GetParam();
  test::TempDir dir;
  dir.write("migrations/0001_init.up.sql", r.init);
  std::string out, err;
  EXPECT_EQ(test::run_noormc("new add_auth --auth", out, err, dir.path()), 1);
  EXPECT_NE(err.find(r.where), std::string::npos) << err;
  EXPECT_NE(err.find(r.message), std::string::npos) << err;
  EXPECT_NE(err.find("^"), std::string::npos) << err;
  EXPECT_NE(err.find("[E0704]"), std::string::npos) << err;
  EXPECT_EQ(err.find("templates/auth"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "migrations/0002_add_auth.up.sql"));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NewAuthRefuses,
    ::testing::Values(
        Refused{"RealId", "CREATE TABLE users (\n  id REAL PRIMARY KEY,\n  email TEXT\n);\n",
                "migrations/0001_init.up.sql:2:3: error", "users.id is declared 'REAL'"},
        Refused{"IntegerIdNotRowid", "CREATE TABLE users (id INTEGER NOT NULL, email TEXT);\n",
                "migrations/0001_init.up.sql:1:21: error", "is not the primary key"},
        Refused{"NoId", "CREATE TABLE users (email TEXT);\n", "migrations/0001_init.up.sql:1:14: error",
                "has no 'id' column"},
        Refused{"WrongType",
                "CREATE TABLE users (id INTEGER PRIMARY KEY);\nALTER TABLE users ADD COLUMN emailVerified INTEGER;\n",
                "migrations/0001_init.up.sql:2:30: error", "needs DATETIME"},
        Refused{"AppSessions",
                "CREATE TABLE users (id INTEGER PRIMARY KEY);\nCREATE TABLE sessions (id INTEGER PRIMARY KEY, data "
                "TEXT);\n",
                "migrations/0001_init.up.sql:2:14: error", "RENAME TO app_sessions"}),
    [](const auto& p) { return std::string(p.param.name); });

// Every auth diagnostic of `build` points at the table or column it is about.
TEST(NextAuth, BuildDiagnosticsCarryFileLineColumnAndSayWhatToWrite) {
  test::TempDir dir;
  dir.write("migrations/0001_a.up.sql",
            "CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT, email TEXT, emailVerified DATETIME, image TEXT);\n"
            "CREATE TABLE accounts (\n  userId INTEGER,\n  type TEXT, provider TEXT, providerAccountId TEXT,\n"
            "  refresh_token TEXT, access_token TEXT, expires_at INTEGER, token_type TEXT, scope TEXT, id_token TEXT,\n"
            "  session_state TEXT\n);\n"
            "CREATE TABLE sessions (sessionToken TEXT PRIMARY KEY, userId TEXT);\n"
            "CREATE TABLE verification_tokens (identifier TEXT, token TEXT, expires DATETIME);\n");
  std::string out, err;
  EXPECT_EQ(test::run_noormc("build", out, err, dir.path()), 1);
  EXPECT_NE(err.find("migrations/0001_a.up.sql:3:3: error: column accounts.userId is declared 'INTEGER' but "
                     "Auth.js's userId needs TEXT, like users.id"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("migrations/0001_a.up.sql:8:14: error: table 'sessions' has no column for the Auth.js "
                     "field expires"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("ALTER TABLE \"sessions\" ADD COLUMN \"expires\" DATETIME;"), std::string::npos) << err;
  EXPECT_NE(err.find("migrations/0001_a.up.sql:1:14: warning"), std::string::npos) << err;
  EXPECT_EQ(err.find("templates/auth"), std::string::npos) << err;
  // Each diagnostic's first line names the file and a place in it.
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(" [E08") != std::string::npos || line.find(" [W08") != std::string::npos) {
      EXPECT_EQ(line.rfind("migrations/0001_a.up.sql:", 0), 0u) << line;
    }
  }
}

TEST(NextAuth, NewAuthWritesTheTablesOnceAndBuildEmitsTheAdapter) {
  test::TempDir dir;
  std::string out, err;
  ASSERT_EQ(test::run_noormc("new add_auth --auth", out, err, dir.path()), 0) << err;
  ASSERT_EQ(test::run_noormc("check --strict", out, err, dir.path()), 0) << err;
  ASSERT_EQ(test::run_noormc("build", out, err, dir.path()), 0) << err;
  EXPECT_TRUE(fs::exists(fs::path(dir.path()) / "src/db/nextauth.ts"));
  EXPECT_EQ(test::run_noormc("new more_auth --auth", out, err, dir.path()), 1);
  EXPECT_NE(err.find("0001_add_auth.up.sql:16:14: error: the schema already has every Auth.js table and column"),
            std::string::npos)
      << err;
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
  EXPECT_NE(err.find("accounts.userId is declared 'TEXT' but Auth.js's userId needs INTEGER, like users.id"),
            std::string::npos)
      << err;
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
