// Serves the demo site on 127.0.0.1: www/ at /, the wasm-bindgen output (dist/pkg) at /pkg/.
// Pages under /csp/ get `Content-Security-Policy: script-src 'self'`, like a strict seller backend.
//
// Another deploy of the real pages: `?rt-scramble=SEED` on a page (or `--scramble SEED` for every
// page) makes the stand-in randomise every class name spec/pages.md does not document, reorder
// table columns and add wrapper elements; documented names and prefixes stay. The end-to-end
// tests load each page plain and scrambled and expect the same annotations.
//
// The real hosts: `standInFor(url)` maps the marketplaces' URLs (myseller.taobao.com, …) to the
// stand-in pages, so that a browser can be pointed at the real URL (the e2e tests route them with
// Playwright, no network) and `respond()` answers for any path of those hosts.
//
// Usage: node www/serve.mjs [--port N] [--scramble SEED]   (port 0 = any free port).
// Also importable: startServer({port, scramble}), respond(), standInFor(), documentedClasses().
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const WWW = resolve(fileURLToPath(new URL('.', import.meta.url)));
const PKG = resolve(WWW, '..', 'dist', 'pkg');
const PAGES_MD = process.env.RT_PAGES_MD ?? resolve(WWW, '..', '..', 'shared', 'spec', 'pages.md');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
};

/** The marketplaces' review pages and the stand-in that plays each (first match wins). */
export const REAL_PAGES = [
  { host: 'myseller.taobao.com', path: /^\/home\.htm\/comment-manage\/list\//, page: '/taobao/backend.html' },
  { host: 'myseller.taobao.com', path: /^\/home\.htm\/comment-manage\//, page: '/taobao/module.html' },
  { host: 'item.taobao.com', path: /^\/item\.htm/, page: '/taobao/item.html' },
  { host: 'detail.tmall.com', path: /^\/item\.htm/, page: '/tmall/item.html' },
  { host: 'item.jd.com', path: /^\/\d+\.html/, page: '/jd/item.html' },
  { host: 'club.jd.com', path: /^\/review\//, page: '/jd/legacy.html' },
  { host: 'mms.pinduoduo.com', path: /^\/goods\/evaluation\//, page: '/pinduoduo/backend.html' },
  { host: 'fxg.jinritemai.com', path: /^\/ffa\/g\/comment/, page: '/douyin/backend.html' },
];
export const REAL_HOSTS = [...new Set(REAL_PAGES.map((p) => p.host))];

/** The stand-in path for a real URL: the page itself, or the same path for the page's assets. */
export function standInFor(url) {
  const u = new URL(url);
  if (!REAL_HOSTS.includes(u.hostname)) return null;
  const hit = REAL_PAGES.find((p) => p.host === u.hostname && p.path.test(u.pathname));
  return hit ? hit.page : u.pathname;
}

/** Class names and prefixes spec/pages.md documents (in its `code` spans): `.name` selectors,
 *  bare names such as `star5`, and `[class^="X"]` / `[class*="X"]` prefixes. */
export function documentedClasses(md = readFileSync(PAGES_MD, 'utf8')) {
  const exact = new Set();
  const prefix = new Set();
  for (const [, code] of md.matchAll(/`([^`]+)`/g)) {
    for (const [, name] of code.matchAll(/\.([A-Za-z_][\w-]*)/g)) exact.add(name);
    for (const [, mode, name] of code.matchAll(/\[class([*^])="([^"]+)"\]/g)) prefix.add(`${mode}${name}`);
    if (/^[A-Za-z_][\w-]*$/.test(code)) exact.add(code);
  }
  // A documented range (`star1`…`star5`) covers the names between.
  for (const name of [...exact]) {
    const m = /^(.*\D)1$/.exec(name);
    if (!m) continue;
    const ends = [...exact].filter((e) => e.startsWith(m[1])).map((e) => Number(e.slice(m[1].length))).filter(Number.isInteger);
    for (let k = 2; k < Math.max(...ends); k++) exact.add(`${m[1]}${k}`);
  }
  return { exact: [...exact].sort(), prefix: [...prefix].sort() };
}

let documented = null;
function scrambleMeta(seed) {
  documented ??= documentedClasses();
  const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<meta name="rt-scramble" content="${attr(String(seed))}" data-exact="${attr(documented.exact.join(' '))}" data-prefix="${attr(documented.prefix.join(' '))}">`;
}

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

const text = (status, headers, body) => ({ status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: Buffer.from(body) });

/**
 * The response for a path of the demo site: `{status, headers, body}`. Options: `scramble` (a
 * seed: randomise undocumented class names), `now` (ms: pin the stand-in pages' clock).
 */
export async function respond(pathname, { scramble = null, now = null } = {}) {
  let path = pathname;
  if (path.endsWith('/')) path += 'index.html';
  const [root, rest] = path.startsWith('/pkg/') ? [PKG, path.slice(5)] : [WWW, path];
  const file = resolvePath(root, rest);
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (path.startsWith('/csp/')) headers['Content-Security-Policy'] = "script-src 'self'";
  if (!file) return text(403, headers, 'forbidden');
  let body;
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    body = await readFile(file);
  } catch {
    return text(404, headers, path.startsWith('/pkg/') ? 'not found (build the wasm first: ./scripts/build-extension.sh)' : 'not found');
  }
  if (extname(file) === '.html' && (scramble !== null || now !== null)) {
    let meta = '';
    try {
      if (scramble !== null) meta += scrambleMeta(scramble);
    } catch (e) {
      return text(500, headers, `cannot scramble: spec/pages.md not readable at ${PAGES_MD} (${e.message}); set RT_PAGES_MD`);
    }
    if (now !== null) meta += `<meta name="rt-now" content="${Number(now)}">`;
    body = Buffer.from(body.toString('utf8').replace('<head>', `<head>${meta}`));
  }
  return { status: 200, headers: { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }, body };
}

/** Starts the server; resolves to { url, close }. `scramble`: a seed applied to every page. */
export function startServer({ port = 8787, host = '127.0.0.1', scramble = null } = {}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const seed = url.searchParams.get('rt-scramble') ?? scramble;
    respond(url.pathname, { scramble: seed })
      .then((r) => {
        res.writeHead(r.status, r.headers);
        res.end(r.body);
      })
      .catch(() => {
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
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const port = Number(arg('--port') ?? process.env.PORT ?? 8787);
  const { url } = await startServer({ port, scramble: arg('--scramble') ?? null });
  console.log(`review-triage demo: ${url}/  (Ctrl-C to stop)`);
}
