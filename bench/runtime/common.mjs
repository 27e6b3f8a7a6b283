// Shared by the benchmark's processes: paths, the workload's parameters, timing.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const RUNTIME = resolve(HERE, '../../runtime-ts');
export const REFERENCE = join(RUNTIME, 'build-test/test/reference/blog/index.js');
/** better-sqlite3 as installed for runtime-ts (the bench has no node_modules of its own). */
export const Database = createRequire(join(RUNTIME, 'package.json'))('better-sqlite3');

export const USERS = 1000;
export const POSTS = 10000;
export const COMMENTS = 50000;

/** Deterministic pseudo-random numbers (same sequence in every process). */
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const OPERATIONS = [
  'find by id',
  'insert',
  'update',
  'createMany 1,000 rows',
  'createManyAndReturn 1,000 rows',
  'filtered list (50 rows)',
  '100 users with posts',
  '20 posts with author + comments',
];

/** Reads first (they do not change the data), then the writes, which grow the tables. */
export const RUN_ORDER = [
  'find by id',
  'filtered list (50 rows)',
  '100 users with posts',
  '20 posts with author + comments',
  'insert',
  'update',
  'createMany 1,000 rows',
  'createManyAndReturn 1,000 rows',
];

/** Time per operation (ms) and warm-up. */
export const MEASURE = {
  'find by id': { ms: 1000, warmup: 200 },
  'filtered list (50 rows)': { ms: 1000, warmup: 200 },
  '100 users with posts': { ms: 1000, warmup: 200 },
  '20 posts with author + comments': { ms: 1000, warmup: 200 },
  insert: { ms: 1500, warmup: 200 },
  update: { ms: 1500, warmup: 200 },
  'createMany 1,000 rows': { ms: 2000, warmup: 300 },
  'createManyAndReturn 1,000 rows': { ms: 2000, warmup: 300 },
};

/**
 * Runs fn repeatedly: a warm-up, then as many calls as fit in `ms` of wall
 * time, in batches; returns `{ cpu, wall }`: calls per CPU-second of this
 * process (user + system time, process.cpuUsage(); other work on a shared
 * machine changes it less than wall time) and calls per wall-clock second.
 * `sink` keeps results alive.
 */
export function measure(fn, { ms = 800, warmup = 200 } = {}) {
  let sink = 0;
  const w0 = performance.now();
  while (performance.now() - w0 < warmup) sink += fn() ? 1 : 0;
  let n = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let t = t0;
  let batch = 1;
  while (t - t0 < ms) {
    for (let i = 0; i < batch; i++) sink += fn() ? 1 : 0;
    n += batch;
    t = performance.now();
    if (batch < 1024 && t - t0 < ms / 20) batch *= 2;
  }
  const c = process.cpuUsage(c0);
  globalThis.__sink = sink;
  return { cpu: (n * 1e6) / (c.user + c.system), wall: (n * 1000) / (t - t0) };
}
