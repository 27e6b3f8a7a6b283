import { getDb, type NewPost, type PostStatus } from "@/db";
import { setPostTags } from "@/lib/tags";

/** What a form or a JSON body gives to create or edit a post. */
export interface PostInput {
  author_id: number;
  title: string;
  body: string | null;
  status: PostStatus;
  tags: string[];
}

/** Creates a post with its tags in one transaction; returns its id. Throws noormme's constraint errors. */
export function createPost(input: PostInput): number {
  const db = getDb();
  return db.transaction(() => {
    const data: NewPost = {
      author_id: input.author_id,
      title: input.title,
      body: input.body,
      status: input.status,
      published_at: input.status === "published" ? new Date() : null,
    };
    const post = db.posts.create(data);
    setPostTags(db, post.id, input.tags);
    return post.id;
  });
}

/** Edits a post and replaces its tags; false when there is no such post. */
export function updatePost(id: number, input: PostInput): boolean {
  const db = getDb();
  return db.transaction(() => {
    const before = db.posts.findById(id);
    if (before === null) return false;
    db.posts.update({
      id,
      author_id: input.author_id,
      title: input.title,
      body: input.body,
      status: input.status,
      published_at: input.status === "published" ? (before.published_at ?? new Date()) : null,
    });
    setPostTags(db, id, input.tags);
    return true;
  });
}

/** A post with its author, its tags and its comments (each with its author), or null. */
export function findPost(id: number) {
  return getDb().posts.findOne({
    where: { id },
    include: { author: true, tags: true, comments: { include: { author: true } } },
  });
}

/** Every post, newest first, with its author and tags. */
export function listPosts() {
  return getDb().posts.findAll({
    orderBy: { created_at: "desc", id: "desc" },
    include: { author: true, tags: true },
  });
}
