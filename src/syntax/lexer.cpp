#include "syntax/lexer.hpp"
#include "syntax/parse.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "SQLiteLexer.h"

namespace noormc::syntax {

using antlr::SQLiteLexer;

ByteMap::ByteMap(const std::string& text) : size_(text.size()) {
  bool ascii = std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (ascii) return;
  offsets_.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets_.push_back(static_cast<uint32_t>(i));
  }
  offsets_.push_back(static_cast<uint32_t>(text.size()));
}

namespace {

/// The code point at byte `i` of valid UTF-8 and its length in bytes.
uint32_t decode(const std::string& s, size_t i, size_t& length) {
  auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k])); };
  uint32_t c = b(0);
  if (c < 0x80) return length = 1, c;
  if (c < 0xE0) return length = 2, ((c & 0x1F) << 6) | (b(1) & 0x3F);
  if (c < 0xF0) return length = 3, ((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return length = 4, ((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_letter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
/// The lead byte of a code point in U+0080..U+FFFF (two or three bytes in UTF-8): [\\u0080-\\uFFFF].
bool is_bmp_lead(unsigned char c) {
  return c >= 0xC0 && c < 0xF0;
}
bool is_space(unsigned char c) {
  return c == ' ' || c == '\v' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

/// The keyword tokens, from the grammar's own vocabulary: K_<WORD> is the word.
const std::unordered_map<std::string, size_t>& keywords() {
  static const std::unordered_map<std::string, size_t> table = [] {
    std::unordered_map<std::string, size_t> out;
    antlr4::ANTLRInputStream empty("");
    SQLiteLexer lexer(&empty);
    const auto& vocab = lexer.getVocabulary();
    for (size_t t = 1; t <= vocab.getMaxTokenType(); ++t) {
      std::string name = vocab.getSymbolicName(t);
      if (name.rfind("K_", 0) == 0) out.emplace(name.substr(2), t);
    }
    return out;
  }();
  return table;
}

}  // namespace

void Utf8Stream::consume() {
  if (p_ < size()) ++p_;
}

size_t Utf8Stream::LA(ssize_t i) {
  if (i == 0) return 0;
  ssize_t at = static_cast<ssize_t>(p_) + (i > 0 ? i - 1 : i);
  if (at < 0 || static_cast<size_t>(at) >= size()) return antlr4::IntStream::EOF;
  size_t length = 0;
  return decode(text_, bytes_(static_cast<size_t>(at)), length);
}

std::string_view Utf8Stream::view(size_t start, size_t stop) const {
  uint32_t b = bytes_(start), e = bytes_(stop + 1);
  return std::string_view(text_).substr(b, e > b ? e - b : 0);
}

std::string Utf8Stream::getText(const antlr4::misc::Interval& interval) {
  // As ANTLRInputStream::getText: nothing for a negative or empty interval,
  // the end clamped to the text.
  if (interval.a < 0 || interval.b < 0) return "";
  if (size() == 0) return "";
  size_t n = size(), start = static_cast<size_t>(interval.a), stop = static_cast<size_t>(interval.b);
  if (stop >= n) stop = n - 1;
  if (start >= n || stop + 1 <= start) return "";
  return std::string(view(start, stop));
}

SqlLexer::SqlLexer(const std::string& text, Utf8Stream& stream) : text_(text), stream_(stream) {
  keywords();
}

antlr4::TokenFactory<antlr4::CommonToken>* SqlLexer::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

std::unique_ptr<antlr4::Token> SqlLexer::nextToken() {
  std::pair<antlr4::TokenSource*, antlr4::CharStream*> source{this, &stream_};
  if (at_ >= text_.size()) {
    // Lexer::emitEOF: start at the end, stop just before it.
    auto eof = std::make_unique<antlr4::CommonToken>(source, antlr4::Token::EOF, antlr4::Token::DEFAULT_CHANNEL,
                                                     code_point_, code_point_ - 1);
    eof->setLine(line_);
    eof->setCharPositionInLine(column_);
    return eof;
  }
  size_t length = 0;
  size_t type = match(length);
  size_t code_points = 0;
  for (size_t i = at_; i < at_ + length; ++i) {
    auto c = static_cast<unsigned char>(text_[i]);
    if ((c & 0xC0) != 0x80) ++code_points;
  }
  bool hidden =
      type == SQLiteLexer::SINGLE_LINE_COMMENT || type == SQLiteLexer::MULTILINE_COMMENT || type == SQLiteLexer::SPACES;
  auto token = std::make_unique<antlr4::CommonToken>(
      source, type, hidden ? antlr4::Token::HIDDEN_CHANNEL : antlr4::Token::DEFAULT_CHANNEL, code_point_,
      code_point_ + code_points - 1);
  token->setLine(line_);
  token->setCharPositionInLine(column_);
  // LexerATNSimulator::consume: a '\n' starts a line, every other code point moves the column.
  for (size_t i = at_; i < at_ + length; ++i) {
    auto c = static_cast<unsigned char>(text_[i]);
    if (c == '\n') {
      ++line_, column_ = 0;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;
    }
  }
  at_ += length;
  code_point_ += code_points;
  return token;
}

size_t SqlLexer::match(size_t& length) const {
  const std::string& s = text_;
  size_t n = s.size(), i = at_;
  auto c = static_cast<unsigned char>(s[i]);
  auto next = [&](size_t k) { return static_cast<unsigned char>(i + k < n ? s[i + k] : 0); };
  auto one = [&](size_t t, size_t len = 1) { return length = len, t; };
  switch (c) {
    case ';':
      return one(SQLiteLexer::SCOL);
    case '(':
      return one(SQLiteLexer::OPEN_PAR);
    case ')':
      return one(SQLiteLexer::CLOSE_PAR);
    case ',':
      return one(SQLiteLexer::COMMA);
    case '*':
      return one(SQLiteLexer::STAR);
    case '+':
      return one(SQLiteLexer::PLUS);
    case '~':
      return one(SQLiteLexer::TILDE);
    case '%':
      return one(SQLiteLexer::MOD);
    case '&':
      return one(SQLiteLexer::AMP);
    case '=':
      return next(1) == '=' ? one(SQLiteLexer::EQ, 2) : one(SQLiteLexer::ASSIGN);
    case '|':
      return next(1) == '|' ? one(SQLiteLexer::PIPE2, 2) : one(SQLiteLexer::PIPE);
    case '<':
      if (next(1) == '=') return one(SQLiteLexer::LT_EQ, 2);
      if (next(1) == '<') return one(SQLiteLexer::LT2, 2);
      if (next(1) == '>') return one(SQLiteLexer::NOT_EQ2, 2);
      return one(SQLiteLexer::LT);
    case '>':
      if (next(1) == '=') return one(SQLiteLexer::GT_EQ, 2);
      if (next(1) == '>') return one(SQLiteLexer::GT2, 2);
      return one(SQLiteLexer::GT);
    case '!':
      return next(1) == '=' ? one(SQLiteLexer::NOT_EQ1, 2) : one(SQLiteLexer::UNEXPECTED_CHAR);
    case '-':
      if (next(1) == '-') {  // '--' ~[\r\n]*
        size_t e = i + 2;
        while (e < n && s[e] != '\r' && s[e] != '\n') ++e;
        return one(SQLiteLexer::SINGLE_LINE_COMMENT, e - i);
      }
      if (next(1) == '>') return next(2) == '>' ? one(SQLiteLexer::PTR2, 3) : one(SQLiteLexer::PTR, 2);
      return one(SQLiteLexer::MINUS);
    case '/':
      if (next(1) == '*') {  // '/*' .*? ('*/' | EOF)
        size_t close = s.find("*/", i + 2);
        return one(SQLiteLexer::MULTILINE_COMMENT, close == std::string::npos ? n - i : close + 2 - i);
      }
      return one(SQLiteLexer::DIV);
    case '.':
      return is_digit(next(1)) ? number(length) : one(SQLiteLexer::DOT);
    case '\'':
      return quoted(i, '\'', true, SQLiteLexer::STRING_LITERAL, length);
    case '"':
      return quoted(i, '"', true, SQLiteLexer::IDENTIFIER, length);
    case '`':
      return quoted(i, '`', true, SQLiteLexer::IDENTIFIER, length);
    case '[':
      return quoted(i, ']', false, SQLiteLexer::IDENTIFIER, length);
    case '?':
    case ':':
    case '@':
    case '$':
      return bind_parameter(length);
    default:
      break;
  }
  if (is_digit(c)) return number(length);
  if (is_space(c)) {
    size_t e = i + 1;
    while (e < n && is_space(static_cast<unsigned char>(s[e]))) ++e;
    return one(SQLiteLexer::SPACES, e - i);
  }
  if (is_letter(c) || is_bmp_lead(c)) {
    if ((c == 'x' || c == 'X') && next(1) == '\'') {
      // BLOB_LITERAL: X STRING_LITERAL. When the string runs to the end of
      // the file, the longest blob still ends at the last quote that could
      // have closed it (the first of a doubled pair); without one, x is a name.
      size_t string_length = 0, last_close = 0;
      if (quoted(i + 1, '\'', true, SQLiteLexer::STRING_LITERAL, string_length, &last_close) ==
          SQLiteLexer::STRING_LITERAL)
        return one(SQLiteLexer::BLOB_LITERAL, 1 + string_length);
      if (last_close) return one(SQLiteLexer::BLOB_LITERAL, last_close + 1 - i);
    }
    return word(length);
  }
  size_t cp_length = 0;
  decode(s, i, cp_length);
  return one(SQLiteLexer::UNEXPECTED_CHAR, cp_length);
}

/// [a-zA-Z_\u0080-\uFFFF] [a-zA-Z_0-9$\u0080-\uFFFF]*: a keyword when the whole word is one (keywords come first
/// in the grammar), else IDENTIFIER.
size_t SqlLexer::word(size_t& length) const {
  const std::string& s = text_;
  size_t e = at_;
  bool plain = true;  // ASCII letters and _ only: may be a keyword
  while (e < s.size()) {
    auto c = static_cast<unsigned char>(s[e]);
    if (is_letter(c)) {
      ++e;
    } else if (is_digit(c) || c == '$') {
      ++e, plain = false;
    } else if (is_bmp_lead(c)) {
      e += c < 0xE0 ? 2 : 3, plain = false;
    } else {
      break;
    }
  }
  length = e - at_;
  if (plain && length <= 20) {
    char upper[24];
    for (size_t k = 0; k < length; ++k) {
      char ch = s[at_ + k];
      upper[k] = ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch;
    }
    auto it = keywords().find(std::string(upper, length));
    if (it != keywords().end()) return it->second;
  }
  return SQLiteLexer::IDENTIFIER;
}

/// NUMERIC_LITERAL: ((DIGIT+ ('.' DIGIT*)?) | ('.' DIGIT+)) (E [-+]? DIGIT+)? | '0' X HEX_DIGIT+, the longer.
size_t SqlLexer::number(size_t& length) const {
  const std::string& s = text_;
  size_t n = s.size(), i = at_;
  auto at = [&](size_t k) { return static_cast<unsigned char>(k < n ? s[k] : 0); };
  size_t e = i;
  while (is_digit(at(e))) ++e;
  if (at(e) == '.') {
    ++e;
    while (is_digit(at(e))) ++e;
  }
  if (at(e) == 'e' || at(e) == 'E') {
    size_t x = e + 1;
    if (at(x) == '+' || at(x) == '-') ++x;
    if (is_digit(at(x))) {
      while (is_digit(at(x))) ++x;
      e = x;
    }
  }
  size_t hex = i;
  if (at(i) == '0' && (at(i + 1) == 'x' || at(i + 1) == 'X') && is_hex(at(i + 2))) {
    hex = i + 2;
    while (is_hex(at(hex))) ++hex;
  }
  length = std::max(e, hex) - i;
  return SQLiteLexer::NUMERIC_LITERAL;
}

/// A quoted string or name opening at byte `from`: `close` ends it, doubled when `doubled` it stands for itself.
/// Unclosed at the end of the file: UNTERMINATED_STRING or UNTERMINATED_IDENTIFIER, to the end (the longer match);
/// `last_close` then gets the last quote that could have closed it instead of starting a doubled pair (0: none).
size_t SqlLexer::quoted(size_t from, char close, bool doubled, size_t ok_type, size_t& length,
                        size_t* last_close) const {
  const std::string& s = text_;
  size_t e = from + 1;
  while (e < s.size()) {
    if (s[e] == close) {
      if (doubled && e + 1 < s.size() && s[e + 1] == close) {
        if (last_close) *last_close = e;
        e += 2;
        continue;
      }
      length = e + 1 - from;
      return ok_type;
    }
    ++e;
  }
  length = s.size() - from;
  return ok_type == SQLiteLexer::STRING_LITERAL ? SQLiteLexer::UNTERMINATED_STRING
                                                : SQLiteLexer::UNTERMINATED_IDENTIFIER;
}

/// BIND_PARAMETER: '?' DIGIT* | [:@$] [a-zA-Z_0-9$\u0080-\uFFFF]+ ( '::' [a-zA-Z_0-9$]+ )* ( '(' ~')'* ')' )?
size_t SqlLexer::bind_parameter(size_t& length) const {
  const std::string& s = text_;
  size_t n = s.size(), i = at_;
  auto at = [&](size_t k) { return static_cast<unsigned char>(k < n ? s[k] : 0); };
  auto ascii_id = [](unsigned char c) { return is_letter(c) || is_digit(c) || c == '$'; };
  size_t e = i + 1;
  if (s[i] == '?') {
    while (is_digit(at(e))) ++e;
    length = e - i;
    return SQLiteLexer::BIND_PARAMETER;
  }
  while (true) {
    unsigned char c = at(e);
    if (ascii_id(c)) {
      ++e;
    } else if (is_bmp_lead(c)) {
      e += c < 0xE0 ? 2 : 3;
    } else {
      break;
    }
  }
  if (e == i + 1) {  // [:@$] alone
    length = 1;
    return SQLiteLexer::UNEXPECTED_CHAR;
  }
  while (at(e) == ':' && at(e + 1) == ':' && ascii_id(at(e + 2))) {
    e += 2;
    while (ascii_id(at(e))) ++e;
  }
  if (at(e) == '(') {
    size_t close = s.find(')', e + 1);
    if (close != std::string::npos) e = close + 1;
  }
  length = e - i;
  return SQLiteLexer::BIND_PARAMETER;
}

std::string lexer_disagreement(const std::string& text) {
  antlr4::ANTLRInputStream input(text);
  SQLiteLexer reference(&input);
  reference.removeErrorListeners();
  ByteMap bytes(text);
  Utf8Stream stream(text, bytes);
  SqlLexer mine(text, stream);
  for (size_t k = 0;; ++k) {
    auto want = reference.nextToken();
    auto got = mine.nextToken();
    auto describe = [](antlr4::Token& t) {
      return "type " + std::to_string(t.getType()) + " channel " + std::to_string(t.getChannel()) + " [" +
             std::to_string(t.getStartIndex()) + ", " + std::to_string(t.getStopIndex()) + "] line " +
             std::to_string(t.getLine()) + ":" + std::to_string(t.getCharPositionInLine()) + " '" + t.getText() + "'";
    };
    std::string a = describe(*want), b = describe(*got);
    if (a != b) return "token " + std::to_string(k) + ": ANTLR's lexer " + a + ", noormc's " + b;
    if (want->getType() == antlr4::Token::EOF) return "";
  }
}

}  // namespace noormc::syntax
