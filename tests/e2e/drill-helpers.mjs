// Shared helpers of the e2e test files (drill, decks, history, embed, pwa): the per-file
// browser and server, a fresh context per test, and the steps of a drill as a student does
// them. Like harness.mjs, they use only the app's public test hooks (data-testid attributes,
// roles). Helpers that only one file needs stay in that file.
//
// Every helper that takes a `scope` accepts a Playwright Page, Frame, Locator or FrameLocator:
// a page, one <debate-drill> element (page.locator('#id')) or an iframe (page.frameLocator()).

import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { byTestId, launchBrowser, pageProblems, runAxe, startServer, until } from './harness.mjs';

// ---------------------------------------------------------------------------
// Browser, server, contexts.

/**
 * Append the page problems (console errors, page errors) of `pages` to a failing test's error,
 * message and stack alike. Returns `err`.
 */
export function withPageProblems(err, pages) {
  const problems = pages.flatMap((p) => pageProblems(p));
  if (problems.length && err && typeof err === 'object') {
    const extra = `\npage problems:\n  ${problems.join('\n  ')}`;
    try {
      err.message += extra;
      if (typeof err.stack === 'string') err.stack += extra;
    } catch {
      /* read-only message: keep the original error */
    }
  }
  return err;
}

/**
 * Register this file's before/after hooks: serve a build on a free port of 127.0.0.1 and launch
 * the browser once for the whole file (closed again after it).
 * @param {{serve?: boolean, dir?: string | (() => string | Promise<string>)}} [options]
 *   `serve: false` starts no server (contexts then have no baseURL; the file serves its own
 *   sites). `dir` is the directory to serve (default dist/), or a function run in the before
 *   hook that prepares it and returns its path.
 * @returns {{withContext: (fn: (context) => Promise<any>, opts?: object) => Promise<any>,
 *   readonly browser: Awaited<ReturnType<typeof launchBrowser>>,
 *   readonly server: {url: string, close: () => Promise<void>} | undefined}}
 */
export function useBrowser({ serve = true, dir } = {}) {
  let server;
  let browser;

  before(async () => {
    if (serve) {
      const root = typeof dir === 'function' ? await dir() : dir;
      server = await startServer(root);
    }
    browser = await launchBrowser(server ? { baseURL: server.url } : {});
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    /** Run fn(context) in a fresh context (fresh storage); page problems are added to failure messages. */
    async withContext(fn, opts = {}) {
      const context = await browser.newContext(opts);
      try {
        return await fn(context);
      } catch (err) {
        throw withPageProblems(err, context.pages());
      } finally {
        await context.close().catch(() => {});
      }
    },
    get browser() {
      return browser;
    },
    get server() {
      return server;
    },
  };
}

// ---------------------------------------------------------------------------
// Text.

/** Whitespace runs collapsed to one space, trimmed; null and undefined give ''. */
export const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

/** The locator's rendered text (innerText), normalised. */
export async function text(locator) {
  return norm(await locator.innerText());
}

/**
 * A rebuttal of about 60 words starting with `marker`, a word found nowhere else, then `lead`
 * and a colon ("Zebrafinch answer: the opposing claim assumes …").
 */
export function rebuttal(marker, lead = 'answer') {
  return (
    `${marker} ${lead}: the opposing claim assumes that convenience outweighs every other value, ` +
    'but it never shows why that should be true. Evidence from several long studies suggests the ' +
    'opposite effect over time. Even if we grant the premise, the conclusion does not follow, because ' +
    'the costs fall on people who were never asked. A better policy would test the idea first and ' +
    'measure results honestly.'
  );
}

/** The role of the element or of its nearest ancestor with one (null if none). */
export function roleOf(locator) {
  return locator.evaluate((n) => n.closest('[role]')?.getAttribute('role') ?? null);
}

// ---------------------------------------------------------------------------
// The drill.

/** The text of [data-testid=attempt-count]. */
export async function attemptCount(scope) {
  return text(byTestId(scope, 'attempt-count').first());
}

/**
 * Wait until attempt-count reads `n`.
 * @param {{what?: string, timeout?: number}} [opts] `what` names the moment in the failure
 *   message; `timeout` in ms (default harness TIMEOUT)
 */
export async function expectAttemptCount(scope, n, { what = '', timeout } = {}) {
  await until(async () => (await attemptCount(scope)) === String(n), {
    timeout,
    message: `attempt-count to be "${n}"${what ? ` (${what})` : ''}`,
  }).catch(async (err) => {
    throw new Error(`${err.message}; attempt-count text is ${JSON.stringify(await attemptCount(scope).catch(() => '?'))}`);
  });
}

/** The opposing claim (data-claim) of the drill on screen, once it is visible. */
export async function currentClaim(scope) {
  const claim = byTestId(scope, 'opposing-claim').first();
  await claim.waitFor({ state: 'visible' });
  return claim.getAttribute('data-claim');
}

/** Wait for a visible, non-empty [data-testid=feedback]; returns its text. */
export async function waitForFeedback(scope) {
  const feedback = byTestId(scope, 'feedback').first();
  await feedback.waitFor({ state: 'visible' }).catch(async (err) => {
    // A Page or Frame: say what the page shows instead of feedback.
    if (typeof scope.url !== 'function' || typeof scope.evaluate !== 'function') throw err;
    const state = await scope
      .evaluate(() => ({
        url: location.href,
        input: document.querySelector('[data-testid="rebuttal-input"]')?.value?.slice(0, 40),
        submit: !!document.querySelector('[data-testid="submit-rebuttal"]'),
        notices: [...document.querySelectorAll('[data-testid="notice"]')].map((n) => n.innerText),
      }))
      .catch((e) => `(page state unavailable: ${e.message})`);
    throw new Error(`no feedback after submitting: ${err.message.split('\n')[0]}; page: ${JSON.stringify(state)}`);
  });
  return until(async () => (await text(feedback)).length > 0 && (await text(feedback)), {
    message: 'non-empty [data-testid=feedback]',
  });
}

/** The self-rating button for `rating` (1–4). */
export function ratingButton(scope, rating) {
  return byTestId(scope, 'self-rating').first().locator(`[data-rating="${rating}"]`);
}

/**
 * One complete drill: wait for the opposing claim, type `rebuttalText` (fill), submit, wait for
 * the feedback, rate `rating` and wait until that rating shows as chosen.
 * @returns {Promise<{claim: string, feedback: string}>} the claim answered and the feedback text
 */
export async function submitAndRate(scope, rebuttalText, rating = 3) {
  const claim = await currentClaim(scope);
  await byTestId(scope, 'rebuttal-input').first().fill(rebuttalText);
  await byTestId(scope, 'submit-rebuttal').first().click();
  const feedback = await waitForFeedback(scope);
  await ratingButton(scope, rating).click();
  await scope
    .locator(`[data-testid="self-rating"] [data-rating="${rating}"][aria-pressed="true"]`)
    .first()
    .waitFor({ state: 'attached' });
  return { claim, feedback };
}

/** Start the next drill (the previous one must have been submitted): empty input, no feedback, a claim. */
export async function nextDrill(scope) {
  const input = byTestId(scope, 'rebuttal-input').first();
  await byTestId(scope, 'next-drill').first().click();
  await until(async () => (await input.inputValue()) === '' && (await byTestId(scope, 'feedback').count()) === 0, {
    message: 'a new drill after next-drill (empty input, no feedback)',
  });
  await byTestId(scope, 'opposing-claim').first().waitFor({ state: 'visible' });
}

// ---------------------------------------------------------------------------
// Notices and the history view.

/**
 * The visible [data-testid=notice]s, each as {el, text}. The text is the rendered innerText,
 * or with `textContent: true` the whole text content (hidden parts too, no line breaks added).
 */
async function visibleNotices(scope, { textContent = false } = {}) {
  const notices = byTestId(scope, 'notice');
  const found = [];
  const n = await notices.count();
  for (let i = 0; i < n; i++) {
    const el = notices.nth(i);
    if (!(await el.isVisible())) continue;
    found.push({ el, text: textContent ? norm(await el.textContent()) : await text(el) });
  }
  return found;
}

/**
 * Resolve with the first visible notice ({el, text}) whose text satisfies pred; `what` names it
 * in the failure message. `opts.textContent` as for visibleNotices.
 */
export async function waitForNotice(scope, pred, what, opts = {}) {
  let texts = [];
  try {
    return await until(
      async () => {
        const notices = await visibleNotices(scope, opts);
        texts = notices.map((n) => n.text);
        return notices.find((n) => pred(n.text)) ?? null;
      },
      { message: what },
    );
  } catch (err) {
    throw new Error(`${err.message}; visible notices: ${JSON.stringify(texts)}`);
  }
}

/** Open the history view (with its header toggle, unless it is shown already); returns it. */
export async function openHistory(page) {
  const history = byTestId(page, 'history').first();
  if (!(await history.isVisible().catch(() => false))) await byTestId(page, 'open-history').first().click();
  await history.waitFor({ state: 'visible' });
  return history;
}

/** Close the history view with its header toggle, and wait until it is gone. */
export async function closeHistory(page) {
  if (await byTestId(page, 'history').first().isVisible()) await byTestId(page, 'open-history').first().click();
  await byTestId(page, 'history').first().waitFor({ state: 'detached' });
}

// ---------------------------------------------------------------------------
// Accessibility.

/** Let CSS transitions and re-renders finish (two animation frames, then 300 ms). */
export async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300);
}

/** settle(), then assert that axe-core finds no WCAG 2.0/2.1 A or AA violation; `state` names the moment. */
export async function expectNoAxeViolations(page, state) {
  await settle(page);
  const { violations, summary } = await runAxe(page);
  assert.equal(
    violations.length,
    0,
    `axe found ${violations.length} WCAG 2.1 A/AA violation(s) in state "${state}":\n${summary}`,
  );
}

/**
 * Where the app keeps its stored rows (src/web/storage.rs): IndexedDB "debate-drill", store
 * "histories", one value per storage namespace (the text of core::records::encode); rows of an
 * older version, or that the database refused, in localStorage under debate-drill:v1:<ns>:history.
 * Read in `page` (same origin as the app).
 * @returns {Promise<{database: Object<string, object>, local: Object<string, object>}>} the
 *   parsed stored value of each namespace, in the database and in localStorage
 */
export function storedHistories(page) {
  return page.evaluate(async () => {
    const local = {};
    for (const key of Object.keys(localStorage)) {
      const match = /^debate-drill:v1:(.*):history$/.exec(key);
      if (match) local[match[1]] = JSON.parse(localStorage.getItem(key));
    }
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('debate-drill');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const database = {};
    if (db.objectStoreNames.contains('histories')) {
      const store = db.transaction('histories').objectStore('histories');
      const [keys, values] = await Promise.all(
        [store.getAllKeys(), store.getAll()].map(
          (request) =>
            new Promise((resolve, reject) => {
              request.onsuccess = () => resolve(request.result);
              request.onerror = () => reject(request.error);
            }),
        ),
      );
      keys.forEach((key, i) => {
        database[key] = JSON.parse(values[i]);
      });
    }
    db.close();
    return { database, local };
  });
}

/** The stored rows of namespace `ns` (see `storedHistories`), from both places. */
export async function storedRows(page, ns = 'default') {
  const { database, local } = await storedHistories(page);
  return [...(database[ns]?.a ?? []), ...(local[ns]?.a ?? [])];
}
