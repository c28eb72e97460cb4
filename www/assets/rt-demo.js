// Demo loader: annotates the page with the same wasm the extension uses, unless the extension is
// installed (its content script marks <html data-rt-extension> at document_start) or the URL
// says ?noinline=1. A failure (for example a CSP that forbids wasm) is shown, not swallowed.
function notice(text) {
  const n = document.createElement('div');
  n.className = 'rt-demo-notice';
  n.textContent = text;
  document.querySelector('main')?.prepend(n);
}

async function run() {
  if (document.documentElement.dataset.rtExtension || new URLSearchParams(location.search).has('noinline')) return;
  try {
    const rt = await import('/pkg/review_triage.js');
    await rt.default();
    const res = await fetch('/pkg/tagger.bin');
    if (res.ok) rt.set_tagger_weights(new Uint8Array(await res.arrayBuffer()));
    await rt.start_page_annotator({ mode: 'page' });
  } catch (e) {
    notice(`review-triage 演示标注未能运行：${e && e.message ? e.message : e}（严格 CSP 页面需要安装扩展）`);
  }
}

if (document.readyState === 'complete') run();
else addEventListener('load', run);
