import { closest } from './similar.js';

export type NoormErrorCode =
  | 'COLUMN_NOT_FOUND'
  | 'UNKNOWN_OPERATOR'
  | 'INVALID_ORDER_BY'
  | 'INVALID_VALUE'
  | 'INVALID_ARGUMENT'
  | 'RELATION_NOT_FOUND'
  | 'TABLE_NOT_FOUND'
  | 'READONLY'
  | 'UNIQUE_CONSTRAINT'
  | 'FOREIGN_KEY_CONSTRAINT'
  | 'NOT_NULL_CONSTRAINT'
  | 'CHECK_CONSTRAINT'
  | 'SCHEMA_MISMATCH'
  | 'MIGRATION_FAILED'
  | 'MIGRATION_CHECKSUM'
  | 'MIGRATION_IRREVERSIBLE'
  | 'MIGRATION_UNKNOWN'
  | 'TRANSACTION'
  | 'CONNECTION_CLOSED'
  | 'BUSY'
  | 'SYNC_FAILED';

export interface NoormErrorOptions {
  code?: NoormErrorCode;
  table?: string | undefined;
  column?: string | undefined;
  /** Extra lines printed as `  → line` under the message. */
  notes?: readonly string[];
  /** How to fix it, printed as `  Fix: ...`. */
  fix?: string | undefined;
  cause?: unknown;
}

/**
 * The class names of an error, most derived first, under a registry symbol:
 * a bundler that loads noormme twice (Next.js bundles a package once per
 * layer: Server Components, Route Handlers, Server Actions) makes two copies
 * of every class, and `instanceof` must still hold across them.
 * @internal
 */
const CLASSES = Symbol.for('noormme.errorClasses');

function classChain(target: abstract new (...args: never[]) => unknown): string[] {
  const names: string[] = [];
  for (let c: unknown = target; typeof c === 'function' && c !== Error && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    names.push((c as { name: string }).name);
  }
  return names;
}

/**
 * The base class of every error noormme throws. `message` is the full,
 * multi-line text (headline, `→` notes, `Fix:` line); `headline` is the first line.
 * `err instanceof UniqueConstraintError` (and every other class here) also
 * holds for an error thrown by another copy of noormme in the same process.
 */
export class NoormError extends Error {
  // `this` is the class `instanceof` asks about (a subclass too), not NoormError itself.
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: the class asked about, see above
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const chain = typeof value === 'object' && value !== null ? (value as Record<symbol, unknown>)[CLASSES] : undefined;
    // biome-ignore lint/complexity/noThisInStatic: the class asked about, see above
    return Array.isArray(chain) && chain.includes(this.name);
  }

  readonly code: NoormErrorCode;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly fix: string | undefined;
  readonly notes: readonly string[];
  readonly headline: string;

  constructor(headline: string, options: NoormErrorOptions = {}) {
    const notes = options.notes ?? [];
    let message = headline;
    for (const n of notes) message += '\n  → ' + n;
    if (options.fix !== undefined) message += '\n  Fix: ' + options.fix;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    Object.defineProperty(this, CLASSES, { value: classChain(new.target) });
    this.code = options.code ?? 'INVALID_ARGUMENT';
    this.table = options.table;
    this.column = options.column;
    this.fix = options.fix;
    this.notes = notes;
    this.headline = headline;
  }
}

function didYouMean(name: string, candidates: readonly string[]): string[] {
  const notes: string[] = [];
  const s = closest(name, candidates);
  if (s !== null) notes.push(`Did you mean '${s.name}'? (${s.percent}% similar)`);
  return notes;
}

/** `Column 'user_name' not found in table 'users'` with a suggestion. */
export function columnNotFound(table: string, column: string, available: readonly string[], what = 'Column'): NoormError {
  return new NoormError(`${what} '${column}' not found in table '${table}'`, {
    code: 'COLUMN_NOT_FOUND',
    table,
    column,
    notes: [...didYouMean(column, available), `Available columns: ${available.join(', ')}`],
    fix: `check the column name, or run: noormc inspect ${table}`,
  });
}

export function unknownOperator(table: string, column: string, op: string, available: readonly string[]): NoormError {
  return new NoormError(`Unknown operator '${op}' for column '${column}' in table '${table}'`, {
    code: 'UNKNOWN_OPERATOR',
    table,
    column,
    notes: [...didYouMean(op, available), `Available operators: ${available.join(', ')}`],
    fix: `use one of the operators above, as { ${column}: { op: value } } or { ${column}__op: value }`,
  });
}

export function relationNotFound(table: string, relation: string, available: readonly string[]): NoormError {
  return new NoormError(`Relation '${relation}' not found on table '${table}'`, {
    code: 'RELATION_NOT_FOUND',
    table,
    notes: [...didYouMean(relation, available), `Available relations: ${available.length > 0 ? available.join(', ') : '(none)'}`],
    fix: `check the relation name, or run: noormc inspect ${table}`,
  });
}

export class TableNotFoundError extends NoormError {
  constructor(table: string, available: readonly string[] = [], cause?: unknown) {
    super(`Table '${table}' not found in the database`, {
      code: 'TABLE_NOT_FOUND',
      table,
      notes: available.length > 0 ? [...didYouMean(table, available), `Available tables: ${available.join(', ')}`] : [],
      fix: 'apply the migrations: run `noormc migrate` or call db.migrate()',
      cause,
    });
  }
}

/** Base of the four constraint errors; `columns` are the columns involved, as SQLite names them. */
export class ConstraintError extends NoormError {
  readonly columns: readonly string[];
  constructor(
    headline: string,
    code: NoormErrorCode,
    table: string | undefined,
    columns: readonly string[],
    fix: string,
    cause?: unknown,
    notes: readonly string[] = [],
  ) {
    super(headline, { code, table, column: columns[0], fix, cause, notes });
    this.columns = columns;
  }
}

export class UniqueConstraintError extends ConstraintError {
  constructor(table: string | undefined, columns: readonly string[], cause?: unknown) {
    const where = `${table ?? '?'}.${columns.length === 1 ? columns[0] : '(' + columns.join(', ') + ')'}`;
    super(
      `Unique constraint failed on ${where}: a row with the same ${columns.join(', ')} already exists`,
      'UNIQUE_CONSTRAINT',
      table,
      columns,
      `use another value, or upsert(data, { conflict: [${columns.map((c) => `'${c}'`).join(', ')}] })`,
      cause,
    );
  }
}

export class ForeignKeyError extends ConstraintError {
  constructor(table: string | undefined, columns: readonly string[], referencedTable: string | undefined, cause?: unknown) {
    const what = columns.length > 0 ? `${table ?? '?'}.${columns.join(', ')}` : (table ?? 'a table');
    super(
      referencedTable !== undefined
        ? `Foreign key constraint failed on ${what}: no row in '${referencedTable}' has that key`
        : `Foreign key constraint failed on ${what}`,
      'FOREIGN_KEY_CONSTRAINT',
      table,
      columns,
      referencedTable !== undefined
        ? `create the '${referencedTable}' row first, or reference an existing one`
        : 'reference an existing row, or delete/re-point the rows that reference this one first',
      cause,
    );
    this.referencedTable = referencedTable;
  }
  readonly referencedTable: string | undefined;
}

export class NotNullError extends ConstraintError {
  constructor(table: string | undefined, columns: readonly string[], cause?: unknown) {
    super(
      `Not-null constraint failed on ${table ?? '?'}.${columns.join(', ')}: a value is required`,
      'NOT_NULL_CONSTRAINT',
      table,
      columns,
      `give ${columns.join(', ')} a value that is not null`,
      cause,
    );
  }
}

export class CheckConstraintError extends ConstraintError {
  readonly constraint: string;
  constructor(table: string | undefined, columns: readonly string[], constraint: string, cause?: unknown) {
    super(
      `Check constraint failed on ${table ?? '?'}${columns.length > 0 ? '.' + columns.join(', ') : ''}: ${constraint}`,
      'CHECK_CONSTRAINT',
      table,
      columns,
      `give ${columns.length > 0 ? columns.join(', ') : 'the row'} a value that satisfies: ${constraint}`,
      cause,
    );
    this.constraint = constraint;
  }
}

/**
 * SQLITE_BUSY that outlived busy_timeout: another connection held the lock
 * the whole time (https://sqlite.org/rescode.html#busy). Nothing was written
 * by the failed statement; it is safe to retry.
 */
export class BusyError extends NoormError {
  /** The SQLite code: SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY or SQLITE_BUSY_TIMEOUT. */
  readonly sqliteCode: string;
  constructor(filename: string | undefined, cause?: unknown) {
    const code = String((cause as { code?: unknown } | null)?.code ?? 'SQLITE_BUSY');
    super(`The database${filename === undefined ? '' : ` '${filename}'`} is locked by another connection (${code})`, {
      code: 'BUSY',
      notes: [
        'Another connection held the lock for longer than busy_timeout; the statement did not run.',
        'A write transaction that stays open (or a long-running write) blocks every other writer.',
      ],
      fix: 'retry the operation; keep write transactions short; if it persists, raise busy_timeout, e.g. createDb({ pragmas: { busy_timeout: 15000 } })',
      cause,
    });
    this.sqliteCode = code;
  }
}

/**
 * SQLITE_READONLY (and its extended codes): SQLite refused a write because
 * the connection or the file cannot be written: a connection opened with
 * `readonly: true` (PRAGMA query_only), a file or folder the process may not
 * write, or a database file replaced while open (SQLITE_READONLY_DBMOVED).
 * Source: https://sqlite.org/rescode.html#readonly
 */
export class ReadOnlyError extends NoormError {
  /** The SQLite code: SQLITE_READONLY or one of its extended codes (SQLITE_READONLY_DBMOVED, ...). */
  readonly sqliteCode: string;
  constructor(filename: string | undefined, cause?: unknown) {
    const code = String((cause as { code?: unknown } | null)?.code ?? 'SQLITE_READONLY');
    super(`The database${filename === undefined ? '' : ` '${filename}'`} cannot be written (${code})`, {
      code: 'READONLY',
      notes: [
        'The connection was opened with readonly: true (PRAGMA query_only), or the process may not write the file or its folder (a read-only deploy file system), or the file was moved or replaced while open.',
      ],
      fix: 'write through a connection opened without readonly: true, on a database file (and folder) the server process can write',
      cause,
    });
    this.sqliteCode = code;
  }
}

/** @internal A BusyError for SQLITE_BUSY*, a ReadOnlyError for SQLITE_READONLY*, else undefined. */
export function lockError(error: unknown, filename: string | undefined): NoormError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_BUSY')) return new BusyError(filename, error);
  if (code.startsWith('SQLITE_READONLY')) return new ReadOnlyError(filename, error);
  return undefined;
}

/** The database is behind the compiled migrations. */
export class SchemaMismatchError extends NoormError {
  readonly pending: readonly string[];
  constructor(pending: readonly string[], filename: string, detail?: string, cause?: unknown) {
    super(
      detail ??
        `The database '${filename}' is behind the compiled schema: ${pending.length} migration${pending.length === 1 ? '' : 's'} not applied`,
      {
        code: 'SCHEMA_MISMATCH',
        notes: pending.length > 0 ? [`Pending: ${pending.join(', ')}`] : [],
        fix: `run: noormc migrate --db ${filename}   (or call db.migrate() at startup)`,
        cause,
      },
    );
    this.pending = pending;
  }
}

export class MigrationError extends NoormError {
  readonly migration: string;
  constructor(migration: string, headline: string, options: NoormErrorOptions = {}) {
    super(headline, { code: 'MIGRATION_FAILED', ...options });
    this.migration = migration;
  }
}

export class MigrationChecksumError extends MigrationError {
  readonly expected: string;
  readonly actual: string;
  constructor(migration: string, applied: string, compiled: string) {
    super(migration, `Migration '${migration}' was changed after it was applied`, {
      code: 'MIGRATION_CHECKSUM',
      notes: [`checksum when applied: ${applied}`, `checksum now:          ${compiled}`],
      fix: 'never edit an applied migration: restore it and add a new migration for the change',
    });
    this.expected = applied;
    this.actual = compiled;
  }
}

// ---------------------------------------------------------------------------
// Mapping better-sqlite3's SqliteError to the classes above.

interface SqliteErrorLike {
  code?: unknown;
  message?: unknown;
}

/** What mapError needs to know about a table: its name and column names. */
export interface ErrorTableInfo {
  readonly name: string;
  readonly columnNames: readonly string[];
}

function parseQualifiedColumns(list: string): { table: string | undefined; columns: string[] } {
  let table: string | undefined;
  const columns: string[] = [];
  for (const part of list.split(',')) {
    const p = part.trim();
    const dot = p.indexOf('.');
    if (dot >= 0) {
      table = p.slice(0, dot);
      columns.push(p.slice(dot + 1));
    } else if (p.length > 0) {
      columns.push(p);
    }
  }
  return { table, columns };
}

/** Columns of `table` whose names appear as words in a CHECK expression. */
function columnsInExpression(expr: string, table: ErrorTableInfo | undefined): string[] {
  if (table === undefined) return [];
  const words = new Set(expr.match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? []);
  // Strip string literals first so that a value never counts as a column name.
  const noStrings = expr.replace(/'(?:[^']|'')*'/g, "''");
  const inExpr = new Set(noStrings.match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? []);
  return table.columnNames.filter((c) => words.has(c) && inExpr.has(c));
}

/**
 * Turns a better-sqlite3 or libsql SqliteError (both carry SQLite's extended
 * result code name in `code` and its message) into the matching NoormError
 * subclass (UniqueConstraintError, ForeignKeyError, NotNullError,
 * CheckConstraintError, TableNotFoundError, BusyError, ReadOnlyError);
 * anything else is returned unchanged. `filename` (the database file) is named
 * in a BusyError's or ReadOnlyError's message.
 */
export function mapSqliteError(error: unknown, table?: ErrorTableInfo, filename?: string): unknown {
  if (error instanceof NoormError || typeof error !== 'object' || error === null) return error;
  const e = error as SqliteErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    const unique = /^UNIQUE constraint failed: (.*)$/.exec(message);
    if (unique !== null) {
      const p = parseQualifiedColumns(unique[1]!);
      return new UniqueConstraintError(p.table ?? table?.name, p.columns, error);
    }
    const notNull = /^NOT NULL constraint failed: (.*)$/.exec(message);
    if (notNull !== null) {
      const p = parseQualifiedColumns(notNull[1]!);
      return new NotNullError(p.table ?? table?.name, p.columns, error);
    }
    const check = /^CHECK constraint failed: (.*)$/.exec(message);
    if (check !== null) {
      const expr = check[1]!;
      return new CheckConstraintError(table?.name, columnsInExpression(expr, table), expr, error);
    }
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || message.startsWith('FOREIGN KEY constraint failed')) {
      return new ForeignKeyError(table?.name, [], undefined, error);
    }
    return error;
  }
  const lock = lockError(error, filename);
  if (lock !== undefined) return lock;
  const missing = /^no such table: (?:main\.)?(.+)$/.exec(message);
  if (missing !== null) return new TableNotFoundError(missing[1]!, [], error);
  return error;
}
