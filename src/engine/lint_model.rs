//! The linter's trained sentence model: one logistic regression per forbidden kind over the
//! character n-grams of a sentence ([`crate::features::grams`], TF-IDF through
//! [`crate::linear`]) and what the rule pass saw in it (which roles of the word lists matched,
//! which kinds the rules found, a few scanners for numbers, ids, quoted nicks and names).
//!
//! The rules ([`crate::lint`]) stay first: a kind the rules find in a sentence keeps their precise
//! span. The model adds a finding for a kind the rules did not find when the sentence's
//! calibrated probability reaches that kind's threshold (chosen on out-of-fold predictions when
//! training); its span is the sentence, trimmed. The rules' refusal cues veto the model's
//! requests, incentives, off-platform contact and threats where the sentence refuses them (本店从不
//! 以返现换取评价), a guard (滚筒, 烟雾报警器, 红包封面) vetoes insults and threats, and text to the buyer
//! alone gets no model `private_data` (their own name is fine there; numbers stay with the rules).
//!
//! Training data: labelled sentences (`LABELS<TAB>TEXT`, [`crate::lint::read_labelled`]), each
//! line one unit; `review-triage train-lint` writes `data/linter.bin`, deterministically.

use crate::features::grams;
use crate::linear::{FileKind, LinearModel, ModelError};
use crate::lint::{read_labelled, El, Labelled, LintOptions, Linter, Audience, Role, Rv, RulePass, FORBIDDEN};
use crate::model::LintKind;
use crate::train::{self, Sample, TrainOptions};

/// The weights that ship (`review-triage train-lint` writes them), natively and in the wasm: at
/// 3,000 n-grams the file is about 47 KB, so the browser's live lint has the model without the
/// extension passing anything. [`crate::lint::Linter::rules_only`] is the linter without it.
pub const BUILTIN_WEIGHTS: Option<&[u8]> = Some(include_bytes!("../../data/linter.bin"));

/// Number of labels: the forbidden kinds, in [`FORBIDDEN`] order.
pub const N_LABELS: usize = FORBIDDEN.len();

/// Roles of the word lists, in feature order (a review word that is a topic counts apart).
const ROLES: usize = 33;
/// Extra features after the n-grams: roles present, a guard present, rule findings per kind,
/// scanners, role pairs.
const GUARD: usize = ROLES;
const KIND: usize = GUARD + 1;
const SCAN: usize = KIND + N_LABELS;
const N_SCAN: usize = 9;
const PAIR: usize = SCAN + N_SCAN;
pub const N_EXTRA: usize = PAIR + ROLES * ROLES;

/// The linter's weights file (`data/linter.bin`).
pub const LINTER_FILE: FileKind = FileKind { magic: *b"RTLINTM1", what: "linter weights", n_extra: N_EXTRA, n_labels: N_LABELS, per_label_threshold: true };

fn role_index(r: Role, topic: bool) -> usize {
    match r {
        Role::Word(k) => label_of(k).unwrap_or(0),
        Role::Review(_) if topic => 7,
        Role::Review(Rv::Any) => 8,
        Role::Review(Rv::Good) => 9,
        Role::Review(Rv::Bad) => 10,
        Role::Review(Rv::Append) => 11,
        Role::Review(Rv::Show) => 12,
        Role::Change => 13,
        Role::Give => 14,
        Role::Ask => 15,
        Role::Dont => 16,
        Role::Refuse => 17,
        Role::Defer => 18,
        Role::Thanks => 19,
        Role::Refer => 20,
        Role::Contrast => 21,
        Role::Block => 22,
        Role::Benefit => 23,
        Role::Money => 24,
        Role::Target => 25,
        Role::Contact => 26,
        Role::AddVerb => 27,
        Role::ContactAfter => 28,
        Role::PrivLabel => 29,
        Role::Title => 30,
        Role::Slot => 31,
        Role::Guard => 32,
    }
}

/// The label index of a forbidden kind.
pub fn label_of(k: LintKind) -> Option<usize> {
    FORBIDDEN.iter().position(|&f| f == k)
}

/// Which feature groups a model uses (the shipped choice is [`FeatureSet::default`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureSet {
    pub roles: bool,
    pub kinds: bool,
    pub scans: bool,
    pub pairs: bool,
    /// Char pairs with one char between them (把…改, 别…我).
    pub skip: bool,
    /// Char 4-grams.
    pub four: bool,
}

impl Default for FeatureSet {
    fn default() -> Self {
        FeatureSet { roles: false, kinds: false, scans: false, pairs: false, skip: false, four: false }
    }
}

/// How model findings combine with the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Combine {
    /// A refusal cue in the sentence vetoes the model's request, incentive and off-platform
    /// findings; a deference vetoes its requests.
    pub refusal_veto: bool,
    /// A guard phrase in the sentence vetoes the model's insults and threats.
    pub guard_veto: bool,
    /// The model may drop a rule finding whose sentence it scores below the kind's keep threshold.
    pub gate: bool,
    /// The model's requests and incentives need a review word in the sentence.
    pub review_veto: bool,
}

impl Default for Combine {
    fn default() -> Self {
        Combine { refusal_veto: true, guard_veto: true, gate: true, review_veto: true }
    }
}

/// The trained sentence model.
#[derive(Debug, Clone)]
pub struct LintModel {
    pub linear: LinearModel,
    pub features: FeatureSet,
    pub combine: Combine,
    /// Per kind: a rule finding stays when the sentence's probability is at least this.
    pub keep: [f32; N_LABELS],
}

impl LintModel {
    /// Reads `data/linter.bin`.
    pub fn from_bytes(bytes: &[u8]) -> Result<LintModel, ModelError> {
        Ok(LintModel { linear: LinearModel::from_bytes_as(bytes, LINTER_FILE)?, features: FeatureSet::default(), combine: Combine::default(), keep: [0.0; N_LABELS] })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.linear.to_bytes()
    }

    /// Calibrated probability of each forbidden kind for a char range of the pass.
    pub fn probabilities(&self, pass: &RulePass, s: usize, e: usize) -> [f32; N_LABELS] {
        let (counts, extra) = unit_features(pass, s, e, &self.features);
        let v = self.linear.vectorize_counts(&counts, &extra);
        let z = self.linear.scores(&v);
        let mut p = [0f32; N_LABELS];
        for t in 0..N_LABELS {
            if self.linear.tags[t].trained {
                p[t] = self.linear.probability(t, z[t]);
            }
        }
        p
    }

    /// Adds the model's findings to the rules', sentence by sentence (normalised chars), and
    /// drops rule findings the model rejects (when gating).
    pub(crate) fn apply(&self, pass: &mut RulePass, opts: &LintOptions) {
        let mut add = Vec::new();
        let mut drop: Vec<(LintKind, usize, usize)> = Vec::new();
        for (s, e) in pass.sentences() {
            let Some((ts, te)) = trim(&pass.c, s, e) else { continue };
            let p = self.probabilities(pass, s, e);
            let cues = Cues::of(pass, s, e);
            let mut kinds = [false; N_LABELS];
            for (t, &kind) in FORBIDDEN.iter().enumerate() {
                if cues.rule_kinds[t] {
                    if self.combine.gate && p[t] < self.keep[t] {
                        drop.push((kind, s, e));
                    }
                    continue;
                }
                if p[t] < self.linear.threshold_of(t) || self.vetoed(kind, &cues, opts) {
                    continue;
                }
                kinds[t] = true;
            }
            // One problem, one kind (as the rules do): an incentive covers the request it pays for,
            // and off-platform contact covers the number given for it.
            let has = |k: LintKind, kinds: &[bool; N_LABELS]| label_of(k).is_some_and(|t| kinds[t] || cues.rule_kinds[t]);
            if has(LintKind::ReviewIncentive, &kinds) {
                kinds[label_of(LintKind::ReviewRequest).unwrap_or(0)] = false;
            }
            if has(LintKind::OffPlatform, &kinds) {
                kinds[label_of(LintKind::PrivateData).unwrap_or(0)] = false;
            }
            if has(LintKind::ReviewIncentive, &kinds) && cues.rule_kinds[label_of(LintKind::ReviewRequest).unwrap_or(0)] {
                drop.push((LintKind::ReviewRequest, s, e));
            }
            add.extend(FORBIDDEN.iter().enumerate().filter(|&(t, _)| kinds[t]).map(|(_, &k)| (k, ts, te)));
        }
        if !drop.is_empty() {
            pass.found.retain(|&(k, fs, _)| !drop.iter().any(|&(dk, s, e)| dk == k && fs >= s && fs < e));
        }
        pass.found.extend(add);
    }

    fn vetoed(&self, kind: LintKind, cues: &Cues, opts: &LintOptions) -> bool {
        use LintKind as K;
        match kind {
            K::ReviewRequest if opts.allow_review_request => true,
            K::PrivateData if opts.audience == Audience::Buyer => true,
            K::ReviewRequest | K::ReviewIncentive | K::OffPlatform if self.combine.refusal_veto && cues.refuse => true,
            K::ReviewRequest if self.combine.refusal_veto && cues.defer => true,
            // A request or an incentive is about a review: without one in the sentence it is
            // something else (送您一张优惠券表达歉意 is a solution).
            K::ReviewRequest | K::ReviewIncentive if self.combine.review_veto && !cues.review => true,
            K::Insult | K::Threat if self.combine.guard_veto && cues.guard => true,
            _ => false,
        }
    }
}

/// What the rule pass saw in one sentence.
struct Cues {
    refuse: bool,
    defer: bool,
    /// The sentence speaks of a review or rating (评价, 好评, 星, 晒图 …).
    review: bool,
    guard: bool,
    rule_kinds: [bool; N_LABELS],
}

impl Cues {
    fn of(pass: &RulePass, s: usize, e: usize) -> Cues {
        let inside = |x: &El| x.s >= s && x.s < e;
        let els = pass.els.iter().filter(|x| inside(x));
        let (mut refuse, mut defer) = (false, false);
        let mut review = pass.c[s..e].iter().any(|&ch| ch == '评' || ch == '星');
        for x in els {
            refuse |= x.role == Role::Refuse;
            defer |= x.role == Role::Defer;
            review |= matches!(x.role, Role::Review(_) | Role::Target | Role::Word(LintKind::ReviewRequest | LintKind::ReviewIncentive));
        }
        let mut rule_kinds = [false; N_LABELS];
        for &(k, fs, _) in &pass.found {
            if fs >= s && fs < e {
                if let Some(t) = label_of(k) {
                    rule_kinds[t] = true;
                }
            }
        }
        Cues { refuse, defer, review, guard: pass.guards.iter().any(|&g| g >= s && g < e), rule_kinds }
    }
}

/// A char range without surrounding spaces and punctuation; `None` when nothing is left.
fn trim(c: &[char], mut s: usize, mut e: usize) -> Option<(usize, usize)> {
    let skip = |ch: char| ch.is_whitespace() || ch.is_ascii_punctuation() || "。，、；：？！…—～·「」『』（）【】《》“”‘’".contains(ch);
    while s < e && skip(c[s]) {
        s += 1;
    }
    while e > s && skip(c[e - 1]) {
        e -= 1;
    }
    (s < e).then_some((s, e))
}

/// The features of the chars `s..e` of a pass: n-gram counts and extra feature indices.
pub(crate) fn unit_features(pass: &RulePass, s: usize, e: usize, fs: &FeatureSet) -> (Vec<(u32, u32)>, Vec<usize>) {
    let c = &pass.c[s..e];
    let mut hs: Vec<u32> = grams(c).iter().map(|g| g.hash).collect();
    if fs.skip {
        hs.extend(c.windows(3).filter(|w| !w[0].is_whitespace() && !w[2].is_whitespace()).map(|w| own_hash('\u{1}', &[w[0], w[2]])));
    }
    if fs.four {
        hs.extend(c.windows(4).filter(|w| !w.iter().any(|x| x.is_whitespace())).map(|w| own_hash('\u{2}', w)));
    }
    hs.sort_unstable();
    let mut counts: Vec<(u32, u32)> = Vec::with_capacity(hs.len());
    for h in hs {
        match counts.last_mut() {
            Some((last, n)) if *last == h => *n += 1,
            _ => counts.push((h, 1)),
        }
    }
    let mut extra = Vec::new();
    let mut roles = [false; ROLES];
    for x in pass.els.iter().filter(|x| x.s >= s && x.s < e) {
        roles[role_index(x.role, x.topic)] = true;
    }
    if pass.guards.iter().any(|&g| g >= s && g < e) {
        roles[role_index(Role::Guard, false)] = true;
    }
    if fs.roles {
        extra.extend((0..ROLES).filter(|&r| roles[r]));
    }
    if fs.kinds {
        for &(k, a, _) in &pass.found {
            if a >= s && a < e {
                if let Some(t) = label_of(k) {
                    extra.push(KIND + t);
                }
            }
        }
    }
    if fs.scans {
        extra.extend(scan(c).into_iter().map(|i| SCAN + i));
    }
    if fs.pairs {
        for a in 0..ROLES {
            for b in a + 1..ROLES {
                if roles[a] && roles[b] {
                    extra.push(PAIR + a * ROLES + b);
                }
            }
        }
    }
    extra.sort_unstable();
    extra.dedup();
    (counts, extra)
}

/// FNV-1a of a marker char and `chars` (digits fold to 0), for the n-grams `features::grams`
/// does not make: the marker keeps them apart from its hashes.
fn own_hash(marker: char, chars: &[char]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in std::iter::once(marker).chain(chars.iter().map(|&c| if c.is_ascii_digit() { '0' } else { c })) {
        for b in (c as u32).to_le_bytes() {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// Surnames that start a real name after a marker (买家王丽娟, 尊敬的顾客赵子龙).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
/// Words after which a name or nick follows.
const NAME_MARKERS: &[&str] = &["买家", "顾客", "客户", "客人", "收件人", "收货人", "签收人", "姓名", "致", "尊敬的", "您好", "你好", "回复", "用户", "昵称", "亲爱的", "感谢", "是"];

/// Scanner features of a unit: numbers, ids and names that the word lists cannot list.
fn scan(c: &[char]) -> Vec<usize> {
    let n = c.len();
    let mut out = Vec::new();
    // Digit runs, allowing single spaces or dashes inside (138-1234-5678), and * masks.
    let mut i = 0;
    while i < n {
        if !(c[i].is_ascii_digit() || c[i] == '*') {
            i += 1;
            continue;
        }
        let (mut digits, mut masks, mut j) = (0, 0, i);
        while j < n && (c[j].is_ascii_digit() || c[j] == '*' || (matches!(c[j], ' ' | '-') && j + 1 < n && c[j + 1].is_ascii_digit())) {
            digits += usize::from(c[j].is_ascii_digit());
            masks += usize::from(c[j] == '*');
            j += 1;
        }
        if digits >= 7 {
            out.push(0);
        }
        if digits >= 10 {
            out.push(1);
        }
        if masks > 0 && digits >= 3 {
            out.push(2);
        }
        i = j.max(i + 1);
    }
    // ASCII ids: letters and digits (or _) together, 5 chars or more (jiajia_520, SF1125432319487).
    let mut i = 0;
    while i < n {
        if !c[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && (c[j].is_ascii_alphanumeric() || c[j] == '_') {
            j += 1;
        }
        let t = &c[i..j];
        if t.len() >= 5 && t.iter().any(|x| x.is_ascii_alphabetic()) && t.iter().any(|x| x.is_ascii_digit() || *x == '_') {
            out.push(3);
        }
        i = j;
    }
    if c.iter().enumerate().any(|(k, &x)| x == '@' && k + 1 < n && !c[k + 1].is_whitespace()) {
        out.push(4);
    }
    // After a marker: a quoted nick (昵称“风一样的男子88”) or a surname and one or two more chars.
    let text: String = c.iter().collect();
    let cjk = |x: char| ('\u{4E00}'..='\u{9FFF}').contains(&x);
    for m in NAME_MARKERS {
        for (b, _) in text.match_indices(m) {
            let at = text[..b].chars().count() + m.chars().count();
            let mut k = at;
            while k < n && matches!(c[k], ' ' | ':' | '“' | '"' | '「' | '\'' | '‘') {
                k += 1;
            }
            if k > at && k < n && c[k - 1] != ' ' && c[k - 1] != ':' {
                out.push(5);
            }
            if k < n && SURNAMES.contains(c[k]) {
                let len = (k + 1..n).take_while(|&q| cjk(c[q])).count();
                if (1..=3).contains(&len) {
                    out.push(6);
                }
            }
        }
    }
    // A street address: a place word and a road or building word close after it.
    for (k, &x) in c.iter().enumerate() {
        if "省市区县".contains(x) && c[k + 1..n.min(k + 10)].iter().any(|y| "路街道号巷弄苑村".contains(*y)) {
            out.push(7);
            break;
        }
    }
    if c.windows(2).any(|w| SURNAMES.contains(w[0]) && (w[1] == '先' || w[1] == '女')) {
        out.push(8);
    }
    out.sort_unstable();
    out.dedup();
    debug_assert!(out.iter().all(|&x| x < N_SCAN));
    out
}

/// One labelled training line.
#[derive(Debug, Clone)]
pub struct Example {
    /// `file:line`: decides folds.
    pub id: String,
    pub text: String,
    pub labels: Vec<LintKind>,
}

/// Reads labelled sets (name, contents) into examples.
pub fn examples(sets: &[(String, String)]) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    for (name, raw) in sets {
        let set: Vec<Labelled> = read_labelled(raw).map_err(|e| format!("{name}: {e}"))?;
        out.extend(set.into_iter().map(|l| Example { id: format!("{name}:{}", l.line), text: l.text, labels: l.labels }));
    }
    Ok(out)
}

/// The knobs of `train-lint` (the defaults ship).
#[derive(Debug, Clone)]
pub struct LintTrainOptions {
    pub train: TrainOptions,
    pub features: FeatureSet,
    pub combine: Combine,
    /// Folds for the out-of-fold predictions the thresholds are chosen on.
    pub threshold_folds: u32,
    /// Keep at most this many n-grams: the ones with the largest weights in a first fit, then
    /// fit again on them alone (keeps the file small; 0: keep all).
    pub max_features: usize,
}

impl Default for LintTrainOptions {
    fn default() -> Self {
        LintTrainOptions {
            train: TrainOptions { c: 100.0, min_df: 1, threshold: 0.5, extra_value: 1.0, calibration_folds: 3, rule_features: true },
            features: FeatureSet::default(),
            combine: Combine::default(),
            threshold_folds: 5,
            max_features: 3000,
        }
    }
}

/// An example read once: its unit features and what the rules found and vetoed on it.
struct Prepared {
    counts: Vec<(u32, u32)>,
    extra: Vec<usize>,
    rule: [bool; N_LABELS],
    labels: Vec<bool>,
}

fn prepare(examples: &[Example], fs: &FeatureSet) -> Vec<Prepared> {
    examples
        .iter()
        .map(|x| {
            let pass = RulePass::run(&x.text, &LintOptions::default());
            let (counts, extra) = unit_features(&pass, 0, pass.c.len(), fs);
            let mut rule = [false; N_LABELS];
            for &(k, _, _) in &pass.found {
                if let Some(t) = label_of(k) {
                    rule[t] = true;
                }
            }
            let labels = FORBIDDEN.iter().map(|k| x.labels.contains(k)).collect();
            Prepared { counts, extra, rule, labels }
        })
        .collect()
}

fn fit(examples: &[Example], prepared: &[Prepared], rows: &[usize], opts: &LintTrainOptions) -> LinearModel {
    let samples = |keep: Option<&[u32]>| -> Vec<Sample> {
        rows.iter()
            .map(|&i| {
                let p = &prepared[i];
                let counts = match keep {
                    Some(k) => p.counts.iter().copied().filter(|(h, _)| k.binary_search(h).is_ok()).collect(),
                    None => p.counts.clone(),
                };
                Sample { id: &examples[i].id, counts, extra: &p.extra, labels: p.labels.clone() }
            })
            .collect()
    };
    let first = train::train_linear(LINTER_FILE, &samples(None), &opts.train);
    if opts.max_features == 0 || first.vocab_len() <= opts.max_features {
        return first;
    }
    // The n-grams that weigh most for any kind (weights scale with idf-weighted values, so the
    // largest absolute weight is a fair measure).
    let n = first.n_labels();
    let mut rank: Vec<(f32, u32)> = (0..first.vocab_len()).map(|i| ((0..n).map(|t| first.weight(i as u32, t).abs()).fold(0f32, f32::max), first.hashes[i])).collect();
    rank.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut keep: Vec<u32> = rank.iter().take(opts.max_features).map(|r| r.1).collect();
    keep.sort_unstable();
    train::train_linear(LINTER_FILE, &samples(Some(&keep)), &opts.train)
}

/// Thresholds tried per kind.
const THRESHOLDS: [f32; 17] = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];

/// Keep thresholds tried per kind when gating.
const KEEPS: [f32; 7] = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3];

/// Trains the model on `rows` of `examples`: fits on all of them, then picks each kind's
/// threshold where rules-or-model has the best F1 on out-of-fold predictions.
pub fn train_rows(examples: &[Example], rows: &[usize], opts: &LintTrainOptions) -> LintModel {
    let prepared = prepare(examples, &opts.features);
    train_prepared(examples, &prepared, rows, opts)
}

fn train_prepared(examples: &[Example], prepared: &[Prepared], rows: &[usize], opts: &LintTrainOptions) -> LintModel {
    let mut linear = fit(examples, prepared, rows, opts);
    if opts.threshold_folds > 1 {
        // Out-of-fold calibrated probabilities of every row.
        let k = opts.threshold_folds;
        let mut oof: Vec<[f32; N_LABELS]> = vec![[0.0; N_LABELS]; rows.len()];
        for f in 0..k {
            let fold = |j: &usize| train::fold_of(&examples[rows[*j]].id, "lint-threshold", k) == f;
            let inner: Vec<usize> = (0..rows.len()).filter(|j| !fold(j)).map(|j| rows[j]).collect();
            let m = fit(examples, prepared, &inner, opts);
            for j in (0..rows.len()).filter(fold) {
                let p = &prepared[rows[j]];
                let z = m.scores(&m.vectorize_counts(&p.counts, &p.extra));
                for t in 0..N_LABELS {
                    oof[j][t] = if m.tags[t].trained { m.probability(t, z[t]) } else { 0.0 };
                }
            }
        }
        let keeps: &[f32] = if opts.combine.gate { &KEEPS } else { &[0.0] };
        let mut keep = [0f32; N_LABELS];
        for t in 0..N_LABELS {
            let f1 = |th: f32, kp: f32| {
                let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
                for (j, &i) in rows.iter().enumerate() {
                    let p = &prepared[i];
                    let got = (p.rule[t] && oof[j][t] >= kp) || oof[j][t] >= th;
                    match (p.labels[t], got) {
                        (true, true) => tp += 1,
                        (false, true) => fp += 1,
                        (true, false) => fn_ += 1,
                        _ => {}
                    }
                }
                2.0 * tp as f64 / (2 * tp + fp + fn_).max(1) as f64
            };
            // Ties go to the higher threshold (fewer findings) and the lower keep (trust the rules).
            let mut best = (0.5f32, 0.0f32, -1.0f64);
            for &th in &THRESHOLDS {
                for &kp in keeps.iter().rev() {
                    let s = f1(th, kp);
                    if s >= best.2 {
                        best = (th, kp, s);
                    }
                }
            }
            linear.tags[t].threshold = Some(best.0);
            keep[t] = best.1;
        }
        return LintModel { linear, features: opts.features, combine: opts.combine, keep };
    }
    LintModel { linear, features: opts.features, combine: opts.combine, keep: [0.0; N_LABELS] }
}

/// Trains on every example.
pub fn train_all(examples: &[Example], opts: &LintTrainOptions) -> LintModel {
    let rows: Vec<usize> = (0..examples.len()).collect();
    train_rows(examples, &rows, opts)
}

/// Cross-validation of the linter on labelled sets: per scheme, the rules alone and the rules
/// with the model, each scored on the held-out part.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CvReport {
    pub schemes: Vec<CvScheme>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CvScheme {
    pub name: String,
    pub rules: crate::lint::LintReport,
    pub combined: crate::lint::LintReport,
}

/// Which rows a scheme tests (and trains on everything else).
pub struct Split {
    pub name: String,
    pub folds: Vec<Vec<usize>>,
}

/// The schemes `train-lint --cv` runs: `k`-fold over the examples of the sets named in `cv_sets`
/// (the others always in training), and each of those sets held out whole.
pub fn splits(examples: &[Example], cv_sets: &[&str], k: u32) -> Vec<Split> {
    let in_set = |x: &Example, set: &str| x.id.rsplit_once(':').is_some_and(|(n, _)| n == set);
    let pool: Vec<usize> = (0..examples.len()).filter(|&i| cv_sets.iter().any(|s| in_set(&examples[i], s))).collect();
    let mut out = vec![Split {
        name: format!("{k}-fold over {}", cv_sets.join(" + ")),
        folds: (0..k).map(|f| pool.iter().copied().filter(|&i| train::fold_of(&examples[i].id, "lint-cv", k) == f).collect()).collect(),
    }];
    for s in cv_sets {
        out.push(Split { name: format!("{s} held out"), folds: vec![pool.iter().copied().filter(|&i| in_set(&examples[i], s)).collect()] });
    }
    out
}

/// Runs the splits; every fold trains a full model (thresholds included) without its rows.
pub fn cross_validate(examples: &[Example], splits: &[Split], opts: &LintTrainOptions) -> CvReport {
    let prepared = prepare(examples, &opts.features);
    let set = |rows: &[usize]| -> Vec<Labelled> { rows.iter().map(|&i| Labelled { line: i, labels: examples[i].labels.clone(), text: examples[i].text.clone() }).collect() };
    let mut schemes = Vec::new();
    for split in splits {
        let mut tested: Vec<usize> = Vec::new();
        let mut combined_parts = Vec::new();
        for held in &split.folds {
            let rows: Vec<usize> = (0..examples.len()).filter(|i| !held.contains(i)).collect();
            let model = train_prepared(examples, &prepared, &rows, opts);
            combined_parts.push(crate::lint::evaluate_with(&Linter::with_model(model), &set(held)));
            tested.extend(held);
        }
        let rules = crate::lint::evaluate_with(&Linter::rules_only(), &set(&tested));
        schemes.push(CvScheme { name: split.name.clone(), rules, combined: crate::lint::LintReport::pooled(&combined_parts) });
    }
    CvReport { schemes }
}

impl CvReport {
    /// The sentences the rules with the model got wrong, per scheme (training data only: this
    /// never runs on the held-out probe sets).
    pub fn mistakes(&self) -> String {
        let mut out = String::new();
        for s in &self.schemes {
            out.push_str(&format!("== {}\n", s.name));
            for (_, text, want, got) in &s.combined.mistakes {
                let ids = |v: &Vec<LintKind>| if v.is_empty() { "ok".to_string() } else { v.iter().map(|k| crate::lint::kind_id(*k)).collect::<Vec<_>>().join(",") };
                out.push_str(&format!("{}\t{}\t{}\n", ids(want), ids(got), text));
            }
        }
        out
    }
}

impl std::fmt::Display for CvReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for s in &self.schemes {
            writeln!(f, "== {} ({} sentences)", s.name, s.rules.sentences)?;
            writeln!(f, "{:<18} {:>7}   {:>9} {:>7}   {:>9} {:>7}", "kind", "support", "rules P", "R", "+model P", "R")?;
            for (r, c) in s.rules.kinds.iter().zip(&s.combined.kinds) {
                writeln!(f, "{:<18} {:>7}   {:>9.3} {:>7.3}   {:>9.3} {:>7.3}", crate::lint::kind_id(r.kind), r.support, r.precision, r.recall, c.precision, c.recall)?;
            }
            let mean = |r: &crate::lint::LintReport| {
                let n = r.kinds.len() as f64;
                let p = r.kinds.iter().map(|k| k.precision).sum::<f64>() / n;
                let rc = r.kinds.iter().map(|k| k.recall).sum::<f64>() / n;
                let f1 = r.kinds.iter().map(|k| if k.precision + k.recall > 0.0 { 2.0 * k.precision * k.recall / (k.precision + k.recall) } else { 0.0 }).sum::<f64>() / n;
                (p, rc, f1)
            };
            let (a, b) = (mean(&s.rules), mean(&s.combined));
            writeln!(f, "{:<18} {:>7}   {:>9.3} {:>7.3}   {:>9.3} {:>7.3}   macro F1 {:.3} → {:.3}", "mean", "", a.0, a.1, b.0, b.1, a.2, b.2)?;
        }
        Ok(())
    }
}
