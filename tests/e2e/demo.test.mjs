// Without the extension the demo pages annotate themselves with the same wasm (what `make demo`
// shows a visitor), and the playground analyses pasted text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot, summary } from './harness.mjs';

let b;
before(async () => {
  b = await launch({ extension: false });
});
after(async () => {
  await b?.close();
});

test('demo page annotates itself without the extension', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/taobao/item.html`);
  const s = await summary(page, { min: 32, annotator: 'page' });
  assert.equal(s.count, 32);
  assert.equal(await page.locator('rt-annotation').count(), 32);
  await shot(page, 'demo-taobao-item');
  await page.close();
});

test('the strict-CSP page says why it cannot annotate itself', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/csp/backend.html`);
  await page.locator('.rt-demo-notice').waitFor({ timeout: 15_000 });
  assert.match(await page.locator('.rt-demo-notice').textContent(), /扩展/);
  await page.close();
});

test('playground: paste a review, get tags, countdown, scripts, explanation and lint', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}/playground/index.html`);
  await page.locator('#text').fill('衣服有股很刺鼻的味道，颜色也不一样，快递员态度差');
  await page.locator('#platform').selectOption('taobao');
  await page.locator('#rating').selectOption('bad');
  await page.locator('#run').click();
  await page.waitForFunction(() => document.querySelectorAll('#tags .chip').length >= 3);
  const tags = await page.$$eval('#tags .chip', (els) => els.map((e) => e.dataset.tag));
  for (const t of ['smell', 'color_mismatch', 'courier_service']) assert.ok(tags.includes(t), tags.join(','));
  assert.match(await page.locator('#window').textContent(), /open|剩/);
  assert.match(await page.locator('#script').textContent(), /自我介绍/);
  assert.ok((await page.locator('#explanation').inputValue()).length > 20);
  await page.locator('#explanation').fill('联系13812345678，好评返现');
  await page.waitForFunction(() => document.querySelectorAll('#lint li').length >= 2);
  // Pasted markup stays text.
  await page.locator('#text').fill('<img src=x onerror=alert(1)>质量很差');
  await page.locator('#run').click();
  await page.waitForFunction(() => document.querySelector('#highlighted').textContent.includes('<img'));
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  await shot(page, 'playground', { fullPage: true });
  await page.close();
});
