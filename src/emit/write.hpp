// Writing the output folder: deterministic, atomic per file, and files whose
// content did not change are not touched (so Next.js does not reload them).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "syntax/folder.hpp"

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

/// What a long-running process (`noormc watch`) last wrote into its output
/// folder: each file's bytes and what stat(2) said of it just after the
/// rename. A file whose stat is still that one holds those bytes, so it is
/// compared in memory instead of read again; a file changed, replaced or
/// removed by someone else (another inode, size, modification or change time)
/// is read and compared as without it, so a hand edit is overwritten at the
/// next build as a cold build would. An edit that keeps the size within the
/// same file-system clock tick as noormc's own rename is the one it can miss.
class WrittenFiles {
 public:
  /// The bytes at `path` when its stat is the one recorded; else null.
  const std::string* same(const std::string& path) const;
  /// `path` now holds `content` (stat it now).
  void record(const std::string& path, const std::string& content);
  /// `path` held `content` when its stat was `stamp`.
  void record(const std::string& path, const std::string& content, const syntax::FileStamp& stamp);
  void forget(const std::string& path) { files_.erase(path); }

 private:
  struct Kept {
    std::string content;
    syntax::FileStamp stamp;
  };
  std::map<std::string, Kept> files_;  // by path on disk
};

/// Writes `files` into `dir` (created when missing). Each changed file is
/// written to a temporary file in the same folder and renamed over the old
/// one. Returns false (with a diagnostic) on an I/O error. With `written`,
/// files that are unchanged since it recorded them are not read.
bool write_outputs(const std::string& dir, const std::vector<OutputFile>& files, WriteReport& report,
                   Diagnostics& diags, WrittenFiles* written = nullptr);

}  // namespace noormc::emit
