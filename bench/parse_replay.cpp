// Benchmark (not a test): parse and replay 1,000 migrations over 300 tables,
// and, as the baseline in the same process, let SQLite execute the same
// folder. Target (issue 2): under 300 ms and under 100 MB for noormc.
//
//   cmake --build build --target noormc_bench && ./build/noormc_bench [--keep DIR]
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "model/replay.hpp"
#include "syntax/folder.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string pad4(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", n);
  return buf;
}

/// 300 tables created over the first 300 migrations, then 700 migrations of
/// the usual evolution: columns added, indexes, renames, Prisma-style
/// rebuilds, views, triggers and data fixes.
void generate(const fs::path& dir) {
  fs::create_directories(dir);
  int n = 0;
  auto write = [&](const std::string& name, const std::string& sql) {
    std::ofstream(dir / (pad4(++n) + "_" + name + ".up.sql")) << sql;
  };
  for (int t = 0; t < 300; ++t) {
    std::string name = "t" + std::to_string(t);
    std::string sql = "-- table " + name + "\nCREATE TABLE " + name +
                      " (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  name TEXT NOT NULL,\n"
                      "  email VARCHAR(255) UNIQUE,\n  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', "
                      "'active', 'gone')),\n  score REAL DEFAULT 0.0,\n  created_at DATETIME NOT NULL DEFAULT "
                      "CURRENT_TIMESTAMP";
    if (t > 0) sql += ",\n  parent_id INTEGER REFERENCES t" + std::to_string(t / 2) + " (id) ON DELETE CASCADE";
    sql += "\n);\nCREATE INDEX " + name + "_status_idx ON " + name + " (status, created_at DESC);\n";
    write("create_" + name, sql);
  }
  for (int k = 0; k < 700; ++k) {
    int t = (k * 7) % 300;
    std::string name = "t" + std::to_string(t);
    std::string col = "c" + std::to_string(k);
    switch (k % 7) {
      case 0:
        write("add_" + col, "ALTER TABLE " + name + " ADD COLUMN " + col + " TEXT;\n");
        break;
      case 1:
        write("index_" + col, "ALTER TABLE " + name + " ADD COLUMN " + col +
                                  " INTEGER NOT NULL DEFAULT 0;\nCREATE INDEX " + name + "_" + col + "_idx ON " + name +
                                  " (" + col + ") WHERE " + col + " > 0;\n");
        break;
      case 2:
        write("rename_" + col, "ALTER TABLE " + name + " ADD COLUMN " + col + "_old TEXT;\nALTER TABLE " + name +
                                   " RENAME COLUMN " + col + "_old TO " + col + ";\n");
        break;
      case 3:
        write("view_" + col,
              "CREATE VIEW v_" + col + " AS SELECT id, name, status FROM " + name + " WHERE status = 'active';\n");
        break;
      case 4:
        write("trigger_" + col, "CREATE TRIGGER tr_" + col + " AFTER UPDATE OF name ON " + name + " BEGIN UPDATE " +
                                    name + " SET score = score + 1 WHERE id = NEW.id; END;\n");
        break;
      case 5:
        write("data_" + col, "UPDATE " + name + " SET status = 'active' WHERE status = 'new' AND score > 1.5;\n");
        break;
      case 6: {
        // Prisma's RedefineTables, keeping the same columns.
        std::string nn = "new_" + name;
        write("redefine_" + col, "PRAGMA foreign_keys=OFF;\nCREATE TABLE \"" + nn +
                                     "\" (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email "
                                     "TEXT, " +
                                     col + " TEXT);\nINSERT INTO \"" + nn +
                                     "\" (id, name, email) SELECT id, name, email FROM \"r" + std::to_string(k) +
                                     "\";\nDROP TABLE \"r" + std::to_string(k) + "\";\nALTER TABLE \"" + nn +
                                     "\" RENAME TO \"r" + std::to_string(k) + "\";\nPRAGMA foreign_keys=ON;\n");
        break;
      }
    }
  }
}

/// The redefine migrations rebuild tables r<k>; create those up front so the folder is valid.
void generate_rebuild_targets(const fs::path& dir) {
  std::string sql;
  for (int k = 6; k < 700; k += 7) {
    sql += "CREATE TABLE r" + std::to_string(k) + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);\n";
  }
  std::ofstream(dir / "0000_rebuild_targets.up.sql") << sql;
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = fs::temp_directory_path() / "noormc-bench-migrations";
  bool keep = argc > 2 && std::string(argv[1]) == "--keep";
  if (keep) dir = argv[2];
  fs::remove_all(dir);
  generate(dir);
  generate_rebuild_targets(dir);

  long rss_before = peak_rss_kb();
  auto t0 = Clock::now();
  noormc::Diagnostics diags;
  auto set = noormc::syntax::load_migrations(dir.string(), diags);
  auto t1 = Clock::now();
  auto result = noormc::model::replay(set, diags);
  auto schema = result.catalog.schema();
  auto t2 = Clock::now();
  long rss_after = peak_rss_kb();
  if (diags.has_errors()) {
    for (const auto& d : diags.items()) std::cerr << noormc::render_text(d);
    return 1;
  }

  // Baseline: SQLite executes the same files in one in-memory connection.
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  auto s0 = Clock::now();
  for (const auto& m : set.migrations) {
    char* err = nullptr;
    if (sqlite3_exec(db, m.up->text().c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::cerr << m.up->path() << ": " << (err ? err : "") << "\n";
      return 1;
    }
  }
  auto s1 = Clock::now();
  sqlite3_close(db);

  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  double parse = ms(t0, t1), replay = ms(t1, t2), total = ms(t0, t2), sqlite = ms(s0, s1);
  std::cout << "migrations: " << set.migrations.size() << ", tables after: " << schema.tables.size()
            << ", views: " << schema.views.size() << ", triggers: " << schema.triggers.size() << "\n";
  std::cout << "noormc parse (read + ANTLR + convert): " << parse << " ms\n";
  std::cout << "noormc replay + derive model:          " << replay << " ms\n";
  std::cout << "noormc total:                          " << total << " ms (target < 300 ms)\n";
  std::cout << "peak RSS: " << rss_after / 1024 << " MB (grew " << (rss_after - rss_before) / 1024
            << " MB during parse+replay; target < 100 MB)\n";
  std::cout << "baseline, SQLite executing the same folder: " << sqlite << " ms\n";
  std::cout << "ratio noormc/SQLite: " << total / sqlite << "\n";
  if (!keep) fs::remove_all(dir);
  return 0;
}
