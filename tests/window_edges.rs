//! Window edge cases through the public API: zone of `now`, unknown platforms, overrides.

use chrono::{DateTime, FixedOffset};
use review_triage::model::{ExplainState, Platform, Rating, WindowState};
use review_triage::rules::RuleBook;
use review_triage::window::{compute, Timeline};
use std::collections::BTreeMap;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

#[test]
fn the_zone_of_now_does_not_change_the_window() {
    let t = Timeline { reviewed_at: Some(at("2026-11-20T10:21:33+08:00")), ..Default::default() };
    let rules = RuleBook::builtin();
    let china = compute(rules.get(Platform::Taobao), Some(Rating::Bad), &t, at("2026-11-22T12:00:00+08:00"));
    let utc = compute(rules.get(Platform::Taobao), Some(Rating::Bad), &t, at("2026-11-22T04:00:00Z"));
    let la = compute(rules.get(Platform::Taobao), Some(Rating::Bad), &t, at("2026-11-21T20:00:00-08:00"));
    assert_eq!(china, utc);
    assert_eq!(china, la);
    assert!(china.deadline.unwrap().ends_with("+08:00"));
}

#[test]
fn unverified_platforms_are_unknown_and_flagged() {
    let t = Timeline { reviewed_at: Some(at("2026-11-20T10:00:00+08:00")), ..Default::default() };
    for p in [Platform::Pinduoduo, Platform::Douyin, Platform::Unknown] {
        let w = compute(RuleBook::builtin().get(p), Some(Rating::Bad), &t, at("2026-11-22T10:00:00+08:00"));
        assert!(w.unverified, "{p:?} must be flagged unverified");
        assert!(!w.action.is_empty());
    }
}

#[test]
fn missing_review_date_gives_unknown_deadlines() {
    let w = compute(RuleBook::builtin().get(Platform::Taobao), Some(Rating::Bad), &Timeline::default(), at("2026-11-22T10:00:00+08:00"));
    assert_eq!(w.state, WindowState::Unknown);
    assert_eq!(w.deadline, None);
    assert_eq!(w.explain_by, None);
}

#[test]
fn an_append_on_jd_does_not_close_the_explanation() {
    let t = Timeline {
        reviewed_at: Some(at("2026-11-10T10:00:00+08:00")),
        appended_at: Some(at("2026-11-15T10:00:00+08:00")),
        ..Default::default()
    };
    let w = compute(RuleBook::builtin().get(Platform::Jd), Some(Rating::Bad), &t, at("2026-11-22T10:00:00+08:00"));
    assert_ne!(w.explain_state, ExplainState::Closed);
    let w = compute(RuleBook::builtin().get(Platform::Taobao), Some(Rating::Bad), &t, at("2026-11-22T10:00:00+08:00"));
    assert_eq!(w.explain_state, ExplainState::Closed);
}

#[test]
fn overrides_reject_unknown_platforms_and_fields() {
    let book = RuleBook::builtin();
    let mut o = BTreeMap::new();
    o.insert("amazon".to_string(), serde_json::json!({}));
    let e = book.with_overrides(&o).unwrap_err();
    assert!(e.contains("amazon"), "{e}");
    let mut o = BTreeMap::new();
    o.insert("taobao".to_string(), serde_json::json!({"no_such_field": 1}));
    let e = book.with_overrides(&o).unwrap_err();
    assert!(e.contains("no_such_field"), "{e}");
}
