// The benchmark's timed loads (scripts/bench-history.mjs, scripts/cdp.mjs): what they serve and
// how they drive the browser. Not the figures themselves (`scripts/bench` measures those).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { firstLoadShowing, makeRows, measureLoad, readyProbe, seedHistory, startMeasuredServer } from '../../scripts/bench-history.mjs';
import { launchCdpBrowser } from '../../scripts/cdp.mjs';
import { startFigures, TRACE_CATEGORIES } from '../../scripts/start-trace.mjs';
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

test('a traced start is summed by kind of work on the main thread', async () => {
  const context = await browser.newContext({ baseURL: server.url });
  try {
    await firstLoadShowing(context, 0);
    const probe = readyProbe({ traceMark: true });
    const events = await browser.trace(TRACE_CATEGORIES, () => measureLoad(context, { cpuRate: 1, probe }));
    const figures = startFigures(events);
    const total = figures['navigation → drill-ready'];
    assert.ok(total > 0 && total < 60_000, `${total} ms`);
    assert.ok(figures['main thread busy (tasks)'] <= total, 'busy time is part of the start');
    assert.ok(figures['WASM functions compiled lazily'] > 0, 'V8 compiles the start functions on their first call');
  } finally {
    await context.close();
  }
});

test('trace sums count overlapping events once, on the page main thread, from navigation to drill-ready', () => {
  const page = { pid: 1, tid: 1 };
  const events = [
    { ...page, name: 'navigationStart', ph: 'R', ts: 1_000 },
    { ...page, name: 'ParseHTML', ph: 'X', ts: 2_000, dur: 1_000 },
    { ...page, name: 'ParseHTML', ph: 'X', ts: 2_500, dur: 1_000 },
    { pid: 1, tid: 2, name: 'ParseHTML', ph: 'X', ts: 5_000, dur: 1_000 },
    { ...page, name: 'wasm.CompileLazy', ph: 'X', ts: 6_000, dur: 200 },
    { ...page, name: 'wasm.CompileLazy', ph: 'X', ts: 7_000, dur: 300 },
    { ...page, name: 'drill-ready', cat: 'blink.user_timing', ph: 'R', ts: 11_000 },
    { ...page, name: 'ParseHTML', ph: 'X', ts: 12_000, dur: 1_000 },
    { ...page, name: 'RunTask', ph: 'X', ts: 500, dur: 1_000 },
    { ...page, name: 'RunTask', ph: 'X', ts: 10_000, dur: 5_000 },
  ];
  const figures = startFigures(events);
  assert.equal(figures['navigation → drill-ready'], 10);
  assert.equal(figures['HTML parsing'], 1.5);
  assert.equal(figures['main thread busy (tasks)'], 1.5, 'tasks count from navigation to drill-ready only');
  assert.equal(figures['  of which WASM lazy compilation'], 0.5);
  assert.equal(figures['WASM functions compiled lazily'], 2);
  assert.throws(() => startFigures(events.filter((event) => event.name !== 'drill-ready')), /no drill-ready mark/);
});
