import {
  CheckConstraintError,
  ForeignKeyError,
  NoormError,
  NotNullError,
  SchemaMismatchError,
  UniqueConstraintError,
} from "noormme";
import { log } from "@/lib/log";

/**
 * The HTTP answer to an error thrown while handling a request:
 * - 409 for a UNIQUE / PRIMARY KEY violation, 400 for NOT NULL, CHECK and
 *   FOREIGN KEY violations and bad values: the client's mistake, its message is returned;
 * - 503 when the database is behind the code (SchemaMismatchError): the deploy
 *   did not migrate; logged;
 * - 500 for anything else, logged with its stack, with no detail to the client.
 */
export function errorResponse(error: unknown, route: string): Response {
  if (error instanceof UniqueConstraintError) return Response.json({ error: error.message }, { status: 409 });
  if (
    error instanceof NotNullError ||
    error instanceof CheckConstraintError ||
    error instanceof ForeignKeyError ||
    (error instanceof NoormError && (error.code === "INVALID_VALUE" || error.code === "INVALID_ARGUMENT"))
  ) {
    return Response.json({ error: error.message }, { status: 400 });
  }
  if (error instanceof SchemaMismatchError) {
    log("error", "schema mismatch", { route, pending: error.pending, error: error.message });
    return Response.json({ error: "The database is not migrated" }, { status: 503 });
  }
  log("error", "unhandled error", { route, error: error instanceof Error ? error.stack : String(error) });
  return Response.json({ error: "Internal error" }, { status: 500 });
}
