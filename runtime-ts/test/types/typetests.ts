// Compiled with `tsc --strict --noEmit` (npm run typetest): every
// `@ts-expect-error` line must be a type error, every other line must compile.
import { createDb, type Comment, type Post, type Profile, type Tag, type User } from '../reference/blog/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const db = createDb({ filename: ':memory:' });

// ---- rows and column types
const u = db.users.findById(1);
expectType<Equal<typeof u, User | null>>(true);
if (u !== null) {
  expectType<Equal<typeof u.role, 'member' | 'editor' | 'admin'>>(true);
  expectType<Equal<typeof u.is_active, boolean>>(true);
  expectType<Equal<typeof u.created_at, Date>>(true);
  expectType<Equal<typeof u.name, string | null>>(true);
  // @ts-expect-error no such column
  u.user_name;
}
const prof = db.profiles.findById(1)!;
expectType<Equal<typeof prof.followers, bigint>>(true);
expectType<Equal<typeof prof.avatar, Buffer | null>>(true);
expectType<Equal<typeof prof.handle, string | null>>(true);
expectType<Equal<Post['metadata'], unknown>>(true);
expectType<Equal<Post['published_at'], Date | null>>(true);
const pp = db.published_posts.findAll()[0]!;
expectType<Equal<typeof pp.published_at, Date | null>>(true);

// ---- wrong column names
// @ts-expect-error unknown column in where
db.users.findAll({ where: { user_name: 'x' } });
// @ts-expect-error unknown column in a Django key
db.users.findAll({ where: { user_name__contains: 'x' } });
// @ts-expect-error unknown operator
db.users.findAll({ where: { email: { like_or: 'x' } } });
// @ts-expect-error unknown Django operator
db.users.findAll({ where: { email__likes: 'x' } });
// @ts-expect-error unknown column in orderBy
db.users.findAll({ orderBy: { user_name: 'asc' } });
// @ts-expect-error bad direction
db.users.findAll({ orderBy: { email: 'sideways' } });
// @ts-expect-error unknown column in create
db.users.create({ email: 'a@b', nickname: 'x' });
// @ts-expect-error unknown column in update
db.users.update({ id: 1, nickname: 'x' });
// @ts-expect-error unknown column in upsert conflict
db.users.upsert({ email: 'a' }, { conflict: ['mail'] });
// @ts-expect-error no such table
db.getRepository('user');

// ---- wrong value types
// @ts-expect-error id is a number
db.users.findAll({ where: { id: 'one' } });
// @ts-expect-error gte on a number takes a number
db.users.findAll({ where: { id: { gte: '1' } } });
// @ts-expect-error in takes an array of the column's type
db.users.findAll({ where: { id__in: ['1'] } });
// @ts-expect-error role is a union of the CHECK values
db.users.create({ email: 'a@b', role: 'owner' });
// @ts-expect-error is_active is a boolean
db.users.create({ email: 'a@b', is_active: 1 });
// @ts-expect-error created_at is a Date
db.users.create({ email: 'a@b', created_at: '2024-01-01' });
// @ts-expect-error email is not nullable
db.users.update({ id: 1, email: null });
// @ts-expect-error followers is a bigint
db.profiles.create({ user_id: 1, followers: 'many' });
// @ts-expect-error findById takes the key type
db.users.findById('1');
// @ts-expect-error composite key needs both columns
db.post_tags.findById({ post_id: 1 });
// @ts-expect-error limit is a number
db.users.findAll({ limit: '10' });

// ---- required columns in create
// @ts-expect-error email is required
db.users.create({ name: 'x' });
// @ts-expect-error author_id and title are required
db.posts.create({ body: 'x' });
// @ts-expect-error both key columns of a WITHOUT ROWID join table are required
db.post_tags.create({ post_id: 1 });
db.users.create({ email: 'only-required@x' }); // ok: everything else has a default or is nullable
// @ts-expect-error update needs the key
db.users.update({ name: 'x' });

// ---- generated columns are never writable
// @ts-expect-error handle is GENERATED
db.profiles.create({ user_id: 1, handle: 'x' });
// @ts-expect-error handle is GENERATED
db.profiles.update({ id: 1, handle: 'x' });
// @ts-expect-error handle is GENERATED
db.profiles.updateMany({ where: {}, set: { handle: 'x' } });
db.profiles.findAll({ where: { handle: 'x' } }); // reading is fine

// ---- views are read-only
// @ts-expect-error no create on a view
db.published_posts.create({ title: 'x' });

// ---- relations: typed to the included shape
const plain = db.users.findAll()[0]!;
// @ts-expect-error posts were not included
plain.posts;
const withPosts = db.users.findAll({ include: { posts: true } })[0]!;
expectType<Equal<typeof withPosts.posts, Post[]>>(true);
// @ts-expect-error comments were not included
withPosts.comments;
// @ts-expect-error nested comments were not included
withPosts.posts[0]!.comments;
const nested = db.users.findAll({
  include: {
    posts: {
      where: { status: 'published' },
      orderBy: { id: 'desc' },
      limit: 5,
      include: { comments: { include: { author: true } }, tags: true },
    },
    profile: true,
  },
})[0]!;
expectType<Equal<typeof nested.profile, Profile | null>>(true);
expectType<Equal<(typeof nested.posts)[number]['tags'], Tag[]>>(true);
const nc = nested.posts[0]!.comments[0]!;
expectType<Equal<typeof nc.author, User | null>>(true);
expectType<Equal<typeof nc.body, string>>(true);
// @ts-expect-error comment.post was not included
nc.post;
// @ts-expect-error the include where is typed by the target table
db.users.findAll({ include: { posts: { where: { nope: 1 } } } });
// @ts-expect-error unknown relation
db.users.findAll({ include: { postz: true } });
// @ts-expect-error to-one relations take no where
db.posts.findAll({ include: { author: { where: { id: 1 } } } });

const postWithAuthor = db.posts.findOne({ include: { author: true } });
if (postWithAuthor !== null) expectType<Equal<typeof postWithAuthor.author, User>>(true);
const commentWithAuthor = db.comments.findAll({ include: { author: true, parent: true } })[0]!;
expectType<Equal<typeof commentWithAuthor.author, User | null>>(true);
expectType<Equal<typeof commentWithAuthor.parent, Comment | null>>(true);

const fwr = db.users.findWithRelations(1, ['posts', 'posts.comments']);
if (fwr !== null) {
  expectType<Equal<(typeof fwr.posts)[number]['comments'], Comment[]>>(true);
  expectType<Equal<(typeof fwr.posts)[number]['title'], string>>(true);
  const c: Comment[] = fwr.posts[0]!.comments;
  void c;
  // @ts-expect-error profile was not requested
  fwr.profile;
}
// @ts-expect-error unknown relation path
db.users.findWithRelations(1, ['posts.commnts']);
const tagged = db.tags.include(db.tags.findAll(), { posts: { include: { author: true } } });
const a: User = tagged[0]!.posts[0]!.author;
void a;

// ---- results are plain values; await works
async function awaited(): Promise<void> {
  const x = await db.users.findById(1);
  expectType<Equal<typeof x, User | null>>(true);
}
void awaited;
