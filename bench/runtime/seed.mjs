// Seeds one WAL database file: 1,000 users, 10,000 posts, 50,000 comments,
// with the reference schema (its embedded migrations). argv: <file>
import { COMMENTS, POSTS, REFERENCE, USERS, rng } from './common.mjs';

const { createDb } = await import(REFERENCE);
const file = process.argv[2];
const db = createDb({ filename: file, migrate: true });
const rand = rng(42);
const raw = db.connection.db;
const lorem = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ';
raw.transaction(() => {
  const u = raw.prepare('INSERT INTO users (id, email, name, role, is_active, bio) VALUES (?, ?, ?, ?, ?, ?)');
  for (let i = 1; i <= USERS; i++) {
    u.run(i, `user${i}@example.com`, `User ${i}`, ['member', 'editor', 'admin'][i % 3], i % 7 === 0 ? 0 : 1, i % 2 ? null : `Bio of user ${i}`);
  }
  const p = raw.prepare('INSERT INTO posts (id, author_id, title, body, status, metadata, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (let i = 1; i <= POSTS; i++) {
    const published = rand() < 0.6;
    p.run(
      i,
      1 + Math.floor(rand() * USERS),
      `Post number ${i}`,
      lorem.slice(0, 40 + Math.floor(rand() * 80)),
      published ? 'published' : 'draft',
      i % 4 === 0 ? JSON.stringify({ views: i, featured: i % 8 === 0 }) : null,
      published ? new Date(Date.UTC(2024, 0, 1) + i * 60000).toISOString() : null,
    );
  }
  const c = raw.prepare('INSERT INTO comments (post_id, author_id, body) VALUES (?, ?, ?)');
  for (let i = 1; i <= COMMENTS; i++) {
    c.run(1 + Math.floor(rand() * POSTS), rand() < 0.9 ? 1 + Math.floor(rand() * USERS) : null, `Comment ${i}: ${lorem.slice(0, 20 + Math.floor(rand() * 40))}`);
  }
})();
raw.exec('ANALYZE');
db.close();
console.log(`seeded ${file}`);
