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

/// A 千牛 评价管理 row as spec/pages.md describes it: no class names beyond the documented ones.
const TAOBAO_ROW: &str = r#"<table><tbody class="next-table-body">
<tr>
 <td><span>负面</span></td>
 <td><div class="l-rate-content">
   <div><span>主评ID：1100000000188</span> <span>初次评价：2026-11-20 10:21</span> <span>订单号：2500000000007</span></div>
   <div class="rate-content"><span> 颜色和图片不一样，有色差 </span></div>
 </div></td>
 <td><div>纯棉T恤</div><div>白色 L</div></td><td>t**6</td>
 <td><div>还有28天可回复</div><button>评价</button><button>投诉评价</button></td>
</tr>
<tr class="next-table-expanded-row"><td colspan="5"><div><span>追评：收货后3天</span> <span>洗了一次就掉色</span></div><button>追评回复</button></td></tr>
</tbody></table>"#;

#[wasm_bindgen_test]
fn taobao_backend_row_is_read_by_its_markers() {
    let doc = parse(TAOBAO_ROW);
    let a = adapter("taobao-backend");
    let url = "https://myseller.taobao.com/home.htm/comment-manage/list/rateWait4PC?current=1&pageSize=20";
    let report = extract::extract(&doc.clone().into(), &a, &builtin(), url);
    assert_eq!((report.adapter.as_str(), report.guessed, report.cards.len()), ("taobao-backend", false, 1), "the expanded row is not a card");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let x = &report.cards[0];
    let r = &x.record;
    assert_eq!(r.id, "1100000000188", "主评ID, not a hash");
    assert_eq!(r.text, "颜色和图片不一样，有色差");
    assert_eq!(x.text_lead, 1, "leading whitespace is remembered for highlighting");
    assert_eq!(r.rating.as_deref(), Some("bad"), "the cell whose whole text is 负面");
    assert_eq!(r.reviewed_at.as_deref(), Some("2026-11-20 10:21"));
    assert_eq!(r.append_text.as_deref(), Some("洗了一次就掉色"));
    assert_eq!(r.reply_days_left.as_deref(), Some("28"));
    assert_eq!(r.platform.as_deref(), Some("taobao"));
    assert!(x.host.query_selector(".l-rate-content").unwrap().is_some(), "the annotation goes into the content cell");
}

/// How a card reads as lines (`lines.js`): blocks and `<br>` end lines, inline text joins,
/// whitespace runs (Unicode White_Space, as Rust's `trim`: NBSP, the ideographic space) read as one
/// space, links, buttons and `role=button` are left out, scripts, styles, form fields and our
/// own boxes are not read, and each line knows its element.
#[wasm_bindgen_test]
fn a_card_reads_as_a_person_reads_it() {
    let doc = parse(
        "<div id=c><div>  颜色\n\t <b>不对</b>，\u{a0}\u{3000}有色差 </div><p>第一行<br>第二行<a>评价回复</a><span role=button>投诉</span></p>\
         <script>var x = 1;</script><style>p{}</style><textarea>草稿</textarea><rt-annotation>优先 80</rt-annotation>\
         <span>行内</span><span>文字</span><div>\u{feff}零宽</div><ul><li>一</li><li>二</li></ul></div>",
    );
    let card = doc.get_element_by_id("c").unwrap();
    let ls = extract::lines(&card);
    let got: Vec<&str> = ls.iter().collect();
    assert_eq!(got, ["颜色 不对， 有色差", "第一行", "第二行", "行内文字", "\u{feff}零宽", "一", "二"]);
    assert_eq!(ls.text, got.join("\n"));
    assert!(extract::lines(&doc.create_element("div").unwrap()).iter().next().is_none(), "an empty element has no lines");
}

/// A card nested deeper than the walk's stack (hostile or broken markup) reads as no lines: the
/// walk's error is caught, nothing panics, and a sane card beside it still reads.
#[wasm_bindgen_test]
fn a_card_nested_too_deep_reads_as_nothing() {
    // Built node by node: the HTML parser would flatten anything deeper than 512 levels.
    let doc = parse("<div id=deep></div><div id=ok><p>尺码偏小</p></div>");
    let deep = doc.get_element_by_id("deep").unwrap();
    let mut at: Element = deep.clone();
    for _ in 0..50_000 {
        let child = doc.create_element("span").unwrap();
        at.append_child(&child).unwrap();
        at = child;
    }
    at.set_text_content(Some("颜色不对"));
    assert_eq!(extract::lines(&deep).iter().count(), 0);
    let ok = doc.get_element_by_id("ok").unwrap();
    assert_eq!(extract::lines(&ok).iter().collect::<Vec<_>>(), ["尺码偏小"]);
    assert!(extract::guess_cards(&doc.clone().into()).is_empty(), "guessing over it finds nothing rather than failing");
}

/// `query_in_card` finds what `querySelector` finds: ancestors outside the card may match a
/// descendant combinator, a selector list gives the first element in document order, `:scope`
/// is the card, an invalid selector finds nothing.
#[wasm_bindgen_test]
fn a_card_query_finds_what_query_selector_finds() {
    let doc = parse(
        "<div class=outer><div id=c><span class=a>1</span><div class=b><span>2</span><em class=a>3</em></div>\
         <p><span class=a>4</span></p></div></div>",
    );
    let card = doc.get_element_by_id("c").unwrap();
    for sel in [".outer span", ".b .a", ".b span, p span", "p span, .b span", ":scope > span", ":scope > .b > em", "div", "em.a", ".nothing", "*"] {
        let want = card.query_selector(sel).unwrap();
        assert_eq!(review_triage::wasm::dom::query_in_card(&card, sel), want, "{sel}");
    }
    assert_eq!(review_triage::wasm::dom::query_in_card(&card, "span["), None, "an invalid selector");
}

/// A field read from an ancestor of the card (`closest` + `sel`): the shop name above a list.
#[wasm_bindgen_test]
fn a_field_can_be_read_from_an_ancestor_of_the_card() {
    let raw = review_triage::settings::RawJson::parse(
        r#"{"id":"t-closest","platform":"taobao","page_kind":"backend","evidence":"none: a test page","urls":["example.test"],"card":"li.r","fields":{"text":{"sel":"p"},"item":{"closest":"section.shop","sel":"h2 b"}}}"#,
    )
    .unwrap();
    let all = review_triage::adapters::merged(&[raw]).unwrap();
    let a = all.iter().find(|a| a.id == "t-closest").unwrap();
    let doc = parse("<section class=shop><h2>店铺 <b>纯棉T恤</b></h2><ul><li class=r><p>颜色不对</p></li><li class=r><p>尺码偏小</p></li></ul></section>");
    let report = extract::extract(&doc.clone().into(), a, &all, "https://example.test/");
    let items: Vec<_> = report.cards.iter().map(|c| c.record.item.as_deref()).collect();
    assert_eq!(items, [Some("纯棉T恤"), Some("纯棉T恤")]);
}

#[wasm_bindgen_test]
fn pinduoduo_row_reads_its_group_header_and_counts_stars() {
    let doc = parse(
        r#"<table><tbody>
        <tr class="TB_bodyGroupHeader_5-1-0"><td colspan="3"><span>订单编号：251120-088000000097</span></td></tr>
        <tr><td><div>烟台红富士苹果</div><div>5斤装</div></td>
            <td><div><svg data-testid="beast-core-icon-star_filled"></svg><svg data-testid="beast-core-icon-star_filled"></svg></div><div>苹果有一半是烂的，太差了</div></td>
            <td>2026-11-20 20:56:20</td><td><a data-testid="beast-core-button-link">回复/互动</a></td></tr>
        <tr class="TB_bodyGroupHeader_5-1-0"><td colspan="3"><span>订单编号：251121-088000000098</span></td></tr>
        <tr><td>蒙牛特仑苏纯牛奶250ml×12盒装</td><td><div><svg data-testid="beast-core-icon-star_filled"></svg></div><div>日期不新鲜</div></td><td>2026-11-21 08:00:00</td><td></td></tr>
        </tbody></table>"#,
    );
    let a = adapter("pinduoduo-backend");
    let report = extract::extract(&doc.clone().into(), &a, &builtin(), "https://mms.pinduoduo.com/goods/evaluation/index");
    assert_eq!(report.cards.len(), 2);
    let r = &report.cards[0].record;
    assert_eq!((r.id.as_str(), r.text.as_str(), r.rating.as_deref()), ("251120-088000000097", "苹果有一半是烂的，太差了", Some("2")));
    assert_eq!(r.reviewed_at.as_deref(), Some("2026-11-20 20:56:20"));
    assert_eq!(report.cards[1].record.text, "日期不新鲜", "the review, not the longer item title in another cell");
}

#[wasm_bindgen_test]
fn star_counts_and_class_digits() {
    let jd = parse(r#"<div data-testid="virtuoso-item-list"><div data-index="0"><div class="jdc-pc-rate-card">
        <div><img alt="star"><img alt="star"></div>
        <div class="jdc-pc-rate-card-main-desc">物流太慢了</div>
        <div class="jdc-pc-rate-card-info"><span class="date list">2026-11-20 20:56:20</span><span class="info">已购 黑色</span></div>
    </div></div></div>"#);
    let a = adapter("jd-item");
    let card = jd.query_selector("div[data-index]").unwrap().unwrap();
    let r = extract::record(&card, &a, Platform::Jd, 0).unwrap().record;
    assert_eq!(r.rating.as_deref(), Some("2"));
    assert_eq!(r.item.as_deref(), Some("黑色"));
    assert!(r.id.starts_with("rt-"), "no id on the page: a content hash");
    let legacy = parse(r#"<div class="comment-item" data-guid="g1"><div class="comment-star star3"></div><p class="comment-con">一般</p><div><span>L</span><span>2026-11-01 10:00</span></div></div>"#);
    let a = adapter("jd-legacy");
    let card = legacy.query_selector("div.comment-item").unwrap().unwrap();
    let r = extract::record(&card, &a, Platform::Jd, 0).unwrap().record;
    assert_eq!((r.id.as_str(), r.rating.as_deref(), r.reviewed_at.as_deref()), ("g1", Some("3"), Some("2026-11-01 10:00")));
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
    reset();
    doc.get_element_by_id("rt-fixture").unwrap().append_child(&list).unwrap();

    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"mode".into(), &"page".into()).unwrap();
    js_sys::Reflect::set(&opts, &"adapter".into(), &"jd-legacy".into()).unwrap();
    start_page_annotator(opts.into()).await.unwrap();
    complete_summary().await;
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

    let v = complete_summary().await;
    assert_eq!(v["count"], 3);
    assert_eq!(v["annotator"], "page");
    let _ = JsValue::NULL;
}

/// Reviews as cards of plain elements, with decoys: a dated notice list, and a footer line per
/// card. `cls` sets the class names (another deploy has others).
fn module_page(cls: &[&str; 3]) -> String {
    let card = |nick: &str, level: &str, text: &str, at: &str, order: &str| {
        format!(r#"<div class="{c0}"><div class="{c1}"><span>{nick}</span> <span>{level}</span></div><div>{text}</div><div class="{c2}"><span>评价时间：{at}</span> <span>订单号：{order}</span></div><button>回复</button></div>"#, c0 = cls[0], c1 = cls[1], c2 = cls[2])
    };
    format!(
        r#"<body><div><div>公告</div><div>2026-11-01 平台规则更新说明</div><div>2026-11-02 系统维护通知</div></div><div>{}{}{}</div><div>共3条</div></body>"#,
        card("t**6", "差评", "质量很差，用了两天就坏了", "2026-11-20 10:00:00", "2500000000001"),
        card("匿名买家", "中评", "颜色和图片不一样", "2026-11-19 09:00:00", "2500000000002"),
        card("s**a", "好评", "物流很快，东西不错", "2026-11-18 08:00:00", "2500000000003"),
    )
}

#[wasm_bindgen_test]
fn generic_adapter_reads_cards_the_same_way_whatever_the_class_names() {
    let url = "https://myseller.taobao.com/home.htm/comment-manage/insight/badRate";
    let mut runs = Vec::new();
    for cls in [["rate-card", "head", "foot"], ["x9f2k", "a", "rate-card-foot-long-name"], ["Card--k3j", "Card--k3j", "Card--k3j"]] {
        let doc = parse(&module_page(&cls));
        let report = extract::extract(&doc.clone().into(), &adapter("taobao-backend"), &builtin(), url);
        assert_eq!((report.adapter.as_str(), report.guessed), ("generic", true));
        assert_eq!(report.warnings.iter().map(|w| (w.adapter.as_str(), w.field.as_str())).collect::<Vec<_>>(), vec![("taobao-backend", "card")]);
        let got: Vec<_> = report
            .cards
            .iter()
            .map(|x| {
                let r = &x.record;
                // The whole card, not its footer line.
                assert!(x.card.text_content().unwrap().contains("评价时间") && x.card.text_content().unwrap().contains(&r.text));
                (r.id.clone(), r.text.clone(), r.rating.clone(), r.reviewed_at.clone(), r.platform.clone())
            })
            .collect();
        runs.push(got);
    }
    assert_eq!(runs[0].len(), 3);
    assert_eq!(runs[0][0], ("2500000000001".into(), "质量很差，用了两天就坏了".into(), Some("bad".into()), Some("2026-11-20 10:00:00".into()), Some("taobao".into())));
    assert_eq!(runs[0][1].2.as_deref(), Some("neutral"));
    assert_eq!(runs[1], runs[0]);
    assert_eq!(runs[2], runs[0]);
    // No review on the page: nothing guessed, and the report says the page adapter found nothing.
    let empty = parse("<body><p>没有评价</p></body>");
    let report = extract::extract(&empty.clone().into(), &adapter("taobao-backend"), &builtin(), url);
    assert!(report.cards.is_empty());
    assert_eq!(report.warnings[0].field, "card");
    assert!(extract::adapter_for_page(&builtin(), &empty.into(), "https://shop.example/").is_none());
}

#[wasm_bindgen_test]
fn bad_adapter_selectors_are_refused_with_the_reason() {
    let mut a = adapter("jd-item");
    a.card = Some("div > > div[data-index]".into());
    let e = extract::check_selectors(&[a]).unwrap_err();
    assert!(e.contains("jd-item") && e.contains("div > > div"), "{e}");
    assert!(extract::check_selectors(&builtin()).is_ok());
}

// ------------------------------------------------------------------ the in-page annotator

use review_triage::wasm::{annotator_stats, csv_cell, page_summary, set_annotator_clock, stop_page_annotator, validate_settings};

fn doc() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn reset() {
    fixture("");
}

/// Replaces the test page's body with `html` and returns the list element `#list`.
fn fixture(html: &str) -> Element {
    stop_page_annotator();
    let d = doc();
    // A container of our own: the test runner reports through elements of the body.
    let host = match d.get_element_by_id("rt-fixture") {
        Some(h) => h,
        None => {
            let h = d.create_element("div").unwrap();
            h.set_id("rt-fixture");
            d.body().unwrap().append_child(&h).unwrap();
            h
        }
    };
    host.set_inner_html(html);
    let stale = body().query_selector_all("rt-drawer, rt-notice").unwrap();
    for i in 0..stale.length() {
        if let Some(n) = stale.item(i) {
            n.parent_node().map(|p| p.remove_child(&n));
        }
    }
    for old in [d.get_element_by_id("review-triage-summary")].into_iter().flatten() {
        if old.get_attribute("data-rt-owner").is_some() {
            old.remove();
        }
    }
    d.get_element_by_id("list").unwrap_or(host)
}

fn options(adapter: &str, now_ms: Option<f64>) -> js_sys::Object {
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"mode".into(), &"page".into()).unwrap();
    js_sys::Reflect::set(&opts, &"adapter".into(), &adapter.into()).unwrap();
    if let Some(ms) = now_ms {
        js_sys::Reflect::set(&opts, &"nowMs".into(), &ms.into()).unwrap();
    }
    opts
}

/// The published summary once it is complete.
async fn complete_summary() -> serde_json::Value {
    summary_where(|_| true).await
}

/// The published summary once it is complete and `ok` holds.
async fn summary_where(ok: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    for _ in 0..200 {
        if let Some(el) = doc().query_selector("script[data-rt-owner]").unwrap() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&el.text_content().unwrap()) {
                if v["complete"] == true && ok(&v) {
                    return v;
                }
            }
        }
        sleep(25).await;
    }
    panic!("the summary never became complete (or never showed what was awaited)");
}

fn legacy_card(guid: &str, text: &str, date: &str) -> String {
    let guid = if guid.is_empty() { String::new() } else { format!(r#" data-guid="{guid}""#) };
    format!(r#"<div class="comment-item"{guid}><div class="comment-star star1"></div><p class="comment-con">{text}</p><div class="order-info"><span>L</span><span>{date}</span></div></div>"#)
}

fn taobao_row(id: &str, text: &str, date: &str) -> String {
    format!(
        r#"<tr class="next-table-row" data-feed-id="{id}"><td class="col-emotion"><span class="emotion-tag">负面</span></td><td class="col-content"><div class="l-rate-content"><div class="rate-meta">主评ID：1 初次评价：{date} 订单号：2</div><div class="rate-content"><span>{text}</span></div></div></td><td class="col-item">T恤</td><td class="col-buyer">t**6</td></tr>"#
    )
}

// Issue 8: a card is re-evaluated when its next boundary passes: window state, attributes,
// action and summary row, not only the countdown text.
#[wasm_bindgen_test]
async fn fake_clock_crossing_boundaries_re_evaluates_the_card() {
    let engine = Engine::new(Settings::default()).unwrap();
    let t0 = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
    let record = ReviewInput { id: "c1".into(), text: "质量太差，坏了".into(), rating: Some("bad".into()), reviewed_at: Some("2026-11-20 10:21".into()), ..Default::default() };
    let a = engine.annotate(&record, Platform::Taobao, t0);
    let deadline = chrono::DateTime::parse_from_rfc3339(a.window.deadline.as_deref().expect("Taobao bad reviews have a window")).unwrap().timestamp_millis() as f64;
    let start = deadline - 86_400_000.0 - 10_000.0; // 24 h and 10 s before the deadline
    let list = fixture(&format!(r#"<table><tbody class="next-table-body" id="list">{}</tbody></table>"#, taobao_row("c1", "质量太差，坏了", "2026-11-20 10:21")));
    start_page_annotator(options("taobao-backend", Some(start)).into()).await.unwrap();
    let s = complete_summary().await;
    let card = list.query_selector("tr").unwrap().unwrap();
    assert_eq!(card.get_attribute("data-rt-window-state").as_deref(), Some("open"));
    assert_eq!(s["reviews"][0]["window_state"], "open");
    let action_open = s["reviews"][0]["action"].as_str().unwrap().to_string();
    let prio_open = card.get_attribute("data-rt-priority").unwrap();
    assert!(s["reviews"][0]["next_change_at"].is_string(), "the row says when it changes next");

    assert!(set_annotator_clock(start + 11_000.0), "the test clock moves");
    assert_eq!(card.get_attribute("data-rt-window-state").as_deref(), Some("closing"), "state follows the clock");
    let s = summary_where(|v| v["reviews"][0]["window_state"] != "open").await;
    assert_eq!(s["reviews"][0]["window_state"], "closing");
    assert_ne!(s["reviews"][0]["action"].as_str().unwrap(), action_open, "the action sentence follows");
    assert_ne!(card.get_attribute("data-rt-priority").unwrap(), prio_open, "priority rises in the last 24 h");
    let host = card.query_selector("rt-annotation").unwrap().unwrap();
    assert!(host.shadow_root().unwrap().query_selector(".cd.urgent").unwrap().is_some(), "the chip turns urgent");

    assert!(set_annotator_clock(deadline + 1_000.0));
    assert_eq!(card.get_attribute("data-rt-window-state").as_deref(), Some("closed"));
    assert_eq!(card.get_attribute("data-rt-window-deadline").map(|d| d.is_empty()), Some(false));
    let s = summary_where(|v| v["reviews"][0]["window_state"] != "closing").await;
    assert_eq!(s["reviews"][0]["window_state"], "closed");
    assert!(host.shadow_root().unwrap().text_content().unwrap().contains("修改窗口已关闭"));
    stop_page_annotator();
}

// A row that turns into a loading placeholder loses our attributes and annotation; a row
// replaced by its own deep clone (no shadow root) is drawn again.
#[wasm_bindgen_test]
async fn placeholders_are_cleared_and_clones_redrawn() {
    let list = fixture(&format!(r#"<div id="list">{}{}</div>"#, legacy_card("a", "质量太差了，坏了", "2026-11-20 10:00"), legacy_card("b", "物流太慢了", "2026-11-19 10:00")));
    start_page_annotator(options("jd-legacy", None).into()).await.unwrap();
    complete_summary().await;
    let first = list.query_selector("[data-guid=a]").unwrap().unwrap();
    assert!(first.get_attribute("data-rt-causes").is_some());
    first.query_selector("p.comment-con").unwrap().unwrap().set_text_content(Some("加载中…"));
    sleep(250).await;
    assert!(first.get_attribute("data-rt-causes").is_none(), "placeholder: attributes removed");
    assert!(first.get_attribute("data-rt-id").is_none());
    assert!(first.query_selector("rt-annotation").unwrap().is_none(), "placeholder: annotation removed");
    let s = summary_where(|v| v["count"] == 1).await;
    assert_eq!(s["count"], 1);

    let second = list.query_selector("[data-guid=b]").unwrap().unwrap();
    let clone: Element = second.clone_node_with_deep(true).unwrap().dyn_into().unwrap();
    let stale = clone.query_selector("rt-annotation").unwrap().unwrap();
    assert!(stale.shadow_root().is_none(), "a clone carries an empty host");
    second.replace_with_with_node_1(&clone).unwrap();
    sleep(250).await;
    let hosts = clone.query_selector_all("rt-annotation").unwrap();
    assert_eq!(hosts.length(), 1);
    let host: Element = hosts.item(0).unwrap().dyn_into().unwrap();
    assert!(host.shadow_root().is_some(), "the clone's annotation is drawn again");
    assert_eq!(host.get_attribute("data-rt-for"), clone.get_attribute("data-rt-hash"));
    stop_page_annotator();
}

fn click_in(host: &Element, sel: &str) {
    let b: web_sys::HtmlElement = host.shadow_root().unwrap().query_selector(sel).unwrap().unwrap().dyn_into().unwrap();
    b.click();
}

// Identical short reviews on two cards are two entries: both cards' buttons work.
#[wasm_bindgen_test]
async fn identical_texts_get_their_own_entries() {
    let list = fixture(&format!(r#"<div id="list">{}{}</div>"#, legacy_card("", "很好", "2026-11-20 10:00"), legacy_card("", "很好", "2026-11-20 10:00")));
    start_page_annotator(options("jd-legacy", None).into()).await.unwrap();
    let s = complete_summary().await;
    assert_eq!(s["count"], 2);
    let cards = list.query_selector_all(".comment-item").unwrap();
    let (a, b): (Element, Element) = (cards.item(0).unwrap().dyn_into().unwrap(), cards.item(1).unwrap().dyn_into().unwrap());
    assert_ne!(a.get_attribute("data-rt-hash"), b.get_attribute("data-rt-hash"));
    for card in [&a, &b] {
        let host = card.query_selector("rt-annotation").unwrap().unwrap();
        click_in(&host, "button[data-act=script]");
        sleep(50).await;
        assert!(host.shadow_root().unwrap().query_selector(".panel.script:not([hidden])").unwrap().is_some(), "the script opens on each card");
    }
    stop_page_annotator();
}

// Caches hold only the cards on the page; listeners do not grow with cards.
#[wasm_bindgen_test]
async fn caches_follow_the_live_cards() {
    let list = fixture(r#"<div id="list"></div>"#);
    let page = |n: usize, offset: usize| (0..n).map(|i| legacy_card(&format!("g{}", i + offset), &format!("第{}条：质量太差了", i + offset), "2026-11-20 10:00")).collect::<String>();
    list.set_inner_html(&page(10, 0));
    start_page_annotator(options("jd-legacy", None).into()).await.unwrap();
    complete_summary().await;
    let stats = |k: &str| js_sys::Reflect::get(&annotator_stats().unwrap(), &k.into()).unwrap().as_f64().unwrap();
    let listeners = stats("listeners");
    for round in 1..6 {
        list.set_inner_html(&page(10, round * 10));
        sleep(200).await;
        let s = summary_where(|v| v["count"] == 10 && v["reviews"].as_array().unwrap().iter().all(|r| r["text_excerpt"].as_str().unwrap().starts_with(&format!("第{}", round * 10).chars().take(2).collect::<String>()))).await;
        assert_eq!(s["count"], 10);
        assert_eq!(stats("cards"), 10.0, "entries of cards gone are pruned");
        assert_eq!(stats("listeners"), listeners, "no listener per card");
    }
    stop_page_annotator();
}

// A page that never stops mutating is still rescanned (the debounce has a maximum wait).
#[wasm_bindgen_test]
async fn rescans_happen_under_constant_mutation() {
    let list = fixture(&format!(r#"<div id="list">{}</div><div id="noise"></div>"#, legacy_card("a", "质量太差了", "2026-11-20 10:00")));
    start_page_annotator(options("jd-legacy", None).into()).await.unwrap();
    complete_summary().await;
    list.insert_adjacent_html("beforeend", &legacy_card("b", "物流太慢了", "2026-11-19 10:00")).unwrap();
    let noise = doc().get_element_by_id("noise").unwrap();
    // A mutation every 20 ms, well inside the 60 ms debounce, for 600 ms.
    for i in 0..30 {
        noise.set_text_content(Some(&i.to_string()));
        sleep(20).await;
    }
    let b = list.query_selector("[data-guid=b]").unwrap().unwrap();
    assert_eq!(b.get_attribute("data-rt-causes").as_deref(), Some("shipping_slow"), "annotated while the page kept changing");
    stop_page_annotator();
}

// Follow-up notes are written to storage once per burst of keystrokes, not per keystroke.
#[wasm_bindgen_test]
async fn storage_writes_are_batched() {
    let list = fixture(&format!(r#"<div id="list">{}</div>"#, legacy_card("a", "质量太差了", "2026-11-20 10:00")));
    let writes = js_sys::Array::new();
    let shim = js_sys::Object::new();
    js_sys::Reflect::set(&shim, &"get".into(), &js_sys::Function::new_no_args("return Promise.resolve(undefined)")).unwrap();
    let set = js_sys::Function::new_with_args("k, v", "this.writes.push(k); return Promise.resolve()");
    js_sys::Reflect::set(&shim, &"set".into(), &set).unwrap();
    js_sys::Reflect::set(&shim, &"writes".into(), &writes).unwrap();
    let opts = options("jd-legacy", None);
    js_sys::Reflect::set(&opts, &"storage".into(), &shim).unwrap();
    start_page_annotator(opts.into()).await.unwrap();
    complete_summary().await;
    sleep(400).await;
    let before = writes.length();
    let host = list.query_selector("rt-annotation").unwrap().unwrap();
    click_in(&host, "button[data-act=follow]");
    sleep(50).await;
    let note = host.shadow_root().unwrap().query_selector("textarea.fu-note").unwrap().unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    for i in 0..20 {
        js_sys::Reflect::set(&note, &"value".into(), &format!("买家说周末{i}").into()).unwrap();
        note.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
        sleep(5).await;
    }
    sleep(600).await;
    let followup_writes = writes.iter().skip(before as usize).filter(|k| k.as_string().as_deref() == Some("rt:followups")).count();
    assert!((1..=2).contains(&followup_writes), "20 keystrokes, {followup_writes} writes");
    let s = summary_where(|v| v["reviews"][0]["followup"].is_object()).await;
    assert_eq!(s["reviews"][0]["followup"]["status"], "", "a note alone: the row has a follow-up, status untouched");
    assert!(!s.to_string().contains("买家说周末"), "private notes stay out of the page's summary");
    stop_page_annotator();
}

// What the extension remembers of seen reviews (to notice a changed text or rating) carries the
// day each was last seen, and what was not seen for half a year is dropped when it is saved.
#[wasm_bindgen_test]
async fn seen_reviews_are_dated_and_pruned() {
    use js_sys::Reflect;
    fixture(&format!(r#"<div id="list">{}</div>"#, legacy_card("a", "质量太差了", "2026-11-20 10:00")));
    let saved = js_sys::Object::new();
    let shim = js_sys::Object::new();
    let get = js_sys::Function::new_with_args("k", "return Promise.resolve(k === 'rt:seen:jd' ? {'jd:gone': 'abc 10', 'jd:kept': 'abc'} : undefined)");
    Reflect::set(&shim, &"get".into(), &get).unwrap();
    let set = js_sys::Function::new_with_args("k, v", "this.saved[k] = v; return Promise.resolve()");
    Reflect::set(&shim, &"set".into(), &set).unwrap();
    Reflect::set(&shim, &"saved".into(), &saved).unwrap();
    let opts = options("jd-legacy", None);
    Reflect::set(&opts, &"storage".into(), &shim).unwrap();
    start_page_annotator(opts.into()).await.unwrap();
    complete_summary().await;
    sleep(600).await;
    let packed = Reflect::get(&saved, &"rt:seen:jd".into()).unwrap().as_string().expect("the seen reviews were saved, as one JSON string");
    let seen = js_sys::JSON::parse(&packed).unwrap();
    assert!(seen.is_object(), "a map of review → signature and day");
    assert!(Reflect::get(&seen, &"jd:gone".into()).unwrap().is_undefined(), "not seen for decades: dropped");
    assert_eq!(Reflect::get(&seen, &"jd:kept".into()).unwrap().as_string().as_deref(), Some("abc"), "undated (the older format): kept");
    let a = Reflect::get(&seen, &"jd:a".into()).unwrap().as_string().expect("the card's review is remembered");
    let (sig, day) = a.split_once(' ').expect("signature and day");
    assert!(!sig.is_empty() && day.parse::<u32>().unwrap() > 20_000, "{a}");
    stop_page_annotator();

    // The packed form reads back: no corrupt-data error, and the review's own entry kept.
    let get = js_sys::Function::new_with_args("k", "return Promise.resolve(k === 'rt:seen:jd' ? this.saved[k] : undefined)");
    Reflect::set(&shim, &"get".into(), &get).unwrap();
    let opts = options("jd-legacy", None);
    Reflect::set(&opts, &"storage".into(), &shim).unwrap();
    start_page_annotator(opts.into()).await.unwrap();
    let s = complete_summary().await;
    assert_eq!(s["errors"], serde_json::json!([]), "the packed map loads");
    stop_page_annotator();
}

// A page-planted element with our summary's id is left alone and never read as ours.
#[wasm_bindgen_test]
async fn a_planted_summary_element_is_ignored() {
    let list = fixture(&format!(r#"<script type="application/json" id="review-triage-summary">{{"fake":true}}</script><div id="list">{}</div>"#, legacy_card("a", "质量太差了", "2026-11-20 10:00")));
    let _ = list;
    start_page_annotator(options("jd-legacy", None).into()).await.unwrap();
    let s = complete_summary().await;
    assert_eq!(s["count"], 1);
    let by_id = doc().get_element_by_id("review-triage-summary").unwrap();
    assert!(by_id.get_attribute("data-rt-owner").is_some(), "getElementById finds ours first");
    let planted = doc().body().unwrap().query_selector("script#review-triage-summary").unwrap().unwrap();
    assert_eq!(planted.text_content().unwrap(), r#"{"fake":true}"#, "the page's element is untouched");
    let mem: serde_json::Value = serde_json::from_str(&page_summary().unwrap()).unwrap();
    assert_eq!(mem["count"], 1, "the side panel's answer comes from memory");
    stop_page_annotator();
}

// Review text with `</script>` cannot end the summary element.
#[wasm_bindgen_test]
async fn summary_json_escapes_markup() {
    let _list = fixture(&format!(r#"<div id="list">{}</div>"#, legacy_card("a", "质量太差了&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", "2026-11-20 10:00")));
    start_page_annotator(options("jd-legacy", None).into()).await.unwrap();
    let s = complete_summary().await;
    assert!(s["reviews"][0]["text_excerpt"].as_str().unwrap().contains("</script>"), "the text survives as text");
    let raw = doc().query_selector("script[data-rt-owner]").unwrap().unwrap().text_content().unwrap();
    assert!(!raw.contains('<'), "every < is \\u003c");
    stop_page_annotator();
}

#[wasm_bindgen_test]
fn csv_cells_never_start_a_formula() {
    for bad in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
        assert!(csv_cell(bad).starts_with('\''), "{bad:?}");
    }
    assert_eq!(csv_cell("质量太差"), "质量太差");
}

// Unknown settings fields are refused here as in the CLI (serde-wasm-bindgen alone ignored them).
#[wasm_bindgen_test]
fn unknown_settings_fields_are_refused() {
    let v = js_sys::JSON::parse(r#"{"shop_name":"x","bogus":1}"#).unwrap();
    assert!(validate_settings(v).is_err());
    let v = js_sys::JSON::parse(r#"{"shop_name":"x"}"#).unwrap();
    assert!(validate_settings(v).is_ok());
}

// Settings that do not validate do not switch the annotator off.
#[wasm_bindgen_test]
async fn invalid_settings_fall_back_to_defaults_with_a_notice() {
    let list = fixture(&format!(r#"<div id="list">{}</div>"#, legacy_card("a", "质量太差了", "2026-11-20 10:00")));
    let opts = options("jd-legacy", None);
    js_sys::Reflect::set(&opts, &"settings".into(), &js_sys::JSON::parse(r#"{"bogus":1}"#).unwrap()).unwrap();
    start_page_annotator(opts.into()).await.unwrap();
    let s = complete_summary().await;
    assert_eq!(s["count"], 1, "annotated on the defaults");
    assert!(s["errors"][0].as_str().unwrap().contains("设置无效"), "{}", s["errors"]);
    assert!(list.query_selector("rt-annotation").unwrap().is_some());
    let backup = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("rt:settings-backup").unwrap();
    assert_eq!(backup.as_deref(), Some(r#"{"bogus":1}"#), "the bad value is kept");
    stop_page_annotator();
}

// ------------------------------------------------------------------ issue 8 on the card

fn annotate_at(platform: Platform, record: ReviewInput, now: &str) -> review_triage::Annotation {
    let engine = Engine::new(Settings::default()).unwrap();
    engine.annotate(&record, platform, chrono::DateTime::parse_from_rfc3339(now).unwrap())
}

fn shadow_of(host: &Element) -> web_sys::ShadowRoot {
    host.shadow_root().unwrap()
}

// JD's appeal clock, a coarse date's marker and a rule warning are on the card, small, and in
// the aria-label.
#[wasm_bindgen_test]
fn chips_show_the_appeal_clock_the_approximate_marker_and_rule_warnings() {
    let now = "2026-11-22T10:00:00+08:00";
    let now_ms = chrono::DateTime::parse_from_rfc3339(now).unwrap().timestamp_millis() as f64;
    let jd = annotate_at(Platform::Jd, ReviewInput { id: "j".into(), text: "质量太差，坏了".into(), rating: Some("1".into()), reviewed_at: Some("2026-11-20 10:00".into()), ..Default::default() }, now);
    assert_eq!(jd.window.appeal_by.as_deref(), Some("2026-12-20T10:00:00+08:00"));
    let (host, shadow, chips) = ui::render(&doc(), &jd, false, None, now_ms).unwrap();
    let chip = shadow.query_selector(".row.main [data-label=\"申诉\"]").unwrap().expect("an appeal chip");
    assert_eq!(chip.text_content().unwrap(), "申诉剩 28天0小时");
    assert!(chip.get_attribute("title").unwrap().contains("2026-12-20T10:00:00+08:00"));
    assert!(chips.iter().any(|c| c.label == "申诉"), "it ticks with the other countdowns");
    assert!(host.get_attribute("aria-label").unwrap().contains("申诉剩28天0小时"), "{:?}", host.get_attribute("aria-label"));
    assert!(shadow.query_selector(".flag.approx").unwrap().is_none(), "an exact date is not marked");

    let approx = annotate_at(Platform::Taobao, ReviewInput { id: "t".into(), text: "颜色和图片不一样".into(), rating: Some("bad".into()), reviewed_at: Some("3天前".into()), ..Default::default() }, now);
    assert!(approx.window.approximate);
    let (host, shadow, _) = ui::render(&doc(), &approx, false, None, now_ms).unwrap();
    let flag = shadow.query_selector(".flag.approx").unwrap().expect("a marker");
    assert_eq!(flag.text_content().unwrap(), "约");
    assert!(flag.get_attribute("title").unwrap().contains("最早可能"));
    assert!(shadow.query_selector("[data-label=\"修改\"]").unwrap().unwrap().get_attribute("title").unwrap().contains("估算"));
    assert!(host.get_attribute("aria-label").unwrap().contains("期限为估算"));
    assert!(shadow.query_selector("[data-label=\"申诉\"]").unwrap().is_none(), "no appeal on Taobao");

    let changed = annotate_at(Platform::Taobao, ReviewInput { id: "w".into(), text: "还是不好用".into(), rating: Some("bad".into()), reviewed_at: Some("2026-11-20 10:00".into()), modified: true, ..Default::default() }, now);
    let warning = changed.window.warning.clone().expect("a 差评 that 'changed' is not the one change");
    let (host, shadow, _) = ui::render(&doc(), &changed, false, None, now_ms).unwrap();
    assert_eq!(shadow.query_selector(".flag.rule-warn").unwrap().unwrap().get_attribute("title").as_deref(), Some(warning.as_str()));
    assert_eq!(shadow.query_selector(".action.main .warn").unwrap().unwrap().text_content().as_deref(), Some(warning.as_str()), "the warning leads the action, in red");
    assert!(host.get_attribute("aria-label").unwrap().contains("页面与规则不符"));
}

// The appeal chip is re-evaluated at its boundaries like the other countdowns; the card keeps
// `data-rt-appeal-by`.
#[wasm_bindgen_test]
async fn the_appeal_clock_follows_the_test_clock() {
    let by = chrono::DateTime::parse_from_rfc3339("2026-12-20T10:00:00+08:00").unwrap().timestamp_millis() as f64;
    let start = by - 86_400_000.0 - 10_000.0;
    let list = fixture(&format!(r#"<div id="list">{}</div>"#, legacy_card("a", "质量太差了", "2026-11-20 10:00")));
    start_page_annotator(options("jd-legacy", Some(start)).into()).await.unwrap();
    let s = complete_summary().await;
    assert_eq!(s["reviews"][0]["appeal_by"], "2026-12-20T10:00:00+08:00");
    let card = list.query_selector("[data-guid=a]").unwrap().unwrap();
    assert_eq!(card.get_attribute("data-rt-appeal-by").as_deref(), Some("2026-12-20T10:00:00+08:00"));
    let host = card.query_selector("rt-annotation").unwrap().unwrap();
    let chip = |host: &Element| shadow_of(host).query_selector("[data-label=\"申诉\"]").unwrap().unwrap();
    assert_eq!(chip(&host).class_name(), "cd warn");
    assert!(set_annotator_clock(start + 11_000.0));
    assert_eq!(chip(&host).class_name(), "cd urgent", "under 24 h left");
    assert!(chip(&host).text_content().unwrap().starts_with("申诉剩 23小时59分"), "{:?}", chip(&host).text_content());
    assert!(set_annotator_clock(by + 1_000.0));
    assert_eq!(chip(&host).text_content().as_deref(), Some("申诉已截止"));
    assert!(host.get_attribute("aria-label").unwrap().contains("申诉已截止"));
    assert_eq!(card.get_attribute("data-rt-appeal-by").as_deref(), Some("2026-12-20T10:00:00+08:00"), "the attribute keeps the deadline");
    stop_page_annotator();
}

// Every field a summary row has is in the published schema, and required there.
#[wasm_bindgen_test]
fn summary_rows_match_the_schema() {
    use review_triage::wasm::{state::FollowUp, summary};
    let schema: serde_json::Value = serde_json::from_str(include_str!("../schema/summary.schema.json")).unwrap();
    let row_schema = &schema["definitions"]["row"];
    let mut props: Vec<String> = row_schema["properties"].as_object().unwrap().keys().cloned().collect();
    let mut required: Vec<String> = row_schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    props.sort();
    required.sort();
    assert_eq!(props, required, "every row field is required");
    let engine = Engine::new(Settings::default()).unwrap();
    let record = ReviewInput { id: "j".into(), text: "发错货了，少了一个配件".into(), rating: Some("1".into()), reviewed_at: Some("2026-11-20 10:00".into()), ..Default::default() };
    let ann = engine.annotate(&record, Platform::Jd, chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap());
    let composed = engine.compose(&record, &ann);
    let kinds: Vec<&str> = schema["definitions"]["findings"]["items"]["properties"]["kind"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for c in [None, Some(&composed)] {
        let row: serde_json::Value = serde_json::from_str(&summary::row("0123456789abcdef", &record, &ann, c, Some(&FollowUp::default()), None).to_json()).unwrap();
        let mut keys: Vec<String> = row.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, props);
        assert_eq!(row["appeal_by"], "2026-12-20T10:00:00+08:00");
        assert_eq!(row["approximate"], false);
        assert!(row["window_warning"].is_null());
        if c.is_some() {
            for list in [&row["lint"], &row["script_lint"]["phone"], &row["script_lint"]["chat"], &row["script_lint"]["sms"]] {
                for f in list.as_array().unwrap() {
                    assert!(kinds.contains(&f["kind"].as_str().unwrap()), "{f}");
                }
            }
            assert!(row["script_lint"]["chat"].as_array().unwrap().iter().any(|f| f["kind"] == "unconfirmed_claim"), "the chat has a slot to confirm");
        } else {
            assert!(row["script_lint"].is_null(), "null until composed");
        }
    }
}

// In page mode (the demo site, no extension): a tick composes the review again, the slot becomes
// the claim, and the tick is written with the follow-up.
#[wasm_bindgen_test]
async fn a_tick_composes_again_and_is_saved_with_the_follow_up() {
    let list = fixture(&format!(r#"<div id="list">{}</div>"#, legacy_card("a", "发错货了，少发了一个配件", "2026-11-20 10:00")));
    let writes = js_sys::Array::new();
    let shim = js_sys::Object::new();
    js_sys::Reflect::set(&shim, &"get".into(), &js_sys::Function::new_no_args("return Promise.resolve(undefined)")).unwrap();
    js_sys::Reflect::set(&shim, &"set".into(), &js_sys::Function::new_with_args("k, v", "this.writes.push([k, JSON.stringify(v)]); return Promise.resolve()")).unwrap();
    js_sys::Reflect::set(&shim, &"writes".into(), &writes).unwrap();
    let opts = options("jd-legacy", None);
    js_sys::Reflect::set(&opts, &"storage".into(), &shim).unwrap();
    start_page_annotator(opts.into()).await.unwrap();
    let s = complete_summary().await;
    let before = s["reviews"][0]["explanation"].as_str().unwrap().to_string();
    assert!(before.contains("【待确认"), "{before}");
    let host = list.query_selector("rt-annotation").unwrap().unwrap();
    click_in(&host, "button[data-act=explain]");
    sleep(50).await;
    let sh = shadow_of(&host);
    assert!(sh.query_selector(".explain .block-reason:not([hidden])").unwrap().is_some(), "a slot blocks");
    assert!(sh.query_selector("button[data-act=options]").unwrap().is_none(), "no options page to open outside the extension");
    let pending = sh.query_selector("label.claim.pending input").unwrap().expect("the slot's claim is marked");
    let claim = pending.get_attribute("data-claim").unwrap();
    js_sys::Reflect::set(&pending, &"checked".into(), &true.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    pending.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    sleep(50).await;
    let draft = js_sys::Reflect::get(&sh.query_selector("textarea.explain-text").unwrap().unwrap(), &"value".into()).unwrap().as_string().unwrap();
    assert!(!draft.contains("【待确认") && draft != before, "{draft}");
    assert!(sh.query_selector(".explain .block-reason:not([hidden])").unwrap().is_none(), "nothing blocks");
    let s = summary_where(|v| v["reviews"][0]["explanation"].as_str() == Some(draft.as_str())).await;
    assert_eq!(s["reviews"][0]["lint"], serde_json::json!([]));
    assert!(s["reviews"][0]["followup"].is_null(), "a tick alone is not a contact");
    sleep(400).await;
    let saved = writes.iter().filter_map(|w| {
        let w: js_sys::Array = w.dyn_into().ok()?;
        (w.get(0).as_string()? == "rt:followups").then(|| w.get(1).as_string()).flatten()
    });
    let last: serde_json::Value = serde_json::from_str(&saved.last().expect("the tick was written")).unwrap();
    assert_eq!(last["jd:a"]["confirmed"], serde_json::json!([claim]));
    stop_page_annotator();
}
