// "Insert into the reply box" acts on the right review: the card's own reply control opens the
// card's own box (inline on Taobao, an asynchronous modal on Pinduoduo), never the first box on
// the page; the value reaches the page's React-like state (native setter + input event); the
// panel says what happened, including when no box appeared.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot, summary } from './harness.mjs';
import { PAGES } from './standins.mjs';

let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

const annotationOf = (page, id) => page.locator(`[data-rt-id="${id}"] rt-annotation`);

/** The card's explanation, ready to post: what the shop has not confirmed (a 【待确认：…】 slot)
 * blocks insertion, so the agent deletes it (claims.test.mjs ticks it instead). */
async function draftOf(a) {
  await a.locator('button[data-act="explain"]').click();
  const draft = a.locator('textarea.explain-text');
  const text = (await draft.inputValue()).replace(/【待确认：[^】]*】/g, '');
  await draft.fill(text);
  assert.ok(text.length > 20, text);
  return text;
}

async function status(page, id, pattern) {
  await page.waitForFunction(
    ({ id, src }) => new RegExp(src).test(document.querySelector(`[data-rt-id="${id}"] rt-annotation`)?.shadowRoot.querySelector('.explain .status')?.textContent ?? ''),
    { id, src: pattern.source },
    { timeout: 5000 },
  );
  return annotationOf(page, id).locator('.explain .status').textContent();
}

test('Taobao: inserting on the 3rd card fills the 3rd card\'s box, not the open box of the 1st', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['taobao-backend'].url);
  await summary(page, { min: 20 });
  const rows = page.locator('tbody.next-table-body > tr:not(.next-table-expanded-row)');
  const [first, third] = [rows.nth(0), rows.nth(2)];
  const thirdId = await third.getAttribute('data-rt-id');
  // The agent already opened the first row's box on the page.
  await first.locator('button', { hasText: /^评价$/ }).click();
  await first.locator('textarea[placeholder*="请输入"]').waitFor();
  const text = await draftOf(annotationOf(page, thirdId));
  await annotationOf(page, thirdId).locator('button[data-act="insert"]').click();
  assert.match(await status(page, thirdId, /已插入/), new RegExp(thirdId));
  assert.equal(await third.locator('textarea[placeholder*="请输入"]').inputValue(), text, 'the 3rd row\'s own box');
  assert.equal(await first.locator('textarea[placeholder*="请输入"]').inputValue(), '', 'the 1st row\'s box untouched');
  await shot(page, 'taobao-backend-insert', { fullPage: false });
  // Submitting sends what the page's state holds: the inserted text.
  await third.locator('button', { hasText: '确认提交' }).click();
  assert.equal(await third.locator('text=已提交解释').textContent(), `已提交解释：${text}`);
  await page.close();
});

test('Pinduoduo: the 3rd card\'s 回复/互动 opens the modal (after a delay) and its text reaches the app', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['pinduoduo-backend'].url);
  await summary(page, { min: 20 });
  const rows = page.locator('tr[class*="TB_bodyGroupHeader"] + tr');
  const third = rows.nth(2);
  const id = await third.getAttribute('data-rt-id');
  const text = await draftOf(annotationOf(page, id));
  await annotationOf(page, id).locator('button[data-act="insert"]').click();
  assert.match(await status(page, id, /已插入/), new RegExp(id));
  const box = page.locator('[data-testid="beast-core-modal-inner"] textarea[data-testid="beast-core-textArea-htmlInput"]');
  assert.equal(await box.inputValue(), text);
  await shot(page, 'pinduoduo-backend-insert', { fullPage: false });
  await page.locator('[data-testid="beast-core-modal-inner"] button', { hasText: '提交' }).click();
  // The app's state got the text (a value set without the native setter + input event is lost).
  assert.equal(await third.locator('text=商家回复').textContent(), `商家回复：${text}`);
  assert.equal(await rows.nth(0).locator('text=商家回复').count(), 0, 'not the first row');
  await page.close();
});

test('when no box appears, the panel says why', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['taobao-backend'].url);
  await summary(page, { min: 20 });
  const row = page.locator('tbody.next-table-body > tr:not(.next-table-expanded-row)').nth(1);
  const id = await row.getAttribute('data-rt-id');
  // The page ignores the click this time (a broken or changed page).
  await row.locator('button', { hasText: /^评价$/ }).evaluate((btn) => btn.addEventListener('click', (e) => e.stopImmediatePropagation(), { capture: true }));
  await draftOf(annotationOf(page, id));
  await annotationOf(page, id).locator('button[data-act="insert"]').click();
  assert.match(await status(page, id, /没有出现回复框/), /1 秒/);
  assert.equal(await page.locator('textarea[placeholder*="请输入"]').count(), 0);
  await page.close();
});

test('a page without a documented reply box offers copy only', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['douyin-backend'].url);
  await summary(page, { min: 20 });
  const a = page.locator('[data-rt-id] rt-annotation').first();
  await a.locator('button[data-act="explain"]').click();
  assert.equal(await a.locator('button[data-act="copy-explain"]').count(), 1);
  assert.equal(await a.locator('button[data-act="insert"]').count(), 0);
  await page.close();
});
