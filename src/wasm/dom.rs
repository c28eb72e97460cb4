//! Small DOM helpers for the browser layer. Text only ever enters the page through
//! `set_text_content` or text nodes, never as HTML.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{intern, JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

pub fn document() -> Option<Document> {
    web_sys::window().and_then(|w| w.document())
}

/// `<tag class=…>text</tag>`, created in the element's own document. Tag names are literals of
/// this crate, never page data, so creating the element cannot fail.
///
/// Tag and class names are interned (`wasm_bindgen::intern`): each string handed to JS is
/// otherwise decoded by a `TextDecoder` call, ~1.5 µs each whatever its length, and a card's box
/// passed ~120 of them (355,000 decodes for a 3,000-card page; 110,000 with the names and fixed
/// labels interned, here, in [`label`] and at the card attributes). Only strings
/// of this crate are interned (the cache is never emptied): class names come from a fixed set.
pub fn el(doc: &Document, tag: &'static str, class: &str, text: &str) -> Element {
    #[allow(clippy::expect_used)]
    let e = doc.create_element(intern(tag)).expect("a literal, valid tag name");
    if !class.is_empty() {
        e.set_class_name(intern(class));
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    e
}

/// [`el`] with a fixed text of this crate (a button's label, a cause's name), interned too.
pub fn label(doc: &Document, tag: &'static str, class: &str, text: &'static str) -> Element {
    el(doc, tag, class, intern(text))
}

/// Sets attributes, ignoring the (impossible for valid names) errors.
pub fn attrs(e: &Element, pairs: &[(&'static str, &str)]) {
    for (k, v) in pairs {
        let _ = e.set_attribute(intern(k), v);
    }
}

pub fn append(parent: &Element, children: &[&Element]) {
    for c in children {
        let _ = parent.append_child(c);
    }
}

pub fn query(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).ok().flatten()
}

#[wasm_bindgen(module = "/src/wasm/dom.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = firstIn)]
    fn first_in_js(root: &Element, sel: &str) -> Result<Option<Element>, JsValue>;
}

/// [`query`] within a card (an adapter's field and host selectors): the same element, found by
/// matching the card's elements in turn (`dom.js` says why).
///
/// The selector is interned: an adapter has a handful, asked for on every card.
pub fn query_in_card(card: &Element, sel: &str) -> Option<Element> {
    first_in_js(card, intern(sel)).ok().flatten()
}

pub fn query_all(root: &JsValue, sel: &str) -> Vec<Element> {
    let list = match root.dyn_ref::<Element>() {
        Some(e) => e.query_selector_all(sel),
        None => match root.dyn_ref::<Document>() {
            Some(d) => d.query_selector_all(sel),
            None => match root.dyn_ref::<web_sys::ShadowRoot>() {
                Some(s) => s.query_selector_all(sel),
                None => return Vec::new(),
            },
        },
    };
    list.map(elements).map(Iterator::collect).unwrap_or_default()
}

/// The elements under `root` matching `sel`, one at a time (a search that stops at its first
/// match does not fetch the rest).
pub fn query_each(root: &Element, sel: &str) -> impl Iterator<Item = Element> {
    root.query_selector_all(sel).into_iter().flat_map(elements)
}

fn elements(list: web_sys::NodeList) -> impl Iterator<Item = Element> {
    (0..list.length()).filter_map(move |i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok())
}

pub fn text_of(e: &Element) -> String {
    e.text_content().unwrap_or_default()
}

pub fn show(e: &Element, visible: bool) {
    if visible {
        let _ = e.remove_attribute("hidden");
    } else {
        let _ = e.set_attribute("hidden", "");
    }
}

pub fn is_hidden(e: &Element) -> bool {
    e.has_attribute("hidden")
}

pub fn html(e: &Element) -> Option<HtmlElement> {
    e.clone().dyn_into::<HtmlElement>().ok()
}

/// `obj[key]`, or undefined.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `obj[method](args…)`.
pub fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = get(obj, method).dyn_into().map_err(|_| JsValue::from_str(&format!("{method} is not a function")))?;
    let arr = js_sys::Array::new();
    for a in args {
        arr.push(a);
    }
    f.apply(obj, &arr)
}

/// The page's clock (`performance.now()`: ms since its navigation began).
pub fn page_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The message of a thrown JS value.
pub fn js_error(e: &JsValue) -> String {
    e.as_string().or_else(|| get(e, "message").as_string()).unwrap_or_else(|| format!("{e:?}"))
}

thread_local! {
    static UTF16: Option<(web_sys::TextDecoder, js_sys::Function)> = web_sys::TextDecoder::new_with_label("utf-16le")
        .ok()
        .and_then(|d| get(&d, "decode").dyn_into::<js_sys::Function>().ok().map(|f| (d, f)));
}

/// A text node holding a long `text` (the page summary's chunks: megabytes of JSON, mostly
/// Chinese). A `&str` reaches JS through a UTF-8 `TextDecoder`, ~40 MB/s on such text (a
/// 3,000-card summary, 19 MB, took ~450 ms); as UTF-16 the browser only copies it.
pub fn long_text_node(doc: &Document, text: &str) -> web_sys::Node {
    let units: Vec<u16> = text.encode_utf16().collect();
    let decoded = UTF16.with(|u| {
        let (decoder, decode) = u.as_ref()?;
        // SAFETY: the view is read by `decode` at once, before anything can allocate in the wasm
        // (which could move its memory), and `units` outlives the call.
        let view = unsafe { js_sys::Uint16Array::view(&units) };
        decode.call1(decoder, &view).ok()
    });
    match decoded.and_then(|s| call(doc, "createTextNode", &[s]).ok()).and_then(|n| n.dyn_into::<web_sys::Node>().ok()) {
        Some(node) => node,
        None => doc.create_text_node(text).into(),
    }
}
