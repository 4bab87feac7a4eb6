// The release build's finishing steps (scripts/split-wasm.mjs and scripts/embed-build.mjs, Trunk's
// post_build hook), checked on dist/ as built: what they write, and that finishing the embedding
// again changes nothing.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { finishEmbedding } from '../../scripts/embed-build.mjs';
import { DIST_DIR, ROOT } from './harness.mjs';

/** What a page loads to start: the loader, embed.js and the wasm-bindgen module. */
async function startModules(dir) {
  const files = await readdir(dir);
  const bindings = files.find((file) => /^debate-drill-[0-9a-f]+\.js$/.test(file));
  assert.ok(bindings, `a wasm-bindgen module in ${dir}`);
  return ['loader.js', 'embed.js', bindings];
}

test('embed.js names the files of this build', async () => {
  const [, embed, bindings] = await startModules(DIST_DIR);
  const text = await readFile(path.join(DIST_DIR, embed), 'utf8');
  const wasm = bindings.replace(/\.js$/, '_bg.wasm');
  const stylesheet = (await readdir(DIST_DIR)).find((file) => /^widget-[0-9a-f]+\.css$/.test(file));
  assert.ok(stylesheet, 'a widget stylesheet');
  const decks = (await readdir(DIST_DIR)).filter((file) => /^border-deck.*\.packed$/.test(file));
  assert.equal(decks.length, 1, `one built-in deck, with its hash: ${decks.join(', ')}`);
  const deck = decks[0];
  const packed = await readFile(path.join(DIST_DIR, deck));
  assert.ok(packed.equals(await readFile(path.join(ROOT, 'data', 'border-deck.packed'))), `${deck} is data/border-deck.packed`);
  const index = await readFile(path.join(DIST_DIR, 'index.html'), 'utf8');
  assert.ok(index.includes(`<link rel="preload" href="./${deck}" as="fetch" crossorigin="anonymous" />`), 'index.html preloads the deck');
  for (const [name, file] of [['BINDINGS', bindings], ['WASM', wasm], ['STYLESHEET', stylesheet], ['DECK', deck]]) {
    assert.ok(text.includes(`const ${name} = './${file}';`), `embed.js: const ${name} = './${file}'`);
  }
});

test('finishing a build twice gives the same files', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'debate-drill-build-'));
  try {
    await cp(DIST_DIR, dir, { recursive: true });
    const modules = [...(await startModules(dir)), 'index.html'];
    const before = await Promise.all(modules.map((file) => readFile(path.join(dir, file), 'utf8')));
    const filesBefore = await readdir(dir);
    await finishEmbedding(dir);
    const after = await Promise.all(modules.map((file) => readFile(path.join(dir, file), 'utf8')));
    assert.deepEqual(after, before);
    assert.deepEqual(await readdir(dir), filesBefore, 'the same file names (the deck keeps its hashed name)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the split build: every module of one build names the others by its one hash', async () => {
  const files = await readdir(DIST_DIR);
  const [, , bindings] = await startModules(DIST_DIR);
  const stem = bindings.replace(/\.js$/, '');
  const link = `${stem}-split.js`;
  const parts = files.filter((file) => file.startsWith(`${stem}-`) && file.endsWith('.wasm'));
  // One module per split point (src/ui/lazy.rs), and chunks of code they share.
  for (const point of ['practice', 'views', 'decks']) assert.ok(parts.includes(`${stem}-${point}.wasm`), `the ${point} module`);
  assert.ok(parts.every((part) => /-(practice|views|decks|chunk_\d+)\.wasm$/.test(part)), `split modules: ${parts.join(', ')}`);
  assert.ok(files.includes(`${stem}_bg.wasm`) && files.includes(link), `${stem}_bg.wasm and ${link}`);
  const others = files.filter((file) => /^debate-drill-/.test(file) && !file.startsWith(stem));
  assert.deepEqual(others, [], 'no file of another build');

  const bindingsText = await readFile(path.join(DIST_DIR, bindings), 'utf8');
  assert.ok(bindingsText.includes(`from "./${link}"`), 'the bindings import the split loader by its name');
  const linkText = await readFile(path.join(DIST_DIR, link), 'utf8');
  assert.ok(linkText.includes(`from "./${bindings}"`), 'the split loader imports the bindings by their name');
  const index = await readFile(path.join(DIST_DIR, 'index.html'), 'utf8');
  for (const part of parts) {
    assert.ok(linkText.includes(`new URL("./${part}"`), `the split loader fetches ${part} by its name`);
    assert.ok(!index.includes(part), `index.html does not load ${part}`);
  }
  for (const file of [bindings, link, `${stem}_bg.wasm`]) assert.ok(index.includes(`href="./${file}"`), `index.html preloads ${file}`);
});
