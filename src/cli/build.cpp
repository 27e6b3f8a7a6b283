// build, watch: compile the migrations into TypeScript
// (docs/reference/contract.md#3-commands, #6-the-generated-typescript).
#include <malloc.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <thread>

#include "checks/checks.hpp"
#include "cli/commands.hpp"
#include "emit/emit.hpp"
#include "emit/write.hpp"
#include "syntax/folder.hpp"

namespace noormc::cli {

namespace fs = std::filesystem;

/// What a build writes once its folder is judged: noormc.sum when the folder
/// has none, then the TypeScript. Prints the diagnostics and the summary line.
static int write_build(const Options& o, const Verdict& verdict, Diagnostics& diags, Session* watching,
                       std::chrono::steady_clock::time_point started) {
  const StoredJudgement& j = verdict.judgement;
  if (!verdict.exists || !j.ok) {
    print_diagnostics(diags, o);
    if (verdict.exists && !o.quiet)
      std::cerr << "noormc: build failed; " << (watching ? "keeping the last good output" : "nothing written") << "\n";
    return kInputError;
  }
  if (verdict.set && checks::write_sum_if_missing(*verdict.set, diags) == checks::SumWrite::Failed) {
    print_diagnostics(diags, o);
    return kInternal;
  }
  emit::WriteReport report;
  if (!emit::write_outputs(o.out, j.files, report, diags, watching ? &watching->written : nullptr)) {
    print_diagnostics(diags, o);
    return kInternal;
  }
  print_diagnostics(diags, o);
  if (!o.quiet) {
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "noormc: " << j.migrations << " migrations, " << j.tables << " tables → " << o.out << ": "
              << report.written.size() << " written, " << report.unchanged.size() << " unchanged";
    if (!report.removed.empty()) std::cerr << ", " << report.removed.size() << " removed";
    std::cerr << " (" << static_cast<int>(ms) << " ms)\n";
  }
  return kOk;
}

/// One build: the folder's judgement (checks, then emit in memory; the stored
/// one when nothing changed; with `session`, what it kept of the last build),
/// then write. Nothing is written when there is an error. `timings` prints how
/// long each stage took.
static int build_once(const Options& o, Session* session, bool timings) {
  auto started = std::chrono::steady_clock::now();
  Diagnostics diags;
  checks::CheckOptions copts;
  copts.missing_sum_warns = false;
  Timings own;
  Timings& took = session ? session->timings : own;
  Verdict verdict;
  if (session) {
    verdict = judge_session(o, copts, diags, *session);
  } else {
    // A first build records noormc.sum: that needs the folder as loaded, so it is judged afresh.
    bool has_sum = fs::exists(fs::path(o.migrations) / "noormc.sum");
    emit::Session once;  // renders this build's files
    verdict = judge_cached(o, copts, diags, has_sum, &once);
    own.add(verdict.cached ? "judgement (cached)" : "judgement", ms_since(started));
  }
  auto written = std::chrono::steady_clock::now();
  int code = write_build(o, verdict, diags, session, started);
  took.add("write", ms_since(written));
  if (session && verdict.set) session->parse.keep(std::move(*verdict.set));
  if (!session) leave_to_exit(std::move(verdict));
  if (timings) std::cerr << "noormc: " << took.text() << "\n";
  return code;
}

/// A folder signature without noormc.sum's line.
static std::string without_sum(const std::string& sig) {
  std::string out;
  size_t at = 0;
  while (at < sig.size()) {
    size_t end = sig.find('\n', at);
    if (end == std::string::npos) end = sig.size();
    if (sig.compare(at, 11, "noormc.sum:") != 0 && sig.compare(at, 15, "noormc.sum.tmp:") != 0) {
      out.append(sig, at, end + 1 - at);
    }
    at = end + 1;
  }
  return out;
}

/// What the folder looks like: names, sizes and modification times (the polling fallback).
static std::string folder_signature(const std::string& dir) {
  std::string sig;
  std::error_code ec;
  std::vector<std::string> rows;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    auto mtime = fs::last_write_time(e.path(), ec).time_since_epoch().count();
    rows.push_back(e.path().filename().string() + ":" + std::to_string(e.file_size(ec)) + ":" + std::to_string(mtime));
  }
  std::sort(rows.begin(), rows.end());
  for (const auto& r : rows) sig += r + "\n";
  return sig;
}

namespace {

/// Waits for a change of the migrations folder: inotify(7) on Linux, which
/// wakes at once when a file is written, renamed or removed; polling the
/// folder's names, sizes and times every `interval_ms` where inotify is
/// unavailable (another OS, a file system without it, the watch limit reached).
/// With inotify it also tells which names changed (changes()), so that the
/// next load looks only at those.
class FolderWatch {
 public:
  FolderWatch(std::string dir, int interval_ms) : dir_(std::move(dir)), interval_ms_(interval_ms) {
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ >= 0 && inotify_add_watch(fd_, dir_.c_str(), kEvents) < 0) {
      close(fd_);
      fd_ = -1;
    }
    last_ = folder_signature(dir_);
  }
  ~FolderWatch() {
    if (fd_ >= 0) close(fd_);
  }
  FolderWatch(const FolderWatch&) = delete;
  FolderWatch& operator=(const FolderWatch&) = delete;

  bool notified() const { return fd_ >= 0; }

  /// Blocks until the folder changed.
  void wait() {
    if (changed_) {  // a change arrived while the first build ran
      changed_ = false;
      if (fd_ >= 0) settled();
      writing_.clear();
      return;
    }
    if (fd_ < 0) return poll_folder();
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, -1) > 0 && drain() && settled()) {
        writing_.clear();
        return;
      }
    }
  }
  /// After the first build, which may write noormc.sum: that write is no change to answer;
  /// any other file written meanwhile (while the build ran or the database migrated) is.
  void rebase() {
    if (fd_ >= 0) {
      changed_ = drain(true);
    } else {
      std::string now = folder_signature(dir_);
      changed_ = without_sum(now) != without_sum(last_);
      last_ = now;
    }
  }
  /// The names of the folder's files that changed since the last call (or since
  /// the watch began); nullopt when that is unknown (polling; the event queue
  /// overflowed; the folder itself was moved or removed): then every file must be looked at.
  std::optional<std::set<std::string>> changes() {
    if (fd_ >= 0) drain();
    std::optional<std::set<std::string>> out;
    if (fd_ >= 0 && !lost_) out = std::move(names_);
    names_.clear();
    lost_ = false;
    return out;
  }

 private:
  static constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                      IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF;

  /// Reads the pending events; true when there was one (`but_sum`: one about another file than noormc.sum).
  bool drain(bool but_sum = false) {
    alignas(inotify_event) char buf[8192];
    bool any = false;
    for (;;) {
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return any;
      for (ssize_t at = 0; at < n;) {
        const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
        std::string name = e->len ? std::string(e->name) : "";
        if (name.empty()) lost_ = true;  // IN_Q_OVERFLOW, or about the folder itself (IN_DELETE_SELF, IN_IGNORED)
        follow(name, e->mask);
        names_.insert(name);
        any = any || !but_sum || (name != "noormc.sum" && name != "noormc.sum.tmp");  // checks/sum.cpp's rename
        at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      }
    }
  }
  /// Whether a name read by the load (a migration, noormc.sum) is being written: opened for writing
  /// (IN_CREATE, IN_MODIFY) and not closed yet (IN_CLOSE_WRITE), or gone (IN_DELETE, IN_MOVED_FROM), which
  /// an editor's save or a git checkout may follow with a new file of that name. A file renamed into place
  /// (IN_MOVED_TO) is whole. Other names (swap and backup files, noormc.sum.tmp) and attribute changes alone
  /// say nothing. See inotify(7).
  void follow(const std::string& name, uint32_t mask) {
    bool read = name.empty() || name == "noormc.sum" || (name.size() > 4 && name.ends_with(".sql"));
    if (!read) return;
    if (mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
      writing_.erase(name);
    } else if (mask & (IN_CREATE | IN_MODIFY | IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | IN_MOVE_SELF |
                       IN_Q_OVERFLOW | IN_IGNORED)) {
      writing_.insert(name);
    }
  }
  /// Editors write a file in several steps. When every file the events name was closed by its writer
  /// or renamed into place, and no event is queued, the change is whole: no wait. Otherwise (a file
  /// still open for writing, removed, or renamed away) wait until 5 ms pass without another event.
  bool settled() {
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (writing_.empty() && ::poll(&p, 1, 0) <= 0) return true;
      if (!writing_.empty() && ::poll(&p, 1, 5) <= 0) return true;
      drain();
    }
  }
  void poll_folder() {
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms_));
      std::string now = folder_signature(dir_);
      if (now == last_) continue;
      // Let an editor finish writing before building.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      last_ = folder_signature(dir_);
      return;
    }
  }

  std::string dir_;
  int interval_ms_;
  int fd_ = -1;
  bool changed_ = false;
  std::string last_;
  std::set<std::string> names_;    // changed since the last changes()
  bool lost_ = false;              // some change's name is unknown
  std::set<std::string> writing_;  // read by the load and not whole yet (see follow())
};

/// After a good build, the development database follows the migrations
/// (`noormc migrate` on noormc.json's database), as `prisma migrate dev` does;
/// never when NODE_ENV=production.
void migrate_after_build(const Options& o) {
  const char* env = std::getenv("NODE_ENV");
  if (env && std::string(env) == "production") {
    if (!o.quiet) std::cerr << "noormc: NODE_ENV=production: " << o.database << " is not migrated by watch\n";
    return;
  }
  if (migrate_database(o, std::nullopt, std::nullopt) != kOk) {
    std::cerr << "noormc: " << o.database
              << " was not migrated (see above); the app's generated code expects it, so the app reports it as "
                 "pending (SchemaMismatchError) until it applies: fix the migration (or the data) and save it again\n";
  }
}

}  // namespace

static int watch(const Options& o, int interval_ms, int max_builds, bool migrate, bool timings) {
  // Each answer allocates and frees the same few megabytes (the rendered files, the plan): glibc would
  // give them back to the kernel and fault them in again every time; a long-running process keeps them.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  Session session;
  // Watching before the first build, so that a save during it is not missed;
  // what the first build itself wrote (noormc.sum) is no change to answer.
  // Rebased before migrating: a save while the database migrates is a change.
  FolderWatch folder(o.migrations, interval_ms);
  bool built = build_once(o, &session, timings) == kOk;
  folder.rebase();
  if (built && migrate) migrate_after_build(o);
  int builds = 1;
  if (!o.quiet) {
    std::cerr << "noormc: watching " << o.migrations << (folder.notified() ? "" : " (polling)")
              << (migrate ? ", migrating " + o.database : "") << " (Ctrl-C to stop)\n";
  }
  while (max_builds <= 0 || builds < max_builds) {
    folder.wait();
    session.parse.only_changed(folder.changes());
    if (build_once(o, &session, timings) == kOk && migrate) migrate_after_build(o);
    ++builds;
  }
  return kOk;
}

void add_build_commands(CLI::App& app, Options& o, std::vector<Command>& out) {
  auto* build = app.add_subcommand("build", "compile the migrations to TypeScript; exit 1 on any error");
  add_common_options(build, o);
  auto build_timings = std::make_shared<bool>(false);
  build->add_flag("--timings", *build_timings, "print how long each stage took");
  out.push_back({build, [&o, build_timings] { return build_once(o, nullptr, *build_timings); }});

  auto* w = app.add_subcommand("watch", "build, then rebuild on every change of the migrations folder");
  add_common_options(w, o);
  auto interval = std::make_shared<int>(250);
  auto max_builds = std::make_shared<int>(0);
  auto no_migrate = std::make_shared<bool>(false);
  w->add_option("--interval", *interval, "where inotify is unavailable: milliseconds between looks (default 250)");
  w->add_flag("--no-migrate", *no_migrate, "do not migrate the development database after each good build");
  auto timings = std::make_shared<bool>(false);
  w->add_flag("--timings", *timings, "print how long each stage of each build took");
  w->add_option("--max-builds", *max_builds, "stop after this many builds (for scripts and tests)")->group("");
  out.push_back({w, [&o, interval, max_builds, no_migrate, timings] {
                   return watch(o, *interval, *max_builds, !*no_migrate, *timings);
                 }});
}

}  // namespace noormc::cli
