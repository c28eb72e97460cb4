//! Linting a text line by line (`lint::lint_by_line`, what the engine does with composed texts so
//! that repeated lines come from its memo) finds exactly what linting it whole finds: on the
//! composed scripts and explanations of every labelled review, in both output scripts, with and
//! without names, for each audience and length limit the engine uses, and on the reviews
//! themselves (multi-line when they have a 追评).

mod common;

use chrono::DateTime;
use review_triage::lint::{lint_by_line, lint_by_sentence, lint_with, Audience, LintOptions};
use review_triage::settings::OutputScript;
use review_triage::{Engine, Platform, ReviewInput, Settings};

fn same(text: &str, opts: &LintOptions) {
    assert_eq!(lint_by_line(text, opts, lint_with), lint_with(text, opts), "{text}");
}

/// What the engine does with composed texts: line by line and sentence by sentence.
fn same_by_sentence(text: &str, opts: &LintOptions) {
    same(text, opts);
    assert_eq!(lint_by_sentence(text, opts, lint_with), lint_with(text, opts), "{text}");
}

/// One quarter of the reviews (the four run in parallel).
fn check(shard: usize) {
    let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
    let reviews = common::gold_texts();
    assert!(reviews.len() > 15_000, "{}", reviews.len());
    let named = Settings { shop_name: Some("小林家居".into()), agent_name: Some("小林".into()), output_script: OutputScript::Traditional, ..Settings::default() };
    let engines = [Engine::new(Settings::default()).unwrap(), Engine::new(named).unwrap()];
    let mut multi_line = 0;
    for (i, text) in reviews.iter().enumerate().filter(|(i, _)| i % 4 == shard) {
        let engine = &engines[(i / 4) % 2];
        let input = ReviewInput {
            id: format!("r{i}"),
            text: text.clone(),
            rating: Some(["bad", "neutral"][i % 2].into()),
            buyer: (i % 3 == 0).then(|| "t**6".to_string()),
            // Every seventh review gets a 追评 after a line break, as pages show it.
            append_text: (i % 7 == 0).then(|| reviews[(i + 1) % reviews.len()].clone()),
            ..Default::default()
        };
        let a = engine.annotate(&input, Platform::Taobao, now.into());
        let c = engine.compose(&input, &a);
        let buyer = LintOptions { audience: Audience::Buyer, buyer: input.buyer.as_deref(), ..Default::default() };
        for t in [&c.script.phone, &c.script.chat, &c.script.sms] {
            multi_line += usize::from(t.contains('\n'));
            same_by_sentence(t, &buyer);
            same_by_sentence(t, &LintOptions { max_chars: Some(70), ..buyer });
        }
        same_by_sentence(&c.explanation, &LintOptions { max_chars: Some(500), ..Default::default() });
        same_by_sentence(&c.explanation, &LintOptions { max_chars: Some(60), buyer: input.buyer.as_deref(), ..Default::default() });
        // Buyers' own words, two lines when there is a 追评: public, and quoted back to them.
        let words = match &input.append_text {
            Some(extra) => format!("{}\n{extra}", input.text),
            None => input.text.clone(),
        };
        same(&words, &LintOptions { max_chars: Some(120), ..Default::default() });
        same(&words, &buyer);
    }
    assert!(multi_line > reviews.len() / 4, "the scripts are multi-line: {multi_line}");
}

#[test]
fn line_by_line_equals_whole_on_composed_texts_0() {
    check(0);
}

#[test]
fn line_by_line_equals_whole_on_composed_texts_1() {
    check(1);
}

#[test]
fn line_by_line_equals_whole_on_composed_texts_2() {
    check(2);
}

#[test]
fn line_by_line_equals_whole_on_composed_texts_3() {
    check(3);
}
