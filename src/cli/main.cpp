// noormc: SQLite migrations → typed TypeScript. Stage 5, the command line.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/common.hpp"
#include "cli/inspect.hpp"

using namespace noormc::cli;

int main(int argc, char** argv) {
  CLI::App app{"noormc: compiles SQLite migrations into typed TypeScript repositories"};
  app.set_version_flag("--version", NOORMC_VERSION);
  app.require_subcommand(1);
  Options o;
  auto common = [&](CLI::App* sub) {
    sub->add_option_function<std::string>(
        "--migrations", [&](const std::string& v) { o.migrations = v; o.migrations_set = true; },
        "migrations folder (default ./migrations)");
    sub->add_option_function<std::string>("--out", [&](const std::string& v) { o.out = v; o.out_set = true; },
                                          "output folder (default ./src/db)");
    sub->add_option("--config", o.config, "config file (default ./noormc.json when present)");
    sub->add_option("--format", o.format, "diagnostics format")->check(CLI::IsMember({"text", "json"}));
    sub->add_flag("--quiet,-q", o.quiet, "print errors only");
  };

  std::optional<std::string> table, db;
  bool json = false;
  auto* inspect = app.add_subcommand("inspect", "print the schema after all migrations (or of --db FILE)");
  common(inspect);
  inspect->add_option("table", table, "one table");
  inspect->add_flag("--json", json, "SPEC section 5's JSON");
  inspect->add_option("--db", db, "read the schema of a live database instead");

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
    if (inspect->parsed()) return run_inspect(o, table, json, db);
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return kInternal;
  }
  return kUsage;
}
