#include "syntax/surely_parses.hpp"

#include <sqlite3.h>

#include <string>

#include "SQLiteLexer.h"
#include "antlr4-runtime.h"

namespace noormc::syntax {

namespace {

using antlr::SQLiteLexer;
using antlr4::Token;

/// A recursive-descent reader of the shapes in surely_parses.hpp over ANTLR's
/// tokens. Each method consumes its phrase and returns true, or returns false
/// (the reader is then abandoned: false only ever means "ask SQLite").
class Shapes {
 public:
  Shapes(const std::vector<Token*>& st, int max_columns) : st_(st), max_columns_(max_columns) {}

  bool statement() {
    if (type() == SQLiteLexer::K_ALTER) return alter();
    if (type() == SQLiteLexer::K_DROP) return drop();
    if (type() != SQLiteLexer::K_CREATE) return false;
    size_t k = type(1) == SQLiteLexer::K_TEMP || type(1) == SQLiteLexer::K_TEMPORARY ? 2 : 1;
    if (type(k) == SQLiteLexer::K_TABLE) return create_table();
    return create_index();
  }

 private:
  /// The most binary operators, parentheses and function calls in one
  /// expression, and the deepest nesting: they keep SQLite's parser stack
  /// (100 entries, YYSTACKDEPTH) far from full. The statement around an
  /// expression holds at most a dozen entries, each pending binary operator
  /// two, each nesting level (a parenthesis, a call, an IN list) at most
  /// eight with its prefix operators: 12 + 2 * 12 + 3 * 8 = 60.
  static constexpr int kMaxOperators = 12;
  static constexpr int kMaxNesting = 3;

  /// cmd ::= ALTER TABLE fullname RENAME TO nm | RENAME kwcolumn_opt nm TO nm
  ///       | DROP kwcolumn_opt nm | ADD kwcolumn_opt columnname carglist.
  bool alter() {
    if (!take(SQLiteLexer::K_ALTER) || !take(SQLiteLexer::K_TABLE) || !full_name()) return false;
    if (take(SQLiteLexer::K_RENAME)) {
      if (take(SQLiteLexer::K_TO)) return name() && end();
      take(SQLiteLexer::K_COLUMN);
      return name() && take(SQLiteLexer::K_TO) && name() && end();
    }
    if (take(SQLiteLexer::K_DROP)) {
      take(SQLiteLexer::K_COLUMN);
      return name() && end();
    }
    if (!take(SQLiteLexer::K_ADD)) return false;
    take(SQLiteLexer::K_COLUMN);
    return column_def() && end();
  }

  /// create_table ::= CREATE temp TABLE ifnotexists nm dbnm;
  /// create_table_args ::= LP columnlist conslist_opt RP table_option_set.
  /// At most SQLite's column limit (sqlite3AddColumn: "too many columns on").
  bool create_table() {
    if (!take(SQLiteLexer::K_CREATE)) return false;
    if (!take(SQLiteLexer::K_TEMP)) take(SQLiteLexer::K_TEMPORARY);
    if (!take(SQLiteLexer::K_TABLE)) return false;
    if (take(SQLiteLexer::K_IF) && !(take(SQLiteLexer::K_NOT) && take(SQLiteLexer::K_EXISTS))) return false;
    if (!full_name() || !take(SQLiteLexer::OPEN_PAR)) return false;
    int columns = 0;
    do {
      if (starts_table_constraint()) break;
      if (!column_def() || ++columns > max_columns_) return false;
    } while (take(SQLiteLexer::COMMA));
    if (columns == 0) return false;
    // conslist ::= conslist tconscomma tcons; tconscomma ::= COMMA | (nothing).
    while (starts_table_constraint()) {
      if (!table_constraint()) return false;
      take(SQLiteLexer::COMMA);
    }
    return take(SQLiteLexer::CLOSE_PAR) && table_options() && end();
  }

  /// cmd ::= DROP TABLE|VIEW|INDEX|TRIGGER ifexists fullname.
  bool drop() {
    if (!take(SQLiteLexer::K_DROP)) return false;
    if (!take(SQLiteLexer::K_TABLE) && !take(SQLiteLexer::K_VIEW) && !take(SQLiteLexer::K_INDEX) &&
        !take(SQLiteLexer::K_TRIGGER))
      return false;
    if (take(SQLiteLexer::K_IF) && !take(SQLiteLexer::K_EXISTS)) return false;
    return full_name() && end();
  }

  /// cmd ::= createkw uniqueflag INDEX ifnotexists nm dbnm ON nm LP sortlist RP where_opt.
  bool create_index() {
    if (!take(SQLiteLexer::K_CREATE)) return false;
    take(SQLiteLexer::K_UNIQUE);
    if (!take(SQLiteLexer::K_INDEX)) return false;
    if (take(SQLiteLexer::K_IF) && !(take(SQLiteLexer::K_NOT) && take(SQLiteLexer::K_EXISTS))) return false;
    if (!full_name() || !take(SQLiteLexer::K_ON) || !name() || !sort_list(false)) return false;
    if (type() == SQLiteLexer::K_WHERE) {
      ++at_;
      operators_ = nesting_ = 0;
      if (!expr()) return false;
    }
    return end();
  }

  size_t type(size_t k = 0) const {
    return at_ + k < st_.size() ? st_[at_ + k]->getType() : static_cast<size_t>(Token::EOF);
  }
  bool take(size_t t) {
    if (type() != t) return false;
    ++at_;
    return true;
  }

  /// The statement ends here: at its `;` (the last token) or at the end of the file.
  bool end() const { return at_ == st_.size() || (at_ + 1 == st_.size() && type() == SQLiteLexer::SCOL); }

  /// parse.y's nm, narrowed: an identifier SQLite's tokenizer reads as TK_ID
  /// too. A quoted one always is; a bare word is when it is not one of
  /// SQLite's keywords (a fallback keyword such as KEY is a name only in
  /// some places: those are left to SQLite). ANTLR's K_TRUE, K_FALSE,
  /// K_STORED, K_STRICT are such words.
  bool name() {
    if (at_ >= st_.size()) return false;
    Token* t = st_[at_];
    std::string text = t->getText();
    if (text.empty()) return false;
    char c = text.front();
    bool quoted = t->getType() == SQLiteLexer::IDENTIFIER && (c == '"' || c == '`' || c == '[');
    // A bare word: an unquoted IDENTIFIER, or one of ANTLR's keyword tokens (all letters and _).
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool word = (t->getType() == SQLiteLexer::IDENTIFIER && !quoted) ||
                (letter && t->getType() != SQLiteLexer::BLOB_LITERAL && t->getType() != SQLiteLexer::IDENTIFIER);
    if (!quoted && !(word && !sqlite3_keyword_check(text.data(), static_cast<int>(text.size())))) return false;
    ++at_;
    return true;
  }

  bool full_name() { return name() && (!take(SQLiteLexer::DOT) || name()); }

  /// An IDENTIFIER, or a keyword token of ANTLR's that may be a bare word for SQLite.
  bool looks_like_name() const {
    size_t t = type();
    return t == SQLiteLexer::IDENTIFIER || t == SQLiteLexer::K_TRUE || t == SQLiteLexer::K_FALSE ||
           t == SQLiteLexer::K_STORED || t == SQLiteLexer::K_STRICT;
  }

  /// A number token that SQLite's tokenizer ends where ANTLR's does: the next
  /// token does not touch it with a character SQLite may read on (tokenize.c
  /// reads "1e", "12abc", "1.x" or "1_000" as one token: after a number,
  /// every identifier character; and a dot, to be safe).
  bool number() {
    if (type() != SQLiteLexer::NUMERIC_LITERAL) return false;
    Token* t = st_[at_++];
    if (at_ >= st_.size() || st_[at_]->getStartIndex() != t->getStopIndex() + 1) return true;
    std::string next = st_[at_]->getText();
    unsigned char c = next.empty() ? 0 : static_cast<unsigned char>(next.front());
    bool id_char =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
    return !id_char && c != '.';
  }

  bool signed_number() {
    if (!take(SQLiteLexer::PLUS)) take(SQLiteLexer::MINUS);
    return number();
  }

  /// parse.y's term, without blobs (SQLite refuses some that ANTLR's lexer reads).
  bool term() {
    size_t t = type();
    if (t == SQLiteLexer::STRING_LITERAL || t == SQLiteLexer::K_NULL || t == SQLiteLexer::K_CURRENT_TIME ||
        t == SQLiteLexer::K_CURRENT_DATE || t == SQLiteLexer::K_CURRENT_TIMESTAMP) {
      ++at_;
      return true;
    }
    return number();
  }

  /// columnname ::= nm typetoken; typetoken ::= [typename [LP signed [COMMA signed] RP]];
  /// then carglist: the column constraints.
  bool column_def() {
    if (!name()) return false;
    bool typed = false;
    while (looks_like_name()) {
      if (!name()) return false;
      typed = true;
    }
    if (typed && take(SQLiteLexer::OPEN_PAR)) {
      if (!signed_number()) return false;
      if (take(SQLiteLexer::COMMA) && !signed_number()) return false;
      if (!take(SQLiteLexer::CLOSE_PAR)) return false;
    }
    while (starts_column_constraint()) {
      if (!column_constraint()) return false;
    }
    return true;
  }

  bool starts_column_constraint() const {
    switch (type()) {
      case SQLiteLexer::K_CONSTRAINT:
      case SQLiteLexer::K_NULL:
      case SQLiteLexer::K_NOT:
      case SQLiteLexer::K_PRIMARY:
      case SQLiteLexer::K_UNIQUE:
      case SQLiteLexer::K_DEFAULT:
      case SQLiteLexer::K_COLLATE:
      case SQLiteLexer::K_REFERENCES:
      case SQLiteLexer::K_DEFERRABLE:
      case SQLiteLexer::K_CHECK:
        return true;
      default:
        return false;
    }
  }

  /// onconf ::= [ON CONFLICT resolvetype].
  bool on_conflict() {
    if (type() != SQLiteLexer::K_ON || type(1) != SQLiteLexer::K_CONFLICT) return true;
    at_ += 2;
    size_t t = type();
    bool ok = t == SQLiteLexer::K_ROLLBACK || t == SQLiteLexer::K_ABORT || t == SQLiteLexer::K_FAIL ||
              t == SQLiteLexer::K_IGNORE || t == SQLiteLexer::K_REPLACE;
    at_ += ok;
    return ok;
  }

  /// One ccons of parse.y, within the shapes of surely_parses.hpp.
  bool column_constraint() {
    switch (st_[at_++]->getType()) {
      case SQLiteLexer::K_CONSTRAINT:
        return name();
      case SQLiteLexer::K_NULL:
        return on_conflict();
      case SQLiteLexer::K_NOT:
        if (take(SQLiteLexer::K_NULL)) return on_conflict();
        return deferrable();
      case SQLiteLexer::K_PRIMARY:
        if (!take(SQLiteLexer::K_KEY)) return false;
        if (!take(SQLiteLexer::K_ASC)) take(SQLiteLexer::K_DESC);
        if (!on_conflict()) return false;
        take(SQLiteLexer::K_AUTOINCREMENT);
        return true;
      case SQLiteLexer::K_UNIQUE:
        return on_conflict();
      case SQLiteLexer::K_DEFAULT:
        return default_value();
      case SQLiteLexer::K_COLLATE:
        return name();
      case SQLiteLexer::K_REFERENCES:
        return references();
      case SQLiteLexer::K_DEFERRABLE:
        --at_;
        return deferrable();
      case SQLiteLexer::K_CHECK:
        return parenthesized();
      default:
        return false;
    }
  }

  /// DEFAULT term | DEFAULT (+|-) term | DEFAULT id | DEFAULT LP expr RP.
  bool default_value() {
    if (type() == SQLiteLexer::OPEN_PAR) return parenthesized();
    if (take(SQLiteLexer::PLUS) || take(SQLiteLexer::MINUS)) return term();
    if (looks_like_name()) return name();
    return term();
  }

  /// REFERENCES nm eidlist_opt refargs.
  bool references() {
    if (!name()) return false;
    if (type() == SQLiteLexer::OPEN_PAR && !name_list()) return false;
    while (true) {
      if (take(SQLiteLexer::K_MATCH)) {
        if (!name()) return false;
      } else if (type() == SQLiteLexer::K_ON && type(1) != SQLiteLexer::K_CONFLICT) {
        ++at_;
        if (!take(SQLiteLexer::K_DELETE) && !take(SQLiteLexer::K_UPDATE) && !take(SQLiteLexer::K_INSERT)) return false;
        if (!action()) return false;
      } else {
        return true;
      }
    }
  }

  /// LP nm [COMMA nm]... RP (an eidlist without COLLATE or ordering).
  bool name_list() {
    if (!take(SQLiteLexer::OPEN_PAR)) return false;
    do {
      if (!name()) return false;
    } while (take(SQLiteLexer::COMMA));
    return take(SQLiteLexer::CLOSE_PAR);
  }

  /// refact ::= SET NULL | SET DEFAULT | CASCADE | RESTRICT | NO ACTION.
  bool action() {
    if (take(SQLiteLexer::K_SET)) return take(SQLiteLexer::K_NULL) || take(SQLiteLexer::K_DEFAULT);
    if (take(SQLiteLexer::K_NO)) return take(SQLiteLexer::K_ACTION);
    return take(SQLiteLexer::K_CASCADE) || take(SQLiteLexer::K_RESTRICT);
  }

  /// defer_subclause ::= [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE] (NOT already taken).
  bool deferrable() {
    if (!take(SQLiteLexer::K_DEFERRABLE)) return false;
    if (take(SQLiteLexer::K_INITIALLY)) return take(SQLiteLexer::K_DEFERRED) || take(SQLiteLexer::K_IMMEDIATE);
    return true;
  }

  bool starts_table_constraint() const {
    size_t t = type();
    return t == SQLiteLexer::K_CONSTRAINT || t == SQLiteLexer::K_PRIMARY || t == SQLiteLexer::K_UNIQUE ||
           t == SQLiteLexer::K_CHECK || t == SQLiteLexer::K_FOREIGN;
  }

  /// tcons ::= CONSTRAINT nm | PRIMARY KEY LP sortlist autoinc RP onconf | UNIQUE LP sortlist RP onconf
  ///         | CHECK LP expr RP onconf | FOREIGN KEY LP eidlist RP REFERENCES nm eidlist_opt refargs
  ///           defer_subclause_opt.
  bool table_constraint() {
    switch (st_[at_++]->getType()) {
      case SQLiteLexer::K_CONSTRAINT:
        return name();
      case SQLiteLexer::K_PRIMARY:
        return take(SQLiteLexer::K_KEY) && sort_list(true) && on_conflict();
      case SQLiteLexer::K_UNIQUE:
        return sort_list(false) && on_conflict();
      case SQLiteLexer::K_CHECK:
        return parenthesized() && on_conflict();
      case SQLiteLexer::K_FOREIGN:
        if (!take(SQLiteLexer::K_KEY) || !name_list() || !take(SQLiteLexer::K_REFERENCES) || !references())
          return false;
        if (take(SQLiteLexer::K_NOT)) return deferrable();
        return type() != SQLiteLexer::K_DEFERRABLE || deferrable();
      default:
        return false;
    }
  }

  /// LP sortlist [AUTOINCREMENT] RP, each term nm [COLLATE nm] [ASC|DESC].
  bool sort_list(bool autoincrement) {
    if (!take(SQLiteLexer::OPEN_PAR)) return false;
    do {
      if (!name()) return false;
      if (take(SQLiteLexer::K_COLLATE) && !name()) return false;
      if (!take(SQLiteLexer::K_ASC)) take(SQLiteLexer::K_DESC);
    } while (take(SQLiteLexer::COMMA));
    if (autoincrement) take(SQLiteLexer::K_AUTOINCREMENT);
    return take(SQLiteLexer::CLOSE_PAR);
  }

  /// table_option_set: WITHOUT ROWID and STRICT, separated by commas (the
  /// only options SQLite knows; others it refuses while parsing).
  bool table_options() {
    if (end()) return true;
    do {
      if (take(SQLiteLexer::K_WITHOUT)) {
        if (type() != SQLiteLexer::IDENTIFIER || !same_word(st_[at_]->getText(), "rowid")) return false;
        ++at_;
      } else if (!take(SQLiteLexer::K_STRICT)) {
        return false;
      }
    } while (take(SQLiteLexer::COMMA));
    return true;
  }

  static bool same_word(const std::string& a, const char* b) {
    size_t i = 0;
    for (; i < a.size() && b[i]; ++i) {
      if ((a[i] | 0x20) != b[i]) return false;
    }
    return i == a.size() && !b[i];
  }

  // ---------------------------------------------------------------- expressions

  /// LP expr RP, a whole expression (CHECK, DEFAULT): counts start afresh.
  bool parenthesized() {
    operators_ = 0;
    nesting_ = 0;
    return take(SQLiteLexer::OPEN_PAR) && expr() && take(SQLiteLexer::CLOSE_PAR);
  }

  /// LP expr RP inside an expression (or starting one).
  bool nested() {
    if (++nesting_ > kMaxNesting || !take(SQLiteLexer::OPEN_PAR) || !expr()) return false;
    --nesting_;
    return take(SQLiteLexer::CLOSE_PAR);
  }

  /// expr, narrowed: operands joined by binary operators, each operand with
  /// optional postfix tests. Any such sequence is an expr of parse.y
  /// (expr ::= expr OP expr for each operator; precedence only picks the tree).
  bool expr() {
    if (!operand()) return false;
    while (binary_operator()) {
      if (++operators_ > kMaxOperators || !operand()) return false;
    }
    return true;
  }

  /// [+|-|~] primary, then postfix tests: [NOT] IN (list), ISNULL, NOTNULL, NOT NULL, COLLATE nm.
  bool operand() {
    if (!take(SQLiteLexer::PLUS) && !take(SQLiteLexer::MINUS)) take(SQLiteLexer::TILDE);
    if (!primary()) return false;
    while (true) {
      if (take(SQLiteLexer::K_ISNULL) || take(SQLiteLexer::K_NOTNULL)) continue;
      if (take(SQLiteLexer::K_COLLATE)) {
        if (!name()) return false;
        continue;
      }
      bool negated = type() == SQLiteLexer::K_NOT;
      if (negated && type(1) == SQLiteLexer::K_NULL) {
        at_ += 2;
        continue;
      }
      if (type(negated ? 1 : 0) != SQLiteLexer::K_IN) return true;
      at_ += negated ? 2 : 1;
      if (!expr_list()) return false;
    }
  }

  /// A literal, nm, nm.nm, nm.nm.nm, a call id(args) or (expr).
  bool primary() {
    if (type() == SQLiteLexer::OPEN_PAR) return nested();
    if (!looks_like_name()) return term();
    if (!name()) return false;
    if (type() == SQLiteLexer::OPEN_PAR) {
      // expr ::= id LP distinct exprlist RP; an empty list too.
      if (type(1) == SQLiteLexer::CLOSE_PAR) return at_ += 2, true;
      return expr_list();
    }
    for (int i = 0; i < 2 && take(SQLiteLexer::DOT); ++i) {
      if (!name()) return false;
    }
    return true;
  }

  /// LP expr [COMMA expr]... RP (exprlist is left-recursive: one nesting level).
  bool expr_list() {
    if (++nesting_ > kMaxNesting || !take(SQLiteLexer::OPEN_PAR)) return false;
    do {
      if (!expr()) return false;
    } while (take(SQLiteLexer::COMMA));
    --nesting_;
    return take(SQLiteLexer::CLOSE_PAR);
  }

  /// OR AND IS [NOT] LIKE GLOB = == != <> < <= > >= & | << >> + - * / % ||.
  bool binary_operator() {
    switch (type()) {
      case SQLiteLexer::K_IS:
        ++at_;
        take(SQLiteLexer::K_NOT);
        return true;
      case SQLiteLexer::K_OR:
      case SQLiteLexer::K_AND:
      case SQLiteLexer::K_LIKE:
      case SQLiteLexer::K_GLOB:
      case SQLiteLexer::ASSIGN:
      case SQLiteLexer::EQ:
      case SQLiteLexer::NOT_EQ1:
      case SQLiteLexer::NOT_EQ2:
      case SQLiteLexer::LT:
      case SQLiteLexer::LT_EQ:
      case SQLiteLexer::GT:
      case SQLiteLexer::GT_EQ:
      case SQLiteLexer::AMP:
      case SQLiteLexer::PIPE:
      case SQLiteLexer::LT2:
      case SQLiteLexer::GT2:
      case SQLiteLexer::PLUS:
      case SQLiteLexer::MINUS:
      case SQLiteLexer::STAR:
      case SQLiteLexer::DIV:
      case SQLiteLexer::MOD:
      case SQLiteLexer::PIPE2:
        ++at_;
        return true;
      default:
        return false;
    }
  }

  const std::vector<Token*>& st_;
  int max_columns_;
  size_t at_ = 0;
  int operators_ = 0, nesting_ = 0;
};

}  // namespace

bool sqlite_surely_parses(const std::vector<antlr4::Token*>& statement, int max_columns) {
  return Shapes(statement, max_columns).statement();
}

bool sqlite_surely_parses(const std::string& statement, int max_columns) {
  antlr4::ANTLRInputStream input(statement);
  SQLiteLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  std::vector<Token*> st;
  for (Token* t : tokens.getTokens()) {
    if (t->getChannel() != Token::DEFAULT_CHANNEL || t->getType() == Token::EOF) continue;
    if (t->getType() >= SQLiteLexer::UNTERMINATED_STRING) return false;  // lexical errors: parse_file stops first
    st.push_back(t);
  }
  return sqlite_surely_parses(st, max_columns);
}

}  // namespace noormc::syntax
