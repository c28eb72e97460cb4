// Serves the demo site on 127.0.0.1: www/ at /, the wasm-bindgen output (dist/pkg) at /pkg/.
// Pages under /csp/ get `Content-Security-Policy: script-src 'self'`, like a strict seller backend.
// Usage: node www/serve.mjs [--port N]   (0 = any free port). Also importable: startServer({port}).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const WWW = resolve(fileURLToPath(new URL('.', import.meta.url)));
const PKG = resolve(WWW, '..', 'dist', 'pkg');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Maps a URL path to a file under `root`, or null when it would leave it. */
export function resolvePath(root, urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p.includes('\0')) return null;
  const full = normalize(join(root, p));
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  let path = url.pathname;
  if (path.endsWith('/')) path += 'index.html';
  const [root, rest] = path.startsWith('/pkg/') ? [PKG, path.slice(5)] : [WWW, path];
  const file = resolvePath(root, rest);
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (path.startsWith('/csp/')) headers['Content-Security-Policy'] = "script-src 'self'";
  if (!file) {
    res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('forbidden');
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    const body = await readFile(file);
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(path.startsWith('/pkg/') ? 'not found (build the wasm first: ./scripts/build-extension.sh)' : 'not found');
  }
}

/** Starts the server; resolves to { url, close }. */
export function startServer({ port = 8787, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      ok({ url: `http://${host}:${actual}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 8787);
  const { url } = await startServer({ port });
  console.log(`review-triage demo: ${url}/  (Ctrl-C to stop)`);
}
