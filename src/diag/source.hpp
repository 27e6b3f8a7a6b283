// A migration file held in memory, with line look-up for diagnostics.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace noormc {

/// A 1-based line and column (column counted in characters, not bytes).
struct Location {
  uint32_t line = 0;
  uint32_t column = 0;
};

/// One input file: its path as the user named it and its bytes.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  /// The location of a byte offset.
  Location locate(size_t offset) const;
  /// The text of a 1-based line, without its line ending.
  std::string_view line_text(uint32_t line) const;
  /// The number of characters of text_[begin, end) (UTF-8 aware).
  uint32_t width(size_t begin, size_t end) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

/// Reads a whole file as bytes; false when it cannot be read.
bool read_file(const std::string& path, std::string& out);

/// True when `text` is well-formed UTF-8; otherwise `bad_offset` is the first bad byte.
bool valid_utf8(std::string_view text, size_t& bad_offset);

/// `text` with every byte that is not part of well-formed UTF-8 written as `\xHH`
/// (for messages that quote file names or other bytes noormc did not validate).
std::string utf8_or_escaped(std::string_view text);

}  // namespace noormc
