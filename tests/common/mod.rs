//! Shared by the integration tests that read the labelled reviews.

use review_triage::eval::read_gold;

/// The texts of every labelled review in `data/gold` (train, dev, extra labels).
pub fn gold_texts() -> Vec<String> {
    let mut out = Vec::new();
    for f in ["train_gold.jsonl", "dev_gold.jsonl", "extra_labels.jsonl"] {
        let path = format!("{}/data/gold/{f}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        out.extend(read_gold(&text).unwrap_or_else(|e| panic!("{path}: {e}")).into_iter().map(|r| r.text));
    }
    out
}
