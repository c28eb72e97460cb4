// Runs the wasm for strict-CSP pages: extension pages are not bound by the page's CSP.
import init, { annotate_snapshot, snapshot_plan } from './pkg/review_triage.js';

const ready = init({ module_or_path: './pkg/review_triage_bg.wasm' });
const fail = (e) => ({ error: e && e.message ? e.message : String(e) });

chrome.runtime.onMessage.addListener((msg, _sender, reply) => {
  if (msg.type === 'rt-offscreen-plan') {
    ready.then(() => reply(snapshot_plan(msg.url, msg.settings ?? undefined))).catch((e) => reply(fail(e)));
    return true;
  }
  if (msg.type !== 'rt-offscreen-annotate') return false;
  ready.then(() => reply(annotate_snapshot(msg.html, msg.url, msg.settings ?? undefined, Date.now()))).catch((e) => reply(fail(e)));
  return true;
});
