#include "syntax/folder.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "syntax/parse.hpp"

namespace noormc::syntax {

namespace fs = std::filesystem;

std::string display_path(const std::string& dir, const std::string& file) {
  std::string d = dir;
  while (d.size() > 2 && d.rfind("./", 0) == 0) d = d.substr(2);
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  if (d.empty() || d == ".") return file;
  return d + "/" + file;
}

int compare_prefix(const std::string& a, const std::string& b) {
  auto strip = [](const std::string& s) {
    size_t i = s.find_first_not_of('0');
    return i == std::string::npos ? std::string() : s.substr(i);
  };
  std::string x = strip(a), y = strip(b);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  return x.compare(y) < 0 ? -1 : x.compare(y) > 0 ? 1 : 0;
}

MigrationSet load_migrations(const std::string& dir, Diagnostics& diags) {
  MigrationSet set;
  set.dir = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.add_file(Severity::Error, "E0001", display_path(dir, ""), "migrations folder '" + dir + "' does not exist")
        .notes.push_back("create it with `noormc new NAME`, or pass --migrations DIR");
    return set;
  }
  set.exists = true;
  // NNNN_name.up.sql / .down.sql (also NNNN_name.sql: an up without a down).
  static const std::regex pattern(R"(^([0-9]{4,})_([a-z0-9_]+?)(\.up|\.down)?\.sql$)");
  struct Files {
    std::string prefix, name;
    std::optional<std::string> up, down;
  };
  std::map<std::string, Files> by_id;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const auto& file : names) {
    if (file.size() < 4 || file.substr(file.size() - 4) != ".sql") continue;
    std::smatch m;
    if (!std::regex_match(file, m, pattern)) {
      diags
          .add_file(Severity::Error, "E0002", display_path(dir, file),
                    "migration file name '" + file + "' does not follow NNNN_name.up.sql")
          .notes.push_back(
              "name it with a numeric prefix (4+ digits or a 14-digit timestamp), an underscore, a name of "
              "[a-z0-9_], then .up.sql or .down.sql");
      continue;
    }
    std::string id = m[1].str() + "_" + m[2].str();
    Files& f = by_id[id];
    f.prefix = m[1].str();
    f.name = m[2].str();
    if (m[3].str() == ".down") {
      f.down = file;
    } else {
      if (f.up) {
        diags
            .add_file(Severity::Error, "E0003", display_path(dir, file),
                      "migration '" + id + "' has two up files: " + *f.up + " and " + file)
            .notes.push_back("keep one of them");
        continue;
      }
      f.up = file;
    }
  }
  std::vector<Files> ordered;
  for (auto& [id, f] : by_id) {
    if (!f.up) {
      diags
          .add_file(Severity::Error, "E0004", display_path(dir, *f.down),
                    "down migration '" + *f.down + "' has no up file")
          .notes.push_back("add " + id + ".up.sql, or remove the down file");
      continue;
    }
    ordered.push_back(f);
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const Files& a, const Files& b) {
    int c = compare_prefix(a.prefix, b.prefix);
    return c != 0 ? c < 0 : a.name < b.name;
  });
  for (size_t i = 0; i + 1 < ordered.size(); ++i) {
    if (compare_prefix(ordered[i].prefix, ordered[i + 1].prefix) == 0) {
      auto& d = diags.add_file(Severity::Error, "E0005", display_path(dir, *ordered[i + 1].up),
                               "two migrations share the prefix " + ordered[i].prefix + ": " + *ordered[i].up +
                                   " and " + *ordered[i + 1].up);
      d.notes.push_back("two branches each added a migration; renumber the one that should run later, e.g. " +
                        *ordered[i + 1].up + " → a prefix after the last migration, then run `noormc hash`");
    }
  }
  for (auto& f : ordered) {
    Migration mig;
    mig.id = f.prefix + "_" + f.name;
    mig.prefix = f.prefix;
    mig.name = f.name;
    std::string text;
    if (!read_file((fs::path(dir) / *f.up).string(), text)) {
      diags.add_file(Severity::Error, "E0006", display_path(dir, *f.up), "cannot read file");
      continue;
    }
    mig.up = std::make_unique<SourceFile>(display_path(dir, *f.up), std::move(text));
    mig.up_parsed = parse_file(*mig.up, diags);
    std::string first_line(mig.up->line_text(1));
    mig.declared_irreversible = first_line.find("noormc:irreversible") != std::string::npos;
    if (f.down) {
      std::string dtext;
      if (!read_file((fs::path(dir) / *f.down).string(), dtext)) {
        diags.add_file(Severity::Error, "E0006", display_path(dir, *f.down), "cannot read file");
      } else {
        mig.down = std::make_unique<SourceFile>(display_path(dir, *f.down), std::move(dtext));
        mig.down_parsed = parse_file(*mig.down, diags);
      }
    }
    set.migrations.push_back(std::move(mig));
  }
  return set;
}

}  // namespace noormc::syntax
