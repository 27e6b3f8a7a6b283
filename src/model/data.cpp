// Statements that change rows or connection settings, not the schema: INSERT,
// UPDATE, DELETE and SELECT must resolve against the schema as it is at that
// point (SQLite prepares them then, and refuses what it cannot prepare);
// PRAGMA legacy_alter_table and foreign_keys change what later ALTER TABLE
// statements do.
#include <algorithm>

#include "model/change.hpp"
#include "model/derive.hpp"
#include "model/pragma.hpp"

namespace noormc::model {

using syntax::Expr;
using syntax::fold;
using syntax::same_name;

namespace {

const syntax::Name* target_of(const syntax::Statement& st) {
  if (auto* i = std::get_if<syntax::Insert>(&st.body)) return &i->table;
  if (auto* u = std::get_if<syntax::Update>(&st.body)) return &u->table;
  if (auto* d = std::get_if<syntax::Delete>(&st.body)) return &d->table;
  return nullptr;
}

bool is_generated(const syntax::ColumnDef& c) {
  return has_constraint(c, CK::Generated);
}

/// A view takes writes only through an INSTEAD OF trigger for that event (trigger.c, sqlite3IsReadOnly).
bool has_instead_of(const Catalog::State& s, const std::string& view, const char* event) {
  for (bool temp : {false, true}) {
    for (const auto& [k, t] : s.space(temp).triggers) {
      if (same_name(t->def.table.text, view) && t->def.timing == "INSTEAD OF" && t->def.event == event) return true;
    }
  }
  return false;
}

/// An upsert writes a table SQLite can look a conflict up in: no view (even
/// with an INSTEAD OF trigger), no virtual table (insert.c, sqlite3Insert).
bool upsertable(Change& c, const syntax::Statement& st, const syntax::Name& target) {
  const auto* ins = std::get_if<syntax::Insert>(&st.body);
  if (!ins || ins->upserts.empty()) return true;
  auto t = c.s.table(target.text);
  if (t && !t.entry->module) return true;
  std::string fix =
      "an ON CONFLICT clause needs a real table: write to the table itself, or test for the row "
      "first (`INSERT ... SELECT ... WHERE NOT EXISTS (...)`)";
  if (t) {
    c.refused("E0217", target.span, "UPSERT not implemented for virtual table \"" + t.entry->def.name.text + "\"", fix);
  } else {
    c.refused("E0217", target.span, "cannot UPSERT a view", fix);
  }
  return false;
}

/// The table a write may not change: SQLite's schema table, a view without
/// an INSTEAD OF trigger (delete.c, sqlite3IsReadOnly).
bool writable(Change& c, const syntax::Statement& st, const syntax::Name& target) {
  const char* event = std::holds_alternative<syntax::Insert>(st.body)   ? "INSERT"
                      : std::holds_alternative<syntax::Update>(st.body) ? "UPDATE"
                                                                        : "DELETE";
  for (const char* schema : {"sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema"}) {
    if (!same_name(target.text, schema)) continue;
    std::string name = fold(target.text).find("temp") != std::string::npos ? "sqlite_temp_master" : "sqlite_master";
    c.refused("E0217", target.span, "table " + name + " may not be modified",
              "SQLite changes its schema table itself: use CREATE, ALTER and DROP statements");
    return false;
  }
  if (c.s.table(target.text) || !c.s.view(target.text) || has_instead_of(c.s, target.text, event)) {
    return upsertable(c, st, target);
  }
  c.refused("E0217", target.span, "cannot modify " + target.text + " because it is a view",
            std::string("write to the view's tables, or create an INSTEAD OF ") + event + " trigger on it first");
  return false;
}

/// The columns an INSERT without a column list fills: all but generated ones
/// (insert.c, COLFLAG_NOINSERT); a view's columns.
std::optional<size_t> insertable_columns(const Catalog::State& s, const std::string& name) {
  if (auto t = s.table(name)) {
    if (t.entry->module) return std::nullopt;
    return static_cast<size_t>(std::count_if(t.entry->def.columns.begin(), t.entry->def.columns.end(),
                                             [](const syntax::ColumnDef& c) { return !is_generated(c); }));
  }
  if (const Relation* r = s.relation(name)) return r->columns.size();
  return std::nullopt;
}

/// insert.c, sqlite3Insert: as many values as columns, and no generated column named.
void check_insert(Change& c, const syntax::Insert& ins, const Resolver& res) {
  auto t = c.s.table(ins.table.text);
  for (const auto& n : ins.columns) {
    if (!t) break;
    int i = column_index(t.entry->def, n.text);
    if (i >= 0 && is_generated(t.entry->def.columns[static_cast<size_t>(i)])) {
      c.refused("E0217", n.span, "cannot INSERT into generated column \"" + n.text + "\"",
                "SQLite computes a generated column: leave it out of the column list");
    }
  }
  std::optional<size_t> values;
  if (!ins.values.empty()) values = ins.values[0].size();
  if (ins.select) values = res.width(*ins.select);
  bool rows_agree = std::all_of(ins.values.begin(), ins.values.end(),
                                [&](const auto& row) { return row.size() == ins.values[0].size(); });
  if (!values || !rows_agree) return;
  syntax::Span at = ins.table.span;
  if (!ins.columns.empty()) {
    if (*values == ins.columns.size()) return;
    c.refused("E0215", at, std::to_string(*values) + " values for " + std::to_string(ins.columns.size()) + " columns",
              "give one value per column of the list");
    return;
  }
  auto columns = insertable_columns(c.s, ins.table.text);
  if (!columns || *columns == *values) return;
  std::string name = ins.alias ? ins.alias->text : (ins.schema.empty() ? "" : ins.schema.text + ".") + ins.table.text;
  c.refused("E0215", at,
            "table " + name + " has " + std::to_string(*columns) + " columns but " + std::to_string(*values) +
                " values were supplied",
            "name the columns the values are for: INSERT INTO " + ins.table.text + " (a, b) VALUES (...)");
}

/// update.c: a generated column cannot be SET.
void check_update(Change& c, const syntax::Update& upd) {
  auto t = c.s.table(upd.table.text);
  if (!t) return;
  for (const auto& item : upd.set) {
    for (const auto& n : item.columns) {
      int i = column_index(t.entry->def, n.text);
      if (i >= 0 && is_generated(t.entry->def.columns[static_cast<size_t>(i)])) {
        c.refused("E0217", n.span, "cannot UPDATE generated column \"" + n.text + "\"",
                  "SQLite computes a generated column: update the columns it is computed from");
      }
    }
  }
}

/// What SQLite refuses in a write's shape once its names resolve: value counts and generated columns of
/// an INSERT, its upsert targets, generated columns of an UPDATE. For a statement of the file and for each
/// write of a fired trigger's body alike.
void check_write_shape(Change& c, const syntax::Statement& st, const Resolver& res) {
  if (const auto* ins = std::get_if<syntax::Insert>(&st.body)) {
    check_insert(c, *ins, res);
    if (c.ok()) check_upsert_targets(c, *ins);
  }
  if (const auto* upd = std::get_if<syntax::Update>(&st.body)) check_update(c, *upd);
}

bool fires(const syntax::CreateTrigger& t, const syntax::Statement& st) {
  if (std::holds_alternative<syntax::Delete>(st.body)) return t.event == "DELETE";
  std::vector<syntax::Name> set;
  bool update = false;
  if (const auto* ins = std::get_if<syntax::Insert>(&st.body)) {
    if (t.event == "INSERT") return true;
    for (const auto& up : ins->upserts) {
      update = update || !up.do_nothing;
      for (const auto& item : up.set) set.insert(set.end(), item.columns.begin(), item.columns.end());
    }
  } else if (const auto* upd = std::get_if<syntax::Update>(&st.body)) {
    update = true;
    for (const auto& item : upd->set) set.insert(set.end(), item.columns.begin(), item.columns.end());
  }
  if (!update || t.event != "UPDATE") return false;
  if (t.update_of.empty()) return true;
  return std::any_of(t.update_of.begin(), t.update_of.end(), [&](const syntax::Name& n) {
    return std::any_of(set.begin(), set.end(), [&](const syntax::Name& m) { return same_name(n.text, m.text); });
  });
}

/// The triggers SQLite has already coded while preparing one statement: it
/// codes each (trigger, ON CONFLICT) pair once and reuses it (trigger.c,
/// getRowTrigger), so a chain of triggers firing each other ends.
using Coded = std::vector<const TriggerEntry*>;

/// SQLite's message, and the trigger whose body it came from.
struct BodyRefusal {
  std::string why, trigger;
};

BodyRefusal first_fired_refusal(Catalog::State& s, const syntax::Statement& st, const syntax::Name& target,
                                const SourceFile& file, Coded& coded);

/// What SQLite refuses when it codes one statement of a trigger's body (the
/// same rules as for the statement written on its own: insert.c, update.c,
/// delete.c), and in turn the triggers that statement fires; "" when none.
BodyRefusal body_write_refusal(Catalog::State& s, const syntax::Statement& st, const Resolver& res,
                               const SourceFile& file, Coded& coded) {
  const syntax::Name* target = target_of(st);
  if (!target) return {};
  Diagnostics scratch;
  Change c(s, file, scratch);
  if (!writable(c, st, *target)) return {scratch.items().front().message, {}};
  check_write_shape(c, st, res);
  if (!c.ok()) return {scratch.items().front().message, {}};
  return first_fired_refusal(s, st, *target, file, coded);
}

/// The first refusal SQLite meets when it codes the triggers `st` fires on
/// `target`: their bodies' names, expressions and writes; "" when none.
BodyRefusal first_fired_refusal(Catalog::State& s, const syntax::Statement& st, const syntax::Name& target,
                                const SourceFile& file, Coded& coded) {
  for (bool temp : {false, true}) {
    for (const auto& [k, t] : s.space(temp).triggers) {
      if (!same_name(t->def.table.text, target.text) || !fires(t->def, st)) continue;
      if (std::find(coded.begin(), coded.end(), t.get()) != coded.end()) continue;
      coded.push_back(t.get());
      Resolver res(s.lookup(), t->file ? t->file->text() : std::string_view{});
      res.runs_now = true;
      syntax::CreateTrigger copy = t->def;
      res.walk_trigger(copy, [](Expr&, const Binding*) {});
      const std::string& name = t->def.name.text;
      if (!res.issues.empty()) return {res.issues[0].message, name};
      if (!res.refusals.empty()) return {res.refusals[0].message, name};
      auto body = trigger_body_refusals(copy);
      if (!body.empty()) return {body[0].message, name};
      for (const auto& b : copy.body) {
        BodyRefusal r = body_write_refusal(s, *b, res, t->file ? *t->file : file, coded);
        if (r.trigger.empty() && !r.why.empty()) r.trigger = name;
        if (!r.why.empty()) return r;
      }
    }
  }
  return {};
}

/// SQLite stores a trigger without resolving its body, and codes the body of
/// every trigger a write fires when it prepares the write (trigger.c,
/// sqlite3CodeRowTrigger): what it refuses there refuses the write.
void check_fired_triggers(Change& c, const syntax::Statement& st, const syntax::Name& target) {
  Coded coded;
  BodyRefusal r = first_fired_refusal(c.s, st, target, c.file, coded);
  if (r.why.empty()) return;
  c.refused("E0215", target.span, r.why,
            "this statement fires trigger " + r.trigger +
                ", whose body SQLite stored without checking and refuses when it prepares a statement that fires "
                "it; re-create the trigger (DROP TRIGGER, CREATE TRIGGER) with a body that works first");
}

}  // namespace

void data_statement(Change& c, const syntax::Statement& st) {
  const syntax::Name* target = target_of(st);
  if (target && !writable(c, st, *target)) return;
  if (target && !c.s.table(target->text) && !c.s.view(target->text)) return c.no_such_table(*target);
  syntax::Statement copy = st;
  Resolver res(c.s.lookup(), c.file.text());
  res.runs_now = true;
  res.walk_statement(copy, [](Expr&, const Binding*) {});
  if (c.report_issues(res)) return;
  if (res.refusals.empty()) res.refusals = function_use_refusals(copy);
  for (const auto& r : res.refusals) c.refused("E0215", r.span, r.message, r.fix);
  if (!res.refusals.empty()) return;
  check_write_shape(c, copy, res);
  if (target && c.ok()) check_fired_triggers(c, st, *target);
}

void set_pragma(Change& c, const syntax::Pragma& p) {
  if (!p.value) return;
  if (syntax::same_name(p.name.text, "legacy_alter_table")) c.s.legacy_alter_table = pragma_boolean(*p.value);
  if (syntax::same_name(p.name.text, "foreign_keys")) c.s.foreign_keys = pragma_boolean(*p.value);
}

}  // namespace noormc::model
