//! Property tests: no input panics, and every span the engine reports is a valid slice of the
//! text it came from.

use chrono::DateTime;
use proptest::prelude::*;
use review_triage::{dates, lint, Engine, LintKind, Platform, ReviewInput, Settings};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(Settings::default()).unwrap())
}

fn slice(text: &str, start: usize, end: usize) -> String {
    review_triage::char_slice(text, start, end).expect("span inside the text").to_string()
}

/// Review-like text: Chinese complaint words, traditional forms, emoji, full-width and noise.
fn review_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "质量", "很差", "色差", "没有", "不", "物流", "慢", "快递员", "态度", "差评", "顏色", "發貨", "😀", "ＡＢ", "\n", " ", "，", "。",
        "不退钱就差评", "买小了", "偏小", "异味", "一点", "都没有", "坏了", "包装", "压扁", "好评", "就是", "13812345678", "…",
    ]);
    prop_oneof![
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat()),
        any::<String>(),
        "\\PC{0,300}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn annotate_never_panics_and_spans_are_valid(text in review_text(), rating in "[1-5]|good|bad|中评|x?", date in "\\PC{0,20}") {
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
        let input = ReviewInput { id: "p".into(), text: text.clone(), rating: Some(rating), reviewed_at: Some(date), ..Default::default() };
        let a = engine().annotate(&input, Platform::Taobao, now);
        prop_assert!(a.priority <= 100);
        let len = text.chars().count();
        for c in &a.causes {
            prop_assert!((0.0..=1.0).contains(&c.confidence));
            prop_assert!(!c.evidence.is_empty());
            for e in &c.evidence {
                prop_assert!(e.start < e.end && e.end <= len, "{:?} in {} chars", e, len);
                prop_assert_eq!(&slice(&text, e.start, e.end), &e.text);
            }
        }
        // Whatever the review says, nothing generated is forbidden; slots are the only findings.
        let c = engine().compose(&input, &a);
        for (name, text, found) in [("explanation", &c.explanation, &c.lint), ("phone", &c.script.phone, &c.script_lint.phone), ("chat", &c.script.chat, &c.script_lint.chat), ("sms", &c.script.sms, &c.script_lint.sms)] {
            for f in found {
                prop_assert!(f.kind == LintKind::UnconfirmedClaim, "{} has {:?}\n{}", name, f, text);
                prop_assert_eq!(&slice(text, f.start, f.end), &f.text);
            }
        }
        for line in c.script.checklist.iter().chain(&c.script.follow_up) {
            prop_assert!(lint::lint(line, None).iter().all(|f| !lint::FORBIDDEN.contains(&f.kind)), "{}", line);
        }
    }

    #[test]
    fn lint_spans_are_valid(text in review_text(), max in 0usize..200, nick in "\\PC{0,6}") {
        let len = text.chars().count();
        let opts = lint::LintOptions { max_chars: Some(max), buyer: Some(&nick), ..Default::default() };
        for f in lint::lint_with(&text, &opts) {
            prop_assert!(f.start <= f.end && f.end <= len);
            prop_assert_eq!(&slice(&text, f.start, f.end), &f.text);
        }
    }

    /// A forbidden sentence stays forbidden after any polite sentence (sentences are linted on
    /// their own: a refusal or thanks earlier in the text does not reach it).
    #[test]
    fn forbidden_sentences_survive_any_preceding_text(pre in review_text(), pick in 0usize..6) {
        let (bad, kind) = [
            ("麻烦您把差评改一下。", LintKind::ReviewRequest),
            ("好评返现5元。", LintKind::ReviewIncentive),
            ("加我微信 abc_12345。", LintKind::OffPlatform),
            ("穷就别买。", LintKind::Insult),
            ("明明是您自己选错了。", LintKind::Blame),
            ("你等着，我们会投诉你。", LintKind::Threat),
        ][pick];
        let text = format!("{pre}\n{bad}");
        prop_assert!(lint::lint(&text, None).iter().any(|f| f.kind == kind), "{}", text);
    }

    #[test]
    fn dates_never_panic(s in "\\PC{0,40}", digits in "[0-9]{1,16}") {
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
        let _ = dates::parse_page_date(&s, now);
        let _ = dates::parse_page_date(&digits, now);
        let _ = dates::parse_page_date(&format!("{digits}天前"), now);
        let _ = dates::parse_page_date(&format!("2026-{digits}-01 {digits}:00"), now);
    }

    /// The build-time t2s tables with fast2s's context rules convert any text as fast2s does:
    /// arbitrary text, and text made of the context rules' own characters and words.
    #[test]
    fn t2s_converts_as_fast2s(any in "\\PC{0,40}", words in prop::collection::vec(prop::sample::select(vec![
        // The words of the context rules, and their characters alone (so words also meet
        // neighbours that are not theirs).
        "兒寬", "答覆", "批覆", "回覆", "甚夥", "慰藉", "狼藉", "藉口", "憑藉", "瞭望", "幺麽", "樊於", "乾隆", "乾坤", "乾卦",
        "看著", "苧麻", "闔家", "鍾書", "校讎", "讎定", "仇讎", "計畫", "企畫", "乾", "兒", "覆", "夥", "藉", "瞭", "麽", "幺",
        "於", "著", "苧", "闔", "鍾", "讎", "畫", "發", "髮", "0", " ",
    ]), 0..12).prop_map(|v| v.concat())) {
        for t in [&any, &words] {
            prop_assert_eq!(review_triage::t2s::to_simplified(t), fast2s::convert(t));
            prop_assert_eq!(review_triage::t2s::to_simplified(t).chars().count(), t.chars().count());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Long inputs (up to 100 KB) stay linear and safe.
    #[test]
    fn long_inputs(text in prop::collection::vec(review_text(), 1..40).prop_map(|v| v.concat().repeat(40))) {
        let text: String = text.chars().take(100_000 / 3).collect();
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
        let input = ReviewInput { id: "long".into(), text: text.clone(), ..Default::default() };
        let a = engine().annotate(&input, Platform::Unknown, now);
        for c in &a.causes {
            for e in &c.evidence {
                prop_assert_eq!(&slice(&text, e.start, e.end), &e.text);
            }
        }
    }
}
