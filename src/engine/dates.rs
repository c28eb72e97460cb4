//! Parsing the dates review pages show, in China time (UTC+8) whatever the machine's zone,
//! relative to a `now` that is always passed in (the engine never reads the clock).
//!
//! Accepted: `2026-11-20 10:21:33`, `2026-11-20`, `2026/11/20 10:21`, `2026.05.20`,
//! `2026年11月20日 10:21`, `11月20日`, `11-20 10:21`, `05.20`, `今天 10:21`, `昨天 18:02`,
//! `前天`, `3天前`, `5小时前`, `10分钟前`, `2周前`, `刚刚`, RFC 3339, and epoch seconds or
//! milliseconds. Surrounding noise (`初次评价：2026-11-20 10:21`) is skipped; full-width digits are
//! read as digits.
//!
//! A page date is often coarser than a second: `3天前` means 3 to 4 days ago, `昨天` any time
//! yesterday, `2026-11-20` any time that day. Deadlines counted from a review must never be later
//! than the real ones, so every date reads as the **earliest** moment it can mean (`3天前` → now − 4
//! days, `昨天` → yesterday 00:00, `刚刚` → now − 5 minutes), and [`PageTime::approximate`] says
//! when that moment may be more than a minute early.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// UTC+8, the zone of every date on the marketplaces' pages.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Why a page date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unparseable date {input:?}: {reason}")]
pub struct DateError {
    pub input: String,
    pub reason: String,
}

/// RFC 3339 in +08:00, seconds precision.
pub fn to_rfc3339(dt: DateTime<FixedOffset>) -> String {
    dt.with_timezone(&china()).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// A duration for people: `3天4小时`, `5小时12分`, `12分钟`, `已过期`.
pub fn format_remaining(secs: i64) -> String {
    if secs <= 0 {
        return "已过期".into();
    }
    let (d, h, m) = (secs / 86_400, (secs % 86_400) / 3600, (secs % 3600) / 60);
    match (d, h) {
        (0, 0) => format!("{}分钟", m.max(1)),
        (0, _) => format!("{h}小时{m}分"),
        _ => format!("{d}天{h}小时"),
    }
}

/// How many minutes back `刚刚` may reach (pages show it for under a minute to a few minutes).
pub const JUST_NOW_MINUTES: i64 = 5;

/// A page date read as the earliest moment it can mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageTime {
    /// The earliest moment the page's text can mean, China time.
    pub earliest: DateTime<FixedOffset>,
    /// The text is coarser than a minute (`3天前`, `昨天`, `2026-11-20`): the real time can be
    /// later than `earliest` by up to one unit.
    pub approximate: bool,
}

/// Parses a page date such as `2026-11-20 10:21:33`, `昨天 18:02` or `3天前` to the earliest moment
/// it can mean (see the module docs).
pub fn parse_page_date(input: &str, now: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, DateError> {
    parse_page_time(input, now).map(|t| t.earliest)
}

/// Like [`parse_page_date`], and says whether the result is approximate.
pub fn parse_page_time(input: &str, now: DateTime<FixedOffset>) -> Result<PageTime, DateError> {
    let exact = |earliest| PageTime { earliest, approximate: false };
    let now = now.with_timezone(&china());
    let fail = |reason: &str| DateError { input: input.to_string(), reason: reason.to_string() };
    let text: String = input.chars().map(crate::normalize::fold_width).collect();
    let text = text.trim();
    if text.is_empty() {
        return Err(fail("empty"));
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Ok(exact(dt.with_timezone(&china())));
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return epoch(text, now).map(exact).ok_or_else(|| fail("a number that is not epoch seconds or milliseconds"));
    }
    if text.contains("刚刚") {
        return Ok(PageTime { earliest: now - Duration::minutes(JUST_NOW_MINUTES), approximate: true });
    }
    if let Some(t) = relative(text, now) {
        return t.ok_or_else(|| fail("relative time out of range"));
    }
    for (word, days) in [("今天", 0), ("昨天", 1), ("前天", 2)] {
        if let Some(pos) = text.find(word) {
            let rest = &text[pos + word.len()..];
            let nums = numbers(rest);
            let time = time_of(&nums, 0).map_err(|r| fail(&r))?;
            let date = now.date_naive() - Duration::days(days);
            let earliest = local(date.and_time(time.unwrap_or(NaiveTime::MIN))).ok_or_else(|| fail("no such local time"))?;
            return Ok(PageTime { earliest, approximate: time.is_none() });
        }
    }
    // Try each run of digits as the start of a date, so leading noise (ids, labels) is skipped.
    let mut last_err = "no date found".to_string();
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| c.is_ascii_digit() && (i == 0 || !text[..i].ends_with(|p: char| p.is_ascii_digit())))
        .map(|(i, _)| i)
        .collect();
    for s in starts {
        match absolute(&text[s..], now) {
            Ok(Some(t)) => return Ok(t),
            Ok(None) => {}
            Err(e) => last_err = e,
        }
    }
    Err(fail(&last_err))
}

/// A run of digits and the non-digit text that follows it (up to the next digit).
#[derive(Debug)]
struct Num<'a> {
    value: u32,
    digits: usize,
    sep: &'a str,
}

fn numbers(s: &str) -> Vec<Num<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let after = &rest[start..];
        let end = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        let digits = &after[..end];
        let tail = &after[end..];
        let sep_end = tail.find(|c: char| c.is_ascii_digit()).unwrap_or(tail.len());
        let value = digits.parse::<u32>().unwrap_or(u32::MAX);
        out.push(Num { value, digits: digits.len(), sep: &tail[..sep_end] });
        rest = &tail[sep_end..];
    }
    out
}

fn time_of(nums: &[Num<'_>], from: usize) -> Result<Option<NaiveTime>, String> {
    let Some(h) = nums.get(from) else { return Ok(None) };
    // A time needs hours and minutes joined by ':' (also '：' already folded) or '点'/'时'.
    let joined = |n: &Num<'_>| matches!(n.sep.trim(), ":" | "点" | "时");
    if !joined(h) {
        return Ok(None);
    }
    let Some(m) = nums.get(from + 1) else { return Err("hour without minutes".into()) };
    let s = nums.get(from + 2).filter(|_| m.sep.trim() == ":").map_or(0, |s| s.value);
    NaiveTime::from_hms_opt(h.value, m.value, s).map(Some).ok_or_else(|| format!("no such time {}:{:02}:{:02}", h.value, m.value, s))
}

fn local(naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    china().from_local_datetime(&naive).single()
}

/// `2026-11-20 10:21`, `2026年11月20日`, `11月20日`, `11-20 10:21`, `05.20`: Ok(None) when the
/// text does not start like a date, Err when it does but is impossible. A date without a time is
/// its first moment, approximate.
fn absolute(s: &str, now: DateTime<FixedOffset>) -> Result<Option<PageTime>, String> {
    let nums = numbers(s);
    let Some(first) = nums.first() else { return Ok(None) };
    let date_sep = |n: &Num<'_>| matches!(n.sep.trim(), "-" | "/" | "." | "年" | "月");
    let (date, next) = if first.digits == 4 && date_sep(first) && nums.len() >= 2 {
        let month = &nums[1];
        let day = nums.get(2).filter(|_| date_sep(month) || month.sep.trim() == "月");
        let Some(day) = day else { return Err("year and month without a day".into()) };
        let date = NaiveDate::from_ymd_opt(first.value as i32, month.value, day.value)
            .ok_or_else(|| format!("no such date {}-{}-{}", first.value, month.value, day.value))?;
        (date, 3)
    } else if first.digits <= 2 && date_sep(first) && first.sep.trim() != "年" && nums.len() >= 2 {
        let (m, d) = (first.value, nums[1].value);
        let mut date = NaiveDate::from_ymd_opt(now.year_ce().1 as i32, m, d).ok_or_else(|| format!("no such date {m}-{d}"))?;
        // A month-day later than tomorrow must be last year's.
        if date > now.date_naive() + Duration::days(1) {
            date = NaiveDate::from_ymd_opt(date.year_ce().1 as i32 - 1, m, d).ok_or_else(|| format!("no such date {m}-{d}"))?;
        }
        (date, 2)
    } else {
        return Ok(None);
    };
    let time = time_of(&nums, next)?;
    let earliest = local(date.and_time(time.unwrap_or(NaiveTime::MIN))).ok_or("no such local time")?;
    Ok(Some(PageTime { earliest, approximate: time.is_none() }))
}


/// `3天前`, `5小时前`, `10分钟前`, `2周前`, `1个月前`: None when the text is not relative. Pages
/// round down (`3天前` is 3 to 4 days ago), so the earliest moment is one unit further back; a
/// month is taken as 31 days.
fn relative(s: &str, now: DateTime<FixedOffset>) -> Option<Option<PageTime>> {
    if !s.contains('前') {
        return None;
    }
    let nums = numbers(s);
    let n = nums.first()?;
    let unit = n.sep.trim().trim_end_matches('前').trim();
    let minutes: i64 = match unit {
        "分钟" | "分" => 1,
        "小时" | "个小时" | "钟头" => 60,
        "天" | "日" => 1440,
        "周" | "星期" | "个星期" => 10_080,
        "个月" | "月" => 44_640,
        _ => return None,
    };
    let back = (i64::from(n.value) + 1).checked_mul(minutes)?;
    Some(Duration::try_minutes(back).and_then(|d| now.checked_sub_signed(d)).map(|earliest| PageTime { earliest, approximate: minutes > 1 }))
}

fn epoch(digits: &str, _now: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    let n: i64 = digits.parse().ok()?;
    let dt = match digits.len() {
        10 => DateTime::from_timestamp(n, 0)?,
        13 => DateTime::from_timestamp_millis(n)?,
        _ => return None,
    };
    Some(dt.with_timezone(&china()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap()
    }

    fn p(s: &str) -> String {
        to_rfc3339(parse_page_date(s, now()).unwrap_or_else(|e| panic!("{e}")))
    }

    macro_rules! ok {
        ($($name:ident: $input:expr => $want:expr;)*) => {$(
            #[test]
            fn $name() { assert_eq!(p($input), $want); }
        )*};
    }

    ok! {
        full: "2026-11-20 10:21:33" => "2026-11-20T10:21:33+08:00";
        date_only: "2026-11-20" => "2026-11-20T00:00:00+08:00";
        slashes: "2026/11/20 10:21" => "2026-11-20T10:21:00+08:00";
        chinese: "2026年11月20日 10:21" => "2026-11-20T10:21:00+08:00";
        chinese_no_time: "2026年5月15日" => "2026-05-15T00:00:00+08:00";
        month_day: "11月20日" => "2026-11-20T00:00:00+08:00";
        month_day_last_year: "12月25日" => "2025-12-25T00:00:00+08:00";
        dashes_short: "11-20 10:21" => "2026-11-20T10:21:00+08:00";
        dots: "2026.05.20" => "2026-05-20T00:00:00+08:00";
        dots_short: "05.20" => "2026-05-20T00:00:00+08:00";
        today: "今天 10:21" => "2026-11-22T10:21:00+08:00";
        yesterday: "昨天 18:02" => "2026-11-21T18:02:00+08:00";
        day_before: "前天" => "2026-11-20T00:00:00+08:00";
        days_ago: "3天前" => "2026-11-18T10:00:00+08:00";
        hours_ago: "5小时前" => "2026-11-22T04:00:00+08:00";
        minutes_ago: "10分钟前" => "2026-11-22T09:49:00+08:00";
        weeks_ago: "2周前" => "2026-11-01T10:00:00+08:00";
        month_ago: "1个月前" => "2026-09-21T10:00:00+08:00";
        just_now: "刚刚" => "2026-11-22T09:55:00+08:00";
        rfc3339_utc: "2026-11-20T02:21:33Z" => "2026-11-20T10:21:33+08:00";
        epoch_ms: "1763605293000" => "2025-11-20T10:21:33+08:00";
        epoch_s: "1763605293" => "2025-11-20T10:21:33+08:00";
        noise: "主评ID：8812345 初次评价：2026-11-20 10:21" => "2026-11-20T10:21:00+08:00";
        full_width: "２０２６－１１－２０　１０：２１" => "2026-11-20T10:21:00+08:00";
        label: "评价于 2026-11-01" => "2026-11-01T00:00:00+08:00";
    }

    #[test]
    fn coarse_dates_are_the_earliest_moment_and_marked_approximate() {
        let t = |s: &str| parse_page_time(s, now()).unwrap();
        for approx in ["3天前", "1个月前", "5小时前", "刚刚", "昨天", "前天", "今天", "2026-11-20", "11月20日", "2周前"] {
            assert!(t(approx).approximate, "{approx}");
        }
        for exact in ["2026-11-20 10:21:33", "昨天 18:02", "10分钟前", "2026-11-20T02:21:33Z", "1763605293"] {
            assert!(!t(exact).approximate, "{exact}");
        }
        // Never later than what the text can mean: "3天前" is at most 4 days back.
        let (a, b) = (t("3天前").earliest, t("2天前").earliest);
        assert_eq!((b - a).num_days(), 1);
        assert_eq!((now() - a).num_days(), 4);
    }

    #[test]
    fn errors_are_clear() {
        for bad in ["", "   ", "2026-13-45", "2026-11-20 25:61", "garbage", "明天见", "99999", "2026-11"] {
            let e = parse_page_date(bad, now()).unwrap_err();
            assert_eq!(e.input, bad);
            assert!(!e.reason.is_empty());
        }
    }

    #[test]
    fn china_time_whatever_the_zone_of_now() {
        let utc_now = DateTime::parse_from_rfc3339("2026-11-21T20:00:00-05:00").unwrap(); // 2026-11-22 09:00 +08
        let d = parse_page_date("今天 08:00", utc_now).unwrap();
        assert_eq!(to_rfc3339(d), "2026-11-22T08:00:00+08:00");
    }

    #[test]
    fn remaining_for_people() {
        assert_eq!(format_remaining(3 * 86_400 + 4 * 3600 + 5), "3天4小时");
        assert_eq!(format_remaining(5 * 3600 + 12 * 60), "5小时12分");
        assert_eq!(format_remaining(30), "1分钟");
        assert_eq!(format_remaining(-1), "已过期");
    }
}
