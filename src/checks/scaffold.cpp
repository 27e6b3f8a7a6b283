#include "checks/scaffold.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "checks/sum.hpp"

namespace noormc::checks {

namespace fs = std::filesystem;

namespace {

/// Adds one to a string of decimal digits.
std::string increment(std::string digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return digits;
    }
    digits[i] = '0';
  }
  return "1" + digits;
}

std::string timestamp(std::time_t now) {
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

bool write_new(const fs::path& p, const std::string& text) {
  if (fs::exists(p)) return false;
  std::ofstream out(p, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

bool parseable_sum(const std::string& dir, Diagnostics& diags) {
  std::ifstream in(sum_path(dir), std::ios::binary);
  if (!in) return true;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  SourceFile file(syntax::display_path(dir, "noormc.sum"), text);
  size_t errors = diags.error_count();
  SumFile sum = parse_sum(file, diags);
  return diags.error_count() == errors && !sum.conflict;
}

}  // namespace

bool valid_migration_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string next_prefix(const syntax::MigrationSet& set, std::time_t now) {
  if (set.migrations.empty()) return "0001";
  std::string last = set.migrations.back().prefix;
  for (const auto& m : set.migrations) {
    if (syntax::compare_prefix(m.prefix, last) > 0) last = m.prefix;
  }
  if (last.size() == 14) {
    std::string ts = timestamp(now);
    return syntax::compare_prefix(ts, last) > 0 ? ts : increment(last);
  }
  std::string next = increment(last);
  while (next.size() < 4) next = "0" + next;
  return next;
}

MigrationContent skeleton(const std::string& id, bool empty) {
  if (empty) return {};
  MigrationContent c;
  c.up = "-- " + id +
         ": up\n"
         "-- Write the statements that change the schema, each ending in ';'.\n"
         "-- Make this file's first line `-- noormc:irreversible` if it cannot be undone.\n"
         "-- After editing, review and run `noormc hash`; `noormc check` replays it.\n";
  c.down = "-- " + id +
           ": down\n"
           "-- Undo " +
           id +
           ".up.sql, in reverse order: `noormc check` replays up then down\n"
           "-- and reports anything this file leaves different.\n";
  return c;
}

Created create_migration(const std::string& dir, const std::string& name, const ContentFor& content, std::time_t now,
                         Diagnostics& diags) {
  Created out;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!parseable_sum(dir, diags)) return out;
  Diagnostics load;
  auto before = syntax::load_migrations(dir, load);
  out.id = next_prefix(before, now) + "_" + name;
  std::vector<std::string> names = {out.id + ".up.sql", out.id + ".down.sql"};
  MigrationContent made = content(out.id);
  const std::string texts[] = {made.up, made.down};
  for (size_t i = 0; i < names.size(); ++i) {
    fs::path p = fs::path(dir) / names[i];
    if (!write_new(p, texts[i])) {
      diags.add_file(Severity::Error, "E0701", syntax::display_path(dir, names[i]),
                     "cannot write " + names[i] + (fs::exists(p) ? ": it already exists" : ""));
      out.io_error = true;
      return out;
    }
    out.files.push_back(syntax::display_path(dir, names[i]));
  }
  Diagnostics reload;
  auto after = syntax::load_migrations(dir, reload);
  out.ok = add_to_sum(after, names, diags) != SumWrite::Failed;
  out.io_error = !out.ok;
  return out;
}

}  // namespace noormc::checks
