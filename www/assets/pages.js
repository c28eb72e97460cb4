// Stand-in review pages, built from spec/pages.md and nothing else: where pages.md documents a
// selector, a data-testid or a text marker, the stand-in has exactly that; where it is silent,
// plain elements with visible text. Real reviews (www/data/*.json, picked by tools/gen-data.py).
// Review text only ever goes through textContent.
//
// Class names pages.md does not document are what a bundler happened to emit: the server can
// randomise them (<meta name="rt-scramble">, see serve.mjs), and then also reorders table columns
// and adds wrapper elements, the way another deploy of the real page would. Adapters must give
// the same results either way.

import { fmt, postedAt, rankText, replyClock, sentiment } from './standin-format.js';

const page = document.body.dataset.page;
// The page's clock: the server may pin it (<meta name="rt-now">) so that two loads show the same dates.
const NOW = Number(document.querySelector('meta[name="rt-now"]')?.content) || Date.now();
const V = variant(document.querySelector('meta[name="rt-scramble"]'));

function hashStr(s) {
  let h = 0x811c9dc5;
  for (const c of s) h = Math.imul(h ^ c.codePointAt(0), 0x01000193);
  return h >>> 0;
}

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Plain: every name as written. Scrambled (seeded): documented names kept, documented prefixes
// kept with a new hash after them, every other class replaced; columns shuffled; 0–2 wrappers.
function variant(meta) {
  if (!meta) return { scrambled: false, cls: (t) => t, order: (a) => a, wrap: (n) => n };
  const seed = meta.content;
  const exact = new Set((meta.dataset.exact || '').split(' ').filter(Boolean));
  const prefixes = (meta.dataset.prefix || '').split(' ').filter(Boolean).map((p) => ({ mode: p[0], name: p.slice(1) }));
  const rand = mulberry32(hashStr(seed));
  const token = (t) => hashStr(`${seed}/${t}`).toString(36).padStart(7, '0').slice(0, 7);
  return {
    scrambled: true,
    cls(t) {
      if (exact.has(t)) return t;
      for (const p of prefixes) {
        if (p.mode === '^' ? t.startsWith(p.name) : t.includes(p.name)) {
          const at = t.indexOf(p.name) + p.name.length;
          return `${t.slice(0, at)}${p.mode === '*' ? '_' : ''}${token(t)}`;
        }
      }
      return `x${token(t)}`;
    },
    order(a) {
      const out = [...a];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    wrap(n) {
      for (let k = Math.floor(rand() * 3); k > 0; k--) {
        const w = document.createElement(rand() < 0.5 ? 'div' : 'section');
        w.append(n);
        n = w;
      }
      return n;
    },
  };
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v.split(' ').filter(Boolean).map(V.cls).join(' ');
    else if (k === 'text') e.textContent = v;
    else if (k === 'style') e.style.cssText = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

function svg(attrs) {
  const NS = 'http://www.w3.org/2000/svg';
  const e = document.createElementNS(NS, 'svg');
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.setAttribute('viewBox', '0 0 10 10');
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', 'M5 0l1.5 3.5L10 4l-2.7 2.4L8 10 5 8 2 10l.7-3.6L0 4l3.5-.5z');
  path.setAttribute('fill', '#f5a623');
  e.append(path);
  return e;
}

// A bundler's class hash after a stable prefix (`Comment--k3x9a`): the same in every plain load.
const h = (name) => `${name}--${hashStr(name).toString(36).slice(0, 5)}`;

// A React-controlled textarea. The shown value is app state; React's value tracker remembers what
// was last assigned through the element's own `value` property, and an `input` event whose value
// equals it changes nothing. Setting `value` directly is therefore lost: a script must use the
// prototype's setter and then dispatch `input` (pages.md, Pinduoduo).
function reactTextarea(attrs, onChange) {
  const ta = el('textarea', attrs);
  const native = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value');
  let tracked = '';
  Object.defineProperty(ta, 'value', {
    configurable: true,
    get() {
      return native.get.call(this);
    },
    set(v) {
      tracked = String(v);
      native.set.call(this, v);
    },
  });
  ta.addEventListener('input', () => {
    const v = native.get.call(ta);
    if (v === tracked) return;
    tracked = v;
    onChange(v);
  });
  return ta;
}

async function load(name) {
  const res = await fetch(`/data/${name}.json`);
  return res.json();
}

const photo = (r) => r.id.charCodeAt(r.id.length - 1) % 4 === 0;

// ---------- Taobao seller backend, 千牛 评价管理 (pages.md § Taobao seller backend) ----------
// Fusion table, paginated by ?current=&pageSize=; rows tbody.next-table-body > tr, 追评 in
// tr.next-table-expanded-row; sentiment column 正面/中性/负面; markers 主评ID：/初次评价：/订单号：,
// text in .l-rate-content .rate-content span, photos .l-media-gallery img; 还有N天可回复; buttons
// 评价回复/投诉评价/追评回复/投诉追评; the primary button 评价 opens textarea[placeholder*="请输入"] and 确认提交.
function taobaoBackend(data, root) {
  const params = new URLSearchParams(location.search);
  const pageSize = Math.max(1, Number(params.get('pageSize')) || 20);
  let current = Math.max(1, Number(params.get('current')) || 1);
  const COLS = V.order(['sentiment', 'content', 'item', 'buyer', 'actions']);
  const TITLES = { sentiment: '评价', content: '评价内容', item: '宝贝信息', buyer: '买家', actions: '操作' };
  const drafts = {};
  const posted = {};
  const tbody = el('tbody', { class: 'next-table-body' });
  const table = el('table', { class: 'next-table-inner' }, el('thead', {}, el('tr', {}, ...COLS.map((c) => el('th', { text: TITLES[c] })))), tbody);
  const pager = el('ul', { class: 'next-pagination-list' });
  root.append(el('div', { class: 'next-table' }, table), el('div', { class: 'next-pagination' }, el('span', { text: `共${data.length}条` }), pager));

  function editor(r, cell, content) {
    const ta = reactTextarea({ placeholder: '请输入解释内容，最多500字', maxlength: '500', rows: '3' }, (v) => (drafts[r.id] = v));
    ta.value = drafts[r.id] ?? '';
    const ok = el('button', { type: 'button', class: 'next-btn next-btn-primary', text: '确认提交' });
    const cancel = el('button', { type: 'button', class: 'next-btn next-btn-normal', text: '取消' });
    const box = el('div', { class: 'rate-reply-editor' }, ta, el('div', {}, ok, cancel));
    ok.addEventListener('click', () => {
      posted[r.id] = drafts[r.id] ?? '';
      box.remove();
      content.append(el('div', { class: 'rate-explain', text: `已提交解释：${posted[r.id]}` }));
    });
    cancel.addEventListener('click', () => box.remove());
    cell.append(box);
  }

  function rows(r) {
    const at = postedAt(r, NOW);
    const content = el(
      'div',
      { class: 'l-rate-content' },
      V.wrap(el('div', { class: 'rate-info' }, el('span', { text: `主评ID：${r.feed_id}` }), ' ', el('span', { text: `初次评价：${fmt.ymdhm(at)}` }), ' ', el('span', { text: `订单号：${r.order_id}` }))),
      V.wrap(el('div', { class: 'rate-content' }, el('span', { text: r.text }))),
      photo(r) ? el('div', { class: 'l-media-gallery' }, el('img', { src: '/assets/photo.svg', alt: '' })) : null,
    );
    const actions = el('td', { class: 'next-table-cell' });
    const open = el('button', { type: 'button', class: 'next-btn next-btn-primary next-btn-small', text: '评价' });
    // The editor mounts a moment after the click (the real page loads it lazily).
    open.addEventListener('click', () => setTimeout(() => actions.querySelector('textarea') || editor(r, actions, content), 150));
    actions.append(V.wrap(el('div', { class: 'rate-deadline', text: replyClock(r, NOW) })), open, ' ', el('button', { type: 'button', class: 'next-btn next-btn-text', text: '评价回复' }), ' ', el('button', { type: 'button', class: 'next-btn next-btn-text', text: '投诉评价' }));
    const cells = {
      sentiment: () => el('td', { class: 'next-table-cell' }, V.wrap(el('span', { class: 'next-tag next-tag-small', text: sentiment(r.stars) }))),
      content: () => el('td', { class: 'next-table-cell' }, content),
      item: () => el('td', { class: 'next-table-cell' }, el('div', { text: r.item }), el('div', { class: 'sku', text: r.sku })),
      buyer: () => el('td', { class: 'next-table-cell' }, V.wrap(el('span', { text: r.buyer }))),
      actions: () => actions,
    };
    const out = [el('tr', { class: 'next-table-row' }, ...COLS.map((c) => cells[c]()))];
    if (r.append) {
      const days = Math.max(1, Math.round(r.append.minutes_after / 1440));
      out.push(
        el(
          'tr',
          { class: 'next-table-expanded-row' },
          el(
            'td',
            { colspan: String(COLS.length) },
            V.wrap(el('div', { class: 'append-rate' }, el('span', { text: `追评：收货后${days}天` }), ' ', el('span', { text: r.append.text }))),
            el('button', { type: 'button', class: 'next-btn next-btn-text', text: '追评回复' }),
            ' ',
            el('button', { type: 'button', class: 'next-btn next-btn-text', text: '投诉追评' }),
          ),
        ),
      );
    }
    return out;
  }

  function render() {
    tbody.replaceChildren(...data.slice((current - 1) * pageSize, current * pageSize).flatMap(rows));
    pager.replaceChildren(
      ...Array.from({ length: Math.ceil(data.length / pageSize) }, (_, i) => {
        const b = el('button', { class: `next-pagination-item${i + 1 === current ? ' next-current' : ''}`, text: String(i + 1), type: 'button' });
        b.addEventListener('click', () => {
          current = i + 1;
          render();
        });
        return el('li', {}, b);
      }),
    );
  }
  render();
}

// ---------- Taobao seller backend, another 千牛 module (no table) ----------
// Not in pages.md: a module whose reviews are cards of plain elements with the markers seen
// elsewhere on 千牛 (评价时间：, 差评/中评/好评, 订单号：). No adapter knows it: the generic one must.
function taobaoModule(data, root) {
  const notices = el('div', { class: 'notice-list' }, el('div', { text: '公告' }));
  for (const [d, t] of [
    [3, '平台规则更新说明'],
    [9, '双十一售后服务保障通知'],
    [15, '评价管理功能升级公告'],
  ]) {
    notices.append(el('div', { class: 'notice-item' }, el('span', { text: fmt.ymdhm(NOW - d * 86_400_000) }), ' ', el('span', { text: t })));
  }
  const list = el('div', { class: 'bad-rate-list' });
  root.append(notices, el('div', { class: 'toolbar', text: `差评洞察 · 待处理 ${data.length} 条` }), list, el('div', { class: 'footer', text: `共${data.length}条` }));
  for (const r of data) {
    const at = postedAt(r, NOW);
    const reply = el('div', { class: 'reply' });
    const btn = el('button', { type: 'button', class: 'reply-btn', text: '回复' });
    btn.addEventListener('click', () => reply.querySelector('textarea') || reply.append(el('textarea', { placeholder: '请输入回复内容' })));
    list.append(
      el(
        'div',
        { class: 'rate-card', style: 'border-bottom: 1px solid #eee; padding: 10px 0' },
        V.wrap(el('div', { class: 'rate-card-head' }, el('span', { class: 'nick', text: r.buyer }), ' ', el('span', { class: 'level', text: rankText(r.stars) }))),
        V.wrap(el('div', { class: 'rate-card-body', text: r.text })),
        r.append ? V.wrap(el('div', { class: 'rate-card-append' }, el('span', { text: `追评：收货后${Math.max(1, Math.round(r.append.minutes_after / 1440))}天` }), ' ', el('span', { text: r.append.text }))) : null,
        V.wrap(el('div', { class: 'rate-card-foot' }, el('span', { text: `评价时间：${fmt.ymdhms(at)}` }), ' ', el('span', { text: `宝贝：${r.item}` }), ' ', el('span', { text: `订单号：${r.order_id}` }))),
        btn,
        reply,
      ),
    );
  }
}

// ---------- Taobao / Tmall item page (pages.md § Taobao / Tmall item page review list) ----------
// Tab tabDetailItemTitle--, 查看全部评价 ShowButton-- toggling the Drawer-- whose scroller is
// comments--; card div[class^="Comment--"] with userName--, meta-- (date, then 已购：SKU),
// contentWrapper-- content--, 追评 append-- content--, photos album-- img. No rating in the DOM.
function itemPage(data, root, { perPage = 0 } = {}) {
  const scroller = el('div', { class: h('comments'), style: 'max-height: 2400px; overflow-y: auto' });
  const drawer = el('div', { class: h('Drawer') }, el('div', { class: h('drawerTitle'), text: '用户评价' }), scroller);
  const show = el('div', { class: h('ShowButton'), text: '查看全部评价', role: 'button' });
  show.addEventListener('click', () => (drawer.hidden = !drawer.hidden));
  root.append(el('div', { class: h('tabDetailItemTitle'), text: '用户评价' }), show, drawer);
  let current = 1;
  const card = (r) =>
    el(
      'div',
      { class: h('Comment') },
      V.wrap(el('div', { class: h('header') }, el('div', { class: h('userName'), text: r.buyer }))),
      V.wrap(el('div', { class: h('meta') }, el('span', { text: fmt.cn(postedAt(r, NOW)) }), ' ', el('span', { text: `已购：${r.sku}` }))),
      V.wrap(el('div', { class: h('contentWrapper') }, V.wrap(el('div', { class: h('content'), text: r.text })))),
      photo(r) ? el('div', { class: h('album') }, el('img', { src: '/assets/photo.svg', alt: '' })) : null,
      r.append
        ? el('div', { class: h('append') }, el('div', { class: h('appendTime'), text: `收货${Math.max(1, Math.round(r.append.minutes_after / 1440))}天后追评` }), el('div', { class: h('content'), text: r.append.text }))
        : null,
      r.reply ? el('div', { class: h('reply'), text: `掌柜回复：${r.reply}` }) : null,
    );
  const render = () => {
    const list = perPage ? data.slice((current - 1) * perPage, current * perPage) : data;
    scroller.replaceChildren(...list.map(card));
  };
  render();
  return {
    render,
    goto(n) {
      current = n;
      render();
    },
    pages: perPage ? Math.ceil(data.length / perPage) : 1,
  };
}

// ---------- JD item page, virtualised (pages.md § JD item comments, current) ----------
// react-virtuoso: div[data-testid="virtuoso-item-list"] > div[data-index], recycled as you
// scroll; card .jdc-pc-rate-card, text .jdc-pc-rate-card-main-desc, date .date.list, SKU
// .jdc-pc-rate-card-info .info ("已购 黑色"), stars img[alt="star"].
function jdVirtual(data, root) {
  const ROW = 200;
  const POOL = 6;
  const list = el('div', { 'data-testid': 'virtuoso-item-list' });
  const spacer = el('div', { style: `position: relative; height: ${data.length * ROW}px` }, list);
  const viewport = el('div', { class: 'rate-list-scroller', style: 'height: 620px; overflow-y: auto; position: relative; border: 1px solid #eee' }, spacer);
  root.append(viewport);
  // A fixed pool of card nodes, refilled in place (react-virtuoso recycles the same way).
  const pool = Array.from({ length: POOL }, () => {
    const stars = el('div', { class: 'rate-stars' });
    const desc = el('div', { class: 'jdc-pc-rate-card-main-desc' });
    const date = el('span', { class: 'date list' });
    const info = el('span', { class: 'info' });
    const nick = el('div', { class: 'user-nick' });
    const card = el('div', { class: 'jdc-pc-rate-card' }, V.wrap(nick), V.wrap(stars), V.wrap(desc), V.wrap(el('div', { class: 'jdc-pc-rate-card-info' }, date, ' ', info)));
    const wrap = el('div', { style: `height: ${ROW}px; box-sizing: border-box; overflow: hidden; border-bottom: 1px solid #eee; padding: 8px` }, card);
    list.append(wrap);
    return { wrap, stars, desc, date, info, nick };
  });
  function render() {
    const first = Math.min(Math.max(0, Math.floor(viewport.scrollTop / ROW) - 1), Math.max(0, data.length - POOL));
    list.style.transform = `translateY(${first * ROW}px)`;
    pool.forEach((p, k) => {
      const r = data[first + k];
      if (!r || p.wrap.dataset.index === String(first + k)) return;
      p.wrap.dataset.index = String(first + k);
      p.nick.textContent = r.buyer;
      p.stars.replaceChildren(...Array.from({ length: r.stars }, () => el('img', { alt: 'star', src: '/assets/star.svg', width: '14', height: '14' })));
      p.desc.textContent = r.text;
      p.date.textContent = fmt.ymdhms(postedAt(r, NOW));
      p.info.textContent = `已购 ${r.sku}`;
    });
  }
  viewport.addEventListener('scroll', render);
  render();
}

// ---------- JD legacy comment list (pages.md § JD item comments, legacy 2018) ----------
function jdLegacy(data, root) {
  root.append(
    ...data.map((r) =>
      el(
        'div',
        { class: 'comment-item', 'data-guid': r.id },
        el('div', { class: 'user-info', text: r.buyer }),
        el('div', { class: `comment-star star${r.stars}` }),
        el('p', { class: 'comment-con', text: r.text }),
        r.append ? el('div', { class: 'append-comment', text: `[购买${Math.max(1, Math.round(r.append.minutes_after / 1440))}天后追评] ${r.append.text}` }) : null,
        r.reply ? el('div', { class: 'recomment-con', text: `卖家 回复：${r.reply}` }) : null,
        el('div', { class: 'order-info' }, el('span', { text: r.sku }), ' ', el('span', { text: fmt.ymdhm(postedAt(r, NOW)) })),
      ),
    ),
  );
}

// ---------- Pinduoduo merchant backend (pages.md § Pinduoduo merchant backend) ----------
// Beast Core table: rows under group headers tr[class*="TB_bodyGroupHeader"] ("订单编号：…"),
// stars svg[data-testid="beast-core-icon-star_filled"], reply link a[data-testid=
// "beast-core-button-link"] (回复/互动) opening, after a moment, div[data-testid=
// "beast-core-modal-inner"] with a React-controlled textarea[data-testid=
// "beast-core-textArea-htmlInput"]; pager li[data-testid="beast-core-pagination-next"]. pages.md
// shows no 追评 here, so none is shown.
function pddBackend(data, root) {
  const PAGE = 20;
  let current = 1;
  const state = { open: null, draft: '' };
  const COLS = V.order(['goods', 'review', 'buyer', 'time', 'actions']);
  const TITLES = { goods: '商品信息', review: '评价内容', buyer: '买家', time: '评价时间', actions: '操作' };
  const tbody = el('tbody', { class: 'TB_tbody_5-1-0' });
  const table = el('table', { class: 'TB_tableWrapper_5-1-0' }, el('thead', {}, el('tr', {}, ...COLS.map((c) => el('th', { text: TITLES[c] })))), tbody);
  const pager = el('ul', { class: 'PGT_outerWrapper_5-1-0' });
  root.append(table, pager);
  const cellsById = {};
  let modal = null;

  function closeModal() {
    modal?.remove();
    modal = null;
  }
  function openModal(id) {
    // Re-targeting an open modal closes it first; the new one mounts a moment later.
    closeModal();
    state.open = id;
    state.draft = '';
    setTimeout(() => {
      if (state.open !== id || modal) return;
      const ta = reactTextarea({ 'data-testid': 'beast-core-textArea-htmlInput', placeholder: '请输入回复内容', rows: '4' }, (v) => (state.draft = v));
      ta.value = state.draft;
      const submit = el('button', { type: 'button', class: 'BTN_primary_5-1-0', text: '提交' });
      const cancel = el('button', { type: 'button', class: 'BTN_outline_5-1-0', text: '取消' });
      submit.addEventListener('click', () => {
        const cell = cellsById[state.open];
        if (cell) cell.append(el('div', { class: 'reply_5-1-0', text: `商家回复：${state.draft}` }));
        state.open = null;
        closeModal();
      });
      cancel.addEventListener('click', () => {
        state.open = null;
        closeModal();
      });
      modal = el('div', { 'data-testid': 'beast-core-modal-inner', class: 'MDL_inner_5-1-0' }, el('div', { text: '回复评价' }), ta, el('div', {}, submit, ' ', cancel));
      document.body.append(modal);
    }, 300);
  }

  function rows(r) {
    const link = el('a', { 'data-testid': 'beast-core-button-link', class: 'BTN_textPrimary_5-1-0', text: '回复/互动' });
    link.addEventListener('click', () => openModal(r.id));
    const review = el(
      'td',
      { class: 'TB_td_5-1-0' },
      V.wrap(el('div', { class: 'stars_5-1-0' }, ...Array.from({ length: r.stars }, () => svg({ 'data-testid': 'beast-core-icon-star_filled', width: '12', height: '12' })))),
      V.wrap(el('div', { text: r.text })),
      photo(r) ? el('div', {}, el('img', { src: '/assets/photo.svg', alt: '' })) : null,
      r.reply ? el('div', { text: `商家回复：${r.reply}` }) : null,
    );
    cellsById[r.id] = review;
    const cells = {
      goods: () => el('td', { class: 'TB_td_5-1-0' }, V.wrap(el('div', { text: r.item })), el('div', { text: r.sku })),
      review: () => review,
      buyer: () => el('td', { class: 'TB_td_5-1-0' }, V.wrap(el('span', { text: r.buyer }))),
      time: () => el('td', { class: 'TB_td_5-1-0', text: fmt.ymdhms(postedAt(r, NOW)) }),
      actions: () => el('td', { class: 'TB_td_5-1-0' }, link),
    };
    return [
      el('tr', { class: 'TB_bodyGroupHeader_5-1-0' }, el('td', { colspan: String(COLS.length) }, V.wrap(el('span', { text: `订单编号：${r.order_sn}` })))),
      el('tr', { class: 'TB_tr_5-1-0' }, ...COLS.map((c) => cells[c]())),
    ];
  }

  function render() {
    closeModal();
    tbody.replaceChildren(...data.slice((current - 1) * PAGE, current * PAGE).flatMap(rows));
    const pages = Math.ceil(data.length / PAGE);
    const item = (label, n, testid) => {
      const li = el('li', { class: 'PGT_pagerItem_5-1-0', 'data-testid': testid, text: label });
      li.addEventListener('click', () => {
        current = Math.min(pages, Math.max(1, n));
        render();
      });
      return li;
    };
    pager.replaceChildren(...Array.from({ length: pages }, (_, i) => item(String(i + 1), i + 1)), item('下一页', current + 1, 'beast-core-pagination-next'));
  }
  render();
}

// ---------- Douyin shop backend ----------
// pages.md has NO DOM evidence for this page (only data fields: order_id, product.name,
// comment_time, rank 0/1/2 = 好/中/差, content). This layout is invented: plain elements with
// visible text. The adapter leans on text markers only (订单编号：, 评价时间：, 好评/中评/差评).
function douyinBackend(data, root) {
  root.append(
    ...data.map((r) =>
      el(
        'div',
        { class: 'comment-card', style: 'border-bottom: 1px solid #eee; padding: 10px 0' },
        V.wrap(el('div', { class: 'comment-head' }, el('span', { text: r.buyer }), ' ', el('span', { text: rankText(r.stars) }), ' ', el('span', { text: `评价时间：${fmt.slash(postedAt(r, NOW))}` }))),
        V.wrap(el('div', { text: `商品：${r.item}` })),
        V.wrap(el('div', { class: 'comment-text', text: r.text })),
        el('div', { class: 'comment-foot', text: `订单编号：${r.order_id}` }),
      ),
    ),
  );
}

const renderers = {
  'taobao-backend': (d, root) => taobaoBackend(d, root),
  csp: (d, root) => taobaoBackend(d, root),
  'taobao-module': (d, root) => taobaoModule(d, root),
  'taobao-item': (d, root) => itemPage(d, root),
  'tmall-item': (d, root) => itemPage(d, root),
  'jd-item': (d, root) => jdVirtual(d, root),
  'jd-legacy': (d, root) => jdLegacy(d, root),
  stress: (d, root) => jdLegacy(d, root),
  'pinduoduo-backend': (d, root) => pddBackend(d, root),
  'douyin-backend': (d, root) => douyinBackend(d, root),
  spa: (d, root) => {
    // A single-page app: client-side pages, and re-renders that replace every card node with a
    // fresh one holding the same content.
    const app = itemPage(d, root, { perPage: 10 });
    const nav = el('div', { class: 'spa-nav' });
    for (let i = 1; i <= app.pages; i++) {
      const b = el('button', { type: 'button', class: 'spa-page', text: `第${i}页` });
      b.addEventListener('click', () => app.goto(i));
      nav.append(b);
    }
    const refresh = el('button', { type: 'button', class: 'spa-refresh', text: '刷新' });
    refresh.addEventListener('click', () => app.render());
    nav.append(refresh);
    root.prepend(nav);
    setTimeout(() => app.render(), 1500);
  },
};

const root = document.getElementById('app');
load(page).then((data) => {
  renderers[page](data, root);
  document.body.dataset.ready = '1';
});
