import { connection } from "next/server";
import { databaseDriver, databaseFile, db } from "@/lib/db";
import { errorResponse } from "@/lib/http";

/**
 * GET /api/health: 200 when the database answers and every compiled migration
 * is applied, 503 otherwise (a load balancer takes the instance out).
 */
export async function GET() {
  await connection();
  try {
    const database = db();
    const status = database.migrationStatus();
    const conn = database.connection;
    const body = {
      status: status.pending.length === 0 && status.changed.length === 0 ? "ok" : "migrations pending",
      database: databaseFile(),
      driver: databaseDriver(),
      journal_mode: conn.pragma("journal_mode"),
      busy_timeout: conn.pragma("busy_timeout"),
      synchronous: conn.pragma("synchronous"),
      migrations: { applied: status.applied.length, pending: status.pending, changed: status.changed },
    };
    return Response.json(body, { status: body.status === "ok" ? 200 : 503 });
  } catch (error) {
    return errorResponse(error, "/api/health");
  }
}
