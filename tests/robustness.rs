//! Robustness: hostile or broken records and settings never panic. Records of any shape (JSON
//! lines, CSV, arbitrary field values) are read or rejected line by line and every record read is
//! annotated and composed; settings of any shape build an engine or are refused with a reason,
//! and a field the settings do not know is always refused (as in the extension and the CLI).

use chrono::DateTime;
use proptest::prelude::*;
use review_triage::records::{parse_json_record, read_csv, read_jsonl};
use review_triage::{Engine, Platform, ReviewInput, Settings};
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(Settings::default()).unwrap())
}

fn now() -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap()
}

/// Any JSON value, a few levels deep, with the strings reviews and pages really hold.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        prop::sample::select(vec!["", "差评", "bad", "5", "0", "-1", "2026-11-20 10:21:33", "11月20日", "昨天 18:02", "3天前", "2026-02-30", "99999-01-01", "taobao", "tmall", "jd", "</script>", "=1+1", "加载中…"]).prop_map(|s| json!(s)),
        "\\PC{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const RECORD_FIELDS: &[&str] = &["id", "text", "platform", "rating", "reviewed_at", "modified", "appended_at", "append_text", "replied", "buyer", "item", "shop"];

/// A record-shaped object: known fields with values of any type, plus stray fields.
fn record_object() -> impl Strategy<Value = Value> {
    (prop::collection::vec((prop::sample::select(RECORD_FIELDS.to_vec()), json_value()), 0..10), prop::collection::vec(("[a-z]{1,8}", json_value()), 0..2)).prop_map(|(known, stray)| {
        let mut m = Map::new();
        for (k, v) in known {
            m.insert(k.to_string(), v);
        }
        for (k, v) in stray {
            m.insert(k, v);
        }
        Value::Object(m)
    })
}

const SETTINGS_FIELDS: &[&str] = &["shop_name", "agent_name", "solutions", "rule_overrides", "extra_keywords", "output_script", "adapters"];

/// Settings-shaped objects: known fields with values of any shape, and realistic inner shapes.
fn settings_object() -> impl Strategy<Value = Value> {
    let keywords = prop::collection::btree_map(prop::sample::select(vec!["quality", "color_mismatch", "extortion", "nonsense", ""]), prop::collection::vec("\\PC{0,6}", 0..4), 0..3)
        .prop_map(|m| json!(m));
    let overrides = prop::collection::btree_map(prop::sample::select(vec!["taobao", "jd", "mars", ""]), json_value(), 0..2).prop_map(|m| json!(m));
    let adapters = prop::collection::vec(
        (prop::sample::select(vec!["taobao-backend", "mine", ""]), "\\PC{0,12}", json_value()).prop_map(|(id, card, text)| json!({"id": id, "platform": "taobao", "page_kind": "backend", "urls": ["x"], "card": card, "fields": {"text": text}})),
        0..2,
    )
    .prop_map(Value::Array);
    (prop::collection::vec((prop::sample::select(SETTINGS_FIELDS.to_vec()), json_value()), 0..6), prop::option::of(keywords), prop::option::of(overrides), prop::option::of(adapters)).prop_map(|(fields, kw, ov, ad)| {
        let mut m = Map::new();
        for (k, v) in fields {
            m.insert(k.to_string(), v);
        }
        if let Some(kw) = kw {
            m.insert("extra_keywords".into(), kw);
        }
        if let Some(ov) = ov {
            m.insert("rule_overrides".into(), ov);
        }
        if let Some(ad) = ad {
            m.insert("adapters".into(), ad);
        }
        Value::Object(m)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_json_line_is_read_or_rejected_and_annotated(v in prop_oneof![record_object(), json_value()]) {
        let line = v.to_string();
        if let Ok(r) = parse_json_record(7, &line) {
            let a = engine().annotate(&r, Platform::Unknown, now());
            let c = engine().compose(&r, &a);
            prop_assert!(a.priority <= 100);
            prop_assert!(!c.script.phone.is_empty());
        } else if let Err(e) = parse_json_record(7, &line) {
            prop_assert_eq!(e.line, 7);
        }
    }

    #[test]
    fn any_text_as_jsonl_or_csv_never_panics(input in "\\PC{0,400}", lines in prop::collection::vec("\\PC{0,60}", 0..8)) {
        let _ = read_jsonl(&input);
        let _ = read_csv(&input);
        let joined = lines.join("\n");
        let out = read_jsonl(&joined);
        prop_assert!(out.len() <= lines.len().max(1));
        let _ = read_csv(&format!("id,text,rating,reviewed_at\n{joined}"));
    }

    #[test]
    fn any_field_values_annotate(id in "\\PC{0,20}", text in "\\PC{0,200}", platform in prop::option::of("\\PC{0,10}"), rating in prop::option::of("\\PC{0,6}"), at in prop::option::of("\\PC{0,24}"), append in prop::option::of("\\PC{0,40}"), modified: bool, replied: bool) {
        let r = ReviewInput { id, text, platform, rating, reviewed_at: at.clone(), modified, appended_at: at, append_text: append, replied, ..Default::default() };
        for p in Platform::ALL {
            let a = engine().annotate(&r, p, now());
            let _ = engine().compose(&r, &a);
            if let Some(s) = a.window.next_change_secs {
                prop_assert!(s >= 0, "the next boundary is never in the past");
            }
        }
    }

    #[test]
    fn any_settings_build_an_engine_or_are_refused(v in settings_object()) {
        let json = v.to_string();
        match Engine::from_settings_json(&json) {
            Ok(e) => {
                let r = ReviewInput { id: "x".into(), text: "质量太差，坏了".into(), rating: Some("bad".into()), ..Default::default() };
                let a = e.annotate(&r, Platform::Taobao, now());
                let _ = e.compose(&r, &a);
            }
            Err(err) => prop_assert!(!err.to_string().is_empty(), "a reason is given"),
        }
    }

    #[test]
    fn unknown_settings_fields_are_always_refused(v in settings_object(), key in "[a-z_]{1,16}", val in json_value()) {
        prop_assume!(!SETTINGS_FIELDS.contains(&key.as_str()));
        let Value::Object(mut m) = v else { unreachable!() };
        m.insert(key.clone(), val);
        let err = Engine::from_settings_json(&Value::Object(m).to_string());
        prop_assert!(err.is_err(), "unknown field {} accepted", key);
    }
}
