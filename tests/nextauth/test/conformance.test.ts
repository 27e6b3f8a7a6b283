// The adapter conformance suite: every method of @auth/core's Adapter and the
// semantics Auth.js relies on, on a real database file, for both reference
// namings. The adapter is typed here as Required<Adapter>, exactly as Auth.js
// sees it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NoormError, UniqueConstraintError, ForeignKeyError } from 'noormme';
import { fixtures, q, tempDir, type Opened } from './support.js';

const ms = (iso: string): Date => new Date(iso);

for (const f of fixtures) {
  describe(`adapter conformance (${f.name} naming)`, () => {
    const tmp = tempDir(`conf-${f.name}`);
    let o: Opened;
    let n = 0;
    const email = (): string => `user${++n}@example.com`;
    const raw = <T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] =>
      o.db.connection.db.prepare(sql).all(...params) as T[];
    const count = (table: string, where = '1', ...params: unknown[]): number =>
      (o.db.connection.db.prepare(`SELECT count(*) AS n FROM ${q(table)} WHERE ${where}`).get(...params) as { n: number }).n;

    before(() => {
      o = f.open(tmp.file('app.db'));
    });
    after(() => {
      o.db.close();
      tmp.remove();
    });

    describe('users', () => {
      it('createUser generates an id (crypto.randomUUID, or the INTEGER rowid) when none is given', async () => {
        const u = await o.adapter.createUser({ email: email(), emailVerified: null } as never);
        assert.match(u.id, f.generatedId);
        assert.equal(u.emailVerified, null);
        assert.equal(u.name, null);
        assert.equal(u.image, null);
        assert.deepEqual(await o.adapter.getUser(u.id), u);
      });

      it('createUser keeps the id Auth.js gives', async () => {
        const id = f.givenId();
        const u = await o.adapter.createUser({ id, email: email(), emailVerified: null, name: 'Ada', image: 'https://example.com/a.png' });
        assert.equal(u.id, id);
        assert.equal(u.name, 'Ada');
        assert.equal(u.image, 'https://example.com/a.png');
      });

      it('emailVerified round-trips to the millisecond, stored as ISO-8601 text', async () => {
        const when = ms('2024-02-29T23:59:58.123Z');
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: when });
        assert.ok(u.emailVerified instanceof Date);
        assert.equal(u.emailVerified.getTime(), when.getTime());
        const again = await o.adapter.getUser(u.id);
        assert.equal(again?.emailVerified?.getTime(), when.getTime());
        const [row] = raw<{ v: unknown }>(`SELECT ${q(f.column.emailVerified)} AS v FROM ${q(f.table.user)} WHERE "id" = ?`, u.id);
        assert.equal(row?.v, '2024-02-29T23:59:58.123Z');
      });

      it('reads dates that SQLite itself wrote (CURRENT_TIMESTAMP format, UTC)', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        o.db.connection.db.prepare(`UPDATE ${q(f.table.user)} SET ${q(f.column.emailVerified)} = '2023-01-02 03:04:05' WHERE "id" = ?`).run(u.id);
        assert.equal((await o.adapter.getUser(u.id))?.emailVerified?.toISOString(), '2023-01-02T03:04:05.000Z');
      });

      it('getUser, getUserByEmail: null (never undefined) when not found', async () => {
        assert.strictEqual(await o.adapter.getUser('no-such-id'), null);
        assert.strictEqual(await o.adapter.getUserByEmail('nobody@example.com'), null);
        const e = email();
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: e, emailVerified: null });
        assert.deepEqual(await o.adapter.getUserByEmail(e), u);
      });

      it('updateUser changes the given fields only and returns the user', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null, name: 'Old', image: 'i.png' });
        const when = ms('2025-06-07T08:09:10.011Z');
        const v = await o.adapter.updateUser({ id: u.id, emailVerified: when });
        assert.equal(v.emailVerified?.getTime(), when.getTime());
        assert.equal(v.name, 'Old');
        assert.equal(v.image, 'i.png');
        assert.equal(v.email, u.email);
        const w = await o.adapter.updateUser({ id: u.id, name: 'New', image: null });
        assert.equal(w.name, 'New');
        assert.equal(w.image, null);
        assert.equal(w.emailVerified?.getTime(), when.getTime());
        assert.deepEqual(await o.adapter.getUser(u.id), w);
      });

      it('updateUser on an unknown id throws', async () => {
        await assert.rejects(async () => o.adapter.updateUser({ id: 'no-such-id', name: 'x' }), NoormError);
      });

      it('a second user with the same email is a UniqueConstraintError', async () => {
        const e = email();
        await o.adapter.createUser({ id: crypto.randomUUID(), email: e, emailVerified: null });
        await assert.rejects(async () => o.adapter.createUser({ id: crypto.randomUUID(), email: e, emailVerified: null }), UniqueConstraintError);
      });

      it('a user without email (an OAuth provider that gives none) can be created', async () => {
        const u = await o.adapter.createUser({ name: 'No Mail', emailVerified: null } as never);
        assert.strictEqual(u.email, null);
        assert.match(u.id, f.generatedId);
      });
    });

    describe('accounts', () => {
      it('linkAccount, getUserByAccount, getAccount(providerAccountId, provider); expires_at is a number', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        const linked = await o.adapter.linkAccount({
          userId: u.id,
          type: 'oauth',
          provider: 'github',
          providerAccountId: `gh-${n}`,
          access_token: 'gho_abc',
          refresh_token: 'ghr_def',
          expires_at: 1735689600,
          token_type: 'bearer',
          scope: 'read:user user:email',
        });
        assert.ok(linked);
        assert.equal(linked.userId, u.id);
        assert.deepEqual(await o.adapter.getUserByAccount({ provider: 'github', providerAccountId: `gh-${n}` }), u);
        const a = await o.adapter.getAccount(`gh-${n}`, 'github');
        assert.ok(a !== null);
        assert.equal(typeof a.expires_at, 'number');
        assert.equal(a.expires_at, 1735689600);
        assert.equal(a.type, 'oauth');
        assert.equal(a.access_token, 'gho_abc');
        assert.equal(a.refresh_token, 'ghr_def');
        assert.equal(a.token_type, 'bearer');
        assert.equal(a.scope, 'read:user user:email');
        // NULL token fields are absent, as Auth.js types them (string | undefined).
        assert.equal('id_token' in a, false);
        assert.equal('session_state' in a, false);
      });

      it('an email account (no tokens) links too', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        const a = await o.adapter.linkAccount({ userId: u.id, type: 'email', provider: 'nodemailer', providerAccountId: u.email });
        assert.ok(a);
        assert.equal(a.type, 'email');
        assert.equal(a.expires_at, undefined);
      });

      it('not found: getUserByAccount and getAccount give null', async () => {
        assert.strictEqual(await o.adapter.getUserByAccount({ provider: 'github', providerAccountId: 'nope' }), null);
        assert.strictEqual(await o.adapter.getAccount('nope', 'github'), null);
      });

      it('the same provider account cannot be linked twice', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        const acc = { userId: u.id, type: 'oidc' as const, provider: 'google', providerAccountId: `g-${n}` };
        await o.adapter.linkAccount(acc);
        await assert.rejects(async () => o.adapter.linkAccount(acc), UniqueConstraintError);
      });

      it('linkAccount to an unknown user is a ForeignKeyError', async () => {
        await assert.rejects(
          async () => o.adapter.linkAccount({ userId: 'ghost', type: 'oauth', provider: 'github', providerAccountId: 'ghost' }),
          ForeignKeyError,
        );
      });

      it('unlinkAccount deletes and returns the account; unknown gives undefined', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        await o.adapter.linkAccount({ userId: u.id, type: 'oauth', provider: 'discord', providerAccountId: `d-${n}` });
        const gone = await o.adapter.unlinkAccount({ provider: 'discord', providerAccountId: `d-${n}` });
        assert.equal(gone?.providerAccountId, `d-${n}`);
        assert.strictEqual(await o.adapter.getAccount(`d-${n}`, 'discord'), null);
        assert.strictEqual(await o.adapter.unlinkAccount({ provider: 'discord', providerAccountId: `d-${n}` }), undefined);
      });
    });

    describe('sessions', () => {
      it('createSession, getSessionAndUser: expires round-trips to the millisecond', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: ms('2024-01-01T00:00:00.001Z') });
        const expires = ms('2031-12-31T23:59:59.999Z');
        const s = await o.adapter.createSession({ sessionToken: `st-${n}`, userId: u.id, expires });
        assert.equal(s.sessionToken, `st-${n}`);
        assert.equal(s.userId, u.id);
        assert.equal(s.expires.getTime(), expires.getTime());
        const got = await o.adapter.getSessionAndUser(`st-${n}`);
        assert.ok(got !== null);
        assert.deepEqual(got.session, s);
        assert.deepEqual(got.user, u);
        assert.equal(got.session.expires.getTime(), expires.getTime());
      });

      it('getSessionAndUser: null when not found', async () => {
        assert.strictEqual(await o.adapter.getSessionAndUser('no-such-token'), null);
      });

      it('updateSession changes expires (and keeps the rest); unknown gives null', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        await o.adapter.createSession({ sessionToken: `up-${n}`, userId: u.id, expires: ms('2030-01-01T00:00:00.000Z') });
        const later = ms('2030-02-03T04:05:06.789Z');
        const s = await o.adapter.updateSession({ sessionToken: `up-${n}`, expires: later });
        assert.ok(s);
        assert.equal(s.expires.getTime(), later.getTime());
        assert.equal(s.userId, u.id);
        assert.strictEqual(await o.adapter.updateSession({ sessionToken: 'no-such-token', expires: later }), null);
      });

      it('deleteSession returns the deleted session; unknown gives null', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        await o.adapter.createSession({ sessionToken: `del-${n}`, userId: u.id, expires: ms('2030-01-01T00:00:00.000Z') });
        const s = await o.adapter.deleteSession(`del-${n}`);
        assert.equal(s?.sessionToken, `del-${n}`);
        assert.strictEqual(await o.adapter.getSessionAndUser(`del-${n}`), null);
        assert.strictEqual(await o.adapter.deleteSession(`del-${n}`), null);
      });
    });

    describe('verification tokens', () => {
      it('createVerificationToken, then useVerificationToken returns it once and deletes it', async () => {
        const expires = ms('2030-05-05T05:05:05.505Z');
        const t = await o.adapter.createVerificationToken({ identifier: 'a@example.com', token: 'hash-1', expires });
        assert.deepEqual(t, { identifier: 'a@example.com', token: 'hash-1', expires });
        const used = await o.adapter.useVerificationToken({ identifier: 'a@example.com', token: 'hash-1' });
        assert.equal(used?.expires.getTime(), expires.getTime());
        assert.equal(used?.token, 'hash-1');
        assert.strictEqual(await o.adapter.useVerificationToken({ identifier: 'a@example.com', token: 'hash-1' }), null);
        assert.equal(count(f.table.verificationToken, '"token" = ?', 'hash-1'), 0);
      });

      it('useVerificationToken needs the matching identifier', async () => {
        await o.adapter.createVerificationToken({ identifier: 'b@example.com', token: 'hash-2', expires: ms('2030-01-01T00:00:00Z') });
        assert.strictEqual(await o.adapter.useVerificationToken({ identifier: 'c@example.com', token: 'hash-2' }), null);
        assert.ok(await o.adapter.useVerificationToken({ identifier: 'b@example.com', token: 'hash-2' }));
      });

      it('an expired token is still returned (Auth.js checks expiry itself), and deleted', async () => {
        const past = ms('2001-01-01T00:00:00.000Z');
        await o.adapter.createVerificationToken({ identifier: 'old@example.com', token: 'hash-old', expires: past });
        const used = await o.adapter.useVerificationToken({ identifier: 'old@example.com', token: 'hash-old' });
        assert.equal(used?.expires.getTime(), past.getTime());
        assert.strictEqual(await o.adapter.useVerificationToken({ identifier: 'old@example.com', token: 'hash-old' }), null);
      });

      it('two concurrent uses on one adapter: exactly one gets the token', async () => {
        await o.adapter.createVerificationToken({ identifier: 'd@example.com', token: 'hash-3', expires: ms('2030-01-01T00:00:00Z') });
        const results = await Promise.all([
          o.adapter.useVerificationToken({ identifier: 'd@example.com', token: 'hash-3' }),
          o.adapter.useVerificationToken({ identifier: 'd@example.com', token: 'hash-3' }),
        ]);
        assert.equal(results.filter((r) => r !== null).length, 1);
        assert.equal(results.filter((r) => r === null).length, 1);
      });

      it('two connections to the same file: exactly one gets the token', async () => {
        const other = f.open(tmp.file('app.db'));
        try {
          await o.adapter.createVerificationToken({ identifier: 'e@example.com', token: 'hash-4', expires: ms('2030-01-01T00:00:00Z') });
          const results = await Promise.all([
            other.adapter.useVerificationToken({ identifier: 'e@example.com', token: 'hash-4' }),
            o.adapter.useVerificationToken({ identifier: 'e@example.com', token: 'hash-4' }),
          ]);
          assert.equal(results.filter((r) => r !== null).length, 1);
        } finally {
          other.db.close();
        }
      });
    });

    describe('authenticators (WebAuthn)', () => {
      it('createAuthenticator, getAuthenticator: booleans are booleans, counter a number', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        const a = await o.adapter.createAuthenticator({
          credentialID: `cred-${n}`,
          userId: u.id,
          providerAccountId: `cred-${n}`,
          credentialPublicKey: 'pQECAyYgASFYIA',
          counter: 0,
          credentialDeviceType: 'multiDevice',
          credentialBackedUp: true,
          transports: 'internal,hybrid',
        });
        assert.strictEqual(a.credentialBackedUp, true);
        assert.strictEqual(a.counter, 0);
        assert.equal(a.transports, 'internal,hybrid');
        assert.deepEqual(await o.adapter.getAuthenticator(`cred-${n}`), a);
        const [row] = raw<{ b: unknown }>(
          `SELECT ${q(f.column.credentialBackedUp)} AS b FROM ${q(f.table.authenticator)} WHERE ${q(f.column.credentialID)} = ?`,
          `cred-${n}`,
        );
        assert.strictEqual(row?.b, 1);
      });

      it('credentialBackedUp false and transports absent', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        const a = await o.adapter.createAuthenticator({
          credentialID: `single-${n}`,
          userId: u.id,
          providerAccountId: `single-${n}`,
          credentialPublicKey: 'key',
          counter: 3,
          credentialDeviceType: 'singleDevice',
          credentialBackedUp: false,
        });
        assert.strictEqual(a.credentialBackedUp, false);
        assert.strictEqual(a.transports, null);
      });

      it('listAuthenticatorsByUserId: the user\'s authenticators; [] for an unknown user', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        for (const id of ['b-key', 'a-key']) {
          await o.adapter.createAuthenticator({
            credentialID: `${id}-${n}`,
            userId: u.id,
            providerAccountId: `${id}-${n}`,
            credentialPublicKey: 'key',
            counter: 1,
            credentialDeviceType: 'singleDevice',
            credentialBackedUp: false,
          });
        }
        const list = await o.adapter.listAuthenticatorsByUserId(u.id);
        assert.deepEqual(list.map((a) => a.credentialID), [`a-key-${n}`, `b-key-${n}`]);
        assert.deepEqual(await o.adapter.listAuthenticatorsByUserId('no-such-user'), []);
      });

      it('getAuthenticator: null when not found', async () => {
        assert.strictEqual(await o.adapter.getAuthenticator('no-such-credential'), null);
      });

      it('updateAuthenticatorCounter returns the authenticator; an unknown credential throws', async () => {
        const u = await o.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        await o.adapter.createAuthenticator({
          credentialID: `ctr-${n}`,
          userId: u.id,
          providerAccountId: `ctr-${n}`,
          credentialPublicKey: 'key',
          counter: 1,
          credentialDeviceType: 'singleDevice',
          credentialBackedUp: true,
        });
        const a = await o.adapter.updateAuthenticatorCounter(`ctr-${n}`, 42);
        assert.strictEqual(a.counter, 42);
        assert.strictEqual((await o.adapter.getAuthenticator(`ctr-${n}`))?.counter, 42);
        await assert.rejects(async () => o.adapter.updateAuthenticatorCounter('no-such-credential', 1), NoormError);
      });
    });

    describe('deleteUser', () => {
      async function userWithEverything(opened: Opened): Promise<string> {
        const u = await opened.adapter.createUser({ id: crypto.randomUUID(), email: email(), emailVerified: null });
        await opened.adapter.linkAccount({ userId: u.id, type: 'oauth', provider: 'github', providerAccountId: `del-gh-${n}` });
        await opened.adapter.createSession({ sessionToken: `del-st-${n}`, userId: u.id, expires: ms('2030-01-01T00:00:00Z') });
        await opened.adapter.createAuthenticator({
          credentialID: `del-cred-${n}`,
          userId: u.id,
          providerAccountId: `del-cred-${n}`,
          credentialPublicKey: 'key',
          counter: 0,
          credentialDeviceType: 'singleDevice',
          credentialBackedUp: false,
        });
        return u.id;
      }

      it('removes the user\'s accounts, sessions and authenticators, and returns the user', async () => {
        const keep = await userWithEverything(o);
        const id = await userWithEverything(o);
        const deleted = await o.adapter.deleteUser(id);
        assert.equal(deleted?.id, id);
        assert.strictEqual(await o.adapter.getUser(id), null);
        for (const t of [f.table.account, f.table.session, f.table.authenticator]) {
          assert.equal(count(t, `${q(f.column.userId)} = ?`, id), 0, t);
          assert.equal(count(t, `${q(f.column.userId)} = ?`, keep), 1, t);
        }
        assert.strictEqual(await o.adapter.deleteUser(id), null);
      });

      it('removes them even with foreign-key enforcement switched off', async () => {
        const loose = f.open(tmp.file('app.db'), { pragmas: { foreign_keys: false } });
        try {
          const id = await userWithEverything(loose);
          await loose.adapter.deleteUser(id);
          for (const t of [f.table.user, f.table.account, f.table.session, f.table.authenticator]) {
            const col = t === f.table.user ? 'id' : f.column.userId;
            assert.equal(count(t, `${q(col)} = ?`, id), 0, t);
          }
        } finally {
          loose.db.close();
        }
      });
    });

    describe('statements', () => {
      it('every statement the adapter runs is one of its compile-time constants', async () => {
        const seen = new Set<string>();
        const spy = f.open(tmp.file('app.db'), { onQuery: (sql) => seen.add(sql) });
        try {
          seen.clear();
          const u = await spy.adapter.createUser({ email: `spy${n}@example.com`, emailVerified: new Date() } as never);
          await spy.adapter.getUser(u.id);
          await spy.adapter.getUserByEmail(u.email);
          await spy.adapter.updateUser({ id: u.id, name: 'Spy' });
          await spy.adapter.linkAccount({ userId: u.id, type: 'oauth', provider: 'x', providerAccountId: `spy-${n}` });
          await spy.adapter.getUserByAccount({ provider: 'x', providerAccountId: `spy-${n}` });
          await spy.adapter.getAccount(`spy-${n}`, 'x');
          await spy.adapter.unlinkAccount({ provider: 'x', providerAccountId: `spy-${n}` });
          await spy.adapter.createSession({ sessionToken: `spy-${n}`, userId: u.id, expires: new Date() });
          await spy.adapter.getSessionAndUser(`spy-${n}`);
          await spy.adapter.updateSession({ sessionToken: `spy-${n}`, expires: new Date() });
          await spy.adapter.deleteSession(`spy-${n}`);
          await spy.adapter.createVerificationToken({ identifier: 'spy', token: `spy-${n}`, expires: new Date() });
          await spy.adapter.useVerificationToken({ identifier: 'spy', token: `spy-${n}` });
          await spy.adapter.createAuthenticator({
            credentialID: `spy-${n}`,
            userId: u.id,
            providerAccountId: `spy-${n}`,
            credentialPublicKey: 'k',
            counter: 0,
            credentialDeviceType: 'singleDevice',
            credentialBackedUp: false,
          });
          await spy.adapter.getAuthenticator(`spy-${n}`);
          await spy.adapter.listAuthenticatorsByUserId(u.id);
          await spy.adapter.updateAuthenticatorCounter(`spy-${n}`, 1);
          await spy.adapter.deleteUser(u.id);
          const transaction = /^(BEGIN IMMEDIATE|COMMIT|ROLLBACK|SAVEPOINT \w+|RELEASE \w+|ROLLBACK TO \w+)$/;
          const literal = (sql: string): string => "'" + sql.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
          let statements = 0;
          for (const sql of seen) {
            if (transaction.test(sql)) continue;
            statements++;
            assert.ok(f.source.includes(literal(sql)), `not a constant of nextauth.ts: ${sql}`);
          }
          assert.ok(statements >= 20, `saw ${statements} statements`);
        } finally {
          spy.db.close();
        }
      });
    });

    describe('the db argument', () => {
      it('takes a function returning the Db, called when the adapter is used', async () => {
        const { NoormmeAdapter } = await import(`../reference/${f.name}/nextauth.js`);
        let calls = 0;
        const lazy = NoormmeAdapter(() => {
          calls++;
          return o.db;
        });
        assert.equal(calls, 0);
        assert.strictEqual(await lazy.getUser('no-such-id'), null);
        assert.equal(calls, 1);
      });

      it('says what to pass when given something else', async () => {
        const { NoormmeAdapter } = await import(`../reference/${f.name}/nextauth.js`);
        assert.throws(() => NoormmeAdapter({}), (e: unknown) => e instanceof NoormError && /getDb/.test(e.message));
      });
    });
  });
}
