// An existing app whose users.id is INTEGER PRIMARY KEY (reference/integer:
// 0001_init is the app, 0002_add_auth is what `noormc new add_auth --auth`
// wrote). Auth.js only knows string ids: the adapter converts them at the
// boundary, in every method and every userId foreign key.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForeignKeyError, NoormError } from 'noormme';
import { fixtures, tempDir, type Opened } from './support.js';

const f = fixtures.find((x) => x.name === 'integer')!;

describe('INTEGER users.id (an existing app)', () => {
  const tmp = tempDir('integer-ids');
  let o: Opened;
  const raw = (sql: string, ...params: unknown[]): Record<string, unknown>[] =>
    o.db.connection.db.prepare(sql).all(...params) as Record<string, unknown>[];

  before(() => {
    o = f.open(tmp.file('app.db'));
  });
  after(() => {
    o.db.close();
    tmp.remove();
  });

  it('a user the app created before Auth.js signs in under its rowid, as a string', async () => {
    o.db.connection.db.prepare("INSERT INTO users (id, email, name) VALUES (7, 'old@example.com', 'Old')").run();
    o.db.connection.db.prepare("INSERT INTO posts (author_id, title) VALUES (7, 'Hello')").run();
    const u = await o.adapter.getUserByEmail('old@example.com');
    assert.equal(u?.id, '7');
    assert.equal(u?.emailVerified, null);
    const v = await o.adapter.updateUser({ id: '7', emailVerified: new Date('2025-01-02T03:04:05.006Z') });
    assert.equal(v.id, '7');
    assert.equal(v.name, 'Old');
    assert.equal((await o.adapter.getUser('7'))?.emailVerified?.toISOString(), '2025-01-02T03:04:05.006Z');
  });

  it("createUser with Auth.js's UUID: SQLite assigns the rowid, the row's id is an INTEGER", async () => {
    const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: 'new@example.com', emailVerified: null });
    assert.match(u.id, /^[1-9][0-9]*$/);
    const [row] = raw('SELECT id, typeof(id) AS t FROM users WHERE email = ?', 'new@example.com');
    assert.equal(row?.t, 'integer');
    assert.equal(String(row?.id), u.id);
  });

  it('accounts, sessions and authenticators store userId as INTEGER and give it back as a string', async () => {
    const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: 'fk@example.com', emailVerified: null });
    const a = await o.adapter.linkAccount({ userId: u.id, type: 'oauth', provider: 'github', providerAccountId: 'gh-fk' });
    assert.equal(a?.userId, u.id);
    const s = await o.adapter.createSession({ sessionToken: 'tok-fk', userId: u.id, expires: new Date(Date.now() + 60_000) });
    assert.equal(s.userId, u.id);
    const sau = await o.adapter.getSessionAndUser('tok-fk');
    assert.equal(sau?.session.userId, u.id);
    assert.equal(sau?.user.id, u.id);
    assert.equal((await o.adapter.updateSession({ sessionToken: 'tok-fk', userId: u.id }))?.userId, u.id);
    const k = await o.adapter.createAuthenticator({
      credentialID: 'cred-fk', userId: u.id, providerAccountId: 'cred-fk', credentialPublicKey: 'pk', counter: 0,
      credentialDeviceType: 'singleDevice', credentialBackedUp: false, transports: null,
    });
    assert.equal(k.userId, u.id);
    assert.deepEqual((await o.adapter.listAuthenticatorsByUserId(u.id)).map((x) => x.credentialID), ['cred-fk']);
    assert.deepEqual((await o.adapter.getUserByAccount({ provider: 'github', providerAccountId: 'gh-fk' }))?.id, u.id);
    for (const t of ['accounts', 'sessions', 'authenticators']) {
      assert.deepEqual(raw(`SELECT DISTINCT typeof(userId) AS t FROM ${t} WHERE userId = ?`, Number(u.id)), [{ t: 'integer' }], t);
    }
    assert.equal((await o.adapter.deleteUser(u.id))?.id, u.id);
    for (const t of ['accounts', 'sessions', 'authenticators']) {
      assert.equal(raw(`SELECT * FROM ${t} WHERE userId = ?`, Number(u.id)).length, 0, t);
    }
  });

  it('deleting a user deletes their rows of the app too (the app’s own ON DELETE CASCADE)', async () => {
    assert.equal((await o.adapter.deleteUser('7'))?.email, 'old@example.com');
    assert.equal(raw('SELECT * FROM posts WHERE author_id = 7').length, 0);
  });

  it('ids that are not integers find nothing, and write nothing', async () => {
    for (const id of ['no-such-id', crypto.randomUUID(), '', '12abc']) {
      assert.strictEqual(await o.adapter.getUser(id), null, id);
      assert.strictEqual(await o.adapter.deleteUser(id), null, id);
      assert.deepEqual(await o.adapter.listAuthenticatorsByUserId(id), [], id);
      await assert.rejects(async () => o.adapter.updateUser({ id, name: 'x' }), NoormError, id);
      await assert.rejects(
        async () => o.adapter.createSession({ sessionToken: `t-${id}`, userId: id, expires: new Date() }),
        ForeignKeyError,
        id,
      );
    }
    assert.strictEqual(await o.adapter.getUser('999999'), null);
  });
});
