// Contender: the reference generated repositories (runtime-ts/test/reference/blog),
// called the way docs/reference/contract.md#6-the-generated-typescript shows. argv: <db file>
import { RUN_ORDER, MEASURE, OPERATIONS, POSTS, REFERENCE, USERS, measure, rng } from './common.mjs';

const { createDb } = await import(REFERENCE);
const db = createDb({ filename: process.argv[2] });
const r = rng(7);

let counter = 0;
const ops = {
  'find by id': () => db.users.findById(1 + Math.floor(r() * USERS)),
  insert: () => db.users.create({ email: `gen${++counter}@bench.example`, name: `Bench ${counter}` }),
  update: () => db.users.update({ id: 1 + Math.floor(r() * USERS), name: `Renamed ${++counter}` }),
  'createMany 1,000 rows': () => {
    const rows = [];
    for (let i = 0; i < 1000; i++) rows.push({ author_id: 1 + Math.floor(r() * USERS), title: `Batch ${++counter}`, body: 'Bulk body' });
    return db.posts.createMany(rows);
  },
  'createManyAndReturn 1,000 rows': () => {
    const rows = [];
    for (let i = 0; i < 1000; i++) rows.push({ author_id: 1 + Math.floor(r() * USERS), title: `Batch ${++counter}`, body: 'Bulk body' });
    return db.posts.createManyAndReturn(rows);
  },
  'filtered list (50 rows)': () =>
    db.posts.findAll({ where: { status: 'published', id: { gt: Math.floor(r() * (POSTS - 500)) } }, orderBy: { id: 'asc' }, limit: 50 }),
  '100 users with posts': () =>
    db.users.findAll({ where: { id: { gt: Math.floor(r() * (USERS - 100)) } }, orderBy: { id: 'asc' }, limit: 100, include: { posts: true } }),
  '20 posts with author + comments': () =>
    db.posts.findAll({ where: { id: { gt: Math.floor(r() * (POSTS - 100)) } }, orderBy: { id: 'asc' }, limit: 20, include: { author: true, comments: true } }),
};

const result = {};
for (const op of RUN_ORDER) {
  // Same starting point for every operation: the WAL folded into the database.
  db.connection.db.pragma('wal_checkpoint(TRUNCATE)');
  result[op] = measure(ops[op], MEASURE[op]);
}
db.close();
process.stdout.write(JSON.stringify(result));
