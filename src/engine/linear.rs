//! The trained part of the tagger: one logistic regression per cause tag over the features of
//! [`crate::features`], with a Platt calibration per tag so that `confidence` means "about this
//! share of such predictions are right" (see the reliability table of `review-triage eval`).
//!
//! The weights ship as a small binary file (`data/tagger.bin`, written by `review-triage train`):
//! the n-gram vocabulary as sorted 32-bit hashes, idf and weights quantised to 8 and 16 bits.
//! Loading checks a magic number, the shape and a checksum, so a truncated or foreign file is an
//! error, never a silently wrong model.

use crate::features::{Doc, N_EXTRA, N_TAGS};

const MAGIC: &[u8; 8] = b"RTTAGGR1";

/// The vocabulary as an open-addressing table: n-gram hash → feature index. The keys are FNV
/// hashes already, so their low bits index the table directly (half full at most); a lookup is a
/// couple of probes, several times cheaper than a general-purpose map on this hot path.
#[derive(Debug, Clone, Default)]
struct Vocab {
    /// (hash, feature + 1); feature 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    mask: usize,
}

impl Vocab {
    fn new(hashes: &[u32]) -> Vocab {
        let size = (hashes.len() * 2).next_power_of_two().max(16);
        let mut v = Vocab { slots: vec![(0, 0); size], mask: size - 1 };
        for (i, &h) in hashes.iter().enumerate() {
            let mut at = h as usize & v.mask;
            while v.slots[at].1 != 0 {
                at = (at + 1) & v.mask;
            }
            v.slots[at] = (h, i as u32 + 1);
        }
        v
    }

    fn get(&self, h: u32) -> Option<u32> {
        let mut at = h as usize & self.mask;
        loop {
            match self.slots.get(at)? {
                (_, 0) => return None,
                (k, i) if *k == h => return Some(i - 1),
                _ => at = (at + 1) & self.mask,
            }
        }
    }
}

/// One tag's trained parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct TagParams {
    /// False when the training data had no example of the tag (`extortion`): rules decide it.
    pub trained: bool,
    pub bias: f32,
    /// Platt scaling: calibrated p = σ(a·z + b) for the raw score z.
    pub platt_a: f32,
    pub platt_b: f32,
}

/// A trained linear tagger.
#[derive(Debug, Clone)]
pub struct LinearModel {
    /// Sorted n-gram hashes; a feature's index is its position here.
    pub hashes: Vec<u32>,
    pub idf: Vec<f32>,
    /// `(hashes.len() + N_EXTRA) × N_TAGS`, row-major by feature.
    pub weights: Vec<f32>,
    pub tags: Vec<TagParams>,
    /// Calibrated probability from which a tag is predicted.
    pub threshold: f32,
    /// The value of an extra (rule, rating) feature next to the L2-normalised n-gram block.
    pub extra_value: f32,
    index: Vocab,
}

/// Why a weights file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("tagger weights: {0}")]
pub struct ModelError(pub String);

/// A document as the model sees it: sparse (feature index, value) and, per n-gram feature, where
/// it occurs (for evidence).
#[derive(Debug, Clone, Default)]
pub struct Vector {
    pub entries: Vec<(u32, f32)>,
}

impl LinearModel {
    /// Builds a model from trained parts (the index is derived).
    pub fn new(hashes: Vec<u32>, idf: Vec<f32>, weights: Vec<f32>, tags: Vec<TagParams>, threshold: f32, extra_value: f32) -> LinearModel {
        let index = Vocab::new(&hashes);
        LinearModel { hashes, idf, weights, tags, threshold, extra_value, index }
    }

    /// Number of n-gram features.
    pub fn vocab_len(&self) -> usize {
        self.hashes.len()
    }

    /// The feature index of an n-gram hash, if it is in the vocabulary.
    pub fn feature(&self, hash: u32) -> Option<u32> {
        self.index.get(hash)
    }

    /// TF-IDF (sublinear tf, L2-normalised) n-grams plus the extra block.
    pub fn vectorize(&self, doc: &Doc) -> Vector {
        vectorize_with(doc, |h| self.feature(h).map(|i| (i, self.idf[i as usize])), self.vocab_len(), self.extra_value)
    }

    /// Raw scores (log-odds) per tag.
    pub fn scores(&self, v: &Vector) -> [f32; N_TAGS] {
        let mut z = [0f32; N_TAGS];
        for (t, p) in self.tags.iter().enumerate() {
            z[t] = p.bias;
        }
        for &(i, x) in &v.entries {
            let row = &self.weights[i as usize * N_TAGS..(i as usize + 1) * N_TAGS];
            for t in 0..N_TAGS {
                z[t] += row[t] * x;
            }
        }
        z
    }

    /// Calibrated probability of tag `t` for raw score `z`.
    pub fn probability(&self, t: usize, z: f32) -> f32 {
        let p = &self.tags[t];
        sigmoid(p.platt_a * z + p.platt_b)
    }

    /// The weight of feature `i` for tag `t`.
    pub fn weight(&self, i: u32, t: usize) -> f32 {
        self.weights[i as usize * N_TAGS + t]
    }

    /// Serialises the model (weights quantised per tag to i8, idf to u16).
    pub fn to_bytes(&self) -> Vec<u8> {
        let n_feat = self.hashes.len() + N_EXTRA;
        let mut out = Vec::with_capacity(32 + self.hashes.len() * (6 + N_TAGS));
        out.extend_from_slice(MAGIC);
        for v in [self.hashes.len() as u32, N_EXTRA as u32, N_TAGS as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.threshold.to_le_bytes());
        out.extend_from_slice(&self.extra_value.to_le_bytes());
        let mut scales = [0f32; N_TAGS];
        for (t, p) in self.tags.iter().enumerate() {
            let max = (0..n_feat).map(|i| self.weights[i * N_TAGS + t].abs()).fold(0f32, f32::max);
            scales[t] = if max > 0.0 { max / 127.0 } else { 1.0 };
            out.push(u8::from(p.trained));
            for v in [p.bias, p.platt_a, p.platt_b, scales[t]] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        for h in &self.hashes {
            out.extend_from_slice(&h.to_le_bytes());
        }
        for &idf in &self.idf {
            out.extend_from_slice(&((idf * 1000.0).round().clamp(0.0, 65535.0) as u16).to_le_bytes());
        }
        for i in 0..n_feat {
            for t in 0..N_TAGS {
                out.push((self.weights[i * N_TAGS + t] / scales[t]).round().clamp(-127.0, 127.0) as i8 as u8);
            }
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads a model written by [`LinearModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<LinearModel, ModelError> {
        let err = |m: &str| ModelError(m.to_string());
        if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(err("not a review-triage tagger file (bad magic)"));
        }
        let (body, tail) = bytes.split_at(bytes.len() - 4);
        let stored = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
        if checksum(body) != stored {
            return Err(err("checksum mismatch (file truncated or changed)"));
        }
        let mut r = Reader { b: body, at: MAGIC.len() };
        let n_vocab = r.u32()? as usize;
        let n_extra = r.u32()? as usize;
        let n_tags = r.u32()? as usize;
        if n_extra != N_EXTRA || n_tags != N_TAGS {
            return Err(ModelError(format!("shape {n_extra} extra × {n_tags} tags, this build expects {N_EXTRA} × {N_TAGS}: retrain")));
        }
        let threshold = r.f32()?;
        let extra_value = r.f32()?;
        let mut tags = Vec::with_capacity(N_TAGS);
        let mut scales = [0f32; N_TAGS];
        for scale in scales.iter_mut() {
            let trained = r.u8()? != 0;
            let (bias, platt_a, platt_b) = (r.f32()?, r.f32()?, r.f32()?);
            *scale = r.f32()?;
            tags.push(TagParams { trained, bias, platt_a, platt_b });
        }
        let hashes: Vec<u32> = r.take(n_vocab * 4)?.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        if hashes.windows(2).any(|w| w[0] >= w[1]) {
            return Err(err("vocabulary not sorted"));
        }
        let idf: Vec<f32> = r.take(n_vocab * 2)?.chunks_exact(2).map(|b| f32::from(u16::from_le_bytes([b[0], b[1]])) / 1000.0).collect();
        let n_feat = n_vocab + N_EXTRA;
        let raw = r.take(n_feat * N_TAGS)?;
        let weights: Vec<f32> = raw.chunks_exact(N_TAGS).flat_map(|row| row.iter().zip(scales).map(|(&q, s)| f32::from(q as i8) * s)).collect();
        if r.at != body.len() {
            return Err(err("trailing bytes"));
        }
        Ok(LinearModel::new(hashes, idf, weights, tags, threshold, extra_value))
    }
}

/// TF-IDF vector of a document given a lookup from n-gram hash to (feature, idf): entries in
/// the order their n-gram first occurs, so that training and prediction add up scores in the same
/// order. Counting goes through a small open-addressing table (no sort, no allocation per gram).
pub fn vectorize_with(doc: &Doc, lookup: impl Fn(u32) -> Option<(u32, f32)>, vocab_len: usize, extra_value: f32) -> Vector {
    // (feature, idf, count) per distinct feature, and a table of slots into it keyed by feature.
    let mut found: Vec<(u32, f32, u32)> = Vec::with_capacity(doc.grams.len());
    let size = (doc.grams.len() * 2).next_power_of_two().max(16);
    let mut table: Vec<u32> = vec![u32::MAX; size];
    for g in &doc.grams {
        let Some((i, idf)) = lookup(g.hash) else { continue };
        let mut slot = (i.wrapping_mul(0x9E37_79B9) as usize) & (size - 1);
        loop {
            match table[slot] {
                u32::MAX => {
                    table[slot] = found.len() as u32;
                    found.push((i, idf, 1));
                    break;
                }
                k if found[k as usize].0 == i => {
                    found[k as usize].2 += 1;
                    break;
                }
                _ => slot = (slot + 1) & (size - 1),
            }
        }
    }
    let mut entries: Vec<(u32, f32)> = found.into_iter().map(|(i, idf, n)| (i, (1.0 + (n as f32).ln()) * idf)).collect();
    let norm = entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for e in &mut entries {
            e.1 /= norm;
        }
    }
    for &x in &doc.extra {
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
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let s = self.b.get(self.at..self.at + n).ok_or_else(|| ModelError("file too short".into()))?;
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
