// Stand-in review pages: each renders real reviews (www/data/*.json) into the DOM structure the
// real marketplace page uses (spec/pages.md), hashed class names included. Review text only ever
// goes through textContent.

const page = document.body.dataset.page;
const NOW = Date.now();
const MIN = 60_000;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

// Hashed class names as a bundler would emit them: stable prefix, changing suffix.
const hash = (name) => `${name}--${(name.length * 7919 + 12345).toString(36).slice(0, 5)}`;
const pad = (n) => String(n).padStart(2, '0');
const at = (r) => new Date(NOW - r.minutes_ago * MIN);
const fmt = {
  ymdhm: (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`,
  ymdhms: (d) => `${fmt.ymdhm(d)}:${pad(d.getSeconds())}`,
  cn: (d) => `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`,
  slash: (d) => `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`,
};
const sentiment = (s) => (s <= 2 ? '负面' : s === 3 ? '中性' : '正面');
const rankText = (s) => (s <= 2 ? '差评' : s === 3 ? '中评' : '好评');

async function load(name) {
  const res = await fetch(`/data/${name}.json`);
  return res.json();
}

// A reply box that shows what was submitted (the e2e tests check "insert into reply box").
function replyBox(placeholder, onSubmit) {
  const ta = el('textarea', { placeholder, maxlength: '500', rows: '3' });
  const btn = el('button', { class: 'next-btn next-btn-primary submit', text: '确认提交', type: 'button' });
  const wrap = el('div', { class: 'reply-editor', hidden: '' }, ta, btn);
  btn.addEventListener('click', () => onSubmit(ta.value));
  return { wrap, ta };
}

// ---------- Taobao seller backend (千牛 评价管理): Fusion table, paginated ----------
function taobaoBackend(data, root, pageSize = 20) {
  let current = 1;
  const table = el('table', { class: 'next-table-inner' });
  const tbody = el('tbody', { class: 'next-table-body' });
  table.append(
    el('thead', {}, el('tr', {}, ...['评价', '评价内容', '宝贝', '买家', '操作'].map((h) => el('th', { text: h })))),
    tbody,
  );
  const pager = el('ul', { class: 'next-pagination-list' });
  root.append(el('div', { class: 'result-count', text: `共${data.length}条` }), el('div', { class: 'next-table' }, table), pager);

  function row(r) {
    const d = at(r);
    const content = el('div', { class: 'l-rate-content' });
    content.append(
      el('div', { class: 'rate-meta', text: `主评ID：${r.id.slice(1)}88 初次评价：${fmt.ymdhm(d)} 订单号：${2500000000000 + Number(r.id.slice(1)) * 7}` }),
      el('div', { class: 'rate-content' }, el('span', { text: r.text })),
    );
    if (r.modified) content.append(el('div', { class: 'rate-modified', text: '买家已修改评价' }));
    if (r.reply) content.append(el('div', { class: 'rate-reply', text: `商家解释：${r.reply}` }));
    const posted = el('div', { class: 'reply-posted' });
    const { wrap, ta } = replyBox('请输入评价解释，最多500字', (v) => {
      posted.textContent = `已提交解释：${v}`;
      wrap.hidden = true;
    });
    const open = el('button', { class: 'next-btn next-btn-primary', text: '评价', type: 'button' });
    open.addEventListener('click', () => (wrap.hidden = false));
    content.append(el('div', { class: 'reply-area' }, open, wrap, posted));
    const daysLeft = Math.max(0, 30 - Math.floor(r.minutes_ago / 1440));
    const tr = el(
      'tr',
      { class: 'next-table-row', 'data-feed-id': r.id },
      el('td', { class: 'col-emotion' }, el('span', { class: 'emotion-tag', text: sentiment(r.stars) })),
      el('td', { class: 'col-content' }, content),
      el('td', { class: 'col-item', text: `${r.item} ${r.sku}` }),
      el('td', { class: 'col-buyer', text: r.buyer }),
      el('td', { class: 'col-actions' }, el('div', { text: `还有${daysLeft}天可回复` }), el('a', { text: '评价回复' }), el('a', { text: ' 投诉评价' })),
    );
    const rows = [tr];
    if (r.append) {
      rows.push(
        el(
          'tr',
          { class: 'next-table-expanded-row' },
          el('td', { colspan: '5' }, el('div', { class: 'append-rate' }, el('span', { class: 'append-days', text: `追评：收货后${Math.round(r.append.minutes_after / 1440)}天` }), el('span', { class: 'append-content', text: r.append.text }))),
        ),
      );
    }
    return rows;
  }

  function render() {
    tbody.replaceChildren(...data.slice((current - 1) * pageSize, current * pageSize).flatMap(row));
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

// ---------- Taobao / Tmall item page: comments drawer of React cards ----------
function itemPage(data, root, { perPage = 0 } = {}) {
  const scroller = el('div', { class: hash('comments') });
  const drawer = el('div', { class: hash('Drawer') }, el('div', { class: hash('drawerTitle'), text: '用户评价' }), scroller);
  root.append(el('div', { class: hash('tabDetailItemTitle'), text: '用户评价' }), drawer);
  let current = 1;
  const card = (r) =>
    el(
      'div',
      { class: hash('Comment'), 'data-comment-id': r.id },
      el('div', { class: hash('header') }, el('div', { class: hash('userName'), text: r.buyer })),
      el('div', { class: hash('meta') }, el('span', { text: fmt.cn(at(r)) }), el('span', { text: ` · 已购：${r.sku}` })),
      el('div', { class: hash('contentWrapper') }, el('div', { class: hash('content'), text: r.text })),
      r.append
        ? el('div', { class: hash('append') }, el('div', { class: hash('appendTitle'), text: `收货${Math.round(r.append.minutes_after / 1440)}天后追评` }), el('div', { class: hash('content'), text: r.append.text }))
        : null,
      r.reply ? el('div', { class: hash('reply'), text: `掌柜回复：${r.reply}` }) : null,
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

// ---------- JD item page: virtualised list, nodes recycled as you scroll ----------
function jdVirtual(data, root) {
  const ROW = 200;
  const POOL = 6;
  const viewport = el('div', { class: 'jd-viewport', 'data-testid': 'virtuoso-scroller' });
  const spacer = el('div', { class: 'jd-spacer' });
  const list = el('div', { 'data-testid': 'virtuoso-item-list' });
  spacer.style.height = `${data.length * ROW}px`;
  spacer.append(list);
  viewport.append(spacer);
  root.append(viewport);
  // A fixed pool of card nodes, refilled in place (react-virtuoso recycles the same way).
  const pool = Array.from({ length: POOL }, () => {
    const stars = el('div', { class: 'jdc-pc-rate-card-star' });
    const desc = el('div', { class: 'jdc-pc-rate-card-main-desc' });
    const date = el('span', { class: 'date list' });
    const info = el('span', { class: 'info' });
    const nick = el('div', { class: 'jdc-pc-rate-card-nick' });
    const card = el('div', { class: 'jdc-pc-rate-card' }, nick, stars, desc, el('div', { class: 'jdc-pc-rate-card-info' }, date, info));
    const wrap = el('div', {}, card);
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
      p.stars.replaceChildren(...Array.from({ length: r.stars }, () => el('img', { alt: 'star', src: '/assets/star.svg' })));
      p.desc.textContent = r.text;
      p.date.textContent = fmt.ymdhms(at(r));
      p.info.textContent = `已购 ${r.sku}`;
    });
  }
  viewport.addEventListener('scroll', render);
  render();
}

// ---------- JD legacy comment list (2018) ----------
function jdLegacy(data, root) {
  root.append(
    ...data.map((r) =>
      el(
        'div',
        { class: 'comment-item', 'data-guid': r.id },
        el('div', { class: 'user-info', text: r.buyer }),
        el('div', { class: `comment-star star${r.stars}` }),
        el('p', { class: 'comment-con', text: r.text }),
        r.append ? el('div', { class: 'append-comment', text: `[购买${Math.round(r.append.minutes_after / 1440)}天后追评] ${r.append.text}` }) : null,
        r.reply ? el('div', { class: 'recomment-con', text: `卖家 回复：${r.reply}` }) : null,
        el('div', { class: 'order-info' }, el('span', { text: r.sku }), el('span', { text: fmt.ymdhm(at(r)) })),
      ),
    ),
  );
}

// ---------- Pinduoduo merchant backend: Beast Core table, React-controlled reply modal ----------
function pddBackend(data, root) {
  const state = { open: null, draft: '', replies: {} };
  const tbody = el('tbody');
  root.append(el('table', { class: 'TB_outerWrapper_5-1-0' }, tbody));
  const modal = el('div', { 'data-testid': 'beast-core-modal-inner', class: 'MDL_inner_5-1-0', hidden: '' });
  const ta = el('textarea', { 'data-testid': 'beast-core-textArea-htmlInput', placeholder: '请输入回复内容' });
  const submit = el('button', { class: 'BTN_primary_5-1-0', text: '提交', type: 'button' });
  modal.append(el('div', { text: '回复评价' }), ta, submit);
  root.append(modal);
  // React semantics: the textarea shows state.draft; only `input` events update the state.
  ta.addEventListener('input', () => (state.draft = ta.value));
  submit.addEventListener('click', () => {
    state.replies[state.open] = state.draft;
    state.open = null;
    state.draft = '';
    render();
  });
  function render() {
    ta.value = state.draft;
    modal.hidden = state.open === null;
    tbody.replaceChildren(
      ...data.flatMap((r, k) => {
        const open = el('a', { 'data-testid': 'beast-core-button-link', text: '回复/互动' });
        open.addEventListener('click', () => {
          state.open = r.id;
          state.draft = '';
          render();
        });
        const posted = state.replies[r.id];
        return [
          el('tr', { class: 'TB_bodyGroupHeader_5-1-0' }, el('td', { colspan: '4', text: `订单编号：${251120 + k}-${String(88000000000 + k * 97)}` })),
          el(
            'tr',
            { class: 'TB_tr_5-1-0', 'data-review-id': r.id },
            el('td', { class: 'TB_td_5-1-0' }, el('div', { class: 'goods-name', text: `${r.item}（${r.sku}）` })),
            el(
              'td',
              { class: 'TB_td_5-1-0' },
              el('div', { class: 'stars' }, ...Array.from({ length: r.stars }, () => el('svg', { 'data-testid': 'beast-core-icon-star_filled' }))),
              el('div', { class: 'evaluation-content_5-1-0', text: r.text }),
              r.append ? el('div', { class: 'append-content_5-1-0', text: `追评：${r.append.text}` }) : null,
              posted || r.reply ? el('div', { class: 'reply-content_5-1-0', text: `商家回复：${posted || r.reply}` }) : null,
            ),
            el('td', { class: 'TB_td_5-1-0' }, el('span', { class: 'user-name', text: r.buyer }), el('div', { class: 'create-time', text: fmt.ymdhm(at(r)) })),
            el('td', { class: 'TB_td_5-1-0' }, open),
          ),
        ];
      }),
    );
  }
  render();
}

// ---------- Douyin shop backend (no public DOM evidence: an invented, plausible layout) ----------
function douyinBackend(data, root) {
  root.append(
    ...data.map((r) => {
      const posted = el('div', { class: 'reply-posted' });
      const { wrap, ta } = replyBox('请输入回复', (v) => {
        posted.textContent = `已回复：${v}`;
      });
      wrap.hidden = false;
      return el(
        'div',
        { class: 'comment-card', 'data-comment-id': r.id },
        el('div', { class: 'comment-head' }, el('span', { class: 'user-name', text: r.buyer }), el('span', { class: 'comment-rank', text: rankText(r.stars) }), el('span', { class: 'comment-time', text: fmt.slash(at(r)) })),
        el('div', { class: 'product-name', text: r.item }),
        el('div', { class: 'comment-content', text: r.text }),
        el('div', { class: 'reply-input' }, wrap, posted),
      );
    }),
  );
}

const renderers = {
  'taobao-backend': (d, root) => taobaoBackend(d, root),
  csp: (d, root) => taobaoBackend(d, root),
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
load(page === 'csp' ? 'csp' : page).then((data) => {
  renderers[page](data, root);
  document.body.dataset.ready = '1';
});
