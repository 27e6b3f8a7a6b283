import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bigintFromDb, boolFromDb, bufferFromDb, dateFromDb, dateToDb, jsonFromDb, jsonToDb, NoormError, parseDateText } from 'noormme';
import { openDb, seed } from './helpers.js';

test('Date: written as ISO-8601 text, read back exactly', () => {
  const db = openDb();
  const s = seed(db);
  const d = new Date('2023-07-08T09:10:11.123Z');
  const p = db.posts.update({ id: s.p2.id, published_at: d });
  assert.equal(p?.published_at?.toISOString(), d.toISOString());
  const stored = db.connection.db.prepare('SELECT published_at FROM posts WHERE id = ?').pluck().get(s.p2.id);
  assert.equal(stored, '2023-07-08T09:10:11.123Z');
  db.close();
});

test('Date: read from CURRENT_TIMESTAMP text (UTC)', () => {
  const db = openDb();
  const u = db.users.create({ email: 'ts@example.com' });
  const stored = db.connection.db.prepare('SELECT created_at FROM users WHERE id = ?').pluck().get(u.id) as string;
  assert.match(stored, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  assert.equal(u.created_at.toISOString(), stored.replace(' ', 'T') + '.000Z');
  db.connection.db.prepare("UPDATE users SET created_at = '2021-12-31 23:59:58' WHERE id = ?").run(u.id);
  assert.equal(db.users.findById(u.id)?.created_at.toISOString(), '2021-12-31T23:59:58.000Z');
  db.close();
});

test('Date: read from epoch milliseconds (INTEGER value)', () => {
  const db = openDb();
  const s = seed(db);
  const prof = db.profiles.create({ user_id: s.alice.id });
  db.connection.db.prepare('UPDATE profiles SET last_seen_at = ? WHERE id = ?').run(1700000000123, prof.id);
  assert.equal(db.profiles.findById(prof.id)?.last_seen_at?.toISOString(), new Date(1700000000123).toISOString());
  // DATE column: a date-only value is UTC midnight.
  db.connection.db.prepare("UPDATE profiles SET birthday = '1990-04-05' WHERE id = ?").run(prof.id);
  assert.equal(db.profiles.findById(prof.id)?.birthday?.toISOString(), '1990-04-05T00:00:00.000Z');
  db.close();
});

test('Date text parser: formats and offsets', () => {
  assert.equal(parseDateText('2024-01-02 03:04:05').toISOString(), '2024-01-02T03:04:05.000Z');
  assert.equal(parseDateText('2024-01-02 03:04:05.6').toISOString(), '2024-01-02T03:04:05.600Z');
  assert.equal(parseDateText('2024-01-02T03:04:05.678Z').toISOString(), '2024-01-02T03:04:05.678Z');
  assert.equal(parseDateText('2024-01-02T03:04:05+02:00').toISOString(), '2024-01-02T01:04:05.000Z');
  assert.equal(parseDateText('2024-01-02T03:04:05.5-01:30').toISOString(), '2024-01-02T04:34:05.500Z');
  assert.equal(parseDateText('2024-01-02').toISOString(), '2024-01-02T00:00:00.000Z');
  assert.equal(parseDateText('January 2, 2024 UTC').toISOString(), '2024-01-02T00:00:00.000Z');
  assert.ok(Number.isNaN(parseDateText('garbage').getTime()));
  assert.equal(dateFromDb(0).toISOString(), '1970-01-01T00:00:00.000Z');
  assert.equal(dateFromDb(1700000000000n).getTime(), 1700000000000);
  assert.equal(dateToDb(new Date(5)), '1970-01-01T00:00:00.005Z');
  assert.throws(() => dateToDb(new Date(NaN)), NoormError);
});

test('boolean: stored 0/1, read as boolean', () => {
  const db = openDb();
  const u = db.users.create({ email: 'b@example.com', is_active: false });
  assert.equal(u.is_active, false);
  assert.equal(db.connection.db.prepare('SELECT is_active FROM users WHERE id = ?').pluck().get(u.id), 0);
  assert.equal(db.users.update({ id: u.id, is_active: true })?.is_active, true);
  assert.equal(db.connection.db.prepare('SELECT is_active FROM users WHERE id = ?').pluck().get(u.id), 1);
  assert.equal(db.users.count({ where: { is_active: true } }), 1);
  assert.equal(boolFromDb(2), true);
  assert.equal(boolFromDb('0'), false);
  assert.equal(boolFromDb('false'), false);
  db.close();
});

test('JSON: serialised on write, parsed on read', () => {
  const db = openDb();
  const u = db.users.create({ email: 'j@example.com' });
  const meta = { a: [1, 2, { b: 'c' }], quote: "it's", n: null };
  const p = db.posts.create({ author_id: u.id, title: 'json', metadata: meta });
  assert.deepEqual(p.metadata, meta);
  assert.equal(db.connection.db.prepare('SELECT metadata FROM posts WHERE id = ?').pluck().get(p.id), JSON.stringify(meta));
  assert.deepEqual(db.posts.update({ id: p.id, metadata: [1, 'two'] })?.metadata, [1, 'two']);
  assert.equal(db.posts.update({ id: p.id, metadata: 'text' })?.metadata, 'text');
  assert.equal(db.posts.update({ id: p.id, metadata: null })?.metadata, null);
  // where on a JSON column compares the serialised form.
  db.posts.update({ id: p.id, metadata: { k: 1 } });
  assert.throws(
    () => db.posts.count({ where: { metadata: { k: 1 } as never } }),
    /Unknown operator 'k'/,
    'an object is an operator object',
  );
  assert.equal(db.posts.count({ where: { metadata: { eq: { k: 1 } } } }), 1);
  assert.equal(jsonFromDb('not json'), 'not json');
  assert.equal(jsonToDb(undefined), null);
  assert.equal(jsonToDb({ big: 10n }), '{"big":"10"}');
  db.close();
});

test('Buffer: BLOB in and out', () => {
  const db = openDb();
  const s = seed(db);
  const bytes = Buffer.from([0, 1, 2, 254, 255]);
  const p = db.profiles.create({ user_id: s.bob.id, avatar: bytes });
  assert.ok(Buffer.isBuffer(p.avatar));
  assert.deepEqual([...p.avatar!], [0, 1, 2, 254, 255]);
  const u8 = db.profiles.update({ id: p.id, avatar: new Uint8Array([9, 8]) as Buffer });
  assert.deepEqual([...u8!.avatar!], [9, 8]);
  assert.equal(db.profiles.count({ where: { avatar: Buffer.from([9, 8]) } }), 1);
  assert.ok(Buffer.isBuffer(bufferFromDb(new Uint8Array([1]))));
  db.close();
});

test('bigint: BIGINT column read and written as bigint beyond 2^53', () => {
  const db = openDb();
  const s = seed(db);
  const big = 9007199254740993n; // 2^53 + 1
  const p = db.profiles.create({ user_id: s.alice.id, followers: big });
  assert.equal(p.followers, big);
  assert.equal(typeof p.id, 'number', 'other integer columns stay numbers');
  assert.equal(typeof p.user_id, 'number');
  assert.equal(db.profiles.findById(p.id)?.followers, big);
  assert.equal(db.profiles.findOne({ where: { followers: { gt: 9007199254740992n } } })?.id, p.id);
  assert.equal(db.profiles.create({ user_id: s.bob.id }).followers, 0n, 'default 0 → 0n');
  assert.equal(bigintFromDb(5), 5n);
  db.close();
});

test('generated column: read, never written', () => {
  const db = openDb();
  const s = seed(db);
  const p = db.profiles.create({ user_id: s.alice.id, website: 'HTTPS://A.DEV' });
  assert.equal(p.handle, 'https://a.dev');
  assert.equal(db.profiles.create({ user_id: s.bob.id }).handle, `user-${s.bob.id}`);
  assert.throws(
    () => db.profiles.create({ user_id: s.carol.id, handle: 'x' } as never),
    (e: unknown) => e instanceof NoormError && /Column 'handle' of table 'profiles' is generated and cannot be written/.test(e.message),
  );
  assert.equal(db.profiles.findOne({ where: { handle: 'https://a.dev' } })?.id, p.id);
  db.close();
});

test('CHECK IN union: the value round-trips', () => {
  const db = openDb();
  const u = db.users.create({ email: 'r@example.com', role: 'editor' });
  assert.equal(u.role, 'editor');
  db.close();
});
