// noormc.sum (docs/reference/contract.md#2-the-migrations-folder): a hash per migration file and one over all,
// like Atlas's atlas.sum. See docs/reference/checks.md, "noormc.sum".
//
//   h1:<base64 SHA-256 of every line below, each with its '\n'>
//   0001_create_users.up.sql h1:<base64 SHA-256>
//   0001_create_users.down.sql h1:<...>
//
// Files are listed in migration order, each up before its down. Line i's hash
// is SHA-256(hash text of line i-1 (empty for the first), file name, '\n',
// file bytes with CRLF read as LF). The chain makes every line depend on the
// ones before it, so two branches that each add a migration both change the
// end of the file and the first line: git reports a conflict, and a sum whose
// lines were merged by hand no longer verifies.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "diag/diagnostics.hpp"
#include "syntax/folder.hpp"

namespace noormc::checks {

/// One migration file as the sum covers it.
struct HashedFile {
  std::string name;  // the file name, e.g. "0001_create_users.up.sql"
  const SourceFile* file = nullptr;
};

/// One line of a parsed noormc.sum.
struct SumEntry {
  std::string name;
  std::string hash;            // "h1:..." as written
  size_t offset = 0, end = 0;  // the line's bytes in the sum file
};

struct SumFile {
  std::string total;  // the first line's "h1:..."
  std::vector<SumEntry> entries;
  bool conflict = false;  // git conflict markers (or a second h1: line) were found
};

/// The path of `dir`'s sum file.
std::string sum_path(const std::string& dir);

/// The files a sum covers: every up and down file of `set`, in order, up first.
std::vector<HashedFile> sum_files(const syntax::MigrationSet& set);

/// The hash text ("h1:...") of `file` chained after `previous` ("" for the first line).
std::string chain_hash(const std::string& previous, const HashedFile& file);
std::string chain_hash(const std::string& previous, const std::string& name, const std::string& text);

/// The whole text of a sum over `files`.
std::string compute_sum(const std::vector<HashedFile>& files);

/// The sum text when `added` are appended to `old`'s lines, chained after its last line.
std::string append_to_sum(const SumFile& old, const std::vector<HashedFile>& added);

/// Parses a sum's text; malformed lines and conflict markers go to `diags` (E0304).
SumFile parse_sum(const SourceFile& text, Diagnostics& diags);

/// The line hashes of earlier verifications, for a process that verifies the
/// same folder again and again (`noormc watch`): a line whose previous hash,
/// file name and bytes were hashed before is not hashed again, and a sum whose
/// text was verified before has its total checked once. It holds one entry per
/// file the last verification hashed (each a copy of the file's bytes): what
/// an edit or a removal made stale is dropped at the end of the next one.
///
/// It also keeps the last verification's verdict: when the sum's text is the
/// same and the folder's files are the same objects (a ParseCache hands out
/// the same SourceFile for an unchanged file) up to the last recorded one,
/// followed only by files the sum does not name, the verdict is the last one's
/// with a W0302 for each of those files: appending a migration hashes nothing.
class HashMemo {
 public:
  std::string chain_hash(const std::string& previous, const HashedFile& file);
  /// True when `lines`' total is `total` (remembered for the last sum text verified).
  bool total_matches(const std::string& sum_text, const std::string& lines, const std::string& total);
  /// A verification ended: the lines it did not ask about are dropped.
  void sweep();
  size_t size() const { return lines_.size(); }

  /// @internal verify_sum's side. A verification's verdict: the diagnostics before and after the
  /// W0302 of the unrecorded files from `tail_from` on, which only name files the sum does not.
  struct Verdict {
    std::string sum_text;
    std::vector<std::shared_ptr<SourceFile>> files;  // sum_files order; kept alive, so no address is reused
    size_t tail_from = 0;
    std::vector<Diagnostic> before, after;
    std::set<std::string> recorded;  // the names the sum's lines hold
  };
  std::optional<Verdict> verdict;

 private:
  struct Line {
    std::string previous, text, hash;
    bool used = false;
  };
  std::unordered_map<std::string, Line> lines_;  // by file name
  std::string sum_text_;                         // the last sum whose total was checked
  bool total_ok_ = false;
};

/// Checks `set` against its noormc.sum: E0301-E0306 (a recorded file edited or
/// removed, a file added out of order, a malformed or merged sum), W0302 (a
/// new file not hashed yet: not in the sum after the last recorded one, or
/// recorded as the skeleton `noormc new` wrote and edited since), W0301 when
/// there is no sum and `missing_warns`. Never writes.
void verify_sum(const syntax::MigrationSet& set, Diagnostics& diags, bool missing_warns = true,
                HashMemo* memo = nullptr);

enum class SumWrite { Unchanged, Written, Failed };

/// `noormc hash`: rewrites noormc.sum over the folder as it is now. Failed
/// (with E0701) when it cannot be written.
SumWrite write_sum(const syntax::MigrationSet& set, Diagnostics& diags);

/// For `build`: writes noormc.sum when the folder has none; otherwise leaves it.
SumWrite write_sum_if_missing(const syntax::MigrationSet& set, Diagnostics& diags);

/// For `new`: adds `names` (files of `set`) to the sum, chained after its last
/// line, so that a sum that was stale stays stale. Writes a whole sum when
/// there is none. Failed when the sum cannot be parsed (E0304) or written (E0701).
SumWrite add_to_sum(const syntax::MigrationSet& set, const std::vector<std::string>& names, Diagnostics& diags);

}  // namespace noormc::checks
