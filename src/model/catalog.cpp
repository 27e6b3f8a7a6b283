#include "model/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "syntax/parse.hpp"

namespace noormc::model {

using syntax::ColumnConstraint;
using syntax::ColumnDef;
using syntax::Expr;
using syntax::ExprKind;
using syntax::ExprPtr;
using syntax::fold;
using syntax::Name;
using syntax::same_name;
using syntax::SelectPtr;
using syntax::TableConstraint;
using CK = syntax::ColumnConstraint::Kind;
using TK = syntax::TableConstraint::Kind;

// ---------------------------------------------------------------- deep copies

static void clone_into(syntax::Select& s);
static void clone_into(syntax::IndexedColumn& c);
static void clone_into(std::vector<syntax::TableRef>& refs);

ExprPtr clone(const ExprPtr& e) {
  if (!e) return nullptr;
  auto c = std::make_shared<Expr>(*e);
  for (auto& a : c->args) a = clone(a);
  c->select = clone(c->select);
  return c;
}

SelectPtr clone(const SelectPtr& s) {
  if (!s) return nullptr;
  auto c = std::make_shared<syntax::Select>(*s);
  clone_into(*c);
  return c;
}

static void clone_into(std::vector<syntax::TableRef>& refs) {
  for (auto& r : refs) {
    for (auto& a : r.args) a = clone(a);
    r.select = clone(r.select);
    r.on = clone(r.on);
    clone_into(r.nested);
  }
}

static void clone_into(syntax::Select& s) {
  for (auto& cte : s.with) cte.select = clone(cte.select);
  for (auto& core : s.cores) {
    for (auto& rc : core.columns) rc.expr = clone(rc.expr);
    clone_into(core.from);
    core.where = clone(core.where);
    for (auto& g : core.group_by) g = clone(g);
    core.having = clone(core.having);
    for (auto& row : core.values) {
      for (auto& v : row) v = clone(v);
    }
    for (auto& w : core.window_exprs) w = clone(w);
  }
  for (auto& o : s.order_by) o.expr = clone(o.expr);
  s.limit = clone(s.limit);
  s.offset = clone(s.offset);
}

static void clone_into(syntax::IndexedColumn& c) {
  c.expr = clone(c.expr);
}

static void clone_into(syntax::ColumnDef& d) {
  for (auto& cc : d.constraints) cc.expr = clone(cc.expr);
}

static syntax::CreateTable clone_table(const syntax::CreateTable& t) {
  syntax::CreateTable c = t;
  for (auto& col : c.columns) clone_into(col);
  for (auto& tc : c.constraints) {
    for (auto& ic : tc.columns) clone_into(ic);
    tc.check = clone(tc.check);
  }
  c.as_select = clone(c.as_select);
  return c;
}

static syntax::StatementPtr clone_statement(const syntax::StatementPtr& st) {
  auto c = std::make_shared<syntax::Statement>(*st);
  std::visit(
      [](auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, syntax::Insert>) {
          for (auto& row : b.values) {
            for (auto& v : row) v = clone(v);
          }
          b.select = clone(b.select);
          for (auto& u : b.upserts) {
            for (auto& s : u.set) s.value = clone(s.value);
            u.where = clone(u.where);
            u.target_where = clone(u.target_where);
          }
        } else if constexpr (std::is_same_v<T, syntax::Update>) {
          for (auto& s : b.set) s.value = clone(s.value);
          clone_into(b.from);
          b.where = clone(b.where);
        } else if constexpr (std::is_same_v<T, syntax::Delete>) {
          b.where = clone(b.where);
        } else if constexpr (std::is_same_v<T, syntax::Select>) {
          clone_into(b);
        }
      },
      c->body);
  return c;
}

// ---------------------------------------------------------------- state

struct TableEntry {
  syntax::CreateTable def;
  std::vector<std::string> hidden;    // a virtual table's hidden columns (fts5: the table name, rank)
  bool temp = false;                  // TEMP: resolvable by later statements, not part of the schema
  std::optional<std::string> module;  // virtual tables
  const SourceFile* file = nullptr;
  std::vector<const SourceFile*> column_files;  // parallel to def.columns
  uint64_t seq = 0;
  uint64_t version = 0;  // bumped whenever what the PRAGMAs say of it may change
};

struct IndexEntry {
  syntax::CreateIndex def;
  const SourceFile* file = nullptr;
  uint64_t seq = 0;
};

/// The tables and views a view or trigger names (folded), computed when first
/// needed and kept until a RENAME TO rewrites names.
using References = std::optional<std::set<std::string>>;

struct ViewEntry {
  syntax::CreateView def;
  mutable References refs;
  bool temp = false;
  const SourceFile* file = nullptr;
  uint64_t seq = 0;
};

struct TriggerEntry {
  syntax::CreateTrigger def;
  mutable References refs;
  bool temp = false;
  const SourceFile* file = nullptr;
  uint64_t seq = 0;
};

struct Catalog::State {
  std::map<std::string, TableEntry> tables;  // folded name → entry
  std::map<std::string, IndexEntry> indexes;
  std::map<std::string, ViewEntry> views;
  std::map<std::string, TriggerEntry> triggers;
  uint64_t seq = 0;
  // Connection settings that change what ALTER TABLE does.
  bool legacy_alter_table = false;
  bool foreign_keys = false;
  // Relations built for the resolver, valid until the next change.
  mutable std::map<std::string, Relation> relation_cache;
  mutable std::set<std::string> resolving;  // views being resolved (cycle guard)

  void changed() { relation_cache.clear(); }

  // Derived tables, reused while neither the table nor a parent it references changed.
  struct Derived {
    uint64_t version = 0;
    std::vector<std::pair<std::string, uint64_t>> parents;  // folded name → its version (0: absent)
    Table table;
  };
  mutable std::map<std::string, Derived> derived;
  uint64_t generation = 0;
  void bump(const std::string& folded) {
    if (auto it = tables.find(folded); it != tables.end()) it->second.version = ++generation;
  }
  /// The tables with a foreign key to `folded` (their text names it, or its columns).
  void bump_referrers(const std::string& folded) {
    for (auto& [k, e] : tables) {
      bool refers = false;
      for (const auto& c : e.def.columns) {
        for (const auto& cc : c.constraints)
          refers = refers || (cc.kind == CK::ForeignKey && fold(cc.fk.table.text) == folded);
      }
      for (const auto& tc : e.def.constraints)
        refers = refers || (tc.kind == TK::ForeignKey && fold(tc.fk.table.text) == folded);
      if (refers) e.version = ++generation;
    }
  }
  uint64_t version_of(const std::string& folded) const {
    auto it = tables.find(folded);
    return it == tables.end() ? 0 : it->second.version;
  }
  const Relation* relation(std::string_view name) const;
  RelationLookup lookup() const {
    return [this](std::string_view n) { return relation(n); };
  }
};

Catalog::Catalog() : s_(std::make_unique<State>()) {}
Catalog::~Catalog() = default;
/// A copied State shares its statements' nodes with the original, and ALTER
/// TABLE edits them in place: give the copy its own.
static void detach(Catalog::State& s) {
  for (auto& [k, e] : s.tables) e.def = clone_table(e.def);
  for (auto& [k, ix] : s.indexes) {
    for (auto& c : ix.def.columns) clone_into(c);
    ix.def.where = clone(ix.def.where);
  }
  for (auto& [k, v] : s.views) v.def.select = clone(v.def.select);
  for (auto& [k, t] : s.triggers) {
    t.def.when = clone(t.def.when);
    for (auto& b : t.def.body) b = clone_statement(b);
  }
  s.changed();
}

Catalog::Catalog(const Catalog& o) : s_(std::make_unique<State>(*o.s_)) {
  detach(*s_);
}
Catalog& Catalog::operator=(const Catalog& o) {
  if (this != &o) {
    s_ = std::make_unique<State>(*o.s_);
    detach(*s_);
  }
  return *this;
}

// ---------------------------------------------------------------- deriving what the PRAGMAs say

namespace {

bool is_quote(char c) {
  return c == '"' || c == '\'' || c == '`' || c == '[';
}

/// The declared type as SQLite stores it: outer quotes stripped, the six
/// standard names upper-cased (build.c, sqlite3AddColumn).
std::string normalize_type(std::string type) {
  if (type.size() >= 3) {
    if (is_quote(type.front())) {
      bool inner = false;
      for (size_t i = 1; i + 1 < type.size(); ++i) inner = inner || is_quote(type[i]);
      if (!inner) type = type.substr(1, type.size() - 2);
    }
    static const char* std_types[] = {"INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"};
    for (const char* s : std_types) {
      if (same_name(type, s)) return s;
    }
  }
  return type;
}

bool has_constraint(const ColumnDef& c, CK kind) {
  return std::any_of(c.constraints.begin(), c.constraints.end(),
                     [&](const ColumnConstraint& cc) { return cc.kind == kind; });
}

const ColumnConstraint* find_constraint(const ColumnDef& c, CK kind) {
  for (const auto& cc : c.constraints) {
    if (cc.kind == kind) return &cc;
  }
  return nullptr;
}

int column_index(const syntax::CreateTable& t, std::string_view name) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (same_name(t.columns[i].name.text, name)) return static_cast<int>(i);
  }
  return -1;
}

/// Column names of an index/constraint column list; "" for an expression.
std::vector<std::string> key_names(const std::vector<syntax::IndexedColumn>& cols) {
  std::vector<std::string> out;
  for (const auto& c : cols) out.push_back(c.column ? c.column->text : std::string());
  return out;
}

/// `col IN ('a', 'b')` (or `col = 'a'`-free forms) → the string values, for TS unions.
void collect_check_in(const Expr& e, std::map<std::string, std::vector<std::string>>& out) {
  if (e.kind == ExprKind::And) {
    for (const auto& a : e.args) collect_check_in(*a, out);
    return;
  }
  if (e.kind == ExprKind::Paren && e.args.size() == 1) {
    collect_check_in(*e.args[0], out);
    return;
  }
  if (e.kind != ExprKind::In || e.negated || e.select || e.in_table || e.args.size() < 2) return;
  const Expr* lhs = e.args[0].get();
  while (lhs->kind == ExprKind::Collate) lhs = lhs->args[0].get();
  if (lhs->kind != ExprKind::Column || !lhs->table.empty()) return;
  std::vector<std::string> values;
  for (size_t i = 1; i < e.args.size(); ++i) {
    const Expr& v = *e.args[i];
    if (v.kind != ExprKind::Literal || v.literal != syntax::LiteralKind::String) return;
    std::string s;
    for (size_t k = 1; k + 1 < v.text.size(); ++k) {
      s.push_back(v.text[k]);
      if (v.text[k] == '\'' && k + 2 < v.text.size() && v.text[k + 1] == '\'') ++k;
    }
    values.push_back(s);
  }
  out[fold(lhs->name.text)] = values;
}

struct PkInfo {
  std::vector<std::pair<std::string, bool>> columns;  // name, desc (column-level DESC)
  bool column_level = false;
  bool desc = false;
  syntax::Conflict conflict = syntax::Conflict::Default;
  bool autoincrement = false;
};

std::optional<PkInfo> primary_key_of(const syntax::CreateTable& t) {
  for (const auto& c : t.columns) {
    if (auto* pk = find_constraint(c, CK::PrimaryKey)) {
      PkInfo info;
      info.columns.push_back({c.name.text, pk->desc});
      info.column_level = true;
      info.desc = pk->desc;
      info.conflict = pk->conflict;
      info.autoincrement = pk->autoincrement;
      return info;
    }
  }
  for (const auto& tc : t.constraints) {
    if (tc.kind == TK::PrimaryKey) {
      PkInfo info;
      for (const auto& ic : tc.columns) info.columns.push_back({ic.column ? ic.column->text : "", ic.desc});
      info.conflict = tc.conflict;
      info.autoincrement = tc.autoincrement;
      return info;
    }
  }
  return std::nullopt;
}

/// The INTEGER PRIMARY KEY column of a rowid table (build.c, sqlite3AddPrimaryKey).
int rowid_alias_index(const syntax::CreateTable& t) {
  if (t.without_rowid) return -1;
  auto pk = primary_key_of(t);
  if (!pk || pk->columns.size() != 1) return -1;
  if (pk->column_level && pk->desc) return -1;
  int i = column_index(t, pk->columns[0].first);
  if (i < 0) return -1;
  if (normalize_type(t.columns[static_cast<size_t>(i)].type) != "INTEGER") return -1;
  return i;
}

}  // namespace

/// `explicit_indexes`: the CREATE INDEX entries on this table (Catalog::schema() groups them once).
static Table derive_table(const TableEntry& e, const Catalog::State& st,
                          std::vector<const IndexEntry*> explicit_indexes) {
  const auto& d = e.def;
  Table t;
  t.name = d.name.text;
  t.strict = d.strict;
  t.without_rowid = d.without_rowid;
  t.virtual_module = e.module;
  int ipk = rowid_alias_index(d);
  std::map<std::string, std::vector<std::string>> check_in;
  for (const auto& tc : d.constraints) {
    if (tc.kind == TK::Check && tc.check) collect_check_in(*tc.check, check_in);
  }
  for (size_t i = 0; i < d.columns.size(); ++i) {
    const auto& cd = d.columns[i];
    Column c;
    c.name = cd.name.text;
    c.type = normalize_type(cd.type);
    for (const auto& cc : cd.constraints) {
      switch (cc.kind) {
        case CK::NotNull:
          c.not_null = true;
          break;
        case CK::Default:
          c.default_value = cc.default_text;
          break;
        case CK::PrimaryKey:
          c.primary_key = 1;
          c.autoincrement = cc.autoincrement;
          break;
        case CK::Collate:
          c.collation = cc.collation.text;
          break;
        case CK::Generated: {
          c.generated = cc.stored ? "stored" : "virtual";
          const SourceFile* f = i < e.column_files.size() ? e.column_files[i] : e.file;
          if (f && cc.expr) c.generated_expr = std::string(syntax::span_text(*f, cc.expr->span));
          break;
        }
        case CK::Unique:
          c.unique = true;
          break;
        case CK::Check:
          if (cc.expr) collect_check_in(*cc.expr, check_in);
          break;
        default:
          break;
      }
    }
    if (!c.generated.empty()) c.default_value.reset();
    c.rowid_alias = static_cast<int>(i) == ipk;
    t.columns.push_back(std::move(c));
  }
  for (const auto& tc : d.constraints) {
    if (tc.kind != TK::PrimaryKey) continue;
    int pos = 1;
    for (const auto& ic : tc.columns) {
      int ci = ic.column ? column_index(d, ic.column->text) : -1;
      if (ci >= 0) t.columns[static_cast<size_t>(ci)].primary_key = pos;
      ++pos;
    }
    if (tc.autoincrement && ipk >= 0) t.columns[static_cast<size_t>(ipk)].autoincrement = true;
    if (tc.columns.size() == 1 && ipk < 0) {
      int ci = tc.columns[0].column ? column_index(d, tc.columns[0].column->text) : -1;
      if (ci >= 0) t.columns[static_cast<size_t>(ci)].unique = true;
    }
  }
  for (auto& c : t.columns) {
    auto it = check_in.find(fold(c.name));
    if (it != check_in.end()) c.check_in = it->second;
    // WITHOUT ROWID and STRICT tables make key columns NOT NULL (the rowid alias excepted).
    if ((d.without_rowid || d.strict) && c.primary_key > 0 && !c.rowid_alias) c.not_null = true;
    if (c.primary_key > 0 && !d.without_rowid) {
      // rowid tables: only NOT NULL as declared.
    }
  }

  // Foreign keys: textual order, then reversed (SQLite prepends each one).
  std::vector<ForeignKey> fks;
  auto parent_pk = [&](const std::string& parent) -> std::vector<std::optional<std::string>> {
    std::vector<std::optional<std::string>> out;
    const syntax::CreateTable* pd = nullptr;
    if (same_name(parent, d.name.text)) {
      pd = &d;
    } else {
      auto it = st.tables.find(fold(parent));
      if (it != st.tables.end()) pd = &it->second.def;
    }
    if (!pd) return out;
    auto pk = primary_key_of(*pd);
    if (!pk) return out;
    for (const auto& [n, desc] : pk->columns) {
      int ci = column_index(*pd, n);
      out.push_back(ci >= 0 ? std::optional<std::string>(pd->columns[static_cast<size_t>(ci)].name.text)
                            : std::optional<std::string>(n));
    }
    return out;
  };
  auto make_fk = [&](const std::vector<std::string>& from, const syntax::ForeignKeyClause& clause) {
    ForeignKey fk;
    fk.columns = from;
    fk.table = clause.table.text;
    fk.on_delete = clause.on_delete;
    fk.on_update = clause.on_update;
    if (!clause.columns.empty()) {
      for (const auto& c : clause.columns) fk.to.push_back(c.text);
    } else {
      auto pk = parent_pk(clause.table.text);
      for (size_t j = 0; j < from.size(); ++j) {
        fk.to.push_back(j < pk.size() ? pk[j] : std::nullopt);
      }
    }
    fks.push_back(std::move(fk));
  };
  for (const auto& cd : d.columns) {
    for (const auto& cc : cd.constraints) {
      if (cc.kind == CK::ForeignKey) make_fk({cd.name.text}, cc.fk);
    }
  }
  for (const auto& tc : d.constraints) {
    if (tc.kind != TK::ForeignKey) continue;
    std::vector<std::string> from;
    for (const auto& n : tc.fk_columns) {
      int ci = column_index(d, n.text);
      from.push_back(ci >= 0 ? d.columns[static_cast<size_t>(ci)].name.text : n.text);
    }
    make_fk(from, tc.fk);
  }
  std::reverse(fks.begin(), fks.end());
  t.foreign_keys = std::move(fks);

  // Indexes: SQLite's linked list, built as build.c builds it.
  struct Built {
    Index index;
    bool replace = false;
    syntax::Conflict conflict = syntax::Conflict::Default;
    std::vector<std::string> key;  // folded key columns, for de-duplication
  };
  std::vector<Built> autos;
  // Two constraints on the same columns with the same collations share one index (build.c).
  auto collation_of = [&](const std::string& col, const std::optional<Name>& explicit_collation) {
    if (explicit_collation) return fold(explicit_collation->text);
    int ci = column_index(d, col);
    if (ci >= 0) {
      if (const auto* cc = find_constraint(d.columns[static_cast<size_t>(ci)], CK::Collate))
        return fold(cc->collation.text);
    }
    return std::string("binary");
  };
  auto add_auto = [&](const std::vector<std::string>& cols, const std::vector<std::string>& collations, bool pk,
                      syntax::Conflict conflict) {
    std::vector<std::string> key;
    for (size_t i = 0; i < cols.size(); ++i) key.push_back(fold(cols[i]) + "\x1f" + collations[i]);
    for (auto& b : autos) {
      if (b.key == key) {
        if (b.conflict == syntax::Conflict::Default) b.conflict = conflict;
        b.replace = b.conflict == syntax::Conflict::Replace;
        if (pk) b.index.origin = "pk";
        return;
      }
    }
    Built b;
    b.index.name = "sqlite_autoindex_" + d.name.text + "_" + std::to_string(autos.size() + 1);
    b.index.unique = true;
    b.index.origin = pk ? "pk" : "u";
    for (const auto& c : cols) {
      int ci = column_index(d, c);
      b.index.columns.push_back(ci >= 0 ? d.columns[static_cast<size_t>(ci)].name.text : c);
    }
    b.conflict = conflict;
    b.replace = conflict == syntax::Conflict::Replace;
    b.key = key;
    autos.push_back(std::move(b));
  };
  auto collations = [&](const std::vector<syntax::IndexedColumn>& cols) {
    std::vector<std::string> out;
    for (const auto& ic : cols) out.push_back(collation_of(ic.column ? ic.column->text : "", ic.collation));
    return out;
  };
  struct Deferred {
    std::vector<std::string> cols, collations;
    syntax::Conflict conflict;
  };
  std::optional<Deferred> deferred_pk;
  for (size_t i = 0; i < d.columns.size(); ++i) {
    const auto& cd = d.columns[i];
    for (const auto& cc : cd.constraints) {
      if (cc.kind == CK::PrimaryKey) {
        bool integer = normalize_type(cd.type) == "INTEGER" && !cc.desc;
        std::vector<std::string> coll{collation_of(cd.name.text, std::nullopt)};
        if (integer) {
          if (d.without_rowid) deferred_pk = Deferred{{cd.name.text}, coll, cc.conflict};
        } else {
          add_auto({cd.name.text}, coll, true, cc.conflict);
        }
      } else if (cc.kind == CK::Unique) {
        add_auto({cd.name.text}, {collation_of(cd.name.text, std::nullopt)}, false, cc.conflict);
      }
    }
  }
  for (const auto& tc : d.constraints) {
    if (tc.kind == TK::PrimaryKey) {
      auto names = key_names(tc.columns);
      bool integer = false;
      if (names.size() == 1) {
        int ci = column_index(d, names[0]);
        integer = ci >= 0 && normalize_type(d.columns[static_cast<size_t>(ci)].type) == "INTEGER";
      }
      if (integer) {
        if (d.without_rowid) deferred_pk = Deferred{names, collations(tc.columns), tc.conflict};
      } else {
        add_auto(names, collations(tc.columns), true, tc.conflict);
      }
    } else if (tc.kind == TK::Unique) {
      add_auto(key_names(tc.columns), collations(tc.columns), false, tc.conflict);
    }
  }
  if (deferred_pk) add_auto(deferred_pk->cols, deferred_pk->collations, true, deferred_pk->conflict);

  std::vector<Built> all = autos;
  std::sort(explicit_indexes.begin(), explicit_indexes.end(),
            [](const IndexEntry* a, const IndexEntry* b) { return a->seq < b->seq; });
  for (const auto* ie : explicit_indexes) {
    Built b;
    b.index.name = ie->def.name.text;
    b.index.unique = ie->def.unique;
    b.index.origin = "c";
    b.index.partial = ie->def.where != nullptr;
    for (const auto& ic : ie->def.columns) {
      if (ic.column) {
        int ci = column_index(d, ic.column->text);
        b.index.columns.push_back(ci >= 0 ? d.columns[static_cast<size_t>(ci)].name.text : ic.column->text);
      } else {
        b.index.columns.push_back(std::nullopt);
      }
    }
    all.push_back(std::move(b));
  }
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (!it->replace) t.indexes.push_back(it->index);
  }
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->replace) t.indexes.push_back(it->index);
  }
  for (const auto& ix : t.indexes) {
    if (ix.unique && !ix.partial && ix.columns.size() == 1 && ix.columns[0]) {
      for (auto& c : t.columns) {
        if (same_name(c.name, *ix.columns[0])) c.unique = true;
      }
    }
  }
  return t;
}

static Relation relation_of_table(const TableEntry& e) {
  Relation r;
  r.name = e.def.name.text;
  r.is_table = true;
  for (const auto& c : e.def.columns) {
    r.columns.push_back({c.name.text, normalize_type(c.type), e.def.name.text, c.name.text});
  }
  int ipk = rowid_alias_index(e.def);
  if (ipk >= 0) r.rowid_alias = e.def.columns[static_cast<size_t>(ipk)].name.text;
  r.has_rowid = !e.def.without_rowid;
  r.hidden = e.hidden;
  return r;
}

const Relation* Catalog::State::relation(std::string_view name) const {
  std::string key = fold(name);
  auto cached = relation_cache.find(key);
  if (cached != relation_cache.end()) return &cached->second;
  if (auto it = tables.find(key); it != tables.end()) {
    return &relation_cache.emplace(key, relation_of_table(it->second)).first->second;
  }
  if (auto it = views.find(key); it != views.end()) {
    if (resolving.count(key)) return nullptr;
    resolving.insert(key);
    Relation r;
    r.name = it->second.def.name.text;
    r.is_table = false;
    r.has_rowid = false;
    Resolver res(lookup(), it->second.file ? std::string_view(it->second.file->text()) : std::string_view());
    r.columns = res.result_columns(*it->second.def.select);
    // A view that reads a missing table or column has no columns: PRAGMA table_info on it fails.
    if (!res.issues.empty()) r.columns.clear();
    for (size_t i = 0; i < it->second.def.columns.size() && i < r.columns.size(); ++i) {
      r.columns[i].name = it->second.def.columns[i].text;
    }
    resolving.erase(key);
    return &relation_cache.emplace(key, std::move(r)).first->second;
  }
  return nullptr;
}

/// Resolves a view's select or a trigger's body on a copy, leaving the
/// catalog's definition as it is: the issues, and the names it reads.
static std::vector<ResolveIssue> resolve_copy(const Catalog::State& s, const ViewEntry* v, const TriggerEntry* t,
                                              std::set<std::string>* refs = nullptr) {
  const SourceFile* file = v ? v->file : t->file;
  Resolver res(s.lookup(), file ? std::string_view(file->text()) : std::string_view());
  if (v) {
    auto copy = clone(v->def.select);
    res.walk(*copy, [](Expr&, const Binding*) {});
  } else {
    syntax::CreateTrigger copy = t->def;
    for (auto& b : copy.body) b = clone_statement(b);
    copy.when = clone(copy.when);
    res.walk_trigger(copy, [](Expr&, const Binding*) {});
  }
  if (refs) *refs = res.referenced;
  return res.issues;
}

Schema Catalog::schema() const {
  Schema out;
  std::map<std::string, std::vector<const IndexEntry*>> indexes;  // folded table name → its indexes
  for (const auto& [k, ie] : s_->indexes) indexes[fold(ie.def.table.text)].push_back(&ie);
  for (const auto& [k, e] : s_->tables) {
    if (e.temp) continue;
    std::vector<std::pair<std::string, uint64_t>> parents;
    auto add_parent = [&](const syntax::ForeignKeyClause& fk) {
      std::string key = fold(fk.table.text);
      parents.push_back({key, s_->version_of(key)});
    };
    for (const auto& c : e.def.columns) {
      for (const auto& cc : c.constraints) {
        if (cc.kind == CK::ForeignKey) add_parent(cc.fk);
      }
    }
    for (const auto& tc : e.def.constraints) {
      if (tc.kind == TK::ForeignKey) add_parent(tc.fk);
    }
    auto cached = s_->derived.find(k);
    if (cached != s_->derived.end() && cached->second.version == e.version && cached->second.parents == parents) {
      out.tables.push_back(cached->second.table);
      continue;
    }
    Table t = derive_table(e, *s_, indexes[k]);
    s_->derived[k] = {e.version, std::move(parents), t};
    out.tables.push_back(std::move(t));
  }
  std::sort(out.tables.begin(), out.tables.end(), [](const Table& a, const Table& b) { return a.name < b.name; });
  std::vector<const ViewEntry*> views;
  for (const auto& [k, v] : s_->views) {
    if (!v.temp) views.push_back(&v);
  }
  std::sort(views.begin(), views.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
  for (const auto* v : views) {
    View view;
    view.name = v->def.name.text;
    if (const Relation* r = s_->relation(v->def.name.text)) view.columns = r->columns;
    out.views.push_back(std::move(view));
  }
  std::vector<const TriggerEntry*> triggers;
  for (const auto& [k, t] : s_->triggers) {
    if (!t.temp) triggers.push_back(&t);
  }
  std::sort(triggers.begin(), triggers.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
  for (const auto* t : triggers) out.triggers.push_back({t->def.name.text, t->def.table.text});
  return out;
}

bool Catalog::has_table(std::string_view name) const {
  auto it = s_->tables.find(fold(name));
  return it != s_->tables.end() && !it->second.temp;
}

std::vector<std::string> Catalog::table_names() const {
  std::vector<std::string> out;
  for (const auto& [k, e] : s_->tables) {
    if (!e.temp) out.push_back(e.def.name.text);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---------------------------------------------------------------- applying statements

namespace {

class Applier {
 public:
  Applier(Catalog::State& s, const SourceFile& file, Diagnostics& diags) : s_(s), file_(file), diags_(diags) {}

  Diagnostic& error(std::string code, syntax::Span span, std::string message) {
    ok_ = false;
    return diags_.add(Severity::Error, std::move(code), file_, span.begin, span.end, std::move(message));
  }
  Diagnostic& warning(std::string code, syntax::Span span, std::string message) {
    return diags_.add(Severity::Warning, std::move(code), file_, span.begin, span.end, std::move(message));
  }

  std::vector<std::string> table_names() const {
    std::vector<std::string> out;
    for (const auto& [k, e] : s_.tables) out.push_back(e.def.name.text);
    return out;
  }
  std::vector<std::string> column_names(const syntax::CreateTable& t) const {
    std::vector<std::string> out;
    for (const auto& c : t.columns) out.push_back(c.name.text);
    return out;
  }

  void no_such_table(const Name& n) {
    auto& d = error("E0201", n.span, "no such table '" + n.text + "'");
    d.notes.push_back(did_you_mean_note(n.text, table_names(), "tables"));
  }
  void no_such_column(const Name& n, const syntax::CreateTable& t) {
    auto& d = error("E0202", n.span, "no such column '" + n.text + "' in table '" + t.name.text + "'");
    d.notes.push_back(did_you_mean_note(n.text, column_names(t), "columns"));
  }

  bool check_schema(const Name& schema) {
    if (schema.empty() || same_name(schema.text, "main") || same_name(schema.text, "temp")) return true;
    error("E0211", schema.span, "schema '" + schema.text + "' is not supported")
        .notes.push_back("migrations describe the main database; drop the '" + schema.text + ".' prefix");
    return false;
  }

  bool reserved(const Name& n, const char* what) {
    if (n.text.size() >= 7 && same_name(n.text.substr(0, 7), "sqlite_")) {
      error("E0208", n.span, std::string("object name reserved for internal use: ") + n.text)
          .notes.push_back(std::string("choose another ") + what + " name; SQLite owns names starting with sqlite_");
      return true;
    }
    return false;
  }

  /// Names of tables, views and indexes share one namespace in SQLite.
  bool name_taken(const Name& n, bool if_not_exists, const char* kind) {
    std::string key = fold(n.text);
    if (s_.tables.count(key) || s_.views.count(key)) {
      if (if_not_exists && (std::string(kind) != "index")) return true;
      bool is_view = s_.views.count(key) > 0;
      if (std::string(kind) == "index") {
        error("E0203", n.span,
              "there is already a " + std::string(is_view ? "view" : "table") + " named '" + n.text + "'");
      } else if (!if_not_exists) {
        error("E0203", n.span, std::string(is_view ? "view" : "table") + " '" + n.text + "' already exists")
            .notes.push_back(std::string("use CREATE ") + kind + " IF NOT EXISTS, or pick another name");
      }
      return true;
    }
    if (s_.indexes.count(key)) {
      if (if_not_exists && std::string(kind) == "index") return true;
      error("E0203", n.span,
            std::string(kind) == "index" ? "index '" + n.text + "' already exists"
                                         : "there is already an index named '" + n.text + "'");
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------ CREATE TABLE

  void create_table(const syntax::CreateTable& ct) {
    bool temp = ct.temp || same_name(ct.schema.text, "temp");
    if (temp) {
      warning("W0101", ct.name.span, "TEMP table '" + ct.name.text + "' is not part of the schema")
          .notes.push_back(
              "a temporary table lives only in one connection; later statements of the migration "
              "can use it, the generated code cannot");
    }
    if (!check_schema(ct.schema) || reserved(ct.name, "table")) return;
    if (name_taken(ct.name, ct.if_not_exists, "TABLE")) return;
    TableEntry e;
    e.temp = temp;
    e.file = &file_;
    e.seq = ++s_.seq;
    if (ct.as_select) {
      e.def.name = ct.name;
      Resolver res(s_.lookup(), file_.text());
      auto cols = res.result_columns(*ct.as_select);
      if (report_issues(res)) return;
      for (const auto& c : cols) {
        ColumnDef cd;
        cd.name.text = c.name;
        cd.type = ctas_type(c);
        e.def.columns.push_back(std::move(cd));
      }
      // The expression types: computed from the select's own items.
      fix_ctas_types(e.def, *ct.as_select);
    } else {
      e.def = clone_table(ct);
      if (!validate_table(e.def)) return;
    }
    e.def.schema = {};
    e.column_files.assign(e.def.columns.size(), &file_);
    s_.tables[fold(ct.name.text)] = std::move(e);
    s_.changed();
  }

  static std::string ctas_type(const ViewColumn& c) {
    if (!c.source_table) return "";
    switch (affinity_of(c.type)) {
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

  /// CAST(x AS T) gives T's affinity; a bare column its own (select.c, sqlite3ExprAffinity).
  void fix_ctas_types(syntax::CreateTable& def, const syntax::Select& sel) {
    if (sel.cores.empty() || sel.cores[0].is_values) return;
    size_t i = 0;
    for (const auto& rc : sel.cores[0].columns) {
      if (rc.kind != syntax::ResultColumn::Kind::Expr) return;  // * expansions keep column types
      if (i >= def.columns.size()) return;
      const Expr* e = rc.expr.get();
      while (e->kind == ExprKind::Collate || (e->kind == ExprKind::Paren && e->args.size() == 1)) e = e->args[0].get();
      if (e->kind == ExprKind::Cast) {
        switch (affinity_of(e->text)) {
          case Affinity::Integer:
            def.columns[i].type = "INT";
            break;
          case Affinity::Text:
            def.columns[i].type = "TEXT";
            break;
          case Affinity::Numeric:
            def.columns[i].type = "NUM";
            break;
          case Affinity::Real:
            def.columns[i].type = "REAL";
            break;
          case Affinity::Blob:
            def.columns[i].type = "";
            break;
        }
      } else if (e->kind != ExprKind::Column && e->kind != ExprKind::Subquery) {
        def.columns[i].type = "";
      }
      ++i;
    }
  }

  bool report_issues(const Resolver& res) {
    bool any = false;
    for (const auto& is : res.issues) {
      any = true;
      auto& d = error(is.table ? "E0201" : "E0202", is.span, is.message);
      if (is.table) {
        d.notes.push_back(did_you_mean_note(is.name, table_names(), "tables"));
      } else if (!is.candidates.empty()) {
        d.notes.push_back(did_you_mean_note(is.name, is.candidates, "columns"));
      }
      if (is.quote == '"') {
        d.notes.push_back("\"" + is.name + "\" is a name in SQL; a string takes single quotes: '" + is.name +
                          "' (better-sqlite3 is built with SQLITE_DQS=0 and never reads \"...\" as a string)");
      }
    }
    return any;
  }

  bool validate_table(const syntax::CreateTable& t) {
    bool good = true;
    auto fail = [&](syntax::Span span, std::string msg, std::string note = "") {
      auto& d = error("E0206", span, std::move(msg));
      if (!note.empty()) d.notes.push_back(std::move(note));
      good = false;
    };
    std::set<std::string> seen;
    int pk_count = 0;
    size_t generated = 0;
    for (const auto& c : t.columns) {
      if (!seen.insert(fold(c.name.text)).second) {
        error("E0204", c.name.span, "duplicate column name '" + c.name.text + "'");
        good = false;
      }
      bool is_generated = has_constraint(c, CK::Generated);
      if (is_generated) ++generated;
      for (const auto& cc : c.constraints) {
        if (cc.kind == CK::PrimaryKey) {
          ++pk_count;
          if (pk_count > 1) fail(cc.span, "table '" + t.name.text + "' has more than one primary key");
          if (is_generated) fail(cc.span, "generated columns cannot be part of the PRIMARY KEY");
          if (cc.autoincrement && (normalize_type(c.type) != "INTEGER" || cc.desc)) {
            fail(cc.span, "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY",
                 "declare the column as INTEGER PRIMARY KEY AUTOINCREMENT");
          }
        }
        if (cc.kind == CK::Default && is_generated) fail(cc.span, "cannot use DEFAULT on a generated column");
        if (cc.kind == CK::ForeignKey && cc.fk.columns.size() > 1) {
          fail(cc.fk.span, "foreign key on '" + c.name.text + "' should reference only one column of table '" +
                               cc.fk.table.text + "'");
        }
      }
      if (t.strict) {
        std::string ty = normalize_type(c.type);
        static const char* allowed[] = {"INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"};
        bool okay = std::any_of(std::begin(allowed), std::end(allowed), [&](const char* a) { return ty == a; });
        if (c.type.empty()) {
          fail(c.name.span, "missing datatype for " + t.name.text + "." + c.name.text,
               "a STRICT table takes INT, INTEGER, REAL, TEXT, BLOB or ANY");
        } else if (!okay) {
          fail(c.type_span, "unknown datatype for " + t.name.text + "." + c.name.text + ": \"" + c.type + "\"",
               "a STRICT table takes INT, INTEGER, REAL, TEXT, BLOB or ANY");
        }
      }
    }
    if (!t.columns.empty() && generated == t.columns.size()) {
      fail(t.name.span, "must have at least one non-generated column");
    }
    for (const auto& tc : t.constraints) {
      if (tc.kind == TK::PrimaryKey) {
        ++pk_count;
        if (pk_count > 1) fail(tc.span, "table '" + t.name.text + "' has more than one primary key");
        if (tc.autoincrement) {
          bool integer =
              tc.columns.size() == 1 && tc.columns[0].column && column_index(t, tc.columns[0].column->text) >= 0 &&
              normalize_type(t.columns[static_cast<size_t>(column_index(t, tc.columns[0].column->text))].type) ==
                  "INTEGER";
          if (!integer) fail(tc.span, "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY");
        }
      }
      if (tc.kind == TK::PrimaryKey || tc.kind == TK::Unique) {
        for (const auto& ic : tc.columns) {
          if (ic.column && column_index(t, ic.column->text) < 0) {
            no_such_column(*ic.column, t);
            good = false;
          }
          if (ic.column && tc.kind == TK::PrimaryKey) {
            int ci = column_index(t, ic.column->text);
            if (ci >= 0 && has_constraint(t.columns[static_cast<size_t>(ci)], CK::Generated)) {
              fail(ic.span, "generated columns cannot be part of the PRIMARY KEY");
            }
          }
        }
      }
      if (tc.kind == TK::ForeignKey) {
        for (const auto& n : tc.fk_columns) {
          if (column_index(t, n.text) < 0) {
            auto& d = error("E0202", n.span, "unknown column '" + n.text + "' in foreign key definition");
            d.notes.push_back(did_you_mean_note(n.text, column_names(t), "columns"));
            good = false;
          }
        }
        if (!tc.fk.columns.empty() && tc.fk.columns.size() != tc.fk_columns.size()) {
          fail(tc.fk.span,
               "number of columns in foreign key does not match the number of columns in the referenced table");
        }
      }
    }
    if (t.without_rowid) {
      if (pk_count == 0)
        fail(t.name.span, "PRIMARY KEY missing on table '" + t.name.text + "'",
             "a WITHOUT ROWID table needs a PRIMARY KEY");
      auto pk = primary_key_of(t);
      if (pk && pk->autoincrement) fail(t.name.span, "AUTOINCREMENT not allowed on WITHOUT ROWID tables");
    }
    // CHECK and generated expressions may only name this table's columns.
    Relation self;
    self.name = t.name.text;
    for (const auto& c : t.columns)
      self.columns.push_back({c.name.text, normalize_type(c.type), t.name.text, c.name.text});
    self.has_rowid = !t.without_rowid;
    int ipk = rowid_alias_index(t);
    if (ipk >= 0) self.rowid_alias = t.columns[static_cast<size_t>(ipk)].name.text;
    auto check_expr = [&](const ExprPtr& e) {
      if (!e) return;
      Resolver res(s_.lookup(), file_.text());
      ExprPtr copy = clone(e);
      res.walk_table_expr(*copy, self, [](Expr&, const Binding*) {});
      if (report_issues(res)) good = false;
    };
    for (const auto& c : t.columns) {
      for (const auto& cc : c.constraints) {
        if (cc.kind == CK::Check || cc.kind == CK::Generated) check_expr(cc.expr);
      }
    }
    for (const auto& tc : t.constraints) {
      if (tc.kind == TK::Check) check_expr(tc.check);
    }
    return good;
  }

  // ------------------------------------------------------------ virtual tables

  void create_virtual(const syntax::CreateVirtualTable& v) {
    if (!check_schema(v.schema) || reserved(v.name, "table")) return;
    if (name_taken(v.name, v.if_not_exists, "VIRTUAL TABLE")) return;
    TableEntry e;
    e.file = &file_;
    e.seq = ++s_.seq;
    e.module = v.module.text;
    e.def.name = v.name;
    std::string mod = fold(v.module.text);
    auto add = [&](std::string name, std::string type) {
      ColumnDef cd;
      char q = 0;
      cd.name.text = syntax::dequote(name, &q);
      cd.type = std::move(type);
      e.def.columns.push_back(std::move(cd));
    };
    for (size_t i = 0; i < v.args.size(); ++i) {
      std::string a = trim(v.args[i]);
      if (a.empty()) continue;
      std::string first = first_word(a);
      if (mod == "fts5" || mod == "fts4" || mod == "fts3") {
        if (a.find('=') != std::string::npos && !is_quote(a[0])) continue;  // an option
        if (same_name(first, "tokenize")) continue;
        add(first, "");
      } else if (mod == "rtree" || mod == "rtree_i32") {
        if (a[0] == '+') {
          add(first_word(trim(a.substr(1))), "");
        } else {
          add(first, e.def.columns.empty() ? "INT" : (mod == "rtree" ? "REAL" : "INT"));
        }
      }
      // Other modules declare their columns at run time; noormc cannot see them.
    }
    if (mod == "fts5") e.hidden = {v.name.text, "rank"};
    if (mod == "fts4" || mod == "fts3") e.hidden = {v.name.text, "docid", "__langid"};
    if (mod == "fts5vocab") {
      // fts5vocab(table, type) or fts5vocab(db, table, type): the type picks the columns.
      std::string type = v.args.empty() ? "" : trim(v.args.back());
      char q = 0;
      type = fold(syntax::dequote(type, &q));
      if (type == "row")
        for (const char* c : {"term", "doc", "cnt"}) add(c, "");
      if (type == "col")
        for (const char* c : {"term", "col", "doc", "cnt"}) add(c, "");
      if (type == "instance")
        for (const char* c : {"term", "doc", "col", "offset"}) add(c, "");
    }
    if (mod == "fts4aux") {
      for (const char* c : {"term", "col", "documents", "occurrences"}) add(c, "");
      e.hidden = {"languageid"};
    }
    if (mod != "fts5" && mod != "fts4" && mod != "fts3" && mod != "rtree" && mod != "rtree_i32" && mod != "fts5vocab" &&
        mod != "fts4aux") {
      warning("W0102", v.module.span,
              "module '" + v.module.text + "' is not known to noormc; its columns are not modelled");
    }
    e.column_files.assign(e.def.columns.size(), &file_);
    s_.tables[fold(v.name.text)] = std::move(e);
    s_.changed();
  }

  static std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n\f\v");
    size_t e = s.find_last_not_of(" \t\r\n\f\v");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
  }
  static std::string first_word(const std::string& s) {
    if (s.empty()) return s;
    if (is_quote(s[0])) {
      char close = s[0] == '[' ? ']' : s[0];
      size_t end = s.find(close, 1);
      while (end != std::string::npos && close != ']' && end + 1 < s.size() && s[end + 1] == close) {
        end = s.find(close, end + 2);
      }
      return end == std::string::npos ? s : s.substr(0, end + 1);
    }
    size_t end = s.find_first_of(" \t\r\n\f\v");
    return end == std::string::npos ? s : s.substr(0, end);
  }
  // ------------------------------------------------------------ ALTER TABLE

  TableEntry* alterable(const Name& table, const char* what) {
    std::string key = fold(table.text);
    auto it = s_.tables.find(key);
    if (it == s_.tables.end()) {
      if (s_.views.count(key)) {
        error("E0209", table.span, "view '" + table.text + "' may not be altered")
            .notes.push_back("drop the view and create it again");
        return nullptr;
      }
      no_such_table(table);
      return nullptr;
    }
    if (it->second.module && std::string(what) != "rename") {
      error("E0209", table.span, "virtual table '" + table.text + "' may not be altered")
          .notes.push_back("drop the virtual table and create it again");
      return nullptr;
    }
    if (table.text.size() >= 7 && same_name(table.text.substr(0, 7), "sqlite_")) {
      error("E0209", table.span, "table " + table.text + " may not be altered");
      return nullptr;
    }
    return &it->second;
  }

  void alter(const syntax::AlterTable& a) {
    using K = syntax::AlterTable::Kind;
    if (!check_schema(a.schema)) return;
    switch (a.kind) {
      case K::RenameTable:
        rename_table(a);
        break;
      case K::RenameColumn:
        rename_column(a);
        break;
      case K::AddColumn:
        add_column(a);
        break;
      case K::DropColumn:
        drop_column(a);
        break;
    }
  }

  void for_each_view_and_trigger(const std::function<void(Resolver&, syntax::Select*, syntax::CreateTrigger*,
                                                          const std::string& kind, const std::string& name)>& fn) {
    for (auto& [k, v] : s_.views) {
      Resolver res(s_.lookup(), v.file ? std::string_view(v.file->text()) : std::string_view());
      fn(res, v.def.select.get(), nullptr, "view", v.def.name.text);
    }
    for (auto& [k, t] : s_.triggers) {
      Resolver res(s_.lookup(), t.file ? std::string_view(t.file->text()) : std::string_view());
      fn(res, nullptr, &t.def, "trigger", t.def.name.text);
    }
  }

  /// Resolves one view or trigger on a copy: its issues, and the names it reads.
  const std::set<std::string>& refs_of(const ViewEntry& v) {
    if (!v.refs) {
      std::set<std::string> r;
      resolve_copy(s_, &v, nullptr, &r);
      v.refs = std::move(r);
    }
    return *v.refs;
  }
  const std::set<std::string>& refs_of(const TriggerEntry& t) {
    if (!t.refs) {
      std::set<std::string> r;
      resolve_copy(s_, nullptr, &t, &r);
      t.refs = std::move(r);
    }
    return *t.refs;
  }

  bool exists(const std::string& folded) const {
    return s_.tables.count(folded) || s_.views.count(folded) || folded.rfind("sqlite_", 0) == 0;
  }

  /// SQLite checks every view and trigger before it renames a table or a
  /// column or drops a column (alter.c, renameTestSchema): one that reads a
  /// table that no longer exists makes the ALTER fail, even when unrelated.
  bool schema_intact(const Name& at) {
    if (s_.legacy_alter_table) return true;
    auto report = [&](const std::string& what, const std::string& missing) {
      auto& d = error("E0213", at.span, "error in " + what + ": no such table: main." + missing);
      d.notes.push_back(
          "SQLite checks every view and trigger when a table or column is renamed or a column is dropped; "
          "drop or re-create " +
          what + " before this statement");
      return false;
    };
    for (const auto& [k, v] : s_.views) {
      for (const auto& r : refs_of(v)) {
        if (!exists(r)) return report("view " + v.def.name.text, r);
      }
    }
    for (const auto& [k, t] : s_.triggers) {
      for (const auto& r : refs_of(t)) {
        if (!exists(r)) return report("trigger " + t.def.name.text, r);
      }
    }
    return true;
  }

  /// The views and triggers that read `table`, directly or through other views.
  std::vector<std::pair<const ViewEntry*, const TriggerEntry*>> readers_of(const std::string& table) {
    std::set<std::string> names{fold(table)};
    std::vector<std::pair<const ViewEntry*, const TriggerEntry*>> out;
    bool grew = true;
    std::set<std::string> taken;
    while (grew) {
      grew = false;
      for (const auto& [k, v] : s_.views) {
        if (taken.count("v:" + k)) continue;
        for (const auto& r : refs_of(v)) {
          if (names.count(r)) {
            taken.insert("v:" + k);
            names.insert(k);
            out.push_back({&v, nullptr});
            grew = true;
            break;
          }
        }
      }
    }
    for (const auto& [k, t] : s_.triggers) {
      for (const auto& r : refs_of(t)) {
        if (names.count(r)) {
          out.push_back({nullptr, &t});
          break;
        }
      }
    }
    return out;
  }

  void rename_table(const syntax::AlterTable& a) {
    TableEntry* e = alterable(a.table, "rename");
    if (!e) return;
    if (!schema_intact(a.table)) return;
    std::string old_name = e->def.name.text;
    std::string new_key = fold(a.new_name.text);
    if (s_.tables.count(new_key) || s_.views.count(new_key) || s_.indexes.count(new_key)) {
      error("E0203", a.new_name.span, "there is already another table or index with this name: " + a.new_name.text);
      return;
    }
    if (reserved(a.new_name, "table")) return;
    const std::string& nn = a.new_name.text;
    // With PRAGMA legacy_alter_table=ON, SQLite leaves view and trigger bodies alone
    // and edits foreign keys only while foreign_keys=ON (alter.c, renameTableFunc).
    const bool legacy = s_.legacy_alter_table;
    for (auto& [k, t] : s_.triggers) {
      if (legacy && same_name(t.def.table.text, old_name)) t.def.table.text = nn;
    }
    // Views and triggers first, while the old name still resolves.
    if (!legacy)
      for_each_view_and_trigger(
          [&](Resolver& res, syntax::Select* sel, syntax::CreateTrigger* trg, const std::string&, const std::string&) {
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
            if (trg) {
              res.walk_trigger(*trg, on_ref, on_table);
              if (same_name(trg->table.text, old_name)) trg->table.text = nn;
            }
          });
    for (auto& [k, t] : s_.tables) {
      if (legacy && !s_.foreign_keys) break;
      for (auto& c : t.def.columns) {
        for (auto& cc : c.constraints) {
          if (cc.kind == CK::ForeignKey && same_name(cc.fk.table.text, old_name)) cc.fk.table.text = nn;
        }
      }
      for (auto& tc : t.def.constraints) {
        if (tc.kind == TK::ForeignKey && same_name(tc.fk.table.text, old_name)) tc.fk.table.text = nn;
      }
    }
    for (auto& [k, ix] : s_.indexes) {
      if (same_name(ix.def.table.text, old_name)) ix.def.table.text = nn;
    }
    TableEntry moved = std::move(*e);
    s_.tables.erase(fold(old_name));
    moved.def.name.text = nn;
    s_.tables[new_key] = std::move(moved);
    for (auto& [k, v] : s_.views) v.refs.reset();  // names inside bodies changed
    for (auto& [k, t] : s_.triggers) t.refs.reset();
    s_.changed();
  }

  void rename_column(const syntax::AlterTable& a) {
    TableEntry* e = alterable(a.table, "column");
    if (!e) return;
    int ci = column_index(e->def, a.old_column.text);
    if (ci < 0) {
      no_such_column(a.old_column, e->def);
      return;
    }
    // Renaming a column to its own name (or its own name in another case) is allowed.
    if (int other = column_index(e->def, a.new_column.text); other >= 0 && other != ci) {
      error("E0204", a.new_column.span, "duplicate column name '" + a.new_column.text + "'");
      return;
    }
    if (!schema_intact(a.table)) return;
    const std::string table = e->def.name.text;
    const std::string old_col = e->def.columns[static_cast<size_t>(ci)].name.text;
    // SQLite refuses a rename that leaves a view or trigger unresolvable
    // ("error in view v after rename"): keep a copy to go back to.
    auto readers = s_.legacy_alter_table ? decltype(readers_of(table)){} : readers_of(table);
    std::vector<size_t> issues_before;
    for (const auto& [v, t] : readers) issues_before.push_back(resolve_copy(s_, v, t).size());
    std::optional<Catalog::State> saved;
    if (!readers.empty()) {
      saved.emplace(s_);
      detach(*saved);
    }
    const std::string& nc = a.new_column.text;
    auto rename_name = [&](Name& n) {
      if (same_name(n.text, old_col)) n.text = nc;
    };
    auto rename_binding = [&](Expr& ref, const Binding* b) {
      if (!b || !same_name(b->table, table) || !same_name(b->column, old_col)) return;
      ref.name.text = nc;
      ref.name.renamed = true;
      if (a.new_column.quote) ref.name.quote = '"';  // SQLite then writes every replacement quoted
    };
    // Views and triggers, resolved against the table before the rename.
    for_each_view_and_trigger(
        [&](Resolver& res, syntax::Select* sel, syntax::CreateTrigger* trg, const std::string&, const std::string&) {
          if (sel) res.walk(*sel, rename_binding);
          if (trg) res.walk_trigger(*trg, rename_binding);
        });
    // This table's own expressions and constraints.
    Relation self = relation_of_table(*e);
    Resolver res(s_.lookup(), file_.text());
    for (auto& c : e->def.columns) {
      for (auto& cc : c.constraints) {
        if ((cc.kind == CK::Check || cc.kind == CK::Generated) && cc.expr) {
          res.walk_table_expr(*cc.expr, self, rename_binding);
        }
      }
    }
    for (auto& tc : e->def.constraints) {
      for (auto& ic : tc.columns) {
        if (ic.column) rename_name(*ic.column);
        if (ic.expr) res.walk_table_expr(*ic.expr, self, rename_binding);
      }
      if (tc.check) res.walk_table_expr(*tc.check, self, rename_binding);
      for (auto& n : tc.fk_columns) rename_name(n);
    }
    // Indexes on the table.
    for (auto& [k, ix] : s_.indexes) {
      if (!same_name(ix.def.table.text, table)) continue;
      for (auto& ic : ix.def.columns) {
        if (ic.column) rename_name(*ic.column);
        if (ic.expr) res.walk_table_expr(*ic.expr, self, rename_binding);
      }
      if (ix.def.where) res.walk_table_expr(*ix.def.where, self, rename_binding);
    }
    // Foreign keys that name the column as their parent column, this table's included.
    for (auto& [k, t] : s_.tables) {
      auto fix = [&](syntax::ForeignKeyClause& fk) {
        if (!same_name(fk.table.text, table)) return;
        for (auto& n : fk.columns) rename_name(n);
      };
      for (auto& c : t.def.columns) {
        for (auto& cc : c.constraints) {
          if (cc.kind == CK::ForeignKey) fix(cc.fk);
        }
      }
      for (auto& tc : t.def.constraints) {
        if (tc.kind == TK::ForeignKey) fix(tc.fk);
      }
    }
    e->def.columns[static_cast<size_t>(ci)].name.text = nc;
    s_.changed();
    for (size_t i = 0; i < readers.size(); ++i) {
      auto [v, t] = readers[i];
      auto issues = resolve_copy(s_, v, t);
      if (issues.size() <= issues_before[i]) continue;
      std::string what = v ? "view " + v->def.name.text : "trigger " + t->def.name.text;
      auto& d = error("E0214", a.old_column.span, "error in " + what + " after rename: " + issues.back().message);
      d.notes.push_back("SQLite refuses this rename: " + what +
                        " reads the column by its old name through a view; "
                        "drop " +
                        what + " first and create it again after the rename");
      s_ = std::move(*saved);
      s_.changed();
      return;
    }
  }

  void add_column(const syntax::AlterTable& a) {
    TableEntry* e = alterable(a.table, "add");
    if (!e) return;
    const ColumnDef& cd = a.column;
    if (column_index(e->def, cd.name.text) >= 0) {
      error("E0204", cd.name.span, "duplicate column name '" + cd.name.text + "'");
      return;
    }
    if (e->def.columns.size() >= 2000) {  // SQLITE_MAX_COLUMN (sqlite3AddColumn: "too many columns on ...")
      error("E0109", cd.name.span,
            "table has more than 2000 columns: SQLite refuses it (\"too many columns on " + e->def.name.text + "\")")
          .notes.push_back("SQLite allows at most 2000 columns in a table (SQLITE_MAX_COLUMN); split the table");
      return;
    }
    for (const auto& cc : cd.constraints) {
      if (cc.kind == CK::PrimaryKey) {
        error("E0207", cc.span, "cannot add a PRIMARY KEY column")
            .notes.push_back("rebuild the table: create the new table, copy the rows, drop the old, rename");
        return;
      }
      if (cc.kind == CK::Unique) {
        error("E0207", cc.span, "cannot add a UNIQUE column")
            .notes.push_back("add the column, then CREATE UNIQUE INDEX on it");
        return;
      }
    }
    syntax::CreateTable trial = e->def;
    trial.columns.push_back(cd);
    clone_into(trial.columns.back());
    // Validate the table as CREATE TABLE would after the edit (its other columns passed before).
    if (!validate_table(trial)) return;
    e->def = std::move(trial);
    e->column_files.push_back(&file_);
    s_.changed();
  }

  void drop_column(const syntax::AlterTable& a) {
    TableEntry* e = alterable(a.table, "drop");
    if (!e) return;
    int ci = column_index(e->def, a.old_column.text);
    if (ci < 0) {
      no_such_column(a.old_column, e->def);
      return;
    }
    if (!schema_intact(a.table)) return;
    const ColumnDef& col = e->def.columns[static_cast<size_t>(ci)];
    const std::string table = e->def.name.text;
    const std::string cname = col.name.text;
    auto refuse = [&](std::string msg, std::string note) {
      auto& d = error("E0205", a.old_column.span, std::move(msg));
      d.notes.push_back(std::move(note));
    };
    auto pk = primary_key_of(e->def);
    bool in_pk = pk && std::any_of(pk->columns.begin(), pk->columns.end(),
                                   [&](const auto& p) { return same_name(p.first, cname); });
    if (in_pk) {
      refuse("cannot drop PRIMARY KEY column '" + cname + "'",
             "rebuild the table without it (create new table, copy rows, drop, rename)");
      return;
    }
    if (has_constraint(col, CK::Unique)) {
      refuse("cannot drop UNIQUE column '" + cname + "'",
             "rebuild the table without it (create new table, copy rows, drop, rename)");
      return;
    }
    if (e->def.columns.size() <= 1) {
      refuse("cannot drop column '" + cname + "': no other columns exist", "drop the table instead");
      return;
    }
    // After the edit every object must still resolve (alter.c, renameTestSchema):
    // the views and triggers that read the table may not gain an unresolved name.
    const bool test_bodies = !s_.legacy_alter_table;
    auto readers = test_bodies ? readers_of(table) : decltype(readers_of(table)){};
    std::vector<size_t> issues_before;
    for (const auto& [v, t] : readers) issues_before.push_back(resolve_copy(s_, v, t).size());
    TableEntry saved = *e;
    e->def.columns.erase(e->def.columns.begin() + ci);
    e->column_files.erase(e->column_files.begin() + ci);
    s_.changed();
    std::string blocker;
    std::string note;
    // This table's constraints and expressions.
    for (const auto& tc : e->def.constraints) {
      for (const auto& ic : tc.columns) {
        if (ic.column && same_name(ic.column->text, cname)) blocker = "table " + table;
      }
      for (const auto& n : tc.fk_columns) {
        if (same_name(n.text, cname)) blocker = "table " + table;
      }
    }
    Relation self = relation_of_table(*e);
    auto uses = [&](const ExprPtr& x) {
      if (!x) return false;
      Resolver res(s_.lookup(), file_.text());
      ExprPtr copy = clone(x);
      res.walk_table_expr(*copy, self, [](Expr&, const Binding*) {});
      return !res.issues.empty();
    };
    for (const auto& c : e->def.columns) {
      for (const auto& cc : c.constraints) {
        if ((cc.kind == CK::Check || cc.kind == CK::Generated) && uses(cc.expr)) blocker = "table " + table;
      }
    }
    for (const auto& tc : e->def.constraints) {
      if (tc.kind == TK::Check && uses(tc.check)) blocker = "table " + table;
      for (const auto& ic : tc.columns) {
        if (!ic.column && uses(ic.expr)) blocker = "table " + table;
      }
    }
    if (blocker.empty()) {
      for (const auto& [k, ix] : s_.indexes) {
        if (!same_name(ix.def.table.text, table)) continue;
        bool hit = uses(ix.def.where);
        for (const auto& ic : ix.def.columns) {
          if (ic.column ? same_name(ic.column->text, cname) : uses(ic.expr)) hit = true;
        }
        if (hit) {
          blocker = "index " + ix.def.name.text;
          note = "drop the index first (DROP INDEX " + ix.def.name.text + ")";
          break;
        }
      }
    }
    // Views and triggers are tested only without PRAGMA legacy_alter_table=ON (the table and its indexes always).
    for (size_t i = 0; i < readers.size() && blocker.empty(); ++i) {
      auto [v, t] = readers[i];
      if (resolve_copy(s_, v, t).size() <= issues_before[i]) continue;
      blocker = v ? "view " + v->def.name.text : "trigger " + t->def.name.text;
      note = std::string("drop the ") + (v ? "view" : "trigger") + " first and create it again afterwards";
    }
    if (!blocker.empty()) {
      *e = std::move(saved);
      s_.changed();
      if (note.empty()) note = "remove the constraint or expression that uses it: rebuild the table without it";
      refuse("cannot drop column '" + cname + "': " + blocker + " uses it", note);
      return;
    }
  }

  // ------------------------------------------------------------ DROP

  void drop(const syntax::Drop& d) {
    using K = syntax::Drop::Kind;
    if (!check_schema(d.schema)) return;
    std::string key = fold(d.name.text);
    switch (d.kind) {
      case K::Table: {
        auto it = s_.tables.find(key);
        if (it == s_.tables.end()) {
          if (s_.views.count(key)) {
            error("E0209", d.name.span, "use DROP VIEW to delete view '" + d.name.text + "'");
          } else if (!d.if_exists) {
            no_such_table(d.name);
          }
          return;
        }
        if (reserved(d.name, "table")) return;
        std::string name = it->second.def.name.text;
        s_.tables.erase(it);
        for (auto ix = s_.indexes.begin(); ix != s_.indexes.end();) {
          ix = same_name(ix->second.def.table.text, name) ? s_.indexes.erase(ix) : std::next(ix);
        }
        drop_triggers_on(name);
        break;
      }
      case K::View: {
        auto it = s_.views.find(key);
        if (it == s_.views.end()) {
          if (s_.tables.count(key)) {
            error("E0209", d.name.span, "use DROP TABLE to delete table '" + d.name.text + "'");
          } else if (!d.if_exists) {
            auto& diag = error("E0210", d.name.span, "no such view '" + d.name.text + "'");
            std::vector<std::string> names;
            for (const auto& [k, v] : s_.views) names.push_back(v.def.name.text);
            diag.notes.push_back(did_you_mean_note(d.name.text, names, "views"));
          }
          return;
        }
        std::string name = it->second.def.name.text;
        s_.views.erase(it);
        drop_triggers_on(name);
        break;
      }
      case K::Index: {
        auto it = s_.indexes.find(key);
        if (it == s_.indexes.end()) {
          if (key.rfind("sqlite_autoindex_", 0) == 0) {
            error("E0209", d.name.span, "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped");
          } else if (!d.if_exists) {
            auto& diag = error("E0210", d.name.span, "no such index '" + d.name.text + "'");
            std::vector<std::string> names;
            for (const auto& [k, v] : s_.indexes) names.push_back(v.def.name.text);
            diag.notes.push_back(did_you_mean_note(d.name.text, names, "indexes"));
          }
          return;
        }
        s_.indexes.erase(it);
        break;
      }
      case K::Trigger: {
        auto it = s_.triggers.find(key);
        if (it == s_.triggers.end()) {
          if (!d.if_exists) {
            auto& diag = error("E0210", d.name.span, "no such trigger '" + d.name.text + "'");
            std::vector<std::string> names;
            for (const auto& [k, v] : s_.triggers) names.push_back(v.def.name.text);
            diag.notes.push_back(did_you_mean_note(d.name.text, names, "triggers"));
          }
          return;
        }
        s_.triggers.erase(it);
        break;
      }
    }
    s_.changed();
  }

  void drop_triggers_on(const std::string& name) {
    for (auto it = s_.triggers.begin(); it != s_.triggers.end();) {
      it = same_name(it->second.def.table.text, name) ? s_.triggers.erase(it) : std::next(it);
    }
  }

  // ------------------------------------------------------------ CREATE INDEX / VIEW / TRIGGER

  void create_index(const syntax::CreateIndex& ci) {
    if (!check_schema(ci.schema) || reserved(ci.name, "index")) return;
    std::string tkey = fold(ci.table.text);
    auto it = s_.tables.find(tkey);
    if (it == s_.tables.end()) {
      if (s_.views.count(tkey)) {
        error("E0209", ci.table.span, "views may not be indexed");
      } else {
        no_such_table(ci.table);
      }
      return;
    }
    if (name_taken(ci.name, ci.if_not_exists, "index")) return;
    if (it->second.module) {
      error("E0209", ci.table.span, "virtual tables may not be indexed");
      return;
    }
    const auto& def = it->second.def;
    bool good = true;
    Relation self = relation_of_table(it->second);
    for (const auto& c : ci.columns) {
      if (c.column) {
        if (column_index(def, c.column->text) < 0 && !same_name(c.column->text, "rowid")) {
          no_such_column(*c.column, def);
          good = false;
        }
      } else if (c.expr) {
        Resolver res(s_.lookup(), file_.text());
        ExprPtr copy = clone(c.expr);
        res.walk_table_expr(*copy, self, [](Expr&, const Binding*) {});
        if (report_issues(res)) good = false;
      }
    }
    if (ci.where) {
      Resolver res(s_.lookup(), file_.text());
      ExprPtr copy = clone(ci.where);
      res.walk_table_expr(*copy, self, [](Expr&, const Binding*) {});
      if (report_issues(res)) good = false;
    }
    if (!good) return;
    IndexEntry e;
    e.def = ci;
    e.def.schema = {};
    for (auto& c : e.def.columns) clone_into(c);
    e.def.where = clone(ci.where);
    e.file = &file_;
    e.seq = ++s_.seq;
    s_.indexes[fold(ci.name.text)] = std::move(e);
    s_.changed();
  }

  void create_view(const syntax::CreateView& v) {
    bool temp = v.temp || same_name(v.schema.text, "temp");
    if (temp) warning("W0101", v.name.span, "TEMP view '" + v.name.text + "' is not part of the schema");
    if (!check_schema(v.schema) || reserved(v.name, "view")) return;
    if (name_taken(v.name, v.if_not_exists, "VIEW")) return;
    ViewEntry e;
    e.temp = temp;
    e.def = v;
    e.def.select = clone(v.select);
    e.file = &file_;
    e.seq = ++s_.seq;
    s_.views[fold(v.name.text)] = std::move(e);
    s_.changed();
  }

  void create_trigger(const syntax::CreateTrigger& t) {
    bool temp = t.temp || same_name(t.schema.text, "temp");
    if (temp) warning("W0101", t.name.span, "TEMP trigger '" + t.name.text + "' is not part of the schema");
    if (!check_schema(t.schema) || reserved(t.name, "trigger")) return;
    std::string key = fold(t.name.text);
    if (s_.triggers.count(key)) {
      if (!t.if_not_exists) error("E0203", t.name.span, "trigger '" + t.name.text + "' already exists");
      return;
    }
    std::string tkey = fold(t.table.text);
    bool is_view = s_.views.count(tkey) > 0;
    if (!s_.tables.count(tkey) && !is_view) {
      no_such_table(t.table);
      return;
    }
    if (is_view && t.timing != "INSTEAD OF") {
      error("E0209", t.table.span,
            "cannot create " + (t.timing.empty() ? std::string("BEFORE") : t.timing) +
                " trigger on view: " + t.table.text)
          .notes.push_back("a trigger on a view must be INSTEAD OF");
      return;
    }
    if (!is_view && t.timing == "INSTEAD OF") {
      error("E0209", t.table.span, "cannot create INSTEAD OF trigger on table: " + t.table.text);
      return;
    }
    TriggerEntry e;
    e.temp = temp;
    e.def = t;
    e.def.when = clone(t.when);
    for (auto& b : e.def.body) b = clone_statement(b);
    e.file = &file_;
    e.seq = ++s_.seq;
    s_.triggers[key] = std::move(e);
    s_.changed();
  }

  // ------------------------------------------------------------ data statements

  void data_statement(const syntax::Statement& st) {
    Resolver res(s_.lookup(), file_.text());
    auto copy = clone_statement(std::make_shared<syntax::Statement>(st));
    if (auto* sel = std::get_if<syntax::Select>(&copy->body)) {
      res.walk(*sel, [](Expr&, const Binding*) {});
    } else {
      walk_statement(res, *copy);
    }
    report_issues(res);
  }

  void walk_statement(Resolver& res, syntax::Statement& st) {
    // A trigger whose table is the statement's own target gives walk_dml a scope.
    syntax::CreateTrigger t;
    Name target;
    if (auto* i = std::get_if<syntax::Insert>(&st.body)) target = i->table;
    if (auto* u = std::get_if<syntax::Update>(&st.body)) target = u->table;
    if (auto* d = std::get_if<syntax::Delete>(&st.body)) target = d->table;
    if (!s_.tables.count(fold(target.text)) && !s_.views.count(fold(target.text))) {
      no_such_table(target);
      return;
    }
    t.table = target;
    t.body.push_back(std::make_shared<syntax::Statement>(st));
    res.check_target_columns = true;  // a data statement runs now: its target columns must exist
    res.walk_trigger(t, [](Expr&, const Binding*) {});
  }

  static bool truthy(const std::string& v) {
    std::string f = fold(v);
    return f == "1" || f == "on" || f == "true" || f == "yes";
  }

  void pragma(const syntax::Pragma& p) {
    if (!p.value) return;
    if (same_name(p.name.text, "legacy_alter_table")) s_.legacy_alter_table = truthy(*p.value);
    if (same_name(p.name.text, "foreign_keys")) s_.foreign_keys = truthy(*p.value);
  }

  /// Marks the tables whose derived model `st` may change (Catalog::schema() reuses the others).
  void bump_for(const syntax::Statement& st, const std::string& dropped_index_table) {
    std::visit(
        [&](const auto& b) {
          using T = std::decay_t<decltype(b)>;
          if constexpr (std::is_same_v<T, syntax::CreateTable> || std::is_same_v<T, syntax::CreateVirtualTable>) {
            s_.bump(fold(b.name.text));
          } else if constexpr (std::is_same_v<T, syntax::AlterTable>) {
            using K = syntax::AlterTable::Kind;
            if (b.kind == K::RenameTable) {
              s_.bump(fold(b.new_name.text));
              s_.bump_referrers(fold(b.new_name.text));  // their REFERENCES text changed
            } else if (b.kind == K::RenameColumn) {
              s_.bump(fold(b.table.text));
              s_.bump_referrers(fold(b.table.text));  // REFERENCES t (col) names the column
            } else {
              s_.bump(fold(b.table.text));
            }
          } else if constexpr (std::is_same_v<T, syntax::CreateIndex>) {
            s_.bump(fold(b.table.text));
          } else if constexpr (std::is_same_v<T, syntax::Drop>) {
            if (!dropped_index_table.empty()) s_.bump(dropped_index_table);
          }
        },
        st.body);
  }

  bool run(const syntax::Statement& st) {
    std::string dropped_index_table;
    if (const auto* d = std::get_if<syntax::Drop>(&st.body); d && d->kind == syntax::Drop::Kind::Index) {
      if (auto it = s_.indexes.find(fold(d->name.text)); it != s_.indexes.end()) {
        dropped_index_table = fold(it->second.def.table.text);
      }
    }
    run_statement(st);
    bump_for(st, dropped_index_table);
    return ok_;
  }

  void run_statement(const syntax::Statement& st) {
    std::visit(
        [&](const auto& b) {
          using T = std::decay_t<decltype(b)>;
          if constexpr (std::is_same_v<T, syntax::CreateTable>)
            create_table(b);
          else if constexpr (std::is_same_v<T, syntax::CreateVirtualTable>)
            create_virtual(b);
          else if constexpr (std::is_same_v<T, syntax::AlterTable>)
            alter(b);
          else if constexpr (std::is_same_v<T, syntax::Drop>)
            drop(b);
          else if constexpr (std::is_same_v<T, syntax::CreateIndex>)
            create_index(b);
          else if constexpr (std::is_same_v<T, syntax::CreateView>)
            create_view(b);
          else if constexpr (std::is_same_v<T, syntax::CreateTrigger>)
            create_trigger(b);
          else if constexpr (std::is_same_v<T, syntax::Pragma>)
            pragma(b);
          else if constexpr (std::is_same_v<T, syntax::Insert> || std::is_same_v<T, syntax::Update> ||
                             std::is_same_v<T, syntax::Delete> || std::is_same_v<T, syntax::Select>) {
            if (!st.explain) data_statement(st);
          }
        },
        st.body);
  }

 private:
  Catalog::State& s_;
  const SourceFile& file_;
  Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

bool Catalog::apply(const syntax::Statement& st, const SourceFile& file, Diagnostics& diags) {
  Applier a(*s_, file, diags);
  return a.run(st);
}

void Catalog::validate(Diagnostics& diags) const {
  for (const auto& [k, e] : s_->tables) {
    auto check = [&](const syntax::ForeignKeyClause& fk, const SourceFile* file) {
      if (s_->tables.count(fold(fk.table.text)) || !file) return;
      auto& d = diags.add(Severity::Error, "E0212", *file, fk.table.span.begin, fk.table.span.end,
                          "foreign key of '" + e.def.name.text + "' references table '" + fk.table.text +
                              "', which does not exist after the last migration");
      d.notes.push_back(did_you_mean_note(fk.table.text, table_names(), "tables"));
    };
    for (size_t i = 0; i < e.def.columns.size(); ++i) {
      for (const auto& cc : e.def.columns[i].constraints) {
        if (cc.kind == CK::ForeignKey) check(cc.fk, i < e.column_files.size() ? e.column_files[i] : e.file);
      }
    }
    for (const auto& tc : e.def.constraints) {
      if (tc.kind == TK::ForeignKey) check(tc.fk, e.file);
    }
  }
}

void Catalog::check_references(Diagnostics& diags, Severity severity) const {
  auto report = [&](const std::vector<ResolveIssue>& issues, const SourceFile* file, const std::string& what) {
    if (!file) return;
    for (const auto& is : issues) {
      auto& d = diags.add(severity, is.table ? "E0201" : "E0202", *file, is.span.begin, is.span.end,
                          what + " reads " + (is.table ? "a missing table: " : "a missing column: ") +
                              is.message.substr(is.message.find(": ") + 2));
      if (is.table) {
        d.notes.push_back(did_you_mean_note(is.name, table_names(), "tables"));
      } else if (!is.candidates.empty()) {
        d.notes.push_back(did_you_mean_note(is.name, is.candidates, "columns"));
      }
    }
  };
  for (const auto& [k, v] : s_->views) report(resolve_copy(*s_, &v, nullptr), v.file, "view '" + v.def.name.text + "'");
  for (const auto& [k, t] : s_->triggers) {
    report(resolve_copy(*s_, nullptr, &t), t.file, "trigger '" + t.def.name.text + "'");
  }
}

std::vector<Catalog::ForeignKeySite> Catalog::foreign_key_sites() const {
  std::vector<ForeignKeySite> out;
  for (const auto& [k, e] : s_->tables) {
    if (e.temp) continue;
    for (size_t i = 0; i < e.def.columns.size(); ++i) {
      for (const auto& cc : e.def.columns[i].constraints) {
        if (cc.kind != CK::ForeignKey) continue;
        const SourceFile* file = i < e.column_files.size() ? e.column_files[i] : e.file;
        out.push_back({e.def.name.text, {e.def.columns[i].name.text}, &cc.fk, file});
      }
    }
    for (const auto& tc : e.def.constraints) {
      if (tc.kind != TK::ForeignKey) continue;
      std::vector<std::string> cols;
      for (const auto& n : tc.fk_columns) cols.push_back(n.text);
      out.push_back({e.def.name.text, cols, &tc.fk, e.file});
    }
  }
  return out;
}

}  // namespace noormc::model
