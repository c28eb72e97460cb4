// Issue 8 in the page: an explanation or a script states a claim (重新抽检, 已补发 …) only when it is
// confirmed: by the shop in the options page, or by the agent's tick for one review. Anything
// else is a visible 【待确认：…】 slot, and nothing with a slot or a forbidden finding can be copied
// or inserted. The ticks are kept with the review's follow-up across reloads. JD cards carry the
// appeal clock; coarse page dates are marked; the summary carries all of it and validates.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, ROOT, shot } from './harness.mjs';
import { assertValid } from './schema.mjs';
import { PAGES } from './standins.mjs';

let b;
let CLAIMS; // claim_list() of the built wasm: id, label, scope, wordings
before(async () => {
  b = await launch();
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(PAGES['taobao-backend'].url).origin });
  const opts = await b.context.newPage();
  await opts.goto(`chrome-extension://${b.extId}/options.html`);
  CLAIMS = await opts.evaluate(async () => {
    const m = await import('./pkg/review_triage.js');
    await m.default();
    return m.claim_list();
  });
  await opts.close();
});
after(async () => {
  await b?.close();
});

const SLOT = /【待确认：([^】]*)】/g;
// (A row that needs no action has no explanation until its panel opens.)
const slots = (text) => [...(text ?? '').matchAll(SLOT)].map((m) => m[1]);
const claimOfWording = (w) => CLAIMS.find((c) => c.wordings.includes(w));

/** Cards each stand-in shows (a summary is complete for the cards scanned so far). */
const SHOWN = { 'taobao-backend': 20, 'jd-legacy': 32, 'tmall-item': 32 };

/** The complete summary of a page with all its cards (every row composed), once `ok` holds. */
async function complete(page, ok = () => true) {
  let s;
  const min = SHOWN[Object.keys(PAGES).find((k) => PAGES[k].url === page.url())];
  assert.ok(min, `a stand-in page: ${page.url()}`);
  await page.waitForFunction((min) => {
    const el = document.getElementById('review-triage-summary');
    if (!el) return false;
    const j = JSON.parse(el.textContent);
    return j.complete && j.count >= min;
  }, min, { timeout: 60_000 });
  for (let i = 0; i < 100; i++) {
    s = await page.evaluate(() => JSON.parse(document.getElementById('review-triage-summary').textContent));
    if (ok(s)) return s;
    await page.waitForTimeout(100);
  }
  assert.fail(`the summary never showed what was awaited: ${JSON.stringify(s).slice(0, 300)}`);
}


async function waitShadow(page, key, sel, pred) {
  await page.waitForFunction(
    ({ key, sel, src }) => {
      const e = document.querySelector(`[data-rt-hash="${key}"] rt-annotation`)?.shadowRoot?.querySelector(sel);
      return e && new Function('e', `return (${src})(e)`)(e);
    },
    { key, sel, src: pred.toString() },
    { timeout: 10_000 },
  );
}

/** A Taobao backend row whose explanation has exactly one slot, for a claim of one review or of the shop. */
function rowWithOneSlot(s) {
  const r = s.reviews.find((r) => r.explanation && slots(r.explanation).length === 1 && claimOfWording(slots(r.explanation)[0]) && !r.causes.includes('extortion'));
  assert.ok(r, 'a row with one slot');
  return r;
}

test('a slot blocks copy and insert; ticking its claim states it, clears the finding, and both work', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['taobao-backend'].url);
  const s = await complete(page);
  assertValid(s);
  const row = rowWithOneSlot(s);
  const [wording] = slots(row.explanation);
  const claim = claimOfWording(wording);
  assert.ok(row.lint.some((f) => f.kind === 'unconfirmed_claim'), 'the summary row says the slot blocks');
  const card = page.locator(`[data-rt-hash="${row.key}"]`);
  const a = card.locator('rt-annotation');
  await a.locator('button[data-act="explain"]').click();
  const draft = a.locator('textarea.explain-text');
  assert.equal(await draft.inputValue(), row.explanation);
  // Blocked: the finding, the reason, and both buttons marked.
  assert.equal(await a.locator('ul.lint li.block[data-kind="unconfirmed_claim"]').count(), 1);
  assert.match(await a.locator('.explain .block-reason').textContent(), /不能复制或插入：未确认的说法【待确认】 1 处/);
  assert.equal(await a.locator('button[data-act="copy-explain"]').getAttribute('aria-disabled'), 'true');
  assert.equal(await a.locator('button[data-act="insert"]').getAttribute('aria-disabled'), 'true');
  await page.evaluate(() => navigator.clipboard.writeText('剪贴板原来的内容'));
  // The buttons stay clickable (aria-disabled) so that a click says why.
  await a.locator('button[data-act="copy-explain"]').click({ force: true });
  await waitShadow(page, row.key, '.explain .status', (e) => e.textContent.startsWith('不能复制'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '剪贴板原来的内容', 'nothing copied');
  await a.locator('button[data-act="insert"]').click({ force: true });
  await waitShadow(page, row.key, '.explain .status', (e) => e.textContent.startsWith('不能插入'));
  await page.waitForTimeout(300);
  const boxes = card.locator('textarea[placeholder*="请输入"]');
  assert.ok((await boxes.count()) === 0 || (await boxes.first().inputValue()) === '', 'the reply box was neither opened nor filled');

  // The claim the slot stands for is marked; ticking it composes again with it confirmed.
  const box = a.locator(`label.claim.pending input[data-claim="${claim.id}"]`);
  assert.equal(await box.count(), 1, `the pending claim ${claim.id} is offered`);
  assert.equal(await box.isChecked(), false);
  await shot(page, 'claims-explanation-blocked', { clip: await card.boundingBox() });
  await box.check();
  await waitShadow(page, row.key, 'textarea.explain-text', (e) => !e.value.includes('【待确认'));
  const stated = await draft.inputValue();
  assert.ok(claim.wordings.some((w) => stated === row.explanation.replace(`【待确认：${wording}】`, w)), `the slot became the claim: ${stated}`);
  assert.match(await a.locator('ul.lint').textContent(), /检查通过/);
  assert.equal(await a.locator('.explain .block-reason').isVisible(), false);
  assert.equal(await a.locator('button[data-act="copy-explain"]').getAttribute('aria-disabled'), 'false');
  assert.equal(await a.locator(`label.claim input[data-claim="${claim.id}"]`).isChecked(), true);
  assert.equal(await a.locator('label.claim.pending').count(), 0, 'nothing left pending');
  await shot(page, 'claims-explanation-ticked', { clip: await card.boundingBox() });

  await a.locator('button[data-act="copy-explain"]').click();
  await waitShadow(page, row.key, '.explain .status', (e) => e.textContent.includes('已复制'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), stated);
  await a.locator('button[data-act="insert"]').click();
  await waitShadow(page, row.key, '.explain .status', (e) => e.textContent.includes('已插入'));
  assert.equal(await card.locator('textarea[placeholder*="请输入"]').inputValue(), stated);

  // The scripts were composed with the tick too, and the summary row follows.
  await a.locator('button[data-act="script"]').click();
  const phone = a.locator('textarea.script-text[data-ch="phone"]');
  assert.ok(!(await phone.inputValue()).includes('【待确认'), 'the phone script states it too');
  assert.match(await a.locator('.panel.script ul.lint').textContent(), /检查通过/);
  const after = await complete(page, (x) => x.reviews.find((r) => r.key === row.key).explanation === stated);
  assertValid(after);
  const r = after.reviews.find((r) => r.key === row.key);
  assert.deepEqual(r.lint, []);
  assert.ok(r.script_lint.phone.every((f) => f.kind !== 'unconfirmed_claim'));
  await page.close();
});

test('ticks survive a reload; an edited draft is not overwritten, and can be regenerated', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['taobao-backend'].url);
  const s = await complete(page);
  const row = rowWithOneSlot(s);
  const claim = claimOfWording(slots(row.explanation)[0]);
  const a = () => page.locator(`[data-rt-hash="${row.key}"] rt-annotation`);
  await a().locator('button[data-act="explain"]').click();
  await a().locator(`input[data-claim="${claim.id}"]`).check();
  await waitShadow(page, row.key, 'textarea.explain-text', (e) => !e.value.includes('【待确认'));
  // Kept with the follow-up, written in a batch.
  const [sw] = b.context.serviceWorkers();
  let stored;
  for (let i = 0; i < 40 && !stored?.confirmed?.includes(claim.id); i++) {
    await page.waitForTimeout(100);
    stored = await sw.evaluate((k) => chrome.storage.local.get('rt:followups').then((r) => (r['rt:followups'] ?? {})[k]), `taobao:${row.id}`);
  }
  assert.deepEqual(stored.confirmed, [claim.id]);

  await page.reload();
  await complete(page, (x) => x.reviews.find((r) => r.key === row.key)?.explanation && !x.reviews.find((r) => r.key === row.key).explanation.includes('【待确认'));
  await a().locator('button[data-act="explain"]').click();
  assert.equal(await a().locator(`input[data-claim="${claim.id}"]`).isChecked(), true, 'the tick is back');
  const draft = a().locator('textarea.explain-text');
  const stated = await draft.inputValue();
  assert.ok(!stated.includes('【待确认'), stated);

  // The agent edits the draft, then unticks: the edit stays, the panel says it was not updated.
  const edited = `${stated}欢迎再次光临。`;
  await draft.fill(edited);
  await a().locator(`input[data-claim="${claim.id}"]`).uncheck();
  await waitShadow(page, row.key, '.explain .stale', (e) => !e.hidden);
  assert.equal(await draft.inputValue(), edited, 'an edited draft is never overwritten');
  assert.match(await a().locator('.explain .stale').textContent(), /已手动修改/);
  await a().locator('.explain .stale button[data-act="regen"]').click();
  await waitShadow(page, row.key, 'textarea.explain-text', (e) => e.value.includes('【待确认'));
  assert.equal(await draft.inputValue(), row.explanation, 'regenerated without the tick: the slot is back');
  assert.equal(await a().locator('.explain .stale').isVisible(), false);
  assert.match(await a().locator('.explain .block-reason').textContent(), /不能复制或插入/);
  await page.close();
});

test('script panel: the channel shown has its findings; an edited chat or SMS is linted live and copy refused', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['taobao-backend'].url);
  const s = await complete(page);
  const row = s.reviews.find((r) => r.script_lint?.phone.some((f) => f.kind === 'unconfirmed_claim') && r.script_lint.sms.length === 0);
  assert.ok(row, 'a row whose phone script has a slot and whose SMS is clean');
  const a = page.locator(`[data-rt-hash="${row.key}"] rt-annotation`);
  await a.locator('button[data-act="script"]').click();
  const lintOf = () => a.locator('.panel.script ul.lint');
  assert.equal(await a.locator('textarea.script-text[data-ch="phone"]').inputValue(), row.script.phone);
  assert.equal(await lintOf().locator('li.block[data-kind="unconfirmed_claim"]').count(), row.script_lint.phone.length, "the phone script's own findings");
  await a.locator('button[data-ch="sms"]').click();
  const sms = a.locator('textarea.script-text[data-ch="sms"]');
  assert.equal(await sms.isVisible(), true);
  assert.equal(await a.locator('textarea.script-text[data-ch="phone"]').isVisible(), false);
  assert.match(await lintOf().textContent(), /检查通过/, 'the SMS has none');
  // An edit that ties a benefit to the review is flagged as it is typed, and cannot be copied.
  await sms.fill(`${row.script.sms}好评返现5元`);
  await waitShadow(page, row.key, '.panel.script ul.lint', (e) => e.querySelector('li.block[data-kind="review_incentive"]'));
  await page.evaluate(() => navigator.clipboard.writeText('原来的'));
  await a.locator('button[data-act="copy-script"]').click({ force: true });
  await waitShadow(page, row.key, '.script .status', (e) => e.textContent.startsWith('不能复制'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '原来的');
  await shot(page, 'claims-script-blocked', { clip: await page.locator(`[data-rt-hash="${row.key}"]`).boundingBox() });
  // The edit survives switching tabs; fixed, it passes and copies.
  await a.locator('button[data-ch="chat"]').click();
  await a.locator('button[data-ch="sms"]').click();
  assert.match(await sms.inputValue(), /好评返现/);
  await sms.fill(row.script.sms);
  await waitShadow(page, row.key, '.panel.script ul.lint', (e) => e.textContent.includes('检查通过'));
  await a.locator('button[data-act="copy-script"]').click();
  await waitShadow(page, row.key, '.script .status', (e) => e.textContent.includes('已复制'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), row.script.sms);
  // The chat: a WeChat id typed in is off-platform.
  await a.locator('button[data-ch="chat"]').click();
  await a.locator('textarea.script-text[data-ch="chat"]').fill('您好，方便的话加我微信 abc12345 详聊');
  await waitShadow(page, row.key, '.panel.script ul.lint', (e) => e.querySelector('li.block[data-kind="off_platform"]'));
  await page.close();
});

test('options: the shop confirms its claims; the next explanations state them without slots', async () => {
  const [sw] = b.context.serviceWorkers();
  try {
    // Before: a shop claim in the panel points to the options page, which the button opens.
    const before = await b.context.newPage();
    await before.goto(PAGES['taobao-backend'].url);
    const s0 = await complete(before);
    const row0 = s0.reviews.find((r) => slots(r.explanation).some((w) => claimOfWording(w)?.scope === 'shop'));
    const a0 = before.locator(`[data-rt-hash="${row0.key}"] rt-annotation`);
    await a0.locator('button[data-act="explain"]').click();
    assert.match(await a0.locator('.claims-hint').textContent(), /设置页确认/);
    const opened = b.context.waitForEvent('page', { timeout: 10_000 });
    await a0.locator('.claims-hint button[data-act="options"]').click();
    const opts = await opened;
    await opts.waitForLoadState();
    assert.match(opts.url(), /options\.html$/);
    await before.close();

    // The options page lists the shop's claims only, with their labels.
    await opts.locator('#claim_batch_recheck').waitFor({ state: 'attached' });
    const shopClaims = CLAIMS.filter((c) => c.scope === 'shop');
    assert.equal(await opts.locator('#claims input[type=checkbox]').count(), shopClaims.length);
    assert.equal(await opts.locator('#claim_resent').count(), 0, 'claims about one review are not settings');
    // Labels from the engine, or the locale's translation (the test browser runs in English).
    assert.match(await opts.locator('#claims').textContent(), /质量问题后对同批次库存重新抽检|Re-inspect stock of the same batch/);
    for (const c of shopClaims) await opts.locator(`#claim_${c.id}`).check();
    await opts.locator('#save').click();
    assert.match(await opts.locator('#msg').textContent(), /已保存|Saved/);
    const saved = await sw.evaluate(() => chrome.storage.local.get('settings').then((r) => r.settings.confirmed_claims));
    assert.deepEqual([...saved].sort(), shopClaims.map((c) => c.id).sort());
    await opts.reload();
    await opts.locator('#claim_counter_check').waitFor({ state: 'attached' });
    await opts.waitForFunction(() => document.getElementById('claim_counter_check').checked);
    await shot(opts, 'options-claims', { fullPage: true });

    // Exported with everything else; an import that confirms a one-review claim is refused.
    const download = opts.waitForEvent('download');
    await opts.locator('#export').click();
    const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
    assert.deepEqual([...exported.settings.confirmed_claims].sort(), shopClaims.map((c) => c.id).sort());
    await opts.locator('#import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ settings: { confirmed_claims: ['resent'] } })) });
    await opts.waitForFunction(() => /导入失败|Import failed/.test(document.getElementById('msg').textContent));
    assert.match(await opts.locator('#msg').textContent(), /resent/);
    assert.equal(await opts.locator('#claim_counter_check').isChecked(), true, 'the saved settings are untouched');
    await opts.close();

    // The next page states the shop's claims; only claims about one review are left to tick.
    const page = await b.context.newPage();
    await page.goto(PAGES['tmall-item'].url);
    const s = await complete(page);
    assertValid(s);
    const shopWordings = shopClaims.flatMap((c) => c.wordings);
    for (const r of s.reviews) {
      for (const w of slots(r.explanation)) assert.equal(claimOfWording(w)?.scope, 'review', `${r.id}: only one-review claims stay open: ${w}`);
      assert.ok((r.lint ?? []).every((f) => f.kind !== 'unconfirmed_claim') || slots(r.explanation).length > 0);
    }
    const stating = s.reviews.filter((r) => shopWordings.some((w) => r.explanation?.includes(w)));
    assert.ok(stating.length >= 5, `explanations state the shop's claims (${stating.length})`);
    const clean = s.reviews.find((r) => r.causes.length === 1 && r.causes[0] === 'color_mismatch') ?? stating.find((r) => slots(r.explanation).length === 0);
    assert.ok(clean && slots(clean.explanation).length === 0 && clean.lint.length === 0, 'a review with only shop claims has no slot');
    // In its panel the claim is shown as confirmed by the shop, and there is nothing to set up.
    const a = page.locator(`[data-rt-hash="${clean.key}"] rt-annotation`);
    await a.locator('button[data-act="explain"]').click();
    const fixed = a.locator('label.claim input[disabled]');
    assert.ok((await fixed.count()) >= 1);
    assert.equal(await fixed.first().isChecked(), true);
    assert.match(await a.locator('.claims').textContent(), /店铺设置已确认/);
    assert.equal(await a.locator('.claims-hint').count(), 0);
    await page.close();
  } finally {
    await sw.evaluate(() => chrome.storage.local.remove(['settings', 'rt:followups']));
  }
});

test('JD: the appeal clock on the card, its attribute and aria-label; the summary carries appeal_by', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['jd-legacy'].url);
  const s = await complete(page);
  assertValid(s);
  const byKey = new Map(s.reviews.map((r) => [r.key, r]));
  const cards = await page.$$eval('div.comment-item[data-rt-hash]', (els) =>
    els.map((e) => {
      const host = e.querySelector('rt-annotation');
      const chip = host.shadowRoot.querySelector('.row.main [data-label="申诉"]');
      return { key: e.dataset.rtHash, by: e.getAttribute('data-rt-appeal-by'), label: host.getAttribute('aria-label'), chip: chip?.textContent ?? null, title: chip?.getAttribute('title') ?? null, rating: e.dataset.rtRating };
    }),
  );
  assert.ok(cards.length >= 20);
  let withAppeal = 0;
  for (const c of cards) {
    const r = byKey.get(c.key);
    assert.equal(c.by, r.appeal_by ?? '', 'data-rt-appeal-by is the row\'s appeal_by');
    if (c.rating === 'bad' || c.rating === 'neutral') {
      withAppeal++;
      assert.ok(r.appeal_by, `${r.id}: a 中/差评 on JD can be appealed`);
      const left = Date.parse(r.appeal_by) - Date.now();
      if (left > 0) {
        assert.match(c.chip, /^申诉剩 \d+(天|小时|分)/);
        assert.match(c.label, /申诉剩\d+/);
      } else {
        assert.equal(c.chip, '申诉已截止');
      }
      assert.match(c.title, /不合理评价申诉截止 2026-/);
    } else {
      assert.equal(c.by, '');
      assert.equal(c.chip, null, 'no appeal for a 好评');
    }
  }
  assert.ok(withAppeal >= 10, `${withAppeal} appealable cards`);
  const first = cards.find((c) => c.chip);
  await shot(page, 'jd-appeal-chip', { clip: await page.locator(`[data-rt-hash="${first.key}"]`).boundingBox() });
  // Nowhere else: a Taobao page has no appeal clock.
  await page.goto(PAGES['taobao-backend'].url);
  const t = await complete(page);
  assert.ok(t.reviews.every((r) => r.appeal_by === null));
  assert.equal(await page.locator('[data-rt-appeal-by]:not([data-rt-appeal-by=""])').count(), 0);
  await page.close();
});

test('a coarse page date (2026年5月15日) marks its card 约 and its row approximate', async () => {
  const page = await b.context.newPage();
  await page.goto(PAGES['tmall-item'].url);
  const s = await complete(page);
  assertValid(s);
  const byKey = new Map(s.reviews.map((r) => [r.key, r]));
  const cards = await page.$$eval('[data-rt-hash]', (els) =>
    els.map((e) => {
      const host = e.querySelector('rt-annotation');
      const flag = host.shadowRoot.querySelector('.flag.approx');
      return { key: e.dataset.rtHash, flag: flag?.textContent ?? null, title: flag?.getAttribute('title') ?? null, label: host.getAttribute('aria-label') };
    }),
  );
  assert.ok(s.reviews.filter((r) => r.approximate).length >= 10);
  for (const c of cards) {
    const r = byKey.get(c.key);
    assert.equal(c.flag === '约', r.approximate, `${r.id}: the marker follows the row`);
    if (r.approximate) {
      assert.match(c.title, /最早可能的时间/);
      assert.match(c.label, /期限为估算/);
      assert.match(r.action, /估算/);
    }
  }
  const key = cards.find((c) => c.flag).key;
  await page.locator(`[data-rt-hash="${key}"]`).scrollIntoViewIfNeeded();
  await shot(page, 'tmall-approximate', { clip: await page.locator(`[data-rt-hash="${key}"]`).boundingBox() });
  await page.close();
});

test('every string the options page uses is in the three locales; shop claims are translated', () => {
  const html = readFileSync(join(ROOT, 'extension', 'options.html'), 'utf8');
  const keys = [...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]);
  const shopIds = CLAIMS.filter((c) => c.scope === 'shop').map((c) => c.id);
  for (const loc of ['zh_CN', 'zh_TW', 'en']) {
    const msgs = JSON.parse(readFileSync(join(ROOT, 'extension', '_locales', loc, 'messages.json'), 'utf8'));
    for (const k of keys) assert.ok(msgs[k]?.message, `${loc}: ${k}`);
    // zh_CN shows the engine's own labels.
    if (loc !== 'zh_CN') for (const id of shopIds) assert.ok(msgs[`claim_${id}`]?.message, `${loc}: claim_${id}`);
  }
});
