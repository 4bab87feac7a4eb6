// The benchmark's intervals (scripts/bench-history.mjs): what `scripts/bench` and
// `scripts/bench-ab.mjs` print beside a start-up ratio; and how its diagnostics read their
// options. No browser needed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { medianRatioInterval, pairedRatioInterval, roundsInterval, summarize, takeCount } from '../../scripts/bench-history.mjs';

/** Load times with round-to-round drift and noise, from a fixed formula (no randomness). */
function loads(base, rounds, phase) {
  return Array.from({ length: rounds }, (_, i) => base * (1 + 0.2 * Math.sin(i * 1.7 + phase)) + 15 * Math.cos(i * 3.1));
}

test('a ratio of equal or proportional series has a zero-width interval', () => {
  const app = loads(270, 41, 0);
  assert.deepEqual(medianRatioInterval(app, app), { low: 1, high: 1 });
  assert.deepEqual(pairedRatioInterval(app, app), { low: 1, high: 1 });
  const half = app.map((ms) => ms / 2);
  assert.deepEqual(medianRatioInterval(half, app), { low: 0.5, high: 0.5 });
  assert.deepEqual(pairedRatioInterval(half, app), { low: 0.5, high: 0.5 });
});

test('the interval holds the figure, is seeded, and narrows with more rounds', () => {
  const app = loads(270, 41, 0);
  const minimal = loads(180, 41, 2);
  const figure = summarize(app).median / summarize(minimal).median;
  const interval = medianRatioInterval(app, minimal);
  assert.ok(interval.low < figure && figure < interval.high, `${JSON.stringify(interval)} around ${figure}`);
  assert.deepEqual(medianRatioInterval(app, minimal), interval, 'the same samples give the same interval');
  assert.notDeepEqual(medianRatioInterval(app, minimal, { seed: 7 }), interval, 'another seed resamples differently');
  const few = medianRatioInterval(app.slice(0, 11), minimal.slice(0, 11));
  const many = medianRatioInterval(loads(270, 161, 0), loads(180, 161, 2));
  assert.ok(many.high - many.low < few.high - few.low, `161 rounds ${JSON.stringify(many)}, 11 rounds ${JSON.stringify(few)}`);
});

test('rounds are resampled whole, and no rounds give no interval', () => {
  // Figures that only read round indices: every resample draws indices from 0 to n - 1.
  const seen = new Set();
  roundsInterval(5, (rounds) => {
    for (const round of rounds) seen.add(round);
    assert.equal(rounds.length, 5);
    return 0;
  });
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4]);
  const none = roundsInterval(0, () => 1);
  assert.ok(Number.isNaN(none.low) && Number.isNaN(none.high));
});

test('a count option is taken out of the arguments, and a bad count is refused', () => {
  const args = ['dist', '--runs', '21', 'other'];
  assert.equal(takeCount(args, '--runs', 41), 21);
  assert.deepEqual(args, ['dist', 'other'], 'the directories are left');
  assert.equal(takeCount(args, '--runs', 41), 41, 'the default without the flag');
  for (const bad of ['0', '-3', '2.5', 'many', undefined]) {
    assert.equal(takeCount(['--runs', bad].filter((arg) => arg !== undefined), '--runs', 41), null, `${bad}`);
  }
});
