// Diagnostics are collected values: every stage appends to a Diagnostics and
// goes on where it can; the CLI renders them once at the end.
#pragma once

#include <string>
#include <vector>

#include "diag/source.hpp"

namespace noormc {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;         // a stable code, e.g. "E0101" or "W0301"; see docs/reference/diagnostics.md
  std::string file;         // the path as the user named it; empty when not about a file
  uint32_t line = 0;        // 1-based; 0 when not about a place in a file
  uint32_t column = 0;      // 1-based, in characters
  uint32_t length = 1;      // characters underlined
  std::string source_line;  // the text of `line`, for the caret display
  std::string message;
  std::vector<std::string> notes;
};

class Diagnostics {
 public:
  /// Adds a diagnostic about text_[begin, end) of `file`.
  Diagnostic& add(Severity severity, std::string code, const SourceFile& file, size_t begin, size_t end,
                  std::string message);
  /// Adds a diagnostic about a whole file that is at hand: it points at line 1, column 1.
  Diagnostic& add_at_start(Severity severity, std::string code, const SourceFile& file, std::string message);
  /// Adds a diagnostic about a whole file, or about no file when `file` is empty.
  Diagnostic& add_file(Severity severity, std::string code, std::string file, std::string message);

  bool has_errors() const;
  size_t error_count() const;
  size_t warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  std::vector<Diagnostic>& items() { return items_; }
  void append(const Diagnostics& other);
  /// Sorts by file, line, column (stable), so output is deterministic.
  void sort();
  /// Turns every warning into an error (--strict).
  void promote_warnings();

 private:
  std::vector<Diagnostic> items_;
};

/// `file:line:col: error: message`, the line with a caret, then the notes.
std::string render_text(const Diagnostic& d, bool color = false);
/// One JSON object: {"severity","code","file","line","column","message","notes"}.
std::string render_json(const Diagnostic& d);

/// Levenshtein distance, case-insensitive.
size_t edit_distance(std::string_view a, std::string_view b);
/// The closest candidate to `name` within a distance that makes sense for its length, or "".
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);
/// Similarity 0..100 used in did-you-mean notes.
int similarity_percent(std::string_view a, std::string_view b);
/// "did you mean 'users'? (tables: users, posts)"-style note text.
std::string did_you_mean_note(std::string_view name, const std::vector<std::string>& candidates,
                              std::string_view what_plural);

}  // namespace noormc
