// A tool, not a test: the annotator's own work on the benchmark's page in page mode, loaded
// `reps` times in one Chromium, with its phases and the median (`node tests/e2e/work.mjs 1000 5`).
// Run-to-run noise on this machine is ~5 %: compare medians of five, not single runs.
import { launch } from './harness.mjs';
import { qianniuPage } from './qianniu-page.mjs';
const n = Number(process.argv[2] ?? 1000), reps = Number(process.argv[3] ?? 5);
const b = await launch({ extension: false });
const html = qianniuPage(n, false, true);
const res = [];
for (let i = 0; i < reps; i++) {
  const page = await b.context.newPage();
  await page.route('**/taobao/backend-bench.html*', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(`${b.url}/taobao/backend-bench.html?n=${n}`);
  await page.waitForFunction((n) => { const s = document.getElementById('review-triage-summary'); return !!s && s.dataset.rtCount === String(n) && s.dataset.rtComplete === 'true'; }, n, { timeout: 300000, polling: 200 });
  const st = await page.evaluate(async () => { const m = await import('/pkg/review_triage.js'); return m.annotator_stats(); });
  res.push(st);
  console.log(st.work_ms, JSON.stringify(st.phase_ms));
  await page.close();
}
const w = res.map((s) => s.work_ms).sort((a, b) => a - b);
console.log('median work_ms', w[Math.floor(w.length / 2)], 'min', w[0]);
await b.close();
