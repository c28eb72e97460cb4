//! The annotation shown next to each card: a shadow root (page CSS cannot reach in, ours cannot
//! leak out) holding cause chips coloured by owner, countdown chips, the priority, the action and
//! buttons for the script, explanation and follow-up panels (built on first open).

use super::dom::{append, attrs, el, label};
use wasm_bindgen::intern;
use crate::dates::format_remaining;
use crate::model::{Annotation, ExplainState, Owner, Rating, WindowState};
use chrono::DateTime;
use super::state::Chip;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

pub const HOST_TAG: &str = "rt-annotation";

pub const CSS: &str = r#"
:host { all: initial; display: block; contain: content; margin: 6px 0; font: 13px/1.5 -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2328; }
.rt { border: 1px solid #d0d7de; border-left: 4px solid #8c959f; border-radius: 6px; padding: 6px 8px; background: #fff; }
.rt.p-high { border-left-color: #cf222e; } .rt.p-mid { border-left-color: #bf8700; } .rt.p-low { border-left-color: #1a7f37; }
.rt.flash { animation: flash 1.2s ease-out 2; }
@keyframes flash { 50% { background: #fff8c5; } }
.row { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.chip, .badge, .rating, .cd, .flag, .fu { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; white-space: nowrap; }
.badge { background: #24292f; color: #fff; font-weight: 600; }
.rating.bad { background: #ffebe9; color: #a40e26; } .rating.neutral { background: #fff8c5; color: #7d4e00; } .rating.good { background: #dafbe1; color: #116329; } .rating.unknown { background: #eaeef2; }
.chip { cursor: help; border: 1px solid transparent; }
.owner-seller { background: #ffebe9; color: #82071e; border-color: #ffcecb; }
.owner-logistics { background: #ddf4ff; color: #0a3069; border-color: #b6e3ff; }
.owner-buyer { background: #eaeef2; color: #424a53; border-color: #d0d7de; }
.owner-malicious { background: #8250df; color: #fff; }
.owner-other { background: #f6f8fa; color: #57606a; border-color: #d0d7de; }
.cd { background: #dafbe1; color: #116329; } .cd.warn { background: #fff8c5; color: #7d4e00; } .cd.urgent { background: #cf222e; color: #fff; } .cd.done { background: #eaeef2; color: #57606a; }
.flag { background: #fff8c5; color: #7d4e00; cursor: help; } .flag.changed { background: #8250df; color: #fff; } .flag.approx { background: #eaeef2; color: #424a53; padding: 0 5px; } .flag.rule-warn { background: #ffebe9; color: #a40e26; }
.fu { background: #ddf4ff; color: #0a3069; }
button { font: inherit; font-size: 12px; border: 1px solid #d0d7de; background: #f6f8fa; border-radius: 6px; padding: 1px 8px; cursor: pointer; }
button:hover { background: #eaeef2; } button.on { background: #0969da; color: #fff; border-color: #0969da; }
.action { color: #57606a; font-size: 12px; margin-top: 2px; } .action .warn { color: #a40e26; }
.panel { margin-top: 6px; border-top: 1px dashed #d0d7de; padding-top: 6px; }
.panel pre { white-space: pre-wrap; font: inherit; background: #f6f8fa; padding: 6px; border-radius: 6px; margin: 4px 0; max-height: 320px; overflow: auto; }
.panel textarea { width: 100%; box-sizing: border-box; font: inherit; min-height: 90px; }
.panel ul { margin: 4px 0; padding-left: 18px; color: #424a53; }
.lint li { color: #7d4e00; } .lint li.block { color: #a40e26; } .lint li.ok, .ok { color: #1a7f37; } .warn-text { color: #a40e26; font-weight: 600; }
.block-reason { color: #a40e26; font-size: 12px; font-weight: 600; margin: 2px 0; }
button[aria-disabled="true"] { opacity: .55; cursor: not-allowed; }
.stale { color: #7d4e00; font-size: 12px; margin: 2px 0; } .stale button { margin-left: 6px; }
.claims { font-size: 12px; margin: 4px 0; padding: 4px 6px; background: #f6f8fa; border-radius: 6px; }
.claims-head { color: #424a53; margin-bottom: 2px; }
.claims label.claim { display: inline-flex; align-items: center; gap: 2px; margin: 0 10px 0 0; font-size: 12px; }
.claims label.claim.pending span:first-of-type { background: #fff8c5; color: #7d4e00; border-radius: 3px; }
.claims .scope { color: #57606a; }
.claims-hint { color: #57606a; margin-top: 2px; } .claims-hint button { margin-left: 6px; }
.panel textarea.script-text { min-height: 60px; background: #f6f8fa; }
.status { margin-left: 6px; color: #57606a; font-size: 12px; }
label { margin-right: 8px; font-size: 12px; }
[hidden] { display: none !important; }
"#;

/// Priority band for colour.
pub fn band(p: u8) -> &'static str {
    match p {
        70..=100 => "p-high",
        40..=69 => "p-mid",
        _ => "p-low",
    }
}

fn owner_class(o: Owner) -> &'static str {
    match o {
        Owner::Seller => "owner-seller",
        Owner::Logistics => "owner-logistics",
        Owner::Buyer => "owner-buyer",
        Owner::Malicious => "owner-malicious",
        Owner::Other => "owner-other",
    }
}

/// Milliseconds since the epoch of an RFC 3339 deadline.
pub fn deadline_ms(s: &Option<String>) -> Option<f64> {
    s.as_deref().and_then(|d| DateTime::parse_from_rfc3339(d).ok()).map(|d| d.timestamp_millis() as f64)
}

/// Text and urgency class of a countdown chip.
pub fn countdown(label: &str, deadline_ms: f64, now_ms: f64) -> (String, &'static str) {
    let secs = ((deadline_ms - now_ms) / 1000.0).floor() as i64;
    let class = match secs {
        s if s <= 0 => "cd done",
        s if s < 86_400 => "cd urgent",
        s if s < 3 * 86_400 => "cd warn",
        _ => "cd",
    };
    let text = if secs <= 0 {
        format!("{label}已截止")
    } else if secs < 3600 {
        format!("{label}剩 {}分{:02}秒", secs / 60, secs % 60)
    } else {
        format!("{label}剩 {}", format_remaining(secs))
    };
    (text, class)
}

/// The accessible summary of an annotation (also what automation agents can read).
pub fn aria_label(a: &Annotation) -> String {
    let rating = a.rating.map_or("评级未知", Rating::zh);
    let causes = if a.causes.is_empty() { "未识别原因".to_string() } else { a.causes.iter().map(|c| c.tag.zh()).collect::<Vec<_>>().join("、") };
    let w = &a.window;
    let mut parts = vec![match (w.state, w.remaining_secs) {
        (WindowState::Open | WindowState::Closing, Some(s)) => format!("修改窗口剩{}", format_remaining(s)),
        (WindowState::Closed, _) => "修改窗口已关闭".into(),
        (WindowState::Used, _) => "修改机会已用".into(),
        (WindowState::NotModifiable, _) => "不可修改".into(),
        _ => "修改期限未知".into(),
    }];
    match w.appeal_remaining_secs {
        Some(s) if s > 0 => parts.push(format!("申诉剩{}", format_remaining(s))),
        Some(_) => parts.push("申诉已截止".into()),
        None => {}
    }
    if w.approximate {
        parts.push("期限为估算".into());
    }
    if w.unverified {
        parts.push("规则未核实".into());
    }
    if w.warning.is_some() {
        parts.push("页面与规则不符".into());
    }
    format!("review-triage：{rating} · {causes} · {} · 优先级 {}", parts.join(" · "), a.priority)
}

thread_local! {
    /// One constructable stylesheet per CSS text, adopted by every shadow root that uses it: the
    /// browser parses our CSS once instead of once per card. Kept as the one-sheet array every
    /// root is given, and whether a root was seen to take it.
    static SHEETS: std::cell::RefCell<Vec<(&'static str, js_sys::Array, bool)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `[sheet]` for `css`, and whether adopting it has been seen to work.
fn shared_sheet(css: &'static str) -> Option<(js_sys::Array, bool)> {
    use super::dom::{call, get};
    SHEETS.with(|cell| {
        if let Some((_, a, ok)) = cell.borrow().iter().find(|(c, _, _)| std::ptr::eq(*c, css)) {
            return Some((a.clone(), *ok));
        }
        let window = web_sys::window().map(wasm_bindgen::JsValue::from)?;
        let ctor: js_sys::Function = get(&window, "CSSStyleSheet").dyn_into().ok()?;
        let sheet = js_sys::Reflect::construct(&ctor, &js_sys::Array::new()).ok()?;
        call(&sheet, "replaceSync", &[wasm_bindgen::JsValue::from_str(css)]).ok()?;
        let one = js_sys::Array::of1(&sheet);
        cell.borrow_mut().push((css, one.clone(), false));
        Some((one, false))
    })
}

thread_local! {
    static OPEN: ShadowRootInit = ShadowRootInit::new(ShadowRootMode::Open);
}

/// An open shadow root on `host` (the options object made once, not per card).
pub fn open_shadow(host: &Element) -> Option<ShadowRoot> {
    OPEN.with(|init| host.attach_shadow(init).ok())
}

/// Gives a shadow root the annotation CSS.
pub fn style_shadow(doc: &Document, shadow: &ShadowRoot) {
    style_shadow_with(doc, shadow, CSS);
}

/// Gives a shadow root `css`: the shared sheet, or a `<style>` where constructable sheets are
/// refused (a document other than the one the sheet was made for: the setter throws). Whether
/// the root took it is checked until it has once (two calls into JS fewer per card after).
pub fn style_shadow_with(doc: &Document, shadow: &ShadowRoot, css: &'static str) {
    let adopted = shared_sheet(css).is_some_and(|(sheet, seen_working)| {
        let set = js_sys::Reflect::set(shadow, &wasm_bindgen::intern("adoptedStyleSheets").into(), &sheet).unwrap_or(false);
        set && (seen_working || {
            let ok = shadow_has_sheet(shadow);
            SHEETS.with(|cell| cell.borrow_mut().iter_mut().filter(|(c, _, _)| std::ptr::eq(*c, css)).for_each(|e| e.2 = ok));
            ok
        })
    });
    if !adopted {
        let _ = shadow.append_child(&el(doc, "style", "", css));
    }
}

fn shadow_has_sheet(shadow: &ShadowRoot) -> bool {
    super::dom::get(shadow, "adoptedStyleSheets").dyn_into::<js_sys::Array>().is_ok_and(|a| a.length() == 1)
}

/// Builds the annotation host for one card. `status` is the follow-up summary, if any.
pub fn render(doc: &Document, a: &Annotation, changed: bool, status: Option<&str>, now_ms: f64) -> Option<(Element, ShadowRoot, Vec<Chip>)> {
    let (host, shadow) = host(doc, a)?;
    let chips = build(doc, &shadow, a, changed, status, now_ms);
    Some((host, shadow, chips))
}

/// The host of a card's box with its (empty) shadow root and accessible summary: what a box away
/// from the screen on a big page is until it comes near ([`build`] then).
pub fn host(doc: &Document, a: &Annotation) -> Option<(Element, ShadowRoot)> {
    let host = doc.create_element(HOST_TAG).ok()?;
    attrs(&host, &[("role", "region"), ("aria-label", &aria_label(a))]);
    let shadow = open_shadow(&host)?;
    Some((host, shadow))
}

/// Fills an empty box: the stylesheet, the chips, the action line and the buttons.
pub fn build(doc: &Document, shadow: &ShadowRoot, a: &Annotation, changed: bool, status: Option<&str>, now_ms: f64) -> Vec<Chip> {
    style_shadow(doc, shadow);
    let root = el(doc, "div", "rt", "");
    let chips = fill(doc, &root, a, changed, status, now_ms);
    let _ = shadow.append_child(&root);
    chips
}

/// (Re)builds the chip row and the action line of an annotation's `.rt` root; open panels stay.
pub fn fill(doc: &Document, root: &Element, a: &Annotation, changed: bool, status: Option<&str>, now_ms: f64) -> Vec<Chip> {
    root.set_class_name(&format!("rt {}", band(a.priority)));
    // A root being redrawn (a new box has no children yet: no query).
    if root.first_child().is_some() {
        for old in super::dom::query_all(&root.clone().into(), ":scope > .row.main, :scope > .action.main") {
            old.remove();
        }
    }
    let mut chips = Vec::new();
    let row = el(doc, "div", "row main", "");
    append(&row, &[&el(doc, "span", "badge", &format!("优先 {}", a.priority))]);
    let (rc, rt) = match a.rating {
        Some(r) => (r.id(), r.zh()),
        None => ("unknown", "评级未知"),
    };
    append(&row, &[&label(doc, "span", &format!("rating {rc}"), rt)]);
    // A whole percent through integer formatting: a float `{:.0}` pulls ~20 KB of float
    // formatting code into the wasm for this one title.
    let percent = |x: f32| (x.clamp(0.0, 1.0) * 100.0).round() as u32;
    for c in &a.causes {
        let chip = label(doc, "span", &format!("chip {}", owner_class(c.owner)), c.tag.zh());
        let words: Vec<&str> = c.evidence.iter().map(|e| e.text.as_str()).collect();
        attrs(&chip, &[("data-tag", c.tag.id()), ("title", &format!("{} · {} · 触发词：{}（置信度 {}%）", c.tag.zh(), c.owner.zh(), words.join("、"), percent(c.confidence)))]);
        append(&row, &[&chip]);
    }
    if a.causes.is_empty() && a.needs_action {
        append(&row, &[&label(doc, "span", "chip owner-other", "原因待人工判断")]);
    }
    let w = &a.window;
    // A coarse page date: every deadline is the earliest it can be.
    let approx = if w.approximate { "（按页面的粗略时间估算，为最早可能的时间）" } else { "" };
    let mut countdown_chip = |label: &'static str, d: f64, title: String| {
        let (t, c) = countdown(label, d, now_ms);
        let chip = el(doc, "span", c, &t);
        attrs(&chip, &[("data-deadline", &(d as i64).to_string()), ("data-label", label), ("title", &title)]);
        append(&row, &[&chip]);
        chips.push(Chip { el: chip, label, deadline_ms: d, text: t });
    };
    if let (WindowState::Open | WindowState::Closing, Some(d)) = (w.state, deadline_ms(&w.deadline)) {
        countdown_chip("修改", d, format!("买家可修改评价至 {}{approx}", w.deadline.as_deref().unwrap_or("")));
    } else {
        let t = match w.state {
            WindowState::Closed => "修改窗口已关闭",
            WindowState::Used => "修改机会已用",
            WindowState::NotModifiable => "不可修改",
            _ => "修改期限未知",
        };
        append(&row, &[&label(doc, "span", "cd done", t)]);
    }
    match (w.explain_state, deadline_ms(&w.explain_by)) {
        (ExplainState::Open | ExplainState::Closing | ExplainState::NotYet, Some(d)) => {
            countdown_chip("解释", d, format!("评价解释截止 {}{approx}", w.explain_by.as_deref().unwrap_or("")));
        }
        (ExplainState::Replied, _) => append(&row, &[&label(doc, "span", "cd done", "已解释")]),
        (ExplainState::Closed, _) => append(&row, &[&label(doc, "span", "cd done", "解释已截止")]),
        _ => {}
    }
    // JD's appeal against an unreasonable review: a clock of its own (once it has passed, the
    // countdown says 已截止).
    if let Some(d) = deadline_ms(&w.appeal_by) {
        countdown_chip("申诉", d, format!("不合理评价申诉截止 {}{approx}", w.appeal_by.as_deref().unwrap_or("")));
    }
    if w.approximate {
        let f = el(doc, "span", "flag approx", "约");
        attrs(&f, &[("title", "页面只显示粗略的评价时间（如“3天前”或只有日期）：各期限按最早可能的时间计算，实际可能稍晚"), ("aria-label", "期限为估算")]);
        append(&row, &[&f]);
    }
    if let Some(warning) = &w.warning {
        let f = el(doc, "span", "flag rule-warn", "与规则不符");
        attrs(&f, &[("title", warning)]);
        append(&row, &[&f]);
    }
    if w.unverified {
        let f = el(doc, "span", "flag", "未核实");
        attrs(&f, &[("title", &w.rule_note)]);
        append(&row, &[&f]);
    }
    if changed {
        append(&row, &[&el(doc, "span", "flag changed", "评价已变更")]);
    }
    if let Some(s) = status {
        append(&row, &[&el(doc, "span", "fu", s)]);
    }
    for (act, text) in [("script", "话术"), ("explain", "解释"), ("follow", "跟进")] {
        let b = label(doc, "button", "", text);
        attrs(&b, &[("type", intern("button")), ("data-act", intern(act))]);
        append(&row, &[&b]);
    }
    // The warning leads the action sentence: shown apart, in red.
    let action = el(doc, "div", "action main", "");
    match w.warning.as_deref().and_then(|x| w.action.strip_prefix(x).map(|rest| (x, rest))) {
        Some((warning, rest)) => {
            append(&action, &[&el(doc, "span", "warn", warning)]);
            let _ = action.append_child(&doc.create_text_node(rest));
        }
        None => action.set_text_content(Some(&w.action)),
    }
    let first = root.first_child();
    let _ = root.insert_before(&row, first.as_ref());
    let _ = root.insert_before(&action, row.next_sibling().as_ref());
    chips
}
