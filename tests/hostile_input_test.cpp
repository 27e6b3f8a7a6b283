// Hostile input to the compiler: bytes that are not UTF-8, nesting and width
// at SQLite's limits (accept/refuse from the real sqlite3_prepare), very long
// names, and every diagnostic about a file located at file:line.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "support.hpp"
#include "syntax/parse.hpp"

using namespace noormc;
using namespace noormc::test;

namespace {

struct Parsed {
  std::unique_ptr<SourceFile> file;
  syntax::ParsedFile parsed;
  Diagnostics diags;
};

std::unique_ptr<Parsed> parse(const std::string& sql) {
  auto p = std::make_unique<Parsed>();
  p->file = std::make_unique<SourceFile>("t.sql", sql);
  p->parsed = syntax::parse_file(*p->file, p->diags);
  return p;
}

bool has_code(const Diagnostics& d, const std::string& code) {
  for (const auto& x : d.items())
    if (x.code == code) return true;
  return false;
}

/// SQLite's verdict on `setup` then `sql`: the error of `sql`, "" when accepted.
std::string sqlite_error(const std::string& setup, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, setup.c_str(), nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  std::string error = rc == SQLITE_OK ? "" : sqlite3_errmsg(db);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return error;
}

bool is_limit(const std::string& e) {
  return e == "Recursion limit" || e.rfind("Expression tree is too large", 0) == 0 ||
         e.rfind("too many columns", 0) == 0;
}

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string nested(const std::string& kind, size_t n) {
  if (kind == "neg") return repeat("- ", n) + "1";
  if (kind == "not") return repeat("NOT ", n) + "1";
  if (kind == "tilde") return repeat("~", n) + "1";
  if (kind == "paren") return repeat("(", n) + "1" + repeat(")", n);
  if (kind == "case") return repeat("CASE WHEN 1 THEN ", n) + "1" + repeat(" END", n);
  if (kind == "case_else") return repeat("CASE WHEN 1 THEN 1 ELSE ", n) + "1" + repeat(" END", n);
  if (kind == "func") return repeat("abs(", n) + "1" + repeat(")", n);
  if (kind == "cast") return repeat("CAST(", n) + "1" + repeat(" AS INT)", n);
  if (kind == "in") return repeat("1 IN (", n) + "1" + repeat(")", n);
  if (kind == "plus") return "1" + repeat(" + 1", n);
  if (kind == "concat") return "'a'" + repeat(" || 'a'", n);
  if (kind == "neg_paren") return repeat("-(", n) + "1" + repeat(")", n);
  return repeat("(SELECT ", n) + "1" + repeat(")", n);
}

/// Where an expression sits: the statement around it (setup creates what it needs).
struct Context {
  std::string name, setup, before, after;
};

const std::vector<Context>& contexts() {
  static const std::vector<Context> all = {
      {"default", "", "CREATE TABLE t (a INTEGER DEFAULT (", "));"},
      {"check", "", "CREATE TABLE t (a INTEGER, CHECK (", "));"},
      {"view", "", "CREATE VIEW v AS SELECT ", " AS x;"},
      {"generated", "", "CREATE TABLE t (a INTEGER, g INTEGER AS (", "));"},
      {"index", "CREATE TABLE u (a INTEGER);", "CREATE INDEX i ON u ((", "));"},
      {"alter", "CREATE TABLE u (a INTEGER);", "ALTER TABLE u ADD COLUMN b INTEGER DEFAULT (", ");"},
      {"trigger", "CREATE TABLE u (a INTEGER);",
       "CREATE TRIGGER tr AFTER INSERT ON u BEGIN UPDATE u SET a = ", "; END;"},
      {"insert", "CREATE TABLE u (a INTEGER);", "INSERT INTO u VALUES (", ");"},
  };
  return all;
}

}  // namespace

// ---------------------------------------------------------------- UTF-8

TEST(HostileInput, BytesThatAreNotUtf8AreE0101AtTheirLine) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"above U+10FFFF", "\xf4\x90\x80\x80"},
      {"overlong 3-byte", "\xe0\x80\x80"},
      {"overlong 2-byte", "\xc0\xaf"},
      {"overlong 4-byte", "\xf0\x80\x80\x80"},
      {"surrogate", "\xed\xa0\x80"},
      {"low surrogate", "\xed\xbf\xbf"},
      {"lone continuation", "\x80"},
      {"0xFF", "\xff"},
      {"5-byte form", "\xf8\x88\x80\x80\x80"},
      {"truncated", "\xe2\x82"},
      {"F5", "\xf5\x80\x80\x80"},
  };
  for (const auto& [what, bytes] : bad) {
    for (const std::string& where : {"-- note " + bytes + "\n", "CREATE TABLE \"t" + bytes + "\" (id INTEGER);\n",
                                     "SELECT '" + bytes + "';\n", "/* " + bytes + " */\n"}) {
      auto p = parse("CREATE TABLE a (id INTEGER);\n" + where);
      ASSERT_TRUE(has_code(p->diags, "E0101")) << what << " in " << where;
      EXPECT_EQ(p->diags.items()[0].line, 2u) << what;
      // The JSON rendering stays well-formed: bytes that are not UTF-8 are shown as \xHH.
      auto j = nlohmann::json::parse(render_json(p->diags.items()[0]));
      EXPECT_EQ(j["code"], "E0101");
      EXPECT_NE(render_text(p->diags.items()[0]).find("t.sql:2:"), std::string::npos);
    }
  }
  // Well-formed 4-byte characters and the last code point are fine.
  for (const std::string ok :
       {"\xf0\x9d\x94\x98", "\xf4\x8f\xbf\xbf", "\xef\xbf\xbd", "\xed\x9f\xbf", "\xee\x80\x80"}) {
    auto p = parse("CREATE TABLE \"t" + ok + "\" (id INTEGER); -- " + ok + "\n");
    EXPECT_FALSE(p->diags.has_errors()) << render_text(p->diags.items().at(0));
  }
}

TEST(HostileInput, CliExitsOneOnBadBytesInTextAndJson) {
  for (const std::string bytes : {"\xf4\x90\x80\x80", "\xe0\x80\x80", "\xed\xa0\x80"}) {
    TempDir dir;
    dir.write("migrations/0001_a.up.sql", "-- fine\nCREATE TABLE \"x" + bytes + "\" (id INTEGER PRIMARY KEY);\n");
    for (const std::string format : {"text", "json"}) {
      std::string out, err;
      int code = run_noormc("check --migrations migrations --format " + format, out, err, dir.path());
      EXPECT_EQ(code, 1) << err;
      EXPECT_NE(err.find("E0101"), std::string::npos) << err;
      EXPECT_EQ(err.find("internal error"), std::string::npos) << err;
      if (format == "json") {
        auto j = nlohmann::json::parse(err.substr(0, err.find('\n')));
        EXPECT_EQ(j["file"], "migrations/0001_a.up.sql");
        EXPECT_EQ(j["line"], 2);
      } else {
        EXPECT_NE(err.find("migrations/0001_a.up.sql:2:"), std::string::npos) << err;
      }
    }
  }
}

// ---------------------------------------------------------------- SQLite's parser limits

TEST(HostileInput, NestingIsRefusedExactlyWhereSqlitePrepareRefusesIt) {
  const std::vector<std::string> kinds = {"neg",  "not", "tilde", "paren",  "case",      "case_else", "func",
                                          "cast", "in",  "plus",  "concat", "neg_paren", "select"};
  size_t compared = 0, refused = 0;
  for (const auto& ctx : contexts()) {
    for (const auto& kind : kinds) {
      std::vector<size_t> depths = {1,  5,  10, 15, 18, 19, 20, 22, 23, 24, 30, 31, 32,  44,  45,
                                    46, 47, 60, 88, 89, 90, 91, 92, 93, 94, 95, 99, 100, 101, 150};
      if (kind == "plus" || kind == "concat") depths = {10, 500, 997, 998, 999, 1000, 1001, 1002, 3000};
      for (size_t n : depths) {
        std::string sql = ctx.before + nested(kind, n) + ctx.after;
        std::string error = sqlite_error(ctx.setup, sql);
        bool sqlite_refuses = is_limit(error);
        auto p = parse(ctx.setup + "\n" + sql);
        bool noormc_refuses = has_code(p->diags, "E0108");
        EXPECT_EQ(noormc_refuses, sqlite_refuses)
            << ctx.name << " " << kind << " x" << n << ": sqlite says '" << error << "'";
        ++compared;
        refused += sqlite_refuses;
      }
    }
  }
  EXPECT_GT(refused, 50u);  // SQLite 3.53's parser stack holds 2500 entries (3.40's: 100)
  EXPECT_GT(compared, refused + 100);
}

TEST(HostileInput, DeepInputIsRefusedAtOnce) {
  // 100,000 levels used to take half a minute each in the ANTLR parser; the
  // depth scan refuses them after ~100 tokens (bench: linear in the input).
  for (const std::string kind : {"neg", "not", "paren", "case", "plus", "func", "neg_paren"}) {
    size_t n = kind == "case" ? 30000 : 100000;
    auto p = parse("CREATE TABLE t (a INTEGER DEFAULT (" + nested(kind, n) + "));\nCREATE TABLE u (b);\n");
    ASSERT_TRUE(has_code(p->diags, "E0108")) << kind;
    EXPECT_EQ(p->diags.items()[0].line, 1u);
  }
}

TEST(HostileInput, DeepInputAfterASyntaxErrorIsNeverParsed) {
  // SQLite stops at the first statement it refuses; so do the depth scan and
  // noormc's parser. A statement nested 30,000 deep after it once took the
  // parser minutes (mutation_fuzz, seed 1812888322): the error is the first
  // statement's, where and as SQLite reports it, and nothing about the rest.
  const std::string bad = "CREATE TABLE user (\n  id TE TABLE user (x);\n";
  const std::string error = sqlite_error("", bad);
  ASSERT_EQ(error, "near \"TABLE\": syntax error");
  for (const std::string kind : {"neg", "not", "paren", "case", "plus", "func", "cast", "neg_paren", "select"}) {
    size_t n = kind == "case" || kind == "select" ? 10000 : 30000;
    const std::string deep = "CREATE TABLE t (a INTEGER DEFAULT (" + nested(kind, n) + "));\n";
    EXPECT_EQ(sqlite_error("", bad + deep), error) << kind;
    auto p = parse(bad + deep + "CREATE TABLE u (b);\n");
    ASSERT_EQ(p->diags.items().size(), 1u) << kind;
    const auto& d = p->diags.items()[0];
    EXPECT_EQ(d.code, "E0106") << kind;
    EXPECT_EQ(d.line, 2u) << kind;
    EXPECT_EQ(d.column, 9u) << kind;
    EXPECT_EQ(d.message, "syntax error near 'TABLE'") << kind;
  }
}

TEST(HostileInput, TablesWiderThanSqliteMaxColumnAreRefused) {
  for (size_t n : {1999u, 2000u, 2001u, 2500u}) {
    std::string cols = "c0";
    for (size_t i = 1; i < n; ++i) cols += ", c" + std::to_string(i);
    std::string sql = "CREATE TABLE w (" + cols + ");";
    bool sqlite_refuses = is_limit(sqlite_error("", sql));
    auto p = parse(sql);
    EXPECT_EQ(has_code(p->diags, "E0109"), sqlite_refuses) << n;
    EXPECT_EQ(sqlite_refuses, n > 2000) << n;
  }
}

TEST(HostileInput, AddingTheColumnBeyondSqliteMaxColumnIsRefused) {
  for (size_t n : {1999u, 2000u}) {
    std::string cols = "c0";
    for (size_t i = 1; i < n; ++i) cols += ", c" + std::to_string(i);
    std::string setup = "CREATE TABLE w (" + cols + ");";
    bool sqlite_refuses = is_limit(sqlite_error(setup, "ALTER TABLE w ADD COLUMN z;"));
    TempDir dir;
    dir.write("migrations/0001_w.up.sql", setup + "\nALTER TABLE w ADD COLUMN z;\n");
    std::string out, err;
    int code = run_noormc("check --migrations migrations", out, err, dir.path());
    EXPECT_EQ(err.find("E0109") != std::string::npos, sqlite_refuses) << n << err.substr(0, 400);
    EXPECT_EQ(sqlite_refuses, n == 2000);
    if (sqlite_refuses) {
      EXPECT_EQ(code, 1);
      EXPECT_NE(err.find("0001_w.up.sql:2:"), std::string::npos) << err.substr(0, 400);
    }
  }
}

TEST(HostileInput, DidYouMeanSkipsVeryLongNames) {
  std::string huge(50000, 'a');
  std::vector<std::string> names = {"users", std::string(49999, 'a') + "b", huge + "c"};
  EXPECT_EQ(closest_name(huge, names), "");
  EXPECT_EQ(closest_name("usres", names), "users");
  std::string note = did_you_mean_note(huge, names, "tables");
  EXPECT_LT(note.size(), 400u);
}

// ---------------------------------------------------------------- every diagnostic about a file is located

namespace {

const std::set<std::string> kUnlocatable = {"E0001", "E0006", "E0007", "E0008", "E0701", "W0301", ""};

/// Runs `noormc check --format json` on `dir` and returns the diagnostics about a
/// file that have no line.
std::vector<std::string> unlocated(const std::string& cwd, const std::string& folder, std::set<std::string>& codes) {
  std::string out, err;
  run_noormc("check --migrations " + folder + " --format json", out, err, cwd);
  std::vector<std::string> found;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '{') continue;
    auto j = nlohmann::json::parse(line);
    std::string file = j["file"];
    codes.insert(j["code"].get<std::string>());
    if (file.empty() || j["line"] != 0 || kUnlocatable.count(j["code"])) continue;
    if (!std::filesystem::is_regular_file(std::filesystem::path(cwd) / file)) continue;
    found.push_back(line);
  }
  return found;
}

}  // namespace

TEST(HostileInput, EveryDiagnosticAboutAFileHasALine) {
  std::set<std::string> codes;
  // Every fixture folder, as shipped.
  for (const auto& dir : migration_folders()) {
    std::filesystem::path p(dir);
    for (const auto& line : unlocated(p.parent_path().string(), p.filename().string(), codes)) ADD_FAILURE() << line;
  }
  // The folder-level faults, each built on purpose.
  const std::vector<std::vector<std::pair<std::string, std::string>>> folders = {
      {{"0001_a.up.sql", "CREATE TABLE a (id INTEGER);"}, {"bad name.sql", "SELECT 1;"}},              // E0002
      {{"0001_a.up.sql", "CREATE TABLE a (id INTEGER);"}, {"0001_a.sql", "SELECT 1;"}},                // E0003
      {{"0001_a.up.sql", "CREATE TABLE a (id INTEGER);"}, {"0002_b.down.sql", "SELECT 1;"}},           // E0004
      {{"0001_a.up.sql", "CREATE TABLE a (id INTEGER);"}, {"0001_b.up.sql", "CREATE TABLE b (id);"}},  // E0005
      {{"0001_a.up.sql", "CREATE TABLE a (id INTEGER);"}, {"0001_a.down.sql", "SELECT 1;"}},           // E0602
      {{"0001_a.up.sql", "CREATE TABLE a (id INTEGER);\nCREATE TABLE b (x);"}, {"0001_a.down.sql", "DROP TABLE b;"}},
  };
  for (const auto& files : folders) {
    TempDir dir;
    for (const auto& [name, text] : files) dir.write("migrations/" + name, text);
    for (const auto& line : unlocated(dir.path(), "migrations", codes)) ADD_FAILURE() << line;
  }
  for (const std::string code : {"E0002", "E0003", "E0004", "E0005", "E0602"}) {
    EXPECT_TRUE(codes.count(code)) << code << " was not produced";
  }
}
