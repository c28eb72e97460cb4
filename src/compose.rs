//! What the script and explanation composers need to know about one review.

use crate::model::{CauseHit, Platform, Rating, Window};
use crate::settings::{OutputScript, Solutions};

/// The facts a composer works from. Names left `None` appear as visible 【买家】-style placeholders.
#[derive(Debug, Clone)]
pub struct ComposeContext<'a> {
    pub platform: Platform,
    pub rating: Option<Rating>,
    pub causes: &'a [CauseHit],
    pub window: &'a Window,
    pub buyer: Option<&'a str>,
    pub item: Option<&'a str>,
    pub shop: Option<&'a str>,
    pub agent: Option<&'a str>,
    /// The review text (the composer quotes a short excerpt of it).
    pub text: &'a str,
    pub solutions: &'a Solutions,
    pub output_script: OutputScript,
    /// Stable per review (hash of id and text): picks among wordings deterministically.
    pub seed: u64,
    /// Longest public explanation the platform accepts, in chars.
    pub explain_max_chars: usize,
}
