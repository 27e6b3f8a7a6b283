// noormc runs the SQLite that db.migrate() runs: the linked SQLite (tests/sqlite/sqlite_info.cpp, built by
// CMake from the better-sqlite3 that runtime-ts/package-lock.json pins) has the version, source id and
// compile options of better-sqlite3 as node loads it from runtime-ts/node_modules, and that better-sqlite3
// is the lockfile's. A lockfile bump without a rebuild (or a stale node_modules) fails here.
//
//   node tests/sqlite/same_sqlite.mjs build/noormc_sqlite_info
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const info = JSON.parse(execFileSync(process.argv[2], { encoding: "utf8" }));
const lock = JSON.parse(readFileSync(join(root, "runtime-ts", "package-lock.json"), "utf8"));
const pinned = lock.packages["node_modules/better-sqlite3"].version;
const require = createRequire(join(root, "runtime-ts", "package.json"));
const installed = require("better-sqlite3/package.json").version;
const Database = require("better-sqlite3");
const db = new Database(":memory:");
const node = {
  version: db.prepare("SELECT sqlite_version() AS v").get().v,
  source_id: db.prepare("SELECT sqlite_source_id() AS v").get().v,
  compile_options: db.prepare("PRAGMA compile_options").all().map((r) => r.compile_options),
};
db.close();

// COMPILER= names the C compiler that built each copy (node-gyp's and CMake's may differ); every other
// option is a compile-time define and must be equal.
const defines = (options) => options.filter((o) => !o.startsWith("COMPILER=")).sort();

assert.equal(info.better_sqlite3, pinned, `noormc was built from better-sqlite3 ${info.better_sqlite3}; the lockfile pins ${pinned}: rebuild (cmake --build build)`);
assert.equal(installed, pinned, `runtime-ts/node_modules has better-sqlite3 ${installed}; the lockfile pins ${pinned}: npm ci`);
assert.equal(info.version, node.version, "sqlite3_libversion() differs from better-sqlite3's sqlite_version()");
assert.equal(info.source_id, node.source_id, "sqlite3_sourceid() differs from better-sqlite3's");
assert.deepEqual(defines(info.compile_options), defines(node.compile_options), "PRAGMA compile_options differ");
console.log(`same SQLite: ${info.version} (better-sqlite3 ${pinned}), ${defines(info.compile_options).length} compile options`);
