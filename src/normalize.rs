//! Text normalisation for matching: traditional → simplified, full-width → half-width, case and
//! spacing folded, with a map from every normalised char back to the original text.
//! (Owned by the classifier work; placeholder until then.)

/// A normalised text and the way back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalised text that the lexicon is matched against.
    pub text: String,
    /// For each char of `text`, the index of the original char it came from.
    pub origin: Vec<usize>,
    /// Number of chars in the original text.
    pub original_len: usize,
}

/// Normalises `original` for matching.
pub fn normalize(original: &str) -> Normalized {
    let text: String = original.to_string();
    let origin = (0..text.chars().count()).collect();
    Normalized { original_len: text.chars().count(), text, origin }
}
