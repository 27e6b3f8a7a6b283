/**
 * The where compiler. Column and operator names come only from the compiled
 * table metadata; values are always bound parameters, converted to their
 * storage form for the column's kind.
 */
import { NoormError, columnNotFound, unknownOperator } from './errors.js';
import { toStorage } from './convert.js';
import { checkValue } from './values.js';
import type { ColumnMeta, TableMeta } from './meta.js';

export const OPERATORS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'notIn',
  'like',
  'contains',
  'icontains',
  'startsWith',
  'endsWith',
  'isNull',
] as const;

export type Operator = (typeof OPERATORS)[number];

/** Operator spellings accepted, Django's included (`exact`, `startswith`, `isnull`...). */
const OP_ALIASES: Record<string, Operator> = {
  eq: 'eq',
  exact: 'eq',
  ne: 'ne',
  gt: 'gt',
  gte: 'gte',
  lt: 'lt',
  lte: 'lte',
  in: 'in',
  notIn: 'notIn',
  notin: 'notIn',
  like: 'like',
  contains: 'contains',
  icontains: 'icontains',
  startsWith: 'startsWith',
  startswith: 'startsWith',
  endsWith: 'endsWith',
  endswith: 'endsWith',
  isNull: 'isNull',
  isnull: 'isNull',
};

const COMPARE: Record<string, string> = { gt: ' > ?', gte: ' >= ?', lt: ' < ?', lte: ' <= ?' };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function invalid(table: TableMeta, column: string | undefined, headline: string, fix: string): NoormError {
  return new NoormError(headline, { code: 'INVALID_VALUE', table: table.name, column, fix });
}

/** Escapes GLOB metacharacters so the text matches literally. */
function globLiteral(s: string): string {
  return s.replace(/[*?[]/g, (c) => `[${c}]`);
}

/** Escapes LIKE metacharacters (with ESCAPE '\'). */
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

function resolveColumn(table: TableMeta, key: string): ColumnMeta {
  const c = table.byProperty.get(key);
  if (c === undefined) throw columnNotFound(table.name, key, table.properties);
  return c;
}

function textArg(table: TableMeta, col: ColumnMeta, op: string, v: unknown): string {
  if (typeof v !== 'string') {
    throw invalid(table, col.property, `Operator '${op}' on '${col.property}' needs a string, got ${typeof v}`, `pass a string to ${op}`);
  }
  return v;
}

/** A where value in its storage form; a value the column cannot hold is a NoormError naming it. */
function whereValue(table: TableMeta, col: ColumnMeta, v: unknown): unknown {
  checkValue(table, col, v, 'where value for', false);
  return toStorage(col.kind, v);
}

/** An undefined where value is an error: dropping it would widen the match (a missing form field must not select every row). */
function undefinedValue(table: TableMeta, key: string): NoormError {
  return new NoormError(`where.${key} is undefined on table '${table.name}': an undefined value would match every row`, {
    code: 'INVALID_VALUE',
    table: table.name,
    column: key,
    fix: `pass a value (null matches NULL), or leave '${key}' out of the where; { where: {} } selects every row`,
  });
}

function compileOp(table: TableMeta, col: ColumnMeta, ref: string, op: Operator, v: unknown, params: unknown[]): string {
  if (v === undefined) throw undefinedValue(table, col.property);
  switch (op) {
    case 'eq':
      if (v === null) return ref + ' IS NULL';
      params.push(whereValue(table, col, v));
      return ref + ' = ?';
    case 'ne':
      if (v === null) return ref + ' IS NOT NULL';
      params.push(whereValue(table, col, v));
      return ref + ' <> ?';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (v === null)
        throw invalid(
          table,
          col.property,
          `Operator '${op}' on '${col.property}' cannot compare with null`,
          'use { isNull: true } to match NULL',
        );
      params.push(whereValue(table, col, v));
      return ref + COMPARE[op]!;
    case 'in':
    case 'notIn': {
      if (!Array.isArray(v)) {
        throw invalid(
          table,
          col.property,
          `Operator '${op}' on '${col.property}' needs an array`,
          `pass an array: { ${col.property}: { ${op}: [a, b] } }`,
        );
      }
      if (v.length === 0) return op === 'in' ? '0' : '1';
      let s = ref + (op === 'in' ? ' IN (' : ' NOT IN (');
      for (let i = 0; i < v.length; i++) {
        s += i === 0 ? '?' : ', ?';
        params.push(whereValue(table, col, v[i]));
      }
      return s + ')';
    }
    case 'like':
      params.push(textArg(table, col, op, v));
      return ref + ' LIKE ?';
    case 'contains':
      params.push('*' + globLiteral(textArg(table, col, op, v)) + '*');
      return ref + ' GLOB ?';
    case 'startsWith':
      params.push(globLiteral(textArg(table, col, op, v)) + '*');
      return ref + ' GLOB ?';
    case 'endsWith':
      params.push('*' + globLiteral(textArg(table, col, op, v)));
      return ref + ' GLOB ?';
    case 'icontains':
      params.push('%' + likeLiteral(textArg(table, col, op, v)) + '%');
      return ref + " LIKE ? ESCAPE '\\'";
    case 'isNull':
      if (typeof v !== 'boolean') {
        throw invalid(
          table,
          col.property,
          `Operator 'isNull' on '${col.property}' needs true or false`,
          'pass { isNull: true } or { isNull: false }',
        );
      }
      return ref + (v ? ' IS NULL' : ' IS NOT NULL');
  }
}

function compileColumn(table: TableMeta, col: ColumnMeta, prefix: string, value: unknown, params: unknown[]): string {
  const ref = prefix + col.quoted;
  if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (v === undefined) throw undefinedValue(table, `${col.property}.${k}`);
      const op = OP_ALIASES[k];
      if (op === undefined || !Object.hasOwn(OP_ALIASES, k)) {
        throw unknownOperator(table.name, col.property, k, OPERATORS);
      }
      parts.push(compileOp(table, col, ref, op, v, params));
    }
    if (parts.length === 0) return '';
    return parts.length === 1 ? parts[0]! : parts.join(' AND ');
  }
  if (Array.isArray(value)) {
    throw invalid(
      table,
      col.property,
      `Array given as the value of '${col.property}'`,
      `use { ${col.property}: { in: [...] } } to match any of several values`,
    );
  }
  return compileOp(table, col, ref, 'eq', value, params);
}

function compileList(table: TableMeta, value: unknown, prefix: string, params: unknown[], key: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    if (!isPlainObject(item)) {
      throw invalid(
        table,
        undefined,
        `${key} needs where objects, got ${item === null ? 'null' : typeof item}`,
        `write { ${key}: [{ ... }, { ... }] }`,
      );
    }
    const s = compileWhereInto(table, item, prefix, params);
    out.push(s === '' ? '1' : s);
  }
  return out;
}

function compileWhereInto(table: TableMeta, where: Record<string, unknown>, prefix: string, params: unknown[]): string {
  let sql = '';
  for (const key of Object.keys(where)) {
    const value = where[key];
    if (value === undefined) throw undefinedValue(table, key);
    let part: string;
    const col = table.byProperty.get(key);
    if (col !== undefined) {
      part = compileColumn(table, col, prefix, value, params);
    } else if (key === 'AND') {
      const list = compileList(table, value, prefix, params, key);
      part = list.length === 0 ? '' : '(' + list.join(' AND ') + ')';
    } else if (key === 'OR') {
      const list = compileList(table, value, prefix, params, key);
      part = list.length === 0 ? '0' : '(' + list.join(' OR ') + ')';
    } else if (key === 'NOT') {
      const list = compileList(table, value, prefix, params, key);
      part = list.map((s) => 'NOT (' + s + ')').join(' AND ');
    } else {
      const sep = key.lastIndexOf('__');
      if (sep <= 0) throw columnNotFound(table.name, key, table.properties);
      const c = resolveColumn(table, key.slice(0, sep));
      const opName = key.slice(sep + 2);
      const op = Object.hasOwn(OP_ALIASES, opName) ? OP_ALIASES[opName] : undefined;
      if (op === undefined) throw unknownOperator(table.name, c.property, opName, OPERATORS);
      part = compileOp(table, c, prefix + c.quoted, op, value, params);
    }
    if (part === '') continue;
    sql = sql === '' ? part : sql + ' AND ' + part;
  }
  return sql;
}

/**
 * Compiles a where object to an SQL condition (without `WHERE`), pushing the
 * bound values onto params. Returns '' when the where selects every row.
 * `prefix` qualifies column names (`t.`).
 */
export function compileWhere(table: TableMeta, where: unknown, params: unknown[], prefix = ''): string {
  if (where === undefined || where === null) return '';
  if (!isPlainObject(where)) {
    throw invalid(
      table,
      undefined,
      `where must be an object, got ${Array.isArray(where) ? 'an array' : typeof where}`,
      'pass { where: { column: value } }',
    );
  }
  return compileWhereInto(table, where, prefix, params);
}

function orderItem(table: TableMeta, item: unknown, prefix: string, out: string[]): void {
  if (!isPlainObject(item)) {
    throw new NoormError(`orderBy must be an object like { column: 'asc' }, got ${item === null ? 'null' : typeof item}`, {
      code: 'INVALID_ORDER_BY',
      table: table.name,
      fix: "write orderBy: { created_at: 'desc' } or an array of such objects",
    });
  }
  for (const key in item) {
    const dir = item[key];
    if (dir === undefined) continue;
    const col = table.byProperty.get(key);
    if (col === undefined) throw columnNotFound(table.name, key, table.properties);
    if (dir === 'asc' || dir === 'ASC') out.push(prefix + col.quoted + ' ASC');
    else if (dir === 'desc' || dir === 'DESC') out.push(prefix + col.quoted + ' DESC');
    else {
      throw new NoormError(`Invalid sort direction ${JSON.stringify(dir) ?? String(dir)} for '${key}' in table '${table.name}'`, {
        code: 'INVALID_ORDER_BY',
        table: table.name,
        column: key,
        notes: ["Sort directions: 'asc', 'desc'"],
        fix: `write orderBy: { ${key}: 'asc' } or { ${key}: 'desc' }`,
      });
    }
  }
}

/** Compiles an orderBy to ` ORDER BY ...` ('' when empty). */
export function compileOrderBy(table: TableMeta, orderBy: unknown, prefix = ''): string {
  if (orderBy === undefined || orderBy === null) return '';
  const out: string[] = [];
  if (Array.isArray(orderBy)) for (const item of orderBy) orderItem(table, item, prefix, out);
  else orderItem(table, orderBy, prefix, out);
  return out.length === 0 ? '' : ' ORDER BY ' + out.join(', ');
}

/** Validates a limit/offset value. */
export function checkCount(table: TableMeta, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw invalid(table, undefined, `${name} must be a non-negative integer, got ${String(v)}`, `pass ${name}: 20`);
  }
  return v;
}

/**
 * The tail of a SELECT for find options: ` WHERE ... ORDER BY ... LIMIT ? OFFSET ?`.
 * Used by the generated findAll/findOne/count.
 */
export function compileFindTail(
  table: TableMeta,
  options: { where?: unknown; orderBy?: unknown; limit?: unknown; offset?: unknown } | undefined,
  params: unknown[],
  prefix = '',
): string {
  if (options === undefined || options === null) return '';
  if (typeof options !== 'object') {
    throw invalid(table, undefined, `find options must be an object, got ${typeof options}`, 'pass { where, orderBy, limit, offset }');
  }
  let sql = '';
  const w = compileWhere(table, options.where, params, prefix);
  if (w !== '') sql = ' WHERE ' + w;
  sql += compileOrderBy(table, options.orderBy, prefix);
  if (options.limit !== undefined) {
    params.push(checkCount(table, 'limit', options.limit));
    sql += ' LIMIT ?';
    if (options.offset !== undefined) {
      params.push(checkCount(table, 'offset', options.offset));
      sql += ' OFFSET ?';
    }
  } else if (options.offset !== undefined) {
    params.push(checkCount(table, 'offset', options.offset));
    sql += ' LIMIT -1 OFFSET ?';
  }
  return sql;
}
