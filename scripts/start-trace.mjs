#!/usr/bin/env node
// Where a start's main-thread time goes: traces cold loads of the app and of the minimal Yew app
// (as `scripts/bench` times them: bare CDP, CPU 4x, no cache, no service worker) and sums, per
// kind of work, the renderer main thread's time from navigation start to drill-ready.
//
//   node scripts/start-trace.mjs [--loads N] [DIR ...]
//
// Default directories: dist/ and the minimal app's target/bench-minimal/dist/ (built by
// `scripts/bench`), 8 traced loads each after an untimed one, alternated. Prints the median of
// each figure and, for two directories, the first's minus the second's. Tracing slows
// the page, so the times are longer than `scripts/bench`'s; the rows are for comparing.
// Diagnostic only, not a budget: docs/performance.md says what its figures showed.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternateLoads, measureLoad, openBuilds, readyProbe, summarize, takeCount } from './bench-history.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.wasm',
  'disabled-by-default-v8.compile',
  'disabled-by-default-v8.wasm.detailed',
  'blink.user_timing',
  'blink',
  'loading',
];

/** What each row sums: the union of these events' intervals on the page's main thread. */
export const ROWS = [
  ['main thread busy (tasks)', ['RunTask']],
  ['new document (navigation commit)', ['DocumentLoader::CommitNavigation']],
  ['HTML parsing', ['ParseHTML']],
  ['CSS parsing', ['CSSParserImpl::parseStyleSheet']],
  ['style recalculation', ['UpdateLayoutTree']],
  ['frames (style, layout, paint)', ['WebFrameWidgetImpl::UpdateLifecycle']],
  ['JS compilation', ['v8.compile', 'V8.CompileCode', 'v8.compileModule']],
  ['JS module evaluation', ['v8.evaluateModule']],
  ['WASM streaming compile (main thread part)', ['v8.wasm.compileConsume', 'v8.wasm.compileConsumeDone']],
  ['WASM instantiation', ['wasm.InstanceBuilder.Build']],
  ['running script (JS and WASM, from tasks)', ['v8.callFunction', 'v8.evaluateModule']],
  ['  of which WASM lazy compilation', ['wasm.CompileLazy']],
  ['    of which Liftoff code generation', ['wasm.CompileBaseline']],
];

/**
 * Milliseconds of [start, stop] covered by the events (microsecond `ts`/`dur`), overlaps counted
 * once: the task during which drill-ready appears counts up to that moment.
 */
function covered(events, start, stop) {
  const sorted = [...events].sort((a, b) => a.ts - b.ts);
  let total = 0;
  let end = start;
  for (const event of sorted) {
    const from = Math.max(event.ts, end);
    const to = Math.min(event.ts + event.dur, stop);
    if (to > from) total += to - from;
    end = Math.max(end, to);
  }
  return total / 1000;
}

/** One traced load's figures: the rows, the time to drill-ready and the functions compiled lazily. */
export function startFigures(events) {
  const ready = events.find((event) => event.name === 'drill-ready' && event.cat?.includes('blink.user_timing'));
  if (!ready) throw new Error('the trace has no drill-ready mark');
  const { pid, tid } = ready;
  const navigation = Math.max(
    ...events.filter((event) => event.pid === pid && event.name === 'navigationStart' && event.ts <= ready.ts).map((event) => event.ts),
  );
  if (!Number.isFinite(navigation)) throw new Error('the trace has no navigationStart before drill-ready');
  const main = events.filter(
    (event) => event.pid === pid && event.tid === tid && event.ph === 'X' && event.ts + event.dur >= navigation && event.ts <= ready.ts,
  );
  const figures = { 'navigation → drill-ready': (ready.ts - navigation) / 1000 };
  for (const [label, names] of ROWS) {
    figures[label] = covered(main.filter((event) => names.includes(event.name)), navigation, ready.ts);
  }
  figures['WASM functions compiled lazily'] = main.filter((event) => event.name === 'wasm.CompileLazy' && event.ts >= navigation).length;
  return figures;
}

async function main() {
  const args = process.argv.slice(2);
  const loads = takeCount(args, '--loads', 8);
  if (loads === null) {
    console.error('usage: node scripts/start-trace.mjs [--loads N] [DIR ...]');
    process.exit(2);
  }
  const dirs = args.length ? args : [path.join(ROOT, 'dist'), path.join(ROOT, 'target', 'bench-minimal', 'dist')];
  const { browser, contexts, close } = await openBuilds(dirs);
  try {
    const probe = readyProbe({ traceMark: true });
    const tracedLoad = async (context) => startFigures(await browser.trace(TRACE_CATEGORIES, () => measureLoad(context, { probe })));
    const figures = await alternateLoads(contexts, loads, { load: tracedLoad });
    const labels = Object.keys(figures[0][0]);
    const medians = figures.map((rows) => Object.fromEntries(labels.map((label) => [label, summarize(rows.map((row) => row[label])).median])));
    const names = dirs.map((dir) => path.relative(ROOT, dir) || dir);
    const width = Math.max(...labels.map((label) => label.length));
    const header = [''.padEnd(width), ...names.map((name) => name.padStart(14))];
    if (dirs.length === 2) header.push('difference'.padStart(12));
    console.log(`medians of ${loads} traced loads each, ms on the page's main thread (CPU 4x)`);
    console.log(header.join('  '));
    for (const label of labels) {
      const values = medians.map((row) => row[label]);
      const cells = values.map((value) => (Number.isInteger(value) ? String(value) : value.toFixed(1)).padStart(14));
      if (dirs.length === 2) cells.push((values[0] - values[1]).toFixed(1).padStart(12));
      console.log([label.padEnd(width), ...cells].join('  '));
    }
  } finally {
    await close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
