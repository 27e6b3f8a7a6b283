// Text from the migrations (table, column, index and relation names, CHECK
// values, DEFAULT and GENERATED expressions, SQL) reaches the generated
// TypeScript only through these functions, one per place it can land. Each
// one makes the text inert there: it can end no comment, string or line, and
// never runs as code. See docs/reference/generated-code.md ("Names").
#pragma once

#include <string>
#include <string_view>

namespace noormc::emit {

/// A single-quoted TypeScript string literal (also a string literal type):
/// `\`, `'`, line terminators (\n, \r, U+2028, U+2029) and control characters
/// escaped (`${` and backticks mean nothing inside single quotes).
std::string ts_string(std::string_view s);
/// The same literal, the way migrations.ts writes SQL text.
std::string js_string(std::string_view s);
/// Text inside a `// ...` comment: line terminators and control characters
/// shown as `\n`, `\r`, `\u2028`... so the comment cannot end early.
std::string line_comment(std::string_view s);
/// Text inside a `/** ... */` (JSDoc) comment, on one line: as line_comment,
/// and `*/` written `*\/`, `@` written `\@` (no JSDoc tag), a backtick `\``.
std::string doc_comment(std::string_view s);
/// A property name in an interface or a type literal: bare when it is an
/// identifier, else a string literal.
std::string type_key(std::string_view name);
/// A property name in an object literal: as type_key, except `__proto__`,
/// which an object literal would take as the prototype: `['__proto__']` (also
/// valid in a type literal).
std::string object_key(std::string_view name);
/// A property read: `.name`, or `['name']` when name is not an identifier.
std::string member_access(std::string_view name);

}  // namespace noormc::emit
