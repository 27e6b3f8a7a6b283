import { connection } from "next/server";
import { getDb } from "@/db";
import { errorResponse } from "@/lib/errors";

/** GET /api/users: every author. */
export async function GET() {
  await connection();
  return Response.json(getDb().users.findAll({ orderBy: { id: "asc" } }));
}

/** POST /api/users `{ email, name? }`: 201 with the user, 409 when the email is taken, 400 when it is missing. */
export async function POST(request: Request) {
  let json: Record<string, unknown>;
  try {
    json = (await request.json()) as Record<string, unknown>;
  } catch {
    return Response.json({ error: "The body must be JSON" }, { status: 400 });
  }
  try {
    const user = getDb().users.create({ email: json.email as string, name: (json.name ?? null) as string | null });
    return Response.json(user, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
