/**
 * Batched relation loading: one query per relation per level of the include
 * tree, whatever the number of parent rows. The parents' keys go in as one JSON
 * array parameter (`key IN (SELECT value FROM json_each(?))`), so each relation
 * has one prepared statement whatever the batch size.
 */
import { NoormError, relationNotFound } from './errors.js';
import type { Connection } from './connection.js';
import type { TableMeta } from './meta.js';
import { checkCount, compileOrderBy, compileWhere } from './where.js';

export type RelationKind = 'belongsTo' | 'hasOne' | 'hasMany' | 'manyToMany';

export type RowMapper<T = object> = (row: readonly unknown[]) => T;

/** Compiled relation metadata, emitted by noormc in relations.ts. */
export interface RelationDef {
  readonly name: string;
  readonly kind: RelationKind;
  /** The table the relation is declared on. */
  readonly table: TableMeta;
  /** The related table. */
  readonly target: TableMeta;
  /** Maps a raw target row (target columns in order, then link columns) to the target's row type. */
  readonly map: RowMapper;
  /** Properties of the parent row that hold the key: belongs-to: the FK; others: the referenced columns. */
  readonly parentKeys: readonly string[];
  /** SQL expressions the parent keys are matched against (`t."author_id"`, `j."post_id"`). */
  readonly keyExprs: readonly string[];
  /** Positions, in a raw result row, of the values matched against the parent keys. */
  readonly keyIndexes: readonly number[];
  /** `SELECT t."id", ... FROM "posts" AS t` (many-to-many: with the join table as j and link columns last). */
  readonly select: string;
  /** ` WHERE <key> IN (SELECT value FROM json_each(?))` */
  readonly keyFilter: string;
  /** Default order: the target's primary key, ` ORDER BY t."id"`. */
  readonly order: string;
  /** select + keyFilter + order: the whole statement for an include with no options. */
  readonly sql: string;
  /** Informational: FK columns on the referencing side and referenced columns. */
  readonly columns: readonly string[];
  readonly references: readonly string[];
  /** Many-to-many: the join table and its columns to this table and to the target. */
  readonly through: { readonly table: string; readonly columns: readonly string[]; readonly targetColumns: readonly string[] } | null;
}

/** Relations of every table, by table name then relation name. */
export type RelationRegistry = { readonly [table: string]: { readonly [relation: string]: RelationDef } };

type Row = Record<string, unknown>;

function normKey(v: unknown): unknown {
  return typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function jsonValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  throw new NoormError(`Relation keys must be numbers or strings, got ${typeof v}`, {
    code: 'INVALID_VALUE',
    fix: 'relations over BLOB keys cannot be batch-loaded',
  });
}

const EMPTY: Row[] = [];

/**
 * Loads one relation for `parents` (mapped rows of rel.table) in one query and
 * stores it on each parent under rel.name. Returns the loaded child rows (for
 * nested includes).
 */
export function loadRelation(conn: Connection, rel: RelationDef, parents: readonly Row[], options: unknown): Row[] {
  const single = rel.parentKeys.length === 1;
  const keyProp = rel.parentKeys[0]!;
  // Collect distinct keys.
  const seen = new Set<unknown>();
  let json = '[';
  for (let i = 0; i < parents.length; i++) {
    const p = parents[i]!;
    let key: unknown;
    if (single) {
      key = p[keyProp];
      if (key === null || key === undefined) continue;
      key = normKey(key);
      if (seen.has(key)) continue;
      seen.add(key);
      json += (seen.size === 1 ? '' : ',') + jsonValue(key);
    } else {
      const parts: string[] = [];
      let hasNull = false;
      for (const k of rel.parentKeys) {
        const v = p[k];
        if (v === null || v === undefined) hasNull = true;
        else parts.push(jsonValue(normKey(v)));
      }
      if (hasNull) continue;
      const text = '[' + parts.join(',') + ']';
      if (seen.has(text)) continue;
      seen.add(text);
      json += (seen.size === 1 ? '' : ',') + text;
    }
  }
  json += ']';
  const many = rel.kind === 'hasMany' || rel.kind === 'manyToMany';
  if (seen.size === 0) {
    for (let i = 0; i < parents.length; i++) parents[i]![rel.name] = many ? [] : null;
    return EMPTY;
  }

  let sql = rel.sql;
  const params: unknown[] = [json];
  if (options !== true && options !== undefined) {
    const o = options as { where?: unknown; orderBy?: unknown; limit?: unknown; offset?: unknown };
    if (many && (o.where !== undefined || o.orderBy !== undefined || o.limit !== undefined || o.offset !== undefined)) {
      let cond = rel.keyFilter;
      const w = compileWhere(rel.target, o.where, params, 't.');
      if (w !== '') cond += ' AND (' + w + ')';
      const ob = o.orderBy === undefined ? rel.order : compileOrderBy(rel.target, o.orderBy, 't.') || rel.order;
      if (o.limit === undefined && o.offset === undefined) {
        sql = rel.select + cond + ob;
      } else {
        const limit = o.limit === undefined ? -1 : checkCount(rel.target, 'limit', o.limit);
        const offset = o.offset === undefined ? 0 : checkCount(rel.target, 'offset', o.offset);
        sql =
          'SELECT * FROM (' +
          rel.select.replace(/^SELECT /, 'SELECT row_number() OVER (PARTITION BY ' + rel.keyExprs.join(', ') + ob + ') AS noormme_rn, ') +
          cond +
          ') WHERE noormme_rn > ?' +
          (limit >= 0 ? ' AND noormme_rn <= ?' : '') +
          ' ORDER BY noormme_rn';
        params.push(offset);
        if (limit >= 0) params.push(offset + limit);
        return assign(conn, rel, parents, sql, params, many, single, 1);
      }
    }
  }
  return assign(conn, rel, parents, sql, params, many, single, 0);
}

function assign(
  conn: Connection,
  rel: RelationDef,
  parents: readonly Row[],
  sql: string,
  params: unknown[],
  many: boolean,
  single: boolean,
  shift: number,
): Row[] {
  const stmt = conn.prepareRaw(sql, rel.target.safeIntegers);
  if (conn.onQuery !== undefined) conn.onQuery(sql, params);
  const raw = stmt.all(params) as unknown[][];
  const map = rel.map;
  const children: Row[] = new Array(raw.length);
  const groups = new Map<unknown, Row[] | Row>();
  const ki = rel.keyIndexes;
  const k0 = ki[0]! + shift;
  for (let i = 0; i < raw.length; i++) {
    let r = raw[i]!;
    let key: unknown;
    if (single) key = normKey(r[k0]);
    else key = '[' + ki.map((k) => jsonValue(normKey(r[k + shift]))).join(',') + ']';
    if (shift !== 0) r = r.slice(shift);
    const child = map(r) as Row;
    children[i] = child;
    if (many) {
      const g = groups.get(key) as Row[] | undefined;
      if (g === undefined) groups.set(key, [child]);
      else g.push(child);
    } else if (!groups.has(key)) {
      groups.set(key, child);
    }
  }
  const name = rel.name;
  const keyProp = rel.parentKeys[0]!;
  for (let i = 0; i < parents.length; i++) {
    const p = parents[i]!;
    let key: unknown;
    if (single) key = normKey(p[keyProp]);
    else {
      const vals: string[] = [];
      for (const k of rel.parentKeys) {
        const v = p[k];
        if (v === null || v === undefined) {
          vals.length = 0;
          break;
        }
        vals.push(jsonValue(normKey(v)));
      }
      key = vals.length === 0 ? null : '[' + vals.join(',') + ']';
    }
    const g = groups.get(key);
    p[name] = many ? ((g as Row[] | undefined) ?? []) : ((g as Row | undefined) ?? null);
  }
  return children;
}

/**
 * Loads every relation named in `include` for `rows` (mapped rows of `table`),
 * then their nested includes, one query per relation per level.
 */
export function loadIncludes(conn: Connection, registry: RelationRegistry, table: TableMeta, rows: readonly object[], include: unknown): void {
  if (include === undefined || include === null || rows.length === 0) return;
  if (typeof include !== 'object' || Array.isArray(include)) {
    throw new NoormError(`include must be an object like { posts: true }, got ${Array.isArray(include) ? 'an array' : typeof include}`, {
      code: 'INVALID_ARGUMENT',
      table: table.name,
      fix: 'pass include: { relation: true } or { relation: { where, orderBy, limit, include } }',
    });
  }
  const rels = registry[table.name] ?? {};
  for (const name in include as Record<string, unknown>) {
    const entry = (include as Record<string, unknown>)[name];
    if (entry === undefined || entry === false) continue;
    const rel = Object.prototype.hasOwnProperty.call(rels, name) ? rels[name] : undefined;
    if (rel === undefined) throw relationNotFound(table.name, name, Object.keys(rels));
    if (entry !== true && (typeof entry !== 'object' || entry === null || Array.isArray(entry))) {
      throw new NoormError(`include.${name} must be true or an options object`, {
        code: 'INVALID_ARGUMENT',
        table: table.name,
        fix: `write include: { ${name}: true } or { ${name}: { where, orderBy, limit, include } }`,
      });
    }
    if (entry !== true) {
      const allowed = rel.kind === 'hasMany' || rel.kind === 'manyToMany' ? ['where', 'orderBy', 'limit', 'offset', 'include'] : ['include'];
      for (const k in entry) {
        if (!allowed.includes(k)) {
          throw new NoormError(`Unknown include option '${k}' for relation '${name}' of table '${table.name}'`, {
            code: 'INVALID_ARGUMENT',
            table: table.name,
            notes: [`Options for a ${rel.kind} relation: ${allowed.join(', ')}`],
            fix: `remove '${k}'`,
          });
        }
      }
    }
    const children = loadRelation(conn, rel, rows as Row[], entry);
    if (entry !== true) {
      const nested = (entry as { include?: unknown }).include;
      if (nested !== undefined && children.length > 0) loadIncludes(conn, registry, rel.target, children, nested);
    }
  }
}

/** `['posts', 'posts.comments']` → `{ posts: { include: { comments: true } } }`. */
export function pathsToInclude(paths: readonly string[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  if (!Array.isArray(paths)) {
    throw new NoormError('findWithRelations needs an array of relation paths', {
      code: 'INVALID_ARGUMENT',
      fix: "pass ['posts', 'posts.comments']",
    });
  }
  for (const path of paths) {
    if (typeof path !== 'string' || path === '') {
      throw new NoormError(`Invalid relation path ${JSON.stringify(path)}`, { code: 'INVALID_ARGUMENT', fix: "write paths like 'posts.comments'" });
    }
    let node = root;
    for (const part of path.split('.')) {
      const cur = node[part];
      if (cur === undefined || cur === true) {
        const next: Record<string, unknown> = {};
        node[part] = { include: next };
        node = next;
      } else {
        node = (cur as { include: Record<string, unknown> }).include;
      }
    }
  }
  return root;
}

/** Builds the key filter for the given key expressions (used by the generator's output, documented here). */
export function keyFilterSql(keyExprs: readonly string[]): string {
  if (keyExprs.length === 1) return ` WHERE ${keyExprs[0]} IN (SELECT value FROM json_each(?))`;
  const cols = keyExprs.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ');
  return ` WHERE (${keyExprs.join(', ')}) IN (SELECT ${cols} FROM json_each(?))`;
}

/** Fills in keyFilter, order and sql of a relation from its parts (emitted code may also spell them out). */
export function defineRelation(
  def: Omit<RelationDef, 'keyFilter' | 'sql' | 'order'> & { order?: string },
): RelationDef {
  const keyFilter = keyFilterSql(def.keyExprs);
  const order = def.order ?? ' ORDER BY ' + def.target.primaryKey.map((c) => 't.' + c.quoted).join(', ');
  return Object.freeze({ ...def, keyFilter, order, sql: def.select + keyFilter + order });
}
