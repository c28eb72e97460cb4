//! Priority 0–100 with its reasons, so that an agent can work a page top-down.
//!
//! The score is a sum of points, each with a reason; reasons are listed by points, largest first.
//!
//! | what | points |
//! |---|---|
//! | 差评 / 中评 / no rating / 好评 with a complaint / 好评 | 40 / 28 / 20 / 12 / 0 |
//! | buyer can still modify: under 24 h / under 3 days / under 7 days / more | 25 / 20 / 14 / 8 |
//! | explanation due, not posted: under 24 h / under 3 days / open | 15 / 10 / 4 |
//! | extortion (evidence and a report are needed) | 25 |
//! | seller-owned causes (the shop can fix them), each | 4, at most 12 |
//! | mid/bad review with no cause recognised (needs reading) | 5 |
//! | window state unknown (check the backend) | 4 |
//!
//! Nothing to do anymore (explanation posted and the modification window gone) caps the score at 15.

use crate::sorting;
use crate::dates::format_remaining;
use crate::model::{Cause, CauseHit, ExplainState, Owner, Rating, Window, WindowState};

const DAY: i64 = 86_400;

/// Scores one review; reasons most important first.
pub fn score(rating: Option<Rating>, causes: &[CauseHit], window: &Window) -> (u8, Vec<String>) {
    let mut parts: Vec<(u32, String)> = Vec::new();
    let complaint_in_good = rating == Some(Rating::Good) && !causes.is_empty();
    match rating {
        Some(Rating::Bad) => parts.push((40, "差评".into())),
        Some(Rating::Neutral) => parts.push((28, "中评".into())),
        None => parts.push((20, "评级未知".into())),
        Some(Rating::Good) if complaint_in_good => parts.push((12, "好评中含抱怨".into())),
        Some(Rating::Good) => {}
    }
    let actionable = rating != Some(Rating::Good);
    if actionable {
        let left = window.remaining_secs.unwrap_or(0);
        let p = match window.state {
            WindowState::Closing => 25,
            WindowState::Open if left < 3 * DAY => 20,
            WindowState::Open if left < 7 * DAY => 14,
            WindowState::Open => 8,
            _ => 0,
        };
        if p > 0 {
            parts.push((p, format!("买家还可修改评价，剩{}", format_remaining(left))));
        }
        if window.state == WindowState::Unknown {
            parts.push((4, "修改期限未知，需核对后台".into()));
        }
    }
    if actionable || complaint_in_good {
        let left = window.explain_remaining_secs.unwrap_or(0);
        let p = match window.explain_state {
            ExplainState::Closing => 15,
            ExplainState::Open if left < 3 * DAY => 10,
            ExplainState::Open => 4,
            _ => 0,
        };
        if p > 0 {
            parts.push((p, format!("评价解释未发布，剩{}", format_remaining(left))));
        }
    }
    if causes.iter().any(|c| c.tag == Cause::Extortion) {
        parts.push((25, "疑似恶意敲诈：保留证据并向平台举报".into()));
    }
    let seller: Vec<&str> = causes.iter().filter(|c| c.owner == Owner::Seller).map(|c| c.tag.zh()).collect();
    if !seller.is_empty() {
        parts.push(((4 * seller.len() as u32).min(12), format!("商家可解决的问题：{}", seller.join("、"))));
    }
    if actionable && causes.is_empty() && rating.is_some() {
        parts.push((5, "未识别出具体原因，需人工阅读".into()));
    }
    sorting::sort_by(&mut parts, |a, b| b.0.cmp(&a.0));
    let mut total: u32 = parts.iter().map(|p| p.0).sum();
    let done = window.explain_state == ExplainState::Replied
        && matches!(window.state, WindowState::Closed | WindowState::Used | WindowState::NotModifiable);
    let mut reasons: Vec<String> = parts.into_iter().map(|p| p.1).collect();
    if done {
        total = total.min(15);
        reasons.insert(0, "已解释且不可再修改：仅需记录".into());
    }
    if reasons.is_empty() {
        reasons.push("好评，无需处理".into());
    }
    (total.min(100) as u8, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, ExplainState};

    fn window(state: WindowState, left_days: i64, explain: ExplainState) -> Window {
        Window {
            state,
            deadline: None,
            remaining_secs: Some(left_days * DAY),
            explain_by: None,
            explain_remaining_secs: Some(left_days * DAY),
            explain_state: explain,
            ..Window::unknown()
        }
    }

    fn hit(tag: Cause) -> CauseHit {
        CauseHit { tag, owner: tag.owner(), confidence: 0.9, evidence: vec![Evidence { start: 0, end: 1, text: "x".into() }] }
    }

    #[test]
    fn ordering_follows_urgency() {
        let open = |d| window(WindowState::Open, d, ExplainState::Open);
        let bad_closing = score(Some(Rating::Bad), &[hit(Cause::Quality)], &window(WindowState::Closing, 0, ExplainState::Closing)).0;
        let bad_2d = score(Some(Rating::Bad), &[hit(Cause::Quality)], &open(2)).0;
        let bad_20d = score(Some(Rating::Bad), &[hit(Cause::Quality)], &open(20)).0;
        let mid_20d = score(Some(Rating::Neutral), &[hit(Cause::Expectation)], &open(20)).0;
        let good_complaint = score(Some(Rating::Good), &[hit(Cause::ShippingSlow)], &window(WindowState::NotModifiable, 20, ExplainState::Open)).0;
        let good = score(Some(Rating::Good), &[], &window(WindowState::NotModifiable, 20, ExplainState::Open)).0;
        assert!(bad_closing > bad_2d && bad_2d > bad_20d && bad_20d > mid_20d && mid_20d > good_complaint && good_complaint > good);
        assert_eq!(good, 0);
        assert!(bad_closing <= 100);
    }

    #[test]
    fn extortion_ranks_high_and_says_why() {
        let (p, reasons) = score(Some(Rating::Bad), &[hit(Cause::Extortion)], &window(WindowState::Open, 20, ExplainState::Open));
        assert!(p >= 70, "{p}");
        assert!(reasons.iter().any(|r| r.contains("敲诈")));
    }

    #[test]
    fn finished_reviews_sink() {
        let (p, reasons) = score(Some(Rating::Bad), &[hit(Cause::Quality)], &window(WindowState::Closed, -3, ExplainState::Replied));
        assert!(p <= 15);
        assert!(reasons[0].contains("已解释"));
    }

    #[test]
    fn reasons_are_sorted_by_weight() {
        let (_, reasons) = score(Some(Rating::Bad), &[hit(Cause::Quality)], &window(WindowState::Closing, 0, ExplainState::Open));
        assert_eq!(reasons[0], "差评");
        assert!(reasons[1].starts_with("买家还可修改"));
    }
}
