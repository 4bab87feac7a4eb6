#!/usr/bin/env node
// Writes the service worker's precache list and cache version into a built app's sw.js.
//
//   node scripts/precache.mjs [DIR]
//
// DIR defaults to $TRUNK_STAGING_DIR: Trunk runs this as its post_build hook (Trunk.toml), on
// the finished build before it moves to dist/. It can also be run on any built copy of the app
// (the end-to-end tests do, to publish a "new build"); running it twice is harmless.
//
// Every file of DIR except sw.js is listed (HTML, the hashed JS, WASM and CSS Trunk writes,
// the manifest, the icons). VERSION is a hash of their names and contents, so a build that
// changes any file gets a new cache, and one that changes nothing keeps the old one.
// In a debug build (TRUNK_PROFILE=debug, i.e. `trunk serve`) the list is left empty, so the
// worker caches nothing and never serves stale files while developing.

import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';

const WORKER = 'sw.js';

/** Paths (with '/') of the files under dir, sorted; hidden files and the worker left out. */
async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file !== WORKER && !file.split('/').some((part) => part.startsWith('.')))
    .sort();
}

function replaceLine(source, name, value) {
  const pattern = new RegExp(`^const ${name} = .*;$`, 'm');
  if (!pattern.test(source)) throw new Error(`${WORKER} has no line "const ${name} = ...;"`);
  return source.replace(pattern, () => `const ${name} = ${JSON.stringify(value)};`);
}

async function writePrecache(dir, { debug = false } = {}) {
  const files = await listFiles(dir);
  if (!files.includes('index.html')) throw new Error(`${dir} has no index.html: not a built app`);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(dir, file)));
    hash.update('\0');
  }
  const version = (debug ? 'debug-' : '') + hash.digest('hex').slice(0, 16);
  const precache = debug ? [] : files;
  const worker = path.join(dir, WORKER);
  let source = await readFile(worker, 'utf8');
  source = replaceLine(source, 'VERSION', version);
  source = replaceLine(source, 'PRECACHE', precache);
  await writeFile(worker, source);
  return { version, files: precache };
}

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('usage: node scripts/precache.mjs DIR   (or run as a Trunk hook, with TRUNK_STAGING_DIR)');
  process.exit(2);
}
try {
  const debug = process.env.TRUNK_PROFILE === 'debug';
  const { version, files } = await writePrecache(dir, { debug });
  console.log(`precache: ${files.length} files, cache version ${version}${debug ? ' (debug build: nothing cached)' : ''}`);
} catch (err) {
  console.error(`precache: ${err.message}`);
  process.exit(1);
}
