import { Connection, type ConnectionOptions } from './connection.js';
import { assertSchemaCurrent, migrate, type MigrateOptions, type MigrateResult, type Migration } from './migrate.js';

export interface DbOptions extends ConnectionOptions {
  /** Apply pending migrations when opening (default false). */
  migrate?: boolean;
  /**
   * Before the first statement, check that every compiled migration is applied
   * and throw SchemaMismatchError otherwise (default true).
   */
  checkSchema?: boolean;
}

/** Opens a connection for a generated Db: migrates or arms the schema check. */
export function openConnection(options: DbOptions, migrations: readonly Migration[]): Connection {
  const conn = new Connection(options);
  try {
    if (options.migrate === true) migrate(conn, migrations);
    else if (options.checkSchema !== false && !conn.readonly) {
      conn.beforeFirstPrepare = () => assertSchemaCurrent(conn, migrations, conn.filename);
    } else if (options.checkSchema !== false) {
      conn.beforeFirstPrepare = () => assertSchemaCurrent(conn, migrations, conn.filename);
    }
  } catch (e) {
    conn.close();
    throw e;
  }
  return conn;
}

/** db.migrate(): applies the migrations and disarms the schema check. */
export function migrateConnection(conn: Connection, migrations: readonly Migration[], options?: MigrateOptions): MigrateResult {
  const result = migrate(conn, migrations, options);
  if (options?.to === undefined) conn.beforeFirstPrepare = undefined;
  else conn.beforeFirstPrepare = () => assertSchemaCurrent(conn, migrations, conn.filename);
  return result;
}
