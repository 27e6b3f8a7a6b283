// The tutorials as a reader follows them: docs/getting-started/first-app.md,
// from an empty temporary directory, every ```sh block run in order and every
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
// build/e2e-artifacts/first-app-times.md; the page's "How long it takes" table
// quotes a run of it. About 6-9 minutes on 2 cores with a warm npm cache
// (create-next-app's install is most of it); bounded by the test timeout (20 min).
//
//   node --test tests/tutorial/tutorial.test.mjs     (after tests/e2e's npm ci)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ARTIFACTS, ENV, ROOT, eventually, shot, startServer, tarballs, withBrowser } from '../e2e/harness.mjs';

const PAGE = join(ROOT, 'docs', 'getting-started', 'first-app.md');
const MIGRATIONS = join(ROOT, 'tests', 'tutorial', 'first-app', 'migrations');

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
    throw new Error(`first-app.md:${line}: the block failed:\n${script}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: e });
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

/** What the page says to do in the browser while each long-running block runs, in order. */
const BROWSER_STEPS = [
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
];

test('docs/getting-started/first-app.md: every step from an empty directory to rows created in the browser', { timeout: 20 * 60_000 }, async () => {
  const tgz = packed();
  const steps = parsePage(readFileSync(PAGE, 'utf8'));
  assert.ok(steps.some((s) => s.kind === 'server'), 'the page has a long-running block');
  const root = mkdtempSync(join(tmpdir(), 'noormc-first-app-'));
  assert.deepEqual(readdirSync(root), []);
  let cwd = root;
  let app;
  const times = [];
  const began = Date.now();
  let firstRow;
  let browserSteps = 0;
  try {
    for (const step of steps) {
      const t0 = Date.now();
      let label;
      if (step.kind === 'file') {
        assert.ok(app, `first-app.md:${step.line}: a file block before the app exists`);
        mkdirSync(dirname(join(app, step.path)), { recursive: true });
        writeFileSync(join(app, step.path), step.text);
        label = `write ${step.path}`;
      } else if (step.kind === 'sh') {
        const { script, runtime } = substitute(step.text, tgz);
        cwd = runShell(script, cwd, step.line);
        if (runtime) copyAddon(cwd);
        if (existsSync(join(cwd, 'package.json'))) app = cwd;
        label = step.text.trim().split('\n')[0] + (step.text.trim().includes('\n') ? ' …' : '');
      } else {
        const command = step.text.trim();
        const browser = BROWSER_STEPS[browserSteps++];
        assert.equal(command, browser?.command, `first-app.md:${step.line}: a long-running block the test has no browser step for`);
        const server = await startServer(app, ['bash', '-c', `exec ${command}`], { timeoutMs: 300_000 });
        const ready = Date.now();
        times.push({ label: `${command}: ready on :${server.port}`, ms: ready - t0 });
        try {
          await withBrowser(`first-app-${browserSteps}`, (page) => browser.run(page, server.url, app));
        } catch (e) {
          throw new Error(`${e.message}\n--- ${command} ---\n${server.logs()}`, { cause: e });
        } finally {
          await server.stop();
        }
        label = `${command}: in the browser`;
        times.push({ label, ms: Date.now() - ready });
        if (firstRow === undefined) firstRow = Date.now() - began;
        console.log(`# first-app: ${label} ${((Date.now() - ready) / 1000).toFixed(1)} s`);
        continue;
      }
      times.push({ label, ms: Date.now() - t0 });
      console.log(`# first-app: ${label} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    assert.equal(browserSteps, BROWSER_STEPS.length, 'every browser step ran');

    // The migrations the page's blocks wrote are the folder the docs test type-checks the page against.
    const wrote = readdirSync(join(app, 'migrations')).sort();
    assert.deepEqual(wrote, readdirSync(MIGRATIONS).sort());
    for (const f of wrote) assert.equal(readFileSync(join(app, 'migrations', f), 'utf8'), readFileSync(join(MIGRATIONS, f), 'utf8'), `migrations/${f}`);
  } finally {
    const table = [
      '| step | machine time |',
      '|---|---|',
      ...times.map((t) => `| \`${t.label.replaceAll('|', '\\|')}\` | ${(t.ms / 1000).toFixed(1)} s |`),
      `| **to the first row in the browser** | **${firstRow === undefined ? 'not reached' : (firstRow / 60_000).toFixed(1) + ' min'}** |`,
      `| total | ${((Date.now() - began) / 60_000).toFixed(1)} min |`,
    ].join('\n');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'first-app-times.md'), table + '\n');
    console.log(table);
    if (process.env.TUTORIAL_KEEP === '1') console.log(`# first-app: kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
});
