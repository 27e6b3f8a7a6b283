import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  BusyError,
  Connection,
  MigrationChecksumError,
  MigrationError,
  checksum,
  migrate,
  migrationStatus,
  rollback,
  type Migration,
} from 'noormme';
import { migrations as blogMigrations } from './reference/blog/migrations.js';
import { ROOT, tempDir } from './helpers.js';

/** A migration written by hand: one statement per element, numbered as lines (noormc emits the real lines). */
function m(name: string, up: string[], down: string[] | null = null): Migration {
  const list = (sql: string[]) => sql.map((s, i) => ({ sql: s, line: i + 1 }));
  return { name, up: list(up), down: down === null ? null : list(down), checksum: checksum(up.join(';\n')) };
}

function tables(conn: Connection): string[] {
  return conn.db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

function applied(conn: Connection): string[] {
  return conn.db.prepare('SELECT name FROM noormc_migrations ORDER BY name').pluck().all() as string[];
}

test('applies every pending migration in order and records name, checksum, time', () => {
  const conn = new Connection({ filename: join(tempDir(), 'm.db') });
  const res = migrate(conn, blogMigrations);
  assert.deepEqual(
    res.applied,
    blogMigrations.map((x) => x.name),
  );
  assert.deepEqual(tables(conn), ['comments', 'noormc_migrations', 'post_tags', 'posts', 'profiles', 'tags', 'users']);
  const rows = conn.db.prepare('SELECT name, checksum, applied_at FROM noormc_migrations ORDER BY name').all() as {
    name: string;
    checksum: string;
    applied_at: string;
  }[];
  assert.equal(rows.length, blogMigrations.length);
  assert.equal(rows[0]!.checksum, blogMigrations[0]!.checksum);
  assert.ok(!Number.isNaN(Date.parse(rows[0]!.applied_at)));
  // Idempotent.
  assert.deepEqual(migrate(conn, blogMigrations), { applied: [], rolledBack: [] });
  assert.equal(conn.db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys restored');
  conn.close();
});

test('applies by name, not by high-water mark: a migration merged from a branch is applied', () => {
  const conn = new Connection({ filename: join(tempDir(), 'm.db') });
  const a = m('0001_a', ['CREATE TABLE a (id INTEGER PRIMARY KEY)']);
  const c = m('0003_c', ['CREATE TABLE c (id INTEGER PRIMARY KEY)']);
  migrate(conn, [a, c]);
  const b = m('0002_b', ['CREATE TABLE b (id INTEGER PRIMARY KEY)']);
  assert.deepEqual(migrate(conn, [a, b, c]).applied, ['0002_b']);
  assert.deepEqual(applied(conn), ['0001_a', '0002_b', '0003_c']);
  assert.deepEqual(migrationStatus(conn, [a, b, c]).pending, []);
  conn.close();
});

test('a changed checksum of an applied migration is an error', () => {
  const conn = new Connection({ filename: join(tempDir(), 'm.db') });
  const a = m('0001_a', ['CREATE TABLE a (id INTEGER PRIMARY KEY)']);
  migrate(conn, [a]);
  const edited = m('0001_a', ['CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT)']);
  assert.throws(
    () => migrate(conn, [edited, m('0002_b', ['CREATE TABLE b (x)'])]),
    (e: unknown) =>
      e instanceof MigrationChecksumError &&
      e.migration === '0001_a' &&
      e.expected === a.checksum &&
      e.actual === edited.checksum &&
      /Migration '0001_a' was changed after it was applied/.test(e.message) &&
      /Fix: never edit an applied migration/.test(e.message),
  );
  assert.deepEqual(applied(conn), ['0001_a'], 'nothing else applied');
  assert.deepEqual(migrationStatus(conn, [edited]).changed, ['0001_a']);
  conn.close();
});

test('a failing migration is rolled back whole, earlier ones stay', () => {
  const conn = new Connection({ filename: join(tempDir(), 'm.db') });
  const ok = m('0001_ok', ['CREATE TABLE ok (id INTEGER PRIMARY KEY)', 'INSERT INTO ok VALUES (1)']);
  const bad = m('0002_bad', ['CREATE TABLE half (id INTEGER PRIMARY KEY)', 'INSERT INTO ok VALUES (2)', 'INSERT INTO nope VALUES (1)']);
  const after = m('0003_after', ['CREATE TABLE after (x)']);
  assert.throws(
    () => migrate(conn, [ok, bad, after]),
    (e: unknown) =>
      e instanceof MigrationError &&
      e.migration === '0002_bad' &&
      /Migration '0002_bad' failed \(up\) at 0002_bad\.up\.sql:3: no such table: nope/.test(e.message) &&
      /0002_bad\.up\.sql:3: INSERT INTO nope VALUES \(1\)/.test(e.message) &&
      /rolled back/.test(e.message),
  );
  assert.deepEqual(tables(conn), ['noormc_migrations', 'ok']);
  assert.equal(conn.db.prepare('SELECT count(*) FROM ok').pluck().get(), 1);
  assert.deepEqual(applied(conn), ['0001_ok']);
  assert.equal(conn.db.pragma('foreign_keys', { simple: true }), 1);
  conn.close();
});

test('a migration that leaves foreign key violations is rolled back (foreign_key_check)', () => {
  const conn = new Connection({ filename: join(tempDir(), 'm.db') });
  const base = m('0001_base', [
    'CREATE TABLE p (id INTEGER PRIMARY KEY)',
    'CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id))',
    'INSERT INTO p VALUES (1)',
    'INSERT INTO c VALUES (1, 1)',
  ]);
  const orphan = m('0002_orphan', ['DELETE FROM p']);
  migrate(conn, [base]);
  assert.throws(
    () => migrate(conn, [base, orphan]),
    (e: unknown) =>
      e instanceof MigrationError &&
      e.migration === '0002_orphan' &&
      /leaves 1 foreign key violation/.test(e.message) &&
      /row 1 of 'c' references a missing row of 'p'/.test(e.message),
  );
  assert.equal(conn.db.prepare('SELECT count(*) FROM p').pluck().get(), 1);
  conn.close();
});

test('Prisma-style table rebuild keeps child rows with ON DELETE CASCADE', () => {
  const conn = new Connection({ filename: join(tempDir(), 'm.db') });
  migrate(conn, blogMigrations);
  conn.db.exec(`
    INSERT INTO users (id, email) VALUES (1, 'a@x'), (2, 'b@x');
    INSERT INTO posts (id, author_id, title) VALUES (1, 1, 'p1'), (2, 2, 'p2');
    INSERT INTO comments (post_id, author_id, body) VALUES (1, 2, 'c1'), (2, 1, 'c2');
  `);
  // What Prisma emits for SQLite: its own PRAGMA/BEGIN/COMMIT, a copy, drop, rename.
  // What Prisma emits for SQLite (its own PRAGMA/BEGIN/COMMIT, a copy, drop, rename), as noormc
  // splits it: the file's BEGIN TRANSACTION and COMMIT are left out, the PRAGMAs run inside the
  // runner's transaction (where foreign_keys=OFF does nothing).
  const rebuild = m('0007_redefine_users', [
    '-- RedefineTables\nPRAGMA defer_foreign_keys=ON',
    'PRAGMA foreign_keys=OFF',
    'DROP VIEW "published_posts"',
    `CREATE TABLE "new_users" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'editor', 'admin')),
    "is_active" BOOLEAN NOT NULL DEFAULT 1,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "bio" TEXT,
    "nickname" TEXT
)`,
    'INSERT INTO "new_users" ("id", "email", "name", "role", "is_active", "created_at", "bio") SELECT "id", "email", "name", "role", "is_active", "created_at", "bio" FROM "users"',
    'DROP TABLE "users"',
    'ALTER TABLE "new_users" RENAME TO "users"',
    'CREATE UNIQUE INDEX "users_email_key" ON "users"("email")',
    `CREATE VIEW published_posts AS
  SELECT p.id, p.title, p.published_at, u.name AS author_name
  FROM posts AS p JOIN users AS u ON u.id = p.author_id
  WHERE p.status = 'published'`,
    'PRAGMA foreign_keys=ON',
    'PRAGMA defer_foreign_keys=OFF',
  ]);
  const res = migrate(conn, [...blogMigrations, rebuild]);
  assert.deepEqual(res.applied, ['0007_redefine_users']);
  assert.equal(conn.db.prepare('SELECT count(*) FROM posts').pluck().get(), 2, 'posts kept');
  assert.equal(conn.db.prepare('SELECT count(*) FROM comments').pluck().get(), 2, 'comments kept');
  assert.deepEqual(conn.db.prepare('SELECT author_id FROM comments ORDER BY id').pluck().all(), [2, 1], 'SET NULL not applied');
  assert.deepEqual(conn.db.prepare('PRAGMA foreign_key_check').all(), []);
  assert.ok((conn.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('users') as string[]).includes('nickname'));
  assert.equal(conn.db.pragma('foreign_keys', { simple: true }), 1);
  // The same rebuild run the naive way (foreign_keys=ON, statements in a transaction) loses the children.
  const naive = new Database(':memory:');
  naive.pragma('foreign_keys = ON');
  naive.exec(`CREATE TABLE u (id INTEGER PRIMARY KEY); CREATE TABLE p (id INTEGER PRIMARY KEY, u_id INTEGER REFERENCES u (id) ON DELETE CASCADE);
    INSERT INTO u VALUES (1); INSERT INTO p VALUES (1, 1);
    BEGIN; PRAGMA foreign_keys=OFF; CREATE TABLE new_u (id INTEGER PRIMARY KEY); INSERT INTO new_u SELECT * FROM u; DROP TABLE u; ALTER TABLE new_u RENAME TO u; COMMIT;`);
  assert.equal(naive.prepare('SELECT count(*) FROM p').pluck().get(), 0, 'the trap noormme avoids');
  naive.close();
  conn.close();
});

test('rollback to a target applies downs in reverse; forward again', () => {
  const conn = new Connection({ filename: join(tempDir(), 'm.db') });
  migrate(conn, blogMigrations);
  conn.db.exec(
    "INSERT INTO users (id, email) VALUES (1, 'a@x'); INSERT INTO posts (author_id, title) VALUES (1, 't'); INSERT INTO comments (post_id, body, parent_id) VALUES (1, 'c', NULL);",
  );
  const log: string[] = [];
  const res = rollback(conn, blogMigrations, '0004_create_tags', { log: (s) => log.push(s) });
  assert.deepEqual(res.rolledBack, ['0006_reference_extras', '0005_profiles_and_views']);
  assert.deepEqual(log, ['rolling back 0006_reference_extras', 'rolling back 0005_profiles_and_views']);
  assert.deepEqual(applied(conn), ['0001_create_users', '0002_create_posts', '0003_create_comments', '0004_create_tags']);
  assert.deepEqual(tables(conn), ['comments', 'noormc_migrations', 'post_tags', 'posts', 'tags', 'users']);
  assert.equal(conn.db.prepare('SELECT count(*) FROM comments').pluck().get(), 1, 'rebuild in the down kept the rows');
  // By number.
  assert.deepEqual(migrate(conn, blogMigrations, { to: 2 }).rolledBack, ['0004_create_tags', '0003_create_comments']);
  // Forward to a target, then all.
  assert.deepEqual(migrate(conn, blogMigrations, { to: '0003' }).applied, ['0003_create_comments']);
  assert.deepEqual(migrate(conn, blogMigrations).applied, ['0004_create_tags', '0005_profiles_and_views', '0006_reference_extras']);
  // Everything.
  assert.equal(migrate(conn, blogMigrations, { to: 0 }).rolledBack.length, 6);
  assert.deepEqual(tables(conn), ['noormc_migrations']);
  assert.throws(
    () => migrate(conn, blogMigrations, { to: '0099' }),
    (e: unknown) => e instanceof MigrationError && e.code === 'MIGRATION_UNKNOWN',
  );
  conn.close();
});

test('rolling back an irreversible migration is an error', () => {
  const conn = new Connection({ filename: join(tempDir(), 'm.db') });
  const a = m('0001_a', ['CREATE TABLE a (x)'], ['DROP TABLE a']);
  const b = m('0002_b', ['-- noormc:irreversible\nCREATE TABLE b (x)'], null);
  migrate(conn, [a, b]);
  assert.throws(
    () => migrate(conn, [a, b], { to: 1 }),
    (e: unknown) => e instanceof MigrationError && e.code === 'MIGRATION_IRREVERSIBLE' && /'0002_b' is irreversible/.test(e.message),
  );
  conn.close();
});

test('two processes at once: each migration is applied exactly once', async () => {
  const dir = tempDir();
  const filename = join(dir, 'race.db');
  const list: Migration[] = [];
  for (let i = 1; i <= 6; i++) {
    const name = `000${i}_step`;
    list.push(
      m(name, [
        `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, v TEXT)`,
        `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000)
         INSERT INTO t${i} (v) SELECT hex(randomblob(16)) FROM n`,
      ]),
    );
  }
  const file = join(dir, 'migrations.json');
  writeFileSync(file, JSON.stringify(list));
  // The test holds the write lock until the three processes are about to
  // migrate, so they contend for every step whatever the machine's load
  // (no start time to agree on); their busy_timeout outlasts any step.
  const holder = new Database(filename);
  holder.pragma('journal_mode = WAL');
  holder.exec('BEGIN IMMEDIATE');
  let ready = 0;
  let release: () => void = () => {};
  const allReady = new Promise<void>((resolve) => (release = resolve));
  const run = (): Promise<{ applied: string[]; rolledBack: string[] }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'test/fixtures/migrate-child.mjs'), filename, file], { cwd: ROOT });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        if (!err.includes('ready\n') && (err + d.toString()).includes('ready\n') && ++ready === 3) release();
        err += d.toString();
      });
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}: ${err}`))));
    });
  const children = [run(), run(), run()];
  await Promise.race([allReady, Promise.all(children)]);
  holder.exec('COMMIT');
  holder.close();
  const results = await Promise.all(children);
  const all = results.flatMap((r) => r.applied).sort();
  assert.deepEqual(
    all,
    list.map((x) => x.name),
    'every migration applied once in total: ' + JSON.stringify(results),
  );
  const conn = new Connection({ filename });
  assert.deepEqual(
    applied(conn),
    list.map((x) => x.name),
  );
  for (let i = 1; i <= 6; i++) assert.equal(conn.db.prepare(`SELECT count(*) FROM t${i}`).pluck().get(), 20000);
  conn.close();
});

test('a migrator that waits past busy_timeout gets a BusyError, not a raw SQLITE_BUSY, and nothing is applied', () => {
  const filename = join(tempDir(), 'busy.db');
  const list = [m('0001_a', ['CREATE TABLE a (x)'], ['DROP TABLE a']), m('0002_b', ['CREATE TABLE b (x)'])];
  const conn = new Connection({ filename, pragmas: { busy_timeout: 50 } });
  migrate(conn, list, { to: '0001' });
  // Another connection holds the write lock. It runs on the same driver: two
  // copies of SQLite in one process do not see each other's POSIX locks.
  const holder = new Connection({ filename }).db;
  holder.exec('BEGIN IMMEDIATE');
  try {
    for (const attempt of [() => migrate(conn, list), () => rollback(conn, list, null)]) {
      assert.throws(attempt, (e: unknown) => {
        assert.ok(e instanceof BusyError, `a BusyError, not ${String(e)}`);
        assert.equal(e.code, 'BUSY');
        assert.match(e.sqliteCode, /^SQLITE_BUSY/);
        assert.match(e.message, /busy\.db' is locked by another connection/);
        return true;
      });
    }
    holder.exec('ROLLBACK');
    assert.deepEqual(tables(conn), ['a', 'noormc_migrations']);
    assert.deepEqual(applied(conn), ['0001_a']);
    // The lock released, the same call applies what is pending.
    assert.deepEqual(migrate(conn, list).applied, ['0002_b']);
  } finally {
    conn.close();
    if (holder.inTransaction) holder.exec('ROLLBACK');
    holder.close();
  }
});

test('hand-written migrations without statement lists are refused, not split by guesswork', () => {
  const conn = new Connection({ filename: join(tempDir(), 'm.db') });
  const bad = { name: '0001_a', up: 'CREATE TABLE a (x);', down: null, checksum: 'x' } as unknown as Migration;
  assert.throws(
    () => migrate(conn, [bad]),
    (e: unknown) => e instanceof Error && /needs \{ name, up, down, checksum \}/.test(e.message),
  );
  conn.close();
});
