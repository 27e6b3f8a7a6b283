// The docs' TypeScript, compiled and run (tests/docs/README.md has the convention).
//
// Every ```ts / ```tsx block of README.md and docs/**/*.md that is not marked
// `fragment` is type-checked (tsc --strict, one module per block, jsx for tsx)
// against the code the freshly built noormc generates from the page's
// migrations folder (examples/blog/migrations, or <!-- docs-test:
// migrations=PATH -->), imported as `@/db`. Blocks marked `runnable` are then
// run by node against a real database file migrated from that folder by the
// real runtime (better-sqlite3), and their stdout must equal the ```text output
// block that follows them. Errors are reported as page:line.
//
//   usage: node tests/docs/doctest.mjs NOORMC [PAGE.md ...]   (run.sh installs what it needs)
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const require = createRequire(join(here, 'package.json'));
const ts = require('typescript');

const DEFAULT_MIGRATIONS = 'examples/blog/migrations';
const work = join(here, '.work');

// ------------------------------------------------------------------ the pages and their blocks

function pages(args) {
  if (args.length > 0) return args.map((p) => relative(root, resolve(p)));
  const out = ['README.md'];
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  walk('docs');
  return out;
}

/**
 * The fenced blocks of a page: { lang, words, line (of the first code line, 1-based), code }.
 * A fence is ``` at any indentation (inside a list item); the code is dedented by the fence's indentation.
 */
function fences(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})\s*([^`]*)$/.exec(lines[i]);
    if (open === null) continue;
    const [, indent, ticks, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^\\s*${ticks}\\s*$`).test(lines[j]); j++) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    const [lang = '', ...words] = info.trim().split(/\s+/).filter((w) => w !== '');
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    blocks.push({ lang, words, line: i + 2, code: body.join('\n') + '\n', before: k >= 0 ? lines[k].trim() : '' });
    i = j;
  }
  return blocks;
}

/**
 * The file a block is, when the page names it: `title=src/lib/auth.ts` in its info string (as the
 * tutorials write the files the reader creates), a first line `// src/lib/auth.ts`, or the line
 * right before the block being the path in backticks (`` `src/lib/auth.ts`: ``) or a heading
 * holding it (`## 5. \`src/lib/auth.ts\``). `app/...` means `src/app/...` (create-next-app's src dir).
 */
function namedPath(block) {
  const path = String.raw`((?:src\/|app\/)[\w@.[\]()/-]+\.tsx?)`;
  const m =
    new RegExp(String.raw`^title=${path}$`).exec(block.words.find((w) => w.startsWith('title=')) ?? '') ??
    new RegExp(String.raw`^\/\/\s*${path}(?![\w.])`).exec(block.code) ??
    new RegExp(String.raw`^\`${path}\`:?$`).exec(block.before) ??
    new RegExp(String.raw`^#+ .*\`${path}\``).exec(block.before);
  if (m === null) return null;
  return m[1].startsWith('app/') ? 'src/' + m[1] : m[1];
}

// ------------------------------------------------------------------ generated code per migrations folder

const generated = new Map();

/** noormc build over a copy of the folder (with noormc.json from its parent); returns the project directory. */
function generate(noormc, migrations) {
  if (generated.has(migrations)) return generated.get(migrations);
  const src = join(root, migrations);
  if (!existsSync(src)) throw new Error(`migrations folder ${migrations} does not exist`);
  const dir = join(work, 'gen', migrations.replace(/[^\w]+/g, '_'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(src, join(dir, 'migrations'), { recursive: true });
  const config = join(dirname(src), 'noormc.json');
  const json = existsSync(config) ? JSON.parse(readFileSync(config, 'utf8')) : {};
  writeFileSync(join(dir, 'noormc.json'), JSON.stringify({ ...json, migrations: './migrations', out: './src/db' }));
  const r = spawnSync(noormc, ['build', '--quiet'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`noormc build ${migrations} failed:\n${r.stdout}${r.stderr}`);
  generated.set(migrations, dir);
  return dir;
}

// ------------------------------------------------------------------ type checking

const options = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force, // every block is a module, with or without imports
  jsx: ts.JsxEmit.ReactJSX,
  lib: ['lib.dom.d.ts', 'lib.dom.iterable.d.ts', 'lib.esnext.d.ts'],
  types: ['node'],
  typeRoots: [join(here, 'node_modules/@types')],
  esModuleInterop: true,
  isolatedModules: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noUncheckedIndexedAccess: false,
  baseUrl: undefined,
  paths: undefined,
};

// The global route helpers `next typegen` writes for an app (PageProps<'/posts/[id]'>, LayoutProps, RouteContext).
const NEXT_ROUTE_TYPES = `type ParamsOf<R extends string> = R extends \`\${string}[[...\${infer P}]]\${infer Rest}\`
  ? { [K in P]?: string[] } & ParamsOf<Rest>
  : R extends \`\${string}[...\${infer P}]\${infer Rest}\`
    ? { [K in P]: string[] } & ParamsOf<Rest>
    : R extends \`\${string}[\${infer P}]\${infer Rest}\`
      ? { [K in P]: string } & ParamsOf<Rest>
      : {};
type SearchParams = { [key: string]: string | string[] | undefined };
declare global {
  type PageProps<R extends string> = { params: Promise<ParamsOf<R>>; searchParams: Promise<SearchParams> };
  type LayoutProps<R extends string> = { params: Promise<ParamsOf<R>>; children: import('react').ReactNode };
  type RouteContext<R extends string> = { params: Promise<ParamsOf<R>> };
}
export {};
`;

const cache = new Map();
const host = ts.createCompilerHost(options);
const readSource = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, onError) => {
  let sf = cache.get(fileName);
  if (sf === undefined) {
    sf = readSource(fileName, languageVersion, onError);
    if (sf !== undefined) cache.set(fileName, sf);
  }
  return sf;
};

function check(project, file, extraRoots) {
  const program = ts.createProgram({
    rootNames: [file, ...extraRoots],
    options: { ...options, baseUrl: project, paths: { '@/*': ['./src/*'] } },
    host,
  });
  const sf = program.getSourceFile(file);
  return [...program.getGlobalDiagnostics(), ...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
}

// ------------------------------------------------------------------ running

const RESOLVE_HOOK = `const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@/')) request = require('path').join(__dirname, 'src', request.slice(2));
  return resolve.call(this, request, ...rest);
};
`;

/** src/** of the page project (generated code, named blocks) transpiled to CommonJS under run/. */
function transpileProject(project) {
  const out = join(project, 'run');
  rmSync(out, { recursive: true, force: true });
  const walk = (dir) => {
    for (const e of readdirSync(join(project, dir), { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) transpile(join(project, p), join(out, p.replace(/\.tsx?$/, '.js')));
    }
  };
  walk('src');
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(join(out, 'resolve.cjs'), RESOLVE_HOOK);
  return out;
}

function transpile(from, to) {
  const js = ts.transpileModule(readFileSync(from, 'utf8'), {
    fileName: from,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
      esModuleInterop: true,
      inlineSourceMap: true, // node --enable-source-maps: stack traces at the .ts lines, then at the page's
    },
  }).outputText;
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, js);
}

/** A database file migrated from the page's folder by the generated code on the real runtime. */
function migratedDatabase(run, project) {
  const file = join(project, 'migrated.db');
  rmSync(file, { force: true });
  execFileSync(process.execPath, ['-e', `const { createDb } = require('./src/db'); createDb({ filename: ${JSON.stringify(file)}, migrate: true }).close();`], {
    cwd: run,
    stdio: 'inherit',
  });
  return file;
}

// ------------------------------------------------------------------ main

function main() {
  const [binary, ...args] = process.argv.slice(2);
  const noormc = binary === undefined ? undefined : resolve(binary);
  if (noormc === undefined) {
    console.error('usage: node tests/docs/doctest.mjs NOORMC [PAGE.md ...]');
    process.exit(2);
  }
  rmSync(join(work, 'pages'), { recursive: true, force: true });
  let checked = 0;
  let ran = 0;
  let skipped = 0;
  const failures = [];
  for (const page of pages(args)) {
    const text = readFileSync(join(root, page), 'utf8');
    const all = fences(text);
    const blocks = all.filter((b) => (b.lang === 'ts' || b.lang === 'tsx') && !b.words.includes('fragment'));
    skipped += all.filter((b) => (b.lang === 'ts' || b.lang === 'tsx') && b.words.includes('fragment')).length;
    if (blocks.length === 0) continue;
    const migrations = /<!--\s*docs-test:\s*migrations=(\S+)\s*-->/.exec(text)?.[1] ?? DEFAULT_MIGRATIONS;
    let gen;
    try {
      gen = generate(noormc, migrations);
    } catch (e) {
      failures.push(`${page}: ${e.message}`);
      continue;
    }
    const project = join(work, 'pages', page.replace(/[^\w]+/g, '_'));
    mkdirSync(join(project, 'src'), { recursive: true });
    // The app around the migrations folder (examples/blog/src: @/lib/posts, ...), then the generated @/db.
    const app = join(root, dirname(migrations), 'src');
    if (existsSync(app)) cpSync(app, join(project, 'src'), { recursive: true, filter: (f) => !f.startsWith(join(app, 'db')) });
    cpSync(join(gen, 'src/db'), join(project, 'src/db'), { recursive: true });
    writeFileSync(join(project, 'next-route-types.d.ts'), NEXT_ROUTE_TYPES);
    // Where each file of the project came from, to report page:line.
    const origin = new Map();
    for (const b of blocks) {
      const named = namedPath(b);
      b.file = join(project, named !== null && !existsSync(join(project, named)) ? named : `src/docs-block-${b.line}.${b.lang}`);
      mkdirSync(dirname(b.file), { recursive: true });
      writeFileSync(b.file, b.code);
      origin.set(b.file, b);
    }
    const where = (d) => {
      if (d.file === undefined) return page;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      const b = origin.get(d.file.fileName);
      return b !== undefined ? `${page}:${b.line + line}:${character + 1}` : `${d.file.fileName}:${line + 1}:${character + 1}`;
    };
    let run;
    let base;
    for (const b of blocks) {
      checked++;
      const diags = check(project, b.file, [join(project, 'next-route-types.d.ts')]);
      if (diags.length > 0) {
        for (const d of diags.slice(0, 8)) failures.push(`${where(d)}: error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
        if (diags.length > 8) failures.push(`${page}:${b.line}: ... ${diags.length - 8} more errors in this block`);
        continue;
      }
      if (!b.words.includes('runnable')) continue;
      const next = all[all.indexOf(b) + 1];
      if (next === undefined || next.lang !== 'text' || !next.words.includes('output')) {
        failures.push(`${page}:${b.line - 1}: a runnable block must be followed by a \`\`\`text output block`);
        continue;
      }
      ran++;
      try {
        run ??= transpileProject(project);
        base ??= migratedDatabase(run, project);
        // Its own directory holding ./app.db, so that what it prints names ./app.db wherever it runs.
        const cwd = join(project, `block-${b.line}`);
        mkdirSync(cwd, { recursive: true });
        copyFileSync(base, join(cwd, 'app.db'));
        const script = join(run, relative(project, b.file).replace(/\.tsx?$/, '.js'));
        const r = spawnSync(process.execPath, ['--enable-source-maps', '-r', join(run, 'resolve.cjs'), script], {
          cwd,
          env: { ...process.env, DATABASE_URL: './app.db', NODE_ENV: 'test' },
          encoding: 'utf8',
          timeout: 60_000,
        });
        // A stack frame in a block of this page, shown at the page's line.
        r.stderr = r.stderr.replace(/[^\s(]*docs-block-(\d+)\.tsx?:(\d+)(?::(\d+))?/g, (_, first, line, col) =>
          `${page}:${Number(first) + Number(line) - 1}${col === undefined ? '' : ':' + col}`,
        );
        if (r.status !== 0) {
          failures.push(`${page}:${b.line}: the runnable block exited with ${r.status ?? r.signal}:\n${r.stderr}`);
        } else if (r.stdout !== next.code) {
          failures.push(`${page}:${next.line}: the output differs from what the block at line ${b.line} prints:\n${diff(next.code, r.stdout)}${r.stderr === '' ? '' : `\n  stderr:\n${r.stderr}`}`);
          if (process.env.DOCS_TEST_SHOW === '1') failures.push(`${page}:${b.line} printed:\n${r.stdout}`);
        }
      } catch (e) {
        failures.push(`${page}:${b.line}: ${e.message}`);
      }
    }
  }
  for (const f of failures) console.error(`FAIL ${f}`);
  console.log(`docs: ${checked} blocks type-checked, ${ran} run, ${skipped} fragments skipped; ${failures.length} failures`);
  process.exit(failures.length === 0 ? 0 : 1);
}

/** The page's lines and the printed lines, side by side from the first difference. */
function diff(want, got) {
  const a = want.split('\n');
  const b = got.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (lines) => lines.slice(i, i + 8).map((l) => `    ${JSON.stringify(l)}`).join('\n');
  return `  from output line ${i + 1}\n  page:\n${show(a)}\n  printed:\n${show(b)}`;
}

main();
