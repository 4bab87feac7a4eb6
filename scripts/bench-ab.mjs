#!/usr/bin/env node
// A/B start-up of two or more built copies of the app (or any page with a
// [data-testid=drill-ready] element): cold loads alternated round by round, so that drift in the
// machine's speed hits every build alike, each timed as `scripts/bench` times start-up (CPU 4x,
// navigation start to drill-ready).
//
//   node scripts/bench-ab.mjs [--runs N] DIR_A DIR_B [DIR_C ...]     (default 41 rounds)
//
// Prints each build's p25, median and p75, and for each build after the first the median of its
// per-round ratios to the first (a paired figure: a slow moment slows both loads of a round).
// A build to compare is made by copying dist/ aside before a change: `cp -r dist /tmp/before`.
// Diagnostic only, not a budget: docs/performance.md says what its figures have decided.

import { launchBrowser, startServer } from '../tests/e2e/harness.mjs';
import { measureLoad } from './bench-history.mjs';

const args = process.argv.slice(2);
let runs = 41;
const runsAt = args.indexOf('--runs');
if (runsAt !== -1) {
  runs = Number(args[runsAt + 1]);
  args.splice(runsAt, 2);
}
if (!Number.isInteger(runs) || runs < 1 || args.length < 2) {
  console.error('usage: node scripts/bench-ab.mjs [--runs N] DIR_A DIR_B [DIR_C ...]');
  process.exit(2);
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
};

const servers = await Promise.all(args.map((dir) => startServer(dir)));
const { newContext, close } = await launchBrowser();
try {
  const builds = [];
  for (const [index, server] of servers.entries()) {
    const context = await newContext({ baseURL: server.url, serviceWorkers: 'block' });
    await measureLoad(context); // untimed: the first load of a context starts its renderer
    builds.push({ dir: args[index], context, samples: [] });
  }
  for (let round = 0; round < runs; round++) {
    // Rotate the order each round, so no build always loads first.
    for (let k = 0; k < builds.length; k++) {
      const build = builds[(k + round) % builds.length];
      build.samples.push(await measureLoad(build.context));
    }
  }
  const [first] = builds;
  for (const build of builds) {
    const [p25, median, p75] = [0.25, 0.5, 0.75].map((q) => quantile(build.samples, q).toFixed(0));
    const paired =
      build === first ? '' : `, paired ratio to the first ${quantile(build.samples.map((ms, i) => ms / first.samples[i]), 0.5).toFixed(2)}`;
    console.log(`${build.dir}: p25 ${p25} ms, median ${median} ms, p75 ${p75} ms (${runs} loads)${paired}`);
  }
} finally {
  await close();
  await Promise.all(servers.map((server) => server.close()));
}
