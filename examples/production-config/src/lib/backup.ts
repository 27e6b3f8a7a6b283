import { mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { db } from "@/lib/db";

/** Where backups go: BACKUP_DIR, else ./data/backups. */
export function backupDir(): string {
  return resolve(process.env.BACKUP_DIR ?? "./data/backups");
}

/**
 * Copies the live database into BACKUP_DIR/app-<UTC time>.db with SQLite's
 * online backup API (better-sqlite3's db.backup(), https://sqlite.org/backup.html):
 * it reads pages through the connection, so rows still in the -wal file are
 * in the copy, and writers keep going while it runs. Copying app.db with cp
 * would miss them. Returns the file and its size in bytes.
 */
export async function backupNow(): Promise<{ file: string; bytes: number }> {
  const dir = backupDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `app-${new Date().toISOString().replace(/[:.]/g, "-")}.db`);
  await db().connection.db.backup(file);
  return { file, bytes: statSync(file).size };
}
