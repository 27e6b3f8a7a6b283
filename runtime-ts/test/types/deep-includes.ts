// Deep include chains (4+ levels), cycles (users → posts → author → users) and
// self-relations (comments.parent, comments.comments): the result types are
// exact at every level. Compiled by `npm run typetest` (tsc --strict --noEmit):
// every `@ts-expect-error` line must be a type error.
import { createDb, type Comment, type Post, type Profile, type Tag, type User } from '../reference/blog/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}
/** A row with relations added, flattened the way the generated types are. */
type With<T, R> = { [K in keyof T | keyof R]: K extends keyof R ? R[K] : K extends keyof T ? T[K] : never };

const db = createDb({ filename: ':memory:' });

// ---- five levels: users → posts → comments → parent (self) → comments (self) → author
const deep = db.users.findAll({
  include: { posts: { include: { comments: { include: { parent: { include: { comments: { include: { author: true } } } } } } } } },
})[0]!;
type L5 = With<Comment, { author: User | null }>;
type L4 = With<Comment, { comments: L5[] }>;
type L3 = With<Comment, { parent: L4 | null }>;
type L2 = With<Post, { comments: L3[] }>;
type L1 = With<User, { posts: L2[] }>;
expectType<Equal<typeof deep, L1>>(true);
const leaf = deep.posts[0]!.comments[0]!.parent!.comments[0]!;
expectType<Equal<typeof leaf, L5>>(true);
expectType<Equal<typeof leaf.author, User | null>>(true);
// @ts-expect-error the leaf's parent was not included
leaf.parent;
// @ts-expect-error the level-3 comment's author was not included
deep.posts[0]!.comments[0]!.author;
// @ts-expect-error a to-many relation is an array, not a row
deep.posts[0]!.comments[0]!.parent!.comments.body;
// @ts-expect-error the parent may be missing (nullable self-relation)
deep.posts[0]!.comments[0]!.parent.comments;
// @ts-expect-error unknown relation at the fourth level
db.users.findAll({ include: { posts: { include: { comments: { include: { parent: { include: { children: true } } } } } } } });
// @ts-expect-error a to-one relation (parent) takes no where, even four levels down
db.users.findAll({ include: { posts: { include: { comments: { include: { parent: { where: { id: 1 } } } } } } } });
// @ts-expect-error where at the fourth level is typed by that level's table (comments has no title)
db.users.findAll({ include: { posts: { include: { comments: { include: { comments: { where: { title: 'x' } } } } } } } });
db.users.findAll({ include: { posts: { include: { comments: { include: { comments: { where: { body: 'x' }, limit: 2 } } } } } } });

// ---- a cycle: users → posts → author (users) → posts → author
const cyc = db.users.findOne({
  include: { posts: { include: { author: { include: { posts: { include: { author: { include: { profile: true } } } } } } } } },
});
type C4 = With<User, { profile: Profile | null }>;
type C3 = With<Post, { author: C4 }>;
type C2 = With<User, { posts: C3[] }>;
type C1 = With<Post, { author: C2 }>;
type C0 = With<User, { posts: C1[] }>;
expectType<Equal<typeof cyc, C0 | null>>(true);
if (cyc !== null) {
  const back = cyc.posts[0]!.author.posts[0]!.author;
  expectType<Equal<typeof back, C4>>(true);
  expectType<Equal<typeof back.profile, Profile | null>>(true);
  // @ts-expect-error posts of the innermost author were not included
  back.posts;
}

// ---- a two-table cycle through a many-to-many: tags → posts → tags → posts
const tagCycle = db.tags.findAll({ include: { posts: { include: { tags: { include: { posts: true } } } } } })[0]!;
expectType<Equal<typeof tagCycle, With<Tag, { posts: With<Post, { tags: With<Tag, { posts: Post[] }>[] }>[] }>>>(true);

// ---- self-relation chains: parent.parent.parent, comments.comments.comments
const ancestors = db.comments.findAll({ include: { parent: { include: { parent: { include: { parent: true } } } } } })[0]!;
expectType<
  Equal<typeof ancestors, With<Comment, { parent: With<Comment, { parent: With<Comment, { parent: Comment | null }> | null }> | null }>>
>(true);
const thread = db.comments.findAll({
  include: { comments: { include: { comments: { include: { comments: { include: { post: true } } } } } } },
})[0]!;
expectType<Equal<(typeof thread)['comments'][number]['comments'][number]['comments'][number]['post'], Post>>(true);
// @ts-expect-error the third-level replies' replies were not included
thread.comments[0]!.comments[0]!.comments[0]!.comments;

// ---- dotted paths: four segments deep, through cycles and self-relations
const fw = db.users.findWithRelations(1, ['posts.comments.parent.author', 'posts.author.profile']);
if (fw !== null) {
  expectType<Equal<(typeof fw)['posts'][number]['comments'][number]['parent'], With<Comment, { author: User | null }> | null>>(true);
  expectType<Equal<(typeof fw)['posts'][number]['author'], With<User, { profile: Profile | null }>>>(true);
  // @ts-expect-error comments' authors were not requested
  fw.posts[0]!.comments[0]!.author;
}
// @ts-expect-error paths stop at four segments (RelationPath's default depth)
db.users.findWithRelations(1, ['posts.comments.parent.comments.author']);
// @ts-expect-error unknown relation in the middle of a path
db.users.findWithRelations(1, ['posts.replies.author']);
