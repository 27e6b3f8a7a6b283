// Shared pieces of the command line: options, configuration, diagnostics output.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "checks/checks.hpp"
#include "cli/judgement_cache.hpp"
#include "diag/diagnostics.hpp"
#include "emit/emit.hpp"

namespace noormc::cli {

enum Exit { kOk = 0, kInputError = 1, kUsage = 2, kInternal = 3 };

struct Options {
  std::string migrations = "./migrations";
  std::string out = "./src/db";
  std::optional<std::string> config;
  std::string database = "./app.db";
  std::string driver = "better-sqlite3";  // noormc.json "driver": better-sqlite3 | libsql (the runtime's)
  std::optional<std::string> sync_url;    // noormc.json "syncUrl": a libSQL primary (embedded replicas)
  std::string format = "text";            // diagnostics: text | json
  bool quiet = false;
  bool camel_case = false;
  bool bigint = false;
  bool migrations_set = false, out_set = false;
  std::map<std::string, std::string> relations;
  std::optional<std::string> import_extension;  // noormc.json "importExtension"; else from tsconfig.json  //
                                                // "table.relation" → name (noormc.json "relations")
};

/// Reads noormc.json (given, or ./noormc.json when present) under the options
/// given on the command line. Returns false (with a message) when the file is bad.
bool load_config(Options& o, std::string& error);

/// One judgement of a migrations folder, shared by check, inspect and build:
/// checks::run_checks with `copts`, then (when they pass) the emitter's plan
/// with the options of `o`, whose problems (E08xx: names the generated code
/// cannot hold) are the folder's too, and, for build, the rendered files (in
/// memory: nothing is written).
struct Judgement {
  checks::CheckResult result;
  std::vector<emit::OutputFile> files;  // what build would write; empty on errors and when not rendered
  std::string schema_json;              // model::to_json of the schema, when asked for and the checks passed
  bool ok = false;
};
/// The emitter's options from the command line and noormc.json; diagnostics
/// about a table or column point into `set`.
emit::EmitOptions emit_options(const Options& o, const syntax::MigrationSet& set);

/// How long each stage of a judgement took (milliseconds of the steady clock), in order:
/// what `--timings` prints.
struct Timings {
  std::vector<std::pair<std::string, double>> stages;
  void add(std::string stage, double ms) { stages.emplace_back(std::move(stage), ms); }
  /// "load 2.1 ms, replay 0.4 ms, ..."
  std::string text() const;
};
/// Milliseconds from `t` to now.
double ms_since(std::chrono::steady_clock::time_point t);

/// What `noormc watch` keeps from one judgement of its folder to the next, so
/// that a judgement costs what the change costs: the parsed files (only new
/// and changed files are parsed again) and the replay (it resumes after the
/// last unchanged migration). A judgement made with a session is the
/// judgement made without one, diagnostics included.
struct Session {
  syntax::ParseCache parse;
  checks::ReplayCache replay;
  emit::Session emit;          // renders again only the tables a change touched
  emit::WrittenFiles written;  // what the last build wrote, so that unchanged files are not read again
  Timings timings;             // of the last judgement
};

/// `render`: the emitter that renders the files (build); null plans only (check, inspect).
/// With `session`, the checks reuse what it kept of the last judgement.
/// `json`: also the schema's JSON (Judgement::schema_json), written while the code is planned.
Judgement judge_folder(const Options& o, const syntax::MigrationSet& set, const checks::CheckOptions& copts,
                       Diagnostics& diags, emit::Session* render = nullptr, Session* session = nullptr,
                       bool json = false);

/// Leaves `value` to the process's exit instead of destroying it now: for what
/// a command that then ends the process (check, build, inspect) built. Freeing
/// a 1,000-migration folder's syntax trees and catalog snapshots one object at
/// a time takes milliseconds; the exit returns the memory at once. Not for
/// `noormc watch`, which lives on. Values left must own no running thread.
template <typename T>
void leave_to_exit(T&& value) {
  // Reachable from here until the exit: LeakSanitizer does not count it as a leak.
  static auto* const kept = new std::vector<std::shared_ptr<void>>();  // NOLINT(cppcoreguidelines-owning-memory)
  kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

/// judge_folder through the judgement cache (judgement_cache.hpp): the stored
/// judgement of the folder when one was made from the same bytes and options,
/// else a fresh one, stored for the next command. Its diagnostics (the
/// folder's loading included) are appended to `diags`. `reuse` false judges
/// afresh (build when it must write noormc.sum); `set` then holds the folder.
/// With `render` (build), a stored judgement without files (check's, inspect's)
/// is judged afresh, rendered, and stored in its place. A fresh judgement's
/// catalog and schema are left to the exit (leave_to_exit): for commands that
/// then end the process, not for `noormc watch` (judge_session).
struct Verdict {
  bool exists = false;  // the folder is there (else E0001 is in `diags`)
  bool cached = false;  // read from the cache
  StoredJudgement judgement;
  std::optional<syntax::MigrationSet> set;  // the folder as loaded, when it was judged afresh
};
Verdict judge_cached(const Options& o, const checks::CheckOptions& copts, Diagnostics& diags, bool reuse = true,
                     emit::Session* render = nullptr);

/// The folder judged afresh with what `session` kept of the last judgement
/// (`noormc watch`); the judgement cache on disk is neither read nor written,
/// and the judgement holds no schema_json. Once the verdict's set is no longer
/// needed, give it back: `session.parse.keep(std::move(*verdict.set))`.
Verdict judge_session(const Options& o, const checks::CheckOptions& copts, Diagnostics& diags, Session& session);

/// Prints diagnostics to stderr (text with carets, or one JSON object a line).
void print_diagnostics(Diagnostics& diags, const Options& o);

/// The import extension of generated files: noormc.json's "importExtension",
/// else ".js" when ./tsconfig.json resolves modules as Node does (NodeNext,
/// Node16), else "" (Next.js and other bundlers).
std::string import_extension(const Options& o);

}  // namespace noormc::cli
