#include "checks/defaults.hpp"

#include <sqlite3.h>

#include <map>
#include <mutex>

#include "model/resolve.hpp"

namespace noormc::checks {

namespace {

std::string evaluate(const std::string& type, const std::string& default_text) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open(":memory:", &db) == SQLITE_OK) {
    // PRAGMA table_info reports `DEFAULT (1 + 2)` without its parentheses: try both forms.
    std::string create = "CREATE TABLE x (c " + type + " DEFAULT " + default_text + ", k)";
    std::string paren = "CREATE TABLE x (c " + type + " DEFAULT (" + default_text + "), k)";
    sqlite3_stmt* st = nullptr;
    if ((exec_one(db, create) || exec_one(db, paren)) && exec_one(db, "INSERT INTO x (k) VALUES (1)") &&
        sqlite3_prepare_v2(db, "SELECT typeof(c) FROM x", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

}  // namespace

bool exec_one(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &st, &tail);
  bool one =
      rc == SQLITE_OK && st && tail && std::string_view(tail).find_first_not_of(" \t\r\n") == std::string_view::npos;
  bool ok = one && sqlite3_step(st) == SQLITE_DONE;
  sqlite3_finalize(st);
  return ok;
}

std::string default_storage_class(std::string_view type, std::string_view default_text) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::string>, std::string> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto key = std::make_pair(std::string(type), std::string(default_text));
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, evaluate(key.first, key.second)).first;
  return it->second;
}

std::string default_class_mismatch(std::string_view type, std::string_view default_text) {
  std::string cls = default_storage_class(type, default_text);
  switch (model::affinity_of(std::string(type))) {
    case model::Affinity::Integer:
    case model::Affinity::Real:
    case model::Affinity::Numeric:
      return cls == "text" || cls == "blob" ? cls : "";
    case model::Affinity::Text:
      return cls == "blob" ? cls : "";
    case model::Affinity::Blob:
      return "";
  }
  return "";
}

}  // namespace noormc::checks
