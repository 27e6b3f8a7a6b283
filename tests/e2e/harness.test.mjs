// The harness itself: a free port, Debian's chromium through playwright-core, a screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { CHROMIUM, freePort, nonEmpty, shot, withBrowser } from './harness.mjs';

test('chromium from Debian renders a page served on a free 127.0.0.1 port', async () => {
  const port = await freePort();
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>harness</title><h1 id="x">harness works</h1>');
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  try {
    const text = await withBrowser('harness', async (page) => {
      await page.goto(`http://127.0.0.1:${port}/`);
      const t = await page.textContent('#x');
      assert.ok(nonEmpty(await shot(page, 'harness')));
      return t;
    });
    assert.equal(text, 'harness works');
    assert.ok(CHROMIUM.startsWith('/usr/bin/'));
  } finally {
    server.close();
  }
});
