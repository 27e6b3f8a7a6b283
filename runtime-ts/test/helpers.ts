import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setDefaultDriver, type DriverName } from 'noormme';
import { createDb, type Db, type DbOptions } from './reference/blog/index.js';

/** The driver every test runs on: NOORMME_TEST_DRIVER=libsql runs the suites on libsql. */
export const TEST_DRIVER: DriverName = process.env['NOORMME_TEST_DRIVER'] === 'libsql' ? 'libsql' : 'better-sqlite3';
if (process.env['NOORMME_TEST_DRIVER'] !== undefined && process.env['NOORMME_TEST_DRIVER'] !== TEST_DRIVER) {
  throw new Error(`NOORMME_TEST_DRIVER must be better-sqlite3 or libsql, not '${process.env['NOORMME_TEST_DRIVER']}'`);
}
setDefaultDriver(TEST_DRIVER);

/** runtime-ts/ (tests run from build-test/test/). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const dirs: string[] = [];

/** A fresh temporary directory, removed at exit. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'noormme-test-'));
  dirs.push(d);
  return d;
}

process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A migrated reference database in a fresh file. */
export function openDb(options: Partial<DbOptions> = {}): Db {
  const filename = options.filename ?? join(tempDir(), 'blog.db');
  return createDb({ migrate: true, ...options, filename });
}

export interface Recorded {
  sql: string;
  params: readonly unknown[];
}

/** A migrated reference database that records every statement it runs. */
export function openRecordingDb(): { db: Db; queries: Recorded[]; selects: () => Recorded[] } {
  const queries: Recorded[] = [];
  const db = openDb({ onQuery: (sql, params) => queries.push({ sql, params }) });
  queries.length = 0;
  return { db, queries, selects: () => queries.filter((q) => /^\s*SELECT/i.test(q.sql)) };
}

/** Seeds a few users, posts, comments and tags; returns their ids. */
export function seed(db: Db) {
  const alice = db.users.create({ email: 'alice@example.com', name: 'Alice', role: 'admin' });
  const bob = db.users.create({ email: 'bob@example.com', name: 'Bob' });
  const carol = db.users.create({ email: 'carol@example.com', name: null, is_active: false });
  const p1 = db.posts.create({
    author_id: alice.id,
    title: 'First',
    body: 'Hello',
    status: 'published',
    published_at: new Date('2024-01-01T10:00:00Z'),
  });
  const p2 = db.posts.create({ author_id: alice.id, title: 'Second', status: 'draft' });
  const p3 = db.posts.create({
    author_id: bob.id,
    title: 'Third',
    status: 'published',
    published_at: new Date('2024-02-01T10:00:00Z'),
    metadata: { tags: ['x'], n: 1 },
  });
  const c1 = db.comments.create({ post_id: p1.id, author_id: bob.id, body: 'Nice' });
  const c2 = db.comments.create({ post_id: p1.id, author_id: carol.id, body: 'Agreed', parent_id: c1.id });
  const c3 = db.comments.create({ post_id: p1.id, author_id: null, body: 'Anonymous' });
  const c4 = db.comments.create({ post_id: p3.id, author_id: alice.id, body: 'Thanks' });
  const t1 = db.tags.create({ name: 'sqlite' });
  const t2 = db.tags.create({ name: 'typescript' });
  const t3 = db.tags.create({ name: 'unused' });
  db.post_tags.createMany([
    { post_id: p1.id, tag_id: t1.id },
    { post_id: p1.id, tag_id: t2.id },
    { post_id: p3.id, tag_id: t2.id },
  ]);
  return { alice, bob, carol, p1, p2, p3, c1, c2, c3, c4, t1, t2, t3 };
}

export function walFiles(filename: string): string[] {
  return [filename + '-wal', filename + '-shm'].filter((f) => existsSync(f));
}
