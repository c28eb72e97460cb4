// A tool, not a test: a CDP trace of the built extension annotating the benchmark's page, written
// to /tmp/trace.json and summarised by the tasks over 45 ms on the main thread and what ran inside
// them (layout, script, GC). `node tests/e2e/trace.mjs 3000`. This is how the rendering frames of
// the big table and the benchmark's own JSON.parse were found (BENCHMARKS.md).
import { launch } from './harness.mjs';
import { writeFileSync } from 'node:fs';
import { qianniuPage } from './qianniu-page.mjs';
const n = Number(process.argv[2] ?? 1000);
const b = await launch();
const page = await b.context.newPage();
await page.route('**/taobao/backend-bench.html*', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: qianniuPage(n, false) }));
const cdp = await b.context.newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.invalidationTracking,v8.execute,blink,toplevel', transferMode: 'ReportEvents' });
await page.goto(`${b.url}/taobao/backend-bench.html?n=${n}`);
await page.waitForFunction((n) => { const s = document.getElementById('review-triage-summary'); return !!s && s.dataset.rtCount === String(n) && s.dataset.rtComplete === 'true'; }, n, { timeout: 300000, polling: 500 });
await page.waitForTimeout(1000);
await cdp.send('Tracing.end');
await done;
await b.close();
writeFileSync('/tmp/trace.json', JSON.stringify(events));
const main = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.dur > 45000);
const tid = (() => { const c = {}; for (const e of main) c[e.tid] = (c[e.tid] ?? 0) + e.dur; return Object.entries(c).sort((a, b) => b[1] - a[1])[0]?.[0]; })();
for (const t of main.filter((e) => String(e.tid) === tid)) {
  const inside = events.filter((e) => e.tid === t.tid && e.ph === 'X' && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && e !== t && (e.dur ?? 0) > 3000);
  console.log(`task at ${((t.ts - main[0].ts) / 1000).toFixed(0)} ms: ${(t.dur / 1000).toFixed(1)} ms`);
  for (const e of inside.slice(0, 14)) console.log(`   ${e.name} ${(e.dur / 1000).toFixed(1)} ms ${JSON.stringify(e.args?.data ?? {}).slice(0, 140)}`);
}
