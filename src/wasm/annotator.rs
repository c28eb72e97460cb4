//! The in-page annotator: reads the page's review cards through a site adapter, runs the engine,
//! renders one annotation per card, and keeps everything current as the single-page app
//! re-renders, paginates and recycles nodes, and as the clock crosses each card's next boundary.
//!
//! It never holds the main thread for long: all work runs in slices of a few milliseconds that
//! yield to the browser between them (visible cards first, then the rest, then composing scripts
//! and explanations for the summary, then publishing). One MutationObserver (debounced, with a
//! maximum wait) starts rescans, which skip cards whose content and node are unchanged; one
//! IntersectionObserver tells which countdowns are on screen; one timer ticks them and
//! re-evaluates the cards whose boundary has passed.

use crate::sorting;
use super::dom::{self, attrs, get, query_all};
use super::extract::{self, content_hash};
use super::state::{self, with, Entry, State, Warning, FOLLOWUPS_KEY, SUMMARY_ID};
use super::store::Store;
use super::summary::{self, Summary};
use super::{drawer, panels, ui};
use crate::adapters::Adapter;
use crate::engine::pipeline::stable_hash;
use crate::model::{Annotation, Platform, ReviewInput};
use crate::{seen, Engine, Settings};
use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{intern, JsCast};
use web_sys::{Document, Element, Event};

/// One slice of work: well under a frame, so the page stays responsive (small, because on a busy
/// machine a slice can be stretched several times by preemption).
const SLICE_MS: f64 = 5.0;
/// Rescans wait for mutations to settle, but never longer than this after the first one.
const DEBOUNCE_MS: f64 = 60.0;
const MAX_WAIT_MS: f64 = 300.0;
/// Storage writes are batched: at most one per this many milliseconds.
const SAVE_MS: u32 = 250;
/// A changed summary is republished at most this often, and at most once per
/// `PUBLISH_MS_PER_CARD` per card: on a page of thousands of cards each publish writes megabytes.
const PUBLISH_EVERY_MS: f64 = 500.0;
const PUBLISH_MS_PER_CARD: f64 = 2.0;
/// Between the first summary (the triage, before scripts) and the first complete one, at most
/// this often: each publish hands the whole text to the page, decoded at ~40 MB/s (Chinese
/// UTF-8): three publishes of a 3,000-card page's 6 MB summary were a quarter of its work.
const FILLING_REPUBLISH_MS: f64 = 10_000.0;
pub const SETTINGS_BACKUP_KEY: &str = "rt:settings-backup";

/// A scan in progress: the cards found, in the order they are processed (visible ones first).
/// A large summary being written into a detached element, a chunk at a time.
struct Publishing {
    /// Card keys by priority; `pos` is the next to write.
    keys: Vec<u64>,
    pos: usize,
    el: Element,
    needs: usize,
}

/// Summary text appended per step of a publish.
const CHUNK: usize = 128 * 1024;
/// On pages with more cards than this, the boxes of cards more than a screen away go in hidden and
/// are shown as they come near: every frame in which boxes go into a big table lays the whole
/// table out again (measured: ~70 ms of rendering a frame at 3,000 rows, 72 such frames during
/// one scan; ~25 ms at 1,000). A hidden box is not laid out, so inserting it costs no layout.
/// The card's attributes and the summary are complete either way.
const HIDE_OFFSCREEN_ABOVE: usize = 400;
/// On a big page, the first slice draws up to this many on-screen cards whatever its deadline.
const FIRST_SCREEN_MAX: usize = 40;

struct Job {
    /// The adapter this scan reads with (the generic one after a fallback), and whether it guesses.
    adapter: Adapter,
    guessed: bool,
    cards: Vec<Element>,
    pos: usize,
    /// (page position, key) of every card read.
    order: Vec<(usize, u64)>,
    occurrences: HashMap<u64, u32>,
    /// Page ids seen so far: a page showing one twice gets `-2`, `-3`… (one card, one review).
    ids: HashMap<String, usize>,
    tally: extract::FieldTally,
    /// Warnings known when the scan was planned (no card found, a fallback).
    planned: Vec<Warning>,
    /// Cards from this position of `cards` on are away from the screen and get hidden boxes
    /// (`None`: a page small enough to show every box at once).
    hide_from: Option<usize>,
    /// The first card in page order, until the triage bar is put above its list.
    first_card: Option<Element>,
    /// How many cards at the start of `cards` are on screen (for `State::first_screen`).
    on_screen: usize,
}

/// The annotator's machinery (timers, observers, listeners), apart from the page state.
#[derive(Default)]
struct Machinery {
    job: Option<Job>,
    rescan_after: bool,
    debounce: Option<Timeout>,
    pending_since: Option<f64>,
    save_timer: Option<Timeout>,
    publishing: Option<Publishing>,
    timer: Option<Interval>,
    mutations: Option<(web_sys::MutationObserver, Closure<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>)>,
    scroll_timer: Option<Timeout>,
    listeners: Vec<EventListener>,
}

thread_local! {
    static M: RefCell<Machinery> = RefCell::new(Machinery::default());
    static PUMP_QUEUED: Cell<bool> = const { Cell::new(false) };
    static PENDING_FIRST: Cell<bool> = const { Cell::new(false) };
}

fn machinery<R>(f: impl FnOnce(&mut Machinery) -> R) -> Option<R> {
    M.with(|m| m.try_borrow_mut().ok().map(|mut m| f(&mut m)))
}

pub fn hex(h: u64) -> String {
    format!("{h:016x}")
}

/// A card's key: its review id and content, and which occurrence of both it is on the page, so
/// two cards with the same short text ("很好") get two entries.
pub fn card_key(record: &ReviewInput, occurrences: &mut HashMap<u64, u32>) -> u64 {
    let base = stable_hash(&[&record.id, &hex(content_hash(record))]);
    let n = occurrences.entry(base).or_insert(0);
    let key = if *n == 0 { base } else { stable_hash(&[&hex(base), &n.to_string()]) };
    *n += 1;
    key
}

/// A row that is only a placeholder while the app loads ("加载中…"), or whose text is gone.
pub fn is_placeholder(r: &ReviewInput) -> bool {
    let t = r.text.trim().trim_end_matches(['.', '…', '。', ' ']).to_ascii_lowercase();
    matches!(t.as_str(), "加载中" | "正在加载" | "载入中" | "loading") || (t.is_empty() && r.rating.is_none() && r.reviewed_at.is_none())
}

/// The attributes a card gets (also returned to the content script on the strict-CSP path).
/// Values from a fixed set are borrowed: the page path interns them (each string handed to JS is
/// otherwise decoded anew).
pub fn card_attrs(a: &Annotation, key: &str) -> Vec<(&'static str, Cow<'static, str>)> {
    let causes: Vec<&str> = a.causes.iter().map(|c| c.tag.id()).collect();
    let owned = |s: Option<&String>| Cow::Owned(s.cloned().unwrap_or_default());
    vec![
        ("data-rt-id", Cow::Owned(a.id.clone())),
        ("data-rt-hash", Cow::Owned(key.to_string())),
        ("data-rt-causes", Cow::Owned(causes.join(","))),
        ("data-rt-window-state", Cow::Borrowed(a.window.state.id())),
        ("data-rt-window-deadline", owned(a.window.deadline.as_ref())),
        ("data-rt-explain-by", owned(a.window.explain_by.as_ref())),
        ("data-rt-appeal-by", owned(a.window.appeal_by.as_ref())),
        ("data-rt-priority", Cow::Owned(a.priority.to_string())),
        ("data-rt-needs-action", Cow::Borrowed(if a.needs_action { "true" } else { "false" })),
        ("data-rt-rating", Cow::Borrowed(a.rating.map_or("", |r| r.id()))),
        ("data-rt-platform", Cow::Borrowed(a.platform.id())),
    ]
}

pub const CARD_ATTRS: &[&str] = &[
    "data-rt-id",
    "data-rt-hash",
    "data-rt-causes",
    "data-rt-window-state",
    "data-rt-window-deadline",
    "data-rt-explain-by",
    "data-rt-appeal-by",
    "data-rt-priority",
    "data-rt-needs-action",
    "data-rt-rating",
    "data-rt-platform",
];

fn set_card_attrs(card: &Element, a: &Annotation, key: &str) {
    for (k, v) in card_attrs(a, key) {
        if card.get_attribute(intern(k)).as_deref() != Some(&*v) {
            let v = match v {
                Cow::Borrowed(fixed) => intern(fixed),
                Cow::Owned(ref s) => s.as_str(),
            };
            let _ = card.set_attribute(intern(k), v);
        }
    }
}

/// When the annotation computed at `now_ms` must be re-evaluated.
fn due(a: &Annotation, now_ms: f64) -> Option<f64> {
    a.window.next_change_secs.map(|s| now_ms + (s.max(1) as f64) * 1000.0)
}

fn next_change_at(e: &Entry) -> Option<String> {
    let ms = e.due_ms? as i64;
    chrono::DateTime::from_timestamp_millis(ms).map(|d| crate::dates::to_rfc3339(d.with_timezone(&crate::dates::china())))
}

/// Removes our annotation and attributes from a card that no longer shows a review.
fn clear_card(card: &Element) {
    for host in query_all(&card.clone().into(), ui::HOST_TAG) {
        host.remove();
    }
    for a in CARD_ATTRS {
        if card.has_attribute(intern(a)) {
            let _ = card.remove_attribute(intern(a));
        }
    }
}

// ---------------------------------------------------------------- scanning

/// Starts a scan of the page (or, while one runs, another right after it).
fn begin_scan(s: &mut State) {
    let running = machinery(|m| {
        if m.job.is_some() {
            m.rescan_after = true;
        }
        m.job.is_some()
    })
    .unwrap_or(false);
    if running {
        return;
    }
    let doc_js: JsValue = s.doc.clone().into();
    let plan = extract::plan(&doc_js, &s.adapter, s.engine.adapters(), &s.url);
    let first_card = plan.cards.first().cloned();
    let many = plan.cards.len() > HIDE_OFFSCREEN_ABOVE;
    let (cards, near, on_screen) = visible_first(plan.cards);
    let job = Job {
        adapter: plan.adapter,
        guessed: plan.guessed,
        cards,
        pos: 0,
        order: Vec::new(),
        occurrences: HashMap::new(),
        ids: HashMap::new(),
        tally: extract::FieldTally::default(),
        planned: plan.warnings,
        hide_from: many.then_some(near),
        first_card,
        on_screen,
    };
    machinery(|m| m.job = Some(job));
    wake();
}

/// The cards on screen first, then those below, then those above (one layout, binary searches),
/// how many at the start of that order are on or within a screen below it, and how many are on
/// screen.
fn visible_first(cards: Vec<Element>) -> (Vec<Element>, usize, usize) {
    let height = viewport_height();
    let bottom_of = |e: &Element| e.get_bounding_client_rect().bottom();
    let first = cards.partition_point(|c| bottom_of(c) < 0.0);
    let top_before = |limit: f64| cards.get(first..).map_or(0, |rest| rest.partition_point(|c| c.get_bounding_client_rect().top() < limit));
    let (near, on_screen) = (top_before(2.0 * height), top_before(height));
    if first == 0 {
        return (cards, near, on_screen);
    }
    let mut out = Vec::with_capacity(cards.len());
    out.extend(cards.iter().skip(first).cloned());
    out.extend(cards.iter().take(first).cloned());
    (out, near, on_screen)
}

fn viewport_height() -> f64 {
    web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(900.0)
}

/// Processes cards until `deadline`; true when the scan is done.
fn scan_step(s: &mut State, job: &mut Job, deadline: f64) -> bool {
    while job.pos < job.cards.len() {
        // On a big page the boxes on screen go in together (a few dozen at most): each frame
        // with new boxes lays the whole table out again.
        let on_screen = job.hide_from.is_some_and(|near| job.pos < near.min(FIRST_SCREEN_MAX));
        if !on_screen {
            mount_bar(s, job);
        }
        if dom::now_ms() > deadline && !on_screen {
            return false;
        }
        let Some(card) = job.cards.get(job.pos).cloned() else { break };
        let position = job.pos;
        job.pos += 1;
        if !card.is_connected() {
            continue;
        }
        let hidden = job.hide_from.is_some_and(|from| position >= from);
        scan_card(s, job, position, &card, hidden);
        if job.pos == job.on_screen {
            note_first_screen(s, job.on_screen);
        }
    }
    mount_bar(s, job);
    true
}

/// Records the first screen's cost once (the first scan whose on-screen cards are all drawn).
fn note_first_screen(s: &mut State, cards: usize) {
    if s.first_screen.is_none() && cards > 0 {
        let now = dom::now_ms();
        s.first_screen = Some(state::FirstScreen { cards, work_ms: round1(s.stats_ms + now - s.slice_started), at_ms: round1(dom::page_ms()) });
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The triage bar goes above the list in the same slice, so the same frame, as the first boxes:
/// put in later, it moves the whole list down (on a big table a full repaint, 56–110 ms at 3,000
/// rows, measured).
fn mount_bar(s: &State, job: &mut Job) {
    if let Some(first) = job.first_card.take() {
        drawer::mount(s, &first);
    }
}

fn scan_card(s: &mut State, job: &mut Job, position: usize, card: &Element, hidden: bool) {
    s.enter("extract");
    let Some(mut x) = extract::record(card, &job.adapter, s.platform, position) else {
        job.tally.no_text += 1;
        clear_card(card);
        return;
    };
    if is_placeholder(&x.record) {
        clear_card(card);
        return;
    }
    job.tally.count(&x.record);
    let n = job.ids.entry(x.record.id.clone()).or_default();
    *n += 1;
    if *n > 1 {
        x.record.id = format!("{}-{}", x.record.id, n);
    }
    let key = card_key(&x.record, &mut job.occurrences);
    let hs = hex(key);
    job.order.push((position, key));
    let up_to_date = card.get_attribute(intern("data-rt-hash")).as_deref() == Some(hs.as_str())
        && s.cache.get(&key).is_some_and(|e| e.card == *card && e.host.as_ref().is_some_and(|h| h.is_connected() && card.contains(Some(h)) && h.shadow_root().is_some()));
    if up_to_date {
        return;
    }
    // Stale annotations (a recycled node, a re-render or a clone that kept our host) go first.
    for old in query_all(&card.clone().into(), ui::HOST_TAG) {
        old.remove();
    }
    if !s.cache.contains_key(&key) {
        let mut record = x.record;
        // Change awareness: the same review id with another text or rating.
        let sig = format!("{:x}", content_hash(&ReviewInput { text: record.text.clone(), rating: record.rating.clone(), ..Default::default() }));
        let fk = s.fu_key(&record.id);
        let today = (s.now_ms() / 86_400_000.0) as u32;
        let sighting = seen::mark(&mut s.seen, &fk, &sig, today);
        let changed = sighting.changed;
        s.seen_dirty |= sighting.dirty;
        if changed && s.platform == Platform::Taobao {
            record.modified = true; // the one change is spent
        }
        let now = s.now();
        s.enter("engine");
        let ann = s.engine.annotate(&record, s.platform, now);
        let due_ms = due(&ann, s.now_ms());
        s.cache.insert(key, Entry { record, ann, composed: None, card: card.clone(), place: x.host, host: None, built: false, chips: Vec::new(), text_el: x.text_el, text_lead: x.text_lead, changed, due_ms, row_json: None });
    } else if let Some(e) = s.cache.get_mut(&key) {
        e.card = card.clone();
        e.place = x.host;
        e.row_json = None;
        e.text_el = x.text_el;
        e.text_lead = x.text_lead;
    }
    s.enter("render");
    render_entry(s, key, hidden);
}

/// Draws a card's annotation (replacing any it had) and writes its attributes; `hidden`: the box
/// goes in hidden and empty, to be filled and shown when the card comes near the screen
/// ([`reveal_near`]): filling a box is most of drawing it (~100 µs a card), and on a big page
/// most boxes are never looked at.
fn render_entry(s: &mut State, key: u64, hidden: bool) {
    let Some(e) = s.cache.get_mut(&key) else { return };
    let Some((host, _)) = ui::host(&s.doc, &e.ann) else { return };
    let hs = hex(key);
    attrs(&host, &[("data-rt-for", &hs)]);
    if hidden {
        attrs(&host, &[("style", "display:none")]);
    }
    set_card_attrs(&e.card, &e.ann, &hs);
    let place = e.place.clone();
    if let Some(old) = e.host.replace(host.clone()) {
        old.remove();
    }
    e.chips = Vec::new();
    e.built = false;
    // Filled before it goes into the page (one insertion, not one per element).
    if !hidden {
        s.build_box(key);
    }
    let _ = place.append_child(&host);
    if hidden {
        s.hidden.insert(key);
    } else {
        s.hidden.remove(&key);
    }
    s.summary_dirty = true;
}

fn finish_scan(s: &mut State, mut job: Job) {
    sorting::sort_by_key(&mut job.order, |(pos, _)| *pos);
    s.order = job.order.into_iter().map(|(_, k)| k).collect();
    // Caches hold only the cards on the page.
    let live: HashSet<u64> = s.order.iter().copied().collect();
    s.cache.retain(|k, e| {
        let keep = live.contains(k);
        if !keep {
            if let Some(h) = &e.host {
                // A host left in a card that is still on the page but now holds another review.
                if h.is_connected() && !e.card.get_attribute("data-rt-hash").is_some_and(|x| x == hex(*k)) {
                    h.remove();
                }
            }
        }
        keep
    });
    s.visible.retain(|k| live.contains(k));
    // Hidden boxes near the screen are shown by the next tick or scroll, on a clean layout (here,
    // reading geometry could force the big table's layout inside this slice).
    s.hidden.retain(|k| live.contains(k));
    // No card, a fallback, or fields the adapter could not read: the page's markup may have
    // changed under the adapter (settings and storage warnings stay).
    s.warnings.retain(|w| matches!(w.field.as_str(), "settings" | "storage"));
    s.warnings.extend(job.planned);
    s.warnings.extend(job.tally.warnings(&job.adapter));
    s.guessed = job.guessed;
    s.used_adapter = job.adapter.id;
    s.scans += 1;
    s.summary_dirty = true;
}

// ---------------------------------------------------------------- the work loop

/// Schedules the work loop (once): a plain timer task while cards wait to be annotated (it
/// queues behind the page's own timers, never ahead of them), an idle callback when only
/// composing and publishing are left.
pub fn wake() {
    if PUMP_QUEUED.with(|q| q.replace(true)) {
        return;
    }
    let scanning = machinery(|m| m.job.is_some()).unwrap_or(true);
    let cb = Closure::once_into_js(pump);
    let Some(w) = web_sys::window() else { return };
    let idle = !scanning && {
        let opts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&opts, &"timeout".into(), &JsValue::from(500));
        dom::call(&w, "requestIdleCallback", &[cb.clone(), opts.into()]).is_ok()
    };
    if !idle {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 0);
    }
}

fn pump() {
    PUMP_QUEUED.with(|q| q.set(false));
    let t0 = dom::now_ms();
    let more = with(|s| {
        s.phase_since = t0;
        s.slice_started = t0;
        let more = work(s, t0 + SLICE_MS);
        s.flush_phase();
        let took = dom::now_ms() - t0;
        s.stats_ms += took;
        s.slices += 1;
        if took > s.longest_slice_ms {
            s.longest_slice_ms = took;
            s.longest_slice_phase = s.phase;
        }
        more
    })
    .unwrap_or(false);
    if more {
        wake();
    }
}

/// One slice: scanning first, then composing, then publishing. True when work is left.
fn work(s: &mut State, deadline: f64) -> bool {
    s.enter("scan");
    if PENDING_FIRST.with(|p| p.replace(false)) {
        begin_scan(s);
        return true;
    }
    if let Some(mut job) = machinery(|m| m.job.take()).flatten() {
        if !scan_step(s, &mut job, deadline) {
            machinery(|m| m.job = Some(job));
            maybe_publish(s, false);
            return true;
        }
        s.enter("finish-scan");
        finish_scan(s, job);
        if machinery(|m| std::mem::take(&mut m.rescan_after)).unwrap_or(false) {
            begin_scan(s);
            return true;
        }
    }
    schedule_save(s);
    s.enter("publish");
    if !continue_publish(s, deadline) {
        return true;
    }
    s.enter("compose");
    // Compose what the summary still lacks: cards on screen first, then the page in order from
    // where the last slice stopped. Each slice used to walk every card from the start (on a
    // 3,000-card page, ~270 slices × 3,000 lookups: the loop's own biggest cost).
    let mut pending = false;
    let on_screen: Vec<u64> = s.visible.iter().copied().collect();
    for k in on_screen {
        if s.cache.get(&k).is_some_and(Entry::awaits_scripts) {
            if dom::now_ms() > deadline {
                pending = true;
                break;
            }
            s.ensure_composed(k);
        }
    }
    if !pending {
        pending = resume(s, Resume::Compose, deadline);
    }
    // Summary rows are serialised here, within the budget, so that publishing only joins them.
    s.enter("rows");
    if resume(s, Resume::Rows, deadline) {
        return true;
    }
    maybe_publish(s, !pending);
    pending || machinery(|m| m.publishing.is_some()).unwrap_or(false)
}

#[derive(Clone, Copy)]
enum Resume {
    Compose,
    Rows,
}

/// Does one kind of per-card work (composing, or serialising the summary row) for the cards that
/// lack it, in page order from where the last slice stopped, wrapping round once so that a card
/// reset behind the mark is not missed. True when the deadline came first (work is left).
fn resume(s: &mut State, what: Resume, deadline: f64) -> bool {
    let n = s.order.len();
    let start = match what {
        Resume::Compose => s.compose_at,
        Resume::Rows => s.rows_at,
    }
    .min(n);
    let mut stopped_at = None;
    for i in (start..n).chain(0..start) {
        let Some(&k) = s.order.get(i) else { break };
        let lacking = s.cache.get(&k).is_some_and(|e| match what {
            Resume::Compose => e.awaits_scripts(),
            Resume::Rows => e.row_json.is_none(),
        });
        if !lacking {
            continue;
        }
        if dom::now_ms() > deadline {
            stopped_at = Some(i);
            break;
        }
        match what {
            Resume::Compose => s.ensure_composed(k),
            Resume::Rows => build_row(s, k),
        }
    }
    let at = stopped_at.unwrap_or(0);
    match what {
        Resume::Compose => s.compose_at = at,
        Resume::Rows => s.rows_at = at,
    }
    stopped_at.is_some()
}

fn build_row(s: &mut State, k: u64) {
    let fu = s.cache.get(&k).and_then(|e| s.followups.get(&s.fu_key(&e.record.id)).cloned());
    let Some(e) = s.cache.get_mut(&k) else { return };
    let next = next_change_at(e);
    e.row_json = Some(summary::row(&hex(k), &e.record, &e.ann, e.composed.as_ref(), fu.as_ref(), next).to_json());
}

/// Publishes when something changed: at once when the work is done, else at most once a second.
fn maybe_publish(s: &mut State, done: bool) {
    let busy = machinery(|m| m.publishing.is_some()).unwrap_or(false);
    let mut every = PUBLISH_EVERY_MS.max(PUBLISH_MS_PER_CARD * s.order.len() as f64);
    if !s.published_complete {
        every = every.max(FILLING_REPUBLISH_MS);
    }
    // At once: the first summary, and the first complete one; else at most once per `every`
    // (a boundary passing, a follow-up edited), so a big page is not rewritten every second.
    let first_complete = done && !s.published_complete;
    if s.summary_dirty && !busy && (!s.published_once || first_complete || dom::now_ms() - s.last_publish_ms > every) {
        s.enter("publish");
        publish(s);
    }
}

/// The summary's head (everything but the rows), the card keys by priority, and the count of
/// reviews to handle.
fn summary_parts(s: &mut State) -> (Summary, Vec<u64>) {
    let scanning = machinery(|m| m.job.is_some()).unwrap_or(false);
    let mut keys: Vec<u64> = s.order.iter().copied().filter(|k| s.cache.contains_key(k)).collect();
    sorting::sort_by_key(&mut keys, |k| std::cmp::Reverse(s.cache.get(k).map_or(0, |e| e.ann.priority)));
    let (mut needs, mut composed, mut awaited) = (0, 0, 0);
    for e in keys.iter().filter_map(|k| s.cache.get(k)) {
        needs += usize::from(e.ann.needs_action);
        composed += usize::from(e.composed.is_some());
        awaited += usize::from(e.awaits_scripts());
    }
    let head = Summary {
        version: summary::VERSION,
        annotator: if s.mode == "extension" { "extension" } else { "page" }.into(),
        platform: s.platform.id().into(),
        page_kind: s.adapter.page_kind.clone(),
        adapter: s.used_adapter.clone(),
        guessed: s.guessed,
        generated_at: crate::dates::to_rfc3339(s.now()),
        complete: !scanning && awaited == 0,
        count: keys.len(),
        needs_action: needs,
        stats: summary::Stats { annotate_ms: round1(s.stats_ms), scans: s.scans, cards: keys.len(), composed },
        errors: s.errors.clone(),
        warnings: s.warnings.clone(),
        reviews: Vec::new(),
    };
    (head, keys)
}

/// The whole summary JSON at once (the side panel's question; tests).
pub fn summary_json(s: &mut State) -> String {
    let (head, keys) = summary_parts(s);
    for k in &keys {
        if s.cache.get(k).is_some_and(|e| e.row_json.is_none()) {
            build_row(s, *k);
        }
    }
    let rows: Vec<&str> = keys.iter().filter_map(|k| s.cache.get(k).and_then(|e| e.row_json.as_deref())).collect();
    head.to_json_with_rows(&rows)
}

/// Starts writing the summary: into a detached element, a chunk of rows per step, swapped in
/// whole when done, so a page of thousands of cards (megabytes of scripts) is published without
/// one long task and readers never see half of it.
pub fn publish(s: &mut State) {
    let (head, keys) = summary_parts(s);
    s.summary_dirty = false;
    s.last_publish_ms = dom::now_ms();
    s.published_once = true;
    s.published_complete = head.complete;
    let json = head.to_json();
    let open = json.strip_suffix("[]}").unwrap_or(&json).to_string();
    let el = summary_element(&s.doc);
    // The head's two fields readers poll, as attributes: checking them costs nothing, where
    // parsing the summary of thousands of cards (megabytes) is a long task of the reader's own.
    attrs(&el, &[("data-rt-count", &head.count.to_string()), ("data-rt-complete", if head.complete { "true" } else { "false" })]);
    let _ = el.append_child(&s.doc.create_text_node(&format!("{open}[")));
    machinery(|m| m.publishing = Some(Publishing { keys, pos: 0, el, needs: head.needs_action }));
    continue_publish(s, dom::now_ms() + SLICE_MS);
}

/// Continues a publish until `deadline`; true when it is done (or none is running).
fn continue_publish(s: &mut State, deadline: f64) -> bool {
    let Some(mut p) = machinery(|m| m.publishing.take()).flatten() else { return true };
    while p.pos < p.keys.len() {
        if dom::now_ms() > deadline {
            machinery(|m| m.publishing = Some(p));
            return false;
        }
        let mut chunk = String::with_capacity(CHUNK + 4096);
        while chunk.len() < CHUNK {
            let Some(&k) = p.keys.get(p.pos) else { break };
            if s.cache.get(&k).is_some_and(|e| e.row_json.is_none()) {
                build_row(s, k);
            }
            if let Some(row) = s.cache.get(&k).and_then(|e| e.row_json.as_deref()) {
                if p.pos > 0 {
                    chunk.push(',');
                }
                chunk.push_str(row);
            }
            p.pos += 1;
        }
        let _ = p.el.append_child(&dom::long_text_node(&s.doc, &chunk));
    }
    let _ = p.el.append_child(&s.doc.create_text_node("]}"));
    match s.summary_el.clone().filter(|e| e.is_connected()) {
        Some(old) => {
            let _ = old.replace_with_with_node_1(&p.el);
        }
        None => place_summary(&s.doc, &p.el),
    }
    s.summary_el = Some(p.el);
    published(s, p.needs);
    true
}

fn published(s: &mut State, needs: usize) {
    s.generation += 1;
    if let Some(f) = s.on_badge.dyn_ref::<js_sys::Function>() {
        let _ = f.call1(&JsValue::NULL, &JsValue::from(needs as u32));
    }
    if let Some(first) = s.order.first().and_then(|k| s.cache.get(k)).map(|e| e.card.clone()) {
        drawer::mount(s, &first);
    }
    drawer::refresh(s);
}

/// Our own summary element: created by us and kept by reference, placed first in `<head>` so
/// `getElementById` finds it before any element the page planted with the same id (which is left
/// alone).
fn summary_element(doc: &Document) -> Element {
    let e = dom::el(doc, "script", "", "");
    attrs(&e, &[("type", "application/json"), ("id", SUMMARY_ID), ("data-rt-owner", "review-triage")]);
    e
}

fn place_summary(doc: &Document, e: &Element) {
    let parent: Option<Element> = doc.head().map(Into::into).or_else(|| doc.document_element());
    if let Some(p) = parent {
        let first = p.first_child();
        let _ = p.insert_before(e, first.as_ref());
    }
}

/// Storage writes, batched: one write a few hundred milliseconds after the first change.
fn schedule_save(s: &State) {
    if !(s.followups_dirty || s.seen_dirty) {
        return;
    }
    machinery(|m| {
        if m.save_timer.is_none() {
            m.save_timer = Some(Timeout::new(SAVE_MS, || {
                machinery(|m| m.save_timer = None);
                with(flush_storage);
            }));
        }
    });
}

fn flush_storage(s: &mut State) {
    let store = Store::new(s.store.shim_value());
    let followups = std::mem::take(&mut s.followups_dirty).then(|| s.followups.clone());
    if s.seen_dirty {
        let today = (s.now_ms() / 86_400_000.0) as u32;
        seen::prune(&mut s.seen, today);
    }
    let seen = std::mem::take(&mut s.seen_dirty).then(|| (format!("rt:seen:{}", s.platform.id()), s.seen.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(data) = followups {
            if let Err(e) = store.save(FOLLOWUPS_KEY, &data).await {
                let msg = format!("跟进记录保存失败（{e}）：记录仍保留在本页，请导出备份");
                with(|s| {
                    s.errors.retain(|x| *x != msg);
                    s.errors.push(msg);
                    s.touch_summary();
                });
            }
        }
        if let Some((key, seen)) = seen {
            if let Err(e) = store.save_packed(&key, &seen).await {
                web_sys::console::warn_1(&JsValue::from_str(&format!("review-triage: {e}")));
            }
        }
    });
}

// ---------------------------------------------------------------- clock

/// The shared timer: cards whose boundary passed are re-evaluated (state, priority, action,
/// attributes, summary); countdowns on screen are rewritten when their text changes.
fn tick(s: &mut State) {
    let now = s.now_ms();
    let due: Vec<u64> = s.order.iter().copied().filter(|k| s.cache.get(k).and_then(|e| e.due_ms).is_some_and(|d| d <= now)).collect();
    for k in due {
        reevaluate(s, k);
    }
    update_visible(s);
    if s.summary_dirty {
        wake();
    }
}

fn update_chips(s: &mut State, k: u64, now: f64) {
    let Some(e) = s.cache.get_mut(&k) else { return };
    for chip in &mut e.chips {
        let (t, c) = ui::countdown(chip.label, chip.deadline_ms, now);
        if t != chip.text {
            chip.el.set_text_content(Some(&t));
            chip.el.set_class_name(c);
            chip.text = t;
        }
    }
}

/// Recomputes a card at the current time and redraws it in place (open panels stay).
fn reevaluate(s: &mut State, k: u64) {
    let now = s.now();
    let now_ms = s.now_ms();
    let Some(e) = s.cache.get(&k) else { return };
    let ann = s.engine.annotate(&e.record, s.platform, now);
    let status = s.followup_chip(e);
    let Some(e) = s.cache.get_mut(&k) else { return };
    e.due_ms = due(&ann, now_ms);
    e.row_json = None; // next_change_at moved
    s.summary_dirty = true;
    if ann != e.ann {
        e.composed = None; // the scripts mention the deadlines
        e.ann = ann;
        let hs = hex(k);
        set_card_attrs(&e.card, &e.ann, &hs);
        if let Some(host) = &e.host {
            attrs(host, &[("aria-label", &ui::aria_label(&e.ann))]);
            if let Some(root) = host.shadow_root().and_then(|sh| sh.query_selector(".rt").ok().flatten()) {
                e.chips = ui::fill(&s.doc, &root, &e.ann, e.changed, status.as_deref(), now_ms);
            }
        }
        s.summary_dirty = true;
    }
}

/// Moves the test clock (only when the annotator was started with `nowMs`) and ticks.
pub fn set_clock(ms: f64) -> bool {
    with(|s| {
        if s.now_override.is_none() {
            return false;
        }
        s.now_override = Some(ms);
        tick(s);
        true
    })
    .unwrap_or(false)
}

// ---------------------------------------------------------------- observers and events

fn key_of(host: &Element) -> Option<u64> {
    host.get_attribute("data-rt-for").and_then(|h| u64::from_str_radix(&h, 16).ok())
}

/// Cards of the page order whose box lies between `top` and `bottom` (viewport coordinates) and
/// has a height, at most `cap`: a binary search and a walk over a few geometry reads (on a layout
/// that is clean at tick time) rather than observing every card: an observer with thousands of
/// targets costs every frame.
fn cards_between(s: &State, top: f64, bottom: f64, cap: usize) -> Vec<u64> {
    let rect = |k: &u64| s.cache.get(k).map(|e| e.card.get_bounding_client_rect());
    let first = s.order.partition_point(|k| rect(k).is_some_and(|r| r.bottom() < top));
    let mut out = Vec::new();
    for k in s.order.iter().skip(first) {
        match rect(k) {
            Some(r) if r.top() > bottom => break,
            Some(r) if r.height() > 0.0 => out.push(*k),
            _ => {}
        }
        if out.len() >= cap {
            break;
        }
    }
    out
}

/// The cards on screen (for the countdowns; 200 at most: a page of tiny cards).
fn find_visible(s: &mut State) {
    s.visible = cards_between(s, 0.0, viewport_height(), 200).into_iter().collect();
}

/// Shows the hidden boxes of cards within a screen of the viewport; the layout this costs is paid
/// only where the reader looks.
fn reveal_near(s: &mut State) {
    if s.hidden.is_empty() {
        return;
    }
    let height = viewport_height();
    for k in cards_between(s, -height, 2.0 * height, HIDE_OFFSCREEN_ABOVE) {
        if s.hidden.remove(&k) {
            s.build_box(k);
            if let Some(host) = s.cache.get(&k).and_then(|e| e.host.as_ref()) {
                let _ = host.remove_attribute("style");
            }
        }
    }
}

fn update_visible(s: &mut State) {
    // Geometry first, writes after: a read after a write would force the layout right here.
    find_visible(s);
    reveal_near(s);
    let now = s.now_ms();
    let keys: Vec<u64> = s.visible.iter().copied().collect();
    for k in keys {
        update_chips(s, k, now);
    }
}

/// Schedules a rescan after mutations that are not our own.
fn observe(doc: &Document) -> Result<(web_sys::MutationObserver, Closure<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>), JsValue> {
    let cb = Closure::<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>::new(|records: js_sys::Array, _obs| {
        let relevant = records.iter().any(|r| {
            let Ok(r) = r.dyn_into::<web_sys::MutationRecord>() else { return false };
            let Some(target) = r.target() else { return false };
            let el = target.dyn_ref::<Element>().cloned().or_else(|| target.parent_element());
            let ours = el.is_some_and(|e| e.closest("rt-annotation, rt-drawer, rt-notice, #review-triage-summary").ok().flatten().is_some());
            let is_ours = |n: Option<web_sys::Node>| n.and_then(|n| n.dyn_into::<Element>().ok()).is_some_and(|e| matches!(e.tag_name().to_ascii_lowercase().as_str(), "rt-annotation" | "rt-drawer" | "rt-notice"));
            let (added, removed) = (r.added_nodes(), r.removed_nodes());
            let only_ours = r.type_() == "childList" && (0..added.length()).all(|i| is_ours(added.item(i))) && (0..removed.length()).all(|i| is_ours(removed.item(i)));
            !ours && !only_ours
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

/// Debounced rescan with a maximum wait: a page that never stops mutating is still rescanned.
pub fn schedule_scan() {
    let now = dom::now_ms();
    machinery(|m| {
        let since = *m.pending_since.get_or_insert(now);
        let delay = DEBOUNCE_MS.min((MAX_WAIT_MS - (now - since)).max(0.0));
        m.debounce = Some(Timeout::new(delay as u32, || {
            machinery(|m| {
                m.pending_since = None;
                m.debounce = None;
            });
            with(begin_scan);
        }));
    });
}

/// One delegated listener per event type on the document (not per card): events from inside an
/// annotation's open shadow root arrive retargeted to its host, and `composedPath` has the rest.
fn delegate(doc: &Document) -> Vec<EventListener> {
    ["click", "input", "mouseover", "mouseout"]
        .into_iter()
        .map(|kind| {
            EventListener::new(doc.as_ref(), kind, move |ev: &Event| {
                let Some(host) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
                if !host.tag_name().eq_ignore_ascii_case(ui::HOST_TAG) {
                    return;
                }
                let Some(k) = key_of(&host) else { return };
                let Some(inner) = ev.composed_path().get(0).dyn_into::<Element>().ok() else { return };
                // Deferred: the handler never runs while a scan (or a shortcut) holds the state.
                wasm_bindgen_futures::spawn_local(async move {
                    with(|s| panels::handle(s, k, kind, &inner));
                });
            })
        })
        .collect()
}

// ---------------------------------------------------------------- start

/// Settings from the loader: parsed like the CLI parses them (unknown fields refused). Invalid
/// settings do not switch the annotator off: it runs on the defaults and says so.
fn engine_for(settings: &JsValue) -> (Option<Engine>, Option<String>) {
    if settings.is_undefined() || settings.is_null() {
        return (Engine::new(Settings::default()).ok(), None);
    }
    let json = js_sys::JSON::stringify(settings).ok().and_then(|s| s.as_string()).unwrap_or_default();
    match Engine::from_settings_json(&json) {
        Ok(e) => (Some(e), None),
        Err(e) => (Engine::new(Settings::default()).ok(), Some(e.to_string())),
    }
}

/// Stops the annotator: observers disconnected, timers and listeners dropped, state cleared
/// (the annotations already on the page stay).
pub fn stop() {
    if let Some(old) = machinery(std::mem::take) {
        if let Some((obs, _cb)) = &old.mutations {
            obs.disconnect();
        }
    }
    PENDING_FIRST.with(|p| p.set(false));
    state::uninstall();
}

/// Starts the annotator on this document (replacing one already running).
pub async fn start(options: JsValue) -> Result<(), JsValue> {
    stop();
    let doc = dom::document().ok_or_else(|| JsError::new("no document"))?;
    let url = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let mode = get(&options, "mode").as_string().unwrap_or_else(|| "page".into());
    let settings_v = get(&options, "settings");
    let (engine, settings_error) = engine_for(&settings_v);
    let engine = engine.ok_or_else(|| JsError::new("the built-in settings do not build an engine"))?;
    // `adapter` names one explicitly (a user's choice for an unknown page, and the browser tests).
    let forced = get(&options, "adapter").as_string().and_then(|id| engine.adapters().iter().find(|a| a.id == id).cloned());
    let Some(adapter) = forced.or_else(|| extract::adapter_for_page(engine.adapters(), &doc.clone().into(), &url)) else {
        return Ok(()); // not a review page: stay out of the way
    };
    let guessed = adapter.guesses_cards();
    let used_adapter = adapter.id.clone();
    let platform = adapter.platform_for(&url);
    let store = Store::new(get(&options, "storage"));
    let mut errors = Vec::new();
    if let Some(e) = settings_error {
        let kept = store.backup(SETTINGS_BACKUP_KEY, &settings_v).await;
        errors.push(match kept {
            Ok(()) => format!("设置无效（{e}）：本页使用默认设置，原设置已备份到 {SETTINGS_BACKUP_KEY}，请在扩展设置页修正"),
            Err(b) => format!("设置无效（{e}）：本页使用默认设置；备份原设置失败（{b}）"),
        });
    }
    let (followups, e1) = store.load::<BTreeMap<String, state::FollowUp>>(FOLLOWUPS_KEY).await;
    let (seen, e2) = store.load::<BTreeMap<String, String>>(&format!("rt:seen:{}", platform.id())).await;
    errors.extend(e1.into_iter().chain(e2));
    let now_override = get(&options, "nowMs").as_f64();
    let _ = doc.document_element().map(|d| d.set_attribute("data-rt-annotator", if mode == "extension" { "extension" } else { "page" }));
    state::install(State {
        doc: doc.clone(),
        url,
        mode,
        engine,
        adapter,
        guessed,
        used_adapter,
        platform,
        now_override,
        cache: HashMap::new(),
        order: Vec::new(),
        followups,
        seen,
        store,
        errors,
        warnings: Vec::new(),
        dismissed: Vec::new(),
        stats_ms: 0.0,
        scans: 0,
        slices: 0,
        longest_slice_ms: 0.0,
        longest_slice_phase: "",
        phase: "",
        phase_since: 0.0,
        compose_at: 0,
        rows_at: 0,
        phase_ms: Vec::new(),
        slice_started: 0.0,
        first_screen: None,
        published_once: false,
        published_complete: false,
        generation: 0,
        summary_el: None,
        summary_dirty: true,
        last_publish_ms: 0.0,
        on_badge: get(&options, "onBadge"),
        cursor: 0,
        visible: HashSet::new(),
        hidden: HashSet::new(),
        followups_dirty: false,
        seen_dirty: false,
        wake: Rc::new(wake),
        open_options: get(&options, "openOptions"),
    });
    let mutations = observe(&doc)?;
    let mut listeners = delegate(&doc);
    listeners.push(drawer::keyboard(&doc));
    // Countdowns scrolled into view are brought up to date at once, not at the next tick.
    listeners.push(EventListener::new_with_options(doc.as_ref(), "scroll", gloo_events::EventListenerOptions { phase: gloo_events::EventListenerPhase::Capture, passive: true }, |_| {
        machinery(|m| {
            if m.scroll_timer.is_none() {
                m.scroll_timer = Some(Timeout::new(100, || {
                    machinery(|m| m.scroll_timer = None);
                    with(update_visible);
                }));
            }
        });
    }));
    // Batched writes must not be lost when the page goes away.
    if let Some(w) = web_sys::window() {
        listeners.push(EventListener::new(w.as_ref(), "pagehide", |_| {
            with(flush_storage);
        }));
    }
    machinery(|m| {
        m.mutations = Some(mutations);
        m.listeners = listeners;
        m.timer = Some(Interval::new(1000, || {
            with(tick);
        }));
    });
    // The first scan runs in the work loop, not in the loader's task.
    machinery(|m| m.rescan_after = false);
    PENDING_FIRST.with(|p| p.set(true));
    wake();
    Ok(())
}

/// The page's current summary, from memory (the side panel asks for it through the loader).
pub fn current_summary() -> Option<String> {
    with(summary_json)
}

/// How many times the summary was published (the side panel asks again only when it moved).
pub fn generation() -> u32 {
    with(|s| s.generation).unwrap_or(0)
}

/// How many delegated listeners and observed cards the annotator holds (the churn test's check).
pub fn counters() -> Counters {
    let listeners = machinery(|m| m.listeners.len()).unwrap_or(0);
    with(|s| Counters { listeners, cards: s.cache.len(), visible: s.visible.len(), slices: s.slices, longest_slice_ms: s.longest_slice_ms, longest_slice_phase: s.longest_slice_phase, work_ms: s.stats_ms, phase_ms: s.phase_ms.iter().map(|&(p, ms)| (p, round1(ms))).collect(), first_screen: s.first_screen })
        .unwrap_or(Counters { listeners, ..Default::default() })
}

#[derive(serde::Serialize, Default)]
pub struct Counters {
    pub listeners: usize,
    pub cards: usize,
    pub visible: usize,
    pub slices: u32,
    pub longest_slice_ms: f64,
    pub longest_slice_phase: &'static str,
    pub work_ms: f64,
    /// Time per phase of the work (scan: extract, engine, render; compose; rows; publish).
    pub phase_ms: Vec<(&'static str, f64)>,
    /// The first screen: its cards, our work until they all had boxes, and the page's clock then.
    pub first_screen: Option<state::FirstScreen>,
}

/// Marks the annotator as stopped after a panic: the page says so instead of going silent.
pub fn report_dead(message: &str) {
    state::mark_dead();
    let Some(doc) = dom::document() else { return };
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("data-rt-annotator-error", message);
    }
    drawer::notice(&doc, &format!("review-triage 出错已停止（{message}）：请刷新页面；若反复出现，请导出跟进记录并反馈"));
}
