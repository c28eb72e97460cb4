//! Follow-up scripts: the six steps of call-script.md in phone, chat and SMS variants, tailored
//! to the causes found and to what the shop offers, with a checklist and follow-up advice.
//! Extortion gets its own path: no negotiation, keep evidence, report to the platform.
//!
//! No script asks the buyer to change, delete or add to a review (Taobao's 评价规范 forbids it
//! since 2021-12-28; every platform penalises inducement): step 5 confirms the outcome and leaves
//! the review to the buyer. Only a platform whose rules say `seller_may_ask` (none today) gets a
//! neutral line about it.

use crate::compose::{excerpt, playbook, to_output_script, ComposeContext};
use crate::model::{Cause, Platform, Script, WindowState};

/// SMS bodies stay within this many chars (one or two segments, no link).
pub const SMS_MAX_CHARS: usize = 120;

/// Composes the scripts and the checklist for one review.
pub fn compose(ctx: &ComposeContext) -> Script {
    let causes = ctx.main_causes();
    let s = if causes.contains(&Cause::Extortion) {
        extortion(ctx)
    } else if ctx.praise_only() {
        thanks(ctx)
    } else {
        regular(ctx, &causes)
    };
    Script {
        phone: to_output_script(&s.phone, ctx.output_script),
        chat: to_output_script(&s.chat, ctx.output_script),
        sms: to_output_script(&s.sms, ctx.output_script),
        checklist: s.checklist.iter().map(|l| to_output_script(l, ctx.output_script)).collect(),
        follow_up: s.follow_up.iter().map(|l| to_output_script(l, ctx.output_script)).collect(),
        // Converted words were not the ones checked.
        quoted: s.quoted.filter(|q| to_output_script(q, ctx.output_script) == *q),
    }
}

/// The solutions to offer for these causes, deduplicated, only those the shop offers.
fn solutions(ctx: &ComposeContext, causes: &[Cause]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in causes.iter().take(3) {
        for (needs, s) in playbook(*c).solutions {
            if needs.offered(ctx.solutions, ctx.confirmed) && !out.contains(s) {
                out.push(s);
            }
        }
    }
    if out.is_empty() {
        out.push("认真记录您的意见，并告诉您我们能做的改进");
    }
    out.truncate(4);
    out
}

fn problems(causes: &[Cause]) -> String {
    let v: Vec<&str> = causes.iter().take(2).map(|c| playbook(*c).problem).filter(|p| !p.is_empty()).collect();
    v.join("和")
}

/// A neutral line about the review, only where the platform's rules let the seller ask (none
/// today) and the buyer can still change it; never tied to anything.
fn review_line(ctx: &ComposeContext) -> Option<&'static str> {
    (ctx.seller_may_ask && matches!(ctx.window.state, WindowState::Open | WindowState::Closing))
        .then_some("（本平台规则允许时）问题解决后，如果您愿意，可以自行更新评价；不更新也完全没关系。")
}

/// Said when the buyer raises the review themselves (call-script.md step 5).
const IF_BUYER_ASKS: &str = "→ 买家主动提到评价：评价是您的权利，怎么评都由您决定，问题我们一样会负责到底。";

fn regular(ctx: &ComposeContext, causes: &[Cause]) -> Script {
    let (buyer, shop, item, agent) = (ctx.buyer_name(), ctx.shop_name(), ctx.item_name(), ctx.agent_name());
    // Quote the buyer only when the excerpt itself is fine to repeat (no insult, number, 好评返现 …).
    let quote = excerpt(ctx.text, 30);
    let buyer_only = crate::lint::LintOptions { audience: crate::lint::Audience::Buyer, ..Default::default() };
    let clean = !quote.is_empty() && crate::lint::lint_with(&quote, &buyer_only).is_empty();
    let quoted = if clean { format!("您在评价里说「{quote}」，") } else { String::new() };
    let problem = problems(causes);
    let sols = solutions(ctx, causes);
    let numbered: Vec<String> = sols.iter().enumerate().map(|(i, s)| format!("{}{}", ["①", "②", "③", "④"][i], s)).collect();
    let talking: Vec<&str> = causes.iter().take(2).map(|c| playbook(*c).talking_point).filter(|t| !t.is_empty()).collect();
    // What the shop did about the main cause: said only when confirmed, else a slot to confirm.
    let did = ctx.claims_for(causes[0], 500).unwrap_or_default();
    let buyer_owned = causes.iter().all(|c| matches!(c, Cause::Expectation | Cause::BuyerMistake));
    let empathy = if buyer_owned {
        "没关系，网上买东西拿不准是常有的事，我自己也遇到过，我们一起想办法。"
    } else {
        "换作是我遇到这种情况，也会不开心，完全理解您。"
    };
    let channel = match ctx.platform {
        Platform::Taobao | Platform::Tmall => "旺旺",
        Platform::Unknown => "平台消息",
        p => p.zh(),
    };
    let ask_line = review_line(ctx).map(|l| format!("   {l}\n")).unwrap_or_default();
    let step5 = format!(
        "5. 确认结果：跟您确认一下，就按您选的方式处理。什么时候办好、怎么查进度（退款到账时间、补发的快递单号），我都会在{channel}上发给您；之后有任何问题，直接在{channel}上找我{agent}。\n   {IF_BUYER_ASKS}\n{ask_line}   ⚠ 不提评价：不请求修改、删除或追评，也不暗示；任何补偿只为解决问题。"
    );
    let phone = format!(
        "1. 自我介绍：您好，请问是{buyer}吗？我是{shop}的售后负责人{agent}，关于您买的{item}给您来个电话，现在方便说几句吗？\n   → 不方便：好的，不打扰您。您看今天晚些还是明天什么时间方便？我到时再打给您。\n2. 感谢与道歉：非常感谢您的反馈。{quoted}{problem}给您添麻烦了，真的很抱歉。\n3. 表示理解：{empathy}\n4. 解决方案：{talk}{did}我们这边可以：{opts}。您看哪种方式更方便？\n   → 买家提出其他要求：记下来，当场确认能否做到，做不到不要承诺。\n{step5}\n6. 结束：再次向您道歉，谢谢您抽时间接电话。之后有任何问题直接找我{agent}，欢迎再来{shop}。",
        talk = talking.join(""),
        opts = numbered.join("；"),
    );
    let chat = format!(
        "消息1：{buyer}您好，我是{shop}的售后{agent}。看到您对{item}的反馈，{problem}给您添麻烦了，非常抱歉。\n消息2：{empathy}{talk}{did}\n消息3：我们可以{opts}，您看哪种更方便？回复我就马上安排。\n消息4（方案定下后发）：好的，就按您选的方式办，办好后我把进度发给您，有问题随时在这里找我。\n{ask}消息{last}：不管怎样都谢谢您的反馈，再次向您道歉。",
        talk = talking.first().copied().unwrap_or(""),
        opts = sols.join("，或者"),
        ask = review_line(ctx).map(|l| format!("（可选）{l}\n")).unwrap_or_default(),
        last = 5,
    );
    let sms = sms(&shop, &buyer, &agent, &problem, sols[0]);
    Script { phone, chat, sms, checklist: checklist(ctx, causes), follow_up: follow_up(), quoted: clean.then_some(quote) }
}

/// One polite SMS within [`SMS_MAX_CHARS`]: optional parts are dropped until it fits.
fn sms(shop: &str, buyer: &str, agent: &str, problem: &str, first_solution: &str) -> String {
    // The sender tag 【店铺名】; a missing name is already the visible placeholder 【店铺】.
    let shop = if shop.starts_with('【') { shop.to_string() } else { format!("【{shop}】") };
    let variants = [
        format!("{shop}{buyer}您好，我是售后{agent}。您反馈的{problem}我们很抱歉，可以{first_solution}。方便时请回复或联系店铺客服，谢谢！"),
        format!("{shop}您好，我是售后{agent}。您反馈的{problem}我们很抱歉，可以{first_solution}，方便时请回复，谢谢！"),
        format!("{shop}您好，您反馈的问题我们很抱歉，已为您准备解决方案，方便时请回复或联系店铺客服。"),
    ];
    let fits = variants.iter().find(|v| v.chars().count() <= SMS_MAX_CHARS);
    match fits {
        Some(v) => v.clone(),
        None => variants[2].chars().take(SMS_MAX_CHARS).collect(),
    }
}

fn checklist(ctx: &ComposeContext, causes: &[Cause]) -> Vec<String> {
    let mut c = vec![
        "读完整条评价和追评，确认原因：".to_string() + &causes.iter().map(|c| c.zh()).collect::<Vec<_>>().join("、"),
        "打开订单：核对商品、规格、发货和物流记录，查看之前的聊天记录".to_string(),
        "确认店铺能提供的售后方案（退换、运费谁承担、补发、补偿）".to_string(),
        "选时间：避开深夜和清晨（建议 9:00–12:00、14:00–20:00）；地址是公司的白天打，是家里的傍晚打".to_string(),
        "中差评优先电话；电话不通再用聊天或短信".to_string(),
    ];
    for cause in causes {
        let extra = match cause {
            Cause::WrongOrMissing => "核对打包记录和出库单，确认发错或漏发的是什么",
            Cause::ShippingSlow | Cause::CourierService | Cause::LateShipment => "查看物流轨迹和发货时间，弄清延误在哪一段",
            Cause::ServiceAttitude | Cause::AfterSales => "调出相关客服或售后的聊天记录，了解当时发生了什么",
            Cause::Counterfeit => "准备进货凭证或品牌授权，方便发给买家",
            Cause::Quality | Cause::Packaging => "请买家提供照片或视频前，先想好换货或补发怎么安排",
            _ => continue,
        };
        if !c.iter().any(|x| x == extra) {
            c.push(extra.to_string());
        }
    }
    c.push("评价留给买家：不请求修改、删除或追评，也不以任何补偿为条件（淘宝评价规范2021-12-28起禁止，各平台均处罚）".to_string());
    c.extend(deadlines(ctx));
    c
}

/// The countdowns as checklist lines: when the buyer's own chance to change the review ends (said
/// to no one), when the explanation and any appeal must be filed.
fn deadlines(ctx: &ComposeContext) -> Vec<String> {
    let w = ctx.window;
    let mut c = Vec::new();
    if let (WindowState::Open | WindowState::Closing, Some(d)) = (w.state, &w.deadline) {
        c.push(format!("买家可自行修改至：{d}（由买家自己决定，不向买家提起）"));
    }
    if let Some(by) = &w.explain_by {
        c.push(format!("解释截止：{by}"));
    }
    if let (Some(by), Some(left)) = (&w.appeal_by, w.appeal_remaining_secs) {
        if left > 0 {
            c.push(format!("不合理评价申诉截止：{by}（每条限一次，只针对确实不合理的评价）"));
        }
    }
    if w.approximate && !c.is_empty() {
        c.push("以上时间按页面的粗略评价时间估算，已按最早可能时间计算".to_string());
    }
    c
}

fn follow_up() -> Vec<String> {
    vec![
        "通话后立即记录结果：同意 / 考虑中（约好回访日期）/ 拒绝 / 联系不上".to_string(),
        "买家挂断或没接：可以发一条礼貌短信，不要连续拨打".to_string(),
        "被拒绝或联系3次都没接通：停止联系，在截止前发布评价解释".to_string(),
        "任何补偿都只为解决问题，不能以修改评价为条件".to_string(),
        "买家主动提到评价：只说评价由买家自己决定，不给修改的指引，也不再追问".to_string(),
    ]
}

/// A 好评 with nothing to fix: no call and no SMS (contacting a satisfied buyer only disturbs
/// them, and unasked-for messages are what Consumer Protection Law Art. 29 restrains), at most one
/// thank-you in chat that says nothing about the review. Only the 话术 panel or `--every-script`
/// asks for it: such a review needs no action.
fn thanks(ctx: &ComposeContext) -> Script {
    let (buyer, shop, item, agent) = (ctx.buyer_name(), ctx.shop_name(), ctx.item_name(), ctx.agent_name());
    let phone = format!(
        "无需致电：这是好评，没有发现需要处理的问题，不打扰买家。\n→ 买家主动来电：您好，我是{shop}的{agent}，谢谢您对{item}的认可。之后使用中有任何问题，直接找我就好，欢迎再来{shop}。"
    );
    let chat = format!("消息1（可选，只发一次）：{buyer}您好，我是{shop}的{agent}，谢谢您对{item}的认可！使用中有任何问题，随时在这里找我。");
    let sms = "（无需发送）好评不必短信回访：买家没有反映问题时，不发回访或营销短信。".to_string();
    let checklist = vec![
        "读完整条评价和追评，确认没有抱怨；有不满的地方，按中差评处理".to_string(),
        "不打电话、不发短信；想致谢只在聊天里发一次，不提评价".to_string(),
    ];
    let follow_up = vec!["买家回复了问题或不满：先了解原因，再给解决方案".to_string(), "没有回音：不再追发消息".to_string()];
    Script { phone, chat, sms, checklist, follow_up, quoted: None }
}

fn extortion(ctx: &ComposeContext) -> Script {
    let (shop, agent) = (ctx.shop_name(), ctx.agent_name());
    let report = match ctx.platform {
        Platform::Taobao | Platform::Tmall => "千牛 → 评价管理 → 投诉评价（恶意评价/敲诈）",
        Platform::Jd => "京东商家后台 → 评价管理 → 不合理评价申诉",
        Platform::Pinduoduo => "拼多多商家后台 → 评价管理 → 举报/申诉",
        Platform::Douyin => "抖店后台 → 评价管理 → 举报/申诉",
        Platform::Unknown => "平台后台的评价投诉或申诉入口",
    };
    let phone = format!(
        "疑似恶意敲诈：不主动打电话谈条件。如买家来电：\n1. 表明身份：您好，我是{shop}的售后{agent}。\n2. 只谈商品问题：商品确有问题的，我们按平台规则给您退换或处理。\n3. 明确边界：评价是您的权利，我们不会用退款、返现或任何好处来交换评价，也不会接受以评价为条件的要求。\n4. 不争吵、不威胁、不付款；对方继续索要时礼貌结束通话：这个要求我们无法答应，商品问题您可以通过平台申请售后。\n5. 通话后立即记录时间和内容，保存通话录音（如有）。\n6. 向平台举报：{report}。"
    );
    let chat = format!(
        "消息1：您好，我是{shop}的售后{agent}。商品有任何问题，我们都会按平台规则为您处理退换。\n消息2：评价是您的权利，我们不会以退款、返现或其他好处交换评价，也无法答应以评价为条件的要求。\n消息3：如需售后，请直接在平台上申请，我们会尽快处理。\n（不要再回复索要内容；截图保存全部聊天记录，提交平台。）"
    );
    let sms = format!("【{shop}】您好，商品问题我们会按平台规则处理，请通过平台申请售后。我们不接受以评价为条件的任何要求，谢谢理解。");
    let checklist = vec![
        "完整截图聊天记录（含时间和对方账号），保存订单信息".to_string(),
        "保存买家发来的原话：索要的金额、以评价相威胁的内容".to_string(),
        "不付款、不返现，不接受私下转账，也不在聊天里讨价还价".to_string(),
        format!("向平台举报：{report}"),
        "评价解释只陈述事实，不指名、不指责".to_string(),
    ];
    let mut checklist = checklist;
    checklist.extend(deadlines(ctx));
    let follow_up = vec![
        "记录举报时间和受理编号，关注平台处理结果".to_string(),
        "对方再次联系时只重复售后规则，不再回应索要".to_string(),
        "如对方威胁升级，保存证据，必要时咨询平台客服或法律意见".to_string(),
    ];
    Script { phone, chat, sms, checklist, follow_up, quoted: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CauseHit, Evidence, ExplainState, LintKind, Rating, Window};
    use crate::settings::{Claim, ClaimSet, OutputScript, Solutions};

    fn window(state: WindowState) -> Window {
        Window {
            state,
            deadline: Some("2026-12-20T10:00:00+08:00".into()),
            remaining_secs: Some(86_400 * 20),
            explain_by: Some("2026-12-20T10:00:00+08:00".into()),
            explain_remaining_secs: Some(86_400 * 20),
            explain_state: ExplainState::Open,
            ..Window::unknown()
        }
    }

    fn hits(tags: &[Cause]) -> Vec<CauseHit> {
        tags.iter().map(|t| CauseHit { tag: *t, owner: t.owner(), confidence: 0.9, evidence: vec![Evidence { start: 0, end: 1, text: "x".into() }] }).collect()
    }

    struct Case<'a> {
        tags: &'a [Cause],
        state: WindowState,
        solutions: Solutions,
        names: bool,
        confirmed: ClaimSet,
        may_ask: bool,
        text: &'a str,
        rating: Option<Rating>,
    }

    impl Default for Case<'_> {
        fn default() -> Self {
            Case { tags: &[Cause::Quality], state: WindowState::Open, solutions: Solutions::default(), names: true, confirmed: ClaimSet::new(), may_ask: false, text: "衣服颜色和图片差别很大，洗了一次就掉色", rating: Some(Rating::Bad) }
        }
    }

    fn script(c: Case) -> Script {
        let causes = hits(c.tags);
        let w = window(c.state);
        let ctx = ComposeContext {
            platform: Platform::Taobao,
            rating: c.rating,
            causes: &causes,
            window: &w,
            buyer: c.names.then_some("t**6"),
            item: c.names.then_some("纯棉T恤"),
            shop: c.names.then_some("小林家居"),
            agent: c.names.then_some("小林"),
            text: c.text,
            solutions: &c.solutions,
            output_script: OutputScript::Simplified,
            seed: 7,
            explain_max_chars: 500,
            confirmed: &c.confirmed,
            seller_may_ask: c.may_ask,
        };
        compose(&ctx)
    }

    fn all_text(s: &Script) -> String {
        [s.phone.clone(), s.chat.clone(), s.sms.clone(), s.checklist.join("\n"), s.follow_up.join("\n")].join("\n")
    }

    #[test]
    fn placeholders_show_when_names_are_missing() {
        let s = script(Case { names: false, ..Case::default() });
        for p in ["【买家】", "【店铺】", "【商品】", "【客服】"] {
            assert!(s.phone.contains(p), "{p} missing");
        }
        assert!(s.sms.starts_with("【店铺】") && !s.sms.contains("【【"), "{}", s.sms);
        let s = script(Case::default());
        assert!(s.phone.contains("小林家居") && s.phone.contains("t**6") && !s.phone.contains("【买家】"));
    }

    #[test]
    fn only_offered_solutions() {
        let none = Solutions { return_exchange: false, free_return_freight: false, resend: false, partial_refund: false, coupon_or_gift: false, courier_pickup: false };
        let s = script(Case { solutions: none, ..Case::default() });
        let step4 = s.phone.lines().find(|l| l.starts_with("4.")).unwrap();
        assert!(!step4.contains("换一件") && !step4.contains("补偿") && !step4.contains("运费"), "{step4}");
        let s = script(Case { tags: &[Cause::WrongOrMissing], ..Case::default() });
        assert!(s.phone.contains("补发"));
        // Purchase receipts are offered only when the shop confirms it can show them.
        let s = script(Case { tags: &[Cause::Counterfeit], ..Case::default() });
        assert!(!s.phone.contains("进货凭证和品牌授权发给您"), "{}", s.phone);
        let s = script(Case { tags: &[Cause::Counterfeit], confirmed: [Claim::PurchaseProof].into(), ..Case::default() });
        assert!(s.phone.contains("进货凭证和品牌授权发给您"), "{}", s.phone);
    }

    #[test]
    fn never_asks_about_the_review_and_confirms_the_outcome() {
        for state in [WindowState::Open, WindowState::Closing, WindowState::NotModifiable, WindowState::Unknown] {
            let s = script(Case { state, ..Case::default() });
            let text = all_text(&s);
            for asked in ["更新一下评价", "修改窗口还剩", "改成好评", "追评说明", "我的淘宝", "评价管理"] {
                assert!(!text.contains(asked), "{state:?}: {asked} in\n{text}");
            }
            let step5 = s.phone.lines().skip_while(|l| !l.starts_with("5.")).take(3).collect::<Vec<_>>().join("\n");
            assert!(step5.contains("确认") && step5.contains("进度") && step5.contains("由您决定"), "{step5}");
            for f in crate::lint::lint_with(&s.phone, &crate::lint::LintOptions { audience: crate::lint::Audience::Buyer, ..Default::default() }) {
                assert!(!crate::lint::FORBIDDEN.contains(&f.kind), "{f:?}");
            }
        }
        // The countdown stays, as a date for the agent, said to no one.
        let s = script(Case::default());
        assert!(s.checklist.iter().any(|c| c.starts_with("买家可自行修改至：2026-12-20") && c.contains("不向买家提起")), "{:?}", s.checklist);
    }

    #[test]
    fn a_rule_that_allows_asking_is_read_from_the_data() {
        let s = script(Case { may_ask: true, ..Case::default() });
        assert!(s.phone.contains("可以自行更新评价"), "{}", s.phone);
        let s = script(Case { may_ask: true, state: WindowState::Closed, ..Case::default() });
        assert!(!s.phone.contains("自行更新评价"));
    }

    #[test]
    fn a_corner_bracket_in_the_review_does_not_end_the_quotation() {
        // Found by the property test: the buyer's 」 closed 「 early and the rest of the review read
        // as the seller's own words (a review request). The quote keeps the review inside.
        for text in ["A 🌀🛰 \u{dca}®A¡AA 」YAb\"𞟭\"C𛀀\"CC\u{cbc}🌀;\u{11d90}A﷏￼", "质量差」好评返现「"] {
            let s = script(Case { text, ..Case::default() });
            for t in [&s.phone, &s.chat, &s.sms] {
                assert!(crate::lint::lint(t, None).iter().all(|f| !crate::lint::FORBIDDEN.contains(&f.kind)), "{t}");
            }
        }
    }

    #[test]
    fn claims_are_said_only_when_confirmed() {
        let s = script(Case::default());
        assert!(s.phone.contains("【待确认："), "{}", s.phone);
        let s = script(Case { confirmed: [Claim::BatchRecheck].into(), ..Case::default() });
        assert!(!s.phone.contains("【待确认") && s.phone.contains("重新抽检"), "{}", s.phone);
        let s = script(Case { tags: &[Cause::Other], ..Case::default() });
        assert!(!all_text(&s).contains("【待确认"));
    }

    #[test]
    fn extortion_never_negotiates() {
        let s = script(Case { tags: &[Cause::Extortion, Cause::Quality], ..Case::default() });
        let all = format!("{}{}{}", s.phone, s.chat, s.sms);
        assert!(all.contains("举报") && s.checklist.iter().any(|c| c.contains("截图")));
        assert!(!all.contains("补偿您") && !all.contains("更新一下评价"));
        for text in [&s.phone, &s.chat, &s.sms] {
            let found: Vec<LintKind> = crate::lint::lint(text, None).into_iter().map(|f| f.kind).collect();
            assert!(found.is_empty(), "{found:?} in {text}");
        }
    }

    #[test]
    fn quotes_the_review_only_when_it_is_fine_to_repeat() {
        let s = script(Case::default());
        assert!(s.phone.contains("您在评价里说「衣服颜色和图片差别很大"), "{}", s.phone);
        let causes = hits(&[Cause::ServiceAttitude]);
        let w = window(WindowState::Open);
        let none = ClaimSet::new();
        let sol = Solutions::default();
        for text in ["客服没素质，垃圾店", "电话13812345678打不通", "说好的好评返现呢"] {
            let ctx = ComposeContext {
                platform: Platform::Taobao, rating: Some(Rating::Bad), causes: &causes, window: &w, buyer: None, item: None, shop: None, agent: None,
                text, solutions: &sol, output_script: OutputScript::Simplified, seed: 1, explain_max_chars: 500, confirmed: &none, seller_may_ask: false,
            };
            let s = compose(&ctx);
            assert!(!s.phone.contains("「") && s.phone.contains("2. 感谢与道歉：非常感谢您的反馈。之前的客服沟通"), "{}", s.phone);
        }
    }

    #[test]
    fn a_praise_with_nothing_to_fix_is_thanked_not_apologised_for() {
        let s = script(Case { tags: &[], rating: Some(Rating::Good), text: "宝贝很好，物流很快，下次还来", ..Case::default() });
        let all = all_text(&s);
        for sorry in ["抱歉", "歉意", "添麻烦", "宝贝很好"] {
            assert!(!all.contains(sorry), "{sorry}: {all}");
        }
        assert!(s.phone.starts_with("无需致电") && s.sms.starts_with("（无需发送）"), "{all}");
        assert!(s.chat.contains("谢谢您对纯棉T恤的认可") && !s.chat.contains("评价"), "the thanks says nothing of the review: {}", s.chat);
        assert!(s.quoted.is_none());
        // A 好评 that names a shortfall, and a review with no rating or a 中评, get the full script.
        for (tags, rating) in [(&[Cause::Packaging][..], Some(Rating::Good)), (&[][..], None), (&[][..], Some(Rating::Neutral))] {
            let s = script(Case { tags, rating, ..Case::default() });
            assert!(s.phone.contains("真的很抱歉"), "{}", s.phone);
        }
    }

    #[test]
    fn sms_fits_for_every_cause() {
        for c in Cause::ALL {
            let s = script(Case { tags: &[c], ..Case::default() });
            assert!(s.sms.chars().count() <= SMS_MAX_CHARS, "{c}: {}", s.sms);
            assert!(!s.sms.contains("http"));
        }
    }
}
