//! Cause classification: the lexicon (`data/lexicon.txt`) matched on normalised text with one
//! Aho-Corasick automaton, then rules that read the clause around each hit:
//!
//! - **negation**: a negator just before a hit (物流不慢, 没有色差) or a denial just after it
//!   (色差不大, 异味也没有) drops it;
//! - **subject**: an attitude complaint whose clause is about the courier (快递员态度差) is
//!   `courier_service`, not `service_attitude`;
//! - **overlap**: damage words inside a packaging phrase (包装坏了) are packaging, not quality;
//!   the buyer's own size mistake (买小了) is not `size_fit`;
//! - **fallbacks**: `other` only when nothing else fits, and vague negatives (垃圾, 失望) mean
//!   `expectation` only when nothing concrete is found (causes.md rules 3 and 6).
//!
//! Contrast (好评，就是物流慢) needs no rule: praise has no triggers, the complaint after 就是 does.
//! Praise of an attribute in a clause of its own (包装也不错, 尺码也合适) is read by [`praised_clauses`]:
//! the tagger's model alone learned that such words mostly come with complaints.

use crate::sorting;
use crate::model::{Cause, CauseHit, Evidence};
use crate::normalize::{normalize, Normalized};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// The built-in lexicon, checked when the classifier is built (and by the tests).
pub const LEXICON: &str = include_str!("../../data/lexicon.txt");

/// How far after a head the tail of an `A…B` pattern may start, in chars.
const GAP: usize = 6;
/// How far before a hit a negator may stand, in chars.
const NEG_WINDOW: usize = 4;
/// How far after a hit a denial may start, in chars.
const DENIAL_WINDOW: usize = 3;
/// Weight given to user keywords from settings.
const USER_WEIGHT: f32 = 0.85;

const NEGATORS: &[char] = &['不', '没', '无', '未', '非', '别'];
/// Words that start with a negator but do not negate what follows.
const NOT_NEGATING: &[&str] = &[
    "没想到", "没想", "不知道", "不知", "是不是", "会不会", "能不能", "美中不足", "不是一般", "不过", "不但", "不仅", "不管", "不得不", "不要说", "不是说", "没法",
    "没办法", "不错", "不少", "不停", "不断", "不行", "不满", "不好", "不爽", "不舒服", "不值", "没几天", "没多久", "没两天", "没过", "不久", "无语", "无奈", "无法", "不到", "没用几天", "不能",
    "不会", "不敢", "没用", "不一会", "无论", "别人", "特别", "分别", "区别", "差别", "别的", "级别", "类别", "未来", "非常", "没什么好", "不得", "非要",
];
/// How close before a hit a negator stands in a plain statement of absence (没有色差, 不是假货).
const FIRM_NEG_WINDOW: usize = 2;
/// Words that turn a negated mention into a doubt or a wish (是不是假货, 希望不是假货, 怕有异味).
const DOUBTS: &[&str] = &["是什么", "是不是", "会不会", "是否", "希望", "但愿", "怕", "担心", "怀疑", "不知道", "不确定", "吗", "?", "？", "难道"];
/// Words too general for "没有X" to clear the whole review (没有问题, 没毛病).
const GENERIC: &[&str] = &["问题", "毛病"];
/// Words that deny the hit just before them.
const DENIALS: &[&str] = &["没有", "都没", "也没", "不大", "不明显", "不严重", "还好", "几乎没", "不多", "可以接受", "可以忽略", "不算"];
/// A remark the buyer waives right after making it (有点色差，不过不影响) is no complaint
/// (causes.md: "a remark the buyer says does not matter").
const WAIVERS: &[&str] = &["不影响", "无所谓", "没关系", "可以接受", "能接受", "问题不大", "瑕不掩瑜", "无伤大雅", "不介意", "可以忽略"];
/// How far after a hit a waiver may stand (it usually opens the next clause), in chars.
const WAIVER_WINDOW: usize = 10;
/// Chars that end a sentence (a waiver does not reach across them).
const SENTENCE_BREAKS: &[char] = &['。', '.', '！', '!', '？', '?', '\n', '；', ';'];
/// Subjects that make "偏小 / 偏大" a device limit rather than a garment's fit.
const NOT_WORN: &[&str] = &["内存", "屏幕", "声音", "音量", "铃声", "电池", "容量", "硬盘", "按键", "字体", "键盘", "个头", "果"];
/// Subjects that make an attitude complaint the courier's.
const COURIER_SUBJECTS: &[&str] = &["快递", "送货", "配送", "派件", "派送", "物流", "小哥"];
/// Chars that end a clause.
const CLAUSE_BREAKS: &[char] = &[
    '，', ',', '。', '.', '！', '!', '？', '?', '；', ';', '\n', '\r', '\t', ' ', '、', '~', '…', '～', '(', ')', '（', '）',
];

/// A tag of the lexicon: a cause, or a vague negative that becomes `expectation` as a fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LexTag {
    Cause(Cause),
    Vague,
}

#[derive(Debug, Clone)]
struct Pattern {
    tag: LexTag,
    weight: f32,
    head: String,
    tail: Option<String>,
    /// The pattern itself starts with a negator (不新鲜): skip the check before it.
    self_negated: bool,
}

/// A lexicon line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("lexicon line {line}: {message}")]
pub struct LexiconError {
    pub line: usize,
    pub message: String,
}

/// Builds once (the automaton), then classifies any number of reviews.
#[derive(Debug, Clone)]
pub struct Classifier {
    ac: AhoCorasick,
    /// For each automaton pattern (a distinct head), the lexicon patterns that start with it.
    by_head: Vec<Vec<usize>>,
    patterns: Vec<Pattern>,
}

/// Parses lexicon text into patterns (see the header of `data/lexicon.txt` for the format).
fn parse_lexicon(text: &str) -> Result<Vec<Pattern>, LexiconError> {
    let mut out = Vec::new();
    // "tag pattern" → the line that gave it first.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let err = |message: String| LexiconError { line: line_no, message };
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut toks = line.split_whitespace();
        let tag_s = toks.next().unwrap_or_default();
        let tag = if tag_s == "vague" { LexTag::Vague } else { LexTag::Cause(tag_s.parse().map_err(err)?) };
        let weight_s = toks.next().ok_or_else(|| err("missing weight".into()))?;
        let weight = parse_weight(weight_s).ok_or_else(|| err(format!("bad weight {weight_s:?}: a decimal such as 0.85")))?;
        if !(weight > 0.0 && weight <= 1.0) {
            return Err(err(format!("weight {weight_s} outside (0, 1]")));
        }
        let mut any = false;
        for p in toks {
            any = true;
            if let Some(first) = seen.insert(format!("{tag_s} {p}"), line_no) {
                return Err(err(format!("duplicate pattern {p:?} for {tag_s} (first on line {first})")));
            }
            out.push(make_pattern(tag, weight, p).map_err(err)?);
        }
        if !any {
            return Err(err("no patterns".into()));
        }
    }
    Ok(out)
}

fn make_pattern(tag: LexTag, weight: f32, raw: &str) -> Result<Pattern, String> {
    // Patterns go through the same normalisation as reviews, so a user may type traditional.
    let norm = normalize(raw.trim()).text;
    let (head, tail) = match norm.split_once('…') {
        Some((h, t)) => (h.to_string(), Some(t.to_string())),
        None => (norm.clone(), None),
    };
    if head.is_empty() || tail.as_deref().is_some_and(|t| t.is_empty() || t.contains('…')) {
        return Err(format!("bad pattern {raw:?}: expected WORD or WORD…WORD"));
    }
    let self_negated = head.starts_with(NEGATORS);
    Ok(Pattern { tag, weight, head, tail, self_negated })
}

/// Attribute words whose praise, in a clause of its own, says the attribute is fine (for each of
/// the causes it could be about: 发货很快 is neither slow shipping nor late shipment).
const PRAISED_ASPECTS: &[(&[Cause], &[&str])] = &[
    (&[Cause::Packaging], &["外包装", "包装", "包裹"]),
    (&[Cause::SizeFit], &["尺码", "尺寸", "大小", "码数", "长短", "版型", "穿着", "穿上", "上身"]),
    (&[Cause::ColorMismatch], &["颜色", "色泽"]),
    (&[Cause::ShippingSlow], &["物流"]),
    (&[Cause::ShippingSlow, Cause::LateShipment], &["发货"]),
    (&[Cause::ShippingSlow, Cause::CourierService], &["快递小哥", "快递员", "快递", "送货", "配送"]),
    (&[Cause::Quality], &["质量", "做工", "质感", "材质", "品质"]),
    (&[Cause::Smell], &["味道", "气味"]),
    (&[Cause::ServiceAttitude], &["客服", "服务", "态度", "卖家", "店家", "掌柜"]),
    (&[Cause::AfterSales], &["售后"]),
];
/// What may name the attribute's side after its word (发货速度很快, 客服态度好, 售后服务好).
const ASPECT_NOUNS: &[&str] = &["速度", "态度", "服务"];
/// Degree words between the attribute and its praise (包装也很好, 包装得很用心, 物流好快).
const DEGREES: &[&str] = &["也", "都", "很", "挺", "非常", "超级", "超", "特别", "蛮", "还", "真的", "真", "比较", "相当", "十分", "是", "得", "好", "太"];
/// Praise that can end such a clause.
const PRAISES: &[&str] = &[
    "刚刚好", "刚好", "正好", "合适", "合身", "标准", "不错", "满意", "漂亮", "好看", "好闻", "迅速", "快速", "神速", "及时", "准时", "结实", "精致", "精美",
    "完好", "完整", "严实", "用心", "贴心", "细心", "耐心", "热情", "周到", "负责", "专业", "靠谱", "舒服", "舒适", "干净", "给力", "到位", "可以", "快", "好",
    "棒", "赞", "正", "准",
];
/// What may follow the praise before the clause ends.
const PRAISE_TAIL: &[char] = &['的', '了', '啊', '呀', '哦', '哈', '滴', '噢', '呢', '嘛', '喔', '哟'];

/// The clauses of the text that are nothing but praise of an attribute, a service or an action,
/// as (cause, char range), once per cause the praise speaks for: the attribute word first (and
/// the side of it: 速度, 态度), degree words, a praise word, particles (包装也不错, 尺码刚好, 物流很快哦,
/// 客服态度特别好). Strict on purpose: 包装好像破了, 包装还可以就是有点压 or 物流好慢 are not such
/// clauses. The attribute's own word there (客服, 发货) is no complaint about it.
pub fn praised_clauses(text: &str) -> Vec<(Cause, usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    // (CLAUSE_BREAKS holds every sentence break too.)
    for clause in text.split(|c| CLAUSE_BREAKS.contains(&c)) {
        let len = clause.chars().count();
        for &(tags, words) in PRAISED_ASPECTS {
            let Some(rest) = words.iter().find_map(|w| clause.strip_prefix(w)) else { continue };
            let rest = ASPECT_NOUNS.iter().find_map(|n| rest.strip_prefix(n)).unwrap_or(rest);
            if only_praise(rest, 0) {
                out.extend(tags.iter().map(|&tag| (tag, at, at + len)));
            }
        }
        at += len + 1;
    }
    out
}

/// Whether `rest` is degree words, one praise and particles: the praise is tried before a degree
/// word at each point, so 好 is both (物流好快, 包装好).
fn only_praise(rest: &str, depth: usize) -> bool {
    let ends_here = PRAISES.iter().filter_map(|p| rest.strip_prefix(p)).any(|r| r.chars().all(|c| PRAISE_TAIL.contains(&c)));
    ends_here || (depth < 4 && DEGREES.iter().filter_map(|d| rest.strip_prefix(d)).any(|r| only_praise(r, depth + 1)))
}

/// The keyword automaton every word list uses (the lexicon, the extortion words, the linter's
/// words): every match, overlapping ones included (`MatchKind::Standard`); callers resolve overlaps.
pub fn keyword_automaton<P: AsRef<[u8]>>(patterns: &[P]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasick::builder().match_kind(MatchKind::Standard).build(patterns)
}

impl Classifier {
    /// `extra` maps cause ids to user keywords added to the built-in lexicon; an unknown id or an
    /// empty keyword is an error naming it.
    pub fn new(extra: &crate::settings::Keyed<Vec<String>>) -> Result<Classifier, String> {
        let mut patterns = parse_lexicon(LEXICON).map_err(|e| e.to_string())?;
        for (tag, words) in extra.iter() {
            let cause: Cause = tag.parse()?;
            for w in words {
                if w.trim().is_empty() {
                    return Err(format!("empty keyword for {tag}"));
                }
                patterns.push(make_pattern(LexTag::Cause(cause), USER_WEIGHT, w)?);
            }
        }
        let mut heads: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut by_head: Vec<Vec<usize>> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let h = *index.entry(p.head.clone()).or_insert_with(|| {
                heads.push(p.head.clone());
                by_head.push(Vec::new());
                heads.len() - 1
            });
            by_head[h].push(i);
        }
        let ac = keyword_automaton(&heads)
            .map_err(|e| format!("cannot build the keyword automaton: {e}"))?;
        Ok(Classifier { ac, by_head, patterns })
    }

    /// Number of lexicon patterns (built-in and user).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Tags for one review text, strongest first; evidence offsets index the original text.
    pub fn classify(&self, text: &str) -> Vec<CauseHit> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        let norm = normalize(text);
        let scanned = self.scan(&norm);
        self.classify_scanned(text, &norm, &scanned)
    }

    /// [`Classifier::classify`] on a text already normalised and scanned (the tagger does both
    /// once for its own features).
    pub fn classify_scanned(&self, text: &str, norm: &Normalized, scanned: &[ScannedHit]) -> Vec<CauseHit> {
        let mut raw: Vec<RawHit> = scanned.iter().filter(|h| h.status == HitStatus::Kept).map(|h| h.raw).collect();
        for (start, end) in crate::extortion::find(&norm.text) {
            raw.push(RawHit { tag: LexTag::Cause(Cause::Extortion), weight: 0.95, start, end });
        }
        resolve_overlaps(&mut raw);
        self.assemble(norm, text, raw)
    }

    /// Every lexicon match in normalised text with what the clause rules made of it (kept,
    /// negated, denied, waived, a question): the rule classifier keeps only `Kept`; the trained
    /// model also learns from the others (a negated mention is evidence *against* a tag).
    pub fn scan(&self, norm: &Normalized) -> Vec<ScannedHit> {
        let doc = Doc::new(norm);
        let mut out = Vec::new();
        for m in self.ac.find_overlapping_iter(&norm.text) {
            let start = doc.byte_to_char[m.start()];
            let head_end = doc.byte_to_char[m.end()];
            for &pi in &self.by_head[m.pattern().as_usize()] {
                let p = &self.patterns[pi];
                let mut negated_inside = false;
                let end = match &p.tail {
                    None => head_end,
                    Some(tail) => match doc.find_in_clause(head_end, tail, GAP) {
                        Some(e) => {
                            // A negator between the two parts (物流不慢, 价格也不贵) negates the whole.
                            negated_inside = doc.negator_in(head_end, e - tail.chars().count());
                            e
                        }
                        None => continue,
                    },
                };
                // 好不好 / 甜不甜 ask a question; they do not complain.
                let question = p.self_negated && start > 0 && doc.chars.get(start + 1) == Some(&doc.chars[start - 1]);
                let status = if negated_inside {
                    HitStatus::Negated
                } else if question {
                    HitStatus::Question
                } else if !p.self_negated && doc.negated_before(start) {
                    HitStatus::Negated
                } else if doc.denied_after(end) {
                    HitStatus::Denied
                } else if doc.waived_after(end) {
                    HitStatus::Waived
                } else {
                    HitStatus::Kept
                };
                let tag = match p.tag {
                    LexTag::Cause(Cause::ServiceAttitude) if doc.clause_mentions(start, COURIER_SUBJECTS) => {
                        LexTag::Cause(Cause::CourierService)
                    }
                    LexTag::Cause(Cause::SizeFit) if doc.clause_mentions(start, NOT_WORN) => LexTag::Cause(Cause::Expectation),
                    t => t,
                };
                let close = negated_inside || doc.negator_in(start.saturating_sub(FIRM_NEG_WINDOW), start);
                // "没有问题" says one part is fine, not that the item is: never a plain absence.
                let generic = GENERIC.iter().any(|g| p.head.contains(g));
                let firm_negation = status == HitStatus::Negated && close && !generic && !doc.clause_mentions(end, DOUBTS) && !doc.clause_mentions_after(end, DOUBTS);
                out.push(ScannedHit { pattern: pi, status, firm_negation, raw: RawHit { tag, weight: p.weight, start, end } });
            }
        }
        out
    }

    /// The cause a lexicon pattern stands for (`None` for the vague negatives that become
    /// `expectation` only when nothing concrete is found).
    pub fn pattern_tag(&self, pattern: usize) -> Option<Cause> {
        match self.patterns.get(pattern).map(|p| p.tag) {
            Some(LexTag::Cause(c)) => Some(c),
            _ => None,
        }
    }

    fn assemble(&self, norm: &Normalized, original: &str, raw: Vec<RawHit>) -> Vec<CauseHit> {
        // A few tags per review: a list searched linearly, in tag order like a map would be.
        let mut by_tag: Vec<(Cause, Vec<RawHit>)> = Vec::new();
        let mut vague: Vec<RawHit> = Vec::new();
        for h in raw {
            match h.tag {
                LexTag::Cause(c) => match by_tag.iter_mut().find(|(t, _)| *t == c) {
                    Some((_, hits)) => hits.push(h),
                    None => by_tag.push((c, vec![h])),
                },
                LexTag::Vague => vague.push(h),
            }
        }
        // `other` only when no other tag fits (causes.md rule 6).
        if by_tag.iter().any(|(c, _)| *c != Cause::Other) {
            by_tag.retain(|(c, _)| *c != Cause::Other);
        }
        if by_tag.is_empty() && !vague.is_empty() {
            by_tag.push((Cause::Expectation, vague));
        }
        sorting::sort_by_key(&mut by_tag, |(c, _)| *c);
        let chars: Vec<char> = original.chars().collect();
        let mut out: Vec<CauseHit> = by_tag
            .into_iter()
            .map(|(tag, mut hits)| {
                sorting::sort_by_key(&mut hits, |h| (h.start, std::cmp::Reverse(h.end)));
                let mut evidence: Vec<Evidence> = Vec::new();
                let mut last_end = 0;
                let mut best = 0f32;
                for h in &hits {
                    best = best.max(h.weight);
                    if !evidence.is_empty() && h.start < last_end {
                        continue; // nested in the previous span of the same tag
                    }
                    let (s, e) = norm.to_original(h.start, h.end);
                    evidence.push(Evidence { start: s, end: e, text: chars[s..e].iter().collect() });
                    last_end = h.end;
                }
                // Each further independent mention adds a little certainty.
                let confidence = (best + 0.05 * (evidence.len() as f32 - 1.0)).clamp(0.05, 0.99);
                CauseHit { tag, owner: tag.owner(), confidence: (confidence * 100.0).round() / 100.0, evidence }
            })
            .collect();
        sorting::sort_by(&mut out, |a, b| {
            b.confidence
                .partial_cmp(&a.confidence)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.evidence[0].start.cmp(&b.evidence[0].start))
        });
        out
    }
}

/// A lexicon weight (`0.85`, `1`): digits with at most six decimals. By hand because `str::parse`
/// for floats, with its error's `Display`, is ~10 KB of the wasm for these few numbers; both
/// parts are exact in `f32`, so the one division rounds the same as `parse`.
fn parse_weight(s: &str) -> Option<f32> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 2 || frac.len() > 6 || !digits(int) || !digits(frac) {
        return None;
    }
    let whole: u32 = format!("{int}{frac}").parse().ok()?;
    Some(whole as f32 / 10u32.pow(frac.len() as u32) as f32)
}

/// What the clause rules made of one lexicon match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitStatus {
    Kept,
    /// A negator just before it in the same clause (没有色差).
    Negated,
    /// A denial just after it (色差不大).
    Denied,
    /// Waived by the buyer right after (有点色差，不过不影响).
    Waived,
    /// A question, not a complaint (好不好).
    Question,
}

/// One lexicon match in normalised text (char offsets).
#[derive(Debug, Clone, Copy)]
pub struct ScannedHit {
    /// Index of the lexicon pattern.
    pub pattern: usize,
    pub status: HitStatus,
    /// A plain statement that the thing is absent (没有色差, 不是假货): the negator right before
    /// the words, and nothing in the clause that turns it into a doubt (是不是, 怕, 希望, ？).
    pub firm_negation: bool,
    raw: RawHit,
}

impl ScannedHit {
    /// Char offsets in the normalised text.
    pub fn span(&self) -> (usize, usize) {
        (self.raw.start, self.raw.end)
    }
    /// The tag after the clause rules (courier subject, device sizes); `None` for a vague negative.
    pub fn tag(&self) -> Option<Cause> {
        match self.raw.tag {
            LexTag::Cause(c) => Some(c),
            LexTag::Vague => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct RawHit {
    tag: LexTag,
    weight: f32,
    start: usize,
    end: usize,
}

/// Drops hits that another tag's phrase explains better: damage words inside a packaging phrase,
/// and `size_fit` overlapping the buyer's own size mistake.
fn resolve_overlaps(raw: &mut Vec<RawHit>) {
    let snapshot = raw.clone();
    let overlaps = |a: &RawHit, b: &RawHit| a.start < b.end && b.start < a.end;
    raw.retain(|h| {
        !snapshot.iter().any(|o| {
            let (LexTag::Cause(ht), LexTag::Cause(ot)) = (h.tag, o.tag) else { return false };
            match (ht, ot) {
                // 碰坏了 / 包装…坏: damage on arrival is packaging, not quality.
                (Cause::Quality, Cause::Packaging) => overlaps(h, o),
                (Cause::AfterSales, Cause::Packaging) => o.start <= h.start && h.end <= o.end,
                (Cause::SizeFit, Cause::BuyerMistake) => overlaps(h, o),
                // A shorter hit inside a longer, more specific phrase of another tag belongs to that
                // phrase (不好 in 态度不好, 臭 in 变臭, 不给退 in 客服不给退).
                (a, b) if a != b => o.start <= h.start && h.end <= o.end && (o.end - o.start) > (h.end - h.start),
                _ => false,
            }
        })
    });
}

/// The normalised text with what the rules need: chars, byte→char offsets, clause bounds.
struct Doc {
    chars: Vec<char>,
    byte_to_char: Vec<usize>,
}

impl Doc {
    fn new(norm: &Normalized) -> Doc {
        let chars: Vec<char> = norm.text.chars().collect();
        let mut byte_to_char = vec![0; norm.text.len() + 1];
        let mut ci = 0;
        for (bi, c) in norm.text.char_indices() {
            for slot in &mut byte_to_char[bi..bi + c.len_utf8()] {
                *slot = ci;
            }
            ci += 1;
        }
        byte_to_char[norm.text.len()] = ci;
        Doc { chars, byte_to_char }
    }

    fn clause_start(&self, at: usize) -> usize {
        (0..at).rev().find(|&i| CLAUSE_BREAKS.contains(&self.chars[i])).map_or(0, |i| i + 1)
    }

    fn clause_end(&self, at: usize) -> usize {
        (at..self.chars.len()).find(|&i| CLAUSE_BREAKS.contains(&self.chars[i])).unwrap_or(self.chars.len())
    }

    fn starts_with_at(&self, at: usize, word: &str) -> bool {
        let mut i = at;
        for c in word.chars() {
            if self.chars.get(i) != Some(&c) {
                return false;
            }
            i += 1;
        }
        true
    }

    /// End of `tail` when it starts within `gap` chars after `from`, in the same clause.
    fn find_in_clause(&self, from: usize, tail: &str, gap: usize) -> Option<usize> {
        let limit = self.clause_end(from);
        let n = tail.chars().count();
        (from..=from + gap).take_while(|&i| i + n <= limit).find(|&i| self.starts_with_at(i, tail)).map(|i| i + n)
    }

    fn negated_before(&self, start: usize) -> bool {
        let from = self.clause_start(start).max(start.saturating_sub(NEG_WINDOW));
        self.negator_in(from, start)
    }

    /// A negator in `from..to` that is not part of a non-negating word (不过, 没想到).
    fn negator_in(&self, from: usize, to: usize) -> bool {
        (from..to).any(|i| NEGATORS.contains(&self.chars[i]) && !self.inside_word(i, NOT_NEGATING))
    }

    /// Whether the char at `i` is part of one of `words` (at any position in the word: 特别, 差别).
    fn inside_word(&self, i: usize, words: &[&str]) -> bool {
        words.iter().any(|w| w.chars().enumerate().any(|(k, c)| c == self.chars[i] && i >= k && self.starts_with_at(i - k, w)))
    }

    fn denied_after(&self, end: usize) -> bool {
        let limit = self.clause_end(end);
        (end..(end + DENIAL_WINDOW).min(limit)).any(|i| DENIALS.iter().any(|w| self.starts_with_at(i, w)))
    }

    fn waived_after(&self, end: usize) -> bool {
        let limit = (end..self.chars.len().min(end + WAIVER_WINDOW)).find(|&i| SENTENCE_BREAKS.contains(&self.chars[i])).unwrap_or(self.chars.len().min(end + WAIVER_WINDOW));
        (end..limit).any(|i| WAIVERS.iter().any(|w| self.starts_with_at(i, w)))
    }

    /// Whether the clause has one of `words` after `at`.
    fn clause_mentions_after(&self, at: usize, words: &[&str]) -> bool {
        let to = self.clause_end(at);
        (at..to.min(self.chars.len())).any(|i| words.iter().any(|w| self.starts_with_at(i, w)))
    }

    fn clause_mentions(&self, at: usize, words: &[&str]) -> bool {
        let from = self.clause_start(at);
        (from..at).any(|i| words.iter().any(|w| self.starts_with_at(i, w)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_parse_like_floats() {
        for w in ["0.5", "0.6", "0.75", "0.85", "0.9", "0.95", "1", "1.0", "0.123456"] {
            assert_eq!(parse_weight(w), w.parse::<f32>().ok(), "{w}");
        }
        for bad in ["", ".5", "x", "0.5.1", "-0.5", "1e-3", "0.1234567"] {
            assert_eq!(parse_weight(bad), None, "{bad}");
        }
    }

    fn tags(text: &str) -> Vec<&'static str> {
        let c = Classifier::new(&Default::default()).unwrap();
        let mut t: Vec<&str> = c.classify(text).iter().map(|h| h.tag.id()).collect();
        t.sort();
        t
    }

    macro_rules! t {
        ($name:ident, $text:expr, [$($tag:expr),*]) => {
            #[test]
            fn $name() {
                let mut want: Vec<&str> = vec![$($tag),*];
                want.sort();
                assert_eq!(tags($text), want, "{}", $text);
            }
        };
    }

    t!(colour, "颜色和图片不太一样，感觉被坑了。", ["color_mismatch"]);
    t!(negated_colour, "没有色差，很满意", []);
    t!(denied_smell, "异味也没有，挺好", []);
    t!(no_smell_at_all, "一点味道都没有，很好", []);
    t!(logistics_not_slow, "物流不慢，包装完好", []);
    t!(contrast, "好评，就是物流慢", ["shipping_slow"]);
    t!(courier_attitude, "快递员态度差，不送上门", ["courier_service"]);
    t!(seller_attitude, "客服态度差，问了半天不回答", ["service_attitude"]);
    t!(traditional, "顏色不一樣，發貨太慢了，質量很差", ["color_mismatch", "late_shipment", "quality"]);
    t!(mild_quality_is_expectation, "质量一般，没想象的好", ["expectation"]);
    t!(bad_quality, "质量太差了，穿一次就开线", ["quality"]);
    t!(buyer_size, "裤子买小了，自己的问题", ["buyer_mistake"]);
    t!(size_runs_small, "鞋子偏小，磨脚", ["size_fit"]);
    t!(vague, "垃圾，差差差", ["expectation"]);
    t!(positive, "很好，物流很快，包装也好，会回购", []);

    /// The causes [`praised_clauses`] finds praised, once each, in order.
    fn praised(text: &str) -> Vec<Cause> {
        let mut out = Vec::new();
        for (tag, _, _) in praised_clauses(text) {
            if !out.contains(&tag) {
                out.push(tag);
            }
        }
        out
    }

    #[test]
    fn praise_in_a_clause_of_its_own() {
        assert_eq!(praised("很好用，包装也不错，尺码也合适的，物流很快哦"), [Cause::Packaging, Cause::SizeFit, Cause::ShippingSlow]);
        assert_eq!(praised("客服态度特别好"), [Cause::ServiceAttitude]);
        assert_eq!(praised("发货速度快"), [Cause::ShippingSlow, Cause::LateShipment]);
        assert_eq!(praised("包装得很用心"), [Cause::Packaging]);
        assert_eq!(praised("尺码标准，穿着合身"), [Cause::SizeFit]);
        assert_eq!(praised("物流好快！快递小哥很负责"), [Cause::ShippingSlow, Cause::CourierService]);
        assert_eq!(praised("质量真的好，售后服务也到位"), [Cause::Quality, Cause::AfterSales]);
        for not_praise in [
            "包装好像破了", "包装还可以就是有点压", "尺码不合适", "物流快点就好了", "颜色也好看就是有色差", "就是包装不错", "客服态度不好", "客服态度好差",
            "发货速度太慢", "包装得很差", "尺码不标准", "快递好慢", "态度好点行吗", "物流太慢", "质量好差劲",
        ] {
            assert!(praised(not_praise).is_empty(), "{not_praise}");
        }
    }
    t!(packaging_damage, "箱子压扁了，里面的碎了", ["packaging"]);
    t!(extortion, "不退钱就差评，给我返现我就改评价", ["extortion"]);
    t!(complaint_threat_not_extortion, "质量太差，坏了，我要去315投诉", ["quality"]);
    t!(other_when_nothing_else, "抵制这个品牌，转发", ["other"]);
    t!(not_without_tail, "质量还行", []);
    t!(empty, "", []);
    t!(counterfeit, "感觉是假货，和专柜的不一样", ["counterfeit"]);
    t!(negator_inside_a_word, "發貨還特別慢", ["late_shipment"]);
    t!(waived_remark, "衣服很好看，有点色差，不过不影响穿", []);
    t!(device_size_is_not_fit, "内存偏小，还得自己加", ["expectation"]);
    t!(question_form, "你说好不好？", []);
    t!(generic_word_inside_specific_phrase, "客服态度不好，不回复", ["service_attitude"]);

    #[test]
    fn lexicon_parses_and_covers_every_tag() {
        let pats = parse_lexicon(LEXICON).unwrap();
        for cause in Cause::ALL {
            assert!(pats.iter().any(|p| p.tag == LexTag::Cause(cause)), "no pattern for {cause}");
        }
        assert!(pats.len() > 500, "{} patterns", pats.len());
    }

    #[test]
    fn lexicon_errors_name_the_line() {
        assert_eq!(parse_lexicon("quality 0.9 坏了\nnope 0.5 x").unwrap_err().line, 2);
        assert!(parse_lexicon("quality 2 坏了").is_err());
        assert!(parse_lexicon("quality 0.9").is_err());
        assert!(parse_lexicon("quality 0.9 坏了 坏了").is_err());
        assert!(parse_lexicon("quality 0.9 …坏").is_err());
    }

    #[test]
    fn user_keywords() {
        let mut extra = crate::settings::Keyed::default();
        extra.insert("smell".to_string(), vec!["榴莲味".to_string()]);
        let c = Classifier::new(&extra).unwrap();
        assert_eq!(c.classify("一股榴莲味")[0].tag, Cause::Smell);
        extra.insert("nonsense".to_string(), vec!["x".to_string()]);
        assert!(Classifier::new(&extra).unwrap_err().contains("nonsense"));
        let mut empty = crate::settings::Keyed::default();
        empty.insert("smell".to_string(), vec![" ".to_string()]);
        assert!(Classifier::new(&empty).is_err());
    }

    #[test]
    fn evidence_points_into_the_original() {
        let c = Classifier::new(&Default::default()).unwrap();
        let text = "😀ＯＫ，顏色不一樣！";
        for hit in c.classify(text) {
            for e in hit.evidence {
                assert_eq!(crate::model::char_slice(text, e.start, e.end), Some(e.text.as_str()));
            }
        }
    }
}
