#include "checks/semantics.hpp"

#include <algorithm>
#include <set>

namespace noormc::checks {

using syntax::same_name;

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::vector<std::string> column_names(const model::Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.name);
  return out;
}

bool same_set(const std::vector<std::string>& a, const std::vector<std::optional<std::string>>& b) {
  if (a.size() != b.size()) return false;
  return std::all_of(a.begin(), a.end(), [&](const std::string& x) {
    return std::any_of(b.begin(), b.end(), [&](const auto& y) { return y && same_name(x, *y); });
  });
}

/// SQLite's parent-key rule (foreignkeys.html, 3): the key is the rowid alias or has a UNIQUE
/// index.
bool usable_key(const model::Table& parent, const std::vector<std::string>& key) {
  if (key.size() == 1) {
    const model::Column* c = parent.column(key[0]);
    if (c && c->rowid_alias) return true;
  }
  return std::any_of(parent.indexes.begin(), parent.indexes.end(),
                     [&](const model::Index& ix) { return ix.unique && !ix.partial && same_set(key, ix.columns); });
}

bool missing_columns(const model::Catalog::ForeignKeySite& fk, const model::Table& parent, Diagnostics& diags) {
  bool missing = false;
  for (const auto& n : fk.clause->columns) {
    if (parent.column(n.text)) continue;
    missing = true;
    diags
        .add(Severity::Error, "E0401", *fk.file, n.span.begin, n.span.end,
             "foreign key " + fk.table + "(" + join(fk.columns) + ") references column " + parent.name + "." + n.text +
                 ", which does not exist")
        .notes.push_back(did_you_mean_note(n.text, column_names(parent), "columns"));
  }
  return missing;
}

void check_key(const model::Catalog::ForeignKeySite& fk, const model::Table& parent, Diagnostics& diags) {
  std::vector<std::string> key;
  for (const auto& n : fk.clause->columns) key.push_back(n.text);
  if (key.empty()) {
    for (const auto* c : parent.primary_key()) key.push_back(c->name);
  }
  std::string why;
  if (key.empty()) {
    why = parent.name + " has no PRIMARY KEY, and the foreign key names no columns";
  } else if (key.size() != fk.columns.size()) {
    why = "it has " + std::to_string(fk.columns.size()) + " column(s) but the key of " + parent.name + " has " +
          std::to_string(key.size());
  } else if (!usable_key(parent, key)) {
    why = parent.name + " has no PRIMARY KEY or UNIQUE index on (" + join(key) + ")";
  } else {
    return;
  }
  diags
      .add(Severity::Error, "E0402", *fk.file, fk.clause->table.span.begin, fk.clause->table.span.end,
           "foreign key " + fk.table + "(" + join(fk.columns) + ") → " + parent.name + " cannot work: " + why +
               "; with foreign_keys=ON every write to " + fk.table + " fails with 'foreign key mismatch'")
      .notes.push_back("reference the primary key of " + parent.name +
                       ", or make the referenced columns UNIQUE (CREATE UNIQUE INDEX ... ON " + parent.name +
                       " (...))");
}

/// Views and triggers reading missing tables or columns; a missing table's own
/// columns are not reported again.
void references(const model::Catalog& catalog, Diagnostics& diags) {
  Diagnostics found;
  catalog.check_references(found, Severity::Error);
  std::set<std::string> missing_table;  // "view 'v'" of the objects that read a missing table
  for (const auto& d : found.items()) {
    size_t at = d.message.find(" reads a missing table");
    if (at != std::string::npos) missing_table.insert(d.message.substr(0, at));
  }
  for (const auto& d : found.items()) {
    size_t at = d.message.find(" reads a missing column");
    if (at == std::string::npos || !missing_table.count(d.message.substr(0, at))) diags.items().push_back(d);
  }
}

}  // namespace

void check_semantics(const model::Catalog& catalog, Diagnostics& diags) {
  catalog.validate(diags);
  references(catalog, diags);
  model::Schema schema = catalog.schema();
  for (const auto& fk : catalog.foreign_key_sites()) {
    if (!fk.file || !fk.clause) continue;
    const model::Table* parent = schema.table(fk.clause->table.text);
    if (!parent || parent->virtual_module) continue;  // E0212 reports a missing parent
    if (!missing_columns(fk, *parent, diags)) check_key(fk, *parent, diags);
  }
}

}  // namespace noormc::checks
