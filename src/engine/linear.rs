//! Trained linear models over hashed character n-grams: one logistic regression per label, with
//! a Platt calibration per label so that a probability means "about this share of such
//! predictions are right". Two models use it: the cause tagger (18 labels over the features of
//! [`crate::features`], `data/tagger.bin`, see the reliability table of `review-triage eval`) and
//! the reply linter's sentence model (7 forbidden kinds, `data/linter.bin`, [`crate::lint_model`]).
//!
//! The weights ship as a small binary file: the n-gram vocabulary as sorted 32-bit hashes, idf and
//! weights quantised to 16 and 8 bits. Each kind of model has its own magic number and shape
//! ([`FileKind`]); loading checks the magic, the shape and a checksum, so a truncated, foreign or
//! stale file is an error, never a silently wrong model.

use crate::features::{Doc, N_EXTRA, N_TAGS};

/// What a weights file holds: its magic number, the shape this build expects, and how many
/// parameters of its own each label carries after its calibration (the linter's: a decision
/// threshold and a keep threshold; the tagger's: none, one threshold serves every tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    pub magic: [u8; 8],
    /// Named in errors ("tagger weights: …").
    pub what: &'static str,
    pub n_extra: usize,
    pub n_labels: usize,
    pub label_params: usize,
    /// A second block of n-gram features: each n-gram's presence (a constant value), next to
    /// its TF-IDF. The tagger's weights are two models averaged (an L2 logistic regression on
    /// TF-IDF, one on presence), folded into one linear model over both blocks.
    pub binary_block: bool,
}

/// The cause tagger's file (`data/tagger.bin`): n-grams with a TF-IDF and a presence weight per
/// tag in one row (RTTAGGR1, before the presence model, had only the first).
pub const TAGGER_FILE: FileKind = FileKind { magic: *b"RTTAGGR2", what: "tagger weights", n_extra: N_EXTRA, n_labels: N_TAGS, label_params: 0, binary_block: true };

/// The vocabulary as an open-addressing table: n-gram hash → (feature index, idf). The keys are
/// FNV hashes already, so their low bits index the table directly; a lookup is a couple of probes,
/// several times cheaper than a general-purpose map on this hot path. The idf sits in the slot
/// because every lookup of a long text misses the cache: one miss per n-gram instead of two.
#[derive(Debug, Clone, Default)]
struct Vocab {
    /// (hash, feature + 1, idf); feature 0 marks an empty slot.
    slots: Vec<(u32, u32, f32)>,
    mask: usize,
}

impl Vocab {
    fn new(hashes: &[u32], idf: &[f32]) -> Vocab {
        // At most ~60 % full: short probe runs, and a table that stays small in cache.
        let size = (hashes.len() * 8 / 5).next_power_of_two().max(16);
        let mut v = Vocab { slots: vec![(0, 0, 0.0); size], mask: size - 1 };
        for (i, &h) in hashes.iter().enumerate() {
            let mut at = h as usize & v.mask;
            while v.slots[at].1 != 0 {
                at = (at + 1) & v.mask;
            }
            v.slots[at] = (h, i as u32 + 1, idf.get(i).copied().unwrap_or(0.0));
        }
        v
    }

    /// Asks the CPU to start loading the slot of `h` (its lookup a few n-grams later then finds
    /// it in cache: the table is larger than the cache and each text touches it at random).
    #[inline(always)]
    fn prefetch(&self, h: u32) {
        prefetch(self.slots.get(h as usize & self.mask));
    }

    fn get(&self, h: u32) -> Option<(u32, f32)> {
        let mut at = h as usize & self.mask;
        loop {
            match self.slots.get(at)? {
                (_, 0, _) => return None,
                (k, i, idf) if *k == h => return Some((i - 1, *idf)),
                _ => at = (at + 1) & self.mask,
            }
        }
    }
}

/// A hint to the CPU to start loading `item`'s cache line (a no-op off x86-64 and for `None`).
#[inline(always)]
fn prefetch<T>(item: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(item) = item {
        // SAFETY: a prefetch only hints; it never faults, and this address is a valid reference.
        unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((item as *const T).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// One label's trained parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct TagParams {
    /// False when the training data had no example of the label (`extortion`): rules decide it.
    pub trained: bool,
    pub bias: f32,
    /// Platt scaling: calibrated p = σ(a·z + b) for the raw score z.
    pub platt_a: f32,
    pub platt_b: f32,
    /// The label's own parameters (`kind.label_params` of them; the first, when there is one, is
    /// its decision threshold on the calibrated probability, otherwise the model's `threshold`
    /// applies).
    pub params: Vec<f32>,
}

/// A trained linear model: one logistic regression per label (the tagger's labels are called tags).
#[derive(Debug, Clone)]
pub struct LinearModel {
    pub kind: FileKind,
    /// Sorted n-gram hashes; a feature's index is its position here.
    pub hashes: Vec<u32>,
    /// One row per feature, quantised per label: weight = q × `scales[label]`. An n-gram's row
    /// holds its TF-IDF weights and, with a binary block, its presence weights right after them
    /// (one cache line per n-gram: a separate block cost a second miss, tagging 16 % slower);
    /// then one row per extra feature. Kept as in the file, so the model measured after training
    /// is the one that ships, and a quarter of the f32 size in cache (scoring is memory-bound:
    /// one row per n-gram of the text).
    quantised: Vec<i8>,
    scales: Vec<f32>,
    pub tags: Vec<TagParams>,
    /// Calibrated probability from which a label is predicted (unless it has its own).
    pub threshold: f32,
    /// The value of an extra (rule, rating) feature next to the L2-normalised n-gram block.
    pub extra_value: f32,
    /// The value of an n-gram's presence feature (the second block, when the kind has one):
    /// chosen at training so that both blocks' weights use the 8 bits alike.
    pub binary_value: f32,
    index: Vocab,
}

/// Why a weights file could not be read (the message names the kind of file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ModelError(pub String);

/// A document as the model sees it: sparse (feature index, value) and, per n-gram feature, where
/// it occurs (for evidence).
#[derive(Debug, Clone, Default)]
pub struct Vector {
    pub entries: Vec<(u32, f32)>,
}

impl LinearModel {
    /// Builds a model from trained parts (the index is derived).
    ///
    /// `weights`: `(blocks × hashes.len() + kind.n_extra) × kind.n_labels`, row-major by feature:
    /// the TF-IDF block, the presence block (with a binary block), the extra features.
    #[allow(clippy::too_many_arguments)]
    pub fn new(kind: FileKind, hashes: Vec<u32>, idf: Vec<f32>, weights: Vec<f32>, tags: Vec<TagParams>, threshold: f32, extra_value: f32, binary_value: f32) -> LinearModel {
        debug_assert_eq!(tags.len(), kind.n_labels);
        debug_assert_eq!(weights.len(), (blocks(kind) * hashes.len() + kind.n_extra) * kind.n_labels);
        let n = kind.n_labels;
        let scales: Vec<f32> = (0..n)
            .map(|t| {
                let max = weights.iter().skip(t).step_by(n).fold(0f32, |m, w| m.max(w.abs()));
                if max > 0.0 { max / 127.0 } else { 1.0 }
            })
            .collect();
        let q: Vec<i8> = weights.iter().enumerate().map(|(k, w)| (w / scales[k % n]).round().clamp(-127.0, 127.0) as i8).collect();
        // Into the storage order: each n-gram's TF-IDF row, then its presence row.
        let v = hashes.len();
        let quantised = if kind.binary_block {
            let mut out = Vec::with_capacity(q.len());
            for i in 0..v {
                out.extend_from_slice(&q[i * n..(i + 1) * n]);
                out.extend_from_slice(&q[(v + i) * n..(v + i + 1) * n]);
            }
            out.extend_from_slice(&q[2 * v * n..]);
            out
        } else {
            q
        };
        LinearModel::from_quantised(kind, hashes, idf, quantised, scales, tags, threshold, extra_value, binary_value)
    }

    #[allow(clippy::too_many_arguments)]
    fn from_quantised(kind: FileKind, hashes: Vec<u32>, idf: Vec<f32>, quantised: Vec<i8>, scales: Vec<f32>, tags: Vec<TagParams>, threshold: f32, extra_value: f32, binary_value: f32) -> LinearModel {
        let index = Vocab::new(&hashes, &idf);
        LinearModel { kind, hashes, quantised, scales, tags, threshold, extra_value, binary_value, index }
    }

    /// The quantised weights of vector feature `i` (an n-gram below `vocab_len`, then the extra
    /// features), and the n-gram's presence weights when the model has them.
    fn rows(&self, i: u32) -> (&[i8], Option<&[i8]>) {
        let (n, v, i) = (self.n_labels(), self.vocab_len(), i as usize);
        let width = n * blocks(self.kind);
        if i < v {
            let row = &self.quantised[i * width..(i + 1) * width];
            let (own, presence) = row.split_at(n);
            (own, self.kind.binary_block.then_some(presence))
        } else {
            let at = v * width + (i - v) * n;
            (&self.quantised[at..at + n], None)
        }
    }

    /// What n-gram feature `i` (with TF-IDF value `x`) adds to label `t`'s score, its presence
    /// included.
    pub fn gram_contribution(&self, i: u32, x: f32, t: usize) -> f32 {
        let (own, presence) = self.rows(i);
        let q = f32::from(own[t]) * x + presence.map_or(0.0, |p| f32::from(p[t]) * self.binary_value);
        q * self.scales[t]
    }

    /// Number of labels.
    pub fn n_labels(&self) -> usize {
        self.kind.n_labels
    }

    /// The decision threshold of label `t`.
    pub fn threshold_of(&self, t: usize) -> f32 {
        self.tags[t].params.first().copied().unwrap_or(self.threshold)
    }

    /// Number of n-gram features.
    pub fn vocab_len(&self) -> usize {
        self.hashes.len()
    }

    /// The feature index of an n-gram hash, if it is in the vocabulary.
    pub fn feature(&self, hash: u32) -> Option<u32> {
        self.index.get(hash).map(|(i, _)| i)
    }

    /// TF-IDF (sublinear tf, L2-normalised) n-grams plus the extra block: entries in the order
    /// their n-gram first occurs, so that training and prediction add up scores in the same
    /// order. Counting goes through a small open-addressing table (no sort, no allocation per
    /// gram).
    pub fn vectorize(&self, doc: &Doc) -> Vector {
        /// How many n-grams ahead the vocabulary slot is prefetched.
        const AHEAD: usize = 8;
        for g in doc.grams.iter().take(AHEAD) {
            self.index.prefetch(g.hash);
        }
        // (feature, idf, count) per distinct feature, and a table of slots into it keyed by feature.
        let mut found: Vec<(u32, f32, u32)> = Vec::with_capacity(doc.grams.len());
        let size = (doc.grams.len() * 2).next_power_of_two().max(16);
        let mut table: Vec<u32> = vec![u32::MAX; size];
        for (k, g) in doc.grams.iter().enumerate() {
            if let Some(ahead) = doc.grams.get(k + AHEAD) {
                self.index.prefetch(ahead.hash);
            }
            let Some((i, idf)) = self.index.get(g.hash) else { continue };
            let mut slot = (i.wrapping_mul(0x9E37_79B9) as usize) & (size - 1);
            loop {
                match table[slot] {
                    u32::MAX => {
                        table[slot] = found.len() as u32;
                        found.push((i, idf, 1));
                        break;
                    }
                    j if found[j as usize].0 == i => {
                        found[j as usize].2 += 1;
                        break;
                    }
                    _ => slot = (slot + 1) & (size - 1),
                }
            }
        }
        tf_idf(found.into_iter(), &doc.extra, self.vocab_len(), self.extra_value)
    }

    /// The same from n-gram counts (hash, count) and extra features set to 1.
    pub fn vectorize_counts(&self, counts: &[(u32, u32)], extra: &[usize]) -> Vector {
        vectorize_counts_with(counts, extra, |h| self.index.get(h), self.vocab_len(), self.extra_value)
    }

    /// Raw scores (log-odds) per label.
    pub fn scores(&self, v: &Vector) -> Vec<f32> {
        // The tagger's shape as a constant: the row loop is then unrolled and vectorised (the
        // general loop made tagging 1.5× slower).
        match self.n_labels() {
            N_TAGS => self.scores_fixed::<N_TAGS>(v).to_vec(),
            n => {
                let mut z = vec![0f32; n];
                for &(i, x) in &v.entries {
                    let (own, presence) = self.rows(i);
                    for (zt, &q) in z.iter_mut().zip(own) {
                        *zt += f32::from(q) * x;
                    }
                    for (zt, &q) in z.iter_mut().zip(presence.unwrap_or_default()) {
                        *zt += f32::from(q) * self.binary_value;
                    }
                }
                z.iter().zip(&self.scales).zip(&self.tags).map(|((z, s), p)| p.bias + z * s).collect()
            }
        }
    }

    fn scores_fixed<const N: usize>(&self, v: &Vector) -> [f32; N] {
        let mut z = [0f32; N];
        let (vocab, b) = (self.vocab_len(), self.binary_value);
        let width = N * blocks(self.kind);
        for (k, &(i, x)) in v.entries.iter().enumerate() {
            // As in the vocabulary: start loading a later row while this one is summed.
            if let Some(&(ahead, _)) = v.entries.get(k + 4) {
                if (ahead as usize) < vocab {
                    prefetch(self.quantised.get(ahead as usize * width));
                }
            }
            let (own, presence) = self.rows(i);
            let own: &[i8; N] = own.try_into().expect("row of N weights");
            match presence {
                Some(p) => {
                    let p: &[i8; N] = p.try_into().expect("row of N weights");
                    for t in 0..N {
                        z[t] += f32::from(own[t]) * x + f32::from(p[t]) * b;
                    }
                }
                None => {
                    for t in 0..N {
                        z[t] += f32::from(own[t]) * x;
                    }
                }
            }
        }
        std::array::from_fn(|t| self.tags[t].bias + z[t] * self.scales[t])
    }

    /// Calibrated probability of tag `t` for raw score `z`.
    pub fn probability(&self, t: usize, z: f32) -> f32 {
        let p = &self.tags[t];
        sigmoid(p.platt_a * z + p.platt_b)
    }

    /// The weight of vector feature `i` (an n-gram's TF-IDF, or an extra feature) for label `t`.
    pub fn weight(&self, i: u32, t: usize) -> f32 {
        f32::from(self.rows(i).0[t]) * self.scales[t]
    }

    /// Serialises the model (weights quantised per label to i8, idf to u16).
    pub fn to_bytes(&self) -> Vec<u8> {
        let (n_extra, n_labels) = (self.kind.n_extra, self.kind.n_labels);
        let n_feat = blocks(self.kind) * self.hashes.len() + n_extra;
        let mut out = Vec::with_capacity(32 + self.hashes.len() * (6 + n_labels * blocks(self.kind)));
        out.extend_from_slice(&self.kind.magic);
        for v in [self.hashes.len() as u32, n_extra as u32, n_labels as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.threshold.to_le_bytes());
        out.extend_from_slice(&self.extra_value.to_le_bytes());
        if self.kind.binary_block {
            out.extend_from_slice(&self.binary_value.to_le_bytes());
        }
        for (t, p) in self.tags.iter().enumerate() {
            out.push(u8::from(p.trained));
            for v in [p.bias, p.platt_a, p.platt_b, self.scales[t]] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            for k in 0..self.kind.label_params {
                out.extend_from_slice(&p.params.get(k).copied().unwrap_or(0.0).to_le_bytes());
            }
        }
        for h in &self.hashes {
            out.extend_from_slice(&h.to_le_bytes());
        }
        // The idf lives in the vocabulary table (next to each hash, for lookups).
        for idf in self.hashes.iter().map(|&h| self.index.get(h).map_or(0.0, |(_, idf)| idf)) {
            out.extend_from_slice(&((idf * 1000.0).round().clamp(0.0, 65535.0) as u16).to_le_bytes());
        }
        debug_assert_eq!(self.quantised.len(), n_feat * n_labels);
        out.extend(self.quantised.iter().map(|&q| q as u8));
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads a tagger file written by [`LinearModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<LinearModel, ModelError> {
        LinearModel::from_bytes_as(bytes, TAGGER_FILE)
    }

    /// Reads a file of the given kind written by [`LinearModel::to_bytes`].
    pub fn from_bytes_as(bytes: &[u8], kind: FileKind) -> Result<LinearModel, ModelError> {
        let what = kind.what;
        let err = |m: &str| ModelError(format!("{what}: {m}"));
        if bytes.len() < kind.magic.len() + 4 || bytes[..kind.magic.len()] != kind.magic {
            return Err(err("not a review-triage file of this kind (bad magic)"));
        }
        let (body, tail) = bytes.split_at(bytes.len() - 4);
        let stored = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
        if checksum(body) != stored {
            return Err(err("checksum mismatch (file truncated or changed)"));
        }
        let mut r = Reader { b: body, at: kind.magic.len(), what };
        let n_vocab = r.u32()? as usize;
        let n_extra = r.u32()? as usize;
        let n_labels = r.u32()? as usize;
        if n_extra != kind.n_extra || n_labels != kind.n_labels {
            return Err(err(&format!(
                "shape {n_extra} extra × {n_labels} labels, this build expects {} × {}: retrain",
                kind.n_extra, kind.n_labels
            )));
        }
        let threshold = r.f32()?;
        let extra_value = r.f32()?;
        let binary_value = if kind.binary_block { r.f32()? } else { 0.0 };
        let mut tags = Vec::with_capacity(n_labels);
        let mut scales = vec![0f32; n_labels];
        for scale in scales.iter_mut() {
            let trained = r.u8()? != 0;
            let (bias, platt_a, platt_b) = (r.f32()?, r.f32()?, r.f32()?);
            *scale = r.f32()?;
            let params = (0..kind.label_params).map(|_| r.f32()).collect::<Result<Vec<f32>, ModelError>>()?;
            tags.push(TagParams { trained, bias, platt_a, platt_b, params });
        }
        let hashes: Vec<u32> = r.take(n_vocab * 4)?.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        if hashes.windows(2).any(|w| w[0] >= w[1]) {
            return Err(err("vocabulary not sorted"));
        }
        let idf: Vec<f32> = r.take(n_vocab * 2)?.chunks_exact(2).map(|b| f32::from(u16::from_le_bytes([b[0], b[1]])) / 1000.0).collect();
        let n_feat = blocks(kind) * n_vocab + n_extra;
        let raw = r.take(n_feat * n_labels)?;
        let quantised: Vec<i8> = raw.iter().map(|&b| b as i8).collect();
        if r.at != body.len() {
            return Err(err("trailing bytes"));
        }
        Ok(LinearModel::from_quantised(kind, hashes, idf, quantised, scales, tags, threshold, extra_value, binary_value))
    }
}

/// Number of n-gram blocks of a kind of model.
fn blocks(kind: FileKind) -> usize {
    1 + usize::from(kind.binary_block)
}

/// TF-IDF vector of n-gram counts (hash, count) and extra features (indices after the
/// vocabulary), for models whose input is not a tagger [`Doc`] (the linter's sentences).
pub fn vectorize_counts_with(counts: &[(u32, u32)], extra: &[usize], lookup: impl Fn(u32) -> Option<(u32, f32)>, vocab_len: usize, extra_value: f32) -> Vector {
    tf_idf(counts.iter().filter_map(|&(h, n)| lookup(h).map(|(i, idf)| (i, idf, n))), extra, vocab_len, extra_value)
}

/// (feature, idf, count) → sublinear TF-IDF, L2-normalised, then the extra features. A model's
/// presence block needs no entries: each n-gram's row carries it ([`LinearModel::scores`]).
fn tf_idf(found: impl Iterator<Item = (u32, f32, u32)>, extra: &[usize], vocab_len: usize, extra_value: f32) -> Vector {
    let mut entries: Vec<(u32, f32)> = found.map(|(i, idf, n)| (i, (1.0 + (n as f32).ln()) * idf)).collect();
    let norm = entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for e in &mut entries {
            e.1 /= norm;
        }
    }
    for &x in extra {
        entries.push(((vocab_len + x) as u32, extra_value));
    }
    Vector { entries }
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

fn checksum(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
    what: &'static str,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let what = self.what;
        let s = self.b.get(self.at..self.at + n).ok_or_else(|| ModelError(format!("{what}: file too short")))?;
        self.at += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOY: FileKind = FileKind { magic: *b"RTTOYMD1", what: "toy weights", n_extra: 2, n_labels: 3, label_params: 2, binary_block: false };

    fn toy() -> LinearModel {
        let tags = (0..3).map(|t| TagParams { trained: t != 2, bias: -0.5 * t as f32, platt_a: 1.5, platt_b: 0.25, params: vec![0.3 + 0.1 * t as f32, 0.05] }).collect();
        // 2 n-grams + 2 extra features, 3 labels.
        let weights = vec![1.0, -2.0, 0.0, 0.5, 0.25, 0.0, -1.0, 3.0, 0.0, 0.0, 0.0, 0.0];
        LinearModel::new(TOY, vec![7, 42], vec![1.5, 2.25], weights, tags, 0.5, 0.8, 0.0)
    }

    #[test]
    fn any_shape_round_trips_with_per_label_thresholds() {
        let m = toy();
        let back = LinearModel::from_bytes_as(&m.to_bytes(), TOY).unwrap();
        assert_eq!(back.hashes, m.hashes);
        assert_eq!(back.tags.iter().map(|t| t.params.clone()).collect::<Vec<_>>(), vec![vec![0.3, 0.05], vec![0.4, 0.05], vec![0.5, 0.05]]);
        assert!((back.threshold_of(1) - 0.4).abs() < 1e-6);
        // The model is quantised when built: the file holds exactly it, and its weights are
        // within one quantisation step of what training gave.
        assert_eq!(back.to_bytes(), m.to_bytes());
        let trained = [1.0, -2.0, 0.0, 0.5, 0.25, 0.0, -1.0, 3.0, 0.0, 0.0, 0.0, 0.0];
        for (k, w) in trained.iter().enumerate() {
            assert!((back.weight((k / 3) as u32, k % 3) - w).abs() < 0.03, "{k}: {} vs {w}", back.weight((k / 3) as u32, k % 3));
        }
        let v = back.vectorize_counts(&[(42, 2), (99, 1)], &[1]);
        assert_eq!(v.entries.iter().map(|e| e.0).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(back.scores(&v).len(), 3);
    }

    #[test]
    fn foreign_stale_or_damaged_files_are_refused() {
        let bytes = toy().to_bytes();
        let tagger = LinearModel::from_bytes(&bytes).unwrap_err();
        assert!(tagger.0.starts_with("tagger weights: ") && tagger.0.contains("bad magic"), "{tagger}");
        let other_shape = FileKind { n_labels: 4, ..TOY };
        assert!(LinearModel::from_bytes_as(&bytes, other_shape).unwrap_err().0.contains("retrain"));
        let cut = &bytes[..bytes.len() - 5];
        assert!(LinearModel::from_bytes_as(cut, TOY).unwrap_err().0.contains("checksum"));
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        assert!(LinearModel::from_bytes_as(&flipped, TOY).is_err());
    }

    #[test]
    fn a_presence_block_adds_each_ngrams_presence_weight() {
        const TWO: FileKind = FileKind { binary_block: true, magic: *b"RTTOYMD2", ..TOY };
        let tags: Vec<TagParams> = (0..3).map(|_| TagParams { trained: true, bias: 0.0, platt_a: 1.0, platt_b: 0.0, params: vec![0.5, 0.0] }).collect();
        // Rows: n-gram 7 and 42 (TF-IDF), their presence, two extra features; 3 labels.
        #[rustfmt::skip]
        let weights = vec![
            1.0, 0.0, 0.0,   0.0, 2.0, 0.0,
            0.5, 0.0, -1.0,  0.0, 0.0, 1.0,
            0.0, 0.0, 0.0,   0.0, 0.0, 0.5,
        ];
        let m = LinearModel::new(TWO, vec![7, 42], vec![1.0, 1.0], weights, tags, 0.5, 1.0, 2.0);
        let back = LinearModel::from_bytes_as(&m.to_bytes(), TWO).unwrap();
        assert_eq!(back.to_bytes(), m.to_bytes());
        // Only n-gram 42 occurs (TF-IDF 1 after normalising), and extra feature 1.
        let v = back.vectorize_counts(&[(42, 1)], &[1]);
        let z = back.scores(&v);
        // label 0: 0; label 1: 2 (tf-idf) + 0 (presence); label 2: 0 + 1 × 2 (presence) + 0.5.
        let want = [0.0, 2.0, 2.5];
        for t in 0..3 {
            assert!((z[t] - want[t]).abs() < 0.05, "label {t}: {} vs {}", z[t], want[t]);
        }
        assert!((back.gram_contribution(1, 1.0, 2) - 2.0).abs() < 0.05);
        assert!((back.gram_contribution(0, 1.0, 0) - (1.0 + 0.5 * 2.0)).abs() < 0.05);
    }
}
