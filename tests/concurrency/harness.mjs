#!/usr/bin/env node
// Concurrent writers and readers on one SQLite file, through noormme's
// Connection, in separate processes (issue 11, items 6 and 7).
//
//   node tests/concurrency/harness.mjs [--runs 3] [--writers 4] [--inserts 2000]
//                                      [--readers 2] [--driver better-sqlite3|libsql]
//
// Each run: a fresh file; W writer processes each insert N rows (half in
// db.transaction(), half as autocommit INSERT ... RETURNING, as generated
// create() does), closing at the end while others still write; R read-only
// reader processes loop over SELECTs, reopening their connection now and
// then, and close last. A run passes when every insert succeeded (0 errors),
// the file holds exactly W × N rows, and no -wal or -shm file is left after
// the last (read-only) connection closed (not required on libsql, whose 0.5
// releases files only at garbage collection: docs/reference/runtime.md).
// Exit status 1 when any run fails.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// NOORMME_RUNTIME: another build of the runtime (to measure before/after).
const runtime = process.env.NOORMME_RUNTIME ?? join(here, '../../runtime-ts/dist/esm/index.js');
const { Connection, setDefaultDriver } = await import(runtime);

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const role = arg('role', 'main');
const driver = arg('driver', process.env.NOORMME_TEST_DRIVER ?? 'better-sqlite3');
if (setDefaultDriver !== undefined) setDefaultDriver(driver);

if (role === 'writer') await writer();
else if (role === 'reader') await reader();
else await main();

async function writer() {
  const filename = arg('db');
  const id = Number(arg('id'));
  const n = Number(arg('inserts'));
  const conn = new Connection({ filename });
  let errors = 0;
  const kinds = {};
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    try {
      if (i % 2 === 0) {
        conn.transaction(() => conn.run('INSERT INTO t (writer, seq) VALUES (?, ?)', [id, i]));
      } else {
        conn.prepareRaw('INSERT INTO t (writer, seq) VALUES (?, ?) RETURNING id').get([id, i]);
      }
    } catch (e) {
      errors++;
      const k = `${e.name}:${e.code ?? ''}:${e.sqliteCode ?? ''}`;
      kinds[k] = (kinds[k] ?? 0) + 1;
    }
    worst = Math.max(worst, performance.now() - t0);
  }
  conn.close();
  process.stdout.write(JSON.stringify({ role: 'writer', id, errors, kinds, worstMs: Math.round(worst) }) + '\n');
}

async function reader() {
  const filename = arg('db');
  const stopFile = arg('stop');
  let conn = new Connection({ filename, readonly: true });
  let reads = 0;
  let errors = 0;
  const kinds = {};
  while (!existsSync(stopFile)) {
    try {
      conn.get('SELECT count(*) AS n FROM t');
      conn.all('SELECT id, writer, seq FROM t ORDER BY id DESC LIMIT 20');
      reads++;
      if (reads % 50 === 0) {
        conn.close();
        conn = new Connection({ filename, readonly: true });
      }
    } catch (e) {
      errors++;
      const k = `${e.name}:${e.code ?? ''}`;
      kinds[k] = (kinds[k] ?? 0) + 1;
    }
    if (reads % 20 === 0) await new Promise((r) => setImmediate(r));
  }
  // The last reads after every writer closed, then this read-only connection closes last.
  conn.get('SELECT count(*) AS n FROM t');
  conn.close();
  process.stdout.write(JSON.stringify({ role: 'reader', reads, errors, kinds }) + '\n');
}

function child(args) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args, '--driver', driver], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`${args[1]} exited ${code}: ${out}`))));
  });
}

async function oneRun(run, writers, inserts, readers) {
  const dir = mkdtempSync(join(tmpdir(), 'noormme-concurrency-'));
  const filename = join(dir, 'app.db');
  const stop = join(dir, 'stop');
  try {
    const setup = new Connection({ filename });
    setup.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, seq INTEGER NOT NULL, UNIQUE (writer, seq))');
    setup.close();
    const readerRuns = Array.from({ length: readers }, (_, i) => child(['--role', 'reader', '--db', filename, '--stop', stop, '--id', String(i)]));
    const writerRuns = Array.from({ length: writers }, (_, i) => child(['--role', 'writer', '--db', filename, '--id', String(i), '--inserts', String(inserts)]));
    const w = await Promise.all(writerRuns);
    rmSync(stop, { force: true });
    await import('node:fs').then((fs) => fs.writeFileSync(stop, ''));
    const r = await Promise.all(readerRuns);
    const leftAfterLastClose = ['-wal', '-shm'].filter((s) => existsSync(filename + s));
    const check = new Connection({ filename, readonly: true });
    const rows = check.get('SELECT count(*) AS n FROM t').n;
    check.close();
    const errors = w.reduce((a, x) => a + x.errors, 0) + r.reduce((a, x) => a + x.errors, 0);
    const result = {
      run,
      driver,
      rows,
      expected: writers * inserts,
      lost: writers * inserts - rows,
      errors,
      kinds: Object.assign({}, ...w.map((x) => x.kinds), ...r.map((x) => x.kinds)),
      worstWriteMs: Math.max(...w.map((x) => x.worstMs)),
      reads: r.reduce((a, x) => a + x.reads, 0),
      leftAfterLastClose,
    };
    result.ok = result.lost === 0 && errors === 0 && (driver === 'libsql' || leftAfterLastClose.length === 0);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const runs = Number(arg('runs', '3'));
  const writers = Number(arg('writers', '4'));
  const inserts = Number(arg('inserts', '2000'));
  const readers = Number(arg('readers', '2'));
  let failed = 0;
  for (let run = 1; run <= runs; run++) {
    const r = await oneRun(run, writers, inserts, readers);
    if (!r.ok) failed++;
    console.log(JSON.stringify(r));
  }
  console.log(`${runs - failed}/${runs} runs passed (${writers} writers x ${inserts} inserts, ${readers} readers, ${driver})`);
  process.exit(failed === 0 ? 0 : 1);
}
