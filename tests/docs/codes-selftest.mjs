// codes.mjs's own test: on a copy of src/, checks.md and errors.md with one fault of each kind
// (a code emitted without a row, a row without a code, a row without its message, one without
// its input, one without its fix, an error class without its section, a section missing its
// message), it reports each one, and nothing on the real tree.
//   usage: node tests/docs/codes-selftest.mjs   (about 2 s)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'noormc-codes-'));
const problems = [];
try {
  cpSync(join(root, 'src'), join(tmp, 'src'), { recursive: true });
  mkdirSync(join(tmp, 'docs/reference'), { recursive: true });
  symlinkSync(join(root, 'runtime-ts'), join(tmp, 'runtime-ts'));
  const edit = (file, from, to) => {
    const text = readFileSync(join(root, file), 'utf8');
    if (!text.includes(from)) throw new Error(`${file} no longer holds ${JSON.stringify(from)}: update codes-selftest.mjs`);
    writeFileSync(join(tmp, file), text.replace(from, to));
  };
  // A new code in the source: E0199 without a row.
  writeFileSync(join(tmp, 'src/new_code.cpp'), 'void f(D& d) { d.add(Severity::Error, "E0199", "x"); } // "E0198" in a comment is no code\n');
  let checks = readFileSync(join(root, 'docs/reference/checks.md'), 'utf8');
  const swap = (from, to) => {
    if (!checks.includes(from)) throw new Error(`checks.md no longer holds ${JSON.stringify(from)}: update codes-selftest.mjs`);
    checks = checks.replace(from, to);
  };
  swap('| E0210 | `DROP INDEX nope;`: "no such index \'nope\'" |', '| E0210 | `DROP INDEX nope;` |'); // no message
  swap('| E0203 | `CREATE TABLE users` twice: ', '| E0203 | '); // no input
  swap('| `CREATE TABLE IF NOT EXISTS`, or another name |', '| |'); // E0203 without its fix too
  swap('| E0105 |', '| E0197 |'); // a row without a code, and E0105 without a row
  writeFileSync(join(tmp, 'docs/reference/checks.md'), checks);
  edit('docs/reference/errors.md', '## BusyError', '## BusyErrors'); // BusyError without a section
  let errors = readFileSync(join(tmp, 'docs/reference/errors.md'), 'utf8');
  const busy = errors.indexOf('## SchemaMismatchError');
  const text = errors.indexOf('```text', busy);
  errors = errors.slice(0, text) + '```txt' + errors.slice(text + '```text'.length); // its message block gone
  writeFileSync(join(tmp, 'docs/reference/errors.md'), errors);

  const r = spawnSync(process.execPath, [join(here, 'codes.mjs'), '--root', tmp], { encoding: 'utf8' });
  const want = [
    /src\/new_code\.cpp:1: E0199 is emitted but has no row/,
    /src\/syntax\/\S+:\d+: E0105 is emitted but has no row/,
    /checks\.md:\d+: E0197 has a row but nothing in src\/ emits it/,
    /checks\.md:\d+: E0210: the example has no message in double quotes/,
    /checks\.md:\d+: E0203: the example starts with the message/,
    /checks\.md:\d+: E0203: the row has no fix/,
    /errors\.md: the exported error class BusyError has no "## BusyError" section/,
    /errors\.md:\d+: SchemaMismatchError: no message/,
  ];
  const got = r.stderr.split('\n').filter((l) => l.startsWith('FAIL '));
  if (r.status !== 1) problems.push(`exit status ${r.status}, not 1`);
  for (const w of want) if (!got.some((l) => w.test(l))) problems.push(`missing: ${w}`);
  if (got.length !== want.length) problems.push(`${got.length} failures, not ${want.length}`);
  if (got.some((l) => l.includes('E0198'))) problems.push('a code in a comment was counted');
  if (problems.length > 0) problems.push(`--- codes.mjs printed:\n${r.stdout}${r.stderr}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`FAIL codes selftest:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('codes selftest: each of the 8 faults is reported, and only those');
