#!/usr/bin/env node
// Splits the app's WebAssembly into the module a drill needs and the modules loaded on first use
// (Trunk's post_build hook, first of the three; see src/ui/lazy.rs).
//
//   node scripts/split-wasm.mjs [DIR]        (DIR defaults to $TRUNK_STAGING_DIR)
//
// Trunk builds the crate (feature `split`, linked with --emit-relocs by .cargo/config.toml) and
// runs wasm-bindgen on the whole module. This script starts again from cargo's output:
//   1. wasm-split-cli cuts it at the `#[wasm_split]` points: a main module, one module per
//      split point, and the JS that fetches and instantiates those on first call;
//   2. wasm-bindgen makes the main module's JS, as Trunk does;
//   3. wasm-opt (release builds) shrinks every module with the same options as www/index.html's;
//   4. the files get names with one hash of all their contents, `debate-drill-<hash>.js`,
//      `…_bg.wasm`, `…-split.js`, `…-<point>.wasm`, and replace Trunk's files and names in
//      index.html, so a build that changes anything changes every name (no cache can mix two).
// embed-build.mjs and precache.mjs then run on the result as on any build.
//
// Fails (so the build fails) when a tool fails or a file is not where it should be.

import { execFile as execFileCb } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { only, runBuildStep } from './build-step.mjs';

const execFile = promisify(execFileCb);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CRATE_BIN = 'debate-drill';
const TARGET = 'wasm32-unknown-unknown';
/**
 * wasm-opt's options for every module (the benchmark's minimal app gets the same). `-ocimfs 100`:
 * a function with one caller is inlined into it only when it is small (at most 100 bytes), not
 * whatever its size, as `-Oz` alone does. Otherwise the markup the start path leaves out of line
 * (src/ui/mod.rs) is inlined back into the components a start runs, and compiled at start: with
 * it a start compiles 139 KB of code instead of 152 (`node scripts/start-functions.mjs`), and the
 * main module is 1.9 KB smaller (`gzip -9`) than with `-Oz` alone.
 */
export const WASM_OPT = ['-Oz', '-ocimfs', '100', '--strip-debug', '--strip-producers'];
/** What wasm-split-cli names its outputs (its defaults). */
const LINK_MODULE = '__wasm_split.js';
const STEM = 'main';

async function run(command, args) {
  try {
    return await execFile(command, args, { maxBuffer: 64 << 20 });
  } catch (err) {
    throw new Error(`${command} ${args.join(' ')} failed: ${(err.stderr || err.message).trim()}`);
  }
}

async function cargoTargetDir() {
  if (process.env.CARGO_TARGET_DIR) return path.resolve(process.env.CARGO_TARGET_DIR);
  const { stdout } = await run('cargo', ['metadata', '--format-version', '1', '--no-deps', '--manifest-path', path.join(ROOT, 'Cargo.toml')]);
  return JSON.parse(stdout).target_directory;
}

/** Replaces every `from` in text, failing when there is none (the tools' output changed). */
function replaceAll(text, from, to, where) {
  if (!text.includes(from)) throw new Error(`${where} does not mention ${from}`);
  return text.split(from).join(to);
}

export async function splitBuild(dir, { release = true } = {}) {
  const profile = release ? 'release' : 'debug';
  const targetDir = await cargoTargetDir();
  const input = path.join(targetDir, TARGET, profile, `${CRATE_BIN}.wasm`);
  // Kept after the build, as Trunk keeps target/wasm-bindgen/: scripts/bench reads the modules
  // before wasm-opt (function names) from here.
  const work = path.join(targetDir, 'wasm-split', profile);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const optimised = path.join(work, 'opt');
  await mkdir(optimised);
  await run('wasm-split-cli', [input, work, '--out-name', STEM]);
  const parts = (await readdir(work)).filter((file) => file.endsWith('.wasm') && file !== `${STEM}.wasm`);
  if (parts.length === 0) throw new Error(`wasm-split-cli found no split point in ${input} (built without --features split?)`);
  // --keep-lld-exports: the split modules import the function table, which wasm-bindgen
  // otherwise stops exporting.
  await run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--out-dir', work, '--out-name', STEM, path.join(work, `${STEM}.wasm`)]);
  const modules = [`${STEM}_bg.wasm`, ...parts];
  const built = (file) => path.join(release ? optimised : work, file);
  if (release) {
    await Promise.all(modules.map((file) => run('wasm-opt', [...WASM_OPT, path.join(work, file), '-o', built(file)])));
  }

  let bindings = await readFile(path.join(work, `${STEM}.js`), 'utf8');
  let link = await readFile(path.join(work, LINK_MODULE), 'utf8');
  const contents = { [`${STEM}.js`]: bindings, [LINK_MODULE]: link };
  for (const file of modules) contents[file] = await readFile(built(file));
  const hash = createHash('sha256');
  for (const [file, content] of Object.entries(contents)) hash.update(`${file}\0`).update(content).update('\0');
  const stem = `${CRATE_BIN}-${hash.digest('hex').slice(0, 16)}`;

  // The names each file is known by to the others, old → new.
  const names = { [`${STEM}.js`]: `${stem}.js`, [`${STEM}_bg.wasm`]: `${stem}_bg.wasm`, [LINK_MODULE]: `${stem}-split.js` };
  for (const part of parts) names[part] = `${stem}-${part.replace(/^split_/, '')}`;
  // Only the JS import moves: the same name is also the WASM's import module, a key of the
  // imports object, which must stay as the module was linked.
  bindings = replaceAll(bindings, `from "./${LINK_MODULE}"`, `from "./${names[LINK_MODULE]}"`, 'the wasm-bindgen JS');
  link = replaceAll(link, `from "./${STEM}.js"`, `from "./${names[`${STEM}.js`]}"`, LINK_MODULE);
  for (const part of parts) link = replaceAll(link, `new URL("./${part}"`, `new URL("./${names[part]}"`, LINK_MODULE);

  // Trunk's files make way for these; index.html names them.
  const staged = await readdir(dir);
  const trunkWasm = only(staged, /^debate-drill-[0-9a-f]+_bg\.wasm$/, "Trunk's WASM file");
  const trunkStem = trunkWasm.replace(/_bg\.wasm$/, '');
  for (const file of staged.filter((name) => name.startsWith(`${trunkStem}`) && /\.(js|wasm)$/.test(name))) {
    await unlink(path.join(dir, file));
  }
  await writeFile(path.join(dir, names[`${STEM}.js`]), bindings);
  await writeFile(path.join(dir, names[LINK_MODULE]), link);
  for (const file of modules) await writeFile(path.join(dir, names[file]), contents[file]);
  const indexPath = path.join(dir, 'index.html');
  let index = await readFile(indexPath, 'utf8');
  index = replaceAll(index, trunkStem, stem, 'index.html');
  await writeFile(indexPath, index);
  return { stem, files: Object.values(names) };
}

await runBuildStep(import.meta.url, 'split', async (dir) => {
  const { files } = await splitBuild(dir, { release: process.env.TRUNK_PROFILE !== 'debug' });
  return files.join(', ');
});
