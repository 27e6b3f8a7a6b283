import { connection } from "next/server";
import { findPost } from "@/lib/posts";

/** GET /api/posts/:id: the post with its author, tags and comments, or 404. */
export async function GET(_request: Request, { params }: RouteContext<"/api/posts/[id]">) {
  const { id } = await params;
  await connection();
  const post = findPost(Number(id));
  if (post === null) return Response.json({ error: `Post ${id} does not exist` }, { status: 404 });
  return Response.json(post);
}
