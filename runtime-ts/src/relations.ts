/**
 * Batched relation loading: one query per relation per level of the include
 * tree, whatever the number of parent rows. The parents' keys go in as one JSON
 * array parameter (`key IN (SELECT value FROM json_each(?))`), so each relation
 * has one prepared statement whatever the batch size.
 */
import { NoormError, relationNotFound } from './errors.js';
import { quoteIdent } from './meta.js';
import type { Connection } from './connection.js';
import type { ColumnMeta, RowMapper, TableMeta } from './meta.js';
import { checkCount, compileOrderBy, compileWhere } from './where.js';

export type RelationKind = 'belongsTo' | 'hasOne' | 'hasMany' | 'manyToMany';

export type { RowMapper } from './meta.js';

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
  readonly through: {
    readonly table: string;
    readonly columns: readonly string[];
    readonly targetColumns: readonly string[];
    /** The target's columns the join table's targetColumns reference. */
    readonly targetReferences: readonly string[];
  } | null;
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

/** Stores a loaded relation on a row as an own property (`__proto__` too, which assignment would not create). */
function setRelation(row: Row, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(row, name, { value, writable: true, enumerable: true, configurable: true });
  else row[name] = value;
}

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
    for (let i = 0; i < parents.length; i++) setRelation(parents[i]!, rel.name, many ? [] : null);
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
    setRelation(p, name, many ? ((g as Row[] | undefined) ?? []) : ((g as Row | undefined) ?? null));
  }
  return children;
}

/**
 * Loads every relation named in `include` for `rows` (mapped rows of `table`),
 * then their nested includes, one query per relation per level.
 */
export function loadIncludes(
  conn: Connection,
  registry: RelationRegistry,
  table: TableMeta,
  rows: readonly object[],
  include: unknown,
): void {
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
    const rel = Object.hasOwn(rels, name) ? rels[name] : undefined;
    if (rel === undefined) throw relationNotFound(table.name, name, Object.keys(rels));
    if (entry !== true && (typeof entry !== 'object' || entry === null || Array.isArray(entry))) {
      throw new NoormError(`include.${name} must be true or an options object`, {
        code: 'INVALID_ARGUMENT',
        table: table.name,
        fix: `write include: { ${name}: true } or { ${name}: { where, orderBy, limit, include } }`,
      });
    }
    if (entry !== true) {
      const allowed =
        rel.kind === 'hasMany' || rel.kind === 'manyToMany' ? ['where', 'orderBy', 'limit', 'offset', 'include'] : ['include'];
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
      throw new NoormError(`Invalid relation path ${JSON.stringify(path)}`, {
        code: 'INVALID_ARGUMENT',
        fix: "write paths like 'posts.comments'",
      });
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

/** Builds the key filter for the given key expressions. */
export function keyFilterSql(keyExprs: readonly string[]): string {
  if (keyExprs.length === 1) return ` WHERE ${keyExprs[0]} IN (SELECT value FROM json_each(?))`;
  const cols = keyExprs.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ');
  return ` WHERE (${keyExprs.join(', ')}) IN (SELECT ${cols} FROM json_each(?))`;
}

/**
 * A relation as relations.ts declares it: its kind, the target table's name, the
 * foreign key's columns (on the referencing table; for many-to-many the join
 * table's column to this table) and the columns they reference, and the join
 * table of a many-to-many.
 */
export interface RelationSpec {
  readonly kind: RelationKind;
  readonly target: string;
  readonly columns: readonly string[];
  readonly references: readonly string[];
  readonly through?: { readonly table: string; readonly targetColumns: readonly string[]; readonly targetReferences: readonly string[] };
}

function columnOf(table: TableMeta, name: string): ColumnMeta {
  const c = table.byName.get(name);
  if (c === undefined)
    throw new NoormError(`Relation metadata names column '${name}', which table '${table.name}' lacks`, {
      code: 'INVALID_ARGUMENT',
      table: table.name,
      fix: 'run noormc build',
    });
  return c;
}

function orderByKey(table: TableMeta): string {
  if (table.primaryKey.length === 0) return ' ORDER BY t.rowid';
  return ' ORDER BY ' + table.primaryKey.map((c) => 't.' + c.quoted).join(', ');
}

function selectOf(table: TableMeta): string {
  return 'SELECT ' + table.columns.map((c) => 't.' + c.quoted).join(', ');
}

/**
 * The relation `name` of `owner`, from its spec: the batched load's SQL (target
 * columns in table order, then for many-to-many the join table's link column),
 * the parent properties that hold the key and where the key sits in a raw row.
 */
export function defineRelation(owner: TableMeta, target: TableMeta, name: string, spec: RelationSpec): RelationDef {
  let parentKeys: string[];
  let keyExprs: string[];
  let keyIndexes: number[];
  let select: string;
  let order = '';
  let through: RelationDef['through'] = null;
  if (spec.kind === 'belongsTo') {
    parentKeys = spec.columns.map((c) => columnOf(owner, c).property);
    const refs = spec.references.map((c) => columnOf(target, c));
    keyExprs = refs.map((c) => 't.' + c.quoted);
    keyIndexes = refs.map((c) => c.index);
    select = selectOf(target) + ' FROM ' + target.quoted + ' AS t';
  } else if (spec.kind === 'manyToMany') {
    const t = spec.through!;
    const link = quoteIdent(spec.columns[0]!);
    parentKeys = spec.references.map((c) => columnOf(owner, c).property);
    keyExprs = ['j.' + link];
    keyIndexes = [target.columns.length];
    select =
      selectOf(target) +
      ', j.' +
      link +
      ' FROM ' +
      quoteIdent(t.table) +
      ' AS j JOIN ' +
      target.quoted +
      ' AS t ON t.' +
      quoteIdent(t.targetReferences[0]!) +
      ' = j.' +
      quoteIdent(t.targetColumns[0]!);
    order = orderByKey(target);
    through = { table: t.table, columns: spec.columns, targetColumns: t.targetColumns, targetReferences: t.targetReferences };
  } else {
    parentKeys = spec.references.map((c) => columnOf(owner, c).property);
    const cols = spec.columns.map((c) => columnOf(target, c));
    keyExprs = cols.map((c) => 't.' + c.quoted);
    keyIndexes = cols.map((c) => c.index);
    select = selectOf(target) + ' FROM ' + target.quoted + ' AS t';
    if (spec.kind === 'hasMany') order = orderByKey(target);
  }
  const keyFilter = keyFilterSql(keyExprs);
  return Object.freeze({
    name,
    kind: spec.kind,
    table: owner,
    target,
    map: target.map,
    parentKeys,
    keyExprs,
    keyIndexes,
    select,
    keyFilter,
    order,
    sql: select + keyFilter + order,
    columns: spec.columns,
    references: spec.references,
    through,
  });
}

/**
 * A relation in relations.ts's JSON form: `[kind, target, columns, references]`
 * or, for many-to-many, `[kind, target, columns, references, [joinTable,
 * targetColumns, targetReferences]]`.
 */
export type RelationTuple = readonly [
  kind: RelationKind,
  target: string,
  columns: readonly string[],
  references: readonly string[],
  through?: readonly [table: string, targetColumns: readonly string[], targetReferences: readonly string[]],
];

function specOf(value: RelationSpec | RelationTuple): RelationSpec {
  if (!Array.isArray(value)) return value as RelationSpec;
  const [kind, target, columns, references, through] = value as RelationTuple;
  return through === undefined
    ? { kind, target, columns, references }
    : { kind, target, columns, references, through: { table: through[0], targetColumns: through[1], targetReferences: through[2] } };
}

/**
 * Builds the registry of every relation from relations.ts's specs, by table
 * then relation name (once, at module load). `tables`: the metadata of every
 * table by name (schema.ts's `tables`); `specs`: per table, an object of
 * RelationSpecs, or the JSON text of an object of RelationTuples (what
 * relations.ts writes).
 */
export function defineRelations(
  tables: { readonly [table: string]: TableMeta },
  specs: { readonly [table: string]: string | { readonly [relation: string]: RelationSpec | RelationTuple } },
): RelationRegistry {
  const out: Record<string, Record<string, RelationDef>> = Object.create(null);
  const own = (o: object, k: string): boolean => Object.hasOwn(o, k);
  for (const table of Object.keys(tables)) {
    const owner = tables[table]!;
    const rels: Record<string, RelationDef> = Object.create(null);
    const given = own(specs, table) ? specs[table]! : {};
    const mine = (typeof given === 'string' ? JSON.parse(given) : given) as { readonly [relation: string]: RelationSpec | RelationTuple };
    for (const name of Object.keys(mine)) {
      const spec = specOf(mine[name]!);
      if (!own(tables, spec.target)) {
        throw new NoormError(`Relation '${name}' of table '${table}' targets unknown table '${spec.target}'`, {
          code: 'INVALID_ARGUMENT',
          table,
          fix: 'run noormc build',
        });
      }
      rels[name] = defineRelation(owner, tables[spec.target]!, name, spec);
    }
    out[owner.name] = rels;
  }
  return out;
}
