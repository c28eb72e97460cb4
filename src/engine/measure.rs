//! How the tagger is measured honestly (`review-triage eval` with no `--gold`):
//!
//! - a **frozen test split**: 20% of `train_gold` chosen by a hash of the id, fixed before any
//!   tuning; its errors are never read while tuning, only its score is reported;
//! - **5-fold cross-validation** on the other 80% (the extra labels always in training, never
//!   scored, since another annotator made them);
//! - **dev_gold as a second held-out set**, scored by the model trained without it (the shipped
//!   model is then trained on everything);
//! - a **reliability table**: predicted confidence against observed precision on held-out folds;
//! - **ablations**: what each part adds.

use crate::classify::Classifier;
use crate::eval::{score, EvalReport, GoldRecord};
use crate::features::{self, Doc, N_TAGS};
use crate::linear::LinearModel;
use crate::model::Cause;
use crate::tagger::Tagger;
use crate::train::{self, Labelled, TrainOptions};
use serde::Serialize;

/// FNV-1a 64 of `salt + id`: the split and the folds were fixed with exactly this function.
fn fnv64(salt: &str, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.bytes().chain(id.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Thresholds tried in cross-validation.
const SWEEP: [f32; 6] = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55];

/// Whether a `train_gold` review belongs to the frozen test split (20%).
pub fn is_frozen_test(id: &str) -> bool {
    fnv64("rt-split:", id) % 100 < 20
}

/// The cross-validation fold (0..5) of a review.
pub fn cv_fold(id: &str) -> u32 {
    (fnv64("rt-fold:", id) % 5) as u32
}

/// The labelled sets: `train` (train_gold: split into frozen test and CV), `dev` (dev_gold) and
/// `extra` (more labels, training only).
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub train: Vec<GoldRecord>,
    pub dev: Vec<GoldRecord>,
    pub extra: Vec<GoldRecord>,
}

/// One configuration to measure.
#[derive(Debug, Clone)]
pub struct Variant {
    pub name: &'static str,
    pub opts: TrainOptions,
    /// Train with the extra labels.
    pub extra: bool,
    /// Show the model the rating (in training for half of the reviews, chosen by hash, so it
    /// also works where the page shows none; at test time when the gold has one).
    pub rating: bool,
    /// `false`: the rules alone, no model.
    pub model: bool,
    /// The rules that run after the model (negated-only causes dropped, the buyer's size mistake).
    pub hybrid: bool,
}

impl Variant {
    /// The configuration that ships.
    pub fn shipped() -> Variant {
        Variant { name: "shipped: n-grams (TF-IDF + presence) + rule features + extra labels + rating + hybrid rules", opts: TrainOptions::default(), extra: true, rating: true, model: true, hybrid: true }
    }
}

/// Scores of one variant.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    pub variant: String,
    /// CV micro and macro F1 if the model predicted from other thresholds (choosing the shipped
    /// one uses CV only, never the frozen split).
    pub threshold_sweep: Vec<(f32, f64, f64)>,
    pub cv: EvalReport,
    pub frozen_test: EvalReport,
    pub dev: EvalReport,
    /// The frozen split again with no rating given (as on item pages and text-only input).
    pub frozen_test_no_rating: EvalReport,
    /// The frozen split written in traditional characters (the same reviews, converted).
    pub frozen_test_traditional: EvalReport,
}

/// One row of the reliability table.
#[derive(Debug, Clone, Serialize)]
pub struct ReliabilityBin {
    pub from: f32,
    pub to: f32,
    pub predictions: usize,
    pub correct: usize,
    pub mean_confidence: f32,
    pub precision: f32,
}

/// Reads every review once; training and prediction in all folds reuse it.
pub struct Prepared<'a> {
    corpus: &'a Corpus,
    rules: &'a Classifier,
    all: Vec<Labelled>,
    docs: Vec<Doc>,
}

impl<'a> Prepared<'a> {
    pub fn new(corpus: &'a Corpus, rules: &'a Classifier) -> Prepared<'a> {
        let all: Vec<Labelled> = corpus
            .train
            .iter()
            .chain(&corpus.dev)
            .chain(&corpus.extra)
            .map(|g| Labelled { id: g.id.clone(), text: g.text.clone(), rating: g.rating, tags: g.tags.clone() })
            .collect();
        let opts = TrainOptions::default();
        let docs = train::read_all(&all, rules, &opts);
        Prepared { corpus, rules, all, docs }
    }

    fn range(&self, which: usize) -> std::ops::Range<usize> {
        let (a, b) = (self.corpus.train.len(), self.corpus.dev.len());
        match which {
            0 => 0..a,
            1 => a..a + b,
            _ => a + b..self.all.len(),
        }
    }

    /// The documents a variant trains on, with features it does not use removed.
    fn training_docs(&self, v: &Variant, rows: &[usize]) -> Vec<Doc> {
        let mut docs: Vec<Doc> = self.docs.clone();
        for &i in rows {
            let d = &mut docs[i];
            if !v.opts.rule_features {
                d.extra.retain(|&x| x >= features::RATING);
            }
            if !v.rating || train::fold_of(&self.all[i].id, "rating-dropout", 2) == 0 {
                d.extra.retain(|&x| x < features::RATING);
            }
        }
        docs
    }

    /// Trains a variant on `rows` (indices into train ++ dev ++ extra).
    pub fn train(&self, v: &Variant, rows: &[usize]) -> LinearModel {
        let docs = self.training_docs(v, rows);
        train::train(&docs, &self.all, rows, &v.opts)
    }

    /// Predictions for `rows`, with or without the rating.
    fn predict(&self, v: &Variant, model: Option<&LinearModel>, rows: &[usize], with_rating: bool) -> (Vec<Vec<Cause>>, Vec<[f32; N_TAGS]>) {
        self.predict_at(v, model, rows, with_rating, None)
    }

    fn predict_at(&self, v: &Variant, model: Option<&LinearModel>, rows: &[usize], with_rating: bool, threshold: Option<f32>) -> (Vec<Vec<Cause>>, Vec<[f32; N_TAGS]>) {
        let model = model.map(|m| {
            let mut m = m.clone();
            if let Some(t) = threshold {
                m.threshold = t;
            }
            m
        });
        let model = model.as_ref();
        let tagger = self.tagger(v, model);
        rows.iter()
            .map(|&i| {
                let r = &self.all[i];
                let rating = if with_rating && v.rating { r.rating } else { None };
                // A model trained without some features has zero weights for them.
                let s = tagger.score(&r.text, rating);
                (s.hits.iter().map(|h| h.tag).collect(), s.probability)
            })
            .unzip()
    }

    fn tagger(&self, v: &Variant, model: Option<&LinearModel>) -> Tagger {
        let t = match model {
            Some(m) if v.model => Tagger::new(self.rules.clone(), m.clone()),
            _ => Tagger::rules_only(self.rules.clone()),
        };
        if v.hybrid {
            t
        } else {
            t.without_hybrid_rules()
        }
    }

    /// Predictions for `rows` with their text converted to traditional characters.
    fn predict_traditional(&self, v: &Variant, model: Option<&LinearModel>, rows: &[usize]) -> Vec<Vec<Cause>> {
        let tagger = self.tagger(v, model);
        rows.iter()
            .map(|&i| {
                let r = &self.all[i];
                let text = crate::compose::to_output_script(&r.text, crate::settings::OutputScript::Traditional);
                tagger.tag(&text, if v.rating { r.rating } else { None }).iter().map(|h| h.tag).collect()
            })
            .collect()
    }

    fn gold(&self, rows: &[usize]) -> Vec<GoldRecord> {
        rows.iter()
            .map(|&i| {
                let r = &self.all[i];
                GoldRecord { id: r.id.clone(), text: r.text.clone(), tags: r.tags.clone(), rating: r.rating }
            })
            .collect()
    }

    /// Cross-validation, frozen split and dev for one variant; also the out-of-fold
    /// probabilities and gold rows of the CV for the reliability table.
    pub fn measure(&self, v: &Variant) -> (Measurement, Vec<[f32; N_TAGS]>, Vec<GoldRecord>) {
        let cv_rows: Vec<usize> = self.range(0).filter(|&i| !is_frozen_test(&self.all[i].id)).collect();
        let test_rows: Vec<usize> = self.range(0).filter(|&i| is_frozen_test(&self.all[i].id)).collect();
        let dev_rows: Vec<usize> = self.range(1).collect();
        let extra_rows: Vec<usize> = if v.extra { self.range(2).collect() } else { Vec::new() };

        let mut cv_preds = Vec::new();
        let mut cv_probs = Vec::new();
        let mut cv_gold = Vec::new();
        let mut sweep_preds: Vec<Vec<Vec<Cause>>> = vec![Vec::new(); SWEEP.len()];
        for k in 0..5 {
            let held: Vec<usize> = cv_rows.iter().copied().filter(|&i| cv_fold(&self.all[i].id) == k).collect();
            let mut fit: Vec<usize> = cv_rows.iter().copied().filter(|&i| cv_fold(&self.all[i].id) != k).collect();
            fit.extend(&extra_rows);
            let model = v.model.then(|| self.train(v, &fit));
            let (p, pr) = self.predict(v, model.as_ref(), &held, true);
            if v.model {
                for (j, &t) in SWEEP.iter().enumerate() {
                    sweep_preds[j].extend(self.predict_at(v, model.as_ref(), &held, true, Some(t)).0);
                }
            }
            cv_preds.extend(p);
            cv_probs.extend(pr);
            cv_gold.extend(self.gold(&held));
        }
        let mut fit = cv_rows.clone();
        fit.extend(&extra_rows);
        let model = v.model.then(|| self.train(v, &fit));
        let (tp, _) = self.predict(v, model.as_ref(), &test_rows, true);
        let (tpn, _) = self.predict(v, model.as_ref(), &test_rows, false);
        let tpt = self.predict_traditional(v, model.as_ref(), &test_rows);
        let (dp, _) = self.predict(v, model.as_ref(), &dev_rows, true);
        let test_gold = self.gold(&test_rows);
        let threshold_sweep = if v.model {
            SWEEP.iter().zip(&sweep_preds).map(|(&t, p)| {
                let r = score(&cv_gold, p);
                (t, r.micro_f1, r.macro_f1)
            }).collect()
        } else {
            Vec::new()
        };
        let m = Measurement {
            variant: v.name.to_string(),
            threshold_sweep,
            cv: score(&cv_gold, &cv_preds),
            frozen_test: score(&test_gold, &tp),
            dev: score(&self.gold(&dev_rows), &dp),
            frozen_test_no_rating: score(&test_gold, &tpn),
            frozen_test_traditional: score(&test_gold, &tpt),
        };
        (m, cv_probs, cv_gold)
    }

    /// Every labelled review: what the shipped model trains on.
    pub fn all_rows(&self) -> Vec<usize> {
        (0..self.all.len()).collect()
    }
}

/// Predicted tags' confidence against how often they were right, in bins of 0.1 from 0.5.
pub fn reliability(probs: &[[f32; N_TAGS]], gold: &[GoldRecord], threshold: f32) -> Vec<ReliabilityBin> {
    let edges = [threshold, 0.6, 0.7, 0.8, 0.9, 1.0001];
    let mut bins: Vec<ReliabilityBin> = edges
        .windows(2)
        .map(|w| ReliabilityBin { from: w[0], to: w[1].min(1.0), predictions: 0, correct: 0, mean_confidence: 0.0, precision: 0.0 })
        .collect();
    for (p, g) in probs.iter().zip(gold) {
        for (t, &q) in p.iter().enumerate() {
            if q < threshold {
                continue;
            }
            if let Some(b) = bins.iter_mut().find(|b| q >= b.from && (q < b.to || b.to >= 1.0)) {
                b.predictions += 1;
                b.mean_confidence += q;
                if g.tags.contains(&Cause::ALL[t]) {
                    b.correct += 1;
                }
            }
        }
    }
    for b in &mut bins {
        if b.predictions > 0 {
            b.mean_confidence /= b.predictions as f32;
            b.precision = b.correct as f32 / b.predictions as f32;
        }
    }
    bins
}

/// Trains the model that ships: the shipped variant on every labelled review.
pub fn train_shipped(corpus: &Corpus, rules: &Classifier) -> LinearModel {
    let p = Prepared::new(corpus, rules);
    p.train(&Variant::shipped(), &p.all_rows())
}

/// Everything `review-triage eval` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ProtocolReport {
    pub shipped: Measurement,
    pub reliability: Vec<ReliabilityBin>,
    pub ablations: Vec<Measurement>,
    pub sizes: (usize, usize, usize, usize),
}

/// The variants of the ablation table, each removing or adding one part.
pub fn ablation_variants() -> Vec<Variant> {
    let base = Variant::shipped();
    let o = TrainOptions::default;
    vec![
        Variant { name: "rules only (the lexicon and clause rules, no model)", model: false, ..base.clone() },
        Variant { name: "n-grams only (no rule features, no extra labels, no rating)", opts: TrainOptions { rule_features: false, ..o() }, extra: false, rating: false, hybrid: false, ..base.clone() },
        Variant { name: "+ rule features", extra: false, rating: false, hybrid: false, ..base.clone() },
        Variant { name: "+ rule features + extra labels", rating: false, hybrid: false, ..base.clone() },
        Variant { name: "+ rule features + extra labels + rating", hybrid: false, ..base.clone() },
        Variant { name: "shipped without the presence model (TF-IDF regression alone)", opts: TrainOptions { presence_c: None, ..o() }, ..base.clone() },
    ]
}

/// Runs the whole protocol.
pub fn protocol(corpus: &Corpus, rules: &Classifier, shipped: &Variant, ablations: bool) -> ProtocolReport {
    let p = Prepared::new(corpus, rules);
    let (m, probs, gold) = p.measure(shipped);
    let reliability = reliability(&probs, &gold, shipped.opts.threshold);
    let ablations = if ablations { ablation_variants().iter().map(|v| p.measure(v).0).collect() } else { Vec::new() };
    let test = corpus.train.iter().filter(|g| is_frozen_test(&g.id)).count();
    ProtocolReport { shipped: m, reliability, ablations, sizes: (corpus.train.len() - test, test, corpus.dev.len(), corpus.extra.len()) }
}

impl std::fmt::Display for ProtocolReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (cv, test, dev, extra) = self.sizes;
        writeln!(f, "Labelled data: {cv} train_gold reviews for 5-fold CV, {test} in the frozen test split, {dev} dev_gold (held out), {extra} extra labels (training only).")?;
        writeln!(f, "Model: {}\n", self.shipped.variant)?;
        let line = |f: &mut std::fmt::Formatter<'_>, m: &Measurement| {
            write!(f, "{:<58}", m.variant.chars().take(58).collect::<String>())?;
            for r in [&m.cv, &m.frozen_test, &m.frozen_test_no_rating, &m.frozen_test_traditional, &m.dev] {
                write!(f, "   {:>5.3} {:>5.3}", r.micro_f1, r.macro_f1)?;
            }
            writeln!(f)
        };
        writeln!(f, "{:<58}   {:>11}   {:>11}   {:>11}   {:>11}   {:>11}", "", "5-fold CV", "frozen test", "no rating", "traditional", "dev_gold")?;
        write!(f, "{:<58}", "variant")?;
        for _ in 0..5 {
            write!(f, "   {:>5} {:>5}", "micro", "macro")?;
        }
        writeln!(f)?;
        for m in &self.ablations {
            line(f, m)?;
        }
        line(f, &self.shipped)?;
        writeln!(f, "\nthreshold (CV only): {}", self.shipped.threshold_sweep.iter().map(|(t, mi, ma)| format!("{t:.2} → {mi:.3}/{ma:.3}")).collect::<Vec<_>>().join(", "))?;
        writeln!(f, "\n== per tag: 5-fold cross-validation ==")?;
        write!(f, "{}", self.shipped.cv)?;
        writeln!(f, "\n== per tag: frozen test split (scores only: its errors are not read) ==")?;
        self.shipped.frozen_test.write_scores(f)?;
        writeln!(f, "\n== dev_gold (held out) ==")?;
        writeln!(f, "micro-F1 {:.3}, macro-F1 {:.3}", self.shipped.dev.micro_f1, self.shipped.dev.macro_f1)?;
        writeln!(f, "\n== reliability (CV, out-of-fold): predicted confidence vs observed precision ==")?;
        writeln!(f, "{:>12} {:>11} {:>15} {:>10}", "confidence", "predictions", "mean predicted", "precision")?;
        for b in &self.reliability {
            writeln!(f, "{:>5.2}–{:<5.2} {:>11} {:>15.3} {:>10.3}", b.from, b.to, b.predictions, b.mean_confidence, b.precision)?;
        }
        Ok(())
    }
}
