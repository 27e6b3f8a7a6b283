import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Suspense } from "react";
import { getDb } from "@/db";
import { addCommentAction, deletePostAction } from "@/app/actions";
import { ActionForm } from "@/components/forms";
import { findPost } from "@/lib/posts";

export default function PostPage({ params }: PageProps<"/posts/[id]">) {
  return (
    <Suspense fallback={<p className="muted">Loading post…</p>}>
      <PostView params={params} />
    </Suspense>
  );
}

async function PostView({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await connection();
  const post = findPost(Number(id));
  if (post === null) notFound();
  const users = getDb().users.findAll({ orderBy: { name: "asc" } });
  return (
    <article>
      <h1>{post.title}</h1>
      <p className="muted">
        by {post.author.name ?? post.author.email} · <span data-testid="status">{post.status}</span>
        {post.updated_at !== null && <> · edited {post.updated_at.toISOString().slice(0, 16)}</>}
      </p>
      <p>
        {post.tags.map((tag) => (
          <span key={tag.id} className="tag">
            {tag.name}
          </span>
        ))}
      </p>
      <p style={{ whiteSpace: "pre-wrap" }}>{post.body}</p>
      <p>
        <Link href={`/posts/${post.id}/edit`}>Edit</Link>
      </p>
      <form action={deletePostAction}>
        <input type="hidden" name="id" value={post.id} />
        <button type="submit">Delete post</button>
      </form>

      <h2>Comments ({post.comments.length})</h2>
      {post.comments.map((c) => (
        <p key={c.id}>
          <strong>{c.author?.name ?? c.author?.email ?? "anonymous"}</strong>: {c.body}
        </p>
      ))}
      <ActionForm action={addCommentAction} submit="Add comment">
        <input type="hidden" name="post_id" value={post.id} />
        <label>
          Comment
          <textarea name="body" rows={3} />
        </label>
        <label>
          As
          <select name="author_id" defaultValue="">
            <option value="">anonymous</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name ?? u.email}
              </option>
            ))}
          </select>
        </label>
      </ActionForm>
    </article>
  );
}
