#include "model/replay.hpp"

namespace noormc::model {

bool apply_file(Catalog& catalog, const syntax::ParsedFile& parsed, const SourceFile& file, Diagnostics& diags) {
  bool ok = true;
  for (const auto& st : parsed.statements) ok = catalog.apply(*st, file, diags) && ok;
  return ok;
}

ReplayResult replay(const syntax::MigrationSet& set, Diagnostics& diags, size_t upto) {
  ReplayResult r;
  if (diags.has_errors()) r.ok = false;
  for (size_t i = 0; i < set.migrations.size() && i < upto; ++i) {
    const auto& m = set.migrations[i];
    if (!m.up) {
      r.ok = false;
      break;
    }
    if (!apply_file(r.catalog, m.up_parsed, *m.up, diags)) {
      r.ok = false;
      if (i + 1 < set.migrations.size()) {
        diags.add_file(Severity::Note, "", m.up->path(),
                       "later migrations were not replayed because of the errors above");
      }
      return r;
    }
    ++r.applied;
  }
  if (diags.has_errors()) r.ok = false;
  return r;
}

}  // namespace noormc::model
