//! The linter for everything the agent says or posts: phone and chat scripts, SMS, public
//! explanations (call-script.md; platform-rules.md "What sellers must not do").
//!
//! One Aho-Corasick pass over the normalised text finds every listed word with its role (a
//! finding on its own, a part of a pattern, a cue that changes the meaning of its clause, or a
//! guard: an innocent phrase that contains trigger characters, such as 滚筒 or 烟雾报警器); a few
//! linear scanners find numbers, ids, e-mail addresses, street addresses and the 【待确认：…】
//! slots. The parts are then combined per sentence and clause:
//!
//! - a review word near a change verb (改一下评价, 差评能不能删了), a "give" verb before a good
//!   review (给个好评), a request before it (请给五星), or "don't" before a bad one (不要给差评) is a
//!   `review_request`;
//! - any benefit (返现, 红包, 券, 折扣, 退款, 转账, 5元 …) in the same sentence as a good review or a
//!   changed one is a `review_incentive` (which then covers the request in that sentence);
//! - a refusal in the same clause (本店从不以返现换取评价, 不会要求您修改评价) clears requests,
//!   incentives, threats and off-platform contact; a deference (评价由您决定) clears requests in its
//!   sentence; thanks (感谢您的好评) and references (看到您的追评, 评价中提到) make a review word a
//!   topic, not a request.
//!
//! A shorter match inside a longer one belongs to the longer (滚 inside 滚筒, 不会 inside 不会亏待).
//! Everything is linear in the length of the text.

use crate::sorting;
use crate::linear::ModelError;
pub use crate::lint_model::{LintModel, BUILTIN_WEIGHTS};
use crate::model::{LintFinding, LintKind};
use crate::normalize::{fold_width, normalize};
use crate::t2s::may_change_any;
use aho_corasick::AhoCorasick;
use std::sync::OnceLock;

/// Who will read the text: decides whether the buyer's own name counts as private data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// Shown to everyone (the public explanation, or any draft of unknown use).
    #[default]
    Public,
    /// Said or sent to the buyer alone (phone, chat, SMS): addressing them by name is fine.
    Buyer,
}

/// How to lint one text.
#[derive(Debug, Clone, Copy, Default)]
pub struct LintOptions<'a> {
    /// Flag text past this many characters.
    pub max_chars: Option<usize>,
    pub audience: Audience,
    /// The buyer's nick, when known: private data in public text.
    pub buyer: Option<&'a str>,
    /// The platform lets the seller ask about the review (`seller_may_ask` in the rules; false
    /// everywhere today). Never lifts `review_incentive`.
    pub allow_review_request: bool,
}

impl<'a> LintOptions<'a> {
    /// The buyer's nick as the linter looks for it, normalised: in public text only, two chars
    /// or more, not the 【买家】 placeholder.
    fn nick(&self) -> Option<String> {
        if self.audience == Audience::Buyer {
            return None;
        }
        self.buyer.map(str::trim).filter(|b| b.chars().count() >= 2 && !b.starts_with('【')).map(|b| normalize(b).text)
    }

    /// These options without the buyer's nick where it cannot change `text`'s findings (text to
    /// the buyer, or public text that does not hold it): a memo keyed on the options then shares
    /// a line's lint across buyers instead of linting every line again for each.
    pub fn for_text(&self, text: &str) -> LintOptions<'a> {
        let holds = self.nick().is_some_and(|n| normalize(text).text.contains(n.as_str()));
        LintOptions { buyer: if holds { self.buyer } else { None }, ..*self }
    }
}

/// Findings on a public draft, in text order; `max_chars` adds a too-long finding past that
/// length. Offsets count chars of `text`.
pub fn lint(text: &str, max_chars: Option<usize>) -> Vec<LintFinding> {
    lint_with(text, &LintOptions { max_chars, ..LintOptions::default() })
}

/// The kinds that must never reach a buyer or the public (everything but length and slots).
pub const FORBIDDEN: [LintKind; 7] = [
    LintKind::ReviewRequest,
    LintKind::ReviewIncentive,
    LintKind::OffPlatform,
    LintKind::PrivateData,
    LintKind::Threat,
    LintKind::Insult,
    LintKind::Blame,
];

/// What a review word refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rv {
    /// 评价, 评论, 评分: any review.
    Any,
    /// 好评, 五星: a good review, what a request or incentive aims at.
    Good,
    /// 差评, 中评: a bad review.
    Bad,
    /// 追评: a follow-up review.
    Append,
    /// 晒图, 带图: a photo review.
    Show,
}

/// The part a listed word plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A finding by itself.
    Word(LintKind),
    /// An innocent phrase: every shorter match inside it is dropped.
    Guard,
    Review(Rv),
    /// 改, 删, 撤销, 追加, 更新: changes a review.
    Change,
    /// 给个, 打, 写, 点个: gives a review.
    Give,
    /// 请, 麻烦, 希望, 能不能: a request.
    Ask,
    /// 不要, 别, 千万别: a request not to do something.
    Dont,
    /// 不会, 从不, 不接受, 谨防: the clause refuses what it names.
    Refuse,
    /// 由您决定, 您的权利: the review is left to the buyer.
    Defer,
    /// 感谢, 谢谢: what follows in the clause is thanked for, not asked for.
    Thanks,
    /// 看到, 关于, 根据: the review that follows is a topic.
    Refer,
    /// 但是, 不过: ends the reach of a deference.
    Contrast,
    /// 已经, 我们, 后: between a review word and a later verb, the verb has another subject.
    Block,
    /// 返现, 红包, 券, 退款, 转账: a benefit.
    Benefit,
    /// 元, 块钱: a benefit when a number comes before.
    Money,
    /// 不给差评: what an incentive can aim at, not a request by itself.
    Target,
    /// 微信, qq, vx: an off-platform channel (a finding with a verb or an id).
    Contact,
    /// 加, 添加, 私信: moving to a channel that follows.
    AddVerb,
    /// 告诉我, 是多少, 上说: a channel before it is being asked for.
    ContactAfter,
    /// 订单号, 电话, 收件人: an id or number that follows is private.
    PrivLabel,
    /// 先生, 女士, 小姐: after a surname, a real name.
    Title,
    /// 【待确认: an unconfirmed claim until the closing 】.
    Slot,
}

use LintKind as K;
use Role::*;

/// The word lists, by role (normalised when the automaton is built).
const TABLE: &[(Role, &[&str])] = &[
    (Word(K::Insult), &[
        "神经病", "有病", "脑子进水", "脑子有问题", "脑子有病", "没脑子", "你瞎", "瞎吗", "瞎了", "眼瞎", "白痴", "傻子", "傻x", "傻逼", "傻b", "蠢",
        "弱智", "脑残", "智障", "无理取闹", "闭嘴", "找茬", "事儿多", "事儿真多", "事多", "奇葩", "不要脸", "穷鬼", "穷就别", "穷别买", "买不起就别",
        "买不起别", "没钱就别", "嫌贵别买", "嫌贵就别", "爱买不买", "不买拉倒", "没素质", "素质低", "素质真低", "素质差", "什么素质", "活该", "呵呵", "滚",
        "老几", "没见过世面", "土包子", "乡巴佬", "杠精", "戏精", "作精", "你这种", "叽叽歪歪", "还想要什么", "还想怎样", "还想买到", "垃圾", "贱人",
        "你有毛病", "您有毛病", "丢人现眼", "玩不起", "穷疯", "穷酸", "低素质", "没有素质", "素质太差", "就去治", "去治病", "爱要不要", "不要拉倒", "拉倒吧", "没文化", "文盲", "有病吧", "神经", "智商", "恶心", "可笑", "搞笑", "矫情", "作死", "找骂", "找事", "事儿精", "事精", "不配", "配吗", "脑子呢", "长点心", "蠢货", "废物", "小气鬼", "抠门", "屌丝", "low逼", "傻瓜", "二百五", "丢人", "什么人都有", "见多了", "算什么东西", "什么东西", "去死", "你懂什么", "外行", "小人", "无赖", "骗子", "刁民", "泼妇", "讹人", "你配",
    ]),
    (Word(K::Blame), &[
        "是您自己", "是你自己", "明明是您", "明明是你", "您自己选错", "你自己选错", "自己量错", "自己选的", "自己不看", "自己没看", "自己负责", "自己弄坏",
        "自己的原因", "自己不会用", "您不会用", "你不会用", "您不会穿", "你不会穿", "是您的问题", "是你的问题", "就您有问题", "就你有问题", "您没看", "你没看", "没仔细看", "不看详情", "没看详情", "不看说明", "没看说明", "使用不当", "操作不当", "操作不对", "人为损坏",
        "人为原因", "个人原因", "您的责任", "你的责任", "买家的责任", "买家的错", "与我们无关", "和我们无关", "跟我们无关", "跟我们没关系",
        "跟我们没有关系", "和我们没关系", "和我们没有关系", "不关我们的事", "不是我们的问题", "怪不得我们", "怪谁", "怪我们", "概不负责", "不负责",
        "您理解错", "你理解错", "您没有按", "你没有按", "没按说明", "没检查", "签收了就是", "是因为您", "是因为你", "恶意差评", "职业差评", "故意差评",
        "差评师", "不问清楚", "不咨询", "您看错", "你看错", "写得很清楚", "写的很清楚", "写得清清楚楚", "写的清清楚楚", "别人都没问题", "是您不会", "是你不会", "您不会安装", "你不会安装", "您就应该", "你就应该", "您应该先", "说晚了", "就您事", "就你事", "别人买都好好的", "别人都好好的", "别人都没事", "您自己摔", "你自己摔", "自己摔坏", "自己弄的", "您的原因", "你的原因", "怪不了我们", "跟店铺没关系", "跟店铺无关", "与店铺无关", "和店铺无关", "显示器问题", "不属于质量问题", "是您没", "是你没", "您没有仔细", "不仔细", "自己的问题", "自己不注意", "您不注意", "谁让您", "谁让你", "您用错", "你用错", "用错了", "用法不对", "方法不对", "您买错", "你买错", "买错了", "自己买错", "怪您自己", "怪你自己", "您自己的责任", "你自己的责任", "碰瓷", "和产品无关", "与产品无关", "跟产品无关", "和商品无关", "跟商品无关", "为什么不检查", "为什么不看", "为什么不问", "屏幕的问题", "个人使用问题", "您个人使用",
    ]),
    (Word(K::Threat), &[
        "投诉你", "曝光你", "全网曝光", "后果自负", "走着瞧", "你等着", "等着吧", "有你受的", "有你好看", "让你好看", "付出代价", "会后悔", "不信你试试",
        "信不信", "上门找你", "找上门", "去你家", "你家人", "家人电话", "单位找你", "去你单位", "知道你住", "你住哪", "拿到你的地址", "知道你的地址", "知道你是谁",
        "你小心点", "给我小心点", "别怪我们不客气", "对你不客气", "律师函", "起诉", "法院见", "传票", "告你", "诽谤", "报警", "警察", "追究你", "追究法律责任", "挂到网上", "挂网上", "人肉", "记下你了",
        "别想在", "黑名单", "封号", "天天给你打", "天天打电话", "打爆", "有的是办法", "走法律程序", "给我等着", "等着瞧", "死定了", "弄死", "收拾你", "找你算账", "跟你没完", "没完没了", "别逼我", "逼我们", "有本事", "你试试", "后果很严重", "吃不了兜着走", "让你后悔", "发到网上", "发网上", "放到网上", "公开你", "公布你", "知道你家", "你家在", "你单位", "就上门", "派出所", "法律途径", "律师", "告到", "投诉到底", "举报你", "封你", "让你账号", "账号被封", "骚扰你", "一直打电话", "打到你", "直到你删", "不客气了", "别怪我不客气", "跑不了", "等着收", "诉诸法律", "法律手段", "我们有你的", "上你家", "别后悔", "你小心", "找到你", "你的资料", "资料公开", "去你公司", "你公司找", "你最好", "最好小心", "看着办",
    ]),
    (Word(K::OffPlatform), &[
        "加微信", "加我微信", "加个微信", "加下微信", "加v", "加vx", "加个v", "加qq", "加个qq", "加我qq", "私下", "留个微信", "留下微信", "留微信", "留个qq", "微信群", "qq群", "企业微信", "加好友",
        "加个好友", "加我好友", "添加好友", "微信联系", "微信转账", "微信上说", "微信聊", "同号", "拉您进群", "拉你进群", "私聊", "+v", "➕v", "+微", "微信搜索",
        "支付宝转账", "个人支付宝", "扫码加", "加群", "不走平台", "绕过平台", "微信转给", "微信转您", "微信转你", "支付宝转给", "平台外", "转您支付宝", "转你支付宝", "转到您支付宝", "直接转您", "直接转你", "私下转", "微信好友", "加个微信好友", "售后群", "进群", "拉群", "扫码添加", "添加客服", "加店主", "加客服", "线下解决", "线下交易", "线下给您", "线下给你", "线下退", "线下转", "不在平台", "别在平台", "不用在平台", "v我", "加我v",
        // The agent's own phone or mailbox: contact outside the platform's chat.
        "私人电话", "个人电话", "本人电话", "私人手机", "个人手机", "打我手机", "打我电话", "我的手机号", "我手机号", "我的号码", "我号码是", "我的邮箱",
        "店长手机", "私人号码", "个人号码", "绿色软件", "绿泡泡", "加企鹅", "转卡号", "银行卡号", "转银行卡",
    ]),
    (Word(K::ReviewRequest), &[
        "改评", "删评", "撤评", "五星好评", "给个好评", "好评一下", "追评一下", "帮忙撤销", "重新评价", "重评", "好评哦", "好评吧", "好评呗", "好评呀",
        "求好评", "求五星", "好评支持", "五星支持", "追加个好评", "追加好评", "重新打分", "重新评分", "重新打个分", "改个分", "打个高分", "给个高分", "给高分", "求一个好评", "求个好评", "好评哈", "五星哈", "给个五星", "帮忙好评", "美言几句", "点亮五星", "点亮五颗星", "好评鼓励", "五星鼓励", "给点好评", "在评价里补充", "在评价中补充", "在评论里补充", "在评价里说明", "在追评里",
    ]),
    (Word(K::ReviewIncentive), &[
        "好评返", "好评有奖", "好评有礼", "好评送", "五星返", "晒图返", "好评领", "返现好评", "好评奖励", "好评红包", "好评赠", "追评返", "追评送", "改评返",
        "评价返现", "好评优惠",
    ]),
    (Guard, &[
        // Products and everyday words that contain trigger characters.
        "滚筒", "滚轮", "滚动", "滚珠", "滚刷", "滚烫", "翻滚", "滚边", "滚球", "打滚", "滚雪球", "滚压", "滚针", "滚梳", "滚子", "报警器", "报警灯", "报警声",
        "报警功能", "报警系统", "红包封面", "红包袋", "垃圾桶", "垃圾袋", "垃圾分类", "干垃圾", "湿垃圾", "垃圾篓", "垃圾箱", "垃圾处理", "垃圾清理",
        "有病毒", "没有病", "蠢蠢欲动", "qq糖", "qq星", "qq音乐", "好评率", "好评如潮", "好评榜", "好评款", "五星级", "差评率", "五分裤", "五分袖", "五分熟",
        "五分钟", "5分钟", "曝光补偿", "曝光度", "曝光时间", "不会后悔",
        // A review as a place or a source, not an object.
        "评价中", "评价里", "评价区", "评价上", "评论区", "差评中", "差评里", "好评中", "追评中", "追评里", "中评中", "根据评价", "按照评价", "参考评价", "店铺评分",
        "评价管理", "评价规范", "给的好评", "给了好评", "给的五星", "给了五星", "给予的好评", "给我们的好评", "恶意评价",
        // Owning the problem, not blaming.
        "不是您的问题", "不是你的问题", "不是您的原因", "不怪您", "不是您的责任",
        // Verbs about other objects.
        "改进", "改善", "整改", "改良", "改正", "改版", "修改详情", "修改页面", "修改描述", "修改尺码", "修改地址", "改地址", "改尺码", "删减", "更换",
        "不是您自己", "由您自己", "您自己决定", "你自己决定", "您自己选择",
        // Money words in other senses.
        "返回", "往返", "返修", "返厂", "返工", "返程", "返货", "单元格", "美元", "元旦", "公元", "多元", "元素", "元件", "送货", "配送", "送达", "送到", "运送", "派送", "送件", "送修", "送货上门", "上门取件", "上门安装", "上门服务", "上门维修", "上门取货", "付钱", "多少钱", "价钱", "省钱", "钱包", "神经系统", "神经痛", "搞笑的", "律师事务所", "优惠活动", "满减优惠", "平台外观", "傻瓜式", "傻瓜相机", "骗子的", "谨防骗子", "用错了地址", "给您退货", "给你退货", "给您退换", "你最好的",
    ]),
    (Review(Rv::Any), &["评价", "评论", "评语", "评分", "星级", "打分", "评级", "打个分", "分数", "评论一下",
    ]),
    (Review(Rv::Bad), &["差评", "中评", "中差评", "一星", "1星", "两星", "2星", "低分", "一颗星"]),
    (Review(Rv::Good), &["好评", "五星", "5星", "五颗星", "满分", "五分", "5分", "高分", "好评价", "满意评价", "全五星", "5颗星", "五分好评", "满星",
    ]),
    (Review(Rv::Append), &["追评", "追加评价", "追加一条", "追加个"]),
    (Review(Rv::Show), &["晒图", "晒单", "带图", "买家秀"]),
    (Change, &[
        "改", "修改", "更改", "改成", "改为", "改个", "改下", "改一下", "更新", "调整", "删", "删除", "删掉", "撤", "撤销", "撤回", "撤掉", "取消", "追加",
        "换成", "改高", "交换", "换取", "换", "处理掉", "弄掉", "去掉", "拿掉", "撤了", "删了", "撤下来", "重新打", "改改", "修改为", "更改为", "调高", "提高", "改好",
    ]),
    (Give, &["给个", "给我们", "给一个", "给", "打个", "打", "点个", "点", "留个", "写个", "写", "来个", "补个", "补"]),
    (Ask, &[
        "请", "麻烦", "希望", "帮忙", "帮我们", "能不能", "能否", "可不可以", "可以", "求", "拜托", "记得", "辛苦", "方便的话", "方便时", "劳烦", "动动手指",
        "高抬贵手", "支持一下", "欢迎", "恳请",
    ]),
    (Dont, &["不要", "别", "千万别", "千万不要", "请勿", "请不要", "切勿"]),
    (Refuse, &[
        "不会", "从不", "从来不", "绝不", "决不", "不以", "不接受", "拒绝", "不得", "严禁", "禁止", "不能以", "不要求", "不请求", "没有要求", "不存在", "不提供",
        "不参与", "不搞", "不需要", "无需", "不用", "谨防", "警惕", "请勿相信", "不要相信", "不要轻信", "从未", "无法", "不做", "违规", "不允许", "杜绝", "谢绝", "不挂钩",
        "挂钩", "骗局", "冒充",
        // Statements that a change is impossible (评价不可修改).
        "不可修改", "不能修改", "不可删除", "不能删除", "不可更改", "不能更改", "无法修改", "无法删除",
    ]),
    (Defer, &["由您决定", "您决定", "由买家决定", "由买家自己决定", "买家自己决定", "买家自行决定", "您来决定", "您的权利", "您的自由", "你的权利", "你的自由", "随您", "您随意", "看您意愿", "您自愿", "自愿", "都由您", "不影响", "都没关系", "改不改都", "无所谓",
    ]),
    (Thanks, &["感谢", "谢谢", "多谢", "感激"]),
    (Refer, &["看到", "关于", "针对", "对于", "根据", "按照", "您在", "收到您的", "参考", "其他"]),
    (Contrast, &["但", "但是", "不过", "可是"]),
    // Between a review word and a later verb: another subject (我们), a past act (已经), a passive (被删除).
    (Block, &["已经", "已", "我们", "后", "被"]),
    (Benefit, &[
        "返现", "返利", "返款", "返您", "返你", "返", "红包", "现金", "优惠券", "券", "折扣", "打折", "九折", "八折", "七折", "五折", "1折", "2折", "3折", "4折",
        "5折", "6折", "7折", "8折", "9折", "礼品", "礼物", "赠品", "小样", "试用装", "送您", "送你", "加送", "赠送", "获赠", "再送", "免单", "退款", "退钱", "退给",
        "退您", "可以退", "都退", "全退", "补偿", "报销", "转账", "转给您", "积分", "话费", "奖励", "有奖", "有礼", "运费我们出", "运费险", "差价", "不会亏待",
        "好处", "利益", "领取", "钱", "送", "抽奖", "退一半", "给您退", "给你退", "奖品", "福利", "优惠", "内部价", "打八折", "立返", "返还", "额外", "惊喜", "包邮", "免费送", "发一个新的", "发个新的", "再给您发", "再发一个", "再寄一个", "补发一个",
    ]),
    (Money, &["元", "块钱"]),
    (Target, &["不给差评", "不打差评", "不给中差评", "不给中评", "不差评"]),
    (Contact, &["微信", "微信号", "v信", "vx", "wx", "qq", "qq号", "扣扣", "扣扣号", "企鹅号", "钉钉", "支付宝账号", "公众号", "抖音号", "小红书", "微博", "个人号", "私人号", "企微",
        // Spellings that dodge the platforms' keyword filters.
        "威信", "薇信", "徽信", "危信", "维信", "微x", "wechat", "卫星号", "v信号", "vx号", "wx号", "v号", "小绿软件", "企鹅",
    ]),
    (AddVerb, &["加", "添加", "加下", "加一下", "私信", "转到", "通过", "搜索", "扫码", "发个", "留下", "转您", "转你", "加个", "关注",
    ]),
    (ContactAfter, &["告诉我", "发给我", "发我", "是多少", "多少", "聊", "上聊", "细聊", "详聊", "沟通", "吗", "给我", "加您", "加你", "我加", "联系", "留一下", "转给你", "通过一下",
    ]),
    (PrivLabel, &[
        "订单号", "订单", "订单编号", "单号", "运单号", "快递单号", "物流单号", "身份证", "身份证号", "手机号", "电话", "联系电话", "手机", "收件人", "收货人", "联系人",
    ]),
    (Title, &["先生", "女士", "小姐"]),
    (Slot, &["【待确认"]),
];

/// Common surnames, for "张先生 / 王女士" style real-name mentions.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

pub(crate) fn is_surname(ch: char) -> bool {
    SURNAMES.contains(ch)
}

/// Ends a sentence (normalised: full-width ！？； are already ASCII).
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | ';' | '\n' | '…')
}

/// Ends a clause inside a sentence.
fn ends_clause(c: char) -> bool {
    matches!(c, ',' | ':' | '~' | '，')
}
/// A number followed by one of these is a house, building or room number.
const ADDRESS_UNITS: &[&str] = &["号楼", "号院", "号", "栋", "幢", "单元", "室", "楼", "弄", "层"];
/// A house number is an address only near one of these.
const PLACE_MARKS: &str = "路街道巷弄区市县镇乡村苑院园里厦";

struct Lexicon {
    ac: AhoCorasick,
    roles: Vec<Role>,
    /// Pure-ASCII letter patterns (vx, qq) must not be part of a longer ASCII word.
    ascii_word: Vec<bool>,
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        // Words are matched in normalised form, normalised here the same way as the text
        // (OpenCC's table has surprises: 呵呵 becomes 嗬嗬).
        let mut pats: Vec<String> = Vec::new();
        let mut roles = Vec::new();
        for (role, words) in TABLE {
            for w in *words {
                let w = normalize(w).text;
                // One role per string (checked by a test).
                if !pats.contains(&w) {
                    pats.push(w);
                    roles.push(*role);
                }
            }
        }
        let ascii_word = pats.iter().map(|p| p.chars().any(|c| c.is_ascii_alphabetic())).collect();
        let ac = crate::classify::keyword_automaton(&pats).expect("lint word lists build");
        Lexicon { ac, roles, ascii_word }
    })
}

fn advice(kind: LintKind) -> (&'static str, &'static str) {
    match kind {
        K::ReviewRequest => (
            "请买家修改、删除、追评或给好评（淘宝评价规范2021-12-28起禁止，各平台均处罚）",
            "删除；确认问题和解决方案即可，评价留给买家自己决定",
        ),
        K::ReviewIncentive => ("以利益换取好评或改评（平台与市场监管规定禁止）", "删除；补偿只能用于解决问题，不能与评价挂钩"),
        K::OffPlatform => ("引导买家到平台外联系或交易（微信、QQ等）", "删除；沟通、退款和售后都在平台内完成"),
        K::Insult => ("攻击性或不礼貌的用语", "删除，改用平和、就事论事的表达"),
        K::Blame => ("指责买家", "不评判买家，说明店铺做了什么、能提供什么帮助"),
        K::Threat => ("对买家的威胁", "删除；如遇恶意评价，保留证据并通过平台投诉"),
        K::PrivateData => ("个人信息（电话、地址、订单号或姓名）", "删除；公开回复中不出现任何买家信息"),
        K::TooLong => ("超过平台字数上限", "删减到上限以内"),
        K::UnconfirmedClaim => ("未确认的说法：店铺尚未确认做过或提供这件事", "确认属实后去掉【待确认：…】标记，否则删除这句"),
    }
}

/// One listed word found, in normalised chars.
#[derive(Debug, Clone, Copy)]
pub(crate) struct El {
    pub(crate) role: Role,
    pub(crate) s: usize,
    pub(crate) e: usize,
    sent: u32,
    clause: u32,
    /// Sentence part between contrast words: the reach of a deference.
    seg: u32,
    /// A review word that is a topic (thanked for, referred to), not asked for.
    pub(crate) topic: bool,
}

/// Findings on `text` under `opts`, in text order, from the rules and the built-in sentence model
/// ([`Linter::builtin`]). Offsets count chars of `text`.
pub fn lint_with(text: &str, opts: &LintOptions) -> Vec<LintFinding> {
    Linter::builtin().lint_with(text, opts)
}

/// Findings of the rules alone (no sentence model).
pub fn lint_rules(text: &str, opts: &LintOptions) -> Vec<LintFinding> {
    Linter::rules_only().lint_with(text, opts)
}

/// The linter: the rules and, when weights are given, the trained sentence model
/// ([`crate::lint_model`]), which adds what the word lists miss, sentence by sentence.
#[derive(Debug, Clone, Default)]
pub struct Linter {
    model: Option<LintModel>,
}

impl Linter {
    /// The rules alone.
    pub const fn rules_only() -> Linter {
        Linter { model: None }
    }

    /// The rules and the sentence model read from `bytes` (`data/linter.bin`).
    pub fn with_weights(bytes: &[u8]) -> Result<Linter, ModelError> {
        Ok(Linter { model: Some(LintModel::from_bytes(bytes)?) })
    }

    pub fn with_model(model: LintModel) -> Linter {
        Linter { model: Some(model) }
    }

    /// The linter with the built-in weights ([`BUILTIN_WEIGHTS`]), built once.
    pub fn builtin() -> &'static Linter {
        static L: OnceLock<Linter> = OnceLock::new();
        L.get_or_init(|| match BUILTIN_WEIGHTS {
            // The shipped file is checked by a test; a damaged one must not silence the rules.
            Some(bytes) => Linter::with_weights(bytes).unwrap_or_default(),
            None => Linter::rules_only(),
        })
    }

    pub fn model(&self) -> Option<&LintModel> {
        self.model.as_ref()
    }

    /// Findings on `text` under `opts`, in text order. Offsets count chars of `text`.
    pub fn lint_with(&self, text: &str, opts: &LintOptions) -> Vec<LintFinding> {
        let mut pass = RulePass::run(text, opts);
        if let Some(model) = &self.model {
            model.apply(&mut pass, opts);
        }
        // What the seller asks or threatens is in their own words: a request, an incentive or a
        // threat inside a quotation of the buyer is the buyer's. So are details of their own
        // said back to them alone. (In public text contact details, private data and insults stay
        // flagged there: quoting publishes them all the same.)
        if !pass.quoted.is_empty() {
            let quoted = &pass.quoted;
            // (A detail's span may start before the quotation: the address scanner reads back to
            // the previous words.)
            let buyers_own = |k: LintKind, s: usize, e: usize| match k {
                LintKind::ReviewRequest | LintKind::ReviewIncentive | LintKind::Threat => quoted[s..e].iter().all(|&q| q),
                LintKind::PrivateData => opts.audience == Audience::Buyer && quoted[e - 1],
                _ => false,
            };
            pass.found.retain(|&(k, s, e)| !(s < e && buyers_own(k, s, e)));
        }
        pass.finish(text, opts)
    }
}

/// Which chars are inside a closed 「quotation」: someone else's words (a script quoting the
/// buyer's review, 您在评价里说「…」), which say nothing about what the seller asks (the sentence
/// model's training sentences hold none). Decided over the whole text, as a quoted review may
/// hold sentence ends; a quotation left open hides nothing.
pub(crate) fn quotations(c: &[char]) -> Vec<bool> {
    let mut inside = vec![false; c.len()];
    let mut i = 0;
    while i < c.len() {
        if c[i] == '「' {
            let Some(p) = c[i + 1..].iter().position(|&x| x == '」') else { break };
            inside[i + 1..i + 1 + p].iter_mut().for_each(|x| *x = true);
            i += p + 1;
        }
        i += 1;
    }
    inside
}


/// The rule pass over one text, in normalised chars: what the rules found, and what the sentence
/// model reads (the listed words with their roles, sentences, guards).
pub struct RulePass {
    slow: Option<crate::normalize::Normalized>,
    /// The normalised chars.
    pub(crate) c: Vec<char>,
    /// The sentence of each char (and one past the end).
    pub(crate) sent: Vec<u32>,
    pub(crate) els: Vec<El>,
    /// Starts of guard matches (滚筒, 报警器, 红包封面 …).
    pub(crate) guards: Vec<usize>,
    /// Findings so far: (kind, start, end) in normalised chars.
    pub(crate) found: Vec<(LintKind, usize, usize)>,
    /// Per char, inside a closed quotation ([`quotations`]); empty when the text quotes nothing.
    pub(crate) quoted: Vec<bool>,
}

impl RulePass {
    /// Runs the rules on `text`.
    pub fn run(text: &str, opts: &LintOptions) -> RulePass {
        // Normalised text: through `normalize` when a char needs the t2s table, otherwise folded here
        // (width, case) in the same pass that builds everything else: it is the same text.
        let slow = may_change_any(text).then(|| normalize(text));
        let source = slow.as_ref().map_or(text, |n| n.text.as_str());
        // One pass: the chars, where each char starts in bytes (Aho-Corasick reports only char
        // boundaries), and the sentence and clause of each char.
        let mut ntext = String::with_capacity(source.len());
        let mut c: Vec<char> = Vec::with_capacity(source.len() / 2 + 1);
        let mut b2c = vec![0u32; source.len() + 1];
        let mut sent: Vec<u32> = Vec::with_capacity(source.len() / 2 + 2);
        let mut clause: Vec<u32> = Vec::with_capacity(source.len() / 2 + 2);
        let (mut si, mut ci) = (0u32, 0u32);
        for ch in source.chars() {
            let ch = if slow.is_some() { ch } else { fold_width(ch) };
            b2c[ntext.len()] = c.len() as u32;
            ntext.push(ch);
            c.push(ch);
            sent.push(si);
            clause.push(ci);
            if ends_sentence(ch) {
                si += 1;
                ci += 1;
            } else if ends_clause(ch) {
                ci += 1;
            }
        }
        b2c[ntext.len()] = c.len() as u32;
        sent.push(si);
        clause.push(ci);

        let (els, guards) = elements(&ntext, &c, &b2c, &sent, &clause);
        let mut out: Vec<(LintKind, usize, usize)> = Vec::new();
        review_rules(&els, &c, &clause, &mut out, opts.allow_review_request);
        word_rules(&els, &mut out);
        let claimed = off_platform(&els, &c, &mut out);
        private_data(&els, &c, &claimed, opts, &ntext, &b2c, &mut out);
        slots(&els, &c, &mut out);
        contact_numbers(&c, &sent, &mut out);
        let quoted = if c.contains(&'「') { quotations(&c) } else { Vec::new() };
        RulePass { slow, c, sent, els, guards, found: out, quoted }
    }

    /// The findings as reported: original offsets, too long, touching findings of one kind merged.
    fn finish(self, text: &str, opts: &LintOptions) -> Vec<LintFinding> {
        let total = self.c.len();
        let too_long = opts.max_chars.filter(|&max| total > max);
        if self.found.is_empty() && too_long.is_none() {
            return Vec::new();
        }
        // Normalised chars map one to one to the original's.
        let slow = &self.slow;
        let to_original = |s: usize, e: usize| slow.as_ref().map_or((s, e), |norm| norm.to_original(s, e));
        let chars: Vec<char> = text.chars().collect();
        let mut found: Vec<LintFinding> = self
            .found
            .into_iter()
            .map(|(kind, s, e)| {
                let (s, e) = to_original(s, e);
                finding(kind, &chars, s, e)
            })
            .collect();
        if let Some(max) = too_long {
            found.push(finding(K::TooLong, &chars, max, total));
        }
        sorting::sort_by_key(&mut found, |f| (f.start, f.end));
        // Touching findings of one kind are one problem (你自己 + 不会用 → 你自己不会用).
        let mut merged: Vec<LintFinding> = Vec::with_capacity(found.len());
        for f in found {
            match merged.iter_mut().rev().find(|m| m.kind == f.kind && f.start <= m.end) {
                Some(last) => {
                    if f.end > last.end {
                        last.end = f.end;
                        last.text = chars[last.start..last.end].iter().collect();
                    }
                }
                None => merged.push(f),
            }
        }
        merged
    }

    /// Sentences as char ranges of the normalised text, in order (empty ones left out).
    pub(crate) fn sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 0..self.c.len() {
            if self.sent[i + 1] != self.sent[i] {
                out.push((start, i + 1));
                start = i + 1;
            }
        }
        if start < self.c.len() {
            out.push((start, self.c.len()));
        }
        out
    }
}

/// [`lint_with`]'s findings, got by linting each line of `text` with `lint_line` (which may
/// memoise: lines repeat across texts where whole texts do not). The same findings as the whole
/// text's: a line break ends a sentence and a clause for the rules and the sentence model, so
/// nothing reads across it; the one exception is a quotation opened on one line and closed on
/// another, and composed texts never hold one (the quoted excerpt is a single line, its own
/// corner brackets nested). `tests/lint_lines.rs` checks the equality on the composed texts of
/// every labelled review.
pub fn lint_by_line(text: &str, opts: &LintOptions, mut lint_line: impl FnMut(&str, &LintOptions) -> Vec<LintFinding>) -> Vec<LintFinding> {
    if !text.contains('\n') {
        return lint_line(text, opts);
    }
    let mut pieces = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        pieces.push((offset, line));
        offset += line.chars().count() + 1;
    }
    lint_pieces(text, &pieces, opts, &mut lint_line)
}

/// [`lint_by_line`], and each line sentence by sentence: a composed text's sentences repeat
/// across reviews far more than its lines do (an explanation is one line of several sentences,
/// each one of a few variants; a script line names the buyer in one sentence of several). A
/// sentence end outside brackets and quotes ends the rules' and the model's reading as a line
/// break does, so the findings are the whole text's; `tests/lint_lines.rs` checks it on the
/// composed texts of every labelled review.
pub fn lint_by_sentence(text: &str, opts: &LintOptions, mut lint_sentence: impl FnMut(&str, &LintOptions) -> Vec<LintFinding>) -> Vec<LintFinding> {
    lint_by_line(text, opts, |line, opts| lint_pieces(line, &sentences(line), opts, &mut lint_sentence))
}

/// The findings of `text` from those of its `pieces` (char offset, piece), each linted without
/// the length limit, which is checked once on the whole.
fn lint_pieces(text: &str, pieces: &[(usize, &str)], opts: &LintOptions, lint_piece: &mut impl FnMut(&str, &LintOptions) -> Vec<LintFinding>) -> Vec<LintFinding> {
    if let [(_, only)] = pieces {
        if only.len() == text.len() {
            return lint_piece(text, opts);
        }
    }
    let per_piece = LintOptions { max_chars: None, ..*opts };
    let mut found = Vec::new();
    for &(offset, piece) in pieces {
        found.extend(lint_piece(piece, &per_piece).into_iter().map(|f| LintFinding { start: f.start + offset, end: f.end + offset, ..f }));
    }
    let total = pieces.last().map_or(0, |&(offset, piece)| offset + piece.chars().count());
    if let Some(max) = opts.max_chars.filter(|&max| total > max) {
        let chars: Vec<char> = text.chars().collect();
        found.push(finding(K::TooLong, &chars, max, total));
        sorting::sort_by_key(&mut found, |f| (f.start, f.end));
    }
    found
}

/// A line cut after each run of sentence ends (。！？；!?;…) that is outside every bracket and
/// quote (「」, “”, （）, 【】 …: a quotation or a 【待确认：…】 slot stays whole), as (char offset,
/// piece); the pieces make up the line. Reads bytes: every char it looks for is ASCII or three
/// UTF-8 bytes led by E2, E3 or EF, and most chars are none of them.
fn sentences(line: &str) -> Vec<(usize, &str)> {
    // What a char does, read as the rules read it (full width folded): 1 opens, 2 closes, 3 ends
    // a sentence, 4 toggles an ASCII quote.
    fn role(ch: char) -> u8 {
        match fold_width(ch) {
            '「' | '『' | '“' | '‘' | '(' | '【' | '《' | '〈' | '[' | '{' => 1,
            '」' | '』' | '”' | '’' | ')' | '】' | '》' | '〉' | ']' | '}' => 2,
            '"' => 4,
            c if c != '\n' && ends_sentence(c) => 3,
            _ => 0,
        }
    }
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut ascii_quote, mut ended) = (0usize, false, false);
    let (mut start_byte, mut start_char) = (0usize, 0usize);
    let mut b = 0;
    while b < bytes.len() {
        let lead = bytes[b];
        let (r, width) = match lead {
            b'!' | b'?' | b';' | b'"' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => (role(lead as char), 1),
            0xE2 | 0xE3 | 0xEF => (line[b..].chars().next().map_or(0, role), 3),
            _ => (0, 1),
        };
        if ended && r != 3 {
            out.push((start_char, &line[start_byte..b]));
            start_char += line[start_byte..b].chars().count();
            start_byte = b;
            ended = false;
        }
        match r {
            1 => depth += 1,
            2 => depth = depth.saturating_sub(1),
            3 => ended |= depth == 0 && !ascii_quote,
            4 => ascii_quote = !ascii_quote,
            _ => {}
        }
        // Past this char (any other multi-byte char is skipped a byte at a time: its
        // continuation bytes match nothing above).
        b += width;
    }
    out.push((start_char, &line[start_byte..]));
    out
}

fn finding(kind: LintKind, chars: &[char], start: usize, end: usize) -> LintFinding {
    let (message, suggestion) = advice(kind);
    LintFinding { kind, start, end, text: chars[start..end].iter().collect(), message: message.into(), suggestion: suggestion.into() }
}

/// Every listed word, shorter ones inside longer ones dropped, in start order, with their
/// sentence, clause and segment, and review words that are topics marked.
fn elements(text: &str, c: &[char], b2c: &[u32], sent: &[u32], clause: &[u32]) -> (Vec<El>, Vec<usize>) {
    let lex = lexicon();
    let n = c.len();
    let is_ascii_letter = |i: usize| c.get(i).is_some_and(|ch| ch.is_ascii_alphabetic());
    let mut raw: Vec<(Role, usize, usize)> = Vec::new();
    for m in lex.ac.find_overlapping_iter(text) {
        let (s, e) = (b2c[m.start()] as usize, b2c[m.end()] as usize);
        let id = m.pattern().as_usize();
        let role = lex.roles[id];
        if lex.ascii_word[id] && ((s > 0 && is_ascii_letter(s - 1)) || is_ascii_letter(e)) {
            continue;
        }
        // 元 / 块钱 count only after a number (5元, 两块钱).
        if role == Money && !(s > 0 && (c[s - 1].is_ascii_digit() || "一二两三四五六七八九十百千几".contains(c[s - 1]))) {
            continue;
        }
        raw.push((role, s, e));
    }
    // A match inside a longer one is dropped: longest end per start, then a running maximum.
    let mut best_end = vec![0usize; n + 1];
    for &(_, s, e) in &raw {
        best_end[s] = best_end[s].max(e);
    }
    let mut before = vec![0usize; n + 1]; // max end of matches starting strictly before i
    for i in 1..=n {
        before[i] = before[i - 1].max(best_end[i - 1]);
    }
    // Counting sort by start keeps this linear.
    let mut count = vec![0usize; n + 2];
    let (guards, kept): (Vec<(Role, usize, usize)>, Vec<(Role, usize, usize)>) =
        raw.into_iter().filter(|&(_, s, e)| before[s] < e && best_end[s] <= e).partition(|m| m.0 == Guard);
    let guards: Vec<usize> = guards.into_iter().map(|g| g.1).collect();
    for &(_, s, _) in &kept {
        count[s + 1] += 1;
    }
    for i in 1..count.len() {
        count[i] += count[i - 1];
    }
    let mut order: Vec<Option<(Role, usize, usize)>> = vec![None; kept.len()];
    for m in kept {
        order[count[m.1]] = Some(m);
        count[m.1] += 1;
    }
    let mut els: Vec<El> = Vec::with_capacity(order.len());
    let mut seg = 0u32;
    let mut last_sent = 0u32;
    let mut thanks_clause: Option<u32> = None;
    let mut refer: Option<(u32, usize)> = None;
    for (role, s, e) in order.into_iter().flatten() {
        let (st, cl) = (sent[s], clause[s]);
        if st != last_sent {
            seg += 1;
            last_sent = st;
        }
        if role == Contrast {
            seg += 1;
        }
        let mut topic = false;
        // Thanked for (感谢您的好评) or referred to (看到您的追评): a topic, not a request. A reference
        // makes only a review word a topic, not a request phrase (您在评价里补充一句).
        if matches!(role, Review(_) | Word(K::ReviewRequest)) {
            let referred = matches!(role, Review(_)) && refer.is_some_and(|(rc, re)| rc == cl && s.saturating_sub(re) <= 6);
            topic = thanks_clause == Some(cl) || referred;
        }
        match role {
            Thanks => thanks_clause = Some(cl),
            Refer => refer = Some((cl, e)),
            _ => {}
        }
        els.push(El { role, s, e, sent: st, clause: cl, seg, topic });
    }
    (els, guards)
}

/// Clauses that contain a refusal, and segments that contain a deference.
fn cue_sets(els: &[El], role: Role, by_clause: bool) -> Vec<u32> {
    let mut v: Vec<u32> = els.iter().filter(|x| x.role == role).map(|x| if by_clause { x.clause } else { x.seg }).collect();
    v.dedup();
    v
}

fn has(sorted: &[u32], x: u32) -> bool {
    sorted.binary_search(&x).is_ok()
}

/// Requests for a review and benefits tied to one.
fn review_rules(els: &[El], c: &[char], clause: &[u32], out: &mut Vec<(LintKind, usize, usize)>, allow_request: bool) {
    let refused = cue_sets(els, Refuse, true);
    let deferred = cue_sets(els, Defer, false);
    let is_refused = |x: &El| has(&refused, x.clause);
    // (start, end, sentence, seg, refused) of each request found.
    let mut requests: Vec<(usize, usize, u32, u32, bool)> = Vec::new();
    let mut push = |a: &El, b: &El| {
        let r = is_refused(a) || is_refused(b);
        requests.push((a.s.min(b.s), a.e.max(b.e), a.sent, a.seg.max(b.seg), r));
    };
    const WINDOW: usize = 12;
    for (i, a) in els.iter().enumerate() {
        if a.role == Word(K::ReviewRequest) && !a.topic {
            push(a, a);
        }
        let live_review = |x: &El| matches!(x.role, Review(_)) && !x.topic;
        // Look ahead a bounded distance: the number of words in it is bounded, so this stays linear.
        for (j, b) in els.iter().enumerate().skip(i + 1) {
            if b.s > a.e + WINDOW || b.sent != a.sent {
                break;
            }
            let gap = b.s.saturating_sub(a.e);
            let same_clause = a.clause == b.clause;
            match (a.role, b.role) {
                // 改一下评价, 删掉差评, 追加个好评
                (Change, Review(Rv::Any | Rv::Good | Rv::Bad | Rv::Append)) if live_review(b) && same_clause && gap <= 6 => push(a, b),
                // 评价能不能改一下, 差评删了, 您的评价改完
                (Review(Rv::Any | Rv::Good | Rv::Bad | Rv::Append), Change) if live_review(a) && gap <= 8 => {
                    if !els[i + 1..j].iter().any(|x| x.role == Block) {
                        push(a, b)
                    }
                }
                // 给个好评, 打五星, 写好评
                (Give, Review(Rv::Good)) if live_review(b) && same_clause && gap <= 4 => push(a, b),
                // 请给我们五星好评, 希望您能给我们一个好评
                (Ask, Review(Rv::Good)) if live_review(b) && gap <= 10 => push(a, b),
                // 麻烦亲追评一下, 可以追评说明
                (Ask, Review(Rv::Append)) if live_review(b) && gap <= 6 => push(a, b),
                // 不要给差评, 千万别打中差评
                (Dont, Give) if gap <= 3 => {
                    if let Some(r) = els[j + 1..].iter().take_while(|x| x.s <= b.e + 4 && x.clause == b.clause).find(|x| x.role == Review(Rv::Bad)) {
                        push(a, r)
                    }
                }
                (Dont, Review(Rv::Bad)) if gap <= 2 => push(a, b),
                // 您的差评 …，可以删除吗: a request to change, with a review earlier in the sentence.
                (Ask, Change) if gap <= 8 => {
                    if els[..i].iter().rev().take(32).take_while(|x| x.sent == a.sent).any(|x| live_review(x) && !matches!(x.role, Review(Rv::Show))) {
                        push(a, b)
                    }
                }
                _ => {}
            }
        }
    }

    // What a benefit must not be tied to: a good, changed, added or photo review.
    let mut targets: Vec<(usize, usize, u32)> = requests.iter().filter(|r| !r.4).map(|r| (r.0, r.1, r.2)).collect();
    for x in els {
        let live = !x.topic && !is_refused(x);
        match x.role {
            Review(Rv::Good | Rv::Append | Rv::Show) | Target if live => targets.push((x.s, x.e, x.sent)),
            Word(K::ReviewIncentive) if live => targets.push((x.s, x.e, x.sent)),
            _ => {}
        }
    }
    // Sentences already holding an incentive finding (a few per text: a list).
    let mut incentive_sents: Vec<u32> = Vec::new();
    for x in els {
        if x.role == Word(K::ReviewIncentive) && !x.topic && !is_refused(x) {
            out.push((K::ReviewIncentive, x.s, x.e));
            incentive_sents.push(x.sent);
        }
    }
    // One finding per sentence: the benefit and the target nearest it, spanning both. A benefit
    // already given (退款已经到账了, 已给您补发) fixed the problem; it is not offered for the review.
    let given = |b: &El| {
        let (from, to) = (b.s.saturating_sub(6), (b.e + 6).min(c.len()));
        (from..to).any(|k| c[k] == '已' && clause[k] == b.clause)
    };
    for b in els.iter().filter(|x| matches!(x.role, Benefit | Money) && !is_refused(x) && !given(x)) {
        if incentive_sents.contains(&b.sent) {
            continue;
        }
        // Each benefit looks only at its own sentence's targets.
        let near = targets.iter().filter(|t| t.2 == b.sent).min_by_key(|t| t.0.abs_diff(b.s));
        if let Some(t) = near {
            out.push((K::ReviewIncentive, t.0.min(b.s), t.1.max(b.e)));
            incentive_sents.push(b.sent);
        }
    }
    if allow_request {
        return;
    }
    for (s, e, st, seg, r) in requests {
        if r || has(&deferred, seg) || incentive_sents.contains(&st) {
            continue;
        }
        out.push((K::ReviewRequest, s, e));
    }
}

/// Insults, blame and threats (a refusal in the clause clears a threat: 我们不会曝光任何信息).
fn word_rules(els: &[El], out: &mut Vec<(LintKind, usize, usize)>) {
    let refused = cue_sets(els, Refuse, true);
    for x in els {
        match x.role {
            Word(K::Insult) | Word(K::Blame) => out.push((if x.role == Word(K::Insult) { K::Insult } else { K::Blame }, x.s, x.e)),
            Word(K::Threat) if !has(&refused, x.clause) => out.push((K::Threat, x.s, x.e)),
            _ => {}
        }
    }
}

/// An account id right after a channel word (微信：abc_123, qq 12345678): returns its end.
fn contact_id(c: &[char], from: usize) -> Option<usize> {
    let mut i = from;
    let mut skipped = 0;
    while i < c.len() && skipped < 4 && matches!(c[i], ' ' | ':' | '是' | '为' | '号' | '(' | '-') {
        i += 1;
        skipped += 1;
    }
    let start = i;
    while i < c.len() && (c[i].is_ascii_alphanumeric() || c[i] == '_' || c[i] == '-') && i - start < 24 {
        i += 1;
    }
    let id = &c[start..i];
    let digits = id.iter().filter(|d| d.is_ascii_digit()).count();
    let letters = id.iter().filter(|d| d.is_ascii_alphabetic()).count();
    let ok = (letters > 0 && id.len() >= 5) || (letters == 0 && (5..=12).contains(&digits));
    ok.then_some(i)
}

/// Off-platform contact; returns the spans of account ids it claimed (not private data then).
fn off_platform(els: &[El], c: &[char], out: &mut Vec<(LintKind, usize, usize)>) -> Vec<(usize, usize)> {
    let refused = cue_sets(els, Refuse, true);
    let mut claimed = Vec::new();
    let mut dont_clause: Option<u32> = None;
    for (i, x) in els.iter().enumerate() {
        if x.role == Dont {
            dont_clause = Some(x.clause);
        }
        let cleared = has(&refused, x.clause) || dont_clause == Some(x.clause);
        let hit = match x.role {
            Word(K::OffPlatform) => true,
            Contact => {
                let verb_before = els[..i].iter().rev().take_while(|y| y.sent == x.sent && x.s.saturating_sub(y.e) <= 8).any(|y| y.role == AddVerb);
                let ask_after = els[i + 1..].iter().take_while(|y| y.s <= x.e + 6 && y.sent == x.sent).any(|y| matches!(y.role, ContactAfter | AddVerb));
                verb_before || ask_after || contact_id(c, x.e).is_some()
            }
            _ => continue,
        };
        if !hit {
            continue;
        }
        let end = contact_id(c, x.e).unwrap_or(x.e);
        if end > x.e {
            claimed.push((x.e, end));
        }
        if !cleared {
            out.push((K::OffPlatform, x.s, end));
        }
    }
    claimed
}

/// Phone numbers, order and tracking numbers, ids, e-mail addresses, street addresses, real
/// names and the buyer's nick.
fn private_data(els: &[El], c: &[char], claimed: &[(usize, usize)], opts: &LintOptions, text: &str, b2c: &[u32], out: &mut Vec<(LintKind, usize, usize)>) {
    let n = c.len();
    let is_claimed = |s: usize, e: usize| claimed.iter().any(|&(a, b)| s < b && a < e);
    // Labels (订单号, 电话) say that an id-like run right after them is private.
    let mut label_end = vec![false; n + 1];
    for x in els.iter().filter(|x| x.role == PrivLabel) {
        label_end[x.e] = true;
    }
    let mut i = 0;
    while i < n {
        if !(c[i].is_ascii_digit() || (c[i] == '*' && i + 1 < n && (c[i + 1].is_ascii_digit() || c[i + 1] == '*'))) {
            i += 1;
            continue;
        }
        // A run of digits (and * masks), allowing single spaces or dashes inside (138-1234-5678).
        let start = i;
        let (mut digits, mut symbols, mut end, mut j) = (0usize, 0usize, i, i);
        while j < n {
            if c[j].is_ascii_digit() || c[j] == '*' {
                digits += usize::from(c[j].is_ascii_digit());
                symbols += 1;
                end = j + 1;
            } else if !(matches!(c[j], ' ' | '-') && j + 1 < n && c[j + 1].is_ascii_digit()) {
                break;
            }
            j += 1;
        }
        let run: Vec<char> = c[start..end].iter().copied().filter(|d| d.is_ascii_digit() || *d == '*').collect();
        let mobile = symbols == 11 && run[0] == '1' && matches!(run[1], '3'..='9') && digits >= 7;
        let landline = (10..=12).contains(&digits) && symbols == digits && run[0] == '0';
        let long_id = digits >= 12 || (digits == 17 && end < n && c[end] == 'x');
        // Letters glued before a long number: SF1234567890123, TB20261120123456.
        let mut lead = start;
        while lead > 0 && start - lead < 4 && c[lead - 1].is_ascii_alphabetic() {
            lead -= 1;
        }
        let tracking = lead < start && digits >= 10 && (lead == 0 || !c[lead - 1].is_ascii_alphanumeric());
        // After a label (订单号：12345678), a shorter run is private too.
        let mut k = lead;
        while k > 0 && lead - k < 3 && matches!(c[k - 1], ' ' | ':' | '(' | '#') {
            k -= 1;
        }
        let labelled = label_end[k] && digits >= 5;
        if (mobile || landline || long_id || tracking || labelled) && !is_claimed(start, end) {
            let s = if labelled { els.iter().rev().find(|x| x.role == PrivLabel && x.e == k).map_or(lead, |x| x.s) } else { lead };
            let e = if long_id && digits == 17 && end < n && c[end] == 'x' { end + 1 } else { end };
            out.push((K::PrivateData, s, e));
        } else if let Some(unit_end) = address_unit(c, end) {
            // A house number: an address when a place word is a few chars before it.
            let from = start.saturating_sub(12);
            if let Some(p) = (from..start).find(|&p| PLACE_MARKS.contains(c[p])) {
                let mut s = p;
                while s > 0 && p - s < 4 && is_cjk(c[s - 1]) {
                    s -= 1;
                }
                // Follow-on numbers: 5栋2单元301室.
                let mut e = unit_end;
                loop {
                    let mut d = e;
                    while d < n && c[d].is_ascii_digit() {
                        d += 1;
                    }
                    match (d > e).then(|| address_unit(c, d)).flatten() {
                        Some(u) => e = u,
                        None => break,
                    }
                }
                out.push((K::PrivateData, s, e));
                i = e.max(i + 1);
                continue;
            }
        }
        i = end.max(i + 1);
    }
    // E-mail addresses.
    for at in (0..n).filter(|&k| c[k] == '@') {
        let local = |ch: char| ch.is_ascii_alphanumeric() || "._-+".contains(ch);
        let mut s = at;
        while s > 0 && local(c[s - 1]) && at - s < 64 {
            s -= 1;
        }
        let mut e = at + 1;
        while e < n && (c[e].is_ascii_alphanumeric() || ".-".contains(c[e])) && e - at < 255 {
            e += 1;
        }
        if s < at && c[at + 1..e].contains(&'.') {
            out.push((K::PrivateData, s, e));
        }
    }
    if opts.audience == Audience::Buyer {
        return;
    }
    // Real names: surname (and up to two given-name chars) + 先生/女士/小姐.
    for x in els.iter().filter(|x| x.role == Title) {
        let at = (1..=3).filter(|&k| k <= x.s).find(|&k| SURNAMES.contains(c[x.s - k]) && (1..k).all(|q| is_cjk(c[x.s - q])) && (k == 1 || !SURNAMES.contains(c[x.s - 1])));
        if let Some(k) = at {
            out.push((K::PrivateData, x.s - k, x.e));
        }
    }
    names_and_nicks(c, text, b2c, out);
    // The buyer's nick, when the record gives one.
    if let Some(nick) = opts.nick() {
        for (b, m) in text.match_indices(nick.as_str()) {
            out.push((K::PrivateData, b2c[b] as usize, b2c[b + m.len()] as usize));
        }
    }
}

/// A number in a sentence that moves the buyer off the platform is the contact given for it (打我
///手机159…, 加企鹅：2875…): one problem, reported as off-platform contact, not as private data.
fn contact_numbers(c: &[char], sent: &[u32], out: &mut Vec<(LintKind, usize, usize)>) {
    let off: Vec<u32> = out.iter().filter(|f| f.0 == K::OffPlatform).map(|f| sent[f.1]).collect();
    if off.is_empty() {
        return;
    }
    out.retain(|&(k, s, e)| !(k == K::PrivateData && off.contains(&sent[s]) && e > s && c[e - 1].is_ascii_alphanumeric()));
}

/// Words after which a real name is expected (买家王丽娟, 尊敬的顾客赵子龙, 致买家马骁, 收件人：周梅).
const NAME_MARKERS: &[&str] = &["买家", "顾客", "客户", "客人", "收件人", "收货人", "签收人", "联系人", "姓名", "尊敬的", "亲爱的", "致", "您好", "你好"];
/// Words that introduce a nick or a name, for the sentence model's private data (which reads
/// the unquoted nicks the rules leave: 昵称：奶茶不加糖).
pub(crate) const NAME_AND_NICK_WORDS: &[&str] = &["昵称", "用户名", "账号", "旺旺", "会员名", "网名", "收件人", "收货人", "签收人", "联系人", "姓名", "名字", "叫"];
/// Words after which a nick or account is expected (昵称“风一样的男子88”, 回复用户 tb_8827361, 旺旺：jiajia_520).
const NICK_MARKERS: &[&str] = &["昵称", "用户", "买家", "顾客", "回复", "旺旺", "账号", "用户名", "会员", "id"];
/// Two-char words that start with a surname char but are not names (买家方便时, 顾客高度评价).
const NOT_NAMES: &[&str] = &[
    "方便", "方面", "方式", "方法", "方案", "高兴", "高度", "高效", "马上", "周末", "周到", "周期", "许多", "任何", "于是", "曾经", "程序", "向您",
    "付款", "付费", "万一", "严重", "金额", "白色", "黄色", "石头", "张贴", "陈述", "余额", "江湖", "何时", "温馨", "朋友", "您好", "你好", "龙头",
    "钱款", "史上", "武汉", "贺卡", "顾问", "常用", "康复", "安心", "林地", "范围", "汤汁", "田园", "段时", "邵阳", "孔洞", "毛病", "毛巾", "邓氏",
    "顾客", "金牌", "金卡", "钱包", "白天", "高端", "万分", "程度", "于此", "向我", "向你", "余下", "夏天", "夏季", "秦岭", "叶子", "龙井", "石膏",
    "潘多", "宋体", "唐装", "雷达", "黎明", "韩版", "韩国", "孟夏", "江南", "苏州", "杭州", "何种", "贾家", "朱红", "冯氏", "董事", "袁氏", "罗马",
    "郑州", "蒋氏", "姚氏", "卢森", "崔氏", "钟表", "谭氏", "陆续", "汪汪", "邹氏", "熊猫", "邱氏", "尹氏", "薛氏", "闫氏", "侯氏", "陶瓷", "贺词",
    "顾及", "毛衣", "万元", "严格", "严选", "武器", "戴上", "莫名", "孔子", "向来", "汤圆", "林林", "高品", "高价", "高温", "高兴地", "王者", "张开",
    "刘海", "黄金", "吴江", "周边", "徐徐", "孙子", "马克", "朱古", "胡乱", "郭氏", "何况", "罗列", "梁上", "谢谢", "谢意", "宋朝", "许可", "韩式",
    "曹操", "彭湃", "曾用", "肖像", "田间", "潘氏", "于今", "蔡氏", "余额", "杜绝", "叶片", "程度", "苏打", "魏碑", "吕氏", "丁香", "任意", "沈阳",
    "姜黄", "崔嵬", "钟点", "范例", "金色", "石材", "廖氏", "夏装", "韦氏", "付出", "方可", "白天", "邹城", "孟浪", "秦皇", "江苏", "尹氏", "段落",
    "雷同", "侯选", "龙虾", "史料", "陶醉", "黎族", "贺岁", "毛绒", "郝氏", "龚氏", "邵氏", "万能", "钱财", "严实", "覃氏", "武林", "戴着", "莫要",
    "孔雀", "向上", "汤勺",
];

/// Chars that end a name (王丽娟您好, 陈晓东于5月2日, 周梅的包裹).
fn ends_name(c: &[char], k: usize) -> bool {
    k >= c.len() || !is_cjk(c[k]) || "您你先女小同于已在的反申签收".contains(c[k])
}

/// The length after the surname at `at` of a name there: one or two chars, then the name ends.
fn name_after(c: &[char], at: usize) -> Option<usize> {
    [2, 1].into_iter().find(|&k| at + k < c.len() && (1..=k).all(|q| is_cjk(c[at + q])) && ends_name(c, at + k + 1) && !(k == 2 && "您你".contains(c[at + 2])))
}

/// Real names after a name marker, and nicks or account ids after a nick marker or an @ (public
/// text only: the buyer's own name in a message to them is fine).
fn names_and_nicks(c: &[char], text: &str, b2c: &[u32], out: &mut Vec<(LintKind, usize, usize)>) {
    let n = c.len();
    let skip_sep = |mut k: usize| {
        while k < n && matches!(c[k], ' ' | ':' | '(') {
            k += 1;
        }
        k
    };
    for m in NAME_MARKERS {
        for (b, _) in text.match_indices(m) {
            // 致 heads a salutation (致马骁：); inside a word it does not (导致, 一致, 想致谢只在…).
            if *m == "致" && ((b > 0 && is_cjk(c[b2c[b] as usize - 1])) || text[b..].starts_with("致谢")) {
                continue;
            }
            let at = skip_sep(b2c[b + m.len()] as usize);
            if at >= n || !SURNAMES.contains(c[at]) {
                continue;
            }
            let Some(name_len) = name_after(c, at) else { continue };
            let word: String = c[at..at + 2].iter().collect();
            if NOT_NAMES.contains(&word.as_str()) {
                continue;
            }
            out.push((K::PrivateData, at, at + 1 + name_len));
        }
    }
    let quote_end = |open: char| match open {
        '“' => Some('”'),
        '"' => Some('"'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    };
    for m in NICK_MARKERS {
        for (b, _) in text.match_indices(m) {
            let me = b2c[b + m.len()] as usize;
            // `id` only as a word of its own.
            if m.is_ascii() && ((b > 0 && c[b2c[b] as usize - 1].is_ascii_alphanumeric()) || (me < n && c[me].is_ascii_alphabetic())) {
                continue;
            }
            let at = skip_sep(me);
            if at >= n {
                continue;
            }
            if let Some(close) = quote_end(c[at]) {
                // A quoted nick: up to the closing quote, at most 20 chars.
                if let Some(end) = (at + 1..n.min(at + 22)).find(|&q| c[q] == close) {
                    if end > at + 1 {
                        out.push((K::PrivateData, at, end + 1));
                    }
                }
            } else if c[at].is_ascii_alphanumeric() {
                // An account id: letters and digits (and _), with a digit or _, 5 chars or more.
                let end = (at..n).take_while(|&q| c[q].is_ascii_alphanumeric() || c[q] == '_').last().map_or(at, |q| q + 1);
                let id = &c[at..end];
                if id.len() >= 5 && id.iter().any(|x| x.is_ascii_digit() || *x == '_') && id.iter().any(|x| x.is_ascii_alphabetic()) {
                    out.push((K::PrivateData, at, end));
                }
            }
        }
    }
    // @nick (not an e-mail address: nothing glued before the @).
    for at in (0..n).filter(|&k| c[k] == '@') {
        if at > 0 && (c[at - 1].is_ascii_alphanumeric() || "._-+".contains(c[at - 1])) {
            continue;
        }
        let end = (at + 1..n).take_while(|&q| !c[q].is_whitespace() && !ends_sentence(c[q]) && !ends_clause(c[q]) && !"，：:、（）()".contains(c[q])).last().map_or(at, |q| q + 1);
        if end > at + 1 {
            out.push((K::PrivateData, at, end));
        }
    }
}

fn is_cjk(ch: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&ch)
}

/// The end of an address unit (号, 栋, 单元 …) starting at `at`, if there is one.
fn address_unit(c: &[char], at: usize) -> Option<usize> {
    ADDRESS_UNITS.iter().find_map(|u| {
        let len = u.chars().count();
        (at + len <= c.len() && c[at..at + len].iter().copied().eq(u.chars())).then_some(at + len)
    })
}

/// 【待确认：…】 slots, each up to its closing bracket (or the end of the text).
fn slots(els: &[El], c: &[char], out: &mut Vec<(LintKind, usize, usize)>) {
    let mut scanned = 0;
    for x in els.iter().filter(|x| x.role == Slot) {
        if x.s < scanned {
            continue;
        }
        let close = (x.e..c.len()).find(|&k| c[k] == '】').map_or(c.len(), |k| k + 1);
        out.push((K::UnconfirmedClaim, x.s, close));
        scanned = close;
    }
}

/// One labelled sentence of an evaluation set: `labels` empty means `ok`.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub line: usize,
    pub labels: Vec<LintKind>,
    pub text: String,
}

/// Reads `LABELS<TAB>TEXT` lines (`#` comments and blank lines skipped); LABELS is `ok` or
/// comma-separated kind ids.
pub fn read_labelled(input: &str) -> Result<Vec<Labelled>, String> {
    let mut out = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let t = line.trim_end_matches('\r');
        if t.trim().is_empty() || t.starts_with('#') {
            continue;
        }
        let (labels, text) = t.split_once('\t').ok_or_else(|| format!("line {}: expected LABELS<TAB>TEXT", i + 1))?;
        let mut kinds = Vec::new();
        for l in labels.split(',').map(str::trim).filter(|l| *l != "ok") {
            let k: LintKind = crate::model::from_serde_id(l).ok_or_else(|| format!("line {}: unknown label {l:?}", i + 1))?;
            kinds.push(k);
        }
        if text.trim().is_empty() {
            return Err(format!("line {}: empty text", i + 1));
        }
        out.push(Labelled { line: i + 1, labels: kinds, text: text.trim().to_string() });
    }
    Ok(out)
}

/// Precision and recall of one kind over a labelled set.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KindScore {
    pub kind: LintKind,
    pub support: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
}

/// The linter measured on a labelled set: per kind, and the sentences it got wrong.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LintReport {
    pub sentences: usize,
    pub kinds: Vec<KindScore>,
    /// (line, text, expected, found) for every sentence whose kinds differ.
    pub mistakes: Vec<(usize, String, Vec<LintKind>, Vec<LintKind>)>,
}

/// Lints every sentence with the built-in linter (public audience, no length limit) and scores the
/// forbidden kinds.
pub fn evaluate(set: &[Labelled]) -> LintReport {
    evaluate_with(Linter::builtin(), set)
}

/// Lints every sentence with `linter` (public audience, no length limit) and scores the forbidden
/// kinds.
pub fn evaluate_with(linter: &Linter, set: &[Labelled]) -> LintReport {
    let mut kinds: Vec<KindScore> =
        FORBIDDEN.iter().map(|&kind| KindScore { kind, support: 0, tp: 0, fp: 0, fn_: 0, precision: 1.0, recall: 1.0 }).collect();
    let mut mistakes = Vec::new();
    for s in set {
        let mut found: Vec<LintKind> = linter.lint_with(&s.text, &LintOptions::default()).into_iter().map(|f| f.kind).filter(|k| FORBIDDEN.contains(k)).collect();
        found.sort_by_key(|k| FORBIDDEN.iter().position(|f| f == k));
        found.dedup();
        for row in &mut kinds {
            let (want, got) = (s.labels.contains(&row.kind), found.contains(&row.kind));
            row.support += usize::from(want);
            match (want, got) {
                (true, true) => row.tp += 1,
                (false, true) => row.fp += 1,
                (true, false) => row.fn_ += 1,
                (false, false) => {}
            }
        }
        let mut want = s.labels.clone();
        want.sort_by_key(|k| FORBIDDEN.iter().position(|f| f == k));
        if want != found {
            mistakes.push((s.line, s.text.clone(), want, found));
        }
    }
    for row in &mut kinds {
        row.precision = if row.tp + row.fp == 0 { 1.0 } else { row.tp as f64 / (row.tp + row.fp) as f64 };
        row.recall = if row.support == 0 { 1.0 } else { row.tp as f64 / row.support as f64 };
    }
    LintReport { sentences: set.len(), kinds, mistakes }
}

pub(crate) fn kind_id(k: LintKind) -> String {
    crate::model::serde_id(&k)
}

impl LintReport {
    /// Several reports as one (counts added, rates recomputed; mistakes kept in order).
    pub fn pooled(parts: &[LintReport]) -> LintReport {
        let mut kinds: Vec<KindScore> =
            FORBIDDEN.iter().map(|&kind| KindScore { kind, support: 0, tp: 0, fp: 0, fn_: 0, precision: 1.0, recall: 1.0 }).collect();
        for p in parts {
            for (row, k) in kinds.iter_mut().zip(&p.kinds) {
                row.support += k.support;
                row.tp += k.tp;
                row.fp += k.fp;
                row.fn_ += k.fn_;
            }
        }
        for row in &mut kinds {
            row.precision = if row.tp + row.fp == 0 { 1.0 } else { row.tp as f64 / (row.tp + row.fp) as f64 };
            row.recall = if row.support == 0 { 1.0 } else { row.tp as f64 / row.support as f64 };
        }
        LintReport { sentences: parts.iter().map(|p| p.sentences).sum(), kinds, mistakes: parts.iter().flat_map(|p| p.mistakes.clone()).collect() }
    }
}

impl std::fmt::Display for LintReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} sentences", self.sentences)?;
        writeln!(f, "{:<18} {:>7} {:>4} {:>4} {:>4} {:>9} {:>7}", "kind", "support", "tp", "fp", "fn", "precision", "recall")?;
        for r in &self.kinds {
            writeln!(f, "{:<18} {:>7} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}", kind_id(r.kind), r.support, r.tp, r.fp, r.fn_, r.precision, r.recall)?;
        }
        if !self.mistakes.is_empty() {
            writeln!(f, "\nmistakes:")?;
            for (line, text, want, got) in &self.mistakes {
                let ids = |v: &Vec<LintKind>| if v.is_empty() { "ok".to_string() } else { v.iter().map(|k| kind_id(*k)).collect::<Vec<_>>().join(",") };
                writeln!(f, "  line {line}: expected {} found {}: {text}", ids(want), ids(got))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::char_slice;

    fn kinds(text: &str) -> Vec<LintKind> {
        lint(text, Some(500)).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn every_listed_word_has_one_role() {
        let mut seen = std::collections::HashMap::new();
        for (role, words) in TABLE {
            for w in *words {
                if let Some(prev) = seen.insert(normalize(w).text, *role) {
                    panic!("{w} listed as {prev:?} and {role:?}");
                }
            }
        }
    }

    #[test]
    fn polite_replies_are_clean() {
        for ok in [
            "感谢您的反馈，我们已安排质检复查，如有问题可联系客服办理退换。",
            "商品图片在不同屏幕和光线下会有一定色差，我们已在详情页补充了实拍图。",
            "对物流慢我们很抱歉，已和快递公司沟通。",
            "我们欢迎真实的评价，商品问题均可按平台规则申请售后。",
            "本店从不以任何返现、红包换取评价",
            "滚筒洗衣机和烟雾报警器都已发货，红包封面礼盒另外包装。",
        ] {
            assert!(lint(ok, Some(500)).is_empty(), "{ok}: {:?}", lint(ok, Some(500)));
        }
    }

    #[test]
    fn finds_each_kind() {
        assert_eq!(kinds("你是不是有病"), vec![K::Insult]);
        assert_eq!(kinds("这是你自己不会用"), vec![K::Blame]);
        assert_eq!(kinds("再这样我们就报警"), vec![K::Threat]);
        assert_eq!(kinds("好评返现5元"), vec![K::ReviewIncentive]);
        assert_eq!(kinds("改好评就退款"), vec![K::ReviewIncentive]);
        assert_eq!(kinds("麻烦您把差评改一下"), vec![K::ReviewRequest]);
        assert_eq!(kinds("加我微信 abc_123 聊"), vec![K::OffPlatform]);
        assert_eq!(kinds("联系138 1234 5678"), vec![K::PrivateData]);
        assert_eq!(kinds("订单号：250312-11223344556677"), vec![K::PrivateData]);
        assert_eq!(kinds("超过市区不到五公里"), vec![]);
        assert_eq!(kinds("张先生您好"), vec![K::PrivateData]);
        assert_eq!(kinds("寄到朝阳区建国路88号"), vec![K::PrivateData]);
        assert_eq!(kinds("改評返現"), vec![K::ReviewIncentive], "traditional too");
        assert_eq!(kinds("已对同批次库存重新抽检。【待确认：已补发】"), vec![K::UnconfirmedClaim]);
    }

    #[test]
    fn refusals_deference_and_thanks_are_not_requests() {
        for ok in [
            "评价是您的权利，我们不会用退款、返现或任何好处来交换评价，也不会接受以评价为条件的要求。",
            "任何补偿都只为解决问题，不能以修改评价为条件",
            "评价改不改完全由您决定，问题我们都会处理好",
            "感谢您的五星好评",
            "看到您的追评，我们马上联系了快递公司",
        ] {
            assert!(kinds(ok).is_empty(), "{ok}: {:?}", lint(ok, None));
        }
        // A refusal reaches only its own clause.
        assert_eq!(kinds("我们不会再打扰您，麻烦您把评价改一下"), vec![K::ReviewRequest]);
        // A contrast ends a deference.
        assert_eq!(kinds("评价由您决定，不过希望您改成好评"), vec![K::ReviewRequest]);
    }

    #[test]
    fn nick_and_names_only_in_public_text() {
        let text = "t**6您好，张先生的包裹已发出";
        let public = LintOptions { buyer: Some("t**6"), ..Default::default() };
        assert_eq!(lint_with(text, &public).len(), 2);
        let private = LintOptions { buyer: Some("t**6"), audience: Audience::Buyer, ..Default::default() };
        assert!(lint_with(text, &private).is_empty());
    }

    #[test]
    fn sentences_cut_after_ends_outside_brackets_and_quotes() {
        let pieces = |line: &str| sentences(line).into_iter().map(|(at, p)| (at, p.to_string())).collect::<Vec<_>>();
        assert_eq!(pieces("好的。谢谢！！再见"), [(0, "好的。".into()), (3, "谢谢！！".into()), (7, "再见".into())]);
        // A quotation, a slot and an ASCII quote stay whole, whatever ends inside them.
        assert_eq!(pieces("您说「太差了！不买了。」，抱歉。【待确认：已补发。】好"), [(0, "您说「太差了！不买了。」，抱歉。".into()), (16, "【待确认：已补发。】好".into())]);
        assert_eq!(pieces("昵称\"a.b!c\"的买家；好"), [(0, "昵称\"a.b!c\"的买家；".into()), (13, "好".into())]);
        assert_eq!(pieces("😀…好?"), [(0, "😀…".into()), (2, "好?".into())]);
        assert_eq!(pieces(""), [(0, String::new())]);
        for line in ["「未闭合。的引号。", "）多余的。右括号。", "a!b?c;d"] {
            assert_eq!(sentences(line).iter().map(|p| p.1).collect::<String>(), line);
        }
    }

    #[test]
    fn zhi_is_a_name_marker_only_where_it_heads_a_salutation() {
        assert_eq!(kinds("致马骁：您的包裹已补发"), vec![K::PrivateData]);
        for text in ["想致谢只在聊天里发一次", "致谢只是开始", "质量导致王牌产品口碑下滑", "颜色一致李子色"] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }

    #[test]
    fn a_platform_that_allows_asking_lifts_requests_but_never_incentives() {
        let allow = LintOptions { allow_review_request: true, ..Default::default() };
        assert!(lint_with("方便的话可以更新一下评价", &allow).is_empty());
        assert_eq!(lint_with("改成好评送您红包", &allow)[0].kind, K::ReviewIncentive);
    }

    #[test]
    fn spans_index_the_text() {
        let text = "😀亲，好评返现，电话13812345678，加vx：abc_1234，【待确认：已补发】";
        for f in lint(text, Some(10)) {
            assert_eq!(char_slice(text, f.start, f.end), Some(f.text.as_str()), "{f:?}");
        }
        let long = lint(text, Some(10));
        let too_long = long.iter().find(|f| f.kind == K::TooLong).unwrap();
        assert_eq!(too_long.start, 10);
        let slot = long.iter().find(|f| f.kind == K::UnconfirmedClaim).unwrap();
        assert_eq!(slot.text, "【待确认：已补发】");
    }

    #[test]
    fn numbers_that_are_not_private() {
        assert!(lint("7天无理由退换，满99元包邮，2026年发货，预计11月7号发出，5号电池", None).is_empty());
    }

    #[test]
    fn the_fast_path_normalises_exactly_like_normalize() {
        for t in [
            "質量很差，發貨太慢，顏色不一樣", "质量很差,发货太慢", "ＡＢＣ１２３！　ok", "慰藉乾隆看著計畫闔家", "呵呵😀", "", "改評返現，加ＶＸ：ABC",
            "本店从不以任何返现、红包换取评价", "\u{3000}\u{a0}滚筒",
        ] {
            // Without the table, normalising is the per-char fold.
            if !may_change_any(t) {
                assert_eq!(t.chars().map(fold_width).collect::<String>(), normalize(t).text, "{t}");
            }
        }
        // Around every 13th BMP char: wherever the table is not needed, the fold is normalize.
        for cp in (0x800u32..=0xFFFF).step_by(13) {
            let Some(ch) = char::from_u32(cp) else { continue };
            for t in [format!("a{ch}Ｂ"), format!("{ch}{ch}"), format!("看{ch}")] {
                if !may_change_any(&t) {
                    assert_eq!(t.chars().map(fold_width).collect::<String>(), normalize(&t).text, "{t}");
                }
            }
        }
        // Every char fast2s changes on its own is in the set.
        for cp in (0x4E00u32..=0x9FFF).step_by(7) {
            let c = char::from_u32(cp).unwrap().to_string();
            if fast2s::convert(&c) != c {
                assert!(may_change_any(&c), "{c}");
            }
        }
    }

    #[test]
    fn linear_in_text_length() {
        // Many markers at every position: the old scanner tried each at every char.
        let unit = "省市区县镇路街号小区栋单元室村弄大厦先生女士订单号微信qq";
        let small: String = unit.repeat(200);
        let big: String = unit.repeat(3200);
        let time = |t: &str| {
            let start = std::time::Instant::now();
            for _ in 0..3 {
                std::hint::black_box(lint(t, None));
            }
            start.elapsed().as_secs_f64()
        };
        let (a, b) = (time(&small), time(&big));
        // 16× the text: linear is ~16×; quadratic would be ~256×. Generous bound for a shared box.
        assert!(b < a * 64.0, "{a:.4}s → {b:.4}s");
    }
}
