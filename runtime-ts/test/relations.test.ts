import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NoormError } from 'noormme';
import { openDb, openRecordingDb, seed } from './helpers.js';

test('belongs-to: post.author, comment.author (nullable), comment.post', () => {
  const db = openDb();
  const s = seed(db);
  const posts = db.posts.findAll({ include: { author: true }, orderBy: { id: 'asc' } });
  assert.deepEqual(
    posts.map((p) => p.author.email),
    ['alice@example.com', 'alice@example.com', 'bob@example.com'],
  );
  const comments = db.comments.findAll({ include: { author: true, post: true }, orderBy: { id: 'asc' } });
  assert.deepEqual(
    comments.map((c) => c.author?.name ?? null),
    ['Bob', null, null, 'Alice'],
  );
  assert.equal(comments[2]!.author, null, 'NULL foreign key → null');
  assert.deepEqual(
    comments.map((c) => c.post.title),
    ['First', 'First', 'First', 'Third'],
  );
  assert.equal(comments[0]!.post.id, s.p1.id);
  db.close();
});

test('has-many: user.posts, post.comments, in primary-key order, empty arrays', () => {
  const db = openDb();
  seed(db);
  const users = db.users.findAll({ include: { posts: true, comments: true }, orderBy: { id: 'asc' } });
  assert.deepEqual(
    users.map((u) => u.posts.map((p) => p.title)),
    [['First', 'Second'], ['Third'], []],
  );
  assert.deepEqual(
    users.map((u) => u.comments.length),
    [1, 1, 1],
  );
  const posts = db.posts.findAll({ include: { comments: true }, orderBy: { id: 'asc' } });
  assert.deepEqual(
    posts.map((p) => p.comments.map((c) => c.body)),
    [['Nice', 'Agreed', 'Anonymous'], [], ['Thanks']],
  );
  db.close();
});

test('has-one: user.profile (unique FK), profile.user', () => {
  const db = openDb();
  const s = seed(db);
  db.profiles.create({ user_id: s.alice.id, website: 'https://alice.dev' });
  const users = db.users.findAll({ include: { profile: true }, orderBy: { id: 'asc' } });
  assert.equal(users[0]!.profile?.website, 'https://alice.dev');
  assert.equal(users[1]!.profile, null);
  const prof = db.profiles.findAll({ include: { user: true } });
  assert.equal(prof[0]!.user.email, 'alice@example.com');
  db.close();
});

test('many-to-many through post_tags, both ways', () => {
  const db = openDb();
  const s = seed(db);
  const posts = db.posts.findAll({ include: { tags: true }, orderBy: { id: 'asc' } });
  assert.deepEqual(
    posts.map((p) => p.tags.map((t) => t.name)),
    [['sqlite', 'typescript'], [], ['typescript']],
  );
  const tags = db.tags.findAll({ include: { posts: true }, orderBy: { id: 'asc' } });
  assert.deepEqual(
    tags.map((t) => t.posts.map((p) => p.title)),
    [['First'], ['First', 'Third'], []],
  );
  // The join table's own relations.
  const links = db.post_tags.findAll({ include: { post: true, tag: true } });
  assert.equal(links.length, 3);
  assert.ok(links.every((l) => l.post.id === l.post_id && l.tag.id === l.tag_id));
  const withLinks = db.posts.findById(s.p1.id);
  assert.ok(withLinks);
  assert.deepEqual(db.posts.include([withLinks], { post_tags: true })[0]!.post_tags.length, 2);
  db.close();
});

test('self-reference: comment.parent and comment.comments (replies)', () => {
  const db = openDb();
  const s = seed(db);
  const reply2 = db.comments.create({ post_id: s.p1.id, body: 'Reply 2', parent_id: s.c1.id });
  const comments = db.comments.findAll({
    where: { post_id: s.p1.id },
    include: { parent: true, comments: { include: { parent: true } } },
    orderBy: { id: 'asc' },
  });
  const c1 = comments.find((c) => c.id === s.c1.id)!;
  assert.equal(c1.parent, null);
  assert.deepEqual(
    c1.comments.map((c) => c.id),
    [s.c2.id, reply2.id],
  );
  assert.ok(c1.comments.every((c) => c.parent?.id === s.c1.id));
  const c2 = comments.find((c) => c.id === s.c2.id)!;
  assert.equal(c2.parent?.body, 'Nice');
  db.close();
});

test('cycles: user → posts → author → posts', () => {
  const db = openDb();
  seed(db);
  const users = db.users.findAll({ include: { posts: { include: { author: { include: { posts: true } } } } }, orderBy: { id: 'asc' } });
  const alice = users[0]!;
  assert.equal(alice.posts[0]!.author.email, alice.email);
  assert.deepEqual(
    alice.posts[0]!.author.posts.map((p) => p.title),
    ['First', 'Second'],
  );
  db.close();
});

test('nested include with where, orderBy and limit per parent', () => {
  const db = openDb();
  seed(db);
  const users = db.users.findAll({
    orderBy: { id: 'asc' },
    include: {
      posts: {
        where: { status: 'published' },
        orderBy: { id: 'desc' },
        include: { comments: { orderBy: { id: 'desc' }, limit: 2, include: { author: true } } },
      },
    },
  });
  assert.deepEqual(
    users.map((u) => u.posts.map((p) => p.title)),
    [['First'], ['Third'], []],
  );
  const first = users[0]!.posts[0]!;
  assert.deepEqual(
    first.comments.map((c) => c.body),
    ['Anonymous', 'Agreed'],
    'two newest comments of this post',
  );
  assert.equal(first.comments[0]!.author, null);
  assert.equal(first.comments[1]!.author?.name, null, 'carol has no name');
  // limit applies per parent, not to the whole batch.
  const posts = db.posts.findAll({ orderBy: { id: 'asc' }, include: { comments: { limit: 1 } } });
  assert.deepEqual(
    posts.map((p) => p.comments.length),
    [1, 0, 1],
  );
  // offset too.
  const skipped = db.posts.findAll({ orderBy: { id: 'asc' }, include: { comments: { offset: 1, limit: 1 } } });
  assert.deepEqual(
    skipped.map((p) => p.comments.map((c) => c.body)),
    [['Agreed'], [], []],
  );
  // many-to-many with where and limit.
  const tagged = db.posts.findAll({ orderBy: { id: 'asc' }, include: { tags: { where: { name__startsWith: 'type' } } } });
  assert.deepEqual(
    tagged.map((p) => p.tags.map((t) => t.name)),
    [['typescript'], [], ['typescript']],
  );
  const oneTag = db.posts.findAll({ orderBy: { id: 'asc' }, include: { tags: { limit: 1, orderBy: { name: 'desc' } } } });
  assert.deepEqual(
    oneTag.map((p) => p.tags.map((t) => t.name)),
    [['typescript'], [], ['typescript']],
  );
  db.close();
});

test('one query per relation per level, whatever the number of parents', () => {
  const { db, selects, queries } = openRecordingDb();
  const ids = db.transaction(() => {
    const out: number[] = [];
    for (let i = 0; i < 50; i++) {
      const u = db.users.create({ email: `u${i}@example.com` });
      out.push(u.id);
      for (let j = 0; j < 3; j++) {
        const p = db.posts.create({ author_id: u.id, title: `p${i}.${j}` });
        db.comments.create({ post_id: p.id, author_id: u.id, body: 'c' });
        db.comments.create({ post_id: p.id, body: 'd' });
      }
    }
    return out;
  });
  assert.equal(ids.length, 50);
  queries.length = 0;
  const users = db.users.findAll({
    include: { posts: { include: { comments: { include: { author: true } }, tags: true } }, profile: true },
  });
  assert.equal(users.length, 50);
  assert.equal(
    users.reduce((n, u) => n + u.posts.reduce((m, p) => m + p.comments.length, 0), 0),
    300,
  );
  // users, posts, profile, comments, tags, comment authors: 6 statements.
  assert.equal(
    selects().length,
    6,
    selects()
      .map((q) => q.sql)
      .join('\n'),
  );
  assert.equal(queries.length, 6);
  // The same with 1 parent.
  queries.length = 0;
  db.users.findAll({ limit: 1, include: { posts: { include: { comments: { include: { author: true } }, tags: true } }, profile: true } });
  assert.equal(queries.length, 6);
  // findWithRelations: the row, then one per path segment.
  queries.length = 0;
  const one = db.users.findWithRelations(ids[0]!, ['posts', 'posts.comments', 'posts.comments.author']);
  assert.equal(one?.posts.length, 3);
  assert.equal(one!.posts[0]!.comments[0]!.author?.id, ids[0]);
  assert.equal(queries.length, 4);
  // No parents or no keys: no query for the relation.
  queries.length = 0;
  assert.deepEqual(db.users.findAll({ where: { email: 'none' }, include: { posts: true } }), []);
  assert.equal(queries.length, 1);
  db.close();
});

test('findWithRelations and include() load onto rows', () => {
  const db = openDb();
  const s = seed(db);
  const u = db.users.findWithRelations(s.alice.id, ['posts.comments', 'posts.tags', 'profile']);
  assert.ok(u);
  assert.deepEqual(
    u.posts.map((p) => p.comments.length),
    [3, 0],
  );
  assert.deepEqual(
    u.posts[0]!.tags.map((t) => t.name),
    ['sqlite', 'typescript'],
  );
  assert.equal(u.profile, null);
  assert.equal(db.users.findWithRelations(9999, ['posts']), null);
  const plain = db.posts.findAll({ orderBy: { id: 'asc' } });
  const loaded = db.posts.include(plain, { author: true, comments: { limit: 1 } });
  assert.equal(loaded[0]!.author.name, 'Alice');
  assert.equal(loaded[0]!.comments.length, 1);
  assert.equal(db.posts.findOne({ where: { id: s.p3.id }, include: { author: true } })?.author.name, 'Bob');
  const byPk = db.post_tags.findWithRelations({ post_id: s.p1.id, tag_id: s.t2.id }, ['tag', 'post.author']);
  assert.equal(byPk?.tag.name, 'typescript');
  assert.equal(byPk?.post.author.name, 'Alice');
  db.close();
});

test('unknown relations and include options are errors with suggestions', () => {
  const db = openDb();
  seed(db);
  assert.throws(
    () => db.users.findAll({ include: { post: true } as never }),
    (e: unknown) =>
      e instanceof NoormError &&
      e.code === 'RELATION_NOT_FOUND' &&
      /Relation 'post' not found on table 'users'/.test(e.message) &&
      /Did you mean 'posts'\?/.test(e.message),
  );
  assert.throws(() => db.users.findWithRelations(1, ['posts.commnts' as never]), /Did you mean 'comments'/);
  assert.throws(() => db.posts.findAll({ include: { author: { where: { id: 1 } } } as never }), /Unknown include option 'where'/);
  assert.throws(() => db.posts.findAll({ include: { comments: 'yes' } as never }), /must be true or an options object/);
  assert.throws(
    () => db.posts.findAll({ include: { comments: { where: { bdy: 'x' } } } } as never),
    /Column 'bdy' not found in table 'comments'/,
  );
  db.close();
});
