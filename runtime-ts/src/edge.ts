/**
 * Edge guard. This module is imported first by the package entry point, before
 * better-sqlite3, so that importing `noormme` from the Edge runtime fails with a
 * message that says what to do instead of an obscure native-module error.
 */
const g = globalThis as { EdgeRuntime?: unknown; process?: { versions?: { node?: string } } };

export const isEdgeRuntime: boolean =
  typeof g.EdgeRuntime !== 'undefined' ||
  typeof g.process === 'undefined' ||
  typeof g.process.versions?.node !== 'string';

if (isEdgeRuntime) {
  throw new Error(
    "noormme: SQLite (better-sqlite3) needs the Node.js runtime and cannot run in the Edge runtime.\n" +
      "  Fix: add `export const runtime = 'nodejs'` to the route, page or layout that imports your database " +
      '(and do not import it from middleware).',
  );
}
