//! `t2s` (tables generated at build time, fast2s's context rules) converts exactly as the
//! `fast2s` crate does, on every real review we have: the labelled sets, the public corpus
//! (../shared/data, 61.7k reviews) and the same texts turned traditional. Normalisation, and with
//! it the trained weights, therefore did not change when fast2s left the program.

mod common;

use review_triage::compose::to_output_script;
use review_triage::settings::OutputScript;
use review_triage::t2s::to_simplified;

fn texts() -> Vec<String> {
    let mut out = common::gold_texts();
    let corpus = format!("{}/../shared/data/online_shopping_reviews.csv", env!("CARGO_MANIFEST_DIR"));
    let csv = std::fs::read_to_string(&corpus).unwrap_or_else(|e| panic!("{corpus}: {e} (the shared data sits beside the project)"));
    // cat,label,review: the review is everything after the second comma.
    out.extend(csv.lines().skip(1).filter_map(|l| l.splitn(3, ',').nth(2)).map(str::to_string));
    out
}

#[test]
fn converts_every_real_review_as_fast2s_does() {
    let texts = texts();
    assert!(texts.len() > 60_000, "{}", texts.len());
    let mut traditional_changed = 0;
    for t in &texts {
        assert_eq!(to_simplified(t), fast2s::convert(t), "{t}");
        let trad = to_output_script(t, OutputScript::Traditional);
        traditional_changed += usize::from(trad != *t);
        assert_eq!(to_simplified(&trad), fast2s::convert(&trad), "{trad}");
    }
    // The traditional pass really exercised the table.
    assert!(traditional_changed > texts.len() / 2, "{traditional_changed}");
}
