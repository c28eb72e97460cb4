//! The browser layer (wasm32 only) and its one boundary with JavaScript: the functions below are
//! all the extension's loader, its pages and the demo site call. Everything else in the crate is
//! the pure engine.

mod annotator;
mod dom;
mod drawer;
pub mod extract;
mod panels;
mod store;
pub mod ui;

use crate::model::{Platform, ReviewInput};
use crate::{adapters, dates, lint, Engine, Settings};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Panics show in the console with their message instead of "unreachable".
#[wasm_bindgen(start)]
pub fn init() {
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

fn settings_from(v: JsValue) -> Result<Settings, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(Settings::default());
    }
    serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("settings: {e}")))
}

fn engine_from(v: JsValue) -> Result<Engine, JsError> {
    Engine::new(settings_from(v)?).map_err(|e| JsError::new(&e.to_string()))
}

fn now_from(ms: Option<f64>) -> chrono::DateTime<chrono::FixedOffset> {
    let ms = ms.unwrap_or_else(js_sys::Date::now) as i64;
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&dates::china())
}

/// Annotates review records (the CLI's input shape) at `nowMs` (default: now).
#[wasm_bindgen]
pub fn annotate_reviews(records: JsValue, now_ms: Option<f64>, settings: JsValue) -> Result<JsValue, JsError> {
    let records: Vec<ReviewInput> = serde_wasm_bindgen::from_value(records).map_err(|e| JsError::new(&format!("records: {e}")))?;
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

/// Throws a clear error when the settings object is not valid.
#[wasm_bindgen]
pub fn validate_settings(settings: JsValue) -> Result<(), JsError> {
    let engine = engine_from(settings)?;
    extract::check_selectors(engine.adapters()).map_err(|e| JsError::new(&format!("site adapters: {e}")))
}

/// The built-in site adapters.
#[wasm_bindgen]
pub fn default_adapters() -> Result<JsValue, JsError> {
    to_js(&adapters::builtin())
}

/// Runs the in-page annotator on this document (`{mode, settings, storage, onBadge, nowMs}`).
#[wasm_bindgen]
pub async fn start_page_annotator(options: JsValue) -> Result<(), JsValue> {
    annotator::start(options).await
}

/// For pages whose CSP forbids wasm in the content script: analyse a snapshot of the page in the
/// extension's own context. Returns the card selector, per card (document order) the attributes
/// to set, and the page summary.
#[wasm_bindgen]
pub fn annotate_snapshot(html: &str, url: &str, settings: JsValue, now_ms: Option<f64>) -> Result<JsValue, JsError> {
    let engine = engine_from(settings)?;
    let parser = web_sys::DomParser::new().map_err(|_| JsError::new("no DOMParser here"))?;
    let doc = parser.parse_from_string(html, web_sys::SupportedType::TextHtml).map_err(|_| JsError::new("cannot parse the snapshot"))?;
    let doc_js: JsValue = doc.clone().unchecked_into::<web_sys::Document>().into();
    let adapter = extract::adapter_for_page(engine.adapters(), &doc_js, url).ok_or_else(|| JsError::new("no review cards recognised on this page"))?;
    let now = now_from(now_ms);
    let report = extract::extract(&doc_js, &adapter, engine.adapters(), url);
    // Guessed cards have no selector of their own: point at each by its path in the page.
    let card_selector = match (&adapter.card, report.adapter == adapter.id) {
        (Some(sel), true) => sel.clone(),
        _ => report.candidates.iter().map(extract::css_path).collect::<Vec<_>>().join(", "),
    };
    let meta = report.meta();
    let mut cards = Vec::new();
    let mut rows = Vec::new();
    for x in report.cards {
        let h = format!("{:016x}", extract::content_hash(&x.record));
        let ann = engine.annotate(&x.record, adapter.platform_for(url), now);
        let composed = engine.compose(&x.record, &ann);
        cards.push(serde_json::json!({ "index": x.index, "attrs": annotator::card_attrs(&ann, &h), "annotation": ann }));
        rows.push((ann.priority, annotator::summary_row(&annotator::Entry { record: x.record, ann, composed, card: x.card, text_el: None, text_lead: 0, changed: false })));
    }
    rows.sort_by(|a, b| b.0.cmp(&a.0));
    let needs = rows.iter().filter(|r| r.1["needs_action"] == serde_json::Value::Bool(true)).count();
    let summary = serde_json::json!({
        "version": 1, "annotator": "extension-csp-fallback", "platform": adapter.platform_for(url).id(),
        "page_kind": adapter.page_kind, "adapter": meta.adapter, "guessed": meta.guessed, "warnings": meta.warnings,
        "generated_at": dates::to_rfc3339(now),
        "count": rows.len(), "needs_action": needs, "stats": { "cards": rows.len() },
        "reviews": rows.into_iter().map(|r| r.1).collect::<Vec<_>>(),
    });
    to_js(&serde_json::json!({ "card_selector": card_selector, "host_selector": adapter.host, "cards": cards, "summary": summary }))
}
