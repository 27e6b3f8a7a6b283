#include "model/derive.hpp"

#include <algorithm>
#include <atomic>
#include <map>

#include "syntax/parse.hpp"

namespace noormc::model {

using syntax::ColumnConstraint;
using syntax::ColumnDef;
using syntax::Expr;
using syntax::ExprKind;
using syntax::fold;
using syntax::Name;
using syntax::same_name;

uint64_t next_identity() {
  static std::atomic<uint64_t> counter{0};
  return ++counter;
}

bool reserved_name(std::string_view name) {
  return name.size() >= 7 && same_name(name.substr(0, 7), "sqlite_");
}

static bool is_quote(char c) {
  return c == '"' || c == '\'' || c == '`' || c == '[';
}

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
  return find_constraint(c, kind) != nullptr;
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

std::vector<std::string> child_columns(const syntax::CreateTable& def, size_t column,
                                       const syntax::TableConstraint* constraint) {
  if (!constraint) return {def.columns[column].name.text};
  std::vector<std::string> out;
  for (const auto& n : constraint->fk_columns) {
    int ci = column_index(def, n.text);
    out.push_back(ci >= 0 ? def.columns[static_cast<size_t>(ci)].name.text : n.text);
  }
  return out;
}

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

const Relation& relation_of(const TableEntry& e) {
  if (e.relation) return *e.relation;
  auto r = std::make_shared<Relation>();
  r->name = e.def.name.text;
  r->is_table = true;
  for (const auto& c : e.def.columns) {
    r->columns.push_back({c.name.text, normalize_type(c.type), e.def.name.text, c.name.text});
  }
  int ipk = rowid_alias_index(e.def);
  if (ipk >= 0) r->rowid_alias = e.def.columns[static_cast<size_t>(ipk)].name.text;
  r->has_rowid = !e.def.without_rowid;
  r->hidden = e.hidden;
  e.relation = std::move(r);
  return *e.relation;
}

// ---------------------------------------------------------------- columns

namespace {

/// `col IN ('a', 'b')` → the string values, for TS unions.
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
    values.push_back(syntax::dequote(v.text));
  }
  out[fold(lhs->name.text)] = values;
}

Column derive_column(const TableEntry& e, size_t i, std::map<std::string, std::vector<std::string>>& check_in) {
  const auto& cd = e.def.columns[i];
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
  return c;
}

void derive_columns(const TableEntry& e, Table& t) {
  const auto& d = e.def;
  int ipk = rowid_alias_index(d);
  std::map<std::string, std::vector<std::string>> check_in;
  for (const auto& tc : d.constraints) {
    if (tc.kind == TK::Check && tc.check) collect_check_in(*tc.check, check_in);
  }
  for (size_t i = 0; i < d.columns.size(); ++i) {
    Column c = derive_column(e, i, check_in);
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
  }
}

// ---------------------------------------------------------------- foreign keys

/// The parent's primary-key columns, for a REFERENCES without a column list.
std::vector<std::optional<std::string>> parent_key(const syntax::CreateTable& child, const Space& space,
                                                   const std::string& parent) {
  std::vector<std::optional<std::string>> out;
  const syntax::CreateTable* pd = nullptr;
  if (same_name(parent, child.name.text)) {
    pd = &child;
  } else if (const TableEntry* p = space.tables.find(fold(parent))) {
    pd = &p->def;
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
}

/// In SQLite's order: the last declared first (each one is prepended).
void derive_foreign_keys(const TableEntry& e, const Space& space, Table& t) {
  const auto& d = e.def;
  for_each_foreign_key(d, [&](const syntax::ForeignKeyClause& clause, size_t column, const auto* constraint) {
    ForeignKey fk;
    fk.columns = child_columns(d, column, constraint);
    fk.table = clause.table.text;
    fk.on_delete = clause.on_delete;
    fk.on_update = clause.on_update;
    if (!clause.columns.empty()) {
      for (const auto& c : clause.columns) fk.to.push_back(c.text);
    } else {
      auto pk = parent_key(d, space, clause.table.text);
      for (size_t j = 0; j < fk.columns.size(); ++j) fk.to.push_back(j < pk.size() ? pk[j] : std::nullopt);
    }
    t.foreign_keys.push_back(std::move(fk));
  });
  std::reverse(t.foreign_keys.begin(), t.foreign_keys.end());
}

// ---------------------------------------------------------------- indexes

/// SQLite's index list, built as build.c builds it: automatic indexes for
/// PRIMARY KEY and UNIQUE (two constraints on the same columns and collations
/// share one), then CREATE INDEX; newest first, ON CONFLICT REPLACE ones last.
class IndexList {
 public:
  explicit IndexList(const syntax::CreateTable& d) : d_(d) {}

  void constraints() {
    struct Deferred {
      std::vector<std::string> cols, collations;
      syntax::Conflict conflict;
    };
    std::optional<Deferred> deferred_pk;  // a WITHOUT ROWID table's INTEGER key comes last
    for (const auto& cd : d_.columns) {
      for (const auto& cc : cd.constraints) {
        std::vector<std::string> coll{collation_of(cd.name.text, std::nullopt)};
        if (cc.kind == CK::PrimaryKey) {
          if (normalize_type(cd.type) != "INTEGER" || cc.desc) {
            add({cd.name.text}, coll, true, cc.conflict);
          } else if (d_.without_rowid) {
            deferred_pk = Deferred{{cd.name.text}, coll, cc.conflict};
          }
        } else if (cc.kind == CK::Unique) {
          add({cd.name.text}, coll, false, cc.conflict);
        }
      }
    }
    for (const auto& tc : d_.constraints) {
      if (tc.kind != TK::PrimaryKey && tc.kind != TK::Unique) continue;
      std::vector<std::string> names, coll;
      for (const auto& ic : tc.columns) {
        names.push_back(ic.column ? ic.column->text : std::string());
        coll.push_back(collation_of(names.back(), ic.collation));
      }
      int ci = names.size() == 1 ? column_index(d_, names[0]) : -1;
      bool integer = ci >= 0 && normalize_type(d_.columns[static_cast<size_t>(ci)].type) == "INTEGER";
      if (tc.kind == TK::PrimaryKey && integer) {
        if (d_.without_rowid) deferred_pk = Deferred{names, coll, tc.conflict};
      } else {
        add(names, coll, tc.kind == TK::PrimaryKey, tc.conflict);
      }
    }
    if (deferred_pk) add(deferred_pk->cols, deferred_pk->collations, true, deferred_pk->conflict);
  }

  void explicit_index(const IndexEntry& ie) {
    Built b;
    b.index.name = ie.def.name.text;
    b.index.unique = ie.def.unique;
    b.index.origin = "c";
    b.index.partial = ie.def.where != nullptr;
    for (const auto& ic : ie.def.columns) {
      b.index.columns.push_back(ic.column ? std::optional<std::string>(spelled(ic.column->text)) : std::nullopt);
    }
    all_.push_back(std::move(b));
  }

  std::vector<Index> list() const {
    std::vector<Index> out;
    for (auto it = all_.rbegin(); it != all_.rend(); ++it) {
      if (!it->replace) out.push_back(it->index);
    }
    for (auto it = all_.rbegin(); it != all_.rend(); ++it) {
      if (it->replace) out.push_back(it->index);
    }
    return out;
  }

 private:
  struct Built {
    Index index;
    bool replace = false;
    syntax::Conflict conflict = syntax::Conflict::Default;
    std::vector<std::string> key;  // folded key columns with collations, for de-duplication
  };

  std::string spelled(const std::string& col) const {
    int ci = column_index(d_, col);
    return ci >= 0 ? d_.columns[static_cast<size_t>(ci)].name.text : col;
  }

  std::string collation_of(const std::string& col, const std::optional<Name>& explicit_collation) const {
    if (explicit_collation) return fold(explicit_collation->text);
    int ci = column_index(d_, col);
    if (ci >= 0) {
      if (const auto* cc = find_constraint(d_.columns[static_cast<size_t>(ci)], CK::Collate))
        return fold(cc->collation.text);
    }
    return "binary";
  }

  void add(const std::vector<std::string>& cols, const std::vector<std::string>& collations, bool pk,
           syntax::Conflict conflict) {
    std::vector<std::string> key;
    for (size_t i = 0; i < cols.size(); ++i) key.push_back(fold(cols[i]) + "\x1f" + collations[i]);
    for (auto& b : all_) {
      if (b.key != key) continue;
      if (b.conflict == syntax::Conflict::Default) b.conflict = conflict;
      b.replace = b.conflict == syntax::Conflict::Replace;
      if (pk) b.index.origin = "pk";
      return;
    }
    Built b;
    b.index.name = "sqlite_autoindex_" + d_.name.text + "_" + std::to_string(all_.size() + 1);
    b.index.unique = true;
    b.index.origin = pk ? "pk" : "u";
    for (const auto& c : cols) b.index.columns.push_back(spelled(c));
    b.conflict = conflict;
    b.replace = conflict == syntax::Conflict::Replace;
    b.key = key;
    all_.push_back(std::move(b));
  }

  const syntax::CreateTable& d_;
  std::vector<Built> all_;
};

Table derive(const TableEntry& e, const Space& space) {
  Table t;
  t.name = e.def.name.text;
  t.strict = e.def.strict;
  t.without_rowid = e.def.without_rowid;
  t.virtual_module = e.module;
  derive_columns(e, t);
  derive_foreign_keys(e, space, t);
  IndexList indexes(e.def);
  indexes.constraints();
  for (const auto& ie : e.indexes) indexes.explicit_index(ie);
  t.indexes = indexes.list();
  for (const auto& ix : t.indexes) {
    if (!ix.unique || ix.partial || ix.columns.size() != 1 || !ix.columns[0]) continue;
    for (auto& c : t.columns) {
      if (same_name(c.name, *ix.columns[0])) c.unique = true;
    }
  }
  return t;
}

}  // namespace

const Table& derived_table(const TableEntry& e, const Space& space) {
  std::vector<std::pair<std::string, uint64_t>> parents;
  for_each_foreign_key(e.def, [&](const syntax::ForeignKeyClause& fk, size_t, const auto*) {
    std::string key = fold(fk.table.text);
    const TableEntry* p = space.tables.find(key);
    parents.push_back({key, p ? p->id : 0});
  });
  for (const auto& d : e.derived) {
    if (d->parents == parents) return d->table;
  }
  // A long-lived entry would gather one derivation per version of its parents: keep the newest
  // few (a hazard scan holds two at once, the file's start and now).
  if (e.derived.size() >= 4) e.derived.erase(e.derived.begin());
  e.derived.push_back(std::make_shared<DerivedTable>(DerivedTable{std::move(parents), derive(e, space)}));
  return e.derived.back()->table;
}

}  // namespace noormc::model
