// In-browser benchmark of page annotation: the 1,000-review stress page with the extension.
// A measurement written to test-output/bench.json, not a timed assertion.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, OUT, shot, summary } from './harness.mjs';

let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

test('annotate the 1,000-review page (3 runs)', async () => {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const page = await b.context.newPage();
    const t0 = Date.now();
    await page.goto(`${b.url}/stress/index.html?noinline=1`);
    const s = await summary(page, { min: 1000, timeout: 120_000 });
    const wall = Date.now() - t0;
    const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
    assert.equal(s.count, 1000);
    assert.equal(await page.locator('rt-annotation').count(), 1000);
    runs.push({ annotate_ms: s.stats.annotate_ms, scans: s.stats.scans, wall_ms: wall, dom_content_loaded_ms: Math.round(nav) });
    if (i === 0) await shot(page, 'stress');
    await page.close();
  }
  const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
  const result = { page: '/stress/index.html', reviews: 1000, runs, median_annotate_ms: median('annotate_ms'), median_wall_ms: median('wall_ms'), chromium: b.context.browser()?.version() ?? 'unknown' };
  writeFileSync(join(OUT, 'bench.json'), JSON.stringify(result, null, 2));
  console.log(`bench: 1000 reviews annotated in ${result.median_annotate_ms} ms of engine+render time (median of 3), ${result.median_wall_ms} ms from navigation to complete summary`);
});
