// The app's loader on index.html: an external module, so the page runs under a strict
// Content-Security-Policy (no inline script). It starts the one WebAssembly instance through
// embed.js, which knows the build's hashed file names, and the app reads the page's query.
import { startPage } from './embed.js';

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
