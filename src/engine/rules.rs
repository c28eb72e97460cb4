//! Platform review rules as data: embedded at build time from `data/platform_rules.json`, each
//! value with its source and confidence (platform-rules.md), and overridable per shop because
//! rules change and many are unverified.

use crate::model::{Platform, Rating};
use serde::{Deserialize, Serialize};
use crate::settings::{Keyed, RawJson};

const BUILTIN: &str = include_str!("../../data/platform_rules.json");

/// How sure the sources are about a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidence {
    H,
    M,
    L,
    #[serde(rename = "unknown")]
    Unknown,
}

impl Confidence {
    /// Low or unknown confidence: the UI marks the value "unverified".
    pub fn is_weak(self) -> bool {
        matches!(self, Confidence::L | Confidence::Unknown)
    }
}

/// Whether and how long the buyer may modify a review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModifyRule {
    /// `None`: not known for this platform.
    pub allowed: Option<bool>,
    /// Ratings that may be modified (Taobao: 中评/差评 only).
    pub ratings: Vec<Rating>,
    /// Days from the review time.
    pub days: Option<u32>,
    /// Ratings a changed review can end up with (Taobao: only 好评; deleting is the other
    /// change). A change flagged on the page is "the one change used" only when the current
    /// rating is one of these.
    pub to: Vec<Rating>,
    /// Only one change is allowed.
    pub once: bool,
    /// 差评 → 中评 allowed (disputed on Taobao; off by default).
    pub bad_to_neutral: bool,
    pub confidence: Confidence,
    pub source: String,
}

/// The seller's public explanation (评价解释).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainRule {
    /// Days from the review time; `None`: not known.
    pub days: Option<u32>,
    /// The reply box opens this many hours after the review (Taobao: 48 h for 中/差评).
    pub opens_after_hours: u32,
    /// A follow-up review (追评) ends the window to explain the original review.
    pub append_closes: bool,
    /// Days to explain the 追评 itself, from the 追评.
    pub append_explain_days: Option<u32>,
    /// Longest explanation accepted, in chars.
    pub max_chars: usize,
    pub confidence: Confidence,
    pub source: String,
}

/// The buyer's follow-up review (追评).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppendRule {
    pub days: Option<u32>,
    /// What the days count from (交易成功, 确认收货, …).
    pub from: String,
    pub confidence: Confidence,
    pub source: String,
}

/// The seller's appeal against an unreasonable review (JD: 不合理评价申诉).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppealRule {
    /// Days from the review time; `None`: no such appeal known on this platform.
    pub days: Option<u32>,
    /// One appeal per review.
    pub once: bool,
    pub confidence: Confidence,
    pub source: String,
}

/// Whether the seller may ask the buyer to change, delete or add to a review. False everywhere:
/// Taobao's 评价规范 forbids it since 2021-12-28 and the other platforms penalise inducement. The
/// script composer reads this, so a rule change is a data change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SellerAskRule {
    pub allowed: bool,
    pub confidence: Confidence,
    pub source: String,
}

/// The rules of one platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformRules {
    /// From the key the rules are filed under, not part of the object.
    #[serde(skip)]
    pub platform: Platform,
    pub modify: ModifyRule,
    pub explain: ExplainRule,
    pub append: AppendRule,
    pub appeal: AppealRule,
    pub seller_may_ask: SellerAskRule,
    /// Post the explanation this many days before its deadline (practice, not a rule: an
    /// explanation is permanent and the last day is easy to miss).
    pub safety_margin_days: u32,
}

impl PlatformRules {
    /// Longest public explanation, in chars.
    pub fn explain_max_chars(&self) -> usize {
        self.explain.max_chars
    }
}

/// Rules for every platform, in `Platform::ALL` (declaration) order; as JSON, the object keyed
/// by platform id that `data/platform_rules.json` and the shop's overrides use.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleBook {
    platforms: Vec<PlatformRules>,
}

impl Serialize for RuleBook {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.platforms.iter().map(|r| (r.platform.id(), r)))
    }
}

/// One platform's rules from their JSON text, checked.
fn platform_rules(key: &str, text: &str) -> Result<PlatformRules, String> {
    let p: Platform = key.parse()?;
    let mut rules: PlatformRules = serde_json::from_str(text).map_err(|e| format!("{key}: {}", crate::settings::without_position(e)))?;
    rules.platform = p;
    if rules.explain.max_chars == 0 {
        return Err(format!("{key}: explain.max_chars must be positive"));
    }
    Ok(rules)
}

fn parse_book(text: &str) -> Result<RuleBook, String> {
    let map: Keyed<RawJson> = serde_json::from_str(text).map_err(|e| format!("expected an object keyed by platform: {e}"))?;
    let mut found = map.iter().map(|(k, v)| platform_rules(k, v.get())).collect::<Result<Vec<_>, _>>()?;
    let platforms = Platform::ALL
        .iter()
        .map(|p| found.iter().position(|r| r.platform == *p).map(|i| found.swap_remove(i)).ok_or_else(|| format!("no rules for {p}")))
        .collect::<Result<_, _>>()?;
    Ok(RuleBook { platforms })
}

/// Merges the JSON object `patch` into the JSON object `base` (both as text), objects key by key;
/// keys absent from `base` are errors (a typo must not pass silently).
fn merge(base: &str, patch: &str, path: &str) -> Result<String, String> {
    let mut b: Keyed<RawJson> = serde_json::from_str(base).map_err(|_| format!("{path} must be an object"))?;
    let p: Keyed<RawJson> = serde_json::from_str(patch).map_err(|_| format!("{path} must be an object"))?;
    for (k, v) in p.0 {
        let here = format!("{path}.{k}");
        let slot = b.get_mut(&k).ok_or_else(|| format!("unknown field {here}"))?;
        *slot = if slot.get().starts_with('{') { RawJson::parse(&merge(slot.get(), v.get(), &here)?)? } else { v };
    }
    serde_json::to_string(&b).map_err(|e| e.to_string())
}

impl RuleBook {
    /// The built-in table (checked by the tests, so this cannot fail in a release).
    pub fn builtin() -> RuleBook {
        parse_book(BUILTIN).expect("data/platform_rules.json is a valid rule book")
    }

    /// The table with the shop's overrides (per platform id, partial objects) merged in.
    pub fn with_overrides(&self, overrides: &Keyed<RawJson>) -> Result<RuleBook, String> {
        let mut book = self.clone();
        for (key, patch) in overrides.iter() {
            let p: Platform = key.parse()?;
            let slot = &mut book.platforms[p as usize];
            let base = serde_json::to_string(&*slot).map_err(|e| e.to_string())?;
            let rules = platform_rules(key, &merge(&base, patch.get(), p.id())?)?;
            if rules.seller_may_ask.allowed {
                return Err(format!(
                    "{key}.seller_may_ask.allowed: asking buyers to change, delete or add to a review is forbidden \
                     (Taobao 评价规范 2021-12-28, SAMR 令第91号); this changes only with the built-in rule table"
                ));
            }
            *slot = rules;
        }
        Ok(book)
    }

    /// Every platform's rules, in `Platform::ALL` order.
    pub fn iter(&self) -> impl Iterator<Item = &PlatformRules> {
        self.platforms.iter()
    }

    /// The rules of `p` (every platform, `unknown` included, has an entry: `parse_book` checks).
    pub fn get(&self, p: Platform) -> &PlatformRules {
        &self.platforms[p as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builtin_table_matches_the_spec() {
        let b = RuleBook::builtin();
        assert_eq!(b.iter().count(), 6);
        let tb = b.get(Platform::Taobao);
        assert_eq!((tb.modify.allowed, tb.modify.days, tb.modify.once), (Some(true), Some(30), true));
        assert_eq!(tb.modify.ratings, vec![Rating::Neutral, Rating::Bad]);
        assert!(!tb.modify.bad_to_neutral);
        assert_eq!((tb.explain.days, tb.explain.opens_after_hours, tb.explain.append_closes), (Some(30), 48, true));
        let tm = b.get(Platform::Tmall);
        assert_eq!(tm.modify.allowed, Some(false));
        assert_eq!((tm.explain.days, tm.explain.max_chars, tm.explain.confidence), (Some(30), 500, Confidence::H));
        assert_eq!(tb.modify.to, vec![Rating::Good]);
        // JD: sources conflict on buyer edits; the appeal is the rule with a high confidence.
        let jd = b.get(Platform::Jd);
        assert_eq!((jd.modify.allowed, jd.modify.confidence), (None, Confidence::L));
        assert_eq!((jd.appeal.days, jd.appeal.once, jd.appeal.confidence), (Some(30), true, Confidence::H));
        assert_eq!(jd.explain.days, None, "JD's reply deadline is unknown; 30 days is the appeal");
        // Douyin: the score may change within 30 days of the first review (L); no deletion.
        let dy = b.get(Platform::Douyin);
        assert_eq!((dy.modify.allowed, dy.modify.days, dy.modify.confidence), (Some(true), Some(30), Confidence::L));
        assert_eq!(b.get(Platform::Pinduoduo).modify.allowed, None);
        assert_eq!(b.get(Platform::Pinduoduo).append.days, Some(90));
        for (r, p) in b.iter().zip(&Platform::ALL) {
            assert_eq!(r.platform, *p);
            assert_eq!(b.get(*p).platform, *p, "get indexes by declaration order");
            assert!(!r.modify.source.is_empty() && !r.explain.source.is_empty() && !r.appeal.source.is_empty());
            assert!(!r.seller_may_ask.allowed, "{p}: asking about the review is forbidden everywhere");
            assert!(!r.seller_may_ask.source.is_empty());
            if *p != Platform::Jd {
                assert_eq!(r.appeal.days, None, "{p}");
            }
        }
    }

    #[test]
    fn overrides_merge_and_round_trip() {
        let b = RuleBook::builtin();
        let mut o = Keyed::default();
        o.insert("douyin".to_string(), json!({"modify": {"allowed": true, "days": 7, "ratings": ["bad"], "confidence": "M"}}).into());
        let b2 = b.with_overrides(&o).unwrap();
        let dy = b2.get(Platform::Douyin);
        assert_eq!((dy.modify.allowed, dy.modify.days), (Some(true), Some(7)));
        assert_eq!(dy.modify.confidence, Confidence::M);
        assert_eq!(b2.get(Platform::Taobao), b.get(Platform::Taobao));
    }

    #[test]
    fn override_errors_name_the_field() {
        let b = RuleBook::builtin();
        let bad = |k: &str, v: serde_json::Value| {
            let mut o = Keyed::default();
            o.insert(k.to_string(), v.into());
            b.with_overrides(&o).unwrap_err()
        };
        assert!(bad("amazon", json!({})).contains("amazon"));
        assert!(bad("taobao", json!({"modify": {"dayz": 3}})).contains("taobao.modify.dayz"));
        assert!(bad("taobao", json!({"modify": {"days": "thirty"}})).contains("taobao"));
        assert!(bad("taobao", json!({"explain": {"max_chars": 0}})).contains("max_chars"));
        assert!(bad("taobao", json!(5)).contains("must be an object"));
        assert!(bad("jd", json!({"seller_may_ask": {"allowed": true}})).contains("seller_may_ask"));
    }
}
