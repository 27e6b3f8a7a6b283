import { mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { db } from "@/lib/db";

/** Where backups go: BACKUP_DIR, else ./data/backups. */
export function backupDir(): string {
  return resolve(process.env.BACKUP_DIR ?? "./data/backups");
}

/**
 * Copies the live database into BACKUP_DIR/app-<UTC time>.db with db.backup()
 * (`VACUUM INTO` through the app's connection, https://sqlite.org/lang_vacuum.html#vacuuminto):
 * a read transaction sees every committed row, those still in the -wal file
 * included, and writers keep going. The copy is written beside the target and
 * renamed, so a backup file is always complete. Copying app.db with cp would
 * miss the WAL's rows. Returns the file and its size in bytes.
 */
export function backupNow(): { file: string; bytes: number } {
  const dir = backupDir();
  mkdirSync(dir, { recursive: true });
  const file = db().backup(join(dir, `app-${new Date().toISOString().replace(/[:.]/g, "-")}.db`));
  return { file, bytes: statSync(file).size };
}
