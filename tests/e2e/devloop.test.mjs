// The dev loop of the blog example: `npm run dev` (noormc watch + next dev)
// stays up while a developer adds a migration and uses the new column in a
// page. The page must show the column within seconds, with no restart: the
// generated getDb() replaces the connection opened by the older generated
// code. A migration that fails to apply must be a clear error on the page
// (SchemaMismatchError naming it), never a stale success.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, minutes, prepareApp, run, shot, startServer, withBrowser } from './harness.mjs';

const SUBTITLE = 'fresh from the dev loop';

/** A migration pair written as `noormc new` + an edit would leave it, then `noormc hash` after review. */
function addMigration(app, name, up, down) {
  writeFileSync(join(app, 'migrations', `${name}.up.sql`), up);
  writeFileSync(join(app, 'migrations', `${name}.down.sql`), down);
  run(join(app, 'node_modules', '.bin', 'noormc'), ['hash'], { cwd: app });
}

async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

/** Text of the page at url as chromium renders it (the dev overlay included). */
async function pageText(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  // Until the Suspense boundary resolves (or errors), the page shows its fallback.
  await page.waitForFunction(() => !document.body.innerText.includes('Loading post'), null, { timeout: 60_000 }).catch(() => {});
  return page.evaluate(() => {
    const overlay = document.querySelector('nextjs-portal')?.shadowRoot?.textContent ?? '';
    return document.body.innerText + '\n' + overlay;
  });
}

test('dev loop: a new migration and a page that uses its column, served without a restart', { timeout: 15 * 60_000 }, async () => {
  const start = Date.now();
  const app = prepareApp('blog', { as: 'blog-dev' });
  const noormc = join(app, 'node_modules', '.bin', 'noormc');
  run(noormc, ['migrate'], { cwd: app });
  const server = await startServer(app, ['npm', 'run', 'dev'], { timeoutMs: 180_000 });
  try {
    const { url } = server;
    const user = await postJson(`${url}/api/users`, { email: 'dev@example.com', name: 'Dev' });
    const post = await postJson(`${url}/api/posts`, { author_id: user.id, title: 'Before the migration' });
    await postJson(`${url}/api/posts`, { author_id: user.id, title: 'Before the migration' });
    // The browser uses the host `next dev` prints: it refuses dev resources (HMR, the
    // client chunks that render a Suspense boundary's error) to other origins unless
    // next.config lists them in allowedDevOrigins.
    const postUrl = `${url.replace('127.0.0.1', 'localhost')}/posts/${post.id}`;
    console.log(`# dev loop: install + first requests ${minutes(start)} min`);

    await withBrowser('devloop', async (page) => {
      assert.match(await pageText(page, postUrl), /Before the migration/);

      // 1. A new column, and the page that shows it.
      const edited = Date.now();
      addMigration(
        app,
        '0006_add_posts_subtitle',
        `ALTER TABLE posts ADD COLUMN subtitle TEXT NOT NULL DEFAULT '${SUBTITLE}';\n`,
        'ALTER TABLE posts DROP COLUMN subtitle;\n',
      );
      const pagePath = join(app, 'src', 'app', 'posts', '[id]', 'page.tsx');
      const source = readFileSync(pagePath, 'utf8');
      writeFileSync(pagePath, source.replace('<h1>{post.title}</h1>', '<h1>{post.title}</h1>\n      <p data-testid="subtitle">{post.subtitle}</p>'));

      // `noormc watch` (in `npm run dev`) builds and then migrates noormc.json's database:
      // nobody runs `noormc migrate` here.
      const text = await eventually(
        async () => {
          const t = await pageText(page, postUrl);
          return t.includes(SUBTITLE) ? t : false;
        },
        { timeoutMs: 120_000, intervalMs: 1000, what: `the page to show "${SUBTITLE}" (watch builds and migrates)` },
      );
      assert.match(text, new RegExp(SUBTITLE));
      await shot(page, 'devloop-2-new-column');
      console.log(`# dev loop: new column on the page ${((Date.now() - edited) / 1000).toFixed(1)} s after the edit (watch migrated)`);

      // 2. A migration that cannot apply to this data (two posts share a title):
      // the page says which migration is pending instead of serving stale code.
      addMigration(
        app,
        '0007_unique_post_titles',
        'CREATE UNIQUE INDEX posts_title_uq ON posts (title);\n',
        'DROP INDEX posts_title_uq;\n',
      );
      const failing = await eventually(
        async () => {
          const t = await pageText(page, postUrl);
          return /0007_unique_post_titles/.test(t) ? t : false;
        },
        { timeoutMs: 120_000, intervalMs: 1000, what: 'the page to name the migration that is not applied' },
      );
      assert.doesNotMatch(failing, new RegExp(`^${SUBTITLE}$`, 'm'));
      await shot(page, 'devloop-3-failed-migration');
      // The terminal of `npm run dev`: watch says which statement failed and that the database was not migrated.
      assert.match(server.logs(), /0007_unique_post_titles\.up\.sql:1[\s\S]*UNIQUE constraint failed: posts\.title/);
      assert.match(server.logs(), /was not migrated \(see above\)/);
      const migrate = (() => {
        try {
          run(noormc, ['migrate'], { cwd: app });
          return 'applied';
        } catch (e) {
          return e.message;
        }
      })();
      assert.match(migrate, /0007_unique_post_titles[\s\S]*UNIQUE|UNIQUE[\s\S]*0007_unique_post_titles/);
    });
    console.log(`# dev loop: total ${minutes(start)} min`);
  } finally {
    await server.stop();
    if (process.env.E2E_VERBOSE) console.log(server.logs());
  }
});
