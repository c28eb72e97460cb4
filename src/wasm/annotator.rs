//! The in-page annotator: reads the page's review cards through a site adapter, runs the engine,
//! renders one annotation per card, and keeps everything current as the single-page app
//! re-renders, paginates and recycles nodes. One shared timer ticks every countdown; one
//! MutationObserver (debounced) triggers rescans, which skip cards whose content is unchanged.

use super::dom::{self, append, attrs, el, get, query_all, text_of};
use super::extract::{self, content_hash};
use super::store::Store;
use super::{drawer, ui};
use crate::adapters::Adapter;
use crate::dates::china;
use crate::model::{Annotation, Composed, Platform, ReviewInput};
use crate::Engine;
use chrono::DateTime;
use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, ShadowRoot};

pub const SUMMARY_ID: &str = "review-triage-summary";
const FOLLOWUPS_KEY: &str = "rt:followups";

/// A follow-up on one review (kept in storage, keyed by platform and review id).
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(default)]
pub struct FollowUp {
    /// not_contacted | contacted | thinking | agreed | refused | unreachable
    pub status: String,
    pub callback: String,
    pub note: String,
    pub attempts: u32,
    pub updated: String,
}

pub const STATUSES: &[(&str, &str)] = &[
    ("not_contacted", "未联系"),
    ("contacted", "已联系"),
    ("thinking", "考虑中"),
    ("agreed", "已同意"),
    ("refused", "已拒绝"),
    ("unreachable", "联系不上"),
];

pub fn status_zh(s: &str) -> &'static str {
    STATUSES.iter().find(|(k, _)| *k == s).map_or("未联系", |(_, v)| v)
}

/// One analysed card.
pub struct Entry {
    pub record: ReviewInput,
    pub ann: Annotation,
    pub composed: Composed,
    pub card: Element,
    pub text_el: Option<Element>,
    pub text_lead: usize,
    pub changed: bool,
}

pub struct State {
    pub doc: Document,
    pub url: String,
    pub mode: String,
    pub engine: Engine,
    pub adapter: Adapter,
    pub platform: Platform,
    pub now_override: Option<f64>,
    /// Content hash → analysis; a card whose hash is known is never analysed again.
    pub cache: HashMap<u64, Entry>,
    /// Hashes of the cards in the page at the last scan, in page order.
    pub order: Vec<u64>,
    pub followups: BTreeMap<String, FollowUp>,
    pub seen: BTreeMap<String, String>,
    pub store: Store,
    pub listeners: HashMap<u64, Vec<EventListener>>,
    pub error: Option<String>,
    pub markup_warning: Option<String>,
    /// What the last scan's extraction said (adapter, guessed, warnings).
    pub report: extract::ReportMeta,
    pub stats_ms: f64,
    pub scans: u32,
    pub last_summary: String,
    pub on_badge: JsValue,
    pub cursor: usize,
    debounce: Option<Timeout>,
    _timer: Option<Interval>,
    _observer: Option<(web_sys::MutationObserver, Closure<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>)>,
    _keys: Option<EventListener>,
}

thread_local! {
    pub static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Runs `f` on the page state, if the annotator is running (never re-entrantly).
pub fn with<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    STATE.with(|s| s.try_borrow_mut().ok().and_then(|mut s| s.as_mut().map(f)))
}

impl State {
    pub fn now_ms(&self) -> f64 {
        self.now_override.unwrap_or_else(dom::now_ms)
    }

    fn now(&self) -> DateTime<chrono::FixedOffset> {
        let ms = self.now_ms() as i64;
        DateTime::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&china())
    }

    fn fu_key(&self, id: &str) -> String {
        format!("{}:{}", self.platform.id(), id)
    }

    /// Reads every card, (re)renders the ones whose content changed, updates the summary,
    /// the drawer and the badge.
    pub fn scan(&mut self) {
        let t0 = dom::now_ms();
        let doc_js: JsValue = self.doc.clone().into();
        let now = self.now();
        let now_ms = self.now_ms();
        let mut order = Vec::new();
        let mut rendered = 0usize;
        let mut seen_dirty = false;
        let report = extract::extract(&doc_js, &self.adapter, self.engine.adapters(), &self.url);
        self.report = report.meta();
        for x in report.cards {
            let card = x.card.clone();
            let place = x.host.clone();
            let h = content_hash(&x.record);
            let hs = format!("{h:016x}");
            order.push(h);
            let up_to_date = card.get_attribute("data-rt-hash").as_deref() == Some(hs.as_str())
                && query_all(&card.clone().into(), ui::HOST_TAG).iter().any(|e| e.get_attribute("data-rt-for").as_deref() == Some(hs.as_str()));
            if up_to_date && self.cache.contains_key(&h) {
                continue;
            }
            // Stale annotations (a recycled node, a re-render that kept our host) go first.
            for old in query_all(&card.clone().into(), ui::HOST_TAG) {
                if let Some(old_h) = old.get_attribute("data-rt-for").and_then(|s| u64::from_str_radix(&s, 16).ok()) {
                    self.listeners.remove(&old_h);
                }
                old.remove();
            }
            if !self.cache.contains_key(&h) {
                let mut record = x.record;
                // Change awareness: the same review id with another text or rating.
                let sig = format!("{:x}", content_hash(&ReviewInput { text: record.text.clone(), rating: record.rating.clone(), ..Default::default() }));
                let key = self.fu_key(&record.id);
                let changed = self.seen.get(&key).is_some_and(|old| *old != sig);
                if self.seen.get(&key) != Some(&sig) {
                    self.seen.insert(key, sig);
                    seen_dirty = true;
                }
                if changed && self.platform == Platform::Taobao {
                    record.modified = true; // the one change is spent
                }
                let ann = self.engine.annotate(&record, self.platform, now);
                let composed = self.engine.compose(&record, &ann);
                self.cache.insert(h, Entry { record, ann, composed, card: card.clone(), text_el: x.text_el, text_lead: x.text_lead, changed });
            }
            let entry = self.cache.get_mut(&h).expect("just inserted");
            entry.card = card.clone();
            let fu = self.followups.get(&format!("{}:{}", self.platform.id(), entry.record.id));
            let status = fu.filter(|f| !f.status.is_empty()).map(|f| format!("跟进：{} · {}次", status_zh(&f.status), f.attempts));
            let (host, shadow) = ui::render(&self.doc, &entry.ann, entry.changed, status.as_deref(), now_ms);
            attrs(&host, &[("data-rt-for", &hs)]);
            let _ = place.append_child(&host);
            set_card_attrs(&card, &entry.ann, &hs);
            let l = listen(&shadow, h);
            self.listeners.insert(h, l);
            rendered += 1;
        }
        self.order = order;
        // No card, or fields the adapter could not read: the page's markup may have changed.
        self.markup_warning = self.report.message();
        if rendered > 0 {
            self.stats_ms += dom::now_ms() - t0;
            self.scans += 1;
        }
        self.publish();
        if seen_dirty {
            self.persist_seen();
        }
    }

    /// Writes the summary JSON, refreshes the drawer and the badge.
    pub fn publish(&mut self) {
        let mut reviews: Vec<&Entry> = self.order.iter().filter_map(|h| self.cache.get(h)).collect();
        reviews.sort_by(|a, b| b.ann.priority.cmp(&a.ann.priority));
        let needs = reviews.iter().filter(|e| e.ann.needs_action).count();
        let summary = serde_json::json!({
            "version": 1,
            "annotator": if self.mode == "extension" { "extension" } else { "page" },
            "platform": self.platform.id(),
            "page_kind": self.adapter.page_kind,
            "adapter": self.report.adapter,
            "guessed": self.report.guessed,
            "warnings": self.report.warnings,
            "generated_at": crate::dates::to_rfc3339(self.now()),
            "count": reviews.len(),
            "needs_action": needs,
            "stats": { "annotate_ms": (self.stats_ms * 10.0).round() / 10.0, "scans": self.scans, "cards": reviews.len() },
            "error": self.error,
            "warning": self.markup_warning,
            "reviews": reviews.iter().map(|e| summary_row(e)).collect::<Vec<_>>(),
        });
        let text = summary.to_string();
        if text != self.last_summary {
            write_summary(&self.doc, &text);
            self.last_summary = text;
            if self.on_badge.is_function() {
                let _ = self.on_badge.dyn_ref::<js_sys::Function>().map(|f| f.call1(&JsValue::NULL, &JsValue::from(needs as u32)));
            }
            drawer::refresh(self);
        }
    }

    fn persist_seen(&self) {
        let seen = self.seen.clone();
        let key = format!("rt:seen:{}", self.platform.id());
        let store = Store::new(self.store_shim());
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = store.save(&key, &seen).await {
                web_sys::console::warn_1(&JsValue::from_str(&format!("review-triage: {e}")));
            }
        });
    }

    pub fn store_shim(&self) -> JsValue {
        self.store.shim_value()
    }

    pub fn save_followups(&self) {
        let data = self.followups.clone();
        let store = Store::new(self.store_shim());
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = store.save(FOLLOWUPS_KEY, &data).await {
                let msg = format!("跟进记录保存失败（{e}）：记录仍保留在本页，请导出备份");
                with(|s| {
                    s.error = Some(msg);
                    s.last_summary.clear();
                    s.publish();
                });
            }
        });
    }

    /// The entry whose host is `host_hash`.
    pub fn entry(&self, h: u64) -> Option<&Entry> {
        self.cache.get(&h)
    }

    /// Scrolls a card into view and flashes its annotation.
    pub fn focus(&self, h: u64) {
        let Some(e) = self.cache.get(&h) else { return };
        if let Some(he) = dom::html(&e.card) {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Center);
            he.scroll_into_view_with_scroll_into_view_options(&opts);
        }
        if let Some(root) = shadow_of(&e.card, h).and_then(|s| s.query_selector(".rt").ok().flatten()) {
            let _ = root.class_list().remove_1("flash");
            let _ = root.class_list().add_1("flash");
        }
    }
}

fn set_card_attrs(card: &Element, a: &Annotation, hash: &str) {
    if let serde_json::Value::Object(map) = card_attrs(a, hash) {
        for (k, v) in map {
            // The label belongs to the annotation host (set by ui::render), not the card.
            if k != "aria-label" {
                let _ = card.set_attribute(&k, v.as_str().unwrap_or_default());
            }
        }
    }
}

/// The attributes a card gets (also returned to the content script on the strict-CSP path).
pub fn card_attrs(a: &Annotation, hash: &str) -> serde_json::Value {
    let causes: Vec<&str> = a.causes.iter().map(|c| c.tag.id()).collect();
    serde_json::json!({
        "data-rt-id": a.id,
        "data-rt-hash": hash,
        "data-rt-causes": causes.join(","),
        "data-rt-window-state": a.window.state.id(),
        "data-rt-window-deadline": a.window.deadline.clone().unwrap_or_default(),
        "data-rt-priority": a.priority.to_string(),
        "data-rt-rating": a.rating.map_or("", |r| r.id()),
        "data-rt-platform": a.platform.id(),
        "aria-label": ui::aria_label(a),
    })
}

pub fn summary_row(e: &Entry) -> serde_json::Value {
    let excerpt: String = e.record.text.chars().take(60).collect();
    serde_json::json!({
        "id": e.ann.id,
        "platform": e.ann.platform.id(),
        "rating": e.ann.rating.map(|r| r.id()),
        "causes": e.ann.causes.iter().map(|c| c.tag.id()).collect::<Vec<_>>(),
        "owners": e.ann.causes.iter().map(|c| c.owner.id()).collect::<Vec<_>>(),
        "window_state": e.ann.window.state.id(),
        "window_deadline": e.ann.window.deadline,
        "explain_state": e.ann.window.explain_state,
        "explain_by": e.ann.window.explain_by,
        "priority": e.ann.priority,
        "needs_action": e.ann.needs_action,
        "reasons": e.ann.reasons,
        "warnings": e.ann.warnings,
        "text_excerpt": excerpt,
    })
}

fn write_summary(doc: &Document, text: &str) {
    let existing = doc.get_element_by_id(SUMMARY_ID);
    let script = existing.unwrap_or_else(|| {
        let s = el(doc, "script", "", "");
        attrs(&s, &[("type", "application/json"), ("id", SUMMARY_ID)]);
        match doc.head() {
            Some(h) => {
                let _ = h.append_child(&s);
            }
            None => {
                let _ = doc.document_element().map(|d| d.append_child(&s));
            }
        }
        s
    });
    script.set_text_content(Some(text));
}

pub fn shadow_of(card: &Element, h: u64) -> Option<ShadowRoot> {
    let hs = format!("{h:016x}");
    query_all(&card.clone().into(), ui::HOST_TAG).into_iter().find(|e| e.get_attribute("data-rt-for").as_deref() == Some(hs.as_str())).and_then(|e| e.shadow_root())
}

/// One delegated listener per event type on the card's shadow root.
fn listen(shadow: &ShadowRoot, h: u64) -> Vec<EventListener> {
    let target: &web_sys::EventTarget = shadow.as_ref();
    let mut v = Vec::new();
    for kind in ["click", "input", "change", "mouseover", "mouseout"] {
        v.push(EventListener::new(target, kind, move |ev: &Event| {
            // Read the target now: once dispatch ends, a shadow-tree event's target is cleared.
            let Some(el) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
            // Deferred so the handler never runs while a scan (or a shortcut) holds the state.
            wasm_bindgen_futures::spawn_local(async move {
                with(|s| super::panels::handle(s, h, kind, &el));
            });
        }));
    }
    v
}

/// Starts the annotator on this document.
pub async fn start(options: JsValue) -> Result<(), JsValue> {
    let doc = dom::document();
    let url = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let mode = get(&options, "mode").as_string().unwrap_or_else(|| "page".into());
    let settings_v = get(&options, "settings");
    let settings: crate::Settings = if settings_v.is_undefined() || settings_v.is_null() {
        crate::Settings::default()
    } else {
        serde_wasm_bindgen::from_value(settings_v).map_err(|e| JsError::new(&format!("settings: {e}")))?
    };
    let engine = Engine::new(settings).map_err(|e| JsError::new(&e.to_string()))?;
    // `adapter` names one explicitly (a user's choice for an unknown page, and the browser tests).
    let forced = get(&options, "adapter").as_string().and_then(|id| engine.adapters().iter().find(|a| a.id == id).cloned());
    let Some(adapter) = forced.or_else(|| extract::adapter_for_page(engine.adapters(), &doc.clone().into(), &url)) else {
        return Ok(()); // not a review page: stay out of the way
    };
    let platform = adapter.platform_for(&url);
    let store = Store::new(get(&options, "storage"));
    let (followups, e1) = store.load::<BTreeMap<String, FollowUp>>(FOLLOWUPS_KEY).await;
    let (seen, e2) = store.load::<BTreeMap<String, String>>(&format!("rt:seen:{}", platform.id())).await;
    let now_override = get(&options, "nowMs").as_f64();
    let _ = doc.document_element().map(|d| d.set_attribute("data-rt-annotator", if mode == "extension" { "extension" } else { "page" }));
    inject_highlight_style(&doc);
    let state = State {
        doc: doc.clone(),
        url,
        mode,
        engine,
        adapter,
        platform,
        now_override,
        cache: HashMap::new(),
        order: Vec::new(),
        followups,
        seen,
        store,
        listeners: HashMap::new(),
        error: e1.or(e2),
        markup_warning: None,
        report: extract::ReportMeta::default(),
        stats_ms: 0.0,
        scans: 0,
        last_summary: String::new(),
        on_badge: get(&options, "onBadge"),
        cursor: 0,
        debounce: None,
        _timer: None,
        _observer: None,
        _keys: None,
    };
    STATE.with(|s| *s.borrow_mut() = Some(state));
    drawer::mount();
    with(State::scan);
    let timer = Interval::new(1000, || {
        with(tick);
    });
    let observer = observe(&doc)?;
    let keys = drawer::keyboard(&doc);
    with(|s| {
        s._timer = Some(timer);
        s._observer = Some(observer);
        s._keys = Some(keys);
    });
    Ok(())
}

fn inject_highlight_style(doc: &Document) {
    // The Custom Highlight API paints evidence on the page's own text nodes without touching them.
    let style = el(doc, "style", "", "::highlight(rt-evidence) { background: #ffd33d; color: #1f2328; }");
    attrs(&style, &[("data-rt", "highlight")]);
    if let Some(h) = doc.head() {
        let _ = h.append_child(&style);
    }
}

/// Schedules a rescan after mutations that are not our own.
fn observe(doc: &Document) -> Result<(web_sys::MutationObserver, Closure<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>), JsValue> {
    let cb = Closure::<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>::new(|records: js_sys::Array, _obs| {
        let relevant = records.iter().any(|r| {
            let Ok(r) = r.dyn_into::<web_sys::MutationRecord>() else { return false };
            let Some(target) = r.target() else { return false };
            let el = target.dyn_ref::<Element>().cloned().or_else(|| target.parent_element());
            let ours = el.is_some_and(|e| e.closest("rt-annotation, rt-drawer, #review-triage-summary").ok().flatten().is_some());
            let only_hosts = r.type_() == "childList"
                && r.removed_nodes().length() == 0
                && (0..r.added_nodes().length()).all(|i| r.added_nodes().item(i).and_then(|n| n.dyn_into::<Element>().ok()).is_some_and(|e| e.tag_name().eq_ignore_ascii_case(ui::HOST_TAG) || e.tag_name().eq_ignore_ascii_case("rt-drawer")));
            !ours && !only_hosts
        });
        if relevant {
            schedule_scan();
        }
    });
    let obs = web_sys::MutationObserver::new(cb.as_ref().unchecked_ref())?;
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_character_data(true);
    let root: web_sys::Node = doc.body().map(Into::into).unwrap_or_else(|| doc.clone().into());
    obs.observe_with_options(&root, &init)?;
    Ok((obs, cb))
}

pub fn schedule_scan() {
    with(|s| {
        s.debounce = Some(Timeout::new(60, || {
            with(State::scan);
        }));
    });
}

/// The shared timer: every countdown chip on the page. Per-minute text, per-second in the last hour.
fn tick(s: &mut State) {
    let now = s.now_ms();
    let whole_minute = (now / 1000.0) as u64 % 60 == 0;
    for h in s.order.clone() {
        let Some(e) = s.cache.get(&h) else { continue };
        let Some(shadow) = shadow_of(&e.card, h) else { continue };
        for chip in query_all(&shadow.clone().into(), "[data-deadline]") {
            let Some(d) = chip.get_attribute("data-deadline").and_then(|d| d.parse::<f64>().ok()) else { continue };
            let near = d - now < 3_600_000.0 && d - now > -2000.0;
            if near || whole_minute {
                let label = chip.get_attribute("data-label").unwrap_or_default();
                let (t, c) = ui::countdown(&label, d, now);
                if text_of(&chip) != t {
                    chip.set_text_content(Some(&t));
                    chip.set_class_name(c);
                }
            }
        }
    }
}

/// Builds a small labelled control row.
pub fn labelled(doc: &Document, label: &str, control: &Element) -> Element {
    let l = el(doc, "label", "", label);
    append(&l, &[control]);
    l
}
