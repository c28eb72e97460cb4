//! Extortion as the buyer writes it: a demand (money, a refund, compensation) tied to the review,
//! either as a deal ("退我50块钱我就把差评删了", "给我补偿30元红包，我马上改成好评") or as an
//! ultimatum ("不退钱就一直差评", "赔我200，不然我天天给你们差评"). The labelled data has almost no
//! examples, so this is a rule, not something the model learns. A complaint threat after a real
//! grievance with nothing demanded for the review ("我要去315投诉") is not extortion (causes.md).
//!
//! Works on normalised text (simplified, half-width), one sentence at a time; returns char spans
//! from the demand to the review word.

/// Money or a refund asked for.
const DEMANDS: &[&str] = &[
    "退钱", "退款", "退我", "退给我", "赔我", "赔钱", "赔偿", "补偿", "返现", "返我", "给我返", "红包", "打钱", "转账", "转我", "给钱", "给我钱",
    "块钱", "元钱", "退差价",
];
/// The buyer changing or removing their own review.
const REVIEW_DEALS: &[&str] = &[
    "删了", "删掉", "删除", "删评", "把差评删", "改成好评", "改好评", "改评价", "改评", "改为好评", "撤销差评", "撤回差评", "撤掉差评", "追加好评",
    "给好评", "给五星", "好评", "五星",
];
/// The review used as a threat.
const REVIEW_THREATS: &[&str] = &["差评", "追评曝光", "曝光", "一星", "中评"];
/// Conditions that make a demand an ultimatum ("…就…", "不然…").
const CONDITIONS: &[&str] = &["就", "马上", "立刻", "立马", "才", "再", "不然", "否则", "要不然", "要么"];
/// A demand in the negative ("不退…就") is an ultimatum by itself.
const NEGATED_DEMANDS: &[&str] = &["不退", "不赔", "不补偿", "不给我", "不给钱", "不返", "不处理"];
const SENTENCE_BREAKS: &[char] = &['。', '!', '?', '！', '？', ';', '；', '\n'];

/// Char spans of extortion in normalised text.
pub fn find(norm: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = norm.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for end in (0..=chars.len()).filter(|&i| i == chars.len() || SENTENCE_BREAKS.contains(&chars[i])) {
        if end > start {
            if let Some(span) = in_sentence(&chars[start..end]) {
                out.push((start + span.0, start + span.1));
            }
        }
        start = end + 1;
    }
    out
}

fn positions(s: &[char], words: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for w in words {
        let w: Vec<char> = w.chars().collect();
        if w.len() > s.len() {
            continue;
        }
        for i in 0..=s.len() - w.len() {
            if s[i..i + w.len()] == w[..] {
                out.push((i, i + w.len()));
            }
        }
    }
    out
}

fn in_sentence(s: &[char]) -> Option<(usize, usize)> {
    let demands = positions(s, DEMANDS);
    let negated = positions(s, NEGATED_DEMANDS);
    let deals = positions(s, REVIEW_DEALS);
    let threats = positions(s, REVIEW_THREATS);
    let condition = !positions(s, CONDITIONS).is_empty();
    // Deal: a demand, then the buyer's own review changed, joined by a condition (我就, 马上).
    if condition {
        if let (Some(d), Some(r)) = (demands.iter().min(), deals.iter().filter(|r| demands.iter().any(|d| d.0 < r.0)).max()) {
            return Some((d.0, r.1));
        }
    }
    // Ultimatum: "不退…就…差评" or a demand then "不然/否则…差评".
    let ultimatum = |a: &(usize, usize)| threats.iter().filter(|t| t.0 > a.0).max().map(|t| (a.0, t.1));
    if let Some(span) = negated.iter().filter_map(ultimatum).next() {
        return Some(span);
    }
    let otherwise = positions(s, &["不然", "否则", "要不然", "要么"]);
    if let (Some(d), Some(o)) = (demands.iter().min(), otherwise.iter().min()) {
        if d.0 < o.0 {
            if let Some(t) = threats.iter().filter(|t| t.0 > o.0).max() {
                return Some((d.0, t.1));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(s: &str) -> bool {
        !find(s).is_empty()
    }

    #[test]
    fn deals_and_ultimatums() {
        for s in [
            "退我50块钱我就把差评删了",
            "给我补偿30元红包,我马上改成好评",
            "不退钱就差评,给我返现我就改评价",
            "赔我200,不然我天天给你们差评还去投诉",
            "三天内不给我退款就一直差评,还要找315曝光你们",
            "不退款我就追评曝光,退了我就删",
        ] {
            assert!(hit(s), "{s}");
        }
    }

    #[test]
    fn grievances_are_not_extortion() {
        for s in [
            "质量太差了,用一次就坏了,我要去315投诉",
            "给了差评,因为质量太差",
            "退款很快,好评",
            "客服不给退款,差评",
            "红包收到了,好评",
        ] {
            assert!(!hit(s), "{s}");
        }
    }

    #[test]
    fn spans_point_into_the_sentence() {
        let s = "东西不错。退我50块钱我就把差评删了";
        let spans = find(s);
        let chars: Vec<char> = s.chars().collect();
        let (a, b) = spans[0];
        assert_eq!(chars[a..b].iter().collect::<String>(), "退我50块钱我就把差评删了");
    }
}
