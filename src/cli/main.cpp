// noormc: SQLite migrations → typed TypeScript. Stage 5, the command line.
#include <iostream>

#include "cli/commands.hpp"
#include "syntax/workers.hpp"

using namespace noormc::cli;

namespace noormc::cli {

void add_common_options(CLI::App* sub, Options& o) {
  sub->add_option_function<std::string>(
      "--migrations",
      [&o](const std::string& v) {
        o.migrations = v;
        o.migrations_set = true;
      },
      "migrations folder (default ./migrations)");
  sub->add_option_function<std::string>(
      "--out",
      [&o](const std::string& v) {
        o.out = v;
        o.out_set = true;
      },
      "output folder (default ./src/db)");
  sub->add_option("--config", o.config, "config file (default ./noormc.json when present)");
  sub->add_option("--format", o.format, "diagnostics format: text or json")->check(CLI::IsMember({"text", "json"}));
  sub->add_flag("--quiet,-q", o.quiet, "print errors only");
}

}  // namespace noormc::cli

static int run(int argc, char** argv) {
  CLI::App app{"noormc: compiles SQLite migrations into typed TypeScript repositories"};
  app.set_version_flag("--version", NOORMC_VERSION);
  app.require_subcommand(1);
  Options o;
  std::vector<Command> commands;
  add_inspect(app, o, commands);
  add_check_commands(app, o, commands);
  add_build_commands(app, o, commands);
  add_migrate_commands(app, o, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  try {
    std::string error;
    if (!load_config(o, error)) {
      std::cerr << "error: " << error << "\n";
      return kUsage;
    }
    for (auto& c : commands) {
      if (c.app->parsed()) return c.run();
    }
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return kInternal;
  }
  return kUsage;
}

#ifdef NOORMC_JEMALLOC
/// jemalloc's options (https://jemalloc.net/jemalloc.3.html, "TUNING"; read once, at the first allocation):
/// back the heap and jemalloc's own metadata with transparent huge pages (madvise(MADV_HUGEPAGE), so also
/// where /sys/kernel/mm/transparent_hugepage/enabled is `madvise`, Debian's default). A compile touches tens
/// of megabytes of new heap; in 4 KiB pages each first touch is a page fault (CMakeLists.txt, "malloc").
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): the name and type are jemalloc's
const char* malloc_conf = "thp:always,metadata_thp:always";
}
#endif

/// The parser and the tree walks recurse once per nesting level of the SQL:
/// the compiler runs on a thread with a 1 GiB stack (syntax::Threads; pages
/// are only touched as needed), so that deep but valid input never overflows it.
int main(int argc, char** argv) {
  int result = kInternal;
  noormc::syntax::Threads compiler(1, [&] { result = run(argc, argv); });
  if (compiler.size() == 0) return run(argc, argv);
  compiler.join();
  return result;
}
