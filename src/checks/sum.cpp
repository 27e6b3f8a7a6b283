#include "checks/sum.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "checks/scaffold.hpp"
#include "checks/sha256.hpp"

namespace noormc::checks {

namespace fs = std::filesystem;

namespace {

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string lf(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out.push_back(text[i]);
  }
  return out;
}

std::string total_of(const std::string& lines) {
  return "h1:" + base64(sha256(lines));
}

std::string line_of(const std::string& name, const std::string& hash) {
  return name + " " + hash + "\n";
}

std::optional<std::string> read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool is_marker(std::string_view line) {
  for (const char* m : {"<<<<<<<", "=======", ">>>>>>>", "|||||||"}) {
    if (line.rfind(m, 0) == 0) return true;
  }
  return false;
}

bool valid_hash(std::string_view h) {
  if (h.size() != 47 || h.rfind("h1:", 0) != 0) return false;
  return std::all_of(h.begin() + 3, h.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
  });
}

SumWrite write_text(const std::string& dir, const std::string& text, Diagnostics& diags) {
  fs::path target = sum_path(dir);
  fs::path tmp = target;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      diags.add_file(Severity::Error, "E0701", syntax::display_path(dir, "noormc.sum"), "cannot write noormc.sum");
      return SumWrite::Failed;
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    diags.add_file(Severity::Error, "E0701", syntax::display_path(dir, "noormc.sum"),
                   "cannot write noormc.sum: " + ec.message());
    return SumWrite::Failed;
  }
  return SumWrite::Written;
}

}  // namespace

std::string sum_path(const std::string& dir) {
  return (fs::path(dir) / "noormc.sum").string();
}

std::vector<HashedFile> sum_files(const syntax::MigrationSet& set) {
  std::vector<HashedFile> out;
  for (const auto& m : set.migrations) {
    if (m.up) out.push_back({base_name(m.up->path()), m.up.get()});
    if (m.down) out.push_back({base_name(m.down->path()), m.down.get()});
  }
  return out;
}

std::string chain_hash(const std::string& previous, const std::string& name, const std::string& text) {
  Sha256 h;
  h.update(previous);
  h.update(name);
  h.update("\n");
  h.update(lf(text));
  return "h1:" + base64(h.finish());
}

std::string chain_hash(const std::string& previous, const HashedFile& file) {
  return chain_hash(previous, file.name, file.file->text());
}

std::string compute_sum(const std::vector<HashedFile>& files) {
  std::string lines, previous;
  for (const auto& f : files) {
    previous = chain_hash(previous, f);
    lines += line_of(f.name, previous);
  }
  return total_of(lines) + "\n" + lines;
}

std::string append_to_sum(const SumFile& old, const std::vector<HashedFile>& added) {
  std::string lines, previous;
  for (const auto& e : old.entries) {
    lines += line_of(e.name, e.hash);
    previous = e.hash;
  }
  for (const auto& f : added) {
    previous = chain_hash(previous, f);
    lines += line_of(f.name, previous);
  }
  return total_of(lines) + "\n" + lines;
}

SumFile parse_sum(const SourceFile& file, Diagnostics& diags) {
  SumFile sum;
  const std::string& text = file.text();
  bool first = true;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    size_t end = nl == std::string::npos ? text.size() : nl;
    std::string_view line(text.data() + at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t begin = at;
    at = end + 1;
    if (line.empty()) continue;
    if (is_marker(line)) {
      if (!sum.conflict) {
        diags
            .add(Severity::Error, "E0304", file, begin, begin + line.size(),
                 "noormc.sum has git conflict markers: two branches each added migrations")
            .notes.push_back(
                "give the migration that should run later a prefix after the last one, review "
                "both, "
                "then run `noormc hash` to rewrite noormc.sum");
      }
      sum.conflict = true;
      continue;
    }
    if (line.rfind("h1:", 0) == 0) {
      if (first) {
        sum.total = std::string(line);
      } else {
        sum.conflict = true;  // a second total: lines merged from two versions of the file
      }
      first = false;
      continue;
    }
    size_t space = line.rfind(' ');
    if (first || space == std::string::npos || !valid_hash(line.substr(space + 1))) {
      diags
          .add(Severity::Error, "E0304", file, begin, begin + line.size(),
               first ? "noormc.sum must start with its total hash (h1:...)" : "noormc.sum line is not `FILE h1:HASH`")
          .notes.push_back("noormc.sum is written by noormc: run `noormc hash` to rewrite it");
      first = false;
      continue;
    }
    sum.entries.push_back(
        {std::string(line.substr(0, space)), std::string(line.substr(space + 1)), begin, begin + line.size()});
  }
  if (first) {
    diags.add(Severity::Error, "E0304", file, 0, 0, "noormc.sum is empty")
        .notes.push_back("run `noormc hash` to rewrite it");
  }
  return sum;
}

namespace {

/// Verifies each recorded line against the file it names and the line before it.
class Verifier {
 public:
  Verifier(const syntax::MigrationSet& set, const SourceFile& sum_file, const SumFile& sum, Diagnostics& diags,
           HashMemo* memo)
      : sum_file_(sum_file), sum_(sum), diags_(diags), files_(sum_files(set)), memo_(memo) {
    for (size_t i = 0; i < files_.size(); ++i) index_[files_[i].name] = i;
  }

  /// `tail` is called between the diagnostics of the recorded files (and those added out of order
  /// among them) and the total's: the files from tail_from() on are recorded nowhere.
  template <typename Tail>
  void run(Tail tail) {
    for (size_t k = 0; k < sum_.entries.size(); ++k) check_entry(k);
    check_out_of_order();
    tail();
    for (size_t i = tail_from(); i < files_.size(); ++i) unrecorded(files_[i]);
    if (!problems_ && !sum_.conflict && !sum_.entries.empty()) check_total();
  }
  void run() {
    run([] {});
  }
  /// The first file after the last recorded one (0 when none is recorded).
  size_t tail_from() const { return recorded_.empty() ? 0 : *recorded_.rbegin() + 1; }

 private:
  void check_entry(size_t k) {
    const SumEntry& e = sum_.entries[k];
    auto it = index_.find(e.name);
    if (it == index_.end()) {
      removed(e);
      return;
    }
    recorded_.insert(it->second);
    const HashedFile& f = files_[it->second];
    if (hash(k ? sum_.entries[k - 1].hash : "", f) == e.hash) return;
    ++problems_;
    // Chained after an earlier line than the one before it: lines merged from two branches.
    for (size_t j = k >= 1 ? k - 1 : 0; j > 0; --j) {
      if (chain_hash(sum_.entries[j - 1].hash, f) == e.hash) {
        merged(k, sum_.entries[j - 1].name);
        return;
      }
    }
    if (k >= 1 && chain_hash("", f) == e.hash) {
      merged(k, "");
      return;
    }
    if (recorded_as_skeleton(k ? sum_.entries[k - 1].hash : "", f.name, e.hash)) {
      --problems_;
      not_hashed_yet(f);
      return;
    }
    edited(f);
  }

  /// True when the recorded line is the file as `noormc new` wrote it (skeleton or empty).
  static bool recorded_as_skeleton(const std::string& previous, const std::string& name, const std::string& hash) {
    for (const char* suffix : {".up.sql", ".down.sql"}) {
      std::string s(suffix);
      if (name.size() <= s.size() || name.compare(name.size() - s.size(), s.size(), s) != 0) continue;
      MigrationContent c = skeleton(name.substr(0, name.size() - s.size()), false);
      for (const std::string& text : {s == ".up.sql" ? c.up : c.down, std::string()}) {
        if (chain_hash(previous, name, text) == hash) return true;
      }
    }
    return false;
  }

  void not_hashed_yet(const HashedFile& f) {
    diags_
        .add_at_start(Severity::Warning, "W0302", *f.file,
                      f.name + " changed since `noormc new` wrote it, and is not hashed yet")
        .notes.push_back("review it, then run `noormc hash` to record it");
  }

  void removed(const SumEntry& e) {
    ++problems_;
    diags_
        .add(Severity::Error, "E0302", sum_file_, e.offset, e.offset + e.name.size(),
             "migration file " + e.name + " is recorded in noormc.sum but no longer exists")
        .notes.push_back(
            "restore it (a migration that ran somewhere must stay); if removing it is intended, "
            "run "
            "`noormc hash`");
  }

  void edited(const HashedFile& f) {
    diags_.add_at_start(Severity::Error, "E0301", *f.file, f.name + " changed after it was recorded in noormc.sum")
        .notes.push_back(
            "a database that already ran it keeps the old version (and the noormme runner stops on "
            "the changed checksum): restore it and write a new migration, or, if it has not been "
            "applied anywhere yet, review it and run `noormc hash`");
  }

  void merged(size_t k, const std::string& after) {
    const SumEntry& e = sum_.entries[k];
    const SumEntry& before = sum_.entries[k - 1];
    std::string was = after.empty() ? "as the first file" : "right after " + after;
    diags_
        .add(Severity::Error, "E0306", sum_file_, e.offset, e.offset + e.name.size(),
             "noormc.sum holds lines from two branches: " + e.name + " was hashed " + was +
                 ", but noormc.sum now lists it after " + before.name)
        .notes.push_back(
            "two branches each added migrations; give the ones that should run later prefixes "
            "after the last migration, review them, then run `noormc hash`");
  }

  /// Files missing from the sum that sort before the last recorded one.
  void check_out_of_order() {
    for (size_t i = 0; i < tail_from(); ++i) {
      if (recorded_.count(i)) continue;
      ++problems_;
      out_of_order(i, next_recorded(i));
    }
  }

  size_t next_recorded(size_t i) const {
    for (size_t j = i + 1; j < files_.size(); ++j) {
      if (recorded_.count(j)) return j;
    }
    return i;
  }

  void out_of_order(size_t i, size_t later) {
    const HashedFile& f = files_[i];
    diags_
        .add_at_start(Severity::Error, "E0303", *f.file,
                      f.name + " sorts before " + files_[later].name +
                          ", which noormc.sum already records: it was added out of order (merged from "
                          "another branch?)")
        .notes.push_back("databases that already ran " + files_[later].name +
                         " would run it after it; give it a prefix after the last migration, review, then run "
                         "`noormc hash`");
  }

  void unrecorded(const HashedFile& f) { not_in_sum(diags_, f); }

 public:
  static void not_in_sum(Diagnostics& diags, const HashedFile& f) {
    diags.add_at_start(Severity::Warning, "W0302", *f.file, f.name + " is not in noormc.sum yet")
        .notes.push_back("review it, then run `noormc hash` to record it");
  }

 private:
  void check_total() {
    std::string lines;
    for (const auto& e : sum_.entries) lines += line_of(e.name, e.hash);
    if (memo_ ? memo_->total_matches(sum_file_.text(), lines, sum_.total) : total_of(lines) == sum_.total) return;
    size_t end = sum_file_.text().find('\n');
    diags_
        .add(Severity::Error, "E0305", sum_file_, 0, end == std::string::npos ? sum_file_.text().size() : end,
             "noormc.sum was edited by hand: its total hash does not match its lines")
        .notes.push_back("run `noormc hash` to rewrite it");
  }

  const SourceFile& sum_file_;
  const SumFile& sum_;
  Diagnostics& diags_;
  std::vector<HashedFile> files_;
  std::map<std::string, size_t> index_;
  /// chain_hash, through the memo when there is one.
  std::string hash(const std::string& previous, const HashedFile& f) {
    return memo_ ? memo_->chain_hash(previous, f) : chain_hash(previous, f);
  }

  std::set<size_t> recorded_;
  int problems_ = 0;
  HashMemo* memo_;
};

}  // namespace

std::string HashMemo::chain_hash(const std::string& previous, const HashedFile& file) {
  Line& line = lines_[file.name];
  line.used = true;
  if (line.hash.empty() || line.previous != previous || line.text != file.file->text()) {
    line.previous = previous;
    line.text = file.file->text();
    line.hash = checks::chain_hash(previous, file);
  }
  return line.hash;
}

bool HashMemo::total_matches(const std::string& sum_text, const std::string& lines, const std::string& total) {
  if (sum_text_.empty() || sum_text_ != sum_text) {
    sum_text_ = sum_text;
    total_ok_ = total_of(lines) == total;
  }
  return total_ok_;
}

void HashMemo::sweep() {
  for (auto it = lines_.begin(); it != lines_.end();) {
    if (!it->second.used) {
      it = lines_.erase(it);
    } else {
      it->second.used = false;
      ++it;
    }
  }
}

namespace {

/// The up and down files of `set`, in sum_files order.
std::vector<std::shared_ptr<SourceFile>> files_of(const syntax::MigrationSet& set) {
  std::vector<std::shared_ptr<SourceFile>> out;
  out.reserve(set.migrations.size() * 2);
  for (const auto& m : set.migrations) {
    if (m.up) out.push_back(m.up);
    if (m.down) out.push_back(m.down);
  }
  return out;
}

/// The memo's last verdict, when it is this verification's (see HashMemo): appended to `diags`.
bool reuse_verdict(const HashMemo::Verdict& v, const std::string& text,
                   const std::vector<std::shared_ptr<SourceFile>>& files, Diagnostics& diags) {
  if (v.sum_text != text || files.size() < v.tail_from) return false;
  for (size_t i = 0; i < v.tail_from; ++i) {
    if (files[i] != v.files[i]) return false;
  }
  for (size_t i = v.tail_from; i < files.size(); ++i) {
    if (v.recorded.count(base_name(files[i]->path()))) return false;
  }
  diags.items().insert(diags.items().end(), v.before.begin(), v.before.end());
  for (size_t i = v.tail_from; i < files.size(); ++i) {
    Verifier::not_in_sum(diags, {base_name(files[i]->path()), files[i].get()});
  }
  diags.items().insert(diags.items().end(), v.after.begin(), v.after.end());
  return true;
}

}  // namespace

void verify_sum(const syntax::MigrationSet& set, Diagnostics& diags, bool missing_warns, HashMemo* memo) {
  if (!set.exists) return;
  std::string text;
  std::string shown = syntax::display_path(set.dir, "noormc.sum");
  if (!read_file(sum_path(set.dir), text)) {
    if (memo) memo->verdict.reset();
    if (missing_warns) {
      diags.add_file(Severity::Warning, "W0301", shown, "the migrations folder has no noormc.sum yet")
          .notes.push_back("`noormc build` writes one the first time it runs; `noormc hash` writes it now");
    }
    return;
  }
  if (!memo) {
    SourceFile file(shown, text);
    SumFile sum = parse_sum(file, diags);
    Verifier(set, file, sum, diags, nullptr).run();
    return;
  }
  auto files = files_of(set);
  if (memo->verdict && reuse_verdict(*memo->verdict, text, files, diags)) return;
  HashMemo::Verdict v;
  size_t start = diags.items().size(), tail = start;
  SourceFile file(shown, text);
  SumFile sum = parse_sum(file, diags);
  Verifier verifier(set, file, sum, diags, memo);
  verifier.run([&] { tail = diags.items().size(); });
  v.tail_from = verifier.tail_from();
  size_t after = tail + (files.size() - std::min(files.size(), v.tail_from));
  const auto& items = diags.items();
  v.before.assign(items.begin() + static_cast<std::ptrdiff_t>(start),
                  items.begin() + static_cast<std::ptrdiff_t>(tail));
  v.after.assign(items.begin() + static_cast<std::ptrdiff_t>(after), items.end());
  for (const auto& e : sum.entries) v.recorded.insert(e.name);
  v.sum_text = std::move(text);
  v.files = std::move(files);
  memo->verdict = std::move(v);
  memo->sweep();
}

SumWrite write_sum(const syntax::MigrationSet& set, Diagnostics& diags) {
  std::string text = compute_sum(sum_files(set));
  auto old = read_text(sum_path(set.dir));
  if (old && *old == text) return SumWrite::Unchanged;
  return write_text(set.dir, text, diags);
}

SumWrite write_sum_if_missing(const syntax::MigrationSet& set, Diagnostics& diags) {
  if (!set.exists || fs::exists(sum_path(set.dir))) return SumWrite::Unchanged;
  return write_text(set.dir, compute_sum(sum_files(set)), diags);
}

SumWrite add_to_sum(const syntax::MigrationSet& set, const std::vector<std::string>& names, Diagnostics& diags) {
  auto text = read_text(sum_path(set.dir));
  if (!text) return write_sum(set, diags);
  SourceFile file(syntax::display_path(set.dir, "noormc.sum"), *text);
  size_t before = diags.error_count();
  SumFile sum = parse_sum(file, diags);
  if (diags.error_count() > before || sum.conflict) return SumWrite::Failed;
  std::vector<HashedFile> added;
  for (const auto& f : sum_files(set)) {
    if (std::find(names.begin(), names.end(), f.name) != names.end()) added.push_back(f);
  }
  return write_text(set.dir, append_to_sum(sum, added), diags);
}

}  // namespace noormc::checks
