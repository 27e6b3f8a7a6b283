// Type-checking cost of the generated code at scale (issue 9, item 1): builds a
// synthetic folder (bench/gen_migrations.py), compiles it with noormc, migrates
// a real database with `noormc migrate`, runs kysely-codegen against that
// database, and times `tsc --strict --noEmit` on both outputs under TypeScript
// 7 (native) and 5.9, then an editor completion inside
// `db.<table>.findAll({ include: { ... } })` through each version's language
// server (tsserver for 5.9, `tsc --lsp --stdio` for 7). Writes RESULTS.md.
//
//   bash bench/typescale/run.sh [--tables N] [--migrations M] [--runs R] [--noormc PATH]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split('--')
    .filter(Boolean)
    .map((a) => a.trim().split(/\s+/)),
);
const TABLES = Number(args.tables ?? 300);
const MIGRATIONS = Number(args.migrations ?? 1000);
const RUNS = Number(args.runs ?? 3);
const NOORMC = resolve(args.noormc ?? join(ROOT, 'build/noormc'));
const WORK = join(ROOT, 'build/typescale');
const TSC7 = join(HERE, 'node_modules/typescript/bin/tsc');
const TSC59 = join(HERE, 'node_modules/typescript59/bin/tsc');
const TSSERVER59 = join(HERE, 'node_modules/typescript59/lib/tsserver.js');

function run(cmd, argv, cwd) {
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function bytes(dir, filter = () => true) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && filter(f))
    .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

// ---------------------------------------------------------------- the two projects

rmSync(WORK, { recursive: true, force: true });
const app = join(WORK, 'noormc');
const kys = join(WORK, 'kysely');
mkdirSync(join(app, 'node_modules'), { recursive: true });
mkdirSync(kys, { recursive: true });
run('python3', [join(ROOT, 'bench/gen_migrations.py'), join(app, 'migrations'), '--tables', String(TABLES), '--migrations', String(MIGRATIONS)]);
symlinkSync(join(ROOT, 'runtime-ts'), join(app, 'node_modules/noormme'));
writeFileSync(join(app, 'package.json'), '{ "type": "module" }\n');
let t0 = performance.now();
run(NOORMC, ['build', '--quiet'], app);
const buildMs = performance.now() - t0;
run(NOORMC, ['migrate', '--quiet', '--db', join(WORK, 'app.db')], app);
run(process.execPath, [join(HERE, 'node_modules/kysely-codegen/dist/cli/bin.js'), '--dialect', 'sqlite', '--url', join(WORK, 'app.db'), '--out-file', join(kys, 'db.ts'), '--log-level', 'error'], HERE);
symlinkSync(join(HERE, 'node_modules'), join(kys, 'node_modules'));

const compilerOptions = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  skipLibCheck: true,
  types: ['node'],
  typeRoots: [join(ROOT, 'runtime-ts/node_modules/@types')],
};
writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src/db/*.ts', 'probe.ts'] }, null, 2));
// The same options for both: a Next.js app has @types/node (and noormme's BLOB type is Buffer).
writeFileSync(join(kys, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['db.ts', 'probe.ts'] }, null, 2));

// A usage file in each project, so that both check a query: noormc's on the
// table with the most relations, including the first one.
const busy = busiestTable();
writeFileSync(
  join(app, 'probe.ts'),
  `import { createDb } from './src/db/index';\nconst db = createDb({ filename: ':memory:' });\n` +
    `export const rows = db.${busy.table}.findAll({ include: { ${busy.first}: true } });\n`,
);
writeFileSync(
  join(kys, 'probe.ts'),
  `import { Kysely, SqliteDialect } from 'kysely';\nimport type { DB } from './db';\n` +
    `declare const dialect: SqliteDialect;\nconst db = new Kysely<DB>({ dialect });\n` +
    `export const rows = db.selectFrom('${busy.table}').selectAll().execute();\n`,
);

// ---------------------------------------------------------------- tsc times

/** Best wall and CPU seconds of RUNS runs of tsc -p dir; throws on a type error. */
function timeTsc(tsc, dir) {
  let wall = Infinity;
  let cpu = Infinity;
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`tsc failed in ${dir}:\n${r.stdout.slice(0, 4000)}\n${r.stderr.slice(-2000)}`);
    const [e, u, s, m] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    wall = Math.min(wall, e);
    cpu = Math.min(cpu, u + s);
    peak = Math.max(peak, m / 1024);
  }
  return { wall, cpu, peak };
}

const times = {};
for (const [label, tsc] of [
  ['TypeScript 7.0.2', TSC7],
  ['TypeScript 5.9.3', TSC59],
]) {
  times[label] = { noormc: timeTsc(tsc, app), kysely: timeTsc(tsc, kys) };
  process.stderr.write(`${label}: ${JSON.stringify(times[label])}\n`);
}

// ---------------------------------------------------------------- completion latency

const includeProbe = (table) =>
  `import { getDb } from './src/db/index';\nconst db = getDb();\nexport const r = db.${table}.findAll({ include: {  } });\n`;
/** A table with many relations: the completion list is longest there. */
function busiestTable() {
  const rel = readFileSync(join(app, 'src/db/relations.ts'), 'utf8');
  let best = 't0';
  let most = -1;
  let first = '';
  for (const m of rel.matchAll(/^export interface (\w+)Model \{\n([\s\S]*?)\n\}/gm)) {
    const names = [...m[2].matchAll(/^    (\w+): To(?:One|Many)</gm)].map((x) => x[1]);
    if (names.length > most) {
      most = names.length;
      best = m[1];
      first = names[0];
    }
  }
  const model = rel.match(new RegExp(`^  (\\w+): ${best}Model;`, 'm'));
  return { table: model ? model[1] : 't0', relations: most, first };
}

/** tsserver (5.9): open the probe, ask for completions twice (the first builds the program). */
function tsserverCompletion(file, line, offset) {
  return new Promise((resolveP, reject) => {
    const child = spawn(process.execPath, [TSSERVER59, '--disableAutomaticTypingAcquisition'], { cwd: app, stdio: ['pipe', 'pipe', 'ignore'] });
    let buf = '';
    let seq = 0;
    const pending = new Map();
    child.stdout.on('data', (d) => {
      buf += d.toString();
      for (;;) {
        const h = buf.indexOf('\r\n\r\n');
        if (h < 0) return;
        const len = Number(/Content-Length: (\d+)/.exec(buf.slice(0, h))[1]);
        if (Buffer.byteLength(buf.slice(h + 4)) < len) return;
        const body = Buffer.from(buf.slice(h + 4)).subarray(0, len).toString();
        buf = Buffer.from(buf.slice(h + 4)).subarray(len).toString();
        const msg = JSON.parse(body);
        if (msg.type === 'response' && pending.has(msg.request_seq)) {
          pending.get(msg.request_seq)(msg);
          pending.delete(msg.request_seq);
        }
      }
    });
    const request = (command, args) =>
      new Promise((res) => {
        const s = ++seq;
        pending.set(s, res);
        child.stdin.write(JSON.stringify({ seq: s, type: 'request', command, arguments: args }) + '\n');
      });
    (async () => {
      await request('open', { file });
      const t1 = performance.now();
      const first = await request('completionInfo', { file, line, offset });
      const cold = performance.now() - t1;
      const t2 = performance.now();
      const second = await request('completionInfo', { file, line, offset });
      const warm = performance.now() - t2;
      child.kill();
      resolveP({ cold, warm, entries: first.body?.entries?.length ?? 0, again: second.body?.entries?.length ?? 0 });
    })().catch(reject);
  });
}

/** TypeScript 7's language server (LSP over stdio): initialize, didOpen, completion twice. */
function lspCompletion(file, text, line, character) {
  const exe = join(HERE, 'node_modules/@typescript/typescript-linux-x64/lib/tsc');
  return new Promise((resolveP, reject) => {
    const child = spawn(exe, ['--lsp', '-stdio'], { cwd: app, stdio: ['pipe', 'pipe', 'ignore'] });
    let buf = Buffer.alloc(0);
    let id = 0;
    const pending = new Map();
    child.stdout.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const h = buf.indexOf('\r\n\r\n');
        if (h < 0) return;
        const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, h).toString())[1]);
        if (buf.length < h + 4 + len) return;
        const msg = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString());
        buf = buf.subarray(h + 4 + len);
        if (msg.id !== undefined && pending.has(msg.id) && msg.method === undefined) {
          pending.get(msg.id)(msg);
          pending.delete(msg.id);
        } else if (msg.id !== undefined && msg.method !== undefined) {
          // A request from the server (configuration, capability registration): answer null.
          send({ jsonrpc: '2.0', id: msg.id, result: null });
        }
      }
    });
    const send = (m) => {
      const body = Buffer.from(JSON.stringify(m));
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    };
    const request = (method, params) =>
      new Promise((res) => {
        const i = ++id;
        pending.set(i, res);
        send({ jsonrpc: '2.0', id: i, method, params });
      });
    const uri = pathToFileURL(file).href;
    (async () => {
      await request('initialize', { processId: process.pid, rootUri: pathToFileURL(app).href, capabilities: {}, workspaceFolders: null });
      send({ jsonrpc: '2.0', method: 'initialized', params: {} });
      send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'typescript', version: 1, text } } });
      const position = { line, character };
      const t1 = performance.now();
      const first = await request('textDocument/completion', { textDocument: { uri }, position });
      const cold = performance.now() - t1;
      const t2 = performance.now();
      const second = await request('textDocument/completion', { textDocument: { uri }, position });
      const warm = performance.now() - t2;
      child.kill();
      const count = (r) => (Array.isArray(r.result) ? r.result.length : (r.result?.items?.length ?? 0));
      resolveP({ cold, warm, entries: count(first), again: count(second) });
    })().catch(reject);
  });
}

const probeText = includeProbe(busy.table);
const probeFile = join(app, 'completion.ts');
writeFileSync(probeFile, probeText);
const col = probeText.split('\n')[2].indexOf('{  }') + 2; // between the braces
const completion = {
  'TypeScript 5.9.3 (tsserver)': await tsserverCompletion(probeFile, 3, col + 1),
  'TypeScript 7.0.2 (tsc --lsp)': await lspCompletion(probeFile, probeText, 2, col),
};
process.stderr.write(`completion: ${JSON.stringify(completion)}\n`);

// ---------------------------------------------------------------- report

const out = join(app, 'src/db');
const size = bytes(out);
const sizeNoMigrations = bytes(out, (f) => f !== 'migrations.ts');
const kysSize = statSync(join(kys, 'db.ts')).size;
const s = (x) => x.toFixed(2);
let md = `# Type-checking at scale: results\n\nGenerated by \`bash bench/typescale/run.sh\` on ${new Date().toISOString().slice(0, 10)}`;
md += ` (${TABLES} tables, ${MIGRATIONS} migrations from bench/gen_migrations.py; best of ${RUNS} runs; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}).\n\n`;
md += `Output: noormc ${(size / 1e6).toFixed(2)} MB (${(sizeNoMigrations / 1e6).toFixed(2)} MB without migrations.ts), kysely-codegen ${(kysSize / 1e6).toFixed(2)} MB; noormc build ${Math.round(buildMs)} ms.\n\n`;
md += '| tsc --strict --noEmit | noormc wall (s) | noormc CPU (s) | kysely-codegen wall (s) | kysely-codegen CPU (s) | ratio (CPU) | ratio (wall) | peak MB (noormc / kysely) |\n';
md += '|---|---:|---:|---:|---:|---:|---:|---:|\n';
for (const [label, t] of Object.entries(times)) {
  md += `| ${label} | ${s(t.noormc.wall)} | ${s(t.noormc.cpu)} | ${s(t.kysely.wall)} | ${s(t.kysely.cpu)} | ${s(t.noormc.cpu / t.kysely.cpu)}× | ${s(t.noormc.wall / t.kysely.wall)}× | ${Math.round(t.noormc.peak)} / ${Math.round(t.kysely.peak)} |\n`;
}
md += `\nBoth projects are checked with the same compiler options (strict, skipLibCheck, ES2022, Bundler resolution, \`types: ['node']\` as in a Next.js app) and each includes a probe file that runs one query. `;
md += `CPU is the tsc process's user + system time (TypeScript 7 checks on several threads, so its wall time can be below its CPU time). `;
md += `The machine was shared with other work (1-minute load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores at the end): absolute times vary from run to run, the ratios of one run are the figures to compare.\n`;
md += `\nCompletion inside \`db.${busy.table}.findAll({ include: { | } })\` (${busy.relations} relations), from request to answer:\n\n`;
md += '| language server | first request (ms, includes loading the project) | next request (ms) | items |\n|---|---:|---:|---:|\n';
for (const [label, c] of Object.entries(completion)) md += `| ${label} | ${Math.round(c.cold)} | ${Math.round(c.warm)} | ${c.entries} |\n`;
writeFileSync(join(HERE, 'RESULTS.md'), md);
process.stdout.write(md);
