/**
 * Edge guard. This module is imported first by the package entry point, before
 * better-sqlite3, so that importing `noormme` from the Edge runtime fails with a
 * message that says what to do instead of an obscure native-module error.
 */
const g = globalThis as { EdgeRuntime?: unknown; process?: { versions?: { node?: string } } };

export const isEdgeRuntime: boolean =
  typeof g.EdgeRuntime !== 'undefined' || typeof g.process === 'undefined' || typeof g.process.versions?.node !== 'string';

if (isEdgeRuntime) {
  throw new Error(
    'noormme: SQLite (better-sqlite3) needs the Node.js runtime and cannot run in the Edge runtime.\n' +
      '  Fix: import your database from proxy.ts, not middleware.ts (Next.js 16 runs proxy.ts on Node.js), ' +
      "and remove `export const runtime = 'edge'` from the route, page or layout that imports it (Node.js is the default).",
  );
}
