/**
 * The migration runner. Applied migrations are recorded by name in
 * `noormc_migrations(name, checksum, applied_at)`; every migration not yet
 * applied is applied (never a high-water mark), each in its own transaction:
 *
 *   PRAGMA foreign_keys=OFF            -- outside the transaction, where it works
 *   BEGIN IMMEDIATE                    -- the write lock: one process at a time
 *   (re-read noormc_migrations: skip if another process applied it meanwhile)
 *   <the migration's statements>       -- as noormc split them: its own BEGIN/COMMIT left out
 *   PRAGMA foreign_key_check           -- any violation: ROLLBACK and an error
 *   INSERT INTO noormc_migrations ...
 *   COMMIT
 *   PRAGMA foreign_keys=<as before>
 */
import { createHash } from 'node:crypto';
import type { Connection, SqliteDatabase } from './connection.js';
import { BusyError, MigrationChecksumError, MigrationError, NoormError, SchemaMismatchError } from './errors.js';

/**
 * One statement of a migration file, as noormc's parser split it: the text
 * from its first token to its last (without the `;`) and the 1-based line it
 * starts on. `noormc migrate` runs the same list (src/checks/sqltext.cpp).
 */
export interface MigrationStatement {
  readonly sql: string;
  readonly line: number;
}

export interface Migration {
  /** `0001_create_users`: the file name without `.up.sql`. */
  readonly name: string;
  /** The up file's statements in order, without its own BEGIN/COMMIT/ROLLBACK (SAVEPOINTs are kept). */
  readonly up: readonly MigrationStatement[];
  /** The down file's statements; null when there is no down file (irreversible). */
  readonly down: readonly MigrationStatement[] | null;
  /** Hex SHA-256 of the up file's bytes. */
  readonly checksum: string;
}

export interface AppliedMigration {
  name: string;
  checksum: string;
  applied_at: string;
}

export interface MigrationStatus {
  applied: AppliedMigration[];
  /** Known migrations not applied, in order. */
  pending: string[];
  /** Applied migrations whose checksum differs from the compiled one. */
  changed: string[];
  /** Applied migrations that the compiled list does not know. */
  unknown: string[];
}

export interface MigrateOptions {
  /**
   * Target: a migration name or its numeric prefix. Migrations up to and
   * including it are applied; applied ones after it are rolled back (downs in
   * reverse order). Omitted: apply everything pending. `0` or `null`: roll back all.
   */
  to?: string | number | null;
  /** Called before each migration is applied or rolled back, and when another process did it first. */
  log?: (message: string) => void;
}

export interface MigrateResult {
  applied: string[];
  rolledBack: string[];
}

export const MIGRATIONS_TABLE = 'noormc_migrations';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
  name TEXT PRIMARY KEY NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/** Hex SHA-256 of a migration's text (what noormc embeds as checksum). */
export function checksum(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

type Db = Connection | SqliteDatabase;

function raw(db: Db): SqliteDatabase {
  return 'db' in db && typeof (db as Connection).prepareRaw === 'function' ? (db as Connection).db : (db as SqliteDatabase);
}

/** The file name for messages: the Connection's, else the driver database's `name` (better-sqlite3). */
function filenameOf(db: Db): string | undefined {
  if ('filename' in db && typeof (db as Connection).filename === 'string') return (db as Connection).filename;
  const name = (db as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `fn`, turning SQLITE_BUSY* (another process held the write lock for
 * longer than busy_timeout, https://sqlite.org/rescode.html#busy) into a
 * BusyError, as every other statement of the runtime does. @internal
 */
function busyMapped<T>(db: Db, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isBusy(e)) throw new BusyError(filenameOf(db), e);
    if (e instanceof MigrationError && isBusy(e.cause)) throw new BusyError(filenameOf(db), e.cause);
    throw e;
  }
}

function report(db: Db, sql: string, params: readonly unknown[] = []): void {
  const hook = 'onQuery' in db ? (db as Connection).onQuery : undefined;
  if (hook !== undefined) hook(sql, params);
}

function exec(db: Db, sql: string): void {
  report(db, sql);
  raw(db).exec(sql);
}

function tableExists(d: SqliteDatabase): boolean {
  return d.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE) !== undefined;
}

function readApplied(d: SqliteDatabase): AppliedMigration[] {
  if (!tableExists(d)) return [];
  return d.prepare(`SELECT name, checksum, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY name`).all() as AppliedMigration[];
}

function statements(list: unknown): boolean {
  return Array.isArray(list) && list.every((s) => typeof s?.sql === 'string' && Number.isInteger(s?.line));
}

function validate(migrations: readonly Migration[]): void {
  const names = new Set<string>();
  for (const m of migrations) {
    const ok = typeof m?.name === 'string' && typeof m.checksum === 'string' && statements(m.up) && (m.down === null || statements(m.down));
    if (!ok) {
      throw new NoormError('Each migration needs { name, up, down, checksum }, with up and down as lists of { sql, line }', {
        code: 'INVALID_ARGUMENT',
        fix: 'pass the migrations that noormc embeds in migrations.ts',
      });
    }
    if (names.has(m.name))
      throw new MigrationError(m.name, `Migration '${m.name}' is listed twice`, { fix: 'give each migration a distinct name' });
    names.add(m.name);
  }
}

/** Applied, pending, changed and unknown migrations. Reads only. */
export function migrationStatus(db: Db, migrations: readonly Migration[]): MigrationStatus {
  validate(migrations);
  const applied = busyMapped(db, () => readApplied(raw(db)));
  const byName = new Map(applied.map((a) => [a.name, a] as const));
  const known = new Set(migrations.map((m) => m.name));
  return {
    applied,
    pending: migrations.filter((m) => !byName.has(m.name)).map((m) => m.name),
    changed: migrations.filter((m) => byName.has(m.name) && byName.get(m.name)!.checksum !== m.checksum).map((m) => m.name),
    unknown: applied.filter((a) => !known.has(a.name)).map((a) => a.name),
  };
}

function prefixOf(name: string): string {
  const m = /^(\d+)/.exec(name);
  return m === null ? name : m[1]!;
}

function targetIndex(migrations: readonly Migration[], to: string | number | null): number {
  if (to === null || to === 0 || to === '0') return -1;
  const key = String(to);
  let idx = migrations.findIndex((m) => m.name === key);
  if (idx < 0) {
    const n = Number(key);
    idx = migrations.findIndex((m) => {
      const p = prefixOf(m.name);
      return p === key || (Number.isFinite(n) && /^\d+$/.test(key) && Number(p) === n);
    });
  }
  if (idx < 0) {
    throw new MigrationError(key, `No migration named or numbered '${key}'`, {
      code: 'MIGRATION_UNKNOWN',
      notes: [`Known migrations: ${migrations.map((m) => m.name).join(', ') || '(none)'}`],
      fix: 'pass a migration name or number from the list',
    });
  }
  return idx;
}

/** Runs a migration's statements; a refused one is a MigrationError naming its file, line and text. */
function runStatements(db: Db, m: Migration, direction: 'up' | 'down'): void {
  const file = `${m.name}.${direction}.sql`;
  for (const st of direction === 'up' ? m.up : m.down!) {
    try {
      exec(db, st.sql);
    } catch (e) {
      const first = st.sql.split('\n', 1)[0]!;
      throw new MigrationError(m.name, `Migration '${m.name}' failed (${direction}) at ${file}:${st.line}: ${(e as Error).message}`, {
        notes: [
          `${file}:${st.line}: ${first.length > 120 ? first.slice(0, 117) + '...' : first}`,
          'The migration was rolled back; the database is as it was before it.',
        ],
        fix: `fix the statement at ${file}:${st.line} and run the migrations again`,
        cause: e,
      });
    }
  }
}

function foreignKeyViolations(d: SqliteDatabase): { table: string; rowid: number | null; parent: string; fkid: number }[] {
  return d.prepare('PRAGMA foreign_key_check').all() as { table: string; rowid: number | null; parent: string; fkid: number }[];
}

/** One migration step in its own transaction; returns false when another process did it first. */
function step(db: Db, m: Migration, direction: 'up' | 'down'): boolean {
  const d = raw(db);
  if (d.inTransaction) {
    throw new MigrationError(m.name, 'Migrations cannot run inside a transaction', {
      fix: 'call migrate() outside db.transaction()',
    });
  }
  const fkWasOn = (d.pragma('foreign_keys', { simple: true }) as number) === 1;
  exec(db, 'PRAGMA foreign_keys = OFF');
  try {
    exec(db, 'BEGIN IMMEDIATE');
    try {
      // Re-read inside the write lock: another process may have done this step.
      const row = d.prepare(`SELECT checksum FROM ${MIGRATIONS_TABLE} WHERE name = ?`).get(m.name) as { checksum: string } | undefined;
      if (direction === 'up' ? row !== undefined : row === undefined) {
        if (direction === 'up' && row !== undefined && row.checksum !== m.checksum) {
          throw new MigrationChecksumError(m.name, row.checksum, m.checksum);
        }
        exec(db, 'ROLLBACK');
        return false;
      }
      runStatements(db, m, direction);
      report(db, 'PRAGMA foreign_key_check');
      const violations = foreignKeyViolations(d);
      if (violations.length > 0) {
        const shown = violations.slice(0, 5).map((v) => `row ${v.rowid ?? '?'} of '${v.table}' references a missing row of '${v.parent}'`);
        if (violations.length > 5) shown.push(`... and ${violations.length - 5} more`);
        throw new MigrationError(
          m.name,
          `Migration '${m.name}' (${direction}) leaves ${violations.length} foreign key violation${violations.length === 1 ? '' : 's'}`,
          {
            code: 'MIGRATION_FAILED',
            table: violations[0]!.table,
            notes: [...shown, 'The migration was rolled back.'],
            fix: 'make the migration keep every foreign key valid (copy or delete the dependent rows)',
          },
        );
      }
      if (direction === 'up') {
        const sql = `INSERT INTO ${MIGRATIONS_TABLE} (name, checksum, applied_at) VALUES (?, ?, ?)`;
        const params = [m.name, m.checksum, new Date().toISOString()];
        report(db, sql, params);
        d.prepare(sql).run(params);
      } else {
        const sql = `DELETE FROM ${MIGRATIONS_TABLE} WHERE name = ?`;
        report(db, sql, [m.name]);
        d.prepare(sql).run(m.name);
      }
      exec(db, 'COMMIT');
      return true;
    } catch (e) {
      if (d.inTransaction) exec(db, 'ROLLBACK');
      throw e;
    }
  } finally {
    if (fkWasOn) exec(db, 'PRAGMA foreign_keys = ON');
  }
}

/**
 * Applies every pending migration (or moves to `options.to`). Safe to run from
 * several processes at once: each step takes the write lock and re-checks.
 * Another process that holds the write lock for longer than busy_timeout is
 * a BusyError (nothing of the waiting step was written; run it again).
 */
export function migrate(db: Db, migrations: readonly Migration[], options: MigrateOptions = {}): MigrateResult {
  validate(migrations);
  return busyMapped(db, () => migrateSteps(db, migrations, options));
}

function migrateSteps(db: Db, migrations: readonly Migration[], options: MigrateOptions): MigrateResult {
  const d = raw(db);
  exec(db, CREATE_TABLE);
  const applied = new Map(readApplied(d).map((a) => [a.name, a] as const));
  for (const m of migrations) {
    const a = applied.get(m.name);
    if (a !== undefined && a.checksum !== m.checksum) throw new MigrationChecksumError(m.name, a.checksum, m.checksum);
  }
  const result: MigrateResult = { applied: [], rolledBack: [] };
  const last = options.to === undefined ? migrations.length - 1 : targetIndex(migrations, options.to);
  // Roll back applied migrations after the target, newest first.
  for (let i = migrations.length - 1; i > last; i--) {
    const m = migrations[i]!;
    if (!applied.has(m.name)) continue;
    if (m.down === null) {
      throw new MigrationError(m.name, `Migration '${m.name}' is irreversible: it has no down migration`, {
        code: 'MIGRATION_IRREVERSIBLE',
        fix: `add ${m.name}.down.sql, or choose a target after ${m.name}`,
      });
    }
    options.log?.(`rolling back ${m.name}`);
    if (step(db, m, 'down')) result.rolledBack.push(m.name);
    else options.log?.(`skipped ${m.name}: another process rolled it back`);
  }
  for (let i = 0; i <= last; i++) {
    const m = migrations[i]!;
    if (applied.has(m.name)) continue;
    options.log?.(`applying ${m.name}`);
    if (step(db, m, 'up')) result.applied.push(m.name);
    else options.log?.(`skipped ${m.name}: another process applied it`);
  }
  return result;
}

/** Rolls back to `target` (a name or number; null/0 = everything). */
export function rollback(
  db: Db,
  migrations: readonly Migration[],
  target: string | number | null,
  options: Omit<MigrateOptions, 'to'> = {},
): MigrateResult {
  return migrate(db, migrations, { ...options, to: target });
}

/**
 * Throws SchemaMismatchError when the database is behind `migrations`: some
 * are not applied (by name) or were applied with another checksum. A database
 * without a noormc_migrations table passes when it already has tables (its
 * schema is managed elsewhere) and fails when it is empty.
 */
export function assertSchemaCurrent(db: Db, migrations: readonly Migration[], filename: string): void {
  const d = raw(db);
  if (!tableExists(d)) {
    const tables = d.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get() as {
      n: number;
    };
    if (tables.n > 0 || migrations.length === 0) return;
    throw new SchemaMismatchError(
      migrations.map((m) => m.name),
      filename,
    );
  }
  const status = migrationStatus(db, migrations);
  if (status.changed.length > 0) {
    throw new SchemaMismatchError(
      status.pending,
      filename,
      `The database '${filename}' was migrated with a different version of: ${status.changed.join(', ')}`,
    );
  }
  if (status.pending.length > 0) throw new SchemaMismatchError(status.pending, filename);
}
