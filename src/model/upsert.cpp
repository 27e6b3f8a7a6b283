// The conflict target of an upsert (`INSERT ... ON CONFLICT (a, b) DO ...`)
// must name the rowid or the columns of one PRIMARY KEY or UNIQUE index of the
// target table, with a WHERE equal to a partial index's, as SQLite's
// upsert.c (sqlite3UpsertAnalyzeTarget) matches it when it prepares the INSERT.
#include <string>
#include <vector>

#include "model/change.hpp"
#include "model/derive.hpp"

namespace noormc::model {

using syntax::Expr;
using syntax::ExprKind;
using syntax::fold;
using syntax::same_name;

namespace {

const Expr& unparen(const Expr& e) {
  const Expr* p = &e;
  while (p->kind == ExprKind::Paren && p->args.size() == 1) p = p->args[0].get();
  return *p;
}

}  // namespace

std::string expr_shape(const Expr& e0) {
  const Expr& e = unparen(e0);
  std::string s = std::to_string(static_cast<int>(e.kind)) + e.op + (e.negated ? "!" : "");
  if (e.kind == ExprKind::Column) return "c:" + fold(e.name.text);
  if (e.kind == ExprKind::Literal || e.kind == ExprKind::Bind || e.kind == ExprKind::Cast) s += ":" + e.text;
  if (e.kind == ExprKind::Function || e.kind == ExprKind::Collate) s += ":" + fold(e.name.text);
  if (e.distinct) s += ":distinct";
  if (e.star) s += ":*";
  s += "(";
  for (const auto& a : e.args) s += (a ? expr_shape(*a) : std::string("-")) + ",";
  return s + ")";
}

namespace {

/// One term of a unique key: a column or an expression, with its collation.
struct KeyTerm {
  std::string column;  // "" for an expression
  const Expr* expr = nullptr;
  std::string collation;
};

struct Key {
  std::vector<KeyTerm> terms;
  const Expr* where = nullptr;  // a partial index's WHERE
};

std::string column_collation(const syntax::CreateTable& t, const std::string& column) {
  int i = column_index(t, column);
  if (i < 0) return "BINARY";
  const auto* c = find_constraint(t.columns[static_cast<size_t>(i)], CK::Collate);
  return c ? c->collation.text : "BINARY";
}

KeyTerm key_term(const syntax::CreateTable& t, const syntax::IndexedColumn& ic) {
  KeyTerm k;
  if (ic.column) k.column = ic.column->text;
  k.expr = ic.expr.get();
  k.collation = ic.collation ? ic.collation->text : k.column.empty() ? "BINARY" : column_collation(t, k.column);
  return k;
}

/// Every PRIMARY KEY (but the rowid's) and UNIQUE index of a table (build.c).
std::vector<Key> unique_keys(const TableEntry& e) {
  const auto& t = e.def;
  int ipk = rowid_alias_index(t);
  std::vector<Key> out;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    bool pk = has_constraint(t.columns[i], CK::PrimaryKey) && static_cast<int>(i) != ipk;
    if (pk || has_constraint(t.columns[i], CK::Unique)) {
      out.push_back({{{t.columns[i].name.text, nullptr, column_collation(t, t.columns[i].name.text)}}, nullptr});
    }
  }
  for (const auto& tc : t.constraints) {
    if (tc.kind != TK::PrimaryKey && tc.kind != TK::Unique) continue;
    if (tc.kind == TK::PrimaryKey && ipk >= 0) continue;
    Key k;
    for (const auto& ic : tc.columns) k.terms.push_back(key_term(t, ic));
    out.push_back(std::move(k));
  }
  for (const auto& idx : e.indexes) {
    if (!idx.def.unique) continue;
    Key k;
    for (const auto& ic : idx.def.columns) k.terms.push_back(key_term(t, ic));
    k.where = idx.def.where.get();
    out.push_back(std::move(k));
  }
  return out;
}

/// A term of the conflict target matches a key term (sqlite3ExprCompare < 2:
/// no COLLATE matches any collation, a COLLATE only the same one).
bool term_matches(const syntax::IndexedColumn& target, const KeyTerm& key) {
  if (target.collation && !same_name(target.collation->text, key.collation)) return false;
  const Expr& x = unparen(*target.expr);
  if (!key.column.empty()) return x.kind == ExprKind::Column && same_name(x.name.text, key.column);
  return key.expr && expr_shape(x) == expr_shape(*key.expr);
}

bool key_matches(const syntax::Upsert& up, const Key& key) {
  if (key.terms.size() != up.target.size()) return false;
  if (key.where && (!up.target_where || expr_shape(*up.target_where) != expr_shape(*key.where))) return false;
  for (const auto& kt : key.terms) {
    bool found = false;
    for (const auto& t : up.target) found = found || term_matches(t, kt);
    if (!found) return false;
  }
  return true;
}

/// `ON CONFLICT (id)` on the INTEGER PRIMARY KEY, or `(rowid)`.
bool names_rowid(const syntax::Upsert& up, const syntax::CreateTable& t) {
  if (up.target.size() != 1 || up.target[0].collation || t.without_rowid) return false;
  const Expr& x = unparen(*up.target[0].expr);
  if (x.kind != ExprKind::Column) return false;
  int ipk = rowid_alias_index(t);
  if (ipk >= 0 && same_name(t.columns[static_cast<size_t>(ipk)].name.text, x.name.text)) return true;
  bool rowid = same_name(x.name.text, "rowid") || same_name(x.name.text, "oid") || same_name(x.name.text, "_rowid_");
  return rowid && column_index(t, x.name.text) < 0;
}

}  // namespace

void check_upsert_targets(Change& c, const syntax::Insert& ins) {
  auto t = c.s.table(ins.table.text);
  if (!t || t.entry->module) return;
  std::vector<Key> keys;
  bool keys_built = false;
  for (size_t i = 0; i < ins.upserts.size(); ++i) {
    const auto& up = ins.upserts[i];
    if (up.target.empty() || names_rowid(up, t.entry->def)) continue;
    if (!keys_built) keys = unique_keys(*t.entry), keys_built = true;
    bool found = false;
    for (const auto& k : keys) found = found || key_matches(up, k);
    if (found) continue;
    std::string which = ins.upserts.size() > 1 ? ordinal(i + 1) + " " : "";
    syntax::Span span{up.target.front().span.begin, up.target.back().span.end};
    c.refused("E0216", span, which + "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint",
              "the conflict target names the columns of one PRIMARY KEY or UNIQUE index of " + ins.table.text +
                  " (with its WHERE, for a partial index); create that unique index first, or drop the target "
                  "(`ON CONFLICT DO NOTHING`)");
  }
}

}  // namespace noormc::model
