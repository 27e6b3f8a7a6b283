// Indexes: CREATE INDEX and DROP INDEX (build.c, sqlite3CreateIndex and
// sqlite3DropIndex). An index lives in its table's entry and in its schema's
// namespace, which tables and views share.
#include <algorithm>

#include "model/change.hpp"
#include "model/derive.hpp"

namespace noormc::model {

using syntax::Expr;
using syntax::fold;
using syntax::same_name;

namespace {

/// The index's columns and WHERE may only name its table's columns.
bool index_resolves(Change& c, const syntax::CreateIndex& ci, const TableEntry& table) {
  bool good = true;
  const Relation& self = relation_of(table);
  auto resolves = [&](const syntax::ExprPtr& e) {
    Resolver res(c.s.lookup(), c.file.text());
    Expr copy = *e;
    res.walk_table_expr(copy, self, [](Expr&, const Binding*) {});
    if (c.report_issues(res)) good = false;
  };
  for (const auto& col : ci.columns) {
    if (col.column) {
      if (column_index(table.def, col.column->text) < 0 && !same_name(col.column->text, "rowid")) {
        c.no_such_column(*col.column, table.def);
        good = false;
      }
    } else if (col.expr) {
      resolves(col.expr);
    }
  }
  if (ci.where) resolves(ci.where);
  return good;
}

}  // namespace

void create_index(Change& c, const syntax::CreateIndex& ci) {
  if (!c.schema_supported(ci.schema) || c.reserved(ci.name, "index")) return;
  auto table = c.s.table(ci.table.text, ci.schema.text);
  if (!table) {
    if (c.s.view(ci.table.text, ci.schema.text)) {
      c.wrong_kind(ci.table.span, "views may not be indexed");
    } else {
      c.no_such_table(ci.table);
    }
    return;
  }
  Space& space = c.s.space(table.temp);
  if (c.name_taken(space, ci.name, ci.if_not_exists, "index")) return;
  if (table.entry->module) return c.wrong_kind(ci.table.span, "virtual tables may not be indexed");
  if (!index_resolves(c, ci, *table.entry)) return;
  IndexEntry ix;
  ix.def = ci;
  ix.def.schema = {};
  ix.file = &c.file;
  ix.seq = ++c.s.seq;
  space.index_table.mut()[fold(ci.name.text)] = table.key;
  space.tables.edit(table.key).indexes.push_back(std::move(ix));
}

void drop_index(Change& c, const syntax::Drop& d) {
  std::string key = fold(d.name.text);
  Space* space = nullptr;
  for (bool temp : {true, false}) {
    if (same_name(d.schema.text, temp ? "main" : "temp")) continue;
    if (c.s.space(temp).index_table->count(key)) {
      space = &c.s.space(temp);
      break;
    }
  }
  if (!space) {
    if (key.rfind("sqlite_autoindex_", 0) == 0) {
      c.wrong_kind(d.name.span, "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped");
    } else if (!d.if_exists) {
      std::vector<std::string> names;
      for (const Space* sp : {&c.s.main, &c.s.temp}) {
        for (const auto& [k, t] : sp->tables) {
          for (const auto& ix : t->indexes) names.push_back(ix.def.name.text);
        }
      }
      std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return fold(a) < fold(b); });
      c.no_such_object(d.name, "index", names);
    }
    return;
  }
  auto& table = space->tables.edit(space->index_table->at(key));
  space->index_table.mut().erase(key);
  std::erase_if(table.indexes, [&](const IndexEntry& ix) { return fold(ix.def.name.text) == key; });
}

}  // namespace noormc::model
