//! The browser layer (wasm32 only) and its one boundary with JavaScript: the functions below are
//! all the extension's loader, its pages and the demo site call. Everything else in the crate is
//! the pure engine.

mod annotator;
pub mod dom;
mod drawer;
pub mod extract;
mod panels;
pub mod state;
mod store;
pub mod summary;
pub mod ui;

pub use annotator::{card_key, is_placeholder};
pub use drawer::csv_cell;

use crate::sorting;
use crate::model::{Platform, ReviewInput};
use crate::{adapters, dates, lint, Engine, Settings};
use serde::Serialize;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Panics show in the console with their message, and a running annotator marks itself stopped
/// on the page (`data-rt-annotator-error`, a notice) instead of going silent.
#[wasm_bindgen(start)]
pub fn init() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if state::running() {
            annotator::report_dead(&info.to_string());
        }
    }));
}

/// Values cross the boundary as JSON text (serde_json here, the browser's `JSON.parse` there). The
/// wasm needs serde_json anyway (settings overrides, stored maps, the summary); serde-wasm-bindgen
/// beside it compiled every serialised type a second time: 26 KB of code (7 KB gzipped), measured.
fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    store::json_to_js(v).map_err(|e| JsError::new(&e))
}

/// Settings are read exactly as the CLI reads them (through their JSON text), so an unknown field
/// is refused here too.
fn engine_from(v: JsValue) -> Result<Engine, JsError> {
    if v.is_undefined() || v.is_null() {
        return Engine::new(Settings::default()).map_err(|e| JsError::new(&e.to_string()));
    }
    let json = js_sys::JSON::stringify(&v).ok().and_then(|s| s.as_string()).ok_or_else(|| JsError::new("settings: not a JSON object"))?;
    Engine::from_settings_json(&json).map_err(|e| JsError::new(&e.to_string()))
}

fn now_from(ms: Option<f64>) -> chrono::DateTime<chrono::FixedOffset> {
    let ms = ms.unwrap_or_else(js_sys::Date::now) as i64;
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&dates::china())
}

/// Annotates review records (the CLI's input shape) at `nowMs` (default: now).
#[wasm_bindgen]
pub fn annotate_reviews(records: JsValue, now_ms: Option<f64>, settings: JsValue) -> Result<JsValue, JsError> {
    let records: Vec<ReviewInput> = store::js_to_json(&records).map_err(|e| JsError::new(&format!("records: {e}")))?;
    let engine = engine_from(settings)?;
    let now = now_from(now_ms);
    let out: Vec<_> = records
        .iter()
        .map(|r| {
            let a = engine.annotate(r, Platform::Unknown, now);
            let c = engine.compose(r, &a);
            (a, c)
        })
        .collect();
    let out: Vec<_> = out.iter().map(|(a, c)| crate::model::AnnotatedReview { annotation: a, composed: c }).collect();
    to_js(&out)
}

/// Loads the cause tagger's trained weights (the extension's `pkg/tagger.bin`): every engine built
/// afterwards uses them. Without them the tagger falls back to the lexicon rules alone.
#[wasm_bindgen]
pub fn set_tagger_weights(bytes: &[u8]) -> Result<(), JsError> {
    crate::tagger::set_default_model(bytes).map_err(|e| JsError::new(&e.to_string()))
}

/// Whether trained weights are loaded (the summary and tests report it).
#[wasm_bindgen]
pub fn tagger_model_loaded() -> bool {
    matches!(crate::tagger::default_model(), Ok(Some(_)))
}

/// Lints a draft reply.
#[wasm_bindgen]
pub fn lint_reply(text: &str, max_chars: Option<usize>) -> Result<JsValue, JsError> {
    to_js(&lint::lint(text, max_chars))
}

/// The built-in platform rules.
#[wasm_bindgen]
pub fn platform_rules() -> Result<JsValue, JsError> {
    to_js(&crate::rules::RuleBook::builtin())
}

/// Throws a clear error when the settings object is not valid (unknown fields and CSS selectors
/// the browser cannot parse included).
#[wasm_bindgen]
pub fn validate_settings(settings: JsValue) -> Result<(), JsError> {
    let engine = engine_from(settings)?;
    extract::check_selectors(engine.adapters()).map_err(|e| JsError::new(&format!("site adapters: {e}")))
}

#[derive(Serialize)]
struct ClaimInfo {
    id: String,
    label: &'static str,
    /// `shop`: confirmed once in the settings; `review`: ticked per review, refused in settings.
    scope: &'static str,
    /// How a text states it once confirmed (simplified characters).
    wordings: &'static [&'static str],
}

/// Every claim an explanation or a script may state once confirmed (`settings::Claim`): its id,
/// Chinese label, scope and wordings. The options page lists the shop-scope ones.
#[wasm_bindgen]
pub fn claim_list() -> Result<JsValue, JsError> {
    let list: Vec<ClaimInfo> = crate::settings::Claim::ALL
        .into_iter()
        .map(|c| ClaimInfo {
            id: panels::claim_id(c),
            label: c.label(),
            scope: match c.scope() {
                crate::settings::ClaimScope::Shop => "shop",
                crate::settings::ClaimScope::Review => "review",
            },
            wordings: crate::compose::claim_wordings(c),
        })
        .collect();
    to_js(&list)
}

/// The built-in site adapters, as `data/adapters.json` writes them (the shape a user adapter
/// takes). Handed over as that text: serialising the parsed adapters would put a serialiser for
/// every adapter type in the wasm for this one page.
#[wasm_bindgen]
pub fn default_adapters() -> Result<JsValue, JsError> {
    js_sys::JSON::parse(adapters::BUILTIN).map_err(|_| JsError::new("data/adapters.json is not JSON"))
}

/// Runs the in-page annotator on this document (`{mode, settings, storage, onBadge, openOptions,
/// nowMs}`).
/// Settings that do not validate do not stop it: it runs on the defaults, backs the bad value up
/// under `rt:settings-backup` and says so.
#[wasm_bindgen]
pub async fn start_page_annotator(options: JsValue) -> Result<(), JsValue> {
    annotator::start(options).await
}

/// Stops the in-page annotator (its observers, timers and listeners); annotations stay.
#[wasm_bindgen]
pub fn stop_page_annotator() {
    annotator::stop();
}

/// The page's summary JSON from the annotator's memory (not from the DOM, where a page could
/// plant an element with the same id); `undefined` when the annotator is not running.
#[wasm_bindgen]
pub fn page_summary() -> Option<String> {
    annotator::current_summary()
}

/// How many times the summary has been published: ask for `page_summary` again only when this
/// moved (a page of thousands of cards has megabytes of summary).
#[wasm_bindgen]
pub fn page_summary_generation() -> u32 {
    annotator::generation()
}

/// Moves the annotator's clock to `nowMs` and re-evaluates what is due. Only an annotator started
/// with a `nowMs` override (tests, demos) has a movable clock; returns whether it moved.
#[wasm_bindgen]
pub fn set_annotator_clock(now_ms: f64) -> bool {
    annotator::set_clock(now_ms)
}

/// What the annotator holds: delegated listeners, cached cards, cards on screen, work slices and
/// the longest slice in milliseconds, time per phase, and the first screen (its cards, the work
/// until they had boxes, the page's clock then) — for the churn and speed tests, and diagnosis.
#[wasm_bindgen]
pub fn annotator_stats() -> Result<JsValue, JsError> {
    to_js(&annotator::counters())
}

#[derive(Serialize)]
struct Plan {
    card: String,
    /// Rows after a card that some field reads (Fusion's expanded 追评 rows).
    siblings: Vec<String>,
    /// Rows before a card that some field reads (a group header: 订单编号).
    prev: Vec<String>,
}

/// Strict-CSP path, step 1: which elements of the page the content script copies into the
/// snapshot (the cards, and the rows before or after them some fields read); `null` for a page
/// no adapter knows or whose cards would have to be guessed (guessing needs the whole page).
#[wasm_bindgen]
pub fn snapshot_plan(url: &str, settings: JsValue) -> Result<JsValue, JsError> {
    let engine = engine_from(settings).or_else(|_| engine_from(JsValue::UNDEFINED))?;
    let Some(a) = adapters::for_url(engine.adapters(), url) else { return Ok(JsValue::NULL) };
    let Some(card) = a.card.clone() else { return Ok(JsValue::NULL) };
    let rules = || a.fields.values().flat_map(|r| r.iter());
    let mut siblings: Vec<String> = rules().filter_map(|r| r.sibling.clone()).collect();
    let mut prev: Vec<String> = rules().filter_map(|r| r.prev.clone()).collect();
    sorting::sort_by(&mut siblings, Ord::cmp);
    siblings.dedup();
    sorting::sort_by(&mut prev, Ord::cmp);
    prev.dedup();
    to_js(&Plan { card, siblings, prev })
}

#[derive(Serialize)]
struct SnapCard {
    /// The `data-rt-snap` key the content script gave the card.
    snap: String,
    /// Attributes to set; empty with `clear` for a card that shows no review (placeholder).
    #[serde(serialize_with = "as_object")]
    attrs: Vec<(&'static str, std::borrow::Cow<'static, str>)>,
    clear: bool,
}

/// Attribute pairs as a JSON object (names are unique: `card_attrs` lists each once).
fn as_object<S: serde::Serializer>(pairs: &[(&'static str, std::borrow::Cow<'static, str>)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

#[derive(Serialize)]
struct SnapResult {
    cards: Vec<SnapCard>,
    /// The summary JSON, `<` escaped, ready for the summary element.
    summary: String,
    settings_error: Option<String>,
}

/// Strict-CSP path, step 2, in the extension's own context: analyse a snapshot that holds only
/// the page's cards (each marked `data-rt-snap`) inside bare copies of their ancestors. Results
/// are keyed by `data-rt-snap`, never by position.
#[wasm_bindgen]
pub fn annotate_snapshot(html: &str, url: &str, settings: JsValue, now_ms: Option<f64>) -> Result<JsValue, JsError> {
    let (engine, settings_error) = match engine_from(settings) {
        Ok(e) => (e, None),
        Err(e) => (engine_from(JsValue::UNDEFINED)?, Some(String::from(js_sys::Error::from(JsValue::from(e)).message()))),
    };
    let adapter = adapters::for_url(engine.adapters(), url).cloned().ok_or_else(|| JsError::new("no site adapter for this page"))?;
    let parser = web_sys::DomParser::new().map_err(|_| JsError::new("no DOMParser here"))?;
    let doc = parser.parse_from_string(html, web_sys::SupportedType::TextHtml).map_err(|_| JsError::new("cannot parse the snapshot"))?;
    let now = now_from(now_ms);
    let platform = adapter.platform_for(url);
    let mut cards = Vec::new();
    let mut rows = Vec::new();
    let mut occurrences = HashMap::new();
    let doc_js: JsValue = doc.clone().unchecked_into::<web_sys::Document>().into();
    let mut tally = extract::FieldTally::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let plan = extract::plan(&doc_js, &adapter, engine.adapters(), url);
    for (index, card) in plan.cards.iter().enumerate() {
        let Some(snap) = card.get_attribute("data-rt-snap") else { continue };
        let read = extract::record(card, &adapter, platform, index).map(|x| x.record);
        tally.no_text += usize::from(read.is_none());
        let Some(mut record) = read.filter(|r| !is_placeholder(r)) else {
            cards.push(SnapCard { snap, attrs: Vec::new(), clear: true });
            continue;
        };
        tally.count(&record);
        let n = ids.entry(record.id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            record.id = format!("{}-{}", record.id, n);
        }
        let key = annotator::hex(card_key(&record, &mut occurrences));
        let ann = engine.annotate(&record, platform, now);
        let composed = engine.compose(&record, &ann);
        let next = ann.window.next_change_secs.map(|s| dates::to_rfc3339(now + chrono::Duration::seconds(s.max(1))));
        cards.push(SnapCard { snap, attrs: annotator::card_attrs(&ann, &key), clear: false });
        rows.push(summary::row(&key, &record, &ann, Some(&composed), None, next));
    }
    let mut warnings = plan.warnings;
    warnings.extend(tally.warnings(&adapter));
    let mut sum = summary::Summary {
        version: summary::VERSION,
        annotator: "extension-csp-fallback".into(),
        platform: platform.id().into(),
        page_kind: adapter.page_kind.clone(),
        adapter: adapter.id.clone(),
        guessed: false,
        generated_at: dates::to_rfc3339(now),
        complete: true,
        count: 0,
        needs_action: 0,
        stats: summary::Stats::default(),
        errors: settings_error.iter().map(|e| format!("设置无效（{e}）：本页使用默认设置，原设置已备份到 {}", annotator::SETTINGS_BACKUP_KEY)).collect(),
        warnings,
        reviews: rows,
    };
    sum.finish();
    to_js(&SnapResult { cards, summary: sum.to_json(), settings_error })
}

/// The allocator: talc, faster than Rust's default dlmalloc on wasm (a 1,000-card scan spent ~50 ms
/// in malloc/free) and smaller in the code (BENCHMARKS.md).
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
