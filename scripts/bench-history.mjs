#!/usr/bin/env node
// Start-up benchmark: does a long practice history slow the app's start?
//
// Not a test (scripts/test does not run it). Build first, then run:
//   source scripts/lib.sh && ensure_tools && trunk build --release --offline
//   node scripts/bench-history.mjs [--runs N] [--attempts N] [--cpu RATE] [--inline-every N]
//
// Serves dist/ (or $DIST_DIR) with the e2e harness's static server and measures, in headless
// Chromium with CPU throttling (CDP Emulation.setCPUThrottlingRate, 4x by default), the time
// from navigation start to [data-testid=drill-ready], for (a) an empty store and (b) a store
// seeded with 10,000 attempts (rows in localStorage in the v3 format of core::records::encode, as
// versions before the rows moved to IndexedDB left them, and which the first untimed start moves,
// half of the texts in IndexedDB and half inline; --inline-every 0 puts all of them in IndexedDB,
// as the app itself leaves them). The first, untimed load of each scenario waits until the app's
// start-up saves are done: it moves the rows, and the texts it finds in them, to IndexedDB, so the timed
// loads see the store as a student does from their second visit on. Each scenario has ONE
// browser context (its storage persists) and a fresh page per load; the files are served with
// `Cache-Control: no-store` and without the service worker, so every load is cold for code and warm
// for storage. The loads run in a Chromium driven over a bare DevTools pipe (scripts/cdp.mjs), not
// through Playwright, whose Runtime domain slows the page's script. Loads of the two scenarios are
// interleaved so drift in the machine's speed affects both alike.
//
// Prints a table (median, p90, ratio 10k/empty against a budget of 1.2x) and the size of the
// seeded history in localStorage; exits 1 if the ratio is over budget, 2 on an error.
//
// The measuring functions are exported for wider benchmarks (issue 8):
//   import { measureLoad, measureStartup, seedHistory, makeRows, summarize } from './bench-history.mjs'

import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { DIST_DIR, ROOT } from '../tests/e2e/harness.mjs';
import { launchCdpBrowser } from './cdp.mjs';
import { serve } from './static-server.mjs';

/** The budget: start-up with 10,000 attempts may take at most this times the empty start-up. */
export const BUDGET_RATIO = 1.2;
export const DEFAULT_RUNS = 11;
export const DEFAULT_CPU_RATE = 4;
const READY = '[data-testid="drill-ready"]';
const DAY_MS = 86_400_000;

// Installed in every measured page before any of its scripts: records performance.now()
// (milliseconds since the navigation started) when the widget root first appears.
const READY_PROBE = readyProbe();

/**
 * The probe's script; with `traceMark`, it also leaves a `drill-ready` performance mark, which a
 * trace shows (scripts/start-trace.mjs).
 */
export function readyProbe({ traceMark = false } = {}) {
  return `(() => {
  if (window.top !== window) return;
  const selector = ${JSON.stringify(READY)};
  const mark = () => {
    if (window.__drillReadyAt === undefined && document.querySelector(selector)) {
      window.__drillReadyAt = performance.now();${traceMark ? " performance.mark('drill-ready');" : ''}
      return true;
    }
    return window.__drillReadyAt !== undefined;
  };
  const observer = new MutationObserver(() => mark() && observer.disconnect());
  observer.observe(document, { childList: true, subtree: true });
})();`;
}

/**
 * Serves `dir` for timed loads: with `Cache-Control: no-store`, so that no load finds a file (or
 * V8's code cache for it) in the HTTP cache, and without the service worker, which would serve
 * the code from its own cache on every later load of a context. The app registers it after its
 * start and takes a failed registration quietly (`web::pwa`).
 */
export function startMeasuredServer(dir = DIST_DIR) {
  return serve(dir, { headers: { 'Cache-Control': 'no-store' }, refuse: ['sw.js'] });
}

/**
 * One cold load of `target` (relative to the context's baseURL) in a fresh page of `context`, a
 * context of `launchCdpBrowser` (scripts/cdp.mjs: no DevTools domain the measurement does not
 * need), CPU throttled by `cpuRate`. Storage is whatever the context holds; the files come from a
 * `startMeasuredServer`. `probe` is the script that notes the time (`readyProbe`).
 * @returns {Promise<number>} milliseconds from navigation start to [data-testid=drill-ready]
 */
export async function measureLoad(
  context,
  { target = 'index.html', cpuRate = DEFAULT_CPU_RATE, timeout = 120_000, probe = READY_PROBE } = {},
) {
  const page = await context.newPage();
  try {
    await page.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    await page.send('Page.addScriptToEvaluateOnNewDocument', { source: probe });
    const { errorText } = await page.send('Page.navigate', { url: new URL(target, context.baseURL).href });
    if (errorText) throw new Error(`navigation to ${target} failed: ${errorText}`);
    return await readyTime(page, timeout);
  } finally {
    await page.close();
  }
}

/**
 * Waits for the probe's `__drillReadyAt` by polling it with `Runtime.evaluate` (the Runtime domain
 * stays disabled). Polling one global costs the page a tiny task; the time itself is taken in the
 * page. (Playwright's `waitForFunction`, used before commit c268cfe, first injected about 330 KB
 * of its own script into the page, parsed on the main thread during the start it measured.)
 */
async function readyTime(page, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluateExpression('window.__drillReadyAt').catch(() => undefined);
    if (typeof value === 'number') return value;
    if (Date.now() > deadline) throw new Error(`${READY} did not appear within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `runs` rounds of one cold load in each of `contexts` (`load(context, options)`, by default
 * `measureLoad`), the order rotated every round so that no context always loads first after a
 * pause, and drift in the machine's speed hits all alike. `onRound(round, samples)` is called
 * after each round.
 * @returns {Promise<any[][]>} what each context's loads returned, in the order of `contexts`
 */
export async function alternateLoads(contexts, runs, { onRound = () => {}, load = measureLoad, ...options } = {}) {
  const samples = contexts.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < contexts.length; k++) {
      const index = (k + round) % contexts.length;
      samples[index].push(await load(contexts[index], options));
    }
    onRound(round, samples);
  }
  return samples;
}

/**
 * A browser for timed loads (scripts/cdp.mjs) and a context for each of `dirs`, each served by a
 * `startMeasuredServer` and past an untimed first load (which starts its renderer). `close()`
 * stops all of it.
 */
export async function openBuilds(dirs) {
  const servers = await Promise.all(dirs.map((dir) => startMeasuredServer(dir)));
  const browser = await launchCdpBrowser();
  const close = async () => {
    await browser.close();
    await Promise.all(servers.map((server) => server.close()));
  };
  try {
    const contexts = [];
    for (const server of servers) {
      const context = await browser.newContext({ baseURL: server.url });
      await measureLoad(context);
      contexts.push(context);
    }
    return { browser, contexts, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Takes `flag N` out of a script's `args`: N, or `fallback` without the flag; null when N is not
 * a positive integer (the caller prints its usage).
 */
export function takeCount(args, flag, fallback) {
  const at = args.indexOf(flag);
  if (at === -1) return fallback;
  const count = Number(args[at + 1]);
  args.splice(at, 2);
  return Number.isInteger(count) && count >= 1 ? count : null;
}

/** `runs` cold loads of `target` in `context`; returns the samples and their summary. */
export async function measureStartup(context, { runs = DEFAULT_RUNS, ...options } = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await measureLoad(context, options));
  return { samples, ...summarize(samples) };
}

/** Median and p90 (nearest rank) of `samples`. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: NaN, p90: NaN, min: NaN, max: NaN };
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const p90 = sorted[Math.min(n - 1, Math.ceil(0.9 * n) - 1)];
  return { median, p90, min: sorted[0], max: sorted[n - 1] };
}

/**
 * A 95 % interval (or `level`) for a figure computed from interleaved rounds: a percentile
 * bootstrap that resamples whole rounds with replacement, so that the loads of one round, measured
 * together, stay together. `figure(rounds)` computes the figure from an array of round indices.
 * Seeded: the same samples always give the same interval. It says how far a figure could move from
 * run to run on this machine, so a figure near its budget is not read as more than it is.
 * @returns {{low: number, high: number}}
 */
export function roundsInterval(roundCount, figure, { iterations = 2000, level = 0.95, seed = 1 } = {}) {
  if (roundCount === 0) return { low: NaN, high: NaN };
  const random = generator(seed);
  const values = [];
  for (let i = 0; i < iterations; i++) {
    values.push(figure(Array.from({ length: roundCount }, () => Math.floor(random() * roundCount))));
  }
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { low: values[Math.floor(tail * (iterations - 1))], high: values[Math.ceil((1 - tail) * (iterations - 1))] };
}

/** The interval of `median(numerators) / median(denominators)`, the loads paired by round. */
export function medianRatioInterval(numerators, denominators, options) {
  const pick = (samples, rounds) => rounds.map((round) => samples[round]);
  return roundsInterval(
    Math.min(numerators.length, denominators.length),
    (rounds) => summarize(pick(numerators, rounds)).median / summarize(pick(denominators, rounds)).median,
    options,
  );
}

/** The interval of the median of per-round ratios `numerators[i] / denominators[i]`. */
export function pairedRatioInterval(numerators, denominators, options) {
  return roundsInterval(
    Math.min(numerators.length, denominators.length),
    (rounds) => summarize(rounds.map((round) => numerators[round] / denominators[round])).median,
    options,
  );
}

/** A small seeded generator (mulberry32), so every run seeds the same history. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WORDS = (
  'they say the border is a matter of national security but that assumes every crossing is a threat ' +
  'because most people who cross are workers and families the evidence shows that enforcement alone ' +
  'has not reduced trafficking therefore the policy should target the cartels and the guns that flow ' +
  'south sovereignty means a nation decides who enters yet it also means respecting the neighbour whose ' +
  'security depends on ours the cost falls on communities that were never asked and that matters for ' +
  'trust in the law even if we grant the premise the conclusion does not follow'
).split(' ');

function rebuttalText(random, words) {
  const out = [];
  let sentence = 0;
  for (let i = 0; i < words; i++) {
    let word = WORDS[Math.floor(random() * WORDS.length)];
    if (sentence === 0) word = word[0].toUpperCase() + word.slice(1);
    sentence++;
    if (sentence > 8 && (random() < 0.15 || i === words - 1)) {
      word += '.';
      sentence = 0;
    } else if (i === words - 1) {
      word += '.';
    }
    out.push(word);
  }
  return out.join(' ');
}

/** For each essay of `deck`, the claims that oppose it (as `Deck::opposing_claims`). */
function opposingClaims(deck) {
  const essayOf = new Map(deck.essays.flatMap((e) => e.claims.map((c) => [c.id, e.id])));
  const byEssay = new Map(deck.essays.map((e) => [e.id, new Set()]));
  for (const clash of deck.clashes) {
    const [x, y] = clash.claims;
    byEssay.get(essayOf.get(x))?.add(y);
    byEssay.get(essayOf.get(y))?.add(x);
  }
  return new Map([...byEssay].map(([essay, claims]) => [essay, [...claims].filter((c) => essayOf.get(c) !== essay)]));
}

/**
 * `count` realistic attempts against `deck` as v3 storage rows (see core::records::encode):
 * spread over the last `days` days, ratings 1-4, oldest first. Every `inlineEvery`-th text is
 * kept inline (none if 0); the others are returned in `texts` (for IndexedDB) with a null in the row.
 * @returns {{stored: string, texts: [string, string][]}} the localStorage value and the texts
 */
export function makeRows(deck, { count = 10_000, days = 90, inlineEvery = 2, seed = 4, now = Date.now(), tz = -new Date().getTimezoneOffset() } = {}) {
  const random = generator(seed);
  const strings = [];
  const intern = (s) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const opposing = opposingClaims(deck);
  const essays = deck.essays.map((e) => e.id).filter((id) => opposing.get(id)?.length);
  const times = Array.from({ length: count }, () => Math.round(now - random() * days * DAY_MS)).sort((a, b) => a - b);
  const rows = [];
  const texts = [];
  const seen = new Set();
  for (let i = 0; i < count; i++) {
    const submitted = times[i];
    let id;
    do id = `${submitted.toString(16)}-${Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')}`;
    while (seen.has(id));
    seen.add(id);
    const essay = essays[Math.floor(random() * essays.length)];
    const claims = opposing.get(essay);
    const claim = claims[Math.floor(random() * claims.length)];
    const prep = 30;
    const speak = 90;
    const secs = Math.round(20 + random() * 130);
    const words = Math.round(40 + random() * 140);
    const feedback = Array.from({ length: 5 }, () => 'spm'[Math.floor(random() * 3)]).join('');
    const rating = 1 + Math.floor(random() * 4);
    const text = rebuttalText(random, words);
    const inline = inlineEvery > 0 && i % inlineEvery === 0;
    if (!inline) texts.push([id, text]);
    rows.push([
      id,
      intern(deck.id),
      intern(essay),
      intern(claim),
      submitted,
      secs * 1000 + Math.round(random() * 999),
      Math.round(3_000 + random() * 60_000),
      tz,
      prep,
      speak,
      secs,
      words,
      feedback,
      rating,
      secs > prep + speak ? 1 : 0,
      inline ? text : null,
    ]);
  }
  return { stored: JSON.stringify({ v: 3, s: strings, a: rows }), texts };
}

/**
 * Writes a history into `context`'s storage for namespace `ns`: `stored` under
 * debate-drill:v1:<ns>:history and `texts` into IndexedDB "debate-drill", store "texts",
 * keys [ns, id]. Runs in a same-origin page that is not the app, so nothing else writes.
 * @returns {Promise<number>} the localStorage bytes of the history (UTF-16 length x 2)
 */
export async function seedHistory(context, { stored, texts, ns = 'default' }) {
  const page = await context.newPage();
  try {
    // A 404 page of the same origin: storage without the app running.
    await page.goto('bench-seed-page-not-the-app', { waitUntil: 'load' });
    const bytes = await page.evaluate(
      async ({ key, stored, texts, ns }) => {
        const db = await new Promise((resolve, reject) => {
          const open = indexedDB.open('debate-drill', 1);
          open.onupgradeneeded = () => {
            if (!open.result.objectStoreNames.contains('texts')) open.result.createObjectStore('texts');
          };
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        await new Promise((resolve, reject) => {
          const tx = db.transaction('texts', 'readwrite');
          const store = tx.objectStore('texts');
          for (const [id, text] of texts) store.put(text, [ns, id]);
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
        });
        db.close();
        localStorage.setItem(key, stored);
        const back = localStorage.getItem(key);
        if (back !== stored) throw new Error('localStorage did not keep the seeded history');
        return back.length * 2;
      },
      { key: `debate-drill:v1:${ns}:history`, stored, texts, ns },
    );
    // Closed before another page has the write, the seeding page can lose it (the app then finds
    // an empty store): keep it open until a new page sees the whole history.
    await seedVisible(context, { length: stored.length, ns });
    return bytes;
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * Waits until a new page of `context` sees `length` characters under the history key of `ns`:
 * Chromium hands localStorage writes to other pages asynchronously, so a page opened right after
 * seeding could still find the store empty.
 */
async function seedVisible(context, { length, ns = 'default' }) {
  const page = await context.newPage();
  try {
    await page.goto('bench-seed-page-not-the-app', { waitUntil: 'load' });
    await page.waitForFunction(
      ({ key, length }) => (localStorage.getItem(key) ?? '').length === length,
      { key: `debate-drill:v1:${ns}:history`, length },
      { timeout: 30_000, polling: 50 },
    );
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * Waits until the app's start-up writes are done: the header shows no "Saving…". A store that
 * keeps texts in its rows is saved once right after the start (the texts move to IndexedDB), as
 * a student's would be on their first visit; a failed save is an error. For either browser's
 * pages (Playwright's, or scripts/cdp.mjs's).
 */
export async function savesSettled(page) {
  await page.waitForFunction(() => !/Saving/.test(document.querySelector('.save-status')?.textContent ?? ''), null, {
    timeout: 120_000,
    polling: 100,
  });
  const status = await page.evaluate(() =>
    [...document.querySelectorAll('.save-status')].map((element) => element.textContent.trim()).filter(Boolean),
  );
  if (status.length) throw new Error(`the app could not save: ${status.join(' ')}`);
}

/**
 * One untimed load of the app in `context` (a `launchCdpBrowser` context): it starts the
 * context's renderer, and the start's follow-up work runs to its end (a store whose rows or texts
 * are in localStorage is saved once, moving them to IndexedDB), so the timed loads see the store
 * as a student does from their second visit on. Returns what the app shows.
 * @returns {Promise<{count: string, notices: string[], localStorageBytes: number}>}
 */
export async function firstLoad(context) {
  const page = await context.newPage();
  try {
    await page.goto('index.html');
    await page.waitForFunction((selector) => Boolean(document.querySelector(selector)), READY, { timeout: 120_000 });
    await savesSettled(page);
    // The moves start after the first render (reading the rows, then saving): wait them out too.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await savesSettled(page);
    return await page.evaluate(() => ({
      count: document.querySelector('[data-testid="attempt-count"]')?.textContent.trim() ?? '',
      notices: [...document.querySelectorAll('[data-testid="notice"]')].map((notice) => notice.textContent.trim()),
      localStorageBytes: Object.entries(localStorage).reduce((sum, [key, value]) => sum + (key.length + value.length) * 2, 0),
    }));
  } finally {
    await page.close();
  }
}

/** As `firstLoad`, and fails unless the app shows `count` attempts and no unreadable history. */
export async function firstLoadShowing(context, count) {
  const seen = await firstLoad(context);
  expectShown(seen, count);
  return seen;
}

/**
 * Fails unless what a load shows (`attempt-count`'s text, the notices' texts) is `count` attempts
 * and no unreadable history. For either browser's pages.
 */
export function expectShown({ count: shown, notices }, count) {
  if (shown !== String(count) || notices.some((notice) => /could not be read/i.test(notice))) {
    throw new Error(`the store should load as ${count} attempts: attempt-count ${shown}, notices ${JSON.stringify(notices)}`);
  }
}

function parseArgs(argv) {
  const options = { runs: DEFAULT_RUNS, attempts: 10_000, cpu: DEFAULT_CPU_RATE, inlineEvery: 2 };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=');
    const value = inline ?? argv[++i];
    const key = { '--runs': 'runs', '--attempts': 'attempts', '--cpu': 'cpu', '--inline-every': 'inlineEvery' }[name];
    const min = key === 'inlineEvery' ? 0 : 1;
    const number = Number(value);
    if (!key || !Number.isFinite(number) || number < min || (key !== 'cpu' && !Number.isInteger(number))) {
      throw new Error(`usage: node scripts/bench-history.mjs [--runs N (>= 10)] [--attempts N] [--cpu RATE] [--inline-every N (0 = all texts in IndexedDB)]; bad argument ${name} ${value ?? ""}`);
    }
    options[key] = Number(value);
  }
  if (options.runs < 10) throw new Error('--runs must be at least 10');
  return options;
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

async function main() {
  const { runs, attempts, cpu, inlineEvery } = parseArgs(process.argv.slice(2));
  const deck = JSON.parse(await readFile(path.join(ROOT, 'data', 'border-deck.json'), 'utf8'));
  const server = await startMeasuredServer();
  const browser = await launchCdpBrowser();
  try {
    const empty = await browser.newContext({ baseURL: server.url });
    const seeded = await browser.newContext({ baseURL: server.url });
    const label = `${attempts.toLocaleString('en')} attempts`;

    const { stored, texts } = makeRows(deck, { count: attempts, inlineEvery });
    const bytes = await seedHistory(seeded, { stored, texts });
    // An untimed first load per scenario (starts the renderer) that also checks the seeding.
    const seen = await firstLoadShowing(seeded, attempts);
    await firstLoadShowing(empty, 0);

    console.log(`dist: ${DIST_DIR}`);
    const [load] = os.loadavg();
    if (load > os.availableParallelism()) {
      console.log(`warning: load average ${load.toFixed(1)} on ${os.availableParallelism()} CPUs: timings are noisy (the ratio less so: loads are interleaved)`);
    }
    console.log(`${runs} cold loads per scenario, CPU throttled ${cpu}x, interleaved; navigation start -> ${READY}`);
    const samples = { empty: [], seeded: [] };
    for (let i = 0; i < runs; i++) {
      samples.empty.push(await measureLoad(empty, { cpuRate: cpu }));
      samples.seeded.push(await measureLoad(seeded, { cpuRate: cpu }));
      process.stdout.write(`  run ${i + 1}/${runs}: empty ${samples.empty[i].toFixed(0)} ms, ${label} ${samples.seeded[i].toFixed(0)} ms\n`);
    }
    const a = summarize(samples.empty);
    const b = summarize(samples.seeded);
    const ratio = b.median / a.median;
    const pass = ratio <= BUDGET_RATIO;
    const ms = (x) => x.toFixed(0);
    console.log();
    console.log(
      table([
        ['scenario', 'median ms', 'p90 ms', 'ratio 10k/empty', 'budget', 'result'],
        ['empty store', ms(a.median), ms(a.p90), '', '', ''],
        [label, ms(b.median), ms(b.p90), ratio.toFixed(2), `<= ${BUDGET_RATIO.toFixed(2)}x`, pass ? 'PASS' : 'FAIL'],
      ]),
    );
    console.log();
    console.log(
      `seeded history in localStorage: ${bytes.toLocaleString('en')} bytes (UTF-16 length x 2), ` +
        `${texts.length.toLocaleString('en')} texts in IndexedDB, ${(attempts - texts.length).toLocaleString('en')} inline; ` +
        `after the first (untimed) start moved the rows and texts to IndexedDB, localStorage holds ${seen.localStorageBytes.toLocaleString('en')} bytes`,
    );
    await empty.close();
    await seeded.close();
    return pass ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`bench-history: ${err.stack ?? err}`);
      process.exit(2);
    },
  );
}
