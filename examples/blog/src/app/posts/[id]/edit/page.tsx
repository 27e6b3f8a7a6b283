import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Suspense } from "react";
import { getDb } from "@/db";
import { updatePostAction } from "@/app/actions";
import { ActionForm } from "@/components/forms";
import { PostFields } from "@/components/post-fields";
import { findPost } from "@/lib/posts";

export default function EditPostPage({ params }: PageProps<"/posts/[id]/edit">) {
  return (
    <>
      <h1>Edit post</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <EditPostForm params={params} />
      </Suspense>
    </>
  );
}

async function EditPostForm({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await connection();
  const post = findPost(Number(id));
  if (post === null) notFound();
  const users = getDb().users.findAll({ orderBy: { name: "asc" } });
  return (
    <ActionForm action={updatePostAction} submit="Save">
      <PostFields users={users} post={post} tags={post.tags.map((t) => t.name)} />
    </ActionForm>
  );
}
