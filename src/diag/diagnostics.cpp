#include "diag/diagnostics.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace noormc {

Diagnostic& Diagnostics::add(Severity severity, std::string code, const SourceFile& file, size_t begin, size_t end,
                             std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.file = file.path();
  Location loc = file.locate(begin);
  d.line = loc.line;
  d.column = loc.column;
  d.source_line = std::string(file.line_text(loc.line));
  // Underline at most to the end of the first line.
  size_t line_end = begin;
  while (line_end < file.text().size() && line_end < end && file.text()[line_end] != '\n') ++line_end;
  d.length = std::max<uint32_t>(1, file.width(begin, line_end));
  d.message = std::move(message);
  items_.push_back(std::move(d));
  return items_.back();
}

Diagnostic& Diagnostics::add_at_start(Severity severity, std::string code, const SourceFile& file,
                                      std::string message) {
  return add(severity, std::move(code), file, 0, 0, std::move(message));
}

Diagnostic& Diagnostics::add_file(Severity severity, std::string code, std::string file, std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.file = std::move(file);
  d.message = std::move(message);
  items_.push_back(std::move(d));
  return items_.back();
}

bool Diagnostics::has_errors() const {
  return error_count() > 0;
}

size_t Diagnostics::error_count() const {
  return static_cast<size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

size_t Diagnostics::warning_count() const {
  return static_cast<size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::Warning; }));
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
}

void Diagnostics::promote_warnings() {
  for (auto& d : items_) {
    if (d.severity == Severity::Warning) d.severity = Severity::Error;
  }
}

static const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

std::string render_text(const Diagnostic& d, bool color) {
  std::string out;
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  const char* sev_color = !color ? "" : d.severity == Severity::Error ? "\x1b[1;31m" : "\x1b[1;35m";
  out += bold;
  if (!d.file.empty()) {
    out += d.file;
    if (d.line > 0) out += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
    out += ": ";
  }
  out += reset;
  out += sev_color;
  out += severity_name(d.severity);
  out += reset;
  out += std::string(bold) + ": " + d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  out += reset;
  out += "\n";
  if (d.line > 0) {
    std::string num = std::to_string(d.line);
    std::string pad(num.size(), ' ');
    std::string line = utf8_or_escaped(d.source_line);
    std::replace(line.begin(), line.end(), '\t', ' ');
    out += "    " + num + " | " + line + "\n";
    out += "    " + pad + " | ";
    // The caret sits under the column, counting characters.
    out += std::string(d.column > 0 ? d.column - 1 : 0, ' ');
    out += "^";
    if (d.length > 1) out += std::string(d.length - 1, '~');
    out += "\n";
  }
  for (const auto& n : d.notes) out += "  note: " + n + "\n";
  return out;
}

std::string render_json(const Diagnostic& d) {
  nlohmann::ordered_json j;
  j["severity"] = severity_name(d.severity);
  j["code"] = d.code;
  // Messages quote file names and migration text: bytes that are not UTF-8
  // are shown as \xHH (JSON holds only Unicode).
  j["file"] = utf8_or_escaped(d.file);
  j["line"] = d.line;
  j["column"] = d.column;
  j["message"] = utf8_or_escaped(d.message);
  auto notes = nlohmann::ordered_json::array();
  for (const auto& n : d.notes) notes.push_back(utf8_or_escaped(n));
  j["notes"] = std::move(notes);
  return j.dump();
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      bool same =
          std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

/// Names longer than this get no did-you-mean: a typo in a 50,000-character name
/// is not what happened, and the edit distance is quadratic in the length.
constexpr size_t kLongestSuggested = 64;

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  if (name.size() > kLongestSuggested) return best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length: skip what cannot win.
    size_t gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (gap >= best_d) continue;
    size_t d = edit_distance(name, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

int similarity_percent(std::string_view a, std::string_view b) {
  size_t longest = std::max(a.size(), b.size());
  if (longest == 0) return 100;
  if (longest > kLongestSuggested) return a == b ? 100 : 0;
  return static_cast<int>(100 - (100 * edit_distance(a, b)) / longest);
}

std::string did_you_mean_note(std::string_view name, const std::vector<std::string>& candidates,
                              std::string_view what_plural) {
  std::string list;
  for (size_t i = 0; i < candidates.size() && i < 12; ++i) {
    if (i) list += ", ";
    list += candidates[i].size() > kLongestSuggested ? candidates[i].substr(0, kLongestSuggested) + "..." : candidates[i];
  }
  if (candidates.size() > 12) list += ", ...";
  std::string best = closest_name(name, candidates);
  if (candidates.empty()) return "there are no " + std::string(what_plural) + " yet";
  if (best.empty()) return std::string(what_plural) + ": " + list;
  return "did you mean '" + best + "'? (" + std::string(what_plural) + ": " + list + ")";
}

}  // namespace noormc
