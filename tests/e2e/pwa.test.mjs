// End-to-end tests of the installable, offline app: manifest and installability, the first
// offline start, and updates that wait for the student's click.
//
// Run: node --test tests/e2e/  (or scripts/test, stage 6). See README.md here.
// Each test serves its own copy of dist/ on its own port (its own origin, so its own service
// worker and caches), and may publish a "new build" in that copy with scripts/precache.mjs.

import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  appManifest,
  byTestId,
  cacheNames,
  copyBuild,
  DIST_DIR,
  installabilityErrors,
  launchPersistentContext,
  openApp,
  publishBuild,
  reloadApp,
  startServer,
  swPrecache,
  swVersion,
  until,
  waitForOfflineInstall,
} from './harness.mjs';
import { serve } from '../../scripts/static-server.mjs';
import {
  closeHistory,
  expectAttemptCount,
  expectNoAxeViolations,
  norm,
  openHistory,
  roleOf,
  submitAndRate,
  useBrowser,
  withPageProblems,
} from './drill-helpers.mjs';

const TEST_TIMEOUT = 120_000;

const REBUTTAL =
  'Kingfisher reply: the opposing claim treats one hard case as if it settled the whole policy, ' +
  'but it gives no reason to think the case is typical. The evidence points the other way over ' +
  'time. Even granting the premise, the conclusion does not follow, because the costs fall on ' +
  'people who had no say. A fairer policy would be tested first and its results measured honestly.';

const DRAFT = 'Half-written rebuttal that must survive an update prompt';

// No server for the whole file: every test serves its own copy of the build (withSite).
const { withContext } = useBrowser({ serve: false });

/** Run fn({dir, context}) on a private copy of dist/, served on its own port. */
async function withSite(fn) {
  const dir = await copyBuild();
  const server = await startServer(dir);
  try {
    return await withContext((context) => fn({ dir, context, url: server.url }), { baseURL: server.url });
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Open the history view, check that it holds the rebuttal, and close it again. */
async function expectInHistory(page) {
  const history = await openHistory(page);
  // textContent, not innerText: the text may sit in a collapsed <details>.
  await until(async () => norm(await history.textContent()).includes(norm(REBUTTAL)), {
    message: 'the history to contain the rebuttal',
  });
  await closeHistory(page);
}

/** Mark the current document, to tell later whether the page was reloaded. */
async function markDocument(page) {
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
}

async function sameDocument(page) {
  return page.evaluate(() => window.__sameDocument === true);
}

/** Caches of this app on the page's origin. */
async function appCaches(page) {
  return (await cacheNames(page)).filter((name) => name.startsWith('debate-drill-'));
}

/** Accept the update prompt and wait for the reloaded page to be ready. */
async function acceptUpdate(page) {
  const reload = byTestId(page, 'update-reload').first();
  await reload.waitFor({ state: 'visible' });
  await Promise.all([page.waitForEvent('load', { timeout: 15_000 }), reload.click()]);
  await byTestId(page, 'drill-ready').first().waitFor({ state: 'attached' });
}

test('the release build is installable from a sub-path: manifest, icons, no installability errors', { timeout: TEST_TIMEOUT }, async () => {
  // Served from a course site's sub-path, as the app must work from any.
  const root = await mkdtemp(path.join(tmpdir(), 'debate-drill-subpath-'));
  await cp(DIST_DIR, path.join(root, 'course', 'debate-drill'), { recursive: true });
  const site = await serve(root, { port: 0, host: '127.0.0.1' });
  const base = `${site.url}course/debate-drill/`;
  // Not browser.newContext(): Chrome reports every incognito page as "in-incognito".
  const { context, close } = await launchPersistentContext({ baseURL: base });
  try {
    const page = await openApp(context);
    const worker = await waitForOfflineInstall(page);
    assert.equal(worker, `${base}sw.js`, 'the service worker is the sub-path\'s');
    assert.equal(
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope),
      base,
      'the service worker\'s scope is the sub-path',
    );

    const manifest = await appManifest(page);
    assert.deepEqual(manifest.errors, [], `manifest errors: ${JSON.stringify(manifest.errors)}`);
    const data = JSON.parse(manifest.data);
    assert.equal(data.name, 'Debate Drill');
    assert.ok(data.short_name, 'manifest has a short_name');
    assert.ok(data.description, 'manifest has a description');
    assert.equal(data.display, 'standalone');
    assert.equal(data.scope, './', 'scope is relative (works from any sub-path)');
    assert.match(data.start_url, /^\.\//, 'start_url is relative (works from any sub-path)');
    assert.ok(data.theme_color && data.background_color, 'theme and background colours');

    // Each icon is a real PNG of the size it claims.
    const purposes = [];
    for (const icon of data.icons) {
      const response = await context.request.get(new URL(icon.src, manifest.url).href);
      assert.equal(response.status(), 200, `${icon.src} is served`);
      const png = await response.body();
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${icon.src} is a PNG`);
      const size = `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
      assert.equal(size, icon.sizes, `${icon.src} is ${icon.sizes}`);
      purposes.push(`${icon.sizes} ${icon.purpose ?? 'any'}`);
    }
    for (const want of ['192x192 any', '512x512 any', '512x512 maskable']) {
      assert.ok(purposes.includes(want), `an icon "${want}" (have ${JSON.stringify(purposes)})`);
    }

    // Chrome checks asynchronously (it fetches the manifest and icons): give it a moment.
    let errors = null;
    await until(
      async () => {
        errors = await installabilityErrors(page);
        return errors.length === 0;
      },
      { timeout: 10_000, message: 'no installability errors' },
    ).catch(() => {});
    assert.deepEqual(errors, [], `Chrome's installability errors: ${JSON.stringify(errors)}`);

    // The installed app's start URL opens with no network.
    await context.setOffline(true);
    await page.goto(new URL(data.start_url, manifest.url).href);
    await byTestId(page, 'drill-ready').first().waitFor({ state: 'attached' });
    await byTestId(page, 'opposing-claim').first().waitFor({ state: 'visible' });
  } catch (err) {
    throw withPageProblems(err, context.pages());
  } finally {
    await close();
    await site.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('the first install precaches exactly the build\'s files, from the same origin', { timeout: TEST_TIMEOUT }, () =>
  withSite(async ({ dir, context, url }) => {
    const requests = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await openApp(context);
    await waitForOfflineInstall(page);
    const precache = await swPrecache(dir);
    assert.ok(precache.includes('index.html'), 'index.html is precached');
    for (const kind of [/\.js$/, /_bg\.wasm$/, /\.css$/, /^icons\/.*\.png$/, /^manifest\.webmanifest$/]) {
      assert.ok(precache.some((file) => kind.test(file)), `the precache list has a file matching ${kind}`);
    }
    // From the first byte to a finished install, only the app's own files are fetched (the
    // page's and the worker's requests alike); drill.test.mjs checks that nothing follows.
    const own = new Set(['sw.js', ...precache].map((file) => new URL(file, url).href));
    const unexpected = requests.filter((r) => !own.has(r.split('?')[0]));
    assert.deepEqual(unexpected, [], 'only the app\'s own files are requested');
    const cached = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((n) => n.startsWith('debate-drill-'));
      if (names.length !== 1) return names;
      const keys = await (await caches.open(names[0])).keys();
      return keys.map((request) => request.url);
    });
    assert.deepEqual(
      [...cached].sort(),
      precache.map((file) => new URL(file, url).href).sort(),
      'the cache holds exactly the precache list',
    );
    assert.ok((await appCaches(page))[0].includes(await swVersion(dir)), 'the cache is named after the build\'s version');
  }),
);

test('first offline start: a full drill with no network, in the history; then an update on the student\'s click', { timeout: TEST_TIMEOUT }, () =>
  withSite(async ({ dir, context }) => {
    // Online, once.
    const page = await openApp(context);
    const ready = byTestId(page, 'offline-ready').first();
    await ready.waitFor({ state: 'visible' });
    assert.match(norm(await ready.innerText()), /Ready to work offline/);
    assert.equal(await roleOf(ready), 'status', '"Ready to work offline" is a polite status');
    await expectNoAxeViolations(page, 'ready to work offline');
    await waitForOfflineInstall(page);
    const version1 = await swVersion(dir);

    // Offline from here on: every request that fails is a file the app needed and lacked.
    const failed = [];
    context.on('requestfailed', (request) => failed.push(`${request.url()} (${request.failure()?.errorText})`));
    await context.setOffline(true);
    await reloadApp(page);
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the reloaded page is served by the service worker');
    assert.equal(await page.evaluate(() => navigator.onLine), false, 'the browser is offline');
    await submitAndRate(page, REBUTTAL);
    await expectAttemptCount(page, 1);
    await expectInHistory(page);

    // The page with a query (a student's bookmark) opens offline too.
    const bookmark = await openApp(context, 'seed=1&essay=000');
    assert.equal(await byTestId(bookmark, 'assigned-position').first().getAttribute('data-essay'), '000');
    await expectAttemptCount(bookmark, 1);
    await bookmark.close();
    assert.deepEqual(failed, [], `requests failed while offline:\n  ${failed.join('\n  ')}`);

    // Online again; a new build is published; the student opens the app again.
    await context.setOffline(false);
    const version2 = await publishBuild(dir, 'e2e build 2');
    assert.notEqual(version2, version1, 'a new build has a new cache version');
    await reloadApp(page);
    const prompt = byTestId(page, 'update-ready').first();
    await prompt.waitFor({ state: 'visible' });
    assert.match(norm(await prompt.innerText()), /new version/i);
    assert.equal(await roleOf(prompt), 'status', 'the update prompt is a polite status');
    await expectNoAxeViolations(page, 'update prompt');
    assert.ok(!(await page.content()).includes('e2e build 2'), 'the page still runs the old build');
    assert.ok(
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null),
      'the new version waits (no skipWaiting until the student asks)',
    );
    assert.equal((await appCaches(page)).length, 2, 'the old version\'s cache stays until the switch');

    // The prompt waits: the student keeps writing, nothing reloads.
    await markDocument(page);
    await byTestId(page, 'rebuttal-input').first().fill(DRAFT);
    await page.waitForTimeout(1_500);
    assert.ok(await sameDocument(page), 'the page did not reload by itself');
    assert.equal(await byTestId(page, 'rebuttal-input').first().inputValue(), DRAFT);

    await acceptUpdate(page);
    assert.ok(!(await sameDocument(page)), 'the page reloaded when the student asked');
    assert.ok((await page.content()).includes('e2e build 2'), 'the reloaded page runs the new build');
    assert.equal(await byTestId(page, 'update-ready').count(), 0, 'no update prompt after updating');
    await expectAttemptCount(page, 1);
    await expectInHistory(page);
    const names = await appCaches(page);
    assert.equal(names.length, 1, `only the new build's cache is left: ${JSON.stringify(names)}`);
    assert.ok(names[0].includes(version2), `the cache left is the new build's: ${names[0]}`);
  }),
);

test('an update found while drilling (back online) waits for the student\'s click', { timeout: TEST_TIMEOUT }, () =>
  withSite(async ({ dir, context }) => {
    const page = await openApp(context);
    await waitForOfflineInstall(page);
    await submitAndRate(page, REBUTTAL);
    await expectAttemptCount(page, 1);
    await byTestId(page, 'next-drill').first().click();

    // On the train: a new build is published meanwhile; the student writes a rebuttal.
    await context.setOffline(true);
    const version2 = await publishBuild(dir, 'e2e build 2');
    await markDocument(page);
    await byTestId(page, 'rebuttal-input').first().fill(DRAFT);

    // Back online: the app looks for the new version by itself and only says so.
    await context.setOffline(false);
    const prompt = byTestId(page, 'update-ready').first();
    await prompt.waitFor({ state: 'visible' });
    await page.waitForTimeout(1_000);
    assert.ok(await sameDocument(page), 'the page did not reload by itself');
    assert.equal(await byTestId(page, 'rebuttal-input').first().inputValue(), DRAFT, 'the rebuttal being written is untouched');

    await acceptUpdate(page);
    assert.ok(!(await sameDocument(page)), 'the page reloaded when the student asked');
    assert.ok((await page.content()).includes('e2e build 2'), 'the reloaded page runs the new build');
    await expectAttemptCount(page, 1);
    await expectInHistory(page);
    const names = await appCaches(page);
    assert.equal(names.length, 1, `only the new build's cache is left: ${JSON.stringify(names)}`);
    assert.ok(names[0].includes(version2), `the cache left is the new build's: ${names[0]}`);
  }),
);
