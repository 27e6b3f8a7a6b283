// The identifiers the generated TypeScript declares for each table and view
// (types, mapper, metadata constant, repository type, Db property), made
// distinct from each other, from the names the generated files import or
// declare themselves, and from JavaScript's globals. The rule is documented in
// docs/reference/generated-code.md ("Names").
#pragma once

#include <string>
#include <vector>

namespace noormc::emit {

struct NameRequest {
  std::string name;  // the SQL name
  bool view = false;
  std::vector<std::string> enum_columns;  // columns with a CHECK-IN union, in column order
};

struct TableNames {
  std::string row, new_type, patch, key, where, order_by, column, model, include, with, path, with_paths;
  std::string mapper, meta, repo;
  std::vector<std::string> enums;  // parallel to NameRequest::enum_columns
  std::string db_key;              // the Db property (a property key, quoted when not an identifier)
  std::string db_name;             // the same, unquoted
};

struct NameClash {
  size_t first = 0, second = 0;  // indexes into the requests: both want one row type
  std::string row;
};

/// Names for every request (parallel to `requests`). Two requests whose row
/// types are equal (`user` and `users`) are reported in `clashes` and the
/// second gets a numbered stem anyway.
std::vector<TableNames> assign_names(const std::vector<NameRequest>& requests, std::vector<NameClash>& clashes);

/// Names the generated files declare or import themselves; no table takes them.
bool is_generated_file_name(const std::string& name);

}  // namespace noormc::emit
