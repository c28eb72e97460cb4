//! Window edge cases through the public API: zone of `now`, unknown platforms, overrides.

use chrono::{DateTime, FixedOffset};
use review_triage::model::{ExplainState, Platform, Rating, WindowState};
use review_triage::rules::RuleBook;
use review_triage::window::{compute, Timeline};
use review_triage::{Engine, ReviewInput, Settings};

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
    let mut o = review_triage::settings::Keyed::default();
    o.insert("amazon".to_string(), serde_json::json!({}).into());
    let e = book.with_overrides(&o).unwrap_err();
    assert!(e.contains("amazon"), "{e}");
    let mut o = review_triage::settings::Keyed::default();
    o.insert("taobao".to_string(), serde_json::json!({"no_such_field": 1}).into());
    let e = book.with_overrides(&o).unwrap_err();
    assert!(e.contains("no_such_field"), "{e}");
}

fn annotate(record: &str) -> review_triage::Annotation {
    let input: ReviewInput = serde_json::from_str(record).unwrap();
    Engine::new(Settings::default()).unwrap().annotate(&input, Platform::Unknown, at("2026-11-22T10:00:00+08:00"))
}

#[test]
fn a_visible_append_without_a_date_closes_the_taobao_explanation() {
    let a = annotate(r#"{"text":"质量差","platform":"taobao","rating":"差评","reviewed_at":"2026-11-10 10:00","append_text":"用了一周又坏了"}"#);
    assert_eq!(a.window.explain_state, ExplainState::Closed);
    assert_eq!(a.window.explain_by, None);
    let a = annotate(r#"{"text":"质量差","platform":"tmall","rating":"1","reviewed_at":"2026-11-10 10:00","append_text":"  "}"#);
    assert_eq!(a.window.explain_state, ExplainState::Open, "blank 追评 text is no 追评");
}

#[test]
fn relative_review_dates_give_the_earliest_deadline_and_say_so() {
    let a = annotate(r#"{"text":"质量差","platform":"taobao","rating":"差评","reviewed_at":"3天前"}"#);
    // 3天前 can be up to 4 days back: the deadline is 26 days from now, not 27.
    assert_eq!(a.window.deadline.as_deref(), Some("2026-12-18T10:00:00+08:00"));
    assert!(a.window.approximate && a.window.action.contains("最早可能时间"));
    let a = annotate(r#"{"text":"质量差","platform":"taobao","rating":"差评","reviewed_at":"1个月前"}"#);
    assert_eq!(a.window.deadline.as_deref(), Some("2026-10-21T10:00:00+08:00"));
    assert_eq!(a.window.state, WindowState::Closed);
    let a = annotate(r#"{"text":"质量差","platform":"taobao","rating":"差评","reviewed_at":"2026-11-20 10:21:33"}"#);
    assert!(!a.window.approximate);
}

#[test]
fn a_text_change_that_keeps_the_bad_rating_is_not_the_one_change() {
    let a = annotate(r#"{"text":"质量差","platform":"taobao","rating":"差评","reviewed_at":"2026-11-20 10:00","modified":true}"#);
    assert_eq!(a.window.state, WindowState::Open);
    assert!(a.warnings.iter().any(|w| w.contains("评级仍是差评")), "{:?}", a.warnings);
    let a = annotate(r#"{"text":"挺好","platform":"taobao","rating":"好评","reviewed_at":"2026-11-20 10:00","modified":true}"#);
    assert_eq!(a.window.state, WindowState::Used);
    assert!(a.warnings.is_empty());
}

#[test]
fn jd_cards_carry_the_appeal_clock() {
    let a = annotate(r#"{"text":"质量差","platform":"jd","rating":"1","reviewed_at":"2026-11-20 10:00"}"#);
    assert_eq!(a.window.state, WindowState::Unknown);
    assert!(a.window.unverified);
    assert_eq!(a.window.appeal_by.as_deref(), Some("2026-12-20T10:00:00+08:00"));
    assert!(a.window.action.contains("申诉剩"), "{}", a.window.action);
    assert!(a.window.next_change_secs.is_some());
}
