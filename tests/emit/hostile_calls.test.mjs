// Hostile calls from untyped JavaScript to generated repositories (see
// hostile_calls.sh): own properties only, destructive calls never widen, and
// values the types forbid are a NoormError naming the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoormError } from 'noormme';
import { createDb } from './dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'noormc-hostile-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let count = 0;
function open() {
  return createDb({ filename: join(dir, `db${count++}.db`), migrate: true });
}

/** Asserts fn throws a NoormError whose column (or message) names key. */
function throwsNaming(fn, key, what) {
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `${what}: did not throw`);
  assert.ok(error instanceof NoormError, `${what}: threw ${error?.constructor?.name}: ${error?.message}`);
  assert.ok(error.column === key || error.message.includes(`'${key}'`) || error.message.includes(key), `${what}: ${error.message}`);
}

const PROTO_COLUMNS = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'];

test('columns named like Object.prototype members round-trip through create, update, where and rows', () => {
  const db = open();
  // None of them given: nothing is read from Object.prototype.
  const a = db.protos.create({ other: 'o' });
  for (const k of PROTO_COLUMNS) {
    assert.ok(Object.prototype.hasOwnProperty.call(a, k), `row has own ${k}`);
    assert.equal(a[k], null, k);
  }
  // Every one given (the __proto__ one as an own property, as JSON.parse makes it).
  const data = JSON.parse('{"constructor":"c","toString":"s","hasOwnProperty":"h","valueOf":7,"__proto__":"p","other":"x"}');
  const b = db.protos.create(data);
  assert.deepEqual(
    PROTO_COLUMNS.map((k) => b[k]),
    ['c', 's', 'h', 7, 'p'],
  );
  assert.equal(Object.getPrototypeOf(b), Object.prototype, 'the __proto__ column does not replace the prototype');
  assert.equal(JSON.parse(JSON.stringify(b)).__proto__, 'p');
  const found = db.protos.findById(b.id);
  assert.equal(found.__proto__, 'p');
  assert.ok(Object.prototype.hasOwnProperty.call(found, '__proto__'));
  // where by each of them.
  for (const k of PROTO_COLUMNS) {
    const where = JSON.parse(JSON.stringify({ [k]: b[k] }));
    assert.deepEqual(db.protos.findAll({ where }).map((r) => r.id), [b.id], `where ${k}`);
    assert.equal(db.protos.count({ where: { [k]: { isNull: true } } }), 1, `where ${k} isNull`);
  }
  // update one of them, leaving the others alone.
  const u = db.protos.update(JSON.parse('{"id":' + b.id + ',"__proto__":"q","constructor":"d"}'));
  assert.equal(u.__proto__, 'q');
  assert.equal(u.constructor, 'd');
  assert.equal(u.toString, 's');
  const again = db.protos.update({ id: a.id, other: 'p' });
  assert.equal(again.other, 'p');
  assert.equal(again.constructor, null);
  assert.equal(db.protos.updateMany({ where: { other: 'p' }, set: { valueOf: 3 } }), 1);
  assert.equal(db.protos.findById(a.id).valueOf, 3);
  db.close();
});

test('an undefined where value is an error, never every row', () => {
  const db = open();
  for (let i = 0; i < 5; i++) db.items.create({ n: i, t: 't' + i });
  const wheres = [
    { id: undefined },
    { n: undefined, t: 't1' },
    { id: { eq: undefined } },
    { n: { in: [1, undefined] } },
    { id__gt: undefined },
    { OR: [{ id: undefined }] },
    { NOT: [{ t: undefined }] },
  ];
  for (const where of wheres) {
    const what = JSON.stringify(where, (_k, v) => (v === undefined ? '<undefined>' : v));
    assert.throws(() => db.items.deleteMany({ where }), NoormError, `deleteMany ${what}`);
    assert.throws(() => db.items.updateMany({ where, set: { t: 'x' } }), NoormError, `updateMany ${what}`);
    assert.throws(() => db.items.findAll({ where }), NoormError, `findAll ${what}`);
    assert.throws(() => db.items.count({ where }), NoormError, `count ${what}`);
    assert.equal(db.items.count(), 5, `nothing deleted by ${what}`);
  }
  throwsNaming(() => db.items.deleteMany({ where: { id: undefined } }), 'id', 'deleteMany id undefined');
  assert.equal(db.items.count({ where: { t: 'x' } }), 0, 'nothing updated');
  // { where: {} } is the explicit "every row".
  assert.equal(db.items.updateMany({ where: {}, set: { t: 'all' } }), 5);
  assert.equal(db.items.deleteMany({ where: {} }), 5);
  db.close();
});

test('values the types forbid are a NoormError naming the key, in writes and wheres', () => {
  const db = open();
  const row = db.items.create({ n: 1, t: 'a' });
  const fn = () => 1;
  const cases = [
    ['n', Symbol('s')],
    ['n', fn],
    ['n', { a: 1 }],
    ['n', [1, 2]],
    ['n', NaN],
    ['n', Infinity],
    ['n', -Infinity],
    ['n', 1e300],
    ['n', 2 ** 53 + 2],
    ['n', 2n ** 64n],
    ['n', -(2n ** 63n) - 1n],
    ['r', NaN],
    ['r', Infinity],
    ['r', Symbol('r')],
    ['r', { x: 1 }],
    ['big', 2n ** 63n],
    ['big', 1e300],
    ['big', NaN],
    ['t', Symbol('t')],
    ['t', fn],
    ['t', { toString: () => 'x' }],
    ['t', new Map()],
    ['t', NaN],
    ['t', 10n ** 30n],
    ['t', true],
    ['flag', Symbol('f')],
    ['flag', fn],
    ['at', Symbol('a')],
    ['at', { a: 1 }],
    ['at', NaN],
    ['meta', Symbol('m')],
    ['meta', fn],
    ['data', Symbol('d')],
    ['data', 'text'],
    ['data', { a: 1 }],
  ];
  for (const [key, value] of cases) {
    const what = `${key} = ${typeof value === 'symbol' ? 'Symbol' : typeof value === 'bigint' ? value + 'n' : String(value)}`;
    throwsNaming(() => db.items.create({ [key]: value }), key, `create ${what}`);
    throwsNaming(() => db.items.update({ id: row.id, [key]: value }), key, `update ${what}`);
    throwsNaming(() => db.items.upsert({ id: row.id, [key]: value }), key, `upsert ${what}`);
    throwsNaming(() => db.items.createMany([{ n: 2 }, { [key]: value }]), key, `createMany ${what}`);
    throwsNaming(() => db.items.updateMany({ where: { id: row.id }, set: { [key]: value } }), key, `updateMany ${what}`);
    // In a where, a plain object is an operator object and a boolean/Date converts: test the scalars.
    if (typeof value !== 'object' || value instanceof Map) {
      if (!(key === 't' && value === true) && !(key === 'data' && value === 'text')) {
        throwsNaming(() => db.items.findAll({ where: { [key]: value } }), key, `where ${what}`);
        throwsNaming(() => db.items.deleteMany({ where: { [key]: { in: [value] } } }), key, `where in ${what}`);
      }
    }
  }
  assert.equal(db.items.count(), 1, 'no failed write left a row');
  const kept = db.items.findById(row.id);
  assert.equal(kept.n, 1);
  assert.equal(kept.t, 'a');
  // The limits themselves are fine.
  const ok = db.items.create({ n: Number.MAX_SAFE_INTEGER, big: 2n ** 63n - 1n, r: 1e300, t: 'x', flag: true, at: new Date(0), meta: { a: [1] }, data: Buffer.from('b') });
  assert.equal(ok.n, Number.MAX_SAFE_INTEGER);
  assert.equal(ok.big, 2n ** 63n - 1n);
  assert.equal(ok.r, 1e300);
  assert.equal(db.items.count({ where: { big: -(2n ** 63n) } }), 0);
  db.close();
});
