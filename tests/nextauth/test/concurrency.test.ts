// useVerificationToken under real concurrency: several threads, each with its
// own connection to the same database file, race for the same tokens. Every
// token must be returned exactly once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { fixtures, tempDir } from './support.js';

const WORKERS = 6;
const TOKENS = 40;

for (const f of fixtures) {
  describe(`useVerificationToken across threads (${f.name} naming)`, () => {
    it(`${WORKERS} threads, ${TOKENS} tokens: each token is used exactly once`, async () => {
      const tmp = tempDir(`race-${f.name}`);
      try {
        const filename = tmp.file('app.db');
        const o = f.open(filename);
        const tokens: string[] = [];
        for (let i = 0; i < TOKENS; i++) {
          tokens.push(`race-${i}`);
          await o.adapter.createVerificationToken({ identifier: 'race@example.com', token: `race-${i}`, expires: new Date(Date.now() + 60_000) });
        }
        const barrier = new SharedArrayBuffer(8);
        const flags = new Int32Array(barrier);
        const results = Array.from({ length: WORKERS }, () => {
          const w = new Worker(new URL('./use-token-worker.js', import.meta.url), {
            workerData: { reference: f.name, filename, tokens, barrier },
          });
          return new Promise<string[]>((resolve, reject) => {
            w.once('message', resolve);
            w.once('error', reject);
          });
        });
        while (Atomics.load(flags, 0) < WORKERS) await new Promise((r) => setTimeout(r, 5));
        Atomics.store(flags, 1, 1);
        Atomics.notify(flags, 1);
        const won = (await Promise.all(results)).flat();
        assert.equal(won.length, TOKENS, 'every token used once in total');
        assert.deepEqual([...new Set(won)].sort(), [...tokens].sort());
        assert.strictEqual(await o.adapter.useVerificationToken({ identifier: 'race@example.com', token: 'race-0' }), null);
        o.db.close();
      } finally {
        tmp.remove();
      }
    });
  });
}
