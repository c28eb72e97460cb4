//! The shop's settings: names for the scripts, which solutions the shop offers, rule overrides,
//! extra keywords per cause and the output script. Stored by the extension's options page and
//! passed to the CLI with `--settings FILE`.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use std::fmt;

/// A JSON value kept as its text until the module that owns its shape reads it (site adapters,
/// rule overrides): their errors then name the adapter or the field, and the wasm carries no
/// generic JSON tree (serde_json's `Value` was about 50 KB of its code).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// Checks that `text` is one JSON value.
    pub fn parse(text: &str) -> Result<RawJson, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
    pub fn get(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(v: serde_json::Value) -> Self {
        RawJson(serde_json::value::to_raw_value(&v).expect("a Value is JSON"))
    }
}

/// A serde_json error without its trailing position: for errors quoted inside another (which
/// gets its own) or about text the user did not write (a merged object).
pub(crate) fn without_position(e: impl std::fmt::Display) -> String {
    let e = e.to_string();
    match e.rfind(" at line ") {
        Some(i) if e[i + 9..].split(" column ").all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) => e[..i].to_string(),
        _ => e,
    }
}

/// A JSON object kept as its (key, value) pairs in the order written: the few keyed tables of
/// settings and adapters (rule overrides, extra keywords, adapter fields, URL → platform). A list
/// where a `BTreeMap` would compile its own copy of the B-tree code per value type; a key given
/// twice is an error rather than silently the last.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyed<V>(pub Vec<(String, V)>);

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

impl<V> Keyed<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    /// Sets `key` (in place when present, else at the end).
    pub fn insert(&mut self, key: String, value: V) {
        match self.get_mut(&key) {
            Some(slot) => *slot = value,
            None => self.0.push((key, value)),
        }
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V: Serialize> Serialize for Keyed<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Keyed<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(KeyedVisitor(|k: &str, e: String| format!("{k}: {e}"), std::marker::PhantomData))
    }
}

/// Reads an object into [`Keyed`]; the function words an error in the value under a key.
pub(crate) struct KeyedVisitor<F, V>(pub(crate) F, pub(crate) std::marker::PhantomData<V>);

impl<'de, V: Deserialize<'de>, F: Fn(&str, String) -> String> Visitor<'de> for KeyedVisitor<F, V> {
    type Value = Keyed<V>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Keyed<V>, A::Error> {
        let mut out: Vec<(String, V)> = Vec::new();
        while let Some(k) = a.next_key::<String>()? {
            if out.iter().any(|(x, _)| *x == k) {
                return Err(de::Error::custom(format!("{k:?} given twice")));
            }
            let v = a.next_value().map_err(|e| de::Error::custom((self.0)(&k, without_position(e))))?;
            out.push((k, v));
        }
        Ok(Keyed(out))
    }
}


/// Which after-sales solutions this shop offers; scripts only propose what is enabled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Solutions {
    /// Return or exchange.
    pub return_exchange: bool,
    /// The shop pays the return freight (运费险 or shop-paid).
    pub free_return_freight: bool,
    /// Re-send a missing part or accessory.
    pub resend: bool,
    /// A small partial refund as compensation for the problem (never tied to the review).
    pub partial_refund: bool,
    /// A coupon or small gift as an apology (never tied to the review).
    pub coupon_or_gift: bool,
    /// Courier pickup at the buyer's door for returns.
    pub courier_pickup: bool,
}

impl Default for Solutions {
    fn default() -> Self {
        Solutions {
            return_exchange: true,
            free_return_freight: true,
            resend: true,
            partial_refund: true,
            coupon_or_gift: true,
            courier_pickup: true,
        }
    }
}

/// A statement that scripts and explanations make only when it is confirmed: by the shop in its
/// settings (what it does as a rule) or by the agent for one review (what was done this time).
/// Anything unconfirmed appears as a visible 【待确认：…】 slot that the linter blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Claim {
    /// 同批次库存重新抽检 after a quality complaint.
    BatchRecheck,
    /// Problems are reported to the factory or supplier.
    SupplierFeedback,
    /// The item page has (updated) real-light photos.
    RealPhotos,
    /// The size chart has measured sizes.
    MeasuredSizes,
    /// The item description was checked and corrected.
    DescriptionReviewed,
    /// Purchase receipts and brand authorisation can be shown.
    PurchaseProof,
    /// 支持专柜验货.
    CounterCheck,
    /// Every parcel is checked again before it leaves.
    PackingCheck,
    /// Sturdier boxes and padding.
    SturdyPackaging,
    /// More packing staff or shifts.
    MorePackingStaff,
    /// 已对相关同事进行培训.
    StaffTraining,
    /// One person follows each after-sales case to the end.
    AfterSalesOwner,
    /// The shop offers price protection (价保).
    PriceProtection,
    /// Faster courier lines for remote areas.
    FasterCourier,
    /// This buyer's missing or damaged part was re-sent (已补发).
    Resent,
    /// This buyer's return or exchange is arranged.
    ReturnArranged,
    /// The courier was contacted about this parcel.
    CourierContacted,
    /// This case was reported to the platform (extortion).
    ReportedToPlatform,
}

/// Whether a claim is about how the shop works or about one review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimScope {
    /// Confirmed once in the settings.
    Shop,
    /// Ticked by the agent for one review (never in the settings).
    Review,
}

impl Claim {
    pub const ALL: [Claim; 18] = [
        Claim::BatchRecheck,
        Claim::SupplierFeedback,
        Claim::RealPhotos,
        Claim::MeasuredSizes,
        Claim::DescriptionReviewed,
        Claim::PurchaseProof,
        Claim::CounterCheck,
        Claim::PackingCheck,
        Claim::SturdyPackaging,
        Claim::MorePackingStaff,
        Claim::StaffTraining,
        Claim::AfterSalesOwner,
        Claim::PriceProtection,
        Claim::FasterCourier,
        Claim::Resent,
        Claim::ReturnArranged,
        Claim::CourierContacted,
        Claim::ReportedToPlatform,
    ];

    pub fn scope(self) -> ClaimScope {
        match self {
            Claim::Resent | Claim::ReturnArranged | Claim::CourierContacted | Claim::ReportedToPlatform => ClaimScope::Review,
            _ => ClaimScope::Shop,
        }
    }

    /// A short Chinese label (for check boxes and messages).
    pub fn label(self) -> &'static str {
        match self {
            Claim::BatchRecheck => "质量问题后对同批次库存重新抽检",
            Claim::SupplierFeedback => "问题反馈给工厂或供应商",
            Claim::RealPhotos => "详情页有自然光实拍图",
            Claim::MeasuredSizes => "尺码表有实测数据",
            Claim::DescriptionReviewed => "按反馈核对并更正详情页",
            Claim::PurchaseProof => "可提供进货凭证和品牌授权",
            Claim::CounterCheck => "支持专柜验货",
            Claim::PackingCheck => "出库前复核",
            Claim::SturdyPackaging => "加固包装、增加缓冲",
            Claim::MorePackingStaff => "增加打包人手",
            Claim::StaffTraining => "对相关客服进行培训",
            Claim::AfterSalesOwner => "售后专人跟进",
            Claim::PriceProtection => "支持价保",
            Claim::FasterCourier => "偏远地区更换更快的物流线路",
            Claim::Resent => "已为这位买家补发",
            Claim::ReturnArranged => "已为这位买家办理退换",
            Claim::CourierContacted => "已就这件包裹联系快递公司",
            Claim::ReportedToPlatform => "已向平台提交记录",
        }
    }
}

/// A set of claims, one bit each; as JSON the list of their ids (in `Claim::ALL` order). A bit
/// set rather than a `BTreeSet`: 18 possible members, and no B-tree code in the wasm for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClaimSet(u32);

impl ClaimSet {
    pub fn new() -> ClaimSet {
        ClaimSet(0)
    }
    fn bit(c: Claim) -> u32 {
        1 << (c as u32)
    }
    pub fn contains(&self, c: &Claim) -> bool {
        self.0 & Self::bit(*c) != 0
    }
    /// Adds `c`; whether it was new.
    pub fn insert(&mut self, c: Claim) -> bool {
        let new = !self.contains(&c);
        self.0 |= Self::bit(c);
        new
    }
    /// Removes `c`; whether it was there.
    pub fn remove(&mut self, c: &Claim) -> bool {
        let had = self.contains(c);
        self.0 &= !Self::bit(*c);
        had
    }
    pub fn union(&self, other: &ClaimSet) -> ClaimSet {
        ClaimSet(self.0 | other.0)
    }
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
    pub fn len(&self) -> usize {
        self.0.count_ones() as usize
    }
    /// The members, in `Claim::ALL` order.
    pub fn iter(&self) -> impl Iterator<Item = Claim> + '_ {
        Claim::ALL.into_iter().filter(|c| self.contains(c))
    }
}

impl FromIterator<Claim> for ClaimSet {
    fn from_iter<I: IntoIterator<Item = Claim>>(items: I) -> Self {
        ClaimSet(items.into_iter().fold(0, |bits, c| bits | Self::bit(c)))
    }
}

impl<const N: usize> From<[Claim; N]> for ClaimSet {
    fn from(items: [Claim; N]) -> Self {
        items.into_iter().collect()
    }
}

impl Serialize for ClaimSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ClaimSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<Claim>::deserialize(d).map(|v| v.into_iter().collect())
    }
}

/// What the agent ticked for one review when composing (the panel's check boxes): claims
/// confirmed for this review, on top of the shop's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Ticks {
    pub confirmed: ClaimSet,
}

/// Simplified or traditional Chinese for generated text (scripts, explanations, actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum OutputScript {
    #[default]
    Simplified,
    Traditional,
}

/// Everything a shop can configure. Unknown fields are rejected so that a typo is reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub shop_name: Option<String>,
    pub agent_name: Option<String>,
    pub solutions: Solutions,
    /// What the shop confirms it does as a rule (shop-scope claims only): explanations and
    /// scripts say these; anything else they would say appears as a 【待确认：…】 slot.
    pub confirmed_claims: ClaimSet,
    /// Per platform id, a partial rules object merged over the built-in table (see `rules`).
    pub rule_overrides: Keyed<RawJson>,
    /// Per cause id, extra trigger words added to the built-in lexicon.
    pub extra_keywords: Keyed<Vec<String>>,
    pub output_script: OutputScript,
    /// Site adapters added or fixed by the user (read only by the browser layer).
    pub adapters: Vec<RawJson>,
}

impl Settings {
    /// Refuses review-scope claims (已补发 …) in the settings: they are true of one review only.
    pub fn check(&self) -> Result<(), String> {
        match self.confirmed_claims.iter().find(|c| c.scope() == ClaimScope::Review) {
            Some(c) => Err(format!(
                "confirmed_claims: {} ({}) is about one review; tick it when composing that review, not in the settings",
                crate::model::serde_id(&c),
                c.label()
            )),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_parse_and_unknown_fields_are_refused() {
        let s: Settings = serde_json::from_str(r#"{"confirmed_claims":["batch_recheck","counter_check"]}"#).unwrap();
        assert!(s.confirmed_claims.contains(&Claim::CounterCheck));
        assert!(s.check().is_ok());
        let e = serde_json::from_str::<Settings>(r#"{"confirmed_claims":["we_are_great"]}"#).unwrap_err().to_string();
        assert!(e.contains("unknown variant"), "{e}");
        assert!(serde_json::from_str::<Settings>(r#"{"confirmed":["resent"]}"#).is_err());
        let s: Settings = serde_json::from_str(r#"{"confirmed_claims":["resent"]}"#).unwrap();
        assert!(s.check().unwrap_err().contains("resent"));
        let t: Ticks = serde_json::from_str(r#"{"confirmed":["resent"]}"#).unwrap();
        assert!(t.confirmed.contains(&Claim::Resent));
        assert!(serde_json::from_str::<Ticks>(r#"{"confirmd":[]}"#).is_err());
    }

    #[test]
    fn every_claim_is_listed_once_with_a_label() {
        let set: ClaimSet = Claim::ALL.into_iter().collect();
        assert_eq!(set.len(), Claim::ALL.len());
        assert!(Claim::ALL.len() <= 32, "a ClaimSet holds 32");
        assert_eq!(set.iter().collect::<Vec<_>>(), Claim::ALL.to_vec());
        let mut one = ClaimSet::new();
        assert!(one.insert(Claim::Resent) && !one.insert(Claim::Resent));
        assert_eq!(serde_json::to_string(&one).unwrap(), r#"["resent"]"#);
        assert!(one.remove(&Claim::Resent) && one.is_empty());
        assert!(Claim::ALL.iter().all(|c| !c.label().is_empty()));
    }
}
