// Stage 4: schema model → TypeScript. C++ decides what goes into the
// templates (names, types, conversions, SQL text, relations); the Mustache
// templates of templates/ hold the TypeScript shape. The output is
// deterministic: the same model and options give byte-identical files.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "checks/sqltext.hpp"
#include "diag/diagnostics.hpp"
#include "emit/escape.hpp"
#include "emit/write.hpp"
#include "model/schema.hpp"
#include "syntax/folder.hpp"

namespace noormc::emit {

struct EmitOptions {
  bool camel_case = false;            // noormc.json "camelCase"
  bool bigint = false;                // noormc.json "bigint"
  std::string database = "./app.db";  // noormc.json "database"
  /// How generated files import each other: "" (bundlers: Next.js, Vite) or
  /// ".js" (Node's ESM resolution: tsconfig "moduleResolution": "NodeNext").
  std::string import_extension;
  /// noormc.json "relations": "table.relation" → the name to use instead.
  std::map<std::string, std::string> relation_names;
  /// The migrations the schema was replayed from, when known: diagnostics about
  /// a table or column (the Auth.js checks) point at its declaration.
  const syntax::MigrationSet* sources = nullptr;
};

/// One migration as embedded in migrations.ts: its statements already split by
/// the parser (checks::runnable_statements, what `noormc migrate` runs too).
struct EmbeddedMigration {
  std::string name;
  std::string checksum;  // hex SHA-256 of the up file's bytes
  std::vector<checks::RunnableStatement> up;
  std::optional<std::vector<checks::RunnableStatement>> down;
};

std::vector<EmbeddedMigration> embedded_migrations(const syntax::MigrationSet& set);

/// Renders every output file. Problems the schema poses to the generated code
/// (for instance two tables mapping to one type name) are reported in `diags`.
std::vector<OutputFile> emit_typescript(const model::Schema& schema, const std::vector<EmbeddedMigration>& migrations,
                                        const EmitOptions& options, Diagnostics& diags);

}  // namespace noormc::emit
