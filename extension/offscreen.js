// Runs the wasm for strict-CSP pages: extension pages are not bound by the page's CSP.
import init, { annotate_snapshot, snapshot_plan, set_tagger_weights } from './pkg/review_triage.js';

const ready = (async () => {
  await init({ module_or_path: './pkg/review_triage_bg.wasm' });
  // The cause tagger's trained weights (see loader.js); rules alone if they cannot be read.
  const res = await fetch('./pkg/tagger.bin').catch(() => null);
  if (res && res.ok) set_tagger_weights(new Uint8Array(await res.arrayBuffer()));
})();
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
