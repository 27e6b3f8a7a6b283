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

export interface ColumnMeta extends ColumnDef {
  /** The column name quoted for SQL: `"created_at"`. */
  readonly quoted: string;
  /** Index of the column in the table's SELECT list (and in `.raw()` rows). */
  readonly index: number;
  readonly writable: boolean;
}

export interface ForeignKeyDef {
  readonly columns: readonly string[];
  readonly table: string;
  readonly to: readonly string[];
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

export interface TableDef {
  readonly name: string;
  readonly kind: 'table' | 'view';
  readonly withoutRowid?: boolean;
  readonly strict?: boolean;
  readonly columns: readonly ColumnDef[];
  /** Primary-key column names in key order ([] for views). */
  readonly primaryKey: readonly string[];
  readonly foreignKeys?: readonly ForeignKeyDef[];
  readonly indexes?: readonly IndexDef[];
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
}

/** Quotes an SQL identifier: `users` → `"users"`, `a"b` → `"a""b"`. */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Builds the run-time table metadata from the compiled definition (once, at module load). */
export function defineTable(def: TableDef): TableMeta {
  const columns: ColumnMeta[] = def.columns.map((c, index) => ({
    ...c,
    quoted: quoteIdent(c.name),
    index,
    writable: def.kind === 'table' && c.generated === null,
  }));
  const byProperty = new Map(columns.map((c) => [c.property, c] as const));
  const byName = new Map(columns.map((c) => [c.name, c] as const));
  return Object.freeze({
    name: def.name,
    quoted: quoteIdent(def.name),
    kind: def.kind,
    withoutRowid: def.withoutRowid ?? false,
    strict: def.strict ?? false,
    columns,
    columnNames: columns.map((c) => c.name),
    properties: columns.map((c) => c.property),
    byProperty,
    byName,
    primaryKey: def.primaryKey.map((n) => byName.get(n)!),
    foreignKeys: def.foreignKeys ?? [],
    indexes: def.indexes ?? [],
    selectList: columns.map((c) => c.quoted).join(', '),
    safeIntegers: columns.some((c) => c.kind === 'bigint'),
  });
}
