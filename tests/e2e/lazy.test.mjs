// The views a drill does not need (the history with its progress, the deck view) come in a
// second WebAssembly module, fetched the first time one of them is opened (src/ui/lazy.rs,
// scripts/split-wasm.mjs). Offline use of that module is covered in pwa.test.mjs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byTestId, openApp } from './harness.mjs';
import { closeHistory, expectNoAxeViolations, openHistory, roleOf, useBrowser } from './drill-helpers.mjs';

const TEST_TIMEOUT = 90_000;
const LAZY_MODULE = /-views\.wasm$/;

const { withContext } = useBrowser();

/** URLs of the lazily loaded module requested by `page` from now on. */
function lazyRequests(page) {
  const urls = [];
  page.on('request', (request) => LAZY_MODULE.test(new URL(request.url()).pathname) && urls.push(request.url()));
  return urls;
}

test('the drill starts without the views module; the first view opened fetches it, once', { timeout: TEST_TIMEOUT }, () =>
  // No service worker: every file comes from the server, so every fetch is seen.
  withContext(
    async (context) => {
      const page = await context.newPage();
      const fetched = lazyRequests(page);
      await page.goto('index.html', { waitUntil: 'networkidle' });
      await byTestId(page, 'opposing-claim').first().waitFor({ state: 'visible' });
      assert.deepEqual(fetched, [], 'nothing of the views module before a view is opened');

      await openHistory(page);
      await byTestId(page, 'due-summary').first().waitFor({ state: 'visible' });
      assert.equal(fetched.length, 1, `one fetch of the views module, saw: ${fetched.join(', ')}`);

      await closeHistory(page);
      await byTestId(page, 'open-deck').first().click();
      await byTestId(page, 'deck-preview').first().waitFor({ state: 'visible' });
      await byTestId(page, 'open-deck').first().click();
      await openHistory(page);
      assert.equal(fetched.length, 1, 'the module is fetched once per page');
    },
    { serviceWorkers: 'block' },
  ),
);

test('a view whose code cannot be fetched says so, loses nothing, and opens on "Try again"', { timeout: TEST_TIMEOUT }, () =>
  withContext(
    async (context) => {
      let blocked = true;
      await context.route(LAZY_MODULE, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
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
