//! The page state shared by the annotator, the panels and the drawer (each uses this module, none
//! uses another's state), and the one way to reach it: [`with`].

use super::dom;
use super::store::Store;
use crate::adapters::Adapter;
use crate::dates::china;
use crate::model::{Annotation, Composed, Platform, ReviewInput};
use crate::settings::{ClaimSet, Ticks};
use crate::Engine;
use chrono::DateTime;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use web_sys::{Document, Element, ShadowRoot};

pub const SUMMARY_ID: &str = "review-triage-summary";
pub const FOLLOWUPS_KEY: &str = "rt:followups";

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
    /// Claims the agent confirmed for this review (已补发 …): composed with them on top of the
    /// shop's settings.
    pub confirmed: ClaimSet,
}

impl FollowUp {
    /// Nothing about contacting the buyer is recorded (ticks alone are not a follow-up).
    pub fn no_contact(&self) -> bool {
        self.status.is_empty() && self.attempts == 0 && self.callback.is_empty() && self.note.is_empty()
    }
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

/// A countdown chip in a card's annotation: the tick rewrites its text only when it changes.
pub struct Chip {
    pub el: Element,
    pub label: &'static str,
    pub deadline_ms: f64,
    pub text: String,
}

/// One analysed card.
pub struct Entry {
    pub record: ReviewInput,
    pub ann: Annotation,
    /// Scripts, explanation and lint: composed in idle time for a review that needs action, or
    /// when a panel opens (see [`Entry::awaits_scripts`]).
    pub composed: Option<Composed>,
    pub card: Element,
    /// Where the annotation goes (the adapter's host, the text's cell in a table row, or the card).
    pub place: Element,
    pub host: Option<Element>,
    /// The box holds its chips and buttons (a box away from the screen on a big page is only its
    /// host until it comes near: [`State::build_box`]).
    pub built: bool,
    pub chips: Vec<Chip>,
    pub text_el: Option<Element>,
    pub text_lead: usize,
    pub changed: bool,
    /// When (ms since the epoch) the window, priority or action changes next: re-evaluate then.
    pub due_ms: Option<f64>,
    /// This card's summary row as JSON, until something in it changes.
    pub row_json: Option<String>,
}

impl Entry {
    /// Idle time composes the scripts of a review that needs action (中评/差评, or a cause
    /// found); one that needs none gets them when its 话术 or 解释 panel opens: an apology and a
    /// call to a buyer with nothing to complain of is not a script anyone should use.
    pub fn awaits_scripts(&self) -> bool {
        self.ann.needs_action && self.composed.is_none()
    }
}

impl Entry {
    pub fn shadow(&self) -> Option<ShadowRoot> {
        self.host.as_ref().and_then(Element::shadow_root)
    }
}

/// Whatever a notice, the summary and the drawer must tell about the adapter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub adapter: String,
    /// The field the adapter could not read (`text`, `date`, …), or `settings`, `storage`.
    pub field: String,
    pub message: String,
}

pub struct State {
    pub doc: Document,
    pub url: String,
    pub mode: String,
    pub engine: Engine,
    pub adapter: Adapter,
    /// The cards were guessed from the page's shape (the generic adapter, or a fallback to it).
    pub guessed: bool,
    /// The adapter the last scan read with (`generic` after a fallback).
    pub used_adapter: String,
    pub platform: Platform,
    /// Test clock: when set, the annotator's "now"; `set_annotator_clock` moves it.
    pub now_override: Option<f64>,
    /// Card key → analysis. Pruned to the cards of the last complete scan.
    pub cache: HashMap<u64, Entry>,
    /// Keys of the cards in the page at the last complete scan, in page order.
    pub order: Vec<u64>,
    pub followups: BTreeMap<String, FollowUp>,
    /// Reviews seen on this platform (`crate::seen`: signature and day), persisted as `rt:seen:<platform>`.
    pub seen: crate::seen::Seen,
    pub store: Store,
    /// Errors to show (storage, settings): kept until the user dismisses them.
    pub errors: Vec<String>,
    pub warnings: Vec<Warning>,
    /// Notices the user closed (not shown again on this page).
    pub dismissed: Vec<String>,
    pub stats_ms: f64,
    pub scans: u32,
    pub slices: u32,
    pub longest_slice_ms: f64,
    pub longest_slice_phase: &'static str,
    /// What the current work slice is doing (for the longest-slice diagnosis).
    pub phase: &'static str,
    /// When the current phase began, and the time spent in each phase so far (the benchmark's
    /// breakdown of the annotator's own work).
    pub phase_since: f64,
    pub phase_ms: Vec<(&'static str, f64)>,
    /// When the running slice began (the work loop's clock).
    pub slice_started: f64,
    /// The first scan's cards on screen when it began, and once they all have their boxes: the
    /// annotator's own work until then, and the page's clock then (what a person waits for;
    /// the rest of the page follows in idle slices).
    pub first_screen: Option<FirstScreen>,
    /// Where the work loop resumes composing and serialising rows (an index into `order`).
    pub compose_at: usize,
    pub rows_at: usize,
    pub published_once: bool,
    /// The last summary published was complete.
    pub published_complete: bool,
    /// Publishes so far.
    pub generation: u32,
    pub summary_el: Option<Element>,
    pub summary_dirty: bool,
    pub last_publish_ms: f64,
    pub on_badge: wasm_bindgen::JsValue,
    pub cursor: usize,
    /// Keys whose annotation is on screen (a binary search over card positions at tick time).
    pub visible: HashSet<u64>,
    /// Keys whose box went in hidden (a big page, the card away from the screen), shown as the
    /// card comes near.
    pub hidden: HashSet<u64>,
    pub followups_dirty: bool,
    pub seen_dirty: bool,
    /// Schedules the annotator's work loop (set by the annotator at start).
    pub wake: Rc<dyn Fn()>,
    /// Opens the extension's options page (the loader's `openOptions`); undefined in demo mode.
    pub open_options: wasm_bindgen::JsValue,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
    static DEAD: Cell<bool> = const { Cell::new(false) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// Installs the page state.
pub fn install(state: State) {
    STATE.with(|s| *s.borrow_mut() = Some(state));
    RUNNING.with(|r| r.set(true));
}

/// Removes the page state (the annotator stopped).
pub fn uninstall() {
    STATE.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            *s = None;
        }
    });
}

/// An annotator was started on this page (even if it has since stopped).
pub fn running() -> bool {
    RUNNING.with(Cell::get)
}

/// Runs `f` on the page state, if the annotator is running (never re-entrantly). The state is
/// taken out of its cell while `f` runs, so no borrow can stay behind: after a panic (which aborts
/// the wasm instance mid-call) the state is simply gone and [`dead`] says why.
pub fn with<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    if dead() {
        return None;
    }
    let mut state = STATE.with(|s| s.try_borrow_mut().ok().and_then(|mut s| s.take()))?;
    let r = f(&mut state);
    STATE.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            *s = Some(state);
        }
    });
    Some(r)
}

pub fn dead() -> bool {
    DEAD.with(Cell::get)
}

pub fn mark_dead() {
    DEAD.with(|d| d.set(true));
}

impl State {
    /// Ends the current phase (its time is added to its total) and begins `phase`.
    pub fn enter(&mut self, phase: &'static str) {
        self.flush_phase();
        self.phase = phase;
    }

    /// Adds the time since the current phase (re)started to its total; the phase goes on.
    pub fn flush_phase(&mut self) {
        let t = dom::now_ms();
        let took = t - self.phase_since;
        self.phase_since = t;
        if self.phase.is_empty() {
            return;
        }
        add_to(&mut self.phase_ms, self.phase, took);
    }

    pub fn now_ms(&self) -> f64 {
        self.now_override.unwrap_or_else(dom::now_ms)
    }

    pub fn now(&self) -> DateTime<chrono::FixedOffset> {
        let ms = self.now_ms() as i64;
        DateTime::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&china())
    }

    pub fn fu_key(&self, id: &str) -> String {
        format!("{}:{}", self.platform.id(), id)
    }

    pub fn entry(&self, h: u64) -> Option<&Entry> {
        self.cache.get(&h)
    }

    /// The summary, drawer and badge need refreshing.
    pub fn touch_summary(&mut self) {
        self.summary_dirty = true;
        (self.wake)();
    }

    /// What the agent ticked for review `id`.
    pub fn ticks(&self, id: &str) -> Ticks {
        Ticks { confirmed: self.followups.get(&self.fu_key(id)).map(|f| f.confirmed).unwrap_or_default() }
    }

    /// Composes the scripts and explanation of one card now (a panel is opening), with the
    /// agent's ticks for it.
    pub fn ensure_composed(&mut self, h: u64) {
        if self.cache.get(&h).is_some_and(|e| e.composed.is_none()) {
            self.recompose(h);
        }
    }

    /// Composes one card again (its ticks changed).
    pub fn recompose(&mut self, h: u64) {
        let Some(ticks) = self.cache.get(&h).map(|e| self.ticks(&e.record.id)) else { return };
        let Some(e) = self.cache.get_mut(&h) else { return };
        e.composed = Some(self.engine.compose_with(&e.record, &e.ann, &ticks));
        e.row_json = None;
        self.summary_dirty = true;
    }

    /// The follow-up of review `id` changed: its summary rows must be rebuilt.
    pub fn followup_changed(&mut self, id: &str) {
        for e in self.cache.values_mut().filter(|e| e.record.id == id) {
            e.row_json = None;
        }
        self.save_followups();
        self.touch_summary();
    }

    /// Follow-ups changed: saved shortly (one write for a burst of keystrokes).
    pub fn save_followups(&mut self) {
        self.followups_dirty = true;
        (self.wake)();
    }

    /// The follow-up chip's text for a card, if the agent has recorded one.
    pub fn followup_chip(&self, e: &Entry) -> Option<String> {
        self.followups.get(&self.fu_key(&e.record.id)).filter(|f| !f.status.is_empty()).map(|f| format!("跟进：{} · {}次", status_zh(&f.status), f.attempts))
    }

    /// Fills a card's box if it is only its host yet (see [`Entry::built`]).
    pub fn build_box(&mut self, h: u64) {
        let now_ms = self.now_ms();
        let Some(e) = self.cache.get(&h).filter(|e| !e.built) else { return };
        let Some(shadow) = e.shadow() else { return };
        let status = self.followup_chip(e);
        let chips = super::ui::build(&self.doc, &shadow, &e.ann, e.changed, status.as_deref(), now_ms);
        if let Some(e) = self.cache.get_mut(&h) {
            e.chips = chips;
            e.built = true;
        }
    }

    /// Scrolls a card into view and flashes its annotation.
    pub fn focus(&mut self, h: u64) {
        self.build_box(h);
        let Some(e) = self.cache.get(&h) else { return };
        if let Some(he) = dom::html(&e.card) {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Center);
            he.scroll_into_view_with_scroll_into_view_options(&opts);
        }
        if let Some(root) = e.shadow().and_then(|s| s.query_selector(".rt").ok().flatten()) {
            let _ = root.class_list().remove_1("flash");
            let _ = root.class_list().add_1("flash");
        }
    }
}

/// Builds a small labelled control row.
pub fn labelled(doc: &Document, label: &str, control: &Element) -> Element {
    let l = dom::el(doc, "label", "", label);
    dom::append(&l, &[control]);
    l
}

/// Adds `amount` to `key`'s total in a short list of totals (phases, causes, finding kinds: a
/// handful of keys, where a map would cost more than it saves).
pub fn add_to<K: PartialEq, N: std::ops::AddAssign>(totals: &mut Vec<(K, N)>, key: K, amount: N) {
    match totals.iter_mut().find(|(k, _)| *k == key) {
        Some((_, n)) => *n += amount,
        None => totals.push((key, amount)),
    }
}

/// The first screen of the first scan (see `State::first_screen`).
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct FirstScreen {
    pub cards: usize,
    pub work_ms: f64,
    pub at_ms: f64,
}
