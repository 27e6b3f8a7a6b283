// check, hash, new, sql: see docs/reference/checks.md.
#include <ctime>
#include <iostream>

#include "checks/checks.hpp"
#include "checks/scaffold.hpp"
#include "checks/sqltext.hpp"
#include "cli/commands.hpp"
#include "emit/auth_migration.hpp"
#include "model/replay.hpp"

namespace noormc::cli {

namespace {

int finish(Diagnostics& diags, const Options& o, int code) {
  print_diagnostics(diags, o);
  return code;
}

std::string plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

int run_check(const Options& o, bool strict) {
  Diagnostics diags;
  checks::CheckOptions options;
  options.strict = strict;
  auto verdict = judge_cached(o, options, diags);
  if (!verdict.exists) return finish(diags, o, kInputError);
  print_diagnostics(diags, o);
  if (!o.quiet && o.format == "text") {
    std::cerr << "checked " << plural(verdict.judgement.migrations, "migration") << ": "
              << plural(diags.error_count(), "error") << ", " << plural(diags.warning_count(), "warning") << "\n";
  }
  bool ok = verdict.judgement.ok;
  leave_to_exit(std::move(verdict));
  return ok ? kOk : kInputError;
}

int run_hash(const Options& o) {
  Diagnostics diags;
  auto set = syntax::load_migrations(o.migrations, diags);
  if (!set.exists) return finish(diags, o, kInputError);
  auto written = checks::write_sum(set, diags);
  if (written == checks::SumWrite::Failed) return finish(diags, o, kInternal);
  print_diagnostics(diags, o);
  if (!o.quiet && o.format == "text") {
    std::string path = syntax::display_path(o.migrations, "noormc.sum");
    size_t files = checks::sum_files(set).size();
    std::cout << (written == checks::SumWrite::Written ? "wrote " : "unchanged: ") << path << " ("
              << plural(files, "file") << ")\n";
  }
  return kOk;
}

std::string suggested_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (ok)
      out.push_back(l);
    else if (!out.empty() && out.back() != '_')
      out.push_back('_');
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

/// The Auth.js tables and columns the schema lacks (emit/auth_migration.hpp).
bool auth_content(const Options& o, checks::ContentFor& content, Diagnostics& diags) {
  Diagnostics ignored;
  auto set = syntax::load_migrations(o.migrations, ignored);
  model::Schema schema;
  if (set.exists) schema = model::replay(set, ignored).catalog.schema();
  auto made = emit::auth_migration(schema, set.exists ? &set : nullptr, diags);
  if (!made) return false;
  content = [made](const std::string&) { return checks::MigrationContent{made->up, made->down}; };
  return true;
}

int run_new(const Options& o, const std::string& name, bool empty, bool auth) {
  if (!checks::valid_migration_name(name)) {
    std::cerr << "error: migration name '" << name << "' must match [a-z0-9_]+\n";
    std::string s = suggested_name(name);
    if (!s.empty()) std::cerr << "  note: e.g. noormc new " << s << "\n";
    return kUsage;
  }
  Diagnostics diags;
  checks::ContentFor content = [empty](const std::string& id) { return checks::skeleton(id, empty); };
  if (auth && !auth_content(o, content, diags)) return finish(diags, o, kInputError);
  auto created = checks::create_migration(o.migrations, name, content, std::time(nullptr), diags);
  if (!created.ok) return finish(diags, o, created.io_error ? kInternal : kInputError);
  print_diagnostics(diags, o);
  if (!o.quiet) {
    for (const auto& f : created.files) std::cout << "created " << f << "\n";
  }
  return kOk;
}

int run_sql(const Options& o, const std::string& name, bool down) {
  Diagnostics diags;
  auto set = syntax::load_migrations(o.migrations, diags);
  if (!set.exists) return finish(diags, o, kInputError);
  Diagnostics find;
  const syntax::Migration* m = checks::find_migration(set, name, find);
  if (!m) return finish(find, o, kInputError);
  const SourceFile* file = down ? m->down.get() : m->up.get();
  if (!file) {
    find.add_at_start(Severity::Error, "E0703", *m->up, "migration " + m->id + " has no down file")
        .notes.push_back(m->declared_irreversible ? "its up file declares it irreversible"
                                                  : "add " + m->id + ".down.sql");
    return finish(find, o, kInputError);
  }
  Diagnostics own;
  for (const auto& d : diags.items()) {
    if (d.file == file->path()) own.items().push_back(d);
  }
  if (own.has_errors()) return finish(own, o, kInputError);
  std::cout << checks::normalized_sql(down ? m->down_parsed : m->up_parsed, *file);
  return kOk;
}

}  // namespace

void add_check_commands(CLI::App& app, Options& o, std::vector<Command>& out) {
  auto* check = app.add_subcommand("check", "conflicts, integrity, hazards, semantics and reversibility");
  add_common_options(check, o);
  auto strict = std::make_shared<bool>(false);
  check->add_flag("--strict", *strict, "treat warnings (a missing down file included) as errors");
  out.push_back({check, [&o, strict] { return run_check(o, *strict); }});

  auto* hash = app.add_subcommand("hash", "rewrite noormc.sum after reviewing the migrations");
  add_common_options(hash, o);
  out.push_back({hash, [&o] { return run_hash(o); }});

  auto* made = app.add_subcommand("new", "write the next-numbered up/down migration pair");
  add_common_options(made, o);
  auto name = std::make_shared<std::string>();
  auto empty = std::make_shared<bool>(false);
  made->add_option("name", *name, "the migration's name: [a-z0-9_]+")->required();
  made->add_flag("--empty", *empty, "write empty files, without the comment skeleton");
  auto auth = std::make_shared<bool>(false);
  made->add_flag("--auth", *auth,
                 "write the Auth.js tables (users, accounts, sessions, verification_tokens, authenticators)");
  out.push_back({made, [&o, name, empty, auth] { return run_new(o, *name, *empty, *auth); }});

  auto* sql = app.add_subcommand("sql", "print one migration's statements, normalised");
  add_common_options(sql, o);
  auto which = std::make_shared<std::string>();
  auto down = std::make_shared<bool>(false);
  sql->add_option("name", *which, "id (0002_add_posts), prefix (0002) or name (add_posts)")->required();
  sql->add_flag("--down", *down, "the down file instead of the up");
  out.push_back({sql, [&o, which, down] { return run_sql(o, *which, *down); }});
}

}  // namespace noormc::cli
