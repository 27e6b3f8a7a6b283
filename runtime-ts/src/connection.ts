import { existsSync, renameSync, rmSync } from 'node:fs';
import {
  openDriver,
  type DriverDatabase,
  type DriverName,
  type DriverRunResult,
  type DriverStatement,
  type ReplicaOptions,
} from './driver.js';
import { NoormError, lockError, mapSqliteError } from './errors.js';

export type Statement = DriverStatement;
export type SqliteDatabase = DriverDatabase;
export type RunResult = DriverRunResult;
export type OnQuery = (sql: string, params: readonly unknown[]) => void;
export type PragmaValue = string | number | boolean | null;

export interface ConnectionOptions extends ReplicaOptions {
  /** Database file (or ':memory:'). */
  filename: string;
  /**
   * The SQLite driver: 'better-sqlite3' (default, a dependency of noormme) or
   * 'libsql' (the `libsql` package, an optional peer dependency: npm install
   * libsql). The same generated code runs on both.
   */
  driver?: DriverName;
  /**
   * Pragmas applied after opening, merged over the defaults
   * `{ busy_timeout: 5000, journal_mode: 'WAL', foreign_keys: true, synchronous: 'NORMAL' }`.
   * A value of `null` removes a default.
   */
  pragmas?: Record<string, PragmaValue>;
  /**
   * Refuse writes (PRAGMA query_only). The file is opened read-write so that,
   * when this is the last connection to close, SQLite can still checkpoint and
   * delete the -wal and -shm files.
   */
  readonly?: boolean;
  /** Fail when the file does not exist instead of creating it (default: the value of readonly). */
  fileMustExist?: boolean;
  /** Called once per executed statement with its SQL and bound parameters. */
  onQuery?: OnQuery;
  /** Maximum number of statements kept in the cache (default 1000). */
  statementCacheSize?: number;
  /**
   * Close this connection when the process exits (its 'exit' event, which
   * `process.exit()` and Next.js's own SIGTERM/SIGINT handling reach), so the
   * WAL is checkpointed into the database file. Default true.
   */
  closeOnExit?: boolean;
  /**
   * Also close on SIGTERM and SIGINT. When nothing else listens to the signal,
   * noormme re-raises it after closing, so the process still ends as the
   * signal's default action would. Default false (servers such as `next start`
   * handle the signals themselves and then exit, which closeOnExit covers).
   */
  closeOnSignal?: boolean;
}

export const DEFAULT_PRAGMAS: Readonly<Record<string, PragmaValue>> = Object.freeze({
  busy_timeout: 5000,
  journal_mode: 'WAL',
  foreign_keys: true,
  synchronous: 'NORMAL',
});

const PRAGMA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PRAGMA_VALUE = /^[A-Za-z0-9_.+-]+$/;

function pragmaSql(name: string, value: PragmaValue): string {
  if (!PRAGMA_NAME.test(name)) {
    throw new NoormError(`Invalid pragma name '${name}'`, { code: 'INVALID_ARGUMENT', fix: 'use a pragma name such as journal_mode' });
  }
  const v = value === true ? 'ON' : value === false ? 'OFF' : String(value);
  if (!PRAGMA_VALUE.test(v)) {
    throw new NoormError(`Invalid value for pragma ${name}: '${v}'`, { code: 'INVALID_ARGUMENT', fix: 'use a number or a keyword' });
  }
  return `PRAGMA ${name} = ${v}`;
}

const NO_PARAMS: readonly unknown[] = Object.freeze([]);

/**
 * One SQLite connection (better-sqlite3 or libsql) with noormme's defaults, a
 * statement cache and transactions that nest with savepoints.
 */
export class Connection {
  readonly db: SqliteDatabase;
  readonly filename: string;
  readonly readonly: boolean;
  /** The onQuery hook, or undefined (generated code tests it before calling: zero cost when unset). */
  readonly onQuery: OnQuery | undefined;
  /** Set by createDb: runs once before the first statement is prepared (the schema check). */
  beforeFirstPrepare: (() => void) | undefined = undefined;

  private readonly cache = new Map<string, Statement>();
  private readonly rawCache = new Map<string, Statement>();
  private readonly cacheSize: number;
  private depth = 0;
  private closed = false;
  private readonly closeHooks: (() => void)[] = [];
  /** The driver this connection runs on. */
  readonly driver: DriverName;
  /** An embedded replica (libsql with syncUrl): reads are local, everything else goes to the primary. */
  readonly replica: boolean;
  private readonly syncReplica: (() => unknown) | undefined;
  /** Its entry in the set closed at process exit (weak: a forgotten connection can still be collected). */
  private exitRef: WeakRef<Connection> | undefined = undefined;

  constructor(options: ConnectionOptions) {
    if (typeof options !== 'object' || options === null || typeof options.filename !== 'string') {
      throw new NoormError('createDb/Connection needs options with a filename', {
        code: 'INVALID_ARGUMENT',
        fix: "pass { filename: './app.db' }",
      });
    }
    this.filename = options.filename;
    this.readonly = options.readonly ?? false;
    this.onQuery = options.onQuery;
    this.cacheSize = options.statementCacheSize ?? 1000;
    const opened = openDriver({
      filename: options.filename,
      driver: options.driver,
      fileMustExist: options.fileMustExist ?? this.readonly,
      syncUrl: options.syncUrl,
      authToken: options.authToken,
      syncInterval: options.syncInterval,
      readYourWrites: options.readYourWrites,
    });
    this.db = opened.db;
    this.driver = opened.name;
    this.replica = opened.replica;
    this.syncReplica = opened.sync;
    try {
      // An embedded replica forwards PRAGMAs to the primary: only the ones asked for are sent.
      const pragmas: Record<string, PragmaValue> = { ...(this.replica ? {} : DEFAULT_PRAGMAS), ...(options.pragmas ?? {}) };
      if (this.readonly && !this.replica) {
        delete pragmas['journal_mode'];
        pragmas['query_only'] = true;
      }
      // busy_timeout first, so that the following pragmas wait for other processes.
      const names = Object.keys(pragmas).sort((a, b) => (a === 'busy_timeout' ? -1 : b === 'busy_timeout' ? 1 : 0));
      const timeout = typeof pragmas['busy_timeout'] === 'number' ? pragmas['busy_timeout'] : 5000;
      for (const name of names) {
        const value = pragmas[name];
        if (value === null || value === undefined) continue;
        execRetryingBusy(this.db, pragmaSql(name, value), timeout);
      }
    } catch (e) {
      this.db.close();
      throw busyOr(e, options.filename);
    }
    if (options.closeOnExit !== false) {
      this.exitRef = new WeakRef(this);
      openConnections.add(this.exitRef);
    }
    if (options.closeOnSignal === true) installSignalHandlers();
  }

  /** True until close(). */
  get open(): boolean {
    return !this.closed && this.db.open;
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /** A cached prepared statement (objects mode), prepared once per connection per SQL text. */
  prepare(sql: string): Statement {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = this.compile(sql);
      this.remember(this.cache, sql, s);
    }
    return s;
  }

  /** A cached prepared statement in `.raw()` mode (rows as arrays in SELECT-list order). */
  prepareRaw(sql: string, safeIntegers = false): Statement {
    let s = this.rawCache.get(sql);
    if (s === undefined) {
      s = this.compile(sql);
      s.raw(true);
      if (safeIntegers) s.safeIntegers(true);
      this.remember(this.rawCache, sql, s);
    }
    return s;
  }

  private compile(sql: string): Statement {
    if (this.closed) throw closedError();
    const hook = this.beforeFirstPrepare;
    if (hook !== undefined) {
      hook(); // throws until the schema is current; cleared once it passes
      this.beforeFirstPrepare = undefined;
    }
    try {
      return this.db.prepare(sql);
    } catch (e) {
      throw mapSqliteError(e, undefined, this.filename);
    }
  }

  private remember(map: Map<string, Statement>, sql: string, s: Statement): void {
    if (map.size >= this.cacheSize) {
      const first = map.keys().next();
      if (first.done !== true) map.delete(first.value);
    }
    map.set(sql, s);
  }

  /** Number of cached statements (both modes). */
  get cachedStatements(): number {
    return this.cache.size + this.rawCache.size;
  }

  /** Runs a statement without caching it and reports it to onQuery (DDL, pragmas, migration SQL). */
  exec(sql: string): void {
    if (this.onQuery !== undefined) this.onQuery(sql, NO_PARAMS);
    try {
      this.db.exec(sql);
    } catch (e) {
      throw busyOr(e, this.filename);
    }
  }

  /** The value of a pragma (its first column), e.g. pragma('journal_mode') is 'wal'. */
  pragma(name: string): unknown {
    if (!PRAGMA_NAME.test(name.replace(/\(.*\)$/, ''))) {
      throw new NoormError(`Invalid pragma name '${name}'`, { code: 'INVALID_ARGUMENT', fix: 'use a pragma name such as journal_mode' });
    }
    return this.db.pragma(name, { simple: true });
  }

  /** Runs a cached statement that returns no rows. */
  run(sql: string, params: readonly unknown[] = NO_PARAMS): RunResult {
    const s = this.prepare(sql);
    if (this.onQuery !== undefined) this.onQuery(sql, params);
    try {
      return s.run(params as unknown[]);
    } catch (e) {
      throw busyOr(e, this.filename);
    }
  }

  /** All rows of a cached statement, as objects. */
  all<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = NO_PARAMS): T[] {
    const s = this.prepare(sql);
    if (this.onQuery !== undefined) this.onQuery(sql, params);
    try {
      return s.all(params as unknown[]) as T[];
    } catch (e) {
      throw busyOr(e, this.filename);
    }
  }

  /** The first row of a cached statement, as an object, or undefined. */
  get<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = NO_PARAMS): T | undefined {
    const s = this.prepare(sql);
    if (this.onQuery !== undefined) this.onQuery(sql, params);
    try {
      return s.get(params as unknown[]) as T | undefined;
    } catch (e) {
      throw busyOr(e, this.filename);
    }
  }

  /** All rows of a cached statement in raw mode (arrays). */
  allRaw(sql: string, params: readonly unknown[] = NO_PARAMS): unknown[][] {
    const s = this.prepareRaw(sql);
    if (this.onQuery !== undefined) this.onQuery(sql, params);
    try {
      return s.all(params as unknown[]) as unknown[][];
    } catch (e) {
      throw busyOr(e, this.filename);
    }
  }

  /** The first row of a cached raw statement, or undefined. */
  getRaw(sql: string, params: readonly unknown[] = NO_PARAMS): unknown[] | undefined {
    const s = this.prepareRaw(sql);
    if (this.onQuery !== undefined) this.onQuery(sql, params);
    try {
      return s.get(params as unknown[]) as unknown[] | undefined;
    } catch (e) {
      throw busyOr(e, this.filename);
    }
  }

  /**
   * Runs fn in a transaction (BEGIN IMMEDIATE, so concurrent writers wait on
   * busy_timeout instead of failing on upgrade). A nested call uses a SAVEPOINT,
   * rolled back alone when fn throws. fn must be synchronous.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth === 0 && !this.db.inTransaction) {
      this.run('BEGIN IMMEDIATE');
      this.depth = 1;
      try {
        const result = fn();
        assertSync(result);
        this.run('COMMIT');
        return result;
      } catch (e) {
        if (this.db.inTransaction) this.run('ROLLBACK');
        throw e;
      } finally {
        this.depth = 0;
      }
    }
    const name = `noormme_sp${++this.depth}`;
    this.run(`SAVEPOINT ${name}`);
    try {
      const result = fn();
      assertSync(result);
      this.run(`RELEASE ${name}`);
      return result;
    } catch (e) {
      if (this.db.inTransaction) {
        this.run(`ROLLBACK TO ${name}`);
        this.run(`RELEASE ${name}`);
      }
      throw e;
    } finally {
      this.depth--;
    }
  }

  /** Registers a function called by close() before the database closes. */
  onClose(fn: () => void): void {
    this.closeHooks.push(fn);
  }

  /**
   * Pulls what the remote primary has that this embedded replica lacks
   * (libsql's Database.sync()). Only for `driver: 'libsql'` with a syncUrl.
   * Returns libsql's answer (`{ frames_synced, frame_no }`).
   */
  sync(): unknown {
    if (this.syncReplica === undefined) {
      throw new NoormError('sync() needs an embedded replica', {
        code: 'INVALID_ARGUMENT',
        fix: "open it with createDb({ driver: 'libsql', filename, syncUrl, authToken })",
      });
    }
    if (this.closed) throw closedError();
    try {
      return this.syncReplica();
    } catch (e) {
      throw new NoormError(`sync() with the primary failed: ${(e as Error).message}`, {
        code: 'SYNC_FAILED',
        fix: 'check syncUrl, authToken and the network; reads keep working from the local replica',
        cause: e,
      });
    }
  }

  /**
   * Writes a consistent copy of the database, WAL content included, to
   * `destination` (VACUUM INTO, a read transaction: writers keep going). The
   * copy is written to a temporary file beside it and renamed into place, so
   * `destination` is either the old file or a complete backup, never a part.
   * Returns the destination path.
   */
  backup(destination: string): string {
    if (typeof destination !== 'string' || destination === '' || destination === this.filename) {
      throw new NoormError('backup() needs a destination file other than the database itself', {
        code: 'INVALID_ARGUMENT',
        fix: "pass a path such as './backups/app-2025-01-01.db'",
      });
    }
    if (this.closed) throw closedError();
    const temp = `${destination}.tmp-${process.pid}-${Date.now()}`;
    rmSync(temp, { force: true });
    const sql = 'VACUUM INTO ?';
    try {
      if (this.onQuery !== undefined) this.onQuery(sql, [temp]);
      this.db.prepare(sql).run(temp);
      renameSync(temp, destination);
    } catch (e) {
      rmSync(temp, { force: true });
      throw busyOr(e, this.filename);
    }
    return destination;
  }

  /**
   * Closes. First a PASSIVE checkpoint copies what it can of the WAL into the
   * database file without waiting for (or blocking) other connections; then
   * SQLite itself, when this is the last connection to the file, checkpoints
   * the rest and deletes the -wal and -shm files (sqlite3_close; see
   * https://sqlite.org/wal.html#the_wal_file). If two processes close at the
   * same moment, each may see the other and leave the files: better-sqlite3
   * connections then reopen once and close again, so the last one out cleans up.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.exitRef !== undefined) openConnections.delete(this.exitRef);
    for (const h of this.closeHooks.splice(0)) h();
    this.cache.clear();
    this.rawCache.clear();
    if (!this.db.open) return;
    if (!this.readonly && !this.replica && !this.db.inTransaction && !this.db.memory) {
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // busy or read-only file system: SQLite checkpoints when the last connection closes
      }
    }
    this.db.close();
    if (this.driver === 'better-sqlite3' && !this.db.memory) cleanUpAfterClose(this.filename);
  }
}

function closedError(): NoormError {
  return new NoormError('The database connection is closed', {
    code: 'CONNECTION_CLOSED',
    fix: 'create a new one with createDb(), or use getDb() which reopens it',
  });
}

/** A BusyError for SQLITE_BUSY*, a ReadOnlyError for SQLITE_READONLY*, anything else unchanged. */
function busyOr(e: unknown, filename: string): unknown {
  return lockError(e, filename) ?? e;
}

/**
 * After close: when the -wal file is still there, open the file once more,
 * read its header and close. If no other connection is open by then, SQLite
 * checkpoints and deletes the -wal and -shm; if one is, it does so itself.
 */
function cleanUpAfterClose(filename: string): void {
  if (!existsSync(`${filename}-wal`)) return;
  Atomics.wait(sleepCell, 0, 0, 1 + Math.floor(Math.random() * 4));
  try {
    const { db } = openDriver({ filename, driver: 'better-sqlite3', fileMustExist: true });
    try {
      db.exec('PRAGMA busy_timeout = 0');
      db.pragma('schema_version', { simple: true });
    } finally {
      db.close();
    }
  } catch {
    // the file is busy or gone: whoever holds it closes it
  }
}

/** Connections to close at process exit (closeOnExit). */
const openConnections = new Set<WeakRef<Connection>>();
let exitHookInstalled = false;
let signalHooksInstalled = false;

function closeAll(): void {
  for (const ref of [...openConnections]) {
    try {
      ref.deref()?.close();
    } catch {
      // keep closing the others
    }
  }
}

if (typeof process !== 'undefined' && typeof process.on === 'function' && !exitHookInstalled) {
  exitHookInstalled = true;
  process.on('exit', closeAll);
}

function installSignalHandlers(): void {
  if (signalHooksInstalled) return;
  signalHooksInstalled = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const handler = (): void => {
      closeAll();
      if (process.listenerCount(signal) === 1) {
        // Nobody else handles it: end the process as the signal would have.
        process.removeListener(signal, handler);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, handler);
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs a statement, retrying while SQLite answers SQLITE_BUSY for up to
 * `timeout` ms. Switching a new file to WAL while another process opens it
 * can fail with SQLITE_BUSY without going through the busy handler.
 */
function execRetryingBusy(db: SqliteDatabase, sql: string, timeout: number): void {
  const deadline = Date.now() + timeout;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      db.exec(sql);
      return;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw e;
      Atomics.wait(sleepCell, 0, 0, wait);
    }
  }
}

function assertSync(result: unknown): void {
  if (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function') {
    throw new NoormError('transaction(fn) needs a synchronous function, but fn returned a Promise', {
      code: 'TRANSACTION',
      fix: 'better-sqlite3 is synchronous: remove async/await inside the transaction function',
    });
  }
}
