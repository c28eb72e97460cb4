// The benchmark's page: the Qianniu review-management structure of www/taobao/backend.html
// (Fusion table rows, read by the taobao-backend adapter), all rows in one table, with real
// reviews from data/gold. Used by the in-browser benchmark, the big-page test and the trace tool.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const reviews = readFileSync(join(ROOT, 'data', 'gold', 'train_gold.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const pad = (n) => String(n).padStart(2, '0');
function ymdhm(d) {
  const c = new Date(d.getTime() + 8 * 3600_000); // China time
  return `${c.getUTCFullYear()}-${pad(c.getUTCMonth() + 1)}-${pad(c.getUTCDate())} ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}`;
}

/** The floor (run in the page, its source inlined): one shadow-root element with six fixed text
 * spans in each row's content cell, plain JS. */
export function floorInsert() {
  for (const td of document.querySelectorAll('tbody.next-table-body > tr.next-table-row > td.col-content')) {
    const host = document.createElement('floor-annotation');
    const sh = host.attachShadow({ mode: 'open' });
    for (const t of ['优先 80', '差评', '质量问题', '修改剩 3天', '解释剩 2天', '未核实']) {
      const s = document.createElement('span');
      s.textContent = t;
      sh.append(s);
    }
    td.append(host);
  }
}

/** The Qianniu structure of www/taobao/backend.html, all rows in one table, as static HTML. */
export function qianniuPage(n, floor, pageMode = false) {
  const now = Date.now();
  const rows = [];
  for (let i = 0; i < n; i++) {
    const r = reviews[i % reviews.length];
    const posted = new Date(now - ((i * 7919) % (40 * 1440)) * 60_000 - 3600_000);
    const mood = r.label ? '正面' : i % 3 ? '负面' : '中性';
    rows.push(
      `<tr class="next-table-row" data-feed-id="b${i}"><td class="col-emotion"><span class="emotion-tag">${mood}</span></td>` +
        `<td class="col-content"><div class="l-rate-content"><div class="rate-meta">主评ID：${1000 + i} 初次评价：${ymdhm(posted)} 订单号：${2500000000000 + i * 7}</div>` +
        `<div class="rate-content"><span>${esc(r.text)}</span></div><div class="reply-area"><button class="next-btn next-btn-primary" type="button">评价</button></div></div></td>` +
        `<td class="col-item">${esc(r.category ?? '商品')} 款式${i % 5}</td><td class="col-buyer">t**${i % 10}</td><td class="col-actions"><a>评价回复</a> <a>投诉评价</a></td></tr>`,
    );
  }
  const floorScript = floor
    ? `<script>document.addEventListener('DOMContentLoaded', () => {
  const t0 = performance.now();
  (${floorInsert})();
  window.__floorMs = performance.now() - t0;
});</script>`
    : '';
  // The same wasm run by the page itself (as the demo site does): Long Animation Frames name its
  // script, so its own longest task can be told apart from parsing and layout (the extension's
  // content-script tasks are not attributed to it in the page's timeline).
  const pageScript = pageMode
    ? `<script type="module">import init, { start_page_annotator } from '/pkg/review_triage.js'; await init(); await start_page_annotator({ mode: 'page' });</script>`
    : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>千牛 · 评价管理 bench</title><link rel="stylesheet" href="/assets/site.css"></head>
<body><main><h1>评价管理</h1><table class="next-table"><tbody class="next-table-body">${rows.join('')}</tbody></table></main>${floorScript}${pageScript}</body></html>`;
}

