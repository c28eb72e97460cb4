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
    /// The earliest moment the page's review date can mean (see `dates`).
    pub reviewed_at: Option<DateTime<FixedOffset>>,
    /// `reviewed_at` is coarser than a minute (`3天前`, `昨天`, a date without a time).
    pub reviewed_approximate: bool,
    /// The page marks the review as changed by the buyer.
    pub modified: bool,
    /// When the buyer added a follow-up review (追评), if the page shows the date.
    pub appended_at: Option<DateTime<FixedOffset>>,
    /// A 追评 is on the page (its text or its date), dated or not.
    pub appended: bool,
    /// An explanation is already posted.
    pub replied: bool,
}

fn days(n: u32) -> Duration {
    Duration::days(i64::from(n))
}

/// Computes both windows (and the appeal, where the platform has one) at `now`.
pub fn compute(rules: &PlatformRules, rating: Option<Rating>, t: &Timeline, now: DateTime<FixedOffset>) -> Window {
    let m = &rules.modify;
    let e = &rules.explain;

    // A change flagged on the page spends the one change only if the rule allows where it ended
    // (Taobao: a 中/差评 becomes 好评 or is deleted). A text edit with the rating still 中/差 is
    // not that change: the window stays as the dates say, and the agent is told.
    let allowed_result = |r: Rating| m.to.contains(&r) || (m.bad_to_neutral && r == Rating::Neutral);
    let mut warning = None;
    let used = match (m.allowed, rating) {
        (Some(true), Some(r)) if t.modified && m.once => {
            if allowed_result(r) {
                true
            } else {
                // Worded for the agent; avoids "改为好评"-style phrases a message to a buyer must not have.
                warning = Some(format!(
                    "页面标着已修改，但评级仍是{}：{}的中差评只能变成{}或被删除，这不是那一次机会，期限按日期照算；请在后台核对。",
                    r.zh(),
                    rules.platform.zh(),
                    m.to.iter().map(|r| r.zh()).collect::<Vec<_>>().join("/")
                ));
                false
            }
        }
        _ => false,
    };

    // The buyer's modification window.
    let mut deadline = None;
    let state = match (m.allowed, rating) {
        (None, _) => WindowState::Unknown,
        (Some(false), _) => WindowState::NotModifiable,
        (Some(true), Some(_)) if used => WindowState::Used,
        (Some(true), Some(r)) if !m.ratings.contains(&r) => WindowState::NotModifiable,
        (Some(true), None) => WindowState::Unknown,
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

    // The seller's explanation window. On Taobao/Tmall a 追评 ends it for the original review,
    // whether or not the page shows when the 追评 was made.
    let mut explain_by = match (t.reviewed_at, e.days) {
        (Some(at), Some(d)) => Some(at + days(d)),
        _ => None,
    };
    let appended_dated = t.appended_at.filter(|a| *a <= now);
    let appended_undated = t.appended && t.appended_at.is_none();
    let closed_by_append = e.append_closes && (appended_dated.is_some() || appended_undated);
    if closed_by_append {
        explain_by = match (explain_by, appended_dated) {
            (Some(by), Some(a)) => Some(by.min(a)),
            (None, a) => a,
            // Closed at a moment the page does not show: no deadline to count down to.
            (Some(_), None) => None,
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

    // The seller's appeal against an unreasonable review (JD: 30 days, once), for 中/差评.
    let appeal_by = match (t.reviewed_at, rules.appeal.days, rating) {
        (Some(at), Some(d), Some(Rating::Neutral | Rating::Bad) | None) => Some(at + days(d)),
        _ => None,
    };
    let appeal_remaining_secs = appeal_by.map(|d| (d - now).num_seconds());

    let unverified = match state {
        WindowState::NotModifiable | WindowState::Open | WindowState::Closing | WindowState::Closed | WindowState::Used => m.confidence.is_weak(),
        WindowState::Unknown => true,
    } || e.confidence.is_weak();
    let approximate = t.reviewed_approximate && (deadline.is_some() || explain_by.is_some() || appeal_by.is_some());

    // The next instant at which any state above flips (closing at 24 h, closed at a deadline,
    // the explanation box opening, the appeal's last day and end), so a page left open
    // re-evaluates then. One second past the mark: exactly 24 h left is still `open`.
    let closing = |d: Option<DateTime<FixedOffset>>| d.map(|d| d - Duration::seconds(CLOSING_SECS));
    let next_change_secs = [closing(deadline), deadline, opens_at, closing(explain_by), explain_by, closing(appeal_by), appeal_by]
        .into_iter()
        .flatten()
        .map(|t| (t - now).num_seconds())
        .filter(|&s| s >= 0)
        .map(|s| s + 1)
        .min();

    let facts = Facts {
        rating,
        state,
        remaining: remaining_secs,
        explain: explain_state,
        explain_remaining: explain_remaining_secs,
        closed_by_append,
        append_undated: closed_by_append && appended_dated.is_none(),
        no_date: t.reviewed_at.is_none(),
        appeal_remaining: appeal_remaining_secs,
        approximate,
    };
    let mut action = action(rules, &facts);
    if let Some(w) = &warning {
        action = format!("{w}{action}");
    }
    let appeal_note = if rules.appeal.days.is_some() { format!("；申诉：{}（可信度 {}）", rules.appeal.source, conf(rules.appeal.confidence)) } else { String::new() };
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
            "修改：{}（可信度 {}）；解释：{}（可信度 {}）{appeal_note}",
            m.source,
            conf(m.confidence),
            e.source,
            conf(e.confidence)
        ),
        approximate,
        appeal_by: appeal_by.map(to_rfc3339),
        appeal_remaining_secs,
        warning,
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

/// What the action sentence is written from.
struct Facts {
    rating: Option<Rating>,
    state: WindowState,
    remaining: Option<i64>,
    explain: ExplainState,
    explain_remaining: Option<i64>,
    closed_by_append: bool,
    append_undated: bool,
    no_date: bool,
    appeal_remaining: Option<i64>,
    approximate: bool,
}

/// One sentence telling the agent what to do now. It never suggests asking the buyer about the
/// review: the modification countdown says how long the buyer can still change it on their own.
fn action(rules: &PlatformRules, f: &Facts) -> String {
    let margin = rules.safety_margin_days;
    let explain_part = match f.explain {
        ExplainState::Replied => "解释已发布。".to_string(),
        ExplainState::Closed if f.closed_by_append => {
            let when = if f.append_undated { "（页面未显示追评日期，请在后台核对）" } else { "" };
            match rules.explain.append_explain_days {
                Some(d) => format!("买家已追评，原评价的解释窗口已关闭{when}；可在追评后{d}天内解释追评。"),
                None => format!("买家已追评，原评价的解释窗口已关闭{when}。"),
            }
        }
        ExplainState::Closed => "解释期限已过。".to_string(),
        ExplainState::NotYet => "解释入口尚未开放（中差评在评价48小时后开放）。".to_string(),
        ExplainState::Closing => "解释截止不足24小时：今天必须发布解释。".to_string(),
        ExplainState::Open => format!("解释还剩{}，建议截止前{margin}天发布。", format_remaining(f.explain_remaining.unwrap_or(0))),
        ExplainState::Unknown if f.no_date => "评价日期未知：请核对后台显示的解释期限。".to_string(),
        ExplainState::Unknown => "该平台解释期限未知：尽早发布解释。".to_string(),
    };
    let modify_part = match (f.state, f.rating) {
        (_, Some(Rating::Good)) => "好评：如有抱怨，可回复说明。".to_string(),
        (WindowState::Open, _) => format!(
            "买家还可自行修改评价（剩{}）：先联系买家把问题解决好，评价由买家自己决定；解释可在问题处理后、截止前{margin}天内发布。",
            format_remaining(f.remaining.unwrap_or(0))
        ),
        (WindowState::Closing, _) => "买家自行修改的窗口不足24小时：今天把问题解决好，并发布解释。".to_string(),
        (WindowState::Closed, _) => "修改窗口已关闭：尽快发布评价解释。".to_string(),
        (WindowState::Used, _) => "买家已用掉唯一一次修改机会：专注解决问题并发布解释。".to_string(),
        (WindowState::NotModifiable, _) => "该平台评价不可修改：联系买家解决问题，并发布解释。".to_string(),
        (WindowState::Unknown, _) if f.no_date => "评价日期未知：先联系买家，并核对后台显示的期限。".to_string(),
        (WindowState::Unknown, _) => "该平台修改规则未核实：先联系买家解决问题，再发布解释。".to_string(),
    };
    let appeal_part = match f.appeal_remaining {
        Some(left) if left > 0 && f.rating != Some(Rating::Good) => {
            let once = if rules.appeal.once { "，每条限一次" } else { "" };
            format!("如评价不合理可申诉（申诉剩{}{once}）。", format_remaining(left))
        }
        _ => String::new(),
    };
    let approx = if f.approximate { "（评价时间按页面的粗略时间估算，期限按最早可能时间计算）" } else { "" };
    format!("{modify_part}{explain_part}{appeal_part}{approx}")
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
        assert!(w.action.contains("评价由买家自己决定") && !w.approximate, "{}", w.action);
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
    fn a_change_is_used_only_when_taobao_allows_where_it_ended() {
        let mut t = reviewed("2026-11-20T10:00:00+08:00");
        t.modified = true;
        // Changed to 好评: the one change is spent.
        let w = win(Platform::Taobao, Some(Rating::Good), t.clone(), "2026-11-22T10:00:00+08:00");
        assert_eq!((w.state, w.warning.clone()), (WindowState::Used, None));
        // Still 差评 after a "change": not the change Taobao allows; the window stays open, with a warning.
        let w = win(Platform::Taobao, Some(Rating::Bad), t.clone(), "2026-11-22T10:00:00+08:00");
        assert_eq!(w.state, WindowState::Open);
        let warning = w.warning.clone().expect("a warning");
        assert!(warning.contains("评级仍是差评") && w.action.starts_with(&warning), "{}", w.action);
        // 差评 → 中评 is disputed and off by default; an override that allows it makes it "used".
        let w = win(Platform::Taobao, Some(Rating::Neutral), t.clone(), "2026-11-22T10:00:00+08:00");
        assert_eq!(w.state, WindowState::Open);
        let mut rules = RuleBook::builtin().get(Platform::Taobao).clone();
        rules.modify.bad_to_neutral = true;
        assert_eq!(compute(&rules, Some(Rating::Neutral), &t, at("2026-11-22T10:00:00+08:00")).state, WindowState::Used);
    }

    #[test]
    fn good_reviews_and_tmall_are_not_modifiable() {
        let t = reviewed("2026-11-20T10:00:00+08:00");
        assert_eq!(win(Platform::Taobao, Some(Rating::Good), t.clone(), "2026-11-22T10:00:00+08:00").state, WindowState::NotModifiable);
        let w = win(Platform::Tmall, Some(Rating::Bad), t.clone(), "2026-11-22T10:00:00+08:00");
        assert_eq!(w.state, WindowState::NotModifiable);
        assert_eq!(w.deadline, None);
        assert_eq!(w.explain_state, ExplainState::Open);
    }

    #[test]
    fn douyin_and_jd_as_the_spec_gives_them() {
        let t = reviewed("2026-11-20T10:00:00+08:00");
        // Douyin: the score may change within 30 days of the first review (L): open, unverified.
        let w = win(Platform::Douyin, Some(Rating::Bad), t.clone(), "2026-11-22T10:00:00+08:00");
        assert_eq!((w.state, w.unverified), (WindowState::Open, true));
        assert_eq!(w.deadline.as_deref(), Some("2026-12-20T10:00:00+08:00"));
        // JD: buyer edits unverified (not "not modifiable"); reply deadline unknown; appeal 30 days, once.
        let w = win(Platform::Jd, Some(Rating::Bad), t.clone(), "2026-11-22T10:00:00+08:00");
        assert_eq!((w.state, w.unverified, w.explain_state), (WindowState::Unknown, true, ExplainState::Unknown));
        assert_eq!(w.appeal_by.as_deref(), Some("2026-12-20T10:00:00+08:00"));
        assert_eq!(w.appeal_remaining_secs, Some(28 * 86_400));
        assert!(w.action.contains("申诉剩28天0小时") && w.action.contains("每条限一次"), "{}", w.action);
        // No appeal for good reviews, none on other platforms.
        assert_eq!(win(Platform::Jd, Some(Rating::Good), t.clone(), "2026-11-22T10:00:00+08:00").appeal_by, None);
        assert_eq!(win(Platform::Taobao, Some(Rating::Bad), t, "2026-11-22T10:00:00+08:00").appeal_by, None);
    }

    #[test]
    fn the_appeal_deadline_is_a_boundary() {
        let t = reviewed("2026-11-20T10:00:00+08:00");
        // 12 h before the appeal closes: the next change is the appeal's end.
        let w = win(Platform::Jd, Some(Rating::Bad), t.clone(), "2026-12-19T22:00:00+08:00");
        assert_eq!(w.next_change_secs, Some(12 * 3600 + 1));
        // 3 days before: its last-24-h mark.
        let w = win(Platform::Jd, Some(Rating::Bad), t.clone(), "2026-12-17T10:00:00+08:00");
        assert_eq!(w.next_change_secs, Some(2 * 86_400 + 1));
        let w = win(Platform::Jd, Some(Rating::Bad), t, "2026-12-21T10:00:00+08:00");
        assert!(!w.action.contains("申诉") && w.next_change_secs.is_none(), "{}", w.action);
    }

    #[test]
    fn approximate_review_times_are_flagged() {
        let mut t = reviewed("2026-11-18T10:00:00+08:00");
        t.reviewed_approximate = true;
        let w = win(Platform::Taobao, Some(Rating::Bad), t, "2026-11-22T10:00:00+08:00");
        assert!(w.approximate && w.action.contains("最早可能时间"), "{}", w.action);
        let w = win(Platform::Taobao, Some(Rating::Bad), Timeline { reviewed_approximate: true, ..Default::default() }, "2026-11-22T10:00:00+08:00");
        assert!(!w.approximate, "no deadline, nothing approximate");
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
    fn an_undated_append_still_ends_the_explanation_window() {
        let mut t = reviewed("2026-11-10T10:00:00+08:00");
        t.appended = true;
        for p in [Platform::Taobao, Platform::Tmall] {
            let w = win(p, Some(Rating::Bad), t.clone(), "2026-11-22T10:00:00+08:00");
            assert_eq!((w.explain_state, w.explain_by.clone()), (ExplainState::Closed, None), "{p}");
            assert!(w.action.contains("追评") && w.action.contains("核对"), "{}", w.action);
            assert!(w.next_change_secs.map_or(true, |s| s > 0));
        }
        // Platforms where a 追评 does not end it.
        let w = win(Platform::Pinduoduo, Some(Rating::Bad), t, "2026-11-22T10:00:00+08:00");
        assert_ne!(w.explain_state, ExplainState::Closed);
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
