// Hazards (docs/reference/contract.md#2-the-migrations-folder): statements that SQLite runs but that lose data or
// fail on a database with rows. Warnings W0501-W0507, each silenced for one
// statement by `-- noormc:allow CODE`. See docs/reference/checks.md.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "model/catalog.hpp"
#include "model/schema.hpp"
#include "syntax/ast.hpp"

namespace noormc::checks {

/// "line N": where a statement starts in its file, for a message about another statement.
std::string line_of(const SourceFile& f, const syntax::Statement& st);

/// Watches one file's statements as they are replayed: call before() ahead of
/// Catalog::apply, after() once it ran, and finish() at the end of the file.
/// `up` turns the data-loss hazards on; a down file gets only W0507 (its
/// drops are its job).
class HazardScan {
 public:
  /// `start`: the catalog before the file (a snapshot: it shares the catalog's objects).
  HazardScan(const model::Catalog& start, const SourceFile& file, Diagnostics& diags, bool up);

  void before(const syntax::Statement& st, const model::Catalog& now);
  void after(const syntax::Statement& st, const model::Catalog& now);
  void finish(const model::Catalog& end);

 private:
  /// Rows copied by INSERT INTO target SELECT ... FROM source (a rebuild's copy).
  struct Copy {
    std::string source, target;                    // folded names
    const syntax::Statement* statement = nullptr;  // the INSERT or CREATE TABLE ... AS
    syntax::Span where;                            // its target's name
    std::optional<model::Table> source_table;      // as it was when copied (unknown for TEMP)
    std::set<std::string> copied;                  // folded source columns the SELECT reads
    // Folded target column → the source column it receives as is (a bare column of the SELECT,
    // matched by the INSERT's column list or position): what a rebuild hazard compares.
    std::map<std::string, std::string> mapping;
  };
  struct Pending {
    const syntax::Statement* rename = nullptr;
    std::string detail;
  };

  Diagnostic* warn(const char* code, const std::vector<const syntax::Statement*>& sts, syntax::Span span,
                   std::string message);
  const model::Schema& now_schema(const model::Catalog& now);

  void transaction(const syntax::Other& o);
  void pragma(const syntax::Statement& st, const syntax::Pragma& p);
  void create_table(const syntax::Statement& st, const syntax::CreateTable& ct, const model::Catalog& now);
  void insert(const syntax::Statement& st, const syntax::Insert& ins, const model::Catalog& now);
  bool copy(const syntax::Statement& st, const syntax::Select& select, const syntax::Name& target,
            const model::Catalog& now);
  bool exists(const std::string& name, const model::Catalog& now) const;
  void unfilled_not_null(const syntax::Statement& st, const syntax::Insert& ins, const model::Table& target,
                         const std::string& source);
  void drop_table(const syntax::Statement& st, const syntax::Drop& d, const model::Catalog& now);
  void cascade(const syntax::Statement& drop, const std::string& table, const model::Catalog& now);
  void fk_actions(const syntax::Statement& st, const std::string& parent, const std::string& what,
                  const std::set<std::string>* updated, const model::Catalog& now);
  void data_statement(const syntax::Statement& st, const model::Catalog& now);
  void add_column(const syntax::Statement& st, const syntax::AlterTable& a);
  void default_class(const syntax::Statement& st, const std::string& table, const syntax::ColumnDef& c);
  void rebuilt(const syntax::Statement& drop, const Copy& copy, const model::Catalog& now);
  void new_unique_keys(const Copy& copy, const model::Table& target);
  void map_columns(Copy& copy, const syntax::Select& select, const std::vector<std::string>& targets);
  void alter(const syntax::Statement& st, const syntax::AlterTable& a, const model::Catalog& now);
  void table_renamed(const std::string& from, const std::string& to);
  void create_index(const syntax::Statement& st, const syntax::CreateIndex& ci, const model::Catalog& now);
  void rename_done(const syntax::Statement& st, const model::Catalog& now);

  const model::Catalog start_;  // a snapshot
  const SourceFile& file_;
  Diagnostics& diags_;
  bool up_;
  // Folded current name → the start table it holds the rows of: the start's
  // own tables unless moved_ says otherwise (a rename, a drop, a copy).
  const std::string* origin(const std::string& key) const;
  void set_origin(const std::string& key, std::optional<std::string> start_name);
  std::map<std::string, std::optional<std::string>> moved_;
  std::map<std::string, const syntax::Statement*> creates_;  // CREATE TABLE of this file
  std::set<std::string> alive_;
  // Start table → folded current column name → its name at the start (RENAME COLUMN).
  std::map<std::string, std::map<std::string, std::string>> renamed_columns_;
  std::string start_column(const std::string& start_table, const std::string& column)
      const;  // folded names of tables this file made (TEMP ones included)
  std::vector<Copy> copies_;
  int tx_depth_ = 0;
  bool fk_on_ = true;
  const syntax::Statement* noop_off_ = nullptr;  // PRAGMA foreign_keys=OFF inside a transaction
  const syntax::Statement* enforced_ = nullptr;  // PRAGMA foreign_keys=ON in force (set outside a transaction)
  std::optional<model::Schema> now_;             // this statement's schema, computed on demand
  std::optional<model::Catalog> before_rename_;  // the catalog before the last rename (a snapshot)
  std::map<std::string, std::string> broken_before_;
  std::map<std::string, Pending> pending_;  // views and triggers a rename broke
};

/// Views and triggers that read a missing table or column: "view 'v'" → what it reads.
std::map<std::string, std::string> broken_objects(const model::Catalog& catalog);

}  // namespace noormc::checks
