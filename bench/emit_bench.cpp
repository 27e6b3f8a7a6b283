// Benchmark (not a test): the emitter alone on a migrations folder (by default
// the one bench/gen_migrations.py makes: 300 tables over 1,000 migrations).
// The folder is parsed and checked once; then, each several times, the
// minimum CPU time (user+sys, getrusage) of:
//   plan      plan_typescript: names, types, relations, every E08xx (what check and inspect run)
//   emit      emit_typescript: plan and render every file (what build does cold; the
//             first call of the process is shown apart: it parses the templates)
//   session   a Session that rendered the folder before renders it again after one
//             table changed (what watch does after a save): plan, then render
//
//   cmake --build build --target noormc_emit_bench && ./build/noormc_emit_bench DIR [RUNS]
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>

#include "checks/checks.hpp"
#include "emit/emit.hpp"
#include "syntax/folder.hpp"

using namespace noormc;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// The minimum CPU milliseconds of `runs` calls of `fn`.
double min_ms(int runs, const std::function<void()>& fn) {
  double best = 1e30;
  for (int i = 0; i < runs; ++i) {
    double a = cpu_seconds();
    fn();
    best = std::min(best, (cpu_seconds() - a) * 1000);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: noormc_emit_bench MIGRATIONS_DIR [RUNS]\n";
    return 2;
  }
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  Diagnostics diags;
  auto set = syntax::load_migrations(argv[1], diags);
  auto result = checks::run_checks(set, checks::CheckOptions{}, diags);
  if (!result.ok) {
    std::cerr << "the folder does not pass check\n";
    return 1;
  }
  emit::EmitOptions options;
  options.sources = &set;
  auto migrations = emit::embedded_migrations(set);
  size_t bytes = 0;
  // The first render of the process, as a command's (no template parsed yet, no length known), then the rest.
  double first_ms = min_ms(1, [&] {
    Diagnostics d;
    emit::emit_typescript(result.schema, migrations, options, d);
  });
  double emit_ms = min_ms(runs, [&] {
    Diagnostics d;
    auto files = emit::emit_typescript(result.schema, migrations, options, d);
    bytes = 0;
    for (const auto& f : files) bytes += f.content.size();
  });
  double plan_ms = min_ms(runs, [&] {
    Diagnostics d;
    auto plan = emit::plan_typescript(result.schema, options, d);
  });
  // The session: the schema alternates between two versions, the second with
  // one more column in the middle table, so every render has one table to redo.
  model::Schema changed = result.schema;
  auto& middle = changed.tables[changed.tables.size() / 2];
  model::Column extra;
  extra.name = "bench_added";
  extra.type = "TEXT";
  middle.columns.push_back(extra);
  emit::Session session;
  Diagnostics warm_up;
  session.render(result.schema, migrations, options, warm_up);
  int turn = 0;
  double session_ms = min_ms(runs, [&] {
    Diagnostics d;
    session.render(++turn % 2 ? changed : result.schema, migrations, options, d);
  });
  auto stats = session.last();
  std::printf("%zu tables, %zu bytes of TypeScript\n", result.schema.tables.size(), bytes);
  std::printf("plan:                   %6.1f ms CPU\n", plan_ms);
  std::printf("emit, first in process: %6.1f ms CPU\n", first_ms);
  std::printf("emit (plan + render):   %6.1f ms CPU\n", emit_ms);
  std::printf("session, one table new: %6.1f ms CPU (%zu rendered, %zu kept)\n", session_ms, stats.rendered,
              stats.reused);
  return 0;
}
