//! The pure engine: no browser types, no I/O. Review records in, annotations out. Each module is
//! re-exported at the crate root (`review_triage::dates`, `review_triage::lint`, …).

pub mod adapters;
pub mod card_guess;
pub mod classify;
pub mod compose;
pub mod dates;
pub mod eval;
pub mod explain;
pub mod extortion;
pub mod features;
pub mod lint;
pub mod lint_model;
pub mod linear;
pub mod measure;
pub mod memo;
pub mod model;
pub mod normalize;
pub mod page_clock;
pub mod pipeline;
pub mod priority;
pub mod records;
pub mod rules;
pub mod seen;
pub mod script;
pub mod settings;
pub mod sorting;
pub mod t2s;
pub mod tagger;
pub mod train;
pub mod text_markers;
pub mod window;
