//! Traditional ↔ simplified Chinese, one char to one char: OpenCC's character table as the
//! `fast2s` crate ships it, read into sorted arrays at build time (`build.rs`), plus fast2s's
//! context rules (a char kept or converted differently inside a few words: 乾隆, 看著, 計畫).
//! The tests check the result equals `fast2s::convert` on the whole review corpus, so matching
//! and the trained weights are what they were with the crate linked in.

use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/t2s_tables.rs"));

/// Per char, the two-char words that decide it.
type ContextRules<T> = &'static [(char, &'static [T])];

/// Chars fast2s keeps inside these words (its `T2S_EXCLUDE`).
const KEEP_IN: ContextRules<[char; 2]> = &[
    ('兒', &[['兒', '寬']]),
    ('覆', &[['答', '覆'], ['批', '覆'], ['回', '覆']]),
    ('夥', &[['甚', '夥']]),
    ('藉', &[['慰', '藉'], ['狼', '藉']]),
    ('瞭', &[['瞭', '望']]),
    ('麽', &[['幺', '麽']]),
    ('幺', &[['幺', '麽']]),
    ('於', &[['樊', '於']]),
    ('乾', &[['乾', '隆'], ['乾', '坤'], ['乾', '卦']]),
];

/// Chars fast2s converts differently inside these words (its `T2S_SPECIAL_CONVERT_TYPE`; 藉's
/// entry there is never reached, as 藉 is in [`KEEP_IN`], and so is left out).
const SPECIAL_IN: ContextRules<([char; 2], char)> = &[
    ('著', &[(['看', '著'], '着')]),
    ('苧', &[(['苧', '麻'], '苎')]),
    ('闔', &[(['闔', '家'], '合')]),
    ('鍾', &[(['鍾', '書'], '锺')]),
    ('讎', &[(['校', '讎'], '雠'), (['讎', '定'], '雠'), (['仇', '讎'], '雠')]),
    ('畫', &[(['計', '畫'], '划'), (['企', '畫'], '划')]),
];

fn lookup(from: &[u16], to: &[u16], c: char) -> Option<char> {
    let k = u16::try_from(c as u32).ok()?;
    from.binary_search(&k).ok().and_then(|i| to.get(i)).and_then(|&v| char::from_u32(v as u32))
}

/// The inverse table over the CJK blocks (U+3400..=U+9FFF), built on the first traditional output:
/// for each simplified char, the first traditional form in code-point order (發 before 髮).
fn s2t() -> &'static (Vec<u16>, Vec<u16>) {
    static TABLE: OnceLock<(Vec<u16>, Vec<u16>)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut pairs: Vec<(u16, u16)> = T2S_FROM.iter().zip(&T2S_TO).filter(|(t, _)| (0x3400..=0x9FFF).contains(*t)).map(|(&t, &s)| (s, t)).collect();
        crate::sorting::sort_by_key(&mut pairs, |p| *p);
        pairs.dedup_by_key(|p| p.0); // the smallest traditional char of each stays
        pairs.into_iter().unzip()
    })
}

/// Chars the conversion may change (table keys and the context rules' chars), one bit per BMP
/// char: most text is simplified already, and this is the test that lets it through untouched.
fn changeable() -> &'static [u64; 1024] {
    static SET: OnceLock<Box<[u64; 1024]>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut bits = Box::new([0u64; 1024]);
        let keys = T2S_FROM.iter().map(|&k| k as u32).chain(KEEP_IN.iter().map(|e| e.0 as u32)).chain(SPECIAL_IN.iter().map(|e| e.0 as u32));
        for k in keys {
            if let Some(w) = bits.get_mut(k as usize >> 6) {
                *w |= 1 << (k & 63);
            }
        }
        bits
    })
}

/// Whether [`to_simplified`] may change `c`.
pub fn may_change(c: char) -> bool {
    let u = c as usize;
    changeable().get(u >> 6).is_some_and(|w| w & (1 << (u & 63)) != 0)
}

/// Whether [`to_simplified`] may change anything in `text`.
pub fn may_change_any(text: &str) -> bool {
    text.chars().any(may_change)
}

/// The simplified form of `cur` between `prev` and `next` (the original chars around it; `'0'`
/// at either end, as in fast2s).
pub fn simplify_char(prev: char, cur: char, next: char) -> char {
    if !may_change(cur) {
        return cur;
    }
    let (w1, w2) = ([prev, cur], [cur, next]);
    if let Some((_, words)) = KEEP_IN.iter().find(|e| e.0 == cur) {
        if words.contains(&w1) || words.contains(&w2) {
            return cur;
        }
    } else if let Some((_, words)) = SPECIAL_IN.iter().find(|e| e.0 == cur) {
        if let Some((_, c)) = words.iter().find(|(w, _)| *w == w1).or_else(|| words.iter().find(|(w, _)| *w == w2)) {
            return *c;
        }
    }
    lookup(&T2S_FROM, &T2S_TO, cur).unwrap_or(cur)
}

/// `text` in simplified characters, char for char (same length in chars).
pub fn to_simplified(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('0');
    (0..chars.len()).map(|i| simplify_char(if i == 0 { '0' } else { at(i - 1) }, at(i), at(i + 1))).collect()
}

/// The traditional form of a simplified char: the first traditional char (in code-point order)
/// that the table simplifies to it; `c` itself when there is none.
pub fn traditional_char(c: char) -> char {
    let (from, to) = s2t();
    lookup(from, to, c).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_every_entry_changes_a_char() {
        let (s_from, s_to) = s2t();
        assert!(T2S_FROM.len() > 2000 && s_from.len() > 2000, "{} {}", T2S_FROM.len(), s_from.len());
        for (from, to) in [(&T2S_FROM[..], &T2S_TO[..]), (&s_from[..], &s_to[..])] {
            assert_eq!(from.len(), to.len());
            assert!(from.windows(2).all(|w| w[0] < w[1]));
            assert!(from.iter().zip(to).all(|(a, b)| a != b));
        }
        assert_eq!(to_simplified("質量很差，發貨太慢"), "质量很差，发货太慢");
        assert_eq!(traditional_char('发'), '發');
        assert_eq!(traditional_char('好'), '好');
    }

    #[test]
    fn context_rules_as_fast2s() {
        for t in ["乾隆的乾兒子", "企畫 計畫 畫圖", "看著 著名", "慰藉 藉口", "樊於期 於是", "校讎 讎人", "苧麻 苧", "乾", "著", "畫畫"] {
            assert_eq!(to_simplified(t), fast2s::convert(t), "{t}");
        }
    }

    #[test]
    fn every_bmp_char_alone_and_in_pairs_as_fast2s() {
        let mut buf = [0u8; 4];
        for cp in 0x800u32..=0xFFFF {
            let Some(c) = char::from_u32(cp) else { continue };
            let s = c.encode_utf8(&mut buf).to_string();
            assert_eq!(to_simplified(&s), fast2s::convert(&s), "U+{cp:04X}");
            assert_eq!(may_change(c), fast2s::convert(&s) != s || KEEP_IN.iter().any(|e| e.0 == c) || SPECIAL_IN.iter().any(|e| e.0 == c), "U+{cp:04X}");
        }
    }
}
