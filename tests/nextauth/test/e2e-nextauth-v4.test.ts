// End to end through next-auth v4's own request handler (AuthHandler from
// next-auth/core, called with the request next-auth's Next.js route handler
// builds), without network: the email provider with a sendVerificationRequest
// that captures the link, then following it. The adapter is passed as
// `authOptions.adapter`.
import { attempts } from './no-network.js';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuthOptions } from 'next-auth';
import * as native from '../reference/native/index.js';
import { NoormmeAdapter } from '../reference/native/nextauth.js';
import * as v1 from '../reference/v1/index.js';
import { NoormmeAdapter as V1Adapter } from '../reference/v1/nextauth.js';
import { tempDir } from './support.js';

const require = createRequire(import.meta.url);
// next-auth/core is not in next-auth's exports map (Next.js reaches it through
// next-auth/next, which needs `next`): load the file itself.
const { AuthHandler } = require(join(dirname(require.resolve('next-auth')), 'core', 'index.js')) as {
  AuthHandler: (params: { req: InternalRequest; options: AuthOptions }) => Promise<InternalResponse>;
};
const Email = (require('next-auth/providers/email') as { default: (o: object) => AuthOptions['providers'][number] }).default;

interface InternalRequest {
  body?: Record<string, string>;
  query?: Record<string, string>;
  cookies: Record<string, string>;
  headers: Record<string, string>;
  method: string;
  action: string;
  providerId?: string;
  error?: string;
}
interface InternalResponse {
  status?: number;
  body?: unknown;
  redirect?: string;
  cookies?: { name: string; value: string; options?: { maxAge?: number; expires?: Date } }[];
}

const ORIGIN = 'http://localhost:3000';

const layouts = [
  { name: 'native', createDb: native.createDb, adapter: NoormmeAdapter, users: 'users', sessions: 'sessions', sessionToken: 'sessionToken', emailVerified: 'emailVerified' },
  { name: 'v1', createDb: v1.createDb, adapter: V1Adapter, users: 'user', sessions: 'session', sessionToken: 'session_token', emailVerified: 'email_verified' },
] as const;

for (const layout of layouts) {
  describe(`next-auth v4 (authOptions.adapter) end to end, ${layout.name} naming`, () => {
    const tmp = tempDir(`e2e-v4-${layout.name}`);
    let db: { readonly connection: native.Db['connection']; close(): void };
    const sent: { identifier: string; url: string }[] = [];
    let authOptions: AuthOptions;
    const cookies = new Map<string, string>();

    /** What next-auth's App Router handler does for GET/POST /api/auth/[...nextauth]. */
    async function handle(method: 'GET' | 'POST', url: string, body?: Record<string, string>): Promise<InternalResponse> {
      const u = new URL(url, ORIGIN);
      const [action, providerId] = u.pathname.replace(/^\/api\/auth\//, '').split('/');
      const query = Object.fromEntries(u.searchParams);
      const res = await AuthHandler({
        req: {
          body,
          query,
          cookies: Object.fromEntries(cookies),
          headers: { host: 'localhost:3000', 'x-forwarded-proto': 'http', cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
          method,
          action: action!,
          ...(providerId !== undefined ? { providerId } : {}),
          ...(query['error'] ?? providerId ? { error: query['error'] ?? providerId } : {}),
        },
        options: authOptions,
      });
      for (const c of res.cookies ?? []) {
        const expired = (c.options?.maxAge !== undefined && c.options.maxAge <= 0) || (c.options?.expires !== undefined && c.options.expires.getTime() <= Date.now());
        if (expired || c.value === '') cookies.delete(c.name);
        else cookies.set(c.name, c.value);
      }
      return res;
    }
    const csrf = async (): Promise<string> => ((await handle('GET', '/api/auth/csrf')).body as { csrfToken: string }).csrfToken;
    const count = (table: string): number => (db.connection.db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;

    before(() => {
      process.env['NEXTAUTH_URL'] = ORIGIN;
      db = layout.createDb({ filename: tmp.file('app.db'), migrate: true });
      authOptions = {
        adapter: layout.adapter(db),
        secret: 'a-test-secret-that-is-long-enough-0123456789',
        session: { strategy: 'database' },
        providers: [
          Email({
            server: { host: 'smtp.invalid', port: 25 },
            from: 'auth@example.com',
            async sendVerificationRequest({ identifier, url }: { identifier: string; url: string }) {
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

    it('signs in with the emailed link: a user (created without an id by next-auth v4), a database session, a session cookie', async () => {
      const signin = await handle('POST', '/api/auth/signin/email', { email: 'grace@example.com', csrfToken: await csrf(), callbackUrl: `${ORIGIN}/dashboard` });
      assert.match(signin.redirect ?? '', /\/api\/auth\/verify-request/);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.identifier, 'grace@example.com');
      assert.equal(count('verification_token' + (layout.name === 'native' ? 's' : '')), 1);

      const link = new URL(sent[0]!.url);
      const callback = await handle('GET', link.pathname + link.search);
      assert.equal(callback.redirect, `${ORIGIN}/dashboard`);
      const token = cookies.get('next-auth.session-token');
      assert.ok(token, 'a session cookie is set');
      const users = db.connection.db.prepare(`SELECT id, email, "${layout.emailVerified}" AS v FROM "${layout.users}"`).all() as { id: string; email: string; v: string }[];
      assert.equal(users.length, 1);
      assert.equal(users[0]!.email, 'grace@example.com');
      assert.match(users[0]!.id, /^[0-9a-f-]{36}$/, 'the adapter generated the id');
      assert.match(users[0]!.v, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const sessions = db.connection.db.prepare(`SELECT "${layout.sessionToken}" AS t FROM "${layout.sessions}"`).all() as { t: string }[];
      assert.deepEqual(sessions.map((s) => s.t), [token]);
      assert.equal(count('verification_token' + (layout.name === 'native' ? 's' : '')), 0);
    });

    it('the session endpoint reads the database session', async () => {
      const res = await handle('GET', '/api/auth/session');
      const session = res.body as { user?: { email?: string }; expires?: string };
      assert.equal(session.user?.email, 'grace@example.com');
      assert.ok(new Date(session.expires ?? 0).getTime() > Date.now());
    });

    it('the link cannot be used twice', async () => {
      const before = count(layout.sessions);
      const saved = new Map(cookies);
      cookies.clear();
      const link = new URL(sent[0]!.url);
      const res = await handle('GET', link.pathname + link.search);
      assert.match(res.redirect ?? '', /error=Verification/);
      assert.equal(cookies.get('next-auth.session-token'), undefined);
      assert.equal(count(layout.sessions), before);
      cookies.clear();
      for (const [k, v] of saved) cookies.set(k, v);
    });

    it('signing out deletes the database session', async () => {
      const res = await handle('POST', '/api/auth/signout', { csrfToken: await csrf() });
      assert.ok(res.redirect);
      assert.equal(count(layout.sessions), 0);
      assert.equal(cookies.get('next-auth.session-token'), undefined);
    });

    it('reached no network and sent no mail', () => {
      assert.deepEqual(attempts, []);
    });
  });
}
