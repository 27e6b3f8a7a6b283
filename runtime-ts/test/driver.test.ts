// The driver switch, clean close, backups, BusyError, shutdown, and libsql's
// embedded replicas up to the network boundary. Runs on the driver chosen by
// NOORMME_TEST_DRIVER (helpers.ts); tests of one driver's own behaviour say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusyError, Connection, NoormError, mapSqliteError } from 'noormme';
import { createDb } from './reference/blog/index.js';
import { ROOT, TEST_DRIVER, openDb, tempDir, walFiles } from './helpers.js';

const libsql = TEST_DRIVER === 'libsql';

/** Rows of `users` in a copy of the main database file alone (what `cp app.db` backs up). */
function rowsInMainFileAlone(filename: string): number {
  const copy = join(tempDir(), 'main-only.db');
  copyFileSync(filename, copy);
  const c = new Connection({ filename: copy, driver: 'better-sqlite3' });
  const hasTable = c.get("SELECT 1 FROM sqlite_schema WHERE name = 'users'") !== undefined;
  const n = hasTable ? c.get<{ n: number }>('SELECT count(*) AS n FROM users')!.n : 0;
  c.close();
  return n;
}

test('the connection runs on the chosen driver', () => {
  const db = openDb();
  assert.equal(db.connection.driver, TEST_DRIVER);
  assert.equal(db.connection.pragma('journal_mode'), 'wal');
  assert.equal(db.connection.pragma('foreign_keys'), 1);
  assert.equal(db.connection.pragma('busy_timeout'), 5000);
  db.close();
  assert.throws(
    () => new Connection({ filename: ':memory:', driver: 'nope' as never }),
    (e: unknown) => e instanceof NoormError && /Unknown driver 'nope'/.test(e.message),
  );
  assert.throws(
    () => new Connection({ filename: ':memory:', driver: 'better-sqlite3', syncUrl: 'libsql://x.turso.io' }),
    (e: unknown) => e instanceof NoormError && /syncUrl needs the libsql driver/.test(e.message),
  );
  const plain = new Connection({ filename: ':memory:' });
  assert.throws(
    () => plain.sync(),
    (e: unknown) => e instanceof NoormError && /embedded replica/.test(e.message),
  );
  plain.close();
});

test('both drivers give the same rows, raw rows, RETURNING, bigint and blobs', () => {
  const rows = (driver: 'better-sqlite3' | 'libsql') => {
    const c = new Connection({ filename: ':memory:', driver });
    c.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, big INTEGER, b BLOB, s TEXT UNIQUE)');
    const r = c.getRaw('INSERT INTO t (big, b, s) VALUES (?, ?, ?) RETURNING id, s', [2n ** 60n, Buffer.from([1, 2, 3]), 'x']);
    const ran = c.run('INSERT INTO t (s) VALUES (?)', ['y']);
    const out = {
      returning: r,
      ran: { changes: ran.changes, lastInsertRowid: ran.lastInsertRowid },
      objects: c.all('SELECT id, s FROM t ORDER BY id'),
      one: c.get('SELECT id, s FROM t WHERE id = ?', [1]),
      none: c.get('SELECT id FROM t WHERE id = ?', [99]),
      raw: c.allRaw('SELECT id, b FROM t ORDER BY id'),
      safe: c.prepareRaw('SELECT big FROM t WHERE id = 1', true).get(),
      pluck: c.db.prepare('SELECT s FROM t ORDER BY id').pluck().all(),
      pluckOne: c.db.prepare('SELECT count(*) FROM t').pluck().get(),
      nullParam: c.db.prepare('SELECT ? IS NULL').pluck().get(null),
    };
    // A statement that failed works again (libsql 0.5 repeats the error unless prepared anew).
    const insert = c.prepareRaw('INSERT INTO t (s) VALUES (?) RETURNING id');
    assert.throws(() => insert.get(['x']), /UNIQUE/);
    assert.deepEqual(insert.get(['z']), [3]);
    c.close();
    return out;
  };
  assert.deepEqual(rows('libsql'), rows('better-sqlite3'));
});

test('libsql: a boolean parameter is refused as better-sqlite3 refuses it (libsql 0.5 would abort the process)', () => {
  for (const driver of ['better-sqlite3', 'libsql'] as const) {
    const c = new Connection({ filename: ':memory:', driver });
    assert.throws(() => c.get('SELECT ?', [true]), TypeError, driver);
    assert.throws(() => c.db.prepare('SELECT ?').get(false), TypeError, driver);
    c.close();
  }
});

test('constraint errors map to the same NoormErrors from libSQL error codes', () => {
  for (const driver of ['better-sqlite3', 'libsql'] as const) {
    const c = new Connection({ filename: ':memory:', driver });
    c.exec(
      'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE t (u TEXT UNIQUE, n TEXT NOT NULL, k INT CHECK (k > 0), p INT REFERENCES p (id))',
    );
    const fail = (sql: string, params: unknown[]) => {
      try {
        c.run(sql, params);
      } catch (e) {
        return mapSqliteError(e) as NoormError;
      }
      assert.fail(`${driver}: ${sql} did not fail`);
    };
    c.run('INSERT INTO t (u, n, k) VALUES (?, ?, ?)', ['a', 'x', 1]);
    assert.equal(fail('INSERT INTO t (u, n, k) VALUES (?, ?, ?)', ['a', 'x', 1]).code, 'UNIQUE_CONSTRAINT', driver);
    assert.equal(fail('INSERT INTO t (u, n, k) VALUES (?, ?, ?)', ['b', null, 1]).code, 'NOT_NULL_CONSTRAINT', driver);
    assert.equal(fail('INSERT INTO t (u, n, k) VALUES (?, ?, ?)', ['c', 'x', -1]).code, 'CHECK_CONSTRAINT', driver);
    assert.equal(fail('INSERT INTO t (u, n, k, p) VALUES (?, ?, ?, ?)', ['d', 'x', 1, 9]).code, 'FOREIGN_KEY_CONSTRAINT', driver);
    c.close();
  }
});

test('close() leaves no -wal or -shm when the last connection to close is read-only', () => {
  const filename = join(tempDir(), 'ro-last.db');
  const w = createDb({ filename, migrate: true });
  const r = createDb({ filename, readonly: true });
  for (let i = 0; i < 50; i++) w.users.create({ email: `u${i}@x` });
  w.close();
  assert.equal(r.users.count(), 50);
  assert.throws(() => r.users.create({ email: 'no@x' }), /readonly/i);
  r.close();
  if (libsql) {
    // libsql 0.5 releases the file when the statements are garbage-collected
    // or the process exits; the rows are in the main file by then anyway.
    assert.equal(rowsInMainFileAlone(filename), 50);
  } else {
    assert.deepEqual(walFiles(filename), []);
  }
});

test('close() checkpoints without waiting: the rows are in the main file even while another connection reads', () => {
  const filename = join(tempDir(), 'passive.db');
  const reader = createDb({ filename, migrate: true });
  const writer = createDb({ filename, pragmas: { wal_autocheckpoint: 0 } });
  for (let i = 0; i < 20; i++) writer.users.create({ email: `p${i}@x` });
  assert.equal(rowsInMainFileAlone(filename), 0, 'rows only in the WAL before close');
  writer.close();
  assert.equal(rowsInMainFileAlone(filename), 20, 'PASSIVE checkpoint at close');
  assert.equal(reader.users.count(), 20);
  reader.close();
});

test('backup() copies rows that are only in the WAL, and never leaves a partial file', () => {
  const dir = tempDir();
  const filename = join(dir, 'app.db');
  const db = createDb({ filename, migrate: true, pragmas: { wal_autocheckpoint: 0 } });
  for (let i = 0; i < 30; i++) db.users.create({ email: `b${i}@x` });
  assert.equal(rowsInMainFileAlone(filename), 0, 'the rows are only in the WAL');
  const dest = join(dir, 'backup.db');
  writeFileSync(dest, 'an older backup');
  assert.equal(db.backup(dest), dest);
  const copy = createDb({ filename: dest, readonly: true });
  assert.equal(copy.users.count(), 30);
  assert.deepEqual(copy.migrationStatus().pending, []);
  copy.close();
  assert.throws(() => db.backup(filename), NoormError);
  assert.throws(() => db.backup(join(dir, 'no-such-dir', 'x.db')));
  assert.ok(!existsSync(join(dir, 'no-such-dir')));
  db.close();
});

test('a write transaction takes the write lock up front; a lock held past busy_timeout is a BusyError', () => {
  const filename = join(tempDir(), 'busy.db');
  const a = createDb({ filename, migrate: true });
  const b = createDb({ filename, pragmas: { busy_timeout: 50 } });
  a.transaction(() => {
    a.users.count(); // only a read so far: BEGIN IMMEDIATE already holds the write lock
    const err = (() => {
      try {
        b.users.create({ email: 'b@x' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof BusyError, `got ${String(err)}`);
    assert.ok(err instanceof NoormError);
    assert.equal(err.code, 'BUSY');
    assert.match(err.message, /locked by another connection \(SQLITE_BUSY\)/);
    assert.ok(err.message.startsWith(`The database '${filename}' is locked`), 'a repository write names the file');
    assert.match(err.message, /Fix: retry the operation; keep write transactions short/);
    assert.throws(() => b.transaction(() => 1), BusyError);
    assert.equal(b.users.count(), 0, 'readers are never blocked');
  });
  if (!libsql) {
    // libsql 0.5 leaves a statement that failed with SQLITE_BUSY un-reset, and
    // b's later writes stay uncommitted until it is garbage-collected
    // (docs/reference/runtime.md, "libSQL"): not asserted there.
    b.users.create({ email: 'b@x' });
    assert.equal(a.users.count(), 1);
  }
  a.close();
  b.close();
});

/** Runs a child process that opens `filename`, writes rows only into the WAL, then gets `signal`. */
function childWritesThenSignal(
  filename: string,
  options: string,
  handler: string,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  const script = `
    import { setDefaultDriver } from 'noormme';
    import { createDb } from './build-test/test/reference/blog/index.js';
    setDefaultDriver(${JSON.stringify(TEST_DRIVER)});
    const db = createDb({ filename: ${JSON.stringify(filename)}, migrate: true, pragmas: { wal_autocheckpoint: 0 }, ${options} });
    for (let i = 0; i < 25; i++) db.users.create({ email: 's' + i + '@x' });
    ${handler}
    setInterval(() => {}, 1000);
    process.stdout.write('ready\\n');
  `;
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) p.kill('SIGTERM');
    });
    p.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

test('SIGTERM to a server that exits on it (as next start does) leaves the rows in the main file', async () => {
  const filename = join(tempDir(), 'next.db');
  const r = await childWritesThenSignal(filename, '', "process.on('SIGTERM', () => process.exit(0));");
  assert.equal(r.code, 0);
  assert.equal(rowsInMainFileAlone(filename), 25);
  if (!libsql) assert.deepEqual(walFiles(filename), []);
});

test('closeOnSignal: SIGTERM with no handler of its own closes, then ends the process by the signal', async () => {
  const filename = join(tempDir(), 'signal.db');
  const r = await childWritesThenSignal(filename, 'closeOnSignal: true', '');
  assert.equal(r.signal, 'SIGTERM');
  assert.equal(rowsInMainFileAlone(filename), 25);
  if (!libsql) assert.deepEqual(walFiles(filename), []);
});

test('libsql embedded replica: options reach the network boundary (no sqld here)', { skip: !libsql && 'libsql only' }, async () => {
  // A stand-in for the primary in another process (libsql blocks this one's event
  // loop while it talks): it records each request and answers 500.
  const server = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('node:http').createServer((req, res) => { process.stdout.write(JSON.stringify({ m: req.method, u: req.url, a: req.headers.authorization ?? null }) + '\\n'); req.resume(); req.on('end', () => { res.statusCode = 500; res.end(); }); });
       s.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + s.address().port + '\\n'));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let log = '';
  server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  try {
    const port = await new Promise<number>((resolve) => {
      const t = setInterval(() => {
        const m = /PORT (\d+)/.exec(log);
        if (m !== null) {
          clearInterval(t);
          resolve(Number(m[1]));
        }
      }, 10);
    });
    const filename = join(tempDir(), 'replica.db');
    const db = createDb({ driver: 'libsql', filename, syncUrl: `http://127.0.0.1:${port}`, authToken: 'test-token', checkSchema: false });
    assert.equal(db.connection.replica, true);
    assert.throws(
      () => db.sync(),
      (e: unknown) => e instanceof NoormError && e.code === 'SYNC_FAILED',
    );
    // Reads are served by the local replica; a write is delegated to the primary.
    assert.deepEqual(db.connection.getRaw('SELECT 1'), [1]);
    assert.throws(() => db.connection.exec('CREATE TABLE x (a)'), /WriteDelegation/);
    db.close();
    await new Promise((r) => setTimeout(r, 100));
    const requests = log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { m: string; u: string; a: string | null });
    assert.deepEqual(requests[0], { m: 'GET', u: '/info', a: 'Bearer test-token' }, 'opening asks the primary, with the token');
    assert.ok(
      requests.some((r) => r.u === '/wal_log.ReplicationLog/Hello'),
      'sync() starts the replication handshake',
    );
    assert.ok(
      requests.some((r) => r.u === '/proxy.Proxy/Execute'),
      'the write went to the primary',
    );
  } finally {
    server.kill();
  }
  // Nobody listening: opening the replica fails with a NoormError that names syncUrl.
  assert.throws(
    () => createDb({ driver: 'libsql', filename: join(tempDir(), 'r2.db'), syncUrl: 'http://127.0.0.1:9', authToken: 't' }),
    (e: unknown) => e instanceof NoormError && e.code === 'SYNC_FAILED' && /syncUrl: http:\/\/127\.0\.0\.1:9/.test(e.message),
  );
});

test('libsql is loaded only when asked for', () => {
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import { Connection } from 'noormme'; new Connection({ filename: ':memory:' }).close(); const m = Object.keys(await import('node:module').then((x) => x.default._cache ?? {})); console.log(m.some((k) => k.includes('/libsql/')) ? 'loaded' : 'not loaded');",
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(r.stdout.trim(), 'not loaded', r.stderr);
});

test('without the libsql package, driver: libsql is a NoormError that says to install it', () => {
  // An app whose node_modules has noormme and better-sqlite3 but not libsql.
  const app = tempDir();
  const pkg = join(app, 'node_modules', 'noormme');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules', 'better-sqlite3'), join(app, 'node_modules', 'better-sqlite3'));
  for (const [flag, code] of [
    ['--input-type=module', "import { Connection } from 'noormme';"],
    ['--input-type=commonjs', "const { Connection } = require('noormme');"],
  ] as const) {
    const r = spawnSync(
      process.execPath,
      [
        flag,
        '-e',
        `${code} new Connection({ filename: ':memory:' }).close(); try { new Connection({ filename: ':memory:', driver: 'libsql' }); } catch (e) { console.log(e.name + ' ' + e.code + '\\n' + e.message); }`,
      ],
      { cwd: app, encoding: 'utf8' },
    );
    assert.match(
      r.stdout,
      /^NoormError INVALID_ARGUMENT\ndriver: 'libsql' needs the libsql package, which is not installed\n/,
      flag + r.stderr,
    );
    assert.match(r.stdout, /Fix: npm install libsql/, flag);
  }
});
