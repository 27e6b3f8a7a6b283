// The catalog's state (internal to src/model/): the objects of the main and
// temp schemas as SQLite keeps them, each object behind a shared pointer, so
// that a copy of the catalog (a snapshot for a down file, a trial ALTER) shares
// every object it does not change: copy on write, one object at a time.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "diag/source.hpp"
#include "model/catalog.hpp"
#include "model/resolve.hpp"
#include "model/schema.hpp"
#include "syntax/ast.hpp"

namespace noormc::model {

/// A new identity for an object's version: unique across every snapshot.
uint64_t next_identity();

/// CREATE INDEX, kept in its table's entry (SQLite's Table.pIndex).
struct IndexEntry {
  syntax::CreateIndex def;
  const SourceFile* file = nullptr;
  uint64_t seq = 0;  // creation order (the index list is newest first)
};

/// What one resolution of a view's or trigger's body looked up: each name, and
/// the relation it found (null: none). The resolution gives the same result in
/// any catalog where every name finds the same relation object again (objects
/// are never changed in place: an edit makes a new one).
struct Reads {
  std::vector<std::pair<std::string, std::shared_ptr<const Relation>>> found;
  bool cyclic = false;  // a look-up met a view being resolved, or a value that did: never reused
};
/// A view's columns as a relation, with what resolving them read.
struct ResolvedColumns {
  Reads reads;
  std::shared_ptr<const Relation> relation;
};
/// A view's or trigger's body resolved for its references (Catalog::check_references).
struct ResolvedBody {
  Reads reads;
  std::vector<ResolveIssue> issues;
  std::set<std::string> refs;
};

/// A table as derived for the PRAGMAs, with the parent versions it was derived against.
struct DerivedTable {
  std::vector<std::pair<std::string, uint64_t>> parents;  // folded parent name → its identity (0: absent)
  Table table;
};

struct TableEntry {
  syntax::CreateTable def;
  std::vector<std::string> hidden;    // a virtual table's hidden columns (fts5: the table name, rank)
  std::optional<std::string> module;  // virtual tables
  const SourceFile* file = nullptr;
  std::vector<const SourceFile*> column_files;  // parallel to def.columns
  std::vector<IndexEntry> indexes;              // CREATE INDEX on this table, oldest first
  uint64_t seq = 0;
  uint64_t id = next_identity();  // this version of the entry; a new one on every edit

  // Caches of this version (shared by the snapshots that share the entry).
  // One derivation per set of parent versions seen (snapshots sharing the
  // entry may have different parents), the newest four, so that the Table*
  // of two snapshots compared side by side stay valid.
  mutable std::vector<std::shared_ptr<const DerivedTable>> derived;
  mutable std::shared_ptr<const Relation> relation;
  /// The tables its foreign keys name (folded), computed when first needed.
  mutable std::optional<std::vector<std::string>> parents;

  /// Called by Objects::edit before a change: a new identity, no caches.
  void fresh() {
    id = next_identity();
    derived.clear();
    relation.reset();
    parents.reset();
  }
};

/// The tables and views a view or trigger names (folded), computed when first needed.
using References = std::optional<std::set<std::string>>;

struct ViewEntry {
  syntax::CreateView def;
  const SourceFile* file = nullptr;
  uint64_t seq = 0;
  uint64_t id = next_identity();
  mutable References refs;
  // The last resolutions of this version, reused where what they read is unchanged.
  mutable std::shared_ptr<const ResolvedColumns> columns;
  mutable std::shared_ptr<const ResolvedBody> body;
  void fresh() {
    id = next_identity();
    refs.reset();
    columns.reset();
    body.reset();
  }
};

struct TriggerEntry {
  syntax::CreateTrigger def;
  const SourceFile* file = nullptr;
  uint64_t seq = 0;
  uint64_t id = next_identity();
  mutable References refs;
  mutable std::shared_ptr<const ResolvedBody> body;  // as ViewEntry's
  void fresh() {
    id = next_identity();
    refs.reset();
    body.reset();
  }
};

/// A map from strings kept as one vector sorted by key (std::string's <, so
/// the order std::map gives): copying it, which the first change in a snapshot
/// does (Cow), costs one allocation instead of one per entry, and walking it
/// reads consecutive memory. Insertions and erasures move the entries after
/// them (a few hundred in a grown schema). The subset of std::map's interface
/// the catalog uses; like a vector, a change invalidates iterators.
template <typename V>
class FlatMap {
 public:
  using value_type = std::pair<std::string, V>;
  using iterator = typename std::vector<value_type>::iterator;
  using const_iterator = typename std::vector<value_type>::const_iterator;

  iterator begin() { return v_.begin(); }
  iterator end() { return v_.end(); }
  const_iterator begin() const { return v_.begin(); }
  const_iterator end() const { return v_.end(); }
  size_t size() const { return v_.size(); }
  bool empty() const { return v_.empty(); }

  const_iterator find(std::string_view k) const {
    auto it = lower(k);
    return it != v_.end() && it->first == k ? it : v_.end();
  }
  iterator find(std::string_view k) {
    auto it = lower(k);
    return it != v_.end() && it->first == k ? it : v_.end();
  }
  size_t count(std::string_view k) const { return find(k) != v_.end() ? 1 : 0; }
  const V& at(std::string_view k) const {
    auto it = find(k);
    if (it == v_.end()) throw std::out_of_range("FlatMap::at");
    return it->second;
  }
  V& at(std::string_view k) {
    auto it = find(k);
    if (it == v_.end()) throw std::out_of_range("FlatMap::at");
    return it->second;
  }
  /// The value of `k`, inserted default-constructed when absent.
  V& operator[](std::string_view k) {
    auto it = lower(k);
    if (it == v_.end() || it->first != k) it = v_.insert(it, value_type(std::string(k), V()));
    return it->second;
  }
  iterator erase(const_iterator it) { return v_.erase(it); }
  size_t erase(std::string_view k) {
    auto it = find(k);
    if (it == v_.end()) return 0;
    v_.erase(it);
    return 1;
  }
  /// Moves the value of `from` to `to`, as std::map's extract and insert do:
  /// when `to` is taken already, that entry stays and `from`'s value is dropped.
  void rekey(std::string_view from, std::string_view to) {
    auto it = find(from);
    if (it == v_.end()) return;
    V value = std::move(it->second);
    v_.erase(it);
    auto at = lower(to);
    if (at == v_.end() || at->first != to) v_.insert(at, value_type(std::string(to), std::move(value)));
  }

 private:
  iterator lower(std::string_view k) {
    return std::lower_bound(v_.begin(), v_.end(), k,
                            [](const value_type& e, std::string_view x) { return e.first < x; });
  }
  const_iterator lower(std::string_view k) const {
    return std::lower_bound(v_.begin(), v_.end(), k,
                            [](const value_type& e, std::string_view x) { return e.first < x; });
  }
  std::vector<value_type> v_;
};

/// A value that copies share until one of them changes it: copying costs a
/// reference count, whatever the value's size (a snapshot of a 300-table
/// schema's maps), and the first change after a copy copies the value once.
template <typename T>
class Cow {
 public:
  Cow() : p_(std::make_shared<T>()) {}
  const T& operator*() const { return *p_; }
  const T* operator->() const { return p_.get(); }
  /// The value to change: this copy's own.
  T& mut() {
    if (p_.use_count() > 1) p_ = std::make_shared<T>(*p_);
    return *p_;
  }

 private:
  std::shared_ptr<T> p_;
};

/// Objects of one kind by folded name. Copies share the map and the objects;
/// edit() copies one object before changing it when another snapshot still holds it.
template <typename E>
class Objects {
 public:
  using Map = FlatMap<std::shared_ptr<E>>;

  const E* find(const std::string& key) const {
    auto it = map_->find(key);
    return it == map_->end() ? nullptr : it->second.get();
  }
  bool has(const std::string& key) const { return map_->count(key) > 0; }
  /// The entry to change (it must exist): this snapshot's own copy, caches dropped.
  E& edit(const std::string& key) {
    auto& p = map_.mut().at(key);
    if (p.use_count() > 1) p = std::make_shared<E>(*p);
    p->fresh();
    ++version_;
    return *p;
  }
  E& put(const std::string& key, E e) {
    ++version_;
    auto& p = map_.mut()[key];
    p = std::make_shared<E>(std::move(e));
    return *p;
  }
  void erase(const std::string& key) {
    ++version_;
    map_.mut().erase(key);
  }
  /// Moves an entry to another key, sharing it (RENAME TO edits it afterwards).
  void rekey(const std::string& from, const std::string& to) {
    ++version_;
    map_.mut().rekey(from, to);
  }
  /// The map itself: identical in two snapshots when neither changed it since the copy.
  const Map* shared_map() const { return &*map_; }
  typename Map::const_iterator begin() const { return map_->begin(); }
  typename Map::const_iterator end() const { return map_->end(); }
  size_t size() const { return map_->size(); }
  /// Changes with every put, edit and erase: caches that read these objects compare it.
  uint64_t version() const { return version_; }

 private:
  Cow<Map> map_;
  uint64_t version_ = 0;
};

/// One schema's objects: `main` (the database the migrations describe) or `temp`.
struct Space {
  Objects<TableEntry> tables;
  Objects<ViewEntry> views;
  Objects<TriggerEntry> triggers;
  Cow<FlatMap<std::string>> index_table;  // folded index name → folded table name

  /// Tables, views and indexes share one namespace per schema.
  bool name_in_use(const std::string& key) const {
    return tables.has(key) || views.has(key) || index_table->count(key) > 0;
  }
};

/// Whether `space` has an index on the table of folded name `key`.
inline bool indexes_on(const Space& space, const std::string& key) {
  return std::any_of(space.index_table->begin(), space.index_table->end(),
                     [&](const auto& kv) { return kv.second == key; });
}

/// A table, view or trigger found by name, and the schema it lives in.
template <typename E>
struct Found {
  const E* entry = nullptr;
  bool temp = false;
  std::string key;  // folded name
  explicit operator bool() const { return entry != nullptr; }
};

struct Catalog::State {
  Space main, temp;
  uint64_t seq = 0;
  // Connection settings that change what ALTER TABLE does.
  bool legacy_alter_table = false;
  bool foreign_keys = false;

  Space& space(bool is_temp) { return is_temp ? temp : main; }
  const Space& space(bool is_temp) const { return is_temp ? temp : main; }

  /// SQLite's search order for a name: `temp`, then `main`, unless `schema` names one.
  Found<TableEntry> table(std::string_view name, std::string_view schema = {}) const;
  Found<ViewEntry> view(std::string_view name, std::string_view schema = {}) const;
  Found<TriggerEntry> trigger(std::string_view name, std::string_view schema = {}) const;
  /// A table or view of that name in either schema.
  bool relation_exists(const std::string& key) const;

  /// What the resolver sees of a table or view (temp first, as SQLite looks names up).
  const Relation* relation(std::string_view name) const;
  RelationLookup lookup() const {
    return [this](std::string_view n) { return relation(n); };
  }
  /// relation(), keeping the object; `cyclic` is set when the look-up met a view being resolved.
  std::shared_ptr<const Relation> relation_ptr(std::string_view name, bool& cyclic) const;
  /// A look-up that records in `reads` what it found.
  RelationLookup tracking(Reads& reads) const {
    return [this, &reads](std::string_view n) {
      auto found = relation_ptr(n, reads.cyclic);
      reads.found.emplace_back(std::string(n), found);
      return found.get();
    };
  }
  /// Every name of `reads` finds the same relation object now.
  bool still_valid(const Reads& reads) const;

 private:
  std::shared_ptr<const Relation> resolve_view(const ViewEntry& v, Reads& reads) const;
  // Views as relations, valid while no table or view changes; `second`: the value met a view
  // being resolved (cyclic).
  mutable std::map<std::string, std::pair<std::shared_ptr<const Relation>, bool>> view_relations_;
  mutable uint64_t view_relations_stamp_ = ~uint64_t{0};
  mutable std::set<std::string> resolving_;  // views being resolved (cycle guard)
  uint64_t stamp() const {
    return main.tables.version() + main.views.version() + temp.tables.version() + temp.views.version();
  }
};

}  // namespace noormc::model
