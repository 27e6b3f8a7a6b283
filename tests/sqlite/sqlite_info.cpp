// Prints the linked SQLite's identity as JSON: sqlite3_libversion(), sqlite3_sourceid(), the sorted
// `PRAGMA compile_options` and the better-sqlite3 version CMake built it from (cmake/better_sqlite3.cmake).
// tests/sqlite/same_sqlite.mjs compares it with better-sqlite3 as node loads it.
#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> compile_options() {
  std::vector<std::string> options;
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_open(":memory:", &db) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "PRAGMA compile_options", -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW)
      options.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return options;
}

}  // namespace

int main() {
  std::string out = "{\"version\":" + json_string(sqlite3_libversion()) +
                    ",\"source_id\":" + json_string(sqlite3_sourceid()) +
                    ",\"better_sqlite3\":" + json_string(NOORMC_BETTER_SQLITE3_VERSION) + ",\"compile_options\":[";
  const auto options = compile_options();
  for (std::size_t i = 0; i < options.size(); ++i) out += (i ? "," : "") + json_string(options[i]);
  std::printf("%s]}\n", out.c_str());
  return options.empty() ? 1 : 0;
}
