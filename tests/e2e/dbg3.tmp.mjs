process.env.RT_BENCH_IMPORT = '1';
const { launch } = await import('./harness.mjs');
const { qianniuPage } = await import('./bench.test.mjs');
const b = await launch({ extension: false });
const page = await b.context.newPage(); page.on('console', (m) => m.text().startsWith('DBG') && console.log(m.text()));
await page.addInitScript(() => {
  const rt = (window.__rt = { loaf: [] });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => e.scripts.forEach((s) => s.duration > 30 && rt.loaf.push(`${Math.round(s.startTime)} ${s.invoker} ${s.invokerType} ${s.sourceFunctionName} dur=${Math.round(s.duration)} forcedSL=${Math.round(s.forcedStyleAndLayoutDuration)}`)))).observe({ type: 'long-animation-frame', buffered: true });
});
await page.route('**/taobao/backend-bench.html*', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: qianniuPage(Number(process.env.N || 1000), false, true) }));
await page.goto(`${b.url}/taobao/backend-bench.html`);
await page.waitForTimeout(Number(process.env.WAIT || 14000));
console.log((await page.evaluate(() => __rt.loaf)).join('\n'));
const { start_page_annotator } = {};
console.log(await page.evaluate(async () => { const m = await import('/pkg/review_triage.js'); return JSON.stringify(m.annotator_stats()); }));
await b.close();
