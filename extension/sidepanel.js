// Side panel: the active tab's triage (asked of the content script, which answers from the
// annotator's memory, also on strict-CSP pages; never read from the page's DOM), sorted by priority; click to scroll to the review.
const t = (k, fallback) => chrome.i18n.getMessage(k) || fallback;
document.querySelectorAll('[data-i18n]').forEach((e) => (e.textContent = t(e.dataset.i18n, e.textContent)));
const list = document.getElementById('list');
const status = document.getElementById('status');
const ZH = { quality: '质量问题', color_mismatch: '色差', size_fit: '尺码不符', not_as_described: '描述不符', counterfeit: '疑似假货', smell: '异味', wrong_or_missing: '错发漏发', late_shipment: '发货慢', packaging: '包装破损', service_attitude: '客服态度', after_sales: '售后推诿', price: '价格', shipping_slow: '物流慢', courier_service: '快递服务差', expectation: '期望落差', buyer_mistake: '买家原因', extortion: '恶意敲诈', other: '其他' };
const RATING = { good: '好评', neutral: '中评', bad: '差评' };
let last = '';
let since = -1;
let lastTab = null;

async function refresh() {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (!tab) return;
  if (tab.id !== lastTab) {
    lastTab = tab.id;
    since = -1;
  }
  let res;
  try {
    res = await chrome.tabs.sendMessage(tab.id, { type: 'rt-summary', since });
  } catch {
    res = null;
  }
  if (res && res.unchanged) return;
  since = res ? res.generation : -1;
  const s = res && res.summary;
  const key = s ? `${res.url}#${res.generation}#${s.count}` : '';
  if (key === last && s) return;
  last = key;
  list.replaceChildren();
  if (!s) {
    status.textContent = t('panelNone', '此页面没有识别到评价。');
    return;
  }
  const notes = [...(s.errors ?? []), ...(s.warnings ?? []).map((w) => w.message)];
  status.textContent = `${s.count} 条评价，${s.needs_action} 条需处理${s.annotator === 'extension-csp-fallback' ? '（严格 CSP 页面：结果在扩展内计算）' : ''}${s.complete === false ? '（整理中…）' : ''}${notes.length ? `。${notes.join('；')}` : ''}`;
  for (const r of s.reviews) {
    if (!r.needs_action) continue;
    const li = document.createElement('li');
    const head = document.createElement('div');
    head.className = 'head';
    head.textContent = `${r.priority} · ${RATING[r.rating] ?? '评级未知'} · ${r.causes.map((c) => ZH[c] ?? c).join('、') || '原因待判断'}`;
    const meta = document.createElement('div');
    meta.className = 'muted';
    meta.textContent = `${r.text_excerpt} — ${r.reasons[0] ?? ''}${r.window_deadline ? ` · 修改截止 ${r.window_deadline}` : ''}`;
    li.append(head, meta);
    li.addEventListener('click', () => chrome.tabs.sendMessage(tab.id, { type: 'rt-scroll', id: r.id, key: r.key }).catch(() => {}));
    list.append(li);
  }
}

refresh();
setInterval(refresh, 2000);
chrome.tabs.onActivated.addListener(() => ((last = ''), (since = -1), refresh()));
