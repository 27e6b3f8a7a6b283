// SQLite's tokens, read by hand: the same tokens, types, channels, code-point
// indexes, lines and columns as the lexer ANTLR generates from
// grammar/SQLiteLexer.g4 (tests/lexer_test.cpp compares the two on every
// fixture and on fuzzed text), several times faster, with no prediction
// cache to warm up and no UTF-32 copy of the file. The grammar stays the
// definition; this is its fast reader.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "antlr4-runtime.h"

namespace noormc::syntax {

/// Offsets in ANTLR's streams are code points; the AST keeps bytes.
class ByteMap {
 public:
  explicit ByteMap(const std::string& text);
  /// The byte offset of code point `cp` (the text's size past its end).
  uint32_t operator()(size_t cp) const {
    if (offsets_.empty()) return static_cast<uint32_t>(cp < size_ ? cp : size_);
    return cp < offsets_.size() ? offsets_[cp] : offsets_.back();
  }
  size_t code_points() const { return offsets_.empty() ? size_ : offsets_.size() - 1; }

 private:
  std::vector<uint32_t> offsets_;  // empty when the text is ASCII: code point i is byte i
  size_t size_ = 0;
};

/// A CharStream over the UTF-8 text itself, for the tokens' text
/// (getText(Interval) in code points, as ANTLRInputStream answers it). Only
/// the parts of CharStream the parser and the tokens use are meaningful:
/// the lexer below reads the bytes directly.
class Utf8Stream : public antlr4::CharStream {
 public:
  Utf8Stream(const std::string& text, const ByteMap& bytes) : text_(text), bytes_(bytes) {}
  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return -1; }
  void release(ssize_t) override {}
  size_t index() override { return p_; }
  void seek(size_t index) override { p_ = index; }
  size_t size() override { return bytes_.code_points(); }
  std::string getSourceName() const override { return antlr4::IntStream::UNKNOWN_SOURCE_NAME; }
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string toString() const override { return text_; }
  /// The bytes of code points [start, stop], as a view (no copy).
  std::string_view view(size_t start, size_t stop) const;

 private:
  const std::string& text_;
  const ByteMap& bytes_;
  size_t p_ = 0;
};

/// The token source: grammar/SQLiteLexer.g4's rules (longest match, the
/// earlier rule on a tie), one token per nextToken(), then EOF.
class SqlLexer : public antlr4::TokenSource {
 public:
  /// `text` must be valid UTF-8 (parse_file checks it first).
  SqlLexer(const std::string& text, Utf8Stream& stream);
  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() override { return column_; }
  antlr4::CharStream* getInputStream() override { return &stream_; }
  std::string getSourceName() override { return stream_.getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override;

 private:
  /// The token type and its length in bytes at byte `at_`.
  size_t match(size_t& length) const;
  size_t word(size_t& length) const;
  size_t number(size_t& length) const;
  size_t quoted(size_t from, char close, bool doubled, size_t ok_type, size_t& length,
                size_t* last_close = nullptr) const;
  size_t bind_parameter(size_t& length) const;

  const std::string& text_;
  Utf8Stream& stream_;
  size_t at_ = 0;          // byte offset
  size_t code_point_ = 0;  // code-point index of at_
  size_t line_ = 1, column_ = 0;
};

}  // namespace noormc::syntax
