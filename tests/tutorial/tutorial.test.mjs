// The tutorials as a reader follows them: docs/getting-started/first-app.md
// from an empty temporary directory, then docs/guides/nextauth-setup.md in the
// app it leaves (my-app); every ```sh block run in order and every
// file block (`title=PATH` in its info string) written where the page says,
// then the browser steps the text describes, in Debian's chromium through the
// e2e harness (tests/e2e/harness.mjs: startServer, withBrowser).
//
// Markers of the page's source (documented in its first comment):
//   ```sh                 run with bash -e from the current folder; a `cd` carries over
//   ```sh long-running    a server (npm run dev, npm start): started on a free port of
//                         127.0.0.1 (PORT), the page's browser step done, then stopped
//   ```sh fragment        not run (placeholders)
//   ```LANG title=PATH    a file the reader creates or replaces: written at PATH in the app
//
// The one substitution: noormc and noormme are not on the npm registry, so in a
// line `npm i ...` the word `noormc` becomes build/npm/noormc.tgz and
// build/npm/noormc-linux-x64-gnu.tgz, and `noormme` becomes build/npm/noormme.tgz
// (scripts/pack.sh's output, reused: scripts/test.sh runs pack.sh in
// tests/npm/install.sh first). That line runs with --ignore-scripts and
// better-sqlite3's addon is copied from runtime-ts (this machine reaches only
// the npm registry, not the GitHub release better-sqlite3 downloads its
// prebuilt binary from; compiling it takes minutes). Everything else (create-next-app,
// next, react, tailwind, eslint, concurrently) comes from the npm registry as
// for a reader.
//
// Each step's machine time is printed and written to
// build/e2e-artifacts/{first-app,nextauth-setup}-times.md; the pages' "How long
// it takes" tables quote runs of it. Measured on 2 cores under a load of 13-15
// with a warm npm cache: first-app 6.8-8.8 min (create-next-app's install is
// most of it), nextauth-setup 2.7 min; bounded by the tests' timeouts (20 + 15 min).
// Screenshots: build/e2e-artifacts/{first-app,nextauth}-*.png. TUTORIAL_KEEP=1
// keeps the temporary folder.
//
//   node --test tests/tutorial/tutorial.test.mjs     (after tests/e2e's npm ci)
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ARTIFACTS, ENV, ROOT, eventually, shot, startServer, tarballs, withBrowser } from '../e2e/harness.mjs';

const PAGE = join(ROOT, 'docs', 'getting-started', 'first-app.md');
const MIGRATIONS = join(ROOT, 'tests', 'tutorial', 'first-app', 'migrations');
const GUIDE = join(ROOT, 'docs', 'guides', 'nextauth-setup.md');

/**
 * The page's fenced blocks in order: { kind: 'sh' | 'server' | 'file', text, path?, line }.
 * Blocks without a marker the test runs (```ts without title, ```json, ```text, fragments) are left out.
 */
export function parsePage(markdown) {
  const lines = markdown.split('\n');
  const steps = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]);
    if (!open || lines[i].startsWith('````')) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const [lang, rest] = [open[1], open[2]];
    const words = rest.split(/\s+/).filter(Boolean);
    const title = words.find((w) => w.startsWith('title='));
    const text = body.join('\n') + '\n';
    if (words.includes('fragment')) continue;
    if (title) steps.push({ kind: 'file', path: title.slice('title='.length), text, line: start + 1 });
    else if (lang === 'sh') steps.push({ kind: words.includes('long-running') ? 'server' : 'sh', text, line: start + 1 });
  }
  return steps;
}

/** The tarballs of scripts/pack.sh by package (reused when up to date with the sources). */
function packed() {
  const list = tarballs();
  const find = (name) => list.find((f) => f.endsWith(`/${name}`)) ?? assert.fail(`build/npm/${name} is missing`);
  return { noormc: find('noormc.tgz'), platform: find('noormc-linux-x64-gnu.tgz'), noormme: find('noormme.tgz') };
}

/** The substitution of the page's npm installs (see the top of this file); returns the script and whether it installs noormme. */
export function substitute(script, tgz) {
  let runtime = false;
  const out = script.split('\n').map((line) => {
    const m = /^npm (?:i|install)( .*)$/.exec(line);
    if (!m) return line;
    const words = m[1].trim().split(/\s+/);
    if (words.includes('noormme')) runtime = true;
    const args = words.flatMap((w) => (w === 'noormc' ? [tgz.noormc, tgz.platform] : w === 'noormme' ? [tgz.noormme] : [w]));
    return `npm i ${words.includes('noormme') ? '--ignore-scripts ' : ''}${args.join(' ')}`;
  });
  return { script: out.join('\n'), runtime };
}

/** better-sqlite3's addon from runtime-ts's own install (same version), else built with npm rebuild. */
function copyAddon(app) {
  const bs = join(app, 'node_modules', 'better-sqlite3');
  const ours = join(ROOT, 'runtime-ts', 'node_modules', 'better-sqlite3');
  const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  if (existsSync(join(ours, 'build', 'Release', 'better_sqlite3.node')) && version(bs) === version(ours)) {
    mkdirSync(join(bs, 'build', 'Release'), { recursive: true });
    cpSync(join(ours, 'build', 'Release', 'better_sqlite3.node'), join(bs, 'build', 'Release', 'better_sqlite3.node'));
  } else {
    execFileSync('npm', ['rebuild', 'better-sqlite3'], { cwd: app, env: ENV, stdio: 'inherit', timeout: 30 * 60_000 });
  }
}

/** Runs one ```sh block with bash -e in cwd; returns the folder it ended in. */
function runShell(script, cwd, line) {
  const state = join(tmpdir(), `noormc-tutorial-cwd-${process.pid}`);
  const full = `set -eo pipefail\n${script}\npwd > '${state}'\n`;
  try {
    execFileSync('bash', ['-c', full], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 64 << 20 });
  } catch (e) {
    throw new Error(`${line}: the block failed:\n${script}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: e });
  }
  const dir = readFileSync(state, 'utf8').trim();
  rmSync(state, { force: true });
  return dir;
}

/** Rows of the app's database, read with the app's own better-sqlite3. */
function rows(app, sql) {
  const Database = createRequire(join(app, 'package.json'))('better-sqlite3');
  const db = new Database(join(app, 'app.db'), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/** Adds a todo through the page's form and waits for it in the list. */
async function addTodo(page, title) {
  await page.fill('input[name=title]', title);
  await page.click('button:has-text("Add")');
  await page.waitForSelector(`li:has-text("${title}")`);
}

/** The newest magic link the dev server printed for `email` (the guide's sendVerificationRequest; concurrently prefixes "[next] "). */
function printedLink(logs, email) {
  const re = new RegExp(`Sign-in link for ${email.replace(/[.]/g, '\\.')}:\\s*\\n(?:\\[next\\])?\\s*(http\\S+)`, 'g');
  return [...logs.matchAll(re)].at(-1)?.[1];
}

/** What each page says to do in the browser while each of its long-running blocks runs, in order. */
const BROWSER_STEPS = {
  'first-app': [
    {
      command: 'npm run dev',
      async run(page, url, app) {
        // The first request compiles the page in next dev: reload until the form is there.
        await eventually(async () => {
          await page.goto(url);
          return page.isVisible('input[name=title]');
        }, { timeoutMs: 180_000, intervalMs: 2_000, what: 'the form on the home page (next dev)' });
        await page.waitForSelector('text=Nothing to do yet');
        await addTodo(page, 'Write my first migration');
        await shot(page, 'first-app-1-dev-first-row');
        assert.deepEqual(rows(app, 'SELECT title, done FROM todos').map((r) => ({ ...r })), [{ title: 'Write my first migration', done: 0 }]);
      },
    },
    {
      command: 'npm start',
      async run(page, url, app) {
        await page.goto(url);
        await page.waitForSelector('li:has-text("Write my first migration")');
        await addTodo(page, 'Ship it');
        await page.reload();
        await page.waitForSelector('li:has-text("Ship it")');
        await shot(page, 'first-app-2-start');
        assert.deepEqual(rows(app, 'SELECT title FROM todos ORDER BY id').map((r) => r.title), ['Write my first migration', 'Ship it']);
      },
    },
  ],
  'nextauth-setup': [
    {
      command: 'npm run dev',
      async run(page, url, app, server) {
        // The guide says to browse localhost, not 127.0.0.1 (its "localhost and 127.0.0.1").
        const base = url.replace('//127.0.0.1:', '//localhost:');
        const email = 'you@example.com';
        await eventually(async () => {
          await page.goto(`${base}/dashboard`);
          return page.url().includes('/api/auth/signin');
        }, { timeoutMs: 180_000, intervalMs: 2_000, what: 'the redirect from /dashboard to the sign-in page (next dev)' });
        await page.fill('input[name=email]', email);
        await page.click('button:has-text("Sign in with Nodemailer")');
        await page.waitForSelector('text=Check your email');
        await shot(page, 'nextauth-1-check-email');
        const link = await eventually(() => printedLink(server.logs(), email), { what: 'the sign-in link in the terminal' });
        assert.ok(link.startsWith(`${base}/api/auth/callback/nodemailer?`), link);
        await page.goto(link);
        await page.waitForSelector(`text=Signed in as ${email}`, { timeout: 120_000 });
        await shot(page, 'nextauth-2-signed-in');
        const users = rows(app, 'SELECT id, email, emailVerified FROM users');
        assert.equal(users.length, 1);
        assert.equal(users[0].email, email);
        assert.ok(users[0].emailVerified, 'the email sign-in sets emailVerified');
        assert.equal(rows(app, 'SELECT * FROM sessions').length, 1, 'a database session');
        assert.equal(rows(app, 'SELECT * FROM verification_tokens').length, 0, 'the token was used once');
      },
    },
  ],
};

/**
 * Follows one page: its steps from `startDir` (a `cd` carries over), file blocks written into the
 * app (the folder of package.json the shell is in), long-running blocks with their browser steps.
 * Returns the app folder, the per-step machine times and the time to the first browser step's end.
 */
async function followPage(name, file, startDir, tgz) {
  const steps = parsePage(readFileSync(file, 'utf8'));
  const browserSteps = BROWSER_STEPS[name];
  let cwd = startDir;
  let app = existsSync(join(cwd, 'package.json')) ? cwd : undefined;
  const times = [];
  const began = Date.now();
  let firstBrowser;
  let done = 0;
  const where = (step) => `${name}.md:${step.line}`;
  try {
    for (const step of steps) {
      const t0 = Date.now();
      let label;
      if (step.kind === 'file') {
        assert.ok(app, `${where(step)}: a file block before the app exists`);
        mkdirSync(dirname(join(app, step.path)), { recursive: true });
        writeFileSync(join(app, step.path), step.text);
        label = `write ${step.path}`;
      } else if (step.kind === 'sh') {
        const { script, runtime } = substitute(step.text, tgz);
        cwd = runShell(script, cwd, where(step));
        if (runtime) copyAddon(cwd);
        if (existsSync(join(cwd, 'package.json'))) app = cwd;
        label = step.text.trim().split('\n')[0] + (step.text.trim().includes('\n') ? ' …' : '');
      } else {
        const command = step.text.trim();
        const browser = browserSteps[done++];
        assert.equal(command, browser?.command, `${where(step)}: a long-running block the test has no browser step for`);
        const server = await startServer(app, ['bash', '-c', `exec ${command}`], { timeoutMs: 300_000 });
        const ready = Date.now();
        times.push({ label: `${command}: until it answers`, ms: ready - t0 });
        try {
          await withBrowser(`${name}-${done}`, (page) => browser.run(page, server.url, app, server));
        } catch (e) {
          throw new Error(`${e.message}\n--- ${command} ---\n${server.logs()}`, { cause: e });
        } finally {
          await server.stop();
        }
        label = `${command}: in the browser`;
        if (firstBrowser === undefined) firstBrowser = Date.now() - began;
      }
      times.push({ label, ms: Date.now() - t0 - (step.kind === 'server' ? times.at(-1).ms : 0) });
      console.log(`# ${name}: ${label} ${(times.at(-1).ms / 1000).toFixed(1)} s`);
    }
    assert.equal(done, browserSteps.length, `every browser step of ${name} ran`);
    return { app, cwd };
  } finally {
    const table = [
      `| ${name} step | machine time |`,
      '|---|---|',
      ...times.map((t) => `| \`${t.label.replaceAll('|', '\\|')}\` | ${(t.ms / 1000).toFixed(1)} s |`),
      `| **to the end of the first browser step** | **${firstBrowser === undefined ? 'not reached' : (firstBrowser / 60_000).toFixed(1) + ' min'}** |`,
      `| total | ${((Date.now() - began) / 60_000).toFixed(1)} min |`,
    ].join('\n');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `${name}-times.md`), table + '\n');
    console.log(table);
  }
}

/** The app's migrations folder is byte for byte the one the docs test type-checks the page against. */
function sameMigrations(app, folder) {
  const wrote = readdirSync(join(app, 'migrations')).sort();
  assert.deepEqual(wrote, readdirSync(folder).sort());
  for (const f of wrote) assert.equal(readFileSync(join(app, 'migrations', f), 'utf8'), readFileSync(join(folder, f), 'utf8'), `migrations/${f}`);
}

const root = mkdtempSync(join(tmpdir(), 'noormc-tutorial-'));
let firstApp;

test('docs/getting-started/first-app.md: every step from an empty directory to rows created in the browser', { timeout: 20 * 60_000 }, async () => {
  assert.deepEqual(readdirSync(root), []);
  const { app } = await followPage('first-app', PAGE, root, packed());
  sameMigrations(app, MIGRATIONS);
  firstApp = app;
});

test('docs/guides/nextauth-setup.md: from the first app to a magic-link sign-in in the browser', { timeout: 15 * 60_000 }, async (t) => {
  if (!firstApp) return t.skip('first-app.md did not finish');
  const { app } = await followPage('nextauth-setup', GUIDE, root, packed());
  sameMigrations(app, join(ROOT, 'tests', 'tutorial', 'nextauth', 'migrations'));
  // Step 9 replaced src/lib/auth.ts: the whole app still type-checks against the regenerated src/db.
  execFileSync('npx', ['--no-install', 'tsc', '--noEmit'], { cwd: app, env: ENV, stdio: 'inherit', timeout: 5 * 60_000 });
});

after(() => {
  if (process.env.TUTORIAL_KEEP === '1') console.log(`# tutorial: kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
});
