//! Public explanations (评价解释): written for the future buyers who read the review, calm and
//! specific to its causes, with no private data and nothing a platform forbids. The wording is
//! picked per review from several variants (stable for that review), so replies under different
//! reviews do not read as canned.
//!
//! An explanation states only what is true: the base sentences hold whatever the shop has done,
//! offers come from the shop's solutions, and what the shop did about the cause (重新抽检, 培训,
//! 已补发 …) is said only when confirmed by the settings or the agent's ticks. Otherwise it
//! appears as a visible 【待确认：…】 slot, which the linter blocks until it is filled or removed.

use crate::compose::{playbook, public_offer, to_output_script, ComposeContext};
use crate::model::{Cause, Rating};
use crate::settings::Claim;

const OPENINGS: &[&str] = &["感谢这位顾客的反馈。", "谢谢您抽时间写下评价。", "感谢反馈，您提到的问题我们认真看过了。", "谢谢您的真实评价。"];
const GOOD_OPENINGS: &[&str] = &["谢谢您的好评和建议。", "感谢支持，也谢谢您指出的不足。", "谢谢您的认可，您提到的问题我们记下了。"];
/// A 好评 with nothing to fix is thanked, not answered as a complaint.
const THANKS: &[&str] = &["感谢您的认可和支持！", "谢谢您的肯定，很高兴这次购物让您满意。", "谢谢您的认可，我们很开心。"];
const KEEP_UP: &[&str] = &["我们会继续用心做好商品和服务。", "我们会保持品质，认真对待每一份订单。", "您的满意是对我们最好的鼓励。"];
const CLOSINGS: &[&str] = &[
    "如还有任何问题，欢迎随时联系店铺客服。",
    "之后有需要，客服随时为您处理。",
    "我们会继续改进，欢迎大家有问题随时咨询客服。",
    "有任何疑问都可以联系客服，我们会及时回复。",
];

/// Composes the public explanation for one review, within `ctx.explain_max_chars`.
pub fn compose(ctx: &ComposeContext) -> String {
    if ctx.praise_only() {
        let parts = [THANKS[ctx.pick(1, THANKS.len())], KEEP_UP[ctx.pick(3, KEEP_UP.len())], CLOSINGS[ctx.pick(2, CLOSINGS.len())]];
        return fit_sentences(&parts.concat(), ctx);
    }
    let causes = ctx.main_causes();
    let opening = if ctx.rating == Some(Rating::Good) { GOOD_OPENINGS } else { OPENINGS };
    let mut parts: Vec<String> = vec![opening[ctx.pick(1, opening.len())].to_string()];
    // Extortion: state facts only, do not answer the demands in public.
    let talk: Vec<Cause> = if causes.contains(&Cause::Extortion) { vec![Cause::Extortion] } else { causes.into_iter().take(3).collect() };
    for (i, c) in talk.iter().enumerate() {
        let public = playbook(*c).public;
        let salt = 10 + i as u64 + *c as u64 * 31;
        let mut block = public[ctx.pick(salt, public.len())].to_string();
        block.extend(ctx.claims_for(*c, salt + 100));
        parts.push(block);
    }
    let offer = public_offer(ctx, &talk);
    let has_offer = offer.is_some();
    parts.extend(offer);
    parts.push(CLOSINGS[ctx.pick(2, CLOSINGS.len())].to_string());

    // Drop optional parts (later causes, then the offer, then the closing) until it fits; never
    // cut mid-sentence.
    let max = ctx.explain_max_chars;
    let len = |p: &[String]| p.iter().map(|x| x.chars().count()).sum::<usize>();
    let tail = 1 + usize::from(has_offer);
    while parts.len() > 2 + tail && len(&parts) > max {
        parts.remove(parts.len() - tail - 1);
    }
    if has_offer && len(&parts) > max && parts.len() > 3 {
        parts.remove(parts.len() - 2);
    }
    while parts.len() > 2 && len(&parts) > max {
        parts.pop();
    }
    fit_sentences(&parts.concat(), ctx)
}

/// `text` within the platform's limit, in the output script. Over a tiny limit only whole
/// sentences are kept, and a slot goes first (unsaid is never untrue).
fn fit_sentences(text: &str, ctx: &ComposeContext) -> String {
    if text.chars().count() <= ctx.explain_max_chars {
        return to_output_script(text, ctx.output_script);
    }
    let mut kept = String::new();
    for sentence in without_slots(text).split_inclusive(['。', '！']) {
        if kept.chars().count() + sentence.chars().count() <= ctx.explain_max_chars {
            kept.push_str(sentence);
        }
    }
    to_output_script(&kept, ctx.output_script)
}

/// The claims that what is composed for these causes may state: the claims of the causes an
/// explanation talks about (the first three, or extortion alone), which include those of the
/// first cause, the one the scripts speak of. In playbook order, once each: the panel offers them
/// as ticks. `causes` strongest first, as in the annotation; none stands for `other`.
pub fn claims_at_stake(causes: &[Cause]) -> Vec<Claim> {
    let talk: Vec<Cause> = if causes.contains(&Cause::Extortion) {
        vec![Cause::Extortion]
    } else if causes.is_empty() {
        vec![Cause::Other]
    } else {
        causes.iter().copied().take(3).collect()
    };
    let mut out: Vec<Claim> = Vec::new();
    for c in talk {
        for claim in playbook(c).claims {
            if !out.contains(claim) {
                out.push(*claim);
            }
        }
    }
    out
}

/// `text` with every 【待确认：…】 slot removed.
fn without_slots(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("【待确认") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find('】').map_or("", |j| &rest[i + j + '】'.len_utf8()..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{lint, FORBIDDEN};
    use crate::model::{CauseHit, Evidence, ExplainState, LintKind, Platform, Window, WindowState};
    use crate::settings::{Claim, ClaimSet, OutputScript, Solutions};
    use std::collections::HashSet;

    fn explain_with(tags: &[Cause], seed: u64, max: usize, script: OutputScript, confirmed: &ClaimSet) -> String {
        explain_rated(tags, Some(Rating::Bad), seed, max, script, confirmed)
    }

    fn explain_rated(tags: &[Cause], rating: Option<Rating>, seed: u64, max: usize, script: OutputScript, confirmed: &ClaimSet) -> String {
        let causes: Vec<CauseHit> = tags
            .iter()
            .map(|t| CauseHit { tag: *t, owner: t.owner(), confidence: 0.9, evidence: vec![Evidence { start: 0, end: 1, text: "x".into() }] })
            .collect();
        let w = explain_window();
        let sol = Solutions::default();
        let ctx = ComposeContext {
            platform: Platform::Tmall,
            rating,
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
            confirmed,
            seller_may_ask: false,
        };
        compose(&ctx)
    }

    fn explain_window() -> Window {
        Window { state: WindowState::Closed, explain_state: ExplainState::Open, ..Window::unknown() }
    }

    fn explain(tags: &[Cause], seed: u64, max: usize, script: OutputScript) -> String {
        explain_with(tags, seed, max, script, &ClaimSet::new())
    }

    #[test]
    fn a_praise_with_nothing_to_fix_is_thanked() {
        for seed in 0..12 {
            for max in [500, 40, 20] {
                let e = explain_rated(&[], Some(Rating::Good), seed, max, OutputScript::Simplified, &ClaimSet::new());
                assert!(!e.is_empty() && e.chars().count() <= max, "{max}: {e}");
                assert!(lint(&e, Some(max)).is_empty(), "{e}");
                assert!(THANKS.iter().any(|t| e.starts_with(t)), "{e}");
                if max == 500 {
                    // Thanks and the wish to keep it up; only the closing may speak of questions.
                    let closing = CLOSINGS.iter().find(|c| e.ends_with(*c)).unwrap();
                    let body = &e[..e.len() - closing.len()];
                    assert!(["问题", "不足", "意见", "抱歉"].iter().all(|w| !body.contains(w)), "{e}");
                }
            }
        }
        // A 好评 that names a shortfall is answered about it, as before.
        let e = explain_rated(&[Cause::Packaging], Some(Rating::Good), 1, 500, OutputScript::Simplified, &ClaimSet::new());
        assert!(GOOD_OPENINGS.iter().any(|o| e.starts_with(o)), "{e}");
    }

    #[test]
    fn every_cause_and_pair_passes_the_linter_and_fits() {
        let all: ClaimSet = Claim::ALL.into_iter().collect();
        for a in Cause::ALL {
            for b in Cause::ALL {
                for seed in 0..12 {
                    let e = explain(&[a, b], seed, 500, OutputScript::Simplified);
                    assert!(e.chars().count() <= 500);
                    let found = lint(&e, Some(500));
                    assert!(found.iter().all(|f| f.kind == LintKind::UnconfirmedClaim), "{a}+{b}: {e} {found:?}");
                    assert_eq!(found.is_empty(), !e.contains("【待确认"), "{e}");
                    assert!(!e.contains("张三"), "never names the buyer");
                    // With everything confirmed there is nothing left to confirm.
                    let e = explain_with(&[a, b], seed, 500, OutputScript::Simplified, &all);
                    assert!(lint(&e, Some(500)).is_empty() && !e.contains('【'), "{e}");
                }
            }
        }
    }

    #[test]
    fn claims_only_when_confirmed() {
        // What the issue found stated whatever the shop had done.
        let none = ClaimSet::new();
        for seed in 0..40 {
            for (cause, claim, words) in [
                (Cause::Quality, Claim::BatchRecheck, "重新抽检"),
                (Cause::ServiceAttitude, Claim::StaffTraining, "培训"),
                (Cause::Counterfeit, Claim::CounterCheck, "专柜验货"),
                (Cause::WrongOrMissing, Claim::Resent, "补发"),
            ] {
                let e = explain_with(&[cause], seed, 500, OutputScript::Simplified, &none);
                // Unconfirmed: only inside a slot.
                let outside: String = without_slots(&e);
                assert!(!outside.contains(words) || words == "补发" && outside.contains("可联系客服补发"), "{cause}: {e}");
                let e = explain_with(&[cause], seed, 500, OutputScript::Simplified, &[claim].into());
                assert!(e.contains(words) && !e.contains("【待确认"), "{cause}: {e}");
            }
        }
    }

    #[test]
    fn every_slot_is_a_claim_at_stake_and_ticking_them_fills_it() {
        use crate::compose::slot_claims;
        let w = explain_window();
        let sol = Solutions::default();
        let count_slots = |t: &str, script| t.matches(to_output_script("【待确认", script).as_str()).count();
        for a in Cause::ALL {
            for b in [Cause::Quality, Cause::ShippingSlow, Cause::Counterfeit, Cause::Extortion, Cause::Other, a] {
                let tags = if a == b { vec![a] } else { vec![a, b] };
                let causes: Vec<CauseHit> = tags.iter().map(|t| CauseHit { tag: *t, owner: t.owner(), confidence: 0.9, evidence: vec![] }).collect();
                let stake = claims_at_stake(&tags);
                for script in [OutputScript::Simplified, OutputScript::Traditional] {
                    for seed in 0..6 {
                        for confirmed in [ClaimSet::new(), stake.iter().copied().collect::<ClaimSet>()] {
                            let ctx = ComposeContext {
                                platform: Platform::Jd,
                                rating: Some(Rating::Bad),
                                causes: &causes,
                                window: &w,
                                buyer: None,
                                item: None,
                                shop: None,
                                agent: None,
                                text: "x",
                                solutions: &sol,
                                output_script: script,
                                seed,
                                explain_max_chars: 500,
                                confirmed: &confirmed,
                                seller_may_ask: false,
                            };
                            let sc = crate::script::compose(&ctx);
                            for text in [compose(&ctx), sc.phone, sc.chat, sc.sms] {
                                let found = slot_claims(&text, script);
                                assert!(found.iter().all(|c| stake.contains(c)), "{tags:?}: {found:?} not in {stake:?}: {text}");
                                assert_eq!(found.len(), count_slots(&text, script), "{tags:?}: {text}");
                                if !confirmed.is_empty() {
                                    assert_eq!(count_slots(&text, script), 0, "every claim at stake ticked: {tags:?}: {text}");
                                }
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(claims_at_stake(&[]), Vec::<Claim>::new(), "other: nothing to claim");
        assert_eq!(claims_at_stake(&[Cause::Quality, Cause::Extortion]), vec![Claim::ReportedToPlatform]);
        assert_eq!(slot_claims("【待确认：我们已对同批次库存重新抽检。】【待确认：我们改了】", OutputScript::Simplified), vec![Claim::BatchRecheck]);
    }

    #[test]
    fn offers_follow_the_shop_settings() {
        let e = explain(&[Cause::Quality], 1, 500, OutputScript::Simplified);
        assert!(e.contains("可联系客服办理退换，来回运费由店铺承担"), "{e}");
        let e = explain(&[Cause::ShippingSlow], 1, 500, OutputScript::Simplified);
        assert!(!e.contains("退换"), "logistics: nothing to return: {e}");
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
        assert!(e.chars().count() <= 60 && (e.ends_with('。') || e.ends_with("。】")), "{e}");
        assert_eq!(e.matches('【').count(), e.matches('】').count(), "{e}");
        let e = explain(&[Cause::Quality], 3, 30, OutputScript::Simplified);
        assert!(e.chars().count() <= 30 && e.ends_with('。') && !e.contains('【'), "a slot goes before a sentence is cut: {e}");
    }

    #[test]
    fn traditional_output() {
        let e = explain(&[Cause::ShippingSlow], 1, 500, OutputScript::Traditional);
        assert!(e.contains("物流") || e.contains("快遞") || e.contains("包裹"), "{e}");
        assert!(!e.contains("递") && !e.contains("这"), "{e}");
        // The slot survives conversion and is still found by the linter.
        let e = explain(&[Cause::Quality], 1, 500, OutputScript::Traditional);
        assert!(lint(&e, None).iter().any(|f| f.kind == LintKind::UnconfirmedClaim), "{e}");
        assert!(lint(&e, None).iter().all(|f| !FORBIDDEN.contains(&f.kind)));
    }
}
