#!/usr/bin/env node
// Bundles the app page's script (Trunk's post_build hook, after embed-build.mjs and before
// precache.mjs).
//
//   node scripts/page-bundle.mjs [DIR]        (DIR defaults to $TRUNK_STAGING_DIR)
//
// index.html loads one script: www/loader.js bundled (esbuild) with what it imports, embed.js
// (as embed-build.mjs finished it) and the wasm-bindgen JS with the split loader, into
// loader-<hash>.js, which index.html then names. Four modules that import one another start the
// app later than one script with the same code (alternated loads, CPU 4x: paired ratios 0.92-0.96,
// docs/performance.md). Course pages keep loading embed.js, which imports the bindings itself;
// those files stay in the build.
//
// The bundle starts with V8's compile hint `//# allFunctionsCalledOnLoad`: Chromium compiles a
// script that size while it streams in, off the main thread, and with the hint it compiles every
// function then, instead of each one on the main thread at its first call (most of the bindings'
// functions are called during a start). In a trace of a start, the main thread's lazy JS
// compilations fell from 243 to 109 (those left are Playwright's), and alternated loads started
// 7 % sooner (paired ratio 0.93, 81 rounds).
//
// Fails (so the build fails) if a file is not where it should be. Run again on a bundled build,
// it changes nothing.

import { readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { contentHash, mainModule, runBuildStep } from './build-step.mjs';

const SOURCE = 'loader.js';
/** V8's per-file compile hint: compile every function of the script eagerly, while it streams. */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
/** What www/loader.js imports in place of the wasm-bindgen JS's hashed name. */
const BINDINGS_PLACEHOLDER = './__DD_BINDINGS__';
const BUNDLE = /^loader-[0-9a-f]{16}\.js$/;
const SCRIPT = /<script type="module" src="\.\/(loader(?:-[0-9a-f]{16})?\.js)"><\/script>/;

/** The page's script as one ES module: `entry` with everything it imports, bindings included. */
async function bundle(entry, bindings) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    charset: 'utf8',
    // First line of the file, where V8 looks for it.
    banner: { js: COMPILE_HINT },
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'hashed-bindings',
        setup(plugin) {
          plugin.onResolve({ filter: new RegExp(`^${BINDINGS_PLACEHOLDER.replaceAll('.', '\\.')}$`) }, () => ({ path: bindings }));
        },
      },
    ],
  });
  const [output] = result.outputFiles;
  return output.text;
}

/** @returns {Promise<string>} the bundle's file name */
export async function bundlePage(dir) {
  const files = await readdir(dir);
  const indexPath = path.join(dir, 'index.html');
  const index = await readFile(indexPath, 'utf8');
  const loaded = index.match(SCRIPT)?.[1];
  if (!loaded) throw new Error(`index.html has no <script type="module" src="./${SOURCE}"> to bundle`);
  if (BUNDLE.test(loaded)) {
    if (!files.includes(loaded)) throw new Error(`index.html loads ${loaded}, which is not in the build`);
    return loaded;
  }
  const source = await readFile(path.join(dir, SOURCE), 'utf8');
  if (!source.includes(`from '${BINDINGS_PLACEHOLDER}'`)) throw new Error(`${SOURCE} does not import ${BINDINGS_PLACEHOLDER}`);
  const { bindings } = mainModule(files);
  const text = await bundle(path.join(dir, SOURCE), path.join(dir, bindings));
  if (text.includes('__DD_')) throw new Error('the bundle still has a __DD_ placeholder (embed-build.mjs did not run first?)');
  const name = `loader-${contentHash(text)}.js`;
  for (const old of files.filter((file) => BUNDLE.test(file) && file !== name)) await unlink(path.join(dir, old));
  await writeFile(path.join(dir, name), text);
  // The unbundled source cannot run as it is (it imports a placeholder).
  await unlink(path.join(dir, SOURCE));
  await writeFile(indexPath, index.replace(SCRIPT, `<script type="module" src="./${name}"></script>`));
  return name;
}

await runBuildStep(import.meta.url, 'page', async (dir) => `index.html loads ${await bundlePage(dir)}`);
