#include "syntax/folder.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
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

namespace {

/// The parts of a migration file name: NNNN_name.up.sql, NNNN_name.down.sql or
/// NNNN_name.sql (an up without a down). The prefix is 4+ digits, the name is
/// [a-z0-9_]+.
struct FileName {
  std::string prefix, name, kind;  // kind: "up" or "down"
};

std::optional<FileName> split_file_name(std::string_view file) {
  size_t digits = 0;
  while (digits < file.size() && file[digits] >= '0' && file[digits] <= '9') ++digits;
  if (digits < 4 || digits >= file.size() || file[digits] != '_') return std::nullopt;
  size_t dot = file.find('.', digits + 1);
  if (dot == std::string_view::npos || dot == digits + 1) return std::nullopt;
  std::string_view name = file.substr(digits + 1, dot - digits - 1);
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return std::nullopt;
  }
  std::string_view rest = file.substr(dot);
  std::string kind = rest == ".sql" || rest == ".up.sql" ? "up" : rest == ".down.sql" ? "down" : "";
  if (kind.empty()) return std::nullopt;
  return FileName{std::string(file.substr(0, digits)), std::string(name), kind};
}

/// A diagnostic about a migration file as a whole (its name, its pairing):
/// it points at line 1 of the file, so editors and CI annotations can open it.
Diagnostic& add_about_file(Diagnostics& diags, std::string code, const std::string& dir, const std::string& file,
                           std::string message) {
  std::string text;
  read_file((fs::path(dir) / file).string(), text);  // unreadable: line 1 is shown empty
  SourceFile source(display_path(dir, file), std::move(text));
  return diags.add_at_start(Severity::Error, std::move(code), source, std::move(message));
}

}  // namespace

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
    auto m = split_file_name(file);
    if (!m) {
      add_about_file(diags, "E0002", dir, file, "migration file name '" + file + "' does not follow NNNN_name.up.sql")
          .notes.push_back(
              "name it with a numeric prefix (4+ digits or a 14-digit timestamp), an underscore, a name of "
              "[a-z0-9_], then .up.sql or .down.sql");
      continue;
    }
    std::string id = m->prefix + "_" + m->name;
    Files& f = by_id[id];
    f.prefix = m->prefix;
    f.name = m->name;
    if (m->kind == "down") {
      f.down = file;
    } else {
      if (f.up) {
        add_about_file(diags, "E0003", dir, file, "migration '" + id + "' has two up files: " + *f.up + " and " + file)
            .notes.push_back("keep one of them");
        continue;
      }
      f.up = file;
    }
  }
  std::vector<Files> ordered;
  for (auto& [id, f] : by_id) {
    if (!f.up) {
      add_about_file(diags, "E0004", dir, *f.down, "down migration '" + *f.down + "' has no up file")
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
      auto& d = add_about_file(diags, "E0005", dir, *ordered[i + 1].up,
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
