// Reads a subtree as lines, the way a person reads it (extract.rs explains the rules). This walk
// is the one piece of the browser layer in JavaScript: from wasm it took ~5 calls into JS per
// node (first child, next sibling, type, tag, value), ~40 % of reading a card; here it is one
// call per card. Its only output is text and element lists: it never writes to the page.

// Not read: our own elements, scripts, styles, form fields, media.
const SKIP = new Set(['RT-ANNOTATION', 'RT-DRAWER', 'RT-NOTICE', 'SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'TEXTAREA', 'SELECT', 'INPUT', 'SVG', 'IMG', 'HEAD', 'IFRAME', 'CANVAS']);
// Elements that start a line of their own.
const BLOCKS = new Set([
  'DIV', 'P', 'LI', 'UL', 'OL', 'TR', 'TD', 'TH', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'MAIN', 'NAV', 'ASIDE', 'H1', 'H2', 'H3', 'H4', 'H5',
  'H6', 'DL', 'DT', 'DD', 'BLOCKQUOTE', 'PRE', 'FORM', 'FIELDSET', 'FIGURE', 'FIGCAPTION', 'DETAILS', 'SUMMARY', 'HR', 'BODY', 'CAPTION',
]);
// Controls: their words ("评价回复", "投诉评价") are never review text.
const CONTROLS = new Set(['A', 'BUTTON', 'LABEL']);
// The star icons spec/pages.md documents (JD, Pinduoduo): a sign that a card is a review.
const STAR_ICONS = 'img[alt="star"], svg[data-testid="beast-core-icon-star_filled"]';
// Rust's `char::is_whitespace` (Unicode White_Space), which `str::trim` uses too; JavaScript's
// `\s` differs (it has U+FEFF, lacks U+0085).
const WS = '\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const RUN = new RegExp(`[${WS}]+`, 'g');
const TRIM = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');

/**
 * The lines of `root`: `text` (the lines joined by "\n"; a line never holds one), `blocks` (the
 * element holding each line). With `tree` (guessing cards), control lines are kept and flagged
 * in `controls`, and `nodes` lists every element in pre-order (node 0 is `root`) with `meta`
 * giving four numbers per node: parent (-1 for none), first line, end of its lines, star icons.
 * Without it, links' and buttons' lines are left out (they are never text).
 */
export function readLines(root, tree) {
  const texts = [];
  const blocks = [];
  const controls = [];
  const nodes = tree ? [root] : [];
  const meta = tree ? [-1, 0, 0, 0] : [];

  const flush = (buf, block, control) => {
    const t = buf.s.replace(TRIM, '');
    if (t && (tree || !control)) {
      texts.push(t);
      blocks.push(block);
      controls.push(control ? 1 : 0);
    }
    buf.s = '';
  };

  // Returns the star icons found under `el`.
  const walk = (el, block, control, buf, parent) => {
    let stars = 0;
    for (let node = el.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        // Whitespace runs (source indentation, newlines) read as one space.
        let t = node.nodeValue.replace(RUN, ' ');
        if (t[0] === ' ' && (buf.s === '' || buf.s.endsWith(' '))) t = t.slice(1);
        buf.s += t;
        continue;
      }
      if (node.nodeType !== 1) continue;
      const tag = node.tagName.toUpperCase();
      if (SKIP.has(tag)) {
        if (tree && node.matches(STAR_ICONS)) stars += 1;
        continue;
      }
      if (tag === 'BR') {
        flush(buf, block, control);
        continue;
      }
      const isControl = CONTROLS.has(tag) || node.getAttribute('role') === 'button';
      let idx = -1;
      if (tree) {
        idx = nodes.length;
        nodes.push(node);
        meta.push(parent, 0, 0, 0);
      }
      let start = texts.length;
      let n;
      if (BLOCKS.has(tag) || isControl) {
        flush(buf, block, control);
        start = texts.length;
        const own = { s: '' };
        n = walk(node, node, control || isControl, own, idx >= 0 ? idx : parent);
        flush(own, node, control || isControl);
      } else {
        n = walk(node, block, control, buf, idx >= 0 ? idx : parent);
      }
      stars += n;
      if (idx >= 0) {
        meta[idx * 4 + 1] = start;
        meta[idx * 4 + 2] = texts.length;
        meta[idx * 4 + 3] = n;
      }
    }
    return stars;
  };

  const buf = { s: '' };
  const stars = walk(root, root, false, buf, tree ? 0 : -1);
  flush(buf, root, false);
  if (tree) {
    meta[2] = texts.length;
    meta[3] = stars;
  }
  return { text: texts.join('\n'), blocks, controls: Uint8Array.from(controls), nodes, meta: Int32Array.from(meta) };
}
