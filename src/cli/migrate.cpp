// migrate, status, pull: the migrations against a live database (docs/reference/contract.md#3-commands).
// The bookkeeping is the runtime's (runtime-ts/src/migrate.ts): a
// noormc_migrations(name, checksum, applied_at) table, migrations applied by
// name, one transaction each, foreign keys off around it and checked before
// COMMIT. An app that migrates itself with db.migrate() and a developer who
// runs `noormc migrate` share the same table.
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "checks/checks.hpp"
#include "checks/sha256.hpp"
#include "cli/commands.hpp"
#include "model/from_db.hpp"
#include "model/replay.hpp"
#include "syntax/folder.hpp"
#include "syntax/parse.hpp"

namespace noormc::cli {

namespace fs = std::filesystem;

namespace {

class Db {
 public:
  explicit Db(const std::string& path, bool create) {
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      error_ = db_ ? sqlite3_errmsg(db_) : "cannot open";
    } else {
      sqlite3_busy_timeout(db_, 5000);
    }
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  sqlite3* raw() { return db_; }

  bool exec(const std::string& sql, std::string& err) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      err = msg ? msg : sqlite3_errmsg(db_);
      sqlite3_free(msg);
      return false;
    }
    return true;
  }
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> r;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
        r.emplace_back(t ? t : "");
      }
      out.push_back(std::move(r));
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
  std::string error_;
};

const char* kTable = "noormc_migrations";

struct Applied {
  std::string checksum, applied_at;
};

std::map<std::string, Applied> applied_of(Db& db) {
  std::map<std::string, Applied> out;
  for (auto& r : db.rows(std::string("SELECT name, checksum, applied_at FROM ") + kTable)) out[r[0]] = {r[1], r[2]};
  return out;
}

std::string now_iso() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
  return out;
}

/// What one step did: applied (or rolled back), found done by another
/// process, or failed (the migration rolled back; `diags` says where).
enum class Outcome { Done, AlreadyDone, Failed };

/// Runs the statements `noormc build` embeds for the runtime (the same list:
/// checks::runnable_statements). A statement SQLite refuses is reported at
/// its file:line with SQLite's message (E0705).
bool run_statements(Db& db, const syntax::ParsedFile& parsed, const SourceFile& file, Diagnostics& diags) {
  for (const auto& st : checks::runnable_statements(parsed, file)) {
    std::string err;
    if (db.exec(st.sql, err)) continue;
    diags.add(Severity::Error, "E0705", file, st.span.begin, st.span.end, "SQLite refused this statement: " + err)
        .notes.push_back("the migration was rolled back: the database is as it was before it");
    return false;
  }
  return true;
}

/// Records the step in noormc_migrations (inside the step's transaction).
bool record(Db& db, const syntax::Migration& m, bool up, std::string& err) {
  sqlite3_stmt* st = nullptr;
  std::string sql = up ? std::string("INSERT INTO ") + kTable + " (name, checksum, applied_at) VALUES (?, ?, ?)"
                       : std::string("DELETE FROM ") + kTable + " WHERE name = ?";
  sqlite3_prepare_v2(db.raw(), sql.c_str(), -1, &st, nullptr);
  sqlite3_bind_text(st, 1, m.id.c_str(), -1, SQLITE_TRANSIENT);
  std::string checksum = checks::to_hex(checks::sha256(m.up->text())), at = now_iso();
  if (up) {
    sqlite3_bind_text(st, 2, checksum.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, at.c_str(), -1, SQLITE_TRANSIENT);
  }
  bool ok = sqlite3_step(st) == SQLITE_DONE;
  if (!ok) err = sqlite3_errmsg(db.raw());
  sqlite3_finalize(st);
  return ok;
}

/// The body of a step inside BEGIN IMMEDIATE: statements, foreign key check, record.
bool step_body(Db& db, const syntax::Migration& m, bool up, Diagnostics& diags) {
  const SourceFile& file = up ? *m.up : *m.down;
  if (!run_statements(db, up ? m.up_parsed : m.down_parsed, file, diags)) return false;
  auto violations = db.rows("PRAGMA foreign_key_check");
  if (!violations.empty()) {
    diags
        .add_file(Severity::Error, "E0705", file.path(),
                  "foreign key check failed after " + m.id + ": table " + violations[0][0] + " row " +
                      violations[0][1] + " references a missing row of " + violations[0][2])
        .notes.push_back("the migration was rolled back: copy or delete the dependent rows in it");
    return false;
  }
  std::string err;
  if (!record(db, m, up, err)) {
    diags.add_file(Severity::Error, "E0705", file.path(), "cannot record " + m.id + " in " + kTable + ": " + err);
    return false;
  }
  return true;
}

/// Applies (up) or rolls back (down) one migration in its own transaction.
Outcome step(Db& db, const syntax::Migration& m, bool up, Diagnostics& diags) {
  const std::string& path = up ? m.up->path() : m.down->path();
  std::string err, ignored;
  auto fk = db.rows("PRAGMA foreign_keys");
  bool fk_on = !fk.empty() && fk[0][0] == "1";
  db.exec("PRAGMA foreign_keys=OFF", ignored);
  if (!db.exec("BEGIN IMMEDIATE", err)) {
    diags.add_file(Severity::Error, "E0705", path, "cannot take the write lock: " + err);
    return Outcome::Failed;
  }
  // Re-read inside the write lock: another process may have done this step.
  if (applied_of(db).count(m.id) == (up ? 1u : 0u)) {
    db.exec("COMMIT", ignored);
    if (fk_on) db.exec("PRAGMA foreign_keys=ON", ignored);
    return Outcome::AlreadyDone;
  }
  bool ok = step_body(db, m, up, diags);
  if (ok && !db.exec("COMMIT", err)) {
    diags.add_file(Severity::Error, "E0705", path, "COMMIT failed: " + err);
    ok = false;
  }
  if (!ok) db.exec("ROLLBACK", ignored);
  if (fk_on) db.exec("PRAGMA foreign_keys=ON", ignored);
  return ok ? Outcome::Done : Outcome::Failed;
}

int finish_failed(Diagnostics& diags, const Options& o) {
  print_diagnostics(diags, o);
  return kInputError;
}

/// Index of the migration named by `target` (its id or its numeric prefix); -1 for "none".
bool find_target(const syntax::MigrationSet& set, const std::string& target, long& index) {
  if (target == "0") {
    index = -1;
    return true;
  }
  for (size_t i = 0; i < set.migrations.size(); ++i) {
    const auto& m = set.migrations[i];
    if (m.id == target || m.prefix == target || syntax::compare_prefix(m.prefix, target) == 0 || m.name == target) {
      index = static_cast<long>(i);
      return true;
    }
  }
  return false;
}

/// Rolls back the applied migrations after `target` (newest first), then
/// applies the pending ones up to it, saying what each step did.
int move_to(Db& db, const syntax::MigrationSet& set, const std::map<std::string, Applied>& applied, long target,
            const std::string& path, const Options& o, Diagnostics& diags) {
  size_t rolled = 0, count = 0, skipped = 0;
  for (long i = static_cast<long>(set.migrations.size()) - 1; i > target; --i) {
    const auto& m = set.migrations[static_cast<size_t>(i)];
    if (!applied.count(m.id)) continue;
    if (!m.down) {
      std::cerr << "error: cannot roll back " << m.id << ": it has no down migration\n";
      return kInputError;
    }
    Outcome r = step(db, m, false, diags);
    if (r == Outcome::Failed) return finish_failed(diags, o);
    (r == Outcome::Done ? rolled : skipped) += 1;
    if (!o.quiet) {
      std::cerr << (r == Outcome::Done ? "rolled back " + m.id : "skipped " + m.id + ": another process rolled it back")
                << "\n";
    }
  }
  for (long i = 0; i <= target; ++i) {
    const auto& m = set.migrations[static_cast<size_t>(i)];
    if (applied.count(m.id)) continue;
    Outcome r = step(db, m, true, diags);
    if (r == Outcome::Failed) return finish_failed(diags, o);
    (r == Outcome::Done ? count : skipped) += 1;
    if (!o.quiet) {
      std::cerr << (r == Outcome::Done ? "applied " + m.id : "skipped " + m.id + ": another process applied it")
                << "\n";
    }
  }
  if (!o.quiet) {
    std::cerr << "noormc: " << path << " is at "
              << (target >= 0 ? set.migrations[static_cast<size_t>(target)].id : "(none)") << " (" << count
              << " applied" << (rolled ? ", " + std::to_string(rolled) + " rolled back" : "")
              << (skipped ? ", " + std::to_string(skipped) + " done by another process" : "") << ")\n";
  }
  return kOk;
}

/// noormc.json names a libSQL primary ("syncUrl"): the database is remote and
/// the local file is an embedded replica that libsql keeps. noormc links
/// SQLite, not libSQL's network client (Hrana over HTTP), so migrate and
/// status refuse instead of writing to or reporting from the replica. An
/// explicit --db is a local file, and runs.
bool refuses_remote_primary(const Options& o, const std::optional<std::string>& db_path, const std::string& command) {
  if (!o.sync_url || db_path) return false;
  std::string call = command == "status" ? "db.migrationStatus()" : "db.migrate()";
  std::cerr << "error: noormc " << command << " cannot reach the libSQL primary in noormc.json's \"syncUrl\" ("
            << *o.sync_url << ")\n"
            << "  note: noormc opens local SQLite files with the SQLite it links; it has no libSQL network client\n"
            << "  note: " << o.database
            << " is an embedded replica that libsql rebuilds from the primary; a change written to it directly "
               "never reaches the primary\n"
            << "  fix: " << (command == "status" ? "read it" : "migrate") << " from the app through the libsql driver ("
            << call
            << " of createDb({ driver: 'libsql', filename, syncUrl, authToken }), at deploy), or pass --db FILE "
            << "for a local database file\n";
  return true;
}

/// The drift test: whether the schema of the database file equals the model
/// after the first `count` migrations (their `inspect --json` forms);
/// nullopt when the file cannot be read.
std::optional<bool> schema_matches(const std::string& path, const syntax::MigrationSet& set, size_t count) {
  Diagnostics ignored;
  auto r = model::replay(set, ignored, count);
  std::string err;
  auto live = model::schema_from_file(path, err);
  if (!live) return std::nullopt;
  return model::to_json_text(*live) == model::to_json_text(r.catalog.schema());
}

/// `migrate --fake-initial`: records the first migration as applied without
/// running it, when the database already holds exactly the schema it creates
/// (the model of the file equals the model after that migration, the test
/// `status` uses for drift). The way to adopt a database after `noormc pull`;
/// Django's `migrate --fake-initial` checks only that the tables exist.
/// Returns false, recording nothing, when the schemas differ.
bool fake_initial(Db& db, const std::string& path, const syntax::MigrationSet& set,
                  std::map<std::string, Applied>& applied, const Options& o) {
  if (set.migrations.empty() || applied.count(set.migrations[0].id)) return true;
  const auto& first = set.migrations[0];
  if (!applied.empty() || schema_matches(path, set, 1) != true) {
    std::cerr << "error: --fake-initial: the schema of " << path << " is not the one " << first.id
              << " creates, so it is not recorded as applied\n"
              << "  note: compare `noormc inspect --json --db " << path << "` with the model after " << first.id
              << " (`noormc inspect --json` on a folder holding only it); `noormc pull` writes a first migration"
              << " that matches\n";
    return false;
  }
  std::string err;
  if (!db.exec("BEGIN IMMEDIATE", err) || !record(db, first, true, err) || !db.exec("COMMIT", err)) {
    std::cerr << "error: cannot record " << first.id << " in " << kTable << ": " << err << "\n";
    db.exec("ROLLBACK", err);
    return false;
  }
  applied[first.id] = {checks::to_hex(checks::sha256(first.up->text())), now_iso()};
  if (!o.quiet) std::cerr << "faked " << first.id << ": " << path << " already holds its schema\n";
  return true;
}

int run_migrate(const Options& o, const std::optional<std::string>& db_path, const std::optional<std::string>& to,
                bool adopt = false) {
  if (refuses_remote_primary(o, db_path, "migrate")) return kInputError;
  Diagnostics diags;
  auto set = syntax::load_migrations(o.migrations, diags);
  checks::CheckOptions copts;
  copts.missing_sum_warns = false;
  copts.reversibility = false;
  auto result = checks::run_checks(set, copts, diags);
  print_diagnostics(diags, o);
  if (!set.exists || !result.ok) return kInputError;
  std::string path = db_path ? *db_path : o.database;
  Db db(path, true);
  if (!db.ok()) {
    std::cerr << "error: cannot open database '" << path << "': " << db.error() << "\n";
    return kInternal;
  }
  std::string err;
  // As the runtime's connection opens it (DEFAULT_PRAGMAS): in WAL mode, so that both runners run each migration
  // on a database in the same journal mode (PRAGMA journal_mode inside one is then refused or a no-op alike: E0511,
  // W0512). The mode is stored in the file.
  db.exec("PRAGMA journal_mode=WAL", err);
  db.exec(std::string("CREATE TABLE IF NOT EXISTS ") + kTable +
              " (name TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
          err);
  auto applied = applied_of(db);
  for (const auto& m : set.migrations) {
    auto it = applied.find(m.id);
    std::string sum = checks::to_hex(checks::sha256(m.up->text()));
    if (it != applied.end() && it->second.checksum != sum) {
      std::cerr << "error: migration " << m.id << " was changed after it was applied to " << path << "\n"
                << "  note: restore the file, or add a new migration for the change\n";
      return kInputError;
    }
  }
  if (adopt && !fake_initial(db, path, set, applied, o)) return kInputError;
  long target = static_cast<long>(set.migrations.size()) - 1;
  if (to && !find_target(set, *to, target)) {
    std::cerr << "error: no migration '" << *to << "'\n";
    return kUsage;
  }
  Diagnostics run;
  return move_to(db, set, applied, target, path, o, run);
}

int run_status(const Options& o, const std::optional<std::string>& db_path) {
  if (refuses_remote_primary(o, db_path, "status")) return kInputError;
  Diagnostics diags;
  auto set = syntax::load_migrations(o.migrations, diags);
  if (!set.exists || diags.has_errors()) {
    print_diagnostics(diags, o);
    return kInputError;
  }
  std::string path = db_path ? *db_path : o.database;
  if (!fs::exists(path)) {
    std::cout << path << ": no database yet; " << set.migrations.size() << " pending\n";
    for (const auto& m : set.migrations) std::cout << "  pending  " << m.id << "\n";
    return set.migrations.empty() ? kOk : kInputError;  // a pending migration is exit 1 (commands.md)
  }
  Db db(path, false);
  std::string unreadable;
  if (!db.ok() || !db.exec("SELECT count(*) FROM sqlite_schema", unreadable)) {
    std::cerr << "error: cannot read database '" << path << "': " << (db.ok() ? unreadable : db.error()) << "\n";
    return kInternal;
  }
  auto applied = applied_of(db);
  std::set<std::string> known;
  size_t last_applied = 0;
  bool problems = false;
  for (size_t i = 0; i < set.migrations.size(); ++i) {
    const auto& m = set.migrations[i];
    known.insert(m.id);
    auto it = applied.find(m.id);
    if (it == applied.end()) {
      std::cout << "  pending  " << m.id << "\n";
      problems = true;
      continue;
    }
    last_applied = i + 1;
    bool changed = it->second.checksum != checks::to_hex(checks::sha256(m.up->text()));
    problems = problems || changed;
    std::cout << "  applied  " << m.id << "  " << it->second.applied_at << (changed ? "  CHANGED since applied" : "")
              << "\n";
  }
  for (const auto& [name, a] : applied) {
    if (!known.count(name)) {
      std::cout << "  unknown  " << name << " (applied, but not in " << o.migrations << ")\n";
      problems = true;
    }
  }
  // Drift: the live schema against the model after the applied migrations.
  if (applied.size() == last_applied) {
    if (schema_matches(path, set, last_applied) == false) {
      std::cout << "drift: the database's schema differs from the migrations applied to it\n"
                << "  note: compare `noormc inspect --json --db " << path << "` with `noormc inspect --json`\n";
      problems = true;
    } else {
      std::cout << "no drift: the schema matches the applied migrations\n";
    }
  }
  return problems ? kInputError : kOk;
}

int run_pull(const Options& o, const std::optional<std::string>& db_path, const std::string& name) {
  std::string path = db_path ? *db_path : o.database;
  if (!fs::exists(path)) {
    std::cerr << "error: no database at '" << path << "'\n";
    return kInternal;
  }
  Diagnostics diags;
  std::error_code ec;
  if (fs::is_directory(o.migrations, ec)) {
    for (const auto& e : fs::directory_iterator(o.migrations, ec)) {
      if (e.path().extension() == ".sql") {
        std::cerr << "error: " << o.migrations << " already has migrations; pull writes the first one\n";
        return kInputError;
      }
    }
  }
  Db db(path, false);
  if (!db.ok()) {
    std::cerr << "error: cannot open database '" << path << "': " << db.error() << "\n";
    return kInternal;
  }
  auto shadow = db.rows("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'");
  std::set<std::string> skip;
  for (auto& r : shadow) skip.insert(r[0]);
  std::string up = "-- Pulled from " + fs::path(path).filename().string() + " by `noormc pull`.\n";
  std::vector<std::string> downs;
  for (auto& r : db.rows("SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid")) {
    if (r[1].rfind("sqlite_", 0) == 0 || r[1] == kTable || skip.count(r[1])) continue;
    up += "\n" + r[2] + ";\n";
    std::string kind = r[0] == "table" ? "TABLE" : r[0] == "index" ? "INDEX" : r[0] == "view" ? "VIEW" : "TRIGGER";
    std::string quoted = syntax::quote(r[1], '"');
    if (kind != "INDEX" && kind != "TRIGGER") downs.insert(downs.begin(), "DROP " + kind + " " + quoted + ";\n");
  }
  fs::create_directories(o.migrations, ec);
  std::string base = "0001_" + name;
  std::ofstream(fs::path(o.migrations) / (base + ".up.sql")) << up;
  std::string down;
  for (const auto& d : downs) down += d;
  std::ofstream(fs::path(o.migrations) / (base + ".down.sql")) << down;
  auto set = syntax::load_migrations(o.migrations, diags);
  checks::write_sum(set, diags);
  print_diagnostics(diags, o);
  if (!o.quiet)
    std::cerr << "noormc: wrote " << syntax::display_path(o.migrations, base + ".up.sql") << " and its down\n";
  return diags.has_errors() ? kInputError : kOk;
}

}  // namespace

int migrate_database(const Options& o, const std::optional<std::string>& db, const std::optional<std::string>& to) {
  return run_migrate(o, db, to);
}

void add_migrate_commands(CLI::App& app, Options& o, std::vector<Command>& out) {
  auto db = std::make_shared<std::optional<std::string>>();
  auto to = std::make_shared<std::optional<std::string>>();
  auto* m = app.add_subcommand("migrate", "apply pending migrations to a database, or move it to --to N");
  add_common_options(m, o);
  m->add_option("--db", *db, "the database file (default: noormc.json's database, or ./app.db)");
  m->add_option("--to", *to, "target migration: its id, its prefix or 0 for none");
  auto adopt = std::make_shared<bool>(false);
  m->add_flag("--fake-initial", *adopt,
              "record the first migration as applied without running it when the database already holds exactly"
              " its schema (adopting a database after `noormc pull`)");
  out.push_back({m, [&o, db, to, adopt] { return run_migrate(o, *db, *to, *adopt); }});

  auto* s = app.add_subcommand("status", "applied and pending migrations, and drift");
  add_common_options(s, o);
  s->add_option("--db", *db, "the database file");
  out.push_back({s, [&o, db] { return run_status(o, *db); }});

  auto name = std::make_shared<std::string>("initial");
  auto* p = app.add_subcommand("pull", "auto-discovery: write a first migration from an existing database");
  add_common_options(p, o);
  p->add_option("--db", *db, "the database to read")->required();
  p->add_option("--name", *name, "the migration's name (default: initial)");
  out.push_back({p, [&o, db, name] { return run_pull(o, *db, *name); }});
}

}  // namespace noormc::cli
