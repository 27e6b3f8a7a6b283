// A worker of concurrency.test.ts: opens its own connection to the database
// file, waits for the start signal, then tries to use every token.
import { parentPort, workerData } from 'node:worker_threads';

interface Data {
  reference: 'native' | 'v1';
  filename: string;
  tokens: string[];
  barrier: SharedArrayBuffer;
}

const data = workerData as Data;
const index = await import(`../reference/${data.reference}/index.js`);
const { NoormmeAdapter } = await import(`../reference/${data.reference}/nextauth.js`);
const db = index.createDb({ filename: data.filename });
const adapter = NoormmeAdapter(db);
const won: string[] = [];
try {
  // Touch the database once so that opening costs are out of the race.
  await adapter.getUser('warm-up');
  const flags = new Int32Array(data.barrier);
  Atomics.add(flags, 0, 1);
  Atomics.wait(flags, 1, 0);
  for (const token of data.tokens) {
    const used = await adapter.useVerificationToken({ identifier: 'race@example.com', token });
    if (used !== null) won.push(used.token);
  }
} finally {
  db.close();
}
parentPort?.postMessage(won);
