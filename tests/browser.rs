//! Browser tests of the wasm layer, in headless Chromium (wasm-bindgen-test-runner + chromedriver):
//! adapters reading real page structures, rendering into shadow roots, markup in review text
//! staying text, and the annotator's idempotence on re-render and node recycling.
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use review_triage::adapters::{builtin, Adapter};
use review_triage::wasm::{extract, start_page_annotator, ui};
use review_triage::{Engine, Platform, ReviewInput, Settings};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, DomParser, Element, SupportedType};

wasm_bindgen_test_configure!(run_in_browser);

fn parse(html: &str) -> Document {
    DomParser::new().unwrap().parse_from_string(html, SupportedType::TextHtml).unwrap()
}

fn adapter(id: &str) -> Adapter {
    builtin().into_iter().find(|a| a.id == id).unwrap()
}

const TAOBAO_ROW: &str = r#"<table><tbody class="next-table-body">
<tr class="next-table-row" data-feed-id="r1">
 <td class="col-emotion"><span class="emotion-tag">负面</span></td>
 <td class="col-content"><div class="l-rate-content">
   <div class="rate-meta">主评ID：188 初次评价：2026-11-20 10:21 订单号：2500000000007</div>
   <div class="rate-content"><span> 颜色和图片不一样，有色差 </span></div>
   <div class="rate-modified">买家已修改评价</div>
 </div></td>
 <td class="col-item">纯棉T恤 白色 L</td><td class="col-buyer">t**6</td><td class="col-actions"></td>
</tr>
<tr class="next-table-expanded-row"><td><span class="append-content">洗了一次就掉色</span></td></tr>
</tbody></table>"#;

#[wasm_bindgen_test]
fn taobao_backend_row_is_read() {
    let doc = parse(TAOBAO_ROW);
    let a = adapter("taobao-backend");
    let cards = extract::cards(&doc.clone().into(), &a);
    assert_eq!(cards.len(), 1);
    let x = extract::record(&cards[0], &a, "https://myseller.taobao.com/home.htm/comment-manage").unwrap();
    let r = &x.record;
    assert_eq!(r.id, "r1");
    assert_eq!(r.text, "颜色和图片不一样，有色差");
    assert_eq!(x.text_lead, 1, "leading whitespace is remembered for highlighting");
    assert_eq!(r.rating.as_deref(), Some("bad"));
    assert_eq!(r.reviewed_at.as_deref(), Some("2026-11-20 10:21 订单号：2500000000007"));
    assert!(r.modified);
    assert_eq!(r.append_text.as_deref(), Some("洗了一次就掉色"));
    assert_eq!(r.buyer.as_deref(), Some("t**6"));
}

#[wasm_bindgen_test]
fn star_counts_and_class_digits() {
    let jd = parse(r#"<div data-testid="virtuoso-item-list"><div data-index="0"><div class="jdc-pc-rate-card">
        <div class="jdc-pc-rate-card-star"><img alt="star"><img alt="star"></div>
        <div class="jdc-pc-rate-card-main-desc">物流太慢了</div>
        <div class="jdc-pc-rate-card-info"><span class="date list">2026-11-20 20:56:20</span><span class="info">已购 黑色</span></div>
    </div></div></div>"#);
    let a = adapter("jd-item");
    let card = &extract::cards(&jd.clone().into(), &a)[0];
    let r = extract::record(card, &a, "https://item.jd.com/1.html").unwrap().record;
    assert_eq!(r.rating.as_deref(), Some("2"));
    assert_eq!(r.item.as_deref(), Some("黑色"));
    assert!(r.id.starts_with("rt-"), "no id on the page: a content hash");
    let legacy = parse(r#"<div class="comment-item" data-guid="g1"><div class="comment-star star3"></div><p class="comment-con">一般</p><div class="order-info"><span>L</span><span>2026-11-01 10:00</span></div></div>"#);
    let a = adapter("jd-legacy");
    let card = &extract::cards(&legacy.clone().into(), &a)[0];
    let r = extract::record(card, &a, "https://club.jd.com/").unwrap().record;
    assert_eq!((r.rating.as_deref(), r.reviewed_at.as_deref()), (Some("3"), Some("2026-11-01 10:00")));
}

#[wasm_bindgen_test]
fn rendering_keeps_markup_as_text() {
    let engine = Engine::new(Settings::default()).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
    let input = ReviewInput { id: "x".into(), text: "<img src=x onerror=alert(1)>质量太差，坏了".into(), rating: Some("bad".into()), reviewed_at: Some("3天前".into()), ..Default::default() };
    let a = engine.annotate(&input, Platform::Taobao, now);
    let doc = web_sys::window().unwrap().document().unwrap();
    let (host, shadow, chips) = ui::render(&doc, &a, false, None, now.timestamp_millis() as f64).unwrap();
    assert!(!chips.is_empty());
    assert_eq!(host.tag_name().to_lowercase(), ui::HOST_TAG);
    assert!(host.get_attribute("aria-label").unwrap().contains("差评"));
    assert!(shadow.query_selector(".chip[data-tag=\"quality\"]").unwrap().is_some());
    assert!(shadow.query_selector("img").unwrap().is_none());
    assert!(shadow.query_selector("[data-deadline]").unwrap().is_some(), "a live countdown chip");
}

fn body() -> Element {
    web_sys::window().unwrap().document().unwrap().body().unwrap().into()
}

fn count(sel: &str) -> u32 {
    body().query_selector_all(sel).unwrap().length()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn annotator_is_idempotent_and_follows_recycled_nodes() {
    let fixture = parse(r#"<div id="list">
        <div class="comment-item" data-guid="a"><div class="comment-star star1"></div><p class="comment-con">质量太差了，坏了</p><div class="order-info"><span>L</span><span>2026-11-20 10:00</span></div></div>
        <div class="comment-item" data-guid="b"><div class="comment-star star2"></div><p class="comment-con">物流太慢了</p><div class="order-info"><span>M</span><span>2026-11-19 10:00</span></div></div>
        <div class="comment-item" data-guid="c"><div class="comment-star star5"></div><p class="comment-con">很好</p><div class="order-info"><span>S</span><span>2026-11-18 10:00</span></div></div>
    </div>"#);
    let list = fixture.get_element_by_id("list").unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let list: Element = doc.import_node_with_deep(&list, true).unwrap().dyn_into().unwrap();
    body().append_child(&list).unwrap();

    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"mode".into(), &"page".into()).unwrap();
    js_sys::Reflect::set(&opts, &"adapter".into(), &"jd-legacy".into()).unwrap();
    start_page_annotator(opts.into()).await.unwrap();
    assert_eq!(count("rt-annotation"), 3);
    let first = list.query_selector("[data-guid=a]").unwrap().unwrap();
    assert_eq!(first.get_attribute("data-rt-causes").as_deref(), Some("quality"));

    // An unrelated mutation triggers a rescan: nothing is duplicated.
    list.append_child(&doc.create_element("span").unwrap()).unwrap();
    sleep(200).await;
    assert_eq!(count("rt-annotation"), 3);

    // Recycling: the node now holds another review; its annotation follows.
    first.query_selector("p.comment-con").unwrap().unwrap().set_text_content(Some("颜色不一样，有色差"));
    sleep(200).await;
    assert_eq!(count("rt-annotation"), 3);
    assert_eq!(first.get_attribute("data-rt-causes").as_deref(), Some("color_mismatch"));
    let host = first.query_selector("rt-annotation").unwrap().unwrap();
    assert_eq!(host.get_attribute("data-rt-for"), first.get_attribute("data-rt-hash"));

    let summary = doc.get_element_by_id("review-triage-summary").unwrap().text_content().unwrap();
    let v: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(v["count"], 3);
    assert_eq!(v["annotator"], "page");
    let _ = JsValue::NULL;
}

#[wasm_bindgen_test]
fn generic_adapter_finds_repeated_review_cards() {
    let doc = parse(r#"<body><header>店铺</header><ul>
        <li class="rv-item_x1">质量很差，用了两天就坏了 2026-11-20 10:00</li>
        <li class="rv-item_x1">颜色和图片不一样 2026-11-19 09:00</li>
        <li class="rv-item_x1">物流太慢了 3天前</li>
        <li class="other">无关内容</li></ul></body>"#);
    let a = extract::generic_adapter(&doc).expect("a generic adapter");
    let cards = extract::cards(&doc.clone().into(), &a);
    assert_eq!(cards.len(), 3);
    let r = extract::record(&cards[0], &a, "https://shop.example/reviews").unwrap().record;
    assert!(r.text.contains("质量很差"));
    assert!(extract::generic_adapter(&parse("<body><p>没有评价</p></body>")).is_none());
}
