// Every error and warning the catalog raises, with its words and its notes
// (docs/reference/checks.md lists the codes).
#include <algorithm>

#include "model/change.hpp"
#include "model/derive.hpp"

namespace noormc::model {

using syntax::fold;
using syntax::Name;
using syntax::same_name;

Diagnostic& Change::error(const char* code, syntax::Span span, std::string message) {
  ok_ = false;
  return diags_.add(Severity::Error, code, file, span.begin, span.end, std::move(message));
}

Diagnostic& Change::warning(const char* code, syntax::Span span, std::string message) {
  return diags_.add(Severity::Warning, code, file, span.begin, span.end, std::move(message));
}

std::vector<std::string> Change::table_names() const {
  std::vector<std::string> out;
  for (const Space* sp : {&s.main, &s.temp}) {
    for (const auto& [k, e] : sp->tables) out.push_back(e->def.name.text);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return fold(a) < fold(b); });
  return out;
}

void Change::no_such_table(const Name& n) {
  auto& d = error("E0201", n.span, "no such table '" + n.text + "'");
  d.notes.push_back(did_you_mean_note(n.text, table_names(), "tables"));
}

void Change::no_such_column(const Name& n, const syntax::CreateTable& t) {
  auto& d = error("E0202", n.span, "no such column '" + n.text + "' in table '" + t.name.text + "'");
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name.text);
  d.notes.push_back(did_you_mean_note(n.text, names, "columns"));
}

bool Change::schema_supported(const Name& schema) {
  if (schema.empty() || same_name(schema.text, "main") || same_name(schema.text, "temp")) return true;
  error("E0211", schema.span, "schema '" + schema.text + "' is not supported")
      .notes.push_back("migrations describe the main database; drop the '" + schema.text + ".' prefix");
  return false;
}

bool Change::reserved(const Name& n, const char* what) {
  if (!reserved_name(n.text)) return false;
  error("E0208", n.span, "object name reserved for internal use: " + n.text)
      .notes.push_back(std::string("choose another ") + what + " name; SQLite owns names starting with sqlite_");
  return true;
}

bool Change::name_taken(const Space& space, const Name& n, bool if_not_exists, const char* kind) {
  std::string key = fold(n.text);
  const bool index = std::string(kind) == "index";
  if (space.tables.has(key) || space.views.has(key)) {
    if (if_not_exists && !index) return true;
    const char* what = space.views.has(key) ? "view" : "table";
    if (index) {
      error("E0203", n.span, std::string("there is already a ") + what + " named '" + n.text + "'");
    } else {
      error("E0203", n.span, std::string(what) + " '" + n.text + "' already exists")
          .notes.push_back(std::string("use CREATE ") + kind + " IF NOT EXISTS, or pick another name");
    }
    return true;
  }
  if (space.index_table->count(key)) {
    if (if_not_exists && index) return true;
    error("E0203", n.span,
          index ? "index '" + n.text + "' already exists" : "there is already an index named '" + n.text + "'");
    return true;
  }
  return false;
}

bool Change::report_issues(const Resolver& res) {
  for (const auto& is : res.issues) {
    auto& d = error(is.table ? "E0201" : "E0202", is.span, is.message);
    if (is.table) {
      d.notes.push_back(did_you_mean_note(is.name, table_names(), "tables"));
    } else if (!is.candidates.empty()) {
      d.notes.push_back(did_you_mean_note(is.name, is.candidates, "columns"));
    } else if (is.message.find('.') != std::string::npos) {
      d.notes.push_back(
          "its qualifier names no table or alias in scope here: RETURNING reads only the target table, by its own "
          "name; `excluded.` exists only in an upsert's DO UPDATE, NEW and OLD only in a trigger");
    } else {
      d.notes.push_back("no table in scope here has this column");
    }
    if (is.quote == '"') {
      d.notes.push_back("\"" + is.name + "\" is a name in SQL; a string takes single quotes: '" + is.name +
                        "' (better-sqlite3 is built with SQLITE_DQS=0 and never reads \"...\" as a string)");
    }
  }
  return !res.issues.empty();
}

void Change::refused(const char* code, syntax::Span span, std::string message, std::string note) {
  auto& d = error(code, span, std::move(message));
  d.notes.push_back("SQLite refuses this statement when it prepares it; " + std::move(note));
}

void Change::wrong_kind(syntax::Span span, std::string message, std::string note) {
  auto& d = error("E0209", span, std::move(message));
  if (!note.empty()) d.notes.push_back(std::move(note));
}

void Change::no_such_object(const Name& n, const char* kind, const std::vector<std::string>& names) {
  auto& d = error("E0210", n.span, std::string("no such ") + kind + " '" + n.text + "'");
  std::string plural = std::string(kind) == "index" ? "indexes" : std::string(kind) + "s";
  d.notes.push_back(did_you_mean_note(n.text, names, plural));
}

void Change::duplicate_column(const Name& n) {
  error("E0204", n.span, "duplicate column name '" + n.text + "'");
}

void Change::bad_table(syntax::Span span, std::string message, std::string note) {
  auto& d = error("E0206", span, std::move(message));
  if (!note.empty()) d.notes.push_back(std::move(note));
}

void Change::drop_column_refused(const Name& column, std::string message, std::string note) {
  error("E0205", column.span, std::move(message)).notes.push_back(std::move(note));
}

void Change::add_column_refused(syntax::Span span, std::string message, std::string note) {
  error("E0207", span, std::move(message)).notes.push_back(std::move(note));
}

void Change::schema_broken(const Name& at, const std::string& what, const std::string& missing) {
  auto& d = error("E0213", at.span, "error in " + what + ": no such table: main." + missing);
  d.notes.push_back(
      "SQLite checks every view and trigger when a table or column is renamed or a column is dropped; "
      "drop or re-create " +
      what + " before this statement");
}

void Change::rename_breaks(const Name& at, const std::string& what, const std::string& issue) {
  auto& d = error("E0214", at.span, "error in " + what + " after rename: " + issue);
  d.notes.push_back("SQLite refuses this rename: " + what +
                    " reads the column by its old name through a view; "
                    "drop " +
                    what + " first and create it again after the rename");
}

void Change::temp_object(const Name& n, const char* kind) {
  auto& d = warning("W0101", n.span, std::string("TEMP ") + kind + " '" + n.text + "' is not part of the schema");
  if (std::string(kind) == "table") {
    d.notes.push_back(
        "a temporary table lives only in one connection; later statements of the migration "
        "can use it, the generated code cannot");
  }
}

}  // namespace noormc::model
