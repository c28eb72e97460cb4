//! The shared vocabulary of the engine: platforms, ratings, cause tags, owners, the input record
//! and the annotation produced for it. Every other module speaks in these types, and they are
//! what crosses the CLI (JSON lines) and the wasm boundary (the same JSON, through the browser's `JSON.parse`/`JSON.stringify`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The JSON id of a unit enum variant (`Claim::BatchRecheck` → `batch_recheck`), for the enums
/// whose ids serde's `rename_all` defines: one definition of each id, not a second table.
pub fn serde_id<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).map(|s| s.trim_matches('"').to_string()).unwrap_or_default()
}

/// The variant with this JSON id (the inverse of [`serde_id`]), without building a JSON value.
pub fn from_serde_id<'de, T: Deserialize<'de>>(id: &'de str) -> Option<T> {
    use serde::de::IntoDeserializer;
    T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(id)).ok()
}

/// A marketplace whose review rules the engine knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Taobao,
    Tmall,
    Pinduoduo,
    Jd,
    Douyin,
    #[default]
    Unknown,
}

impl Platform {
    /// Every platform, in table order.
    pub const ALL: [Platform; 6] = [
        Platform::Taobao,
        Platform::Tmall,
        Platform::Pinduoduo,
        Platform::Jd,
        Platform::Douyin,
        Platform::Unknown,
    ];

    /// The lowercase id used in JSON, settings and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            Platform::Taobao => "taobao",
            Platform::Tmall => "tmall",
            Platform::Pinduoduo => "pinduoduo",
            Platform::Jd => "jd",
            Platform::Douyin => "douyin",
            Platform::Unknown => "unknown",
        }
    }

    /// The Chinese name shown to agents.
    pub fn zh(self) -> &'static str {
        match self {
            Platform::Taobao => "淘宝",
            Platform::Tmall => "天猫",
            Platform::Pinduoduo => "拼多多",
            Platform::Jd => "京东",
            Platform::Douyin => "抖音",
            Platform::Unknown => "未知平台",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Platform {
    type Err = String;
    /// Accepts ids, Chinese names and common aliases; anything else is an error, not `Unknown`,
    /// so a typo in settings is reported instead of silently losing the rules.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "taobao" | "淘宝" | "tb" | "淘宝网" => Platform::Taobao,
            "tmall" | "天猫" | "tm" => Platform::Tmall,
            "pinduoduo" | "拼多多" | "pdd" => Platform::Pinduoduo,
            "jd" | "京东" | "jingdong" => Platform::Jd,
            "douyin" | "抖音" | "抖店" | "dy" => Platform::Douyin,
            "unknown" | "" => Platform::Unknown,
            _ => return Err(format!("unknown platform {s:?} (expected taobao, tmall, pinduoduo, jd, douyin or unknown)")),
        })
    }
}

/// The buyer's verdict: 好评 / 中评 / 差评.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Good,
    Neutral,
    Bad,
}

impl Rating {
    /// Stars to rating: 1–2 差评, 3 中评, 4–5 好评 (platform-rules.md).
    pub fn from_stars(stars: u8) -> Option<Rating> {
        match stars {
            1 | 2 => Some(Rating::Bad),
            3 => Some(Rating::Neutral),
            4 | 5 => Some(Rating::Good),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Rating::Good => "good",
            Rating::Neutral => "neutral",
            Rating::Bad => "bad",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Rating::Good => "好评",
            Rating::Neutral => "中评",
            Rating::Bad => "差评",
        }
    }
}

impl FromStr for Rating {
    type Err = String;
    /// Accepts `good|neutral|bad`, 好评/中评/差评 (and 好/中/差), the Taobao backend's
    /// 正面/中性/负面, and stars `1`–`5` (also `3星`, `★★★`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        let r = match t.as_str() {
            "good" | "positive" | "好评" | "好" | "正面" | "好評" => Some(Rating::Good),
            "neutral" | "mid" | "中评" | "中" | "中性" | "中評" => Some(Rating::Neutral),
            "bad" | "negative" | "差评" | "差" | "负面" | "差評" | "負面" => Some(Rating::Bad),
            _ => None,
        };
        if let Some(r) = r {
            return Ok(r);
        }
        let stars = t.trim_end_matches("星").trim_end_matches("stars").trim_end_matches("star").trim();
        if let Ok(n) = stars.parse::<u8>() {
            return Rating::from_stars(n).ok_or_else(|| format!("stars out of range 1–5: {s:?}"));
        }
        let filled = t.chars().filter(|&c| c == '★').count();
        if filled > 0 && t.chars().all(|c| c == '★' || c == '☆') {
            return Rating::from_stars(filled as u8).ok_or_else(|| format!("stars out of range 1–5: {s:?}"));
        }
        Err(format!("unrecognised rating {s:?} (expected good|neutral|bad, 好评/中评/差评 or stars 1–5)"))
    }
}

/// Whose action caused the complaint; decides the tone of scripts and explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    Seller,
    Logistics,
    Buyer,
    Malicious,
    Other,
}

impl Owner {
    pub fn id(self) -> &'static str {
        match self {
            Owner::Seller => "seller",
            Owner::Logistics => "logistics",
            Owner::Buyer => "buyer",
            Owner::Malicious => "malicious",
            Owner::Other => "other",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Owner::Seller => "商家",
            Owner::Logistics => "物流",
            Owner::Buyer => "买家",
            Owner::Malicious => "恶意",
            Owner::Other => "其他",
        }
    }
}

/// The 18 cause tags of `causes.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    Quality,
    ColorMismatch,
    SizeFit,
    NotAsDescribed,
    Counterfeit,
    Smell,
    WrongOrMissing,
    LateShipment,
    Packaging,
    ServiceAttitude,
    AfterSales,
    Price,
    ShippingSlow,
    CourierService,
    Expectation,
    BuyerMistake,
    Extortion,
    Other,
}

impl Cause {
    /// Every tag, in the order of `causes.md`.
    pub const ALL: [Cause; 18] = [
        Cause::Quality,
        Cause::ColorMismatch,
        Cause::SizeFit,
        Cause::NotAsDescribed,
        Cause::Counterfeit,
        Cause::Smell,
        Cause::WrongOrMissing,
        Cause::LateShipment,
        Cause::Packaging,
        Cause::ServiceAttitude,
        Cause::AfterSales,
        Cause::Price,
        Cause::ShippingSlow,
        Cause::CourierService,
        Cause::Expectation,
        Cause::BuyerMistake,
        Cause::Extortion,
        Cause::Other,
    ];

    /// The snake_case id used in JSON and `data-rt-causes`.
    pub fn id(self) -> &'static str {
        match self {
            Cause::Quality => "quality",
            Cause::ColorMismatch => "color_mismatch",
            Cause::SizeFit => "size_fit",
            Cause::NotAsDescribed => "not_as_described",
            Cause::Counterfeit => "counterfeit",
            Cause::Smell => "smell",
            Cause::WrongOrMissing => "wrong_or_missing",
            Cause::LateShipment => "late_shipment",
            Cause::Packaging => "packaging",
            Cause::ServiceAttitude => "service_attitude",
            Cause::AfterSales => "after_sales",
            Cause::Price => "price",
            Cause::ShippingSlow => "shipping_slow",
            Cause::CourierService => "courier_service",
            Cause::Expectation => "expectation",
            Cause::BuyerMistake => "buyer_mistake",
            Cause::Extortion => "extortion",
            Cause::Other => "other",
        }
    }

    /// The Chinese label of `causes.md`.
    pub fn zh(self) -> &'static str {
        match self {
            Cause::Quality => "质量问题",
            Cause::ColorMismatch => "色差",
            Cause::SizeFit => "尺码不符",
            Cause::NotAsDescribed => "描述不符",
            Cause::Counterfeit => "疑似假货",
            Cause::Smell => "异味",
            Cause::WrongOrMissing => "错发漏发",
            Cause::LateShipment => "发货慢",
            Cause::Packaging => "包装破损",
            Cause::ServiceAttitude => "客服态度",
            Cause::AfterSales => "售后推诿",
            Cause::Price => "价格",
            Cause::ShippingSlow => "物流慢",
            Cause::CourierService => "快递服务差",
            Cause::Expectation => "期望落差",
            Cause::BuyerMistake => "买家原因",
            Cause::Extortion => "恶意敲诈",
            Cause::Other => "其他",
        }
    }

    /// The party that owns this cause (`causes.md`).
    pub fn owner(self) -> Owner {
        match self {
            Cause::ShippingSlow | Cause::CourierService => Owner::Logistics,
            Cause::Expectation | Cause::BuyerMistake => Owner::Buyer,
            Cause::Extortion => Owner::Malicious,
            Cause::Other => Owner::Other,
            _ => Owner::Seller,
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Cause {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Cause::ALL
            .into_iter()
            .find(|c| c.id() == t || c.zh() == t)
            .ok_or_else(|| format!("unknown cause tag {s:?}"))
    }
}

/// A span of the *original* review text that triggered a tag. Offsets count Unicode scalar
/// values (Rust `char`s, JS code points), `start` inclusive, `end` exclusive; `text` is exactly
/// the original characters in that range. When the record has an `append_text` (追评), the
/// classified text is `text + "\n" + append_text`, and spans past `text` point into the 追评.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The chars `start..end` of `text` (offsets as in [`Evidence`]), or `None` when out of range.
pub fn char_slice(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    // One walk: the end is counted on from the start.
    let mut bytes = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    let a = bytes.nth(start)?;
    let b = if end == start { a } else { bytes.nth(end - start - 1)? };
    Some(&text[a..b])
}

/// One cause found in a review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CauseHit {
    pub tag: Cause,
    pub owner: Owner,
    /// In [0, 1]: how sure the rules are (strong keyword, several hits, no hedging → higher).
    pub confidence: f32,
    pub evidence: Vec<Evidence>,
}

/// The state of the buyer's chance to modify the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowState {
    /// The buyer can still modify; more than 24 h left.
    Open,
    /// The buyer can still modify; under 24 h left.
    Closing,
    /// The window has passed.
    Closed,
    /// The one permitted change has been spent.
    Used,
    /// This platform (or this rating) does not allow modification.
    NotModifiable,
    /// The review date is missing or unparseable, or the rule is unknown.
    Unknown,
}

impl WindowState {
    pub fn id(self) -> &'static str {
        match self {
            WindowState::Open => "open",
            WindowState::Closing => "closing",
            WindowState::Closed => "closed",
            WindowState::Used => "used",
            WindowState::NotModifiable => "not_modifiable",
            WindowState::Unknown => "unknown",
        }
    }
}

/// The state of the seller's chance to post the public explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExplainState {
    /// Not yet allowed (Taobao opens the reply box 48 h after both sides rated).
    NotYet,
    /// Open; more than 24 h left.
    Open,
    /// Open; under 24 h left.
    Closing,
    /// Passed, or ended early by the buyer's 追评 (Taobao/Tmall).
    Closed,
    /// An explanation is already posted.
    Replied,
    /// Deadline unknown for this platform, or the review date is unknown.
    Unknown,
}

/// Countdowns for one review, computed from the platform's rules (see `rules`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// The buyer's modification window.
    pub state: WindowState,
    /// When the buyer's modification window ends, RFC 3339 in +08:00; `None` when unknown or not modifiable.
    pub deadline: Option<String>,
    /// Seconds from `now` to `deadline` (negative once passed); `None` without a deadline.
    pub remaining_secs: Option<i64>,
    /// When the public explanation must be posted by, RFC 3339 in +08:00.
    pub explain_by: Option<String>,
    /// Seconds from `now` to `explain_by`.
    pub explain_remaining_secs: Option<i64>,
    pub explain_state: ExplainState,
    /// When the explanation box opens, if that is later than now (Taobao: 48 h after rating).
    pub explain_opens_at: Option<String>,
    /// What the agent should do now, one sentence in Chinese.
    pub action: String,
    /// Seconds from `now` until a state above changes (24 h mark, a deadline, the explanation box
    /// opening); `None` when nothing is scheduled. Callers re-evaluate once it has passed.
    pub next_change_secs: Option<i64>,
    /// True when a rule behind this window has low confidence or is unknown: show "unverified".
    pub unverified: bool,
    /// Where the rule comes from (source and confidence), for the tooltip.
    pub rule_note: String,
    /// The review time is coarse on the page (`3天前`, `昨天`, a date without a time): every
    /// deadline above is the earliest it can be, and may really be up to one unit later.
    #[serde(default)]
    pub approximate: bool,
    /// When the seller's appeal against an unreasonable review must be filed (JD 不合理评价申诉:
    /// 30 days, once), RFC 3339 in +08:00; `None` on platforms without a known appeal.
    #[serde(default)]
    pub appeal_by: Option<String>,
    /// Seconds from `now` to `appeal_by`.
    #[serde(default)]
    pub appeal_remaining_secs: Option<i64>,
    /// What the page shows contradicts the platform's rules (a change Taobao does not allow);
    /// also in the annotation's `warnings` and at the start of `action`.
    #[serde(default)]
    pub warning: Option<String>,
}

impl Window {
    /// A window about which nothing is known: every state unknown, no deadline, no action (the
    /// starting point for tests and stand-ins that set only what they need).
    pub fn unknown() -> Window {
        Window {
            state: WindowState::Unknown,
            deadline: None,
            remaining_secs: None,
            explain_by: None,
            explain_remaining_secs: None,
            explain_state: ExplainState::Unknown,
            explain_opens_at: None,
            action: String::new(),
            next_change_secs: None,
            unverified: false,
            rule_note: String::new(),
            approximate: false,
            appeal_by: None,
            appeal_remaining_secs: None,
            warning: None,
        }
    }
}

/// Follow-up scripts for one review (call-script.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Script {
    pub phone: String,
    pub chat: String,
    pub sms: String,
    /// Things to check before contacting the buyer.
    pub checklist: Vec<String>,
    /// When to call, when to stop, what to record afterwards.
    pub follow_up: Vec<String>,
    /// The buyer's words the phone script quotes in 「」, which passed the linter on their own
    /// (so the script's lint need not read them again).
    #[serde(skip)]
    pub quoted: Option<String>,
}

/// What kind of problem the reply linter found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LintKind {
    /// Asks the buyer to change, delete, add to (追评) or give a (good) review.
    ReviewRequest,
    /// Ties any benefit (cash, 红包, coupon, discount, gift, refund, 转账) to a review.
    ReviewIncentive,
    /// Moves the buyer off the platform (WeChat, QQ, 加V, private transfers).
    OffPlatform,
    /// Phone numbers, order or tracking numbers, addresses, real names, the buyer's nick.
    PrivateData,
    Threat,
    /// Insults and contempt (穷就别买, 爱买不买).
    Insult,
    /// Blaming the buyer (明明是您自己选错了, 跟我们没有关系).
    Blame,
    TooLong,
    /// A 【待确认：…】 slot: a claim the shop has not confirmed; blocks until filled or removed.
    UnconfirmedClaim,
}

/// One linter finding on a draft reply. Offsets count chars, like [`Evidence`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LintFinding {
    pub kind: LintKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub message: String,
    pub suggestion: String,
}

/// One review as read from a file or a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ReviewInput {
    pub id: String,
    pub text: String,
    pub platform: Option<String>,
    /// `good|neutral|bad`, 好评/中评/差评, or stars 1–5 (as a string or a number).
    #[serde(deserialize_with = "de_opt_string_or_number")]
    pub rating: Option<String>,
    /// When the review was posted, in any format `dates::parse_page_date` accepts; China time.
    /// Coarse dates (`3天前`) count from the earliest moment they can mean.
    pub reviewed_at: Option<String>,
    /// The page marks the review as changed by the buyer. Whether that spent the one change
    /// depends on the rating it has now (Taobao: only a change to 好评; see `window`).
    pub modified: bool,
    /// When a follow-up review (追评) was added, if any.
    pub appended_at: Option<String>,
    /// Text of the follow-up review (追评), if any; classified together with the main text. When
    /// non-empty, a 追评 exists: it closes the Taobao/Tmall explanation window even undated.
    pub append_text: Option<String>,
    /// A seller explanation is already posted.
    pub replied: bool,
    pub buyer: Option<String>,
    pub item: Option<String>,
    pub shop: Option<String>,
    /// The page's own clock for the explanation: a number of days, or the page's words
    /// ("还有3天可回复", "已超过回复期"). Cross-checks the deadline computed from the rules.
    #[serde(deserialize_with = "de_opt_string_or_number", skip_serializing_if = "Option::is_none")]
    pub reply_days_left: Option<String>,
}

fn de_opt_string_or_number<'de, D>(d: D) -> Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum SN {
        S(String),
        N(f64),
    }
    Ok(match Option::<SN>::deserialize(d)? {
        None => None,
        Some(SN::S(s)) => Some(s),
        Some(SN::N(n)) => Some(format!("{n}")),
    })
}

/// Everything the engine says about one review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    pub platform: Platform,
    /// `None` when the input had no or an unparseable rating (see `warnings`).
    pub rating: Option<Rating>,
    pub causes: Vec<CauseHit>,
    pub window: Window,
    /// 0–100, higher first (see `priority`).
    pub priority: u8,
    /// Why the priority is what it is, in Chinese, most important first.
    pub reasons: Vec<String>,
    /// The review needs the agent (a mid/bad review, or a good one hiding a complaint).
    pub needs_action: bool,
    /// Problems with the input that did not stop the annotation (unparseable date, unknown rating).
    pub warnings: Vec<String>,
}

impl Annotation {
    /// A 好评 with nothing found to complain about ([`praise_only`]): the panel shows its chat
    /// first (there is no call to make).
    pub fn praise_only(&self) -> bool {
        praise_only(self.rating, &self.causes)
    }
}

/// A 好评 in which nothing was found to complain about: there is nothing to fix, so the scripts
/// and the explanation thank instead of apologising.
pub fn praise_only(rating: Option<Rating>, causes: &[CauseHit]) -> bool {
    rating == Some(Rating::Good) && causes.is_empty()
}

/// Linter findings on each message to the buyer (offsets into that text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ScriptLint {
    pub phone: Vec<LintFinding>,
    pub chat: Vec<LintFinding>,
    pub sms: Vec<LintFinding>,
}

/// What the agent says and posts for one review: composed on demand ([`crate::Engine::compose`]),
/// not with every annotation, since a page shows many cards and opens few panels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Composed {
    pub script: Script,
    pub explanation: String,
    /// Linter findings on `explanation`: empty when every claim in it is confirmed, otherwise the
    /// 【待确认：…】 slots (`unconfirmed_claim`) to fill or remove.
    pub lint: Vec<LintFinding>,
    /// Linter findings on the phone script, the chat and the SMS.
    #[serde(default)]
    pub script_lint: ScriptLint,
}

/// An annotation with what was composed for it, as one flat object: the CLI's output line and
/// the result of the wasm `annotate_reviews`.
#[derive(Debug, Clone, Serialize)]
pub struct AnnotatedReview<'a> {
    #[serde(flatten)]
    pub annotation: &'a Annotation,
    #[serde(flatten)]
    pub composed: &'a Composed,
}

#[cfg(test)]
mod tests {
    use super::char_slice;

    #[test]
    fn char_slice_takes_char_offsets_and_refuses_what_is_out_of_range() {
        let s = "色差a大";
        assert_eq!(char_slice(s, 0, 2), Some("色差"));
        assert_eq!(char_slice(s, 1, 4), Some("差a大"));
        assert_eq!(char_slice(s, 2, 2), Some(""));
        assert_eq!(char_slice(s, 4, 4), Some(""));
        assert_eq!(char_slice(s, 0, 4), Some(s));
        assert_eq!(char_slice(s, 3, 5), None);
        assert_eq!(char_slice(s, 5, 5), None);
        assert_eq!(char_slice(s, 2, 1), None);
        assert_eq!(char_slice("", 0, 0), Some(""));
    }
}
