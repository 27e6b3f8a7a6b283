// emit::Session (what `noormc watch` renders with): after any sequence of
// schemas, its files are byte for byte those a cold emit_typescript gives, and
// a change re-renders only the tables and views whose pieces it touched.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "emit/emit.hpp"
#include "model/replay.hpp"
#include "support.hpp"
#include "syntax/folder.hpp"

namespace noormc {
namespace {

using emit::OutputFile;

/// Files as one comparable text (name, then content).
std::string all_of(const std::vector<OutputFile>& files) {
  std::string out;
  for (const auto& f : files) out += "== " + f.name + "\n" + f.content;
  return out;
}

/// Renders `schema` through `session` and cold; both must give the same bytes (and the same diagnostics).
::testing::AssertionResult renders_as_cold(emit::Session& session, const model::Schema& schema,
                                           const std::vector<emit::EmbeddedMigration>& migrations,
                                           const emit::EmitOptions& options, const std::string& what) {
  Diagnostics warm_diags, cold_diags;
  auto warm = session.render(schema, migrations, options, warm_diags);
  auto cold = emit::emit_typescript(schema, migrations, options, cold_diags);
  if (warm_diags.error_count() != cold_diags.error_count())
    return ::testing::AssertionFailure() << what << ": the session's errors differ from a cold render's";
  if (warm_diags.has_errors()) warm.clear();
  std::string w = all_of(warm), c = all_of(cold);
  if (w == c) return ::testing::AssertionSuccess();
  size_t at = 0;
  while (at < w.size() && at < c.size() && w[at] == c[at]) ++at;
  return ::testing::AssertionFailure() << what << ": the session's files differ from a cold render's at byte " << at
                                       << "\nsession: ..." << w.substr(at > 200 ? at - 200 : 0, 400) << "\ncold:    ..."
                                       << c.substr(at > 200 ? at - 200 : 0, 400);
}

model::Table table(const std::string& name, std::vector<std::string> columns) {
  model::Table t;
  t.name = name;
  model::Column id;
  id.name = "id";
  id.type = "INTEGER";
  id.primary_key = 1;
  id.rowid_alias = true;
  t.columns.push_back(id);
  for (const auto& c : columns) {
    model::Column col;
    col.name = c;
    col.type = "TEXT";
    t.columns.push_back(col);
  }
  return t;
}

void add_fk(model::Table& child, const std::string& column, const std::string& parent) {
  model::Column c;
  c.name = column;
  c.type = "INTEGER";
  c.not_null = true;
  child.columns.push_back(c);
  model::ForeignKey fk;
  fk.columns = {column};
  fk.table = parent;
  fk.to = {std::string("id")};
  child.foreign_keys.insert(child.foreign_keys.begin(), fk);
}

// Every fixture and example, migration by migration (the schemas watch sees
// while a folder grows), one session throughout, under two sets of options.
TEST(EmitSession, EveryFolderMigrationByMigrationRendersAsCold) {
  emit::Session session;
  size_t renders = 0;
  for (bool camel : {false, true}) {
    emit::EmitOptions options;
    options.camel_case = camel;
    options.bigint = camel;
    for (const auto& dir : test::migration_folders()) {
      Diagnostics load;
      auto set = syntax::load_migrations(dir, load);
      auto all = emit::embedded_migrations(set);
      for (size_t k = 1; k <= set.migrations.size(); ++k) {
        Diagnostics diags;
        auto replayed = model::replay(set, diags, k);
        if (diags.has_errors()) break;
        auto schema = replayed.catalog.schema();
        std::vector<emit::EmbeddedMigration> first(all.begin(),
                                                   all.begin() + static_cast<long>(std::min(k, all.size())));
        ASSERT_TRUE(renders_as_cold(session, schema, first, options, dir + " after " + std::to_string(k)));
        ++renders;
      }
    }
  }
  EXPECT_GT(renders, 60u);
}

// One change at a time to a schema of related tables: each render equals a
// cold one, and only the tables whose pieces the change touched are rendered.
TEST(EmitSession, AChangeRendersOnlyTheTablesItTouches) {
  model::Schema s;
  s.tables = {table("authors", {"name"}), table("notes", {"body"}), table("posts", {"title"}),
              table("tags", {"label"})};
  add_fk(s.tables[2], "author_id", "authors");
  emit::EmitOptions options;
  emit::Session session;
  ASSERT_TRUE(renders_as_cold(session, s, {}, options, "first"));
  EXPECT_EQ(session.last().rendered, 4u);

  ASSERT_TRUE(renders_as_cold(session, s, {}, options, "unchanged"));
  EXPECT_EQ(session.last().rendered, 0u);
  EXPECT_EQ(session.last().reused, 4u);

  // A column of a table nothing refers to: that table alone.
  s.tables[1].columns.push_back(table("x", {"pinned"}).columns[1]);
  ASSERT_TRUE(renders_as_cold(session, s, {}, options, "notes.pinned"));
  EXPECT_EQ(session.last().rendered, 1u);

  // A column of a parent: the parent, and the child whose belongs-to SQL selects its columns.
  s.tables[0].columns.push_back(table("x", {"bio"}).columns[1]);
  ASSERT_TRUE(renders_as_cold(session, s, {}, options, "authors.bio"));
  EXPECT_EQ(session.last().rendered, 2u);

  // A foreign key: both ends gain a relation.
  add_fk(s.tables[3], "note_id", "notes");
  ASSERT_TRUE(renders_as_cold(session, s, {}, options, "tags.note_id"));
  EXPECT_EQ(session.last().rendered, 2u);

  // A new table whose type name others' names give way to, a view, a table dropped.
  s.tables.insert(s.tables.begin(), table("author", {"x"}));
  ASSERT_TRUE(renders_as_cold(session, s, {}, options, "author (E0801)"));
  s.tables.erase(s.tables.begin());
  model::View v;
  v.name = "post_titles";
  v.columns = {{"title", "TEXT", std::string("posts"), std::string("title")}};
  s.views.push_back(v);
  ASSERT_TRUE(renders_as_cold(session, s, {}, options, "view"));
  EXPECT_EQ(session.last().rendered, 1u);
  s.tables.erase(s.tables.begin() + 1);  // notes: tags loses its relation
  ASSERT_TRUE(renders_as_cold(session, s, {}, options, "notes dropped"));
  EXPECT_EQ(session.last().rendered, 1u);

  // A view's column follows its source table's type.
  s.tables[1].columns[1].type = "VARCHAR(20)";
  s.tables[1].columns[1].check_in = {"draft", "published"};
  ASSERT_TRUE(renders_as_cold(session, s, {}, options, "posts.title's type"));
  EXPECT_EQ(session.last().rendered, 2u);  // posts and the view (authors' has-many SQL names columns, not types)
}

/// The generated files of `dir`/src/db, by name.
std::string generated(const test::TempDir& dir) {
  std::string out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() + "/src/db")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) out += "== " + f.filename().string() + "\n" + test::read(f);
  return out;
}

/// The files stored with each judgement in `cache` (none when check or inspect made it).
std::vector<size_t> stored_files(const std::string& cache) {
  std::vector<size_t> out;
  for (const auto& e : std::filesystem::directory_iterator(cache)) {
    if (e.path().filename().string().size() != 64) continue;
    size_t n = 0;
    for ([[maybe_unused]] const auto& f : std::filesystem::directory_iterator(e.path() / "files")) ++n;
    out.push_back(n);
  }
  return out;
}

// check and inspect plan the code without rendering it, and store no files;
// a build after them renders, writes what a build without the cache writes,
// and stores its files in the judgement's place for the next build.
TEST(EmitSession, ABuildAfterCheckRendersWhatAColdBuildWrites) {
  test::TempDir cache, dir;
  dir.write("migrations/0001_a.up.sql",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id));\n");
  dir.write("migrations/0001_a.down.sql", "DROP TABLE posts;\nDROP TABLE users;\n");
  std::string out, err;
  ASSERT_EQ(test::run_noormc("hash", out, err, dir.path()), 0) << err;
  setenv("NOORMC_CACHE", "off", 1);
  ASSERT_EQ(test::run_noormc("build --quiet", out, err, dir.path()), 0) << err;
  unsetenv("NOORMC_CACHE");
  std::string cold = generated(dir);
  std::filesystem::remove_all(dir.path() + "/src/db");

  setenv("NOORMC_CACHE_DIR", cache.path().c_str(), 1);
  ASSERT_EQ(test::run_noormc("check --quiet", out, err, dir.path()), 0) << err;
  ASSERT_EQ(test::run_noormc("inspect --json", out, err, dir.path()), 0) << err;
  EXPECT_EQ(stored_files(cache.path()), std::vector<size_t>({0}));
  ASSERT_EQ(test::run_noormc("build --quiet", out, err, dir.path()), 0) << err;
  EXPECT_EQ(generated(dir), cold);
  EXPECT_EQ(stored_files(cache.path()), std::vector<size_t>({6}));  // five .ts files and .gitattributes
  std::filesystem::remove_all(dir.path() + "/src/db");
  ASSERT_EQ(test::run_noormc("build --quiet", out, err, dir.path()), 0) << err;  // from the stored files
  ASSERT_EQ(test::run_noormc("check --quiet", out, err, dir.path()), 0) << err;
  unsetenv("NOORMC_CACHE_DIR");
  EXPECT_EQ(generated(dir), cold);
  EXPECT_EQ(stored_files(cache.path()), std::vector<size_t>({6}));
}

}  // namespace
}  // namespace noormc
