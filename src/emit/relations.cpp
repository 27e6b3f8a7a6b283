#include "emit/relations.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "emit/naming.hpp"
#include "syntax/ast.hpp"

namespace noormc::emit {

using syntax::same_name;

namespace {

/// `author_id` → `author`, `authorId` → `author`; "" when there is no such suffix.
std::string strip_id(const std::string& col) {
  if (col.size() > 3 && syntax::same_name(col.substr(col.size() - 3), "_id")) return col.substr(0, col.size() - 3);
  if (col.size() > 2 && col.compare(col.size() - 2, 2, "Id") == 0 &&
      std::islower(static_cast<unsigned char>(col[col.size() - 3])))
    return col.substr(0, col.size() - 2);
  if (col.size() > 2 && col.compare(col.size() - 2, 2, "ID") == 0 &&
      std::islower(static_cast<unsigned char>(col[col.size() - 3])))
    return col.substr(0, col.size() - 2);
  return "";
}

/// The singular of a table name, keeping its separators: `user_profiles` → `user_profile`.
std::string singular_name(const std::string& name) {
  size_t start = name.find_last_of("_- ");
  start = start == std::string::npos ? 0 : start + 1;
  for (size_t k = name.size(); k-- > start;) {
    if (std::isupper(static_cast<unsigned char>(name[k])) && k > start) {
      start = k;
      break;
    }
  }
  std::string tail = name.substr(start);
  std::string lower = syntax::fold(tail);
  std::string single = singular(lower);
  if (single == lower) return name;
  // Keep the case of the word's first letter.
  if (!tail.empty() && std::isupper(static_cast<unsigned char>(tail[0])) && !single.empty()) {
    single[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(single[0])));
  }
  return name.substr(0, start) + single;
}

/// The plural of a name's last word, keeping its separators: `followee` → `followees`.
std::string plural_name(const std::string& name) {
  size_t start = name.find_last_of("_- ");
  start = start == std::string::npos ? 0 : start + 1;
  std::string tail = name.substr(start);
  std::string lower = syntax::fold(tail);
  std::string many = plural(lower);
  if (!tail.empty() && std::isupper(static_cast<unsigned char>(tail[0])) && !many.empty()) {
    many[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(many[0])));
  }
  return name.substr(0, start) + many;
}

int column_index(const model::Table& t, const std::string& name) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (same_name(t.columns[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

std::string select_of(const model::Table& t) {
  std::string out = "SELECT ";
  for (size_t i = 0; i < t.columns.size(); ++i)
    out += (i ? ", " : "") + std::string("t.") + sql_ident(t.columns[i].name);
  return out;
}

std::string key_filter(const std::vector<std::string>& exprs) {
  if (exprs.size() == 1) return " WHERE " + exprs[0] + " IN (SELECT value FROM json_each(?))";
  std::string lhs, rhs;
  for (size_t i = 0; i < exprs.size(); ++i) {
    lhs += (i ? ", " : "") + exprs[i];
    rhs += (i ? ", " : "") + std::string("json_extract(value, '$[") + std::to_string(i) + "]')";
  }
  return " WHERE (" + lhs + ") IN (SELECT " + rhs + " FROM json_each(?))";
}

std::string order_by_key(const model::Table& t) {
  auto pk = t.primary_key();
  if (pk.empty()) return " ORDER BY t.rowid";
  std::string out = " ORDER BY ";
  for (size_t i = 0; i < pk.size(); ++i) out += (i ? ", " : "") + std::string("t.") + sql_ident(pk[i]->name);
  return out;
}

/// True when `cols` are exactly a unique, non-partial index of `t` (or its primary key).
bool is_unique_set(const model::Table& t, const std::vector<std::string>& cols) {
  auto same_set = [&](const std::vector<std::string>& other) {
    if (other.size() != cols.size()) return false;
    for (const auto& c : cols) {
      if (std::none_of(other.begin(), other.end(), [&](const std::string& o) { return same_name(o, c); })) return false;
    }
    return true;
  };
  std::vector<std::string> pk;
  for (const auto* c : t.primary_key()) pk.push_back(c->name);
  if (!pk.empty() && same_set(pk)) return true;
  for (const auto& ix : t.indexes) {
    if (!ix.unique || ix.partial) continue;
    std::vector<std::string> names;
    bool expr = false;
    for (const auto& c : ix.columns) {
      if (!c)
        expr = true;
      else
        names.push_back(*c);
    }
    if (!expr && same_set(names)) return true;
  }
  return false;
}

struct Fk {
  const model::ForeignKey* fk = nullptr;
  size_t child = 0, parent = 0;  // indexes into input.tables
  std::vector<std::string> to;   // resolved parent columns
  size_t first_column = 0;       // the child's first FK column index
};

}  // namespace

std::vector<std::vector<Relation>> compute_relations(const RelationInput& in,
                                                     const std::map<std::string, std::string>& overrides) {
  const auto& T = in.tables;
  std::unordered_map<std::string, size_t> by_name;  // folded name → index (names are unique, case aside)
  for (size_t i = 0; i < T.size(); ++i) by_name.emplace(syntax::fold(T[i].table->name), i);
  auto find_table = [&](const std::string& name) -> int {
    auto it = by_name.find(syntax::fold(name));
    return it == by_name.end() ? -1 : static_cast<int>(it->second);
  };
  // Every usable foreign key: parent exists and every column resolves.
  std::vector<Fk> fks;
  for (size_t ci = 0; ci < T.size(); ++ci) {
    const auto& child = *T[ci].table;
    std::vector<Fk> mine;
    for (const auto& fk : child.foreign_keys) {
      int pi = find_table(fk.table);
      if (pi < 0) continue;
      const auto& parent = *T[static_cast<size_t>(pi)].table;
      Fk f{&fk, ci, static_cast<size_t>(pi), {}, 0};
      bool ok = !fk.columns.empty();
      for (size_t j = 0; j < fk.columns.size() && ok; ++j) {
        if (j >= fk.to.size() || !fk.to[j] || column_index(parent, *fk.to[j]) < 0 ||
            column_index(child, fk.columns[j]) < 0) {
          ok = false;
          break;
        }
        f.to.push_back(parent.columns[static_cast<size_t>(column_index(parent, *fk.to[j]))].name);
      }
      if (!ok) continue;
      f.first_column = static_cast<size_t>(column_index(child, fk.columns[0]));
      mine.push_back(f);
    }
    std::stable_sort(mine.begin(), mine.end(),
                     [](const Fk& a, const Fk& b) { return a.first_column < b.first_column; });
    fks.insert(fks.end(), mine.begin(), mine.end());
  }
  auto props = [&](size_t ti, const std::vector<std::string>& cols) {
    std::vector<std::string> out;
    for (const auto& c : cols) out.push_back(T[ti].properties[static_cast<size_t>(column_index(*T[ti].table, c))]);
    return out;
  };
  std::map<std::pair<size_t, size_t>, size_t> links;  // (child, parent) → foreign keys
  std::vector<std::vector<const Fk*>> to_parent(T.size()), of_child(T.size());
  for (const auto& f : fks) {
    ++links[{f.child, f.parent}];
    to_parent[f.parent].push_back(&f);
    of_child[f.child].push_back(&f);
  }
  auto count_to = [&](size_t child, size_t parent) { return links[{child, parent}]; };

  std::vector<std::vector<Relation>> out(T.size());
  std::vector<std::string> selects(T.size());  // select_of each table, made once (a table is many relations' target)
  auto select = [&](size_t ti) -> const std::string& {
    if (selects[ti].empty()) selects[ti] = select_of(*T[ti].table);
    return selects[ti];
  };
  auto base = [&](Relation& r, size_t owner, size_t target) {
    r.owner_meta = T[owner].meta;
    r.target_table = T[target].table->name;
    r.target_meta = T[target].meta;
    r.target_row = T[target].row;
  };

  // belongs-to
  for (const auto& f : fks) {
    const auto& child = *T[f.child].table;
    const auto& parent = *T[f.parent].table;
    Relation r;
    r.kind = "belongsTo";
    base(r, f.child, f.parent);
    if (f.fk->columns.size() == 1) {
      r.name = strip_id(f.fk->columns[0]);
      if (r.name.empty()) r.name = singular_name(parent.name);
    } else {
      r.name = singular_name(parent.name);
    }
    r.nullable = std::any_of(f.fk->columns.begin(), f.fk->columns.end(), [&](const std::string& c) {
      return !child.columns[static_cast<size_t>(column_index(child, c))].not_null;
    });
    r.parent_keys = props(f.child, f.fk->columns);
    for (const auto& to : f.to) {
      r.key_exprs.push_back("t." + sql_ident(to));
      r.key_indexes.push_back(static_cast<size_t>(column_index(parent, to)));
    }
    r.select = select(f.parent) + " FROM " + sql_ident(parent.name) + " AS t";
    r.key_filter = key_filter(r.key_exprs);
    r.columns = f.fk->columns;
    r.references = f.to;
    out[f.child].push_back(std::move(r));
  }

  // has-one / has-many, by referencing table name (the schema's order), then FK column order.
  for (size_t owner = 0; owner < T.size(); ++owner) {
    for (const Fk* fp : to_parent[owner]) {
      const Fk& f = *fp;
      const auto& child = *T[f.child].table;
      Relation r;
      bool one = is_unique_set(child, f.fk->columns);
      r.kind = one ? "hasOne" : "hasMany";
      r.many = !one;
      r.nullable = one;
      base(r, owner, f.child);
      r.name = one ? singular_name(child.name) : child.name;
      if (count_to(f.child, owner) > 1) {
        std::string by = f.fk->columns.size() == 1 ? strip_id(f.fk->columns[0]) : "";
        if (by.empty()) by = f.fk->columns[0];
        r.name += "_by_" + by;
      }
      r.parent_keys = props(owner, f.to);
      for (const auto& c : f.fk->columns) {
        r.key_exprs.push_back("t." + sql_ident(c));
        r.key_indexes.push_back(static_cast<size_t>(column_index(child, c)));
      }
      r.select = select(f.child) + " FROM " + sql_ident(child.name) + " AS t";
      r.key_filter = key_filter(r.key_exprs);
      r.order = one ? "" : order_by_key(child);
      r.columns = f.fk->columns;
      r.references = f.to;
      out[owner].push_back(std::move(r));
    }
  }

  // many-to-many: a join table whose primary key is exactly two single-column foreign keys.
  std::vector<std::vector<Relation>> m2m(T.size());
  for (size_t j = 0; j < T.size(); ++j) {
    const auto& join = *T[j].table;
    auto pk = join.primary_key();
    if (pk.size() != 2) continue;
    const Fk* a = nullptr;
    const Fk* b = nullptr;
    for (const Fk* fp : of_child[j]) {
      const Fk& f = *fp;
      if (f.fk->columns.size() != 1) continue;
      if (same_name(f.fk->columns[0], pk[0]->name) && !a)
        a = &f;
      else if (same_name(f.fk->columns[0], pk[1]->name) && !b)
        b = &f;
    }
    if (!a || !b) continue;
    for (int side = 0; side < 2; ++side) {
      const Fk& mine = side == 0 ? *a : *b;
      const Fk& other = side == 0 ? *b : *a;
      size_t owner = mine.parent, target = other.parent;
      const auto& tt = *T[target].table;
      Relation r;
      r.kind = "manyToMany";
      r.many = true;
      base(r, owner, target);
      r.name = tt.name;
      if (owner == target) {
        // follows(follower_id, followee_id): a user's followees and followers.
        std::string other_name = strip_id(other.fk->columns[0]);
        r.name = other_name.empty() ? join.name + "_" + other.fk->columns[0] : plural_name(other_name);
      }
      const std::string link = mine.fk->columns[0];
      r.parent_keys = props(owner, mine.to);
      r.key_exprs = {"j." + sql_ident(link)};
      r.key_indexes = {tt.columns.size()};
      r.select = select(target) + ", j." + sql_ident(link) + " FROM " + sql_ident(join.name) + " AS j JOIN " +
                 sql_ident(tt.name) + " AS t ON t." + sql_ident(other.to[0]) + " = j." +
                 sql_ident(other.fk->columns[0]);
      r.key_filter = key_filter(r.key_exprs);
      r.order = order_by_key(tt);
      r.columns = {link};
      r.references = mine.to;
      r.through_table = join.name;
      r.through_columns = {link};
      r.through_target_columns = {other.fk->columns[0]};
      r.through_target_references = {other.to[0]};
      m2m[owner].push_back(std::move(r));
    }
  }
  for (size_t i = 0; i < T.size(); ++i) {
    std::stable_sort(m2m[i].begin(), m2m[i].end(),
                     [](const Relation& x, const Relation& y) { return x.name < y.name; });
    out[i].insert(out[i].end(), m2m[i].begin(), m2m[i].end());
  }

  // Overrides, then unique names that never shadow a column property.
  for (size_t i = 0; i < T.size(); ++i) {
    std::set<std::string> taken(T[i].properties.begin(), T[i].properties.end());
    for (auto& r : out[i]) {
      auto it = overrides.find(T[i].table->name + "." + r.name);
      if (it != overrides.end()) r.name = it->second;
      std::string name = r.name;
      if (taken.count(name)) {
        name = r.kind == "belongsTo"    ? name + "_rel"
               : r.kind == "manyToMany" ? name + "_via_" + r.through_table
                                        : name + "_rel";
      }
      for (int n = 2; taken.count(name); ++n) name = r.name + "_" + std::to_string(n);
      r.name = name;
      taken.insert(name);
      r.const_name = safe_identifier(camel(T[i].table->name)) + pascal(r.name) + "Relation";
    }
  }
  return out;
}

}  // namespace noormc::emit
