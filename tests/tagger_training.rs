//! Training is part of the project: the same labelled data gives the same weights, byte for byte,
//! and the weights file reads back into the same model. (`scripts/test.sh` also retrains on all of
//! `data/gold` with the release binary and compares with the shipped `data/tagger.bin`.)

use review_triage::classify::Classifier;
use review_triage::eval::read_gold;
use review_triage::linear::LinearModel;
use review_triage::measure::{train_shipped, Corpus};

fn small_corpus() -> Corpus {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gold/");
    let read = |name: &str, n: usize| {
        let text = std::fs::read_to_string(format!("{dir}{name}")).unwrap();
        let head: String = text.lines().take(n).map(|l| format!("{l}\n")).collect();
        read_gold(&head).unwrap()
    };
    Corpus { train: read("train_gold.jsonl", 400), dev: read("dev_gold.jsonl", 50), extra: read("extra_labels.jsonl", 150) }
}

#[test]
fn same_data_same_bytes() {
    let corpus = small_corpus();
    let rules = Classifier::new(&Default::default()).unwrap();
    let a = train_shipped(&corpus, &rules).to_bytes();
    let b = train_shipped(&corpus, &rules).to_bytes();
    assert_eq!(a, b, "training is not deterministic");
    let back = LinearModel::from_bytes(&a).unwrap();
    assert_eq!(back.to_bytes(), a, "the file format does not round-trip");
}

#[test]
fn damaged_weights_are_refused() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/tagger.bin")).unwrap();
    assert!(LinearModel::from_bytes(&bytes).is_ok());
    assert!(LinearModel::from_bytes(&bytes[..bytes.len() / 2]).is_err(), "truncated");
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 3] ^= 0x40;
    assert!(LinearModel::from_bytes(&flipped).unwrap_err().to_string().contains("checksum"));
    assert!(LinearModel::from_bytes(b"not a model").is_err());
}
