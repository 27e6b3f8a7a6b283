// Every diagnostic code and every runtime error class has its documentation.
//
// 1. The codes (E or W and 4 digits) that the C++ source can emit: every string
//    literal "E0123"/"W0123" in src/**/*.{cpp,hpp} outside comments (the
//    diagnostics are built in place: diags.add(Severity, "E0201", ...)), against
//    the rows of the tables under "## Every code" in docs/reference/checks.md:
//    a code without a row, a row without a code, a code with two rows, and a row
//    missing its example input, its message (in double quotes, after the input)
//    or its fix all fail.
// 2. Every class exported by noormme (runtime-ts, built) that is an Error,
//    against docs/reference/errors.md: each needs a `## ClassName` section with
//    an example (a ```ts block), the message (a ```text block) and a line
//    starting with **Fix**.
//
//   usage: node tests/docs/codes.mjs [--root DIR]   (about 1 s; needs runtime-ts built)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// --root DIR checks another tree (codes-selftest.mjs's mutated copy).
const rootArg = process.argv.indexOf('--root');
const root = rootArg > 0 ? resolve(process.argv[rootArg + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const failures = [];

// ------------------------------------------------------------------ 1. diagnostic codes

/** The source with its comments (line and block) blanked; string literals kept, so "//" inside one stays. */
function stripComments(text) {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) =>
    m.startsWith('/') ? m.replace(/[^\n]/g, ' ') : m,
  );
}

function sourceCodes() {
  const codes = new Map(); // code → first file:line
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(cpp|hpp)$/.test(e.name)) {
        const text = stripComments(readFileSync(join(root, p), 'utf8'));
        for (const m of text.matchAll(/"([EW]\d{4})"/g)) {
          const line = text.slice(0, m.index).split('\n').length;
          if (!codes.has(m[1])) codes.set(m[1], `${p}:${line}`);
        }
      }
    }
  };
  walk('src');
  return codes;
}

/** A table row's cells; `\|` is a pipe inside a cell. */
function cells(row) {
  return row
    .replace(/^\s*\|/, '')
    .replace(/\|\s*$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

function documentedCodes() {
  const page = 'docs/reference/checks.md';
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^## Every code\s*$/.test(l));
  if (start < 0) {
    failures.push(`${page}: no "## Every code" section`);
    return new Map();
  }
  const rows = new Map();
  for (let i = start + 1; i < lines.length && !/^## /.test(lines[i]); i++) {
    const m = /^\|\s*([EW]\d{4})\s*\|/.exec(lines[i]);
    if (m === null) continue;
    const where = `${page}:${i + 1}`;
    const [code, example = '', fix = '', ...rest] = cells(lines[i]);
    if (rows.has(code)) failures.push(`${where}: ${code} has a second row (first at ${rows.get(code)})`);
    rows.set(code, where);
    if (rest.length > 0) failures.push(`${where}: ${code}: the row has more than three cells (an unescaped | ?)`);
    // The example: what triggers it, then the message in double quotes ("input: \"message\"").
    const quote = example.search(/(?<!\\)"/);
    const message = quote < 0 ? null : /^"((?:[^"\\]|\\.)+)"/.exec(example.slice(quote));
    if (message === null) failures.push(`${where}: ${code}: the example has no message in double quotes`);
    else if (example.slice(0, quote).replace(/[\s:,;]+$/, '').trim() === '')
      failures.push(`${where}: ${code}: the example starts with the message; say first what input triggers it`);
    if (fix.replace(/[\s.`-]/g, '') === '') failures.push(`${where}: ${code}: the row has no fix`);
  }
  return rows;
}

const inSource = sourceCodes();
const inDocs = documentedCodes();
for (const [code, where] of [...inSource].sort()) {
  if (!inDocs.has(code)) failures.push(`${where}: ${code} is emitted but has no row in docs/reference/checks.md's "Every code" tables`);
}
for (const [code, where] of [...inDocs].sort()) {
  if (!inSource.has(code)) failures.push(`${where}: ${code} has a row but nothing in src/ emits it`);
}

// ------------------------------------------------------------------ 2. runtime error classes

const noormme = await import(pathToFileURL(join(root, 'runtime-ts/dist/esm/index.js')).href);
const classes = Object.entries(noormme)
  .filter(([, v]) => typeof v === 'function' && (v === Error || v.prototype instanceof Error))
  .map(([k]) => k)
  .sort();
if (!classes.includes('NoormError')) failures.push('runtime-ts: NoormError is not exported');
const errorsPage = 'docs/reference/errors.md';
let errorsText = '';
try {
  errorsText = readFileSync(join(root, errorsPage), 'utf8');
} catch {
  failures.push(`${errorsPage} does not exist`);
}
const sections = new Map();
{
  const parts = errorsText.split(/^## /m).slice(1);
  let offset = errorsText.indexOf('\n## ') + 1;
  for (const part of parts) {
    const name = /^`?(\w+)`?/.exec(part)?.[1];
    const line = errorsText.slice(0, offset).split('\n').length;
    if (name !== undefined) sections.set(name, { body: part, where: `${errorsPage}:${line}` });
    offset += part.length + 3;
  }
}
for (const name of classes) {
  const s = sections.get(name);
  if (s === undefined) {
    failures.push(`${errorsPage}: the exported error class ${name} has no "## ${name}" section`);
    continue;
  }
  if (!/^```tsx? ?.*$/m.test(s.body)) failures.push(`${s.where}: ${name}: no example (a \`\`\`ts block that triggers it)`);
  if (!/^```text/m.test(s.body)) failures.push(`${s.where}: ${name}: no message (a \`\`\`text block)`);
  if (!/^\*\*Fix\*\*/m.test(s.body)) failures.push(`${s.where}: ${name}: no **Fix** paragraph`);
}
for (const [name, s] of sections) {
  if (/^[A-Z]\w*Error$/.test(name) && !classes.includes(name)) failures.push(`${s.where}: ${name} is documented but noormme exports no such error class`);
}

for (const f of failures) console.error(`FAIL ${f}`);
console.log(
  `codes: ${inSource.size} codes in src/, ${inDocs.size} rows; ${classes.length} error classes (${classes.join(', ')}); ${failures.length} failures`,
);
process.exit(failures.length === 0 ? 0 : 1);
