// Helpers shared by tests/checks_*.cpp.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "checks/checks.hpp"
#include "support.hpp"
#include "syntax/folder.hpp"

namespace noormc::test {

/// fixtures/checks/NAME/migrations.
inline std::string checks_fixture(const std::string& name) {
  return source_dir() + "/fixtures/checks/" + name + "/migrations";
}

/// Loads `dir` and runs every check, as `noormc check [--strict]` does.
inline Diagnostics check_dir(const std::string& dir, bool strict = false) {
  Diagnostics diags;
  auto set = syntax::load_migrations(dir, diags);
  checks::CheckOptions o;
  o.strict = strict;
  checks::run_checks(set, o, diags);
  diags.sort();
  return diags;
}

inline std::string base_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

/// The diagnostics of `diags` with `code`.
inline std::vector<Diagnostic> with_code(const Diagnostics& diags, const std::string& code) {
  std::vector<Diagnostic> out;
  for (const auto& d : diags.items()) {
    if (d.code == code) out.push_back(d);
  }
  return out;
}

/// Every diagnostic as text, for failure messages.
inline std::string dump(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += render_text(d);
  return out;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Copies the files of `from` into `to` (flat).
inline void copy_files(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  fs::create_directories(to);
  for (const auto& e : fs::directory_iterator(from)) {
    fs::copy_file(e.path(), fs::path(to) / e.path().filename(), fs::copy_options::overwrite_existing);
  }
}

}  // namespace noormc::test
