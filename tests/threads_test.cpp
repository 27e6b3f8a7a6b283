// Files are parsed on several threads (src/syntax/parsing.hpp): what every
// command prints and writes must not depend on how many there are, faults
// included, wherever they are in the folder.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "checks/checks.hpp"
#include "support.hpp"
#include "syntax/folder.hpp"
#include "syntax/parsing.hpp"

namespace noormc {
namespace {

using test::TempDir;

std::string id(int n) {
  char name[16];
  std::snprintf(name, sizeof name, "%04d", n);
  return name;
}

/// A folder of `count` migrations, each a table with a column or two, with
/// faults at the migrations `faults` names:
///   'S' a syntax error in the up file (the replay stops there),
///   's' a syntax error in the down file, 'R' a down that does not restore,
///   'N' no down file, 'Q' a double-quoted default, 'F' a dangling foreign key.
void write_folder(const TempDir& dir, int count, const std::string& faults) {
  for (int n = 1; n <= count; ++n) {
    char f = n - 1 < static_cast<int>(faults.size()) ? faults[static_cast<size_t>(n - 1)] : '.';
    std::string t = "t" + std::to_string(n), base = "migrations/" + id(n) + "_" + t;
    std::string up = "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, name TEXT";
    if (n > 1) up += ", parent_id INTEGER REFERENCES t" + std::to_string(n - 1) + " (id)";
    if (f == 'Q') up += ", kind TEXT DEFAULT \"plain\"";
    if (f == 'F') up += ", other_id INTEGER REFERENCES nowhere (id)";
    up += ");\nCREATE INDEX " + t + "_name ON " + t + " (name);\n";
    if (f == 'S') up += "CREATE TABLE (oops;\n";
    dir.write(base + ".up.sql", up);
    if (f == 'N') continue;
    std::string down = f == 'R' ? "DROP INDEX " + t + "_name;\n" : "DROP TABLE " + t + ";\n";
    if (f == 's') down += "DROP TABLE WHERE;\n";
    dir.write(base + ".down.sql", down);
  }
}

struct Printed {
  int code = 0;
  std::string out, err;
  bool operator==(const Printed& o) const { return code == o.code && out == o.out && err == o.err; }
};

std::string read_tree(const std::string& root) {
  std::string all;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    all += p.string() + "\n" + s.str();
  }
  return all;
}

/// `command` in `dir` without the judgement cache on `threads` threads: what it printed and wrote.
/// `prefix`: what the shell line puts before the binary (a limit, a timeout).
Printed run_on(const TempDir& dir, const std::string& command, int threads, const std::string& prefix = "") {
  std::filesystem::remove_all(dir.path() + "/src/db");
  std::filesystem::remove(dir.path() + "/app.db");
  setenv("NOORMC_CACHE", "off", 1);
  setenv("NOORMC_THREADS", std::to_string(threads).c_str(), 1);
  Printed p;
  p.code = test::run_noormc(command, p.out, p.err, dir.path(), prefix);
  unsetenv("NOORMC_THREADS");
  unsetenv("NOORMC_CACHE");
  auto at = p.err.find(" ms)\n");  // build's summary line carries its time
  if (at != std::string::npos) p.err.erase(p.err.rfind('(', at), at + 4 - p.err.rfind('(', at));
  p.out += read_tree(dir.path() + "/src/db");
  return p;
}

/// The codes of the diagnostics `text` holds (text format), each once, in order.
std::string codes(const std::string& text) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    size_t b = line.rfind(" ["), e = line.rfind(']');
    if (b == std::string::npos || e != line.size() - 1 || line.find(": ") > b) continue;
    std::string code = line.substr(b + 2, e - b - 2) + " ";
    if (out.find(code) == std::string::npos) out += code;
  }
  return out;
}

/// Every command on 1, 2, 3 and 8 threads; the codes `check` printed on one.
std::string expect_same_on_any_thread_count(const TempDir& dir) {
  const char* commands[] = {"check", "check --format json --strict", "inspect --json", "inspect t2",
                            "build", "migrate --db app.db",          "status"};
  std::string check;
  for (const char* command : commands) {
    SCOPED_TRACE(command);
    Printed one = run_on(dir, command, 1);
    if (check.empty()) check = codes(one.err) + ".";
    for (int threads : {2, 3, 8}) {
      SCOPED_TRACE(threads);
      Printed many = run_on(dir, command, threads);
      EXPECT_EQ(many, one) << many.err << "\n--- one thread:\n" << one.err;
    }
  }
  return check;
}

TEST(Threads, FaultsEverywherePrintTheSameOnAnyNumberOfThreads) {
  TempDir dir;
  // Faults early, in the middle and last; the replay reaches every one.
  write_folder(dir, 60, "NQ..R.....s.F.......N.....Q...........R.........s.........");
  EXPECT_EQ(expect_same_on_any_thread_count(dir), "W0601 W0509 E0602 E0106 E0212 W0301 .");
}

TEST(Threads, AReplayThatStopsEarlyStillReportsTheLaterFiles) {
  TempDir dir;
  // The replay stops at 0004; the syntax errors after it are reported all the same.
  write_folder(dir, 50, "..RS......s.....S...........s....................S");
  EXPECT_EQ(expect_same_on_any_thread_count(dir), "E0602 E0106 W0301 .");
}

TEST(Threads, AStaleSumAndACleanFolder) {
  TempDir dir;
  write_folder(dir, 40, "");
  std::string out, err;
  ASSERT_EQ(test::run_noormc("hash", out, err, dir.path()), 0) << err;
  EXPECT_EQ(expect_same_on_any_thread_count(dir), ".");  // clean: builds and migrates
  dir.write("migrations/" + id(7) + "_t7.up.sql", "CREATE TABLE t7 (id INTEGER PRIMARY KEY, name TEXT);\n");
  EXPECT_EQ(expect_same_on_any_thread_count(dir), "E0301 .");  // the edited file
}

/// Where no thread can start (each asks for a 1 GiB stack, more than a 600 MB
/// address-space limit allows), the calling thread parses every file itself,
/// and every command prints what it prints on one thread, instead of waiting
/// for workers that do not exist.
TEST(Threads, NoThreadStartsUnderAnAddressSpaceLimit) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizers reserve more address space than the limit";
#endif
  TempDir dir;
  write_folder(dir, 30, "N...R....s....");
  for (const char* command : {"check", "inspect --json", "build"}) {
    SCOPED_TRACE(command);
    Printed one = run_on(dir, command, 1);
    for (int threads : {2, 3}) {
      SCOPED_TRACE(threads);
      Printed limited = run_on(dir, command, threads, "ulimit -v 600000 && timeout 120 ");
      EXPECT_EQ(limited, one) << limited.err;
    }
  }
}

/// The parse diagnostics of a pipelined load land where a whole load puts them.
TEST(Threads, APipelinedLoadJudgesAsAWholeOne) {
  TempDir dir;
  write_folder(dir, 30, ".s..Q.....R...S.......s");
  setenv("NOORMC_THREADS", "2", 1);
  auto judge = [&](syntax::Load mode) {
    Diagnostics diags;
    auto set = syntax::load_migrations(dir.path() + "/migrations", diags, nullptr, mode);
    EXPECT_EQ(set.parsing(), mode == syntax::Load::Pipelined);
    auto result = checks::run_checks(set, {}, diags);
    EXPECT_FALSE(set.parsing());
    std::string all;
    for (const auto& d : diags.items()) all += d.file + ":" + std::to_string(d.line) + " " + d.code + "\n";
    return all;
  };
  std::string whole = judge(syntax::Load::Whole), pipelined = judge(syntax::Load::Pipelined);
  unsetenv("NOORMC_THREADS");
  EXPECT_NE(whole.find("E0106"), std::string::npos) << whole;
  EXPECT_EQ(pipelined, whole);
}

/// A set dropped while its files are being parsed waits for the threads (no
/// thread writes into a freed migration; ASan and TSan builds check it).
TEST(Threads, ASetDroppedWhileParsedIsSafe) {
  TempDir dir;
  write_folder(dir, 200, "");
  setenv("NOORMC_THREADS", "3", 1);
  for (int k = 0; k < 5; ++k) {
    Diagnostics diags;
    auto set = syntax::load_migrations(dir.path() + "/migrations", diags, nullptr, syntax::Load::Pipelined);
    EXPECT_EQ(set.migrations.size(), 200u);
    if (k % 2) (void)set.wait_parsed(k * 10);
  }
  unsetenv("NOORMC_THREADS");
}

}  // namespace
}  // namespace noormc
