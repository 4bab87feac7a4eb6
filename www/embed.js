// Debate Drill on any page: <script type="module" src="PATH/embed.js"></script> defines the
// <debate-drill> element (attributes: deck, essay, seed, prep, speak, storage-key). See
// docs/embedding.md.
//
// Each element renders the widget in its own shadow root, styled by an external stylesheet (no
// inline style, so a strict Content-Security-Policy needs nothing more than 'self' and
// 'wasm-unsafe-eval'). All elements of a page share one WebAssembly instance, loaded when the
// first element appears. The file names below are the build's hashed ones: the build
// (scripts/embed-build.mjs, Trunk's post_build hook) writes them in, and fails if it cannot.
//
// This module is also the app's own loader: loader.js (index.html) calls startPage(). The build
// bundles loader.js with this module and the wasm-bindgen JS into one script for index.html
// (scripts/page-bundle.mjs), which hands the bindings over with useBundledBindings().

const BINDINGS = './__DD_BINDINGS__';
const WASM = './__DD_WASM__';
const STYLESHEET = './__DD_STYLESHEET__';
const DECK = './__DD_DECK__';

/** The element's attributes, the contract's launch options (same names as index.html's query). */
const ATTRIBUTES = ['deck', 'essay', 'seed', 'prep', 'speak', 'storage-key'];

/** Attribute changes within this time are applied together, with one remount. */
const REMOUNT_DEBOUNCE_MS = 50;

const here = (file) => new URL(file, import.meta.url).href;

/** Whether keys typed at `target` are text (a text field of the widget). */
function typesText(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'image'].includes(target.type);
}

/** Where the module's `main` leaves its entry points: {startPage(), mount(host, root, params)}. */
const API = Symbol.for('debate-drill');

let loading = null;

/** The wasm-bindgen module when the page's script has it built in (the app's own page). */
let bundledBindings = null;

/**
 * Gives this module the wasm-bindgen module the page's script was bundled with, so that the start
 * does not import it as a module of its own (one script for index.html: about 5 % sooner start-up,
 * docs/performance.md). A course page loads embed.js alone, and the bindings are imported when the
 * first element appears.
 */
export function useBundledBindings(bindings) {
  bundledBindings = bindings;
}

/** The response for one of the build's files; `what` names it in the error a failure gives. */
async function fetchFile(file, what) {
  let response;
  try {
    response = await fetch(here(file));
  } catch {
    throw new Error(`its ${what} could not be fetched (offline?)`);
  }
  if (!response.ok) throw new Error(`its ${what} could not be fetched (HTTP ${response.status})`);
  return response;
}

/** The built-in deck's packed bytes, a file of its own (data/border-deck.packed). */
async function builtInDeck() {
  const response = await fetchFile(DECK, 'built-in deck');
  return new Uint8Array(await response.arrayBuffer());
}

/** The WebAssembly module's entry points, initialised once per page (a cached promise). */
function wasm() {
  loading ??= initialise();
  return loading;
}

/**
 * The WebAssembly module, compiled as its bytes arrive. Served without the application/wasm
 * type (which streaming compilation requires), it is compiled from the whole bytes instead.
 */
async function compiledModule() {
  const response = await fetchFile(WASM, 'WebAssembly code');
  if (response.headers.get('Content-Type')?.split(';')[0].trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function initialise() {
  // The deck and the compiled module come while the bindings load: the module's compilation
  // runs off the main thread from the start, not after the bindings' import (a start-up
  // 44-66 ms sooner at 4x CPU throttling in A/Bs, docs/performance.md).
  const deck = builtInDeck();
  const module = compiledModule();
  // Awaited below: their failures are the start's, not unhandled rejections.
  deck.catch(() => {});
  module.catch(() => {});
  const bindings = bundledBindings ?? (await import(here(BINDINGS)));
  await bindings.default({ module_or_path: await module });
  const api = globalThis[API];
  if (typeof api?.mount !== 'function') throw new Error('the WebAssembly module gave no entry points');
  api.useBuiltInDeck(await deck);
  return api;
}

let unitRegistered = false;

/**
 * The widget's stylesheet measures everything in --dd-rem, set to 1em of the widget's root so
 * that the page's root font size (which `rem` would follow) cannot scale it. Registered as a
 * length it is computed once, where it is set, and inherited as pixels. Registered when the
 * first element is built: the app's own page uses `rem` and does not need it.
 */
function registerUnit() {
  if (unitRegistered) return;
  unitRegistered = true;
  try {
    CSS.registerProperty({ name: '--dd-rem', syntax: '<length>', inherits: true, initialValue: '16px' });
  } catch {
    // Already registered (embed.js loaded twice), or an older browser: the unit then resolves
    // where it is used, which only makes nested text sizes compound slightly.
  }
}

/** Starts the full app on index.html (the page's query gives its options). */
export async function startPage() {
  const api = await wasm();
  api.startPage();
}

export class DebateDrillElement extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  #root = null;
  #handle = null;
  #timer = 0;
  #generation = 0;
  #styled = null;

  connectedCallback() {
    if (!this.shadowRoot) this.#build();
    // Moved within the page (disconnected and connected in one go): keep the running widget.
    if (!this.#handle) this.#schedule(0);
  }

  disconnectedCallback() {
    clearTimeout(this.#timer);
    // A move is a disconnect followed by a connect in the same task; only a real removal unmounts.
    queueMicrotask(() => {
      if (!this.isConnected) this.#unmount();
    });
  }

  attributeChangedCallback(_name, before, after) {
    if (before === after || !this.shadowRoot || !this.isConnected) return;
    this.#schedule(REMOUNT_DEBOUNCE_MS);
  }

  /** The shadow root: the widget's stylesheet and the element the app renders into. */
  #build() {
    registerUnit();
    const shadow = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = here(STYLESHEET);
    // Mount once the stylesheet is there (or failed), so the widget never shows unstyled.
    this.#styled = new Promise((resolve) => {
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
    });
    this.#root = document.createElement('div');
    this.#root.className = 'dd-root';
    const loading = document.createElement('p');
    loading.className = 'loading';
    loading.setAttribute('role', 'status');
    loading.textContent = 'Loading Debate Drill…';
    this.#root.append(loading);
    shadow.append(link, this.#root);
    // Keys typed in the widget's text fields stay in the widget. Outside the shadow root their
    // target is this element, not a text field, so the page's keyboard shortcuts (which ignore
    // typing in text fields) would fire while a student writes a rebuttal.
    for (const type of ['keydown', 'keypress', 'keyup']) {
      shadow.addEventListener(type, (event) => {
        if (typesText(event.composedPath()[0])) event.stopPropagation();
      });
    }
  }

  #schedule(delay) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#mount(), delay);
  }

  #params() {
    return ATTRIBUTES.filter((name) => this.hasAttribute(name)).map((name) => [name, this.getAttribute(name)]);
  }

  async #mount() {
    const generation = ++this.#generation;
    let api;
    try {
      [api] = await Promise.all([wasm(), this.#styled]);
    } catch (error) {
      this.#fail(error);
      return;
    }
    // A newer mount was asked for, or the element left the page, while loading.
    if (generation !== this.#generation || !this.isConnected) return;
    this.#unmount();
    // A fresh element each time: the previous app's nodes go with the old one.
    const root = this.#root.cloneNode(false);
    this.#root.replaceWith(root);
    this.#root = root;
    this.#handle = api.mount(this, root, this.#params());
  }

  #unmount() {
    this.#generation++;
    const handle = this.#handle;
    this.#handle = null;
    handle?.unmount();
  }

  #fail(error) {
    console.error('Debate Drill could not start:', error);
    const message = document.createElement('p');
    message.className = 'loading';
    message.setAttribute('role', 'alert');
    message.setAttribute('data-testid', 'notice');
    message.textContent = `Debate Drill could not start: ${error?.message ?? error}`;
    this.#root.replaceChildren(message);
  }
}

if (!customElements.get('debate-drill')) customElements.define('debate-drill', DebateDrillElement);
