//! What a person reads on a review page: visible text markers ("主评ID：…", "初次评价：…",
//! "还有N天可回复"), dates inside running text, rating words (差评, 负面), and which line of a card is
//! the review itself rather than page metadata. Pure functions over text; the browser layer turns
//! a card into lines (one per block element, as a reader sees them) and calls these.
//!
//! Matching folds full-width forms (`：` reads as `:`, `１` as `1`) and ASCII case, so a marker
//! written with either colon matches; captured values keep the page's own characters.

use crate::model::Rating;
use crate::normalize::fold_width;
use std::str::FromStr;
use std::sync::OnceLock;

/// What a `{…}` placeholder in a pattern captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    /// `{n}`: a run of digits.
    Number,
    /// `{id}`: letters, digits, `-` and `_` (主评ID, 订单编号 `251120-…`).
    Id,
    /// `{date}`: a date in any format the pages show (`2026-11-20 10:21`, `2026年5月15日`, `3天前`).
    Date,
    /// `{line}`: everything up to the end of the line (or up to the text after the placeholder).
    Line,
}

impl Capture {
    const NAMES: &'static [(&'static str, Capture)] = &[("n", Capture::Number), ("id", Capture::Id), ("date", Capture::Date), ("line", Capture::Line)];
}

/// A text pattern with at most one placeholder: `主评ID：{id}`, `还有{n}天可回复`, `已超过回复期`.
/// The value of a match is what the placeholder captured, or the matched text when there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    before: Vec<char>,
    capture: Option<Capture>,
    after: Vec<char>,
}

impl FromStr for Pattern {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.trim().is_empty() {
            return Err("empty pattern".into());
        }
        let fold = |t: &str| t.chars().map(fold_width).collect::<Vec<char>>();
        let Some(open) = s.find('{') else {
            return Ok(Pattern { before: fold(s), capture: None, after: Vec::new() });
        };
        let close = s[open..].find('}').map(|i| open + i).ok_or_else(|| format!("pattern {s:?}: '{{' without '}}'"))?;
        let name = &s[open + 1..close];
        let capture = Capture::NAMES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c).ok_or_else(|| {
            let known: Vec<String> = Capture::NAMES.iter().map(|(n, _)| format!("{{{n}}}")).collect();
            format!("pattern {s:?}: unknown placeholder {{{name}}} (known: {})", known.join(", "))
        })?;
        let rest = &s[close + 1..];
        if rest.contains('{') {
            return Err(format!("pattern {s:?}: more than one placeholder (one value per pattern)"));
        }
        Ok(Pattern { before: fold(&s[..open]), capture: Some(capture), after: fold(rest) })
    }
}

/// One match: the value and the char range of the whole match in the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn skip_spaces(t: &[char], mut p: usize) -> usize {
    while p < t.len() && t[p] != '\n' && t[p].is_whitespace() {
        p += 1;
    }
    p
}

impl Pattern {
    /// The first match in `text` (lines separated by `\n`), searching from the start.
    pub fn find(&self, text: &str) -> Option<Found> {
        let orig: Vec<char> = text.chars().collect();
        let folded: Vec<char> = orig.iter().map(|&c| fold_width(c)).collect();
        self.find_in(&orig, &folded)
    }

    fn find_in(&self, orig: &[char], t: &[char]) -> Option<Found> {
        let n = t.len();
        for start in 0..=n {
            if !t[start..].starts_with(&self.before) {
                continue;
            }
            let p = start + self.before.len();
            let (value, end) = match self.capture {
                None => (orig[start..p].iter().collect::<String>(), p),
                Some(cap) => {
                    // A bare number or id must start at a boundary, not inside a longer run.
                    if self.before.is_empty() && start > 0 {
                        let glued = match cap {
                            Capture::Number => t[start - 1].is_ascii_digit(),
                            Capture::Id => is_id_char(t[start - 1]),
                            _ => false,
                        };
                        if glued {
                            continue;
                        }
                    }
                    let s = skip_spaces(t, p);
                    let Some(e) = self.capture_end(cap, t, s) else { continue };
                    let Some(end) = self.after_end(t, e) else { continue };
                    let v: String = orig[s..e].iter().collect();
                    (v.trim().to_string(), end)
                }
            };
            if value.is_empty() && self.capture.is_some() {
                continue;
            }
            return Some(Found { value, start, end });
        }
        None
    }

    /// Where the captured value ends, or `None` when nothing of its kind starts at `s`.
    fn capture_end(&self, cap: Capture, t: &[char], s: usize) -> Option<usize> {
        let run = |ok: &dyn Fn(char) -> bool| {
            let mut e = s;
            while e < t.len() && ok(t[e]) {
                e += 1;
            }
            (e > s).then_some(e)
        };
        match cap {
            Capture::Number => run(&|c: char| c.is_ascii_digit()),
            Capture::Id => {
                let e = run(&is_id_char)?;
                // A trailing dash is punctuation, not part of the id.
                let e = (s..=e).rev().find(|&i| i == s || t[i - 1] != '-').unwrap_or(e);
                (e > s).then_some(e)
            }
            Capture::Date => date_len(&t[s..]).map(|l| s + l),
            Capture::Line => {
                let eol = t[s..].iter().position(|&c| c == '\n').map_or(t.len(), |i| s + i);
                let e = if self.after.is_empty() { eol } else { (s..eol).find(|&i| t[i..eol].starts_with(&self.after))? };
                (e > s).then_some(e)
            }
        }
    }

    /// Where the text after the placeholder ends, when it follows at `e` (spaces allowed).
    fn after_end(&self, t: &[char], e: usize) -> Option<usize> {
        if self.after.is_empty() {
            return Some(e);
        }
        let q = skip_spaces(t, e);
        t[q..].starts_with(&self.after).then(|| q + self.after.len())
    }
}

/// The length in chars of the date that starts `t` (folded), if one does: `2026-11-20 10:21:33`,
/// `2026/11/20`, `2026.05.20`, `2026年5月15日 10:21`, `5月15日`, `11-20 10:21`, `今天 10:21`,
/// `昨天`, `3天前`, `5小时前`, `刚刚`. A bare `05.20` is not taken (it reads like a price).
pub fn date_len(t: &[char]) -> Option<usize> {
    let digits = |p: usize| t[p.min(t.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    let at = |p: usize, s: &str| t.get(p..).is_some_and(|r| r.starts_with(&s.chars().collect::<Vec<_>>()));
    // An optional time after the date: ` 10:21` or ` 10:21:33`.
    let time = |p: usize| -> usize {
        let q = skip_spaces(t, p);
        let h = digits(q);
        if !(1..=2).contains(&h) || t.get(q + h) != Some(&':') || digits(q + h + 1) != 2 {
            return p;
        }
        let mut e = q + h + 3;
        if t.get(e) == Some(&':') && digits(e + 1) == 2 {
            e += 3;
        }
        e
    };
    if at(0, "刚刚") {
        return Some(2);
    }
    for w in ["今天", "昨天", "前天"] {
        if at(0, w) {
            return Some(time(2));
        }
    }
    let d0 = digits(0);
    if d0 == 0 {
        return None;
    }
    for unit in ["分钟前", "小时前", "个小时前", "天前", "周前", "个月前"] {
        if at(d0, unit) {
            return Some(d0 + unit.chars().count());
        }
    }
    let sep = |p: usize| t.get(p).copied().filter(|c| matches!(c, '-' | '/' | '.'));
    if d0 == 4 {
        // 2026-11-20, 2026/11/20, 2026.05.20 (same separator twice), or 2026年11月20日.
        if let Some(s) = sep(4) {
            let m = digits(5);
            if (1..=2).contains(&m) && t.get(5 + m) == Some(&s) {
                let d = digits(6 + m);
                if (1..=2).contains(&d) {
                    return Some(time(6 + m + d));
                }
            }
        } else if t.get(4) == Some(&'年') {
            let m = digits(5);
            if (1..=2).contains(&m) && t.get(5 + m) == Some(&'月') {
                let d = digits(6 + m);
                if (1..=2).contains(&d) && t.get(6 + m + d) == Some(&'日') {
                    return Some(time(7 + m + d));
                }
            }
        }
        return None;
    }
    if d0 <= 2 {
        // 5月15日 (a time may follow), 11-20 10:21 (the time is required: `20-88` is an order number).
        if t.get(d0) == Some(&'月') {
            let d = digits(d0 + 1);
            if (1..=2).contains(&d) && t.get(d0 + 1 + d) == Some(&'日') {
                return Some(time(d0 + 2 + d));
            }
        } else if matches!(t.get(d0), Some('-' | '/')) {
            let d = digits(d0 + 1);
            if (1..=2).contains(&d) {
                let end = time(d0 + 1 + d);
                if end > d0 + 1 + d {
                    return Some(end);
                }
            }
        }
    }
    None
}

/// The first date in `text` (as the page wrote it), if any.
pub fn find_date(text: &str) -> Option<String> {
    "{date}".parse::<Pattern>().ok()?.find(text).map(|f| f.value)
}

/// The words pages use for a rating: the Taobao backend's sentiment column (正面/中性/负面) and
/// everyone else's 好评/中评/差评.
pub const RATING_WORDS: &[(&str, Rating)] = &[
    ("好评", Rating::Good),
    ("中评", Rating::Neutral),
    ("差评", Rating::Bad),
    ("正面", Rating::Good),
    ("中性", Rating::Neutral),
    ("负面", Rating::Bad),
];

/// The rating a line states when its whole text is a rating word.
pub fn rating_word(line: &str) -> Option<Rating> {
    let t = line.trim();
    RATING_WORDS.iter().find(|(w, _)| *w == t).map(|(_, r)| *r)
}

/// Markers whose value runs to the end of the line (spec/pages.md): a line holding one is page
/// metadata, never the review.
const LABELS: &[&str] = &[
    "主评ID：{id}",
    "初次评价：{date}",
    "订单号：{id}",
    "订单编号：{id}",
    "评价时间：{date}",
    "已购：{line}",
    "商品：{line}",
    "宝贝：{line}",
    "还有{n}天可回复",
    "已超过回复期",
    "共{n}条",
];

/// Markers that introduce a follow-up review (追评): the rest of the line, or the next line, is the
/// buyer's 追评, not the main review.
const APPEND_MARKERS: &[&str] = &["追评：收货后{n}天", "[购买{n}天后追评]", "收货{n}天后追评", "收货当天追加：", "追加评价：", "追评：", "追评"];

fn compiled(list: &'static [&'static str], cell: &'static OnceLock<Vec<Pattern>>) -> &'static [Pattern] {
    cell.get_or_init(|| list.iter().map(|p| p.parse().expect("built-in pattern")).collect())
}

fn labels() -> &'static [Pattern] {
    static CELL: OnceLock<Vec<Pattern>> = OnceLock::new();
    compiled(LABELS, &CELL)
}

fn append_markers() -> &'static [Pattern] {
    static CELL: OnceLock<Vec<Pattern>> = OnceLock::new();
    compiled(APPEND_MARKERS, &CELL)
}

/// A seller's reply shown in the card: `解释：…` (Tmall), `卖家 回复：…` (JD: a name, a space),
/// `掌柜回复：…`. A buyer writing "客服回复：不退" is not one.
fn is_reply_line(line: &str) -> bool {
    let t: String = line.trim().chars().map(fold_width).collect();
    if ["解释:", "回复:", "掌柜回复:", "商家回复:", "卖家回复:"].iter().any(|p| t.starts_with(p)) {
        return true;
    }
    t.find(" 回复:").is_some_and(|i| {
        let name = &t[..i];
        !name.is_empty() && name.chars().count() <= 8 && !name.chars().any(|c| c.is_whitespace() || ",.!?。".contains(c))
    })
}

/// A buyer's nick on its own line: masked (`t**6`, `小**猫`) or anonymous (`匿名买家`).
fn is_nick(line: &str) -> bool {
    let t = line.trim();
    (t.contains("**") && t.chars().count() <= 16) || t.starts_with("匿名")
}

/// Letters, digits and ideographs left once dates are taken out: how much a line says.
pub fn residue(line: &str) -> usize {
    let t: Vec<char> = line.chars().map(fold_width).collect();
    let (mut i, mut n) = (0, 0);
    while i < t.len() {
        if (i == 0 || !t[i - 1].is_ascii_digit()) && t[i].is_ascii_digit() || "今昨前刚".contains(t[i]) {
            if let Some(l) = date_len(&t[i..]) {
                i += l;
                continue;
            }
        }
        if t[i].is_alphanumeric() {
            n += 1;
        }
        i += 1;
    }
    n
}

/// What one line of a card is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Page metadata: a marker line, a date, a nick, a rating word, a seller's reply.
    Meta,
    /// A follow-up review (追评), with the marker taken off (may be empty: the marker alone).
    Append(String),
    /// Something the buyer wrote, or other free text.
    Content,
}

/// Classifies one line as a reader would.
pub fn line_kind(line: &str) -> LineKind {
    let t = line.trim();
    if t.is_empty() || rating_word(t).is_some() || is_nick(t) || is_reply_line(t) || labels().iter().any(|p| p.find(t).is_some()) {
        return LineKind::Meta;
    }
    for m in append_markers() {
        if let Some(f) = m.find(t).filter(|f| f.start == 0) {
            let rest = t.char_indices().nth(f.end).map_or("", |(i, _)| &t[i..]);
            return LineKind::Append(rest.trim_start_matches([' ', '：', ':', ']', '】']).trim().to_string());
        }
    }
    if residue(t) < 2 {
        LineKind::Meta
    } else {
        LineKind::Content
    }
}

/// Which lines `longest` may pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Longest {
    /// The review itself: content lines only (no 追评, no metadata).
    Text,
    /// The 追评: a line after a 追评 marker (on the same line or the next).
    Append,
    /// Any line that is not metadata, 追评 markers taken off.
    Any,
}

/// Picks the line a rule of kind `mode` means: the longest by `residue`, the first on a tie
/// (document order, so the same page always gives the same pick). Returns its index and value.
pub fn pick_longest<S: AsRef<str>>(lines: &[S], mode: Longest) -> Option<(usize, String)> {
    let mut best: Option<(usize, String, usize)> = None;
    // The line right after a bare 追评 marker is the 追评.
    let mut after_marker = false;
    for (i, line) in lines.iter().enumerate() {
        let line = line.as_ref().trim();
        let kind = line_kind(line);
        let (value, ok) = match (&kind, mode) {
            (LineKind::Content, Longest::Text) => (line.to_string(), !after_marker),
            (LineKind::Content, Longest::Any) => (line.to_string(), true),
            (LineKind::Content, Longest::Append) => (line.to_string(), after_marker),
            (LineKind::Append(rest), Longest::Append | Longest::Any) => (rest.clone(), !rest.is_empty()),
            _ => (String::new(), false),
        };
        after_marker = matches!(&kind, LineKind::Append(rest) if rest.is_empty());
        if !ok {
            continue;
        }
        let score = residue(&value);
        if score >= 2 && best.as_ref().map_or(true, |b| score > b.2) {
            best = Some((i, value, score));
        }
    }
    best.map(|(i, v, _)| (i, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(p: &str, text: &str) -> Option<String> {
        p.parse::<Pattern>().unwrap().find(text).map(|f| f.value)
    }

    #[test]
    fn markers_read_what_follows_them() {
        let meta = "主评ID：1234567890 初次评价：2026-11-20 10:21 订单号：2500000000007";
        assert_eq!(find("主评ID：{id}", meta).as_deref(), Some("1234567890"));
        assert_eq!(find("初次评价：{date}", meta).as_deref(), Some("2026-11-20 10:21"));
        assert_eq!(find("订单号：{id}", meta).as_deref(), Some("2500000000007"));
        // Glued markers (no spaces) and the ASCII colon read the same.
        assert_eq!(find("主评ID：{id}", "主评ID:42初次评价:2026-11-20").as_deref(), Some("42"));
        assert_eq!(find("订单编号：{id}", "订单编号：251120-88000000097").as_deref(), Some("251120-88000000097"));
        assert_eq!(find("还有{n}天可回复", "操作\n还有 12 天可回复").as_deref(), Some("12"));
        assert_eq!(find("已超过回复期", "已超过回复期").as_deref(), Some("已超过回复期"));
        assert_eq!(find("追评：收货后{n}天", "追评：收货后3天").as_deref(), Some("3"));
        assert_eq!(find("已购：{line}", "2026年5月15日 · 已购：黑色 M\n很好").as_deref(), Some("黑色 M"));
        assert_eq!(find("{date}", "评价于 2026年5月15日").as_deref(), Some("2026年5月15日"));
        assert_eq!(find("{n}", "x12y").as_deref(), Some("12"));
        assert_eq!(find("主评ID：{id}", "没有编号"), None);
        assert_eq!(find("还有{n}天可回复", "还有几天可回复"), None);
    }

    #[test]
    fn bad_patterns_say_why() {
        assert!("".parse::<Pattern>().unwrap_err().contains("empty"));
        assert!("a{x}".parse::<Pattern>().unwrap_err().contains("{line}"));
        assert!("a{n}b{n}".parse::<Pattern>().unwrap_err().contains("more than one"));
        assert!("a{n".parse::<Pattern>().unwrap_err().contains("without"));
    }

    #[test]
    fn dates_in_running_text() {
        for (text, want) in [
            ("2026-05-20 20:56:20 已购 黑色", "2026-05-20 20:56:20"),
            ("评价时间：2026/11/20 10:21", "2026/11/20 10:21"),
            ("2026.05.20", "2026.05.20"),
            ("2026年5月15日", "2026年5月15日"),
            ("5月15日 10:00", "5月15日 10:00"),
            ("11-20 10:21", "11-20 10:21"),
            ("昨天 18:02 很差", "昨天 18:02"),
            ("3天前", "3天前"),
        ] {
            assert_eq!(find_date(text).as_deref(), Some(want), "{text}");
        }
        // Order numbers and prices are not dates.
        assert_eq!(find_date("订单编号：251120-88000000097"), None);
        assert_eq!(find_date("价格 12.50 元"), None);
    }

    #[test]
    fn lines_are_classified_as_a_reader_would() {
        for meta in ["差评", "负面", "t**6", "匿名买家", "2026-11-20 10:21", "评价时间：2026-11-20 10:21", "主评ID：1 初次评价：2026-11-20 10:21", "还有3天可回复", "卖家 回复：感谢", "解释：已补发", "已购：黑色 M", "共45条"] {
            assert_eq!(line_kind(meta), LineKind::Meta, "{meta}");
        }
        assert_eq!(line_kind("追评：收货后3天"), LineKind::Append(String::new()));
        assert_eq!(line_kind("[购买3天后追评] 又坏了"), LineKind::Append("又坏了".into()));
        assert_eq!(line_kind("收货当天追加：颜色掉得厉害"), LineKind::Append("颜色掉得厉害".into()));
        assert_eq!(line_kind("回复：感谢您的支持"), LineKind::Meta);
        for content in ["质量太差了", "质量很差 2026-11-20 10:00", "很差", "客服说回复：不退，太差了"] {
            assert_eq!(line_kind(content), LineKind::Content, "{content}");
        }
    }

    #[test]
    fn longest_picks_the_review_not_the_metadata() {
        let card = ["t**6", "差评", "评价时间：2026-11-20 10:21", "颜色和图片不一样，有色差", "追评：收货后3天", "洗了一次就掉色，很失望很失望", "订单号：25000"];
        assert_eq!(pick_longest(&card, Longest::Text), Some((3, "颜色和图片不一样，有色差".into())));
        assert_eq!(pick_longest(&card, Longest::Append), Some((5, "洗了一次就掉色，很失望很失望".into())));
        assert_eq!(pick_longest(&["追评：收货后3天 洗了一次就掉色"], Longest::Any), Some((0, "洗了一次就掉色".into())));
        // Ties go to the first line, whatever the markup.
        assert_eq!(pick_longest(&["质量很差", "物流很慢"], Longest::Text), Some((0, "质量很差".into())));
        assert_eq!(pick_longest(&["差评", "2026-11-20"], Longest::Text), None);
    }
}
