import type { NoormErrorCode } from "noormme";
import { log } from "@/lib/log";

/**
 * 409 for UniqueConstraintError, 400 for NotNullError, CheckConstraintError,
 * ForeignKeyError and bad values: the client's mistake, its message is returned.
 * Matched by `code`, not `instanceof`: Next.js bundles noormme once per layer,
 * and the process-wide getDb() may hand a Route Handler a Db opened by another
 * layer, whose errors are instances of that layer's copy of the classes.
 */
const CLIENT_STATUS: Partial<Record<NoormErrorCode, 400 | 409>> = {
  UNIQUE_CONSTRAINT: 409,
  NOT_NULL_CONSTRAINT: 400,
  CHECK_CONSTRAINT: 400,
  FOREIGN_KEY_CONSTRAINT: 400,
  INVALID_ARGUMENT: 400,
  INVALID_VALUE: 400,
};

function codeOf(error: unknown): NoormErrorCode | undefined {
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string") return undefined;
  return error.code as NoormErrorCode;
}

/**
 * The HTTP answer to an error thrown while handling a request: the client's
 * mistakes as above; 503 when the database is behind the code
 * (SchemaMismatchError: the deploy did not migrate), logged; 500 for anything
 * else, logged with its stack, with no detail to the client.
 */
export function errorResponse(error: unknown, route: string): Response {
  const code = codeOf(error);
  const status = code === undefined ? undefined : CLIENT_STATUS[code];
  if (status !== undefined) return Response.json({ error: (error as Error).message }, { status });
  if (code === "SCHEMA_MISMATCH") {
    log("error", "schema mismatch", { route, error: (error as Error).message });
    return Response.json({ error: "The database is not migrated" }, { status: 503 });
  }
  log("error", "unhandled error", { route, error: error instanceof Error ? error.stack : String(error) });
  return Response.json({ error: "Internal error" }, { status: 500 });
}
