// The demo server: MIME types, the CSP header on /csp/, no way out of www/, 404s.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePath, startServer } from '../serve.mjs';

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
