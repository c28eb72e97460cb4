// A page served with `Content-Security-Policy: script-src 'self'`: wasm cannot run in the page or
// in the content script, yet the triage arrives through the extension's own context.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cards, data, launch, oracle, shot, sortCauses, summary } from './harness.mjs';
import { assertValid } from './schema.mjs';

let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

test('strict-CSP page still gets its triage, attributes and a notice', async () => {
  const page = await b.context.newPage();
  const res = await page.goto(`${b.url}/csp/backend.html`);
  assert.equal(res.headers()['content-security-policy'], "script-src 'self'");
  const s = await summary(page, { min: 20, annotator: 'extension-csp-fallback', timeout: 45_000 });
  assert.equal(s.count, 20);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.rtAnnotator), 'extension-csp-fallback');
  const cs = await cards(page, 'tr.next-table-row');
  const truth = oracle();
  // The backend shows 主评ID: the card's id, mapped back to the review in the page data.
  const byFeedId = new Map(data('csp').map((r) => [r.feed_id, r.id]));
  for (const c of cs) {
    assert.ok(c.id && c.priority && c.state, 'data-rt-* written by the content script');
    assert.ok(byFeedId.has(c.id), `the page's own id (${c.id})`);
    assert.equal(sortCauses(c.causes), truth.get(`csp.json:${byFeedId.get(c.id)}`));
  }
  const notice = await page.locator('rt-notice').evaluate((h) => h.shadowRoot.textContent);
  assert.match(notice, /CSP/);
  // The notice sits in the page's flow above the list, never fixed over the page's controls.
  assert.equal(await page.locator('rt-notice').evaluate((h) => getComputedStyle(h).position), 'static');
  assert.equal(await page.locator('rt-notice').evaluate((h) => getComputedStyle(h.shadowRoot.firstElementChild).position), 'static');
  assertValid(s);
  // The page's own demo loader could not run wasm either, and said so.
  await page.waitForSelector('.rt-demo-notice', { state: 'attached' }).catch(() => {});
  // Paginating re-sends the snapshot.
  await page.locator('.next-pagination-item', { hasText: '2' }).click();
  await page.waitForFunction(() => JSON.parse(document.getElementById('review-triage-summary').textContent).reviews.every((r) => [...document.querySelectorAll('tr.next-table-row')].some((c) => c.getAttribute('data-rt-id') === r.id)), null, { timeout: 20_000 });
  await shot(page, 'csp');
  await page.close();
});

test('strict-CSP: review text with </script> neither breaks the summary nor loses cards; results map by card', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/csp/backend.html`);
  await summary(page, { min: 20, annotator: 'extension-csp-fallback', timeout: 45_000 });
  // A review now says `</script>` (as buyers' text can): the next snapshot must still hold every card.
  await page.locator('tr.next-table-row .rate-content span').nth(3).evaluate((e) => (e.textContent = '质量太差了</script><p id="rt-injected">x</p>'));
  await page.waitForFunction(() => JSON.parse(document.getElementById('review-triage-summary').textContent).reviews.some((r) => r.text_excerpt.includes('</script>')), null, { timeout: 20_000 });
  const raw = await page.evaluate(() => document.getElementById('review-triage-summary').textContent);
  assert.ok(!raw.includes('<'), 'every < escaped');
  assert.equal(JSON.parse(raw).count, 20, 'no card lost');
  assert.equal(await page.locator('#rt-injected').count(), 0, 'text stayed text');
  await page.locator('.next-pagination-item', { hasText: '2' }).click();
  await page.waitForFunction(() => {
    const s = JSON.parse(document.getElementById('review-triage-summary').textContent);
    const ids = [...document.querySelectorAll('tr.next-table-row')].map((c) => c.getAttribute('data-rt-id'));
    return s.count === ids.length && ids.every(Boolean) && s.reviews.every((r) => ids.includes(r.id));
  }, null, { timeout: 20_000 });
  // Every card's attributes belong to its own review (keyed by card, not by position).
  // The id each row shows (主评ID：…, the text marker pages.md documents).
  const rows = await page.$$eval('tr.next-table-row', (els) => els.map((e) => ({ id: e.getAttribute('data-rt-id'), feed: (e.textContent.match(/主评ID：(\d+)/) || [])[1] ?? null, key: e.getAttribute('data-rt-hash') })));
  const s = JSON.parse(await page.evaluate(() => document.getElementById('review-triage-summary').textContent));
  assertValid(s);
  const keys = new Set(s.reviews.map((r) => r.key));
  for (const r of rows) {
    assert.equal(r.id, r.feed);
    assert.ok(keys.has(r.key));
  }
  await page.close();
});
