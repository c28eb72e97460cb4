//! The linter's trained sentence model: one logistic regression per forbidden kind over the
//! character 1–3-grams of a sentence ([`crate::features::grams`] on the normalised text, TF-IDF
//! through [`crate::linear`]).
//!
//! The rules ([`crate::lint`]) stay first: a kind the rules find in a sentence keeps their precise
//! span, unless the model scores the sentence below that kind's keep threshold (the rules' false
//! alarms: 骗子 in a scam warning). The model adds a finding for a kind the rules did not find when
//! the sentence's calibrated probability reaches that kind's threshold; its span is the sentence,
//! trimmed. Both thresholds are chosen per kind on out-of-fold predictions when training. Cues of
//! the rule pass veto the model where it is sure of the meaning: a refusal (本店从不以返现换取评价)
//! vetoes its requests, incentives and off-platform contact, a deference (评价由您决定) its
//! requests, a guard (滚筒, 烟雾报警器, 红包封面) its insults and threats; a request or an incentive
//! needs a review word in the sentence (送您一张优惠券表达歉意 is a solution); text to the buyer alone
//! gets no model `private_data` (their own name is fine there; numbers stay with the rules), and
//! public text gets it only in a sentence with something that could carry it ([`carries`]).
//!
//! Rule features (which roles of the word lists matched, which kinds the rules found) were
//! measured as extra inputs and made cross-validation worse: the rules were tuned on part of the
//! training data, where they look perfect. So the model sees n-grams only, and the rules combine
//! with it at the decision.
//!
//! Training data: labelled sentences (`LABELS<TAB>TEXT`, [`crate::lint::read_labelled`]), each
//! line one unit; `review-triage train-lint` writes `data/linter.bin`, deterministically.

use crate::features::{grams, hash_counts};
use crate::linear::{FileKind, LinearModel, ModelError};
use crate::memo::Memo;
use crate::lint::{read_labelled, Audience, Labelled, LintOptions, Linter, Role, RulePass, FORBIDDEN};
use crate::model::LintKind;
use crate::train::{self, Sample, TrainOptions};

/// The weights that ship (`review-triage train-lint` writes them), natively and in the wasm: at
/// 3,000 n-grams the file is about 47 KB, so the browser's live lint has the model without the
/// extension passing anything. [`crate::lint::Linter::rules_only`] is the linter without it.
pub const BUILTIN_WEIGHTS: Option<&[u8]> = Some(include_bytes!("../../data/linter.bin"));

/// Number of labels: the forbidden kinds, in [`FORBIDDEN`] order.
pub const N_LABELS: usize = FORBIDDEN.len();

/// The linter's weights file (`data/linter.bin`): n-grams only, and per kind its decision and
/// keep thresholds.
pub const LINTER_FILE: FileKind = FileKind { magic: *b"RTLINTM1", what: "linter weights", n_extra: 0, n_labels: N_LABELS, label_params: 2, binary_block: false };

/// The label index of a forbidden kind.
pub fn label_of(k: LintKind) -> Option<usize> {
    FORBIDDEN.iter().position(|&f| f == k)
}

/// How model findings combine with the rules (the default ships; the others are for measuring
/// with `train-lint --cv --veto …`).
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
    /// The model's private data needs a char that can carry it in the sentence ([`carries`]).
    pub carrier_veto: bool,
}

impl Default for Combine {
    fn default() -> Self {
        Combine { refusal_veto: true, guard_veto: true, gate: true, review_veto: true, carrier_veto: true }
    }
}

/// The trained sentence model.
#[derive(Debug, Clone)]
pub struct LintModel {
    pub linear: LinearModel,
    pub combine: Combine,
    /// Probabilities by sentence (its unquoted chars): composed texts repeat their sentences.
    memo: Memo<String, [f32; N_LABELS]>,
}

impl LintModel {
    /// Reads `data/linter.bin`.
    pub fn from_bytes(bytes: &[u8]) -> Result<LintModel, ModelError> {
        Ok(LintModel::new(LinearModel::from_bytes_as(bytes, LINTER_FILE)?, Combine::default()))
    }

    pub fn new(linear: LinearModel, combine: Combine) -> LintModel {
        LintModel { linear, combine, memo: Memo::new(8192) }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.linear.to_bytes()
    }

    /// Kind `t`'s threshold for a finding of the model.
    pub fn threshold(&self, t: usize) -> f32 {
        self.linear.threshold_of(t)
    }

    /// Kind `t`'s threshold below which a rule finding is dropped.
    pub fn keep(&self, t: usize) -> f32 {
        self.linear.tags[t].params.get(1).copied().unwrap_or(0.0)
    }

    /// Calibrated probability of each forbidden kind for the chars `s..e` of a pass, the chars
    /// marked `quoted` left out.
    fn probabilities(&self, pass: &RulePass, quoted: &[bool], s: usize, e: usize) -> [f32; N_LABELS] {
        let chars = unquoted(&pass.c, quoted, s, e);
        self.memo.get_or(chars.iter().collect(), || self.probabilities_of(&gram_counts(&chars)))
    }

    fn probabilities_of(&self, counts: &[(u32, u32)]) -> [f32; N_LABELS] {
        let z = self.linear.scores(&self.linear.vectorize_counts(counts, &[]));
        let mut p = [0f32; N_LABELS];
        for (t, q) in p.iter_mut().enumerate() {
            if self.linear.tags[t].trained {
                *q = self.linear.probability(t, z[t]);
            }
        }
        p
    }

    /// Adds the model's findings to the rules', sentence by sentence (normalised chars), and
    /// drops the rule findings it rejects.
    pub(crate) fn apply(&self, pass: &mut RulePass, opts: &LintOptions) {
        use LintKind as K;
        let idx = |k: LintKind| label_of(k).unwrap_or(0);
        let mut add = Vec::new();
        let all_cues = Cues::per_sentence(pass);
        let quoted = &pass.quoted;
        // Per sentence, the kinds whose rule findings are dropped (a bit per kind).
        let mut drop = vec![0u8; all_cues.len()];
        for (s, e) in units(pass, quoted) {
            let Some((ts, te)) = trim(&pass.c, s, e) else { continue };
            let p = self.probabilities(pass, quoted, s, e);
            // The sentences of this unit (more than one when a quotation spans sentence ends).
            let sids = pass.sent[s] as usize..=pass.sent[e - 1] as usize;
            let merged;
            let cues = if sids.start() == sids.end() {
                &all_cues[*sids.start()]
            } else {
                merged = all_cues[sids.clone()].iter().fold(Cues::NONE, Cues::union);
                &merged
            };
            // The rules' findings are judged on the whole sentence: one inside a quotation is
            // still theirs to keep (quoted contact details are published all the same). Read
            // only when there is a rule finding to judge (a script's quoted line has none, and
            // its quotation makes it a sentence no memo has seen).
            let judged = self.combine.gate && cues.rule_kinds.contains(&true);
            let whole = if judged && quoted.get(s..e).is_some_and(|q| q.contains(&true)) { self.probabilities(pass, &[], s, e) } else { p };
            let mut unit_drop = 0u8;
            let mut kinds = [false; N_LABELS];
            for (t, &kind) in FORBIDDEN.iter().enumerate() {
                if cues.rule_kinds[t] {
                    if self.combine.gate && whole[t] < self.keep(t) {
                        unit_drop |= 1 << t;
                    }
                } else if p[t] >= self.threshold(t) && !self.vetoed(kind, cues, opts, &pass.c[s..e]) {
                    kinds[t] = true;
                }
            }
            // One problem, one kind (as the rules do): an incentive covers the request it pays for,
            // and off-platform contact covers the number given for it.
            let has = |k: LintKind, kinds: &[bool; N_LABELS]| kinds[idx(k)] || cues.rule_kinds[idx(k)];
            if has(K::ReviewIncentive, &kinds) {
                kinds[idx(K::ReviewRequest)] = false;
                unit_drop |= 1 << idx(K::ReviewRequest);
            }
            if has(K::OffPlatform, &kinds) {
                kinds[idx(K::PrivateData)] = false;
            }
            add.extend(FORBIDDEN.iter().enumerate().filter(|&(t, _)| kinds[t]).map(|(_, &k)| (k, ts, te)));
            for sid in sids {
                drop[sid] |= unit_drop;
            }
        }
        let sent = &pass.sent;
        pass.found.retain(|&(k, fs, _)| !matches!(label_of(k), Some(t) if drop[sent[fs] as usize] & (1 << t) != 0));
        pass.found.extend(add);
    }

    fn vetoed(&self, kind: LintKind, cues: &Cues, opts: &LintOptions, sentence: &[char]) -> bool {
        use LintKind as K;
        let c = &self.combine;
        match kind {
            K::ReviewRequest if opts.allow_review_request => true,
            K::PrivateData => opts.audience == Audience::Buyer || (c.carrier_veto && !carries(sentence)),
            K::ReviewRequest | K::ReviewIncentive if c.review_veto && !cues.review => true,
            K::ReviewRequest | K::ReviewIncentive | K::OffPlatform if c.refusal_veto && cues.refuse => true,
            K::ReviewRequest => c.refusal_veto && cues.defer,
            K::Insult | K::Threat => c.guard_veto && cues.guard,
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
    const NONE: Cues = Cues { refuse: false, defer: false, review: false, guard: false, rule_kinds: [false; N_LABELS] };

    /// The cues of every sentence of a pass, by sentence number (one pass over each list).
    fn per_sentence(pass: &RulePass) -> Vec<Cues> {
        let n = pass.c.len();
        let mut out: Vec<Cues> = (0..=pass.sent[n]).map(|_| Cues::NONE).collect();
        for (i, &ch) in pass.c.iter().enumerate() {
            out[pass.sent[i] as usize].review |= ch == '评' || ch == '星';
        }
        for x in &pass.els {
            let c = &mut out[pass.sent[x.s] as usize];
            c.refuse |= x.role == Role::Refuse;
            c.defer |= x.role == Role::Defer;
            c.review |= matches!(x.role, Role::Review(_) | Role::Target | Role::Word(LintKind::ReviewRequest | LintKind::ReviewIncentive));
        }
        for &g in &pass.guards {
            out[pass.sent[g] as usize].guard = true;
        }
        for &(k, fs, _) in &pass.found {
            if let Some(t) = label_of(k) {
                out[pass.sent[fs] as usize].rule_kinds[t] = true;
            }
        }
        out
    }

    /// The cues of the whole text.
    fn whole(pass: &RulePass) -> Cues {
        Cues::per_sentence(pass).iter().fold(Cues::NONE, Cues::union)
    }

    fn union(a: Cues, b: &Cues) -> Cues {
        Cues {
            refuse: a.refuse || b.refuse,
            defer: a.defer || b.defer,
            review: a.review || b.review,
            guard: a.guard || b.guard,
            rule_kinds: std::array::from_fn(|t| a.rule_kinds[t] || b.rule_kinds[t]),
        }
    }
}

/// Whether a sentence has something private data could be written with: digits and letters
/// (numbers, nicks, ids), a surname, an address unit, the quotes and @ around a nick, the * of a
/// masked one, a run of Chinese numerals (幺三八…), or a word that introduces a nick or name
/// (昵称：奶茶不加糖). Without any it holds none, however much its words sound like it
/// (买家没有回复：不再追发消息). Read only when the model would add the kind.
fn carries(sentence: &[char]) -> bool {
    let mut numerals = 0;
    let chars = sentence.iter().any(|&ch| {
        numerals = if "零〇幺一二三四五六七八九".contains(ch) { numerals + 1 } else { 0 };
        numerals >= 4 || ch.is_ascii_alphanumeric() || "@*“”\"「」『』‘’'省市区县镇村路街巷弄号栋幢楼室".contains(ch) || crate::lint::is_surname(ch)
    });
    chars || {
        let text: String = sentence.iter().collect();
        crate::lint::NAME_AND_NICK_WORDS.iter().any(|w| text.contains(w))
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

/// The units the model reads (`quoted` as in [`RulePass`]): the pass's sentences, except that a quotation running over a
/// sentence end (a quoted review's own 。or ！) keeps its sentences together, so that the words
/// around it are read with it (您在评价里说「…！…」，给您添麻烦了).
fn units(pass: &RulePass, quoted: &[bool]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open = false;
    for (s, e) in pass.sentences() {
        match out.last_mut() {
            Some(last) if open => last.1 = e,
            _ => out.push((s, e)),
        }
        open = e < quoted.len() && quoted[e - 1] && (quoted[e] || pass.c[e] == '」');
    }
    out
}

/// The chars of `s..e` outside quotations (all of them when `quoted` is empty).
fn unquoted(c: &[char], quoted: &[bool], s: usize, e: usize) -> Vec<char> {
    (s..e).filter(|&i| !quoted.get(i).copied().unwrap_or(false)).map(|i| c[i]).collect()
}

/// Counts of the n-grams of some normalised chars: (hash, count), sorted by hash.
fn gram_counts(c: &[char]) -> Vec<(u32, u32)> {
    hash_counts(grams(c).iter().map(|g| g.hash).collect())
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
            // Weak regularisation and every n-gram seen once: the sentences are short and the
            // vocabulary is pruned afterwards (cross-validated; see ARCHITECTURE.md).
            train: TrainOptions { c: 100.0, min_df: 1, threshold: 0.5, extra_value: 1.0, calibration_folds: 3, rule_features: false, class_weight_power: 1.0, presence_c: None },
            combine: Combine::default(),
            threshold_folds: 5,
            max_features: 3000,
        }
    }
}

/// An example read once: its n-grams, what the rules found on it, and which kinds the vetoes
/// would keep the model from adding (as public text).
struct Prepared {
    counts: Vec<(u32, u32)>,
    rule: [bool; N_LABELS],
    veto: [bool; N_LABELS],
    labels: Vec<bool>,
}

fn prepare(examples: &[Example], combine: Combine) -> Vec<Prepared> {
    let probe = LintModel::new(LinearModel::new(LINTER_FILE, Vec::new(), Vec::new(), Vec::new(), Vec::new(), 0.5, 1.0, 0.0), combine);
    let opts = LintOptions::default();
    examples
        .iter()
        .map(|x| {
            let pass = RulePass::run(&x.text, &opts);
            let cues = Cues::whole(&pass);
            let veto = std::array::from_fn(|t| probe.vetoed(FORBIDDEN[t], &cues, &opts, &pass.c));
            let labels = FORBIDDEN.iter().map(|k| x.labels.contains(k)).collect();
            let n = pass.c.len();
            Prepared { counts: gram_counts(&unquoted(&pass.c, &pass.quoted, 0, n)), rule: cues.rule_kinds, veto, labels }
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
                Sample { id: &examples[i].id, counts, extra: &[], labels: p.labels.clone() }
            })
            .collect()
    };
    let first = train::train_linear(LINTER_FILE, &samples(None), &opts.train);
    if opts.max_features == 0 || first.vocab_len() <= opts.max_features {
        return first;
    }
    // The n-grams that weigh most for any kind, then a fit on them alone.
    let n = first.n_labels();
    let mut rank: Vec<(f32, u32)> =
        (0..first.vocab_len()).map(|i| ((0..n).map(|t| first.weight(i as u32, t).abs()).fold(0f32, f32::max), first.hashes[i])).collect();
    rank.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut keep: Vec<u32> = rank.iter().take(opts.max_features).map(|r| r.1).collect();
    keep.sort_unstable();
    train::train_linear(LINTER_FILE, &samples(Some(&keep)), &opts.train)
}

/// Thresholds tried per kind for the model's own findings.
const THRESHOLDS: [f32; 17] = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
/// Keep thresholds tried per kind for the rules' findings.
const KEEPS: [f32; 7] = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3];

/// Trains the model on `rows` of `examples`: fits on all of them, then picks each kind's
/// thresholds where rules and model together have the best F1 on out-of-fold predictions.
pub fn train_rows(examples: &[Example], rows: &[usize], opts: &LintTrainOptions) -> LintModel {
    let prepared = prepare(examples, opts.combine);
    train_prepared(examples, &prepared, rows, opts)
}

fn train_prepared(examples: &[Example], prepared: &[Prepared], rows: &[usize], opts: &LintTrainOptions) -> LintModel {
    let mut model = LintModel::new(fit(examples, prepared, rows, opts), opts.combine);
    // Out-of-fold calibrated probabilities of every row.
    let k = opts.threshold_folds.max(2);
    let mut oof: Vec<[f32; N_LABELS]> = vec![[0.0; N_LABELS]; rows.len()];
    for f in 0..k {
        let fold = |j: &usize| train::fold_of(&examples[rows[*j]].id, "lint-threshold", k) == f;
        let inner: Vec<usize> = (0..rows.len()).filter(|j| !fold(j)).map(|j| rows[j]).collect();
        let m = LintModel::new(fit(examples, prepared, &inner, opts), opts.combine);
        for j in (0..rows.len()).filter(fold) {
            oof[j] = m.probabilities_of(&prepared[rows[j]].counts);
        }
    }
    let keeps: &[f32] = if opts.combine.gate { &KEEPS } else { &[0.0] };
    for t in 0..N_LABELS {
        let f1 = |th: f32, kp: f32| {
            let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
            for (j, &i) in rows.iter().enumerate() {
                let p = &prepared[i];
                let got = if p.rule[t] { oof[j][t] >= kp } else { oof[j][t] >= th && !p.veto[t] };
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
        model.linear.tags[t].params = vec![best.0, best.1];
    }
    model
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
    let prepared = prepare(examples, opts.combine);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::quotations;

    #[test]
    fn quotations_are_left_out_open_ones_kept() {
        let s = |t: &str| {
            let c: Vec<char> = t.chars().collect();
            unquoted(&c, &quotations(&c), 0, c.len()).into_iter().collect::<String>()
        };
        assert_eq!(s("您在评价里说「质量太差了根本没法用」，抱歉"), "您在评价里说「」，抱歉");
        assert_eq!(s("把「差评」改一下"), "把「」改一下");
        assert_eq!(s("您说「质量差。要求好评返现才行」。抱歉"), "您说「」。抱歉");
        assert_eq!(s("「您好，麻烦改个好评"), "「您好，麻烦改个好评");
    }
}
