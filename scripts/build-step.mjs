// What the scripts of Trunk's post_build hook share: run as `node scripts/NAME.mjs [DIR]`, with
// DIR defaulting to $TRUNK_STAGING_DIR; exit 2 without a directory, 1 when the step fails (so
// the build fails), with the step's name before every message.

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
