// Every platform page at its real URL (routed to the evidence-only stand-ins, no network), with
// the real extension: every card shown is annotated once, with the page's own id where it shows
// one, the rating it shows, the window state and causes the engine gives for what it shows
// (standins.mjs computes that without the adapters), and a well-formed summary.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { data, launch, shot, summary } from './harness.mjs';
import { annotated, expected, match, PAGES } from './standins.mjs';

let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

for (const name of ['taobao-backend', 'pinduoduo-backend', 'jd-item', 'taobao-item', 'tmall-item', 'jd-legacy', 'douyin-backend']) {
  test(`${name}: every card annotated once, ids, ratings, windows and causes right`, async () => {
    const p = PAGES[name];
    const page = await b.context.newPage();
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss();
    });
    await page.goto(p.url);
    const want = expected(name, b.pageNow);
    const s = await summary(page, { min: want.length, annotator: 'extension' });
    const cards = await annotated(page);
    assert.equal(cards.length, want.length, 'one card per review shown');
    assert.equal(s.count, want.length, 'the summary counts every card');
    assert.equal(s.platform, p.platform);
    assert.equal(s.guessed, name === 'douyin-backend', 'only the Douyin adapter guesses its cards (no DOM evidence)');
    assert.deepEqual(s.warnings, [], 'nothing the adapter could not read');
    for (const { want: w, card } of match(want, cards)) {
      const who = `${name} ${w.review.id}`;
      assert.ok(card, `${who}: annotated`);
      assert.deepEqual(card.hosts, [card.hash], `${who}: one annotation, for the current content`);
      if (w.id) assert.equal(card.id, w.id, `${who}: the page's own id`);
      else assert.match(card.id, /^rt-[0-9a-f]{8}$/, `${who}: a content hash where the page shows no id`);
      assert.equal(card.rating, w.rating, `${who}: rating`);
      assert.equal(card.state, w.state, `${who}: window state`);
      assert.equal(card.causes, w.causes, `${who}: causes`);
    }
    assert.equal(new Set(cards.map((c) => c.id)).size, cards.length, 'ids are unique');
    // Hand-checked reviews of the page data (gen-data.py puts them in these places).
    const byReview = new Map(match(want, cards).map((m) => [m.want.review.id, m.card]));
    const d = want.map((w) => w.review);
    assert.ok(byReview.get(d[0].id).causes.includes('color_mismatch'));
    assert.ok(byReview.get(d[5].id).causes.split(',').includes('extortion'));
    if (name === 'taobao-backend') {
      assert.equal(byReview.get(d[1].id).state, 'closing', 'day 29 of 30');
      assert.equal(byReview.get(d[3].id).state, 'closed', 'day 45');
      assert.equal(byReview.get(d[5].id).rating, 'bad', '负面');
      // The page says 已超过回复期 for a 10-day-old review: its clock wins, and the card says so.
      const row = s.reviews.find((r) => r.id === d[8].feed_id);
      assert.equal(row.explain_state, 'closed');
      assert.match(row.warnings.join(' '), /已超过回复期/);
      assert.ok(s.reviews.filter((r) => r.warnings.length).length === 1, 'the other rows agree with the page clock');
    }
    if (p.platform === 'tmall') assert.ok(cards.every((c) => c.state === 'not_modifiable'), 'not modifiable on Tmall');
    if (p.platform === 'jd') {
      assert.ok(cards.every((c) => c.state === 'unknown'), 'JD buyer modification is unverified');
    }
    // Review text that looks like markup stayed text.
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await page.locator('main script').count(), 0);
    if (name !== 'jd-item') assert.ok(cards.some((c) => c.text.includes('<img src=x onerror=alert(1)>')), 'the literal markup is visible as text');
    assert.deepEqual(dialogs, []);
    const prios = s.reviews.map((r) => r.priority);
    assert.deepEqual(prios, [...prios].sort((x, y) => y - x), 'sorted by priority');
    await shot(page, name, { fullPage: false });
    await page.close();
  });
}

test('the drawer lists the page by priority and scrolls to a card', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['taobao-backend'].url);
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

test('paginating the Taobao backend annotates the next page (?current=2)', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['taobao-backend'].url.replace('current=1', 'current=2'));
  const s = await summary(page, { min: 20 });
  const ids = (await annotated(page)).map((c) => c.id);
  assert.equal(s.count, 20);
  assert.deepEqual(ids, data('taobao-backend').slice(20, 40).map((r) => r.feed_id), 'the 主评ID of page 2, in page order');
  await page.locator('.next-pagination-list button', { hasText: '3' }).click();
  await page.waitForFunction(() => JSON.parse(document.getElementById('review-triage-summary').textContent).count === 5);
  await page.close();
});
