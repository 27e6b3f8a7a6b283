import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  // .next/standalone/server.js with only the node_modules files it needs (better-sqlite3's .node included).
  output: "standalone",
  serverExternalPackages: ["better-sqlite3"],
};

export default nextConfig;
