// Stage 1: text → statements. The only entry point into the ANTLR parser.
#pragma once

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"
#include "syntax/ast.hpp"

namespace noormc::syntax {

/// Parses a whole file into statements. Lexical and syntax errors are added
/// to `diags` (code E01xx) with their location; the statements parsed before
/// the first error are still returned.
ParsedFile parse_file(const SourceFile& file, Diagnostics& diags);

/// The source text of a span, as written.
std::string_view span_text(const SourceFile& file, Span span);

/// For tests (syntax/lexer.hpp): "" when noormc's lexer reads `text` (valid
/// UTF-8) into exactly the tokens ANTLR's lexer generated from
/// grammar/SQLiteLexer.g4 reads (type, channel, code-point start and stop,
/// line, column, text); else the first difference.
std::string lexer_disagreement(const std::string& text);

}  // namespace noormc::syntax
