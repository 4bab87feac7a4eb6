#!/usr/bin/env node
// Minimal dependency-free static file server for the built app (dist/).
//
// CLI:     node scripts/static-server.mjs [dir=dist] [port=$PORT|8080] [host=$HOST|127.0.0.1]
// Library: import { createStaticServer } from './static-server.mjs'
//
// - correct MIME types (incl. application/wasm, .webmanifest, .json)
// - a directory serves its index.html (redirecting to the trailing-slash URL first)
// - 404 for anything else, 405 for methods other than GET/HEAD
// - Cache-Control: no-cache on every response
// - never serves files outside the root directory
// - optional extra response headers (`headers`), e.g. a Content-Security-Policy for tests
// - optional paths answered 404 as if absent (`refuse`), e.g. the service worker for benchmarks

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function statOrNull(p) {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

/** Resolve a URL path to a file under root, or null (404). May return {redirect}. */
async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const target = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (target !== root && !target.startsWith(root + path.sep)) return null;

  let st = await statOrNull(target);
  if (!st) return null;
  let file = target;
  if (st.isDirectory()) {
    if (!urlPath.endsWith('/')) return { redirect: urlPath + '/' };
    file = path.join(target, 'index.html');
    st = await statOrNull(file);
    if (!st) return null;
  }
  if (!st.isFile()) return null;
  // Refuse symlinks that escape the root.
  const real = await realpath(file).catch(() => null);
  if (!real || (real !== root && !real.startsWith(root + path.sep))) return null;
  return { file: real, size: st.size, mtime: st.mtime };
}

/**
 * Create (but do not start) a static server for `dir`. `headers` are added to every file served;
 * the paths in `refuse` (relative to `dir`, e.g. `sw.js`) are answered 404.
 * @returns {Promise<import('node:http').Server>}
 */
export async function createStaticServer(dir, { log = false, headers = {}, refuse = [] } = {}) {
  const root = await realpath(path.resolve(dir));
  const refused = new Set(refuse.map((file) => `/${file.replace(/^\/+/, '')}`));
  const server = createServer(async (req, res) => {
    const started = Date.now();
    res.on('finish', () => {
      if (log) console.log(`${res.statusCode} ${req.method} ${req.url} ${Date.now() - started}ms`);
    });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    let url;
    try {
      url = new URL(req.url, 'http://localhost');
    } catch {
      send(res, 400, 'Bad Request\n');
      return;
    }
    const found = refused.has(url.pathname) ? null : await resolveFile(root, url.pathname);
    if (!found) {
      send(res, 404, 'Not Found\n');
      return;
    }
    if (found.redirect) {
      send(res, 301, 'Moved Permanently\n', { Location: found.redirect + url.search });
      return;
    }
    res.writeHead(200, {
      'Content-Type': mimeType(found.file),
      'Content-Length': found.size,
      'Last-Modified': found.mtime.toUTCString(),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });
  return server;
}

/** Start serving `dir` on host:port (port 0 = random free port). Resolves to {url, server, close}. */
export async function serve(dir, { port = 0, host = '127.0.0.1', log = false, headers = {}, refuse = [] } = {}) {
  const server = await createStaticServer(dir, { log, headers, refuse });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const url = `http://${host}:${addr.port}/`;
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return { url, server, close };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const dir = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? process.env.PORT ?? 8080);
  const host = process.argv[4] ?? process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`static-server: invalid port ${JSON.stringify(process.argv[3] ?? process.env.PORT)}`);
    process.exit(2);
  }
  const st = await statOrNull(dir);
  if (!st || !st.isDirectory()) {
    console.error(`static-server: directory not found: ${dir}`);
    process.exit(2);
  }
  try {
    const { url } = await serve(dir, { port, host, log: !!process.env.LOG_REQUESTS });
    console.log(`Serving ${path.resolve(dir)} at ${url}  (Ctrl-C to stop)`);
  } catch (err) {
    console.error(`static-server: cannot listen on ${host}:${port}: ${err.message}`);
    process.exit(1);
  }
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
}
