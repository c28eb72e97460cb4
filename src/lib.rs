//! # review-triage
//!
//! Triage of mid and negative (中评/差评) reviews on Chinese marketplaces: cause tags with the
//! words that triggered them, the buyer's edit-window and the seller's explanation countdowns,
//! follow-up scripts, public explanations, a reply linter and a priority.
//!
//! The engine is pure Rust with no browser types: it runs natively (CLI, tests, benchmarks) and in
//! the browser extension through the thin [`wasm`] boundary, compiled only for `wasm32`.
//!
//! ```
//! use review_triage::{Engine, ReviewInput, Platform, Settings};
//! use chrono::DateTime;
//!
//! let engine = Engine::new(Settings::default()).unwrap();
//! let review = ReviewInput { id: "r1".into(), text: "颜色有色差，物流也太慢了".into(), ..Default::default() };
//! let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
//! let a = engine.annotate(&review, Platform::Taobao, now);
//! assert_eq!(a.id, "r1");
//! ```

pub mod engine;

pub use engine::{
    adapters, card_guess, classify, compose, dates, eval, explain, extortion, features, linear, lint, lint_model, measure, memo, model, normalize, page_clock,
    priority, records, rules, script, seen, settings, sorting, t2s, tagger, text_markers, train, window,
};

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::pipeline::{ConfigError, Engine};
pub use model::*;
pub use settings::Settings;
