// SQLite's statement syntax, written for noormc from SQLite's language
// documentation (https://www.sqlite.org/lang.html) and the meaning its
// parser gives each construct. Rule names follow the documentation's
// diagrams where one exists.
//
// Only src/syntax/ sees this grammar: the parse tree is converted there into
// noormc's own statement types.
parser grammar SQLiteParser;

options {
    tokenVocab = SQLiteLexer;
}

// Statements separated by semicolons, any of them empty. Written so that each
// choice is made on one token: `(sql_stmt? SCOL)* sql_stmt? EOF`, the same
// language, made ANTLR read each whole statement ahead to see whether a
// semicolon or the end follows it (a quarter of a cold parse's time).
parse
    : sql_stmt? (SCOL sql_stmt?)* EOF
    ;

sql_stmt
    : (K_EXPLAIN (K_QUERY K_PLAN)?)? (
        alter_table_stmt
        | analyze_stmt
        | attach_stmt
        | begin_stmt
        | commit_stmt
        | create_index_stmt
        | create_table_stmt
        | create_trigger_stmt
        | create_view_stmt
        | create_virtual_table_stmt
        | delete_stmt
        | detach_stmt
        | drop_stmt
        | insert_stmt
        | pragma_stmt
        | reindex_stmt
        | release_stmt
        | rollback_stmt
        | savepoint_stmt
        | select_stmt
        | update_stmt
        | vacuum_stmt
    )
    ;

// ---------------------------------------------------------------- schema DDL

// After ADD, DROP and RENAME a COLUMN token is always the keyword, as in
// SQLite's LALR parser (kwcolumn_opt shifts COLUMNKW before its fallback to
// ID): `ADD COLUMN;` is a syntax error, `ADD column TEXT` adds a column named
// TEXT. The predicates keep the keyword-less forms from reading it as a name.
alter_table_stmt
    : K_ALTER K_TABLE qualified_table=object_name (
        K_RENAME K_TO new_table=name
        | K_RENAME K_COLUMN old_column=name K_TO new_column=name
        | K_RENAME {_input->LA(1) != SQLiteParser::K_COLUMN}? old_column=name K_TO new_column=name
        | K_ADD K_COLUMN column_def
        | K_ADD {_input->LA(1) != SQLiteParser::K_COLUMN}? column_def
        | K_DROP K_COLUMN drop_column=name
        | K_DROP {_input->LA(1) != SQLiteParser::K_COLUMN}? drop_column=name
    )
    ;

// `IF [NOT] EXISTS` and `[SAVEPOINT] name`: as in SQLite's LALR parser, an IF
// (or SAVEPOINT) there is always the keyword, though both are names elsewhere:
// `DROP TABLE if;` and `RELEASE SAVEPOINT;` are syntax errors. The predicates
// keep the keyword-less alternative from reading the keyword as the name.
create_table_stmt
    : K_CREATE temp=(K_TEMP | K_TEMPORARY)? K_TABLE (K_IF K_NOT K_EXISTS | {_input->LA(1) != SQLiteParser::K_IF}?) object_name (
        // The first table constraint needs its comma; later ones may omit it (parse.y: conslist_opt, tconscomma).
        OPEN_PAR column_def (COMMA column_def)* (COMMA table_constraint (COMMA? table_constraint)*)? CLOSE_PAR table_options?
        | K_AS select_stmt
    )
    ;

table_options
    : table_option (COMMA table_option)*
    ;

table_option
    : K_WITHOUT rowid=name
    | K_STRICT
    ;

column_def
    : name type_name? column_constraint*
    ;

// The declared type: one or more names, then an optional size. A type word
// never swallows a keyword that starts a column constraint.
type_name
    : type_word+ (
        OPEN_PAR signed_number CLOSE_PAR
        | OPEN_PAR signed_number COMMA signed_number CLOSE_PAR
    )?
    ;

// SQLite's tokenizer reads FILTER, OVER and WINDOW as plain names where no
// window clause can follow (tokenize.c: analyzeFilterKeyword and friends).
// GENERATED is on SQLite's %fallback ID list, so `z GENERATED ANY` has the
// type "GENERATED ANY"; in `z INT GENERATED ALWAYS AS (...)` the parser may
// take GENERATED ALWAYS into the type, which sqlite3AddColumn (build.c)
// then trims (see trim_generated_always in src/syntax/parse.cpp).
type_word
    : IDENTIFIER
    | STRING_LITERAL
    | type_keyword
    | K_GENERATED
    | K_FILTER
    | K_OVER
    | K_WINDOW
    ;

column_constraint
    : (K_CONSTRAINT name)? (
        K_PRIMARY K_KEY order=(K_ASC | K_DESC)? conflict_clause? K_AUTOINCREMENT?
        | K_NOT K_NULL conflict_clause?
        | K_NULL conflict_clause?
        | K_UNIQUE conflict_clause?
        | K_CHECK OPEN_PAR expr CLOSE_PAR
        | K_DEFAULT default_value
        | K_COLLATE collation=name
        | foreign_key_clause
        | (K_GENERATED K_ALWAYS)? K_AS OPEN_PAR expr CLOSE_PAR storage=(K_STORED | K_VIRTUAL)?
    )
    ;

// parse.y: DEFAULT scantok term, DEFAULT (PLUS|MINUS) scantok term, DEFAULT id.
default_value
    : signed_number
    | literal_value
    | sign=(PLUS | MINUS) literal_value
    | OPEN_PAR expr CLOSE_PAR
    | name
    ;

signed_number
    : (PLUS | MINUS)? NUMERIC_LITERAL
    ;

conflict_clause
    : K_ON K_CONFLICT resolution=(K_ROLLBACK | K_ABORT | K_FAIL | K_IGNORE | K_REPLACE)
    ;

table_constraint
    : (K_CONSTRAINT name)? (
        (K_PRIMARY K_KEY | K_UNIQUE) OPEN_PAR indexed_column (COMMA indexed_column)* CLOSE_PAR conflict_clause? K_AUTOINCREMENT?
        | K_CHECK OPEN_PAR expr CLOSE_PAR
        | K_FOREIGN K_KEY OPEN_PAR name (COMMA name)* CLOSE_PAR foreign_key_clause
    )
    ;

foreign_key_clause
    : K_REFERENCES foreign_table=name (OPEN_PAR name (COMMA name)* CLOSE_PAR)? (
        K_ON action_on=(K_DELETE | K_UPDATE) fk_action
        | K_MATCH name
    )* (K_NOT? K_DEFERRABLE (K_INITIALLY (K_DEFERRED | K_IMMEDIATE))?)?
    ;

fk_action
    : K_SET K_NULL
    | K_SET K_DEFAULT
    | K_CASCADE
    | K_RESTRICT
    | K_NO K_ACTION
    ;

// A trailing COLLATE is part of the expression (collateExpr), as in SQLite.
indexed_column
    : expr order=(K_ASC | K_DESC)?
    ;

create_index_stmt
    : K_CREATE K_UNIQUE? K_INDEX (K_IF K_NOT K_EXISTS | {_input->LA(1) != SQLiteParser::K_IF}?) object_name K_ON table=name OPEN_PAR indexed_column (
        COMMA indexed_column
    )* CLOSE_PAR (K_WHERE expr)?
    ;

create_view_stmt
    : K_CREATE temp=(K_TEMP | K_TEMPORARY)? K_VIEW (K_IF K_NOT K_EXISTS | {_input->LA(1) != SQLiteParser::K_IF}?) object_name (
        OPEN_PAR name (COMMA name)* CLOSE_PAR
    )? K_AS select_stmt
    ;

create_trigger_stmt
    : K_CREATE temp=(K_TEMP | K_TEMPORARY)? K_TRIGGER (K_IF K_NOT K_EXISTS | {_input->LA(1) != SQLiteParser::K_IF}?) object_name (
        K_BEFORE
        | K_AFTER
        | K_INSTEAD K_OF
    )? (K_DELETE | K_INSERT | K_UPDATE (K_OF name (COMMA name)*)?) K_ON table=name (
        K_FOR K_EACH K_ROW
    )? (K_WHEN expr)? K_BEGIN (trigger_body_stmt SCOL)+ K_END
    ;

trigger_body_stmt
    : update_stmt
    | insert_stmt
    | delete_stmt
    | select_stmt
    ;

create_virtual_table_stmt
    : K_CREATE K_VIRTUAL K_TABLE (K_IF K_NOT K_EXISTS | {_input->LA(1) != SQLiteParser::K_IF}?) object_name K_USING module=name (
        OPEN_PAR module_argument (COMMA module_argument)* CLOSE_PAR
    )?
    ;

// A module argument is any balanced run of tokens up to a top-level comma.
module_argument
    : module_argument_token*
    ;

module_argument_token
    : OPEN_PAR module_argument_token* (COMMA module_argument_token*)* CLOSE_PAR
    | ~(OPEN_PAR | CLOSE_PAR | COMMA)
    ;

drop_stmt
    : K_DROP kind=(K_INDEX | K_TABLE | K_TRIGGER | K_VIEW) (K_IF K_EXISTS | {_input->LA(1) != SQLiteParser::K_IF}?) object_name
    ;

object_name
    : (schema=name DOT)? object=name
    ;

// ---------------------------------------------------------------- other statements

analyze_stmt
    : K_ANALYZE object_name?
    ;

attach_stmt
    : K_ATTACH K_DATABASE? expr K_AS name
    ;

detach_stmt
    : K_DETACH K_DATABASE? name
    ;

begin_stmt
    : K_BEGIN (K_DEFERRED | K_IMMEDIATE | K_EXCLUSIVE)? (K_TRANSACTION name?)?
    ;

commit_stmt
    : (K_COMMIT | K_END) K_TRANSACTION?
    ;

rollback_stmt
    : K_ROLLBACK K_TRANSACTION? (K_TO (K_SAVEPOINT | {_input->LA(1) != SQLiteParser::K_SAVEPOINT}?) name)?
    ;

savepoint_stmt
    : K_SAVEPOINT name
    ;

release_stmt
    : K_RELEASE (K_SAVEPOINT | {_input->LA(1) != SQLiteParser::K_SAVEPOINT}?) name
    ;

pragma_stmt
    : K_PRAGMA object_name (ASSIGN pragma_value | OPEN_PAR pragma_value CLOSE_PAR)?
    ;

pragma_value
    : signed_number
    | K_TRUE
    | K_FALSE
    | K_NULL
    | name
    | K_ON
    | K_DELETE
    | K_DEFAULT
    ;

reindex_stmt
    : K_REINDEX object_name?
    ;

vacuum_stmt
    : K_VACUUM name? (K_INTO expr)?
    ;

// ---------------------------------------------------------------- data statements

with_clause
    : K_WITH K_RECURSIVE? common_table_expression (COMMA common_table_expression)*
    ;

common_table_expression
    : table=name (OPEN_PAR name (COMMA name)* CLOSE_PAR)? K_AS (K_NOT? K_MATERIALIZED)? OPEN_PAR select_stmt CLOSE_PAR
    ;

insert_stmt
    : with_clause? (
        K_INSERT (K_OR resolution=(K_ROLLBACK | K_ABORT | K_FAIL | K_IGNORE | K_REPLACE))?
        | K_REPLACE
    ) K_INTO object_name (K_AS alias=name)? (OPEN_PAR name (COMMA name)* CLOSE_PAR)? (
        values_clause upsert_clause*
        | select_stmt upsert_clause*
        | K_DEFAULT K_VALUES
    ) returning_clause?
    ;

values_clause
    : K_VALUES value_row (COMMA value_row)*
    ;

value_row
    : OPEN_PAR expr (COMMA expr)* CLOSE_PAR
    ;

upsert_clause
    : K_ON K_CONFLICT (OPEN_PAR indexed_column (COMMA indexed_column)* CLOSE_PAR (K_WHERE target_where=expr)?)? K_DO (
        K_NOTHING
        | K_UPDATE K_SET set_item (COMMA set_item)* (K_WHERE expr)?
    )
    ;

set_item
    : (name | OPEN_PAR name (COMMA name)* CLOSE_PAR) ASSIGN expr
    ;

returning_clause
    : K_RETURNING result_column (COMMA result_column)*
    ;

update_stmt
    : with_clause? K_UPDATE (K_OR resolution=(K_ROLLBACK | K_ABORT | K_FAIL | K_IGNORE | K_REPLACE))? qualified_table_name K_SET set_item (
        COMMA set_item
    )* (K_FROM join_clause)? (K_WHERE expr)? returning_clause? order_by_clause? limit_clause?
    ;

delete_stmt
    : with_clause? K_DELETE K_FROM qualified_table_name (K_WHERE expr)? returning_clause? order_by_clause? limit_clause?
    ;

qualified_table_name
    : object_name (K_AS alias=name)? (K_INDEXED K_BY name | K_NOT K_INDEXED)?
    ;

// ---------------------------------------------------------------- SELECT

select_stmt
    : with_clause? select_core (compound_operator select_core)* order_by_clause? limit_clause?
    ;

compound_operator
    : K_UNION K_ALL?
    | K_INTERSECT
    | K_EXCEPT
    ;

select_core
    : K_SELECT quantifier=(K_DISTINCT | K_ALL)? result_column (COMMA result_column)* (K_FROM join_clause)? (
        K_WHERE where=expr
    )? (K_GROUP K_BY expr (COMMA expr)*)? (K_HAVING having=expr)? (K_WINDOW window_definition (COMMA window_definition)*)?
    | values_clause
    ;

result_column
    : STAR
    | table=name DOT STAR
    | expr (K_AS alias_as=name | alias=table_alias)?
    ;

join_clause
    : table_or_subquery (join_operator table_or_subquery join_constraint?)*
    ;

// As in SQLite's parser (parse.y: joinop): a join keyword and at most two
// more names before JOIN; which words make a join type is decided later
// (sqlite3JoinType, "unknown join type"), so `LEFT LEFT JOIN` parses.
join_operator
    : COMMA
    | K_JOIN
    | join_keyword (name name?)? K_JOIN
    ;

join_keyword
    : K_CROSS | K_FULL | K_INNER | K_LEFT | K_NATURAL | K_OUTER | K_RIGHT
    ;

join_constraint
    : K_ON expr
    | K_USING OPEN_PAR name (COMMA name)* CLOSE_PAR
    ;

table_or_subquery
    : object_name (K_AS alias_as=name | alias=table_alias)? (K_INDEXED K_BY name | K_NOT K_INDEXED)?
    | object_name OPEN_PAR (expr (COMMA expr)*)? CLOSE_PAR (K_AS alias_as=name | alias=table_alias)?
    | OPEN_PAR select_stmt CLOSE_PAR (K_AS alias_as=name | alias=table_alias)?
    | OPEN_PAR join_clause CLOSE_PAR
    ;

// SQLite's `ids` (ID or STRING): every keyword of its %fallback ID list
// (CURRENT_TIME and friends, GENERATED among them) and the window words.
table_alias
    : IDENTIFIER
    | STRING_LITERAL
    | type_keyword
    | K_GENERATED
    | K_FILTER
    | K_OVER
    | K_WINDOW
    | K_CURRENT_TIME
    | K_CURRENT_DATE
    | K_CURRENT_TIMESTAMP
    ;

order_by_clause
    : K_ORDER K_BY ordering_term (COMMA ordering_term)*
    ;

ordering_term
    : expr order=(K_ASC | K_DESC)? (K_NULLS (K_FIRST | K_LAST))?
    ;

limit_clause
    : K_LIMIT expr ((K_OFFSET | COMMA) expr)?
    ;

window_definition
    : name K_AS window_spec
    ;

window_spec
    : OPEN_PAR base=name? (K_PARTITION K_BY expr (COMMA expr)*)? order_by_clause? frame_spec? CLOSE_PAR
    ;

frame_spec
    : (K_RANGE | K_ROWS | K_GROUPS) (
        K_BETWEEN frame_bound K_AND frame_bound
        | frame_bound
    ) (K_EXCLUDE (K_NO K_OTHERS | K_CURRENT K_ROW | K_GROUP | K_TIES))?
    ;

frame_bound
    : K_UNBOUNDED (K_PRECEDING | K_FOLLOWING)
    | K_CURRENT K_ROW
    | expr (K_PRECEDING | K_FOLLOWING)
    ;

// ---------------------------------------------------------------- expressions
// SQLite's operator precedence (lang_expr.html, "Operators"), loosest first:
// OR, AND, NOT, then the comparisons, then the arithmetic. `expr` holds the
// three boolean levels; `operand` everything that binds tighter. The split
// keeps `x BETWEEN 1 AND 2 AND y` from reading `1 AND 2` as the lower bound.

expr
    : operand                                                               # operandExpr
    | K_NOT expr                                                            # notExpr
    | expr K_AND expr                                                       # andExpr
    | expr K_OR expr                                                        # orExpr
    ;

// Alternatives are listed from the tightest binding to the loosest.
operand
    : literal_value                                                         # literalExpr
    | BIND_PARAMETER                                                        # bindExpr
    | K_CAST OPEN_PAR expr K_AS type_name? CLOSE_PAR                        # castExpr
    | K_CASE base=expr? (K_WHEN expr K_THEN expr)+ (K_ELSE else_=expr)? K_END   # caseExpr
    | K_RAISE OPEN_PAR (K_IGNORE | (K_ROLLBACK | K_ABORT | K_FAIL) COMMA expr) CLOSE_PAR # raiseExpr
    | K_EXISTS? OPEN_PAR select_stmt CLOSE_PAR                              # subqueryExpr
    | OPEN_PAR expr (COMMA expr)* CLOSE_PAR                                 # parenExpr
    | function_name OPEN_PAR ((K_DISTINCT | K_ALL)? (expr (COMMA expr)*)? order_by_clause? | STAR) CLOSE_PAR filter_clause? over_clause? # functionExpr
    | ((schema=name DOT)? table=name DOT)? column=name                       # columnExpr
    | operand K_COLLATE collation=name                                      # collateExpr
    | op=(TILDE | PLUS | MINUS) operand                                     # unaryExpr
    | op=(TILDE | PLUS | MINUS) not_operand                                 # unaryExpr
    | operand op=(PIPE2 | PTR | PTR2) operand                               # binaryExpr
    | operand op=(PIPE2 | PTR | PTR2) not_operand                           # binaryExpr
    | operand op=(STAR | DIV | MOD) operand                                 # binaryExpr
    | operand op=(STAR | DIV | MOD) not_operand                             # binaryExpr
    | operand op=(PLUS | MINUS) operand                                     # binaryExpr
    | operand op=(PLUS | MINUS) not_operand                                 # binaryExpr
    | operand op=(LT2 | GT2 | AMP | PIPE) operand                           # binaryExpr
    | operand op=(LT2 | GT2 | AMP | PIPE) not_operand                       # binaryExpr
    | operand op=(LT | LT_EQ | GT | GT_EQ) operand                          # binaryExpr
    | operand op=(LT | LT_EQ | GT | GT_EQ) not_operand                      # binaryExpr
    | operand op=(ASSIGN | EQ | NOT_EQ1 | NOT_EQ2) operand                  # binaryExpr
    | operand op=(ASSIGN | EQ | NOT_EQ1 | NOT_EQ2) not_operand              # binaryExpr
    | operand K_IS K_NOT? (K_DISTINCT K_FROM)? operand                      # isExpr
    | operand K_IS K_NOT? (K_DISTINCT K_FROM)? not_operand                  # isExpr
    | operand K_NOT? K_BETWEEN rhs K_AND operand                            # betweenExpr
    | operand K_NOT? K_BETWEEN rhs K_AND not_operand                        # betweenExpr
    | operand K_NOT? K_IN (
        OPEN_PAR (select_stmt | expr (COMMA expr)*)? CLOSE_PAR
        | object_name (OPEN_PAR (expr (COMMA expr)*)? CLOSE_PAR)?
    )                                                                       # inExpr
    | operand K_NOT? op=(K_LIKE | K_GLOB | K_REGEXP | K_MATCH) rhs (K_ESCAPE rhs)? # likeExpr
    | operand (K_ISNULL | K_NOTNULL | K_NOT K_NULL)                         # nullTestExpr
    ;

// SQLite's NOT is a prefix operator looser than every operator but AND and
// OR (parse.y: %right NOT), and it may start any operand: `a = NOT b = c` is
// `a = NOT (b = c)`, `a IS NOT NOT NULL` is `a IS NOT (NOT NULL)`, `- NOT 1`
// is `-(NOT 1)`. After NOT the operand runs to the next AND or OR.
not_operand
    : K_NOT rhs
    ;

rhs
    : operand
    | not_operand
    ;

filter_clause
    : K_FILTER OPEN_PAR K_WHERE expr CLOSE_PAR
    ;

over_clause
    : K_OVER (window_spec | name)
    ;

function_name
    : name
    ;

literal_value
    : NUMERIC_LITERAL
    | STRING_LITERAL
    | BLOB_LITERAL
    | K_NULL
    | K_TRUE
    | K_FALSE
    | K_CURRENT_TIME
    | K_CURRENT_DATE
    | K_CURRENT_TIMESTAMP
    ;

// ---------------------------------------------------------------- names

collation_name
    : name
    ;

// A name: an identifier in any of SQLite's four quoting styles, a string
// literal where SQLite accepts one as a name, or a keyword that SQLite lets
// fall back to an identifier.
name
    : IDENTIFIER
    | STRING_LITERAL
    | type_keyword
    | K_GENERATED
    | K_FILTER
    | K_OVER
    | K_WINDOW
    | K_LIKE
    | K_GLOB
    | K_REGEXP
    | K_MATCH
    | K_CROSS
    | K_FULL
    | K_INNER
    | K_LEFT
    | K_NATURAL
    | K_OUTER
    | K_RIGHT
    ;

// Keywords that SQLite accepts as plain names (its %fallback ID list, the
// context-sensitive window words, and words that are not keywords in SQLite
// at all but that this lexer names: STRICT, STORED). NOTHING is a keyword
// of SQLite's (DO NOTHING) that is not on its fallback list. An alias
// written without AS takes only these (SQLite's `ids`), never a join word.
type_keyword
    : K_ABORT | K_ACTION | K_AFTER | K_ALWAYS | K_ANALYZE | K_ASC | K_ATTACH | K_BEFORE | K_BEGIN | K_BY
    | K_CASCADE | K_CAST | K_COLUMN | K_CONFLICT | K_CURRENT
    | K_DATABASE | K_DEFERRED | K_DESC | K_DETACH | K_DO | K_EACH | K_END | K_EXCLUDE | K_EXCLUSIVE | K_EXPLAIN
    | K_FAIL | K_FIRST | K_FOLLOWING | K_FOR | K_GROUPS | K_IF | K_IGNORE | K_IMMEDIATE
    | K_INDEXED | K_INITIALLY | K_INSTEAD | K_KEY | K_LAST | K_MATERIALIZED | K_NO | K_NULLS | K_OF
    | K_OFFSET | K_OTHERS | K_PARTITION | K_PLAN | K_PRAGMA | K_PRECEDING | K_QUERY | K_RAISE | K_RANGE
    | K_RECURSIVE | K_REINDEX | K_RELEASE | K_RENAME | K_REPLACE | K_RESTRICT | K_ROLLBACK | K_ROW | K_ROWS
    | K_SAVEPOINT | K_STORED | K_STRICT | K_TEMP | K_TEMPORARY | K_TIES | K_TRIGGER | K_UNBOUNDED
    | K_VACUUM | K_VIEW | K_VIRTUAL | K_WITH | K_WITHOUT
    ;
