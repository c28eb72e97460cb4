//! What happens inside a card's annotation: the script panel (channel tabs, checklist, copy), the
//! explanation panel (editable, live lint, copy, insert into the page's reply box), the follow-up
//! panel, and evidence highlighting on hover. Panels are built on first open.

use super::state::{labelled, status_zh, FollowUp, State, STATUSES};
use super::dom::{self, append, attrs, call, el, get, show};
use crate::adapters::ReplyBoxRule;
use crate::lint;
use crate::model::Cause;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, ShadowRoot};


/// Handles one delegated event from the annotation of card `h`.
pub fn handle(s: &mut State, h: u64, kind: &str, target: &Element) {
    let Some(shadow) = s.entry(h).and_then(|e| e.shadow()) else { return };
    let act_el = target.closest("[data-act]").ok().flatten();
    let act = act_el.as_ref().and_then(|e| e.get_attribute("data-act")).unwrap_or_default();
    match (kind, act.as_str()) {
        ("click", "script") => toggle(s, h, &shadow, "script"),
        ("click", "explain") => toggle(s, h, &shadow, "explain"),
        ("click", "follow") => toggle(s, h, &shadow, "follow"),
        ("click", "tab") => {
            let ch = act_el.and_then(|e| e.get_attribute("data-ch")).unwrap_or_default();
            show_channel(s, h, &shadow, &ch);
        }
        ("click", "copy-script") => {
            let text = query_shadow(&shadow, ".script-text").and_then(|e| e.text_content()).unwrap_or_default();
            copy(&shadow, ".script .status", text);
        }
        ("click", "copy-explain") => copy(&shadow, ".explain .status", explanation_text(&shadow)),
        ("click", "insert") => {
            let text = explanation_text(&shadow);
            // Guessed cards (the generic fallback) have no known reply box: never guess one.
            let rule = s.adapter.reply_box.clone().filter(|_| !s.guessed);
            match (rule, s.entry(h)) {
                (Some(rule), Some(e)) => {
                    set_status(&shadow, ".explain .status", "正在打开本条评价的回复框…");
                    let (card, id, doc) = (e.card.clone(), e.record.id.clone(), s.doc.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        let msg = insert(&doc, &card, &rule, &id, &text).await;
                        // The card may have been re-rendered meanwhile: write to its current annotation.
                        let current = super::state::with(|s| s.entry(h).and_then(|e| e.shadow())).flatten();
                        set_status(current.as_ref().unwrap_or(&shadow), ".explain .status", &msg);
                    });
                }
                _ => set_status(&shadow, ".explain .status", "此页面没有可插入的回复框：请复制后粘贴"),
            }
        }
        ("click", "attempt") => {
            let key = fu_key(s, h);
            let fu = s.followups.entry(key).or_default();
            fu.attempts += 1;
            if fu.status.is_empty() || fu.status == "not_contacted" {
                fu.status = "contacted".into();
            }
            touch(s, h, &shadow);
        }
        ("input", _) if target.class_list().contains("explain-text") => render_lint(&shadow),
        ("input", _) if target.class_list().contains("fu-note") => {
            let v = value_of(target);
            s.followups.entry(fu_key(s, h)).or_default().note = v;
            touch(s, h, &shadow);
        }
        // `input`, not `change`: only composed events reach the document-level listener.
        ("input", _) if target.class_list().contains("fu-status") || target.class_list().contains("fu-callback") => {
            let v = value_of(target);
            let fu = s.followups.entry(fu_key(s, h)).or_default();
            if target.class_list().contains("fu-status") {
                fu.status = v;
            } else {
                fu.callback = v;
            }
            touch(s, h, &shadow);
        }
        ("mouseover", _) => {
            if let Some(tag) = target.closest(".chip[data-tag]").ok().flatten().and_then(|c| c.get_attribute("data-tag")) {
                highlight(s, h, &tag);
            }
        }
        ("mouseout", _) if target.closest(".chip[data-tag]").ok().flatten().is_some() => clear_highlight(),
        _ => {}
    }
}

fn fu_key(s: &State, h: u64) -> String {
    let id = s.entry(h).map(|e| e.record.id.clone()).unwrap_or_default();
    format!("{}:{}", s.platform.id(), id)
}

fn query_shadow(shadow: &ShadowRoot, sel: &str) -> Option<Element> {
    shadow.query_selector(sel).ok().flatten()
}

fn value_of(e: &Element) -> String {
    dom::get(e, "value").as_string().unwrap_or_default()
}

fn set_status(shadow: &ShadowRoot, sel: &str, msg: &str) {
    if let Some(st) = query_shadow(shadow, sel) {
        st.set_text_content(Some(msg));
    }
}

fn explanation_text(shadow: &ShadowRoot) -> String {
    query_shadow(shadow, ".explain-text").map(|t| value_of(&t)).unwrap_or_default()
}

/// Opens one panel (building it the first time) and closes the others.
fn toggle(s: &mut State, h: u64, shadow: &ShadowRoot, which: &str) {
    let Some(root) = query_shadow(shadow, ".rt") else { return };
    if which != "follow" {
        s.ensure_composed(h);
    }
    if query_shadow(shadow, &format!(".panel.{which}")).is_none() {
        let panel = match which {
            "script" => build_script(s, h),
            "explain" => build_explain(s, h),
            _ => build_follow(s, h),
        };
        let Some(panel) = panel else { return };
        attrs(&panel, &[("hidden", "")]);
        append(&root, &[&panel]);
        if which == "explain" {
            render_lint(shadow);
        }
    }
    for p in ["script", "explain", "follow"] {
        if let Some(panel) = query_shadow(shadow, &format!(".panel.{p}")) {
            let open = p == which && dom::is_hidden(&panel);
            show(&panel, open);
        }
        if let Some(b) = query_shadow(shadow, &format!("button[data-act=\"{p}\"]")) {
            let on = p == which && query_shadow(shadow, &format!(".panel.{p}")).is_some_and(|x| !dom::is_hidden(&x));
            let _ = if on { b.class_list().add_1("on") } else { b.class_list().remove_1("on") };
        }
    }
}

fn build_script(s: &State, h: u64) -> Option<Element> {
    let e = s.entry(h)?;
    let composed = e.composed.as_ref()?;
    let doc = &s.doc;
    let panel = el(doc, "div", "panel script", "");
    let tabs = el(doc, "div", "row", "");
    for (ch, label) in [("phone", "电话"), ("chat", "聊天"), ("sms", "短信")] {
        let b = el(doc, "button", if ch == "phone" { "on" } else { "" }, label);
        attrs(&b, &[("type", "button"), ("data-act", "tab"), ("data-ch", ch)]);
        append(&tabs, &[&b]);
    }
    let copy = el(doc, "button", "", "复制话术");
    attrs(&copy, &[("type", "button"), ("data-act", "copy-script")]);
    append(&tabs, &[&copy, &el(doc, "span", "status", "")]);
    let pre = el(doc, "pre", "script-text", &composed.script.phone);
    let check = el(doc, "ul", "checklist", "");
    for c in &composed.script.checklist {
        append(&check, &[&el(doc, "li", "", c)]);
    }
    let follow = el(doc, "ul", "followup", "");
    for c in &composed.script.follow_up {
        append(&follow, &[&el(doc, "li", "", c)]);
    }
    append(&panel, &[&tabs, &pre, &el(doc, "div", "", "联系前检查："), &check, &el(doc, "div", "", "之后："), &follow]);
    Some(panel)
}

fn show_channel(s: &State, h: u64, shadow: &ShadowRoot, ch: &str) {
    let Some(c) = s.entry(h).and_then(|e| e.composed.as_ref()) else { return };
    let text = match ch {
        "chat" => &c.script.chat,
        "sms" => &c.script.sms,
        _ => &c.script.phone,
    };
    if let Some(pre) = query_shadow(shadow, ".script-text") {
        pre.set_text_content(Some(text));
    }
    for b in dom::query_all(&shadow.clone().into(), "button[data-act=\"tab\"]") {
        let on = b.get_attribute("data-ch").as_deref() == Some(ch);
        let _ = if on { b.class_list().add_1("on") } else { b.class_list().remove_1("on") };
    }
}

fn build_explain(s: &State, h: u64) -> Option<Element> {
    let e = s.entry(h)?;
    let doc = &s.doc;
    let panel = el(doc, "div", "panel explain", "");
    let ta = el(doc, "textarea", "explain-text", "");
    attrs(&ta, &[("aria-label", "评价解释草稿"), ("data-max", &s.engine.rules().get(e.ann.platform).explain_max_chars().to_string())]);
    let _ = js_sys::Reflect::set(&ta, &"value".into(), &JsValue::from_str(&e.composed.as_ref()?.explanation));
    let lint_list = el(doc, "ul", "lint", "");
    let row = el(doc, "div", "row", "");
    let copy = el(doc, "button", "", "复制解释");
    attrs(&copy, &[("type", "button"), ("data-act", "copy-explain")]);
    append(&row, &[&copy]);
    if s.adapter.reply_box.is_some() && !s.guessed {
        let ins = el(doc, "button", "", "插入回复框");
        attrs(&ins, &[("type", "button"), ("data-act", "insert")]);
        append(&row, &[&ins]);
    }
    append(&row, &[&el(doc, "span", "status", "")]);
    let hint = match e.ann.window.explain_by.as_deref() {
        Some(by) => format!("公开解释写给之后的买家看；截止 {by}。{}", e.ann.window.action),
        None => "公开解释写给之后的买家看。".to_string(),
    };
    append(&panel, &[&el(doc, "div", "action", &hint), &ta, &lint_list, &row]);
    Some(panel)
}

/// Re-lints the draft and lists the findings.
fn render_lint(shadow: &ShadowRoot) {
    let Some(ta) = query_shadow(shadow, ".explain-text") else { return };
    let Some(list) = query_shadow(shadow, ".lint") else { return };
    let max = ta.get_attribute("data-max").and_then(|m| m.parse().ok());
    let text = value_of(&ta);
    let findings = lint::lint(&text, max);
    let Some(doc) = dom::document() else { return };
    list.replace_children_with_node_0();
    if findings.is_empty() {
        append(&list, &[&el(&doc, "li", "ok", &format!("检查通过（{} 字）", text.chars().count()))]);
    }
    for f in findings {
        append(&list, &[&el(&doc, "li", "", &format!("「{}」{}：{}", f.text, f.message, f.suggestion))]);
    }
}

fn build_follow(s: &State, h: u64) -> Option<Element> {
    let e = s.entry(h)?;
    let doc = &s.doc;
    let fu = s.followups.get(&format!("{}:{}", s.platform.id(), e.record.id)).cloned().unwrap_or_default();
    let panel = el(doc, "div", "panel follow", "");
    let select = el(doc, "select", "fu-status", "");
    for (k, v) in STATUSES {
        let o = el(doc, "option", "", v);
        attrs(&o, &[("value", k)]);
        if *k == fu.status.as_str() || (fu.status.is_empty() && *k == "not_contacted") {
            attrs(&o, &[("selected", "")]);
        }
        append(&select, &[&o]);
    }
    let date = el(doc, "input", "fu-callback", "");
    attrs(&date, &[("type", "date"), ("value", &fu.callback)]);
    let note = el(doc, "textarea", "fu-note", "");
    attrs(&note, &[("placeholder", "备注（只记在本机）"), ("aria-label", "跟进备注")]);
    let _ = js_sys::Reflect::set(&note, &"value".into(), &JsValue::from_str(&fu.note));
    let attempt = el(doc, "button", "", "+1 次联系");
    attrs(&attempt, &[("type", "button"), ("data-act", "attempt")]);
    let row = el(doc, "div", "row", "");
    append(&row, &[&labelled(doc, "状态 ", &select), &labelled(doc, "回访日期 ", &date), &attempt, &el(doc, "span", "attempts status", &format!("已联系 {} 次", fu.attempts))]);
    append(&panel, &[&row, &note, &el(doc, "div", "warn-text fu-warn", &stop_warning(&fu))]);
    Some(panel)
}

fn stop_warning(fu: &FollowUp) -> String {
    if fu.status == "refused" {
        "买家已拒绝：停止联系，在截止前发布评价解释。".into()
    } else if fu.attempts >= 3 {
        "已联系 3 次：不要再打，发布评价解释。".into()
    } else {
        String::new()
    }
}

/// Saves the follow-ups and updates the chip and the panel.
fn touch(s: &mut State, h: u64, shadow: &ShadowRoot) {
    let key = fu_key(s, h);
    let fu = {
        let fu = s.followups.entry(key).or_default();
        fu.updated = crate::dates::to_rfc3339(chrono::DateTime::from_timestamp_millis(dom::now_ms() as i64).unwrap_or_default().fixed_offset());
        fu.clone()
    };
    let id = s.entry(h).map(|e| e.record.id.clone()).unwrap_or_default();
    s.followup_changed(&id);
    set_status(shadow, ".attempts", &format!("已联系 {} 次", fu.attempts));
    if let Some(w) = query_shadow(shadow, ".fu-warn") {
        w.set_text_content(Some(&stop_warning(&fu)));
    }
    let chip_text = format!("跟进：{} · {}次", status_zh(&fu.status), fu.attempts);
    match query_shadow(shadow, ".fu") {
        Some(c) => c.set_text_content(Some(&chip_text)),
        None => {
            if let Some(row) = query_shadow(shadow, ".rt > .row.main") {
                let chip = el(&s.doc, "span", "fu", &chip_text);
                let first_button = row.query_selector("button").ok().flatten();
                let _ = row.insert_before(&chip, first_button.as_ref().map(|b| b.as_ref()));
            }
        }
    }
}

fn copy(shadow: &ShadowRoot, status_sel: &'static str, text: String) {
    let shadow = shadow.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let nav = web_sys::window().map(|w| JsValue::from(w.navigator())).unwrap_or(JsValue::UNDEFINED);
        let clipboard = get(&nav, "clipboard");
        let res = match call(&clipboard, "writeText", &[JsValue::from_str(&text)]) {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&p)).await.map(|_| ()),
            Err(e) => Err(e),
        };
        let msg = match res {
            Ok(()) => "已复制".to_string(),
            Err(e) => format!("复制失败：{}（可手动选择文本复制）", dom::js_error(&e)),
        };
        set_status(&shadow, status_sel, &msg);
    });
}

/// Whether the element is rendered (also true for `position: fixed` modals, unlike offsetParent).
fn rendered(e: &Element) -> bool {
    call(e, "getClientRects", &[]).ok().is_some_and(|r| get(&r, "length").as_f64().unwrap_or(0.0) > 0.0)
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// This card's own scope: the card, the table row it sits in, and the row after it (Fusion
/// tables show a row's details in the next row).
fn scope(card: &Element) -> Vec<Element> {
    let mut out = vec![card.clone()];
    if let Some(row) = card.closest("tr").ok().flatten().filter(|r| r != card) {
        out.push(row);
    }
    let last = out.last().cloned().unwrap_or_else(|| card.clone());
    if let Some(next) = last.next_element_sibling().filter(|n| n.tag_name().eq_ignore_ascii_case("tr")) {
        out.push(next);
    }
    out
}

fn in_scope(scope: &[Element], sel: &str, text: Option<&str>) -> Option<Element> {
    scope.iter().flat_map(|root| dom::query_all(&root.clone().into(), sel)).find(|e| text.map_or(true, |t| e.text_content().unwrap_or_default().trim() == t))
}

/// Puts `text` into this card's reply box: the box in the card's own scope, or the one its own
/// "reply" control opens (for a modal: the box that appears after that click, waited for up to
/// a second; never just the first box on the page). The value goes through the native setter
/// and an `input` event, so React-controlled boxes keep it, and is read back to make sure.
async fn insert(doc: &web_sys::Document, card: &Element, rule: &ReplyBoxRule, id: &str, text: &str) -> String {
    let scope = scope(card);
    let visible_in_doc = || dom::query_all(&doc.clone().into(), &rule.sel).into_iter().filter(rendered).collect::<Vec<_>>();
    let mut target = in_scope(&scope, &rule.sel, None).filter(rendered);
    if target.is_none() {
        let before = visible_in_doc();
        let Some(opener) = rule.open.as_ref().and_then(|o| in_scope(&scope, o.sel(), o.text())) else {
            return "没有找到本条评价的回复按钮（页面结构可能已变化）：请复制后手动粘贴".into();
        };
        let Some(opener) = dom::html(&opener) else { return "回复按钮无法点击：请复制后手动粘贴".into() };
        opener.click();
        // The box may open asynchronously (a lazily mounted modal): poll until a deadline.
        for _ in 0..20 {
            target = in_scope(&scope, &rule.sel, None).filter(rendered);
            if target.is_none() && rule.global {
                let now = visible_in_doc();
                let fresh: Vec<Element> = now.iter().filter(|b| !before.contains(b)).cloned().collect();
                target = match (fresh.len(), now.len()) {
                    (1, _) => fresh.into_iter().next(),
                    // The page reused an open modal for this card: the only one there is.
                    (0, 1) => now.into_iter().next(),
                    _ => None,
                };
            }
            if target.is_some() {
                break;
            }
            sleep(50).await;
        }
    }
    let Some(ta) = target else { return "点击回复后 1 秒内没有出现回复框：请在页面上打开本条评价的回复框后重试".into() };
    let proto = get(&get(&web_sys::window().map(JsValue::from).unwrap_or(JsValue::UNDEFINED), "HTMLTextAreaElement"), "prototype");
    let setter = get(&js_sys::Object::get_own_property_descriptor(&proto.into(), &"value".into()), "set");
    match setter.dyn_ref::<js_sys::Function>() {
        Some(f) => {
            let _ = f.call1(&ta, &JsValue::from_str(text));
        }
        None => {
            let _ = js_sys::Reflect::set(&ta, &"value".into(), &JsValue::from_str(text));
        }
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(ev) = Event::new_with_event_init_dict("input", &init) {
        let _ = ta.dispatch_event(&ev);
    }
    // A controlled box that ignored the event is reset by the page's next render.
    sleep(60).await;
    if get(&ta, "value").as_string().as_deref() != Some(text) {
        return "回复框没有接受插入的文字（页面改写了输入）：请复制后手动粘贴".into();
    }
    if let Some(h) = dom::html(&ta) {
        let _ = h.focus();
    }
    format!("已插入评价 {id} 的回复框，请检查后在页面上提交")
}

/// Paints the evidence of one tag on the page's own text nodes (CSS Custom Highlight API).
fn highlight(s: &State, h: u64, tag: &str) {
    inject_highlight_style(&s.doc);
    let Some(e) = s.entry(h) else { return };
    let Some(text_el) = &e.text_el else { return };
    let Ok(cause) = tag.parse::<Cause>() else { return };
    let Some(hit) = e.ann.causes.iter().find(|c| c.tag == cause) else { return };
    let window = web_sys::window().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let ctor = get(&window, "Highlight");
    let registry = get(&get(&window, "CSS"), "highlights");
    let Some(ctor) = ctor.dyn_ref::<js_sys::Function>() else { return };
    // Text nodes under the text element with their code-point starts.
    let mut nodes: Vec<(web_sys::Node, usize, String)> = Vec::new();
    let Ok(walker) = s.doc.create_tree_walker_with_what_to_show(text_el, 4) else { return };
    let mut at = 0usize;
    while let Ok(Some(n)) = walker.next_node() {
        let t = n.text_content().unwrap_or_default();
        let len = t.chars().count();
        nodes.push((n, at, t));
        at += len;
    }
    let ranges = js_sys::Array::new();
    for ev in &hit.evidence {
        let (a, b) = (ev.start + e.text_lead, ev.end + e.text_lead);
        let locate = |cp: usize, end: bool| {
            nodes.iter().find(|(_, start, t)| cp >= *start && (cp < start + t.chars().count() || (end && cp == start + t.chars().count()))).map(|(n, start, t)| {
                let off16: usize = t.chars().take(cp - start).map(char::len_utf16).sum();
                (n.clone(), off16 as u32)
            })
        };
        let (Some((sn, so)), Some((en, eo))) = (locate(a, false), locate(b, true)) else { continue };
        if let Ok(r) = s.doc.create_range() {
            if r.set_start(&sn, so).is_ok() && r.set_end(&en, eo).is_ok() {
                ranges.push(&r);
            }
        }
    }
    if let Ok(hl) = js_sys::Reflect::construct(ctor, &ranges) {
        let _ = call(&registry, "set", &[JsValue::from_str("rt-evidence"), hl]);
    }
}

fn clear_highlight() {
    let window = web_sys::window().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let _ = call(&get(&get(&window, "CSS"), "highlights"), "delete", &[JsValue::from_str("rt-evidence")]);
}

/// Added on the first hover, not at start: a new stylesheet restyles the whole page, which costs
/// a long frame on a page of thousands of cards.
pub fn inject_highlight_style(doc: &web_sys::Document) {
    // The Custom Highlight API paints evidence on the page's own text nodes without touching them.
    if doc.query_selector("style[data-rt=highlight]").ok().flatten().is_some() {
        return;
    }
    let style = el(doc, "style", "", "::highlight(rt-evidence) { background: #ffd33d; color: #1f2328; }");
    attrs(&style, &[("data-rt", "highlight")]);
    if let Some(h) = doc.head() {
        let _ = h.append_child(&style);
    }
}

