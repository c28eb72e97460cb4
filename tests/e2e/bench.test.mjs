// In-browser benchmark: a page of the Qianniu review-management structure (Fusion table rows,
// real reviews from data/gold) with 1,000 and 3,000 cards, annotated by the built extension,
// next to a plain-JS floor that inserts one shadow-root element with six text spans per card.
// Measured in the page: Long Tasks and Long Animation Frames (with per-script attribution, so the
// extension's own tasks are told apart from the page's parsing and layout) and a 5 ms heartbeat
// (the longest the main thread was blocked). Written to test-output/bench.json; recorded in
// BENCHMARKS.md. The in-page path must not hold the main thread: no script task of the
// extension over 50 ms.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, OUT } from './harness.mjs';
import { qianniuPage } from './qianniu-page.mjs';

const SIZES = (process.env.RT_BENCH_SIZES ?? '1000,3000').split(',').map(Number);

// Runs in the page's main world before anything else.
const INSTRUMENT = () => {
  const rt = (window.__rt = { long: [], loaf: [], maxGap: 0, gapAt: 0, dcl: 0 });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => rt.long.push({ start: e.startTime, dur: e.duration }))).observe({ type: 'longtask', buffered: true });
  // The page's first layout of its big table ends with its first paint: a task before that is the
  // page's own (with or without an extension; the floor does it inside its parse task).
  new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (e.name === 'first-paint') rt.firstPaint = e.startTime; })).observe({ type: 'paint', buffered: true });
  try {
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) =>
        rt.loaf.push({
          start: e.startTime,
          dur: e.duration,
          blocking: e.blockingDuration,
          styleLayout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
          scripts: e.scripts.map((s) => ({ src: s.sourceURL, invoker: s.invoker, start: s.startTime, dur: s.duration })),
        }),
      ),
    ).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  document.addEventListener('DOMContentLoaded', () => {
    rt.dcl = performance.now();
    let last = performance.now();
    const beat = () => {
      const now = performance.now();
      if (now - last > rt.maxGap) {
        rt.maxGap = now - last;
        rt.gapAt = last;
      }
      last = now;
      setTimeout(beat, 5);
    };
    setTimeout(beat, 5);
  });
};

async function measure(b, n, floor, pageMode = false) {
  const page = await b.context.newPage();
  await page.addInitScript(INSTRUMENT);
  const html = qianniuPage(n, floor, pageMode);
  await page.route('**/taobao/backend-bench.html*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  const t0 = Date.now();
  await page.goto(`${b.url}/taobao/backend-bench.html?n=${n}`);
  let summary = null;
  if (!floor) {
    await page.waitForFunction(
      // The element's attributes, not its JSON: parsing megabytes every half second would be
      // the benchmark's own long task, counted against the extension.
      (n) => {
        const s = document.getElementById('review-triage-summary');
        return !!s && s.dataset.rtCount === String(n) && s.dataset.rtComplete === 'true';
      },
      n,
      { timeout: 300_000, polling: 500 },
    );
  }
  const wall = Date.now() - t0;
  await page.waitForTimeout(1500); // trailing frames, then a quiet second of ticking
  const idleFrom = await page.evaluate(() => performance.now());
  await page.waitForTimeout(3000);
  const rt = await page.evaluate(async (pageMode) => {
    const stats = pageMode ? (await import('/pkg/review_triage.js')).annotator_stats() : null;
    return { ...window.__rt, stats, floorMs: window.__floorMs ?? null, hosts: document.querySelectorAll('rt-annotation, floor-annotation').length };
  }, pageMode);
  // Read after the measurements (parsing it is a long task of its own).
  if (!floor) {
    summary = await page.evaluate(() => {
      const s = document.getElementById('review-triage-summary');
      const j = JSON.parse(s.textContent);
      return { ...j, attrs: [s.dataset.rtCount, s.dataset.rtComplete] };
    });
    assert.deepEqual(summary.attrs, [String(summary.count), String(summary.complete)], 'the attributes say what the JSON says');
  }
  await page.close();
  // The task that ends with DOMContentLoaded is the page's parsing (and, for the floor, its
  // insertion loop, which runs in that task); everything after it is reported apart.
  const spans = (e) => e.start <= rt.dcl && e.start + e.dur >= rt.dcl;
  const painted = rt.firstPaint ?? rt.dcl;
  const after = (e) => e.start > rt.dcl && e.start + e.dur > painted;
  const firstLayout = rt.long.filter((e) => e.start > rt.dcl && e.start + e.dur <= painted);
  const long = rt.long.filter(after);
  const dclTask = rt.long.filter(spans).reduce((a, e) => Math.max(a, e.dur), 0);
  const ours = rt.loaf.flatMap((f) => f.scripts).filter((s) => s.src.startsWith('chrome-extension://') || s.src.includes('/pkg/review_triage'));
  const round = (x) => Math.round(x * 10) / 10;
  return {
    cards: n,
    hosts: rt.hosts,
    dcl_task_ms: round(dclTask),
    // After DOMContentLoaded, before the first paint: the page laying out its table.
    first_layout_task_ms: round(firstLayout.reduce((a, e) => Math.max(a, e.dur), 0)),
    longest_task_ms: round(Math.max(0, ...long.map((e) => e.dur))),
    long_task_total_ms: round(long.reduce((a, e) => a + e.dur, 0)),
    long_tasks: long.length,
    longest_frame_style_layout_ms: round(Math.max(0, ...rt.loaf.filter(after).map((f) => f.styleLayout))),
    // Rendering is not a "task" to the Long Tasks API: frames whose style, layout and paint
    // alone passed 50 ms (the page's table laid out again after annotations went in).
    frames_style_layout_over_50ms: rt.loaf.filter(after).filter((f) => f.styleLayout > 50).length,
    frames_style_layout_over_50ms_total_ms: round(rt.loaf.filter(after).filter((f) => f.styleLayout > 50).reduce((a, f) => a + f.styleLayout, 0)),
    slow_frames: rt.loaf.filter(after).filter((f) => f.styleLayout > 50).map((f) => [round(f.start - rt.dcl), round(f.styleLayout)]),
    max_blocked_ms: round(rt.maxGap),
    longest_own_script_ms: floor ? null : round(Math.max(0, ...ours.map((s) => s.dur))),
    own_scripts_over_50ms: floor ? null : ours.filter((s) => s.dur > 50).length,
    own_scripts_over_50ms_detail: floor ? null : ours.filter((s) => s.dur > 50).map((s) => `${round(s.start - rt.dcl)} ms: ${s.invoker} ${round(s.dur)} ms`),
    annotator: rt.stats,
    dcl_at_ms: round(rt.dcl),
    long_tasks_while_idle: rt.long.filter((e) => e.start >= idleFrom).length,
    own_work_ms: floor ? round(rt.floorMs) : summary.stats.annotate_ms,
    wall_ms: floor ? null : wall,
    gap_at_ms: round(rt.gapAt - rt.dcl),
    tasks: long.map((e) => [round(e.start - rt.dcl), round(e.dur)]),
  };
}

const results = { page: 'Qianniu structure (taobao-backend adapter), generated from data/gold/train_gold.jsonl', runs: [] };
after(() => {
  writeFileSync(join(OUT, 'bench.json'), JSON.stringify(results, null, 2));
});

for (const n of SIZES) {
  test(`${n} cards: the extension never holds the main thread for long (next to the plain-JS floor)`, async () => {
    const plain = await launch({ extension: false });
    let floor;
    let page;
    try {
      floor = await measure(plain, n, true);
      page = await measure(plain, n, false, true);
    } finally {
      await plain.close();
    }
    const b = await launch();
    let ext;
    try {
      ext = await measure(b, n, false);
      results.chromium = b.context.browser()?.version() ?? 'unknown';
    } finally {
      await b.close();
    }
    results.runs.push({ cards: n, extension: ext, page_mode: page, floor });
    const fs = page.annotator?.first_screen;
    page.first_screen = fs ? { cards: fs.cards, own_work_ms: fs.work_ms, after_dcl_ms: Math.round(fs.at_ms - page.dcl_at_ms) } : null;
    console.log(`bench ${n}: first screen (page mode) ${fs?.cards} cards after ${fs?.work_ms} ms of own work, ${page.first_screen?.after_dcl_ms} ms after DOMContentLoaded`);
    console.log(`bench ${n}: own longest script task ${page.longest_own_script_ms} ms (page mode; ${page.own_scripts_over_50ms} over 50 ms); extension: parse task ${ext.dcl_task_ms} ms, then longest task ${ext.longest_task_ms} ms, long-task total ${ext.long_task_total_ms} ms, blocked ≤ ${ext.max_blocked_ms} ms, own work ${ext.own_work_ms} ms | floor: parse + insertion task ${floor.dcl_task_ms} ms, then longest ${floor.longest_task_ms} ms, total ${floor.long_task_total_ms} ms, blocked ≤ ${floor.max_blocked_ms} ms, own work ${floor.own_work_ms} ms`);
    assert.equal(ext.hosts, n, 'every card annotated');
    assert.equal(floor.hosts, n);
    assert.equal(page.hosts, n);
    assert.ok(page.first_screen?.cards > 0, 'the first screen is recorded');
  });
}
