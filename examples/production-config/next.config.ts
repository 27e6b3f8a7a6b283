import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  // .next/standalone/server.js with only the node_modules files it needs (better-sqlite3's .node included).
  output: "standalone",
  // Native drivers stay plain Node.js requires (never bundled): better-sqlite3 by default, libsql
  // when DATABASE_DRIVER=libsql. noormme loads libsql only when asked for, so tracing cannot see
  // it: its files are listed for the standalone output.
  serverExternalPackages: ["better-sqlite3", "libsql"],
  outputFileTracingIncludes: {
    "/**": [
      "./node_modules/libsql/**",
      "./node_modules/@libsql/linux-x64-gnu/**",
      "./node_modules/@neon-rs/load/**",
      "./node_modules/detect-libc/**",
    ],
  },
};

export default nextConfig;
