// The blog example as a user runs it from a clean clone: `npm run build`
// (prebuild: noormc build; next build with no database at all), `npm start`
// (prestart: noormc migrate; next start on 127.0.0.1), then create, edit,
// comment and delete through the forms in chromium, and the JSON routes with
// their 400/409 mapping of SQLite's constraint errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { minutes, prepareApp, reusedApp, run, shot, startServer, withBrowser } from './harness.mjs';

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

async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) };
  } catch {
    throw new Error(`POST ${url} ${JSON.stringify(body)}: ${res.status} ${text}`);
  }
}

test('blog: build on a clean clone, then create, edit, comment and delete in the browser and through the JSON routes', { timeout: 15 * 60_000 }, async () => {
  const start = Date.now();
  const app = reusedApp('blog') ?? prepareApp('blog');
  if (!reusedApp('blog')) run('npm', ['run', 'build'], { cwd: app });
  // Every page that reads the database is dynamic: the build never opened it.
  assert.equal(existsSync(join(app, 'app.db')), false, 'next build must not create app.db');
  assert.ok(existsSync(join(app, 'src', 'db', 'index.ts')), 'prebuild ran noormc build');
  // The app's code and the generated src/db pass create-next-app's ESLint config.
  run('npm', ['run', 'lint'], { cwd: app });
  console.log(`# blog: install + build ${minutes(start)} min`);

  const server = await startServer(app, ['npm', 'start', '--', '-H', '127.0.0.1', '-p', '{port}']);
  try {
    const { url } = server;
    await withBrowser('blog', async (page) => {
      // An author, then the same email again: the form shows the UNIQUE error's message.
      await page.goto(`${url}/users`);
      await page.fill('input[name=email]', 'ada@example.com');
      await page.fill('input[name=name]', 'Ada Lovelace');
      await page.click('text=Add author');
      await page.waitForSelector('text=Ada Lovelace <ada@example.com>');
      await page.fill('input[name=email]', 'ada@example.com');
      await page.fill('input[name=name]', 'Ada again');
      await page.click('text=Add author');
      const alert = await page.waitForSelector('p.error[role=alert]');
      assert.match(await alert.textContent(), /users\.email/);
      await shot(page, 'blog-1-authors-unique-error');

      // Create a post with tags.
      await page.goto(`${url}/posts/new`);
      await page.fill('input[name=title]', 'Hello SQLite');
      await page.fill('textarea[name=body]', 'First post, written through the form.');
      await page.fill('input[name=tags]', 'sqlite, nextjs, SQLite');
      await page.click('text=Create post');
      await page.waitForURL(/\/posts\/\d+$/);
      await page.waitForSelector('h1:has-text("Hello SQLite")');
      assert.equal(await page.textContent('[data-testid=status]'), 'draft');
      await shot(page, 'blog-2-post-created');
      const id = Number(page.url().split('/').pop());
      assert.deepEqual(
        rows(app, 'SELECT t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = ? ORDER BY t.name', id).map((r) => r.name),
        ['nextjs', 'sqlite'],
      );

      // A comment.
      await page.fill('textarea[name=body]', 'Nice one');
      await page.selectOption('select[name=author_id]', { label: 'Ada Lovelace' });
      await page.click('text=Add comment');
      await page.waitForSelector('text=Comments (1)');
      await page.waitForSelector('text=Nice one');

      // Edit: new title, published, tags replaced.
      await page.click('text=Edit');
      await page.waitForURL(/\/edit$/);
      await page.fill('input[name=title]', 'Hello again, SQLite');
      await page.selectOption('select[name=status]', 'published');
      await page.fill('input[name=tags]', 'databases');
      await page.click('text=Save');
      await page.waitForSelector('h1:has-text("Hello again, SQLite")');
      assert.equal(await page.textContent('[data-testid=status]'), 'published');
      await shot(page, 'blog-3-post-edited');
      const [row] = rows(app, 'SELECT title, status, published_at IS NOT NULL AS published, updated_at IS NOT NULL AS touched FROM posts WHERE id = ?', id);
      assert.deepEqual({ ...row }, { title: 'Hello again, SQLite', status: 'published', published: 1, touched: 1 });

      // The home page lists it with its author and tags.
      await page.goto(url);
      await page.waitForSelector('text=Hello again, SQLite');
      await page.waitForSelector('.tag:has-text("databases")');
      await shot(page, 'blog-4-home');

      // Delete: the post, its comments and its post_tags rows go (ON DELETE CASCADE).
      await page.goto(`${url}/posts/${id}`);
      await page.click('text=Delete post');
      await page.waitForURL(`${url}/`);
      await page.waitForSelector('text=No posts yet');
      await shot(page, 'blog-5-deleted');
      assert.deepEqual(rows(app, 'SELECT (SELECT count(*) FROM posts) AS p, (SELECT count(*) FROM comments) AS c, (SELECT count(*) FROM post_tags) AS t')[0], { p: 0, c: 0, t: 0 });
    });
    console.log(`# blog: forms ${minutes(start)} min`);

    // The JSON routes: each constraint SQLite enforces maps to its status, with the error's message.
    const author = rows(app, "SELECT id FROM users WHERE email = 'ada@example.com'")[0].id;
    const created = await postJson(`${url}/api/posts`, { author_id: author, title: 'Via JSON', status: 'published', tags: ['api'] });
    assert.equal(created.status, 201);
    assert.equal(created.json.title, 'Via JSON');
    assert.deepEqual(created.json.tags.map((t) => t.name), ['api']);
    assert.equal(created.json.author.email, 'ada@example.com');

    const cases = [
      [{ author_id: author }, 400, /not-null constraint failed on posts\.title/i],
      [{ author_id: author, title: 'x', status: 'archived' }, 400, /check constraint failed on posts\.status/i],
      [{ author_id: 999999, title: 'x' }, 400, /foreign key constraint failed on posts\.author_id/i],
    ];
    for (const [body, status, message] of cases) {
      const res = await postJson(`${url}/api/posts`, body);
      assert.equal(res.status, status, JSON.stringify({ body, res }));
      assert.match(res.json.error, message);
    }
    // SQLite left exactly the one good row.
    assert.deepEqual(rows(app, 'SELECT title FROM posts').map((r) => r.title), ['Via JSON']);
    const dup = await postJson(`${url}/api/users`, { email: 'ada@example.com' });
    assert.equal(dup.status, 409);
    assert.match(dup.json.error, /users\.email/);
    const noEmail = await postJson(`${url}/api/users`, { name: 'Nobody' });
    assert.equal(noEmail.status, 400);
    const bad = await fetch(`${url}/api/posts`, { method: 'POST', body: 'not json' });
    assert.equal(bad.status, 400);

    // GET list and GET one read the database on every request (not the build-time []).
    const list = await (await fetch(`${url}/api/posts`)).json();
    assert.deepEqual(list.map((p) => p.title), ['Via JSON']);
    const one = await fetch(`${url}/api/posts/${created.json.id}`);
    assert.equal(one.status, 200);
    assert.equal((await one.json()).comments.length, 0);
    assert.equal((await fetch(`${url}/api/posts/999999`)).status, 404);
    console.log(`# blog: JSON routes ${minutes(start)} min`);
  } finally {
    const code = await server.stop();
    if (process.env.E2E_VERBOSE) console.log(server.logs());
    console.log(`# blog: server stopped (${code}); total ${minutes(start)} min`);
  }
});
