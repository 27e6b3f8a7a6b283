// Tables: CREATE TABLE (and AS SELECT), ALTER TABLE RENAME TO, ADD COLUMN,
// RENAME COLUMN, DROP COLUMN, and DROP TABLE, each as SQLite's build.c and
// alter.c give it meaning.
#include <algorithm>
#include <optional>
#include <set>

#include "model/change.hpp"
#include "model/derive.hpp"

namespace noormc::model {

using syntax::Expr;
using syntax::ExprKind;
using syntax::ExprPtr;
using syntax::fold;
using syntax::Name;
using syntax::same_name;

namespace {

/// The declared type CREATE TABLE ... AS gives a column of this affinity (select.c, sqlite3ColumnsFromExprList).
std::string affinity_type(Affinity a) {
  switch (a) {
    case Affinity::Integer:
      return "INT";
    case Affinity::Text:
      return "TEXT";
    case Affinity::Numeric:
      return "NUM";
    case Affinity::Real:
      return "REAL";
    case Affinity::Blob:
      return "";
  }
  return "";
}

/// CAST(x AS T) gives T's affinity; a bare column its own; any other expression none (sqlite3ExprAffinity).
void fix_ctas_types(syntax::CreateTable& def, const syntax::Select& sel) {
  if (sel.cores.empty() || sel.cores[0].is_values) return;
  size_t i = 0;
  for (const auto& rc : sel.cores[0].columns) {
    if (rc.kind != syntax::ResultColumn::Kind::Expr) return;  // * expansions keep column types
    if (i >= def.columns.size()) return;
    const Expr* e = rc.expr.get();
    while (e->kind == ExprKind::Collate || (e->kind == ExprKind::Paren && e->args.size() == 1)) e = e->args[0].get();
    if (e->kind == ExprKind::Cast) {
      def.columns[i].type = affinity_type(affinity_of(e->text));
    } else if (e->kind != ExprKind::Column && e->kind != ExprKind::Subquery) {
      def.columns[i].type = "";
    }
    ++i;
  }
}

/// CREATE TABLE ... AS SELECT: the columns the select names, typed by affinity.
bool table_as_select(Change& c, const syntax::CreateTable& ct, syntax::CreateTable& def) {
  def.name = ct.name;
  Resolver res(c.s.lookup(), c.file.text());
  auto cols = res.result_columns(*ct.as_select);
  if (c.report_issues(res)) return false;
  for (const auto& col : cols) {
    syntax::ColumnDef cd;
    cd.name.text = col.name;
    cd.type = col.source_table ? affinity_type(affinity_of(col.type)) : "";
    def.columns.push_back(std::move(cd));
  }
  fix_ctas_types(def, *ct.as_select);
  return true;
}

/// The table ALTER TABLE names, when SQLite lets it be altered (alter.c, isAlterableTable).
Found<TableEntry> alterable(Change& c, const Name& table, const Name& schema, bool rename) {
  auto found = c.s.table(table.text, schema.text);
  if (!found) {
    if (c.s.view(table.text, schema.text)) {
      c.wrong_kind(table.span, "view '" + table.text + "' may not be altered", "drop the view and create it again");
    } else {
      c.no_such_table(table);
    }
    return {};
  }
  if (found.entry->module && !rename) {
    c.wrong_kind(table.span, "virtual table '" + table.text + "' may not be altered",
                 "drop the virtual table and create it again");
    return {};
  }
  if (reserved_name(table.text)) {
    c.wrong_kind(table.span, "table " + table.text + " may not be altered");
    return {};
  }
  return found;
}

/// A relation for expressions that belong to the table `t` (CHECK, generated, index).
Relation self_relation(const syntax::CreateTable& t) {
  Relation self;
  self.name = t.name.text;
  for (const auto& col : t.columns)
    self.columns.push_back({col.name.text, normalize_type(col.type), t.name.text, col.name.text});
  self.has_rowid = !t.without_rowid;
  int ipk = rowid_alias_index(t);
  if (ipk >= 0) self.rowid_alias = t.columns[static_cast<size_t>(ipk)].name.text;
  return self;
}

/// Issues of an expression of the table, resolved on a copy.
std::vector<ResolveIssue> table_expr_issues(Change& c, const ExprPtr& e, const Relation& self) {
  if (!e) return {};
  Resolver res(c.s.lookup(), c.file.text());
  Expr copy = *e;
  res.walk_table_expr(copy, self, [](Expr&, const Binding*) {});
  return res.issues;
}

}  // namespace

// ---------------------------------------------------------------- CREATE TABLE

void create_table(Change& c, const syntax::CreateTable& ct) {
  bool temp = ct.temp || same_name(ct.schema.text, "temp");
  if (temp) c.temp_object(ct.name, "table");
  if (!c.schema_supported(ct.schema) || c.reserved(ct.name, "table")) return;
  Space& space = c.s.space(temp);
  if (c.name_taken(space, ct.name, ct.if_not_exists, "TABLE")) return;
  TableEntry e;
  e.file = &c.file;
  e.seq = ++c.s.seq;
  if (ct.as_select) {
    if (!table_as_select(c, ct, e.def)) return;
  } else {
    e.def = ct;
    e.def.as_select = nullptr;
    if (!validate_table(c, e.def)) return;
  }
  e.def.schema = {};
  e.column_files.assign(e.def.columns.size(), &c.file);
  space.tables.put(fold(ct.name.text), std::move(e));
}

namespace {

bool validate_columns(Change& c, const syntax::CreateTable& t, int& pk_count) {
  bool good = true;
  auto fail = [&](syntax::Span span, std::string msg, std::string note = "") {
    c.bad_table(span, std::move(msg), std::move(note));
    good = false;
  };
  std::set<std::string> seen;
  size_t generated = 0;
  static const char* strict_types[] = {"INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"};
  for (const auto& col : t.columns) {
    if (!seen.insert(fold(col.name.text)).second) {
      c.duplicate_column(col.name);
      good = false;
    }
    bool is_generated = has_constraint(col, CK::Generated);
    if (is_generated) ++generated;
    for (const auto& cc : col.constraints) {
      if (cc.kind == CK::PrimaryKey) {
        if (++pk_count > 1) fail(cc.span, "table '" + t.name.text + "' has more than one primary key");
        if (is_generated) fail(cc.span, "generated columns cannot be part of the PRIMARY KEY");
        if (cc.autoincrement && (normalize_type(col.type) != "INTEGER" || cc.desc)) {
          fail(cc.span, "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY",
               "declare the column as INTEGER PRIMARY KEY AUTOINCREMENT");
        }
      }
      if (cc.kind == CK::Default && is_generated) fail(cc.span, "cannot use DEFAULT on a generated column");
      if (cc.kind == CK::ForeignKey && cc.fk.columns.size() > 1) {
        fail(cc.fk.span, "foreign key on '" + col.name.text + "' should reference only one column of table '" +
                             cc.fk.table.text + "'");
      }
    }
    if (!t.strict) continue;
    std::string ty = normalize_type(col.type);
    const char* note = "a STRICT table takes INT, INTEGER, REAL, TEXT, BLOB or ANY";
    if (col.type.empty()) {
      fail(col.name.span, "missing datatype for " + t.name.text + "." + col.name.text, note);
    } else if (std::none_of(std::begin(strict_types), std::end(strict_types), [&](const char* a) { return ty == a; })) {
      fail(col.type_span, "unknown datatype for " + t.name.text + "." + col.name.text + ": \"" + col.type + "\"", note);
    }
  }
  if (!t.columns.empty() && generated == t.columns.size()) {
    fail(t.name.span, "must have at least one non-generated column");
  }
  return good;
}

bool validate_key_columns(Change& c, const syntax::CreateTable& t, const syntax::TableConstraint& tc) {
  bool good = true;
  for (const auto& ic : tc.columns) {
    int ci = ic.column ? column_index(t, ic.column->text) : -1;
    if (ic.column && ci < 0) {
      c.no_such_column(*ic.column, t);
      good = false;
    }
    if (ci >= 0 && tc.kind == TK::PrimaryKey && has_constraint(t.columns[static_cast<size_t>(ci)], CK::Generated)) {
      c.bad_table(ic.span, "generated columns cannot be part of the PRIMARY KEY");
      good = false;
    }
  }
  return good;
}

bool validate_constraints(Change& c, const syntax::CreateTable& t, int& pk_count) {
  bool good = true;
  for (const auto& tc : t.constraints) {
    if (tc.kind == TK::PrimaryKey) {
      if (++pk_count > 1) {
        c.bad_table(tc.span, "table '" + t.name.text + "' has more than one primary key");
        good = false;
      }
      int ci = tc.columns.size() == 1 && tc.columns[0].column ? column_index(t, tc.columns[0].column->text) : -1;
      bool integer = ci >= 0 && normalize_type(t.columns[static_cast<size_t>(ci)].type) == "INTEGER";
      if (tc.autoincrement && !integer) {
        c.bad_table(tc.span, "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY");
        good = false;
      }
    }
    if (tc.kind == TK::PrimaryKey || tc.kind == TK::Unique) good = validate_key_columns(c, t, tc) && good;
    if (tc.kind != TK::ForeignKey) continue;
    for (const auto& n : tc.fk_columns) {
      if (column_index(t, n.text) >= 0) continue;
      std::vector<std::string> names;
      for (const auto& col : t.columns) names.push_back(col.name.text);
      c.error("E0202", n.span, "unknown column '" + n.text + "' in foreign key definition")
          .notes.push_back(did_you_mean_note(n.text, names, "columns"));
      good = false;
    }
    if (!tc.fk.columns.empty() && tc.fk.columns.size() != tc.fk_columns.size()) {
      c.bad_table(tc.fk.span,
                  "number of columns in foreign key does not match the number of columns in the referenced table");
      good = false;
    }
  }
  return good;
}

}  // namespace

bool validate_table(Change& c, const syntax::CreateTable& t) {
  int pk_count = 0;
  bool good = validate_columns(c, t, pk_count);
  good = validate_constraints(c, t, pk_count) && good;
  if (t.without_rowid) {
    if (pk_count == 0) {
      c.bad_table(t.name.span, "PRIMARY KEY missing on table '" + t.name.text + "'",
                  "a WITHOUT ROWID table needs a PRIMARY KEY");
      good = false;
    }
    auto pk = primary_key_of(t);
    if (pk && pk->autoincrement) {
      c.bad_table(t.name.span, "AUTOINCREMENT not allowed on WITHOUT ROWID tables");
      good = false;
    }
  }
  // CHECK and generated expressions may only name this table's columns.
  Relation self = self_relation(t);
  auto check_expr = [&](const ExprPtr& e) {
    if (!e) return;
    Resolver res(c.s.lookup(), c.file.text());
    Expr copy = *e;
    res.walk_table_expr(copy, self, [](Expr&, const Binding*) {});
    if (c.report_issues(res)) good = false;
  };
  for (const auto& col : t.columns) {
    for (const auto& cc : col.constraints) {
      if (cc.kind == CK::Check || cc.kind == CK::Generated) check_expr(cc.expr);
    }
  }
  for (const auto& tc : t.constraints) {
    if (tc.kind == TK::Check) check_expr(tc.check);
  }
  return good;
}

// ---------------------------------------------------------------- RENAME TO

namespace {

/// Rewrites the table's name in a view's or trigger's body (alter.c, renameTableFunc).
void rename_in_body(Catalog::State& s, syntax::Select* sel, syntax::CreateTrigger* trg, const std::string& old_name,
                    const std::string& nn, const SourceFile* file) {
  Resolver res(s.lookup(), file ? std::string_view(file->text()) : std::string_view());
  auto on_ref = [&](Expr& ref, const Binding*) {
    if (!ref.table.empty() && same_name(ref.table.text, old_name)) {
      ref.table.text = nn;
      ref.table.renamed = true;
    }
  };
  auto on_table = [&](Name& n) {
    if (same_name(n.text, old_name)) n.text = nn;
  };
  if (sel) res.walk(*sel, on_ref, on_table);
  if (trg) res.walk_trigger(*trg, on_ref, on_table);
}

/// Views and triggers of one schema that read or are on `old_name`, renamed.
void rename_in_readers(Catalog::State& s, Space& space, const std::string& old_name, const std::string& nn) {
  const bool legacy = s.legacy_alter_table;
  const std::string old_key = fold(old_name);
  std::vector<std::string> views, triggers;
  for (const auto& [k, v] : space.views) {
    if (!legacy && refs_of(s, *v).count(old_key)) views.push_back(k);
  }
  for (const auto& [k, t] : space.triggers) {
    if (same_name(t->def.table.text, old_name) || (!legacy && refs_of(s, *t).count(old_key))) triggers.push_back(k);
  }
  // With PRAGMA legacy_alter_table=ON, SQLite leaves view and trigger bodies alone.
  for (const auto& k : views) {
    auto& v = space.views.edit(k);
    rename_in_body(s, v.def.select.get(), nullptr, old_name, nn, v.file);
  }
  for (const auto& k : triggers) {
    auto& t = space.triggers.edit(k);
    if (!legacy) rename_in_body(s, nullptr, &t.def, old_name, nn, t.file);
    if (same_name(t.def.table.text, old_name)) t.def.table.text = nn;
  }
}

/// Foreign keys of one schema that name `old_name` as their parent.
void rename_in_foreign_keys(Space& space, const std::string& old_name, const std::string& nn) {
  std::vector<std::string> keys;
  for (const auto& [k, t] : space.tables) {
    bool refers = false;
    for_each_foreign_key(t->def, [&](const syntax::ForeignKeyClause& fk, size_t, const auto*) {
      refers = refers || same_name(fk.table.text, old_name);
    });
    if (refers) keys.push_back(k);
  }
  for (const auto& k : keys) {
    for_each_foreign_key(space.tables.edit(k).def, [&](syntax::ForeignKeyClause& fk, size_t, auto*) {
      if (same_name(fk.table.text, old_name)) fk.table.text = nn;
    });
  }
}

}  // namespace

void rename_table(Change& c, const syntax::AlterTable& a) {
  auto found = alterable(c, a.table, a.schema, true);
  if (!found || !schema_intact(c, a.table)) return;
  Space& space = c.s.space(found.temp);
  const std::string old_name = found.entry->def.name.text;
  const std::string new_key = fold(a.new_name.text);
  if (space.name_in_use(new_key)) {
    c.error("E0203", a.new_name.span, "there is already another table or index with this name: " + a.new_name.text);
    return;
  }
  if (c.reserved(a.new_name, "table")) return;
  const std::string& nn = a.new_name.text;
  // Views and triggers first, while the old name still resolves; a main
  // table's name is rewritten in the temp schema's objects too.
  rename_in_readers(c.s, space, old_name, nn);
  if (!found.temp) rename_in_readers(c.s, c.s.temp, old_name, nn);
  // With legacy_alter_table=ON, foreign keys change only while foreign_keys=ON (alter.c, renameTableFunc).
  if (!c.s.legacy_alter_table || c.s.foreign_keys) rename_in_foreign_keys(space, old_name, nn);
  if (indexes_on(space, found.key)) {  // mut() copies a map another snapshot shares
    for (auto& [ix, table] : space.index_table.mut()) {
      if (table == found.key) table = new_key;
    }
  }
  space.tables.rekey(found.key, new_key);
  auto& e = space.tables.edit(new_key);
  e.def.name.text = nn;
  for (auto& ix : e.indexes) ix.def.table.text = nn;
}

// ---------------------------------------------------------------- ADD COLUMN

void add_column(Change& c, const syntax::AlterTable& a) {
  auto found = alterable(c, a.table, a.schema, false);
  if (!found) return;
  const syntax::ColumnDef& cd = a.column;
  if (column_index(found.entry->def, cd.name.text) >= 0) return c.duplicate_column(cd.name);
  if (found.entry->def.columns.size() >= 2000) {  // SQLITE_MAX_COLUMN (sqlite3AddColumn: "too many columns on ...")
    c.error("E0109", cd.name.span,
            "table has more than 2000 columns: SQLite refuses it (\"too many columns on " + found.entry->def.name.text +
                "\")")
        .notes.push_back("SQLite allows at most 2000 columns in a table (SQLITE_MAX_COLUMN); split the table");
    return;
  }
  for (const auto& cc : cd.constraints) {
    if (cc.kind == CK::PrimaryKey) {
      return c.add_column_refused(cc.span, "cannot add a PRIMARY KEY column",
                                  "rebuild the table: create the new table, copy the rows, drop the old, rename");
    }
    if (cc.kind == CK::Unique) {
      return c.add_column_refused(cc.span, "cannot add a UNIQUE column",
                                  "add the column, then CREATE UNIQUE INDEX on it");
    }
  }
  // Validate the table as CREATE TABLE would after the edit (its other columns passed before).
  syntax::CreateTable trial = found.entry->def;
  trial.columns.push_back(cd);
  if (!validate_table(c, trial)) return;
  auto& e = c.s.space(found.temp).tables.edit(found.key);
  e.def = std::move(trial);
  e.column_files.push_back(&c.file);
}

// ---------------------------------------------------------------- RENAME COLUMN

namespace {

struct ColumnRename {
  std::string table, old_col, new_col;
  bool quoted = false;

  void name(Name& n) const {
    if (same_name(n.text, old_col)) n.text = new_col;
  }
  void binding(Expr& ref, const Binding* b) const {
    if (!b || !same_name(b->table, table) || !same_name(b->column, old_col)) return;
    ref.name.text = new_col;
    ref.name.renamed = true;
    if (quoted) ref.name.quote = '"';  // SQLite then writes every replacement quoted
  }
};

/// The column in the views and triggers that read the table, resolved against it before the rename.
void rename_column_in_readers(Catalog::State& s, const std::vector<Reader>& readers, const ColumnRename& r) {
  auto fn = [&](Expr& ref, const Binding* b) { r.binding(ref, b); };
  for (const auto& rd : readers) {
    Space& space = s.space(rd.temp);
    if (rd.view) {
      auto& v = space.views.edit(rd.key);
      Resolver res(s.lookup(), v.file ? std::string_view(v.file->text()) : std::string_view());
      res.walk(*v.def.select, fn);
    } else {
      auto& t = space.triggers.edit(rd.key);
      Resolver res(s.lookup(), t.file ? std::string_view(t.file->text()) : std::string_view());
      res.walk_trigger(t.def, fn);
    }
  }
}

/// The column in its table's constraints, CHECKs, generated columns and indexes.
void rename_column_in_table(Change& c, TableEntry& e, const ColumnRename& r) {
  auto fn = [&](Expr& ref, const Binding* b) { r.binding(ref, b); };
  Relation self = relation_of(e);
  Resolver res(c.s.lookup(), c.file.text());
  for (auto& col : e.def.columns) {
    for (auto& cc : col.constraints) {
      if ((cc.kind == CK::Check || cc.kind == CK::Generated) && cc.expr) res.walk_table_expr(*cc.expr, self, fn);
    }
  }
  for (auto& tc : e.def.constraints) {
    for (auto& ic : tc.columns) {
      if (ic.column) r.name(*ic.column);
      if (ic.expr) res.walk_table_expr(*ic.expr, self, fn);
    }
    if (tc.check) res.walk_table_expr(*tc.check, self, fn);
    for (auto& n : tc.fk_columns) r.name(n);
  }
  for (auto& ix : e.indexes) {
    for (auto& ic : ix.def.columns) {
      if (ic.column) r.name(*ic.column);
      if (ic.expr) res.walk_table_expr(*ic.expr, self, fn);
    }
    if (ix.def.where) res.walk_table_expr(*ix.def.where, self, fn);
  }
}

/// Foreign keys that name the column as their parent column, the table's own included.
void rename_column_in_foreign_keys(Space& space, const ColumnRename& r) {
  auto names_it = [&](const syntax::ForeignKeyClause& fk) {
    return same_name(fk.table.text, r.table) && std::any_of(fk.columns.begin(), fk.columns.end(), [&](const Name& n) {
             return same_name(n.text, r.old_col);
           });
  };
  std::vector<std::string> keys;
  for (const auto& [k, t] : space.tables) {
    bool refers = false;
    for_each_foreign_key(
        t->def, [&](const syntax::ForeignKeyClause& fk, size_t, const auto*) { refers = refers || names_it(fk); });
    if (refers) keys.push_back(k);
  }
  for (const auto& k : keys) {
    for_each_foreign_key(space.tables.edit(k).def, [&](syntax::ForeignKeyClause& fk, size_t, auto*) {
      if (!same_name(fk.table.text, r.table)) return;
      for (auto& n : fk.columns) r.name(n);
    });
  }
}

}  // namespace

void rename_column(Change& c, const syntax::AlterTable& a) {
  auto found = alterable(c, a.table, a.schema, false);
  if (!found) return;
  const auto& def = found.entry->def;
  int ci = column_index(def, a.old_column.text);
  if (ci < 0) return c.no_such_column(a.old_column, def);
  // Renaming a column to its own name (or its own name in another case) is allowed.
  if (int other = column_index(def, a.new_column.text); other >= 0 && other != ci) {
    return c.duplicate_column(a.new_column);
  }
  if (!schema_intact(c, a.table)) return;
  ColumnRename r{def.name.text, def.columns[static_cast<size_t>(ci)].name.text, a.new_column.text,
                 a.new_column.quote != 0};
  // SQLite refuses a rename that leaves a view or trigger unresolvable
  // ("error in view v after rename"): keep the state to go back to.
  auto readers = readers_of(c.s, found.key);
  const bool test = !c.s.legacy_alter_table && !readers.empty();
  std::vector<size_t> issues_before;
  if (test) {
    for (const auto& rd : readers) issues_before.push_back(resolve_reader(c.s, rd).size());
  }
  std::optional<Catalog::State> saved;
  if (test) saved.emplace(c.s);
  Space& space = c.s.space(found.temp);
  rename_column_in_readers(c.s, readers, r);
  rename_column_in_table(c, space.tables.edit(found.key), r);
  rename_column_in_foreign_keys(space, r);
  space.tables.edit(found.key).def.columns[static_cast<size_t>(ci)].name.text = r.new_col;
  for (size_t i = 0; test && i < readers.size(); ++i) {
    auto issues = resolve_reader(c.s, readers[i]);
    if (issues.size() <= issues_before[i]) continue;
    c.rename_breaks(a.old_column, readers[i].what(), issues.back().message);
    c.s = std::move(*saved);
    return;
  }
}

// ---------------------------------------------------------------- DROP COLUMN

namespace {

/// What still uses the column once it is gone: "table t", "index i", "view v"... ("" for nothing), and a note.
std::pair<std::string, std::string> drop_blocker(Change& c, const TableEntry& e, const std::string& cname,
                                                 const std::vector<Reader>& readers,
                                                 const std::vector<size_t>& issues_before) {
  const std::string self_name = "table " + e.def.name.text;
  for (const auto& tc : e.def.constraints) {
    for (const auto& ic : tc.columns) {
      if (ic.column && same_name(ic.column->text, cname)) return {self_name, ""};
    }
    for (const auto& n : tc.fk_columns) {
      if (same_name(n.text, cname)) return {self_name, ""};
    }
  }
  Relation self = relation_of(e);
  auto uses = [&](const ExprPtr& x) { return !table_expr_issues(c, x, self).empty(); };
  for (const auto& col : e.def.columns) {
    for (const auto& cc : col.constraints) {
      if ((cc.kind == CK::Check || cc.kind == CK::Generated) && uses(cc.expr)) return {self_name, ""};
    }
  }
  for (const auto& tc : e.def.constraints) {
    if (tc.kind == TK::Check && uses(tc.check)) return {self_name, ""};
    for (const auto& ic : tc.columns) {
      if (!ic.column && uses(ic.expr)) return {self_name, ""};
    }
  }
  for (const auto& ix : e.indexes) {
    bool hit = uses(ix.def.where);
    for (const auto& ic : ix.def.columns) hit = hit || (ic.column ? same_name(ic.column->text, cname) : uses(ic.expr));
    if (hit) return {"index " + ix.def.name.text, "drop the index first (DROP INDEX " + ix.def.name.text + ")"};
  }
  // Views and triggers are tested only without PRAGMA legacy_alter_table=ON (the table and its indexes always).
  for (size_t i = 0; i < readers.size(); ++i) {
    if (resolve_reader(c.s, readers[i]).size() <= issues_before[i]) continue;
    return {readers[i].what(), std::string("drop the ") + (readers[i].view ? "view" : "trigger") +
                                   " first and create it again afterwards"};
  }
  return {"", ""};
}

}  // namespace

void drop_column(Change& c, const syntax::AlterTable& a) {
  auto found = alterable(c, a.table, a.schema, false);
  if (!found) return;
  const auto& def = found.entry->def;
  int ci = column_index(def, a.old_column.text);
  if (ci < 0) return c.no_such_column(a.old_column, def);
  if (!schema_intact(c, a.table)) return;
  const std::string cname = def.columns[static_cast<size_t>(ci)].name.text;
  const char* rebuild = "rebuild the table without it (create new table, copy rows, drop, rename)";
  auto pk = primary_key_of(def);
  if (pk &&
      std::any_of(pk->columns.begin(), pk->columns.end(), [&](const auto& p) { return same_name(p.first, cname); }))
    return c.drop_column_refused(a.old_column, "cannot drop PRIMARY KEY column '" + cname + "'", rebuild);
  if (has_constraint(def.columns[static_cast<size_t>(ci)], CK::Unique))
    return c.drop_column_refused(a.old_column, "cannot drop UNIQUE column '" + cname + "'", rebuild);
  if (def.columns.size() <= 1)
    return c.drop_column_refused(a.old_column, "cannot drop column '" + cname + "': no other columns exist",
                                 "drop the table instead");
  // After the edit every object must still resolve (alter.c, renameTestSchema).
  auto readers = c.s.legacy_alter_table ? std::vector<Reader>{} : readers_of(c.s, found.key);
  std::vector<size_t> issues_before;
  for (const auto& rd : readers) issues_before.push_back(resolve_reader(c.s, rd).size());
  Catalog::State saved = c.s;
  auto& e = c.s.space(found.temp).tables.edit(found.key);
  e.def.columns.erase(e.def.columns.begin() + ci);
  e.column_files.erase(e.column_files.begin() + ci);
  auto [blocker, note] = drop_blocker(c, e, cname, readers, issues_before);
  if (blocker.empty()) return;
  c.s = std::move(saved);
  if (note.empty()) note = "remove the constraint or expression that uses it: rebuild the table without it";
  c.drop_column_refused(a.old_column, "cannot drop column '" + cname + "': " + blocker + " uses it", note);
}

// ---------------------------------------------------------------- DROP TABLE

void drop_table(Change& c, const syntax::Drop& d) {
  auto found = c.s.table(d.name.text, d.schema.text);
  if (!found) {
    if (c.s.view(d.name.text, d.schema.text)) {
      c.wrong_kind(d.name.span, "use DROP VIEW to delete view '" + d.name.text + "'");
    } else if (!d.if_exists) {
      c.no_such_table(d.name);
    }
    return;
  }
  if (c.reserved(d.name, "table")) return;
  Space& space = c.s.space(found.temp);
  std::string name = found.entry->def.name.text;
  if (indexes_on(space, found.key)) {  // mut() copies a map another snapshot shares
    auto& indexes = space.index_table.mut();
    for (auto it = indexes.begin(); it != indexes.end();) {
      it = it->second == found.key ? indexes.erase(it) : std::next(it);
    }
  }
  space.tables.erase(found.key);
  drop_triggers_on(c.s, name, found.temp);
}

}  // namespace noormc::model
