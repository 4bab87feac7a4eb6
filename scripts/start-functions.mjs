#!/usr/bin/env node
// How many of the main module's functions a start runs before the drill is on screen, and how
// many bytes of code they are: V8 compiles each WebAssembly function on its first call, so these
// are what a start compiles on the main thread (docs/performance.md, "Start-up"). Unlike the
// timings they are exact. Neither alone predicts the time: LLVM's inlining threshold at 50 ran
// 42 % fewer functions of the same bytes, and alternated loads put its gain at 0-11 %.
//
//   node scripts/start-functions.mjs        (after a release build: dist/ and target/wasm-split/)
//
// A scratch copy of dist/ gets the main module with `wasm-opt --log-execution` (a call to an
// import at every function entry and loop), the page's script gives that import a recorder, and one
// load in headless Chromium reports the ids recorded by the time [data-testid=drill-ready] is
// there. Diagnostic only: not a test, not a budget.

import { execFile as execFileCb } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { launchBrowser, startServer } from '../tests/e2e/harness.mjs';
import { WASM_OPT } from './split-wasm.mjs';

const execFile = promisify(execFileCb);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');

const dist = path.join(ROOT, 'dist');
const before = path.join(ROOT, 'target', 'wasm-split', 'release', 'main_bg.wasm');
const work = await mkdtemp(path.join(tmpdir(), 'debate-drill-start-functions-'));
try {
  const copy = path.join(work, 'dist');
  await cp(dist, copy, { recursive: true });
  const files = await readdir(copy);
  const wasm = files.find((file) => /^debate-drill-[0-9a-f]+_bg\.wasm$/.test(file));
  if (!wasm) throw new Error(`no main module in ${dist}: build the release first (trunk build --release --offline)`);
  // The page's one script (scripts/page-bundle.mjs), which has the wasm-bindgen JS built in.
  const page = (await readFile(path.join(copy, 'index.html'), 'utf8')).match(/<script type="module" src="\.\/([^"]+)"/)?.[1];
  if (!page) throw new Error(`${dist}/index.html loads no script`);

  // The shipped optimisation first, then the instrumentation, so the functions are the shipped ones.
  const optimised = path.join(work, 'optimised.wasm');
  await execFile(path.join(BIN, 'wasm-opt'), [...WASM_OPT, before, '-o', optimised]);
  await execFile(path.join(BIN, 'wasm-opt'), [optimised, '--log-execution', '-o', path.join(copy, wasm)]);
  const glue = await readFile(path.join(copy, page), 'utf8');
  const marker = /const import0 = \{\n\s*__proto__: null,/;
  if (!marker.test(glue)) throw new Error(`${page} does not have the imports object this script expects`);
  await writeFile(
    path.join(copy, page),
    glue.replace(marker, (found) => `${found}\n    log_execution: (id) => { (globalThis.__startIds ??= new Set()).add(id); },`),
  );

  // Which function each id is in: the text form lists the functions in order.
  const wat = path.join(work, 'main.wat');
  await execFile(path.join(BIN, 'wasm-dis'), [path.join(copy, wasm), '-o', wat], { maxBuffer: 1 << 28 });
  const text = await readFile(wat, 'utf8');
  const logger = text.match(/\(import "[^"]*" "log_execution" \(func \$(\S+)/)?.[1];
  if (!logger) throw new Error('the instrumented module imports no log_execution');
  const bodies = text.split('\n (func ').slice(1);
  const functionOf = new Map();
  const call = new RegExp(`call \\$${logger.replace(/[$]/g, '\\$')}\\s*\\(i32\\.const (\\d+)\\)`, 'g');
  bodies.forEach((body, index) => {
    for (const found of body.matchAll(call)) functionOf.set(Number(found[1]), index);
  });

  const server = await startServer(copy);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'block' });
    const page = await context.newPage();
    // CPU 4x slower, as the benchmark's start-up: Yew's scheduler yields to the browser once a
    // render has run 16 ms, so the effects then run after drill-ready, as they do there. Without
    // throttling a fast start sometimes ran them first (38 more functions).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (!window.__startRun && document.querySelector('[data-testid=drill-ready]')) {
          window.__startRun = [...(globalThis.__startIds ?? [])];
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto('index.html');
    await page.waitForFunction(() => window.__startRun, null, { timeout: 30_000 });
    const ids = await page.evaluate(() => window.__startRun);
    const run = new Set(ids.map((id) => functionOf.get(id)).filter((index) => index !== undefined));
    const sizes = functionSizes(await readFile(optimised));
    const bytes = (indices) => [...indices].reduce((sum, index) => sum + (sizes[index] ?? 0), 0);
    console.log(`functions run before drill-ready: ${run.size} of ${bodies.length} in the main module`);
    console.log(`their code: ${bytes(run).toLocaleString('en')} of ${bytes(sizes.keys()).toLocaleString('en')} bytes`);
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

/** The body size in bytes of each function defined in a WebAssembly module, in index order. */
function functionSizes(module) {
  let at = 8; // magic and version
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = module[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < module.length) {
    const section = module[at++];
    const length = leb();
    const end = at + length;
    if (section === 10) {
      const sizes = [];
      for (let count = leb(); count > 0; count--) {
        const size = leb();
        sizes.push(size);
        at += size;
      }
      return sizes;
    }
    at = end;
  }
  throw new Error('the module has no code section');
}
