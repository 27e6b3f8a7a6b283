// The Edge guard must be evaluated before better-sqlite3 is loaded.
import './edge.js';

export { Connection, DEFAULT_PRAGMAS } from './connection.js';
export type { ConnectionOptions, OnQuery, PragmaValue, Statement, SqliteDatabase, RunResult } from './connection.js';
export { setDefaultDriver } from './driver.js';
export type { DriverName, ReplicaOptions, DriverDatabase, DriverStatement, DriverRunResult } from './driver.js';
export { openConnection, migrateConnection } from './database.js';
export type { DbOptions } from './database.js';
export {
  NoormError,
  TableNotFoundError,
  ConstraintError,
  UniqueConstraintError,
  ForeignKeyError,
  NotNullError,
  CheckConstraintError,
  SchemaMismatchError,
  BusyError,
  ReadOnlyError,
  MigrationError,
  MigrationChecksumError,
  mapSqliteError,
  columnNotFound,
  relationNotFound,
  unknownOperator,
} from './errors.js';
export type { NoormErrorCode, NoormErrorOptions } from './errors.js';
export { similarity, closest, levenshtein } from './similar.js';
export {
  parseDateText,
  dateFromDb,
  dateOrNullFromDb,
  dateToDb,
  dateOrNullToDb,
  boolFromDb,
  boolOrNullFromDb,
  boolToDb,
  boolOrNullToDb,
  jsonFromDb,
  jsonToDb,
  bufferFromDb,
  bufferOrNullFromDb,
  bufferToDb,
  bigintFromDb,
  bigintOrNullFromDb,
  bigintToDb,
  numberFromDb,
  numberOrNullFromDb,
  toStorage,
} from './convert.js';
export { defineTable, defaultKind, quoteIdent } from './meta.js';
export type {
  TableMeta,
  TableDef,
  ColumnMeta,
  ColumnDef,
  ColumnSpec,
  ColumnTuple,
  TableJson,
  ForeignKeyDef,
  ForeignKeySpec,
  IndexDef,
  IndexSpec,
  StorageKind,
  RowMapper,
} from './meta.js';
export { compileWhere, compileOrderBy, compileFindTail, OPERATORS } from './where.js';
export type { Operator } from './where.js';
export { loadIncludes, loadRelation, pathsToInclude, defineRelation, defineRelations, keyFilterSql } from './relations.js';
export type { RelationDef, RelationKind, RelationRegistry, RelationSpec, RelationTuple } from './relations.js';
export { ViewRepository, TableRepository, KeyedTableRepository } from './table-repository.js';
export {
  findMany,
  findFirst,
  countRows,
  existsRows,
  insertOne,
  insertMany,
  encodeData,
  keyValues,
  updateOne,
  updateWhere,
  deleteWhere,
  upsertOne,
  runWrite,
  checkKeys,
  checkData,
  writeError,
  missingKey,
  badKey,
  badRows,
  insertSql,
  updateSql,
  maskColumns,
} from './repository.js';
export type { FindArgs, ColumnMask } from './repository.js';
export { migrate, rollback, migrationStatus, assertSchemaCurrent, checksum, MIGRATIONS_TABLE } from './migrate.js';
export type { Migration, MigrationStatement, MigrateOptions, MigrateResult, MigrationStatus, AppliedMigration } from './migrate.js';
export { singleton, clearSingleton } from './singleton.js';
export type * from './types.js';
