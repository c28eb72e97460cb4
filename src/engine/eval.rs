//! Measuring the classifier against labelled reviews: per-tag precision, recall and F1, micro and
//! macro F1, and the most common confusions.

use crate::classify::Classifier;
use crate::model::Cause;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Tags with fewer gold examples than this are left out of macro-F1 (too few to measure).
pub const MACRO_MIN_SUPPORT: usize = 3;

/// One labelled review.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldRecord {
    pub id: String,
    pub text: String,
    pub tags: Vec<Cause>,
    /// The corpus label (1 positive, 0 negative) read as a rating: the page shows one too.
    pub rating: Option<crate::model::Rating>,
}

/// Why the gold file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct EvalError {
    pub line: usize,
    pub message: String,
}

#[derive(Deserialize)]
struct GoldLine {
    #[serde(default)]
    id: Option<String>,
    text: String,
    tags: Vec<String>,
    #[serde(default)]
    label: Option<i64>,
}

/// Reads gold JSON lines (`{"id", "text", "tags": [...]}`); the first bad line is reported with
/// its number, since a measurement on partly-read gold would mislead.
pub fn read_gold(jsonl: &str) -> Result<Vec<GoldRecord>, EvalError> {
    let mut out = Vec::new();
    for (i, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| EvalError { line: i + 1, message };
        let g: GoldLine = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        let tags = g.tags.iter().map(|t| t.parse::<Cause>()).collect::<Result<Vec<_>, _>>().map_err(err)?;
        let rating = match g.label {
            Some(1) => Some(crate::model::Rating::Good),
            Some(0) => Some(crate::model::Rating::Bad),
            _ => None,
        };
        out.push(GoldRecord { id: g.id.unwrap_or_else(|| format!("line-{}", i + 1)), text: g.text, tags, rating });
    }
    Ok(out)
}

/// Scores of one tag.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TagScore {
    pub support: usize,
    pub predicted: usize,
    pub true_positives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// A frequent disagreement: `gold` missed while `predicted` was said instead (`None` = nothing).
#[derive(Debug, Clone, Serialize)]
pub struct Confusion {
    pub gold: Option<Cause>,
    pub predicted: Option<Cause>,
    pub count: usize,
}

/// The measurement.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub reviews: usize,
    pub micro_precision: f64,
    pub micro_recall: f64,
    pub micro_f1: f64,
    /// Mean F1 over tags with at least [`MACRO_MIN_SUPPORT`] gold examples.
    pub macro_f1: f64,
    pub per_tag: BTreeMap<Cause, TagScore>,
    pub confusions: Vec<Confusion>,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Classifies every gold review with the rules alone and compares.
pub fn evaluate(classifier: &Classifier, gold: &[GoldRecord]) -> EvalReport {
    let preds: Vec<Vec<Cause>> = gold.iter().map(|g| classifier.classify(&g.text).into_iter().map(|h| h.tag).collect()).collect();
    score(gold, &preds)
}

/// Compares predictions (one list per gold review, same order) with the gold tags.
pub fn score(gold: &[GoldRecord], preds: &[Vec<Cause>]) -> EvalReport {
    let mut per_tag: BTreeMap<Cause, TagScore> = Cause::ALL.iter().map(|c| (*c, TagScore::default())).collect();
    let mut confusions: BTreeMap<(Option<Cause>, Option<Cause>), usize> = BTreeMap::new();
    for (g, pred) in gold.iter().zip(preds) {
        for t in &g.tags {
            per_tag.get_mut(t).unwrap().support += 1;
        }
        for t in pred {
            let s = per_tag.get_mut(t).unwrap();
            s.predicted += 1;
            if g.tags.contains(t) {
                s.true_positives += 1;
            }
        }
        let missed: Vec<Cause> = g.tags.iter().filter(|t| !pred.contains(t)).copied().collect();
        let spurious: Vec<Cause> = pred.iter().filter(|t| !g.tags.contains(t)).copied().collect();
        match (missed.is_empty(), spurious.is_empty()) {
            (true, true) => {}
            (false, true) => missed.iter().for_each(|m| *confusions.entry((Some(*m), None)).or_default() += 1),
            (true, false) => spurious.iter().for_each(|s| *confusions.entry((None, Some(*s))).or_default() += 1),
            (false, false) => {
                for m in &missed {
                    for s in &spurious {
                        *confusions.entry((Some(*m), Some(*s))).or_default() += 1;
                    }
                }
            }
        }
    }
    let (mut tp, mut pr, mut sup) = (0, 0, 0);
    let mut macro_sum = 0.0;
    let mut macro_n = 0;
    for s in per_tag.values_mut() {
        s.precision = ratio(s.true_positives, s.predicted);
        s.recall = ratio(s.true_positives, s.support);
        s.f1 = f1(s.precision, s.recall);
        tp += s.true_positives;
        pr += s.predicted;
        sup += s.support;
        if s.support >= MACRO_MIN_SUPPORT {
            macro_sum += s.f1;
            macro_n += 1;
        }
    }
    let (mp, mr) = (ratio(tp, pr), ratio(tp, sup));
    let mut confusions: Vec<Confusion> =
        confusions.into_iter().map(|((gold, predicted), count)| Confusion { gold, predicted, count }).collect();
    confusions.sort_by(|a, b| b.count.cmp(&a.count));
    confusions.truncate(12);
    EvalReport {
        reviews: gold.len(),
        micro_precision: mp,
        micro_recall: mr,
        micro_f1: f1(mp, mr),
        macro_f1: if macro_n == 0 { 0.0 } else { macro_sum / macro_n as f64 },
        per_tag,
        confusions,
    }
}

impl EvalReport {
    /// The per-tag table and the totals, without the confusions.
    pub fn write_scores(&self, f: &mut impl fmt::Write) -> fmt::Result {
        writeln!(f, "{:<18} {:>7} {:>7} {:>9} {:>7} {:>7}", "tag", "support", "pred", "precision", "recall", "F1")?;
        for (tag, s) in &self.per_tag {
            if s.support == 0 && s.predicted == 0 {
                continue;
            }
            let mark = if s.support >= MACRO_MIN_SUPPORT { "" } else { " (not in macro)" };
            writeln!(
                f,
                "{:<18} {:>7} {:>7} {:>9.3} {:>7.3} {:>7.3}{mark}",
                tag.id(),
                s.support,
                s.predicted,
                s.precision,
                s.recall,
                s.f1
            )?;
        }
        writeln!(f, "\nreviews: {}", self.reviews)?;
        writeln!(f, "micro precision: {:.3}  micro recall: {:.3}", self.micro_precision, self.micro_recall)?;
        writeln!(f, "micro-F1: {:.3}", self.micro_f1)?;
        writeln!(f, "macro-F1: {:.3} (tags with >= {MACRO_MIN_SUPPORT} examples)", self.macro_f1)
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_scores(f)?;
        writeln!(f, "\nmost common confusions (gold -> predicted):")?;
        let name = |c: &Option<Cause>| c.map_or("(none)", |c| c.id());
        for c in &self.confusions {
            writeln!(f, "  {:>3}  {} -> {}", c.count, name(&c.gold), name(&c.predicted))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_tiny_gold_set() {
        let gold = read_gold(
            "{\"id\":\"1\",\"text\":\"色差很大\",\"tags\":[\"color_mismatch\"]}\n{\"id\":\"2\",\"text\":\"很好\",\"tags\":[]}\n{\"id\":\"3\",\"text\":\"物流太慢\",\"tags\":[\"quality\"]}\n",
        )
        .unwrap();
        let c = Classifier::new(&Default::default()).unwrap();
        let r = evaluate(&c, &gold);
        assert_eq!(r.reviews, 3);
        assert_eq!(r.per_tag[&Cause::ColorMismatch].true_positives, 1);
        assert!((r.micro_precision - 0.5).abs() < 1e-9);
        assert!((r.micro_recall - 0.5).abs() < 1e-9);
        assert_eq!(r.confusions[0].count, 1);
        assert!(r.to_string().contains("micro-F1: 0.500"));
    }

    #[test]
    fn bad_gold_lines_are_reported() {
        assert_eq!(read_gold("{\"text\":\"x\",\"tags\":[]}\nnope").unwrap_err().line, 2);
        assert!(read_gold("{\"text\":\"x\",\"tags\":[\"made_up\"]}").unwrap_err().message.contains("made_up"));
    }
}
