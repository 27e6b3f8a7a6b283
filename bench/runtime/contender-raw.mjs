// Contender: hand-written better-sqlite3 through cached prepared statements,
// doing the same work as the generated repositories (same SQL shape, same rows,
// relations batched the same way). Rows are better-sqlite3's row objects.
// argv: <db file>
import { RUN_ORDER, MEASURE, Database, OPERATIONS, POSTS, USERS, measure, rng } from './common.mjs';

const db = new Database(process.argv[2]);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('synchronous = NORMAL');
const r = rng(7);

const findById = db.prepare('SELECT * FROM users WHERE id = ?');
const insertUser = db.prepare('INSERT INTO users (email, name) VALUES (?, ?) RETURNING *');
const updateUser = db.prepare('UPDATE users SET name = ? WHERE id = ? RETURNING *');
const insertPost = db.prepare('INSERT INTO posts (author_id, title, body) VALUES (?, ?, ?) RETURNING *');
const insertPosts = db.transaction((rows) => rows.map((p) => insertPost.get(p.author_id, p.title, p.body)));
const insertPostRun = db.prepare('INSERT INTO posts (author_id, title, body) VALUES (?, ?, ?)');
const insertPostsCount = db.transaction((rows) => {
  let n = 0;
  for (const p of rows) n += insertPostRun.run(p.author_id, p.title, p.body).changes;
  return n;
});
const filtered = db.prepare('SELECT * FROM posts WHERE status = ? AND id > ? ORDER BY id ASC LIMIT ?');
const usersPage = db.prepare('SELECT * FROM users WHERE id > ? ORDER BY id ASC LIMIT ?');
const postsByAuthors = db.prepare('SELECT * FROM posts WHERE author_id IN (SELECT value FROM json_each(?)) ORDER BY id');
const postsPage = db.prepare('SELECT * FROM posts WHERE id > ? ORDER BY id ASC LIMIT ?');
const usersByIds = db.prepare('SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))');
const commentsByPosts = db.prepare('SELECT * FROM comments WHERE post_id IN (SELECT value FROM json_each(?)) ORDER BY id');

function group(rows, key) {
  const m = new Map();
  for (const row of rows) {
    const k = row[key];
    const g = m.get(k);
    if (g === undefined) m.set(k, [row]);
    else g.push(row);
  }
  return m;
}

let counter = 0;
const ops = {
  'find by id': () => findById.get(1 + Math.floor(r() * USERS)),
  insert: () => insertUser.get(`raw${++counter}@bench.example`, `Bench ${counter}`),
  update: () => updateUser.get(`Renamed ${++counter}`, 1 + Math.floor(r() * USERS)),
  'createMany 1,000 rows': () => {
    const rows = [];
    for (let i = 0; i < 1000; i++) rows.push({ author_id: 1 + Math.floor(r() * USERS), title: `Batch ${++counter}`, body: 'Bulk body' });
    return insertPostsCount(rows);
  },
  'createManyAndReturn 1,000 rows': () => {
    const rows = [];
    for (let i = 0; i < 1000; i++) rows.push({ author_id: 1 + Math.floor(r() * USERS), title: `Batch ${++counter}`, body: 'Bulk body' });
    return insertPosts(rows);
  },
  'filtered list (50 rows)': () => filtered.all('published', Math.floor(r() * (POSTS - 500)), 50),
  '100 users with posts': () => {
    const users = usersPage.all(Math.floor(r() * (USERS - 100)), 100);
    const posts = group(postsByAuthors.all(JSON.stringify(users.map((u) => u.id))), 'author_id');
    for (const u of users) u.posts = posts.get(u.id) ?? [];
    return users;
  },
  '20 posts with author + comments': () => {
    const posts = postsPage.all(Math.floor(r() * (POSTS - 100)), 20);
    const authorIds = [...new Set(posts.map((p) => p.author_id))];
    const authors = new Map(usersByIds.all(JSON.stringify(authorIds)).map((u) => [u.id, u]));
    const comments = group(commentsByPosts.all(JSON.stringify(posts.map((p) => p.id))), 'post_id');
    for (const p of posts) {
      p.author = authors.get(p.author_id) ?? null;
      p.comments = comments.get(p.id) ?? [];
    }
    return posts;
  },
};

const result = {};
for (const op of RUN_ORDER) {
  // Same starting point for every operation: the WAL folded into the database.
  db.pragma('wal_checkpoint(TRUNCATE)');
  result[op] = measure(ops[op], MEASURE[op]);
}
db.close();
process.stdout.write(JSON.stringify(result));
