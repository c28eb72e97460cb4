//! The triage bar: an inline strip placed just above the page's review list (never fixed over the
//! page's controls, never on a page without reviews). Collapsed it shows the count to handle and
//! any notice (dismissible); opened, the page's reviews sorted by priority, counts per cause and
//! owner, filters, click to scroll to a card, exports, and keyboard shortcuts (Alt+J / Alt+K next
//! and previous, Alt+S script, Alt+E explanation).

use crate::sorting;
use super::dom::{self, append, attrs, el, get};
use super::state::{self, with, FollowUp, State};
use crate::model::Cause;
use gloo_events::EventListener;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, KeyboardEvent, ShadowRoot};

const CSS: &str = r#"
:host { all: initial; display: block; margin: 4px 0 8px; font: 13px/1.5 -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2328; }
.bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.toggle { background: #0969da; color: #fff; border: 0; border-radius: 6px; padding: 1px 10px; cursor: pointer; font: inherit; font-size: 12px; }
.note { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 0 6px; font-size: 12px; }
.note button { border: 0; background: transparent; cursor: pointer; font: inherit; padding: 0 2px; }
.panel { max-width: 720px; max-height: 60vh; overflow: auto; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 10px; margin-top: 4px; }
h2 { font-size: 15px; margin: 0 0 6px; }
.counts span { display: inline-block; background: #f6f8fa; border-radius: 10px; padding: 0 6px; margin: 2px; font-size: 12px; }
select, button { font: inherit; font-size: 12px; }
ol { padding-left: 20px; margin: 6px 0; }
li { cursor: pointer; padding: 3px 0; border-bottom: 1px solid #f0f0f0; }
li:hover { background: #f6f8fa; }
.p { font-weight: 700; display: inline-block; min-width: 26px; }
.meta { color: #57606a; font-size: 12px; }
.err { color: #a40e26; }
[hidden] { display: none !important; }
"#;

thread_local! {
    static HOST: std::cell::RefCell<Option<Element>> = const { std::cell::RefCell::new(None) };
}

fn shadow() -> Option<ShadowRoot> {
    HOST.with(|h| h.borrow().as_ref().filter(|h| h.is_connected()).and_then(Element::shadow_root))
}

/// Where the bar goes: before the review list (the cards' table, or their parent), and outside
/// any scrolling container (virtualised lists measure their own children).
fn anchor(card: &Element) -> Option<Element> {
    let mut anchor = card.closest("table").ok().flatten().or_else(|| card.parent_element())?;
    let window = web_sys::window()?;
    let mut cur = anchor.parent_element();
    while let Some(p) = cur {
        let tag = p.tag_name().to_ascii_lowercase();
        if tag == "body" || tag == "html" {
            break;
        }
        let overflow = window.get_computed_style(&p).ok().flatten().and_then(|st| st.get_property_value("overflow-y").ok()).unwrap_or_default();
        if overflow == "auto" || overflow == "scroll" {
            anchor = p.clone();
        }
        cur = p.parent_element();
    }
    Some(anchor)
}

/// Adds the bar above the review list that holds `first` (again, when the app re-rendered it
/// away).
pub fn mount(s: &State, first: &Element) {
    if shadow().is_some() {
        return;
    }
    let Some(at) = anchor(first) else { return };
    let doc = &s.doc;
    let Ok(h) = doc.create_element("rt-drawer") else { return };
    attrs(&h, &[("role", "complementary"), ("aria-label", "review-triage 评价分诊")]);
    let Some(sh) = super::ui::open_shadow(&h) else { return };
    super::ui::style_shadow_with(doc, &sh, CSS);
    let bar = el(doc, "div", "bar", "");
    let toggle = el(doc, "button", "toggle", "评价分诊");
    attrs(&toggle, &[("type", "button"), ("data-act", "toggle"), ("aria-expanded", "false")]);
    append(&bar, &[&toggle, &el(doc, "span", "notes", "")]);
    let panel = el(doc, "div", "panel", "");
    attrs(&panel, &[("hidden", "")]);
    let _ = sh.append_child(&bar);
    let _ = sh.append_child(&panel);
    if let Some(parent) = at.parent_node() {
        let _ = parent.insert_before(&h, Some(&at));
    }
    for kind in ["click", "change"] {
        let l = EventListener::new(sh.as_ref(), kind, move |ev: &Event| {
            // Read the target now: once dispatch ends, a shadow-tree event's target is cleared.
            let Some(t) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
            wasm_bindgen_futures::spawn_local(async move {
                with(|s| on_event(s, kind, &t));
            });
        });
        l.forget(); // lives as long as its shadow root
    }
    HOST.with(|c| *c.borrow_mut() = Some(h));
}

/// A notice without the page state (the annotator stopped): inline at the top of the page.
pub fn notice(doc: &Document, text: &str) {
    if let Some(sh) = shadow() {
        if let Some(n) = sh.query_selector(".notes").ok().flatten() {
            append(&n, &[&el(doc, "span", "note err", text)]);
            return;
        }
    }
    let Ok(h) = doc.create_element("rt-notice") else { return };
    let Some(sh) = super::ui::open_shadow(&h) else { return };
    let box_ = el(doc, "div", "", text);
    attrs(&box_, &[("style", "margin:4px 0;background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:2px 8px;font:12px/1.5 sans-serif;color:#1f2328")]);
    let _ = sh.append_child(&box_);
    if let Some(body) = doc.body() {
        let first = body.first_child();
        let _ = body.insert_before(&h, first.as_ref());
    }
}

fn on_event(s: &mut State, kind: &str, t: &Element) {
    let Some(sh) = shadow() else { return };
    let act = t.closest("[data-act]").ok().flatten().and_then(|e| e.get_attribute("data-act")).unwrap_or_default();
    match (kind, act.as_str()) {
        ("click", "toggle") => {
            if let Some(p) = sh.query_selector(".panel").ok().flatten() {
                let open = dom::is_hidden(&p);
                dom::show(&p, open);
                let _ = t.set_attribute("aria-expanded", if open { "true" } else { "false" });
                render(s, &sh);
            }
        }
        ("click", "go") => {
            if let Some(h) = t.closest("[data-h]").ok().flatten().and_then(|e| e.get_attribute("data-h")).and_then(|h| u64::from_str_radix(&h, 16).ok()) {
                s.cursor = sorted(s).iter().position(|x| *x == h).unwrap_or(0);
                s.focus(h);
            }
        }
        ("click", "dismiss") => {
            if let Some(msg) = t.closest("[data-msg]").ok().flatten().and_then(|e| e.get_attribute("data-msg")) {
                s.errors.retain(|e| *e != msg);
                s.warnings.retain(|w| w.message != msg);
                s.dismissed.push(msg);
                s.touch_summary();
            }
        }
        ("click", "export-fu") => download("review-triage-followups.json", "application/json", &pretty(&serde_json::to_string(&s.followups).unwrap_or_default())),
        ("click", "export-csv") => download("review-triage-page.csv", "text/csv;charset=utf-8", &csv(s)),
        ("change", "import-fu") => import(t),
        ("change", _) => render(s, &sh),
        _ => {}
    }
}

/// Hashes of the cards in priority order.
pub fn sorted(s: &State) -> Vec<u64> {
    let mut v: Vec<u64> = s.order.clone();
    sorting::sort_by(&mut v, |a, b| {
        let pa = s.cache.get(a).map_or(0, |e| e.ann.priority);
        let pb = s.cache.get(b).map_or(0, |e| e.ann.priority);
        pb.cmp(&pa)
    });
    v
}

/// Re-renders the drawer if it is open (and always its toggle count).
pub fn refresh(s: &State) {
    if let Some(sh) = shadow() {
        render(s, &sh);
    }
}

fn render(s: &State, sh: &ShadowRoot) {
    let doc = &s.doc;
    let needs = s.order.iter().filter_map(|h| s.cache.get(h)).filter(|e| e.ann.needs_action).count();
    // Written only when they change: this runs at every publish, and even rewriting the same
    // text restyles the bar above the list, which on a big page repaints the whole table.
    if let Some(t) = sh.query_selector(".toggle").ok().flatten() {
        let label = format!("评价分诊 {needs}");
        if t.text_content().as_deref() != Some(label.as_str()) {
            t.set_text_content(Some(&label));
        }
    }
    let shown: Vec<&String> = s.errors.iter().chain(s.warnings.iter().map(|w| &w.message)).filter(|m| !s.dismissed.contains(m)).collect();
    if let Some(notes) = sh.query_selector(".notes").ok().flatten().filter(|n| {
        let now: Vec<String> = super::dom::query_all(&n.clone().into(), ":scope > .note").iter().filter_map(|e| e.get_attribute("data-msg")).collect();
        now.len() != shown.len() || now.iter().zip(&shown).any(|(a, b)| a != *b)
    }) {
        notes.replace_children_with_node_0();
        for msg in shown {
            let n = el(doc, "span", "note", msg);
            attrs(&n, &[("data-msg", msg), ("role", "status")]);
            let x = el(doc, "button", "", "×");
            attrs(&x, &[("type", "button"), ("data-act", "dismiss"), ("aria-label", "关闭提示")]);
            append(&n, &[&x]);
            append(&notes, &[&n]);
        }
    }
    let Some(panel) = sh.query_selector(".panel").ok().flatten() else { return };
    if dom::is_hidden(&panel) {
        return;
    }
    // Keep the chosen filters across re-renders.
    let chosen = |sel: &str| sh.query_selector(sel).ok().flatten().map(|e| get(&e, "value").as_string().unwrap_or_default()).unwrap_or_default();
    let (f_cause, f_owner) = (chosen(".f-cause"), chosen(".f-owner"));
    let only = sh.query_selector(".f-needs").ok().flatten().map_or(true, |e| get(&e, "checked").as_bool().unwrap_or(true));
    panel.replace_children_with_node_0();
    append(&panel, &[&el(doc, "h2", "", &format!("本页 {} 条评价，{} 条需处理", s.order.len(), needs))]);
    let mut by_cause: Vec<(Cause, usize)> = Vec::new();
    let mut by_owner: Vec<(&str, usize)> = Vec::new();
    for e in s.order.iter().filter_map(|h| s.cache.get(h)) {
        for c in &e.ann.causes {
            state::add_to(&mut by_cause, c.tag, 1);
            state::add_to(&mut by_owner, c.owner.zh(), 1);
        }
    }
    sorting::sort_by_key(&mut by_cause, |(c, _)| *c);
    sorting::sort_by_key(&mut by_owner, |(o, _)| *o);
    let counts = el(doc, "div", "counts", "");
    for (c, n) in &by_cause {
        append(&counts, &[&el(doc, "span", "", &format!("{} {n}", c.zh()))]);
    }
    for (o, n) in &by_owner {
        append(&counts, &[&el(doc, "span", "", &format!("{o}责任 {n}"))]);
    }
    let filters = el(doc, "div", "", "");
    let cause_sel = el(doc, "select", "f-cause", "");
    attrs(&cause_sel, &[("aria-label", "按原因筛选")]);
    append(&cause_sel, &[&option(doc, "", "全部原因", &f_cause)]);
    for (c, _) in &by_cause {
        append(&cause_sel, &[&option(doc, c.id(), c.zh(), &f_cause)]);
    }
    let owner_sel = el(doc, "select", "f-owner", "");
    attrs(&owner_sel, &[("aria-label", "按责任方筛选")]);
    for (v, l) in [("", "全部责任方"), ("seller", "商家"), ("logistics", "物流"), ("buyer", "买家"), ("malicious", "恶意"), ("other", "其他")] {
        append(&owner_sel, &[&option(doc, v, l, &f_owner)]);
    }
    let needs_box = el(doc, "input", "f-needs", "");
    attrs(&needs_box, &[("type", "checkbox")]);
    let _ = js_sys::Reflect::set(&needs_box, &"checked".into(), &JsValue::from_bool(only));
    let needs_label = el(doc, "label", "", "只看需处理 ");
    append(&needs_label, &[&needs_box]);
    append(&filters, &[&cause_sel, &owner_sel, &needs_label]);
    let list = el(doc, "ol", "", "");
    for h in sorted(s) {
        let Some(e) = s.cache.get(&h) else { continue };
        if only && !e.ann.needs_action {
            continue;
        }
        if !f_cause.is_empty() && !e.ann.causes.iter().any(|c| c.tag.id() == f_cause) {
            continue;
        }
        if !f_owner.is_empty() && !e.ann.causes.iter().any(|c| c.owner.id() == f_owner) {
            continue;
        }
        let li = el(doc, "li", "", "");
        attrs(&li, &[("data-act", "go"), ("data-h", &format!("{h:016x}"))]);
        let causes: Vec<&str> = e.ann.causes.iter().map(|c| c.tag.zh()).collect();
        let excerpt: String = e.record.text.chars().take(28).collect();
        append(
            &li,
            &[
                &el(doc, "span", "p", &e.ann.priority.to_string()),
                &el(doc, "span", "", &format!("{} {}", e.ann.rating.map_or("?", |r| r.zh()), if causes.is_empty() { "—".into() } else { causes.join("、") })),
                &el(doc, "div", "meta", &format!("{excerpt} · {}", e.ann.reasons.first().cloned().unwrap_or_default())),
            ],
        );
        append(&list, &[&li]);
    }
    let tools = el(doc, "div", "", "");
    let b1 = el(doc, "button", "", "导出跟进 JSON");
    attrs(&b1, &[("type", "button"), ("data-act", "export-fu")]);
    let b2 = el(doc, "button", "", "导出本页 CSV");
    attrs(&b2, &[("type", "button"), ("data-act", "export-csv")]);
    let imp = el(doc, "input", "", "");
    attrs(&imp, &[("type", "file"), ("accept", "application/json"), ("data-act", "import-fu"), ("aria-label", "导入跟进 JSON")]);
    append(&tools, &[&b1, &b2, &labelled_text(doc, "导入跟进：", &imp)]);
    append(&panel, &[&counts, &filters, &list, &tools, &el(doc, "div", "meta", "快捷键：Alt+J/K 下一条/上一条，Alt+S 话术，Alt+E 解释")]);
}

fn labelled_text(doc: &Document, text: &str, control: &Element) -> Element {
    let l = el(doc, "label", "", text);
    append(&l, &[control]);
    l
}

fn option(doc: &Document, value: &str, label: &str, chosen: &str) -> Element {
    let o = el(doc, "option", "", label);
    attrs(&o, &[("value", value)]);
    if value == chosen {
        attrs(&o, &[("selected", "")]);
    }
    o
}

/// CSV of the page's triage (ids, ratings, causes, windows, priority, follow-up).
fn csv(s: &State) -> String {
    let q = |v: &str| format!("\"{}\"", csv_cell(v).replace('"', "\"\""));
    let mut out = String::from("\u{feff}id,platform,rating,priority,causes,window_state,window_deadline,explain_by,followup,attempts,text\n");
    for h in sorted(s) {
        let Some(e) = s.cache.get(&h) else { continue };
        let fu = s.followups.get(&format!("{}:{}", s.platform.id(), e.record.id)).cloned().unwrap_or_default();
        let causes: Vec<&str> = e.ann.causes.iter().map(|c| c.tag.id()).collect();
        let row = [
            q(&e.ann.id),
            q(e.ann.platform.id()),
            q(e.ann.rating.map_or("", |r| r.id())),
            e.ann.priority.to_string(),
            q(&causes.join(",")),
            q(e.ann.window.state.id()),
            q(e.ann.window.deadline.as_deref().unwrap_or("")),
            q(e.ann.window.explain_by.as_deref().unwrap_or("")),
            q(&fu.status),
            fu.attempts.to_string(),
            q(&e.record.text),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// A cell a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`, a tab or a CR gets
/// a leading `'` (OWASP's advice for CSV injection).
pub fn csv_cell(v: &str) -> std::borrow::Cow<'_, str> {
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{v}"))
    } else {
        std::borrow::Cow::Borrowed(v)
    }
}

/// JSON text indented by the browser's `JSON.stringify` (serde_json's pretty printer would be a
/// second copy of the serialiser in the wasm); the text unchanged if it does not parse.
fn pretty(json: &str) -> String {
    js_sys::JSON::parse(json)
        .and_then(|v| js_sys::JSON::stringify_with_replacer_and_space(&v, &JsValue::NULL, &JsValue::from(2)))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| json.to_string())
}

/// Saves text as a file through a Blob URL (no network).
fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let Some(doc) = dom::document() else { return };
    let a = el(&doc, "a", "", "");
    attrs(&a, &[("href", &url), ("download", name)]);
    if let Some(h) = dom::html(&a) {
        h.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Imports follow-ups from a JSON file, merged over the current ones (newer `updated` wins).
fn import(input: &Element) {
    let files = get(input, "files");
    let file = get(&files, "0");
    if file.is_undefined() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let text = match dom::call(&file, "text", &[]) {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&p)).await.ok().and_then(|t| t.as_string()),
            Err(_) => None,
        };
        let parsed = text.as_deref().map(serde_json::from_str::<BTreeMap<String, FollowUp>>);
        with(|s| {
            match parsed {
                Some(Ok(map)) => {
                    for (k, v) in map {
                        let keep = s.followups.get(&k).is_some_and(|old| old.updated > v.updated);
                        if !keep {
                            s.followups.insert(k, v);
                        }
                    }
                    for e in s.cache.values_mut() {
                        e.row_json = None;
                    }
                    s.save_followups();
                }
                Some(Err(e)) => s.errors.push(format!("导入失败：文件不是跟进记录 JSON（{e}），现有记录未改动")),
                None => s.errors.push("导入失败：无法读取文件".into()),
            }
            s.touch_summary();
        });
    });
}

/// Alt+J / Alt+K / Alt+S / Alt+E, ignored while typing in a field.
pub fn keyboard(doc: &Document) -> EventListener {
    // Not passive: the shortcut must not also reach the page.
    EventListener::new_with_options(doc.as_ref(), "keydown", gloo_events::EventListenerOptions::enable_prevent_default(), |ev: &Event| {
        let Some(k) = ev.dyn_ref::<KeyboardEvent>() else { return };
        if !k.alt_key() {
            return;
        }
        let typing = dom::document().and_then(|d| d.active_element()).is_some_and(|a| {
            let tag = a.tag_name().to_ascii_lowercase();
            tag == "input" || tag == "textarea" || a.get_attribute("contenteditable").is_some()
        });
        if typing {
            return;
        }
        let code = k.code();
        let known = matches!(code.as_str(), "KeyJ" | "KeyK" | "KeyS" | "KeyE");
        if !known {
            return;
        }
        ev.prevent_default();
        wasm_bindgen_futures::spawn_local(async move {
            with(|s| {
                let order = sorted(s);
                if order.is_empty() {
                    return;
                }
                match code.as_str() {
                    "KeyJ" => s.cursor = (s.cursor + 1).min(order.len() - 1),
                    "KeyK" => s.cursor = s.cursor.saturating_sub(1),
                    _ => {}
                }
                let Some(&h) = order.get(s.cursor.min(order.len() - 1)) else { return };
                s.focus(h);
                let which = match code.as_str() {
                    "KeyS" => Some("script"),
                    "KeyE" => Some("explain"),
                    _ => None,
                };
                if let (Some(which), Some(e)) = (which, s.cache.get(&h)) {
                    if let Some(sh) = e.shadow() {
                        if let Some(b) = sh.query_selector(&format!("button[data-act=\"{which}\"]")).ok().flatten().and_then(|b| dom::html(&b)) {
                            b.click();
                        }
                    }
                }
            });
        });
    })
}
