#!/usr/bin/env node
// A/B start-up of two or more built copies of the app (or any page with a
// [data-testid=drill-ready] element): cold loads alternated round by round, so that drift in the
// machine's speed hits every build alike, each timed as `scripts/bench` times start-up (CPU 4x,
// navigation start to drill-ready).
//
//   node scripts/bench-ab.mjs [--runs N] DIR_A DIR_B [DIR_C ...]     (default 41 rounds)
//
// Prints each build's median, p90, min and max, as `scripts/bench` does, and for each build after
// the first the median of its per-round ratios to the first (a paired figure: a slow moment slows
// both loads of a round), with a 95 % interval from the rounds resampled (`pairedRatioInterval`):
// an interval that holds 1 has not shown a difference.
// A build to compare is made by copying dist/ aside before a change: `cp -r dist /tmp/before`.
// Diagnostic only, not a budget: docs/performance.md says what its figures have decided.

import { alternateLoads, openBuilds, pairedRatioInterval, summarize, takeCount } from './bench-history.mjs';

const args = process.argv.slice(2);
const runs = takeCount(args, '--runs', 41);
if (runs === null || args.length < 2) {
  console.error('usage: node scripts/bench-ab.mjs [--runs N] DIR_A DIR_B [DIR_C ...]');
  process.exit(2);
}

const { contexts, close } = await openBuilds(args);
try {
  const samples = await alternateLoads(contexts, runs);
  const ms = (value) => `${value.toFixed(0)} ms`;
  samples.forEach((loads, k) => {
    const { median, p90, min, max } = summarize(loads);
    let paired = '';
    if (k > 0) {
      const ratio = summarize(loads.map((load, i) => load / samples[0][i])).median;
      const { low, high } = pairedRatioInterval(loads, samples[0]);
      paired = `, paired ratio to the first ${ratio.toFixed(2)} (95 % ${low.toFixed(2)}-${high.toFixed(2)})`;
    }
    console.log(`${args[k]}: median ${ms(median)}, p90 ${ms(p90)}, min ${ms(min)}, max ${ms(max)} (${runs} loads)${paired}`);
  });
} finally {
  await close();
}
