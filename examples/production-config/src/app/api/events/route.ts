import { connection } from "next/server";
import type { EventKind } from "@/db";
import { db } from "@/lib/db";
import { errorResponse } from "@/lib/http";

/** GET /api/events: the 50 newest events. */
export async function GET() {
  await connection();
  try {
    return Response.json(db().events.findAll({ orderBy: [{ created_at: "desc" }, { id: "desc" }], limit: 50 }));
  } catch (error) {
    return errorResponse(error, "/api/events");
  }
}

/** POST /api/events `{ kind, payload? }`: 201 with the row; 400 for a kind the CHECK refuses. */
export async function POST(request: Request) {
  try {
    const body = (await request.json()) as { kind?: EventKind; payload?: unknown };
    const event = db().events.create({ kind: body.kind as EventKind, payload: body.payload ?? null });
    return Response.json(event, { status: 201 });
  } catch (error) {
    if (error instanceof SyntaxError) return Response.json({ error: "The body must be JSON" }, { status: 400 });
    return errorResponse(error, "/api/events");
  }
}
