// What every stand-in page must say, computed without the adapters: from the page data
// (www/data), what the page prints for it (www/assets/standin-format.js), and the engine run by
// the CLI on those inputs. The e2e tests compare each annotated card with this.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { data, ROOT } from './harness.mjs';
import { fmt, postedAt, rankText, ratingId, replyClock, sentiment } from '../../www/assets/standin-format.js';

const first = (n) => (d) => d.slice(0, n);

/** Taobao and Tmall item pages: no id and no rating in the DOM, dates as 2026年5月15日. */
const itemPage = (url) => ({ url, shown: (d) => d, id: null, rating: null, date: (r, now) => fmt.cn(postedAt(r, now)), append: true });

/**
 * The platform pages, at their real URLs. Per page: the reviews it shows, the id the page
 * prints (null: none, the card gets a content hash), the rating as printed (null: none), the
 * date as printed, whether it shows 追评, and the reply clock where it shows one.
 */
export const PAGES = {
  'taobao-backend': {
    url: 'https://myseller.taobao.com/home.htm/comment-manage/list/rateWait4PC?current=1&pageSize=20',
    platform: 'taobao',
    shown: first(20),
    id: (r) => r.feed_id,
    rating: (r) => sentiment(r.stars),
    date: (r, now) => fmt.ymdhm(postedAt(r, now)),
    append: true,
    clock: (r, now) => replyClock(r, now),
  },
  'pinduoduo-backend': {
    url: 'https://mms.pinduoduo.com/goods/evaluation/index',
    platform: 'pinduoduo',
    shown: first(20),
    id: (r) => r.order_sn,
    rating: (r) => String(r.stars),
    date: (r, now) => fmt.ymdhms(postedAt(r, now)),
  },
  'jd-item': {
    url: 'https://item.jd.com/100012043978.html',
    platform: 'jd',
    shown: first(6), // the virtualised list's first window
    id: null,
    rating: (r) => String(r.stars),
    date: (r, now) => fmt.ymdhms(postedAt(r, now)),
  },
  'taobao-item': { ...itemPage('https://item.taobao.com/item.htm?id=680012345678'), platform: 'taobao' },
  'tmall-item': { ...itemPage('https://detail.tmall.com/item.htm?id=680012345679'), platform: 'tmall' },
  'jd-legacy': {
    url: 'https://club.jd.com/review/100012043978-0-1-0.html',
    platform: 'jd',
    shown: (d) => d,
    id: (r) => r.id,
    rating: (r) => String(r.stars),
    date: (r, now) => fmt.ymdhm(postedAt(r, now)),
    append: true,
    replied: true,
  },
  'douyin-backend': {
    url: 'https://fxg.jinritemai.com/ffa/g/comment',
    platform: 'douyin',
    shown: (d) => d,
    id: (r) => r.order_id,
    rating: (r) => rankText(r.stars),
    date: (r, now) => fmt.slash(postedAt(r, now)),
  },
  'taobao-module': {
    url: 'https://myseller.taobao.com/home.htm/comment-manage/insight/badRate',
    platform: 'taobao',
    shown: (d) => d,
    id: (r) => r.order_id,
    rating: (r) => rankText(r.stars),
    date: (r, now) => fmt.ymdhms(postedAt(r, now)),
    append: true,
  },
};

function cli(records, nowMs) {
  const bin = join(ROOT, 'target', 'release', 'review-triage');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '--release', '--locked', '--bin', 'review-triage'], { cwd: ROOT, stdio: 'inherit' });
  const now = new Date(nowMs + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');
  const out = execFileSync(bin, ['annotate', '--now', now], { input: records.map((r) => JSON.stringify(r)).join('\n'), maxBuffer: 1 << 26 }).toString();
  return out.trim().split('\n').map((l) => JSON.parse(l));
}

/**
 * The expected card per review shown on page `name`, for a page whose clock read `pageNow`:
 * `{review, id, rating, state, causes, warnings}` (`id` null: a content hash is expected).
 */
export function expected(name, pageNow) {
  const p = PAGES[name];
  const shown = p.shown(data(name));
  const records = shown.map((r) => ({
    id: r.id,
    text: r.text,
    platform: p.platform,
    rating: p.rating ? p.rating(r) : undefined,
    reviewed_at: p.date(r, pageNow),
    append_text: p.append ? r.append?.text : undefined,
    replied: p.replied ? Boolean(r.reply) : undefined,
    reply_days_left: p.clock ? p.clock(r, pageNow) : undefined,
  }));
  const out = cli(records, Date.now());
  return shown.map((r, i) => ({
    review: r,
    id: p.id ? p.id(r) : null,
    rating: p.rating ? ratingId(r.stars) : '',
    state: out[i].window.state,
    explain: out[i].window.explain_state,
    causes: out[i].causes.map((c) => c.tag).sort().join(','),
    warnings: out[i].warnings,
  }));
}

/** Every annotated card of the page: attributes, annotation count, and its text. */
export function annotated(page) {
  return page.$$eval('[data-rt-id]', (els) =>
    els.map((e) => ({
      id: e.getAttribute('data-rt-id'),
      rating: e.getAttribute('data-rt-rating'),
      state: e.getAttribute('data-rt-window-state'),
      causes: (e.getAttribute('data-rt-causes') || '').split(',').filter(Boolean).sort().join(','),
      hash: e.getAttribute('data-rt-hash'),
      hosts: [...e.querySelectorAll('rt-annotation')].map((h) => h.getAttribute('data-rt-for')),
      text: e.textContent,
    })),
  );
}

/** Pairs each expected review with its card: by the page's id, else by the review text. */
export function match(want, cards) {
  return want.map((w) => ({ want: w, card: cards.find((c) => (w.id ? c.id === w.id : c.text.includes(w.review.text))) }));
}
