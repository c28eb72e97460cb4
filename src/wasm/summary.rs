//! The page summary for automation agents: one typed struct, written by the in-page annotator and
//! returned by the strict-CSP path alike, published as `<script type="application/json"
//! id="review-triage-summary">`. Its JSON Schema is `schema/summary.schema.json`.

use crate::sorting;
use super::state::{status_zh, FollowUp, Warning};
use crate::model::{Annotation, Composed, LintFinding, ReviewInput, ScriptLint};
use serde::{Deserialize, Serialize};

pub const VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub version: u32,
    /// `extension`, `extension-csp-fallback` or `page` (the demo site's own loader).
    pub annotator: String,
    pub platform: String,
    pub page_kind: String,
    pub adapter: String,
    /// True when no adapter matched the URL and the card shape was guessed.
    pub guessed: bool,
    pub generated_at: String,
    /// Every card is annotated and every row that needs action carries its scripts and
    /// explanation (a review that needs none gets them when its panel is opened).
    pub complete: bool,
    pub count: usize,
    pub needs_action: usize,
    pub stats: Stats,
    /// Problems to fix (storage, settings); empty when none.
    pub errors: Vec<String>,
    /// What the adapter could not read (the page's markup may have changed).
    pub warnings: Vec<Warning>,
    /// Sorted by priority, highest first.
    pub reviews: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Stats {
    pub annotate_ms: f64,
    pub scans: u32,
    pub cards: usize,
    pub composed: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The card's key on the page: `data-rt-hash` of the card.
    pub key: String,
    pub id: String,
    pub platform: String,
    pub rating: Option<String>,
    pub causes: Vec<String>,
    pub owners: Vec<String>,
    pub window_state: String,
    pub window_deadline: Option<String>,
    pub explain_state: String,
    pub explain_by: Option<String>,
    /// When the seller's appeal against an unreasonable review must be filed (JD: 30 days, once);
    /// `null` where the platform has none.
    pub appeal_by: Option<String>,
    /// The page showed a coarse date (`3天前`): every deadline is the earliest it can be.
    pub approximate: bool,
    /// What the page shows contradicts the platform's rules (a "change" Taobao does not allow).
    pub window_warning: Option<String>,
    /// When this row's window state, priority or action changes next (RFC 3339), if ever.
    pub next_change_at: Option<String>,
    pub priority: u8,
    pub needs_action: bool,
    pub reasons: Vec<String>,
    /// What the agent should do now.
    pub action: String,
    /// Where the platform rule behind the countdowns comes from, and how sure it is.
    pub rule_source: String,
    pub unverified: bool,
    /// The agent's follow-up (status, attempts, callback date); private notes stay out of the page.
    pub followup: Option<FollowUpRow>,
    /// `null` until composed (see `complete`); for a review that needs no action, until its
    /// 话术 or 解释 panel is opened.
    pub script: Option<ScriptRow>,
    pub explanation: Option<String>,
    pub lint: Option<Vec<LintFinding>>,
    /// Linter findings on the phone script, the chat and the SMS (`null` until composed).
    pub script_lint: Option<ScriptLint>,
    pub text_excerpt: String,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScriptRow {
    pub phone: String,
    pub chat: String,
    pub sms: String,
    pub checklist: Vec<String>,
    pub follow_up: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpRow {
    pub status: String,
    pub status_zh: String,
    pub attempts: u32,
    pub callback: String,
    pub updated: String,
}

pub fn row(key: &str, record: &ReviewInput, ann: &Annotation, composed: Option<&Composed>, fu: Option<&FollowUp>, next_change_at: Option<String>) -> Row {
    let w = &ann.window;
    Row {
        key: key.to_string(),
        id: ann.id.clone(),
        platform: ann.platform.id().to_string(),
        rating: ann.rating.map(|r| r.id().to_string()),
        causes: ann.causes.iter().map(|c| c.tag.id().to_string()).collect(),
        owners: ann.causes.iter().map(|c| c.owner.id().to_string()).collect(),
        window_state: w.state.id().to_string(),
        window_deadline: w.deadline.clone(),
        explain_state: explain_state_id(w.explain_state).to_string(),
        explain_by: w.explain_by.clone(),
        appeal_by: w.appeal_by.clone(),
        approximate: w.approximate,
        window_warning: w.warning.clone(),
        next_change_at,
        priority: ann.priority,
        needs_action: ann.needs_action,
        reasons: ann.reasons.clone(),
        action: w.action.clone(),
        rule_source: w.rule_note.clone(),
        unverified: w.unverified,
        followup: fu.filter(|f| !f.no_contact()).map(|f| FollowUpRow {
            status: f.status.clone(),
            status_zh: status_zh(&f.status).to_string(),
            attempts: f.attempts,
            callback: f.callback.clone(),
            updated: f.updated.clone(),
        }),
        script: composed.map(|c| ScriptRow {
            phone: c.script.phone.clone(),
            chat: c.script.chat.clone(),
            sms: c.script.sms.clone(),
            checklist: c.script.checklist.clone(),
            follow_up: c.script.follow_up.clone(),
        }),
        explanation: composed.map(|c| c.explanation.clone()),
        lint: composed.map(|c| c.lint.clone()),
        script_lint: composed.map(|c| c.script_lint.clone()),
        text_excerpt: record.text.chars().take(60).collect(),
        warnings: ann.warnings.clone(),
    }
}

/// The `explain_state` id as the engine serialises it.
pub fn explain_state_id(s: crate::model::ExplainState) -> &'static str {
    use crate::model::ExplainState::*;
    match s {
        NotYet => "not_yet",
        Open => "open",
        Closing => "closing",
        Closed => "closed",
        Replied => "replied",
        Unknown => "unknown",
    }
}

impl Row {
    /// The row's JSON, `<` escaped like [`Summary::to_json`].
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default().replace('<', "\\u003c")
    }
}

impl Summary {
    /// Sorts the rows by priority and fills the counts.
    pub fn finish(&mut self) {
        sorting::sort_by(&mut self.reviews, |a, b| b.priority.cmp(&a.priority));
        self.count = self.reviews.len();
        self.needs_action = self.reviews.iter().filter(|r| r.needs_action).count();
        self.stats.cards = self.count;
        self.stats.composed = self.reviews.iter().filter(|r| r.script.is_some()).count();
    }

    /// The JSON of a summary whose `reviews` are given as JSON texts already (each row is
    /// serialised once and cached until its card changes; a page of thousands of cards is not
    /// re-serialised on every publish). `self.reviews` must be empty; counts are taken as set.
    pub fn to_json_with_rows(&self, rows: &[&str]) -> String {
        let head = self.to_json();
        let Some(open) = head.strip_suffix("[]}") else { return head };
        let mut out = String::with_capacity(open.len() + rows.iter().map(|r| r.len() + 1).sum::<usize>() + 2);
        out.push_str(open);
        out.push('[');
        for (i, r) in rows.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(r);
        }
        out.push_str("]}");
        out
    }

    /// JSON safe inside a `<script>` element: every `<` is `\u003c` (only strings hold one), so
    /// a review containing `</script>` cannot end the element.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default().replace('<', "\\u003c")
    }
}
