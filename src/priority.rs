//! Priority 0–100 with its reasons. (Placeholder until the rules work lands.)

use crate::model::{CauseHit, Rating, Window};

/// Scores one review; reasons most important first.
pub fn score(_rating: Option<Rating>, _causes: &[CauseHit], _window: &Window) -> (u8, Vec<String>) {
    (0, Vec::new())
}
