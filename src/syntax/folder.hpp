// The migrations folder (docs/reference/contract.md#2-the-migrations-folder): discovering, ordering and parsing
// its files. Reading the folder is part of stage 1: its output is parsed
// statements per migration.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
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

struct MigrationSet {
  std::string dir;                    // as the user named it
  std::vector<Migration> migrations;  // in order
  bool exists = false;
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

/// Lists, orders, reads and parses the migrations of `dir`. Problems with file
/// names, duplicate prefixes, unreadable files and syntax go to `diags`. With
/// `cache`, only the files that are not in it with the same path and bytes are
/// parsed; the result is the same.
MigrationSet load_migrations(const std::string& dir, Diagnostics& diags, ParseCache* cache = nullptr);

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

  /// Of the last load: files parsed, and files handed out from the cache.
  size_t parsed() const { return parsed_; }
  size_t reused() const { return reused_; }

  /// @internal load_migrations' side: the file `path` with `text`, parsed or kept.
  struct File {
    std::shared_ptr<SourceFile> source;
    ParsedFile parsed;
  };
  /// No source (and E0006 in `diags`) when the file cannot be read.
  File take(const std::string& disk, const std::string& path, Diagnostics& diags);
  /// @internal A load starts: the counts restart.
  void begin_load();

 private:
  struct Kept {
    File file;
    std::vector<Diagnostic> diagnostics;  // what parse_file added
    FileStamp stamp;                      // stat(2) when it was read
    int64_t read_at_ns = 0;               // the wall clock just before it was read
  };
  std::map<std::string, Kept> files_;       // by path as shown
  std::map<const SourceFile*, Kept> lent_;  // the files handed out (without `file`)
  size_t parsed_ = 0, reused_ = 0;
};

/// "migrations/0001_x.up.sql": how diagnostics name a file of `dir`.
std::string display_path(const std::string& dir, const std::string& file);

}  // namespace noormc::syntax
