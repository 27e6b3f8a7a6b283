/**
 * Compiled table metadata. The generated schema.ts declares one `defineTable`
 * per table and view; the where compiler, the relation loader, error messages
 * and `db.inspect()` read it. Nothing here is discovered by reflection.
 */

/**
 * How a column's TypeScript value is stored in SQLite (see convert.ts):
 * - integer, real, numeric: number as is
 * - bigint: bigint, bound as a 64-bit integer (read with safeIntegers)
 * - text: string; blob: Buffer
 * - boolean: INTEGER 0/1
 * - date: ISO-8601 text (`2024-05-01T10:00:00.000Z`); read also from SQLite's
 *   `YYYY-MM-DD HH:MM:SS` (UTC) and from epoch milliseconds
 * - json: JSON text
 * - any: passed through
 */
import { bigintToDb, boolOrNullToDb, boolToDb, bufferToDb, dateOrNullToDb, dateToDb, jsonToDb } from './convert.js';

export type StorageKind = 'integer' | 'real' | 'numeric' | 'bigint' | 'text' | 'blob' | 'boolean' | 'date' | 'json' | 'any';

export interface ColumnDef {
  /** The SQL column name. */
  readonly name: string;
  /** The property name in TypeScript (equals `name` unless camelCase is on). */
  readonly property: string;
  /** The declared type as SQLite reports it (`INTEGER`, `DATETIME`, ``). */
  readonly sqlType: string;
  /** The TypeScript type as written in schema.ts. */
  readonly tsType: string;
  readonly kind: StorageKind;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
  /** 1-based position in the primary key, 0 when not in it. */
  readonly primaryKey: number;
  readonly generated: null | 'virtual' | 'stored';
  /** Values allowed by a `CHECK (col IN (...))`, or null. */
  readonly enumValues: readonly string[] | null;
}

/**
 * A column as schema.ts declares it: the fields of ColumnDef, with defaults for
 * the ones left out: property = name, sqlType = '', kind = defaultKind(sqlType),
 * nullable = hasDefault = false, primaryKey = 0, generated = enumValues = null,
 * tsType derived from kind, enumValues and nullable as the generator writes it.
 */
export interface ColumnSpec {
  readonly name: string;
  readonly property?: string;
  readonly sqlType?: string;
  readonly tsType?: string;
  readonly kind?: StorageKind;
  readonly nullable?: boolean;
  readonly hasDefault?: boolean;
  readonly primaryKey?: number;
  readonly generated?: null | 'virtual' | 'stored';
  readonly enumValues?: readonly string[] | null;
}

export interface ColumnMeta extends ColumnDef {
  /** The column name quoted for SQL: `"created_at"`. */
  readonly quoted: string;
  /** Index of the column in the table's SELECT list (and in `.raw()` rows). */
  readonly index: number;
  readonly writable: boolean;
  /**
   * Converts a written value to its storage form (`dateToDb`, `boolToDb`...),
   * or null when the value is bound as given.
   * @internal
   */
  readonly toDb: ((v: unknown) => unknown) | null;
  /**
   * True when the property name is also a member of Object.prototype
   * (`constructor`, `toString`, `__proto__`...): written data is then read by
   * own property only.
   * @internal
   */
  readonly inherited: boolean;
}

/** A foreign key as schema.ts declares it: onUpdate and onDelete default to 'NO ACTION'. */
export interface ForeignKeySpec {
  readonly columns: readonly string[];
  readonly table: string;
  readonly to: readonly (string | null)[];
  readonly onUpdate?: string;
  readonly onDelete?: string;
}

/** An index as schema.ts declares it: unique and partial default to false, origin to 'c' (CREATE INDEX). */
export interface IndexSpec {
  readonly name: string;
  readonly unique?: boolean;
  readonly origin?: 'c' | 'u' | 'pk';
  readonly partial?: boolean;
  readonly columns: readonly (string | null)[];
}

export interface ForeignKeyDef {
  readonly columns: readonly string[];
  readonly table: string;
  readonly to: readonly (string | null)[];
  readonly onUpdate: string;
  readonly onDelete: string;
}

export interface IndexDef {
  readonly name: string;
  readonly unique: boolean;
  readonly origin: 'c' | 'u' | 'pk';
  readonly partial: boolean;
  readonly columns: readonly (string | null)[];
}

/** Maps a raw row (columns in table order) to the typed row. */
export type RowMapper<T = object> = (row: readonly unknown[]) => T;

export interface TableDef {
  readonly name: string;
  readonly kind: 'table' | 'view';
  readonly withoutRowid?: boolean;
  readonly strict?: boolean;
  readonly columns: readonly ColumnSpec[];
  /** Primary-key column names in key order ([] for views). */
  readonly primaryKey?: readonly string[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
  readonly indexes?: readonly IndexSpec[];
  /** The generated row mapper (`mapUser`). */
  readonly map?: RowMapper;
}

export interface TableMeta {
  readonly name: string;
  readonly quoted: string;
  readonly kind: 'table' | 'view';
  readonly withoutRowid: boolean;
  readonly strict: boolean;
  readonly columns: readonly ColumnMeta[];
  readonly columnNames: readonly string[];
  /** Property names, in column order. */
  readonly properties: readonly string[];
  /** Property name → column. */
  readonly byProperty: ReadonlyMap<string, ColumnMeta>;
  /** SQL column name → column. */
  readonly byName: ReadonlyMap<string, ColumnMeta>;
  readonly primaryKey: readonly ColumnMeta[];
  readonly foreignKeys: readonly ForeignKeyDef[];
  readonly indexes: readonly IndexDef[];
  /** `"id", "email", ...` — the SELECT list, in column order. */
  readonly selectList: string;
  /** True when a column is bigint: statements on the table read integers with safeIntegers. */
  readonly safeIntegers: boolean;
  /** `SELECT <every column> FROM "t"`. */
  readonly selectSql: string;
  /** `SELECT <every column> FROM "t" WHERE <pk> = ?` ('' without a primary key). */
  readonly findByIdSql: string;
  /** `DELETE FROM "t" WHERE <pk> = ?` ('' without a primary key). */
  readonly deleteByIdSql: string;
  /** The writable columns (not generated; none for a view), in table order. @internal */
  readonly writable: readonly ColumnMeta[];
  /** The generated row mapper (identity on the raw array when none was given). */
  readonly map: RowMapper;
}

/** Quotes an SQL identifier: `users` → `"users"`, `a"b` → `"a""b"`. */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

const BASE_TS: Readonly<Record<StorageKind, string>> = {
  integer: 'number',
  real: 'number',
  numeric: 'number',
  bigint: 'bigint',
  text: 'string',
  blob: 'Buffer',
  boolean: 'boolean',
  date: 'Date',
  json: 'unknown',
  any: 'unknown',
};

/** The TypeScript type the generator writes for a column (`number | null`, `'a' | 'b'`). */
function tsTypeOf(kind: StorageKind, nullable: boolean, enumValues: readonly string[] | null): string {
  let base = BASE_TS[kind];
  if (enumValues !== null && (kind === 'text' || kind === 'any' || kind === 'numeric')) {
    base = enumValues.map((v) => "'" + v.replace(/[\\']/g, (c) => '\\' + c) + "'").join(' | ');
  }
  return nullable && base !== 'unknown' ? base + ' | null' : base;
}

/** The storage converter of a written value, by kind (see convert.ts); null: bound as given. */
function writerOf(kind: StorageKind, nullable: boolean): ((v: unknown) => unknown) | null {
  switch (kind) {
    case 'bigint':
      return bigintToDb;
    case 'blob':
      return bufferToDb;
    case 'boolean':
      return nullable ? boolOrNullToDb : boolToDb;
    case 'date':
      return nullable ? dateOrNullToDb : dateToDb;
    case 'json':
      return jsonToDb;
    default:
      return null;
  }
}

/** ASCII upper case, as SQLite folds type names. */
function upper(s: string): string {
  return s.replace(/[a-z]+/g, (w) => w.toUpperCase());
}

/**
 * The storage kind a declared type gives (noormc's rule, docs/reference/generated-code.md
 * "Types"): the first word BOOLEAN/BOOL → boolean, DATE/DATETIME/TIMESTAMP/TIMESTAMPTZ →
 * date, JSON/JSONB → json, none or ANY → any; else SQLite's affinity (sqlite.org/datatype3.html
 * 3.1): INT → integer, CHAR/CLOB/TEXT → text, BLOB → blob, REAL/FLOA/DOUB → real, else numeric.
 * schema.ts writes `kind` only where it differs from this (a BIGINT read as bigint).
 */
export function defaultKind(sqlType: string): StorageKind {
  const u = upper(sqlType);
  const w = /[A-Z0-9_]+/.exec(u)?.[0] ?? '';
  if (w === 'BOOLEAN' || w === 'BOOL') return 'boolean';
  if (w === 'DATE' || w === 'DATETIME' || w === 'TIMESTAMP' || w === 'TIMESTAMPTZ') return 'date';
  if (w === 'JSON' || w === 'JSONB') return 'json';
  if (u === '' || w === 'ANY') return 'any';
  if (u.includes('INT')) return 'integer';
  if (u.includes('CHAR') || u.includes('CLOB') || u.includes('TEXT')) return 'text';
  if (u.includes('BLOB')) return 'blob';
  if (u.includes('REAL') || u.includes('FLOA') || u.includes('DOUB')) return 'real';
  return 'numeric';
}

const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

function columnMeta(c: ColumnSpec, index: number, view: boolean): ColumnMeta {
  const sqlType = c.sqlType ?? '';
  const kind = c.kind ?? defaultKind(sqlType);
  const nullable = c.nullable ?? false;
  const enumValues = c.enumValues ?? null;
  const generated = c.generated ?? null;
  const property = c.property ?? c.name;
  return {
    name: c.name,
    property,
    sqlType,
    tsType: c.tsType ?? tsTypeOf(kind, nullable, enumValues),
    kind,
    nullable,
    hasDefault: c.hasDefault ?? false,
    primaryKey: c.primaryKey ?? 0,
    generated,
    enumValues,
    quoted: quoteIdent(c.name),
    index,
    writable: !view && generated === null,
    toDb: writerOf(kind, nullable),
    inherited: INHERITED.has(property),
  };
}

const RAW: RowMapper = (r) => r as unknown as object;

/**
 * A column in schema.ts's JSON form: `[name, sqlType]`, or `[name, sqlType,
 * { ...the other ColumnSpec fields that are not defaults }]`.
 */
export type ColumnTuple = readonly [name: string, sqlType?: string, rest?: Omit<ColumnSpec, 'name' | 'sqlType'>];

/** A table in schema.ts's JSON form: TableDef without the mapper, columns as tuples. */
export interface TableJson extends Omit<TableDef, 'columns' | 'map'> {
  readonly columns: readonly ColumnTuple[];
}

function invalidJson(what: string): Error {
  return new TypeError(`defineTable: ${what}; regenerate with noormc build`);
}

/** Reads schema.ts's JSON form of a table (written by noormc: one JSON.parse per table, at load). */
function fromJson(text: string, map: RowMapper | undefined): TableDef {
  const j = JSON.parse(text) as TableJson;
  if (typeof j !== 'object' || j === null || typeof j.name !== 'string' || !Array.isArray(j.columns))
    throw invalidJson('not a table definition');
  const columns = j.columns.map((t): ColumnSpec => {
    if (!Array.isArray(t) || typeof t[0] !== 'string') throw invalidJson('a column is not [name, sqlType, options]');
    return { ...(t[2] ?? {}), name: t[0], sqlType: t[1] ?? '' };
  });
  return { ...j, columns, map };
}

/**
 * Builds the run-time table metadata (once, at module load) from the compiled
 * definition: a TableDef, or the JSON text of a TableJson and its row mapper
 * (what schema.ts writes: data in a string costs the type checker nothing).
 */
export function defineTable(definition: TableDef | string, mapper?: RowMapper): TableMeta {
  const def = typeof definition === 'string' ? fromJson(definition, mapper) : definition;
  const view = def.kind === 'view';
  const columns: ColumnMeta[] = def.columns.map((c, index) => columnMeta(c, index, view));
  const byProperty = new Map(columns.map((c) => [c.property, c] as const));
  const byName = new Map(columns.map((c) => [c.name, c] as const));
  const quoted = quoteIdent(def.name);
  const selectList = columns.map((c) => c.quoted).join(', ');
  const primaryKey = (def.primaryKey ?? []).map((n) => byName.get(n)!);
  const byKey = primaryKey.map((c) => `${c.quoted} = ?`).join(' AND ');
  return Object.freeze({
    name: def.name,
    quoted,
    kind: def.kind,
    withoutRowid: def.withoutRowid ?? false,
    strict: def.strict ?? false,
    columns,
    columnNames: columns.map((c) => c.name),
    properties: columns.map((c) => c.property),
    byProperty,
    byName,
    primaryKey,
    foreignKeys: (def.foreignKeys ?? []).map((f) => ({
      columns: f.columns,
      table: f.table,
      to: f.to,
      onUpdate: f.onUpdate ?? 'NO ACTION',
      onDelete: f.onDelete ?? 'NO ACTION',
    })),
    indexes: (def.indexes ?? []).map((i) => ({
      name: i.name,
      unique: i.unique ?? false,
      origin: i.origin ?? 'c',
      partial: i.partial ?? false,
      columns: i.columns,
    })),
    selectList,
    safeIntegers: columns.some((c) => c.kind === 'bigint'),
    selectSql: `SELECT ${selectList} FROM ${quoted}`,
    findByIdSql: byKey === '' ? '' : `SELECT ${selectList} FROM ${quoted} WHERE ${byKey}`,
    deleteByIdSql: byKey === '' ? '' : `DELETE FROM ${quoted} WHERE ${byKey}`,
    writable: columns.filter((c) => c.writable),
    map: def.map ?? RAW,
  });
}
