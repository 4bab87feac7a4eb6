// End-to-end tests of practice tracking (issue 4): the history survives reloads, filters,
// export and import, two tabs writing at once, failed writes, unreadable stored data, storage
// namespaces, and accessibility of the history view.
//
// Run: node --test tests/e2e/  (or scripts/test, stage 6). See README.md here.
// Written against the public test hooks (data-testid, query parameters), accessible names
// (the filter <select>s' labels, the notice's "Export history" button) and the documented
// storage keys; every test gets its own fresh browser context (fresh storage).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { byTestId, openApp, reloadApp, until } from './harness.mjs';
import {
  closeHistory,
  currentClaim,
  expectAttemptCount,
  expectNoAxeViolations,
  nextDrill,
  norm,
  openHistory,
  rebuttal,
  roleOf,
  storedHistories,
  storedRows,
  submitAndRate,
  useBrowser,
  waitForNotice,
} from './drill-helpers.mjs';

const TEST_TIMEOUT = 120_000;

const FIRST = rebuttal('Quetzalcoatl');
const SECOND = rebuttal('Xylophonist');
const THIRD = rebuttal('Wombatherd');

const HISTORY_KEY = (ns = 'default') => `debate-drill:v1:${ns}:history`;
const UNREADABLE_KEY = (ns = 'default') => `debate-drill:v1:${ns}:unreadable`;

const { withContext } = useBrowser();

/** Wait until the header no longer says the history is being saved. */
/** Two attempts: FIRST rated 4 (Easy), then SECOND on the next drill, rated 1 (Again). */
async function submitFirstAndSecond(page) {
  await submitAndRate(page, FIRST, 4);
  await nextDrill(page);
  await submitAndRate(page, SECOND, 1);
  await expectAttemptCount(page, 2);
}

/** Deletes the whole history through the view's button and its confirmation. */
async function deleteHistory(page) {
  await byTestId(page, 'clear-history').first().click();
  await byTestId(page, 'confirm-clear').first().click();
  await expectAttemptCount(page, 0, { what: 'after delete' });
}

async function expectSaved(page) {
  await until(async () => !/Saving…|Not saved/.test(await byTestId(page, 'drill-ready').first().innerText()), {
    message: 'the history to be saved (no "Saving…" status)',
  });
}

/** The history view's whole text, including collapsed <details>. */
async function historyText(page) {
  return norm(await byTestId(page, 'history').first().textContent());
}

/** Wait until the (open) history view contains every one of `texts`. */
async function expectHistoryContains(page, texts, what = 'the history') {
  await until(async () => {
    const all = await historyText(page);
    return texts.every((t) => all.includes(norm(t)));
  }, { message: `${what} to contain ${texts.length} rebuttal text(s)` }).catch(async (err) => {
    const all = await historyText(page).catch(() => '');
    const missing = texts.filter((t) => !all.includes(norm(t))).map((t) => t.split(' ')[0]);
    throw new Error(`${err.message}; missing: ${JSON.stringify(missing)}; history text: ${JSON.stringify(all.slice(0, 300))}`);
  });
}

/** Click `trigger` and return the download's file name and parsed JSON. */
async function downloadJson(page, trigger) {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  const file = await download.path();
  const text = await readFile(file, 'utf8');
  let json;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`the download ${download.suggestedFilename()} is not JSON (${err.message}): ${text.slice(0, 200)}`);
  }
  return { name: download.suggestedFilename(), text, json, file };
}

async function exportHistory(page) {
  await openHistory(page);
  return downloadJson(page, byTestId(page, 'export-history').first());
}

function withoutExportedAt(json) {
  const { exported_at: _ignored, ...rest } = json;
  return rest;
}

function localItem(page, key) {
  return page.evaluate((k) => localStorage.getItem(k), key);
}

/**
 * An init script that puts `raw` under `key` in localStorage before the app's first load in
 * this tab only (sessionStorage remembers it was done), so a reload sees what the app made of it.
 */
function seedOnceScript(key, raw) {
  return {
    content: `(() => {
      if (window.top !== window || sessionStorage.getItem('e2e-seeded')) return;
      sessionStorage.setItem('e2e-seeded', '1');
      localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(raw)});
    })();`,
  };
}

/** Whether the quarantine value holds `raw` verbatim (as a listed entry or as the text itself). */
function quarantineHolds(value, raw) {
  if (value == null) return false;
  if (value.includes(raw)) return true;
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.includes(raw) : parsed === raw;
  } catch {
    return false;
  }
}

/**
 * Ids of stored attempts (namespace `ns`) whose text is neither inline in the localStorage row
 * (field 15) nor in IndexedDB ("debate-drill", store "texts", key [ns, id]): texts a reload loses.
 */
async function storedTextsMissing(page, ns = 'default') {
  const rows = await storedRows(page, ns);
  assert.ok(rows.length > 0, `rows are stored for namespace ${ns}`);
  return page.evaluate(async ([rows, ns]) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('debate-drill');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const keys = db.objectStoreNames.contains('texts')
      ? await new Promise((resolve, reject) => {
          const request = db.transaction('texts').objectStore('texts').getAllKeys();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        })
      : [];
    db.close();
    const inDatabase = new Set(keys.filter((k) => k[0] === ns).map((k) => k[1]));
    return rows.filter((row) => row[15] === null && !inDatabase.has(row[0])).map((row) => row[0]);
  }, [rows, ns]);
}

test('history survives a reload: count, both texts, streak', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const page = await openApp(context);
    await submitAndRate(page, FIRST, 3);
    await nextDrill(page);
    await submitAndRate(page, SECOND, 2);
    await expectAttemptCount(page, 2);
    await expectSaved(page);

    await reloadApp(page);
    await expectAttemptCount(page, 2, { what: 'after reload' });
    await openHistory(page);
    // Texts live in IndexedDB and arrive after start-up: wait for them.
    await expectHistoryContains(page, [FIRST, SECOND], 'the history after reload');
    const all = await historyText(page);
    assert.ok(all.indexOf('Xylophonist') < all.indexOf('Quetzalcoatl'), 'newest attempt listed first');
    assert.match(all, /Current streak: 1 day\b/, `progress shows a one-day streak: ${all.slice(0, 300)}`);
  }),
);

test('the "Opposing claim" filter lists only that claim\'s attempts', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const page = await openApp(context);
    const { claim: claimA } = await submitAndRate(page, FIRST);
    await nextDrill(page);
    let claimB = await currentClaim(page);
    // The scheduler avoids repeating the claim just answered; go on until it differs anyway.
    const extra = [];
    for (let i = 0; claimB === claimA && i < 3; i++) {
      await submitAndRate(page, rebuttal(`Filler${i}`));
      extra.push(i);
      await nextDrill(page);
      claimB = await currentClaim(page);
    }
    assert.notEqual(claimB, claimA, `next-drill gave a different opposing claim (${claimA})`);
    await submitAndRate(page, SECOND);
    await expectAttemptCount(page, 2 + extra.length);

    await openHistory(page);
    await expectHistoryContains(page, [FIRST, SECOND]);
    const select = page.getByRole('combobox', { name: /^Opposing claim/ });
    assert.equal(await select.count(), 1, 'one select labelled "Opposing claim"');
    const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(values.includes(claimA) && values.includes(claimB), `both claims are options: ${JSON.stringify(values)}`);

    await select.selectOption(claimA);
    await until(async () => {
      const all = await historyText(page);
      return all.includes(norm(FIRST)) && !all.includes(norm(SECOND));
    }, { message: `only the attempt against ${claimA} listed` });

    await select.selectOption(claimB);
    await until(async () => {
      const all = await historyText(page);
      return all.includes(norm(SECOND)) && !all.includes(norm(FIRST));
    }, { message: `only the attempt against ${claimB} listed` });

    await select.selectOption('');
    await expectHistoryContains(page, [FIRST, SECOND], 'the unfiltered history');
  }),
);

test('export, delete, import restores the history exactly; a second import adds nothing', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const page = await openApp(context);
    await submitFirstAndSecond(page);
    await expectSaved(page);

    const first = await exportHistory(page);
    assert.match(first.name, /^debate-drill-history-default-\d{4}-\d{2}-\d{2}\.json$/, `file name ${first.name}`);
    assert.equal(first.json.attempts?.length, 2, 'the export holds 2 attempts');
    assert.deepEqual(
      first.json.attempts.map((a) => a.text).sort(),
      [FIRST, SECOND].sort(),
      'the export holds both texts verbatim',
    );
    assert.deepEqual(
      first.json.attempts.map((a) => a.rating).sort(),
      [1, 4],
      'the export holds both ratings',
    );

    await deleteHistory(page);
    await until(async () => (await storedRows(page)).length === 0, {
      message: 'the stored history to be deleted',
    });

    await byTestId(page, 'import-history').first().setInputFiles(first.file);
    await waitForNotice(page, (t) => /2 new attempts/.test(t), 'a notice "… 2 new attempts …"');
    await expectAttemptCount(page, 2, { what: 'after import' });
    await expectSaved(page);

    const second = await exportHistory(page);
    assert.deepEqual(withoutExportedAt(second.json), withoutExportedAt(first.json), 'the re-export equals the first export');

    await byTestId(page, 'import-history').first().setInputFiles({
      name: 'again.json',
      mimeType: 'application/json',
      buffer: Buffer.from(first.text),
    });
    const notice = await waitForNotice(page, (t) => t.includes('again.json'), 'a notice about importing again.json');
    assert.match(notice.text, /\b0 new attempts\b/, `importing the same file again adds nothing: ${notice.text}`);
    await expectAttemptCount(page, 2, { what: 'after importing the same file again' });
  }),
);

test('an imported history is stored, texts included, even right after deleting', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const page = await openApp(context);
    await submitFirstAndSecond(page);
    await expectSaved(page);
    const first = await exportHistory(page);

    // Delete, then import the export in the same page, as a student restoring a backup would.
    await deleteHistory(page);
    await byTestId(page, 'import-history').first().setInputFiles(first.file);
    await expectAttemptCount(page, 2, { what: 'after import' });
    await expectSaved(page);
    assert.deepEqual(
      await storedTextsMissing(page),
      [],
      'every stored row has its text, inline or in IndexedDB (ids listed have text null and no IndexedDB entry)',
    );

    await reloadApp(page);
    await expectAttemptCount(page, 2, { what: 'after import and reload' });
    await openHistory(page);
    await expectHistoryContains(page, [FIRST, SECOND], 'the history after import and reload');
    const again = await exportHistory(page);
    assert.deepEqual(withoutExportedAt(again.json), withoutExportedAt(first.json), 'the export after reload equals the first');
  }),
);

test('two pages of the same site writing at once lose nothing', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const a = await openApp(context);
    const b = await openApp(context);

    // The student works in the tab in front (background tabs' animation frames are throttled).
    await a.bringToFront();
    await submitAndRate(a, FIRST);
    await expectAttemptCount(a, 1);
    await expectSaved(a);
    // B learns of A's attempt from the storage event, without a reload.
    await expectAttemptCount(b, 1, { what: 'page B after page A saved its first attempt' });

    await b.bringToFront();
    await submitAndRate(b, SECOND);
    await expectAttemptCount(b, 2);
    await expectSaved(b);
    await expectAttemptCount(a, 2, { what: 'page A after page B saved' });

    await a.bringToFront();
    await nextDrill(a);
    await submitAndRate(a, THIRD);
    await expectAttemptCount(a, 3);
    await expectSaved(a);
    await expectAttemptCount(b, 3, { what: 'page B, without reload, after page A saved again' });

    for (const [name, page] of [['A', a], ['B', b]]) {
      await page.bringToFront();
      await reloadApp(page);
      await expectAttemptCount(page, 3, { what: `page ${name} after reload` });
      await openHistory(page);
      await expectHistoryContains(page, [FIRST, SECOND, THIRD], `page ${name}'s history after reload`);
    }
  }),
);

for (const [what, refuse] of [
  ['a browser with no IndexedDB', () => Object.defineProperty(window, 'indexedDB', { value: undefined })],
  ['a database that refuses every write', () => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('refused', 'UnknownError');
    };
  }],
]) {
  test(`${what}: the history is kept in localStorage instead, silently, and survives a reload`, { timeout: TEST_TIMEOUT }, () =>
    withContext(async (context) => {
      await context.addInitScript(refuse);
      const page = await openApp(context);
      await submitAndRate(page, FIRST);
      await expectAttemptCount(page, 1);
      await expectSaved(page);
      const { database, local } = await page.evaluate(() => ({
        database: typeof indexedDB === 'undefined' ? 'none' : 'present',
        local: JSON.parse(localStorage.getItem('debate-drill:v1:default:history') ?? '{"a":[]}').a.length,
      }));
      assert.equal(local, 1, `the row is in localStorage (database: ${database})`);
      assert.deepEqual(await byTestId(page, 'notice').allInnerTexts(), [], 'no notice: nothing was lost');

      await reloadApp(page);
      await expectAttemptCount(page, 1, { what: 'after a reload' });
      await submitAndRate(page, SECOND);
      await expectAttemptCount(page, 2);
      await expectSaved(page);
      await reloadApp(page);
      await expectAttemptCount(page, 2, { what: 'after a second reload' });
      await openHistory(page);
      await expectHistoryContains(page, [FIRST, SECOND], 'both texts, kept inline in the rows');
    }),
  );
}

test('a failed write (storage full) is shown with an export offer; the attempt stays', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    // Full everywhere the rows can go: the database, and localStorage (where they go when the
    // database refuses them).
    await context.addInitScript(() => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (String(key).includes(':history')) throw new DOMException('full', 'QuotaExceededError');
        return setItem.call(this, key, value);
      };
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('full', 'QuotaExceededError');
      };
    });
    const page = await openApp(context);
    await submitAndRate(page, FIRST);
    await expectAttemptCount(page, 1);

    const notice = await waitForNotice(page, (t) => /could not be saved/i.test(t), 'a notice "… could not be saved …"');
    assert.match(notice.text, /full/i, `the notice says the storage is full: ${notice.text}`);
    assert.equal(await roleOf(notice.el), 'alert', 'the notice is an alert');
    const offer = notice.el.getByRole('button', { name: 'Export history' });
    assert.equal(await offer.count(), 1, 'the notice offers an "Export history" button');

    await openHistory(page);
    await expectHistoryContains(page, [FIRST], 'the history kept in memory');
    assert.deepEqual(await storedRows(page), [], 'nothing reached storage');

    // The offer works: the export holds the unsaved attempt.
    await closeHistory(page);
    const exported = await downloadJson(page, notice.el.getByRole('button', { name: 'Export history' }));
    assert.deepEqual(exported.json.attempts?.map((x) => x.text), [FIRST], 'the offered export holds the attempt');
  }),
);

describe('unreadable stored history is kept aside, never deleted', () => {
  const cases = [
    ['a truncated (corrupted) store', '{"v":3,"s":[],"a":[["broken"'],
    ['a store from a future version', '{"v":99,"a":[]}'],
  ];
  for (const [what, raw] of cases) {
    test(`${what}: reported, kept aside, and new attempts still save`, { timeout: TEST_TIMEOUT }, () =>
      withContext(async (context) => {
        await context.addInitScript(seedOnceScript(HISTORY_KEY(), raw));
        const page = await openApp(context);

        const notice = await waitForNotice(page, (t) => /kept aside/i.test(t), 'a notice saying the data was kept aside');
        assert.ok(['alert', 'status'].includes(await roleOf(notice.el)), 'the notice has role alert or status');
        await until(async () => quarantineHolds(await localItem(page, UNREADABLE_KEY()), raw), {
          message: `${UNREADABLE_KEY()} to hold the original text`,
        }).catch(async (err) => {
          throw new Error(`${err.message}; it holds ${JSON.stringify(await localItem(page, UNREADABLE_KEY()))}`);
        });
        await expectAttemptCount(page, 0);

        await submitAndRate(page, FIRST);
        await expectAttemptCount(page, 1);
        await expectSaved(page);
        await reloadApp(page);
        await expectAttemptCount(page, 1, { what: 'after reload' });
        assert.ok(
          quarantineHolds(await localItem(page, UNREADABLE_KEY()), raw),
          'the original text is still kept aside after a save and a reload',
        );
        await openHistory(page);
        await expectHistoryContains(page, [FIRST]);
      }),
    );
  }
});

test('reloading with unreadable data keeps one copy aside, not one more per load', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const raw = '{"v":3,"s":[],"a":[["broken"';
    await context.addInitScript(seedOnceScript(HISTORY_KEY(), raw));
    const page = await openApp(context);
    await waitForNotice(page, (t) => /kept aside/i.test(t), 'a notice saying the data was kept aside');
    await reloadApp(page);
    await reloadApp(page);
    const kept = await localItem(page, UNREADABLE_KEY());
    let copies;
    try {
      copies = JSON.parse(kept).filter((entry) => entry === raw).length;
    } catch {
      copies = kept?.split(raw).length - 1;
    }
    assert.equal(copies, 1, `after 3 loads ${UNREADABLE_KEY()} holds the unreadable text ${copies} times: ${kept}`);
  }),
);

test("an older version's rows in localStorage move to the database after a start, texts included", { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    // Version 3 of the stored rows (core::records), as versions before the database held them
    // left them: in localStorage, one text inline, the other never written (null).
    const now = Date.now();
    const row = (id, minutesAgo, text) => [id, 0, 1, 2, now - minutesAgo * 60_000, 65_000, 4_000, 0, 30, 90, 65, 12, 'mmmmm', 3, 0, text];
    const raw = JSON.stringify({
      v: 3,
      s: ['border-sovereignty', '000', '001-c1'],
      a: [row('old-1', 90, `${FIRST} (kept inline)`), row('old-2', 60, null)],
    });
    await context.addInitScript(seedOnceScript(HISTORY_KEY(), raw));
    const page = await openApp(context);
    await expectAttemptCount(page, 2, { what: 'the stored attempts, read from localStorage' });
    await until(async () => (await storedHistories(page)).database.default?.a.length === 2, {
      message: 'both rows to reach the database',
    });
    const { database, local } = await storedHistories(page);
    assert.deepEqual(local, {}, 'no rows are left in localStorage');
    assert.deepEqual(database.default.a.map((r) => r[0]).sort(), ['old-1', 'old-2']);
    assert.deepEqual(await storedTextsMissing(page), ['old-2'], 'the inline text moved beside the rows; the other never existed');

    await reloadApp(page);
    await expectAttemptCount(page, 2, { what: 'after a reload, from the database' });
    await openHistory(page);
    await expectHistoryContains(page, [FIRST], 'the moved text');
  }),
);

test('storage-key namespaces keep separate histories', { timeout: TEST_TIMEOUT }, () =>
  withContext(async (context) => {
    const a = await openApp(context, 'storage-key=course-a');
    await submitAndRate(a, FIRST);
    await expectAttemptCount(a, 1);
    await expectSaved(a);

    const b = await openApp(context, 'storage-key=course-b');
    await expectAttemptCount(b, 0, { what: 'course-b starts empty' });
    await submitAndRate(b, SECOND);
    await nextDrill(b);
    await submitAndRate(b, THIRD);
    await expectAttemptCount(b, 2);
    await expectSaved(b);

    await reloadApp(a);
    await reloadApp(b);
    await expectAttemptCount(a, 1, { what: 'course-a after reload' });
    await expectAttemptCount(b, 2, { what: 'course-b after reload' });
    await openHistory(a);
    await expectHistoryContains(a, [FIRST], 'course-a');
    assert.ok(!(await historyText(a)).includes('Xylophonist'), 'course-a does not list course-b\'s attempts');

    const plain = await openApp(context);
    await expectAttemptCount(plain, 0, { what: 'the default namespace' });
    const { database, local } = await storedHistories(plain);
    assert.deepEqual(Object.keys(database).sort(), ['course-a', 'course-b'], 'each namespace is stored under its own key');
    assert.equal(database['course-a'].a.length, 1, 'course-a holds its one attempt');
    assert.equal(database['course-b'].a.length, 2, 'course-b holds its two attempts');
    assert.deepEqual(local, {}, 'no rows are left in localStorage');
  }),
);

describe('accessibility of the history view with attempts (axe-core, WCAG 2.0/2.1 A and AA)', () => {
  for (const scheme of ['light', 'dark']) {
    test(`${scheme} mode`, { timeout: TEST_TIMEOUT }, () =>
      withContext(async (context) => {
        const page = await openApp(context, '', { before: (p) => p.emulateMedia({ colorScheme: scheme }) });
        await submitFirstAndSecond(page);
        const history = await openHistory(page);
        await expectHistoryContains(page, [FIRST, SECOND]);
        // Open every <details>: the attempts' feedback and the chart's table fallback.
        await history.locator('details').evaluateAll((all) => all.forEach((d) => (d.open = true)));
        const check = (state) => expectNoAxeViolations(page, `${scheme} mode, ${state}`);
        await check('history with attempts, everything expanded');

        const claim = page.getByRole('combobox', { name: /^Opposing claim/ });
        const value = await claim.locator('option').nth(1).getAttribute('value');
        await claim.selectOption(value);
        await byTestId(page, 'clear-history').first().click();
        await byTestId(page, 'confirm-clear').first().waitFor({ state: 'visible' });
        await check('filtered, delete confirmation shown');
      }),
    );
  }
});
