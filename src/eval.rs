//! Measuring the classifier against labelled reviews. (Placeholder until the classifier work lands.)
use crate::classify::Classifier;
use crate::model::Cause;
use serde::Serialize;
use std::fmt;

/// One labelled review.
#[derive(Debug, Clone)]
pub struct GoldRecord {
    pub id: String,
    pub text: String,
    pub tags: Vec<Cause>,
}

/// Why the gold file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct EvalError {
    pub line: usize,
    pub message: String,
}

/// Reads gold JSON lines.
pub fn read_gold(_jsonl: &str) -> Result<Vec<GoldRecord>, EvalError> {
    Ok(Vec::new())
}

/// The measurement.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub micro_f1: f64,
    pub macro_f1: f64,
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "micro-F1: {:.3}\nmacro-F1: {:.3}", self.micro_f1, self.macro_f1)
    }
}

/// Evaluates the classifier.
pub fn evaluate(_c: &Classifier, _gold: &[GoldRecord]) -> EvalReport {
    EvalReport { micro_f1: 0.0, macro_f1: 0.0 }
}
