// Churn: 10,000 re-renders of a review list (new nodes, recycled nodes whose text changes,
// nodes replaced by their own clones, placeholders) under the in-page annotator (the same wasm
// the extension runs, here in page mode so the test can read its counters). The JS heap, the wasm
// memory and the event listeners must stay flat, and the annotator must hold only the live cards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, OUT } from './harness.mjs';

let b;
before(async () => {
  b = await launch({ extension: false });
});
after(async () => {
  await b?.close();
});

const TEXTS = ['质量太差了，用了两天就坏了', '颜色和图片不一样，有色差', '物流太慢了，等了一个星期', '很好', '很好', '尺码偏小，穿不上', '客服态度很差，不理人', '包装破了，盒子压坏了', '味道很难闻，有异味', '还行吧，一般般'];

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>churn</title></head><body><main><div id="list"></div></main>
<script type="module">
const texts = ${JSON.stringify(TEXTS)};
const list = document.getElementById('list');
const card = (i, n) => {
  const d = document.createElement('div');
  d.className = 'comment-item';
  if (i % 4) d.dataset.guid = 'g' + ((i + n) % 60);
  d.innerHTML = '<div class="comment-star star' + (1 + (i % 5)) + '"></div><p class="comment-con"></p><div class="order-info"><span>L</span><span>2026-11-' + String(10 + (i % 15)) + ' 10:00</span></div>';
  d.querySelector('p').textContent = texts[(i + n) % texts.length] + (n % 7 ? '' : '（' + n + '）');
  return d;
};
let n = 0;
// One re-render of the list, in one of four ways.
window.rerender = () => {
  n++;
  const kind = n % 4;
  if (kind === 0 || list.children.length === 0) list.replaceChildren(...Array.from({ length: 20 }, (_, i) => card(i, n)));
  else if (kind === 1) [...list.children].forEach((c, i) => (c.querySelector('p').textContent = texts[(i + n) % texts.length]));
  else if (kind === 2) [...list.children].forEach((c) => c.replaceWith(c.cloneNode(true)));
  else [...list.children].slice(0, 3).forEach((c) => (c.querySelector('p').textContent = '加载中…'));
  return n;
};
window.rerender();
const mod = await import('/pkg/review_triage.js');
window.rtWasm = await mod.default();
window.rt = mod;
await mod.start_page_annotator({ mode: 'page', adapter: 'jd-legacy' });
window.rtReady = true;
</script></body></html>`;

test('10,000 re-renders: heap, wasm memory and listeners stay flat; caches hold only live cards', async () => {
  const page = await b.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/churn/index.html', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE }));
  await page.goto(`${b.url}/churn/index.html`);
  await page.waitForFunction(() => window.rtReady === true, null, { timeout: 60_000 });
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('DOMDebugger.enable').catch(() => {});

  // Settled: the summary describes exactly the cards on the page, and is complete.
  const settle = () =>
    page.waitForFunction(
      () => {
        const s = document.getElementById('review-triage-summary');
        if (!s) return false;
        const j = JSON.parse(s.textContent);
        const cards = [...document.querySelectorAll('#list .comment-item')];
        const keys = cards.map((c) => c.getAttribute('data-rt-hash')).filter(Boolean);
        return j.complete && j.count === keys.length && j.reviews.every((r) => keys.includes(r.key)) && cards.every((c) => !c.getAttribute('data-rt-hash') || (c.querySelectorAll('rt-annotation').length === 1 && c.querySelector('rt-annotation').shadowRoot));
      },
      null,
      { timeout: 30_000, polling: 50 },
    );
  const measure = async () => {
    await settle();
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'document' });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth: -1, pierce: true });
    const win = await cdp.send('Runtime.evaluate', { expression: 'window' });
    const winListeners = (await cdp.send('DOMDebugger.getEventListeners', { objectId: win.result.objectId })).listeners;
    const inPage = await page.evaluate(() => ({ stats: window.rt.annotator_stats(), wasmBytes: window.rtWasm.memory.buffer.byteLength, hosts: document.querySelectorAll('rt-annotation').length, cards: document.querySelectorAll('#list .comment-item[data-rt-hash]').length }));
    return { heapUsed: heap.usedSize, domListeners: listeners.length, windowListeners: winListeners.length, ...inPage };
  };

  const ROUNDS = 100;
  const PER_ROUND = 100;
  const samples = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // 100 re-renders, each its own task, so the annotator's observer and rescans run among them.
    await page.evaluate(async (k) => {
      for (let i = 0; i < k; i++) {
        window.rerender();
        await new Promise((r) => setTimeout(r, 0));
      }
    }, PER_ROUND);
    if (round === 10 || round === 55 || round === ROUNDS) samples.push({ round, rerenders: round * PER_ROUND, ...(await measure()) });
  }
  await page.close();
  writeFileSync(join(OUT, 'churn.json'), JSON.stringify(samples, null, 2));
  const [base, mid, end] = samples;
  console.log(`churn: heap ${(base.heapUsed / 1e6).toFixed(1)} → ${(mid.heapUsed / 1e6).toFixed(1)} → ${(end.heapUsed / 1e6).toFixed(1)} MB, wasm ${(base.wasmBytes / 1e6).toFixed(1)} → ${(end.wasmBytes / 1e6).toFixed(1)} MB, listeners ${base.domListeners}/${base.windowListeners} → ${end.domListeners}/${end.windowListeners}, annotator cards ${end.stats.cards}`);
  assert.deepEqual(errors, []);
  assert.equal(end.rerenders, 10_000);
  assert.equal(end.domListeners, base.domListeners, 'DOM listeners do not grow');
  assert.equal(end.windowListeners, base.windowListeners, 'window listeners do not grow');
  assert.equal(end.stats.listeners, base.stats.listeners);
  assert.equal(end.stats.cards, end.cards, 'the annotator holds only the live cards');
  assert.equal(end.hosts, end.cards, 'one annotation per live card, none left behind');
  assert.ok(end.heapUsed - base.heapUsed < 3e6, `JS heap grew ${end.heapUsed - base.heapUsed} bytes`);
  assert.ok(end.wasmBytes - mid.wasmBytes <= 2 * 65536 * 16, `wasm memory grew ${end.wasmBytes - mid.wasmBytes} bytes after warm-up`);
});
