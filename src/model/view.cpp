// Views: CREATE VIEW and DROP VIEW (view.c, sqlite3CreateView). A view keeps
// its SELECT as written; its columns are resolved when asked, so `SELECT *`
// follows later columns as in SQLite.
#include <algorithm>

#include "model/change.hpp"

namespace noormc::model {

using syntax::fold;
using syntax::same_name;

void create_view(Change& c, const syntax::CreateView& v) {
  bool temp = v.temp || same_name(v.schema.text, "temp");
  if (temp) c.temp_object(v.name, "view");
  if (!c.schema_supported(v.schema) || c.reserved(v.name, "view")) return;
  Space& space = c.s.space(temp);
  if (c.name_taken(space, v.name, v.if_not_exists, "VIEW")) return;
  ViewEntry e;
  e.def = v;
  e.def.schema = {};
  e.file = &c.file;
  e.seq = ++c.s.seq;
  space.views.put(fold(v.name.text), std::move(e));
}

void drop_view(Change& c, const syntax::Drop& d) {
  auto found = c.s.view(d.name.text, d.schema.text);
  if (!found) {
    if (c.s.table(d.name.text, d.schema.text)) {
      c.wrong_kind(d.name.span, "use DROP TABLE to delete table '" + d.name.text + "'");
    } else if (!d.if_exists) {
      std::vector<std::string> names;
      for (const Space* sp : {&c.s.main, &c.s.temp}) {
        for (const auto& [k, x] : sp->views) names.push_back(x->def.name.text);
      }
      std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return fold(a) < fold(b); });
      c.no_such_object(d.name, "view", names);
    }
    return;
  }
  std::string name = found.entry->def.name.text;
  c.s.space(found.temp).views.erase(found.key);
  drop_triggers_on(c.s, name, found.temp);
}

}  // namespace noormc::model
