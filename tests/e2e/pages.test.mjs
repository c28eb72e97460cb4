// Every stand-in page, with the real extension: the expected cards are annotated once each, with
// the engine's tags (the CLI is the oracle) and well-formed data-rt-* values and summary JSON.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cards, data, launch, oracle, shot, sortCauses, summary } from './harness.mjs';

const PAGES = [
  { name: 'taobao-backend', path: '/taobao/backend.html', card: 'tr.next-table-row', platform: 'taobao', visible: 20 },
  { name: 'taobao-item', path: '/taobao/item.html', card: 'div[class^="Comment--"]', platform: 'taobao', visible: 32 },
  { name: 'tmall-item', path: '/tmall/item.html', card: 'div[class^="Comment--"]', platform: 'tmall', visible: 32 },
  { name: 'jd-legacy', path: '/jd/legacy.html', card: 'div.comment-item', platform: 'jd', visible: 32 },
  { name: 'pinduoduo-backend', path: '/pinduoduo/backend.html', card: 'tr[class*="TB_tr"]', platform: 'pinduoduo', visible: 32 },
  { name: 'douyin-backend', path: '/douyin/backend.html', card: 'div.comment-card', platform: 'douyin', visible: 32 },
];

let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

for (const p of PAGES) {
  test(`${p.name}: every card annotated once, tags match the engine`, async () => {
    const page = await b.context.newPage();
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss();
    });
    await page.goto(`${b.url}${p.path}?noinline=1`);
    const s = await summary(page, { min: p.visible, annotator: 'extension' });
    const cs = await cards(page, p.card);
    assert.equal(cs.length, p.visible);
    assert.equal(s.count, p.visible, 'summary counts every card');
    assert.equal(s.platform, p.platform);
    const ids = new Set();
    const truth = oracle();
    for (const c of cs) {
      assert.equal(c.hosts, 1, `one annotation per card (${c.id})`);
      assert.equal(c.hostFor[0], c.hash, 'the annotation belongs to the current content');
      assert.match(c.priority, /^\d{1,3}$/);
      assert.ok(Number(c.priority) <= 100);
      assert.match(c.state, /^(open|closing|closed|used|not_modifiable|unknown)$/);
      assert.ok(c.deadline === '' || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/.test(c.deadline), c.deadline);
      assert.ok(c.label && c.label.startsWith('review-triage'), 'accessible label');
      ids.add(c.id);
      const want = truth.get(`${p.name}.json:${c.id}`);
      assert.notEqual(want, undefined, `card id ${c.id} is a review of the page data`);
      assert.equal(sortCauses(c.causes), want, `causes of ${c.id}`);
    }
    assert.equal(ids.size, cs.length, 'ids are unique');
    // Hand-checked reviews of the page data (gen-data.py puts them in these places).
    const d = data(p.name);
    const byId = new Map(cs.map((c) => [c.id, c]));
    assert.ok(byId.get(d[0].id).causes.includes('color_mismatch'));
    assert.ok(byId.get(d[0].id).causes.includes('shipping_slow'));
    assert.ok(byId.get(d[5].id).causes.split(',').includes('extortion'));
    if (p.platform === 'taobao' && p.name === 'taobao-backend') {
      // Marked modified but still 差评: on Taobao a 中/差评 can only become 好评 or be deleted, so
      // this is not the one change; the window stays as the dates say (2 days old: open).
      assert.equal(byId.get(d[7].id).state, 'open', 'a Taobao 差评 marked modified has not used its one change');
      assert.equal(byId.get(d[5].id).rating, 'bad');
    }
    if (p.platform === 'tmall' || p.platform === 'jd') {
      assert.ok(cs.every((c) => c.state === 'not_modifiable' || c.state === 'unknown'));
    }
    // Review text that looks like markup stayed text.
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await page.locator('main script').count(), 0);
    assert.ok(cs.some((c) => c.text.includes('<img src=x onerror=alert(1)>')), 'the literal markup is visible as text');
    assert.deepEqual(dialogs, []);
    // Sorted by priority.
    const prios = s.reviews.map((r) => r.priority);
    assert.deepEqual(prios, [...prios].sort((a, b) => b - a));
    await shot(page, p.name, { fullPage: false });
    await page.close();
  });
}

test('the drawer lists the page by priority and scrolls to a card', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/taobao/backend.html?noinline=1`);
  await summary(page, { min: 20 });
  await page.locator('rt-drawer button.toggle').click();
  const items = page.locator('rt-drawer li');
  assert.ok((await items.count()) > 5);
  const first = await items.first().locator('.p').textContent();
  const s = await summary(page);
  assert.equal(Number(first), s.reviews[0].priority);
  await items.nth(3).click();
  await page.waitForTimeout(400);
  await shot(page, 'taobao-backend-drawer');
  // Keyboard: Alt+J moves to the next review and Alt+S opens its script.
  await page.keyboard.press('Alt+J');
  await page.keyboard.press('Alt+S');
  await page.waitForFunction(() => [...document.querySelectorAll('rt-annotation')].some((h) => h.shadowRoot.querySelector('.panel.script:not([hidden])')));
  await page.close();
});
