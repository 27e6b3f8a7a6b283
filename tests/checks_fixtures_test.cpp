// A test per check (docs/reference/checks.md): for each bad fixture under
// fixtures/checks/, the diagnostic's code, file, line, column, message and
// note; for each, the good variant next to it stays silent; and
// fixtures/checks/good, which uses every construct correctly, gets nothing.
#include <gtest/gtest.h>

#include "checks_helpers.hpp"

using namespace noormc;
using test::check_dir;
using test::checks_fixture;

namespace {

struct Case {
  const char* name;
  const char* fixture;
  const char* code;
  const char* file;  // the file the diagnostic names (base name)
  uint32_t line, column;
  const char* message;  // a substring of the message
  const char* note;     // a substring of some note, or ""
};

std::vector<Case> cases() {
  return {
      {"same_prefix", "conflict_prefix", "E0005", "0002_add_tags.up.sql", 1, 1,
       "two migrations share the prefix 0002: 0002_add_posts.up.sql and 0002_add_tags.up.sql",
       "renumber the one that should run later"},
      {"fk_missing_table", "fk_missing_table", "E0212", "0002_create_posts.up.sql", 3, 43,
       "references table 'user', which does not exist", "did you mean 'users'?"},
      {"fk_missing_column", "fk_missing_column", "E0401", "0001_create_users.up.sql", 5, 41,
       "foreign key posts(author_email) references column users.emial, which does not exist", "did you mean 'email'?"},
      {"fk_not_unique", "fk_mismatch", "E0402", "0001_create_users.up.sql", 7, 34,
       "users has no PRIMARY KEY or UNIQUE index on (handle)", "make the referenced columns UNIQUE"},
      {"fk_no_primary_key", "fk_mismatch", "E0402", "0001_create_users.up.sql", 8, 37,
       "notes has no PRIMARY KEY, and the foreign key names no columns", "reference the primary key"},
      {"index_missing_column", "index_missing_column", "E0202", "0001_create_users.up.sql", 3, 39,
       "no such column 'nmae' in table 'users'", "did you mean 'name'?"},
      {"view_missing_table", "view_missing", "E0201", "0001_create_users.up.sql", 4, 66,
       "view 'user_posts' reads a missing table: post", "did you mean 'posts'?"},
      {"view_missing_column", "view_missing", "E0202", "0001_create_users.up.sql", 5, 39,
       "view 'user_emails' reads a missing column: emial", "did you mean 'email'?"},
      {"trigger_missing_column", "view_missing", "E0202", "0001_create_users.up.sql", 8, 60,
       "trigger 'users_audit' reads a missing column: NEW.updated_at", "columns: id, email, name"},
      {"drop_table", "drop_table", "W0501", "0002_drop_sessions.up.sql", 2, 12,
       "DROP TABLE sessions deletes the table and every row in it", "noormc:allow W0501"},
      {"drop_column", "drop_column", "W0502", "0002_drop_bio.up.sql", 3, 31,
       "DROP COLUMN users.bio deletes the column and its data", "noormc:allow W0502"},
      {"add_not_null", "not_null_no_default", "W0503", "0002_add_role.up.sql", 2, 30,
       "ADD COLUMN users.role is NOT NULL without a DEFAULT: SQLite refuses it once users has rows",
       "give it a DEFAULT"},
      {"rebuild_not_null", "not_null_no_default", "W0503", "0003_rebuild_users.up.sql", 8, 13,
       "new_users.tenant is NOT NULL without a DEFAULT and this INSERT does not fill it", "fill tenant"},
      {"unique_index", "unique_existing", "W0504", "0002_unique_indexes.up.sql", 1, 21,
       "UNIQUE index users_tenant_uq on existing table users: creating it fails if users already "
       "holds "
       "duplicate (tenant) values",
       "GROUP BY tenant HAVING count(*) > 1"},
      {"rebuild_adds_unique", "rebuild_lost_column", "W0504", "0003_rebuild_all_columns.up.sql", 1, 14,
       "rebuilt table new_recipes adds UNIQUE (title), which recipes did not have", "GROUP BY title"},
      {"rebuild_lost_column", "rebuild_lost_column", "W0505", "0002_servings_integer.up.sql", 7, 13,
       "this rebuild of recipes copies 3 of its 4 columns: the data of legacy_notes is lost when "
       "DROP "
       "TABLE recipes (line 9) runs",
       "noormc:allow W0505"},
      {"rename_column_view", "rename_breaks_view", "W0506", "0002_rename_name.up.sql", 1, 1,
       "changes the columns of view user_names from (id, name) to (id, full_name)", "aliases"},
      {"legacy_rename_view", "rename_breaks_view", "W0506", "0003_rename_orders.up.sql", 2, 1,
       "this rename breaks view 'big_orders', which now reads a missing table: orders", "legacy_alter_table"},
      {"fk_off_in_transaction", "fk_off_in_transaction", "W0507", "0002_servings_integer.up.sql", 2, 1,
       "PRAGMA foreign_keys=OFF does nothing inside a transaction: DROP TABLE recipes (line 5) "
       "deletes its "
       "rows first, and that reaches photos (ON DELETE SET NULL), steps (ON DELETE CASCADE)",
       "before BEGIN"},
      {"dqs_check", "double_quotes", "E0508", "0001_create_items.up.sql", 6, 71,
       "\"short\" is not a column, and better-sqlite3 never reads a double-quoted word as a string", "'short'"},
      {"dqs_partial_index", "double_quotes", "E0508", "0001_create_items.up.sql", 7, 57, "\"new\" is not a column",
       "'new'"},
      {"dqs_insert_values", "double_quotes", "E0508", "0001_create_items.up.sql", 8, 50, "\"old\" is not a column",
       "'old'"},
      {"dqs_default_expression", "double_quotes", "E0508", "0001_create_items.up.sql", 9, 66,
       "double-quoted \"none\" in the DEFAULT of label is a name, not a string", "'none'"},
      {"dqs_bare_default", "double_quotes", "W0509", "0001_create_items.up.sql", 4, 34,
       "DEFAULT \"new\" of status is stored as a string", "DEFAULT 'new'"},
      {"missing_down", "irreversible", "W0601", "0002_lowercase_emails.up.sql", 1, 1,
       "migration 0002_lowercase_emails has no down file: it cannot be rolled back", "noormc:irreversible"},
      {"down_leaves_column", "down_wrong", "E0602", "0002_split_name.down.sql", 1, 1,
       "0002_split_name.down.sql leaves column users.first_name that the up added", "noormc sql"},
      {"down_column_order", "down_wrong", "W0603", "0003_drop_name.down.sql", 1, 1,
       "leaves the columns of users in the order (id, email, first_name, last_name, name); before "
       "the up: "
       "(id, email, name, first_name, last_name)",
       "rebuild the table"},
      {"down_leaves_table", "down_wrong", "E0602", "0004_create_teams.down.sql", 1, 1,
       "0004_create_teams.down.sql leaves table teams that the up created", ""},
      {"down_drops_table", "down_wrong", "E0602", "0005_create_tokens.down.sql", 1, 1,
       "0005_create_tokens.down.sql drops table teams, which existed before the up", ""},
  };
}

/// Good variants inside the bad fixtures: no diagnostic with the code on that line.
struct Silent {
  const char* name;
  const char* fixture;
  const char* code;
  const char* file;
  uint32_t line;             // 0: anywhere in the file
  const char* mention = "";  // only diagnostics whose message holds this
};

std::vector<Silent> silent() {
  return {
      {"allowed_drop_table", "drop_table", "W0501", "0002_drop_sessions.up.sql", 4},
      {"scratch_table", "drop_table", "W0501", "0002_drop_sessions.up.sql", 7},
      {"column_added_here", "drop_column", "W0502", "0002_drop_bio.up.sql", 2},
      {"not_null_with_default", "not_null_no_default", "W0503", "0002_add_role.up.sql", 1},
      {"covered_unique", "unique_existing", "W0504", "0002_unique_indexes.up.sql", 2},
      {"unique_on_new_table", "unique_existing", "W0504", "0002_unique_indexes.up.sql", 4},
      {"rebuild_copies_all", "rebuild_lost_column", "W0505", "0003_rebuild_all_columns.up.sql", 0},
      {"aliased_view_column", "rename_breaks_view", "W0506", "0002_rename_name.up.sql", 0, "named_users"},
      {"pragma_before_begin", "fk_off_in_transaction", "W0507", "0002_servings_integer.down.sql", 0},
      {"quoted_column_name", "double_quotes", "E0508", "0001_create_items.up.sql", 10},
      {"declared_irreversible", "irreversible", "W0601", "0003_purge_test_accounts.up.sql", 0},
      {"reversible_down", "down_wrong", "E0602", "0001_create_users.down.sql", 0},
      {"fk_to_unique", "fk_mismatch", "E0402", "0001_create_users.up.sql", 6},
      {"fk_to_rowid", "fk_mismatch", "E0402", "0001_create_users.up.sql", 5},
      {"index_on_column", "index_missing_column", "E0202", "0001_create_users.up.sql", 2},
      {"view_ok", "view_missing", "E0202", "0001_create_users.up.sql", 3},
  };
}

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}
void PrintTo(const Silent& s, std::ostream* os) {
  *os << s.name;
}

class CheckCase : public ::testing::TestWithParam<Case> {};

TEST_P(CheckCase, ReportsCodeFileLineColumnMessageAndNote) {
  const Case& c = GetParam();
  Diagnostics diags = check_dir(checks_fixture(c.fixture));
  const Diagnostic* hit = nullptr;
  for (const auto& d : diags.items()) {
    if (d.code == c.code && test::base_name(d.file) == c.file && d.line == c.line && d.column == c.column) hit = &d;
  }
  ASSERT_NE(hit, nullptr) << c.code << " at " << c.file << ":" << c.line << ":" << c.column << " not found in\n"
                          << test::dump(diags);
  EXPECT_NE(hit->message.find(c.message), std::string::npos) << hit->message;
  std::string expected_path = "fixtures/checks/" + std::string(c.fixture) + "/migrations/" + c.file;
  EXPECT_TRUE(hit->file.size() >= expected_path.size() &&
              hit->file.compare(hit->file.size() - expected_path.size(), expected_path.size(), expected_path) == 0)
      << hit->file;
  if (*c.note) {
    bool noted = false;
    for (const auto& n : hit->notes) noted = noted || n.find(c.note) != std::string::npos;
    EXPECT_TRUE(noted) << "no note with '" << c.note << "' in\n" << render_text(*hit);
  }
  Severity expected = c.code[0] == 'E' ? Severity::Error : Severity::Warning;
  EXPECT_EQ(hit->severity, expected);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CheckCase, ::testing::ValuesIn(cases()),
                         [](const auto& p) { return std::string(p.param.name); });

class SilentCase : public ::testing::TestWithParam<Silent> {};

TEST_P(SilentCase, GoodVariantIsNotReported) {
  const Silent& s = GetParam();
  Diagnostics diags = check_dir(checks_fixture(s.fixture));
  for (const auto& d : diags.items()) {
    bool same = d.code == s.code && test::base_name(d.file) == s.file && (s.line == 0 || d.line == s.line) &&
                d.message.find(s.mention) != std::string::npos;
    EXPECT_FALSE(same) << render_text(d);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SilentCase, ::testing::ValuesIn(silent()),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(ChecksGood, EveryConstructUsedWellGetsNoDiagnostic) {
  Diagnostics diags = check_dir(checks_fixture("good"), true);
  EXPECT_TRUE(diags.items().empty()) << test::dump(diags);
}

TEST(ChecksStrict, MissingDownBecomesAnError) {
  Diagnostics relaxed = check_dir(checks_fixture("irreversible"));
  EXPECT_FALSE(relaxed.has_errors()) << test::dump(relaxed);
  Diagnostics strict = check_dir(checks_fixture("irreversible"), true);
  auto missing = test::with_code(strict, "W0601");
  ASSERT_EQ(missing.size(), 1u) << test::dump(strict);
  EXPECT_EQ(missing[0].severity, Severity::Error);
}

TEST(ChecksAllow, SilencesACatalogWarningToo) {
  test::TempDir dir;
  dir.write("0001_a.up.sql",
            "CREATE TABLE t (id INTEGER PRIMARY KEY);\n"
            "-- noormc:allow W0101\n"
            "CREATE TEMP TABLE scratch (x);\n"
            "CREATE TEMP TABLE other (x);\n");
  dir.write("0001_a.down.sql", "DROP TABLE t;\n");
  Diagnostics diags = check_dir(dir.path());
  auto temp = test::with_code(diags, "W0101");
  ASSERT_EQ(temp.size(), 1u) << test::dump(diags);
  EXPECT_EQ(temp[0].line, 4u);
}

TEST(ChecksAllow, DoesNotSilenceErrors) {
  test::TempDir dir;
  dir.write("0001_a.up.sql",
            "-- noormc:allow E0508\n"
            "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT CHECK (k IN (\"a\")));\n");
  dir.write("0001_a.down.sql", "DROP TABLE t;\n");
  Diagnostics diags = check_dir(dir.path());
  EXPECT_EQ(test::with_code(diags, "E0508").size(), 1u) << test::dump(diags);
}

TEST(ChecksHazards, DownFilesGetNoDataLossWarnings) {
  Diagnostics diags = check_dir(checks_fixture("drop_table"));
  for (const auto& d : diags.items()) {
    EXPECT_EQ(d.file.find(".down.sql"), std::string::npos) << render_text(d);
  }
}

TEST(ChecksHazards, TempTableRebuildIsNotADrop) {
  // Rails' idiom: copy into a TEMP table, drop, re-create, copy back.
  test::TempDir dir;
  dir.write("0001_a.up.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY, url TEXT, source TEXT);\n");
  dir.write("0001_a.down.sql", "DROP TABLE b;\n");
  dir.write("0002_b.up.sql",
            "CREATE TEMPORARY TABLE ab (id INTEGER PRIMARY KEY, url TEXT);\n"
            "INSERT INTO ab (id, url) SELECT id, url FROM b;\n"
            "DROP TABLE b;\n"
            "CREATE TABLE b (id INTEGER PRIMARY KEY, url TEXT);\n"
            "INSERT INTO b (id, url) SELECT id, url FROM ab;\n"
            "DROP TABLE ab;\n");
  dir.write("0002_b.down.sql", "ALTER TABLE b ADD COLUMN source TEXT;\n");
  Diagnostics diags = check_dir(dir.path());
  EXPECT_TRUE(test::with_code(diags, "W0501").empty()) << test::dump(diags);
  auto lost = test::with_code(diags, "W0505");
  ASSERT_EQ(lost.size(), 1u) << test::dump(diags);
  EXPECT_NE(lost[0].message.find("the data of source is lost"), std::string::npos) << lost[0].message;
  EXPECT_EQ(lost[0].line, 2u);
}

TEST(ChecksHazards, LegacyRenameRebuildIsNotADrop) {
  test::TempDir dir;
  dir.write("0001_a.up.sql", "CREATE TABLE e (id INTEGER PRIMARY KEY, title TEXT);\n");
  dir.write("0001_a.down.sql", "DROP TABLE e;\n");
  dir.write("0002_b.up.sql",
            "ALTER TABLE e RENAME TO e_old;\n"
            "CREATE TABLE e (id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '');\n"
            "INSERT INTO e (id, title) SELECT id, coalesce(title, '') FROM e_old;\n"
            "DROP TABLE e_old;\n");
  dir.write("0002_b.down.sql",
            "-- noormc:allow W0501\nDROP TABLE e;\nCREATE TABLE e (id INTEGER PRIMARY KEY, title "
            "TEXT);\n");
  Diagnostics diags = check_dir(dir.path());
  EXPECT_FALSE(diags.has_errors()) << test::dump(diags);
  EXPECT_TRUE(test::with_code(diags, "W0501").empty()) << test::dump(diags);
  EXPECT_TRUE(test::with_code(diags, "W0505").empty()) << test::dump(diags);
}

TEST(ChecksHazards, VirtualTableDropIsNotDataLoss) {
  test::TempDir dir;
  dir.write("0001_a.up.sql", "CREATE VIRTUAL TABLE f USING fts5(title, body);\n");
  dir.write("0001_a.down.sql", "DROP TABLE f;\n");
  dir.write("0002_b.up.sql", "DROP TABLE f;\nCREATE VIRTUAL TABLE f USING fts5(title, body, tags);\n");
  dir.write("0002_b.down.sql", "DROP TABLE f;\nCREATE VIRTUAL TABLE f USING fts5(title, body);\n");
  Diagnostics diags = check_dir(dir.path());
  EXPECT_TRUE(test::with_code(diags, "W0501").empty()) << test::dump(diags);
}

}  // namespace
