// syntax::SqlLexer reads the tokens grammar/SQLiteLexer.g4 defines, by hand.
// The generated ANTLR lexer is the oracle: on every .sql file of the
// repository and on fuzzed text (SQL fragments and characters of every
// class glued at random, valid UTF-8 from ASCII to four-byte code points),
// both must give the same tokens: type, channel, code-point start and stop,
// line, column and text.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "diag/source.hpp"
#include "support.hpp"
#include "syntax/parse.hpp"

namespace noormc {
namespace {

namespace fs = std::filesystem;

TEST(Lexer, ReadsEveryRepositorySqlFileAsTheGrammarsLexer) {
  size_t files = 0;
  for (const char* root : {"fixtures", "examples", "tests", "docs"}) {
    fs::path base = fs::path(test::source_dir()) / root;
    if (!fs::is_directory(base)) continue;
    for (const auto& e : fs::recursive_directory_iterator(base)) {
      if (!e.is_regular_file() || e.path().extension() != ".sql") continue;
      std::string text;
      ASSERT_TRUE(read_file(e.path().string(), text));
      size_t bad = 0;
      if (!valid_utf8(text, bad)) continue;
      EXPECT_EQ(syntax::lexer_disagreement(text), "") << e.path();
      ++files;
    }
  }
  EXPECT_GT(files, 30u);
}

TEST(Lexer, EdgesOfEveryRule) {
  for (const std::string& text : std::vector<std::string>{
           "",
           " ",
           "x",
           "X'",
           "x'00'",
           "x'0g' y",
           "X''",
           "x'a''b'",
           "x'X|''b",
           "x'a''",
           "x'a''''c",
           "x'",
           "xy'a'",
           "'a''",
           "'a'''",
           "'a'' b",
           "''",
           "\"a\"\"b\"",
           "\"a",
           "`a``b`",
           "`a",
           "[a]]",
           "[a",
           "0x",
           "0x1F",
           "0X1e5",
           "0x1.5",
           "00x1",
           "1.",
           "1.e5",
           "1e",
           "1e+",
           "1e+5",
           "1..2",
           ".5",
           ".e5",
           ".",
           "..",
           "1_000",
           "12abc",
           "?",
           "?12a",
           ":",
           ":a",
           ":a::b",
           ":a::",
           ":a::é",
           "@a(b",
           "@a(b)c",
           "$a(",
           "$",
           "$é",
           "é",
           "\xF0\x9F\x98\x80",
           "a\xF0\x9F\x98\x80"
           "b",
           "--",
           "-- x\r\ny",
           "--x",
           "/*",
           "/* a */",
           "/*/",
           "/**/",
           "a/b",
           "->",
           "->>",
           "-->",
           "- >",
           "<<=",
           "<>",
           "<=>",
           ">>=",
           "||",
           "|||",
           "==",
           "===",
           "!=",
           "!",
           "!!",
           "#",
           "\\",
           "\x01",
           std::string("a\0b", 3),
           "select SELECT SeLeCt selectx _select select_ current_timestamp CURRENT_TIMESTAMPS rowid",
           "a\nb\n\nc\r\n\td",
           "\v\f",
           "ａ",
           "ａｂ１",
           "a$b",
           "\u00a0"
           "x",
           "\xEF\xBF\xBF",
           "\xEF\xBF\xBF"
           "x",
       }) {
    EXPECT_EQ(syntax::lexer_disagreement(text), "") << "text: " << text;
  }
}

TEST(Lexer, FuzzedTextAsTheGrammarsLexer) {
  const std::vector<std::string> pieces = {" ",
                                           "\n",
                                           "\r\n",
                                           "\t",
                                           "\v",
                                           "\f",
                                           "a",
                                           "Z",
                                           "_",
                                           "x",
                                           "X",
                                           "é",
                                           "ü",
                                           "\xE2\x82\xAC",
                                           "\xF0\x9F\x98\x80",
                                           "0",
                                           "9",
                                           ".",
                                           "e",
                                           "E",
                                           "+",
                                           "-",
                                           "x'",
                                           "'",
                                           "''",
                                           "\"",
                                           "\"\"",
                                           "`",
                                           "[",
                                           "]",
                                           "(",
                                           ")",
                                           ";",
                                           ",",
                                           "=",
                                           "==",
                                           "!",
                                           "<",
                                           ">",
                                           "|",
                                           "&",
                                           "*",
                                           "/",
                                           "%",
                                           "~",
                                           "?",
                                           ":",
                                           "::",
                                           "@",
                                           "$",
                                           "#",
                                           "\\",
                                           "--",
                                           "/*",
                                           "*/",
                                           "->",
                                           "SELECT",
                                           "select",
                                           "CREATE",
                                           "table",
                                           "Current_Time",
                                           "NOT",
                                           "null",
                                           "rowid",
                                           "1e5",
                                           "0x1F",
                                           "12",
                                           "3.14",
                                           "'it''s'",
                                           "\"q\"",
                                           "[n]",
                                           "`b`",
                                           std::string(1, '\0'),
                                           "\x7F"};
  std::mt19937 rng(20261130);
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    size_t k = 1 + rng() % 12;
    for (size_t i = 0; i < k; ++i) text += pieces[rng() % pieces.size()];
    std::string why = syntax::lexer_disagreement(text);
    ASSERT_EQ(why, "") << "text: " << text;
  }
}

}  // namespace
}  // namespace noormc
