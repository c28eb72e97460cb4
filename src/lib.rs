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

pub mod adapters;
pub mod classify;
pub mod compose;
pub mod dates;
pub mod engine;
pub mod eval;
pub mod explain;
pub mod lint;
pub mod model;
pub mod normalize;
pub mod priority;
pub mod records;
pub mod rules;
pub mod script;
pub mod settings;
pub mod window;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{ConfigError, Engine};
pub use model::*;
pub use settings::Settings;
