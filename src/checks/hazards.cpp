#include "checks/hazards.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "checks/defaults.hpp"
#include "emit/types.hpp"
#include "model/pragma.hpp"
#include "syntax/parse.hpp"

namespace noormc::checks {

std::string line_of(const SourceFile& f, const syntax::Statement& st) {
  return "line " + std::to_string(f.locate(st.span.begin).line);
}

using syntax::fold;
using syntax::same_name;
using syntax::Statement;

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

/// The table a SELECT copies from: the first FROM item, when it names a table.
const syntax::TableRef* copy_source(const syntax::Select& select) {
  if (select.cores.empty()) return nullptr;
  const auto& core = select.cores[0];
  if (core.is_values || core.from.empty()) return nullptr;
  const auto& first = core.from[0];
  return first.kind == syntax::TableRef::Kind::Table ? &first : nullptr;
}

bool names_source(const syntax::Name& qualifier, const syntax::TableRef& src) {
  if (qualifier.empty()) return true;
  if (src.alias) return same_name(qualifier.text, src.alias->text);
  return same_name(qualifier.text, src.name.text);
}

void collect_columns(const syntax::Expr& e, const syntax::TableRef& src, std::set<std::string>& out) {
  if (e.kind == syntax::ExprKind::Column && names_source(e.table, src)) out.insert(fold(e.name.text));
  for (const auto& a : e.args) {
    if (a) collect_columns(*a, src, out);
  }
}

/// The source columns the SELECT of a copy reads (all of them for * or src.*).
std::set<std::string> copied_columns(const syntax::Select& select, const syntax::TableRef& src,
                                     const model::Table& source) {
  std::set<std::string> out;
  for (const auto& rc : select.cores[0].columns) {
    using K = syntax::ResultColumn::Kind;
    bool all = rc.kind == K::Star || (rc.kind == K::TableStar && names_source(rc.table, src));
    if (all) {
      for (const auto& c : source.columns) out.insert(fold(c.name));
    } else if (rc.kind == K::Expr && rc.expr) {
      collect_columns(*rc.expr, src, out);
    }
  }
  return out;
}

struct Key {
  std::string name;
  std::vector<std::optional<std::string>> columns;
  bool partial = false;
};

std::vector<Key> unique_keys(const model::Table& t) {
  std::vector<Key> out;
  for (const auto& ix : t.indexes) {
    if (ix.unique) out.push_back({ix.name, ix.columns, ix.partial});
  }
  for (const auto& c : t.columns) {
    if (c.rowid_alias) out.push_back({"", {c.name}, false});
  }
  return out;
}

/// True when `old` already guarantees what `key` asks: a unique key on a subset of its columns.
bool covered(const Key& key, const std::vector<Key>& old) {
  for (const auto& o : old) {
    if (!o.name.empty() && o.name == key.name && o.columns == key.columns) return true;
    if (o.partial) continue;
    bool subset = std::all_of(o.columns.begin(), o.columns.end(), [&](const auto& c) {
      return c &&
             std::any_of(key.columns.begin(), key.columns.end(), [&](const auto& k) { return k && same_name(*k, *c); });
    });
    if (subset && !o.columns.empty()) return true;
  }
  return false;
}

std::string key_text(const Key& k) {
  std::vector<std::string> names;
  for (const auto& c : k.columns) names.push_back(c ? *c : "<expr>");
  return "(" + join(names) + ")";
}

std::vector<std::string> column_names(const model::View& v) {
  std::vector<std::string> out;
  for (const auto& c : v.columns) out.push_back(c.name);
  return out;
}

}  // namespace

std::map<std::string, std::string> broken_objects(const model::Catalog& catalog) {
  Diagnostics scratch;
  catalog.check_references(scratch, Severity::Error);
  std::map<std::string, std::string> out;
  // Catalog::check_references words each problem "view 'v' reads a missing table: x".
  for (const auto& d : scratch.items()) {
    size_t at = d.message.find(" reads ");
    if (at == std::string::npos) continue;
    out.emplace(d.message.substr(0, at), d.message.substr(at + 7));
  }
  return out;
}

HazardScan::HazardScan(const model::Catalog& start, const SourceFile& file, Diagnostics& diags, bool up)
    : start_(start), file_(file), diags_(diags), up_(up) {}

const std::string* HazardScan::origin(const std::string& key) const {
  if (auto it = moved_.find(key); it != moved_.end()) return it->second ? &*it->second : nullptr;
  return start_.table_spelling(key);
}

void HazardScan::set_origin(const std::string& key, std::optional<std::string> start_name) {
  moved_[key] = std::move(start_name);
}

Diagnostic* HazardScan::warn(const char* code, const std::vector<const Statement*>& sts, syntax::Span span,
                             std::string message) {
  for (const Statement* st : sts) {
    if (st && std::find(st->allowed.begin(), st->allowed.end(), code) != st->allowed.end()) {
      return nullptr;
    }
  }
  return &diags_.add(Severity::Warning, code, file_, span.begin, span.end, std::move(message));
}

const model::Schema& HazardScan::now_schema(const model::Catalog& now) {
  if (!now_) now_ = now.schema();
  return *now_;
}

void HazardScan::before(const Statement& st, const model::Catalog& now) {
  now_.reset();
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, syntax::Other>) transaction(b);
        if constexpr (std::is_same_v<T, syntax::Pragma>) pragma(st, b);
        if constexpr (std::is_same_v<T, syntax::Drop>) {
          if (b.kind == syntax::Drop::Kind::Table) drop_table(st, b, now);
        }
        if constexpr (std::is_same_v<T, syntax::Insert> || std::is_same_v<T, syntax::Update> ||
                      std::is_same_v<T, syntax::Delete>) {
          data_statement(st, now);
        }
        if (!up_) return;
        if constexpr (std::is_same_v<T, syntax::CreateTable>) {
          for (const auto& c : b.columns) default_class(st, b.name.text, c);
        }
        if constexpr (std::is_same_v<T, syntax::AlterTable>) {
          if (b.kind == syntax::AlterTable::Kind::AddColumn) default_class(st, b.table.text, b.column);
        }
        if constexpr (std::is_same_v<T, syntax::CreateTable>) create_table(st, b, now);
        if constexpr (std::is_same_v<T, syntax::Insert>) insert(st, b, now);
        if constexpr (std::is_same_v<T, syntax::AlterTable>) alter(st, b, now);
        if constexpr (std::is_same_v<T, syntax::CreateIndex>) create_index(st, b, now);
      },
      st.body);
}

void HazardScan::after(const Statement& st, const model::Catalog& now) {
  now_.reset();
  auto* a = std::get_if<syntax::AlterTable>(&st.body);
  if (!up_ || !a) return;
  using K = syntax::AlterTable::Kind;
  if (a->kind == K::RenameTable) table_renamed(fold(a->table.text), fold(a->new_name.text));
  if (a->kind == K::RenameColumn) {
    if (const std::string* o = origin(fold(a->table.text))) {
      renamed_columns_[fold(*o)][fold(a->new_column.text)] = start_column(*o, a->old_column.text);
    }
  }
  if (a->kind == K::RenameTable || a->kind == K::RenameColumn) rename_done(st, now);
}

/// What this scan knows by a table's name follows it to its new name.
void HazardScan::table_renamed(const std::string& from, const std::string& to) {
  if (const std::string* found = origin(from)) {
    std::string o = *found;
    set_origin(from, std::nullopt);
    set_origin(to, o);
  }
  if (auto it = creates_.find(from); it != creates_.end()) {
    creates_[to] = it->second;
    creates_.erase(from);
  }
  if (alive_.erase(from)) alive_.insert(to);
  for (auto& c : copies_) {
    if (c.source == from) c.source = to;
    if (c.target == from) c.target = to;
  }
}

std::string HazardScan::start_column(const std::string& start_table, const std::string& column) const {
  auto t = renamed_columns_.find(fold(start_table));
  if (t == renamed_columns_.end()) return column;
  auto c = t->second.find(fold(column));
  return c == t->second.end() ? column : c->second;
}

void HazardScan::finish(const model::Catalog& end) {
  if (pending_.empty()) return;
  auto broken = broken_objects(end);
  for (const auto& [what, p] : pending_) {
    if (!broken.count(what)) continue;
    auto* d =
        warn("W0506", {p.rename}, p.rename->span, "this rename breaks " + what + ", which now reads " + broken[what]);
    if (d) {
      d->notes.push_back(
          "SQLite leaves views and triggers alone on RENAME while PRAGMA legacy_alter_table=ON; "
          "re-create " +
          what + " after the rename");
    }
  }
}

// ---------------------------------------------------------------- transactions and PRAGMA
// foreign_keys

void HazardScan::transaction(const syntax::Other& o) {
  if (o.keyword == "BEGIN") tx_depth_ = std::max(tx_depth_, 1);
  if (o.keyword == "SAVEPOINT") ++tx_depth_;
  if (o.keyword == "RELEASE") tx_depth_ = std::max(0, tx_depth_ - 1);
  if (o.keyword == "COMMIT" || (o.keyword == "ROLLBACK" && o.name.empty())) tx_depth_ = 0;
  if (tx_depth_ == 0) noop_off_ = nullptr;
}

void HazardScan::pragma(const Statement& st, const syntax::Pragma& p) {
  if (!same_name(p.name.text, "foreign_keys") || !p.value) return;
  if (tx_depth_ == 0) {
    fk_on_ = model::pragma_boolean(*p.value);
    enforced_ = fk_on_ ? &st : nullptr;
  } else if (!model::pragma_boolean(*p.value) && fk_on_ && !noop_off_) {
    noop_off_ = &st;
  }
}

void HazardScan::cascade(const Statement& drop, const std::string& table, const model::Catalog& now) {
  if (!noop_off_ || !fk_on_ || tx_depth_ == 0) return;
  std::vector<std::string> children;
  for (const auto& t : now_schema(now).tables) {
    if (same_name(t.name, table)) continue;
    for (const auto& fk : t.foreign_keys) {
      if (!same_name(fk.table, table)) continue;
      if (fk.on_delete == "CASCADE" || fk.on_delete == "SET NULL" || fk.on_delete == "SET DEFAULT") {
        children.push_back(t.name + " (ON DELETE " + fk.on_delete + ")");
      }
    }
  }
  if (children.empty()) return;
  auto* d = warn("W0507", {noop_off_, &drop}, noop_off_->span,
                 "PRAGMA foreign_keys=OFF does nothing inside a transaction: DROP TABLE " + table + " (" +
                     line_of(file_, drop) + ") deletes its rows first, and that reaches " + join(children));
  if (d) {
    d->notes.push_back(
        "put PRAGMA foreign_keys=OFF before BEGIN and PRAGMA foreign_keys=ON after COMMIT; the "
        "noormme runner switches enforcement off around each migration, but sqlite3 and other "
        "tools run the file as written");
  }
}

/// W0507 where a statement fires foreign-key actions while PRAGMA
/// foreign_keys=ON is in force in the file (foreignkeys.html, 4.3): deleting
/// rows of `parent` (`updated` null) runs its children's ON DELETE actions,
/// updating the parent key columns in `updated` their ON UPDATE actions.
void HazardScan::fk_actions(const Statement& st, const std::string& parent, const std::string& what,
                            const std::set<std::string>* updated, const model::Catalog& now) {
  if (!enforced_) return;
  std::vector<std::string> children;
  for (const auto& t : now_schema(now).tables) {
    for (const auto& fk : t.foreign_keys) {
      if (!same_name(fk.table, parent)) continue;
      const std::string& action = updated ? fk.on_update : fk.on_delete;
      if (action != "CASCADE" && action != "SET NULL" && action != "SET DEFAULT") continue;
      bool key_changes = !updated || std::any_of(fk.to.begin(), fk.to.end(),
                                                 [&](const auto& c) { return c && updated->count(fold(*c)); });
      if (key_changes)
        children.push_back(t.name + " (ON " + std::string(updated ? "UPDATE " : "DELETE ") + action + ")");
    }
  }
  if (children.empty()) return;
  auto* d = warn("W0507", {&st, enforced_}, st.span,
                 "PRAGMA foreign_keys=ON (" + line_of(file_, *enforced_) + ") is in force: " + what +
                     ", and that reaches " + join(children));
  if (d) {
    d->notes.push_back(
        "the noormme runner switches enforcement off around each migration and keeps those rows, but sqlite3 and "
        "other tools run the file as written: set PRAGMA foreign_keys=OFF before this statement (outside a "
        "transaction), or move PRAGMA foreign_keys=ON after it");
  }
}

/// DELETE, REPLACE (its deletes of conflicting rows) and UPDATE of a parent key, for fk_actions().
void HazardScan::data_statement(const Statement& st, const model::Catalog& now) {
  if (!enforced_) return;
  if (const auto* del = std::get_if<syntax::Delete>(&st.body)) {
    fk_actions(st, del->table.text, "DELETE FROM " + del->table.text + " deletes rows", nullptr, now);
  } else if (const auto* up = std::get_if<syntax::Update>(&st.body)) {
    std::set<std::string> cols;
    for (const auto& item : up->set) {
      for (const auto& c : item.columns) cols.insert(fold(c.text));
    }
    fk_actions(st, up->table.text, "UPDATE " + up->table.text + " changes key columns", &cols, now);
  } else if (const auto* ins = std::get_if<syntax::Insert>(&st.body)) {
    if (ins->verb.find("REPLACE") != std::string::npos) {
      fk_actions(st, ins->table.text, ins->verb + " INTO " + ins->table.text + " deletes the rows it replaces", nullptr,
                 now);
    }
    std::set<std::string> cols;
    for (const auto& u : ins->upserts) {
      for (const auto& item : u.set) {
        for (const auto& c : item.columns) cols.insert(fold(c.text));
      }
    }
    if (!cols.empty()) {
      fk_actions(st, ins->table.text, "the upsert's DO UPDATE changes key columns of " + ins->table.text, &cols, now);
    }
  }
}

// ---------------------------------------------------------------- tables

bool HazardScan::exists(const std::string& name, const model::Catalog& now) const {
  return now.has_table(name) || alive_.count(fold(name)) > 0;
}

void HazardScan::create_table(const Statement& st, const syntax::CreateTable& ct, const model::Catalog& now) {
  if (exists(ct.name.text, now)) return;  // IF NOT EXISTS, or an error SQLite reports
  const std::string key = fold(ct.name.text);
  set_origin(key, std::nullopt);
  alive_.insert(key);
  creates_[key] = &st;
  if (ct.as_select && copy(st, *ct.as_select, ct.name, now)) {
    // CREATE TABLE ... AS names each column after its result column: a bare column keeps its name.
    std::vector<std::string> targets;
    for (const auto& rc : ct.as_select->cores[0].columns) {
      if (rc.kind != syntax::ResultColumn::Kind::Expr || !rc.expr) return;  // * : names as the source's
      targets.push_back(rc.alias                                    ? rc.alias->text
                        : rc.expr->kind == syntax::ExprKind::Column ? rc.expr->name.text
                                                                    : "");
    }
    map_columns(copies_.back(), *ct.as_select, targets);
  }
}

void HazardScan::insert(const Statement& st, const syntax::Insert& ins, const model::Catalog& now) {
  if (!ins.select || !exists(ins.table.text, now) || !copy(st, *ins.select, ins.table, now)) return;
  if (const model::Table* target = now.table(ins.table.text)) {
    std::vector<std::string> targets;
    for (const auto& n : ins.columns) targets.push_back(n.text);
    if (ins.columns.empty()) {  // every column but the generated ones, in order (lang_insert.html)
      for (const auto& c : target->columns) {
        if (c.generated.empty()) targets.push_back(c.name);
      }
    }
    map_columns(copies_.back(), *ins.select, targets);
    unfilled_not_null(st, ins, *target, copy_source(*ins.select)->name.text);
  }
}

/// Pairs the SELECT's result columns with `targets` (the INSERT's columns, or
/// the new table's for CREATE TABLE ... AS): a bare column of the source, or
/// `*` / `src.*` expanded over the source's columns, is copied as is.
void HazardScan::map_columns(Copy& copy, const syntax::Select& select, const std::vector<std::string>& targets) {
  const syntax::TableRef* src = copy_source(select);
  if (!src || !copy.source_table || select.cores.size() != 1) return;
  std::vector<std::optional<std::string>> sources;
  for (const auto& rc : select.cores[0].columns) {
    using K = syntax::ResultColumn::Kind;
    if (rc.kind == K::Star || (rc.kind == K::TableStar && names_source(rc.table, *src))) {
      for (const auto& c : copy.source_table->columns) {
        if (c.generated.empty() || rc.kind == K::Star) sources.push_back(c.name);
      }
    } else if (rc.kind == K::Expr && rc.expr && rc.expr->kind == syntax::ExprKind::Column &&
               names_source(rc.expr->table, *src) && copy.source_table->column(rc.expr->name.text)) {
      sources.push_back(copy.source_table->column(rc.expr->name.text)->name);
    } else {
      sources.push_back(std::nullopt);
    }
  }
  for (size_t i = 0; i < targets.size() && i < sources.size(); ++i) {
    if (sources[i]) copy.mapping[fold(targets[i])] = *sources[i];
  }
}

/// Records rows copied from an existing table into `target`; false when `select` copies none.
bool HazardScan::copy(const Statement& st, const syntax::Select& select, const syntax::Name& target,
                      const model::Catalog& now) {
  const syntax::TableRef* src = copy_source(select);
  if (!src || same_name(src->name.text, target.text) || !exists(src->name.text, now)) return false;
  const std::string* found = origin(fold(src->name.text));
  if (!found) return false;  // a table made in this migration: no rows to lose
  const std::string from = *found;
  Copy c{fold(src->name.text), fold(target.text), &st, target.span, std::nullopt, {}, {}};
  if (const model::Table* source = now.table(src->name.text)) {
    c.source_table = *source;
    c.copied = copied_columns(select, *src, *source);
  }
  if (!origin(c.target)) set_origin(c.target, from);
  copies_.push_back(std::move(c));
  return true;
}

void HazardScan::unfilled_not_null(const Statement& st, const syntax::Insert& ins, const model::Table& target,
                                   const std::string& source) {
  if (ins.columns.empty()) return;  // positional: SQLite checks the count itself
  for (const auto& c : target.columns) {
    if (!c.not_null || c.default_value || !c.generated.empty() || c.rowid_alias) continue;
    bool filled = std::any_of(ins.columns.begin(), ins.columns.end(),
                              [&](const syntax::Name& n) { return same_name(n.text, c.name); });
    if (filled) continue;
    auto* d = warn("W0503", {&st}, ins.table.span,
                   "copying rows from " + source + " into " + target.name + " fails once " + source + " has rows: " +
                       target.name + "." + c.name + " is NOT NULL without a DEFAULT and this INSERT does not fill it");
    if (d) d->notes.push_back("fill " + c.name + " in the INSERT's column list and SELECT, or give it a DEFAULT");
    return;
  }
}

void HazardScan::drop_table(const Statement& st, const syntax::Drop& d, const model::Catalog& now) {
  const std::string key = fold(d.name.text);
  const model::Table* table = now.has_table(d.name.text) ? now.table(d.name.text) : nullptr;
  bool had_rows = origin(key) != nullptr;
  set_origin(key, std::nullopt);
  alive_.erase(key);
  if (!table) return;  // TEMP, missing (IF EXISTS), or a view: nothing of the schema's data
  if (enforced_) {
    fk_actions(st, table->name, "DROP TABLE " + d.name.text + " deletes every row of " + table->name + " first",
               nullptr, now);
  } else {
    cascade(st, table->name, now);
  }
  // A virtual table's rows belong to its module (an FTS index is rebuilt from its content).
  if (!up_ || !had_rows || table->virtual_module) return;
  bool copied = false;
  for (const auto& c : copies_) {
    if (c.source != key || !exists(c.target, now)) continue;
    copied = true;
    rebuilt(st, c, now);
  }
  if (copied) return;
  auto* w = warn("W0501", {&st}, d.name.span, "DROP TABLE " + d.name.text + " deletes the table and every row in it");
  if (w) {
    w->notes.push_back(
        "a down file cannot bring the rows back; if losing them is intended, say so with "
        "`-- noormc:allow W0501` on the line above");
  }
}

void HazardScan::rebuilt(const Statement& drop, const Copy& copy, const model::Catalog& now) {
  if (!copy.source_table) return;
  const model::Table& source = *copy.source_table;
  std::vector<std::string> lost;
  for (const auto& c : source.columns) {
    if (c.generated.empty() && !copy.copied.count(fold(c.name))) lost.push_back(c.name);
  }
  if (!lost.empty()) {
    size_t total = source.columns.size();
    auto* d = warn("W0505", {copy.statement, &drop}, copy.where,
                   "this rebuild of " + source.name + " copies " + std::to_string(total - lost.size()) + " of its " +
                       std::to_string(total) + " columns: the data of " + join(lost) + " is lost when DROP TABLE " +
                       source.name + " (" + line_of(file_, drop) + ") runs");
    if (d) {
      d->notes.push_back(
          "copy the column in the INSERT ... SELECT, or, if dropping it is intended, "
          "say so with `-- noormc:allow W0505` above the INSERT");
    }
  }
  if (const model::Table* target = now.table(copy.target)) new_unique_keys(copy, *target);
}

/// W0504 for a unique key of the rebuilt table that the copied rows may break:
/// its columns are read through the INSERT ... SELECT mapping, so a key on
/// columns copied from an already unique key is no hazard.
void HazardScan::new_unique_keys(const Copy& copy, const model::Table& target) {
  auto old = unique_keys(*copy.source_table);
  auto made = creates_.find(copy.target);
  if (made == creates_.end()) return;
  const auto* ct = std::get_if<syntax::CreateTable>(&made->second->body);
  if (!ct) return;
  for (const auto& key : unique_keys(target)) {
    if (key.name.empty()) continue;
    Key in_source{key.name, {}, key.partial};  // the key as columns of the source, where they are copied as is
    std::vector<std::string> copied_from;
    bool all_copied = true;
    for (const auto& c : key.columns) {
      auto m = c ? copy.mapping.find(fold(*c)) : copy.mapping.end();
      all_copied = all_copied && m != copy.mapping.end();
      in_source.columns.push_back(m != copy.mapping.end() ? std::optional<std::string>(m->second) : std::nullopt);
      if (m != copy.mapping.end()) copied_from.push_back(m->second);
    }
    // Without a mapping (a compound SELECT, say) the names are all there is to compare.
    if (copy.mapping.empty() ? covered(key, old) : covered(in_source, old)) continue;
    bool renamed = !std::equal(key.columns.begin(), key.columns.end(), in_source.columns.begin(),
                               [](const auto& k, const auto& c) { return k && c && same_name(*k, *c); });
    std::string from = all_copied && renamed ? " (copied from " + key_text(in_source).substr(1) : "";
    if (!from.empty()) from.back() = ')';
    auto* d = warn("W0504", {made->second}, ct->name.span,
                   "rebuilt table " + target.name + " adds UNIQUE " + key_text(key) + from + ", which " +
                       copy.source_table->name + " did not have: copying its rows fails on duplicates");
    if (d && !copied_from.empty()) {
      std::string cols = join(copied_from);
      d->notes.push_back("look for duplicates first: SELECT " + cols + ", count(*) FROM " + copy.source_table->name +
                         " GROUP BY " + cols + " HAVING count(*) > 1");
    }
  }
}

void HazardScan::alter(const Statement& st, const syntax::AlterTable& a, const model::Catalog& now) {
  using K = syntax::AlterTable::Kind;
  if (a.kind == K::RenameTable || a.kind == K::RenameColumn) {
    before_rename_ = now;  // compared in rename_done()
    broken_before_ = broken_objects(now);
    return;
  }
  const std::string* o = origin(fold(a.table.text));
  if (!o) return;
  const model::Table* start = start_.table(*o);
  if (a.kind == K::DropColumn && start && start->column(start_column(*o, a.old_column.text))) {
    auto* d = warn("W0502", {&st}, a.old_column.span,
                   "DROP COLUMN " + a.table.text + "." + a.old_column.text + " deletes the column and its data");
    if (d) {
      d->notes.push_back(
          "a down file cannot bring the values back; if losing them is intended, say so with "
          "`-- noormc:allow W0502` on the line above");
    }
  }
  if (a.kind == K::AddColumn) add_column(st, a);
}

namespace {

/// sqlite3ValueFromExpr's constants (alter.c, sqlite3AlterFinishAddColumn):
/// a literal, TRUE/FALSE, a bare word (stored as a string), and +, - or CAST
/// of one. CURRENT_TIME/DATE/TIMESTAMP, function calls and other operators
/// are not, so ADD COLUMN refuses them once the table has rows.
bool constant_default(const syntax::Expr& e) {
  using EK = syntax::ExprKind;
  using LK = syntax::LiteralKind;
  switch (e.kind) {
    case EK::Literal:
      return e.literal != LK::CurrentTime && e.literal != LK::CurrentDate && e.literal != LK::CurrentTimestamp;
    case EK::Column:
      return e.table.empty() && e.schema.empty();
    case EK::Unary:
      return (e.op == "-" || e.op == "+") && e.args.size() == 1 && e.args[0] && constant_default(*e.args[0]);
    case EK::Cast:
    case EK::Paren:
      return e.args.size() == 1 && e.args[0] && constant_default(*e.args[0]);
    default:
      return false;
  }
}

bool null_literal(const syntax::Expr& e) {
  if (e.kind == syntax::ExprKind::Paren && e.args.size() == 1 && e.args[0]) return null_literal(*e.args[0]);
  return e.kind == syntax::ExprKind::Literal && e.literal == syntax::LiteralKind::Null;
}

/// True when a table holding only the new column refuses its own default
/// with "CHECK constraint failed" (SQLite re-checks every row after ADD
/// COLUMN when the table has CHECKs). Evaluated in an in-memory SQLite;
/// false when the column's CHECK reads other columns (undecidable here).
bool default_fails_check(std::string_view column_sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    sqlite3_close(db);
    return false;
  }
  std::string create = "CREATE TABLE x (" + std::string(column_sql) + ")";
  bool fails = false;
  if (exec_one(db, create) && !exec_one(db, "INSERT INTO x DEFAULT VALUES")) {
    fails = std::string_view(sqlite3_errmsg(db)).find("CHECK constraint failed") != std::string_view::npos;
  }
  sqlite3_close(db);
  return fails;
}

}  // namespace

/// W0503 for an ADD COLUMN that SQLite refuses once the table has rows
/// (sqlite3AlterFinishAddColumn, via sqlite3ErrorIfNotEmpty; lang_altertable.html).
/// The ones refused whatever the rows are the model's errors (E0207).
void HazardScan::add_column(const Statement& st, const syntax::AlterTable& a) {
  if (!origin(fold(a.table.text))) return;  // made in this migration: no rows yet
  using CK = syntax::ColumnConstraint::Kind;
  const syntax::ColumnConstraint *dflt = nullptr, *generated = nullptr;
  bool not_null = false, references = false, check = false;
  for (const auto& cc : a.column.constraints) {
    if (cc.kind == CK::Default) dflt = &cc;
    if (cc.kind == CK::Generated) generated = &cc;
    not_null = not_null || cc.kind == CK::NotNull;
    references = references || cc.kind == CK::ForeignKey;
    check = check || cc.kind == CK::Check;
  }
  bool null_default = !dflt || (dflt->expr && null_literal(*dflt->expr));
  std::string why, sqlite, fix;
  if (generated && generated->stored) {
    why = "a STORED generated column";
    sqlite = "cannot add a STORED column";
    fix = "make it VIRTUAL, or rebuild the table with the column";
  } else if (generated) {
    return;
  } else if (not_null && null_default) {
    why = "NOT NULL without a DEFAULT";
    sqlite = "Cannot add a NOT NULL column with default value NULL";
    fix = "give it a DEFAULT (NOT NULL DEFAULT ...), or add it nullable, fill it, and rebuild the table with NOT NULL";
  } else if (dflt && dflt->expr && !constant_default(*dflt->expr)) {
    why = "given DEFAULT " + dflt->default_text + ", which is not a constant";
    sqlite = "Cannot add a column with non-constant default";
    fix = "add it with a constant DEFAULT (or none) and fill it with UPDATE, or rebuild the table with this DEFAULT";
  } else if (references && !null_default && enforced_) {
    why = "a REFERENCES column with a non-NULL DEFAULT while PRAGMA foreign_keys=ON (" + line_of(file_, *enforced_) +
          ") is in force";
    sqlite = "Cannot add a REFERENCES column with non-NULL default value";
    fix = "add it with DEFAULT NULL and fill it with UPDATE, or add it before PRAGMA foreign_keys=ON";
  } else if (check && !null_default && default_fails_check(syntax::span_text(file_, a.column.span))) {
    why = "given DEFAULT " + dflt->default_text + ", which fails its CHECK";
    sqlite = "CHECK constraint failed";
    fix = "give it a DEFAULT its CHECK accepts";
  } else {
    return;
  }
  auto* d = warn("W0503", {&st}, a.column.name.span,
                 "ADD COLUMN " + a.table.text + "." + a.column.name.text + " is " + why + ": SQLite refuses it once " +
                     a.table.text + " has rows (" + sqlite + ")");
  if (d) d->notes.push_back(fix);
}

/// W0510: a DEFAULT whose value SQLite stores in a class the declared type
/// does not hold (INTEGER DEFAULT CURRENT_TIMESTAMP stores TEXT), so rows
/// that take the default break the generated type, which therefore includes it.
void HazardScan::default_class(const Statement& st, const std::string& table, const syntax::ColumnDef& c) {
  const syntax::ColumnConstraint* dflt = nullptr;
  for (const auto& cc : c.constraints) {
    if (cc.kind == syntax::ColumnConstraint::Kind::Default) dflt = &cc;
  }
  if (!dflt || c.type.empty()) return;
  model::Column col;
  col.type = c.type;
  emit::Storage s = emit::storage_of(col, emit::TypeOptions{});
  using S = emit::Storage;
  if (s != S::Integer && s != S::Real && s != S::Numeric && s != S::BigInt && s != S::Text) return;
  std::string cls = default_class_mismatch(c.type, dflt->default_text);
  if (cls.empty()) return;
  auto* d = warn("W0510", {&st}, dflt->span,
                 "DEFAULT " + dflt->default_text + " of " + table + "." + c.name.text + " is stored as " + cls +
                     " in a column declared " + c.type + ": rows that take the default hold a " + cls +
                     " value, so the generated type includes " + (cls == "text" ? "string" : "Buffer"));
  if (d) {
    d->notes.push_back(cls == "text" && (dflt->default_text.find("CURRENT_") != std::string::npos ||
                                         dflt->default_text.find("current_") != std::string::npos)
                           ? "declare the column TEXT or DATETIME (a Date in TypeScript), or store a number: "
                             "DEFAULT (unixepoch())"
                           : "give it a DEFAULT of the declared type, or declare the type of the DEFAULT");
  }
}

void HazardScan::create_index(const Statement& st, const syntax::CreateIndex& ci, const model::Catalog& now) {
  if (!ci.unique) return;
  const std::string* o = origin(fold(ci.table.text));
  if (!o) return;
  const model::Table* start = start_.table(*o);
  const model::Table* current = now.table(ci.table.text);
  if (!start || !current) return;
  Key key{ci.name.text, {}, ci.where != nullptr};
  for (const auto& c : ci.columns) {
    key.columns.push_back(c.column ? std::optional<std::string>(c.column->text) : std::nullopt);
  }
  // Rows already unique on a subset of the key: in the table as it is now, or as it was.
  Key as_started = key;
  for (auto& c : as_started.columns) {
    if (c) c = start_column(*o, *c);
  }
  if (covered(key, unique_keys(*current)) || covered(as_started, unique_keys(*start))) return;
  auto* d = warn("W0504", {&st}, ci.name.span,
                 "UNIQUE index " + ci.name.text + " on existing table " + ci.table.text + ": creating it fails if " +
                     ci.table.text + " already holds duplicate " + key_text(key) + " values");
  if (d) {
    std::string cols = key_text(key).substr(1, key_text(key).size() - 2);
    d->notes.push_back("look for duplicates first (SELECT " + cols + ", count(*) FROM " + ci.table.text + " GROUP BY " +
                       cols +
                       " HAVING count(*) > 1), then say so with "
                       "`-- noormc:allow W0504` on the line above");
  }
}

// ---------------------------------------------------------------- renames and views

void HazardScan::rename_done(const Statement& st, const model::Catalog& now) {
  // Only views that differ from the snapshot's, or read what does, can have other columns.
  auto only = before_rename_ ? model::Catalog::differing({&*before_rename_, &now}) : model::Catalog::Selection{};
  auto views_before = before_rename_ ? before_rename_->views(only) : std::vector<model::View>{};
  for (const auto& v : now.views(only)) {
    auto old =
        std::find_if(views_before.begin(), views_before.end(), [&](const model::View& x) { return x.name == v.name; });
    if (old == views_before.end() || column_names(*old) == column_names(v)) continue;
    // Broken before (a rebuild's drop) or after (reported at the end of the file if it stays so).
    if (column_names(v).empty() || column_names(*old).empty()) continue;
    auto* d = warn("W0506", {&st}, st.span,
                   "this rename changes the columns of view " + v.name + " from (" + join(column_names(*old)) +
                       ") to (" + join(column_names(v)) + "): code that reads the old names breaks");
    if (d)
      d->notes.push_back(
          "keep the view's names with aliases (SELECT new_name AS old_name ...), or update its "
          "readers");
  }
  for (const auto& [what, detail] : broken_objects(now)) {
    if (!broken_before_.count(what) && !pending_.count(what)) pending_[what] = {&st, detail};
  }
}

}  // namespace noormc::checks
