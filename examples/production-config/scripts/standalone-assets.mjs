// After `next build` with output: 'standalone': copy what server.js serves but
// Next.js leaves out of .next/standalone (the Dockerfile does the same with
// COPY): .next/static and public/.
import { cpSync, existsSync } from "node:fs";

if (existsSync(".next/standalone")) {
  cpSync(".next/static", ".next/standalone/.next/static", { recursive: true });
  if (existsSync("public")) cpSync("public", ".next/standalone/public", { recursive: true });
}
