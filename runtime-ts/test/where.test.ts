import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NoormError, compileWhere, compileOrderBy } from 'noormme';
import { usersTable } from './reference/blog/schema.js';
import { openDb, openRecordingDb, seed } from './helpers.js';

function titles(rows: { title: string }[]): string[] {
  return rows.map((r) => r.title).sort();
}

test('every operator, object form', () => {
  const db = openDb();
  const s = seed(db);
  const t = (where: object): string[] => titles(db.posts.findAll({ where: where as never }));
  assert.deepEqual(t({ id: s.p1.id }), ['First']);
  assert.deepEqual(t({ id: { eq: s.p1.id } }), ['First']);
  assert.deepEqual(t({ id: { ne: s.p1.id } }), ['Second', 'Third']);
  assert.deepEqual(t({ id: { gt: s.p1.id } }), ['Second', 'Third']);
  assert.deepEqual(t({ id: { gte: s.p2.id } }), ['Second', 'Third']);
  assert.deepEqual(t({ id: { lt: s.p2.id } }), ['First']);
  assert.deepEqual(t({ id: { lte: s.p2.id } }), ['First', 'Second']);
  assert.deepEqual(t({ id: { gt: s.p1.id, lt: s.p3.id } }), ['Second']);
  assert.deepEqual(t({ id: { in: [s.p1.id, s.p3.id] } }), ['First', 'Third']);
  assert.deepEqual(t({ id: { in: [] } }), []);
  assert.deepEqual(t({ id: { notIn: [s.p1.id] } }), ['Second', 'Third']);
  assert.deepEqual(t({ id: { notIn: [] } }), ['First', 'Second', 'Third']);
  assert.deepEqual(t({ title: { like: 'F%' } }), ['First']);
  assert.deepEqual(t({ title: { contains: 'ir' } }), ['First', 'Third']);
  assert.deepEqual(t({ title: { contains: 'IR' } }), [], 'contains is case-sensitive');
  assert.deepEqual(t({ title: { icontains: 'IR' } }), ['First', 'Third']);
  assert.deepEqual(t({ title: { startsWith: 'Se' } }), ['Second']);
  assert.deepEqual(t({ title: { endsWith: 'rd' } }), ['Third']);
  assert.deepEqual(t({ body: { isNull: true } }), ['Second', 'Third']);
  assert.deepEqual(t({ body: { isNull: false } }), ['First']);
  assert.deepEqual(t({ body: null }), ['Second', 'Third']);
  assert.deepEqual(t({ body: { ne: null } }), ['First']);
  assert.deepEqual(t({ published_at: { gte: new Date('2024-01-15T00:00:00Z') } }), ['Third']);
  assert.throws(
    () => t({ title: undefined }),
    (e: unknown) => e instanceof NoormError && e.column === 'title',
    'undefined is an error, not every row',
  );
  db.close();
});

test('Django field__op keys mean the same', () => {
  const db = openDb();
  const s = seed(db);
  const t = (where: object): string[] => titles(db.posts.findAll({ where: where as never }));
  assert.deepEqual(t({ id__gte: s.p2.id }), ['Second', 'Third']);
  assert.deepEqual(t({ id__in: [s.p1.id] }), ['First']);
  assert.deepEqual(t({ id__notIn: [s.p1.id] }), ['Second', 'Third']);
  assert.deepEqual(t({ title__icontains: 'IR', status: 'published' }), ['First', 'Third']);
  assert.deepEqual(t({ title__startswith: 'Th' }), ['Third']);
  assert.deepEqual(t({ title__endswith: 'st' }), ['First']);
  assert.deepEqual(t({ title__exact: 'First' }), ['First']);
  assert.deepEqual(t({ body__isnull: true }), ['Second', 'Third']);
  assert.deepEqual(t({ id__ne: s.p1.id, id__lt: s.p3.id }), ['Second']);
  const users = db.users.findAll({ where: { email__icontains: 'EXAMPLE', is_active: true } });
  assert.equal(users.length, 2);
  db.close();
});

test('AND / OR / NOT', () => {
  const db = openDb();
  const s = seed(db);
  const t = (where: object): string[] => titles(db.posts.findAll({ where: where as never }));
  assert.deepEqual(t({ OR: [{ title: 'First' }, { title: 'Third' }] }), ['First', 'Third']);
  assert.deepEqual(t({ AND: [{ status: 'published' }, { author_id: s.bob.id }] }), ['Third']);
  assert.deepEqual(t({ NOT: [{ status: 'draft' }] }), ['First', 'Third']);
  assert.deepEqual(t({ NOT: { status: 'draft' } }), ['First', 'Third']);
  assert.deepEqual(t({ NOT: [{ title: 'First' }, { title: 'Third' }] }), ['Second']);
  assert.deepEqual(t({ status: 'published', OR: [{ author_id: s.bob.id }, { body: { isNull: false } }] }), ['First', 'Third']);
  assert.deepEqual(t({ OR: [] }), []);
  assert.deepEqual(t({ AND: [] }), ['First', 'Second', 'Third']);
  assert.deepEqual(t({ OR: [{ AND: [{ id: s.p1.id }, { title: 'First' }] }, { NOT: [{ id__lte: s.p2.id }] }] }), ['First', 'Third']);
  db.close();
});

test('compiled SQL binds every value and quotes names from the schema', () => {
  const params: unknown[] = [];
  const sql = compileWhere(
    usersTable,
    { email__icontains: "a'b", OR: [{ role: 'admin' }, { created_at: { lt: new Date(0) } }], is_active: true },
    params,
  );
  assert.equal(sql, `"email" LIKE ? ESCAPE '\\' AND ("role" = ? OR "created_at" < ?) AND "is_active" = ?`);
  assert.deepEqual(params, ["%a'b%", 'admin', '1970-01-01T00:00:00.000Z', 1]);
  assert.equal(compileOrderBy(usersTable, [{ created_at: 'desc' }, { id: 'asc' }]), ' ORDER BY "created_at" DESC, "id" ASC');
});

test('statements are cached by shape: same SQL text for different values', () => {
  const { db, selects } = openRecordingDb();
  seed(db);
  db.users.findAll({ where: { email: 'a' } });
  db.users.findAll({ where: { email: 'b' } });
  const sqls = selects().map((q) => q.sql);
  assert.equal(sqls[0], sqls[1]);
  const before = db.connection.cachedStatements;
  db.users.findAll({ where: { email: 'c' } });
  assert.equal(db.connection.cachedStatements, before);
  db.close();
});

test('hostile input: unknown keys, operators, orderBy are errors', () => {
  const db = openDb();
  seed(db);
  const untyped = db.users as unknown as {
    findAll(o: unknown): unknown[];
    create(d: unknown): unknown;
    update(d: unknown): unknown;
    count(o: unknown): number;
    deleteMany(o: unknown): number;
  };
  const isNoorm = (code: string, re?: RegExp) => (e: unknown) =>
    e instanceof NoormError && e.code === code && (re === undefined || re.test(e.message));
  assert.throws(() => untyped.findAll({ where: { 'email; DROP TABLE users; --': 'x' } }), isNoorm('COLUMN_NOT_FOUND'));
  assert.throws(
    () => untyped.findAll({ where: { email: { likee: 'x' } } }),
    isNoorm('UNKNOWN_OPERATOR', /Unknown operator 'likee' for column 'email' in table 'users'\n {2}→ Did you mean 'like'\?/),
  );
  assert.throws(() => untyped.findAll({ where: { email__gtee: 'x' } }), isNoorm('UNKNOWN_OPERATOR', /Did you mean 'gte'\?/));
  assert.throws(() => untyped.findAll({ where: { emal__gte: 'x' } }), isNoorm('COLUMN_NOT_FOUND', /Did you mean 'email'\?/));
  assert.throws(() => untyped.findAll({ where: { email: { toString: 'x' } } }), isNoorm('UNKNOWN_OPERATOR'));
  assert.throws(() => untyped.findAll({ where: { email: { in: 'abc' } } }), isNoorm('INVALID_VALUE'));
  assert.throws(() => untyped.findAll({ where: { email: ['a', 'b'] } }), isNoorm('INVALID_VALUE', /use \{ email: \{ in: \[\.\.\.\] \} \}/));
  assert.throws(() => untyped.findAll({ where: { email: { contains: 5 } } }), isNoorm('INVALID_VALUE'));
  assert.throws(() => untyped.findAll({ where: { id: { gt: null } } }), isNoorm('INVALID_VALUE'));
  assert.throws(() => untyped.findAll({ where: { OR: 'x' } }), isNoorm('INVALID_VALUE'));
  assert.throws(() => untyped.findAll({ where: 'id = 1' }), isNoorm('INVALID_VALUE'));
  assert.throws(() => untyped.findAll({ orderBy: { 'id; DROP TABLE users': 'asc' } }), isNoorm('COLUMN_NOT_FOUND'));
  assert.throws(
    () => untyped.findAll({ orderBy: { id: 'sideways' } }),
    isNoorm('INVALID_ORDER_BY', /Invalid sort direction "sideways" for 'id' in table 'users'/),
  );
  assert.throws(() => untyped.findAll({ orderBy: { id: 'asc; DROP TABLE users' } }), isNoorm('INVALID_ORDER_BY'));
  assert.throws(() => untyped.findAll({ orderBy: 'id' }), isNoorm('INVALID_ORDER_BY'));
  assert.throws(() => untyped.findAll({ limit: '1; DROP TABLE users' }), isNoorm('INVALID_VALUE'));
  assert.throws(() => untyped.findAll({ limit: -1 }), isNoorm('INVALID_VALUE'));
  assert.throws(
    () => untyped.create({ email: 'x@y', admin: true }),
    isNoorm('COLUMN_NOT_FOUND', /Column 'admin' not found in table 'users'/),
  );
  assert.throws(() => untyped.create(null), isNoorm('INVALID_ARGUMENT'));
  assert.throws(() => untyped.create('email'), isNoorm('INVALID_ARGUMENT'));
  assert.throws(() => untyped.update({ id: 1, nmae: 'x' }), isNoorm('COLUMN_NOT_FOUND', /Did you mean 'name'\?/));
  assert.throws(() => untyped.count({ where: { nope: 1 } }), isNoorm('COLUMN_NOT_FOUND'));
  assert.throws(() => untyped.deleteMany({}), isNoorm('INVALID_ARGUMENT'));
  assert.throws(() => untyped.deleteMany(undefined), isNoorm('INVALID_ARGUMENT'));
  assert.throws(() => db.users.findById({} as never), isNoorm('INVALID_ARGUMENT'));
  // The table is still there and unchanged.
  assert.equal(db.users.count(), 3);
  db.close();
});

test('hostile input: quotes, semicolons and wildcards are stored and matched literally', () => {
  const db = openDb();
  const evil = [`Robert'); DROP TABLE users; --`, `"; DELETE FROM posts; --`, `100% _match_ [x] *star* ?q`, `back\\slash`, `a'b"c;d`];
  for (const [i, name] of evil.entries()) {
    const u = db.users.create({ email: `${i}@example.com`, name });
    assert.equal(db.users.findById(u.id)?.name, name);
    assert.equal(db.users.findOne({ where: { name } })?.id, u.id);
  }
  assert.equal(db.users.count(), evil.length);
  assert.equal(db.users.count({ where: { name: { contains: '%' } } }), 1);
  assert.equal(db.users.count({ where: { name: { icontains: '%' } } }), 1);
  assert.equal(db.users.count({ where: { name: { icontains: '_MATCH_' } } }), 1);
  assert.equal(db.users.count({ where: { name: { contains: '*star*' } } }), 1);
  assert.equal(db.users.count({ where: { name: { contains: '[x]' } } }), 1);
  assert.equal(db.users.count({ where: { name: { startsWith: '100% ' } } }), 1);
  assert.equal(db.users.count({ where: { name: { endsWith: '?q' } } }), 1);
  assert.equal(db.users.count({ where: { name: { icontains: '\\' } } }), 1);
  assert.equal(db.users.count({ where: { name: { startsWith: `Robert'); DROP` } } }), 1);
  const table = db.connection.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'users'").pluck().get();
  assert.equal(table, 1);
  db.close();
});
