/**
 * Runs once when a Next.js server starts (`next start`, the standalone
 * server.js, `next dev`), before it handles requests. Production servers
 * migrate here; in development `noormc watch` migrates after each build, and
 * `next build` never touches the database.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.NODE_ENV !== "production") return;
  const { migrateOnDeploy } = await import("@/lib/db");
  migrateOnDeploy();
}
