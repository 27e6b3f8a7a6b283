// Shared by the generator tests of tests/emit/*.test.mjs: a throw-away app
// folder with migrations, `noormc build`, `tsc --strict` on the output (and
// emitting JavaScript), importing the result, and a real SQLite database made
// by applying the same migration files with better-sqlite3.
//
// Needs runtime-ts installed and built (npm ci && npm run build in runtime-ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RUNTIME = join(ROOT, 'runtime-ts');
export const NOORMC = resolve(process.env.NOORMC ?? process.argv[2] ?? join(ROOT, 'build/noormc'));
const require = createRequire(join(RUNTIME, 'package.json'));
export const Database = require('better-sqlite3');
const TSC = join(RUNTIME, 'node_modules/typescript/bin/tsc');

/**
 * An app folder: migrations/NNNN_<name>.up.sql from `ups` (an array of SQL
 * texts), optional noormc.json, tsconfig.json (NodeNext, strict), and
 * node_modules/noormme linked to runtime-ts.
 */
export function makeApp(name, ups, config) {
  const dir = mkdtempSync(join(tmpdir(), `noormc-${name}-`));
  mkdirSync(join(dir, 'migrations'));
  ups.forEach((sql, i) => writeFileSync(join(dir, 'migrations', `${String(i + 1).padStart(4, '0')}_step.up.sql`), sql));
  if (config !== undefined) writeFileSync(join(dir, 'noormc.json'), JSON.stringify(config));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(RUNTIME, join(dir, 'node_modules/noormme'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        outDir: 'out',
        types: ['node'],
        typeRoots: [join(RUNTIME, 'node_modules/@types')],
      },
      include: ['src/db/*.ts'],
    }),
  );
  return dir;
}

export function removeApp(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/** `noormc build` in dir: { status, stderr }. */
export function build(dir) {
  const r = spawnSync(NOORMC, ['build', '--quiet'], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** tsc on the output (emitting out/*.js): the diagnostics text, '' when clean. */
export function tsc(dir) {
  const r = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? '' : r.stdout + r.stderr;
}

/** Imports the compiled index in a fresh node process running `script` (ESM, `db` = the module). */
export function runWithOutput(dir, script) {
  const file = join(dir, 'probe.mjs');
  writeFileSync(file, `import * as db from ${JSON.stringify(pathToFileURL(join(dir, 'out/index.js')).href)};\n${script}\n`);
  return spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' });
}

/** A SQLite database at dir/ref.db with every up migration applied in order, by SQLite itself. */
export function referenceDb(dir) {
  const db = new Database(join(dir, 'ref.db'));
  const files = readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('.up.sql')).sort();
  for (const f of files) db.exec(readFileSync(join(dir, 'migrations', f), 'utf8'));
  return db;
}

/** SQLite's own view of the schema: { name, type, columns: [names in order] } per table and view. */
export function sqliteSchema(db) {
  const objects = db
    .prepare("SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    .all();
  return objects.map((o) => ({
    name: o.name,
    type: o.type,
    columns: db
      .prepare('SELECT name FROM pragma_table_xinfo(?)')
      .all(o.name)
      .map((c) => c.name),
  }));
}

export { execFileSync };
