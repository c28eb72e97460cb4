// A site adapter from the options page: same format as the built-ins (data/adapters.json), a
// mistake is refused with the field and the reason, and a saved adapter takes over its pages
// without a release.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, summary } from './harness.mjs';
import { PAGES } from './standins.mjs';

let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

const mine = {
  id: 'qianniu-bad-rate',
  platform: 'taobao',
  page_kind: 'backend',
  evidence: 'none: our own 千牛 差评洞察 module; cards guessed, fields by their text markers',
  urls: ['myseller.taobao.com/home.htm/comment-manage/insight'],
  fields: {
    key: { find: '订单号：{id}' },
    text: { longest: 'text' },
    rating: { equals: { 好评: 'good', 中评: 'neutral', 差评: 'bad' } },
    date: { find: '评价时间：{date}' },
    append_text: { longest: 'append' },
  },
};

async function saveAdapters(page, adapters) {
  await page.locator('#adapters').fill(JSON.stringify(adapters));
  await page.evaluate(() => (document.getElementById('msg').textContent = ''));
  await page.locator('#save').click();
  await page.waitForFunction(() => document.getElementById('msg').textContent !== '');
  return page.locator('#msg').textContent();
}

test('options: a broken adapter is refused with the field and the reason; a good one takes over its page', async () => {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extId}/options.html`);
  await page.waitForFunction(() => document.getElementById('builtin_adapters').textContent.includes('evidence'));
  // The page fills the form from storage and only then listens to 保存: once a save answers,
  // nothing will overwrite what the test types.
  for (let i = 0; i < 100 && !(await page.locator('#msg').textContent()); i++) {
    await page.locator('#save').click();
    await page.waitForTimeout(50);
  }
  const cases = [
    [{ ...mine, fields: { ...mine.fields, rating: { count: true } } }, /fields\.rating.*icons to count/],
    [{ ...mine, fields: { ...mine.fields, key: { find: '订单号：{nr}' } } }, /fields\.key.*\{nr\}/],
    [{ ...mine, fields: { ...mine.fields, text: { selector: 'p' } } }, /fields\.text.*selector/],
    [{ ...mine, card: 'div > > div' }, /invalid CSS selector/],
    [{ ...mine, evidence: '' }, /evidence/],
  ];
  for (const [adapter, why] of cases) {
    const m = await saveAdapters(page, [adapter]);
    assert.match(m, /未保存|Not saved/, m);
    assert.match(m, why, m);
  }
  assert.match(await saveAdapters(page, [mine]), /已保存|Saved/);
  await page.close();

  const shop = await b.context.newPage();
  await shop.goto(PAGES['taobao-module'].url);
  const s = await summary(shop, { min: 24, annotator: 'extension' });
  assert.equal(s.adapter, 'qianniu-bad-rate', 'the user adapter, not the generic fallback');
  assert.deepEqual(s.warnings, []);
  assert.equal(s.guessed, true, 'its cards are guessed: it names no card selector');
  const ratings = await shop.$$eval('[data-rt-id]', (els) => els.map((e) => e.getAttribute('data-rt-rating')));
  assert.ok(ratings.every((r) => ['good', 'neutral', 'bad'].includes(r)));
  await shop.close();
});
