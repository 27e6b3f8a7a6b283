#include "support.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "model/from_db.hpp"
#include "model/replay.hpp"
#include "syntax/folder.hpp"

namespace fs = std::filesystem;

namespace noormc::test {

std::string read(const fs::path& p) {
  std::string out;
  read_file(p.string(), out);
  return out;
}

std::string source_dir() {
  return NOORMC_SOURCE_DIR;
}

TempDir::TempDir() {
  std::random_device rd;
  path_ = (fs::temp_directory_path() / ("noormc-test-" + std::to_string(rd()) + std::to_string(getpid()))).string();
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void TempDir::write(const std::string& name, const std::string& text) const {
  fs::path p = fs::path(path_) / name;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::vector<std::string> migration_folders() {
  std::vector<std::string> out;
  for (const char* root : {"fixtures", "examples"}) {
    fs::path base = fs::path(source_dir()) / root;
    if (!fs::is_directory(base)) continue;
    for (const auto& e : fs::directory_iterator(base)) {
      if (fs::is_directory(e.path() / "migrations")) out.push_back((e.path() / "migrations").string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

sqlite3* open_memory_db() {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
  // The sqlite3 shell running the files as written: foreign_keys OFF, SQLite's documented default
  // (foreignkeys.html, 2). The linked SQLite is better-sqlite3's, built with SQLITE_DEFAULT_FOREIGN_KEYS=1.
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, nullptr);
  return db;
}

model::Schema sqlite_schema(const std::string& dir, std::string& error, size_t upto) {
  Diagnostics ignored;
  auto set = syntax::load_migrations(dir, ignored);
  sqlite3* db = open_memory_db();
  for (size_t i = 0; i < set.migrations.size() && i < upto; ++i) {
    char* msg = nullptr;
    if (sqlite3_exec(db, set.migrations[i].up->text().c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      error = set.migrations[i].up->path() + ": " + (msg ? msg : "error");
      sqlite3_free(msg);
      break;
    }
  }
  auto s = model::schema_from_connection(db);
  sqlite3_close(db);
  return s;
}

model::Schema noormc_schema(const std::string& dir, Diagnostics& diags, size_t upto) {
  auto set = syntax::load_migrations(dir, diags);
  auto r = model::replay(set, diags, upto);
  return r.catalog.schema();
}

::testing::AssertionResult replays_like_sqlite(const std::string& dir, size_t k) {
  std::string sqlite_error;
  auto expected = sqlite_schema(dir, sqlite_error, k);
  if (!sqlite_error.empty()) return ::testing::AssertionFailure() << "SQLite refused the migrations: " << sqlite_error;
  Diagnostics diags;
  auto actual = noormc_schema(dir, diags, k);
  std::string errors;
  for (const auto& d : diags.items()) {
    if (d.severity == Severity::Error) errors += render_text(d);
  }
  if (!errors.empty()) return ::testing::AssertionFailure() << "noormc refused the migrations:\n" << errors;
  std::string a = model::to_json(actual).dump(2), e = model::to_json(expected).dump(2);
  if (a != e) {
    return ::testing::AssertionFailure() << "after migration " << k << " of " << dir << "\nnoormc:\n"
                                         << a << "\nSQLite:\n"
                                         << e;
  }
  return ::testing::AssertionSuccess();
}

int run_noormc(const std::string& args, std::string& out, std::string& err, const std::string& cwd,
               const std::string& prefix) {
  TempDir tmp;
  std::string cmd = (cwd.empty() ? "" : "cd '" + cwd + "' && ") + prefix + std::string(NOORMC_BINARY) + " " + args +
                    " >'" + tmp.path() + "/out' 2>'" + tmp.path() + "/err'";
  int status = std::system(cmd.c_str());
  out = read(fs::path(tmp.path()) / "out");
  err = read(fs::path(tmp.path()) / "err");
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace noormc::test
