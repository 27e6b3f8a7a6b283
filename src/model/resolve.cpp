#include "model/resolve.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace noormc::model {

using syntax::Expr;
using syntax::ExprKind;
using syntax::Name;
using syntax::same_name;

Affinity affinity_of(std::string_view t) {
  std::string u;
  for (char c : t) u.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (u.find("INT") != std::string::npos) return Affinity::Integer;
  if (u.find("CHAR") != std::string::npos || u.find("CLOB") != std::string::npos || u.find("TEXT") != std::string::npos)
    return Affinity::Text;
  if (u.find("BLOB") != std::string::npos || u.empty()) return Affinity::Blob;
  if (u.find("REAL") != std::string::npos || u.find("FLOA") != std::string::npos || u.find("DOUB") != std::string::npos)
    return Affinity::Real;
  return Affinity::Numeric;
}

namespace {

/// SQLite's own tables, which migrations may read or write.
bool is_internal_table(std::string_view n) {
  return n.size() > 7 && same_name(n.substr(0, 7), "sqlite_");
}

bool is_rowid_name(std::string_view n) {
  return same_name(n, "rowid") || same_name(n, "oid") || same_name(n, "_rowid_");
}

/// The table-valued functions SQLite and better-sqlite3 build in: the JSON
/// tables, the PRAGMAs that return rows, and the extensions they compile in.
bool known_table_function(std::string_view n) {
  if (n.size() > 7 && same_name(n.substr(0, 7), "pragma_")) return true;
  for (const char* f : {"json_each", "json_tree", "jsonb_each", "jsonb_tree", "generate_series", "dbstat",
                        "sqlite_dbpage", "sqlite_stmt", "carray", "completion"}) {
    if (same_name(n, f)) return true;
  }
  return false;
}

/// The integer literal 0, which SQLite's parser marks EP_IsFalse (FALSE is
/// only resolved later, and 0.0 is no integer).
bool always_false(const Expr& e) {
  if (e.kind == ExprKind::Paren && e.args.size() == 1) return always_false(*e.args[0]);
  if (e.kind != ExprKind::Literal || e.literal != syntax::LiteralKind::Number || e.text.empty()) return false;
  return std::all_of(e.text.begin(), e.text.end(), [](char c) { return c == '0'; });
}

}  // namespace

struct Resolver::Source {
  std::string alias;    // how the query names it
  std::string table;    // the real table or view, when the item names one
  bool direct = false;  // a table or view named in FROM (not a subquery or CTE)
  std::vector<ViewColumn> columns;
  std::set<std::string> merged;  // columns a USING/NATURAL join merged into an earlier source
  std::string rowid_alias;
  bool has_rowid = false;
  std::vector<std::string> hidden;
  bool opaque = false;          // columns unknown to noormc (a table-valued function, sqlite_master): any name resolves
  bool unknown = false;         // its columns are not known (opaque, or a missing table): `*` has no known width
  bool qualified_only = false;  // `excluded` of an upsert: only `excluded.x` reaches it (resolve.c, lookupName)
};

struct Resolver::Scope {
  std::vector<Source> sources;
  const Scope* outer = nullptr;
  std::vector<std::string> aliases;  // result column aliases (usable in WHERE, ORDER BY, ...)
};

Resolver::Source Resolver::direct_source(const Relation& rel, std::string alias) {
  Source s;
  s.alias = std::move(alias);
  s.table = rel.name;
  s.direct = true;
  s.columns = rel.columns;
  s.rowid_alias = rel.rowid_alias;
  s.has_rowid = rel.has_rowid;
  s.hidden = rel.hidden;
  return s;
}

Resolver::Resolver(RelationLookup lookup, std::string_view text) : lookup_(std::move(lookup)), text_(text) {}

namespace {

/// The name a token spells, quotes removed.
bool bare_word(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

}  // namespace

std::string Resolver::expr_name(const Expr& e) const {
  if (e.span.end <= e.span.begin || e.span.end > text_.size()) return "";
  // The expression as written, with the names a RENAME changed spelled anew, as
  // SQLite rewrites a view's text: a renamed table quoted, a renamed column bare
  // when it can be (alter.c, renameEditSql).
  std::vector<std::pair<syntax::Span, std::string>> edits;
  std::function<void(const Expr&)> collect = [&](const Expr& x) {
    if (x.kind == ExprKind::Column) {
      auto check = [&](const Name& n, bool table) {
        if (n.span.end <= n.span.begin || n.span.end > text_.size()) return;
        std::string_view token = text_.substr(n.span.begin, n.span.end - n.span.begin);
        if (!n.renamed && syntax::dequote(token) == n.text) return;
        edits.push_back({n.span, table || n.quote || !bare_word(n.text) ? syntax::quote(n.text, '"') : n.text});
      };
      if (!x.table.empty()) check(x.table, true);
      check(x.name, false);
    }
    for (const auto& a : x.args) {
      if (a) collect(*a);
    }
  };
  collect(e);
  std::sort(edits.begin(), edits.end(), [](const auto& a, const auto& b) { return a.first.begin > b.first.begin; });
  std::string s(text_.substr(e.span.begin, e.span.end - e.span.begin));
  for (const auto& [span, text] : edits) {
    if (span.begin < e.span.begin || span.end > e.span.end) continue;
    s.replace(span.begin - e.span.begin, span.end - span.begin, text);
  }
  size_t b = s.find_first_not_of(" \t\r\n\f\v");
  size_t end = s.find_last_not_of(" \t\r\n\f\v");
  return b == std::string::npos ? "" : s.substr(b, end - b + 1);
}

std::vector<ViewColumn> Resolver::result_columns(const syntax::Select& select) {
  std::vector<ViewColumn> out;
  // walk() mutates nothing when no callback is given; the const_cast keeps one walker.
  walk_select(const_cast<syntax::Select&>(select), nullptr, nullptr, nullptr, &out);
  // Duplicate names get ":N" from one counter shared by all columns (select.c).
  std::vector<std::string> seen;
  for (auto& c : out) {
    unsigned counter = 0;  // per column: x, x:1, x:2 ... (select.c, sqlite3ColumnsFromExprList)
    std::string name = c.name;
    auto taken = [&](const std::string& n) {
      return std::any_of(seen.begin(), seen.end(), [&](const std::string& s) { return same_name(s, n); });
    };
    while (taken(name)) {
      std::string base = name;
      size_t j = base.size();
      while (j > 0 && std::isdigit(static_cast<unsigned char>(base[j - 1]))) --j;
      if (j > 0 && j < base.size() && base[j - 1] == ':') base = base.substr(0, j - 1);
      name = base + ":" + std::to_string(++counter);
    }
    c.name = name;
    seen.push_back(name);
  }
  return out;
}

void Resolver::walk(syntax::Select& select, const RefFn& fn, const TableFn& tables) {
  walk_select(select, nullptr, &fn, tables ? &tables : nullptr, nullptr);
}

void Resolver::walk_table_expr(Expr& expr, const Relation& table, const RefFn& fn) {
  Scope scope;
  scope.sources.push_back(direct_source(table, table.name));
  walk_expr(expr, &scope, &fn, nullptr);
}

void Resolver::walk_trigger(syntax::CreateTrigger& trigger, const RefFn& fn, const TableFn& tables) {
  referenced.insert(syntax::fold(trigger.table.text));
  const Relation* rel = lookup_(trigger.table.text);
  Scope scope;
  for (const char* alias : {"new", "old"}) {
    if (rel) {
      scope.sources.push_back(direct_source(*rel, alias));
    } else {
      Source s;
      s.alias = alias;
      scope.sources.push_back(std::move(s));
    }
  }
  if (!rel) {
    issues.push_back({"no such table: " + trigger.table.text, trigger.table.text, {}, trigger.table.span, true});
    return;
  }
  if (tables) tables(trigger.table);
  // UPDATE OF names follow a rename, but SQLite never checks that they exist.
  column_list(trigger.update_of, scope, &fn, false);
  if (trigger.when) walk_expr(*trigger.when, &scope, &fn, tables ? &tables : nullptr);
  for (auto& st : trigger.body) walk_dml(*st, &scope, &fn, tables ? &tables : nullptr);
}

void Resolver::walk_dml(syntax::Statement& st, const Scope* outer, const RefFn* fn, const TableFn* tables) {
  size_t ctes_before = ctes_.size();
  std::visit(
      [&](auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, syntax::Insert> || std::is_same_v<T, syntax::Update> ||
                      std::is_same_v<T, syntax::Delete>) {
          push_ctes(b.with, outer, fn, tables);
        }
      },
      st.body);
  walk_dml_body(st, outer, fn, tables);
  ctes_.resize(ctes_before);
}

bool Resolver::target_scope(Name& table, const std::optional<Name>& alias, Scope& scope, const Scope* outer,
                            const TableFn* tables) {
  scope.outer = outer;
  referenced.insert(syntax::fold(table.text));
  if (is_internal_table(table.text)) {
    Source s;
    s.alias = alias ? alias->text : table.text;
    s.table = table.text;
    s.opaque = s.unknown = true;
    s.has_rowid = true;
    scope.sources.push_back(std::move(s));
    return true;
  }
  const Relation* rel = lookup_(table.text);
  if (!rel) {
    issues.push_back({"no such table: " + table.text, table.text, {}, table.span, true});
    return false;
  }
  if (tables) (*tables)(table);
  scope.sources.push_back(direct_source(*rel, alias ? alias->text : table.text));
  return true;
}

void Resolver::column_list(std::vector<Name>& names, const Scope& scope, const RefFn* fn, bool checked) {
  for (auto& n : names) {
    size_t issues_before = issues.size();
    Expr fake;
    fake.kind = ExprKind::Column;
    fake.name = n;
    Scope only;
    only.sources.push_back(scope.sources[0]);
    walk_expr(fake, &only, fn, nullptr);
    n = fake.name;
    if (!checked) issues.resize(issues_before);
  }
}

void Resolver::walk_set(std::vector<syntax::SetItem>& set, const Scope& scope, const RefFn* fn, const TableFn* tables) {
  for (auto& item : set) {
    walk_expr(*item.value, &scope, fn, tables);
    if (runs_now) check_assignment(item);
  }
}

void Resolver::walk_dml_body(syntax::Statement& st, const Scope* outer, const RefFn* fn, const TableFn* tables) {
  Scope scope;
  if (auto* ins = std::get_if<syntax::Insert>(&st.body)) {
    if (!target_scope(ins->table, ins->alias, scope, outer, tables)) return;
    column_list(ins->columns, scope, fn, runs_now);
    for (auto& row : ins->values) {
      for (auto& e : row) walk_top(*e, outer, fn, tables);
    }
    check_rows(ins->values);
    if (ins->select) walk_select(*ins->select, outer, fn, tables, nullptr);
    walk_upserts(*ins, scope, fn, tables);
    walk_returning(ins->returning, ins->table, scope, fn, tables);
  } else if (auto* upd = std::get_if<syntax::Update>(&st.body)) {
    if (!target_scope(upd->table, upd->alias, scope, outer, tables)) return;
    Scope target = scope;
    for (auto& s : upd->set) column_list(s.columns, scope, fn, runs_now);
    if (!upd->from.empty()) build_scope(upd->from, scope, fn, tables, outer);
    walk_set(upd->set, scope, fn, tables);
    if (upd->where) walk_top(*upd->where, &scope, fn, tables);
    walk_returning(upd->returning, upd->table, target, fn, tables);
  } else if (auto* del = std::get_if<syntax::Delete>(&st.body)) {
    if (!target_scope(del->table, del->alias, scope, outer, tables)) return;
    if (del->where) walk_top(*del->where, &scope, fn, tables);
    walk_returning(del->returning, del->table, scope, fn, tables);
  } else if (auto* sel = std::get_if<syntax::Select>(&st.body)) {
    walk_select(*sel, outer, fn, tables, nullptr);
  }
}

void Resolver::walk_upserts(syntax::Insert& ins, const Scope& target, const RefFn* fn, const TableFn* tables) {
  // The conflict target reads the target table alone; DO UPDATE sees the
  // target row and, only as `excluded.x`, the row that was refused
  // (upsert.c, sqlite3UpsertAnalyzeTarget; resolve.c, lookupName).
  Scope update = target;
  Source excluded = target.sources[0];
  excluded.alias = "excluded";
  excluded.direct = false;
  excluded.qualified_only = true;
  update.sources.push_back(std::move(excluded));
  for (auto& up : ins.upserts) {
    for (auto& term : up.target) walk_top(*term.expr, &target, fn, tables);
    if (up.target_where) walk_top(*up.target_where, &target, fn, tables);
    for (auto& s : up.set) column_list(s.columns, target, fn, runs_now);
    walk_set(up.set, update, fn, tables);
    if (up.where) walk_top(*up.where, &update, fn, tables);
  }
}

void Resolver::walk_returning(std::vector<syntax::ResultColumn>& returning, const Name& table, const Scope& target,
                              const RefFn* fn, const TableFn* tables) {
  if (returning.empty()) return;
  // RETURNING reads the target table under its own name, never its alias nor
  // the FROM of an UPDATE (trigger.c, codeReturningTrigger).
  Scope scope = target;
  scope.sources.resize(1);
  scope.sources[0].alias = table.text;
  for (auto& rc : returning) {
    if (rc.kind == syntax::ResultColumn::Kind::TableStar && runs_now) {
      refuse(rc.span, "RETURNING may not use \"TABLE.*\" wildcards", "write `RETURNING *` or name the columns");
    }
    if (rc.expr) walk_top(*rc.expr, &scope, fn, tables);
  }
}

void Resolver::build_scope(std::vector<syntax::TableRef>& from, Scope& scope, const RefFn* fn, const TableFn* tables,
                           const Scope* outer) {
  for (auto& item : from) {
    size_t first_new = scope.sources.size();
    switch (item.kind) {
      case syntax::TableRef::Kind::Table: {
        Source s;
        s.alias = item.alias ? item.alias->text : item.name.text;
        // A CTE of that name hides any table.
        const std::vector<ViewColumn>* cte = nullptr;
        if (item.schema.empty()) {
          for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
            if (same_name(it->first, item.name.text)) {
              cte = &it->second;
              break;
            }
          }
        }
        if (!cte) referenced.insert(syntax::fold(item.name.text));
        if (cte) {
          s.columns = *cte;
        } else if (is_internal_table(item.name.text)) {
          s.opaque = true;
          s.has_rowid = true;
        } else if (const Relation* rel = lookup_(item.name.text)) {
          if (tables) (*tables)(item.name);
          s = direct_source(*rel, s.alias);
          if (runs_now && rel->select) check_view(*rel, item.name.span);
        } else {
          issues.push_back({"no such table: " + item.name.text, item.name.text, {}, item.name.span, true});
          s.unknown = true;
        }
        s.unknown = s.unknown || s.opaque;
        scope.sources.push_back(std::move(s));
        break;
      }
      case syntax::TableRef::Kind::Function: {
        // A table-valued function's arguments may read the FROM items to its left.
        for (auto& a : item.args) walk_expr(*a, &scope, fn, tables);
        Source s;
        s.alias = item.alias ? item.alias->text : item.name.text;
        // json_each / json_tree and friends: the columns they declare.
        static const char* json_cols[] = {"key", "value", "type", "atom", "id", "parent", "fullkey", "path"};
        if (same_name(item.name.text, "json_each") || same_name(item.name.text, "json_tree")) {
          for (const char* c : json_cols) s.columns.push_back({c, "", std::nullopt, std::nullopt});
        } else if (same_name(item.name.text, "generate_series")) {
          s.columns.push_back({"value", "", std::nullopt, std::nullopt});
        } else if (const Relation* rel = lookup_(item.name.text)) {
          s.columns = rel->columns;  // a virtual table with hidden columns (fts5's `ft('query')`)
          // Only a virtual table's hidden columns take arguments (where.c, "'t' is not a function").
          if (runs_now && rel->hidden.empty()) {
            refuse(item.name.span, "'" + item.name.text + "' is not a function",
                   "`" + item.name.text + "(...)` calls a table-valued function; a table or view is read as `FROM " +
                       item.name.text + "` and filtered with WHERE");
          }
        } else {
          s.opaque = true;  // pragma_table_info(...) and other functions
          if (runs_now && !known_table_function(item.name.text)) {
            issues.push_back({"no such table: " + item.name.text, item.name.text, {}, item.name.span, true});
          }
        }
        s.unknown = s.opaque;
        s.has_rowid = true;
        scope.sources.push_back(std::move(s));
        break;
      }
      case syntax::TableRef::Kind::Subquery: {
        Source s;
        s.alias = item.alias ? item.alias->text : "";
        std::vector<ViewColumn> cols;
        walk_select(*item.select, outer, fn, tables, &cols);
        s.columns = std::move(cols);
        s.unknown = !width(*item.select);
        scope.sources.push_back(std::move(s));
        break;
      }
      case syntax::TableRef::Kind::Join: {
        build_scope(item.nested, scope, fn, tables, outer);
        break;
      }
    }
    // USING and NATURAL: the right side's copies of the shared columns drop out of `*`.
    if (first_new > 0 && first_new < scope.sources.size()) {
      Source& right = scope.sources[first_new];
      std::vector<std::string> shared;
      if (item.natural) {
        for (const auto& rc : right.columns) {
          for (size_t i = 0; i < first_new; ++i) {
            const auto& left = scope.sources[i];
            bool has = std::any_of(left.columns.begin(), left.columns.end(),
                                   [&](const ViewColumn& c) { return same_name(c.name, rc.name); });
            if (has) shared.push_back(rc.name);
          }
        }
      }
      for (auto& u : item.using_columns) {
        shared.push_back(u.text);
        auto has = [&](const Source& src) {
          return src.opaque || std::any_of(src.columns.begin(), src.columns.end(),
                                           [&](const ViewColumn& c) { return same_name(c.name, u.text); });
        };
        bool left = false;
        for (size_t i = 0; i < first_new; ++i) left = left || has(scope.sources[i]);
        if (!left || !has(right)) {
          issues.push_back({"cannot join using column " + u.text + " - column not present in both tables",
                            u.text,
                            {},
                            u.span,
                            false,
                            u.quote});
        }
      }
      for (auto& n : shared) right.merged.insert(syntax::fold(n));
      if (fn) {
        for (auto& u : item.using_columns) {
          // A USING column names a column of both sides; report it as the right side's.
          for (const auto& rc : right.columns) {
            if (same_name(rc.name, u.text) && right.direct) {
              Binding b{right.table, rc.name};
              Expr fake;
              fake.kind = ExprKind::Column;
              fake.name = u;
              (*fn)(fake, &b);
              u = fake.name;
            }
          }
        }
      }
    }
  }
  // ON clauses see every source of this FROM.
  for (auto& item : from) {
    if (item.on) walk_expr(*item.on, &scope, fn, tables);
  }
}

void Resolver::push_ctes(std::vector<syntax::Cte>& with, const Scope* outer, const RefFn* fn, const TableFn* tables) {
  for (auto& cte : with) {
    // Register first so a recursive CTE can see itself (with the first core's columns).
    ctes_.push_back({cte.name.text, {}});
    size_t slot = ctes_.size() - 1;
    std::vector<ViewColumn> cols;
    if (!cte.select->cores.empty()) {
      syntax::Select first = *cte.select;
      first.cores.resize(1);
      first.compound_ops.clear();
      size_t issues_before = issues.size();
      walk_select(first, outer, nullptr, nullptr, &cols);
      issues.resize(issues_before);  // the full walk below reports them
    }
    for (size_t i = 0; i < cte.columns.size() && i < cols.size(); ++i) {
      cols[i].name = cte.columns[i].text;
    }
    ctes_[slot].second = cols;
    walk_select(*cte.select, outer, fn, tables, nullptr);
  }
}

void Resolver::walk_select(syntax::Select& select, const Scope* outer, const RefFn* fn, const TableFn* tables,
                           std::vector<ViewColumn>* out) {
  if (++depth_ > 64) {
    --depth_;
    return;
  }
  size_t ctes_before = ctes_.size();
  push_ctes(select.with, outer, fn, tables);

  Scope first_scope;
  std::vector<std::optional<size_t>> arms;  // each core's number of result columns, when known
  for (size_t ci = 0; ci < select.cores.size(); ++ci) {
    auto& core = select.cores[ci];
    Scope scope;
    scope.outer = outer;
    if (core.is_values) {
      for (auto& row : core.values) {
        for (auto& e : row) walk_top(*e, outer, fn, tables);
      }
      size_t n = core.values.empty() ? 0 : core.values[0].size();
      arms.push_back(n);
      if (ci == 0 && out) {
        for (size_t i = 0; i < n; ++i) out->push_back({"column" + std::to_string(i + 1), "", {}, {}});
      }
      continue;
    }
    build_scope(core.from, scope, fn, tables, outer);
    std::vector<ViewColumn> cols;
    bool known = true;
    for (auto& rc : core.columns) {
      if (rc.kind == syntax::ResultColumn::Kind::Star || rc.kind == syntax::ResultColumn::Kind::TableStar) {
        bool any = false;
        for (const auto& s : scope.sources) {
          if (rc.kind == syntax::ResultColumn::Kind::TableStar && !same_name(s.alias, rc.table.text)) continue;
          if (s.qualified_only) continue;
          known = known && !s.unknown;
          // `users.*` names the table itself when it has no alias: a rename carries into it.
          if (rc.kind == syntax::ResultColumn::Kind::TableStar && tables && s.direct && same_name(s.alias, s.table)) {
            (*tables)(rc.table);
          }
          any = true;
          for (const auto& c : s.columns) {
            if (rc.kind == syntax::ResultColumn::Kind::Star && s.merged.count(syntax::fold(c.name))) continue;
            cols.push_back(c);
          }
        }
        // `*` over two sources with one name (t JOIN t) names every column twice: ambiguous in SQLite.
        for (size_t i = 0; i < scope.sources.size(); ++i) {
          for (size_t j = i + 1; j < scope.sources.size(); ++j) {
            const auto& x = scope.sources[i];
            const auto& y = scope.sources[j];
            bool star_hits = rc.kind == syntax::ResultColumn::Kind::Star || same_name(x.alias, rc.table.text);
            if (star_hits && !x.alias.empty() && same_name(x.alias, y.alias) && !x.columns.empty()) {
              issues.push_back({"ambiguous column name: " + x.alias + "." + x.columns[0].name,
                                x.columns[0].name,
                                {},
                                rc.span,
                                false,
                                0});
            }
          }
        }
        if (!any && rc.kind == syntax::ResultColumn::Kind::TableStar) {
          issues.push_back({"no such table: " + rc.table.text, rc.table.text, {}, rc.table.span, true});
        }
        continue;
      }
      Expr& e = *rc.expr;
      // Find the binding of a bare column reference (for its name and type).
      const Expr* inner = &e;
      while ((inner->kind == ExprKind::Collate || (inner->kind == ExprKind::Paren && inner->args.size() == 1)) &&
             !inner->args.empty())
        inner = inner->args[0].get();
      ViewColumn vc;
      bool named = false;
      if (inner->kind == ExprKind::Column) {
        // Resolve against the scope to report the source's own spelling.
        const Scope* sc = &scope;
        bool done = false;
        for (; sc && !done; sc = sc->outer) {
          for (const auto& s : sc->sources) {
            if (!inner->table.empty() && !same_name(s.alias, inner->table.text)) continue;
            for (const auto& c : s.columns) {
              if (same_name(c.name, inner->name.text)) {
                vc = c;
                named = done = true;
                break;
              }
            }
            if (!done && is_rowid_name(inner->name.text) && s.has_rowid) {
              if (!s.rowid_alias.empty()) {
                for (const auto& c : s.columns) {
                  if (same_name(c.name, s.rowid_alias)) vc = c;
                }
              } else {
                vc = {"rowid", "INTEGER", std::nullopt, std::nullopt};
              }
              named = done = true;
            }
            if (done) break;
          }
        }
        if (!named) vc.name = inner->name.text;
        named = true;
      } else if (out && inner->kind == ExprKind::Subquery && inner->select) {
        // Only when the columns are asked for: walk_top below walks the subquery too, and doing both at
        // every level costs 2^depth (SQLite 3.53 accepts 43 nested scalar subqueries).
        std::vector<ViewColumn> sub;
        Resolver nested(lookup_, text_);
        sub = nested.result_columns(*inner->select);
        if (!sub.empty()) {
          vc.type = sub[0].type;
          vc.source_table = sub[0].source_table;
          vc.source_column = sub[0].source_column;
        }
      } else if (inner->kind == ExprKind::Cast) {
        vc.type = inner->text;
      }
      if (!named) vc.name = expr_name(e);
      if (inner->kind != ExprKind::Column && inner->kind != ExprKind::Subquery) {
        vc.source_table.reset();
        vc.source_column.reset();
      }
      if (rc.alias) vc.name = rc.alias->text;
      cols.push_back(vc);
      walk_top(e, &scope, fn, tables);
    }
    arms.push_back(known ? std::optional<size_t>(cols.size()) : std::nullopt);
    // WHERE, GROUP BY, HAVING and ORDER BY may name a result column's alias; the result list may not.
    for (auto& rc : core.columns) {
      if (rc.alias) scope.aliases.push_back(rc.alias->text);
    }
    if (core.where) walk_top(*core.where, &scope, fn, tables);
    for (auto& g : core.group_by) walk_top(*g, &scope, fn, tables);
    if (core.having) walk_top(*core.having, &scope, fn, tables);
    for (auto& w : core.window_exprs) walk_top(*w, &scope, fn, tables);
    if (ci == 0) {
      if (out) *out = cols;
      first_scope = std::move(scope);
    }
  }
  // ORDER BY and LIMIT of the whole select see the first core's sources and result names.
  // A compound's ORDER BY names result columns of any arm (check_compound_order), not the first arm's sources.
  size_t issues_before = issues.size();
  for (auto& t : select.order_by) walk_top(*t.expr, &first_scope, fn, tables);
  if (select.cores.size() > 1) issues.resize(issues_before);
  if (select.limit) walk_top(*select.limit, outer, fn, tables);
  if (select.offset) walk_top(*select.offset, outer, fn, tables);
  check_arms(select, arms);
  widths_[&select] = arms.empty() ? std::nullopt : arms[0];
  if (runs_now && !arms.empty()) {
    std::vector<const Expr*> order;
    for (const auto& t : select.order_by) order.push_back(t.expr.get());
    check_positions(order, "ORDER BY", arms[0]);
    check_compound_order(select);
    for (size_t ci = 0; ci < select.cores.size(); ++ci) {
      std::vector<const Expr*> group;
      for (const auto& g : select.cores[ci].group_by) group.push_back(g.get());
      check_positions(group, "GROUP BY", arms[ci]);
    }
  }
  ctes_.resize(ctes_before);
  --depth_;
}

void Resolver::walk_expr(Expr& e, const Scope* scope, const RefFn* fn, const TableFn* tables) {
  if (e.kind == ExprKind::Column) {
    // Resolved (and an unresolved name recorded) even without a callback:
    // naming a view's columns must notice a reference SQLite cannot resolve.
    const Binding* found = nullptr;
    Binding b;
    bool resolved = false;
    std::vector<std::string> candidates;
    const Scope* hit = nullptr;
    for (const Scope* sc = scope; sc && !resolved; sc = sc->outer) {
      hit = sc;
      for (const auto& s : sc->sources) {
        if (!e.table.empty() && !same_name(s.alias, e.table.text)) continue;
        if (s.qualified_only && e.table.empty()) continue;
        if (s.opaque) {
          resolved = true;
          break;
        }
        for (const auto& c : s.columns) {
          candidates.push_back(c.name);
          if (!resolved && same_name(c.name, e.name.text)) {
            resolved = true;
            if (s.direct && c.source_table) {
              b = {s.table, c.name};
              found = &b;
            }
          }
        }
        for (const auto& h : s.hidden) {
          if (!resolved && same_name(h, e.name.text)) resolved = true;
        }
        if (!resolved && is_rowid_name(e.name.text) && s.has_rowid) {
          resolved = true;
          if (s.direct && !s.rowid_alias.empty()) {
            b = {s.table, s.rowid_alias};
            found = &b;
          }
        }
        if (resolved) break;
      }
      if (!resolved && e.table.empty()) {
        for (const auto& a : sc->aliases) {
          if (same_name(a, e.name.text)) resolved = true;
        }
      }
    }
    // Two sources of one FROM that both have the column make a bare (or doubly
    // qualified) reference ambiguous, as in SQLite; USING and NATURAL merge theirs.
    if (resolved && hit) {
      int matches = 0;
      for (const auto& s : hit->sources) {
        if (!e.table.empty() && !same_name(s.alias, e.table.text)) continue;
        if (s.qualified_only && e.table.empty()) continue;
        if (s.opaque) {
          matches = 1;
          break;
        }
        bool has = std::any_of(s.columns.begin(), s.columns.end(),
                               [&](const ViewColumn& c) { return same_name(c.name, e.name.text); });
        if (has && (!e.table.empty() || !s.merged.count(syntax::fold(e.name.text)))) ++matches;
      }
      if (matches > 1) {
        std::string full = e.table.empty() ? e.name.text : e.table.text + "." + e.name.text;
        issues.push_back({"ambiguous column name: " + full, e.name.text, {}, e.name.span, false, e.name.quote});
      }
    }
    if (!resolved) {
      std::string full = e.table.empty() ? e.name.text : e.table.text + "." + e.name.text;
      bool table_known = e.table.empty();
      for (const Scope* sc = scope; sc && !table_known; sc = sc->outer) {
        for (const auto& s : sc->sources) {
          if (same_name(s.alias, e.table.text)) table_known = true;
        }
      }
      // The same source can be in several scopes (NEW and OLD): list each name once.
      std::vector<std::string> unique;
      for (const auto& c : candidates) {
        if (std::none_of(unique.begin(), unique.end(), [&](const std::string& u) { return same_name(u, c); })) {
          unique.push_back(c);
        }
      }
      ResolveIssue issue{"no such column: " + full, e.name.text, unique, e.name.span, false, e.name.quote};
      if (!table_known) issue.span = e.table.span;
      issues.push_back(std::move(issue));
    }
    if (fn) (*fn)(e, found);
    return;
  }
  // SQLite's parser replaces `0 AND x` (and `x AND 0`) by 0 before anything
  // resolves x (expr.c, sqlite3ExprAnd): x is never looked at.
  if (runs_now && e.kind == ExprKind::And && (always_false(*e.args[0]) || always_false(*e.args[1]))) return;
  if (e.select) walk_select(*e.select, scope, fn, tables, nullptr);
  if (e.kind == ExprKind::In && e.in_table && tables) (*tables)(e.table);
  for (auto& a : e.args) {
    if (a) walk_expr(*a, scope, fn, tables);
  }
}

}  // namespace noormc::model

// ---------------------------------------------------------------- what SQLite checks when it prepares a statement

namespace noormc::model {

namespace {

/// `(x)` is x itself in SQLite's parser.
const Expr& unparen(const Expr& e) {
  const Expr* p = &e;
  while (p->kind == ExprKind::Paren && p->args.size() == 1) p = p->args[0].get();
  return *p;
}

bool is_comparison(const Expr& e) {
  if (e.kind == ExprKind::Is) return true;
  if (e.kind != ExprKind::Binary) return false;
  for (const char* op : {"=", "==", "<>", "!=", "<", "<=", ">", ">="}) {
    if (e.op == op) return true;
  }
  return false;
}

/// sqlite3ExprIsInteger: an integer literal that fits in 32 bits, with + or -.
std::optional<long long> integer_value(const Expr& e0) {
  const Expr& e = unparen(e0);
  if (e.kind == ExprKind::Unary && (e.op == "-" || e.op == "+") && e.args.size() == 1) {
    auto v = integer_value(*e.args[0]);
    if (v && e.op == "-") *v = -*v;
    return v;
  }
  if (e.kind != ExprKind::Literal || e.literal != syntax::LiteralKind::Number || e.text.empty()) return std::nullopt;
  bool hex = e.text.size() > 2 && e.text[0] == '0' && (e.text[1] == 'x' || e.text[1] == 'X');
  std::string digits = hex ? e.text.substr(2) : e.text;
  if (digits.empty() || digits.size() > 10) return std::nullopt;
  for (char c : digits) {
    if (!(hex ? std::isxdigit(static_cast<unsigned char>(c)) : std::isdigit(static_cast<unsigned char>(c))))
      return std::nullopt;
  }
  long long v = std::stoll(digits, nullptr, hex ? 16 : 10);
  if (v > 2147483647LL) return std::nullopt;
  return v;
}

std::string count_of(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string ordinal(size_t n) {
  size_t tens = n % 100, ones = n % 10;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : ones == 1                ? "st"
                       : ones == 2                ? "nd"
                       : ones == 3                ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

void Resolver::walk_statement(syntax::Statement& st, const RefFn& fn) {
  walk_dml(st, nullptr, &fn, nullptr);
}

std::optional<size_t> Resolver::width(const syntax::Select& select) const {
  auto it = widths_.find(&select);
  return it == widths_.end() ? std::nullopt : it->second;
}

void Resolver::refuse(syntax::Span span, std::string message, std::string note) {
  refusals.push_back({std::move(message), std::move(note), span});
}

/// A statement that reads a view prepares the view's select too (select.c,
/// sqlite3ExpandSubquery): what SQLite refuses there refuses the statement.
void Resolver::check_view(const Relation& view, syntax::Span at) {
  if (view_depth_ >= 16) return;
  Resolver nested(lookup_, view.text);
  nested.runs_now = true;
  nested.view_depth_ = view_depth_ + 1;
  syntax::Select copy = *view.select;
  nested.walk_select(copy, nullptr, nullptr, nullptr, nullptr);
  if (nested.refusals.empty()) nested.refusals = function_use_refusals(*view.select);
  if (nested.refusals.empty()) return;
  refuse(at, nested.refusals[0].message,
         "SQLite accepted CREATE VIEW " + view.name +
             " but refuses every statement that reads it: " + nested.refusals[0].fix + "; re-create the view");
}

void Resolver::walk_top(Expr& e, const Scope* scope, const RefFn* fn, const TableFn* tables, bool vector_ok) {
  walk_expr(e, scope, fn, tables);
  if (runs_now) check_shape(e, vector_ok);
}

/// sqlite3ExprVectorSize: a vector's terms, a sub-select's columns, else 1.
std::optional<size_t> Resolver::expr_width(const Expr& e) const {
  const Expr& x = unparen(e);
  if (x.kind == ExprKind::Paren) return x.args.size();
  if (x.kind == ExprKind::Subquery && x.select) return width(*x.select);
  return 1;
}

/// A row value where SQLite takes one value: "row value misused", or a
/// sub-select's column count (expr.c, sqlite3ExprCodeTarget, sqlite3SubselectError).
void Resolver::check_shape(const Expr& e0, bool vector_ok) {
  const Expr& e = unparen(e0);
  auto w = expr_width(e);
  if (!vector_ok && w && *w != 1) {
    if (e.kind == ExprKind::Subquery) {
      return refuse(e.span, "sub-select returns " + std::to_string(*w) + " columns - expected 1",
                    "a sub-select used as a value returns one column: select one column, or compare a row value "
                    "with `(a, b) = (SELECT x, y ...)`");
    }
    return refuse(e.span, "row value misused",
                  "a row value `(a, b)` is only compared (=, <>, <, IS, BETWEEN, IN) with another of the same size "
                  "(https://www.sqlite.org/rowvalue.html)");
  }
  if (e.kind == ExprKind::And && (always_false(*e.args[0]) || always_false(*e.args[1]))) return;
  if (is_comparison(e)) return check_vector_pair(e, *e.args[0], *e.args[1]);
  if (e.kind == ExprKind::Between) {
    auto l = expr_width(*e.args[0]), a = expr_width(*e.args[1]), b = expr_width(*e.args[2]);
    if (l && a && b && (*l != *a || *l != *b)) return refuse(e.span, "row value misused", "");
    for (const auto& x : e.args) check_shape(*x, true);
    return;
  }
  if (e.kind == ExprKind::In) return check_in(e);
  for (size_t i = 0; i < e.args.size(); ++i) {
    // CASE x WHEN y: x and each y are compared, so they may be row values.
    bool compared = e.kind == ExprKind::Case && e.has_base && (i == 0 || (i % 2 == 1 && i + 1 < e.args.size()));
    if (e.args[i]) check_shape(*e.args[i], compared);
  }
  if (e.kind == ExprKind::Paren) {
    for (const auto& x : e.args) check_shape(*x, false);  // the terms of a row value are single values
  }
}

void Resolver::check_vector_pair(const Expr& at, const Expr& l, const Expr& r) {
  auto a = expr_width(l), b = expr_width(r);
  if (a && b && *a != *b) {
    return refuse(at.span, "row value misused",
                  "the two sides compare row values of different sizes (" + std::to_string(*a) + " and " +
                      std::to_string(*b) + "); give both the same number of terms");
  }
  check_shape(l, true);
  check_shape(r, true);
}

/// expr.c, sqlite3ExprCheckIN and the IN list of row values.
void Resolver::check_in(const Expr& e) {
  const Expr& lhs = *e.args[0];
  check_shape(lhs, true);
  auto n = expr_width(lhs);
  std::optional<size_t> m;
  if (e.select) m = width(*e.select);
  if (e.in_table) {
    for (auto it = ctes_.rbegin(); it != ctes_.rend() && !m; ++it) {
      if (same_name(it->first, e.table.text)) m = it->second.size();
    }
    if (!m && !is_internal_table(e.table.text)) {
      if (const Relation* rel = lookup_(e.table.text)) m = rel->columns.size();
    }
  }
  if (n && m && *n != *m) {
    return refuse(e.span, "sub-select returns " + std::to_string(*m) + " columns - expected " + std::to_string(*n),
                  "`IN (SELECT ...)` and `IN table` need as many columns as the left side has terms");
  }
  for (size_t i = 1; i < e.args.size(); ++i) {
    const Expr& x = unparen(*e.args[i]);
    auto k = expr_width(x);
    if (n && *n > 1 && k && *k != *n) {
      refuse(x.span, "IN(...) element has " + count_of(*k, "term", "terms") + " - expected " + std::to_string(*n),
             "each element of the list needs as many terms as the left side");
    } else {
      check_shape(x, n && *n > 1);
    }
  }
}

/// UPDATE ... SET (a, b) = (...): as many values as columns (expr.c,
/// sqlite3ExprListAppendVector; update.c).
void Resolver::check_assignment(const syntax::SetItem& item) {
  bool listed = item.columns.size() > 1;
  if (!listed && !item.columns.empty()) {
    size_t at = item.columns[0].span.begin;
    while (at > 0 && std::isspace(static_cast<unsigned char>(text_[at - 1]))) --at;
    listed = at > 0 && at <= text_.size() && text_[at - 1] == '(';
  }
  if (!listed) return check_shape(*item.value, false);
  const Expr& v = unparen(*item.value);
  auto w = expr_width(v);
  if (w && *w != item.columns.size()) {
    return refuse(item.value->span,
                  std::to_string(item.columns.size()) + " columns assigned " + std::to_string(*w) + " values",
                  "give `SET (a, b) = (x, y)` one value per column");
  }
  check_shape(v, true);
}

/// ORDER BY 2 and GROUP BY 2 name a result column by its position (resolve.c, resolveOrderGroupBy).
void Resolver::check_positions(const std::vector<const Expr*>& terms, const char* clause, std::optional<size_t> n) {
  if (!n) return;
  for (size_t i = 0; i < terms.size(); ++i) {
    auto v = integer_value(*terms[i]);
    if (!v || (*v >= 1 && static_cast<size_t>(*v) <= *n)) continue;
    refuse(terms[i]->span,
           ordinal(i + 1) + " " + clause + " term out of range - should be between 1 and " + std::to_string(*n),
           std::string("a number in ") + clause + " names a result column by its position, from 1 to " +
               std::to_string(*n));
  }
}

/// Every row of VALUES has as many terms as the first (select.c, sqlite3SelectWrongNumTermsError).
void Resolver::check_rows(const std::vector<std::vector<syntax::ExprPtr>>& rows) {
  if (!runs_now) return;
  for (const auto& row : rows) {
    if (row.size() == rows[0].size() || row.empty()) continue;
    syntax::Span span{row.front()->span.begin, row.back()->span.end};
    return refuse(span, "all VALUES must have the same number of terms",
                  "each row has " + count_of(rows[0].size(), "term", "terms") + " in the first row");
  }
}

/// The arms of a compound select name as many columns (select.c).
void Resolver::check_arms(const syntax::Select& select, const std::vector<std::optional<size_t>>& arms) {
  if (!runs_now) return;
  for (size_t i = 0; i < select.cores.size(); ++i) {
    if (select.cores[i].is_values) check_rows(select.cores[i].values);
  }
  // SQLite compares the last arm with the one before it first (its compound is a chain from the right).
  for (size_t i = std::min(arms.size(), select.compound_ops.size() + 1); i-- > 1;) {
    if (!arms[i] || !arms[i - 1] || *arms[i] == *arms[i - 1]) continue;
    const std::string& op = select.compound_ops[i - 1];
    std::string message = select.cores[i].is_values ? "all VALUES must have the same number of terms"
                                                    : "SELECTs to the left and right of " + op +
                                                          " do not have the same number of result columns";
    return refuse(select.span, message,
                  "the left side has " + count_of(*arms[i - 1], "column", "columns") + ", the right side " +
                      std::to_string(*arms[i]) + ": every arm of a compound select names as many columns");
  }
}

/// A compound select's ORDER BY term names a result column: by position, by an
/// arm's AS alias, or as an expression one arm returns (select.c,
/// resolveCompoundOrderBy). Terms noormc cannot match for sure (an arm with
/// `*` or VALUES) pass.
void Resolver::check_compound_order(const syntax::Select& select) {
  if (select.cores.size() < 2) return;
  for (const auto& core : select.cores) {
    if (core.is_values) return;
    for (const auto& rc : core.columns) {
      if (rc.kind != syntax::ResultColumn::Kind::Expr) return;
    }
  }
  auto bare = [](const Expr& e0) -> const Expr& {
    const Expr* p = &unparen(e0);
    while (p->kind == ExprKind::Collate && !p->args.empty()) p = &unparen(*p->args[0]);
    return *p;
  };
  for (size_t i = 0; i < select.order_by.size(); ++i) {
    const Expr& term = bare(*select.order_by[i].expr);
    if (integer_value(term)) continue;
    std::string shape = expr_shape(term);
    bool matched = false;
    for (const auto& core : select.cores) {
      for (const auto& rc : core.columns) {
        bool alias = rc.alias && term.kind == ExprKind::Column && term.table.empty() &&
                     same_name(rc.alias->text, term.name.text);
        matched = matched || alias || expr_shape(bare(*rc.expr)) == shape;
      }
    }
    if (matched) continue;
    refuse(select.order_by[i].expr->span, ordinal(i + 1) + " ORDER BY term does not match any column in the result set",
           "the ORDER BY of a compound SELECT (UNION, INTERSECT, EXCEPT) names a result column: by its alias, as "
           "an expression an arm returns, or by its position (ORDER BY 1)");
  }
}

}  // namespace noormc::model
