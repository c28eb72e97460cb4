// A 千牛 module no adapter knows, at a URL the Taobao backend adapter claims: that adapter finds
// no card, the generic adapter takes over, says it guessed, and annotates every review card (not
// its "评价时间：" line) with the rating word and date it shows, the same way on every load, plain
// or with the class names of another deploy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot, summary } from './harness.mjs';
import { annotated, expected, match, PAGES } from './standins.mjs';

let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

const URL = PAGES['taobao-module'].url;

test('another 千牛 module: the generic adapter annotates every card, the same way on every load', async () => {
  const want = expected('taobao-module', b.pageNow);
  const runs = [];
  for (const seed of [null, 11, 23]) {
    const page = await b.context.newPage();
    await page.goto(seed === null ? URL : `${URL}?rt-scramble=${seed}`);
    const s = await summary(page, { min: want.length, annotator: 'extension' });
    assert.equal(s.adapter, 'generic');
    assert.equal(s.guessed, true, 'the summary says the cards were guessed');
    assert.equal(s.platform, 'taobao', 'a known host keeps its platform');
    assert.deepEqual(
      s.warnings.map((w) => [w.adapter, w.field]),
      [['taobao-backend', 'card']],
      'the page adapter found nothing, and the summary says so',
    );
    const cards = await annotated(page);
    assert.equal(cards.length, want.length);
    const results = [];
    for (const { want: w, card } of match(want, cards)) {
      assert.ok(card, `${w.review.id} annotated`);
      // The card itself: the review, its rating word and its 评价时间 line, not the footer alone.
      assert.ok(card.text.includes(w.review.text) && card.text.includes('评价时间：'), `${w.review.id}: the whole card`);
      assert.deepEqual(card.hosts, [card.hash]);
      assert.equal(card.id, w.id, 'the 订单号 it shows');
      assert.equal(card.rating, w.rating, 'the 差评/中评/好评 it shows');
      assert.equal(card.state, w.state, 'window from the 评价时间 it shows');
      assert.equal(card.causes, w.causes);
      results.push({ id: card.id, rating: card.rating, state: card.state, causes: card.causes });
    }
    // The 公告 list (dated lines) is not taken for reviews.
    assert.equal(await page.locator('rt-annotation').count(), want.length);
    runs.push({ count: s.count, results });
    if (seed === null) await shot(page, 'taobao-module', { fullPage: false });
    await page.close();
  }
  assert.deepEqual(runs[1], runs[0], 'second load: the same pick');
  assert.deepEqual(runs[2], runs[0], 'third load: the same pick');
});
