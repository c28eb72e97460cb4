//! What happens inside a card's annotation: the script panel (channel tabs, editable text, live
//! lint, checklist, copy), the explanation panel (claim ticks, editable draft, live lint, copy,
//! insert into the page's reply box), the follow-up panel, and evidence highlighting on hover.
//! Panels are built on first open.
//!
//! Nothing leaves a panel while it has a blocking finding (anything a platform forbids, or a
//! 【待确认：…】 slot): copy and insert refuse and say why; the agent ticks what is confirmed or
//! edits the text.

use super::state::{labelled, status_zh, FollowUp, State, STATUSES};
use super::dom::{self, append, attrs, call, el, get, show};
use crate::adapters::ReplyBoxRule;
use crate::compose::slot_claims;
use crate::lint::{self, Audience, LintOptions};
use crate::model::{Cause, LintFinding, LintKind};
use crate::script::SMS_MAX_CHARS;
use crate::settings::{Claim, ClaimScope};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, ShadowRoot};

const CHANNELS: [(&str, &str); 3] = [("phone", "电话"), ("chat", "聊天"), ("sms", "短信")];

/// What a refused click says beside its button (the reason is above it, in red).
const REFUSED_COPY: &str = "不能复制：先处理上面标红的问题";
const REFUSED_INSERT: &str = "不能插入：先处理上面标红的问题";


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
            let Some(ta) = shown_script(&shadow) else { return };
            let text = value_of(&ta);
            match block_reason(&lint_channel(s, h, &channel_of(&ta), &text), "复制") {
                Some(_) => set_status(&shadow, ".script .status", REFUSED_COPY),
                None => copy(&shadow, ".script .status", text),
            }
        }
        ("click", "copy-explain") => {
            let text = explanation_text(&shadow);
            match block_reason(&lint_explanation(s, h, &text), "复制") {
                Some(_) => set_status(&shadow, ".explain .status", REFUSED_COPY),
                None => copy(&shadow, ".explain .status", text),
            }
        }
        ("click", "insert") => {
            let text = explanation_text(&shadow);
            if block_reason(&lint_explanation(s, h, &text), "插入").is_some() {
                set_status(&shadow, ".explain .status", REFUSED_INSERT);
                return;
            }
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
        ("click", "regen") => {
            s.ensure_composed(h);
            let which = act_el.and_then(|e| e.get_attribute("data-target")).unwrap_or_default();
            regenerate(s, h, &shadow, &which);
        }
        ("click", "options") => {
            let msg = match open_options(s) {
                Ok(()) => "已在新标签页打开设置页；保存后刷新本页生效".to_string(),
                Err(e) => format!("无法打开设置页（{e}）：请从浏览器的扩展菜单打开"),
            };
            set_status(&shadow, ".explain .status", &msg);
        }
        // A claim ticked or unticked (`input`: a checkbox's `change` is not composed).
        ("input", _) if target.class_list().contains("claim-tick") => on_tick(s, h, &shadow, target),
        ("input", _) if target.class_list().contains("explain-text") => render_explain_lint(s, h, &shadow),
        ("input", _) if target.class_list().contains("script-text") => render_script_lint(s, h, &shadow),
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
        match which {
            "explain" => render_explain_lint(s, h, shadow),
            "script" => render_script_lint(s, h, shadow),
            _ => {}
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
    let first = if e.ann.praise_only() { "chat" } else { "phone" };
    for (ch, label) in CHANNELS {
        let b = el(doc, "button", if ch == first { "on" } else { "" }, label);
        attrs(&b, &[("type", "button"), ("data-act", "tab"), ("data-ch", ch)]);
        append(&tabs, &[&b]);
    }
    let copy = el(doc, "button", "copy", "复制话术");
    attrs(&copy, &[("type", "button"), ("data-act", "copy-script")]);
    append(&tabs, &[&copy, &el(doc, "span", "status", "")]);
    append(&panel, &[&tabs]);
    // One editable text per channel: the agent's edits survive switching tabs.
    for (ch, label) in CHANNELS {
        let ta = el(doc, "textarea", "script-text", "");
        let text = channel_text(composed, ch);
        let rows = (text.lines().count() + 1).clamp(3, 14).to_string();
        attrs(&ta, &[("data-ch", ch), ("aria-label", &format!("{label}话术（可编辑）")), ("rows", &rows)]);
        set_draft(&ta, text);
        show(&ta, ch == first);
        append(&panel, &[&ta]);
    }
    append(&panel, &[&stale_note(doc, "script", "话术已手动修改，没有按勾选自动更新。")]);
    append(&panel, &[&el(doc, "ul", "lint script-lint", ""), &el(doc, "div", "block-reason", "")]);
    let check = el(doc, "ul", "checklist", "");
    for c in &composed.script.checklist {
        append(&check, &[&el(doc, "li", "", c)]);
    }
    let follow = el(doc, "ul", "followup", "");
    for c in &composed.script.follow_up {
        append(&follow, &[&el(doc, "li", "", c)]);
    }
    append(&panel, &[&el(doc, "div", "", "联系前检查："), &check, &el(doc, "div", "", "之后："), &follow]);
    Some(panel)
}

fn channel_text<'a>(c: &'a crate::model::Composed, ch: &str) -> &'a str {
    match ch {
        "chat" => &c.script.chat,
        "sms" => &c.script.sms,
        _ => &c.script.phone,
    }
}

fn channel_lint<'a>(c: &'a crate::model::Composed, ch: &str) -> &'a [LintFinding] {
    match ch {
        "chat" => &c.script_lint.chat,
        "sms" => &c.script_lint.sms,
        _ => &c.script_lint.phone,
    }
}

fn channel_of(ta: &Element) -> String {
    ta.get_attribute("data-ch").unwrap_or_else(|| "phone".into())
}

/// The channel text on show.
fn shown_script(shadow: &ShadowRoot) -> Option<Element> {
    query_shadow(shadow, ".script-text:not([hidden])")
}

fn show_channel(s: &State, h: u64, shadow: &ShadowRoot, ch: &str) {
    for ta in dom::query_all(&shadow.clone().into(), ".script-text") {
        show(&ta, ta.get_attribute("data-ch").as_deref() == Some(ch));
    }
    for b in dom::query_all(&shadow.clone().into(), "button[data-act=\"tab\"]") {
        let on = b.get_attribute("data-ch").as_deref() == Some(ch);
        let _ = if on { b.class_list().add_1("on") } else { b.class_list().remove_1("on") };
    }
    render_script_lint(s, h, shadow);
}

/// A hidden line saying an edited text was not regenerated, with the button that does it.
fn stale_note(doc: &web_sys::Document, target: &str, text: &str) -> Element {
    let note = el(doc, "div", "stale", text);
    let b = el(doc, "button", "", "按勾选重新生成（覆盖修改）");
    attrs(&b, &[("type", "button"), ("data-act", "regen"), ("data-target", target)]);
    append(&note, &[&b]);
    show(&note, false);
    note
}

fn build_explain(s: &State, h: u64) -> Option<Element> {
    let e = s.entry(h)?;
    let composed = e.composed.as_ref()?;
    let doc = &s.doc;
    let panel = el(doc, "div", "panel explain", "");
    let ta = el(doc, "textarea", "explain-text", "");
    attrs(&ta, &[("aria-label", "评价解释草稿"), ("data-max", &s.engine.rules().get(e.ann.platform).explain_max_chars().to_string())]);
    set_draft(&ta, &composed.explanation);
    let row = el(doc, "div", "row", "");
    let copy = el(doc, "button", "copy", "复制解释");
    attrs(&copy, &[("type", "button"), ("data-act", "copy-explain")]);
    append(&row, &[&copy]);
    if s.adapter.reply_box.is_some() && !s.guessed {
        let ins = el(doc, "button", "copy", "插入回复框");
        attrs(&ins, &[("type", "button"), ("data-act", "insert")]);
        append(&row, &[&ins]);
    }
    append(&row, &[&el(doc, "span", "status", "")]);
    let hint = match e.ann.window.explain_by.as_deref() {
        Some(by) => format!("公开解释写给之后的买家看；截止 {by}。{}", e.ann.window.action),
        None => "公开解释写给之后的买家看。".to_string(),
    };
    append(&panel, &[&el(doc, "div", "action", &hint)]);
    if let Some(claims) = build_claims(s, h) {
        append(&panel, &[&claims]);
    }
    append(&panel, &[&ta, &stale_note(doc, "explain", "草稿已手动修改，没有按勾选自动更新。"), &el(doc, "ul", "lint", ""), &el(doc, "div", "block-reason", ""), &row]);
    Some(panel)
}

pub fn claim_id(c: Claim) -> String {
    crate::model::serde_id(&c)
}

fn claim_from(id: &str) -> Option<Claim> {
    crate::model::from_serde_id(id)
}

/// The claims this review's texts may state, as check boxes: what the shop's settings confirm
/// (checked, fixed here), and what the agent can confirm for this review.
fn build_claims(s: &State, h: u64) -> Option<Element> {
    let e = s.entry(h)?;
    let tags: Vec<Cause> = e.ann.causes.iter().map(|c| c.tag).collect();
    let stake = crate::explain::claims_at_stake(&tags);
    if stake.is_empty() {
        return None;
    }
    let doc = &s.doc;
    let shop = &s.engine.settings().confirmed_claims;
    let ticks = s.ticks(&e.record.id).confirmed;
    let wrap = el(doc, "div", "claims", "");
    attrs(&wrap, &[("role", "group"), ("aria-label", "已确认的做法")]);
    append(&wrap, &[&el(doc, "div", "claims-head", "确认属实后勾选，解释和话术才会写明（未确认的写成【待确认】，不能发出）：")]);
    let mut unset_shop: Vec<Claim> = Vec::new();
    for c in &stake {
        let by_shop = shop.contains(c);
        let label = el(doc, "label", "claim", "");
        let input = el(doc, "input", "claim-tick", "");
        attrs(&input, &[("type", "checkbox"), ("data-claim", &claim_id(*c))]);
        if by_shop || ticks.contains(c) {
            attrs(&input, &[("checked", "")]);
        }
        let note = match (by_shop, c.scope()) {
            (true, _) => "（店铺设置已确认）",
            (false, ClaimScope::Review) => "（本条）",
            (false, ClaimScope::Shop) => {
                unset_shop.push(*c);
                "（仅本条）"
            }
        };
        if by_shop {
            attrs(&input, &[("disabled", "")]);
        }
        append(&label, &[&input, &el(doc, "span", "", c.label()), &el(doc, "span", "scope", note)]);
        append(&wrap, &[&label]);
    }
    if let Some(first) = unset_shop.first() {
        let hint = el(doc, "div", "claims-hint", &format!("店铺一贯的做法（如“{}”）可在扩展设置页确认，之后每条解释都会写明；这里勾选只对本条评价有效。", first.label()));
        if s.open_options.is_function() {
            let b = el(doc, "button", "", "打开设置页");
            attrs(&b, &[("type", "button"), ("data-act", "options")]);
            append(&hint, &[&b]);
        }
        append(&wrap, &[&hint]);
    }
    mark_pending(s, h, &wrap);
    Some(wrap)
}

/// Marks the claims the current texts leave as 【待确认】 slots (and syncs the boxes' state).
fn mark_pending(s: &State, h: u64, root: &Element) {
    let Some(e) = s.entry(h) else { return };
    let script = s.engine.settings().output_script;
    let pending: Vec<Claim> = e.composed.as_ref().map_or_else(Vec::new, |c| {
        [c.explanation.as_str(), c.script.phone.as_str(), c.script.chat.as_str()].iter().flat_map(|t| slot_claims(t, script)).collect()
    });
    for label in dom::query_all(&root.clone().into(), "label.claim") {
        let Some(c) = label.query_selector("input").ok().flatten().and_then(|i| i.get_attribute("data-claim")).and_then(|id| claim_from(&id)) else { continue };
        if pending.contains(&c) {
            let _ = label.class_list().add_1("pending");
            attrs(&label, &[("title", "解释或话术里的【待确认】说的是这一条：属实就勾选")]);
        } else {
            let _ = label.class_list().remove_1("pending");
            let _ = label.remove_attribute("title");
        }
    }
}

/// Findings that stop a text from leaving the panel: anything a platform forbids, and a
/// 【待确认：…】 slot. Length is reported but not blocking (the agent sees it and can shorten).
fn blocking(f: &LintFinding) -> bool {
    lint::FORBIDDEN.contains(&f.kind) || f.kind == LintKind::UnconfirmedClaim
}

fn kind_zh(k: LintKind) -> &'static str {
    match k {
        LintKind::ReviewRequest => "要求改评、删评或给好评",
        LintKind::ReviewIncentive => "以好处换评价",
        LintKind::OffPlatform => "引导到平台外",
        LintKind::PrivateData => "隐私信息",
        LintKind::Threat => "威胁",
        LintKind::Insult => "辱骂或轻蔑",
        LintKind::Blame => "指责买家",
        LintKind::TooLong => "超出字数",
        LintKind::UnconfirmedClaim => "未确认的说法【待确认】",
    }
}

/// Why `what` (复制, 插入) is refused, or `None` when nothing blocks it.
fn block_reason(findings: &[LintFinding], what: &str) -> Option<String> {
    let mut kinds: Vec<(LintKind, usize)> = Vec::new();
    for f in findings.iter().filter(|f| blocking(f)) {
        super::state::add_to(&mut kinds, f.kind, 1);
    }
    if kinds.is_empty() {
        return None;
    }
    let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{} {n} 处", kind_zh(*k))).collect();
    let fix = if kinds.iter().any(|(k, _)| *k == LintKind::UnconfirmedClaim) { "勾选属实的做法，或删掉【待确认：…】" } else { "修改标出的文字" };
    Some(format!("不能{what}：{}。请{fix}后再{what}。", list.join("、")))
}

/// The explanation's findings: the composer's own when the draft is what it composed, else the
/// draft linted live with the same options (public text: the buyer's nick is private there).
fn lint_explanation(s: &State, h: u64, text: &str) -> Vec<LintFinding> {
    let Some(e) = s.entry(h) else { return lint::lint(text, None) };
    if let Some(c) = e.composed.as_ref().filter(|c| c.explanation == text) {
        return c.lint.clone();
    }
    let max = s.engine.rules().get(e.ann.platform).explain_max_chars();
    let buyer = e.record.buyer.as_deref().filter(|b| !b.trim().is_empty());
    lint::lint_with(text, &LintOptions { max_chars: Some(max), audience: Audience::Public, buyer, allow_review_request: false })
}

/// A message to the buyer: the composer's `script_lint` when unedited, else linted live as the
/// composer lints it (the buyer's nick is fine, an SMS has a length limit).
fn lint_channel(s: &State, h: u64, ch: &str, text: &str) -> Vec<LintFinding> {
    let Some(e) = s.entry(h) else { return lint::lint(text, None) };
    if let Some(c) = e.composed.as_ref().filter(|c| channel_text(c, ch) == text) {
        return channel_lint(c, ch).to_vec();
    }
    let rules = s.engine.rules().get(e.ann.platform);
    let buyer = e.record.buyer.as_deref().filter(|b| !b.trim().is_empty());
    let max_chars = (ch == "sms").then_some(SMS_MAX_CHARS);
    lint::lint_with(text, &LintOptions { max_chars, audience: Audience::Buyer, buyer, allow_review_request: rules.seller_may_ask.allowed })
}

/// Lists findings under a text, says what blocks it, and marks the panel's copy/insert buttons.
fn render_findings(doc: &web_sys::Document, panel: &Element, text: &str, findings: &[LintFinding], what: &str) {
    let Some(list) = dom::query(panel, "ul.lint") else { return };
    list.replace_children_with_node_0();
    if findings.is_empty() {
        append(&list, &[&el(doc, "li", "ok", &format!("检查通过（{} 字）", text.chars().count()))]);
    }
    for f in findings {
        let li = el(doc, "li", if blocking(f) { "block" } else { "" }, &format!("「{}」{}：{}", f.text, f.message, f.suggestion));
        attrs(&li, &[("data-kind", &crate::lint::kind_id(f.kind))]);
        append(&list, &[&li]);
    }
    let reason = block_reason(findings, what);
    if let Some(r) = dom::query(panel, ".block-reason") {
        r.set_text_content(reason.as_deref());
        show(&r, reason.is_some());
    }
    for b in dom::query_all(&panel.clone().into(), "button.copy") {
        attrs(&b, &[("aria-disabled", if reason.is_some() { "true" } else { "false" })]);
    }
    // A refusal said earlier no longer holds once nothing blocks.
    if let Some(st) = dom::query(panel, ".status").filter(|st| reason.is_none() && [REFUSED_COPY, REFUSED_INSERT].contains(&dom::text_of(st).as_str())) {
        st.set_text_content(None);
    }
}

/// Re-lints the explanation draft and lists the findings.
fn render_explain_lint(s: &State, h: u64, shadow: &ShadowRoot) {
    let (Some(panel), Some(ta)) = (query_shadow(shadow, ".panel.explain"), query_shadow(shadow, ".explain-text")) else { return };
    let text = value_of(&ta);
    render_findings(&s.doc, &panel, &text, &lint_explanation(s, h, &text), "复制或插入");
}

/// Re-lints the channel on show and lists its findings.
fn render_script_lint(s: &State, h: u64, shadow: &ShadowRoot) {
    let (Some(panel), Some(ta)) = (query_shadow(shadow, ".panel.script"), shown_script(shadow)) else { return };
    let text = value_of(&ta);
    render_findings(&s.doc, &panel, &text, &lint_channel(s, h, &channel_of(&ta), &text), "复制");
}

/// Puts composed text into a box and remembers it as what was composed (to tell edits apart).
fn set_draft(ta: &Element, text: &str) {
    let _ = js_sys::Reflect::set(ta, &"value".into(), &JsValue::from_str(text));
    let _ = js_sys::Reflect::set(ta, &"rtComposed".into(), &JsValue::from_str(text));
}

/// The agent changed the box since it was last composed.
fn edited(ta: &Element) -> bool {
    get(ta, "rtComposed").as_string().is_some_and(|c| c != value_of(ta))
}

/// A claim was ticked or unticked: kept with the follow-up (saved, batched), the review composed
/// again, and every text the agent has not edited updated.
fn on_tick(s: &mut State, h: u64, shadow: &ShadowRoot, target: &Element) {
    let Some(claim) = target.get_attribute("data-claim").and_then(|id| claim_from(&id)) else { return };
    if s.engine.settings().confirmed_claims.contains(&claim) {
        return; // confirmed by the shop: not the agent's to untick here
    }
    let checked = get(target, "checked").as_bool().unwrap_or(false);
    let Some(id) = s.entry(h).map(|e| e.record.id.clone()) else { return };
    let key = fu_key(s, h);
    {
        let fu = s.followups.entry(key).or_default();
        if checked {
            fu.confirmed.insert(claim);
        } else {
            fu.confirmed.remove(&claim);
        }
        fu.updated = now_rfc3339();
    }
    // Every card of this review (a page may show it twice) says the same.
    let same: Vec<u64> = s.cache.iter().filter(|(_, e)| e.record.id == id).map(|(k, _)| *k).collect();
    for k in same {
        s.recompose(k);
    }
    s.followup_changed(&id);
    refresh(s, h, shadow);
}

/// After a new composition: texts not edited take it, edited ones say they did not; lints,
/// pending marks and buttons follow.
fn refresh(s: &State, h: u64, shadow: &ShadowRoot) {
    let Some(c) = s.entry(h).and_then(|e| e.composed.as_ref()) else { return };
    if let Some(ta) = query_shadow(shadow, ".explain-text") {
        if edited(&ta) {
            if let Some(n) = query_shadow(shadow, ".explain .stale") {
                show(&n, value_of(&ta) != c.explanation);
            }
        } else {
            set_draft(&ta, &c.explanation);
        }
    }
    let mut script_stale = false;
    for ta in dom::query_all(&shadow.clone().into(), ".script-text") {
        let text = channel_text(c, &channel_of(&ta));
        if edited(&ta) {
            script_stale |= value_of(&ta) != text;
        } else {
            set_draft(&ta, text);
        }
    }
    if let Some(n) = query_shadow(shadow, ".script .stale") {
        show(&n, script_stale);
    }
    if let Some(claims) = query_shadow(shadow, ".claims") {
        mark_pending(s, h, &claims);
    }
    render_explain_lint(s, h, shadow);
    render_script_lint(s, h, shadow);
}

/// The agent asked for the composed text again (their edits are replaced).
fn regenerate(s: &State, h: u64, shadow: &ShadowRoot, which: &str) {
    let Some(c) = s.entry(h).and_then(|e| e.composed.as_ref()) else { return };
    if which == "explain" {
        if let Some(ta) = query_shadow(shadow, ".explain-text") {
            set_draft(&ta, &c.explanation);
        }
    } else {
        for ta in dom::query_all(&shadow.clone().into(), ".script-text") {
            set_draft(&ta, channel_text(c, &channel_of(&ta)));
        }
    }
    if let Some(n) = query_shadow(shadow, &format!(".{} .stale", if which == "explain" { "explain" } else { "script" })) {
        show(&n, false);
    }
    render_explain_lint(s, h, shadow);
    render_script_lint(s, h, shadow);
}

/// Opens the extension's options page (through the loader and the service worker).
fn open_options(s: &State) -> Result<(), String> {
    let f = s.open_options.dyn_ref::<js_sys::Function>().ok_or("此页面不在扩展中运行")?;
    f.call0(&JsValue::NULL).map(|_| ()).map_err(|e| dom::js_error(&e))
}

fn now_rfc3339() -> String {
    crate::dates::to_rfc3339(chrono::DateTime::from_timestamp_millis(dom::now_ms() as i64).unwrap_or_default().fixed_offset())
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
        fu.updated = now_rfc3339();
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

