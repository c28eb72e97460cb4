//! The countdowns: the buyer's modification window and the seller's explanation window for one
//! review under its platform's rules. (Placeholder until the rules work lands.)

use crate::model::{ExplainState, Rating, Window, WindowState};
use crate::rules::PlatformRules;
use chrono::{DateTime, FixedOffset};

/// What the page tells about a review's timeline.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub reviewed_at: Option<DateTime<FixedOffset>>,
    pub modified: bool,
    pub appended_at: Option<DateTime<FixedOffset>>,
    pub replied: bool,
}

/// Computes both windows at `now`.
pub fn compute(_rules: &PlatformRules, _rating: Option<Rating>, _t: &Timeline, _now: DateTime<FixedOffset>) -> Window {
    Window {
        state: WindowState::Unknown,
        deadline: None,
        remaining_secs: None,
        explain_by: None,
        explain_remaining_secs: None,
        explain_state: ExplainState::Unknown,
        explain_opens_at: None,
        action: String::new(),
        unverified: true,
        rule_note: String::new(),
    }
}
