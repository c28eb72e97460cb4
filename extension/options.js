// Options page: edits the one `settings` object in chrome.storage.local (shape: src/settings.rs),
// validated by the same wasm engine before it is saved; a bad edit or import never replaces the
// saved settings. Exports and imports everything (settings and follow-ups) as one JSON file.
import init, { validate_settings, platform_rules, default_adapters, claim_list } from './pkg/review_triage.js';

const $ = (id) => document.getElementById(id);
const t = (k, fallback) => chrome.i18n.getMessage(k) || fallback;
document.querySelectorAll('[data-i18n]').forEach((e) => (e.textContent = t(e.dataset.i18n, e.textContent)));
const SOLUTIONS = { return_exchange: '退换货', free_return_freight: '店铺承担退换运费', resend: '补发', partial_refund: '部分退款补偿', coupon_or_gift: '优惠券或小礼物', courier_pickup: '快递上门取件' };
const msg = (text, ok) => {
  $('msg').className = ok ? 'ok' : 'err';
  $('msg').textContent = text;
};

for (const [k, label] of Object.entries(SOLUTIONS)) {
  const l = document.createElement('label');
  const c = document.createElement('input');
  c.type = 'checkbox';
  c.id = `sol_${k}`;
  l.append(c, ` ${label}`);
  $('solutions').append(l);
}

// What the shop confirms it does (settings::Claim, shop scope only; labels from the engine,
// translated where the locale has them). Filled once the wasm is loaded.
let CLAIMS = [];
function addClaims() {
  CLAIMS = claim_list().filter((c) => c.scope === 'shop');
  for (const c of CLAIMS) {
    const l = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `claim_${c.id}`;
    box.dataset.claim = c.id;
    l.append(box, ` ${t(`claim_${c.id}`, c.label)}`);
    $('claims').append(l);
  }
}

const parseJson = (id, fallback) => {
  const v = $(id).value.trim();
  if (!v) return fallback;
  try {
    return JSON.parse(v);
  } catch (e) {
    throw new Error(`${id}: ${e.message}`);
  }
};

function fill(s) {
  $('shop_name').value = s.shop_name ?? '';
  $('agent_name').value = s.agent_name ?? '';
  $('output_script').value = s.output_script ?? 'simplified';
  for (const k of Object.keys(SOLUTIONS)) $(`sol_${k}`).checked = s.solutions ? s.solutions[k] !== false : true;
  const confirmed = new Set(Array.isArray(s.confirmed_claims) ? s.confirmed_claims : []);
  for (const c of CLAIMS) $(`claim_${c.id}`).checked = confirmed.has(c.id);
  $('rule_overrides').value = s.rule_overrides && Object.keys(s.rule_overrides).length ? JSON.stringify(s.rule_overrides, null, 2) : '';
  $('extra_keywords').value = s.extra_keywords && Object.keys(s.extra_keywords).length ? JSON.stringify(s.extra_keywords, null, 2) : '';
  $('adapters').value = s.adapters && s.adapters.length ? JSON.stringify(s.adapters, null, 2) : '';
}

function read() {
  const solutions = {};
  for (const k of Object.keys(SOLUTIONS)) solutions[k] = $(`sol_${k}`).checked;
  return {
    shop_name: $('shop_name').value.trim() || null,
    agent_name: $('agent_name').value.trim() || null,
    output_script: $('output_script').value,
    solutions,
    confirmed_claims: CLAIMS.filter((c) => $(`claim_${c.id}`).checked).map((c) => c.id),
    rule_overrides: parseJson('rule_overrides', {}),
    extra_keywords: parseJson('extra_keywords', {}),
    adapters: parseJson('adapters', []),
  };
}

async function save(settings) {
  validate_settings(settings); // throws with a clear message
  await chrome.storage.local.set({ settings });
}

await init();
addClaims();
$('builtin_rules').textContent = JSON.stringify(platform_rules(), null, 2);
$('builtin_adapters').textContent = JSON.stringify(default_adapters(), null, 2);
{
  // Stored settings that no longer validate (an older version, a hand edit): say so; the review
  // pages run on the defaults and keep the bad value under rt:settings-backup.
  const stored = (await chrome.storage.local.get('settings')).settings;
  try {
    if (stored !== undefined) validate_settings(stored);
  } catch (e) {
    await chrome.storage.local.set({ 'rt:settings-backup': stored });
    msg(`${t('invalidStored', '已保存的设置无效，评价页面正在使用默认设置；原设置已备份到 rt:settings-backup')}：${e.message ?? e}`, false);
  }
  fill(stored && typeof stored === 'object' ? stored : {});
}

$('save').addEventListener('click', async () => {
  try {
    await save(read());
    msg(t('saved', '已保存'), true);
  } catch (e) {
    msg(`${t('notSaved', '未保存')}：${e.message ?? e}`, false);
  }
});

$('export').addEventListener('click', async () => {
  const all = await chrome.storage.local.get(null);
  const blob = new Blob([JSON.stringify({ version: 1, ...all }, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'review-triage-backup.json';
  a.click();
  URL.revokeObjectURL(a.href);
});

$('import').addEventListener('change', async (ev) => {
  const file = ev.target.files[0];
  if (!file) return;
  try {
    const data = JSON.parse(await file.text());
    if (data.settings) await save(data.settings);
    const rest = Object.fromEntries(Object.entries(data).filter(([k]) => k.startsWith('rt:')));
    await chrome.storage.local.set(rest);
    fill(data.settings ?? (await chrome.storage.local.get('settings')).settings ?? {});
    msg(t('imported', '已导入'), true);
  } catch (e) {
    msg(`${t('notImported', '导入失败，现有设置未改动')}：${e.message ?? e}`, false);
  }
});
