//! The cause tagger: the trained linear model ([`crate::linear`]) decides, the lexicon and its
//! clause rules ([`crate::classify`]) feed it features and keep the cases a model trained on a
//! few thousand reviews gets wrong:
//!
//! - tags with no training examples (`extortion`: demands tied to the review) come from the rules;
//! - a tag the lexicon only saw negated or denied (没有色差, 不是假货, 物流不慢) is dropped;
//! - a firm negation right before a cause's words (没有异味, 不是假货; not a doubt such as 是不是,
//!   nor 没有问题 alone) keeps the model from tagging a cause the text only says is absent;
//! - price protection refused (价保, 差价) is `price`, not `after_sales`, unless a return, exchange
//!   or repair is named too;
//! - inside an extortion demand nothing else is tagged (退我50块钱 is not a price complaint), nor
//!   is `other`;
//! - the buyer's own size mistake (买小了) absorbs `size_fit` when no separate fit complaint
//!   (偏小, 磨脚) was found.
//!
//! Evidence: the lexicon's spans for a tag when it has them, otherwise the n-grams that carried
//! the model's decision (largest weight × value), merged into spans of the original text.

use crate::sorting;
use crate::classify::Classifier;
use crate::features::{self, tag_index, Doc, N_TAGS, RULE_KEPT};
use crate::linear::{LinearModel, ModelError, Vector};
use std::sync::Arc;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::OnceLock;
use crate::model::{char_slice, Cause, CauseHit, Evidence, Rating};

/// The weights that ship with the native engine (`review-triage train` writes them). The wasm
/// build leaves them out to stay small: the extension ships the file and hands its bytes to
/// [`set_default_model`] once.
#[cfg(not(target_arch = "wasm32"))]
pub const BUILTIN_WEIGHTS: Option<&[u8]> = Some(include_bytes!("../../data/tagger.bin"));
#[cfg(target_arch = "wasm32")]
pub const BUILTIN_WEIGHTS: Option<&[u8]> = None;

/// The model every new engine uses: the built-in weights, parsed once (native), or what the page
/// loaded with [`set_default_model`] (wasm); `None` until then: the rules alone.
pub fn default_model() -> Result<Option<Arc<LinearModel>>, ModelError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        static BUILTIN: OnceLock<Result<Option<Arc<LinearModel>>, ModelError>> = OnceLock::new();
        BUILTIN.get_or_init(|| BUILTIN_WEIGHTS.map(|b| LinearModel::from_bytes(b).map(Arc::new)).transpose()).clone()
    }
    #[cfg(target_arch = "wasm32")]
    {
        Ok(LOADED.with(|m| m.borrow().clone()))
    }
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static LOADED: std::cell::RefCell<Option<Arc<LinearModel>>> = const { std::cell::RefCell::new(None) };
}

/// Parses weights and makes them the default for engines built from now on (wasm).
#[cfg(target_arch = "wasm32")]
pub fn set_default_model(bytes: &[u8]) -> Result<(), ModelError> {
    let m = Arc::new(LinearModel::from_bytes(bytes)?);
    LOADED.with(|slot| *slot.borrow_mut() = Some(m));
    Ok(())
}

/// Causes that are attributes of the item or the delivery, for which "没有X" means no complaint.
const ABSENCE_TAGS: &[Cause] =
    &[Cause::ColorMismatch, Cause::Smell, Cause::SizeFit, Cause::Packaging, Cause::Counterfeit, Cause::ShippingSlow, Cause::Quality, Cause::NotAsDescribed];

/// How many of the strongest n-grams make a tag's evidence when the lexicon has none.
const EVIDENCE_GRAMS: usize = 3;

/// The rule classifier and, when loaded, the trained model.
#[derive(Debug, Clone)]
pub struct Tagger {
    rules: Classifier,
    model: Option<Arc<LinearModel>>,
    /// Apply the hybrid rules after the model (off only to measure what they add).
    hybrid: bool,
}

/// The model's view of one review, for callers that want more than the final tags (evaluation,
/// the reliability table).
#[derive(Debug, Clone)]
pub struct Scored {
    /// Calibrated probability per tag (`Cause::ALL` order); 0 for untrained tags.
    pub probability: [f32; N_TAGS],
    pub hits: Vec<CauseHit>,
}

impl Tagger {
    /// Rules only (no trained model).
    pub fn rules_only(rules: Classifier) -> Tagger {
        Tagger { rules, model: None, hybrid: true }
    }

    pub fn new(rules: Classifier, model: LinearModel) -> Tagger {
        Tagger { rules, model: Some(Arc::new(model)), hybrid: true }
    }

    /// A tagger sharing an already loaded model (`None`: rules only).
    pub fn shared(rules: Classifier, model: Option<Arc<LinearModel>>) -> Tagger {
        Tagger { rules, model, hybrid: true }
    }

    /// The same tagger without the rules that run after the model (for the ablation table).
    pub fn without_hybrid_rules(mut self) -> Tagger {
        self.hybrid = false;
        self
    }

    pub fn rules(&self) -> &Classifier {
        &self.rules
    }

    pub fn model(&self) -> Option<&LinearModel> {
        self.model.as_deref()
    }

    /// Tags of one review, strongest first; evidence offsets index `text`.
    pub fn tag(&self, text: &str, rating: Option<Rating>) -> Vec<CauseHit> {
        self.score(text, rating).hits
    }

    /// Tags with the per-tag probabilities behind them.
    pub fn score(&self, text: &str, rating: Option<Rating>) -> Scored {
        let Some(model) = &self.model else {
            let hits = self.rules.classify(text);
            let mut probability = [0f32; N_TAGS];
            for h in &hits {
                probability[tag_index(h.tag)] = h.confidence;
            }
            return Scored { probability, hits };
        };
        if text.trim().is_empty() {
            return Scored { probability: [0.0; N_TAGS], hits: Vec::new() };
        }
        let doc = features::read(text, rating, &self.rules);
        let v = model.vectorize(&doc);
        let z = model.scores(&v);
        let mut probability = [0f32; N_TAGS];
        let mut chosen: Vec<(usize, f32)> = Vec::new();
        for (t, params) in model.tags.iter().enumerate() {
            if params.trained {
                probability[t] = model.probability(t, z[t]);
                if probability[t] >= model.threshold {
                    chosen.push((t, probability[t]));
                }
            } else if let Some(h) = doc.rule_hits.iter().find(|h| tag_index(h.tag) == t) {
                // No training example of this tag: the rules decide.
                probability[t] = h.confidence;
                chosen.push((t, h.confidence));
            }
        }
        let has = |doc: &Doc, x: usize| doc.extra.binary_search(&x).is_ok();
        // The lexicon saw this attribute only stated as absent (没有色差, 不是假货, 物流不慢): the
        // n-grams that made the model say it are the negated words themselves. Only for
        // attributes: a negated action is the complaint (不退差价, 不给换).
        if self.hybrid {
            chosen.retain(|&(t, _)| !(ABSENCE_TAGS.contains(&Cause::ALL[t]) && doc.firmly_absent[t]) && !doc.praised[t]);
        }
        // Price protection refused is a price complaint, not after-sales (causes.md: "price
        // protection not honoured"), unless the review also names a return, exchange or repair.
        let (after, price) = (tag_index(Cause::AfterSales), tag_index(Cause::Price));
        if let Some(at) = chosen.iter().position(|&(t, _)| t == after).filter(|_| self.hybrid && price_protection_only(&doc.norm.text)) {
            let (_, p) = chosen.remove(at);
            if !chosen.iter().any(|&(t, _)| t == price) {
                chosen.push((price, p.max(probability[price])));
            }
        }
        let (size, mistake) = (tag_index(Cause::SizeFit), tag_index(Cause::BuyerMistake));
        if self.hybrid && has(&doc, RULE_KEPT + mistake) && !has(&doc, RULE_KEPT + size) {
            chosen.retain(|&(t, _)| t != size);
            if !chosen.iter().any(|&(t, _)| t == mistake) {
                chosen.push((mistake, probability[mistake].max(model.threshold)));
            }
        }
        sorting::sort_by(&mut chosen, |a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal).then(a.0.cmp(&b.0)));
        let mut hits: Vec<CauseHit> = chosen
            .into_iter()
            .map(|(t, p)| {
                let tag = Cause::ALL[t];
                let evidence = match doc.rule_hits.iter().find(|h| h.tag == tag) {
                    Some(h) => h.evidence.clone(),
                    None => gram_evidence(model, &doc, &v, t, text),
                };
                CauseHit { tag, owner: tag.owner(), confidence: (p * 100.0).round() / 100.0, evidence }
            })
            .collect();
        // An extortion demand is the cause of what it says (退我50块钱我就删差评 is not a price or
        // after-sales complaint): a tag whose every piece of evidence lies inside the demand goes,
        // and so does `other` (something else fits). A grievance beside the demand stays.
        if self.hybrid {
            if let Some(demand) = hits.iter().find(|h| h.tag == Cause::Extortion).map(|h| h.evidence.clone()) {
                let inside = |e: &Evidence| demand.iter().any(|d| d.start <= e.start && e.end <= d.end);
                hits.retain(|h| h.tag == Cause::Extortion || (h.tag != Cause::Other && !h.evidence.iter().all(inside)));
            }
        }
        Scored { probability, hits }
    }
}

/// Words of price protection (价保: the price difference refunded after a drop).
const PRICE_PROTECTION: &[&str] = &["价保", "保价", "价格保护", "差价"];
/// Words of an after-sales claim other than price protection.
const OTHER_CLAIMS: &[&str] = &["退货", "换货", "退款", "退换", "维修", "返修", "保修", "补发", "换一", "换个", "退了"];

/// The (normalised) text is about price protection and names no other after-sales claim.
fn price_protection_only(norm: &str) -> bool {
    PRICE_PROTECTION.iter().any(|w| norm.contains(w)) && !OTHER_CLAIMS.iter().any(|w| norm.contains(w))
}

/// The spans of the n-grams that pushed tag `t` up the most, merged where they touch.
fn gram_evidence(model: &LinearModel, doc: &Doc, v: &Vector, t: usize, text: &str) -> Vec<Evidence> {
    // The few largest positive contributions, kept in order as they are found (a full sort of
    // every n-gram was a tenth of the tagger's time); ties go to the lower feature index.
    let mut best: Vec<(f32, u32)> = Vec::with_capacity(EVIDENCE_GRAMS + 1);
    for &(i, x) in v.entries.iter().filter(|&&(i, _)| (i as usize) < model.vocab_len()) {
        let c = model.gram_contribution(i, x, t);
        if c <= 0.0 {
            continue;
        }
        let at = best.iter().position(|&(bc, bi)| c > bc || (c == bc && i < bi)).unwrap_or(best.len());
        if at < EVIDENCE_GRAMS {
            best.insert(at, (c, i));
            best.truncate(EVIDENCE_GRAMS);
        }
    }
    let top: Vec<u32> = best.iter().map(|c| model.hashes[c.1 as usize]).collect();
    let mut spans: Vec<(usize, usize)> = doc
        .grams
        .iter()
        .filter(|g| top.contains(&g.hash))
        .map(|g| doc.norm.to_original(g.start as usize, g.end as usize))
        .collect();
    crate::sorting::sort_by_key(&mut spans, |p| *p);
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
        .into_iter()
        .filter_map(|(s, e)| char_slice(text, s, e).map(|t| Evidence { start: s, end: e, text: t.to_string() }))
        .collect()
}
