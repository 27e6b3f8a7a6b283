// Stage 2: statements → schema model. Like sqlc's catalog, the Catalog applies
// DDL statements one by one with SQLite's own semantics: it keeps each
// object's definition as SQLite keeps its SQL text (ALTER TABLE edits the
// definition, RENAME propagates into foreign keys, indexes, views and
// triggers) and derives what the PRAGMAs report from it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "model/resolve.hpp"
#include "model/schema.hpp"
#include "syntax/ast.hpp"

namespace noormc::model {

class Catalog {
 public:
  Catalog();
  ~Catalog();
  /// A snapshot: shares every table, index, view and trigger with `o` until
  /// one of the two changes it (copy on write), so it costs what the schema's
  /// size in names costs, not a copy of every definition.
  Catalog(const Catalog& o);
  Catalog& operator=(const Catalog& o);

  /// Applies one statement of `file`. When SQLite would refuse it, adds an
  /// error and leaves the catalog as it was; returns false.
  bool apply(const syntax::Statement& st, const SourceFile& file, Diagnostics& diags);

  /// A transaction or savepoint of the file being applied is open (a copy does not carry it).
  bool in_transaction() const { return !savepoints_.empty(); }

  /// The model as the PRAGMAs would report it now.
  Schema schema() const;

  /// Names (folded) of the main schema's tables and views whose model may
  /// differ between catalogs that share history: those whose definitions are
  /// not the same shared object in all of them, the tables whose foreign keys
  /// name such a table, the views that read one, and the triggers whose
  /// definitions differ. Every other object is the same in all of them, so
  /// comparing their schemas needs only these.
  struct Selection {
    std::set<std::string> tables, views, triggers;
  };
  static Selection differing(const std::vector<const Catalog*>& catalogs);
  /// schema() restricted to the selected tables, views and triggers, in schema()'s order.
  Schema schema(const Selection& only) const;

  /// Errors SQLite does not raise but noormc does (docs/reference/contract.md#5-the-schema-model): a foreign
  /// key to a table that does not exist after all migrations.
  void validate(Diagnostics& diags) const;

  /// References from views and triggers to missing tables or columns.
  void check_references(Diagnostics& diags, Severity severity) const;

  /// A foreign key as declared, with the file its text is in (for src/checks/).
  struct ForeignKeySite {
    std::string table;                                 // the child table
    std::vector<std::string> columns;                  // the child columns
    const syntax::ForeignKeyClause* clause = nullptr;  // valid until the catalog changes
    const SourceFile* file = nullptr;
  };
  std::vector<ForeignKeySite> foreign_key_sites() const;

  /// One table of the model (main schema), as schema() would give it; null
  /// when absent. Valid until the catalog changes.
  const Table* table(std::string_view name) const;
  /// The views of the model, as schema() would give them.
  std::vector<View> views() const;
  /// The selected views (`only.views`) of the model, in views()'s order.
  std::vector<View> views(const Selection& only) const;

  bool has_table(std::string_view name) const;
  /// The temp schema holds a table, view or trigger: the connection has opened its temp database.
  bool has_temp_objects() const;
  /// A main table's name as its definition spells it; null when absent.
  const std::string* table_spelling(std::string_view name) const;
  std::vector<std::string> table_names() const;

  struct State;  // opaque; defined in state.hpp

 private:
  void transaction_control(const syntax::Other& o);
  std::unique_ptr<State> s_;
  // The file's open savepoints (a BEGIN is one too), innermost last, each with the state it
  // would restore: ROLLBACK [TO] undoes the schema changes since (lang_savepoint.html).
  std::vector<std::pair<std::string, std::unique_ptr<State>>> savepoints_;
};

}  // namespace noormc::model
