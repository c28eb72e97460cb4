// Shared set-up for the end-to-end tests: the demo server in-process, Debian's Chromium with the
// real unpacked extension (dist/extension) loaded, and helpers to wait for the annotations.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REAL_HOSTS, respond, standInFor, startServer } from '../../www/serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXT = join(ROOT, 'dist', 'extension');
export const OUT = join(ROOT, 'test-output');
export const SHOTS = join(OUT, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

export async function launch({ extension = true } = {}) {
  if (extension && !existsSync(join(EXT, 'manifest.json'))) {
    throw new Error('dist/extension is missing: run ./scripts/build-extension.sh first');
  }
  const server = await startServer({ port: 0 });
  const userDataDir = mkdtempSync(join(tmpdir(), 'rt-e2e-'));
  const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  if (extension) args.push(`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args,
    viewport: { width: 1280, height: 900 },
  });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const pageNow = Date.now();
  await routeRealHosts(context, { now: pageNow });
  let extId = null;
  if (extension) {
    let [sw] = context.serviceWorkers();
    if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 20_000 });
    extId = new URL(sw.url()).host;
  }
  return {
    context,
    url: server.url,
    extId,
    requests,
    pageNow,
    async close() {
      await context.close();
      await server.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Serves the marketplaces' real URLs (https://myseller.taobao.com/…, see www/serve.mjs
 * REAL_PAGES) from the stand-ins, inside the browser: no network, and the extension's content
 * script matches and the adapters' URL rules run as on the real sites. `?rt-scramble=SEED` on
 * the page URL randomises the undocumented class names; `now` pins the pages' clock so that two
 * loads print the same dates.
 */
export async function routeRealHosts(context, { now = Date.now() } = {}) {
  for (const host of REAL_HOSTS) {
    await context.route(`https://${host}/**`, async (route) => {
      const url = new URL(route.request().url());
      const r = await respond(standInFor(url.href), { scramble: url.searchParams.get('rt-scramble'), now });
      await route.fulfill({ status: r.status, headers: r.headers, body: r.body });
    });
  }
}

/** The page's triage summary once it has `min` reviews (and, if given, the annotator). */
export async function summary(page, { min = 1, annotator, timeout = 30_000 } = {}) {
  await page.waitForFunction(
    ({ min, annotator }) => {
      const s = document.getElementById('review-triage-summary');
      if (!s) return false;
      const j = JSON.parse(s.textContent);
      return j.count >= min && (!annotator || j.annotator === annotator);
    },
    { min, annotator },
    { timeout },
  );
  const { json, attrs } = await page.evaluate(() => {
    const s = document.getElementById('review-triage-summary');
    return { json: JSON.parse(s.textContent), attrs: [s.dataset.rtCount, s.dataset.rtComplete] };
  });
  // Readers poll these two attributes instead of parsing the summary: they must agree with it.
  if (attrs[0] !== String(json.count) || attrs[1] !== String(json.complete)) {
    throw new Error(`summary attributes ${JSON.stringify(attrs)} disagree with its JSON (count ${json.count}, complete ${json.complete})`);
  }
  return json;
}

/** Every annotated card: its data-rt-* attributes and how many annotation hosts it holds. */
export function cards(page, selector) {
  return page.$$eval(selector, (els) =>
    els.map((e) => ({
      id: e.getAttribute('data-rt-id'),
      causes: e.getAttribute('data-rt-causes'),
      state: e.getAttribute('data-rt-window-state'),
      deadline: e.getAttribute('data-rt-window-deadline'),
      priority: e.getAttribute('data-rt-priority'),
      rating: e.getAttribute('data-rt-rating'),
      hash: e.getAttribute('data-rt-hash'),
      hosts: e.querySelectorAll('rt-annotation').length,
      hostFor: [...e.querySelectorAll('rt-annotation')].map((h) => h.getAttribute('data-rt-for')),
      label: e.querySelector('rt-annotation')?.getAttribute('aria-label') ?? null,
      text: e.textContent,
    })),
  );
}

/** Causes the CLI gives for every review of the stand-in data, keyed by review id (the oracle). */
let oracleCache = null;
export function oracle() {
  if (oracleCache) return oracleCache;
  const bin = join(ROOT, 'target', 'release', 'review-triage');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '--release', '--locked', '--bin', 'review-triage'], { cwd: ROOT, stdio: 'inherit' });
  // These stand-ins show no 追评, so the engine sees only the main text there.
  const noAppend = new Set(['jd-item.json', 'douyin-backend.json']);
  // These show no rating (item pages): the tagger sees none there either; elsewhere the stars.
  const noRating = new Set(['taobao-item.json', 'tmall-item.json', 'spa.json']);
  const records = [];
  for (const f of readdirSync(join(ROOT, 'www', 'data'))) {
    for (const r of JSON.parse(readFileSync(join(ROOT, 'www', 'data', f), 'utf8'))) {
      records.push({ id: `${f}:${r.id}`, text: r.text, rating: noRating.has(f) || r.stars == null ? undefined : String(r.stars), append_text: noAppend.has(f) ? undefined : r.append?.text });
    }
  }
  const input = records.map((r) => JSON.stringify(r)).join('\n');
  const out = execFileSync(bin, ['annotate', '--now', '2026-11-22T10:00:00+08:00'], { input, maxBuffer: 1 << 28 }).toString();
  oracleCache = new Map();
  out.trim().split('\n').forEach((line) => {
    const a = JSON.parse(line);
    oracleCache.set(a.id, a.causes.map((c) => c.tag).sort().join(','));
  });
  return oracleCache;
}

export const sortCauses = (s) => (s ? s.split(',').filter(Boolean).sort().join(',') : '');

export function data(name) {
  return JSON.parse(readFileSync(join(ROOT, 'www', 'data', `${name}.json`), 'utf8'));
}

export async function shot(page, name, opts = {}) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), ...opts });
}
