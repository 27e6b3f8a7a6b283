import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { OnQuery } from "noormme";
import { DEFAULT_DATABASE, getDb, type Db } from "@/db";
import { log } from "@/lib/log";

/** The database file: DATABASE_URL (`file:/data/app.db` or a path), else noormc.json's "database". */
export function databaseFile(): string {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === "") return DEFAULT_DATABASE;
  return url.startsWith("file:") ? url.slice("file:".length) : url;
}

/** With LOG_SQL=1, every statement and its parameters as a debug log line. */
const logQuery: OnQuery | undefined =
  process.env.LOG_SQL === "1" ? (sql, params) => log("debug", "sql", { sql, params }) : undefined;

/**
 * Which configuration runs, chosen by one environment variable:
 * - unset (default): one machine, better-sqlite3 on the file DATABASE_URL;
 * - DATABASE_DRIVER=libsql: the libsql driver on the same file, or, with
 *   TURSO_DATABASE_URL set, an embedded replica of that Turso/sqld primary
 *   (TURSO_AUTH_TOKEN; SYNC_INTERVAL seconds between background pulls).
 * The generated code (src/db) is the same in both.
 */
export function databaseDriver(): "better-sqlite3" | "libsql" {
  return process.env.DATABASE_DRIVER === "libsql" ? "libsql" : "better-sqlite3";
}

/** The embedded replica's options when DATABASE_DRIVER=libsql and TURSO_DATABASE_URL is set. */
function replicaOptions(): { syncUrl: string; authToken?: string; syncInterval?: number } | undefined {
  const syncUrl = process.env.TURSO_DATABASE_URL;
  if (databaseDriver() !== "libsql" || syncUrl === undefined || syncUrl === "") return undefined;
  const interval = Number(process.env.SYNC_INTERVAL);
  return {
    syncUrl,
    authToken: process.env.TURSO_AUTH_TOKEN,
    ...(Number.isFinite(interval) && interval > 0 ? { syncInterval: interval } : {}),
  };
}

/**
 * The process's connection, with the pragmas spelled out:
 * - journal_mode WAL: readers never block the writer nor the writer readers
 *   (https://sqlite.org/wal.html);
 * - busy_timeout 5000: a writer that finds another one waits up to 5 s
 *   instead of failing with SQLITE_BUSY (https://sqlite.org/pragma.html#pragma_busy_timeout);
 * - synchronous NORMAL: with WAL, a commit is durable once checkpointed and
 *   never corrupts (https://sqlite.org/pragma.html#pragma_synchronous);
 * - foreign_keys ON: REFERENCES are enforced.
 * An embedded replica sends PRAGMAs to the primary, which owns its journal:
 * it gets none but foreign_keys.
 */
export function db(): Db {
  const replica = replicaOptions();
  return getDb({
    driver: databaseDriver(),
    filename: databaseFile(),
    ...(replica ?? {}),
    pragmas:
      replica === undefined
        ? { journal_mode: "WAL", busy_timeout: 5000, synchronous: "NORMAL", foreign_keys: true }
        : { foreign_keys: true },
    onQuery: logQuery,
  });
}

/**
 * Migrate on deploy: applies the migrations compiled into src/db (no folder,
 * no noormc binary needed on the server) before the first request. Called
 * once by instrumentation.ts's register() when the server starts in
 * production. A failure is logged and ends the process: a server must not
 * serve a schema its code was not compiled for.
 */
export function migrateOnDeploy(): void {
  const file = databaseFile();
  try {
    mkdirSync(dirname(file), { recursive: true });
    const { applied } = db().migrate();
    const status = db().migrationStatus();
    log("info", "migrations applied", { database: file, driver: databaseDriver(), applied, total: status.applied.length });
  } catch (error) {
    log("error", "migration failed: the server stops", { database: file, error: String(error) });
    process.exit(1);
  }
}
