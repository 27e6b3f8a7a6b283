#include "model/schema.hpp"

#include <algorithm>

#include "syntax/ast.hpp"

namespace noormc::model {

const Column* Table::column(std::string_view n) const {
  for (const auto& c : columns) {
    if (syntax::same_name(c.name, n)) return &c;
  }
  return nullptr;
}

std::vector<const Column*> Table::primary_key() const {
  std::vector<const Column*> out;
  for (const auto& c : columns) {
    if (c.primary_key > 0) out.push_back(&c);
  }
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->primary_key < b->primary_key; });
  return out;
}

const Table* Schema::table(std::string_view n) const {
  for (const auto& t : tables) {
    if (syntax::same_name(t.name, n)) return &t;
  }
  return nullptr;
}

const View* Schema::view(std::string_view n) const {
  for (const auto& v : views) {
    if (syntax::same_name(v.name, n)) return &v;
  }
  return nullptr;
}

static nlohmann::ordered_json optional_names(const std::vector<std::optional<std::string>>& v) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& x : v) arr.push_back(x ? nlohmann::ordered_json(*x) : nlohmann::ordered_json());
  return arr;
}

nlohmann::ordered_json to_json(const Table& t) {
  nlohmann::ordered_json j;
  j["name"] = t.name;
  j["strict"] = t.strict;
  j["withoutRowid"] = t.without_rowid;
  j["virtual"] = t.virtual_module ? nlohmann::ordered_json(*t.virtual_module) : nlohmann::ordered_json();
  auto cols = nlohmann::ordered_json::array();
  for (const auto& c : t.columns) {
    nlohmann::ordered_json cj;
    cj["name"] = c.name;
    cj["type"] = c.type;
    cj["notNull"] = c.not_null;
    cj["default"] = c.default_value ? nlohmann::ordered_json(*c.default_value) : nlohmann::ordered_json();
    cj["primaryKey"] = c.primary_key;
    cj["generated"] = c.generated.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(c.generated);
    cols.push_back(std::move(cj));
  }
  j["columns"] = std::move(cols);
  auto fks = nlohmann::ordered_json::array();
  for (const auto& fk : t.foreign_keys) {
    nlohmann::ordered_json fj;
    fj["columns"] = fk.columns;
    fj["table"] = fk.table;
    fj["to"] = optional_names(fk.to);
    fj["onUpdate"] = fk.on_update;
    fj["onDelete"] = fk.on_delete;
    fks.push_back(std::move(fj));
  }
  j["foreignKeys"] = std::move(fks);
  auto ixs = nlohmann::ordered_json::array();
  for (const auto& ix : t.indexes) {
    nlohmann::ordered_json ij;
    ij["name"] = ix.name;
    ij["unique"] = ix.unique;
    ij["origin"] = ix.origin;
    ij["partial"] = ix.partial;
    ij["columns"] = optional_names(ix.columns);
    ixs.push_back(std::move(ij));
  }
  j["indexes"] = std::move(ixs);
  return j;
}

nlohmann::ordered_json to_json(const Schema& s) {
  nlohmann::ordered_json j;
  auto tables = nlohmann::ordered_json::array();
  for (const auto& t : s.tables) tables.push_back(to_json(t));
  j["tables"] = std::move(tables);
  auto views = nlohmann::ordered_json::array();
  for (const auto& v : s.views) {
    nlohmann::ordered_json vj;
    vj["name"] = v.name;
    auto cols = nlohmann::ordered_json::array();
    for (const auto& c : v.columns) cols.push_back(c.name);
    vj["columns"] = std::move(cols);
    views.push_back(std::move(vj));
  }
  j["views"] = std::move(views);
  auto triggers = nlohmann::ordered_json::array();
  for (const auto& t : s.triggers) {
    nlohmann::ordered_json tj;
    tj["name"] = t.name;
    tj["table"] = t.table;
    triggers.push_back(std::move(tj));
  }
  j["triggers"] = std::move(triggers);
  return j;
}

}  // namespace noormc::model
