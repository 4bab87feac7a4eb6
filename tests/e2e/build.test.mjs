// The release build's finishing step (scripts/embed-build.mjs, Trunk's post_build hook), checked
// on dist/ as built: what it writes, and that running it again changes nothing.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { finishEmbedding } from '../../scripts/embed-build.mjs';
import { DIST_DIR } from './harness.mjs';

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
  for (const [name, file] of [['BINDINGS', bindings], ['WASM', wasm], ['STYLESHEET', stylesheet]]) {
    assert.ok(text.includes(`const ${name} = './${file}';`), `embed.js: const ${name} = './${file}'`);
  }
});

test('finishing a build twice gives the same files', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'debate-drill-build-'));
  try {
    await cp(DIST_DIR, dir, { recursive: true });
    const modules = await startModules(dir);
    const before = await Promise.all(modules.map((file) => readFile(path.join(dir, file), 'utf8')));
    await finishEmbedding(dir);
    const after = await Promise.all(modules.map((file) => readFile(path.join(dir, file), 'utf8')));
    assert.deepEqual(after, before);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
