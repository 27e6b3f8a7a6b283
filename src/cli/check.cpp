// check, hash, new, sql: see docs/reference/checks.md.
#include "cli/commands.hpp"

namespace noormc::cli {

void add_check_commands(CLI::App&, Options&, std::vector<Command>&) {}

}  // namespace noormc::cli
