#!/usr/bin/env node
// The budgets of issue 8, measured side by side in one run: size, start-up, typing, history, memory.
//
// Not a test (scripts/test does not run it). `scripts/bench` builds the release into dist/ and then
// runs this; to measure dist/ as it is:
//   node scripts/bench.mjs [--runs N] [--skip-build] [--only size,startup,typing,history,memory]
//
// What it measures (docs/performance.md says why and how, with the latest figures):
//   size     gzip -9 of every file index.html loads on first load (found by parsing index.html and
//            the JS modules it imports; checked against the requests of a real load), total and
//            WASM alone; the same for a minimal Yew counter app built here with the project's
//            [profile.release], for scale. With `twiggy` on PATH, the WASM's top contributors
//            (items and crates) in the module before wasm-opt; informative only.
//   startup  median navigation -> [data-testid=drill-ready] over N cold loads (4x CPU throttle),
//            against the minimal Yew app's median measured in the same run, loads interleaved.
//   history  the same start-up with 10,000 stored attempts against an empty store (interleaved
//            with the start-up loads when both run).
//   typing   a 300-word rebuttal typed key by key (4x CPU throttle); per keystroke the time from
//            the keydown's event.timeStamp to the first animation frame after every `input`
//            handler ran (Event Timing and long tasks as a cross-check).
//   memory   WASM linear memory + JS heap (CDP Runtime.getHeapUsage after a GC) after 50 drills.
//
// Prints each section's details, then one table (figure, value, budget, PASS/FAIL) and a line per
// missed budget. Exit code: 0 every budget met, 1 a budget missed, 2 an error (a figure could not
// be measured, a build failed).

import { execFile, spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DIST_DIR, ROOT, byTestId, launchBrowser, startServer } from '../tests/e2e/harness.mjs';
import { WASM_OPT } from './split-wasm.mjs';
import { expectAttemptCount, nextDrill, rebuttal, submitAndRate } from '../tests/e2e/drill-helpers.mjs';
import {
  BUDGET_RATIO as HISTORY_RATIO,
  makeRows,
  alternateLoads,
  expectShown,
  firstLoadShowing,
  measureLoad,
  medianRatioInterval,
  savesSettled,
  seedHistory,
  startMeasuredServer,
  summarize,
} from './bench-history.mjs';
import { launchCdpBrowser } from './cdp.mjs';

const KB = 1024;
const MB = 1024 * 1024;

/** The budgets of issue 8. */
export const BUDGETS = {
  firstLoadGzip: 160 * KB,
  wasmGzip: 130 * KB,
  startupRatio: 1.5,
  keystrokeMs: 50,
  historyRatio: HISTORY_RATIO,
  memoryBytes: 16 * MB,
};
/** What issue 8 quotes for a minimal Yew counter app built with the same profile, for scale. */
const SCALE = { total: 57 * KB, wasm: 51 * KB, js: 6 * KB };

const SECTIONS = ['size', 'startup', 'typing', 'history', 'memory'];
const CPU_RATE = 4;
// The issue asks for at least 10 loads. On this shared 2-core machine one load of a build takes
// anywhere from 1x to 3x its fastest time, and the ratio of two medians of 41 loads moved by about
// 10 % from run to run of one build (docs/performance.md); 101 loads narrow its interval by a
// third, for about 90 s more.
const DEFAULT_RUNS = 101;
const HISTORY_ATTEMPTS = 10_000;
const TYPED_WORDS = 300;
const DRILLS = 50;
const READY = '[data-testid="drill-ready"]';
const MINIMAL_DIR = path.join(ROOT, 'target', 'bench-minimal');

// Tools the minimal build and twiggy need, as scripts/lib.sh puts them on PATH.
const TOOL_PATH = [path.join(ROOT, 'node_modules', '.bin'), path.join(os.homedir(), '.cargo', 'bin'), process.env.PATH].join(path.delimiter);

// ---------------------------------------------------------------------------
// Options, output.

function usage() {
  return (
    'usage: node scripts/bench.mjs [--runs N (>= 10, default 101)] [--skip-build]\n' +
    `                              [--only ${SECTIONS.join(',')}]\n` +
    '  (scripts/bench builds the release first; --skip-build there measures dist/ as it is)'
  );
}

function parseArgs(argv) {
  const options = { runs: DEFAULT_RUNS, skipBuild: false, only: new Set(SECTIONS) };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (name === '--skip-build') options.skipBuild = true;
    else if (name === '--runs') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 10) throw new UsageError(`--runs must be a whole number >= 10\n${usage()}`);
      options.runs = n;
    } else if (name === '--only') {
      const list = String(value() ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const bad = list.filter((s) => !SECTIONS.includes(s));
      if (!list.length || bad.length) throw new UsageError(`--only takes ${SECTIONS.join(',')}; got ${JSON.stringify(list.join(','))}\n${usage()}`);
      options.only = new Set(list);
    } else if (name === '-h' || name === '--help') {
      options.help = true;
    } else throw new UsageError(`unknown argument ${argv[i]}\n${usage()}`);
  }
  return options;
}

class UsageError extends Error {}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / MB).toFixed(2)} MB`;
const ms = (x) => `${Math.round(x)} ms`;
const int = (n) => n.toLocaleString('en');
const heading = (title) => console.log(`\n== ${title} ==`);

/** Results: one row per budget; `fail` explains a missed budget, `error` a figure not measured. */
const results = [];
function record(row) {
  results.push(row);
  const mark = row.error ? 'ERROR' : row.pass ? 'PASS' : 'FAIL';
  console.log(`-> ${row.figure}: ${row.value ?? '-'} (budget ${row.budget}) ${mark}`);
}

// ---------------------------------------------------------------------------
// Builds.

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('error', (err) => reject(new Error(`${command}: ${err.message}`)));
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

/** The version of `name` pinned in Cargo.lock. */
function lockVersion(lock, name) {
  const match = lock.match(new RegExp(`\\[\\[package\\]\\]\\nname = "${name}"\\nversion = "([^"]+)"`));
  if (!match) throw new Error(`no ${name} in Cargo.lock`);
  return match[1];
}

/** Attributes of the first `<link data-trunk rel="rust" …>` of an index.html. */
function rustLink(html) {
  for (const tag of tags(html, 'link')) {
    if ('data-trunk' in tag.attrs && tag.attrs.rel === 'rust') return tag.attrs;
  }
  throw new Error('www/index.html has no <link data-trunk rel="rust">');
}

async function writeIfChanged(file, content) {
  const before = await readFile(file, 'utf8').catch(() => null);
  if (before !== content) await writeFile(file, content);
}

/**
 * Generates the minimal Yew counter app in target/bench-minimal/app (sources rewritten only when
 * they change, so cargo's cache under target/bench-minimal/target stays valid) and builds it with
 * Trunk like the project: the project's [profile.release], yew with "csr" and wasm-bindgen at the
 * versions of the project's Cargo.lock (copied in, so every shared dependency resolves alike), the
 * project's wasm-opt level and parameters. Returns its dist directory.
 */
async function buildMinimal({ skipBuild }) {
  const app = path.join(MINIMAL_DIR, 'app');
  const dist = path.join(MINIMAL_DIR, 'dist');
  if (skipBuild && (await exists(path.join(dist, 'index.html')))) {
    console.log(`minimal Yew app: --skip-build, using ${path.relative(ROOT, dist)}/ as built before`);
    return dist;
  }
  const cargoToml = await readFile(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const lock = await readFile(path.join(ROOT, 'Cargo.lock'), 'utf8');
  const profile = cargoToml.match(/^\[profile\.release\]\n(?:(?!\[)[^\n]*\n?)*/m)?.[0];
  if (!profile) throw new Error('Cargo.toml has no [profile.release]');
  const link = rustLink(await readFile(path.join(ROOT, 'www', 'index.html'), 'utf8'));
  // The app's wasm-opt runs in scripts/split-wasm.mjs (www/index.html turns Trunk's off): the
  // minimal app gets the same options through Trunk.
  if (link['data-wasm-opt'] === '0') {
    const [level, ...params] = WASM_OPT;
    link['data-wasm-opt'] = level.replace(/^-O/, '');
    link['data-wasm-opt-params'] = params.join(' ');
  }
  const wasmBindgen = lockVersion(lock, 'wasm-bindgen');
  const yew = lockVersion(lock, 'yew');
  const attr = (name) => (link[name] === undefined ? '' : ` ${name}="${link[name]}"`);

  await mkdir(path.join(app, 'src'), { recursive: true });
  await writeIfChanged(
    path.join(app, 'Cargo.toml'),
    `# Generated by scripts/bench.mjs: a minimal Yew app built like Debate Drill, for scale.
[package]
name = "bench-minimal"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
yew = { version = "=${yew}", features = ["csr"] }
wasm-bindgen = "=${wasmBindgen}"

[workspace]

# Copied from Debate Drill's Cargo.toml at run time.
${profile.trim()}
`,
  );
  await writeIfChanged(path.join(app, 'Cargo.lock'), lock);
  await writeIfChanged(
    path.join(app, 'src', 'main.rs'),
    `// Generated by scripts/bench.mjs: a counter, the smallest useful Yew app.
use yew::prelude::*;

#[component]
fn App() -> Html {
    let count = use_state(|| 0u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! {
        <main data-testid="drill-ready">
            <p>{ *count }</p>
            <button {onclick}>{ "+1" }</button>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
`,
  );
  await writeIfChanged(
    path.join(app, 'index.html'),
    `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Minimal Yew counter (bench)</title>
    <link data-trunk rel="rust" href="Cargo.toml" data-bin="bench-minimal"${attr('data-wasm-opt')}${attr('data-wasm-opt-params')} />
  </head>
  <body></body>
</html>
`,
  );
  await writeIfChanged(
    path.join(app, 'Trunk.toml'),
    `[build]
target = "index.html"
dist = ${JSON.stringify(dist)}
public_url = "./"

[tools]
wasm_bindgen = "${wasmBindgen}"
`,
  );
  console.log(`minimal Yew app: yew ${yew}, wasm-bindgen ${wasmBindgen}, the project's [profile.release]; trunk build --release --offline in ${path.relative(ROOT, app)}/`);
  await run('trunk', ['build', '--release', '--offline'], {
    cwd: app,
    env: {
      ...process.env,
      PATH: TOOL_PATH,
      CARGO_TARGET_DIR: path.join(MINIMAL_DIR, 'target'),
      CARGO_TERM_PROGRESS_WHEN: 'never',
      // The project's .cargo/config.toml flags for wasm32 (its codegen options), but not the
      // --emit-relocs the app is linked with for splitting: the minimal app is not split, and with
      // relocations kept wasm-bindgen and wasm-opt cannot drop its unused code (its WASM grows
      // from 50 to 234 KB gzip). RUSTFLAGS, once set (even empty), replaces the config's flags.
      RUSTFLAGS: (await wasmRustflags())
        .filter((option) => option !== 'link-arg=--emit-relocs')
        .map((option) => `-C ${option}`)
        .join(' '),
    },
  });
  return dist;
}

/**
 * The `-C` options of .cargo/config.toml's `[target.wasm32-unknown-unknown] rustflags`, without
 * their `-C`s (the file's own format: pairs of "-C", "option"), e.g. `['link-arg=--emit-relocs']`.
 */
async function wasmRustflags() {
  const config = await readFile(path.join(ROOT, '.cargo', 'config.toml'), 'utf8');
  const table = config.match(/^\[target\.wasm32-unknown-unknown\]\n((?:(?!\[)[^\n]*\n?)*)/m)?.[1] ?? '';
  const list = table.replace(/#[^\n]*/g, '').match(/rustflags\s*=\s*\[([^\]]*)\]/)?.[1] ?? '';
  const flags = [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  const options = [];
  for (let i = 0; i < flags.length; i += 2) {
    if (flags[i] !== '-C' || flags[i + 1] === undefined) throw new Error(`.cargo/config.toml: rustflags must be pairs of "-C", "option" (found ${JSON.stringify(flags[i])})`);
    options.push(flags[i + 1]);
  }
  return options;
}

async function exists(file) {
  return access(file, fsConstants.F_OK).then(
    () => true,
    () => false,
  );
}

// ---------------------------------------------------------------------------
// Size.

/** `<name …>` tags of `html` (comments removed) with their attributes (valueless ones as ''). */
function tags(html, name) {
  const out = [];
  const clean = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of clean.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))) {
    const attrs = {};
    for (const a of m[1].matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attrs[a[1].toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? '';
    }
    out.push({ attrs, index: m.index, end: m.index + m[0].length, source: clean });
  }
  return out;
}

/**
 * Relative module specifiers a JS source loads: static imports, re-exports, import('…') of a literal.
 * (Not `new URL('…', import.meta.url)`: wasm-bindgen's fallback WASM name, unused when the loader
 * passes the hashed one, which index.html preloads.)
 */
function jsReferences(source) {
  const refs = [];
  const patterns = [
    /\bimport\s+(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+[\w*{}\s,$]+\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) refs.push(m[1]);
  return refs.filter((r) => !/^[a-z][a-z0-9+.-]*:/i.test(r) || r.startsWith('./'));
}

/**
 * The files `dir`/index.html loads on a first load: itself, <script src>, <link rel=stylesheet |
 * modulepreload | preload> (icons and the manifest are not part of the start), the modules its
 * scripts (inline or not) import, transitively. Returns paths relative to `dir`.
 */
export async function firstLoadFiles(dir) {
  const html = await readFile(path.join(dir, 'index.html'), 'utf8');
  const found = new Set(['index.html']);
  const modules = [];
  const add = (ref, from) => {
    const rel = path.posix.normalize(path.posix.join(path.posix.dirname(from), ref.split(/[?#]/)[0]));
    if (rel.startsWith('..') || /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('/')) return;
    if (found.has(rel)) return;
    found.add(rel);
    if (/\.m?js$/.test(rel)) modules.push(rel);
  };
  for (const { attrs, end, source } of tags(html, 'script')) {
    if (attrs.src) add(attrs.src, 'index.html');
    else {
      const body = source.slice(end, source.indexOf('</script>', end));
      for (const ref of jsReferences(body)) add(ref, 'index.html');
    }
  }
  for (const { attrs } of tags(html, 'link')) {
    const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
    if (attrs.href && rel.some((r) => ['stylesheet', 'modulepreload', 'preload'].includes(r))) add(attrs.href, 'index.html');
  }
  while (modules.length) {
    const file = modules.shift();
    const source = await readFile(path.join(dir, file), 'utf8').catch(() => {
      throw new Error(`${file}, referenced on first load, is not in ${dir}`);
    });
    for (const ref of jsReferences(source)) add(ref, file);
  }
  return [...found];
}

const kindOf = (file) =>
  file.endsWith('.wasm') ? 'WASM' : /\.m?js$/.test(file) ? 'JS' : file.endsWith('.css') ? 'CSS' : file.endsWith('.html') ? 'HTML' : file.endsWith('.packed') ? 'deck' : 'other';

/** Raw and gzip -9 bytes of each first-load file of `dir`, and totals (all, per kind). */
export async function sizes(dir) {
  const files = [];
  for (const file of await firstLoadFiles(dir)) {
    const bytes = await readFile(path.join(dir, file));
    files.push({ file, kind: kindOf(file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  const sum = (list, key) => list.reduce((n, f) => n + f[key], 0);
  const byKind = {};
  for (const f of files) byKind[f.kind] = (byKind[f.kind] ?? 0) + f.gzip;
  return { files, raw: sum(files, 'raw'), gzip: sum(files, 'gzip'), byKind };
}

function sizeTable(label, s) {
  return table([
    [`${label}: file`, 'kind', 'raw bytes', 'gzip -9 bytes'],
    ...s.files.map((f) => [f.file, f.kind, int(f.raw), int(f.gzip)]),
    ['total', '', int(s.raw), `${int(s.gzip)} (${kb(s.gzip)})`],
  ]);
}

/** Parses twiggy's CSV (quoted fields, "" for a quote). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

const STD_CRATES = new Set(['core', 'alloc', 'std', 'dlmalloc', 'talc', 'compiler_builtins', 'hashbrown', 'panic_abort']);
const PRIMITIVE = /^(?:&(?:mut )?)?(?:T|U|F|E|K|V|str|\[.*\]|\(.*\)|bool|char|[iuf](?:8|16|32|64|128|size)|dyn .*)$/;

/** The crate an item of the module belongs to, roughly (generic code counts to its type's crate). */
function crateOf(name) {
  if (name.startsWith('data segment')) return 'data segments (strings, tables)';
  if (name.startsWith('import ')) return 'imports (the JS glue)';
  if (name.startsWith('export ')) return 'exports';
  if (/^(type|table|elem|global|memory|func|code|data)\[/.test(name) || name === 'main') return 'module structure';
  if (name.startsWith('Closure(')) return 'wasm_bindgen';
  let subject = name;
  // Drop glue counts to the type dropped.
  const drop = name.match(/^core(?:\[[0-9a-f]+\])?::ptr::drop_in_place<(.+)>$/);
  if (drop) subject = drop[1];
  const impl = subject.match(/^<(.+?) as ([\w:[\]]+)/);
  if (impl) subject = PRIMITIVE.test(impl[1].trim()) ? impl[2] : impl[1];
  const m = subject.match(/^[<&*\s(]*(?:dyn |mut |const )?([A-Za-z_]\w*)(?:\[[0-9a-f]+\])?::/);
  if (!m) return /^(mem|__|round|floor|ceil|fmod|pow|exp|log)/.test(name) ? 'Rust std (core, alloc, hashbrown) and the allocator (talc)' : 'other';
  const crate = m[1];
  if (STD_CRATES.has(crate)) return 'Rust std (core, alloc, hashbrown) and the allocator (talc)';
  return crate;
}

/**
 * twiggy top of the first load's module before wasm-opt (split off the lazy ones by
 * scripts/split-wasm.mjs, after wasm-bindgen, names kept; else Trunk's whole module): the top
 * items and the crates they add up to. Custom sections (names, debug info) are left out: wasm-opt
 * strips them from what ships. Informative only: the shipped module is smaller (wasm-opt -Oz).
 */
async function wasmContributors(bin) {
  const candidates = [
    // The first load's module (split off the lazily loaded ones), before wasm-opt.
    path.join(ROOT, 'target', 'wasm-split', 'release', 'main_bg.wasm'),
    path.join(ROOT, 'target', 'wasm-bindgen', 'release', `${bin}_bg.wasm`),
    path.join(ROOT, 'target', 'wasm32-unknown-unknown', 'release', `${bin}.wasm`),
  ];
  let input = null;
  for (const c of candidates) if (await exists(c)) { input = c; break; }
  if (!input) return { note: `no pre-wasm-opt module found (looked for ${candidates.map((c) => path.relative(ROOT, c)).join(', ')})` };
  let csv;
  try {
    ({ stdout: csv } = await promisify(execFile)('twiggy', ['top', '-f', 'csv', input], { env: { ...process.env, PATH: TOOL_PATH }, maxBuffer: 64 * MB }));
  } catch (err) {
    if (err.code === 'ENOENT') return { note: 'twiggy is not on PATH: top contributors skipped (cargo install twiggy to see them)' };
    throw new Error(`twiggy top failed: ${err.message}`);
  }
  const [header, ...rows] = parseCsv(csv);
  const nameAt = header.indexOf('Name');
  const sizeAt = header.indexOf('ShallowSize');
  const items = rows
    .filter((r) => r.length > sizeAt)
    .map((r) => ({ name: r[nameAt], bytes: Number(r[sizeAt]) }))
    .filter((i) => !/^(custom section|"[\w ]+" subsection)/.test(i.name) && Number.isFinite(i.bytes));
  const total = items.reduce((n, i) => n + i.bytes, 0);
  const crates = new Map();
  for (const i of items) crates.set(crateOf(i.name), (crates.get(crateOf(i.name)) ?? 0) + i.bytes);
  return {
    input: path.relative(ROOT, input),
    total,
    top: items.sort((a, b) => b.bytes - a.bytes).slice(0, 10),
    crates: [...crates].map(([crate, bytes]) => ({ crate, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 10),
  };
}

/**
 * Code that must stay out of the WASM, each for what it would cost; one accident (a regex for
 * a word count, a date crate, one `{}` of a float) adds more than a feature. Matched against the
 * function names of the pre-wasm-opt module (its "name" section), so no tool is needed.
 */
const KEPT_OUT = [
  { pattern: /core::num::flt2dec|core::fmt::float/, what: 'float printing (`{}` of an f32/f64; about 8 KB gzip)' },
  { pattern: /core::num::dec2flt/, what: 'float parsing (`str::parse::<f64>`; about 6 KB gzip)' },
  { pattern: /core::unicode::conversions/, what: "Unicode's case tables (`to_lowercase`/`to_uppercase`; about 8 KB gzip; use core::text::lowercase)" },
  { pattern: /\bregex(_\w+)?::/, what: 'a regex engine (hundreds of KB)' },
  { pattern: /\b(chrono|time|jiff)::/, what: 'a date crate (use js_sys::Date at the edge, core::stats for days)' },
  { pattern: /\b(fsrs|ndarray|rayon)::/, what: 'the fsrs crate and its numerics (core::fsrs6 has the formulas)' },
  { pattern: /\bserde_json::/, what: "serde_json (about 17 KB gzip; core::json reads and writes the app's JSON)" },
];

/**
 * A Rust symbol in its legacy mangled form (`_ZN4core3num7flt2dec…E`, as wasm-split-cli leaves
 * the names of the modules it writes) as a path (`core::num::flt2dec…`); other names as they are.
 */
export function demangle(name) {
  if (!name.startsWith('_ZN')) return name;
  const parts = [];
  let at = 3;
  while (at < name.length && name[at] !== 'E') {
    const digits = name.slice(at).match(/^\d+/);
    if (!digits) return name;
    at += digits[0].length;
    parts.push(name.slice(at, at + Number(digits[0])));
    at += Number(digits[0]);
  }
  const escapes = { $LT$: '<', $GT$: '>', $RF$: '&', $BP$: '*', $C$: ',', $SP$: '@', $u20$: ' ', $u27$: "'", $u5b$: '[', $u5d$: ']', $u7b$: '{', $u7d$: '}', $u7e$: '~' };
  return parts
    .map((part) => part.replace(/^_\$/, '$').replace(/\$(LT|GT|RF|BP|C|SP|u[0-9a-f]{2})\$/g, (escape) => escapes[escape] ?? escape).replace(/\.\./g, '::'))
    .join('::');
}

/** The names of the functions in a WASM module's "name" custom section, demangled. */
function functionNames(bytes) {
  const leb = (at) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return [value, at];
  };
  const names = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    let size;
    [size, at] = leb(at + 1);
    const end = at + size;
    if (id === 0) {
      let nameLength, p;
      [nameLength, p] = leb(at);
      if (bytes.toString('utf8', p, p + nameLength) === 'name') {
        p += nameLength;
        while (p < end) {
          const sub = bytes[p];
          let subSize;
          [subSize, p] = leb(p + 1);
          if (sub === 1) {
            let count, q = p;
            [count, q] = leb(q);
            for (let i = 0; i < count; i++) {
              let length;
              [, q] = leb(q);
              [length, q] = leb(q);
              names.push(demangle(bytes.toString('utf8', q, q + length)));
              q += length;
            }
          }
          p += subSize;
        }
      }
    }
    at = end;
  }
  return names;
}

/**
 * Which of KEPT_OUT the app's modules hold (the first load's and the lazily loaded ones, as
 * scripts/split-wasm.mjs left them before wasm-opt), with an example function each.
 */
async function keptOutFound() {
  const dir = path.join(ROOT, 'target', 'wasm-split', 'release');
  const modules = (await readdir(dir).catch(() => [])).filter((file) => file === 'main_bg.wasm' || /^(split|chunk)_\w+\.wasm$/.test(file));
  if (!modules.includes('main_bg.wasm')) return { note: `${path.relative(ROOT, dir)}/main_bg.wasm not found: cannot check what must stay out` };
  const names = [];
  for (const file of modules) names.push(...functionNames(await readFile(path.join(dir, file))));
  if (names.length === 0) return { note: `${path.relative(ROOT, dir)} has no function names: cannot check what must stay out` };
  return {
    checked: names.length,
    found: KEPT_OUT.flatMap(({ pattern, what }) => {
      const example = names.find((name) => pattern.test(name));
      return example ? [{ what, example }] : [];
    }),
  };
}

/** The split modules of the build in dir (scripts/split-wasm.mjs), which no start loads. */
async function lazyModules(dir) {
  const files = (await readdir(dir)).filter((file) => /^debate-drill-[0-9a-f]+-[\w]+\.wasm$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(path.join(dir, file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    }),
  );
}

const shorten = (s, n = 100) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

async function measureSize({ app, minimal, bin, deckBytes, dir }) {
  heading('Size (gzip -9, Node zlib)');
  console.log(sizeTable('app', app));
  const deckGzip = gzipSync(deckBytes, { level: 9 }).length;
  console.log(`the built-in deck (data/border-deck.packed, its own file of the first load): ${int(deckBytes.length)} bytes raw, ${int(deckGzip)} gzip`);
  const lazy = await lazyModules(dir);
  if (lazy.length > 0) {
    console.log('\nloaded on first use, not in the first load (src/ui/lazy.rs):');
    console.log(table([['file', 'raw bytes', 'gzip bytes'], ...lazy.map((f) => [f.file, int(f.raw), int(f.gzip)])]));
  }
  if (minimal) {
    console.log();
    console.log(sizeTable('minimal Yew app', minimal));
    console.log(
      `minimal Yew app for scale: ${kb(minimal.gzip)} total, WASM ${kb(minimal.byKind.WASM ?? 0)}, JS ${kb(minimal.byKind.JS ?? 0)} ` +
        `(issue 8 quotes about ${kb(SCALE.total)}, WASM ${kb(SCALE.wasm)}, JS ${kb(SCALE.js)})`,
    );
  }
  const contributors = await wasmContributors(bin).catch((err) => ({ note: `top contributors skipped: ${err.message}` }));
  if (contributors.note) console.log(`\n${contributors.note}`);
  else {
    console.log(`\nWASM top contributors (twiggy top, ${contributors.input}, before wasm-opt; custom sections left out; ${int(contributors.total)} bytes):`);
    const pct = (b) => `${((100 * b) / contributors.total).toFixed(1)}%`;
    console.log(table([['item', 'bytes', 'share'], ...contributors.top.map((i) => [shorten(i.name), int(i.bytes), pct(i.bytes)])]));
    console.log('\nby crate (generic code counts to the crate of the type it is instantiated for):');
    console.log(table([['crate', 'bytes', 'share'], ...contributors.crates.map((c) => [c.crate, int(c.bytes), pct(c.bytes)])]));
  }
  const kept = await keptOutFound();
  if (kept.note) console.log(`\n${kept.note}`);
  else {
    console.log(`\nkept out of the WASM (${int(kept.checked)} function names checked): ${KEPT_OUT.length - kept.found.length} of ${KEPT_OUT.length} kinds`);
    for (const { what, example } of kept.found) console.log(`  FOUND ${what}: ${shorten(example)}`);
  }
  const wasm = app.files.filter((f) => f.kind === 'WASM');
  const wasmGzip = wasm.reduce((n, f) => n + f.gzip, 0);
  const totalFail = `the first load is ${kb(app.gzip)} gzip, ${kb(app.gzip - BUDGETS.firstLoadGzip)} over its budget of ${kb(BUDGETS.firstLoadGzip)}`;
  record({
    figure: 'size: first load, gzip (HTML, JS, WASM, CSS, deck)',
    value: `${kb(app.gzip)} (${app.files.length} files)`,
    budget: `<= ${kb(BUDGETS.firstLoadGzip)}`,
    pass: app.gzip <= BUDGETS.firstLoadGzip,
    fail: totalFail,
  });
  record({
    figure: 'size: WASM, gzip',
    value: wasm.length === 1 ? kb(wasmGzip) : `${kb(wasmGzip)} (${wasm.length} modules)`,
    budget: `<= ${kb(BUDGETS.wasmGzip)}`,
    pass: wasm.length > 0 && wasmGzip <= BUDGETS.wasmGzip,
    fail: `the WASM is ${kb(wasmGzip)} gzip, ${kb(wasmGzip - BUDGETS.wasmGzip)} over its budget of ${kb(BUDGETS.wasmGzip)}` +
      (contributors.top ? ` (top contributors above)` : ''),
  });
  record({
    figure: 'size: costly code kept out of the WASM',
    value: kept.note ? 'not checked' : kept.found.length === 0 ? `none of ${KEPT_OUT.length} kinds` : `${kept.found.length} found`,
    budget: 'none',
    pass: !kept.note && kept.found.length === 0,
    fail: kept.note ?? `the WASM holds ${kept.found.map((f) => f.what).join('; ')}`,
  });
  return { contributors, deckGzip };
}

/** Same-origin files a real load of the app requested, against the parsed first-load list. */
function compareRequests(app, requested) {
  const counted = new Set(app.files.map((f) => f.file));
  const extra = [...requested].filter((f) => !counted.has(f));
  const missing = [...counted].filter((f) => !requested.has(f));
  console.log(`\ncheck against a real load (service workers blocked): ${requested.size} same-origin requests`);
  if (extra.length) console.log(`  requested but not counted (not part of the start): ${extra.join(', ')}`);
  if (missing.length) console.log(`  WARNING counted but not requested: ${missing.join(', ')}`);
  if (!extra.length && !missing.length) console.log('  the same files as counted');
}

// ---------------------------------------------------------------------------
// Start-up and history (interleaved cold loads).

/** One untimed load (starts the renderer, checks what the app shows); records same-origin requests. */
async function warmUp(context, { expectCount, origin } = {}) {
  const page = await context.newPage();
  const requested = new Set();
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (origin && url.origin === origin) requested.add(decodeURIComponent(url.pathname.replace(/^\//, '')) || 'index.html');
  });
  try {
    await page.goto('index.html', { waitUntil: 'load' });
    await page.locator(READY).first().waitFor({ state: 'attached', timeout: 120_000 });
    await page.waitForLoadState('networkidle').catch(() => {});
    await savesSettled(page);
    if (expectCount !== undefined) {
      const count = (await byTestId(page, 'attempt-count').first().innerText()).trim();
      expectShown({ count, notices: await byTestId(page, 'notice').allInnerTexts() }, expectCount);
    }
    return requested;
  } finally {
    await page.close().catch(() => {});
  }
}

async function measureLoads(scenarios, runs) {
  heading(`Start-up: ${runs} cold loads per scenario, CPU ${CPU_RATE}x, interleaved (navigation start -> ${READY})`);
  const [load] = os.loadavg();
  if (load > os.availableParallelism()) {
    console.log(`warning: load average ${load.toFixed(1)} on ${os.availableParallelism()} CPUs: times are noisy (ratios less so: loads are interleaved)`);
  }
  const samples = await alternateLoads(
    scenarios.map((s) => s.context),
    runs,
    {
      cpuRate: CPU_RATE,
      onRound: (i, samples) =>
        console.log(`  run ${i + 1}/${runs}: ${scenarios.map((s, k) => `${s.label} ${ms(samples[k][i])}`).join(', ')}`),
    },
  );
  scenarios.forEach((s, k) => Object.assign(s, { samples: samples[k] }, summarize(samples[k])));
  console.log(table([['scenario', 'median', 'p90', 'min', 'max'], ...scenarios.map((s) => [s.label, ms(s.median), ms(s.p90), ms(s.min), ms(s.max)])]));
}

// ---------------------------------------------------------------------------
// Typing.

// Installed before the app's scripts. A keystroke starts with its keydown; its figure is the time
// from the keydown's event.timeStamp (when the browser received the key, so time the key waited
// for a busy main thread counts too) to the first animation frame after every `input` handler ran:
// a listener on window in the bubble phase (after the app's own handlers, Yew's delegated ones
// included) asks for that frame. Also kept: the same from the input event's own timeStamp, and the
// end of the input handlers. Event Timing entries of 16 ms or more are kept as a cross-check
// (their duration runs from the event to the next paint, in 8 ms steps).
const TYPING_PROBE = `(() => {
  if (window.top !== window) return;
  const probe = (window.__typing = { keys: [], captured: 0, bubbled: 0, keydowns: 0, slowEvents: [] });
  let keydown = null;
  window.addEventListener('keydown', (event) => { probe.keydowns++; keydown = event.timeStamp; }, true);
  window.addEventListener('input', () => { probe.captured++; }, true);
  window.addEventListener('input', (event) => {
    probe.bubbled++;
    const key = keydown ?? event.timeStamp;
    keydown = null;
    const input = event.timeStamp;
    const handled = performance.now();
    requestAnimationFrame(() => {
      const frame = performance.now();
      probe.keys.push({ key, toFrame: frame - key, inputToFrame: frame - input, handled: handled - key });
    });
  });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        probe.slowEvents.push({ name: e.name, start: e.startTime, duration: e.duration, processing: e.processingEnd - e.startTime, id: e.interactionId });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch (error) {
    probe.eventTimingError = String(error);
  }
  probe.longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;

const SENTENCES = [
  'They say that stronger enforcement at the border keeps the country safe, and that every gap in the fence invites danger.',
  'But that claim assumes that most people who cross are a threat, which the evidence does not show.',
  'Because most crossings are by workers and families, the money spent on walls buys very little security.',
  'Studies of the last two decades found that trafficking moved to other routes instead of stopping.',
  'Therefore the policy should target the cartels and the guns that flow south, not the people who flee them.',
  'Even if we grant that sovereignty means deciding who enters, it does not follow that cruelty is the only tool.',
  'A nation can control its border and still respect the neighbour whose safety depends on its choices.',
  'The costs fall on communities that were never asked, and that matters for trust in the law.',
  'My opponent also ignores that legal routes, when they are open, reduce irregular crossings sharply.',
  'So the real question is not whether to have a border, but which measures actually work.',
];

/** A rebuttal of exactly `words` words, in the four-step shape the app's feedback looks for. */
export function longRebuttal(words = TYPED_WORDS) {
  const out = [];
  for (let i = 0; out.length < words; i++) out.push(...SENTENCES[i % SENTENCES.length].split(' '));
  const text = out.slice(0, words).join(' ');
  return text.endsWith('.') ? text : `${text}.`;
}

/**
 * Typing, as a new student (empty store) and as one with HISTORY_ATTEMPTS stored attempts: the
 * budget holds for both, so a long history must not make a keystroke slower.
 */
async function measureTyping(browser) {
  const fresh = await typeRebuttal(browser, { attempts: 0 });
  const deck = JSON.parse(await readFile(path.join(ROOT, 'data', 'border-deck.json'), 'utf8'));
  const long = await typeRebuttal(browser, { attempts: HISTORY_ATTEMPTS, history: makeRows(deck, { count: HISTORY_ATTEMPTS }) });
  const worst = long.max > fresh.max ? long : fresh;
  const over = fresh.over + long.over;
  record({
    figure: `typing: keystroke -> next frame, max (CPU ${CPU_RATE}x)`,
    value: `${ms(worst.max)} (no history ${ms(fresh.max)}, ${int(HISTORY_ATTEMPTS)} attempts ${ms(long.max)}; p95 ${ms(Math.max(fresh.p95, long.p95))})`,
    budget: `< ${ms(BUDGETS.keystrokeMs)}`,
    pass: worst.max < BUDGETS.keystrokeMs,
    fail: `${over} of ${int(fresh.keys + long.keys)} keystrokes took ${ms(BUDGETS.keystrokeMs)} or more to the next frame (slowest ${ms(worst.max)}, ${worst.label})`,
  });
}

async function typeRebuttal(browser, { attempts, history }) {
  const label = attempts ? `${int(attempts)} stored attempts` : 'no history';
  heading(`Typing: a ${TYPED_WORDS}-word rebuttal, key by key, CPU ${CPU_RATE}x, ${label}`);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    if (history) {
      await seedHistory(context, history);
      // As for start-up: a first, untimed visit moves texts found in the rows to IndexedDB, and
      // the typing happens on a later visit (that first visit's follow-up work is one-off).
      await warmUp(context, { expectCount: attempts });
    }
    const page = await context.newPage();
    await page.addInitScript({ content: TYPING_PROBE });
    await page.goto('index.html', { waitUntil: 'load' });
    const input = byTestId(page, 'rebuttal-input').first();
    await input.waitFor({ state: 'visible', timeout: 60_000 });
    // A student reads the claim before typing: let start-up's follow-up work (texts from
    // IndexedDB, the service worker's registration, moving texts out of the rows) finish first.
    await page.waitForLoadState('networkidle').catch(() => {});
    await savesSettled(page);
    await page.waitForTimeout(1000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
    await input.focus();
    const text = longRebuttal();
    const typingFrom = await page.evaluate(() => performance.now());
    const started = Date.now();
    await page.keyboard.type(text, { delay: 0 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const seconds = (Date.now() - started) / 1000;
    const probe = await page.evaluate(() => window.__typing);
    const value = await input.inputValue();
    const words = await page.locator('#word-count').innerText().catch(() => '?');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach().catch(() => {});
    if (value !== text) throw new Error(`the rebuttal input holds ${value.length} characters, not the ${text.length} typed`);
    if (probe.keys.length !== text.length) {
      throw new Error(`${probe.keys.length} input events timed for ${text.length} keystrokes (keydowns ${probe.keydowns}, inputs captured ${probe.captured}, bubbled ${probe.bubbled})`);
    }
    const stats = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { median: summarize(sorted).median, p95: sorted[Math.ceil(0.95 * sorted.length) - 1], max: sorted[sorted.length - 1] };
    };
    const toFrame = stats(probe.keys.map((k) => k.toFrame));
    const inputToFrame = stats(probe.keys.map((k) => k.inputToFrame));
    const handled = stats(probe.keys.map((k) => k.handled));
    const { max, p95 } = toFrame;
    const over = probe.keys.filter((k) => k.toFrame >= BUDGETS.keystrokeMs).length;
    console.log(`${int(text.length)} keystrokes in ${seconds.toFixed(1)} s; the app counts ${words}`);
    const attemptsShown = await byTestId(page, 'attempt-count').first().innerText().catch(() => '?');
    console.log(`the header says: ${attemptsShown}`);
    console.log(
      table([
        ['per keystroke', 'median', 'p95', 'max'],
        ['keydown -> next animation frame after the input handlers', ms(toFrame.median), ms(toFrame.p95), ms(toFrame.max)],
        ['input event -> that frame', ms(inputToFrame.median), ms(inputToFrame.p95), ms(inputToFrame.max)],
        ['keydown -> end of the input handlers', ms(handled.median), ms(handled.p95), ms(handled.max)],
      ]),
    );
    const slow = probe.slowEvents.filter((e) => ['keydown', 'keypress', 'input', 'beforeinput', 'keyup'].includes(e.name));
    const longest = slow.reduce((a, e) => (e.duration > (a?.duration ?? -1) ? e : a), null);
    if (probe.eventTimingError) console.log(`Event Timing not available: ${probe.eventTimingError}`);
    else {
      console.log(
        `Event Timing cross-check: ${slow.length} key/input entries of 16 ms or more` +
          (longest ? `; longest ${longest.name} ${ms(longest.duration)} to the next paint (${ms(longest.processing)} to the end of its handlers)` : ''),
      );
    }
    const longTasks = probe.longTasks.filter((t) => t.start >= typingFrom);
    if (longTasks.length) {
      const longestTask = Math.max(...longTasks.map((t) => t.duration));
      console.log(`long tasks (50 ms or more) on the main thread while typing: ${longTasks.length}, longest ${ms(longestTask)}`);
    } else console.log('no long task (50 ms or more) on the main thread while typing');
    const slowest = probe.keys.findIndex((k) => k.toFrame === max);
    console.log(
      `slowest: keystroke ${int(slowest + 1)} of ${int(probe.keys.length)}, ` +
        `${((probe.keys[slowest].key - typingFrom) / 1000).toFixed(1)} s into the typing`,
    );
    console.log(`-> slowest keystroke ${ms(max)} (p95 ${ms(p95)}; Event Timing max ${longest ? ms(longest.duration) : '< 16 ms'})`);
    return { label, max, p95, over, keys: text.length };
  } finally {
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------
// Memory.

/**
 * Installed in the memory figure's page before its scripts: keeps every WebAssembly.Memory the
 * page's instances export. The page's script keeps its instance to itself (and CDP's
 * Runtime.queryObjects, which could find the memories, does not answer in this Chromium); the
 * lazily loaded modules import the main module's memory, so the app has one.
 */
const KEEP_WASM_MEMORIES = `(() => {
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (...args) {
    const result = await instantiate.apply(this, args);
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    const memory = instance?.exports?.memory;
    if (memory instanceof WebAssembly.Memory) (globalThis.__benchWasmMemories ??= new Set()).add(memory);
    return result;
  };
})();`;

async function measureMemory(browser) {
  heading(`Memory: ${DRILLS} drills in one page (fill, submit, rate, next drill), no throttling`);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  context.setDefaultTimeout(30_000);
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: KEEP_WASM_MEMORIES });
    await page.goto('index.html', { waitUntil: 'load' });
    await page.locator(READY).first().waitFor({ state: 'attached', timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    const started = Date.now();
    for (let i = 0; i < DRILLS; i++) {
      await submitAndRate(page, rebuttal(`Benchdrill${i}`), 1 + (i % 4));
      await nextDrill(page);
      if ((i + 1) % 10 === 0) console.log(`  ${i + 1}/${DRILLS} drills (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await expectAttemptCount(page, DRILLS, { what: `after ${DRILLS} drills` });
    await page.waitForTimeout(1000); // let the last save (IndexedDB, localStorage) finish
    const before = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => {
      const sizes = [...(globalThis.__benchWasmMemories ?? [])].map((memory) => memory.buffer.byteLength);
      return { bytes: sizes.reduce((sum, size) => sum + size, 0), count: sizes.length };
    });
    await cdp.detach().catch(() => {});
    if (wasm.count === 0) throw new Error('the page has no WebAssembly.Memory');
    const total = wasm.bytes + heap.usedSize;
    console.log(
      table([
        ['after 50 drills', 'bytes', ''],
        ['WASM linear memory (memory.buffer.byteLength)', int(wasm.bytes), mb(wasm.bytes)],
        ['JS heap used, after a GC (Runtime.getHeapUsage)', int(heap.usedSize), mb(heap.usedSize)],
        ['JS heap used, before that GC', int(before.usedSize), mb(before.usedSize)],
        ['JS heap total (allocated)', int(heap.totalSize), mb(heap.totalSize)],
      ]),
    );
    console.log(`(WASM memory: the buffer of the page's ${wasm.count} WebAssembly.Memory, kept as the instances were made; it never shrinks, so this is its high-water mark)`);
    record({
      figure: `memory after ${DRILLS} drills: WASM + JS heap`,
      value: `${mb(total)} (WASM ${mb(wasm.bytes)} + JS ${mb(heap.usedSize)})`,
      budget: `< ${mb(BUDGETS.memoryBytes)}`,
      pass: total < BUDGETS.memoryBytes,
      fail: `WASM memory ${mb(wasm.bytes)} plus JS heap ${mb(heap.usedSize)} is ${mb(total)}, over ${mb(BUDGETS.memoryBytes)}`,
    });
  } finally {
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------

async function section(name, figures, fn) {
  try {
    await fn();
  } catch (err) {
    console.log(`\n${name}: ERROR ${err.stack ?? err}`);
    for (const figure of figures) record({ figure, error: `${name}: ${String(err.message ?? err).split('\n')[0]}`, budget: '' });
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(usage());
    return 0;
  }
  const { only, runs } = options;
  const started = Date.now();

  // Measure a snapshot of dist/, so a build started meanwhile cannot change files under the browser.
  const { mtime: builtAt } = await stat(path.join(DIST_DIR, 'index.html')).catch(() => {
    throw new Error(`${DIST_DIR}/index.html not found: build first (scripts/bench does)`);
  });
  const snapshot = await mkdtemp(path.join(os.tmpdir(), 'debate-drill-bench-'));
  const dist = path.join(snapshot, 'dist');
  await cp(DIST_DIR, dist, { recursive: true });

  let minimalDist = null;
  let minimalError = null;
  if (only.has('size') || only.has('startup')) {
    try {
      minimalDist = await buildMinimal(options);
    } catch (err) {
      minimalError = err;
      console.log(`minimal Yew app: ERROR ${err.message}`);
    }
  }

  const servers = [];
  let browser;
  let measuring;
  try {
    const appServer = await startServer(dist);
    servers.push(appServer);
    // Timed loads: their own servers (no HTTP caching, no service worker) and browser (scripts/cdp.mjs).
    const measuredApp = await startMeasuredServer(dist);
    servers.push(measuredApp);
    const measuredMinimal = minimalDist ? await startMeasuredServer(minimalDist) : null;
    if (measuredMinimal) servers.push(measuredMinimal);
    browser = await launchBrowser({ baseURL: appServer.url });
    if (only.has('startup') || only.has('history')) measuring = await launchCdpBrowser();
    const version = browser.browser.version();

    heading('Debate Drill benchmark (issue 8 budgets)');
    const cpus = os.cpus();
    console.log(`date: ${new Date().toISOString()}`);
    console.log(`machine: ${cpus.length} CPUs (${cpus[0]?.model?.trim() ?? '?'}), ${mb(os.totalmem())} RAM, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`browser: headless Chromium ${version}; node ${process.version}`);
    console.log(`measuring: ${DIST_DIR} (built ${builtAt.toISOString()}), copied to ${dist}`);
    console.log(`figures: ${[...only].join(', ')}`);

    const binLink = rustLink(await readFile(path.join(ROOT, 'www', 'index.html'), 'utf8'));
    const bin = binLink['data-bin'] ?? 'debate-drill';
    const ctx = (opts = {}) => browser.newContext({ serviceWorkers: 'block', ...opts });

    // In this order: size, start-up and history (their loads interleaved), typing, memory.
    let appSizes = null;
    const scenarios = [];
    const empty = measuring ? { label: 'app, empty store', context: await measuring.newContext({ baseURL: measuredApp.url }) } : null;
    if (empty) scenarios.push(empty);

    if (only.has('size')) {
      await section('size', ['size: first load, gzip (HTML, JS, WASM, CSS, deck)', 'size: WASM, gzip', 'size: costly code kept out of the WASM'], async () => {
        appSizes = await sizes(dist);
        const minimalSizes = minimalDist ? await sizes(minimalDist) : null;
        if (!minimalSizes) console.log(`(minimal Yew app not built: ${minimalError?.message})`);
        await measureSize({ app: appSizes, minimal: minimalSizes, bin, dir: dist, deckBytes: await readFile(path.join(ROOT, 'data', 'border-deck.packed')) });
        const probe = await ctx();
        compareRequests(appSizes, await warmUp(probe, { origin: new URL(appServer.url).origin }));
        await probe.close();
      });
    }

    const startupFigure = `start-up vs minimal Yew app, median (CPU ${CPU_RATE}x)`;
    const historyFigure = `start-up with ${int(HISTORY_ATTEMPTS)} attempts vs none, median`;
    let minimal = null;
    let seeded = null;
    if (only.has('startup')) {
      if (!measuredMinimal) record({ figure: startupFigure, error: `the minimal Yew app could not be built: ${minimalError?.message}`, budget: '' });
      else {
        minimal = { label: 'minimal Yew app', context: await measuring.newContext({ baseURL: measuredMinimal.url }) };
        scenarios.push(minimal);
      }
    }
    if (only.has('history')) {
      await section('history', [historyFigure], async () => {
        const deck = JSON.parse(await readFile(path.join(ROOT, 'data', 'border-deck.json'), 'utf8'));
        const context = await measuring.newContext({ baseURL: measuredApp.url });
        const { stored, texts } = makeRows(deck, { count: HISTORY_ATTEMPTS });
        const bytes = await seedHistory(context, { stored, texts });
        const after = (await firstLoadShowing(context, HISTORY_ATTEMPTS)).localStorageBytes;
        console.log(
          `\nseeded ${int(HISTORY_ATTEMPTS)} attempts: ${int(bytes)} bytes in localStorage, ${int(texts.length)} texts in IndexedDB, ` +
            `${int(HISTORY_ATTEMPTS - texts.length)} in the rows (as version 2, or a refused IndexedDB, left them); ` +
            `after the first (untimed) start moved the rows and texts to IndexedDB, localStorage holds ${int(after)} bytes`,
        );
        seeded = { label: `app, ${int(HISTORY_ATTEMPTS)} attempts`, context };
        scenarios.push(seeded);
      });
    }
    if (minimal || seeded) {
      const names = [...(minimal ? [startupFigure] : []), ...(seeded ? [historyFigure] : [])];
      await section('start-up', names, async () => {
        // An untimed first load per context starts its renderer (and checks what the app shows).
        for (const s of scenarios) {
          if (s === empty) await firstLoadShowing(s.context, 0);
          else if (s === minimal) await measureLoad(s.context, { cpuRate: CPU_RATE });
        }
        await measureLoads(scenarios, runs);
        if (minimal) {
          const ratio = empty.median / minimal.median;
          const { low, high } = medianRatioInterval(empty.samples, minimal.samples);
          record({
            figure: startupFigure,
            value: `${ratio.toFixed(2)}x (app ${ms(empty.median)}, minimal ${ms(minimal.median)}; 95 % ${low.toFixed(2)}-${high.toFixed(2)}x)`,
            budget: `<= ${BUDGETS.startupRatio.toFixed(2)}x`,
            pass: ratio <= BUDGETS.startupRatio,
            fail: `the app starts in ${ms(empty.median)} (median), ${ratio.toFixed(2)}x the minimal Yew app's ${ms(minimal.median)}; at most ${BUDGETS.startupRatio}x`,
          });
        }
        if (seeded) {
          const ratio = seeded.median / empty.median;
          const { low, high } = medianRatioInterval(seeded.samples, empty.samples);
          record({
            figure: historyFigure,
            value: `${ratio.toFixed(2)}x (${ms(seeded.median)} vs ${ms(empty.median)}; 95 % ${low.toFixed(2)}-${high.toFixed(2)}x)`,
            budget: `<= ${BUDGETS.historyRatio.toFixed(2)}x`,
            pass: ratio <= BUDGETS.historyRatio,
            fail: `with ${int(HISTORY_ATTEMPTS)} attempts the app starts in ${ms(seeded.median)} (median), ${ratio.toFixed(2)}x the empty store's ${ms(empty.median)}; at most ${BUDGETS.historyRatio}x`,
          });
        }
      });
    }
    for (const s of scenarios) await s.context.close().catch(() => {});

    if (only.has('typing')) {
      await section('typing', [`typing: keystroke -> next frame, max (CPU ${CPU_RATE}x)`], () => measureTyping(browser));
    }
    if (only.has('memory')) {
      await section('memory', [`memory after ${DRILLS} drills: WASM + JS heap`], () => measureMemory(browser));
    }
  } finally {
    await measuring?.close();
    await browser?.close();
    for (const s of servers) await s.close().catch(() => {});
    await rm(snapshot, { recursive: true, force: true }).catch(() => {});
  }

  heading(`Budgets (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  console.log(
    table([
      ['figure', 'value', 'budget', 'result'],
      ...results.map((r) => [r.figure, r.value ?? '-', r.budget, r.error ? 'ERROR' : r.pass ? 'PASS' : 'FAIL']),
    ]),
  );
  const failed = results.filter((r) => !r.error && !r.pass);
  const errors = results.filter((r) => r.error);
  if (failed.length || errors.length) console.log();
  for (const r of failed) console.log(`FAIL ${r.figure}: ${r.fail}`);
  for (const r of errors) console.log(`ERROR ${r.figure}: ${r.error}`);
  if (!failed.length && !errors.length) console.log('\nevery budget met');
  return errors.length || minimalError ? 2 : failed.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`bench: ${err instanceof UsageError ? err.message : (err.stack ?? err)}`);
      process.exit(2);
    },
  );
}
