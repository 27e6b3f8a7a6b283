import {
  CheckConstraintError,
  ForeignKeyError,
  NoormError,
  NotNullError,
  UniqueConstraintError,
} from "noormme";

/** noormme's errors about a value or argument the caller passed (not a constraint). */
const CLIENT_CODES = new Set<string>(["INVALID_ARGUMENT", "INVALID_VALUE", "COLUMN_NOT_FOUND"]);

/**
 * The HTTP status of an error a write can throw: 409 Conflict for a UNIQUE or
 * PRIMARY KEY violation (the row exists), 400 Bad Request for NOT NULL, CHECK
 * and FOREIGN KEY violations and for noormme's value and argument errors (the request is
 * wrong), undefined for anything else (a bug: let it be a 500).
 */
export function statusOf(error: unknown): 400 | 409 | undefined {
  if (error instanceof UniqueConstraintError) return 409;
  if (error instanceof NotNullError || error instanceof CheckConstraintError || error instanceof ForeignKeyError) {
    return 400;
  }
  if (error instanceof NoormError && CLIENT_CODES.has(error.code)) return 400;
  return undefined;
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
