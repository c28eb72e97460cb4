// A big page (1,000 rows of the Qianniu structure, the benchmark's page) under the built
// extension: every card is annotated (attributes, summary), the boxes of cards away from the
// screen go in hidden (inserting boxes into a big table lays the whole table out again every
// frame) and are shown as the reader scrolls to them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { qianniuPage } from './qianniu-page.mjs';

const N = 1000;
let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

const state = (page) =>
  page.evaluate(() => {
    const rows = [...document.querySelectorAll('tr.next-table-row')];
    const box = (r) => r.querySelector('rt-annotation');
    const shown = (r) => !!box(r) && getComputedStyle(box(r)).display !== 'none';
    const onScreen = (r) => {
      const q = r.getBoundingClientRect();
      return q.bottom > 0 && q.top < innerHeight;
    };
    return {
      boxes: rows.filter(box).length,
      annotated: rows.filter((r) => r.hasAttribute('data-rt-hash')).length,
      shown: rows.filter(shown).length,
      onScreen: rows.filter(onScreen).length,
      onScreenShown: rows.filter((r) => onScreen(r) && shown(r)).length,
      lastShown: shown(rows[rows.length - 1]),
    };
  });

test('a page of 1,000 cards: every card annotated, boxes away from the screen shown as they come near', async () => {
  const page = await b.context.newPage();
  await page.route('**/taobao/backend-bench.html*', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: qianniuPage(N, false) }));
  await page.goto(`${b.url}/taobao/backend-bench.html?n=${N}`);
  await page.waitForFunction((n) => document.getElementById('review-triage-summary')?.dataset.rtCount === String(n), N, { timeout: 120_000 });
  let s = await state(page);
  assert.equal(s.annotated, N, 'every card carries its attributes');
  assert.equal(s.boxes, N, 'every card has its box');
  assert.ok(s.onScreen > 0 && s.onScreenShown === s.onScreen, `the boxes on screen are shown (${s.onScreenShown}/${s.onScreen})`);
  assert.ok(s.shown < N / 4, `the boxes far from the screen are hidden (${s.shown} shown)`);
  assert.equal(s.lastShown, false);
  // A box away from the screen is only its host until it comes near (filling it is most of
  // drawing it); its accessible summary is there from the start.
  const lastBox = () =>
    page.evaluate(() => {
      const h = document.querySelector('tr.next-table-row:last-child rt-annotation');
      return { label: h.getAttribute('aria-label'), chips: h.shadowRoot.querySelectorAll('.row.main .badge').length };
    });
  const far = await lastBox();
  assert.equal(far.chips, 0, 'the last card\'s box is not filled before it comes near');
  assert.match(far.label, /^review-triage：/);

  // Scroll to the end: the last cards' boxes appear (within a tick), without waiting for a rescan.
  await page.evaluate(() => document.querySelector('tr.next-table-row:last-child').scrollIntoView({ block: 'end' }));
  await page.waitForFunction(() => {
    const last = document.querySelector('tr.next-table-row:last-child rt-annotation');
    return last && getComputedStyle(last).display !== 'none';
  }, null, { timeout: 3_000 });
  s = await state(page);
  assert.equal((await lastBox()).chips, 1, 'the last card\'s box is filled once it comes near');
  assert.ok(s.onScreenShown === s.onScreen, `after scrolling, the boxes on screen are shown (${s.onScreenShown}/${s.onScreen})`);
  assert.ok(s.shown < N / 2, `only the boxes near where the reader looked are shown (${s.shown})`);

  // Alt+S opens the script of the first review in priority order, wherever it is: its box is
  // filled first if it was only a host.
  await page.evaluate(() => window.scrollTo(0, 0));
  const target = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('tr.next-table-row')];
    let best = rows[0];
    for (const r of rows) if (Number(r.dataset.rtPriority) > Number(best.dataset.rtPriority)) best = r;
    best.setAttribute('data-test-first', '');
    return { index: rows.indexOf(best), filled: best.querySelector('rt-annotation').shadowRoot.childNodes.length > 0 };
  });
  await page.keyboard.press('Alt+S');
  await page.waitForFunction(() => {
    const sh = document.querySelector('tr[data-test-first] rt-annotation').shadowRoot;
    const p = sh.querySelector('.panel.script');
    return p && !p.hidden;
  }, null, { timeout: 5_000 });
  console.log(`Alt+S on row ${target.index} (box filled before: ${target.filled})`);
  await page.close();
});
