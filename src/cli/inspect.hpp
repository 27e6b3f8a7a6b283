#pragma once

#include <optional>
#include <string>

#include "cli/common.hpp"
#include "model/schema.hpp"

namespace noormc::cli {

/// The model from the migrations folder, or from a live database with `db`.
std::optional<model::Schema> load_schema(const Options& o, const std::optional<std::string>& db, Diagnostics& diags,
                                         int& exit_code);

int run_inspect(const Options& o, const std::optional<std::string>& table, bool json,
                const std::optional<std::string>& db);

}  // namespace noormc::cli
