// Stage 2: statements → schema model. Like sqlc's catalog, the Catalog applies
// DDL statements one by one with SQLite's own semantics: it keeps each
// object's definition as SQLite keeps its SQL text (ALTER TABLE edits the
// definition, RENAME propagates into foreign keys, indexes, views and
// triggers) and derives what the PRAGMAs report from it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
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
  Catalog(const Catalog&);
  Catalog& operator=(const Catalog&);

  /// Applies one statement of `file`. When SQLite would refuse it, adds an
  /// error and leaves the catalog as it was; returns false.
  bool apply(const syntax::Statement& st, const SourceFile& file, Diagnostics& diags);

  /// The model as the PRAGMAs would report it now.
  Schema schema() const;

  /// Errors SQLite does not raise but noormc does (SPEC section 5): a foreign
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

  bool has_table(std::string_view name) const;
  std::vector<std::string> table_names() const;

  struct State;  // opaque; defined in catalog.cpp

 private:
  std::unique_ptr<State> s_;
};

/// Deep copies, so that the catalog can edit definitions without touching the
/// statements it was given.
syntax::ExprPtr clone(const syntax::ExprPtr& e);
syntax::SelectPtr clone(const syntax::SelectPtr& s);

}  // namespace noormc::model
