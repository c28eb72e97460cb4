//! Applies a site adapter to a document: finds the cards and reads each into a review record.
//! Works on the live page and on a DOMParser snapshot alike.

use super::dom::{query, query_all, text_of};
use crate::adapters::{Adapter, FieldRule};
use crate::model::ReviewInput;
use wasm_bindgen::JsValue;
use web_sys::Element;

/// One card read from the page.
pub struct Extracted {
    pub record: ReviewInput,
    /// Chars trimmed off the start of the text element's textContent (to map evidence back).
    pub text_lead: usize,
    pub text_el: Option<Element>,
}

/// The cards of `adapter` under `root` (a Document or an Element), in document order.
pub fn cards(root: &JsValue, adapter: &Adapter) -> Vec<Element> {
    query_all(root, &adapter.card)
}

fn target(card: &Element, rule: &FieldRule) -> Option<Element> {
    let base = match &rule.sibling {
        None => card.clone(),
        Some(sel) => {
            let next = card.next_element_sibling()?;
            if !next.matches(sel).unwrap_or(false) {
                return None;
            }
            next
        }
    };
    match &rule.sel {
        None => Some(base),
        Some(sel) => query(&base, sel),
    }
}

/// Reads one field as text (after `attr`, `after`, `map`, `count`, `class_digit`).
pub fn read(card: &Element, rule: &FieldRule) -> Option<String> {
    if rule.count {
        let base = if rule.sibling.is_some() { target(card, &FieldRule { sel: None, ..rule.clone() })? } else { card.clone() };
        let n = query_all(&base.into(), rule.sel.as_deref().unwrap_or("*")).len();
        return (n > 0).then(|| n.to_string());
    }
    let e = target(card, rule)?;
    if let Some(prefix) = &rule.class_digit {
        let class = e.get_attribute("class").unwrap_or_default();
        return class.split_whitespace().find_map(|c| c.strip_prefix(prefix.as_str()).filter(|d| !d.is_empty() && d.chars().all(|x| x.is_ascii_digit())).map(str::to_string));
    }
    let mut v = match &rule.attr {
        Some(a) => e.get_attribute(a)?,
        None => text_of(&e),
    };
    if let Some(marker) = &rule.after {
        if let Some(pos) = v.find(marker.as_str()) {
            v = v.get(pos + marker.len()..).unwrap_or_default().to_string();
        }
    }
    let v = v.trim().to_string();
    match &rule.map {
        Some(map) => map.iter().find(|(k, _)| v.contains(k.as_str())).map(|(_, out)| out.clone()),
        None => (!v.is_empty()).then_some(v),
    }
}

/// Reads a card into a record. `None` when the card has no review text element (not a review).
pub fn record(card: &Element, adapter: &Adapter, url: &str) -> Option<Extracted> {
    let f = |name: &str| adapter.fields.get(name).and_then(|r| read(card, r));
    let text_rule = adapter.fields.get("text")?;
    let text_el = target(card, text_rule)?;
    let raw = text_of(&text_el);
    let text_lead = raw.chars().take_while(|c| c.is_whitespace()).count();
    let text = raw.trim().to_string();
    let rating = f("rating");
    let platform = adapter.platform_for(url);
    let key = f("key").unwrap_or_default();
    let modified = adapter.fields.get("modified").is_some_and(|r| target(card, r).is_some());
    let append_text = f("append_text");
    let replied = f("reply").is_some();
    let mut record = ReviewInput {
        id: key,
        text,
        platform: Some(platform.id().to_string()),
        rating,
        reviewed_at: f("date"),
        modified,
        appended_at: f("append_date"),
        append_text,
        replied,
        buyer: f("buyer"),
        item: f("item"),
        shop: None,
    };
    if record.id.is_empty() {
        record.id = format!("rt-{:08x}", content_hash(&record) as u32);
    }
    Some(Extracted { record, text_lead, text_el: Some(text_el) })
}

/// What identifies a card's content: a recycled node with other content hashes differently.
pub fn content_hash(r: &ReviewInput) -> u64 {
    let flags = format!("{}{}", if r.replied { "r" } else { "" }, if r.modified { "m" } else { "" });
    crate::engine::pipeline::stable_hash(&[&r.text, r.rating.as_deref().unwrap_or(""), r.reviewed_at.as_deref().unwrap_or(""), r.append_text.as_deref().unwrap_or(""), &flags])
}

/// A page no adapter knows: the largest group (≥ 3) of sibling elements that share a tag and a
/// class prefix and each hold a date and some text, read with generic rules.
pub fn generic_adapter(doc: &web_sys::Document) -> Option<Adapter> {
    use std::collections::HashMap;
    let body = doc.body()?;
    let mut groups: HashMap<String, usize> = HashMap::new();
    for e in query_all(&body.into(), "li, article, div, tr") {
        let class = e.get_attribute("class").unwrap_or_default();
        let prefix: String = class.split_whitespace().next().unwrap_or("").split("--").next().unwrap_or("").split('_').next().unwrap_or("").to_string();
        if prefix.is_empty() || prefix.starts_with("rt-") {
            continue;
        }
        let t = text_of(&e);
        let n = t.chars().count();
        if !(8..=3000).contains(&n) || !looks_dated(&t) {
            continue;
        }
        *groups.entry(format!("{}.{}", e.tag_name().to_lowercase(), prefix)).or_default() += 1;
    }
    let (sel, count) = groups.into_iter().max_by_key(|(k, c)| (*c, std::cmp::Reverse(k.len())))?;
    if count < 3 {
        return None;
    }
    let (tag, prefix) = sel.split_once('.')?;
    let json = serde_json::json!({
        "id": "generic", "platform": "unknown", "page_kind": "item", "urls": ["*"],
        "card": format!("{tag}[class^=\"{prefix}\"]"),
        "fields": { "text": {} }
    });
    serde_json::from_value(json).ok()
}

fn looks_dated(t: &str) -> bool {
    let b = t.as_bytes();
    t.contains("天前") || t.contains("小时前") || t.contains('年') && t.contains('月')
        || b.windows(5).any(|w| matches!(w, [a, b, b'-' | b'/', c, d] if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() && d.is_ascii_digit()))
}
