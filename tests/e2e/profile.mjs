// A tool, not a test: a CPU profile (CDP, 100 µs sampling) of the page-mode annotator on the
// benchmark's page, written to /tmp/prof.cpuprofile (`node tests/e2e/profile.mjs 1000`). For
// Rust names in it, put a wasm-bindgen build without `--remove-name-section` in dist/pkg first.
import { launch } from './harness.mjs';
import { writeFileSync } from 'node:fs';
import { qianniuPage } from './qianniu-page.mjs';
const n = Number(process.argv[2] ?? 1000);
const b = await launch({ extension: false });
const page = await b.context.newPage();
await page.route('**/taobao/backend-bench.html*', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: qianniuPage(n, false, true) }));
const cdp = await b.context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.goto(`${b.url}/taobao/backend-bench.html?n=${n}`);
await page.waitForFunction((n) => { const s = document.getElementById('review-triage-summary'); return !!s && s.dataset.rtCount === String(n) && s.dataset.rtComplete === 'true'; }, n, { timeout: 300000, polling: 500 });
await page.waitForTimeout(500);
const { profile } = await cdp.send('Profiler.stop');
const stats = await page.evaluate(() => JSON.parse(document.getElementById('review-triage-summary').textContent).stats);
console.log(JSON.stringify(stats));
writeFileSync('/tmp/prof.cpuprofile', JSON.stringify(profile));
await b.close();
