// One way to run a migration: every migrations folder (fixtures/*, examples/*,
// tests/migrate/cases/*) is applied three ways to fresh database files, and the
// schema and rows left must be identical:
//   - the sqlite3 shell, running each up file as written, in order;
//   - `noormc migrate`;
//   - `db.migrate()` of the noormme runtime over the migrations.ts that
//     `noormc build` generated (transpiled with TypeScript, imported), on
//     better-sqlite3 and on libsql (a Connection with driver: 'libsql', its
//     default pragmas: WAL, foreign_keys ON).
// Compared with `sqlite3 FILE .dump`, noormc_migrations left out.
//   usage: node tests/migrate/runners.mjs NOORMC_BINARY
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const noormc = resolve(process.argv[2] ?? join(root, 'build/noormc'));
const runtime = join(root, 'runtime-ts');
const require = createRequire(join(runtime, 'package.json'));
const ts = require('typescript');
const Database = require('better-sqlite3');
const { migrate, Connection } = await import(pathToFileURL(join(runtime, 'dist/esm/index.js')).href);

function folders() {
  const out = [];
  for (const parent of ['fixtures', 'examples']) {
    for (const name of readdirSync(join(root, parent)).sort()) {
      const dir = join(root, parent, name, 'migrations');
      if (existsSync(dir)) out.push(dir);
    }
  }
  const cases = join(root, 'tests/migrate/cases');
  for (const name of readdirSync(cases).sort()) out.push(join(cases, name, 'migrations'));
  return out;
}

function dump(file) {
  // On a copy without the runners' bookkeeping table.
  const copy = file + '.cmp';
  copyFileSync(file, copy);
  execFileSync('sqlite3', [copy, 'DROP TABLE IF EXISTS noormc_migrations'], { encoding: 'utf8' });
  // CURRENT_TIMESTAMP defaults differ by the second the row was written in: compare their shape.
  return execFileSync('sqlite3', [copy, '.dump'], { encoding: 'utf8' }).replace(/'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'/g, "'<time>'");
}

async function runAll(dir, work) {
  const migrations = join(work, 'migrations');
  mkdirSync(migrations, { recursive: true });
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.sql'))) copyFileSync(join(dir, f), join(migrations, f));
  const ups = readdirSync(migrations).filter((f) => f.endsWith('.up.sql')).sort();

  // 1. The sqlite3 shell, each file as written (double-quoted strings off, as better-sqlite3).
  const shellDb = join(work, 'shell.db');
  for (const f of ups) {
    const sql = '.dbconfig dqs_ddl off\n.dbconfig dqs_dml off\n' + readFileSync(join(migrations, f), 'utf8');
    const r = spawnSync('sqlite3', ['-bail', shellDb], { input: sql, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sqlite3 shell refused ${f}: ${r.stderr}`);
  }
  // 2. noormc migrate.
  const cliDb = join(work, 'cli.db');
  execFileSync(noormc, ['migrate', '--quiet', '--migrations', migrations, '--db', cliDb], { cwd: work, stdio: 'pipe' });
  // 3. db.migrate() over the generated migrations.ts.
  execFileSync(noormc, ['build', '--quiet', '--migrations', migrations, '--out', join(work, 'gen')], { cwd: work, stdio: 'pipe' });
  const source = readFileSync(join(work, 'gen/migrations.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  writeFileSync(join(work, 'gen/migrations.mjs'), js);
  const { migrations: embedded } = await import(pathToFileURL(join(work, 'gen/migrations.mjs')).href);
  const tsDb = join(work, 'ts.db');
  const db = new Database(tsDb);
  try {
    migrate(db, embedded);
  } finally {
    db.close();
  }
  // 4. db.migrate() on libsql.
  const libsqlDb = join(work, 'libsql.db');
  const conn = new Connection({ filename: libsqlDb, driver: 'libsql' });
  try {
    migrate(conn, embedded);
  } finally {
    conn.close();
  }
  return { shell: dump(shellDb), cli: dump(cliDb), ts: dump(tsDb), libsql: dump(libsqlDb), count: ups.length };
}

let failed = 0;
let ran = 0;
for (const dir of folders()) {
  const name = basename(dirname(dir));
  const work = mkdtempSync(join(tmpdir(), `noormc-runners-${name}-`));
  try {
    const r = await runAll(dir, work);
    ran += 1;
    const differing = [
      ['noormc migrate', r.cli],
      ['db.migrate() on better-sqlite3', r.ts],
      ['db.migrate() on libsql', r.libsql],
    ].filter(([, dumped]) => dumped !== r.shell);
    if (differing.length > 0) {
      failed += 1;
      console.log(`FAIL ${name}: ${differing.map(([who]) => who).join(', ')} differ from the sqlite3 shell`);
      const other = differing[0][1];
      const a = r.shell.split('\n');
      const b = other.split('\n');
      const at = a.findIndex((line, i) => line !== b[i]);
      console.log(`  first difference at line ${at + 1} of the dump:\n  shell:  ${a[at]}\n  runner: ${b[at]}`);
    } else {
      console.log(`ok   ${name} (${r.count} migrations)`);
    }
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message}${e.stderr ? '\n' + e.stderr : ''}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
console.log(`${ran - failed} of ${folders().length} folders leave the same schema and rows with the sqlite3 shell and all three runners`);
process.exit(failed ? 1 : 0);
