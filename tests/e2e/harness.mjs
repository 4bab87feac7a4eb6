// Helpers for the end-to-end tests (node --test tests/e2e/).
//
// Tests talk to the app only through its public test hooks (data-testid
// attributes, query parameters), never through CSS classes or markup shape.

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/static-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const DIST_DIR = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const AXE_PATH = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** Default Playwright timeout (ms) for actions and waits. */
export const TIMEOUT = Number(process.env.E2E_TIMEOUT ?? 15_000);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--no-default-browser-check',
];

/**
 * Serve `dir` (default dist/) on a random free port of 127.0.0.1.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startServer(dir = DIST_DIR) {
  const index = await stat(path.join(dir, 'index.html')).catch(() => null);
  if (!index) {
    throw new Error(
      `${path.join(dir, 'index.html')} not found: build the app first (trunk build --release --offline, or scripts/test)`,
    );
  }
  const { url, close } = await serve(dir, { port: 0, host: '127.0.0.1' });
  return { url, close };
}

/**
 * Launch Debian's Chromium through playwright-core (never a downloaded browser),
 * headless, with networking side channels disabled and a fresh temporary
 * user-data dir. `newContext()` gives an isolated context (fresh storage) per test;
 * pass the server URL as `baseURL` so openApp() can navigate relative to it.
 * @param {{baseURL?: string}} [defaults] options applied to every newContext()
 * @returns {Promise<{browser: import('playwright-core').Browser,
 *   newContext: (opts?: object) => Promise<import('playwright-core').BrowserContext>,
 *   close: () => Promise<void>}>}
 */
export async function launchBrowser(defaults = {}) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'debate-drill-e2e-'));
  // Playwright refuses --user-data-dir with launch(); a persistent context on a
  // fresh temp dir is the supported way. Extra isolated contexts come from the
  // same browser process via browser.newContext().
  const persistent = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  const browser = persistent.browser();
  if (!browser) throw new Error('playwright-core returned no Browser for the persistent context');
  const contexts = new Set();
  return {
    browser,
    async newContext(opts = {}) {
      const context = await browser.newContext({ ...defaults, ...opts });
      context.setDefaultTimeout(TIMEOUT);
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      return context;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await persistent.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

const diagnostics = new WeakMap();

/** Console errors and uncaught page errors seen on `page` (for failure messages). */
export function pageProblems(page) {
  return diagnostics.get(page) ?? [];
}

function watchPage(page) {
  const problems = [];
  diagnostics.set(page, problems);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('crash', () => problems.push('page crashed'));
  return page;
}

/** Locator for the element(s) with data-testid=id (pierces open shadow roots). */
export function byTestId(page, id) {
  return page.locator(`[data-testid="${id}"]`);
}

/**
 * Open index.html?query in a new page of `context` (created with a baseURL,
 * see launchBrowser) and wait until the widget root `[data-testid=drill-ready]`
 * is there.
 * @param {string} [query] e.g. 'seed=42&essay=001' (leading '?' optional)
 * @param {{before?: (page) => Promise<void>}} [opts] hook run before navigation
 */
export async function openApp(context, query = '', opts = {}) {
  const page = watchPage(await context.newPage());
  if (opts.before) await opts.before(page);
  const q = String(query).replace(/^\?/, '');
  const target = q ? `index.html?${q}` : 'index.html';
  await page.goto(target, { waitUntil: 'load' });
  try {
    await byTestId(page, 'drill-ready').first().waitFor({ state: 'attached' });
  } catch (err) {
    throw new Error(
      `[data-testid=drill-ready] did not appear on ${page.url()}: ${err.message}` + problemsText(page),
    );
  }
  return page;
}

/** Reload `page` and wait for drill-ready again. */
export async function reloadApp(page) {
  await page.reload({ waitUntil: 'load' });
  await byTestId(page, 'drill-ready').first().waitFor({ state: 'attached' });
  return page;
}

export function problemsText(page) {
  const p = pageProblems(page);
  return p.length ? `\npage problems:\n  ${p.join('\n  ')}` : '';
}

/**
 * Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page.
 * @returns {Promise<{violations: object[], summary: string}>} summary is '' when clean
 */
export async function runAxe(page) {
  const hasAxe = () => page.evaluate(() => typeof window.axe?.run === 'function');
  if (!(await hasAxe())) {
    await page.addScriptTag({ path: AXE_PATH }).catch(() => {});
  }
  if (!(await hasAxe())) {
    // A Content-Security-Policy without 'unsafe-inline' blocks the injected
    // <script>; evaluate the same file through the DevTools protocol instead.
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(AXE_PATH, 'utf8');
    await page.evaluate(source);
  }
  if (!(await hasAxe())) throw new Error('could not inject axe-core into the page');
  const results = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target,
        html: n.html,
        failureSummary: n.failureSummary,
      })),
    }));
  });
  return { violations: results, summary: formatViolations(results) };
}

export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map(
          (n) =>
            `    - ${JSON.stringify(n.target)}: ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
        )
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    ... and ${v.nodes.length - 5} more` : '';
      return `  * ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

/**
 * Record every request URL made from now on (page, workers, websockets).
 * @returns {{urls: string[], stop: () => string[]}}
 */
export function collectRequests(page) {
  const urls = [];
  const requests = [];
  const context = page.context();
  const onRequest = (req) => {
    urls.push(`${req.method()} ${req.url()}`);
    requests.push(req);
  };
  const onSocket = (ws) => urls.push(`WEBSOCKET ${ws.url()}`);
  context.on('request', onRequest);
  page.on('websocket', onSocket);
  return {
    urls,
    /** The requests themselves (Playwright `Request`s), in the order made. */
    requests,
    stop() {
      context.off('request', onRequest);
      page.off('websocket', onSocket);
      return urls;
    },
  };
}

/**
 * data-testid of document.activeElement's nearest tagged ancestor-or-self,
 * looking through (open) shadow roots. Returns null if nothing tagged has focus.
 */
export function activeTestIds(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    const ids = [];
    for (let n = el; n; ) {
      if (n.nodeType === 1 && n.hasAttribute('data-testid')) ids.push(n.getAttribute('data-testid'));
      n = n.parentNode ?? null;
      if (n && n.nodeType === 11 && n.host) n = n.host; // leave a shadow root
    }
    return ids;
  });
}

/**
 * Press Tab until the focused element has data-testid=testid or is inside it.
 * Falls back to Shift+Tab if Tab alone never gets there. Keyboard only.
 */
export async function tabTo(page, testid, max = 60) {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < max; i++) {
      if ((await activeTestIds(page)).includes(testid)) return;
      await page.keyboard.press(key);
    }
    if ((await activeTestIds(page)).includes(testid)) return;
  }
  throw new Error(
    `could not reach [data-testid=${testid}] with Tab/Shift+Tab in ${max} presses each; focus is on ${JSON.stringify(await activeTestIds(page))}`,
  );
}

/** Poll `fn` until it returns a truthy value (returned) or time runs out. */
export async function until(fn, { timeout = TIMEOUT, interval = 50, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${message} (last: ${last})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

// ---------------------------------------------------------------------------
// Installable, offline app (service worker, manifest): helpers for pwa.test.mjs.

/**
 * A private copy of `dir` (default dist/) in a temporary directory, so a test can publish a
 * "new build" in it without touching dist/. Remove it with `rm(copy, {recursive: true})`.
 * @returns {Promise<string>} the copy's path
 */
export async function copyBuild(dir = DIST_DIR) {
  const { cp } = await import('node:fs/promises');
  const copy = await mkdtemp(path.join(tmpdir(), 'debate-drill-site-'));
  await cp(dir, copy, { recursive: true });
  return copy;
}

/**
 * Publish a new build in `dir` (a copy from copyBuild): add an HTML comment with `label` to
 * index.html, then run the build's own generator (scripts/precache.mjs) on the directory, as
 * Trunk's post_build hook does. Returns the new cache version written into sw.js.
 */
export async function publishBuild(dir, label) {
  const { readFile, writeFile } = await import('node:fs/promises');
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const index = path.join(dir, 'index.html');
  const html = await readFile(index, 'utf8');
  await writeFile(index, html.replace('</body>', `<!-- ${label} -->\n</body>`));
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'precache.mjs'), dir]);
  return swVersion(dir);
}

/** The cache version and precache list written into `dir`/sw.js by scripts/precache.mjs. */
export async function swVersion(dir) {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(path.join(dir, 'sw.js'), 'utf8');
  const version = source.match(/^const VERSION = (.*);$/m);
  if (!version) throw new Error(`${dir}/sw.js has no VERSION line`);
  return JSON.parse(version[1]);
}

/** The precache list written into `dir`/sw.js. */
export async function swPrecache(dir) {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(path.join(dir, 'sw.js'), 'utf8');
  const list = source.match(/^const PRECACHE = (.*);$/m);
  if (!list) throw new Error(`${dir}/sw.js has no PRECACHE line`);
  return JSON.parse(list[1]);
}

/**
 * Wait until the page's service worker is installed and activated (everything precached).
 * @returns {Promise<string>} the active worker's script URL
 */
export async function waitForOfflineInstall(page, timeout = TIMEOUT) {
  return page.evaluate(
    (ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no activated service worker after ${ms} ms`)), ms);
        navigator.serviceWorker.ready.then((registration) => {
          const worker = registration.active;
          const done = () => {
            clearTimeout(timer);
            resolve(worker.scriptURL);
          };
          if (worker.state === 'activated') return done();
          worker.addEventListener('statechange', () => worker.state === 'activated' && done());
        }, reject);
      }),
    timeout,
  );
}

/** Names of this origin's caches (CacheStorage), as the page sees them. */
export function cacheNames(page) {
  return page.evaluate(() => caches.keys());
}

/** Chrome's installability errors for `page` (Page.getInstallabilityErrors over CDP). */
export async function installabilityErrors(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { installabilityErrors: errors } = await cdp.send('Page.getInstallabilityErrors');
    return errors;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** The page's web app manifest as Chrome parsed it (Page.getAppManifest): {url, errors, data}. */
export async function appManifest(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await cdp.send('Page.getAppManifest');
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * A persistent (not incognito) Chromium context on a fresh profile. Chrome reports every page
 * of an incognito context (browser.newContext()) as not installable ("in-incognito"), so the
 * installability check needs this one.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, close: () => Promise<void>}>}
 */
export async function launchPersistentContext(opts = {}) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'debate-drill-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    ...opts,
  });
  context.setDefaultTimeout(TIMEOUT);
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

// ---------------------------------------------------------------------------
// Embedding (<debate-drill>, iframe mode, strict Content-Security-Policy): helpers for
// embed.test.mjs.

/** The strict policy the release build runs under (docs/embedding.md). */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";

/**
 * Open `target` (relative to the context's baseURL, any page of the build) in a new page that
 * records console errors (pageProblems) and, in every frame, Content-Security-Policy violations
 * (cspViolations). `opts.before(page)` runs before navigation.
 */
export async function openPage(context, target, opts = {}) {
  const page = watchPage(await context.newPage());
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (event) =>
        window.__cspViolations.push({
          directive: event.effectiveDirective,
          blocked: event.blockedURI,
          source: `${event.sourceFile}:${event.lineNumber}`,
          sample: event.sample,
        }),
      true,
    );
  });
  if (opts.before) await opts.before(page);
  await page.goto(target, { waitUntil: 'load' });
  return page;
}

/** Content-Security-Policy violations seen so far in `page` and its frames (see openPage). */
export async function cspViolations(page) {
  const all = [];
  for (const frame of page.frames()) {
    const seen = await frame.evaluate(() => window.__cspViolations ?? []).catch(() => []);
    all.push(...seen.map((violation) => ({ frame: frame.url(), ...violation })));
  }
  return all;
}
