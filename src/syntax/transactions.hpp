// Transaction control inside a migration file, as the sqlite3 shell runs the
// file: autocommit outside BEGIN, BEGIN ... COMMIT/ROLLBACK, SAVEPOINT,
// RELEASE and ROLLBACK TO (lang_transaction.html, lang_savepoint.html), and a
// transaction still open when the file ends rolled back as the shell's
// connection closes. noormc's runners run a file inside a transaction of their
// own, so they execute each of these statements as the savepoint that has the
// same effect there; the replay follows the same steps.
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"
#include "syntax/ast.hpp"

namespace noormc::syntax {

/// What one statement does to the file's transaction.
struct TransactionStep {
  enum class Kind { None, Open, RollbackTo, Release } kind = Kind::None;
  std::string savepoint;         // the savepoint it opens, rolls back to or releases (folded)
  std::vector<std::string> sql;  // what a runner executes instead of the statement, inside its own transaction
};

/// The name under which a runner opens the file's BEGIN.
inline constexpr const char* kBeginSavepoint = "noormc_begin";

/// One step per statement of `parsed`. What SQLite refuses (BEGIN inside a
/// transaction, COMMIT or ROLLBACK outside one, a savepoint that is not open)
/// and a transaction left open at the end of the file are errors (E0112) in
/// `diags`, at the statement.
std::vector<TransactionStep> transaction_steps(const ParsedFile& parsed, const SourceFile& file, Diagnostics& diags);

}  // namespace noormc::syntax
