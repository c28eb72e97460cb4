// DOM helpers that run in JavaScript because the browser's own call is slow where they are used
// (dom.rs binds them).

/**
 * The first element under `root` matching `sel`: what `root.querySelector(sel)` returns. On a
 * card, each descendant is matched in turn: Chromium's `querySelector` with a descendant
 * combinator (`.l-rate-content .rate-content span`) slows as the document grows (measured per
 * row: 2.6 µs on a 1,000-row table, 7.7 µs on 3,000; matching the row's elements: 0.8 µs).
 * `:scope` is the root in `querySelector` but the element itself in `matches`, and `:has(…)` is
 * faster in the browser's own search (1,000 rows: 2.7 µs a row against 3.3): those selectors go to
 * `querySelector`. An invalid selector throws either way.
 */
export function firstIn(root, sel) {
  if (sel.includes(':scope') || sel.includes(':has(')) return root.querySelector(sel);
  const all = root.getElementsByTagName('*');
  for (let i = 0; i < all.length; i++) if (all[i].matches(sel)) return all[i];
  return null;
}
