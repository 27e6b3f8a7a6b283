// Statements whose verdict from SQLite's parser noormc knows without asking
// it: the plain shapes of ALTER TABLE, CREATE TABLE, CREATE INDEX and DROP,
// the statements grown schemas hold most of (four in five of
// bench/gen_migrations.py's folder). Asking
// costs a sqlite3_prepare, ALTER TABLE's on a database holding a stand-in
// for the altered table; their code generation is SQLite's most expensive
// (RENAME and CREATE TABLE run nested parses of sqlite_schema updates).
#pragma once

#include <string>
#include <vector>

namespace antlr4 {
class Token;
}

namespace noormc::syntax {

/// True when SQLite's tokenizer and LALR parser (sqlite3RunParser) surely
/// read `statement` to its end without a syntax error and without hitting a
/// limit, provided the table an ALTER TABLE names exists: `statement` is the
/// default-channel tokens of one statement (as LimitScan splits them, ending
/// at `;` or the end of the file) and matches one of these shapes, each taken
/// from SQLite's grammar (parse.y: cmd ::= ALTER TABLE ..., DROP ..., CREATE INDEX ..., create_table,
/// columnname, carglist, ccons, tcons, refargs, expr):
///
///   ALTER TABLE n[.n] RENAME TO n
///   ALTER TABLE n[.n] RENAME [COLUMN] n TO n
///   ALTER TABLE n[.n] DROP [COLUMN] n
///   ALTER TABLE n[.n] ADD [COLUMN] column
///   CREATE [TEMP] TABLE [IF NOT EXISTS] n[.n] (column, ... [, table constraint ...])
///       [WITHOUT ROWID | STRICT [, ...]]
///   CREATE [UNIQUE] INDEX [IF NOT EXISTS] n[.n] ON n (n [COLLATE n] [ASC|DESC], ...) [WHERE expression]
///   DROP TABLE|VIEW|INDEX|TRIGGER [IF EXISTS] n[.n]
///
/// where n is a quoted identifier or a word that is not an SQLite keyword
/// (sqlite3_keyword_check); a column is n, type words n with an optional
/// (signed number [, signed number]), and constraints: CONSTRAINT n, [NOT]
/// NULL, PRIMARY KEY [ASC|DESC], UNIQUE (each with an optional ON CONFLICT
/// clause; PRIMARY KEY with AUTOINCREMENT), DEFAULT followed by a literal, a
/// signed number, a word n or (expression), CHECK (expression), COLLATE n,
/// REFERENCES n [(n, ...)] with ON DELETE/UPDATE/INSERT actions and MATCH n,
/// [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]; a table constraint is
/// CONSTRAINT n, PRIMARY KEY or UNIQUE (n [COLLATE n] [ASC|DESC], ...), CHECK
/// (expression) or FOREIGN KEY (n, ...) REFERENCES ...; an expression is
/// operands (literals, n, n.n, calls n(expression, ...), parenthesized
/// expressions, each after an optional + - ~ and before optional [NOT] IN
/// (expression, ...), ISNULL, NOTNULL, NOT NULL, COLLATE n) joined by binary
/// operators, with at most 12 operators and 3 levels of nesting, so SQLite's
/// parser stack (100 entries) and expression depth (1000) stay far away; a
/// CREATE TABLE has at most `max_columns` columns (SQLITE_LIMIT_COLUMN).
/// Anything else (keywords used as names, blobs, a number touching the next
/// word, CASE, CAST, subqueries, GENERATED, AS SELECT) returns false, and the
/// caller asks SQLite. False is always safe.
bool sqlite_surely_parses(const std::vector<antlr4::Token*>& statement, int max_columns);

/// The same for the text of one statement, lexed here (for tests).
bool sqlite_surely_parses(const std::string& statement, int max_columns = 2000);

}  // namespace noormc::syntax
