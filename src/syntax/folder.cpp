#include "syntax/folder.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "syntax/parse.hpp"
#include "syntax/parsing.hpp"
#include "syntax/workers.hpp"

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

/// A migration file of `dir` from `cache` (read and parsed when it is not
/// there as it is on disk); no source (and E0006) when it cannot be read.
ParseCache::File load_file(const std::string& name, bool link, Diagnostics& diags, ParseCache& cache) {
  return cache.take(cache.dir(), name, diags, !link && cache.unchanged(name));
}

/// The names of `dir`'s regular files (or symbolic links to one: `links`) that end in ".sql", unsorted.
/// readdir(3)'s d_type says what most entries are without a stat(2) each.
std::vector<std::string> sql_files(const std::string& dir, std::set<std::string>& links) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (const dirent* e = readdir(d)) {
    std::string_view name(e->d_name);
    if (name.size() < 4 || name.substr(name.size() - 4) != ".sql") continue;
    bool regular = e->d_type == DT_REG, link = e->d_type == DT_LNK;
    if (e->d_type == DT_UNKNOWN || link) {
      std::string full = dir + "/" + std::string(name);
      struct stat st {};
      if (e->d_type == DT_UNKNOWN && ::lstat(full.c_str(), &st) == 0) link = S_ISLNK(st.st_mode);
      regular = ::stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    }
    if (!regular) continue;
    names.emplace_back(name);
    if (link) links.insert(names.back());
  }
  closedir(d);
  return names;
}

int64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/// A migration's files, by name.
struct Files {
  std::string prefix, name;
  std::optional<std::string> up, down;
};

/// Names `m` (whose up file is read) after `f`.
void name(const Files& f, Migration& m) {
  m.id = f.prefix + "_" + f.name;
  m.prefix = f.prefix;
  m.name = f.name;
  std::string_view text = m.up->text();
  m.declared_irreversible = text.substr(0, text.find('\n')).find("noormc:irreversible") != std::string::npos;
}

/// The files of `ordered` through `cache`, one after the other (the cache is one thread's).
void load_cached(const std::vector<Files>& ordered, const std::set<std::string>& links, Diagnostics& diags,
                 ParseCache& cache, MigrationSet& set) {
  for (const auto& f : ordered) {
    auto up = load_file(*f.up, links.count(*f.up) > 0, diags, cache);
    if (!up.source) continue;
    Migration mig;
    mig.up = std::move(up.source);
    mig.up_parsed = std::move(up.parsed);
    name(f, mig);
    if (f.down) {
      auto down = load_file(*f.down, links.count(*f.down) > 0, diags, cache);
      mig.down = std::move(down.source);
      mig.down_parsed = std::move(down.parsed);
    }
    set.migrations.push_back(std::move(mig));
  }
}

/// Reads the files of `ordered` into `set`'s migrations, in order, and hands
/// each to `parsing` (which parses it into the migration) as soon as it is read.
void read_files(const std::string& dir, const std::vector<Files>& ordered, MigrationSet& set, Parsing& parsing) {
  set.migrations.reserve(ordered.size());  // no migration moves while it is parsed
  auto read = [&](const std::string& name, size_t migration, bool down) {
    Parsing::Job job;
    job.migration = migration;
    std::string text;
    if (read_file((fs::path(dir) / name).string(), text)) {
      auto source = std::make_shared<SourceFile>(display_path(dir, name), std::move(text));
      job.source = source.get();
      Migration& m = migration == set.migrations.size() ? set.migrations.emplace_back() : set.migrations.back();
      job.out = down ? &m.down_parsed : &m.up_parsed;
      (down ? m.down : m.up) = std::move(source);
    } else {
      job.diags.add_file(Severity::Error, "E0006", display_path(dir, name), "cannot read file");
      if (!down) job.migration = Parsing::kNone;
    }
    parsing.add(std::move(job));
  };
  for (const auto& f : ordered) {
    size_t i = set.migrations.size();
    read(*f.up, i, false);
    if (set.migrations.size() == i) continue;  // the up file is unreadable: its down file is not read
    name(f, set.migrations.back());
    if (f.down) read(*f.down, i, true);
  }
  parsing.close();
}

}  // namespace

/// When it is the same as when a file was read (and the file was not changed
/// in the moment before that read), its bytes are too.
FileStamp stamp_of(const std::string& disk) {
  struct stat st {};
  if (::stat(disk.c_str(), &st) != 0) return {};
  return {true,
          static_cast<uint64_t>(st.st_dev),
          static_cast<uint64_t>(st.st_ino),
          static_cast<int64_t>(st.st_size),
          st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
          st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec};
}

ParseCache::File ParseCache::take(const std::string& dir, const std::string& name, Diagnostics& diags, bool unchanged) {
  auto it = files_.find(name);
  Kept* k = it != files_.end() && it->second.file.source ? &it->second : nullptr;
  auto lend = [&](int64_t started, const FileStamp* stamp) {
    ++reused_;
    diags.items().insert(diags.items().end(), k->diagnostics.begin(), k->diagnostics.end());
    if (stamp) {
      k->stamp = *stamp;
      k->read_at_ns = started;
    }
    k->lent = k->file.source.get();
    return std::move(k->file);
  };
  if (unchanged && k) {  // inotify saw no event for it since it was last loaded
    ++trusted_;
    return lend(0, nullptr);
  }
  // File times are coarse (a clock tick): a file changed within a second of
  // its read may have kept its time and size, so it is read again (as git
  // treats a "racily clean" file).
  std::string disk = (fs::path(dir) / name).string();
  int64_t started = now_ns();
  FileStamp stamp = stamp_of(disk);
  bool same_stamp = k && stamp.known && stamp == k->stamp && stamp.ctime_ns < k->read_at_ns - 1000000000LL &&
                    stamp.mtime_ns < k->read_at_ns - 1000000000LL;
  std::string text;
  if (!same_stamp) {
    if (!read_file(disk, text)) {
      diags.add_file(Severity::Error, "E0006", display_path(dir, name), "cannot read file");
      return {};
    }
  }
  if (k && (same_stamp || k->file.source->text() == text)) return lend(started, same_stamp ? nullptr : &stamp);
  ++parsed_;
  File f{std::make_shared<SourceFile>(display_path(dir, name), std::move(text)), {}};
  size_t from = diags.items().size();
  f.parsed = parse_file(*f.source, diags);
  Kept& fresh = files_[name];
  fresh = Kept{};
  fresh.diagnostics.assign(diags.items().begin() + static_cast<std::ptrdiff_t>(from), diags.items().end());
  fresh.stamp = stamp;
  fresh.read_at_ns = started;
  fresh.lent = f.source.get();
  return f;
}

void ParseCache::begin_load(const std::string& dir) {
  parsed_ = reused_ = trusted_ = 0;
  if (dir != dir_) {
    files_.clear();
    dir_ = dir;
  }
}

void ParseCache::keep(MigrationSet&& set) {
  auto put = [&](std::shared_ptr<SourceFile>& source, ParsedFile& parsed) {
    if (!source) return;
    std::string_view path = source->path();
    size_t slash = path.rfind('/');
    auto it = files_.find(slash == std::string_view::npos ? path : path.substr(slash + 1));
    if (it == files_.end() || it->second.lent != source.get() || it->second.file.source) return;  // not lent by us
    it->second.file = File{std::move(source), std::move(parsed)};
    it->second.returned = true;
  };
  for (auto& m : set.migrations) {
    put(m.up, m.up_parsed);
    put(m.down, m.down_parsed);
  }
  for (auto it = files_.begin(); it != files_.end();) {  // kept files that `set` does not hold are dropped
    if (!it->second.returned) {
      it = files_.erase(it);
    } else {
      it->second.returned = false;
      ++it;
    }
  }
}

MigrationSet load_migrations(const std::string& dir, Diagnostics& diags, ParseCache* cache, Load mode) {
  MigrationSet set;
  set.dir = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.add_file(Severity::Error, "E0001", display_path(dir, ""), "migrations folder '" + dir + "' does not exist")
        .notes.push_back("create it with `noormc new NAME`, or pass --migrations DIR");
    if (cache) cache->end_load();
    return set;
  }
  set.exists = true;
  std::map<std::string, Files> by_id;
  std::set<std::string> links;  // symbolic links to regular files
  std::vector<std::string> names = sql_files(dir, links);
  std::sort(names.begin(), names.end());
  for (const auto& file : names) {
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
  if (cache) {
    cache->begin_load(dir);
    load_cached(ordered, links, diags, *cache, set);
    cache->end_load();
    return set;
  }
  size_t files = 0, threads = worker_count();
  for (const auto& f : ordered) files += f.down ? 2 : 1;
  // Pipelined, the caller replays what the other threads parsed; whole, it parses with them.
  auto parsing = std::make_shared<Parsing>(files + 1, threads - 1);  // + after_parsing's task
  read_files(dir, ordered, set, *parsing);
  set.parsing_ = std::move(parsing);
  set.parse_diagnostics_at_ = diags.items().size();
  if (mode == Load::Whole || threads == 1) set.finish_parsing(diags);
  return set;
}

}  // namespace noormc::syntax
