// Content script (classic script: content scripts cannot be modules). Kept tiny: it marks the
// page, loads the wasm glue from the extension and hands over to Rust. Where the page's CSP
// forbids wasm in the content script, it sends a snapshot of the review cards only (never the
// whole page, never our own nodes) to the extension's own context (offscreen document) and writes
// back the results it gets, matched to the cards by the key it gave each one.
(() => {
  const root = document.documentElement;
  root.dataset.rtExtension = '1';
  const storage = {
    get: (key) => chrome.storage.local.get(key).then((r) => r[key]),
    set: (key, value) => chrome.storage.local.set({ [key]: value }),
  };
  const badge = (count) => chrome.runtime.sendMessage({ type: 'rt-badge', count }).catch(() => {});
  // Content scripts cannot open the options page themselves: the service worker does.
  const openOptions = () => chrome.runtime.sendMessage({ type: 'rt-options' }).catch(() => {});
  let rt = null;
  let fallbackSummary = null;
  let fallbackGeneration = 0;

  // The cause tagger's trained weights ship as a file beside the wasm (kept out of the wasm to
  // keep it small). Without them the tagger falls back to the lexicon rules, and says so.
  async function loadWeights(rt, url) {
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      rt.set_tagger_weights(new Uint8Array(await res.arrayBuffer()));
    } catch (e) {
      console.warn('review-triage: tagger weights not loaded, rules only:', e);
    }
  }

  async function start() {
    const { settings } = await chrome.storage.local.get('settings');
    try {
      rt = await import(chrome.runtime.getURL('pkg/review_triage.js'));
      await rt.default({ module_or_path: chrome.runtime.getURL('pkg/review_triage_bg.wasm') });
      await loadWeights(rt, chrome.runtime.getURL('pkg/tagger.bin'));
      // Reading the weights and building the engine are each a few tens of milliseconds in
      // wasm: a task apart, so the page is never held for both at once (measured: one 52 ms task).
      await new Promise((resolve) => setTimeout(resolve, 0));
    } catch (e) {
      rt = null;
      return fallback(settings, e);
    }
    try {
      await rt.start_page_annotator({ mode: 'extension', settings, storage, onBadge: badge, openOptions });
    } catch (e) {
      root.setAttribute('data-rt-annotator-error', String(e && e.message ? e.message : e));
      notice(`review-triage 未能启动：${e && e.message ? e.message : e}`, document.querySelector('body > *'));
    }
  }

  // A small, dismissible notice in the page's flow (never fixed over the page's controls), just
  // above `before` (the review list).
  function notice(text, before) {
    let host = document.querySelector('rt-notice');
    if (!host) {
      if (!before || !before.parentNode) return;
      host = document.createElement('rt-notice');
      const shadow = host.attachShadow({ mode: 'open' });
      const box = document.createElement('div');
      box.setAttribute('style', 'display:flex;gap:6px;align-items:center;margin:4px 0;max-width:720px;background:#fff8c5;color:#1f2328;border:1px solid #d4a72c;border-radius:6px;padding:2px 8px;font:12px/1.5 sans-serif');
      const msg = document.createElement('span');
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = '×';
      close.setAttribute('aria-label', '关闭提示');
      close.setAttribute('style', 'border:0;background:transparent;cursor:pointer;font:inherit');
      close.addEventListener('click', () => host.remove());
      box.append(msg, close);
      shadow.append(box);
      before.parentNode.insertBefore(host, before);
    }
    host.shadowRoot.querySelector('span').textContent = text;
  }

  // Our own summary element, first in <head> so getElementById finds it before any element the
  // page planted with the same id; the JSON comes with every `<` escaped.
  let summaryEl = null;
  function writeSummary(json, head) {
    if (!summaryEl || !summaryEl.isConnected) {
      summaryEl = document.createElement('script');
      summaryEl.type = 'application/json';
      summaryEl.id = 'review-triage-summary';
      summaryEl.dataset.rtOwner = 'review-triage';
      (document.head || root).prepend(summaryEl);
    }
    summaryEl.textContent = json;
    // As on the in-page path: readers poll these instead of parsing the whole summary.
    summaryEl.dataset.rtCount = String(head.count);
    summaryEl.dataset.rtComplete = String(head.complete);
  }

  const OURS = 'rt-annotation, rt-drawer, rt-notice';
  const listTop = (card) => card.closest('table') || card.parentElement;

  // The snapshot: bare copies of the cards' ancestors holding deep copies of the cards (and the
  // sibling rows the adapter reads), each card marked with a key; our attributes stripped.
  function snapshot(plan) {
    const cards = [...document.querySelectorAll(plan.card)];
    const doc = document.implementation.createHTMLDocument('');
    const copies = new Map([[document.documentElement, doc.documentElement], [document.body, doc.body], [document.head, doc.head]]);
    const copyOf = (node) => {
      if (copies.has(node)) return copies.get(node);
      const c = node.cloneNode(false);
      copyOf(node.parentNode).append(c);
      copies.set(node, c);
      return c;
    };
    const strip = (el) => {
      el.querySelectorAll(OURS).forEach((e) => e.remove());
      for (const e of [el, ...el.querySelectorAll('*')]) for (const a of [...e.attributes]) if (a.name.startsWith('data-rt-')) e.removeAttribute(a.name);
      return el;
    };
    const byKey = new Map();
    cards.forEach((card, i) => {
      if (!card.parentNode) return;
      const key = `s${i}`;
      byKey.set(key, card);
      const parent = copyOf(card.parentNode);
      // The nearest earlier row some field reads (a group header: 订单编号), once per group.
      if (plan.prev && plan.prev.length) {
        let p = card.previousElementSibling;
        while (p && !plan.prev.some((s) => p.matches(s))) p = p.previousElementSibling;
        if (p && !copies.has(p)) {
          const h = strip(p.cloneNode(true));
          copies.set(p, h);
          parent.append(h);
        }
      }
      const copy = strip(card.cloneNode(true));
      copy.setAttribute('data-rt-snap', key);
      parent.append(copy);
      const next = card.nextElementSibling;
      if (next && plan.siblings.some((s) => next.matches(s))) parent.append(strip(next.cloneNode(true)));
    });
    return { html: doc.documentElement.outerHTML, byKey, first: cards[0] };
  }

  // Strict-CSP pages: analyse a snapshot in the extension's context, write attributes back.
  async function fallback(settings, err) {
    root.dataset.rtAnnotator = 'extension-csp-fallback';
    console.info('review-triage: in-page wasm refused, using the extension context:', err && err.message);
    const plan = await chrome.runtime.sendMessage({ type: 'rt-plan', url: location.href, settings }).catch(() => null);
    if (!plan || plan.error || !plan.card) return; // not a page we know: stay out of the way
    let timer = null;
    let since = 0;
    let backedUp = false;
    const run = async () => {
      since = 0;
      const snap = snapshot(plan);
      if (!snap.first) return;
      const res = await chrome.runtime.sendMessage({ type: 'rt-snapshot', html: snap.html, url: location.href, settings }).catch((e) => ({ error: String(e) }));
      if (!res || res.error) return notice(`review-triage：分析失败（${res ? res.error : '无响应'}）`, listTop(snap.first));
      for (const c of res.cards) {
        const el = snap.byKey.get(c.snap);
        if (!el || !el.isConnected) continue;
        if (c.clear) {
          for (const a of [...el.attributes]) if (a.name.startsWith('data-rt-')) el.removeAttribute(a.name);
          continue;
        }
        for (const [k, v] of Object.entries(c.attrs)) if (el.getAttribute(k) !== v) el.setAttribute(k, v);
      }
      if (res.settings_error && !backedUp) {
        backedUp = true;
        await chrome.storage.local.set({ 'rt:settings-backup': settings }).catch(() => {});
      }
      const s = JSON.parse(res.summary);
      writeSummary(res.summary, s);
      fallbackSummary = res.summary;
      fallbackGeneration++;
      badge(s.needs_action);
      const extra = s.errors.concat(s.warnings.map((w) => w.message)).join('；');
      notice(`review-triage：此页面的安全策略（CSP）禁止在页面内运行分析，分诊结果已写入评价卡片的属性，完整列表在扩展的侧边栏。${extra}`, listTop(snap.first));
    };
    new MutationObserver((records) => {
      const ours = (r) => {
        const el = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
        if (el && (el.closest(OURS) || el === summaryEl)) return true;
        const nodes = [...r.addedNodes, ...r.removedNodes];
        return r.type === 'childList' && nodes.length > 0 && nodes.every((n) => n.nodeType === Node.ELEMENT_NODE && n.matches(OURS));
      };
      if (records.every(ours)) return;
      // Debounced, with a maximum wait: a page that never stops changing is still re-read.
      const now = Date.now();
      since ||= now;
      clearTimeout(timer);
      timer = setTimeout(run, Math.max(0, Math.min(250, 1000 - (now - since))));
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    run();
  }

  // The side panel asks for the page's triage (answered from memory, not from the page's DOM)
  // and scrolls to a review.
  chrome.runtime.onMessage.addListener((msg, _sender, reply) => {
    if (msg.type === 'rt-summary') {
      // Rebuilt only when it moved since the panel's last answer (it polls every 2 s).
      const gen = rt && rt.page_summary ? rt.page_summary_generation() : fallbackGeneration;
      if (msg.since === gen && gen > 0) return reply({ unchanged: true, generation: gen, url: location.href });
      const text = rt && rt.page_summary ? rt.page_summary() : fallbackSummary;
      reply({ summary: text ? JSON.parse(text) : null, generation: gen, url: location.href });
    } else if (msg.type === 'rt-scroll') {
      const el = [...document.querySelectorAll('[data-rt-hash]')].find((e) => e.getAttribute('data-rt-hash') === msg.key) || [...document.querySelectorAll('[data-rt-id]')].find((e) => e.getAttribute('data-rt-id') === msg.id);
      if (el) {
        el.scrollIntoView({ block: 'center', behavior: 'smooth' });
        el.animate([{ outline: '3px solid #cf222e' }, { outline: '3px solid transparent' }], { duration: 1600 });
      }
      reply({ found: !!el });
    }
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
