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
    let (host, shadow) = ui::render(&doc, &a, false, None, now.timestamp_millis() as f64);
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
