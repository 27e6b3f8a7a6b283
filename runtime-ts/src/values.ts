/**
 * Guards for values that reach SQLite from untyped JavaScript: what the
 * generated types forbid (a Symbol, a function, a plain object where a scalar
 * is expected, NaN, ±Infinity, an integer beyond 2^53 for a number column, a
 * bigint beyond 64 bits) is a NoormError naming the column, never a
 * TypeError or RangeError from the binding, and never a value SQLite would
 * store as something else (better-sqlite3 binds NaN as NULL).
 *
 * Objects are read by their own properties only: a column named
 * `constructor`, `toString`, `valueOf`, `hasOwnProperty` or `__proto__` is
 * never taken from Object.prototype.
 * @internal
 */
import { NoormError } from './errors.js';
import type { ColumnMeta, TableMeta } from './meta.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The value of an own property, or undefined (never an inherited one). @internal */
export function ownValue(o: object, key: string): unknown {
  return Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'symbol') return 'a Symbol';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'bigint') return `the bigint ${v}`;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v !== null) return `an object (${Object.prototype.toString.call(v)})`;
  return typeof v;
}

function bad(table: TableMeta, col: ColumnMeta, v: unknown, why: string, fix: string, context: string): NoormError {
  return new NoormError(`${context} '${col.property}' of table '${table.name}' cannot be ${describe(v)}: ${why}`, {
    code: 'INVALID_VALUE',
    table: table.name,
    column: col.property,
    fix,
  });
}

/** Objects a column's converter takes (writes bind other kinds' values as they are). */
function objectAllowed(col: ColumnMeta, v: object, write: boolean): boolean {
  switch (col.kind) {
    case 'json':
      return true;
    case 'date':
      return v instanceof Date;
    case 'blob':
      return v instanceof Uint8Array;
    case 'any':
      return Buffer.isBuffer(v) || (!write && v instanceof Date);
    default:
      return !write && v instanceof Date;
  }
}

/**
 * Throws a NoormError naming the column when `v` is not a value its column
 * can hold. `context` starts the message ("Value of", "where value for").
 * undefined is an error too: callers skip the properties that may be absent.
 * @internal
 */
export function checkValue(table: TableMeta, col: ColumnMeta, v: unknown, context = 'Value of', write = true): void {
  switch (typeof v) {
    case 'string':
      if (write && col.kind === 'blob') throw bad(table, col, v, 'the column holds bytes', 'pass a Buffer or Uint8Array', context);
      return;
    case 'boolean':
      // Writes convert booleans for boolean and JSON columns; a where converts them for any column.
      if (!write || col.kind === 'boolean' || col.kind === 'json') return;
      throw bad(table, col, v, `the column holds ${col.kind}`, 'pass a value of the column type', context);
    case 'number':
      if (!Number.isFinite(v)) {
        throw bad(table, col, v, 'SQLite stores NaN as NULL and has no portable infinity', 'pass a finite number, or null', context);
      }
      if ((col.kind === 'integer' || col.kind === 'bigint') && Number.isInteger(v) && !Number.isSafeInteger(v)) {
        throw bad(
          table,
          col,
          v,
          'an integer beyond 2^53 - 1 has lost its exact value',
          'pass a bigint (and read the column as bigint)',
          context,
        );
      }
      return;
    case 'bigint':
      if (v < INT64_MIN || v > INT64_MAX) {
        throw bad(table, col, v, 'SQLite integers are 64-bit', 'pass a value between -(2^63) and 2^63 - 1, or store it as text', context);
      }
      return;
    case 'undefined':
      throw bad(
        table,
        col,
        v,
        'a missing value would drop this condition',
        `pass a value for '${col.property}', or leave the key out`,
        context,
      );
    case 'symbol':
    case 'function':
      throw bad(table, col, v, 'SQLite stores numbers, text, blobs and null', 'pass a value of the column type', context);
    default:
      if (v === null || objectAllowed(col, v as object, write)) return;
      throw bad(
        table,
        col,
        v,
        `the column holds ${col.kind === 'any' ? 'a scalar' : col.kind}`,
        'pass a value of the column type',
        context,
      );
  }
}

/**
 * Checks the values of a write: every own property that names a column.
 * Absent (undefined) properties are left to the caller.
 * @internal
 */
export function checkValues(table: TableMeta, data: object): void {
  for (const key of Object.keys(data)) {
    const col = table.byProperty.get(key);
    if (col === undefined) continue;
    const v = (data as Record<string, unknown>)[key];
    if (v !== undefined) checkValue(table, col, v);
  }
}
