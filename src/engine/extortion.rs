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
const OTHERWISE: &[&str] = &["不然", "否则", "要不然", "要么"];
const SENTENCE_BREAKS: &[char] = &['。', '!', '?', '！', '？', ';', '；', '\n'];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Demand,
    NegatedDemand,
    Deal,
    Threat,
    Condition,
    Otherwise,
}

/// Every word list on one automaton, matched once over the text (overlapping: 不然 is both a
/// condition and an "otherwise").
struct Words {
    ac: aho_corasick::AhoCorasick,
    kinds: Vec<Kind>,
}

fn words() -> &'static Words {
    static W: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
    W.get_or_init(|| {
        let lists: [(Kind, &[&str]); 6] = [
            (Kind::Demand, DEMANDS),
            (Kind::NegatedDemand, NEGATED_DEMANDS),
            (Kind::Deal, REVIEW_DEALS),
            (Kind::Threat, REVIEW_THREATS),
            (Kind::Condition, CONDITIONS),
            (Kind::Otherwise, OTHERWISE),
        ];
        let mut pats = Vec::new();
        let mut kinds = Vec::new();
        for (k, list) in lists {
            for w in list {
                pats.push(*w);
                kinds.push(k);
            }
        }
        // Constant lists, far below the automaton's limits: building cannot fail (the tests build it).
        let ac = crate::classify::keyword_automaton(&pats).expect("the extortion word lists build");
        Words { ac, kinds }
    })
}

/// A word found: its kind and byte span.
type Hit = (Kind, usize, usize);

/// Char spans of extortion in normalised text.
pub fn find(norm: &str) -> Vec<(usize, usize)> {
    let w = words();
    // Byte offsets throughout; only the (rare) spans found are turned into char offsets.
    let hits: Vec<Hit> = w.ac.find_overlapping_iter(norm).map(|m| (w.kinds[m.pattern().as_usize()], m.start(), m.end())).collect();
    if !hits.iter().any(|h| matches!(h.0, Kind::Deal | Kind::Threat)) {
        return Vec::new();
    }
    // (end of a sentence, start of the next) in bytes.
    let breaks = norm.char_indices().filter(|(_, c)| SENTENCE_BREAKS.contains(c)).map(|(i, c)| (i, i + c.len_utf8()));
    let mut out = Vec::new();
    let mut start = 0;
    for (end, next) in breaks.chain([(norm.len(), norm.len())]) {
        let in_sentence: Vec<Hit> = hits.iter().copied().filter(|h| h.1 >= start && h.2 <= end).collect();
        if let Some((a, b)) = in_sentence_span(&in_sentence) {
            let chars = |byte: usize| norm[..byte].chars().count();
            out.push((chars(a), chars(b)));
        }
        start = next;
    }
    out
}

fn in_sentence_span(hits: &[Hit]) -> Option<(usize, usize)> {
    let of = |k: Kind| hits.iter().filter(move |h| h.0 == k);
    let first_demand = of(Kind::Demand).min_by_key(|h| h.1);
    // Deal: a demand, then the buyer's own review changed, joined by a condition (我就, 马上).
    if of(Kind::Condition).next().is_some() {
        if let Some(d) = first_demand {
            if let Some(r) = of(Kind::Deal).filter(|r| r.1 > d.1).max_by_key(|r| r.2) {
                return Some((d.1, r.2));
            }
        }
    }
    // Ultimatum: "不退…就…差评", or a demand then "不然/否则…差评".
    let threat_after = |at: usize| of(Kind::Threat).filter(move |t| t.1 > at).max_by_key(|t| t.2);
    if let Some(span) = of(Kind::NegatedDemand).find_map(|a| threat_after(a.1).map(|t| (a.1, t.2))) {
        return Some(span);
    }
    let (d, o) = (first_demand?, of(Kind::Otherwise).min_by_key(|h| h.1)?);
    if d.1 < o.1 {
        return threat_after(o.1).map(|t| (d.1, t.2));
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
