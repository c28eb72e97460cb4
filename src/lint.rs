//! The reply linter. (Placeholder until the composer work lands.)

use crate::model::LintFinding;

/// Findings on a draft reply; `max_chars` adds a too-long finding past that length.
pub fn lint(_text: &str, _max_chars: Option<usize>) -> Vec<LintFinding> {
    Vec::new()
}
