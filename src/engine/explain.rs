//! Public explanations (评价解释): written for the future buyers who read the review, calm and
//! specific to its causes, with no private data and nothing a platform forbids. The wording is
//! picked per review from several variants (stable for that review), so replies under different
//! reviews do not read as canned.

use crate::compose::{playbook, to_output_script, ComposeContext};
use crate::model::{Cause, Rating};

const OPENINGS: &[&str] = &["感谢这位顾客的反馈。", "谢谢您抽时间写下评价。", "感谢反馈，您提到的问题我们认真看过了。", "谢谢您的真实评价。"];
const GOOD_OPENINGS: &[&str] = &["谢谢您的好评和建议。", "感谢支持，也谢谢您指出的不足。", "谢谢您的认可，您提到的问题我们记下了。"];
const CLOSINGS: &[&str] = &[
    "如还有任何问题，欢迎随时联系店铺客服。",
    "之后有需要，客服随时为您处理。",
    "我们会继续改进，欢迎大家有问题随时咨询客服。",
    "有任何疑问都可以联系客服，我们会及时回复。",
];

/// Composes the public explanation for one review, within `ctx.explain_max_chars`.
pub fn compose(ctx: &ComposeContext) -> String {
    let causes = ctx.main_causes();
    let opening = if ctx.rating == Some(Rating::Good) { GOOD_OPENINGS } else { OPENINGS };
    let mut parts: Vec<&str> = vec![opening[ctx.pick(1, opening.len())]];
    // Extortion: state facts only, do not answer the demands in public.
    let talk: Vec<Cause> = if causes.contains(&Cause::Extortion) { vec![Cause::Extortion] } else { causes.into_iter().take(3).collect() };
    for (i, c) in talk.iter().enumerate() {
        let public = playbook(*c).public;
        parts.push(public[ctx.pick(10 + i as u64 + *c as u64 * 31, public.len())]);
    }
    parts.push(CLOSINGS[ctx.pick(2, CLOSINGS.len())]);

    // Drop optional sentences (later causes, then the closing) until it fits; never cut mid-sentence.
    let max = ctx.explain_max_chars;
    while parts.len() > 2 && parts.iter().map(|p| p.chars().count()).sum::<usize>() > max {
        let drop = if parts.len() > 3 { parts.len() - 2 } else { parts.len() - 1 };
        parts.remove(drop);
    }
    let mut text: String = parts.concat();
    if text.chars().count() > max {
        // A tiny limit: keep whole sentences only.
        let mut kept = String::new();
        for p in &parts {
            if kept.chars().count() + p.chars().count() <= max {
                kept.push_str(p);
            }
        }
        text = kept;
    }
    to_output_script(&text, ctx.output_script)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CauseHit, Evidence, ExplainState, Platform, Window, WindowState};
    use crate::settings::{OutputScript, Solutions};
    use std::collections::HashSet;

    fn explain(tags: &[Cause], seed: u64, max: usize, script: OutputScript) -> String {
        let causes: Vec<CauseHit> = tags
            .iter()
            .map(|t| CauseHit { tag: *t, owner: t.owner(), confidence: 0.9, evidence: vec![Evidence { start: 0, end: 1, text: "x".into() }] })
            .collect();
        let w = Window {
            state: WindowState::Closed,
            deadline: None,
            remaining_secs: None,
            explain_by: None,
            explain_remaining_secs: None,
            explain_state: ExplainState::Open,
            explain_opens_at: None,
            action: String::new(),
            next_change_secs: None,
            unverified: false,
            rule_note: String::new(),
            approximate: false,
            appeal_by: None,
            appeal_remaining_secs: None,
            warning: None,
        };
        let sol = Solutions::default();
        let ctx = ComposeContext {
            platform: Platform::Tmall,
            rating: Some(Rating::Bad),
            causes: &causes,
            window: &w,
            buyer: Some("张三"),
            item: None,
            shop: None,
            agent: None,
            text: "x",
            solutions: &sol,
            output_script: script,
            seed,
            explain_max_chars: max,
        };
        compose(&ctx)
    }

    #[test]
    fn every_cause_and_pair_passes_the_linter_and_fits() {
        for a in Cause::ALL {
            for b in Cause::ALL {
                for seed in 0..12 {
                    let e = explain(&[a, b], seed, 500, OutputScript::Simplified);
                    assert!(e.chars().count() <= 500);
                    assert!(crate::lint::lint(&e, Some(500)).is_empty(), "{a}+{b}: {e} {:?}", crate::lint::lint(&e, Some(500)));
                    assert!(!e.contains("张三"), "never names the buyer");
                }
            }
        }
    }

    #[test]
    fn wordings_vary_between_reviews() {
        for c in Cause::ALL {
            let distinct: HashSet<String> = (0..60).map(|s| explain(&[c], s * 7919, 500, OutputScript::Simplified)).collect();
            assert!(distinct.len() >= 3, "{c}: {}", distinct.len());
        }
        assert_eq!(explain(&[Cause::Smell], 5, 500, OutputScript::Simplified), explain(&[Cause::Smell], 5, 500, OutputScript::Simplified));
    }

    #[test]
    fn short_limits_keep_whole_sentences() {
        let e = explain(&[Cause::Quality, Cause::ShippingSlow, Cause::Packaging], 3, 60, OutputScript::Simplified);
        assert!(e.chars().count() <= 60 && e.ends_with('。'), "{e}");
    }

    #[test]
    fn traditional_output() {
        let e = explain(&[Cause::ShippingSlow], 1, 500, OutputScript::Traditional);
        assert!(e.contains("物流") || e.contains("快遞") || e.contains("包裹"), "{e}");
        assert!(!e.contains("递") && !e.contains("这"), "{e}");
    }
}
