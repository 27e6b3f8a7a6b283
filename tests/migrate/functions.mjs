// One SQLite for both runners: every built-in function of src/syntax/sqlite_functions.inc that better-sqlite3
// has is called in a migration of its own, and `noormc migrate` (check, then run) and `db.migrate()` on
// better-sqlite3 must give the same outcome: both apply it, or both refuse it with SQLite's same message
// (a few functions refuse to run outside their virtual table, e.g. bm25(): "unable to use function ...").
// The functions newer than SQLite 3.40 (concat, unhex, timediff, jsonb_*, median, ...) must apply under both.
// Also: the functions better-sqlite3 has and the libsql driver (SQLite 3.45.1) lacks are exactly the ones
// docs/reference/checks.md's E0111 row names as failing on libsql.
//   usage: node tests/migrate/functions.mjs NOORMC_BINARY   (about 10 s)
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const noormc = resolve(process.argv[2] ?? join(root, 'build/noormc'));
const runtime = join(root, 'runtime-ts');
const require = createRequire(join(runtime, 'package.json'));
const ts = require('typescript');
const Database = require('better-sqlite3');
const Libsql = require('libsql');
const { migrate } = await import(pathToFileURL(join(runtime, 'dist/esm/index.js')).href);

const shapes = readFileSync(join(root, 'src/syntax/sqlite_functions.inc'), 'utf8')
  .split('\n')
  .map((l) => /^\{"(\w+)", (\d+), (-?\d+), '(\w)'\},$/.exec(l))
  .filter(Boolean)
  .map(([, name, min, max, kind]) => ({ name, min: Number(min), max: Number(max), kind }));
const functionsOf = (db) =>
  new Set(db.prepare("SELECT DISTINCT name FROM pragma_function_list WHERE name GLOB '[A-Za-z_]*'").all().map((r) => r.name));
const probe = new Database(':memory:');
const better = functionsOf(probe);
// current_date, current_time, current_timestamp: keywords, which SQLite's grammar never reads as a call.
const callable = (s) => {
  try {
    probe.prepare(`SELECT ${s.name}(${Array.from({ length: s.min }, () => 'NULL').join(', ')})${s.kind === 'W' ? ' OVER ()' : ''}`);
    return true;
  } catch (e) {
    return !/syntax error/.test(e.message);
  }
};
const lib = new Libsql(':memory:');
const libsql = functionsOf(lib);
lib.close();

// One call per shape (name, fewest arguments), each in its own migration and table.
const calls = shapes
  .filter((s) => better.has(s.name) && callable(s))
  .map((s, i) => {
    const args = Array.from({ length: s.min }, () => 'NULL').join(', ');
    const call = `${s.name}(${args})${s.kind === 'W' ? ' OVER ()' : ''}`;
    const id = String(i + 1).padStart(4, '0');
    return { ...s, call, file: `${id}_${s.name}.up.sql`, sql: `CREATE TABLE f${id} (x);\nINSERT INTO f${id} (x) SELECT ${call} FROM (SELECT 1);\n` };
  });

probe.close();

const work = mkdtempSync(join(tmpdir(), 'noormc-functions-'));
let failed = 0;
try {
  // db.migrate(): one build of a folder holding every call, then each migration alone on a fresh database.
  const all = join(work, 'all');
  mkdirSync(all);
  for (const c of calls) writeFileSync(join(all, c.file), c.sql);
  const built = spawnSync(noormc, ['build', '--quiet', '--migrations', all, '--out', join(work, 'gen')], { encoding: 'utf8' });
  assert.equal(built.status, 0, `noormc build refuses the folder of calls:\n${built.stderr}`);
  const js = ts.transpileModule(readFileSync(join(work, 'gen/migrations.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  writeFileSync(join(work, 'gen/migrations.mjs'), js);
  const { migrations } = await import(pathToFileURL(join(work, 'gen/migrations.mjs')).href);
  assert.equal(migrations.length, calls.length);

  const newer = ['concat', 'concat_ws', 'string_agg', 'octet_length', 'timediff', 'unhex', 'unistr', 'median',
    'if', 'json_pretty', 'jsonb', 'jsonb_extract', 'jsonb_object', 'jsonb_group_array'];
  let applied = 0;
  for (const [i, c] of calls.entries()) {
    const db = new Database(':memory:');
    let ts = 'ok';
    try {
      migrate(db, [migrations[i]]);
    } catch (e) {
      ts = String(e.cause?.message ?? e.message);
    } finally {
      db.close();
    }
    const one = join(work, `one${i}`);
    mkdirSync(one);
    writeFileSync(join(one, c.file), c.sql);
    const r = spawnSync(noormc, ['migrate', '--quiet', '--migrations', one, '--db', join(work, `one${i}.db`)], { encoding: 'utf8' });
    const cli = r.status === 0 ? 'ok' : r.stderr;
    const same = ts === 'ok' ? cli === 'ok' : cli !== 'ok' && [ts, ...ts.split(': ')].some((m) => m.length > 8 && cli.includes(m));
    if (!same || (newer.includes(c.name) && ts !== 'ok')) {
      failed += 1;
      console.log(`FAIL ${c.call}\n  db.migrate():   ${ts}\n  noormc migrate: ${cli.trim()}`);
    }
    if (ts === 'ok') applied += 1;
  }
  for (const n of newer) assert.ok(calls.some((c) => c.name === n), `${n} is not in sqlite_functions.inc`);
  console.log(`${calls.length - failed} of ${calls.length} calls: same outcome under noormc migrate and db.migrate() (${applied} applied)`);

  // The functions the libsql driver lacks are the ones the E0111 row names.
  const missing = [...better].filter((n) => !libsql.has(n) && shapes.some((s) => s.name === n)).sort();
  const row = readFileSync(join(root, 'docs/reference/checks.md'), 'utf8').split('\n').find((l) => l.startsWith('| E0111 '));
  const named = /fail on the `libsql` driver[^:]*: ([^.]*)\./.exec(row)?.[1] ?? '';
  const documented = [...named.matchAll(/`(\w+)\(\)`/g)].map((m) => m[1]).sort();
  if (JSON.stringify(documented) !== JSON.stringify(missing)) {
    failed += 1;
    console.log(`FAIL the E0111 row names ${documented.join(', ') || 'nothing'} as failing on libsql; the libsql driver lacks ${missing.join(', ')}`);
  } else {
    console.log(`the E0111 row names the ${missing.length} functions the libsql driver lacks`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
