// One statement's meaning for the catalog (internal to src/model/), the way
// sqlc's internal/sql/catalog splits it: Catalog::apply dispatches each
// statement kind once (catalog.cpp) to one function per meaning, in files
// named after what they hold: table.cpp (CREATE TABLE, RENAME TO, ADD /
// RENAME / DROP COLUMN, DROP TABLE), virtual.cpp, index.cpp, view.cpp,
// trigger.cpp, data.cpp (INSERT, UPDATE, DELETE, SELECT, PRAGMA). Every error
// a handler raises is built by one of Change's constructors (errors.cpp).
//
// Handlers change the state only through Objects::put/edit/erase, which give
// the changed object a new identity: the caches of what the PRAGMAs say follow
// from that, so no handler invalidates a cache by hand.
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "model/state.hpp"

namespace noormc::model {

class Change {
 public:
  Change(Catalog::State& state, const SourceFile& source, Diagnostics& diags) : s(state), file(source), diags_(diags) {}

  Catalog::State& s;
  const SourceFile& file;
  bool ok() const { return ok_; }

  // ---- the errors and warnings of the catalog (errors.cpp)
  Diagnostic& error(const char* code, syntax::Span span, std::string message);
  Diagnostic& warning(const char* code, syntax::Span span, std::string message);
  /// E0201 (with the tables it could have meant).
  void no_such_table(const syntax::Name& n);
  /// E0202 (with the table's columns).
  void no_such_column(const syntax::Name& n, const syntax::CreateTable& t);
  /// E0211 for a schema other than main and temp; false then.
  bool schema_supported(const syntax::Name& schema);
  /// E0208 for a name starting with sqlite_; true then.
  bool reserved(const syntax::Name& n, const char* what);
  /// E0203 when `n` is taken in its schema (`kind`: "TABLE", "VIEW", "index"...);
  /// true when taken (also when IF NOT EXISTS makes the statement a no-op).
  bool name_taken(const Space& space, const syntax::Name& n, bool if_not_exists, const char* kind);
  /// E0201/E0202 for each issue the resolver found; true when there was one.
  bool report_issues(const Resolver& res);
  /// E0215-E0217: what SQLite refuses when it prepares a data statement, in its words.
  void refused(const char* code, syntax::Span span, std::string message, std::string note);
  /// E0209: the object is of the wrong kind for the statement.
  void wrong_kind(syntax::Span span, std::string message, std::string note = "");
  /// E0210: DROP of a view, index or trigger that does not exist.
  void no_such_object(const syntax::Name& n, const char* kind, const std::vector<std::string>& names);
  /// E0204: a column name the table already has.
  void duplicate_column(const syntax::Name& n);
  /// E0206: CREATE TABLE (or the table after ADD COLUMN) breaks a rule.
  void bad_table(syntax::Span span, std::string message, std::string note = "");
  /// E0205: DROP COLUMN refused.
  void drop_column_refused(const syntax::Name& column, std::string message, std::string note);
  /// E0207: ADD COLUMN refused.
  void add_column_refused(syntax::Span span, std::string message, std::string note);
  /// E0213: a view or trigger reads a missing table, so SQLite refuses the ALTER.
  void schema_broken(const syntax::Name& at, const std::string& what, const std::string& missing);
  /// E0214: a RENAME COLUMN would leave a view or trigger unresolvable.
  void rename_breaks(const syntax::Name& at, const std::string& what, const std::string& issue);
  /// W0101: a TEMP object is not part of the schema.
  void temp_object(const syntax::Name& n, const char* kind);

  std::vector<std::string> table_names() const;

 private:
  Diagnostics& diags_;
  bool ok_ = true;
};

// ---- shared by the handlers (catalog.cpp)

/// Resolves a view's select or a trigger's body on a copy, leaving the
/// definition as it is: the issues, and (when `refs`) the names it reads.
std::vector<ResolveIssue> resolve_copy(const Catalog::State& s, const ViewEntry* v, const TriggerEntry* t,
                                       std::set<std::string>* refs = nullptr);
const std::set<std::string>& refs_of(const Catalog::State& s, const ViewEntry& v);
const std::set<std::string>& refs_of(const Catalog::State& s, const TriggerEntry& t);

/// A view or trigger, by schema and folded name.
struct Reader {
  bool view = false;  // else a trigger
  bool temp = false;
  std::string key;
  std::string name;          // as written
  std::string what() const;  // "view v" / "trigger t"
};
/// The views and triggers (of both schemas) that read the table `key`, directly or through views.
std::vector<Reader> readers_of(const Catalog::State& s, const std::string& key);
/// Resolves a reader as it is now: its issues.
std::vector<ResolveIssue> resolve_reader(const Catalog::State& s, const Reader& r);

/// SQLite checks every view and trigger before it renames a table or a column
/// or drops a column (alter.c, renameTestSchema): false (and E0213) when one
/// reads a table that does not exist.
bool schema_intact(Change& c, const syntax::Name& at);

// ---- the handlers, one per meaning

void create_table(Change& c, const syntax::CreateTable& ct);  // table.cpp
void rename_table(Change& c, const syntax::AlterTable& a);
void add_column(Change& c, const syntax::AlterTable& a);
void rename_column(Change& c, const syntax::AlterTable& a);
void drop_column(Change& c, const syntax::AlterTable& a);
void drop_table(Change& c, const syntax::Drop& d);
/// The checks CREATE TABLE makes of a definition (also run on the table ADD COLUMN makes).
bool validate_table(Change& c, const syntax::CreateTable& t);

void create_virtual_table(Change& c, const syntax::CreateVirtualTable& v);  // virtual.cpp

void create_index(Change& c, const syntax::CreateIndex& ci);  // index.cpp
void drop_index(Change& c, const syntax::Drop& d);

void create_view(Change& c, const syntax::CreateView& v);  // view.cpp
void drop_view(Change& c, const syntax::Drop& d);

void create_trigger(Change& c, const syntax::CreateTrigger& t);  // trigger.cpp
void drop_trigger(Change& c, const syntax::Drop& d);
/// Drops the triggers on `table` of the schema `temp` (a main table's TEMP triggers too).
void drop_triggers_on(Catalog::State& s, const std::string& table, bool temp);

void data_statement(Change& c, const syntax::Statement& st);  // data.cpp
/// E0216 for an ON CONFLICT target that names no PRIMARY KEY or UNIQUE index (upsert.cpp).
void check_upsert_targets(Change& c, const syntax::Insert& ins);
void set_pragma(Change& c, const syntax::Pragma& p);

}  // namespace noormc::model
