//! The reply linter: what a public explanation or a message to a buyer must not contain
//! (call-script.md; platform-rules.md "What sellers must not do"). Word lists run on one
//! Aho-Corasick automaton over normalised text; private data is found by small scanners.

use crate::model::{LintFinding, LintKind};
use crate::normalize::normalize;
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

const INSULTS: &[&str] = &[
    "垃圾", "神经病", "有病", "滚", "脑子", "你瞎", "瞎了", "白痴", "傻", "蠢", "弱智", "脑残", "无理取闹", "闭嘴", "找茬", "事儿多", "事多",
    "奇葩", "不要脸", "穷鬼", "没素质", "素质低", "活该", "爱买不买", "不买拉倒", "呵呵",
];
const BLAME: &[&str] = &[
    "你自己", "您自己没", "是你的问题", "是您的问题", "自己不会用", "不会用", "买家自己", "你没看", "不看详情", "没看详情", "不看说明",
    "使用不当", "人为损坏", "恶意差评", "职业差评", "故意差评", "故意找", "你的责任", "与我们无关", "跟我们没关系", "不关我们的事",
];
const THREATS: &[&str] = &[
    "投诉你", "曝光你", "后果自负", "走着瞧", "找人收拾", "律师函", "起诉你", "告你", "报警", "追究你", "法律责任", "拉黑你", "你等着", "小心点",
    "知道你住", "上门找",
];
const INCENTIVES: &[&str] = &[
    "返现", "红包", "好评返现", "好评返", "返券", "返利", "改好评", "改评", "改成好评", "删评", "删除评价", "删掉评价", "追加好评", "五星好评", "给好评",
    "换好评", "好评送", "好评有礼", "晒图返", "修改评价就", "撤销差评", "撤掉差评",
];

struct Lists {
    ac: AhoCorasick,
    kinds: Vec<LintKind>,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let mut pats = Vec::new();
        let mut kinds = Vec::new();
        for (kind, words) in
            [(LintKind::Insult, INSULTS), (LintKind::Blame, BLAME), (LintKind::Threat, THREATS), (LintKind::ReviewIncentive, INCENTIVES)]
        {
            for w in words {
                pats.push(*w);
                kinds.push(kind);
            }
        }
        let ac = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&pats).expect("lint word lists build");
        Lists { ac, kinds }
    })
}

fn advice(kind: LintKind) -> (&'static str, &'static str) {
    match kind {
        LintKind::Insult => ("攻击性或不礼貌的用语", "删除，改用平和、就事论事的表达"),
        LintKind::Blame => ("指责买家", "不评判买家，说明店铺做了什么、能提供什么帮助"),
        LintKind::Threat => ("对买家的威胁", "删除；如遇恶意评价，保留证据并通过平台投诉"),
        LintKind::ReviewIncentive => ("以利益换取好评或改评（平台与市场监管规定禁止）", "删除；补偿只能用于解决问题，不能与评价挂钩"),
        LintKind::PrivateData => ("个人信息（电话、地址、订单号或姓名）", "删除；公开回复中不出现任何买家信息"),
        LintKind::TooLong => ("超过平台字数上限", "删减到上限以内"),
    }
}

fn finding(kind: LintKind, chars: &[char], start: usize, end: usize) -> LintFinding {
    let (message, suggestion) = advice(kind);
    LintFinding { kind, start, end, text: chars[start..end].iter().collect(), message: message.into(), suggestion: suggestion.into() }
}

/// Findings on a draft reply, in text order; `max_chars` adds a too-long finding past that length.
/// Offsets count chars of `text`.
pub fn lint(text: &str, max_chars: Option<usize>) -> Vec<LintFinding> {
    let chars: Vec<char> = text.chars().collect();
    let norm = normalize(text);
    let nchars: Vec<char> = norm.text.chars().collect();
    let mut byte_to_char = vec![0usize; norm.text.len() + 1];
    for (ci, (bi, c)) in norm.text.char_indices().enumerate() {
        byte_to_char[bi..bi + c.len_utf8()].fill(ci);
    }
    byte_to_char[norm.text.len()] = nchars.len();

    let mut out = Vec::new();
    let l = lists();
    for m in l.ac.find_iter(&norm.text) {
        let (s, e) = norm.to_original(byte_to_char[m.start()], byte_to_char[m.end()]);
        out.push(finding(l.kinds[m.pattern().as_usize()], &chars, s, e));
    }
    for (s, e) in private_spans(&nchars) {
        let (s, e) = norm.to_original(s, e);
        out.push(finding(LintKind::PrivateData, &chars, s, e));
    }
    if let Some(max) = max_chars {
        if chars.len() > max {
            out.push(finding(LintKind::TooLong, &chars, max, chars.len()));
        }
    }
    out.sort_by_key(|f| (f.start, f.end));
    // Touching findings of one kind are one problem (你自己 + 不会用 → 你自己不会用).
    let mut merged: Vec<LintFinding> = Vec::with_capacity(out.len());
    for f in out {
        match merged.last_mut() {
            Some(last) if last.kind == f.kind && f.start <= last.end => {
                if f.end > last.end {
                    last.end = f.end;
                    last.text = chars[last.start..last.end].iter().collect();
                }
            }
            _ => merged.push(f),
        }
    }
    merged
}

/// Common surnames, for "张先生 / 王女士" style real-name mentions.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const ADDRESS_MARKS: &[&str] = &["省", "市", "区", "县", "镇", "路", "街", "号", "小区", "栋", "单元", "室", "村", "弄", "大厦"];

/// Spans (in normalised chars) of phone numbers, long number runs (orders, ids), addresses and
/// real names.
fn private_spans(c: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_ascii_digit() {
            // A run of digits, allowing single spaces or dashes inside (138-1234-5678).
            let start = i;
            let mut digits = 0;
            let mut j = i;
            let mut end = i;
            while j < c.len() {
                if c[j].is_ascii_digit() {
                    digits += 1;
                    end = j + 1;
                } else if !(matches!(c[j], ' ' | '-') && j + 1 < c.len() && c[j + 1].is_ascii_digit()) {
                    break;
                }
                j += 1;
            }
            let run: String = c[start..end].iter().filter(|d| d.is_ascii_digit()).collect();
            let mobile = digits == 11 && run.starts_with('1') && matches!(run.as_bytes()[1], b'3'..=b'9');
            let landline = (10..=12).contains(&digits) && run.starts_with('0');
            let long_id = digits >= 12 || (digits == 17 && end < c.len() && matches!(c[end], 'x' | 'X'));
            if mobile || landline || long_id {
                out.push((start, end));
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    // Real names: surname + 先生/女士/小姐.
    for i in 0..c.len() {
        if SURNAMES.contains(c[i]) {
            let rest: String = c[i + 1..(i + 3).min(c.len())].iter().collect();
            if ["先生", "女士", "小姐"].iter().any(|t| rest.starts_with(t)) {
                out.push((i, i + 3));
            }
        }
    }
    // Order-number labels followed by anything: 订单号：… is private even when masked.
    let text: String = c.iter().collect();
    for label in ["订单号", "订单编号", "身份证"] {
        let mut from = 0;
        while let Some(pos) = text[from..].find(label) {
            let s = text[..from + pos].chars().count();
            out.push((s, s + label.chars().count()));
            from += pos + label.len();
        }
    }
    // Addresses: two or more address markers within a short stretch, with a number or a place.
    let mut i = 0;
    while i < c.len() {
        let window_end = (i + 16).min(c.len());
        let hits: Vec<(usize, usize)> = (i..window_end)
            .filter_map(|k| ADDRESS_MARKS.iter().find(|m| starts_with(c, k, m)).map(|m| (k, k + m.chars().count())))
            .collect();
        // A street-level marker is needed too, so "市区" or "本市" alone is not an address.
        let street = hits.iter().any(|&(s, e)| {
            let m: String = c[s..e].iter().collect();
            matches!(m.as_str(), "路" | "街" | "号" | "小区" | "栋" | "单元" | "室" | "弄" | "村" | "大厦")
        });
        // …and a house number: "偏远地区…线路" is no address.
        let numbered = hits.len() >= 2 && c[i..hits.last().unwrap().1].iter().any(|d| d.is_ascii_digit());
        if hits.len() >= 2 && street && numbered && hits[0].0 == i && i > 0 {
            let start = i.saturating_sub(3);
            let end = hits.last().unwrap().1;
            out.push((start, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

fn starts_with(c: &[char], at: usize, word: &str) -> bool {
    let mut k = at;
    for w in word.chars() {
        if c.get(k) != Some(&w) {
            return false;
        }
        k += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<LintKind> {
        lint(text, Some(500)).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn polite_replies_are_clean() {
        for ok in [
            "感谢您的反馈，我们已安排质检复查，如有问题可联系客服办理退换。",
            "商品图片在不同屏幕和光线下会有一定色差，我们已在详情页补充了实拍图。",
            "对物流慢我们很抱歉，已和快递公司沟通。",
            "我们欢迎真实的评价，商品问题均可按平台规则申请售后。",
        ] {
            assert!(lint(ok, Some(500)).is_empty(), "{ok}: {:?}", lint(ok, Some(500)));
        }
    }

    #[test]
    fn finds_each_kind() {
        assert_eq!(kinds("你是不是有病"), vec![LintKind::Insult]);
        assert_eq!(kinds("这是你自己不会用"), vec![LintKind::Blame]);
        assert_eq!(kinds("再这样我们就报警"), vec![LintKind::Threat]);
        assert_eq!(kinds("好评返现5元"), vec![LintKind::ReviewIncentive]);
        assert_eq!(kinds("改好评就退款"), vec![LintKind::ReviewIncentive]);
        assert_eq!(kinds("联系138 1234 5678"), vec![LintKind::PrivateData]);
        assert_eq!(kinds("订单号：250312-11223344556677"), vec![LintKind::PrivateData, LintKind::PrivateData]);
        assert_eq!(kinds("超过市区不到五公里"), vec![]);
        assert_eq!(kinds("张先生您好"), vec![LintKind::PrivateData]);
        assert_eq!(kinds("寄到朝阳区建国路88号"), vec![LintKind::PrivateData]);
        assert_eq!(kinds("改評返現"), vec![LintKind::ReviewIncentive], "traditional too");
    }

    #[test]
    fn spans_index_the_text() {
        let text = "😀亲，好评返现，电话13812345678";
        for f in lint(text, Some(10)) {
            assert_eq!(crate::model::char_slice(text, f.start, f.end), Some(f.text.as_str()));
        }
        let long = lint(text, Some(10));
        let too_long = long.iter().find(|f| f.kind == LintKind::TooLong).unwrap();
        assert_eq!(too_long.start, 10);
    }

    #[test]
    fn numbers_that_are_not_private() {
        assert!(lint("7天无理由退换，满99元包邮，2026年发货", None).is_empty());
    }
}
