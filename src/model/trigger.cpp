// Triggers: CREATE TRIGGER and DROP TRIGGER (trigger.c). A trigger on a TEMP
// table is itself TEMP; a TEMP trigger may watch a main table.
#include <algorithm>

#include "model/change.hpp"

namespace noormc::model {

using syntax::fold;
using syntax::same_name;

void create_trigger(Change& c, const syntax::CreateTrigger& t) {
  bool temp = t.temp || same_name(t.schema.text, "temp");
  if (temp) c.temp_object(t.name, "trigger");
  if (!c.schema_supported(t.schema) || c.reserved(t.name, "trigger")) return;
  auto on_table = c.s.table(t.table.text);
  auto on_view = on_table ? Found<ViewEntry>{} : c.s.view(t.table.text);
  if (!on_table && !on_view) return c.no_such_table(t.table);
  // sqlite3BeginTrigger: a trigger on a TEMP table or view goes into the TEMP schema.
  temp = temp || on_table.temp || on_view.temp;
  Space& space = c.s.space(temp);
  std::string key = fold(t.name.text);
  if (space.triggers.has(key)) {
    if (!t.if_not_exists) c.error("E0203", t.name.span, "trigger '" + t.name.text + "' already exists");
    return;
  }
  if (on_view && t.timing != "INSTEAD OF") {
    return c.wrong_kind(
        t.table.span,
        "cannot create " + (t.timing.empty() ? std::string("BEFORE") : t.timing) + " trigger on view: " + t.table.text,
        "a trigger on a view must be INSTEAD OF");
  }
  if (on_table && t.timing == "INSTEAD OF") {
    return c.wrong_kind(t.table.span, "cannot create INSTEAD OF trigger on table: " + t.table.text);
  }
  TriggerEntry e;
  e.def = t;
  e.def.schema = {};
  e.file = &c.file;
  e.seq = ++c.s.seq;
  space.triggers.put(key, std::move(e));
}

void drop_trigger(Change& c, const syntax::Drop& d) {
  auto found = c.s.trigger(d.name.text, d.schema.text);
  if (!found) {
    if (!d.if_exists) {
      std::vector<std::string> names;
      for (const Space* sp : {&c.s.main, &c.s.temp}) {
        for (const auto& [k, x] : sp->triggers) names.push_back(x->def.name.text);
      }
      std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return fold(a) < fold(b); });
      c.no_such_object(d.name, "trigger", names);
    }
    return;
  }
  c.s.space(found.temp).triggers.erase(found.key);
}

void drop_triggers_on(Catalog::State& s, const std::string& table, bool temp) {
  auto drop_in = [&](Space& space) {
    std::vector<std::string> keys;
    for (const auto& [k, t] : space.triggers) {
      if (same_name(t->def.table.text, table)) keys.push_back(k);
    }
    for (const auto& k : keys) space.triggers.erase(k);
  };
  drop_in(s.space(temp));
  // A main table's TEMP triggers go with it, unless a TEMP table of that name is what they watch.
  if (!temp && !s.temp.tables.has(fold(table)) && !s.temp.views.has(fold(table))) drop_in(s.temp);
}

}  // namespace noormc::model
