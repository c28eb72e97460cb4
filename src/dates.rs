//! Parsing the dates review pages show, in China time (UTC+8), relative to a given `now`.
//! (Placeholder until the rules work lands.)

use chrono::{DateTime, FixedOffset};

/// UTC+8, the zone of every date on the marketplaces' pages.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Why a page date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unparseable date {input:?}: {reason}")]
pub struct DateError {
    pub input: String,
    pub reason: String,
}

/// Parses a page date such as `2026-11-20 10:21:33`, `昨天 18:02` or `3天前`.
pub fn parse_page_date(input: &str, _now: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, DateError> {
    DateTime::parse_from_rfc3339(input.trim())
        .map(|d| d.with_timezone(&china()))
        .map_err(|e| DateError { input: input.to_string(), reason: e.to_string() })
}

/// RFC 3339 in +08:00, seconds precision.
pub fn to_rfc3339(dt: DateTime<FixedOffset>) -> String {
    dt.with_timezone(&china()).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}
