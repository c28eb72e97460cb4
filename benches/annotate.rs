//! Throughput of the engine over real labelled reviews (`data/gold`, in the repository): the cause
//! tagger alone (what "classification" means in BENCHMARKS.md), the rules alone, the triage
//! (`Engine::annotate`: tags, windows, priority) and composing (`Engine::compose`: scripts,
//! explanation, lint), plus building an engine and loading the tagger's weights.

use chrono::DateTime;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use review_triage::linear::LinearModel;
use review_triage::{Engine, Platform, ReviewInput, Settings};
use std::hint::black_box;

fn reviews(n: usize) -> Vec<ReviewInput> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gold/train_gold.jsonl");
    let text = std::fs::read_to_string(path).expect("data/gold/train_gold.jsonl");
    review_triage::eval::read_gold(&text)
        .expect("gold parses")
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 5 == 0) // spread over the file's categories
        .take(n)
        .map(|(i, g)| ReviewInput {
            id: g.id,
            text: g.text,
            platform: Some(["taobao", "tmall", "jd", "pinduoduo", "douyin"][i % 5].into()),
            rating: Some(["1", "2", "3", "4"][i % 4].into()),
            reviewed_at: Some(format!("{}天前", i % 40)),
            ..Default::default()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let engine = Engine::new(Settings::default()).unwrap();
    let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
    let batch = reviews(1000);
    let anns: Vec<_> = batch.iter().map(|r| engine.annotate(r, Platform::Unknown, now)).collect();
    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Elements(batch.len() as u64));
    g.bench_function("tag_1000_reviews", |b| {
        b.iter(|| {
            for r in &batch {
                black_box(engine.tagger().tag(&r.text, None));
            }
        })
    });
    g.bench_function("rules_only_1000_reviews", |b| {
        b.iter(|| {
            for r in &batch {
                black_box(engine.classifier().classify(&r.text));
            }
        })
    });
    g.bench_function("annotate_1000_reviews", |b| {
        b.iter(|| {
            for r in &batch {
                black_box(engine.annotate(r, Platform::Unknown, now));
            }
        })
    });
    // Each run on a fresh copy of the engine (an empty lint memo), as a page composes its cards
    // once: the memo then only helps where texts repeat within the 1,000.
    g.bench_function("compose_1000_reviews", |b| {
        b.iter_batched(
            || engine.clone(),
            |engine| {
                for (r, a) in batch.iter().zip(&anns) {
                    black_box(engine.compose(r, a));
                }
                engine
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
    let weights = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/tagger.bin")).unwrap();
    // What the page pays once at start besides the weights: the lexicon's automaton, the
    // platform rules, the adapters (the model is shared, already loaded).
    c.bench_function("engine_new", |b| b.iter(|| black_box(Engine::new(Settings::default()).unwrap())));
    c.bench_function("load_tagger_weights", |b| b.iter(|| black_box(LinearModel::from_bytes(&weights).unwrap())));
}

criterion_group!(benches, bench);
criterion_main!(benches);
