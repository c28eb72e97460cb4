//! The engine: one review in, one [`Annotation`] out. Builds the classifier and the rule book
//! once from the shop's [`Settings`], then annotates any number of reviews.

use crate::adapters::{self, Adapter};
use crate::classify::Classifier;
use crate::linear::{LinearModel, ModelError};
use std::sync::Arc;
use crate::tagger::Tagger;
use crate::compose::ComposeContext;
use crate::dates::{self, china};
use crate::lint::{Audience, LintOptions};
use crate::model::{Annotation, Composed, LintFinding, Platform, Rating, ReviewInput, ScriptLint};
use crate::rules::RuleBook;
use crate::script::SMS_MAX_CHARS;
use crate::settings::{Settings, Ticks};
use crate::window::{self, Timeline};
use crate::{explain, lint, page_clock, priority, script};
use chrono::{DateTime, FixedOffset};
use crate::memo::Memo;

/// Why an engine could not be built from the given settings.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("settings: {0}")]
    Settings(String),
    #[error("rule overrides: {0}")]
    Rules(String),
    #[error("extra keywords: {0}")]
    Keywords(String),
    #[error("site adapters: {0}")]
    Adapters(String),
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// A ready-to-use engine for one shop's settings.
#[derive(Debug, Clone)]
pub struct Engine {
    settings: Settings,
    rules: RuleBook,
    tagger: Tagger,
    adapters: Vec<Adapter>,
    lint_memo: LintMemo,
}

/// The lint of a composed text, by its exact text and options (see [`crate::memo`]).
type LintMemo = Memo<LintKey, Vec<LintFinding>>;

/// How many composed lines and sentences the lint memo holds before it starts again: a page's
/// distinct ones fit in 8,192 (1,000 cards with names: ~3,000 lines, and the sentences of the
/// new ones); a CLI run over the 62k public corpus has ~18,000 lines, and at 4,096 it linted
/// half of them twice (6–8 % of the run).
const LINT_MEMO_LINES: usize = if cfg!(target_arch = "wasm32") { 8192 } else { 32768 };

#[derive(PartialEq, Eq, Hash)]
struct LintKey {
    text: String,
    max_chars: Option<usize>,
    public: bool,
    buyer: Option<String>,
    allow_review_request: bool,
}

impl Engine {
    /// Builds an engine with the default tagger model ([`crate::tagger::default_model`]: the
    /// built-in weights natively, the weights the page loaded in wasm); bad overrides or keywords
    /// are reported, never ignored.
    pub fn new(settings: Settings) -> Result<Engine, ConfigError> {
        Engine::with_model(settings, crate::tagger::default_model()?)
    }

    /// Builds an engine with these tagger weights (`None`: the lexicon rules alone).
    pub fn with_weights(settings: Settings, weights: Option<&[u8]>) -> Result<Engine, ConfigError> {
        let model = weights.map(LinearModel::from_bytes).transpose()?.map(Arc::new);
        Engine::with_model(settings, model)
    }

    fn with_model(settings: Settings, model: Option<Arc<LinearModel>>) -> Result<Engine, ConfigError> {
        settings.check().map_err(ConfigError::Settings)?;
        let rules = RuleBook::builtin().with_overrides(&settings.rule_overrides).map_err(ConfigError::Rules)?;
        let classifier = Classifier::new(&settings.extra_keywords).map_err(ConfigError::Keywords)?;
        let tagger = Tagger::shared(classifier, model);
        let adapters = adapters::merged(&settings.adapters).map_err(ConfigError::Adapters)?;
        Ok(Engine { settings, rules, tagger, adapters, lint_memo: Memo::new(LINT_MEMO_LINES) })
    }

    /// Parses settings JSON and builds an engine.
    pub fn from_settings_json(json: &str) -> Result<Engine, ConfigError> {
        let settings: Settings = serde_json::from_str(json).map_err(|e| ConfigError::Settings(e.to_string()))?;
        Engine::new(settings)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn rules(&self) -> &RuleBook {
        &self.rules
    }

    /// The lexicon and its clause rules.
    pub fn classifier(&self) -> &Classifier {
        self.tagger.rules()
    }

    /// The cause tagger (trained model and rules).
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// Site adapters: the user's from settings first, then the built-ins.
    pub fn adapters(&self) -> &[Adapter] {
        &self.adapters
    }

    /// Annotates one review at `now`. `default_platform` applies when the record names none.
    /// Problems with optional fields become `warnings`; nothing here fails.
    pub fn annotate(&self, input: &ReviewInput, default_platform: Platform, now: DateTime<FixedOffset>) -> Annotation {
        let now = now.with_timezone(&china());
        let mut warnings = Vec::new();

        let platform = match input.platform.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => default_platform,
            Some(p) => p.parse().unwrap_or_else(|e: String| {
                warnings.push(e);
                default_platform
            }),
        };
        let rating = match input.rating.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(r) => r.parse::<Rating>().map_err(|e| warnings.push(e)).ok(),
        };
        let mut parse_date = |field: &str, value: &Option<String>| match value.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => dates::parse_page_time(s, now).map_err(|e| warnings.push(format!("{field}: {e}"))).ok(),
        };
        let reviewed = parse_date("reviewed_at", &input.reviewed_at);
        let appended = parse_date("appended_at", &input.appended_at);
        let timeline = Timeline {
            reviewed_at: reviewed.map(|t| t.earliest),
            reviewed_approximate: reviewed.is_some_and(|t| t.approximate),
            modified: input.modified,
            appended_at: appended.map(|t| t.earliest),
            // A 追评 on the page closes the Taobao/Tmall explanation window even when undated.
            appended: appended.is_some() || input.append_text.as_deref().is_some_and(|s| !s.trim().is_empty()),
            replied: input.replied,
        };

        let causes = self.tagger.tag(&full_text(input), rating);
        let rules = self.rules.get(platform);
        let mut window = window::compute(rules, rating, &timeline, now);
        warnings.extend(window.warning.clone());
        if let Some(days) = input.reply_days_left.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            match page_clock::parse(days) {
                Ok(clock) => warnings.extend(page_clock::reconcile(&mut window, clock, now)),
                Err(e) => warnings.push(e),
            }
        }
        let (priority, reasons) = priority::score(rating, &causes, &window);
        // Mid and bad reviews always; any other review only when it hides a complaint.
        let needs_action = matches!(rating, Some(Rating::Bad | Rating::Neutral)) || !causes.is_empty();

        Annotation { id: input.id.clone(), platform, rating, causes, window, priority, reasons, needs_action, warnings }
    }

    /// The scripts, the public explanation and their lint for a review already annotated, with
    /// only the shop's settings confirming claims.
    pub fn compose(&self, input: &ReviewInput, ann: &Annotation) -> Composed {
        self.compose_with(input, ann, &Ticks::default())
    }

    /// Like [`Engine::compose`], with what the agent ticked for this review (已补发 …): a ticked
    /// claim is said; anything still unconfirmed stays a 【待确认：…】 slot.
    pub fn compose_with(&self, input: &ReviewInput, ann: &Annotation, ticks: &Ticks) -> Composed {
        let text = full_text(input);
        let rules = self.rules.get(ann.platform);
        let confirmed = self.settings.confirmed_claims.union(&ticks.confirmed);
        let buyer = input.buyer.as_deref().filter(|s| !s.trim().is_empty());
        let ctx = ComposeContext {
            platform: ann.platform,
            rating: ann.rating,
            causes: &ann.causes,
            window: &ann.window,
            buyer,
            item: input.item.as_deref().filter(|s| !s.trim().is_empty()),
            shop: input.shop.as_deref().or(self.settings.shop_name.as_deref()).filter(|s| !s.trim().is_empty()),
            agent: self.settings.agent_name.as_deref().filter(|s| !s.trim().is_empty()),
            text: &text,
            solutions: &self.settings.solutions,
            output_script: self.settings.output_script,
            seed: stable_hash(&[&input.id, &text]),
            explain_max_chars: rules.explain_max_chars(),
            confirmed: &confirmed,
            seller_may_ask: rules.seller_may_ask.allowed,
        };
        let script = script::compose(&ctx);
        let explanation = explain::compose(&ctx);
        let public = LintOptions { max_chars: Some(rules.explain_max_chars()), audience: Audience::Public, buyer, allow_review_request: false };
        let to_buyer = |max_chars| LintOptions { max_chars, audience: Audience::Buyer, buyer, allow_review_request: rules.seller_may_ask.allowed };
        let lint = self.lint_composed(&explanation, &public);
        let script_lint = ScriptLint {
            phone: self.lint_quoting(&script.phone, &to_buyer(None), script.quoted.as_deref()),
            chat: self.lint_composed(&script.chat, &to_buyer(None)),
            sms: self.lint_composed(&script.sms, &to_buyer(Some(SMS_MAX_CHARS))),
        };
        Composed { script, explanation, lint, script_lint }
    }

    /// The lint of a composed text, sentence by sentence ([`lint::lint_by_sentence`]), each
    /// through the memo: across a page a script's sentences come back (a cause's steps, the
    /// closing, an explanation's variants) where whole scripts and lines, holding the buyer's
    /// quote and name, do not.
    fn lint_composed(&self, text: &str, opts: &LintOptions) -> Vec<LintFinding> {
        self.lint_quoting(text, opts, None)
    }

    /// [`Engine::lint_composed`] for a script that quotes the buyer's `quoted` words, already
    /// checked on their own: in a line said to the buyer they are linted as a stand-in 「…」, so
    /// the line, the same for every review but for the quotation, is the memo's again (it was a
    /// full lint per review; the whole-corpus output is byte for byte the same, see
    /// `quoted_words_are_linted_once`).
    fn lint_quoting(&self, text: &str, opts: &LintOptions, quoted: Option<&str>) -> Vec<LintFinding> {
        lint::lint_by_line(text, opts, |line, opts| {
            let masked = quoted.filter(|q| !q.is_empty() && opts.audience == Audience::Buyer).and_then(|q| mask_quotation(line, q));
            match masked {
                None => self.lint_sentences(line, opts),
                Some((stand_in, at, len)) => {
                    // Offsets past the stand-in's one char move by the quotation's length.
                    let back = |i: usize| if i > at { i + len - 1 } else { i };
                    let chars: Vec<char> = line.chars().collect();
                    let mut found = self.lint_sentences(&stand_in, opts);
                    for f in &mut found {
                        (f.start, f.end) = (back(f.start), back(f.end).min(chars.len()));
                        f.text = chars.get(f.start..f.end).unwrap_or_default().iter().collect();
                    }
                    found
                }
            }
        })
    }

    /// One line's findings through the memo: a line seen before (most of a template's) is one
    /// lookup; a new one is read sentence by sentence, and its sentences come back where the
    /// line, naming the buyer or the item, does not.
    fn lint_sentences(&self, line: &str, opts: &LintOptions) -> Vec<LintFinding> {
        self.memo_lint(line, opts, |opts| lint::lint_by_sentence(line, opts, |sentence, opts| self.lint_line(sentence, opts)))
    }

    /// One sentence's findings, through the memo.
    fn lint_line(&self, line: &str, opts: &LintOptions) -> Vec<LintFinding> {
        self.memo_lint(line, opts, |opts| lint::lint_with(line, opts))
    }

    /// `text`'s findings from the memo, else from `lint` (keyed on the buyer's nick only where
    /// it matters).
    fn memo_lint(&self, text: &str, opts: &LintOptions, lint: impl FnOnce(&LintOptions) -> Vec<LintFinding>) -> Vec<LintFinding> {
        let opts = opts.for_text(text);
        let key = LintKey {
            text: text.to_string(),
            max_chars: opts.max_chars,
            public: opts.audience == Audience::Public,
            buyer: opts.buyer.map(str::to_string),
            allow_review_request: opts.allow_review_request,
        };
        self.lint_memo.get_or(key, || lint(&opts))
    }
}

/// `line` with the first 「`quoted`」 in it holding a stand-in `…` instead, the char offset of
/// the stand-in and the quotation's length in chars.
fn mask_quotation(line: &str, quoted: &str) -> Option<(String, usize, usize)> {
    // Most lines hold no quotation: a char search, before building a substring searcher.
    line.find('「')?;
    let whole = format!("「{quoted}」");
    let at = line.find(&whole)?;
    let stand_in = format!("{}「…」{}", &line[..at], &line[at + whole.len()..]);
    Some((stand_in, line[..at].chars().count() + 1, quoted.chars().count()))
}

/// The buyer's words: the main text, and the 追评 after a line break when there is one, so
/// evidence offsets past the main text point into the 追评.
pub fn full_text(input: &ReviewInput) -> std::borrow::Cow<'_, str> {
    match input.append_text.as_deref().filter(|s| !s.trim().is_empty()) {
        None => std::borrow::Cow::Borrowed(&input.text),
        Some(extra) => std::borrow::Cow::Owned(format!("{}\n{}", input.text, extra)),
    }
}

/// A stable hash of some strings (FNV-1a, not `DefaultHasher`, whose output may change between
/// Rust releases): the same review always gets the same wording, and a card the same identity.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Findings after, around and before the stand-in land where the full lint puts them.
    #[test]
    fn a_masked_quotation_keeps_every_offset() {
        let engine = Engine::new(Settings::default()).unwrap();
        let opts = LintOptions { audience: Audience::Buyer, ..Default::default() };
        for (line, quoted) in [
            ("您在评价里说「颜色不对」，方便的话加我微信abc12345聊", "颜色不对"),
            ("你是不是有病，您在评价里说「颜色不对，很失望」，真的很抱歉", "颜色不对，很失望"),
            ("您在评价里说「😀颜色」，你是不是有病", "😀颜色"),
        ] {
            let full = lint::lint_with(line, &opts);
            assert!(!full.is_empty(), "{line}: the case needs a finding to move");
            assert_eq!(engine.lint_quoting(line, &opts, Some(quoted)), full, "{line}");
        }
        // Words not quoted as given are linted in full.
        assert_eq!(mask_quotation("他说「好」", "不好"), None);
    }
}
