import type { Db } from "@/db";

/** "next.js, SQLite ,next.js" → ["next.js", "SQLite"]: trimmed, empty ones and repeats dropped. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(",")) {
    const name = raw.trim();
    if (name === "" || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}

/**
 * Makes `names` the tags of a post: creates the tags that do not exist yet
 * (tags.name is UNIQUE COLLATE NOCASE, so "SQLite" and "sqlite" are one tag)
 * and replaces the post's rows in post_tags. Call it inside db.transaction().
 */
export function setPostTags(db: Db, postId: number, names: readonly string[]): void {
  db.post_tags.deleteMany({ where: { post_id: postId } });
  for (const name of names) {
    const tag = db.tags.findOne({ where: { name } }) ?? db.tags.create({ name });
    db.post_tags.create({ post_id: postId, tag_id: tag.id });
  }
}
