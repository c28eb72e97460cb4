// Playground: the engine's annotate and lint exports on pasted text. Everything the user typed
// reaches the page only through textContent and text nodes.
import init, { annotate_reviews, lint_reply, set_tagger_weights } from '/pkg/review_triage.js';

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};
let maxChars = 500;

function highlight(text, causes) {
  const chars = [...text];
  const marks = new Array(chars.length).fill(false);
  for (const c of causes) for (const e of c.evidence) for (let i = e.start; i < e.end; i++) marks[i] = true;
  const out = $('highlighted');
  out.replaceChildren();
  let i = 0;
  while (i < chars.length) {
    let j = i;
    while (j < chars.length && marks[j] === marks[i]) j++;
    const piece = chars.slice(i, j).join('');
    out.append(marks[i] ? el('mark', '', piece) : document.createTextNode(piece));
    i = j;
  }
}

function lint() {
  const findings = lint_reply($('explanation').value, maxChars);
  $('lint').replaceChildren(...(findings.length ? findings.map((f) => el('li', '', `「${f.text}」${f.message}：${f.suggestion}`)) : [el('li', 'ok', '检查通过')]));
}

function run() {
  $('error').textContent = '';
  try {
    const [a] = annotate_reviews([{ id: 'playground', text: $('text').value, platform: $('platform').value, rating: $('rating').value, reviewed_at: $('date').value, modified: $('modified').checked, replied: $('replied').checked }], Date.now(), undefined);
    highlight($('text').value, a.causes);
    $('tags').replaceChildren(...a.causes.map((c) => {
      const chip = el('span', `chip owner-${c.owner}`, `${c.tag} · ${c.evidence.map((e) => e.text).join('、')} · ${Math.round(c.confidence * 100)}%`);
      chip.dataset.tag = c.tag;
      return chip;
    }));
    $('priority').textContent = `优先级 ${a.priority}：${a.reasons.join('；')}${a.warnings.length ? `（注意：${a.warnings.join('；')}）` : ''}`;
    const w = a.window;
    $('window').replaceChildren(
      el('div', '', `修改窗口：${w.state}${w.deadline ? `，截止 ${w.deadline}` : ''}${w.remaining_secs > 0 ? `（剩 ${Math.floor(w.remaining_secs / 86400)} 天 ${Math.floor((w.remaining_secs % 86400) / 3600)} 小时）` : ''}`),
      el('div', '', `评价解释：${w.explain_state}${w.explain_by ? `，截止 ${w.explain_by}` : ''}`),
      el('div', '', w.action),
      el('div', 'hint', `${w.unverified ? '未核实 · ' : ''}${w.rule_note}`),
    );
    $('script').replaceChildren(el('h4', '', '电话'), el('pre', '', a.script.phone), el('h4', '', '聊天'), el('pre', '', a.script.chat), el('h4', '', '短信'), el('pre', '', a.script.sms), el('h4', '', '联系前'), el('ul', '', ''));
    $('script').lastChild.append(...a.script.checklist.map((c) => el('li', '', c)));
    $('explanation').value = a.explanation;
    lint();
  } catch (e) {
    $('error').textContent = `出错：${e.message ?? e}`;
  }
}

await init();
const weights = await fetch('/pkg/tagger.bin');
if (weights.ok) set_tagger_weights(new Uint8Array(await weights.arrayBuffer()));
$('run').addEventListener('click', run);
$('explanation').addEventListener('input', lint);
run();
