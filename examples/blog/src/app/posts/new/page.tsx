import Link from "next/link";
import { connection } from "next/server";
import { Suspense } from "react";
import { getDb } from "@/db";
import { createPostAction } from "@/app/actions";
import { ActionForm } from "@/components/forms";
import { PostFields } from "@/components/post-fields";

export default function NewPostPage() {
  return (
    <>
      <h1>New post</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <NewPostForm />
      </Suspense>
    </>
  );
}

async function NewPostForm() {
  await connection();
  const users = getDb().users.findAll({ orderBy: { name: "asc" } });
  if (users.length === 0) {
    return (
      <p>
        A post needs an author: <Link href="/users">add one first</Link>.
      </p>
    );
  }
  return (
    <ActionForm action={createPostAction} submit="Create post">
      <PostFields users={users} />
    </ActionForm>
  );
}
