// Names in the generated TypeScript: singular PascalCase types from table
// names, camelCase properties, identifiers that are valid TypeScript.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emit/escape.hpp"

namespace noormc::emit {

/// Splits `post_tags`, `PostTags`, `postTags`, `post-tags`, `HTTPServer` into lower-case words.
std::vector<std::string> words(std::string_view name);
/// The singular of one lower-case English word: people → person, categories → category, tags → tag.
std::string singular(const std::string& word);
/// The plural of one lower-case English word: person → people, category → categories.
std::string plural(const std::string& word);
/// `post_tags` → `PostTag`, `people` → `Person`, `User` → `User`.
std::string type_name(std::string_view table);
/// `post_tags` → `PostTags` (the repository class stem, keeping the plural).
std::string pascal(std::string_view name);
/// `created_at` → `createdAt`.
std::string camel(std::string_view name);
/// `postsTable`-style constant names: camel of the name.
bool is_identifier(std::string_view s);
bool is_reserved_word(std::string_view s);
/// A property key, in an object literal or a type: object_key (escape.hpp).
std::string property_key(std::string_view name);
/// True for the names Object.prototype holds (constructor, toString, __proto__, ...):
/// generated code reads such properties as own properties only.
bool is_object_prototype_member(std::string_view name);
/// An SQL identifier in double quotes ("" inside doubled), as generated SQL writes every name.
std::string sql_ident(std::string_view name);
/// An identifier that is safe as a type or variable name (prefixes `_` when needed).
std::string safe_identifier(const std::string& s);
/// The metadata constant of a table: `post_tags` → `postTagsTable`.
std::string table_meta_name(std::string_view table);
/// The TS property of a column: its name, or camelCase with "camelCase": true.
std::string property_name(std::string_view column, bool camel_case);

}  // namespace noormc::emit
