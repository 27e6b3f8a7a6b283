/**
 * Helpers for the generated repositories. The generated code owns everything
 * that depends on a table's shape (SQL constants, row mappers, value encoders,
 * typed signatures); these functions do the parts that depend on a call's
 * arguments (where/orderBy, which columns a write sets) with per-shape caches.
 */
import type { Connection, Statement } from './connection.js';
import { ForeignKeyError, NoormError, columnNotFound, mapSqliteError } from './errors.js';
import { quoteIdent, type ColumnMeta, type TableMeta } from './meta.js';
import type { RowMapper } from './meta.js';
import { loadIncludes, type RelationRegistry } from './relations.js';
import { compileFindTail, compileWhere } from './where.js';
import { checkValues } from './values.js';

export type { Statement } from './connection.js';

/**
 * Which columns a write sets: bit i of the number is column i for the first
 * 52 columns (sums of distinct powers of two below 2^53 are exact); a write
 * that sets a later column is the string `<bits>|<i>,<j>,...` with the later
 * indexes listed. Equal sets give equal keys, so a key selects a cached
 * statement.
 */
export type ColumnMask = number | string;

const LOW_BITS = 52;
const POW2: readonly number[] = Array.from({ length: LOW_BITS }, (_, i) => 2 ** i);

/** Per table: SQL text per column mask, computed once per process. */
interface SqlCaches {
  insert: Map<ColumnMask, string>;
  insertRun: Map<ColumnMask, string>;
  update: Map<ColumnMask, string>;
  updateMany: Map<ColumnMask, string>;
  upsert: Map<string, string>;
}
const sqlCaches = new WeakMap<TableMeta, SqlCaches>();

function caches(table: TableMeta): SqlCaches {
  let c = sqlCaches.get(table);
  if (c === undefined) {
    c = { insert: new Map(), insertRun: new Map(), update: new Map(), updateMany: new Map(), upsert: new Map() };
    sqlCaches.set(table, c);
  }
  return c;
}

/** Columns in mask, in table order (see ColumnMask). */
export function maskColumns(table: TableMeta, mask: ColumnMask): ColumnMeta[] {
  const out: ColumnMeta[] = [];
  let m: number;
  let high = '';
  if (typeof mask === 'string') {
    const bar = mask.indexOf('|');
    m = Number(mask.slice(0, bar));
    high = mask.slice(bar + 1);
  } else m = mask;
  for (let i = 0; m > 0 && i < LOW_BITS && i < table.columns.length; i++) {
    if (m % 2 === 1) out.push(table.columns[i]!);
    m = Math.floor(m / 2);
  }
  if (high !== '') for (const i of high.split(',')) out.push(table.columns[Number(i)]!);
  return out;
}

/** Reads a written property: own properties only for names Object.prototype also has. */
function read(d: Record<string, unknown>, c: ColumnMeta): unknown {
  return c.inherited ? (Object.hasOwn(d, c.property) ? d[c.property] : undefined) : d[c.property];
}

/**
 * Pushes the storage values of the writable columns present in d onto p (table
 * order) and returns their mask. keyed: the primary key selects the row
 * (update) and is not pushed. Unknown or read-only properties are errors.
 */
export function encodeData(table: TableMeta, d: object, p: unknown[], keyed: boolean): ColumnMask {
  checkData(table, d);
  const cols = table.writable;
  const data = d as Record<string, unknown>;
  let m = 0;
  let high: string | undefined;
  let n = 0;
  for (let k = 0; k < cols.length; k++) {
    const c = cols[k]!;
    const v = read(data, c);
    if (v === undefined) continue;
    n++;
    if (keyed && c.primaryKey > 0) continue;
    const i = c.index;
    if (i < LOW_BITS) m += POW2[i]!;
    else high = high === undefined ? String(i) : high + ',' + i;
    p.push(c.toDb === null ? v : c.toDb(v));
  }
  checkKeys(table, d, n);
  return high === undefined ? m : m + '|' + high;
}

/** The primary-key values of d, converted for binding; undefined when one is missing. */
export function keyValues(table: TableMeta, d: object): unknown[] | undefined {
  const data = d as Record<string, unknown>;
  const out: unknown[] = [];
  for (const c of table.primaryKey) {
    const v = read(data, c);
    if (v === undefined) return undefined;
    out.push(c.toDb === null ? v : c.toDb(v));
  }
  return out;
}

function insertHead(table: TableMeta, cols: readonly ColumnMeta[]): string {
  return cols.length === 0
    ? `INSERT INTO ${table.quoted} DEFAULT VALUES`
    : `INSERT INTO ${table.quoted} (${cols.map((x) => x.quoted).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
}

/** `INSERT INTO "t" ("a", "b") VALUES (?, ?) RETURNING <all columns>` for a mask. */
export function insertSql(table: TableMeta, mask: ColumnMask): string {
  const c = caches(table).insert;
  let sql = c.get(mask);
  if (sql === undefined) {
    sql = insertHead(table, maskColumns(table, mask)) + ` RETURNING ${table.selectList}`;
    c.set(mask, sql);
  }
  return sql;
}

function keyCondition(table: TableMeta): string {
  return table.primaryKey.map((k) => `${k.quoted} = ?`).join(' AND ');
}

/** `UPDATE "t" SET "a" = ?, ... WHERE <pk> RETURNING <all columns>` for a mask. */
export function updateSql(table: TableMeta, mask: ColumnMask): string {
  const c = caches(table).update;
  let sql = c.get(mask);
  if (sql === undefined) {
    const cols = maskColumns(table, mask);
    sql = `UPDATE ${table.quoted} SET ${cols.map((x) => `${x.quoted} = ?`).join(', ')} WHERE ${keyCondition(table)} RETURNING ${table.selectList}`;
    c.set(mask, sql);
  }
  return sql;
}

function upsertSqlFor(table: TableMeta, mask: ColumnMask, conflict: readonly ColumnMeta[], update: readonly ColumnMeta[] | null): string {
  const key = mask + '#' + conflict.map((c) => c.index).join(',') + '#' + (update === null ? '*' : update.map((c) => c.index).join(','));
  const c = caches(table).upsert;
  let sql = c.get(key);
  if (sql === undefined) {
    const cols = maskColumns(table, mask);
    const conflictSet = new Set(conflict);
    let set = update === null ? cols.filter((x) => !conflictSet.has(x)) : [...update];
    if (set.length === 0) set = [conflict[0]!];
    sql = `${insertHead(table, cols)} ON CONFLICT (${conflict.map((x) => x.quoted).join(', ')}) DO UPDATE SET ${set
      .map((x) => `${x.quoted} = excluded.${x.quoted}`)
      .join(', ')} RETURNING ${table.selectList}`;
    c.set(key, sql);
  }
  return sql;
}

/**
 * Called by the generated encoders after reading the known properties of a
 * write: `known` is how many known properties were not undefined. Any other
 * enumerable property is an unknown column (from untyped JS) and an error, as
 * is a write to a generated column.
 */
export function checkKeys(table: TableMeta, data: object, known: number): void {
  let count = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const _ in data) count++;
  if (count === known) return;
  for (const key in data) {
    const col = table.byProperty.get(key);
    if (col === undefined) {
      if ((data as Record<string, unknown>)[key] === undefined) continue;
      throw columnNotFound(
        table.name,
        key,
        table.properties.filter((p) => table.byProperty.get(p)!.writable),
      );
    }
    if (!col.writable) {
      throw new NoormError(
        `Column '${key}' of table '${table.name}' is ${col.generated !== null ? 'generated' : 'read-only'} and cannot be written`,
        {
          code: 'INVALID_VALUE',
          table: table.name,
          column: key,
          fix: `remove '${key}' from the data`,
        },
      );
    }
  }
}

/** Throws when a write's data is not an object. */
export function checkData(table: TableMeta, data: unknown, what = 'data'): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new NoormError(
      `${what} for table '${table.name}' must be an object, got ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}`,
      {
        code: 'INVALID_ARGUMENT',
        table: table.name,
        fix: `pass an object with the columns of '${table.name}'`,
      },
    );
  }
  if (what === 'data') checkValues(table, data);
}

/**
 * Maps a write error to a NoormError subclass. For a foreign-key failure with
 * the written values at hand, finds which foreign key has no parent row.
 */
export function writeError(conn: Connection, table: TableMeta, error: unknown, data?: object): unknown {
  const mapped = mapSqliteError(error, table, conn.filename);
  if (!(mapped instanceof ForeignKeyError) || data === undefined) return mapped;
  return missingParent(conn, table, error, data) ?? mapped;
}

/** The foreign key of `table` whose parent row for `data` does not exist, as an error; undefined when none is found. */
function missingParent(conn: Connection, table: TableMeta, error: unknown, data: object): ForeignKeyError | undefined {
  if (!conn.open) return undefined;
  try {
    const row = data as Record<string, unknown>;
    for (const fk of table.foreignKeys) {
      const values: unknown[] = [];
      let complete = true;
      for (const colName of fk.columns) {
        const col = table.byName.get(colName);
        const v = col === undefined ? undefined : read(row, col);
        if (v === undefined || v === null) complete = false;
        values.push(col === undefined || col.toDb === null ? v : col.toDb(v));
      }
      if (!complete || fk.to.some((c) => c === null)) continue;
      const sql = `SELECT 1 FROM ${quoteIdent(fk.table)} WHERE ${fk.to.map((c) => `${quoteIdent(c!)} = ?`).join(' AND ')}`;
      const found = conn.db.prepare(sql).get(values);
      if (found === undefined) return new ForeignKeyError(table.name, fk.columns, fk.table, error);
    }
  } catch {
    // diagnosis is best effort
  }
  return undefined;
}

/** The error of createMany's row `at`: for a foreign-key failure, the row's missing parent named. */
function rowError(conn: Connection, table: TableMeta, error: unknown, row: object): unknown {
  const mapped = mapSqliteError(error, table, conn.filename);
  if (!(mapped instanceof ForeignKeyError)) return mapped;
  return missingParent(conn, table, error, row) ?? mapped;
}

/** `INSERT INTO "t" ("a", "b") VALUES (?, ?)` (no RETURNING) for a mask. */
function insertRunSql(table: TableMeta, mask: ColumnMask): string {
  const c = caches(table).insertRun;
  let sql = c.get(mask);
  if (sql === undefined) {
    sql = insertHead(table, maskColumns(table, mask));
    c.set(mask, sql);
  }
  return sql;
}

/**
 * createMany: inserts rows in one transaction (a savepoint inside another) and
 * returns how many were inserted. Each row runs the prepared single-row
 * `INSERT` (no RETURNING) for the columns it sets, so nothing is read back;
 * a transaction of single-row prepared INSERTs is what SQLite runs fastest
 * (a multi-row `VALUES (...), (...)` measured about half as fast in
 * bench/runtime). Atomic: an error undoes every row of the call.
 */
export function insertMany(conn: Connection, table: TableMeta, stmts: Map<ColumnMask, Statement>, rows: readonly object[]): number {
  if (!Array.isArray(rows)) throw badRows(table, rows);
  if (rows.length === 0) return 0;
  return conn.transaction(() => {
    let count = 0;
    let lastMask: ColumnMask | undefined;
    let stmt: Statement | undefined;
    let params: unknown[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const mask = encodeData(table, row, params, false);
      if (mask !== lastMask || stmt === undefined) {
        stmt = stmts.get(mask);
        if (stmt === undefined) {
          stmt = conn.prepare(insertRunSql(table, mask));
          stmts.set(mask, stmt);
        }
        lastMask = mask;
      }
      if (conn.onQuery !== undefined) conn.onQuery(insertRunSql(table, mask), params);
      try {
        count += stmt.run(params).changes;
      } catch (e) {
        throw rowError(conn, table, e, row);
      }
      // The bound values are copied by run(); a fresh array only when onQuery may keep it.
      if (conn.onQuery !== undefined) params = [];
      else params.length = 0;
    }
    return count;
  });
}

function mapAll<T>(rows: unknown[][], map: RowMapper<T>): T[] {
  const n = rows.length;
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = map(rows[i]!);
  return out;
}

export interface FindArgs {
  where?: unknown;
  orderBy?: unknown;
  limit?: unknown;
  offset?: unknown;
  include?: unknown;
}

/** findAll: `selectSql` + where/orderBy/limit/offset, rows mapped by `map`, then includes. */
export function findMany<T extends object>(
  conn: Connection,
  table: TableMeta,
  selectSql: string,
  map: RowMapper<T>,
  registry: RelationRegistry,
  options: FindArgs | undefined,
): T[] {
  const params: unknown[] = [];
  const sql = options === undefined ? selectSql : selectSql + compileFindTail(table, options, params);
  const stmt = conn.prepareRaw(sql, table.safeIntegers);
  if (conn.onQuery !== undefined) conn.onQuery(sql, params);
  const rows = mapAll(stmt.all(params) as unknown[][], map);
  if (options !== undefined && options.include !== undefined) loadIncludes(conn, registry, table, rows, options.include);
  return rows;
}

/** findOne: like findMany with LIMIT 1. */
export function findFirst<T extends object>(
  conn: Connection,
  table: TableMeta,
  selectSql: string,
  map: RowMapper<T>,
  registry: RelationRegistry,
  options: FindArgs | undefined,
): T | null {
  const params: unknown[] = [];
  let sql = selectSql;
  if (options !== undefined) {
    if (options.limit !== undefined || options.offset !== undefined) {
      sql += compileFindTail(table, { where: options.where, orderBy: options.orderBy, limit: 1, offset: options.offset }, params);
    } else {
      sql += compileFindTail(table, { where: options.where, orderBy: options.orderBy }, params) + ' LIMIT 1';
    }
  } else sql += ' LIMIT 1';
  const stmt = conn.prepareRaw(sql, table.safeIntegers);
  if (conn.onQuery !== undefined) conn.onQuery(sql, params);
  const r = stmt.get(params) as unknown[] | undefined;
  if (r === undefined) return null;
  const row = map(r);
  if (options !== undefined && options.include !== undefined) loadIncludes(conn, registry, table, [row], options.include);
  return row;
}

/** count: `SELECT count(*) FROM t [WHERE ...]`. */
export function countRows(conn: Connection, table: TableMeta, options: { where?: unknown } | undefined): number {
  const params: unknown[] = [];
  const w = options === undefined ? '' : compileWhere(table, options.where, params);
  const sql = `SELECT count(*) FROM ${table.quoted}` + (w === '' ? '' : ' WHERE ' + w);
  const stmt = conn.prepareRaw(sql);
  if (conn.onQuery !== undefined) conn.onQuery(sql, params);
  return Number((stmt.get(params) as unknown[])[0]);
}

/** exists: `SELECT EXISTS (SELECT 1 FROM t [WHERE ...])`. */
export function existsRows(conn: Connection, table: TableMeta, options: { where?: unknown } | undefined): boolean {
  const params: unknown[] = [];
  const w = options === undefined ? '' : compileWhere(table, options.where, params);
  const sql = `SELECT EXISTS (SELECT 1 FROM ${table.quoted}` + (w === '' ? '' : ' WHERE ' + w) + ')';
  const stmt = conn.prepareRaw(sql);
  if (conn.onQuery !== undefined) conn.onQuery(sql, params);
  return (stmt.get(params) as unknown[])[0] === 1;
}

/** create: INSERT ... RETURNING for the columns in mask. */
export function insertOne<T>(
  conn: Connection,
  table: TableMeta,
  stmts: Map<ColumnMask, Statement>,
  mask: ColumnMask,
  params: unknown[],
  map: RowMapper<T>,
  data: object,
): T {
  let stmt = stmts.get(mask);
  if (stmt === undefined) {
    stmt = conn.prepareRaw(insertSql(table, mask), table.safeIntegers);
    stmts.set(mask, stmt);
  }
  if (conn.onQuery !== undefined) conn.onQuery(insertSql(table, mask), params);
  let r: unknown[];
  try {
    r = stmt.get(params) as unknown[];
  } catch (e) {
    throw writeError(conn, table, e, data);
  }
  return map(r);
}

/** update by key: UPDATE ... WHERE pk RETURNING; params hold the set values then the key values. */
export function updateOne<T>(
  conn: Connection,
  table: TableMeta,
  stmts: Map<ColumnMask, Statement>,
  mask: ColumnMask,
  params: unknown[],
  map: RowMapper<T>,
  data: object,
): T | null {
  let stmt = stmts.get(mask);
  if (stmt === undefined) {
    stmt = conn.prepareRaw(updateSql(table, mask), table.safeIntegers);
    stmts.set(mask, stmt);
  }
  if (conn.onQuery !== undefined) conn.onQuery(updateSql(table, mask), params);
  let r: unknown[] | undefined;
  try {
    r = stmt.get(params) as unknown[] | undefined;
  } catch (e) {
    throw writeError(conn, table, e, data);
  }
  return r === undefined ? null : map(r);
}

/** updateMany: UPDATE t SET ... WHERE ...; params already hold the set values. Returns the changed row count. */
export function updateWhere(conn: Connection, table: TableMeta, mask: ColumnMask, params: unknown[], where: unknown, data: object): number {
  requireWhere(table, where, 'updateMany');
  if (mask === 0) return 0;
  const c = caches(table).updateMany;
  let head = c.get(mask);
  if (head === undefined) {
    head = `UPDATE ${table.quoted} SET ${maskColumns(table, mask)
      .map((x) => `${x.quoted} = ?`)
      .join(', ')}`;
    c.set(mask, head);
  }
  const w = compileWhere(table, where, params);
  const sql = w === '' ? head : head + ' WHERE ' + w;
  const stmt = conn.prepare(sql);
  if (conn.onQuery !== undefined) conn.onQuery(sql, params);
  try {
    return stmt.run(params).changes;
  } catch (e) {
    throw writeError(conn, table, e, data);
  }
}

/** deleteMany: DELETE FROM t WHERE ...; returns the deleted row count. */
export function deleteWhere(conn: Connection, table: TableMeta, where: unknown): number {
  requireWhere(table, where, 'deleteMany');
  const params: unknown[] = [];
  const w = compileWhere(table, where, params);
  const sql = `DELETE FROM ${table.quoted}` + (w === '' ? '' : ' WHERE ' + w);
  const stmt = conn.prepare(sql);
  if (conn.onQuery !== undefined) conn.onQuery(sql, params);
  try {
    return stmt.run(params).changes;
  } catch (e) {
    throw writeError(conn, table, e);
  }
}

function resolveColumns(table: TableMeta, names: unknown, what: string): ColumnMeta[] {
  if (!Array.isArray(names) || names.length === 0) {
    throw new NoormError(`upsert ${what} must be a non-empty array of column names`, {
      code: 'INVALID_ARGUMENT',
      table: table.name,
      fix: `pass { ${what}: ['email'] }`,
    });
  }
  return names.map((n) => {
    const c = typeof n === 'string' ? table.byProperty.get(n) : undefined;
    if (c === undefined) throw columnNotFound(table.name, String(n), table.properties);
    return c;
  });
}

/** upsert: INSERT ... ON CONFLICT (...) DO UPDATE SET ... RETURNING. */
export function upsertOne<T>(
  conn: Connection,
  table: TableMeta,
  mask: ColumnMask,
  params: unknown[],
  map: RowMapper<T>,
  data: object,
  options: { conflict?: readonly string[]; update?: readonly string[] } | undefined,
): T {
  const conflict = options?.conflict === undefined ? [...table.primaryKey] : resolveColumns(table, options.conflict, 'conflict');
  const update = options?.update === undefined ? null : resolveColumns(table, options.update, 'update');
  const sql = upsertSqlFor(table, mask, conflict, update);
  const stmt = conn.prepareRaw(sql, table.safeIntegers);
  if (conn.onQuery !== undefined) conn.onQuery(sql, params);
  let r: unknown[];
  try {
    r = stmt.get(params) as unknown[];
  } catch (e) {
    throw writeError(conn, table, e, data);
  }
  return map(r);
}

/** Runs a fixed write statement (delete by key) and returns the changed row count. */
export function runWrite(conn: Connection, table: TableMeta, stmt: Statement, sql: string, params: unknown[]): number {
  if (conn.onQuery !== undefined) conn.onQuery(sql, params);
  try {
    return stmt.run(params).changes;
  } catch (e) {
    throw writeError(conn, table, e);
  }
}

/** The error for update() without its key. */
export function missingKey(table: TableMeta): NoormError {
  const names = table.primaryKey.map((k) => k.property);
  return new NoormError(`update() on '${table.name}' needs the primary key (${names.join(', ')}) to select the row`, {
    code: 'INVALID_ARGUMENT',
    table: table.name,
    column: names[0],
    fix: `pass { ${names.map((n) => `${n}: ...`).join(', ')}, ...changes }, or use updateMany({ where, set })`,
  });
}

/** The error for createMany() with something other than an array. */
export function badRows(table: TableMeta, rows: unknown): NoormError {
  return new NoormError(`createMany() on '${table.name}' needs an array of rows, got ${rows === null ? 'null' : typeof rows}`, {
    code: 'INVALID_ARGUMENT',
    table: table.name,
    fix: 'pass an array: createMany([{ ... }, { ... }])',
  });
}

function requireWhere(table: TableMeta, where: unknown, method: string): void {
  if (where === undefined || where === null) {
    throw new NoormError(`${method}() on '${table.name}' needs a where`, {
      code: 'INVALID_ARGUMENT',
      table: table.name,
      fix: `pass { where: { ... } }; { where: {} } means every row`,
    });
  }
}

/** Throws when a findById/delete key is not a valid value. */
export function badKey(table: TableMeta, key: unknown): NoormError {
  const names = table.primaryKey.map((k) => k.property);
  return new NoormError(`Invalid key for table '${table.name}': ${key === null ? 'null' : typeof key}`, {
    code: 'INVALID_ARGUMENT',
    table: table.name,
    fix: names.length === 1 ? `pass the ${names[0]} value` : `pass { ${names.map((n) => `${n}: ...`).join(', ')} }`,
  });
}
