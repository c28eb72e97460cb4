//! The countdowns for one review under its platform's rules: how long the buyer can still modify
//! the review, and by when the seller's public explanation must be posted.

use crate::dates::{format_remaining, to_rfc3339};
use crate::model::{ExplainState, Rating, Window, WindowState};
use crate::rules::PlatformRules;
use chrono::{DateTime, Duration, FixedOffset};

/// Under this many seconds left, a window is `closing`.
pub const CLOSING_SECS: i64 = 24 * 3600;

/// What the page tells about a review's timeline.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub reviewed_at: Option<DateTime<FixedOffset>>,
    /// The buyer has changed the review once already.
    pub modified: bool,
    /// When the buyer added a follow-up review (追评).
    pub appended_at: Option<DateTime<FixedOffset>>,
    /// An explanation is already posted.
    pub replied: bool,
}

fn days(n: u32) -> Duration {
    Duration::days(i64::from(n))
}

/// Computes both windows at `now`.
pub fn compute(rules: &PlatformRules, rating: Option<Rating>, t: &Timeline, now: DateTime<FixedOffset>) -> Window {
    let m = &rules.modify;
    let e = &rules.explain;

    // The buyer's modification window.
    let mut deadline = None;
    let state = match (m.allowed, rating) {
        (None, _) => WindowState::Unknown,
        (Some(false), _) => WindowState::NotModifiable,
        (Some(true), Some(r)) if !m.ratings.contains(&r) => WindowState::NotModifiable,
        (Some(true), None) => WindowState::Unknown,
        (Some(true), Some(_)) if t.modified && m.once => WindowState::Used,
        (Some(true), Some(_)) => match (t.reviewed_at, m.days) {
            (Some(at), Some(d)) => {
                let end = at + days(d);
                deadline = Some(end);
                classify(end - now)
            }
            _ => WindowState::Unknown,
        },
    };
    let remaining_secs = deadline.map(|d| (d - now).num_seconds());

    // The seller's explanation window. On Taobao/Tmall a 追评 ends it for the original review.
    let mut explain_by = match (t.reviewed_at, e.days) {
        (Some(at), Some(d)) => Some(at + days(d)),
        _ => None,
    };
    let appended = t.appended_at.filter(|a| *a <= now);
    let closed_by_append = e.append_closes && appended.is_some();
    if closed_by_append {
        explain_by = match (explain_by, appended) {
            (Some(by), Some(a)) => Some(by.min(a)),
            (None, a) => a,
            (by, None) => by,
        };
    }
    let opens_at = match (t.reviewed_at, rating) {
        (Some(at), Some(Rating::Neutral | Rating::Bad)) if e.opens_after_hours > 0 => Some(at + Duration::hours(i64::from(e.opens_after_hours))),
        _ => None,
    };
    let explain_state = if t.replied {
        ExplainState::Replied
    } else if closed_by_append {
        ExplainState::Closed
    } else {
        match explain_by {
            None => ExplainState::Unknown,
            Some(by) if by <= now => ExplainState::Closed,
            Some(_) if opens_at.is_some_and(|o| o > now) => ExplainState::NotYet,
            Some(by) if (by - now).num_seconds() < CLOSING_SECS => ExplainState::Closing,
            Some(_) => ExplainState::Open,
        }
    };
    let explain_remaining_secs = explain_by.map(|d| (d - now).num_seconds());

    let unverified = match state {
        WindowState::NotModifiable | WindowState::Open | WindowState::Closing | WindowState::Closed | WindowState::Used => m.confidence.is_weak(),
        WindowState::Unknown => true,
    } || e.confidence.is_weak();

    // The next instant at which any state above flips (closing at 24 h, closed at the deadline,
    // the explanation box opening), so a page left open re-evaluates then. One second past the
    // mark: exactly 24 h left is still `open`.
    let next_change_secs = [deadline.map(|d| d - Duration::seconds(CLOSING_SECS)), deadline, opens_at, explain_by.map(|d| d - Duration::seconds(CLOSING_SECS)), explain_by]
        .into_iter()
        .flatten()
        .map(|t| (t - now).num_seconds())
        .filter(|&s| s >= 0)
        .map(|s| s + 1)
        .min();

    let action = action(rules, rating, state, remaining_secs, explain_state, explain_remaining_secs, closed_by_append, t.reviewed_at.is_none());
    Window {
        state,
        deadline: deadline.map(to_rfc3339),
        remaining_secs,
        explain_by: explain_by.map(to_rfc3339),
        explain_remaining_secs,
        explain_state,
        explain_opens_at: opens_at.filter(|o| *o > now).map(to_rfc3339),
        action,
        next_change_secs,
        unverified,
        rule_note: format!(
            "修改：{}（可信度 {}）；解释：{}（可信度 {}）",
            m.source,
            conf(m.confidence),
            e.source,
            conf(e.confidence)
        ),
    }
}

fn conf(c: crate::rules::Confidence) -> &'static str {
    match c {
        crate::rules::Confidence::H => "高",
        crate::rules::Confidence::M => "中",
        crate::rules::Confidence::L => "低",
        crate::rules::Confidence::Unknown => "未知",
    }
}

fn classify(left: Duration) -> WindowState {
    let secs = left.num_seconds();
    if secs <= 0 {
        WindowState::Closed
    } else if secs < CLOSING_SECS {
        WindowState::Closing
    } else {
        WindowState::Open
    }
}

/// One sentence telling the agent what to do now.
#[allow(clippy::too_many_arguments)]
fn action(
    rules: &PlatformRules,
    rating: Option<Rating>,
    state: WindowState,
    remaining: Option<i64>,
    explain: ExplainState,
    explain_remaining: Option<i64>,
    closed_by_append: bool,
    no_date: bool,
) -> String {
    let margin = rules.safety_margin_days;
    let explain_part = match explain {
        ExplainState::Replied => "解释已发布。".to_string(),
        ExplainState::Closed if closed_by_append => match rules.explain.append_explain_days {
            Some(d) => format!("买家已追评，原评价的解释窗口已关闭；可在追评后{d}天内解释追评。"),
            None => "买家已追评，原评价的解释窗口已关闭。".to_string(),
        },
        ExplainState::Closed => "解释期限已过。".to_string(),
        ExplainState::NotYet => "解释入口尚未开放（中差评在评价48小时后开放）。".to_string(),
        ExplainState::Closing => "解释截止不足24小时：今天必须发布解释。".to_string(),
        ExplainState::Open => format!("解释还剩{}，建议截止前{margin}天发布。", format_remaining(explain_remaining.unwrap_or(0))),
        ExplainState::Unknown if no_date => "评价日期未知：请核对后台显示的解释期限。".to_string(),
        ExplainState::Unknown => "该平台解释期限未知：尽早发布解释。".to_string(),
    };
    let modify_part = match (state, rating) {
        (_, Some(Rating::Good)) => "好评，无需请求修改；如有抱怨，可回复说明。".to_string(),
        (WindowState::Open, _) => format!(
            "买家还可修改评价（剩{}）：先联系买家解决问题，暂缓发布解释；截止前{margin}天仍未修改再发布解释。",
            format_remaining(remaining.unwrap_or(0))
        ),
        (WindowState::Closing, _) => "修改窗口不足24小时：今天联系买家；未修改则立即发布解释。".to_string(),
        (WindowState::Closed, _) => "修改窗口已关闭：不再请求改评，尽快发布评价解释。".to_string(),
        (WindowState::Used, _) => "买家已用掉唯一一次修改机会：不再请求改评，专注解决问题并发布解释。".to_string(),
        (WindowState::NotModifiable, _) => "该平台评价不可修改：联系买家解决问题，并发布解释或申诉。".to_string(),
        (WindowState::Unknown, _) if no_date => "评价日期未知：先联系买家，并核对后台显示的期限。".to_string(),
        (WindowState::Unknown, _) => "该平台修改规则未核实：先联系买家解决问题，再发布解释。".to_string(),
    };
    format!("{modify_part}{explain_part}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Platform;
    use crate::rules::RuleBook;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn win(p: Platform, rating: Option<Rating>, t: Timeline, now: &str) -> Window {
        compute(RuleBook::builtin().get(p), rating, &t, at(now))
    }

    fn reviewed(s: &str) -> Timeline {
        Timeline { reviewed_at: Some(at(s)), ..Default::default() }
    }

    #[test]
    fn taobao_bad_review_is_open_for_30_days() {
        let w = win(Platform::Taobao, Some(Rating::Bad), reviewed("2026-11-20T10:21:33+08:00"), "2026-11-22T12:00:00+08:00");
        assert_eq!(w.state, WindowState::Open);
        assert_eq!(w.deadline.as_deref(), Some("2026-12-20T10:21:33+08:00"));
        assert_eq!(w.explain_by.as_deref(), Some("2026-12-20T10:21:33+08:00"));
        assert_eq!(w.explain_state, ExplainState::Open);
        assert!(!w.unverified);
        assert!(w.action.contains("暂缓发布解释"), "{}", w.action);
    }

    #[test]
    fn closing_under_24_hours_and_closed_after() {
        let t = reviewed("2026-10-23T10:00:00+08:00");
        let w = win(Platform::Taobao, Some(Rating::Neutral), t.clone(), "2026-11-21T10:00:01+08:00");
        assert_eq!(w.state, WindowState::Closing);
        assert_eq!(w.explain_state, ExplainState::Closing);
        let w = win(Platform::Taobao, Some(Rating::Neutral), t.clone(), "2026-11-21T10:00:00+08:00");
        assert_eq!(w.state, WindowState::Open, "exactly 24 h left is still open");
        let w = win(Platform::Taobao, Some(Rating::Neutral), t, "2026-11-22T10:00:00+08:00");
        assert_eq!(w.state, WindowState::Closed);
        assert_eq!(w.remaining_secs, Some(0));
    }

    #[test]
    fn next_change_is_the_next_boundary() {
        let t = reviewed("2026-10-23T10:00:00+08:00");
        // 2 days before the deadline: the next change is the 24 h mark, one second past it.
        let now = "2026-11-20T10:00:00+08:00";
        let w = win(Platform::Taobao, Some(Rating::Bad), t.clone(), now);
        assert_eq!(w.next_change_secs, Some(24 * 3600 + 1));
        let later = at(now) + Duration::seconds(w.next_change_secs.unwrap());
        let w2 = compute(RuleBook::builtin().get(Platform::Taobao), Some(Rating::Bad), &t, later);
        assert_eq!((w.state, w2.state), (WindowState::Open, WindowState::Closing));
        // After every deadline nothing is scheduled.
        let w = win(Platform::Taobao, Some(Rating::Bad), t, "2026-12-30T10:00:00+08:00");
        assert_eq!(w.next_change_secs, None);
    }

    #[test]
    fn modified_once_is_used() {
        let mut t = reviewed("2026-11-20T10:00:00+08:00");
        t.modified = true;
        assert_eq!(win(Platform::Taobao, Some(Rating::Bad), t, "2026-11-22T10:00:00+08:00").state, WindowState::Used);
    }

    #[test]
    fn good_reviews_and_tmall_are_not_modifiable() {
        let t = reviewed("2026-11-20T10:00:00+08:00");
        assert_eq!(win(Platform::Taobao, Some(Rating::Good), t.clone(), "2026-11-22T10:00:00+08:00").state, WindowState::NotModifiable);
        let w = win(Platform::Tmall, Some(Rating::Bad), t.clone(), "2026-11-22T10:00:00+08:00");
        assert_eq!(w.state, WindowState::NotModifiable);
        assert_eq!(w.deadline, None);
        assert_eq!(w.explain_state, ExplainState::Open);
        let w = win(Platform::Douyin, Some(Rating::Bad), t, "2026-11-22T10:00:00+08:00");
        assert_eq!((w.state, w.unverified), (WindowState::Unknown, true));
    }

    #[test]
    fn append_ends_the_explanation_window_on_taobao_and_tmall() {
        let mut t = reviewed("2026-11-10T10:00:00+08:00");
        t.appended_at = Some(at("2026-11-15T20:00:00+08:00"));
        for p in [Platform::Taobao, Platform::Tmall] {
            let w = win(p, Some(Rating::Bad), t.clone(), "2026-11-22T10:00:00+08:00");
            assert_eq!(w.explain_state, ExplainState::Closed, "{p}");
            assert_eq!(w.explain_by.as_deref(), Some("2026-11-15T20:00:00+08:00"));
            assert!(w.action.contains("追评"));
        }
        // A 追评 in the future of `now` has not happened yet.
        let w = win(Platform::Taobao, Some(Rating::Bad), t, "2026-11-12T10:00:00+08:00");
        assert_eq!(w.explain_state, ExplainState::Open);
    }

    #[test]
    fn taobao_explanation_opens_48_hours_after_review() {
        let w = win(Platform::Taobao, Some(Rating::Bad), reviewed("2026-11-21T10:00:00+08:00"), "2026-11-22T10:00:00+08:00");
        assert_eq!(w.explain_state, ExplainState::NotYet);
        assert_eq!(w.explain_opens_at.as_deref(), Some("2026-11-23T10:00:00+08:00"));
    }

    #[test]
    fn replied_and_missing_date() {
        let mut t = reviewed("2026-11-20T10:00:00+08:00");
        t.replied = true;
        assert_eq!(win(Platform::Taobao, Some(Rating::Bad), t, "2026-11-22T10:00:00+08:00").explain_state, ExplainState::Replied);
        let w = win(Platform::Taobao, Some(Rating::Bad), Timeline::default(), "2026-11-22T10:00:00+08:00");
        assert_eq!((w.state, w.explain_state, w.deadline.clone()), (WindowState::Unknown, ExplainState::Unknown, None));
        assert!(w.action.contains("日期未知"));
    }
}
