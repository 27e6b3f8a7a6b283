// What noormc does with libSQL's additions to SQLite's SQL (docs/guides/production.md,
// docs/reference/runtime.md "What the compiler does with libSQL's SQL"). noormc models
// SQLite's dialect: libSQL-only statements are refused as syntax errors at their
// file:line:col with nothing written; what SQLite's grammar accepts passes, with the
// meaning SQLite gives it. The expected accept/refuse comes from the sqlite3 library.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "support.hpp"

using namespace noormc;
namespace fs = std::filesystem;

namespace {

/// What SQLite's parser says of `sql` on a database holding `setup`: "" when it
/// prepares; `offset` gets the byte offset of the token it names
/// (sqlite3_error_offset), -1 when none.
std::string sqlite_prepare_error(const std::string& setup, const std::string& sql, int* offset = nullptr) {
  sqlite3* h = nullptr;
  sqlite3_open(":memory:", &h);
  sqlite3_exec(h, setup.c_str(), nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  std::string error = sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK ? "" : sqlite3_errmsg(h);
  if (offset) *offset = sqlite3_error_offset(h);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return error;
}

const char* kTable = "CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT NOT NULL, n INT);\n";

}  // namespace

TEST(LibsqlDialect, LibsqlOnlyStatementsAreSyntaxErrorsAtTheirLineAndNothingIsWritten) {
  struct Case {
    const char* what;
    const char* sql;
  };
  for (const Case& c : {
           Case{"ALTER COLUMN", "ALTER TABLE docs ALTER COLUMN n TO n INTEGER NOT NULL DEFAULT 0;\n"},
           Case{"RANDOM ROWID", "CREATE TABLE events (id INTEGER, kind TEXT) RANDOM ROWID;\n"},
       }) {
    // SQLite itself refuses it (libSQL's extension), so noormc must too, at
    // the token SQLite names (line 2 of the file, after kTable).
    int offset = -1;
    EXPECT_NE(sqlite_prepare_error(kTable, c.sql, &offset), "") << c.what;
    ASSERT_GE(offset, 0) << c.what;
    test::TempDir dir;
    dir.write("migrations/0001_docs.up.sql", std::string(kTable) + c.sql);
    std::string out, err;
    EXPECT_EQ(test::run_noormc("build", out, err, dir.path()), 1) << c.what;
    std::string at = "0001_docs.up.sql:2:" + std::to_string(offset + 1);
    EXPECT_NE(err.find(at), std::string::npos) << c.what << ": expected " << at << "\n" << err;
    EXPECT_NE(err.find("E0106"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "src/db")) << c.what << ": something was written";
  }
}

TEST(LibsqlDialect, VectorColumnsAndIndexesThatSqlitesGrammarAcceptsPassWithSqlitesMeaning) {
  const std::string up = std::string(kTable) +
                         "ALTER TABLE docs ADD COLUMN embedding F32_BLOB(3);\n"
                         "CREATE INDEX docs_embedding_idx ON docs (libsql_vector_idx(embedding));\n";
  // SQLite parses both (the index fails only when run, on the unknown function).
  EXPECT_EQ(sqlite_prepare_error(kTable, "ALTER TABLE docs ADD COLUMN embedding F32_BLOB(3)"), "");
  test::TempDir dir;
  dir.write("migrations/0001_docs.up.sql", up);
  std::string out, err;
  ASSERT_EQ(test::run_noormc("build", out, err, dir.path()), 0) << err;
  // F32_BLOB(3) has BLOB affinity (its name contains "BLOB", https://sqlite.org/datatype3.html): binary.
  std::string schema = test::read(fs::path(dir.path()) / "src/db/schema.ts");
  EXPECT_NE(schema.find("  embedding: Buffer | null;"), std::string::npos) << schema.substr(0, 2000);
}
