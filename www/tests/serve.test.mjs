// The demo server: MIME types, the CSP header on /csp/, no way out of www/, 404s; the real hosts'
// URLs mapped to the stand-ins; scrambling keeps exactly the class names spec/pages.md documents.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { documentedClasses, resolvePath, respond, standInFor, startServer } from '../serve.mjs';
import { fmt, replyClock } from '../assets/standin-format.js';

let s;
before(async () => {
  s = await startServer({ port: 0 });
});
after(async () => {
  await s.close();
});

test('serves pages and data with the right types', async () => {
  const html = await fetch(`${s.url}/taobao/backend.html`);
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /text\/html; charset=utf-8/);
  assert.equal(html.headers.get('content-security-policy'), null);
  assert.doesNotMatch(await html.text(), /rt-scramble|rt-now/, 'plain by default');
  const js = await fetch(`${s.url}/assets/pages.js`);
  assert.match(js.headers.get('content-type'), /text\/javascript/);
  const json = await fetch(`${s.url}/data/jd-item.json`);
  assert.match(json.headers.get('content-type'), /application\/json/);
  assert.ok((await json.json()).length >= 30);
  assert.equal((await fetch(`${s.url}/`)).status, 200, 'index');
});

test('strict CSP on /csp/ pages', async () => {
  const r = await fetch(`${s.url}/csp/backend.html`);
  assert.equal(r.headers.get('content-security-policy'), "script-src 'self'");
});

test('no directory traversal, 404 for missing files', async () => {
  assert.equal(resolvePath('/srv/www', '/../etc/passwd'), null);
  assert.equal(resolvePath('/srv/www', '/%2e%2e/etc/passwd'), null);
  assert.equal(resolvePath('/srv/www', '/a/../../b'), null);
  assert.equal(resolvePath('/srv/www', '/bad%zz'), null);
  assert.equal(resolvePath('/srv/www', '/a/b.html'), '/srv/www/a/b.html');
  assert.equal((await fetch(`${s.url}/nope.html`)).status, 404);
});

test('the real URLs map to the stand-ins', () => {
  assert.equal(standInFor('https://myseller.taobao.com/home.htm/comment-manage/list/rateWait4PC?current=1&pageSize=20'), '/taobao/backend.html');
  assert.equal(standInFor('https://myseller.taobao.com/home.htm/comment-manage/insight/badRate'), '/taobao/module.html');
  assert.equal(standInFor('https://mms.pinduoduo.com/goods/evaluation/index'), '/pinduoduo/backend.html');
  assert.equal(standInFor('https://item.jd.com/100012043978.html'), '/jd/item.html');
  assert.equal(standInFor('https://item.taobao.com/item.htm?id=1'), '/taobao/item.html');
  assert.equal(standInFor('https://detail.tmall.com/item.htm?id=1'), '/tmall/item.html');
  assert.equal(standInFor('https://fxg.jinritemai.com/ffa/g/comment'), '/douyin/backend.html');
  assert.equal(standInFor('https://mms.pinduoduo.com/assets/pages.js'), '/assets/pages.js', "a page's assets");
  assert.equal(standInFor('https://example.com/'), null);
});

test('scrambling keeps the documented names and pins the clock', async () => {
  const d = documentedClasses('rows `tbody.next-table-body > tr`, stars `div.comment-star.star1`…`star5`, card `div[class^="Comment--"]`, `tr[class*="TB_bodyGroupHeader"]`');
  assert.deepEqual(d.exact, ['comment-star', 'next-table-body', 'star1', 'star2', 'star3', 'star4', 'star5']);
  assert.deepEqual(d.prefix, ['*TB_bodyGroupHeader', '^Comment--']);
  const r = await fetch(`${s.url}/taobao/backend.html?rt-scramble=7`);
  const html = await r.text();
  assert.match(html, /<meta name="rt-scramble" content="7" data-exact="[^"]*next-table-body[^"]*" data-prefix="[^"]*\^Comment--/);
  const pinned = await respond('/jd/item.html', { now: 1763605293000 });
  assert.match(pinned.body.toString(), /<meta name="rt-now" content="1763605293000">/);
  assert.equal((await respond('/data/jd-item.json', { scramble: 1 })).body.toString()[0], '[', 'only pages change');
});

test('the stand-ins print China time and the reply clock', () => {
  const now = Date.parse('2026-11-22T02:00:00Z'); // 10:00 in China
  assert.equal(fmt.ymdhms(now), '2026-11-22 10:00:00');
  assert.equal(fmt.cn(now), '2026年11月22日');
  assert.equal(replyClock({ minutes_ago: 21 * 1440 }, now), '还有9天可回复');
  assert.equal(replyClock({ minutes_ago: 31 * 1440 }, now), '已超过回复期');
  assert.equal(replyClock({ minutes_ago: 60, reply_clock: 'expired' }, now), '已超过回复期');
});
