//! Training linear models ([`crate::linear`]) from labelled texts: the n-gram vocabulary and idf,
//! one class-weighted, L2-regularised logistic regression per label (L-BFGS), and a Platt
//! calibration per label fitted on out-of-fold scores. The cause tagger ([`train`]) and the
//! linter's sentence model ([`crate::lint_model`]) both go through [`train_linear`].
//! Deterministic: the same data gives the same bytes (fixed fold assignment by hash, no
//! randomness, labels trained independently).

use crate::classify::Classifier;
use crate::features::{self, counts, Doc, N_TAGS};
use crate::linear::{sigmoid, vectorize_counts_with, FileKind, LinearModel, TagParams, Vector, TAGGER_FILE};
use crate::model::{Cause, Rating};
use std::collections::BTreeMap;

/// One labelled review.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub id: String,
    pub text: String,
    pub rating: Option<Rating>,
    pub tags: Vec<Cause>,
}

/// Knobs of the trainer (the defaults are what `review-triage train` ships).
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Inverse regularisation strength.
    pub c: f64,
    /// An n-gram enters the vocabulary when it occurs in at least this many training reviews.
    pub min_df: u32,
    /// Calibrated probability from which a tag is predicted.
    pub threshold: f32,
    /// Value of a rule or rating feature.
    pub extra_value: f32,
    /// Folds for the out-of-fold scores the calibration is fitted on (0: no calibration).
    pub calibration_folds: u32,
    /// Use the lexicon/rule features.
    pub rule_features: bool,
    /// Class weights `(n / (2·count))^power`: 1 is "balanced", 0 is unweighted.
    pub class_weight_power: f64,
    /// The inverse regularisation of the second model, on n-gram presence (kinds with a binary
    /// block; `None`: that block stays zero). Its logits are averaged with the TF-IDF model's.
    pub presence_c: Option<f64>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { c: 10.0, min_df: 3, threshold: 0.4, extra_value: 1.0, calibration_folds: 3, rule_features: true, class_weight_power: 1.0, presence_c: Some(0.3) }
    }
}

/// Reads every review once (n-grams and rule scan), so folds and ablations reuse the work.
pub fn read_all(data: &[Labelled], rules: &Classifier, opts: &TrainOptions) -> Vec<Doc> {
    data.iter()
        .map(|r| {
            let mut d = features::read(&r.text, r.rating, rules);
            if !opts.rule_features {
                d.extra.retain(|&x| x >= features::RATING);
            }
            d
        })
        .collect()
}

/// Trains the tagger on `docs[i]` for every `i` in `rows`.
pub fn train(docs: &[Doc], data: &[Labelled], rows: &[usize], opts: &TrainOptions) -> LinearModel {
    let samples: Vec<Sample> =
        rows.iter().map(|&i| Sample { id: &data[i].id, counts: counts(&docs[i]), extra: &docs[i].extra, labels: label_row(&data[i]).to_vec() }).collect();
    train_linear(TAGGER_FILE, &samples, opts)
}

/// One training example in any model's terms.
#[derive(Debug, Clone)]
pub struct Sample<'a> {
    /// Stable id: decides the calibration fold.
    pub id: &'a str,
    /// n-gram counts (hash, count), sorted by hash ([`crate::features::counts`]).
    pub counts: Vec<(u32, u32)>,
    /// Extra features set to 1 (indices after the vocabulary, below `kind.n_extra`).
    pub extra: &'a [usize],
    /// One flag per label of `kind`.
    pub labels: Vec<bool>,
}

/// Trains a linear model of the given kind: the vocabulary and idf from the samples, one
/// logistic regression per label, and a Platt calibration per label on out-of-fold scores. Labels
/// get no parameters of their own here (the caller sets them).
///
/// With a binary block (the tagger), each label is two regressions whose logits are averaged:
/// one on TF-IDF (`c`), one on n-gram presence (`presence_c`), both with the extra features.
/// They err differently (the presence model does not let a long review dilute a telling word);
/// the average is one linear model over both blocks, so prediction stays one dot product.
pub fn train_linear(kind: FileKind, samples: &[Sample], opts: &TrainOptions) -> LinearModel {
    let n_labels = kind.n_labels;
    let (hashes, idf) = vocabulary(samples, opts.min_df);
    let v_len = hashes.len();
    let lookup = |h: u32| hashes.binary_search(&h).ok().map(|i| (i as u32, idf[i]));
    let tfidf: Vec<Vector> = samples.iter().map(|s| vectorize_counts_with(&s.counts, s.extra, lookup, v_len, opts.extra_value)).collect();
    // The presence model sees the n-grams as 1 (same indices) and the same extra features.
    let presence_c = opts.presence_c.filter(|_| kind.binary_block);
    let presence: Vec<Vector> = match presence_c {
        Some(_) => samples.iter().map(|s| presence_vector(&s.counts, s.extra, lookup, v_len, opts.extra_value)).collect(),
        None => Vec::new(),
    };
    let presence_opts = TrainOptions { c: presence_c.unwrap_or(opts.c), ..opts.clone() };
    let labels: Vec<&[bool]> = samples.iter().map(|s| s.labels.as_slice()).collect();
    let n_feat = v_len + kind.n_extra;
    let fits = fit_all_tags(&tfidf, &labels, n_labels, n_feat, opts, None);
    let presence_fits = if presence_c.is_some() { fit_all_tags(&presence, &labels, n_labels, n_feat, &presence_opts, None) } else { vec![None; n_labels] };
    // The averaged logit of label `t` for sample `j` under fits `a` and `b`.
    let logit = |a: &[Fit], b: &[Fit], j: usize, t: usize| -> Option<f32> {
        let (wa, ba) = a[t].as_ref()?;
        // `b` is all `None` without a presence model.
        Some(match b[t].as_ref() {
            Some((w, bias)) => (0.5 * (dot(wa, &tfidf[j]) + ba + dot(w, &presence[j]) + bias)) as f32,
            // Summed in f32 as before the presence model (the linter's weights stay byte for byte).
            _ => dot(wa, &tfidf[j]) as f32 + *ba as f32,
        })
    };

    // Calibration on out-of-fold raw scores: the in-sample scores of a model are overconfident.
    let mut platt = vec![(1.0f32, 0.0f32); n_labels];
    if opts.calibration_folds > 1 {
        let mut oof: Vec<Vec<f32>> = vec![vec![0.0; n_labels]; samples.len()];
        for k in 0..opts.calibration_folds {
            let inner: Vec<usize> = (0..samples.len()).filter(|&j| fold_of(samples[j].id, "calib", opts.calibration_folds) != k).collect();
            let outer: Vec<usize> = (0..samples.len()).filter(|&j| fold_of(samples[j].id, "calib", opts.calibration_folds) == k).collect();
            let il: Vec<&[bool]> = inner.iter().map(|&j| labels[j]).collect();
            // Warm-started from the full fit: a fold's optimum is close to it.
            let iv: Vec<Vector> = inner.iter().map(|&j| tfidf[j].clone()).collect();
            let f = fit_all_tags(&iv, &il, n_labels, n_feat, opts, Some(&fits));
            let fp = if presence_c.is_some() {
                let ip: Vec<Vector> = inner.iter().map(|&j| presence[j].clone()).collect();
                fit_all_tags(&ip, &il, n_labels, n_feat, &presence_opts, Some(&presence_fits))
            } else {
                vec![None; n_labels]
            };
            for &j in &outer {
                for t in 0..n_labels {
                    if let Some(z) = logit(&f, &fp, j, t) {
                        oof[j][t] = z;
                    }
                }
            }
        }
        for (t, slot) in platt.iter_mut().enumerate() {
            if fits[t].is_some() {
                let z: Vec<f64> = oof.iter().map(|s| f64::from(s[t])).collect();
                let y: Vec<bool> = labels.iter().map(|l| l[t]).collect();
                *slot = fit_platt(&z, &y);
            }
        }
    }

    // One model over [TF-IDF block | presence block | extras]: half of each fit's weights.
    let blocks = if kind.binary_block { 2 } else { 1 };
    let total = blocks * v_len + kind.n_extra;
    // The presence feature's value: the ratio of the two blocks' largest weights, so that both
    // blocks span the 8-bit range alike (the product weight × value is the fit's either way).
    let largest = |f: &[Fit], range: std::ops::Range<usize>| f.iter().flatten().flat_map(|(w, _)| w[range.clone()].iter()).fold(0f64, |m, x| m.max(x.abs()));
    let (a_max, b_max) = (largest(&fits, 0..v_len), largest(&presence_fits, 0..v_len));
    let binary_value = if presence_c.is_some() && a_max > 0.0 && b_max > 0.0 { (b_max / a_max) as f32 } else { 1.0 };
    let mut weights = vec![0f32; total * n_labels];
    let mut tags = Vec::with_capacity(n_labels);
    for t in 0..n_labels {
        let Some((wa, ba)) = &fits[t] else {
            tags.push(TagParams { trained: false, bias: -20.0, platt_a: 1.0, platt_b: 0.0, params: Vec::new() });
            continue;
        };
        let presence_fit = presence_fits[t].as_ref();
        let share = if presence_fit.is_some() { 0.5 } else { 1.0 };
        let mut bias = share * ba;
        for (i, &x) in wa.iter().enumerate() {
            let at = if i < v_len { i } else { blocks * v_len + (i - v_len) };
            weights[at * n_labels + t] = (share * x) as f32;
        }
        if let Some((wb, bb)) = presence_fit {
            bias += 0.5 * bb;
            for (i, &x) in wb.iter().enumerate() {
                if i < v_len {
                    weights[(v_len + i) * n_labels + t] = (0.5 * x / f64::from(binary_value)) as f32;
                } else {
                    weights[(blocks * v_len + (i - v_len)) * n_labels + t] += (0.5 * x) as f32;
                }
            }
        }
        tags.push(TagParams { trained: true, bias: bias as f32, platt_a: platt[t].0, platt_b: platt[t].1, params: Vec::new() });
    }
    LinearModel::new(kind, hashes, idf, weights, tags, opts.threshold, opts.extra_value, binary_value)
}

/// A sample for the presence model: each n-gram of the vocabulary as 1, then the extra features.
fn presence_vector(counts: &[(u32, u32)], extra: &[usize], lookup: impl Fn(u32) -> Option<(u32, f32)>, vocab_len: usize, extra_value: f32) -> Vector {
    let mut entries: Vec<(u32, f32)> = counts.iter().filter_map(|&(h, _)| lookup(h).map(|(i, _)| (i, 1.0))).collect();
    entries.extend(extra.iter().map(|&x| ((vocab_len + x) as u32, extra_value)));
    Vector { entries }
}

/// Gold tags of a review as a row of booleans in `Cause::ALL` order.
pub fn label_row(r: &Labelled) -> [bool; N_TAGS] {
    let mut l = [false; N_TAGS];
    for &t in &r.tags {
        l[features::tag_index(t)] = true;
    }
    l
}

/// A stable fold number in `0..k` for an id (FNV-1a of salt and id).
pub fn fold_of(id: &str, salt: &str, k: u32) -> u32 {
    (crate::engine::pipeline::stable_hash(&[salt, id]) % u64::from(k.max(1))) as u32
}

/// The n-grams in at least `min_df` of the given samples, sorted by hash, and their smoothed idf.
fn vocabulary(samples: &[Sample], min_df: u32) -> (Vec<u32>, Vec<f32>) {
    let mut df: BTreeMap<u32, u32> = BTreeMap::new();
    for s in samples {
        for &(h, _) in &s.counts {
            *df.entry(h).or_default() += 1;
        }
    }
    let n = samples.len() as f32;
    let (hashes, idf): (Vec<u32>, Vec<f32>) =
        df.into_iter().filter(|&(_, d)| d >= min_df).map(|(h, d)| (h, ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)).unzip();
    (hashes, idf)
}

type Fit = Option<(Vec<f64>, f64)>;

/// A tag with fewer labelled examples is left to the rules (`extortion` has almost none: a model
/// would learn "never").
pub const MIN_POSITIVES: usize = 20;

/// L-BFGS stops when the gradient norm is this fraction of its value at zero weights.
const TOLERANCE: f64 = 1e-3;

/// One logistic regression per label, labels split over two threads (each fit is sequential, so
/// the result does not depend on scheduling).
fn fit_all_tags(x: &[Vector], labels: &[&[bool]], n_labels: usize, n_feat: usize, opts: &TrainOptions, warm: Option<&[Fit]>) -> Vec<Fit> {
    let fit_tag = |t: usize| -> Fit {
        let y: Vec<bool> = labels.iter().map(|l| l[t]).collect();
        let pos = y.iter().filter(|&&b| b).count();
        if pos < MIN_POSITIVES || pos == y.len() {
            return None;
        }
        let start = warm.and_then(|w| w[t].as_ref());
        Some(fit_logistic(x, &y, n_feat, opts.c, opts.class_weight_power, start))
    };
    let mut out: Vec<Fit> = vec![None; n_labels];
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..2).map(|part| s.spawn(move || (part..n_labels).step_by(2).map(|t| (t, fit_tag(t))).collect::<Vec<_>>())).collect();
        for h in handles {
            for (t, f) in h.join().unwrap_or_default() {
                out[t] = f;
            }
        }
    });
    out
}

fn dot(w: &[f64], v: &Vector) -> f64 {
    v.entries.iter().map(|&(i, x)| w[i as usize] * f64::from(x)).sum()
}

/// Class-weighted ("balanced") L2 logistic regression:
/// min ½‖w‖² + C Σ cᵢ log(1 + exp(−yᵢ(w·xᵢ + b))), the bias regularised like a feature of value 1
/// (as liblinear does), solved with L-BFGS.
pub fn fit_logistic(x: &[Vector], y: &[bool], n_feat: usize, c: f64, power: f64, start: Option<&(Vec<f64>, f64)>) -> (Vec<f64>, f64) {
    let n = y.len() as f64;
    let pos = y.iter().filter(|&&b| b).count() as f64;
    let (cw_pos, cw_neg) = ((n / (2.0 * pos)).powf(power), (n / (2.0 * (n - pos))).powf(power));
    let dim = n_feat + 1;
    let objective = |w: &[f64], g: &mut [f64]| -> f64 {
        let mut f = 0.0;
        for (gi, wi) in g.iter_mut().zip(w) {
            *gi = *wi;
            f += 0.5 * wi * wi;
        }
        for (v, &yi) in x.iter().zip(y) {
            let z = dot(&w[..n_feat], v) + w[n_feat];
            let (s, cw) = if yi { (1.0, cw_pos) } else { (-1.0, cw_neg) };
            let m = s * z;
            // log(1 + e^-m) without overflow
            f += c * cw * if m > 0.0 { (-m).exp().ln_1p() } else { -m + m.exp().ln_1p() };
            let d = -c * cw * s / (1.0 + m.exp());
            for &(i, xv) in &v.entries {
                g[i as usize] += d * f64::from(xv);
            }
            g[n_feat] += d;
        }
        f
    };
    let x0 = match start {
        Some((w, b)) => w.iter().copied().chain([*b]).collect(),
        None => vec![0.0; dim],
    };
    // The stopping rule is relative to the gradient at zero weights, also for a warm start.
    let mut g = vec![0.0; dim];
    objective(&vec![0.0; dim], &mut g);
    let w = lbfgs(objective, x0, 400, TOLERANCE * norm(&g));
    let b = w[n_feat];
    (w[..n_feat].to_vec(), b)
}

/// Limited-memory BFGS with a backtracking (Armijo) line search; stops when the gradient norm
/// falls below `tol`. Hand-written (~50 lines) rather than pulling an
/// optimisation framework into the build for one smooth convex problem.
fn lbfgs(f: impl Fn(&[f64], &mut [f64]) -> f64, mut x: Vec<f64>, max_iter: usize, tol: f64) -> Vec<f64> {
    const M: usize = 10;
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut fx = f(&x, &mut g);
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    for iter in 0..max_iter {
        if norm(&g) <= tol {
            break;
        }
        // Two-loop recursion: d = −H g.
        let mut q = g.clone();
        let mut alpha = vec![0.0; s_hist.len()];
        for k in (0..s_hist.len()).rev() {
            let rho = 1.0 / dotv(&y_hist[k], &s_hist[k]);
            alpha[k] = rho * dotv(&s_hist[k], &q);
            axpy(-alpha[k], &y_hist[k], &mut q);
        }
        if let (Some(s), Some(yv)) = (s_hist.last(), y_hist.last()) {
            let gamma = dotv(s, yv) / dotv(yv, yv);
            q.iter_mut().for_each(|v| *v *= gamma);
        } else {
            let scale = 1.0 / norm(&g);
            q.iter_mut().for_each(|v| *v *= scale);
        }
        for k in 0..s_hist.len() {
            let rho = 1.0 / dotv(&y_hist[k], &s_hist[k]);
            let beta = rho * dotv(&y_hist[k], &q);
            axpy(alpha[k] - beta, &s_hist[k], &mut q);
        }
        let d: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dotv(&g, &d);
        if slope >= 0.0 {
            // Not a descent direction (numerical trouble): restart from steepest descent.
            s_hist.clear();
            y_hist.clear();
            continue;
        }
        let mut step = 1.0;
        let mut fx_new;
        loop {
            for i in 0..n {
                x_new[i] = x[i] + step * d[i];
            }
            fx_new = f(&x_new, &mut g_new);
            if fx_new <= fx + 1e-4 * step * slope || step < 1e-10 {
                break;
            }
            step *= 0.5;
        }
        let s: Vec<f64> = (0..n).map(|i| x_new[i] - x[i]).collect();
        let yv: Vec<f64> = (0..n).map(|i| g_new[i] - g[i]).collect();
        if dotv(&s, &yv) > 1e-12 {
            if s_hist.len() == M {
                s_hist.remove(0);
                y_hist.remove(0);
            }
            s_hist.push(s);
            y_hist.push(yv);
        }
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        let improved = fx - fx_new;
        fx = fx_new;
        if iter > 0 && improved.abs() < 1e-12 * fx.abs().max(1.0) {
            break;
        }
    }
    x
}

fn dotv(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
fn norm(a: &[f64]) -> f64 {
    dotv(a, a).sqrt()
}
fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

/// Platt scaling: (a, b) minimising the log loss of σ(a·z + b) against the labels, with Platt's
/// smoothed targets so that a perfectly separated tag does not run to infinity.
fn fit_platt(z: &[f64], y: &[bool]) -> (f32, f32) {
    let pos = y.iter().filter(|&&b| b).count() as f64;
    let neg = y.len() as f64 - pos;
    let (t_pos, t_neg) = ((pos + 1.0) / (pos + 2.0), 1.0 / (neg + 2.0));
    let objective = |p: &[f64], g: &mut [f64]| -> f64 {
        let (mut f, mut ga, mut gb) = (0.0, 0.0, 0.0);
        for (&zi, &yi) in z.iter().zip(y) {
            let t = if yi { t_pos } else { t_neg };
            let q = f64::from(sigmoid((p[0] * zi + p[1]) as f32)).clamp(1e-12, 1.0 - 1e-12);
            f -= t * q.ln() + (1.0 - t) * (1.0 - q).ln();
            ga += (q - t) * zi;
            gb += q - t;
        }
        g[0] = ga;
        g[1] = gb;
        f
    };
    let p = lbfgs(objective, vec![1.0, 0.0], 200, 1e-6 * z.len() as f64);
    (p[0] as f32, p[1] as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(entries: &[(u32, f32)]) -> Vector {
        Vector { entries: entries.to_vec() }
    }

    #[test]
    fn logistic_separates_a_toy_problem() {
        // Feature 0 means positive, feature 1 negative.
        let x = vec![v(&[(0, 1.0)]), v(&[(0, 1.0)]), v(&[(1, 1.0)]), v(&[(1, 1.0)]), v(&[(1, 1.0)])];
        let y = vec![true, true, false, false, false];
        let (w, b) = fit_logistic(&x, &y, 2, 10.0, 1.0, None);
        assert!(w[0] + b > 0.0 && w[1] + b < 0.0, "{w:?} {b}");
    }

    #[test]
    fn platt_maps_scores_to_frequencies() {
        let z: Vec<f64> = (0..200).map(|i| f64::from(i % 20) - 10.0).collect();
        let y: Vec<bool> = z.iter().map(|&s| s > 0.0).collect();
        let (a, b) = fit_platt(&z, &y);
        assert!(a > 0.0);
        assert!(sigmoid(a * 5.0 + b) > 0.9 && sigmoid(a * -5.0 + b) < 0.1);
    }

    #[test]
    fn folds_are_stable_and_spread() {
        assert_eq!(fold_of("t0001", "x", 5), fold_of("t0001", "x", 5));
        let mut seen = [0; 5];
        for i in 0..500 {
            seen[fold_of(&format!("t{i:04}"), "x", 5) as usize] += 1;
        }
        assert!(seen.iter().all(|&n| n > 60), "{seen:?}");
    }
}
