//! Site adapters as data: how to find review cards on a page and read each field. Built-ins come
//! from `data/adapters.json`; a user can add or fix one in the options page (same shape, matched
//! by `id`) without a new release. This module is pure (parsing, validation, URL matching); the
//! browser layer applies the selectors.

use crate::model::Platform;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const BUILTIN: &str = include_str!("../../data/adapters.json");

/// How to read one field inside a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct FieldRule {
    /// CSS selector inside the card (or inside the sibling); absent: the card itself.
    pub sel: Option<String>,
    /// Read this attribute instead of the text.
    pub attr: Option<String>,
    /// Keep only the text after this marker (初次评价：, 已购：).
    pub after: Option<String>,
    /// Map the text to a value (正面 → good).
    pub map: Option<BTreeMap<String, String>>,
    /// The value is the number of elements matching `sel` (star icons).
    pub count: bool,
    /// The value is the digit after this class prefix on the matched element (star3 → 3).
    pub class_digit: Option<String>,
    /// Look in the next sibling element matching this selector (Fusion's expanded 追评 rows).
    pub sibling: Option<String>,
}

/// Where the page's reply box is, to insert an explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyBoxRule {
    pub sel: String,
    /// A button inside the card that opens the box.
    #[serde(default)]
    pub open: Option<String>,
    /// The box lives outside the card (a modal).
    #[serde(default)]
    pub global: bool,
}

/// One site adapter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adapter {
    pub id: String,
    pub platform: Platform,
    /// `backend` (review management) or `item` (item page review list).
    pub page_kind: String,
    /// The adapter applies when the page URL contains any of these.
    pub urls: Vec<String>,
    /// URL substring → platform, for adapters shared by platforms (Taobao and Tmall item pages).
    #[serde(default)]
    pub platform_by_url: BTreeMap<String, Platform>,
    /// CSS selector of one review card.
    pub card: String,
    /// Where inside the card the annotation goes (table rows need a cell); absent: the card.
    #[serde(default)]
    pub host: Option<String>,
    pub fields: BTreeMap<String, FieldRule>,
    #[serde(default)]
    pub reply_box: Option<ReplyBoxRule>,
}

/// Fields an adapter may read; `text` is required.
pub const FIELDS: &[&str] = &["key", "text", "rating", "date", "buyer", "item", "append_text", "append_date", "reply", "modified"];

impl Adapter {
    /// Checks what serde cannot: known fields, a text rule, non-empty selectors.
    pub fn validate(&self) -> Result<(), String> {
        let who = format!("adapter {:?}", self.id);
        if self.id.trim().is_empty() {
            return Err("adapter without an id".into());
        }
        if self.card.trim().is_empty() {
            return Err(format!("{who}: empty card selector"));
        }
        if self.urls.iter().all(|u| u.trim().is_empty()) {
            return Err(format!("{who}: no URL patterns"));
        }
        if !self.fields.contains_key("text") {
            return Err(format!("{who}: no rule for the review text (fields.text)"));
        }
        for (name, rule) in &self.fields {
            if !FIELDS.contains(&name.as_str()) {
                return Err(format!("{who}: unknown field {name:?} (known: {})", FIELDS.join(", ")));
            }
            if rule.sel.as_deref().is_some_and(|s| s.trim().is_empty()) {
                return Err(format!("{who}: empty selector for {name}"));
            }
        }
        Ok(())
    }

    /// The platform for a page URL.
    pub fn platform_for(&self, url: &str) -> Platform {
        self.platform_by_url.iter().find(|(k, _)| url.contains(k.as_str())).map_or(self.platform, |(_, p)| *p)
    }
}

/// The built-in adapters (checked by the tests).
pub fn builtin() -> Vec<Adapter> {
    serde_json::from_str(BUILTIN).expect("data/adapters.json is valid")
}

/// Parses user adapters from settings and merges them over the built-ins (same id replaces).
pub fn merged(user: &[serde_json::Value]) -> Result<Vec<Adapter>, String> {
    let mut all = builtin();
    for (i, v) in user.iter().enumerate() {
        let a: Adapter = serde_json::from_value(v.clone()).map_err(|e| format!("adapter #{}: {e}", i + 1))?;
        a.validate()?;
        match all.iter_mut().find(|b| b.id == a.id) {
            Some(slot) => *slot = a,
            None => all.insert(0, a), // user adapters first: they are the more specific
        }
    }
    Ok(all)
}

/// The first adapter whose URL patterns match.
pub fn for_url<'a>(adapters: &'a [Adapter], url: &str) -> Option<&'a Adapter> {
    adapters.iter().find(|a| a.urls.iter().any(|u| !u.is_empty() && url.contains(u.as_str())))
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
        let item = for_url(&all, "https://detail.tmall.com/item.htm?id=1").unwrap();
        assert_eq!(item.platform_for("https://detail.tmall.com/item.htm?id=1"), Platform::Tmall);
        assert_eq!(for_url(&all, "http://127.0.0.1:8787/jd/item.html").unwrap().id, "jd-item");
        assert!(for_url(&all, "https://example.com/").is_none());
    }

    #[test]
    fn user_adapters_override_by_id_and_are_validated() {
        let mut douyin = serde_json::to_value(builtin().into_iter().find(|a| a.id == "douyin-backend").unwrap()).unwrap();
        douyin["card"] = json!("div.new-card");
        let all = merged(&[douyin]).unwrap();
        assert_eq!(all.iter().filter(|a| a.id == "douyin-backend").count(), 1);
        assert_eq!(all.iter().find(|a| a.id == "douyin-backend").unwrap().card, "div.new-card");
        let bad = json!({"id": "x", "platform": "jd", "page_kind": "item", "urls": ["a"], "card": "div", "fields": {"txt": {"sel": "p"}}});
        assert!(merged(&[bad]).unwrap_err().contains("fields.text"));
        let typo = json!({"id": "x", "platform": "jd", "page_kind": "item", "urls": ["a"], "card": "div", "fields": {"text": {"selector": "p"}}});
        assert!(merged(&[typo]).unwrap_err().contains("selector"));
    }
}
