// The production-config example as its Dockerfile runs it: `npm run build`
// (output: 'standalone'), the run stage's files copied into a fresh folder the
// way the Dockerfile's COPY lines do, then the Dockerfile's own ENV and CMD
// (node server.js) on 127.0.0.1. No container runtime here, so this is the
// container's command line without the container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WORK, minutes, prepareApp, reusedApp, run, shot, startServer, withBrowser } from './harness.mjs';

/** The run stage of the Dockerfile: its ENV pairs, COPY --from=build lines and CMD argv. */
function dockerRunStage(dockerfile) {
  const lines = readFileSync(dockerfile, 'utf8').split('\n');
  const stage = lines.slice(lines.findLastIndex((l) => /^FROM\s/.test(l)));
  const env = {};
  const copies = [];
  let cmd;
  for (const line of stage) {
    let m;
    if ((m = /^ENV\s+(\w+)=(\S+)/.exec(line))) env[m[1]] = m[2];
    else if ((m = /^COPY\s+--from=build(?:\s+--\S+)*\s+(\S+)\s+(\S+)/.exec(line))) copies.push([m[1], m[2]]);
    else if ((m = /^CMD\s+(\[.*\])/.exec(line))) cmd = JSON.parse(m[1]);
    else if ((m = /^WORKDIR\s+(\S+)/.exec(line))) env.__workdir = m[1];
  }
  return { env, copies, cmd };
}

function sqlite(app, file, fn) {
  const Database = createRequire(join(app, 'package.json'))('better-sqlite3');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

async function json(res) {
  return { status: res.status, body: await res.json() };
}

test('production-config: the standalone server of the Dockerfile migrates on start, answers health, takes backups that include the WAL', { timeout: 45 * 60_000 }, async () => {
  const start = Date.now();
  const reused = reusedApp('production-config');
  const app = reused ?? prepareApp('production-config');
  if (reused === undefined) run('npm', ['run', 'build'], { cwd: app });
  rmSync(join(app, 'data'), { recursive: true, force: true });
  assert.ok(existsSync(join(app, '.next', 'standalone', 'server.js')));
  assert.equal(existsSync(join(app, 'data')), false, 'next build must not open the database');
  console.log(`# production: install + build ${minutes(start)} min`);

  // The image's /app: exactly what the run stage copies, outside the app (no node_modules to fall back on).
  const { env, copies, cmd } = dockerRunStage(join(app, 'Dockerfile'));
  assert.deepEqual(cmd, ['node', 'server.js']);
  const image = join(WORK, 'production-image', 'app');
  const data = join(WORK, 'production-image', 'data');
  rmSync(join(WORK, 'production-image'), { recursive: true, force: true });
  mkdirSync(image, { recursive: true });
  for (const [from, to] of copies) cpSync(join(app, from.replace(/^\/app\//, '')), join(image, to), { recursive: true });
  const withData = (v) => v.replace(/^\/data/, data);
  const serverEnv = {
    ...Object.fromEntries(Object.entries(env).filter(([k]) => k !== '__workdir').map(([k, v]) => [k, withData(v)])),
    HOSTNAME: '127.0.0.1',
    BACKUP_TOKEN: 'e2e-token',
  };
  delete serverEnv.PORT; // startServer sets a free port instead of the image's 3000
  const dbFile = serverEnv.DATABASE_URL;
  assert.equal(serverEnv.NODE_ENV, 'production');

  const startImage = () => startServer(image, cmd, { env: serverEnv, readyPath: '/api/health' });
  let server = await startImage();
  try {
    const { url } = server;
    // Migrated on start by instrumentation.ts, with the pragmas it asks for.
    const health = await json(await fetch(`${url}/api/health`));
    assert.equal(health.status, 200, JSON.stringify(health));
    assert.equal(health.body.status, 'ok');
    assert.equal(health.body.journal_mode, 'wal');
    assert.equal(health.body.busy_timeout, 5000);
    assert.deepEqual(health.body.migrations, { applied: 1, pending: [], changed: [] });
    assert.match(server.logs(), /"msg":"migrations applied".*"applied":\["0001_create_events"\]/);

    // Writes and the error mapping.
    assert.equal((await json(await fetch(`${url}/api/events`, { method: 'POST', body: JSON.stringify({ kind: 'signup' }) }))).status, 201);
    assert.equal((await json(await fetch(`${url}/api/events`, { method: 'POST', body: JSON.stringify({ kind: 'purchase', payload: { cents: 1200 } }) }))).status, 201);
    const bad = await json(await fetch(`${url}/api/events`, { method: 'POST', body: JSON.stringify({ kind: 'refund' }) }));
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /CHECK/i);

    await withBrowser('production', async (page) => {
      await page.goto(url);
      await page.waitForSelector('text=2 event(s)');
      await page.selectOption('select[name=kind]', 'error');
      await page.click('text=Record');
      await page.waitForSelector('text=3 event(s)');
      await shot(page, 'production-1-home');
      await page.goto(`${url}/api/health`);
      await shot(page, 'production-2-health');
    });

    // Backups: off without the token, then an online backup holding every row, WAL included.
    assert.equal((await fetch(`${url}/api/backup`, { method: 'POST' })).status, 401);
    assert.ok(existsSync(dbFile + '-wal') && statSync(dbFile + '-wal').size > 0, 'the newest rows are in the -wal file');
    const backup = await json(await fetch(`${url}/api/backup`, { method: 'POST', headers: { authorization: 'Bearer e2e-token' } }));
    assert.equal(backup.status, 201, JSON.stringify(backup));
    assert.ok(backup.body.file.startsWith(join(data, 'backups')));
    const kinds = (file) => sqlite(app, file, (db) => db.prepare('SELECT kind FROM events ORDER BY id').all().map((r) => r.kind));
    assert.deepEqual(kinds(backup.body.file), ['signup', 'purchase', 'error']);
    assert.deepEqual(kinds(backup.body.file), kinds(dbFile));
    assert.equal(sqlite(app, backup.body.file, (db) => db.pragma('integrity_check', { simple: true })), 'ok');

    // The backup script, as cron would run it, against the live database.
    const out = run('node', ['scripts/backup.mjs', dbFile, join(data, 'script-backups')], { cwd: app });
    const scripted = JSON.parse(out.trim().split('\n').pop()).file;
    assert.deepEqual(kinds(scripted), ['signup', 'purchase', 'error']);
    console.log(`# production: health, writes, backups ${minutes(start)} min`);

    // docker stop: SIGTERM. The server exits; the rows are in app.db itself.
    await server.stop('SIGTERM');
    const wal = existsSync(dbFile + '-wal') ? statSync(dbFile + '-wal').size : 0;
    console.log(`# production: -wal after SIGTERM: ${wal} bytes`);
    assert.deepEqual(kinds(dbFile), ['signup', 'purchase', 'error']);

    // A restart (the next deploy) migrates nothing and serves the same rows.
    server = await startImage();
    const again = await json(await fetch(`${server.url}/api/health`));
    assert.equal(again.status, 200);
    assert.match(server.logs(), /"msg":"migrations applied".*"applied":\[\]/);
    const events = await json(await fetch(`${server.url}/api/events`));
    assert.equal(events.body.length, 3);
    assert.deepEqual(readdirSync(join(data, 'backups')).length, 1);
  } finally {
    await server.stop();
    if (process.env.E2E_VERBOSE) console.log(server.logs());
    console.log(`# production: better-sqlite3 ${minutes(start)} min`);
  }

  // The same image, libSQL selected by one environment variable (DATABASE_DRIVER=libsql):
  // the libsql package comes from the standalone output (next.config's tracing includes).
  const libsqlStart = Date.now();
  assert.ok(existsSync(join(image, 'node_modules', 'libsql', 'package.json')), 'libsql is in the standalone output');
  assert.ok(existsSync(join(image, 'node_modules', '@libsql', 'linux-x64-gnu')), "libsql's native module is in the standalone output");
  const libsqlFile = join(data, 'libsql', 'app.db');
  const libsqlEnv = { ...serverEnv, DATABASE_DRIVER: 'libsql', DATABASE_URL: libsqlFile, BACKUP_DIR: join(data, 'libsql', 'backups') };
  server = await startServer(image, cmd, { env: libsqlEnv, readyPath: '/api/health' });
  try {
    const { url } = server;
    const health = await json(await fetch(`${url}/api/health`));
    assert.equal(health.status, 200, JSON.stringify(health));
    assert.equal(health.body.driver, 'libsql');
    assert.equal(health.body.journal_mode, 'wal');
    assert.deepEqual(health.body.migrations, { applied: 1, pending: [], changed: [] });
    assert.match(server.logs(), /"msg":"migrations applied".*"driver":"libsql".*"applied":\["0001_create_events"\]/);
    assert.equal((await json(await fetch(`${url}/api/events`, { method: 'POST', body: JSON.stringify({ kind: 'signup' }) }))).status, 201);
    const bad = await json(await fetch(`${url}/api/events`, { method: 'POST', body: JSON.stringify({ kind: 'refund' }) }));
    assert.equal(bad.status, 400, 'the CHECK violation maps to 400 from libsql\'s error code too');
    const backup = await json(await fetch(`${url}/api/backup`, { method: 'POST', headers: { authorization: 'Bearer e2e-token' } }));
    assert.equal(backup.status, 201, JSON.stringify(backup));
    const kinds = (file) => sqlite(app, file, (db) => db.prepare('SELECT kind FROM events ORDER BY id').all().map((r) => r.kind));
    assert.deepEqual(kinds(backup.body.file), ['signup']);
    await server.stop('SIGTERM');
    assert.deepEqual(kinds(libsqlFile), ['signup'], 'a file written through libsql is a SQLite file');
  } finally {
    await server.stop();
    if (process.env.E2E_VERBOSE) console.log(server.logs());
  }

  // An embedded replica (TURSO_DATABASE_URL): no sqld here, so a stand-in primary that
  // records libsql's requests and answers 500. The server must not serve on a replica
  // whose primary refused it: migrate on deploy logs why and exits 1 (libsql 0.5 opens
  // the replica, then the migration's first write, delegated to the primary, fails).
  const requests = [];
  const primary = createServer((req, res) => {
    // libsql sends the token as `authorization` (GET /info) and, on its gRPC-web write delegation, `x-authorization`.
    requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization ?? req.headers['x-authorization'] ?? null });
    req.resume();
    req.on('end', () => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise((resolve) => primary.listen(0, '127.0.0.1', resolve));
  try {
    const replicaEnv = {
      ...libsqlEnv,
      DATABASE_URL: join(data, 'replica', 'app.db'),
      TURSO_DATABASE_URL: `http://127.0.0.1:${primary.address().port}`,
      TURSO_AUTH_TOKEN: 'e2e-turso-token',
    };
    await assert.rejects(startServer(image, cmd, { env: replicaEnv, readyPath: '/api/health', timeoutMs: 60_000 }), (e) => {
      assert.match(e.message, /exited with 1/);
      assert.match(e.message, /"msg":"migration failed: the server stops".*(Could not open the embedded replica|WriteDelegation.*HTTP status code 500)/);
      return true;
    });
    assert.ok(requests.some((r) => r.method === 'GET' && r.url === '/info'), JSON.stringify(requests));
    assert.ok(requests.some((r) => r.method === 'POST' && r.url === '/proxy.Proxy/Execute'), 'the migration was sent to the primary: ' + JSON.stringify(requests));
    assert.ok(requests.every((r) => r.authorization === 'Bearer e2e-turso-token'), JSON.stringify(requests));
  } finally {
    primary.close();
  }
  console.log(`# production: libsql configuration ${minutes(libsqlStart)} min; total ${minutes(start)} min`);
});
