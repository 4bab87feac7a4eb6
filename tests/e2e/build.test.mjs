// The release build's finishing steps (scripts/split-wasm.mjs, scripts/embed-build.mjs and
// scripts/page-bundle.mjs, Trunk's post_build hook), checked on dist/ as built: what they write,
// and that running them again changes nothing.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { finishEmbedding } from '../../scripts/embed-build.mjs';
import { bundlePage } from '../../scripts/page-bundle.mjs';
import { DIST_DIR, ROOT } from './harness.mjs';

/** The scripts of a build: index.html's one script (the page bundle), embed.js and the wasm-bindgen module. */
async function startModules(dir) {
  const files = await readdir(dir);
  const bindings = files.find((file) => /^debate-drill-[0-9a-f]+\.js$/.test(file));
  assert.ok(bindings, `a wasm-bindgen module in ${dir}`);
  const index = await readFile(path.join(dir, 'index.html'), 'utf8');
  const scripts = [...index.matchAll(/<script\b[^>]*\bsrc="\.\/([^"]+)"/g)].map(([, src]) => src);
  assert.equal(scripts.length, 1, `index.html loads one script: ${scripts.join(', ')}`);
  return [scripts[0], 'embed.js', bindings];
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

test('index.html loads one script: loader.js bundled with embed.js and the wasm-bindgen module', async () => {
  const [page, , bindings] = await startModules(DIST_DIR);
  assert.match(page, /^loader-[0-9a-f]{16}\.js$/, 'the bundle has a content hash in its name');
  const files = await readdir(DIST_DIR);
  assert.ok(!files.includes('loader.js'), 'the unbundled loader (it imports a placeholder) is not served');
  const text = await readFile(path.join(DIST_DIR, page), 'utf8');
  assert.doesNotMatch(text, /^\s*(import|export)\b[^(]/m, 'no static import or export: one script, nothing more to fetch');
  assert.doesNotMatch(text, /__DD_/, 'every placeholder replaced');
  assert.match(text, /\buseBundledBindings\(/, 'the page hands its bundled bindings to embed.js');
  assert.ok(text.startsWith('//# allFunctionsCalledOnLoad\n'), "V8's compile hint is the bundle's first line");
  const glue = await readFile(path.join(DIST_DIR, bindings), 'utf8');
  for (const name of glue.match(/__wbg_\w+_[0-9a-f]{16}/g) ?? []) assert.ok(text.includes(name), `the bundle has the bindings' ${name}`);
  const index = await readFile(path.join(DIST_DIR, 'index.html'), 'utf8');
  assert.doesNotMatch(index, /modulepreload/, 'no module to preload beside the bundle');
});

test('finishing a build twice gives the same files', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'debate-drill-build-'));
  try {
    await cp(DIST_DIR, dir, { recursive: true });
    const modules = [...(await startModules(dir)), 'index.html'];
    const before = await Promise.all(modules.map((file) => readFile(path.join(dir, file), 'utf8')));
    const filesBefore = await readdir(dir);
    await finishEmbedding(dir);
    await bundlePage(dir);
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
  assert.ok(index.includes(`href="./${stem}_bg.wasm"`), `index.html preloads ${stem}_bg.wasm`);
  // The page's bundle carries the split loader, so the app's own page fetches the same modules.
  const [page] = await startModules(DIST_DIR);
  const pageText = await readFile(path.join(DIST_DIR, page), 'utf8');
  for (const part of parts) assert.ok(pageText.includes(`new URL("./${part}"`), `the page's bundle fetches ${part} by its name`);
});
