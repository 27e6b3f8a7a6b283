#include "emit/identifiers.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <unordered_set>

#include "emit/naming.hpp"

namespace noormc::emit {

namespace {

/// Top-level names of the generated files (declared, or imported from noormme)
/// and the globals they use: a table's names never shadow them.
const std::set<std::string>& file_names() {
  static const std::set<std::string> names = {
      // noormme
      "Connection", "DbOptions", "RuntimeDbOptions", "Include", "KeyedTableRepository", "MigrateOptions",
      "MigrateResult", "MigrationStatus", "OrderBy", "RelationPath", "RelationRegistry", "TableMeta",
      "TableNotFoundError", "TableRepository", "ViewRepository", "Where", "WithIncludes", "WithPaths",
      "defineRelations", "defineTable", "migrateConnection", "migrationStatus", "openConnection", "singleton",
      "bigintFromDb", "bigintOrNullFromDb", "bigintToDb", "boolFromDb", "boolOrNullFromDb", "boolToDb",
      "boolOrNullToDb", "bufferFromDb", "bufferOrNullFromDb", "bufferToDb", "dateFromDb", "dateOrNullFromDb",
      "dateToDb", "dateOrNullToDb", "jsonFromDb", "jsonToDb", "numberFromDb", "numberOrNullFromDb",
      // declared by the generated files
      "Db", "Models", "Repositories", "TableName", "DEFAULT_DATABASE", "createDb", "getDb", "defaultFilename",
      "migrations", "relations", "tables", "repositoryKeys", "NoormmeAdapter",
      // globals the generated files use
      "Partial", "Record", "Buffer", "Date", "Object", "String", "Number", "Boolean", "BigInt", "Symbol", "Array",
      "Map", "Set", "Promise", "Error", "JSON", "Math", "Function", "Readonly", "Uint8Array", "process", "globalThis",
      "undefined", "NaN", "Infinity"};
  return names;
}

/// Members of Db and of Object.prototype: a table's Db property never takes them.
const std::set<std::string>& db_members() {
  static const std::set<std::string> names = {"connection",       "constructor",
                                              "getRepository",    "transaction",
                                              "inspect",          "migrate",
                                              "migrationStatus",  "close",
                                              "toString",         "toLocaleString",
                                              "valueOf",          "hasOwnProperty",
                                              "isPrototypeOf",    "propertyIsEnumerable",
                                              "__proto__",        "__defineGetter__",
                                              "__defineSetter__", "__lookupGetter__",
                                              "__lookupSetter__"};
  return names;
}

/// Every name of a request for a stem and a suffix ("" or "2", "3"...).
TableNames names_for(const NameRequest& r, const std::string& stem, const std::string& n) {
  TableNames t;
  t.row = stem + n;
  t.new_type = "New" + t.row;
  t.patch = t.row + "Patch";
  t.key = t.row + "Key";
  t.where = t.row + "Where";
  t.order_by = t.row + "OrderBy";
  t.column = t.row + "Column";
  t.model = t.row + "Model";
  t.include = t.row + "Include";
  t.with = t.row + "With";
  t.path = t.row + "Path";
  t.with_paths = t.row + "WithPaths";
  t.mapper = "map" + t.row;
  t.meta = safe_identifier(camel(r.name) + n) + (r.view ? "View" : "Table");
  t.repo = pascal(r.name) + n + "Repository";
  std::set<std::string> own;
  for (const auto& c : r.enum_columns) {
    std::string e = t.row + pascal(c);
    if (own.count(e) || e == t.new_type || e == t.patch || e == t.key || e == t.where || e == t.order_by ||
        e == t.column || e == t.model || e == t.include || e == t.with || e == t.path || e == t.with_paths)
      e += "Value";
    for (int k = 2; own.count(e); ++k) e = t.row + pascal(c) + "Value" + std::to_string(k);
    own.insert(e);
    t.enums.push_back(e);
  }
  return t;
}

std::vector<std::string> all_of(const TableNames& t) {
  std::vector<std::string> out = {t.row,     t.new_type, t.patch, t.key,        t.where,  t.order_by, t.column, t.model,
                                  t.include, t.with,     t.path,  t.with_paths, t.mapper, t.meta,     t.repo};
  out.insert(out.end(), t.enums.begin(), t.enums.end());
  return out;
}

}  // namespace

bool is_generated_file_name(const std::string& name) {
  return file_names().count(name) > 0;
}

std::vector<TableNames> assign_names(const std::vector<NameRequest>& requests, std::vector<NameClash>& clashes) {
  // Shorter type names first (the table others are named after: users before
  // user_roles, new_users, user_patches), then tables before views, then by name.
  std::vector<std::string> stems;
  for (const auto& r : requests) stems.push_back(type_name(r.name));
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (stems[a].size() != stems[b].size()) return stems[a].size() < stems[b].size();
    if (requests[a].view != requests[b].view) return !requests[a].view;
    return requests[a].name < requests[b].name;
  });
  std::vector<TableNames> out(requests.size());
  std::unordered_set<std::string> taken;
  taken.reserve(file_names().size() + requests.size() * 16);  // about 15 names a table: no rehash
  taken.insert(file_names().begin(), file_names().end());
  std::map<std::string, size_t> row_owner;
  for (size_t i : order) {
    auto it = row_owner.find(stems[i]);
    if (it != row_owner.end())
      clashes.push_back({it->second, i, stems[i]});
    else
      row_owner[stems[i]] = i;
    for (int n = 1;; ++n) {
      TableNames t = names_for(requests[i], stems[i], n == 1 ? "" : std::to_string(n));
      auto names = all_of(t);
      if (std::none_of(names.begin(), names.end(), [&](const std::string& s) { return taken.count(s) > 0; })) {
        taken.insert(names.begin(), names.end());
        out[i] = std::move(t);
        break;
      }
    }
  }
  // Db properties: the SQL name, with `_` appended while it is a member of Db or taken.
  std::set<std::string> keys;
  for (const auto& r : requests) {
    if (!db_members().count(r.name)) keys.insert(r.name);
  }
  for (size_t i = 0; i < requests.size(); ++i) {
    std::string k = requests[i].name;
    if (db_members().count(k)) {
      do k += "_";
      while (keys.count(k) || db_members().count(k));
      keys.insert(k);
    }
    out[i].db_name = k;
    out[i].db_key = property_key(k);
  }
  return out;
}

}  // namespace noormc::emit
