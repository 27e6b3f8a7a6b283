// Reversibility: noormc's verdict on every down file (restores the model, or
// the first difference, or the down fails) must be SQLite's. For every
// fixture folder (fixtures/*/migrations, fixtures/checks/*/migrations) and
// every migration, the same up then down runs in an in-memory SQLite with
// double-quoted strings off (as better-sqlite3), and the PRAGMA snapshots
// before the up and after the down are compared with the same words.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "checks/quotes.hpp"
#include "checks/reversibility.hpp"
#include "checks_helpers.hpp"
#include "model/from_db.hpp"
#include "model/replay.hpp"

using namespace noormc;

namespace {

/// A fresh in-memory database configured as better-sqlite3 is.
class Sqlite {
 public:
  Sqlite() { db_ = test::open_memory_db(); }
  ~Sqlite() { sqlite3_close(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  bool exec(const std::string& sql, std::string* error = nullptr) {
    char* msg = nullptr;
    bool ok = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK;
    if (!ok && error) *error = msg ? msg : "error";
    sqlite3_free(msg);
    return ok;
  }
  model::Schema schema() { return model::schema_from_connection(db_); }

 private:
  sqlite3* db_ = nullptr;
};

/// What running one down file after its up gives.
struct Verdict {
  bool up_applied = true;
  bool down_applied = true;
  std::optional<checks::Difference> difference;
  std::string after_json;  // the model after the down
};

std::string describe(const Verdict& v) {
  if (!v.up_applied) return "the up fails";
  if (!v.down_applied) return "the down fails";
  if (!v.difference) return "restores the model";
  return (v.difference->order_only ? "[order] " : "") + v.difference->text;
}

Verdict sqlite_verdict(const syntax::MigrationSet& set, size_t k) {
  Sqlite db;
  for (size_t i = 0; i < k; ++i) db.exec(set.migrations[i].up->text());
  Verdict v;
  model::Schema before = db.schema();
  v.up_applied = db.exec(set.migrations[k].up->text());
  if (!v.up_applied) return v;
  model::Schema middle = db.schema();
  v.down_applied = db.exec(set.migrations[k].down->text());
  if (!v.down_applied) return v;
  model::Schema after = db.schema();
  v.difference = checks::first_difference(before, after, &middle);
  v.after_json = model::to_json(after).dump(1);
  return v;
}

Verdict model_verdict(const model::Catalog& catalog, const syntax::Migration& m) {
  Verdict v;
  model::Schema before = catalog.schema();
  model::Catalog after_up = catalog;
  Diagnostics up;
  model::apply_file(after_up, m.up_parsed, *m.up, up);
  checks::check_default_quotes(m.up_parsed, *m.up, up);  // DEFAULT ("x"): SQLite refuses it
  v.up_applied = !up.has_errors();
  if (!v.up_applied) return v;
  Diagnostics down;
  auto d = checks::replay_down(before, after_up, nullptr, m, down);
  v.down_applied = d.applied && !down.has_errors();
  if (!v.down_applied) return v;
  v.difference = d.difference;
  model::Catalog after = after_up;
  Diagnostics again;
  model::apply_file(after, m.down_parsed, *m.down, again);
  v.after_json = model::to_json(after.schema()).dump(1);
  return v;
}

std::vector<std::string> folders() {
  std::vector<std::string> out = test::migration_folders();
  std::filesystem::path checks = std::filesystem::path(test::source_dir()) / "fixtures" / "checks";
  for (const auto& e : std::filesystem::directory_iterator(checks)) {
    if (std::filesystem::is_directory(e.path() / "migrations")) out.push_back((e.path() / "migrations").string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class Reversibility : public ::testing::TestWithParam<std::string> {};

TEST_P(Reversibility, ModelVerdictEqualsSqliteOnEveryMigration) {
  Diagnostics load;
  auto set = syntax::load_migrations(GetParam(), load);
  ASSERT_FALSE(set.migrations.empty());
  model::Catalog catalog;
  size_t compared = 0;
  for (size_t k = 0; k < set.migrations.size(); ++k) {
    const auto& m = set.migrations[k];
    if (m.down) {
      Verdict mine = model_verdict(catalog, m);
      Verdict theirs = sqlite_verdict(set, k);
      ASSERT_EQ(describe(mine), describe(theirs)) << m.id << " in " << GetParam();
      if (!mine.after_json.empty()) {
        EXPECT_EQ(mine.after_json, theirs.after_json) << m.id;
      }
      ++compared;
      if (!mine.up_applied) break;
    }
    Diagnostics up;
    if (!model::apply_file(catalog, m.up_parsed, *m.up, up)) break;
  }
  EXPECT_GT(compared, 0u) << "no down file compared in " << GetParam();
  RecordProperty("down_files_compared", static_cast<int>(compared));
}

std::string folder_name(const ::testing::TestParamInfo<std::string>& info) {
  std::filesystem::path p(info.param);
  std::string parent = p.parent_path().parent_path().filename().string();
  std::string n = (parent == "checks" ? "checks_" : "") + p.parent_path().filename().string();
  for (auto& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Reversibility, ::testing::ValuesIn(folders()), folder_name);

TEST(ReversibilityVerdicts, BadFixtureDisagreesWithItsUpInSqliteToo) {
  // The down_wrong fixture's verdicts, as SQLite sees them.
  Diagnostics load;
  auto set = syntax::load_migrations(test::checks_fixture("down_wrong"), load);
  ASSERT_EQ(set.migrations.size(), 5u);
  EXPECT_EQ(describe(sqlite_verdict(set, 0)), "restores the model");
  EXPECT_EQ(describe(sqlite_verdict(set, 1)), "leaves column users.first_name that the up added");
  EXPECT_EQ(describe(sqlite_verdict(set, 2)),
            "[order] leaves the columns of users in the order (id, email, first_name, last_name, "
            "name); before "
            "the up: (id, email, name, first_name, last_name)");
  EXPECT_EQ(describe(sqlite_verdict(set, 3)), "leaves table teams that the up created");
  EXPECT_EQ(describe(sqlite_verdict(set, 4)), "drops table teams, which existed before the up");
}

model::Schema schema_of(const std::string& sql) {
  Sqlite db;
  EXPECT_TRUE(db.exec(sql)) << sql;
  return db.schema();
}

TEST(FirstDifference, Words) {
  auto before = schema_of(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INT);"
      "CREATE TABLE p (id INTEGER PRIMARY KEY);"
      "CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT a FROM t; CREATE TRIGGER tr AFTER INSERT "
      "ON t BEGIN SELECT 1; END;");
  auto diff = [&](const std::string& after_sql) {
    auto d = checks::first_difference(before, schema_of(after_sql));
    return d ? d->text : std::string("same");
  };
  const std::string rest = "CREATE TABLE p (id INTEGER PRIMARY KEY);";
  const std::string objects =
      "CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT a FROM t; CREATE TRIGGER tr AFTER INSERT "
      "ON t BEGIN SELECT 1; END;";
  EXPECT_EQ(diff("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INT);" + rest + objects), "same");
  EXPECT_EQ(diff("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);" + rest + objects),
            "leaves column t.a as TEXT; before the up it was TEXT NOT NULL");
  EXPECT_EQ(diff("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL);" + rest + objects),
            "does not restore column t.b that the up dropped");
  EXPECT_EQ(diff("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INT REFERENCES p);" + rest + objects),
            "leaves foreign key t(b) → p(id) ON DELETE NO ACTION ON UPDATE NO ACTION that the up added");
  EXPECT_EQ(diff("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INT);" + rest +
                 "CREATE UNIQUE INDEX t_a ON t (a); CREATE VIEW v AS SELECT a FROM t; CREATE "
                 "TRIGGER tr AFTER INSERT "
                 "ON t BEGIN SELECT 1; END;"),
            "leaves UNIQUE index t_a (a) on t; before the up it was index t_a (a)");
  EXPECT_EQ(diff("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INT);" + rest +
                 "CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT a, b FROM t; CREATE TRIGGER "
                 "tr AFTER INSERT ON "
                 "t BEGIN SELECT 1; END;"),
            "leaves view v with columns (a, b); before the up: (a)");
  EXPECT_EQ(diff("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INT);" + rest +
                 "CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT a FROM t;"),
            "does not re-create trigger tr that the up dropped");
  EXPECT_EQ(diff("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INT) STRICT;" + rest + objects),
            "leaves table t STRICT; before the up it was a plain table");
  // Re-created objects move to the end of SQLite's lists; that is not a difference.
  EXPECT_EQ(diff("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE t (id INTEGER PRIMARY KEY, "
                 "a TEXT NOT NULL, b "
                 "INT); CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END; CREATE VIEW v AS "
                 "SELECT a FROM t; "
                 "CREATE INDEX t_a ON t (a);"),
            "same");
}

}  // namespace
