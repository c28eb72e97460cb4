//! The page's own clock as a cross-check. The Taobao backend shows "还有N天可回复" (or
//! "已超过回复期") beside a review; the engine computes the explanation deadline from the platform's
//! rules. Where they agree the rules stand; where they disagree the page wins (it knows this
//! review's history, such as a 追评 the rules could not date) and the annotation carries a warning.

use crate::dates::{china, format_remaining, to_rfc3339};
use crate::model::{ExplainState, Window};
use crate::window::CLOSING_SECS;
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone};

/// What the page says about the reply (explanation) window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageClock {
    /// "还有N天可回复": the window ends on the N-th calendar day from today (0: today).
    DaysLeft(u32),
    /// "已超过回复期".
    Expired,
}

/// Reads the page's words (`还有3天可回复`, `已超过回复期`) or a bare number of days.
pub fn parse(s: &str) -> Result<PageClock, String> {
    let t: String = s.trim().chars().map(crate::normalize::fold_width).filter(|c| !c.is_whitespace()).collect();
    if t.contains("已超过") || t.contains("已过期") || t == "expired" {
        return Ok(PageClock::Expired);
    }
    let digits: String = t.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    let plain = t.chars().all(|c| c.is_ascii_digit());
    if !digits.is_empty() && (plain || t.contains('天')) {
        return digits.parse().map(PageClock::DaysLeft).map_err(|_| format!("reply_days_left: too many days in {s:?}"));
    }
    Err(format!("reply_days_left: unrecognised {s:?} (expected a number of days, \"还有N天可回复\" or \"已超过回复期\")"))
}

/// The end of the China calendar day `days` after `now`'s.
fn end_of_day(now: DateTime<FixedOffset>, days: u32) -> DateTime<FixedOffset> {
    let day = now.with_timezone(&china()).date_naive() + Duration::days(i64::from(days));
    let end = day.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"));
    china().from_local_datetime(&end).single().expect("UTC+8 has no gaps")
}

fn explain_state(by: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> ExplainState {
    match (by - now).num_seconds() {
        s if s <= 0 => ExplainState::Closed,
        s if s < CLOSING_SECS => ExplainState::Closing,
        _ => ExplainState::Open,
    }
}

/// Confirms or corrects `w`'s explanation deadline with the page's clock. Returns the warning
/// when the two disagree (the window then follows the page); `None` when they agree, when the
/// rules knew nothing (the page fills in), or when an explanation is already posted.
pub fn reconcile(w: &mut Window, clock: PageClock, now: DateTime<FixedOffset>) -> Option<String> {
    if w.explain_state == ExplainState::Replied {
        return None;
    }
    let computed = w.explain_by.as_deref().and_then(|s| DateTime::parse_from_rfc3339(s).ok());
    let today = now.with_timezone(&china()).date_naive();
    let (warning, by, state) = match clock {
        PageClock::DaysLeft(n) => {
            let page_end = end_of_day(now, n);
            // "还有N天" is a count of days: a day either way is rounding, not a disagreement.
            let agrees = computed.is_some_and(|c| {
                let day = (c.with_timezone(&china()).date_naive() - today).num_days();
                (i64::from(n) - 1..=i64::from(n) + 1).contains(&day) && c > now
            });
            if agrees {
                return None;
            }
            let warning = computed.map(|c| {
                let said = if c > now { format!("规则推算解释截止 {}", to_rfc3339(c)) } else { "规则推算解释期已过".to_string() };
                format!("页面显示还有{n}天可回复，与{said}不符：以页面为准")
            });
            let state = if w.explain_state == ExplainState::NotYet { ExplainState::NotYet } else { explain_state(page_end, now) };
            (warning, Some(page_end), state)
        }
        PageClock::Expired => {
            if w.explain_state == ExplainState::Closed || computed.is_some_and(|c| c <= now) {
                return None;
            }
            let warning = computed.map(|c| format!("页面显示已超过回复期，规则推算解释截止 {}：以页面为准", to_rfc3339(c)));
            (warning, None, ExplainState::Closed)
        }
    };
    w.explain_by = by.map(to_rfc3339);
    w.explain_remaining_secs = by.map(|b| (b - now).num_seconds());
    w.explain_state = state;
    // The next flip: whatever was scheduled for the buyer's window, or the page's deadline.
    let marks = [w.deadline.as_deref(), w.explain_opens_at.as_deref()].into_iter().flatten().filter_map(|s| DateTime::parse_from_rfc3339(s).ok());
    let marks = marks.flat_map(|d| [d - Duration::seconds(CLOSING_SECS), d]).chain(by.into_iter().flat_map(|d| [d - Duration::seconds(CLOSING_SECS), d]));
    w.next_change_secs = marks.map(|t| (t - now).num_seconds()).filter(|&s| s >= 0).map(|s| s + 1).min();
    let note = match (&warning, by) {
        (Some(msg), Some(b)) => format!("{msg}（解释还剩{}）。", format_remaining((b - now).num_seconds())),
        (Some(msg), None) => format!("{msg}。"),
        (None, Some(b)) => format!("解释期限取自页面：还剩{}。", format_remaining((b - now).num_seconds())),
        (None, None) => "页面显示已超过回复期。".to_string(),
    };
    w.action = format!("{}{note}", w.action);
    warning
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rating, WindowState};
    use crate::rules::RuleBook;
    use crate::window::{compute, Timeline};
    use crate::Platform;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    const NOW: &str = "2026-11-22T10:00:00+08:00";

    /// A Taobao 差评 posted `reviewed` (explanation: 30 days).
    fn window(reviewed: &str) -> Window {
        let t = Timeline { reviewed_at: Some(at(reviewed)), ..Default::default() };
        compute(RuleBook::builtin().get(Platform::Taobao), Some(Rating::Bad), &t, at(NOW))
    }

    #[test]
    fn reads_the_page_words() {
        assert_eq!(parse("还有3天可回复"), Ok(PageClock::DaysLeft(3)));
        assert_eq!(parse("还有 12 天可回复"), Ok(PageClock::DaysLeft(12)));
        assert_eq!(parse("5"), Ok(PageClock::DaysLeft(5)));
        assert_eq!(parse("已超过回复期"), Ok(PageClock::Expired));
        assert!(parse("下周").unwrap_err().contains("还有N天可回复"));
        assert!(parse("订单123").is_err(), "a number without 天 is not a day count");
    }

    #[test]
    fn agreement_keeps_the_rules_deadline() {
        // Reviewed 2026-11-01 10:00 → explain by 2026-12-01 10:00, 9 days from 2026-11-22.
        let mut w = window("2026-11-01T10:00:00+08:00");
        let before = w.clone();
        for n in [8, 9, 10] {
            assert_eq!(reconcile(&mut w, PageClock::DaysLeft(n), at(NOW)), None, "{n}");
        }
        assert_eq!(w, before);
    }

    #[test]
    fn disagreement_follows_the_page_and_warns() {
        let mut w = window("2026-11-01T10:00:00+08:00");
        let warning = reconcile(&mut w, PageClock::DaysLeft(2), at(NOW)).expect("a warning");
        assert!(warning.contains("还有2天可回复") && warning.contains("2026-12-01T10:00:00+08:00"), "{warning}");
        assert_eq!(w.explain_by.as_deref(), Some("2026-11-24T23:59:59+08:00"));
        assert_eq!(w.explain_state, ExplainState::Open);
        assert!(w.action.contains("以页面为准"));
        // The buyer's modification window is not the page clock's business.
        assert_eq!(w.state, WindowState::Open);
        // Today's last day: closing.
        let mut w = window("2026-11-01T10:00:00+08:00");
        reconcile(&mut w, PageClock::DaysLeft(0), at(NOW)).unwrap();
        assert_eq!(w.explain_state, ExplainState::Closing);
        assert!(w.next_change_secs.unwrap() <= 14 * 3600);
    }

    #[test]
    fn expired_on_the_page_closes_the_window() {
        let mut w = window("2026-11-01T10:00:00+08:00");
        let warning = reconcile(&mut w, PageClock::Expired, at(NOW)).unwrap();
        assert!(warning.contains("已超过回复期"));
        assert_eq!((w.explain_state, w.explain_by.clone()), (ExplainState::Closed, None));
        // Both say closed: nothing to say.
        let mut w = window("2026-10-01T10:00:00+08:00");
        assert_eq!(w.explain_state, ExplainState::Closed);
        assert_eq!(reconcile(&mut w, PageClock::Expired, at(NOW)), None);
    }

    #[test]
    fn the_page_fills_in_what_the_rules_do_not_know() {
        let t = Timeline::default(); // no review date on the page
        let mut w = compute(RuleBook::builtin().get(Platform::Taobao), Some(Rating::Bad), &t, at(NOW));
        assert_eq!(w.explain_state, ExplainState::Unknown);
        assert_eq!(reconcile(&mut w, PageClock::DaysLeft(5), at(NOW)), None);
        assert_eq!(w.explain_by.as_deref(), Some("2026-11-27T23:59:59+08:00"));
        assert_eq!(w.explain_state, ExplainState::Open);
        assert!(w.action.contains("取自页面"));
    }

    #[test]
    fn annotate_carries_the_page_clock_warning() {
        let engine = crate::Engine::new(crate::Settings::default()).unwrap();
        let mut input = crate::ReviewInput { id: "1".into(), text: "质量太差".into(), rating: Some("负面".into()), reviewed_at: Some("2026-11-01 10:00".into()), ..Default::default() };
        input.reply_days_left = Some("已超过回复期".into());
        let a = engine.annotate(&input, Platform::Taobao, at(NOW));
        assert_eq!(a.window.explain_state, ExplainState::Closed);
        assert!(a.warnings.iter().any(|w| w.contains("已超过回复期")), "{:?}", a.warnings);
        input.reply_days_left = Some("还有9天可回复".into());
        assert!(engine.annotate(&input, Platform::Taobao, at(NOW)).warnings.is_empty());
        input.reply_days_left = Some("下周".into());
        assert!(engine.annotate(&input, Platform::Taobao, at(NOW)).warnings[0].contains("reply_days_left"));
    }
}
