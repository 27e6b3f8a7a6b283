// A test per diagnostic of the core (syntax and replay): code, file, line,
// column and message; and every bad input exits 1 with file:line from the CLI.
#include <gtest/gtest.h>

#include "model/replay.hpp"
#include "support.hpp"
#include "syntax/folder.hpp"

using namespace noormc;

namespace {

struct Case {
  const char* name;
  std::vector<std::pair<std::string, std::string>> files;  // name → text
  const char* code;
  const char* file;  // the file name the diagnostic names
  uint32_t line;
  uint32_t column;
  const char* message;  // a substring of the message
  const char* note;     // a substring of some note, or ""
};

const std::string kUsers = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT);\n";

std::vector<Case> cases() {
  return {
      {"not_utf8",
       {{"0001_a.up.sql", "CREATE TABLE t (x TEXT DEFAULT '\xff');\n"}},
       "E0101",
       "0001_a.up.sql",
       1,
       33,
       "not valid UTF-8",
       "UTF-8"},
      {"unterminated_string",
       {{"0001_a.up.sql", "CREATE TABLE t (\n  x TEXT DEFAULT 'abc\n);\n"}},
       "E0102",
       "0001_a.up.sql",
       2,
       18,
       "unterminated string",
       "'"},
      {"unterminated_identifier",
       {{"0001_a.up.sql", "CREATE TABLE \"t (x);\n"}},
       "E0103",
       "0001_a.up.sql",
       1,
       14,
       "unterminated quoted identifier",
       ""},
      {"unterminated_comment",
       {{"0001_a.up.sql", "CREATE TABLE t (x);\n/* forgot to close\nDROP TABLE t;\n"}},
       "E0104",
       "0001_a.up.sql",
       2,
       1,
       "unterminated /* comment",
       "silently ends"},
      {"unexpected_char",
       {{"0001_a.up.sql", "CREATE TABLE t (x INT) # comment\n"}},
       "E0105",
       "0001_a.up.sql",
       1,
       24,
       "unexpected character '#'",
       ""},
      {"syntax_error",
       {{"0001_a.up.sql", "CREATE TABLE t (\n  id INTEGER PRIMARY KEY,\n);\n"}},
       "E0106",
       "0001_a.up.sql",
       3,
       1,
       "syntax error near ')'",
       "expected"},
      {"syntax_error_eof",
       {{"0001_a.up.sql", "CREATE TABLE t (id INTEGER"}},
       "E0106",
       "0001_a.up.sql",
       1,
       27,
       "unexpected end of file",
       "expected"},
      {"garbage_then_end_of_file",
       {{"0001_a.up.sql", "CREATE--  INDct\n"}},
       "E0106",
       "0001_a.up.sql",
       1,
       7,
       "unexpected end of file",
       "expected"},
      {"nested_too_deeply",
       {{"0001_a.up.sql", "SELECT " + std::string(2600, '(') + "1" + std::string(2600, ')') + ";\n"}},
       "E0108",
       "0001_a.up.sql",
       1,
       2508,  // the 2501st '(': SQLite's parser stack (SQLITE_MAX_PARSER_DEPTH, 2500 entries) is surely full
       "nested too deeply",
       "1000"},
      {"misspelled_keyword",
       {{"0001_a.up.sql", "CRATE TABLE t (id INTEGER);\n"}},
       "E0106",
       "0001_a.up.sql",
       1,
       1,
       "syntax error near 'CRATE'",
       "CREATE"},
      {"bad_table_option",
       {{"0001_a.up.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY) WITHOUT ROWIDS;\n"}},
       "E0107",
       "0001_a.up.sql",
       1,
       49,
       "unknown table option 'ROWIDS'",
       "WITHOUT ROWID"},
      {"no_such_table",
       {{"0001_a.up.sql", kUsers}, {"0002_b.up.sql", "\nALTER TABLE user ADD COLUMN bio TEXT;\n"}},
       "E0201",
       "0002_b.up.sql",
       2,
       13,
       "no such table 'user'",
       "did you mean 'users'?"},
      {"no_such_column_rename",
       {{"0001_a.up.sql", kUsers}, {"0002_b.up.sql", "ALTER TABLE users RENAME COLUMN emial TO mail;\n"}},
       "E0202",
       "0002_b.up.sql",
       1,
       33,
       "no such column 'emial' in table 'users'",
       "did you mean 'email'?"},
      {"no_such_column_index",
       {{"0001_a.up.sql", kUsers}, {"0002_b.up.sql", "CREATE INDEX users_nm ON users (nmae);\n"}},
       "E0202",
       "0002_b.up.sql",
       1,
       33,
       "no such column 'nmae'",
       "did you mean 'name'?"},
      {"no_such_column_insert",
       {{"0001_a.up.sql", kUsers}, {"0002_b.up.sql", "INSERT INTO users (id, emali) VALUES (1, 'a');\n"}},
       "E0202",
       "0002_b.up.sql",
       1,
       24,
       "no such column: emali",
       "did you mean 'email'?"},
      {"table_exists",
       {{"0001_a.up.sql", kUsers}, {"0002_b.up.sql", kUsers}},
       "E0203",
       "0002_b.up.sql",
       1,
       14,
       "table 'users' already exists",
       "IF NOT EXISTS"},
      {"index_exists",
       {{"0001_a.up.sql", kUsers + "CREATE INDEX i ON users (name);\nCREATE INDEX i ON users (email);\n"}},
       "E0203",
       "0001_a.up.sql",
       3,
       14,
       "index 'i' already exists",
       ""},
      {"duplicate_column",
       {{"0001_a.up.sql", "CREATE TABLE t (a INT, b INT, A TEXT);\n"}},
       "E0204",
       "0001_a.up.sql",
       1,
       31,
       "duplicate column name 'A'",
       ""},
      {"duplicate_column_add",
       {{"0001_a.up.sql", kUsers}, {"0002_b.up.sql", "ALTER TABLE users ADD COLUMN name TEXT;\n"}},
       "E0204",
       "0002_b.up.sql",
       1,
       30,
       "duplicate column name 'name'",
       ""},
      {"drop_pk_column",
       {{"0001_a.up.sql", kUsers}, {"0002_b.up.sql", "ALTER TABLE users DROP COLUMN id;\n"}},
       "E0205",
       "0002_b.up.sql",
       1,
       31,
       "cannot drop PRIMARY KEY column 'id'",
       "rebuild"},
      {"drop_unique_column",
       {{"0001_a.up.sql", kUsers}, {"0002_b.up.sql", "ALTER TABLE users DROP COLUMN email;\n"}},
       "E0205",
       "0002_b.up.sql",
       1,
       31,
       "cannot drop UNIQUE column 'email'",
       ""},
      {"drop_indexed_column",
       {{"0001_a.up.sql", kUsers + "CREATE INDEX users_name ON users (name);\n"},
        {"0002_b.up.sql", "ALTER TABLE users DROP COLUMN name;\n"}},
       "E0205",
       "0002_b.up.sql",
       1,
       31,
       "index users_name uses it",
       "DROP INDEX users_name"},
      {"drop_column_in_view",
       {{"0001_a.up.sql", kUsers + "CREATE VIEW names AS SELECT name FROM users;\n"},
        {"0002_b.up.sql", "ALTER TABLE users DROP COLUMN name;\n"}},
       "E0205",
       "0002_b.up.sql",
       1,
       31,
       "view names uses it",
       "drop the view"},
      {"drop_column_in_trigger",
       {{"0001_a.up.sql", kUsers + "CREATE TABLE log (msg TEXT);\nCREATE TRIGGER t AFTER INSERT ON users BEGIN "
                                   "INSERT INTO log VALUES (NEW.name); END;\n"},
        {"0002_b.up.sql", "ALTER TABLE users DROP COLUMN name;\n"}},
       "E0205",
       "0002_b.up.sql",
       1,
       31,
       "trigger t uses it",
       ""},
      {"drop_column_in_check",
       {{"0001_a.up.sql", "CREATE TABLE t (a INT, b INT, CHECK (b > a));\n"},
        {"0002_b.up.sql", "ALTER TABLE t DROP COLUMN a;\n"}},
       "E0205",
       "0002_b.up.sql",
       1,
       27,
       "table t uses it",
       ""},
      {"drop_only_column",
       {{"0001_a.up.sql", "CREATE TABLE t (a INT);\n"}, {"0002_b.up.sql", "ALTER TABLE t DROP COLUMN a;\n"}},
       "E0205",
       "0002_b.up.sql",
       1,
       27,
       "no other columns exist",
       "drop the table"},
      {"two_primary_keys",
       {{"0001_a.up.sql", "CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (b));\n"}},
       "E0206",
       "0001_a.up.sql",
       1,
       43,
       "more than one primary key",
       ""},
      {"autoincrement_not_integer",
       {{"0001_a.up.sql", "CREATE TABLE t (a INT PRIMARY KEY AUTOINCREMENT);\n"}},
       "E0206",
       "0001_a.up.sql",
       1,
       23,
       "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY",
       ""},
      {"without_rowid_no_pk",
       {{"0001_a.up.sql", "CREATE TABLE t (a INT) WITHOUT ROWID;\n"}},
       "E0206",
       "0001_a.up.sql",
       1,
       14,
       "PRIMARY KEY missing on table 't'",
       ""},
      {"strict_bad_type",
       {{"0001_a.up.sql", "CREATE TABLE t (a VARCHAR(10)) STRICT;\n"}},
       "E0206",
       "0001_a.up.sql",
       1,
       19,
       "unknown datatype for t.a",
       "STRICT"},
      {"strict_missing_type",
       {{"0001_a.up.sql", "CREATE TABLE t (a) STRICT;\n"}},
       "E0206",
       "0001_a.up.sql",
       1,
       17,
       "missing datatype for t.a",
       ""},
      {"fk_count_mismatch",
       {{"0001_a.up.sql",
         "CREATE TABLE p (a INT, b INT, PRIMARY KEY (a, b));\nCREATE TABLE c (x INT, y INT, "
         "FOREIGN KEY (x, y) REFERENCES p (a));\n"}},
       "E0206",
       "0001_a.up.sql",
       2,
       50,
       "number of columns in foreign key",
       ""},
      {"check_unknown_column",
       {{"0001_a.up.sql", "CREATE TABLE t (a INT CHECK (aa > 0));\n"}},
       "E0202",
       "0001_a.up.sql",
       1,
       30,
       "no such column: aa",
       "did you mean 'a'?"},
      {"add_pk_column",
       {{"0001_a.up.sql", kUsers}, {"0002_b.up.sql", "ALTER TABLE users ADD COLUMN x INT PRIMARY KEY;\n"}},
       "E0207",
       "0002_b.up.sql",
       1,
       36,
       "cannot add a PRIMARY KEY column",
       "rebuild"},
      {"add_unique_column",
       {{"0001_a.up.sql", kUsers}, {"0002_b.up.sql", "ALTER TABLE users ADD COLUMN x INT UNIQUE;\n"}},
       "E0207",
       "0002_b.up.sql",
       1,
       36,
       "cannot add a UNIQUE column",
       "CREATE UNIQUE INDEX"},
      {"reserved_name",
       {{"0001_a.up.sql", "CREATE TABLE sqlite_things (a INT);\n"}},
       "E0208",
       "0001_a.up.sql",
       1,
       14,
       "reserved for internal use",
       ""},
      {"alter_view",
       {{"0001_a.up.sql", kUsers + "CREATE VIEW v AS SELECT id FROM users;\n"},
        {"0002_b.up.sql", "ALTER TABLE v ADD COLUMN x INT;\n"}},
       "E0209",
       "0002_b.up.sql",
       1,
       13,
       "view 'v' may not be altered",
       ""},
      {"drop_table_on_view",
       {{"0001_a.up.sql", kUsers + "CREATE VIEW v AS SELECT id FROM users;\nDROP TABLE v;\n"}},
       "E0209",
       "0001_a.up.sql",
       3,
       12,
       "use DROP VIEW",
       ""},
      {"no_such_index",
       {{"0001_a.up.sql", kUsers + "CREATE INDEX users_name ON users (name);\nDROP INDEX user_name;\n"}},
       "E0210",
       "0001_a.up.sql",
       3,
       12,
       "no such index 'user_name'",
       "did you mean 'users_name'?"},
      {"attached_schema",
       {{"0001_a.up.sql", "CREATE TABLE other.t (a INT);\n"}},
       "E0211",
       "0001_a.up.sql",
       1,
       14,
       "schema 'other' is not supported",
       ""},
      {"fk_to_missing_table",
       {{"0001_a.up.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INT REFERENCES usres (id));\n"}},
       "E0212",
       "0001_a.up.sql",
       1,
       70,
       "references table 'usres'",
       ""},
      {"alter_with_broken_view",
       {{"0001_a.up.sql", kUsers + "CREATE TABLE old (x);\nCREATE VIEW v AS SELECT x FROM old;\nDROP TABLE old;\n"},
        {"0002_b.up.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n"}},
       "E0213",
       "0002_b.up.sql",
       1,
       13,
       "error in view v: no such table: main.old",
       "re-create view v"},
      {"rename_breaks_view_of_view",
       {{"0001_a.up.sql",
         kUsers + "CREATE VIEW v1 AS SELECT users.* FROM users;\nCREATE VIEW v2 AS SELECT name FROM v1;\n"},
        {"0002_b.up.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n"}},
       "E0214",
       "0002_b.up.sql",
       1,
       33,
       "error in view v2 after rename: no such column: name",
       "drop view v2 first"},
      {"bad_file_name",
       {{"0001_a.up.sql", kUsers}, {"2_b.up.sql", "SELECT 1;\n"}},
       "E0002",
       "2_b.up.sql",
       1,  // about the file as a whole: its first line
       1,
       "does not follow NNNN_name.up.sql",
       ""},
      {"down_without_up",
       {{"0001_a.up.sql", kUsers}, {"0002_b.down.sql", "SELECT 1;\n"}},
       "E0004",
       "0002_b.down.sql",
       1,  // about the file as a whole: its first line
       1,
       "has no up file",
       ""},
      {"same_prefix",
       {{"0001_a.up.sql", kUsers}, {"0001_b.up.sql", "SELECT 1;\n"}},
       "E0005",
       "0001_b.up.sql",
       1,  // about the file as a whole: its first line
       1,
       "two migrations share the prefix 0001",
       "renumber"},
  };
}

class CoreDiagnostic : public ::testing::TestWithParam<Case> {};

}  // namespace

TEST_P(CoreDiagnostic, IsReportedWithItsCodeAndPlace) {
  const Case& c = GetParam();
  test::TempDir dir;
  for (const auto& [name, text] : c.files) dir.write("migrations/" + name, text);
  Diagnostics diags;
  auto set = syntax::load_migrations(dir.path() + "/migrations", diags);
  auto r = model::replay(set, diags);
  if (r.ok) r.catalog.validate(diags);
  const Diagnostic* found = nullptr;
  std::string all;
  for (const auto& d : diags.items()) {
    all += render_text(d);
    if (d.code == c.code && !found) found = &d;
  }
  ASSERT_NE(found, nullptr) << "no " << c.code << " among:\n" << all;
  EXPECT_TRUE(found->file.size() >= strlen(c.file) &&
              found->file.compare(found->file.size() - strlen(c.file), strlen(c.file), c.file) == 0)
      << found->file;
  EXPECT_EQ(found->line, c.line) << all;
  EXPECT_EQ(found->column, c.column) << all;
  EXPECT_NE(found->message.find(c.message), std::string::npos) << found->message;
  if (*c.note) {
    bool has = false;
    for (const auto& n : found->notes) has = has || n.find(c.note) != std::string::npos;
    EXPECT_TRUE(has) << all;
  }
  EXPECT_EQ(found->severity, Severity::Error);

  // The command line: exit 1, file:line:col on stderr, nothing on stdout.
  std::string out, err;
  int code = test::run_noormc("inspect --json --migrations '" + dir.path() + "/migrations'", out, err);
  EXPECT_EQ(code, 1) << err;
  EXPECT_TRUE(out.empty()) << out;
  std::string where =
      std::string(c.file) + (c.line ? ":" + std::to_string(c.line) + ":" + std::to_string(c.column) : "");
  EXPECT_NE(err.find(where), std::string::npos) << err;
  EXPECT_NE(err.find(c.code), std::string::npos) << err;
}

INSTANTIATE_TEST_SUITE_P(All, CoreDiagnostic, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

TEST(Diagnostics, CaretUnderlinesTheNameAndJsonHasEveryField) {
  test::TempDir dir;
  dir.write("migrations/0001_a.up.sql", kUsers);
  dir.write("migrations/0002_b.up.sql", "ALTER TABLE user ADD COLUMN bio TEXT;\n");
  std::string out, err;
  int code = test::run_noormc("inspect --migrations '" + dir.path() + "/migrations'", out, err);
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("0002_b.up.sql:1:13: error: no such table 'user'"), std::string::npos) << err;
  EXPECT_NE(err.find("    1 | ALTER TABLE user ADD COLUMN bio TEXT;\n      |             ^~~~\n"), std::string::npos)
      << err;
  EXPECT_NE(err.find("note: did you mean 'users'? (tables: users)"), std::string::npos) << err;
  code = test::run_noormc("inspect --format json --migrations '" + dir.path() + "/migrations'", out, err);
  EXPECT_EQ(code, 1);
  // inspect judges the folder as check and build do: the warnings (W0601) come too.
  size_t at = err.find("\"E0201\"");
  ASSERT_NE(at, std::string::npos) << err;
  size_t begin = err.rfind('\n', at) == std::string::npos ? 0 : err.rfind('\n', at) + 1;
  auto j = nlohmann::json::parse(err.substr(begin, err.find('\n', at) - begin));
  EXPECT_EQ(j["severity"], "error");
  EXPECT_EQ(j["code"], "E0201");
  EXPECT_EQ(j["line"], 1);
  EXPECT_EQ(j["column"], 13);
  EXPECT_EQ(j["notes"].size(), 1u);
}

TEST(Diagnostics, CommandLineExitCodes) {
  std::string out, err;
  EXPECT_EQ(test::run_noormc("inspect --migrations /nonexistent/dir", out, err), 1);
  EXPECT_NE(err.find("does not exist"), std::string::npos);
  EXPECT_EQ(test::run_noormc("frobnicate", out, err), 2);
  EXPECT_EQ(test::run_noormc("inspect --format xml", out, err), 2);
  EXPECT_EQ(test::run_noormc("inspect --db /nonexistent/x.db", out, err), 3);
  EXPECT_EQ(test::run_noormc("--version", out, err), 0);
  EXPECT_EQ(
      test::run_noormc("inspect --migrations '" + test::source_dir() + "/examples/blog/migrations' --json", out, err),
      0);
  EXPECT_NE(out.find("\"tables\""), std::string::npos);
}

TEST(Diagnostics, TempTableIsAWarningAndStillUsableInItsMigration) {
  test::TempDir dir;
  dir.write("migrations/0001_a.up.sql",
            kUsers +
                "CREATE TEMP TABLE scratch AS SELECT id FROM users;\nDELETE FROM users WHERE id IN (SELECT id "
                "FROM scratch);\nDROP TABLE temp.scratch;\n");
  Diagnostics diags;
  auto set = syntax::load_migrations(dir.path() + "/migrations", diags);
  auto r = model::replay(set, diags);
  EXPECT_FALSE(diags.has_errors());
  ASSERT_EQ(diags.warning_count(), 1u);
  EXPECT_EQ(diags.items()[0].code, "W0101");
  EXPECT_EQ(r.catalog.schema().tables.size(), 1u);
}
