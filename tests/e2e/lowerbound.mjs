// A tool, not a test: the least work any annotator doing this product's job could do on the
// benchmark's page, measured in one Chromium (`node tests/e2e/lowerbound.mjs 1000 5`). On the
// plain page (no annotator) it times the floor's insertion (six fixed spans in a shadow root per
// card) and reading each card's text with one `textContent`; from a page-mode run of the real
// annotator on the same page it takes only the engine's own phases (`engine`: tags, windows,
// priority; `compose`: scripts, explanation and their lint for the reviews that need action,
// which the summary must carry). Their sum is a floor for "total work", with none of reading
// dates and fields, drawing chips, the summary or attributes. BENCHMARKS.md has the runs.
import { launch } from './harness.mjs';
import { floorInsert, qianniuPage } from './qianniu-page.mjs';
const n = Number(process.argv[2] ?? 1000), reps = Number(process.argv[3] ?? 5);
const b = await launch({ extension: false });
const runs = [];
async function open(html) {
  const page = await b.context.newPage();
  await page.route('**/taobao/backend-bench.html*', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(`${b.url}/taobao/backend-bench.html?n=${n}`);
  return page;
}
const plain = qianniuPage(n, false, false), annotated = qianniuPage(n, false, true);
for (let i = 0; i < reps; i++) {
  let page = await open(plain);
  const r = await page.evaluate(async (floorSource) => {
    const rows = [...document.querySelectorAll('tbody.next-table-body > tr.next-table-row')];
    const frame = () => new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
    const insert = new Function(`(${floorSource})()`);
    await frame();
    let t = performance.now();
    insert();
    const floor = performance.now() - t;
    await frame();
    t = performance.now();
    const texts = rows.map((row) => row.querySelector('.rate-content').textContent);
    const read = performance.now() - t;
    return { floor, read, chars: texts.join('').length };
  }, floorInsert.toString());
  await page.close();
  page = await open(annotated);
  await page.waitForFunction((n) => { const s = document.getElementById('review-triage-summary'); return !!s && s.dataset.rtCount === String(n) && s.dataset.rtComplete === 'true'; }, n, { timeout: 300000, polling: 200 });
  const st = await page.evaluate(async () => (await import('/pkg/review_triage.js')).annotator_stats());
  await page.close();
  const phase = Object.fromEntries(st.phase_ms);
  Object.assign(r, { engine: phase.engine, compose: phase.compose, work: st.work_ms });
  runs.push(r);
  console.log(JSON.stringify(r));
}
const med = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
const [f, rd, e, c, w] = [med('floor'), med('read'), med('engine'), med('compose'), med('work')];
const least = f + rd + e + c;
console.log(`medians at ${n} cards: floor ${f.toFixed(1)} ms, read ${rd.toFixed(1)} ms, engine ${e} ms, compose ${c} ms; least total ${least.toFixed(1)} ms = ${(least / f).toFixed(1)}x the floor (the annotator's whole work ${w} ms = ${(w / f).toFixed(1)}x)`);
await b.close();
