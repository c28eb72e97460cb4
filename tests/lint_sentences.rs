//! The reply linter measured on labelled seller sentences (tests/data/lint_sentences_*.tsv):
//! precision and recall per forbidden category must stay at 0.95 or above. These sets tuned the
//! rules and are also training sentences of the linter's model (`review-triage train-lint`), so
//! their scores are in-sample: a regression check, not a measurement. The measurements are the
//! cross-validation of `train-lint --cv` and the probe sets (tests/data/lint_probe_*.tsv), which
//! were never trained on.

use review_triage::lint::{evaluate, read_labelled, LintReport, FORBIDDEN};

fn report(name: &str, raw: &str) -> LintReport {
    let set = read_labelled(raw).unwrap_or_else(|e| panic!("{name}: {e}"));
    let r = evaluate(&set);
    // The table is the point of this test: `cargo test --test lint_sentences -- --nocapture`.
    println!("{name}\n{r}");
    r
}

fn check(name: &str, r: &LintReport) {
    assert!(r.sentences >= 100, "{name}: only {} sentences", r.sentences);
    for k in &r.kinds {
        assert!(FORBIDDEN.contains(&k.kind));
        assert!(k.support >= 20, "{name}: {:?} has only {} examples", k.kind, k.support);
        assert!(k.precision >= 0.95 && k.recall >= 0.95, "{name}: {:?} precision {:.3} recall {:.3}\n{r}", k.kind, k.precision, k.recall);
    }
}

#[test]
fn dev_set_precision_and_recall_per_category() {
    let r = report("dev", include_str!("data/lint_sentences_dev.tsv"));
    check("dev", &r);
    // Hard negatives are a large share of the set: a linter that flags everything must fail.
    let ok = read_labelled(include_str!("data/lint_sentences_dev.tsv")).unwrap().iter().filter(|s| s.labels.is_empty()).count();
    assert!(ok >= 100, "{ok} ok sentences");
}

/// Parts 2 and 3 were held-out parts, measured once each, then used for tuning.
#[test]
fn dev2_and_dev3_sets_precision_and_recall_per_category() {
    for (name, raw) in [("dev2", include_str!("data/lint_sentences_dev2.tsv")), ("dev3", include_str!("data/lint_sentences_dev3.tsv"))] {
        let r = report(name, raw);
        assert!(r.sentences >= 100);
        for k in &r.kinds {
            assert!(k.support >= 12, "{name}: {:?}", k.kind);
            assert!(k.precision >= 0.95 && k.recall >= 0.95, "{name}: {:?} precision {:.3} recall {:.3}\n{r}", k.kind, k.precision, k.recall);
        }
    }
}

/// The "held-out" part was measured once on the rules alone (precision ≥ 0.909 for every category;
/// recall 1.0 for off_platform, private_data and review_incentive, 0.933 review_request, 0.833
/// insult, 0.75 blame, 0.667 threat) and has since become training data for the sentence model.
#[test]
fn held_out_set_does_not_regress() {
    let r = report("held-out", include_str!("data/lint_sentences_holdout.tsv"));
    assert!(r.sentences >= 100);
    for k in &r.kinds {
        assert!(k.support >= 12, "{:?}", k.kind);
        assert!(k.precision >= 0.9 && k.recall >= 0.65, "held-out: {:?} precision {:.3} recall {:.3}\n{r}", k.kind, k.precision, k.recall);
    }
}

#[test]
fn labels_are_checked() {
    assert!(read_labelled("nonsense\t改一下评价").unwrap_err().contains("unknown label"));
    assert!(read_labelled("ok 没有制表符").unwrap_err().contains("LABELS<TAB>TEXT"));
    let set = read_labelled("# comment\n\nreview_request,threat\t不删评价就曝光你\nok\t谢谢\n").unwrap();
    assert_eq!(set.len(), 2);
    assert_eq!(set[0].labels.len(), 2);
    assert!(set[1].labels.is_empty());
}

/// A quotation of the buyer's review is their words: its requests and threats are not the seller's,
/// but contact details quoted in public text are published all the same.
#[test]
fn quoted_buyer_words_are_not_the_sellers_request() {
    use review_triage::lint::{lint_with, Audience, LintOptions};
    use review_triage::model::LintKind;
    let kinds = |t: &str, audience| lint_with(t, &LintOptions { audience, ..LintOptions::default() }).into_iter().map(|f| f.kind).collect::<Vec<_>>();
    assert!(kinds("您在评价里说「质量一般，给个好评吧，不退款就投诉」，给您添麻烦了，真的很抱歉。", Audience::Buyer).is_empty());
    assert!(kinds("您说「一点好评都不想给」，我们理解。", Audience::Buyer).is_empty());
    // A quoted review with its own sentence ends is still one quotation.
    assert!(kinds("您在评价里说「用了一个星期，屏幕就出现浅黄色的线，我无语啦！ 用了一周…」，商品的质量问题给您添麻烦了，真的很抱歉。", Audience::Buyer).is_empty());
    assert!(kinds("您在评价里说「质量太差！差评！」，给您添麻烦了。麻烦您改个好评吧。", Audience::Buyer).contains(&LintKind::ReviewRequest));
    // Outside the quotation, or with the quotation left open, the words are the seller's.
    assert!(kinds("您在评价里说「质量一般」，麻烦您给个好评吧。", Audience::Buyer).contains(&LintKind::ReviewRequest));
    assert!(kinds("「麻烦您改个好评吧。", Audience::Buyer).contains(&LintKind::ReviewRequest));
    assert!(kinds("买家说「加我微信13812345678」。", Audience::Public).contains(&LintKind::OffPlatform));
    // The buyer's own details said back to them are fine; published, they are private data.
    assert!(kinds("您在评价里说「2015年9月2号下单，13812345678打不通」，抱歉。", Audience::Buyer).is_empty());
    assert!(kinds("买家说「我的电话13812345678打不通」。", Audience::Public).contains(&LintKind::PrivateData));
}

/// The model's private data needs something private data could be written with: a sentence
/// about the buyer with no number, name, nick, address or quote holds none (it blocked the
/// product's own follow-up line before); an unquoted nick after 昵称 is still found.
#[test]
fn private_data_needs_something_to_carry_it() {
    use review_triage::lint::lint;
    use review_triage::model::LintKind;
    for t in ["买家没有回复：不再追发消息", "买家没有回复，不再追发消息"] {
        assert!(lint(t, None).is_empty(), "{t}: {:?}", lint(t, None));
    }
    assert!(lint("回复买家（昵称：奶茶不加糖）：问题已经处理好了", None).iter().any(|f| f.kind == LintKind::PrivateData));
}

/// The probe sets were written apart from the training sentences and never trained on (train-lint
/// skips lint_probe_*); they were measured on the final model (README, "Linter"). Floors well
/// below those numbers: a regression fails here, an improvement is not required.
#[test]
fn probe_sets_do_not_regress() {
    for (name, raw) in [
        ("probe a", include_str!("data/lint_probe_a.tsv")),
        ("probe b", include_str!("data/lint_probe_b.tsv")),
        ("probe c", include_str!("data/lint_probe_c.tsv")),
    ] {
        let r = report(name, raw);
        for k in &r.kinds {
            assert!(k.support >= 13, "{name}: {:?}", k.kind);
            assert!(k.precision >= 0.7 && k.recall >= 0.75, "{name}: {:?} precision {:.3} recall {:.3}\n{r}", k.kind, k.precision, k.recall);
        }
    }
}
