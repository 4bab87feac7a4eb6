// Debate Drill's service worker: keeps a copy of the whole app so it works with no network.
//
// VERSION and PRECACHE are written by scripts/precache.mjs after every build (Trunk's
// post_build hook): every file of the build, and a hash of them all. A new build is a new
// VERSION, so a new cache; the page shows "A new version is ready" and this worker only steps
// aside when the page asks (SKIP_WAITING), so nothing reloads under the student.
'use strict';

const VERSION = 'unbuilt';
const PRECACHE = [];

// Several copies of the app may live on one origin under different paths: each keeps, and
// cleans up, only the caches of its own scope.
const PREFIX = 'debate-drill-';
const SCOPE = self.registration.scope;
const CACHE = `${PREFIX}${VERSION} ${SCOPE}`;
const INDEX = new URL('index.html', self.location.href).href;
const PRECACHED = new Set(PRECACHE.map((file) => new URL(file, self.location.href).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        PRECACHE.map(async (file) => {
          const response = await fetch(new Request(file, { cache: 'reload' }));
          if (!response.ok) throw new Error(`precache ${file}: HTTP ${response.status}`);
          // A host that redirects (say index.html to ./) gives a redirected response, which
          // browsers refuse to use for a page; keep a plain copy.
          const plain = response.redirected
            ? new Response(await response.blob(), { headers: response.headers })
            : response;
          await cache.put(file, plain);
        }),
      ),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(PREFIX) && key.endsWith(` ${SCOPE}`) && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      ),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

// Cache first for the app's own files; everything else goes to the network as usual.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const path = url.origin + url.pathname;
  // The page, whatever its query (index.html?seed=1&essay=000), or as its folder (./).
  const key = path === INDEX || path === SCOPE ? INDEX : url.search ? null : path;
  if (!key || !PRECACHED.has(key)) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((cached) => cached || fetch(request)),
  );
});
