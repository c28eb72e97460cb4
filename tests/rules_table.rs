//! The shipped rule table as data: it parses, covers every platform, and its confidences and
//! sources are filled in, so a typo in data/platform_rules.json fails here and not in the browser.

use review_triage::model::Platform;
use review_triage::rules::RuleBook;
use serde_json::Value;

const RAW: &str = include_str!("../data/platform_rules.json");

#[test]
fn every_platform_has_every_section_with_a_valid_confidence_and_a_source() {
    let table: Value = serde_json::from_str(RAW).expect("platform_rules.json is JSON");
    for id in ["taobao", "tmall", "pinduoduo", "jd", "douyin", "unknown"] {
        let p = table.get(id).unwrap_or_else(|| panic!("platform {id} missing"));
        for section in ["modify", "explain", "append", "appeal", "seller_may_ask"] {
            let s = p.get(section).unwrap_or_else(|| panic!("{id}.{section} missing"));
            let c = s["confidence"].as_str().unwrap_or_else(|| panic!("{id}.{section}.confidence"));
            assert!(["H", "M", "L", "unknown"].contains(&c), "{id}.{section}.confidence = {c}");
            assert!(!s["source"].as_str().unwrap_or("").trim().is_empty(), "{id}.{section}.source empty");
        }
        assert!(p["safety_margin_days"].as_u64().is_some(), "{id}.safety_margin_days");
    }
}

#[test]
fn builtin_serializes_every_platform_for_the_rules_command() {
    let json = serde_json::to_value(RuleBook::builtin()).unwrap();
    let text = json.to_string();
    for id in ["taobao", "tmall", "pinduoduo", "jd", "douyin", "unknown"] {
        assert!(text.contains(&format!("\"{id}\"")), "{id} missing from rules output");
    }
}

#[test]
fn explanation_limits_are_positive_everywhere() {
    let book = RuleBook::builtin();
    for p in [Platform::Taobao, Platform::Tmall, Platform::Pinduoduo, Platform::Jd, Platform::Douyin, Platform::Unknown] {
        assert!(book.get(p).explain_max_chars() > 0, "{p:?}");
    }
    assert_eq!(book.get(Platform::Taobao).explain_max_chars(), 500);
    assert_eq!(book.get(Platform::Tmall).explain_max_chars(), 500);
}

#[test]
fn no_platform_lets_the_seller_ask_about_the_review() {
    let table: Value = serde_json::from_str(RAW).unwrap();
    for (id, p) in table.as_object().unwrap() {
        assert_eq!(p["seller_may_ask"]["allowed"], Value::Bool(false), "{id}");
    }
    // A shop cannot switch it on through its settings either.
    let mut o = review_triage::settings::Keyed::default();
    o.insert("taobao".to_string(), serde_json::json!({"seller_may_ask": {"allowed": true}}).into());
    let e = RuleBook::builtin().with_overrides(&o).unwrap_err();
    assert!(e.contains("seller_may_ask") && e.contains("forbidden"), "{e}");
}

#[test]
fn weak_rules_are_marked_and_changed_reviews_have_a_result_set() {
    let book = RuleBook::builtin();
    for p in Platform::ALL {
        let r = book.get(p);
        // Only platforms whose buyers may modify list the ratings a change can end with.
        if r.modify.allowed != Some(true) {
            assert!(r.modify.to.is_empty(), "{p:?}");
        }
    }
    use review_triage::rules::Confidence;
    for p in [Platform::Pinduoduo, Platform::Jd, Platform::Douyin] {
        assert_eq!(book.get(p).modify.confidence, Confidence::L, "{p:?}: sources conflict");
    }
}
