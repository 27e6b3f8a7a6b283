import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  CheckConstraintError,
  ConstraintError,
  ForeignKeyError,
  MigrationChecksumError,
  MigrationError,
  NoormError,
  NotNullError,
  SchemaMismatchError,
  TableNotFoundError,
  UniqueConstraintError,
  columnNotFound,
  mapSqliteError,
} from 'noormme';
import { createDb, migrations } from './reference/blog/index.js';
import { openDb, seed, tempDir } from './helpers.js';

test('unknown column: the exact message with a suggestion', () => {
  const e = columnNotFound('users', 'user_name', ['id', 'username', 'email', 'created_at']);
  assert.ok(e instanceof NoormError);
  assert.equal(e.name, 'NoormError');
  assert.equal(
    String(e),
    "NoormError: Column 'user_name' not found in table 'users'\n" +
      "  → Did you mean 'username'? (89% similar)\n" +
      '  → Available columns: id, username, email, created_at\n' +
      '  Fix: check the column name, or run: noormc inspect users',
  );
  assert.equal(e.table, 'users');
  assert.equal(e.column, 'user_name');
  assert.equal(e.fix, 'check the column name, or run: noormc inspect users');
  assert.equal(e.code, 'COLUMN_NOT_FOUND');
});

test('unknown column in a where from the generated code', () => {
  const db = openDb();
  assert.throws(
    () => db.users.findAll({ where: { emial: 'x' } as never }),
    (e: unknown) =>
      e instanceof NoormError &&
      e.message ===
        "Column 'emial' not found in table 'users'\n" +
          "  → Did you mean 'email'? (60% similar)\n" +
          '  → Available columns: id, email, name, role, is_active, created_at, bio\n' +
          '  Fix: check the column name, or run: noormc inspect users',
  );
  // Nothing close: no suggestion line.
  assert.throws(
    () => db.users.findAll({ where: { zzzzzzzz: 1 } as never }),
    (e: unknown) => e instanceof NoormError && !e.message.includes('Did you mean') && e.message.includes('Available columns'),
  );
  db.close();
});

test('UniqueConstraintError names table and columns', () => {
  const db = openDb();
  seed(db);
  try {
    db.users.create({ email: 'alice@example.com' });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof UniqueConstraintError);
    assert.ok(e instanceof ConstraintError);
    assert.ok(e instanceof NoormError);
    assert.equal(e.table, 'users');
    assert.deepEqual(e.columns, ['email']);
    assert.equal(e.code, 'UNIQUE_CONSTRAINT');
    assert.match(e.message, /^Unique constraint failed on users\.email/);
    assert.match(e.message, /Fix: use another value, or upsert\(data, \{ conflict: \['email'\] \}\)/);
    assert.equal((e.cause as { code: string }).code, 'SQLITE_CONSTRAINT_UNIQUE');
  }
  // Composite primary key.
  const s = db.post_tags.findAll()[0]!;
  assert.throws(
    () => db.post_tags.create(s),
    (e: unknown) => e instanceof UniqueConstraintError && e.table === 'post_tags' && e.columns.join() === 'post_id,tag_id',
  );
  // Case-insensitive unique (COLLATE NOCASE).
  assert.throws(
    () => db.tags.create({ name: 'SQLITE' }),
    (e: unknown) => e instanceof UniqueConstraintError && e.columns[0] === 'name',
  );
  db.close();
});

test('ForeignKeyError names the foreign key that has no parent', () => {
  const db = openDb();
  const s = seed(db);
  assert.throws(
    () => db.comments.create({ post_id: s.p1.id, author_id: 999, body: 'x' }),
    (e: unknown) =>
      e instanceof ForeignKeyError &&
      e.table === 'comments' &&
      e.columns.join() === 'author_id' &&
      e.referencedTable === 'users' &&
      e.message ===
        "Foreign key constraint failed on comments.author_id: no row in 'users' has that key\n  Fix: create the 'users' row first, or reference an existing one",
  );
  assert.throws(
    () => db.posts.update({ id: s.p1.id, author_id: 12345 }),
    (e: unknown) => e instanceof ForeignKeyError && e.columns[0] === 'author_id',
  );
  assert.throws(() => db.posts.updateMany({ where: {}, set: { author_id: 12345 } }), ForeignKeyError);
  db.close();
});

test('NotNullError and CheckConstraintError', () => {
  const db = openDb();
  const s = seed(db);
  assert.throws(
    () => db.posts.create({ author_id: s.alice.id, title: null as never }),
    (e: unknown) =>
      e instanceof NotNullError &&
      e.table === 'posts' &&
      e.columns[0] === 'title' &&
      /^Not-null constraint failed on posts\.title/.test(e.message),
  );
  assert.throws(
    () => db.users.create({ email: 'c@example.com', role: 'owner' as never }),
    (e: unknown) =>
      e instanceof CheckConstraintError &&
      e.table === 'users' &&
      e.columns.join() === 'role' &&
      e.constraint.includes("role IN ('member', 'editor', 'admin')") &&
      /^Check constraint failed on users\.role: /.test(e.message),
  );
  assert.throws(() => db.posts.update({ id: s.p1.id, status: 'archived' as never }), CheckConstraintError);
  db.close();
});

test('mapSqliteError on raw better-sqlite3 errors', () => {
  const raw = new Database(':memory:');
  raw.exec('CREATE TABLE t (a TEXT UNIQUE, b INT NOT NULL, c INT CHECK (c > 0), UNIQUE (b, c))');
  raw.exec("INSERT INTO t VALUES ('x', 1, 1)");
  const grab = (sql: string): unknown => {
    try {
      raw.exec(sql);
    } catch (e) {
      return mapSqliteError(e, { name: 't', columnNames: ['a', 'b', 'c'] });
    }
    return undefined;
  };
  const u = grab("INSERT INTO t VALUES ('x', 2, 2)");
  assert.ok(u instanceof UniqueConstraintError && u.table === 't' && u.columns.join() === 'a');
  const u2 = grab("INSERT INTO t VALUES ('y', 1, 1)");
  assert.ok(u2 instanceof UniqueConstraintError && u2.columns.join() === 'b,c');
  const n = grab("INSERT INTO t VALUES ('z', NULL, 1)");
  assert.ok(n instanceof NotNullError && n.columns.join() === 'b');
  const c = grab("INSERT INTO t VALUES ('w', 3, -1)");
  assert.ok(c instanceof CheckConstraintError && c.columns.join() === 'c' && c.constraint === 'c > 0');
  const t = grab('SELECT * FROM nope');
  assert.ok(t instanceof TableNotFoundError && t.table === 'nope');
  const other = new Error('other');
  assert.equal(mapSqliteError(other), other);
  raw.close();
});

test('SchemaMismatchError names the pending migrations and the command', () => {
  const dir = tempDir();
  const filename = join(dir, 'behind.db');
  // Apply only the first three migrations.
  const first = createDb({ filename, checkSchema: false });
  first.migrate({ to: 3 });
  first.close();
  const db = createDb({ filename });
  try {
    db.users.findAll();
    assert.fail('expected SchemaMismatchError');
  } catch (e) {
    assert.ok(e instanceof SchemaMismatchError);
    assert.deepEqual(e.pending, ['0004_create_tags', '0005_profiles_and_views', '0006_reference_extras']);
    assert.match(e.message, /behind the compiled schema: 3 migrations not applied/);
    assert.match(e.message, /Pending: 0004_create_tags, 0005_profiles_and_views, 0006_reference_extras/);
    assert.match(e.message, new RegExp(`Fix: run: noormc migrate --db ${filename.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    assert.match(e.message, /db\.migrate\(\)/);
  }
  // Still failing on the next call, until migrated.
  assert.throws(() => db.tags.findAll(), SchemaMismatchError);
  db.migrate();
  assert.deepEqual(db.tags.findAll(), []);
  db.close();
  // An empty database: every migration is pending.
  const empty = createDb({ filename: join(dir, 'empty.db') });
  assert.throws(
    () => empty.users.count(),
    (e: unknown) => e instanceof SchemaMismatchError && e.pending.length === migrations.length,
  );
  empty.close();
});

test('SchemaMismatchError when an applied migration changed', () => {
  const filename = join(tempDir(), 'changed.db');
  const db = createDb({ filename, migrate: true });
  db.connection.db.prepare("UPDATE noormc_migrations SET checksum = 'abc' WHERE name = '0002_create_posts'").run();
  db.close();
  const again = createDb({ filename });
  assert.throws(
    () => again.users.count(),
    (e: unknown) => e instanceof SchemaMismatchError && /migrated with a different version of: 0002_create_posts/.test(e.message),
  );
  assert.throws(
    () => again.migrate(),
    (e: unknown) => e instanceof MigrationChecksumError && e.migration === '0002_create_posts' && e instanceof MigrationError,
  );
  again.close();
});

test('TableNotFoundError from a database without the table', () => {
  const filename = join(tempDir(), 'other.db');
  const raw = new Database(filename);
  raw.exec('CREATE TABLE something (x)');
  raw.close();
  // Tables exist but no noormc_migrations: managed elsewhere, no schema check.
  const db = createDb({ filename });
  assert.throws(
    () => db.users.findById(1),
    (e: unknown) => e instanceof TableNotFoundError && e.table === 'users' && /Fix: apply the migrations/.test(e.message),
  );
  db.close();
});

test('transaction with an async function is an error and rolls back', () => {
  const db = openDb();
  assert.throws(
    () =>
      db.transaction(async () => {
        db.users.create({ email: 'async@example.com' });
      }),
    (e: unknown) => e instanceof NoormError && e.code === 'TRANSACTION',
  );
  assert.equal(db.users.count(), 0);
  db.close();
});

test('a closed connection is an error', () => {
  const db = openDb();
  db.close();
  assert.throws(
    () => db.users.findAll({ where: { id: 1 } }),
    (e: unknown) => e instanceof NoormError && e.code === 'CONNECTION_CLOSED',
  );
});

test('instanceof holds across two copies of noormme in one process (Next.js bundles a package once per layer)', async () => {
  const { createRequire } = await import('node:module');
  const cjs = createRequire(import.meta.url)('noormme') as typeof import('noormme');
  assert.notEqual(cjs.UniqueConstraintError, UniqueConstraintError, 'the CJS build is a second copy of every class');
  const other = new cjs.UniqueConstraintError('users', ['email']);
  assert.ok(other instanceof UniqueConstraintError);
  assert.ok(other instanceof ConstraintError);
  assert.ok(other instanceof NoormError);
  assert.ok(!(other instanceof ForeignKeyError));
  assert.ok(!(other instanceof SchemaMismatchError));
  const mine = new NotNullError('posts', ['title']);
  assert.ok(mine instanceof cjs.NotNullError && mine instanceof cjs.ConstraintError && !(mine instanceof cjs.CheckConstraintError));
  assert.ok(!(new Error('x') instanceof NoormError));
  assert.ok(!((null as unknown) instanceof NoormError) && !({ code: 'UNIQUE_CONSTRAINT' } instanceof UniqueConstraintError));
  assert.deepEqual(Object.keys(other).includes('noormme.errorClasses'), false);
});
