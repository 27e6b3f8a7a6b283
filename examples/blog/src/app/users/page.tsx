import { connection } from "next/server";
import { Suspense } from "react";
import { getDb } from "@/db";
import { createUserAction } from "@/app/actions";
import { ActionForm } from "@/components/forms";

export default function UsersPage() {
  return (
    <>
      <h1>Authors</h1>
      <Suspense fallback={<p className="muted">Loading authors…</p>}>
        <UserList />
      </Suspense>
      <h2>New author</h2>
      <ActionForm action={createUserAction} submit="Add author">
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Name
          <input name="name" />
        </label>
      </ActionForm>
    </>
  );
}

async function UserList() {
  await connection();
  const users = getDb().users.findAll({ orderBy: { created_at: "asc" }, include: { posts: true } });
  if (users.length === 0) return <p>No authors yet.</p>;
  return (
    <ul>
      {users.map((u) => (
        <li key={u.id}>
          {u.name ?? "(no name)"} &lt;{u.email}&gt; · {u.role} · {u.posts.length} post(s)
        </li>
      ))}
    </ul>
  );
}
