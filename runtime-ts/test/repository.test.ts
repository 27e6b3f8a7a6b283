import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ForeignKeyError, NoormError, NotNullError, TableNotFoundError, UniqueConstraintError } from 'noormme';
import { openDb, openRecordingDb, seed } from './helpers.js';

test('findById returns the typed row or null', () => {
  const db = openDb();
  const s = seed(db);
  const u = db.users.findById(s.alice.id);
  assert.ok(u);
  assert.equal(u.email, 'alice@example.com');
  assert.equal(u.role, 'admin');
  assert.equal(u.is_active, true);
  assert.ok(u.created_at instanceof Date);
  assert.equal(db.users.findById(9999), null);
  assert.deepEqual(db.post_tags.findById({ post_id: s.p1.id, tag_id: s.t1.id }), { post_id: s.p1.id, tag_id: s.t1.id });
  assert.equal(db.post_tags.findById({ post_id: s.p2.id, tag_id: s.t1.id }), null);
  db.close();
});

test('findAll with where, orderBy, limit, offset', () => {
  const db = openDb();
  seed(db);
  assert.equal(db.users.findAll().length, 3);
  const names = db.users.findAll({ orderBy: { email: 'desc' } }).map((u) => u.email);
  assert.deepEqual(names, ['carol@example.com', 'bob@example.com', 'alice@example.com']);
  const page = db.users.findAll({ orderBy: { email: 'asc' }, limit: 1, offset: 1 });
  assert.deepEqual(
    page.map((u) => u.email),
    ['bob@example.com'],
  );
  const offsetOnly = db.users.findAll({ orderBy: { email: 'asc' }, offset: 2 });
  assert.deepEqual(
    offsetOnly.map((u) => u.email),
    ['carol@example.com'],
  );
  const published = db.posts.findAll({ where: { status: 'published' }, orderBy: [{ author_id: 'asc' }, { id: 'desc' }] });
  assert.deepEqual(
    published.map((p) => p.title),
    ['First', 'Third'],
  );
  const inactive = db.users.findAll({ where: { is_active: false } });
  assert.deepEqual(
    inactive.map((u) => u.email),
    ['carol@example.com'],
  );
  db.close();
});

test('findOne returns the first match or null', () => {
  const db = openDb();
  seed(db);
  assert.equal(db.users.findOne({ where: { email: 'bob@example.com' } })?.name, 'Bob');
  assert.equal(db.users.findOne({ where: { email: 'nobody@example.com' } }), null);
  assert.equal(db.posts.findOne({ orderBy: { id: 'desc' } })?.title, 'Third');
  assert.equal(db.posts.findOne({ orderBy: { id: 'asc' }, offset: 1 })?.title, 'Second');
  assert.ok(db.users.findOne());
  db.close();
});

test('count and exists', () => {
  const db = openDb();
  seed(db);
  assert.equal(db.posts.count(), 3);
  assert.equal(db.posts.count({ where: { status: 'published' } }), 2);
  assert.equal(db.posts.exists({ where: { title: 'Second' } }), true);
  assert.equal(db.posts.exists({ where: { title: 'Nope' } }), false);
  assert.equal(db.tags.exists(), true);
  db.close();
});

test('create returns the stored row with keys and defaults', () => {
  const db = openDb();
  const u = db.users.create({ email: 'x@example.com' });
  assert.equal(typeof u.id, 'number');
  assert.equal(u.role, 'member');
  assert.equal(u.is_active, true);
  assert.equal(u.name, null);
  assert.ok(Math.abs(u.created_at.getTime() - Date.now()) < 5000, 'CURRENT_TIMESTAMP read as UTC');
  const p = db.posts.create({ author_id: u.id, title: 'T' });
  assert.equal(p.status, 'draft');
  assert.equal(p.metadata, null);
  const explicit = db.users.create({ id: 42, email: 'y@example.com', created_at: new Date('2020-05-06T07:08:09.123Z') });
  assert.equal(explicit.id, 42);
  assert.equal(explicit.created_at.toISOString(), '2020-05-06T07:08:09.123Z');
  const pt = db.tags.create({ name: 'n' });
  assert.deepEqual(db.post_tags.create({ post_id: p.id, tag_id: pt.id }), { post_id: p.id, tag_id: pt.id });
  db.close();
});

test('createManyAndReturn inserts all rows in one transaction and returns them as stored', () => {
  const { db, queries } = openRecordingDb();
  const rows = db.users.createManyAndReturn([{ email: 'a@x.com' }, { email: 'b@x.com', name: 'B' }, { email: 'c@x.com', role: 'editor' }]);
  assert.deepEqual(
    rows.map((r) => r.email),
    ['a@x.com', 'b@x.com', 'c@x.com'],
  );
  assert.equal(rows[2]!.role, 'editor');
  assert.equal(rows[0]!.is_active, true);
  assert.equal(queries[0]!.sql, 'BEGIN IMMEDIATE');
  assert.equal(queries.at(-1)!.sql, 'COMMIT');
  // A failing row rolls back the whole batch.
  assert.throws(() => db.users.createManyAndReturn([{ email: 'd@x.com' }, { email: 'a@x.com' }]), UniqueConstraintError);
  assert.equal(db.users.count(), 3);
  assert.deepEqual(db.users.createManyAndReturn([]), []);
  db.close();
});

test('createMany runs one prepared INSERT per row, reads nothing back and returns the count', () => {
  const { db, queries } = openRecordingDb();
  const n = db.users.createMany([
    { email: 'a@x.com' },
    { email: 'b@x.com' },
    { email: 'c@x.com', name: 'C' },
    { email: 'd@x.com', name: 'D' },
    { email: 'e@x.com', name: 'E' },
    { email: 'f@x.com' },
  ]);
  assert.equal(n, 6);
  // One INSERT per row, for the columns the row sets; no RETURNING.
  const inserts = queries.filter((q) => q.sql.startsWith('INSERT'));
  assert.deepEqual(
    inserts.map((q) => q.sql),
    [
      'INSERT INTO "users" ("email") VALUES (?)',
      'INSERT INTO "users" ("email") VALUES (?)',
      'INSERT INTO "users" ("email", "name") VALUES (?, ?)',
      'INSERT INTO "users" ("email", "name") VALUES (?, ?)',
      'INSERT INTO "users" ("email", "name") VALUES (?, ?)',
      'INSERT INTO "users" ("email") VALUES (?)',
    ],
  );
  // Each reported call keeps its own values (onQuery may hold on to them).
  assert.deepEqual(
    inserts.map((q) => q.params),
    [['a@x.com'], ['b@x.com'], ['c@x.com', 'C'], ['d@x.com', 'D'], ['e@x.com', 'E'], ['f@x.com']],
  );
  // Two statements prepared, whatever the number of rows.
  assert.equal(new Set(inserts.map((q) => q.sql)).size, 2);
  assert.equal(queries[0]!.sql, 'BEGIN IMMEDIATE');
  assert.equal(queries.at(-1)!.sql, 'COMMIT');
  // The rows are stored as create() would store them (defaults, conversions).
  assert.deepEqual(
    db.users.findAll({ orderBy: { id: 'asc' } }).map((u) => [u.email, u.name, u.role, u.is_active]),
    [
      ['a@x.com', null, 'member', true],
      ['b@x.com', null, 'member', true],
      ['c@x.com', 'C', 'member', true],
      ['d@x.com', 'D', 'member', true],
      ['e@x.com', 'E', 'member', true],
      ['f@x.com', null, 'member', true],
    ],
  );
  assert.equal(db.users.createMany([]), 0);
  db.close();
});

test('createMany of 1,000 rows in one transaction converts values as create() does', () => {
  const { db, queries } = openRecordingDb();
  const u = db.users.create({ email: 'author@x.com' });
  queries.length = 0;
  const at = new Date('2024-03-04T05:06:07.089Z');
  const rows = Array.from({ length: 1000 }, (_, i) => ({ author_id: u.id, title: `t${i}`, published_at: at, metadata: { i } }));
  assert.equal(db.posts.createMany(rows), 1000);
  const writes = queries.filter((q) => q.sql !== 'BEGIN IMMEDIATE' && q.sql !== 'COMMIT');
  assert.equal(writes.length, 1000);
  assert.ok(writes.every((q) => q.sql === 'INSERT INTO "posts" ("author_id", "title", "metadata", "published_at") VALUES (?, ?, ?, ?)'));
  assert.deepEqual(writes[999]!.params, [u.id, 't999', '{"i":999}', at.toISOString()]);
  assert.equal(queries.filter((q) => q.sql === 'BEGIN IMMEDIATE').length, 1);
  const all = db.posts.findAll({ orderBy: { id: 'asc' } });
  assert.equal(all.length, 1000);
  assert.equal(all[999]!.title, 't999');
  assert.deepEqual(all[999]!.metadata, { i: 999 });
  assert.equal(all[0]!.published_at!.toISOString(), at.toISOString());
  db.close();
});

test('createMany is all or nothing and names the row whose parent is missing', () => {
  const db = openDb();
  const s = seed(db);
  const before = db.posts.count();
  const rows = [
    { author_id: s.alice.id, title: 'ok 1' },
    { author_id: 999999, title: 'orphan' },
    { author_id: s.bob.id, title: 'ok 2' },
  ];
  assert.throws(
    () => db.posts.createMany(rows),
    (e: unknown) => e instanceof ForeignKeyError && /author_id/.test(e.message) && /users/.test(e.message),
  );
  assert.equal(db.posts.count(), before);
  assert.throws(() => db.users.createMany([{ email: 'new@x.com' }, { email: s.alice.email }]), UniqueConstraintError);
  assert.equal(db.users.count({ where: { email: 'new@x.com' } }), 0);
  // Untyped input is checked row by row, as create() checks it.
  assert.throws(() => db.users.createMany([{ email: 'x@x.com' }, { email: 'y@x.com', nick: 'y' } as never]), /nick/);
  assert.throws(() => db.users.createMany('rows' as never), /needs an array of rows/);
  // Inside a transaction that goes on, a failed createMany leaves nothing behind.
  db.transaction(() => {
    assert.throws(() => db.users.createMany([{ email: 'z@x.com' }, { email: s.bob.email }]), UniqueConstraintError);
    assert.equal(db.users.count({ where: { email: 'z@x.com' } }), 0);
  });
  db.close();
});

test('update selects the row by key and returns it, or null', () => {
  const db = openDb();
  const s = seed(db);
  const u = db.users.update({ id: s.bob.id, name: 'Robert', role: 'editor' });
  assert.equal(u?.name, 'Robert');
  assert.equal(u?.role, 'editor');
  assert.equal(u?.email, 'bob@example.com');
  assert.equal(db.users.update({ id: 9999, name: 'Nobody' }), null);
  // Nothing to set: the row as it is.
  assert.equal(db.users.update({ id: s.bob.id })?.name, 'Robert');
  // Setting NULL.
  assert.equal(db.users.update({ id: s.bob.id, name: null })?.name, null);
  // The trigger posts_touch sets updated_at on title changes.
  const p = db.posts.update({ id: s.p1.id, title: 'First!' });
  assert.equal(p?.title, 'First!');
  assert.ok(db.posts.findById(s.p1.id)?.updated_at instanceof Date);
  assert.throws(
    () => db.users.update({ name: 'x' } as never),
    (e: unknown) => e instanceof NoormError && /needs the primary key/.test(e.message),
  );
  db.close();
});

test('updateMany sets columns on matching rows and returns the count', () => {
  const db = openDb();
  seed(db);
  assert.equal(
    db.posts.updateMany({ where: { status: 'draft' }, set: { status: 'published', published_at: new Date('2024-03-03T00:00:00Z') } }),
    1,
  );
  assert.equal(db.posts.count({ where: { status: 'published' } }), 3);
  assert.equal(db.users.updateMany({ where: {}, set: { is_active: true } }), 3);
  assert.equal(db.users.count({ where: { is_active: true } }), 3);
  assert.equal(db.users.updateMany({ where: { email: 'none' }, set: { name: 'x' } }), 0);
  assert.throws(() => db.users.updateMany({ set: { name: 'x' } } as never), NoormError);
  db.close();
});

test('upsert inserts or updates on the conflict columns', () => {
  const db = openDb();
  const a = db.users.upsert({ email: 'up@example.com', name: 'First' }, { conflict: ['email'] });
  const b = db.users.upsert({ email: 'up@example.com', name: 'Second' }, { conflict: ['email'] });
  assert.equal(a.id, b.id);
  assert.equal(b.name, 'Second');
  assert.equal(db.users.count(), 1);
  // update: only the listed columns are overwritten.
  const c = db.users.upsert({ email: 'up@example.com', name: 'Third', role: 'admin' }, { conflict: ['email'], update: ['role'] });
  assert.equal(c.name, 'Second');
  assert.equal(c.role, 'admin');
  // Default conflict target: the primary key.
  const d = db.users.upsert({ id: a.id, email: 'changed@example.com' });
  assert.equal(d.id, a.id);
  assert.equal(d.email, 'changed@example.com');
  // Nothing but the key: the existing row comes back.
  const t = db.tags.create({ name: 'k' });
  assert.deepEqual(db.tags.upsert({ name: 'k' }, { conflict: ['name'] }), t);
  assert.throws(() => db.users.upsert({ email: 'z@z' }, { conflict: ['emial' as never] }), /Column 'emial' not found in table 'users'/);
  db.close();
});

test('delete by key and deleteMany', () => {
  const db = openDb();
  const s = seed(db);
  assert.equal(db.comments.delete(s.c3.id), true);
  assert.equal(db.comments.delete(s.c3.id), false);
  assert.equal(db.post_tags.delete({ post_id: s.p1.id, tag_id: s.t1.id }), true);
  assert.equal(db.post_tags.count(), 2);
  assert.equal(db.posts.deleteMany({ where: { status: 'draft' } }), 1);
  // ON DELETE CASCADE: deleting alice removes her posts and their comments.
  assert.equal(db.users.delete(s.alice.id), true);
  assert.equal(db.posts.count({ where: { author_id: s.alice.id } }), 0);
  assert.equal(db.comments.count({ where: { post_id: s.p1.id } }), 0);
  // c4 is on bob's post, written by alice: ON DELETE SET NULL keeps it.
  assert.equal(db.comments.findById(s.c4.id)?.author_id, null);
  db.close();
});

test('ON DELETE SET NULL keeps the child', () => {
  const db = openDb();
  const s = seed(db);
  db.users.delete(s.carol.id);
  assert.equal(db.comments.findById(s.c2.id)?.author_id, null);
  assert.equal(db.posts.deleteMany({ where: {} }), 3);
  db.close();
});

test('getRepository returns the same repository; inspect returns the model', () => {
  const db = openDb();
  assert.equal(db.getRepository('users'), db.users);
  assert.equal(db.getRepository('published_posts'), db.published_posts);
  assert.throws(
    () => db.getRepository('user' as never),
    (e: unknown) => e instanceof TableNotFoundError && /Did you mean 'users'/.test(e.message),
  );
  const m = db.inspect('posts');
  assert.equal(m.name, 'posts');
  assert.deepEqual(m.columnNames, ['id', 'author_id', 'title', 'body', 'status', 'metadata', 'published_at', 'created_at', 'updated_at']);
  assert.deepEqual(m.foreignKeys[0], { columns: ['author_id'], table: 'users', to: ['id'], onUpdate: 'NO ACTION', onDelete: 'CASCADE' });
  assert.deepEqual(m.byProperty.get('status')?.enumValues, ['draft', 'published']);
  assert.equal(db.inspect('post_tags').withoutRowid, true);
  assert.equal(db.inspect('published_posts').kind, 'view');
  assert.throws(() => db.inspect('nope' as never), TableNotFoundError);
  db.close();
});

test('the compiled model matches the live database (PRAGMA table_xinfo)', () => {
  const db = openDb();
  for (const name of ['users', 'posts', 'comments', 'tags', 'post_tags', 'profiles', 'published_posts'] as const) {
    const live = db.connection.db.prepare(`SELECT name, type, pk, hidden FROM pragma_table_xinfo(?)`).all(name) as {
      name: string;
      type: string;
      pk: number;
      hidden: number;
    }[];
    const m = db.inspect(name);
    assert.deepEqual(
      m.columns.map((c) => [c.name, c.sqlType, c.primaryKey, c.generated !== null]),
      live.map((c) => [c.name, c.type, c.pk, c.hidden === 2 || c.hidden === 3]),
      name,
    );
  }
  db.close();
});

test('the view repository is read-only and typed', () => {
  const db = openDb();
  seed(db);
  const rows = db.published_posts.findAll({ orderBy: { id: 'asc' } });
  assert.deepEqual(
    rows.map((r) => [r.title, r.author_name]),
    [
      ['First', 'Alice'],
      ['Third', 'Bob'],
    ],
  );
  assert.ok(rows[0]!.published_at instanceof Date);
  assert.equal(db.published_posts.count({ where: { author_name: 'Bob' } }), 1);
  assert.equal(db.published_posts.exists({ where: { title__startsWith: 'Fi' } }), true);
  assert.equal(db.published_posts.findOne({ where: { title: 'Third' } })?.author_name, 'Bob');
  assert.equal((db.published_posts as unknown as Record<string, unknown>)['create'], undefined);
  db.close();
});

test('methods return plain values that can be awaited', async () => {
  const db = openDb();
  const u = await db.users.create({ email: 'await@example.com' });
  assert.equal((await db.users.findById(u.id))?.email, 'await@example.com');
  db.close();
});

test('required columns missing in create from untyped JS give NotNullError', () => {
  const db = openDb();
  assert.throws(
    () => db.users.create({} as never),
    (e: unknown) => e instanceof NotNullError && e.table === 'users' && e.columns[0] === 'email',
  );
  db.close();
});
