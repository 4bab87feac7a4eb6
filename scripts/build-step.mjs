// What the scripts of Trunk's post_build hook share: run as `node scripts/NAME.mjs [DIR]`, with
// DIR defaulting to $TRUNK_STAGING_DIR; exit 2 without a directory, 1 when the step fails (so
// the build fails), with the step's name before every message; and how they find and name the
// build's files.

import { createHash } from 'node:crypto';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

/**
 * Runs `step(dir)` and prints the line it returns, when the module at `moduleUrl` is the script
 * node was started with (not when it is imported, by a test say).
 * @param {string} moduleUrl the caller's import.meta.url
 * @param {string} name short name for messages ("split", "embed")
 * @param {(dir: string) => Promise<string>} step
 */
export async function runBuildStep(moduleUrl, name, step) {
  const script = fileURLToPath(moduleUrl);
  if (!process.argv[1] || path.resolve(process.argv[1]) !== script) return;
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error(`usage: node scripts/${path.basename(script)} DIR   (or run as a Trunk hook, with TRUNK_STAGING_DIR)`);
    process.exit(2);
  }
  try {
    console.log(`${name}: ${await step(dir)}`);
  } catch (err) {
    console.error(`${name}: ${err.message}`);
    process.exit(1);
  }
}

/** The one file of `files` that matches `pattern`; `what` names it in the error otherwise. */
export function only(files, pattern, what) {
  const found = files.filter((file) => pattern.test(file));
  if (found.length !== 1) {
    throw new Error(`expected one ${what} (${pattern}) in the build, found ${found.length}: ${found.join(', ')}`);
  }
  return found[0];
}

/** The 16 hex digits of a file's SHA-256 that name it, so a changed file gets a new name. */
export const contentHash = (content) => createHash('sha256').update(content).digest('hex').slice(0, 16);

/** The build's main WebAssembly module and the wasm-bindgen JS beside it, as names in `files`. */
export function mainModule(files) {
  const wasm = only(files, /_bg\.wasm$/, 'WASM file');
  const bindings = wasm.replace(/_bg\.wasm$/, '.js');
  if (!files.includes(bindings)) throw new Error(`no ${bindings} next to ${wasm}`);
  return { wasm, bindings };
}
