// Content script (classic script: content scripts cannot be modules). Kept tiny: it marks the
// page, loads the wasm glue from the extension and hands over to Rust. Where the page's CSP
// forbids wasm in the content script, it sends a snapshot of the page to the extension's own
// context (offscreen document) and writes back the results it gets.
(() => {
  const root = document.documentElement;
  root.dataset.rtExtension = '1';
  const storage = {
    get: (key) => chrome.storage.local.get(key).then((r) => r[key]),
    set: (key, value) => chrome.storage.local.set({ [key]: value }),
  };
  const badge = (count) => chrome.runtime.sendMessage({ type: 'rt-badge', count }).catch(() => {});
  let fallbackSummary = null;

  async function start() {
    const { settings } = await chrome.storage.local.get('settings');
    let rt;
    try {
      rt = await import(chrome.runtime.getURL('pkg/review_triage.js'));
      await rt.default({ module_or_path: chrome.runtime.getURL('pkg/review_triage_bg.wasm') });
    } catch (e) {
      return fallback(settings, e);
    }
    await rt.start_page_annotator({ mode: 'extension', settings, storage, onBadge: badge });
  }

  function notice(text) {
    let host = document.querySelector('rt-notice');
    if (!host) {
      host = document.createElement('rt-notice');
      const shadow = host.attachShadow({ mode: 'open' });
      const box = document.createElement('div');
      box.setAttribute('style', 'position:fixed;bottom:12px;left:12px;z-index:2147483000;max-width:420px;background:#fff8c5;color:#1f2328;border:1px solid #d4a72c;border-radius:6px;padding:8px 10px;font:13px/1.5 sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.15)');
      shadow.append(box);
      document.body.append(host);
    }
    host.shadowRoot.firstChild.textContent = text;
  }

  // Strict-CSP pages: analyse a snapshot in the extension's context, write attributes back.
  async function fallback(settings, err) {
    root.dataset.rtAnnotator = 'extension-csp-fallback';
    notice('review-triage：此页面的安全策略（CSP）禁止在页面内运行分析。分诊结果已写入评价卡片的属性，完整列表请打开扩展的侧边栏。');
    let timer = null;
    const run = async () => {
      const res = await chrome.runtime.sendMessage({ type: 'rt-snapshot', html: root.outerHTML, url: location.href, settings }).catch((e) => ({ error: String(e) }));
      if (!res || res.error) return notice(`review-triage：分析失败（${res ? res.error : '无响应'}）`);
      const cards = document.querySelectorAll(res.card_selector);
      for (const c of res.cards) {
        const el = cards[c.index];
        if (!el) continue;
        for (const [k, v] of Object.entries(c.attrs)) el.setAttribute(k, v);
      }
      let s = document.getElementById('review-triage-summary');
      if (!s) {
        s = document.createElement('script');
        s.type = 'application/json';
        s.id = 'review-triage-summary';
        document.head.append(s);
      }
      s.textContent = JSON.stringify(res.summary);
      fallbackSummary = res.summary;
      badge(res.summary.needs_action);
    };
    new MutationObserver((records) => {
      if (records.every((r) => r.target.closest?.('rt-notice') || r.target.id === 'review-triage-summary')) return;
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    console.info('review-triage: in-page wasm refused, using the extension context:', err && err.message);
    run();
  }

  // The side panel asks for the page's triage and scrolls to a review.
  chrome.runtime.onMessage.addListener((msg, _sender, reply) => {
    if (msg.type === 'rt-summary') {
      const s = document.getElementById('review-triage-summary');
      reply({ summary: s ? JSON.parse(s.textContent) : fallbackSummary, url: location.href });
    } else if (msg.type === 'rt-scroll') {
      const el = [...document.querySelectorAll('[data-rt-id]')].find((e) => e.getAttribute('data-rt-id') === msg.id);
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
