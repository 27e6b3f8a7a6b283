// Stage 4: schema model → TypeScript, in two steps: planning (plan.hpp:
// names, types, relations, every E08xx problem) and rendering the plan
// through the Mustache templates of templates/, which hold the TypeScript
// shape. The output is deterministic: the same model and options give
// byte-identical files.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "checks/sqltext.hpp"
#include "diag/diagnostics.hpp"
#include "emit/escape.hpp"
#include "emit/plan.hpp"
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
  /// What its text in migrations.ts is made of (set by embedded_migrations; computed when empty).
  std::string key;
};

std::vector<EmbeddedMigration> embedded_migrations(const syntax::MigrationSet& set);

/// Plans and renders every output file. Problems the schema poses to the
/// generated code (for instance two tables mapping to one type name) are
/// reported in `diags`; nothing is returned when there is an error.
std::vector<OutputFile> emit_typescript(const model::Schema& schema, const std::vector<EmbeddedMigration>& migrations,
                                        const EmitOptions& options, Diagnostics& diags);

struct RenderCache;  // emit.cpp

/// An emitter that lives across builds (`noormc watch`). It keeps each
/// table's and view's rendered sections and each migration's JSON, keyed by
/// everything they are made of (names, columns, keys, indexes, relations, the
/// names those refer to), and renders again only what changed; the files are
/// then assembled from the pieces, byte for byte those emit_typescript gives.
class Session {
 public:
  Session();
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  /// The files of a plan (nothing when the plan is not ok or on an internal error, E0900).
  std::vector<OutputFile> render(const Plan& plan, const std::vector<EmbeddedMigration>& migrations,
                                 const EmitOptions& options, Diagnostics& diags);
  /// embedded_migrations(set), kept in the session: a migration whose up and
  /// down files are the objects of the last call (a ParseCache hands out the
  /// same SourceFile for an unchanged file) is not split and hashed again.
  const std::vector<EmbeddedMigration>& embedded(const syntax::MigrationSet& set);
  /// plan_typescript, then render.
  std::vector<OutputFile> render(const model::Schema& schema, const std::vector<EmbeddedMigration>& migrations,
                                 const EmitOptions& options, Diagnostics& diags);

  /// What the last render did: tables and views rendered afresh, and kept.
  struct Stats {
    size_t rendered = 0, reused = 0;
  };
  Stats last() const;

 private:
  std::unique_ptr<RenderCache> cache_;
};

}  // namespace noormc::emit
