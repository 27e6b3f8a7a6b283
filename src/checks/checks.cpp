#include "checks/checks.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "checks/hazards.hpp"
#include "checks/quotes.hpp"
#include "checks/reversibility.hpp"
#include "checks/semantics.hpp"

namespace noormc::checks {

namespace {

/// Files with located errors so far (syntax errors): SQLite would stop there.
std::set<std::string> files_with_errors(const Diagnostics& diags) {
  std::set<std::string> out;
  for (const auto& d : diags.items()) {
    if (d.severity == Severity::Error && d.line > 0) out.insert(d.file);
  }
  return out;
}

/// Applies one file's statements with a hazard scan around each.
bool apply_scanned(model::Catalog& catalog, const syntax::ParsedFile& parsed, const SourceFile& file,
                   const model::Catalog& start, bool up, Diagnostics& diags) {
  HazardScan scan(start, file, diags, up);
  bool ok = true;
  for (const auto& st : parsed.statements) {
    scan.before(*st, catalog);
    ok = catalog.apply(*st, file, diags) && ok;
    scan.after(*st, catalog);
  }
  scan.finish(catalog);
  check_default_quotes(parsed, file, diags);
  return ok;
}

/// One migration: its up (with hazards), then its down (reversibility, and
/// the hazards that concern a down). `before` is the model before the up; on
/// return, the model after it. False when the up cannot be applied, which
/// ends the replay as it would in SQLite.
bool check_migration(const syntax::Migration& m, model::Catalog& catalog, model::Catalog& before, const CheckOptions& o,
                     const std::set<std::string>& broken, Diagnostics& diags) {
  size_t errors = diags.error_count();
  bool ok = apply_scanned(catalog, m.up_parsed, *m.up, before, true, diags);
  if (!ok || diags.error_count() > errors || broken.count(m.up->path())) return false;
  if (o.reversibility && !(m.down && broken.count(m.down->path()))) {
    std::optional<HazardScan> scan;
    if (m.down) scan.emplace(catalog, *m.down, diags, false);
    DownHooks hooks{[&](const syntax::Statement& st, const model::Catalog& c) { scan->before(st, c); },
                    [&](const syntax::Statement& st, const model::Catalog& c) { scan->after(st, c); }};
    check_reversible(before, catalog, m, diags, hooks);
    if (m.down) check_default_quotes(m.down_parsed, *m.down, diags);
  }
  before = catalog;  // a snapshot: shares every object with the catalog
  return true;
}

bool inside(const SourceFile& file, const syntax::Statement& st, const Diagnostic& d) {
  Location b = file.locate(st.span.begin), e = file.locate(st.span.end);
  auto key = [](uint32_t line, uint32_t col) { return (uint64_t{line} << 32) | col; };
  uint64_t at = key(d.line, d.column);
  return key(b.line, b.column) <= at && at <= key(e.line, e.column);
}

bool allowed(const SourceFile& file, const syntax::ParsedFile& parsed, const Diagnostic& d) {
  return std::any_of(parsed.statements.begin(), parsed.statements.end(), [&](const auto& st) {
    return std::find(st->allowed.begin(), st->allowed.end(), d.code) != st->allowed.end() && inside(file, *st, d);
  });
}

bool allowed(const syntax::MigrationSet& set, const Diagnostic& d) {
  if (d.severity != Severity::Warning || d.line == 0) return false;
  for (const auto& m : set.migrations) {
    if (m.up && m.up->path() == d.file) return allowed(*m.up, m.up_parsed, d);
    if (m.down && m.down->path() == d.file) return allowed(*m.down, m.down_parsed, d);
  }
  return false;
}

}  // namespace

void drop_allowed(const syntax::MigrationSet& set, Diagnostics& diags, size_t from) {
  auto& items = diags.items();
  auto first = items.begin() + static_cast<std::ptrdiff_t>(std::min(from, items.size()));
  items.erase(std::remove_if(first, items.end(), [&](const Diagnostic& d) { return allowed(set, d); }), items.end());
}

CheckResult run_checks(const syntax::MigrationSet& set, const CheckOptions& options, Diagnostics& diags) {
  CheckResult r;
  size_t from = diags.items().size();
  const std::set<std::string> broken = files_with_errors(diags);
  if (set.exists && options.integrity) verify_sum(set, diags, options.missing_sum_warns);
  r.replayed_all = set.exists;
  model::Catalog before;
  for (size_t i = 0; i < set.migrations.size(); ++i) {
    const auto& m = set.migrations[i];
    if (!m.up || !check_migration(m, r.catalog, before, options, broken, diags)) {
      r.replayed_all = false;
      if (m.up && i + 1 < set.migrations.size()) {
        diags.add_file(Severity::Note, "", m.up->path(),
                       "later migrations were not replayed because of the errors above");
      }
      break;
    }
    ++r.applied;
  }
  if (r.replayed_all) check_semantics(r.catalog, diags);
  explain_double_quotes(diags, from);
  drop_allowed(set, diags, 0);
  if (options.strict) diags.promote_warnings();
  r.schema = r.catalog.schema();
  r.ok = set.exists && !diags.has_errors();
  return r;
}

}  // namespace noormc::checks
