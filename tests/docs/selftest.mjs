// The docs test's own test: on fixtures/drift.md it must fail exactly where the page drifted,
// at the page's lines: a type error, an output that differs, a runnable block without output,
// a runnable block that throws (its stack trace at the page's line); the fragment and the blocks that are right pass.
//   usage: node tests/docs/selftest.mjs NOORMC   (about 10 s)
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const page = 'tests/docs/fixtures/drift.md';
const r = spawnSync(process.execPath, [join(here, 'doctest.mjs'), resolve(process.argv[2] ?? 'build/noormc'), page], {
  cwd: root,
  encoding: 'utf8',
});
const got = r.stderr.split('\n').filter((l) => l.startsWith('FAIL '));
const want = [
  `FAIL ${page}:8:34: error TS2561: Object literal may only specify known properties, but 'emial' does not exist in type 'WhereOf<UserModel>'.`,
  `FAIL ${page}:37: the output differs from what the block at line 30 prints:`,
  `FAIL ${page}:42: a runnable block must be followed by a \`\`\`text output block`,
  `FAIL ${page}:49: the runnable block exited with 1:`,
];
const problems = [];
if (r.status !== 1) problems.push(`exit status ${r.status}, not 1`);
if (!r.stdout.includes('docs: 6 blocks type-checked, 3 run, 1 fragments skipped; 4 failures')) problems.push(`summary: ${r.stdout.trim()}`);
if (got.length !== want.length) problems.push(`${got.length} failures, not ${want.length}`);
want.forEach((w, i) => {
  if (!(got[i] ?? '').startsWith(w)) problems.push(`failure ${i + 1}:\n  want ${w}\n  got  ${got[i]}`);
});
if (!r.stderr.includes(`(${page}:52:`)) problems.push('the stack trace of the block that throws does not point at the page line 52');
if (!r.stderr.includes('"2 users"') || !r.stderr.includes('"1 users"')) problems.push('the output diff does not show both lines');
if (problems.length > 0) {
  console.error(`FAIL docs selftest:\n${problems.join('\n')}\n--- doctest printed:\n${r.stdout}${r.stderr}`);
  process.exit(1);
}
console.log('docs selftest: the drifted fixture fails at its 4 lines, and only there');
