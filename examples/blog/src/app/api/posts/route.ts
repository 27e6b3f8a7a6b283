import { connection } from "next/server";
import { errorResponse } from "@/lib/errors";
import { postFromJson } from "@/lib/input";
import { createPost, findPost, listPosts } from "@/lib/posts";

/** GET /api/posts: every post with its author and tags (read on every request, never prerendered). */
export async function GET() {
  await connection();
  return Response.json(listPosts());
}

/**
 * POST /api/posts `{ author_id, title, body?, status?, tags? }`: 201 with the
 * post, 400 `{ error }` for NOT NULL / CHECK / FOREIGN KEY violations, 409 for
 * UNIQUE ones (an `id` that exists).
 */
export async function POST(request: Request) {
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    return Response.json({ error: "The body must be JSON" }, { status: 400 });
  }
  try {
    const id = createPost(postFromJson(json));
    return Response.json(findPost(id), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
