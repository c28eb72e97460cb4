// Single-page apps: pagination and re-renders never duplicate annotations; JD's virtualised list
// recycles nodes, and each recycled node shows the annotation of the review it now holds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cards, data, launch, oracle, shot, sortCauses, summary } from './harness.mjs';

let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

const CARD = 'div[class^="Comment--"]';

async function settled(page) {
  await page.waitForFunction(
    (sel) => {
      const cs = [...document.querySelectorAll(sel)];
      return cs.length > 0 && cs.every((c) => c.querySelectorAll('rt-annotation').length === 1 && c.getAttribute('data-rt-hash') === c.querySelector('rt-annotation').getAttribute('data-rt-for'));
    },
    CARD,
    { timeout: 15_000 },
  );
  return cards(page, CARD);
}

/** The data id of the review a card shows (item pages print no id: the text tells). */
const reviewOf = (c) => data('spa').find((r) => c.text.includes(r.text))?.id;

test('SPA: pagination and re-render keep exactly one current annotation per card', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/spa/index.html?noinline=1`);
  await summary(page, { min: 10 });
  let cs = await settled(page);
  assert.equal(cs.length, 10);
  await page.waitForTimeout(1800); // the app re-renders every card node once after 1.5 s
  cs = await settled(page);
  assert.equal(cs.length, 10);
  const firstPage = cs.map((c) => c.id);
  assert.ok(cs.every((c) => /^rt-[0-9a-f]{8}$/.test(c.id)), 'no id on the page: content hashes');
  await page.locator('.spa-page', { hasText: '第2页' }).click();
  cs = await settled(page);
  assert.equal(cs.length, 10);
  assert.ok(cs.every((c) => !firstPage.includes(c.id)), 'page 2 shows other reviews');
  assert.equal(new Set(cs.map(reviewOf)).size, 10, 'each card shows its own review');
  for (let i = 0; i < 3; i++) await page.locator('.spa-refresh').click();
  cs = await settled(page);
  assert.equal(cs.length, 10);
  assert.equal(await page.locator('rt-annotation').count(), 10, 'no leftover annotations anywhere');
  const s = await summary(page);
  assert.equal(s.count, 10, 'the summary follows the visible page');
  const truth = oracle();
  for (const c of cs) assert.equal(sortCauses(c.causes), truth.get(`spa.json:${reviewOf(c)}`));
  await shot(page, 'spa');
  await page.close();
});

test('JD virtualised list: recycled nodes carry the annotation of their current review', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/jd/item.html?noinline=1`);
  await summary(page, { min: 5 });
  const truth = oracle();
  const texts = new Map(JSON.parse(await (await fetch(`${b.url}/data/jd-item.json`)).text()).map((r) => [r.text, r.id]));
  const seen = new Set();
  for (const top of [0, 900, 2400, 4100, 5400, 900, 0]) {
    // The scroller: the list's nearest scrollable ancestor (pages.md documents only the list).
    await page.locator('[data-testid="virtuoso-item-list"]').evaluate((list, y) => {
      let el = list.parentElement;
      while (el && getComputedStyle(el).overflowY !== 'auto') el = el.parentElement;
      el.scrollTop = y;
    }, top);
    await page.waitForTimeout(250);
    const cs = await page.$$eval('div[data-testid="virtuoso-item-list"] > div[data-index]', (els) =>
      els.map((e) => ({
        index: e.dataset.index,
        text: e.querySelector('.jdc-pc-rate-card-main-desc').textContent,
        causes: e.getAttribute('data-rt-causes'),
        hash: e.getAttribute('data-rt-hash'),
        hosts: [...e.querySelectorAll('rt-annotation')].map((h) => h.getAttribute('data-rt-for')),
      })),
    );
    assert.equal(cs.length, 6, 'six recycled nodes');
    for (const c of cs) {
      assert.deepEqual(c.hosts, [c.hash], `one annotation, for the current content (index ${c.index})`);
      const id = texts.get(c.text);
      assert.ok(id, 'a review of the page data');
      assert.equal(sortCauses(c.causes), truth.get(`jd-item.json:${id}`), `causes follow the recycled content (index ${c.index})`);
      seen.add(c.index);
    }
  }
  assert.ok(seen.size > 20, `scrolled through many reviews (${seen.size})`);
  await shot(page, 'jd-item');
  await page.close();
});
