//! Applies a site adapter to a document: finds the cards and reads each into a review record,
//! the way a person reads the page. Works on the live page and on a DOMParser snapshot alike.
//!
//! A card is read as lines: one per block element (a `div`, a cell, a row), inline text joined,
//! links and buttons on lines of their own, our own annotation skipped. Text markers
//! (`主评ID：{id}`) are searched in those lines, `longest` picks the review among them, and the
//! generic adapter guesses the cards from them (`card_guess`). [`extract`] returns an
//! [`ExtractReport`]: which adapter ran, whether it guessed, the cards, and a warning per field
//! it could not read.

use super::dom::{query, query_all, query_each, query_in_card, text_of};
use crate::adapters::{self, Adapter, FieldRule, Rules};
use crate::card_guess::{self, LineFacts};
use crate::model::ReviewInput;
use crate::text_markers::pick_longest;
use serde::Serialize;
use std::cell::OnceCell;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// One card read from the page.
pub struct Extracted {
    pub record: ReviewInput,
    pub card: Element,
    /// Where the annotation goes (the adapter's `host`, the text's cell in a table row, or the card).
    pub host: Element,
    /// Position of the card among the adapter's card candidates (the snapshot path maps back by it).
    pub index: usize,
    /// Chars before the review text in the text element's textContent (to map evidence back).
    pub text_lead: usize,
    /// The element whose text nodes hold the review text, when the text is a run of them.
    pub text_el: Option<Element>,
}

/// A field the adapter could not read, or a page where it found nothing (the same warning the
/// annotator shows and the summary carries).
pub use super::state::Warning as ExtractWarning;

/// What the page summary says about extraction: which adapter ran, whether it guessed, warnings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReportMeta {
    pub adapter: String,
    pub guessed: bool,
    pub warnings: Vec<ExtractWarning>,
}

impl ReportMeta {
    /// The warnings as one sentence for people (the drawer shows it).
    pub fn message(&self) -> Option<String> {
        (!self.warnings.is_empty()).then(|| self.warnings.iter().map(|w| w.message.as_str()).collect::<Vec<_>>().join("；"))
    }
}

/// What extraction found on the page, and what it could not read.
pub struct ExtractReport {
    /// The adapter that produced the cards (`generic` after a fallback).
    pub adapter: String,
    /// The cards were guessed (no documented card selector).
    pub guessed: bool,
    pub cards: Vec<Extracted>,
    /// Every card candidate, in order (`Extracted::index` points into it).
    pub candidates: Vec<Element>,
    pub warnings: Vec<ExtractWarning>,
}

impl ExtractReport {
    pub fn meta(&self) -> ReportMeta {
        ReportMeta { adapter: self.adapter.clone(), guessed: self.guessed, warnings: self.warnings.clone() }
    }
}

// ---------- reading a subtree as lines ----------

// The walk itself is in `lines.js` (one call per card instead of ~5 per node).
#[wasm_bindgen(module = "/src/wasm/lines.js")]
extern "C" {
    type ReadLines;
    #[wasm_bindgen(catch, js_name = readLines)]
    fn read_lines(root: &Element, tree: bool) -> Result<ReadLines, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn text(this: &ReadLines) -> String;
    #[wasm_bindgen(method, getter)]
    fn blocks(this: &ReadLines) -> js_sys::Array;
    #[wasm_bindgen(method, getter)]
    fn controls(this: &ReadLines) -> Vec<u8>;
    #[wasm_bindgen(method, getter)]
    fn nodes(this: &ReadLines) -> js_sys::Array;
    #[wasm_bindgen(method, getter)]
    fn meta(this: &ReadLines) -> Vec<i32>;
}

/// The lines of a subtree a reader would take for text (links and buttons left out): their
/// text joined by "\n" (a line never holds one) and the element holding each.
pub struct Lines {
    pub text: String,
    blocks: js_sys::Array,
}

impl Lines {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.text.split('\n').filter(|l| !l.is_empty())
    }

    fn block(&self, i: usize) -> Option<Element> {
        u32::try_from(i).ok().and_then(|i| self.blocks.get(i).dyn_into().ok())
    }
}

/// The lines of `el` (none if the walk throws, which it should not).
pub fn lines(el: &Element) -> Lines {
    match read_lines(el, false) {
        Ok(r) => Lines { text: r.text(), blocks: r.blocks() },
        Err(_) => Lines { text: String::new(), blocks: js_sys::Array::new() },
    }
}

// ---------- applying one rule ----------

/// Where a rule looks: the card, the next row, the group header before it, or an ancestor.
fn base(card: &Element, rule: &FieldRule) -> Option<Element> {
    if let Some(sel) = &rule.sibling {
        return card.next_element_sibling().filter(|n| n.matches(sel).unwrap_or(false));
    }
    if let Some(sel) = &rule.prev {
        let mut p = card.previous_element_sibling();
        while let Some(e) = p {
            if e.matches(sel).unwrap_or(false) {
                return Some(e);
            }
            p = e.previous_element_sibling();
        }
        return None;
    }
    if let Some(sel) = &rule.closest {
        return card.parent_element().and_then(|p| p.closest(sel).ok().flatten());
    }
    Some(card.clone())
}

fn target(card: &Element, rule: &FieldRule) -> Option<Element> {
    let b = base(card, rule)?;
    match &rule.sel {
        None => Some(b),
        // An ancestor (`closest`) may hold the whole list: matching its elements one by one from
        // JS would cost more than the browser's own search there.
        Some(sel) if rule.closest.is_some() => query(&b, sel),
        Some(sel) => query_in_card(&b, sel),
    }
}

/// A value read from the page, the element holding it when it is free text, and (when known)
/// the chars before it in that element's text.
struct Read {
    value: String,
    from: Option<Element>,
    lead: Option<usize>,
}

fn plain(value: String) -> Option<Read> {
    let value = value.trim().to_string();
    (!value.is_empty()).then_some(Read { value, from: None, lead: None })
}

/// Star icons: all of them, or when a row shows several scores (描述/物流/服务), the first
/// group (the icons sharing the first icon's parent).
fn count_icons(base: &Element, sel: &str) -> usize {
    let icons = query_all(&base.clone().into(), sel);
    if icons.len() <= 5 {
        return icons.len();
    }
    let first = icons[0].parent_element();
    icons.iter().filter(|i| i.parent_element() == first).count()
}

/// Applies one rule to a card (`card_text`: the card's lines, read on first use).
fn read_rule(card: &Element, card_text: &OnceCell<String>, rule: &FieldRule) -> Option<Read> {
    if rule.count {
        let b = base(card, rule)?;
        let n = count_icons(&b, rule.sel.as_deref().unwrap_or("*"));
        return (n > 0).then(|| Read { value: n.to_string(), from: None, lead: None });
    }
    if let Some(map) = &rule.equals {
        let b = base(card, rule)?;
        let read = |e: &Element| map.get(text_of(e).trim()).map(|v| Read { value: v.clone(), from: None, lead: None });
        // Element by element, stopping at the first match (the sentiment cell is near the start).
        return read(&b).or_else(|| query_each(&b, rule.sel.as_deref().unwrap_or("*")).find_map(|e| read(&e)));
    }
    let e = target(card, rule)?;
    if let Some(prefix) = &rule.class_digit {
        let class = e.get_attribute("class").unwrap_or_default();
        return class
            .split_whitespace()
            .find_map(|c| c.strip_prefix(prefix.as_str()).filter(|d| !d.is_empty() && d.chars().all(|x| x.is_ascii_digit())))
            .and_then(|d| plain(d.to_string()));
    }
    if let Some(a) = &rule.attr {
        return e.get_attribute(a).and_then(plain);
    }
    if rule.find.is_some() || rule.after.is_some() {
        let joined = |e: &Element| lines(e).text;
        // Several fields search the card itself (主评ID, 初次评价, 还有N天可回复): read it once.
        let own;
        let text = if e == *card {
            card_text.get_or_init(|| joined(card))
        } else {
            own = joined(&e);
            &own
        };
        let patterns = rule.patterns().ok()?;
        return patterns.iter().find_map(|p| p.find(text)).and_then(|f| plain(f.value));
    }
    if let Some(mode) = rule.longest {
        let ls = lines(&e);
        let (i, value) = pick_longest(&ls.iter().collect::<Vec<_>>(), mode)?;
        return Some(Read { value, from: ls.block(i), lead: None });
    }
    let raw = text_of(&e);
    let value = raw.trim().to_string();
    let (value, lead) = match &rule.map {
        Some(map) => (map.iter().find(|(k, _)| value.contains(k.as_str())).map(|(_, out)| out.clone())?, None),
        None => (value, Some(raw.chars().take_while(|c| c.is_whitespace()).count())),
    };
    (!value.is_empty()).then(|| Read { value, from: Some(e), lead })
}

/// The first rule of `rules` that yields a value.
fn read_rules(card: &Element, card_text: &OnceCell<String>, rules: &Rules) -> Option<Read> {
    rules.iter().find_map(|r| read_rule(card, card_text, r))
}

/// Reads a card into a record; `None` when it shows no review text.
pub fn record(card: &Element, adapter: &Adapter, platform: crate::Platform, index: usize) -> Option<Extracted> {
    let card_text = OnceCell::new();
    let text = adapter.fields.get("text").and_then(|r| read_rules(card, &card_text, r))?;
    // Map evidence offsets back: the text is a run inside its element's textContent.
    let (text_el, text_lead) = match (&text.from, text.lead) {
        (Some(el), Some(lead)) => (Some(el.clone()), lead),
        (Some(el), None) => {
            let whole = text_of(el);
            match whole.find(&text.value) {
                Some(pos) => (Some(el.clone()), whole[..pos].chars().count()),
                None => (None, 0),
            }
        }
        (None, _) => (None, 0),
    };
    let f = |name: &str| adapter.fields.get(name).and_then(|r| read_rules(card, &card_text, r)).map(|r| r.value);
    let mut record = ReviewInput {
        id: f("key").unwrap_or_default(),
        text: text.value,
        platform: Some(platform.id().to_string()),
        rating: f("rating"),
        reviewed_at: f("date"),
        modified: f("modified").is_some(),
        appended_at: f("append_date"),
        append_text: f("append_text"),
        replied: f("reply").is_some(),
        buyer: f("buyer"),
        item: f("item"),
        shop: None,
        reply_days_left: f("reply_days_left"),
    };
    if record.id.is_empty() {
        record.id = format!("rt-{:08x}", content_hash(&record) as u32);
    }
    let host = host_for(card, adapter, text.from.as_ref());
    Some(Extracted { record, card: card.clone(), host, index, text_lead, text_el })
}

/// Where the annotation goes: the adapter's `host`; in a table row the cell holding the text
/// (a row cannot hold a block); else the card.
fn host_for(card: &Element, adapter: &Adapter, text_el: Option<&Element>) -> Element {
    if let Some(h) = adapter.host.as_deref().and_then(|s| query_in_card(card, s)) {
        return h;
    }
    if card.tag_name().eq_ignore_ascii_case("tr") {
        let cell = text_el.and_then(|t| t.closest("td, th").ok().flatten()).filter(|c| card.contains(Some(c)));
        if let Some(c) = cell.or_else(|| query(card, "td")) {
            return c;
        }
    }
    card.clone()
}

/// What identifies a card's content: a recycled node with other content hashes differently.
pub fn content_hash(r: &ReviewInput) -> u64 {
    let flags = format!("{}{}", if r.replied { "r" } else { "" }, if r.modified { "m" } else { "" });
    // A page id (not our own hash of the content) tells apart two reviews with the same words.
    let id = if r.id.starts_with("rt-") { "" } else { r.id.as_str() };
    crate::engine::pipeline::stable_hash(&[
        &r.text,
        r.rating.as_deref().unwrap_or(""),
        r.reviewed_at.as_deref().unwrap_or(""),
        r.append_text.as_deref().unwrap_or(""),
        &flags,
        id,
        r.reply_days_left.as_deref().unwrap_or(""),
    ])
}

// ---------- guessing cards ----------

/// The repeated element that holds review text and a date (see `card_guess`), in document order.
pub fn guess_cards(root: &JsValue) -> Vec<Element> {
    let start = match root.dyn_ref::<web_sys::Document>() {
        Some(d) => d.body().map(Element::from),
        None => root.dyn_ref::<Element>().cloned(),
    };
    let Some(start) = start else { return Vec::new() };
    let Ok(tree) = read_lines(&start, true) else { return Vec::new() };
    let text = tree.text();
    let facts: Vec<LineFacts> = text.split('\n').filter(|l| !l.is_empty()).zip(tree.controls()).map(|(l, c)| if c == 1 { LineFacts::default() } else { card_guess::facts(l) }).collect();
    let at = |i: i32| usize::try_from(i).unwrap_or(0);
    let nodes: Vec<card_guess::Node> = tree
        .meta()
        .chunks_exact(4)
        .map(|m| match *m {
            [parent, first, end, stars] => card_guess::Node { parent: usize::try_from(parent).ok(), lines: at(first)..at(end), stars: at(stars) },
            _ => card_guess::Node::default(),
        })
        .collect();
    let elements = tree.nodes();
    card_guess::choose(&nodes, &facts)
        .map(|m| m.into_iter().filter_map(|i| u32::try_from(i).ok().and_then(|i| elements.get(i).dyn_into::<Element>().ok())).collect())
        .unwrap_or_default()
}

fn candidates(root: &JsValue, adapter: &Adapter) -> Vec<Element> {
    match &adapter.card {
        Some(sel) => query_all(root, sel),
        None => guess_cards(root),
    }
}

/// The adapter for a page: the one whose URL patterns match, else the generic one when it
/// recognises review cards right now; `None` on a page that shows no reviews.
pub fn adapter_for_page(all: &[Adapter], root: &JsValue, url: &str) -> Option<Adapter> {
    if let Some(a) = adapters::for_url(all, url) {
        return Some(a.clone());
    }
    let g = adapters::generic(all)?;
    (!guess_cards(root).is_empty()).then(|| g.clone())
}

/// Reads every card of the page with `adapter`; when it can read none, the generic adapter tries
/// (and the report says so). Ids the page shows twice get `-2`, `-3`… so each card is one review.
pub fn extract(root: &JsValue, adapter: &Adapter, all: &[Adapter], url: &str) -> ExtractReport {
    let warn = |adapter: &str, field: &str, message: String| ExtractWarning { adapter: adapter.into(), field: field.into(), message };
    let platform = adapter.platform_for(url);
    let mut report = read_cards(root, adapter, platform);
    // Nothing readable (no card, or rows of some other table): the generic adapter tries; a
    // fallback keeps the page's platform (the generic adapter knows hosts, not pages).
    if report.cards.is_empty() && adapter.id != adapters::GENERIC {
        if let Some(g) = adapters::generic(all) {
            let mut guessed = read_cards(root, g, platform);
            if !guessed.cards.is_empty() {
                let n = guessed.cards.len();
                guessed.warnings.insert(0, warn(&adapter.id, "card", format!("适配器 {} 在此页面读不到评价卡片，已改用通用识别（{n} 张，猜测）：请核对，或在设置中修正站点适配器", adapter.id)));
                report = guessed;
            }
        }
    }
    if report.candidates.is_empty() {
        report.warnings.insert(0, warn(&adapter.id, "card", format!("适配器 {} 在此页面没有找到评价卡片（页面结构可能已变化，可在设置的站点适配器中修正）", adapter.id)));
    }
    dedupe_ids(&mut report.cards);
    report
}

/// Reads every card candidate of `adapter`, with a warning per field it could not read.
fn read_cards(root: &JsValue, adapter: &Adapter, platform: crate::Platform) -> ExtractReport {
    let candidates = candidates(root, adapter);
    let mut cards = Vec::new();
    for (index, card) in candidates.iter().enumerate() {
        cards.extend(record(card, adapter, platform, index));
    }
    let mut tally = FieldTally { no_text: candidates.len() - cards.len(), ..FieldTally::default() };
    cards.iter().for_each(|x| tally.count(&x.record));
    let warnings = tally.warnings(adapter);
    ExtractReport { adapter: adapter.id.clone(), guessed: adapter.guesses_cards(), cards, candidates, warnings }
}

/// Fields missing on how many cards: counted card by card (the annotator reads cards in slices).
#[derive(Debug, Clone, Default)]
pub struct FieldTally {
    pub no_text: usize,
    pub no_rating: usize,
    pub no_date: usize,
}

impl FieldTally {
    pub fn count(&mut self, r: &ReviewInput) {
        self.no_rating += usize::from(r.rating.is_none());
        self.no_date += usize::from(r.reviewed_at.is_none());
    }

    /// One warning per field the adapter has a rule for but could not read on some card.
    pub fn warnings(&self, adapter: &Adapter) -> Vec<ExtractWarning> {
        let warn = |field: &str, message: String| ExtractWarning { adapter: adapter.id.clone(), field: field.into(), message };
        let mut out = Vec::new();
        if self.no_text > 0 {
            out.push(warn("text", format!("{} 张卡片读不到评价文字", self.no_text)));
        }
        for (field, label, n) in [("rating", "评级", self.no_rating), ("date", "评价日期", self.no_date)] {
            if adapter.fields.contains_key(field) && n > 0 {
                out.push(warn(field, format!("{n} 张卡片读不到{label}")));
            }
        }
        out
    }
}

/// What an incremental scan will read: the adapter (the page's, or the generic one when the
/// page's reads none of its first cards), whether it guesses, the card candidates in document
/// order, and the warnings known before reading (no card, a fallback).
pub struct ScanPlan {
    pub adapter: Adapter,
    pub guessed: bool,
    pub cards: Vec<Element>,
    pub warnings: Vec<ExtractWarning>,
}

/// How many of the page adapter's first candidates are tried before falling back.
const PROBE: usize = 20;

/// Plans a scan without reading every card (see [`extract`] for the one-pass version).
pub fn plan(root: &JsValue, adapter: &Adapter, all: &[Adapter], url: &str) -> ScanPlan {
    let warn = |field: &str, message: String| ExtractWarning { adapter: adapter.id.clone(), field: field.into(), message };
    let platform = adapter.platform_for(url);
    let cards = candidates(root, adapter);
    let readable = cards.iter().take(PROBE).enumerate().any(|(i, c)| record(c, adapter, platform, i).is_some());
    if !readable && adapter.id != adapters::GENERIC {
        if let Some(g) = adapters::generic(all) {
            let guessed = guess_cards(root);
            if !guessed.is_empty() {
                let n = guessed.len();
                let w = warn("card", format!("适配器 {} 在此页面读不到评价卡片，已改用通用识别（{n} 张，猜测）：请核对，或在设置中修正站点适配器", adapter.id));
                return ScanPlan { adapter: g.clone(), guessed: true, cards: guessed, warnings: vec![w] };
            }
        }
    }
    let warnings = if cards.is_empty() {
        vec![warn("card", format!("适配器 {} 在此页面没有找到评价卡片（页面结构可能已变化，可在设置的站点适配器中修正）", adapter.id))]
    } else {
        Vec::new()
    };
    ScanPlan { adapter: adapter.clone(), guessed: adapter.guesses_cards(), cards, warnings }
}

fn dedupe_ids(cards: &mut [Extracted]) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for x in cards.iter_mut() {
        let n = seen.entry(x.record.id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            x.record.id = format!("{}-{}", x.record.id, n);
        }
    }
}

/// A CSS path from the root element to `el` (`html > body:nth-child(2) > …`): how the snapshot
/// path points the content script at guessed cards.
pub fn css_path(el: &Element) -> String {
    let mut parts = Vec::new();
    let mut cur = Some(el.clone());
    while let Some(e) = cur {
        let parent = e.parent_element();
        let tag = e.tag_name().to_ascii_lowercase();
        match &parent {
            Some(p) => {
                let pos = (0..p.children().length()).position(|i| p.children().item(i).as_ref() == Some(&e)).unwrap_or(0) + 1;
                parts.push(format!("{tag}:nth-child({pos})"));
            }
            None => parts.push(tag),
        }
        cur = parent;
    }
    parts.reverse();
    parts.join(" > ")
}

/// Checks the adapters' CSS selectors against the browser's parser (clear error on a typo).
pub fn check_selectors(all: &[Adapter]) -> Result<(), String> {
    let Some(doc) = super::dom::document() else { return Ok(()) };
    let probe = doc.create_document_fragment();
    for a in all {
        for sel in a.selectors() {
            if probe.query_selector(sel).is_err() {
                return Err(format!("adapter {:?}: invalid CSS selector {sel:?}", a.id));
            }
        }
    }
    Ok(())
}
