// Each command registers itself on the CLI11 app and says how to run.
// main.cpp only parses and dispatches; one file per command group.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/common.hpp"

namespace noormc::cli {

/// A registered command: its subcommand and what to run when it was given.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

/// Adds --migrations, --out, --config, --format and --quiet to a subcommand.
void add_common_options(CLI::App* sub, Options& o);

void add_inspect(CLI::App& app, Options& o, std::vector<Command>& out);
// Commands of src/cli/check.cpp (check, hash, new, sql).
void add_check_commands(CLI::App& app, Options& o, std::vector<Command>& out);
// Commands of src/cli/build.cpp (build, watch).
void add_build_commands(CLI::App& app, Options& o, std::vector<Command>& out);
// Commands of src/cli/migrate.cpp (migrate, status, pull).
void add_migrate_commands(CLI::App& app, Options& o, std::vector<Command>& out);
/// `noormc migrate [--db FILE] [--to N]` (src/cli/migrate.cpp): checks, then applies; an exit code.
int migrate_database(const Options& o, const std::optional<std::string>& db, const std::optional<std::string>& to);

}  // namespace noormc::cli
