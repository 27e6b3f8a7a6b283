// Writing the output folder: deterministic, atomic per file, and files whose
// content did not change are not touched (so Next.js does not reload them).
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostics.hpp"

namespace noormc::emit {

struct OutputFile {
  std::string name;  // relative to the output folder
  std::string content;
};

struct WriteReport {
  std::vector<std::string> written;  // changed or new
  std::vector<std::string> unchanged;
  std::vector<std::string> removed;  // generated earlier, no longer emitted
};

/// Writes `files` into `dir` (created when missing). Each changed file is
/// written to a temporary file in the same folder and renamed over the old
/// one. Returns false (with a diagnostic) on an I/O error.
bool write_outputs(const std::string& dir, const std::vector<OutputFile>& files, WriteReport& report,
                   Diagnostics& diags);

}  // namespace noormc::emit
