import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  // better-sqlite3 is a native module: Node.js loads it from node_modules, the bundler leaves it alone.
  serverExternalPackages: ["better-sqlite3"],
};

export default nextConfig;
