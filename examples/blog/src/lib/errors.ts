import type { NoormErrorCode } from "noormme";

/**
 * The HTTP status of each error a write can throw, by the error's `code`:
 * 409 Conflict for UniqueConstraintError (UNIQUE or PRIMARY KEY: the row
 * exists), 400 Bad Request for NotNullError, CheckConstraintError,
 * ForeignKeyError and noormme's value and argument errors (the request is
 * wrong).
 *
 * Matched by `code`, not `instanceof`: Next.js bundles noormme once per layer
 * (Server Components and Actions, Route Handlers), and the process-wide
 * getDb() may hand a Route Handler a Db opened by another layer, whose errors
 * are instances of that layer's copy of the classes.
 */
const STATUS: Partial<Record<NoormErrorCode, 400 | 409>> = {
  UNIQUE_CONSTRAINT: 409,
  NOT_NULL_CONSTRAINT: 400,
  CHECK_CONSTRAINT: 400,
  FOREIGN_KEY_CONSTRAINT: 400,
  INVALID_ARGUMENT: 400,
  INVALID_VALUE: 400,
  COLUMN_NOT_FOUND: 400,
};

/** The status for an error the client caused, or undefined (a bug: let it be a 500). */
export function statusOf(error: unknown): 400 | 409 | undefined {
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string") return undefined;
  return STATUS[error.code as NoormErrorCode];
}

/** `{ error: message }` with the status of statusOf(error); rethrows errors that are not the client's. */
export function errorResponse(error: unknown): Response {
  const status = statusOf(error);
  if (status === undefined) throw error;
  return Response.json({ error: (error as Error).message }, { status });
}

/** The message a form shows for an error a write can throw; rethrows errors that are not the user's. */
export function formError(error: unknown): string {
  if (statusOf(error) === undefined) throw error;
  return (error as Error).message;
}
