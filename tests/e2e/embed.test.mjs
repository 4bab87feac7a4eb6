// End-to-end tests of embedding: the <debate-drill> element (embed.js), iframe mode
// (index.html?embed=1), the events for the host page, and a strict Content-Security-Policy.
//
// Run: node --test tests/e2e/embed.test.mjs  (or scripts/test, stage 6). See README.md here.
// The pages under test are the build's own example, examples/course-page.html (two elements,
// an iframe, a strict CSP meta tag, an event log), and copies of it made here. Inside the
// widgets, only the public test hooks are used (data-testid, attributes of the contract).

import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { serve } from '../../scripts/static-server.mjs';
import {
  DIST_DIR,
  STRICT_CSP,
  byTestId,
  copyBuild,
  cspViolations,
  openPage,
  pageProblems,
  problemsText,
  swPrecache,
  until,
} from './harness.mjs';
import { attemptCount, expectNoAxeViolations, storedHistories, submitAndRate, useBrowser } from './drill-helpers.mjs';

const TEST_TIMEOUT = 90_000;
const EXAMPLE = 'examples/course-page.html';

// About 40 words, starting with a marker that must never leave the widget.
const MARKER = 'Quetzalcoatlus';
const REBUTTAL =
  `${MARKER} point: the opposing claim assumes that control of the line settles every question, ` +
  'but it never shows why. Because the costs fall on people who were never asked, the ' +
  'conclusion does not follow, and that matters for the whole debate.';

const { withContext } = useBrowser();

/** Records, in every frame, the attempt events reaching the document and the messages received. */
async function recordHostEvents(page) {
  await page.addInitScript(() => {
    window.__attemptEvents = [];
    window.__messages = [];
    document.addEventListener('debate-drill:attempt', (event) =>
      window.__attemptEvents.push({
        target: event.target?.id ?? null,
        bubbles: event.bubbles,
        composed: event.composed,
        detail: event.detail,
        json: JSON.stringify(event.detail),
      }),
    );
    window.addEventListener('message', (event) => {
      const frame = document.getElementById('drill-frame');
      window.__messages.push({ data: event.data, fromFrame: !!frame && event.source === frame.contentWindow });
    });
  });
}

const attemptEvents = (page) => page.evaluate(() => window.__attemptEvents);
const messages = (page) => page.evaluate(() => window.__messages);

/** The example page (or a variant) with both elements and the iframe ready. */
async function openExample(context, target = EXAMPLE) {
  const page = await openPage(context, target, { before: recordHostEvents });
  for (const id of ['drill-a', 'drill-b']) {
    await page
      .locator(`#${id}`)
      .locator('[data-testid="drill-ready"]')
      .waitFor({ state: 'attached' })
      .catch((err) => {
        throw new Error(`#${id} never became ready: ${err.message}${problemsText(page)}`);
      });
  }
  return page;
}

const inElement = (page, id, testid) => page.locator(`#${id}`).locator(`[data-testid="${testid}"]`).first();

async function expectClean(page, what) {
  const violations = await cspViolations(page);
  assert.deepEqual(violations, [], `${what}: Content-Security-Policy violations`);
  assert.deepEqual(pageProblems(page), [], `${what}: console errors or page errors`);
}

/** Every element with a style attribute, in the page and in every open shadow root. */
function inlineStyles(page) {
  return page.evaluate(() => {
    const found = [];
    const visit = (root) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.hasAttribute('style')) found.push(element.outerHTML.slice(0, 120));
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
    return found;
  });
}

function checkDetail(detail, { essay, claim, rating }) {
  assert.equal(detail.essay, essay, 'essay is the assigned essay id');
  assert.equal(detail.claim, claim, 'claim is the opposing claim id');
  assert.equal(detail.rating, rating, 'rating');
  assert.ok(Number.isInteger(detail.words) && detail.words > 30, `words is an integer (${detail.words})`);
  assert.ok(Number.isInteger(detail.seconds) && detail.seconds >= 0, `seconds is an integer (${detail.seconds})`);
  assert.match(detail.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'at is ISO 8601');
  assert.ok(Math.abs(Date.parse(detail.at) - Date.now()) < 5 * 60_000, `at is now (${detail.at})`);
  assert.equal(typeof detail.attempt, 'string', 'attempt id');
  assert.equal(typeof detail.deck, 'string', 'deck id');
  assert.equal(detail.kind, rating === null ? 'submitted' : 'rated');
  assert.ok(Number.isInteger(detail.score) && detail.score <= detail.maxScore, 'score out of maxScore');
  assert.equal(typeof detail.overTime, 'boolean', 'overTime');
  assert.ok(!JSON.stringify(detail).includes(MARKER), 'the rebuttal text never leaves the widget');
}

describe('the build', () => {
  test('has no inline script or style, and precaches the embedding files', async () => {
    const index = await readFile(path.join(DIST_DIR, 'index.html'), 'utf8');
    const scripts = [...index.matchAll(/<script\b([^>]*)>/g)].map(([, attributes]) => attributes);
    assert.ok(scripts.length > 0, 'index.html loads a script');
    for (const attributes of scripts) assert.match(attributes, /\bsrc=/, `every script is external: <script${attributes}>`);
    assert.doesNotMatch(index, /\sstyle=/, 'no style attribute in index.html');
    assert.doesNotMatch(index, /<style\b/, 'no <style> in index.html');
    const example = await readFile(path.join(DIST_DIR, EXAMPLE), 'utf8');
    assert.ok(example.includes(`content="${STRICT_CSP}"`), 'the example page carries the strict policy');
    const embed = await readFile(path.join(DIST_DIR, 'embed.js'), 'utf8');
    assert.doesNotMatch(embed, /__DD_/, 'the build wrote the hashed names into embed.js');
    const precache = await swPrecache(DIST_DIR);
    const page = scripts[0].match(/\bsrc="\.\/([^"]+)"/)?.[1];
    for (const file of ['embed.js', page, EXAMPLE]) assert.ok(precache.includes(file), `${file} is precached`);
    assert.ok(precache.some((file) => /^widget-[0-9a-f]+\.css$/.test(file)), 'the shadow-root stylesheet is precached');
    // embed.js keeps its name from build to build (course pages name it), so it is revalidated
    // on every load: it stays small. The page's bundle has a hashed name (build.test.mjs).
    const size = gzipSync(await readFile(path.join(DIST_DIR, 'embed.js'))).length;
    assert.ok(size < 4096, `embed.js is small (${size} bytes gzipped)`);
  });
});

describe('the example course page under its strict Content-Security-Policy', () => {
  test('loads two elements and the iframe with no violations and no console errors', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openExample(context);
      const frame = page.frameLocator('#drill-frame');
      await frame.locator('[data-testid="drill-ready"]').waitFor({ state: 'attached' });
      assert.equal(await inElement(page, 'drill-a', 'assigned-position').getAttribute('data-essay'), '000');
      assert.equal(await inElement(page, 'drill-b', 'assigned-position').getAttribute('data-essay'), '001');
      assert.equal(await frame.locator('[data-testid="assigned-position"]').getAttribute('data-essay'), '002');
      // Work in every part of the page: nothing the policy blocks is needed later either.
      await submitAndRate(page.locator('#drill-a'), REBUTTAL);
      await submitAndRate(page.locator('#drill-b'), REBUTTAL, 2);
      await submitAndRate(frame, REBUTTAL, 4);
      await until(async () => (await messages(page)).some((m) => m.data?.type === 'debate-drill:attempt'), {
        message: "the iframe's attempt message",
      });
      assert.deepEqual(await inlineStyles(page), [], 'no style attribute anywhere, shadow roots included');
      const log = await page.locator('#event-log li').count();
      assert.ok(log >= 6, `the page's event log shows every event (${log})`);
      await expectClean(page, 'example page');
    }),
  );
});

describe('the example course page is accessible', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`no axe violations (WCAG 2.1 A/AA), widgets included, ${colorScheme}`, { timeout: TEST_TIMEOUT }, () =>
      withContext(
        async (context) => {
          const page = await openExample(context);
          await expectNoAxeViolations(page, `example page, ${colorScheme}`);
        },
        { colorScheme },
      ),
    );
  }
});

describe('index.html under a strict Content-Security-Policy header', () => {
  let strict;
  before(async () => {
    strict = await serve(DIST_DIR, { port: 0, headers: { 'Content-Security-Policy': STRICT_CSP } });
  });
  after(() => strict?.close());

  for (const query of ['', '?embed=1']) {
    test(`index.html${query} runs a whole drill`, { timeout: TEST_TIMEOUT }, () =>
      withContext(
        async (context) => {
          const page = await openPage(context, `index.html${query}`);
          await byTestId(page, 'drill-ready').waitFor({ state: 'attached' });
          assert.equal(
            await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy')),
            STRICT_CSP,
            'the server sends the policy',
          );
          await submitAndRate(page, REBUTTAL);
          assert.equal(await attemptCount(page), '1');
          await expectClean(page, `index.html${query}`);
        },
        { baseURL: strict.url },
      ),
    );
  }
});

describe('several elements on one page', () => {
  test('are drilled independently, each with its own storage key', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openExample(context);
      const a = page.locator('#drill-a');
      const b = page.locator('#drill-b');
      assert.equal(await attemptCount(a), '0');
      assert.equal(await attemptCount(b), '0');
      await submitAndRate(a, REBUTTAL);
      await until(async () => (await attemptCount(a)) === '1', { message: 'A counts its attempt' });
      assert.equal(await attemptCount(b), '0', "B does not see A's attempt");
      assert.equal(await inElement(page, 'drill-b', 'rebuttal-input').inputValue(), '', "B's draft is its own");
      await submitAndRate(b, REBUTTAL);
      await until(async () => (await attemptCount(b)) === '1', { message: 'B counts its attempt' });
      assert.equal(await attemptCount(a), '1');
      const { database } = await storedHistories(page);
      assert.deepEqual(Object.keys(database).sort(), ['civics-101-week3-a', 'civics-101-week3-b']);
      assert.deepEqual(
        Object.values(database).map((stored) => stored.a.length),
        [1, 1],
        'each namespace holds its own attempt',
      );
      await page.reload();
      await inElement(page, 'drill-a', 'drill-ready').waitFor({ state: 'attached' });
      await inElement(page, 'drill-b', 'drill-ready').waitFor({ state: 'attached' });
      await until(async () => (await attemptCount(a)) === '1' && (await attemptCount(b)) === '1', {
        message: 'both histories after a reload',
      });
      await expectClean(page, 'two elements');
    }),
  );

  test('react to attribute changes, and leave cleanly', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openExample(context);
      const position = inElement(page, 'drill-a', 'assigned-position');
      assert.equal(await position.getAttribute('data-essay'), '000');
      await page.evaluate(() => document.getElementById('drill-a').setAttribute('essay', '002'));
      await until(async () => (await position.getAttribute('data-essay').catch(() => null)) === '002', {
        message: 'the new essay after setAttribute',
      });
      // A bad value behaves like a bad URL parameter: a notice, defaults, a working widget.
      await page.evaluate(() => document.getElementById('drill-b').setAttribute('prep', 'soon'));
      await until(
        async () => (await page.locator('#drill-b [data-testid="notice"]').allInnerTexts()).some((t) => /soon/.test(t)),
        { message: 'a notice about prep="soon"' },
      );
      assert.equal(await inElement(page, 'drill-b', 'assigned-position').getAttribute('data-essay'), '001');
      // Removed and added again: a fresh widget; removed for good: nothing left running.
      await page.evaluate(() => {
        const element = document.getElementById('drill-b');
        window.__parked = element;
        element.remove();
      });
      await page.waitForTimeout(200);
      await page.evaluate(() => document.querySelector('aside').append(window.__parked));
      await inElement(page, 'drill-b', 'drill-ready').waitFor({ state: 'attached' });
      // Created by script, after embed.js ran.
      await page.evaluate(() => {
        const element = document.createElement('debate-drill');
        element.id = 'drill-c';
        element.setAttribute('essay', '001');
        element.setAttribute('storage-key', 'scripted');
        document.querySelector('main').append(element);
      });
      await inElement(page, 'drill-c', 'drill-ready').waitFor({ state: 'attached' });
      await page.evaluate(() => document.getElementById('drill-c').remove());
      await page.waitForTimeout(300);
      await expectClean(page, 'attribute changes');
    }),
  );

  test("keys typed in the widget's text fields do not reach the page's shortcuts", { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openExample(context);
      await page.evaluate(() => {
        window.__keys = [];
        document.addEventListener('keydown', (event) => window.__keys.push(event.key));
      });
      const input = inElement(page, 'drill-a', 'rebuttal-input');
      await input.click();
      await page.keyboard.type('j/k?');
      assert.equal(await input.inputValue(), 'j/k?', 'typed into the widget');
      assert.deepEqual(await page.evaluate(() => window.__keys), [], 'the page saw none of the keys');
      // Keys on the widget's buttons do reach the page (Escape can still close a dialog around it).
      await inElement(page, 'drill-a', 'open-history').focus();
      await page.keyboard.press('Escape');
      assert.deepEqual(await page.evaluate(() => window.__keys), ['Escape']);
    }),
  );
});

/** Boxes (relative to the element) and computed text styles of the widgets' parts. */
function measureWidgets(page) {
  return page.evaluate(() => {
    const ids = ['drill-ready', 'assigned-position', 'opposing-claim', 'timer', 'rebuttal-input', 'submit-rebuttal'];
    const out = {};
    for (const host of document.querySelectorAll('debate-drill')) {
      const box = host.getBoundingClientRect();
      out[host.id] = { width: box.width, height: box.height };
      for (const id of [...ids, 'attempt-count', 'open-history']) {
        const element = host.shadowRoot.querySelector(`[data-testid="${id}"]`);
        const rect = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        out[`${host.id} ${id}`] = {
          x: rect.x - box.x,
          y: rect.y - box.y,
          width: rect.width,
          height: rect.height,
          display: style.display,
          fontSize: style.fontSize,
          fontFamily: style.fontFamily,
          lineHeight: style.lineHeight,
          color: style.color,
          boxSizing: style.boxSizing,
        };
      }
    }
    return out;
  });
}

/** Computed styles of some of the page's own elements. */
function measurePage(page) {
  return page.evaluate(() => {
    const properties = ['font-size', 'font-family', 'line-height', 'color', 'background-color', 'box-sizing', 'display', 'margin-top', 'padding-top', 'text-transform'];
    const out = {};
    for (const selector of ['html', 'body', 'h1', 'h2', 'p', '#probe-button', '#probe-div', '.course-bar']) {
      const style = getComputedStyle(document.querySelector(selector));
      out[selector] = Object.fromEntries(properties.map((name) => [name, style.getPropertyValue(name)]));
    }
    return out;
  });
}

describe('the page and the widget cannot style each other', () => {
  let site;
  let dir;
  const HOSTILE = [
    '* { font-size: 40px !important; box-sizing: content-box !important; line-height: 3 !important;',
    '    font-family: cursive !important; color: red !important; letter-spacing: 3px !important; }',
    'button { display: none !important; }',
    'div, p, textarea, section { padding: 30px !important; margin: 11px !important; }',
    '[data-testid] { display: none !important; }',
    'html { font-size: 31px !important; }',
  ].join('\n');

  before(async () => {
    dir = await copyBuild();
    const html = await readFile(path.join(dir, EXAMPLE), 'utf8');
    // The same space for the widgets with and without the hostile rules, and the same drills.
    await writeFile(path.join(dir, 'examples', 'pin.css'), '#drill-a { width: 860px; } #drill-b { width: 320px; }\n');
    await writeFile(path.join(dir, 'examples', 'hostile.css'), `${HOSTILE}\n`);
    const seeded = html
      .replace('id="drill-a"', 'id="drill-a" seed="11"')
      .replace('id="drill-b"', 'id="drill-b" seed="12"')
      .replace('<body>', '<body>\n<button id="probe-button">Probe</button><div id="probe-div">Probe</div>');
    const variant = (sheets, withWidgets = true) => {
      let page = seeded.replace('</head>', `${sheets.map((s) => `<link rel="stylesheet" href="${s}" />`).join('')}</head>`);
      if (!withWidgets) page = page.replace('<script type="module" src="../embed.js"></script>', '');
      return page;
    };
    await writeFile(path.join(dir, 'examples', 'pinned.html'), variant(['pin.css']));
    await writeFile(path.join(dir, 'examples', 'hostile.html'), variant(['pin.css', 'hostile.css']));
    await writeFile(path.join(dir, 'examples', 'no-widgets.html'), variant(['pin.css'], false));
    site = await serve(dir, { port: 0 });
  });
  after(async () => {
    await site?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('hostile host CSS leaves the widget as it is', { timeout: TEST_TIMEOUT }, () =>
    withContext(
      async (context) => {
        const measure = async (file) => {
          const page = await openExample(context, `examples/${file}`);
          await page.evaluate(() => document.fonts.ready);
          const boxes = await measureWidgets(page);
          await expectClean(page, file);
          await page.close();
          return boxes;
        };
        const plain = await measure('pinned.html');
        const hostile = await measure('hostile.html');
        assert.equal(plain['drill-a'].width, 860);
        assert.deepEqual(hostile, plain, 'every measured box and style is the same under the hostile rules');
        assert.equal(plain['drill-a submit-rebuttal'].display, 'block', 'buttons shown');
        assert.equal(plain['drill-a drill-ready'].boxSizing, 'border-box');
      },
      { baseURL: site.url, viewport: { width: 1400, height: 900 } },
    ),
  );

  test("the widget's CSS does not leak into the page", { timeout: TEST_TIMEOUT }, () =>
    withContext(
      async (context) => {
        const bare = await openPage(context, 'examples/no-widgets.html');
        const before = await measurePage(bare);
        const page = await openExample(context, 'examples/pinned.html');
        const after = await measurePage(page);
        assert.deepEqual(after, before, "the page's own elements are styled as without the widgets");
      },
      { baseURL: site.url },
    ),
  );

  test("the layout follows the element's width, not the window's", { timeout: TEST_TIMEOUT }, () =>
    withContext(
      async (context) => {
        const page = await openExample(context, 'examples/pinned.html');
        const boxes = await measureWidgets(page);
        const side = (id) => boxes[`${id} rebuttal-input`].x > boxes[`${id} assigned-position`].x + 100;
        assert.ok(side('drill-a'), 'at 860 px: two columns (the rebuttal beside the position)');
        assert.ok(!side('drill-b'), 'at 320 px: one column');
        const overflow = await page.evaluate(() =>
          [...document.querySelectorAll('debate-drill')].map((host) => {
            const root = host.shadowRoot.querySelector('[data-testid="drill-ready"]');
            return root.scrollWidth - root.clientWidth;
          }),
        );
        assert.deepEqual(overflow, [0, 0], 'nothing sticks out sideways');
      },
      { baseURL: site.url, viewport: { width: 1400, height: 900 } },
    ),
  );
});

describe('events for the host page', () => {
  test('the element dispatches debate-drill:attempt on submit and on rating', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openExample(context);
      const claim = await inElement(page, 'drill-a', 'opposing-claim').getAttribute('data-claim');
      const a = page.locator('#drill-a');
      await a.locator('[data-testid="rebuttal-input"]').fill(REBUTTAL);
      await a.locator('[data-testid="submit-rebuttal"]').click();
      await until(async () => (await attemptEvents(page)).length === 1, { message: 'the submit event' });
      await a.locator('[data-testid="self-rating"] [data-rating="3"]').click();
      await until(async () => (await attemptEvents(page)).length === 2, { message: 'the rating event' });
      const [submitted, rated] = await attemptEvents(page);
      for (const event of [submitted, rated]) {
        assert.equal(event.target, 'drill-a', 'the event reaches the document from the element');
        assert.ok(event.bubbles && event.composed, 'bubbles and composed');
        assert.deepEqual(JSON.parse(event.json), event.detail, 'detail is plain JSON');
      }
      checkDetail(submitted.detail, { essay: '000', claim, rating: null });
      checkDetail(rated.detail, { essay: '000', claim, rating: 3 });
      assert.equal(rated.detail.attempt, submitted.detail.attempt, 'the rating updates the same attempt');
      assert.equal(rated.detail.at, submitted.detail.at, '`at` is when it was submitted');
      assert.equal(submitted.detail.storageKey, 'civics-101-week3-a');
      console.log(`    sample event detail: ${rated.json}`);
      assert.deepEqual(
        (await messages(page)).filter((m) => m.data?.type === 'debate-drill:attempt'),
        [],
        'elements post no messages',
      );
    }),
  );

  test('the iframe reports its height and posts its attempts to the parent', { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      const page = await openExample(context);
      const frame = page.frameLocator('#drill-frame');
      await frame.locator('[data-testid="drill-ready"]').waitFor({ state: 'attached' });
      const heights = async () =>
        (await messages(page))
          .filter((m) => m.fromFrame && m.data?.subject === 'lti.frameResize')
          .map((m) => m.data.height);
      const first = await until(async () => (await heights())[0], { message: 'an lti.frameResize message' });
      assert.ok(Number.isInteger(first) && first > 200, `a positive integer height (${first})`);
      // The course page sizes the frame from it: no scrollbar inside.
      const iframe = page.locator('#drill-frame');
      await until(async () => (await iframe.getAttribute('height')) === String((await heights()).at(-1)), {
        message: 'the frame sized to the last height',
      });
      const inside = page.frames().find((f) => f.url().includes('embed=1'));
      await until(
        () => inside.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight),
        { message: 'no vertical scrollbar in the frame' },
      );
      const background = await inside.evaluate(() => [
        getComputedStyle(document.documentElement).backgroundColor,
        getComputedStyle(document.body).backgroundColor,
      ]);
      assert.deepEqual(background, ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)'], 'a transparent page');
      assert.equal(await frame.locator('h1').count(), 0, 'no app title');
      assert.equal(await frame.locator('[data-testid="attempt-count"]').isVisible(), true, 'attempt-count shown');

      const claim = await frame.locator('[data-testid="opposing-claim"]').getAttribute('data-claim');
      await submitAndRate(frame, REBUTTAL, 2);
      const posted = async () =>
        (await messages(page)).filter((m) => m.fromFrame && m.data?.type === 'debate-drill:attempt');
      await until(async () => (await posted()).length === 2, { message: 'two attempt messages from the frame' });
      const [submitted, rated] = (await posted()).map((m) => m.data.detail);
      checkDetail(submitted, { essay: '002', claim, rating: null });
      checkDetail(rated, { essay: '002', claim, rating: 2 });
      // The feedback made the widget taller: a new, larger height, and the frame follows.
      const grown = await until(async () => (await heights()).find((h) => h > first + 100), {
        message: 'a larger height after the feedback',
      });
      console.log(`    iframe heights posted: ${(await heights()).join(', ')} (first ${first}, after feedback ${grown})`);
      await until(
        () => inside.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight),
        { message: 'still no scrollbar' },
      );
      assert.deepEqual(await attemptEvents(page), [], 'the frame dispatches no element events in the parent');
    }),
  );
});
