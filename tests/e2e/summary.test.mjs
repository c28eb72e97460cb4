// What automation agents get without opening a shadow root: the page summary (validated against
// schema/summary.schema.json), the card attributes, the side panel's answer from memory; and
// how the extension behaves with settings that do not validate.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, summary } from './harness.mjs';
import { assertValid } from './schema.mjs';

let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b?.close();
});

const complete = (page, min) =>
  page.waitForFunction(
    (min) => {
      const s = document.getElementById('review-triage-summary');
      if (!s) return false;
      const j = JSON.parse(s.textContent);
      return j.complete && j.count >= min;
    },
    min,
    { timeout: 60_000 },
  );

test('the summary carries everything an agent needs and validates against the schema', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/taobao/backend.html?noinline=1`);
  await complete(page, 20);
  const raw = await page.evaluate(() => document.getElementById('review-triage-summary').textContent);
  assert.ok(!raw.includes('<'), 'every < is escaped');
  const s = JSON.parse(raw);
  assertValid(s);
  assert.equal(s.version, 2);
  assert.equal(s.complete, true);
  assert.equal(s.guessed, false);
  assert.deepEqual(s.warnings, []);
  assert.ok(s.reviews.some((r) => !r.needs_action), 'the page has a review that needs no action');
  for (const r of s.reviews) {
    if (!r.needs_action) {
      // Complete without them: a review that needs nothing gets scripts when a panel opens.
      for (const k of ['script', 'explanation', 'lint', 'script_lint']) assert.equal(r[k], null, `${k} of ${r.id}`);
      continue;
    }
    assert.ok(r.script && r.script.phone && r.script.chat && r.script.sms, `scripts for ${r.id}`);
    assert.equal(typeof r.explanation, 'string');
    assert.ok(Array.isArray(r.lint));
    for (const ch of ['phone', 'chat', 'sms']) assert.ok(Array.isArray(r.script_lint[ch]), `script_lint.${ch} for ${r.id}`);
    assert.equal(r.appeal_by, null, 'no appeal on Taobao');
    assert.equal(r.approximate, false, 'the backend prints minutes');
    assert.ok(r.action.length > 0);
    assert.ok(r.rule_source.length > 0, 'rule source');
  }
  // The cards say the same without a shadow root.
  const attrs = await page.$$eval('tr.next-table-row', (els) => els.map((e) => ({ key: e.dataset.rtHash, needs: e.dataset.rtNeedsAction, by: e.dataset.rtExplainBy })));
  const byKey = new Map(s.reviews.map((r) => [r.key, r]));
  for (const a of attrs) {
    const r = byKey.get(a.key);
    assert.ok(r, 'every card has its row, by key');
    assert.equal(a.needs, String(r.needs_action));
    assert.equal(a.by, r.explain_by ?? '');
  }
  // Opening the 话术 panel of a review that needs no action composes its scripts, and the
  // summary's row follows.
  const calm = s.reviews.find((r) => !r.needs_action);
  const box = page.locator(`[data-rt-hash="${calm.key}"] rt-annotation`);
  await box.scrollIntoViewIfNeeded();
  await box.locator('button[data-act="script"]').click();
  await box.locator('textarea.script-text[data-ch="phone"]').waitFor({ state: 'attached' });
  if (calm.rating === 'good' && calm.causes.length === 0) {
    // A 好评 with nothing to fix is thanked: the chat shows first, and there is no call to make.
    await box.locator('textarea.script-text[data-ch="chat"]').waitFor();
    assert.match(await box.locator('textarea.script-text[data-ch="chat"]').inputValue(), /谢谢您对.*的认可/);
    assert.match(await box.locator('textarea.script-text[data-ch="phone"]').inputValue(), /^无需致电/);
    assert.ok(await box.locator('button[data-act="tab"][data-ch="chat"].on').count() === 1);
  } else {
    await box.locator('textarea.script-text[data-ch="phone"]').waitFor();
    assert.ok((await box.locator('textarea.script-text[data-ch="phone"]').inputValue()).length > 20);
  }
  await page.waitForFunction(
    (key) => {
      const j = JSON.parse(document.getElementById('review-triage-summary').textContent);
      const r = j.reviews.find((x) => x.key === key);
      return j.complete && r.script?.phone && typeof r.explanation === 'string' && Array.isArray(r.script_lint?.sms);
    },
    calm.key,
    { timeout: 30_000 },
  );
  await page.close();
});

test('a page-planted summary element is ignored; the side panel is answered from memory', async () => {
  const page = await b.context.newPage();
  await page.addInitScript(() => {
    // Planted before the extension runs, with the same id and a made-up triage.
    const plant = () => {
      const fake = document.createElement('script');
      fake.type = 'application/json';
      fake.id = 'review-triage-summary';
      fake.textContent = '{"count":999,"reviews":[]}';
      (document.body || document.documentElement).append(fake);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', plant);
    else plant();
  });
  await page.goto(`${b.url}/jd/legacy.html?noinline=1`);
  await complete(page, 20);
  const ids = await page.evaluate(() => ({
    ours: JSON.parse(document.getElementById('review-triage-summary').textContent).count,
    // The page's own element: the one without our owner mark (our summary may contain "999" too).
    planted: [...document.querySelectorAll('script#review-triage-summary')].find((e) => !e.dataset.rtOwner)?.textContent,
  }));
  assert.ok(ids.ours >= 20 && ids.ours !== 999, 'getElementById finds ours');
  assert.equal(ids.planted, '{"count":999,"reviews":[]}', "the page's element is left as it was");
  const [sw] = b.context.serviceWorkers();
  // The side panel's question, sent to every tab (no `tabs` permission: tab URLs are hidden).
  const answer = await sw.evaluate(async (url) => {
    for (const tab of await chrome.tabs.query({})) {
      const res = await chrome.tabs.sendMessage(tab.id, { type: 'rt-summary' }).catch(() => null);
      if (res && res.url === url) return res;
    }
    return null;
  }, page.url());
  assert.equal(answer.summary.count, ids.ours, 'the content script answers from the annotator, not the DOM');
  assertValid(answer.summary);
  await page.close();
});

test('settings that do not validate: the page is still annotated on the defaults, with a notice and a backup', async () => {
  const [sw] = b.context.serviceWorkers();
  const bad = { shop_name: '小林家居', bogus_field: 1 };
  await sw.evaluate((bad) => chrome.storage.local.set({ settings: bad }), bad);
  try {
    const page = await b.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${b.url}/taobao/backend.html?noinline=1`);
    const s = await summary(page, { min: 20 });
    assert.equal(s.count, 20, 'annotated');
    await complete(page, 20);
    const done = await page.evaluate(() => JSON.parse(document.getElementById('review-triage-summary').textContent));
    assert.match(done.errors.join(' '), /设置无效.*bogus_field/);
    assertValid(done);
    // The notice sits in the page's flow above the list, not over it, and can be closed.
    const note = page.locator('rt-drawer .note').first();
    assert.match(await note.textContent(), /设置无效/);
    assert.equal(await page.locator('rt-drawer').evaluate((h) => getComputedStyle(h).position), 'static');
    await note.locator('button').click();
    await page.waitForFunction(() => !document.querySelector('rt-drawer').shadowRoot.querySelector('.note'));
    const backup = await sw.evaluate(() => chrome.storage.local.get('rt:settings-backup').then((r) => r['rt:settings-backup']));
    assert.deepEqual(backup, bad, 'the bad value is kept under rt:settings-backup');
    assert.deepEqual(errors, []);
    await page.close();
    // The options page says so too, and refuses unknown fields like the CLI.
    const opts = await b.context.newPage();
    await opts.goto(`chrome-extension://${b.extId}/options.html`);
    await opts.waitForFunction(() => document.getElementById('msg').textContent.length > 0);
    assert.match(await opts.locator('#msg').textContent(), /bogus_field/);
    const refused = await opts.evaluate(async () => {
      const m = await import('./pkg/review_triage.js');
      try {
        m.validate_settings({ shop_name: 'x', another_unknown: true });
        return null;
      } catch (e) {
        return e.message;
      }
    });
    assert.match(refused, /another_unknown/);
    await opts.close();
  } finally {
    await sw.evaluate(() => chrome.storage.local.remove(['settings', 'rt:settings-backup']));
  }
});
