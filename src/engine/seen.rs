//! What the extension remembers of the reviews it has seen, per platform: the content signature
//! of each review id (a later visit that finds another text or rating knows the review changed)
//! and the day it was last seen. Kept in `chrome.storage.local`, so it must not grow for ever:
//! entries not seen for [`KEEP_DAYS`] are dropped (every platform's window has long closed by
//! then), and beyond [`MAX_ENTRIES`] the longest unseen go first.
//!
//! A value is `"SIGNATURE DAY"` (DAY: days since 1970-01-01, UTC); a value written before days
//! were kept (`"SIGNATURE"`) counts as seen today.

use std::collections::BTreeMap;

/// Days an unseen review is remembered.
pub const KEEP_DAYS: u32 = 180;
/// Most reviews remembered per platform.
pub const MAX_ENTRIES: usize = 50_000;

/// The remembered reviews: id → `"SIGNATURE DAY"`.
pub type Seen = BTreeMap<String, String>;

/// The signature and the day of a stored value.
fn parse(v: &str) -> (&str, Option<u32>) {
    match v.split_once(' ') {
        Some((sig, day)) => (sig, day.parse().ok()),
        None => (v, None),
    }
}

/// What seeing a review today tells, and whether the map changed (so it needs saving).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sighting {
    /// The review was seen before with another signature: its text or rating changed.
    pub changed: bool,
    pub dirty: bool,
}

/// Records that review `id` was seen `today` with signature `sig`.
pub fn mark(seen: &mut Seen, id: &str, sig: &str, today: u32) -> Sighting {
    let value = format!("{sig} {today}");
    match seen.get(id) {
        Some(old) if *old == value => Sighting { changed: false, dirty: false },
        old => {
            let changed = old.is_some_and(|o| parse(o).0 != sig);
            seen.insert(id.to_string(), value);
            Sighting { changed, dirty: true }
        }
    }
}

/// Drops what is not worth remembering any more; returns how many entries went.
pub fn prune(seen: &mut Seen, today: u32) -> usize {
    let before = seen.len();
    let day = |v: &str| parse(v).1.unwrap_or(today);
    seen.retain(|_, v| today.saturating_sub(day(v)) <= KEEP_DAYS);
    if seen.len() > MAX_ENTRIES {
        // The most recently seen stay (ties by id, so the result does not depend on order).
        let mut by_day: Vec<(u32, String)> = seen.iter().map(|(k, v)| (day(v), k.clone())).collect();
        crate::sorting::sort_by(&mut by_day, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, k) in &by_day[MAX_ENTRIES..] {
            seen.remove(k);
        }
    }
    before - seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_signature_is_a_change_and_a_new_day_is_saved() {
        let mut s = Seen::new();
        assert_eq!(mark(&mut s, "r1", "abc", 100), Sighting { changed: false, dirty: true });
        assert_eq!(mark(&mut s, "r1", "abc", 100), Sighting { changed: false, dirty: false });
        assert_eq!(mark(&mut s, "r1", "abc", 101), Sighting { changed: false, dirty: true });
        assert_eq!(mark(&mut s, "r1", "def", 101), Sighting { changed: true, dirty: true });
        assert_eq!(s["r1"], "def 101");
    }

    #[test]
    fn values_from_before_days_were_kept_still_tell_a_change() {
        let mut s: Seen = [("r1".to_string(), "abc".to_string())].into();
        assert_eq!(mark(&mut s, "r1", "abc", 5).changed, false);
        let mut s: Seen = [("r1".to_string(), "abc".to_string())].into();
        assert!(mark(&mut s, "r1", "xyz", 5).changed);
        let mut s: Seen = [("old".to_string(), "abc".to_string())].into();
        assert_eq!(prune(&mut s, 1000), 0, "an undated value counts as seen today");
    }

    #[test]
    fn old_entries_go_and_the_map_stays_bounded() {
        let mut s = Seen::new();
        mark(&mut s, "old", "a", 10);
        mark(&mut s, "edge", "a", 20);
        mark(&mut s, "new", "a", 200);
        assert_eq!(prune(&mut s, 200), 1);
        assert!(!s.contains_key("old") && s.contains_key("edge") && s.contains_key("new"));

        let mut s = Seen::new();
        for i in 0..MAX_ENTRIES + 10 {
            mark(&mut s, &format!("r{i}"), "a", 1000 + (i / 1000) as u32);
        }
        prune(&mut s, 1000 + (MAX_ENTRIES / 1000) as u32);
        assert_eq!(s.len(), MAX_ENTRIES);
        // The ten that went were seen on the oldest day.
        assert_eq!(s.values().filter(|v| v.ends_with(" 1000")).count(), 990);
        assert!(s.contains_key(&format!("r{}", MAX_ENTRIES + 9)));
    }
}
