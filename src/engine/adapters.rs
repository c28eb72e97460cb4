//! Site adapters as data: how to find review cards on a page and read each field. Built-ins come
//! from `data/adapters.json`; a user can add or fix one in the options page (same shape, matched
//! by `id`) without a new release. This module is pure (the format, validation, URL matching); the
//! browser layer (`wasm::extract`) applies the rules to a document.
//!
//! Adapters read what a person reads: visible text markers (`主评ID：{id}`), a cell whose whole text
//! is a rating word, star icons counted, documented `data-testid` attributes and stable class
//! prefixes. Every adapter names its `evidence` (a section of spec/pages.md, or "none: …").

use crate::model::{Platform, Rating};
use crate::settings::{without_position, Keyed, KeyedVisitor, RawJson};
use crate::text_markers::{Longest, Pattern};
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The built-in adapters' JSON, as written (checked by the tests: [`builtin`] parses it).
pub const BUILTIN: &str = include_str!("../../data/adapters.json");

/// The id of the adapter tried when a page's own adapter finds no card, and on unknown pages.
pub const GENERIC: &str = "generic";

/// One pattern or several (tried in order).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Patterns {
    One(String),
    Many(Vec<String>),
}

// The enums that take one of two JSON shapes read them with a visitor by hand: an untagged
// derive would buffer through serde's `Content` (more code in the wasm, and an error that only
// says "no variant matched").
impl<'de> Deserialize<'de> for Patterns {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Patterns;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a pattern or a list of patterns")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Patterns, E> {
                Ok(Patterns::One(s.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, a: A) -> Result<Patterns, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(a)).map(Patterns::Many)
            }
        }
        d.deserialize_any(V)
    }
}

impl Patterns {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        match self {
            Patterns::One(s) => std::slice::from_ref(s).iter().map(String::as_str),
            Patterns::Many(v) => v.iter().map(String::as_str),
        }
    }
}

/// How to read one field of a card. Where to look: the card, or `sibling` (the next row),
/// `prev` (the nearest earlier row matching, a group header) or `closest` (an ancestor); then
/// `sel` inside it. How to read: the text (default), `attr`, `find` (text patterns), `after`,
/// `equals` (an element whose whole text is a key), `count` (icons), `class_digit`, `longest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct FieldRule {
    /// CSS selector inside the base; absent: the base itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sel: Option<String>,
    /// The base is the card's next sibling element, when it matches (Fusion's expanded 追评 rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sibling: Option<String>,
    /// The base is the nearest earlier sibling matching (a group header row: 订单编号).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// The base is the card's nearest ancestor matching.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closest: Option<String>,
    /// Read this attribute instead of the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attr: Option<String>,
    /// Text patterns with one placeholder (`主评ID：{id}`, `还有{n}天可回复`, `已超过回复期`),
    /// searched in the text of the target line by line; the first that matches gives the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub find: Option<Patterns>,
    /// The text after this marker up to the end of the line (same as `find: "MARKER{line}"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The first element (matching `sel`, default any) whose whole text is one of the keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equals: Option<BTreeMap<String, String>>,
    /// Map the value read: the first key it contains gives the output (正面 → good).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map: Option<BTreeMap<String, String>>,
    /// The value is the number of elements matching `sel` (star icons).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub count: bool,
    /// The value is the digit after this class prefix on the matched element (star3 → 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_digit: Option<String>,
    /// The longest line that is not page metadata: `text` (the review), `append` (the 追评),
    /// `any`. For pages that document no selector for the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longest: Option<Longest>,
}

/// A field's rule, or several tried in order (the first that yields a value wins).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Rules {
    One(Box<FieldRule>),
    Any(Vec<FieldRule>),
}

impl<'de> Deserialize<'de> for Rules {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Rules;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a rule object or a list of rule objects")
            }
            fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Rules, A::Error> {
                FieldRule::deserialize(MapAccessDeserializer::new(a)).map(|r| Rules::One(Box::new(r)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Rules, A::Error> {
                let mut all = Vec::new();
                while let Some(r) = a.next_element().map_err(|e| de::Error::custom(format!("[{}]: {}", all.len(), without_position(e))))? {
                    all.push(r);
                }
                Ok(Rules::Any(all))
            }
        }
        d.deserialize_any(V)
    }
}

/// `fields` with errors that name the field: `fields.rating[1]: unknown field "selector"`.
fn de_fields<'de, D: Deserializer<'de>>(d: D) -> Result<Keyed<Rules>, D::Error> {
    let name = |k: &str, e: String| if e.starts_with('[') { format!("fields.{k}{e}") } else { format!("fields.{k}: {e}") };
    d.deserialize_map(KeyedVisitor(name, std::marker::PhantomData))
}

impl Rules {
    pub fn iter(&self) -> impl Iterator<Item = &FieldRule> {
        match self {
            Rules::One(r) => std::slice::from_ref(r.as_ref()).iter(),
            Rules::Any(v) => v.iter(),
        }
    }
}

/// A control that opens the reply box: a selector, optionally with its exact text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Opener {
    Sel(String),
    Control {
        sel: String,
        /// The control's whole visible text ("评价", not "评价回复").
        #[serde(skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
}

impl<'de> Deserialize<'de> for Opener {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Control {
            sel: String,
            #[serde(default)]
            text: Option<String>,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Opener;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a selector or {\"sel\", \"text\"}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Opener, E> {
                Ok(Opener::Sel(s.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Opener, A::Error> {
                Control::deserialize(MapAccessDeserializer::new(a)).map(|c| Opener::Control { sel: c.sel, text: c.text })
            }
        }
        d.deserialize_any(V)
    }
}

impl Opener {
    pub fn sel(&self) -> &str {
        match self {
            Opener::Sel(s) | Opener::Control { sel: s, .. } => s,
        }
    }
    pub fn text(&self) -> Option<&str> {
        match self {
            Opener::Sel(_) => None,
            Opener::Control { text, .. } => text.as_deref(),
        }
    }
}

/// Where the page's reply box is, to insert an explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyBoxRule {
    /// The box (a textarea).
    pub sel: String,
    /// The control in the card (or its row) that opens the box.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<Opener>,
    /// The box opens outside the card (a modal): the one that appears after the click.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub global: bool,
}

/// One site adapter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adapter {
    pub id: String,
    pub platform: Platform,
    /// `backend` (review management), `item` (item page review list) or `unknown`.
    pub page_kind: String,
    /// Where the structure comes from: a section of spec/pages.md, or `none: …` and what the
    /// adapter leans on instead.
    pub evidence: String,
    /// The adapter applies when the page URL contains any of these.
    pub urls: Vec<String>,
    /// URL substring → platform, for adapters shared by platforms (Taobao and Tmall item pages).
    #[serde(default, skip_serializing_if = "Keyed::is_empty")]
    pub platform_by_url: Keyed<Platform>,
    /// CSS selector of one review card; absent: cards are guessed (the repeated element that
    /// holds review text and a date), and the adapter says it guessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<String>,
    /// Where inside the card the annotation goes; absent: the cell holding the text when the card
    /// is a table row, else the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(deserialize_with = "de_fields")]
    pub fields: Keyed<Rules>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_box: Option<ReplyBoxRule>,
}

/// Fields an adapter may read; `text` is required.
pub const FIELDS: &[&str] = &["key", "text", "rating", "date", "buyer", "item", "append_text", "append_date", "reply", "modified", "reply_days_left"];

impl FieldRule {
    /// The patterns of `find` (or `after`), parsed.
    pub fn patterns(&self) -> Result<Vec<Pattern>, String> {
        let mut out: Vec<Pattern> = match &self.find {
            Some(p) => p.iter().map(str::parse).collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        if let Some(marker) = &self.after {
            if marker.contains('{') {
                return Err(format!("`after` takes a plain marker, not a pattern ({marker:?}); use `find`"));
            }
            out.push(format!("{marker}{{line}}").parse()?);
        }
        Ok(out)
    }

    fn check(&self, field: &str) -> Result<(), String> {
        for (name, v) in [("sel", &self.sel), ("sibling", &self.sibling), ("prev", &self.prev), ("closest", &self.closest), ("attr", &self.attr), ("class_digit", &self.class_digit)] {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                return Err(format!("empty `{name}`"));
            }
        }
        let bases = [&self.sibling, &self.prev, &self.closest].iter().filter(|b| b.is_some()).count();
        if bases > 1 {
            return Err("`sibling`, `prev` and `closest` each name where to look: give one".into());
        }
        let readers: Vec<&str> = [
            ("attr", self.attr.is_some()),
            ("find", self.find.is_some()),
            ("after", self.after.is_some()),
            ("equals", self.equals.is_some()),
            ("count", self.count),
            ("class_digit", self.class_digit.is_some()),
            ("longest", self.longest.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, on)| on.then_some(n))
        .collect();
        if readers.len() > 1 {
            return Err(format!("one way to read a value per rule, got {} (use a list of rules to try several)", readers.join(" and ")));
        }
        if self.count && self.sel.is_none() {
            return Err("`count` needs `sel`: the icons to count".into());
        }
        if self.map.is_some() && (self.equals.is_some() || self.count) {
            return Err("`map` applies to text read from the page; `equals` maps already, and a count is a number".into());
        }
        if matches!(&self.find, Some(Patterns::Many(v)) if v.is_empty()) {
            return Err("`find` with no pattern".into());
        }
        self.patterns()?;
        if field == "rating" {
            for (k, v) in self.equals.iter().chain(self.map.iter()).flatten() {
                v.parse::<Rating>().map_err(|e| format!("{k:?} maps to {e}"))?;
            }
        }
        if self.longest.is_some() && field != "text" && field != "append_text" && field != "reply" {
            return Err(format!("`longest` reads free text; {field} is not free text"));
        }
        Ok(())
    }
}

impl Adapter {
    /// Checks what serde cannot: known fields, a text rule, non-empty selectors, one reader per
    /// rule, valid patterns. Errors name the adapter and the field.
    pub fn validate(&self) -> Result<(), String> {
        let who = format!("adapter {:?}", self.id);
        if self.id.trim().is_empty() {
            return Err("adapter without an id".into());
        }
        if self.evidence.trim().is_empty() {
            return Err(format!("{who}: empty `evidence` (name the spec/pages.md section, or write \"none: …\" and what the adapter reads instead)"));
        }
        if self.card.as_deref().is_some_and(|c| c.trim().is_empty()) {
            return Err(format!("{who}: empty card selector (leave `card` out to have cards guessed)"));
        }
        if self.id != GENERIC && self.urls.iter().all(|u| u.trim().is_empty()) {
            return Err(format!("{who}: no URL patterns"));
        }
        if !self.fields.contains_key("text") {
            return Err(format!("{who}: no rule for the review text (fields.text)"));
        }
        for (name, rules) in self.fields.iter() {
            if !FIELDS.contains(&name.as_str()) {
                return Err(format!("{who}: unknown field {name:?} (known: {})", FIELDS.join(", ")));
            }
            let many = matches!(rules, Rules::Any(_));
            if matches!(rules, Rules::Any(v) if v.is_empty()) {
                return Err(format!("{who}: fields.{name}: an empty list of rules"));
            }
            for (i, rule) in rules.iter().enumerate() {
                let at = if many { format!("fields.{name}[{i}]") } else { format!("fields.{name}") };
                rule.check(name).map_err(|e| format!("{who}: {at}: {e}"))?;
            }
        }
        if let Some(rb) = &self.reply_box {
            if rb.sel.trim().is_empty() || rb.open.as_ref().is_some_and(|o| o.sel().trim().is_empty()) {
                return Err(format!("{who}: reply_box: empty selector"));
            }
        }
        Ok(())
    }

    /// Every CSS selector the adapter uses (for a syntax check where a DOM is at hand).
    pub fn selectors(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.card.iter().chain(self.host.iter()).map(String::as_str).collect();
        for rule in self.fields.values().flat_map(Rules::iter) {
            out.extend([&rule.sel, &rule.sibling, &rule.prev, &rule.closest].into_iter().flatten().map(String::as_str));
        }
        if let Some(rb) = &self.reply_box {
            out.push(&rb.sel);
            out.extend(rb.open.as_ref().map(Opener::sel));
        }
        out
    }

    /// The platform for a page URL.
    pub fn platform_for(&self, url: &str) -> Platform {
        self.platform_by_url.iter().find(|(k, _)| url.contains(k.as_str())).map_or(self.platform, |(_, p)| *p)
    }

    /// Cards are guessed, not found by a documented selector.
    pub fn guesses_cards(&self) -> bool {
        self.card.is_none()
    }
}

/// The built-in adapters (checked by the tests).
pub fn builtin() -> Vec<Adapter> {
    serde_json::from_str(BUILTIN).expect("data/adapters.json is valid")
}

/// Parses user adapters from settings and merges them over the built-ins (same id replaces).
pub fn merged(user: &[RawJson]) -> Result<Vec<Adapter>, String> {
    let mut all = builtin();
    for (i, raw) in user.iter().enumerate() {
        let a: Adapter = serde_json::from_str(raw.get()).map_err(|e| {
            #[derive(Deserialize)]
            struct Named {
                id: Option<String>,
            }
            let id = serde_json::from_str::<Named>(raw.get()).ok().and_then(|n| n.id);
            let name = id.map_or_else(|| format!("#{}", i + 1), |id| format!("#{} ({id:?})", i + 1));
            format!("adapter {name}: {}", without_position(e))
        })?;
        a.validate()?;
        match all.iter_mut().find(|b| b.id == a.id) {
            Some(slot) => *slot = a,
            None => all.insert(0, a), // user adapters first: they are the more specific
        }
    }
    Ok(all)
}

/// The first adapter whose URL patterns match. A platform's adapter claims its whole host (the
/// content script runs on no other), so that a module it does not know still gets the generic
/// fallback at every scan instead of no annotator at all.
pub fn for_url<'a>(adapters: &'a [Adapter], url: &str) -> Option<&'a Adapter> {
    adapters.iter().find(|a| a.urls.iter().any(|u| !u.is_empty() && url.contains(u.as_str())))
}

/// The generic adapter (built in, or the user's fix of it).
pub fn generic(adapters: &[Adapter]) -> Option<&Adapter> {
    adapters.iter().find(|a| a.id == GENERIC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builtins_are_valid_and_cover_every_platform() {
        let all = builtin();
        for a in &all {
            a.validate().unwrap();
        }
        for p in [Platform::Taobao, Platform::Pinduoduo, Platform::Jd, Platform::Douyin] {
            assert!(all.iter().any(|a| a.platform == p), "{p}");
        }
        let tmall = "https://detail.tmall.com/item.htm?id=1";
        assert_eq!(for_url(&all, tmall).unwrap().platform_for(tmall), Platform::Tmall);
        let backend = "https://myseller.taobao.com/home.htm/comment-manage/list/rateWait4PC?current=1&pageSize=20";
        assert_eq!(for_url(&all, backend).unwrap().id, "taobao-backend");
        assert_eq!(for_url(&all, "https://myseller.taobao.com/home.htm/other-module").unwrap().id, "taobao-backend", "the whole host");
        assert_eq!(for_url(&all, "https://mms.pinduoduo.com/goods/evaluation/index").unwrap().id, "pinduoduo-backend");
        assert_eq!(for_url(&all, "https://item.jd.com/100012043978.html").unwrap().id, "jd-item");
        assert_eq!(for_url(&all, "https://fxg.jinritemai.com/ffa/g/comment").unwrap().id, "douyin-backend");
        assert!(for_url(&all, "https://example.com/").is_none());
        assert!(generic(&all).is_some_and(Adapter::guesses_cards));
    }

    #[test]
    fn every_adapter_cites_its_evidence() {
        for a in builtin() {
            assert!(a.evidence.contains("pages.md") || a.evidence.starts_with("none:"), "{}: {}", a.id, a.evidence);
        }
    }

    fn base() -> serde_json::Value {
        json!({"id": "x", "platform": "jd", "page_kind": "item", "evidence": "none: test", "urls": ["a"], "card": "div", "fields": {"text": {"sel": "p"}}})
    }

    fn with_field(name: &str, rule: serde_json::Value) -> Result<Vec<Adapter>, String> {
        let mut a = base();
        a["fields"][name] = rule;
        merged(&[a.into()])
    }

    #[test]
    fn user_adapters_override_by_id_and_are_validated() {
        let mut douyin = serde_json::to_value(builtin().into_iter().find(|a| a.id == "douyin-backend").unwrap()).unwrap();
        douyin["card"] = json!("div.new-card");
        let all = merged(&[douyin.into()]).unwrap();
        assert_eq!(all.iter().filter(|a| a.id == "douyin-backend").count(), 1);
        assert_eq!(all.iter().find(|a| a.id == "douyin-backend").unwrap().card.as_deref(), Some("div.new-card"));
        let mut no_text = base();
        no_text["fields"] = json!({"txt": {"sel": "p"}});
        assert!(merged(&[no_text.into()]).unwrap_err().contains("fields.text"));
        let typo = with_field("text", json!({"selector": "p"})).unwrap_err();
        assert!(typo.contains("\"x\"") && typo.contains("fields.text") && typo.contains("selector"), "{typo}");
        let mut no_evidence = base();
        no_evidence["evidence"] = json!(" ");
        assert!(merged(&[no_evidence.into()]).unwrap_err().contains("evidence"));
    }

    #[test]
    fn rule_errors_name_the_field_and_the_problem() {
        let e = with_field("rating", json!({"count": true})).unwrap_err();
        assert!(e.contains("fields.rating") && e.contains("icons to count"), "{e}");
        let e = with_field("rating", json!({"equals": {"负面": "terrible"}})).unwrap_err();
        assert!(e.contains("负面") && e.contains("terrible"), "{e}");
        let e = with_field("key", json!([{"find": "主评ID：{id}"}, {"find": "订单号：{nr}"}])).unwrap_err();
        assert!(e.contains("fields.key[1]") && e.contains("{nr}"), "{e}");
        let e = with_field("date", json!({"find": "x{date}", "attr": "title"})).unwrap_err();
        assert!(e.contains("attr and find"), "{e}");
        let e = with_field("key", json!({"sibling": "tr", "prev": "tr", "find": "{id}"})).unwrap_err();
        assert!(e.contains("give one"), "{e}");
        let e = with_field("date", json!({"longest": "text"})).unwrap_err();
        assert!(e.contains("not free text"), "{e}");
        let e = with_field("text", json!({"longest": "everything"})).unwrap_err();
        assert!(e.contains("everything"), "{e}");
        // A list of rules, each valid, and the reply-box opener by text.
        let mut ok = base();
        ok["fields"]["rating"] = json!([{"equals": {"差评": "bad"}}, {"sel": "img[alt=\"star\"]", "count": true}]);
        ok["reply_box"] = json!({"sel": "textarea", "open": {"sel": "button", "text": "评价"}});
        let all = merged(&[ok.into()]).unwrap();
        let a = &all[0];
        assert_eq!(a.reply_box.as_ref().unwrap().open.as_ref().unwrap().text(), Some("评价"));
        assert!(a.selectors().contains(&"img[alt=\"star\"]"));
    }

    #[test]
    fn after_is_find_to_the_end_of_the_line() {
        let rule = FieldRule { after: Some("已购：".into()), ..Default::default() };
        let p = rule.patterns().unwrap();
        assert_eq!(p[0].find("2026年5月15日\n已购：黑色 M").unwrap().value, "黑色 M");
    }
}
