//! Every page-date format read under a `now` whose own zone is not UTC+8 (and whose local
//! calendar day differs from China's): results must be China-time dates relative to China's day.

use chrono::{DateTime, FixedOffset};
use review_triage::dates::{parse_page_date, to_rfc3339};

/// 2026-11-21 20:00 in New York is 2026-11-22 09:00 in China.
fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-21T20:00:00-05:00").unwrap()
}

#[test]
fn every_format_under_a_foreign_now() {
    let cases = [
        ("2026-11-20 10:21:33", "2026-11-20T10:21:33+08:00"),
        ("2026-11-20", "2026-11-20T00:00:00+08:00"),
        ("2026/11/20 10:21", "2026-11-20T10:21:00+08:00"),
        ("2026年11月20日 10:21", "2026-11-20T10:21:00+08:00"),
        ("2026年5月15日", "2026-05-15T00:00:00+08:00"),
        ("11月20日", "2026-11-20T00:00:00+08:00"),
        ("11-20 10:21", "2026-11-20T10:21:00+08:00"),
        ("今天 08:30", "2026-11-22T08:30:00+08:00"),
        ("昨天 18:02", "2026-11-21T18:02:00+08:00"),
        ("前天 07:00", "2026-11-20T07:00:00+08:00"),
        // Relative dates are the earliest moment they can mean (pages round down).
        ("3天前", "2026-11-18T09:00:00+08:00"),
        ("5小时前", "2026-11-22T03:00:00+08:00"),
        ("10分钟前", "2026-11-22T08:49:00+08:00"),
        ("刚刚", "2026-11-22T08:55:00+08:00"),
        ("1个月前", "2026-09-21T09:00:00+08:00"),
        ("2026.05.20", "2026-05-20T00:00:00+08:00"),
        ("05.20", "2026-05-20T00:00:00+08:00"),
        ("2026-11-20T10:21:33+08:00", "2026-11-20T10:21:33+08:00"),
        ("1763605293000", "2025-11-20T10:21:33+08:00"),
        ("1763605293", "2025-11-20T10:21:33+08:00"),
        ("初次评价：2026-11-20 10:21", "2026-11-20T10:21:00+08:00"),
        ("评价于 2026年11月01日", "2026-11-01T00:00:00+08:00"),
        ("１１月２０日", "2026-11-20T00:00:00+08:00"),
    ];
    for (input, want) in cases {
        let got = parse_page_date(input, now()).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(to_rfc3339(got), want, "{input}");
    }
}

#[test]
fn month_day_year_rolls_back_only_beyond_tomorrow() {
    let jan1 = DateTime::parse_from_rfc3339("2027-01-01T10:00:00+08:00").unwrap();
    let d = parse_page_date("12月31日", jan1).unwrap();
    assert_eq!(to_rfc3339(d), "2026-12-31T00:00:00+08:00");
    // Tomorrow is tolerated (clock skew between page and machine), later is last year.
    let d = parse_page_date("1月2日", jan1).unwrap();
    assert_eq!(to_rfc3339(d), "2027-01-02T00:00:00+08:00");
    let d = parse_page_date("1月5日", jan1).unwrap();
    assert_eq!(to_rfc3339(d), "2026-01-05T00:00:00+08:00");
}

#[test]
fn impossible_dates_are_errors_not_panics() {
    for bad in ["2026-02-30", "02-30", "2026年13月1日", "今天 24:00", "昨天 10:75", "abc", "评价于"] {
        let e = parse_page_date(bad, now()).unwrap_err();
        assert_eq!(e.input, bad);
        assert!(e.to_string().contains("unparseable date"), "{e}");
    }
}
