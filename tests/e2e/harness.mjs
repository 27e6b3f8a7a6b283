// The end-to-end harness of the example apps: a copy of an example app with
// noormc and noormme installed from the packed tarballs (build/npm/*.tgz, as a
// user installs them), `next build` / `next start` (or `next dev`) on a free
// port of 127.0.0.1, and Debian's chromium driven by playwright-core (never a
// browser a tool downloads). Screenshots go to build/e2e-artifacts/.
//
//   import { prepareApp, startServer, withBrowser, shot } from './harness.mjs';
//   const app = prepareApp('blog');            // build/e2e-work/blog, installed
//   run('npm', ['run', 'build'], { cwd: app }); // prebuild (noormc build) + next build
//   const server = await startServer(app, ['npm', 'start', '--', '-H', '127.0.0.1', '-p', '{port}']);
//   await withBrowser('blog', async (page) => { await page.goto(server.url); await shot(page, 'blog-home'); });
//   await server.stop();
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'build', 'e2e-artifacts');
export const WORK = join(ROOT, 'build', 'e2e-work');
export const CHROMIUM = '/usr/bin/chromium';

/** Environment of every child: no telemetry, no browser downloads, no colours in logs. */
export const ENV = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

/** Runs a command to completion; throws with its output when it fails. Returns stdout. */
export function run(cmd, args, { cwd = ROOT, env = {}, timeoutMs = 15 * 60_000 } = {}) {
  try {
    return execFileSync(cmd, args, {
      cwd,
      env: { ...ENV, ...env },
      timeout: timeoutMs,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${relative(ROOT, cwd) || '.'}) failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: e });
  }
}

/** Debian's chromium at /usr/bin/chromium, installed with apt-get when missing (root only). */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: run \`sudo apt-get install -y chromium\``);
  run('apt-get', ['update', '-qq'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  return CHROMIUM;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The newest modification time (ms) of the files under dir. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return t;
}

/**
 * The packed tarballs users install: build/npm/*.tgz written by
 * scripts/pack.sh, run here when they are missing or older than the sources
 * of the compiler, its templates or the runtime.
 */
export function tarballs() {
  const dir = join(ROOT, 'build', 'npm');
  const list = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tgz')).map((f) => join(dir, f)) : []);
  const packed = Math.min(...list().map((f) => statSync(f).mtimeMs));
  const sources = Math.max(...['src', 'templates', 'grammar', 'runtime-ts/src', 'npm'].map((d) => newest(join(ROOT, d))));
  if (list().length === 0 || packed < sources) run('bash', [join(ROOT, 'scripts', 'pack.sh')], { timeoutMs: 60 * 60_000 });
  return list().sort();
}

function hashFiles(files) {
  const h = createHash('sha256');
  for (const f of files) h.update(f).update(readFileSync(f));
  return h.digest('hex');
}

/**
 * `npm install` in an example app, with noormc and noormme from the packed
 * tarballs. Skipped when package.json and the tarballs are unchanged since the
 * last install (a stamp in node_modules); npm's cache serves next and react.
 */
export function installApp(appDir) {
  const tgz = tarballs();
  const stamp = join(appDir, 'node_modules', '.noormc-e2e-install');
  const want = hashFiles([join(appDir, 'package.json'), ...tgz]);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  run('npm', ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', ...tgz], { cwd: appDir, timeoutMs: 30 * 60_000 });
  writeFileSync(stamp, want);
}

const COPY_SKIP = new Set(['node_modules', '.next', 'build', 'src/db']);

/**
 * A fresh copy of examples/NAME under build/e2e-work/NAME (like a clean clone:
 * no database, no generated src/db, no .next), its node_modules hard-linked
 * from the example's own install.
 */
export function prepareApp(name, { as = name } = {}) {
  const src = join(ROOT, 'examples', name);
  installApp(src);
  const dest = join(WORK, as);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  cpSync(src, dest, {
    recursive: true,
    filter: (from) => {
      const rel = relative(src, from);
      return !COPY_SKIP.has(rel) && !/\.db(-wal|-shm|-journal)?$/.test(rel) && !rel.endsWith('.tsbuildinfo');
    },
  });
  run('cp', ['-al', join(src, 'node_modules'), join(dest, 'node_modules')]);
  return dest;
}

/**
 * Starts a server in its own process group: `argv` with '{port}' replaced by a
 * free port. Resolves once `readyPath` answers any HTTP status. stop() ends the
 * whole group (SIGTERM, then SIGKILL after 10 s) and resolves with the exit code.
 */
export async function startServer(cwd, argv, { env = {}, readyPath = '/', timeoutMs = 120_000 } = {}) {
  const port = await freePort();
  const args = argv.map((a) => a.replaceAll('{port}', String(port)));
  const child = spawn(args[0], args.slice(1), {
    cwd,
    env: { ...ENV, PORT: String(port), HOSTNAME: '127.0.0.1', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const url = `http://127.0.0.1:${port}`;
  const server = {
    url,
    port,
    pid: child.pid,
    logs: () => output,
    stop: async (signal = 'SIGTERM') => {
      const group = (sig) => {
        try {
          process.kill(-child.pid, sig);
          return true;
        } catch {
          return false; // no process left in the group
        }
      };
      group(signal);
      const code = await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000, 'timeout'))]);
      // npm exits before the next-server it started: wait for the whole group, then force it.
      const deadline = Date.now() + 15_000;
      while (group(0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (group('SIGKILL')) await new Promise((r) => setTimeout(r, 500));
      return code;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(url + readyPath, { signal: AbortSignal.timeout(30_000) });
      return server;
    } catch {
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`${args.join(' ')} did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Launches Debian's chromium headless and gives fn a fresh page; closes the
 * browser after. When fn throws, the page is saved as
 * build/e2e-artifacts/NAME-failure.png first.
 */
export async function withBrowser(name, fn) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    try {
      return await fn(page, context);
    } catch (e) {
      await shot(page, `${name}-failure`).catch(() => {});
      throw e;
    }
  } finally {
    await browser.close();
  }
}

/**
 * For iterating on a test: with E2E_REUSE=1, the already built copy
 * build/e2e-work/AS (its database removed) instead of a fresh copy and build.
 */
export function reusedApp(as) {
  const dir = join(WORK, as);
  if (process.env.E2E_REUSE !== '1' || !existsSync(join(dir, '.next'))) return undefined;
  for (const f of ['app.db', 'app.db-wal', 'app.db-shm']) rmSync(join(dir, f), { force: true });
  return dir;
}

/** Saves a full-page screenshot as build/e2e-artifacts/NAME.png; returns its path. */
export async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Polls fn (async, returns truthy when done) until it succeeds or timeoutMs passes; returns its value. */
export async function eventually(fn, { timeoutMs = 30_000, intervalMs = 250, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Milliseconds since start as minutes with one decimal, for the flow logs. */
export function minutes(startMs) {
  return ((Date.now() - startMs) / 60_000).toFixed(1);
}

/** True when path exists and is a non-empty file. */
export function nonEmpty(path) {
  return existsSync(path) && statSync(path).size > 0;
}
