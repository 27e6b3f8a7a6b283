// Statements that change rows or connection settings, not the schema: INSERT,
// UPDATE, DELETE and SELECT must resolve against the schema as it is at that
// point (SQLite prepares them then); PRAGMA legacy_alter_table and
// foreign_keys change what later ALTER TABLE statements do.
#include "model/change.hpp"

namespace noormc::model {

using syntax::Expr;
using syntax::fold;

namespace {

/// INSERT, UPDATE and DELETE are walked as the body of a trigger on their
/// target table, which gives the resolver the target's scope.
void walk_write(Change& c, Resolver& res, const syntax::Statement& st) {
  syntax::Name target;
  if (auto* i = std::get_if<syntax::Insert>(&st.body)) target = i->table;
  if (auto* u = std::get_if<syntax::Update>(&st.body)) target = u->table;
  if (auto* d = std::get_if<syntax::Delete>(&st.body)) target = d->table;
  if (!c.s.table(target.text) && !c.s.view(target.text)) return c.no_such_table(target);
  syntax::CreateTrigger t;
  t.table = target;
  t.body.push_back(syntax::make_node<syntax::Statement>(st));
  res.check_target_columns = true;  // a data statement runs now: its target columns must exist
  res.walk_trigger(t, [](Expr&, const Binding*) {});
}

bool truthy(const std::string& v) {
  std::string f = fold(v);
  return f == "1" || f == "on" || f == "true" || f == "yes";
}

}  // namespace

void data_statement(Change& c, const syntax::Statement& st) {
  Resolver res(c.s.lookup(), c.file.text());
  if (const auto* sel = std::get_if<syntax::Select>(&st.body)) {
    syntax::Select copy = *sel;
    res.walk(copy, [](Expr&, const Binding*) {});
  } else {
    walk_write(c, res, st);
  }
  c.report_issues(res);
}

void set_pragma(Change& c, const syntax::Pragma& p) {
  if (!p.value) return;
  if (syntax::same_name(p.name.text, "legacy_alter_table")) c.s.legacy_alter_table = truthy(*p.value);
  if (syntax::same_name(p.name.text, "foreign_keys")) c.s.foreign_keys = truthy(*p.value);
}

}  // namespace noormc::model
