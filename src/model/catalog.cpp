// The catalog: the one place that dispatches statement kinds (apply), the
// public questions about the model, and the look-ups the handlers share.
#include "model/catalog.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "model/change.hpp"
#include "model/derive.hpp"

namespace noormc::model {

using syntax::fold;
using syntax::same_name;

Catalog::Catalog() : s_(std::make_unique<State>()) {}
Catalog::~Catalog() = default;
// A copy shares every object with the original until one of them changes it (Objects::edit).
Catalog::Catalog(const Catalog& o) : s_(std::make_unique<State>(*o.s_)) {}
Catalog& Catalog::operator=(const Catalog& o) {
  if (this != &o) s_ = std::make_unique<State>(*o.s_), savepoints_.clear();
  return *this;
}

// ---------------------------------------------------------------- dispatch

namespace {

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

void alter(Change& c, const syntax::AlterTable& a) {
  using K = syntax::AlterTable::Kind;
  if (!c.schema_supported(a.schema)) return;
  switch (a.kind) {
    case K::RenameTable:
      return rename_table(c, a);
    case K::RenameColumn:
      return rename_column(c, a);
    case K::AddColumn:
      return add_column(c, a);
    case K::DropColumn:
      return drop_column(c, a);
  }
}

void drop(Change& c, const syntax::Drop& d) {
  using K = syntax::Drop::Kind;
  if (!c.schema_supported(d.schema)) return;
  switch (d.kind) {
    case K::Table:
      return drop_table(c, d);
    case K::Index:
      return drop_index(c, d);
    case K::View:
      return drop_view(c, d);
    case K::Trigger:
      return drop_trigger(c, d);
  }
}

}  // namespace

bool Catalog::apply(const syntax::Statement& st, const SourceFile& file, Diagnostics& diags) {
  Change c(*s_, file, diags);
  auto data = [&](const auto&) {
    if (!st.explain) data_statement(c, st);
  };
  std::visit(Overloaded{
                 [&](const syntax::CreateTable& b) { create_table(c, b); },
                 [&](const syntax::CreateVirtualTable& b) { create_virtual_table(c, b); },
                 [&](const syntax::AlterTable& b) { alter(c, b); },
                 [&](const syntax::Drop& b) { drop(c, b); },
                 [&](const syntax::CreateIndex& b) { create_index(c, b); },
                 [&](const syntax::CreateView& b) { create_view(c, b); },
                 [&](const syntax::CreateTrigger& b) { create_trigger(c, b); },
                 [&](const syntax::Pragma& b) { set_pragma(c, b); },
                 [&](const syntax::Insert& b) { data(b); },
                 [&](const syntax::Update& b) { data(b); },
                 [&](const syntax::Delete& b) { data(b); },
                 [&](const syntax::Select& b) { data(b); },
                 [&](const syntax::Other& b) {
                   if (!st.explain) transaction_control(b);
                 },
             },
             st.body);
  return c.ok();
}

/// BEGIN, SAVEPOINT, RELEASE, COMMIT, ROLLBACK [TO] as SQLite runs them. Those
/// SQLite refuses (no such savepoint, ...) change nothing: syntax/transactions
/// reports them (E0112).
void Catalog::transaction_control(const syntax::Other& o) {
  auto innermost = [&](const std::string& name) {
    for (size_t i = savepoints_.size(); i-- > 0;) {
      if (savepoints_[i].first == name) return static_cast<long>(i);
    }
    return -1L;
  };
  std::string name = fold(o.name.text);
  bool rollback = o.keyword == "ROLLBACK";
  if (o.keyword == "BEGIN" || o.keyword == "SAVEPOINT") {
    savepoints_.emplace_back(o.keyword == "BEGIN" ? "" : name, std::make_unique<State>(*s_));
  } else if (o.keyword == "COMMIT" || (rollback && name.empty())) {
    if (rollback && !savepoints_.empty()) s_ = std::move(savepoints_.front().second);
    savepoints_.clear();
  } else if (long at = innermost(name); at >= 0 && (rollback || o.keyword == "RELEASE")) {
    if (rollback) s_ = std::make_unique<State>(*savepoints_[static_cast<size_t>(at)].second);
    savepoints_.resize(static_cast<size_t>(at) + (rollback ? 1 : 0));
  }
}

// ---------------------------------------------------------------- look-ups

template <typename E>
static Found<E> find_in(const Objects<E>& temp, const Objects<E>& main, std::string_view name,
                        std::string_view schema) {
  std::string key = fold(name);
  bool only_temp = same_name(schema, "temp"), only_main = same_name(schema, "main");
  if (!only_main) {
    if (const E* e = temp.find(key)) return {e, true, key};
  }
  if (!only_temp) {
    if (const E* e = main.find(key)) return {e, false, key};
  }
  return {nullptr, false, key};
}

Found<TableEntry> Catalog::State::table(std::string_view name, std::string_view schema) const {
  return find_in(temp.tables, main.tables, name, schema);
}
Found<ViewEntry> Catalog::State::view(std::string_view name, std::string_view schema) const {
  return find_in(temp.views, main.views, name, schema);
}
Found<TriggerEntry> Catalog::State::trigger(std::string_view name, std::string_view schema) const {
  return find_in(temp.triggers, main.triggers, name, schema);
}
bool Catalog::State::relation_exists(const std::string& key) const {
  return main.tables.has(key) || main.views.has(key) || temp.tables.has(key) || temp.views.has(key);
}

const Relation* Catalog::State::relation(std::string_view name) const {
  bool cyclic = false;
  return relation_ptr(name, cyclic).get();
}

bool Catalog::State::still_valid(const Reads& reads) const {
  if (reads.cyclic) return false;
  for (const auto& [name, found] : reads.found) {
    bool cyclic = false;
    if (relation_ptr(name, cyclic) != found || cyclic) return false;
  }
  return true;
}

std::shared_ptr<const Relation> Catalog::State::resolve_view(const ViewEntry& v, Reads& reads) const {
  auto r = std::make_shared<Relation>();
  r->name = v.def.name.text;
  r->is_table = false;
  r->has_rowid = false;
  Resolver res(tracking(reads), v.file ? std::string_view(v.file->text()) : std::string_view());
  r->select = v.def.select.get();
  r->text = v.file ? std::string_view(v.file->text()) : std::string_view();
  r->columns = res.result_columns(*v.def.select);
  // A view that reads a missing table or column has no columns: PRAGMA table_info on it fails.
  if (!res.issues.empty()) r->columns.clear();
  for (size_t i = 0; i < v.def.columns.size() && i < r->columns.size(); ++i) {
    r->columns[i].name = v.def.columns[i].text;
  }
  return r;
}

std::shared_ptr<const Relation> Catalog::State::relation_ptr(std::string_view name, bool& cyclic) const {
  if (auto t = table(name)) {
    relation_of(*t.entry);
    return t.entry->relation;
  }
  auto v = view(name);
  if (!v) return nullptr;
  if (view_relations_stamp_ != stamp()) {
    view_relations_.clear();
    view_relations_stamp_ = stamp();
  }
  std::string key = (v.temp ? "t:" : "m:") + v.key;
  if (auto it = view_relations_.find(key); it != view_relations_.end()) {
    cyclic = cyclic || it->second.second;
    return it->second.first;
  }
  if (!resolving_.insert(key).second) {  // a view that reads itself
    cyclic = true;
    return nullptr;
  }
  std::shared_ptr<const Relation> out;
  bool met_cycle = false;
  if (const auto& memo = v.entry->columns; memo && still_valid(memo->reads)) {
    out = memo->relation;
  } else {
    Reads reads;
    out = resolve_view(*v.entry, reads);
    met_cycle = reads.cyclic;
    if (!met_cycle) v.entry->columns = std::make_shared<const ResolvedColumns>(ResolvedColumns{std::move(reads), out});
  }
  resolving_.erase(key);
  cyclic = cyclic || met_cycle;
  view_relations_.emplace(key, std::make_pair(out, met_cycle));
  return out;
}

std::vector<ResolveIssue> resolve_copy(const Catalog::State& s, const ViewEntry* v, const TriggerEntry* t,
                                       std::set<std::string>* refs) {
  if (!v && !t) return {};  // one of them is the object to resolve
  const SourceFile* file = v ? v->file : t->file;
  auto& memo = v ? v->body : t->body;
  if (memo && s.still_valid(memo->reads)) {
    if (refs) *refs = memo->refs;
    return memo->issues;
  }
  Reads reads;
  Resolver res(s.tracking(reads), file ? std::string_view(file->text()) : std::string_view());
  if (v) {
    syntax::Select copy = *v->def.select;
    res.walk(copy, [](syntax::Expr&, const Binding*) {});
  } else {
    syntax::CreateTrigger copy = t->def;
    res.walk_trigger(copy, [](syntax::Expr&, const Binding*) {});
  }
  if (refs) *refs = res.referenced;
  if (!reads.cyclic)
    memo = std::make_shared<const ResolvedBody>(ResolvedBody{std::move(reads), res.issues, res.referenced});
  return res.issues;
}

const std::set<std::string>& refs_of(const Catalog::State& s, const ViewEntry& v) {
  if (!v.refs) {
    std::set<std::string> r;
    resolve_copy(s, &v, nullptr, &r);
    v.refs = std::move(r);
  }
  return *v.refs;
}

const std::set<std::string>& refs_of(const Catalog::State& s, const TriggerEntry& t) {
  if (!t.refs) {
    std::set<std::string> r;
    resolve_copy(s, nullptr, &t, &r);
    t.refs = std::move(r);
  }
  return *t.refs;
}

std::string Reader::what() const {
  return (view ? "view " : "trigger ") + name;
}

std::vector<Reader> readers_of(const Catalog::State& s, const std::string& key) {
  std::set<std::string> names{key};
  std::vector<Reader> out;
  std::set<std::pair<bool, std::string>> taken;
  for (bool grew = true; grew;) {
    grew = false;
    for (bool temp : {false, true}) {
      for (const auto& [k, v] : s.space(temp).views) {
        if (taken.count({temp, k})) continue;
        const auto& refs = refs_of(s, *v);
        if (std::none_of(refs.begin(), refs.end(), [&](const std::string& r) { return names.count(r) > 0; })) continue;
        taken.insert({temp, k});
        names.insert(k);
        out.push_back({true, temp, k, v->def.name.text});
        grew = true;
      }
    }
  }
  for (bool temp : {false, true}) {
    for (const auto& [k, t] : s.space(temp).triggers) {
      const auto& refs = refs_of(s, *t);
      if (std::any_of(refs.begin(), refs.end(), [&](const std::string& r) { return names.count(r) > 0; }))
        out.push_back({false, temp, k, t->def.name.text});
    }
  }
  return out;
}

std::vector<ResolveIssue> resolve_reader(const Catalog::State& s, const Reader& r) {
  const Space& sp = s.space(r.temp);
  if (r.view) return resolve_copy(s, sp.views.find(r.key), nullptr);
  return resolve_copy(s, nullptr, sp.triggers.find(r.key));
}

bool schema_intact(Change& c, const syntax::Name& at) {
  if (c.s.legacy_alter_table) return true;
  auto exists = [&](const std::string& r) { return c.s.relation_exists(r) || reserved_name(r); };
  for (bool temp : {false, true}) {
    for (const auto& [k, v] : c.s.space(temp).views) {
      for (const auto& r : refs_of(c.s, *v)) {
        if (!exists(r)) return c.schema_broken(at, "view " + v->def.name.text, r), false;
      }
    }
    for (const auto& [k, t] : c.s.space(temp).triggers) {
      for (const auto& r : refs_of(c.s, *t)) {
        if (!exists(r)) return c.schema_broken(at, "trigger " + t->def.name.text, r), false;
      }
    }
  }
  return true;
}

// ---------------------------------------------------------------- the model

/// The entries of `objects`, or only those whose keys `only` holds (a few of
/// many: each is looked up), in key order either way.
template <typename E>
std::vector<const E*> entries_of(const Objects<E>& objects, const std::set<std::string>* only) {
  std::vector<const E*> out;
  if (!only) {
    for (const auto& kv : objects) out.push_back(kv.second.get());
    return out;
  }
  for (const auto& k : *only) {
    if (const E* e = objects.find(k)) out.push_back(e);
  }
  return out;
}

/// The views, or only those whose keys `only` holds, in creation order.
static std::vector<View> views_of(const Catalog::State& s, const std::set<std::string>* only) {
  auto views = entries_of(s.main.views, only);
  std::sort(views.begin(), views.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
  std::vector<View> out;
  for (const auto* v : views) {
    View view;
    view.name = v->def.name.text;
    if (const Relation* r = s.relation(v->def.name.text)) view.columns = r->columns;
    out.push_back(std::move(view));
  }
  return out;
}

/// The schema, or only the selected tables, views and triggers of it.
static Schema schema_of(const Catalog::State& s, const Catalog::Selection* only) {
  Schema out;
  for (const auto* e : entries_of(s.main.tables, only ? &only->tables : nullptr)) {
    out.tables.push_back(derived_table(*e, s.main));
  }
  std::sort(out.tables.begin(), out.tables.end(), [](const Table& a, const Table& b) { return a.name < b.name; });
  out.views = views_of(s, only ? &only->views : nullptr);
  auto triggers = entries_of(s.main.triggers, only ? &only->triggers : nullptr);
  std::sort(triggers.begin(), triggers.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
  for (const auto* t : triggers) out.triggers.push_back({t->def.name.text, t->def.table.text});
  return out;
}

Schema Catalog::schema() const {
  return schema_of(*s_, nullptr);
}

Schema Catalog::schema(const Selection& only) const {
  return schema_of(*s_, &only);
}

namespace {

/// Adds to `out` the keys of `member` that some space lacks or holds as
/// another object than the first space does: a merge of sorted maps, skipped
/// where two spaces still share the whole map. An object two maps share has
/// the same key in both (its folded name: RENAME TO edits the object it
/// re-keys, which gives it a new identity), so a shared object is one pointer
/// test, and keys are compared only where the maps differ.
template <typename E>
void differing_keys(const std::vector<const Space*>& spaces, Objects<E> Space::*member, std::set<std::string>& out) {
  const Objects<E>& first = spaces[0]->*member;
  for (const Space* space : spaces) {
    const Objects<E>& other = space->*member;
    if (other.shared_map() == first.shared_map()) continue;
    auto a = first.begin(), b = other.begin();
    while (a != first.end() || b != other.end()) {
      if (a != first.end() && b != other.end() && a->second == b->second) {
        ++a, ++b;
      } else if (a != first.end() && b != other.end() && a->first == b->first) {
        if (a->second->id != b->second->id) out.insert(a->first);
        ++a, ++b;
      } else if (b == other.end() || (a != first.end() && a->first < b->first)) {
        out.insert((a++)->first);
      } else {
        out.insert((b++)->first);
      }
    }
  }
}

/// The tables `e`'s foreign keys name (folded), cached in the entry.
const std::vector<std::string>& parents_of(const TableEntry& e) {
  if (!e.parents) {
    std::vector<std::string> names;
    for_each_foreign_key(
        e.def, [&](const syntax::ForeignKeyClause& fk, size_t, const auto*) { names.push_back(fold(fk.table.text)); });
    e.parents = std::move(names);
  }
  return *e.parents;
}

/// A change's few names (folded), looked up once per table or view of the
/// schema: a sorted vector behind a 64-bit filter of (length, last byte), so
/// that most names that are not there cost no string comparison.
class FewNames {
 public:
  explicit FewNames(const std::set<std::string>& a, const std::set<std::string>& b = {}) {
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(names_));
    for (auto n : names_) filter_ |= bit(n);
  }
  bool has(std::string_view name) const {
    return (filter_ & bit(name)) != 0 && std::binary_search(names_.begin(), names_.end(), name);
  }

 private:
  static uint64_t bit(std::string_view n) {
    return uint64_t{1} << ((n.size() * 7 + (n.empty() ? 0 : static_cast<unsigned char>(n.back()))) & 63);
  }
  std::vector<std::string_view> names_;
  uint64_t filter_ = 0;
};

/// Adds the tables whose foreign keys name a selected table. A table not
/// selected is the same object in every catalog, so `first`'s is enough.
void add_children(const Catalog::State& first, Catalog::Selection& out) {
  const FewNames selected(out.tables);
  std::vector<std::string> children;
  for (const auto& [k, e] : first.main.tables) {
    for (const auto& parent : parents_of(*e)) {
      if (selected.has(parent)) {
        children.push_back(k);
        break;
      }
    }
  }
  out.tables.insert(children.begin(), children.end());
}

/// The same views and temp objects (shared maps) as an earlier state of `states`.
bool same_readers_as_earlier(const std::vector<const Catalog::State*>& states, size_t i) {
  const Catalog::State& c = *states[i];
  for (size_t j = 0; j < i; ++j) {
    const Catalog::State& e = *states[j];
    if (c.main.views.shared_map() == e.main.views.shared_map() &&
        c.temp.tables.shared_map() == e.temp.tables.shared_map() &&
        c.temp.views.shared_map() == e.temp.views.shared_map())
      return true;
  }
  return false;
}

/// Adds the views that read a selected table or view, or a temp object, until none is added.
void add_readers(const std::vector<const Catalog::State*>& states, Catalog::Selection& out) {
  for (bool grew = true; grew;) {  // each pass looks up what the passes before selected
    grew = false;
    const FewNames selected(out.tables, out.views);
    for (size_t i = 0; i < states.size(); ++i) {
      if (same_readers_as_earlier(states, i)) continue;  // the same views would find the same
      const Catalog::State& c = *states[i];
      for (const auto& [k, v] : c.main.views) {
        if (selected.has(k)) continue;
        for (const auto& r : refs_of(c, *v)) {
          if (!selected.has(r) && !c.temp.tables.has(r) && !c.temp.views.has(r)) continue;
          grew = out.views.insert(k).second || grew;
          break;
        }
      }
    }
  }
}

}  // namespace

Catalog::Selection Catalog::differing(const std::vector<const Catalog*>& catalogs) {
  Selection out;
  std::vector<const Space*> spaces;
  std::vector<const State*> states;
  for (const Catalog* c : catalogs) spaces.push_back(&c->s_->main), states.push_back(c->s_.get());
  differing_keys(spaces, &Space::tables, out.tables);
  differing_keys(spaces, &Space::views, out.views);
  differing_keys(spaces, &Space::triggers, out.triggers);
  if (!out.tables.empty()) add_children(*states[0], out);
  add_readers(states, out);  // a view reads what its tables and views hold
  return out;
}

const Table* Catalog::table(std::string_view name) const {
  const TableEntry* e = s_->main.tables.find(fold(name));
  return e ? &derived_table(*e, s_->main) : nullptr;
}

std::vector<View> Catalog::views() const {
  return views_of(*s_, nullptr);
}

std::vector<View> Catalog::views(const Selection& only) const {
  return views_of(*s_, &only.views);
}

bool Catalog::has_table(std::string_view name) const {
  return s_->main.tables.has(fold(name));
}

bool Catalog::has_temp_objects() const {
  return s_->temp.tables.size() + s_->temp.views.size() + s_->temp.triggers.size() > 0;
}

const std::string* Catalog::table_spelling(std::string_view name) const {
  const TableEntry* e = s_->main.tables.find(fold(name));
  return e ? &e->def.name.text : nullptr;
}

std::vector<std::string> Catalog::table_names() const {
  std::vector<std::string> out;
  for (const auto& [k, e] : s_->main.tables) out.push_back(e->def.name.text);
  std::sort(out.begin(), out.end());
  return out;
}

void Catalog::validate(Diagnostics& diags) const {
  for (const auto& kv : s_->main.tables) {
    const auto& e = kv.second;  // not a structured binding: the lambda captures it (clang < 16)
    for_each_foreign_key(e->def, [&](const syntax::ForeignKeyClause& fk, size_t column, const auto*) {
      const SourceFile* file = column < e->column_files.size() ? e->column_files[column] : e->file;
      if (s_->main.tables.has(fold(fk.table.text)) || !file) return;
      auto& d = diags.add(Severity::Error, "E0212", *file, fk.table.span.begin, fk.table.span.end,
                          "foreign key of '" + e->def.name.text + "' references table '" + fk.table.text +
                              "', which does not exist after the last migration");
      d.notes.push_back(did_you_mean_note(fk.table.text, table_names(), "tables"));
    });
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
  // TEMP views and triggers are not part of the schema: SQLite reports what they
  // read only when they are used, and the connection's end removes them.
  for (const auto& [k, v] : s_->main.views) {
    report(resolve_copy(*s_, v.get(), nullptr), v->file, "view '" + v->def.name.text + "'");
  }
  for (const auto& [k, t] : s_->main.triggers) {
    report(resolve_copy(*s_, nullptr, t.get()), t->file, "trigger '" + t->def.name.text + "'");
  }
}

std::vector<Catalog::ForeignKeySite> Catalog::foreign_key_sites() const {
  std::vector<ForeignKeySite> out;
  for (const auto& kv : s_->main.tables) {
    const auto& e = kv.second;  // not a structured binding: the lambda captures it (clang < 16)
    for_each_foreign_key(e->def, [&](const syntax::ForeignKeyClause& fk, size_t column, const auto* constraint) {
      const SourceFile* file = column < e->column_files.size() ? e->column_files[column] : e->file;
      std::vector<std::string> cols;
      if (constraint) {
        for (const auto& n : constraint->fk_columns) cols.push_back(n.text);
      } else {
        cols.push_back(e->def.columns[column].name.text);
      }
      out.push_back({e->def.name.text, cols, &fk, file});
    });
  }
  return out;
}

}  // namespace noormc::model
