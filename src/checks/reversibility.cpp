#include "checks/reversibility.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

namespace noormc::checks {

using model::Column;
using model::ForeignKey;
using model::Index;
using model::Schema;
using model::Table;

namespace {

using Found = std::optional<std::string>;

/// Words for an object the down leaves that was not there before the up, or
/// drops that was: whether the up or the down did it shows in `after_up`.
struct Words {
  const Schema* after_up = nullptr;

  std::string extra(const std::string& what, bool in_after_up) const {
    if (!after_up || in_after_up) return "leaves " + what + " that the up created";
    return "creates " + what + ", which did not exist before the up";
  }
  std::string missing(const std::string& what, bool in_after_up) const {
    if (!after_up || !in_after_up) return "does not re-create " + what + " that the up dropped";
    return "drops " + what + ", which existed before the up";
  }
  const Table* table(const std::string& name) const {
    if (!after_up) return nullptr;
    for (const auto& t : after_up->tables) {
      if (syntax::same_name(t.name, name)) return &t;
    }
    return nullptr;
  }
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string join(const std::vector<std::optional<std::string>>& v) {
  std::vector<std::string> names;
  for (const auto& s : v) names.push_back(s ? *s : "<expr>");
  return join(names);
}

std::string describe(const Column& c) {
  std::string out = c.type.empty() ? "no type" : c.type;
  if (c.not_null) out += " NOT NULL";
  if (c.default_value) out += " DEFAULT " + *c.default_value;
  if (c.primary_key) out += " PRIMARY KEY (" + std::to_string(c.primary_key) + ")";
  if (!c.generated.empty()) out += " GENERATED " + c.generated;
  return out;
}

std::string describe(const Table& t, const ForeignKey& fk) {
  return t.name + "(" + join(fk.columns) + ") → " + fk.table + "(" + join(fk.to) + ") ON DELETE " + fk.on_delete +
         " ON UPDATE " + fk.on_update;
}

std::string describe(const Index& ix) {
  return std::string(ix.unique ? "UNIQUE " : "") + (ix.partial ? "partial " : "") + "index " + ix.name + " (" +
         join(ix.columns) + ")";
}

std::string flags(const Table& t) {
  std::string out;
  if (t.virtual_module) out += "VIRTUAL (" + *t.virtual_module + ") ";
  if (t.without_rowid) out += "WITHOUT ROWID ";
  if (t.strict) out += "STRICT ";
  return out.empty() ? "a plain table" : out.substr(0, out.size() - 1);
}

bool same_column(const Column& a, const Column& b) {
  return a.name == b.name && a.type == b.type && a.not_null == b.not_null && a.default_value == b.default_value &&
         a.primary_key == b.primary_key && a.generated == b.generated;
}

/// SQLite names objects case-insensitively (ASCII): `REFERENCES Regions` and a
/// `regions` table are the same, and a RENAME round trip respells the reference.
bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const std::string& x, const std::string& y) { return syntax::same_name(x, y); });
}

bool same_names(const std::vector<std::optional<std::string>>& a, const std::vector<std::optional<std::string>>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.has_value() == y.has_value() && (!x || syntax::same_name(*x, *y));
  });
}

bool same_fk(const ForeignKey& a, const ForeignKey& b) {
  return same_names(a.columns, b.columns) && syntax::same_name(a.table, b.table) && same_names(a.to, b.to) &&
         a.on_delete == b.on_delete && a.on_update == b.on_update;
}

bool same_index(const Index& a, const Index& b) {
  return syntax::same_name(a.name, b.name) && a.unique == b.unique && a.origin == b.origin && a.partial == b.partial &&
         same_names(a.columns, b.columns);
}

template <typename T, typename Key>
const T* find(const std::vector<T>& v, const Key& key) {
  for (const auto& x : v) {
    if (key(x)) return &x;
  }
  return nullptr;
}

Found compare_columns(const Table& b, const Table& a, bool order, const Words& w) {
  const Table* mid = w.table(a.name);
  for (const auto& c : a.columns) {
    if (b.column(c.name)) continue;
    if (!w.after_up || (mid && mid->column(c.name))) {
      return "leaves column " + a.name + "." + c.name + " that the up added";
    }
    return "adds column " + a.name + "." + c.name + ", which did not exist before the up";
  }
  for (const auto& c : b.columns) {
    if (a.column(c.name)) continue;
    if (!w.after_up || !(mid && mid->column(c.name))) {
      return "does not restore column " + b.name + "." + c.name + " that the up dropped";
    }
    return "drops column " + b.name + "." + c.name + ", which existed before the up";
  }
  for (const auto& c : a.columns) {
    const Column& old = *b.column(c.name);
    if (!same_column(old, c)) {
      return "leaves column " + a.name + "." + c.name + " as " + describe(c) + "; before the up it was " +
             describe(old);
    }
  }
  std::vector<std::string> bn, an;
  for (const auto& c : b.columns) bn.push_back(c.name);
  for (const auto& c : a.columns) an.push_back(c.name);
  if (order && bn != an) {
    return "leaves the columns of " + a.name + " in the order (" + join(an) + "); before the up: (" + join(bn) + ")";
  }
  return std::nullopt;
}

bool has_fk(const Table* t, const ForeignKey& fk) {
  return t && std::any_of(t->foreign_keys.begin(), t->foreign_keys.end(),
                          [&](const ForeignKey& x) { return same_fk(x, fk); });
}

Found compare_foreign_keys(const Table& b, const Table& a, const Words& w) {
  const Table* mid = w.table(a.name);
  for (const auto& fk : a.foreign_keys) {
    if (has_fk(&b, fk)) continue;
    auto on_same_columns = [&](const ForeignKey& x) { return same_names(x.columns, fk.columns); };
    if (const ForeignKey* old = find(b.foreign_keys, on_same_columns)) {
      return "leaves foreign key " + describe(a, fk) + "; before the up it was " + describe(b, *old);
    }
    if (!w.after_up || has_fk(mid, fk)) return "leaves foreign key " + describe(a, fk) + " that the up added";
    return "adds foreign key " + describe(a, fk) + ", which did not exist before the up";
  }
  for (const auto& fk : b.foreign_keys) {
    if (has_fk(&a, fk)) continue;
    if (!w.after_up || !has_fk(mid, fk)) {
      return "does not restore foreign key " + describe(b, fk) + " that the up removed";
    }
    return "removes foreign key " + describe(b, fk) + ", which existed before the up";
  }
  return std::nullopt;
}

bool has_index(const Table* t, const std::string& name) {
  return t && std::any_of(t->indexes.begin(), t->indexes.end(),
                          [&](const Index& x) { return syntax::same_name(x.name, name); });
}

Found compare_indexes(const Table& b, const Table& a, const Words& w) {
  const Table* mid = w.table(a.name);
  for (const auto& ix : a.indexes) {
    const Index* old = find(b.indexes, [&](const Index& x) { return syntax::same_name(x.name, ix.name); });
    if (!old) return w.extra(describe(ix) + " on " + a.name, has_index(mid, ix.name));
    if (!same_index(*old, ix)) {
      return "leaves " + describe(ix) + " on " + a.name + "; before the up it was " + describe(*old);
    }
  }
  for (const auto& ix : b.indexes) {
    if (!find(a.indexes, [&](const Index& x) { return syntax::same_name(x.name, ix.name); })) {
      return w.missing(describe(ix) + " on " + b.name, has_index(mid, ix.name));
    }
  }
  return std::nullopt;
}

Found compare_table(const Table& b, const Table& a, bool order, const Words& w) {
  if (a.name != b.name) return "leaves table " + b.name + " spelled " + a.name + " (SQLite reports the new spelling)";
  if (flags(a) != flags(b)) {
    return "leaves table " + a.name + " " + flags(a) + "; before the up it was " + flags(b);
  }
  if (auto d = compare_columns(b, a, order, w)) return d;
  if (auto d = compare_foreign_keys(b, a, w)) return d;
  return compare_indexes(b, a, w);
}

Found compare_tables(const Schema& b, const Schema& a, bool order, const Words& w) {
  for (const auto& t : a.tables) {
    const Table* old = find(b.tables, [&](const Table& x) { return syntax::same_name(x.name, t.name); });
    if (!old) return w.extra("table " + t.name, w.table(t.name) != nullptr);
    if (auto d = compare_table(*old, t, order, w)) return d;
  }
  for (const auto& t : b.tables) {
    if (!find(a.tables, [&](const Table& x) { return syntax::same_name(x.name, t.name); })) {
      return w.missing("table " + t.name, w.table(t.name) != nullptr);
    }
  }
  return std::nullopt;
}

std::vector<std::string> view_columns(const model::View& v) {
  std::vector<std::string> out;
  for (const auto& c : v.columns) out.push_back(c.name);
  return out;
}

bool has_view(const Schema* s, const std::string& name) {
  return s && std::any_of(s->views.begin(), s->views.end(),
                          [&](const model::View& x) { return syntax::same_name(x.name, name); });
}

bool has_trigger(const Schema* s, const std::string& name) {
  return s && std::any_of(s->triggers.begin(), s->triggers.end(),
                          [&](const model::Trigger& x) { return syntax::same_name(x.name, name); });
}

Found compare_views(const Schema& b, const Schema& a, const Words& w) {
  for (const auto& v : a.views) {
    const model::View* old = find(b.views, [&](const model::View& x) { return syntax::same_name(x.name, v.name); });
    if (!old) return w.extra("view " + v.name, has_view(w.after_up, v.name));
    if (view_columns(*old) != view_columns(v)) {
      return "leaves view " + v.name + " with columns (" + join(view_columns(v)) + "); before the up: (" +
             join(view_columns(*old)) + ")";
    }
  }
  for (const auto& v : b.views) {
    if (!find(a.views, [&](const model::View& x) { return syntax::same_name(x.name, v.name); })) {
      return w.missing("view " + v.name, has_view(w.after_up, v.name));
    }
  }
  return std::nullopt;
}

Found compare_triggers(const Schema& b, const Schema& a, const Words& w) {
  for (const auto& t : a.triggers) {
    auto* old = find(b.triggers, [&](const model::Trigger& x) { return syntax::same_name(x.name, t.name); });
    if (!old) return w.extra("trigger " + t.name, has_trigger(w.after_up, t.name));
    if (!syntax::same_name(old->table, t.table)) {
      return "leaves trigger " + t.name + " on " + t.table + "; before the up it was on " + old->table;
    }
  }
  for (const auto& t : b.triggers) {
    if (!find(a.triggers, [&](const model::Trigger& x) { return syntax::same_name(x.name, t.name); })) {
      return w.missing("trigger " + t.name, has_trigger(w.after_up, t.name));
    }
  }
  return std::nullopt;
}

std::string base_name(const SourceFile& f) {
  return std::filesystem::path(f.path()).filename().string();
}

}  // namespace

std::optional<Difference> first_difference(const Schema& before, const Schema& after, const Schema* after_up) {
  Words w{after_up};
  if (auto d = compare_tables(before, after, false, w)) return Difference{*d, false};
  if (auto d = compare_views(before, after, w)) return Difference{*d, false};
  if (auto d = compare_triggers(before, after, w)) return Difference{*d, false};
  if (auto d = compare_tables(before, after, true, w)) return Difference{*d, true};
  return std::nullopt;
}

DownVerdict replay_down(const Schema& before, const model::Catalog& after_up, const Schema* middle,
                        const syntax::Migration& m, Diagnostics& diags, const DownHooks& hooks) {
  DownVerdict v;
  if (!m.down) return v;
  model::Catalog trial = after_up;
  for (const auto& st : m.down_parsed.statements) {
    if (hooks.before) hooks.before(*st, trial);
    v.applied = trial.apply(*st, *m.down, diags) && v.applied;
    if (hooks.after) hooks.after(*st, trial);
  }
  if (!v.applied) return v;
  std::optional<Schema> computed;
  if (!middle) computed = after_up.schema();
  v.difference = first_difference(before, trial.schema(), middle ? middle : &*computed);
  return v;
}

void check_reversible(const Schema& before, const model::Catalog& after_up, const Schema* middle,
                      const syntax::Migration& m, Diagnostics& diags, const DownHooks& hooks) {
  if (!m.down) {
    if (m.declared_irreversible || !m.up) return;
    diags
        .add_at_start(Severity::Warning, "W0601", *m.up,
                      "migration " + m.id + " has no down file: it cannot be rolled back")
        .notes.push_back("add " + m.id + ".down.sql that reverses it, or declare it with `-- " +
                         "noormc:irreversible` on the first line of " + base_name(*m.up));
    return;
  }
  DownVerdict v = replay_down(before, after_up, middle, m, diags, hooks);
  if (!v.applied || !v.difference) return;
  const Difference& d = *v.difference;
  std::string message = base_name(*m.down) + " " + d.text;
  if (d.order_only) {
    diags.add_at_start(Severity::Warning, "W0603", *m.down, message)
        .notes.push_back(
            "SELECT * and INSERT without a column list see the new order; rebuild the "
            "table in the down file to restore it exactly");
    return;
  }
  diags.add_at_start(Severity::Error, "E0602", *m.down, message)
      .notes.push_back("a down file must give back the schema from before " + base_name(*m.up) + "; `noormc sql " +
                       m.id + " --down` prints what it runs");
}

}  // namespace noormc::checks
