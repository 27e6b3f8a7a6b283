// noormc.sum: SHA-256 against the FIPS 180-4 vectors, the file format, and
// every way a folder can disagree with its sum, including two branches that
// each added a migration (merged by git, for real, when git is installed).
#include <gtest/gtest.h>

#include <filesystem>

#include "checks/scaffold.hpp"
#include "checks/sha256.hpp"
#include "checks/sum.hpp"
#include "checks_helpers.hpp"

using namespace noormc;
namespace fs = std::filesystem;

namespace {

TEST(Sha256, KnownVectors) {
  using checks::sha256;
  using checks::to_hex;
  EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(to_hex(sha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
                          "lmnopqrsmnopqrstnopqrstu")),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  EXPECT_EQ(to_hex(sha256(std::string(1000000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 55 and 56 bytes: the padding either fits the block or spills into a second one.
  EXPECT_EQ(to_hex(sha256(std::string(55, 'a'))), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(to_hex(sha256(std::string(56, 'a'))), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

TEST(Sha256, IncrementalEqualsWhole) {
  checks::Sha256 h;
  std::string text(300, 'x');
  for (size_t i = 0; i < text.size(); i += 7) h.update(std::string_view(text).substr(i, 7));
  EXPECT_EQ(h.finish(), checks::sha256(text));
}

TEST(Sha256, AnySplitOfTheInputGivesItsDigest) {
  // Pieces that fill, straddle and skip the 64-byte buffer (digest from Python's hashlib).
  std::string text;
  for (size_t i = 0; i < 1000; ++i) text.push_back(static_cast<char>((i * 7 + i / 256) % 251));
  EXPECT_EQ(checks::to_hex(checks::sha256(text)), "53a18ac19fcac75dff53fc4e0feddef70ca0c3f32851d69d14cc12c9487c7bf5");
  for (size_t piece : {1, 3, 63, 64, 65, 100, 128, 129, 999}) {
    checks::Sha256 h;
    for (size_t i = 0; i < text.size(); i += piece) h.update(std::string_view(text).substr(i, piece));
    EXPECT_EQ(h.finish(), checks::sha256(text)) << piece;
  }
}

TEST(Sha256, Base64) {
  EXPECT_EQ(checks::base64(checks::sha256("")), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

/// A copy of fixtures/checks/good with its noormc.sum: one branch's folder.
class SumTest : public ::testing::Test {
 protected:
  void SetUp() override { test::copy_files(test::checks_fixture("good"), dir.path()); }

  Diagnostics check() { return test::check_dir(dir.path()); }
  std::string path(const std::string& name) const { return (fs::path(dir.path()) / name).string(); }
  void append(const std::string& name, const std::string& text) const {
    dir.write(name, test::read_text(path(name)) + text);
  }
  /// The one diagnostic with `code`; fails the test when there is not exactly one.
  Diagnostic only(const Diagnostics& diags, const std::string& code) {
    auto found = test::with_code(diags, code);
    EXPECT_EQ(found.size(), 1u) << code << " in\n" << test::dump(diags);
    return found.empty() ? Diagnostic{} : found[0];
  }
  void write_sum() {
    Diagnostics load;
    auto set = syntax::load_migrations(dir.path(), load);
    ASSERT_NE(checks::write_sum(set, load), checks::SumWrite::Failed);
  }
  checks::Created add(const std::string& name, const std::string& up, const std::string& down) {
    Diagnostics diags;
    auto made = checks::create_migration(
        dir.path(), name,
        [&](const std::string&) {
          return checks::MigrationContent{up, down};
        },
        1700000000, diags);
    EXPECT_TRUE(made.ok) << test::dump(diags);
    return made;
  }

  test::TempDir dir;
};

TEST_F(SumTest, CommittedSumOfTheGoodFixtureVerifies) {
  Diagnostics diags = check();
  EXPECT_TRUE(diags.items().empty()) << test::dump(diags);
  Diagnostics load;
  auto set = syntax::load_migrations(dir.path(), load);
  EXPECT_EQ(checks::compute_sum(checks::sum_files(set)), test::read_text(path("noormc.sum")));
}

TEST_F(SumTest, Format) {
  std::string sum = test::read_text(path("noormc.sum"));
  ASSERT_EQ(sum.rfind("h1:", 0), 0u);
  size_t first = sum.find('\n');
  EXPECT_EQ(first, 47u);  // h1: + 44 base64 characters
  EXPECT_EQ(sum.substr(first + 1, sum.find('\n', first + 1) - first - 1).rfind("0001_create_users.up.sql h1:", 0), 0u);
  size_t lines = static_cast<size_t>(std::count(sum.begin(), sum.end(), '\n'));
  EXPECT_EQ(lines, 12u);  // the total and 11 files
}

TEST_F(SumTest, CrlfCheckoutStillVerifies) {
  std::string text = test::read_text(path("0001_create_users.up.sql"));
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  dir.write("0001_create_users.up.sql", crlf);
  Diagnostics diags = check();
  EXPECT_TRUE(diags.items().empty()) << test::dump(diags);
}

TEST_F(SumTest, EditedFileIsNamed) {
  append("0002_create_posts.up.sql", "UPDATE posts SET title = title;\n");
  Diagnostics diags = check();
  Diagnostic d = only(diags, "E0301");
  EXPECT_EQ(test::base_name(d.file), "0002_create_posts.up.sql");
  EXPECT_EQ(d.line, 1u);  // about the whole file: its first line
  EXPECT_EQ(d.message, "0002_create_posts.up.sql changed after it was recorded in noormc.sum");
  ASSERT_FALSE(d.notes.empty());
  EXPECT_NE(d.notes[0].find("`noormc hash`"), std::string::npos);
  EXPECT_EQ(diags.error_count(), 1u) << test::dump(diags);  // the later lines still verify
}

TEST_F(SumTest, RemovedFileIsNamedAtItsSumLine) {
  fs::remove(path("0003_published_posts_view.down.sql"));
  Diagnostics diags = check();
  Diagnostic d = only(diags, "E0302");
  EXPECT_EQ(test::base_name(d.file), "noormc.sum");
  EXPECT_EQ(d.line, 7u);
  EXPECT_EQ(d.column, 1u);
  EXPECT_EQ(d.message,
            "migration file 0003_published_posts_view.down.sql is recorded in noormc.sum but no "
            "longer exists");
}

TEST_F(SumTest, NewFileAtTheEndIsAWarningUntilHashed) {
  dir.write("0007_add_tags.up.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n");
  dir.write("0007_add_tags.down.sql", "DROP TABLE tags;\n");
  Diagnostics diags = check();
  EXPECT_FALSE(diags.has_errors()) << test::dump(diags);
  auto found = test::with_code(diags, "W0302");
  ASSERT_EQ(found.size(), 2u) << test::dump(diags);
  EXPECT_EQ(found[0].message, "0007_add_tags.down.sql is not in noormc.sum yet");
  EXPECT_EQ(found[1].message, "0007_add_tags.up.sql is not in noormc.sum yet");
  EXPECT_EQ(found[1].severity, Severity::Warning);
  write_sum();
  EXPECT_TRUE(check().items().empty());
}

TEST_F(SumTest, EditingTheSkeletonNewWroteIsAWarningUntilHashed) {
  Diagnostics diags;
  auto made = checks::create_migration(
      dir.path(), "add_tags", [](const std::string& id) { return checks::skeleton(id, false); }, 0, diags);
  ASSERT_TRUE(made.ok) << test::dump(diags);
  EXPECT_TRUE(check().items().empty()) << test::dump(check());
  append("0007_add_tags.up.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n");
  append("0007_add_tags.down.sql", "DROP TABLE tags;\n");
  Diagnostics after = check();
  EXPECT_FALSE(after.has_errors()) << test::dump(after);
  auto found = test::with_code(after, "W0302");
  ASSERT_EQ(found.size(), 2u) << test::dump(after);
  EXPECT_EQ(found[1].message, "0007_add_tags.up.sql changed since `noormc new` wrote it, and is not hashed yet");
  EXPECT_TRUE(test::check_dir(dir.path(), true).has_errors());  // --strict
  write_sum();
  EXPECT_TRUE(check().items().empty());
  // Once hashed, an edit is an edit.
  append("0007_add_tags.up.sql", "CREATE INDEX tags_id ON tags (id);\n");
  only(check(), "E0301");
}

TEST_F(SumTest, FileAddedBeforeAHashedOneIsOutOfOrder) {
  dir.write("0003_add_tags.up.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n");
  dir.write("0003_add_tags.down.sql", "DROP TABLE tags;\n");
  Diagnostics diags = check();
  auto found = test::with_code(diags, "E0303");
  ASSERT_EQ(found.size(), 2u) << test::dump(diags);
  EXPECT_EQ(test::base_name(found[1].file), "0003_add_tags.up.sql");
  EXPECT_EQ(found[1].message,
            "0003_add_tags.up.sql sorts before 0003_published_posts_view.up.sql, which noormc.sum "
            "already records: "
            "it was added out of order (merged from another branch?)");
}

TEST_F(SumTest, HandEditedTotal) {
  std::string sum = test::read_text(path("noormc.sum"));
  sum[3] = sum[3] == 'A' ? 'B' : 'A';
  dir.write("noormc.sum", sum);
  Diagnostic d = only(check(), "E0305");
  EXPECT_EQ(d.line, 1u);
  EXPECT_EQ(d.column, 1u);
}

// watch verifies through a HashMemo: each verification must say what one without it says, and the memo
// holds one line per file of the last verification, whatever was edited before.
TEST_F(SumTest, MemoVerifiesAsWithoutAndStaysBounded) {
  checks::HashMemo memo;
  auto both = [&](const std::string& when) {
    Diagnostics load;
    auto set = syntax::load_migrations(dir.path(), load);
    Diagnostics plain, memoised;
    checks::verify_sum(set, plain, true, nullptr);
    checks::verify_sum(set, memoised, true, &memo);
    EXPECT_EQ(test::dump(memoised), test::dump(plain)) << when;
    EXPECT_LE(memo.size(), checks::sum_files(set).size()) << when;
    return plain;
  };
  EXPECT_TRUE(both("as committed").items().empty());
  for (int edit = 0; edit < 3; ++edit) {  // each edit of the first file changes every later line's chain
    append("0001_create_users.up.sql", "CREATE TABLE memo_probe_" + std::to_string(edit) + " (id INTEGER);\n");
    EXPECT_EQ(test::with_code(both("edited"), "E0301").size(), 1u);
    write_sum();
    EXPECT_TRUE(both("hashed again").items().empty());
  }
  std::string hashed = test::read_text(path("noormc.sum"));
  std::string edited = hashed;
  edited[3] = edited[3] == 'A' ? 'B' : 'A';
  dir.write("noormc.sum", edited);
  EXPECT_EQ(test::with_code(both("total edited by hand"), "E0305").size(), 1u);
  dir.write("noormc.sum", hashed);
  EXPECT_TRUE(both("total put back").items().empty());
  fs::remove(path("0003_published_posts_view.down.sql"));
  EXPECT_EQ(test::with_code(both("a file removed"), "E0302").size(), 1u);
}

// watch loads through a ParseCache, so unchanged files are the same objects from one verification to
// the next and the memo reuses its last verdict when only unrecorded files follow the recorded ones.
// Every verification must still say what one without a memo says: after an append, a file the sum
// names coming back at the end, an out-of-order file, an edit, a removal, and the sum rewritten.
TEST_F(SumTest, MemoReusesItsVerdictOnlyWhenTheFolderAllowsIt) {
  checks::HashMemo memo;
  syntax::ParseCache cache;
  auto both = [&](const std::string& when) {
    Diagnostics load;
    auto set = syntax::load_migrations(dir.path(), load, &cache);
    Diagnostics plain, memoised;
    checks::verify_sum(set, plain, true, nullptr);
    checks::verify_sum(set, memoised, true, &memo);
    EXPECT_EQ(test::dump(memoised), test::dump(plain)) << when;
    cache.keep(std::move(set));
    return plain;
  };
  EXPECT_TRUE(both("as committed").items().empty());
  EXPECT_TRUE(both("again (reused)").items().empty());
  dir.write("0007_add_tags.up.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n");
  EXPECT_EQ(test::with_code(both("appended"), "W0302").size(), 1u);
  dir.write("0007_add_tags.down.sql", "DROP TABLE tags;\n");
  EXPECT_EQ(test::with_code(both("its down file"), "W0302").size(), 2u);
  std::string down = test::read_text(path("0003_published_posts_view.down.sql"));
  fs::remove(path("0003_published_posts_view.down.sql"));
  EXPECT_EQ(test::with_code(both("a recorded file removed"), "E0302").size(), 1u);
  dir.write("0003_published_posts_view.down.sql", down);
  EXPECT_EQ(test::with_code(both("put back"), "E0302").size(), 0u);
  dir.write("0002_add_a.up.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
  EXPECT_EQ(test::with_code(both("out of order"), "E0303").size(), 1u);
  fs::remove(path("0002_add_a.up.sql"));
  append("0001_create_users.up.sql", "CREATE TABLE memo_probe (id INTEGER);\n");
  EXPECT_EQ(test::with_code(both("edited"), "E0301").size(), 1u);
  write_sum();
  EXPECT_TRUE(both("hashed again").items().empty());
  EXPECT_TRUE(both("and again (reused)").items().empty());
}

TEST_F(SumTest, MalformedLine) {
  append("noormc.sum", "0007_x.up.sql sha256:abc\n");
  Diagnostic d = only(check(), "E0304");
  EXPECT_EQ(d.line, 13u);
  EXPECT_EQ(d.message, "noormc.sum line is not `FILE h1:HASH`");
}

TEST_F(SumTest, MissingSumWarnsAndCheckNeverWrites) {
  fs::remove(path("noormc.sum"));
  Diagnostic d = only(check(), "W0301");
  EXPECT_EQ(d.severity, Severity::Warning);
  std::string out, err;
  EXPECT_EQ(test::run_noormc("check --migrations '" + dir.path() + "'", out, err), 0) << err;
  EXPECT_FALSE(fs::exists(path("noormc.sum")));
  // What build does on its first run.
  Diagnostics load;
  auto set = syntax::load_migrations(dir.path(), load);
  EXPECT_EQ(checks::write_sum_if_missing(set, load), checks::SumWrite::Written);
  EXPECT_EQ(checks::write_sum_if_missing(set, load), checks::SumWrite::Unchanged);
  EXPECT_TRUE(check().items().empty());
}

TEST_F(SumTest, NewRecordsItsFilesAndKeepsAStaleSumStale) {
  auto made = add("add_tags", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n", "DROP TABLE tags;\n");
  EXPECT_EQ(made.id, "0007_add_tags");
  EXPECT_TRUE(check().items().empty()) << test::dump(check());
  append("0001_create_users.down.sql", "-- edited\n");
  add("add_labels", "CREATE TABLE labels (id INTEGER PRIMARY KEY);\n", "DROP TABLE labels;\n");
  Diagnostics diags = check();
  Diagnostic d = only(diags, "E0301");
  EXPECT_EQ(test::base_name(d.file), "0001_create_users.down.sql");
  EXPECT_EQ(diags.error_count(), 1u) << test::dump(diags);
}

// ---------------------------------------------------------------- two branches

/// The sum of `dir` as another branch would write it after adding `name`.
std::string branch_sum(const std::string& base, const std::string& name, const std::string& up,
                       const std::string& down) {
  test::TempDir branch;
  test::copy_files(base, branch.path());
  Diagnostics diags;
  checks::create_migration(
      branch.path(), name,
      [&](const std::string&) {
        return checks::MigrationContent{up, down};
      },
      0, diags);
  return test::read_text((fs::path(branch.path()) / "noormc.sum").string());
}

TEST_F(SumTest, TwoBranchesMergedLineByLineCollide) {
  // Each branch ran `noormc new`; someone resolved git's conflict by keeping both sides.
  std::string a =
      branch_sum(dir.path(), "add_tags", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n", "DROP TABLE tags;\n");
  std::string b =
      branch_sum(dir.path(), "add_labels", "CREATE TABLE labels (id INTEGER PRIMARY KEY);\n", "DROP TABLE labels;\n");
  add("add_tags", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n", "DROP TABLE tags;\n");
  dir.write("0007_add_labels.up.sql", "CREATE TABLE labels (id INTEGER PRIMARY KEY);\n");
  dir.write("0007_add_labels.down.sql", "DROP TABLE labels;\n");
  ASSERT_NE(a.substr(0, 47), b.substr(0, 47));  // the first line differs: git sees a conflict there
  std::string merged = a + b.substr(b.find("0007_add_labels"));
  dir.write("noormc.sum", merged);
  Diagnostics diags = check();
  Diagnostic prefix = only(diags, "E0005");
  EXPECT_NE(prefix.message.find("0007_add_labels.up.sql and 0007_add_tags.up.sql"), std::string::npos);
  auto branches = test::with_code(diags, "E0306");
  ASSERT_FALSE(branches.empty()) << test::dump(diags);
  EXPECT_EQ(branches[0].message,
            "noormc.sum holds lines from two branches: 0007_add_labels.up.sql was hashed right after "
            "0006_backfill_slugs.up.sql, but noormc.sum now lists it after 0007_add_tags.down.sql");
  EXPECT_EQ(test::base_name(branches[0].file), "noormc.sum");
}

TEST_F(SumTest, TwoBranchesMergedByGitConflict) {
  if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
  // An isolated git: no user or system configuration, a fixed identity.
  auto git = [&](const std::string& args) {
    std::string cmd = "cd '" + dir.path() +
                      "' && export HOME=\"$PWD\" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t "
                      "GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t && git " +
                      args + " >/dev/null 2>&1";
    return std::system(cmd.c_str());
  };
  ASSERT_EQ(git("init -q . && git checkout -qb main && git add -A && git commit -qm base"), 0);
  ASSERT_EQ(git("checkout -qb feature"), 0);
  add("add_labels", "CREATE TABLE labels (id INTEGER PRIMARY KEY);\n", "DROP TABLE labels;\n");
  ASSERT_EQ(git("add -A && git commit -qm labels"), 0);
  ASSERT_EQ(git("checkout -q main"), 0);
  add("add_tags", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n", "DROP TABLE tags;\n");
  ASSERT_EQ(git("add -A && git commit -qm tags"), 0);
  EXPECT_NE(git("merge -q feature"), 0);  // noormc.sum conflicts
  Diagnostics diags = check();
  Diagnostic markers = only(diags, "E0304");
  EXPECT_EQ(markers.message, "noormc.sum has git conflict markers: two branches each added migrations");
  EXPECT_EQ(markers.line, 1u);
  only(diags, "E0005");
  EXPECT_FALSE(test::with_code(diags, "E0306").empty()) << test::dump(diags);
  // `noormc new` refuses to write into a conflicted sum.
  Diagnostics refused;
  auto made = checks::create_migration(
      dir.path(), "more", [](const std::string&) { return checks::MigrationContent{}; }, 0, refused);
  EXPECT_FALSE(made.ok);
  EXPECT_FALSE(made.io_error);
  EXPECT_FALSE(fs::exists(path("0008_more.up.sql")));
}

TEST_F(SumTest, TimestampBranchMergedAfterALaterOneIsOutOfOrder) {
  test::TempDir ts;
  ts.write("20240101000000_init.up.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
  ts.write("20240101000000_init.down.sql", "DROP TABLE a;\n");
  ts.write("20240301000000_second.up.sql", "CREATE TABLE c (id INTEGER PRIMARY KEY);\n");
  ts.write("20240301000000_second.down.sql", "DROP TABLE c;\n");
  Diagnostics load;
  auto set = syntax::load_migrations(ts.path(), load);
  checks::write_sum(set, load);
  // Written on a branch in February, merged in March after 20240301 was hashed (its sum lines lost
  // in the merge).
  ts.write("20240215000000_branch.up.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);\n");
  ts.write("20240215000000_branch.down.sql", "DROP TABLE b;\n");
  Diagnostics diags = test::check_dir(ts.path());
  auto found = test::with_code(diags, "E0303");
  ASSERT_EQ(found.size(), 2u) << test::dump(diags);
  EXPECT_NE(found[1].message.find("20240215000000_branch.up.sql sorts before 20240301000000_second.up.sql"),
            std::string::npos);
}

}  // namespace
