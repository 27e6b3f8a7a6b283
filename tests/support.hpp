// Helpers shared by the test suites.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "model/schema.hpp"

struct sqlite3;

namespace noormc::test {

/// A temporary migrations folder, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// Writes `name` (relative) with `text`.
  void write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

/// Every migrations folder the differential test runs over.
std::vector<std::string> migration_folders();

/// Runs the up files of `dir` (in order) in a fresh in-memory SQLite with
/// double-quoted strings disabled, as better-sqlite3 does, and reads the model
/// through the PRAGMAs. `error` is set when SQLite refuses a file.
/// An in-memory SQLite database with double-quoted strings disabled in DDL and
/// DML, as better-sqlite3 opens one (SQLITE_DBCONFIG_DQS_DDL/DML). Close it with sqlite3_close.
sqlite3* open_memory_db();

model::Schema sqlite_schema(const std::string& dir, std::string& error, size_t upto = SIZE_MAX);

/// The model noormc replays from `dir`.
model::Schema noormc_schema(const std::string& dir, Diagnostics& diags, size_t upto = SIZE_MAX);

/// The differential check: noormc's model after the first `k` up migrations of
/// `dir` equals SQLite's PRAGMA view after running them, and neither side
/// refused a migration.
::testing::AssertionResult replays_like_sqlite(const std::string& dir, size_t k);

/// Runs the noormc binary with `args` in `cwd`, `prefix` before it on the shell line (`ulimit -v N && `,
/// `timeout S `); returns the exit code, fills stdout/stderr.
int run_noormc(const std::string& args, std::string& out, std::string& err, const std::string& cwd = "",
               const std::string& prefix = "");

std::string source_dir();

/// A file's bytes ("" when it cannot be read).
std::string read(const std::filesystem::path& p);

}  // namespace noormc::test
