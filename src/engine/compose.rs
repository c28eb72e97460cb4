//! What the script and explanation composers share: the facts about one review, the playbook of
//! each cause (the problem in the buyer's words, the solutions that fit it, what to tell future
//! buyers), placeholders, excerpts and the output script.

use crate::model::{Cause, CauseHit, Platform, Rating, Window};
use crate::settings::{Claim, ClaimSet, OutputScript, Solutions};

/// The facts a composer works from. Names left `None` appear as visible 【买家】-style placeholders.
#[derive(Debug, Clone)]
pub struct ComposeContext<'a> {
    pub platform: Platform,
    pub rating: Option<Rating>,
    pub causes: &'a [CauseHit],
    pub window: &'a Window,
    pub buyer: Option<&'a str>,
    pub item: Option<&'a str>,
    pub shop: Option<&'a str>,
    pub agent: Option<&'a str>,
    /// The review text (the composer quotes a short excerpt of it).
    pub text: &'a str,
    pub solutions: &'a Solutions,
    pub output_script: OutputScript,
    /// Stable per review (hash of id and text): picks among wordings deterministically.
    pub seed: u64,
    /// Longest public explanation the platform accepts, in chars.
    pub explain_max_chars: usize,
    /// Claims confirmed by the shop's settings or the agent's ticks for this review.
    pub confirmed: &'a ClaimSet,
    /// The platform's rules let the seller ask about the review (`seller_may_ask`; false
    /// everywhere today, see `rules`).
    pub seller_may_ask: bool,
}

impl ComposeContext<'_> {
    pub fn buyer_name(&self) -> String {
        self.buyer.map_or_else(|| "【买家】".into(), |b| b.trim().to_string())
    }
    pub fn shop_name(&self) -> String {
        self.shop.map_or_else(|| "【店铺】".into(), |b| b.trim().to_string())
    }
    pub fn item_name(&self) -> String {
        self.item.map_or_else(|| "【商品】".into(), |b| b.trim().to_string())
    }
    pub fn agent_name(&self) -> String {
        self.agent.map_or_else(|| "【客服】".into(), |b| b.trim().to_string())
    }

    /// See [`crate::model::praise_only`].
    pub fn praise_only(&self) -> bool {
        crate::model::praise_only(self.rating, self.causes)
    }

    /// The causes to talk about, strongest first; `other` stands in when none was found.
    pub fn main_causes(&self) -> Vec<Cause> {
        let mut v: Vec<Cause> = self.causes.iter().map(|c| c.tag).collect();
        if v.is_empty() {
            v.push(Cause::Other);
        }
        v
    }

    /// Picks one of `n` wordings for slot `salt`, the same every time for this review.
    pub fn pick(&self, salt: u64, n: usize) -> usize {
        let mut x = self.seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        (x % n.max(1) as u64) as usize
    }

    /// What the shop did about `cause`, for the explanation or the script: the confirmed claims'
    /// sentences (at most two), or, when none of the cause's claims is confirmed, one of them as a
    /// visible 【待确认：…】 slot for the agent to confirm or delete. `None` when the cause has no
    /// claims.
    pub fn claims_for(&self, cause: Cause, salt: u64) -> Option<String> {
        let claims = playbook(cause).claims;
        let confirmed: Vec<Claim> = claims.iter().copied().filter(|c| self.confirmed.contains(c)).take(2).collect();
        if !confirmed.is_empty() {
            return Some(confirmed.iter().enumerate().map(|(i, c)| pick_of(claim_wordings(*c), self.pick(salt + i as u64, 2))).collect());
        }
        let c = *claims.get(self.pick(salt, claims.len().max(1)))?;
        Some(format!("【待确认：{}】", pick_of(claim_wordings(c), self.pick(salt + 7, 2))))
    }
}

fn pick_of(v: &[&'static str], i: usize) -> &'static str {
    v[i % v.len()]
}

/// How an explanation or a script says a claim once it is confirmed: two wordings each.
pub fn claim_wordings(c: Claim) -> &'static [&'static str] {
    match c {
        Claim::BatchRecheck => &["我们已对同批次库存重新抽检。", "同批次的库存我们已重新抽检。"],
        Claim::SupplierFeedback => &["问题已反馈给工厂，后续出货会加强检查。", "我们已把问题反馈给生产方改进。"],
        Claim::RealPhotos => &["详情页已补充自然光实拍图，选购时可参考。", "我们已在详情页更新了更接近实物的图片。"],
        Claim::MeasuredSizes => &["详情页已补充实测尺寸，建议选购前对照测量。", "尺码表已更新实测数据，供大家参考。"],
        Claim::DescriptionReviewed => &["我们已逐项核对并更正了详情页描述。", "详情页不准确的地方已经更正。"],
        Claim::PurchaseProof => &["本店可提供进货凭证和品牌授权，欢迎查验。", "如有疑问，可联系客服查看进货凭证和授权。"],
        Claim::CounterCheck => &["本店商品支持专柜验货。", "商品支持到品牌专柜验货。"],
        Claim::PackingCheck => &["仓库已在打包环节增加出库复核。", "现在每单出库前都会再次核对。"],
        Claim::SturdyPackaging => &["我们已加厚外箱并增加了缓冲材料。", "包装已改用更结实的材料并加了防护。"],
        Claim::MorePackingStaff => &["仓库已增加打包人手，缩短了发货时间。", "我们已调整排班，发货会更及时。"],
        Claim::StaffTraining => &["已对相关客服同事进行培训。", "客服团队已针对这次沟通加强了培训。"],
        Claim::AfterSalesOwner => &["现在每个售后申请都有专人跟进到底。", "售后已安排专人负责，问题会及时处理。"],
        Claim::PriceProtection => &["本店支持价保，具体规则可咨询客服。", "价保规则可咨询客服办理。"],
        Claim::FasterCourier => &["我们已为偏远地区更换了更快的物流线路。", "部分地区已换用更快的快递线路。"],
        Claim::Resent => &["缺少或受损的部分已为这位顾客补发。", "我们已为这位顾客补发。"],
        Claim::ReturnArranged => &["已为这位顾客办理退换。", "这位顾客的退换已安排好。"],
        Claim::CourierContacted => &["我们已就这件包裹联系快递公司处理。", "这件包裹的问题已反馈给快递公司。"],
        Claim::ReportedToPlatform => &["相关沟通记录已提交平台处理。", "此事已按平台规则提交平台处理。"],
    }
}

/// The claims left as 【待确认：…】 slots in `text` (composed in `script`), one per slot in text
/// order: the slot holds one of the claim's wordings. A slot the agent edited into something else
/// is not a claim any more and is left out (the linter still reports it).
pub fn slot_claims(text: &str, script: OutputScript) -> Vec<Claim> {
    let marker = to_output_script("【待确认", script);
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(marker.as_str()) {
        rest = &rest[i..];
        let Some(end) = rest.find('】') else { break };
        let inner = rest[marker.len()..end].trim_start_matches(['：', ':']);
        let found = Claim::ALL.into_iter().find(|c| claim_wordings(*c).iter().any(|w| to_output_script(w, script) == inner));
        out.extend(found);
        rest = &rest[end..];
    }
    out
}

/// Which shop setting a solution needs (`Always`: costs nothing, always offered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Always,
    ReturnExchange,
    FreeFreight,
    Resend,
    PartialRefund,
    CouponOrGift,
    CourierPickup,
    /// Offered only when the shop confirms the claim (进货凭证 needs `purchase_proof`).
    Confirmed(Claim),
}

impl Needs {
    pub fn offered(self, s: &Solutions, confirmed: &ClaimSet) -> bool {
        match self {
            Needs::Always => true,
            Needs::Confirmed(c) => confirmed.contains(&c),
            Needs::ReturnExchange => s.return_exchange,
            Needs::FreeFreight => s.return_exchange && s.free_return_freight,
            Needs::Resend => s.resend,
            Needs::PartialRefund => s.partial_refund,
            Needs::CouponOrGift => s.coupon_or_gift,
            Needs::CourierPickup => s.return_exchange && s.courier_pickup,
        }
    }
}

/// How to handle one cause (call-script.md step 4 and the explanation).
pub struct Playbook {
    /// The problem, as said to the buyer ("收到的商品有质量问题").
    pub problem: &'static str,
    /// Solutions to offer, with the setting each needs.
    pub solutions: &'static [(Needs, &'static str)],
    /// Something the agent can say that is true for this cause whatever the shop has done.
    pub talking_point: &'static str,
    /// Public explanation sentences for future buyers, true whatever the shop has done: at
    /// least three wordings.
    pub public: &'static [&'static str],
    /// What the shop may have done about this cause: said only when confirmed.
    pub claims: &'static [Claim],
}

/// The playbook of each cause.
pub fn playbook(c: Cause) -> &'static Playbook {
    use Claim as C;
    use Needs::*;
    macro_rules! pb {
        ($p:expr, [$($n:expr => $s:expr),* $(,)?], $t:expr, [$($pub:expr),* $(,)?], [$($cl:expr),* $(,)?]) => {{
            static P: Playbook = Playbook { problem: $p, solutions: &[$(($n, $s)),*], talking_point: $t, public: &[$($pub),*], claims: &[$($cl),*] };
            &P
        }};
    }
    match c {
        Cause::Quality => pb!("商品的质量问题",
            [ReturnExchange => "为您免费换一件新的", FreeFreight => "来回运费由我们承担", CourierPickup => "安排快递上门取件", PartialRefund => "如果您愿意继续使用，给您一笔补偿"],
            "您说的问题我都记下了。",
            ["对商品出现的质量问题，我们很抱歉。", "收到的商品有问题，给您添麻烦了，我们很抱歉。", "商品质量的问题我们认真看过了，非常抱歉。"],
            [C::BatchRecheck, C::SupplierFeedback, C::ReturnArranged]),
        Cause::ColorMismatch => pb!("实物颜色和图片有差异",
            [ReturnExchange => "为您换一个颜色或办理退货", FreeFreight => "运费由我们承担"],
            "不同手机屏幕和拍摄光线会让颜色看起来有差别。",
            ["商品图片在不同屏幕和光线下会有一定色差，选购时请以实物为准。", "颜色的呈现受屏幕和拍摄光线影响，与实物可能略有差别。", "关于色差：不同屏幕和光线下颜色看起来会有差别，我们理解您的感受。"],
            [C::RealPhotos]),
        Cause::SizeFit => pb!("尺码不合适",
            [ReturnExchange => "免费为您换一个合适的尺码", FreeFreight => "换货运费由我们承担", Always => "根据您的身高体重给您具体的尺码建议", PartialRefund => "如果是鞋子磨脚，补偿一点费用给您买后跟贴"],
            "新鞋磨脚可以先用吹风机加热鞋口软化，或贴上后跟贴。",
            ["每个人的体型和穿着习惯不同，尺码拿不准时可以先咨询客服。", "尺码不合适给您添麻烦了，选购前可对照详情页的尺码表。", "尺码问题我们记下了，拿不准尺码时欢迎先咨询客服。"],
            [C::MeasuredSizes]),
        Cause::NotAsDescribed => pb!("收到的商品和页面描述不一致",
            [ReturnExchange => "为您办理退货或换货", FreeFreight => "运费由我们承担", PartialRefund => "按差额给您补偿"],
            "页面描述我会逐项核对。",
            ["感谢指出描述与实物的出入，我们会认真核对。", "收到的商品和描述不一致，给您添麻烦了。", "描述与实物的差别我们认真看过了，很抱歉让您失望。"],
            [C::DescriptionReviewed]),
        Cause::Counterfeit => pb!("对商品是否正品有疑虑",
            [Confirmed(C::PurchaseProof) => "把进货凭证和品牌授权发给您查看", ReturnExchange => "如仍不放心，为您办理退货", FreeFreight => "退货运费由我们承担"],
            "您对真伪有顾虑，我们完全理解。",
            ["关于真伪的疑问，我们理解您的担心。", "您对商品真伪的顾虑我们很重视。", "谢谢您提出对真伪的疑问，我们认真对待。"],
            [C::PurchaseProof, C::CounterCheck]),
        Cause::Smell => pb!("商品有异味",
            [Always => "告诉您去味的方法：放在通风处晾几天，气味一般会明显减轻", ReturnExchange => "如果几天后仍有气味，为您办理退换", FreeFreight => "运费由我们承担"],
            "新品刚出厂密封包装，会有些材料本身的气味，通风后一般会散去。",
            ["新品刚拆封时可能带有材料本身的气味，放在通风处几天会明显减轻。", "新品密封包装时会有些材料的气味，通风晾放后一般会散去。", "收到后建议先拆封通风几天，气味会逐渐减轻。"],
            [C::SupplierFeedback]),
        Cause::WrongOrMissing => pb!("发错或漏发了东西",
            [Resend => "马上为您补发缺少或发错的部分", CourierPickup => "发错的商品安排快递上门取回", FreeFreight => "运费全部由我们承担"],
            "这单的打包记录我马上核查。",
            ["这次发货出了差错，非常抱歉。", "对漏发、错发的情况我们很抱歉。", "发货时的疏漏给您添麻烦了，真的很抱歉。"],
            [C::Resent, C::PackingCheck]),
        Cause::LateShipment => pb!("发货慢了",
            [Always => "把发货延误的原因和最新进度告诉您", CouponOrGift => "送您一张店铺优惠券表达歉意"],
            "发货慢让您久等了。",
            ["对发货慢我们很抱歉。", "发货延迟让您久等了，非常抱歉。", "这次发货比承诺的慢，让您久等了，很抱歉。"],
            [C::MorePackingStaff]),
        Cause::Packaging => pb!("商品在运输中受损或包装不到位",
            [ReturnExchange => "为您免费换一件完好的", Resend => "补发受损的部分", PartialRefund => "如果不影响使用，给您一笔补偿"],
            "运输中的磕碰给您添麻烦了。",
            ["商品在运输中受损，给您添麻烦了，非常抱歉。", "对包装不到位我们很抱歉。", "运输中的磕碰让商品受损，真的很抱歉。"],
            [C::SturdyPackaging, C::Resent]),
        Cause::ServiceAttitude => pb!("之前的客服沟通让您不愉快",
            [Always => "代表店铺向您郑重道歉", CouponOrGift => "送您一张优惠券表达歉意"],
            "之前的沟通让您不愉快，我代表店铺向您道歉。",
            ["客服沟通让您不满意，我们很抱歉。", "这次的服务体验不好，我们深表歉意。", "我们重视每一次沟通，这次让您不愉快，非常抱歉。"],
            [C::StaffTraining]),
        Cause::AfterSales => pb!("售后处理不及时",
            [Always => "由我本人负责跟进到底，今天就给您处理", ReturnExchange => "直接为您办理退换", PartialRefund => "给您一笔补偿"],
            "这单售后由我专门跟进，不会再让您来回找人。",
            ["售后处理不及时是我们的问题，非常抱歉。", "对售后体验不好我们很抱歉。", "售后没有及时回应您，这是我们做得不好。"],
            [C::AfterSalesOwner]),
        Cause::Price => pb!("价格变动让您觉得不划算",
            [Confirmed(C::PriceProtection) => "按店铺价保规则为您申请差价", PartialRefund => "在规则允许的范围内为您申请差价", CouponOrGift => "送您一张优惠券"],
            "价格会随平台活动调整，我们理解刚买就遇到降价的心情。",
            ["价格会随平台活动调整，给您带来的不便我们很抱歉。", "我们理解刚买就遇到降价的心情。", "关于价格变动，我们理解大家的关注。"],
            [C::PriceProtection]),
        Cause::ShippingSlow => pb!("物流太慢",
            [Always => "帮您联系快递催件并随时告诉您进度", CouponOrGift => "送您一张优惠券表达歉意"],
            "包裹发出后的时效受快递公司影响，我帮您盯着进度。",
            ["物流时效不理想，让您久等了，非常抱歉。", "包裹在途时间过长，我们很抱歉。", "对物流慢我们很抱歉。"],
            [C::CourierContacted, C::FasterCourier]),
        Cause::CourierService => pb!("快递服务不好",
            [Always => "帮您向快递公司投诉并要求整改", CouponOrGift => "送您一张优惠券表达歉意"],
            "快递员的问题我会向快递公司反映。",
            ["派送服务让您不满意，我们很抱歉。", "对配送体验不好我们很抱歉。", "快递派送的问题给您添麻烦了，很抱歉。"],
            [C::CourierContacted]),
        Cause::Expectation => pb!("商品没有达到您的期待",
            [Always => "给您一些使用建议，看看能不能更合您心意", ReturnExchange => "如果确实不合适，为您办理七天无理由退换"],
            "每个人的喜好不同，您的意见我会反馈给产品团队。",
            ["商品没能达到您的期待，我们很遗憾。", "每个人的喜好和使用习惯不同，选购前可以咨询客服了解细节。", "谢谢您说出真实的感受，我们会认真参考。"],
            [C::SupplierFeedback, C::DescriptionReviewed]),
        Cause::BuyerMistake => pb!("选的款式或尺码不太合适",
            [ReturnExchange => "帮您换成合适的款式或尺码", FreeFreight => "换货运费由我们承担"],
            "选款时拿不准很正常。",
            ["选购时拿不准款式或尺码很正常，欢迎先咨询客服。", "款式或尺码不合适给您添麻烦了，我们会尽量帮忙。", "选款拿不准很常见，有疑问可以随时问客服。"],
            [C::MeasuredSizes, C::DescriptionReviewed]),
        Cause::Extortion => pb!("",
            [],
            "",
            ["本店所有售后均按平台规则办理，不接受以评价为条件的任何要求。", "我们欢迎真实的评价，商品问题均可按平台规则申请售后。", "本店按平台规则处理售后，不以任何利益交换评价。"],
            [C::ReportedToPlatform]),
        Cause::Other => pb!("这次购物体验不好",
            [Always => "认真记录您的意见并尽快答复"],
            "您的意见我都会记录并反馈。",
            ["感谢您的意见，我们会认真看待。", "您提到的问题我们会认真对待。", "我们重视每一条反馈，会不断改进购物体验。"],
            []),
    }
}

/// What the shop offers for these causes, said in public ("可联系客服办理退换，来回运费由店铺
/// 承担"): only what the settings say it offers. `None` when nothing applies.
pub fn public_offer(ctx: &ComposeContext, causes: &[Cause]) -> Option<String> {
    let s = ctx.solutions;
    let fixable = causes.iter().any(|c| matches!(c.owner(), crate::model::Owner::Seller | crate::model::Owner::Buyer));
    if !fixable || causes.contains(&Cause::Extortion) {
        return None;
    }
    let needs: Vec<Needs> = causes.iter().flat_map(|c| playbook(*c).solutions.iter().map(|(n, _)| *n)).collect();
    let mut parts: Vec<&str> = Vec::new();
    if needs.contains(&Needs::ReturnExchange) && s.return_exchange {
        parts.push("可联系客服办理退换");
        if s.free_return_freight {
            parts.push("来回运费由店铺承担");
        }
        if s.courier_pickup {
            parts.push("可安排快递上门取件");
        }
    }
    if needs.contains(&Needs::Resend) && s.resend {
        parts.push("缺件或受损的部分可联系客服补发");
    }
    (!parts.is_empty()).then(|| format!("如有需要，{}。", parts.join("，")))
}

/// A short excerpt of the review for the script (`limit` chars at most), cut at a clause end
/// when one is near, never mid-emoji. The script quotes it in 「」, so the review's own corner
/// brackets become the nested ones (『』): a 」 from the buyer must not end the quotation early
/// and leave the rest of the review reading as the seller's words.
pub fn excerpt(text: &str, limit: usize) -> String {
    let nested = |c: char| match c {
        '「' => '『',
        '」' => '』',
        c => c,
    };
    let clean: String = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().map(nested).collect();
    let chars: Vec<char> = clean.chars().collect();
    if chars.len() <= limit {
        return clean.trim_end_matches(['。', '！', '!', '，', ',']).to_string();
    }
    let cut = (limit / 2..limit).rev().find(|&i| "，。！？,.!?；;".contains(chars[i])).unwrap_or(limit);
    let mut s: String = chars[..cut].iter().collect();
    s.push('…');
    s
}

/// Converts generated text to the shop's output script. Traditional uses the inverse of
/// OpenCC's traditional→simplified character table ([`crate::t2s`]): a character that is also
/// valid traditional stays as it is.
pub fn to_output_script(text: &str, script: OutputScript) -> String {
    match script {
        OutputScript::Simplified => text.to_string(),
        OutputScript::Traditional => text.chars().map(|c| if KEEP_AS_IS.contains(c) { c } else { crate::t2s::traditional_char(c) }).collect(),
    }
}

/// Simplified chars that are also everyday traditional chars (只, 面, 出): mapping them to their
/// rarer traditional partners (隻, 麵, 齣) would be wrong more often than right.
const KEEP_AS_IS: &str = "只干面台系松板谷斗卷才表范余朴咸冲出借划征症郁折制历致荡伙向游周凶";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_cuts_at_clause() {
        assert_eq!(excerpt("颜色不对", 30), "颜色不对");
        let long = "衣服颜色和图片差别很大，洗了一次就掉色，做工也差，线头很多，真的很失望很失望很失望";
        let e = excerpt(long, 30);
        assert!(e.chars().count() <= 31 && e.ends_with('…'), "{e}");
        assert_eq!(excerpt("😀😀😀😀😀", 3).chars().count(), 4);
        assert_eq!(excerpt("客服说「好的」就没了下文", 30), "客服说『好的』就没了下文");
    }

    #[test]
    fn traditional_output() {
        let t = to_output_script("发货质量颜色为您办理退货运费", OutputScript::Traditional);
        assert_eq!(t, "發貨質量顏色為您辦理退貨運費");
        assert_eq!(to_output_script("以后见面，只有出发", OutputScript::Traditional), "以後見面，只有出發");
        assert_eq!(to_output_script("abc", OutputScript::Simplified), "abc");
    }

    #[test]
    fn every_cause_has_three_public_wordings() {
        for c in Cause::ALL {
            assert!(playbook(c).public.len() >= 3, "{c}");
            if c != Cause::Extortion {
                assert!(!playbook(c).solutions.is_empty(), "{c}");
            }
        }
    }

    #[test]
    fn every_claim_belongs_to_a_cause_and_has_two_wordings() {
        for claim in Claim::ALL {
            assert!(Cause::ALL.iter().any(|c| playbook(*c).claims.contains(&claim)), "{claim:?} is never used");
            assert_eq!(claim_wordings(claim).len(), 2);
        }
    }

    #[test]
    fn base_wordings_claim_nothing_the_shop_must_confirm() {
        // What the issue found in explanations whatever the shop had done.
        let claims_words = ["重新抽检", "进行培训", "专柜验货", "已补发", "已安排", "已加", "已增加", "已更新", "已改进", "已反馈", "已投诉", "已和", "已处理", "进货凭证"];
        for c in Cause::ALL {
            let p = playbook(c);
            for text in p.public.iter().chain([&p.talking_point]).chain(p.solutions.iter().filter(|(n, _)| !matches!(n, Needs::Confirmed(_))).map(|(_, s)| s)) {
                for w in claims_words {
                    assert!(!text.contains(w), "{c}: {text} claims {w}");
                }
            }
        }
    }
}
