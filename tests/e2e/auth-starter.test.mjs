// The auth starter as a user runs it from a clean clone: `npm run build`
// (prebuild: noormc build; next build), `npm start` (prestart: noormc migrate;
// next start on 127.0.0.1, browsed as localhost), then in chromium: a protected page redirects to
// /signin, sign-in by email through the link the offline outbox captured, the
// dashboard, the profile edit (a users column of the app's own), sign out, and
// the redirect once signed out. Screenshots: build/e2e-artifacts/auth-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { eventually, minutes, prepareApp, run, shot, startServer, withBrowser } from './harness.mjs';

/** Rows of a query on the app's database, read with the app's own better-sqlite3. */
function rows(app, sql, ...params) {
  const Database = createRequire(join(app, 'package.json'))('better-sqlite3');
  const db = new Database(join(app, 'app.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

/** The newest link the outbox holds for `email` (lines of `email<TAB>url`). */
function linkFor(outbox, email) {
  if (!existsSync(outbox)) return undefined;
  const lines = readFileSync(outbox, 'utf8').trim().split('\n').filter((l) => l.startsWith(`${email}\t`));
  return lines.at(-1)?.split('\t')[1];
}

test('auth starter: email sign-in through the captured link, protected pages, profile edit, sign out', { timeout: 15 * 60_000 }, async () => {
  const began = Date.now();
  const app = prepareApp('auth-starter');
  run('npm', ['run', 'build'], { cwd: app });
  assert.ok(existsSync(join(app, 'src', 'db', 'nextauth.ts')), 'prebuild ran noormc build, which emitted the adapter');
  // The app's code and the generated src/db pass create-next-app's ESLint config.
  run('npx', ['eslint', '.'], { cwd: app });
  console.log(`# auth-starter: install + build + lint ${minutes(began)} min`);

  const outbox = join(app, 'outbox', 'magic-links.txt');
  // The server listens on 127.0.0.1; the browser uses http://localhost:PORT. Next.js's NextURL rewrites a
  // 127.0.0.1 host to `localhost` in every request URL it hands the app, so Auth.js builds its links and
  // redirects on localhost whatever the browser asked (AUTH_URL=http://127.0.0.1:... is rewritten too): a
  // browser on 127.0.0.1 would be signed in on another site (the guide's "localhost and 127.0.0.1").
  const env = { AUTH_SECRET: randomBytes(33).toString('base64'), AUTH_OUTBOX: outbox };
  const start = 'AUTH_URL="http://localhost:$PORT" exec npm start -- -H 127.0.0.1 -p "$PORT"';
  const server = await startServer(app, ['sh', '-c', start], { env });
  try {
    const url = server.url.replace('//127.0.0.1:', '//localhost:');
    const email = 'ada@example.com';
    await withBrowser('auth', async (page) => {
      // Signed out, a protected page sends you to /signin (proxy.ts), remembering where you were going.
      await page.goto(`${url}/dashboard`);
      await page.waitForURL(/\/signin\?callbackUrl=%2Fdashboard$/);
      await shot(page, 'auth-1-signin-redirect');

      // The email form: the link goes to the outbox, not to a mail server.
      await page.fill('input[name=email]', email);
      await page.click('text=Email me a sign-in link');
      await page.waitForURL(/\/signin\/check-email/);
      await page.waitForSelector('h1:has-text("Check your email")');
      await shot(page, 'auth-2-check-email');
      const link = await eventually(() => linkFor(outbox, email), { what: 'the magic link in the outbox' });
      assert.ok(link.startsWith(`${url}/api/auth/callback/nodemailer?`), link);

      // The link signs in and lands on the page asked for.
      await page.goto(link);
      await page.waitForURL(`${url}/dashboard`);
      await page.waitForSelector(`text=Signed in as ${email}`);
      assert.match(await page.textContent('main'), /role: user/);
      await shot(page, 'auth-3-dashboard');
      const [user] = rows(app, 'SELECT id, email, emailVerified, role FROM users');
      assert.equal(user.email, email);
      assert.ok(user.emailVerified, 'emailVerified is set by the email sign-in');
      assert.equal(rows(app, 'SELECT * FROM sessions WHERE userId = ?', user.id).length, 1, 'a database session');
      assert.equal(rows(app, 'SELECT * FROM verification_tokens').length, 0, 'the token was used once');

      // The profile: name (Auth.js's column) and bio (the app's own) saved to the users row.
      await page.click('nav >> text=Profile');
      await page.waitForURL(`${url}/profile`);
      await page.fill('input[name=name]', 'Ada Lovelace');
      await page.fill('textarea[name=bio]', 'Wrote the first program.');
      await page.click('text=Save');
      await page.waitForSelector('text=Profile saved.');
      assert.equal(await page.inputValue('input[name=name]'), 'Ada Lovelace');
      await shot(page, 'auth-4-profile-saved');
      assert.deepEqual(rows(app, 'SELECT name, bio FROM users WHERE id = ?', user.id), [{ name: 'Ada Lovelace', bio: 'Wrote the first program.' }]);
      await page.goto(`${url}/dashboard`);
      await page.waitForSelector('text=Name: Ada Lovelace');

      // Sign out: the session row is gone, and the protected pages redirect again.
      await page.click('text=Sign out');
      await page.waitForURL(`${url}/`);
      await page.waitForSelector('text=You are signed out.');
      await shot(page, 'auth-5-signed-out');
      assert.equal(rows(app, 'SELECT * FROM sessions').length, 0);
      await page.goto(`${url}/profile`);
      await page.waitForURL(/\/signin\?callbackUrl=%2Fprofile$/);
      await shot(page, 'auth-6-signed-out-redirect');

      // A used link does not sign in a second time.
      await page.goto(link);
      await page.waitForURL((u) => !u.pathname.startsWith('/dashboard'));
      assert.equal(rows(app, 'SELECT * FROM sessions').length, 0);
    });
  } finally {
    await server.stop();
  }
  console.log(`# auth-starter: total ${minutes(began)} min`);
});
