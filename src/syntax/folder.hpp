// The migrations folder (docs/reference/contract.md#2-the-migrations-folder): discovering, ordering and parsing
// its files. Reading the folder is part of stage 1: its output is parsed
// statements per migration.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"
#include "syntax/ast.hpp"

namespace noormc::syntax {

struct Migration {
  std::string id;      // "0001_create_users"
  std::string prefix;  // "0001"
  std::string name;    // "create_users"
  std::unique_ptr<SourceFile> up;
  std::unique_ptr<SourceFile> down;  // null when there is no down file
  ParsedFile up_parsed;
  ParsedFile down_parsed;
  bool declared_irreversible = false;  // first line: -- noormc:irreversible
};

struct MigrationSet {
  std::string dir;                    // as the user named it
  std::vector<Migration> migrations;  // in order
  bool exists = false;
};

/// Compares two numeric prefixes by value ("0010" > "0009", "20240101000000" > "0002").
int compare_prefix(const std::string& a, const std::string& b);

/// Lists, orders, reads and parses the migrations of `dir`. Problems with file
/// names, duplicate prefixes, unreadable files and syntax go to `diags`.
MigrationSet load_migrations(const std::string& dir, Diagnostics& diags);

/// "migrations/0001_x.up.sql": how diagnostics name a file of `dir`.
std::string display_path(const std::string& dir, const std::string& file);

}  // namespace noormc::syntax
