// A headless Chromium driven over a bare DevTools protocol pipe, for the benchmark's timed loads.
//
// Playwright enables the Runtime and Network domains (and more) in every page it opens. No user
// has DevTools attached, and with the Runtime domain on, V8 collects source positions for the
// page's script while it runs (re-parsing it): in traces of the app's start the module's
// evaluation took 14-16 ms instead of 6-7, `V8.CollectSourcePositions` 6-8 ms instead of 0.1-0.6
// (docs/performance.md, "Start-up"). The app's script is larger than the minimal Yew app's, so the
// instrumentation slowed the app more and inflated the start-up ratio. Pages opened here get only
// what a measurement needs: Emulation (CPU throttling), Page (the probe script, navigation), and
// Runtime.evaluate calls without Runtime.enable.
//
//   const browser = await launchCdpBrowser();
//   const context = await browser.newContext({ baseURL });   // its own storage, like an incognito window
//   const page = await context.newPage();                    // a Playwright-like subset, see `Page`
//   await page.goto('index.html'); await page.evaluate((x) => x + 1, 1); await page.close();
//   await browser.close();

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/harness.mjs';

/** Launches Chromium with `--remote-debugging-pipe` and a fresh user-data dir. */
export async function launchCdpBrowser() {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'debate-drill-cdp-'));
  const child = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const connection = new Connection(child.stdio[3], child.stdio[4]);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('exit', (code) => connection.fail(new Error(`Chromium exited (code ${code})`)));
  const { product } = await connection.send('Browser.getVersion');
  return {
    version: product.replace(/^HeadlessChrome\//, ''),
    /**
     * The trace events of every process while `run()` runs: Tracing over the browser's own
     * session, with `categories` (scripts/start-trace.mjs).
     */
    async trace(categories, run) {
      const events = [];
      const collected = connection.on('Tracing.dataCollected', ({ value }) => events.push(...value));
      let complete;
      const completed = new Promise((resolve) => {
        complete = connection.on('Tracing.tracingComplete', resolve);
      });
      try {
        await connection.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
        try {
          await run();
        } finally {
          await connection.send('Tracing.end');
          await completed;
        }
      } finally {
        collected();
        complete();
      }
      return events;
    },
    async newContext({ baseURL } = {}) {
      const { browserContextId } = await connection.send('Target.createBrowserContext', { disposeOnDetach: true });
      return new Context(connection, browserContextId, baseURL);
    },
    async close() {
      await connection.send('Browser.close').catch(() => {});
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      child.kill();
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    },
  };
}

/** Messages over the pipe: JSON, each ended by a NUL byte. */
class Connection {
  #out;
  #nextId = 1;
  #pending = new Map();
  #buffer = '';
  #error = null;
  #listeners = new Map();

  constructor(out, input) {
    this.#out = out;
    input.setEncoding('utf8');
    input.on('data', (chunk) => {
      this.#buffer += chunk;
      let end;
      while ((end = this.#buffer.indexOf('\0')) !== -1) {
        const message = JSON.parse(this.#buffer.slice(0, end));
        this.#buffer = this.#buffer.slice(end + 1);
        if (message.id === undefined) {
          for (const listener of this.#listeners.get(message.method) ?? []) listener(message.params, message.sessionId);
          continue;
        }
        const waiting = this.#pending.get(message.id);
        if (!waiting) continue;
        this.#pending.delete(message.id);
        if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
        else waiting.resolve(message.result);
      }
    });
  }

  send(method, params = {}, sessionId = undefined) {
    if (this.#error) return Promise.reject(this.#error);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, method });
      this.#out.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  /** Calls `listener(params, sessionId)` for every `method` event; returns what stops it. */
  on(method, listener) {
    const listeners = this.#listeners.get(method) ?? new Set();
    this.#listeners.set(method, listeners.add(listener));
    return () => listeners.delete(listener);
  }

  fail(error) {
    this.#error = error;
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}

class Context {
  constructor(connection, id, baseURL) {
    this.connection = connection;
    this.id = id;
    this.baseURL = baseURL;
  }

  /** A new tab in this context, attached, with Page enabled (nothing else). */
  async newPage() {
    const { targetId } = await this.connection.send('Target.createTarget', { url: 'about:blank', browserContextId: this.id });
    const { sessionId } = await this.connection.send('Target.attachToTarget', { targetId, flatten: true });
    const page = new Page(this, targetId, sessionId);
    await page.send('Page.enable');
    return page;
  }

  async close() {
    await this.connection.send('Target.disposeBrowserContext', { browserContextId: this.id }).catch(() => {});
  }
}

/** The subset of Playwright's Page the benchmark's seeding uses, over bare CDP. */
class Page {
  constructor(context, targetId, sessionId) {
    this.context = context;
    this.targetId = targetId;
    this.sessionId = sessionId;
  }

  send(method, params = {}) {
    return this.context.connection.send(method, params, this.sessionId);
  }

  /** Navigates to `url` (relative to the context's baseURL); with `waitUntil: 'load'`, until the page has loaded. */
  async goto(url, { waitUntil = 'load', timeout = 60_000 } = {}) {
    const { errorText } = await this.send('Page.navigate', { url: new URL(url, this.context.baseURL).href });
    if (errorText) throw new Error(`navigation to ${url} failed: ${errorText}`);
    if (waitUntil === 'load') await this.waitForFunction(() => document.readyState === 'complete', undefined, { timeout });
  }

  /** The value of `fn(arg)` in the page (awaited; `arg` and the value go through JSON). */
  async evaluate(fn, arg) {
    const expression = `(${fn})(${arg === undefined ? '' : JSON.stringify(arg)})`;
    return this.evaluateExpression(expression, { awaitPromise: true });
  }

  async evaluateExpression(expression, { awaitPromise = false } = {}) {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, awaitPromise, returnByValue: true });
    if (exceptionDetails) {
      throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    }
    return result.value;
  }

  /** Polls `fn(arg)` until it is truthy, and returns it. */
  async waitForFunction(fn, arg, { timeout = 30_000, polling = 100 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      // Before the first document commits, or during a navigation, evaluation can fail: poll on.
      const value = await this.evaluate(fn, arg).catch(() => undefined);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${String(fn).slice(0, 120)}`);
      await new Promise((resolve) => setTimeout(resolve, polling));
    }
  }

  async close() {
    await this.context.connection.send('Target.closeTarget', { targetId: this.targetId }).catch(() => {});
  }
}
