// Text from a migration never runs as code (issue 11, item 1): hostile table,
// column, index and view names, CHECK values, DEFAULT and GENERATED
// expressions go through every template slot. The output must pass tsc,
// importing it must have no side effect, and every name must round-trip:
// the generated metadata names what SQLite names, and rows written through the
// generated repositories come back with the same text.
//   usage: node tests/emit/hostile.test.mjs [NOORMC_BINARY]
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { build, makeApp, referenceDb, removeApp, runWithOutput, sqliteSchema, tsc } from './harness.mjs';

// Each payload tries to leave the place it is written in: a // or /** */
// comment, a '...' string, a template literal, a JSDoc tag, an identifier.
const PAYLOADS = [
  'x*/ globalThis.PWNED = 1; /*',
  'a\nglobalThis.PWNED = 1; //',
  'b\r\nglobalThis.PWNED = 1; //',
  'c\u2028globalThis.PWNED = 1; //',
  'd\u2029globalThis.PWNED = 1; //',
  "e' + (globalThis.PWNED = 1) + '",
  'f" + (globalThis.PWNED = 1) + "',
  'g` + (globalThis.PWNED = 1) + `',
  'h${globalThis.PWNED = 1}',
  'i\\',
  "j\\'; globalThis.PWNED = 1; //",
  'k*/\n/** @deprecated */',
  'l</script><!--',
  'm\ttab\u0001ctl\u007f',
  'n ünï©ødé ☃ \u{1F600}',
  '__proto__',
  'constructor',
  'toString',
];

const ident = (s) => '"' + s.replace(/"/g, '""') + '"';
const str = (s) => "'" + s.replace(/'/g, "''") + "'";

/** One table per payload, named by it, with a column, CHECK value, DEFAULT, GENERATED expression and index of it; a child table with an FK column named `<payload>_id`; a view. */
function migrations() {
  const ups = [];
  let sql = '';
  PAYLOADS.forEach((p, i) => {
    const t = ident(p);
    sql +=
      `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, ${ident(p)} TEXT NOT NULL CHECK (${ident(p)} IN (${str(p)}, 'z')), ` +
      `d TEXT DEFAULT ${str(p)}, g TEXT GENERATED ALWAYS AS (${str(p)} || coalesce(d, '')) VIRTUAL);\n` +
      `CREATE INDEX ${ident('ix ' + p)} ON ${t} (${ident(p)});\n` +
      `CREATE TABLE ${ident('child ' + i + ' ' + p)} (id INTEGER PRIMARY KEY, ${ident(p + '_id')} INTEGER REFERENCES ${t} (id));\n` +
      `CREATE VIEW ${ident('view ' + p)} AS SELECT id, ${ident(p)}, g FROM ${t};\n`;
  });
  ups.push(sql);
  return ups;
}

const dir = makeApp('hostile', migrations());
after(() => removeApp(dir));

test('noormc build accepts every hostile name', () => {
  const r = build(dir);
  assert.equal(r.status, 0, r.stderr);
});

test('the output passes tsc --strict', () => {
  assert.equal(tsc(dir), '');
});

test('importing the output has no side effect, and the names round-trip', () => {
  const ref = referenceDb(dir);
  const expected = sqliteSchema(ref);
  ref.close();
  const r = runWithOutput(
    dir,
    `const before = Object.keys(globalThis).length;
process.stdout.write(JSON.stringify({
  pwned: globalThis.PWNED ?? null,
  globals: Object.keys(globalThis).length - before,
  tables: Object.values(db.tables).map((t) => ({ name: t.name, type: t.kind, columns: t.columnNames })),
}));`,
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.pwned, null);
  assert.equal(r.stderr, '');
  const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  assert.deepEqual(out.tables.sort(byName), expected.sort(byName));
});

test('rows written through the generated code keep every hostile text', () => {
  const r = runWithOutput(
    dir,
    `const payloads = ${JSON.stringify(PAYLOADS)};
const d = db.createDb({ filename: ':memory:' });
d.migrate();
const out = [];
payloads.forEach((p, i) => {
  const repo = d.getRepository(p);
  const row = repo.create(Object.defineProperty({}, p, { value: p, enumerable: true }));
  const back = repo.findById(row.id);
  const child = d.getRepository('child ' + i + ' ' + p);
  child.create(Object.defineProperty({}, p + '_id', { value: row.id, enumerable: true }));
  const withParent = child.findAll({ include: Object.defineProperty({}, p, { value: true, enumerable: true }) })[0];
  const view = d.getRepository('view ' + p).findAll()[0];
  out.push({
    own: Object.prototype.hasOwnProperty.call(back, p),
    value: back[p],
    d: back.d,
    g: back.g,
    parent: withParent[p] === null ? null : withParent[p].id === row.id,
    view: view[p],
  });
});
d.close();
process.stdout.write(JSON.stringify({ pwned: globalThis.PWNED ?? null, out }));`,
  );
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.equal(res.pwned, null);
  PAYLOADS.forEach((p, i) => {
    assert.deepEqual(res.out[i], { own: true, value: p, d: p, g: p + p, parent: true, view: p }, JSON.stringify(p));
  });
});
