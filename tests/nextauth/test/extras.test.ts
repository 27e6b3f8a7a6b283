// The schema's own columns, beyond Auth.js's: returned and accepted, typed,
// with their DEFAULTs and CHECKs; surrogate ids generated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CheckConstraintError } from 'noormme';
import * as native from '../reference/native/index.js';
import { NoormmeAdapter as NativeAdapter } from '../reference/native/nextauth.js';
import * as v1 from '../reference/v1/index.js';
import { NoormmeAdapter as V1Adapter } from '../reference/v1/nextauth.js';
import { tempDir, UUID } from './support.js';

describe('extra user columns (native: users.role added by a later migration)', () => {
  const tmp = tempDir('extras-native');
  let db: native.Db;
  let adapter: ReturnType<typeof NativeAdapter>;
  before(() => {
    db = native.createDb({ filename: tmp.file('app.db'), migrate: true });
    adapter = NativeAdapter(db);
  });
  after(() => {
    db.close();
    tmp.remove();
  });

  it('a user created by Auth.js (no role) gets the column DEFAULT, returned typed', async () => {
    const u = await adapter.createUser({ id: crypto.randomUUID(), email: 'a@example.com', emailVerified: null });
    const role: 'user' | 'admin' = u.role;
    assert.equal(role, 'user');
    assert.equal((await adapter.getUser(u.id))?.role, 'user');
    assert.equal((await adapter.getUserByEmail('a@example.com'))?.role, 'user');
  });

  it('createUser and updateUser accept the extra column', async () => {
    const u = await adapter.createUser({ email: 'admin@example.com', role: 'admin' });
    assert.equal(u.role, 'admin');
    const v = await adapter.updateUser({ id: u.id, role: 'user' });
    assert.equal(v.role, 'user');
    const w = await adapter.updateUser({ id: u.id, name: 'Still user' });
    assert.equal(w.role, 'user');
  });

  it('the extra column comes back with the session', async () => {
    const u = await adapter.createUser({ email: 'sess@example.com', role: 'admin' });
    await adapter.createSession({ sessionToken: 'extras-st', userId: u.id, expires: new Date(Date.now() + 60_000) });
    const got = await adapter.getSessionAndUser('extras-st');
    assert.equal(got?.user.role, 'admin');
    await adapter.linkAccount({ userId: u.id, type: 'oauth', provider: 'github', providerAccountId: 'extras-gh' });
    assert.equal((await adapter.getUserByAccount({ provider: 'github', providerAccountId: 'extras-gh' }))?.role, 'admin');
  });

  it("the column's CHECK still holds (CheckConstraintError)", async () => {
    await assert.rejects(
      async () => adapter.createUser({ email: 'bad@example.com', role: 'root' as 'admin' }),
      (e: unknown) => e instanceof CheckConstraintError && e.table === 'users',
    );
  });

  it('unknown properties from an OAuth profile are ignored', async () => {
    const profile = { email: 'p@example.com', emailVerified: null, locale: 'fr', login: 'octocat' };
    const u = await adapter.createUser(profile);
    assert.equal((u as Record<string, unknown>)['locale'], undefined);
  });
});

describe('extra columns (v1 naming: bookkeeping columns, surrogate ids, a token-set column)', () => {
  const tmp = tempDir('extras-v1');
  let db: v1.Db;
  let adapter: ReturnType<typeof V1Adapter>;
  before(() => {
    db = v1.createDb({ filename: tmp.file('app.db'), migrate: true });
    adapter = V1Adapter(db);
  });
  after(() => {
    db.close();
    tmp.remove();
  });

  it('user.created_at gets its DEFAULT CURRENT_TIMESTAMP, read back as a Date', async () => {
    const before = Date.now() - 2000;
    const u = await adapter.createUser({ email: 'a@example.com', emailVerified: null });
    assert.ok(u.created_at instanceof Date);
    assert.ok(u.created_at.getTime() >= before && u.created_at.getTime() <= Date.now() + 2000);
    assert.strictEqual(u.updated_at, null);
  });

  it('user.updated_at and created_at are accepted as Dates', async () => {
    const created = new Date('2020-01-01T00:00:00.000Z');
    const u = await adapter.createUser({ email: 'b@example.com', emailVerified: null, created_at: created });
    assert.equal(u.created_at.getTime(), created.getTime());
    const now = new Date('2024-03-04T05:06:07.089Z');
    const v = await adapter.updateUser({ id: u.id, updated_at: now });
    assert.equal(v.updated_at?.getTime(), now.getTime());
    assert.equal(v.created_at.getTime(), created.getTime());
  });

  it('email_verified (a TEXT column) is exposed as emailVerified, a Date', async () => {
    const when = new Date('2022-02-02T02:02:02.222Z');
    const u = await adapter.createUser({ email: 'c@example.com', emailVerified: when });
    assert.equal(u.emailVerified?.getTime(), when.getTime());
    assert.equal('email_verified' in u, false);
  });

  it('account.id and session.id are generated; a token-set field with a column is stored', async () => {
    const u = await adapter.createUser({ email: 'd@example.com', emailVerified: null });
    const tokens = { access_token: 'ghu_1', refresh_token: 'ghr_1', expires_at: 1700000000, refresh_token_expires_in: 15811200, token_type: 'bearer' };
    const a = await adapter.linkAccount({ userId: u.id, type: 'oauth', provider: 'github', providerAccountId: 'v1-gh', ...tokens });
    assert.match(a.id, UUID);
    assert.equal(a.refresh_token_expires_in, 15811200);
    const got = await adapter.getAccount('v1-gh', 'github');
    assert.equal(got?.id, a.id);
    assert.equal(got?.refresh_token_expires_in, 15811200);
    assert.equal('created_at' in (got ?? {}), false, 'a DATETIME column on account is left to its DEFAULT, not returned');
    const s = await adapter.createSession({ sessionToken: 'v1-st', userId: u.id, expires: new Date('2030-01-01T00:00:00.000Z') });
    assert.match(s.id, UUID);
    assert.equal((await adapter.getSessionAndUser('v1-st'))?.session.id, s.id);
  });

  it('credential_backed_up (an INTEGER column) is a boolean', async () => {
    const u = await adapter.createUser({ email: 'e@example.com', emailVerified: null });
    const a = await adapter.createAuthenticator({
      credentialID: 'v1-cred',
      userId: u.id,
      providerAccountId: 'v1-cred',
      credentialPublicKey: 'key',
      counter: 5,
      credentialDeviceType: 'multiDevice',
      credentialBackedUp: true,
    });
    assert.strictEqual(a.credentialBackedUp, true);
  });
});
