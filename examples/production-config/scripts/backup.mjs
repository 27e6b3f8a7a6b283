// An online backup from the command line (cron, a deploy hook):
//   node scripts/backup.mjs [database] [backup-dir]
// defaults: DATABASE_URL or ./data/app.db, BACKUP_DIR or ./data/backups.
// SQLite's backup API copies the pages through a connection, so rows still
// in the -wal file are in the copy (https://sqlite.org/backup.html).
import Database from "better-sqlite3";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";

const url = process.argv[2] ?? process.env.DATABASE_URL ?? "./data/app.db";
const source = url.startsWith("file:") ? url.slice("file:".length) : url;
const dir = process.argv[3] ?? process.env.BACKUP_DIR ?? "./data/backups";
mkdirSync(dir, { recursive: true });
const file = join(dir, `app-${new Date().toISOString().replace(/[:.]/g, "-")}.db`);

const db = new Database(source, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
try {
  await db.backup(file);
} finally {
  db.close();
}
console.log(JSON.stringify({ level: "info", msg: "backup written", file, bytes: statSync(file).size }));
