// build, watch: compile the migrations into TypeScript
// (docs/reference/contract.md#3-commands, #6-the-generated-typescript).
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "checks/checks.hpp"
#include "cli/commands.hpp"
#include "emit/emit.hpp"
#include "emit/write.hpp"
#include "syntax/folder.hpp"

namespace noormc::cli {

namespace fs = std::filesystem;

/// One build: checks, then emit, then write. Nothing is written when there is an error.
static int build_once(const Options& o, bool watching) {
  auto started = std::chrono::steady_clock::now();
  Diagnostics diags;
  auto set = syntax::load_migrations(o.migrations, diags);
  if (!set.exists) {
    print_diagnostics(diags, o);
    return kInputError;
  }
  checks::CheckOptions copts;
  copts.missing_sum_warns = false;
  auto result = checks::run_checks(set, copts, diags);
  if (!result.ok || diags.has_errors()) {
    print_diagnostics(diags, o);
    if (!o.quiet)
      std::cerr << "noormc: build failed; " << (watching ? "keeping the last good output" : "nothing written") << "\n";
    return kInputError;
  }
  auto files = emit::emit_typescript(result.schema, emit::embedded_migrations(set), emit_options(o, set), diags);
  if (diags.has_errors()) {
    print_diagnostics(diags, o);
    return kInputError;
  }
  if (checks::write_sum_if_missing(set, diags) == checks::SumWrite::Failed) {
    print_diagnostics(diags, o);
    return kInternal;
  }
  emit::WriteReport report;
  if (!emit::write_outputs(o.out, files, report, diags)) {
    print_diagnostics(diags, o);
    return kInternal;
  }
  print_diagnostics(diags, o);
  if (!o.quiet) {
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "noormc: " << set.migrations.size() << " migrations, " << result.schema.tables.size() << " tables → "
              << o.out << ": " << report.written.size() << " written, " << report.unchanged.size() << " unchanged";
    if (!report.removed.empty()) std::cerr << ", " << report.removed.size() << " removed";
    std::cerr << " (" << static_cast<int>(ms) << " ms)\n";
  }
  return kOk;
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
class FolderWatch {
 public:
  FolderWatch(std::string dir, int interval_ms) : dir_(std::move(dir)), interval_ms_(interval_ms) {
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ >= 0 &&
        inotify_add_watch(fd_, dir_.c_str(),
                          IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF) < 0) {
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
    if (fd_ < 0) return poll_folder();
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, -1) > 0 && drain() && settled()) return;
    }
  }
  /// After the first build, which may write noormc.sum: the folder as it is now is the reference.
  void rebase() {
    if (fd_ >= 0) {
      drain();
    } else {
      last_ = folder_signature(dir_);
    }
  }

 private:
  /// Reads the pending events; true when there was one.
  bool drain() {
    alignas(inotify_event) char buf[8192];
    bool any = false;
    for (;;) {
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return any;
      any = true;
    }
  }
  /// Editors write a file in several steps: wait until 5 ms pass without another event.
  bool settled() {
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 5) <= 0) return true;
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
  std::string last_;
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
              << " was not migrated (see above); the generated code is the last good build's, fix the migration "
                 "and save it again\n";
  }
}

}  // namespace

static int watch(const Options& o, int interval_ms, int max_builds, bool migrate) {
  // Watching before the first build, so that a save during it is not missed;
  // what the first build itself wrote (noormc.sum) is no change to answer.
  FolderWatch folder(o.migrations, interval_ms);
  if (build_once(o, true) == kOk && migrate) migrate_after_build(o);
  folder.rebase();
  int builds = 1;
  if (!o.quiet) {
    std::cerr << "noormc: watching " << o.migrations << (folder.notified() ? "" : " (polling)")
              << (migrate ? ", migrating " + o.database : "") << " (Ctrl-C to stop)\n";
  }
  while (max_builds <= 0 || builds < max_builds) {
    folder.wait();
    if (build_once(o, true) == kOk && migrate) migrate_after_build(o);
    ++builds;
  }
  return kOk;
}

void add_build_commands(CLI::App& app, Options& o, std::vector<Command>& out) {
  auto* build = app.add_subcommand("build", "compile the migrations to TypeScript; exit 1 on any error");
  add_common_options(build, o);
  out.push_back({build, [&o] { return build_once(o, false); }});

  auto* w = app.add_subcommand("watch", "build, then rebuild on every change of the migrations folder");
  add_common_options(w, o);
  auto interval = std::make_shared<int>(250);
  auto max_builds = std::make_shared<int>(0);
  auto no_migrate = std::make_shared<bool>(false);
  w->add_option("--interval", *interval, "where inotify is unavailable: milliseconds between looks (default 250)");
  w->add_flag("--no-migrate", *no_migrate, "do not migrate the development database after each good build");
  w->add_option("--max-builds", *max_builds, "stop after this many builds (for scripts and tests)")->group("");
  out.push_back({w, [&o, interval, max_builds, no_migrate] { return watch(o, *interval, *max_builds, !*no_migrate); }});
}

}  // namespace noormc::cli
