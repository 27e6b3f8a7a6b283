// The migrations folder (docs/reference/contract.md#2-the-migrations-folder): discovering, ordering and parsing
// its files. Reading the folder is part of stage 1: its output is parsed
// statements per migration.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"
#include "syntax/ast.hpp"

namespace noormc::syntax {

struct Migration {
  std::string id;      // "0001_create_users"
  std::string prefix;  // "0001"
  std::string name;    // "create_users"
  // Shared with a ParseCache and with the checks' ReplayCache when a long-running process keeps them.
  std::shared_ptr<SourceFile> up;
  std::shared_ptr<SourceFile> down;  // null when there is no down file
  ParsedFile up_parsed;
  ParsedFile down_parsed;
  bool declared_irreversible = false;  // first line: -- noormc:irreversible
};

class Parsing;

struct MigrationSet {
  std::string dir;                    // as the user named it
  std::vector<Migration> migrations;  // in order
  bool exists = false;

  /// Loaded with Load::Pipelined: the files are still being parsed, on other
  /// threads. Call wait_parsed(i) before reading migration i's statements,
  /// and finish_parsing() before reading the diagnostics as a whole.
  /// A set must not be copied while it is being parsed.
  bool parsing() const { return parsing_ != nullptr; }
  /// Blocks until migration `i`'s files are parsed (at once when the set is
  /// not being parsed); what parsing them reported, which finish_parsing()
  /// will add to the diagnostics.
  std::vector<const Diagnostics*> wait_parsed(size_t i) const;
  /// Blocks until every file is parsed, and adds what parsing reported to
  /// `diags` where load_migrations would have added it; returns how many.
  size_t finish_parsing(Diagnostics& diags) const;
  /// Runs `task` on a parsing thread once it has taken every file, or in
  /// finish_parsing(), or now when the set is not being parsed. One task per set.
  void after_parsing(std::function<void()> task) const;

  /// @internal load_migrations' side.
  mutable std::shared_ptr<Parsing> parsing_;  // last: destroyed (the threads joined) before the migrations
  size_t parse_diagnostics_at_ = 0;
};

/// Compares two numeric prefixes by value ("0010" > "0009", "20240101000000" > "0002").
int compare_prefix(const std::string& a, const std::string& b);

class ParseCache;

/// @internal What stat(2) says of a file: device, inode, size, modification and change times.
struct FileStamp {
  bool known = false;
  uint64_t dev = 0, ino = 0;
  int64_t size = 0, mtime_ns = 0, ctime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

/// @internal stat(2) of `path` (not `known` when it cannot be stat'ed).
FileStamp stamp_of(const std::string& path);

/// How load_migrations parses the files it reads (without a cache).
enum class Load {
  Whole,      // on worker_count() threads, all before it returns
  Pipelined,  // on worker_count() - 1 other threads, while the caller goes on (see MigrationSet::parsing)
};

/// Lists, orders, reads and parses the migrations of `dir`. Problems with file
/// names, duplicate prefixes, unreadable files and syntax go to `diags`, in
/// the folder's order whatever the threads. With `cache`, only the files that
/// are not in it with the same path and bytes are parsed, on this thread; the
/// result is the same.
MigrationSet load_migrations(const std::string& dir, Diagnostics& diags, ParseCache* cache = nullptr,
                             Load mode = Load::Whole);

/// Parsed files kept from one load of a folder to the next by a process that
/// loads it again and again (`noormc watch`). A file whose path and bytes are
/// those of a kept file is not parsed again: the load hands out the same
/// SourceFile object (so catalogs and diagnostics that point into it stay
/// valid), its statements, and the diagnostics its parse raised.
class ParseCache {
 public:
  /// Takes the files of `set` (loaded with this cache) back for the next load.
  /// Kept files that `set` does not hold are dropped.
  void keep(MigrationSet&& set);

  /// Of the last load: files parsed, files handed out from the cache, and of
  /// those, how many were taken on the word of `only_changed` (without stat(2)).
  size_t parsed() const { return parsed_; }
  size_t reused() const { return reused_; }
  size_t trusted() const { return trusted_; }

  /// For the next load only: the names of the folder's files that may have
  /// changed since the last load (what inotify(7) reported); every other kept
  /// file is taken as it was, without stat(2). A symbolic link is still looked
  /// at (its target may change without an event in the folder). Without a
  /// call (or with nullopt: polling, an overflowed event queue), every file is
  /// checked by stat(2) and, when that cannot be trusted, read.
  void only_changed(std::optional<std::set<std::string>> names) { changed_ = std::move(names); }
  /// @internal load_migrations' side: true when `name` is known unchanged since the last load.
  bool unchanged(const std::string& name) const { return changed_ && !changed_->count(name); }

  /// @internal load_migrations' side: the file `name` of `dir`, parsed or kept.
  struct File {
    std::shared_ptr<SourceFile> source;
    ParsedFile parsed;
  };
  /// No source (and E0006 in `diags`) when the file cannot be read.
  /// `unchanged`: the file is known to be as it was (see only_changed).
  File take(const std::string& dir, const std::string& name, Diagnostics& diags, bool unchanged = false);
  /// @internal A load of `dir` starts: the counts restart (and a cache of another folder is emptied).
  void begin_load(const std::string& dir);
  /// @internal The folder of the last load.
  const std::string& dir() const { return dir_; }
  /// @internal A load ended: what only_changed said is spent.
  void end_load() { changed_.reset(); }

 private:
  struct Kept {
    File file;                            // empty while lent to a load's set
    const SourceFile* lent = nullptr;     // what the last load handed out
    bool returned = false;                // given back by keep()
    std::vector<Diagnostic> diagnostics;  // what parse_file added
    FileStamp stamp;                      // stat(2) when it was read
    int64_t read_at_ns = 0;               // the wall clock just before it was read
  };
  /// A string hash that also looks up string_views (no key is built for a lookup).
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Kept, NameHash, std::equal_to<>> files_;  // by file name in dir_
  std::string dir_;
  size_t parsed_ = 0, reused_ = 0, trusted_ = 0;
  std::optional<std::set<std::string>> changed_;  // see only_changed
};

/// "migrations/0001_x.up.sql": how diagnostics name a file of `dir`.
std::string display_path(const std::string& dir, const std::string& file);

}  // namespace noormc::syntax
