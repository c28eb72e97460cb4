//! Throughput of `Engine::annotate` over real reviews from the shared corpus (negative reviews,
//! the ones the product exists for), and of the classifier alone.

use chrono::DateTime;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use review_triage::{Engine, Platform, ReviewInput, Settings};
use std::hint::black_box;

fn reviews(n: usize) -> Vec<ReviewInput> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/online_shopping_reviews.csv");
    let text = std::fs::read_to_string(path).expect("../shared/data/online_shopping_reviews.csv");
    review_triage::records::read_csv(&text)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|r| r.text.chars().count() > 5)
        .enumerate()
        .filter(|(i, _)| i % 7 == 0) // spread over every category
        .take(n)
        .map(|(i, mut r)| {
            r.id = format!("b{i}");
            r.platform = Some(["taobao", "tmall", "jd", "pinduoduo", "douyin"][i % 5].into());
            r.rating = Some(["1", "2", "3", "4"][i % 4].into());
            r.reviewed_at = Some(format!("{}天前", i % 40));
            r
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let engine = Engine::new(Settings::default()).unwrap();
    let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
    let batch = reviews(1000);
    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Elements(batch.len() as u64));
    g.bench_function("annotate_1000_real_reviews", |b| {
        b.iter(|| {
            for r in &batch {
                black_box(engine.annotate(r, Platform::Unknown, now));
            }
        })
    });
    g.bench_function("classify_1000_real_reviews", |b| {
        b.iter(|| {
            for r in &batch {
                black_box(engine.classifier().classify(&r.text));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
