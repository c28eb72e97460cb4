// Runs the wasm for strict-CSP pages: extension pages are not bound by the page's CSP.
import init, { annotate_snapshot } from './pkg/review_triage.js';

const ready = init({ module_or_path: './pkg/review_triage_bg.wasm' });

chrome.runtime.onMessage.addListener((msg, _sender, reply) => {
  if (msg.type !== 'rt-offscreen-annotate') return false;
  ready
    .then(() => reply(annotate_snapshot(msg.html, msg.url, msg.settings ?? undefined, Date.now())))
    .catch((e) => reply({ error: e && e.message ? e.message : String(e) }));
  return true;
});
