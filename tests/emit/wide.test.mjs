// Wide tables (issue 11, item 4): write masks stay exact past 52 columns.
// Tables of 100 and 2,000 columns (SQLITE_MAX_COLUMN): create and update of a
// low and a high column together, of every column, and createMany; SQLite's
// own row (read with better-sqlite3) must hold what was written.
//   usage: node tests/emit/wide.test.mjs [NOORMC_BINARY]
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Database, build, makeApp, removeApp, runWithOutput, tsc } from './harness.mjs';

const WIDTHS = [100, 2000];
const table = (n) => `CREATE TABLE w${n} (id INTEGER PRIMARY KEY, ${Array.from({ length: n - 1 }, (_, i) => `c${i + 1} TEXT`).join(', ')});\n`;
const dir = makeApp('wide', [WIDTHS.map(table).join('')]);
after(() => removeApp(dir));

test('the wide tables build and pass tsc', () => {
  const r = build(dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(tsc(dir), '');
});

test('create and update of any column subset write exactly those columns', () => {
  const file = join(dir, 'wide.db');
  const r = runWithOutput(
    dir,
    `const d = db.createDb({ filename: ${JSON.stringify(file)}, migrate: true });
const widths = ${JSON.stringify(WIDTHS)};
let checked = 0;
for (const n of widths) {
  const repo = d.getRepository('w' + n);
  const cols = Array.from({ length: n - 1 }, (_, i) => 'c' + (i + 1));
  // Every pair of a low column (1..60) and a high one (51..n-1); a sample of both for 2,000.
  const highs = n <= 100 ? cols.slice(50) : cols.filter((_, i) => i >= 50 && (i % 37 === 0 || i > n - 5));
  const lows = cols.slice(0, 60).filter((_, i) => n <= 100 || i % 6 === 0);
  for (const lo of lows) {
    for (const hi of highs) {
      if (lo === hi) continue;
      const row = repo.create({ [lo]: 'L', [hi]: 'H' });
      if (row[lo] !== 'L' || row[hi] !== 'H') throw new Error('create ' + lo + '+' + hi);
      const up = repo.update({ id: row.id, [hi]: 'h', [lo]: 'l' });
      if (up[lo] !== 'l' || up[hi] !== 'h') throw new Error('update ' + lo + '+' + hi);
      checked++;
    }
  }
  // Every column at once, through create, update and createMany.
  const all = Object.fromEntries(cols.map((c) => [c, 'v' + c]));
  const row = repo.create(all);
  const back = repo.update({ id: row.id, ...Object.fromEntries(cols.map((c) => [c, 'u' + c])) });
  for (const c of cols) if (back[c] !== 'u' + c) throw new Error('all columns: ' + c);
  if (repo.createMany([all, all, { [cols.at(-1)]: 'last' }]) !== 3) throw new Error('createMany');
}
d.close();
process.stdout.write(JSON.stringify({ checked }));`,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.ok(JSON.parse(r.stdout).checked > 2500);
  // SQLite's own view of the rows.
  const db = new Database(file, { readonly: true });
  for (const n of WIDTHS) {
    const rows = db.prepare(`SELECT * FROM w${n} ORDER BY id`).all();
    const last = rows.at(-1);
    assert.equal(last[`c${n - 1}`], 'last');
    assert.equal(last.c1, null);
    const full = rows.at(-2);
    for (let i = 1; i < n; i++) assert.equal(full[`c${i}`], `vc${i}`);
    const pair = rows[0];
    assert.equal(pair.c1, 'l');
    assert.equal(pair[n <= 100 ? 'c51' : 'c75'], 'h'); // the first high column of the pairs
    assert.equal(pair.c2, null);
  }
  db.close();
});
