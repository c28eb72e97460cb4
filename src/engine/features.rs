//! What the trained tagger sees of a review: character 1–3-grams of the normalised text (TF-IDF
//! weighted, so traditional and simplified input give the same features), what the lexicon and
//! its clause rules found (kept and negated mentions per tag), and the rating when the page shows
//! one. The same code builds features for training and for prediction, natively and in wasm.

use crate::classify::{Classifier, HitStatus};
use crate::model::{Cause, Rating};
use crate::normalize::{normalize, Normalized};

/// Number of cause tags (`Cause::ALL`).
pub const N_TAGS: usize = Cause::ALL.len();

/// Longest character n-gram.
pub const MAX_N: usize = 3;

/// Features after the n-gram vocabulary, in this order: a kept rule hit per tag, a negated-only
/// mention per tag, the rating (good, neutral, bad).
pub const RULE_KEPT: usize = 0;
pub const RULE_NEGATED: usize = N_TAGS;
pub const RATING: usize = 2 * N_TAGS;
pub const N_EXTRA: usize = 2 * N_TAGS + 3;

/// One n-gram occurrence: its hash and its char span in the normalised text (which is also the
/// span in the original text: normalisation maps one char to one char).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gram {
    pub hash: u32,
    pub start: u32,
    pub end: u32,
}

/// A review read for the tagger.
#[derive(Debug, Clone)]
pub struct Doc {
    pub norm: Normalized,
    /// Every n-gram occurrence, in text order.
    pub grams: Vec<Gram>,
    /// Extra features set to 1 (indices into the block described by [`N_EXTRA`]).
    pub extra: Vec<usize>,
    /// What the rule classifier alone says (its evidence is reused for the chips).
    pub rule_hits: Vec<crate::model::CauseHit>,
    /// Tags the lexicon saw only in plain statements of absence (没有色差, 不是假货), never kept.
    pub firmly_absent: [bool; N_TAGS],
    /// Praised in a clause of its own (包装也不错, 客服态度特别好, 发货很快) and complained of
    /// nowhere else: the attribute is fine, whichever cause it is (an action's too).
    pub praised: [bool; N_TAGS],
}

/// FNV-1a offset basis: the hash of the empty n-gram.
const FNV_START: u32 = 0x811c_9dc5;

/// Extends an FNV-1a hash by one char (its 4 little-endian bytes); digits fold to `0` so prices
/// and counts share features. The hash of an n-gram is the start extended by each of its chars.
fn fnv_push(mut h: u32, c: char) -> u32 {
    let c = if c.is_ascii_digit() { '0' } else { c };
    for b in (c as u32).to_le_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The 1..=MAX_N-grams of `chars` that contain no whitespace (each start's hashes built up
/// char by char).
pub fn grams(chars: &[char]) -> Vec<Gram> {
    let mut out = Vec::with_capacity(chars.len() * MAX_N);
    for i in 0..chars.len() {
        let mut h = FNV_START;
        for (k, &c) in chars[i..chars.len().min(i + MAX_N)].iter().enumerate() {
            if c.is_whitespace() {
                break;
            }
            h = fnv_push(h, c);
            out.push(Gram { hash: h, start: i as u32, end: (i + k + 1) as u32 });
        }
    }
    out
}

/// Reads one review: n-grams, lexicon evidence (through the rule classifier's own scan) and the
/// rating.
pub fn read(text: &str, rating: Option<Rating>, rules: &Classifier) -> Doc {
    let norm = normalize(text);
    let chars: Vec<char> = norm.text.chars().collect();
    let grams = grams(&chars);
    let scanned = rules.scan(&norm);
    // Praise of the attribute in a clause of its own (包装也不错, 客服态度特别好) says it is fine as
    // firmly as a negation; the attribute's own word there (客服) is no complaint about it.
    let praise = crate::classify::praised_clauses(&norm.text);
    let mut kept = [false; N_TAGS];
    let mut complained = [false; N_TAGS];
    let mut negated = [false; N_TAGS];
    let mut firm = [false; N_TAGS];
    for hit in &scanned {
        let Some(tag) = hit.tag() else { continue };
        let t = tag_index(tag);
        match hit.status {
            HitStatus::Kept => {
                kept[t] = true;
                let (s, e) = hit.span();
                complained[t] |= !praise.iter().any(|&(c, ps, pe)| c == tag && ps <= s && e <= pe);
            }
            HitStatus::Negated | HitStatus::Denied => negated[t] = true,
            HitStatus::Waived | HitStatus::Question => {}
        }
        firm[t] |= hit.firm_negation || hit.status == HitStatus::Denied;
    }
    let firmly_absent = std::array::from_fn(|t| firm[t] && !kept[t]);
    let praised = std::array::from_fn(|t| !complained[t] && praise.iter().any(|&(c, _, _)| tag_index(c) == t));
    // The rule classifier's final say (fallbacks included) rather than raw hits: `other` and the
    // vague negatives only count when nothing concrete was found.
    let rule_hits = rules.classify_scanned(text, &norm, &scanned);
    let mut extra = Vec::new();
    for hit in &rule_hits {
        extra.push(RULE_KEPT + tag_index(hit.tag));
    }
    for t in 0..N_TAGS {
        if negated[t] && !kept[t] {
            extra.push(RULE_NEGATED + t);
        }
    }
    if let Some(r) = rating {
        extra.push(
            RATING
                + match r {
                    Rating::Good => 0,
                    Rating::Neutral => 1,
                    Rating::Bad => 2,
                },
        );
    }
    extra.sort_unstable();
    extra.dedup();
    Doc { norm, grams, extra, rule_hits, firmly_absent, praised }
}

/// Position of a tag in `Cause::ALL`.
pub fn tag_index(c: Cause) -> usize {
    Cause::ALL.iter().position(|&x| x == c).unwrap_or(0)
}

/// Term counts of a document's n-grams: (hash, count), sorted by hash.
pub fn counts(doc: &Doc) -> Vec<(u32, u32)> {
    hash_counts(doc.grams.iter().map(|g| g.hash).collect())
}

/// Term counts of n-gram hashes: (hash, count), sorted by hash.
pub fn hash_counts(mut hs: Vec<u32>) -> Vec<(u32, u32)> {
    hs.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(hs.len());
    for h in hs {
        match out.last_mut() {
            Some((last, n)) if *last == h => *n += 1,
            _ => out.push((h, 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_skip_whitespace_and_fold_digits() {
        let chars: Vec<char> = "买了 3个".chars().collect();
        let g = grams(&chars);
        // 买 买了 了 | 3 3个 个
        assert_eq!(g.len(), 6);
        assert!(g.iter().all(|g| !chars[g.start as usize..g.end as usize].contains(&' ')));
        let a: Vec<char> = "5个".chars().collect();
        let b: Vec<char> = "7个".chars().collect();
        assert_eq!(grams(&a)[1].hash, grams(&b)[1].hash);
    }

    #[test]
    fn traditional_reads_like_simplified() {
        let rules = Classifier::new(&Default::default()).unwrap();
        let a = read("顏色不一樣，發貨太慢", None, &rules);
        let b = read("颜色不一样，发货太慢", None, &rules);
        assert_eq!(counts(&a), counts(&b));
        assert_eq!(a.extra, b.extra);
    }

    #[test]
    fn negated_mentions_are_their_own_feature() {
        let rules = Classifier::new(&Default::default()).unwrap();
        let d = read("没有色差，很满意", Some(Rating::Good), &rules);
        let c = tag_index(Cause::ColorMismatch);
        assert!(d.extra.contains(&(RULE_NEGATED + c)));
        assert!(!d.extra.contains(&(RULE_KEPT + c)));
        assert!(d.extra.contains(&RATING));
    }
}
