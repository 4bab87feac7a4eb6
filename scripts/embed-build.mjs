#!/usr/bin/env node
// Finishes the embedding files of a built app (Trunk's post_build hook, before precache.mjs).
//
//   node scripts/embed-build.mjs [DIR]        (DIR defaults to $TRUNK_STAGING_DIR)
//
// 1. The widget's stylesheet for shadow roots, widget-<hash>.css: the build's style-*.css with
//    every `rem` length in a declaration turned into calc(N * var(--dd-rem)). In a shadow root
//    `rem` would follow the *course page's* root font size (a page with `html {font-size: 10px}`
//    or `* {font-size: 40px !important}` would shrink or blow up the widget); --dd-rem is the
//    widget's own unit, 1em of its root (see www/style.css and www/embed.js).
// 2. The built-in deck, border-deck.packed (Trunk copies it from data/), renamed with a hash of
//    its bytes, and named in index.html's preload link.
// 3. embed.js: the hashed names of the wasm-bindgen module, the WASM file, that stylesheet and
//    the deck, written into its `const BINDINGS/WASM/STYLESHEET/DECK = '...';` lines.
//
// Fails (so the build fails) if any of these files cannot be found. Running it twice is harmless.

import { readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contentHash, mainModule, only, runBuildStep } from './build-step.mjs';

const EMBED = 'embed.js';

/** The built-in deck as Trunk copies it, and as this script names it. */
const DECK = /^border-deck(?:-[0-9a-f]{16})?\.packed$/;

/** `rem` lengths in declarations become the widget's own unit; @media/@container preludes stay. */
export function shadowCss(css) {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return withoutComments.replace(/([^{};]*)([{};]|$)/g, (whole, text, delimiter) =>
    delimiter === '{'
      ? whole
      : text.replace(/(^|[^\w.-])(-?(?:\d+\.?\d*|\.\d+))rem\b/g, '$1calc($2 * var(--dd-rem))') + delimiter,
  );
}

function replaceConst(source, name, value) {
  const pattern = new RegExp(`^const ${name} = '.*';$`, 'm');
  if (!pattern.test(source)) throw new Error(`${EMBED} has no line "const ${name} = '...';"`);
  return source.replace(pattern, () => `const ${name} = './${value}';`);
}

export async function finishEmbedding(dir) {
  const files = await readdir(dir);
  const { wasm, bindings } = mainModule(files);
  // The page's stylesheet is the one index.html links (Trunk's hashed copy of www/style.css).
  const html = await readFile(path.join(dir, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/g)]
    .map(([tag]) => tag.match(/\bhref="(?:\.\/)?([^"]+)"/)?.[1])
    .filter(Boolean);
  if (linked.length !== 1) throw new Error(`index.html should link one stylesheet, links ${linked.length}`);
  const css = shadowCss(await readFile(path.join(dir, linked[0]), 'utf8'));
  const hash = contentHash(css);
  const stylesheet = `widget-${hash}.css`;
  for (const old of files.filter((file) => /^widget-[0-9a-f]+\.css$/.test(file) && file !== stylesheet)) {
    await unlink(path.join(dir, old));
  }
  await writeFile(path.join(dir, stylesheet), css);
  const deckFile = only(files, DECK, 'built-in deck');
  const deckBytes = await readFile(path.join(dir, deckFile));
  const deck = `border-deck-${contentHash(deckBytes)}.packed`;
  if (deckFile !== deck) {
    await writeFile(path.join(dir, deck), deckBytes);
    await unlink(path.join(dir, deckFile));
  }
  const preload = /\.\/border-deck(?:-[0-9a-f]{16})?\.packed"/g;
  if (!preload.test(html)) throw new Error('index.html has no preload link for ./border-deck.packed');
  await writeFile(path.join(dir, 'index.html'), html.replace(preload, `./${deck}"`));
  let embed = await readFile(path.join(dir, EMBED), 'utf8');
  embed = replaceConst(embed, 'BINDINGS', bindings);
  embed = replaceConst(embed, 'WASM', wasm);
  embed = replaceConst(embed, 'STYLESHEET', stylesheet);
  embed = replaceConst(embed, 'DECK', deck);
  await writeFile(path.join(dir, EMBED), embed);
  return { bindings, wasm, stylesheet, deck };
}

await runBuildStep(import.meta.url, 'embed', async (dir) => {
  const { bindings, wasm, stylesheet, deck } = await finishEmbedding(dir);
  return `${EMBED} loads ${bindings}, ${wasm}, ${stylesheet} and ${deck}`;
});
