// Service worker: the toolbar badge per tab, the side panel on action click, opening the options
// page for a content script, and the route from a strict-CSP page's content script to the
// offscreen document that runs the wasm.
chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});

let creating = null;
async function ensureOffscreen() {
  if (await chrome.offscreen.hasDocument()) return;
  creating ??= chrome.offscreen.createDocument({
    url: 'offscreen.html',
    reasons: ['DOM_PARSER'],
    justification: 'Parse a snapshot of a review page whose CSP blocks WebAssembly in content scripts.',
  });
  await creating;
  creating = null;
}

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (msg.type === 'rt-badge' && sender.tab) {
    const tabId = sender.tab.id;
    chrome.action.setBadgeText({ tabId, text: msg.count ? String(msg.count) : '' });
    chrome.action.setBadgeBackgroundColor({ tabId, color: '#cf222e' });
    return false;
  }
  if (msg.type === 'rt-options') {
    // The explanation panel's "打开设置页": shop-wide claims are confirmed there.
    chrome.runtime.openOptionsPage().catch(() => {});
    return false;
  }
  if (msg.type === 'rt-snapshot' || msg.type === 'rt-plan') {
    ensureOffscreen()
      .then(() => chrome.runtime.sendMessage({ ...msg, type: msg.type === 'rt-plan' ? 'rt-offscreen-plan' : 'rt-offscreen-annotate' }))
      .then(reply, (e) => reply({ error: String(e) }));
    return true;
  }
  return false;
});
