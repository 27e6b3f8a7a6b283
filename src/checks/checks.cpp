#include "checks/checks.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <memory>
#include <optional>
#include <set>

#include "checks/connection.hpp"
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
  check_connection(parsed, file, start.has_temp_objects(), diags);
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
    // A down runs on a later connection (a rollback), which holds only the TEMP objects it makes itself.
    if (m.down) check_connection(m.down_parsed, *m.down, false, diags);
  }
  before = catalog;  // a snapshot: shares every object with the catalog
  return true;
}

/// Appends the milliseconds since the last lap to a CheckResult's timings.
class Clock {
 public:
  explicit Clock(std::vector<std::pair<std::string, double>>& out) : out_(out) {}
  void lap(std::string stage) {
    auto now = std::chrono::steady_clock::now();
    out_.emplace_back(std::move(stage), std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
  }

 private:
  std::vector<std::pair<std::string, double>>& out_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

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

namespace {

/// Replays the migrations of `set` from the `start`th on into `r`, up to the first whose up fails.
void replay(const syntax::MigrationSet& set, const CheckOptions& options, std::set<std::string>& broken, size_t start,
            CheckResult& r, Diagnostics& diags, ReplayCache* cache) {
  model::Catalog before = r.catalog;
  r.applied = start;
  for (size_t i = start; i < set.migrations.size(); ++i) {
    const auto& m = set.migrations[i];
    for (const Diagnostics* parsed : set.wait_parsed(i)) broken.merge(files_with_errors(*parsed));
    size_t mark = diags.items().size();
    if (!m.up || !check_migration(m, r.catalog, before, options, broken, diags)) {
      r.replayed_all = false;
      if (m.up && i + 1 < set.migrations.size()) {
        diags.add_file(Severity::Note, "", m.up->path(),
                       "later migrations were not replayed because of the errors above");
      }
      break;
    }
    if (cache) {
      auto& items = diags.items();
      cache->record(i, m, broken, r.catalog, {items.begin() + static_cast<std::ptrdiff_t>(mark), items.end()});
    }
    ++r.applied;
  }
}

}  // namespace

CheckResult run_checks(const syntax::MigrationSet& set, const CheckOptions& options, Diagnostics& diags,
                       ReplayCache* cache) {
  CheckResult r;
  Clock clock(r.timings);
  size_t from = diags.items().size();
  std::set<std::string> broken = files_with_errors(diags);
  // noormc.sum is verified on a parsing thread once it has taken every file (the replay is the longer part).
  // The task owns what it writes: the set (whose destruction joins its threads) outlives it.
  auto sum = std::make_shared<Diagnostics>();
  if (set.exists && options.integrity) {
    set.after_parsing([&set, sum, warns = options.missing_sum_warns, memo = cache ? &cache->sum : nullptr] {
      verify_sum(set, *sum, warns, memo);
    });
  }
  clock.lap("noormc.sum");
  r.replayed_all = set.exists;
  Diagnostics replayed;
  size_t start = cache ? cache->resume(set, options, broken, r.catalog, replayed) : 0;
  replay(set, options, broken, start, r, replayed, cache);
  from += set.finish_parsing(diags);  // where load_migrations would have put them
  // What a whole load and a verification first would have reported, in that order.
  auto& items = diags.items();
  for (auto* part : {&sum->items(), &replayed.items()}) {
    items.insert(items.end(), std::make_move_iterator(part->begin()), std::make_move_iterator(part->end()));
  }
  if (cache) cache->replayed(r.applied - start);
  clock.lap("replay (" + std::to_string(start) + " migrations kept, " + std::to_string(r.applied - start) +
            " replayed)");
  if (r.replayed_all) check_semantics(r.catalog, diags);
  explain_double_quotes(diags, from);
  drop_allowed(set, diags, 0);
  if (options.strict) diags.promote_warnings();
  clock.lap("semantics");
  r.schema = r.catalog.schema();
  r.ok = set.exists && !diags.has_errors();
  clock.lap("schema");
  return r;
}

// ---------------------------------------------------------------- ReplayCache

namespace {

bool same_options(const CheckOptions& a, const CheckOptions& b) {
  return a.strict == b.strict && a.integrity == b.integrity && a.missing_sum_warns == b.missing_sum_warns &&
         a.reversibility == b.reversibility;
}

bool broken_file(const std::shared_ptr<SourceFile>& f, const std::set<std::string>& broken) {
  return f && broken.count(f->path()) > 0;
}

}  // namespace

bool ReplayCache::same(const Step& step, const syntax::Migration& m, const std::set<std::string>& broken) const {
  return step.up == m.up && step.down == m.down && step.up_broken == broken_file(m.up, broken) &&
         step.down_broken == broken_file(m.down, broken);
}

size_t ReplayCache::resume(const syntax::MigrationSet& set, const CheckOptions& options,
                           const std::set<std::string>& broken, model::Catalog& catalog, Diagnostics& diags) {
  if (!options_ || !same_options(*options_, options)) steps_.clear();
  options_ = options;
  size_t k = 0;
  while (k < steps_.size() && k < set.migrations.size() && same(steps_[k], set.migrations[k], broken)) ++k;
  while (k > 0 && !steps_[k - 1].after) --k;  // resume after a snapshot
  steps_.resize(k);
  for (const auto& step : steps_) diags.items().insert(diags.items().end(), step.raised.begin(), step.raised.end());
  catalog = k > 0 ? *steps_[k - 1].after : model::Catalog();
  reused_ = k;
  replayed_ = 0;
  return k;
}

void ReplayCache::record(size_t i, const syntax::Migration& m, const std::set<std::string>& broken,
                         const model::Catalog& catalog, std::vector<Diagnostic> raised) {
  steps_.resize(i);
  if (i > 0 && i % kEvery != 0) steps_[i - 1].after.reset();  // keep every kEvery-th snapshot and the last
  Step step{m.up, m.down, broken_file(m.up, broken), broken_file(m.down, broken), std::move(raised), std::nullopt};
  if (!catalog.in_transaction()) step.after = catalog;
  steps_.push_back(std::move(step));
}

}  // namespace noormc::checks
