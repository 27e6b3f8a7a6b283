import Link from "next/link";
import { connection } from "next/server";
import { Suspense } from "react";
import { listPosts } from "@/lib/posts";

export default function Home() {
  return (
    <>
      <h1>Posts</h1>
      <Suspense fallback={<p className="muted">Loading posts…</p>}>
        <PostList />
      </Suspense>
    </>
  );
}

/** Reads the database on every request: connection() opts this component out of prerendering. */
async function PostList() {
  await connection();
  const posts = listPosts();
  if (posts.length === 0) {
    return (
      <p>
        No posts yet. <Link href="/posts/new">Write the first one</Link>.
      </p>
    );
  }
  return posts.map((post) => (
    <article key={post.id}>
      <h2>
        <Link href={`/posts/${post.id}`}>{post.title}</Link>
      </h2>
      <p className="muted">
        by {post.author.name ?? post.author.email} · {post.status} · {post.created_at.toISOString().slice(0, 10)}
      </p>
      <p>
        {post.tags.map((tag) => (
          <span key={tag.id} className="tag">
            {tag.name}
          </span>
        ))}
      </p>
    </article>
  ));
}
