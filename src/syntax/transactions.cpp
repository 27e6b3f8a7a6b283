#include "syntax/transactions.hpp"

#include "syntax/parse.hpp"

namespace noormc::syntax {

namespace {

/// The open savepoints of the file, outermost first; a BEGIN is kBeginSavepoint.
class TransactionState {
 public:
  TransactionState(const SourceFile& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  TransactionStep step(const Statement& st, const Other& o) {
    if (o.keyword == "BEGIN") return begin(st);
    if (o.keyword == "COMMIT") return end(st, false);
    if (o.keyword == "ROLLBACK" && o.name.text.empty()) return end(st, true);
    if (o.keyword == "SAVEPOINT") return savepoint(st, o);
    if (o.keyword == "RELEASE") return release(st, o);
    if (o.keyword == "ROLLBACK") return rollback_to(st, o);
    return {};
  }

  /// A transaction open when the file ends: the shell's connection closes and SQLite rolls it back.
  void finish() {
    if (open_.empty() || opened_by_ == nullptr) return;  // opened_by_ is set whenever open_ is not empty
    const Statement& st = *opened_by_;
    auto& d = refuse(st, "the transaction this statement opens is still open at the end of the file");
    d.notes.push_back(
        "the sqlite3 shell rolls it back when the file ends (so nothing after it stays), while "
        "noormc's runners would keep it: end it with COMMIT (or RELEASE the savepoint)");
  }

 private:
  TransactionStep begin(const Statement& st) {
    if (!open_.empty()) {
      refuse(st, "cannot start a transaction within a transaction")
          .notes.push_back(
              "SQLite refuses a BEGIN while the file's transaction is open; COMMIT it first, or use SAVEPOINT");
      return {};
    }
    opened_by_ = &st;
    open_.push_back(kBeginSavepoint);
    return {TransactionStep::Kind::Open, kBeginSavepoint, {std::string("SAVEPOINT ") + kBeginSavepoint}};
  }

  TransactionStep end(const Statement& st, bool rollback) {
    if (open_.empty()) {
      refuse(st, rollback ? "cannot rollback - no transaction is active" : "cannot commit - no transaction is active")
          .notes.push_back(
              "SQLite refuses it outside BEGIN ... COMMIT; noormc's runners already run each file "
              "in a transaction of their own: remove it");
      return {};
    }
    std::string outer = open_.front();
    open_.clear();
    if (!rollback) return {TransactionStep::Kind::Release, outer, {"RELEASE " + quote(outer, '"')}};
    return {
        TransactionStep::Kind::RollbackTo, outer, {"ROLLBACK TO " + quote(outer, '"'), "RELEASE " + quote(outer, '"')}};
  }

  TransactionStep savepoint(const Statement& st, const Other& o) {
    if (open_.empty()) opened_by_ = &st;
    std::string name = fold(o.name.text);
    open_.push_back(name);
    return {TransactionStep::Kind::Open, name, {}};
  }

  /// The index of the innermost open savepoint named `name`; -1 when none is.
  long find(const std::string& name) const {
    for (long i = static_cast<long>(open_.size()) - 1; i >= 0; --i) {
      if (open_[static_cast<size_t>(i)] == name) return i;
    }
    return -1;
  }

  TransactionStep release(const Statement& st, const Other& o) {
    std::string name = fold(o.name.text);
    long at = find(name);
    if (at < 0) return no_such_savepoint(st, o);
    open_.resize(static_cast<size_t>(at));
    return {TransactionStep::Kind::Release, name, {}};
  }

  TransactionStep rollback_to(const Statement& st, const Other& o) {
    std::string name = fold(o.name.text);
    long at = find(name);
    if (at < 0) return no_such_savepoint(st, o);
    open_.resize(static_cast<size_t>(at) + 1);
    return {TransactionStep::Kind::RollbackTo, name, {}};
  }

  TransactionStep no_such_savepoint(const Statement& st, const Other& o) {
    refuse(st, "no such savepoint: " + o.name.text)
        .notes.push_back("SQLite refuses it: no SAVEPOINT of that name is open at this point of the file");
    return {};
  }

  Diagnostic& refuse(const Statement& st, const std::string& message) {
    return diags_.add(Severity::Error, "E0112", file_, st.span.begin, st.span.end, message);
  }

  const SourceFile& file_;
  Diagnostics& diags_;
  std::vector<std::string> open_;
  const Statement* opened_by_ = nullptr;  // the BEGIN or first SAVEPOINT of the open transaction
};

}  // namespace

std::vector<TransactionStep> transaction_steps(const ParsedFile& parsed, const SourceFile& file, Diagnostics& diags) {
  std::vector<TransactionStep> out;
  TransactionState state(file, diags);
  for (const auto& st : parsed.statements) {
    const auto* o = std::get_if<Other>(&st->body);
    out.push_back(o && !st->explain ? state.step(*st, *o) : TransactionStep{});
  }
  state.finish();
  return out;
}

}  // namespace noormc::syntax
