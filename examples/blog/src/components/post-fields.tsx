import type { Post, User } from "@/db";

/** The fields of the new-post and edit-post forms. */
export function PostFields({ users, post, tags }: { users: User[]; post?: Post; tags?: string[] }) {
  return (
    <>
      {post !== undefined && <input type="hidden" name="id" value={post.id} />}
      <label>
        Title
        <input name="title" defaultValue={post?.title} />
      </label>
      <label>
        Author
        <select name="author_id" defaultValue={post?.author_id}>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name ?? u.email}
            </option>
          ))}
        </select>
      </label>
      <label>
        Body
        <textarea name="body" rows={6} defaultValue={post?.body ?? ""} />
      </label>
      <label>
        Status
        <select name="status" defaultValue={post?.status ?? "draft"}>
          <option value="draft">draft</option>
          <option value="published">published</option>
        </select>
      </label>
      <label>
        Tags (comma-separated)
        <input name="tags" defaultValue={tags?.join(", ")} />
      </label>
    </>
  );
}
