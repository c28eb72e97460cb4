// What an agent does on a card: copy a script, edit and insert an explanation into the page's
// reply box (including a React-controlled one), keep a follow-up across reloads; shop settings
// from the options page reach the scripts. The extension makes no network request meanwhile.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot, summary } from './harness.mjs';

let b;
before(async () => {
  b = await launch();
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: b.url });
});
after(async () => {
  await b?.close();
});

const annotation = (page, card) => page.locator(card).locator('rt-annotation');

test('copy the explanation, insert it into the Taobao reply box and submit', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/taobao/backend.html?noinline=1`);
  await summary(page, { min: 20 });
  const card = 'tr.next-table-row >> nth=0';
  const a = annotation(page, card);
  await a.locator('button[data-act="explain"]').click();
  const draft = a.locator('textarea.explain-text');
  const composed = await draft.inputValue();
  assert.ok(composed.length > 20, composed);
  // What the shop has not confirmed (重新抽检, 已补发 …) is a 【待确认：…】 slot, listed by the lint;
  // the agent removes it (or confirms it), and then the draft passes.
  const slots = composed.match(/【待确认：[^】]*】/g) ?? [];
  const lintText = await a.locator('ul.lint').textContent();
  if (slots.length) assert.match(lintText, /未确认的说法/);
  else assert.match(lintText, /检查通过/);
  const text = composed.replace(/【待确认：[^】]*】/g, '');
  await draft.fill(text);
  await page.waitForFunction(() => document.querySelector('tr.next-table-row rt-annotation').shadowRoot.querySelector('ul.lint').textContent.includes('检查通过'));
  // Live lint: a forbidden incentive is flagged as soon as it is typed.
  await draft.fill(`${text}好评返现5元`);
  await page.waitForFunction(() => document.querySelector('tr.next-table-row rt-annotation').shadowRoot.querySelector('ul.lint').textContent.includes('以利益换取'));
  await draft.fill(text);
  await a.locator('button[data-act="copy-explain"]').click();
  await page.waitForFunction(() => document.querySelector('tr.next-table-row rt-annotation').shadowRoot.querySelector('.explain .status').textContent.includes('已复制'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  await a.locator('button[data-act="insert"]').click();
  const box = page.locator('tr.next-table-row').first().locator('textarea[placeholder*="请输入"]');
  await assert.doesNotReject(box.waitFor({ state: 'visible' }));
  assert.equal(await box.inputValue(), text);
  await page.locator('tr.next-table-row').first().locator('button', { hasText: '确认提交' }).click();
  assert.match(await page.locator('tr.next-table-row').first().locator('text=已提交解释').textContent(), new RegExp(text.slice(0, 10)));
  await shot(page, 'taobao-backend-explanation', { fullPage: false });
  await page.close();
});

test('copy a script and switch channels', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/douyin/backend.html?noinline=1`);
  await summary(page, { min: 20 });
  const a = annotation(page, 'div.comment-card >> nth=0');
  await a.locator('button[data-act="script"]').click();
  assert.match(await a.locator('textarea.script-text[data-ch="phone"]').inputValue(), /1\. 自我介绍/);
  await a.locator('button[data-ch="sms"]').click();
  const sms = await a.locator('textarea.script-text[data-ch="sms"]').inputValue();
  assert.ok(sms.length <= 120 && sms.startsWith('【'), sms);
  await a.locator('button[data-act="copy-script"]').click();
  await page.waitForFunction(() => document.querySelector('div.comment-card rt-annotation').shadowRoot.querySelector('.script .status').textContent.includes('已复制'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), sms);
  await shot(page, 'douyin-script', { fullPage: false });
  await page.close();
});

test('insert into a React-controlled reply box (Pinduoduo) survives the re-render', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/pinduoduo/backend.html?noinline=1`);
  await summary(page, { min: 20 });
  const a = annotation(page, 'tr[class*="TB_tr"] >> nth=1');
  await a.locator('button[data-act="explain"]').click();
  // A 【待确认：…】 slot blocks insertion: the agent deletes what the shop has not confirmed.
  const text = (await a.locator('textarea.explain-text').inputValue()).replace(/【待确认：[^】]*】/g, '');
  await a.locator('textarea.explain-text').fill(text);
  await a.locator('button[data-act="insert"]').click();
  const box = page.locator('textarea[data-testid="beast-core-textArea-htmlInput"]');
  await box.waitFor({ state: 'visible' });
  assert.equal(await box.inputValue(), text);
  await page.locator('[data-testid="beast-core-modal-inner"] button', { hasText: '提交' }).click();
  const id = await page.locator('tr[class*="TB_tr"]').nth(1).getAttribute('data-rt-id');
  const posted = await page.locator(`tr[data-rt-id="${id}"]`).locator('text=商家回复：').last().textContent();
  assert.ok(posted.includes(text.slice(0, 12)), 'the app state received the text (native setter + input event)');
  await page.close();
});

test('a follow-up survives a reload', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/jd/legacy.html?noinline=1`);
  await summary(page, { min: 20 });
  const a = () => annotation(page, 'div.comment-item >> nth=2');
  await a().locator('button[data-act="follow"]').click();
  await a().locator('select.fu-status').selectOption('thinking');
  await a().locator('input.fu-callback').fill('2026-12-01');
  await a().locator('input.fu-callback').dispatchEvent('change');
  await a().locator('textarea.fu-note').fill('买家说周末再决定');
  for (let i = 0; i < 3; i++) await a().locator('button[data-act="attempt"]').click();
  await page.waitForFunction(() => document.querySelectorAll('div.comment-item')[2].querySelector('rt-annotation').shadowRoot.querySelector('.fu-warn').textContent.includes('3 次'));
  await page.waitForTimeout(300);
  await page.reload();
  await summary(page, { min: 20 });
  assert.match(await a().locator('.fu').textContent(), /考虑中 · 3次/);
  await a().locator('button[data-act="follow"]').click();
  assert.equal(await a().locator('select.fu-status').inputValue(), 'thinking');
  assert.equal(await a().locator('input.fu-callback').inputValue(), '2026-12-01');
  assert.equal(await a().locator('textarea.fu-note').inputValue(), '买家说周末再决定');
  await shot(page, 'jd-legacy-followup', { fullPage: false });
  await page.close();
});

test('options: a shop name saved in the options page reaches the scripts; bad JSON is refused', async () => {
  const page = await b.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`chrome-extension://${b.extId}/options.html`);
  await page.locator('#builtin_rules').waitFor({ state: 'attached' });
  await page.waitForFunction(() => document.getElementById('builtin_rules').textContent.includes('taobao'));
  await page.locator('#extra_keywords').fill('{not json');
  await page.locator('#save').click();
  assert.match(await page.locator('#msg').textContent(), /未保存|Not saved/);
  await page.locator('#extra_keywords').fill('{"nonsense_tag": ["x"]}');
  await page.locator('#save').click();
  assert.match(await page.locator('#msg').textContent(), /nonsense_tag/);
  await page.locator('#extra_keywords').fill('');
  await page.locator('#shop_name').fill('小林家居旗舰店');
  await page.locator('#agent_name').fill('小林');
  await page.locator('#save').click();
  assert.match(await page.locator('#msg').textContent(), /已保存|Saved/);
  await shot(page, 'options', { fullPage: true });
  assert.deepEqual(errors, []);
  const side = await b.context.newPage();
  await side.goto(`chrome-extension://${b.extId}/sidepanel.html`);
  await side.locator('#status').waitFor({ state: 'attached' });
  await side.close();

  const shop = await b.context.newPage();
  await shop.goto(`${b.url}/taobao/backend.html?noinline=1`);
  await summary(shop, { min: 20 });
  const a = annotation(shop, 'tr.next-table-row >> nth=0');
  await a.locator('button[data-act="script"]').click();
  assert.match(await a.locator('textarea.script-text[data-ch="phone"]').inputValue(), /小林家居旗舰店的售后负责人小林/);
  await shop.close();
  await page.close();
});

test('a text change is marked; on Taobao the one change is used only once the rating shows 好评', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/taobao/backend.html?noinline=1`);
  await summary(page, { min: 20 });
  const row = page.locator('tr.next-table-row').nth(8);
  const id = await row.getAttribute('data-rt-id');
  const shadowText = () => row.locator('rt-annotation').evaluate((h) => h.shadowRoot.textContent);
  // The sentiment cell: the one whose whole text is 正面/中性/负面 (pages.md documents no class).
  const sentiment = row.locator('td').filter({ hasText: /^\s*(正面|中性|负面)\s*$/ });
  // A 中/差评 that is still one (or any review before the change).
  await sentiment.evaluate((e) => (e.textContent = '负面'));
  await page.waitForFunction((id) => document.querySelector(`tr[data-rt-id="${id}"]`).getAttribute('data-rt-rating') === 'bad', id);
  assert.notEqual(await row.getAttribute('data-rt-window-state'), 'used');
  // The buyer edits the text, the rating stays 差评: Taobao allows a 中/差评 to become 好评 or be
  // deleted, so this is not that change; the card says what it is instead.
  await row.locator('.rate-content span').evaluate((e) => (e.textContent = '卖家处理很及时，问题已经解决了'));
  await page.waitForFunction((id) => /评价已变更/.test(document.querySelector(`tr[data-rt-id="${id}"] rt-annotation`).shadowRoot.textContent), id);
  assert.notEqual(await row.getAttribute('data-rt-window-state'), 'used');
  assert.match(await shadowText(), /评级仍是差评/);
  // Visible on the card as a marker too, and in the summary row for automation agents.
  assert.equal(await row.locator('rt-annotation').evaluate((h) => h.shadowRoot.querySelector('.flag.rule-warn')?.textContent), '与规则不符');
  await page.waitForFunction((id) => /评级仍是差评/.test(JSON.parse(document.getElementById('review-triage-summary').textContent).reviews.find((r) => r.id === id)?.window_warning ?? ''), id);
  // The rating becomes 好评: now the one change is spent.
  await sentiment.evaluate((e) => (e.textContent = '正面'));
  await page.waitForFunction((id) => document.querySelector(`tr[data-rt-id="${id}"]`).getAttribute('data-rt-window-state') === 'used', id);
  assert.match(await shadowText(), /评价已变更/);
  await page.close();
});

test('hovering a cause chip highlights its words on the page; the toolbar badge counts reviews to handle', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/taobao/backend.html?noinline=1`);
  const s = await summary(page, { min: 20 });
  await page.locator('tr.next-table-row').first().locator('rt-annotation .chip[data-tag="color_mismatch"]').hover();
  await page.waitForFunction(() => CSS.highlights.has('rt-evidence'));
  const words = await page.evaluate(() => [...CSS.highlights.get('rt-evidence')].map((r) => r.toString()));
  assert.ok(words.includes('色差'), words.join('|'));
  await page.mouse.move(1, 1);
  await page.waitForFunction(() => !CSS.highlights.has('rt-evidence'));
  const [sw] = b.context.serviceWorkers();
  await page.waitForTimeout(300);
  const badges = await sw.evaluate(async () => Promise.all((await chrome.tabs.query({})).map((t) => chrome.action.getBadgeText({ tabId: t.id }))));
  assert.ok(badges.includes(String(s.needs_action)), `badges ${badges} vs ${s.needs_action}`);
  await page.close();
});

test('the extension issues no network request', async () => {
  // Every request the browser made in this file: the demo pages' own assets, or extension files.
  const foreign = b.requests.filter((u) => !u.startsWith(b.url) && !u.startsWith('chrome-extension://') && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, []);
  assert.ok(b.requests.length > 10);
});
