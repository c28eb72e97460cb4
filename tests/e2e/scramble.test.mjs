// Another deploy of the same pages: the server randomises every class name spec/pages.md does
// not document, reorders the table columns and adds wrapper elements (www/serve.mjs,
// ?rt-scramble=SEED). Each platform page, at its real URL, must give the same annotations plain
// and scrambled: ids, ratings, window states, causes and count, card by card.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot, summary } from './harness.mjs';
import { annotated, expected, match, PAGES } from './standins.mjs';
import { documentedClasses } from '../../www/serve.mjs';

let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

const { exact, prefix } = documentedClasses();
const isDocumented = (c) => exact.includes(c) || prefix.some((p) => (p[0] === '^' ? c.startsWith(p.slice(1)) : c.includes(p.slice(1))));

async function load(name, seed) {
  const p = PAGES[name];
  const page = await b.context.newPage();
  const url = seed === null ? p.url : `${p.url}${p.url.includes('?') ? '&' : '?'}rt-scramble=${seed}`;
  await page.goto(url);
  const want = expected(name, b.pageNow);
  const s = await summary(page, { min: want.length, annotator: 'extension' });
  const cards = await annotated(page);
  const results = match(want, cards).map(({ want: w, card }) => ({ review: w.review.id, id: card?.id, rating: card?.rating, state: card?.state, causes: card?.causes }));
  const wanted = want.map((w) => ({ review: w.review.id, rating: w.rating, state: w.state, causes: w.causes }));
  const classes = await page.evaluate(() => [...new Set([...document.querySelectorAll('#app [class]')].flatMap((e) => [...e.classList]))]);
  const headers = await page.$$eval('#app th', (ths) => ths.map((t) => t.textContent));
  return { page, s, cards, results, wanted, classes, headers };
}

for (const name of ['taobao-backend', 'pinduoduo-backend', 'jd-item', 'taobao-item', 'tmall-item', 'jd-legacy', 'douyin-backend']) {
  test(`${name}: the same annotations plain and with undocumented class names randomised`, async () => {
    const plain = await load(name, null);
    for (const seed of [7, 1234]) {
      const other = await load(name, seed);
      // The scrambled page really is another deploy: no undocumented class survived.
      const kept = other.classes.filter((c) => plain.classes.includes(c));
      assert.deepEqual(kept.filter((c) => !isDocumented(c)), [], `seed ${seed}: only documented class names are shared`);
      assert.ok(plain.classes.some((c) => !isDocumented(c)), 'the plain page has undocumented class names to randomise');
      if (plain.headers.length) assert.notDeepEqual(other.headers, plain.headers, `seed ${seed}: the columns are reordered`);
      assert.equal(other.s.count, plain.s.count, `seed ${seed}: count`);
      assert.deepEqual(other.results, plain.results, `seed ${seed}: every card the same`);
      assert.deepEqual(
        other.results.map(({ review, rating, state, causes }) => ({ review, rating, state, causes })),
        other.wanted,
        `seed ${seed}: and right`,
      );
      assert.deepEqual(other.s.warnings, [], `seed ${seed}: nothing unread`);
      assert.ok(other.cards.every((c) => c.hosts.length === 1 && c.hosts[0] === c.hash), `seed ${seed}: one current annotation per card`);
      if (seed === 7) await shot(other.page, `${name}-scrambled`, { fullPage: false });
      await other.page.close();
    }
    await plain.page.close();
  });
}
