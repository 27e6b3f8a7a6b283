// The bundled example, end to end: the repositories noormc generated from
// ./migrations, on a real database file through better-sqlite3.
import { rmSync } from 'node:fs';
import { createDb } from './src/db/index.js';

rmSync('./app.db', { force: true });
const db = createDb({ filename: './app.db', migrate: true });

const ada = db.users.create({ email: 'ada@example.com', name: 'Ada', role: 'admin' });
const alan = db.users.create({ email: 'alan@example.com', name: 'Alan' });
const post = db.posts.create({ author_id: ada.id, title: 'Notes on the engine', status: 'published', published_at: new Date() });
db.posts.create({ author_id: alan.id, title: 'Draft', metadata: { words: 120 } });
db.comments.createMany([
  { post_id: post.id, author_id: alan.id, body: 'Brilliant.' },
  { post_id: post.id, author_id: null, body: 'Anonymous praise.' },
]);
const tag = db.tags.create({ name: 'math' });
db.post_tags.create({ post_id: post.id, tag_id: tag.id });

// Typed to the nested shape: (User & { posts: (Post & { comments: Comment[]; tags: Tag[] })[] })[]
const users = db.users.findAll({
  where: { email__icontains: 'example' },
  orderBy: { id: 'asc' },
  include: { posts: { include: { comments: true, tags: true } } },
});
for (const u of users) {
  console.log(`${u.name} <${u.email}> (${u.role}, active: ${u.is_active}, since ${u.created_at.toISOString()})`);
  for (const p of u.posts) {
    console.log(`  "${p.title}" [${p.status}] tags: ${p.tags.map((t) => t.name).join(', ') || '-'}`);
    for (const c of p.comments) console.log(`    - ${c.body}`);
  }
}
console.log('published:', db.published_posts.findAll().map((p) => p.title));
console.log('users with a role of admin:', db.users.count({ where: { role: 'admin' } }));
db.close();
