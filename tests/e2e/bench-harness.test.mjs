// The benchmark's timed loads (scripts/bench-history.mjs, scripts/cdp.mjs): what they serve and
// how they drive the browser. Not the figures themselves (`scripts/bench` measures those).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { firstLoadShowing, makeRows, measureLoad, seedHistory, startMeasuredServer } from '../../scripts/bench-history.mjs';
import { launchCdpBrowser } from '../../scripts/cdp.mjs';
import { DIST_DIR, ROOT } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startMeasuredServer(DIST_DIR);
  browser = await launchCdpBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('timed loads get no cacheable file and no service worker', async () => {
  const page = await fetch(new URL('index.html', server.url));
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const worker = await fetch(new URL('sw.js', server.url));
  assert.equal(worker.status, 404, 'a registered worker would serve later loads from its cache');
});

test('a timed load reports when the drill appeared', async () => {
  const context = await browser.newContext({ baseURL: server.url });
  try {
    await firstLoadShowing(context, 0);
    const ms = await measureLoad(context, { cpuRate: 1 });
    assert.ok(ms > 0 && ms < 60_000, `${ms} ms`);
  } finally {
    await context.close();
  }
});

test('seeding writes a history the first load shows, and another context does not see it', async () => {
  const seeded = await browser.newContext({ baseURL: server.url });
  const other = await browser.newContext({ baseURL: server.url });
  try {
    const deck = JSON.parse(await readFile(path.join(ROOT, 'data', 'border-deck.json'), 'utf8'));
    await seedHistory(seeded, makeRows(deck, { count: 3 }));
    const seen = await firstLoadShowing(seeded, 3);
    assert.ok(seen.localStorageBytes > 0, 'the summary is in localStorage');
    await firstLoadShowing(other, 0);
  } finally {
    await seeded.close();
    await other.close();
  }
});
