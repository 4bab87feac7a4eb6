// The app's script on index.html: an external module, so the page runs under a strict
// Content-Security-Policy (no inline script). It starts the one WebAssembly instance through
// embed.js, which knows the build's hashed file names, and the app reads the page's query.
//
// Not served as it is: the build (scripts/page-bundle.mjs) bundles it with embed.js and the
// wasm-bindgen JS, whose hashed name it puts in place of __DD_BINDINGS__, into one script,
// loader-<hash>.js. One script starts sooner than four modules that import each other.
import * as bindings from './__DD_BINDINGS__';
import { startPage, useBundledBindings } from './embed.js';

useBundledBindings(bindings);
startPage().catch((error) => {
  console.error('Debate Drill could not start:', error);
  const app = document.getElementById('app');
  if (app) {
    const message = document.createElement('p');
    message.className = 'loading';
    message.setAttribute('role', 'alert');
    message.textContent = `Debate Drill could not start: ${error?.message ?? error}`;
    app.replaceChildren(message);
  }
});
