import type { PostStatus } from "@/db";
import type { PostInput } from "@/lib/posts";
import { parseTags } from "@/lib/tags";

/** A post's fields from a form: empty body is NULL, tags are comma-separated. */
export function postFromForm(form: FormData): PostInput {
  const body = String(form.get("body") ?? "");
  return {
    author_id: Number(form.get("author_id")),
    title: String(form.get("title") ?? ""),
    body: body === "" ? null : body,
    status: String(form.get("status") ?? "draft") as PostStatus,
    tags: parseTags(String(form.get("tags") ?? "")),
  };
}

/**
 * A post's fields from a JSON body, passed on as they are: a missing title
 * reaches SQLite's NOT NULL, a status outside ('draft', 'published') its CHECK,
 * an unknown author_id its FOREIGN KEY, and the route answers 400 with the
 * error's message.
 */
export function postFromJson(json: unknown): PostInput {
  const b = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  return {
    author_id: b.author_id as number,
    title: b.title as string,
    body: (b.body ?? null) as string | null,
    status: (b.status ?? "draft") as PostStatus,
    tags: Array.isArray(b.tags) ? parseTags(b.tags.map(String).join(",")) : [],
  };
}
