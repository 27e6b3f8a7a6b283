#include "diag/source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace noormc {

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

Location SourceFile::locate(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  size_t start = line_starts_[line_index];
  return {static_cast<uint32_t>(line_index + 1), width(start, offset) + 1};
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  size_t start = line_starts_[line - 1];
  size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(start, end - start);
}

uint32_t SourceFile::width(size_t begin, size_t end) const {
  uint32_t n = 0;
  end = std::min(end, text_.size());
  for (size_t i = begin; i < end; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool read_file(const std::string& path, std::string& out) {
  // open/fstat/read into a string of the file's size: no stream buffers, one
  // copy (a cold `check` reads every migration of the folder).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  size_t size = ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0;
  std::string text(size, '\0');
  size_t got = 0;
  char more[4096];  // past the size fstat gave (a file still growing, or one without a size): appended
  ssize_t n = 0;
  while (true) {
    bool inside = got < text.size();
    n = inside ? ::read(fd, text.data() + got, text.size() - got) : ::read(fd, more, sizeof more);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (!inside) text.append(more, static_cast<size_t>(n));
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  if (n < 0) return false;
  text.resize(got);
  out = std::move(text);
  return true;
}

namespace {

/// The length of the well-formed UTF-8 sequence at text[i], or 0. The table is
/// Unicode 15, section 3.9, table 3-7: no overlong forms (C0, C1, E0 80..9F,
/// F0 80..8F), no surrogates (ED A0..BF), nothing above U+10FFFF (F4 90.., F5..FF).
size_t utf8_sequence(std::string_view text, size_t i) {
  auto at = [&](size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
  auto tail = [](unsigned c) { return c >= 0x80 && c <= 0xBF; };
  unsigned c = at(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return tail(at(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return at(1) >= lo && at(1) <= hi && tail(at(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return at(1) >= lo && at(1) <= hi && tail(at(2)) && tail(at(3)) ? 4 : 0;
  }
  return 0;
}

}  // namespace

bool valid_utf8(std::string_view text, size_t& bad_offset) {
  for (size_t i = 0; i < text.size();) {
    size_t len = utf8_sequence(text, i);
    if (len == 0) {
      bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

std::string utf8_or_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  static const char* hex = "0123456789ABCDEF";
  for (size_t i = 0; i < text.size();) {
    size_t len = utf8_sequence(text, i);
    if (len == 0) {
      auto c = static_cast<unsigned char>(text[i]);
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
      ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace noormc
