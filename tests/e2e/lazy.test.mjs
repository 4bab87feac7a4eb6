// The first load and what comes later. The built-in deck is a file of its own, fetched beside
// the WASM. What the first screen of a drill does not need comes in WebAssembly modules of its
// own, fetched on first use (src/ui/lazy.rs, scripts/split-wasm.mjs): the practice (feedback,
// the review, reading and writing the history, export; at the first interaction), the views (the
// history with its progress, the deck view) and the deck checker (a deck from a URL, a file or
// this device).
// Offline use of these modules is covered in pwa.test.mjs.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { byTestId, openApp, reloadApp, ROOT } from './harness.mjs';
import {
  closeHistory,
  expectAttemptCount,
  expectNoAxeViolations,
  openHistory,
  roleOf,
  submitAndRate,
  useBrowser,
  waitForFeedback,
} from './drill-helpers.mjs';

const TEST_TIMEOUT = 90_000;
const LAZY_MODULE = /-(practice|views|decks|chunk_\d+)\.wasm$/;
const PRACTICE = /-practice\.wasm$/;
const VIEWS = /-views\.wasm$/;
const DECKS = /-decks\.wasm$/;

const { withContext } = useBrowser();

/** File names of the lazily loaded modules requested by `page` from now on. */
function lazyRequests(page) {
  const names = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (LAZY_MODULE.test(pathname)) names.push(pathname.split('/').pop());
  });
  return names;
}

const count = (names, pattern) => names.filter((name) => pattern.test(name)).length;

/** A new page of `context` at `target`, and the lazy modules it requests (see lazyRequests). */
async function openWatched(context, target, waitUntil) {
  const page = await context.newPage();
  const fetched = lazyRequests(page);
  await page.goto(target, { waitUntil });
  return { page, fetched };
}

test('the drill starts without the lazy modules; the first view opened fetches the views, once', { timeout: TEST_TIMEOUT }, () =>
  // No service worker: every file comes from the server, so every fetch is seen.
  withContext(
    async (context) => {
      const { page, fetched } = await openWatched(context, 'index.html', 'networkidle');
      await byTestId(page, 'opposing-claim').first().waitFor({ state: 'visible' });
      assert.deepEqual(fetched, [], 'no lazy module before a view is opened');

      await openHistory(page);
      await byTestId(page, 'due-summary').first().waitFor({ state: 'visible' });
      assert.equal(count(fetched, VIEWS), 1, `one fetch of the views module, saw: ${fetched.join(', ')}`);
      assert.equal(count(fetched, DECKS), 0, 'no deck checker for the built-in deck');
      const afterFirstView = fetched.length;

      await closeHistory(page);
      await byTestId(page, 'open-deck').first().click();
      await byTestId(page, 'deck-preview').first().waitFor({ state: 'visible' });
      await byTestId(page, 'open-deck').first().click();
      await openHistory(page);
      assert.equal(fetched.length, afterFirstView, 'each module is fetched once per page');
    },
    { serviceWorkers: 'block' },
  ),
);

test('the first interaction fetches the practice module, once, before a rebuttal is submitted', { timeout: TEST_TIMEOUT }, () =>
  withContext(
    async (context) => {
      const { page, fetched } = await openWatched(context, 'index.html', 'networkidle');
      await byTestId(page, 'opposing-claim').first().waitFor({ state: 'visible' });
      assert.equal(count(fetched, PRACTICE), 0, 'not fetched by the start');

      const input = byTestId(page, 'rebuttal-input').first();
      await input.focus();
      await page.waitForLoadState('networkidle');
      assert.equal(count(fetched, PRACTICE), 1, `the practice module, on focus: ${fetched.join(', ')}`);

      await input.fill('They say the border is open. But it is not, because of the patrols. Therefore it holds.');
      await byTestId(page, 'submit-rebuttal').first().click();
      await waitForFeedback(page);
      await expectAttemptCount(page, 1);
      assert.equal(count(fetched, PRACTICE), 1, 'no second fetch to submit');
    },
    { serviceWorkers: 'block' },
  ),
);

test('submitting without the practice module says so and keeps the rebuttal; once it can be fetched, it submits', { timeout: TEST_TIMEOUT }, () =>
  withContext(
    async (context) => {
      let blocked = true;
      await context.route(PRACTICE, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
      const page = await openApp(context, 'seed=7');
      const draft = 'They say the wall works. But people climb it, because ladders exist. Therefore it fails.';
      await byTestId(page, 'rebuttal-input').first().fill(draft);
      await byTestId(page, 'submit-rebuttal').first().click();
      const notice = byTestId(page, 'notice').filter({ hasText: 'could not be checked' }).first();
      await notice.waitFor({ state: 'visible' });
      assert.equal(await roleOf(notice), 'alert');
      assert.equal(await byTestId(page, 'feedback').count(), 0, 'no feedback without its code');
      assert.equal(await byTestId(page, 'rebuttal-input').first().inputValue(), draft, 'the rebuttal is kept');
      await expectAttemptCount(page, 0);
      await expectNoAxeViolations(page, 'a submit whose code could not be loaded');

      blocked = false;
      await byTestId(page, 'submit-rebuttal').first().click();
      await waitForFeedback(page);
      await expectAttemptCount(page, 1);
    },
    { serviceWorkers: 'block' },
  ),
);

test('the timer settings come with the practice module: opened without it they say so, and open once it can be fetched', { timeout: TEST_TIMEOUT }, () =>
  withContext(
    async (context) => {
      let blocked = true;
      await context.route(PRACTICE, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
      const page = await openApp(context, 'seed=5');
      const settings = page.locator('.settings details').first();
      await settings.locator('summary').click();
      const unavailable = settings.getByRole('alert');
      await unavailable.waitFor({ state: 'visible' });
      assert.match(await unavailable.innerText(), /could not be loaded/);
      await expectNoAxeViolations(page, 'timer settings whose code could not be loaded');

      blocked = false;
      await settings.locator('summary').click();
      await settings.locator('summary').click();
      await settings.locator('input[type=number]').first().waitFor({ state: 'visible' });
      assert.equal(await settings.locator('input[type=number]').count(), 2);
    },
    { serviceWorkers: 'block' },
  ),
);

test('a history stored without its summary is read before the first drill; without the practice module the start says so and loses nothing', { timeout: TEST_TIMEOUT }, () =>
  withContext(
    async (context) => {
      const SUMMARY = 'debate-drill:v1:default:summary';
      const page = await openApp(context, 'seed=3');
      await submitAndRate(page, 'They say the border is open. But the patrols hold it. Therefore it is closed.');
      // Every save done (the rating's too, which writes the summary again), then no summary: as
      // when it could not be written, or a newer version wrote one this one cannot read.
      await page.waitForFunction(
        (key) => localStorage.getItem(key) !== null && !document.querySelector('.save-status'),
        SUMMARY,
      );
      await page.evaluate((key) => localStorage.removeItem(key), SUMMARY);

      const fetched = [];
      page.on('request', (request) => PRACTICE.test(new URL(request.url()).pathname) && fetched.push(request.url()));
      await reloadApp(page);
      assert.equal(fetched.length, 1, 'the start fetched the practice module to read the history');
      await expectAttemptCount(page, 1);
      await page.waitForFunction((key) => localStorage.getItem(key) !== null, SUMMARY);

      await page.evaluate((key) => localStorage.removeItem(key), SUMMARY);
      await context.route(PRACTICE, (route) => route.abort('internetdisconnected'));
      const offline = await openApp(context, 'seed=3');
      const notice = byTestId(offline, 'notice').filter({ hasText: 'could not be read' }).first();
      await notice.waitFor({ state: 'visible' });
      assert.equal(await roleOf(notice), 'alert');
      await offline.close();

      await context.unroute(PRACTICE);
      await reloadApp(page);
      await expectAttemptCount(page, 1);
    },
    { serviceWorkers: 'block' },
  ),
);

test('pointing at the history button fetches the views before the click; the view then opens with no further fetch', { timeout: TEST_TIMEOUT }, () =>
  withContext(
    async (context) => {
      const { page, fetched } = await openWatched(context, 'index.html', 'networkidle');
      await byTestId(page, 'open-history').first().hover();
      await page.waitForLoadState('networkidle');
      assert.equal(count(fetched, VIEWS), 1, `the views module, on hover: ${fetched.join(', ')}`);
      assert.equal(await byTestId(page, 'history').count(), 0, 'the view is not open yet');
      await openHistory(page);
      assert.equal(count(fetched, VIEWS), 1, 'no second fetch on the click');
    },
    { serviceWorkers: 'block' },
  ),
);

test('a view whose code cannot be fetched says so, loses nothing, and opens on "Try again"', { timeout: TEST_TIMEOUT }, () =>
  withContext(
    async (context) => {
      let blocked = true;
      await context.route(VIEWS, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
      const page = await openApp(context, 'seed=7');
      const draft = 'A rebuttal I started before opening the history.';
      await byTestId(page, 'rebuttal-input').first().fill(draft);

      await byTestId(page, 'open-history').first().click();
      const unavailable = byTestId(page, 'view-unavailable').first();
      await unavailable.waitFor({ state: 'visible' });
      assert.equal(await roleOf(unavailable), 'alert');
      assert.match(await unavailable.innerText(), /could not be loaded/);
      await expectNoAxeViolations(page, 'a view that could not be loaded');

      blocked = false;
      await byTestId(page, 'retry-view').first().click();
      await byTestId(page, 'history').first().waitFor({ state: 'visible' });
      assert.equal(await byTestId(page, 'view-unavailable').count(), 0);

      await closeHistory(page);
      assert.equal(await byTestId(page, 'rebuttal-input').first().inputValue(), draft, 'the draft is still there');
    },
    { serviceWorkers: 'block' },
  ),
);

test('a deck from a URL brings the deck checker; without it, the built-in deck stays and the notice says why', { timeout: TEST_TIMEOUT }, () =>
  withContext(
    async (context) => {
      const { page, fetched } = await openWatched(context, 'index.html?deck=examples/school-uniforms.json', 'load');
      await byTestId(page, 'assigned-position').first().waitFor({ state: 'visible' });
      assert.equal(count(fetched, DECKS), 1, `the deck checker, once: ${fetched.join(', ')}`);
      const uniforms = JSON.parse(await readFile(path.join(ROOT, 'data', 'examples', 'school-uniforms.json'), 'utf8'));
      const essay = await byTestId(page, 'assigned-position').first().getAttribute('data-essay');
      assert.ok(uniforms.essays.some(({ id }) => id === essay), `essay ${essay} is one of that deck's`);

      await context.route(DECKS, (route) => route.abort('internetdisconnected'));
      const blocked = await context.newPage();
      await blocked.goto('index.html?deck=examples/school-uniforms.json', { waitUntil: 'load' });
      await byTestId(blocked, 'assigned-position').first().waitFor({ state: 'visible' });
      const notice = byTestId(blocked, 'notice').filter({ hasText: 'deck checker could not be loaded' }).first();
      await notice.waitFor({ state: 'visible' });
      assert.equal(await roleOf(notice), 'alert');
      assert.match(await byTestId(blocked, 'assigned-position').first().getAttribute('data-essay'), /^00\d$/, 'the built-in deck');
    },
    { serviceWorkers: 'block' },
  ),
);

test('the built-in deck is a file of its own, fetched once per page; without it the page says why', { timeout: TEST_TIMEOUT }, () =>
  withContext(
    async (context) => {
      const DECK_FILE = /\/border-deck-[0-9a-f]{16}\.packed$/;
      const page = await context.newPage();
      const decks = [];
      page.on('request', (request) => DECK_FILE.test(new URL(request.url()).pathname) && decks.push(request.url()));
      await page.goto('index.html', { waitUntil: 'load' });
      await byTestId(page, 'assigned-position').first().waitFor({ state: 'visible' });
      assert.match(await byTestId(page, 'assigned-position').first().getAttribute('data-essay'), /^00\d$/, 'the built-in deck');
      assert.equal(decks.length, 1, `the deck, once (the preload serves the fetch): ${decks.join(', ')}`);

      await context.route(DECK_FILE, (route) => route.abort('internetdisconnected'));
      const blocked = await context.newPage();
      await blocked.goto('index.html', { waitUntil: 'load' });
      const alert = blocked.getByRole('alert').first();
      await alert.waitFor({ state: 'visible' });
      assert.match(await alert.innerText(), /could not start: its built-in deck could not be fetched/);
    },
    { serviceWorkers: 'block' },
  ),
);

test('the main WebAssembly module is fetched once and compiled while the bindings load; served as another type it still starts; without it the page says why', { timeout: TEST_TIMEOUT }, () =>
  withContext(
    async (context) => {
      const MAIN_MODULE = /\/debate-drill-[0-9a-f]{16}_bg\.wasm$/;
      const page = await context.newPage();
      const fetches = [];
      page.on('request', (request) => MAIN_MODULE.test(new URL(request.url()).pathname) && fetches.push(request.url()));
      await page.goto('index.html', { waitUntil: 'load' });
      await byTestId(page, 'opposing-claim').first().waitFor({ state: 'visible' });
      assert.equal(fetches.length, 1, `the module, once (the preload serves the compile's fetch): ${fetches.join(', ')}`);

      // A server that does not know the .wasm type: no streaming compilation, the same start.
      await context.route(MAIN_MODULE, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
      });
      const untyped = await context.newPage();
      await untyped.goto('index.html', { waitUntil: 'load' });
      await byTestId(untyped, 'opposing-claim').first().waitFor({ state: 'visible' });
      await untyped.close();

      await context.unroute(MAIN_MODULE);
      await context.route(MAIN_MODULE, (route) => route.abort('internetdisconnected'));
      const blocked = await context.newPage();
      await blocked.goto('index.html', { waitUntil: 'load' });
      const alert = blocked.getByRole('alert').first();
      await alert.waitFor({ state: 'visible' });
      assert.match(await alert.innerText(), /could not start: its WebAssembly code could not be fetched/);
    },
    { serviceWorkers: 'block' },
  ),
);
