// `noormc new NAME [--empty]`: the next-numbered up/down pair.
#pragma once

#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "syntax/folder.hpp"

namespace noormc::checks {

/// True when NAME is a valid migration name: [a-z0-9_]+.
bool valid_migration_name(const std::string& name);

/// The prefix after the folder's last: a 14-digit UTC timestamp (`now`) when
/// the folder uses timestamps (later than the last one, by one second if the
/// clock says otherwise), else the last number plus one, zero-padded to at
/// least 4 digits ("0001" for an empty folder).
std::string next_prefix(const syntax::MigrationSet& set, std::time_t now);

/// What the two new files hold.
struct MigrationContent {
  std::string up, down;
};

/// What to write for a migration id ("0003_add_bio"), known once the prefix is.
using ContentFor = std::function<MigrationContent(const std::string& id)>;

/// The comment skeleton `noormc new` writes; empty files with `empty`.
MigrationContent skeleton(const std::string& id, bool empty);
// Hook for `noormc new NAME --auth` (to come): pass create_migration() a
// ContentFor that returns the Auth.js tables (up) and their drops (down).

struct Created {
  std::string id;                  // "0003_add_bio"
  std::vector<std::string> files;  // the paths written
  bool ok = false;
  bool io_error = false;  // when !ok: a file could not be written (else noormc.sum is unreadable)
};

/// Writes `<prefix>_<name>.up.sql` and `.down.sql` in `dir` (created when
/// missing) with `content`, then records both in noormc.sum (add_to_sum).
/// I/O problems are E0701; a noormc.sum that cannot be parsed stops it before
/// anything is written (E0304).
Created create_migration(const std::string& dir, const std::string& name, const ContentFor& content, std::time_t now,
                         Diagnostics& diags);

}  // namespace noormc::checks
