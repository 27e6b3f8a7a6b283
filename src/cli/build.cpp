// build, watch: compile the migrations into TypeScript (SPEC sections 3, 6).
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "checks/checks.hpp"
#include "cli/commands.hpp"
#include "emit/emit.hpp"
#include "emit/write.hpp"
#include "syntax/folder.hpp"

namespace noormc::cli {

namespace fs = std::filesystem;

/// One build: checks, then emit, then write. Nothing is written when there is an error.
static int build_once(const Options& o, bool watching) {
  auto started = std::chrono::steady_clock::now();
  Diagnostics diags;
  auto set = syntax::load_migrations(o.migrations, diags);
  if (!set.exists) {
    print_diagnostics(diags, o);
    return kInputError;
  }
  checks::CheckOptions copts;
  copts.missing_sum_warns = false;
  auto result = checks::run_checks(set, copts, diags);
  if (!result.ok || diags.has_errors()) {
    print_diagnostics(diags, o);
    if (!o.quiet)
      std::cerr << "noormc: build failed; " << (watching ? "keeping the last good output" : "nothing written") << "\n";
    return kInputError;
  }
  emit::EmitOptions eo;
  eo.camel_case = o.camel_case;
  eo.bigint = o.bigint;
  eo.database = o.database;
  eo.relation_names = o.relations;
  eo.import_extension = import_extension(o);
  eo.sources = &set;
  auto files = emit::emit_typescript(result.schema, emit::embedded_migrations(set), eo, diags);
  if (diags.has_errors()) {
    print_diagnostics(diags, o);
    return kInputError;
  }
  if (checks::write_sum_if_missing(set, diags) == checks::SumWrite::Failed) {
    print_diagnostics(diags, o);
    return kInternal;
  }
  emit::WriteReport report;
  if (!emit::write_outputs(o.out, files, report, diags)) {
    print_diagnostics(diags, o);
    return kInternal;
  }
  print_diagnostics(diags, o);
  if (!o.quiet) {
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "noormc: " << set.migrations.size() << " migrations, " << result.schema.tables.size() << " tables → "
              << o.out << ": " << report.written.size() << " written, " << report.unchanged.size() << " unchanged";
    if (!report.removed.empty()) std::cerr << ", " << report.removed.size() << " removed";
    std::cerr << " (" << static_cast<int>(ms) << " ms)\n";
  }
  return kOk;
}

/// What the folder looks like: names, sizes and modification times.
static std::string folder_signature(const std::string& dir) {
  std::string sig;
  std::error_code ec;
  std::vector<std::string> rows;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    auto mtime = fs::last_write_time(e.path(), ec).time_since_epoch().count();
    rows.push_back(e.path().filename().string() + ":" + std::to_string(e.file_size(ec)) + ":" + std::to_string(mtime));
  }
  std::sort(rows.begin(), rows.end());
  for (const auto& r : rows) sig += r + "\n";
  return sig;
}

static int watch(const Options& o, int interval_ms, int max_builds) {
  build_once(o, true);
  // After the first build, which may have written noormc.sum into the folder.
  std::string last = folder_signature(o.migrations);
  int builds = 1;
  if (!o.quiet) std::cerr << "noormc: watching " << o.migrations << " (Ctrl-C to stop)\n";
  while (max_builds <= 0 || builds < max_builds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
    std::string now = folder_signature(o.migrations);
    if (now == last) continue;
    // Let an editor finish writing before building.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    last = folder_signature(o.migrations);
    build_once(o, true);
    ++builds;
  }
  return kOk;
}

void add_build_commands(CLI::App& app, Options& o, std::vector<Command>& out) {
  auto* build = app.add_subcommand("build", "compile the migrations to TypeScript; exit 1 on any error");
  add_common_options(build, o);
  out.push_back({build, [&o] { return build_once(o, false); }});

  auto* w = app.add_subcommand("watch", "build, then rebuild on every change of the migrations folder");
  add_common_options(w, o);
  auto interval = std::make_shared<int>(250);
  auto max_builds = std::make_shared<int>(0);
  w->add_option("--interval", *interval, "milliseconds between looks at the folder (default 250)");
  w->add_option("--max-builds", *max_builds, "stop after this many builds (for scripts and tests)")->group("");
  out.push_back({w, [&o, interval, max_builds] { return watch(o, *interval, *max_builds); }});
}

}  // namespace noormc::cli
