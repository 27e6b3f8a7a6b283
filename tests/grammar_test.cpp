// The grammar and the conversion into noormc's statement types, including
// the ways SQLite grammars are known to go wrong.
#include <gtest/gtest.h>

#include "syntax/parse.hpp"

using namespace noormc;
using namespace noormc::syntax;

namespace {

struct Parsed {
  std::unique_ptr<SourceFile> file;
  ParsedFile parsed;
  Diagnostics diags;
};

std::unique_ptr<Parsed> parse(const std::string& sql) {
  auto p = std::make_unique<Parsed>();
  p->file = std::make_unique<SourceFile>("t.sql", sql);
  p->parsed = parse_file(*p->file, p->diags);
  return p;
}

template <typename T>
const T& only(const Parsed& p) {
  EXPECT_FALSE(p.diags.has_errors()) << (p.diags.items().empty() ? "" : render_text(p.diags.items()[0]));
  EXPECT_EQ(p.parsed.statements.size(), 1u);
  return std::get<T>(p.parsed.statements.at(0)->body);
}

const Expr& where_of(const Parsed& p) {
  const auto& s = only<Select>(p);
  return *s.cores.at(0).where;
}

}  // namespace

TEST(Grammar, TypeFollowedByNullIsNotGluedIntoTheType) {
  auto p = parse("CREATE TABLE t (col TEXT NULL, b VARCHAR ( 255 ) NOT NULL, c DOUBLE  PRECISION);");
  const auto& ct = only<CreateTable>(*p);
  EXPECT_EQ(ct.columns[0].type, "TEXT");
  ASSERT_EQ(ct.columns[0].constraints.size(), 1u);
  EXPECT_EQ(ct.columns[0].constraints[0].kind, ColumnConstraint::Kind::Null);
  EXPECT_EQ(ct.columns[1].type, "VARCHAR ( 255 )");
  EXPECT_EQ(ct.columns[2].type, "DOUBLE  PRECISION");
}

TEST(Grammar, GeneratedAlwaysIsNotPartOfTheType) {
  auto p = parse("CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, c AS (a + 1));");
  const auto& ct = only<CreateTable>(*p);
  EXPECT_EQ(ct.columns[1].type, "INT");
  EXPECT_EQ(ct.columns[1].constraints[0].kind, ColumnConstraint::Kind::Generated);
  EXPECT_TRUE(ct.columns[1].constraints[0].stored);
  EXPECT_EQ(ct.columns[2].type, "");
  EXPECT_FALSE(ct.columns[2].constraints[0].stored);
}

TEST(Grammar, ComparisonOperatorsStayDistinct) {
  auto p = parse("SELECT 1 FROM t WHERE a IS NOT b AND c = d OR e LIKE 'x%' ESCAPE '\\' AND f NOT GLOB 'y' AND g <> h");
  const Expr& w = where_of(*p);
  ASSERT_EQ(w.kind, ExprKind::Or);
  const Expr& left = *w.args[0];
  ASSERT_EQ(left.kind, ExprKind::And);
  EXPECT_EQ(left.args[0]->kind, ExprKind::Is);
  EXPECT_EQ(left.args[0]->op, "IS NOT");
  EXPECT_EQ(left.args[1]->kind, ExprKind::Binary);
  EXPECT_EQ(left.args[1]->op, "=");
  const Expr& right = *w.args[1];
  ASSERT_EQ(right.kind, ExprKind::And);
  EXPECT_EQ(right.args[1]->op, "<>");
  const Expr& like_glob = *right.args[0];
  EXPECT_EQ(like_glob.args[0]->op, "LIKE");
  EXPECT_EQ(like_glob.args[0]->args.size(), 3u);  // with ESCAPE
  EXPECT_EQ(like_glob.args[1]->op, "NOT GLOB");
}

TEST(Grammar, IsDistinctFromBetweenInAndNullTests) {
  auto p = parse(
      "SELECT 1 WHERE a IS DISTINCT FROM b AND x NOT BETWEEN 1 AND 2 AND y NOT IN (1, 2) AND z ISNULL AND w NOT NULL");
  const Expr& w = where_of(*p);
  std::vector<std::string> ops;
  std::function<void(const Expr&)> collect = [&](const Expr& e) {
    if (e.kind == ExprKind::And) {
      collect(*e.args[0]);
      collect(*e.args[1]);
    } else {
      ops.push_back(e.op);
    }
  };
  collect(w);
  EXPECT_EQ(ops, (std::vector<std::string>{"IS DISTINCT FROM", "NOT BETWEEN", "NOT IN", "ISNULL", "NOTNULL"}));
}

TEST(Grammar, ClausesAreKept) {
  auto p = parse(
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) "
      "SELECT DISTINCT a, count(*) FILTER (WHERE b > 0) OVER (PARTITION BY a ORDER BY c ROWS BETWEEN 1 PRECEDING AND "
      "CURRENT ROW) AS w FROM t LEFT JOIN u USING (a) NATURAL JOIN v GROUP BY a HAVING count(*) > 1 "
      "UNION SELECT 1, 2 ORDER BY 1 DESC LIMIT 10 OFFSET 5");
  const auto& s = only<Select>(*p);
  ASSERT_EQ(s.with.size(), 1u);
  EXPECT_TRUE(s.recursive);
  ASSERT_EQ(s.cores.size(), 2u);
  EXPECT_EQ(s.compound_ops, std::vector<std::string>{"UNION"});
  const auto& core = s.cores[0];
  EXPECT_TRUE(core.distinct);
  EXPECT_EQ(core.group_by.size(), 1u);
  EXPECT_NE(core.having, nullptr);
  ASSERT_EQ(core.from.size(), 3u);
  EXPECT_EQ(core.from[1].join_op, "LEFT JOIN");
  EXPECT_EQ(core.from[1].using_columns.size(), 1u);
  EXPECT_TRUE(core.from[2].natural);
  ASSERT_EQ(s.order_by.size(), 1u);
  EXPECT_TRUE(s.order_by[0].desc);
  EXPECT_NE(s.limit, nullptr);
  EXPECT_NE(s.offset, nullptr);
  const auto& fn = *core.columns[1].expr;
  EXPECT_EQ(fn.kind, ExprKind::Function);
  EXPECT_TRUE(fn.star);
  EXPECT_EQ(core.columns[1].alias->text, "w");
  // FILTER's condition and the window's PARTITION/ORDER terms are kept as arguments.
  EXPECT_GE(fn.args.size(), 3u);
}

TEST(Grammar, InsertWithUpsertAndReturning) {
  auto p = parse(
      "INSERT INTO users (email, name) VALUES ('a@b.c', 'A'), ('d@e.f', 'D') "
      "ON CONFLICT (email) DO UPDATE SET name = excluded.name WHERE name IS NULL "
      "ON CONFLICT DO NOTHING RETURNING id, email AS e");
  const auto& ins = only<Insert>(*p);
  EXPECT_EQ(ins.columns.size(), 2u);
  EXPECT_EQ(ins.values.size(), 2u);
  ASSERT_EQ(ins.upserts.size(), 2u);
  EXPECT_FALSE(ins.upserts[0].do_nothing);
  EXPECT_EQ(ins.upserts[0].target.size(), 1u);
  EXPECT_NE(ins.upserts[0].where, nullptr);
  EXPECT_TRUE(ins.upserts[1].do_nothing);
  EXPECT_EQ(ins.returning.size(), 2u);
}

TEST(Grammar, UpdateFromAndDeleteReturning) {
  auto p = parse(
      "UPDATE posts SET title = s.title FROM staging AS s WHERE posts.id = s.id RETURNING *;\n"
      "DELETE FROM posts WHERE id IN (SELECT id FROM old) RETURNING id;");
  ASSERT_FALSE(p->diags.has_errors());
  ASSERT_EQ(p->parsed.statements.size(), 2u);
  const auto& u = std::get<Update>(p->parsed.statements[0]->body);
  EXPECT_EQ(u.from.size(), 1u);
  EXPECT_EQ(u.returning.size(), 1u);
  const auto& d = std::get<Delete>(p->parsed.statements[1]->body);
  EXPECT_EQ(d.returning.size(), 1u);
}

TEST(Grammar, QuotedIdentifiersLoseTheirQuotes) {
  auto p = parse("CREATE TABLE \"my \"\"table\"\"\" ([first col] INTEGER, `second` TEXT, 'third', plain);");
  const auto& ct = only<CreateTable>(*p);
  EXPECT_EQ(ct.name.text, "my \"table\"");
  EXPECT_EQ(ct.name.quote, '"');
  EXPECT_EQ(ct.columns[0].name.text, "first col");
  EXPECT_EQ(ct.columns[1].name.text, "second");
  EXPECT_EQ(ct.columns[2].name.text, "third");
  EXPECT_EQ(ct.columns[3].name.text, "plain");
}

TEST(Grammar, FloatAndOtherLiteralsKeepTheirText) {
  auto p = parse(
      "CREATE TABLE t (a REAL DEFAULT 1.5e-3, b DEFAULT .25, c DEFAULT 0x1F, d DEFAULT x'00ff', e DEFAULT -7, f "
      "DEFAULT 'it''s');");
  const auto& ct = only<CreateTable>(*p);
  std::vector<std::string> defaults;
  for (const auto& c : ct.columns) defaults.push_back(c.constraints.back().default_text);
  EXPECT_EQ(defaults, (std::vector<std::string>{"1.5e-3", ".25", "0x1F", "x'00ff'", "-7", "'it''s'"}));
  EXPECT_EQ(ct.columns[0].constraints[0].expr->literal, LiteralKind::Number);
  EXPECT_EQ(ct.columns[3].constraints[0].expr->literal, LiteralKind::Blob);
}

TEST(Grammar, ParenthesisedDefaultKeepsInnerTextAndComments) {
  auto p = parse("CREATE TABLE t (a INT DEFAULT ( 1 + /* one */ 2 ), b TEXT DEFAULT (datetime('now')));");
  const auto& ct = only<CreateTable>(*p);
  EXPECT_EQ(ct.columns[0].constraints[0].default_text, "1 + /* one */ 2");
  EXPECT_EQ(ct.columns[1].constraints[0].default_text, "datetime('now')");
}

TEST(Grammar, KeywordsAcceptedAsNames) {
  auto p = parse(
      "CREATE TABLE key (action TEXT, replace INT, temp INT, end INT, \"order\" INT, [group] INT, "
      "row INT, filter INT, window INT, over INT, generated INT, match INT, left INT);");
  const auto& ct = only<CreateTable>(*p);
  EXPECT_EQ(ct.name.text, "key");
  EXPECT_EQ(ct.columns.size(), 13u);
  EXPECT_EQ(ct.columns[5].name.text, "group");
}

TEST(Grammar, StringsAndBlobsHoldingSemicolonsAndDashes) {
  auto p = parse("INSERT INTO t VALUES ('a;b', '-- not a comment', x'3b');\n/* ; */ SELECT ';' -- trailing ;\n;");
  EXPECT_FALSE(p->diags.has_errors());
  EXPECT_EQ(p->parsed.statements.size(), 2u);
}

TEST(Grammar, EveryKindOfStatement) {
  auto p = parse(R"(
    BEGIN IMMEDIATE TRANSACTION; SAVEPOINT sp1; ROLLBACK TO sp1; RELEASE SAVEPOINT sp1; COMMIT; BEGIN; END;
    PRAGMA foreign_keys = OFF; PRAGMA main.journal_mode = WAL; PRAGMA table_info(users); PRAGMA defer_foreign_keys=ON;
    ATTACH DATABASE 'other.db' AS other; DETACH other; VACUUM; VACUUM INTO 'copy.db'; ANALYZE; ANALYZE users;
    REINDEX; REINDEX users; EXPLAIN QUERY PLAN SELECT * FROM users; EXPLAIN SELECT 1;
    CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter unicode61');
    CREATE TRIGGER trg AFTER UPDATE OF a, b ON t FOR EACH ROW WHEN NEW.a > 0 BEGIN
      UPDATE t SET b = NEW.a WHERE rowid = NEW.rowid; INSERT INTO log VALUES (NEW.a); DELETE FROM x WHERE y = OLD.b;
      SELECT RAISE(ABORT, 'no');
    END;
    CREATE VIEW IF NOT EXISTS v (x, y) AS SELECT a, b FROM t;
    CREATE UNIQUE INDEX IF NOT EXISTS i ON t (lower(a) COLLATE NOCASE DESC, b) WHERE b IS NOT NULL;
    DROP INDEX IF EXISTS i; DROP VIEW v; DROP TRIGGER IF EXISTS trg; DROP TABLE IF EXISTS main.t;
    ALTER TABLE t RENAME TO u; ALTER TABLE u RENAME COLUMN a TO c; ALTER TABLE u ADD COLUMN d TEXT; ALTER TABLE u DROP COLUMN d;
    CREATE TABLE s AS SELECT * FROM u;
    REPLACE INTO u (c) VALUES (1); INSERT OR IGNORE INTO u DEFAULT VALUES;
    SELECT CASE WHEN a THEN 1 ELSE 2 END, CAST(b AS INTEGER), EXISTS (SELECT 1), (SELECT 2), a -> '$.x', a ->> '$.y',
      b COLLATE NOCASE, ~c, -d, e || f, g & h | i << 2 >> 1 FROM u AS x CROSS JOIN (SELECT 1) y, json_each(x.c) j
      WINDOW w AS (ORDER BY c);
    VALUES (1, 2), (3, 4);
  )");
  ASSERT_FALSE(p->diags.has_errors()) << render_text(p->diags.items()[0]);
  EXPECT_EQ(p->parsed.statements.size(), 38u);
}

TEST(Grammar, ForeignKeyClauseDetails) {
  auto p = parse(
      "CREATE TABLE c (p INTEGER REFERENCES parent (id) ON DELETE SET NULL ON UPDATE CASCADE MATCH FULL "
      "DEFERRABLE INITIALLY DEFERRED, q INT, r INT, FOREIGN KEY (q, r) REFERENCES other ON DELETE NO ACTION);");
  const auto& ct = only<CreateTable>(*p);
  const auto& fk = ct.columns[0].constraints[0].fk;
  EXPECT_EQ(fk.table.text, "parent");
  EXPECT_EQ(fk.on_delete, "SET NULL");
  EXPECT_EQ(fk.on_update, "CASCADE");
  EXPECT_TRUE(fk.deferred);
  ASSERT_EQ(ct.constraints.size(), 1u);
  EXPECT_EQ(ct.constraints[0].fk_columns.size(), 2u);
  EXPECT_TRUE(ct.constraints[0].fk.columns.empty());
}

TEST(Grammar, AllowCommentsAttachToTheirStatement) {
  auto p = parse("CREATE TABLE a (x);\n-- noormc:allow W0301, W0302\nDROP TABLE a;\nSELECT 1;");
  ASSERT_EQ(p->parsed.statements.size(), 3u);
  EXPECT_TRUE(p->parsed.statements[0]->allowed.empty());
  EXPECT_EQ(p->parsed.statements[1]->allowed, (std::vector<std::string>{"W0301", "W0302"}));
  EXPECT_TRUE(p->parsed.statements[2]->allowed.empty());
}
