// End to end through Auth.js's own request handler (@auth/core's Auth(), what
// next-auth v5's route handlers call), without network: the email (magic
// link) provider with a sendVerificationRequest that captures the link, then
// following it. Exercises verification tokens, user creation, a database
// session and its cookie, the session endpoint, reuse of the link, sign-out.
import { attempts } from './no-network.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Auth, type AuthConfig } from '@auth/core';
import Nodemailer from '@auth/core/providers/nodemailer';
import { CookieJar, fixtures, q, tempDir, type Opened } from './support.js';

const ORIGIN = 'http://localhost:3000';

// TEXT ids (the tables of `new --auth`) and INTEGER ids (an existing app's users, extended by `new --auth`).
for (const f of fixtures.filter((x) => x.name !== 'v1')) {
  describe(`Auth.js (@auth/core Auth, next-auth v5) end to end: magic link → user → database session (${f.name})`, () => {
    const tmp = tempDir(`e2e-authjs-${f.name}`);
    let db: Opened['db'];
    const sent: { identifier: string; url: string }[] = [];
    let config: AuthConfig;
    const jar = new CookieJar();
    const request = async (path: string, init?: { method?: string; form?: Record<string, string> }): Promise<Response> => {
      const headers = new Headers({ cookie: jar.header() });
      let body: string | undefined;
      if (init?.form !== undefined) {
        headers.set('content-type', 'application/x-www-form-urlencoded');
        body = new URLSearchParams(init.form).toString();
      }
      const res = await Auth(new Request(new URL(path, ORIGIN), { method: init?.method ?? 'GET', headers, body }), config);
      jar.store(res.headers.getSetCookie());
      return res;
    };
    const csrf = async (): Promise<string> => ((await (await request('/api/auth/csrf')).json()) as { csrfToken: string }).csrfToken;

    before(() => {
      const opened = f.open(tmp.file('app.db'));
      db = opened.db;
      config = {
        adapter: opened.adapter,
        secret: 'a-test-secret-that-is-long-enough-0123456789',
        trustHost: true,
        basePath: '/api/auth',
        session: { strategy: 'database' },
        providers: [
          Nodemailer({
            server: { host: 'smtp.invalid', port: 25 },
            from: 'auth@example.com',
            async sendVerificationRequest({ identifier, url }) {
              sent.push({ identifier, url });
            },
          }),
        ],
        logger: { error: () => {}, warn: () => {}, debug: () => {} },
      };
    });
    after(() => {
      db.close();
      tmp.remove();
    });

    it('signs in with the emailed link, creating the user and a database session', async () => {
      const signin = await request('/api/auth/signin/nodemailer', {
        method: 'POST',
        form: { email: 'Ada@Example.com', csrfToken: await csrf(), callbackUrl: `${ORIGIN}/dashboard` },
      });
      assert.equal(signin.status, 302);
      assert.match(signin.headers.get('location') ?? '', /\/api\/auth\/verify-request/);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.identifier, 'ada@example.com');
      const tokens = db.connection.db.prepare('SELECT identifier, expires FROM verification_tokens').all() as { identifier: string; expires: string }[];
      assert.equal(tokens.length, 1);
      assert.equal(tokens[0]!.identifier, 'ada@example.com');
      assert.match(tokens[0]!.expires, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

      const link = new URL(sent[0]!.url);
      assert.equal(link.origin, ORIGIN);
      const callback = await request(link.pathname + link.search);
      assert.equal(callback.status, 302);
      assert.equal(callback.headers.get('location'), `${ORIGIN}/dashboard`);

      const sessionToken = jar.get('authjs.session-token');
      assert.ok(sessionToken, 'a session cookie is set');
      const user = await db.connection.db.prepare(`SELECT id, email, ${q(f.column.emailVerified)} AS emailVerified FROM users`).all();
      assert.equal(user.length, 1);
      const u = user[0] as { id: string | number; email: string; emailVerified: string };
      assert.equal(u.email, 'ada@example.com');
      assert.match(u.emailVerified, /^\d{4}-\d\d-\d\dT/);
      assert.equal(typeof u.id, f.name === 'integer' ? 'number' : 'string');
      const sessions = db.connection.db.prepare('SELECT sessionToken, userId, expires FROM sessions').all() as { sessionToken: string; userId: string }[];
      assert.deepEqual(sessions.map((s) => [s.sessionToken, s.userId]), [[sessionToken, u.id]]);
      assert.equal((db.connection.db.prepare('SELECT count(*) AS n FROM verification_tokens').get() as { n: number }).n, 0);
    });

    it('the session endpoint reads the database session', async () => {
      const res = await request('/api/auth/session');
      assert.equal(res.status, 200);
      const session = (await res.json()) as { user?: { email?: string }; expires?: string };
      assert.equal(session.user?.email, 'ada@example.com');
      assert.ok(session.expires !== undefined && new Date(session.expires).getTime() > Date.now());
    });

    it('the link cannot be used twice', async () => {
      const before = db.connection.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number };
      const fresh = new CookieJar();
      const link = new URL(sent[0]!.url);
      const res = await Auth(new Request(new URL(link.pathname + link.search, ORIGIN)), config);
      fresh.store(res.headers.getSetCookie());
      assert.equal(res.status, 302);
      assert.match(res.headers.get('location') ?? '', /error=Verification/);
      assert.equal(fresh.get('authjs.session-token'), undefined);
      assert.deepEqual(db.connection.db.prepare('SELECT count(*) AS n FROM sessions').get(), before);
    });

    it('a second sign-in of the same email reuses the user', async () => {
      const again = new CookieJar();
      const req = async (path: string, form?: Record<string, string>): Promise<Response> => {
        const headers = new Headers({ cookie: again.header() });
        if (form) headers.set('content-type', 'application/x-www-form-urlencoded');
        const res = await Auth(
          new Request(new URL(path, ORIGIN), { method: form ? 'POST' : 'GET', headers, body: form ? new URLSearchParams(form).toString() : undefined }),
          config,
        );
        again.store(res.headers.getSetCookie());
        return res;
      };
      const { csrfToken } = (await (await req('/api/auth/csrf')).json()) as { csrfToken: string };
      await req('/api/auth/signin/nodemailer', { email: 'ada@example.com', csrfToken });
      const link = new URL(sent.at(-1)!.url);
      await req(link.pathname + link.search);
      assert.ok(again.get('authjs.session-token'));
      assert.equal((db.connection.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n, 1);
      assert.equal((db.connection.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n, 2);
    });

    it('signing out deletes the database session', async () => {
      const token = jar.get('authjs.session-token');
      const res = await request('/api/auth/signout', { method: 'POST', form: { csrfToken: await csrf() } });
      assert.equal(res.status, 302);
      assert.equal(db.connection.db.prepare('SELECT 1 FROM sessions WHERE sessionToken = ?').get(token), undefined);
      const session = await (await request('/api/auth/session')).json();
      assert.equal(session, null);
    });

    it('reached no network and sent no mail', () => {
      assert.deepEqual(attempts, []);
    });
  });
}
