/**
 * The repositories behind `db.<table>`: one generic class per kind of table
 * (view, table without a primary key, table with one), typed by the table's
 * generated model (`UserModel`) and the schema's map of models (`Models`).
 * Everything that depends on a table's shape comes from its compiled metadata
 * (SQL text built once per table, the generated row mapper, each column's
 * storage converter), so the generated code declares types and metadata, not
 * method bodies.
 */
import type { Connection, Statement } from './connection.js';
import type { TableMeta } from './meta.js';
import { loadIncludes, pathsToInclude, type RelationRegistry } from './relations.js';
import {
  badKey,
  checkData,
  countRows,
  deleteWhere,
  encodeData,
  existsRows,
  findFirst,
  findMany,
  insertMany,
  insertOne,
  keyValues,
  missingKey,
  runWrite,
  updateOne,
  updateWhere,
  upsertOne,
  badRows,
  type ColumnMask,
} from './repository.js';
import type {
  ColumnOf,
  FindManyOptions,
  FindOneOptions,
  Include,
  KeyedModelTypes,
  ModelTypes,
  NoInclude,
  OrderByOf,
  RelationPath,
  TableModelTypes,
  UpdateManyOptions,
  UpsertOptions,
  WhereOf,
  WhereOptions,
  WithIncludes,
  WithPaths,
} from './types.js';

type Row<M extends ModelTypes> = M['row'];

/**
 * The read-only repository of a view (and the reads of every table).
 * M: the generated model; S: the schema's map of models, by table name.
 */
// biome-ignore lint/correctness/noUnusedVariables: S keeps one signature with TableRepository (the generated code passes it)
export class ViewRepository<M extends ModelTypes, S = unknown> {
  constructor(
    /** The connection this repository runs on. */
    readonly connection: Connection,
    /** The table's or view's compiled metadata. */
    readonly table: TableMeta,
    /** @internal */
    protected readonly relations: RelationRegistry,
  ) {}

  /** Rows matching where, in orderBy order, with limit/offset. */
  findAll(options?: FindManyOptions<WhereOf<M>, OrderByOf<M>>): Row<M>[] {
    return findMany(this.connection, this.table, this.table.selectSql, this.table.map, this.relations, options) as Row<M>[];
  }

  /** The first row matching where (in orderBy order), or null. */
  findOne(options?: FindOneOptions<WhereOf<M>, OrderByOf<M>>): Row<M> | null {
    return findFirst(this.connection, this.table, this.table.selectSql, this.table.map, this.relations, options) as Row<M> | null;
  }

  /** The number of rows matching where. */
  count(options?: WhereOptions<WhereOf<M>>): number {
    return countRows(this.connection, this.table, options);
  }

  /** Whether a row matches where. */
  exists(options?: WhereOptions<WhereOf<M>>): boolean {
    return existsRows(this.connection, this.table, options);
  }
}

/** The repository of a table without a primary key: reads with includes, and writes. */
export class TableRepository<M extends TableModelTypes, S = unknown> {
  /** @internal */
  private readonly insertStmts = new Map<ColumnMask, Statement>();
  /** @internal */
  private readonly batchStmts = new Map<ColumnMask, Statement>();

  constructor(
    /** The connection this repository runs on. */
    readonly connection: Connection,
    /** The table's compiled metadata. */
    readonly table: TableMeta,
    /** @internal */
    protected readonly relations: RelationRegistry,
  ) {}

  /** Rows matching where, in orderBy order, with limit/offset and included relations. */
  findAll<I extends Include<S, M> = NoInclude>(
    options?: FindManyOptions<WhereOf<M>, OrderByOf<M>> & { include?: I & Include<S, M> },
  ): WithIncludes<S, M, I>[] {
    return findMany(this.connection, this.table, this.table.selectSql, this.table.map, this.relations, options) as WithIncludes<S, M, I>[];
  }

  /** The first row matching where (in orderBy order), or null. */
  findOne<I extends Include<S, M> = NoInclude>(
    options?: FindOneOptions<WhereOf<M>, OrderByOf<M>> & { include?: I & Include<S, M> },
  ): WithIncludes<S, M, I> | null {
    return findFirst(this.connection, this.table, this.table.selectSql, this.table.map, this.relations, options) as WithIncludes<
      S,
      M,
      I
    > | null;
  }

  /** The number of rows matching where. */
  count(options?: WhereOptions<WhereOf<M>>): number {
    return countRows(this.connection, this.table, options);
  }

  /** Whether a row matches where. */
  exists(options?: WhereOptions<WhereOf<M>>): boolean {
    return existsRows(this.connection, this.table, options);
  }

  /** Inserts a row and returns it as stored (keys, defaults, generated columns). */
  create(data: M['create']): Row<M> {
    const p: unknown[] = [];
    const m = encodeData(this.table, data, p, false);
    return insertOne(this.connection, this.table, this.insertStmts, m, p, this.table.map, data) as Row<M>;
  }

  /**
   * Inserts rows in one transaction and returns how many were inserted (the
   * fast path: one prepared INSERT per row, nothing read back). All or none: an error
   * undoes every row of the call. To get the rows as stored, use
   * createManyAndReturn.
   */
  createMany(rows: readonly M['create'][]): number {
    return insertMany(this.connection, this.table, this.batchStmts, rows);
  }

  /** Inserts rows in one transaction and returns them as stored, in the order given (one INSERT ... RETURNING per row). */
  createManyAndReturn(rows: readonly M['create'][]): Row<M>[] {
    if (!Array.isArray(rows)) throw badRows(this.table, rows);
    return this.connection.transaction(() => {
      const out = new Array<Row<M>>(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = this.create(rows[i]!);
      return out;
    });
  }

  /** Sets columns on every row matching where; returns the number of rows changed. */
  updateMany(options: UpdateManyOptions<WhereOf<M>, Partial<M['create']>>): number {
    checkData(this.table, options, 'updateMany options');
    const p: unknown[] = [];
    const m = encodeData(this.table, options.set, p, false);
    return updateWhere(this.connection, this.table, m, p, options.where, options.set);
  }

  /** Inserts, or updates the row that conflicts on options.conflict (default: the primary key). */
  upsert(data: M['create'], options?: UpsertOptions<ColumnOf<M>>): Row<M> {
    const p: unknown[] = [];
    const m = encodeData(this.table, data, p, false);
    return upsertOne(this.connection, this.table, m, p, this.table.map, data, options) as Row<M>;
  }

  /** Deletes every row matching where (`where: {}` deletes all); returns the number deleted. */
  deleteMany(options: WhereOptions<WhereOf<M>>): number {
    checkData(this.table, options, 'deleteMany options');
    return deleteWhere(this.connection, this.table, options.where);
  }

  /** Loads relations onto rows already fetched (in place) and returns them, typed. */
  include<I extends Include<S, M>>(rows: readonly Row<M>[], include: I & Include<S, M>): WithIncludes<S, M, I>[] {
    loadIncludes(this.connection, this.relations, this.table, rows as object[], include);
    return rows as WithIncludes<S, M, I>[];
  }
}

/** The repository of a table with a primary key: adds findById, update, delete and findWithRelations. */
export class KeyedTableRepository<M extends KeyedModelTypes, S = unknown> extends TableRepository<M, S> {
  /** @internal */
  private readonly updateStmts = new Map<ColumnMask, Statement>();
  /** @internal */
  private findByIdStmt: Statement | undefined = undefined;
  /** @internal */
  private deleteStmt: Statement | undefined = undefined;
  /** @internal */
  private readonly single: boolean;
  /** @internal */
  private readonly keyToDb: ((v: unknown) => unknown) | null;

  constructor(connection: Connection, table: TableMeta, relations: RelationRegistry) {
    super(connection, table, relations);
    this.single = table.primaryKey.length === 1;
    this.keyToDb = table.primaryKey[0]!.toDb;
  }

  /** The bound value of a single-column key. */
  private one(id: unknown): unknown {
    const c = this.table.primaryKey[0]!;
    if (id === null || id === undefined || (typeof id === 'object' && c.kind !== 'date' && c.kind !== 'blob')) throw badKey(this.table, id);
    return this.keyToDb === null ? id : this.keyToDb(id);
  }

  /** The bound values of a composite key object. */
  private many(id: unknown): unknown[] {
    if (typeof id !== 'object' || id === null) throw badKey(this.table, id);
    const values = keyValues(this.table, id);
    if (values === undefined) throw badKey(this.table, id);
    return values;
  }

  /** The row with this primary key, or null. */
  findById(id: M['id']): Row<M> | null {
    const c = this.connection;
    const t = this.table;
    this.findByIdStmt ??= c.prepareRaw(t.findByIdSql, t.safeIntegers);
    const s = this.findByIdStmt;
    let r: unknown[] | undefined;
    if (this.single) {
      const k = this.one(id);
      if (c.onQuery !== undefined) c.onQuery(t.findByIdSql, [k]);
      r = s.get(k) as unknown[] | undefined;
    } else {
      const args = this.many(id);
      if (c.onQuery !== undefined) c.onQuery(t.findByIdSql, args);
      r = s.get(args) as unknown[] | undefined;
    }
    return r === undefined ? null : (t.map(r) as Row<M>);
  }

  /** Updates the row selected by the primary key in data; returns it, or null when there is none. */
  update(data: M['key'] & Partial<M['create']>): Row<M> | null {
    const t = this.table;
    const p: unknown[] = [];
    const m = encodeData(t, data, p, true);
    const key = keyValues(t, data);
    if (key === undefined) throw missingKey(t);
    if (m === 0) return this.findById((this.single ? (data as Record<string, unknown>)[t.primaryKey[0]!.property] : data) as M['id']);
    for (let i = 0; i < key.length; i++) p.push(key[i]);
    return updateOne(this.connection, t, this.updateStmts, m, p, t.map, data) as Row<M> | null;
  }

  /** Deletes the row with this primary key; true when there was one. */
  delete(id: M['id']): boolean {
    const args = this.single ? [this.one(id)] : this.many(id);
    const t = this.table;
    this.deleteStmt ??= this.connection.prepare(t.deleteByIdSql);
    const s = this.deleteStmt;
    return runWrite(this.connection, t, s, t.deleteByIdSql, args) > 0;
  }

  /** The row with this primary key and the relations named by dotted paths ('posts', 'posts.comments'). */
  findWithRelations<P extends RelationPath<S, M>>(id: M['id'], paths: readonly P[]): WithPaths<S, M, P> | null {
    const row = this.findById(id);
    if (row !== null) loadIncludes(this.connection, this.relations, this.table, [row as object], pathsToInclude(paths));
    return row as WithPaths<S, M, P> | null;
  }
}
