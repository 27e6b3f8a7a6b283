// Benchmark (not a test): the parsing share of a cold command, alone. Reads
// and parses every migration of a folder (syntax::load_migrations: read, lex,
// parse, SQLite's verdict per statement, tree → AST) several times and prints
// the CPU time (user + sys, getrusage) of the fastest run, with the number of
// statements and diagnostics, so two builds can be compared on the same folder.
// The first run is what one cold command pays (ANTLR's DFA caches start empty).
//
//   cmake --build build --target noormc_parse_bench
//   python3 bench/gen_migrations.py m --tables 300 --migrations 1000
//   ./build/noormc_parse_bench m [RUNS]
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "syntax/folder.hpp"

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MIGRATIONS_DIR [RUNS]\n", argv[0]);
    return 2;
  }
  int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  double best = 1e9, first = 0;
  size_t statements = 0, diagnostics = 0, files = 0;
  for (int r = 0; r < runs; ++r) {
    noormc::Diagnostics diags;
    double t0 = cpu_seconds();
    auto set = noormc::syntax::load_migrations(argv[1], diags);
    double t = cpu_seconds() - t0;
    best = std::min(best, t);
    if (r == 0) first = t;  // a command's cost: ANTLR's prediction caches start empty
    statements = diagnostics = files = 0;
    for (const auto& m : set.migrations) {
      files += 1 + (m.down ? 1 : 0);
      statements += m.up_parsed.statements.size() + m.down_parsed.statements.size();
    }
    diagnostics = diags.items().size();
  }
  std::printf("files %zu, statements %zu, diagnostics %zu: parse CPU first run %.0f ms, best of %d %.0f ms\n", files,
              statements, diagnostics, first * 1000, runs, best * 1000);
  return 0;
}
