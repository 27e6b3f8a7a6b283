import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Connection, NoormError, ReadOnlyError, singleton, clearSingleton } from 'noormme';
import { GENERATION, createDb, getDb } from './reference/blog/index.js';
import { ROOT, TEST_DRIVER, openDb, openRecordingDb, tempDir, walFiles } from './helpers.js';

test('default pragmas: WAL, foreign_keys, busy_timeout, synchronous=NORMAL', () => {
  const conn = new Connection({ filename: join(tempDir(), 'p.db') });
  assert.equal(conn.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(conn.db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(conn.db.pragma('busy_timeout', { simple: true }), 5000);
  assert.equal(conn.db.pragma('synchronous', { simple: true }), 1);
  conn.close();
});

test('pragmas are overridable, and null drops a default', () => {
  const conn = new Connection({
    filename: join(tempDir(), 'p.db'),
    pragmas: { journal_mode: 'DELETE', synchronous: 'FULL', busy_timeout: 100, foreign_keys: false, cache_size: -4000 },
  });
  assert.equal(conn.db.pragma('journal_mode', { simple: true }), 'delete');
  assert.equal(conn.db.pragma('synchronous', { simple: true }), 2);
  assert.equal(conn.db.pragma('busy_timeout', { simple: true }), 100);
  assert.equal(conn.db.pragma('foreign_keys', { simple: true }), 0);
  assert.equal(conn.db.pragma('cache_size', { simple: true }), -4000);
  conn.close();
  assert.throws(() => new Connection({ filename: ':memory:', pragmas: { 'x; DROP TABLE y': 1 } }), NoormError);
  assert.throws(() => new Connection({ filename: ':memory:', pragmas: { journal_mode: 'WAL; DROP TABLE y' } }), NoormError);
  assert.throws(() => new Connection(undefined as never), NoormError);
});

test('readonly connections cannot write', () => {
  const filename = join(tempDir(), 'ro.db');
  const db = createDb({ filename, migrate: true });
  db.users.create({ email: 'a@x' });
  db.close();
  const ro = createDb({ filename, readonly: true });
  assert.equal(ro.users.count(), 1);
  // SQLite's SQLITE_READONLY ("attempt to write a readonly database"), as a ReadOnlyError naming the file,
  // from a repository write, a raw statement and a transaction alike.
  for (const write of [
    () => ro.users.create({ email: 'b@x' }),
    () => ro.users.createMany([{ email: 'c@x' }]),
    () => ro.connection.run('DELETE FROM users'),
    () => ro.connection.exec('CREATE TABLE t (x)'),
  ]) {
    assert.throws(write, (e: unknown) => {
      assert.ok(e instanceof ReadOnlyError, `a ReadOnlyError, not ${String(e)}`);
      assert.ok(e instanceof NoormError);
      assert.equal(e.code, 'READONLY');
      assert.match(e.sqliteCode, /^SQLITE_READONLY/);
      assert.ok(e.message.startsWith(`The database '${filename}' cannot be written (SQLITE_READONLY`), e.message);
      assert.match(e.message, /Fix: write through a connection opened without readonly: true/);
      return true;
    });
  }
  assert.equal(ro.users.count(), 1, 'nothing was written');
  ro.close();
});

test('onQuery is called once per executed statement with SQL and params', () => {
  const { db, queries } = openRecordingDb();
  const u = db.users.create({ email: 'q@x', name: 'Q' });
  db.users.findById(u.id);
  db.users.findAll({ where: { name: 'Q' }, limit: 5 });
  db.users.delete(u.id);
  assert.equal(queries.length, 4);
  assert.match(queries[0]!.sql, /^INSERT INTO "users" \("email", "name"\) VALUES \(\?, \?\) RETURNING/);
  assert.deepEqual(queries[0]!.params, ['q@x', 'Q']);
  assert.deepEqual(queries[1]!.params, [u.id]);
  assert.equal(
    queries[2]!.sql,
    'SELECT "id", "email", "name", "role", "is_active", "created_at", "bio" FROM "users" WHERE "name" = ? LIMIT ?',
  );
  assert.deepEqual(queries[2]!.params, ['Q', 5]);
  assert.equal(queries[3]!.sql, 'DELETE FROM "users" WHERE "id" = ?');
  db.close();
});

test('statements are prepared once per connection', () => {
  const db = openDb();
  const c = db.connection;
  const before = c.cachedStatements;
  for (let i = 0; i < 5; i++) db.users.findById(i);
  for (let i = 0; i < 5; i++) db.users.create({ email: `s${i}@x` });
  const after = c.cachedStatements;
  assert.equal(after - before, 2, 'one SELECT by id, one INSERT shape');
  assert.equal(c.prepare('SELECT 1'), c.prepare('SELECT 1'));
  db.close();
});

test('transactions commit, roll back, and nest with savepoints', () => {
  const { db, queries } = openRecordingDb();
  db.transaction(() => {
    db.users.create({ email: 'outer@x' });
    assert.throws(() =>
      db.transaction(() => {
        db.users.create({ email: 'inner@x' });
        throw new Error('inner fails');
      }),
    );
    db.transaction(() => {
      db.users.create({ email: 'inner2@x' });
      db.transaction(() => db.users.create({ email: 'inner3@x' }));
    });
  });
  assert.deepEqual(
    db.users.findAll({ orderBy: { id: 'asc' } }).map((u) => u.email),
    ['outer@x', 'inner2@x', 'inner3@x'],
  );
  const control = queries.map((q) => q.sql).filter((s) => /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/.test(s));
  assert.deepEqual(control, [
    'BEGIN IMMEDIATE',
    'SAVEPOINT noormme_sp2',
    'ROLLBACK TO noormme_sp2',
    'RELEASE noormme_sp2',
    'SAVEPOINT noormme_sp2',
    'SAVEPOINT noormme_sp3',
    'RELEASE noormme_sp3',
    'RELEASE noormme_sp2',
    'COMMIT',
  ]);
  assert.throws(
    () =>
      db.transaction(() => {
        db.users.create({ email: 'gone@x' });
        throw new Error('outer fails');
      }),
    /outer fails/,
  );
  assert.equal(db.users.count({ where: { email: 'gone@x' } }), 0);
  assert.equal(
    db.transaction(() => 42),
    42,
  );
  db.close();
});

test('close() checkpoints and leaves no -wal or -shm file', () => {
  const filename = join(tempDir(), 'clean.db');
  const db = createDb({ filename, migrate: true });
  for (let i = 0; i < 100; i++) db.users.create({ email: `w${i}@x` });
  assert.ok(walFiles(filename).length > 0, 'WAL in use while open');
  db.close();
  if (TEST_DRIVER === 'libsql') return; // libsql 0.5 releases the file at GC or exit: driver.test.ts checks the rows instead
  assert.deepEqual(walFiles(filename), []);
  db.close(); // idempotent
  // Two connections: files stay until the last one closes.
  const a = createDb({ filename });
  const b = createDb({ filename });
  a.users.create({ email: 'a2@x' });
  b.users.count();
  a.close();
  assert.equal(b.users.count(), 101);
  b.close();
  assert.deepEqual(walFiles(filename), []);
});

test('getDb keeps one connection per process, reopened after close', () => {
  const filename = join(tempDir(), 'single.db');
  const a = getDb({ filename, migrate: true });
  const b = getDb({ filename });
  assert.equal(a, b);
  assert.equal(a.users, b.users);
  // A "hot reload" re-evaluates modules: the singleton lives on globalThis.
  const key = Symbol.for(`noormme.singleton:db:${filename}`);
  assert.equal((globalThis as unknown as Record<symbol, { value: unknown }>)[key]?.value, a);
  a.close();
  const c = getDb({ filename });
  assert.notEqual(c, a);
  assert.equal(c.connection.open, true);
  c.close();
  // DATABASE_URL is the default file.
  const other = join(tempDir(), 'env.db');
  process.env['DATABASE_URL'] = 'file:' + other;
  try {
    const d = getDb({ migrate: true });
    assert.equal(d.connection.filename, other);
    d.close();
  } finally {
    delete process.env['DATABASE_URL'];
  }
  assert.equal(
    singleton('k', () => 1),
    1,
  );
  assert.equal(
    singleton('k', () => 2),
    1,
  );
  clearSingleton('k');
  assert.equal(
    singleton('k', () => 3),
    3,
  );
});

test('a singleton follows the version of the code that asks: the old value is disposed', () => {
  const filename = join(tempDir(), 'versions.db');
  const closed: string[] = [];
  const open = (version: string) =>
    singleton(
      `versions:${filename}`,
      () => createDb({ filename, migrate: true }),
      (db) => db.connection.open,
      {
        version,
        dispose: (db) => {
          closed.push(version);
          db.close();
        },
        disposeAfterMs: 0,
      },
    );
  const v1 = open('v1');
  assert.equal(open('v1'), v1);
  v1.users.create({ email: 'a@x' });
  // `noormc watch` rewrote src/db: the re-evaluated module passes a new hash.
  const v2 = open('v2');
  assert.notEqual(v2, v1);
  assert.equal(v1.connection.open, false);
  assert.deepEqual(closed, ['v1']);
  assert.equal(v2.users.count(), 1);
  assert.equal(open('v2'), v2);
  v2.close();
  // libsql 0.5 releases the file at GC or exit (driver.test.ts checks its rows instead).
  if (TEST_DRIVER !== 'libsql') assert.deepEqual(walFiles(filename), []);
  // Without a dispose callback nothing is closed; a failing dispose does not fail the caller.
  const w1 = singleton('versions:plain', () => ({ n: 1 }), undefined, { version: 'a' });
  const boom = (): void => {
    throw new Error('boom');
  };
  const w2 = singleton('versions:plain', () => ({ n: 2 }), undefined, { version: 'b', dispose: boom, disposeAfterMs: 0 });
  assert.deepEqual([w1.n, w2.n], [1, 2]);
  assert.equal(singleton('versions:plain', () => ({ n: 3 }), undefined, { version: 'c' }).n, 3);
  clearSingleton('versions:plain');
  clearSingleton(`versions:${filename}`);
});

test('the generated getDb passes its GENERATION hash: a connection from other generated code is replaced', async () => {
  const filename = join(tempDir(), 'generation.db');
  const key = Symbol.for(`noormme.singleton:db:${filename}`);
  const g = globalThis as unknown as Record<
    symbol,
    { value: unknown; options: { version?: string; dispose?: (d: never) => void } } | undefined
  >;
  const stale = createDb({ filename, migrate: true });
  // What an older generation of src/db left on globalThis before the hot reload.
  g[key] = { value: stale, options: { version: 'older-generation', dispose: (d: typeof stale) => d.close() } };
  const db = getDb({ filename });
  assert.notEqual(db, stale);
  assert.equal(g[key]?.options.version, GENERATION);
  assert.match(GENERATION, /^[0-9a-f]{16}$/);
  // The old connection is closed after a grace period that lets running requests finish.
  assert.equal(stale.connection.open, true);
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal(stale.connection.open, false);
  db.close();
  delete g[key];
});

test('importing noormme in the Edge runtime throws a clear error', () => {
  const out = execFileSync(process.execPath, [join(ROOT, 'test/fixtures/edge-child.mjs')], { cwd: ROOT }).toString();
  assert.match(out, /^threw: noormme: SQLite \(better-sqlite3\) needs the Node\.js runtime/);
  assert.match(out, /Fix: import your database from proxy\.ts, not middleware\.ts/);
});

test('the CommonJS build works with require()', () => {
  const out = execFileSync(process.execPath, [join(ROOT, 'test/fixtures/cjs-child.cjs')], { cwd: ROOT }).toString();
  assert.equal(out, 'ok');
});
