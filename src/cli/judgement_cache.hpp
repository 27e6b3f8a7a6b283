// The judgement of a migrations folder kept on disk (docs/reference/commands.md,
// "One judgement, cached"): check, build and inspect --json read it instead of
// parsing and replaying a folder whose every byte, and every option the
// judgement depends on, is the same as when it was made. A judgement read back
// is the one that was made, so each command prints the same diagnostics with
// or without it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "emit/write.hpp"

namespace noormc::cli {

struct Options;

/// What a judgement left: everything the commands print or write.
struct StoredJudgement {
  std::vector<Diagnostic> diagnostics;  // all of them, load_migrations' included
  bool ok = false;
  size_t migrations = 0;                // migrations in the folder (check's summary line)
  size_t tables = 0;                    // tables of the schema (build's summary line)
  std::string schema_json;              // what `inspect --json` prints; empty unless ok
  std::vector<emit::OutputFile> files;  // what build writes; empty unless ok
};

/// Where judgements are kept: $NOORMC_CACHE_DIR, else $XDG_CACHE_HOME/noormc,
/// else $HOME/.cache/noormc; nullopt when NOORMC_CACHE=off or no place is known.
std::optional<std::string> cache_dir();

/// The SHA-256 (hex) of what the judgement depends on: this binary (version,
/// size, modification time), the options that change the judgement (`salt`:
/// the check options, the emit options), the folder's name as given, and the
/// name and bytes of every regular file in it. nullopt when the folder cannot be read.
std::optional<std::string> judgement_key(const std::string& dir, const std::string& salt);

/// The judgement stored under `key`, if any and whole.
std::optional<StoredJudgement> load_judgement(const std::string& cache, const std::string& key);

/// Stores `j` under `key` (a directory renamed into place, so a reader sees all
/// of it or none), keeping the newest kMaxEntries judgements. Failures are ignored:
/// the cache only saves time.
void store_judgement(const std::string& cache, const std::string& key, const StoredJudgement& j);

inline constexpr size_t kMaxEntries = 8;

}  // namespace noormc::cli
