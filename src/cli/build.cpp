// build, watch: see docs/reference/generated-code.md.
#include "cli/commands.hpp"

namespace noormc::cli {

void add_build_commands(CLI::App&, Options&, std::vector<Command>&) {}

}  // namespace noormc::cli
