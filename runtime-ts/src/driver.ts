/**
 * The driver interface: the part of better-sqlite3's synchronous API that
 * noormme uses, which better-sqlite3 and the `libsql` package both provide.
 * better-sqlite3's Database satisfies it as it is; libsql's is wrapped by
 * LibsqlDatabase below, which evens out the few places where libsql 0.5
 * answers differently (pluck on get(), pragma(..., { simple }), a `_metadata`
 * key on rows, booleans, readonly).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NoormError } from './errors.js';

/** What run() returns: rows changed and the rowid of the last INSERT. @internal */
export interface DriverRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement (better-sqlite3's Statement API). @internal */
export interface DriverStatement {
  run(...params: unknown[]): DriverRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows as arrays in SELECT-list order. */
  raw(toggle?: boolean): this;
  /** The first column only. */
  pluck(toggle?: boolean): this;
  /** INTEGER values as bigint. */
  safeIntegers(toggle?: boolean): this;
}

/** A database connection (better-sqlite3's Database API). @internal */
export interface DriverDatabase {
  readonly open: boolean;
  readonly inTransaction: boolean;
  readonly memory: boolean;
  prepare(sql: string): DriverStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
}

/** The drivers createDb can load by name. */
export type DriverName = 'better-sqlite3' | 'libsql';

/** Options of the libsql driver's embedded replicas (ignored by better-sqlite3). */
export interface ReplicaOptions {
  /**
   * URL of the remote primary (`libsql://…turso.io`, or `http://` for sqld):
   * the local file becomes an embedded replica. Reads are served from the
   * local file; writes go to the primary. Needs `driver: 'libsql'`.
   */
  syncUrl?: string;
  /** Token sent to the primary (Turso: `turso db tokens create`). */
  authToken?: string;
  /** Sync from the primary in the background every this many seconds (libsql's syncPeriod); default: only on sync(). */
  syncInterval?: number;
  /**
   * After a write succeeds on the primary, the local replica is updated before
   * the write returns (libSQL's read-your-writes, default true).
   */
  readYourWrites?: boolean;
}

/** How to open a driver connection. @internal */
export interface DriverOpenOptions extends ReplicaOptions {
  filename: string;
  driver?: DriverName | undefined;
  fileMustExist: boolean;
}

/** An opened driver connection and what it can do beyond the interface. @internal */
export interface OpenedDriver {
  db: DriverDatabase;
  name: DriverName;
  /**
   * An embedded replica: libsql sends every statement that is not a plain
   * read (writes, BEGIN, and PRAGMAs too) to the primary.
   */
  replica: boolean;
  /** Pull new frames from the primary (embedded replicas only). */
  sync: (() => unknown) | undefined;
}

let defaultDriver: DriverName = 'better-sqlite3';

/**
 * The driver used when options give none (better-sqlite3 unless changed).
 * For test suites that run the same tests on both drivers. @internal
 */
export function setDefaultDriver(name: DriverName | undefined): void {
  defaultDriver = name ?? 'better-sqlite3';
}

/** Opens `options.filename` with the chosen driver. @internal */
export function openDriver(options: DriverOpenOptions): OpenedDriver {
  const name = options.driver ?? defaultDriver;
  if (name === 'better-sqlite3') {
    if (options.syncUrl !== undefined) {
      throw new NoormError('syncUrl needs the libsql driver', {
        code: 'INVALID_ARGUMENT',
        fix: "add driver: 'libsql' (and npm install libsql), or remove syncUrl",
      });
    }
    return { db: new Database(options.filename, { fileMustExist: options.fileMustExist }), name, replica: false, sync: undefined };
  }
  if (name === 'libsql') return openLibsql(options);
  throw new NoormError(`Unknown driver '${String(name)}'`, {
    code: 'INVALID_ARGUMENT',
    fix: "use driver: 'better-sqlite3' (the default) or driver: 'libsql'",
  });
}

// ---------------------------------------------------------------------------
// libsql

interface LibsqlNativeStatement {
  run(...params: unknown[]): DriverRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  raw(toggle?: boolean): unknown;
  safeIntegers(toggle?: boolean): unknown;
}

interface LibsqlNativeDatabase {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): LibsqlNativeStatement;
  exec(sql: string): unknown;
  close(): unknown;
  sync(): unknown;
}

type LibsqlConstructor = new (path: string, options?: Record<string, unknown>) => LibsqlNativeDatabase;

const BIND_ERROR = 'SQLite3 can only bind numbers, strings, bigints, buffers, and null';

/**
 * The parameters as the one argument libsql 0.5 reads well: an array of
 * positional values, or an object of named ones. A boolean is refused as
 * better-sqlite3 refuses it (libsql 0.5 aborts the process on one), and a
 * lone null is a positional NULL (libsql would read it as named parameters).
 */
function bindArgument(params: unknown[]): unknown {
  const one = params.length === 1 ? params[0] : undefined;
  const values =
    params.length === 1 && Array.isArray(one)
      ? one
      : params.length === 1 && typeof one === 'object' && one !== null && !ArrayBuffer.isView(one)
        ? one
        : params.flat();
  for (const v of Array.isArray(values) ? values : Object.values(values as object)) {
    if (typeof v === 'boolean') throw new TypeError(BIND_ERROR);
  }
  return values;
}

/** A row without the `_metadata` key libsql 0.5 adds to get() results. */
function plainRow(row: unknown): unknown {
  if (typeof row === 'object' && row !== null && !Array.isArray(row) && Object.hasOwn(row, '_metadata')) {
    delete (row as { _metadata?: unknown })._metadata;
  }
  return row;
}

function firstColumn(row: unknown): unknown {
  if (row === undefined) return undefined;
  if (Array.isArray(row)) return row[0];
  const keys = Object.keys(row as object);
  return keys.length > 0 ? (row as Record<string, unknown>)[keys[0]!] : undefined;
}

/**
 * libsql's Statement with better-sqlite3's pluck and no `_metadata`. libsql
 * 0.5 keeps answering a statement's last error from get() and all() once one
 * failed (a UNIQUE violation, say), so a statement that threw is prepared
 * anew before its next use. @internal
 */
export class LibsqlStatement implements DriverStatement {
  private plucked = false;
  private rawMode = false;
  private safe = false;
  private native: LibsqlNativeStatement;
  private failed = false;

  constructor(
    private readonly db: LibsqlNativeDatabase,
    private readonly sql: string,
  ) {
    this.native = db.prepare(sql);
  }

  private statement(): LibsqlNativeStatement {
    if (this.failed) {
      this.native = this.db.prepare(this.sql);
      if (this.rawMode) this.native.raw(true);
      if (this.safe) this.native.safeIntegers(true);
      this.failed = false;
    }
    return this.native;
  }

  run(...params: unknown[]): DriverRunResult {
    try {
      const r = this.statement().run(bindArgument(params));
      return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
    } catch (e) {
      this.failed = true;
      throw e;
    }
  }

  get(...params: unknown[]): unknown {
    let row: unknown;
    try {
      row = plainRow(this.statement().get(bindArgument(params)));
    } catch (e) {
      this.failed = true;
      throw e;
    }
    return this.plucked ? firstColumn(row) : row;
  }

  all(...params: unknown[]): unknown[] {
    let rows: unknown[];
    try {
      rows = this.statement().all(bindArgument(params));
    } catch (e) {
      this.failed = true;
      throw e;
    }
    return this.plucked ? rows.map(firstColumn) : rows;
  }

  raw(toggle = true): this {
    this.native.raw(toggle);
    this.rawMode = toggle;
    return this;
  }

  pluck(toggle = true): this {
    this.plucked = toggle;
    return this;
  }

  safeIntegers(toggle = true): this {
    this.native.safeIntegers(toggle);
    this.safe = toggle;
    return this;
  }
}

/** libsql's Database behind the driver interface. @internal */
export class LibsqlDatabase implements DriverDatabase {
  constructor(
    readonly native: LibsqlNativeDatabase,
    readonly memory: boolean,
  ) {}

  get open(): boolean {
    return this.native.open;
  }

  get inTransaction(): boolean {
    return this.native.inTransaction;
  }

  prepare(sql: string): LibsqlStatement {
    return new LibsqlStatement(this.native, sql);
  }

  exec(sql: string): this {
    this.native.exec(sql);
    return this;
  }

  pragma(source: string, options?: { simple?: boolean }): unknown {
    const s = this.prepare(`PRAGMA ${source}`);
    return options?.simple === true ? s.pluck().get() : s.all();
  }

  close(): this {
    if (this.native.open) this.native.close();
    return this;
  }
}

let libsqlClass: LibsqlConstructor | undefined;

/** This file's path: __filename in the CommonJS build, the first file: URL of a stack trace in the ESM one. */
function ownFile(): string | undefined {
  if (typeof __filename === 'string') return __filename;
  const m = /(file:\/\/[^\s)]+?\.[cm]?js)(?::\d+)*\)?\s/.exec(new Error().stack ?? '');
  return m === null ? undefined : fileURLToPath(m[1]!);
}

/**
 * Loads the optional peer dependency `libsql` synchronously, from noormme's own
 * location (where a peer dependency is installed), then from the installed
 * noormme package and the application's directory (process.cwd()), for
 * bundled code.
 */
function loadLibsql(): LibsqlConstructor {
  if (libsqlClass !== undefined) return libsqlClass;
  const bases: string[] = [];
  const own = ownFile();
  if (own !== undefined) bases.push(own);
  const fromApp = createRequire(join(process.cwd(), 'package.json'));
  try {
    bases.push(fromApp.resolve('noormme'));
  } catch {
    // noormme is not resolvable from the application directory (tests, links)
  }
  bases.push(join(process.cwd(), 'package.json'));
  let lastError: unknown;
  for (const base of bases) {
    try {
      const loaded = createRequire(base)('libsql') as LibsqlConstructor | { default: LibsqlConstructor };
      libsqlClass = typeof loaded === 'function' ? loaded : loaded.default;
      return libsqlClass;
    } catch (e) {
      lastError = e;
      if ((e as { code?: unknown }).code !== 'MODULE_NOT_FOUND') break;
    }
  }
  throw new NoormError("driver: 'libsql' needs the libsql package, which is not installed", {
    code: 'INVALID_ARGUMENT',
    notes: [`require('libsql') failed: ${(lastError as Error)?.message?.split('\n')[0] ?? String(lastError)}`],
    fix: 'npm install libsql   (an optional peer dependency of noormme)',
    cause: lastError,
  });
}

function openLibsql(options: DriverOpenOptions): OpenedDriver {
  const Libsql = loadLibsql();
  const memory = options.filename === ':memory:';
  if (options.fileMustExist && !memory && !existsSync(options.filename)) {
    throw new NoormError(`Database file '${options.filename}' does not exist`, {
      code: 'INVALID_ARGUMENT',
      fix: 'check the path, or open it without readonly/fileMustExist to create it',
    });
  }
  const native: Record<string, unknown> = {};
  if (options.syncUrl !== undefined) {
    native['syncUrl'] = options.syncUrl;
    if (options.authToken !== undefined) native['authToken'] = options.authToken;
    if (options.syncInterval !== undefined) native['syncPeriod'] = options.syncInterval;
    if (options.readYourWrites !== undefined) native['readYourWrites'] = options.readYourWrites;
  }
  let db: LibsqlNativeDatabase;
  try {
    db = new Libsql(options.filename, native);
  } catch (e) {
    if (options.syncUrl === undefined) throw e;
    throw new NoormError(`Could not open the embedded replica: ${(e as Error).message.split('\n')[0]}`, {
      code: 'SYNC_FAILED',
      notes: [`syncUrl: ${options.syncUrl}`, 'libsql contacts the primary when it opens a replica (GET /info).'],
      fix: 'check syncUrl, authToken and that the primary is reachable from this machine',
      cause: e,
    });
  }
  const wrapped = new LibsqlDatabase(db, memory);
  const replica = options.syncUrl !== undefined;
  return { db: wrapped, name: 'libsql', replica, sync: replica ? () => db.sync() : undefined };
}
