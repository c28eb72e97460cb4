//! Cause classification: lexicon matching on normalised text with negation, contrast and
//! courier-vs-seller rules. (Placeholder until the classifier work lands.)

use crate::model::CauseHit;
use std::collections::BTreeMap;

/// Builds once (the automaton), then classifies any number of reviews.
#[derive(Debug, Clone)]
pub struct Classifier {}

impl Classifier {
    /// `extra` maps cause ids to user keywords added to the built-in lexicon; unknown ids are an error.
    pub fn new(_extra: &BTreeMap<String, Vec<String>>) -> Result<Classifier, String> {
        Ok(Classifier {})
    }

    /// Tags for one review text, strongest first; evidence offsets index the original text.
    pub fn classify(&self, _text: &str) -> Vec<CauseHit> {
        Vec::new()
    }
}
