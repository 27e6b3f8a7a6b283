#include "cli/judgement_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "checks/sha256.hpp"

namespace noormc::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "noormc-judgement-1";

bool read_all(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = std::move(s).str();
  return !in.bad();
}

bool write_all(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

/// Adds a length-prefixed field, so that no two inputs hash the same bytes.
void field(checks::Sha256& h, std::string_view s) {
  h.update(std::to_string(s.size()) + ":");
  h.update(s);
}

/// This binary: a rebuilt noormc (same version, other rules) never reads another's judgements.
std::string binary_identity() {
  struct stat st {};
  if (stat("/proc/self/exe", &st) != 0) return "unknown";
  return std::to_string(st.st_size) + "/" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

nlohmann::json to_json(const Diagnostic& d) {
  return {{"severity", static_cast<int>(d.severity)},
          {"code", d.code},
          {"file", d.file},
          {"line", d.line},
          {"column", d.column},
          {"length", d.length},
          {"source_line", d.source_line},
          {"message", d.message},
          {"notes", d.notes}};
}

Diagnostic diagnostic_from(const nlohmann::json& j) {
  Diagnostic d;
  d.severity = static_cast<Severity>(j.at("severity").get<int>());
  d.code = j.at("code").get<std::string>();
  d.file = j.at("file").get<std::string>();
  d.line = j.at("line").get<uint32_t>();
  d.column = j.at("column").get<uint32_t>();
  d.length = j.at("length").get<uint32_t>();
  d.source_line = j.at("source_line").get<std::string>();
  d.message = j.at("message").get<std::string>();
  d.notes = j.at("notes").get<std::vector<std::string>>();
  return d;
}

/// Keeps the newest kMaxEntries judgements (by modification time; a read touches its entry).
void prune(const fs::path& cache) {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  for (const auto& e : fs::directory_iterator(cache, ec)) {
    if (e.path().filename().string().size() == 64 && e.is_directory(ec)) {
      entries.emplace_back(e.last_write_time(ec), e.path());
    }
  }
  if (entries.size() <= kMaxEntries) return;
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = kMaxEntries; i < entries.size(); ++i) fs::remove_all(entries[i].second, ec);
}

}  // namespace

std::optional<std::string> cache_dir() {
  const char* off = std::getenv("NOORMC_CACHE");
  if (off && (std::string(off) == "off" || std::string(off) == "0")) return std::nullopt;
  if (const char* d = std::getenv("NOORMC_CACHE_DIR"); d && *d) return std::string(d);
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "noormc").string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "noormc").string();
  return std::nullopt;
}

std::optional<std::string> judgement_key(const std::string& dir, const std::string& salt) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) files.push_back(e.path());
  }
  if (ec) return std::nullopt;
  std::sort(files.begin(), files.end());
  checks::Sha256 h;
  field(h, kFormat);
  field(h, NOORMC_VERSION);
  field(h, binary_identity());
  field(h, salt);
  field(h, dir);
  std::string bytes;
  for (const auto& f : files) {
    if (!read_all(f, bytes)) return std::nullopt;
    field(h, f.filename().string());
    field(h, bytes);
  }
  return checks::to_hex(h.finish());
}

std::optional<StoredJudgement> load_judgement(const std::string& cache, const std::string& key) {
  fs::path at = fs::path(cache) / key;
  std::string text;
  if (!read_all(at / "judgement.json", text)) return std::nullopt;
  StoredJudgement j;
  try {
    auto doc = nlohmann::json::parse(text);
    if (doc.at("format").get<std::string>() != kFormat) return std::nullopt;
    for (const auto& d : doc.at("diagnostics")) j.diagnostics.push_back(diagnostic_from(d));
    j.ok = doc.at("ok").get<bool>();
    j.migrations = doc.at("migrations").get<size_t>();
    j.tables = doc.at("tables").get<size_t>();
    const auto& names = doc.at("files");
    for (size_t i = 0; i < names.size(); ++i) {
      emit::OutputFile f{names[i].get<std::string>(), {}};
      if (!read_all(at / "files" / std::to_string(i), f.content)) return std::nullopt;
      j.files.push_back(std::move(f));
    }
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (j.ok && !read_all(at / "schema.json", j.schema_json)) return std::nullopt;
  std::error_code ec;
  fs::last_write_time(at, fs::file_time_type::clock::now(), ec);  // recently used
  return j;
}

void store_judgement(const std::string& cache, const std::string& key, const StoredJudgement& j) {
  std::error_code ec;
  fs::path root(cache), at = root / key;
  if (fs::exists(at, ec)) return;
  fs::path tmp = root / ("tmp-" + std::to_string(getpid()) + "-" + key);
  fs::create_directories(tmp / "files", ec);
  if (ec) return;
  nlohmann::json doc = {{"format", kFormat}, {"ok", j.ok}, {"migrations", j.migrations}, {"tables", j.tables}};
  doc["diagnostics"] = nlohmann::json::array();
  for (const auto& d : j.diagnostics) doc["diagnostics"].push_back(to_json(d));
  doc["files"] = nlohmann::json::array();
  bool written = true;
  for (size_t i = 0; i < j.files.size(); ++i) {
    doc["files"].push_back(j.files[i].name);
    written = write_all(tmp / "files" / std::to_string(i), j.files[i].content) && written;
  }
  written = write_all(tmp / "schema.json", j.schema_json) && written;
  std::string text;
  try {
    text = doc.dump();  // strict: bytes that are not UTF-8 are not cached, rather than changed
  } catch (const std::exception&) {
    written = false;
  }
  written = written && write_all(tmp / "judgement.json", text);
  // judgement.json last; the rename makes the whole entry appear at once.
  if (!written || (fs::rename(tmp, at, ec), ec)) {
    fs::remove_all(tmp, ec);
    return;
  }
  prune(root);
}

}  // namespace noormc::cli
