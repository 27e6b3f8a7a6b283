import Database from 'better-sqlite3';
import { NoormError, mapSqliteError } from './errors.js';

export type Statement = Database.Statement<unknown[], unknown>;
export type SqliteDatabase = Database.Database;
export type OnQuery = (sql: string, params: readonly unknown[]) => void;
export type PragmaValue = string | number | boolean | null;

export interface ConnectionOptions {
  /** Database file (or ':memory:'). */
  filename: string;
  /**
   * Pragmas applied after opening, merged over the defaults
   * `{ busy_timeout: 5000, journal_mode: 'WAL', foreign_keys: true, synchronous: 'NORMAL' }`.
   * A value of `null` removes a default.
   */
  pragmas?: Record<string, PragmaValue>;
  /** Open read-only (no pragmas that write; close() does not checkpoint). */
  readonly?: boolean;
  /** Fail when the file does not exist instead of creating it. */
  fileMustExist?: boolean;
  /** Called once per executed statement with its SQL and bound parameters. */
  onQuery?: OnQuery;
  /** Maximum number of statements kept in the cache (default 1000). */
  statementCacheSize?: number;
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
 * One better-sqlite3 connection with noormme's defaults, a statement cache and
 * transactions that nest with savepoints.
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
    this.db = new Database(options.filename, {
      readonly: this.readonly,
      fileMustExist: options.fileMustExist ?? this.readonly,
    });
    try {
      const pragmas: Record<string, PragmaValue> = { ...DEFAULT_PRAGMAS, ...(options.pragmas ?? {}) };
      // busy_timeout first, so that the following pragmas wait for other processes.
      const names = Object.keys(pragmas).sort((a, b) => (a === 'busy_timeout' ? -1 : b === 'busy_timeout' ? 1 : 0));
      const timeout = typeof pragmas['busy_timeout'] === 'number' ? pragmas['busy_timeout'] : 5000;
      for (const name of names) {
        const value = pragmas[name];
        if (value === null || value === undefined) continue;
        if (this.readonly && name === 'journal_mode') continue;
        execRetryingBusy(this.db, pragmaSql(name, value), timeout);
      }
    } catch (e) {
      this.db.close();
      throw e;
    }
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
    if (this.closed) {
      throw new NoormError('The database connection is closed', {
        code: 'CONNECTION_CLOSED',
        fix: 'create a new one with createDb(), or use getDb() which reopens it',
      });
    }
    const hook = this.beforeFirstPrepare;
    if (hook !== undefined) {
      hook(); // throws until the schema is current; cleared once it passes
      this.beforeFirstPrepare = undefined;
    }
    try {
      return this.db.prepare(sql) as Statement;
    } catch (e) {
      throw mapSqliteError(e);
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
    this.db.exec(sql);
  }

  /** Runs a cached statement that returns no rows. */
  run(sql: string, params: readonly unknown[] = NO_PARAMS): Database.RunResult {
    const s = this.prepare(sql);
    if (this.onQuery !== undefined) this.onQuery(sql, params);
    return s.run(params as unknown[]);
  }

  /** All rows of a cached statement, as objects. */
  all<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = NO_PARAMS): T[] {
    const s = this.prepare(sql);
    if (this.onQuery !== undefined) this.onQuery(sql, params);
    return s.all(params as unknown[]) as T[];
  }

  /** The first row of a cached statement, as an object, or undefined. */
  get<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = NO_PARAMS): T | undefined {
    const s = this.prepare(sql);
    if (this.onQuery !== undefined) this.onQuery(sql, params);
    return s.get(params as unknown[]) as T | undefined;
  }

  /** All rows of a cached statement in raw mode (arrays). */
  allRaw(sql: string, params: readonly unknown[] = NO_PARAMS): unknown[][] {
    const s = this.prepareRaw(sql);
    if (this.onQuery !== undefined) this.onQuery(sql, params);
    return s.all(params as unknown[]) as unknown[][];
  }

  /** The first row of a cached raw statement, or undefined. */
  getRaw(sql: string, params: readonly unknown[] = NO_PARAMS): unknown[] | undefined {
    const s = this.prepareRaw(sql);
    if (this.onQuery !== undefined) this.onQuery(sql, params);
    return s.get(params as unknown[]) as unknown[] | undefined;
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
   * Checkpoints the WAL into the database file (TRUNCATE) and closes. When this
   * was the last connection to the file, no -wal or -shm file is left.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const h of this.closeHooks.splice(0)) h();
    this.cache.clear();
    this.rawCache.clear();
    if (!this.db.open) return;
    try {
      if (!this.readonly && !this.db.inTransaction && !this.db.memory) {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      }
    } catch {
      // another connection holds a lock: SQLite checkpoints when the last one closes
    }
    this.db.close();
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
