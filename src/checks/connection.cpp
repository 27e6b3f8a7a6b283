#include "checks/connection.hpp"

#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <variant>

#include "checks/hazards.hpp"
#include "checks/sqltext.hpp"
#include "model/pragma.hpp"

namespace noormc::checks {

using syntax::fold;
using syntax::Statement;

namespace {

/// What a PRAGMA does when a migration runs it inside the runner's transaction.
enum class Effect {
  Refused,      // SQLite refuses the assignment there (E0511)
  RefusedAny,   // ... and the query form too
  TempStore,    // refused once the connection has a TEMP object, else a Connection setting
  QueryOnly,    // a Connection setting that also refuses every later write (E0511)
  JournalMode,  // refused or ignored in the WAL mode both runners open the database in (E0511, W0512)
  NoEffect,     // SQLite ignores the change inside a transaction (W0512)
  Process,      // a setting of the whole process (W0512)
  Connection,   // a setting of the connection, kept after COMMIT (W0512)
};

struct PragmaRule {
  Effect effect;
  std::string_view reset;  // Connection: SQLite's default as SQL writes it ("" when there is none)
  std::string_view why;    // SQLite's words when it refuses; what the setting is for otherwise
  std::string_view fix =
      "set it where the app opens the database: createDb({ pragmas: { ... } }) or getDb(), "
      "which apply it to every connection";
};

/// Every PRAGMA with a rule, from pragma.html and pragma.c (SQLite 3.40–3.53).
/// Pragmas not listed change nothing that outlives the migration: queries
/// (table_info, foreign_key_check, ...), settings stored in the database file
/// (user_version, application_id), settings that end with the transaction
/// (defer_foreign_keys), and foreign_keys, which the runners set around each
/// migration themselves (W0507).
const std::map<std::string, PragmaRule, std::less<>>& rules() {
  static const std::map<std::string, PragmaRule, std::less<>> table = {
      {"synchronous",
       {Effect::Refused, "", "Safety level may not be changed inside a transaction",
        "the noormme runtime opens databases with synchronous=NORMAL; to change it, set it in createDb({ pragmas: "
        "{ synchronous: ... } })"}},
      {"wal_checkpoint",
       {Effect::RefusedAny, "", "database table is locked",
        "SQLite checkpoints the WAL on its own (wal_autocheckpoint); run PRAGMA wal_checkpoint outside the "
        "migrations"}},
      {"temp_store", {Effect::TempStore, "DEFAULT", "temporary storage cannot be changed from within a transaction"}},
      {"query_only", {Effect::QueryOnly, "OFF", "refuses every write"}},
      {"journal_mode",
       {Effect::JournalMode, "WAL", "cannot change out of wal mode from within a transaction",
        "a database's journal mode is not part of its schema: set it where the app opens the database "
        "(createDb({ pragmas: { journal_mode: ... } }))"}},
      {"page_size",
       {Effect::NoEffect, "",
        "every migration runs inside a transaction, and a new page size takes effect only at VACUUM, "
        "which SQLite refuses there"}},
      {"auto_vacuum",
       {Effect::NoEffect, "",
        "every migration runs inside a transaction, and on a database with tables a new mode takes effect "
        "only at VACUUM, which SQLite refuses there"}},
      {"encoding",
       {Effect::NoEffect, "",
        "the database exists before the first migration runs, and SQLite sets the encoding only when it "
        "creates one"}},
      {"hard_heap_limit", {Effect::Process, "", "sqlite3_hard_heap_limit64()"}},
      {"soft_heap_limit", {Effect::Process, "", "sqlite3_soft_heap_limit64()"}},
      {"temp_store_directory", {Effect::Process, "", "the sqlite3_temp_directory global variable"}},
      {"data_store_directory", {Effect::Process, "", "the sqlite3_data_directory global variable"}},
      {"case_sensitive_like", {Effect::Connection, "OFF", "how LIKE compares letters"}},
      {"ignore_check_constraints", {Effect::Connection, "OFF", "whether CHECK constraints are enforced"}},
      {"recursive_triggers", {Effect::Connection, "OFF", "whether triggers fire recursively"}},
      {"reverse_unordered_selects", {Effect::Connection, "OFF", "the order of rows without ORDER BY"}},
      {"full_column_names", {Effect::Connection, "OFF", "the names of result columns"}},
      {"short_column_names", {Effect::Connection, "ON", "the names of result columns"}},
      {"count_changes", {Effect::Connection, "OFF", "what INSERT, UPDATE and DELETE return"}},
      {"empty_result_callbacks", {Effect::Connection, "OFF", "what a query without rows returns"}},
      {"writable_schema", {Effect::Connection, "OFF", "whether sqlite_schema can be written"}},
      {"trusted_schema", {Effect::Connection, "ON", "which functions the schema may call"}},
      {"legacy_alter_table", {Effect::Connection, "OFF", "what ALTER TABLE RENAME does to views and triggers"}},
      {"read_uncommitted", {Effect::Connection, "OFF", "the isolation of shared-cache reads"}},
      {"locking_mode", {Effect::Connection, "NORMAL", "whether other connections can use the database"}},
      {"cell_size_check", {Effect::Connection, "OFF", "how pages are checked as they are read"}},
      {"automatic_index", {Effect::Connection, "ON", "how queries are planned"}},
      {"cache_spill", {Effect::Connection, "ON", "when the page cache spills to the file"}},
      {"fullfsync", {Effect::Connection, "OFF", "how the file is synced"}},
      {"checkpoint_fullfsync", {Effect::Connection, "OFF", "how checkpoints are synced"}},
      {"cache_size", {Effect::Connection, "", "the page cache's size"}},
      {"mmap_size", {Effect::Connection, "", "how much of the file is memory-mapped"}},
      {"busy_timeout", {Effect::Connection, "", "how long a locked database is waited for"}},
      {"threads", {Effect::Connection, "", "how many helper threads a sort may use"}},
      {"analysis_limit", {Effect::Connection, "", "how much of each index ANALYZE reads"}},
      {"journal_size_limit", {Effect::Connection, "", "how large the journal may stay"}},
      {"wal_autocheckpoint", {Effect::Connection, "", "how often the WAL is checkpointed"}},
      {"max_page_count", {Effect::Connection, "", "how large the database may grow"}},
      // OFF: better-sqlite3 builds without SQLITE_SECURE_DELETE (deps/defines.gypi; Debian's libsqlite3 has it).
      {"secure_delete", {Effect::Connection, "OFF", "whether deleted content is overwritten"}},
  };
  return table;
}

/// A keyword setting's value as SQLite compares it, lowercased (temp_store's
/// and locking_mode's defaults are also 0).
std::string normal(const std::string& value) {
  std::string f = fold(value);
  if (f == "default" || f == "normal") return "0";  // temp_store, locking_mode
  return f;
}

/// Whether `value` sets the PRAGMA back to `reset`, SQLite's default: a
/// boolean (reset ON or OFF) as sqlite3GetBoolean reads it, else as a keyword.
bool resets(const std::string& value, std::string_view reset) {
  if (reset.empty()) return false;
  if (syntax::same_name(reset, "on") || syntax::same_name(reset, "off")) {
    return model::pragma_boolean(value) == model::pragma_boolean(reset);
  }
  return normal(value) == normal(std::string(reset));
}

std::string created_name(const syntax::StatementBody& body) {
  if (const auto* t = std::get_if<syntax::CreateTable>(&body)) return t->name.text;
  if (const auto* v = std::get_if<syntax::CreateView>(&body)) return v->name.text;
  if (const auto* g = std::get_if<syntax::CreateTrigger>(&body)) return g->name.text;
  return "";
}

bool creates_temp(const syntax::StatementBody& body) {
  auto temp = [](bool flag, const syntax::Name& schema) { return flag || syntax::same_name(schema.text, "temp"); };
  if (const auto* t = std::get_if<syntax::CreateTable>(&body)) return temp(t->temp, t->schema);
  if (const auto* v = std::get_if<syntax::CreateView>(&body)) return temp(v->temp, v->schema);
  if (const auto* g = std::get_if<syntax::CreateTrigger>(&body)) return temp(g->temp, g->schema);
  return false;
}

/// Statements that write to a database file, which PRAGMA query_only=ON refuses
/// ("attempt to write a readonly database"). A DROP ... IF EXISTS may find nothing to drop.
bool writes(const syntax::StatementBody& body) {
  if (const auto* d = std::get_if<syntax::Drop>(&body)) return !d->if_exists;
  if (const auto* p = std::get_if<syntax::Pragma>(&body)) {
    return p->value &&
           (syntax::same_name(p->name.text, "user_version") || syntax::same_name(p->name.text, "application_id"));
  }
  return std::holds_alternative<syntax::CreateTable>(body) || std::holds_alternative<syntax::AlterTable>(body) ||
         std::holds_alternative<syntax::CreateIndex>(body) || std::holds_alternative<syntax::CreateView>(body) ||
         std::holds_alternative<syntax::CreateTrigger>(body) ||
         std::holds_alternative<syntax::CreateVirtualTable>(body) || std::holds_alternative<syntax::Insert>(body) ||
         std::holds_alternative<syntax::Update>(body) || std::holds_alternative<syntax::Delete>(body);
}

/// The object a statement writes to, when it names one: (schema, name).
std::pair<const syntax::Name*, const syntax::Name*> target(const syntax::StatementBody& body) {
  if (const auto* a = std::get_if<syntax::AlterTable>(&body)) return {&a->schema, &a->table};
  if (const auto* i = std::get_if<syntax::CreateIndex>(&body)) return {&i->schema, &i->table};
  if (const auto* d = std::get_if<syntax::Drop>(&body)) return {&d->schema, &d->name};
  if (const auto* n = std::get_if<syntax::Insert>(&body)) return {&n->schema, &n->table};
  if (const auto* u = std::get_if<syntax::Update>(&body)) return {&u->schema, &u->table};
  if (const auto* d = std::get_if<syntax::Delete>(&body)) return {&d->schema, &d->table};
  if (const auto* p = std::get_if<syntax::Pragma>(&body)) return {&p->schema, nullptr};
  return {nullptr, nullptr};
}

/// A statement that may change a page of the main database (an
/// over-approximation: ANALYZE writes sqlite_stat1, REINDEX the indexes): a write that is
/// not to a TEMP object (`temp`: the folded names of the file's TEMP objects,
/// whose pages are the temp database's).
bool may_write_main(const syntax::StatementBody& body, const std::set<std::string>& temp) {
  const auto* other = std::get_if<syntax::Other>(&body);
  bool may = writes(body) || std::holds_alternative<syntax::Drop>(body) ||  // DROP ... IF EXISTS of one that exists
             (other && (other->keyword == "ANALYZE" || other->keyword == "REINDEX"));
  if (!may || creates_temp(body)) return false;
  auto [schema, name] = target(body);
  if (schema && syntax::same_name(schema->text, "temp")) return false;
  return !(name && temp.count(fold(name->text)));
}

/// One that surely does (SQLite then keeps its journal mode,
/// sqlite3PagerOkToChangeJournalMode). An UPDATE, a DELETE, an INSERT ...
/// SELECT or OR IGNORE, and anything IF (NOT) EXISTS may change nothing.
bool surely_writes_main(const syntax::StatementBody& body, const std::set<std::string>& temp) {
  if (!may_write_main(body, temp)) return false;
  if (const auto* t = std::get_if<syntax::CreateTable>(&body)) return !t->if_not_exists;
  if (const auto* v = std::get_if<syntax::CreateView>(&body)) return !v->if_not_exists;
  if (const auto* g = std::get_if<syntax::CreateTrigger>(&body)) return !g->if_not_exists;
  if (const auto* x = std::get_if<syntax::CreateVirtualTable>(&body)) return !x->if_not_exists;
  if (const auto* i = std::get_if<syntax::CreateIndex>(&body)) return !i->if_not_exists;
  if (const auto* n = std::get_if<syntax::Insert>(&body)) {
    return !n->values.empty() && n->verb.find("IGNORE") == std::string::npos;
  }
  if (const auto* d = std::get_if<syntax::Drop>(&body)) return !d->if_exists;
  return std::holds_alternative<syntax::AlterTable>(body) || std::holds_alternative<syntax::Pragma>(body);
}

/// Whether `sql` (normalised: no comments) names `schema` (folded) as the
/// schema of an object, `schema.name`, in any of SQLite's quoting styles.
bool names_schema(std::string_view sql, const std::string& schema) {
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    std::string word;
    if (c == '\'') {  // a string literal: skip it ('' inside)
      for (++i; i < sql.size(); ++i) {
        if (sql[i] == '\'' && (i + 1 >= sql.size() || sql[++i] != '\'')) break;
      }
      continue;
    }
    if (c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      for (++i; i < sql.size(); ++i) {
        if (sql[i] != close)
          word += sql[i];
        else if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close)
          word += sql[++i];
        else
          break;
      }
      ++i;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80)) {
      while (i < sql.size() &&
             (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' || sql[i] == '$' || (sql[i] & 0x80))) {
        word += sql[i++];
      }
    } else {
      ++i;
      continue;
    }
    size_t j = i < sql.size() && sql[i] == ' ' ? i + 1 : i;
    if (j < sql.size() && sql[j] == '.' && fold(word) == schema) return true;
  }
  return false;
}

/// Walks one file in order, keeping the connection state SQLite keeps.
class ConnectionScan {
 public:
  ConnectionScan(const SourceFile& file, bool temp_open, Diagnostics& diags)
      : file_(file), temp_(temp_open ? "an earlier migration" : ""), diags_(diags) {}

  void statement(const Statement& st) {
    if (st.explain) return;
    if (query_only_ && writes(st.body)) refused_write(st);
    if (creates_temp(st.body) && temp_.empty()) temp_ = line_of(file_, st);
    if (const auto* v = std::get_if<syntax::Other>(&st.body); v && v->keyword == "VACUUM") {
      error(st, in_transaction("VACUUM", "cannot VACUUM from within a transaction"),
            "run VACUUM outside the migrations, after migrating (sqlite3 app.db 'VACUUM')");
    }
    if (const auto* p = std::get_if<syntax::Pragma>(&st.body)) pragma(st, *p);
    const auto* o = std::get_if<syntax::Other>(&st.body);
    if (o && o->keyword == "ATTACH") attach(st, *o);
    if (o && o->keyword == "DETACH") detach(st, *o);
    if (!o || (o->keyword != "ATTACH" && o->keyword != "DETACH")) uses_attached(st);
    if (!may_have_written_ && may_write_main(st.body, temp_names_)) may_have_written_ = &st;
    if (!wrote_ && surely_writes_main(st.body, temp_names_)) wrote_ = &st;
    if (creates_temp(st.body)) temp_names_.insert(fold(created_name(st.body)));
  }

  /// What is left in force when the file ends.
  void finish() {
    if (query_only_) {
      error(*query_only_,
            "PRAGMA query_only=ON is still in force when the migration ends: the runner then records the migration "
            "in noormc_migrations, and SQLite refuses that write (attempt to write a readonly database)",
            "set PRAGMA query_only=OFF before the migration ends");
    }
    for (const auto& [name, at] : kept_) kept(name, *at.first, *at.second);
    for (const auto& [name, at] : attached_) {
      const auto& o = std::get<syntax::Other>(at.statement->body);
      warning(*at.statement,
              "database " + o.name.text + " stays attached after the migration, to the connection that ran it " +
                  "(with db.migrate(), your app's): its tables then answer unqualified names that main and temp "
                  "do not have",
              "DETACH " + o.name.text +
                  " before the migration ends, before any statement uses it: SQLite refuses to detach a "
                  "database the transaction has read or written (\"database " +
                  o.name.text + " is locked\")");
    }
  }

 private:
  /// attach.c, attachFunc: the name must be free (main, temp and attached names compare case-insensitively).
  void attach(const Statement& st, const syntax::Other& o) {
    std::string name = fold(o.name.text);
    if (name == "main" || name == "temp" || attached_.count(name)) {
      error(st, "SQLite refuses this ATTACH (database " + o.name.text + " is already in use)",
            "attach it under a name that main, temp and the databases attached before do not have");
      return;
    }
    attached_[name] = {&st, false};
  }

  /// attach.c, detachFunc: main and temp stay; a database the transaction has
  /// used is locked, and every migration runs in one (BEGIN IMMEDIATE, which
  /// also locks every database attached before it).
  void detach(const Statement& st, const syntax::Other& o) {
    std::string name = fold(o.name.text), what = o.name.text;
    auto it = attached_.find(name);
    std::string words = name == "main" || (name == "temp" && !temp_.empty()) ? "cannot detach database " + what
                        : it == attached_.end()                              ? "no such database: " + what
                        : it->second.used                                    ? "database " + what + " is locked"
                                                                             : "";
    if (!words.empty() && it != attached_.end()) {
      error(st, in_transaction("DETACH " + what + " after a statement that used it", words),
            "leave it attached, or read the other database outside the migrations");
    } else if (!words.empty()) {
      std::string earlier = name == "main" || name == "temp"
                                ? ""
                                : "; attached by an earlier migration of the same run, it is locked by the "
                                  "runner's BEGIN IMMEDIATE (\"database " +
                                      what + " is locked\")";
      error(st, "SQLite refuses this DETACH (" + words + ")" + earlier,
            "detach only a database this migration attached, before any statement uses it");
    }
    if (it != attached_.end()) attached_.erase(it);
  }

  void uses_attached(const Statement& st) {
    if (attached_.empty()) return;
    std::string sql =
        normalize_statement(std::string_view(file_.text()).substr(st.span.begin, st.span.end - st.span.begin));
    for (auto& [name, at] : attached_) at.used = at.used || names_schema(sql, name);
  }

  void pragma(const Statement& st, const syntax::Pragma& p) {
    std::string name = fold(p.name.text);
    auto it = rules().find(name);
    if (it == rules().end()) return;
    const PragmaRule& r = it->second;
    if (r.effect == Effect::RefusedAny || (r.effect == Effect::Refused && p.value)) {
      error(st, in_transaction("PRAGMA " + p.name.text, r.why), std::string(r.fix));
      return;
    }
    if (!p.value) return;
    bool reset = resets(*p.value, r.reset);
    if (r.effect == Effect::TempStore && !temp_.empty()) {
      error(st, in_transaction("PRAGMA temp_store", r.why) + "; the connection has a TEMP object since " + temp_,
            std::string(r.fix));
      return;
    }
    if (r.effect == Effect::JournalMode) {
      journal_mode(st, p, r);
    } else if (r.effect == Effect::QueryOnly) {
      query_only_ = reset ? nullptr : &st;
    } else if (r.effect == Effect::NoEffect || r.effect == Effect::Process) {
      warn_now(st, p, r);
    } else if (reset) {
      kept_.erase(name);
    } else {
      kept_[name] = {&st, &r};
    }
  }

  /// Both runners open the database in WAL mode (the runtime's DEFAULT_PRAGMAS; `noormc migrate` likewise).
  /// Inside a transaction SQLite then keeps WAL: asked for another mode before the transaction has written, it
  /// refuses (vdbe.c, OP_JournalMode); after, it ignores the change (sqlite3PagerOkToChangeJournalMode).
  void journal_mode(const Statement& st, const syntax::Pragma& p, const PragmaRule& r) {
    std::string what = "PRAGMA journal_mode=" + *p.value;
    if (normal(*p.value) == "wal") return;  // what the runners set already: a no-op, as in the sqlite3 shell
    if (!may_have_written_) {
      error(st, in_transaction(what, r.why) + "; both runners open the database in WAL mode", std::string(r.fix));
    } else if (wrote_) {
      warning(st,
              what + " does nothing: both runners open the database in WAL mode, and SQLite keeps it once the " +
                  "migration has written (" + line_of(file_, *wrote_) + ")",
              std::string(r.fix));
    } else {
      warning(st,
              what + " does nothing: both runners open the database in WAL mode, and SQLite refuses to leave it " +
                  "inside a transaction (" + std::string(r.why) + ") unless " + line_of(file_, *may_have_written_) +
                  " has written to the database, and then keeps it",
              std::string(r.fix));
    }
  }

  void warning(const Statement& st, std::string message, std::string note) {
    diags_.add(Severity::Warning, "W0512", file_, st.span.begin, st.span.end, std::move(message))
        .notes.push_back(std::move(note));
  }

  static std::string in_transaction(const std::string& what, std::string_view words) {
    return "SQLite refuses " + what + " inside a transaction (" + std::string(words) +
           "), and every migration runs inside one";
  }

  void error(const Statement& st, std::string message, std::string fix) {
    diags_.add(Severity::Error, "E0511", file_, st.span.begin, st.span.end, std::move(message))
        .notes.push_back(std::move(fix));
  }

  void refused_write(const Statement& st) {
    error(st,
          "PRAGMA query_only=ON (" + line_of(file_, *query_only_) +
              ") is in force: SQLite refuses this write (attempt to write a readonly database)",
          "set PRAGMA query_only=OFF before it");
  }

  void warn_now(const Statement& st, const syntax::Pragma& p, const PragmaRule& r) {
    if (r.effect == Effect::Process) {
      warning(st,
              "PRAGMA " + p.name.text + " sets a limit of the whole process that runs the migration (" +
                  std::string(r.why) + "): with db.migrate() that is your app's server, for every database it opens",
              "remove it from the migration; set process limits where the app starts");
    } else {
      warning(
          st,
          "PRAGMA " + p.name.text + "=" + *p.value + " does nothing when a migration runs it: " + std::string(r.why),
          "a setting of the database file belongs outside the migrations (sqlite3 app.db 'PRAGMA ...; VACUUM')");
    }
  }

  void kept(const std::string& name, const Statement& st, const PragmaRule& r) {
    const auto& p = std::get<syntax::Pragma>(st.body);
    std::string undo = r.reset.empty() ? ""
                                       : "; or set it back (PRAGMA " + name + "=" + std::string(r.reset) +
                                             ") before the migration ends";
    warning(st,
            "PRAGMA " + p.name.text + "=" + *p.value + " stays in force after the migration: it sets " +
                std::string(r.why) +
                " on the connection that ran it (with db.migrate(), your app's), and on no other connection",
            std::string(r.fix) + undo);
  }

  const SourceFile& file_;
  std::string temp_;  // where the connection got its first TEMP object ("" when it has none)
  Diagnostics& diags_;
  const Statement* query_only_ = nullptr;        // PRAGMA query_only=ON in force
  const Statement* wrote_ = nullptr;             // the first statement that surely writes to main
  const Statement* may_have_written_ = nullptr;  // the first that may
  std::set<std::string> temp_names_;             // TEMP objects made by the file (folded)
  std::map<std::string, std::pair<const Statement*, const PragmaRule*>> kept_;
  struct Attached {
    const Statement* statement;
    bool used;  // a later statement named it as a schema: SQLite then holds it in the transaction
  };
  std::map<std::string, Attached> attached_;  // attached by the file, not detached (folded names)
};

}  // namespace

void check_connection(const syntax::ParsedFile& parsed, const SourceFile& file, bool temp_open, Diagnostics& diags) {
  ConnectionScan scan(file, temp_open, diags);
  for (const auto& st : parsed.statements) scan.statement(*st);
  scan.finish();
}

}  // namespace noormc::checks
