/**
 * Value converters used by the generated row mappers and writers, once per
 * column, chosen at compile time. Storage choices:
 *
 * | TypeScript | SQLite storage                      | read from                                   |
 * |------------|-------------------------------------|---------------------------------------------|
 * | Date       | TEXT, ISO-8601 `toISOString()`      | ISO-8601 text, `YYYY-MM-DD HH:MM:SS[.SSS]` (UTC, what CURRENT_TIMESTAMP writes), `YYYY-MM-DD`, epoch milliseconds (INTEGER/REAL) |
 * | boolean    | INTEGER 0 / 1                       | 0/1 (any non-zero is true), 'true'/'false'  |
 * | unknown (JSON) | TEXT, `JSON.stringify`          | JSON text (text that is not JSON is returned as the string) |
 * | Buffer     | BLOB                                | BLOB                                        |
 * | bigint     | INTEGER (64-bit)                    | INTEGER via safeIntegers                    |
 */
import { NoormError } from './errors.js';

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.fff]` (UTC, SQLite's format) and
 * `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` without the general Date parser.
 * Falls back to `new Date(text)` for anything else.
 */
export function parseDateText(s: string): Date {
  const n = s.length;
  if (n >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = d2(s, 0) * 100 + d2(s, 2);
    const mo = d2(s, 5);
    const d = d2(s, 8);
    if (n === 10) return new Date(Date.UTC(y, mo - 1, d));
    const sep = s.charCodeAt(10);
    if ((sep === 32 || sep === 84) && n >= 19 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
      const h = d2(s, 11);
      const mi = d2(s, 14);
      const sec = d2(s, 17);
      let i = 19;
      let ms = 0;
      if (i < n && s.charCodeAt(i) === 46) {
        i++;
        let scale = 100;
        while (i < n) {
          const c = s.charCodeAt(i) - 48;
          if (c < 0 || c > 9) break;
          ms += c * scale;
          scale /= 10;
          i++;
        }
        ms = Math.round(ms);
      }
      let offset = 0;
      if (i < n) {
        const c = s.charCodeAt(i);
        if (c === 90 /* Z */ && i + 1 === n) {
          offset = 0;
        } else if ((c === 43 || c === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
          offset = (d2(s, i + 1) * 60 + d2(s, i + 4)) * (c === 43 ? 1 : -1);
        } else {
          return new Date(s);
        }
      }
      const t = Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset * 60000;
      if (!Number.isNaN(t)) return new Date(t);
    }
  }
  return new Date(s);
}

/** Date from storage: ISO-8601 text, SQLite `YYYY-MM-DD HH:MM:SS` text (UTC), or epoch milliseconds. */
export function dateFromDb(v: unknown): Date {
  if (typeof v === 'string') return parseDateText(v);
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'bigint') return new Date(Number(v));
  if (v instanceof Date) return v;
  return new Date(NaN);
}

/** Nullable variant of dateFromDb. */
export function dateOrNullFromDb(v: unknown): Date | null {
  return v === null || v === undefined ? null : dateFromDb(v);
}

/** Date to storage: ISO-8601 text. A string is kept as written; a number is epoch milliseconds. */
export function dateToDb(v: unknown): string {
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) throw new NoormError('Invalid Date cannot be stored', { code: 'INVALID_VALUE', fix: 'pass a valid Date' });
    return v.toISOString();
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return dateToDb(new Date(v));
  throw new NoormError(`Expected a Date, got ${describe(v)}`, { code: 'INVALID_VALUE', fix: 'pass a Date object' });
}

export function dateOrNullToDb(v: unknown): string | null {
  return v === null ? null : dateToDb(v);
}

/** Boolean from storage (0/1). */
export function boolFromDb(v: unknown): boolean {
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return v !== '0' && v.toLowerCase() !== 'false' && v !== '';
  return Boolean(v);
}

export function boolOrNullFromDb(v: unknown): boolean | null {
  return v === null || v === undefined ? null : boolFromDb(v);
}

/** Boolean to storage: 1 or 0. */
export function boolToDb(v: unknown): 0 | 1 {
  return v ? 1 : 0;
}

export function boolOrNullToDb(v: unknown): 0 | 1 | null {
  return v === null ? null : v ? 1 : 0;
}

/** JSON from storage text. Text that is not valid JSON is returned as the string itself. */
export function jsonFromDb(v: unknown): unknown {
  if (typeof v !== 'string') return v === undefined ? null : v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** JSON to storage text (`null` stays SQL NULL). */
export function jsonToDb(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  return s === undefined ? null : s;
}

/** Buffer from storage (better-sqlite3 already returns Buffers for BLOBs). */
export function bufferFromDb(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.from(String(v), 'utf8');
}

export function bufferOrNullFromDb(v: unknown): Buffer | null {
  return v === null || v === undefined ? null : bufferFromDb(v);
}

/** Buffer/Uint8Array to storage. */
export function bufferToDb(v: unknown): Buffer | null {
  if (v === null) return null;
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new NoormError(`Expected a Buffer, got ${describe(v)}`, { code: 'INVALID_VALUE', fix: 'pass a Buffer or Uint8Array' });
}

/** bigint from storage (number or bigint). */
export function bigintFromDb(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'string') return BigInt(v);
  return 0n;
}

export function bigintOrNullFromDb(v: unknown): bigint | null {
  return v === null || v === undefined ? null : bigintFromDb(v);
}

/** bigint to storage (better-sqlite3 binds bigint as a 64-bit integer). */
export function bigintToDb(v: unknown): bigint | number | null {
  if (v === null) return null;
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (typeof v === 'string') return BigInt(v);
  throw new NoormError(`Expected a bigint, got ${describe(v)}`, { code: 'INVALID_VALUE', fix: 'pass a bigint' });
}

/** number from a statement read with safeIntegers (bigint → number). */
export function numberFromDb(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

export function numberOrNullFromDb(v: unknown): number | null {
  return v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : (v as number);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? `an object (${Object.prototype.toString.call(v)})` : `${typeof v} ${String(v)}`;
}

/** Storage form of a value for a column of the given kind (used for where values, not in the row hot path). */
export function toStorage(kind: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'boolean':
      return typeof v === 'boolean' ? (v ? 1 : 0) : v;
    case 'date':
      return v instanceof Date || typeof v === 'number' ? dateToDb(v) : v;
    case 'json':
      return jsonToDb(v);
    case 'blob':
      return v instanceof Uint8Array && !Buffer.isBuffer(v) ? bufferToDb(v) : v;
    default:
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v instanceof Date) return dateToDb(v);
      return v;
  }
}
