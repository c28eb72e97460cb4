//! What the script and explanation composers share: the facts about one review, the playbook of
//! each cause (the problem in the buyer's words, the solutions that fit it, what to tell future
//! buyers), placeholders, excerpts and the output script.

use crate::model::{Cause, CauseHit, Platform, Rating, Window};
use crate::settings::{OutputScript, Solutions};
use std::collections::HashMap;
use std::sync::OnceLock;

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
}

impl Needs {
    pub fn offered(self, s: &Solutions) -> bool {
        match self {
            Needs::Always => true,
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
    /// Something the agent can say that is true for this cause.
    pub talking_point: &'static str,
    /// Public explanation sentences for future buyers: at least three wordings.
    pub public: &'static [&'static str],
}

/// The playbook of each cause.
pub fn playbook(c: Cause) -> &'static Playbook {
    use Needs::*;
    macro_rules! pb {
        ($p:expr, [$($n:expr => $s:expr),* $(,)?], $t:expr, [$($pub:expr),* $(,)?]) => {{
            static P: Playbook = Playbook { problem: $p, solutions: &[$(($n, $s)),*], talking_point: $t, public: &[$($pub),*] };
            &P
        }};
    }
    match c {
        Cause::Quality => pb!("商品的质量问题",
            [ReturnExchange => "为您免费换一件新的", FreeFreight => "来回运费由我们承担", CourierPickup => "安排快递上门取件", PartialRefund => "如果您愿意继续使用，给您一笔补偿"],
            "这批货我们已经反馈给质检，会重新检查同批次的商品。",
            ["对商品出现的质量问题，我们很抱歉，已安排质检复查同批次商品。", "这件商品的问题我们已记录并反馈给工厂，后续出货会加强检查。", "商品质量问题我们会负责到底，已对同批次库存重新抽检。"]),
        Cause::ColorMismatch => pb!("实物颜色和图片有差异",
            [ReturnExchange => "为您换一个颜色或办理退货", FreeFreight => "运费由我们承担"],
            "不同手机屏幕和拍摄光线会让颜色看起来有差别，我们会调整商品图片和颜色说明。",
            ["商品图片在不同屏幕和光线下会有一定色差，我们已在详情页补充了自然光实拍图。", "颜色的呈现受屏幕和拍摄光线影响，我们正在更新更接近实物的图片，供大家参考。", "关于色差，我们已重新拍摄实物图并在详情页注明，选购时可参考实拍颜色。"]),
        Cause::SizeFit => pb!("尺码不合适",
            [ReturnExchange => "免费为您换一个合适的尺码", FreeFreight => "换货运费由我们承担", Always => "根据您的身高体重给您具体的尺码建议", PartialRefund => "如果是鞋子磨脚，补偿一点费用给您买后跟贴"],
            "新鞋磨脚可以先用吹风机加热鞋口软化，或贴上后跟贴。",
            ["尺码问题我们已核对尺码表，详情页补充了实测数据，建议选购前对照测量。", "每个人的体型不同，建议参考详情页的实测尺寸；尺码不合适可以联系客服换码。", "我们已根据反馈更新尺码建议，拿不准尺码时可以先咨询客服。"]),
        Cause::NotAsDescribed => pb!("收到的商品和页面描述不一致",
            [ReturnExchange => "为您办理退货或换货", FreeFreight => "运费由我们承担", PartialRefund => "按差额给您补偿"],
            "我们会逐项核对页面描述，不准确的地方马上更正。",
            ["感谢指出描述与实物的出入，我们已逐项核对并更正了详情页。", "详情页有不够准确的地方，我们已修改，保证描述与实物一致。", "我们已重新核对商品规格，并在页面上写明，避免再有误会。"]),
        Cause::Counterfeit => pb!("对商品是否正品有疑虑",
            [Always => "把进货凭证和品牌授权发给您查看", ReturnExchange => "如仍不放心，为您办理退货", FreeFreight => "退货运费由我们承担"],
            "我们所有商品都来自正规渠道，可以提供进货凭证。",
            ["本店商品均来自正规渠道，可提供进货凭证和品牌授权，欢迎查验。", "关于真伪的疑问，我们可以出示进货单据和授权证明，支持专柜验货。", "我们保证所售商品为正品，如有疑问可联系客服查看进货凭证。"]),
        Cause::Smell => pb!("商品有异味",
            [Always => "告诉您去味的方法：放在通风处晾几天，气味会明显减轻", ReturnExchange => "如果几天后仍有气味，为您办理退换", FreeFreight => "运费由我们承担"],
            "新品刚出厂密封包装，会有些材料本身的气味，通风后会散去。",
            ["新品刚拆封时可能带有材料本身的气味，放在通风处几天会明显减轻。", "气味来自新品的密封包装，通风晾放后会散去；如持续存在可联系客服处理。", "我们已改进包装透气方式，收到后建议先拆封通风。"]),
        Cause::WrongOrMissing => pb!("发错或漏发了东西",
            [Resend => "马上为您补发缺少或发错的部分", CourierPickup => "发错的商品安排快递上门取回", FreeFreight => "运费全部由我们承担"],
            "我们已经核查了这单的打包记录，并在打包环节加了复核。",
            ["这次打包出了差错，我们已补发并在打包环节增加了复核。", "发货时的疏漏我们已处理，仓库现在每单出库前都会再次核对。", "对漏发的情况我们很抱歉，已补发缺少的部分并改进了核对流程。"]),
        Cause::LateShipment => pb!("发货慢了",
            [Always => "把发货延误的原因和最新进度告诉您", CouponOrGift => "送您一张店铺优惠券表达歉意"],
            "这段时间订单集中，我们已经增加了打包人手。",
            ["近期订单集中导致发货延迟，我们已增加人手，现在下单会尽快发出。", "对发货慢我们很抱歉，仓库已调整排班，缩短了发货时间。", "发货延误的问题我们已改进，现在会在承诺时间内发出。"]),
        Cause::Packaging => pb!("商品在运输中受损或包装不到位",
            [ReturnExchange => "为您免费换一件完好的", Resend => "补发受损的部分", PartialRefund => "如果不影响使用，给您一笔补偿"],
            "我们已经加固了包装，易碎的部分加了缓冲。",
            ["运输中的磕碰让商品受损，我们已加厚外箱并增加缓冲材料。", "包装的问题我们已改进，现在每件都会加防护后再发出。", "对包装不到位我们很抱歉，已更换更结实的包装材料。"]),
        Cause::ServiceAttitude => pb!("之前的客服沟通让您不愉快",
            [Always => "代表店铺向您郑重道歉，相关同事已经处理", CouponOrGift => "送您一张优惠券表达歉意"],
            "这件事我们已经和当时的客服同事沟通并处理。",
            ["客服沟通让您不满意，我们很抱歉，已对相关同事进行培训。", "我们重视每一次沟通，已针对这次的服务问题做了改进。", "对服务体验不好我们深表歉意，客服团队已加强了回复时效和态度要求。"]),
        Cause::AfterSales => pb!("售后处理不及时",
            [Always => "由我本人负责跟进到底，今天就给您处理", ReturnExchange => "直接为您办理退换", PartialRefund => "给您一笔补偿"],
            "这单售后由我专门跟进，不会再让您来回找人。",
            ["售后处理不及时是我们的问题，现在每个售后申请都有专人跟进到底。", "我们已优化售后流程，退换申请会在一个工作日内处理。", "对售后体验不好我们很抱歉，已安排专人负责，保证有问题及时解决。"]),
        Cause::Price => pb!("价格变动让您觉得不划算",
            [PartialRefund => "在规则允许的范围内为您申请差价", CouponOrGift => "送您一张优惠券"],
            "价格会随平台活动调整，我们理解刚买就遇到降价的心情。",
            ["价格会随平台活动调整，给您带来的不便我们很抱歉，价保规则可咨询客服。", "关于价格变动，我们会在详情页提前说明活动安排，方便大家选择购买时机。", "我们理解大家对价格的关注，活动价和价保规则都会在页面写清楚。"]),
        Cause::ShippingSlow => pb!("物流太慢",
            [Always => "帮您联系快递催件并随时告诉您进度", CouponOrGift => "送您一张优惠券表达歉意"],
            "包裹发出后的时效受快递公司影响，我们已经和快递公司反映。",
            ["物流时效不理想，我们已和快递公司沟通，并为偏远地区更换了更快的线路。", "包裹在途时间过长，我们已反馈给快递公司，也在评估更快的物流。", "对物流慢我们很抱歉，已和快递公司加强对接，及时跟踪在途包裹。"]),
        Cause::CourierService => pb!("快递服务不好",
            [Always => "已向快递公司投诉并要求整改", CouponOrGift => "送您一张优惠券表达歉意"],
            "快递员的问题我们已经向快递公司反映。",
            ["快递派送的问题我们已向快递公司投诉，并要求按约定送货上门。", "派送服务不到位，我们已反馈给快递公司处理。", "对配送体验不好我们很抱歉，已与快递公司沟通改进派送服务。"]),
        Cause::Expectation => pb!("商品没有达到您的期待",
            [Always => "给您一些使用建议，看看能不能更合您心意", ReturnExchange => "如果确实不合适，为您办理七天无理由退换"],
            "每个人的喜好不同，我们会把您的意见反馈给产品团队。",
            ["商品没能达到您的期待，我们很遗憾，已把意见反馈给产品团队。", "每个人的喜好和使用习惯不同，选购前可以咨询客服了解细节。", "我们会在详情页把商品特点写得更清楚，方便大家判断是否适合自己。"]),
        Cause::BuyerMistake => pb!("选的款式或尺码不太合适",
            [ReturnExchange => "帮您换成合适的款式或尺码", FreeFreight => "换货运费由我们承担"],
            "选款时拿不准很正常，我们会把选购说明写得更清楚。",
            ["选购时拿不准款式或尺码很正常，我们已完善了选购说明，也欢迎先咨询客服。", "为了方便大家选择，我们在详情页补充了更详细的规格对照。", "款式或尺码不合适可以联系客服办理换货，我们会尽量帮忙。"]),
        Cause::Extortion => pb!("",
            [],
            "",
            ["本店所有售后均按平台规则办理，不接受以评价为条件的任何要求。", "我们欢迎真实的评价，商品问题均可按平台规则申请售后。", "本店按平台规则处理售后，相关沟通记录已提交平台。"]),
        Cause::Other => pb!("这次购物体验不好",
            [Always => "认真记录您的意见并尽快答复"],
            "您的意见我们都会记录并反馈。",
            ["感谢您的意见，我们已认真记录并会持续改进。", "您提到的问题我们已反馈给相关团队。", "我们重视每一条反馈，会不断改进购物体验。"]),
    }
}

/// A short excerpt of the review for the script (`limit` chars at most), cut at a clause end
/// when one is near, never mid-emoji.
pub fn excerpt(text: &str, limit: usize) -> String {
    let clean: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
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
/// OpenCC's traditional→simplified character table (through `fast2s`), built once on first use:
/// a character that is also valid traditional stays as it is.
pub fn to_output_script(text: &str, script: OutputScript) -> String {
    match script {
        OutputScript::Simplified => text.to_string(),
        OutputScript::Traditional => {
            let table = s2t_table();
            text.chars().map(|c| *table.get(&c).unwrap_or(&c)).collect()
        }
    }
}

/// Simplified chars that are also everyday traditional chars (只, 面, 出): mapping them to their
/// rarer traditional partners (隻, 麵, 齣) would be wrong more often than right.
const KEEP_AS_IS: &str = "只干面台系松板谷斗卷才表范余朴咸冲出借划征症郁折制历致荡伙向游周凶";

fn s2t_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<char, char> = HashMap::new();
        let mut buf = [0u8; 4];
        for cp in 0x3400u32..=0x9FFF {
            let Some(t) = char::from_u32(cp) else { continue };
            let Some(s) = fast2s::convert(t.encode_utf8(&mut buf)).chars().next() else { continue };
            // Ascending code points: the first traditional form found wins (發 before 髮).
            if s != t && !KEEP_AS_IS.contains(s) {
                table.entry(s).or_insert(t);
            }
        }
        table
    })
}

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
}
