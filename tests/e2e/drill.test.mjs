// End-to-end tests of the drill, against the release build in dist/.
//
// Run: node --test tests/e2e/  (or scripts/test, stage 6). See README.md here.
// Written only against the public test hooks (data-testid, query parameters);
// every test gets its own fresh browser context (fresh storage).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  activeTestIds,
  byTestId,
  collectRequests,
  openApp,
  reloadApp,
  tabTo,
  until,
  waitForOfflineInstall,
} from './harness.mjs';
import {
  attemptCount,
  expectAttemptCount,
  expectNoAxeViolations,
  norm,
  openHistory,
  ratingButton,
  rebuttal,
  roleOf,
  submitAndRate,
  useBrowser,
  waitForFeedback,
  waitForNotice,
} from './drill-helpers.mjs';

const TEST_TIMEOUT = 90_000;

// About 60 words, starting with a marker that is unlikely to appear elsewhere.
const REBUTTAL = rebuttal('Zebrafinch', 'point');

const { withContext } = useBrowser();

async function expectNoticeRole(el) {
  const role = await roleOf(el);
  assert.ok(['alert', 'status'].includes(role), `notice should have role alert or status, has ${JSON.stringify(role)}`);
}

/** A drill with a notice shown must still be usable end to end. */
async function expectDrillWorks(page) {
  const claim = byTestId(page, 'opposing-claim').first();
  await claim.waitFor({ state: 'visible' });
  assert.ok(await claim.getAttribute('data-claim'), 'opposing-claim has a data-claim');
  await submitAndRate(page, REBUTTAL);
  await expectAttemptCount(page, 1);
}

test('full drill as a user does it', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const page = await openApp(context);

    const assigned = byTestId(page, 'assigned-position').first();
    await assigned.waitFor({ state: 'visible' });
    const myEssay = await assigned.getAttribute('data-essay');
    assert.ok(myEssay, 'assigned-position has a non-empty data-essay');

    const claim = byTestId(page, 'opposing-claim').first();
    await claim.waitFor({ state: 'visible' });
    const claimId = await claim.getAttribute('data-claim');
    const claimEssay = await claim.getAttribute('data-essay');
    assert.ok(claimId, 'opposing-claim has a non-empty data-claim');
    assert.ok(claimEssay, 'opposing-claim has a non-empty data-essay');
    assert.notEqual(claimEssay, myEssay, 'the opposing claim comes from a different essay than the assigned one');

    const input = byTestId(page, 'rebuttal-input').first();
    assert.equal(await input.evaluate((el) => el.tagName), 'TEXTAREA', 'rebuttal-input is a textarea');
    await input.click();
    await input.pressSequentially(REBUTTAL);
    assert.equal(await input.inputValue(), REBUTTAL);

    await byTestId(page, 'submit-rebuttal').first().click();
    const feedback = await waitForFeedback(page);
    assert.ok(feedback.length > 0, 'feedback is non-empty');

    await ratingButton(page, 3).click();
    await expectAttemptCount(page, 1);

    await byTestId(page, 'next-drill').first().click();
    await until(async () => (await input.inputValue()) === '', { message: 'rebuttal-input to be empty after next-drill' });
    await claim.waitFor({ state: 'visible' });
    assert.ok(await claim.getAttribute('data-claim'), 'an opposing claim is shown after next-drill');
    assert.equal(await attemptCount(page), '1', 'attempt-count stays 1 after next-drill');
  }),
);

test('attempts persist across a reload', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const page = await openApp(context);
    await submitAndRate(page, REBUTTAL);
    await expectAttemptCount(page, 1);

    await reloadApp(page);
    await expectAttemptCount(page, 1);

    // textContent, not innerText: the text may sit in a collapsed <details>.
    const history = await openHistory(page);
    const content = async () => norm(await history.textContent());
    await until(async () => (await content()).includes(norm(REBUTTAL)), {
      message: 'history to contain the submitted rebuttal text',
    }).catch(async (err) => {
      throw new Error(`${err.message}; history text: ${JSON.stringify((await content()).slice(0, 400))}`);
    });
  }),
);

describe('query parameters', () => {
  test('?seed=42 gives the same drill in two fresh contexts', { timeout: TEST_TIMEOUT }, async () => {
    const read = () =>
      withContext(async (context) => {
        const page = await openApp(context, 'seed=42');
        const assigned = byTestId(page, 'assigned-position').first();
        const claim = byTestId(page, 'opposing-claim').first();
        await claim.waitFor({ state: 'visible' });
        return {
          essay: await assigned.getAttribute('data-essay'),
          claim: await claim.getAttribute('data-claim'),
        };
      });
    const first = await read();
    const second = await read();
    assert.ok(first.essay && first.claim, `seed=42 shows a drill (${JSON.stringify(first)})`);
    assert.deepEqual(second, first, 'the same seed gives the same assigned essay and opposing claim');
  });

  test('?essay=001 assigns essay 001', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context, 'essay=001');
      assert.equal(await byTestId(page, 'assigned-position').first().getAttribute('data-essay'), '001');
      const claim = byTestId(page, 'opposing-claim').first();
      assert.notEqual(await claim.getAttribute('data-essay'), '001', 'the opposing claim is from another essay');
    }),
  );

  test('?essay=002: an essay that names no author is credited as "(author not named)"', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context, 'essay=002');
      const card = page.locator('section', { has: byTestId(page, 'assigned-position') }).first();
      const text = norm(await card.innerText());
      assert.match(text, /From “Contracting Out Sovereignty and Security” \(author not named\)/, text);
      assert.doesNotMatch(text, /by not named/, text);
    }),
  );

  test('?essay=nope shows a notice listing the valid ids, drill still works', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context, 'essay=nope');
      const notice = await waitForNotice(
        page,
        (t) => ['000', '001', '002'].every((id) => t.includes(id)),
        'a notice listing the valid essay ids 000, 001, 002',
      );
      await expectNoticeRole(notice.el);
      await expectDrillWorks(page);
    }),
  );

  test('?seed=abc shows a notice about the seed, drill still works', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context, 'seed=abc');
      const notice = await waitForNotice(page, (t) => /seed/i.test(t), 'a notice mentioning "seed"');
      await expectNoticeRole(notice.el);
      await expectDrillWorks(page);
    }),
  );

  for (const query of ['prep=-3', 'speak=lots']) {
    test(`?${query} shows a notice, drill still works`, { timeout: TEST_TIMEOUT }, () =>
      withContext(async (context) => {
        const page = await openApp(context, query);
        const notice = await waitForNotice(page, (t) => t.length > 0, `a notice for invalid ${query}`);
        await expectNoticeRole(notice.el);
        await expectDrillWorks(page);
      }),
    );
  }
});

describe('timer', () => {
  test('?prep=1&speak=2 goes prep -> speak -> over, submitting still works after', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context, 'prep=1&speak=2');
      const timer = byTestId(page, 'timer').first();
      const start = Date.now();
      const phases = [];
      for (;;) {
        const phase = await timer.getAttribute('data-phase');
        if (phases.at(-1) !== phase) phases.push(phase);
        if (phase === 'over') break;
        if (Date.now() - start > 6_000) break;
        await page.waitForTimeout(50);
      }
      const elapsed = Date.now() - start;
      assert.deepEqual(phases, ['prep', 'speak', 'over'], `data-phase sequence within ${elapsed} ms`);
      assert.ok(elapsed <= 5_500, `reached "over" after ${elapsed} ms (expected about 3 s, at most ~5 s)`);
      assert.ok(elapsed >= 1_500, `reached "over" after only ${elapsed} ms (prep 1 s + speak 2 s)`);

      await submitAndRate(page, REBUTTAL);
      await expectAttemptCount(page, 1);
    }),
  );

  test('?prep=0&speak=0 turns the timer off', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context, 'prep=0&speak=0');
      const timer = byTestId(page, 'timer').first();
      assert.equal(await timer.getAttribute('data-phase'), 'off');
      await page.waitForTimeout(1_200);
      assert.equal(await timer.getAttribute('data-phase'), 'off', 'still off a second later');
    }),
  );
});

test('keyboard only: complete a drill with Tab, Enter, Space and typing', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const page = await openApp(context);
    const kb = page.keyboard;

    await tabTo(page, 'rebuttal-input');
    await kb.type(REBUTTAL);
    assert.equal(await byTestId(page, 'rebuttal-input').first().inputValue(), REBUTTAL, 'typed into rebuttal-input');

    await tabTo(page, 'submit-rebuttal');
    await kb.press('Enter');
    await waitForFeedback(page);

    await tabTo(page, 'self-rating');
    const focused = await activeTestIds(page);
    assert.ok(focused.includes('self-rating'), `focus is inside self-rating (${JSON.stringify(focused)})`);
    // Submitting already recorded the attempt; the rating must now be recorded by the key press.
    await expectAttemptCount(page, 1);
    await kb.press('Enter');
    const pressed = page.locator('[data-testid="self-rating"] [data-rating][aria-pressed="true"]');
    await pressed.first().waitFor({ state: 'attached', timeout: 2_000 });
    assert.equal(await pressed.count(), 1, 'exactly one rating chosen by keyboard');

    await tabTo(page, 'next-drill');
    await kb.press('Enter');
    await page.waitForFunction(() => {
      const input = document.querySelector('[data-testid="rebuttal-input"]');
      return input && input.value === '' && !document.querySelector('[data-testid="feedback"]');
    }, null, { timeout: 5_000 });
    await expectAttemptCount(page, 1);
  }),
);

test('no network requests after the app is ready', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const page = await openApp(context);
    // On a first visit the service worker fetches the app's own files once, to work offline
    // (pwa.test.mjs checks that nothing else is fetched meanwhile). After that the app asks for
    // two things only, from its own origin, each once: the practice module at the first
    // interaction and the views' module when the history is first opened (src/ui/lazy.rs, with
    // any chunk they share). The worker does not control the page it was installed from, so
    // those requests reach the server; from the next start on the worker answers them from its
    // cache.
    await waitForOfflineInstall(page);
    const isLazyModule = (url) =>
      new URL(url).origin === new URL(page.url()).origin && /-(practice|views|chunk_\d+)\.wasm$/.test(new URL(url).pathname);

    let requests = collectRequests(page);
    await submitAndRate(page, REBUTTAL);
    await expectAttemptCount(page, 1);
    await byTestId(page, 'next-drill').first().click();
    await byTestId(page, 'opposing-claim').first().waitFor({ state: 'visible' });
    const newPosition = byTestId(page, 'new-position');
    if ((await newPosition.count()) > 0 && (await newPosition.first().isEnabled())) {
      await newPosition.first().click();
    }
    await openHistory(page);
    await page.waitForTimeout(500);
    const firstVisit = requests.stop().filter((request) => !isLazyModule(request.split(' ')[1]));
    assert.deepEqual(firstVisit, [], 'requests after load, other than the lazily loaded modules');
    for (const point of ['practice', 'views']) {
      const fetched = requests.urls.filter((request) => request.endsWith(`-${point}.wasm`));
      assert.equal(fetched.length, 1, `the ${point} module, once: ${requests.urls.join(', ')}`);
    }

    await reloadApp(page);
    requests = collectRequests(page);
    await openHistory(page);
    await page.waitForTimeout(500);
    requests.stop();
    const fromNetwork = [];
    for (const request of requests.requests) {
      const response = await request.response();
      if (!isLazyModule(request.url()) || !response?.fromServiceWorker()) fromNetwork.push(`${request.method()} ${request.url()}`);
    }
    assert.deepEqual(fromNetwork, [], 'requests that reached the network on a later start');
  }),
);

test('the loading placeholder: not painted during a quick start, shown when the start is slow', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const page = await context.newPage();
    // Hold the WebAssembly back: the page stays on its placeholder until it is released.
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    await page.route(/_bg\.wasm$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('index.html', { waitUntil: 'domcontentloaded' });
    const placeholder = page.locator('#app > .loading');
    // Read in one go in the page, so a slow test machine cannot pass the delay between the reads.
    const early = await placeholder.evaluate((element) => {
      const [animation] = element.getAnimations();
      return {
        display: getComputedStyle(element).display,
        at: animation ? Number(animation.currentTime) : null,
        delay: animation ? animation.effect.getTiming().delay : null,
      };
    });
    assert.ok(early.delay >= 500, `the placeholder waits before it appears: ${JSON.stringify(early)}`);
    if (early.at < early.delay) {
      assert.equal(early.display, 'none', `before its delay the placeholder is not laid out: ${JSON.stringify(early)}`);
    }
    await placeholder.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(norm(await placeholder.innerText()), 'Loading Debate Drill…');
    release();
    await byTestId(page, 'opposing-claim').first().waitFor({ state: 'visible' });
    assert.equal(await placeholder.count(), 0, 'the drill replaces the placeholder');
  }),
);

describe('accessibility (axe-core, WCAG 2.0/2.1 A and AA)', () => {
  test('just loaded', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context);
      await expectNoAxeViolations(page, 'just loaded');
    }),
  );

  test('rebuttal typed', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context);
      await byTestId(page, 'rebuttal-input').first().fill(REBUTTAL);
      await expectNoAxeViolations(page, 'rebuttal typed');
    }),
  );

  test('after submit (feedback shown)', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context);
      await byTestId(page, 'rebuttal-input').first().fill(REBUTTAL);
      await byTestId(page, 'submit-rebuttal').first().click();
      await waitForFeedback(page);
      await expectNoAxeViolations(page, 'after submit');
    }),
  );

  test('history view open', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context);
      await submitAndRate(page, REBUTTAL);
      await expectAttemptCount(page, 1);
      await openHistory(page);
      await expectNoAxeViolations(page, 'history open');
    }),
  );

  test('notice shown (?essay=nope)', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context, 'essay=nope');
      await waitForNotice(page, (t) => t.length > 0, 'a notice');
      await expectNoAxeViolations(page, 'notice shown');
    }),
  );

  const dark = { before: (page) => page.emulateMedia({ colorScheme: 'dark' }) };

  test('dark mode: loaded and after submit', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openApp(context, '', dark);
      assert.ok(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), 'dark scheme emulated');
      await expectNoAxeViolations(page, 'dark mode, loaded');
      await byTestId(page, 'rebuttal-input').first().fill(REBUTTAL);
      await byTestId(page, 'submit-rebuttal').first().click();
      await waitForFeedback(page);
      await expectNoAxeViolations(page, 'dark mode, after submit');
    }),
  );

  test('phone viewport 390x844: loaded and after submit', { timeout: TEST_TIMEOUT }, () =>
    withContext(
      async (context) => {
        const page = await openApp(context);
        await expectNoAxeViolations(page, 'phone, loaded');
        await byTestId(page, 'rebuttal-input').first().fill(REBUTTAL);
        await byTestId(page, 'submit-rebuttal').first().click();
        await waitForFeedback(page);
        await expectNoAxeViolations(page, 'phone, after submit');
      },
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
    ),
  );
});
